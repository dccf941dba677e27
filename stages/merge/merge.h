// SPDX-License-Identifier: Apache-2.0
// merge: cross-article deduplication of event mentions into one timeline.
//
// Input: the event mentions of any number of articles (from the pipeline,
// from `timeline extract` files, or from partial timelines, whose events
// carry their mentions). Output: events, each a cluster of mentions of
// compatible type (merge/data/type_compat.tsv: a summit is also a meeting),
// overlapping participants, overlapping dates and the same place when both
// know it. An event keeps the most precise date its sources agree on, the
// strongest status, every source, and a confidence that grows with
// independent sources. The result depends only on the *set* of mentions, so
// Merge is associative and commutative and event ids are stable: an id comes
// from the event's first report (earliest publication date), so it stays the
// same when later articles join the event (see stages/merge/README.md).
// Reads merge/data/{type_compat,titles,params}.tsv and, when present,
// mentions/data/actors.tsv and places.tsv (an actor's or a place's country:
// "China" ~ "Xi Jinping", "China" ~ "Tianjin").
// Thread-safety: immutable after Load(); Merge() may be called concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/compact.h"
#include "pipeline/event.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::merge {

class Merger {
 public:
  // Errors name the data file and line: "merge/data/titles.tsv:9: call:
  // unknown field {who} (known: {participants}, {location}, {Type})".
  static Result<Merger> Load(const RuleStore& rules);
  // Clusters the mentions into events sorted by date_start, date_end, type,
  // title (then id); undated events come last. A deterministic function of
  // the set of mentions (identical mentions count once): input order does
  // not matter, and Merge(mentions of Merge(x) + y) == Merge(x + y). Never
  // fails on content. Cost: about O(n log n) plus the pairs of mentions that
  // share a participant and overlapping dates. Runs on up to `threads`
  // threads (the calling one included); the events are the same for any
  // number.
  std::vector<Event> Merge(std::vector<EventMention> mentions, unsigned threads = 1) const;
  // The same merge on compact mentions (pipeline/compact.h), for inputs too
  // large to hold as EventMentions: `timeline run` and `timeline merge`.
  // Canonicalizes and sorts the table's records in place and returns it in
  // the Timeline with the events, which refer to its records and strings;
  // timeline.Materialize(i) is exactly Merge(...)[i]. Holds per mention the
  // 80-byte record and about 60 bytes of clustering state, per event about
  // 250 bytes, and 16 bytes per linked pair of a component that is clustered
  // pairwise (see README.md); no string is copied.
  Timeline MergeCompact(MentionTable mentions, unsigned threads = 1) const;
  // The headline of an event (merge/data/titles.tsv), e.g. ("visit",
  // {"Wendy Sherman"}, "China") -> "Visit: Wendy Sherman to China".
  std::string Title(std::string_view type, const std::vector<std::string>& participants,
                    std::string_view location) const;

  Merger(Merger&&) noexcept;
  Merger& operator=(Merger&&) noexcept;
  ~Merger();

 private:
  Merger();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace timeline::merge
