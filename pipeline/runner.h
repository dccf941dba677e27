// SPDX-License-Identifier: Apache-2.0
// Runner: reads inputs and runs the pipeline on each article, on N threads.
//
// Ingest runs on the calling thread and feeds a bounded queue (a few MB of
// article text per thread in flight, so memory does not grow with the
// input); worker threads take what is queued, up to a batch (1 MB of text
// or 512 articles), run the filters over it stage by stage
// (Pipeline::ProcessBatch: each stage's DFAs stay in the CPU caches), then
// per article the optional `finish` hook (still on the worker, outside any
// lock), and hand each result to `consume`, one call at a time (under a
// lock). One thread batches the same way, on the reader's thread. With
// `ordered`, results reach `consume` in the reader's order (a reorder
// buffer keyed by the reader's sequence number, bounded by the same
// in-flight budget: an article's bytes count until it has been consumed),
// so output can be written as it completes and still be a deterministic
// function of the inputs; otherwise in completion order. Each article's
// stages, and its steps after them, run inside try/catch, the last defence:
// an exception becomes a failed-article Diagnostic for that article alone,
// never a crash.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/compact.h"
#include "pipeline/event.h"
#include "pipeline/pipeline.h"
#include "stages/ingest/ingest.h"

namespace timeline {

struct ArticleResult;

struct RunOptions {
  unsigned threads = 0;              // 0: all cores
  std::string last_stage = "anchor";  // run the filters through this one
  bool want_mentions = true;          // fill ArticleResult::mentions
  // With want_mentions: fill ArticleResult::table instead (no EventMention
  // is built; what extract merges per article).
  bool mentions_as_table = false;
  bool want_timex_json = false;       // fill ArticleResult::timex_json
  std::string dump_after;             // when set, fill ArticleResult::dump_json
  StageStats* stats = nullptr;
  // When set, articles for which it returns false are skipped before any
  // stage runs (shards, unchanged articles in the store).
  std::function<bool(const Article&)> select;
  // When set, runs on the worker thread after the stages (and after a
  // failure), e.g. to render the article's output into ArticleResult::output.
  std::function<void(ArticleResult&)> finish;
  // Deliver results to `consume` in the reader's order (see above).
  bool ordered = false;
};

struct ArticleResult {
  std::string id;
  std::string origin;
  uint64_t content_hash = 0;  // ArticleHash of the article
  uint64_t bytes = 0;
  std::vector<EventMention> mentions;
  std::optional<MentionTable> table;  // the mentions, when RunOptions::mentions_as_table
  std::string timex_json;
  std::string dump_json;
  std::string output;                 // filled by RunOptions::finish, if at all
  uint64_t seq = 0;                   // the reader's order among selected articles
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

// The runner's budget of article text bytes in flight for `threads` workers
// (queued, being processed, or waiting in the reorder buffer): 4 MB per
// thread, at least 8 MB. An article larger than the budget still runs, alone.
size_t MaxBytesInFlight(unsigned threads);

RunSummary RunArticles(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                       const RunOptions& options, const ResultSink& consume,
                       const ProblemSink& problem);

// XXH3-64 of bytes.
uint64_t Hash64(std::string_view bytes);
// The content hash of an article: its text and metadata (url, title,
// published date), so that a change to any of them re-extracts it.
uint64_t ArticleHash(const Article& a);

}  // namespace timeline
