// SPDX-License-Identifier: Apache-2.0
// anchor: first cut; see anchor.h.
#include "stages/anchor/anchor.h"

namespace timeline::anchor {

struct Anchorer::Impl {};

Anchorer::Anchorer() : impl_(std::make_unique<Impl>()) {}
Anchorer::Anchorer(Anchorer&&) noexcept = default;
Anchorer& Anchorer::operator=(Anchorer&&) noexcept = default;
Anchorer::~Anchorer() = default;

Result<Anchorer> Anchorer::Load(const RuleStore& rules) {
  (void)rules;
  return Anchorer();
}

void Anchorer::Run(Document& doc) const { (void)doc; }

}  // namespace timeline::anchor
