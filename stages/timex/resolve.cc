// SPDX-License-Identifier: Apache-2.0
// timex normalization: value specs -> TIMEX3 values and day intervals.
#include "stages/timex/resolve.h"

#include <date/date.h>
#include <date/iso_week.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace timeline::timex::detail {

using namespace date;

namespace {

constexpr std::array<std::string_view, kCapCount> kCapNames = {
    "year", "yy",   "month", "mnum", "day",    "dayord", "weekday", "season", "part",  "holiday", "q",
    "dir",  "num",  "unit",  "hour", "minute", "ampm",   "decade",  "dec2",   "cent",  "yc", "yn", "ydir", "t"};

// Parses leading ASCII digits ("9th" -> 9); nullopt when there are none.
std::optional<int> LeadingInt(std::string_view s) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return std::nullopt;
  int v = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 6; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

// Signed integer or decimal, e.g. "-1", "2", "1.5", "4,000"; nullopt otherwise.
std::optional<double> ParseNumber(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  double v = 0, scale = 0;
  for (char c : s) {
    if (c == '.' && scale == 0) {
      scale = 1;
    } else if (c == ',' && scale == 0 && v > 0) {
      continue;  // a thousands separator ("4,000")
    } else if (c >= '0' && c <= '9') {
      if (scale > 0) {
        scale /= 10;
        v += (c - '0') * scale;
      } else {
        v = v * 10 + (c - '0');
      }
    } else {
      return std::nullopt;
    }
  }
  return neg ? -v : v;
}

// The value of an Arg: its literal, or its capture's lexicon value, or the
// capture's text when it has no lexicon value. "" when unset or absent.
std::string_view ArgText(const Arg& a, const Captures& caps) {
  if (!a.set) return "";
  if (a.cap == Cap::kCount) return a.lit;
  std::string_view lex = caps.Lex(a.cap);
  return lex.empty() ? caps.Get(a.cap) : lex;
}

// A number from an Arg: kind of result "X" (vague) is reported by vague.
std::optional<double> ArgNumber(const Arg& a, const Captures& caps, bool& vague) {
  vague = false;
  std::string_view t = ArgText(a, caps);
  if (t.empty()) return std::nullopt;
  if (t == "X") {
    vague = true;
    return std::nullopt;
  }
  auto v = ParseNumber(t);
  if (!v) return std::nullopt;
  return a.negate ? -*v : *v;
}

std::string FormatNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e9) return fmt::format("{}", int64_t(v));
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

int Year(sys_days d) { return int(year_month_day{d}.year()); }
unsigned Month(sys_days d) { return unsigned(year_month_day{d}.month()); }
unsigned Weekday(sys_days d) { return weekday{d}.iso_encoding(); }  // Mon=1..Sun=7
int MonthIndex(int y, unsigned m) { return y * 12 + int(m) - 1; }

DateValue MonthFromIndex(int idx) {
  int y = idx >= 0 ? idx / 12 : (idx - 11) / 12;
  return DateValue::Month(y, unsigned(idx - y * 12 + 1));
}

DateValue QuarterFromIndex(int idx) {  // idx = year*4 + (q-1)
  int y = idx >= 0 ? idx / 4 : (idx - 3) / 4;
  return DateValue::Quarter(y, unsigned(idx - y * 4 + 1));
}

int QuarterIndex(sys_days d) { return Year(d) * 4 + int((Month(d) - 1) / 3); }

// The nth (1-based; -1 = last) ISO weekday wd of month m in year y.
std::optional<sys_days> NthWeekday(int y, unsigned m, unsigned wd, int n) {
  weekday w{wd % 7};
  if (n > 0) {
    year_month_weekday ymw{year{y} / month{m} / w[unsigned(n)]};
    if (!ymw.ok()) return std::nullopt;
    return sys_days{ymw};
  }
  year_month_weekday_last l{year{y}, month{m}, weekday_last{w}};
  return sys_days{l};
}

// Easter Sunday of year y in the Gregorian calendar (the anonymous Gregorian computus).
sys_days EasterSunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int mo = (h + l - 7 * m + 114) / 31, dd = (h + l - 7 * m + 114) % 31 + 1;
  return sys_days{year{y} / month{unsigned(mo)} / day{unsigned(dd)}};
}

std::string WithPart(std::string v, std::string_view part) {
  if (!part.empty()) {
    v += 'T';
    v += part;
  }
  return v;
}

// True for a duration of whole months under a year ("P9M", "P6M"; not "PXM", "P18M").
bool IsMonthSpan(std::string_view v) {
  if (v.size() < 3 || v.front() != 'P' || v.back() != 'M') return false;
  auto n = LeadingInt(v.substr(1));
  return n && *n > 0 && *n < 12 && v.size() == (*n < 10 ? 3u : 4u);
}

// Picks among candidate days the one the tense points at: past -> latest not
// after dct, future -> earliest not before dct, unknown -> nearest.
std::optional<sys_days> PickByTense(const std::vector<sys_days>& cands, sys_days dct, int tense) {
  std::optional<sys_days> best;
  if (tense < 0) {
    for (sys_days c : cands)
      if (c <= dct && (!best || c > *best)) best = c;
  } else if (tense > 0) {
    for (sys_days c : cands)
      if (c >= dct && (!best || c < *best)) best = c;
  }
  if (best) return best;
  for (sys_days c : cands)
    if (!best || std::abs((c - dct).count()) < std::abs((*best - dct).count())) best = c;
  return best;
}

int SeasonStartMonth(std::string_view s) {
  if (s == "SP") return 3;
  if (s == "SU") return 6;
  if (s == "FA") return 9;
  if (s == "WI") return 12;
  return 0;
}

bool ResolveSeason(std::string_view season, const Captures& caps, const Context& ctx,
                   std::optional<int> y, std::optional<int> dir, std::string& value) {
  int start = SeasonStartMonth(season);
  if (start == 0) return false;
  if (!y && ctx.dct) {
    int now = MonthIndex(Year(*ctx.dct), Month(*ctx.dct));
    int dy = Year(*ctx.dct);
    auto first = [&](int yy) { return MonthIndex(yy, unsigned(start)); };
    auto last = [&](int yy) { return first(yy) + 2; };
    int d = dir ? *dir : (ctx.tense > 0 ? 2 : -2);  // +-2: "in the fall" by tense
    std::optional<int> pick;
    for (int yy = dy + 1; yy >= dy - 2 && !pick; --yy) {
      if ((d == -1 && last(yy) < now) || (d == -2 && first(yy) <= now)) pick = yy;
    }
    for (int yy = dy - 2; yy <= dy + 1 && (d == 1 || d == 2) && !pick; ++yy) {
      if ((d == 1 && first(yy) > now) || (d == 2 && last(yy) >= now)) pick = yy;
    }
    if (d == 0) pick = (start == 12 && Month(*ctx.dct) <= 2) ? dy - 1 : dy;
    y = pick;
  }
  (void)caps;
  value = y ? fmt::format("{:04}-{}", *y, season) : fmt::format("XXXX-{}", season);
  return true;
}

// "HH:MM" from hour/minute/ampm captures (or hour=); false when impossible.
bool ClockText(const ValueSpec& spec, const Captures& caps, std::string& out) {
  std::optional<int> h = LeadingInt(caps.Get(Cap::kHour));
  if (spec.hour.set) h = LeadingInt(spec.hour.lit);
  if (!h) return false;
  int mi = LeadingInt(caps.Get(Cap::kMinute)).value_or(0);
  std::string_view ampm = caps.Get(Cap::kAmpm);
  // "p.m.", "PM"; "in the afternoon/evening/night" ("10 in the evening") are pm too,
  // "in the morning" am.
  const char a0 = ampm.empty() ? '\0' : char(ampm[0] | 0x20);
  const bool part_word = ampm.size() > 4;
  const bool pm = part_word ? a0 != 'm' : a0 == 'p';
  const bool am = part_word ? a0 == 'm' : a0 == 'a';
  if (pm && *h < 12) *h += 12;
  if (am && *h == 12) *h = 0;
  if (*h > 24 || mi > 59) return false;
  out = fmt::format("{:02}:{:02}", *h, mi);
  return true;
}

bool ResolveDate(const ValueSpec& spec, const Captures& caps, const Context& in_ctx,
                 std::string& value, DateValue& date) {
  Context ctx = in_ctx;
  if (spec.tense != 0 && !ctx.tense_near) {  // "Wednesday's ruling": past unless a cue is adjacent
    ctx.tense = spec.tense;
    ctx.tense_near = true;
    ctx.tense_present = false;
    ctx.tense_nearest = false;
  }
  // A present tense moves weekdays forward ("the leaders meet Monday") but says
  // nothing about months and dates, which then take the nearest one.
  const int calendar_tense = ctx.tense_present ? 0 : ctx.tense;
  std::optional<int> y, dir;
  if (caps.Has(Cap::kYear)) y = LeadingInt(caps.Get(Cap::kYear));
  if (caps.Has(Cap::kYy)) {
    if (auto yy = LeadingInt(caps.Get(Cap::kYy))) y = *yy < 50 ? 2000 + *yy : 1900 + *yy;
  }
  if (caps.Has(Cap::kYc) && caps.Has(Cap::kYn)) {  // "nineteen ninety-six"
    auto c = LeadingInt(caps.Lex(Cap::kYc)), r = LeadingInt(caps.Lex(Cap::kYn));
    if (!c || !r || *r > 99) return false;
    y = *c * 100 + *r;
  }
  if (caps.Has(Cap::kYdir)) {  // "July last year"
    auto d = ParseNumber(caps.Lex(Cap::kYdir));
    if (!d || !ctx.dct) return false;
    y = Year(*ctx.dct) + int(*d);
  }
  if (caps.Has(Cap::kDir)) {
    if (auto d = ParseNumber(caps.Lex(Cap::kDir))) dir = int(*d);
  }
  unsigned m = 0, d = 0, wd = 0;
  if (caps.Has(Cap::kMonth)) m = unsigned(LeadingInt(caps.Lex(Cap::kMonth)).value_or(0));
  if (caps.Has(Cap::kMnum)) m = unsigned(LeadingInt(caps.Get(Cap::kMnum)).value_or(0));
  if (caps.Has(Cap::kDay)) d = unsigned(LeadingInt(caps.Get(Cap::kDay)).value_or(0));
  if (caps.Has(Cap::kDayOrd)) d = unsigned(LeadingInt(caps.Lex(Cap::kDayOrd)).value_or(0));
  if (caps.Has(Cap::kWeekday)) wd = unsigned(LeadingInt(caps.Lex(Cap::kWeekday)).value_or(0));
  std::string_view part = caps.Lex(Cap::kPart);
  if (spec.part.set) part = ArgText(spec.part, caps);
  std::string clock;  // "22:00" for "10 p.m. Wednesday"
  if (caps.Has(Cap::kHour) || spec.hour.set) {
    if (!ClockText(spec, caps, clock)) return false;
    part = clock;
  }
  std::optional<std::pair<unsigned, int>> nth;  // (weekday, n) for floating holidays
  unsigned on_or_after = 0;  // "11-02+2": the first Tuesday on or after Nov. 2 (Election Day)
  std::optional<int> easter;  // "E-2": days from Easter Sunday (Good Friday)
  if (caps.Has(Cap::kHoliday)) {
    std::string_view h = caps.Lex(Cap::kHoliday);  // "12-25", "11:4:4", "11-02+2" or "E+1"
    if (h.size() >= 3 && h[0] == 'E' && (h[1] == '+' || h[1] == '-')) {
      auto n = LeadingInt(h.substr(2));
      if (!n || *n > 60) return false;
      easter = h[1] == '-' ? -*n : *n;
    } else if (h.size() == 7 && h[2] == '-' && h[5] == '+') {
      m = unsigned(LeadingInt(h).value_or(0));
      d = unsigned(LeadingInt(h.substr(3)).value_or(0));
      on_or_after = unsigned(LeadingInt(h.substr(6)).value_or(0));
      if (on_or_after < 1 || on_or_after > 7) return false;
    } else if (h.size() >= 5 && h[2] == '-') {
      m = unsigned(LeadingInt(h).value_or(0));
      d = unsigned(LeadingInt(h.substr(3)).value_or(0));
    } else if (h.size() >= 6 && h[2] == ':' && h[4] == ':') {
      m = unsigned(LeadingInt(h).value_or(0));
      nth = std::pair<unsigned, int>{unsigned(h[3] - '0'), std::atoi(std::string(h.substr(5)).c_str())};
    } else {
      return false;
    }
  }
  if (m > 12) return false;
  if (caps.Has(Cap::kSeason)) {
    Context season_ctx = ctx;
    season_ctx.tense = calendar_tense;
    return ResolveSeason(caps.Lex(Cap::kSeason), caps, season_ctx, y, dir, value);
  }

  // A day of a month: explicit, holiday, or with the year inferred.
  if ((m && (d || nth)) || easter) {
    auto make = [&](int yy) -> std::optional<sys_days> {
      if (easter) return EasterSunday(yy) + days{*easter};
      if (nth) return NthWeekday(yy, m, nth->first, nth->second);
      year_month_day ymd{year{yy}, month{m}, day{d}};
      if (!ymd.ok()) return std::nullopt;
      sys_days sd{ymd};
      if (on_or_after) sd += days{(int(on_or_after) - int(Weekday(sd)) + 7) % 7};
      return sd;
    };
    if (!nth && !easter && !year_month_day{year{2000}, month{m}, day{d}}.ok()) return false;  // Feb. 30
    if (!y && ctx.dct) {
      int dy = Year(*ctx.dct);
      std::vector<sys_days> cands;
      for (int yy = dy - 1; yy <= dy + 1; ++yy)
        if (auto c = make(yy)) cands.push_back(*c);
      if (wd) {  // "Tuesday (Nov. 9)": the year whose Nov. 9 is a Tuesday, nearest the DCT
        std::vector<sys_days> same;
        for (int yy = dy - 6; yy <= dy + 6; ++yy)
          if (auto c = make(yy); c && Weekday(*c) == wd) same.push_back(*c);
        if (!same.empty()) cands = same;
      }
      int tense = dir ? *dir : calendar_tense;
      // The nearest candidate, unless the tense points the other way.
      auto pick = PickByTense(cands, *ctx.dct, 0);
      if (pick && !wd) {
        // A cue farther away (a reporting verb) only overrides a nearest date
        // that is more than about two months off.
        long away = (*pick - *ctx.dct).count();
        // "as Easter week began" (date unit=W): the week counts, not its holiday; a
        // week that holds the DCT is neither ahead nor behind.
        if (spec.unit.set && ArgText(spec.unit, caps) == "W") {
          const DateValue week = DateValue::WeekOf(*pick);
          away = week.first > *ctx.dct ? (week.first - *ctx.dct).count()
                 : week.last < *ctx.dct ? (week.last - *ctx.dct).count() : 0;
        }
        bool strong = dir.has_value() || ctx.tense_near || std::abs(away) > 60;
        if (strong && ((tense < 0 && away > 0) || (tense > 0 && away < 0)))
          pick = PickByTense(cands, *ctx.dct, tense);
      }
      if (pick) y = Year(*pick);
    }
    if (!y && easter) {
      value = WithPart("XXXX-XX-XX", part);  // Easter falls in March or April
      return true;
    }
    if (!y && (nth || on_or_after)) {
      value = WithPart(fmt::format("XXXX-{:02}-XX", m), part);  // a floating holiday
      return true;
    }
    if (!y) {
      value = WithPart(fmt::format("XXXX-{:02}-{:02}", m, d), part);
      return true;
    }
    auto day_of = make(*y);
    if (!day_of) return false;
    date = DateValue::Day(*day_of);
    value = WithPart(date.ToTimex(), part);
    return date.ok();
  }
  if (m) {
    if (!y && ctx.dct) {
      int dy = Year(*ctx.dct);
      int dm = int(Month(*ctx.dct));
      int mm = int(m);
      int t = dir ? *dir : calendar_tense;
      if (dir && *dir == -1) {
        y = mm < dm ? dy : dy - 1;
        // Not across the new year: in January, "last December" is the one just past.
        if (spec.prev_month_back && mm + 1 == dm) --*y;
      } else if (dir && *dir == 1) {
        y = mm > dm ? dy : dy + 1;
      } else if (dir && *dir == 0) {
        y = dy;
      } else {
        // The nearest such month, unless the tense points the other way.
        int ahead = (mm - dm + 12) % 12;  // months until the next one (0 = this month)
        int behind = (dm - mm + 12) % 12;
        bool future = ahead != 0 && ahead < behind;
        bool strong = ctx.tense_near || (future ? ahead > 2 : behind > 2);
        if (strong && t < 0 && future) future = false;
        if (strong && t > 0 && !future) future = true;
        if (ahead == 0) future = false;
        y = future ? (mm > dm ? dy : dy + 1) : (mm <= dm ? dy : dy - 1);
      }
    }
    if (!y) {
      value = fmt::format("XXXX-{:02}", m);
      return true;
    }
    date = DateValue::Month(*y, m);
    value = date.ToTimex();
    return date.ok();
  }
  if (y) {
    date = DateValue::Year(*y);
    value = date.ToTimex();
    return date.ok();
  }
  if (wd) {
    if (wd < 1 || wd > 7) return false;
    if (!ctx.dct) {
      value = WithPart(fmt::format("XXXX-WXX-{}", wd), part);
      return true;
    }
    // "the previous Friday" counts from the previous dated expression, when there is one.
    sys_days anchor = *ctx.dct;
    if (spec.anchor_ref && ctx.ref && ctx.ref->dated() && ctx.ref->ok())
      anchor = ctx.ref->first;
    int back = (int(Weekday(anchor)) - int(wd) + 7) % 7;  // days since the last wd (0..6)
    int fwd = (int(wd) - int(Weekday(anchor)) + 7) % 7;   // days until the next wd (0..6)
    sys_days pick = anchor - days{back};
    if (dir && *dir == -1) {
      pick = anchor - days{back == 0 ? 7 : back};
    } else if (dir && *dir == 1) {
      pick = anchor + days{fwd == 0 ? 7 : fwd};
    } else if (ctx.tense > 0) {
      pick = anchor + days{fwd};
    } else if (ctx.tense_nearest && fwd < back) {
      pick = anchor + days{fwd};
    }
    date = DateValue::Day(pick);
    value = WithPart(date.ToTimex(), part);
    return true;
  }
  return false;
}

// The unit code: the spec's unit= option, else the captured unit.
std::string_view UnitText(const ValueSpec& spec, const Captures& caps) {
  return spec.unit.set ? ArgText(spec.unit, caps) : caps.Lex(Cap::kUnit);
}

bool ResolveRel(const ValueSpec& spec, const Captures& caps, const Context& ctx, std::string& value,
                DateValue& date) {
  std::string_view unit = UnitText(spec, caps);
  bool vague = false;
  auto off_d = ArgNumber(spec.off, caps, vague);
  if (!off_d && !vague) off_d = 0;
  std::string_view part = spec.part.set ? ArgText(spec.part, caps) : caps.Lex(Cap::kPart);
  if (vague || !ctx.dct || *off_d != std::floor(*off_d)) {
    double o = off_d.value_or(spec.off.negate ? -1 : 1);
    value = o < 0 ? "PAST_REF" : o > 0 ? "FUTURE_REF" : "PRESENT_REF";
    return true;
  }
  int off = int(*off_d);
  sys_days dct = *ctx.dct;
  // "For the nine months, net rose to $5 million from $4 million a year earlier": the
  // span of months a year back lies in the year before (the period the report compares
  // is that span, not the quarter or day mentioned before it).
  if ((spec.anchor_ref || spec.anchor_quarter) && unit == "Y" && off != 0 && ctx.span_before &&
      IsMonthSpan(ctx.span_before->value)) {
    const bool has_ref = ctx.ref && ctx.ref->dated() && ctx.ref->ok();
    date = DateValue::Year(Year(has_ref ? ctx.ref->first : dct) + off);
    value = date.ToTimex();
    return date.ok();
  }
  if (spec.anchor_day && ctx.ref && ctx.ref->ok() && ctx.ref->precision == Precision::kDay)
    dct = ctx.ref->first;
  // Anchored on the previous dated expression ("a year earlier" after "the third quarter").
  if ((spec.anchor_ref || spec.anchor_quarter) && ctx.ref && ctx.ref->dated() &&
      ctx.ref->ok()) {
    const DateValue& r = *ctx.ref;
    // A report compares its period with the one a year before; a previous
    // period that is already that far back is the one meant.
    constexpr int kPeriodLag = 300;
    if (spec.anchor_period && (r.precision == Precision::kQuarter || r.precision == Precision::kYear) &&
        r.last < dct - days{kPeriodLag}) {
      date = r;
      value = date.ToTimex();
      return date.ok();
    }
    if (r.precision == Precision::kQuarter && (unit == "Y" || unit == "Q")) {
      int idx = QuarterIndex(r.first) + (unit == "Y" ? 4 * off : off);
      date = QuarterFromIndex(idx);
      value = date.ToTimex();
      return date.ok();
    }
    // Otherwise the units count from the day the previous expression starts.
    if (spec.anchor_ref) dct = r.first;
  }
  if (unit == "D" || unit == "H" || unit == "MIN" || unit == "S") {
    date = DateValue::Day(dct + days{unit == "D" ? off : 0});
    value = WithPart(date.ToTimex(), part);
  } else if (unit == "W") {
    date = DateValue::WeekOf(dct + days{7 * off});
    value = date.ToTimex();
  } else if (unit == "WE") {
    int shift = 7 * off;
    if (off == 0 && ctx.tense >= 0 && Weekday(dct) < 6 && ctx.tense == 0) shift = -7;
    if (off == 0 && ctx.tense < 0 && Weekday(dct) < 6) shift = -7;
    date = DateValue::WeekOf(dct + days{shift});
    value = date.ToTimex() + "-WE";
    date = DateValue::Day(date.first + days{5});
    date.last = date.first + days{1};
  } else if (unit == "M") {
    date = MonthFromIndex(MonthIndex(Year(dct), Month(dct)) + off);
    value = date.ToTimex();
  } else if (unit == "Q") {
    date = QuarterFromIndex(QuarterIndex(dct) + off);
    value = date.ToTimex();
  } else if (unit == "Y") {
    if (Year(dct) + off < 1) {  // "4,000 years ago": before the calendar's years
      value = "PAST_REF";
      return true;
    }
    date = DateValue::Year(Year(dct) + off);
    value = date.ToTimex();
  } else if (unit == "YE") {
    date = DateValue::Day(year{Year(dct) + off} / December / 31);
    value = date.ToTimex();
  } else if (unit == "DE") {
    int dec = Year(dct) / 10 + off;
    value = fmt::format("{:03}", dec);
    return dec > 0;
  } else if (unit == "CE") {
    int c = Year(dct) / 100 + off;
    value = fmt::format("{:02}", c);
    return c > 0;
  } else {
    return false;
  }
  return date.ok();
}

// "P3M", "PT24H", "PXY"; a half unit is written in the next smaller unit, as
// TimeBank does: "2 1/2 years" P2Y6M, "5 1/2 hours" PT5H30M, "a minute and a
// half" PT1M30S, "half an hour" PT30M (other fractions stay decimal: P1.5W).
std::string DurationValue(std::string_view n, std::string_view unit) {
  bool time = unit == "H" || unit == "MIN" || unit == "S";
  if ((unit == "DE" || unit == "CE") && n != "X") {  // two decades -> P20Y
    if (auto v = ParseNumber(n)) return fmt::format("P{}Y", FormatNumber(*v * (unit == "DE" ? 10 : 100)));
  }
  std::string_view u = unit == "MIN" ? "M" : unit;
  struct Half {
    std::string_view unit, smaller;
    int count;  // of the smaller unit in half of the unit
    bool smaller_is_time;
  };
  static constexpr Half kHalves[] = {
      {"Y", "M", 6, false}, {"D", "H", 12, true}, {"H", "M", 30, true}, {"M", "S", 30, true}};
  const std::optional<double> v = ParseNumber(n);
  if (v && *v > 0 && *v - std::floor(*v) == 0.5) {
    for (const Half& h : kHalves) {
      if (h.unit != u || (u == "M" && !time)) continue;  // half a month has no whole days
      const int64_t whole = int64_t(std::floor(*v));
      std::string out = "P";
      if (time) out += 'T';
      if (whole > 0) out += fmt::format("{}{}", whole, u);
      if (h.smaller_is_time && !time) out += 'T';
      out += fmt::format("{}{}", h.count, h.smaller);
      return out;
    }
  }
  return fmt::format("P{}{}{}", time ? "T" : "", n, u);
}

bool ResolveDur(const ValueSpec& spec, const Captures& caps, std::string& value) {
  std::string_view unit = UnitText(spec, caps);
  if (unit.empty()) return false;
  std::string n;
  bool vague = false;
  std::optional<double> num;
  if (caps.Has(Cap::kNum)) {
    Arg a;
    a.set = true;
    a.cap = Cap::kNum;
    num = ArgNumber(a, caps, vague);
  } else if (spec.n.set) {
    num = ArgNumber(spec.n, caps, vague);
  } else {
    num = 1;
  }
  if (vague) {
    n = "X";
  } else if (num) {
    n = FormatNumber(*num + (spec.plus_half ? 0.5 : 0));
  } else {
    return false;
  }
  value = DurationValue(n, unit);
  return true;
}

bool ResolveSet(const ValueSpec& spec, const Captures& caps, std::string& value) {
  if (caps.Has(Cap::kWeekday)) {
    // "every Monday" XXXX-WXX-1, "Tuesday nights" XXXX-WXX-2TNI.
    value = fmt::format("XXXX-WXX-{}", caps.Lex(Cap::kWeekday));
    if (caps.Has(Cap::kPart)) value += fmt::format("T{}", caps.Lex(Cap::kPart));
    return true;
  }
  if (caps.Has(Cap::kMonth)) {  // "each July" XXXX-07
    auto m = LeadingInt(caps.Lex(Cap::kMonth));
    if (!m || *m < 1 || *m > 12) return false;
    value = fmt::format("XXXX-{:02}", *m);
    return true;
  }
  if (caps.Has(Cap::kSeason)) {  // "every summer" XXXX-SU
    value = fmt::format("XXXX-{}", caps.Lex(Cap::kSeason));
    return true;
  }
  if (caps.Has(Cap::kPart)) {
    value = fmt::format("XXXX-XX-XXT{}", caps.Lex(Cap::kPart));
    return true;
  }
  return ResolveDur(spec, caps, value);
}

bool ResolveQuarter(const ValueSpec& spec, const Captures& caps, const Context& ctx,
                    std::string& value, DateValue& date) {
  std::optional<int> q, y;
  if (caps.Has(Cap::kQ)) {
    std::string_view lex = caps.Lex(Cap::kQ);
    q = LeadingInt(lex.empty() ? caps.Get(Cap::kQ) : lex);
    if (!q || *q < 1 || *q > 4) return false;
  }
  if (caps.Has(Cap::kYear)) y = LeadingInt(caps.Get(Cap::kYear));
  if (caps.Has(Cap::kYdir) && ctx.dct) {
    if (auto d = ParseNumber(caps.Lex(Cap::kYdir))) y = Year(*ctx.dct) + int(*d);
  }
  int extra = 0;
  if (spec.off.set) {
    bool vague = false;
    extra = int(ArgNumber(spec.off, caps, vague).value_or(0));
  }
  if (q && y) {
    date = QuarterFromIndex(*y * 4 + *q - 1 + extra);
  } else if (!ctx.dct) {
    value = q ? fmt::format("XXXX-Q{}", *q) : "XXXX-QX";
    return true;
  } else if (q) {
    int now = QuarterIndex(*ctx.dct);
    int dy = Year(*ctx.dct);
    int idx = dy * 4 + *q - 1;
    if (idx > now && (ctx.tense <= 0 || ctx.tense_present)) idx -= 4;
    date = QuarterFromIndex(idx + extra);
  } else {
    // "the quarter", "the latest quarter": the last completed quarter
    // (of the year given, for "the 1988 quarter").
    int idx = QuarterIndex(*ctx.dct) - 1;
    if (y) idx = *y * 4 + idx % 4;
    date = QuarterFromIndex(idx + extra);
  }
  value = date.ToTimex();
  return date.ok();
}

}  // namespace

std::optional<Cap> CapFromName(std::string_view name) {
  for (size_t i = 0; i < kCapCount; ++i)
    if (kCapNames[i] == name) return Cap(i);
  return std::nullopt;
}

std::string_view CapName(Cap c) { return c == Cap::kCount ? "" : kCapNames[size_t(c)]; }

std::optional<ValueSpec> ParseValueSpec(std::string_view text, std::string& error) {
  ValueSpec spec;
  if (text == "-") {
    spec.kind = Kind::kNegative;
    return spec;
  }
  size_t sp = text.find(' ');
  std::string_view head = text.substr(0, sp);
  static constexpr std::pair<std::string_view, Kind> kKinds[] = {
      {"date", Kind::kDate},       {"rel", Kind::kRel},       {"dur", Kind::kDur},
      {"set", Kind::kSet},         {"quarter", Kind::kQuarter}, {"half", Kind::kHalf},
      {"decade", Kind::kDecade},   {"century", Kind::kCentury}, {"clock", Kind::kClock}};
  bool found = false;
  for (const auto& [name, kind] : kKinds) {
    if (head == name) {
      spec.kind = kind;
      found = true;
    }
  }
  if (!found) {
    if (sp != std::string_view::npos || text.empty() || text.find('{') != std::string_view::npos) {
      error = fmt::format("unknown value kind '{}'", head);
      return std::nullopt;
    }
    spec.kind = Kind::kLiteral;
    spec.literal = text;
    return spec;
  }
  std::string_view rest = sp == std::string_view::npos ? "" : text.substr(sp + 1);
  while (!rest.empty()) {
    size_t e = rest.find(' ');
    std::string_view opt = rest.substr(0, e);
    rest = e == std::string_view::npos ? "" : rest.substr(e + 1);
    if (opt.empty()) continue;
    size_t eq = opt.find('=');
    if (eq == std::string_view::npos) {
      error = fmt::format("option '{}' is not key=value", opt);
      return std::nullopt;
    }
    std::string_view key = opt.substr(0, eq), val = opt.substr(eq + 1);
    Arg a;
    a.set = true;
    if (!val.empty() && val[0] == '-' && val.size() > 1 && val[1] == '{') {
      a.negate = true;
      val.remove_prefix(1);
    }
    if (!val.empty() && val[0] == '{') {
      if (val.back() != '}') {
        error = fmt::format("unclosed capture reference '{}'", val);
        return std::nullopt;
      }
      auto cap = CapFromName(val.substr(1, val.size() - 2));
      if (!cap) {
        error = fmt::format("unknown capture '{}'", val);
        return std::nullopt;
      }
      a.cap = *cap;
    } else {
      a.lit = val;
    }
    if (key == "unit") {
      spec.unit = a;
    } else if (key == "off") {
      spec.off = a;
    } else if (key == "n") {
      spec.n = a;
    } else if (key == "part") {
      spec.part = a;
    } else if (key == "hour") {
      spec.hour = a;
    } else if (key == "anchor" &&
               (val == "ref" || val == "dct" || val == "quarter" || val == "period" || val == "day")) {
      spec.anchor_ref = val == "ref" || val == "period";
      spec.anchor_period = val == "period";
      spec.anchor_day = val == "day";
      spec.anchor_quarter = val == "quarter";
    } else if (key == "half" && val == "1") {
      spec.plus_half = true;
    } else if (key == "tense" && (val == "-1" || val == "1")) {
      spec.tense = val == "1" ? 1 : -1;
    } else if (key == "prev_month" && val == "back") {
      spec.prev_month_back = true;
    } else {
      error = fmt::format("unknown option '{}'", opt);
      return std::nullopt;
    }
  }
  if (spec.kind == Kind::kRel && !spec.unit.set) {
    error = "rel needs unit=";
    return std::nullopt;
  }
  return spec;
}

bool Resolve(const ValueSpec& spec, const Captures& caps, const Context& in_ctx, std::string& value,
             DateValue& date) {
  Context ctx = in_ctx;
  if (!UsesRef(spec)) ctx.ref = nullptr;  // see UsesRef
  date = DateValue{};
  value.clear();
  switch (spec.kind) {
    case Kind::kNegative: return false;
    case Kind::kLiteral: value = std::string(spec.literal); return true;
    case Kind::kDate: {
      if (!ResolveDate(spec, caps, ctx, value, date)) return false;
      if (!spec.unit.set && !spec.off.set) return true;
      // "the day before Nov. 9" (date unit=D off=-1), "the week of March 6"
      // (date unit=W): a day shifted or widened; only a day without a time.
      if (date.precision != Precision::kDay || value.find('T') != std::string::npos) return false;
      std::string_view unit = spec.unit.set ? ArgText(spec.unit, caps) : "D";
      bool vague = false;
      const long off = spec.off.set ? long(ArgNumber(spec.off, caps, vague).value_or(0)) : 0;
      if (vague || (unit != "D" && unit != "W")) return false;
      const date::sys_days day = date.first + date::days{unit == "W" ? 7 * off : off};
      date = unit == "W" ? DateValue::WeekOf(day) : DateValue::Day(day);
      value = date.ToTimex();
      return date.ok();
    }
    case Kind::kRel: return ResolveRel(spec, caps, ctx, value, date);
    case Kind::kDur: return ResolveDur(spec, caps, value);
    case Kind::kSet: return ResolveSet(spec, caps, value);
    case Kind::kQuarter: return ResolveQuarter(spec, caps, ctx, value, date);
    case Kind::kHalf: {
      // n= fixes the half ("the last half of 1989": half n=2), else the ordinal captured.
      bool vague = false;
      std::optional<int> h;
      if (spec.n.set) {
        if (auto n = ArgNumber(spec.n, caps, vague)) h = int(*n);
      } else {
        h = LeadingInt(caps.Lex(Cap::kQ).empty() ? caps.Get(Cap::kQ) : caps.Lex(Cap::kQ));
      }
      if (!h || *h < 1 || *h > 2) return false;
      std::optional<int> y;
      if (caps.Has(Cap::kYear)) y = LeadingInt(caps.Get(Cap::kYear));
      if (!y && ctx.dct) y = Year(*ctx.dct);
      value = y ? fmt::format("{:04}-H{}", *y, *h) : fmt::format("XXXX-H{}", *h);
      return true;
    }
    case Kind::kDecade: {
      if (caps.Has(Cap::kDecade)) {
        value = std::string(caps.Get(Cap::kDecade));
      } else if (caps.Has(Cap::kDec2)) {  // "the '80s" (a digit), "the eighties" (decades.tsv)
        value = fmt::format("19{}", caps.Lex(Cap::kDec2).empty() ? caps.Get(Cap::kDec2) : caps.Lex(Cap::kDec2));
      } else {
        return false;
      }
      return true;
    }
    case Kind::kCentury: {
      auto c = LeadingInt(caps.Get(Cap::kCent));
      if (!c || *c < 1) return false;
      value = fmt::format("{:02}", *c - 1);
      return true;
    }
    case Kind::kClock: {
      std::string hhmm;
      if (!ClockText(spec, caps, hhmm)) return false;
      if (ctx.dct) {
        date = DateValue::Day(*ctx.dct);
        if (ctx.ref && ctx.ref->ok() && ctx.ref->precision == Precision::kDay)
          date = DateValue::Day(ctx.ref->first);
        value = fmt::format("{}T{}", date.ToTimex(), hhmm);
      } else {
        value = fmt::format("XXXX-XX-XXT{}", hhmm);
      }
      return true;
    }
  }
  return false;
}

}  // namespace timeline::timex::detail
