// SPDX-License-Identifier: Apache-2.0
// Runner: the producer/worker pool over articles.
#include "pipeline/runner.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <climits>
#include <condition_variable>
#include <deque>
#include <exception>
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

ArticleResult ProcessOne(const Pipeline& pipeline, Article&& article, uint64_t seq,
                         const RunOptions& opt) {
  ArticleResult r;
  r.seq = seq;
  r.id = article.id;
  r.origin = article.origin;
  r.bytes = article.text.size();
  r.content_hash = ArticleHash(article);
  try {
    Document doc;
    doc.article = std::move(article);
    std::string_view last = opt.last_stage;
    if (!opt.dump_after.empty()) last = opt.dump_after;
    if (opt.want_mentions) last = "anchor";
    pipeline.Process(doc, last, opt.stats);
    if (opt.want_mentions) r.mentions = ToEventMentions(doc);
    if (opt.want_timex_json) r.timex_json = TimexJson(doc);
    if (!opt.dump_after.empty()) r.dump_json = DumpDocument(doc, opt.dump_after);
  } catch (const std::exception& e) {
    r.failure = Error(r.origin, 0, fmt::format("internal error: {}", e.what()));
  } catch (...) {
    r.failure = Error(r.origin, 0, "internal error");
  }
  if (opt.finish) {
    try {
      opt.finish(r);
    } catch (const std::exception& e) {
      r.output.clear();
      if (!r.failure) r.failure = Error(r.origin, 0, fmt::format("internal error: {}", e.what()));
    } catch (...) {
      r.output.clear();
      if (!r.failure) r.failure = Error(r.origin, 0, "internal error");
    }
  }
  return r;
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
    reader.Read(
        inputs,
        [&](Article&& a) {
          if (opt.select && !opt.select(a)) {
            ++sum.skipped;
            return;
          }
          const uint64_t seq = sum.articles++;
          sum.bytes += a.text.size();
          deliver(ProcessOne(pipeline, std::move(a), seq, opt));
        },
        on_problem);
    return sum;
  }

  std::mutex q_mu;
  std::condition_variable q_cv, space_cv;
  std::deque<std::pair<uint64_t, Article>> queue;
  size_t bytes_in_flight = 0;
  const size_t max_in_flight = MaxBytesInFlight(threads);
  bool done = false;
  auto worker = [&] {
    while (true) {
      std::pair<uint64_t, Article> item;
      {
        std::unique_lock<std::mutex> lock(q_mu);
        q_cv.wait(lock, [&] { return done || !queue.empty(); });
        if (queue.empty()) return;
        item = std::move(queue.front());
        queue.pop_front();
      }
      const size_t released = deliver(ProcessOne(pipeline, std::move(item.second), item.first, opt));
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
        queue.emplace_back(seq, std::move(a));
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
