// SPDX-License-Identifier: Apache-2.0
// timex: first cut; see timex.h.
#include "stages/timex/timex.h"

namespace timeline::timex {

struct Tagger::Impl {};

Tagger::Tagger() : impl_(std::make_unique<Impl>()) {}
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;
Tagger::~Tagger() = default;

Result<Tagger> Tagger::Load(const RuleStore& rules) {
  (void)rules;
  return Tagger();
}

void Tagger::Run(Document& doc) const { (void)doc; }

}  // namespace timeline::timex
