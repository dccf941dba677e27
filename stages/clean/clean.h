// SPDX-License-Identifier: Apache-2.0
// clean: marks what in a scraped article is not article prose.
//
// Reads Document::article.text; fills Document::boilerplate with byte spans of
// share/comment/app prompts, navigation, bylines, cookie notices, "Source
// Article from URL" footers and header lines such as " date 2021-11-10". The
// text itself is never rewritten: later stages skip boilerplate spans, and
// every offset stays an offset into the original bytes. Header lines that
// carry metadata are recorded in Document::header for the dct stage; the
// rule that marked each span is in Document::boilerplate_rules (same index).
// The patterns are rule data: clean/data/boilerplate.tsv.
// Thread-safety: immutable after Load(); Run() may be called concurrently.
#pragma once

#include <memory>

#include "pipeline/document.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::clean {

class Cleaner {
 public:
  // Errors name the rule file and line: "clean/data/boilerplate.tsv:7: ...".
  static Result<Cleaner> Load(const RuleStore& rules);
  // Appends boilerplate spans and header fields. Never fails on content.
  void Run(Document& doc) const;

  Cleaner(Cleaner&&) noexcept;
  Cleaner& operator=(Cleaner&&) noexcept;
  ~Cleaner();

 private:
  Cleaner();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace timeline::clean
