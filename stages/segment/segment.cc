// SPDX-License-Identifier: Apache-2.0
// segment: paragraphs and sentences in one pass over the bytes; see segment.h.
#include "stages/segment/segment.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace timeline::segment {

namespace {

constexpr std::string_view kAbbreviations = "segment/data/abbreviations.tsv";
constexpr std::string_view kStarters = "segment/data/sentence_starters.tsv";

enum class AbbrevKind : uint8_t { kTitle, kNumber, kAmbiguous };

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Byte length of a closing quote or bracket at s[i] (ASCII or the common
// typographic ones: ” ’ »), else 0.
size_t ClosingAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '"' || c == '\'' || c == ')' || c == ']') return 1;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d == 0x9D || d == 0x99) return 3;  // ” ’
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB) return 2;
  return 0;
}

// Byte length of an opening quote or bracket at s[i] (“ ‘ « or ASCII), else 0.
size_t OpeningAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '"' || c == '\'' || c == '(' || c == '[') return 1;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d == 0x9C || d == 0x98) return 3;  // “ ‘
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xAB) return 2;
  return 0;
}

// What ScanLine must look at in a byte: kPlain bytes only extend the
// current sentence; spaces are skipped; kMaybeTerminal bytes (. ! ? and the
// first byte of …) may end it (TerminalAt decides).
enum ByteClass : uint8_t { kPlain, kSpace, kMaybeTerminal };
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[size_t(c)] = kSpace;
  for (int c : {int('.'), int('!'), int('?'), 0xE2}) t[size_t(c)] = kMaybeTerminal;
  return t;
}();

// Whether one of the eight bytes of v is kMaybeTerminal (bit tricks that are
// exact as a yes/no for the whole word).
bool MayHoldTerminal(uint64_t v) {
  constexpr uint64_t kOnes = ~uint64_t{0} / 255, kHigh = kOnes * 0x80;
  auto any_zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  return (any_zero(v ^ (kOnes * '.')) | any_zero(v ^ (kOnes * '!')) | any_zero(v ^ (kOnes * '?')) |
          any_zero(v ^ (kOnes * 0xE2))) != 0;
}

// Byte length of sentence-final punctuation at s[i]: . ! ? or … (U+2026).
size_t TerminalAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '.' || c == '!' || c == '?') return 1;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0xA6)
    return 3;
  return 0;
}

// True when the character at s[i] is a lower-case letter (ASCII or Latin-1).
bool LowerAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return IsAsciiLower(c);
  if (c == 0xC3 && i + 1 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    return d >= 0x9F && d <= 0xBF && d != 0xB7;
  }
  return false;
}

// True for a letter-dot word such as "U.S." or "J." (single letters, each
// followed by a dot).
bool IsInitials(std::string_view w) {
  if (w.size() < 2 || w.size() % 2 != 0) return false;
  for (size_t i = 0; i < w.size(); i += 2) {
    unsigned char c = static_cast<unsigned char>(w[i]);
    if (!(IsAsciiUpper(c) || IsAsciiLower(c)) || w[i + 1] != '.') return false;
  }
  return IsAsciiUpper(static_cast<unsigned char>(w[0]));
}

// True when s holds a letter or digit: ASCII alphanumerics, or any non-ASCII
// character outside U+0080..U+00BF and the General Punctuation block
// (quotes, dashes, ellipsis), which are not words.
bool HasAlnum(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsDigit(c) || IsAsciiUpper(c) || IsAsciiLower(c)) return true;
    if (c < 0xC0 || c == 0xC2) continue;
    if (c == 0xE2 && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d == 0x80 || d == 0x81) continue;
    }
    return true;
  }
  return false;
}

}  // namespace

struct Segmenter::Impl {
  std::deque<std::string> owned;  // storage the maps' keys point into
  std::unordered_map<std::string_view, AbbrevKind> abbreviations;
  std::unordered_set<std::string_view> starters;
};

Segmenter::Segmenter() : impl_(std::make_unique<Impl>()) {}
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;
Segmenter::~Segmenter() = default;

Result<Segmenter> Segmenter::Load(const RuleStore& rules) {
  Segmenter seg;
  Impl& impl = *seg.impl_;
  auto abbrevs = ReadTsv(rules, kAbbreviations, 2, 3);
  if (!abbrevs.ok()) return abbrevs.error();
  for (const TsvRow& row : *abbrevs) {
    std::string_view word = row[0], kind = row[1];
    AbbrevKind k;
    if (kind == "title") {
      k = AbbrevKind::kTitle;
    } else if (kind == "number") {
      k = AbbrevKind::kNumber;
    } else if (kind == "ambiguous") {
      k = AbbrevKind::kAmbiguous;
    } else {
      return Error(std::string(rules.Origin(kAbbreviations)), row.line,
                   fmt::format("{}: unknown kind \"{}\" (expected title, number or ambiguous)",
                               word, kind));
    }
    if (word.size() < 2 || word.back() != '.' || word.find(' ') != std::string_view::npos) {
      return Error(std::string(rules.Origin(kAbbreviations)), row.line,
                   fmt::format("{}: an abbreviation is one word ending in '.'", word));
    }
    impl.abbreviations[impl.owned.emplace_back(word)] = k;
  }
  auto starters = ReadTsv(rules, kStarters, 1, 2);
  if (!starters.ok()) return starters.error();
  for (const TsvRow& row : *starters) {
    if (row[0].empty()) {
      return Error(std::string(rules.Origin(kStarters)), row.line, "empty word");
    }
    impl.starters.insert(impl.owned.emplace_back(row[0]));
  }
  return seg;
}

namespace {

// The state of one Run(): the text, the merged boilerplate spans and the
// sentence being built.
class Scanner {
 public:
  Scanner(const std::unordered_map<std::string_view, AbbrevKind>& abbreviations,
          const std::unordered_set<std::string_view>& starters, Document& doc)
      : abbreviations_(abbreviations), starters_(starters), doc_(doc), s_(doc.text()) {
    bp_ = doc.boilerplate;
    std::sort(bp_.begin(), bp_.end());
    std::vector<Span> merged;
    for (Span b : bp_) {
      if (b.empty()) continue;
      if (!merged.empty() && b.begin <= merged.back().end) {
        merged.back().end = std::max(merged.back().end, b.end);
      } else {
        merged.push_back(b);
      }
    }
    bp_.swap(merged);
  }

  void Run() {
    const size_t n = s_.size();
    size_t ls = 0;
    size_t line_cursor = 0;  // boilerplate cursor for the blank-line check
    while (ls < n) {
      size_t le = s_.find('\n', ls);
      if (le == std::string_view::npos) le = n;
      if (LineBlank(ls, le, line_cursor)) {
        EndParagraph();
      } else {
        if (!in_para_) StartParagraph();
        ScanLine(ls, le);
      }
      ls = le + 1;
    }
    EndParagraph();
  }

 private:
  // The boilerplate span containing i, or nullptr. Cursor-based: callers ask
  // for non-decreasing i.
  const Span* BpAt(size_t i, size_t& cursor) const {
    while (cursor < bp_.size() && bp_[cursor].end <= i) ++cursor;
    if (cursor < bp_.size() && bp_[cursor].begin <= i) return &bp_[cursor];
    return nullptr;
  }
  // Random-access variant for look-ahead.
  bool InBp(size_t i) const {
    auto it = std::upper_bound(bp_.begin(), bp_.end(), i,
                               [](size_t v, Span b) { return v < b.begin; });
    return it != bp_.begin() && i < std::prev(it)->end;
  }

  bool LineBlank(size_t ls, size_t le, size_t& cursor) const {
    for (size_t i = ls; i < le; ++i) {
      if (const Span* b = BpAt(i, cursor)) {
        i = b->end - 1;
        continue;
      }
      if (!IsSpace(static_cast<unsigned char>(s_[i]))) return false;
    }
    return true;
  }

  void StartParagraph() {
    in_para_ = true;
    para_begin_ = std::numeric_limits<size_t>::max();
    para_end_ = 0;
    doc_.paragraphs.push_back(Span{});
  }

  void EndParagraph() {
    if (!in_para_) return;
    Flush(para_end_);
    in_para_ = false;
    if (para_begin_ < para_end_) {
      doc_.paragraphs.back() = Span{uint32_t(para_begin_), uint32_t(para_end_)};
    } else {
      doc_.paragraphs.pop_back();
    }
  }

  // Ends the current sentence at `end` (exclusive), trimmed; drops it when
  // it holds no letter or digit (a stray quote or period).
  void Flush(size_t end) {
    if (sent_begin_ == kNone) return;
    size_t b = sent_begin_;
    size_t e = std::max(end, b);
    sent_begin_ = kNone;
    while (e > b && IsSpace(static_cast<unsigned char>(s_[e - 1]))) --e;
    if (e <= b || !HasAlnum(s_.substr(b, e - b))) return;
    doc_.sentences.push_back(
        Sentence{Span{uint32_t(b), uint32_t(e)}, uint32_t(doc_.paragraphs.size() - 1)});
  }

  void ScanLine(size_t ls, size_t le) {
    size_t line_content_begin = kNone, line_content_end = 0;
    bool ends_terminal = false;  // the line's last content was final punctuation
    const auto* bytes = reinterpret_cast<const unsigned char*>(s_.data());
    size_t clear = ls;  // no boilerplate in [i, clear): no BpAt needed there
    for (size_t i = ls; i < le;) {
      if (i >= clear) {
        if (const Span* b = BpAt(i, scan_cursor_)) {
          Flush(i);
          i = std::min<size_t>(b->end, le);
          continue;
        }
        // BpAt left the cursor on the first span that ends after i, and
        // that span begins after i: none begins before it.
        clear = scan_cursor_ < bp_.size() ? std::min<size_t>(bp_[scan_cursor_].begin, le) : le;
      }
      unsigned char c = bytes[i];
      if (IsSpace(c)) {
        ++i;
        continue;
      }
      if (sent_begin_ == kNone) sent_begin_ = i;
      if (line_content_begin == kNone) line_content_begin = i;
      para_begin_ = std::min(para_begin_, i);
      size_t t = TerminalAt(s_, i);
      if (t == 0) {
        // A run of bytes that cannot end the sentence: only its last
        // non-space byte matters (the sentence and paragraph starts are set).
        size_t last = i++;
        // Eight bytes at a time while none may end the sentence: such a
        // word's last non-space byte is looked for from its end.
        while (i + 8 <= clear) {
          uint64_t v;
          std::memcpy(&v, bytes + i, 8);
          if (MayHoldTerminal(v)) break;
          for (size_t k = 8; k-- > 0;) {
            if (kByteClass[bytes[i + k]] == kPlain) {
              last = i + k;
              break;
            }
          }
          i += 8;
        }
        for (; i < clear; ++i) {
          const uint8_t k = kByteClass[bytes[i]];
          if (k == kMaybeTerminal) break;
          if (k == kPlain) last = i;
        }
        ends_terminal = false;
        line_content_end = last + 1;
        para_end_ = std::max(para_end_, last + 1);
        continue;
      }
      // A cluster of terminal punctuation and closing quotes/brackets.
      size_t j = i + t;
      while (j < le) {
        size_t k = TerminalAt(s_, j);
        if (k == 0) k = ClosingAt(s_, j);
        if (k == 0) break;
        j += k;
      }
      line_content_end = j;
      ends_terminal = true;
      para_end_ = std::max(para_end_, j);
      if (IsBoundary(i, j, le)) Flush(j);
      i = j;
    }
    // A line break after a headline-like line ends the sentence.
    if (le < s_.size() && sent_begin_ != kNone && line_content_begin != kNone && !ends_terminal &&
        HeadlineBreak(line_content_begin, line_content_end, le + 1)) {
      Flush(line_content_end);
    }
  }

  // The next non-space position after p, or kNone at a paragraph end, a
  // boilerplate span or the end of the text.
  size_t NextContent(size_t p) const {
    size_t newlines = 0;
    for (size_t i = p; i < s_.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s_[i]);
      if (c == '\n') {
        if (++newlines >= 2) return kNone;
        continue;
      }
      if (IsSpace(c)) continue;
      if (InBp(i)) return kNone;
      return i;
    }
    return kNone;
  }

  // The word starting at p (up to the next space).
  std::string_view WordAt(size_t p) const {
    size_t e = p;
    while (e < s_.size() && !IsSpace(static_cast<unsigned char>(s_[e]))) ++e;
    std::string_view w = s_.substr(p, e - p);
    while (!w.empty() && (w.back() == ',' || w.back() == ';' || w.back() == ':')) w.remove_suffix(1);
    return w;
  }

  bool StarterAt(size_t p) const {
    size_t o = OpeningAt(s_, p);
    return starters_.count(WordAt(p + o)) > 0;
  }

  // Is the terminal cluster [i, j) a sentence end?
  bool IsBoundary(size_t i, size_t j, size_t le) const {
    if (j < le && !IsSpace(static_cast<unsigned char>(s_[j]))) return false;  // "U.S.-China", "3.5"
    size_t k = NextContent(j);
    if (k == kNone) return true;
    unsigned char c = static_cast<unsigned char>(s_[k]);
    if (LowerAt(s_, k) || c == ',' || c == ';' || c == ':' || c == ')') return false;
    if (s_[i] != '.' || j != i + 1) return true;
    // The word before the period, without leading quotes or brackets.
    size_t w = i;
    while (w > 0 && !IsSpace(static_cast<unsigned char>(s_[w - 1]))) --w;
    while (w < i) {
      size_t o = OpeningAt(s_, w);
      if (o == 0) break;
      w += o;
    }
    std::string_view word = s_.substr(w, j - w);
    auto it = abbreviations_.find(word);
    if (it != abbreviations_.end()) {
      switch (it->second) {
        case AbbrevKind::kTitle: return false;
        case AbbrevKind::kNumber:
          if (IsDigit(c)) return false;
          return StarterAt(k);
        case AbbrevKind::kAmbiguous: return StarterAt(k);
      }
    }
    if (IsInitials(word)) return StarterAt(k);
    return true;
  }

  // After the line [b, e) (its content, trimmed), does the line break end
  // the sentence? Yes when the line has no final punctuation, looks like a
  // headline (few words, most capitalized) and the next line starts like a
  // sentence.
  bool HeadlineBreak(size_t b, size_t e, size_t next) const {
    if (e <= b) return false;
    unsigned char last = static_cast<unsigned char>(s_[e - 1]);
    if (last == ',' || last == ';' || last == ':' || last == '-' || last == '(') return false;
    size_t k = NextContent(next);
    if (k == kNone) return false;  // the paragraph ends anyway
    if (LowerAt(s_, k)) return false;
    size_t words = 0, caps = 0;
    bool in_word = false;
    for (size_t i = b; i < e; ++i) {
      unsigned char c = static_cast<unsigned char>(s_[i]);
      if (IsSpace(c)) {
        in_word = false;
        continue;
      }
      if (!in_word) {
        ++words;
        if (IsAsciiUpper(c) || IsDigit(c) || (c >= 0x80 && !LowerAt(s_, i))) ++caps;
        in_word = true;
      }
    }
    return words <= 25 && caps * 2 > words;
  }

  static constexpr size_t kNone = std::numeric_limits<size_t>::max();

  const std::unordered_map<std::string_view, AbbrevKind>& abbreviations_;
  const std::unordered_set<std::string_view>& starters_;
  Document& doc_;
  std::string_view s_;
  std::vector<Span> bp_;
  size_t scan_cursor_ = 0;
  bool in_para_ = false;
  size_t para_begin_ = 0, para_end_ = 0;
  size_t sent_begin_ = kNone;
};

}  // namespace

void Segmenter::Run(Document& doc) const {
  doc.paragraphs.clear();
  doc.sentences.clear();
  if (doc.text().size() >= std::numeric_limits<uint32_t>::max()) return;  // Span limit
  Scanner(impl_->abbreviations, impl_->starters, doc).Run();
}

}  // namespace timeline::segment
