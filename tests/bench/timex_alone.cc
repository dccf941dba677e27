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

TimexAlone MeasureTimexAlone(const RuleStore& rules, const Pipeline& pipeline,
                             const std::vector<std::string>& inputs, int passes, double max_mb) {
  TimexAlone r;
  std::vector<Document> docs;
  uint64_t bytes = 0;
  const uint64_t max_bytes = uint64_t(max_mb * 1e6);
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
    double t0 = ThreadCpuSeconds();
    for (Document& doc : docs) {
      doc.timexes.clear();
      tagger->Run(doc);
      n += doc.timexes.size();
    }
    double s = ThreadCpuSeconds() - t0;
    if (p == 0) {
      r.cold_cpu_s = s;
      r.timexes = n;
    } else if (p == 1 || s < r.warm_cpu_s) {
      r.warm_cpu_s = s;
    }
  }
  return r;
}

}  // namespace timeline::bench
