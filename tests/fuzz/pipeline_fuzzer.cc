// SPDX-License-Identifier: Apache-2.0
// Fuzz harness: the whole per-article pipeline (clean .. anchor) on one text.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "pipeline/pipeline.h"
#include "pipeline/rule_store.h"
#include "stages/ingest/ingest.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timeline;
  static const Pipeline* pipeline = [] {
    auto p = Pipeline::Load(RuleStore::Builtin());
    fuzz::Require(p.ok(), "the built-in rules do not load");
    return new Pipeline(std::move(p).value());
  }();
  Document doc;
  doc.article.id = "fuzz";
  doc.article.text.assign(reinterpret_cast<const char*>(data), size);
  ingest::RepairUtf8(doc.article.text);
  pipeline->Process(doc);
  fuzz::CheckSpans(doc);
  for (const Mention& m : doc.mentions) {
    fuzz::Require(m.sentence < doc.sentences.size() || doc.sentences.empty(),
                  "mention sentence index");
  }
  (void)ToEventMentions(doc);
  (void)TimexJson(doc);
  // The gate of extract and run never drops an article that has a mention.
  Document gated;
  gated.article = doc.article;
  std::string error;
  pipeline->ProcessBatch(std::span<Document>(&gated, 1), std::span<std::string>(&error, 1),
                         "anchor", nullptr, Wants::kMentionsOnly);
  fuzz::Require(gated.mentions.size() == doc.mentions.size(),
                "Wants::kMentionsOnly changed the mentions");
  // Nor what they say: timex tags only the focus sentences then.
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const Mention &a = doc.mentions[i], &b = gated.mentions[i];
    fuzz::Require(a.trigger == b.trigger && a.participants == b.participants && a.date == b.date &&
                      a.date_span == b.date_span && a.status == b.status,
                  "Wants::kMentionsOnly changed a mention");
  }
  return 0;
}
