// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/store: mentions round trip, event counts, versions, locking.
#include "pipeline/store/store.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <thread>

#include "tests/test_util.h"

namespace timeline {
namespace {

namespace fs = std::filesystem;

struct TempDb {
  fs::path path;
  explicit TempDb(const char* name) : path(fs::temp_directory_path() / name) { Clean(); }
  ~TempDb() { Clean(); }
  void Clean() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  }
};

EventMention MakeMention(const char* article, const char* date) {
  EventMention m;
  m.article = article;
  m.url = "https://example.com/a";
  m.group = 2;
  m.type = "call";
  m.participants = {"Joe Biden", "Xi Jinping"};
  m.location = "";
  m.status = EventStatus::kPlanned;
  if (auto d = DateValue::ParseTimex(date)) m.date = *d;
  m.confidence = 0.75f;
  m.sentence = "Biden will speak with Xi next week.";
  m.start = 3;
  m.end = 38;
  m.trigger = "speak with";
  m.rule = "mentions/data/triggers.tsv:4 call_speak";
  m.date_text = "next week";
  m.date_reason = "timex in the same clause";
  m.dct = "2021-11-10";
  m.dct_source = "header";
  return m;
}

Event MakeEvent(const char* id, const char* title) {
  Event e;
  e.id = id;
  e.date = DateValue::Month(2021, 9);
  e.type = "call";
  e.participants = {"Joe Biden", "Xi Jinping"};
  e.confidence = 0.5;
  e.sources = {"a"};
  e.title = title;
  e.evidence = "They spoke.";
  return e;
}

TEST_SUITE("store") {
  TEST_CASE("mentions come back from the store exactly as they went in") {
    TempDb db("timeline_store_test_1.db");
    auto st = store::Store::Open(db.path.string());
    REQUIRE(st.ok());
    REQUIRE(st->Begin().ok());
    std::vector<EventMention> in = {MakeMention("a", "2021-W46"), MakeMention("a", "")};
    REQUIRE(st->PutArticle("a", "drop/a.txt", "00ff", 120, in).ok());
    REQUIRE(st->Commit().ok());
    auto out = st->AllMentions();
    REQUIRE(out.ok());
    CHECK(*out == in);
    auto known = st->Articles();
    REQUIRE(known.ok());
    CHECK(known->at("a").content_hash == "00ff");
  }

  TEST_CASE("re-storing an article retracts its old mentions") {
    TempDb db("timeline_store_test_2.db");
    auto st = store::Store::Open(db.path.string());
    REQUIRE(st.ok());
    REQUIRE(st->Begin().ok());
    REQUIRE(st->PutArticle("a", "a.txt", "1", 1, {MakeMention("a", "2021-09"), MakeMention("a", "2021-10")}).ok());
    REQUIRE(st->PutArticle("a", "a.txt", "2", 1, {MakeMention("a", "2021-11")}).ok());
    auto out = st->AllMentions();
    REQUIRE(out->size() == 1);
    CHECK((*out)[0].date.ToTimex() == "2021-11");
    auto pruned = st->Prune({"b"});
    REQUIRE(pruned.ok());
    CHECK(*pruned == 1);
    CHECK(st->AllMentions()->empty());
  }

  TEST_CASE("replacing the timeline counts added, updated and removed events") {
    TempDb db("timeline_store_test_3.db");
    auto st = store::Store::Open(db.path.string());
    REQUIRE(st.ok());
    REQUIRE(st->Begin().ok());
    auto first = st->ReplaceEvents({MakeEvent("e1", "One"), MakeEvent("e2", "Two")});
    REQUIRE(first.ok());
    CHECK(first->added == 2);
    CHECK(first->total == 2);
    auto second = st->ReplaceEvents({MakeEvent("e1", "One"), MakeEvent("e2", "Two, retitled"),
                                     MakeEvent("e3", "Three")});
    REQUIRE(second.ok());
    CHECK(second->added == 1);
    CHECK(second->updated == 1);
    CHECK(second->removed == 0);
    auto third = st->ReplaceEvents({MakeEvent("e3", "Three")});
    CHECK(third->removed == 2);
    CHECK(third->total == 1);
  }

  TEST_CASE("a store written by a newer program is refused, not damaged") {
    TempDb db("timeline_store_test_4.db");
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    auto st = store::Store::Open(db.path.string());
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().Format() ==
          db.path.string() + ": store schema version 99 is newer than this program's (1)");
  }

  TEST_CASE("a second writer is told the store is busy instead of corrupting it") {
    TempDb db("timeline_store_test_5.db");
    auto first = store::Store::Open(db.path.string());
    REQUIRE(first.ok());
    REQUIRE(first->Begin().ok());
    auto second = store::Store::Open(db.path.string(), /*busy_timeout_ms=*/50);
    REQUIRE(second.ok());
    auto begun = second->Begin();
    REQUIRE_FALSE(begun.ok());
    CHECK(begun.error().Format() ==
          db.path.string() +
              ": store is busy: another run is writing it; try again when it has finished");
    first->Rollback();
    CHECK(second->Begin().ok());
  }

  TEST_CASE("runs that open one new store at once all get it, with its schema made once") {
    // Two batch runs started together on a fresh path race to create the
    // file, switch it to WAL and create the schema.
    for (int round = 0; round < 20; ++round) {
      CAPTURE(round);
      TempDb db("timeline_store_test_6.db");
      std::vector<std::string> errors(4);
      std::vector<std::thread> runs;
      for (size_t i = 0; i < errors.size(); ++i) {
        runs.emplace_back([&, i] {
          auto st = store::Store::Open(db.path.string());
          if (!st.ok()) errors[i] = st.error().Format();
        });
      }
      for (auto& t : runs) t.join();
      for (const std::string& e : errors) CHECK(e == "");
      auto st = store::Store::Open(db.path.string());
      REQUIRE(st.ok());
      REQUIRE(st->Begin().ok());
      st->Rollback();
    }
  }
}

}  // namespace
}  // namespace timeline
