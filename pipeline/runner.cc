// SPDX-License-Identifier: Apache-2.0
// Runner: the producer/worker pool over articles.
#include "pipeline/runner.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <climits>
#include <condition_variable>
#include <deque>
#include <exception>
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

constexpr size_t kMaxBytesInFlight = size_t{64} << 20;

ArticleResult ProcessOne(const Pipeline& pipeline, Article&& article, const RunOptions& opt) {
  ArticleResult r;
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
  return r;
}

}  // namespace

RunSummary RunArticles(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                       const RunOptions& opt, const ResultSink& consume,
                       const ProblemSink& problem) {
  RunSummary sum;
  std::mutex out_mu;
  auto deliver = [&](ArticleResult&& r) {
    std::lock_guard<std::mutex> lock(out_mu);
    if (r.failure) {
      ++sum.failed_inputs;
      problem(ingest::Problem{*r.failure, true});
    }
    consume(std::move(r));
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
          ++sum.articles;
          sum.bytes += a.text.size();
          deliver(ProcessOne(pipeline, std::move(a), opt));
        },
        on_problem);
    return sum;
  }

  std::mutex q_mu;
  std::condition_variable q_cv, space_cv;
  std::deque<Article> queue;
  size_t bytes_in_flight = 0;
  bool done = false;
  auto worker = [&] {
    while (true) {
      Article a;
      {
        std::unique_lock<std::mutex> lock(q_mu);
        q_cv.wait(lock, [&] { return done || !queue.empty(); });
        if (queue.empty()) return;
        a = std::move(queue.front());
        queue.pop_front();
      }
      size_t n = a.text.size();
      deliver(ProcessOne(pipeline, std::move(a), opt));
      {
        std::lock_guard<std::mutex> lock(q_mu);
        bytes_in_flight -= n;
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
        ++sum.articles;
        sum.bytes += a.text.size();
        std::unique_lock<std::mutex> lock(q_mu);
        space_cv.wait(lock, [&] {
          return bytes_in_flight == 0 || bytes_in_flight + a.text.size() <= kMaxBytesInFlight;
        });
        bytes_in_flight += a.text.size();
        queue.push_back(std::move(a));
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
