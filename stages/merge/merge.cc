// SPDX-License-Identifier: Apache-2.0
// merge: first cut; see merge.h.
#include "stages/merge/merge.h"

namespace timeline::merge {

struct Merger::Impl {};

Merger::Merger() : impl_(std::make_unique<Impl>()) {}
Merger::Merger(Merger&&) noexcept = default;
Merger& Merger::operator=(Merger&&) noexcept = default;
Merger::~Merger() = default;

Result<Merger> Merger::Load(const RuleStore& rules) {
  (void)rules;
  return Merger();
}

std::vector<Event> Merger::Merge(std::vector<EventMention> mentions) const {
  (void)mentions;
  return {};
}

}  // namespace timeline::merge
