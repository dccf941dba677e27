// SPDX-License-Identifier: Apache-2.0
// mentions: first cut; see mentions.h.
#include "stages/mentions/mentions.h"

namespace timeline::mentions {

struct Extractor::Impl {};

Extractor::Extractor() : impl_(std::make_unique<Impl>()) {}
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;
Extractor::~Extractor() = default;

Result<Extractor> Extractor::Load(const RuleStore& rules) {
  (void)rules;
  return Extractor();
}

void Extractor::Run(Document& doc) const { (void)doc; }

}  // namespace timeline::mentions
