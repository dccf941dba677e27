// SPDX-License-Identifier: Apache-2.0
// Runner: reads inputs and runs the pipeline on each article, on N threads.
//
// Ingest runs on the calling thread and feeds a bounded queue (at most
// ~64 MB of article text in flight, so memory does not grow with the input);
// worker threads run the per-article stages and hand each result to
// `consume`, one call at a time (under a lock), in completion order. Callers
// that need a deterministic order sort the results (by article id). Each
// article runs inside one try/catch, the last defence: an exception becomes
// a failed-article Diagnostic, never a crash.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/event.h"
#include "pipeline/pipeline.h"
#include "stages/ingest/ingest.h"

namespace timeline {

struct RunOptions {
  unsigned threads = 0;              // 0: all cores
  std::string last_stage = "anchor";  // run the filters through this one
  bool want_mentions = true;          // fill ArticleResult::mentions
  bool want_timex_json = false;       // fill ArticleResult::timex_json
  std::string dump_after;             // when set, fill ArticleResult::dump_json
  StageStats* stats = nullptr;
  // When set, articles for which it returns false are skipped before any
  // stage runs (shards, unchanged articles in the store).
  std::function<bool(const Article&)> select;
};

struct ArticleResult {
  std::string id;
  std::string origin;
  uint64_t content_hash = 0;  // ArticleHash of the article
  uint64_t bytes = 0;
  std::vector<EventMention> mentions;
  std::string timex_json;
  std::string dump_json;
  std::optional<Diagnostic> failure;  // set when processing threw
};

struct RunSummary {
  size_t articles = 0;       // articles processed
  size_t skipped = 0;        // articles not selected
  size_t failed_inputs = 0;  // files, lines or articles that failed
  size_t warnings = 0;       // articles processed with a warning (e.g. invalid UTF-8)
  uint64_t bytes = 0;        // article text bytes processed
};

using ResultSink = std::function<void(ArticleResult&&)>;
using ProblemSink = std::function<void(const ingest::Problem&)>;

RunSummary RunArticles(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                       const RunOptions& options, const ResultSink& consume,
                       const ProblemSink& problem);

// XXH3-64 of bytes.
uint64_t Hash64(std::string_view bytes);
// The content hash of an article: its text and metadata (url, title,
// published date), so that a change to any of them re-extracts it.
uint64_t ArticleHash(const Article& a);

}  // namespace timeline
