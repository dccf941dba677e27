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

namespace {

// The values print by hand in the common case (a year of four digits): the
// sinks print two per event and mention, and fmt parses its format string
// on every call. Other years take fmt's "{:04}" ("-001", "10000").
bool FourDigits(int y) { return y >= 0 && y <= 9999; }

// Writes y at p[0, 4) as "{:04}" prints it, for FourDigits(y).
void PutYear(char* p, int y) {
  p[0] = char('0' + y / 1000);
  p[1] = char('0' + y / 100 % 10);
  p[2] = char('0' + y / 10 % 10);
  p[3] = char('0' + y % 10);
}

// Writes v (at most 99) at p[0, 2) as "{:02}" prints it.
void PutTwo(char* p, unsigned v) {
  p[0] = char('0' + v / 10);
  p[1] = char('0' + v % 10);
}

}  // namespace

std::string FormatDay(sys_days d) {
  year_month_day ymd{d};
  const int y = int(ymd.year());
  const unsigned m = unsigned(ymd.month()), dd = unsigned(ymd.day());
  if (!FourDigits(y)) return fmt::format("{:04}-{:02}-{:02}", y, m, dd);
  std::string out = "0000-00-00";
  PutYear(out.data(), y);
  PutTwo(out.data() + 5, m);
  PutTwo(out.data() + 8, dd);
  return out;
}

std::string DateValue::ToTimex() const {
  if (!dated()) return "";
  year_month_day f{first};
  switch (precision) {
    case Precision::kDay: return FormatDay(first);
    case Precision::kWeek: {
      iso_week::year_weeknum_weekday iw{first};
      const int y = int(iw.year());
      if (!FourDigits(y)) return fmt::format("{:04}-W{:02}", y, unsigned(iw.weeknum()));
      std::string out = "0000-W00";
      PutYear(out.data(), y);
      PutTwo(out.data() + 6, unsigned(iw.weeknum()));  // 1..53
      return out;
    }
    case Precision::kMonth: {
      const int y = int(f.year());
      if (!FourDigits(y)) return fmt::format("{:04}-{:02}", y, unsigned(f.month()));
      std::string out = "0000-00";
      PutYear(out.data(), y);
      PutTwo(out.data() + 5, unsigned(f.month()));
      return out;
    }
    case Precision::kQuarter: {
      const int y = int(f.year());
      const unsigned q = (unsigned(f.month()) - 1) / 3 + 1;
      if (!FourDigits(y)) return fmt::format("{:04}-Q{}", y, q);
      std::string out = "0000-Q0";
      PutYear(out.data(), y);
      out[6] = char('0' + q);  // 1..4
      return out;
    }
    case Precision::kYear: {
      const int y = int(f.year());
      if (!FourDigits(y)) return fmt::format("{:04}", y);
      std::string out = "0000";
      PutYear(out.data(), y);
      return out;
    }
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
