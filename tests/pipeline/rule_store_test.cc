// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/rule_store.h: embedded data, overrides, the TSV reader.
#include "pipeline/rule_store.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace timeline {
namespace {

TEST_SUITE("rule_store") {
  TEST_CASE("the TSV reader skips comments and blank lines and keeps line numbers") {
    auto store = RuleStore::FromMap({{"x/data/a.tsv",
                                      "# FORMAT: surface<TAB>value\n"
                                      "Nov.\t11\r\n"
                                      "\n"
                                      "# a comment\n"
                                      "November\t11\t\n"}});
    auto rows = ReadTsv(store, "x/data/a.tsv", 2, 3);
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 2);
    CHECK((*rows)[0].line == 2);
    CHECK((*rows)[0][0] == "Nov.");
    CHECK((*rows)[0][1] == "11");
    CHECK((*rows)[1].line == 5);
    CHECK((*rows)[1].cells.size() == 3);
    CHECK((*rows)[1][2] == "");
    CHECK((*rows)[1][7] == "");
  }

  TEST_CASE("a row with the wrong number of columns names file and line") {
    auto store = RuleStore::FromMap({{"x/data/a.tsv", "a\tb\nonly-one\n"}});
    auto rows = ReadTsv(store, "x/data/a.tsv", 2, 2);
    REQUIRE_FALSE(rows.ok());
    CHECK(rows.error().Format() == "x/data/a.tsv:2: expected 2 columns, found 1");
    auto rows2 = ReadTsv(store, "x/data/a.tsv", 2, 4);
    CHECK(rows2.error().Format() == "x/data/a.tsv:2: expected 2 to 4 columns, found 1");
  }

  TEST_CASE("a missing rule file is an error naming it") {
    auto store = RuleStore::FromMap({});
    auto r = store.Get("timex/data/nope.tsv");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().Format() == "timex/data/nope.tsv: no such rule file");
  }

  TEST_CASE("the built-in store serves every stage's data files") {
    RuleStore store = RuleStore::Builtin();
    CHECK_FALSE(store.List().empty());
    for (std::string_view path : store.List()) {
      CAPTURE(path);
      CHECK(path.find("/data/") != std::string_view::npos);
    }
  }

  TEST_CASE("--rules DIR replaces a built-in file and adds new ones") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / "timeline_rule_store_test";
    fs::remove_all(dir);
    fs::create_directories(dir / "clean/data");
    std::ofstream(dir / "clean/data/extra.tsv") << "x\ty\n";
    auto store = RuleStore::WithOverrides(dir.string());
    REQUIRE(store.ok());
    CHECK(store->Has("clean/data/extra.tsv"));
    CHECK(*store->Get("clean/data/extra.tsv") == "x\ty\n");
    CHECK(store->Origin("clean/data/extra.tsv") == (dir / "clean/data/extra.tsv").string());
    auto bad = RuleStore::WithOverrides((dir / "missing").string());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().Format() == (dir / "missing").string() + ": not a directory");
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace timeline
