// SPDX-License-Identifier: Apache-2.0
// Gazetteer: loading the knowledge tables and finding their surfaces in text.
#include "stages/mentions/gazetteer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>

namespace timeline::mentions::detail {

namespace {

constexpr std::string_view kActors = "mentions/data/actors.tsv";
constexpr std::string_view kTitles = "mentions/data/office_titles.tsv";
constexpr std::string_view kOffices = "mentions/data/offices.tsv";
constexpr std::string_view kPlaces = "mentions/data/places.tsv";
constexpr std::string_view kSummitNames = "mentions/data/summit_names.tsv";
constexpr std::string_view kSummits = "mentions/data/summits.tsv";

// Cells of a row without a trailing "# comment" cell.
size_t DataCells(const TsvRow& row) {
  size_t n = row.cells.size();
  while (n > 0 && (row.cells[n - 1].empty() || row.cells[n - 1].front() == '#')) --n;
  return n;
}

Diagnostic RowError(const RuleStore& rules, std::string_view path, const TsvRow& row,
                    std::string_view msg) {
  return Error(std::string(rules.Origin(path)), row.line,
               fmt::format("{}: {}", row[0], msg));
}

std::optional<EntryKind> ActorKind(std::string_view k) {
  if (k == "person") return EntryKind::kPerson;
  if (k == "country") return EntryKind::kCountry;
  if (k == "demonym") return EntryKind::kDemonym;
  if (k == "org") return EntryKind::kOrg;
  if (k == "group") return EntryKind::kGroup;
  return std::nullopt;
}

}  // namespace

namespace {

uint32_t KeyBits(uint64_t digest) { return uint32_t(digest >> 48); }

// The index of a word's bit in start_bits_: its first byte and its second
// (0 when it has one byte).
uint32_t StartBits(std::string_view w) {
  const auto* b = reinterpret_cast<const unsigned char*>(w.data());
  return uint32_t(b[0]) | (w.size() >= 2 ? uint32_t(b[1]) << 8 : 0);
}

// How many of the eight bytes at b, from the first, are ASCII letters or
// digits (word bytes whatever follows them), computed on all eight at once:
// the scan's loop to a word's end then steps over most of a word in one go
// and looks byte by byte only at the byte that stops it (and at UTF-8).
uint32_t AsciiWordRun(const unsigned char* b) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  uint64_t x;
  std::memcpy(&x, b, 8);
  if constexpr (std::endian::native != std::endian::little) x = __builtin_bswap64(x);
  // For bytes below 0x80, x + (0x80 - lo) sets a byte's high bit iff it is >= lo,
  // and x + (0x7F - hi) iff it is > hi; no byte carries into the next.
  const uint64_t low7 = x & ~kHigh;
  const uint64_t lower = low7 | (0x20 * kOnes);  // A-Z -> a-z; nothing else lands in a-z
  const uint64_t letter = (lower + (0x80 - 'a') * kOnes) & ~(lower + (0x7F - 'z') * kOnes);
  const uint64_t digit = (low7 + (0x80 - '0') * kOnes) & ~(low7 + (0x7F - '9') * kOnes);
  const uint64_t stop = ~((letter | digit) & ~x) & kHigh;  // not alnum, or >= 0x80
  return stop == 0 ? 8 : uint32_t(std::countr_zero(stop)) / 8;
}

// ASCII bytes: 1 for a word byte (IsWordByte); 2 for the bytes >= 0x80,
// which IsWordAt decides.
constexpr std::array<uint8_t, 256> kWordClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[size_t(c)] = c >= 0x80 ? 2 : IsWordByte(char(c)) ? 1 : 0;
  return t;
}();

}  // namespace

bool IsWordAt(std::string_view text, size_t p) {
  if (!IsWordByte(text[p])) return false;
  auto u = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  // U+2000..U+206F (curly quotes, dashes) are E2 80 xx / E2 81 xx: punctuation.
  if (u(p) == 0xE2) return !(p + 1 < text.size() && (u(p + 1) == 0x80 || u(p + 1) == 0x81));
  if (u(p) >= 0x80 && u(p) < 0xC0) {
    if (p >= 1 && u(p - 1) == 0xE2 && (u(p) == 0x80 || u(p) == 0x81)) return false;
    if (p >= 2 && u(p - 2) == 0xE2 && (u(p - 1) == 0x80 || u(p - 1) == 0x81)) return false;
  }
  return true;
}

uint32_t MatchSurface(std::string_view text, size_t p, std::string_view surface) {
  size_t t = p;
  for (char c : surface) {
    if (t >= text.size()) return 0;
    if (c == '\'' && text.compare(t, 3, "\xE2\x80\x99") == 0) {
      t += 3;  // ’ matches '
      continue;
    }
    if (text[t] != c) return 0;
    ++t;
  }
  return uint32_t(t);
}

std::string_view NextWord(std::string_view s, size_t from, size_t end) {
  end = std::min(end, s.size());
  size_t b = from;
  while (b < end && !IsWordAt(s, b)) ++b;
  size_t e = b;
  while (e < end && IsWordAt(s, e)) ++e;
  return s.substr(b, e - b);
}

void Gazetteer::WordTable::Build(const std::vector<std::pair<std::string_view, uint32_t>>& items) {
  size_t cap = 16;
  while (cap < 2 * items.size()) cap *= 2;
  slots_.assign(cap, Slot{});
  mask_ = cap - 1;
  for (const auto& [word, value] : items) {
    const WordKey key = WordKey::Of(word, word.size());
    size_t i = key.digest & mask_;
    while (!slots_[i].word.empty() && slots_[i].word != word) i = (i + 1) & mask_;
    slots_[i] = Slot{word, value, key.head};
  }
}

std::string_view KeyOf(std::string_view s) {
  size_t b = 0;
  while (b < s.size() && !IsWordByte(s[b])) ++b;
  size_t e = b;
  while (e < s.size() && IsWordByte(s[e])) ++e;
  return s.substr(b, e - b);
}

Result<Gazetteer> Gazetteer::Load(const RuleStore& rules) {
  Gazetteer g;
  auto add = [&](std::string_view path, const TsvRow& row, EntryKind kind,
                 std::string_view canonical, std::string_view country,
                 std::string_view place_kind = {}) -> std::optional<Diagnostic> {
    if (row[0].empty() || KeyOf(row[0]).empty() || canonical.empty())
      return RowError(rules, path, row, "empty surface or target");
    Entry e;
    e.surface = row[0];
    e.kind = kind;
    e.canonical = canonical;
    e.country = country;
    e.place_kind = place_kind;
    e.rule = RuleRef{path, row.line, row[0]};
    g.entries_.push_back(e);
    return std::nullopt;
  };

  auto actors = ReadTsv(rules, kActors, 4, 5);
  if (!actors.ok()) return actors.error();
  for (const TsvRow& row : *actors) {
    auto kind = ActorKind(row[2]);
    if (!kind) return RowError(rules, kActors, row, fmt::format("unknown kind \"{}\"", row[2]));
    if (auto err = add(kActors, row, *kind, row[1], row[3])) return *err;
  }
  auto titles = ReadTsv(rules, kTitles, 2, 3);
  if (!titles.ok()) return titles.error();
  for (const TsvRow& row : *titles) {
    if (auto err = add(kTitles, row, EntryKind::kTitle, row[1], {})) return *err;
  }
  auto places = ReadTsv(rules, kPlaces, 4, 5);
  if (!places.ok()) return places.error();
  for (const TsvRow& row : *places) {
    if (auto err = add(kPlaces, row, EntryKind::kPlace, row[1], row[3], row[2])) return *err;
  }
  auto names = ReadTsv(rules, kSummitNames, 2, 3);
  if (!names.ok()) return names.error();
  for (const TsvRow& row : *names) {
    if (auto err = add(kSummitNames, row, EntryKind::kSummit, row[1], row[1])) return *err;
  }

  auto summits = ReadTsv(rules, kSummits, 7, 8);
  if (!summits.ok()) return summits.error();
  for (const TsvRow& row : *summits) {
    if (DataCells(row) < 7) return RowError(rules, kSummits, row, "expected 7 columns");
    auto start = DateValue::ParseIsoDay(row[2]);
    auto end = DateValue::ParseIsoDay(row[3]);
    if (!start || !end || *end < *start)
      return RowError(rules, kSummits, row, "start/end must be YYYY-MM-DD with start <= end");
    Edition ed{row[0], row[1], row[4], row[5], row[6], *start, *end,
               RuleRef{kSummits, row.line, row[0]}};
    g.editions_.push_back(ed);
    // Editions named by a non-year id ("COP26") are surfaces of their own.
    if (!row[1].empty() && !(row[1][0] >= '0' && row[1][0] <= '9')) {
      TsvRow name;
      name.line = row.line;
      name.cells = {row[1]};
      if (auto err = add(kSummits, name, EntryKind::kSummit, row[1], row[0])) return *err;
    }
  }
  std::stable_sort(g.editions_.begin(), g.editions_.end(),
                   [](const Edition& a, const Edition& b) { return a.start < b.start; });

  auto offices = ReadTsv(rules, kOffices, 3, 5);
  if (!offices.ok()) return offices.error();
  for (const TsvRow& row : *offices) {
    Term t;
    t.office = row[0];
    t.holder = row[1];
    auto from = DateValue::ParseIsoDay(row[2]);
    if (!from) return RowError(rules, kOffices, row, "from must be YYYY-MM-DD");
    t.from = *from;
    std::string_view to = row[3];
    if (to.empty() || to.front() == '#') {
      t.open = true;
    } else {
      auto d = DateValue::ParseIsoDay(to);
      if (!d) return RowError(rules, kOffices, row, "to must be YYYY-MM-DD or empty");
      t.to = *d;
    }
    g.terms_.push_back(t);
  }
  std::stable_sort(g.terms_.begin(), g.terms_.end(), [](const Term& a, const Term& b) {
    return a.office != b.office ? a.office < b.office : a.from < b.from;
  });

  std::stable_sort(g.entries_.begin(), g.entries_.end(), [](const Entry& a, const Entry& b) {
    std::string_view ka = KeyOf(a.surface), kb = KeyOf(b.surface);
    if (ka != kb) return ka < kb;
    if (a.surface.size() != b.surface.size()) return a.surface.size() > b.surface.size();
    return a.surface < b.surface;
  });
  // Groups large enough to be worth a second level ("the": ~600 surfaces).
  constexpr size_t kSplitAbove = 8;
  g.key_bits_.assign(size_t{1} << 10, 0);  // 2^16 bits
  g.start_bits_.assign(size_t{1} << 10, 0);
  g.same_.assign(g.entries_.size(), 1);
  for (const Entry& e : g.entries_) {
    g.surfaces_.push_back(e.surface);
    const std::string_view rest =
        e.surface.substr(std::min(e.surface.size(), KeyOf(e.surface).size()));
    const size_t n = std::min<size_t>(rest.size(), 8);
    Rest r;
    if (KeyOf(e.surface).data() == e.surface.data() && n > 0 &&
        rest.substr(0, n).find('\'') == std::string_view::npos) {
      unsigned char head[8] = {}, mask[8] = {};
      std::memcpy(head, rest.data(), n);
      std::memset(mask, 0xFF, n);
      std::memcpy(&r.head, head, 8);
      std::memcpy(&r.mask, mask, 8);
      r.known = uint32_t(n);
    }
    g.rest_.push_back(r);
  }
  for (size_t i = g.entries_.size(); i-- > 1;) {
    if (g.entries_[i - 1].surface == g.entries_[i].surface) g.same_[i - 1] = g.same_[i] + 1;
  }
  std::vector<std::pair<std::string_view, uint32_t>> keys;
  for (uint32_t i = 0; i < g.entries_.size();) {
    std::string_view k = KeyOf(g.entries_[i].surface);
    uint32_t j = i;
    while (j < g.entries_.size() && KeyOf(g.entries_[j].surface) == k) ++j;
    KeyGroup group;
    group.end = j;
    group.key_size = uint32_t(k.size());
    for (uint32_t x = i; x < j; ++x) {
      // Surfaces are keyed by their first word; only those that start with it
      // can match at a word start.
      std::string_view s = g.entries_[x].surface;
      if (KeyOf(s).data() == s.data()) group.candidates.push_back(x);
    }
    if (group.candidates.size() > kSplitAbove) {
      // A surface matches the text only where the text's second word equals
      // the surface's (the bytes up to it are equal, and ' vs ’ are both
      // separators), so each list keeps entries_ order and loses nothing.
      group.split = true;
      std::unordered_map<std::string_view, uint32_t> index;  // second word -> index into seconds
      std::vector<std::pair<std::string_view, uint32_t>> seconds;
      for (uint32_t x : group.candidates) {
        std::string_view s = g.entries_[x].surface;
        std::string_view second = NextWord(s, k.size(), s.size());
        if (second.empty()) {
          group.no_second.push_back(x);
          for (auto& list : group.seconds) list.push_back(x);
        } else {
          auto [it, added] = index.try_emplace(second, uint32_t(group.seconds.size()));
          if (added) {
            seconds.emplace_back(second, it->second);
            group.seconds.push_back(group.no_second);
          }
          group.seconds[it->second].push_back(x);
        }
      }
      group.by_second.Build(seconds);
    }
    const uint32_t bits = KeyBits(WordKey::Of(k, k.size()).digest);
    g.key_bits_[bits >> 6] |= uint64_t{1} << (bits & 63);
    const uint32_t start = StartBits(k);
    g.start_bits_[start >> 6] |= uint64_t{1} << (start & 63);
    keys.emplace_back(k, uint32_t(g.groups_.size()));
    g.groups_.push_back(std::move(group));
    i = j;
  }
  g.by_key_.Build(keys);
  return g;
}

void Gazetteer::Scan(std::string_view text, Span span, std::vector<Hit>& out,
                     std::vector<Span>* tried, ScanState* state, uint32_t stop) const {
  const uint32_t end = std::min<uint32_t>(span.end, uint32_t(text.size()));
  if (key_bits_.empty()) {  // no surfaces
    if (state) state->pos = std::max(state->pos, end);
    return;
  }
  // IsWordAt, with ASCII bytes (most of the text) decided by a table.
  // (Captures by value: the scan loops keep them in registers.)
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  auto is_word = [bytes, text](uint32_t p) {
    const uint8_t k = kWordClass[bytes[p]];
    return k == 2 ? IsWordAt(text, p) : k != 0;
  };
  const uint32_t begin = span.begin;
  auto word_start = [is_word, begin](uint32_t p) {
    return is_word(p) && (p == begin || !is_word(p - 1));
  };
  // The end of surface s at text[p, end) whose first `from` bytes are known
  // to match, or 0 (MatchSurface, from an offset): an ASCII apostrophe in
  // the surface also matches a right single quotation mark (’).
  auto match_rest = [&](uint32_t t, std::string_view s, size_t from) -> uint32_t {
    for (size_t i = from; i < s.size(); ++i) {
      const char c = s[i];
      if (t >= end) return 0;
      if (text[t] == c) {
        ++t;
        continue;
      }
      if (c == '\'' && end - t >= 3 && text.compare(t, 3, "\xE2\x80\x99") == 0) {
        t += 3;  // ’ matches '
        continue;
      }
      return 0;
    }
    return t;
  };
  // NextWord(text, from, end), with is_word's table.
  auto next_word = [&](uint32_t from) {
    uint32_t b = from;
    while (b < end && !is_word(b)) ++b;
    uint32_t e = b;
    while (e < end && is_word(e)) ++e;
    return text.substr(b, e - b);
  };
  // The longest surface starting at the word start p, or a hit with count
  // 0; *word_end is where p's word ends.
  auto match_at = [&](uint32_t p, uint32_t * word_end) __attribute__((always_inline))->Hit {
    uint32_t w = p;
    for (const uint32_t word_stop = end; w < word_stop;) {
      if (w + 8 <= word_stop) {
        const uint32_t run = AsciiWordRun(bytes + w);
        w += run;
        if (run == 8) continue;
        if (bytes[w] < 0x80) break;  // ASCII, no letter or digit: no word byte
      }
      if (!is_word(w)) break;
      ++w;
    }
    *word_end = w;
    const std::string_view word = text.substr(p, w - p);
    if (word.empty()) return Hit{};
    const uint32_t start = StartBits(word);
    if (!(start_bits_[start >> 6] >> (start & 63) & 1)) return Hit{};
    const WordKey key = WordKey::Of(word, text.size() - p);
    const uint32_t bits = KeyBits(key.digest);
    if (!(key_bits_[bits >> 6] >> (bits & 63) & 1)) return Hit{};
    const uint32_t* gi = by_key_.Find(word, key);
    if (!gi) return Hit{};
    const KeyGroup& group = groups_[*gi];
    const std::vector<uint32_t>* list = &group.candidates;
    if (group.split) {
      const std::string_view second = next_word(w);
      const uint32_t* si =
          second.empty() ? nullptr
                         : group.by_second.Find(second, WordKey::Of(second, text.data() + text.size() - second.data()));
      list = si ? &group.seconds[*si] : &group.no_second;
    }
    // The text's word is the key: each candidate's first key_size bytes match.
    uint64_t next8 = 0;
    const bool have8 = w + 8 <= text.size();
    if (have8) std::memcpy(&next8, bytes + w, 8);
    for (uint32_t i : *list) {
      const Rest& r = rest_[i];
      uint32_t t = w;  // the text at surface byte `from`
      size_t from = group.key_size;
      if (have8 && r.mask != 0) {
        if (((next8 ^ r.head) & r.mask) != 0) continue;  // differs after the key
        if (w + r.known > end) continue;                  // the span ends within them
        t += r.known;
        from += r.known;
      }
      std::string_view s = surfaces_[i];
      uint32_t e = match_rest(t, s, from);
      if (e == 0) continue;
      if (e < end && is_word(e) && IsWordByte(s.back())) continue;
      return Hit{Span{p, e}, i, same_[i]};
    }
    return Hit{};
  };
  uint32_t pos = state ? state->pos : span.begin;
  // is_word(pos - 1), kept as the scan moves so that it classifies each byte
  // about once (at span.begin a word starts whatever precedes it).
  bool after_word = state ? state->after_word : false;
  const uint32_t last = std::min(end, stop);
  while (pos < last) {
    if (!is_word(pos)) {
      after_word = false;
      ++pos;
      continue;
    }
    if (after_word) {
      ++pos;
      continue;
    }
    uint32_t word_end = pos;
    Hit h = match_at(pos, &word_end);
    if (h.count == 0) {
      // word_end is the end or a byte of no word: no word starts there.
      pos = word_end + 1;
      after_word = false;
      continue;
    }
    if (tried) tried->push_back(h.span);
    // Leftmost-longest, except that a longer surface starting inside this
    // one wins ("the UN climate change summit" is the summit, not "the UN").
    bool yield = false;
    for (uint32_t q = pos + 1; q < h.span.end && !yield; ++q) {
      if (!word_start(q)) continue;
      uint32_t unused = q;
      Hit later = match_at(q, &unused);
      if (tried && later.count > 0) tried->push_back(later.span);
      if (later.count > 0 && later.span.end > h.span.end) {
        pos = q;
        yield = true;
      }
    }
    if (yield) {
      after_word = false;  // pos = q, a word start
      continue;
    }
    out.push_back(h);
    pos = h.span.end;
    after_word = is_word(pos - 1);
  }
  if (state) *state = ScanState{pos, after_word};
}

void TextHits::Scan(const Gazetteer& gaz, std::string_view text, uint32_t stop) {
  all_.clear();
  tried_.clear();
  state_ = Gazetteer::ScanState{};
  ScanTo(gaz, text, stop);
}

void TextHits::Complete(const Gazetteer& gaz, std::string_view text) {
  if (!complete_) ScanTo(gaz, text, UINT32_MAX);
}

void TextHits::ScanTo(const Gazetteer& gaz, std::string_view text, uint32_t stop) {
  const uint32_t size = uint32_t(text.size());
  gaz.Scan(text, Span{0, size}, all_, &tried_, &state_, stop);
  complete_ = state_.pos >= size;
  done_ = complete_ ? size : state_.pos;
  std::sort(tried_.begin(), tried_.end(), [](Span a, Span b) { return a.begin < b.begin; });
  reach_.resize(tried_.size());
  uint32_t reach = 0;
  for (size_t i = 0; i < tried_.size(); ++i) reach_[i] = reach = std::max(reach, tried_[i].end);
}

bool TextHits::Crossed(uint32_t pos) const {
  auto it = std::lower_bound(tried_.begin(), tried_.end(), pos,
                             [](Span s, uint32_t p) { return s.begin < p; });
  return it != tried_.begin() && reach_[size_t(it - tried_.begin()) - 1] > pos;
}

void TextHits::Find(const Gazetteer& gaz, std::string_view text, Span span,
                    std::vector<Hit>& out) const {
  const uint32_t b = span.begin, e = span.end;
  // The scans agree when both look at the same words: none runs into or out
  // of the span (Find takes span.begin as a word start and stops words at
  // span.end), no surface tried by the whole scan crosses an end (the span's
  // own scan cannot see it, or it moved the whole scan past span.begin), so
  // the whole scan arrives at span.begin and decides alike up to span.end.
  const bool same = b < e && e <= done_ && e <= text.size() && (b == 0 || !IsWordAt(text, b - 1)) &&
                    (e == text.size() || !IsWordAt(text, e)) && !Crossed(b) && !Crossed(e);
  if (!same) {
    gaz.Find(text, span, out);
    return;
  }
  auto it = std::lower_bound(all_.begin(), all_.end(), b,
                             [](const Hit& h, uint32_t p) { return h.span.begin < p; });
  for (; it != all_.end() && it->span.begin < e; ++it) out.push_back(*it);
}

std::string_view Gazetteer::Holder(std::string_view office, date::sys_days d) const {
  auto it = std::lower_bound(terms_.begin(), terms_.end(), office,
                             [](const Term& t, std::string_view o) { return t.office < o; });
  std::string_view best;
  for (; it != terms_.end() && it->office == office; ++it) {
    // A term's last day is the successor's first: the successor wins that day.
    if (it->from <= d && (it->open || d < it->to)) best = it->holder;
  }
  return best;
}

std::vector<const Edition*> Gazetteer::Editions(std::string_view series) const {
  std::vector<const Edition*> out;
  for (const Edition& e : editions_) {
    if (e.series == series) out.push_back(&e);
  }
  return out;
}

}  // namespace timeline::mentions::detail
