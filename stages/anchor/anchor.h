// SPDX-License-Identifier: Apache-2.0
// anchor: gives each event mention its date and joins mentions of one event.
//
// Reads mentions, timexes, sentences and the DCT; sets Mention::date (the
// timex that governs the trigger: same clause first, then the sentence, then
// a date the article gave the same event earlier; a named summit's calendar
// date; else the publication date in a reporting frame, with lower
// confidence), Mention::date_reason, and Mention::group so that the
// headline, the lead and "the call" later in the text become one event.
// A meeting, summit or visit that none of its mentions places takes the
// place of the summit the article names when dated during it, else of the
// article's dateline ("HIROSHIMA, Japan — ...") when dated in its days,
// unless its sentence names another place (Mention::location, with a note;
// anchor/data/dateline.tsv).
// Thread-safety: immutable after Load(); Run() may be called concurrently.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::anchor {

// How anchor_cues.tsv is matched. kSets: the cues of each kind in one
// RE2::Set, so that "does any cue of this kind match here" is one DFA pass
// (one anchored union when the kind's cues are all anchored alike:
// detail::AnchoredUnion); the clause breaks that are single punctuation
// bytes found with a byte table (detail::PunctuationBytes), the others with
// one alternation when they cannot overlap (detail::ReadAlphabet), else
// looked for only when the Set says they occur; a kind whose few short cues
// each need a literal ("had", "again") is first asked of its LiteralGate
// (no RE2 call when the text holds none). kOneByOne: every cue on its own
// (the reference the tests compare kSets with). Same results either way.
enum class CuePath { kSets, kOneByOne };

class Anchorer {
 public:
  // Loads anchor/data/{anchor_cues,numbers,dateline}.tsv and the mentions'
  // type compatibilities, actors and places. Errors name the file, line and rule.
  // `rules` must outlive the Anchorer: it keeps views into their text.
  static Result<Anchorer> Load(const RuleStore& rules, CuePath path = CuePath::kSets);
  void Run(Document& doc) const;

  Anchorer(Anchorer&&) noexcept;
  Anchorer& operator=(Anchorer&&) noexcept;
  ~Anchorer();

 private:
  Anchorer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

namespace detail {

// One pattern that matches a text wherever one of `patterns` matches it,
// when each of them is anchored the same way at the top level: each ends
// with "$" (the union ends with one "$", and RE2 reads it backwards from the
// text's end until no cue can match: "since ... $" looks at the last words
// only) or each begins with "^" (anchor_start: match the union with
// RE2::ANCHOR_START, no pass over the rest of the text). For a yes/no
// question only: the union does not say which pattern matched or where.
// nullopt when a pattern has a top-level "|" or a multi-line flag, or the
// patterns are not all anchored alike. {"a$", "b+$"} -> "(?:(?:a)|(?:b+))$".
struct CueUnion {
  std::string pattern;
  bool anchor_start = false;
};
std::optional<CueUnion> AnchoredUnion(const std::vector<std::string_view>& patterns);

// The bytes a pattern matches when each of its matches is one ASCII
// punctuation byte: one such byte ("," or "\;") or a class of them ("[;:]";
// no negation, range or escape). Such a pattern matches at every occurrence
// of those bytes whatever the bytes around them and the case folding (no
// letters). nullopt for any other pattern ("\s", "[a-z]", ",+").
std::optional<std::array<bool, 256>> PunctuationBytes(std::string_view pattern);

// The code points a pattern's matches can consume (a superset: "\S", "."
// and negated classes are every code point; with case folding, a letter's
// other cases, "k"'s Kelvin sign, and any code point for a non-ASCII letter)
// and whether it can match the empty string. Two cues whose code points are
// disjoint and that match no empty string never match overlapping spans:
// their matches, found one cue at a time, are those of one alternation of
// them, found left to right. nullopt for what this does not read (\p{L},
// \x{..}, \Q..\E, [[:alpha:]], a multi-line flag).
struct CueAlphabet {
  std::vector<std::pair<char32_t, char32_t>> code_points;  // ranges, may overlap
  bool nullable = true;
};
std::optional<CueAlphabet> ReadAlphabet(std::string_view pattern, bool case_insensitive);
bool Disjoint(const CueAlphabet& a, const CueAlphabet& b);

}  // namespace detail

}  // namespace timeline::anchor
