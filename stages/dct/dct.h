// SPDX-License-Identifier: Apache-2.0
// dct: finds each article's publication date (document creation time).
//
// Reads the article's metadata, Document::header (from clean) and text;
// sets Document::dct with the date, where it came from and the evidence
// span. Order of trust: input metadata; a header line (" date 2021-11-10");
// a date in the URL path (/2021/09/10/); a dateline ("WASHINGTON, June 16
// (Reuters)") or weekday + month-day pairs in the text ("Tuesday (Nov. 9)":
// Nov 9 fell on a Tuesday in 2021, so the year is 2021); else the --dct
// fallback. Unknown stays unknown (dct.known() == false), never a guess
// without evidence.
// Thread-safety: immutable after Load(); Run() may be called concurrently.
#pragma once

#include <date/date.h>

#include <memory>
#include <optional>

#include "pipeline/document.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::dct {

struct Options {
  std::optional<date::sys_days> fallback{};  // --dct: used when nothing else gives a date
  std::optional<date::sys_days> today{};     // "now" for year inference; default: the clock at Load
  // true: one RE2::Set pass over the top of the text picks the dateline and
  // top rules that may match; false: every rule runs (the reference the
  // tests compare the Set path with). Same results either way.
  bool prefilter = true;
};

class Resolver {
 public:
  // Loads dct/data/{rules,months,weekdays,tense_cues}.tsv. Errors name the
  // file, line and rule: "dct/data/rules.tsv:12: url_ymd: missing ) ...".
  static Result<Resolver> Load(const RuleStore& rules, const Options& options = {});
  // Sets doc.dct (date, source, evidence span, confidence, rule); leaves it
  // unknown when nothing gives a date. Never fails on content; linear in the
  // text (a fixed number of RE2 scans).
  void Run(Document& doc) const;

  Resolver(Resolver&&) noexcept;
  Resolver& operator=(Resolver&&) noexcept;
  ~Resolver();

 private:
  Resolver();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace timeline::dct
