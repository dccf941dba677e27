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

  TEST_CASE("a bad pattern in a rule file is reported as file:line: id: RE2's reason") {
    RuleStore store = RuleStore::FromMap({{"x/data/r.tsv", "# h\nok\ta+\nbad\t(a\n"}});
    auto rows = ReadTsv(store, "x/data/r.tsv", 2, 2);
    REQUIRE(rows.ok());
    RE2::Options o(RE2::Quiet);
    auto good = CompileRule(store, "x/data/r.tsv", (*rows)[0], "ok", (*rows)[0][1], o);
    REQUIRE(good.ok());
    CHECK(RE2::FullMatch("aaa", **good));
    auto bad = CompileRule(store, "x/data/r.tsv", (*rows)[1], "bad", (*rows)[1][1], o);
    REQUIRE(!bad.ok());
    CHECK(bad.error().Format() == "x/data/r.tsv:3: bad: missing ): (a");
  }

  TEST_CASE("relaxed patterns for Set prefilters turn counted repetitions into stars") {
    struct Row {
      const char* in;
      const char* out;
    } rows[] = {
        {"(?i).{0,200}\\bcookies\\b.{0,200}", "(?i).*\\bcookies\\b.*"},
        {"\\d{4}-\\d{2}-\\d{2}", "\\d*-\\d*-\\d*"},
        {"(?:\\w+\\s+){0,4}?call", "(?:\\w+\\s+)*?call"},
        {"a{2,}b{3}", "a*b*"},
        {"\\x{41}\\p{Lu}\\P{Greek}", "\\x{41}\\p{Lu}\\P{Greek}"},  // braces of escapes
        {"[a{2}]x\\{2\\}", "[a{2}]x\\{2\\}"},                  // in a class, escaped
        {"[]{2}]", "[]{2}]"},                                    // ']' first in a class
        {"a{x}{,2}", "a{x}{,2}"},                                // not repetitions
        {"\\Qa{2}\\E", "\\Qa{2}\\E"},                            // not understood: unchanged
    };
    for (const Row& row : rows) {
      CAPTURE(row.in);
      CHECK(RelaxRepeats(row.in) == row.out);
    }
    // Whatever a pattern matches, its relaxed form matches too.
    for (const char* text : {"We use cookies.", "2021-11-10", "he will call", "aabbb"}) {
      for (const Row& row : rows) {
        RE2 a(row.in, RE2::Quiet), b(RelaxRepeats(row.in), RE2::Quiet);
        if (a.ok() && RE2::PartialMatch(text, a)) CHECK(RE2::PartialMatch(text, b));
      }
    }
  }
}

TEST_CASE("assertions drop out of a prefilter pattern, except the anchors kept at a window edge") {
  struct Row {
    const char* in;
    bool keep_begin, keep_end;
    const char* out;
  };
  const Row rows[] = {
      {"\\bto\\s+$", false, true, "(?:)to\\s+$"},
      {"^\\s*(?:has|have)\\b", true, false, "^\\s*(?:has|have)(?:)"},
      {"^a$", false, false, "(?:)a(?:)"},
      {"\\Aa\\z\\B", false, false, "(?:)a(?:)(?:)"},
      {"\\Aa\\z", true, true, "\\Aa\\z"},
      {"[\\b^$]x", false, false, "[\\b^$]x"},        // in a class: characters, not assertions
      {"[]^]\\x{62}\\\\b", false, false, "[]^]\\x{62}\\\\b"},  // escaped backslash, then 'b'
  };
  for (const Row& row : rows) {
    CAPTURE(row.in);
    auto out = DropAssertions(row.in, row.keep_begin, row.keep_end);
    REQUIRE(out);
    CHECK(*out == row.out);
  }
  CHECK(!DropAssertions("\\Q^\\E", false, false));
  CHECK(!DropAssertions("[[:alpha:]]", false, false));
}

TEST_CASE("a counted repeat of a group at the end anchor drops out of a prefilter pattern") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"\\bwill\\s+(?:\\w+\\s+){0,2}?$", "\\bwill\\s+"},
      {"(?:)(?:the|an?)\\s+(?:\\w+\\s+)?agreed\\s+(?:\\w+[\\s-]+){0,1}?$", "(?:)(?:the|an?)\\s+(?:\\w+\\s+)?agreed\\s+"},
      {"a(b){3}\\z", "a"},
      {"a(?:b(c)){2,}$", "a"},
      {"x|a(?:b){0,4}$", "x|a"},                        // the last alternative's start
      {"(?:a|b(?:c){0,2})$", "(?:a|b(?:c){0,2})$"},     // a repeat inside a group: unchanged
      {"a(?:b){0,2}?c$", "a(?:b){0,2}?c$"},             // not at the end
      {"a(?:b){0,2}", "a(?:b){0,2}"},                   // no end anchor
      {"a(?:b)*$", "a(?:b)*$"},                         // not counted
      {"a\\(b\\){2}$", "a\\(b\\){2}$"},               // escaped parentheses
      {"a[(]b){2}$", "a[(]b){2}$"},                     // '(' in a class: no group opens
      {"a(?:b){,2}$", "a(?:b){,2}$"},                   // "{,2}" is no repeat
      {"\\Q(a){2}$\\E", "\\Q(a){2}$\\E"},             // not understood: unchanged
  };
  for (const Row& row : rows) {
    CAPTURE(row.in);
    CHECK(DropTrailingRepeat(row.in) == row.out);
  }
  // Whatever a pattern matches, the shorter one matches too.
  for (const char* text : {"he will meet", "the agreed summit", "abbb", "xab", "abcbc"}) {
    for (const Row& row : rows) {
      RE2 a(row.in, RE2::Quiet), b(DropTrailingRepeat(row.in), RE2::Quiet);
      if (a.ok() && RE2::PartialMatch(text, a)) CHECK(RE2::PartialMatch(text, b));
    }
  }
}

TEST_CASE("a counted repeat of a group after the start anchor drops out of a prefilter pattern") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"^\\s*(?:\\w+\\s+){0,2}?(?:will|is\\s+to)\\s+happen", "(?:will|is\\s+to)\\s+happen"},
      {"\\A(b){3}a", "a"},
      {"^(?:(c)b){2,}a", "a"},
      {"^(?:b){0,4}a|x", "a|x"},                        // the first alternative's end
      {"^(?:a|(?:c){0,2}b)", "^(?:a|(?:c){0,2}b)"},     // a repeat inside a group: unchanged
      {"^c(?:b){0,2}", "^c(?:b){0,2}"},                 // nothing after it: unchanged
      {"^a|(?:b){0,2}c", "^a|(?:b){0,2}c"},             // an alternation before it
      {"(?:b){0,2}a", "(?:b){0,2}a"},                   // no start anchor
      {"^(?:b)*a", "^(?:b)*a"},                         // not counted
      {"^\\(b\\){2}a", "^\\(b\\){2}a"},         // escaped parentheses
      {"^[(]b){2}a", "^[(]b){2}a"},                     // '(' in a class: no group opens
      {"^(?:b){,2}a", "^(?:b){,2}a"},                   // "{,2}" is no repeat
      {"\\Q^(a){2}b\\E", "\\Q^(a){2}b\\E"},     // not understood: unchanged
  };
  for (const Row& row : rows) {
    CAPTURE(row.in);
    CHECK(DropLeadingRepeat(row.in) == row.out);
  }
  // Whatever a pattern matches, the shorter one matches too.
  for (const char* text : {"  it will happen", "the talks is to happen", "bbba", "cbcba", "x", "ba", "ca"}) {
    for (const Row& row : rows) {
      RE2 a(row.in, RE2::Quiet), b(DropLeadingRepeat(row.in), RE2::Quiet);
      if (a.ok() && RE2::PartialMatch(text, a)) CHECK(RE2::PartialMatch(text, b));
    }
  }
}

}  // namespace
}  // namespace timeline
