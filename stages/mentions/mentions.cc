// SPDX-License-Identifier: Apache-2.0
// mentions: triggers, exclusions, participants, places and status; see mentions.h.
#include "stages/mentions/mentions.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "stages/mentions/gazetteer.h"
#include "stages/mentions/heads.h"

namespace timeline::mentions {

using detail::Edition;
using detail::Entry;
using detail::EntryKind;
using detail::Gazetteer;
using detail::Hit;
using detail::IsWordAt;
using detail::TextHits;

namespace {

constexpr std::string_view kTriggers = "mentions/data/triggers.tsv";
constexpr std::string_view kExclusions = "mentions/data/exclusions.tsv";
constexpr std::string_view kCues = "mentions/data/status_cues.tsv";
constexpr std::string_view kContext = "mentions/data/context.tsv";
constexpr std::string_view kSuffixes = "mentions/data/actor_suffixes.tsv";
constexpr std::string_view kPlaceCues = "mentions/data/place_cues.tsv";
constexpr std::string_view kTopicCues = "mentions/data/topic_cues.tsv";
// How far topic_cues.tsv looks before and after a country.
constexpr uint32_t kTopicReach = 40;
// How far a source cue looks before a participant: the cue and a title of a
// few words ("according to White House national security adviser ").
constexpr uint32_t kSourceReach = 80;
constexpr std::string_view kTypeCompat = "mentions/data/type_compat.tsv";
// How far (bytes) from a trigger a country or demonym may stand for a side.
constexpr uint32_t kCountryReach = 100;
// How far (bytes) after a trigger its location may be named.
constexpr uint32_t kPlaceReach = 60;
constexpr std::string_view kTitleModifiers = "mentions/data/title_modifiers.tsv";
constexpr std::string_view kPlacePhrases = "mentions/data/place_phrases.tsv";
// How far a place phrase ("the Black Sea resort of ") looks before a place.
constexpr uint32_t kPlacePhraseReach = 60;
constexpr std::string_view kHonorifics = "mentions/data/honorifics.tsv";

// Cue strength: the strongest applicable cue decides the status.
enum class CueKind : uint8_t { kPlanned = 1, kHypothetical = 2, kOccurred = 3, kNegated = 4, kCancelled = 5 };
enum class Side : uint8_t { kBefore, kAfter, kEither };

struct Trigger {
  std::string_view type;
  bool plural = false;
  bool verbal = false;
  bool foreign = false;  // a visit only when someone came from outside the place's country
  bool planned = false;  // the trigger itself says the event is to come ("is expected in")
  int t_group = 0;  // index of the named group "t", 0 = whole match
  RuleRef rule;
  std::unique_ptr<RE2> re;
  // Where a match can start (HeadsOf), or nullopt: the pattern is then
  // searched for unanchored.
  std::optional<detail::Heads> heads;
};

struct Pattern {
  RuleRef rule;
  std::unique_ptr<RE2> re;
  int x_group = 0;  // exclusions: the named group x, 0 = whole match
  std::optional<detail::Heads> heads;  // exclusions: HeadsOf the pattern
};

struct Cue {
  CueKind kind = CueKind::kPlanned;
  Side side = Side::kEither;
  uint32_t window = 40;
  bool not_group = false;
  RuleRef rule;
  std::unique_ptr<RE2> re;
};

struct ContextRule {
  bool pair = false;  // else: the last person named
  bool subject = false;  // "Biden arrived ... and met Putin": the previous verb's subject
  bool nominal = false;  // subject_of_noun: also for a noun trigger ("..., capping a two-day visit")
  RuleRef rule;
  std::unique_ptr<RE2> re;
};

// One trigger found in a sentence (after exclusions and overlaps).
struct Found {
  Span span;
  uint32_t trigger = 0;  // index into triggers
  std::string_view type;
  bool plural = false;
  bool verbal = false;
};

RE2::Options PatternOptions() {
  RE2::Options o(RE2::Quiet);
  o.set_case_sensitive(false);
  return o;
}

// The prefilter Sets' options: as PatternOptions, with a DFA budget that
// stays warm (RE2's default 8 MB is thrown away and rebuilt over and over).
RE2::Options SetOptions() {
  RE2::Options o = PatternOptions();
  o.set_max_mem(int64_t{64} << 20);
  return o;
}

Diagnostic PatternError(const RuleStore& rules, std::string_view path, const TsvRow& row,
                        std::string_view id, std::string_view reason) {
  return RowError(rules, path, row, id, reason);
}

// Compiles pattern; on failure returns the "file:line: id: reason" diagnostic.
Result<std::unique_ptr<RE2>> Compile(const RuleStore& rules, std::string_view path,
                                     const TsvRow& row, std::string_view id,
                                     std::string_view pattern) {
  if (pattern.empty()) return PatternError(rules, path, row, id, "empty pattern");
  return CompileRule(rules, path, row, id, pattern, PatternOptions());
}

// A trigger pattern whose DFA stays small: no counted repeat ("{0,4}") and
// no Unicode class ("\\p{Lu}"). MayMention looks for these first, on their
// own Set: its DFA is warm after a few articles, and in most articles one of
// them matches early.
bool SimpleForGate(std::string_view pattern) {
  return pattern.find('{') == std::string_view::npos &&
         pattern.find("\\p") == std::string_view::npos;
}

bool Overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }

// An RE2::Set over some rows of a rule table, as a prefilter: Mark() flags
// the rows that may match a text (the Set holds patterns that match at least
// where the rows' own do) and always those without a Set entry. Immutable
// after Compile().
class Prefilter {
 public:
  explicit Prefilter(size_t rows) : rows_(rows), set_(std::make_unique<RE2::Set>(SetOptions(), RE2::UNANCHORED)) {}
  // Row `row` is prefiltered by `pattern`; with no pattern (or one the Set
  // rejects) it is always flagged.
  // The pattern goes in as it is, not relaxed (RelaxRepeats): the rules'
  // bounded repeats ("(?:\w+\s+){0,2}?") let the DFA's threads die where
  // the relaxed loops keep them alive, so the DFA has fewer states to build
  // (measured: mentions 18M Ir less on 5 MB).
  void Add(uint32_t row, const std::optional<std::string>& pattern) {
    if (set_ && pattern && set_->Add(*pattern, nullptr) >= 0) {
      row_of_.push_back(row);
      return;
    }
    always_.push_back(row);
  }
  void Compile() {
    if (set_ && (row_of_.empty() || !set_->Compile())) {
      set_.reset();
      always_.insert(always_.end(), row_of_.begin(), row_of_.end());
      row_of_.clear();
    }
  }
  // flags[row] = 1 for the rows that may match text, else 0. hits is scratch.
  // A yes/no pass first: the Sets match in few windows (on the bench corpus
  // the cues before a trigger in 21%, after it in 6%, the context rules in
  // 31%), and that pass stops at a first match and allocates nothing; the
  // listing pass (which reads the whole window and allocates a SparseSet in
  // RE2) runs only when it says yes.
  void Mark(std::string_view text, std::vector<int>& hits, std::vector<char>& flags) const {
    flags.assign(rows_, 0);
    for (uint32_t r : always_) flags[r] = 1;
    if (!set_) return;
    RE2::Set::ErrorInfo info{};
    if (!set_->Match(text, nullptr, &info)) {
      if (info.kind != RE2::Set::kNoError) {
        for (uint32_t r : row_of_) flags[r] = 1;  // out of memory: every row, one by one
      }
      return;
    }
    if (!set_->Match(text, &hits, &info)) {
      if (info.kind != RE2::Set::kNoError) {
        for (uint32_t r : row_of_) flags[r] = 1;  // out of memory: every row, one by one
      }
      return;
    }
    for (int h : hits) flags[row_of_[size_t(h)]] = 1;
  }

 private:
  size_t rows_ = 0;
  std::unique_ptr<RE2::Set> set_;
  std::vector<uint32_t> row_of_;  // Set index -> row
  std::vector<uint32_t> always_;
};

}  // namespace


namespace detail {

namespace {

// A path through a pattern's start: the literal bytes read so far
// (lowercase), whether more may follow (open), and whether it began with \b.
struct HeadPath {
  std::string text;
  bool open = true;
  bool wb = false;
};

constexpr size_t kMaxHeadPaths = 64;
constexpr size_t kMaxHeadSize = 32;

// A recursive-descent reader of a pattern's start (see HeadsOf). Whatever it
// does not understand ends the paths there (their heads stop short: still
// true of every match), or, where it cannot even skip it, gives up.
class HeadReader {
 public:
  // Reads the pattern as SplitPattern's pieces (an escape, a class, one
  // byte); ok() is false for what SplitPattern does not split.
  explicit HeadReader(std::string_view p) : p_(p) {
    auto pieces = SplitPattern(p);
    ok_ = pieces.has_value();
    if (ok_) x_ = std::move(*pieces);
  }
  bool ok() const { return ok_; }
  bool done() const { return i_ == x_.size(); }

  // Where (a byte offset) the first item of the pattern's top level that a
  // counted repeat follows ("(?:\w+\s+){0,4}?") begins, or npos (also when
  // the top level is an alternation, or the pattern cannot be read).
  size_t FirstCountedRepeat() {
    i_ = 0;
    while (ok_ && i_ < x_.size()) {
      if (At('|', i_) || At(')', i_)) return std::string_view::npos;
      const size_t item = i_;
      if (!Skip()) return std::string_view::npos;
      if (At('{', i_) && i_ > item) {
        size_t j = i_ + 1;
        while (Digit(j)) ++j;
        if (j > i_ + 1 && (At('}', j) || At(',', j))) return size_t(x_[item].text.data() - p_.data());
      }
    }
    return std::string_view::npos;
  }

  // An alternation, up to an unmatched ')' or the end.
  std::optional<std::vector<HeadPath>> Alternation() {
    if (!ok_) return std::nullopt;
    std::vector<HeadPath> out;
    for (;;) {
      auto seq = Sequence();
      if (!seq) return std::nullopt;
      out.insert(out.end(), seq->begin(), seq->end());
      if (out.size() > kMaxHeadPaths) return std::nullopt;
      if (At('|', i_)) {
        ++i_;
        continue;
      }
      return out;
    }
  }

 private:
  // Piece j is the byte c (not an escape or a class).
  bool At(char c, size_t j) const {
    return j < x_.size() && x_[j].kind == PieceKind::kByte && x_[j].text[0] == c;
  }
  bool Digit(size_t j) const {
    return j < x_.size() && x_[j].kind == PieceKind::kByte && x_[j].text[0] >= '0' &&
           x_[j].text[0] <= '9';
  }
  bool Quantifier(size_t j) const { return At('?', j) || At('*', j) || At('+', j) || At('{', j); }
  static bool Punct(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && !IsReWordByte(c);
  }
  static char Lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

  // Steps over one item (a byte, an escape, a class, a group, a repeat);
  // false when it cannot.
  bool Skip() {
    if (i_ >= x_.size()) return false;
    if (At('(', i_)) {
      ++i_;
      while (i_ < x_.size() && !At(')', i_)) {
        if (!Skip()) return false;
      }
      if (i_ >= x_.size()) return false;
      ++i_;
      return true;
    }
    if (At('{', i_)) {
      size_t j = i_ + 1;
      while (Digit(j) || At(',', j)) ++j;
      i_ = At('}', j) ? j + 1 : i_ + 1;
      return true;
    }
    ++i_;
    return true;
  }

  std::optional<std::vector<HeadPath>> Sequence() {
    std::vector<HeadPath> cur(1);
    auto any_open = [&] {
      return std::any_of(cur.begin(), cur.end(), [](const HeadPath& x) { return x.open; });
    };
    auto close_all = [&] {
      for (HeadPath& x : cur) x.open = false;
    };
    while (i_ < x_.size() && !At('|', i_) && !At(')', i_)) {
      if (!any_open()) {
        if (!Skip()) return std::nullopt;
        continue;
      }
      const PatternPiece& piece = x_[i_];
      char literal = 0;
      if (piece.kind == PieceKind::kEscape) {
        const char e = piece.text.size() > 1 ? piece.text[1] : 0;
        if (e == 'b' && !Quantifier(i_ + 1)) {
          ++i_;
          for (HeadPath& x : cur) {
            if (!x.open) continue;
            if (x.text.empty()) {
              x.wb = true;
            } else {
              x.open = false;
            }
          }
          continue;
        }
        if (!Punct(e)) {
          close_all();
          continue;
        }
        literal = e;
        ++i_;
      } else if (piece.kind == PieceKind::kClass) {
        close_all();
        continue;
      } else if (At('(', i_)) {
        size_t j = i_ + 1;
        if (At('?', j)) {
          if (At(':', j + 1)) {
            j += 2;
          } else if (At('P', j + 1) && At('<', j + 2)) {
            j += 3;
            while (j < x_.size() && !At('>', j)) ++j;
            if (j == x_.size()) return std::nullopt;
            ++j;
          } else {
            close_all();  // flags: (?i) (?-i:...)
            continue;
          }
        }
        i_ = j;
        auto inner = Alternation();
        if (!inner || !At(')', i_)) return std::nullopt;
        ++i_;
        bool optional = false;
        if (At('?', i_)) {
          optional = true;
          ++i_;
          if (At('?', i_)) ++i_;  // lazy
        } else if (Quantifier(i_)) {
          close_all();
          continue;
        }
        std::vector<HeadPath> next;
        for (const HeadPath& x : cur) {
          if (!x.open) {
            next.push_back(x);
            continue;
          }
          if (optional) next.push_back(x);
          for (const HeadPath& y : *inner) {
            HeadPath z;
            if (y.wb && !x.text.empty()) {  // a \b after some bytes: the head ends before it
              z = x;
              z.open = false;
            } else {
              z.text = x.text + y.text;
              z.open = y.open;
              z.wb = x.wb || y.wb;
            }
            if (z.text.size() > kMaxHeadSize) z.open = false;
            next.push_back(std::move(z));
          }
          if (next.size() > kMaxHeadPaths) return std::nullopt;
        }
        cur = std::move(next);
        continue;
      } else {
        const char c = piece.text[0];
        if (static_cast<unsigned char>(c) >= 0x80) {
          return std::nullopt;  // UTF-8: case folding beyond ASCII
        } else if (c == '.' || c == '^' || c == '$' || c == '*' || c == '+' || c == '?' ||
                   c == '{' || c == '}') {
          close_all();
          continue;
        }
        literal = c;
        ++i_;
      }
      // A literal byte, unless a repeat follows it.
      if (Quantifier(i_)) {
        close_all();
        continue;
      }
      for (HeadPath& x : cur) {
        if (!x.open) continue;
        x.text += Lower(literal);
        if (x.text.size() >= kMaxHeadSize) x.open = false;
      }
    }
    return cur;
  }

  std::string_view p_;
  std::vector<PatternPiece> x_;
  bool ok_ = false;
  size_t i_ = 0;
};

}  // namespace

std::optional<Heads> HeadsOf(std::string_view pattern) {
  HeadReader reader(pattern);
  auto paths = reader.Alternation();
  if (!paths || !reader.done() || paths->empty()) return std::nullopt;
  Heads out;
  out.word_starts_only = true;
  for (const HeadPath& x : *paths) {
    if (x.text.empty()) return std::nullopt;  // a match may start anywhere
    Head h{x.text, x.wb && IsReWordByte(x.text[0])};
    out.word_starts_only = out.word_starts_only && h.word_start;
    bool seen = false;
    for (const Head& g : out.heads) seen = seen || (g.text == h.text && g.word_start == h.word_start);
    if (seen) continue;
    for (char c : {h.text[0], char(h.text[0] >= 'a' && h.text[0] <= 'z' ? h.text[0] - 'a' + 'A' : h.text[0])}) {
      const auto u = static_cast<unsigned char>(c);
      out.first_[u >> 6] |= uint64_t{1} << (u & 63);
    }
    out.heads.push_back(std::move(h));
  }
  return out;
}

std::string CutAtCountedRepeat(std::string_view pattern) {
  HeadReader reader(pattern);
  const size_t cut = reader.FirstCountedRepeat();
  if (cut == 0 || cut == std::string_view::npos) return std::string(pattern);
  return std::string(pattern.substr(0, cut));
}

bool Heads::HeadAt(std::string_view text, size_t s) const {
  for (const Head& h : heads) {
    if (h.word_start && s > 0 && IsReWordByte(text[s - 1])) continue;
    if (text.size() - s < h.text.size()) continue;
    bool same = true;
    for (size_t i = 0; i < h.text.size() && same; ++i) {
      const char c = text[s + i];
      same = (c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c) == h.text[i];
    }
    if (same) return true;
  }
  return false;
}

void ReWordStarts(std::string_view text, std::vector<uint32_t>& out) {
  static constexpr std::array<uint8_t, 256> kWord = [] {
    std::array<uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) t[size_t(c)] = IsReWordByte(char(c)) ? 1 : 0;
    return t;
  }();
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  uint8_t prev = 0;
  for (uint32_t p = 0; p < text.size(); ++p) {
    const uint8_t w = kWord[b[p]];
    if (w > prev) out.push_back(p);
    prev = w;
  }
}

bool HasOtherFolds(std::string_view text) {
  return text.find("\xC5\xBF") != std::string_view::npos ||
         text.find("\xE2\x84\xAA") != std::string_view::npos;
}

}  // namespace detail

namespace {
// Per-document context: persons in text order, for "the two leaders" and "he".
struct PersonSeen {
  uint32_t pos;
  std::string_view name, country;
};
// "Mr Kim": an honorific and a surname the gazetteer does not know alone,
// resolved to the person of that surname named in the article.
struct SurnameRef {
  Span span;  // the honorific and the surname
  std::string_view name, country;
};
// True when `word` is one of the words of the canonical name ("Kim" in
// "Kim Jong Un", "Moon" in "Moon Jae-in").
// Calls f(word) for each word of a name (split at spaces and hyphens) until
// f returns true; returns whether it did.
template <class F>
bool AnyNameWord(std::string_view name, F&& f) {
  size_t b = 0;
  while (b < name.size()) {
    size_t e = b;
    while (e < name.size() && name[e] != ' ' && name[e] != '-') ++e;
    if (f(name.substr(b, e - b))) return true;
    b = e + 1;
  }
  return false;
}

bool NameHasWord(std::string_view name, std::string_view word) {
  return AnyNameWord(name, [&](std::string_view w) { return w == word; });
}
// What the whole article tells its sentences' mentions: the persons it
// names (with "Mr Kim" resolved), in text order, and the summit a bare "the
// summit" is. Made by the first sentence that has a trigger.
struct ArticleContext {
  bool ready = false;
  TextHits hits;             // the gazetteer hits of the whole text
  std::vector<Hit> summits;  // those naming a summit, in the body
  std::vector<PersonSeen> persons;
  std::vector<SurnameRef> surnames;
  bool summit_ready = false;    // summits and summit are made on first demand
  const Hit* summit = nullptr;  // into summits: the series named most often
  int8_t other_folds = -1;      // HasOtherFolds(text), once asked: 0 or 1
  // The context of another article, the vectors' memory kept (hits are
  // scanned anew when ready is set).
  void Reset() {
    ready = false;
    summits.clear();
    persons.clear();
    surnames.clear();
    summit_ready = false;
    summit = nullptr;
    other_folds = -1;
  }
};
// Buffers of one Run, reused from sentence to sentence, each cleared before
// use (the Extractor is shared by threads, so they are the thread's).
struct Scratch {
  std::vector<Hit> hits;
  std::vector<Found> found, kept;
  std::vector<int> rows, candidates, excluded, set_hits;
  std::vector<uint32_t> word_starts;  // of the sentence, for the triggers' heads
  std::vector<char> cue_before, cue_after, context;  // Prefilter flags
};
}  // namespace

struct Extractor::Impl {
  Gazetteer gaz;
  std::vector<Trigger> triggers;
  // MayMention's Sets: the triggers without a counted repeat or a Unicode
  // class ("\\bmeetings?\\b": most of those an article names), then the
  // others; empty when they could not be built (see MayMention).
  std::vector<std::unique_ptr<RE2::Set>> article_gates;
  std::vector<Pattern> exclusions;
  // The prefilter of RunSentence: the triggers' patterns (Set index = the
  // trigger's) and then the exclusions' (index = triggers.size() + the
  // exclusion's), so that one pass over a sentence lists the candidates of
  // both; null when it could not be built.
  std::unique_ptr<RE2::Set> sentence_set;
  std::vector<Cue> cues;
  // The cues that may match the widest before (after) window of a trigger:
  // one Set pass instead of one match per cue and side.
  std::optional<Prefilter> cue_before, cue_after;
  uint32_t cue_before_reach = 0, cue_after_reach = 0;  // the widest windows
  std::vector<ContextRule> context;
  std::optional<Prefilter> context_filter;  // pair/person rules on a trigger's part
  std::unordered_map<std::string_view, bool> suffixes;  // word -> true: country, false: drop
  // Suffixes of several words ("told reporters"), matched as a prefix of the
  // text after the name: (phrase, true: country, false: drop).
  std::vector<std::pair<std::string_view, bool>> suffix_phrases;
  // What actor_suffixes.tsv says of the words after a name that ends at
  // name_end: true, the person's country stands in; false, not a
  // participant; nothing, the name is the person. Phrases ("told
  // reporters": the source of the report) count only for a name after the
  // trigger: "Biden told reporters after his call with Xi" was on the call.
  std::optional<bool> SuffixEffect(std::string_view text, size_t name_end, bool after_trigger) const {
    const std::string_view next = text.substr(name_end);
    size_t sp = 0;
    while (sp < next.size() && next[sp] == ' ') ++sp;
    if (sp == 0) return std::nullopt;
    size_t we = sp;
    while (we < next.size() && IsWordAt(next, we)) ++we;
    if (auto suf = suffixes.find(next.substr(sp, we - sp)); suf != suffixes.end()) return suf->second;
    const std::string_view rest = next.substr(sp);
    if (!after_trigger) return std::nullopt;
    for (const auto& [phrase, country] : suffix_phrases) {
      if (rest.starts_with(phrase) && (rest.size() == phrase.size() || !IsWordAt(rest, phrase.size())))
        return country;
    }
    return std::nullopt;
  }
  std::unordered_map<std::string_view, bool> title_modifiers;  // "deputy": another office
  std::vector<std::pair<std::string_view, std::string_view>> place_cues;  // word, types
  // topic_cues.tsv by where, and place_phrases.tsv: the rows' patterns, and
  // all of them in one alternation (null when none), so that a window costs
  // one match per kind; the rows are tried one by one only to name the one
  // that matched.
  struct TopicCues {
    std::vector<Pattern> rows;
    std::unique_ptr<RE2> any;
    // The row that matches in window, and where the match begins (*start,
    // when asked for), or null.
    const Pattern* Find(std::string_view window, size_t* start = nullptr) const {
      re2::StringPiece m;
      if (!any || !any->Match(window, 0, window.size(), RE2::UNANCHORED, &m, start ? 1 : 0))
        return nullptr;
      if (start) *start = size_t(m.data() - window.data());
      for (const Pattern& p : rows) {
        if (RE2::PartialMatch(window, *p.re)) return &p;
      }
      return nullptr;
    }
    // Builds `any` from the rows; the error names `path`.
    std::optional<Diagnostic> Compile(const RuleStore& rules, std::string_view path) {
      if (rows.empty()) return std::nullopt;
      std::string alt;
      for (const Pattern& p : rows) alt += (alt.empty() ? "(?:" : "|(?:") + p.re->pattern() + ")";
      any = std::make_unique<RE2>(alt, PatternOptions());
      if (!any->ok()) return Error(std::string(rules.Origin(path)), 0, any->error());
      return std::nullopt;
    }
  };
  TopicCues topic_before, topic_after, topic_side;
  // Before a named summit: the summit is the setting of another event.
  TopicCues topic_setting;
  // Between a summit's name and a later trigger: the trigger is the summit's.
  TopicCues topic_meeting_of;
  // Before any participant: the source or principal of the report, no side
  // ("according to", "at the request of").
  TopicCues topic_source;
  const Pattern* SourceBefore(std::string_view text, Span at, uint32_t floor) const {
    if (topic_source.rows.empty()) return nullptr;
    const uint32_t b = at.begin > floor + kSourceReach ? at.begin - kSourceReach : floor;
    return topic_source.Find(text.substr(b, at.begin > b ? at.begin - b : 0));
  }
  // The topic cue before `at` ("the war in Ukraine"), or null.
  const Pattern* TopicBefore(std::string_view text, Span at, uint32_t floor) const {
    const uint32_t b = at.begin > floor + kTopicReach ? at.begin - kTopicReach : floor;
    return topic_before.Find(text.substr(b, at.begin > b ? at.begin - b : 0));
  }
  // The topic cue that makes the country or demonym at `at` no side, or
  // null (also when a side cue says people act for it).
  const Pattern* TopicCue(std::string_view text, Span at, uint32_t floor, uint32_t ceil) const {
    const uint32_t e = std::min(ceil, at.end + kTopicReach);
    const std::string_view after = text.substr(at.end, e > at.end ? e - at.end : 0);
    if (topic_side.Find(after)) return nullptr;
    if (const Pattern* p = TopicBefore(text, at, floor)) return p;
    return topic_after.Find(after);
  }
  std::vector<std::pair<std::string_view, std::string_view>> compat;      // specific, general
  std::unique_ptr<RE2> honorific;  // "Mr Kim": group "name" is the surname; null if no rows
  // Every word of a person's canonical name (as NameHasWord splits it): a
  // surname not among them names nobody the article may name later.
  std::unordered_set<std::string_view> person_words;
  // Where a match of honorific can start: the text has one of these there
  // (the honorifics that no shorter one begins: "Mr" stands for "Mrs"), in
  // byte order. Empty when some honorific is empty (the pattern may start
  // anywhere).
  std::vector<std::string_view> honorific_starts;

  bool Compatible(std::string_view a, std::string_view b) const {
    if (a == b) return true;
    for (auto& [x, y] : compat) {
      if ((x == a && y == b) || (x == b && y == a)) return true;
    }
    return false;
  }
  // The more specific of two compatible types.
  std::string_view Specific(std::string_view a, std::string_view b) const {
    for (auto& [x, y] : compat) {
      if (x == b && y == a) return b;
    }
    return a;
  }
  // place_phrases.tsv.
  TopicCues place_phrases;
  // Where the place phrase right before `at` begins ("the Turkish resort of
  // Antalya": at "the"), with its rule; else `at` and null.
  std::pair<uint32_t, const Pattern*> PlacePhraseStart(std::string_view text, uint32_t at,
                                                       uint32_t floor) const {
    const uint32_t b = at > floor + kPlacePhraseReach ? at - kPlacePhraseReach : floor;
    size_t start = 0;
    const Pattern* p = place_phrases.Find(text.substr(b, at - b), &start);
    return p ? std::pair{b + uint32_t(start), p} : std::pair{at, p};
  }
  bool PlaceCue(std::string_view word, std::string_view type) const {
    for (auto& [w, types] : place_cues) {
      if (w.size() != word.size()) continue;
      bool same = true;
      for (size_t i = 0; i < w.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(w[i])) !=
            std::tolower(static_cast<unsigned char>(word[i]))) {
          same = false;
          break;
        }
      }
      if (!same) continue;
      if (types == "*") return true;
      size_t pos = 0;
      while (pos <= types.size()) {
        size_t comma = types.find(',', pos);
        std::string_view t = types.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
        if (t == type) return true;
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
      }
    }
    return false;
  }

  // The country of a canonical person, or "".
  std::string_view CountryOf(std::string_view person) const {
    std::vector<Hit> h;
    gaz.Find(person, Span{0, uint32_t(person.size())}, h);
    for (const Hit& x : h) {
      for (uint32_t i = x.first; i < x.first + x.count; ++i) {
        if (gaz.entry(i).kind == EntryKind::kPerson && gaz.entry(i).canonical == person) return gaz.entry(i).country;
      }
    }
    return {};
  }
  // The rows of sentence_set that may match text (a sentence), in no
  // particular order; {kEveryRow} when the Set cannot say (none was built,
  // or its DFA ran out of memory): then every rule is tried.
  static constexpr int kEveryRow = -1;
  void ListRows(std::string_view text, std::vector<int>& rows) const {
    RE2::Set::ErrorInfo info{};
    if (!sentence_set ||
        (!sentence_set->Match(text, &rows, &info) && info.kind != RE2::Set::kNoError))
      rows.assign(1, kEveryRow);
  }
  // rows: sentence si's ListRows, or null to list them here.
  void RunSentence(Document& doc, uint32_t si, const std::vector<int>* rows, ArticleContext& article,
                   Scratch& scratch) const;
  // Fills article (once per article; see ArticleContext) but its summit.
  void PrepareArticle(const Document& doc, ArticleContext& article) const;
  // The persons of the hits known so far and the surname references that
  // start before limit; false when those need hits not known yet.
  bool FindPersons(std::string_view text, ArticleContext& article, uint32_t limit) const;
  // article.summit, made on first demand (it counts the whole body's summits).
  const Hit* ArticleSummit(const Document& doc, ArticleContext& article) const;
  // Finds honorific + surname references that start before limit and
  // resolves them against the persons named in the article; adds them to
  // doc_persons (kept in order). all: the hits of the text that start before
  // done. False when a reference needs a hit or person from done on.
  bool FindSurnames(std::string_view text, const std::vector<Hit>& all, uint32_t limit,
                    uint32_t done, std::vector<PersonSeen>& doc_persons,
                    std::vector<SurnameRef>& out) const;
};

Extractor::Extractor() : impl_(std::make_unique<Impl>()) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::Load(const RuleStore& rules) {
  Extractor x;
  Impl& s = *x.impl_;
  auto gaz = Gazetteer::Load(rules);
  if (!gaz.ok()) return gaz.error();
  s.gaz = std::move(gaz).value();
  for (uint32_t i = 0; i < s.gaz.size(); ++i) {
    const Entry& e = s.gaz.entry(i);
    if (e.kind != EntryKind::kPerson) continue;
    AnyNameWord(e.canonical, [&](std::string_view w) {
      s.person_words.insert(w);
      return false;
    });
  }

  auto trig = ReadTsv(rules, kTriggers, 5, 5);
  if (!trig.ok()) return trig.error();
  s.sentence_set = std::make_unique<RE2::Set>(SetOptions(), RE2::UNANCHORED);
  // [0]: simple patterns, [1]: the others.
  std::unique_ptr<RE2::Set> gates[2] = {std::make_unique<RE2::Set>(SetOptions(), RE2::UNANCHORED),
                                        std::make_unique<RE2::Set>(SetOptions(), RE2::UNANCHORED)};
  size_t gate_rows[2] = {0, 0};
  bool gate_ok = true;
  for (const TsvRow& row : *trig) {
    if (row[1].empty()) return PatternError(rules, kTriggers, row, row[0], "empty type");
    auto re = Compile(rules, kTriggers, row, row[0], row[3]);
    if (!re.ok()) return re.error();
    Trigger t;
    t.type = row[1];
    t.plural = row[2].find("plural") != std::string_view::npos;
    t.verbal = row[2].find("verbal") != std::string_view::npos;
    t.foreign = row[2].find("foreign") != std::string_view::npos;
    t.planned = row[2].find("planned") != std::string_view::npos;
    t.rule = RuleRef{kTriggers, row.line, row[0]};
    t.re = std::move(re).value();
    t.heads = detail::HeadsOf(row[3]);
    auto groups = t.re->NamedCapturingGroups();
    if (auto it = groups.find("t"); it != groups.end()) t.t_group = it->second;
    // The Set only picks candidates (each trigger's RE2 confirms). It takes
    // the exact pattern, not the relaxed one (see Prefilter::Add): fewer
    // DFA states, and it says exactly which rules match.
    if (s.sentence_set && s.sentence_set->Add(row[3], nullptr) < 0) s.sentence_set.reset();
    // The gate runs on a whole article: a sentence's edges are not the
    // text's, so \b, ^ and $ must not decide (DropAssertions).
    if (gate_ok) {
      auto gate = DropAssertions(row[3], false, false);
      const int k = SimpleForGate(row[3]) ? 0 : 1;
      if (!gate || gates[k]->Add(*gate, nullptr) < 0) gate_ok = false;
      ++gate_rows[k];
    }
    s.triggers.push_back(std::move(t));
  }
  for (int k = 0; k < 2 && gate_ok; ++k) {
    if (gate_rows[k] == 0) continue;
    if (!gates[k]->Compile()) gate_ok = false;
    s.article_gates.push_back(std::move(gates[k]));
  }
  if (!gate_ok) s.article_gates.clear();

  auto excl = ReadTsv(rules, kExclusions, 3, 3);
  if (!excl.ok()) return excl.error();
  for (const TsvRow& row : *excl) {
    auto re = Compile(rules, kExclusions, row, row[0], row[1]);
    if (!re.ok()) return re.error();
    Pattern p{RuleRef{kExclusions, row.line, row[0]}, std::move(re).value()};
    auto groups = p.re->NamedCapturingGroups();
    if (auto it = groups.find("x"); it != groups.end()) p.x_group = it->second;
    p.heads = detail::HeadsOf(row[1]);
    if (s.sentence_set && s.sentence_set->Add(row[1], nullptr) < 0) s.sentence_set.reset();
    s.exclusions.push_back(std::move(p));
  }
  if (s.sentence_set && (s.triggers.empty() || !s.sentence_set->Compile())) s.sentence_set.reset();

  auto cues = ReadTsv(rules, kCues, 7, 7);
  if (!cues.ok()) return cues.error();
  for (const TsvRow& row : *cues) {
    Cue c;
    std::string_view st = row[1], side = row[2], scope = row[4];
    if (st == "planned") c.kind = CueKind::kPlanned;
    else if (st == "cancelled") c.kind = CueKind::kCancelled;
    else if (st == "negated") c.kind = CueKind::kNegated;
    else if (st == "hypothetical") c.kind = CueKind::kHypothetical;
    else if (st == "occurred") c.kind = CueKind::kOccurred;
    else return PatternError(rules, kCues, row, row[0], fmt::format("unknown status \"{}\"", st));
    if (side == "before") c.side = Side::kBefore;
    else if (side == "after") c.side = Side::kAfter;
    else if (side == "either") c.side = Side::kEither;
    else return PatternError(rules, kCues, row, row[0], fmt::format("unknown side \"{}\"", side));
    unsigned w = 0;
    for (char ch : row[3]) {
      if (ch < '0' || ch > '9' || w > 1000) {
        return PatternError(rules, kCues, row, row[0], "window must be a number of bytes up to 1000");
      }
      w = w * 10 + unsigned(ch - '0');
    }
    if (row[3].empty()) return PatternError(rules, kCues, row, row[0], "empty window");
    c.window = w;
    if (scope != "any" && scope != "not_group")
      return PatternError(rules, kCues, row, row[0], fmt::format("unknown scope \"{}\"", scope));
    c.not_group = scope == "not_group";
    auto re = Compile(rules, kCues, row, row[0], row[5]);
    if (!re.ok()) return re.error();
    c.re = std::move(re).value();
    c.rule = RuleRef{kCues, row.line, row[0]};
    s.cues.push_back(std::move(c));
  }
  // A cue matches inside its window of the text: the widest window of a
  // side holds every cue's window of that side and shares its end (before)
  // or its start (after), so the cue's pattern without the other anchors and
  // word boundaries finds at least that match there. Before a trigger, also
  // without the words it counts up to the trigger (DropTrailingRepeat:
  // "will" and up to two words, then the end, is looked for as "will"): the
  // Set's DFA then need not count each rule's words at once, which cost more
  // than the extra windows it now passes on (5 MB extract: -36 M instructions).
  // After a trigger, the mirror (DropLeadingRepeat: up to three words from
  // the window's start, then "will take place", is looked for as "will take
  // place"): 5 MB extract -15 M.
  s.cue_before.emplace(s.cues.size());
  s.cue_after.emplace(s.cues.size());
  for (uint32_t i = 0; i < s.cues.size(); ++i) {
    const Cue& c = s.cues[i];
    const std::string_view pattern = c.re->pattern();
    if (c.side != Side::kAfter || c.not_group) {  // not_group cues are also looked for before a summit
      std::optional<std::string> before = DropAssertions(pattern, false, true);
      if (before) before = DropTrailingRepeat(*before);
      if (before) before = detail::CutAtCountedRepeat(*before);
      s.cue_before->Add(i, before);
      s.cue_before_reach = std::max(s.cue_before_reach, c.window);
    }
    if (c.side != Side::kBefore) {
      std::optional<std::string> after = DropAssertions(pattern, true, false);
      if (after) after = DropLeadingRepeat(*after);
      if (after) after = detail::CutAtCountedRepeat(*after);
      s.cue_after->Add(i, after);
      s.cue_after_reach = std::max(s.cue_after_reach, c.window);
    }
  }
  s.cue_before->Compile();
  s.cue_after->Compile();

  auto ctx = ReadTsv(rules, kContext, 4, 4);
  if (!ctx.ok()) return ctx.error();
  for (const TsvRow& row : *ctx) {
    if (row[1] != "pair" && row[1] != "person" && row[1] != "subject" && row[1] != "subject_of_noun")
      return PatternError(rules, kContext, row, row[0], fmt::format("unknown kind \"{}\"", row[1]));
    auto re = Compile(rules, kContext, row, row[0], row[2]);
    if (!re.ok()) return re.error();
    s.context.push_back(
        ContextRule{row[1] == "pair", row[1] == "subject" || row[1] == "subject_of_noun",
                    row[1] == "subject_of_noun", RuleRef{kContext, row.line, row[0]},
                    std::move(re).value()});
  }
  // The pair and person rules are matched on a trigger's part of the
  // sentence: one Set pass there says which can match.
  s.context_filter.emplace(s.context.size());
  for (uint32_t i = 0; i < s.context.size(); ++i) {
    if (!s.context[i].subject) s.context_filter->Add(i, std::string(s.context[i].re->pattern()));
  }
  s.context_filter->Compile();

  auto suf = ReadTsv(rules, kSuffixes, 3, 3);
  if (!suf.ok()) return suf.error();
  for (const TsvRow& row : *suf) {
    if (row[1] != "country" && row[1] != "drop")
      return PatternError(rules, kSuffixes, row, row[0], fmt::format("unknown effect \"{}\"", row[1]));
    if (row[0].find(' ') == std::string_view::npos) {
      s.suffixes[row[0]] = row[1] == "country";
    } else {
      s.suffix_phrases.emplace_back(row[0], row[1] == "country");
    }
  }
  auto tm = ReadTsv(rules, kTitleModifiers, 2, 2);
  if (!tm.ok()) return tm.error();
  for (const TsvRow& row : *tm) s.title_modifiers[row[0]] = true;
  auto pc = ReadTsv(rules, kPlaceCues, 3, 3);
  if (!pc.ok()) return pc.error();
  for (const TsvRow& row : *pc) s.place_cues.emplace_back(row[0], row[1]);
  auto phrases = ReadTsv(rules, kPlacePhrases, 3, 3);
  if (!phrases.ok()) return phrases.error();
  for (const TsvRow& row : *phrases) {
    auto re = Compile(rules, kPlacePhrases, row, row[0], row[1]);
    if (!re.ok()) return re.error();
    s.place_phrases.rows.push_back(
        Pattern{RuleRef{kPlacePhrases, row.line, row[0]}, std::move(re).value(), 0});
  }
  if (auto err = s.place_phrases.Compile(rules, kPlacePhrases)) return *err;
  auto topics = ReadTsv(rules, kTopicCues, 4, 4);
  if (!topics.ok()) return topics.error();
  for (const TsvRow& row : *topics) {
    auto& where = row[1] == "before"    ? s.topic_before
                  : row[1] == "after"   ? s.topic_after
                  : row[1] == "setting" ? s.topic_setting
                  : row[1] == "source"  ? s.topic_source
                  : row[1] == "meeting_of" ? s.topic_meeting_of
                                        : s.topic_side;
    if (row[1] != "before" && row[1] != "after" && row[1] != "side" && row[1] != "setting" &&
        row[1] != "source" && row[1] != "meeting_of")
      return PatternError(rules, kTopicCues, row, row[0],
                          "where must be before, after, side, setting, source or meeting_of");
    auto re = Compile(rules, kTopicCues, row, row[0], row[2]);
    if (!re.ok()) return re.error();
    where.rows.push_back(Pattern{RuleRef{kTopicCues, row.line, row[0]}, std::move(re).value(), 0});
  }
  for (Impl::TopicCues* topic :
       {&s.topic_before, &s.topic_after, &s.topic_side, &s.topic_setting, &s.topic_source,
        &s.topic_meeting_of}) {
    if (auto err = topic->Compile(rules, kTopicCues)) return *err;
  }
  auto tc = ReadTsv(rules, kTypeCompat, 3, 3);
  if (!tc.ok()) return tc.error();
  for (const TsvRow& row : *tc) s.compat.emplace_back(row[0], row[1]);
  auto hon = ReadTsv(rules, kHonorifics, 2, 2);
  if (!hon.ok()) return hon.error();
  if (!hon->empty()) {
    std::vector<std::string_view> words;
    for (const TsvRow& row : *hon) words.push_back(row[0]);
    bool empty_word = false;
    for (std::string_view w : words) {
      empty_word = empty_word || w.empty();
      bool covered = false;
      for (std::string_view v : words)
        covered = covered || (v.size() < w.size() && w.starts_with(v));
      if (!covered && std::find(s.honorific_starts.begin(), s.honorific_starts.end(), w) ==
                          s.honorific_starts.end())
        s.honorific_starts.push_back(w);
    }
    if (empty_word) s.honorific_starts.clear();
    std::sort(s.honorific_starts.begin(), s.honorific_starts.end());
    std::string alt = LiteralAlternation(std::move(words));
    RE2::Options o(RE2::Quiet);
    s.honorific = std::make_unique<RE2>(
        fmt::format("\\b(?:{})\\.?[ ]+(?P<name>\\p{{Lu}}\\p{{Ll}}+)", alt), o);
    if (!s.honorific->ok()) {
      return Error(std::string(rules.Origin(kHonorifics)), 0, s.honorific->error());
    }
  }
  return x;
}

bool Extractor::Impl::FindSurnames(std::string_view text, const std::vector<Hit>& all,
                                   uint32_t limit, uint32_t done,
                                   std::vector<PersonSeen>& doc_persons,
                                   std::vector<SurnameRef>& out) const {
  const bool complete = done >= text.size();
  if (!honorific || (doc_persons.empty() && complete)) return true;
  const size_t known = doc_persons.size();  // only persons named in full resolve a surname
  re2::StringPiece m;
  size_t pos = 0;
  // A match starts where the text has an honorific (case-sensitive, as the
  // pattern): string search finds those places for much less than a DFA
  // pass over the whole text, and the pattern runs anchored there. The first
  // place at or after pos where it matches is where the unanchored search
  // from pos would find its (leftmost) match, and the match is the same.
  // One search per first byte ("P" for "President", "Premier", "Prince"):
  // as none begins another, at most one of them is at each place.
  std::vector<uint32_t> starts;
  for (size_t g = 0, h = 0; g < honorific_starts.size(); g = h) {
    const char first = honorific_starts[g][0];
    while (h < honorific_starts.size() && honorific_starts[h][0] == first) ++h;
    for (size_t p = text.find(first); p != std::string_view::npos; p = text.find(first, p + 1)) {
      const std::string_view here = text.substr(p);
      for (size_t i = g; i < h; ++i) {
        if (here.starts_with(honorific_starts[i])) {
          starts.push_back(uint32_t(p));
          break;
        }
      }
    }
  }
  std::sort(starts.begin(), starts.end());
  size_t next = 0;
  auto next_match = [&]() {
    if (honorific_starts.empty()) {
      return honorific->Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1);
    }
    for (; next < starts.size(); ++next) {
      if (starts[next] < pos) continue;
      if (honorific->Match(text, starts[next], text.size(), RE2::ANCHOR_START, &m, 1)) return true;
    }
    return false;
  };
  // Only the whole match is asked for (the DFA alone finds it): the group
  // "name" is what follows its last space, as the pattern ends in
  // "[ ]+(?P<name>\p{Lu}\p{Ll}+)".
  while (pos < text.size() && next_match()) {
    // A reference from limit on is of no use: no sentence that reads one ends after limit.
    if (size_t(m.data() - text.data()) >= limit) break;
    pos = size_t(m.data() - text.data()) + std::max<size_t>(m.size(), 1);
    const std::string_view whole(m.data(), m.size());
    const std::string_view word = whole.substr(whole.rfind(' ') + 1);
    const uint32_t nb = uint32_t(word.data() - text.data());
    if (nb >= done) return false;  // the hits at nb are not known yet
    // The gazetteer knows the name here ("Mr Trump", "Mr Kim Jong Un"): it decides.
    bool gazetteer = false;
    auto it = std::lower_bound(all.begin(), all.end(), nb,
                               [](const Hit& h, uint32_t x) { return h.span.end <= x; });
    for (; it != all.end() && it->span.begin <= nb; ++it) {
      for (uint32_t i = it->first; i < it->first + it->count; ++i) {
        gazetteer = gazetteer || gaz.entry(i).kind == EntryKind::kPerson;
      }
    }
    if (gazetteer) continue;
    // The nearest person of that surname named before, else the first after.
    const PersonSeen* pick = nullptr;
    for (size_t i = 0; i < known; ++i) {
      const PersonSeen& p = doc_persons[i];
      if (!NameHasWord(p.name, word)) continue;
      if (p.pos < nb) {
        pick = &p;
      } else {
        if (!pick) pick = &p;
        break;
      }
    }
    // No person of that surname so far: the first after may be further on.
    if (!pick && !complete && person_words.contains(word)) return false;
    if (!pick) continue;
    out.push_back(SurnameRef{Span{uint32_t(m.data() - text.data()), nb + uint32_t(word.size())},
                             pick->name, pick->country});
  }
  for (const SurnameRef& r : out) doc_persons.push_back(PersonSeen{r.span.begin, r.name, r.country});
  std::stable_sort(doc_persons.begin(), doc_persons.end(),
                   [](const PersonSeen& a, const PersonSeen& b) { return a.pos < b.pos; });
  return true;
}

namespace {

// The word right before pos (skipping spaces and one "the"), as a view.
std::string_view WordBefore(std::string_view text, uint32_t floor, uint32_t pos, bool skip_the) {
  uint32_t e = pos;
  while (e > floor && (text[e - 1] == ' ' || text[e - 1] == '\n')) --e;
  uint32_t b = e;
  while (b > floor && IsWordAt(text, b - 1)) --b;
  std::string_view w = text.substr(b, e - b);
  if (skip_the && (w == "the" || w == "The")) return WordBefore(text, floor, b, false);
  return w;
}

void AddUnique(std::vector<std::string>& v, std::string_view s) {
  if (s.empty()) return;
  if (std::find(v.begin(), v.end(), s) == v.end()) v.emplace_back(s);
}

}  // namespace

void Extractor::Impl::PrepareArticle(const Document& doc, ArticleContext& article) const {
  article.ready = true;
  // One gazetteer scan of the text up to the end of the last sentence Run
  // reads (the whole text without a focus): the persons it names, in text
  // order (context phrases such as "the two leaders" and "he" look back at
  // a prefix of that list, never past the sentence). The scan goes on to
  // the end only when something needs more: a "Mr Kim" with no Kim named
  // before or in the scanned text, the summits named anywhere in the body.
  // (On the bench corpus 19% of the bytes come after the last focus sentence.)
  const std::string_view text = doc.text();
  uint32_t limit = uint32_t(text.size());
  if (doc.focus) {
    limit = 0;
    for (uint32_t si : *doc.focus)
      if (si < doc.sentences.size()) limit = std::max(limit, doc.sentences[si].span.end);
    limit = std::min(limit, uint32_t(text.size()));
  }
  article.hits.Scan(gaz, text, limit);
  if (!FindPersons(text, article, limit)) {
    article.hits.Complete(gaz, text);
    FindPersons(text, article, limit);
  }
}

bool Extractor::Impl::FindPersons(std::string_view text, ArticleContext& article,
                                  uint32_t limit) const {
  const std::vector<Hit>& all = article.hits.all();
  std::vector<PersonSeen>& doc_persons = article.persons;
  doc_persons.clear();
  article.surnames.clear();
  for (const Hit& x : all) {
    for (uint32_t i = x.first; i < x.first + x.count; ++i) {
      const auto& e = gaz.entry(i);
      if (e.kind == EntryKind::kPerson)
        doc_persons.push_back(PersonSeen{x.span.begin, e.canonical, e.country});
    }
  }
  std::stable_sort(doc_persons.begin(), doc_persons.end(),
                   [](const PersonSeen& a, const PersonSeen& b) { return a.pos < b.pos; });
  return FindSurnames(text, all, limit, article.hits.done(), doc_persons, article.surnames);
}

const Hit* Extractor::Impl::ArticleSummit(const Document& doc, ArticleContext& article) const {
  if (article.summit_ready) return article.summit;
  article.summit_ready = true;
  // The summits the article names anywhere in its body ("the summit" later
  // may be one of them): the whole text's hits.
  article.hits.Complete(gaz, doc.text());
  std::vector<Hit>& doc_summits = article.summits;
  const Span body = doc.sentences.empty()
                        ? Span{}
                        : Span{doc.sentences.front().span.begin, doc.sentences.back().span.end};
  for (const Hit& x : article.hits.all()) {
    const bool in_body = x.span.begin >= body.begin && x.span.end <= body.end;
    bool summit = false;
    for (uint32_t i = x.first; i < x.first + x.count; ++i) {
      summit = summit || gaz.entry(i).kind == EntryKind::kSummit;
    }
    if (summit && in_body) doc_summits.push_back(x);
  }
  // The series the article names most often (the first on a tie): the
  // summit a bare "the summit" is. Counted once per article.
  const Hit* article_summit = nullptr;
  {
    auto series_of = [&](const Hit& h) {
      std::string_view out;
      for (uint32_t i = h.first; i < h.first + h.count; ++i) {
        if (gaz.entry(i).kind == EntryKind::kSummit) out = gaz.entry(i).country;
      }
      return out;
    };
    std::unordered_map<std::string_view, size_t> named;
    for (const Hit& h : doc_summits) ++named[series_of(h)];
    size_t best_n = 0;
    for (const Hit& h : doc_summits) {
      const size_t n = named[series_of(h)];
      if (n > best_n) {
        best_n = n;
        article_summit = &h;
      }
    }
  }
  article.summit = article_summit;
  return article_summit;
}

bool Extractor::MayMention(std::string_view text) const {
  if (impl_->article_gates.empty()) return true;
  // Without a vector Match only says whether some pattern matches; an error
  // (the DFA out of memory) must not rule the article out.
  for (const auto& gate : impl_->article_gates) {
    RE2::Set::ErrorInfo info{};
    if (gate->Match(re2::StringPiece(text.data(), text.size()), nullptr, &info) ||
        info.kind != RE2::Set::kNoError)
      return true;
  }
  return false;
}

std::vector<uint32_t> Extractor::Focus(const Document& doc) const {
  return Focus(doc, nullptr);
}

void Extractor::SetFocus(Document& doc) const {
  std::vector<std::vector<int>> rows;
  doc.focus = Focus(doc, &rows);
  doc.focus_rows = std::move(rows);
}

std::vector<uint32_t> Extractor::Focus(const Document& doc, std::vector<std::vector<int>>* rows) const {
  std::vector<uint32_t> out;
  const std::string_view text = doc.text();
  const int nt = int(impl_->triggers.size());
  std::vector<int> listed;
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Span s = doc.sentences[si].span;
    if (s.empty() || s.end > text.size()) continue;  // RunSentence skips it too
    // The listing pass RunSentence needs anyway, here once for both: a
    // sentence is in focus when the Set lists a trigger there, or cannot say
    // (kEveryRow: as in MayMention, an error must not rule it out). (Its
    // yes/no pass would stop at the first match, but the listing pass
    // RunSentence then made cost more: 20 MB extract -58 M instructions.)
    impl_->ListRows(text.substr(s.begin, s.size()), listed);
    if (std::none_of(listed.begin(), listed.end(), [nt](int r) { return r < nt; })) continue;
    out.push_back(si);
    if (rows) rows->push_back(std::move(listed));
    listed.clear();
  }
  return out;
}

void Extractor::Run(Document& doc) const {
  // The article's context is made when a sentence first has a trigger
  // (an article without one needs no scan of its whole text).
  // Per thread, reused from article to article, so that their vectors keep
  // their memory (5 MB extract: 74 k calls of operator new fewer).
  thread_local ArticleContext article;
  thread_local Scratch scratch;
  article.Reset();
  if (doc.focus) {
    // Focus's rows, when they are the focus sentences' (SetFocus).
    const bool rows = doc.focus_rows.size() == doc.focus->size();
    for (size_t k = 0; k < doc.focus->size(); ++k) {
      const uint32_t si = (*doc.focus)[k];
      if (si < doc.sentences.size())
        impl_->RunSentence(doc, si, rows ? &doc.focus_rows[k] : nullptr, article, scratch);
    }
    return;
  }
  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    impl_->RunSentence(doc, si, nullptr, article, scratch);
  }
}

void Extractor::Impl::RunSentence(Document& doc, uint32_t si, const std::vector<int>* rows,
                                  ArticleContext& article, Scratch& scratch) const {
  std::vector<Hit>& hits = scratch.hits;
  std::vector<Found>& found = scratch.found;
  std::vector<int>& candidates = scratch.candidates;
  const std::string_view text = doc.text();
  const Span sent = doc.sentences[si].span;
  if (sent.empty() || sent.end > text.size()) return;
  const std::string_view stext = text.substr(sent.begin, sent.size());
  // The gazetteer entries of persons named inside `in`, in text order.
  auto each_person_in = [&](Span in, auto&& f) {
    for (const Hit& h : hits) {
      if (h.span.begin < in.begin || h.span.end > in.end) continue;
      for (uint32_t i = h.first; i < h.first + h.count; ++i)
        if (gaz.entry(i).kind == EntryKind::kPerson) f(gaz.entry(i));
    }
  };

  // 1. Triggers: the Set says which rules (triggers and exclusions) may
  // match, those rules find spans. The exclusions' rows go to excluded.
  found.clear();
  candidates.clear();
  std::vector<int>& excluded = scratch.excluded;
  excluded.clear();
  if (!rows) {
    ListRows(stext, scratch.rows);
    rows = &scratch.rows;
  }
  if (rows->size() == 1 && (*rows)[0] == kEveryRow) {
    candidates.resize(triggers.size());
    for (size_t i = 0; i < triggers.size(); ++i) candidates[i] = int(i);
    excluded.resize(exclusions.size());
    for (size_t i = 0; i < exclusions.size(); ++i) excluded[i] = int(i);
  } else {
    const int nt = int(triggers.size());
    for (int r : *rows) {
      if (r < nt) {
        candidates.push_back(r);
      } else {
        excluded.push_back(r - nt);
      }
    }
  }
  if (candidates.empty()) return;
  // A trigger with heads is matched anchored at each place where one of
  // them stands (see heads.h): no DFA pass over the rest of the sentence,
  // none backwards. Exact only in texts without the non-ASCII case variants
  // of s and k.
  if (article.other_folds < 0) article.other_folds = detail::HasOtherFolds(text) ? 1 : 0;
  std::vector<uint32_t>& starts = scratch.word_starts;
  starts.clear();
  for (int ci : candidates) {
    const Trigger& t = triggers[size_t(ci)];
    re2::StringPiece m[8];
    const int n = std::min(1 + t.re->NumberOfCapturingGroups(), 8);
    const detail::Heads* heads = t.heads && article.other_folds == 0 ? &*t.heads : nullptr;
    detail::EachMatch(*t.re, stext, heads, starts, m, n, [&] {
      const re2::StringPiece& whole = m[0];
      const re2::StringPiece& tm = (t.t_group > 0 && t.t_group < n && m[t.t_group].data()) ? m[t.t_group] : whole;
      uint32_t b = uint32_t(tm.data() - stext.data()), e = b + uint32_t(tm.size());
      if (e > b) found.push_back(Found{Span{sent.begin + b, sent.begin + e}, uint32_t(ci), t.type, t.plural, t.verbal});
    });
  }
  if (found.empty()) return;
  // 2. Exclusions drop the triggers they overlap: those the Set listed.
  std::sort(excluded.begin(), excluded.end());
  for (int xi : excluded) {
    const Pattern& ex = exclusions[size_t(xi)];
    re2::StringPiece sub[4];
    const int n = std::min(ex.x_group + 1, 4);
    auto drop = [&] {
      const re2::StringPiece& m = sub[0];
      const re2::StringPiece& xm = (ex.x_group > 0 && ex.x_group < n && sub[ex.x_group].data()) ? sub[ex.x_group] : m;
      Span xs{sent.begin + uint32_t(xm.data() - stext.data()),
              sent.begin + uint32_t(xm.data() - stext.data() + xm.size())};
      found.erase(std::remove_if(found.begin(), found.end(),
                                 [&](const Found& f) { return Overlaps(f.span, xs); }),
                  found.end());
    };
    // With heads as the triggers (a match then starts with a literal, inside
    // the sentence: the loop below would find the same ones).
    if (ex.heads && article.other_folds == 0) {
      detail::EachMatch(*ex.re, stext, &*ex.heads, starts, sub, n, drop);
      continue;
    }
    size_t pos = 0;
    while (pos < stext.size() && ex.re->Match(stext, pos, stext.size(), RE2::UNANCHORED, sub, n)) {
      drop();
      pos = size_t(sub[0].data() - stext.data()) + std::max<size_t>(sub[0].size(), 1);
    }
  }
  if (found.empty()) return;
  // 3. Overlaps: the longer trigger wins, then the earlier rule.
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (a.span.size() != b.span.size()) return a.span.size() > b.span.size();
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.trigger < b.trigger;
  });
  std::vector<Found>& kept = scratch.kept;
  kept.clear();
  for (const Found& f : found) {
    bool clash = false;
    for (const Found& k : kept) clash = clash || Overlaps(k.span, f.span);
    if (!clash) kept.push_back(f);
  }
  std::sort(kept.begin(), kept.end(), [](const Found& a, const Found& b) { return a.span.begin < b.span.begin; });

  // 4. Gazetteer hits in the sentence (a slice of the article's).
  if (!article.ready) PrepareArticle(doc, article);
  hits.clear();
  article.hits.Find(gaz, text, sent, hits);
  auto summit_at = [&](Span trig) -> const Hit* {
    // A summit name that covers the trigger ("G-20 summit") or ends right
    // before it ("the G20 meeting").
    for (const Hit& h : hits) {
      const Entry* e = nullptr;
      for (uint32_t i = h.first; i < h.first + h.count; ++i) {
        if (gaz.entry(i).kind == EntryKind::kSummit) e = &gaz.entry(i);
      }
      if (!e) continue;
      if (Overlaps(h.span, trig)) return &h;
      if (h.span.end <= trig.begin && trig.begin - h.span.end <= 2) {
        bool gap_ok = true;
        for (uint32_t p = h.span.end; p < trig.begin; ++p) gap_ok = gap_ok && text[p] == ' ';
        if (gap_ok) return &h;
      }
      // "leaders of the APEC forum for their annual meeting": words that
      // make the trigger the summit's meeting (topic_cues.tsv meeting_of).
      if (h.span.end <= trig.begin && trig.begin - h.span.end <= kTopicReach &&
          topic_meeting_of.Find(text.substr(h.span.end, trig.begin - h.span.end)))
        return &h;
    }
    return nullptr;
  };
  auto timex_between = [&](uint32_t a, uint32_t b) {
    for (const Timex& t : doc.TimexesFrom(Span{a, b})) {
      if (t.span.end <= b) return true;
    }
    return false;
  };

  // 5. Neighbouring compatible triggers name one event ("met for their first
  // summit"), unless a date or a named summit separates them.
  struct Group {
    Span span;        // first trigger .. last trigger
    Span main;        // the trigger whose rule names the mention
    uint32_t trigger;
    std::string_view type;
    bool plural, verbal;
    const Hit* summit;
  };
  std::vector<Group> groups;
  for (const Found& f : kept) {
    const Hit* sh = summit_at(f.span);
    if (!groups.empty()) {
      Group& g = groups.back();
      bool adjacent = f.span.begin - g.span.end <= 50 && !timex_between(g.span.end, f.span.begin);
      std::string_view between = text.substr(g.span.end, f.span.begin - g.span.end);
      // "the meeting the day before the summit": two events, in an order.
      bool coordinated = between.find(" and ") != std::string_view::npos ||
                         between.find(" before ") != std::string_view::npos ||
                         between.find(" after ") != std::string_view::npos ||
                         between.find(" since ") != std::string_view::npos ||
                         between.find(';') != std::string_view::npos ||
                         between.find(':') != std::string_view::npos;
      if (adjacent && !coordinated && Compatible(g.type, f.type) && !sh && !g.summit) {
        std::string_view t = Specific(g.type, f.type);
        if (t != g.type) {
          g.main = f.span;
          g.trigger = f.trigger;
        }
        g.type = t;
        g.span.end = f.span.end;
        g.plural = g.plural && f.plural;
        g.verbal = g.verbal || f.verbal;
        continue;
      }
    }
    groups.push_back(Group{f.span, f.span, f.trigger, f.type, f.plural, f.verbal, sh});
  }

  // The reference date for offices and summit editions: the first dated
  // timex in the sentence, else the publication date.
  std::optional<date::sys_days> ref_day;
  std::optional<DateValue> ref_timex;
  for (const Timex& t : doc.TimexesFrom(sent)) {
    if (t.span.end <= sent.end && t.date.dated() && t.date.ok()) {
      ref_timex = t.date;
      ref_day = t.date.first;
      break;
    }
  }
  if (!ref_day && doc.dct.known()) ref_day = doc.dct.date.first;

  const std::vector<PersonSeen>& doc_persons = article.persons;
  const std::vector<SurnameRef>& surnames = article.surnames;
  // Persons named in the article before this sentence, for context phrases.
  // The persons named before pos: a prefix of doc_persons (no copy).
  auto persons_before = [&](uint32_t pos) {
    auto end = std::lower_bound(doc_persons.begin(), doc_persons.end(), pos,
                                [](const PersonSeen& p, uint32_t x) { return p.pos < x; });
    return std::span<const PersonSeen>(doc_persons.data(), size_t(end - doc_persons.begin()));
  };

  for (size_t gi = 0; gi < groups.size(); ++gi) {
    const Group& g = groups[gi];
    uint32_t rb = gi == 0 ? sent.begin : groups[gi - 1].span.end;
    uint32_t re = gi + 1 == groups.size() ? sent.end : groups[gi + 1].span.begin;
    // A colon or semicolon between two triggers ends the part of the first:
    // "NATO summit: Zelensky meets Biden" (Zelensky is the meeting's).
    auto stop = [&](uint32_t p) { return text[p] == ':' || text[p] == ';'; };
    if (gi > 0) {
      for (uint32_t p = g.span.begin; p > rb; --p) {
        if (stop(p - 1)) {
          rb = p;
          break;
        }
      }
    }
    if (gi + 1 < groups.size()) {
      for (uint32_t p = g.span.end; p < re; ++p) {
        if (stop(p)) {
          re = p;
          break;
        }
      }
    }
    const Trigger& trig = triggers[g.trigger];
    Mention m;
    m.type = std::string(g.type);
    m.trigger = g.span;
    m.sentence = si;
    m.rule = trig.rule;
    m.confidence = g.verbal ? 0.7f : 0.6f;
    if (g.plural) m.notes.emplace_back("plural");

    // Status cues, around the trigger (a named summit starts at its name).
    const uint32_t tb = g.summit ? std::min(g.span.begin, g.summit->span.begin) : g.span.begin;
    // Which cues may match, by one Set pass over each side's widest window.
    std::vector<char>& may_before = scratch.cue_before;
    std::vector<char>& may_after = scratch.cue_after;
    if (tb >= rb) {
      const uint32_t b = tb > rb + cue_before_reach ? tb - cue_before_reach : rb;
      cue_before->Mark(text.substr(b, tb - b), scratch.set_hits, may_before);
    } else {
      may_before.assign(cues.size(), 1);  // a summit name before the part: the windows reach on
    }
    {
      const uint32_t e = std::min(re, g.span.end + cue_after_reach);
      cue_after->Mark(text.substr(g.span.end, e > g.span.end ? e - g.span.end : 0), scratch.set_hits,
                      may_after);
    }
    CueKind best{};
    const Cue* best_cue = nullptr;
    for (size_t ci = 0; ci < cues.size(); ++ci) {
      const Cue& c = cues[ci];
      if (c.not_group && g.summit) continue;
      bool hit = false;
      if (c.side != Side::kAfter && may_before[ci]) {
        uint32_t b = tb > rb + c.window ? tb - c.window : rb;
        std::string_view w = text.substr(b, tb - b);
        hit = RE2::PartialMatch(w, *c.re);
      }
      if (!hit && c.side != Side::kBefore && may_after[ci]) {
        uint32_t e = std::min(re, g.span.end + c.window);
        std::string_view w = text.substr(g.span.end, e > g.span.end ? e - g.span.end : 0);
        hit = RE2::PartialMatch(w, *c.re);
      }
      if (hit && (!best_cue || c.kind > best)) {
        best = c.kind;
        best_cue = &c;
      }
    }
    if (best_cue && best == CueKind::kOccurred) {  // "the first leader to visit China"
      m.notes.push_back(fmt::format("status occurred: {}", best_cue->rule.ToString()));
    } else if (best_cue) {
      if (best == CueKind::kNegated) continue;  // "no meeting was planned": no event
      m.status = best == CueKind::kCancelled ? EventStatus::kCancelled : EventStatus::kPlanned;
      if (best == CueKind::kHypothetical) m.confidence -= 0.2f;
      m.notes.push_back(fmt::format("status {}: {}", EventStatusName(m.status), best_cue->rule.ToString()));
    } else if (trig.planned) {
      m.status = EventStatus::kPlanned;
      m.notes.push_back(fmt::format("status planned: the trigger says so: {}", trig.rule.ToString()));
    }
    bool skipped_group = false;  // "Xi skipped the G20": the persons were not there
    if (g.summit) {
      for (size_t ci = 0; ci < cues.size(); ++ci) {
        const Cue& c = cues[ci];
        if (!c.not_group || !may_before[ci]) continue;
        uint32_t b = tb > rb + c.window ? tb - c.window : rb;
        if (RE2::PartialMatch(text.substr(b, tb - b), *c.re)) skipped_group = true;
      }
    }

    // "Biden arrived in Geneva on Tuesday and met Putin": a verb coordinated
    // with the previous one shares its subject (the text before that verb).
    // The previous verb's object ("met Li Qiang on Friday and held talks
    // with He Lifeng") is not this verb's: its participants start at "and".
    Span subject{0, 0};
    uint32_t pb = rb;
    // So does a noun in a phrase on the verb's clause ("Blinken met Xi on
    // Monday, capping a two-day visit": Blinken's visit), by subject_of_noun rules.
    if (gi > 0 && groups[gi - 1].verbal) {
      const std::string_view between = text.substr(groups[gi - 1].span.end, g.span.begin - groups[gi - 1].span.end);
      for (const ContextRule& c : context) {
        re2::StringPiece cm;
        if (!c.subject || (!g.verbal && !c.nominal)) continue;
        if (!c.re->Match(between, 0, between.size(), RE2::UNANCHORED, &cm, 1)) continue;
        pb = groups[gi - 1].span.end + uint32_t(cm.data() - between.data());
        subject = Span{gi == 1 ? sent.begin : groups[gi - 2].span.end, groups[gi - 1].span.begin};
        // "Blinken, the first secretary of state to visit China, arrived on
        // Sunday and held talks with Qin": no one named between the trigger
        // before and the verb, so the subject is named before that trigger.
        bool named = false;
        each_person_in(subject, [&](const Entry&) { named = true; });
        if (gi >= 2 && !named) subject = Span{sent.begin, groups[gi - 2].span.begin};
        m.notes.push_back(fmt::format("participants: subject of the previous verb: {}", c.rule.ToString()));
        break;
      }
    }
    // Participants.
    std::vector<std::string> persons, countries;
    bool person_found = false;
    for (size_t hi = 0; hi < hits.size(); ++hi) {
      const Hit& h = hits[hi];
      const bool in_subject = h.span.begin >= subject.begin && h.span.end <= subject.end && !subject.empty();
      if ((h.span.begin < pb || h.span.end > re) && !in_subject) continue;
      // "according to Jake Sullivan", "at the request of Zelensky": who
      // reports or asked for the event is no side of it.
      // (Asked only of a hit that could be a side.)
      bool side_kind = false;
      for (uint32_t i = h.first; i < h.first + h.count && !side_kind; ++i) {
        const EntryKind k = gaz.entry(i).kind;
        side_kind = k == EntryKind::kPerson || k == EntryKind::kTitle || k == EntryKind::kCountry ||
                    k == EntryKind::kDemonym;
      }
      if (const Pattern* source = side_kind ? SourceBefore(text, h.span, sent.begin) : nullptr) {
        m.notes.push_back(fmt::format("participant {} is the source, not a side: {}",
                                      text.substr(h.span.begin, h.span.size()),
                                      source->rule.ToString()));
        continue;
      }
      for (uint32_t i = h.first; i < h.first + h.count; ++i) {
        const Entry& e = gaz.entry(i);
        switch (e.kind) {
          case EntryKind::kPerson: {
            if (skipped_group) break;
            // "the Biden administration": the country, or nobody.
            const std::optional<bool> effect = SuffixEffect(text, h.span.end, h.span.begin >= g.span.end);
            if (effect) {
              if (*effect) AddUnique(countries, e.country);
              m.notes.push_back(fmt::format("participant {} -> {}: {}", e.surface,
                                            *effect ? e.country : "dropped", kSuffixes));
              break;
            }
            AddUnique(persons, e.canonical);
            person_found = true;
            break;
          }
          case EntryKind::kTitle: {
            if (skipped_group) break;
            // A title next to a name is that name's ("Chinese President Xi").
            bool named = false;
            if (hi + 1 < hits.size() && hits[hi + 1].span.begin <= h.span.end + 1) {
              for (uint32_t k = hits[hi + 1].first; k < hits[hi + 1].first + hits[hi + 1].count; ++k)
                named = named || gaz.entry(k).kind == EntryKind::kPerson;
            }
            if (hi > 0 && hits[hi - 1].span.end + 2 >= h.span.begin) {
              for (uint32_t k = hits[hi - 1].first; k < hits[hi - 1].first + hits[hi - 1].count; ++k)
                named = named || gaz.entry(k).kind == EntryKind::kPerson;
            }
            if (named) break;
            {
              std::string_view before = WordBefore(text, rb, h.span.begin, false);
              std::string lower(before);
              for (char& ch : lower) ch = char(std::tolower(static_cast<unsigned char>(ch)));
              if (title_modifiers.count(lower)) break;
            }
            // An unknown name right after the title is kept as written.
            uint32_t p = h.span.end;
            if (p < re && text[p] == ' ') {
              uint32_t q = p + 1, words = 0, last = p;
              auto in_timex = [&](uint32_t at) {
                // Timexes do not overlap: only the last one that begins
                // at or before `at` can cover it.
                auto after = std::upper_bound(doc.timexes.begin(), doc.timexes.end(), at,
                                              [](uint32_t x, const Timex& t) { return x < t.span.begin; });
                return after != doc.timexes.begin() && at < std::prev(after)->span.end;
              };
              while (q + 1 < re && words < 3 && text[q] >= 'A' && text[q] <= 'Z' &&
                     ((text[q + 1] >= 'a' && text[q + 1] <= 'z') || text[q + 1] == '.') &&
                     !in_timex(q)) {
                uint32_t w = q;
                while (w < re && (IsWordAt(text, w) || text[w] == '.' || text[w] == '-')) ++w;
                last = w;
                ++words;
                if (w < re && text[w] == ' ') q = w + 1; else break;
              }
              if (words >= 2) {
                std::string_view name = text.substr(p + 1, last - p - 1);
                while (!name.empty() && name.back() == '.') name.remove_suffix(1);
                if (SuffixEffect(text, last, p >= g.span.end).has_value()) {  // "... Vijay Gokhale told reporters"
                  m.notes.push_back(fmt::format("participant {} -> dropped: {}", name, kSuffixes));
                  break;
                }
                AddUnique(persons, name);
                person_found = true;
                m.notes.push_back(fmt::format("participant {} kept as written after title {}", name, e.surface));
                break;
              }
            }
            if (!ref_day) break;
            std::string_view holder = gaz.Holder(e.canonical, *ref_day);
            if (holder.empty()) break;
            AddUnique(persons, holder);
            person_found = true;
            m.notes.push_back(fmt::format("participant {} = {} on {}: {}", e.surface, holder,
                                          FormatDay(*ref_day), e.rule.ToString()));
            break;
          }
          case EntryKind::kCountry:
          case EntryKind::kDemonym: {
            // Countries far from the trigger are the sentence's topic, not a side.
            uint32_t dist = h.span.end <= g.span.begin ? g.span.begin - h.span.end
                            : h.span.begin >= g.span.end ? h.span.begin - g.span.end : 0;
            if (dist > kCountryReach || g.summit) break;
            // "talks on Ukraine", "Russia's war", "the Russian invasion": what
            // the event is about, or a modifier of something else.
            if (const Pattern* topic = TopicCue(text, h.span, sent.begin, sent.end)) {
              m.notes.push_back(fmt::format("participant {} is a topic, not a side: {}", e.surface,
                                            topic->rule.ToString()));
              break;
            }
            // A capital or country named as where it happened is a place,
            // not a side: "in Helsinki", "in Vietnam", "Hanoi, Vietnam".
            if (e.kind == EntryKind::kCountry) {
              bool is_place = false;
              for (uint32_t k = h.first; k < h.first + h.count; ++k)
                is_place = is_place || gaz.entry(k).kind == EntryKind::kPlace;
              bool address = false;
              if (hi > 0 && h.span.begin >= 2 && hits[hi - 1].span.end + 2 == h.span.begin &&
                  text[h.span.begin - 2] == ',') {
                for (uint32_t k = hits[hi - 1].first; k < hits[hi - 1].first + hits[hi - 1].count; ++k)
                  address = address || (gaz.entry(k).kind == EntryKind::kPlace &&
                                        gaz.entry(k).country == e.canonical);
              }
              // A dateline: "HANOI, Vietnam — The summit ..." at the start of the sentence.
              if (!address && h.span.begin < sent.begin + 40 && h.span.begin >= sent.begin + 2 &&
                  text[h.span.begin - 2] == ',') {
                std::string_view after = text.substr(h.span.end, std::min<size_t>(6, sent.end - h.span.end));
                address = after.starts_with(" \u2014") || after.starts_with(" \u2013") ||
                          after.starts_with(" -") || after.starts_with(" (");
              }
              if (address ||
                  (is_place && PlaceCue(WordBefore(text, sent.begin, h.span.begin, true), m.type))) {
                m.notes.push_back(fmt::format("participant {} is a place, not a side: {}", e.surface,
                                              address ? "after a place or in a dateline" : kPlaceCues));
                break;
              }
            }
            AddUnique(countries, e.canonical);
            break;
          }
          case EntryKind::kGroup:
          case EntryKind::kOrg:
          case EntryKind::kPlace:
          case EntryKind::kSummit:
            break;
        }
      }
    }
    // "Mr Kim": the person of that surname the article names.
    if (!skipped_group) {
      const uint32_t from = subject.empty() ? pb : std::min(pb, subject.begin);
      auto r = std::lower_bound(surnames.begin(), surnames.end(), from,
                                [](const SurnameRef& x, uint32_t p) { return x.span.begin < p; });
      for (; r != surnames.end() && r->span.begin < re; ++r) {
        if (r->span.end > re) break;
        if (r->span.begin < pb && r->span.end > subject.end) continue;
        AddUnique(persons, r->name);
        person_found = true;
        m.notes.push_back(fmt::format("participant {} = {}: surname named in the article: {}",
                                      doc.text(r->span), r->name, kHonorifics));
      }
    }
    // Context: "the two leaders", "he".
    if (!skipped_group) {
      std::vector<char>& may = scratch.context;
      context_filter->Mark(text.substr(rb, re - rb), scratch.set_hits, may);
      for (size_t ci = 0; ci < context.size(); ++ci) {
        const ContextRule& c = context[ci];
        if (c.subject || !may[ci]) continue;  // subject: used for the region below
        // "leaders of the APEC forum for their annual meeting": the pair of a
        // named summit is its group, not the article's two leading persons.
        if (c.pair && g.summit) continue;
        if (person_found && !c.pair && !c.re->Match(text.substr(rb, g.span.begin - rb), 0, g.span.begin - rb, RE2::UNANCHORED, nullptr, 0)) continue;
        re2::StringPiece mm;
        std::string_view region = text.substr(rb, re - rb);
        if (!c.re->Match(region, 0, region.size(), RE2::UNANCHORED, &mm, 1)) continue;

        // The pair may be named later in the same sentence ("...between the
        // leaders of ... since Joe Biden took over"); "he" looks back only.
        const std::span<const PersonSeen> seen =
            persons_before(c.pair ? sent.end : rb + uint32_t(mm.data() - region.data()));
        if (c.pair) {
          // The article's two leading persons: the first two of different countries.
          std::string_view a, b, ac;
          for (const PersonSeen& p : seen) {
            if (a.empty()) {
              a = p.name;
              ac = p.country;
            } else if (p.name != a && p.country != ac) {
              b = p.name;
              break;
            }
          }
          if (b.empty()) continue;
          AddUnique(persons, a);
          AddUnique(persons, b);
        } else {
          if (seen.empty()) continue;
          AddUnique(persons, seen.back().name);
        }
        person_found = true;
        m.notes.push_back(fmt::format("participants from context: {}", c.rule.ToString()));
        break;
      }
    }
    // Countries stand for a side no named person stands for.
    for (const std::string& c : countries) {
      bool covered = false;
      for (const std::string& p : persons) {
        for (const Hit& h : hits) {
          for (uint32_t i = h.first; i < h.first + h.count; ++i) {
            const Entry& e = gaz.entry(i);
            if (e.kind == EntryKind::kPerson && e.canonical == p && e.country == c) covered = true;
          }
        }
        // Persons from context or titles: look their country up by name.
        if (!covered) {
          std::vector<Hit> ph;
          gaz.Find(p, Span{0, uint32_t(p.size())}, ph);
          for (const Hit& h : ph) {
            for (uint32_t i = h.first; i < h.first + h.count; ++i) {
              if (gaz.entry(i).kind == EntryKind::kPerson && gaz.entry(i).country == c) covered = true;
            }
          }
        }
        if (covered) break;
      }
      if (!covered && !skipped_group) AddUnique(persons, c);
    }

    std::string_view location_country;
    // Location: a place right before the trigger ("Zurich talks"), or after
    // it behind a preposition ("in Bali", "a trip to China").
    for (const Hit& h : hits) {
      if (h.span.begin < rb || h.span.end > re) continue;
      const Entry* place = nullptr;
      for (uint32_t i = h.first; i < h.first + h.count; ++i) {
        if (gaz.entry(i).kind == EntryKind::kPlace) place = &gaz.entry(i);
      }
      if (!place) continue;
      // "U.S.-China relations": a place in a compound is a modifier.
      if (h.span.end < re && text[h.span.end] == '-') continue;
      bool before = h.span.end <= g.span.begin && g.span.begin - h.span.end <= 1;
      // Between the triggers of the group ("met in Antalya, the highest-level
      // talks"), a place is after its first trigger.
      const bool inside = h.span.begin > g.span.begin && h.span.end < g.span.end;
      const uint32_t floor = inside ? g.span.begin : g.span.end;
      // "in the Turkish resort of Antalya": the cue stands before the phrase.
      const auto [from, phrase] = h.span.begin >= floor
                                      ? PlacePhraseStart(text, h.span.begin, floor)
                                      : std::pair<uint32_t, const Pattern*>{h.span.begin, nullptr};
      bool after = h.span.begin >= floor && (inside || from - floor <= kPlaceReach) &&
                   PlaceCue(WordBefore(text, g.span.begin, from, true), m.type);
      // "talks on Sunday, with the war in Ukraine on the agenda": a topic.
      if (after && TopicBefore(text, h.span, floor)) continue;
      if (before || after) {
        m.location = std::string(place->canonical);
        location_country = place->country;
        m.notes.push_back(fmt::format("location {}: {}", place->surface, place->rule.ToString()));
        if (after && phrase)
          m.notes.push_back(fmt::format("location after {}", phrase->rule.ToString()));
        break;
      }
    }

    // A named summit: its group joins the participants, and the calendar
    // gives the edition (by the host city named in the sentence, else by date).
    // A bare "summit" with no two sides named is the summit the article named
    // before (or in its headline): "The summit opened on Friday". Not one it
    // names only later: in "The summit was first floated by Biden in a call"
    // ahead of "his trip began at the G7 summit", the summit is the article's
    // own (Biden and Putin in Geneva), not the G7.
    const Hit* named = g.summit;
    // "On the eve of the summit, Erdogan dropped his objection to Sweden
    // ...": a bare summit in a setting phrase is the article's, whoever the
    // sentence names.
    auto setting_before = [&](uint32_t at) {
      const uint32_t b = at > sent.begin + kTopicReach ? at - kTopicReach : sent.begin;
      return topic_setting.Find(text.substr(b, at - b));
    };
    const Pattern* bare_setting =
        !named && m.type == "summit" ? setting_before(g.span.begin) : nullptr;
    const Hit* article_summit = !named && m.type == "summit" && (persons.size() < 2 || bare_setting)
                                    ? ArticleSummit(doc, article)
                                    : nullptr;
    if (article_summit && article_summit->span.begin < g.span.begin) {
      named = article_summit;
      m.notes.emplace_back("summit named earlier in the article");
    } else {
      bare_setting = nullptr;
    }
    if (named) {
      const Entry* se = nullptr;
      for (uint32_t i = named->first; i < named->first + named->count; ++i) {
        if (gaz.entry(i).kind == EntryKind::kSummit) se = &gaz.entry(i);
      }
      std::string_view series = se->country;
      m.type = "summit";
      auto eds = gaz.Editions(series);
      if (se->canonical != series) {  // an edition named itself: "COP26"
        eds.erase(std::remove_if(eds.begin(), eds.end(),
                                 [&](const Edition* e) { return e->edition != se->canonical; }),
                  eds.end());
      }
      std::vector<const Edition*> by_city;
      for (const Edition* e : eds) {
        bool in_city = m.location == e->city;
        for (const Hit& h : hits) {
          for (uint32_t i = h.first; i < h.first + h.count; ++i) {
            in_city = in_city || (gaz.entry(i).kind == EntryKind::kPlace && gaz.entry(i).canonical == e->city);
          }
        }
        if (in_city) by_city.push_back(e);
      }
      if (!by_city.empty()) eds = by_city;
      const Edition* ed = nullptr;
      if (eds.size() == 1) {
        ed = eds[0];
      } else if (ref_timex) {
        for (const Edition* e : eds) {
          if (e->start <= ref_timex->last && ref_timex->first <= e->end) {
            ed = e;
            break;
          }
        }
      }
      // A date in the sentence that no edition matches: the text's date wins.
      if (!ed && !ref_timex && doc.dct.known() && !eds.empty()) {
        const date::sys_days d = doc.dct.date.first;
        if (m.status == EventStatus::kPlanned) {
          for (const Edition* e : eds) {
            if (e->end >= d) {
              ed = e;
              break;
            }
          }
        } else {
          for (const Edition* e : eds) {
            if (e->start <= d) ed = e;
          }
        }
      }
      std::string_view group = series;
      if (ed && !ed->edition.empty() && !(ed->edition[0] >= '0' && ed->edition[0] <= '9')) group = ed->edition;
      if (se->canonical != series) group = se->canonical;
      // "Zelensky met Biden on the sidelines of the NATO summit": the
      // persons are the meeting's; the summit's side is its group.
      if (const Pattern* p = named == g.summit ? setting_before(named->span.begin) : bare_setting) {
        persons.clear();
        m.notes.push_back(
            fmt::format("participants: the summit is the setting: {}", p->rule.ToString()));
      }
      AddUnique(persons, group);
      if (ed) {
        if (m.location.empty() && ed->city != "virtual") m.location = std::string(ed->city);
        m.notes.push_back(fmt::format("summit {} {} {}..{} {}", ed->series, ed->edition,
                                      FormatDay(ed->start), FormatDay(ed->end), ed->rule.ToString()));
      } else {
        m.notes.push_back(fmt::format("summit {} (edition unknown)", series));
      }
    }
    // A visit's participants are the visitors: the host country and its
    // people are where they went ("Kerry's visit to China").
    if (m.type == "visit" && !location_country.empty()) {
      std::vector<std::string> visitors;
      for (const std::string& p : persons) {
        if (p == location_country || CountryOf(p) == location_country) continue;
        visitors.push_back(p);
      }
      if (visitors.empty() && m.location == location_country) {
        // No one visits their own country: in "Scholz met Xi in Beijing, the
        // first G7 leader to visit China" the visitor is someone the sentence
        // names before the trigger from elsewhere; failing that, nobody.
        each_person_in(Span{sent.begin, g.span.begin}, [&](const Entry& e) {
          if (!e.country.empty() && e.country != location_country) AddUnique(visitors, e.canonical);
        });
        m.notes.push_back(visitors.empty()
                              ? fmt::format("no visitor: every participant is from {}", location_country)
                              : fmt::format("visitors: named in the sentence, not from {}", location_country));
        persons = visitors;
      }
      if (trig.foreign && visitors.empty()) continue;  // "told his aides in Washington"
      if (!visitors.empty()) persons = std::move(visitors);
    }
    // "officials told John Kerry ...": a visit only with a place abroad.
    if (m.type == "visit" && trig.foreign && location_country.empty()) continue;
    std::sort(persons.begin(), persons.end());
    m.participants = std::move(persons);
    doc.mentions.push_back(std::move(m));
  }
}

}  // namespace timeline::mentions
