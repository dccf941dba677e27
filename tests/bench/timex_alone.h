// SPDX-License-Identifier: Apache-2.0
// The timex stage alone: CPU time of timex::Tagger::Run on prepared documents.
#pragma once

#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "pipeline/rule_store.h"

namespace timeline::bench {

struct TimexAlone {
  double mb = 0;          // article text given to the tagger, per pass
  double cold_cpu_s = 0;  // the first pass (fresh tagger: its DFA caches start empty)
  double warm_cpu_s = 0;  // the best of the later passes
  // One pass of another fresh tagger that first ran over other news
  // (warm_inputs) but never saw these texts: its DFAs hold the states that
  // other news built, its memo holds nothing of these spans. The repeated
  // passes of warm_cpu_s replay spans the per-thread memo already holds.
  double first_sight_cpu_s = 0;
  size_t timexes = 0;  // per pass
  std::string error;
};

// Reads `inputs` (files or directories, as the CLI does), runs clean..segment
// on each article, then times only Tagger::Run, in thread CPU time, over
// `passes` passes (>= 2) with one freshly loaded Tagger. At most max_mb of
// article text is used. With warm_inputs, also first_sight_cpu_s: a fresh
// Tagger runs `passes` times over warm_inputs, then once over `inputs`.
TimexAlone MeasureTimexAlone(const RuleStore& rules, const Pipeline& pipeline,
                             const std::vector<std::string>& inputs, int passes, double max_mb,
                             const std::vector<std::string>& warm_inputs = {});

}  // namespace timeline::bench
