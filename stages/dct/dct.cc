// SPDX-License-Identifier: Apache-2.0
// dct: first cut; see dct.h.
#include "stages/dct/dct.h"

namespace timeline::dct {

struct Resolver::Impl {};

Resolver::Resolver() : impl_(std::make_unique<Impl>()) {}
Resolver::Resolver(Resolver&&) noexcept = default;
Resolver& Resolver::operator=(Resolver&&) noexcept = default;
Resolver::~Resolver() = default;

Result<Resolver> Resolver::Load(const RuleStore& rules, const Options& options) {
  (void)rules; (void)options;
  return Resolver();
}

void Resolver::Run(Document& doc) const { (void)doc; }

}  // namespace timeline::dct
