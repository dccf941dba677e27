// SPDX-License-Identifier: Apache-2.0
// merge: loading the merge's knowledge, and Merge(): canonical order,
// must-link groups, the dated pass, undated mentions, events in output order.
#include "stages/merge/merge.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdlib>
#include <map>
#include <memory_resource>
#include <numeric>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "stages/merge/merge_detail.h"

namespace timeline::merge {

using detail::Interned;
using detail::Knowledge;

namespace {

constexpr std::string_view kTypeCompat = "merge/data/type_compat.tsv";
constexpr std::string_view kTitles = "merge/data/titles.tsv";
constexpr std::string_view kParams = "merge/data/params.tsv";
constexpr std::string_view kActors = "mentions/data/actors.tsv";
constexpr std::string_view kPlaces = "mentions/data/places.tsv";
constexpr std::string_view kAreas = "merge/data/areas.tsv";

Diagnostic RowError(const RuleStore& rules, std::string_view path, uint32_t line,
                    std::string message) {
  return Error(std::string(rules.Origin(path)), line, std::move(message));
}

Result<void> LoadTypeCompat(const RuleStore& rules, Knowledge& k) {
  auto rows = ReadTsv(rules, kTypeCompat, 2, 3);
  if (!rows.ok()) return rows.error();
  for (const TsvRow& row : *rows) {
    std::string a(row[0]), b(row[1]);
    if (a.empty() || b.empty()) {
      return RowError(rules, kTypeCompat, row.line, "empty type");
    }
    if (a == b) {
      return RowError(rules, kTypeCompat, row.line,
                      fmt::format("{}: a type is always compatible with itself", a));
    }
    if (k.TypesCompatible(a, b)) {
      return RowError(rules, kTypeCompat, row.line, fmt::format("{}: {} listed twice", a, b));
    }
    k.also.emplace_back(std::move(a), std::move(b));
  }
  return {};
}

// Checks a title template: balanced [..], known {fields}.
std::string TemplateError(std::string_view t) {
  bool in_section = false;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '[') {
      if (in_section) return "nested [";
      in_section = true;
    } else if (t[i] == ']') {
      if (!in_section) return "] without [";
      in_section = false;
    } else if (t[i] == '{') {
      size_t close = t.find('}', i);
      if (close == std::string_view::npos) return "{ without }";
      std::string_view field = t.substr(i + 1, close - i - 1);
      if (field != "participants" && field != "location" && field != "Type") {
        return fmt::format("unknown field {{{}}} (known: {{participants}}, {{location}}, {{Type}})",
                           field);
      }
      i = close;
    } else if (t[i] == '}') {
      return "} without {";
    }
  }
  if (in_section) return "[ without ]";
  return "";
}

Result<void> LoadTitles(const RuleStore& rules, Knowledge& k) {
  auto rows = ReadTsv(rules, kTitles, 2, 3);
  if (!rows.ok()) return rows.error();
  for (const TsvRow& row : *rows) {
    std::string type(row[0]);
    if (type.empty()) return RowError(rules, kTitles, row.line, "empty type");
    std::string err = TemplateError(row[1]);
    if (!err.empty()) return RowError(rules, kTitles, row.line, fmt::format("{}: {}", type, err));
    if (!k.titles.emplace(type, std::string(row[1])).second) {
      return RowError(rules, kTitles, row.line, fmt::format("{}: a second title for this type", type));
    }
  }
  return {};
}

template <class T>
bool ParseNumber(std::string_view s, T& out) {
  if constexpr (std::is_floating_point_v<T>) {
    // std::from_chars for double is in GCC 12's libstdc++.
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  } else {
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  }
}

Result<void> LoadParams(const RuleStore& rules, Knowledge& k) {
  auto rows = ReadTsv(rules, kParams, 2, 3);
  if (!rows.ok()) return rows.error();
  std::map<std::string_view, bool> seen;
  for (const TsvRow& row : *rows) {
    std::string_view name = row[0], value = row[1];
    bool ok = false;
    if (name == "date_tolerance_days") {
      ok = ParseNumber(value, k.date_tolerance_days) && k.date_tolerance_days >= 0;
    } else if (name == "max_title_names") {
      ok = ParseNumber(value, k.max_title_names) && k.max_title_names >= 1;
    } else if (name == "max_confidence") {
      ok = ParseNumber(value, k.max_confidence) && k.max_confidence > 0 && k.max_confidence <= 1;
    } else if (name == "conflict_penalty") {
      ok = ParseNumber(value, k.conflict_penalty) && k.conflict_penalty > 0 &&
           k.conflict_penalty <= 1;
    } else if (name == "sharp_within_days") {
      ok = ParseNumber(value, k.sharp_within_days) && k.sharp_within_days >= 1;
    } else if (name == "vague_after_days") {
      ok = ParseNumber(value, k.vague_after_days) && k.vague_after_days >= 1;
    } else if (name == "undated_window_days") {
      ok = ParseNumber(value, k.undated_window_days) && k.undated_window_days >= 0;
    } else if (name == "undated_reach_days") {
      ok = ParseNumber(value, k.undated_reach_days) && k.undated_reach_days >= 0;
    } else {
      return RowError(rules, kParams, row.line, fmt::format("{}: unknown parameter", name));
    }
    if (!ok) {
      return RowError(rules, kParams, row.line,
                      fmt::format("{}: \"{}\" is not a valid value", name, value));
    }
    if (seen[name]) return RowError(rules, kParams, row.line, fmt::format("{}: set twice", name));
    seen[name] = true;
  }
  for (std::string_view name :
       {"date_tolerance_days", "max_title_names", "max_confidence", "conflict_penalty",
        "undated_window_days", "undated_reach_days", "sharp_within_days", "vague_after_days"}) {
    if (!seen[name]) {
      return Error(std::string(rules.Origin(kParams)), 0, fmt::format("{}: missing", name));
    }
  }
  return {};
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A cell, or "" when it is a trailing comment ("# acting").
std::string_view Cell(const TsvRow& row, size_t i) {
  std::string_view c = row[i];
  return !c.empty() && c.front() == '#' ? std::string_view() : c;
}

// mentions/data/actors.tsv and mentions/data/places.tsv: surface, canonical,
// kind, country (more columns ignored). Both optional: without them no actor
// counts as its country and no place lies in a country.
Result<void> LoadGazetteer(const RuleStore& rules, std::string_view path, Knowledge& k) {
  if (!rules.Has(path)) return {};
  auto rows = ReadTsv(rules, path, 1, 64);
  if (!rows.ok()) return rows.error();
  // The country column may name the country or give a code; a country's own
  // row maps its code to its canonical name.
  std::map<std::string, std::string, std::less<>> code_to_country;
  for (const TsvRow& row : *rows) {
    std::string_view canonical = Cell(row, 1), country = Cell(row, 3);
    if ((EqualsNoCase(Cell(row, 2), "group") || EqualsNoCase(Cell(row, 2), "org")) &&
        !canonical.empty()) {
      k.groups.emplace(canonical);
    }
    if (!EqualsNoCase(Cell(row, 2), "country") || canonical.empty()) continue;
    k.countries.emplace(canonical);
    if (!country.empty()) code_to_country.emplace(std::string(country), std::string(canonical));
  }
  for (const TsvRow& row : *rows) {
    std::string_view canonical = Cell(row, 1), country = Cell(row, 3);
    if (canonical.empty()) continue;
    if (k.countries.count(canonical)) {
      k.country_of.emplace(std::string(canonical), std::string(canonical));
      continue;
    }
    if (country.empty()) continue;
    auto it = code_to_country.find(country);
    k.country_of.emplace(std::string(canonical),
                         it != code_to_country.end() ? it->second : std::string(country));
  }
  return {};
}

Result<void> LoadActors(const RuleStore& rules, Knowledge& k) {
  auto r = LoadGazetteer(rules, kActors, k);
  if (!r.ok()) return r;
  return LoadGazetteer(rules, kPlaces, k);
}

// merge/data/areas.tsv: place, area (optional). A place listed twice is an
// error: it would lie in two areas.
Result<void> LoadAreas(const RuleStore& rules, Knowledge& k) {
  if (!rules.Has(kAreas)) return {};
  auto rows = ReadTsv(rules, kAreas, 2, 2);
  if (!rows.ok()) return rows.error();
  for (const TsvRow& row : *rows) {
    if (row[0].empty() || row[1].empty()) {
      return RowError(rules, kAreas, row.line, "a place and its area are both needed");
    }
    if (!k.area_of.emplace(std::string(row[0]), std::string(row[1])).second) {
      return RowError(rules, kAreas, row.line, fmt::format("{}: listed twice", row[0]));
    }
  }
  return {};
}

// Rounds a confidence the way the JSON outputs write it (two decimals), so
// that mentions read back from `timeline extract` equal the originals.
float CanonicalConfidence(float c) {
  double v = std::clamp(double(c), 0.0, 1.0);
  if (!(v == v)) v = 0;  // NaN
  // The format compiled once (JsonWriter::Double writes confidences so):
  // the same bytes as the run-time "{:.2f}".
  char s[8];  // "0.00" .. "1.00"
  const char* end = fmt::format_to(s, FMT_COMPILE("{:.2f}"), v);
  double back = 0;
  std::from_chars(s, end, back);
  return float(back);
}

// CanonicalConfidence and a date re-derived from its TIMEX3 value, memoized
// per thread by value, each in a small table indexed by the value (a slot
// holds the last value that fell in it): a corpus has a few thousand of
// each, and extract canonicalizes one article's table after another.
float CanonicalConfidenceOf(float c) {
  struct Slot {
    uint32_t bits = 0;  // the confidence's bits: -0 is not 0, NaNs are keys
    float value = 0;
    bool set = false;
  };
  thread_local Slot memo[256];
  const auto bits = std::bit_cast<uint32_t>(c);
  Slot& s = memo[(bits * 0x9E3779B1u) >> 24];
  if (!s.set || s.bits != bits) s = {bits, CanonicalConfidence(c), true};
  return s.value;
}

DateValue CanonicalDate(const DateValue& d) {
  struct Slot {
    DateValue date, value;
    bool set = false;
  };
  thread_local Slot memo[1024];
  const auto first = uint32_t(d.first.time_since_epoch().count());
  const auto last = uint32_t(d.last.time_since_epoch().count());
  const uint64_t key = (uint64_t{first} << 32 | last) ^ uint64_t(d.precision) << 61;
  Slot& s = memo[(key * 0x9E3779B97F4A7C15) >> 54];
  if (!s.set || !(s.date == d)) {
    auto parsed = DateValue::ParseTimex(d.ToTimex());
    s = {d, parsed ? *parsed : DateValue{}, true};
  }
  return s.value;
}

// Canonical form of a table's records, in place: participant lists sorted
// by name, unique, without ""; confidences rounded as the JSON outputs write
// them; dates re-derived from their TIMEX3 value. Each distinct list is
// canonicalized once (a corpus has a few thousand), each confidence and date
// through its memo (deriving one formats and parses text).
void Canonicalize(MentionTable& t) {
  constexpr uint32_t kUnset = UINT32_MAX;
  // What is done once per distinct list lives in an arena on the stack: a
  // table of one article's mentions (extract) takes nothing from the heap.
  std::array<std::byte, 1024> buffer;
  std::pmr::monotonic_buffer_resource arena(buffer.data(), buffer.size());
  std::pmr::vector<uint32_t> canonical_list(t.lists().size(), kUnset, &arena);
  std::pmr::vector<uint32_t> names(&arena);
  for (CompactMention& m : t.records()) {
    uint32_t& list = canonical_list[m.participants];
    if (list == kUnset) {
      auto items = t.list(m.participants);
      names.assign(items.begin(), items.end());
      std::sort(names.begin(), names.end(),
                [&](uint32_t a, uint32_t b) { return t.str(a) < t.str(b); });
      names.erase(std::unique(names.begin(), names.end()), names.end());
      std::erase(names, StringPool::kEmpty);
      list = t.lists().Intern(names);
    }
    m.participants = list;
    m.confidence = CanonicalConfidenceOf(m.confidence);
    m.date = m.date.dated() ? CanonicalDate(m.date) : DateValue{};
  }
}

// v[i] becomes the old v[order[i]], in place (one cycle of the permutation
// at a time: each element moves once, and no second vector is held).
// `order` is left as the identity.
template <class T>
void Permute(std::vector<T>& v, std::vector<uint32_t>& order) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (order[i] == i) continue;
    T held = std::move(v[i]);
    size_t j = i;
    while (order[j] != i) {
      const size_t from = order[j];
      v[j] = std::move(v[from]);
      order[j] = uint32_t(j);
      j = from;
    }
    v[j] = std::move(held);
    order[j] = uint32_t(j);
  }
}

// Sorts canonical records in MentionLess order (by article rank, start, end
// and group, then detail::RecordViewOrder), on `threads` threads, one part
// each, the parts then merged. The order is total up to identical
// mentions, so the sequence is that of one std::sort.
void SortMentions(MentionTable& t, unsigned threads) {
  constexpr size_t kMinPart = 8192;
  // Up to this many records (extract merges each article's few mentions),
  // the records are compared by their strings (detail::RecordViewOrder):
  // ranking every string of the pool first costs more than such a sort.
  constexpr size_t kSmallTable = 64;
  std::vector<CompactMention>& records = t.records();
  const size_t n = records.size();
  if (n <= kSmallTable) {
    std::sort(records.begin(), records.end(), detail::RecordViewOrder{t});
    return;
  }
  // The order's first four fields as two integers beside each index: most
  // comparisons end there, without reading the records (80 bytes each, in
  // random order) or their strings. The article is ranked among the
  // articles (not among every string of the pool: ranking the sentences and
  // URLs too took a third of the sort); the rare pairs that tie on these
  // fields are compared by their strings (detail::RecordViewOrder). The
  // comparator gives the same answer for
  // every pair as MentionLess, so the sort makes the same moves, ties
  // included.
  std::vector<uint32_t> article_rank(t.strings().size(), 0);
  {
    std::vector<uint32_t> articles;
    for (const CompactMention& r : records) {
      if (article_rank[r.article] == 0) {
        article_rank[r.article] = 1;
        articles.push_back(r.article);
      }
    }
    std::sort(articles.begin(), articles.end(),
              [&](uint32_t a, uint32_t b) { return t.str(a) < t.str(b); });
    for (uint32_t r = 0; r < articles.size(); ++r) article_rank[articles[r]] = r;
  }
  const detail::RecordViewOrder record_less{t};
  struct Keyed {
    uint64_t hi, lo;  // article rank, start; end, group
    uint32_t index;
  };
  std::vector<Keyed> keyed(n);
  for (uint32_t i = 0; i < n; ++i) {
    const CompactMention& r = records[i];
    keyed[i] = {uint64_t{article_rank[r.article]} << 32 | r.start, uint64_t{r.end} << 32 | r.group, i};
  }
  article_rank = {};
  auto less = [&](const Keyed& a, const Keyed& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return record_less(records[a.index], records[b.index]);
  };
  const size_t parts = std::min<size_t>(threads, std::max<size_t>(1, n / kMinPart));
  std::vector<size_t> bounds(parts + 1);
  for (size_t p = 0; p <= parts; ++p) bounds[p] = n * p / parts;
  detail::ParallelFor(parts, threads, [&](size_t p, unsigned) {
    std::sort(keyed.begin() + bounds[p], keyed.begin() + bounds[p + 1], less);
  });
  for (size_t p = 1; p < parts; ++p) {
    std::inplace_merge(keyed.begin(), keyed.begin() + bounds[p], keyed.begin() + bounds[p + 1],
                       less);
  }
  std::vector<uint32_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = keyed[i].index;
  keyed = {};
  Permute(records, order);
}

using Cluster = std::vector<uint32_t>;

// The key under which an undated report finds a dated event with "the same
// participants": the names of the members, sorted, unique, leaving out a
// country when one of its people is listed ("Joe Biden;United States;Xi
// Jinping" is the same pair as "Joe Biden;Xi Jinping"), as interned name ids
// (numbered in name order, so this is WithoutRepresentedCountries of the
// sorted names, and for a dated cluster the participants of its summary).
void ParticipantNames(const Interned& in, std::span<const uint32_t> members,
                      std::vector<uint32_t>& names, std::vector<uint32_t>& held) {
  names.clear();
  for (uint32_t i : members) {
    const Interned::Facts& f = in.facts[i];
    names.insert(names.end(), in.begin(f), in.end(f));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  // A country is represented when another name belongs to it: the
  // countries of the names that are not their own country.
  held.clear();
  for (uint32_t q : names) {
    const uint32_t c = in.country[q];
    if (c != Interned::kNone && c != q) held.push_back(c);
  }
  if (held.empty()) return;
  std::sort(held.begin(), held.end());
  std::erase_if(names, [&](uint32_t p) {
    return in.is_country[p] && std::binary_search(held.begin(), held.end(), p);
  });
}

// A cluster's members as relating an undated group to it needs them: a
// member relates to another mention as a function of its signature and
// of whether the two share an article, so of the members with the same
// facts, one of another article than the group's mention and one of the
// same article (if any) relate as all of them do. A hub's event holds
// thousands of mentions with a few dozen distinct facts.
struct DistinctFacts {
  static constexpr uint32_t kNone = Interned::kNone;
  struct Facts {
    uint32_t one;    // a member with these facts
    uint32_t other;  // one with them in another article than `one`, or kNone
  };
  std::vector<Facts> facts;
  // (article, a member): one per distinct (article, facts), sorted.
  std::vector<std::pair<uint32_t, uint32_t>> by_article;
};

DistinctFacts DistinctFactsOf(const Interned& in, const std::vector<uint32_t>& members) {
  std::vector<uint32_t> order(members);
  auto key = [&](uint32_t i) {
    return std::tuple_cat(detail::SignatureOf(in.facts[i]), std::make_tuple(in.facts[i].article, i));
  };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  DistinctFacts d;
  for (size_t r = 0; r < order.size();) {
    const detail::Signature facts = detail::SignatureOf(in.facts[order[r]]);
    size_t e = r;
    DistinctFacts::Facts entry{order[r], DistinctFacts::kNone};
    for (; e < order.size() && detail::SignatureOf(in.facts[order[e]]) == facts; ++e) {
      const uint32_t article = in.facts[order[e]].article;
      if (e == r || article != in.facts[order[e - 1]].article) {
        d.by_article.emplace_back(article, order[e]);
      }
      if (entry.other == DistinctFacts::kNone && article != in.facts[entry.one].article) {
        entry.other = order[e];
      }
    }
    d.facts.push_back(entry);
    r = e;
  }
  std::sort(d.by_article.begin(), d.by_article.end());
  return d;
}

// Whether every mention of the group is compatible with every member of a
// cluster (RelateMentions of the undated pass), pair by pair...
bool AllCompatible(const Knowledge& k, const Interned& in, const std::vector<uint32_t>& group,
                   const std::vector<uint32_t>& members) {
  for (uint32_t i : group) {
    for (uint32_t j : members) {
      if (!detail::RelateMentions(k, in, i, j, false).compatible) return false;
    }
  }
  return true;
}

// ... or through the cluster's DistinctFacts: the same answer.
bool AllCompatible(const Knowledge& k, const Interned& in, const std::vector<uint32_t>& group,
                   const DistinctFacts& members) {
  for (uint32_t i : group) {
    const uint32_t article = in.facts[i].article;
    for (const DistinctFacts::Facts& f : members.facts) {
      // The members of other articles than i's.
      const uint32_t j = in.facts[f.one].article != article ? f.one : f.other;
      if (j != DistinctFacts::kNone && !detail::RelateMentions(k, in, i, j, false).compatible) {
        return false;
      }
    }
    // Those of its own article.
    auto j = std::lower_bound(members.by_article.begin(), members.by_article.end(),
                              std::pair{article, uint32_t{0}});
    for (; j != members.by_article.end() && j->first == article; ++j) {
      if (!detail::RelateMentions(k, in, i, j->second, false).compatible) return false;
    }
  }
  return true;
}

}  // namespace

struct Merger::Impl {
  Knowledge knowledge;
};

Merger::Merger() : impl_(std::make_unique<Impl>()) {}
Merger::Merger(Merger&&) noexcept = default;
Merger& Merger::operator=(Merger&&) noexcept = default;
Merger::~Merger() = default;

Result<Merger> Merger::Load(const RuleStore& rules) {
  Merger m;
  Knowledge& k = m.impl_->knowledge;
  for (auto load : {LoadTypeCompat, LoadTitles, LoadParams, LoadActors, LoadAreas}) {
    auto r = load(rules, k);
    if (!r.ok()) return r.error();
  }
  k.Index();
  k.IndexTitles();
  return m;
}

std::string Merger::Title(std::string_view type, const std::vector<std::string>& participants,
                          std::string_view location) const {
  return detail::MakeTitle(impl_->knowledge, type, participants, location);
}

std::vector<Event> Merger::Merge(std::vector<EventMention> mentions, unsigned threads) const {
  MentionTable table;
  for (const EventMention& m : mentions) table.Add(m);
  mentions = {};
  const Timeline timeline = MergeCompact(std::move(table), threads);
  std::vector<Event> events(timeline.size());
  detail::ParallelFor(events.size(), std::max(1u, threads),
                      [&](size_t i, unsigned) { timeline.Materialize(i, events[i]); });
  return events;
}

Timeline Merger::MergeCompact(MentionTable table, unsigned threads) const {
  const Knowledge& k = impl_->knowledge;
  threads = std::max(1u, threads);
  // 1. Canonical form and order; identical mentions count once. The order
  // is total (equal keys are identical mentions), so sorting parts on
  // threads and merging them gives the same sequence as one sort.
  Canonicalize(table);
  SortMentions(table, threads);
  {
    auto& records = table.records();
    records.erase(std::unique(records.begin(), records.end()), records.end());
    records.shrink_to_fit();
  }
  const MentionTable& t = table;

  // 2. Must-link groups: same (article, group) is one event, per the article.
  // The mentions are sorted by article first, so each article's mentions are
  // one run; within it, (group, index) sorted gives each group's members in
  // order. (The groups are sorted by first member below.)
  std::vector<Cluster> by_group;
  {
    std::vector<std::pair<uint32_t, uint32_t>> run;  // (group, mention)
    for (uint32_t i = 0; i < t.size();) {
      uint32_t j = i;
      run.clear();
      for (; j < t.size() && t[j].article == t[i].article; ++j) run.emplace_back(t[j].group, j);
      std::sort(run.begin(), run.end());
      for (size_t r = 0; r < run.size(); ++r) {
        if (r == 0 || run[r].first != run[r - 1].first) by_group.emplace_back();
        by_group.back().push_back(run[r].second);
      }
      i = j;
    }
  }
  // Groups with a precise date (at most vague_after_days long: a day, week
  // or month) go through the dated pass; the rest (undated, or only a
  // quarter or year) join a precise event only when clearly the same. Of
  // the precise ones, the sharp (a date at most sharp_within_days long: a
  // day or a week) are clustered first, and the groups dated only by a
  // month join the events they form, or each other, in a second round.
  std::vector<Cluster> sharp, loose, undated;
  for (auto& members : by_group) {
    uint32_t best = UINT32_MAX;  // the shortest date of the group, in days
    for (uint32_t i : members) {
      if (t[i].date.dated()) best = std::min(best, uint32_t(t[i].date.days()));
    }
    auto& to = best <= uint32_t(k.sharp_within_days)   ? sharp
               : best <= uint32_t(k.vague_after_days) ? loose
                                                       : undated;
    to.push_back(std::move(members));
  }
  by_group = {};
  auto by_first = [](const Cluster& a, const Cluster& b) { return a.front() < b.front(); };
  std::sort(sharp.begin(), sharp.end(), by_first);
  std::sort(undated.begin(), undated.end(), by_first);

  // 3. The dated pass, on the interned view of the mentions: the same
  // clustering twice, the second time with the first's events as units.
  // A group dated only by a month is compatible with every day of it, so
  // in one round it links each such report to every event of its month,
  // and the events of a busy year become one component whose linked pairs
  // grow with its square (a gigabyte of bench news: a component of 389 487
  // groups, 9.6 GB); by the second round the sharp events are formed, and
  // a month's loose groups meet only the events of that month.
  const detail::Interned in = detail::Intern(k, t);
  std::vector<Cluster> clusters = detail::Agglomerate(k, in, std::move(sharp), true, threads);
  if (!loose.empty()) {
    std::vector<uint8_t> settled(t.size(), 0);
    for (const Cluster& c : clusters) {
      for (uint32_t i : c) settled[i] = 1;
    }
    for (Cluster& c : loose) clusters.push_back(std::move(c));
    loose = {};
    std::sort(clusters.begin(), clusters.end(), by_first);
    clusters = detail::Agglomerate(k, in, std::move(clusters), true, threads, settled);
  }

  // 4. Undated (or vaguely dated) groups join a dated event only when
  // clearly the same: the
  // same participants and a compatible type, place and status, and either
  // the only such event, or (given the article's date) the nearest one the
  // article can be reporting on.
  // A cluster that undated mentions join is summarized again with them.
  // (The clusters' keys and hulls below are only for undated groups to look
  // up: without any, as in most single articles in extract, none is made.)
  // The summaries become the events (step 5.), in their places, followed by
  // the events the undated groups left over form: one array, reserved for
  // them all, instead of a second one beside it at the merge's peak.
  std::vector<CompactEvent> summaries;
  summaries.reserve(clusters.size() + undated.size());
  summaries.resize(clusters.size());
  detail::ParallelFor(clusters.size(), threads, [&](size_t c, unsigned) {
    summaries[c] = detail::Summarize(k, t, clusters[c]);
  });
  // The clusters by participant key (ParticipantNames: the names of their
  // summaries, as interned ids), each key's clusters sorted by hull (below):
  // clusters_by_key[key_begin[key], key_begin[key + 1]). Keys are interned
  // lists, so an undated group's key is found with one hash lookup and no
  // string is built (the key strings and their std::map cost a third of
  // the step on the 200 MB bench merge).
  // (Made only when there are undated groups: most of extract's one-article
  // merges have none, and a pool's first tables are four allocations.)
  std::optional<ListPool> keys;
  if (!undated.empty()) keys.emplace();
  std::vector<uint32_t> key_of(undated.empty() ? 0 : clusters.size());
  std::vector<uint32_t> names, held;
  for (uint32_t c = 0; c < key_of.size(); ++c) {
    ParticipantNames(in, clusters[c], names, held);
    key_of[c] = keys->Intern(names);
  }
  const uint32_t cluster_keys = keys ? uint32_t(keys->size()) : 0;
  // Which clusters an undated group is compared with. A leader's clusters
  // span years of news; a group can only be compatible with those whose
  // dated mentions all meet its narrowest date constraint (a vague date of
  // its own, widened by the tolerance for a day; else its article's date
  // within undated_reach_days, which binds only across articles). So each
  // key's clusters are sorted by the first day of their dated mentions (the
  // hull: every cluster of the dated pass has one), and only those whose
  // hull meets the constraint are compared, plus, under a reach constraint,
  // the clusters holding a mention of the group's own article.
  std::vector<std::pair<date::sys_days, date::sys_days>> hull(key_of.size());
  for (uint32_t c = 0; c < hull.size(); ++c) {
    bool any = false;
    for (uint32_t i : clusters[c]) {
      const DateValue& d = in.facts[i].date;
      if (!d.dated()) continue;
      if (!any || d.first < hull[c].first) hull[c].first = d.first;
      if (!any || d.last > hull[c].second) hull[c].second = d.last;
      any = true;
    }
  }
  auto by_hull = [&](uint32_t a, uint32_t b) {
    return std::tie(hull[a].first, a) < std::tie(hull[b].first, b);
  };
  std::vector<uint32_t> key_begin(key_of.empty() ? 0 : cluster_keys + 1, 0);
  std::vector<uint32_t> clusters_by_key(key_of.size());
  std::vector<date::days> longest(key_of.empty() ? 0 : cluster_keys, date::days{0});  // per key
  if (!key_of.empty()) {
    for (uint32_t key : key_of) ++key_begin[key + 1];
    std::partial_sum(key_begin.begin(), key_begin.end(), key_begin.begin());
    std::vector<uint32_t> at(key_begin.begin(), key_begin.end() - 1);
    for (uint32_t c = 0; c < key_of.size(); ++c) clusters_by_key[at[key_of[c]]++] = c;
    for (uint32_t key = 0; key < cluster_keys; ++key) {
      const auto from = clusters_by_key.begin() + key_begin[key];
      const auto to = clusters_by_key.begin() + key_begin[key + 1];
      std::sort(from, to, by_hull);
      for (auto c = from; c != to; ++c) {
        longest[key] = std::max(longest[key], hull[*c].second - hull[*c].first);
      }
    }
  }
  // The clusters that hold a mention of an undated group's article, per
  // article (in.facts numbers articles densely): clusters_of_article
  // [article_begin[a], article_begin[a + 1]), in cluster order.
  std::vector<uint32_t> article_begin, clusters_of_article;
  if (!undated.empty()) {
    uint32_t articles = 0;
    for (const Interned::Facts& f : in.facts) articles = std::max(articles, f.article + 1);
    std::vector<uint8_t> wanted(articles, 0);
    for (const Cluster& u : undated) wanted[in.facts[u.front()].article] = 1;
    std::vector<std::pair<uint32_t, uint32_t>> pairs;  // (article, cluster)
    for (uint32_t c = 0; c < clusters.size(); ++c) {
      const size_t first = pairs.size();
      for (uint32_t i : clusters[c]) {
        const uint32_t a = in.facts[i].article;
        if (wanted[a]) pairs.emplace_back(a, c);
      }
      // A cluster's members are sorted, so one article's are adjacent.
      pairs.erase(std::unique(pairs.begin() + first, pairs.end()), pairs.end());
    }
    article_begin.assign(articles + 1, 0);
    for (const auto& [a, c] : pairs) ++article_begin[a + 1];
    std::partial_sum(article_begin.begin(), article_begin.end(), article_begin.begin());
    clusters_of_article.resize(pairs.size());
    std::vector<uint32_t> at(article_begin.begin(), article_begin.end() - 1);
    for (const auto& [a, c] : pairs) clusters_of_article[at[a]++] = c;
  }
  // A cluster of at least kDistinctFrom members is related to undated
  // groups through its DistinctFacts, made the first time it is compared
  // (a hub's events are compared with thousands of groups).
  constexpr size_t kDistinctFrom = 8;
  std::unordered_map<uint32_t, DistinctFacts> distinct;
  auto distinct_facts = [&](uint32_t c) -> const DistinctFacts& {
    auto [it, added] = distinct.try_emplace(c);
    if (added) it->second = DistinctFactsOf(in, clusters[c]);
    return it->second;
  };
  std::vector<uint32_t> compare, candidates;
  std::vector<Cluster> left;
  std::vector<std::vector<uint32_t>> joins(clusters.size());
  for (Cluster& u : undated) {
    std::string_view dct;
    EventStatus status = EventStatus::kOccurred;
    for (uint32_t i : u) {
      if (dct.empty()) dct = t.str(t[i].dct);
      status = t[i].status;
    }
    ParticipantNames(in, u, names, held);
    // (A key no cluster has is interned after theirs, with a higher id.)
    const uint32_t key = names.empty() ? cluster_keys : keys->Intern(names);
    candidates.clear();
    if (key < cluster_keys) {
      const std::span<const uint32_t> list(clusters_by_key.data() + key_begin[key],
                                           clusters_by_key.data() + key_begin[key + 1]);
      // The narrowest constraint on the dates of a compatible cluster's mentions.
      std::optional<std::pair<date::sys_days, date::sys_days>> window;
      bool by_reach = false;
      for (uint32_t i : u) {
        const detail::Interned::Facts& f = in.facts[i];
        std::pair<date::sys_days, date::sys_days> w;
        if (f.date.dated()) {
          const date::days slack{f.date.precision == Precision::kDay ? k.date_tolerance_days : 0};
          w = {f.date.first - slack, f.date.last + slack};
        } else if (f.dct_known) {
          w = {f.dct_day - date::days{k.undated_reach_days}, f.dct_day + date::days{k.undated_reach_days}};
        } else {
          continue;
        }
        if (!window || w.second - w.first < window->second - window->first) {
          window = w;
          by_reach = !f.date.dated();
        }
      }
      compare.clear();
      if (!window) {
        compare.assign(list.begin(), list.end());
      } else {
        auto end = std::upper_bound(list.begin(), list.end(), window->second,
                                    [&](date::sys_days d, uint32_t c) { return d < hull[c].first; });
        const date::sys_days from = window->first - longest[key];
        for (auto c = end; c != list.begin() && hull[*(c - 1)].first >= from;) {
          --c;
          if (hull[*c].second >= window->first) compare.push_back(*c);
        }
        if (by_reach) {
          const uint32_t a = in.facts[u.front()].article;
          for (uint32_t x = article_begin[a]; x < article_begin[a + 1]; ++x) {
            const uint32_t c = clusters_of_article[x];
            if (key_of[c] == key) compare.push_back(c);
          }
        }
        std::sort(compare.begin(), compare.end());
        compare.erase(std::unique(compare.begin(), compare.end()), compare.end());
      }
      for (uint32_t c : compare) {
        if (clusters[c].size() < kDistinctFrom ? AllCompatible(k, in, u, clusters[c])
                                                : AllCompatible(k, in, u, distinct_facts(c))) {
          candidates.push_back(c);
        }
      }
    }
    auto day = DateValue::ParseIsoDay(dct);
    if (day) {
      // An article reports past events before its date, plans after it.
      std::erase_if(candidates, [&](uint32_t c) {
        const DateValue& d = summaries[c].date;
        return status == EventStatus::kPlanned ? d.last < *day : d.first > *day;
      });
    }
    std::optional<uint32_t> chosen;
    if (candidates.size() == 1) {
      chosen = candidates.front();
    } else if (candidates.size() > 1) {
      // Rank: nearest to the article's date (when known), then most sources.
      auto rank = [&](uint32_t c) {
        const DateValue& d = summaries[c].date;
        long distance = 0;
        if (day) {
          distance = *day < d.first   ? (d.first - *day).count()
                     : *day > d.last ? (*day - d.last).count()
                                      : 0;
        }
        return std::make_pair(distance, -long(summaries[c].sources));
      };
      std::sort(candidates.begin(), candidates.end(),
                [&](uint32_t a, uint32_t b) {
                  return std::make_pair(rank(a), a) < std::make_pair(rank(b), b);
                });
      if (rank(candidates[0]) != rank(candidates[1])) chosen = candidates[0];
    }
    if (chosen) {
      joins[*chosen].insert(joins[*chosen].end(), u.begin(), u.end());
    } else {
      left.push_back(std::move(u));
    }
  }
  undated = {};

  // Events: the clusters no undated mention joined as summarized, the
  // others summarized again with what joined them, then (5.) the undated
  // events the rest of the undated mentions form among themselves (same
  // participants, compatible type and place).
  std::vector<Cluster> redo;    // clusters to summarize (again)
  std::vector<uint32_t> slots;  // where each goes in `events`
  std::vector<CompactEvent> events = std::move(summaries);
  for (uint32_t c = 0; c < clusters.size(); ++c) {
    if (joins[c].empty()) continue;
    Cluster all = std::move(clusters[c]);
    all.insert(all.end(), joins[c].begin(), joins[c].end());
    std::sort(all.begin(), all.end());
    slots.push_back(c);
    events[c] = CompactEvent{};
    redo.push_back(std::move(all));
  }
  clusters = {};
  joins = {};
  for (Cluster& c : detail::Agglomerate(k, in, std::move(left), false, threads)) {
    slots.push_back(uint32_t(events.size()));
    events.emplace_back();
    redo.push_back(std::move(c));
  }
  detail::ParallelFor(redo.size(), threads, [&](size_t r, unsigned) {
    events[slots[r]] = detail::Summarize(k, t, redo[r]);
  });
  redo = {};

  // 6. Output order: dated events by date_start, date_end, type, title, id;
  // undated events after them by type, title, id. Then unique ids (a second
  // event with the same id, which takes a 64-bit hash collision, gets a
  // suffix). Ids compare as their hashes: "ev-" and 16 hex digits each.
  // (Sorted as indices, as before; std::sort makes the same comparisons and
  // moves on indices as on the events, so the order is the same, ties
  // included.)
  if (events.size() > 1) {
    auto before = [&](const CompactEvent& a, const CompactEvent& b) {
      const bool ua = !a.date.dated(), ub = !b.date.dated();
      if (ua != ub) return ub;
      return std::make_tuple(a.date.first, a.date.last, t.str(a.type), std::string_view(a.title),
                             a.id_hash) < std::make_tuple(b.date.first, b.date.last, t.str(b.type),
                                                          std::string_view(b.title), b.id_hash);
    };
    // The first fields (undated, date_start, date_end) as one integer beside
    // each index, as in SortMentions, and the type's rank among the events'
    // types (many events share a day): the same answers, fewer reads and
    // no string compared but the titles of events of one day and type.
    // (An undated event's dates are those of DateValue{}, all alike.)
    struct Keyed {
      uint64_t key;
      uint32_t type;
      uint32_t index;
    };
    std::vector<uint32_t> types;  // the events' type ids, by name
    for (const CompactEvent& e : events) types.push_back(e.type);
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    std::sort(types.begin(), types.end(),
              [&](uint32_t a, uint32_t b) { return t.str(a) < t.str(b); });
    std::vector<std::pair<uint32_t, uint32_t>> type_rank;  // (type id, rank), by id
    for (uint32_t r = 0; r < types.size(); ++r) type_rank.emplace_back(types[r], r);
    std::sort(type_rank.begin(), type_rank.end());
    auto rank_of = [&](uint32_t type) {
      return std::lower_bound(type_rank.begin(), type_rank.end(), std::pair{type, uint32_t{0}})->second;
    };
    auto day_bits = [](date::sys_days d) { return uint64_t(uint32_t(d.time_since_epoch().count()) ^ 0x80000000u); };
    std::vector<Keyed> keyed(events.size());
    for (uint32_t i = 0; i < events.size(); ++i) {
      const DateValue& d = events[i].date;
      keyed[i] = {d.dated() ? day_bits(d.first) << 32 | day_bits(d.last) : UINT64_MAX,
                  rank_of(events[i].type), i};
    }
    std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
      if (a.key != b.key) return a.key < b.key;
      if (a.type != b.type) return a.type < b.type;
      return before(events[a.index], events[b.index]);
    });
    std::vector<uint32_t> order(events.size());
    for (size_t i = 0; i < keyed.size(); ++i) order[i] = keyed[i].index;
    Permute(events, order);
  }
  // The n-th event with an id hash gets suffix n. A few events (one
  // article's, in extract) count the events before them; more, in a map.
  constexpr size_t kFewEvents = 16;
  if (events.size() <= kFewEvents) {
    for (size_t i = 0; i < events.size(); ++i) {
      uint32_t n = 1;
      for (size_t j = 0; j < i; ++j) n += events[j].id_hash == events[i].id_hash;
      if (n > 1) events[i].id_suffix = n;
    }
  } else {
    // The hashes that more than one event has (a 64-bit collision: almost
    // always none), found by sorting them, and only those counted (a hash
    // map of every event's hash cost a node per event).
    std::vector<uint64_t> hashes(events.size());
    for (size_t i = 0; i < events.size(); ++i) hashes[i] = events[i].id_hash;
    std::sort(hashes.begin(), hashes.end());
    std::vector<uint64_t> repeated;
    for (size_t i = 1; i < hashes.size(); ++i) {
      if (hashes[i] == hashes[i - 1] && (repeated.empty() || repeated.back() != hashes[i])) {
        repeated.push_back(hashes[i]);
      }
    }
    hashes = {};
    std::vector<uint32_t> seen(repeated.size(), 0);
    for (CompactEvent& e : events) {
      if (repeated.empty()) break;
      auto it = std::lower_bound(repeated.begin(), repeated.end(), e.id_hash);
      if (it == repeated.end() || *it != e.id_hash) continue;
      const uint32_t n = ++seen[size_t(it - repeated.begin())];
      if (n > 1) e.id_suffix = n;
    }
  }
  return Timeline{std::move(table), std::move(events)};
}

}  // namespace timeline::merge
