// SPDX-License-Identifier: Apache-2.0
// Tests for stages/dct: the publication date, its source, evidence and rule.
#include "stages/dct/dct.h"

#include <doctest/doctest.h>

#include <span>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace timeline {
namespace {

using testing::Day;

dct::Options Today(std::optional<date::sys_days> fallback = std::nullopt) {
  dct::Options o;
  o.today = Day("2026-11-23");
  o.fallback = fallback;
  return o;
}

const dct::Resolver& Builtin() {
  static const auto* r = [] {
    auto l = dct::Resolver::Load(RuleStore::Builtin(), Today());
    REQUIRE_MESSAGE(l.ok(), l.error().Format());
    return new dct::Resolver(std::move(l).value());
  }();
  return *r;
}

// Adds a header field whose value is `value` and whose line is the text
// from the start of `line` in doc.
void AddHeader(Document& doc, std::string key, std::string_view line, std::string_view value) {
  size_t l = doc.article.text.find(line);
  size_t v = doc.article.text.find(value, l);
  REQUIRE(l != std::string::npos);
  REQUIRE(v != std::string::npos);
  doc.header.push_back(HeaderField{std::move(key), Span{uint32_t(l), uint32_t(l + line.size())},
                                   Span{uint32_t(v), uint32_t(v + value.size())}});
}

struct Want {
  std::string date;  // "" = unknown
  DctSource source = DctSource::kNone;
  std::string evidence;
  std::string rule_id;
};

void Check(const Document& doc, const Want& want) {
  CHECK(doc.dct.date.ToTimex() == want.date);
  CHECK(DctSourceName(doc.dct.source) == DctSourceName(want.source));
  CHECK(doc.text(doc.dct.evidence) == want.evidence);
  CHECK(doc.dct.rule.id == want.rule_id);
  if (want.date.empty()) {
    CHECK_FALSE(doc.dct.known());
  } else {
    CHECK(doc.dct.confidence > 0);
    CHECK(doc.dct.confidence <= 1);
  }
}

// Runs the built-in resolver (its Set and gate prefilters on) and one that
// tries every rule on its own over each text; both must give the same
// publication date, rule, evidence and confidence. Returns how many texts
// got a date.
int CheckAgainstEveryRule(std::span<const std::string> texts) {
  dct::Options every = Today();
  every.prefilter = false;
  auto reference = dct::Resolver::Load(RuleStore::Builtin(), every);
  REQUIRE(reference.ok());
  int dated = 0;
  for (const std::string& text : texts) {
    CAPTURE(text);
    Document a = testing::MakeDocument(text), b = testing::MakeDocument(text);
    Builtin().Run(a);
    reference->Run(b);
    CHECK(a.dct.date.ToTimex() == b.dct.date.ToTimex());
    CHECK(a.dct.rule.id == b.dct.rule.id);
    CHECK(a.dct.evidence.begin == b.dct.evidence.begin);
    CHECK(a.dct.evidence.end == b.dct.evidence.end);
    CHECK(a.dct.confidence == b.dct.confidence);
    dated += a.dct.known();
  }
  return dated;
}

TEST_SUITE("dct") {
  TEST_CASE("input metadata wins over everything in the text") {
    Document doc = testing::MakeDocument("WASHINGTON, June 16, 2020 (Reuters) - Biden called Xi.");
    doc.article.published = Day("2021-11-10");
    Builtin().Run(doc);
    Check(doc, {"2021-11-10", DctSource::kMetadata, "", "article.published"});
    CHECK(doc.dct.confidence == 1.0f);
  }

  TEST_CASE("a header date line gives the date (sample 001 style)") {
    const struct {
      std::string text, line, value, want, rule;
    } cases[] = {
        {" date 2021-11-10 China is ready to work.", "date 2021-11-10", "2021-11-10",
         "2021-11-10", "header_iso"},
        {"Date: November 10, 2021\n\nBiden met Xi.", "Date: November 10, 2021",
         "November 10, 2021", "2021-11-10", "header_mdy"},
        {"Published: Wednesday 10 November 2021\nText.", "Published: Wednesday 10 November 2021",
         "Wednesday 10 November 2021", "2021-11-10", "header_dmy"},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      Document doc = testing::MakeDocument(c.text);
      AddHeader(doc, "date", c.line, c.value);
      Builtin().Run(doc);
      CHECK(doc.dct.date.ToTimex() == c.want);
      CHECK(doc.dct.source == DctSource::kHeaderLine);
      CHECK(doc.dct.rule.id == c.rule);
      CHECK(doc.dct.rule.file == "dct/data/rules.tsv");
    }
  }

  TEST_CASE("a date in the URL path gives the date (sample 004 style)") {
    const struct {
      std::string url, want, rule;
    } cases[] = {
        {"https://www.nytimes.com/2021/09/10/us/politics/biden-xi-china.html", "2021-09-10",
         "url_ymd_slash"},
        {"https://www.theguardian.com/world/2021/nov/16/biden-xi-virtual-summit", "2021-11-16",
         "url_ymd_word"},
        {"https://example.com/news/20210910/biden-xi", "2021-09-10", "url_ymd_compact"},
        {"https://example.com/news/2021-11-10/biden-xi", "2021-11-10", "url_ymd_dash"},
        {"https://example.com/2021/13/45/nonsense", "", ""},
        {"https://example.com/video/1234567890", "", ""},
    };
    for (const auto& c : cases) {
      CAPTURE(c.url);
      Document doc = testing::MakeDocument("Biden spoke with Xi.");
      doc.article.url = c.url;
      Builtin().Run(doc);
      Check(doc, {c.want, c.want.empty() ? DctSource::kNone : DctSource::kUrl, "", c.rule});
    }
    // A "Source Article from URL" footer, found by clean as a header field.
    std::string text = "Biden spoke with Xi.\n\nSource Article from "
                       "https://www.nytimes.com/2021/09/10/us/politics/biden-xi-china.html\n";
    Document doc = testing::MakeDocument(text);
    AddHeader(doc, "url", "Source Article from https://www.nytimes.com/2021/09/10/us/politics/biden-xi-china.html",
              "https://www.nytimes.com/2021/09/10/us/politics/biden-xi-china.html");
    Builtin().Run(doc);
    Check(doc, {"2021-09-10", DctSource::kUrl, "/2021/09/10/", "url_ymd_slash"});
  }

  TEST_CASE("datelines and explicit dates at the top of the text give the date") {
    const struct {
      std::string text;
      Want want;
    } cases[] = {
        {"WASHINGTON, June 16, 2021 (Reuters) - U.S. President Joe Biden met Vladimir Putin.",
         {"2021-06-16", DctSource::kText, "WASHINGTON, June 16, 2021 (Reuters)", "dateline_agency"}},
        {"Nov 10, 2021 \u2014 Chinese President Xi Jinping said on Wednesday...",
         {"2021-11-10", DctSource::kText, "Nov 10, 2021 \u2014", "dateline_date_dash"}},
        {"Title here\nPublished: 10 November 2021\n\nBiden met Xi.",
         {"2021-11-10", DctSource::kText, "Published: 10 November 2021", "top_cue_dmy"}},
        {"Title\nUpdated Nov. 16, 2021\nBiden met Xi.",
         {"2021-11-16", DctSource::kText, "Updated Nov. 16, 2021", "top_cue_mdy"}},
        {"Wednesday, November 10, 2021\n\nBiden met Xi.",
         {"2021-11-10", DctSource::kText, "Wednesday, November 10, 2021", "top_line_mdy"}},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      Document doc = testing::MakeDocument(c.text);
      Builtin().Run(doc);
      Check(doc, c.want);
    }
  }

  TEST_CASE("time stamps and numeric dates of real scrapes give the date") {
    const struct {
      std::string text;
      Want want;
    } cases[] = {
        // The year runs into the clock (a scraped page header).
        {"Skip to main content\n\nMarch 3, 20229:14 AM UTCUpdated 3 hours ago\n\nParis - Macron spoke.",
         {"2022-03-03", DctSource::kText, "March 3, 20229:14", "top_stamp_mdy"}},
        {"Europe\n\nMon 4 Jul 2022 09.31 BST\n\nThe leaders met.",
         {"2022-07-04", DctSource::kText, "Mon 4 Jul 2022 09.31", "top_stamp_dmy"}},
        {"Title\n\nMarch 2, 2023 at 6:15 p.m. EST\n\nThe leaders met.",
         {"2023-03-02", DctSource::kText, "March 2, 2023 at 6:15", "top_stamp_mdy"}},
        {"Title\n14 October 2021, 08:02\nThe leaders met.",
         {"2021-10-14", DctSource::kText, "14 October 2021, 08:02", "top_stamp_dmy"}},
        {"Title\n2022/09/15 18:40 JST\nThe leaders met.",
         {"2022-09-15", DctSource::kText, "2022/09/15 18:40", "top_stamp_ymd"}},
        {"Title\nUpdated 3:04 PM ET, Tue June 12, 2018\nThe leaders met.",
         {"2018-06-12", DctSource::kText, "Updated 3:04 PM ET, Tue June 12, 2018", "top_cue_mdy"}},
        // Dots: day first.
        {"Title\nDate 09.05.2022\nScholz spoke.",
         {"2022-05-09", DctSource::kText, "Date 09.05.2022", "top_cue_dot_dmy"}},
        // Slashes: a number above 12 is the day.
        {"Title\nPublished 11/25/2021\nBiden spoke.",
         {"2021-11-25", DctSource::kText, "Published 11/25/2021", "top_cue_numeric"}},
        // Else the month the article names, here February (Feb 8, not Aug 2).
        {"Title\nIssued on: 08/02/2022 - 10:14\nThey met in the Kremlin on February 7, 2022.",
         {"2022-02-08", DctSource::kText, "Issued on: 08/02/2022", "top_cue_numeric"}},
        {"Title\nIssued on: 02/08/2022 - 10:14\nThey met in the Kremlin on February 7, 2022.",
         {"2022-02-08", DctSource::kText, "Issued on: 02/08/2022", "top_cue_numeric"}},
        // A date at the start of a body sentence is not a stamp.
        {"Title\n\nJune 12, 2018 was the day Trump met Kim.", {"", DctSource::kNone, "", ""}},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      Document doc = testing::MakeDocument(c.text);
      Builtin().Run(doc);
      Check(doc, c.want);
    }
  }

  TEST_CASE("a weekday with a month-day fixes the year; the DCT is the day after a past one") {
    const struct {
      std::string text;
      Want want;
    } cases[] = {
        // Sample 000: twice "Tuesday (Nov. 9)", reported in the past tense.
        {"WASHINGTON \u2013 Biden and Xi expressed a wish that their countries would work together "
         "on Tuesday (Nov. 9), ahead of their summit.\n\nBloomberg reported Tuesday (Nov. 9) that "
         "the summit could take place next week.",
         {"2021-11-10", DctSource::kText, "Tuesday (Nov. 9)", "weekday_paren"}},
        {"Biden spoke with Xi on Thursday, September 9, according to the White House.",
         {"2021-09-10", DctSource::kText, "Thursday, September 9", "weekday_comma"}},
        // Only a future date: the day before it.
        {"The two leaders will meet on Monday (Nov. 15) by video.",
         {"2021-11-14", DctSource::kText, "Monday (Nov. 15)", "weekday_paren"}},
        // A yearless dateline takes the year the weekday dates give.
        {"BEIJING, Nov. 10 (Xinhua) -- Xi said on Tuesday (Nov. 9) that ties matter.",
         {"2021-11-10", DctSource::kText, "BEIJING, Nov. 10 (Xinhua)", "dateline_agency"}},
        // A weekday that never matches the month-day in range gives nothing.
        {"They met on Funday (Nov. 9).", {"", DctSource::kNone, "", ""}},
    };
    for (const auto& c : cases) {
      CAPTURE(c.text);
      Document doc = testing::MakeDocument(c.text);
      Builtin().Run(doc);
      Check(doc, c.want);
    }
  }

  TEST_CASE("agreeing weekday dates raise the confidence") {
    Document one = testing::MakeDocument("They spoke on Tuesday (Nov. 9).");
    Document two = testing::MakeDocument(
        "They spoke on Tuesday (Nov. 9). Aides met again on Tuesday (Nov. 9) at noon.");
    Builtin().Run(one);
    Builtin().Run(two);
    CHECK(one.dct.date.ToTimex() == "2021-11-10");
    CHECK(two.dct.date.ToTimex() == "2021-11-10");
    CHECK(two.dct.confidence > one.dct.confidence);
  }

  TEST_CASE("without evidence the DCT stays unknown unless --dct gives a fallback") {
    // Samples 002 and 003: nothing in the text dates the article.
    const std::string text =
        "President Joe Biden met with President Xi Jinping in Bali, just one day before the "
        "start of the G-20 summit. In July, Wendy Sherman visited China.";
    Document doc = testing::MakeDocument(text);
    Builtin().Run(doc);
    Check(doc, {"", DctSource::kNone, "", ""});

    auto with_fallback = dct::Resolver::Load(RuleStore::Builtin(), Today(Day("2022-11-14")));
    REQUIRE(with_fallback.ok());
    Document fb = testing::MakeDocument(text);
    with_fallback->Run(fb);
    Check(fb, {"2022-11-14", DctSource::kCommandLine, "", "--dct"});

    // The fallback never overrides evidence.
    Document url = testing::MakeDocument(text);
    url.article.url = "https://example.com/2021/09/10/story";
    with_fallback->Run(url);
    CHECK(url.dct.date.ToTimex() == "2021-09-10");
  }

  TEST_CASE("every example in dct/data/rules.tsv gives its date") {
    auto rows = ReadTsv(RuleStore::Builtin(), "dct/data/rules.tsv", 4, 5);
    REQUIRE(rows.ok());
    for (const TsvRow& row : *rows) {
      std::string example(row[4]);
      CAPTURE(example);
      size_t arrow = example.find(" => ");
      REQUIRE(arrow != std::string::npos);
      std::string input = example.substr(0, arrow), want = example.substr(arrow + 4);
      Document doc = testing::MakeDocument(input);
      std::string_view source = row[1];
      if (source == "header") {
        doc.header.push_back({"date", Span{0, uint32_t(input.size())}, Span{0, uint32_t(input.size())}});
      } else if (source == "url") {
        doc.article.url = input;
        doc.article.text = "Text.";
      }
      Builtin().Run(doc);
      if (source == "weekday") {
        // "TEXT => MM-DD weekday N": the pair is found and dates the article.
        CHECK(doc.dct.known());
        CHECK(doc.dct.rule.id == row[0]);
      } else {
        CHECK(doc.dct.date.ToTimex() == want);
        CHECK(doc.dct.rule.id == row[0]);
      }
    }
  }

  TEST_CASE("the top-of-text Set skips only rules that would not match") {
    // The Set path against every rule, one by one, on the rule examples
    // placed at the top of a page and after other top lines that look alike.
    auto rows = ReadTsv(RuleStore::Builtin(), "dct/data/rules.tsv", 4, 5);
    REQUIRE(rows.ok());
    std::vector<std::string> texts = {"", "Title\n\nBiden met Xi.",
                                      "WASHINGTON (Reuters) - Nov 10 Biden met Xi."};
    for (const TsvRow& row : *rows) {
      std::string example(row[4].substr(0, row[4].find(" => ")));
      texts.push_back(example);
      texts.push_back("Title\n" + example + "\nBody.");
      texts.push_back("Published: soon\nNov 10 \u2014 Updated 11/25\n" + example + "\nMore.");
    }
    CheckAgainstEveryRule(texts);
  }

  TEST_CASE("the weekday rules' one pass skips only texts where none of them matches") {
    // The gate ("does any weekday rule match anywhere?") against every rule
    // run on its own, on texts whose weekday dates each rule finds, or not.
    const std::string body(3000, 'x');
    const std::string texts[] = {
        "Biden met Xi.",
        "Biden met Xi on Tuesday (Nov. 9) in Rome.",
        "biden met xi on tuesday (nov. 9) in rome.",
        "Biden met Xi on Tuesday, November 9, in Rome.",
        "Biden met Xi on tuesday, November 9, in Rome.",
        "Biden met Xi on Tuesday November 9 in Rome.",
        "Title\n\n" + body + " Biden will meet Xi on Friday, March 4, and spoke on Monday (Feb. 28).",
        body + " Tuesday, November 9",
    };
    CHECK(CheckAgainstEveryRule(texts) >= 5);
  }

  TEST_CASE("bad rule data names the file, line and rule") {
    const std::string months = "January\t1\n", weekdays = "Monday\t1\n", cues = "will\n";
    auto load = [&](std::string rules, std::string m) {
      return dct::Resolver::Load(RuleStore::FromMap({{"dct/data/rules.tsv", rules},
                                                     {"dct/data/months.tsv", m},
                                                     {"dct/data/weekdays.tsv", weekdays},
                                                     {"dct/data/tense_cues.tsv", cues}}));
    };
    const struct {
      std::string rules, months, error;
    } cases[] = {
        {"# FORMAT\nbad\turl\t0.9\t/(?P<year>\\d{4}/(?P<month>\\d\\d)/(?P<day>\\d\\d)\tx\n", months,
         "dct/data/rules.tsv:2: bad: missing ): /(?P<year>\\d{4}/(?P<month>\\d\\d)/(?P<day>\\d\\d)"},
        {"r\tpaper\t0.9\tx\tx\n", months,
         "dct/data/rules.tsv:1: r: unknown source \"paper\" (expected header, url, dateline, top or "
         "weekday)"},
        {"r\turl\t2\tx\tx\n", months,
         "dct/data/rules.tsv:1: r: confidence must be a number in (0, 1], found \"2\""},
        {"r\turl\t0.9\t(?P<month>\\d\\d)/(?P<day>\\d\\d)\tx\n", months,
         "dct/data/rules.tsv:1: r: needs a named group (?P<year>...)"},
        {"r\tweekday\t0.5\t(?P<month>{month}) (?P<day>\\d+)\tx\n", months,
         "dct/data/rules.tsv:1: r: a weekday rule needs a named group (?P<weekday>...)"},
        {"r\turl\t0.9\tx\tx\n", "Smarch\t13\n",
         "dct/data/months.tsv:1: Smarch: value must be a number 1..12, found \"13\""},
    };
    for (const auto& c : cases) {
      CAPTURE(c.rules);
      auto r = load(c.rules, c.months);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().Format() == c.error);
    }
  }
}

}  // namespace
}  // namespace timeline
