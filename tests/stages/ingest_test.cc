// SPDX-License-Identifier: Apache-2.0
// Tests for stages/ingest: input kinds, ids, UTF-8 repair and bad input.
#include "stages/ingest/ingest.h"

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
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

// simdjson's message for a string cut off by the end of the input.
const std::string kUnclosedString = "A string is opened, but never closed.";

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

  TEST_CASE("CRLF and mixed line endings are read; JSONL line numbers stay right") {
    Got text = ReadBytes("crlf.txt", "Biden spoke with Xi.\r\n\r\nThey met.\rAgain.\n", "crlf.txt");
    REQUIRE(text.articles.size() == 1);
    CHECK(text.articles[0].text == "Biden spoke with Xi.\r\n\r\nThey met.\rAgain.\n");
    CHECK(text.problems.empty());
    Got jl = ReadBytes("mixed.jsonl",
                       "{\"id\": \"a\", \"text\": \"One.\"}\r\n"
                       "{\"id\": \"b\", \"text\": \"Two.\"}\n"
                       "\r\n"
                       "{\"id\": \"c\", \"text\": \"Three.\"}\r\n"
                       "bad\r\n",
                       "mixed.jsonl");
    REQUIRE(jl.articles.size() == 3);
    CHECK(jl.articles[2].id == "c");
    REQUIRE(jl.problems.size() == 1);
    CHECK(jl.problems[0].rfind("!mixed.jsonl:5: not valid JSON: ", 0) == 0);
  }

  TEST_CASE("a 1 MB line without a newline is one article (text) or one object (JSONL)") {
    std::string big(1 << 20, 'a');
    for (size_t i = 80; i < big.size(); i += 81) big[i] = ' ';
    Got text = ReadBytes("big.txt", big, "big.txt");
    REQUIRE(text.articles.size() == 1);
    CHECK(text.articles[0].text.size() == big.size());
    CHECK(text.problems.empty());
    Got jl = ReadBytes("big.jsonl", "{\"id\": \"big\", \"text\": \"" + big + "\"}", "big.jsonl");
    REQUIRE(jl.articles.size() == 1);
    CHECK(jl.articles[0].text == big);
    CHECK(jl.problems.empty());
  }

  TEST_CASE("deeply nested JSON is refused with a clean message naming the file or line") {
    std::string deep = std::string(5000, '[') + std::string(5000, ']');
    Got json = ReadBytes("deep.json", deep, "deep.json");
    CHECK(json.articles.empty());
    CHECK(json.problems == std::vector<std::string>{
                               "!deep.json: not valid JSON: nested deeper than 1024 levels"});
    Got jl = ReadBytes("deep.jsonl", "{\"text\": \"ok\"}\n{\"a\": " + deep + "}\n", "deep.jsonl");
    CHECK(jl.articles.size() == 1);
    CHECK(jl.problems == std::vector<std::string>{
                             "!deep.jsonl:2: not valid JSON: nested deeper than 1024 levels"});
  }

  TEST_CASE("a JSONL file with a truncated last line keeps the lines before it") {
    Got g = ReadBytes("cut.jsonl",
                      "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Tw", "cut.jsonl");
    REQUIRE(g.articles.size() == 1);
    CHECK(g.articles[0].id == "a");
    REQUIRE(g.problems.size() == 1);
    CHECK(g.problems[0] == "!cut.jsonl:2: not valid JSON: " + kUnclosedString);
  }

  TEST_CASE("right-to-left text passes unchanged") {
    const std::string rtl =
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd. \u0645\u0631\u062d\u0628\u0627 "
        "\u202b\u0628\u0627\u0644\u0639\u0627\u0644\u0645\u202c Biden \u200f\u05d1\u05d9\u05d9\u05d3\u05df.";
    Got g = ReadBytes("rtl.txt", rtl, "rtl.txt");
    REQUIRE(g.articles.size() == 1);
    CHECK(g.articles[0].text == rtl);
    CHECK(g.problems.empty());
  }

  TEST_CASE("NUL bytes: a text file with NULs up front is binary; later NULs are replaced") {
    Got early = ReadBytes("nul.txt", std::string("Biden\0spoke.", 12), "nul.txt");
    CHECK(early.articles.empty());
    CHECK(early.problems == std::vector<std::string>{"!nul.txt: binary file, not text; skipped"});
    std::string late = std::string(5000, 'a') + std::string("\0b", 2);
    Got g = ReadBytes("late.txt", late, "late.txt");
    REQUIRE(g.articles.size() == 1);
    CHECK(g.articles[0].text == std::string(5000, 'a') + "\xEF\xBF\xBD" "b");
    CHECK(g.problems == std::vector<std::string>{"late.txt: 1 invalid UTF-8 sequence replaced by U+FFFD"});
    Got jl = ReadBytes("nul.jsonl", "{\"text\": \"a\\u0000b\"}\n", "nul.jsonl");
    REQUIRE(jl.articles.size() == 1);
    CHECK(jl.articles[0].text == "a\xEF\xBF\xBD" "b");
    CHECK(jl.problems ==
          std::vector<std::string>{"nul.jsonl:1: 1 invalid UTF-8 sequence replaced by U+FFFD"});
  }

  TEST_CASE("an unreadable file and a directory link loop are reported, the rest is read") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / fmt::format("timeline_ingest_{}", ::getpid());
    fs::remove_all(dir);
    fs::create_directories(dir / "sub");
    auto write = [](const fs::path& p, std::string_view s) {
      std::ofstream(p, std::ios::binary) << s;
    };
    write(dir / "a.txt", "Biden spoke with Xi.");
    write(dir / "sub" / "b.txt", "They met in Bali.");
    fs::create_directory_symlink(dir, dir / "sub" / "loop");
    // A file whose read fails for every user, root included: the process's
    // own memory at address 0 (reading it gives EIO).
    const bool proc_mem = fs::exists("/proc/self/mem");
    if (proc_mem) fs::create_symlink("/proc/self/mem", dir / "memory.txt");
    // A file without read permission (root reads it anyway).
    const bool root = ::geteuid() == 0;
    if (!root) {
      write(dir / "locked.txt", "secret");
      fs::permissions(dir / "locked.txt", fs::perms::none);
    }
    std::vector<std::string> ids, problems;
    ingest::Reader().Read(
        {dir.string()}, [&](Article&& a) { ids.push_back(a.id); },
        [&](ingest::Problem&& p) { problems.push_back(p.diag.Format()); });
    CHECK(ids == std::vector<std::string>{"a.txt", "sub/b.txt"});
    std::vector<std::string> want = {(dir / "sub" / "loop").string() +
                                     ": directory link loop; not followed"};
    if (proc_mem) want.push_back((dir / "memory.txt").string() + ": cannot read: Input/output error");
    if (!root) {
      want.push_back((dir / "locked.txt").string() + ": cannot read: Permission denied");
    } else {
      MESSAGE("running as root: the permission check is skipped (root reads it anyway)");
    }
    std::sort(problems.begin(), problems.end());
    std::sort(want.begin(), want.end());
    CHECK(problems == want);
    if (!root) fs::permissions(dir / "locked.txt", fs::perms::owner_all);
    fs::remove_all(dir);
  }

  TEST_CASE("an empty id falls back to the default id (found by the fuzzer)") {
    Got g = ReadBytes("e.jsonl", "{\"id\": \"\", \"text\": \"One.\"}\n", "e.jsonl");
    REQUIRE(g.articles.size() == 1);
    CHECK(g.articles[0].id == "e.jsonl#1");
    Got j = ReadBytes("e.json", "{\"id\": \"\", \"text\": \"One.\"}", "e.json");
    REQUIRE(j.articles.size() == 1);
    CHECK(j.articles[0].id == "e.json");
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
