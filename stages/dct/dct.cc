// SPDX-License-Identifier: Apache-2.0
// dct: the publication date from metadata, header, URL, text or --dct; see dct.h.
#include "stages/dct/dct.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace timeline::dct {

namespace {

constexpr std::string_view kRules = "dct/data/rules.tsv";
constexpr std::string_view kMonths = "dct/data/months.tsv";
constexpr std::string_view kWeekdays = "dct/data/weekdays.tsv";
constexpr std::string_view kCues = "dct/data/tense_cues.tsv";

constexpr int kMinYear = 1990;       // plausible publication years
constexpr int kMaxYear = 2035;
constexpr size_t kTopBytes = 2000;   // "the top of the text" for dateline/top rules
constexpr size_t kCueWindow = 80;    // bytes before a weekday date searched for tense cues
constexpr size_t kMaxWeekdayPairs = 64;
// The DFA budget of the top-of-text RE2::Set (RE2's default, 8 MB, is
// thrown away and rebuilt over and over for Sets this size).
constexpr int64_t kSetMaxMem = int64_t{64} << 20;

enum class RuleSource : uint8_t { kHeader, kUrl, kDateline, kTop, kWeekday };

struct Rule {
  RuleRef ref;
  RuleSource source;
  float confidence = 0;
  std::unique_ptr<RE2> re;
  int year = 0, month = 0, day = 0, weekday = 0;  // capture group indices; 0 = absent
  int a = 0, b = 0;  // "08/02/2022": two numbers, day and month in either order
  int groups = 0;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return out;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (v > 100000) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// A lexicon file: lower-cased surface -> value, plus the RE2 alternation of
// its surfaces, longest first.
struct Lexicon {
  std::map<std::string, int, std::less<>> values;
  std::string alternation;

  int Find(std::string_view surface) const {
    while (!surface.empty() && surface.back() == '.') surface.remove_suffix(1);
    auto it = values.find(Lower(surface));
    return it == values.end() ? 0 : it->second;
  }
};

Result<Lexicon> LoadLexicon(const RuleStore& rules, std::string_view path, int max_value) {
  auto rows = ReadTsv(rules, path, 2, 2);
  if (!rows.ok()) return rows.error();
  Lexicon lex;
  std::vector<std::string_view> surfaces;
  for (const TsvRow& row : *rows) {
    int v = AllDigits(row[1]) ? ToInt(row[1]) : -1;
    if (row[0].empty() || v < 1 || v > max_value) {
      return Error(std::string(rules.Origin(path)), row.line,
                   fmt::format("{}: value must be a number 1..{}, found \"{}\"", row[0], max_value,
                               row[1]));
    }
    lex.values[Lower(row[0])] = v;
    surfaces.push_back(row[0]);
  }
  lex.alternation = "(?:" + LiteralAlternation(std::move(surfaces)) + ")";
  return lex;
}

std::string Expand(std::string_view pattern, const Lexicon& months, const Lexicon& weekdays) {
  std::string out;
  size_t pos = 0;
  while (pos < pattern.size()) {
    size_t m = pattern.find("{month}", pos), w = pattern.find("{weekday}", pos);
    size_t next = std::min(m, w);
    if (next == std::string_view::npos) {
      out.append(pattern.substr(pos));
      break;
    }
    out.append(pattern.substr(pos, next - pos));
    if (next == m) {
      out += months.alternation;
      pos = next + 7;
    } else {
      out += weekdays.alternation;
      pos = next + 9;
    }
  }
  return out;
}

std::optional<RuleSource> ParseSource(std::string_view s) {
  if (s == "header") return RuleSource::kHeader;
  if (s == "url") return RuleSource::kUrl;
  if (s == "dateline") return RuleSource::kDateline;
  if (s == "top") return RuleSource::kTop;
  if (s == "weekday") return RuleSource::kWeekday;
  return std::nullopt;
}

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}

// One date found by a rule: month and day always; year or weekday.
struct Found {
  int year = 0, month = 0, day = 0, weekday = 0;
  size_t begin = 0, end = 0;
  bool ambiguous = false;  // a/b both <= 12: month and day were chosen by evidence
};

}  // namespace

struct Resolver::Impl {
  Options options;
  date::sys_days today{};
  std::deque<std::string> owned;  // rule ids (RuleRef::id views point here)
  std::vector<Rule> rules;
  Lexicon months, weekdays;
  std::vector<std::string> cues;  // lower-case
  // The dateline and top rules in one RE2::Set: a pass over the top of the
  // text says which of them match there at all, so that the others are not
  // run (each costs a DFA pass over up to kTopBytes). Null when it could not
  // be built: every rule runs.
  std::unique_ptr<RE2::Set> top_set;
  std::vector<uint32_t> top_rule;  // top_set index -> rules index
  // The weekday rules as one alternation "(?:r1)|(?:r2)", asked once
  // whether any of them matches anywhere in the text: most texts hold no
  // weekday with a month-day, and then no rule makes its own pass over the
  // whole text. Null when there are fewer than two weekday rules or the
  // alternation does not compile (each rule runs).
  std::unique_ptr<RE2> weekday_gate;

  // Runs `rule` on text[from, to) from the left; fills f on a match with a
  // valid month/day (and year when the rule has one).
  // `evidence` is the whole article text, for day/month order (a/b rules).
  bool Match(const Rule& rule, std::string_view text, size_t from, size_t to, Found& f,
             std::string_view evidence = {}) const;
  bool FutureCue(std::string_view text, size_t at) const;
  // "08/02/2022": which of two numbers up to 12 is the month. The month the
  // text names more often (full month names) wins; on a tie the day comes
  // first, as in most of the world's numeric dates.
  void ResolveDayMonth(std::string_view doc_text, int a, int b, Found& f) const;
  // The first rule of `source` that gives a valid day in text; evidence is
  // offset by base (no evidence when base is nullopt: text is not doc text).
  // may: when not null, may[i] == 0 says rules[i] has no match in text.
  bool TryRules(RuleSource source, std::string_view text, std::optional<size_t> base, Document& doc,
                DctSource as, const std::vector<char>* may = nullptr) const;
  // A dateline that gives a month and day but no year ("WASHINGTON, June 16
  // (Reuters)"); its span, or an empty span.
  std::optional<Found> YearlessDateline(std::string_view top, const Rule** rule,
                                        const std::vector<char>* may) const;
  // Fills may (see TryRules) for the dateline and top rules on top; false
  // when the Set cannot tell (then every rule runs).
  bool MayMatchTop(std::string_view top, std::vector<char>& may) const;
  bool InferFromWeekdays(Document& doc) const;
};

Resolver::Resolver() : impl_(std::make_unique<Impl>()) {}
Resolver::Resolver(Resolver&&) noexcept = default;
Resolver& Resolver::operator=(Resolver&&) noexcept = default;
Resolver::~Resolver() = default;

Result<Resolver> Resolver::Load(const RuleStore& rules, const Options& options) {
  Resolver r;
  Impl& impl = *r.impl_;
  impl.options = options;
  impl.today = options.today ? *options.today
                             : date::floor<date::days>(std::chrono::system_clock::now());
  auto months = LoadLexicon(rules, kMonths, 12);
  if (!months.ok()) return months.error();
  impl.months = std::move(*months);
  auto weekdays = LoadLexicon(rules, kWeekdays, 7);
  if (!weekdays.ok()) return weekdays.error();
  impl.weekdays = std::move(*weekdays);

  auto cues = ReadTsv(rules, kCues, 1, 2);
  if (!cues.ok()) return cues.error();
  for (const TsvRow& row : *cues) impl.cues.push_back(Lower(row[0]));

  auto rows = ReadTsv(rules, kRules, 4, 5);
  if (!rows.ok()) return rows.error();
  const std::string origin(rules.Origin(kRules));
  for (const TsvRow& row : *rows) {
    std::string_view id = row[0];
    auto fail = [&](std::string msg) {
      return Error(origin, row.line, fmt::format("{}: {}", id, msg));
    };
    auto source = ParseSource(row[1]);
    if (!source) {
      return fail(fmt::format(
          "unknown source \"{}\" (expected header, url, dateline, top or weekday)", row[1]));
    }
    char* end = nullptr;
    std::string conf_text(row[2]);
    float conf = std::strtof(conf_text.c_str(), &end);
    if (conf_text.empty() || *end != '\0' || !(conf > 0 && conf <= 1)) {
      return fail(fmt::format("confidence must be a number in (0, 1], found \"{}\"", row[2]));
    }
    Rule rule;
    rule.ref = RuleRef{kRules, row.line, impl.owned.emplace_back(id)};
    rule.source = *source;
    rule.confidence = conf;
    RE2::Options opts(RE2::Quiet);
    auto re = CompileRule(rules, kRules, row, id, Expand(row[3], impl.months, impl.weekdays), opts);
    if (!re.ok()) return re.error();
    rule.re = std::move(re).value();
    rule.groups = rule.re->NumberOfCapturingGroups();
    const auto& named = rule.re->NamedCapturingGroups();
    auto index = [&](const char* name) {
      auto it = named.find(name);
      return it == named.end() ? 0 : it->second;
    };
    rule.year = index("year");
    rule.month = index("month");
    rule.day = index("day");
    rule.weekday = index("weekday");
    rule.a = index("a");
    rule.b = index("b");
    if ((!rule.month || !rule.day) && (!rule.a || !rule.b)) {
      return fail("needs named groups (?P<month>...) and (?P<day>...), or (?P<a>...) and (?P<b>...)");
    }
    if (rule.source == RuleSource::kWeekday && !rule.weekday) {
      return fail("a weekday rule needs a named group (?P<weekday>...)");
    }
    if ((rule.source == RuleSource::kHeader || rule.source == RuleSource::kUrl ||
         rule.source == RuleSource::kTop) &&
        !rule.year) {
      return fail("needs a named group (?P<year>...)");
    }
    impl.rules.push_back(std::move(rule));
  }
  // The Set only says which rules may match (each rule's RE2 confirms), so
  // it takes the relaxed pattern when it can: a much smaller DFA.
  RE2::Options set_opts(RE2::Quiet);
  set_opts.set_max_mem(kSetMaxMem);
  if (options.prefilter) impl.top_set = std::make_unique<RE2::Set>(set_opts, RE2::UNANCHORED);
  for (uint32_t i = 0; i < impl.rules.size() && impl.top_set; ++i) {
    const Rule& rule = impl.rules[i];
    if (rule.source != RuleSource::kDateline && rule.source != RuleSource::kTop) continue;
    const std::string pattern(rule.re->pattern());
    if (impl.top_set->Add(RelaxRepeats(pattern), nullptr) < 0 &&
        impl.top_set->Add(pattern, nullptr) < 0) {
      impl.top_set.reset();
      break;
    }
    impl.top_rule.push_back(i);
  }
  if (impl.top_set && (impl.top_rule.empty() || !impl.top_set->Compile())) impl.top_set.reset();
  std::string gate;
  int weekday_rules = 0;
  for (const Rule& rule : impl.rules) {
    if (rule.source != RuleSource::kWeekday) continue;
    gate += weekday_rules++ > 0 ? "|(?:" : "(?:";
    gate += rule.re->pattern();
    gate += ')';
  }
  if (options.prefilter && weekday_rules > 1) {
    RE2::Options gate_opts(RE2::Quiet);
    gate_opts.set_never_capture(true);
    auto re = std::make_unique<RE2>(gate, gate_opts);
    if (re->ok()) impl.weekday_gate = std::move(re);
  }
  return r;
}

bool Resolver::Impl::MayMatchTop(std::string_view top, std::vector<char>& may) const {
  if (!top_set) return false;
  std::vector<int> hits;
  RE2::Set::ErrorInfo info{};
  if (!top_set->Match(re2::StringPiece(top.data(), top.size()), &hits, &info) &&
      info.kind != RE2::Set::kNoError) {
    return false;  // e.g. the DFA ran out of memory: every rule runs
  }
  may.assign(rules.size(), 1);
  for (uint32_t i : top_rule) may[i] = 0;
  for (int h : hits) may[top_rule[size_t(h)]] = 1;
  return true;
}

bool Resolver::Impl::Match(const Rule& rule, std::string_view text, size_t from, size_t to,
                           Found& f, std::string_view evidence) const {
  re2::StringPiece groups[16];
  int n = std::min(rule.groups + 1, 16);
  if (!rule.re->Match(re2::StringPiece(text.data(), text.size()), from, to, RE2::UNANCHORED,
                      groups, n)) {
    return false;
  }
  auto group = [&](int i) -> std::string_view {
    if (i <= 0 || i >= n || groups[i].data() == nullptr) return {};
    return std::string_view(groups[i].data(), groups[i].size());
  };
  f = Found{};
  f.begin = size_t(groups[0].data() - text.data());
  f.end = f.begin + groups[0].size();
  std::string_view m = group(rule.month), d = group(rule.day), y = group(rule.year);
  f.month = AllDigits(m) ? ToInt(m) : months.Find(m);
  f.day = AllDigits(d) ? ToInt(d) : 0;
  f.year = AllDigits(y) ? ToInt(y) : 0;
  if (rule.weekday) f.weekday = weekdays.Find(group(rule.weekday));
  if (rule.a && rule.b) {
    std::string_view a = group(rule.a), b = group(rule.b);
    if (AllDigits(a) && AllDigits(b)) {
      ResolveDayMonth(evidence.empty() ? text : evidence, ToInt(a), ToInt(b), f);
    }
  }
  return true;
}

void Resolver::Impl::ResolveDayMonth(std::string_view doc_text, int a, int b, Found& f) const {
  if (a > 12 || b > 12 || a == b) {
    f.day = a > 12 || a == b ? a : b;
    f.month = a > 12 || a == b ? b : a;
    return;
  }
  f.ambiguous = true;
  // Full month names only ("May" is also a verb), capitalized, as words.
  auto count = [&](int month) {
    int n = 0;
    for (const auto& [surface, value] : months.values) {
      if (value != month || surface.size() < 4) continue;
      std::string cap(surface);
      cap[0] = char(cap[0] - 'a' + 'A');
      for (size_t p = doc_text.find(cap); p != std::string_view::npos; p = doc_text.find(cap, p + 1)) {
        size_t e = p + cap.size();
        bool left = p == 0 || !IsWordChar(doc_text[p - 1]);
        bool right = e >= doc_text.size() || !IsWordChar(doc_text[e]) || doc_text[e] == '.';
        n += left && right;
      }
    }
    return n;
  };
  const int na = count(a), nb = count(b);
  f.day = nb >= na ? a : b;
  f.month = nb >= na ? b : a;
}

bool Resolver::Impl::FutureCue(std::string_view text, size_t at) const {
  size_t from = at > kCueWindow ? at - kCueWindow : 0;
  // Stay within the sentence: start after the last '.', '!', '?' or newline.
  for (size_t i = at; i > from; --i) {
    char c = text[i - 1];
    if (c == '.' || c == '!' || c == '?' || c == '\n') {
      from = i;
      break;
    }
  }
  std::string window = Lower(text.substr(from, at - from));
  for (const std::string& cue : cues) {
    size_t pos = 0;
    while ((pos = window.find(cue, pos)) != std::string::npos) {
      bool left = pos == 0 || !IsWordChar(window[pos - 1]) || cue.front() == '\'';
      size_t e = pos + cue.size();
      bool right = e >= window.size() || !IsWordChar(window[e]);
      if (left && right) return true;
      ++pos;
    }
  }
  return false;
}

namespace {

// A day within the plausible range, or nullopt.
std::optional<date::sys_days> MakeDay(int y, int m, int d) {
  if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{unsigned(m)}, date::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days(ymd);
}

void SetDct(Document& doc, date::sys_days day, DctSource source, Span evidence, float confidence,
            RuleRef rule) {
  doc.dct.date = DateValue::Day(day);
  doc.dct.source = source;
  doc.dct.evidence = evidence;
  doc.dct.confidence = confidence;
  doc.dct.rule = rule;
}

}  // namespace

bool Resolver::Impl::TryRules(RuleSource source, std::string_view text, std::optional<size_t> base,
                              Document& doc, DctSource as, const std::vector<char>* may) const {
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    if (rule.source != source || (may && !(*may)[i])) continue;
    size_t pos = 0;
    Found f;
    while (pos <= text.size() && Match(rule, text, pos, text.size(), f, doc.text())) {
      auto day = MakeDay(f.year, f.month, f.day);
      if (day && *day <= today + date::days{2}) {
        Span ev = base ? Span{uint32_t(*base + f.begin), uint32_t(*base + f.end)} : Span{};
        SetDct(doc, *day, as, ev, rule.confidence - (f.ambiguous ? 0.1f : 0.0f), rule.ref);
        return true;
      }
      pos = std::max(f.end, f.begin + 1);
    }
  }
  return false;
}

std::optional<Found> Resolver::Impl::YearlessDateline(std::string_view top, const Rule** which,
                                                      const std::vector<char>* may) const {
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& rule = rules[i];
    if (rule.source != RuleSource::kDateline || (may && !(*may)[i])) continue;
    Found f;
    if (Match(rule, top, 0, top.size(), f) && f.year == 0 && f.month >= 1 && f.day >= 1) {
      *which = &rule;
      return f;
    }
  }
  return std::nullopt;
}

bool Resolver::Impl::InferFromWeekdays(Document& doc) const {
  std::string_view text = doc.text();
  struct Pair {
    date::sys_days day;
    bool future;
    Span span;
    const Rule* rule;
  };
  std::vector<Pair> pairs;
  if (weekday_gate && !weekday_gate->Match(text, 0, text.size(), RE2::UNANCHORED, nullptr, 0))
    return false;  // no weekday rule matches anywhere: no pair
  for (const Rule& rule : rules) {
    if (rule.source != RuleSource::kWeekday) continue;
    size_t pos = 0;
    Found f;
    while (pairs.size() < kMaxWeekdayPairs && pos <= text.size() &&
           Match(rule, text, pos, text.size(), f)) {
      pos = std::max(f.end, f.begin + 1);
      if (f.weekday < 1 || f.month < 1 || f.day < 1) continue;
      // The most recent year, not after today, in which month/day fell on that weekday.
      int this_year = int(date::year_month_day(today).year());
      for (int y = std::min(this_year, kMaxYear); y >= kMinYear; --y) {
        auto day = MakeDay(y, f.month, f.day);
        if (!day || *day > today) continue;
        if (date::weekday(*day).iso_encoding() != unsigned(f.weekday)) continue;
        bool dup = false;
        for (const Pair& p : pairs) dup = dup || p.span.Overlaps(Span{uint32_t(f.begin), uint32_t(f.end)});
        if (!dup) {
          pairs.push_back(
              {*day, FutureCue(text, f.begin), Span{uint32_t(f.begin), uint32_t(f.end)}, &rule});
        }
        break;
      }
    }
  }
  if (pairs.empty()) return false;
  // The year most pairs agree on (ties: the more recent).
  std::map<int, int> votes;
  for (const Pair& p : pairs) ++votes[int(date::year_month_day(p.day).year())];
  int best_year = 0, best_votes = 0;
  for (auto [y, v] : votes) {
    if (v >= best_votes) best_year = y, best_votes = v;
  }
  const Pair* latest_past = nullptr;
  const Pair* earliest_future = nullptr;
  for (const Pair& p : pairs) {
    if (int(date::year_month_day(p.day).year()) != best_year) continue;
    if (!p.future && (!latest_past || p.day > latest_past->day)) latest_past = &p;
    if (p.future && (!earliest_future || p.day < earliest_future->day)) earliest_future = &p;
  }
  float conf = latest_past ? latest_past->rule->confidence : earliest_future->rule->confidence - 0.1f;
  conf += 0.1f * float(std::min(best_votes - 1, 2));
  if (votes.size() > 1) conf -= 0.1f;
  conf = std::clamp(conf, 0.1f, 0.9f);
  if (latest_past) {
    SetDct(doc, latest_past->day + date::days{1}, DctSource::kText, latest_past->span, conf,
           latest_past->rule->ref);
  } else {
    SetDct(doc, earliest_future->day - date::days{1}, DctSource::kText, earliest_future->span,
           conf, earliest_future->rule->ref);
  }
  return true;
}

void Resolver::Run(Document& doc) const {
  const Impl& impl = *impl_;
  static constexpr RuleRef kMetadataRule{"", 0, "article.published"};
  static constexpr RuleRef kFallbackRule{"", 0, "--dct"};
  doc.dct = Dct{};
  if (doc.article.published) {
    SetDct(doc, *doc.article.published, DctSource::kMetadata, Span{}, 1.0f, kMetadataRule);
    return;
  }
  std::string_view text = doc.text();
  // A header "date" line found by clean.
  for (const HeaderField& h : doc.header) {
    if (h.key != "date" || h.value.end > text.size() || !h.value.ok()) continue;
    if (impl.TryRules(RuleSource::kHeader, doc.text(h.value), h.value.begin, doc,
                      DctSource::kHeaderLine))
      return;
  }
  // A date in the URL path: the article's URL, then header "url" fields.
  if (!doc.article.url.empty() &&
      impl.TryRules(RuleSource::kUrl, doc.article.url, std::nullopt, doc, DctSource::kUrl))
    return;
  for (const HeaderField& h : doc.header) {
    if (h.key != "url" || h.value.end > text.size() || !h.value.ok()) continue;
    if (impl.TryRules(RuleSource::kUrl, doc.text(h.value), h.value.begin, doc, DctSource::kUrl))
      return;
  }
  // The top of the text: datelines, then explicit full dates.
  size_t top_end = std::min(text.size(), kTopBytes);
  if (top_end < text.size()) {
    size_t nl = text.rfind('\n', top_end);
    if (nl != std::string_view::npos) top_end = nl;
  }
  std::string_view top = text.substr(0, top_end);
  std::vector<char> may_top;
  const std::vector<char>* may = impl.MayMatchTop(top, may_top) ? &may_top : nullptr;
  if (impl.TryRules(RuleSource::kDateline, top, 0, doc, DctSource::kText, may)) return;
  if (impl.TryRules(RuleSource::kTop, top, 0, doc, DctSource::kText, may)) return;
  // Weekday + month-day pairs fix the year; a dateline without a year, if
  // any, then gives the day in that year.
  if (impl.InferFromWeekdays(doc)) {
    const Rule* rule = nullptr;
    if (auto f = impl.YearlessDateline(top, &rule, may)) {
      int y = int(date::year_month_day(doc.dct.date.first).year());
      if (auto day = MakeDay(y, f->month, f->day)) {
        SetDct(doc, *day, DctSource::kText, Span{uint32_t(f->begin), uint32_t(f->end)},
               std::min(rule->confidence, doc.dct.confidence + 0.2f), rule->ref);
      }
    }
    return;
  }
  if (impl.options.fallback) {
    SetDct(doc, *impl.options.fallback, DctSource::kCommandLine, Span{}, 0.5f, kFallbackRule);
  }
}

}  // namespace timeline::dct
