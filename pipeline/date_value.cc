// SPDX-License-Identifier: Apache-2.0
// DateValue: constructors, TIMEX3 formatting and parsing.
#include "pipeline/date_value.h"

#include <date/iso_week.h>
#include <fmt/format.h>

#include <charconv>

namespace timeline {

using namespace date;

std::string_view PrecisionName(Precision p) {
  switch (p) {
    case Precision::kDay: return "day";
    case Precision::kWeek: return "week";
    case Precision::kMonth: return "month";
    case Precision::kQuarter: return "quarter";
    case Precision::kYear: return "year";
    case Precision::kNone: break;
  }
  return "none";
}

std::optional<Precision> ParsePrecision(std::string_view name) {
  for (Precision p : {Precision::kNone, Precision::kDay, Precision::kWeek, Precision::kMonth,
                      Precision::kQuarter, Precision::kYear}) {
    if (PrecisionName(p) == name) return p;
  }
  return std::nullopt;
}

namespace {

constexpr int kMinYear = 1, kMaxYear = 9999;

DateValue Invalid(Precision p) {
  DateValue v;
  v.precision = p;
  v.first = sys_days{date::days{1}};
  v.last = sys_days{date::days{0}};
  return v;
}

bool YearOk(int y) { return y >= kMinYear && y <= kMaxYear; }

// Parses exactly n ASCII digits.
bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

DateValue DateValue::Day(year_month_day ymd) {
  if (!ymd.ok() || !YearOk(int(ymd.year()))) return Invalid(Precision::kDay);
  return Day(sys_days{ymd});
}

DateValue DateValue::Day(sys_days d) {
  DateValue v;
  v.first = v.last = d;
  v.precision = Precision::kDay;
  return v;
}

DateValue DateValue::Week(int iso_year, unsigned w) {
  if (!YearOk(iso_year) || w < 1 || w > 53) return Invalid(Precision::kWeek);
  auto yw = iso_week::year(iso_year) / iso_week::weeknum(w);
  if (!yw.ok()) return Invalid(Precision::kWeek);
  DateValue v;
  v.first = sys_days{yw / iso_week::mon};
  v.last = v.first + date::days{6};
  v.precision = Precision::kWeek;
  return v;
}

DateValue DateValue::WeekOf(sys_days d) {
  iso_week::year_weeknum_weekday iw{d};
  return Week(int(iw.year()), unsigned(iw.weeknum()));
}

DateValue DateValue::Month(int y, unsigned m) {
  if (!YearOk(y) || m < 1 || m > 12) return Invalid(Precision::kMonth);
  DateValue v;
  v.first = sys_days{year{y} / month{m} / 1};
  v.last = sys_days{year{y} / month{m} / date::last};
  v.precision = Precision::kMonth;
  return v;
}

DateValue DateValue::Quarter(int y, unsigned q) {
  if (!YearOk(y) || q < 1 || q > 4) return Invalid(Precision::kQuarter);
  DateValue v;
  v.first = sys_days{year{y} / month{3 * q - 2} / 1};
  v.last = sys_days{year{y} / month{3 * q} / date::last};
  v.precision = Precision::kQuarter;
  return v;
}

DateValue DateValue::Year(int y) {
  if (!YearOk(y)) return Invalid(Precision::kYear);
  DateValue v;
  v.first = sys_days{year{y} / January / 1};
  v.last = sys_days{year{y} / December / 31};
  v.precision = Precision::kYear;
  return v;
}

bool DateValue::ok() const {
  if (precision == Precision::kNone || first > last) return false;
  return year_month_day{first}.ok() && year_month_day{last}.ok();
}

int DateValue::days() const {
  if (!dated()) return 0;
  return int((last - first).count()) + 1;
}

std::string FormatDay(sys_days d) {
  year_month_day ymd{d};
  const int y = int(ymd.year());
  const unsigned m = unsigned(ymd.month()), dd = unsigned(ymd.day());
  if (y < 0 || y > 9999) {
    return fmt::format("{:04}-{:02}-{:02}", y, m, dd);
  }
  // The common case by hand: the sinks print two days per event and
  // mention, and fmt parses its format string on every call.
  std::string out = "0000-00-00";
  out[0] = char('0' + y / 1000);
  out[1] = char('0' + y / 100 % 10);
  out[2] = char('0' + y / 10 % 10);
  out[3] = char('0' + y % 10);
  out[5] = char('0' + m / 10);
  out[6] = char('0' + m % 10);
  out[8] = char('0' + dd / 10);
  out[9] = char('0' + dd % 10);
  return out;
}

std::string DateValue::ToTimex() const {
  if (!dated()) return "";
  year_month_day f{first};
  switch (precision) {
    case Precision::kDay: return FormatDay(first);
    case Precision::kWeek: {
      iso_week::year_weeknum_weekday iw{first};
      return fmt::format("{:04}-W{:02}", int(iw.year()), unsigned(iw.weeknum()));
    }
    case Precision::kMonth: return fmt::format("{:04}-{:02}", int(f.year()), unsigned(f.month()));
    case Precision::kQuarter:
      return fmt::format("{:04}-Q{}", int(f.year()), (unsigned(f.month()) - 1) / 3 + 1);
    case Precision::kYear: return fmt::format("{:04}", int(f.year()));
    case Precision::kNone: break;
  }
  return "";
}

std::optional<sys_days> DateValue::ParseIsoDay(std::string_view s) {
  int y, m, d;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s, 0, 4, y) || !Digits(s, 5, 2, m) || !Digits(s, 8, 2, d)) return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
  year_month_day ymd{year{y}, month{unsigned(m)}, date::day{unsigned(d)}};
  if (!ymd.ok() || !YearOk(y)) return std::nullopt;
  return sys_days{ymd};
}

std::optional<DateValue> DateValue::ParseTimex(std::string_view s) {
  int y, a, b;
  if (!Digits(s, 0, 4, y)) return std::nullopt;
  DateValue v;
  if (s.size() == 4) {
    v = Year(y);
  } else if (s.size() == 7 && s[4] == '-' && s[5] == 'Q' && Digits(s, 6, 1, a)) {
    v = Quarter(y, unsigned(a));
  } else if (s.size() == 8 && s[4] == '-' && s[5] == 'W' && Digits(s, 6, 2, a)) {
    v = Week(y, unsigned(a));
    // Week 53 exists only in some ISO years.
    if (v.ok() && iso_week::year_weeknum_weekday{v.first}.weeknum() != iso_week::weeknum(a))
      return std::nullopt;
  } else if (s.size() == 7 && s[4] == '-' && Digits(s, 5, 2, a)) {
    v = Month(y, unsigned(a));
  } else if (s.size() == 10 && s[4] == '-' && s[7] == '-' && Digits(s, 5, 2, a) &&
             Digits(s, 8, 2, b)) {
    v = Day(year{y} / month{unsigned(a)} / date::day{unsigned(b)});
  } else {
    return std::nullopt;
  }
  if (!v.ok()) return std::nullopt;
  return v;
}

}  // namespace timeline
