// SPDX-License-Identifier: Apache-2.0
// timex internals: one regex for the union of many, with shared prefixes once.
//
// Not part of the stage's public interface (only timex.h is); shared by
// timex.cc and its unit tests.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace timeline::timex::detail {

// The top-level pieces of an RE2 pattern, in order: each an atom (a literal
// character, an escape, a class, a group, a {fragment} reference) with the
// repetition that follows it. False when the pattern is no plain
// concatenation (a '|' at the top level, a flag setting such as "(?i)",
// unbalanced brackets, an escape the splitter does not know).
bool SplitPieces(std::string_view pattern, std::vector<std::string_view>& pieces);

// One pattern whose language is the union of the patterns': the patterns'
// piece sequences go into a trie, so that a prefix shared by several
// patterns ("\bthe ", "(?:{weekdays})") is written, compiled and tracked by
// the DFA once. Only for regexes where alternation order cannot matter:
// without captures and with leftmost-longest matching (the union of the
// rules, which only finds spans). A pattern SplitPieces rejects stays one
// piece.
std::string FactorAlternatives(std::span<const std::string> patterns);

}  // namespace timeline::timex::detail
