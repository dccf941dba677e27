// SPDX-License-Identifier: Apache-2.0
// timex: finds temporal expressions and normalizes them against the DCT.
//
// Reads the text, sentences and Document::dct; appends Document::timexes
// (span, TIMEX3 type and value, the day interval it denotes, the rule that
// fired). Covers explicit dates in common formats, months, years, weekdays,
// parts of days, seasons, quarters, decades, relative expressions ("last
// week", "two years ago", "earlier this year"), durations and sets; the
// direction of underspecified dates follows the sentence's tense. All
// patterns and word lists are rule data under timex/data/.
// Thread-safety: immutable after Load(); Run() may be called concurrently.
#pragma once

#include <memory>

#include "pipeline/document.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::timex {

// How Run() finds the expressions; both give the same result (a differential
// test checks it). kOneScan: one scan of the text with the union of all rules,
// then the rules that match each span found. kPerSegment: an RE2::Set per line,
// then every matching rule over the line (the fallback when the union cannot
// be built, e.g. over RE2's memory limits; several times slower).
enum class MatchPath { kOneScan, kPerSegment };

class Tagger {
 public:
  // Errors name the file, line and rule: "timex/data/rules/date.tsv:42: date_md: ...".
  static Result<Tagger> Load(const RuleStore& rules, MatchPath path = MatchPath::kOneScan);
  // Appends doc.timexes in text order, non-overlapping. Never fails on content.
  void Run(Document& doc) const;

  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;
  ~Tagger();

 private:
  Tagger();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace timeline::timex
