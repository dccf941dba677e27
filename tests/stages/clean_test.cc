// SPDX-License-Identifier: Apache-2.0
// Tests for stages/clean: boilerplate spans and header fields in scraped text.
#include "stages/clean/clean.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace timeline {
namespace {

const clean::Cleaner& Builtin() {
  static const auto* c = [] {
    auto r = clean::Cleaner::Load(RuleStore::Builtin());
    REQUIRE_MESSAGE(r.ok(), r.error().Format());
    return new clean::Cleaner(std::move(r).value());
  }();
  return *c;
}

using Strings = std::vector<std::string>;

Document Clean(std::string_view text) {
  Document doc = testing::MakeDocument(text);
  Builtin().Run(doc);
  return doc;
}

Strings Marked(std::string_view text) {
  Document doc = Clean(text);
  Strings out;
  std::vector<Span> spans = doc.boilerplate;
  std::sort(spans.begin(), spans.end());
  for (Span s : spans) out.emplace_back(doc.text(s));
  return out;
}

struct Case {
  std::string text;
  Strings want;  // boilerplate texts, in order
};

TEST_SUITE("clean") {
  TEST_CASE("share, comment and app prompts on their own line are boilerplate") {
    const Case cases[] = {
        {"Thanks! Share it with your friends!\n", {"Thanks! Share it with your friends!"}},
        {"Body.\n\nLeave a Reply\n\nYour email address will not be published. Required fields are "
         "marked *\n",
         {"Leave a Reply", "Your email address will not be published. Required fields are marked *"}},
        {"Always be the first to know.\nFifth consecutive year Consumer Choice for Online Press.\n"
         "Download our free App.\n\nGoogle Play Download\n",
         {"Always be the first to know.", "Fifth consecutive year Consumer Choice for Online Press.",
          "Download our free App.", "Google Play Download"}},
        {"Comments\n\nWrite a comment", {"Comments", "Write a comment"}},
        {"  Close  \r\n", {"Close"}},
        {"Text.\n\nPopular", {"Popular"}},
        {"*For corrections please email [email\u00a0protected]*\n",
         {"*For corrections please email [email\u00a0protected]*"}},
        {"This site uses Akismet to reduce spam. Learn how your comment data is processed.",
         {"This site uses Akismet to reduce spam. Learn how your comment data is processed."}},
        {"We use cookies to give you the best experience. Accept all cookies\n",
         {"We use cookies to give you the best experience. Accept all cookies"}},
        {"Read more: Biden and Xi to hold virtual summit next week\n",
         {"Read more: Biden and Xi to hold virtual summit next week"}},
        {"Title of the story here\nBy Michael D. Shear and David E. Sanger\n",
         {"By Michael D. Shear and David E. Sanger"}},
        {"FILE PHOTO: U.S. President Joe Biden speaks in Washington, Nov. 3, 2021.\n",
         {"FILE PHOTO: U.S. President Joe Biden speaks in Washington, Nov. 3, 2021."}},
        {"Biden speaks in the Roosevelt Room (Photo: Reuters)", {" (Photo: Reuters)"}},
        {"\u00a9 2021 Reuters. All rights reserved.", {"\u00a9 2021 Reuters. All rights reserved."}},
    };
    for (const Case& c : cases) {
      CAPTURE(c.text);
      CHECK(Marked(c.text) == c.want);
    }
  }

  TEST_CASE("navigation crumbs and site-name suffixes of title lines are boilerplate") {
    const Case cases[] = {
        {"Foreign Policy /\n\nSeeking 'Win-Win Cooperation,' Biden And Xi Hold Face-to-Face Meeting\n",
         {"Foreign Policy /"}},
        {"Home > World > Asia\nBiden and Xi meet\n", {"Home > World > Asia"}},
        {"Biden Speaks With Xi Amid Low Point in U.S.-China Relations \u2013 The New York Times\n\nText.",
         {" \u2013 The New York Times"}},
        {"Biden, Xi express desire for US-China cooperation ahead of first virtual summit, United "
         "States News & Top Stories \u2013 Community News\nUs China\n",
         {", United States News & Top Stories \u2013 Community News", " \u2013 Community News",
          "Us China"}},
    };
    for (const Case& c : cases) {
      CAPTURE(c.text);
      CHECK(Marked(c.text) == c.want);
    }
  }

  TEST_CASE("real sentences are kept, even when they contain boilerplate words") {
    const std::string kept[] = {
        "The two sides agreed to keep in close contact, officials said. Close",
        "The vote was too close to call.",
        "Biden and Xi will leave a reply to the letter for their aides.",
        "Share prices rose in Hong Kong after the call.",
        "Comments by the Chinese ambassador drew criticism in Washington.",
        "Popular support for the deal is growing in both countries.",
        "Related talks took place in Zurich in October.",
        "By Tuesday, the two sides had agreed on a date for the virtual summit.",
        "Us and China must cooperate, Xi said in the letter read at the gala dinner.",
        "Copyright law was on the agenda of the trade talks.",
        "The story was first reported by The New York Times - on Friday.",
    };
    for (const std::string& text : kept) {
      CAPTURE(text);
      CHECK(Marked("Some headline\n\n" + text + "\n\nMore prose follows here.") == Strings{});
    }
    // Crumb-like lines count only near the top.
    std::string late = "A.\n\nB.\n\nC.\n\nD.\n\nE.\n\nUs China\n";
    CHECK(Marked(late) == Strings{});
  }

  TEST_CASE("header lines become header fields and boilerplate; the text is never rewritten") {
    const std::string text =
        " date 2021-11-10 China is ready to work with the United States, Xi said.\n\nSource "
        "Article from https://www.nytimes.com/2021/09/10/us/politics/biden-xi-china.html\n";
    Document doc = Clean(text);
    CHECK(doc.text() == text);
    REQUIRE(doc.header.size() == 2);
    CHECK(doc.header[0].key == "date");
    CHECK(doc.text(doc.header[0].value) == "2021-11-10");
    CHECK(doc.text(doc.header[0].line) == "date 2021-11-10");
    CHECK(doc.header[1].key == "url");
    CHECK(doc.text(doc.header[1].value) ==
          "https://www.nytimes.com/2021/09/10/us/politics/biden-xi-china.html");
    CHECK(Marked(text) ==
          Strings{"date 2021-11-10",
                  "Source Article from "
                  "https://www.nytimes.com/2021/09/10/us/politics/biden-xi-china.html"});
    REQUIRE(doc.boilerplate_rules.size() == doc.boilerplate.size());
    CHECK(doc.boilerplate_rules[0].id == "header_date_prefix");
    CHECK(doc.boilerplate_rules[1].id == "header_source_url");

    const struct {
      std::string line, value;
    } dates[] = {
        {"Published: 10 November 2021", "10 November 2021"},
        {"Updated on Nov. 10, 2021 08:00 EST", "Nov. 10, 2021"},
        {"Date: 2021-11-10", "2021-11-10"},
        {"Posted: Wednesday, November 10, 2021 | World", "Wednesday, November 10, 2021"},
    };
    for (const auto& d : dates) {
      CAPTURE(d.line);
      Document h = Clean("Title\n" + d.line + "\n\nBody text.");
      REQUIRE(h.header.size() == 1);
      CHECK(h.header[0].key == "date");
      CHECK(h.text(h.header[0].value) == d.value);
    }
    // A date inside prose is not a header.
    CHECK(Clean("Talks were updated on Nov. 10, 2021 by the ministry.").header.empty());
  }

  TEST_CASE("every example in clean/data/boilerplate.tsv is marked by its rule") {
    auto rows = ReadTsv(RuleStore::Builtin(), "clean/data/boilerplate.tsv", 4, 5);
    REQUIRE(rows.ok());
    for (const TsvRow& row : *rows) {
      std::string example(row[4]);
      CAPTURE(example);
      Document doc = Clean(example);
      bool found = false;
      for (const RuleRef& r : doc.boilerplate_rules) found = found || r.id == row[0];
      CHECK(found);
      if (row[1] == "header") {
        REQUIRE(doc.header.size() == 1);
        CHECK(doc.header[0].key == row[2]);
      }
    }
  }

  TEST_CASE("odd input yields no spans outside the text") {
    const std::string inputs[] = {"", "\n\n", "\r\n\r\n", std::string("a\0b\nClose", 9),
                                  std::string(100000, 'x') + "\nClose"};
    for (const std::string& in : inputs) {
      Document doc = Clean(in);
      for (Span s : doc.boilerplate) {
        CHECK(s.ok());
        CHECK(s.end <= in.size());
      }
    }
  }

  TEST_CASE("bad rule data names the file, line and rule") {
    const struct {
      std::string rules, error;
    } cases[] = {
        {"# FORMAT\nx\tline\t-\t(unclosed\texample\n",
         "clean/data/boilerplate.tsv:2: x: missing ): ^(?:(unclosed)$"},
        {"x\tfooter\t-\tClose\tClose\n",
         "clean/data/boilerplate.tsv:1: x: unknown kind \"footer\" (expected line, top_line, part, "
         "top_part or header)"},
        {"x\tpart\t-\tClose\tClose\n",
         "clean/data/boilerplate.tsv:1: x: a part rule needs a named group (?P<drop>...)"},
        {"x\theader\t-\t(?P<value>x)\tx\n", "clean/data/boilerplate.tsv:1: x: a header rule needs a key"},
        {"x\theader\tdate\tdate (.*)\tx\n",
         "clean/data/boilerplate.tsv:1: x: a header rule needs a named group (?P<value>...)"},
        {"x\tline\n", "clean/data/boilerplate.tsv:1: expected 4 to 5 columns, found 2"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.rules);
      auto r = clean::Cleaner::Load(RuleStore::FromMap(
          {{"clean/data/boilerplate.tsv", c.rules}, {"clean/data/site_names.tsv", "Reuters\n"}}));
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().Format() == c.error);
    }
  }
}

}  // namespace
}  // namespace timeline
