// SPDX-License-Identifier: Apache-2.0
// The HTML sink: one self-contained page (no network) showing the timeline.
#include <date/date.h>
#include <fmt/format.h>

#include "pipeline/sinks/sinks.h"

namespace timeline::sinks {

namespace {

std::string Esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string RenderHtml(const std::vector<Event>& events, const RenderInfo& info) {
  std::string out = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Timeline</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}
.card{border-left:4px solid #468;padding:.5rem 1rem;margin:1rem 0}</style></head><body>
)";
  out += fmt::format("<h1>Timeline</h1><p>{} events from {} articles. {}</p>\n", events.size(),
                     info.articles, Esc(info.generated_by));
  for (const Event& e : events) {
    out += fmt::format(
        "<article class=\"card\" data-type=\"{}\" data-status=\"{}\"><h3>{} &middot; {}</h3>"
        "<p>{} &middot; {}</p><blockquote>{}</blockquote><p>Sources: {}</p></article>\n",
        Esc(e.type), EventStatusName(e.status), Esc(e.date.ToTimex()), Esc(e.title),
        Esc(e.location), EventStatusName(e.status), Esc(e.evidence),
        Esc(fmt::format("{}", fmt::join(e.sources, ", "))));
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace timeline::sinks
