// SPDX-License-Identifier: Apache-2.0
// Text helpers for the html and timelinejs sinks.
#include "pipeline/sinks/text.h"

#include <date/date.h>
#include <fmt/format.h>

namespace timeline::sinks::detail {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view MonthName(unsigned month) {
  static constexpr std::string_view kNames[] = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return month >= 1 && month <= 12 ? kNames[month - 1] : std::string_view("?");
}

std::string HumanDate(const DateValue& d) {
  if (!d.dated()) return "undated";
  const date::year_month_day f{d.first}, l{d.last};
  const int fy = int(f.year()), ly = int(l.year());
  const unsigned fm = unsigned(f.month()), lm = unsigned(l.month());
  switch (d.precision) {
    case Precision::kDay:
      return fmt::format("{} {} {}", unsigned(f.day()), MonthName(fm), fy);
    case Precision::kWeek:
      if (fy != ly) {
        return fmt::format("{} {} {} – {} {} {}", unsigned(f.day()), MonthName(fm), fy,
                           unsigned(l.day()), MonthName(lm), ly);
      }
      if (fm != lm) {
        return fmt::format("{} {} – {} {} {}", unsigned(f.day()), MonthName(fm), unsigned(l.day()),
                           MonthName(lm), ly);
      }
      return fmt::format("{}–{} {} {}", unsigned(f.day()), unsigned(l.day()), MonthName(fm), fy);
    case Precision::kMonth: return fmt::format("{} {}", MonthName(fm), fy);
    case Precision::kQuarter: return fmt::format("Q{} {}", (fm - 1) / 3 + 1, fy);
    case Precision::kYear: return fmt::format("{}", fy);
    case Precision::kNone: break;
  }
  return "undated";
}

bool SafeUrl(std::string_view url) {
  if (url.substr(0, 7) != "http://" && url.substr(0, 8) != "https://") return false;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' ||
        c == '\\' || c == '`')
      return false;
  }
  return true;
}

std::map<std::string, std::string> ArticleUrls(const Event& e) {
  std::map<std::string, std::string> out;
  for (const EventMention& m : e.mentions) {
    if (!m.url.empty() && !out.count(m.article)) out.emplace(m.article, m.url);
  }
  return out;
}

}  // namespace timeline::sinks::detail
