// SPDX-License-Identifier: Apache-2.0
// The CSV sink (DESIGN.md section 3).
#include <fmt/format.h>

#include "pipeline/parallel.h"
#include "pipeline/sinks/sinks.h"

namespace timeline::sinks {

namespace {

// Join of canonical names with ';'.
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

void AppendCsvRow(std::string& out, const Event& e) {
  const bool dated = e.date.dated();
  // Views where a field exists already (the evidence sentence is most of a row).
  const std::string timex = e.date.ToTimex();
  const std::string first = dated ? FormatDay(e.date.first) : "";
  const std::string last = dated ? FormatDay(e.date.last) : "";
  const std::string participants = Join(e.participants), sources = Join(e.sources);
  const std::string confidence = fmt::format("{:.2f}", e.confidence);
  const std::string_view fields[] = {
      e.id,
      timex,
      first,
      last,
      PrecisionName(e.date.precision),
      e.type,
      participants,
      e.location,
      EventStatusName(e.status),
      confidence,
      sources,
      e.title,
      e.evidence,
  };
  for (size_t i = 0; i < std::size(fields); ++i) {
    if (i) out += ',';
    AppendCsvField(out, fields[i]);
  }
  out += '\n';
}

std::string RenderCsv(const EventList& events, unsigned threads) {
  std::string out;
  for (const std::string& piece : RenderPieces(Format::kCsv, events, {}, threads)) out += piece;
  return out;
}

}  // namespace timeline::sinks
