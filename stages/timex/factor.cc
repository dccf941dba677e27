// SPDX-License-Identifier: Apache-2.0
// timex: the union of the rules as a trie of their pieces; see factor.h.
#include "stages/timex/factor.h"

#include <deque>
#include <map>

namespace timeline::timex::detail {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The end of the atom starting at p[i] (one past it), or 0 when the splitter
// does not know it.
size_t AtomEnd(std::string_view p, size_t i) {
  const char c = p[i];
  if (c == '\\') {
    // Two-byte escapes only (\b, \d, \s, \., \( ...): \p{..}, \x{..}, \Q..\E
    // and octal or class names are rare enough to leave whole.
    if (i + 1 >= p.size()) return 0;
    const char e = p[i + 1];
    if (e == 'p' || e == 'P' || e == 'x' || e == 'Q' || e == 'E' || e == 'C' || IsDigit(e))
      return 0;
    return i + 2;
  }
  if (c == '[') {
    size_t j = i + 1;
    if (j < p.size() && p[j] == '^') ++j;
    if (j < p.size() && p[j] == ']') ++j;  // "[]...]": a literal ']'
    for (; j < p.size(); ++j) {
      if (p[j] == '\\') {
        ++j;
      } else if (p[j] == '[') {
        return 0;  // "[[:alpha:]]"
      } else if (p[j] == ']') {
        return j + 1;
      }
    }
    return 0;
  }
  if (c == '(') {
    // A flag setting without a group ("(?i)") changes what follows it.
    if (p.substr(i, 2) == "(?") {
      size_t j = i + 2;
      while (j < p.size() && ((p[j] >= 'a' && p[j] <= 'z') || p[j] == '-')) ++j;
      if (j < p.size() && p[j] == ')') return 0;
    }
    int depth = 0;
    for (size_t j = i; j < p.size(); ++j) {
      if (p[j] == '\\') {
        ++j;
      } else if (p[j] == '[') {
        const size_t end = AtomEnd(p, j);
        if (end == 0) return 0;
        j = end - 1;
      } else if (p[j] == '(') {
        ++depth;
      } else if (p[j] == ')' && --depth == 0) {
        return j + 1;
      }
    }
    return 0;
  }
  if (c == '{') {
    // A {fragment} reference (see Expand); any other '{' is left whole.
    if (i + 1 < p.size() && p[i + 1] >= 'a' && p[i + 1] <= 'z') {
      const size_t close = p.find('}', i);
      return close == std::string_view::npos ? 0 : close + 1;
    }
    return 0;
  }
  if (c == ')' || c == '|' || c == '}' || c == '?' || c == '*' || c == '+') return 0;
  if ((unsigned char)c >= 0x80) {  // a UTF-8 sequence is one character
    size_t j = i + 1;
    while (j < p.size() && ((unsigned char)p[j] & 0xC0) == 0x80) ++j;
    return j;
  }
  return i + 1;
}

// The end of the repetition operator at p[i] ({n}, {n,}, {n,m}, ?, *, +, each
// perhaps followed by '?'), or i when there is none.
size_t RepeatEnd(std::string_view p, size_t i) {
  size_t j = i;
  if (j < p.size() && (p[j] == '?' || p[j] == '*' || p[j] == '+')) {
    ++j;
  } else if (j < p.size() && p[j] == '{' && j + 1 < p.size() && IsDigit(p[j + 1])) {
    size_t k = j + 1;
    while (k < p.size() && IsDigit(p[k])) ++k;
    if (k < p.size() && p[k] == ',') {
      ++k;
      while (k < p.size() && IsDigit(p[k])) ++k;
    }
    if (k >= p.size() || p[k] != '}') return i;
    j = k + 1;
  } else {
    return i;
  }
  if (j < p.size() && p[j] == '?') ++j;
  return j;
}

struct Node {
  std::map<std::string_view, size_t> children;  // piece -> node; sorted, so RE2
                                                // can factor literal prefixes further
  bool end = false;                             // a pattern ends here
};

void Emit(const std::vector<Node>& nodes, size_t n, std::string& out) {
  const Node& node = nodes[n];
  if (node.children.empty()) return;
  const bool group = node.children.size() > 1 || node.end;
  if (group) out += "(?:";
  bool first = true;
  for (const auto& [piece, child] : node.children) {
    if (!first) out += '|';
    first = false;
    out += piece;
    Emit(nodes, child, out);
  }
  if (group) out += node.end ? ")?" : ")";
}

}  // namespace

bool SplitPieces(std::string_view p, std::vector<std::string_view>& pieces) {
  pieces.clear();
  for (size_t i = 0; i < p.size();) {
    const size_t atom = AtomEnd(p, i);
    if (atom == 0) return false;
    const size_t end = RepeatEnd(p, atom);
    // "a**" and the like: not something to take apart.
    if (end < p.size() && (p[end] == '?' || p[end] == '*' || p[end] == '+')) return false;
    pieces.push_back(p.substr(i, end - i));
    i = end;
  }
  return true;
}

std::string FactorAlternatives(std::span<const std::string> patterns) {
  std::vector<Node> nodes(1);
  std::vector<std::string_view> pieces;
  std::deque<std::string> whole;  // patterns that stay one piece, as groups
  for (const std::string& p : patterns) {
    if (!SplitPieces(p, pieces)) {
      whole.push_back("(?:" + p + ")");
      pieces.assign(1, whole.back());
    }
    size_t n = 0;
    for (std::string_view piece : pieces) {
      auto it = nodes[n].children.find(piece);
      if (it != nodes[n].children.end()) {
        n = it->second;
        continue;
      }
      const size_t child = nodes.size();
      nodes[n].children.emplace(piece, child);
      nodes.emplace_back();
      n = child;
    }
    nodes[n].end = true;
  }
  std::string out;
  Emit(nodes, 0, out);
  return out;
}

}  // namespace timeline::timex::detail
