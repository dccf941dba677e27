// SPDX-License-Identifier: Apache-2.0
// Pipeline: the stages, loaded once, run in order on each article.
//
// StageList() is the one place the order of stages is written; `timeline
// stages` prints it. Pipeline::Load builds every stage from a RuleStore,
// which the Pipeline then owns, so the rule references (RuleRef) that its
// stages put into Documents stay valid as long as the Pipeline (errors name
// the rule file and line); afterwards the Pipeline is immutable and
// Process() may run concurrently on different Documents.
#pragma once

#include <date/date.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/event.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline {

class MentionTable;

namespace merge {
class Merger;
}

struct StageInfo {
  std::string_view name;
  std::string_view kind;  // "source", "filter" (per article), "reduce", "sink"
  std::string_view summary;
};

// Every stage in pipeline order, ingest to sinks.
std::span<const StageInfo> StageList();
// Index of a stage in StageList(), or nullopt.
std::optional<size_t> StageIndex(std::string_view name);

// Wall time spent in each stage, summed over threads (--stats, make bench).
class StageStats {
 public:
  static constexpr size_t kMaxStages = 16;
  void Add(size_t stage, uint64_t nanos) {
    nanos_[stage].fetch_add(nanos, std::memory_order_relaxed);
  }
  uint64_t nanos(size_t stage) const { return nanos_[stage].load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<uint64_t>, kMaxStages> nanos_{};
};

// What a caller of ProcessBatch reads from the Documents afterwards.
// kMentionsOnly lets the batch skip every filter for an article in which no
// trigger can match (mentions::Extractor::MayMention): its Document then gets
// no sentences, timexes or DCT, and no mentions, which it would not have had
// anyway. Most news articles name no call, meeting, summit or visit. In the
// others, the filters after segment look only at the sentences in which a
// trigger may match (Document::focus): timexes elsewhere are left untagged,
// unless an expression in those sentences counts from them.
enum class Wants { kAllLayers, kMentionsOnly };

struct PipelineOptions {
  std::optional<date::sys_days> fallback_dct;  // --dct
};

class Pipeline {
 public:
  // Takes the rules: `Pipeline::Load(RuleStore::Builtin())`. Documents
  // processed by this Pipeline hold views into them (RuleRef), so they are
  // valid while the Pipeline lives.
  static Result<Pipeline> Load(RuleStore rules, const PipelineOptions& options = {});

  // The rule data the stages were built from.
  const RuleStore& rules() const;

  // Runs the per-article filters in order, through the stage named `last`
  // (a filter's name; the default runs them all). Never throws on content.
  void Process(Document& doc, std::string_view last = "anchor", StageStats* stats = nullptr) const;

  // The same filters over a batch, stage by stage: each filter runs on every
  // Document before the next filter starts, so its compiled rules (the RE2
  // DFAs above all) stay in the CPU caches across the batch; over news
  // articles that is ~1.4x faster than one article at a time (docs/
  // performance.md). Each Document ends as Process() would leave it. A filter
  // that throws on a Document fails that one alone: errors[i] (errors.size()
  // == docs.size()) gets "internal error: ..." and docs[i] takes no further
  // filter; a Document whose errors[i] is set on entry is skipped. With
  // Wants::kMentionsOnly (and `last` = "anchor"), a Document in which no
  // trigger can match takes no filter at all.
  void ProcessBatch(std::span<Document> docs, std::span<std::string> errors,
                    std::string_view last = "anchor", StageStats* stats = nullptr,
                    Wants wants = Wants::kAllLayers) const;

  const merge::Merger& merger() const;

  Pipeline(Pipeline&&) noexcept;
  Pipeline& operator=(Pipeline&&) noexcept;
  ~Pipeline();

 private:
  Pipeline();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The event mentions of a processed Document, self-contained (sentence
// text, code-point offsets, article id, URL, DCT), ready for the merge.
std::vector<EventMention> ToEventMentions(const Document& doc);

// The same mentions added to table (in order), without the EventMentions:
// the table is the one Add of each of ToEventMentions(doc) would give.
void AddEventMentions(const Document& doc, MentionTable& table);

// One JSON object with the Document's state after `stage` (--dump-after):
// id, dct and its source, and each layer up to that stage with spans, text
// and rules.
std::string DumpDocument(const Document& doc, std::string_view stage);

// {"doc", "dct", "timexes": [{start, end, text, type, value}]} with offsets
// in code points, the format of `timeline timex`.
std::string TimexJson(const Document& doc);

}  // namespace timeline
