// SPDX-License-Identifier: Apache-2.0
// RuleStore: the stages' rule data, embedded in the binary, overridable.
//
// Every file under stages/NAME/data/ is compiled into the binary and served
// under its path relative to stages/, e.g. "timex/data/lexicon/months.tsv".
// `--rules DIR` overlays a directory with the same layout: a file there
// replaces the built-in file of the same relative path, and new files are
// added. After construction a RuleStore is immutable and safe to share across
// threads. Views it hands out stay valid for its lifetime (also across moves).
#pragma once

#include <deque>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/result.h"

namespace timeline {

struct EmbeddedFile {
  std::string_view path;
  std::string_view contents;
};

namespace detail {
// Generated into build/gen/embedded_data.cc, sorted by path.
std::span<const EmbeddedFile> EmbeddedFiles();
}  // namespace detail

class RuleStore {
 public:
  // The built-in data only.
  static RuleStore Builtin();
  // The built-in data overlaid with every regular file below dir.
  // Errors: "DIR: not a directory", "PATH: cannot read: reason".
  static Result<RuleStore> WithOverrides(const std::string& dir);
  // An in-memory store for tests: {relative path -> contents}, no built-ins.
  static RuleStore FromMap(const std::map<std::string, std::string>& files);

  // The contents of a file, or "PATH: no such rule file".
  Result<std::string_view> Get(std::string_view path) const;
  bool Has(std::string_view path) const;
  // Paths starting with prefix, sorted.
  std::vector<std::string_view> List(std::string_view prefix = "") const;
  // Where a file came from, for messages: the relative path for built-in
  // files, the file system path for overrides.
  std::string_view Origin(std::string_view path) const;
  // A 64-bit hash of every file's path and contents: changes whenever the
  // rule data does (the store re-extracts all articles when it changes).
  uint64_t Fingerprint() const;

 private:
  struct Entry {
    std::string_view contents;
    std::string_view origin;
  };
  std::map<std::string, Entry, std::less<>> files_;
  std::deque<std::string> owned_;  // storage for overridden contents and origins
};

// One data row of a TSV rule file.
struct TsvRow {
  uint32_t line = 0;                    // 1-based line number in the file
  std::vector<std::string_view> cells;  // views into the RuleStore's contents

  // The i-th cell, or "" when the row is shorter.
  std::string_view operator[](size_t i) const { return i < cells.size() ? cells[i] : ""; }
};

// Reads a rule file as TSV: UTF-8, TAB-separated, '#' starts a comment line,
// blank lines skipped, a trailing '\r' dropped, trailing empty cells kept.
// Rows with fewer than min_cols or more than max_cols cells are an error:
// "timex/data/rules/date.tsv:42: expected 3 to 6 columns, found 2".
Result<std::vector<TsvRow>> ReadTsv(const RuleStore& store, std::string_view path,
                                    size_t min_cols, size_t max_cols);

}  // namespace timeline
