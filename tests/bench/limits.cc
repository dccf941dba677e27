// SPDX-License-Identifier: Apache-2.0
// The read pass and the RE2 pass; see limits.h.
#include "tests/bench/limits.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <memory>
#include <string_view>

namespace timeline::bench {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kMaxMem = int64_t{512} << 20;

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

RE2::Options Opts() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(kMaxMem);
  return o;
}

bool Compiles(const std::string& pattern) {
  RE2 re(pattern, Opts());
  return re.ok();
}

// The column named "pattern" in the file's "# FORMAT: a<TAB>b<TAB>..." header, if any.
std::optional<size_t> PatternColumn(std::string_view contents) {
  size_t pos = contents.find("# FORMAT:");
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view line = contents.substr(pos + 9);
  line = line.substr(0, line.find('\n'));
  size_t col = 0;
  for (size_t start = 0; start <= line.size();) {
    size_t end = line.find("<TAB>", start);
    std::string_view cell = line.substr(start, end == std::string_view::npos ? line.npos : end - start);
    while (!cell.empty() && cell.front() == ' ') cell.remove_prefix(1);
    size_t stop = 0;
    while (stop < cell.size() && (IsWordChar(cell[stop]))) ++stop;
    if (cell.substr(0, stop) == "pattern") return col;
    if (end == std::string_view::npos) break;
    start = end + 5;
    ++col;
  }
  return std::nullopt;
}

// "(?P<name>" -> "(?:": one alternation cannot repeat a group name.
std::string StripNames(std::string_view p) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p.compare(i, 4, "(?P<") == 0) {
      size_t close = p.find('>', i + 4);
      if (close != std::string_view::npos) {
        out += "(?:";
        i = close;
        continue;
      }
    }
    if (p[i] == '\\' && i + 1 < p.size()) {
      out += p[i];
      out += p[++i];
      continue;
    }
    out += p[i];
  }
  return out;
}

// Expands {name} references (not {2} or {0,4}) from fragments, a few levels deep.
std::string Expand(std::string_view p, const std::map<std::string, std::string, std::less<>>& refs,
                   int depth = 0) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      out += p[i];
      out += p[++i];
      continue;
    }
    if (p[i] == '{' && depth < 6) {
      size_t close = p.find('}', i);
      if (close != std::string_view::npos) {
        std::string_view name = p.substr(i + 1, close - i - 1);
        if (!name.empty() && !(name[0] >= '0' && name[0] <= '9') && name.find(',') == name.npos) {
          auto it = refs.find(name);
          if (it != refs.end()) {
            out += "(?:" + Expand(it->second, refs, depth + 1) + ")";
            i = close;
            continue;
          }
        }
      }
    }
    out += p[i];
  }
  return out;
}

std::string LiteralAlternation(std::vector<std::string> words) {
  std::sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::string out;
  for (const auto& w : words) {
    if (w.empty()) continue;
    if (!out.empty()) out += '|';
    out += RE2::QuoteMeta(w);
    if (IsWordChar(w.back())) out += "\\b";
  }
  return out;
}

std::string Stem(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == path.npos ? path : path.substr(slash + 1);
  return std::string(base.substr(0, base.find('.')));
}

}  // namespace

PatternUnion BuildUnion(const RuleStore& rules) {
  PatternUnion u;
  std::map<std::string, std::string, std::less<>> refs;  // {name} -> pattern
  auto add = [&](std::string pattern, std::string origin) {
    if (Compiles(pattern)) {
      u.alternatives.push_back(std::move(pattern));
      u.origins.push_back(std::move(origin));
    } else {
      ++u.skipped;
    }
  };

  // Lexicons: literal surfaces, one alternative per file; also {stem} references.
  for (std::string_view path : rules.List("timex/data/")) {
    if (path.find("/lexicon/") == path.npos || !path.ends_with(".tsv")) continue;
    auto rows = ReadTsv(rules, path, 1, 64);
    if (!rows.ok()) continue;
    std::vector<std::string> words;
    for (const TsvRow& r : *rows) words.emplace_back(r[0]);
    std::string alt = LiteralAlternation(std::move(words));
    if (alt.empty()) continue;
    refs[Stem(path)] = alt;
    add("\\b(?:" + alt + ")", std::string(path));
    u.files.emplace_back(path);
  }
  // Named fragments (timex/data/patterns.tsv: name<TAB>pattern).
  for (std::string_view path : rules.List("timex/data/")) {
    if (Stem(path) != "patterns") continue;
    auto rows = ReadTsv(rules, path, 2, 64);
    if (!rows.ok()) continue;
    for (const TsvRow& r : *rows) refs[std::string(r[0])] = std::string(r[1]);
    u.files.emplace_back(path);
  }
  // Rule files with a pattern column: timex rules, mentions triggers.
  std::vector<std::string_view> pattern_files;
  // (Only the temporal expressions themselves: timex/data/rules/**, not e.g. tense cues.)
  for (std::string_view path : rules.List("timex/data/rules/")) pattern_files.push_back(path);
  for (std::string_view path : rules.List("mentions/data/")) {
    if (path.find("trigger") != path.npos) pattern_files.push_back(path);
  }
  for (std::string_view path : pattern_files) {
    auto contents = rules.Get(path);
    if (!contents.ok()) continue;
    auto col = PatternColumn(*contents);
    auto rows = ReadTsv(rules, path, 1, 64);
    if (!rows.ok()) continue;
    size_t before = u.alternatives.size() + u.skipped;
    for (const TsvRow& r : *rows) {
      std::string_view cell = col ? r[*col] : r[0];
      if (cell.empty() || cell == "-") continue;
      std::string origin = std::string(path) + ":" + std::to_string(r.line) + " " + std::string(r[0]);
      if (col) {
        add(StripNames(Expand(cell, refs)), std::move(origin));
      } else {
        add(LiteralAlternation({std::string(cell)}), std::move(origin));
      }
    }
    if (u.alternatives.size() + u.skipped > before) u.files.emplace_back(path);
  }

  if (u.alternatives.empty()) {
    u.fallback = true;
    u.alternatives = {
        "\\b(?:January|February|March|April|May|June|July|August|September|October|November|"
        "December|Jan\\.|Feb\\.|Aug\\.|Sept\\.|Oct\\.|Nov\\.|Dec\\.)",
        "\\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b",
        "\\b(?:yesterday|today|tomorrow|tonight|(?:last|next|this)\\s+(?:week|month|year))\\b",
        "\\b(?:19|20)\\d\\d\\b",
        "\\b(?:(?:tele)?phone\\s+calls?|video\\s+call|spoke\\s+(?:with|to)|met\\s+with|"
        "meeting|talks|summit|visit(?:ed|s)?|trip\\s+to)\\b"};
    u.origins.assign(u.alternatives.size(), "built-in");
  }
  return u;
}

std::vector<std::string> ListFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

bool ReadInto(const std::string& path, std::string& buf) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  buf.clear();
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) buf.append(chunk, n);
  std::fclose(f);
  return true;
}

template <class F>
PassResult Timed(const std::vector<std::string>& files, F&& per_file) {
  PassResult r;
  std::string buf;
  buf.reserve(size_t{16} << 20);
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& path : files) {
    if (!ReadInto(path, buf)) continue;
    r.bytes += buf.size();
    r.matches += per_file(std::string_view(buf));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace

namespace {

uint64_t CountMatches(const RE2& re, std::string_view b) {
  uint64_t n = 0;
  re2::StringPiece text(b.data(), b.size());
  re2::StringPiece m;
  size_t pos = 0;
  while (pos <= b.size() && re.Match(text, pos, b.size(), RE2::UNANCHORED, &m, 1)) {
    ++n;
    size_t end = size_t(m.data() - b.data()) + m.size();
    pos = m.empty() ? end + 1 : end;
  }
  return n;
}

}  // namespace

PassResult ReadPass(const std::vector<std::string>& files) {
  return Timed(files, [](std::string_view b) {
    uint64_t lines = 0;
    for (const char* p = b.data(); (p = static_cast<const char*>(
                                        std::memchr(p, '\n', size_t(b.data() + b.size() - p))));
         ++p) {
      ++lines;
    }
    return lines;
  });
}

PassResult Re2Pass(const std::vector<std::string>& files, const PatternUnion& u) {
  std::string pattern;
  for (const auto& a : u.alternatives) {
    if (!pattern.empty()) pattern += '|';
    pattern += "(?:" + a + ")";
  }
  RE2 re(pattern, Opts());
  if (!re.ok()) {
    PassResult r;
    r.error = re.error();
    return r;
  }
  return Timed(files, [&](std::string_view b) { return CountMatches(re, b); });
}

namespace {
std::string Sample(const std::vector<std::string>& files, size_t sample_bytes) {
  std::string sample, buf;
  for (const auto& path : files) {
    if (sample.size() >= sample_bytes) break;
    if (ReadInto(path, buf)) sample += buf;
  }
  return sample;
}
}  // namespace

AlternativeCost CostOfSubset(const std::vector<std::string>& files, const PatternUnion& u,
                             std::string_view prefix, size_t sample_bytes) {
  std::string sample = Sample(files, sample_bytes);
  std::string pattern;
  AlternativeCost c;
  for (size_t i = 0; i < u.alternatives.size(); ++i) {
    if (!std::string_view(u.origins[i]).starts_with(prefix)) continue;
    if (!pattern.empty()) pattern += '|';
    pattern += "(?:" + u.alternatives[i] + ")";
    ++c.index;  // here: how many alternatives
  }
  if (pattern.empty()) return c;
  RE2 re(pattern, Opts());
  auto t0 = std::chrono::steady_clock::now();
  c.matches = CountMatches(re, sample);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  c.mbps = s > 0 ? double(sample.size()) / 1e6 / s : 0;
  return c;
}

std::vector<AlternativeCost> CostPerAlternative(const std::vector<std::string>& files,
                                                const PatternUnion& u, size_t sample_bytes) {
  std::string sample = Sample(files, sample_bytes);
  std::vector<AlternativeCost> out;
  for (size_t i = 0; i < u.alternatives.size(); ++i) {
    RE2 re(u.alternatives[i], Opts());
    AlternativeCost c;
    c.index = i;
    auto t0 = std::chrono::steady_clock::now();
    c.matches = CountMatches(re, sample);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    c.mbps = s > 0 ? double(sample.size()) / 1e6 / s : 0;
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(),
            [](const AlternativeCost& a, const AlternativeCost& b) { return a.mbps < b.mbps; });
  return out;
}

PassResult SetPass(const std::vector<std::string>& files, const PatternUnion& u) {
  RE2::Set set(Opts(), RE2::UNANCHORED);
  for (const auto& a : u.alternatives) set.Add(a, nullptr);
  if (!set.Compile()) {
    PassResult r;
    r.error = "RE2::Set did not compile";
    return r;
  }
  std::vector<int> hits;
  bool out_of_memory = false;
  PassResult r = Timed(files, [&](std::string_view b) {
    RE2::Set::ErrorInfo info;
    bool any = set.Match(re2::StringPiece(b.data(), b.size()), &hits, &info);
    if (info.kind == RE2::Set::kOutOfMemory) out_of_memory = true;
    return uint64_t(any);
  });
  if (out_of_memory) r.error = "RE2::Set ran out of memory on some files";
  return r;
}

}  // namespace timeline::bench
