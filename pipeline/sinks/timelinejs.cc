// SPDX-License-Identifier: Apache-2.0
// The TimelineJS3 JSON sink (https://timeline.knightlab.com/docs/json-format.html):
// {"title": slide, "events": [slide...]}, a slide being {start_date, end_date,
// display_date, text: {headline, text}, group, unique_id, autolink}, a date
// being {year, month, day} as numbers. Undated events have no slide (a slide
// needs a start_date).
#include <date/date.h>
#include <fmt/format.h>

#include "pipeline/json.h"
#include "pipeline/sinks/sinks.h"
#include "pipeline/sinks/text.h"

namespace timeline::sinks {

namespace {

using detail::HtmlEscape;

// Fields finer than the precision are left out, so the viewer shows
// "November 2021" for a month and "2021" for a year.
void TjsDate(JsonWriter& w, date::sys_days d, Precision p) {
  date::year_month_day ymd{d};
  w.BeginObject();
  w.Key("year").Int(int(ymd.year()));
  if (p != Precision::kYear) w.Key("month").Int(unsigned(ymd.month()));
  if (p == Precision::kDay || p == Precision::kWeek) w.Key("day").Int(unsigned(ymd.day()));
  w.EndObject();
}

std::string Capitalized(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = char(out[0] - 'a' + 'A');
  return out;
}

// The slide's HTML body: evidence, facts, sources (linked when the URL is
// known), disagreements. Every piece of text is escaped.
std::string SlideText(const Event& e) {
  std::string out = fmt::format("<blockquote>{}</blockquote>", HtmlEscape(e.evidence));
  out += fmt::format("<p><b>{}</b> &middot; {} &middot; {}", HtmlEscape(Capitalized(e.type)),
                     HtmlEscape(EventStatusName(e.status)),
                     HtmlEscape(detail::HumanDate(e.date) + " (" + std::string(PrecisionName(e.date.precision)) + ")"));
  if (!e.location.empty()) out += fmt::format(" &middot; {}", HtmlEscape(e.location));
  out += "</p>";
  if (!e.participants.empty()) {
    out += fmt::format("<p>Participants: {}</p>",
                       HtmlEscape(fmt::format("{}", fmt::join(e.participants, ", "))));
  }
  const auto urls = detail::ArticleUrls(e);
  out += fmt::format("<p>Sources ({}): ", e.sources.size());
  for (size_t i = 0; i < e.sources.size(); ++i) {
    if (i) out += ", ";
    auto it = urls.find(e.sources[i]);
    if (it != urls.end() && detail::SafeUrl(it->second)) {
      out += fmt::format("<a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a>",
                         HtmlEscape(it->second), HtmlEscape(e.sources[i]));
    } else {
      out += HtmlEscape(e.sources[i]);
    }
  }
  out += "</p>";
  for (const auto& c : e.conflicts) out += fmt::format("<p><i>Sources disagree: {}</i></p>", HtmlEscape(c));
  return out;
}

}  // namespace

std::string RenderTimelineJs(const EventList& events, const RenderInfo& info) {
  size_t dated = 0;
  Event scratch;
  for (size_t i = 0; i < events.size(); ++i) {
    dated += events.Get(i, scratch, /*with_mentions=*/false).date.dated() ? 1 : 0;
  }
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("title").BeginObject();
  w.Key("text").BeginObject();
  w.Key("headline").String("Timeline");
  w.Key("text").String(HtmlEscape(fmt::format("{} event{} from {} article{} ({})", dated,
                                              dated == 1 ? "" : "s", info.articles,
                                              info.articles == 1 ? "" : "s", info.generated_by)));
  w.EndObject();
  w.EndObject();
  w.Key("events").BeginArray();
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events.Get(i, scratch);
    if (!e.date.dated()) continue;
    w.BeginObject();
    w.Key("unique_id").String(e.id);
    w.Key("start_date");
    TjsDate(w, e.date.first, e.date.precision);
    // A week or a quarter is a span; a month or a year is one mark at its precision.
    if (e.date.precision == Precision::kWeek || e.date.precision == Precision::kQuarter) {
      w.Key("end_date");
      TjsDate(w, e.date.last, e.date.precision);
    }
    w.Key("display_date").String(HtmlEscape(detail::HumanDate(e.date)));
    w.Key("group").String(HtmlEscape(Capitalized(e.type)));
    w.Key("text").BeginObject();
    w.Key("headline").String(HtmlEscape(e.title));
    w.Key("text").String(SlideText(e));
    w.EndObject();
    w.Key("autolink").Bool(false);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace timeline::sinks
