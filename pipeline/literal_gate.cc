// SPDX-License-Identifier: Apache-2.0
// LiteralGate: FilteredRE2's atoms looked for with memchr; see literal_gate.h.
#include "pipeline/literal_gate.h"

#include <re2/filtered_re2.h>

#include <cstring>

#include "pipeline/rule_store.h"

namespace timeline {

namespace {

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// The bytes of English text from the most to the least frequent (a guess
// that only decides which byte of a literal memchr looks for: never what
// matches).
constexpr std::string_view kCommonBytes = " etaoinshrdlcumwfgypbvkjxqz";

size_t RarestByte(std::string_view s) {
  size_t best = 0, best_rank = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t r = kCommonBytes.find(s[i]);
    r = r == std::string_view::npos ? kCommonBytes.size() : r;
    if (r > best_rank) best = i, best_rank = r;
  }
  return best;
}

}  // namespace

// ASCII lower-casing does not map these, so a text that holds one may match
// a (?i) pattern whose literal it does not show.
bool HoldsAsciiFold(std::string_view text) {
  return text.find("\xE2\x84\xAA") != std::string_view::npos ||
         text.find("\xC5\xBF") != std::string_view::npos;
}

std::optional<LiteralGate> LiteralGate::Of(const std::vector<std::string>& patterns,
                                           const RE2::Options& options, int min_atom,
                                           size_t max_needles) {
  if (patterns.empty()) return std::nullopt;
  LiteralGate gate;
  for (const std::string& pattern : patterns) {
    // One FilteredRE2 per pattern: "no atoms" then means that pattern may
    // match any text. The relaxed pattern matches wherever the pattern
    // does, so what it needs the pattern needs too; FilteredRE2 reads
    // ".{0,200}" as 200 nested options (milliseconds) and ".*" at once.
    re2::FilteredRE2 filter(min_atom);
    int id = 0;
    if (filter.Add(RelaxRepeats(pattern), options, &id) != RE2::NoError) return std::nullopt;
    std::vector<std::string> atoms;
    filter.Compile(&atoms);
    if (atoms.empty()) return std::nullopt;
    // Every match's lower-cased text holds one of the atoms, whatever AND/OR
    // of them the pattern needs; an atom that holds another ("we use
    // cookies", "cookies") adds nothing to "holds one of them".
    for (const std::string& a : atoms) {
      if (a.empty()) return std::nullopt;
      for (char c : a) {
        if (static_cast<unsigned char>(c) >= 0x80 || (c >= 'A' && c <= 'Z')) return std::nullopt;
      }
      bool covered = false;
      for (const std::string& b : atoms) covered = covered || (b != a && a.find(b) != std::string::npos);
      for (const Needle& n : gate.needles_) covered = covered || n.text == a;
      if (covered) continue;
      gate.folds_ = gate.folds_ || a.find_first_of("ks") != std::string::npos;
      gate.needles_.push_back(Needle{a, RarestByte(a)});
      if (gate.needles_.size() > max_needles) return std::nullopt;
    }
  }
  return gate;
}

bool LiteralGate::MayMatch(std::string_view text) const {
  FirstBytes first(text);
  return HoldsLiteral(first) || (folds_ && HoldsAsciiFold(text));
}

bool LiteralGate::HoldsLiteral(FirstBytes& first) const {
  const std::string_view text = first.text();
  for (const Needle& n : needles_) {
    const size_t size = n.text.size();
    if (text.size() < size) continue;
    const char a = n.text[n.anchor];
    const char cases[2] = {a, a >= 'a' && a <= 'z' ? char(a - 'a' + 'A') : a};
    for (int k = 0; k < (cases[0] == cases[1] ? 1 : 2); ++k) {
      const char* begin = text.data() + n.anchor;
      const char* end = text.data() + text.size() - (size - n.anchor - 1);
      for (const char* p = first.Find(cases[k]); p && p < end;) {
        if (p >= begin) {
          const char* s = p - n.anchor;
          size_t j = 0;
          while (j < size && LowerAscii(s[j]) == n.text[j]) ++j;
          if (j == size) return true;
        }
        ++p;
        p = static_cast<const char*>(std::memchr(p, cases[k], size_t(end - p)));
      }
    }
  }
  return false;
}

std::vector<std::string> LiteralGate::Literals() const {
  std::vector<std::string> out;
  for (const Needle& n : needles_) out.push_back(n.text);
  return out;
}

}  // namespace timeline
