// SPDX-License-Identifier: Apache-2.0
// Fuzz harness: ingest::Reader::ReadBytes on raw bytes as .jsonl, .json and .txt.
#include <cstddef>
#include <cstdint>
#include <string>

#include "stages/ingest/ingest.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace timeline;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  ingest::Reader reader;
  for (const char* path : {"drop.jsonl", "drop.json", "article.txt"}) {
    reader.ReadBytes(
        path, "fuzz", bytes,
        [](Article&& a) {
          std::string copy = a.text;
          fuzz::Require(ingest::RepairUtf8(copy) == 0, "article text is not valid UTF-8");
          fuzz::Require(!a.id.empty(), "article without an id");
        },
        [](ingest::Problem&& p) {
          fuzz::Require(!p.diag.Format().empty(), "empty diagnostic");
        });
  }
  return 0;
}
