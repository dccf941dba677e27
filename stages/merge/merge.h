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
// Merge is associative and commutative and event ids are stable.
// Thread-safety: immutable after Load(); Merge() may be called concurrently.
#pragma once

#include <memory>
#include <vector>

#include "pipeline/event.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::merge {

class Merger {
 public:
  static Result<Merger> Load(const RuleStore& rules);
  // Clusters the mentions into events sorted by date_start, date_end, type,
  // title (then id). Undated mentions form undated events.
  std::vector<Event> Merge(std::vector<EventMention> mentions) const;

  Merger(Merger&&) noexcept;
  Merger& operator=(Merger&&) noexcept;
  ~Merger();

 private:
  Merger();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace timeline::merge
