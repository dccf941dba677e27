// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/compact: string and list pools, mention tables, timelines.
#include "pipeline/compact.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <random>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace timeline {
namespace {

static_assert(std::is_trivially_copyable_v<CompactMention>);
static_assert(sizeof(CompactMention) == 80);

EventMention FullMention() {
  EventMention m;
  m.article = "2021/09/10/biden-xi-call.txt";
  m.url = "https://example.com/2021/09/10/biden-xi-call";
  m.group = 3;
  m.type = "call";
  m.participants = {"Joe Biden", "Xi Jinping"};
  m.location = "Washington";
  m.status = EventStatus::kPlanned;
  m.date = DateValue::Day(testing::Day("2021-09-09"));
  m.confidence = 0.75f;
  m.sentence = "U.S. President Joe Biden spoke with Chinese leader Xi Jinping on Thursday.";
  m.start = 120;
  m.end = 195;
  m.trigger = "spoke with";
  m.rule = "mentions/data/triggers/call.tsv:12 call_spoke_with";
  m.date_text = "Thursday";
  m.date_reason = "timex same clause";
  m.dct = "2021-09-10";
  m.dct_source = "url";
  return m;
}

TEST_SUITE("compact") {
  TEST_CASE("equal strings get one id, and the empty string is id 0") {
    StringPool pool;
    CHECK(pool.Intern("") == StringPool::kEmpty);
    const uint32_t a = pool.Intern("Joe Biden");
    const uint32_t b = pool.Intern("Xi Jinping");
    CHECK(a != b);
    CHECK(pool.Intern(std::string("Joe ") + "Biden") == a);
    CHECK(pool.view(a) == "Joe Biden");
    CHECK(pool.view(b) == "Xi Jinping");
    CHECK(pool.size() == 3);
  }

  TEST_CASE("views stay valid while the pool grows, and after it moves") {
    StringPool pool;
    std::vector<std::pair<uint32_t, const char*>> first;
    for (int i = 0; i < 100; ++i) {
      const uint32_t id = pool.Intern(fmt::format("name {}", i));
      first.emplace_back(id, pool.view(id).data());
    }
    // Many more strings, some longer than a chunk, force new chunks and rehashes.
    for (int i = 0; i < 50000; ++i) pool.Intern(fmt::format("sentence number {} of many", i));
    pool.Intern(std::string(3 << 20, 'x'));
    StringPool moved = std::move(pool);
    for (int i = 0; i < 100; ++i) {
      CAPTURE(i);
      CHECK(moved.view(first[i].first) == fmt::format("name {}", i));
      CHECK(moved.view(first[i].first).data() == first[i].second);
      CHECK(moved.Intern(fmt::format("name {}", i)) == first[i].first);
    }
    CHECK(moved.Intern(std::string(3 << 20, 'x')) == moved.size() - 1);
  }

  TEST_CASE("equal lists get one id, and the empty list is id 0") {
    ListPool lists;
    CHECK(lists.Intern({}) == ListPool::kEmpty);
    const std::vector<uint32_t> ab = {1, 2}, ba = {2, 1}, abc = {1, 2, 3};
    const uint32_t x = lists.Intern(ab);
    CHECK(lists.Intern(ba) != x);
    CHECK(lists.Intern(abc) != x);
    CHECK(lists.Intern(std::vector<uint32_t>{1, 2}) == x);
    auto l = lists.list(x);
    CHECK(std::vector<uint32_t>(l.begin(), l.end()) == ab);
    CHECK(lists.list(ListPool::kEmpty).empty());
    for (uint32_t i = 0; i < 10000; ++i) {
      const std::vector<uint32_t> v = {i, i + 1};
      CHECK(lists.list(lists.Intern(v))[0] == i);
    }
    CHECK(lists.Intern(ab) == x);
  }

  TEST_CASE("a mention materializes exactly as it was added") {
    MentionTable t;
    const EventMention m = FullMention();
    const uint32_t i = t.Add(m);
    CHECK(t.Materialize(i) == m);
    EventMention empty;
    CHECK(t.Materialize(t.Add(empty)) == empty);
  }

  TEST_CASE("mentions that repeat the previous one's fields get the ids interning gives") {
    // Each field equal to the previous record's, or not; the ids are those
    // of a pool that interns every field in the order Add takes them.
    std::mt19937 rng(20261212);
    const char* words[] = {"", "call", "meeting", "Joe Biden", "Xi Jinping", "2021-09-10", "url"};
    MentionTable t;
    StringPool reference;
    ListPool lists;
    std::vector<EventMention> added;
    for (int i = 0; i < 400; ++i) {
      CAPTURE(i);
      EventMention m = added.empty() ? FullMention() : added.back();
      auto change = [&](std::string& field) {
        if (rng() % 3 == 0) field = words[rng() % std::size(words)];
      };
      for (std::string* f : {&m.article, &m.url, &m.type, &m.location, &m.sentence, &m.trigger,
                             &m.rule, &m.date_text, &m.date_reason, &m.dct, &m.dct_source}) {
        change(*f);
      }
      if (rng() % 3 == 0) {
        m.participants.clear();
        for (size_t n = rng() % 3; n > 0; --n) m.participants.push_back(words[rng() % std::size(words)]);
      }
      const uint32_t r = t.Add(m);
      added.push_back(m);
      CHECK(t.Materialize(r) == m);
      const CompactMention& c = t[r];
      CHECK(c.article == reference.Intern(m.article));
      CHECK(c.url == reference.Intern(m.url));
      CHECK(c.type == reference.Intern(m.type));
      std::vector<uint32_t> ids;
      for (const std::string& name : m.participants) ids.push_back(reference.Intern(name));
      CHECK(c.participants == lists.Intern(ids));
      CHECK(c.location == reference.Intern(m.location));
      CHECK(c.sentence == reference.Intern(m.sentence));
      CHECK(c.trigger == reference.Intern(m.trigger));
      CHECK(c.rule == reference.Intern(m.rule));
      CHECK(c.date_text == reference.Intern(m.date_text));
      CHECK(c.date_reason == reference.Intern(m.date_reason));
      CHECK(c.dct == reference.Intern(m.dct));
      CHECK(c.dct_source == reference.Intern(m.dct_source));
    }
    CHECK(t.strings().size() == reference.size());
  }

  TEST_CASE("a pool made after another one went keeps its strings (the first chunk reused)") {
    const std::string long_string(5000, 'x');  // longer than a first chunk
    for (int round = 0; round < 4; ++round) {
      CAPTURE(round);
      StringPool pool;
      std::vector<std::pair<uint32_t, std::string>> kept;
      if (round == 3) kept.emplace_back(pool.Intern(long_string), long_string);
      for (int i = 0; i < 300; ++i) {  // past the first chunk
        std::string s = fmt::format("round {} string {}", round, i);
        kept.emplace_back(pool.Intern(s), s);
      }
      StringPool moved = std::move(pool);
      for (const auto& [id, s] : kept) CHECK(moved.view(id) == s);
    }
  }

  TEST_CASE("a sentence shared by two mentions is stored once and printed for both") {
    MentionTable t;
    EventMention a = FullMention(), b = FullMention();
    b.type = "meeting";
    b.trigger = "met";
    b.start = 300;
    t.Add(a);
    const size_t strings = t.strings().size();
    t.Add(b);
    // Only the new type and trigger are new strings.
    CHECK(t.strings().size() == strings + 2);
    CHECK(t[0].sentence == t[1].sentence);
    CHECK(t[0].article == t[1].article);
    CHECK(t[0].participants == t[1].participants);
    CHECK(t.Materialize(0).sentence == a.sentence);
    CHECK(t.Materialize(1).sentence == a.sentence);
    CHECK(t.Materialize(1) == b);
  }

  TEST_CASE("CountArticles counts distinct article ids") {
    MentionTable t;
    CHECK(t.CountArticles() == 0);
    EventMention m = FullMention();
    t.Add(m);
    t.Add(m);
    m.article = "other.txt";
    t.Add(m);
    CHECK(t.CountArticles() == 2);
  }

  TEST_CASE("a timeline's event materializes with its strings, collapsed evidence and id") {
    Timeline tl;
    const uint32_t m = tl.table.Add(FullMention());
    CompactEvent e;
    e.id_hash = 0x0123456789abcdefULL;
    e.date = DateValue::Day(testing::Day("2021-09-09"));
    e.type = tl.table[m].type;
    e.location = tl.table[m].location;
    e.evidence = tl.table.strings().Intern("  Biden\tspoke\n\nwith Xi.  ");
    e.status = EventStatus::kOccurred;
    e.confidence = 0.5;
    for (uint32_t p : tl.table.list(tl.table[m].participants)) e.ids.push_back(p);
    e.participants = uint32_t(e.ids.size());
    e.ids.push_back(tl.table[m].article);
    e.sources = 1;
    e.ids.push_back(m);
    e.title = "Call: Joe Biden and Xi Jinping";
    e.conflicts = {"date: ..."};
    tl.events.push_back(e);
    tl.events.push_back(e);
    tl.events.back().id_suffix = 2;

    const Event full = tl.Materialize(0);
    CHECK(full.id == "ev-0123456789abcdef");
    CHECK(tl.Id(1) == "ev-0123456789abcdef-2");
    CHECK(full.type == "call");
    CHECK(full.location == "Washington");
    CHECK(full.participants == std::vector<std::string>{"Joe Biden", "Xi Jinping"});
    CHECK(full.sources == std::vector<std::string>{"2021/09/10/biden-xi-call.txt"});
    CHECK(full.evidence == "Biden spoke with Xi.");
    CHECK(full.title == e.title);
    CHECK(full.conflicts == e.conflicts);
    REQUIRE(full.mentions.size() == 1);
    CHECK(full.mentions[0] == FullMention());
    Event light = full;
    tl.Materialize(0, light, /*with_mentions=*/false);
    CHECK(light.mentions.empty());
    CHECK(light.evidence == full.evidence);
  }

  TEST_CASE("CollapseSpace keeps words and single spaces only") {
    CHECK(CollapseSpace("") == "");
    CHECK(CollapseSpace(" \t\n") == "");
    CHECK(CollapseSpace("a") == "a");
    CHECK(CollapseSpace(" a \r\n b\f\vc ") == "a b c");
  }
}

}  // namespace
}  // namespace timeline
