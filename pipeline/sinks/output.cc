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

Result<OutputFile> OutputFile::Open(const std::string& path) {
  OutputFile out;
  out.path_ = path.empty() ? "-" : path;
  if (out.path_ == "-") {
    out.file_ = stdout;
    return out;
  }
  namespace fs = std::filesystem;
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  out.tmp_ = fmt::format("{}.tmp.{}", path, ::getpid());
  out.file_ = std::fopen(out.tmp_.c_str(), "wb");
  if (!out.file_) return Error(path, 0, fmt::format("cannot write: {}", std::strerror(errno)));
  // extract writes each article's lines as they complete: one system call per
  // megabyte, not one per article.
  constexpr size_t kBuffer = size_t{1} << 20;
  out.buffer_ = std::make_unique<char[]>(kBuffer);
  std::setvbuf(out.file_, out.buffer_.get(), _IOFBF, kBuffer);
  return out;
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : path_(std::move(other.path_)), tmp_(std::move(other.tmp_)), file_(other.file_),
      error_(other.error_), buffer_(std::move(other.buffer_)) {
  other.file_ = nullptr;
  other.tmp_.clear();
}

OutputFile::~OutputFile() {
  if (!tmp_.empty()) {
    if (file_) std::fclose(file_);
    std::remove(tmp_.c_str());
  }
}

Result<void> OutputFile::Write(std::string_view bytes) {
  if (!error_ && !bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    error_ = errno ? errno : EIO;
  }
  if (error_) return Error(path_, 0, fmt::format("cannot write: {}", std::strerror(error_)));
  return {};
}

Result<void> OutputFile::Commit() {
  if (!file_) return Error(path_, 0, "cannot write: already committed");
  int err = error_;
  if (std::fflush(file_) != 0 && !err) err = errno ? errno : EIO;
  if (tmp_.empty()) {  // stdout
    file_ = nullptr;
    if (err) return Error("-", 0, fmt::format("cannot write: {}", std::strerror(err)));
    return {};
  }
  if (::fsync(::fileno(file_)) != 0 && !err) err = errno;
  if (std::fclose(file_) != 0 && !err) err = errno;
  file_ = nullptr;
  if (!err && std::rename(tmp_.c_str(), path_.c_str()) != 0) err = errno;
  if (err) {
    std::remove(tmp_.c_str());
    tmp_.clear();
    return Error(path_, 0, fmt::format("cannot write: {}", std::strerror(err)));
  }
  tmp_.clear();
  return {};
}

Result<void> WriteOutput(const std::string& path, std::string_view contents) {
  auto out = OutputFile::Open(path);
  if (!out.ok()) return out.error();
  if (auto w = out->Write(contents); !w.ok()) return w;
  return out->Commit();
}

}  // namespace timeline::sinks
