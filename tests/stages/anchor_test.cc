// SPDX-License-Identifier: Apache-2.0
// Tests for stages/anchor: the governing date of each mention, summit
// calendars, the publication-date default and the grouping of mentions.
#include "stages/anchor/anchor.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/rule_store.h"
#include "stages/mentions/mentions.h"
#include "stages/timex/timex.h"
#include "tests/stages/event_test_util.h"

namespace timeline::anchor {
namespace {

using timeline::testing::AddTimex;
using timeline::testing::MakeSentences;

const RuleStore& Rules() {
  static const RuleStore store = RuleStore::Builtin();
  return store;
}

void Process(Document& doc) {
  static const mentions::Extractor x = std::move(mentions::Extractor::Load(Rules())).value();
  static const Anchorer a = [] {
    auto r = Anchorer::Load(Rules());
    REQUIRE_MESSAGE(r.ok(), r.error().Format());
    return std::move(r).value();
  }();
  x.Run(doc);
  a.Run(doc);
}

struct TimexSpec {
  std::string_view words, value;
};

TEST_SUITE("anchor") {

TEST_CASE("a mention takes the date of the temporal expression that governs it") {
  struct Row {
    std::string_view text, dct;
    std::vector<TimexSpec> timexes;
    std::string_view want;  // TIMEX3 value of the first mention's date, "" = undated
  } rows[] = {
      {"Blinken and Lavrov met in Geneva on Friday.", "2022-01-21", {{"Friday", "2022-01-21"}},
       "2022-01-21"},
      {"On Monday, Trump held talks with Lee Hsien Loong at the Istana.", "2018-06-12",
       {{"Monday", "2018-06-11"}}, "2018-06-11"},
      {"A meeting in March between Chinese and U.S. officials ended badly.", "2021-09-10",
       {{"March", "2021-03"}}, "2021-03"},
      {"Bloomberg reported Tuesday (Nov. 9) that the virtual summit could take place next week.",
       "2021-11-10", {{"Tuesday (Nov. 9)", "2021-11-09"}, {"next week", "2021-W46"}}, "2021-W46"},
      {"The two leaders have spoken on the phone twice since Mr Biden took office in January.",
       "2021-11-10", {{"January", "2021-01"}}, ""},
      {"Biden and Xi agreed to meet via videoconference before the end of the year.", "2021-11-10",
       {{"the end of the year", "2021"}}, ""},
      {"Qin Gang said on Tuesday that he had arrived in Washington at a difficult time.",
       "2021-11-10", {{"Tuesday", "2021-11-09"}}, ""},
      {"In July, Wendy Sherman faced demands during a visit to China.", "2021-09-10",
       {{"July", "2021-07"}}, "2021-07"},
      {"Chinese officials said on Monday that the trip to China in July failed.", "2021-09-10",
       {{"Monday", "2021-09-06"}, {"July", "2021-07"}}, "2021-07"},
      {"Biden will speak with Zelensky on Thursday.", "2021-12-07", {{"Thursday", "2021-12-09"}},
       "2021-12-09"},
      {"Biden first raised the idea in a phone call with Putin in April.", "2021-06-16",
       {{"April", "2021-04"}}, "2021-04"},
      // "last met in November" is when they met; "first meeting since January" is not.
      {"The leaders last met in November in Phnom Penh.", "2023-03-16", {{"November", "2022-11"}},
       "2022-11"},
      {"It was their first meeting since January.", "2023-03-16", {{"January", "2023-01"}}, ""},
      {"Xi said on Tuesday, ahead of his call with Biden next week, that ties matter.",
       "2021-11-10", {{"Tuesday", "2021-11-09"}, {"next week", "2021-W46"}}, "2021-W46"},
      {"Relations have deteriorated over the past two years, Biden said after he spoke with Xi.",
       "2021-09-10", {}, "2021-09-09"},
      {"Pompeo traveled to Pyongyang earlier this month.", "2018-05-24",
       {{"earlier this month", "2018-05"}}, "2018-05"},
      {"Biden met Xi in Bali on Monday, a day after he arrived.", "2022-11-15",
       {{"Monday", "2022-11-14"}}, "2022-11-14"},
      {"Blinken met Xi Jinping in Beijing on Monday, capping a two-day visit.", "2023-06-19",
       {{"Monday", "2023-06-19"}}, "2023-06-19"},
      {"Scholz visited Moscow on February 15 and held talks with Putin there.", "2022-03-12",
       {{"February 15", "2022-02-15"}}, "2022-02-15"},
      // A cancelled or planned event takes the date it was set for.
      {"Blinken on Tuesday canceled a meeting with Lavrov that had been planned for Thursday in "
       "Geneva.",
       "2022-02-22", {{"Tuesday", "2022-02-22"}, {"Thursday", "2022-02-24"}}, "2022-02-24"},
      // An event of n days said to have ended on a day is dated by its opening day.
      {"Modi and Xi on Saturday concluded their two-day informal summit in Wuhan.", "2018-04-28",
       {{"Saturday", "2018-04-28"}}, "2018-04-27"},
      {"Yellen wrapped up four days of meetings in Beijing on Sunday.", "2023-07-09",
       {{"Sunday", "2023-07-09"}}, "2023-07-06"},
      {"The summit in Wuhan ended on Saturday.", "2018-04-28", {{"Saturday", "2018-04-28"}},
       "2018-04-28"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    Document doc = MakeSentences({row.text}, row.dct);
    for (const TimexSpec& t : row.timexes) REQUIRE(AddTimex(doc, t.words, t.value));
    Process(doc);
    REQUIRE_FALSE(doc.mentions.empty());
    CAPTURE(doc.mentions[0].date_reason);
    CHECK(doc.mentions[0].date.ToTimex() == row.want);
    if (!row.want.empty()) {
      CHECK_FALSE(doc.mentions[0].date_reason.empty());
      CHECK_FALSE(doc.mentions[0].date_span.empty());
    }
  }
}

TEST_CASE("a date followed by 'and' and a second verb dates the first verb, not the second") {
  // "met Li on Friday and held talks with He on Saturday": two meetings, each
  // with its own day (DCT Sunday 2023-07-09).
  Document doc = MakeSentences({"Yellen met Premier Li Qiang on Friday and held talks with Vice "
                                "Premier He Lifeng on Saturday."},
                               "2023-07-09");
  REQUIRE(AddTimex(doc, "Friday", "2023-07-07"));
  REQUIRE(AddTimex(doc, "Saturday", "2023-07-08"));
  Process(doc);
  auto date_with = [&](std::string_view person) {
    for (const Mention& m : doc.mentions) {
      if (std::find(m.participants.begin(), m.participants.end(), person) != m.participants.end())
        return m.date.ToTimex();
    }
    return std::string("no mention");
  };
  CHECK(date_with("Li Qiang") == "2023-07-07");
  CHECK(date_with("He Lifeng") == "2023-07-08");
  // "..., before travelling to Berlin": the date closes the meeting's phrase.
  Document trip = MakeSentences({"Macron flew on to Kyiv, where he was due to meet Ukrainian "
                                 "President Volodymyr Zelensky later on Tuesday, before travelling "
                                 "to Berlin in the evening for talks with German Chancellor Olaf "
                                 "Scholz."},
                                "2022-02-08");
  REQUIRE(AddTimex(trip, "Tuesday", "2022-02-08"));
  Process(trip);
  for (const Mention& m : trip.mentions) {
    CAPTURE(m.type);
    if (m.type == "visit") CHECK_FALSE(m.date_reason.starts_with("timex"));
  }
}

TEST_CASE("a second verb without a date of its own shares the date of the verb before it") {
  // "arrived on Sunday and held talks with Qin": the talks were that Sunday.
  Document doc = MakeSentences({"Blinken arrived in Beijing on Sunday and held more than seven "
                                "hours of talks with Foreign Minister Qin Gang."},
                               "2023-06-19");
  REQUIRE(AddTimex(doc, "Sunday", "2023-06-18"));
  Process(doc);
  bool talks = false;
  for (const Mention& m : doc.mentions) {
    if (m.type != "meeting") continue;
    talks = true;
    CHECK(m.date.ToTimex() == "2023-06-18");
    CHECK(m.date_reason.starts_with("timex of the coordinated verb before it"));
  }
  CHECK(talks);
}

TEST_CASE("a date then a clause with 'when' dates that clause's triggers, even after 'since'") {
  Document doc = MakeSentences({"Erdogan and Putin met in Sochi on Wednesday.",
                                "It was their first meeting since March 2020, when they agreed a "
                                "ceasefire after talks in Moscow."},
                               "2021-09-29");
  REQUIRE(AddTimex(doc, "Wednesday", "2021-09-29"));
  REQUIRE(AddTimex(doc, "March 2020", "2020-03"));
  Process(doc);
  bool talks = false;
  for (const Mention& m : doc.mentions) {
    CAPTURE(doc.text(m.trigger));
    if (doc.text(m.trigger) == "talks") {
      talks = true;
      CHECK(m.date.ToTimex() == "2020-03");
    } else {
      CHECK_FALSE(m.date.ToTimex() == "2020-03");  // "the first meeting since March 2020"
    }
  }
  CHECK(talks);
}

TEST_CASE("a named summit takes its opening day from the calendar") {
  struct Row {
    std::string_view text, dct, want;
    EventStatus status;
  } rows[] = {
      {"Xi skipped the G20 meeting in Rome.", "2021-11-10", "2021-10-30", EventStatus::kOccurred},
      {"He missed the UN climate change summit in Glasgow.", "2021-11-10", "2021-10-31",
       EventStatus::kOccurred},
      {"Leaders gathered for the G-20 summit in Bali.", "", "2022-11-15", EventStatus::kOccurred},
      {"Leaders will gather for the G-20 summit in Bali.", "2022-11-01", "2022-11-15",
       EventStatus::kPlanned},
      {"Biden met Xi one day before the start of the G-20 summit in Bali.", "", "2022-11-15",
       EventStatus::kPlanned},
      {"Biden will attend the G7 summit.", "2023-05-01", "2023-05-19", EventStatus::kPlanned},
      {"Biden attended the G7 summit.", "2023-06-01", "2023-05-19", EventStatus::kOccurred},
      {"Leaders met at the G7 summit in Cornwall.", "2021-06-16", "2021-06-11",
       EventStatus::kOccurred},
      {"Zelensky met Biden at the NATO summit in Vilnius.", "2023-07-12", "2023-07-11",
       EventStatus::kOccurred},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CAPTURE(row.dct);
    Document doc = MakeSentences({row.text}, row.dct);
    Process(doc);
    const Mention* s = nullptr;
    for (const Mention& m : doc.mentions) {
      if (m.type == "summit" && !s) s = &m;
    }
    REQUIRE(s != nullptr);
    CAPTURE(s->date_reason);
    CHECK(s->date.ToTimex() == row.want);
    CHECK(EventStatusName(s->status) == EventStatusName(row.status));
    CHECK(s->date_reason.find("summit calendar") != std::string::npos);
  }
}

TEST_CASE("a date in a meeting's clause on a day of the summit named after it is the meeting's") {
  // The summit has the calendar's days; the weekday dates the meeting.
  Document doc = MakeSentences(
      {"Zelensky met Biden on the sidelines of the NATO summit in Vilnius on Wednesday."},
      "2023-07-13");
  REQUIRE(AddTimex(doc, "Wednesday", "2023-07-12"));
  Process(doc);
  const Mention* meeting = nullptr;
  for (const Mention& m : doc.mentions) {
    if (m.type == "meeting") meeting = &m;
  }
  REQUIRE(meeting);
  CHECK(FormatDay(meeting->date.first) == "2023-07-12");
  CHECK(FormatDay(meeting->date.last) == "2023-07-12");
  CHECK(meeting->date_reason.find("timex same clause") == 0);

  // A day outside the summit's is no day of it: the text says something else.
  Document outside = MakeSentences(
      {"Zelensky met Biden on the sidelines of the NATO summit in Vilnius on Monday."},
      "2023-07-13");
  REQUIRE(AddTimex(outside, "Monday", "2023-07-10"));
  Process(outside);
  for (const Mention& m : outside.mentions) {
    if (m.type == "meeting") CHECK(m.date_reason.find("timex") == std::string::npos);
  }
}

TEST_CASE("a date relative to a named summit is counted from its opening or closing day") {
  struct Row {
    std::string_view text, want;
  } rows[] = {
      {"The meeting, held in Bali, just one day before the start of the G-20 summit, was long.",
       "2022-11-14"},
      {"Biden met Xi in Bali two days before the G-20 summit.", "2022-11-13"},
      {"Biden met Xi in Bali on the eve of the G-20 summit.", "2022-11-14"},
      {"Biden met Xi in Bali one day after the end of the G-20 summit.", "2022-11-17"},
      {"Biden met Xi in Bali a week before the G-20 summit.", "2022-11-08"},
      {"Xi held a three-hour meeting with Biden the day before the G-20 summit in Bali.", "2022-11-14"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    Document doc = MakeSentences({row.text}, "");
    Process(doc);
    const Mention* meeting = nullptr;
    for (const Mention& m : doc.mentions) {
      if (m.type == "meeting" && !meeting) meeting = &m;
    }
    REQUIRE(meeting != nullptr);
    CAPTURE(meeting->date_reason);
    CHECK(meeting->date.ToTimex() == row.want);
  }
}

TEST_CASE("an undated event in the headline defaults to the publication date with lower confidence") {
  Document doc = MakeSentences({"Biden Speaks With Xi Amid Low Point in U.S.-China Relations",
                                "Before the call in the Treaty Room, officials spoke to reporters."},
                               "2021-09-10");
  Process(doc);
  REQUIRE(doc.mentions.size() == 2);
  for (const Mention& m : doc.mentions) {
    CHECK(m.date.dated());
    CHECK(FormatDay(m.date.last) == "2021-09-10");
    CHECK(FormatDay(m.date.first) == "2021-09-09");
    CHECK(m.confidence <= 0.4f);
    CHECK(m.group == doc.mentions[0].group);
  }
}

TEST_CASE("an undated event deep in the text, or without a publication date, stays undated") {
  Document late = MakeSentences({"Relations are tense.", "Trade is down.", "Biden spoke with Xi."},
                                "2021-09-10");
  late.sentences[2].paragraph = 5;
  Process(late);
  REQUIRE(late.mentions.size() == 1);
  CHECK_FALSE(late.mentions[0].date.dated());
  Document nodct = MakeSentences({"Biden Speaks With Xi"}, "");
  Process(nodct);
  REQUIRE(nodct.mentions.size() == 1);
  CHECK_FALSE(nodct.mentions[0].date.dated());
}

TEST_CASE("a planned mention is not dated before the publication date") {
  Document doc = MakeSentences(
      {"Biden and Xi expressed a wish on Tuesday (Nov. 9), ahead of their first virtual summit "
       "expected to take place in the coming weeks."},
      "2021-11-10");
  REQUIRE(AddTimex(doc, "Tuesday (Nov. 9)", "2021-11-09"));
  Process(doc);
  REQUIRE(doc.mentions.size() == 1);
  CHECK(doc.mentions[0].status == EventStatus::kPlanned);
  CHECK_FALSE(doc.mentions[0].date.dated());
}

TEST_CASE("an event dated after the publication date is planned") {
  Document doc = MakeSentences({"Biden meets Xi in San Francisco on Wednesday."}, "2023-11-14");
  REQUIRE(AddTimex(doc, "Wednesday", "2023-11-15"));
  Process(doc);
  REQUIRE(doc.mentions.size() == 1);
  CHECK(doc.mentions[0].status == EventStatus::kPlanned);
}

// The dates of the document's mentions of one type, sorted.
std::vector<std::string> SortedDates(const Document& doc, std::string_view type) {
  std::vector<std::string> dates;
  for (const Mention& m : doc.mentions) {
    if (m.type == type) dates.push_back(m.date.ToTimex());
  }
  std::sort(dates.begin(), dates.end());
  return dates;
}

TEST_CASE("a plural trigger with coordinated dates is one event per date") {
  Document doc = MakeSentences(
      {"This will be the third time the two leaders have spoken this year, after phone calls in "
       "February and September."},
      "2021-11-10");
  REQUIRE(AddTimex(doc, "this year", "2021"));
  REQUIRE(AddTimex(doc, "February", "2021-02"));
  REQUIRE(AddTimex(doc, "September", "2021-09"));
  Process(doc);
  const std::vector<std::string> dates = SortedDates(doc, "call");
  REQUIRE(dates.size() == 2);
  CHECK(dates[0] == "2021-02");
  CHECK(dates[1] == "2021-09");
  CHECK(doc.mentions[0].group != doc.mentions[1].group);
}

TEST_CASE("an event done 'and again' at a later date is one more event at that date") {
  Document doc = MakeSentences(
      {"Macron called Putin a week ago, on the evening of the invasion, and again on Monday, when he "
       "asked for an end to strikes."},
      "2022-03-03");
  REQUIRE(AddTimex(doc, "a week ago", "2022-02-24"));
  REQUIRE(AddTimex(doc, "Monday", "2022-02-28"));
  Process(doc);
  const std::vector<std::string> dates = SortedDates(doc, "call");
  REQUIRE(dates.size() == 2);
  CHECK(dates[0] == "2022-02-24");
  CHECK(dates[1] == "2022-02-28");
  CHECK(doc.mentions[0].group != doc.mentions[1].group);

  // The repetition after a second trigger is that trigger's.
  Document two = MakeSentences(
      {"Biden met Xi in May, and Blinken visited Beijing in June and again in August."}, "2023-11-10");
  REQUIRE(AddTimex(two, "May", "2023-05"));
  REQUIRE(AddTimex(two, "June", "2023-06"));
  REQUIRE(AddTimex(two, "August", "2023-08"));
  Process(two);
  CHECK(SortedDates(two, "meeting") == std::vector<std::string>{"2023-05"});
  CHECK(SortedDates(two, "visit") == std::vector<std::string>{"2023-06", "2023-08"});
}

TEST_CASE("coordinated months of a past plural event fall in the same year") {
  Document doc = MakeSentences({"This will only be the third time the two leaders have spoken this year, "
                                "after phone calls in February and September."},
                               "2021-11-10");
  // As a tense-confused tagger may give them: February in the future.
  REQUIRE(AddTimex(doc, "this year", "2021"));
  REQUIRE(AddTimex(doc, "February", "2022-02"));
  REQUIRE(AddTimex(doc, "September", "2021-09"));
  Process(doc);
  std::vector<std::string> dates;
  for (const Mention& m : doc.mentions) {
    if (m.type == "call" && m.date.dated()) {
      dates.push_back(m.date.ToTimex());
      CHECK(m.status == EventStatus::kOccurred);
    }
  }
  std::sort(dates.begin(), dates.end());
  REQUIRE(dates.size() == 2);
  CHECK(dates[0] == "2021-02");
  CHECK(dates[1] == "2021-09");
}

TEST_CASE("mentions of one event in an article share a group and its date") {
  struct Row {
    std::vector<std::string_view> sentences;
    std::vector<TimexSpec> timexes;
    bool same_group;
  } rows[] = {
      {{"Biden, Xi express desire for cooperation ahead of first virtual summit",
        "Bloomberg reported that the virtual summit could take place next week."},
       {{"next week", "2021-W46"}},
       true},
      {{"Biden And Xi Hold Face-to-Face Meeting", "President Joe Biden met with President Xi Jinping.",
        "The meeting, held in Bali, was long."},
       {},
       true},
      {{"Biden Speaks With Xi", "The Foreign Ministry's summary of the call was short."}, {}, true},
      {{"A meeting in March between Chinese and U.S. officials ended badly.",
        "Blinken and Lavrov met in Geneva on Friday."},
       {{"March", "2021-03"}, {"Friday", "2022-01-21"}},
       false},
      {{"Biden met Putin in Geneva in June.", "Biden spoke with Putin by phone in December."},
       {{"June", "2021-06"}, {"December", "2021-12"}},
       false},
      {{"Xi skipped the G20 meeting in Rome.", "Biden met Xi in Bali in November."},
       {{"November", "2022-11"}},
       false},
      // Talks in Moscow are not the meeting in Sochi, whoever took part.
      {{"Erdogan and Putin met in Sochi on Wednesday.",
        "The two leaders agreed a ceasefire after talks in Moscow."},
       {{"Wednesday", "2021-09-29"}},
       false},
      // Nor is a meeting in Phnom Penh the summit in Japan.
      {{"Kishida and Yoon held a summit in Japan on Thursday.",
        "The two leaders had met in Phnom Penh."},
       {{"Thursday", "2023-03-16"}},
       false},
      // Woodside and San Francisco lie in one area (merge/data/areas.tsv): a
      // meeting at Filoli during the APEC summit is reported at either.
      {{"Biden will meet Xi in San Francisco on Wednesday.",
        "The meeting will take place at the Filoli estate in Woodside."},
       {{"Wednesday", "2023-11-15"}},
       true},
      {{"Biden will meet Xi in San Francisco on Wednesday.",
        "The meeting will take place in Los Angeles."},
       {{"Wednesday", "2023-11-15"}},
       false},
      // "this" belongs to "month", not to "talks": not "this talks".
      {{"Yellen held talks with Vice Premier He Lifeng on Saturday.",
        "John Kerry is expected in China later this month for talks on emissions."},
       {{"Saturday", "2021-11-06"}, {"later this month", "2021-11"}},
       false},
  };
  for (const Row& row : rows) {
    CAPTURE(row.sentences[0]);
    Document doc = row.sentences.size() == 2
                       ? MakeSentences({row.sentences[0], row.sentences[1]}, "2021-11-10")
                       : MakeSentences({row.sentences[0], row.sentences[1], row.sentences[2]}, "");
    for (const TimexSpec& t : row.timexes) REQUIRE(AddTimex(doc, t.words, t.value));
    Process(doc);
    REQUIRE(doc.mentions.size() >= 2);
    const Mention& first = doc.mentions.front();
    const Mention& last = doc.mentions.back();
    CHECK((first.group == last.group) == row.same_group);
    CHECK(first.group > 0);
    if (row.same_group) CHECK(first.date == last.date);
  }
}

TEST_CASE("an event of the article's days whose text names no place took place at the dateline") {
  Document doc = MakeSentences(
      {"HIROSHIMA, Japan — Ukrainian President Volodymyr Zelensky arrived on Saturday.",
       "Zelensky met Indian Prime Minister Narendra Modi on Saturday.",
       "Zelensky spoke with Macron by phone on Saturday.",
       "Zelensky and Modi last met in March 2021.",
       "On Friday he was in Osaka. There he met Fumio Kishida on Friday.",
       "Zelensky met Biden in Tokyo on Thursday.", "The meeting lasted an hour."},
      "2023-05-20");
  REQUIRE(AddTimex(doc, "Saturday", "2023-05-20", 0));
  REQUIRE(AddTimex(doc, "Saturday", "2023-05-20", 1));
  REQUIRE(AddTimex(doc, "Saturday", "2023-05-20", 2));
  REQUIRE(AddTimex(doc, "March 2021", "2021-03"));
  REQUIRE(AddTimex(doc, "Friday", "2023-05-19", 0));
  REQUIRE(AddTimex(doc, "Friday", "2023-05-19", 1));
  REQUIRE(AddTimex(doc, "Thursday", "2023-05-18"));
  // "On Friday he was in Osaka. There he met ...": one paragraph, two sentences.
  doc.sentences[5].paragraph = doc.sentences[4].paragraph;
  Process(doc);
  auto at = [&](std::string_view trigger_text) -> const Mention* {
    for (const Mention& m : doc.mentions) {
      const Sentence& s = doc.sentences[m.sentence];
      if (doc.text(s.span).find(trigger_text) != std::string_view::npos) return &m;
    }
    return nullptr;
  };
  const Mention* arrived = at("arrived on Saturday");
  REQUIRE(arrived);
  CHECK(arrived->location == "Hiroshima");
  bool noted = false;
  for (const std::string& n : arrived->notes)
    noted = noted || n.find("the dateline") != std::string::npos;
  CHECK(noted);
  REQUIRE(at("met Indian Prime Minister"));
  CHECK(at("met Indian Prime Minister")->location == "Hiroshima");
  // A call has no place; last year's meeting was not where the reporter is now.
  REQUIRE(at("by phone"));
  CHECK(at("by phone")->location.empty());
  REQUIRE(at("last met"));
  CHECK(at("last met")->location.empty());
  // The sentence before it in its paragraph names another city.
  REQUIRE(at("met Fumio Kishida"));
  CHECK(at("met Fumio Kishida")->location != "Hiroshima");
  // An event one of whose mentions names its place keeps that place alone.
  REQUIRE(at("in Tokyo"));
  CHECK(at("in Tokyo")->location == "Tokyo");
  REQUIRE(at("The meeting lasted"));
  CHECK(at("The meeting lasted")->group == at("in Tokyo")->group);
  CHECK(at("The meeting lasted")->location.empty());

  // No dateline, or a capitalised word that is no place: nothing.
  for (std::string_view first :
       {"Ukrainian President Volodymyr Zelensky arrived on Saturday.",
        "ZELENSKY — Ukrainian President Volodymyr Zelensky arrived on Saturday."}) {
    CAPTURE(first);
    Document plain = MakeSentences(
        {first, "Zelensky met Indian Prime Minister Narendra Modi on Saturday."}, "2023-05-20");
    REQUIRE(AddTimex(plain, "Saturday", "2023-05-20", 0));
    REQUIRE(AddTimex(plain, "Saturday", "2023-05-20", 1));
    Process(plain);
    for (const Mention& m : plain.mentions) CHECK(m.location.empty());
  }
}

TEST_CASE(
    "an event during the summit an article names, that names no place, was held where the summit "
    "was") {
  Document doc = MakeSentences(
      {"Leaders of the Group of Seven gathered at Schloss Elmau on Sunday for a three-day summit.",
       "On Monday, Biden met Scholz for bilateral talks.", "On Monday, Biden also met Kishida.",
       "On July 4, Biden met Macron."},
      "2022-06-27");
  REQUIRE(AddTimex(doc, "Sunday", "2022-06-26"));
  REQUIRE(AddTimex(doc, "Monday", "2022-06-27", 0));
  REQUIRE(AddTimex(doc, "Monday", "2022-06-27", 1));
  REQUIRE(AddTimex(doc, "July 4", "2022-07-04"));
  Process(doc);
  std::map<std::string, std::string> where;  // participants -> location
  for (const Mention& m : doc.mentions) {
    if (m.type == "meeting") where[timeline::testing::Join(m.participants)] = m.location;
  }
  for (const char* who :
       {"Joe Biden;Olaf Scholz", "Fumio Kishida;Joe Biden", "Emmanuel Macron;Joe Biden"}) {
    CAPTURE(who);
    REQUIRE(where.count(who) == 1);
  }
  CHECK(where["Joe Biden;Olaf Scholz"] == "Elmau");
  CHECK(where["Fumio Kishida;Joe Biden"] == "Elmau");
  // After the summit, and the article has no dateline: unknown.
  CHECK(where["Emmanuel Macron;Joe Biden"] == "");
}

TEST_CASE("the headline's undated event is the lead's event of the same type and person") {
  auto visits = [](std::initializer_list<std::string_view> sentences) {
    Document doc = MakeSentences(sentences, "2023-05-20");
    REQUIRE(AddTimex(doc, "Saturday", "2023-05-20"));
    Process(doc);
    std::vector<Mention> out;
    for (const Mention& m : doc.mentions)
      if (m.type == "visit") out.push_back(m);
    return out;
  };
  // Headline, a date line, then the lead: one visit, dated by the lead.
  auto one = visits({"Zelensky arrives in Hiroshima to rally support",
                     "Published May 20, 2023 at 4:12 a.m. EDT",
                     "HIROSHIMA, Japan - Ukrainian President Volodymyr Zelensky arrived in Hiroshima on "
                     "Saturday aboard a French government plane to attend the summit in person."});
  REQUIRE(one.size() == 2);
  CHECK(one[0].group == one[1].group);
  CHECK(one[0].date.ToTimex() == "2023-05-20");
  // The same sentences deep in the body are not the headline and the lead.
  auto apart = visits({"Zelensky arrives in Hiroshima to rally support",
                       "The leaders of the Group of Seven gathered in the city on Friday for their "
                       "annual summit, with the war high on the agenda.",
                       "Zelensky arrived in Hiroshima on Saturday aboard a French government plane to "
                       "attend the summit in person."});
  REQUIRE(apart.size() == 2);
  CHECK(apart[0].group != apart[1].group);
}

TEST_CASE("an undated event on a day of the programme of the summit an article reports from") {
  // Written on the summit's first day; "Before the opening session" is that day.
  auto meeting_of = [](const char* opening, const char* dct) {
    Document doc = MakeSentences(
        {"Leaders of the Group of Seven gathered at Schloss Elmau on Sunday for a three-day summit.",
         opening},
        dct);
    REQUIRE(AddTimex(doc, "Sunday", "2022-06-26"));
    Process(doc);
    for (const Mention& m : doc.mentions)
      if (m.type == "meeting") return m;
    FAIL("no meeting");
    return Mention{};
  };
  Mention first = meeting_of("Before the opening session, Biden met Scholz for bilateral talks.",
                             "2022-06-26");
  CHECK(first.date.ToTimex() == "2022-06-26");
  CHECK(first.location == "Elmau");
  CHECK(first.date_reason.find("anchor_cues.tsv") != std::string::npos);
  Mention last = meeting_of("At the closing session, Biden met Kishida.", "2022-06-28");
  CHECK(last.date.ToTimex() == "2022-06-28");
  // A report written a month later is not from the summit: not its day (the
  // lead's undated meeting takes the publication date, as any lead's does).
  Mention later = meeting_of("Before the opening session, Biden met Scholz for bilateral talks.",
                             "2022-07-26");
  CAPTURE(later.date_reason);
  CHECK(later.date.ToTimex() != "2022-06-26");
  CHECK(later.date_reason.find("summit the article reports from") == std::string::npos);
}

TEST_CASE("every dateline pattern's example is a dateline of a known place") {
  auto rows = ReadTsv(Rules(), "anchor/data/dateline.tsv", 3, 3);
  REQUIRE(rows.ok());
  int patterns = 0;
  for (const TsvRow& row : *rows) {
    if (row[0] != "pattern") continue;
    ++patterns;
    CAPTURE(row.line);
    Document doc = MakeSentences({row[2], "The leaders met on Saturday."}, "2023-05-20");
    REQUIRE(AddTimex(doc, "Saturday", "2023-05-20", 1));
    Process(doc);
    bool located = false;
    for (const Mention& m : doc.mentions)
      located = located || (m.type == "meeting" && !m.location.empty());
    CHECK(located);
  }
  CHECK(patterns > 0);
}

TEST_CASE("anchor rule errors name the file, line and rule") {
  std::map<std::string, std::string> files;
  for (std::string_view p : Rules().List("mentions/data/")) files[std::string(p)] = std::string(*Rules().Get(p));
  files["anchor/data/numbers.tsv"] = std::string(*Rules().Get("anchor/data/numbers.tsv"));
  struct Row {
    std::string_view file, contents, message;
  } rows[] = {
      {"anchor/data/anchor_cues.tsv", "x\tclause_break\t(\tex\n",
       "anchor/data/anchor_cues.tsv:1: x: missing ): ("},
      {"anchor/data/anchor_cues.tsv", "# FORMAT\ny\tsometimes\ta\tex\n",
       "anchor/data/anchor_cues.tsv:2: y: unknown kind \"sometimes\""},
      {"anchor/data/anchor_cues.tsv", "z\tsummit_day\tbefore the opening session\tex\n",
       "anchor/data/anchor_cues.tsv:1: z: a summit_day pattern needs a group named edge"},
      {"anchor/data/numbers.tsv", "one\tuno\n",
       "anchor/data/numbers.tsv:1: one: value must be a small number"},
      {"anchor/data/dateline.tsv", "pattern\t^(\\p{Lu}+) —\tex\n",
       "anchor/data/dateline.tsv:1: pattern: the pattern has no group named place"},
      {"anchor/data/dateline.tsv", "# where it was written\nwhere\there\tex\n",
       "anchor/data/dateline.tsv:2: where: unknown kind (expected pattern, type or days)"},
      {"anchor/data/dateline.tsv", "days\tsoon\tex\n",
       "anchor/data/dateline.tsv:1: days: days must be a number"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.message);
    auto copy = files;
    if (row.file != "anchor/data/anchor_cues.tsv") {
      copy["anchor/data/anchor_cues.tsv"] = std::string(*Rules().Get("anchor/data/anchor_cues.tsv"));
    }
    copy[std::string(row.file)] = std::string(row.contents);
    auto r = Anchorer::Load(RuleStore::FromMap(copy));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().Format() == row.message);
  }
}

TEST_CASE("every anchor cue example matches its own pattern") {
  auto rows = ReadTsv(Rules(), "anchor/data/anchor_cues.tsv", 4, 4);
  REQUIRE(rows.ok());
  for (const TsvRow& row : *rows) {
    CAPTURE(row[0]);
    RE2::Options o(RE2::Quiet);
    o.set_case_sensitive(false);
    RE2 re(row[2], o);
    REQUIRE(re.ok());
    // Patterns anchored at the end ("...$") are matched on the text before the
    // date or trigger; the example is a whole sentence, so try every prefix.
    std::string_view ex = row[3];
    bool hit = false;
    for (size_t n = ex.size(); n > 0 && !hit; --n) hit = RE2::PartialMatch(ex.substr(0, n), re);
    if (!hit) {
      for (size_t b = 0; b < ex.size() && !hit; ++b) hit = RE2::PartialMatch(ex.substr(b), re);
    }
    CHECK(hit);
  }
}

TEST_CASE("cues matched through RE2 Sets give the dates and groups of cues matched one by one") {
  // Every cue example and trigger example, with the timexes the tagger
  // finds, through mentions and then anchor on both paths.
  static const mentions::Extractor x = std::move(mentions::Extractor::Load(Rules())).value();
  static const timex::Tagger tagger = std::move(timex::Tagger::Load(Rules())).value();
  auto sets = Anchorer::Load(Rules(), CuePath::kSets);
  auto one_by_one = Anchorer::Load(Rules(), CuePath::kOneByOne);
  REQUIRE(sets.ok());
  REQUIRE(one_by_one.ok());
  std::vector<std::string> examples;
  for (std::string_view file : {"anchor/data/anchor_cues.tsv", "mentions/data/triggers.tsv",
                                "mentions/data/status_cues.tsv"}) {
    auto rows = ReadTsv(Rules(), file, 4, 7);
    REQUIRE(rows.ok());
    for (const TsvRow& row : *rows) {
      std::string_view ex = row.cells.back();
      examples.emplace_back(ex.substr(0, ex.find(" => ")));
    }
  }
  examples.push_back(
      "Biden met Xi on Monday, before the G-20 summit, and held talks with Modi on Tuesday; "
      "they had spoken by phone since January - a call that, while brief, was planned for Friday.");
  // "had" before the trigger's clause, in capitals, and inside a word: the
  // clause is found only when a clause_only literal occurs before the trigger.
  examples.push_back(
      "Officials HAD warned of it, but Biden met Xi on Monday; the Shah had met Putin on Friday.");
  int dated = 0;
  for (size_t i = 0; i < examples.size(); ++i) {
    // Each example alone, and after the one before it (a second sentence).
    for (bool pair : {false, true}) {
      if (pair && i == 0) continue;
      std::vector<std::string_view> sentences;
      if (pair) sentences.push_back(examples[i - 1]);
      sentences.push_back(examples[i]);
      CAPTURE(examples[i]);
      Document a = testing::MakeSentenceList(sentences, "2021-11-10");
      tagger.Run(a);
      x.Run(a);
      Document b = a;
      sets->Run(a);
      one_by_one->Run(b);
      REQUIRE(a.mentions.size() == b.mentions.size());
      for (size_t m = 0; m < a.mentions.size(); ++m) {
        const Mention &ma = a.mentions[m], &mb = b.mentions[m];
        CHECK(ma.date == mb.date);
        CHECK(ma.date_span == mb.date_span);
        CHECK(ma.date_reason == mb.date_reason);
        CHECK(ma.confidence == mb.confidence);
        CHECK(ma.group == mb.group);
        CHECK(ma.status == mb.status);
        CHECK(ma.notes == mb.notes);
        dated += ma.date.dated();
      }
    }
  }
  CHECK(dated > 20);
}

TEST_CASE("a cue of single punctuation bytes is read as a byte table, any other as RE2") {
  struct Row {
    std::string_view pattern, bytes;  // bytes: "" = not a byte cue
  } rows[] = {
      {",", ","},       {"[;:]", ";:"},   {"\\;", ";"},     {"[!?.]", "!?."},  {"\\s", ""},
      {"[a-z]", ""},    {"[^,]", ""},     {",+", ""},       {"a", ""},         {".", ""},
      {"[,-;]", ""},    {"[\\;]", ""},    {"\\d", ""},      {"–", ""},         {",|;", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.pattern);
    auto bytes = detail::PunctuationBytes(row.pattern);
    REQUIRE(bytes.has_value() == !row.bytes.empty());
    if (!bytes) continue;
    std::string got;
    for (size_t b = 0; b < bytes->size(); ++b) {
      if ((*bytes)[b]) got += char(b);
    }
    std::string want(row.bytes);
    std::sort(want.begin(), want.end());
    CHECK(got == want);
  }
}

TEST_CASE("cues anchored alike become one union anchored the same way; others none") {
  using Patterns = std::vector<std::string_view>;
  struct Row {
    Patterns patterns;
    std::string_view want;  // "" = no union
    bool anchor_start;
  } rows[] = {
      {{"a$", "b+$"}, "(?:(?:a)|(?:b+))$", false},
      {{"\\bsince\\s+(?:\\S+\\s+){0,5}?$", "(?i)\\bby\\s+$"},
       "(?:(?:\\bsince\\s+(?:\\S+\\s+){0,5}?)|(?:(?i)\\bby\\s+))$", false},
      {{"^\\s*which\\b", "^on\\s"}, "(?:(?:^\\s*which\\b)|(?:^on\\s))", true},
      {{"a$", "^b"}, "", false},         // anchored differently
      {{"a|b$", "c$"}, "", false},       // a top-level alternation
      {{"(?m)a$", "b$"}, "", false},     // "$" at each line's end
      {{"a\\$", "b$"}, "", false},       // an escaped dollar
      {{"(a$)", "b$"}, "", false},       // the anchor inside a group
      {{"a", "b"}, "", false},
      {{}, "", false},
  };
  for (const Row& row : rows) {
    CAPTURE(row.want);
    auto u = detail::AnchoredUnion(row.patterns);
    REQUIRE(u.has_value() == !row.want.empty());
    if (!u) continue;
    CHECK(u->pattern == row.want);
    CHECK(u->anchor_start == row.anchor_start);
  }
}

TEST_CASE("a cue's code points and empty matches are read from its pattern, or not at all") {
  auto has = [](const detail::CueAlphabet& a, char32_t c) {
    for (auto [lo, hi] : a.code_points) {
      if (lo <= c && c <= hi) return true;
    }
    return false;
  };
  struct Row {
    std::string_view pattern;
    bool fold, readable, nullable;
    std::u32string in, out;  // code points it may read, and may not
  } rows[] = {
      {"\\b(?:that|but)\\b", true, true, false, U"thaTBU", U" ,-x\u212A"},
      {"\\b(?:that|kit)\\b", true, true, false, U"kK\u212A", U"s\u017F"},
      {"\\s[\u2013\u2014-]\\s", true, true, false, U" \t\n-\u2013\u2014", U"a,\u212A\u00e9"},
      {"[;:]", true, true, false, U";:", U","},
      {"[a-c]x*", false, true, false, U"abcx", U"dAX"},
      {"(?i)ab|cd", false, true, false, U"aAbBcCdD", U"e"},
      {"(?:a)?", false, true, true, U"a", U"b"},
      {"a{0,3}", false, true, true, U"a", U""},
      {"a{2}", false, true, false, U"a", U""},
      {"^$", false, true, true, U"", U"a"},
      {"\\Sx", false, true, false, U"x!\u00e9", U""},
      {"[^,]", false, true, false, U",a\u00e9", U""},
      {"\u00e9", true, true, false, U"\u00e9\u00c9\u0100", U"a"},
      {"\\p{L}", false, false, false, U"", U""},
      {"\\x{41}", false, false, false, U"", U""},
      {"(?m)^a", false, false, false, U"", U""},
      {"a**", false, false, false, U"", U""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.pattern);
    auto a = detail::ReadAlphabet(row.pattern, row.fold);
    REQUIRE(a.has_value() == row.readable);
    if (!a) continue;
    CHECK(a->nullable == row.nullable);
    for (char32_t c : row.in) CHECK(has(*a, c));
    for (char32_t c : row.out) CHECK_FALSE(has(*a, c));
  }
  auto words = detail::ReadAlphabet("\\b(?:that|but|since)\\b", true);
  auto dash = detail::ReadAlphabet("\\s[\u2013\u2014-]\\s", true);
  auto since = detail::ReadAlphabet("since\\s+\\w+", true);
  REQUIRE((words && dash && since));
  CHECK(detail::Disjoint(*words, *dash));
  CHECK_FALSE(detail::Disjoint(*words, *since));
  CHECK_FALSE(detail::Disjoint(*dash, *since));
}

TEST_CASE("byte-table clause breaks and cue unions give what cues one by one give, for other cue data") {
  // Cue data that the built-in file does not have: overlapping byte cues, an
  // escaped byte, a byte cue and a regex cue for the same byte, end-anchored
  // skip cues with a flag group, clause joins of which one is not anchored.
  std::map<std::string, std::string> files;
  for (std::string_view f : {"anchor/data/numbers.tsv", "anchor/data/dateline.tsv"})
    files[std::string(f)] = std::string(*Rules().Get(f));
  for (std::string_view f : {"mentions/data/type_compat.tsv", "mentions/data/actors.tsv",
                             "mentions/data/places.tsv"})
    files[std::string(f)] = std::string(*Rules().Get(f));
  const std::string base(*Rules().Get("anchor/data/anchor_cues.tsv"));
  std::string other;  // the built-in rows without clause_break, clause_join, skip_timex
  for (size_t pos = 0; pos < base.size();) {
    size_t nl = base.find('\n', pos);
    std::string line = base.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos + 1);
    pos = nl == std::string::npos ? base.size() : nl + 1;
    if (line.find("\tclause_break\t") != std::string::npos ||
        line.find("\tclause_join\t") != std::string::npos ||
        line.find("\tskip_timex\t") != std::string::npos)
      continue;
    other += line;
  }
  const std::string variants[] = {
      "b1\tclause_break\t[;:]\tx;\nb2\tclause_break\t:\tx:\nb3\tclause_break\t\\,\tx,\n"
      "b4\tclause_break\t\\b(?:that|but|since|when)\\b\tthat\nb5\tclause_break\t,\\s+and\tx, and\n"
      "j1\tclause_join\t^\\s*(?:which|on|in)\\b\t which\nj2\tclause_join\t^\\s*last\\s\t last \n"
      "s1\tskip_timex\t\\b(?:since|until)\\s+(?:\\S+\\s+){0,5}?$\tsince \n"
      "s2\tskip_timex\t(?i)\\bBEFORE\\s+(?:the\\s+)?$\tbefore \n",
      "b1\tclause_break\t,\tx,\nb2\tclause_break\t,\tx,\n"
      "j1\tclause_join\t^\\s*which\\b\t which\nj2\tclause_join\t\\s+on\\s\t on \n"
      "s1\tskip_timex\t\\bsince\\s+$\tsince \ns2\tskip_timex\t\\bby\\b\tby\n",
      // Regex cues whose matches may overlap ("since" in both): no alternation.
      "b1\tclause_break\t,\tx,\nb2\tclause_break\t\\b(?:that|but|since|when)\\b\tthat\n"
      "b3\tclause_break\tsince\\s+\\w+\tsince May\nb4\tclause_break\t\\s[\u2013\u2014-]\\s\t - \n",
      // Disjoint regex cues, one with a flag group: one alternation.
      "b1\tclause_break\t(?i:THAT|when)\tthat\nb2\tclause_break\t\\s[\u2013\u2014-]\\s\t - \n"
      "b3\tclause_break\t;\tx;\n",
      // One regex cue: its loop, no Set.
      "b1\tclause_break\t,\tx,\nb2\tclause_break\t\\bbut\\b\tbut\n",
  };
  static const mentions::Extractor x = std::move(mentions::Extractor::Load(Rules())).value();
  static const timex::Tagger tagger = std::move(timex::Tagger::Load(Rules())).value();
  const std::string_view sentences[] = {
      "Biden met Xi on Monday, before the G-20 summit, and held talks with Modi on Tuesday; "
      "they had spoken by phone since January: a call that, while brief, was planned for Friday.",
      "The leaders met in Geneva, on June 16, and again, which surprised many, last week.",
      "Since March 2020, when they met in Moscow, Erdogan and Putin have spoken by phone until "
      "Friday, and Lavrov visited Ankara before the end of the year.",
      "Blinken called Wang on Sunday, but the meeting in Rome; that had been planned for Thursday, "
      "was canceled, and Macron met Scholz on Monday, then Sunak on Tuesday.",
  };
  for (const std::string& v : variants) {
    CAPTURE(v);
    auto copy = files;
    copy["anchor/data/anchor_cues.tsv"] = other + v;
    const RuleStore rules = RuleStore::FromMap(copy);  // outlives the anchorers (they keep views)
    auto sets = Anchorer::Load(rules, CuePath::kSets);
    auto one_by_one = Anchorer::Load(rules, CuePath::kOneByOne);
    REQUIRE_MESSAGE(sets.ok(), sets.error().Format());
    REQUIRE(one_by_one.ok());
    int dated = 0;
    for (std::string_view text : sentences) {
      CAPTURE(text);
      Document a = testing::MakeSentenceList({text}, "2021-11-10");
      tagger.Run(a);
      x.Run(a);
      Document b = a;
      sets->Run(a);
      one_by_one->Run(b);
      REQUIRE(a.mentions.size() == b.mentions.size());
      for (size_t m = 0; m < a.mentions.size(); ++m) {
        CHECK(a.mentions[m].date == b.mentions[m].date);
        CHECK(a.mentions[m].date_reason == b.mentions[m].date_reason);
        CHECK(a.mentions[m].group == b.mentions[m].group);
        CHECK(a.mentions[m].notes == b.mentions[m].notes);
        dated += a.mentions[m].date.dated();
      }
    }
    CHECK(dated >= 4);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace timeline::anchor
