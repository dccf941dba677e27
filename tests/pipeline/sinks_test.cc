// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/sinks: CSV quoting and the event JSON round trip.
#include "pipeline/sinks/sinks.h"

#include <doctest/doctest.h>

#include "tests/test_util.h"

namespace timeline {
namespace {

Event SampleEvent() {
  Event e;
  e.id = "ev-1";
  e.date = DateValue::Month(2021, 9);
  e.type = "call";
  e.participants = {"Joe Biden", "Xi Jinping"};
  e.status = EventStatus::kOccurred;
  e.confidence = 0.875;
  e.sources = {"a.txt", "b.txt"};
  e.title = "Call: Joe Biden and Xi Jinping";
  e.evidence = "He said, \"we spoke\", at length\nand then";
  EventMention m;
  m.article = "a.txt";
  m.sentence = "Biden spoke with Xi.";
  m.start = 10;
  m.end = 30;
  m.type = "call";
  m.participants = e.participants;
  m.date = DateValue::Day(testing::Day("2021-09-09"));
  m.confidence = 0.5f;
  m.trigger = "spoke";
  m.rule = "mentions/data/triggers.tsv:3 call_spoke";
  m.dct = "2021-09-10";
  m.dct_source = "url";
  e.mentions.push_back(m);
  return e;
}

TEST_SUITE("sinks") {
  TEST_CASE("CSV has the contract's header and quotes fields that need it") {
    std::string csv = sinks::RenderCsv({SampleEvent()});
    CHECK(csv ==
          "event_id,date,date_start,date_end,precision,type,participants,location,status,"
          "confidence,sources,title,evidence\n"
          "ev-1,2021-09,2021-09-01,2021-09-30,month,call,Joe Biden;Xi Jinping,,occurred,0.88,"
          "a.txt;b.txt,Call: Joe Biden and Xi Jinping,"
          "\"He said, \"\"we spoke\"\", at length\nand then\"\n");
  }

  TEST_CASE("an event survives the JSON round trip that extract and merge rely on") {
    Event e = SampleEvent();
    e.confidence = 0.88;  // two decimals are kept
    auto back = sinks::EventFromJson(sinks::EventToJson(e));
    REQUIRE(back.ok());
    CHECK(*back == e);
  }

  TEST_CASE("a broken event line is refused with a reason") {
    CHECK(sinks::EventFromJson("{\"event_id\": 1").error().message.find("not valid JSON") == 0);
    CHECK(sinks::EventFromJson("[1]").error().message == "not a JSON object");
    CHECK(sinks::EventFromJson("{\"event_id\": \"x\"}").error().message ==
          "missing \"mentions\" array (merge needs each event's mentions)");
    CHECK(sinks::EventFromJson("{\"date\": \"2021-02-30\", \"mentions\": []}").error().message ==
          "\"date\" \"2021-02-30\" is not a valid date value");
  }

  TEST_CASE("the format comes from the output path unless given") {
    CHECK(sinks::FormatFromPath("out/timeline.csv") == sinks::Format::kCsv);
    CHECK(sinks::FormatFromPath("-") == sinks::Format::kCsv);
    CHECK(sinks::FormatFromPath("t.jsonl") == sinks::Format::kJsonl);
    CHECK(sinks::FormatFromPath("t.json") == sinks::Format::kJson);
    CHECK(sinks::FormatFromPath("t.timelinejs.json") == sinks::Format::kTimelineJs);
    CHECK(sinks::FormatFromPath("t.html") == sinks::Format::kHtml);
    CHECK(sinks::ParseFormat("xml") == std::nullopt);
  }
}

}  // namespace
}  // namespace timeline
