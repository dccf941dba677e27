// SPDX-License-Identifier: Apache-2.0
// Format selection and atomic output files.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "pipeline/sinks/sinks.h"

namespace timeline::sinks {

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "csv") return Format::kCsv;
  if (name == "jsonl") return Format::kJsonl;
  if (name == "json") return Format::kJson;
  if (name == "timelinejs") return Format::kTimelineJs;
  if (name == "html") return Format::kHtml;
  return std::nullopt;
}

Format FormatFromPath(std::string_view path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
  };
  if (ends(".timelinejs.json")) return Format::kTimelineJs;
  if (ends(".jsonl") || ends(".ndjson")) return Format::kJsonl;
  if (ends(".json")) return Format::kJson;
  if (ends(".html") || ends(".htm")) return Format::kHtml;
  return Format::kCsv;
}

Result<void> WriteOutput(const std::string& path, std::string_view contents) {
  if (path.empty() || path == "-") {
    if (std::fwrite(contents.data(), 1, contents.size(), stdout) != contents.size() ||
        std::fflush(stdout) != 0) {
      return Error("-", 0, fmt::format("cannot write: {}", std::strerror(errno)));
    }
    return {};
  }
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Error(path, 0, fmt::format("cannot write: {}", std::strerror(errno)));
  bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  ok = std::fflush(f) == 0 && ok;
  ok = ::fsync(::fileno(f)) == 0 && ok;
  int saved = errno;
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    if (ok) saved = errno;
    std::remove(tmp.c_str());
    return Error(path, 0, fmt::format("cannot write: {}", std::strerror(saved)));
  }
  return {};
}

}  // namespace timeline::sinks
