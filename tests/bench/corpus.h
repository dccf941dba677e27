// SPDX-License-Identifier: Apache-2.0
// Benchmark corpus: a deterministic, realistic mix of .txt articles and .jsonl drops.
//
// EnsureCorpus() builds a directory of synthetic news articles from the
// project's own samples (samples/articles, samples/dev/articles incl. its
// .jsonl drop) and, when present, the development texts in
// ../shared/data/timeml/{train,silver}.jsonl. Each new article starts from a
// source article, swaps some of its paragraphs for paragraphs of others, adds
// boilerplate lines real scrapes carry, and perturbs its names, places and
// dates consistently (one person becomes another person everywhere in the
// article; all its dates move by the same number of years and months). About
// 45% of the articles become .txt files (with a `date` header line, a
// `Source Article from URL` footer, or neither), the rest are written to
// .jsonl drops in the three field styles ingest accepts.
//
// Output depends only on (seed, target size, the source texts, the rule data
// used for names and places): a `.manifest` file (hidden, so ingest skips
// it) records these, and a later call with the same inputs reuses the
// directory instead of writing it again. Sizes are in bytes on disk.
// Not thread-safe; cost: linear in the target size (about 10 s per GB).
#pragma once

#include <cstdint>
#include <string>

#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::bench {

struct CorpusOptions {
  std::string dir;              // created; replaced only if it holds a .manifest of ours
  uint64_t target_bytes = 200'000'000;
  uint64_t seed = 1;
  std::string source_root;      // the repository (samples/ lives here)
  std::string shared_dir;       // ../shared; skipped when missing or empty
};

struct CorpusInfo {
  uint64_t bytes = 0;           // bytes on disk of every input file
  uint64_t articles = 0;
  uint64_t txt_files = 0;
  uint64_t jsonl_files = 0;
  uint64_t source_articles = 0; // how many source articles fed it
  std::string sources;          // which source sets were used, e.g. "samples,dev,timeml"
  bool reused = false;          // true: an identical corpus was already there
};

// Generates the corpus (or reuses an identical one). Errors: unreadable
// sources, a directory we did not create, write failures.
Result<CorpusInfo> EnsureCorpus(const CorpusOptions& options, const RuleStore& rules);

}  // namespace timeline::bench
