// SPDX-License-Identifier: Apache-2.0
// Pipeline: loading the stages and running the per-article filters.
#include "pipeline/pipeline.h"

#include <chrono>
#include <future>
#include <optional>

#include "stages/anchor/anchor.h"
#include "stages/clean/clean.h"
#include "stages/dct/dct.h"
#include "stages/mentions/mentions.h"
#include "stages/merge/merge.h"
#include "stages/segment/segment.h"
#include "stages/timex/timex.h"

namespace timeline {

struct Pipeline::Impl {
  RuleStore rules;  // first: the stages below hold views into it
  std::optional<clean::Cleaner> clean;
  std::optional<dct::Resolver> dct;
  std::optional<segment::Segmenter> segment;
  std::optional<timex::Tagger> timex;
  std::optional<mentions::Extractor> mentions;
  std::optional<anchor::Anchorer> anchor;
  std::optional<merge::Merger> merge;

  // Calls f(name, run) for each per-article filter in pipeline order (the
  // order StageList() gives), run(doc) running that filter on one Document.
  template <class F>
  void EachFilter(F&& f) const {
    f("clean", [this](Document& d) { clean->Run(d); });
    f("dct", [this](Document& d) { dct->Run(d); });
    f("segment", [this](Document& d) { segment->Run(d); });
    f("timex", [this](Document& d) { timex->Run(d); });
    f("mentions", [this](Document& d) { mentions->Run(d); });
    f("anchor", [this](Document& d) { anchor->Run(d); });
  }
};

Pipeline::Pipeline() : impl_(std::make_unique<Impl>()) {}
Pipeline::Pipeline(Pipeline&&) noexcept = default;
Pipeline& Pipeline::operator=(Pipeline&&) noexcept = default;
Pipeline::~Pipeline() = default;

namespace {
template <class T>
bool Take(Result<T>&& r, std::optional<T>& slot, Diagnostic& err) {
  if (!r.ok()) {
    err = r.error();
    return false;
  }
  slot.emplace(std::move(r).value());
  return true;
}
}  // namespace

Result<Pipeline> Pipeline::Load(RuleStore store, const PipelineOptions& options) {
  Pipeline p;
  Impl& s = *p.impl_;
  s.rules = std::move(store);
  const RuleStore& rules = s.rules;
  // The timex stage compiles more than all the others together (its rules,
  // their union and their anchored set: ~55% of the startup), so it loads on
  // a second thread meanwhile. Errors are still reported in pipeline order.
  auto timex = std::async(std::launch::async, [&rules] { return timex::Tagger::Load(rules); });
  auto clean = clean::Cleaner::Load(rules);
  auto dct = dct::Resolver::Load(rules, dct::Options{options.fallback_dct});
  auto segment = segment::Segmenter::Load(rules);
  auto mentions = mentions::Extractor::Load(rules);
  auto anchor = anchor::Anchorer::Load(rules);
  auto merge = merge::Merger::Load(rules);
  Diagnostic err;
  if (!Take(std::move(clean), s.clean, err) || !Take(std::move(dct), s.dct, err) ||
      !Take(std::move(segment), s.segment, err) || !Take(timex.get(), s.timex, err) ||
      !Take(std::move(mentions), s.mentions, err) || !Take(std::move(anchor), s.anchor, err) ||
      !Take(std::move(merge), s.merge, err)) {
    return err;
  }
  return p;
}

const merge::Merger& Pipeline::merger() const { return *impl_->merge; }
const RuleStore& Pipeline::rules() const { return impl_->rules; }

namespace {

// The index of the last filter to run, and a timer that adds to StageStats.
size_t StopIndex(std::string_view last) {
  return StageIndex(last).value_or(StageIndex("anchor").value());
}

template <class Run>
void Timed(StageStats* stats, size_t idx, Run&& run) {
  auto t0 = std::chrono::steady_clock::now();
  run();
  if (stats) {
    auto dt = std::chrono::steady_clock::now() - t0;
    stats->Add(idx, uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(dt).count()));
  }
}

}  // namespace

void Pipeline::Process(Document& doc, std::string_view last, StageStats* stats) const {
  const size_t stop = StopIndex(last);
  impl_->EachFilter([&](std::string_view name, auto&& run) {
    const size_t idx = *StageIndex(name);
    if (idx <= stop) Timed(stats, idx, [&] { run(doc); });
  });
}

void Pipeline::ProcessBatch(std::span<Document> docs, std::span<std::string> errors,
                            std::string_view last, StageStats* stats, Wants wants) const {
  const size_t stop = StopIndex(last);
  // Articles that cannot hold a mention take no filter when only mentions
  // are wanted. The gate's time counts as the mentions stage's.
  std::vector<char> idle(docs.size(), 0);
  const bool mentions_only = wants == Wants::kMentionsOnly && stop == *StageIndex("anchor");
  if (mentions_only) {
    Timed(stats, *StageIndex("mentions"), [&] {
      for (size_t i = 0; i < docs.size(); ++i)
        idle[i] = errors[i].empty() && !impl_->mentions->MayMention(docs[i].text());
    });
  }
  impl_->EachFilter([&](std::string_view name, auto&& run) {
    const size_t idx = *StageIndex(name);
    if (idx > stop) return;
    Timed(stats, idx, [&] {
      for (size_t i = 0; i < docs.size(); ++i)
        if (errors[i].empty() && !idle[i]) errors[i] = InternalError([&] { run(docs[i]); });
    });
    // Once sentences are known, the later filters need only those in which a
    // trigger may match (Document::focus); the gate's time is the mentions
    // stage's.
    if (mentions_only && name == "segment") {
      Timed(stats, *StageIndex("mentions"), [&] {
        for (size_t i = 0; i < docs.size(); ++i)
          if (errors[i].empty() && !idle[i])
            errors[i] = InternalError([&] { impl_->mentions->SetFocus(docs[i]); });
      });
    }
  });
}

}  // namespace timeline
