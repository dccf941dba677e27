// SPDX-License-Identifier: Apache-2.0
// mentions: finds event mentions: type, participants, place, status.
//
// Reads sentences, timexes and the DCT; appends Document::mentions. A
// trigger (mentions/data/triggers.tsv: "spoke by phone", "met", "summit",
// "visit to") gives the type; exclusions drop noise ("called on", "a call
// for restraint"). Participants come from the actor gazetteer (aliases,
// titles resolved to office holders on the article's date), then from the
// article's context ("the two leaders"); the place from the place
// gazetteer; the status from cues (planned, cancelled, negated). All lists
// are rule data under mentions/data/.
// Thread-safety: immutable after Load(); Run() may be called concurrently.
#pragma once

#include <memory>

#include "pipeline/document.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::mentions {

class Extractor {
 public:
  static Result<Extractor> Load(const RuleStore& rules);
  void Run(Document& doc) const;

  // False only when no trigger can match anywhere in `text`: Run() on a
  // Document with this text then adds no mention, whatever the other stages
  // found, so a caller that wants only the mentions may skip every stage.
  // One RE2::Set pass over the text (the triggers' patterns with their
  // repeats relaxed and their assertions dropped, so a match inside any
  // sentence is a match in the whole text); true when that Set could not be
  // built. Thread-safe. MayMention("Stocks fell on Monday.") == false.
  bool MayMention(std::string_view text) const;

  // The sentences of doc (ascending indexes) in which a trigger may match:
  // those Run() looks at, and so the only ones whose timexes it reads. The
  // caller may set doc.focus to them before the timex stage (Run() then
  // looks only there; what it finds is the same). Thread-safe.
  std::vector<uint32_t> Focus(const Document& doc) const;
  // doc.focus = Focus(doc), and doc.focus_rows what Run() would otherwise
  // find again in those sentences (the same Set pass decides both).
  void SetFocus(Document& doc) const;

  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;
  ~Extractor();

 private:
  Extractor();
  // Focus; with rows, also each focus sentence's rows for Run().
  std::vector<uint32_t> Focus(const Document& doc, std::vector<std::vector<int>>* rows) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace timeline::mentions
