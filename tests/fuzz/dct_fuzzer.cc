// SPDX-License-Identifier: Apache-2.0
// Fuzz harness: clean + dct on arbitrary text (the first line doubles as a URL).
#include <cstddef>
#include <cstdint>
#include <string>

#include "pipeline/rule_store.h"
#include "stages/clean/clean.h"
#include "stages/dct/dct.h"
#include "stages/ingest/ingest.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timeline;
  static const RuleStore* store = new RuleStore(RuleStore::Builtin());
  static const clean::Cleaner* cleaner = new clean::Cleaner(std::move(*clean::Cleaner::Load(*store)));
  static const dct::Resolver* resolver = [] {
    dct::Options o;
    o.today = date::sys_days(date::year{2026} / 11 / 23);
    return new dct::Resolver(std::move(*dct::Resolver::Load(*store, o)));
  }();
  Document doc;
  doc.article.id = "fuzz";
  doc.article.text.assign(reinterpret_cast<const char*>(data), size);
  ingest::RepairUtf8(doc.article.text);
  doc.article.url = doc.article.text.substr(0, doc.article.text.find('\n'));
  cleaner->Run(doc);
  resolver->Run(doc);
  fuzz::CheckSpans(doc);
  return 0;
}
