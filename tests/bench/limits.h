// SPDX-License-Identifier: Apache-2.0
// The limits the pipeline is held against: a plain read and one RE2 pass over the same bytes.
//
// BuildUnion() reads the rule data that exists at run time through the
// RuleStore: every timex/data/lexicon/*.tsv (its surfaces, as literals),
// every `pattern` column of timex/data/rules/** (with `{name}` references
// expanded from timex/data/patterns.tsv and the lexicons) and every mentions trigger
// file (mentions/data/*trigger*, its `pattern` column). Patterns that do not
// compile on their own are skipped and counted, never fatal; with no rule data
// at all a small built-in list of temporal and trigger words stands in.
//
// ReadPass() reads each file into one reused buffer and touches every byte;
// Re2Pass() reads the same way and then finds every match of the union in one
// RE2 (leftmost-first, case-insensitive), the throughput of a grep-like tool
// built on RE2; SetPass() runs an RE2::Set of the same alternatives over each
// file (one DFA pass, no positions). All single-threaded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/rule_store.h"

namespace timeline::bench {

struct PatternUnion {
  std::vector<std::string> alternatives;  // each compiles on its own
  std::vector<std::string> origins;       // per alternative: "rule file:line" (or "lexicon file")
  std::vector<std::string> files;         // the rule files they came from
  size_t skipped = 0;                     // patterns that did not compile
  bool fallback = false;                  // no rule data: built-in words used
};

PatternUnion BuildUnion(const RuleStore& rules);

struct PassResult {
  double seconds = 0;
  uint64_t bytes = 0;
  uint64_t matches = 0;  // matches (Re2Pass), files with a match (SetPass), lines (ReadPass)
  std::string error;     // set when the pattern could not be built (e.g. out of memory)
};

// All regular, non-hidden files below dir, sorted (the inputs ingest reads).
std::vector<std::string> ListFiles(const std::string& dir);

PassResult ReadPass(const std::vector<std::string>& files);
PassResult Re2Pass(const std::vector<std::string>& files, const PatternUnion& u);
PassResult SetPass(const std::vector<std::string>& files, const PatternUnion& u);

// Where the RE2 pass spends its time: each alternative alone, finding every
// match in the first sample_bytes of the files; sorted slowest first.
struct AlternativeCost {
  double mbps = 0;
  uint64_t matches = 0;
  size_t index = 0;  // into PatternUnion::alternatives
};
// The union of only the alternatives whose origin starts with prefix, over
// the same sample: shows which rule family makes the union's DFA expensive.
AlternativeCost CostOfSubset(const std::vector<std::string>& files, const PatternUnion& u,
                             std::string_view prefix, size_t sample_bytes);
std::vector<AlternativeCost> CostPerAlternative(const std::vector<std::string>& files,
                                                const PatternUnion& u, size_t sample_bytes);

}  // namespace timeline::bench
