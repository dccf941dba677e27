// SPDX-License-Identifier: Apache-2.0
// Tests for stages/ingest: input kinds, ids, UTF-8 repair and bad input.
#include "stages/ingest/ingest.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/test_util.h"

namespace timeline {
namespace {

struct Got {
  std::vector<Article> articles;
  std::vector<std::string> problems;  // formatted, "!" prefix for failures
};

Got ReadBytes(std::string_view path, std::string bytes, std::string_view id = "id") {
  Got g;
  ingest::Reader r;
  r.ReadBytes(
      path, id, std::move(bytes), [&](Article&& a) { g.articles.push_back(std::move(a)); },
      [&](ingest::Problem&& p) { g.problems.push_back((p.failed ? "!" : "") + p.diag.Format()); });
  return g;
}

TEST_SUITE("ingest") {
  TEST_CASE("a text file is one article whose id is the given name") {
    Got g = ReadBytes("dir/a.txt", "Biden spoke with Xi.\n", "a.txt");
    REQUIRE(g.articles.size() == 1);
    CHECK(g.articles[0].id == "a.txt");
    CHECK(g.articles[0].text == "Biden spoke with Xi.\n");
    CHECK(g.problems.empty());
  }

  TEST_CASE("JSONL lines use the news-please field names too, and bad lines name their line") {
    Got g = ReadBytes("drop.jsonl",
                      "{\"id\": \"x1\", \"text\": \"One.\", \"published\": \"2021-11-10\"}\n"
                      "{\"filename\": \"x2\", \"maintext\": \"Two.\", \"date_publish\": "
                      "\"2021-11-09 08:00:00\", \"url\": \"https://e.com/a\", \"title\": \"T\"}\n"
                      "not json\n"
                      "\n"
                      "{\"id\": \"x5\", \"title\": \"no text\"}\n"
                      "{\"text\": \"Six.\", \"published\": \"2021-02-30\"}\n"
                      "[1, 2]\n"
                      "{\"id\": 42, \"body\": \"Eight.\", \"dct\": \"2021-01-01\"}",
                      "drop.jsonl");
    REQUIRE(g.articles.size() == 4);
    CHECK(g.articles[0].id == "x1");
    CHECK(g.articles[0].published == testing::Day("2021-11-10"));
    CHECK(g.articles[1].id == "x2");
    CHECK(g.articles[1].text == "Two.");
    CHECK(g.articles[1].url == "https://e.com/a");
    CHECK(g.articles[1].published == testing::Day("2021-11-09"));
    CHECK(g.articles[2].id == "drop.jsonl#6");
    CHECK_FALSE(g.articles[2].published);
    CHECK(g.articles[3].id == "42");
    REQUIRE(g.problems.size() == 4);
    CHECK(g.problems[0].rfind("!drop.jsonl:3: not valid JSON: ", 0) == 0);
    CHECK(g.problems[1] == "!drop.jsonl:5: no \"text\" field (nor \"maintext\" or \"body\")");
    CHECK(g.problems[2] ==
          "drop.jsonl:6: published date \"2021-02-30\" is not a valid YYYY-MM-DD date; ignored");
    CHECK(g.problems[3] == "!drop.jsonl:7: not a JSON object");
  }

  TEST_CASE("a JSON file holds one article or an array of them") {
    Got one = ReadBytes("a.json", R"({"text": "Hello."})", "a.json");
    REQUIRE(one.articles.size() == 1);
    CHECK(one.articles[0].id == "a.json");
    Got many = ReadBytes("b.json", R"([{"text": "A."}, {"id": "k", "text": "B."}])", "b.json");
    REQUIRE(many.articles.size() == 2);
    CHECK(many.articles[0].id == "b.json#1");
    CHECK(many.articles[1].id == "k");
    Got broken = ReadBytes("c.json", R"([{"text": "A."})", "c.json");
    CHECK(broken.articles.empty());
    REQUIRE(broken.problems.size() == 1);
    CHECK(broken.problems[0].rfind("!c.json: not valid JSON: ", 0) == 0);
  }

  TEST_CASE("empty and binary files are skipped with a message naming them") {
    Got empty = ReadBytes("e.txt", " \n\n");
    CHECK(empty.articles.empty());
    CHECK(empty.problems == std::vector<std::string>{"!e.txt: empty file; skipped"});
    Got bin = ReadBytes("b.bin", std::string("\x7f" "ELF\0\0\0\x01\x02", 9));
    CHECK(bin.articles.empty());
    CHECK(bin.problems == std::vector<std::string>{"!b.bin: binary file, not text; skipped"});
  }

  TEST_CASE("invalid UTF-8 is replaced, counted and reported, and the article kept") {
    Got g = ReadBytes("u.txt", "Caf\xE9 talks \xC0\xAF and \xED\xA0\x80 end");
    REQUIRE(g.articles.size() == 1);
    CHECK(g.articles[0].text == "Caf\xEF\xBF\xBD talks \xEF\xBF\xBD\xEF\xBF\xBD and "
                                "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD end");
    CHECK(g.articles[0].invalid_utf8 == 6);
    CHECK(g.problems == std::vector<std::string>{"u.txt: 6 invalid UTF-8 sequences replaced by U+FFFD"});
  }

  TEST_CASE("valid UTF-8 of every length passes unchanged") {
    std::string s = "a \xC3\xA9 \xE2\x80\x99 \xF0\x9F\x98\x80 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D";
    std::string copy = s;
    CHECK(ingest::RepairUtf8(copy) == 0);
    CHECK(copy == s);
    std::string truncated = "ends with \xE2\x80";
    CHECK(ingest::RepairUtf8(truncated) == 1);
    CHECK(truncated == "ends with \xEF\xBF\xBD");
  }
}

}  // namespace
}  // namespace timeline
