// SPDX-License-Identifier: Apache-2.0
// The `timeline` commands, on CLI11.
#include "pipeline/cli/commands.h"

#include <date/date.h>
#include <fmt/format.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "pipeline/parallel.h"
#include "pipeline/pipeline.h"
#include "pipeline/rule_store.h"
#include "pipeline/runner.h"
#include "pipeline/sinks/sinks.h"
#include "pipeline/store/store.h"
#include "stages/merge/merge.h"

namespace timeline::cli {

namespace {

constexpr int kExitOk = 0, kExitSomeFailed = 1, kExitUsage = 2;

struct Common {
  std::string output = "-";
  std::string format;  // empty: from the output path
  std::string dct;
  unsigned threads = 0;
  std::string rules_dir;
  std::string store;
  bool undated = false;
  bool unnamed = false;
  std::string dump_after;
  bool quiet = false;
  bool stats = false;
  bool prune = false;
  std::string shard;
  std::vector<std::string> inputs;
};

void AddCommon(CLI::App* cmd, Common& c, bool per_article) {
  cmd->add_option("-o,--output", c.output, "output path ('-' = stdout)");
  cmd->add_option("--format", c.format, "csv|jsonl|json|timelinejs|html (default: from -o)")
      ->check(CLI::IsMember({"csv", "jsonl", "json", "timelinejs", "html"}));
  cmd->add_option("--rules", c.rules_dir, "directory overriding built-in rule data");
  cmd->add_flag("-q,--quiet", c.quiet, "no progress or summary on stderr");
  cmd->add_flag("--undated", c.undated, "also output events whose date is unknown");
  cmd->add_flag("--unnamed", c.unnamed, "also output events with no participant named");
  cmd->add_option("-j,--threads", c.threads, "worker threads (default: all cores)");
  if (per_article) {
    cmd->add_option("--dct", c.dct, "fallback publication date YYYY-MM-DD");
    cmd->add_option("--dump-after", c.dump_after,
                    "print each document's state after STAGE as JSONL instead of the timeline");
    cmd->add_flag("--stats", c.stats, "print the time spent in each stage to stderr");
  }
}

// Problems go to stderr as "PATH[:LINE]: reason".
void Report(const ingest::Problem& p) { std::fprintf(stderr, "%s\n", p.diag.Format().c_str()); }

std::optional<RuleStore> LoadRules(const Common& c) {
  if (c.rules_dir.empty()) return RuleStore::Builtin();
  auto r = RuleStore::WithOverrides(c.rules_dir);
  if (!r.ok()) {
    std::fprintf(stderr, "timeline: %s\n", r.error().Format().c_str());
    return std::nullopt;
  }
  return std::move(r).value();
}

std::optional<Pipeline> LoadPipeline(const Common& c, RuleStore rules) {
  PipelineOptions po;
  if (!c.dct.empty()) {
    auto d = DateValue::ParseIsoDay(c.dct);
    if (!d || c.dct.size() != 10) {
      std::fprintf(stderr, "timeline: --dct: \"%s\" is not a valid YYYY-MM-DD date\n",
                   c.dct.c_str());
      return std::nullopt;
    }
    po.fallback_dct = *d;
  }
  auto p = Pipeline::Load(std::move(rules), po);
  if (!p.ok()) {
    std::fprintf(stderr, "timeline: %s\n", p.error().Format().c_str());
    return std::nullopt;
  }
  return std::move(p).value();
}

bool CheckDumpStage(const std::string& stage) {
  if (stage.empty()) return true;
  auto idx = StageIndex(stage);
  if (!idx || StageList()[*idx].kind == "reduce" || StageList()[*idx].kind == "sink") {
    std::fprintf(stderr,
                 "timeline: --dump-after: \"%s\" is not a per-article stage "
                 "(ingest, clean, dct, segment, timex, mentions, anchor)\n",
                 stage.c_str());
    return false;
  }
  return true;
}

// "K/N" with 0 <= K < N.
std::optional<std::pair<uint64_t, uint64_t>> ParseShard(const std::string& s) {
  size_t slash = s.find('/');
  if (slash == std::string::npos) return std::nullopt;
  uint64_t k = 0, n = 0;
  auto r1 = std::from_chars(s.data(), s.data() + slash, k);
  auto r2 = std::from_chars(s.data() + slash + 1, s.data() + s.size(), n);
  if (r1.ec != std::errc() || r1.ptr != s.data() + slash || r2.ec != std::errc() ||
      r2.ptr != s.data() + s.size() || n == 0 || k >= n)
    return std::nullopt;
  return std::make_pair(k, n);
}

sinks::Format OutputFormat(const Common& c) {
  if (!c.format.empty()) return *sinks::ParseFormat(c.format);
  return sinks::FormatFromPath(c.output);
}

// -j: 0 is all cores.
unsigned Threads(const Common& c) {
  return c.threads ? c.threads : std::max(1u, std::thread::hardware_concurrency());
}

std::string GeneratedBy() { return fmt::format("timeline {}", TIMELINE_VERSION); }

void PrintStats(const StageStats& stats, const RunSummary& sum, double seconds) {
  std::fprintf(stderr, "stage      seconds  share\n");
  uint64_t total = 0;
  for (size_t i = 0; i < StageList().size(); ++i) total += stats.nanos(i);
  for (size_t i = 0; i < StageList().size(); ++i) {
    if (StageList()[i].kind != "filter") continue;
    double s = double(stats.nanos(i)) / 1e9;
    std::fprintf(stderr, "%-10s %7.3f  %4.1f%%\n", std::string(StageList()[i].name).c_str(), s,
                 total ? 100.0 * double(stats.nanos(i)) / double(total) : 0.0);
  }
  std::fprintf(stderr, "%zu articles, %.1f MB in %.3f s\n", sum.articles, double(sum.bytes) / 1e6,
               seconds);
}

// Runs the per-article pipeline (shards, --stats, the progress line) and
// hands each result to `on_result`.
RunSummary Drive(const Pipeline& pipeline, const Common& c, RunOptions opt,
                 const std::function<void(ArticleResult&&)>& on_result) {
  opt.threads = c.threads;
  opt.dump_after = c.dump_after;
  StageStats stats;
  if (c.stats) opt.stats = &stats;
  if (!c.shard.empty()) {
    auto shard = ParseShard(c.shard);
    opt.select = [k = shard->first, n = shard->second](const Article& a) {
      return Hash64(a.id) % n == k;
    };
  }
  auto t0 = std::chrono::steady_clock::now();
  // A progress line on stderr, only when it is a terminal.
  const bool progress = !c.quiet && isatty(STDERR_FILENO);
  auto last_shown = t0;
  uint64_t done_bytes = 0;
  size_t done = 0;
  RunSummary summary = RunArticles(
      pipeline, c.inputs, opt,
      [&](ArticleResult&& r) {
        done_bytes += r.bytes;
        ++done;
        on_result(std::move(r));
        if (progress) {
          auto now = std::chrono::steady_clock::now();
          if (now - last_shown > std::chrono::milliseconds(200)) {
            last_shown = now;
            std::fprintf(stderr, "\r%zu articles, %.1f MB", done, double(done_bytes) / 1e6);
          }
        }
      },
      [&](const ingest::Problem& p) {
        if (progress) std::fprintf(stderr, "\r\033[K");
        Report(p);
      });
  if (progress) std::fprintf(stderr, "\r\033[K");
  if (c.stats) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    PrintStats(stats, summary, secs);
  }
  return summary;
}

// Runs the per-article pipeline and collects results sorted by article id
// (then origin), so output never depends on thread count or input order.
struct Collected {
  std::vector<ArticleResult> results;
  RunSummary summary;
};

Collected Collect(const Pipeline& pipeline, const Common& c, RunOptions opt) {
  Collected out;
  out.summary = Drive(pipeline, c, std::move(opt),
                      [&](ArticleResult&& r) { out.results.push_back(std::move(r)); });
  std::sort(out.results.begin(), out.results.end(), [](const auto& a, const auto& b) {
    return std::tie(a.id, a.origin) < std::tie(b.id, b.origin);
  });
  return out;
}

// Returns the free memory of every malloc arena to the OS. glibc keeps what a
// thread frees in that thread's arena, where allocations on other threads
// cannot reuse it; called between two phases (the per-article stages, then
// the merge), it keeps the first phase's freed buffers out of the second
// phase's peak.
void ReleaseFreeMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

int ExitFor(const RunSummary& s) {
  return s.failed_inputs + s.warnings > 0 ? kExitSomeFailed : kExitOk;
}

bool Write(const Common& c, std::string_view bytes) {
  auto w = sinks::WriteOutput(c.output, bytes);
  if (!w.ok()) {
    std::fprintf(stderr, "timeline: %s\n", w.error().Format().c_str());
    return false;
  }
  return true;
}

// Renders the timeline and writes it atomically, piece by piece (a csv or
// jsonl timeline is rendered in blocks on the threads and never held whole).
bool WriteEvents(const Common& c, const sinks::EventList& events, const sinks::RenderInfo& info) {
  auto out = sinks::OutputFile::Open(c.output);
  auto w = out.ok() ? Result<void>() : Result<void>(out.error());
  if (w.ok()) {
    w = sinks::RenderTo(OutputFormat(c), events, info, Threads(c),
                        [&](std::string_view piece) { return out->Write(piece); });
  }
  if (w.ok()) w = out->Commit();
  if (!w.ok()) {
    std::fprintf(stderr, "timeline: %s\n", w.error().Format().c_str());
    return false;
  }
  return true;
}

// The events a timeline shows: dated ones (unless --undated) with at least one
// participant named (unless --unnamed). An event no name was found for ("Formal
// talks are due on Saturday") says nothing a reader can use; it never merges
// with another article's report (the merge relates events through their
// participants), and the store keeps it all the same.
bool Hidden(const Common& c, const DateValue& date, bool named) {
  return (!c.undated && !date.dated()) || (!c.unnamed && !named);
}

std::vector<Event> Finish(std::vector<Event> events, const Common& c) {
  std::erase_if(events, [&](const Event& e) { return Hidden(c, e.date, !e.participants.empty()); });
  return events;
}

Timeline Finish(Timeline timeline, const Common& c) {
  std::erase_if(timeline.events,
                [&](const CompactEvent& e) { return Hidden(c, e.date, !e.participant_ids().empty()); });
  return timeline;
}

int WriteDumps(const Common& c, const Collected& col) {
  std::string out;
  for (const auto& r : col.results) {
    out += r.dump_json;
    out += '\n';
  }
  if (!Write(c, out)) return kExitSomeFailed;
  return ExitFor(col.summary);
}

std::string UtcNow() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return date::format("%FT%TZ", now);
}

std::string Hex(uint64_t h) { return fmt::format("{:016x}", h); }

// `run --store`: only new or changed articles are processed; the timeline
// is the merge of every stored mention; all in one transaction.
int RunWithStore(const Common& c, const RuleStore& rules, const Pipeline& pipeline) {
  auto fail = [](const Diagnostic& d) {
    std::fprintf(stderr, "timeline: %s\n", d.Format().c_str());
    return kExitSomeFailed;
  };
  auto st = store::Store::Open(c.store);
  if (!st.ok()) return fail(st.error());
  if (auto r = st->Begin(); !r.ok()) return fail(r.error());
  store::RunRecord rec;
  rec.started = UtcNow();
  rec.rules_hash = Hex(rules.Fingerprint() ^ Hash64(GeneratedBy()));
  auto last_rules = st->LastRulesHash();
  if (!last_rules.ok()) return fail(last_rules.error());
  const bool reextract_all = *last_rules != rec.rules_hash;
  auto known = st->Articles();
  if (!known.ok()) return fail(known.error());
  if (auto r = st->ClearFailures(); !r.ok()) return fail(r.error());

  std::vector<std::string> seen;
  RunOptions opt;
  opt.select = [&](const Article& a) {
    seen.push_back(a.id);
    auto it = known->find(a.id);
    if (it == known->end()) {
      ++rec.new_articles;
      return true;
    }
    if (!reextract_all && it->second.content_hash == Hex(ArticleHash(a))) {
      ++rec.unchanged_articles;
      return false;
    }
    ++rec.changed_articles;
    return true;
  };
  std::vector<ingest::Problem> failures;
  opt.threads = c.threads;
  RunSummary sum = RunArticles(
      pipeline, c.inputs, opt,
      [&](ArticleResult&& r) {
        if (r.failure) return;
        auto put = st->PutArticle(r.id, r.origin, Hex(r.content_hash), r.bytes, r.mentions);
        if (!put.ok()) failures.push_back({put.error(), true});
      },
      [&](const ingest::Problem& p) {
        Report(p);
        if (p.failed) failures.push_back(p);
      });
  for (const auto& f : failures) {
    std::string origin = f.diag.line ? fmt::format("{}:{}", f.diag.path, f.diag.line) : f.diag.path;
    if (auto r = st->PutFailure(origin, f.diag.Format()); !r.ok()) return fail(r.error());
  }
  rec.failed_inputs = sum.failed_inputs;
  if (c.prune) {
    auto pruned = st->Prune(seen);
    if (!pruned.ok()) return fail(pruned.error());
    rec.pruned_articles = *pruned;
  }
  auto mentions = st->AllMentions();
  if (!mentions.ok()) return fail(mentions.error());
  std::set<std::string> articles;
  for (const auto& m : *mentions) articles.insert(m.article);
  auto all_events = pipeline.merger().Merge(std::move(*mentions), Threads(c));
  auto counts = st->ReplaceEvents(all_events);
  if (!counts.ok()) return fail(counts.error());
  rec.events = *counts;
  rec.finished = UtcNow();
  if (auto r = st->PutRun(rec); !r.ok()) return fail(r.error());
  auto events = Finish(std::move(all_events), c);
  sinks::RenderInfo info{GeneratedBy(), articles.size()};
  std::string rendered = sinks::Render(OutputFormat(c), events, info);
  if (auto r = st->Commit(); !r.ok()) return fail(r.error());
  if (!Write(c, rendered)) return kExitSomeFailed;
  if (!c.quiet) {
    std::fprintf(stderr,
                 "timeline: articles: %zu new, %zu changed, %zu unchanged, %zu failed%s; "
                 "events: %zu added, %zu updated, %zu removed, %zu total\n",
                 rec.new_articles, rec.changed_articles, rec.unchanged_articles, rec.failed_inputs,
                 c.prune ? fmt::format(", {} pruned", rec.pruned_articles).c_str() : "",
                 rec.events.added, rec.events.updated, rec.events.removed, rec.events.total);
  }
  return ExitFor(sum);
}

int RunCommand(const Common& c) {
  auto rules = LoadRules(c);
  if (!rules) return kExitUsage;
  auto pipeline = LoadPipeline(c, std::move(*rules));
  if (!pipeline) return kExitUsage;
  if (!c.store.empty()) return RunWithStore(c, pipeline->rules(), *pipeline);
  if (!c.dump_after.empty()) return WriteDumps(c, Collect(*pipeline, c, RunOptions{}));
  // The merge's own copy of its knowledge, so that the stages (their compiled
  // rules and DFA caches, tens of MB) are gone before the merge starts.
  auto merger = merge::Merger::Load(pipeline->rules());
  if (!merger.ok()) {
    std::fprintf(stderr, "timeline: %s\n", merger.error().Format().c_str());
    return kExitUsage;
  }
  // Only the mentions are kept (the merge orders them itself), compact: each
  // string once per run, a fixed-size record per mention.
  MentionTable all;
  RunSummary sum = Drive(*pipeline, c, RunOptions{}, [&](ArticleResult&& r) {
    for (const auto& m : r.mentions) all.Add(m);
  });
  pipeline.reset();
  ReleaseFreeMemory();
  auto events = Finish(merger->MergeCompact(std::move(all), Threads(c)), c);
  sinks::RenderInfo info{GeneratedBy(), sum.articles};
  if (!WriteEvents(c, events, info)) return kExitSomeFailed;
  if (!c.quiet && isatty(STDERR_FILENO)) {
    std::fprintf(stderr, "%zu articles, %zu events -> %s\n", sum.articles, events.size(),
                 c.output == "-" ? "stdout" : c.output.c_str());
  }
  return ExitFor(sum);
}

// Streams: each article's events (the merge of its own mentions) are
// rendered on the worker thread and written in the reader's order as soon as
// the articles before it are done, into a temporary file renamed at the end.
int ExtractCommand(const Common& c) {
  auto rules = LoadRules(c);
  if (!rules) return kExitUsage;
  auto pipeline = LoadPipeline(c, std::move(*rules));
  if (!pipeline) return kExitUsage;
  if (!c.dump_after.empty()) return WriteDumps(c, Collect(*pipeline, c, RunOptions{}));
  auto out = sinks::OutputFile::Open(c.output);
  if (!out.ok()) {
    std::fprintf(stderr, "timeline: %s\n", out.error().Format().c_str());
    return kExitSomeFailed;
  }
  const merge::Merger& merger = pipeline->merger();
  RunOptions opt;
  opt.ordered = true;
  opt.mentions_as_table = true;  // the per-article merge reads the table
  // Each article is rendered into an output string that an article written
  // before gave back, so it has the capacity already: growing a new string
  // step by step, or copying one rendered elsewhere, cost more than writing
  // the JSON. A few strings are kept, as many as can be in use at once in
  // steady state (one per worker, one being written).
  std::mutex spare_mu;
  std::vector<std::string> spare;
  const size_t max_spare = Threads(c) + 1;
  // Undated events are written too: a later merge may date them.
  opt.finish = [&](ArticleResult& r) {
    {
      std::lock_guard<std::mutex> lock(spare_mu);
      if (!spare.empty()) {
        r.output = std::move(spare.back());
        spare.pop_back();
      }
    }
    r.output.clear();
    const Timeline timeline = merger.MergeCompact(r.table ? std::move(*r.table) : MentionTable{});
    sinks::AppendTimelineJsonl(r.output, timeline);
    r.table.reset();
  };
  std::optional<Diagnostic> write_error;
  RunSummary sum = Drive(*pipeline, c, opt, [&](ArticleResult&& r) {
    if (write_error) return;
    if (auto w = out->Write(r.output); !w.ok()) write_error = w.error();
    std::lock_guard<std::mutex> lock(spare_mu);
    if (spare.size() < max_spare) spare.push_back(std::move(r.output));
  });
  if (!write_error) {
    if (auto w = out->Commit(); !w.ok()) write_error = w.error();
  }
  if (write_error) {
    std::fprintf(stderr, "timeline: %s\n", write_error->Format().c_str());
    return kExitSomeFailed;
  }
  return ExitFor(sum);
}

// Reads events from jsonl files ('-' = stdin); bad lines are reported
// with their line number and skipped. A block of lines (a few MB) at a time
// is parsed on `threads` threads; problems are reported and mentions kept
// in line order, as one thread would.
bool ReadEventFile(const std::string& path, unsigned threads, MentionTable& out) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      Report({Error(path, 0, "cannot read"), true});
      return false;
    }
    in = &file;
  }
  constexpr size_t kBlockBytes = size_t{4} << 20;
  constexpr size_t kLinesPerItem = 64;
  bool ok = true;
  uint32_t n = 0;  // lines read
  std::vector<std::string> lines;
  std::vector<std::optional<Result<Event>>> parsed;
  std::string line;
  while (*in) {
    lines.clear();
    const uint32_t first = n + 1;
    for (size_t bytes = 0; bytes < kBlockBytes && std::getline(*in, line); ++n) {
      bytes += line.size();
      lines.push_back(std::move(line));
    }
    parsed.clear();
    parsed.resize(lines.size());
    ParallelFor((lines.size() + kLinesPerItem - 1) / kLinesPerItem, threads,
                [&](size_t item, unsigned) {
                  const size_t end = std::min(lines.size(), (item + 1) * kLinesPerItem);
                  for (size_t i = item * kLinesPerItem; i < end; ++i) {
                    if (lines[i].find_first_not_of(" \t\r") == std::string::npos) continue;
                    parsed[i] = sinks::EventFromJson(lines[i]);
                  }
                });
    for (size_t i = 0; i < parsed.size(); ++i) {
      if (!parsed[i]) continue;
      auto& e = *parsed[i];
      if (!e.ok()) {
        Report({Error(path, first + uint32_t(i), e.error().message), true});
        ok = false;
        continue;
      }
      for (const auto& m : e->mentions) out.Add(m);
      parsed[i].reset();  // its strings are in `out` now
    }
  }
  return ok;
}

int MergeCommand(const Common& c) {
  auto rules = LoadRules(c);
  if (!rules) return kExitUsage;
  auto merger = merge::Merger::Load(*rules);
  if (!merger.ok()) {
    std::fprintf(stderr, "timeline: %s\n", merger.error().Format().c_str());
    return kExitUsage;
  }
  MentionTable all;
  bool ok = true;
  std::vector<std::string> inputs = c.inputs.empty() ? std::vector<std::string>{"-"} : c.inputs;
  for (const auto& path : inputs) ok = ReadEventFile(path, Threads(c), all) && ok;
  const size_t articles = all.CountArticles();
  auto events = Finish(merger->MergeCompact(std::move(all), Threads(c)), c);
  sinks::RenderInfo info{GeneratedBy(), articles};
  if (!WriteEvents(c, events, info)) return kExitSomeFailed;
  return ok ? kExitOk : kExitSomeFailed;
}

int TimexCommand(const Common& c) {
  auto rules = LoadRules(c);
  if (!rules) return kExitUsage;
  auto pipeline = LoadPipeline(c, std::move(*rules));
  if (!pipeline) return kExitUsage;
  RunOptions opt;
  opt.want_mentions = false;
  opt.want_timex_json = true;
  opt.last_stage = "timex";
  Collected col = Collect(*pipeline, c, opt);
  if (!c.dump_after.empty()) return WriteDumps(c, col);
  std::string out;
  for (const auto& r : col.results) {
    out += r.timex_json;
    out += '\n';
  }
  if (!Write(c, out)) return kExitSomeFailed;
  return ExitFor(col.summary);
}

int StagesCommand() {
  for (const StageInfo& s : StageList()) {
    std::printf("%-9s %-7s %s\n", std::string(s.name).c_str(), std::string(s.kind).c_str(),
                std::string(s.summary).c_str());
  }
  return kExitOk;
}

int RulesCommand(const Common& c, bool list, const std::string& dump) {
  auto rules = LoadRules(c);
  if (!rules) return kExitUsage;
  if (!dump.empty()) {
    auto contents = rules->Get(dump);
    if (!contents.ok()) {
      std::fprintf(stderr, "timeline: %s\n", contents.error().Format().c_str());
      return kExitUsage;
    }
    std::fwrite(contents->data(), 1, contents->size(), stdout);
    return kExitOk;
  }
  (void)list;
  for (std::string_view p : rules->List()) std::printf("%.*s\n", int(p.size()), p.data());
  return kExitOk;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"timeline: raw news articles -> one dated, deduplicated timeline of events"};
  app.set_version_flag("--version", GeneratedBy());
  app.require_subcommand(1);
  Common c;

  auto* run = app.add_subcommand("run", "full pipeline -> one merged timeline");
  AddCommon(run, c, true);
  run->add_option("--store", c.store, "SQLite store for incremental batch runs");
  run->add_flag("--prune", c.prune,
                "with --store: forget stored articles not in this run's inputs");
  run->add_option("INPUT", c.inputs, "files, directories, or - for stdin")->required();

  auto* extract = app.add_subcommand("extract", "per-article events, not merged (JSONL)");
  AddCommon(extract, c, true);
  extract->add_option("--shard", c.shard, "K/N: only articles whose id hashes to K of N");
  extract->add_option("INPUT", c.inputs, "files, directories, or - for stdin")->required();

  auto* merge = app.add_subcommand("merge", "merge extract outputs or partial timelines");
  AddCommon(merge, c, false);
  merge->add_option("FILE", c.inputs, "jsonl files of events ('-' = stdin)");

  auto* timex = app.add_subcommand("timex", "temporal expressions with normalized values (JSONL)");
  AddCommon(timex, c, true);
  timex->add_option("INPUT", c.inputs, "files, directories, or - for stdin")->required();

  app.add_subcommand("stages", "the stages, in order, one line each");

  bool list = false;
  std::string dump;
  auto* rules = app.add_subcommand("rules", "list or print the built-in rule data files");
  rules->add_option("--rules", c.rules_dir, "directory overriding built-in rule data");
  rules->add_flag("--list", list, "list the rule files (the default)");
  rules->add_option("--dump", dump, "print one rule file, e.g. timex/data/lexicon/months.tsv");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (!CheckDumpStage(c.dump_after)) return kExitUsage;
  if (!c.shard.empty() && !ParseShard(c.shard)) {
    std::fprintf(stderr, "timeline: --shard: \"%s\" is not K/N with 0 <= K < N\n", c.shard.c_str());
    return kExitUsage;
  }
  if (c.prune && c.store.empty()) {
    std::fprintf(stderr, "timeline: --prune needs --store\n");
    return kExitUsage;
  }
  if (run->parsed()) return RunCommand(c);
  if (extract->parsed()) return ExtractCommand(c);
  if (merge->parsed()) return MergeCommand(c);
  if (timex->parsed()) return TimexCommand(c);
  if (rules->parsed()) return RulesCommand(c, list, dump);
  return StagesCommand();
}

}  // namespace timeline::cli
