// SPDX-License-Identifier: Apache-2.0
// Fuzz harness: timex on one sentence with a DCT (the first line, when it is a date).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/rule_store.h"
#include "stages/ingest/ingest.h"
#include "stages/segment/segment.h"
#include "stages/timex/timex.h"
#include "tests/fuzz/fuzz_util.h"

// Input: "YYYY-MM-DD\n" then the text; without a date line the first byte
// picks a DCT between 1990 and 2033 (or none), so both paths are covered.
// The tagger runs twice: on the bare text (its own sentence finder) and after
// segment (sentences given).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timeline;
  static const RuleStore* store = new RuleStore(RuleStore::Builtin());
  static const timeline::timex::Tagger* tagger = [] {
    auto t = timeline::timex::Tagger::Load(*store);
    fuzz::Require(t.ok(), "the built-in timex rules do not load");
    return new timeline::timex::Tagger(std::move(t).value());
  }();
  static const segment::Segmenter* segmenter = [] {
    auto s = segment::Segmenter::Load(*store);
    fuzz::Require(s.ok(), "the built-in segment rules do not load");
    return new segment::Segmenter(std::move(s).value());
  }();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::optional<date::sys_days> dct;
  size_t nl = in.find('\n');
  if (nl != std::string_view::npos) {
    if (auto d = DateValue::ParseIsoDay(in.substr(0, nl))) {
      dct = *d;
      in.remove_prefix(nl + 1);
    }
  }
  if (!dct && !in.empty() && uint8_t(in[0]) % 8 != 0) {
    dct = date::sys_days(date::year{1990} / 1 / 1) + date::days{uint8_t(in[0]) * 61};
  }
  for (int with_sentences = 0; with_sentences < 2; ++with_sentences) {
    Document doc;
    doc.article.id = "fuzz";
    doc.article.text.assign(in.data(), in.size());
    ingest::RepairUtf8(doc.article.text);
    if (dct) {
      doc.article.published = *dct;
      doc.dct.date = DateValue::Day(*dct);
      doc.dct.source = DctSource::kMetadata;
      doc.dct.confidence = 1;
    }
    if (with_sentences) segmenter->Run(doc);
    tagger->Run(doc);
    fuzz::CheckSpans(doc);
    uint32_t last = 0;
    for (const Timex& t : doc.timexes) {
      fuzz::Require(!t.span.empty(), "empty timex span");
      fuzz::Require(t.span.begin >= last, "timexes overlap or are out of order");
      last = t.span.end;
      fuzz::Require(!t.value.empty(), "timex without a value");
      fuzz::Require(t.value.find("UNDEF") == std::string::npos, "UNDEF value");
      fuzz::Require(!t.rule.empty(), "timex without a rule");
      fuzz::Require(!t.date.dated() || t.date.ok(), "dated timex with a bad interval");
    }
    if (!with_sentences) continue;
    // With a focus (every other sentence, from the first or the second), the
    // focus sentences get what the whole text gives them.
    Document focused = doc;
    focused.timexes.clear();
    focused.focus.emplace();
    for (uint32_t si = size % 2; si < focused.sentences.size(); si += 2) focused.focus->push_back(si);
    tagger->Run(focused);
    std::vector<const Timex*> expected;
    for (const Timex& t : doc.timexes) {
      for (uint32_t si : *focused.focus)
        if (doc.sentences[si].span.Contains(t.span)) expected.push_back(&t);
    }
    fuzz::Require(expected.size() == focused.timexes.size(), "a focus changed which timexes are found");
    for (size_t i = 0; i < expected.size(); ++i) {
      const Timex &a = *expected[i], &b = focused.timexes[i];
      fuzz::Require(a.span == b.span && a.value == b.value && a.date == b.date && a.rule.line == b.rule.line,
                    "a focus changed a timex");
    }
  }
  return 0;
}
