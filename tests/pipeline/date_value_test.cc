// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/date_value.h.
#include "pipeline/date_value.h"

#include <date/iso_week.h>
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <type_traits>

#include "tests/test_util.h"

namespace timeline {
namespace {

using testing::Day;

static_assert(std::is_trivially_copyable_v<DateValue>);

TEST_SUITE("date_value") {
  TEST_CASE("each precision prints as its TIMEX3 value and spans the right days") {
    struct Row {
      DateValue v;
      const char* timex;
      const char* first;
      const char* last;
      const char* precision;
    };
    const Row rows[] = {
        {DateValue::Day(date::year{2021} / 11 / 15), "2021-11-15", "2021-11-15", "2021-11-15", "day"},
        {DateValue::Week(2021, 46), "2021-W46", "2021-11-15", "2021-11-21", "week"},
        {DateValue::Week(2020, 53), "2020-W53", "2020-12-28", "2021-01-03", "week"},
        {DateValue::Month(2021, 2), "2021-02", "2021-02-01", "2021-02-28", "month"},
        {DateValue::Month(2024, 2), "2024-02", "2024-02-01", "2024-02-29", "month"},
        {DateValue::Quarter(2021, 4), "2021-Q4", "2021-10-01", "2021-12-31", "quarter"},
        {DateValue::Year(2021), "2021", "2021-01-01", "2021-12-31", "year"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.timex);
      CHECK(r.v.ok());
      CHECK(r.v.ToTimex() == r.timex);
      CHECK(FormatDay(r.v.first) == r.first);
      CHECK(FormatDay(r.v.last) == r.last);
      CHECK(PrecisionName(r.v.precision) == r.precision);
      auto parsed = DateValue::ParseTimex(r.timex);
      REQUIRE(parsed);
      CHECK(*parsed == r.v);
    }
  }

  TEST_CASE("a day prints as YYYY-MM-DD and every precision as fmt prints it, zero-padded") {
    // Every day of years 0 to 2100 and days far outside (fmt's own path).
    for (date::sys_days d = date::sys_days(date::year{0} / 1 / 1);
         d <= date::sys_days(date::year{2100} / 12 / 31); d += date::days{1}) {
      const date::year_month_day ymd{d};
      const std::string want = fmt::format("{:04}-{:02}-{:02}", int(ymd.year()),
                                           unsigned(ymd.month()), unsigned(ymd.day()));
      if (FormatDay(d) != want) {
        CAPTURE(want);
        CHECK(FormatDay(d) == want);
      }
    }
    // And every precision's TIMEX3 value, against fmt on the same first day.
    auto reference = [](const DateValue& v) -> std::string {
      const date::year_month_day f{v.first};
      switch (v.precision) {
        case Precision::kDay:
          return fmt::format("{:04}-{:02}-{:02}", int(f.year()), unsigned(f.month()),
                             unsigned(f.day()));
        case Precision::kWeek: {
          const iso_week::year_weeknum_weekday iw{v.first};
          return fmt::format("{:04}-W{:02}", int(iw.year()), unsigned(iw.weeknum()));
        }
        case Precision::kMonth:
          return fmt::format("{:04}-{:02}", int(f.year()), unsigned(f.month()));
        case Precision::kQuarter:
          return fmt::format("{:04}-Q{}", int(f.year()), (unsigned(f.month()) - 1) / 3 + 1);
        case Precision::kYear:
          return fmt::format("{:04}", int(f.year()));
        case Precision::kNone:
          break;
      }
      return "";
    };
    for (int y : {-12, -1, 0, 7, 99, 999, 1999, 2021, 9999, 10000, 12345}) {
      CAPTURE(y);
      for (Precision p : {Precision::kDay, Precision::kWeek, Precision::kMonth, Precision::kQuarter,
                          Precision::kYear}) {
        for (date::sys_days d :
             {date::sys_days(date::year{y} / 1 / 1), date::sys_days(date::year{y} / 6 / 30),
              date::sys_days(date::year{y} / 12 / 31)}) {
          DateValue v;
          v.first = v.last = d;
          v.precision = p;
          CHECK(v.ToTimex() == reference(v));
        }
      }
      for (unsigned w = 1; w <= 53; ++w) {
        const DateValue v = DateValue::Week(y, w);
        CHECK(v.ToTimex() == reference(v));
      }
      for (unsigned q = 1; q <= 4; ++q) {
        const DateValue v = DateValue::Quarter(y, q);
        CHECK(v.ToTimex() == reference(v));
      }
    }
    CHECK(FormatDay(date::sys_days(date::year{9999} / 12 / 31)) == "9999-12-31");
    CHECK(FormatDay(date::sys_days(date::year{10000} / 1 / 1)) == "10000-01-01");
    CHECK(FormatDay(date::sys_days(date::year{-1} / 3 / 4)) == "-001-03-04");
  }

  TEST_CASE("impossible dates are not ok and do not parse") {
    CHECK_FALSE(DateValue::Day(date::year{2021} / 2 / 30).ok());
    CHECK_FALSE(DateValue::Month(2021, 13).ok());
    CHECK_FALSE(DateValue::Quarter(2021, 5).ok());
    CHECK_FALSE(DateValue::Week(2021, 54).ok());
    for (const char* bad : {"2021-02-30", "2021-13", "2021-W54", "2021-W53", "2021-Q0", "21",
                            "2021-1-1", "abcd", "", "2021-11-15x"}) {
      CAPTURE(bad);
      CHECK_FALSE(DateValue::ParseTimex(bad));
    }
  }

  TEST_CASE("ISO days parse alone or as the date of a date-time") {
    CHECK(DateValue::ParseIsoDay("2021-11-10") == Day("2021-11-10"));
    CHECK(DateValue::ParseIsoDay("2021-11-10T08:00:00Z") == Day("2021-11-10"));
    CHECK(DateValue::ParseIsoDay("2021-11-10 08:00:00") == Day("2021-11-10"));
    CHECK_FALSE(DateValue::ParseIsoDay("2021-02-30"));
    CHECK_FALSE(DateValue::ParseIsoDay("10/11/2021"));
    CHECK_FALSE(DateValue::ParseIsoDay("2021-11-10junk"));
  }

  TEST_CASE("the week of a day runs Monday to Sunday") {
    DateValue w = DateValue::WeekOf(Day("2021-11-17"));
    CHECK(w.ToTimex() == "2021-W46");
    CHECK(FormatDay(w.first) == "2021-11-15");
    CHECK(w.days() == 7);
  }

  TEST_CASE("intervals overlap and contain as intervals of days") {
    DateValue month = DateValue::Month(2021, 9);
    DateValue day = DateValue::Day(Day("2021-09-09"));
    CHECK(month.Contains(day));
    CHECK_FALSE(day.Contains(month));
    CHECK(month.Overlaps(day));
    CHECK_FALSE(DateValue::Month(2021, 10).Overlaps(day));
    CHECK_FALSE(DateValue{}.Overlaps(day));
  }
}

}  // namespace
}  // namespace timeline
