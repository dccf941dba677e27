// SPDX-License-Identifier: Apache-2.0
// clean: first cut; see clean.h.
#include "stages/clean/clean.h"

namespace timeline::clean {

struct Cleaner::Impl {};

Cleaner::Cleaner() : impl_(std::make_unique<Impl>()) {}
Cleaner::Cleaner(Cleaner&&) noexcept = default;
Cleaner& Cleaner::operator=(Cleaner&&) noexcept = default;
Cleaner::~Cleaner() = default;

Result<Cleaner> Cleaner::Load(const RuleStore& rules) {
  (void)rules;
  return Cleaner();
}

void Cleaner::Run(Document& doc) const { (void)doc; }

}  // namespace timeline::clean
