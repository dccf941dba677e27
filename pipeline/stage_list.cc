// SPDX-License-Identifier: Apache-2.0
// The order of stages: the one place it is written.
#include <array>

#include "pipeline/pipeline.h"

namespace timeline {

namespace {
constexpr std::array<StageInfo, 9> kStages = {{
    {"ingest", "source", "files, directories, JSON/JSONL dumps and stdin -> articles; UTF-8 repair"},
    {"clean", "filter", "mark boilerplate (share prompts, navigation, bylines); read header lines"},
    {"dct", "filter", "publication date from metadata, header, URL or text, with its source"},
    {"segment", "filter", "paragraphs and sentences (abbreviation-aware)"},
    {"timex", "filter", "temporal expressions, normalized against the publication date"},
    {"mentions", "filter", "event mentions: type, participants, place, status"},
    {"anchor", "filter", "date of each mention; join mentions of one event within an article"},
    {"merge", "reduce", "cross-article deduplication into one chronological timeline"},
    {"sinks", "sink", "csv, jsonl, json, timelinejs, html; the SQLite store"},
}};
static_assert(kStages.size() <= StageStats::kMaxStages);
}  // namespace

std::span<const StageInfo> StageList() { return kStages; }

std::optional<size_t> StageIndex(std::string_view name) {
  for (size_t i = 0; i < kStages.size(); ++i) {
    if (kStages[i].name == name) return i;
  }
  return std::nullopt;
}

}  // namespace timeline
