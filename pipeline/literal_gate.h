// SPDX-License-Identifier: Apache-2.0
// A prefilter for RE2 patterns from the literals they need, with no DFA:
// RE2's FilteredRE2 says which literals ("atoms") every match holds one of;
// a text that holds none of them (memchr, ASCII letters without case) is
// matched by none of the patterns. A stage asks it before an RE2 call on a
// short text, where the call's fixed cost (a thousand instructions) is most
// of the cost, or before an RE2::Set pass over a line.
// Thread-safety: immutable after Of(); MayMatch() may be called concurrently.
#pragma once

#include <re2/re2.h>

#include <array>
#include <bitset>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace timeline {

// Where each byte first occurs in one text, looked up (memchr) once per
// byte: the literals of several gates asked of one text share a few bytes.
class FirstBytes {
 public:
  explicit FirstBytes(std::string_view text) : text_(text) {}
  std::string_view text() const { return text_; }
  const char* Find(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!known_.test(u)) {
      known_.set(u);
      at_[u] = static_cast<const char*>(std::memchr(text_.data(), c, text_.size()));
    }
    return at_[u];
  }

 private:
  std::string_view text_;
  std::bitset<256> known_;
  std::array<const char*, 256> at_;
};

class LiteralGate {
 public:
  // The gate of patterns compiled with options (a text may match one of
  // them only when MayMatch says so). nullopt when a pattern needs no
  // literal of min_atom bytes or more that FilteredRE2 finds (it may match
  // any text), when a literal is not ASCII (a non-ASCII letter's other cases
  // are not ASCII's), or when there are more than max_needles literals to
  // look for (more memchr passes than an RE2 call costs).
  static std::optional<LiteralGate> Of(const std::vector<std::string>& patterns,
                                       const RE2::Options& options, int min_atom,
                                       size_t max_needles = SIZE_MAX);
  // false: none of the patterns matches text (nor any part of it).
  bool MayMatch(std::string_view text) const;
  // Whether text holds one of the literals, ASCII letters without case: as
  // MayMatch, less its HoldsAsciiFold(text), for a caller that asks that
  // itself once for several gates.
  bool HoldsLiteral(FirstBytes& text) const;
  // The literals looked for (lower-case), for tests.
  std::vector<std::string> Literals() const;

 private:
  struct Needle {
    std::string text;   // lower-case ASCII
    size_t anchor = 0;  // index into text of the byte memchr looks for
  };
  std::vector<Needle> needles_;
  bool folds_ = false;  // a literal holds 'k' or 's' (see HoldsAsciiFold)
};

// Whether text holds a code point RE2's case folding equates with an ASCII
// letter: the Kelvin sign (k) and the long s. A prefilter that compares
// ASCII letters without case lets such a text through.
bool HoldsAsciiFold(std::string_view text);

}  // namespace timeline
