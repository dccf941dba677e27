// SPDX-License-Identifier: Apache-2.0
// timex: rule loading (lexicons, fragments, rules) and tagging; see timex.h.
#include "stages/timex/timex.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <span>
#include <string>

#include "stages/timex/factor.h"
#include "stages/timex/resolve.h"

namespace timeline::timex {

using detail::Cap;
using detail::kCapCount;

namespace {

constexpr std::string_view kLexiconDir = "timex/data/lexicon/";
constexpr std::string_view kRulesDir = "timex/data/rules/";
constexpr std::string_view kPatternsFile = "timex/data/patterns.tsv";
constexpr std::string_view kTenseFile = "timex/data/tense.tsv";
constexpr std::string_view kRangesFile = "timex/data/ranges.tsv";
constexpr size_t kMaxGroups = 24;
// Tense cues farther than this (bytes) from an expression say nothing about it.
// A cue that is not adjacent only decides dates far from the DCT (see resolve.cc).
constexpr long kMaxCueDistance = 160;
// A cue this close (bytes) is taken to govern the expression ("met on Dec. 10").
constexpr long kNearCueDistance = 12;
// A weak cue (tense.tsv) governs only from this close ("ended Oct. 31", "said on
// Tuesday"); farther away it counts kWeakCuePenalty bytes farther than it is.
constexpr long kAdjacentCueDistance = 4;
constexpr long kWeakCuePenalty = 16;
// A present-tense cue ("meet", "arrive") points a weekday forward only from this close.
constexpr long kPresentCueDistance = 40;
// How far (bytes) a negative rule may reach before or after an expression it blocks.
constexpr size_t kNegativeReach = 64;

// Which lexicons give a capture its value (searched in order; at most two).
std::array<std::string_view, 2> LexiconsFor(Cap c) {
  switch (c) {
    case Cap::kMonth: return {"months", "months_short"};
    case Cap::kWeekday: return {"weekdays"};
    case Cap::kSeason: return {"seasons"};
    case Cap::kPart: return {"parts_of_day"};
    case Cap::kHoliday: return {"holidays"};
    case Cap::kQ:
    case Cap::kDayOrd: return {"ordinals"};
    case Cap::kDir:
    case Cap::kYdir: return {"directions"};
    case Cap::kNum:
    case Cap::kYc:
    case Cap::kYn: return {"numbers"};
    case Cap::kUnit: return {"units"};
    case Cap::kDec2: return {"decades"};  // "the nineties" -> 9; "'80s" is read as digits
    default: return {};
  }
}

// [b, e) of text with the least context that keeps a match's meaning: one byte
// either side (\b looks at one byte; ^ and $ hold only at the ends of the text,
// which stay ends). An anchored match with captures of a short span then costs
// RE2 a little less than with the whole article as its context.
struct Window {
  re2::StringPiece text;
  size_t begin, end;  // [b, e) relative to text
};
Window AroundSpan(std::string_view text, size_t b, size_t e) {
  size_t wb = b > 0 ? b - 1 : 0;
  size_t we = std::min(text.size(), e + 1);
  return Window{re2::StringPiece(text.data() + wb, we - wb), b - wb, e - wb};
}

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// Lower-cases ASCII and collapses whitespace runs to one space, into buf.
std::string_view NormalizeKey(std::string_view s, char* buf, size_t cap) {
  size_t n = 0;
  bool space = false;
  for (char c : s) {
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (ws) {
      space = true;
      continue;
    }
    if (space && n > 0 && n < cap) buf[n++] = ' ';
    space = false;
    if (n < cap) buf[n++] = Lower(c);
  }
  return std::string_view(buf, n);
}

// One lexicon surface as a regex alternative: literal, spaces match any
// whitespace, word boundaries where the surface starts/ends with a word byte.
std::string SurfaceRegex(std::string_view s) {
  std::string out;
  if (!s.empty() && IsWordByte(s.front())) out += "\\b";
  for (char c : s) {
    if (c == ' ') {
      out += "\\s+";
    } else if (IsWordByte(c) || (unsigned char)c >= 0x80) {
      out += c;
    } else {
      out += '\\';
      out += c;
    }
  }
  if (!s.empty() && IsWordByte(s.back())) out += "\\b";
  return out;
}

RE2::Options RuleOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(false);
  o.set_longest_match(true);
  o.set_max_mem(64 << 20);
  return o;
}

struct Lexicon {
  std::string name;
  std::map<std::string, std::string_view, std::less<>> values;  // normalized surface -> value
  std::string alternation;                                      // (?:longest|...|short)
  // The same language as a trie of the surfaces (FactorAlternatives), for the
  // regexes where the order of alternatives cannot matter (see Load).
  std::string trie;
};

struct Rule {
  RuleRef ref;
  std::unique_ptr<RE2> re;
  TimexType type = TimexType::kDate;
  detail::ValueSpec spec;
  int ngroups = 0;
  std::array<int8_t, kCapCount> group{};  // capture -> group index (0 = absent)
  bool negative() const { return spec.kind == detail::Kind::kNegative; }
};

// The kinds of tense.tsv, in its order (and that of Impl::tense_kind).
// kFutureInPast and kPastInPast depend on the cues before them in the sentence
// (FindCues turns them into one of the others): future_in_past is future, or
// nearest after a past or reporting cue ("said ... would"); past_in_past is no
// cue, or past after one ("said ..., after talks on Monday"). kNone is no cue.
enum : uint8_t {
  kFuture, kPast, kPresent, kWeak, kNearest, kNone, kFutureInPast, kPastInPast, kCueKinds
};

struct Cue {
  uint32_t begin, end;
  uint8_t kind;  // kFuture .. kNearest
  bool known;    // false: out of every expression's reach, kind not looked up (kWeak)
  bool forward = false;  // governs only expressions after it (a reported "would")
};

// -1 past, 0 unknown, +1 future, from the cue nearest to [at_begin, at_end) in
// its sentence; near is set when that cue governs it, present when it is a
// present tense (then the result is +1). Offsets are into `sentence`.
int TenseAt(std::string_view sentence, const std::vector<Cue>& cues, uint32_t at_begin,
            uint32_t at_end, bool& near, bool& present, bool& nearest);

// One capture of a candidate: [begin, begin + len) of the text (of the span,
// in SpanMemo), and its lexicon value.
struct CapRef {
  uint32_t begin, len;
  Cap cap;
  std::string_view lex;
};

// A selected expression; its captures are caps[caps_at, caps_at + ncaps) of a
// CapRef vector kept alongside (small candidates move and copy cheaply).
struct Candidate {
  Span span;   // the expression (the capture t when the rule has one)
  Span match;  // the whole match, context included: what leftmost-longest compares
  uint32_t rule;
  uint32_t caps_at = 0, ncaps = 0;
};

// What the rules make of one span found by the union: a pure function of the
// span's bytes and the byte either side (all that \b, ^ and $ look at; see
// AroundSpan), so it is remembered per thread (MemoFor) and looked up by those
// bytes. rule < 0: no candidate (a negative rule matches the span in context, or
// no rule captures it). Its captures are Memo::caps[caps_at, caps_at + ncaps),
// with begin relative to the span's begin.
struct SpanMemo {
  int32_t rule = -1;
  uint32_t caps_at = 0, ncaps = 0;
};

// A small open-addressing map from byte strings (at least one byte) to
// uint32_t, for the memo below: keys live in one arena, slots hold a hash, the
// key's place and the value.
class KeyMap {
 public:
  size_t size() const { return size_; }
  void clear() {
    slots_.assign(kMinSlots, Slot{});
    keys_.clear();
    size_ = 0;
  }
  // The value of key, or nullptr.
  const uint32_t* Find(std::string_view key, uint32_t hash) const {
    if (slots_.empty()) return nullptr;
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.len == 0) return nullptr;
      if (s.hash == hash && s.len == key.size() &&
          std::string_view(keys_).substr(s.off, s.len) == key)
        return &s.value;
    }
  }
  void Insert(std::string_view key, uint32_t hash, uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Slot s{hash, uint32_t(keys_.size()), uint32_t(key.size()), value};
    keys_.append(key);
    Place(s);
    ++size_;
  }
  static uint32_t Hash(std::string_view key) {
    uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a, then a final mix
    for (char c : key) h = (h ^ uint8_t(c)) * 0x100000001b3ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return uint32_t(h ^ (h >> 32));
  }

 private:
  struct Slot {
    uint32_t hash = 0, off = 0, len = 0, value = 0;  // len 0: empty
  };
  static constexpr size_t kMinSlots = 1024;
  void Place(const Slot& s) {
    const size_t mask = slots_.size() - 1;
    size_t i = s.hash & mask;
    while (slots_[i].len != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max(kMinSlots, old.size() * 2), Slot{});
    for (const Slot& s : old)
      if (s.len != 0) Place(s);
  }
  std::vector<Slot> slots_;
  std::string keys_;
  size_t size_ = 0;
};

// Per-thread memo of span selections and cue kinds, for one Tagger at a time
// (owner: Impl::id, unique per Load). The tagger itself stays immutable; the
// memo only skips RE2 calls whose answer it already holds (a pure function of
// the key), and is cleared when it grows past kMaxEntries.
struct Memo {
  static constexpr size_t kMaxEntries = size_t(1) << 16;
  // Spans longer than this are not remembered (keys stay small).
  static constexpr size_t kMaxKey = 256;
  uint64_t owner = 0;
  KeyMap spans;                   // -> index into span_values
  std::vector<SpanMemo> span_values;
  std::vector<CapRef> caps;
  KeyMap cues;                    // -> the cue's kind
  std::string key;
  uint32_t hash = 0;  // of key
  // The key of [b, e) of text: which neighbours exist, the neighbours, the bytes.
  std::string_view Key(std::string_view text, size_t b, size_t e) {
    key.clear();
    key += char((b > 0 ? 1 : 0) | (e < text.size() ? 2 : 0));
    key += b > 0 ? text[b - 1] : '\0';
    key += e < text.size() ? text[e] : '\0';
    key.append(text.data() + b, e - b);
    hash = KeyMap::Hash(key);
    return key;
  }
};

Memo& MemoFor(uint64_t owner) {
  thread_local Memo memo;
  if (memo.owner != owner || memo.spans.size() >= Memo::kMaxEntries ||
      memo.cues.size() >= Memo::kMaxEntries) {
    memo.spans.clear();
    memo.span_values.clear();
    memo.caps.clear();
    memo.cues.clear();
    memo.owner = owner;
  }
  return memo;
}

std::atomic<uint64_t> next_tagger_id{1};

}  // namespace

struct Tagger::Impl {
  uint64_t id = next_tagger_id.fetch_add(1);  // names this tagger's per-thread memo
  std::deque<Lexicon> lexicons;
  std::map<std::string, const Lexicon*, std::less<>> lexicon_by_name;
  // Per capture: the lexicons of LexiconsFor (null when absent), resolved at Load.
  std::array<std::array<const Lexicon*, 2>, kCapCount> lexicons_for{};
  std::vector<Rule> rules;
  std::unique_ptr<RE2::Set> set;       // every rule, unanchored: the per-segment fallback
  std::unique_ptr<RE2> any;            // the union of every rule, no captures, longest match
  std::unique_ptr<RE2::Set> exact;     // every rule, anchored at both ends: who matched a span
  std::unique_ptr<RE2> neg_any;        // the union of the negative rules, no captures
  // Tense cues: the union of every cue (no captures, leftmost-longest) finds them;
  // tense_kind[k] (anchored at both ends) says which kind a found cue is, in the
  // order future, past, present, weak, nearest, none, future_in_past, past_in_past.
  std::unique_ptr<RE2> tense;
  std::array<std::unique_ptr<RE2>, kCueKinds> tense_kind;
  std::unique_ptr<RE2> tense_strong;  // every kind but weak (anchored at both ends)
  // ranges.tsv: what comes before the first of two expressions that bound a
  // range ("from"), and what lies between them ("to"): a range runs forward.
  struct Range {
    std::unique_ptr<RE2> before, between;
  };
  std::vector<Range> ranges;
  // Whether [a, b) of text (a the first expression, b the second, both in
  // the sentence starting at sentence_begin) is written as a range.
  bool IsRange(std::string_view text, uint32_t sentence_begin, Span a, Span b) const {
    if (a.end > b.begin || a.begin < sentence_begin) return false;
    const std::string_view before = text.substr(sentence_begin, a.begin - sentence_begin);
    const std::string_view between = text.substr(a.end, b.begin - a.end);
    for (const Range& r : ranges)
      if (RE2::FullMatch(between, *r.between) && RE2::PartialMatch(before, *r.before)) return true;
    return false;
  }

  // The lexicon value of a captured surface, looked up in the capture's lexicons.
  std::string_view LexValue(Cap c, std::string_view surface) const {
    char buf[96];
    std::string_view key = NormalizeKey(surface, buf, sizeof buf);
    for (const Lexicon* lex : lexicons_for[size_t(c)]) {
      if (!lex) continue;
      auto v = lex->values.find(key);
      if (v == lex->values.end() && key.size() > 2 && key.back() == 's')
        v = lex->values.find(key.substr(0, key.size() - 1));  // "Mondays"
      if (v != lex->values.end()) return v->second;
    }
    return {};
  }

  void MatchSegment(std::string_view text, uint32_t seg_begin, uint32_t seg_end,
                    std::vector<int>& hits, std::vector<Candidate>& out,
                    std::vector<CapRef>& caps) const;
  // One scan of [begin, end) with the union; appends the selected expressions
  // in text order (leftmost-longest, then the earlier rule; negatives block).
  void Scan(std::string_view text, uint32_t begin, uint32_t end, std::vector<int>& hits,
            std::vector<Candidate>& out, std::vector<CapRef>& caps) const;
  // The candidate of the union's span [b, e) (false: none), as Scan selects it.
  bool Select(std::string_view text, uint32_t b, uint32_t e, std::vector<int>& hits,
              Candidate& c, std::vector<CapRef>& caps) const;
  // True when a negative rule matches a span that overlaps s and is not strictly
  // inside it (the rule the per-segment path applies to every candidate).
  bool BlockedByNegative(std::string_view text, Span s) const;
  // Fills c's span and captures from rule's match at exactly [b, e); false if none.
  bool Capture(const Rule& rule, uint32_t ri, std::string_view text, uint32_t b, uint32_t e,
               Candidate& c, std::vector<CapRef>& caps) const;
  // Appends c's captures (from groups of rule's match) to caps; adjusts c.span to
  // the capture t when present.
  void TakeGroups(const Rule& rule, const re2::StringPiece* groups, std::string_view text,
                  Candidate& c, std::vector<CapRef>& caps) const;
  // -1 past, 0 unknown, +1 future; near is set when the deciding cue is adjacent.
  // The tense cues of a sentence, in text order (offsets into the sentence), as
  // far as they can matter to expressions within [lo, hi) of it: the scan stops
  // beyond their reach, and cues out of their reach get no kind (kind 3).
  void FindCues(std::string_view sentence, uint32_t lo, uint32_t hi,
                std::vector<Cue>& cues) const;
  // The kind of the cue at [b, e) of the sentence (see FindCues).
  uint8_t CueKind(re2::StringPiece in, size_t b, size_t e) const;
  // CueKind through the per-thread memo (*memo is fetched on first use).
  uint8_t MemoCueKind(std::string_view sentence, uint32_t b, uint32_t e, Memo*& memo) const;
};

Tagger::Tagger() : impl_(std::make_unique<Impl>()) {}
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;
Tagger::~Tagger() = default;

namespace {

// Expands {name} references (fragments, then lexicons: their alternation,
// or their trie when `trie`) recursively.
bool Expand(std::string_view in, const std::map<std::string, std::string, std::less<>>& frags,
            const std::map<std::string, const Lexicon*, std::less<>>& lexicons, bool trie,
            int depth, std::string& out, std::string& error) {
  if (depth > 10) {
    error = "fragment references nest too deeply";
    return false;
  }
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size()) {
      out += c;
      out += in[++i];
      continue;
    }
    if (c == '{' && i + 1 < in.size() && in[i + 1] >= 'a' && in[i + 1] <= 'z') {
      size_t close = in.find('}', i);
      if (close == std::string_view::npos) {
        error = "unclosed '{'";
        return false;
      }
      std::string_view name = in.substr(i + 1, close - i - 1);
      if (auto f = frags.find(name); f != frags.end()) {
        out += "(?:";
        if (!Expand(f->second, frags, lexicons, trie, depth + 1, out, error)) return false;
        out += ")";
      } else if (auto l = lexicons.find(name); l != lexicons.end()) {
        out += trie ? l->second->trie : l->second->alternation;
      } else {
        error = fmt::format("unknown fragment {{{}}}", name);
        return false;
      }
      i = close;
      continue;
    }
    out += c;
  }
  return true;
}

std::optional<TimexType> ParseType(std::string_view s) {
  if (s == "DATE") return TimexType::kDate;
  if (s == "TIME") return TimexType::kTime;
  if (s == "DURATION") return TimexType::kDuration;
  if (s == "SET") return TimexType::kSet;
  return std::nullopt;
}

// The pattern with every named group made non-capturing ("(?P<year>" -> "(?:"),
// so that rules can be joined into one union (names repeat across rules).
std::string WithoutCaptures(std::string_view p) {
  std::string out;
  out.reserve(p.size());
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      out += c;
      out += p[++i];
      continue;
    }
    if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[i++];  // "[]...]"
    } else if (c == '(' && p.substr(i, 4) == "(?P<") {
      size_t close = p.find('>', i);
      if (close != std::string_view::npos) {
        out += "(?:";
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

bool SpecUses(const detail::ValueSpec& s, Cap c) {
  for (const detail::Arg* a : {&s.unit, &s.off, &s.n, &s.part, &s.hour})
    if (a->set && a->cap == c) return true;
  return false;
}

}  // namespace

Result<Tagger> Tagger::Load(const RuleStore& store, MatchPath match_path) {
  Tagger t;
  Impl& im = *t.impl_;
  // Lexicons: every file under lexicon/, named after its base name.
  for (std::string_view path : store.List(kLexiconDir)) {
    if (path.size() < 4 || path.substr(path.size() - 4) != ".tsv") continue;
    auto rows = ReadTsv(store, path, 2, 2);
    if (!rows.ok()) return rows.error();
    Lexicon& lex = im.lexicons.emplace_back();
    lex.name = std::string(path.substr(kLexiconDir.size(), path.size() - kLexiconDir.size() - 4));
    std::vector<std::string_view> surfaces;
    for (const TsvRow& r : *rows) {
      if (r[0].empty() || r[1].empty())
        return Error(std::string(store.Origin(path)), r.line, "empty surface or value");
      char buf[96];
      std::string key(NormalizeKey(r[0], buf, sizeof buf));
      if (!lex.values.emplace(key, r[1]).second)
        return Error(std::string(store.Origin(path)), r.line,
                     fmt::format("duplicate surface '{}'", r[0]));
      surfaces.push_back(r[0]);
    }
    std::stable_sort(surfaces.begin(), surfaces.end(),
                     [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
    lex.alternation = "(?:";
    for (size_t i = 0; i < surfaces.size(); ++i) {
      if (i) lex.alternation += '|';
      lex.alternation += SurfaceRegex(surfaces[i]);
    }
    lex.alternation += ")";
    // The trie ("\bJan(?:\.|uary\b)|...") is shorter to parse and compile,
    // and a DFA state holds one thread per prefix read so far instead of one
    // per surface that begins with it (192 number words).
    std::vector<std::string> alternatives;
    for (std::string_view s : surfaces) alternatives.push_back(SurfaceRegex(s));
    lex.trie = "(?:" + detail::FactorAlternatives(alternatives) + ")";
    im.lexicon_by_name[lex.name] = &lex;
  }
  for (size_t k = 0; k < kCapCount; ++k) {
    auto names = LexiconsFor(Cap(k));
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i].empty()) continue;
      auto it = im.lexicon_by_name.find(names[i]);
      if (it != im.lexicon_by_name.end()) im.lexicons_for[k][i] = it->second;
    }
  }
  // Fragments.
  std::map<std::string, std::string, std::less<>> frags;
  if (store.Has(kPatternsFile)) {
    auto rows = ReadTsv(store, kPatternsFile, 2, 2);
    if (!rows.ok()) return rows.error();
    for (const TsvRow& r : *rows) frags[std::string(r[0])] = std::string(r[1]);
  }
  // Rules.
  RE2::Options opts = RuleOptions();
  auto exact = std::make_unique<RE2::Set>(opts, RE2::ANCHOR_BOTH);
  // The rules' patterns without captures and {name}s unexpanded, for the unions.
  std::vector<std::string> any_sources, neg_sources;
  std::vector<std::string> patterns;  // for the per-segment set, built only when needed
  for (std::string_view path : store.List(kRulesDir)) {
    auto rows = ReadTsv(store, path, 4, 5);
    if (!rows.ok()) return rows.error();
    std::string origin(store.Origin(path));
    for (const TsvRow& r : *rows) {
      auto fail = [&](std::string reason) {
        return Error(origin, r.line, fmt::format("{}: {}", r[0], reason));
      };
      Rule rule;
      rule.ref = RuleRef{path, r.line, r[0]};
      std::string error;
      auto spec = detail::ParseValueSpec(r[3], error);
      if (!spec) return fail(error);
      rule.spec = *spec;
      if (!rule.negative()) {
        auto type = ParseType(r[2]);
        if (!type) return fail(fmt::format("unknown type '{}'", r[2]));
        rule.type = *type;
      }
      // The rule's own regex keeps each lexicon's alternation as written
      // (longest first): with captures, the order of alternatives decides
      // between parses of the same span. The set only says which rules match
      // a span, so it takes the tries.
      std::string pattern, set_pattern;
      if (!Expand(r[1], frags, im.lexicon_by_name, false, 0, pattern, error) ||
          !Expand(r[1], frags, im.lexicon_by_name, true, 0, set_pattern, error))
        return fail(error);
      rule.re = std::make_unique<RE2>(pattern, opts);
      if (!rule.re->ok()) return fail(rule.re->error());
      rule.ngroups = rule.re->NumberOfCapturingGroups();
      if (rule.ngroups + 1 > int(kMaxGroups)) return fail("too many capturing groups");
      for (const auto& [name, idx] : rule.re->NamedCapturingGroups()) {
        auto cap = detail::CapFromName(name);
        if (!cap) return fail(fmt::format("unknown capture name '{}'", name));
        rule.group[size_t(*cap)] = int8_t(idx);
      }
      if (rule.re->NamedCapturingGroups().size() != size_t(rule.ngroups)) {
        size_t named = 0;  // "(?P<" in the pattern (fragments add only (?:...))
        for (size_t at = pattern.find("(?P<"); at != std::string::npos;
             at = pattern.find("(?P<", at + 1))
          ++named;
        if (named < size_t(rule.ngroups))
          return fail("unnamed capturing group; use (?:...) or (?P<name>...)");
        return fail("a capture name is used twice; split the rule in two");
      }
      for (size_t c = 0; c < kCapCount; ++c) {
        if (SpecUses(rule.spec, Cap(c)) && !rule.group[c])
          return fail(fmt::format("value uses {{{}}} but the pattern has no such capture",
                                  detail::CapName(Cap(c))));
      }
      std::string set_error;
      if (exact->Add(set_pattern, &set_error) != int(im.rules.size()))
        return fail(fmt::format("set: {}", set_error));
      any_sources.push_back(WithoutCaptures(r[1]));
      if (rule.negative()) neg_sources.push_back(any_sources.back());
      patterns.push_back(std::move(pattern));
      im.rules.push_back(std::move(rule));
    }
  }
  if (im.rules.empty()) return Error(std::string(kRulesDir), 0, "no rules");
  // The one-scan path: the union finds each leftmost-longest expression, the
  // anchored set says which rules produced it. Without it (RE2 memory limits),
  // Run falls back to the per-segment set, compiled only then (it is a fifth
  // of the stage's startup).
  RE2::Options any_opts = opts;
  any_opts.set_never_capture(true);
  any_opts.set_max_mem(256 << 20);
  // One unanchored leftmost-longest search per expression: RE2's forward DFA
  // stops once the leftmost match can grow no longer (it drops the threads that
  // start later), its reverse DFA finds the start.
  //
  // Both unions need only their language (no captures; leftmost-longest
  // matches do not depend on the order of alternatives), so each is written
  // as a trie of its rules' pieces with the lexicons' tries: a prefix shared by
  // rules ("\bthe ", "{weekdays}", "{num}") is compiled and followed by the DFA
  // once. The union of the 161 rules (2026-12): 48 700 -> 28 570
  // instructions; the DFA computes as many transitions, each for a smaller state.
  std::string any, neg, error;
  if (!Expand(detail::FactorAlternatives(any_sources), frags, im.lexicon_by_name, true, 0, any,
              error) ||
      (!neg_sources.empty() && !Expand(detail::FactorAlternatives(neg_sources), frags,
                                       im.lexicon_by_name, true, 0, neg, error)))
    return Error(std::string(kRulesDir), 0, fmt::format("union: {}", error));
  auto any_re = std::make_unique<RE2>(any, any_opts);
  std::unique_ptr<RE2> neg_re;
  if (!neg.empty()) neg_re = std::make_unique<RE2>(neg, any_opts);
  if (match_path == MatchPath::kOneScan && any_re->ok() && (!neg_re || neg_re->ok()) &&
      exact->Compile()) {
    im.neg_any = std::move(neg_re);
    im.any = std::move(any_re);
    im.exact = std::move(exact);
  } else {
    auto set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
    for (const std::string& p : patterns) {
      std::string set_error;
      if (set->Add(p, &set_error) < 0)
        return Error(std::string(kRulesDir), 0, fmt::format("set: {}", set_error));
    }
    if (set->Compile()) im.set = std::move(set);
  }
  // Ranges.
  if (store.Has(kRangesFile)) {
    auto rows = ReadTsv(store, kRangesFile, 3, 3);
    if (!rows.ok()) return rows.error();
    for (const TsvRow& r : *rows) {
      Impl::Range range;
      range.before = std::make_unique<RE2>(fmt::format("(?:{})$", r[1]), RuleOptions());
      range.between = std::make_unique<RE2>(r[2], RuleOptions());
      for (const RE2* re : {range.before.get(), range.between.get()})
        if (!re->ok())
          return Error(std::string(store.Origin(kRangesFile)), r.line,
                       fmt::format("{}: {}", r[0], re->error()));
      im.ranges.push_back(std::move(range));
    }
  }
  // Tense cues.
  if (store.Has(kTenseFile)) {
    auto rows = ReadTsv(store, kTenseFile, 2, 2);
    if (!rows.ok()) return rows.error();
    // One alternation per kind, in the order of the named groups below.
    constexpr std::array<std::string_view, kCueKinds> kKinds = {
        "future", "past", "present", "weak", "nearest", "none", "future_in_past", "past_in_past"};
    std::array<std::string, kCueKinds> alts;
    for (const TsvRow& r : *rows) {
      auto kind = std::find(kKinds.begin(), kKinds.end(), r[1]);
      if (kind == kKinds.end())
        return Error(std::string(store.Origin(kTenseFile)), r.line,
                     fmt::format("unknown tense '{}'", r[1]));
      std::string& dst = alts[size_t(kind - kKinds.begin())];
      RE2 check(r[0], opts);
      if (!check.ok())
        return Error(std::string(store.Origin(kTenseFile)), r.line, std::string(check.error()));
      if (!dst.empty()) dst += '|';
      dst += "(?:" + std::string(r[0]) + ")";
    }
    for (std::string& a : alts)
      if (a.empty()) a = "[^\\x00-\\x{10FFFF}]";
    // Leftmost-longest, so "was scheduled for" wins over "was"; it runs once on
    // each sentence that holds an expression.
    RE2::Options tense_opts = opts;
    tense_opts.set_never_capture(true);
    im.tense = std::make_unique<RE2>(
        fmt::format("\\b(?:{}|{}|{}|{}|{}|{}|{}|{})(?:\\b|$|\\W)", alts[0], alts[1], alts[2],
                    alts[3], alts[4], alts[5], alts[6], alts[7]),
        tense_opts);
    if (!im.tense->ok()) return Error(std::string(kTenseFile), 0, std::string(im.tense->error()));
    im.tense_strong = std::make_unique<RE2>(
        fmt::format("\\b(?:{}|{}|{}|{}|{}|{}|{})(?:\\b|$|\\W)", alts[0], alts[1], alts[2],
                    alts[4], alts[5], alts[6], alts[7]),
        tense_opts);
    if (!im.tense_strong->ok())
      return Error(std::string(kTenseFile), 0, std::string(im.tense_strong->error()));
    for (size_t k = 0; k < alts.size(); ++k) {
      im.tense_kind[k] = std::make_unique<RE2>(
          fmt::format("\\b(?:{})(?:\\b|$|\\W)", alts[k]), tense_opts);
      if (!im.tense_kind[k]->ok())
        return Error(std::string(kTenseFile), 0, std::string(im.tense_kind[k]->error()));
    }
  }
  return t;
}

void Tagger::Impl::TakeGroups(const Rule& rule, const re2::StringPiece* groups,
                              std::string_view text, Candidate& c,
                              std::vector<CapRef>& caps) const {
  c.caps_at = uint32_t(caps.size());
  c.ncaps = 0;
  for (size_t k = 0; k < kCapCount; ++k) {
    int g = rule.group[k];
    if (!g || groups[g].data() == nullptr) continue;
    std::string_view s(groups[g].data(), groups[g].size());
    CapRef& r = caps.emplace_back();
    r.begin = uint32_t(s.data() - text.data());
    r.len = uint32_t(s.size());
    r.cap = Cap(k);
    if (!s.empty()) r.lex = LexValue(Cap(k), s);
    ++c.ncaps;
    if (Cap(k) == Cap::kT && !s.empty()) c.span = Span{r.begin, r.begin + r.len};
  }
}

bool Tagger::Impl::Capture(const Rule& rule, uint32_t ri, std::string_view text, uint32_t b,
                           uint32_t e, Candidate& c, std::vector<CapRef>& caps) const {
  re2::StringPiece groups[kMaxGroups];
  Window w = AroundSpan(text, b, e);
  if (!rule.re->Match(w.text, w.begin, w.end, RE2::ANCHOR_BOTH, groups, rule.ngroups + 1))
    return false;
  c.rule = ri;
  c.span = Span{b, e};
  c.match = c.span;
  TakeGroups(rule, groups, text, c, caps);
  if (c.span.empty()) {
    caps.resize(c.caps_at);
    return false;
  }
  return true;
}

bool Tagger::Impl::BlockedByNegative(std::string_view text, Span s) const {
  if (!neg_any) return false;
  re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece m;
  size_t pos = s.begin > kNegativeReach ? s.begin - kNegativeReach : 0;
  const size_t limit = std::min(text.size(), size_t(s.end) + kNegativeReach);
  while (pos < s.end && neg_any->Match(whole, pos, limit, RE2::UNANCHORED, &m, 1)) {
    uint32_t nb = uint32_t(m.data() - text.data());
    uint32_t ne = nb + uint32_t(m.size());
    if (nb >= s.end) break;
    bool strictly_inside = nb >= s.begin && ne <= s.end && ne - nb < s.size();
    if (ne > s.begin && !strictly_inside) return true;
    pos = nb + 1;  // negatives may overlap each other: try every start
  }
  return false;
}

bool Tagger::Impl::Select(std::string_view text, uint32_t b, uint32_t e, std::vector<int>& hits,
                          Candidate& c, std::vector<CapRef>& caps) const {
  hits.clear();
  exact->Match(re2::StringPiece(text.data() + b, e - b), &hits);
  std::sort(hits.begin(), hits.end());
  // A negative rule that matches the same span wins; else the first rule that
  // matches in context (the set saw the span without its surroundings).
  for (int ri : hits) {
    const Rule& rule = rules[size_t(ri)];
    if (!rule.negative()) continue;
    Window w = AroundSpan(text, b, e);
    if (rule.re->Match(w.text, w.begin, w.end, RE2::ANCHOR_BOTH, nullptr, 0)) return false;
  }
  for (int ri : hits) {
    const Rule& rule = rules[size_t(ri)];
    if (rule.negative()) continue;
    if (Capture(rule, uint32_t(ri), text, b, e, c, caps)) return true;
  }
  return false;
}

void Tagger::Impl::Scan(std::string_view text, uint32_t begin, uint32_t end,
                        std::vector<int>& hits, std::vector<Candidate>& out,
                        std::vector<CapRef>& caps) const {
  const size_t first_out = out.size();
  re2::StringPiece whole(text.data(), text.size());
  re2::StringPiece m;
  Memo& memo = MemoFor(id);
  size_t pos = begin;
  while (pos < end && any->Match(whole, pos, end, RE2::UNANCHORED, &m, 1)) {
    uint32_t b = uint32_t(m.data() - text.data());
    uint32_t e = b + uint32_t(m.size());
    pos = e > b ? e : b + 1;
    if (e == b) continue;
    Candidate& c = out.emplace_back();
    if (e - b > Memo::kMaxKey) {
      if (!Select(text, b, e, hits, c, caps)) out.pop_back();
      continue;
    }
    std::string_view key = memo.Key(text, b, e);
    if (const uint32_t* found = memo.spans.Find(key, memo.hash)) {
      const SpanMemo& sm = memo.span_values[*found];
      if (sm.rule < 0) {
        out.pop_back();
        continue;
      }
      c.rule = uint32_t(sm.rule);
      c.span = Span{b, e};
      c.match = c.span;
      c.caps_at = uint32_t(caps.size());
      c.ncaps = sm.ncaps;
      for (size_t k = 0; k < sm.ncaps; ++k) {
        CapRef r = memo.caps[sm.caps_at + k];
        r.begin += b;
        caps.push_back(r);
        if (r.cap == Cap::kT && r.len > 0) c.span = Span{r.begin, r.begin + r.len};
      }
      continue;
    }
    SpanMemo sm;
    if (Select(text, b, e, hits, c, caps)) {
      sm.rule = int32_t(c.rule);
      sm.caps_at = uint32_t(memo.caps.size());
      sm.ncaps = c.ncaps;
      for (size_t k = 0; k < c.ncaps; ++k) {
        CapRef r = caps[c.caps_at + k];
        r.begin -= b;
        memo.caps.push_back(r);
      }
    } else {
      out.pop_back();
    }
    memo.spans.Insert(key, memo.hash, uint32_t(memo.span_values.size()));
    memo.span_values.push_back(sm);
  }
  // Negative rules near an expression (BlockedByNegative). They are rare, so the
  // windows of neighbouring expressions are merged and searched once; only a
  // window that holds a negative match asks for each of its expressions. (A match
  // within one expression's window lies within the merged window, which RE2 sees
  // with the same surroundings.)
  if (!neg_any) return;
  auto window = [&](const Candidate& c) {
    return std::pair<size_t, size_t>{c.span.begin > kNegativeReach ? c.span.begin - kNegativeReach : 0,
                                     std::min(text.size(), size_t(c.span.end) + kNegativeReach)};
  };
  size_t kept = first_out;
  for (size_t i = first_out; i < out.size();) {
    auto [from, limit] = window(out[i]);
    size_t j = i + 1;
    for (; j < out.size(); ++j) {
      auto [f, l] = window(out[j]);
      if (f > limit) break;
      limit = std::max(limit, l);
    }
    // Without a match position RE2 stops at the first match it sees.
    const bool any_negative = neg_any->Match(whole, from, limit, RE2::UNANCHORED, nullptr, 0);
    for (; i < j; ++i) {
      if (any_negative && BlockedByNegative(text, out[i].span)) continue;
      if (kept != i) out[kept] = out[i];
      ++kept;
    }
  }
  out.resize(kept);
}

void Tagger::Impl::MatchSegment(std::string_view text, uint32_t seg_begin, uint32_t seg_end,
                                std::vector<int>& hits, std::vector<Candidate>& out,
                                std::vector<CapRef>& caps) const {
  re2::StringPiece seg(text.data() + seg_begin, seg_end - seg_begin);
  hits.clear();
  bool all = !set;
  if (set) {
    RE2::Set::ErrorInfo info;
    if (!set->Match(seg, &hits, &info)) {
      if (info.kind != RE2::Set::kNoError) all = true;  // out of memory: every rule, one by one
      else return;
    }
  }
  if (all) {
    hits.clear();
    for (size_t i = 0; i < rules.size(); ++i) hits.push_back(int(i));
  }
  re2::StringPiece groups[kMaxGroups];
  re2::StringPiece whole(text.data(), text.size());
  for (int ri : hits) {
    const Rule& rule = rules[size_t(ri)];
    size_t pos = seg_begin;
    while (pos < seg_end &&
           rule.re->Match(whole, pos, seg_end, RE2::UNANCHORED, groups, rule.ngroups + 1)) {
      uint32_t b = uint32_t(groups[0].data() - text.data());
      uint32_t e = b + uint32_t(groups[0].size());
      pos = e > b ? e : b + 1;
      Candidate c;
      c.rule = uint32_t(ri);
      c.span = Span{b, e};
      c.match = c.span;
      TakeGroups(rule, groups, text, c, caps);
      if (!c.span.empty()) out.push_back(c);
      else caps.resize(c.caps_at);
    }
  }
}

void Tagger::Impl::FindCues(std::string_view sentence, uint32_t lo, uint32_t hi,
                            std::vector<Cue>& cues) const {
  cues.clear();
  if (!tense) return;
  re2::StringPiece in(sentence.data(), sentence.size());
  re2::StringPiece m;
  Memo* memo = nullptr;
  size_t pos = 0;
  // A cue that starts beyond hi + kMaxCueDistance + 1 ends the scan, and every
  // cue found from pos starts at or after pos.
  const size_t last_begin = size_t(hi) + kMaxCueDistance + 1;
  while (pos < sentence.size() && pos <= last_begin &&
         tense->Match(in, pos, sentence.size(), RE2::UNANCHORED, &m, 1)) {
    uint32_t b = uint32_t(m.data() - sentence.data());
    uint32_t e = b + uint32_t(m.size());
    pos = e > b ? e : b + 1;
    // TenseAt ignores cues farther than kMaxCueDistance, whatever their kind.
    if (b > last_begin) break;
    const bool in_reach = size_t(e) + kMaxCueDistance + 1 >= lo;
    // Cues out of reach get no kind (unless a cue after them asks, below).
    const uint8_t kind = in_reach ? MemoCueKind(sentence, b, e, memo) : uint8_t{kWeak};
    if (kind == kNone) continue;  // not a cue: "an unspecified date" hides its -ed word
    cues.push_back(Cue{b, e, kind, in_reach});
  }
  // future_in_past and past_in_past take their meaning from the cues before them:
  // is there a past or reporting cue earlier in the sentence?
  bool past_before = false;
  size_t looked = 0;  // cues before this one have been looked at for past_before
  bool dropped = false;
  for (size_t i = 0; i < cues.size(); ++i) {
    Cue& c = cues[i];
    if (c.kind != kFutureInPast && c.kind != kPastInPast) continue;
    for (; looked < i && !past_before; ++looked) {
      Cue& p = cues[looked];
      if (!p.known) {
        p.kind = MemoCueKind(sentence, p.begin, p.end, memo);
        p.known = true;
        if (p.kind == kFutureInPast || p.kind == kPastInPast) p.kind = kNone;  // out of reach anyway
      }
      past_before = p.kind == kPast || p.kind == kWeak;
    }
    if (c.kind == kFutureInPast) {
      // "said Russia would not escalate": a plan, not a future; a date before it
      // belongs to the reporting clause ("told reporters on Saturday that it would").
      c.kind = past_before ? kNearest : kFuture;
      c.forward = past_before;
    } else {
      c.kind = past_before ? kPast : kNone;  // "said ..., after talks on Monday": before it
      dropped |= c.kind == kNone;
    }
  }
  if (dropped)
    cues.erase(std::remove_if(cues.begin(), cues.end(), [](const Cue& c) { return c.kind == kNone; }),
               cues.end());
}

uint8_t Tagger::Impl::MemoCueKind(std::string_view sentence, uint32_t b, uint32_t e,
                                  Memo*& memo) const {
  // A cue's kind depends only on its bytes and the byte either side, so the
  // per-thread memo holds it.
  re2::StringPiece in(sentence.data(), sentence.size());
  if (e - b > Memo::kMaxKey) return CueKind(in, b, e);
  if (!memo) memo = &MemoFor(id);
  std::string_view key = memo->Key(sentence, b, e);
  if (const uint32_t* found = memo->cues.Find(key, memo->hash)) return uint8_t(*found);
  const uint8_t kind = CueKind(in, b, e);
  memo->cues.Insert(key, memo->hash, kind);
  return kind;
}

uint8_t Tagger::Impl::CueKind(re2::StringPiece in, size_t b, size_t e) const {
  // The first of none, nearest, future_in_past, past_in_past, future, past that
  // matches the cue exactly, else present when one of the other strong kinds
  // does, else weak; most cues are weak (-ed words, "said"), which the union of
  // the strong ones rules out in one match.
  if (!tense_strong->Match(in, b, e, RE2::ANCHOR_BOTH, nullptr, 0)) return kWeak;
  for (uint8_t k : {kNone, kNearest, kFutureInPast, kPastInPast, kFuture, kPast})
    if (tense_kind[k]->Match(in, b, e, RE2::ANCHOR_BOTH, nullptr, 0)) return k;
  return kPresent;
}

namespace {

int TenseAt(std::string_view sentence, const std::vector<Cue>& cues, uint32_t at_begin,
            uint32_t at_end, bool& near, bool& present, bool& nearest) {
  near = false;
  present = false;
  nearest = false;
  int best_kind = -1;
  long best_dist = -1;
  // When a verb comes before the expression, a weak cue after a comma is an
  // attribution or another clause ("will meet Biden on Wednesday, the
  // ministry said"), not the expression's tense. (With nothing before it,
  // the clause after the comma is the main one: "On Wednesday, Alarcon said".)
  const bool cue_before = !cues.empty() && cues.front().end <= at_begin;
  // After a past verb, a present or future one beyond a comma is another clause's
  // ("who lost the runoff on Tuesday, could be crucial").
  bool past_before = false;
  for (const Cue& c : cues) {
    if (c.end > at_begin) break;
    past_before |= c.kind == kPast && at_begin - c.end <= kMaxCueDistance;
  }
  for (const Cue& c : cues) {
    if (c.begin >= at_begin && c.end <= at_end) continue;  // inside the expression itself
    if (c.forward && c.begin >= at_end) continue;
    if (c.begin >= at_end && ((cue_before && c.kind == kWeak) || (past_before && (c.kind == kFuture || c.kind == kPresent))) &&
        sentence.substr(at_end, c.begin - at_end).find(',') != std::string_view::npos)
      continue;
    long dist = c.end <= at_begin ? long(at_begin - c.end) : c.begin >= at_end ? long(c.begin - at_end) : 0;
    if (c.begin >= at_end && best_dist >= 0 && dist > best_dist) break;  // only farther ones follow
    // A present verb far from the expression belongs to another clause ("After
    // touring the capital Thursday ..., the chief said he is satisfied"): a
    // nearer cue of another kind, or one farther away ("is expected to remain
    // in Hanoi and hold talks with ... on Friday"), decides instead.
    if (c.kind == kPresent && dist > kPresentCueDistance) continue;
    // A weak cue that is not right before or after the expression counts as farther away.
    if (c.kind == kWeak && dist > kAdjacentCueDistance) dist += kWeakCuePenalty;
    if (dist <= kMaxCueDistance && (best_dist < 0 || dist < best_dist)) {
      best_dist = dist;
      best_kind = c.kind;
    }
  }
  if (best_kind < 0) return 0;
  if (best_kind == kNearest) {  // "had been planned for Thursday": the nearest Thursday
    nearest = near = true;
    return 0;
  }
  present = best_kind == kPresent;
  near = best_kind == kFuture || best_kind == kPast ? best_dist <= kNearCueDistance
                        : best_kind == kWeak && best_dist <= kAdjacentCueDistance;
  return best_kind == kFuture || best_kind == kPresent ? 1 : -1;
}

}  // namespace

namespace {

// A crude sentence boundary for documents without sentences: ". " after a
// lower-case word (so "Nov. 9" and "Mr. Smith" do not end sentences).
bool SentenceEndAt(std::string_view text, size_t dot) {
  if (dot + 1 >= text.size() || (text[dot + 1] != ' ' && text[dot + 1] != '\n')) return false;
  size_t k = dot;
  int letters = 0;
  while (k > 0 && text[k - 1] >= 'a' && text[k - 1] <= 'z') {
    --k;
    ++letters;
  }
  return letters >= 2 && (k == 0 || !IsWordByte(text[k - 1]));
}

}  // namespace

namespace {

// The line (paragraph) holding the byte at pos: [begin, end), end at its '\n'
// or the end of the text.
Span LineAround(std::string_view text, uint32_t pos) {
  uint32_t b = pos;
  while (b > 0 && text[b - 1] != '\n') --b;
  const void* nl = std::memchr(text.data() + pos, '\n', text.size() - pos);
  return Span{b, nl ? uint32_t(static_cast<const char*>(nl) - text.data()) : uint32_t(text.size())};
}

// Calls f(p, q) for the pieces of [b, e) cut at every sentence's begin and
// end, in text order. Sentences are sorted and do not overlap; if some did,
// every byte would still be in exactly one piece.
template <class F>
void ForEachPiece(const std::vector<Sentence>& sentences, uint32_t b, uint32_t e, F&& f) {
  auto it = std::partition_point(sentences.begin(), sentences.end(),
                                 [b](const Sentence& s) { return s.span.end <= b; });
  uint32_t p = b;
  while (p < e) {
    uint32_t q = e;
    if (it != sentences.end()) {
      if (it->span.begin > p) {
        q = std::min(e, it->span.begin);
      } else {
        q = std::min(e, it->span.end);
        ++it;
      }
    }
    if (q > p) {
      f(p, q);
      p = q;
    }
  }
}

// Whether an expression names a month (or a day of one) and leaves its year
// to be inferred: the first end of a range may move (ranges.tsv).
bool YearInferred(const Rule& rule, const detail::Captures& caps, bool year_given) {
  return rule.spec.kind == detail::Kind::kDate && (caps.Has(Cap::kMonth) || caps.Has(Cap::kMnum)) &&
         !year_given && !caps.Has(Cap::kDir) && !caps.Has(Cap::kWeekday) && !caps.Has(Cap::kHoliday);
}

// The first end of a range, `was`, moved into the latest year that ends it by
// the second's end; nullopt when it cannot move back (or need not).
std::optional<DateValue> RangeStart(const DateValue& was, const DateValue& second) {
  const date::year_month_day ymd{was.first};
  auto in_year = [&](date::year y) -> std::optional<DateValue> {
    if (was.precision == Precision::kMonth) return DateValue::Month(int(y), unsigned(ymd.month()));
    const date::year_month_day d{y, ymd.month(), ymd.day()};
    if (was.precision == Precision::kDay && d.ok()) return DateValue::Day(date::sys_days(d));
    return std::nullopt;
  };
  const date::year end_year = date::year_month_day{second.last}.year();
  std::optional<DateValue> back = in_year(end_year);
  if (back && back->last > second.last) back = in_year(end_year - date::years{1});
  if (back && back->ok() && back->last <= second.last && back->first < was.first) return back;
  return std::nullopt;
}

}  // namespace

void Tagger::Run(Document& doc) const {
  const Impl& im = *impl_;
  std::string_view text = doc.text();
  if (text.empty() || text.size() > UINT32_MAX) return;
  detail::Context ctx;
  if (doc.dct.known() && doc.dct.date.ok()) {
    ctx.dct = doc.dct.date.first;
  } else if (doc.article.published) {
    ctx.dct = doc.article.published;
  }
  std::vector<int> hits;
  std::vector<Cue> cues;
  Span cue_sentence{1, 0};  // the sentence cues holds (none yet)
  // The interval of the last expression that others count from (ctx.ref).
  DateValue ref;
  uint32_t ref_sets = 0;  // how often ref was set (0: there is none)
  // The last expression resolved, when it is in the sentence at hand (for
  // ctx.span_before): where it went and its index there, and its sentence.
  const std::vector<Timex>* last_out = nullptr;
  size_t last_index = 0;
  Span last_sentence{1, 0};
  bool last_year_inferred = false;  // it names a month whose year the text does not give
  std::string value;
  DateValue date;
  detail::Captures caps;
  std::vector<Cap> set_caps;  // which entries of caps are set
  const uint32_t n = uint32_t(text.size());
  const bool one_scan = im.any != nullptr;

  // Resolves the selected expressions `line` (in text order, not overlapping,
  // negatives applied; their captures in `line_caps`) and appends them to out.
  // The one-scan path passes all it found in a stretch of text, the fallback
  // one line's.
  auto resolve = [&](std::span<const Candidate> line, std::span<const CapRef> line_caps,
                     std::vector<Timex>& out) {
    for (const Candidate& c : line) {
      const Rule& rule = im.rules[c.rule];
      // The sentence around the expression, for tense.
      std::string_view sentence;
      if (!doc.sentences.empty()) {
        auto it = std::upper_bound(doc.sentences.begin(), doc.sentences.end(), c.span.begin,
                                   [](uint32_t v, const Sentence& s) { return v < s.span.begin; });
        if (it != doc.sentences.begin()) {
          Span s = std::prev(it)->span;
          if (s.Contains(c.span) && s.end <= n) sentence = doc.text(s);
        }
      }
      if (sentence.empty()) {
        const Span l = LineAround(text, c.span.begin);
        size_t b = c.span.begin, e = c.span.end;
        while (b > l.begin && !(text[b - 1] == ' ' && b >= 2 && text[b - 2] == '.' &&
                                SentenceEndAt(text, b - 2)))
          --b;
        while (e < l.end && !(text[e] == '.' && SentenceEndAt(text, e))) ++e;
        sentence = text.substr(b, e - b);
      }
      uint32_t off = uint32_t(sentence.data() - text.data());
      Span sentence_span{off, off + uint32_t(sentence.size())};
      if (sentence_span != cue_sentence) {
        // The expressions this sentence's cues serve: this one and the
        // following ones within the sentence (the fallback: all of it).
        uint32_t lo = 0, hi = uint32_t(sentence.size());
        if (one_scan) {
          lo = c.span.begin - off;
          hi = c.span.end - off;
          for (const Candidate* q = &c; q < line.data() + line.size() && q->span.begin < sentence_span.end; ++q)
            if (q->span.end <= sentence_span.end) hi = std::max(hi, q->span.end - off);
        }
        im.FindCues(sentence, lo, hi, cues);
        cue_sentence = sentence_span;
      }
      ctx.tense = TenseAt(sentence, cues, c.span.begin - off, c.span.end - off, ctx.tense_near,
                          ctx.tense_present, ctx.tense_nearest);
      ctx.ref = ref_sets ? &ref : nullptr;
      ctx.span_before = last_out == &out && last_sentence == sentence_span &&
                                (*last_out)[last_index].type == TimexType::kDuration
                            ? &(*last_out)[last_index]
                            : nullptr;
      // Only the previous expression's captures are set: clear those.
      for (Cap k : set_caps) {
        caps.text[size_t(k)] = {};
        caps.lex[size_t(k)] = {};
      }
      set_caps.clear();
      for (const CapRef& r : line_caps.subspan(c.caps_at, c.ncaps)) {
        set_caps.push_back(r.cap);
        caps.text[size_t(r.cap)] = text.substr(r.begin, r.len);
        caps.lex[size_t(r.cap)] = r.lex;
      }
      if (!detail::Resolve(rule.spec, caps, ctx, value, date)) continue;
      Timex& t = out.emplace_back();
      t.span = c.span;
      t.type = rule.type;
      t.value = value;
      t.date = date;
      if (!t.date.dated()) {
        // Calendar values written by rules that do not compute an interval.
        if (auto d = DateValue::ParseTimex(std::string_view(value).substr(0, value.find('T'))))
          t.date = *d;
      }
      t.rule = rule.ref;
      // "from January to October" in a November article: the first end of a
      // range, a month whose year was inferred, does not come after the second
      // ("January" alone is the coming one, a range ending in the past October
      // starts in the past January).
      // It moves back only when the text gives the second's year or the first
      // was put after the DCT ("runs from November 29 to December 2" written
      // on November 29 keeps its start, whatever the second became).
      const bool year_given = caps.Has(Cap::kYear) || caps.Has(Cap::kYy) || caps.Has(Cap::kYdir) ||
                              caps.Has(Cap::kYc) || caps.Has(Cap::kYn);
      if (last_out == &out && last_sentence == sentence_span && last_year_inferred &&
          t.type == TimexType::kDate && t.date.dated() && t.date.ok()) {
        Timex& first = out[last_index];
        const DateValue was = first.date;
        if (first.type == TimexType::kDate && was.dated() && was.ok() && was.last > t.date.last &&
            (year_given || (ctx.dct && was.first > *ctx.dct)) && first.value == was.ToTimex() &&
            im.IsRange(text, off, first.span, t.span)) {
          if (auto back = RangeStart(was, t.date)) {
            first.date = *back;
            first.value = back->ToTimex();
            if (ref_sets && ref == was) ref = *back;
          }
        }
      }
      last_out = &out;
      last_index = out.size() - 1;
      last_sentence = sentence_span;
      last_year_inferred = YearInferred(rule, caps, year_given);
      // Expressions anchored on another one do not become anchors themselves.
      if (t.date.dated() && t.type != TimexType::kDuration && t.type != TimexType::kSet &&
          !rule.spec.anchor_ref && !rule.spec.anchor_quarter && !rule.spec.anchor_day) {
        ref = t.date;
        ++ref_sets;
      }
    }
  };

  if (!one_scan) {
    // The fallback matches line by line (each cut at sentence boundaries, as
    // the one-scan path is): an RE2::Set per piece, then its rules.
    std::vector<Candidate> cands, kept;
    std::vector<CapRef> cand_caps;
    uint32_t pos = 0;
    while (pos < n) {
      const Span line = LineAround(text, pos);
      ForEachPiece(doc.sentences, pos, line.end, [&](uint32_t piece_begin, uint32_t piece_end) {
        cands.clear();
        cand_caps.clear();
        kept.clear();
        im.MatchSegment(text, piece_begin, piece_end, hits, cands, cand_caps);
        // Leftmost-longest by the whole match, context included (as the one-scan
        // path's union sees it: "a year-earlier" beats "a year"), then the earlier rule.
        std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
          if (a.match.begin != b.match.begin) return a.match.begin < b.match.begin;
          if (a.match.size() != b.match.size()) return a.match.size() > b.match.size();
          return a.rule < b.rule;
        });
        uint32_t last_end = 0;
        for (const Candidate& c : cands) {
          if (im.rules[c.rule].negative()) continue;
          bool blocked = false;
          for (const Candidate& neg : cands) {
            if (!im.rules[neg.rule].negative() || !neg.span.Overlaps(c.span)) continue;
            if (!(c.span.Contains(neg.span) && c.span != neg.span)) {
              blocked = true;
              break;
            }
          }
          if (blocked || (c.match.begin < last_end)) continue;
          kept.push_back(c);
          last_end = c.match.end;
        }
        resolve(kept, cand_caps, doc.timexes);
      });
      pos = line.end + 1;
    }
    return;
  }

  // The one-scan path finds every expression of the text in one pass of the
  // union (few RE2 calls per article). The pass is cut at sentence boundaries:
  // no expression crosses one (a crossing one, as "Tuesday (Nov. | 9)" split by
  // segment, would be dropped by every reader of sentences anyway), so what is
  // found in a sentence does not depend on the text scanned around it.
  std::vector<Candidate> scanned;
  std::vector<CapRef> scanned_caps;
  auto scan = [&](uint32_t b, uint32_t e) {
    scanned.clear();
    scanned_caps.clear();
    ForEachPiece(doc.sentences, b, e,
                 [&](uint32_t p, uint32_t q) { im.Scan(text, p, q, hits, scanned, scanned_caps); });
  };
  if (!doc.focus) {
    scan(0, n);
    resolve(scanned, scanned_caps, doc.timexes);
    return;
  }
  // Focus: only the focus sentences are scanned. An expression that counts
  // from the one before it (UsesRef) needs the last anchor before it, which
  // may lie in the text between: that text is then scanned and resolved aside
  // (its expressions are not kept), so every value comes out as a scan of the
  // whole text gives it. ref is that of a scan of the whole text up to
  // exact_upto. The sentences scanned since exact_upto neither set ref nor
  // count from it (else it would have moved past them).
  uint32_t exact_upto = 0;
  std::vector<Timex> aside;
  for (uint32_t si : *doc.focus) {
    if (si >= doc.sentences.size()) break;
    const uint32_t a = doc.sentences[si].span.begin;
    const uint32_t b = std::min(doc.sentences[si].span.end, n);
    if (b <= a || a < exact_upto) continue;
    scan(a, b);
    if (exact_upto < a && std::any_of(scanned.begin(), scanned.end(), [&](const Candidate& c) {
          return detail::UsesRef(im.rules[c.rule].spec);
        })) {
      std::vector<Candidate> sentence = std::move(scanned);
      std::vector<CapRef> sentence_caps = std::move(scanned_caps);
      scan(exact_upto, a);
      aside.clear();
      last_out = nullptr;
      resolve(scanned, scanned_caps, aside);
      exact_upto = a;
      scanned = std::move(sentence);
      scanned_caps = std::move(sentence_caps);
    }
    const uint32_t sets_before = ref_sets;
    resolve(scanned, scanned_caps, doc.timexes);
    // ref is exact after b when it was before a, or when the sentence set it.
    if (exact_upto == a || ref_sets != sets_before) exact_upto = b;
  }
}

}  // namespace timeline::timex
