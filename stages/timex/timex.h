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

class Tagger {
 public:
  // Errors name the file, line and rule: "timex/data/rules/date.tsv:42: date_md: ...".
  static Result<Tagger> Load(const RuleStore& rules);
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
