// SPDX-License-Identifier: Apache-2.0
// RuleStore: embedded data, --rules overlays, and the TSV reader.
#include "pipeline/rule_store.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

namespace timeline {

namespace fs = std::filesystem;

RuleStore RuleStore::Builtin() {
  RuleStore s;
  for (const EmbeddedFile& f : detail::EmbeddedFiles()) {
    s.files_[std::string(f.path)] = Entry{f.contents, f.path};
  }
  return s;
}

RuleStore RuleStore::FromMap(const std::map<std::string, std::string>& files) {
  RuleStore s;
  for (const auto& [path, contents] : files) {
    std::string_view c = s.owned_.emplace_back(contents);
    std::string_view o = s.owned_.emplace_back(path);
    s.files_[path] = Entry{c, o};
  }
  return s;
}

Result<RuleStore> RuleStore::WithOverrides(const std::string& dir) {
  RuleStore s = Builtin();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Error(dir, 0, "not a directory");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec) return Error(dir, 0, fmt::format("cannot list: {}", ec.message()));
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::string rel = fs::relative(p, dir, ec).generic_string();
    if (ec || rel.empty() || rel[0] == '.') continue;
    std::ifstream in(p, std::ios::binary);
    if (!in) return Error(p.string(), 0, "cannot read");
    std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string_view c = s.owned_.emplace_back(std::move(contents));
    std::string_view o = s.owned_.emplace_back(p.string());
    s.files_[rel] = Entry{c, o};
  }
  return s;
}

Result<std::string_view> RuleStore::Get(std::string_view path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return Error(std::string(path), 0, "no such rule file");
  return it->second.contents;
}

bool RuleStore::Has(std::string_view path) const { return files_.find(path) != files_.end(); }

std::vector<std::string_view> RuleStore::List(std::string_view prefix) const {
  std::vector<std::string_view> out;
  for (auto it = files_.lower_bound(prefix); it != files_.end(); ++it) {
    if (std::string_view(it->first).substr(0, prefix.size()) != prefix) break;
    out.push_back(it->first);
  }
  return out;
}

std::string_view RuleStore::Origin(std::string_view path) const {
  auto it = files_.find(path);
  return it == files_.end() ? path : it->second.origin;
}

uint64_t RuleStore::Fingerprint() const {
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  for (const auto& [path, entry] : files_) {
    uint64_t sizes[2] = {path.size(), entry.contents.size()};
    XXH3_64bits_update(st, sizes, sizeof sizes);
    XXH3_64bits_update(st, path.data(), path.size());
    XXH3_64bits_update(st, entry.contents.data(), entry.contents.size());
  }
  uint64_t h = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  return h;
}

Result<std::vector<TsvRow>> ReadTsv(const RuleStore& store, std::string_view path,
                                    size_t min_cols, size_t max_cols) {
  auto contents = store.Get(path);
  if (!contents.ok()) return contents.error();
  std::string_view text = *contents;
  std::vector<TsvRow> rows;
  uint32_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') continue;
    TsvRow row;
    row.line = line_no;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      row.cells.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (row.cells.size() < min_cols || row.cells.size() > max_cols) {
      std::string want = min_cols == max_cols ? fmt::format("{}", min_cols)
                                              : fmt::format("{} to {}", min_cols, max_cols);
      return Error(std::string(store.Origin(path)), line_no,
                   fmt::format("expected {} columns, found {}", want, row.cells.size()));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string LiteralAlternation(std::vector<std::string_view> words) {
  std::sort(words.begin(), words.end(), [](std::string_view a, std::string_view b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  std::string alt;
  for (std::string_view w : words) {
    if (!alt.empty()) alt += '|';
    alt += RE2::QuoteMeta(w);
  }
  return alt;
}

std::optional<std::vector<PatternPiece>> SplitPattern(std::string_view p) {
  if (p.find("\\Q") != std::string_view::npos || p.find("[:") != std::string_view::npos)
    return std::nullopt;
  // An escape's length at i: two bytes, or through the closing brace of
  // \x{41}, \p{Lu}, \P{Greek}.
  auto escape_length = [&](size_t i) {
    size_t n = std::min<size_t>(2, p.size() - i);
    if (n == 2 && (p[i + 1] == 'x' || p[i + 1] == 'p' || p[i + 1] == 'P') && i + 2 < p.size() &&
        p[i + 2] == '{') {
      size_t close = p.find('}', i + 2);
      n = close == std::string_view::npos ? p.size() - i : close + 1 - i;
    }
    return n;
  };
  std::vector<PatternPiece> out;
  for (size_t i = 0; i < p.size();) {
    size_t j = i + 1;
    PieceKind kind = PieceKind::kByte;
    if (p[i] == '\\') {
      kind = PieceKind::kEscape;
      j = i + escape_length(i);
    } else if (p[i] == '[') {
      kind = PieceKind::kClass;
      // A ']' right after '[' or '[^' is a literal.
      if (j < p.size() && p[j] == '^') ++j;
      if (j < p.size() && p[j] == ']') ++j;
      while (j < p.size() && p[j] != ']') j += p[j] == '\\' ? escape_length(j) : 1;
      if (j < p.size()) ++j;  // the closing ']'
    }
    out.push_back(PatternPiece{p.substr(i, j - i), kind});
    i = j;
  }
  return out;
}

std::string RelaxRepeats(std::string_view p) {
  auto pieces = SplitPattern(p);
  if (!pieces) return std::string(p);
  auto byte = [&](size_t k, auto&& pred) {
    return k < pieces->size() && (*pieces)[k].kind == PieceKind::kByte && pred((*pieces)[k].text[0]);
  };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string out;
  out.reserve(p.size());
  for (size_t k = 0; k < pieces->size(); ++k) {
    const PatternPiece& x = (*pieces)[k];
    if (x.kind == PieceKind::kByte && x.text == "{" && !out.empty()) {
      // {n}, {n,} or {n,m}
      size_t j = k + 1;
      while (byte(j, digit)) ++j;
      bool ok = j > k + 1;
      if (ok && byte(j, [](char c) { return c == ','; })) {
        ++j;
        while (byte(j, digit)) ++j;
      }
      if (ok && byte(j, [](char c) { return c == '}'; })) {
        out += '*';
        k = j;
        continue;
      }
    }
    out += x.text;
  }
  return out;
}

std::optional<std::string> DropAssertions(std::string_view p, bool keep_begin, bool keep_end) {
  auto pieces = SplitPattern(p);
  if (!pieces) return std::nullopt;
  constexpr std::string_view kTrue = "(?:)";
  std::string out;
  out.reserve(p.size() + 16);
  for (const PatternPiece& x : *pieces) {
    const char e = x.kind == PieceKind::kEscape && x.text.size() == 2 ? x.text[1] : 0;
    const char c = x.kind == PieceKind::kByte ? x.text[0] : 0;
    if (e == 'b' || e == 'B' || (e == 'A' && !keep_begin) || (e == 'z' && !keep_end) ||
        (c == '^' && !keep_begin) || (c == '$' && !keep_end)) {
      out += kTrue;
    } else {
      out += x.text;
    }
  }
  return out;
}

std::string DropTrailingRepeat(std::string_view p) {
  auto pieces = SplitPattern(p);
  if (!pieces) return std::string(p);
  const std::vector<PatternPiece>& x = *pieces;
  auto is_byte = [&](size_t k, char c) { return x[k].kind == PieceKind::kByte && x[k].text[0] == c; };
  auto digit = [&](size_t k) {
    return x[k].kind == PieceKind::kByte && x[k].text[0] >= '0' && x[k].text[0] <= '9';
  };
  // From the end: the anchor, a lazy '?', "{n}", "{n,}" or "{n,m}", ')'.
  size_t k = x.size();
  if (k == 0 || !(is_byte(k - 1, '$') || (x[k - 1].kind == PieceKind::kEscape && x[k - 1].text == "\\z")))
    return std::string(p);
  --k;
  if (k > 0 && is_byte(k - 1, '?')) --k;
  if (k == 0 || !is_byte(k - 1, '}')) return std::string(p);
  --k;
  const size_t digits_end = k;
  while (k > 0 && (digit(k - 1) || is_byte(k - 1, ','))) --k;
  if (k == digits_end || !digit(k) || k == 0 || !is_byte(k - 1, '{')) return std::string(p);
  --k;
  if (k == 0 || !is_byte(k - 1, ')')) return std::string(p);
  // The group's '(' must be at the top level: the prefix before it is then
  // the start of the last alternative, which matches where the whole does.
  size_t open = k - 1;
  for (int depth = 0;; --open) {
    if (is_byte(open, ')')) ++depth;
    if (is_byte(open, '(') && --depth == 0) break;
    if (open == 0) return std::string(p);  // unbalanced
  }
  int depth = 0;
  for (size_t j = 0; j < open; ++j) depth += is_byte(j, '(') ? 1 : is_byte(j, ')') ? -1 : 0;
  if (depth != 0) return std::string(p);
  std::string out;
  for (size_t j = 0; j < open; ++j) out += x[j].text;
  return out;
}

std::string DropLeadingRepeat(std::string_view p) {
  auto pieces = SplitPattern(p);
  if (!pieces) return std::string(p);
  const std::vector<PatternPiece>& x = *pieces;
  auto is_byte = [&](size_t k, char c) {
    return k < x.size() && x[k].kind == PieceKind::kByte && x[k].text[0] == c;
  };
  auto digit = [&](size_t k) {
    return k < x.size() && x[k].kind == PieceKind::kByte && x[k].text[0] >= '0' && x[k].text[0] <= '9';
  };
  // From the start: the anchor, pieces without a group or an alternation
  // ("\s*"), '(' ... ')', "{n}", "{n,}" or "{n,m}", a lazy '?'.
  if (x.empty() || !(is_byte(0, '^') || (x[0].kind == PieceKind::kEscape && x[0].text == "\\A")))
    return std::string(p);
  size_t k = 1;
  while (k < x.size() && !is_byte(k, '(') && !is_byte(k, ')') && !is_byte(k, '|')) ++k;
  // The group is then at the top level, in the first alternative: what
  // follows it is the rest of that alternative, which matches where it did.
  if (!is_byte(k, '(')) return std::string(p);
  for (int depth = 0;; ++k) {
    if (k == x.size()) return std::string(p);  // unbalanced
    if (is_byte(k, '(')) ++depth;
    if (is_byte(k, ')') && --depth == 0) break;
  }
  ++k;
  if (!is_byte(k, '{') || !digit(k + 1)) return std::string(p);
  ++k;
  while (digit(k) || is_byte(k, ',')) ++k;
  if (!is_byte(k, '}')) return std::string(p);
  ++k;
  if (is_byte(k, '?')) ++k;
  if (k == x.size()) return std::string(p);  // nothing would be left to look for
  std::string out;
  for (size_t j = k; j < x.size(); ++j) out += x[j].text;
  return out;
}

Diagnostic RowError(const RuleStore& store, std::string_view path, const TsvRow& row,
                    std::string_view id, std::string_view reason) {
  return Error(std::string(store.Origin(path)), row.line, fmt::format("{}: {}", id, reason));
}

Result<std::unique_ptr<RE2>> CompileRule(const RuleStore& store, std::string_view path,
                                         const TsvRow& row, std::string_view id,
                                         std::string_view pattern, const RE2::Options& options) {
  auto re = std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) return RowError(store, path, row, id, re->error());
  return re;
}

}  // namespace timeline
