// SPDX-License-Identifier: Apache-2.0
// Tests for stages/mentions: triggers, exclusions, status, participants, places.
#include "stages/mentions/mentions.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "pipeline/rule_store.h"
#include "stages/mentions/gazetteer.h"
#include "stages/mentions/heads.h"
#include "tests/stages/event_test_util.h"

namespace timeline::mentions {
namespace {

using timeline::testing::Join;
using timeline::testing::MakeSentenceList;
using timeline::testing::MakeSentences;

const RuleStore& Rules() {
  static const RuleStore store = RuleStore::Builtin();
  return store;
}

const Extractor& X() {
  static const Extractor x = [] {
    auto r = Extractor::Load(Rules());
    REQUIRE_MESSAGE(r.ok(), r.error().Format());
    return std::move(r).value();
  }();
  return x;
}


std::vector<Mention> Extract(std::string_view text, std::string_view dct = "2021-11-10") {
  Document doc = MakeSentences({text}, dct);
  X().Run(doc);
  return doc.mentions;
}

TEST_SUITE("mentions") {

TEST_CASE("each trigger phrase yields a mention of its event type") {
  struct Row {
    std::string_view text, type;
  } rows[] = {
      {"Biden spoke by phone with Xi on Thursday.", "call"},
      {"Biden Speaks With Xi Amid Low Point in U.S.-China Relations", "call"},
      {"Macron spoke with Vladimir Putin for 90 minutes on Thursday.", "call"},
      {"The two leaders have spoken on the phone twice this year.", "call"},
      {"Putin told Biden in a phone call on Thursday that sanctions would be a mistake.", "call"},
      {"The two leaders held a two-hour video call on Tuesday.", "call"},
      {"Biden and Putin talked by video link on Tuesday.", "call"},
      {"It was the second telephone conversation between Biden and Xi.", "call"},
      {"Macron and Scholz held a call with Putin on Saturday.", "call"},
      {"Macron called Putin a week ago, on the evening of the invasion.", "call"},
      {"Scholz phoned Zelensky on Friday.", "call"},
      {"Biden talked on the phone with Kishida on Monday.", "call"},
      {"The leaders held a videoconference on Monday.", "call"},
      {"President Joe Biden met with President Xi Jinping of China.", "meeting"},
      {"Blinken and Lavrov met in Geneva on Friday.", "meeting"},
      {"Blinken will meet Wang Yi in Beijing.", "meeting"},
      {"A meeting in March between Chinese and American officials ended badly.", "meeting"},
      {"Sullivan and Yang Jiechi held talks in Zurich.", "meeting"},
      {"the October talks in Zurich between Jake Sullivan and Yang Jiechi", "meeting"},
      {"Biden And Xi Hold Face-to-Face Meeting", "meeting"},
      {"Blinken sat down with Wang Yi for three hours.", "meeting"},
      {"Albanese held a bilateral meeting with Xi Jinping.", "meeting"},
      {"Modi hosted Chinese President Xi Jinping at the Shore Temple.", "meeting"},
      {"Trump and Kim Jong Un shook hands at the Capella hotel.", "meeting"},
      {"Macron meets Putin in Moscow.", "meeting"},
      {"The leaders had opened the two-day summit on Wednesday evening.", "summit"},
      {"Biden and Xi will hold a virtual summit on Monday.", "summit"},
      {"Modi and Xi met for an informal summit in Wuhan.", "summit"},
      {"Xi skipped the G20 meeting in Rome.", "summit"},
      {"Leaders gathered for the G-20 summit in Bali.", "summit"},
      {"Biden arrived for the NATO summit in Vilnius.", "summit"},
      {"Yellen visited Beijing for four days.", "visit"},
      {"A trip by Wendy R. Sherman to China in July ended with little progress.", "visit"},
      {"Pompeo traveled to Pyongyang earlier this month.", "visit"},
      {"Scholz travelled to Beijing on Friday.", "visit"},
      {"Zelensky arrived in Hiroshima on Saturday.", "visit"},
      {"Xi landed in San Francisco on Tuesday.", "visit"},
      {"Blinken wrapped up his trip on Monday.", "visit"},
      {"Kerry's visit to China ended on Friday.", "visit"},
      {"Blinken flew to Beijing on Sunday.", "visit"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto ms = Extract(row.text);
    REQUIRE_FALSE(ms.empty());
    bool found = false;
    for (const Mention& m : ms) found = found || m.type == row.type;
    CHECK(found);
    CHECK_FALSE(ms[0].rule.empty());
    CHECK(X().MayMention(row.text));
  }
}

TEST_CASE("noise that looks like a trigger yields no event") {
  std::string_view rows[] = {
      "He renewed a call for restraint on both sides.",
      "The U.S. called on China to release the activists.",
      "Biden called Xi's decision a big mistake.",
      "Climbers reached the summit of the mountain on Tuesday.",
      "They stood on the Everest summit at dawn.",
      "The results are meeting expectations again.",
      "Sales failed to meet targets this quarter.",
      "Families struggle to make ends meet.",
      "The meeting room was empty.",
      "The board meeting was postponed.",
      "There have been few valuable meetings between officials this year.",
      "The election was a wake-up call for the party.",
      "It was a call to action for the G7.",
      "They made small talk.",
      "He appeared on a talk show.",
      "The question tripped up the spokesman.",
      "Visit our website for more.",
      "They arrived at a conclusion quickly.",
      "The plan was met with criticism from allies.",
      "The gala was hosted by the National Committee on US-China Relations.",
      "No meeting was planned between the two leaders.",
      "Biden and Putin have not met since Geneva.",
      "The Kremlin ruled out a meeting between Putin and Zelensky.",
      "The plan was called a failure.",
      // A leader's meeting with his own people is not one between sides.
      "Moon convened an emergency meeting of his top security officials on Thursday.",
      "Biden held a meeting with his national security team on Monday.",
  };
  for (std::string_view text : rows) {
    CAPTURE(text);
    auto ms = Extract(text);
    CHECK(ms.empty());
  }
}

TEST_CASE("status cues mark planned and cancelled events; hypotheticals are not occurred") {
  struct Row {
    std::string_view text;
    EventStatus status;
  } rows[] = {
      {"Biden will speak with Zelensky on Thursday.", EventStatus::kPlanned},
      {"Biden and Xi are expected to meet in Bali.", EventStatus::kPlanned},
      {"the virtual summit, which is due to take place next week", EventStatus::kPlanned},
      {"Washington and Beijing agreed to hold a virtual summit before the end of the year.",
       EventStatus::kPlanned},
      {"Xi said so in a letter ahead of his third call with Biden next week.",
       EventStatus::kPlanned},
      {"Scholz is to travel to Moscow next week.", EventStatus::kPlanned},
      {"Xi accepted an invitation to visit Russia.", EventStatus::kPlanned},
      {"Biden and Xi are scheduled to hold talks in San Francisco.", EventStatus::kPlanned},
      {"The leaders plan to meet in Geneva.", EventStatus::kPlanned},
      {"Bloomberg reported that the virtual summit could take place next week.", EventStatus::kPlanned},
      {"Biden and Putin could meet on the sidelines.", EventStatus::kPlanned},
      {"Analysts had predicted that a Biden-Xi meeting was possible on the sidelines.",
       EventStatus::kPlanned},
      {"The leaders had an agreement in principle to hold a virtual summit.", EventStatus::kPlanned},
      {"Climate envoy John Kerry is expected in China later this month.", EventStatus::kPlanned},
      {"Trump canceled his planned June 12 summit with Kim Jong Un.", EventStatus::kCancelled},
      {"Trump called off the summit with Kim Jong Un.", EventStatus::kCancelled},
      {"Blinken postponed his trip to Beijing.", EventStatus::kCancelled},
      {"Putin skipped the meeting with Zelensky.", EventStatus::kCancelled},
      {"Biden will not attend the meeting with Putin.", EventStatus::kCancelled},
      {"Blinken scrapped his visit to China.", EventStatus::kCancelled},
      {"\"It does not make sense to go forward with that meeting,\" Blinken said.",
       EventStatus::kCancelled},
      {"The leaders decided not to proceed with the summit.", EventStatus::kCancelled},
      {"Biden met Xi in Bali on Monday.", EventStatus::kOccurred},
      {"Blinken and Lavrov met in Geneva on Friday.", EventStatus::kOccurred},
      {"Macron spoke with Putin for 90 minutes.", EventStatus::kOccurred},
      {"Yellen visited Beijing for four days.", EventStatus::kOccurred},
      // "agreed" a few words before is a verb with its own object, not "the agreed summit".
      {"The two leaders agreed a ceasefire after talks in Moscow.", EventStatus::kOccurred},
      // "the first ... to visit" reports a visit, not a plan; a plan stays one.
      {"Kishida was the first Japanese leader to visit Seoul in 12 years.", EventStatus::kOccurred},
      {"Blinken, the first secretary of state to visit China in five years, arrived on Sunday.",
       EventStatus::kOccurred},
      {"Macron is expected to be the first leader to visit China next year.", EventStatus::kPlanned},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto ms = Extract(row.text);
    REQUIRE_FALSE(ms.empty());
    CHECK(EventStatusName(ms[0].status) == EventStatusName(row.status));
  }
}

TEST_CASE("a group summit skipped by a leader took place without the leader") {
  auto ms = Extract("Biden called Xi's decision to skip the G20 meeting in Rome a mistake.");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].type == "summit");
  CHECK(ms[0].status == EventStatus::kOccurred);
  CHECK(Join(ms[0].participants) == "G20");
  CHECK(ms[0].location == "Rome");
}

TEST_CASE("participants are canonical names from aliases, titles and context") {
  struct Row {
    std::string_view text, dct, participants;
  } rows[] = {
      {"President Joe Biden met with President Xi Jinping of China.", "2021-11-16",
       "Joe Biden;Xi Jinping"},
      {"Mr Biden spoke by phone with Mr Xi.", "2021-09-10", "Joe Biden;Xi Jinping"},
      {"Biden Speaks With Xi Amid Low Point in U.S.-China Relations", "2021-09-10",
       "Joe Biden;Xi Jinping"},
      {"Macron called Putin on Monday.", "2022-03-03", "Emmanuel Macron;Vladimir Putin"},
      // The source of a report after the trigger is not a side; before it, the speaker was there.
      {"Modi and Xi held talks on Friday, Foreign Secretary Vijay Gokhale told reporters.",
       "2018-04-28", "Narendra Modi;Xi Jinping"},
      {"Macron met Putin in Moscow, Kremlin spokesman Dmitry Peskov told journalists.",
       "2022-02-08", "Emmanuel Macron;Vladimir Putin"},
      {"Biden told reporters after his call with Xi Jinping that it went well.", "2021-09-10",
       "Joe Biden;Xi Jinping"},
      {"Blinken and Lavrov met in Geneva on Friday.", "2022-01-21", "Antony Blinken;Sergey Lavrov"},
      {"Biden will speak with Ukrainian President Volodymyr Zelenskiy on Thursday.", "2021-12-07",
       "Joe Biden;Volodymyr Zelensky"},
      {"the virtual Biden-Xi summit, which is due to take place next week", "2021-11-10",
       "Joe Biden;Xi Jinping"},
      {"the U.S. president met Kim Jong Un at the DMZ.", "2019-06-30", "Donald Trump;Kim Jong Un"},
      {"the U.S. president met Kim Jong Un at the DMZ.", "2021-11-15", "Joe Biden;Kim Jong Un"},
      {"The Russian president spoke with Macron.", "2022-03-03", "Emmanuel Macron;Vladimir Putin"},
      {"The German chancellor visited Beijing on Friday.", "2022-11-04", "Olaf Scholz"},
      {"The German chancellor visited Washington on Friday.", "2020-02-04", "Angela Merkel"},
      {"The Japanese Prime Minister met Yoon in Tokyo.", "2023-03-16",
       "Fumio Kishida;Yoon Suk Yeol"},
      {"Secretary of State Antony J. Blinken met Wang Yi.", "2023-06-19", "Antony Blinken;Wang Yi"},
      {"A meeting in March between China’s top diplomats and senior Biden administration officials "
       "ended badly.",
       "2021-09-10", "China;United States"},
      {"A trip by Wendy R. Sherman, the deputy secretary of state, to China in July ended.",
       "2021-09-10", "Wendy Sherman"},
      {"Yellen visited Beijing for four days.", "2023-07-09", "Janet Yellen"},
      {"Kerry's visit to China ended on Friday.", "2021-09-03", "John Kerry"},
      {"Washington and Beijing agreed to hold a virtual summit.", "2021-11-10",
       "China;United States"},
      {"Erdogan and Putin held talks in Sochi.", "2021-09-29",
       "Recep Tayyip Erdoğan;Vladimir Putin"},
      {"Modi hosted Chinese President Xi Jinping at the Shore Temple.", "2019-10-12",
       "Narendra Modi;Xi Jinping"},
      {"Chinese Foreign Minister Qin Gang met Blinken in Beijing.", "2023-06-19",
       "Antony Blinken;Qin Gang"},
      {"Japanese Prime Minister Kishida met Yoon on Thursday.", "2023-03-16",
       "Fumio Kishida;Yoon Suk Yeol"},
      {"Indian Prime Minister Narendra Modi met Xi in Wuhan.", "2018-04-28",
       "Narendra Modi;Xi Jinping"},
      // What the event is about, or a modifier of something else, is no side (topic_cues.tsv).
      {"Erdogan and Putin held talks on Syria's Idlib province on Wednesday.", "2021-09-29",
       "Recep Tayyip Erdoğan;Vladimir Putin"},
      {"Biden met Putin on Tuesday to discuss Ukraine.", "2021-06-17", "Joe Biden;Vladimir Putin"},
      {"Biden and Macron met on Friday to talk about the war in Ukraine.", "2022-12-02",
       "Emmanuel Macron;Joe Biden"},
      {"Zelensky met Modi on Saturday, their first meeting since the Russian invasion.",
       "2023-05-20", "Narendra Modi;Volodymyr Zelensky"},
      {"Trump and Kim Jong Un opened the summit with a dinner at the French colonial-era hotel.",
       "2019-02-27", "Donald Trump;Kim Jong Un"},
      {"Blinken met the Russian side in Geneva.", "2022-01-21", "Antony Blinken;Russia"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CAPTURE(row.dct);
    auto ms = Extract(row.text, row.dct);
    REQUIRE_FALSE(ms.empty());
    CHECK(Join(ms[0].participants) == row.participants);
  }
}

TEST_CASE("an honorific and a surname name the person of that surname in the article, or nobody") {
  struct Row {
    std::vector<std::string> sentences;
    std::string_view participants;
  } rows[] = {
      // The pronoun after "Mr Kim" is Kim, not the last person named in full.
      {{"Kim Jong Un arrived in Singapore on Sunday.",
        "Prime Minister Lee Hsien Loong hosted a dinner.",
        "For Mr Kim, the trip followed his meeting with South Korean President Moon Jae-in in "
        "April."},
       "Kim Jong Un;Moon Jae-in"},
      {{"Moon Jae-in flew to Pyongyang.", "President Moon met Kim Jong Un on Tuesday."},
       "Kim Jong Un;Moon Jae-in"},
      // Named only later in full: the first person of that surname after.
      {{"Mr Kim met Donald Trump in Hanoi on Wednesday.", "Kim Jong Un left by train."},
       "Donald Trump;Kim Jong Un"},
      // The nearest person of that surname before the honorific.
      {{"Kim Jong Il died in 2011.", "Kim Jong Un met Xi Jinping in March.",
        "Mr Kim met Moon Jae-in on Friday."},
       "Kim Jong Un;Moon Jae-in"},
      // No person of that surname in the article: nobody, never another surname.
      {{"Lee Hsien Loong hosted a dinner.", "Mr Park met Moon Jae-in in April."}, "Moon Jae-in"},
      // The longer honorific that begins like a shorter one.
      {{"Kim Jong Un arrived first.", "Mrs Kim met Moon Jae-in on Monday."},
       "Kim Jong Un;Moon Jae-in"},
      // Not an honorific: inside a word, without a space, or the surname is
      // another honorific ("Mr Mr" is one match; the second "Mr" starts no other).
      {{"Kim Jong Un arrived first.", "AMr Kim met Moon Jae-in on Monday."}, "Moon Jae-in"},
      {{"Kim Jong Un arrived first.", "Mr.Kim met Moon Jae-in on Monday."}, "Moon Jae-in"},
      {{"Kim Jong Un arrived first.", "Mr Mr Kim met Moon Jae-in on Monday."}, "Moon Jae-in"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.sentences.back());
    std::vector<std::string_view> views(row.sentences.begin(), row.sentences.end());
    Document doc = MakeSentenceList(views, "2019-03-01");
    X().Run(doc);
    REQUIRE_FALSE(doc.mentions.empty());
    CHECK(Join(doc.mentions.back().participants) == row.participants);
  }
  // Every example in honorifics.tsv: "FULL NAME => sentences".
  auto data = ReadTsv(Rules(), "mentions/data/honorifics.tsv", 2, 2);
  REQUIRE(data.ok());
  for (const TsvRow& r : *data) {
    std::string_view ex = r[1];
    CAPTURE(ex);
    size_t arrow = ex.find(" => ");
    REQUIRE(arrow != std::string_view::npos);
    std::string_view want = ex.substr(0, arrow), rest = ex.substr(arrow + 4);
    std::vector<std::string_view> views;
    for (size_t dot; (dot = rest.find(". ")) != std::string_view::npos && rest.substr(0, dot) != "Dr";) {
      views.push_back(rest.substr(0, dot + 1));
      rest = rest.substr(dot + 2);
    }
    views.push_back(rest);
    Document doc = MakeSentenceList(views, "2023-06-01");
    X().Run(doc);
    REQUIRE_FALSE(doc.mentions.empty());
    const auto& ps = doc.mentions.back().participants;
    CHECK(std::find(ps.begin(), ps.end(), want) != ps.end());
  }
}

TEST_CASE("a host city or country named as the place is not a side") {
  struct Row {
    std::string_view text, dct, participants;
  } rows[] = {
      {"Putin's last summit with an American president was in Helsinki in 2018, when Donald Trump "
       "sided with him.",
       "2021-06-16", "Donald Trump;Vladimir Putin"},
      {"HANOI, Vietnam \u2014 The second summit between Donald Trump and Kim Jong Un collapsed on "
       "Thursday.",
       "2019-02-28", "Donald Trump;Kim Jong Un"},
      {"Erdogan met Putin in Moscow in March 2020.", "2021-09-29",
       "Recep Tayyip Erdoğan;Vladimir Putin"},
      {"The leaders of Japan and South Korea met in Tokyo, Japan, on Thursday.", "2023-03-16",
       "Japan;South Korea"},
      // A capital that is a party stays one.
      {"Washington and Beijing agreed to hold a virtual summit.", "2021-11-10", "China;United States"},
      {"Blinken held talks with Moscow on Friday.", "2022-01-21", "Antony Blinken;Russia"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto ms = Extract(row.text, row.dct);
    REQUIRE_FALSE(ms.empty());
    CHECK(Join(ms[0].participants) == row.participants);
  }
  // The place cue may stand before the trigger the place follows: no
  // mention of the sentence makes India a side.
  auto india = Extract("Modi invited Xi to visit India for an informal summit next year.", "2018-04-28");
  REQUIRE_FALSE(india.empty());
  for (const Mention& m : india) CHECK(Join(m.participants).find("India") == std::string::npos);
}

TEST_CASE("nobody visits their own country: the visitor is someone from elsewhere, or nobody") {
  struct Row {
    std::string_view text, participants;
  } rows[] = {
      {"German Chancellor Olaf Scholz met Chinese President Xi Jinping in Beijing on Friday, the "
       "first leader of a G7 country to visit China since the pandemic.",
       "Olaf Scholz"},
      {"Premier Li Qiang met Xi Jinping in Beijing on Friday, the first leader to visit China "
       "since the pandemic.",
       ""},
      // A city is a place in the country: a trip there can be a domestic visit.
      {"Xi Jinping visited Wuhan on Tuesday.", "Xi Jinping"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto ms = Extract(row.text, "2022-11-05");
    REQUIRE_FALSE(ms.empty());
    CHECK(ms.back().type == "visit");
    CHECK(Join(ms.back().participants) == row.participants);
  }
}

TEST_CASE("a verb coordinated with the previous one shares its subject") {
  struct Row {
    std::string_view text, type, participants;
  } rows[] = {
      {"Biden arrived in Geneva on Tuesday and met Putin the next day.", "meeting",
       "Joe Biden;Vladimir Putin"},
      {"Yellen, who arrived on Thursday, met Premier Li Qiang on Friday.", "meeting",
       "Janet Yellen;Li Qiang"},
      {"Scholz flew to Beijing on Friday and then held talks with Xi Jinping.", "meeting",
       "Olaf Scholz;Xi Jinping"},
      // The first verb's object is not the second verb's.
      {"Yellen met Premier Li Qiang on Friday and held talks with Vice Premier He Lifeng on Saturday.",
       "meeting", "He Lifeng;Janet Yellen"},
      {"Blinken arrived on Sunday and held more than seven hours of talks with Foreign Minister Qin Gang.",
       "meeting", "Antony Blinken;Qin Gang"},
      // A new subject after "and" is that verb's own.
      {"Blinken arrived in Beijing on Sunday and Qin Gang met him at the airport.", "meeting",
       "Qin Gang"},
      // No one named between the trigger before and the verb: the subject is named before it.
      {"Blinken, the first American envoy to visit China in five years, arrived on Sunday and held "
       "talks with Foreign Minister Qin Gang.",
       "meeting", "Antony Blinken;Qin Gang"},
      // A noun in a phrase on the verb's clause is the subject's, not the object's.
      {"Blinken met Xi Jinping in Beijing on Monday, capping a two-day visit.", "visit",
       "Antony Blinken"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto ms = Extract(row.text, "2023-07-09");
    REQUIRE(ms.size() >= 2);
    CHECK(ms.back().type == row.type);
    CHECK(Join(ms.back().participants).find(row.participants) == 0);
  }
}

TEST_CASE("a foreign official told something in a city abroad made a visit there") {
  struct Row {
    std::string_view text, participants, location;  // "" = no visit
  } rows[] = {
      {"Chinese officials told John Kerry, the U.S. climate envoy, in Tianjin last week that "
       "tension would hinder cooperation.",
       "John Kerry", "Tianjin"},
      {"Russian officials warned Olaf Scholz in Moscow on Tuesday that sanctions would backfire.",
       "Olaf Scholz", "Moscow"},
      // At home, or with no place, it is no visit.
      {"Joe Biden told reporters in Washington on Monday that talks would continue.", "", ""},
      {"Wang Yi warned John Kerry last week that relations could suffer.", "", ""},
      {"Putin told the two leaders about the situation in Ukraine on Saturday.", "", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto ms = Extract(row.text, "2021-09-10");
    const Mention* visit = nullptr;
    for (const Mention& m : ms) {
      if (m.type == "visit") visit = &m;
    }
    if (row.location.empty()) {
      CHECK(visit == nullptr);
    } else {
      REQUIRE(visit != nullptr);
      CHECK(Join(visit->participants) == row.participants);
      CHECK(visit->location == row.location);
    }
  }
}

TEST_CASE("the two leaders are the article's leading pair") {
  Document doc = MakeSentences({"Biden, Xi express desire for cooperation.",
                                "The two leaders have spoken on the phone twice this year."},
                               "2021-11-10");
  X().Run(doc);
  REQUIRE(doc.mentions.size() == 1);
  CHECK(Join(doc.mentions[0].participants) == "Joe Biden;Xi Jinping");
  CHECK(doc.mentions[0].sentence == 1);
}

TEST_CASE("a pronoun names the last person mentioned") {
  Document doc = MakeSentences({"Qin Gang spoke at the gala.", "He arrived in Washington on Monday."},
                               "2021-11-10");
  X().Run(doc);
  REQUIRE(doc.mentions.size() == 1);
  CHECK(Join(doc.mentions[0].participants) == "Qin Gang");
  CHECK(doc.mentions[0].location == "Washington");
}

TEST_CASE("an unknown person after a title is kept as written") {
  auto ms = Extract("Chinese Vice Premier Liu He met Yellen in Washington.", "2022-01-10");
  REQUIRE_FALSE(ms.empty());
  CAPTURE(Join(ms[0].participants));
  CHECK(Join(ms[0].participants).find("Janet Yellen") != std::string::npos);
}

TEST_CASE("the location is a place after a preposition or right before the trigger") {
  struct Row {
    std::string_view text, location;
  } rows[] = {
      {"The meeting, held in Bali, was long.", "Bali"},
      {"the March meeting in Anchorage, Alaska", "Anchorage"},
      {"the Zurich talks between Sullivan and Yang", "Zurich"},
      {"A trip by Wendy R. Sherman to China in July ended.", "China"},
      {"Blinken and Lavrov met in Geneva on Friday.", "Geneva"},
      {"Before the call in the Treaty Room, officials briefed reporters.", ""},
      {"Biden Speaks With Xi Amid Low Point in U.S.-China Relations", ""},
      {"Pompeo traveled to Pyongyang earlier this month.", "Pyongyang"},
      {"Xi skipped the G20 meeting in Rome.", "Rome"},
      {"Zelensky arrived in Hiroshima on Saturday.", "Hiroshima"},
      {"Biden and Xi met at Filoli Estate.", "Woodside"},  // a venue inside a town is the town
      {"Macron and Putin held talks in Moscow on Monday.", "Moscow"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto ms = Extract(row.text);
    REQUIRE_FALSE(ms.empty());
    CHECK(ms[0].location == row.location);
  }
}

TEST_CASE("a named summit lists its group and takes the edition's host city") {
  struct Row {
    std::string_view text, dct, participants, location;
  } rows[] = {
      {"Xi skipped the G20 meeting in Rome.", "2021-11-10", "G20", "Rome"},
      {"He missed the UN climate change summit in Glasgow.", "2021-11-10", "COP26", "Glasgow"},
      {"just one day before the start of the G-20 summit in Bali", "", "G20", "Bali"},
      {"Leaders met at the G7 summit in Cornwall.", "2021-06-16", "G7", "Cornwall"},
      {"Speaking at COP26 summit talks, Biden warned of risks.", "2021-11-10", "COP26", "Glasgow"},
      {"Biden arrived for the NATO summit in Vilnius.", "2023-07-12", "NATO", "Vilnius"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    auto ms = Extract(row.text, row.dct);
    REQUIRE_FALSE(ms.empty());
    const Mention* s = nullptr;
    for (const Mention& m : ms) {
      if (m.type == "summit" && !s) s = &m;
    }
    REQUIRE(s != nullptr);
    CAPTURE(Join(s->participants));
    CHECK(Join(s->participants).find(row.participants) != std::string::npos);
    if (!row.location.empty()) CHECK(s->location == row.location);
  }
}

TEST_CASE("a bare summit is the one the article named before it, not one it names later") {
  // The participants of the mention the article's earlier summit named, or "".
  auto named_earlier = [](const std::vector<Mention>& ms) {
    for (const Mention& m : ms) {
      const auto& n = m.notes;
      if (std::find(n.begin(), n.end(), "summit named earlier in the article") != n.end())
        return Join(m.participants);
    }
    return std::string();
  };
  auto extract = [](std::initializer_list<std::string_view> sentences, std::string_view dct) {
    Document doc = MakeSentences(sentences, dct);
    X().Run(doc);
    return doc.mentions;
  };
  // Named after: "The summit" is the article's own, no G7 joins it.
  auto later = extract({"Biden and Putin met for their first summit in Geneva on Wednesday.",
                        "The summit was first floated by Biden in April.",
                        "His trip began at the G7 summit in Cornwall."},
                       "2021-06-16");
  REQUIRE(later.size() >= 3);
  for (const Mention& m : later) {
    if (m.sentence != 1) continue;
    CAPTURE(Join(m.participants));
    CHECK(Join(m.participants).find("G7") == std::string::npos);
  }
  CHECK(named_earlier(later).empty());
  // Named before: "The summit" is that summit.
  auto before = extract({"Leaders gathered for the G7 summit in Cornwall.",
                         "The summit opened on Friday with a dinner."},
                        "2021-06-11");
  CHECK(named_earlier(before).find("G7") != std::string::npos);
  // In a setting phrase, whoever the sentence names: that summit, its group
  // its only side.
  auto eve = extract({"The NATO summit in Vilnius opened on Tuesday.",
                      "On the eve of the summit, Turkish President Recep Tayyip Erdogan dropped his "
                      "objection to Sweden joining the alliance after a meeting with Ulf Kristersson."},
                     "2023-07-12");
  CHECK(named_earlier(eve) == "NATO");
}

TEST_CASE("a colon or semicolon between two triggers ends the first one's part") {
  auto ms = Extract("NATO summit: Volodymyr Zelensky meets Joe Biden as allies offer guarantees",
                    "2023-07-12");
  std::map<std::string, std::string> sides;  // type -> participants
  for (const Mention& m : ms) sides[m.type] = Join(m.participants);
  CHECK(sides["summit"] == "NATO");
  CHECK(sides["meeting"] == "Joe Biden;Volodymyr Zelensky");
}

TEST_CASE("neighbouring compatible triggers are one mention, named by the more specific type") {
  auto ms = Extract("Biden and Putin met for their first summit on Wednesday.", "2021-06-16");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].type == "summit");
  auto two = Extract("the March meeting in Anchorage and the October talks in Zurich");
  CHECK(two.size() == 2);
}

TEST_CASE("a place after a phrase that says what it is, or between one event's triggers, is its location") {
  auto rows = ReadTsv(Rules(), "mentions/data/place_phrases.tsv", 3, 3);
  REQUIRE(rows.ok());
  REQUIRE_FALSE(rows->empty());
  for (const TsvRow& row : *rows) {
    CAPTURE(row[0]);
    CAPTURE(row[2]);
    auto ms = Extract(row[2], "2022-03-12");
    REQUIRE_FALSE(ms.empty());
    CHECK_FALSE(ms[0].location.empty());
    CHECK(row[2].find(ms[0].location) != std::string_view::npos);
  }
  auto ms = Extract("Lavrov and Kuleba met in Antalya, the highest-level talks between the two sides.",
                    "2022-03-12");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].location == "Antalya");
  // The country of "the Russian city of" is no side.
  auto sochi = Extract("Erdogan and Putin met in the Russian city of Sochi.", "2022-03-12");
  REQUIRE(sochi.size() == 1);
  CHECK(sochi[0].location == "Sochi");
  CHECK(std::find(sochi[0].participants.begin(), sochi[0].participants.end(), "Russia") ==
        sochi[0].participants.end());
}

TEST_CASE(
    "every topic cue example names no country as a side, every side example does, every "
    "setting example names no person as a side of its summit, every source example only "
    "the people named before its cue, and every meeting_of example a summit") {
  auto rows = ReadTsv(Rules(), "mentions/data/topic_cues.tsv", 4, 4);
  REQUIRE(rows.ok());
  for (const TsvRow& row : *rows) {
    CAPTURE(row[0]);
    CAPTURE(row[3]);
    auto ms = Extract(row[3], "2023-05-20");
    REQUIRE_FALSE(ms.empty());
    if (row[1] == "setting") {  // the summit's side is its group alone
      const Mention* summit = nullptr;
      for (const Mention& m : ms)
        if (m.type == "summit") summit = &m;
      REQUIRE(summit != nullptr);
      CHECK(summit->participants.size() == 1);
      continue;
    }
    if (row[1] == "meeting_of") {  // the trigger is the named summit's, without the article's pair
      REQUIRE(ms.size() == 1);
      CHECK(ms[0].type == "summit");
      CHECK(ms[0].participants.size() == 2);  // the group and the person of the example
      continue;
    }
    if (row[1] == "source") {  // every participant is named before the cue
      std::string pattern(row[2]);
      REQUIRE(pattern.ends_with("$"));
      pattern.pop_back();
      RE2::Options o(RE2::Quiet);
      o.set_case_sensitive(false);
      RE2 cue(pattern, o);
      REQUIRE(cue.ok());
      re2::StringPiece m;
      REQUIRE(cue.Match(row[3], 0, row[3].size(), RE2::UNANCHORED, &m, 1));
      const std::string_view before = row[3].substr(0, size_t(m.data() - row[3].data()));
      CHECK(ms[0].participants.size() >= 2);
      for (const std::string& p : ms[0].participants) {
        CAPTURE(p);
        const bool named = before.find(p.substr(p.rfind(' ') + 1)) != std::string_view::npos ||
                           before.find(p.substr(0, p.find(' '))) != std::string_view::npos;
        CHECK(named);
      }
      continue;
    }
    bool country = false;
    for (const std::string& p : ms[0].participants) {
      country = country || p == "China" || p == "Russia" || p == "Syria" || p == "Ukraine" ||
                p == "France" || p == "United States";
    }
    CHECK(country == (row[1] == "side"));
  }
}

TEST_CASE("every trigger, exclusion and status example in the data behaves as documented") {
  auto triggers = ReadTsv(Rules(), "mentions/data/triggers.tsv", 5, 5);
  REQUIRE(triggers.ok());
  for (const TsvRow& row : *triggers) {
    CAPTURE(row[0]);
    CAPTURE(row[4]);
    auto ms = Extract(row[4]);
    bool found = false;
    for (const Mention& m : ms) found = found || m.type == row[1];
    CHECK(found);
    CHECK(X().MayMention(row[4]));
  }
  auto excl = ReadTsv(Rules(), "mentions/data/exclusions.tsv", 3, 3);
  REQUIRE(excl.ok());
  for (const TsvRow& row : *excl) {
    CAPTURE(row[0]);
    CAPTURE(row[2]);
    auto ms = Extract(row[2]);
    for (const Mention& m : ms) {
      CAPTURE(std::string(m.rule.id));
      CHECK_FALSE(m.status == EventStatus::kOccurred);
    }
  }
  auto cues = ReadTsv(Rules(), "mentions/data/status_cues.tsv", 7, 7);
  REQUIRE(cues.ok());
  for (const TsvRow& row : *cues) {
    std::string_view ex = row[6];
    size_t arrow = ex.find(" => ");
    REQUIRE(arrow != std::string_view::npos);
    std::string_view text = ex.substr(0, arrow), want = ex.substr(arrow + 4);
    CAPTURE(row[0]);
    CAPTURE(text);
    auto ms = Extract(text);
    if (want == "negated") {
      CHECK(ms.empty());
    } else {
      bool found = false;
      for (const Mention& m : ms) found = found || EventStatusName(m.status) == want;
      CHECK(found);
    }
  }
}

TEST_CASE("a bad pattern is reported as file:line: rule id: reason") {
  std::map<std::string, std::string> files;
  for (std::string_view p : Rules().List("mentions/data/")) files[std::string(p)] = std::string(*Rules().Get(p));
  files["anchor/data/anchor_cues.tsv"] = std::string(*Rules().Get("anchor/data/anchor_cues.tsv"));
  struct Row {
    std::string_view file, contents, message;
  } rows[] = {
      {"mentions/data/triggers.tsv", "# FORMAT\nbad\tcall\t-\t(unclosed\tx\n",
       "mentions/data/triggers.tsv:2: bad: missing ): (unclosed"},
      {"mentions/data/exclusions.tsv", "x\t[z-a]\tex\n",
       "mentions/data/exclusions.tsv:1: x: invalid character class range: z-a"},
      {"mentions/data/status_cues.tsv", "c\tmaybe\tbefore\t10\tany\twill\tex\n",
       "mentions/data/status_cues.tsv:1: c: unknown status \"maybe\""},
      {"mentions/data/status_cues.tsv", "c\tplanned\tbefore\tten\tany\twill\tex\n",
       "mentions/data/status_cues.tsv:1: c: window must be a number of bytes up to 1000"},
      {"mentions/data/context.tsv", "c\tcrowd\tthe\tex\n",
       "mentions/data/context.tsv:1: c: unknown kind \"crowd\""},
      {"mentions/data/actors.tsv", "Xi\tXi Jinping\tperson\n",
       "mentions/data/actors.tsv:1: expected 4 to 5 columns, found 3"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.file);
    auto copy = files;
    copy[std::string(row.file)] = std::string(row.contents);
    RuleStore store = RuleStore::FromMap(copy);
    auto r = Extractor::Load(store);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().Format() == row.message);
  }
}

TEST_CASE("an article in which no trigger can match is ruled out by MayMention") {
  struct Row {
    std::string_view text;
    bool may;
  } rows[] = {
      {"", false},
      {"Stocks fell on Monday after the central bank raised rates.", false},
      {"Share this article\nSubscribe to our newsletter", false},
      {"The storm hit the coast on Tuesday; 40 people died.", false},
      {"Biden spoke by phone with Xi on Thursday.", true},
      // Matched only by triggers with a counted repeat or a Unicode class
      // (MayMention's second Set).
      {"Biden spoke at length by phone with Xi.", true},
      {"Macron called Putin.", true},
      {"Macron rang Putin.", true},
      // A trigger at either edge of the text, or of a line, still counts.
      {"met", true},
      {"The leaders will hold a summit", true},
      {"Markets were calm.\nXi visited Moscow.", true},
      {"MACRON MET PUTIN", true},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CHECK(X().MayMention(row.text) == row.may);
  }
}

TEST_CASE("whatever MayMention rules out, Run finds no mention in") {
  // Every piece of news-like text (cut at every pair of word starts) that the
  // gate rules out yields no mention.
  const std::string_view texts[] = {
      "President Biden spoke by phone with Chancellor Scholz on Tuesday about Ukraine. The two "
      "leaders will meet in Berlin next month, the White House said.",
      "Prime Minister Modi met President Macron in Paris on July 14, 2023, before the G20 summit.",
      "Xi Jinping skipped the summit; Premier Li Qiang went instead and held talks with Albanese.",
      "Blinken's trip to Beijing was postponed after the balloon was shot down.",
  };
  size_t ruled_out = 0, pieces = 0;
  for (std::string_view text : texts) {
    std::vector<size_t> cuts = {0};  // every word start, and the end
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == ' ') cuts.push_back(i + 1);
    cuts.push_back(text.size());
    for (size_t i = 0; i < cuts.size(); ++i) {
      for (size_t j = i + 1; j < cuts.size(); ++j) {
        std::string_view piece = text.substr(cuts[i], cuts[j] - cuts[i]);
        CAPTURE(piece);
        ++pieces;
        const bool may = X().MayMention(piece);
        ruled_out += !may;
        if (!may) CHECK(Extract(piece).empty());
      }
    }
  }
  CHECK(ruled_out > 0);
  CHECK(ruled_out < pieces);
}

TEST_CASE("Focus lists the sentences that can hold a mention, and Run with it finds the same") {
  const std::vector<std::string_view> sentences = {
      "Markets were calm on Monday.",
      "President Biden spoke by phone with Chancellor Scholz on Tuesday about Ukraine.",
      "Oil prices rose.",
      "The two leaders will meet in Berlin next month, the White House said.",
      "Xi Jinping skipped the summit; Premier Li Qiang went instead and held talks with Albanese.",
  };
  Document doc = MakeSentenceList(sentences, "2021-11-10");
  const std::vector<uint32_t> focus = X().Focus(doc);
  for (uint32_t si : {1u, 3u, 4u}) CHECK(std::count(focus.begin(), focus.end(), si) == 1);
  CHECK(std::count(focus.begin(), focus.end(), 2u) == 0);
  CHECK(std::is_sorted(focus.begin(), focus.end()));
  Document focused = doc;
  focused.focus = focus;
  X().Run(doc);
  X().Run(focused);
  REQUIRE(doc.mentions.size() == focused.mentions.size());
  REQUIRE(doc.mentions.size() >= 3);
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    CAPTURE(i);
    CHECK(doc.mentions[i].trigger == focused.mentions[i].trigger);
    CHECK(doc.mentions[i].participants == focused.mentions[i].participants);
    CHECK(doc.mentions[i].status == focused.mentions[i].status);
  }
}

TEST_CASE("SetFocus: the focus of Focus, and rows with which Run finds what it finds without") {
  // Exclusions share the Set pass with the triggers: a sentence with only
  // an exclusion is out of focus, one with both keeps the exclusion's row.
  const std::vector<std::string_view> sentences = {
      "He renewed a call for restraint on both sides.",
      "Biden called Xi's decision to skip the summit a big mistake.",
      "President Biden spoke by phone with Chancellor Scholz on Tuesday about Ukraine.",
      "The U.S. called on China to release the activists.",
      "Biden met Xi in Bali, and the so-called summit of the willing was postponed.",
      "The meeting room was full when Blinken arrived in Beijing for talks with Wang Yi.",
  };
  Document doc = MakeSentenceList(sentences, "2021-11-10");
  Document set = doc;
  X().SetFocus(set);
  REQUIRE(set.focus);
  CHECK(*set.focus == X().Focus(doc));
  CHECK(set.focus_rows.size() == set.focus->size());
  // "called on" (an exclusion) and no trigger.
  CHECK(std::count(set.focus->begin(), set.focus->end(), 3u) == 0);
  CHECK(std::count(set.focus->begin(), set.focus->end(), 0u) == 1);  // "a call", excluded by Run
  Document listed = set;  // the focus without rows: Run lists them itself
  listed.focus_rows.clear();
  X().Run(doc);
  X().Run(set);
  X().Run(listed);
  REQUIRE(doc.mentions.size() >= 3);
  for (const Document* other : {&set, &listed}) {
    REQUIRE(other->mentions.size() == doc.mentions.size());
    for (size_t i = 0; i < doc.mentions.size(); ++i) {
      CAPTURE(i);
      CHECK(other->mentions[i].trigger == doc.mentions[i].trigger);
      CHECK(other->mentions[i].rule.id == doc.mentions[i].rule.id);
      CHECK(other->mentions[i].participants == doc.mentions[i].participants);
      CHECK(other->mentions[i].status == doc.mentions[i].status);
    }
  }
}

TEST_CASE("text without sentences or triggers yields nothing and never fails") {
  Document empty = timeline::testing::MakeDocument("", "2021-11-10");
  X().Run(empty);
  CHECK(empty.mentions.empty());
  std::string_view rows[] = {"", " ", "summit", "\xE2\x80\x99met\xE2\x80\x99", "call call call call",
                             "G-20 G-20 G-20", "the the the U.S. president"};
  for (std::string_view text : rows) {
    CAPTURE(text);
    Document doc = MakeSentences({text}, "");
    X().Run(doc);
    CHECK(doc.mentions.size() <= 4);
  }
}

// Texts whose spans cut words and surfaces, for the gazetteer scan tests
// (the fourth, longest, only where every span of it is tried once).
constexpr std::string_view kCutTexts[] = {
    "U.S. President Joe Biden spoke with Xi Jinping. The U.S. president met the UN chief.",
    "the UN climate change summit opened.Xi Jinping arrived; the U.S.-China talks in Bali",
    // Surfaces inside longer words: "TaXi Jinping", "Xi Jinpings".
    "TaXi Jinping met Xi Jinpings and the UNs in Chinas.",
    "Kim Jong Un met Moon Jae-in.\nPrime Minister Lee Hsien Loong\xE2\x80\x99s visit to "
    "Beijing \xE2\x80\x9CXi\xE2\x80\x9D the G-20 summit in Rome,Vladimir Putin",
};

// Two lists of gazetteer hits are the same: spans and entries, in order.
bool SameHits(const std::vector<detail::Hit>& a, const std::vector<detail::Hit>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const detail::Hit& x, const detail::Hit& y) {
    return x.span.begin == y.span.begin && x.span.end == y.span.end && x.first == y.first &&
           x.count == y.count;
  });
}

TEST_CASE("a span's gazetteer hits sliced from the whole text's scan equal a scan of the span") {
  // TextHits::Find takes a slice of the article's hits where it can and
  // scans the span where the two scans could differ: every span of these
  // texts, aligned or cut inside words and surfaces, must give Find's hits.
  auto gaz = detail::Gazetteer::Load(Rules());
  REQUIRE(gaz.ok());
  for (std::string_view text : kCutTexts) {
    CAPTURE(text);
    detail::TextHits whole;
    whole.Scan(*gaz, text);
    std::vector<detail::Hit> want;
    gaz->Find(text, Span{0, uint32_t(text.size())}, want);
    CHECK(whole.all().size() == want.size());
    for (uint32_t b = 0; b <= text.size(); ++b) {
      for (uint32_t e = b; e <= text.size(); ++e) {
        std::vector<detail::Hit> slice, scan;
        whole.Find(*gaz, text, Span{b, e}, slice);
        gaz->Find(text, Span{b, e}, scan);
        const bool same = SameHits(slice, scan);
        if (!same) {
          CAPTURE(b);
          CAPTURE(e);
          CHECK(same);
        }
      }
    }
  }
}

TEST_CASE("a gazetteer scan stopped early knows the whole scan's hits before where it stopped") {
  // PrepareArticle scans up to the end of the last focus sentence and goes
  // on only when it needs more: the hits so far, the spans' hits and the
  // hits after Complete must be those of the whole scan.
  auto gaz = detail::Gazetteer::Load(Rules());
  REQUIRE(gaz.ok());
  for (std::string_view text : std::span(kCutTexts).first(3)) {
    CAPTURE(text);
    std::vector<detail::Hit> want;
    gaz->Find(text, Span{0, uint32_t(text.size())}, want);
    for (uint32_t stop = 0; stop <= text.size(); ++stop) {
      CAPTURE(stop);
      detail::TextHits part;
      part.Scan(*gaz, text, stop);
      REQUIRE(part.done() >= stop);
      std::vector<detail::Hit> prefix;
      for (const detail::Hit& h : want)
        if (h.span.begin < part.done()) prefix.push_back(h);
      CHECK(SameHits(part.all(), prefix));
      for (uint32_t b = 0; b <= part.done(); b += 3) {
        for (uint32_t e = b; e <= part.done(); ++e) {
          std::vector<detail::Hit> slice, scan;
          part.Find(*gaz, text, Span{b, e}, slice);
          gaz->Find(text, Span{b, e}, scan);
          if (!SameHits(slice, scan)) {
            CAPTURE(b);
            CAPTURE(e);
            CHECK(SameHits(slice, scan));
          }
        }
      }
      part.Complete(*gaz, text);
      CHECK(part.done() == text.size());
      CHECK(SameHits(part.all(), want));
    }
  }
}

TEST_CASE("a gazetteer surface is found only as a whole word, whatever byte stands next to it") {
  // The scan finds a word's end eight ASCII bytes at a time: every byte
  // that is no letter or digit must stop the word there, as IsWordAt says,
  // on each side of a short and a long (over eight bytes) surface.
  auto gaz = detail::Gazetteer::Load(Rules());
  REQUIRE(gaz.ok());
  for (std::string_view word : {"Putin", "Washington"}) {
    for (int c = 1; c < 256; ++c) {
      const std::string after = "met " + std::string(word) + char(c) + "abcdefghijklmnop";
      const std::string before = "met" + std::string(1, char(c)) + std::string(word) + " abcdefghijklmnop";
      for (const auto& [text, at, next] :
           {std::tuple{std::string_view(after), size_t{4}, size_t{4} + word.size()},
            std::tuple{std::string_view(before), size_t{4}, size_t{3}}}) {
        CAPTURE(text);
        CAPTURE(c);
        std::vector<detail::Hit> hits;
        gaz->Find(text, Span{0, uint32_t(text.size())}, hits);
        const bool found = std::any_of(hits.begin(), hits.end(), [&](const detail::Hit& h) {
          return h.span.begin == at && h.span.end == at + word.size();
        });
        CHECK(found == !detail::IsWordAt(text, next));
      }
    }
  }
}


TEST_CASE("HeadsOf gives the literals every match of a pattern starts with") {
  struct Row {
    std::string_view pattern;
    std::vector<std::string_view> heads;  // sorted; "*" first: at a word start; empty: nullopt
  } rows[] = {
      {"\\b(?:tele)?phone\\s+call\\b", {"*phone", "*telephone"}},
      {"\\bmeetings?\\b", {"*meeting"}},
      {"\\b(?P<t>Called|phoned)\\s+(?-i:\\p{Lu})", {"*called", "*phoned"}},
      {"\\b(?:called|calls)\\s+on\\b|\\b(?:to|will)\\s+call\\s+on\\b", {"*called", "*calls", "*to", "*will"}},
      {"(?:,|\\b(?:was|is))\\s+the", {"*is", "*was", ","}},
      {"\\bso[- ]called\\b", {"*so"}},
      {"\\bsat down with\\b", {"*sat down with"}},
      {"face to", {"face to"}},
      {"(?:a|)b", {"ab", "b"}},
      {"x\\by", {"x"}},
      {"ab+c", {"a"}},
      {"ab{2}c", {"a"}},
      {"a\\.b\\-c", {"a.b-c"}},
      {"(?:ab)*c", {}},
      {"(?:a|\\s)b", {}},
      {"^\\s*will", {}},
      {".*x", {}},
      {"\\w+", {}},
      {"(?i)abc", {}},
      {"[ab]c", {}},
      {"\\Qab\\E", {}},
      {"\xC5\xBFpoke", {}},
      {"(ab", {}},
      {"\\b", {}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.pattern);
    auto heads = detail::HeadsOf(row.pattern);
    if (row.heads.empty()) {
      CHECK_FALSE(heads.has_value());
      continue;
    }
    REQUIRE(heads.has_value());
    std::vector<std::string> got;
    bool all_words = true;
    for (const detail::Head& h : heads->heads) {
      got.push_back((h.word_start ? "*" : "") + h.text);
      all_words = all_words && h.word_start;
    }
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::string>(row.heads.begin(), row.heads.end()));
    CHECK(heads->word_starts_only == all_words);
  }
}

TEST_CASE("matches found anchored at the heads are those of the unanchored search") {
  // Every trigger and exclusion pattern, and some of HeadsOf's cases, over
  // sentences with the heads at edges, in capitals, glued to word bytes.
  std::vector<std::string> patterns = {"(?:a|)b", "a\\.b\\-c", "(?:,|\\b(?:was|is))\\s+the",
                                       "x\\by", "ab+c", "\\bso[- ]called\\b"};
  auto triggers = ReadTsv(Rules(), "mentions/data/triggers.tsv", 5, 5);
  REQUIRE(triggers.ok());
  std::vector<std::string> texts;
  for (const TsvRow& row : *triggers) {
    patterns.emplace_back(row[3]);
    texts.emplace_back(row[4]);
  }
  auto excl = ReadTsv(Rules(), "mentions/data/exclusions.tsv", 3, 3);
  REQUIRE(excl.ok());
  for (const TsvRow& row : *excl) {
    patterns.emplace_back(row[1]);
    texts.emplace_back(row[2]);
  }
  const std::vector<std::string> more = {
      "",
      "met",
      "MET MEETS meeting_met Meet",
      "the talks, talks and talks_ 2talks talks2 talks",
      "Biden met Xi; they met again, was the first to meet. It was the call.",
      "a bb ab aab a.b-c xy x y ab abbbc abc",
      "the so-called summit, so called, called Putin, CALLED Putin",
      "He telephoned Macron and phoned Scholz, then held a phone call and telephone talks.",
      "Blinken told Wang Yi, the foreign minister, in Beijing that ...",
      "visits visited visiting visit visitor revisit",
  };
  texts.insert(texts.end(), more.begin(), more.end());
  RE2::Options o(RE2::Quiet);
  o.set_case_sensitive(false);
  size_t with_heads = 0;
  for (const std::string& p : patterns) {
    CAPTURE(p);
    RE2 re(p, o);
    REQUIRE(re.ok());
    auto heads = detail::HeadsOf(p);
    if (!heads) continue;
    ++with_heads;
    for (const std::string& text : texts) {
      CAPTURE(text);
      REQUIRE_FALSE(detail::HasOtherFolds(text));
      re2::StringPiece m[8];
      const int n = std::min(1 + re.NumberOfCapturingGroups(), 8);
      std::vector<std::vector<std::pair<size_t, size_t>>> plain, anchored;
      auto collect = [&](auto& out) {
        std::vector<std::pair<size_t, size_t>> groups;
        for (int i = 0; i < n; ++i)
          groups.emplace_back(m[i].data() ? size_t(m[i].data() - text.data()) : SIZE_MAX, m[i].size());
        out.push_back(groups);
      };
      std::vector<uint32_t> starts;
      detail::EachMatch(re, text, nullptr, starts, m, n, [&] { collect(plain); });
      detail::EachMatch(re, text, &*heads, starts, m, n, [&] { collect(anchored); });
      CHECK(plain == anchored);
    }
  }
  CHECK(with_heads > 40);
}

TEST_CASE("a trigger written with a non-ASCII case variant of s or k is still found") {
  // RE2 matches "(?i)s" with U+017F and "(?i)k" with U+212A (Kelvin): heads
  // compared as ASCII would miss "vi\u017Fited", so such texts are searched
  // unanchored.
  CHECK(detail::HasOtherFolds("Xi vi\xC5\xBFited Moscow."));
  CHECK(detail::HasOtherFolds("a \xE2\x84\xAA b"));
  CHECK_FALSE(detail::HasOtherFolds("Xi visited Moscow \xE2\x80\x94 again."));
  for (std::string_view text : {"Xi vi\xC5\xBFited Moscow on Monday.",
                                "Xi \xE2\x84\xAA" "ept talking on Monday and held tal\xE2\x84\xAA" "s with Putin."}) {
    CAPTURE(text);
    bool found = false;
    for (const Mention& m : Extract(text)) found = found || m.type == "visit" || m.type == "meeting";
    CHECK(found);
  }
}


TEST_CASE("a prefilter pattern stops before its first counted repeat") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"\\bnot\\s+(?:\\w+\\s+){0,4}?(?:go\\s+ahead)\\s+with\\s+", "\\bnot\\s+"},
      {"(?:)invit(?:ed|es)\\s+(?:\\w+\\s+){0,4}?(?:to|for)\\s+", "(?:)invit(?:ed|es)\\s+"},
      {"ab{2}c", "a"},
      {"a(?:b{2})c", "a(?:b{2})c"},           // inside a group: unchanged
      {"x|a(?:b){0,4}c", "x|a(?:b){0,4}c"},   // an alternation: unchanged
      {"(?:b){0,4}c", "(?:b){0,4}c"},         // at the start: unchanged
      {"a(?:b)*c", "a(?:b)*c"},               // not counted
      {"a(?:b){,2}c", "a(?:b){,2}c"},         // "{,2}" is no repeat
      {"a\\(b\\){2}c", "a\\(b"},              // an escaped parenthesis is an item
      {"a[(]b(?:c){2}", "a[(]b"},             // '(' in a class: no group opens
      {"a[(]b){2}c", "a[(]b){2}c"},           // an unmatched ')': unchanged
      {"\\Q(a){2}\\E", "\\Q(a){2}\\E"},       // not understood: unchanged
      {"(?i)ab(?:c){1,2}", "(?i)ab"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.in);
    CHECK(detail::CutAtCountedRepeat(row.in) == row.out);
  }
  // Whatever a pattern matches, the shorter one matches too.
  for (const char* text : {"did not go ahead with", "invited him to", "abbc", "xab", "a(b)(b)c", "abcc"}) {
    for (const Row& row : rows) {
      RE2 a(row.in, RE2::Quiet), b(detail::CutAtCountedRepeat(row.in), RE2::Quiet);
      if (a.ok() && RE2::PartialMatch(text, a)) CHECK(RE2::PartialMatch(text, b));
    }
  }
}




TEST_CASE("Run keeps nothing of one article for the next") {
  // Its buffers are the thread's, reused from article to article: a bare
  // "the summit" is never the summit another article named.
  const std::string_view bare = "On Friday in the city, the summit opened with talks on trade.";
  auto before = Extract(bare);
  auto named = Extract("The G20 summit opened in Bali. On Friday in the city, the summit opened with talks on trade.");
  REQUIRE(named.size() == 2);
  CHECK(named[1].notes.front() == "summit named earlier in the article");
  auto after = Extract(bare);
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    CHECK(after[i].participants == before[i].participants);
    CHECK(after[i].notes == before[i].notes);
    for (const std::string& p : after[i].participants) CHECK(p.find("G20") == std::string::npos);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace timeline::mentions
