// SPDX-License-Identifier: Apache-2.0
// Tests for stages/merge: cross-article deduplication, dates, status,
// conflicts, ids, titles, and merge's algebra (order-free, associative).
#include "stages/merge/merge.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "pipeline/rule_store.h"
#include "pipeline/sinks/sinks.h"
#include "stages/merge/merge_detail.h"
#include "tests/test_util.h"

namespace timeline {
namespace {

using testing::Day;

// The built-in merge data plus the given extra files (e.g. an actor list).
RuleStore Store(std::map<std::string, std::string> extra = {}) {
  RuleStore builtin = RuleStore::Builtin();
  std::map<std::string, std::string> files;
  for (std::string_view p : builtin.List("merge/")) files[std::string(p)] = std::string(*builtin.Get(p));
  for (auto& [p, c] : extra) files[p] = c;
  return RuleStore::FromMap(files);
}

const char* kActors =
    "# FORMAT: surface\tcanonical\tkind\tcountry\n"
    "China\tChina\tcountry\tCN\n"
    "United States\tUnited States\tcountry\tUS\n"
    "Indonesia\tIndonesia\tcountry\tID\n"
    "Xi\tXi Jinping\tperson\tCN\n"
    "Wang Yi\tWang Yi\tperson\tCN\n"
    "Biden\tJoe Biden\tperson\tUS\n"
    "Blinken\tAntony Blinken\tperson\tUS\n"
    "Bali\tBali\tplace\tID\n"
    "G-20\tG20\tgroup\t\n";

merge::Merger Load(std::map<std::string, std::string> extra = {}) {
  auto m = merge::Merger::Load(Store(std::move(extra)));
  REQUIRE(m.ok());
  return std::move(m).value();
}

// The built-in merge/data/params.tsv with one parameter's value replaced.
std::string ParamsWith(std::string_view name, std::string_view value) {
  auto text = RuleStore::Builtin().Get("merge/data/params.tsv");
  REQUIRE(text.ok());
  std::string out;
  size_t pos = 0;
  bool found = false;
  while (pos < text->size()) {
    size_t end = text->find('\n', pos);
    if (end == std::string_view::npos) end = text->size();
    std::string_view line = text->substr(pos, end - pos);
    if (line.substr(0, line.find('\t')) == name) {
      out += fmt::format("{}\t{}\n", name, value);
      found = true;
    } else {
      out += fmt::format("{}\n", line);
    }
    pos = end + 1;
  }
  REQUIRE(found);
  return out;
}

DateValue Date(std::string_view timex) {
  if (timex.empty()) return DateValue{};
  auto d = DateValue::ParseTimex(timex);
  REQUIRE(d);
  return *d;
}

// A mention: article, type, participants (;-separated), date (TIMEX3 or "").
EventMention M(std::string article, std::string type, std::string participants,
               std::string_view date, uint32_t group = 0) {
  EventMention m;
  m.article = std::move(article);
  m.type = std::move(type);
  size_t pos = 0;
  while (!participants.empty() && pos <= participants.size()) {
    size_t semi = participants.find(';', pos);
    if (semi == std::string::npos) semi = participants.size();
    m.participants.push_back(participants.substr(pos, semi - pos));
    pos = semi + 1;
  }
  m.date = Date(date);
  m.group = group;
  m.sentence = m.type + " of " + participants + " in " + m.article;
  m.start = 10 * group;
  m.end = m.start + 5;
  m.trigger = m.type;
  return m;
}

EventMention WithDct(EventMention m, std::string dct) {
  m.dct = std::move(dct);
  return m;
}

std::vector<std::string> Titles(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.date.ToTimex() + " " + e.title);
  return out;
}

// The mentions of events, as `timeline merge` reads them back.
std::vector<EventMention> MentionsOf(const std::vector<Event>& events) {
  std::vector<EventMention> out;
  for (const auto& e : events) {
    auto back = sinks::EventFromJson(sinks::EventToJson(e));
    REQUIRE(back.ok());
    for (auto& m : back->mentions) out.push_back(std::move(m));
  }
  return out;
}

std::vector<EventMention> Concat(std::vector<EventMention> a, const std::vector<EventMention>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// What the clustering knows with kActors: a summit is also a meeting, the
// countries of the people and places, the G20 a group.
merge::detail::Knowledge ClusterKnowledge() {
  merge::detail::Knowledge k;
  k.also = {{"summit", "meeting"}};
  for (const char* c : {"China", "United States", "Indonesia"}) {
    k.countries.emplace(c);
    k.country_of.emplace(c, c);
  }
  k.country_of.emplace("Xi Jinping", "China");
  k.country_of.emplace("Wang Yi", "China");
  k.country_of.emplace("Joe Biden", "United States");
  k.country_of.emplace("Antony Blinken", "United States");
  k.country_of.emplace("Bali", "Indonesia");
  k.groups.emplace("G20");
  return k;
}

// Complete-linkage clustering as merge_detail.h states it, the plain way:
// every pair of clusters related (no blocking), a full scan for the best
// pair (highest score, then first pair of indices) before each merge. The
// reference the clustering's shortcuts are checked against.
std::vector<std::vector<uint32_t>> NaiveClusters(const merge::detail::Knowledge& k,
                                                 const merge::detail::Interned& in,
                                                 std::vector<std::vector<uint32_t>> groups,
                                                 bool dated_link) {
  struct Rel {
    bool compatible = true, link = false;
    double score = 0;
  };
  const size_t n = groups.size();
  std::vector<std::vector<Rel>> rel(n, std::vector<Rel>(n));
  for (size_t x = 0; x < n; ++x) {
    for (size_t y = x + 1; y < n; ++y) {
      Rel r;
      for (uint32_t i : groups[x]) {
        for (uint32_t j : groups[y]) {
          const auto p = merge::detail::RelateMentions(k, in, i, j, dated_link);
          r.compatible = r.compatible && p.compatible;
          if (p.link && (!r.link || p.score > r.score)) {
            r.link = true;
            r.score = p.score;
          }
        }
      }
      rel[x][y] = rel[y][x] = r;
    }
  }
  std::vector<bool> alive(n, true);
  for (;;) {
    size_t best_x = n, best_y = n;
    for (size_t x = 0; x < n; ++x) {
      for (size_t y = x + 1; y < n && alive[x]; ++y) {
        const Rel& r = rel[x][y];
        if (!alive[y] || !r.compatible || !r.link) continue;
        if (best_x == n || r.score > rel[best_x][best_y].score) best_x = x, best_y = y;
      }
    }
    if (best_x == n) break;
    for (size_t z = 0; z < n; ++z) {
      Rel& r = rel[best_x][z];
      const Rel& o = rel[best_y][z];
      r.compatible = r.compatible && o.compatible;
      if (o.link && (!r.link || o.score > r.score)) {
        r.link = true;
        r.score = o.score;
      }
      rel[z][best_x] = r;
    }
    groups[best_x].insert(groups[best_x].end(), groups[best_y].begin(), groups[best_y].end());
    std::sort(groups[best_x].begin(), groups[best_x].end());
    alive[best_y] = false;
  }
  std::vector<std::vector<uint32_t>> out;
  for (size_t x = 0; x < n; ++x) {
    if (alive[x]) out.push_back(groups[x]);
  }
  return out;
}

// The clusters of Agglomerate (components, hubs collapsed, the rest pairwise)
// and of the plain reference over the must-link groups of `ms`, as Merge
// forms them: canonical participants, sorted unique mentions, one group per
// (article, group).
struct BothClusterings {
  std::vector<std::vector<uint32_t>> fast, exact;
  std::vector<std::vector<uint32_t>> wide;  // pairwise, 32-bit indices in its records
  std::vector<std::vector<uint32_t>> dense;  // pairwise, in a matrix of pair cells
};
// Mentions as Merge prepares them for clustering: canonical participants,
// sorted unique mentions, one group per (article, group), groups sorted by
// first member.
struct Prepared {
  std::vector<EventMention> ms;
  merge::detail::Interned in;
  std::vector<std::vector<uint32_t>> groups;
};
Prepared Prepare(const merge::detail::Knowledge& k, std::vector<EventMention> ms) {
  for (auto& m : ms) {
    std::sort(m.participants.begin(), m.participants.end());
    m.participants.erase(std::unique(m.participants.begin(), m.participants.end()),
                         m.participants.end());
  }
  std::sort(ms.begin(), ms.end(), merge::detail::MentionLess);
  ms.erase(std::unique(ms.begin(), ms.end()), ms.end());
  MentionTable table;
  for (const auto& m : ms) table.Add(m);
  const merge::detail::Interned in = merge::detail::Intern(k, table);
  std::map<std::pair<std::string, uint32_t>, std::vector<uint32_t>> by_group;
  for (uint32_t i = 0; i < ms.size(); ++i) by_group[{ms[i].article, ms[i].group}].push_back(i);
  std::vector<std::vector<uint32_t>> groups;
  for (auto& [key, members] : by_group) groups.push_back(members);
  std::sort(groups.begin(), groups.end(),
            [](const auto& a, const auto& b) { return a.front() < b.front(); });
  return {std::move(ms), in, std::move(groups)};
}

BothClusterings ClusterBoth(const merge::detail::Knowledge& k, std::vector<EventMention> ms,
                            bool dated_link) {
  const Prepared p = Prepare(k, std::move(ms));
  const merge::detail::Interned& in = p.in;
  const std::vector<std::vector<uint32_t>>& groups = p.groups;
  return {merge::detail::Agglomerate(k, in, groups, dated_link),
          groups.size() <= 600 ? NaiveClusters(k, in, groups, dated_link)
                               : merge::detail::AgglomerateExact(k, in, groups, dated_link),
          merge::detail::AgglomerateExactWide(k, in, groups, dated_link),
          merge::detail::AgglomerateExactDense(k, in, groups, dated_link)};
}

TEST_SUITE("merge") {
  TEST_CASE("the Biden-Xi September call reported by three articles is one event") {
    auto merger = Load();
    auto events = merger.Merge({
        M("001.txt", "call", "Joe Biden;Xi Jinping", "2021-02", 1),
        M("001.txt", "call", "Joe Biden;Xi Jinping", "2021-09", 2),
        M("004.txt", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
        M("002.txt", "call", "Joe Biden;Xi Jinping", ""),
    });
    REQUIRE(events.size() == 2);
    CHECK(events[0].date.ToTimex() == "2021-02");
    CHECK(events[0].sources == std::vector<std::string>{"001.txt"});
    CHECK(events[1].date.ToTimex() == "2021-09-09");
    // The undated report joins the best-supported of the two calls.
    CHECK(events[1].sources == std::vector<std::string>{"001.txt", "002.txt", "004.txt"});
    CHECK(events[1].title == "Call: Joe Biden and Xi Jinping");
    CHECK(events[1].mentions.size() == 3);
    CHECK(events[1].conflicts.empty());
  }

  TEST_CASE("mentions merge only with a compatible type, shared participants, dates and place") {
    struct Row {
      const char* what;
      EventMention a, b;
      bool one_event;
    };
    EventMention bali = M("b", "meeting", "Joe Biden;Xi Jinping", "2022-11-14");
    bali.location = "Bali";
    EventMention rome = M("a", "meeting", "Joe Biden;Xi Jinping", "2022-11-14");
    rome.location = "Rome";
    const Row rows[] = {
        {"a summit is also a meeting", M("a", "summit", "Joe Biden;Xi Jinping", "2021-W46"),
         M("b", "meeting", "Joe Biden;Xi Jinping", "2021-11-15"), true},
        {"a call is not a meeting", M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
         M("b", "meeting", "Joe Biden;Xi Jinping", "2021-09-09"), false},
        {"one side's participants within the other's",
         M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
         M("b", "call", "Joe Biden;Kamala Harris;Xi Jinping", "2021-09-09"), true},
        {"Biden-Xi is not Biden-Merkel", M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
         M("b", "call", "Angela Merkel;Joe Biden", "2021-09-09"), false},
        {"disjoint months", M("a", "call", "Joe Biden;Xi Jinping", "2021-02"),
         M("b", "call", "Joe Biden;Xi Jinping", "2021-09"), false},
        {"a month holds its day", M("a", "call", "Joe Biden;Xi Jinping", "2021-09"),
         M("b", "call", "Joe Biden;Xi Jinping", "2021-09-09"), true},
        {"a day apart across articles (time zones)",
         M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
         M("b", "call", "Joe Biden;Xi Jinping", "2021-09-10"), true},
        {"three days apart", M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
         M("b", "call", "Joe Biden;Xi Jinping", "2021-09-12"), false},
        {"two places", rome, bali, false},
        {"a place and an unknown place", bali, M("a", "meeting", "Joe Biden;Xi Jinping", "2022-11-14"),
         true},
    };
    auto merger = Load();
    for (const Row& row : rows) {
      CAPTURE(row.what);
      auto events = merger.Merge({row.a, row.b});
      CHECK(events.size() == (row.one_event ? 1u : 2u));
    }
  }

  TEST_CASE("a country and a person of that country count as the same participant") {
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    struct Row {
      const char* a;
      const char* b;
      bool one_event;
    };
    const Row rows[] = {
        {"China;United States", "Antony Blinken;China", true},
        {"China", "Xi Jinping", true},
        {"Wang Yi", "Xi Jinping", false},
        {"Joe Biden", "China", false},
        {"G20;Joe Biden", "G20;Xi Jinping", true},  // the group's summit
        {"Joe Biden;Rishi Sunak", "Joe Biden;Xi Jinping", false},
    };
    for (const Row& row : rows) {
      CAPTURE(row.a);
      CAPTURE(row.b);
      auto events = merger.Merge(
          {M("001.txt", "meeting", row.a, "2021-03"), M("004.txt", "meeting", row.b, "2021-03")});
      CHECK(events.size() == (row.one_event ? 1u : 2u));
    }
    // Without the actor list, a country is only itself.
    CHECK(Load().Merge({M("a", "meeting", "China", "2021-03"), M("b", "meeting", "Xi Jinping", "2021-03")})
              .size() == 2);
  }

  TEST_CASE("a place inside a country is the same place, and the more specific one is kept") {
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    EventMention a = M("a", "meeting", "Joe Biden;Xi Jinping", "2022-11-14");
    a.location = "Indonesia";
    EventMention b = M("b", "meeting", "Joe Biden;Xi Jinping", "2022-11-14");
    b.location = "Bali";
    EventMention c = M("c", "meeting", "Joe Biden;Xi Jinping", "2022-11-14");
    c.location = "China";
    auto events = merger.Merge({a, b, c});
    REQUIRE(events.size() == 2);
    CHECK(events[0].location == "Bali");
    CHECK(events[0].sources == std::vector<std::string>{"a", "b"});
    CHECK(events[1].location == "China");
  }

  TEST_CASE("two places of one area (merge/data/areas.tsv) can be one event's; other cities not") {
    auto at = [](const char* article, const char* place) {
      EventMention m = M(article, "meeting", "Joe Biden;Xi Jinping", "2023-11-15");
      m.location = place;
      return m;
    };
    // Biden and Xi met at Filoli in Woodside, during the APEC summit in San
    // Francisco: reports name either place.
    auto events = Load().Merge({at("a", "Woodside"), at("b", "San Francisco"), at("c", "Los Angeles")});
    REQUIRE(events.size() == 2);
    const Event& bay = events[0].sources.size() == 2 ? events[0] : events[1];
    const Event& other = events[0].sources.size() == 2 ? events[1] : events[0];
    CHECK(bay.sources == std::vector<std::string>{"a", "b"});
    CHECK(bay.conflicts.empty());
    CHECK(other.location == "Los Angeles");
    // Without the area rows the two cities are two places.
    CHECK(Load({{"merge/data/areas.tsv", "# FORMAT: place\tarea\n"}})
              .Merge({at("a", "Woodside"), at("b", "San Francisco")})
              .size() == 2);
  }

  TEST_CASE("the most precise date the sources agree on is kept") {
    struct Row {
      std::vector<const char*> dates;
      const char* expected;
    };
    const Row rows[] = {
        {{"2021-09", "2021-09-09"}, "2021-09-09"},
        {{"2021", "2021-Q3", "2021-09", "2021-W36"}, "2021-W36"},
        {{"2021-W35", "2021-09"}, "2021-W35"},  // partial overlap: the narrower
        {{"2021-09-09", "2021-09-10", "2021-09-10"}, "2021-09-10"},
    };
    auto merger = Load();
    for (const Row& row : rows) {
      CAPTURE(row.expected);
      std::vector<EventMention> ms;
      for (size_t i = 0; i < row.dates.size(); ++i) {
        ms.push_back(M("art" + std::to_string(i), "call", "Joe Biden;Xi Jinping", row.dates[i]));
      }
      auto events = merger.Merge(ms);
      REQUIRE(events.size() == 1);
      CHECK(events[0].date.ToTimex() == row.expected);
    }
  }

  TEST_CASE("sources that disagree on the day keep the better-supported day and say so") {
    auto merger = Load();
    auto events = merger.Merge({
        M("a.txt", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
        M("b.txt", "call", "Joe Biden;Xi Jinping", "2021-09-10"),
        M("c.txt", "call", "Joe Biden;Xi Jinping", "2021-09"),
        M("d.txt", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
    });
    REQUIRE(events.size() == 1);
    CHECK(events[0].date.ToTimex() == "2021-09-09");
    CHECK(events[0].conflicts == std::vector<std::string>{
                                     "date: 2021-09-10 (b.txt) disagrees with the chosen "
                                     "2021-09-09 (a.txt, c.txt, d.txt)"});
  }

  TEST_CASE("a planned event later reported as held becomes occurred and keeps both mentions") {
    auto merger = Load();
    EventMention plan = M("000.txt", "summit", "Joe Biden;Xi Jinping", "2021-W46");
    plan.status = EventStatus::kPlanned;
    EventMention held = M("005.txt", "summit", "Joe Biden;Xi Jinping", "2021-11-15");
    auto events = merger.Merge({plan, held});
    REQUIRE(events.size() == 1);
    CHECK(events[0].status == EventStatus::kOccurred);
    CHECK(events[0].date.ToTimex() == "2021-11-15");
    CHECK(events[0].mentions.size() == 2);
    CHECK(events[0].conflicts.empty());

    EventMention cancelled = held;
    cancelled.article = "006.txt";
    cancelled.status = EventStatus::kCancelled;
    events = merger.Merge({plan, cancelled});
    REQUIRE(events.size() == 1);
    CHECK(events[0].status == EventStatus::kCancelled);

    events = merger.Merge({held, cancelled});
    REQUIRE(events.size() == 1);
    CHECK(events[0].status == EventStatus::kOccurred);
    CHECK(events[0].conflicts == std::vector<std::string>{
                                     "status: cancelled (006.txt) disagrees with the chosen "
                                     "occurred (005.txt)"});
  }

  TEST_CASE("confidence grows with independent sources, not with repeats in one article") {
    auto merger = Load();
    auto one = merger.Merge({M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09")});
    auto same = merger.Merge({M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09", 0),
                              M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09", 1)});
    auto two = merger.Merge({M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
                             M("b", "call", "Joe Biden;Xi Jinping", "2021-09-09")});
    auto three = merger.Merge({M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
                               M("b", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
                               M("c", "call", "Joe Biden;Xi Jinping", "2021-09-09")});
    REQUIRE(one.size() == 1);
    REQUIRE(same.size() == 1);
    REQUIRE(two.size() == 1);
    REQUIRE(three.size() == 1);
    CHECK(one[0].confidence == doctest::Approx(0.5));
    CHECK(same[0].confidence == doctest::Approx(0.5));
    CHECK(two[0].confidence == doctest::Approx(0.75));
    CHECK(three[0].confidence == doctest::Approx(0.875));
  }

  TEST_CASE("one article's event takes its most confident mention's confidence and one source") {
    auto merger = Load();
    EventMention low = M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09");
    EventMention high = low, other = low;
    low.confidence = 0.4f;
    high.confidence = 0.8f;
    high.start = low.start + 1;
    other.article = "b";
    other.confidence = 0.5f;
    auto one = merger.Merge({low, high});
    REQUIRE(one.size() == 1);
    CHECK(one[0].sources == std::vector<std::string>{"a"});
    CHECK(one[0].confidence == doctest::Approx(0.8));
    // With a second article: each article's best, noisy-OR (0.8, 0.5 -> 0.9).
    auto two = merger.Merge({low, high, other});
    REQUIRE(two.size() == 1);
    CHECK(two[0].sources == std::vector<std::string>{"a", "b"});
    CHECK(two[0].confidence == doctest::Approx(0.9));
  }

  TEST_CASE("the same article group is one event even when its mentions differ") {
    auto merger = Load();
    EventMention a = M("003.txt", "meeting", "Joe Biden;Xi Jinping", "2022-11-14", 4);
    EventMention b = M("003.txt", "meeting", "", "", 4);
    b.start = 500;
    b.location = "Bali";
    auto events = merger.Merge({a, b});
    REQUIRE(events.size() == 1);
    CHECK(events[0].location == "Bali");
    CHECK(events[0].title == "Meeting: Joe Biden and Xi Jinping in Bali");
  }

  TEST_CASE("one article's group of several types takes the more specific type, else the first") {
    auto merger = Load();
    struct Row {
      std::vector<std::string> types;
      std::string want;
    } rows[] = {{{"meeting", "summit"}, "summit"},
                {{"summit", "meeting", "meeting"}, "summit"},
                {{"visit", "call"}, "call"},
                {{"visit", "meeting", "summit"}, "summit"}};
    for (const Row& row : rows) {
      CAPTURE(row.want);
      std::vector<EventMention> ms;
      for (const std::string& type : row.types) {
        ms.push_back(M("003.txt", type, "Joe Biden;Xi Jinping", "2022-11-14", 4));
        ms.back().start = uint32_t(100 * ms.size());
      }
      auto one = merger.Merge(ms);
      REQUIRE(one.size() == 1);
      CHECK(one[0].type == row.want);
    }
  }

  TEST_CASE("an undated mention joins a dated event only when clearly the same") {
    auto merger = Load();
    struct Row {
      const char* what;
      std::vector<EventMention> in;
      std::vector<std::string> expected;  // "date title" per event, undated last
    };
    const Row rows[] = {
        {"one candidate with the same participants",
         {M("004", "visit", "Wendy Sherman", "2021-07"), M("002", "visit", "Wendy Sherman", "")},
         {"2021-07 Visit: Wendy Sherman"}},
        {"other participants",
         {M("004", "visit", "Wendy Sherman", "2021-07"),
          M("002", "visit", "John Kerry;Wendy Sherman", "")},
         {"2021-07 Visit: Wendy Sherman", " Visit: John Kerry and Wendy Sherman"}},
        {"two candidates, equally supported",
         {M("001", "call", "Joe Biden;Xi Jinping", "2021-02", 1),
          M("001", "call", "Joe Biden;Xi Jinping", "2021-09", 2),
          M("002", "call", "Joe Biden;Xi Jinping", "")},
         {"2021-02 Call: Joe Biden and Xi Jinping", "2021-09 Call: Joe Biden and Xi Jinping",
          " Call: Joe Biden and Xi Jinping"}},
        {"two candidates: the one nearest before the article's date",
         {M("001", "call", "Joe Biden;Xi Jinping", "2021-02", 1),
          M("001", "call", "Joe Biden;Xi Jinping", "2021-09", 2),
          WithDct(M("002", "call", "Joe Biden;Xi Jinping", ""), "2021-03-02")},
         {"2021-02 Call: Joe Biden and Xi Jinping", "2021-09 Call: Joe Biden and Xi Jinping"}},
        {"undated reports of the same thing form one undated event",
         {M("a", "visit", "John Kerry", ""), M("b", "visit", "John Kerry", "")},
         {" Visit: John Kerry"}},
    };
    for (const Row& row : rows) {
      CAPTURE(row.what);
      auto events = merger.Merge(row.in);
      CHECK(Titles(events) == row.expected);
    }
    auto events = merger.Merge(rows[3].in);
    REQUIRE(events.size() == 2);
    CHECK(events[0].sources == std::vector<std::string>{"001", "002"});
  }

  TEST_CASE("a mention dated only by its year joins an event like an undated one") {
    auto merger = Load();
    auto one = merger.Merge({M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
                             M("b", "call", "Joe Biden;Xi Jinping", "2021")});
    REQUIRE(one.size() == 1);
    CHECK(one[0].date.ToTimex() == "2021-09-09");
    CHECK(one[0].sources.size() == 2);
    // Two calls that year, equally supported: the vague report stays apart.
    auto three = merger.Merge({M("a", "call", "Joe Biden;Xi Jinping", "2021-02-10"),
                               M("c", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
                               M("b", "call", "Joe Biden;Xi Jinping", "2021")});
    CHECK(Titles(three) == std::vector<std::string>{"2021 Call: Joe Biden and Xi Jinping",
                                                    "2021-02-10 Call: Joe Biden and Xi Jinping",
                                                    "2021-09-09 Call: Joe Biden and Xi Jinping"});
    // A different year never matches.
    CHECK(merger.Merge({M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
                        M("b", "call", "Joe Biden;Xi Jinping", "2022")}).size() == 2);
  }

  TEST_CASE("chained similarity does not join two incompatible mentions") {
    // A~B (a month holds a day), B~C, but A and C give different days.
    auto merger = Load();
    std::vector<EventMention> ms = {
        M("a", "call", "Joe Biden;Xi Jinping", "2021-09-01"),
        M("b", "call", "Joe Biden;Xi Jinping", "2021-09"),
        M("c", "call", "Joe Biden;Xi Jinping", "2021-09-20"),
    };
    auto events = merger.Merge(ms);
    REQUIRE(events.size() == 2);
    for (const auto& e : events) {
      CAPTURE(e.title);
      bool has_a = std::count(e.sources.begin(), e.sources.end(), "a") > 0;
      bool has_c = std::count(e.sources.begin(), e.sources.end(), "c") > 0;
      CHECK(!(has_a && has_c));
    }
    // Whatever the input order.
    std::mt19937 rng(7);
    for (int i = 0; i < 20; ++i) {
      std::shuffle(ms.begin(), ms.end(), rng);
      CHECK(merger.Merge(ms) == events);
    }
  }

  TEST_CASE("reports with a day form their events before reports with only a month join them") {
    // Two reports of a call a day apart across the month's end (time zones)
    // and a report of "a call in September": the month holds the 1st but not
    // August 31, so it cannot join both day reports. The day reports agree
    // more precisely with each other than the month with either (the month
    // and the 1st overlap, which alone would score higher than a time-zone
    // slip), and they stay one event; the month report stays apart.
    auto merger = Load();
    std::vector<EventMention> ms = {
        M("a", "call", "Joe Biden;Xi Jinping", "2021-08-31"),
        M("b", "call", "Joe Biden;Xi Jinping", "2021-09-01"),
        M("m", "call", "Joe Biden;Xi Jinping", "2021-09"),
    };
    auto events = merger.Merge(ms);
    REQUIRE(events.size() == 2);
    CHECK(events[0].sources == std::vector<std::string>{"a", "b"});
    CHECK(events[1].sources == std::vector<std::string>{"m"});
    CHECK(events[1].date.ToTimex() == "2021-09");
    // A month report that can hold them all still joins them.
    ms[0] = M("a", "call", "Joe Biden;Xi Jinping", "2021-09-02");
    events = merger.Merge(ms);
    REQUIRE(events.size() == 1);
    CHECK(events[0].sources == std::vector<std::string>{"a", "b", "m"});
    // The order is a rule of data: merge/data/params.tsv's sharp_within_days.
    // Below a day, every dated report is clustered in one round, and the
    // month report, scoring higher with the 1st, takes it first.
    ms[0] = M("a", "call", "Joe Biden;Xi Jinping", "2021-08-31");
    auto one_round = Load({{"merge/data/params.tsv", ParamsWith("sharp_within_days", "31")}});
    events = one_round.Merge(ms);
    REQUIRE(events.size() == 2);
    CHECK(events[0].sources == std::vector<std::string>{"a"});
    CHECK(events[1].sources == std::vector<std::string>{"b", "m"});
  }

  TEST_CASE("titles follow the templates in merge/data/titles.tsv, examples included") {
    auto merger = Load();
    auto rows = ReadTsv(RuleStore::Builtin(), "merge/data/titles.tsv", 2, 3);
    REQUIRE(rows.ok());
    for (const TsvRow& row : *rows) {
      // example: PARTICIPANTS @ LOCATION => TITLE
      std::string ex(row[2]);
      CAPTURE(ex);
      size_t at = ex.find(" @ "), arrow = ex.find(" => ");
      REQUIRE(at != std::string::npos);
      REQUIRE(arrow != std::string::npos);
      std::string who = ex.substr(0, at);
      std::string where = ex.substr(at + 3, arrow - at - 3);
      while (!where.empty() && where.back() == ' ') where.pop_back();
      std::vector<std::string> names = M("x", "call", who, "").participants;
      std::string type = row[0] == "*" ? "event" : std::string(row[0]);
      CHECK(merger.Title(type, names, where) == ex.substr(arrow + 4));
    }
    CHECK(merger.Title("call", {}, "") == "Call");
    CHECK(merger.Title("call", {"A", "B", "C", "D", "E", "F"}, "") ==
          "Call: A, B, C, D and 2 others");
  }

  TEST_CASE("a country stands for a side only when no person of it is named") {
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    // The undated report names the United States beside Joe Biden: still the
    // same two sides, so it joins the dated call; the event lists people.
    auto events = merger.Merge({M("004", "call", "Joe Biden;Xi Jinping", "2021-09-09"),
                                M("002", "call", "Joe Biden;United States;Xi Jinping", "")});
    REQUIRE(events.size() == 1);
    CHECK(events[0].sources == std::vector<std::string>{"002", "004"});
    CHECK(events[0].participants == std::vector<std::string>{"Joe Biden", "Xi Jinping"});
    // No Chinese person named: China stays as the other side.
    auto talks = merger.Merge({M("001", "meeting", "Antony Blinken;China;United States", "2021-03")});
    REQUIRE(talks.size() == 1);
    CHECK(talks[0].participants == std::vector<std::string>{"Antony Blinken", "China"});
  }

  TEST_CASE("a title leaves out a country whose person is named") {
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    CHECK(merger.Title("summit", {"China", "Joe Biden", "United States", "Xi Jinping"}, "") ==
          "Summit: Joe Biden and Xi Jinping");
    CHECK(merger.Title("meeting", {"Antony Blinken", "China", "United States"}, "Anchorage") ==
          "Meeting: Antony Blinken and China in Anchorage");
    CHECK(merger.Title("meeting", {"China", "United States"}, "") ==
          "Meeting: China and United States");
  }

  TEST_CASE("undated reports published far apart stay apart") {
    auto merger = Load();
    auto near = merger.Merge({WithDct(M("a", "visit", "John Kerry", ""), "2021-09-01"),
                              WithDct(M("b", "visit", "John Kerry", ""), "2021-09-20")});
    auto far = merger.Merge({WithDct(M("a", "visit", "John Kerry", ""), "2021-09-01"),
                             WithDct(M("b", "visit", "John Kerry", ""), "2022-11-14")});
    CHECK(near.size() == 1);
    CHECK(far.size() == 2);
  }

  TEST_CASE("an undated report is not merged with an event dated years from its publication") {
    // "Modi invited Xi to visit India next year" (undated, 2018) is not
    // Xi's visit in June 2023; a report of the same month is.
    auto merger = Load();
    auto dated = WithDct(M("b", "visit", "Xi Jinping", "2023-06-18"), "2023-06-19");
    auto near = merger.Merge({WithDct(M("a", "visit", "Xi Jinping", ""), "2023-06-25"), dated});
    auto far = merger.Merge({WithDct(M("a", "visit", "Xi Jinping", ""), "2018-04-28"), dated});
    CHECK(near.size() == 1);
    CHECK(far.size() == 2);
  }

  TEST_CASE("an event's id stays the same when a later article joins it") {
    auto merger = Load();
    auto first = merger.Merge({WithDct(M("x.txt", "call", "Joe Biden;Xi Jinping", "2021-09"), "2021-09-10")});
    auto later = merger.Merge({WithDct(M("x.txt", "call", "Joe Biden;Xi Jinping", "2021-09"), "2021-09-10"),
                               WithDct(M("a.txt", "call", "Joe Biden;Xi Jinping", "2021-09-09"), "2021-09-12")});
    REQUIRE(first.size() == 1);
    REQUIRE(later.size() == 1);
    CHECK(later[0].sources.size() == 2);
    CHECK(later[0].date.ToTimex() == "2021-09-09");
    CHECK(later[0].id == first[0].id);
    CHECK(first[0].id.size() == 19);  // "ev-" + 16 hex digits
  }

  TEST_CASE("events come out by date_start, date_end, type and title, undated last") {
    auto merger = Load();
    auto events = merger.Merge({
        M("a", "visit", "John Kerry", ""),
        M("b", "visit", "Wendy Sherman", "2021-07"),
        M("c", "meeting", "Jake Sullivan;Yang Jiechi", "2021-07-01"),
        M("d", "call", "Joe Biden;Xi Jinping", "2021-07-01"),
        M("e", "call", "Emmanuel Macron;Joe Biden", "2021-07-01"),
    });
    CHECK(Titles(events) == std::vector<std::string>{
                                "2021-07-01 Call: Emmanuel Macron and Joe Biden",
                                "2021-07-01 Call: Joe Biden and Xi Jinping",
                                "2021-07-01 Meeting: Jake Sullivan and Yang Jiechi",
                                "2021-07 Visit: Wendy Sherman",
                                " Visit: John Kerry",
                            });
  }

  TEST_CASE("merge is order-free, idempotent and associative over random partitions") {
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    const char* types[] = {"call", "meeting", "summit", "visit"};
    const char* people[] = {"Joe Biden;Xi Jinping", "Joe Biden;Xi Jinping", "China;United States",
                            "Antony Blinken;China", "Wang Yi", "Joe Biden", ""};
    const char* dates[] = {"2021-09-09", "2021-09-10", "2021-09", "2021-W36", "2021-Q3",
                           "2021-09-30", "2021-10-01", "", "2021"};
    const char* places[] = {"", "", "Bali", "Indonesia", "China"};
    std::mt19937 rng(20211115);
    auto pick = [&](auto& arr) { return arr[rng() % std::size(arr)]; };
    for (int round = 0; round < 30; ++round) {
      CAPTURE(round);
      std::vector<EventMention> all;
      const int n = 5 + int(rng() % 40);
      for (int i = 0; i < n; ++i) {
        EventMention m = M("art" + std::to_string(rng() % 8), pick(types), pick(people), pick(dates),
                           uint32_t(rng() % 3));
        m.start = uint32_t(rng() % 1000);
        m.location = pick(places);
        m.status = EventStatus(rng() % 3);
        m.confidence = float(rng() % 100) / 97.0f;
        if (rng() % 2) m.dct = "2021-09-1" + std::to_string(rng() % 10);
        all.push_back(m);
      }
      const auto whole = merger.Merge(all);
      // Every mention lands in exactly one event.
      size_t count = 0;
      for (const auto& e : whole) count += e.mentions.size();
      CHECK(count <= all.size());
      // Input order does not matter.
      auto shuffled = all;
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      CHECK(merger.Merge(shuffled) == whole);
      // Idempotent: merging a timeline again, or with itself, changes nothing.
      CHECK(merger.Merge(MentionsOf(whole)) == whole);
      CHECK(merger.Merge(Concat(MentionsOf(whole), MentionsOf(whole))) == whole);
      // Random partition into A, B, C.
      std::vector<EventMention> a, b, c;
      for (const auto& m : shuffled) {
        int r = int(rng() % 3);
        (r == 0 ? a : r == 1 ? b : c).push_back(m);
      }
      auto ab = merger.Merge(Concat(MentionsOf(merger.Merge(a)), MentionsOf(merger.Merge(b))));
      auto bc = merger.Merge(Concat(MentionsOf(merger.Merge(b)), MentionsOf(merger.Merge(c))));
      auto left = merger.Merge(Concat(MentionsOf(ab), MentionsOf(merger.Merge(c))));
      auto right = merger.Merge(Concat(MentionsOf(merger.Merge(a)), MentionsOf(bc)));
      CHECK(left == whole);
      CHECK(right == whole);
    }
  }

  TEST_CASE("the merge gives the same events on 1, 2 and 3 threads") {
    // Enough mentions that the sort runs in parts, with many components
    // (different people and weeks) and hubs (the same call reported often).
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    const char* types[] = {"call", "meeting", "summit", "visit"};
    const char* people[] = {"Joe Biden;Xi Jinping",
                            "China;United States",
                            "Antony Blinken;China",
                            "Wang Yi",
                            "Joe Biden",
                            "",
                            "Leader {};Joe Biden",
                            "Leader {}",
                            "Leader {};Other {}"};
    std::mt19937 rng(20261207);
    auto pick = [&](auto& arr) { return std::string(arr[rng() % std::size(arr)]); };
    std::vector<EventMention> all;
    for (int i = 0; i < 20000; ++i) {
      std::string who = pick(people);
      for (size_t at; (at = who.find("{}")) != std::string::npos;) {
        who.replace(at, 2, std::to_string(rng() % 300));
      }
      const int day = 1 + int(rng() % 28), month = 1 + int(rng() % 12);
      std::string date = rng() % 10 == 0 ? "" : fmt::format("2021-{:02}-{:02}", month, day);
      if (rng() % 10 == 0) date = fmt::format("2021-{:02}", month);
      EventMention m =
          M("art" + std::to_string(rng() % 3000), pick(types), who, date, uint32_t(rng() % 3));
      m.start = uint32_t(rng() % 1000);
      m.status = EventStatus(rng() % 3);
      m.confidence = float(rng() % 100) / 97.0f;
      if (rng() % 2) m.dct = fmt::format("2021-{:02}-{:02}", month, 1 + int(rng() % 28));
      all.push_back(std::move(m));
    }
    const auto one = merger.Merge(all, 1);
    CHECK(one.size() > 1000);
    CHECK(merger.Merge(all, 2) == one);
    CHECK(merger.Merge(all, 3) == one);
    std::shuffle(all.begin(), all.end(), rng);
    CHECK(merger.Merge(all, 2) == one);
  }

  // Random mentions that share articles, sentences, participants and dates,
  // with exact duplicates among them.
  std::vector<EventMention> RandomMentions(std::mt19937 & rng, int n) {
    const char* types[] = {"call", "meeting", "summit", "visit"};
    const char* people[] = {"Joe Biden;Xi Jinping",
                            "Xi Jinping;Joe Biden;Joe Biden",
                            "China;United States",
                            "Antony Blinken;China",
                            "Wang Yi",
                            "",
                            ";Wang Yi"};
    const char* dates[] = {"2021-09-09", "2021-09-10", "2021-09", "2021-W36", "2021-Q3", ""};
    const char* places[] = {"", "Bali", "Indonesia", "China"};
    auto pick = [&](auto& arr) { return std::string(arr[rng() % std::size(arr)]); };
    std::vector<EventMention> out;
    for (int i = 0; i < n; ++i) {
      EventMention m = M("art" + std::to_string(rng() % 40), pick(types), pick(people), pick(dates),
                         uint32_t(rng() % 3));
      m.start = uint32_t(rng() % 4);
      m.location = pick(places);
      m.status = EventStatus(rng() % 3);
      m.confidence = float(rng() % 100) / 97.0f;
      m.sentence = "Sentence " + std::to_string(rng() % 30) + ".";
      m.url = rng() % 2 ? "https://example.com/" + m.article : "";
      m.rule = "mentions/data/triggers/" + m.type + ".tsv:" + std::to_string(rng() % 3);
      if (rng() % 2) m.dct = "2021-09-1" + std::to_string(rng() % 10);
      if (rng() % 2) m.date_text = "on Thursday";
      out.push_back(m);
      if (rng() % 5 == 0) out.push_back(m);
    }
    return out;
  }

  // Ten rounds of n random mentions in a table: the order make(table) gives
  // compares records i and j (j in steps of `step`) as MentionLess compares
  // their mentions.
  template <class MakeOrder>
  void CheckOrderIsMentionLess(uint32_t seed, size_t n, size_t step, MakeOrder make) {
    std::mt19937 rng(seed);
    for (int round = 0; round < 10; ++round) {
      CAPTURE(round);
      std::vector<EventMention> ms = RandomMentions(rng, n);
      MentionTable t;
      for (const auto& m : ms) t.Add(m);
      const auto less = make(t);
      for (size_t i = 0; i < ms.size(); ++i) {
        for (size_t j = 0; j < ms.size(); j += step) {
          CHECK(less(t[i], t[j]) == merge::detail::MentionLess(ms[i], ms[j]));
        }
      }
    }
  }

  TEST_CASE("a small table's records sort in MentionLess order, by their strings") {
    CheckOrderIsMentionLess(20261207, 60, 1,
                            [](const MentionTable& t) { return merge::detail::RecordViewOrder{t}; });
  }

  TEST_CASE("the merge sorts a large table's records in MentionLess order, identical ones once") {
    // More records than a small table's, with many ties on article, start,
    // end and group (which the sort decides by the records' strings).
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    std::mt19937 rng(20261210);
    for (int round = 0; round < 5; ++round) {
      CAPTURE(round);
      const std::vector<EventMention> ms = RandomMentions(rng, 400);
      for (unsigned threads : {1u, 2u}) {
        MentionTable t;
        for (const auto& m : ms) t.Add(m);
        const Timeline timeline = merger.MergeCompact(std::move(t), threads);
        const MentionTable& sorted = timeline.table;
        REQUIRE(sorted.size() > 64);
        for (size_t i = 1; i < sorted.size(); ++i) {
          CHECK(merge::detail::MentionLess(sorted.Materialize(i - 1), sorted.Materialize(i)));
        }
      }
    }
  }

  TEST_CASE("the compact merge's timeline renders the bytes of the merged events") {
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    std::mt19937 rng(20261209);
    for (int round = 0; round < 10; ++round) {
      CAPTURE(round);
      const std::vector<EventMention> ms = RandomMentions(rng, 200);
      const std::vector<Event> events = merger.Merge(ms, 2);
      MentionTable t;
      for (const auto& m : ms) t.Add(m);
      const Timeline timeline = merger.MergeCompact(std::move(t), 2);
      REQUIRE(timeline.size() == events.size());
      for (size_t i = 0; i < events.size(); ++i) CHECK(timeline.Materialize(i) == events[i]);
      const sinks::RenderInfo info{"timeline test", 40};
      for (auto f : {sinks::Format::kCsv, sinks::Format::kJsonl, sinks::Format::kJson,
                     sinks::Format::kTimelineJs, sinks::Format::kHtml}) {
        CHECK(sinks::Render(f, timeline, info, 2) == sinks::Render(f, events, info, 1));
      }
    }
  }

  TEST_CASE("groups of which no two link are the clusters, sorted by first member") {
    // Different people, or a day apart in one article: no pair links.
    const auto k = ClusterKnowledge();
    std::vector<EventMention> ms = {M("a", "call", "Joe Biden;Xi Jinping", "2021-09-09", 0),
                                    M("a", "call", "Joe Biden;Xi Jinping", "2021-09-12", 1),
                                    M("b", "visit", "Wang Yi", "2021-09-09", 0),
                                    M("c", "meeting", "Antony Blinken", "2021-09-10", 0)};
    const Prepared p = Prepare(k, ms);
    REQUIRE(p.groups.size() == 4);
    CHECK(merge::detail::Agglomerate(k, p.in, p.groups, true) == p.groups);
    CHECK(merge::detail::AgglomerateExact(k, p.in, p.groups, true) == p.groups);
    // The same groups listed out of order come back sorted.
    std::vector<std::vector<uint32_t>> reversed(p.groups.rbegin(), p.groups.rend());
    CHECK(merge::detail::Agglomerate(k, p.in, reversed, true) == p.groups);
  }

  TEST_CASE("a name's facts from the knowledge's index are those of its tables") {
    auto tables = ClusterKnowledge();
    tables.area_of.emplace("Woodside", "San Francisco Bay Area");  // a place only areas.tsv names
    auto indexed = tables;
    indexed.Index();
    for (std::string_view name : {"China", "United States", "Indonesia", "Xi Jinping", "Wang Yi",
                                  "Joe Biden", "Bali", "G20", "Woodside", "Nobody", ""}) {
      CAPTURE(name);
      const auto a = tables.Facts(name), b = indexed.Facts(name);
      CHECK(a.country == tables.CountryOf(name));
      CHECK(a.area == tables.AreaOf(name));
      CHECK(a.is_country == tables.IsCountry(name));
      CHECK(a.is_group == tables.IsGroup(name));
      CHECK(b.country == a.country);
      CHECK(b.area == a.area);
      CHECK(b.is_country == a.is_country);
      CHECK(b.is_group == a.is_group);
    }
  }

  TEST_CASE("a title from the knowledge's title index is the title from its tables") {
    // Plain templates, one that is not plain (a section inside a section:
    // written the general way), with and without a "*" row.
    for (bool star : {false, true}) {
      CAPTURE(star);
      auto tables = ClusterKnowledge();
      tables.titles.emplace("call", "{Type}[: {participants}][ in {location}]");
      tables.titles.emplace("visit", "{Type}: {participants}[ to {location}]");
      tables.titles.emplace("meeting", "{Type}[: [{participants}] at] {location}");
      if (star) tables.titles.emplace("*", "Event ({Type})[ with {participants}]");
      tables.Index();
      auto indexed = tables;
      indexed.IndexTitles();
      CHECK(!tables.titles_indexed);
      CHECK(indexed.titles_indexed);
      const std::vector<std::vector<std::string>> lists = {
          {}, {"Joe Biden"}, {"Joe Biden", "United States", "Xi Jinping"},
          {"A", "B", "C", "D", "E", "F"}, {"China", "Bali"}};
      for (std::string_view type : {"call", "visit", "meeting", "summit", "*", ""}) {
        for (const auto& names : lists) {
          for (std::string_view place : {"", "Bali", "China"}) {
            CAPTURE(type);
            CAPTURE(place);
            const std::vector<std::string_view> views(names.begin(), names.end());
            const std::string a = merge::detail::MakeTitle(tables, type, names, place);
            CHECK(merge::detail::MakeTitle(indexed, type, names, place) == a);
            CHECK(merge::detail::MakeTitle(indexed, type, views, place) == a);
          }
        }
      }
    }
  }

  TEST_CASE("merged mentions keep two-decimal confidences and re-derived dates, merge after merge") {
    // The canonical confidence and date are memoized per thread in small
    // tables: many values, one merge after another, fall in the same slots.
    auto merger = Load({});
    std::mt19937 rng(20261211);
    const char* dates[] = {"2021-09-09", "2021-09", "2021-W36", "2021-Q3", "2021", ""};
    for (int i = 0; i < 3000; ++i) {
      CAPTURE(i);
      EventMention m = M("art", "call", "Joe Biden;Xi Jinping", "");
      const float c = i % 50 == 0 ? -0.0f : float(rng() % 100000) / 99991.0f;
      m.confidence = c;
      const std::string day = fmt::format("20{:02}-{:02}-{:02}", rng() % 30, 1 + rng() % 12, 1 + rng() % 28);
      m.date = Date(i % 3 == 0 ? std::string_view(dates[rng() % std::size(dates)]) : std::string_view(day));
      const std::vector<Event> events = merger.Merge({m});
      REQUIRE(events.size() == 1);
      REQUIRE(events[0].mentions.size() == 1);
      const EventMention& out = events[0].mentions[0];
      CHECK(out.confidence == float(std::stod(fmt::format("{:.2f}", std::clamp(double(c), 0.0, 1.0)))));
      auto derived = m.date.dated() ? DateValue::ParseTimex(m.date.ToTimex()) : std::nullopt;
      CHECK(out.date == (derived ? *derived : DateValue{}));
    }
  }

  TEST_CASE("a few events with one id hash get the suffixes -2, -3 in output order") {
    // One article's groups whose first reports differ only in their group and
    // place: the same id hash, three events (incompatible places).
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    std::vector<EventMention> ms;
    const char* places[] = {"Bali", "China", "United States"};
    for (uint32_t g = 0; g < 3; ++g) {
      EventMention m = M("art", "call", "Joe Biden;Xi Jinping", "2021-09-09", g);
      m.location = places[g];
      m.start = 0;  // one span: the id's key has no group or place
      m.end = 5;
      ms.push_back(m);
    }
    for (size_t few : {size_t{1}, size_t{20}}) {
      CAPTURE(few);
      std::vector<EventMention> all = ms;
      for (size_t k = 1; k < few; ++k) {  // other events, to pass the few-events bound
        all.push_back(M("other" + std::to_string(k), "visit", "Person " + std::to_string(k),
                        "2021-09-01"));
      }
      const std::vector<Event> events = merger.Merge(all);
      CHECK(events.size() == few + 2);
      std::map<std::string, int> by_base;
      for (const Event& e : events) {
        if (e.type != "call") continue;
        ++by_base[e.id.substr(0, 19)];
      }
      REQUIRE(by_base.size() == 1);
      std::vector<std::string> ids;
      for (const Event& e : events) {
        if (e.type == "call") ids.push_back(e.id);
      }
      REQUIRE(ids.size() == 3);
      CHECK(ids[0].size() == 19);
      CHECK(ids[1] == ids[0] + "-2");
      CHECK(ids[2] == ids[0] + "-3");
    }
  }

  TEST_CASE("extract's jsonl lines of a timeline are the bytes of its events' jsonl") {
    // AppendTimelineJsonl writes from the table's strings, quoted once per
    // timeline; AppendEventJson through a JsonWriter. Strings that need
    // escapes, sentences whose whitespace collapses, conflicts, a status out
    // of range and one timeline after another on the same thread.
    auto merger = Load({{"mentions/data/actors.tsv", kActors}});
    std::mt19937 rng(20261210);
    const char* sentences[] = {"Sentence \"one\".", "Two  spaces\there.", " Lead and\ntrail ",
                               "Caf\xc3\xa9 \\ control \x01 byte.", "Plain sentence."};
    for (int round = 0; round < 20; ++round) {
      CAPTURE(round);
      std::vector<EventMention> ms = RandomMentions(rng, round % 2 ? 8 : 120);
      for (auto& m : ms) {
        m.sentence = sentences[rng() % std::size(sentences)];
        if (rng() % 3 == 0) m.trigger = "met \"with\"";
        if (rng() % 7 == 0) m.status = EventStatus(7);
        if (rng() % 5 == 0) m.group += 100000;
      }
      MentionTable t;
      for (const auto& m : ms) t.Add(m);
      const Timeline timeline = merger.MergeCompact(std::move(t), 1);
      std::string lines, expected = "stale bytes before\n";
      lines = expected;
      for (size_t i = 0; i < timeline.size(); ++i) {
        sinks::AppendEventJson(expected, timeline, i);
        expected += '\n';
      }
      sinks::AppendTimelineJsonl(lines, timeline);
      CHECK(lines == expected);
    }
  }

  TEST_CASE("a hub that all its reports link to collapses to one event, as pairwise clustering") {
    // 400 reports of one G20 summit: each names the G20 and one or two
    // leaders (linked through the group), the 15th or the 16th (a day apart
    // across articles), Bali, Indonesia or no place, as a summit or a meeting.
    const char* people[] = {"G20;Joe Biden", "G20;Xi Jinping", "G20;Joe Biden;Xi Jinping", "G20",
                            "G20;Wang Yi"};
    const char* places[] = {"Bali", "Indonesia", ""};
    std::vector<EventMention> ms;
    for (int i = 0; i < 400; ++i) {
      EventMention m = M("art" + std::to_string(i), i % 7 ? "summit" : "meeting", people[i % 5],
                         i % 3 ? "2022-11-15" : "2022-11-16");
      m.location = places[i % 3];
      ms.push_back(m);
      if (i % 10 == 0) {  // a second mention in the same group, no place
        m.location = "";
        m.start += 100;
        ms.push_back(m);
      }
    }
    const auto k = ClusterKnowledge();
    const auto both = ClusterBoth(k, ms, true);
    CHECK(both.fast == both.exact);
    CHECK(both.wide == both.exact);
    CHECK(both.dense == both.exact);
    REQUIRE(both.fast.size() == 1);
    CHECK(both.fast[0].size() == ms.size());
    auto events = Load({{"mentions/data/actors.tsv", kActors}}).Merge(ms);
    REQUIRE(events.size() == 1);
    CHECK(events[0].sources.size() == 400);
  }

  TEST_CASE("a linked component with an incompatible pair is split as pairwise clustering splits it") {
    // A month-dated call reported by 60 articles links to a report of the 1st
    // and one of the 20th, which are two different days; one article reports
    // the 9th and the 10th as two events (one article: not a time-zone slip).
    std::vector<EventMention> ms;
    for (int i = 0; i < 60; ++i) ms.push_back(M("hub" + std::to_string(i), "call", "Joe Biden;Xi Jinping", "2021-09"));
    ms.push_back(M("a", "call", "Joe Biden;Xi Jinping", "2021-09-01"));
    ms.push_back(M("c", "call", "Joe Biden;Xi Jinping", "2021-09-20"));
    ms.push_back(M("d", "call", "Joe Biden;Xi Jinping", "2021-09-09", 1));
    ms.push_back(M("d", "call", "Joe Biden;Xi Jinping", "2021-09-10", 2));
    const auto k = ClusterKnowledge();
    const auto both = ClusterBoth(k, ms, true);
    CHECK(both.fast == both.exact);
    CHECK(both.wide == both.exact);
    CHECK(both.dense == both.exact);
    CHECK(both.fast.size() == 4);
    auto events = Load().Merge(ms);
    REQUIRE(events.size() == 4);
    for (const auto& e : events) {
      CAPTURE(e.date.ToTimex());
      const bool has_a = std::count(e.sources.begin(), e.sources.end(), "a") > 0;
      const bool has_c = std::count(e.sources.begin(), e.sources.end(), "c") > 0;
      CHECK(!(has_a && has_c));
    }
  }

  TEST_CASE("a summit reported with the meetings on its side clusters as pairwise clustering") {
    // 250 articles each report the G20 summit (Bali, the 15th) and a meeting
    // of Xi's there on the 14th: two events of one article, so the two are
    // never one event, and no report is alone in its article. Some reports
    // add a second leader, who is different in each; some meetings have no
    // place; one article reports the meeting twice, as two events.
    const char* leaders[] = {"Joe Biden", "Anthony Albanese", "Rishi Sunak", "Emmanuel Macron"};
    std::vector<EventMention> ms;
    for (int i = 0; i < 250; ++i) {
      const std::string art = "art" + std::to_string(i);
      EventMention summit = M(art, "summit", "G20", "2022-11-15", 1);
      summit.location = "Bali";
      if (i % 9 == 0) summit.participants.push_back(leaders[i % 4]);
      EventMention meeting = M(art, "meeting", "Xi Jinping", "2022-11-14", 2);
      meeting.location = i % 11 == 0 ? "" : "Bali";
      if (i % 13 == 0) meeting.participants.push_back(leaders[(i / 13) % 4]);
      ms.push_back(summit);
      ms.push_back(meeting);
      if (i == 7) {
        meeting.group = 3;
        meeting.start += 50;
        ms.push_back(meeting);
      }
    }
    const auto k = ClusterKnowledge();
    const auto both = ClusterBoth(k, ms, true);
    CHECK(both.fast == both.exact);
    CHECK(both.wide == both.exact);
    CHECK(both.dense == both.exact);
    auto events = Load({{"mentions/data/actors.tsv", kActors}}).Merge(ms);
    size_t summits = 0, biggest = 0;
    for (const auto& e : events) {
      summits += e.type == "summit";
      biggest = std::max(biggest, e.sources.size());
    }
    CHECK(summits >= 1);
    CHECK(biggest >= 200);  // the summit is one event of most of its reports
  }

  TEST_CASE("the component shortcuts cluster exactly as pairwise clustering, with events that share articles") {
    // Random hubs whose articles report two or three events each, from a few
    // kinds, some kinds a day apart, some with a place and some without.
    const auto k = ClusterKnowledge();
    const char* types[] = {"summit", "meeting", "meeting", "call"};
    const char* people[] = {"G20", "Xi Jinping", "G20;Joe Biden", "Joe Biden;Xi Jinping",
                            "China", "Xi Jinping;Wang Yi", "Joe Biden"};
    const char* dates[] = {"2022-11-15", "2022-11-14", "2022-11-16", "2022-11", "2022-W46"};
    const char* places[] = {"Bali", "Bali", "", "Indonesia"};
    std::mt19937 rng(777);
    for (int round = 0; round < 60; ++round) {
      CAPTURE(round);
      const int kinds = 2 + int(rng() % 5);
      std::vector<EventMention> kind;
      for (int i = 0; i < kinds; ++i) {
        EventMention m = M("x", types[rng() % std::size(types)], people[rng() % std::size(people)],
                           dates[rng() % std::size(dates)]);
        m.location = places[rng() % std::size(places)];
        kind.push_back(m);
      }
      std::vector<EventMention> ms;
      const int articles = 20 + int(rng() % 120);
      for (int a = 0; a < articles; ++a) {
        const int events = 1 + int(rng() % 3);
        for (int e = 0; e < events; ++e) {
          // Mostly the first kinds (the big twin sets), sometimes two
          // mentions in one event.
          const size_t pick = rng() % 4 ? rng() % std::min<size_t>(2, kind.size()) : rng() % kind.size();
          EventMention m = kind[pick];
          m.article = "art" + std::to_string(a);
          m.group = uint32_t(e);
          m.start = uint32_t(100 * e);
          ms.push_back(m);
          if (rng() % 6 == 0) {
            EventMention second = kind[rng() % kind.size()];
            second.article = m.article;
            second.group = m.group;
            second.start = m.start + 1;
            ms.push_back(second);
          }
        }
      }
      for (bool dated_link : {true, false}) {
        CAPTURE(dated_link);
        const auto both = ClusterBoth(k, ms, dated_link);
        CHECK(both.fast == both.exact);
        CHECK(both.wide == both.exact);
        CHECK(both.dense == both.exact);
      }
    }
  }

  TEST_CASE("the undated pass's publication window clusters exactly as pairwise clustering") {
    // Undated and vaguely dated reports, one DCT per article spread over a
    // year (so the candidate search skips the clusters published more than
    // undated_window_days apart), or now and then two DCTs in one article
    // (so it may not).
    const auto k = ClusterKnowledge();
    const char* types[] = {"call", "meeting", "summit", "meeting"};
    const char* people[] = {"Joe Biden;Xi Jinping", "Joe Biden;Xi Jinping", "China",
                            "Antony Blinken;China", "Wang Yi;Xi Jinping", ""};
    const char* dates[] = {"", "", "", "2021", "2021-Q3"};
    const char* places[] = {"", "", "Bali", "Indonesia"};
    std::mt19937 rng(31);
    for (int round = 0; round < 100; ++round) {
      CAPTURE(round);
      const int n = 20 + int(rng() % 150);
      const int articles = 1 + int(rng() % 80);
      const bool mixed = rng() % 4 == 0;
      std::vector<int> day(static_cast<size_t>(articles));
      for (int& d : day) d = int(rng() % 360);
      std::vector<EventMention> ms;
      for (int i = 0; i < n; ++i) {
        const int a = int(rng() % uint32_t(articles));
        EventMention m = M("art" + std::to_string(a), types[rng() % std::size(types)],
                           people[rng() % std::size(people)], dates[rng() % std::size(dates)],
                           uint32_t(rng() % 3));
        m.location = places[rng() % std::size(places)];
        const int d = mixed && rng() % 5 == 0 ? int(rng() % 360) : day[size_t(a)];
        if (rng() % 8 != 0) {
          const auto ymd = date::year_month_day{date::sys_days{date::year{2021} / 1 / 1} +
                                                date::days{d}};
          m.dct = fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()),
                              unsigned(ymd.day()));
        }
        m.start = uint32_t(i);
        ms.push_back(m);
      }
      const auto both = ClusterBoth(k, ms, false);
      CHECK(both.fast == both.exact);
      CHECK(both.wide == both.exact);
      CHECK(both.dense == both.exact);
    }
  }

  TEST_CASE("the component shortcut clusters exactly as pairwise clustering, on random hubs") {
    const auto k = ClusterKnowledge();
    const char* types[] = {"call", "meeting", "summit", "meeting"};
    const char* people[] = {"Joe Biden;Xi Jinping", "G20;Joe Biden", "G20;Xi Jinping", "China",
                            "Antony Blinken;China", "Joe Biden", "Wang Yi;Xi Jinping", ""};
    const char* dates[] = {"2021-09-09", "2021-09-10", "2021-09-09", "2021-09", "2021-W36",
                           "2021-09-11", "", "2021-09-08"};
    const char* places[] = {"", "", "", "Bali", "Indonesia", "China"};
    std::mt19937 rng(4242);
    for (int round = 0; round < 100; ++round) {
      CAPTURE(round);
      // Few kinds of mention, many reports: big components, some of them
      // with an incompatible pair somewhere.
      const int kinds = 1 + int(rng() % 6);
      std::vector<EventMention> kind;
      for (int i = 0; i < kinds; ++i) {
        EventMention m = M("x", types[rng() % std::size(types)], people[rng() % std::size(people)],
                           dates[rng() % std::size(dates)]);
        m.location = places[rng() % std::size(places)];
        if (rng() % 3 == 0) m.dct = "2021-0" + std::to_string(1 + rng() % 9) + "-10";
        kind.push_back(m);
      }
      // Few articles (many clusters per article), or about one per mention
      // (twins: clusters alone in their article with the same mentions).
      std::vector<EventMention> ms;
      const int n = 20 + int(rng() % 150);
      const int articles = rng() % 2 ? 1 + int(rng() % 60) : n;
      const uint32_t groups = rng() % 2 ? 4 : 1;
      for (int i = 0; i < n; ++i) {
        EventMention m = kind[rng() % kind.size()];
        m.article = "art" + std::to_string(rng() % articles);
        m.group = uint32_t(rng() % groups);
        m.start = uint32_t(i);
        ms.push_back(m);
      }
      for (bool dated_link : {true, false}) {
        CAPTURE(dated_link);
        const auto both = ClusterBoth(k, ms, dated_link);
        CHECK(both.fast == both.exact);
        CHECK(both.wide == both.exact);
        CHECK(both.dense == both.exact);
      }
    }
  }

  TEST_CASE("a second round over settled clusters and new groups clusters as pairwise clustering") {
    // As Merge's dated pass: the groups with a day or week first, then their
    // clusters (settled: their pairs are not related again) with the groups
    // dated by a month.
    const auto k = ClusterKnowledge();
    const char* types[] = {"call", "meeting", "summit", "meeting"};
    const char* people[] = {"Joe Biden;Xi Jinping", "G20;Joe Biden", "G20;Xi Jinping", "China",
                            "Antony Blinken;China", "Joe Biden", "Wang Yi;Xi Jinping", ""};
    const char* dates[] = {"2021-09-09", "2021-09-10", "2021-08-31", "2021-09", "2021-W36",
                           "2021-09-01", "2021-08", "2021-09-08", "2021-09"};
    const char* places[] = {"", "", "", "Bali", "Indonesia", "China"};
    std::mt19937 rng(2027);
    for (int round = 0; round < 80; ++round) {
      CAPTURE(round);
      std::vector<EventMention> ms;
      const int n = 10 + int(rng() % 120);
      const int articles = 1 + int(rng() % n);
      for (int i = 0; i < n; ++i) {
        EventMention m = M("art" + std::to_string(rng() % articles), types[rng() % std::size(types)],
                           people[rng() % std::size(people)], dates[rng() % std::size(dates)],
                           uint32_t(rng() % 3));
        m.location = places[rng() % std::size(places)];
        m.start = uint32_t(i);
        ms.push_back(m);
      }
      const Prepared p = Prepare(k, ms);
      std::vector<std::vector<uint32_t>> sharp, loose;
      for (const auto& g : p.groups) {
        const bool day_or_week = std::any_of(g.begin(), g.end(), [&](uint32_t i) {
          return p.in.facts[i].date.dated() && p.in.facts[i].date.days() <= 7;
        });
        (day_or_week ? sharp : loose).push_back(g);
      }
      auto next = merge::detail::Agglomerate(k, p.in, sharp, true);
      std::vector<uint8_t> settled(p.ms.size(), 0);
      for (const auto& c : next) {
        for (uint32_t i : c) settled[i] = 1;
      }
      next.insert(next.end(), loose.begin(), loose.end());
      std::sort(next.begin(), next.end(), [](const auto& a, const auto& b) { return a.front() < b.front(); });
      const auto fast = merge::detail::Agglomerate(k, p.in, next, true, 1 + rng() % 2, settled);
      CHECK(fast == NaiveClusters(k, p.in, next, true));
    }
  }

  TEST_CASE("bad merge data is refused with the file, line and reason") {
    struct Row {
      const char* path;
      const char* contents;
      const char* error;
    };
    const Row rows[] = {
        {"merge/data/titles.tsv", "call\tCall: {who}\n",
         "merge/data/titles.tsv:1: call: unknown field {who} (known: {participants}, "
         "{location}, {Type})"},
        {"merge/data/titles.tsv", "# FORMAT\ncall\tCall[: {participants}\n",
         "merge/data/titles.tsv:2: call: [ without ]"},
        {"merge/data/titles.tsv", "call\tA\ncall\tB\n",
         "merge/data/titles.tsv:2: call: a second title for this type"},
        {"merge/data/type_compat.tsv", "summit\tsummit\n",
         "merge/data/type_compat.tsv:1: summit: a type is always compatible with itself"},
        {"merge/data/type_compat.tsv", "summit\n",
         "merge/data/type_compat.tsv:1: expected 2 to 3 columns, found 1"},
        {"merge/data/params.tsv", "date_tolerance_days\tone\n",
         "merge/data/params.tsv:1: date_tolerance_days: \"one\" is not a valid value"},
        {"merge/data/params.tsv", "speed\t3\n", "merge/data/params.tsv:1: speed: unknown parameter"},
        {"merge/data/areas.tsv", "Woodside\tBay Area\nWoodside\tPeninsula\n",
         "merge/data/areas.tsv:2: Woodside: listed twice"},
        {"merge/data/areas.tsv", "Woodside\n", "merge/data/areas.tsv:1: expected 2 columns, found 1"},
        {"merge/data/params.tsv", "date_tolerance_days\t1\n",
         "merge/data/params.tsv: max_title_names: missing"},
    };
    for (const Row& row : rows) {
      CAPTURE(row.contents);
      auto m = merge::Merger::Load(Store({{row.path, row.contents}}));
      REQUIRE_FALSE(m.ok());
      CHECK(m.error().Format() == row.error);
    }
  }
}

}  // namespace
}  // namespace timeline
