// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/document.h.
#include "pipeline/document.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

namespace timeline {
namespace {

TEST_SUITE("document") {
  TEST_CASE("a rule reference prints as file:line id, without the parts it lacks") {
    CHECK(RuleRef{"timex/data/rules/date.tsv", 42, "date_md"}.ToString() ==
          "timex/data/rules/date.tsv:42 date_md");
    CHECK(RuleRef{"a.tsv", 0, "x"}.ToString() == "a.tsv:0 x");
    CHECK(RuleRef{"a.tsv", UINT32_MAX, ""}.ToString() == "a.tsv:4294967295");
    CHECK(RuleRef{"", 7, "article.published"}.ToString() == "article.published");
    CHECK(RuleRef{}.ToString().empty());
  }
}

}  // namespace
}  // namespace timeline
