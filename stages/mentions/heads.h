// SPDX-License-Identifier: Apache-2.0
// Heads: the literal words with which a case-insensitive pattern's matches start.
//
// Internal to stages/mentions (namespace detail). A trigger's RE2 finds its
// matches in a sentence one by one; an unanchored search runs its DFA over
// the rest of the sentence and then backwards to find where the match
// starts. When the pattern begins with literals ("\b(?:met|meets)\s+...",
// "\b(?:tele)?phone\s+call"), a match can start only where the text has one
// of them, and an anchored search there gives what the unanchored search
// would: the leftmost start is the first such place where the pattern
// matches, and the match at a start does not depend on the search.
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace timeline::mentions::detail {

// A literal a match starts with, lowercase ASCII; word_start: the pattern
// asks for \b before it and it starts with a word byte, so it can only start
// where a word does (RE2's ASCII \w).
struct Head {
  std::string text;
  bool word_start = false;
};

struct Heads {
  std::vector<Head> heads;
  // Every head needs a word start (the caller may look only at word starts).
  bool word_starts_only = false;
  // True when one of the heads is at text[s] (ASCII case-insensitively, with
  // its word start). Exact for a case-insensitive pattern when text has no
  // character that HasOtherFolds finds.
  // (Inline: the first byte turns most places away.)
  bool MayStartAt(std::string_view text, size_t s) const {
    if (s >= text.size()) return false;
    const auto u = static_cast<unsigned char>(text[s]);
    return (first_[u >> 6] >> (u & 63) & 1) && HeadAt(text, s);
  }

 private:
  friend std::optional<Heads> HeadsOf(std::string_view pattern);
  bool HeadAt(std::string_view text, size_t s) const;
  std::array<uint64_t, 4> first_{};  // the heads' first bytes, both cases
};

// The heads of a pattern compiled case-insensitively (RE2 syntax): every
// match starts with one of them. nullopt when the pattern does not start
// with literals this understands (plain ASCII characters and escaped
// punctuation, groups and alternations of them, a group made optional by
// '?', a leading \b), or when one path starts with no literal.
// HeadsOf("\\b(?:tele)?phone\\s+call") = {telephone, phone}, both at word starts.
std::optional<Heads> HeadsOf(std::string_view pattern);

// A pattern that matches wherever pattern does, for a prefilter Set: pattern
// up to the first item of its top level that a counted repeat follows
// ("\bnot\s+(?:\w+\s+){0,4}?go" -> "\bnot\s+"): each count is a state of
// the pattern, and a Set's DFA builds states for their combinations. The
// pattern itself when it has none there, starts with one, is an alternation
// or cannot be read.
std::string CutAtCountedRepeat(std::string_view pattern);

// True when text holds a character that RE2 matches case-insensitively with
// an ASCII letter besides its two cases: U+017F (s) or U+212A (k). Heads are
// exact only for texts without them.
bool HasOtherFolds(std::string_view text);

// True for RE2's (ASCII) word bytes: [0-9A-Za-z_].
constexpr bool IsReWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Appends to out the places in text where a word of RE2's word bytes starts.
void ReWordStarts(std::string_view text, std::vector<uint32_t>& out);

// The matches of re in text one after the other, as a loop of unanchored
// searches finds them (each from where the last match ends, one byte on
// after an empty one): calls f() with m[0, n) set to each match's groups.
// With heads (re's HeadsOf, for a text HasOtherFolds rejects), the searches
// are anchored where a head stands; word_starts: ReWordStarts(text), needed
// when heads->word_starts_only (filled on first use when empty).
template <class F>
void EachMatch(const RE2& re, std::string_view text, const Heads* heads,
               std::vector<uint32_t>& word_starts, re2::StringPiece* m, int n, F&& f) {
  // Where the next search starts, after the match in m[0] (found at or after
  // pos); npos when it would not move on.
  auto next = [&](size_t pos) {
    const size_t e = size_t(m[0].data() - text.data()) + std::max<size_t>(m[0].size(), 1);
    return e <= pos ? std::string_view::npos : e;
  };
  size_t pos = 0;
  if (!heads) {
    while (pos <= text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, m, n)) {
      f();
      pos = next(pos);
      if (pos == std::string_view::npos) return;
    }
    return;
  }
  auto at = [&](size_t p) {
    if (p < pos || !heads->MayStartAt(text, p)) return true;
    if (!re.Match(text, p, text.size(), RE2::ANCHOR_START, m, n)) return true;
    f();
    pos = next(pos);
    return pos != std::string_view::npos;
  };
  if (heads->word_starts_only) {
    if (word_starts.empty()) ReWordStarts(text, word_starts);
    for (uint32_t p : word_starts) {
      if (!at(p)) return;
    }
  } else {
    for (size_t p = 0; p < text.size(); ++p) {
      if (!at(p)) return;
    }
  }
}

}  // namespace timeline::mentions::detail
