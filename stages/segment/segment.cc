// SPDX-License-Identifier: Apache-2.0
// segment: first cut; see segment.h.
#include "stages/segment/segment.h"

namespace timeline::segment {

struct Segmenter::Impl {};

Segmenter::Segmenter() : impl_(std::make_unique<Impl>()) {}
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;
Segmenter::~Segmenter() = default;

Result<Segmenter> Segmenter::Load(const RuleStore& rules) {
  (void)rules;
  return Segmenter();
}

void Segmenter::Run(Document& doc) const { (void)doc; }

}  // namespace timeline::segment
