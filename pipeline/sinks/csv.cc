// SPDX-License-Identifier: Apache-2.0
// The CSV sink (DESIGN.md section 3).
#include <fmt/format.h>

#include "pipeline/sinks/sinks.h"

namespace timeline::sinks {

namespace {
std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ';';
    out += v[i];
  }
  return out;
}
}  // namespace

void AppendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string RenderCsv(const std::vector<Event>& events) {
  std::string out =
      "event_id,date,date_start,date_end,precision,type,participants,location,status,"
      "confidence,sources,title,evidence\n";
  for (const Event& e : events) {
    const bool dated = e.date.dated();
    std::string fields[] = {
        e.id,
        e.date.ToTimex(),
        dated ? FormatDay(e.date.first) : "",
        dated ? FormatDay(e.date.last) : "",
        std::string(PrecisionName(e.date.precision)),
        e.type,
        Join(e.participants),
        e.location,
        std::string(EventStatusName(e.status)),
        fmt::format("{:.2f}", e.confidence),
        Join(e.sources),
        e.title,
        e.evidence,
    };
    for (size_t i = 0; i < std::size(fields); ++i) {
      if (i) out += ',';
      AppendCsvField(out, fields[i]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace timeline::sinks
