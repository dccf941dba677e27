// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/result.h: values, errors and the one formatter.
#include "pipeline/result.h"

#include <doctest/doctest.h>

namespace timeline {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Error("input.txt", 3, "odd number");
  return x / 2;
}

TEST_SUITE("result") {
  TEST_CASE("a diagnostic formats as PATH:LINE: reason, dropping what is missing") {
    CHECK(Error("drop.jsonl", 7, "not valid JSON").Format() == "drop.jsonl:7: not valid JSON");
    CHECK(Error("a.txt", 0, "empty file; skipped").Format() == "a.txt: empty file; skipped");
    CHECK(Error("", 0, "no inputs").Format() == "no inputs");
  }

  TEST_CASE("a result holds either the value or the diagnostic") {
    auto ok = Half(4);
    REQUIRE(ok.ok());
    CHECK(*ok == 2);
    auto bad = Half(3);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().Format() == "input.txt:3: odd number");
    Result<void> fine;
    CHECK(fine.ok());
    Result<void> failed = Error("x", 1, "y");
    CHECK(failed.error().Format() == "x:1: y");
  }
}

}  // namespace
}  // namespace timeline
