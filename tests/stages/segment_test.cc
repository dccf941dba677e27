// SPDX-License-Identifier: Apache-2.0
// Tests for stages/segment: paragraphs, sentences, abbreviations, headlines.
#include "stages/segment/segment.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/test_util.h"

namespace timeline {
namespace {

const segment::Segmenter& Builtin() {
  static const auto* seg = [] {
    auto r = segment::Segmenter::Load(RuleStore::Builtin());
    REQUIRE_MESSAGE(r.ok(), r.error().Format());
    return new segment::Segmenter(std::move(r).value());
  }();
  return *seg;
}

std::vector<std::string> Sentences(const Document& doc) {
  std::vector<std::string> out;
  for (const Sentence& s : doc.sentences) out.emplace_back(doc.text(s.span));
  return out;
}

std::vector<std::string> Split(std::string_view text, std::vector<Span> boilerplate = {}) {
  Document doc = testing::MakeDocument(text);
  doc.boilerplate = std::move(boilerplate);
  Builtin().Run(doc);
  return Sentences(doc);
}

using Strings = std::vector<std::string>;

struct Case {
  std::string text;
  Strings want;
};

TEST_SUITE("segment") {
  TEST_CASE("abbreviations, titles and initials do not end a sentence") {
    const Case cases[] = {
        {"Mr. Biden spoke with Mr. Xi. They agreed.", {"Mr. Biden spoke with Mr. Xi.", "They agreed."}},
        {"Secretary of State Antony J. Blinken met Wang Yi. Talks went on.",
         {"Secretary of State Antony J. Blinken met Wang Yi.", "Talks went on."}},
        {"A trip by Wendy R. Sherman, the deputy secretary of state, ended.",
         {"A trip by Wendy R. Sherman, the deputy secretary of state, ended."}},
        {"They spoke on Tuesday (Nov. 9) by phone. Then they met.",
         {"They spoke on Tuesday (Nov. 9) by phone.", "Then they met."}},
        {"Sept. 10 was the day. Dr. Smith and Gen. Milley flew to St. Petersburg.",
         {"Sept. 10 was the day.", "Dr. Smith and Gen. Milley flew to St. Petersburg."}},
        {"He visited No. 10 Downing Street. Then Sen. Rubio and Rep. Smith spoke.",
         {"He visited No. 10 Downing Street.", "Then Sen. Rubio and Rep. Smith spoke."}},
        {"Scientists from top U.S. defense labs came. The U.N. Secretary-General spoke.",
         {"Scientists from top U.S. defense labs came.", "The U.N. Secretary-General spoke."}},
        {"He met the head of the U.S. Chamber of Commerce. Talks ended.",
         {"He met the head of the U.S. Chamber of Commerce.", "Talks ended."}},
        {"Relations with the U.S. The talks in Bali were frank.",
         {"Relations with the U.S.", "The talks in Bali were frank."}},
        {"Apple Inc. said sales rose. Martin Luther King Jr. Day is a holiday.",
         {"Apple Inc. said sales rose.", "Martin Luther King Jr. Day is a holiday."}},
        {"It was Biden vs. Trump again. U.S.-China relations are at 3.5 on the scale.",
         {"It was Biden vs. Trump again.", "U.S.-China relations are at 3.5 on the scale."}},
        {"Talks with the U.K. He said so.", {"Talks with the U.K.", "He said so."}},
    };
    for (const Case& c : cases) {
      CAPTURE(c.text);
      CHECK(Split(c.text) == c.want);
    }
  }

  TEST_CASE("closing quotes and brackets stay with the sentence they end") {
    const Case cases[] = {
        {"Xi said: \u201cCooperation is the only right choice.\u201d Biden agreed.",
         {"Xi said: \u201cCooperation is the only right choice.\u201d", "Biden agreed."}},
        {"\u201cIt starts here,\u201d he said. \u201cWe reject this view.\u201d",
         {"\u201cIt starts here,\u201d he said.", "\u201cWe reject this view.\u201d"}},
        {"They met (in Bali.) Then they left!", {"They met (in Bali.)", "Then they left!"}},
        {"Was it a summit?! Nobody knew... Really\u2026 It was.",
         {"Was it a summit?!", "Nobody knew...", "Really\u2026", "It was."}},
        {"She called it a \u201cbig mistake.\u201d Analysts had predicted it.",
         {"She called it a \u201cbig mistake.\u201d", "Analysts had predicted it."}},
    };
    for (const Case& c : cases) {
      CAPTURE(c.text);
      CHECK(Split(c.text) == c.want);
    }
  }

  TEST_CASE("a period before a lower-case word or a comma does not end a sentence") {
    const Case cases[] = {
        {"said a statement. published by the Chinese Embassy. .",
         {"said a statement. published by the Chinese Embassy."}},
        {"the fund (est. 2010), he said.", {"the fund (est. 2010), he said."}},
        {"China\u2019s foreign chief. Yang Jiechi.", {"China\u2019s foreign chief.", "Yang Jiechi."}},
    };
    for (const Case& c : cases) {
      CAPTURE(c.text);
      CHECK(Split(c.text) == c.want);
    }
  }

  TEST_CASE("blank lines end paragraphs and sentences; each sentence knows its paragraph") {
    Document doc = testing::MakeDocument(
        "First paragraph. Second sentence\n\n  Another paragraph\r\n\r\nLast one!\n");
    Builtin().Run(doc);
    CHECK(Sentences(doc) == Strings{"First paragraph.", "Second sentence", "Another paragraph",
                                    "Last one!"});
    REQUIRE(doc.paragraphs.size() == 3);
    CHECK(doc.text(doc.paragraphs[0]) == "First paragraph. Second sentence");
    CHECK(doc.text(doc.paragraphs[1]) == "Another paragraph");
    CHECK(doc.text(doc.paragraphs[2]) == "Last one!");
    REQUIRE(doc.sentences.size() == 4);
    CHECK(doc.sentences[1].paragraph == 0);
    CHECK(doc.sentences[2].paragraph == 1);
    CHECK(doc.sentences[3].paragraph == 2);
  }

  TEST_CASE("a headline line is its own sentence; wrapped prose lines are not") {
    const Case cases[] = {
        {"The World Leaders Hope to Repair U.S-China Relations\nPresident Joe Biden met Xi.",
         {"The World Leaders Hope to Repair U.S-China Relations", "President Joe Biden met Xi."}},
        {"Biden Speaks With Xi Amid Low Point in Relations\n\u201cWe talked,\u201d he said.",
         {"Biden Speaks With Xi Amid Low Point in Relations", "\u201cWe talked,\u201d he said."}},
        {"senior administration officials said the conversation became\nnecessary after talks.",
         {"senior administration officials said the conversation became\nnecessary after talks."}},
        {"the officials said on Tuesday that\nPresident Biden would call.",
         {"the officials said on Tuesday that\nPresident Biden would call."}},
        {"Always be the first to know.\nDownload our free App.",
         {"Always be the first to know.", "Download our free App."}},
        {"He met Mr.\nXi in Bali.", {"He met Mr.\nXi in Bali."}},
    };
    for (const Case& c : cases) {
      CAPTURE(c.text);
      CHECK(Split(c.text) == c.want);
    }
  }

  TEST_CASE("boilerplate spans are never inside a sentence") {
    std::string text = " date 2021-11-10 China is ready to work. Xi said so.\n\nClose\n\nThe end.";
    Span header{1, 16};  // "date 2021-11-10"
    size_t close = text.find("Close");
    Span close_span{uint32_t(close), uint32_t(close + 5)};
    Document doc = testing::MakeDocument(text);
    doc.boilerplate = {close_span, header};  // unsorted on purpose
    Builtin().Run(doc);
    CHECK(Sentences(doc) == Strings{"China is ready to work.", "Xi said so.", "The end."});
    REQUIRE(doc.paragraphs.size() == 2);
    CHECK(doc.text(doc.paragraphs[0]) == "China is ready to work. Xi said so.");
    CHECK(doc.sentences[2].paragraph == 1);

    // Boilerplate in the middle of a line splits the sentence around it.
    CHECK(Split("Biden met Xi Share this! in Bali.", {Span{13, 25}}) ==
          Strings{"Biden met Xi", "in Bali."});
  }

  TEST_CASE("degenerate inputs give no sentences or stray-free ones") {
    const Case cases[] = {
        {"", {}},
        {"\n\n\n", {}},
        {". . .", {}},
        {"\u201c", {}},
        {"no final punctuation", {"no final punctuation"}},
        {"\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd. \u0645\u0631\u062d\u0628\u0627.",
         {"\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd.", "\u0645\u0631\u062d\u0628\u0627."}},
    };
    for (const Case& c : cases) {
      CAPTURE(c.text);
      CHECK(Split(c.text) == c.want);
    }
    std::string long_line(1 << 20, 'a');
    CHECK(Split(long_line).size() == 1);
  }

  TEST_CASE("a bad abbreviation row names its file and line") {
    auto r = segment::Segmenter::Load(RuleStore::FromMap({
        {"segment/data/abbreviations.tsv", "# FORMAT: abbreviation<TAB>kind\nMr.\ttitle\nDr\ttitle\n"},
        {"segment/data/sentence_starters.tsv", "The\n"},
    }));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().Format() ==
          "segment/data/abbreviations.tsv:3: Dr: an abbreviation is one word ending in '.'");
    auto k = segment::Segmenter::Load(RuleStore::FromMap({
        {"segment/data/abbreviations.tsv", "Mr.\tperson\n"},
        {"segment/data/sentence_starters.tsv", "The\n"},
    }));
    REQUIRE_FALSE(k.ok());
    CHECK(k.error().Format() ==
          "segment/data/abbreviations.tsv:1: Mr.: unknown kind \"person\" (expected title, number "
          "or ambiguous)");
  }
}

}  // namespace
}  // namespace timeline
