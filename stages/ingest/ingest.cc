// SPDX-License-Identifier: Apache-2.0
// ingest: walking inputs, reading text and JSON/JSONL articles.
#include "stages/ingest/ingest.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <system_error>

#include "pipeline/date_value.h"

namespace timeline::ingest {

namespace fs = std::filesystem;

namespace {

enum class Kind { kText, kJsonl, kJson };

Kind KindOf(std::string_view path) {
  auto ends = [&](std::string_view suf) {
    if (path.size() < suf.size()) return false;
    for (size_t i = 0; i < suf.size(); ++i) {
      char c = path[path.size() - suf.size() + i];
      if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
      if (c != suf[i]) return false;
    }
    return true;
  };
  if (ends(".jsonl") || ends(".ndjson")) return Kind::kJsonl;
  if (ends(".json")) return Kind::kJson;
  return Kind::kText;
}

std::string BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Fills an Article's text and reports invalid UTF-8 as a warning.
void SetText(Article& a, std::string text, std::string_view where, uint32_t line,
             const ProblemSink& problem) {
  a.invalid_utf8 = RepairUtf8(text);
  a.text = std::move(text);
  if (a.invalid_utf8 > 0) {
    problem({Error(std::string(where), line,
                   fmt::format("{} invalid UTF-8 sequence{} replaced by U+FFFD", a.invalid_utf8,
                               a.invalid_utf8 == 1 ? "" : "s")),
             false});
  }
}

// The first of the given keys that holds a string (or number, for ids).
bool FieldString(simdjson::dom::object obj, std::initializer_list<std::string_view> keys,
                 std::string& out) {
  for (std::string_view k : keys) {
    simdjson::dom::element e;
    if (obj.at_key(k).get(e) != simdjson::SUCCESS) continue;
    std::string_view s;
    if (e.get_string().get(s) == simdjson::SUCCESS) {
      out.assign(s);
      return true;
    }
    int64_t i;
    if (e.get_int64().get(i) == simdjson::SUCCESS) {
      out = fmt::format("{}", i);
      return true;
    }
  }
  return false;
}

// One article object -> Article, or a problem.
void FromObject(simdjson::dom::element el, std::string_view path, uint32_t line,
                const std::string& default_id, const ArticleSink& emit,
                const ProblemSink& problem) {
  simdjson::dom::object obj;
  if (el.get_object().get(obj) != simdjson::SUCCESS) {
    problem({Error(std::string(path), line, "not a JSON object"), true});
    return;
  }
  Article a;
  a.origin = line ? fmt::format("{}:{}", path, line) : std::string(path);
  // An empty id is no id: fall back to the default, so ids are never empty.
  if (!FieldString(obj, {"id", "doc", "filename"}, a.id) || a.id.empty()) a.id = default_id;
  std::string text;
  if (!FieldString(obj, {"text", "maintext", "body"}, text)) {
    problem({Error(std::string(path), line, "no \"text\" field (nor \"maintext\" or \"body\")"),
             true});
    return;
  }
  FieldString(obj, {"url"}, a.url);
  FieldString(obj, {"title"}, a.title);
  std::string published;
  if (FieldString(obj, {"published", "dct", "date_publish"}, published) && !published.empty()) {
    if (auto day = DateValue::ParseIsoDay(published)) {
      a.published = *day;
    } else {
      problem({Error(std::string(path), line,
                     fmt::format("published date \"{}\" is not a valid YYYY-MM-DD date; ignored",
                                 published)),
               false});
    }
  }
  RepairUtf8(a.url);
  RepairUtf8(a.title);
  SetText(a, std::move(text), path, line, problem);
  emit(std::move(a));
}

std::string ParseErrorText(simdjson::error_code e) {
  if (e == simdjson::DEPTH_ERROR) {
    return fmt::format("not valid JSON: nested deeper than {} levels", simdjson::DEFAULT_MAX_DEPTH);
  }
  return fmt::format("not valid JSON: {}", simdjson::error_message(e));
}

void ReadJsonLine(simdjson::dom::parser& parser, std::string_view path, uint32_t line_no,
                  std::string_view line, const std::string& id_base, const ArticleSink& emit,
                  const ProblemSink& problem) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  simdjson::dom::element el;
  auto err = parser.parse(line.data(), line.size(), /*realloc_if_needed=*/true).get(el);
  if (err != simdjson::SUCCESS) {
    problem({Error(std::string(path), line_no, ParseErrorText(err)), true});
    return;
  }
  FromObject(el, path, line_no, fmt::format("{}#{}", id_base, line_no), emit, problem);
}

void ReadJsonl(std::string_view path, std::string_view id, std::string_view bytes,
               const ArticleSink& emit, const ProblemSink& problem) {
  simdjson::dom::parser parser;
  std::string id_base(id);
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    ++line_no;
    ReadJsonLine(parser, path, line_no, bytes.substr(pos, end - pos), id_base, emit, problem);
    pos = end + 1;
  }
}

void ReadJson(std::string_view path, std::string_view id, std::string_view bytes,
              const ArticleSink& emit, const ProblemSink& problem) {
  simdjson::dom::parser parser;
  simdjson::dom::element el;
  auto err = parser.parse(bytes.data(), bytes.size(), true).get(el);
  if (err != simdjson::SUCCESS) {
    problem({Error(std::string(path), 0, ParseErrorText(err)), true});
    return;
  }
  simdjson::dom::array arr;
  if (el.get_array().get(arr) == simdjson::SUCCESS) {
    size_t i = 0;
    for (simdjson::dom::element item : arr) {
      FromObject(item, path, 0, fmt::format("{}#{}", id, ++i), emit, problem);
    }
    return;
  }
  FromObject(el, path, 0, std::string(id), emit, problem);
}

// Reads a whole file; errors name the file. The size comes from the open
// file and the bytes are read straight into the string: a stat by name,
// stdio's buffer and a copy out of it cost more than reading a small article.
Result<std::string> Slurp(const fs::path& p) {
  auto too_big = [&](uint64_t size) {
    return Error(p.string(), 0,
                 fmt::format("file is {} MB, over the {} MB limit; skipped", size >> 20,
                             kMaxInputBytes >> 20));
  };
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int saved = errno;
    // A file that cannot be opened may still be known to be too large.
    std::error_code ec;
    if (auto size = fs::file_size(p, ec); !ec && size > kMaxInputBytes) return too_big(size);
    return Error(p.string(), 0, fmt::format("cannot read: {}", std::strerror(saved)));
  }
  struct stat st {};
  const bool sized = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (sized && uint64_t(st.st_size) > kMaxInputBytes) {
    ::close(fd);
    return too_big(uint64_t(st.st_size));
  }
  // One byte more than the size, so that the read that finds the end is
  // the second (a file that grew meanwhile is read whole all the same).
  std::string out(sized ? size_t(st.st_size) + 1 : size_t{1} << 16, '\0');
  size_t n = 0;
  while (true) {
    if (n == out.size()) out.resize(2 * out.size());
    const ssize_t got = ::read(fd, out.data() + n, out.size() - n);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      return Error(p.string(), 0, fmt::format("cannot read: {}", std::strerror(saved)));
    }
    n += size_t(got);
  }
  ::close(fd);
  out.resize(n);
  return out;
}

// Streams a JSONL file line by line so a large drop is never held whole.
void StreamJsonl(const fs::path& p, const std::string& id, const ArticleSink& emit,
                 const ProblemSink& problem) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    problem({Error(p.string(), 0, fmt::format("cannot read: {}", std::strerror(errno))), true});
    return;
  }
  simdjson::dom::parser parser;
  std::string line;
  uint32_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    ReadJsonLine(parser, p.string(), line_no, line, id, emit, problem);
  }
  if (in.bad()) problem({Error(p.string(), line_no, "read error"), true});
}

struct FileItem {
  fs::path path;
  std::string id;
};

// Collects the files under dir, recursively, skipping hidden entries and
// following directory symlinks once (a loop is reported, not followed). A
// file's id is its path below the input directory as walked ("sub/a.txt",
// also through a linked directory), built as we go: no system call per file.
void Walk(const fs::path& dir, const std::string& prefix, std::set<fs::path>& seen,
          std::vector<FileItem>& out, const ProblemSink& problem) {
  std::error_code ec;
  fs::path canon = fs::canonical(dir, ec);
  if (ec) {
    problem({Error(dir.string(), 0, fmt::format("cannot open: {}", ec.message())), true});
    return;
  }
  if (!seen.insert(canon).second) {
    problem({Error(dir.string(), 0, "directory link loop; not followed"), true});
    return;
  }
  // The entries with their names, sorted by name: as their paths sort (one
  // directory's entries differ only in the last element), without comparing
  // paths element by element.
  std::vector<std::pair<std::string, fs::directory_entry>> entries;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    entries.emplace_back(it->path().filename().string(), *it);
  }
  if (ec) {
    problem({Error(dir.string(), 0, fmt::format("cannot list: {}", ec.message())), true});
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, e] : entries) {
    if (name.empty() || name[0] == '.') continue;
    std::error_code ec2;
    if (e.is_directory(ec2)) {
      Walk(e.path(), prefix + name + '/', seen, out, problem);
    } else if (e.is_regular_file(ec2)) {
      out.push_back({e.path(), prefix + name});
    } else if (!e.exists(ec2)) {
      problem({Error(e.path().string(), 0, "broken link; skipped"), true});
    }
  }
  seen.erase(canon);
}

void ReadFile(const Reader& r, const FileItem& item, const ArticleSink& emit,
              const ProblemSink& problem) {
  std::string path = item.path.string();
  if (KindOf(path) == Kind::kJsonl) {
    StreamJsonl(item.path, item.id, emit, problem);
    return;
  }
  auto bytes = Slurp(item.path);
  if (!bytes.ok()) {
    problem({bytes.error(), true});
    return;
  }
  r.ReadBytes(path, item.id, std::move(*bytes), emit, problem);
}

}  // namespace

void Reader::ReadBytes(std::string_view path, std::string_view id, std::string bytes,
                       const ArticleSink& emit, const ProblemSink& problem) const {
  if (bytes.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
    problem({Error(std::string(path), 0, "empty file; skipped"), true});
    return;
  }
  switch (KindOf(path)) {
    case Kind::kJsonl: ReadJsonl(path, id, bytes, emit, problem); return;
    case Kind::kJson: ReadJson(path, id, bytes, emit, problem); return;
    case Kind::kText: break;
  }
  if (LooksBinary(bytes)) {
    problem({Error(std::string(path), 0, "binary file, not text; skipped"), true});
    return;
  }
  Article a;
  a.id = std::string(id);
  a.origin = std::string(path);
  SetText(a, std::move(bytes), path, 0, problem);
  emit(std::move(a));
}

void Reader::Read(const std::vector<std::string>& inputs, const ArticleSink& emit,
                  const ProblemSink& problem) const {
  for (const std::string& input : inputs) {
    if (input == "-") {
      std::string bytes((std::istreambuf_iterator<char>(std::cin)),
                        std::istreambuf_iterator<char>());
      size_t first = bytes.find_first_not_of(" \t\r\n");
      bool jsonl = first != std::string::npos && bytes[first] == '{';
      ReadBytes(jsonl ? "stdin.jsonl" : "stdin", "stdin", std::move(bytes), emit, problem);
      continue;
    }
    std::error_code ec;
    fs::path p(input);
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      problem({Error(input, 0, "no such file or directory"), true});
      continue;
    }
    if (fs::is_directory(st)) {
      std::vector<FileItem> files;
      std::set<fs::path> seen;
      Walk(p, "", seen, files, problem);
      for (const auto& f : files) ReadFile(*this, f, emit, problem);
    } else {
      ReadFile(*this, FileItem{p, BaseName(input)}, emit, problem);
    }
  }
}

}  // namespace timeline::ingest
