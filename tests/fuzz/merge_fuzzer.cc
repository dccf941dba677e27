// SPDX-License-Identifier: Apache-2.0
// Fuzz harness: `timeline merge` on jsonl lines of events (extract output or
// partial timelines). Lines that do not parse are skipped, as the command
// skips them; the mentions of the rest are merged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/event.h"
#include "pipeline/rule_store.h"
#include "pipeline/sinks/sinks.h"
#include "stages/merge/merge.h"
#include "tests/fuzz/fuzz_util.h"

// Checks what a user of the merge relies on, whatever the lines say:
// - the events are the same on one thread and on two;
// - every mention read is in an event (as its canonical form: at least as
//   many mentions come out as distinct ones went in, none invented);
// - the events are in timeline order (dated by start, end; undated last),
//   each with sources and mentions, and a dated event's interval is valid;
// - every event renders as CSV and as a jsonl line that reads back, and
//   merging the events' own mentions again gives the same events.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timeline;
  static const merge::Merger* merger = [] {
    auto m = merge::Merger::Load(RuleStore::Builtin());
    fuzz::Require(m.ok(), "the built-in merge rules do not load");
    return new merge::Merger(std::move(m).value());
  }();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<EventMention> mentions;
  while (!in.empty()) {
    const size_t nl = in.find('\n');
    const std::string_view line = in.substr(0, nl);
    in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
    auto event = sinks::EventFromJson(line);
    if (!event.ok()) continue;
    for (EventMention& m : event->mentions) mentions.push_back(std::move(m));
  }
  const std::vector<Event> one = merger->Merge(mentions, 1);
  const std::vector<Event> two = merger->Merge(mentions, 2);
  fuzz::Require(one == two, "the events depend on the number of threads");
  size_t out = 0;
  std::vector<EventMention> again;
  for (size_t i = 0; i < one.size(); ++i) {
    const Event& e = one[i];
    fuzz::Require(!e.mentions.empty() && !e.sources.empty(), "an event without mentions or sources");
    fuzz::Require(!e.date.dated() || e.date.ok(), "a dated event with a bad interval");
    if (i > 0) {
      const Event& p = one[i - 1];
      fuzz::Require(p.date.dated() || !e.date.dated(), "an undated event before a dated one");
      if (p.date.dated() && e.date.dated()) {
        fuzz::Require(std::pair(p.date.first, p.date.last) <= std::pair(e.date.first, e.date.last),
                      "events out of date order");
      }
    }
    std::string row;
    sinks::AppendCsvRow(row, e);
    fuzz::Require(!row.empty() && row.back() == '\n', "a CSV row without its newline");
    auto back = sinks::EventFromJson(sinks::EventToJson(e));
    fuzz::Require(back.ok(), "an event's jsonl line does not read back");
    out += e.mentions.size();
    for (EventMention& m : back->mentions) again.push_back(std::move(m));
  }
  fuzz::Require(out <= mentions.size(), "more mentions out than in");
  fuzz::Require(mentions.empty() || out > 0, "mentions in, none out");
  fuzz::Require(merger->Merge(again, 1) == one, "merging the events again changes them");
  return 0;
}
