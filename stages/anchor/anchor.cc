// SPDX-License-Identifier: Apache-2.0
// anchor: dates for event mentions and their grouping; see anchor.h.
#include "stages/anchor/anchor.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "pipeline/literal_gate.h"

namespace timeline::anchor {

namespace detail {

std::optional<CueUnion> AnchoredUnion(const std::vector<std::string_view>& patterns) {
  if (patterns.empty()) return std::nullopt;
  bool all_end = true, all_begin = true;
  std::vector<std::string_view> bodies;
  for (std::string_view p : patterns) {
    auto pieces = SplitPattern(p);
    if (!pieces || pieces->empty()) return std::nullopt;
    int depth = 0;
    for (size_t k = 0; k < pieces->size(); ++k) {
      const PatternPiece& x = (*pieces)[k];
      if (x.kind != PieceKind::kByte) continue;
      if (x.text == "(") {
        ++depth;
        // A flag group "(?ims-U)" or "(?flags:": no multi-line ^ and $.
        for (size_t j = k + 1; j < pieces->size() && j < k + 2; ++j) {
          if ((*pieces)[j].text != "?") break;
          for (size_t f = j + 1; f < pieces->size(); ++f) {
            const PatternPiece& y = (*pieces)[f];
            if (y.kind != PieceKind::kByte || !std::isalpha(static_cast<unsigned char>(y.text[0])))
              break;
            if (y.text == "m") return std::nullopt;
          }
        }
      } else if (x.text == ")") {
        --depth;
      } else if (x.text == "|" && depth == 0) {
        return std::nullopt;
      }
    }
    if (depth != 0) return std::nullopt;
    const PatternPiece& last = pieces->back();
    all_end = all_end && last.kind == PieceKind::kByte && last.text == "$";
    const PatternPiece& first = pieces->front();
    all_begin = all_begin && first.kind == PieceKind::kByte && first.text == "^";
    bodies.push_back(p);
  }
  if (!all_end && !all_begin) return std::nullopt;
  std::string u = "(?:";
  for (size_t i = 0; i < bodies.size(); ++i) {
    if (i > 0) u += '|';
    u += "(?:";
    u += all_end ? bodies[i].substr(0, bodies[i].size() - 1) : bodies[i];
    u += ')';
  }
  u += ')';
  if (all_end) u += '$';
  return CueUnion{std::move(u), !all_end};
}

std::optional<std::array<bool, 256>> PunctuationBytes(std::string_view pattern) {
  auto punct = [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && !std::isalnum(u);
  };
  auto pieces = SplitPattern(pattern);
  if (!pieces || pieces->size() != 1) return std::nullopt;
  const PatternPiece& x = pieces->front();
  std::array<bool, 256> bytes{};
  constexpr std::string_view kMeta = ".^$|?*+()[]{}\\";
  if (x.kind == PieceKind::kByte) {
    if (!punct(x.text[0]) || kMeta.find(x.text[0]) != std::string_view::npos) return std::nullopt;
    bytes[static_cast<unsigned char>(x.text[0])] = true;
    return bytes;
  }
  if (x.kind == PieceKind::kEscape) {
    if (x.text.size() != 2 || !punct(x.text[1])) return std::nullopt;
    bytes[static_cast<unsigned char>(x.text[1])] = true;
    return bytes;
  }
  // A class: "[" chars "]", each a plain punctuation byte.
  const std::string_view in = x.text.substr(1, x.text.size() >= 2 ? x.text.size() - 2 : 0);
  if (x.text.size() < 3 || x.text.back() != ']' || in.front() == '^') return std::nullopt;
  for (char c : in) {
    if (!punct(c) || c == '\\' || c == '[' || c == ']' || c == '-') return std::nullopt;
    bytes[static_cast<unsigned char>(c)] = true;
  }
  return bytes;
}

namespace {

// A set of code points as ranges (unsorted, may overlap).
using CodePoints = std::vector<std::pair<char32_t, char32_t>>;
constexpr char32_t kMaxCodePoint = 0x10FFFF;

// What one part of a pattern can consume: the code points of its matches
// (a superset) and whether it can match the empty string.
struct Reads {
  CodePoints cps;
  bool nullable = true;
};

// A reader of the pattern subset CueAlphabet understands; `ok` turns false
// on anything else.
class AlphabetReader {
 public:
  explicit AlphabetReader(const std::vector<PatternPiece>& x) : x_(x) {}
  bool ok = true;
  size_t k = 0;

  // (A flag group "(?i)" holds to the end of its enclosing group, across
  // its alternatives.)
  Reads Alternation(bool fold) {
    Reads out = Concatenation(fold);
    while (ok && Is(k, "|")) {
      ++k;
      Reads r = Concatenation(fold);
      Add(out.cps, r.cps);
      out.nullable = out.nullable || r.nullable;
    }
    return out;
  }

 private:
  bool Is(size_t i, std::string_view t) const {
    return i < x_.size() && x_[i].kind == PieceKind::kByte && x_[i].text == t;
  }
  static void Add(CodePoints& to, const CodePoints& from) {
    to.insert(to.end(), from.begin(), from.end());
  }
  bool Digit(size_t i) const {
    return i < x_.size() && x_[i].kind == PieceKind::kByte &&
           std::isdigit(static_cast<unsigned char>(x_[i].text[0]));
  }
  static CodePoints All() { return {{0, kMaxCodePoint}}; }
  // Adds the other cases of what cps holds (RE2's folding of ASCII letters,
  // with K and S's Kelvin sign and long s); any other non-ASCII code point
  // outside General Punctuation may fold to anything non-ASCII.
  static void Fold(CodePoints& cps) {
    CodePoints more;
    for (auto [lo, hi] : cps) {
      for (char32_t c = lo; c <= hi && c < 0x80; ++c) {
        if (c >= 'a' && c <= 'z') more.push_back({c - 32, c - 32});
        if (c >= 'A' && c <= 'Z') more.push_back({c + 32, c + 32});
        if (c == 'k' || c == 'K') more.push_back({0x212A, 0x212A});
        if (c == 's' || c == 'S') more.push_back({0x17F, 0x17F});
      }
      if (hi >= 0x80 && (lo < 0x2000 || hi > 0x206F)) more.push_back({0x80, kMaxCodePoint});
    }
    Add(cps, more);
  }
  // The code point of a UTF-8 sequence starting at s[i]; advances i.
  static std::optional<char32_t> Decode(std::string_view s, size_t& i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
    if (n < 0 || i + size_t(n) >= s.size() + (n == 0 ? 1 : 0)) return std::nullopt;
    char32_t cp = n == 0 ? c : c & (0x3F >> n);
    ++i;
    for (int j = 0; j < n; ++j, ++i) {
      if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    }
    return cp;
  }
  // An escape's code points ("\d", "\s", "\w", a punctuation or control
  // escape); nullopt for what this does not read. Sets zero_width for \b etc.
  std::optional<CodePoints> Escape(std::string_view e, bool& zero_width) const {
    zero_width = false;
    if (e.size() != 2) return std::nullopt;
    const char c = e[1];
    switch (c) {
      case 'd': return CodePoints{{'0', '9'}};
      case 's': return CodePoints{{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}};
      case 'w': return CodePoints{{'0', '9'}, {'A', 'Z'}, {'a', 'z'}, {'_', '_'}};
      case 'D': case 'S': case 'W': return All();
      case 'b': case 'B': case 'A': case 'z': zero_width = true; return CodePoints{};
      case 'n': return CodePoints{{'\n', '\n'}};
      case 't': return CodePoints{{'\t', '\t'}};
      case 'r': return CodePoints{{'\r', '\r'}};
      case 'f': return CodePoints{{'\f', '\f'}};
      case 'v': return CodePoints{{'\v', '\v'}};
      default: break;
    }
    const unsigned char u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7F && !std::isalnum(u)) return CodePoints{{u, u}};
    return std::nullopt;
  }
  std::optional<CodePoints> Class(std::string_view t) const {
    std::string_view in = t.substr(1, t.size() - 2);
    if (!in.empty() && in.front() == '^') return All();
    CodePoints out;
    // A single code point just read, which may start a range "a-z".
    char32_t prev = 0;
    bool has_prev = false;
    for (size_t i = 0; i < in.size();) {
      if (in[i] == '-' && has_prev && i + 1 < in.size()) {
        ++i;
        if (in[i] == '\\') return std::nullopt;
        auto hi = Decode(in, i);
        if (!hi || *hi < prev) return std::nullopt;
        out.back().second = *hi;
        has_prev = false;
        continue;
      }
      if (in[i] == '\\') {
        bool zw = false;
        auto e = Escape(in.substr(i, 2), zw);
        if (!e || zw) return std::nullopt;
        has_prev = e->size() == 1 && (*e)[0].first == (*e)[0].second;
        prev = has_prev ? (*e)[0].first : 0;
        Add(out, *e);
        i += 2;
        continue;
      }
      auto c = Decode(in, i);
      if (!c) return std::nullopt;
      out.push_back({*c, *c});
      prev = *c;
      has_prev = true;
    }
    return out;
  }
  Reads Concatenation(bool& fold) {
    Reads out;
    while (ok && k < x_.size() && !Is(k, "|") && !Is(k, ")")) {
      Reads r = Repeat(fold);
      Add(out.cps, r.cps);
      out.nullable = out.nullable && r.nullable;
    }
    return out;
  }
  Reads Repeat(bool& fold) {
    Reads r = Atom(fold);
    if (!ok) return r;
    if (Is(k, "*") || Is(k, "?")) {
      r.nullable = true;
      ++k;
    } else if (Is(k, "+")) {
      ++k;
    } else if (Is(k, "{")) {
      size_t j = k + 1;
      int min = 0;
      bool digits = false;
      for (; Digit(j); ++j) {
        min = std::min(min * 10 + (x_[j].text[0] - '0'), 1000);
        digits = true;
      }
      if (Is(j, ",")) ++j;
      while (Digit(j)) ++j;
      if (!digits || !Is(j, "}")) {
        ok = false;
        return r;
      }
      if (min == 0) r.nullable = true;
      k = j + 1;
    } else {
      return r;
    }
    if (Is(k, "?")) ++k;  // lazy
    if (Is(k, "*") || Is(k, "+") || Is(k, "?") || Is(k, "{")) ok = false;
    return r;
  }
  Reads Atom(bool& fold) {
    const PatternPiece& p = x_[k];
    Reads r;
    if (p.kind == PieceKind::kEscape) {
      bool zw = false;
      auto e = Escape(p.text, zw);
      ++k;
      if (!e) {
        ok = false;
        return r;
      }
      r.cps = *e;
      r.nullable = zw;
    } else if (p.kind == PieceKind::kClass) {
      auto c = Class(p.text);
      ++k;
      if (!c) {
        ok = false;
        return r;
      }
      r.cps = *c;
      r.nullable = false;
    } else if (Is(k, "(")) {
      ++k;
      bool inner = fold;
      if (Is(k, "?")) {
        ++k;
        if (Is(k, "P") || Is(k, "<")) {  // a named group (?P<name>...)
          while (k < x_.size() && !Is(k, ">")) ++k;
          ++k;
        } else {
          // Flags "(?i-s)" for the rest of this group, or "(?i:" for a group.
          bool on = true;
          for (; k < x_.size() && !Is(k, ")") && !Is(k, ":"); ++k) {
            if (Is(k, "-")) on = false;
            else if (Is(k, "i")) inner = on;
            else if (Is(k, "m")) ok = false;
          }
          if (Is(k, ")")) {
            ++k;
            fold = inner;  // to the end of the enclosing group
            return r;
          }
          ++k;  // ':'
        }
      }
      r = Alternation(inner);
      if (!Is(k, ")")) ok = false;
      ++k;
      return r;
    } else if (Is(k, "^") || Is(k, "$")) {
      ++k;
      return r;
    } else if (Is(k, ".")) {
      ++k;
      r.cps = All();
      r.nullable = false;
      return r;
    } else if (Is(k, "*") || Is(k, "+") || Is(k, "?") || Is(k, "{") || Is(k, "|") || Is(k, ")")) {
      ok = false;
      return r;
    } else {
      // One literal code point (its UTF-8 bytes are pieces of their own).
      std::string bytes(p.text);
      ++k;
      while (k < x_.size() && x_[k].kind == PieceKind::kByte &&
             (static_cast<unsigned char>(x_[k].text[0]) & 0xC0) == 0x80 &&
             static_cast<unsigned char>(bytes[0]) >= 0xC0)
        bytes += x_[k++].text;
      size_t i = 0;
      auto c = Decode(bytes, i);
      if (!c || i != bytes.size()) {
        ok = false;
        return r;
      }
      r.cps = {{*c, *c}};
      r.nullable = false;
    }
    if (fold) Fold(r.cps);
    return r;
  }

  const std::vector<PatternPiece>& x_;
};

}  // namespace

std::optional<CueAlphabet> ReadAlphabet(std::string_view pattern, bool case_insensitive) {
  auto pieces = SplitPattern(pattern);
  if (!pieces) return std::nullopt;
  AlphabetReader reader(*pieces);
  Reads r = reader.Alternation(case_insensitive);
  if (!reader.ok || reader.k != pieces->size()) return std::nullopt;
  return CueAlphabet{std::move(r.cps), r.nullable};
}

bool Disjoint(const CueAlphabet& a, const CueAlphabet& b) {
  for (auto [alo, ahi] : a.code_points) {
    for (auto [blo, bhi] : b.code_points) {
      if (alo <= bhi && blo <= ahi) return false;
    }
  }
  return true;
}

}  // namespace detail

namespace {
// How far back (in mentions) a mention looks for an earlier mention of the
// same event within the article.
constexpr size_t kMaxLookback = 256;
}  // namespace

namespace {

constexpr std::string_view kCues = "anchor/data/anchor_cues.tsv";
constexpr std::string_view kNumbers = "anchor/data/numbers.tsv";
constexpr std::string_view kTypeCompat = "mentions/data/type_compat.tsv";
constexpr std::string_view kActors = "mentions/data/actors.tsv";
constexpr std::string_view kPlaces = "mentions/data/places.tsv";
constexpr std::string_view kAreas = "merge/data/areas.tsv";
constexpr std::string_view kDateline = "anchor/data/dateline.tsv";
// The dateline is looked for in the paragraphs that begin this near the top.
constexpr uint32_t kDatelineTop = 2000;
// The bytes of a paragraph's head a dateline may take ("WASHINGTON, D.C.
// (Reuters) — ").
constexpr size_t kDatelineHead = 120;
// The most words of a place's name ("Great Hall of the People").
constexpr int kMaxPlaceWords = 5;

enum class CueKind : uint8_t {
  kClauseBreak,
  kClauseJoin,
  kSkipTimex,
  kClauseOnly,
  kRelative,
  kDctFrame,
  kCoordination,
  kPhraseBreak,
  kClosingSpan,
  kPlanDate,
  kWhenClause,
  kSharedDate,
  kSummitDay,
  kRepeatDate,
  kNumKinds
};

// A kind's cues are gated by their literals (LiteralGate) when each needs
// one of at least kMinLiteral bytes ("by", "and"), they need at most
// kMaxLiterals in all (more memchr passes cost more than the RE2 call) and
// each cue is at most kMaxGatedCue bytes long (FilteredRE2 takes
// milliseconds over the long alternations of words).
constexpr int kMinLiteral = 2;
constexpr size_t kMaxLiterals = 8;
constexpr size_t kMaxGatedCue = 100;

// The DFA budget of each cue RE2::Set (RE2's default, 8 MB, is thrown away
// and rebuilt over and over for the larger Sets).
constexpr int64_t kSetMaxMem = int64_t{64} << 20;

struct Cue {
  CueKind kind;
  RuleRef rule;
  std::unique_ptr<RE2> re;
};

constexpr float kDctConfidence = 0.4f;
// A sentence at least this long opens the body: the paragraphs before it are
// the headline, section, date and byline lines.
constexpr uint32_t kLeadSentenceBytes = 80;
// How far before a temporal expression a repeat_date cue is looked for.
constexpr uint32_t kRepeatCueBytes = 24;
// Set on mentions that only a date in their own clause may date (past perfect).
constexpr std::string_view kClauseOnlyNote = "date: own clause only (past perfect)";

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }


std::string Lower(std::string_view w) {
  std::string lower(w);
  for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// "summit G20 2022 2022-11-15..2022-11-16 mentions/data/summits.tsv:45 G20":
// the calendar dates the mentions stage found for a named summit.
struct SummitNote {
  date::sys_days start{}, end{};
  std::string_view text;
};

std::optional<SummitNote> FindSummitNote(const Mention& m) {
  for (const std::string& n : m.notes) {
    if (n.rfind("summit ", 0) != 0) continue;
    size_t dots = n.find("..");
    if (dots == std::string::npos || dots < 10) continue;
    auto s = DateValue::ParseIsoDay(std::string_view(n).substr(dots - 10, 10));
    auto e = DateValue::ParseIsoDay(std::string_view(n).substr(dots + 2, 10));
    if (s && e) return SummitNote{*s, *e, n};
  }
  return std::nullopt;
}

// An occurred event dated after the publication date is to come.
void PlannedAfterPublication(const Document& doc, Mention& m) {
  if (doc.dct.known() && m.status == EventStatus::kOccurred && m.date.first > doc.dct.date.last) {
    m.status = EventStatus::kPlanned;
    m.notes.emplace_back("status planned: dated after the publication date");
  }
}

bool HasNote(const Mention& m, std::string_view note) {
  return std::find(m.notes.begin(), m.notes.end(), note) != m.notes.end();
}

bool DatesCompatible(const DateValue& a, const DateValue& b) {
  return !a.dated() || !b.dated() || a.Overlaps(b);
}

size_t Shared(const Mention& a, const Mention& b) {
  size_t n = 0;
  for (const std::string& p : a.participants) {
    if (std::find(b.participants.begin(), b.participants.end(), p) != b.participants.end()) ++n;
  }
  return n;
}

// Lists threaded through `next` (one node per item, one allocation for
// all): Group keeps the distinct dates and places of each group this way, a
// node moving to the list of the group its own joins.
constexpr size_t kEnd = SIZE_MAX;
struct Lists {
  std::vector<size_t> head, next;  // head per list; next per node
  explicit Lists(size_t n) : head(n, kEnd), next(n, kEnd) {}
  // Moves the nodes of list `from` whose value list `to` lacks onto it.
  template <typename Value>
  void Merge(size_t from, size_t to, Value value) {
    for (size_t x = head[from]; x != kEnd;) {
      const size_t after = next[x];
      bool found = false;
      for (size_t y = head[to]; y != kEnd && !found; y = next[y]) found = value(y) == value(x);
      if (!found) {
        next[x] = head[to];
        head[to] = x;
      }
      x = after;
    }
    head[from] = kEnd;
  }
};

}  // namespace

struct Anchorer::Impl {
  std::vector<Cue> cues;
  // The cues of each kind in one RE2::Set, their exact patterns: Any() of a
  // kind with several cues is one DFA pass instead of one per cue, and
  // Clause() runs only the clause breaks that occur in the sentence. Null
  // when a kind has no cue or the Set could not be built.
  struct KindSet {
    std::unique_ptr<RE2::Set> set;
    std::vector<uint32_t> cue;  // set index -> index into cues
  };
  std::array<KindSet, size_t(CueKind::kNumKinds)> sets;
  // For Any() of a kind with several cues all anchored the same way (the
  // clause joins "^...", the skip_timex cues "...$"): their AnchoredUnion,
  // matched as it says, instead of the Set's pass over the whole text.
  // Null for the other kinds and on the kOneByOne path.
  struct Union {
    std::unique_ptr<RE2> re;
    RE2::Anchor anchor = RE2::UNANCHORED;
  };
  std::array<Union, size_t(CueKind::kNumKinds)> unions;
  // The clause_break cues whose matches are single punctuation bytes
  // (",", "[;:]"; PunctuationBytes), with the Sets only: Clause() finds them
  // with this table (how many such cues match each byte) instead of one
  // RE2 call per comma, and the clause_break Set holds the other cues.
  std::array<uint8_t, 256> break_bytes{};
  std::vector<char> byte_cue;  // per cue: found through break_bytes
  std::string break_byte_list;  // the bytes break_bytes counts, once each
  // The other clause_break cues in one RE2, when there is one of them or
  // when they read disjoint code points and match no empty string
  // (detail::ReadAlphabet): then the left-to-right matches of their
  // alternation are the matches of each, and Clause() finds them with one
  // loop and no Set pass. Null otherwise (the Set, then a loop per cue).
  const RE2* break_re = nullptr;
  std::unique_ptr<RE2> break_union;  // break_re when it is an alternation
  // Per kind, with the Sets: the literals its cues need (LiteralGate), when
  // every cue needs one and they are few: Any() answers no without an RE2
  // call (a thousand instructions on a window of a few words) when the
  // text holds none ("had", "again", "when", "and|before|then").
  std::array<std::optional<LiteralGate>, size_t(CueKind::kNumKinds)> literals;
  // The cues of each kind (indices into cues), for the kinds matched one
  // cue at a time.
  std::array<std::vector<uint32_t>, size_t(CueKind::kNumKinds)> of_kind;
  std::unordered_map<std::string_view, int> numbers;
  std::vector<std::pair<std::string_view, std::string_view>> compat;
  std::unordered_map<std::string_view, bool> countries;  // canonical country names
  // Canonical place -> its country and whether it is a city (places.tsv).
  struct Place {
    std::string_view country;
    bool city = false;
    std::string_view area;  // merge/data/areas.tsv, or ""
  };
  std::unordered_map<std::string_view, Place> places;
  // Lower-cased surface of a city, region or venue (places.tsv) -> its
  // canonical name: what a dateline may name.
  std::unordered_map<std::string, std::string_view> dateline_places;
  // dateline.tsv: its patterns, the event types that take its place, and how
  // far from the publication date their dates may lie.
  std::vector<std::pair<RuleRef, std::unique_ptr<RE2>>> dateline_patterns;
  std::vector<std::string_view> dateline_types;
  int dateline_days = 0;
  RuleRef dateline_days_rule;
  // Two places one event cannot have been in: two cities, or two countries.
  bool PlacesApart(std::string_view x, std::string_view y) const {
    if (x == y) return false;
    auto px = places.find(x), py = places.find(y);
    if (px == places.end() || py == places.end()) return false;
    if (!px->second.area.empty() && px->second.area == py->second.area) return false;
    if (px->second.city && py->second.city) return true;
    return !px->second.country.empty() && !py->second.country.empty() &&
           px->second.country != py->second.country;
  }

  // Only countries: a weak statement of who took part ("the U.S. and China").
  bool OnlyCountries(const Mention& m) const {
    for (const std::string& p : m.participants) {
      if (!countries.count(p)) return false;
    }
    return true;
  }
  bool Compatible(std::string_view a, std::string_view b) const {
    if (a == b) return true;
    for (auto& [x, y] : compat) {
      if ((x == a && y == b) || (x == b && y == a)) return true;
    }
    return false;
  }
  // The length in days of an event the text before its trigger says has
  // just ended ("concluded their two-day"), and the cue that says so; 0 when none.
  std::pair<int, const Cue*> ClosingSpan(std::string_view before) const {
    for (const Cue& c : cues) {
      if (c.kind != CueKind::kClosingSpan) continue;
      const int ng = c.re->NumberOfCapturingGroups();
      std::vector<re2::StringPiece> sub(size_t(ng) + 1);
      if (!c.re->Match(before, 0, before.size(), RE2::UNANCHORED, sub.data(), ng + 1)) continue;
      auto it = c.re->NamedCapturingGroups().find("n");
      if (it == c.re->NamedCapturingGroups().end() || !sub[size_t(it->second)].data()) continue;
      const int n = Count(std::string_view(sub[size_t(it->second)].data(), sub[size_t(it->second)].size()));
      if (n > 1 && n <= 31) return {n, &c};
    }
    return {0, nullptr};
  }
  // A number word (numbers.tsv) or digits; 0 when neither.
  int Count(std::string_view w) const {
    const std::string lower = Lower(w);
    if (auto it = numbers.find(lower); it != numbers.end()) return it->second;
    int v = 0;
    for (char ch : lower) {
      if (ch < '0' || ch > '9' || v > 1000) return 0;
      v = v * 10 + (ch - '0');
    }
    return v;
  }
  bool Any(CueKind kind, std::string_view text) const {
    if (const auto& gate = literals[size_t(kind)]; gate && !gate->MayMatch(text)) return false;
    if (const Union& u = unions[size_t(kind)]; u.re)
      return u.re->Match(text, 0, text.size(), u.anchor, nullptr, 0);
    const KindSet& k = sets[size_t(kind)];
    if (k.set && k.cue.size() > 1) {
      RE2::Set::ErrorInfo info{};
      if (k.set->Match(re2::StringPiece(text.data(), text.size()), nullptr, &info)) return true;
      if (info.kind == RE2::Set::kNoError) return false;
      // e.g. the DFA ran out of memory: one cue at a time
    }
    // Whether it matches: the DFA alone (what RE2::PartialMatch does, without
    // its argument handling).
    for (uint32_t i : of_kind[size_t(kind)]) {
      if (cues[i].re->Match(text, 0, text.size(), RE2::UNANCHORED, nullptr, 0)) return true;
    }
    return false;
  }
  // The clause breaks of one sentence: the clause_break cues' matches
  // [b, e) that lie in no timex and are followed by no clause_join cue.
  // Kept by Date() for the sentence at hand. Whether a clause_join cue
  // follows is asked only of the breaks nearest a position (the others
  // cannot bound its clause), once per break.
  struct ClauseBreaks {
    bool known = false;
    Span sent{};
    std::vector<Span> breaks;      // in no timex; sorted by begin
    std::vector<uint32_t> by_end;  // indices into breaks, sorted by end
    std::vector<int8_t> joined;    // per break: -1 not asked yet, else Any(kClauseJoin, after it)
    std::vector<char> occurs;      // scratch: per cue, may it match in the sentence
    std::vector<int> hits;         // scratch: Set indices
  };
  // The clause of the sentence that holds pos: [begin, end). The breaks
  // are found once per sentence (cache).
  Span Clause(const Document& doc, Span sent, uint32_t pos, ClauseBreaks& cache) const;
  // The summit an article reports from: the one summit it names whose days
  // hold its publication date (or ended the day before).
  struct Live {
    date::sys_days start{}, end{};
    std::string series;
  };
  static std::optional<Live> LiveSummit(const Document& doc);
  // A day of that summit's programme a summit_day cue names in the sentence
  // ("Before the opening session, ..."): the day, the cue's span, the reason.
  struct SummitDay {
    date::sys_days day{};
    Span span;
    std::string reason;
  };
  std::optional<SummitDay> OnSummitDay(const Document& doc, Span sent, const Live& live) const;
  void Date(Document& doc, std::vector<Mention>& extra) const;
  void Group(Document& doc) const;
  // Where the article was written: the place its dateline names, and the
  // paragraph text that says so; nullopt without a dateline.
  struct Dateline {
    std::string_view place, text;
    const RuleRef* rule = nullptr;
  };
  std::optional<Dateline> FindDateline(const Document& doc) const;
  // Whether the sentence of m, or the sentence before it in its paragraph,
  // names a city, region or venue other than `place` (outside `skip`, the
  // dateline): then m may have happened there.
  bool Elsewhere(const Document& doc, const Mention& m, std::string_view place,
                 std::string_view skip) const;
  // An event of the dateline's types whose mentions name no place (after
  // Group: the event is the group) took place where the summit the article
  // names was held, when dated during it; else, when dated in the dateline's
  // days, at the dateline.
  void Locate(Document& doc) const;
};

Anchorer::Anchorer() : impl_(std::make_unique<Impl>()) {}
Anchorer::Anchorer(Anchorer&&) noexcept = default;
Anchorer& Anchorer::operator=(Anchorer&&) noexcept = default;
Anchorer::~Anchorer() = default;

Result<Anchorer> Anchorer::Load(const RuleStore& rules, CuePath path) {
  Anchorer a;
  Impl& s = *a.impl_;
  auto rows = ReadTsv(rules, kCues, 4, 4);
  if (!rows.ok()) return rows.error();
  static const std::map<std::string_view, CueKind> kKinds = {
      {"clause_break", CueKind::kClauseBreak}, {"clause_join", CueKind::kClauseJoin},
      {"skip_timex", CueKind::kSkipTimex},     {"clause_only", CueKind::kClauseOnly},
      {"relative", CueKind::kRelative},        {"dct_frame", CueKind::kDctFrame},
      {"coordination", CueKind::kCoordination}, {"phrase_break", CueKind::kPhraseBreak},
      {"closing_span", CueKind::kClosingSpan}, {"plan_date", CueKind::kPlanDate},
      {"when_clause", CueKind::kWhenClause}, {"shared_date", CueKind::kSharedDate},
      {"summit_day", CueKind::kSummitDay}, {"repeat_date", CueKind::kRepeatDate}};
  for (const TsvRow& row : *rows) {
    auto it = kKinds.find(row[1]);
    if (it == kKinds.end()) {
      return Error(std::string(rules.Origin(kCues)), row.line,
                   fmt::format("{}: unknown kind \"{}\"", row[0], row[1]));
    }
    RE2::Options o(RE2::Quiet);
    o.set_case_sensitive(false);
    if (row[2].empty()) return RowError(rules, kCues, row, row[0], "empty pattern");
    auto re = CompileRule(rules, kCues, row, row[0], row[2], o);
    if (!re.ok()) return re.error();
    if (it->second == CueKind::kSummitDay && !(*re)->NamedCapturingGroups().count("edge"))
      return RowError(rules, kCues, row, row[0], "a summit_day pattern needs a group named edge");
    s.cues.push_back(Cue{it->second, RuleRef{kCues, row.line, row[0]}, std::move(re).value()});
  }
  for (uint32_t i = 0; i < s.cues.size(); ++i) s.of_kind[size_t(s.cues[i].kind)].push_back(i);
  s.byte_cue.assign(s.cues.size(), 0);
  for (uint32_t i = 0; i < s.cues.size() && path == CuePath::kSets; ++i) {
    if (s.cues[i].kind != CueKind::kClauseBreak) continue;
    auto bytes = detail::PunctuationBytes(s.cues[i].re->pattern());
    if (!bytes) continue;
    s.byte_cue[i] = 1;
    for (size_t b = 0; b < bytes->size(); ++b) s.break_bytes[b] += (*bytes)[b] ? 1 : 0;
  }
  for (size_t b = 0; b < s.break_bytes.size(); ++b) {
    if (s.break_bytes[b] > 0) s.break_byte_list += char(b);
  }
  std::vector<uint32_t> regex_breaks;
  for (uint32_t i = 0; i < s.cues.size() && path == CuePath::kSets; ++i) {
    if (s.cues[i].kind == CueKind::kClauseBreak && !s.byte_cue[i]) regex_breaks.push_back(i);
  }
  if (regex_breaks.size() == 1) {
    s.break_re = s.cues[regex_breaks[0]].re.get();
  } else if (regex_breaks.size() > 1) {
    std::vector<detail::CueAlphabet> alphabets;
    bool disjoint = true;
    for (uint32_t i : regex_breaks) {
      auto alpha = detail::ReadAlphabet(s.cues[i].re->pattern(), true);
      disjoint = disjoint && alpha && !alpha->nullable;
      for (const detail::CueAlphabet& b : alphabets)
        disjoint = disjoint && detail::Disjoint(*alpha, b);
      if (!disjoint) break;
      alphabets.push_back(std::move(*alpha));
    }
    if (disjoint) {
      std::string alt;
      for (uint32_t i : regex_breaks) {
        alt += alt.empty() ? "(?:" : "|(?:";
        alt += s.cues[i].re->pattern();
        alt += ')';
      }
      RE2::Options o(RE2::Quiet);
      o.set_case_sensitive(false);
      o.set_never_capture(true);
      auto re = std::make_unique<RE2>(alt, o);
      if (re->ok()) {
        s.break_union = std::move(re);
        s.break_re = s.break_union.get();
      }
    }
  }
  RE2::Options set_opts(RE2::Quiet);
  set_opts.set_case_sensitive(false);
  set_opts.set_max_mem(kSetMaxMem);
  for (uint32_t i = 0; i < s.cues.size() && path == CuePath::kSets; ++i) {
    if (s.byte_cue[i] || (s.break_re && s.cues[i].kind == CueKind::kClauseBreak)) continue;
    Impl::KindSet& k = s.sets[size_t(s.cues[i].kind)];
    if (k.cue.empty()) k.set = std::make_unique<RE2::Set>(set_opts, RE2::UNANCHORED);
    if (k.set && k.set->Add(s.cues[i].re->pattern(), nullptr) < 0) k.set.reset();
    k.cue.push_back(i);
  }
  for (Impl::KindSet& k : s.sets) {
    if (k.set && !k.set->Compile()) k.set.reset();
  }
  for (size_t kind = 0; kind < s.of_kind.size() && path == CuePath::kSets; ++kind) {
    if (kind == size_t(CueKind::kClauseBreak) || s.of_kind[kind].size() < 2) continue;
    std::vector<std::string_view> patterns;
    for (uint32_t i : s.of_kind[kind]) patterns.push_back(s.cues[i].re->pattern());
    auto u = detail::AnchoredUnion(patterns);
    if (!u) continue;
    RE2::Options o(RE2::Quiet);
    o.set_case_sensitive(false);
    o.set_never_capture(true);
    auto re = std::make_unique<RE2>(u->pattern, o);
    if (re->ok())
      s.unions[kind] = Impl::Union{std::move(re), u->anchor_start ? RE2::ANCHOR_START : RE2::UNANCHORED};
  }
  for (size_t kind = 0; kind < s.of_kind.size() && path == CuePath::kSets; ++kind) {
    std::vector<std::string> patterns;
    bool short_cues = true;
    for (uint32_t i : s.of_kind[kind]) {
      patterns.push_back(s.cues[i].re->pattern());
      short_cues = short_cues && patterns.back().size() <= kMaxGatedCue;
    }
    RE2::Options o(RE2::Quiet);
    o.set_case_sensitive(false);
    if (short_cues) s.literals[kind] = LiteralGate::Of(patterns, o, kMinLiteral, kMaxLiterals);
  }
  auto nums = ReadTsv(rules, kNumbers, 2, 2);
  if (!nums.ok()) return nums.error();
  for (const TsvRow& row : *nums) {
    int v = 0;
    for (char c : row[1]) {
      if (c < '0' || c > '9' || v > 1000) {
        return Error(std::string(rules.Origin(kNumbers)), row.line,
                     fmt::format("{}: value must be a small number", row[0]));
      }
      v = v * 10 + (c - '0');
    }
    s.numbers[row[0]] = v;
  }
  auto tc = ReadTsv(rules, kTypeCompat, 3, 3);
  if (!tc.ok()) return tc.error();
  for (const TsvRow& row : *tc) s.compat.emplace_back(row[0], row[1]);
  auto actors = ReadTsv(rules, kActors, 4, 5);
  if (!actors.ok()) return actors.error();
  for (const TsvRow& row : *actors) {
    if (row[2] == "country") s.countries[row[1]] = true;
  }
  auto places = ReadTsv(rules, kPlaces, 4, 4);
  if (!places.ok()) return places.error();
  for (const TsvRow& row : *places) {
    s.places[row[1]] = Impl::Place{row[2] == "country" ? row[1] : row[3], row[2] == "city"};
    if (row[2] != "country") s.dateline_places.emplace(Lower(row[0]), row[1]);
  }
  if (rules.Has(kAreas)) {
    auto areas = ReadTsv(rules, kAreas, 2, 2);
    if (!areas.ok()) return areas.error();
    for (const TsvRow& row : *areas) {
      auto it = s.places.find(row[0]);
      if (it != s.places.end()) it->second.area = row[1];
    }
  }
  auto dl = ReadTsv(rules, kDateline, 3, 3);
  if (!dl.ok()) return dl.error();
  for (const TsvRow& row : *dl) {
    if (row[0] == "pattern") {
      RE2::Options o(RE2::Quiet);
      auto re = CompileRule(rules, kDateline, row, row[0], row[1], o);
      if (!re.ok()) return re.error();
      if ((*re)->NamedCapturingGroups().count("place") == 0)
        return RowError(rules, kDateline, row, row[0], "the pattern has no group named place");
      RuleRef ref{kDateline, row.line, "dateline"};
      s.dateline_patterns.emplace_back(ref, std::move(re).value());
    } else if (row[0] == "type") {
      s.dateline_types.push_back(row[1]);
    } else if (row[0] == "days") {
      int d = s.Count(row[1]);
      if (d <= 0 && row[1] != "0")
        return RowError(rules, kDateline, row, row[0], "days must be a number");
      s.dateline_days = d;
      s.dateline_days_rule = RuleRef{kDateline, row.line, "days"};
    } else {
      return RowError(rules, kDateline, row, row[0],
                      "unknown kind (expected pattern, type or days)");
    }
  }
  return a;
}

Span Anchorer::Impl::Clause(const Document& doc, Span sent, uint32_t pos, ClauseBreaks& cache) const {
  if (!cache.known || cache.sent.begin != sent.begin || cache.sent.end != sent.end) {
    cache.known = true;
    cache.sent = sent;
    cache.breaks.clear();
    const std::string_view st = doc.text(sent);
    // Which clause breaks occur in the sentence at all (the others would
    // cost a DFA pass each to find nothing).
    const KindSet& k = sets[size_t(CueKind::kClauseBreak)];
    std::vector<char>& occurs = cache.occurs;
    std::vector<int>& hits = cache.hits;
    occurs.assign(cues.size(), 1);
    if (k.set && !break_re) {
      RE2::Set::ErrorInfo info{};
      if (k.set->Match(re2::StringPiece(st.data(), st.size()), &hits, &info) ||
          info.kind == RE2::Set::kNoError) {
        for (uint32_t i : k.cue) occurs[i] = 0;
        for (int h : hits) occurs[k.cue[size_t(h)]] = 1;
      }
    }
    // A break [b, e) unless it lies in a timex.
    auto add = [&](uint32_t b, uint32_t e) {
      // Timexes are in text order and do not overlap: only the last one
      // that begins before the cue's end can overlap it.
      auto after_cue = std::lower_bound(doc.timexes.begin(), doc.timexes.end(), std::max(e, b + 1),
                                        [](const Timex& t, uint32_t x) { return t.span.begin < x; });
      const bool in_timex = after_cue != doc.timexes.begin() &&
                            Overlaps(std::prev(after_cue)->span, Span{b, std::max(e, b + 1)});
      if (!in_timex) cache.breaks.push_back(Span{b, e});
    };
    // Every match of a cue, left to right, each search from the end of the
    // match before it.
    auto each_match = [&](const RE2& re) {
      re2::StringPiece m;
      size_t p = 0;
      while (p < st.size() && re.Match(st, p, st.size(), RE2::UNANCHORED, &m, 1)) {
        uint32_t b = sent.begin + uint32_t(m.data() - st.data());
        uint32_t e = b + uint32_t(m.size());
        p = size_t(m.data() - st.data()) + std::max<size_t>(m.size(), 1);
        add(b, e);
      }
    };
    if (break_re) {
      each_match(*break_re);
    } else {
      for (size_t ci = 0; ci < cues.size(); ++ci) {
        const Cue& c = cues[ci];
        if (c.kind != CueKind::kClauseBreak || !occurs[ci] || byte_cue[ci]) continue;
        each_match(*c.re);
      }
    }
    // The single-byte cues match at every occurrence of their bytes (one
    // break per cue that matches the byte, as their RE2 loops would give),
    // found with memchr byte by byte (the order of the breaks found does not
    // matter: they are sorted below, and equal breaks are alike).
    for (const char c : break_byte_list) {
      const uint8_t n = break_bytes[static_cast<unsigned char>(c)];
      for (const char* p = st.data(); (p = static_cast<const char*>(
                                            std::memchr(p, c, size_t(st.data() + st.size() - p))));
           ++p) {
        const uint32_t at = sent.begin + uint32_t(p - st.data());
        for (uint8_t copy = 0; copy < n; ++copy) add(at, at + 1);
      }
    }
    std::sort(cache.breaks.begin(), cache.breaks.end(), [](Span x, Span y) {
      return x.begin != y.begin ? x.begin < y.begin : x.end < y.end;
    });
    cache.by_end.resize(cache.breaks.size());
    for (uint32_t i = 0; i < cache.by_end.size(); ++i) cache.by_end[i] = i;
    std::sort(cache.by_end.begin(), cache.by_end.end(), [&](uint32_t x, uint32_t y) {
      return cache.breaks[x].end != cache.breaks[y].end ? cache.breaks[x].end < cache.breaks[y].end
                                                        : x < y;
    });
    cache.joined.assign(cache.breaks.size(), -1);
  }
  // A break followed by a clause_join cue ("..., which", "..., on Monday")
  // does not end the clause.
  auto is_break = [&](uint32_t i) {
    if (cache.joined[i] < 0) {
      const uint32_t e = cache.breaks[i].end;
      const std::string_view after = doc.text().substr(e, std::min<uint32_t>(40, sent.end - e));
      cache.joined[i] = Any(CueKind::kClauseJoin, after) ? 1 : 0;
    }
    return cache.joined[i] == 0;
  };
  // The clause begins at the end of the last break that ends at or before
  // pos, and ends at the first break that begins at or after it.
  uint32_t begin = sent.begin, end = sent.end;
  for (size_t k = cache.by_end.size(); k-- > 0;) {
    const Span br = cache.breaks[cache.by_end[k]];
    if (br.end > pos) continue;
    if (br.end <= begin) break;
    if (is_break(cache.by_end[k])) {
      begin = br.end;
      break;
    }
  }
  for (uint32_t i = 0; i < cache.breaks.size(); ++i) {
    const Span br = cache.breaks[i];
    if (br.begin < pos) continue;
    if (br.begin >= end) break;
    if (is_break(i)) {
      end = br.begin;
      break;
    }
  }
  return Span{begin, end};
}

void Anchorer::Run(Document& doc) const {
  std::vector<Mention> extra;
  impl_->Date(doc, extra);
  if (!extra.empty()) {
    for (Mention& m : extra) doc.mentions.push_back(std::move(m));
    std::stable_sort(doc.mentions.begin(), doc.mentions.end(), [](const Mention& a, const Mention& b) {
      return a.trigger.begin != b.trigger.begin ? a.trigger.begin < b.trigger.begin
                                                : a.date.first < b.date.first;
    });
  }
  impl_->Group(doc);
  impl_->Locate(doc);
}

std::optional<Anchorer::Impl::Dateline> Anchorer::Impl::FindDateline(const Document& doc) const {
  std::vector<re2::StringPiece> groups;
  for (const Span& p : doc.paragraphs) {
    if (p.begin >= kDatelineTop) break;
    // A dateline is short: the pattern reads only the paragraph's head.
    const std::string_view head = doc.text(p).substr(0, kDatelineHead);
    for (const auto& [rule, re] : dateline_patterns) {
      // Whether it matches (the DFA alone), then where its groups are.
      if (!re->Match(head, 0, head.size(), RE2::ANCHOR_START, nullptr, 0)) continue;
      const int place = re->NamedCapturingGroups().at("place");
      groups.assign(size_t(re->NumberOfCapturingGroups()) + 1, re2::StringPiece());
      if (!re->Match(head, 0, head.size(), RE2::ANCHOR_START, groups.data(), int(groups.size())))
        continue;
      auto it = dateline_places.find(
          Lower(std::string_view(groups[size_t(place)].data(), groups[size_t(place)].size())));
      if (it == dateline_places.end()) continue;
      return Dateline{it->second, std::string_view(groups[0].data(), groups[0].size()), &rule};
    }
  }
  return std::nullopt;
}

bool Anchorer::Impl::Elsewhere(const Document& doc, const Mention& m, std::string_view place,
                               std::string_view skip) const {
  if (m.sentence >= doc.sentences.size()) return true;
  Span sent = doc.sentences[m.sentence].span;
  if (m.sentence > 0 &&
      doc.sentences[m.sentence - 1].paragraph == doc.sentences[m.sentence].paragraph)
    sent.begin = doc.sentences[m.sentence - 1].span.begin;
  const std::string_view text = doc.text();
  auto word_char = [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '\'' || c == '-' || c >= 0x80;
  };
  auto other = [&](const std::string& k) {
    auto it = dateline_places.find(k);
    return it != dateline_places.end() && it->second != place;
  };
  // Every run of up to kMaxPlaceWords words that starts with a capital
  // letter, looked up among the surfaces of places (lower-cased).
  std::string key;
  for (uint32_t b = sent.begin; b < sent.end; ++b) {
    if (!std::isupper(static_cast<unsigned char>(text[b])) ||
        (b > sent.begin && word_char(text[b - 1])))
      continue;
    if (!skip.empty() && text.data() + b >= skip.data() &&
        text.data() + b < skip.data() + skip.size())
      continue;
    key.clear();
    uint32_t e = b;
    for (int words = 0; words < kMaxPlaceWords && e < sent.end; ++words) {
      if (words > 0) {
        if (text[e] != ' ') break;
        key += ' ';
        ++e;
      }
      const uint32_t w = e;
      while (e < sent.end && word_char(static_cast<unsigned char>(text[e]))) ++e;
      if (e == w) break;
      for (uint32_t i = w; i < e; ++i)
        key += char(std::tolower(static_cast<unsigned char>(text[i])));
      // "Osaka," and "Beijing.": the word without its final full stop, too.
      if (other(key) || (key.back() == '.' && other(key.substr(0, key.size() - 1)))) return true;
    }
  }
  return false;
}

void Anchorer::Impl::Locate(Document& doc) const {
  if (doc.mentions.empty() || dateline_types.empty()) return;
  // Events (groups) of a dateline type with no place in any of their mentions.
  std::map<uint32_t, bool> placeless;  // group -> every mention without a place
  for (const Mention& m : doc.mentions) {
    auto [it, fresh] = placeless.emplace(m.group, true);
    it->second = it->second && m.location.empty();
  }
  auto candidate = [&](const Mention& m) {
    return placeless[m.group] && m.date.dated() &&
           std::find(dateline_types.begin(), dateline_types.end(), m.type) != dateline_types.end();
  };
  if (std::none_of(doc.mentions.begin(), doc.mentions.end(), candidate)) return;
  // The summits the article names, where and when the calendar holds them.
  struct Held {
    date::sys_days start{}, end{};
    std::string_view place, note;
  };
  std::vector<Held> summits;
  for (const Mention& m : doc.mentions) {
    auto note = FindSummitNote(m);
    if (note && !m.location.empty())
      summits.push_back(Held{note->start, note->end, m.location, note->text});
  }
  const bool dct = doc.dct.known();
  const date::sys_days from =
      dct ? doc.dct.date.first - date::days{dateline_days} : date::sys_days{};
  const date::sys_days to = dct ? doc.dct.date.last + date::days{dateline_days} : date::sys_days{};
  std::optional<Dateline> dateline;
  bool looked = false;
  for (Mention& m : doc.mentions) {
    if (!candidate(m)) continue;
    // During a summit the article names, in one place: there ("Before the
    // opening session, Biden met Scholz" in a report on the G7 at Elmau).
    const Held* during = nullptr;
    bool one_place = true;
    for (const Held& h : summits) {
      if (m.date.first < h.start || m.date.last > h.end) continue;
      one_place = one_place && (!during || during->place == h.place);
      during = &h;
    }
    if (during && one_place) {
      if (!Elsewhere(doc, m, during->place, {})) {
        m.location = std::string(during->place);
        m.notes.push_back(fmt::format("location {}: dated during the summit the article names ({})",
                                      during->place, during->note));
      }
      continue;
    }
    // Else, in the days of the dateline: where the article was written.
    if (!dct || m.date.first < from || m.date.last > to) continue;
    if (!looked) {
      dateline = FindDateline(doc);
      looked = true;
    }
    if (!dateline || Elsewhere(doc, m, dateline->place, dateline->text)) continue;
    m.location = std::string(dateline->place);
    m.notes.push_back(
        fmt::format("location {}: the dateline \"{}\" ({}), dated within {} days of the "
                    "publication date ({})",
                    dateline->place, dateline->text, dateline->rule->ToString(), dateline_days,
                    dateline_days_rule.ToString()));
  }
}

void Anchorer::Impl::Date(Document& doc, std::vector<Mention>& extra) const {
  const std::string_view text = doc.text();
  const bool dct = doc.dct.known();
  // Named summits first: other mentions may be dated relative to them.
  for (Mention& m : doc.mentions) {
    auto note = FindSummitNote(m);
    if (!note) continue;
    m.date = DateValue::Day(note->start);
    m.date_span = m.trigger;
    m.date_reason = fmt::format("summit calendar (opening day of {}..{}): {}", FormatDay(note->start),
                                FormatDay(note->end), note->text.substr(note->text.rfind(' ') + 1));
    m.confidence = std::max(m.confidence, 0.8f);
    // A summit that opens after the publication date has not happened yet.
    if (dct && note->start > doc.dct.date.last && m.status == EventStatus::kOccurred) {
      m.status = EventStatus::kPlanned;
      m.notes.emplace_back("status planned: summit opens after the publication date");
    }
  }
  // Mentions by sentence, and each sentence's timexes (a slice of the
  // text-ordered doc.timexes), so that the work per mention stays within
  // its sentence: linear in the article's length.
  std::vector<std::vector<const Mention*>> by_sentence(doc.sentences.size());
  for (const Mention& x : doc.mentions) {
    if (x.sentence < by_sentence.size()) by_sentence[x.sentence].push_back(&x);
  }
  ClauseBreaks breaks;
  // Per timex: -1 not asked yet, else whether a repeat_date (skip_timex)
  // cue stands before it in its sentence.
  std::vector<int8_t> repeat_of(doc.timexes.size(), -1), skip_of(doc.timexes.size(), -1);
  for (size_t mi = 0; mi < doc.mentions.size(); ++mi) {
    Mention& m = doc.mentions[mi];
    if (m.date.dated()) continue;
    if (m.sentence >= doc.sentences.size()) continue;
    const Span sent = doc.sentences[m.sentence].span;

    // A date relative to a named summit in the sentence.
    bool done = false;
    for (const Mention* sp : by_sentence[m.sentence]) {
      const Mention& s = *sp;
      if (done || s.sentence != m.sentence || &s == &m) continue;
      auto note = FindSummitNote(s);
      if (!note || s.trigger.begin <= sent.begin) continue;
      // The cue must end right before the summit's name (a few bytes: "the G-20 ").
      uint32_t name_begin = s.trigger.begin;
      while (name_begin > sent.begin && text[name_begin - 1] != ' ') --name_begin;
      for (const Cue& c : cues) {
        if (c.kind != CueKind::kRelative) continue;
        for (uint32_t cut = name_begin; cut + 12 >= name_begin && cut > sent.begin; --cut) {
          std::string_view before = text.substr(sent.begin, cut - sent.begin);
          re2::StringPiece n, unit, dir, edge;
          const auto& groups = c.re->NamedCapturingGroups();
          const int ng = c.re->NumberOfCapturingGroups();
          std::vector<re2::StringPiece> sub(size_t(ng) + 1);
          if (!c.re->Match(before, 0, before.size(), RE2::UNANCHORED, sub.data(), ng + 1)) continue;
          auto get = [&](const char* name) -> std::string_view {
            auto it = groups.find(name);
            if (it == groups.end() || !sub[size_t(it->second)].data()) return {};
            return std::string_view(sub[size_t(it->second)].data(), sub[size_t(it->second)].size());
          };
          std::string_view d = get("dir"), nw = get("n"), u = get("unit"), ed = get("edge");
          const int count = nw.empty() ? 1 : Count(nw);
          int days = count * ((!u.empty() && (u[0] == 'w' || u[0] == 'W')) ? 7 : 1);
          bool after = !d.empty() && (d[0] == 'a' || d[0] == 'A') && d.size() == 5;
          bool from_end = !ed.empty() && (ed[0] == 'e' || ed[0] == 'E' || ed[0] == 'c' || ed[0] == 'C');
          date::sys_days base = from_end ? note->end : note->start;
          date::sys_days day = after ? base + date::days{days} : base - date::days{days};
          m.date = DateValue::Day(day);
          m.date_span = Span{sent.begin + uint32_t(sub[0].data() - before.data()), s.trigger.end};
          m.date_reason = fmt::format("relative to the summit: {} ({})", c.rule.ToString(),
                                      note->text.substr(note->text.rfind(' ') + 1));
          m.confidence = std::max(m.confidence, 0.75f);
          done = true;
          break;
        }
        if (done) break;
      }
    }
    if (done) continue;

    // The governing temporal expression: same clause first, then the sentence.
    // The clause is found (Clause reads every break of the sentence) only
    // when asked: most sentences hold no date to weigh, and the clause_only
    // cue needs it only when its literals occur before the trigger (a match
    // in the clause would hold one; LiteralGate).
    std::optional<Span> clause_span;
    auto clause = [&] {
      if (!clause_span) clause_span = Clause(doc, sent, m.trigger.begin, breaks);
      return *clause_span;
    };
    const auto& only_gate = literals[size_t(CueKind::kClauseOnly)];
    const bool clause_only =
        (!only_gate || only_gate->MayMatch(text.substr(sent.begin, m.trigger.begin - sent.begin))) &&
        Any(CueKind::kClauseOnly, text.substr(clause().begin, m.trigger.begin - clause().begin));
    if (clause_only) m.notes.emplace_back(kClauseOnlyNote);
    // A date after a repeat_date cue ("and again on Monday") is the date of
    // the event once more, not of its first time.
    // (Asked of a timex that begins in sent, so it depends on the timex
    // alone: its answer is kept for the other mentions of the sentence and
    // for the repetitions after the trigger below.)
    auto repeats = [&](const Timex& t) {
      int8_t& known = repeat_of[size_t(&t - doc.timexes.data())];
      if (known < 0) {
        const uint32_t from =
            std::max(sent.begin, t.span.begin - std::min<uint32_t>(t.span.begin, kRepeatCueBytes));
        known = Any(CueKind::kRepeatDate, text.substr(from, t.span.begin - from)) ? 1 : 0;
      }
      return known == 1;
    };
    // Whether a skip_timex cue ends right before t ("since March"): from the
    // sentence's start to t, kept per timex as repeats is.
    auto skipped = [&](const Timex& t) {
      int8_t& known = skip_of[size_t(&t - doc.timexes.data())];
      if (known < 0)
        known = Any(CueKind::kSkipTimex, text.substr(sent.begin, t.span.begin - sent.begin)) ? 1 : 0;
      return known == 1;
    };
    const Timex* best = nullptr;
    const Timex* second = nullptr;  // a coordinated date: "in February and September"
    const Timex* shared = nullptr;  // the date of the verb this one is coordinated with
    bool best_in_clause = false;
    uint32_t best_dist = UINT32_MAX;
    for (const Timex& t : doc.TimexesFrom(sent)) {
      if (t.span.begin < sent.begin || t.span.end > sent.end) continue;
      if (t.type != TimexType::kDate && t.type != TimexType::kTime) continue;
      if (!t.date.dated() || !t.date.ok() || Overlaps(t.span, m.trigger)) continue;
      // "..., and again on Monday": the date of the event's repetition.
      if (repeats(t)) continue;
      const bool in_clause = t.span.begin >= clause().begin && t.span.end <= clause().end;
      // "canceled a meeting ... that had been planned for Thursday": the date
      // a planned or cancelled event was set for, after its trigger, is its
      // date, across a clause break and before any other.
      if (m.status != EventStatus::kOccurred && t.span.begin >= m.trigger.end &&
          Any(CueKind::kPlanDate, text.substr(m.trigger.end, t.span.begin - m.trigger.end))) {
        best = &t;
        best_in_clause = true;
        break;
      }
      // A date closer to another trigger of the sentence is that event's.
      // (A date before a trigger binds more loosely than one after it.)
      auto gap = [&](Span trig) {
        return t.span.begin >= trig.end ? t.span.begin - trig.end
                                        : 3 * (trig.begin - std::min(t.span.end, trig.begin));
      };
      // "met Li on Friday and held talks with He on Saturday": a date followed
      // by "and" and a trigger closes the phrase of a trigger before it, so
      // it is not that later trigger's.
      auto closes_earlier = [&](const Mention& x) {
        if (t.span.end > x.trigger.begin ||
            !Any(CueKind::kCoordination, text.substr(t.span.end, x.trigger.begin - t.span.end)))
          return false;
        for (const Mention* op : by_sentence[x.sentence]) {
          if (op != &x && op->trigger.end <= t.span.begin) return true;
        }
        return false;
      };
      // "since March 2020, when they agreed a ceasefire after talks in Moscow":
      // the date is the time of the clause after it, and of its triggers only.
      const bool when_clause = t.span.end <= m.trigger.begin &&
                               Any(CueKind::kWhenClause, text.substr(t.span.end, m.trigger.begin - t.span.end));
      if (closes_earlier(m)) {
        if (Any(CueKind::kSharedDate, text.substr(t.span.end, m.trigger.begin - t.span.end))) shared = &t;
        continue;
      }
      bool other_closer = false;
      for (const Mention* op : by_sentence[m.sentence]) {
        if (when_clause) break;
        const Mention& o = *op;
        if (&o == &m || o.sentence != m.sentence || Overlaps(o.trigger, m.trigger)) continue;
        if (gap(o.trigger) >= gap(m.trigger) || closes_earlier(o)) continue;
        // A named summit has the calendar's days and needs no date of the
        // text: "met Biden on the sidelines of the NATO summit in Vilnius on
        // Wednesday" dates the meeting, in its clause, on one of those days.
        if (in_clause) {
          auto note = FindSummitNote(o);
          if (note && t.date.first >= note->start && t.date.last <= note->end) continue;
        }
        const Span oc = Clause(doc, sent, o.trigger.begin, breaks);
        const bool in_o_clause = t.span.begin >= oc.begin && t.span.end <= oc.end;
        if (in_o_clause || !in_clause) other_closer = true;
      }
      if (other_closer) continue;
      if (clause_only && !in_clause) continue;
      if (!when_clause && skipped(t)) continue;
      // A planned event is not dated before the publication date.
      if (m.status == EventStatus::kPlanned && dct && t.date.last < doc.dct.date.first) continue;
      uint32_t dist = t.span.begin >= m.trigger.end ? t.span.begin - m.trigger.end
                                                    : 3 * (m.trigger.begin - std::min(t.span.end, m.trigger.begin));
      if (!best || (in_clause && !best_in_clause) || (in_clause == best_in_clause && dist < best_dist)) {
        best = &t;
        best_in_clause = in_clause;
        best_dist = dist;
      }
    }
    // "arrived on Sunday and held talks with Qin": a coordinated verb without
    // a date of its own shares the one that closed the verb before it.
    if (!best && shared && !(m.status == EventStatus::kPlanned && dct && shared->date.last < doc.dct.date.first)) {
      m.date = shared->date;
      m.date_span = shared->span;
      m.date_reason = fmt::format("timex of the coordinated verb before it {}", shared->rule.ToString());
      m.confidence = std::min(0.95f, m.confidence + 0.05f);
    }
    if (!best) continue;
    m.date = best->date;
    m.date_span = best->span;
    m.date_reason = fmt::format("{} {}", best_in_clause ? "timex same clause" : "timex same sentence",
                                best->rule.ToString());
    m.confidence = std::min(0.95f, m.confidence + (best_in_clause ? 0.2f : 0.1f));
    // "concluded their two-day summit on Saturday": an event is dated by its
    // opening day (as the summit calendar does), n-1 days before its last.
    if (m.date.precision == Precision::kDay) {
      auto [n, cue] = ClosingSpan(text.substr(clause().begin, m.trigger.begin - clause().begin));
      if (cue) {
        m.date = DateValue::Day(m.date.first - date::days{n - 1});
        m.date_reason += fmt::format("; opening day of a {}-day event that ended then: {}", n,
                                     cue->rule.ToString());
      }
    }
    // "phone calls in February and September": one event per coordinated date.
    std::optional<Mention> copy;
    if (HasNote(m, "plural")) {
      for (const Timex* tp = best + 1; tp < doc.timexes.data() + doc.timexes.size(); ++tp) {
        const Timex& t = *tp;
        if (t.span.begin > best->span.end + 6) break;
        if (t.span.begin <= best->span.end) continue;
        if (t.type != TimexType::kDate || !t.date.dated()) continue;
        std::string_view gap = text.substr(best->span.end, t.span.begin - best->span.end);
        if (gap.find("and") == std::string_view::npos && gap.find(',') == std::string_view::npos) continue;
        second = &t;
        break;
      }
      if (second) {
        copy = m;
        copy->date = second->date;
        copy->date_span = second->span;
        copy->date_reason = fmt::format("coordinated timex {}", second->rule.ToString());
        copy->notes.emplace_back("split from a plural trigger");
        // Coordinated months share a tense: when one lies after the
        // publication date and the other not, the later one is last year's.
        auto fix = [&](Mention& later, const Mention& other) {
          if (!dct || later.date.precision != Precision::kMonth || other.date.precision != Precision::kMonth) return;
          if (later.date.first > doc.dct.date.last && other.date.last <= doc.dct.date.last &&
              m.status == EventStatus::kOccurred) {
            date::year_month_day ymd{later.date.first};
            later.date = DateValue::Month(int(ymd.year()) - 1, unsigned(ymd.month()));
            later.notes.emplace_back("year: coordinated with a past month");
          }
        };
        fix(m, *copy);
        fix(*copy, m);
      }
    }
    for (Mention* x : {&m, copy ? &*copy : nullptr}) {
      if (x) PlannedAfterPublication(doc, *x);
    }
    if (copy) extra.push_back(std::move(*copy));
    // "Macron called Putin a week ago, ..., and again on Monday": one more
    // event per repeated date after the trigger, up to the next trigger of
    // the sentence (a repetition there is that trigger's).
    if (of_kind[size_t(CueKind::kRepeatDate)].empty()) continue;
    uint32_t limit = sent.end;
    for (const Mention* op : by_sentence[m.sentence]) {
      const uint32_t b = op->trigger.begin;
      if (b >= m.trigger.end && b < limit) limit = b;
    }
    for (const Timex& t : doc.TimexesFrom(sent)) {
      if (t.span.begin >= limit) break;
      if (t.span.begin < m.trigger.end || t.span.begin <= best->span.end) continue;
      if (t.type != TimexType::kDate && t.type != TimexType::kTime) continue;
      if (!t.date.dated() || !t.date.ok() || !repeats(t)) continue;
      Mention again = m;
      again.date = t.date;
      again.date_span = t.span;
      again.date_reason = fmt::format("repeated at a later date {}", t.rule.ToString());
      again.notes.emplace_back("repeated: one more event at this date");
      PlannedAfterPublication(doc, again);
      extra.push_back(std::move(again));
    }
  }
}

std::optional<Anchorer::Impl::Live> Anchorer::Impl::LiveSummit(const Document& doc) {
  if (!doc.dct.known()) return std::nullopt;
  std::optional<Live> live;
  for (const Mention& m : doc.mentions) {
    auto note = FindSummitNote(m);
    if (!note || note->start > doc.dct.date.last || note->end + date::days{1} < doc.dct.date.first)
      continue;
    const std::string_view series = note->text.substr(note->text.rfind(' ') + 1);
    if (live && (live->start != note->start || live->end != note->end || live->series != series))
      return std::nullopt;  // two summits: which one is unknown
    live = Live{note->start, note->end, std::string(series)};
  }
  return live;
}

std::optional<Anchorer::Impl::SummitDay> Anchorer::Impl::OnSummitDay(const Document& doc, Span sent,
                                                                      const Live& live) const {
  const std::string_view st = doc.text(sent);
  if (!Any(CueKind::kSummitDay, st)) return std::nullopt;
  for (uint32_t ci : of_kind[size_t(CueKind::kSummitDay)]) {
    const Cue& c = cues[ci];
    // The optional group `last` says the day is the summit's last (the data
    // file names the words: "closing", "final"); else it is the opening day.
    const auto& named = c.re->NamedCapturingGroups();
    const auto last_group = named.find("last");
    const int n = 1 + (last_group == named.end() ? 0 : last_group->second);
    std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
    if (!c.re->Match(st, 0, st.size(), RE2::UNANCHORED, sub.data(), n)) continue;
    const bool last =
        last_group != named.end() && sub[size_t(last_group->second)].data() != nullptr;
    const uint32_t b = sent.begin + uint32_t(sub[0].data() - st.data());
    return SummitDay{last ? live.end : live.start, Span{b, b + uint32_t(sub[0].size())},
                     fmt::format("the {} day of the summit the article reports from ({}): {}",
                                 last ? "last" : "opening", live.series, c.rule.ToString())};
  }
  return std::nullopt;
}

void Anchorer::Impl::Group(Document& doc) const {
  std::vector<Mention>& ms = doc.mentions;
  const std::string_view text = doc.text();
  // Union-find over mentions: every earlier mention a mention is joined to
  // ends up in its group.
  std::vector<size_t> parent(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) parent[i] = i;
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  auto is_det = [](std::string w) {
    for (char& c : w) c = char(std::tolower(static_cast<unsigned char>(c)));
    return w == "the" || w == "this" || w == "that" || w == "their" || w == "its";
  };
  auto definite = [&](const Mention& m) {
    // "the call", "the meeting", "their summit", "this meeting"; the
    // determiner may be part of the trigger itself.
    std::string_view tt = doc.text(m.trigger);
    if (size_t sp = tt.find(' '); sp != std::string_view::npos && is_det(std::string(tt.substr(0, sp))))
      return true;
    uint32_t p = m.trigger.begin;
    uint32_t floor = m.sentence < doc.sentences.size() ? doc.sentences[m.sentence].span.begin : 0;
    for (int words = 0; words < 3 && p > floor; ++words) {
      uint32_t e = p;
      while (e > floor && text[e - 1] == ' ') --e;
      uint32_t b = e;
      while (b > floor && std::isalpha(static_cast<unsigned char>(text[b - 1]))) --b;
      if (is_det(std::string(text.substr(b, e - b)))) return true;
      if (b == e) return false;
      // A preposition or verb ends the noun phrase: "later this month for
      // talks" is not "this ... talks".
      if (Any(CueKind::kPhraseBreak, text.substr(b, e - b))) return false;
      p = b;
    }
    return false;
  };
  // The headline and the lead: the paragraphs up to the first one with a
  // sentence of some length (a section line, a date line or a byline before
  // it are short).
  uint32_t lead_paragraph = 1;
  for (const Sentence& st : doc.sentences) {
    if (st.span.size() >= kLeadSentenceBytes) {
      lead_paragraph = std::max(lead_paragraph, st.paragraph);
      break;
    }
  }
  auto in_lead = [&](const Mention& m) {
    return m.sentence < doc.sentences.size() && doc.sentences[m.sentence].paragraph <= lead_paragraph;
  };
  // The distinct dates of each group (at its root): two groups join only
  // when every date of one agrees with every date of the other.
  Lists dates_of(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) dates_of.head[i] = i;
  // And the distinct places they took place in: talks in Moscow are not the
  // meeting in Sochi, nor a meeting in Phnom Penh the summit in Japan (a
  // venue or region may be in the city or country of another).
  Lists places_of(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) {
    if (places.count(ms[i].location)) places_of.head[i] = i;
  }
  auto date_of = [&](size_t x) -> const DateValue& { return ms[x].date; };
  auto place_of = [&](size_t x) { return std::string_view(ms[x].location); };
  for (size_t i = 0; i < ms.size(); ++i) {
    const Mention& m = ms[i];
    const bool summit_i = FindSummitNote(m).has_value();
    std::optional<bool> definite_i;  // definite(m), looked up once per mention when needed
    // Look back a bounded number of mentions: far more than a news article
    // holds, and it keeps a huge input linear (the merge still joins the rest).
    const size_t stop = i > kMaxLookback ? i - kMaxLookback : 0;
    for (size_t j = i; j-- > stop;) {
      const Mention& o = ms[j];
      if (!Compatible(m.type, o.type)) continue;
      if (!DatesCompatible(m.date, o.date)) continue;
      const bool summit_j = FindSummitNote(o).has_value();
      if (summit_i != summit_j) continue;
      if (summit_i && m.participants != o.participants) continue;
      if (m.status == EventStatus::kCancelled || o.status == EventStatus::kCancelled) {
        if (m.status != o.status) continue;
      }
      const size_t shared = Shared(m, o);
      const bool weak = OnlyCountries(m) || OnlyCountries(o);  // also true when empty
      bool join = false;
      if (m.sentence == o.sentence && (shared > 0 || weak)) join = true;
      if (!join && (shared > 0 || weak)) {
        if (!definite_i) definite_i = definite(m);
        join = *definite_i;
      }
      if (!join && shared >= 2) join = true;
      // The headline and the lead report one event: an undated mention there
      // and one of the same type, status and a shared participant ("Zelensky
      // arrives in Hiroshima" over "Zelensky arrived in Hiroshima on
      // Saturday").
      if (!join && shared > 0 && m.type == o.type && m.status == o.status &&
          (!m.date.dated() || !o.date.dated()) && in_lead(m) && in_lead(o))
        join = true;
      if (!join) continue;
      // Join only groups whose dates all agree (union-find is transitive: an
      // undated mention must not bridge March and October).
      const size_t ri = find(i), rj = find(j);
      if (ri == rj) continue;
      bool agree = true;
      for (size_t x = dates_of.head[rj]; x != kEnd && agree; x = dates_of.next[x]) {
        for (size_t y = dates_of.head[ri]; y != kEnd && agree; y = dates_of.next[y])
          agree = DatesCompatible(date_of(x), date_of(y));
      }
      for (size_t x = places_of.head[rj]; x != kEnd && agree; x = places_of.next[x]) {
        for (size_t y = places_of.head[ri]; y != kEnd && agree; y = places_of.next[y])
          agree = !PlacesApart(place_of(x), place_of(y));
      }
      if (agree) {
        parent[ri] = rj;
        dates_of.Merge(ri, rj, date_of);
        places_of.Merge(ri, rj, place_of);
      }
    }
  }
  // Groups numbered 1.. in order of their first mention.
  std::vector<uint32_t> group(ms.size(), 0);
  std::vector<uint32_t> root_group(ms.size(), 0);
  uint32_t next = 1;
  for (size_t i = 0; i < ms.size(); ++i) {
    size_t r = find(i);
    if (root_group[r] == 0) root_group[r] = next++;
    group[i] = root_group[r];
  }
  // Each group's members in text order (one list per group, so that the
  // work below stays linear in the number of mentions).
  // (Counting sort: members[first[g], first[g + 1]) are group g's.)
  std::vector<size_t> first(size_t(next) + 1, 0), members(ms.size());
  for (size_t i = 0; i < ms.size(); ++i) ++first[group[i] + 1];
  for (size_t g = 1; g <= next; ++g) first[g] += first[g - 1];
  {
    std::vector<size_t> fill(first.begin(), first.end() - 1);
    for (size_t i = 0; i < ms.size(); ++i) members[fill[group[i]]++] = i;
  }
  auto members_of = [&](uint32_t g) {
    return std::span<const size_t>(members.data() + first[g], first[g + 1] - first[g]);
  };
  std::vector<const std::string*> people;  // the group's participants, by value
  // Within a group: the most precise date found by a timex or the calendar
  // dates the others; empty participant lists take the group's.
  const std::optional<Live> live = LiveSummit(doc);
  for (uint32_t g = 1; g < next; ++g) {
    const Mention* best = nullptr;
    people.clear();
    for (size_t i : members_of(g)) {
      if (ms[i].date.dated() && (!best || ms[i].date.days() < best->date.days())) best = &ms[i];
      for (const std::string& p : ms[i].participants) {
        if (std::find_if(people.begin(), people.end(),
                         [&](const std::string* q) { return *q == p; }) == people.end())
          people.push_back(&p);
      }
    }
    std::sort(people.begin(), people.end(),
              [](const std::string* a, const std::string* b) { return *a < *b; });
    const DateValue best_date = best ? best->date : DateValue{};
    const Span best_span = best ? best->date_span : Span{};
    const uint32_t best_sentence = best ? best->sentence : 0;
    // Undated, in a report from a summit, on a day of its programme ("Before
    // the opening session, Biden met Scholz"): that day of the summit.
    std::optional<SummitDay> summit_day;
    if (!best && live) {
      for (size_t i : members_of(g)) {
        if (ms[i].sentence >= doc.sentences.size()) continue;
        if ((summit_day = OnSummitDay(doc, doc.sentences[ms[i].sentence].span, *live))) break;
      }
    }
    bool frame = false;
    if (!best && !summit_day && doc.dct.known()) {
      // Undated: the publication date, when the headline or lead reports it.
      for (size_t i : members_of(g)) {
        if (ms[i].status != EventStatus::kOccurred) continue;
        if (ms[i].sentence >= doc.sentences.size()) continue;
        const Sentence& s = doc.sentences[ms[i].sentence];
        if (ms[i].sentence > 1 && s.paragraph > 1) continue;
        if (HasNote(ms[i], kClauseOnlyNote)) continue;  // "had arrived": before the report
        if (Any(CueKind::kDctFrame, doc.text(s.span))) frame = true;
      }
    }
    for (size_t i : members_of(g)) {
      Mention& m = ms[i];
      m.group = g;
      // (people points into lists that are not empty: none is assigned to.)
      if (m.participants.empty()) {
        m.participants.reserve(people.size());
        for (const std::string* p : people) m.participants.push_back(*p);
      }
      if (!m.date.dated() && best) {
        m.date = best_date;
        m.date_span = best_span;
        m.date_reason = fmt::format("same event as sentence {}", best_sentence);
        PlannedAfterPublication(doc, m);
      } else if (!m.date.dated() && summit_day) {
        m.date = DateValue::Day(summit_day->day);
        m.date_span = summit_day->span;
        m.date_reason = summit_day->reason;
        PlannedAfterPublication(doc, m);
      } else if (!m.date.dated() && frame) {
        // News is published on the day of the event or the day after.
        m.date = doc.dct.date;
        m.date.first = doc.dct.date.first - date::days{1};
        m.date_reason = "publication date or the day before (reported in the headline or lead)";
        m.date_span = doc.dct.evidence.empty() ? m.trigger : doc.dct.evidence;
        m.confidence = std::min(m.confidence, kDctConfidence);
      }
    }
  }
}

}  // namespace timeline::anchor
