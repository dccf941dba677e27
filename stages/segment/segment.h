// SPDX-License-Identifier: Apache-2.0
// segment: splits an article into paragraphs and sentences.
//
// Reads the text and Document::boilerplate; fills Document::paragraphs and
// Document::sentences (spans into the text, boilerplate excluded). Sentence
// ends are '.', '!', '?' (and closing quotes/brackets after them) followed by
// space and an upper-case letter, digit or quote, except after known
// abbreviations (segment/data/abbreviations.tsv: "Mr.", "U.S.", "Nov.", "Dr.")
// and initials ("Antony J. Blinken"). A blank line always ends a paragraph.
// Thread-safety: immutable after Load(); Run() may be called concurrently.
#pragma once

#include <memory>

#include "pipeline/document.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::segment {

class Segmenter {
 public:
  static Result<Segmenter> Load(const RuleStore& rules);
  void Run(Document& doc) const;

  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;
  ~Segmenter();

 private:
  Segmenter();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace timeline::segment
