// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/sinks: CSV quoting and the event JSON round trip.
#include "pipeline/sinks/sinks.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "pipeline/json.h"
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

// The escaping JSON requires, one byte at a time: what the fast writer must equal.
std::string QuotedByteByByte(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c == '\b') out += "\\b";
    else if (c == '\f') out += "\\f";
    else if (u < 0x20 || u == 0x7f) out += fmt::format("\\u{:04x}", u);
    else out += c;
  }
  return out + "\"";
}

TEST_CASE("JSON strings escape quotes, backslashes and control bytes wherever they fall") {
  // Each special byte at every offset of texts longer than a machine word,
  // beside UTF-8 (bytes >= 0x80 pass through).
  const std::string specials = std::string("\"\\\n\r\t\b\f\x01\x1f\x7f") + '\0';
  const std::string base = "Biden met Xi in Bali \xc3\xa9t\xc3\xa9 2022 ok";
  for (char sp : specials) {
    for (size_t at = 0; at <= base.size(); ++at) {
      std::string t = base;
      t.insert(at, 1, sp);
      std::string out;
      JsonWriter::AppendQuoted(out, t);
      CAPTURE(at);
      CHECK(out == QuotedByteByByte(t));
    }
  }
  std::string out = "x";
  JsonWriter::AppendQuoted(out, "");
  CHECK(out == "x\"\"");
  std::string all;
  for (int b = 0; b < 256; ++b) all += char(b);
  out.clear();
  JsonWriter::AppendQuoted(out, all + all);
  CHECK(out == QuotedByteByByte(all + all));
}

TEST_CASE("JSON keys are written as given, a comma before each member but the first") {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("a").Int(1).Key("date_reason").String("x").Key("list").BeginArray();
  w.BeginObject().Key("b").Null().EndObject().EndArray().EndObject();
  CHECK(out == R"({"a":1,"date_reason":"x","list":[{"b":null}]})");
}

TEST_CASE("code-point offsets count every byte that does not continue a UTF-8 sequence") {
  // Long enough for several words and a block of 255 words, with multi-byte
  // characters at every alignment.
  std::string text;
  for (int i = 0; text.size() < 5000; ++i) {
    text += i % 3 == 0 ? "\xc3\xa9" : i % 3 == 1 ? "ab" : "\xe2\x80\x99x\xf0\x9f\x98\x80";
  }
  for (uint32_t from : {0u, 1u, 3u, 7u}) {
    const std::string_view s = std::string_view(text).substr(from);
    uint32_t expected = 0;
    for (uint32_t end = 0; end <= s.size(); ++end) {
      if (end > 0 && (static_cast<unsigned char>(s[end - 1]) & 0xC0) != 0x80) ++expected;
      if (end < 40 || end % 97 == 0 || end + 20 > s.size()) {
        CAPTURE(from);
        CAPTURE(end);
        CHECK(CodePointOffset(s, end) == expected);
      }
    }
    CHECK(CodePointOffset(s, uint32_t(s.size()) + 10) == expected);
  }
}

TEST_SUITE("sinks") {
  TEST_CASE("CSV has the contract's header and quotes fields that need it") {
    std::string csv = sinks::RenderCsv(std::vector<Event>{SampleEvent()});
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
    // Numbers that would not fit their fields: offsets and groups are 32-bit
    // counts, a confidence lies in [0, 1].
    auto mention = [](std::string_view fields) {
      return sinks::EventFromJson(fmt::format("{{\"mentions\": [{{\"article\": \"a.txt\", {}}}]}}", fields));
    };
    CHECK(mention("\"start\": 1.6e84").error().message ==
          "mention: \"start\": 1.6e+84 is outside [0, 4294967295]");
    CHECK(mention("\"end\": -3").error().message == "mention: \"end\": -3 is outside [0, 4294967295]");
    CHECK(mention("\"group\": \"two\"").error().message == "mention: \"group\" is not a number");
    CHECK(mention("\"confidence\": 7").error().message == "mention: \"confidence\": 7 is outside [0, 1]");
    auto fine = mention("\"start\": 12, \"end\": 4294967295, \"group\": null, \"confidence\": 0.25");
    REQUIRE(fine.ok());
    REQUIRE(fine->mentions.size() == 1);
    CHECK(fine->mentions[0].start == 12);
    CHECK(fine->mentions[0].end == 4294967295u);
    CHECK(fine->mentions[0].group == 0);
    CHECK(fine->mentions[0].confidence == 0.25f);
  }

  TEST_CASE("an undated event has empty date columns and precision none in the CSV") {
    Event e = SampleEvent();
    e.date = DateValue{};
    std::string csv = sinks::RenderCsv(std::vector<Event>{e});
    CHECK(csv.find("\nev-1,,,,none,call,") != std::string::npos);
  }

  TEST_CASE("TimelineJS slides have numeric dates down to the event's precision") {
    struct Row {
      DateValue date;
      const char* start;
      const char* end;  // "" when the slide has no end_date
      const char* display;
    };
    const Row rows[] = {
        {DateValue::Day(testing::Day("2021-09-09")), "{\"year\":2021,\"month\":9,\"day\":9}", "",
         "9 September 2021"},
        {DateValue::Week(2021, 35), "{\"year\":2021,\"month\":8,\"day\":30}",
         "{\"year\":2021,\"month\":9,\"day\":5}", "30 August – 5 September 2021"},
        {DateValue::Week(2021, 46), "{\"year\":2021,\"month\":11,\"day\":15}",
         "{\"year\":2021,\"month\":11,\"day\":21}", "15–21 November 2021"},
        {DateValue::Month(2021, 9), "{\"year\":2021,\"month\":9}", "", "September 2021"},
        {DateValue::Quarter(2021, 4), "{\"year\":2021,\"month\":10}", "{\"year\":2021,\"month\":12}",
         "Q4 2021"},
        {DateValue::Year(2021), "{\"year\":2021}", "", "2021"},
    };
    for (const Row& row : rows) {
      CAPTURE(row.display);
      Event e = SampleEvent();
      e.date = row.date;
      std::string out = sinks::RenderTimelineJs(std::vector<Event>{e}, {"timeline test", 2});
      CHECK(out.find(std::string("\"start_date\":") + row.start) != std::string::npos);
      if (*row.end) {
        CHECK(out.find(std::string("\"end_date\":") + row.end) != std::string::npos);
      } else {
        CHECK(out.find("end_date") == std::string::npos);
      }
      CHECK(out.find(std::string("\"display_date\":\"") + row.display + "\"") != std::string::npos);
    }
  }

  TEST_CASE("TimelineJS leaves out undated events and escapes text it puts in HTML fields") {
    Event dated = SampleEvent();
    dated.title = "Call: <Biden> & Xi";
    Event undated = SampleEvent();
    undated.id = "ev-2";
    undated.date = DateValue{};
    std::string out =
        sinks::RenderTimelineJs(std::vector<Event>{dated, undated}, {"timeline test", 2});
    CHECK(out.find("\"unique_id\":\"ev-1\"") != std::string::npos);
    CHECK(out.find("ev-2") == std::string::npos);
    CHECK(out.find("\"headline\":\"Call: &lt;Biden&gt; &amp; Xi\"") != std::string::npos);
    CHECK(out.find("<Biden>") == std::string::npos);
    CHECK(out.find("\"group\":\"Call\"") != std::string::npos);
    CHECK(out.find("1 event from 2 articles") != std::string::npos);
  }

  TEST_CASE("the HTML page shows each event as a card and escapes everything it prints") {
    Event e = SampleEvent();
    e.title = "Call: <script>alert(1)</script>";
    e.evidence = "He said \"<b>hi</b>\" & left";
    e.location = "Rome";
    e.conflicts = {"date: 2021-09-10 (b.txt) disagrees with the chosen 2021-09-09 (a.txt)"};
    e.mentions[0].url = "https://example.com/a?x=1&y=2";
    EventMention bad = e.mentions[0];
    bad.article = "b.txt";
    bad.url = "javascript:alert(1)";
    e.mentions.push_back(bad);
    Event other = SampleEvent();
    other.id = "ev-2";
    other.date = DateValue::Year(2022);
    other.type = "visit";
    other.status = EventStatus::kPlanned;
    std::string page = sinks::RenderHtml(std::vector<Event>{e, other}, {"timeline test", 2});
    CHECK(page.find("<script>alert(1)") == std::string::npos);
    CHECK(page.find("Call: &lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(page.find("He said &quot;&lt;b&gt;hi&lt;/b&gt;&quot; &amp; left") != std::string::npos);
    CHECK(page.find("href=\"https://example.com/a?x=1&amp;y=2\"") != std::string::npos);
    CHECK(page.find("javascript:") == std::string::npos);
    CHECK(page.find("<article class=\"card t-call\" id=\"ev-1\" data-type=\"call\" "
                    "data-status=\"occurred\" data-participants=\"Joe Biden|Xi Jinping\">") !=
          std::string::npos);
    CHECK(page.find("id=\"ev-2\" data-type=\"visit\" data-status=\"planned\"") != std::string::npos);
    CHECK(page.find("<h2>2021</h2>") != std::string::npos);
    CHECK(page.find("<h3>September</h3>") != std::string::npos);
    CHECK(page.find("<h2>2022</h2>") != std::string::npos);
    CHECK(page.find("class=\"conflict\"") != std::string::npos);
    CHECK(page.find("<option value=\"Joe Biden\">Joe Biden</option>") != std::string::npos);
    CHECK(page.find("http://") == std::string::npos);  // nothing fetched from the network
    CHECK(page.find("<link") == std::string::npos);
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

  TEST_CASE("RenderTo hands over, a few blocks at a time, the bytes Render gives") {
    std::vector<Event> events;
    for (int i = 0; i < 5000; ++i) {
      Event e = SampleEvent();
      e.id = fmt::format("ev-{}", i);
      events.push_back(e);
    }
    for (auto f : {sinks::Format::kCsv, sinks::Format::kJsonl, sinks::Format::kJson}) {
      for (unsigned threads : {1u, 3u}) {
        CAPTURE(threads);
        std::string out;
        size_t pieces = 0;
        auto w = sinks::RenderTo(f, events, {"timeline test", 2}, threads,
                                 [&](std::string_view piece) -> Result<void> {
                                   out += piece;
                                   ++pieces;
                                   return {};
                                 });
        CHECK(w.ok());
        CHECK(out == sinks::Render(f, events, {"timeline test", 2}));
        CHECK(pieces == (f == sinks::Format::kJson ? 1 : f == sinks::Format::kCsv ? 11 : 10));
      }
    }
    // The first error stops the rendering and is returned.
    size_t calls = 0;
    auto w = sinks::RenderTo(sinks::Format::kJsonl, events, {}, 1,
                             [&](std::string_view) -> Result<void> {
                               ++calls;
                               return Error("out.jsonl", 0, "cannot write: disk full");
                             });
    REQUIRE(!w.ok());
    CHECK(w.error().Format() == "out.jsonl: cannot write: disk full");
    CHECK(calls == 1);
  }
}

}  // namespace
}  // namespace timeline
