// SPDX-License-Identifier: Apache-2.0
// ParallelFor: a loop over independent items on a few threads.
//
// For the steps after the per-article filters (the cross-article merge,
// reading extract outputs, rendering), whose items are independent and
// whose results go into slots fixed by the item's index, so the outcome is
// the same whatever the number of threads. Threads are started per call:
// meant for a few large loops, not for many small ones.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace timeline {

// Calls f(i, worker) for every i in [0, n), on up to `threads` threads: the
// calling thread is worker 0, the others 1..threads-1; items are handed out
// in order, one at a time, so f must be safe to run concurrently for
// different items. What f computes must not depend on which worker runs it.
// An exception thrown by f is rethrown on the calling thread (the first one;
// the remaining items are skipped).
template <class F>
void ParallelFor(size_t n, unsigned threads, F&& f) {
  if (threads <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) f(i, 0u);
    return;
  }
  const unsigned workers = unsigned(std::min<size_t>(threads, n));
  std::atomic<size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mu;
  auto work = [&](unsigned worker) {
    try {
      for (size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) f(i, worker);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mu);
      if (!error) error = std::current_exception();
      next.store(n, std::memory_order_relaxed);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace timeline
