// SPDX-License-Identifier: Apache-2.0
// DateValue: a date as an inclusive interval of days with a precision.
//
// Every date in the timeline is an interval [first, last] of days plus the
// precision it was stated at: 2021-11-15 (day), 2021-W46 (ISO week), 2021-11
// (month), 2021-Q4 (quarter), 2021 (year). The TIMEX3-style string is derived
// from the interval, never stored, so the two cannot disagree. Calendar
// arithmetic is done in date::sys_days. Value type; thread-safe.
#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

namespace timeline {

enum class Precision : uint8_t { kNone, kDay, kWeek, kMonth, kQuarter, kYear };

// "day", "week", "month", "quarter", "year", "none".
std::string_view PrecisionName(Precision p);
// Inverse of PrecisionName; nullopt for anything else.
std::optional<Precision> ParsePrecision(std::string_view name);

struct DateValue {
  date::sys_days first{};
  date::sys_days last{};
  Precision precision = Precision::kNone;

  // Constructors for each precision. Arguments out of range give a value
  // whose ok() is false (e.g. Day(2021y/2/30)), never an exception.
  static DateValue Day(date::year_month_day ymd);
  static DateValue Day(date::sys_days d);
  static DateValue Week(int iso_year, unsigned iso_week);  // 1..53
  static DateValue Month(int year, unsigned month);        // 1..12
  static DateValue Quarter(int year, unsigned quarter);    // 1..4
  static DateValue Year(int year);
  // The week (Monday-Sunday) that contains d.
  static DateValue WeekOf(date::sys_days d);

  // Parses a TIMEX3 calendar value: YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY-Qn,
  // YYYY. nullopt for anything else or an impossible date (2021-02-30).
  static std::optional<DateValue> ParseTimex(std::string_view value);
  // Parses YYYY-MM-DD only (or the date part of an ISO date-time such as
  // 2021-11-10T08:00:00Z). nullopt when malformed or impossible.
  static std::optional<date::sys_days> ParseIsoDay(std::string_view s);

  // True when precision is set, the bounds are valid days and first <= last.
  bool ok() const;
  bool dated() const { return precision != Precision::kNone; }
  // TIMEX3 value at this precision ("2021-W46"); empty when !dated().
  std::string ToTimex() const;
  // Length in days (last - first + 1); 0 when !dated().
  int days() const;
  bool Overlaps(const DateValue& o) const {
    return dated() && o.dated() && first <= o.last && o.first <= last;
  }
  bool Contains(const DateValue& o) const {
    return dated() && o.dated() && first <= o.first && o.last <= last;
  }

  friend bool operator==(const DateValue&, const DateValue&) = default;
};

// "YYYY-MM-DD".
std::string FormatDay(date::sys_days d);

}  // namespace timeline
