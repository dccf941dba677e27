// SPDX-License-Identifier: Apache-2.0
// Runner: the producer/worker pool over articles.
#include "pipeline/runner.h"

#include <xxhash.h>

#include <climits>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace timeline {

uint64_t Hash64(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

uint64_t ArticleHash(const Article& a) {
  int64_t published = a.published ? a.published->time_since_epoch().count() : INT64_MIN;
  uint64_t parts[] = {Hash64(a.text), Hash64(a.url), Hash64(a.title), uint64_t(published)};
  return XXH3_64bits(parts, sizeof parts);
}

namespace {

// Articles run through the filters together, stage by stage
// (Pipeline::ProcessBatch), up to this much article text or this many
// articles; an article larger than the limit runs alone.
constexpr size_t kBatchBytes = size_t{1} << 20;
constexpr size_t kBatchArticles = 512;

struct Queued {
  uint64_t seq = 0;
  Article article;
};

// Runs a batch and hands each article's result to deliver, in batch order.
// Everything after the filters runs per article inside its own try/catch.
template <class Deliver>
void ProcessBatch(const Pipeline& pipeline, std::vector<Queued>& batch, const RunOptions& opt,
                  Deliver&& deliver) {
  const size_t n = batch.size();
  std::vector<ArticleResult> results(n);
  std::vector<Document> docs(n);
  std::vector<std::string> errors(n);
  for (size_t i = 0; i < n; ++i) {
    ArticleResult& r = results[i];
    Article& article = batch[i].article;
    r.seq = batch[i].seq;
    r.id = article.id;
    r.origin = article.origin;
    r.bytes = article.text.size();
    r.content_hash = ArticleHash(article);
    docs[i].article = std::move(article);
  }
  batch.clear();
  std::string_view last = opt.last_stage;
  if (!opt.dump_after.empty()) last = opt.dump_after;
  if (opt.want_mentions) last = "anchor";
  // extract, run and the store read only the mentions.
  const Wants wants = opt.want_mentions && !opt.want_timex_json && opt.dump_after.empty()
                          ? Wants::kMentionsOnly
                          : Wants::kAllLayers;
  pipeline.ProcessBatch(docs, errors, last, opt.stats, wants);
  for (size_t i = 0; i < n; ++i) {
    ArticleResult& r = results[i];
    const Document& doc = docs[i];
    if (errors[i].empty()) {
      errors[i] = InternalError([&] {
        if (opt.want_mentions && opt.mentions_as_table) {
          AddEventMentions(doc, r.table.emplace());
        } else if (opt.want_mentions) {
          r.mentions = ToEventMentions(doc);
        }
        if (opt.want_timex_json) r.timex_json = TimexJson(doc);
        if (!opt.dump_after.empty()) r.dump_json = DumpDocument(doc, opt.dump_after);
      });
    }
    if (!errors[i].empty()) r.failure = Error(r.origin, 0, std::move(errors[i]));
    docs[i] = Document{};  // the text is no longer needed: free it before the next result
    if (opt.finish) {
      std::string error = InternalError([&] { opt.finish(r); });
      if (!error.empty()) {
        r.output.clear();
        if (!r.failure) r.failure = Error(r.origin, 0, std::move(error));
      }
    }
    deliver(std::move(r));
  }
}

}  // namespace

size_t MaxBytesInFlight(unsigned threads) {
  return std::max(size_t{8} << 20, (size_t{4} << 20) * threads);
}

RunSummary RunArticles(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                       const RunOptions& opt, const ResultSink& consume,
                       const ProblemSink& problem) {
  RunSummary sum;
  std::mutex out_mu;
  // Guarded by out_mu: the reorder buffer of `ordered` runs.
  uint64_t next_seq = 0;
  std::map<uint64_t, ArticleResult> pending;
  auto deliver_locked = [&](ArticleResult&& r) {
    if (r.failure) {
      ++sum.failed_inputs;
      problem(ingest::Problem{*r.failure, true});
    }
    consume(std::move(r));
  };
  // Hands a result over; returns the article text bytes that are no longer
  // in flight (in `ordered` runs, those of every result it delivered).
  auto deliver = [&](ArticleResult&& r) -> size_t {
    std::lock_guard<std::mutex> lock(out_mu);
    if (!opt.ordered) {
      const size_t n = r.bytes;
      deliver_locked(std::move(r));
      return n;
    }
    if (r.seq != next_seq) {
      pending.emplace(r.seq, std::move(r));
      return 0;
    }
    size_t released = r.bytes;
    deliver_locked(std::move(r));
    ++next_seq;
    for (auto it = pending.begin(); it != pending.end() && it->first == next_seq;
         it = pending.erase(it), ++next_seq) {
      released += it->second.bytes;
      deliver_locked(std::move(it->second));
    }
    return released;
  };
  auto on_problem = [&](ingest::Problem&& p) {
    std::lock_guard<std::mutex> lock(out_mu);
    if (p.failed) {
      ++sum.failed_inputs;
    } else {
      ++sum.warnings;
    }
    problem(p);
  };

  unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  ingest::Reader reader;

  if (threads == 1) {
    std::vector<Queued> batch;
    size_t batch_bytes = 0;
    auto run_batch = [&] {
      ProcessBatch(pipeline, batch, opt, deliver);
      batch_bytes = 0;
    };
    reader.Read(
        inputs,
        [&](Article&& a) {
          if (opt.select && !opt.select(a)) {
            ++sum.skipped;
            return;
          }
          const uint64_t seq = sum.articles++;
          sum.bytes += a.text.size();
          if (!batch.empty() && batch_bytes + a.text.size() > kBatchBytes) run_batch();
          batch_bytes += a.text.size();
          batch.push_back(Queued{seq, std::move(a)});
          if (batch.size() >= kBatchArticles) run_batch();
        },
        on_problem);
    if (!batch.empty()) run_batch();
    return sum;
  }

  std::mutex q_mu;
  std::condition_variable q_cv, space_cv;
  std::deque<Queued> queue;
  size_t bytes_in_flight = 0;
  const size_t max_in_flight = MaxBytesInFlight(threads);
  bool done = false;
  auto worker = [&] {
    std::vector<Queued> batch;
    while (true) {
      {
        // What is queued, up to a batch (the reader keeps the queue full in
        // steady state; a worker never waits for a batch to fill).
        std::unique_lock<std::mutex> lock(q_mu);
        q_cv.wait(lock, [&] { return done || !queue.empty(); });
        if (queue.empty()) return;
        size_t bytes = 0;
        while (!queue.empty() && batch.size() < kBatchArticles &&
               (batch.empty() || bytes + queue.front().article.text.size() <= kBatchBytes)) {
          bytes += queue.front().article.text.size();
          batch.push_back(std::move(queue.front()));
          queue.pop_front();
        }
      }
      size_t released = 0;
      ProcessBatch(pipeline, batch, opt,
                   [&](ArticleResult&& r) { released += deliver(std::move(r)); });
      if (released == 0) continue;
      {
        std::lock_guard<std::mutex> lock(q_mu);
        bytes_in_flight -= released;
      }
      space_cv.notify_one();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i) pool.emplace_back(worker);
  reader.Read(
      inputs,
      [&](Article&& a) {
        if (opt.select && !opt.select(a)) {
          ++sum.skipped;
          return;
        }
        const uint64_t seq = sum.articles++;
        sum.bytes += a.text.size();
        std::unique_lock<std::mutex> lock(q_mu);
        space_cv.wait(lock, [&] {
          return bytes_in_flight == 0 || bytes_in_flight + a.text.size() <= max_in_flight;
        });
        bytes_in_flight += a.text.size();
        queue.push_back(Queued{seq, std::move(a)});
        lock.unlock();
        q_cv.notify_one();
      },
      on_problem);
  {
    std::lock_guard<std::mutex> lock(q_mu);
    done = true;
  }
  q_cv.notify_all();
  for (auto& t : pool) t.join();
  return sum;
}

}  // namespace timeline
