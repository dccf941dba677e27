// SPDX-License-Identifier: Apache-2.0
// Store: the SQLite store behind `timeline run --store PATH` (batch runs).
//
// Remembers every article (id, content hash), its event mentions, the
// merged timeline, failed inputs and a log of runs; the tables are
// documented in schemas/store.sql, whose text is compiled in and applied on
// open. A run is one transaction: Begin() takes the write lock (a second
// run waits up to the busy timeout, then gets "store is busy"), Commit()
// makes everything visible at once; a run killed at any point leaves the
// store as before it. Not thread-safe: one Store per run, used from the
// thread that drives the run.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/event.h"
#include "pipeline/result.h"

struct sqlite3;

namespace timeline::store {

inline constexpr int kSchemaVersion = 1;

struct KnownArticle {
  std::string content_hash;
};

struct EventCounts {
  size_t added = 0, updated = 0, removed = 0, total = 0;
};

struct RunRecord {
  std::string started, finished;  // UTC ISO 8601
  std::string rules_hash;
  size_t new_articles = 0, changed_articles = 0, unchanged_articles = 0;
  size_t failed_inputs = 0, pruned_articles = 0;
  EventCounts events;
};

class Store {
 public:
  // Opens or creates the store and migrates its schema. Errors:
  // "PATH: cannot open store: ...", "PATH: store schema version 7 is newer
  // than this program's (1)", "PATH: not a timeline store: ...".
  static Result<Store> Open(const std::string& path, int busy_timeout_ms = 60000);

  // Starts the run's transaction (BEGIN IMMEDIATE). Errors: "PATH: store is
  // busy: another run is writing it; try again when it has finished".
  Result<void> Begin();
  Result<void> Commit();
  void Rollback();

  // The id of this run (runs.id it will get).
  int64_t run_id() const { return run_id_; }
  // Rule hash of the last committed run ("" for a new store).
  Result<std::string> LastRulesHash();
  // Every stored article: id -> content hash.
  Result<std::map<std::string, KnownArticle>> Articles();
  // Replaces an article's row and all its mentions.
  Result<void> PutArticle(const std::string& id, const std::string& origin,
                          const std::string& content_hash, uint64_t bytes,
                          const std::vector<EventMention>& mentions);
  // Deletes articles (and their mentions) not in `keep`; returns how many.
  Result<size_t> Prune(const std::vector<std::string>& keep);
  // Records a failed input for this run; clears older failures of inputs
  // seen again via ClearFailures first.
  Result<void> ClearFailures();
  Result<void> PutFailure(const std::string& origin, const std::string& reason);
  // Every stored mention, in (article, seq) order.
  Result<std::vector<EventMention>> AllMentions();
  // Replaces the merged timeline; counts what changed against the old one.
  Result<EventCounts> ReplaceEvents(const std::vector<Event>& events);
  Result<void> PutRun(const RunRecord& run);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

 private:
  Store() = default;
  // One attempt of Open; `busy` tells whether it failed on a lock.
  static Result<Store> OpenOnce(const std::string& path, int busy_timeout_ms, bool& busy);
  Result<void> Exec(const char* sql);
  Diagnostic Fail(const std::string& what) const;

  sqlite3* db_ = nullptr;
  std::string path_;
  int64_t run_id_ = 0;
  bool in_tx_ = false;
};

}  // namespace timeline::store
