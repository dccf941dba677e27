// SPDX-License-Identifier: Apache-2.0
// The TimelineJS3 JSON sink: {"title": {...}, "events": [{start_date, end_date, text, group}]}.
#include <date/date.h>
#include <fmt/format.h>

#include "pipeline/json.h"
#include "pipeline/sinks/sinks.h"

namespace timeline::sinks {

namespace {

// TimelineJS dates are objects of strings; fields finer than the precision
// are left out so the viewer shows "November 2021" for a month.
void TjsDate(JsonWriter& w, date::sys_days d, Precision p) {
  date::year_month_day ymd{d};
  w.BeginObject();
  w.Key("year").String(fmt::format("{}", int(ymd.year())));
  if (p == Precision::kDay || p == Precision::kWeek || p == Precision::kMonth ||
      p == Precision::kQuarter) {
    w.Key("month").String(fmt::format("{}", unsigned(ymd.month())));
  }
  if (p == Precision::kDay || p == Precision::kWeek) {
    w.Key("day").String(fmt::format("{}", unsigned(ymd.day())));
  }
  w.EndObject();
}

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string RenderTimelineJs(const std::vector<Event>& events, const RenderInfo& info) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("title").BeginObject();
  w.Key("text").BeginObject();
  w.Key("headline").String("Timeline");
  w.Key("text").String(fmt::format("{} events from {} articles ({})", events.size(),
                                   info.articles, info.generated_by));
  w.EndObject().EndObject();
  w.Key("events").BeginArray();
  for (const Event& e : events) {
    if (!e.date.dated()) continue;
    w.BeginObject();
    w.Key("unique_id").String(e.id);
    w.Key("start_date");
    TjsDate(w, e.date.first, e.date.precision);
    if (e.date.precision != Precision::kDay) {
      w.Key("end_date");
      TjsDate(w, e.date.last, e.date.precision);
    }
    w.Key("display_date").String(e.date.ToTimex());
    w.Key("group").String(e.type);
    std::string body = fmt::format("<p>{}</p><p><b>{}</b>{}</p><p>Sources: {}</p>",
                                   Escape(e.evidence), Escape(std::string(EventStatusName(e.status))),
                                   e.location.empty() ? "" : ", " + Escape(e.location),
                                   Escape(fmt::format("{}", fmt::join(e.sources, ", "))));
    w.Key("text").BeginObject().Key("headline").String(e.title).Key("text").String(body).EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace timeline::sinks
