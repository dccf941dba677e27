// SPDX-License-Identifier: Apache-2.0
// ingest: turns inputs (files, directories, JSON/JSONL dumps, stdin) into Articles.
//
// The first stage. It is a source rather than a filter: Read() walks the
// inputs in a deterministic order (directories recursively, sorted by path,
// hidden entries skipped) and emits one Article per article found, with its
// text repaired to valid UTF-8. Problems are reported as Diagnostics naming
// the file and, for JSONL, the line ("drop.jsonl:7: not valid JSON: ..."):
// a *failed* input is skipped; a *warning* (invalid UTF-8 replaced, an
// impossible published date ignored) comes with an article that is still
// processed. Both make the run's exit status 1. Never throws on content.
//
// By file kind: .jsonl/.ndjson one article object per line; .json one
// object or an array of them; anything else one plain-text article. Object
// fields (aliases in brackets): id [doc, filename], text [maintext, body],
// published [dct, date_publish], url, title. stdin ("-"): JSONL if its first
// non-space byte is '{', else one text article with id "stdin".
//
// Thread-safety: a Reader is immutable after construction; Read() is
// sequential (it is the producer the worker threads consume from).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/article.h"
#include "pipeline/result.h"

namespace timeline::ingest {

struct Problem {
  Diagnostic diag;
  bool failed = true;  // true: the input (file or line) was skipped; false: a warning
};

using ArticleSink = std::function<void(Article&&)>;
using ProblemSink = std::function<void(Problem&&)>;

// Inputs larger than this are refused (reported, skipped) rather than read.
inline constexpr size_t kMaxInputBytes = size_t{1} << 30;  // 1 GiB

class Reader {
 public:
  // Reads every input in order; see the file comment for kinds and ids.
  void Read(const std::vector<std::string>& inputs, const ArticleSink& emit,
            const ProblemSink& problem) const;

  // Parses the bytes of one input named `path` (its kind comes from the
  // name's extension) whose default article id is `id`. Used by Read, by
  // tests (no disk) and by the fuzzer.
  void ReadBytes(std::string_view path, std::string_view id, std::string bytes,
                 const ArticleSink& emit, const ProblemSink& problem) const;
};

// Replaces each ill-formed UTF-8 subsequence (its maximal subpart, as
// Unicode recommends) with U+FFFD (also
// overlong forms, surrogates, code points above U+10FFFF, and NUL bytes);
// returns how many were replaced. Linear time; no allocation when valid.
uint32_t RepairUtf8(std::string& text);

// True when the bytes look like a binary file rather than text (NUL bytes or
// mostly non-text bytes in the first 4 KiB).
bool LooksBinary(std::string_view bytes);

}  // namespace timeline::ingest
