// SPDX-License-Identifier: Apache-2.0
// Runs the `example` column of every timex rule data file as a test.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "pipeline/rule_store.h"
#include "stages/timex/timex.h"
#include "tests/test_util.h"

namespace timeline {
namespace {

constexpr std::string_view kArrow = " ⇒ ";

struct Example {
  std::string_view text, value, dct;
};

// "TEXT ⇒ VALUE" or "TEXT ⇒ VALUE @YYYY-MM-DD"; nullopt when malformed.
std::optional<Example> ParseExample(std::string_view cell) {
  size_t arrow = cell.find(kArrow);
  if (arrow == std::string_view::npos) return std::nullopt;
  Example e;
  e.text = cell.substr(0, arrow);
  e.value = cell.substr(arrow + kArrow.size());
  if (size_t at = e.value.find(" @"); at != std::string_view::npos) {
    e.dct = e.value.substr(at + 2);
    e.value = e.value.substr(0, at);
  }
  return e;
}

void CheckExamples(const RuleStore& store) {
  auto tagger = timex::Tagger::Load(store);
  REQUIRE_MESSAGE(tagger.ok(), tagger.error().Format());
  int checked = 0;
  for (std::string_view path : store.List("timex/data/rules/")) {
    auto rows = ReadTsv(store, path, 4, 5);
    REQUIRE_MESSAGE(rows.ok(), rows.error().Format());
    for (const TsvRow& row : *rows) {
      std::string where = std::string(path) + ":" + std::to_string(row.line) + " " + std::string(row[0]);
      CAPTURE(where);
      auto ex = ParseExample(row[4]);
      REQUIRE_MESSAGE(ex.has_value(), "example must read 'TEXT ⇒ VALUE [@DCT]': " << row[4]);
      if (!ex->dct.empty()) REQUIRE_MESSAGE(DateValue::ParseIsoDay(ex->dct), "bad DCT " << ex->dct);
      Document doc = testing::MakeDocument(ex->text, ex->dct);
      tagger->Run(doc);
      std::string got;
      for (const Timex& t : doc.timexes)
        got += "[" + std::string(doc.text(t.span)) + " " + t.value + " " + std::string(t.rule.id) + "] ";
      CAPTURE(got);
      if (ex->value == "-") {
        CHECK_MESSAGE(doc.timexes.empty(), "a negative rule's example must tag nothing");
      } else {
        bool found = false;
        for (const Timex& t : doc.timexes) found |= t.value == ex->value && t.rule.id == row[0];
        CHECK_MESSAGE(found, "expected value " << ex->value << " from this rule");
      }
      ++checked;
    }
  }
  CHECK(checked > 50);
}

}  // namespace

TEST_SUITE("rule_examples") {
  TEST_CASE("every timex rule's example yields its value through that rule") {
    CheckExamples(RuleStore::Builtin());
  }
}

}  // namespace timeline
