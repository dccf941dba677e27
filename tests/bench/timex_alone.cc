// SPDX-License-Identifier: Apache-2.0
// The timex stage alone; see timex_alone.h.
#include "tests/bench/timex_alone.h"

#include <time.h>

#include <algorithm>

#include "stages/ingest/ingest.h"
#include "stages/timex/timex.h"

namespace timeline::bench {

namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

}  // namespace

namespace {

// Articles of `inputs` after clean..segment, up to max_bytes of text.
std::vector<Document> Prepare(const Pipeline& pipeline, const std::vector<std::string>& inputs,
                              uint64_t max_bytes, uint64_t& bytes) {
  std::vector<Document> docs;
  bytes = 0;
  ingest::Reader reader;
  reader.Read(
      inputs,
      [&](Article&& a) {
        if (bytes >= max_bytes) return;
        Document& doc = docs.emplace_back();
        doc.article = std::move(a);
        pipeline.Process(doc, "segment");
        bytes += doc.text().size();
      },
      [](ingest::Problem&&) {});
  return docs;
}

// One pass of the tagger over docs: CPU seconds; the timexes found go to n.
double Pass(const timex::Tagger& tagger, std::vector<Document>& docs, size_t& n) {
  n = 0;
  double t0 = ThreadCpuSeconds();
  for (Document& doc : docs) {
    doc.timexes.clear();
    tagger.Run(doc);
    n += doc.timexes.size();
  }
  return ThreadCpuSeconds() - t0;
}

}  // namespace

TimexAlone MeasureTimexAlone(const RuleStore& rules, const Pipeline& pipeline,
                             const std::vector<std::string>& inputs, int passes, double max_mb,
                             const std::vector<std::string>& warm_inputs) {
  TimexAlone r;
  uint64_t bytes = 0;
  const uint64_t max_bytes = uint64_t(max_mb * 1e6);
  std::vector<Document> docs = Prepare(pipeline, inputs, max_bytes, bytes);
  r.mb = double(bytes) / 1e6;
  if (docs.empty()) {
    r.error = "no articles";
    return r;
  }
  auto tagger = timex::Tagger::Load(rules);
  if (!tagger.ok()) {
    r.error = tagger.error().Format();
    return r;
  }
  for (int p = 0; p < std::max(passes, 2); ++p) {
    size_t n = 0;
    double s = Pass(*tagger, docs, n);
    if (p == 0) {
      r.cold_cpu_s = s;
      r.timexes = n;
    } else if (p == 1 || s < r.warm_cpu_s) {
      r.warm_cpu_s = s;
    }
  }
  if (!warm_inputs.empty()) {
    uint64_t warm_bytes = 0;
    std::vector<Document> others = Prepare(pipeline, warm_inputs, max_bytes, warm_bytes);
    // A fresh tagger: the memo is per tagger, so none of docs' spans are in it.
    auto fresh = timex::Tagger::Load(rules);
    if (!fresh.ok() || others.empty()) return r;
    size_t n = 0;
    for (int p = 0; p < std::max(passes, 2); ++p) Pass(*fresh, others, n);
    r.first_sight_cpu_s = Pass(*fresh, docs, n);
  }
  return r;
}

}  // namespace timeline::bench
