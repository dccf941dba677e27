// SPDX-License-Identifier: Apache-2.0
// clean: boilerplate and header lines, one RE2::Set pass per line; see clean.h.
#include "stages/clean/clean.h"

#include <fmt/format.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace timeline::clean {

namespace {

constexpr std::string_view kBoilerplate = "clean/data/boilerplate.tsv";
constexpr std::string_view kSites = "clean/data/site_names.tsv";
constexpr size_t kTopLines = 5;  // top_line / top_part rules: the first 5 non-blank lines
// The DFA budget of each RE2::Set. RE2's default (8 MB) is too small for the
// `.{0,200}` rules: the cache fills and is thrown away over and over, and the
// Set runs at ~15 MB/s instead of ~50 MB/s warm.
constexpr int64_t kSetMaxMem = int64_t{64} << 20;

enum class Kind : uint8_t { kLine, kTopLine, kPart, kTopPart, kHeader };

std::optional<Kind> ParseKind(std::string_view s) {
  if (s == "line") return Kind::kLine;
  if (s == "top_line") return Kind::kTopLine;
  if (s == "part") return Kind::kPart;
  if (s == "top_part") return Kind::kTopPart;
  if (s == "header") return Kind::kHeader;
  return std::nullopt;
}

struct Rule {
  RuleRef ref;
  Kind kind = Kind::kLine;
  std::string key;  // header field name
  std::unique_ptr<RE2> re;
  int drop = 0, value = 0;  // named group indices; 0 = absent
  int groups = 0;
};

// Records a boilerplate span and the rule that marked it.
void Mark(Document& doc, Span span, RuleRef rule) {
  doc.boilerplate.push_back(span);
  doc.boilerplate_rules.push_back(rule);
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

struct Cleaner::Impl {
  std::deque<std::string> owned;  // rule ids
  std::vector<Rule> rules;
  // The first kTopLines non-blank lines are matched against every rule, the
  // others against the rules that are not top_*: they cannot apply there.
  std::unique_ptr<RE2::Set> top_set;   // null when it could not be built
  std::unique_ptr<RE2::Set> body_set;  // null when it could not be built
  std::vector<int> body_rule;          // body_set index -> rules index
  mutable std::atomic<uint64_t> set_fallbacks{0};

  void ApplyRule(const Rule& rule, std::string_view text, size_t b, size_t e,
                 Document& doc, bool& whole_line) const;
};

Cleaner::Cleaner() : impl_(std::make_unique<Impl>()) {}
Cleaner::Cleaner(Cleaner&&) noexcept = default;
Cleaner& Cleaner::operator=(Cleaner&&) noexcept = default;
Cleaner::~Cleaner() = default;

Result<Cleaner> Cleaner::Load(const RuleStore& rules) {
  Cleaner cleaner;
  Impl& impl = *cleaner.impl_;

  auto sites = ReadTsv(rules, kSites, 1, 2);
  if (!sites.ok()) return sites.error();
  std::vector<std::string_view> names;
  for (const TsvRow& row : *sites) {
    if (row[0].empty()) return Error(std::string(rules.Origin(kSites)), row.line, "empty name");
    names.push_back(row[0]);
  }
  std::string site_alt = LiteralAlternation(std::move(names));
  if (site_alt.empty()) site_alt = "[^\\x00-\\x{10FFFF}]";  // matches nothing

  auto rows = ReadTsv(rules, kBoilerplate, 4, 5);
  if (!rows.ok()) return rows.error();
  RE2::Options opts(RE2::Quiet);
  RE2::Options set_opts(RE2::Quiet);
  set_opts.set_max_mem(kSetMaxMem);
  impl.top_set = std::make_unique<RE2::Set>(set_opts, RE2::UNANCHORED);
  impl.body_set = std::make_unique<RE2::Set>(set_opts, RE2::UNANCHORED);
  for (const TsvRow& row : *rows) {
    std::string_view id = row[0];
    auto fail = [&](std::string_view msg) { return RowError(rules, kBoilerplate, row, id, msg); };
    auto kind = ParseKind(row[1]);
    if (!kind) {
      return fail(fmt::format(
          "unknown kind \"{}\" (expected line, top_line, part, top_part or header)", row[1]));
    }
    std::string pattern;
    for (size_t pos = 0; pos < row[3].size();) {
      size_t s = row[3].find("{site}", pos);
      pattern.append(row[3].substr(pos, s == std::string_view::npos ? s : s - pos));
      if (s == std::string_view::npos) break;
      pattern += site_alt;
      pos = s + 6;
    }
    if (*kind == Kind::kLine || *kind == Kind::kTopLine) pattern = "^(?:" + pattern + ")$";
    Rule rule;
    rule.ref = RuleRef{kBoilerplate, row.line, impl.owned.emplace_back(id)};
    rule.kind = *kind;
    auto re = CompileRule(rules, kBoilerplate, row, id, pattern, opts);
    if (!re.ok()) return re.error();
    rule.re = std::move(re).value();
    rule.groups = rule.re->NumberOfCapturingGroups();
    const auto& named = rule.re->NamedCapturingGroups();
    auto index = [&](const char* name) {
      auto it = named.find(name);
      return it == named.end() ? 0 : it->second;
    };
    rule.drop = index("drop");
    rule.value = index("value");
    if (*kind == Kind::kHeader) {
      if (row[2].empty() || row[2] == "-") return fail("a header rule needs a key");
      if (!rule.value) return fail("a header rule needs a named group (?P<value>...)");
      rule.key = std::string(row[2]);
    } else if ((*kind == Kind::kPart || *kind == Kind::kTopPart) && !rule.drop) {
      return fail("a part rule needs a named group (?P<drop>...)");
    }
    // The Sets only say which rules may match (ApplyRule confirms with the
    // rule's own RE2), so they take the relaxed pattern: a much smaller DFA.
    const std::string relaxed = RelaxRepeats(pattern);
    auto add = [&](RE2::Set& set, std::string* err) {
      return set.Add(relaxed, nullptr) >= 0 || set.Add(pattern, err) >= 0;
    };
    std::string err;
    if (!add(*impl.top_set, &err)) return fail(err);
    if (*kind != Kind::kTopLine && *kind != Kind::kTopPart) {
      if (!add(*impl.body_set, &err)) return fail(err);
      impl.body_rule.push_back(int(impl.rules.size()));
    }
    impl.rules.push_back(std::move(rule));
  }
  // Out of memory: every rule, one by one.
  if (!impl.top_set->Compile()) impl.top_set.reset();
  if (impl.body_rule.empty() || !impl.body_set->Compile()) impl.body_set.reset();
  return cleaner;
}

void Cleaner::Impl::ApplyRule(const Rule& rule, std::string_view text, size_t b, size_t e,
                              Document& doc, bool& whole_line) const {
  if (rule.kind == Kind::kLine || rule.kind == Kind::kTopLine) {
    if (!RE2::FullMatch(re2::StringPiece(text.data() + b, e - b), *rule.re)) return;
    Mark(doc, Span{uint32_t(b), uint32_t(e)}, rule.ref);
    whole_line = true;
    return;
  }
  // The line alone is the subject, so that ^ and $ are its ends.
  re2::StringPiece line(text.data() + b, e - b);
  re2::StringPiece groups[16];
  int n = std::min(rule.groups + 1, 16);
  if (!rule.re->Match(line, 0, line.size(), RE2::UNANCHORED, groups, n)) return;
  auto span_of = [&](int i) {
    if (i <= 0 || i >= n || groups[i].data() == nullptr) return Span{};
    uint32_t s = uint32_t(groups[i].data() - text.data());
    return Span{s, uint32_t(s + groups[i].size())};
  };
  Span drop = rule.drop ? span_of(rule.drop) : span_of(0);
  if (rule.kind == Kind::kHeader) {
    if (rule.drop == 0) drop = span_of(0);
    doc.header.push_back(HeaderField{rule.key, drop, span_of(rule.value)});
  }
  if (!drop.empty()) Mark(doc, drop, rule.ref);
}

void Cleaner::Run(Document& doc) const {
  const Impl& impl = *impl_;
  std::string_view text = doc.text();
  if (text.size() >= UINT32_MAX) return;  // Span limit
  std::vector<int> hits;
  size_t content_lines = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    size_t b = pos, e = end;
    pos = end + 1;
    while (b < e && IsBlank(text[b])) ++b;
    while (e > b && IsBlank(text[e - 1])) --e;
    if (b == e) continue;
    const bool top = content_lines++ < kTopLines;
    std::string_view line = text.substr(b, e - b);

    if (!top && impl.body_rule.empty()) continue;  // only top_* rules
    hits.clear();
    const RE2::Set* set = top ? impl.top_set.get() : impl.body_set.get();
    bool all = set == nullptr;
    if (!all) {
      RE2::Set::ErrorInfo info{};
      const re2::StringPiece piece(line.data(), line.size());
      // Most lines match no rule: a yes/no pass first, as the pass that lists
      // the rules allocates the list on each call.
      const bool none = !set->Match(piece, nullptr, &info) && info.kind == RE2::Set::kNoError;
      if (!none && !set->Match(piece, &hits, &info) && info.kind != RE2::Set::kNoError) {
        all = true;  // e.g. the DFA ran out of memory on a huge line
        impl.set_fallbacks.fetch_add(1, std::memory_order_relaxed);
      }
      if (!top) {
        for (int& h : hits) h = impl.body_rule[size_t(h)];
      }
      std::sort(hits.begin(), hits.end());
    }
    bool whole_line = false;
    auto apply = [&](size_t i) {
      const Rule& rule = impl.rules[i];
      if (!top && (rule.kind == Kind::kTopLine || rule.kind == Kind::kTopPart)) return;
      impl.ApplyRule(rule, text, b, e, doc, whole_line);
    };
    if (all) {
      for (size_t i = 0; i < impl.rules.size() && !whole_line; ++i) apply(i);
    } else {
      for (int i : hits) {
        if (whole_line) break;
        apply(size_t(i));
      }
    }
  }
}

}  // namespace timeline::clean
