// SPDX-License-Identifier: Apache-2.0
// RuleStore: the stages' rule data, embedded in the binary, overridable.
//
// Every file under stages/NAME/data/ is compiled into the binary and served
// under its path relative to stages/, e.g. "timex/data/lexicon/months.tsv".
// `--rules DIR` overlays a directory with the same layout: a file there
// replaces the built-in file of the same relative path, and new files are
// added. After construction a RuleStore is immutable and safe to share across
// threads. Views it hands out stay valid for its lifetime (also across moves).
// It moves but does not copy: a copy's views would point into the original.
#pragma once

#include <re2/re2.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/result.h"

namespace timeline {

struct EmbeddedFile {
  std::string_view path;
  std::string_view contents;
};

namespace detail {
// Generated into build/gen/embedded_data.cc, sorted by path.
std::span<const EmbeddedFile> EmbeddedFiles();
}  // namespace detail

class RuleStore {
 public:
  RuleStore() = default;
  RuleStore(RuleStore&&) noexcept = default;
  RuleStore& operator=(RuleStore&&) noexcept = default;
  RuleStore(const RuleStore&) = delete;
  RuleStore& operator=(const RuleStore&) = delete;

  // The built-in data only.
  static RuleStore Builtin();
  // The built-in data overlaid with every regular file below dir.
  // Errors: "DIR: not a directory", "PATH: cannot read: reason".
  static Result<RuleStore> WithOverrides(const std::string& dir);
  // An in-memory store for tests: {relative path -> contents}, no built-ins.
  static RuleStore FromMap(const std::map<std::string, std::string>& files);

  // The contents of a file, or "PATH: no such rule file".
  Result<std::string_view> Get(std::string_view path) const;
  bool Has(std::string_view path) const;
  // Paths starting with prefix, sorted.
  std::vector<std::string_view> List(std::string_view prefix = "") const;
  // Where a file came from, for messages: the relative path for built-in
  // files, the file system path for overrides.
  std::string_view Origin(std::string_view path) const;
  // A 64-bit hash of every file's path and contents: changes whenever the
  // rule data does (the store re-extracts all articles when it changes).
  uint64_t Fingerprint() const;

 private:
  struct Entry {
    std::string_view contents;
    std::string_view origin;
  };
  std::map<std::string, Entry, std::less<>> files_;
  std::deque<std::string> owned_;  // storage for overridden contents and origins
};

// One data row of a TSV rule file.
struct TsvRow {
  uint32_t line = 0;                    // 1-based line number in the file
  std::vector<std::string_view> cells;  // views into the RuleStore's contents

  // The i-th cell, or "" when the row is shorter.
  std::string_view operator[](size_t i) const { return i < cells.size() ? cells[i] : ""; }
};

// Reads a rule file as TSV: UTF-8, TAB-separated, '#' starts a comment line,
// blank lines skipped, a trailing '\r' dropped, trailing empty cells kept.
// Rows with fewer than min_cols or more than max_cols cells are an error:
// "timex/data/rules/date.tsv:42: expected 3 to 6 columns, found 2".
Result<std::vector<TsvRow>> ReadTsv(const RuleStore& store, std::string_view path, size_t min_cols,
                                    size_t max_cols);

// The diagnostic for a bad row of a rule file, in the one format every stage
// uses: "clean/data/boilerplate.tsv:7: share_prompt: reason" (the file as
// store.Origin(path), so an override names its own path).
Diagnostic RowError(const RuleStore& store, std::string_view path, const TsvRow& row,
                    std::string_view id, std::string_view reason);

// A pattern that matches at least wherever `pattern` matches, for an
// RE2::Set used as a prefilter (whose hits the rule's own RE2 confirms):
// counted repetitions X{n}, X{n,}, X{n,m} become X*. A `.{0,200}` makes a
// DFA of thousands of states that never gets warm; `.*` makes a few. The
// pattern comes back unchanged when it holds something this rewrite does
// not understand (\Q...\E, [[:class:]]). "\d{4}-\d{2}" -> "\d*-\d*".
std::string RelaxRepeats(std::string_view pattern);

// A pattern that matches wherever `pattern` matches inside a window of a
// text, when run on a wider window of that text that ends where the window
// ends (keep_end) or starts where it starts (keep_begin): the word boundaries
// \b and \B, and the text anchors ^ \A and $ \z unless kept, become "(?:)"
// (always true). With the repeats relaxed too, a prefilter for a rule run
// on its own window. nullopt for what this does not understand (\Q...\E,
// [[:class:]]). "\bto\s+$" -> "(?:)to\s+$" with keep_end.
std::optional<std::string> DropAssertions(std::string_view pattern, bool keep_begin, bool keep_end);

// A pattern that matches wherever `pattern` matches (it may match more),
// for a prefilter Set: a counted repeat of a group that ends the pattern at
// its end anchor ("(?:\w+\s+){0,2}?$") goes, with the anchor. In a Set of
// such rules ("will" and two words, then the window's end) the DFA tracks
// every rule's count of words at once and builds state after state; what is
// left ("\bwill\s+") is a few literals. Unchanged when the pattern does not
// end that way, or holds what SplitPattern does not understand.
// "\bwill\s+(?:\w+\s+){0,2}?$" -> "\bwill\s+".
std::string DropTrailingRepeat(std::string_view pattern);

// Its mirror, for a window that starts where the rule's does: a counted
// repeat of a group after the start anchor (and what stands between them
// when it holds no group or alternation) goes, with the anchor.
// "^\s*(?:\w+\s+){0,2}?(?:will|is\s+to)\s+" -> "(?:will|is\s+to)\s+".
std::string DropLeadingRepeat(std::string_view pattern);

// The pieces of an RE2 pattern that the rewrites above treat as units, in
// order: an escape (with the braces of \x{41}, \p{Lu}, \P{Greek}), a whole
// character class (a ']' right after '[' or '[^' is literal; escapes inside
// are skipped), or one other byte. nullopt for \Q...\E and [[:class:]].
enum class PieceKind { kEscape, kClass, kByte };
struct PatternPiece {
  std::string_view text;
  PieceKind kind;
};
std::optional<std::vector<PatternPiece>> SplitPattern(std::string_view pattern);

// The words as one RE2 alternation of literals, longest first (ties in byte
// order, so a longer surface wins over its prefix and the result does not
// depend on file order), each RE2::QuoteMeta'd, joined by '|', not grouped:
// {"Mr", "Mrs"} -> "Mrs|Mr". Empty for no words.
std::string LiteralAlternation(std::vector<std::string_view> words);

// Compiles one pattern of a rule file. Options should include RE2::Quiet;
// a pattern RE2 rejects is RowError(..., RE2's reason), e.g.
// "mentions/data/triggers.tsv:12: call_x: missing ): (abc". Never returns a
// null or failed RE2. Cost: one RE2 compilation (do it at load time).
Result<std::unique_ptr<RE2>> CompileRule(const RuleStore& store, std::string_view path,
                                         const TsvRow& row, std::string_view id,
                                         std::string_view pattern, const RE2::Options& options);

}  // namespace timeline
