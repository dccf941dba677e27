// SPDX-License-Identifier: Apache-2.0
// timeline_bench: `make bench`. Throughput, per-stage shares and peak memory of timeline.
//
// 1. Generates (or reuses) a deterministic corpus of --mb MB (corpus.h).
// 2. The real CLI, each run in its own process started through a small
//    launcher (this binary re-executed with --launch) so that the peak RSS
//    wait4() reports is the child's alone: `timeline extract -j1`,
//    `timeline extract -jN` and `timeline run -jN` (extract + merge + CSV).
//    First, while this process is still small.
// 3. Limits: a plain read of the same bytes, and one RE2 pass with the union
//    of every trigger and temporal pattern in the rule data (limits.h).
// 4. In process, one thread: Pipeline::Load + RunArticles over the same
//    corpus, timing ingest, each filter stage, the runner, merge and the CSV
//    sink separately; prints each one's share of the time.
// The last line is machine-readable:
//   extract_MBps_1t=... extract_MBps_all=... ratio_to_re2_pass=... peak_rss_MB=... [more]
// MB = 10^6 bytes of input files on disk. Nothing here is asserted: targets
// are printed next to the figures.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/pipeline.h"
#include "pipeline/rule_store.h"
#include "pipeline/runner.h"
#include "pipeline/sinks/sinks.h"
#include "stages/merge/merge.h"
#include "tests/bench/corpus.h"
#include "tests/bench/limits.h"
#include "tests/bench/timex_alone.h"

#ifndef TIMELINE_SOURCE_DIR
#define TIMELINE_SOURCE_DIR "."
#endif

namespace timeline::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

constexpr char kUsage[] =
    "usage: timeline_bench [options]\n"
    "  --mb N            corpus size in MB (10^6 bytes; default 200)\n"
    "  --seed N          corpus seed (default 1)\n"
    "  --work DIR        where the corpus and outputs go (default build-bench/bench)\n"
    "  --corpus DIR      use this directory of inputs instead of generating one\n"
    "  --timeline PATH   the timeline binary (default: next to this one)\n"
    "  --source DIR      the repository, for samples/ (default: the configured source dir)\n"
    "  --shared DIR      ../shared, for data/timeml (default: SOURCE/../shared; '' = none)\n"
    "  --threads N       'all cores' thread count (default: hardware concurrency)\n"
    "  --mem             memory check: only the -jN CLI runs (use with --mb 1000)\n"
    "  --skip LIST       comma-separated: limits,re2top,cli1t,cliall,run,inproc,merge,timex\n"
    "                    (merge: the in-process table stops before the cross-article merge)\n"
    "  --gen-only        generate the corpus and stop\n";

struct Options {
  uint64_t mb = 200;
  uint64_t seed = 1;
  std::string work = "build-bench/bench";
  std::string corpus;
  std::string timeline;
  std::string source = TIMELINE_SOURCE_DIR;
  std::optional<std::string> shared;
  unsigned threads = 0;
  bool mem = false;
  bool gen_only = false;
  std::string skip;
  bool Skip(std::string_view what) const {
    return (',' + skip + ',').find(fmt::format(",{},", what)) != std::string::npos;
  }
};

// ---- the launcher: runs one command, reports its rusage --------------------

struct ChildRun {
  bool ok = false;
  int exit_code = -1;
  double wall = 0, user = 0, sys = 0;
  long maxrss_kb = 0;
  std::string stderr_text;
};

// `timeline_bench --launch RESULT STDERR -- PROG ARGS...`: a freshly exec'd,
// small process forks PROG, so that PROG's ru_maxrss does not inherit a big
// parent's high-water mark (Linux carries it over fork + exec).
int LaunchMain(int argc, char** argv) {
  if (argc < 6 || std::strcmp(argv[4], "--") != 0) return 2;
  const char* result_path = argv[2];
  const char* stderr_path = argv[3];
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    int err = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int nul = open("/dev/null", O_WRONLY);
    if (err >= 0) dup2(err, 2);
    if (nul >= 0) dup2(nul, 1);
    execv(argv[5], argv + 5);
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) return 3;
  double wall = Since(t0);
  std::FILE* f = std::fopen(result_path, "w");
  if (!f) return 4;
  std::fprintf(f, "exit=%d signal=%d wall=%.6f user=%.6f sys=%.6f maxrss_kb=%ld\n",
               WIFEXITED(status) ? WEXITSTATUS(status) : -1,
               WIFSIGNALED(status) ? WTERMSIG(status) : 0, wall,
               double(ru.ru_utime.tv_sec) + double(ru.ru_utime.tv_usec) / 1e6,
               double(ru.ru_stime.tv_sec) + double(ru.ru_stime.tv_usec) / 1e6, ru.ru_maxrss);
  std::fclose(f);
  return 0;
}

ChildRun RunChild(const std::string& self, const std::string& work, const std::string& tag,
                  const std::vector<std::string>& cmd) {
  ChildRun r;
  std::string result_path = fmt::format("{}/{}.rusage", work, tag);
  std::string stderr_path = fmt::format("{}/{}.stderr", work, tag);
  std::vector<std::string> args = {self, "--launch", result_path, stderr_path, "--"};
  args.insert(args.end(), cmd.begin(), cmd.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    r.stderr_text = "launcher failed";
    return r;
  }
  std::ifstream in(result_path);
  std::string line;
  std::getline(in, line);
  int sig = 0;
  if (std::sscanf(line.c_str(), "exit=%d signal=%d wall=%lf user=%lf sys=%lf maxrss_kb=%ld",
                  &r.exit_code, &sig, &r.wall, &r.user, &r.sys, &r.maxrss_kb) != 6) {
    r.stderr_text = "cannot parse " + result_path;
    return r;
  }
  std::ifstream err(stderr_path);
  std::stringstream ss;
  ss << err.rdbuf();
  r.stderr_text = ss.str();
  // 0: all inputs fine; 1: some inputs reported (still a full run). 2+: usage, crash.
  r.ok = sig == 0 && (r.exit_code == 0 || r.exit_code == 1);
  return r;
}

// The CLI's --stats table: "NAME  SECONDS  SHARE%" rows, then "N articles, X MB in T s".
struct CliStats {
  std::vector<std::pair<std::string, double>> stages;
  uint64_t articles = 0;
  double text_mb = 0, seconds = 0;
};

CliStats ParseStats(const std::string& text) {
  CliStats s;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    char name[64];
    double secs = 0, share = 0;
    unsigned long long n = 0;
    double mb = 0, t = 0;
    if (std::sscanf(line.c_str(), "%llu articles, %lf MB in %lf s", &n, &mb, &t) == 3) {
      s.articles = n, s.text_mb = mb, s.seconds = t;
    } else if (std::sscanf(line.c_str(), "%63s %lf %lf%%", name, &secs, &share) == 3) {
      s.stages.emplace_back(name, secs);
    }
  }
  return s;
}

// ---- in process ------------------------------------------------------------

struct Breakdown {
  double wall = 0;
  uint64_t articles = 0, text_bytes = 0, mentions = 0, events = 0, failed = 0;
  std::vector<std::pair<std::string, double>> parts;  // name -> seconds
};

// One thread. The runner works in batches (the filters run stage by stage
// over many articles), so per-article timestamps no longer separate the
// parts: filters come from StageStats, collect is the time in the result
// callback, ingest is a separate pass of the reader alone over the corpus
// (warm page cache, no processing), and runner = the run's wall time minus
// those three (content hashes, ToEventMentions, moving documents); then the
// cross-article merge and the CSV.
Breakdown RunInProcess(const Pipeline& pipeline, const std::string& corpus, bool with_merge) {
  Breakdown b;
  double ingest = 0;
  {
    ingest::Reader reader;
    auto t = Clock::now();
    uint64_t n = 0;
    reader.Read(
        {corpus}, [&](Article&& a) { n += a.text.size(); }, [](const ingest::Problem&) {});
    ingest = Since(t);
  }
  StageStats stats;
  RunOptions opt;
  opt.threads = 1;
  opt.stats = &stats;
  double collect = 0;
  std::vector<EventMention> all;
  auto t0 = Clock::now();
  RunSummary sum = RunArticles(
      pipeline, {corpus}, opt,
      [&](ArticleResult&& r) {
        auto t = Clock::now();
        for (auto& m : r.mentions) all.push_back(std::move(m));
        collect += Since(t);
      },
      [&](const ingest::Problem& p) { b.failed += p.failed; });
  const double per_article = Since(t0);
  b.mentions = all.size();
  double merge = 0, sink = 0;
  if (with_merge) {
    auto t1 = Clock::now();
    std::vector<Event> events = pipeline.merger().Merge(std::move(all));
    merge = Since(t1);
    b.events = events.size();
    auto t2 = Clock::now();
    std::string csv = sinks::RenderCsv(events);
    sink = Since(t2);
  }
  b.wall = Since(t0);
  b.articles = sum.articles;
  b.text_bytes = sum.bytes;

  double filters = 0;
  b.parts.emplace_back("ingest", ingest);
  for (size_t i = 0; i < StageList().size(); ++i) {
    if (StageList()[i].kind != "filter") continue;
    double s = double(stats.nanos(i)) / 1e9;
    filters += s;
    b.parts.emplace_back(std::string(StageList()[i].name), s);
  }
  b.parts.emplace_back("(runner)",
                       std::max(0.0, per_article - ingest - filters - collect) + collect);
  if (with_merge) {
    b.parts.emplace_back("merge", merge);
    b.parts.emplace_back("sinks", sink);
  }
  return b;
}

// ---- reporting -------------------------------------------------------------

std::string Shell(const std::string& cmd) {
  std::string out;
  if (std::FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

double Mb(uint64_t bytes) { return double(bytes) / 1e6; }
double RssMb(long kb) { return double(kb) * 1024.0 / 1e6; }

std::string Verdict(bool ok) { return ok ? "ok" : "BELOW TARGET"; }

int Main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--launch") == 0) return LaunchMain(argc, argv);
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "timeline_bench: %s needs a value\n%s", a.c_str(), kUsage);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--mb")
      o.mb = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--seed")
      o.seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--work")
      o.work = next();
    else if (a == "--corpus")
      o.corpus = next();
    else if (a == "--timeline")
      o.timeline = next();
    else if (a == "--source")
      o.source = next();
    else if (a == "--shared")
      o.shared = next();
    else if (a == "--threads")
      o.threads = unsigned(std::strtoul(next().c_str(), nullptr, 10));
    else if (a == "--skip")
      o.skip = next();
    else if (a == "--mem")
      o.mem = true;
    else if (a == "--gen-only")
      o.gen_only = true;
    else if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      std::fprintf(stderr, "timeline_bench: unknown argument %s\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (o.mb == 0) o.mb = 1;
  if (o.mem) o.skip += ",limits,cli1t,inproc";
  const unsigned all = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::string self = fs::canonical("/proc/self/exe").string();
  if (o.timeline.empty()) o.timeline = (fs::path(self).parent_path() / "timeline").string();
  if (!o.shared) o.shared = o.source + "/../shared";
  std::error_code ec;
  fs::create_directories(o.work, ec);

  // Where and when: the figures only mean something with these.
  struct utsname un {};
  uname(&un);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::string commit =
      Shell(fmt::format("git -C '{}' rev-parse --short HEAD 2>/dev/null", o.source));
  std::string dirty = Shell(fmt::format(
      "git -C '{}' status --porcelain --untracked-files=no 2>/dev/null | wc -l", o.source));
  std::printf(
      "timeline_bench  %s  commit %s%s  %s %s  cores %u  load %.2f %.2f %.2f\n", when,
      commit.empty() ? "?" : commit.c_str(),
      dirty.empty() || dirty == "0" ? "" : fmt::format(" (+{} modified files)", dirty).c_str(),
      un.sysname, un.machine, std::thread::hardware_concurrency(), load[0], load[1], load[2]);

  // 1. The corpus.
  RuleStore rules = RuleStore::Builtin();
  std::string corpus = o.corpus;
  uint64_t corpus_articles = 0;
  if (corpus.empty()) {
    corpus = fmt::format("{}/corpus-{}mb-seed{}", o.work, o.mb, o.seed);
    CorpusOptions co;
    co.dir = corpus;
    co.target_bytes = o.mb * 1'000'000;
    co.seed = o.seed;
    co.source_root = o.source;
    co.shared_dir = *o.shared;
    auto t0 = Clock::now();
    auto info = EnsureCorpus(co, rules);
    if (!info.ok()) {
      std::fprintf(stderr, "timeline_bench: %s\n", info.error().Format().c_str());
      return 1;
    }
    corpus_articles = info->articles;
    std::printf(
        "corpus  %s  %.1f MB  %llu articles  %llu .txt + %llu .jsonl  from %llu source "
        "articles (%s)  %s in %.1f s\n",
        corpus.c_str(), Mb(info->bytes), (unsigned long long)info->articles,
        (unsigned long long)info->txt_files, (unsigned long long)info->jsonl_files,
        (unsigned long long)info->source_articles, info->sources.c_str(),
        info->reused ? "reused" : "generated", Since(t0));
  }
  if (o.gen_only) return 0;
  std::vector<std::string> files = ListFiles(corpus);
  uint64_t bytes = 0;
  for (const auto& f : files) bytes += fs::file_size(f, ec);
  if (files.empty() || bytes == 0) {
    std::fprintf(stderr, "timeline_bench: %s: no input files\n", corpus.c_str());
    return 1;
  }
  const double mb = Mb(bytes);
  std::printf("inputs  %zu files  %.1f MB\n\n", files.size(), mb);
  std::map<std::string, std::string> extra;  // key=value pairs after the first four
  std::fflush(stdout);

  // 2. The CLI, each in a clean process. Done before anything in process, so
  // this process stays small while it forks the launcher.
  long peak_kb = 0;
  double extract_1t = 0, extract_all = 0, run_all = 0;
  uint64_t cli_articles = corpus_articles;
  CliStats stats_1t;
  auto cli = [&](const std::string& tag, const std::string& cmd, unsigned threads,
                 const std::string& out) -> std::optional<ChildRun> {
    std::vector<std::string> args = {o.timeline, cmd,
                                     "-q",       "--stats",
                                     "-j",       std::to_string(threads),
                                     "-o",       fmt::format("{}/{}", o.work, out),
                                     corpus};
    ChildRun r = RunChild(self, o.work, tag, args);
    if (!r.ok) {
      std::printf("%-18s FAILED (exit %d): %.300s\n", tag.c_str(), r.exit_code,
                  r.stderr_text.c_str());
      return std::nullopt;
    }
    CliStats s = ParseStats(r.stderr_text);
    if (s.articles) cli_articles = s.articles;
    peak_kb = std::max(peak_kb, r.maxrss_kb);
    std::printf("%-18s %7.2f s  %7.1f MB/s  %8.0f articles/s  cpu %.2f s  peak RSS %6.1f MB%s\n",
                tag.c_str(), r.wall, mb / r.wall, double(cli_articles) / r.wall, r.user + r.sys,
                RssMb(r.maxrss_kb), r.exit_code == 1 ? "  (exit 1: some inputs reported)" : "");
    std::fflush(stdout);
    extra[fmt::format("rss_{}_MB", tag)] = fmt::format("{:.1f}", RssMb(r.maxrss_kb));
    // Per CPU-second: steadier than wall time on a shared, loaded machine.
    extra[fmt::format("cpu_MBps_{}", tag)] =
        fmt::format("{:.1f}", mb / std::max(1e-9, r.user + r.sys));
    if (tag == "extract_1t") stats_1t = s;
    return r;
  };
  if (!o.Skip("cli1t")) {
    if (auto r = cli("extract_1t", "extract", 1, "extract-1t.jsonl")) extract_1t = r->wall;
  }
  if (!o.Skip("cliall")) {
    if (auto r = cli(fmt::format("extract_{}t", all), "extract", all, "extract-all.jsonl")) {
      extract_all = r->wall;
    }
  }
  if (!o.Skip("run")) {
    if (auto r = cli(fmt::format("run_{}t", all), "run", all, "timeline.csv")) run_all = r->wall;
  }
  if (!stats_1t.stages.empty()) {
    double sum = 0;
    for (auto& [n, s] : stats_1t.stages) sum += s;
    std::printf("  extract -j1 --stats: ");
    for (auto& [n, s] : stats_1t.stages) {
      std::printf("%s %.1f%%  ", n.c_str(), sum > 0 ? 100 * s / sum : 0.0);
    }
    std::printf("(of %.2f s in filters, %.1f MB article text)\n", sum, stats_1t.text_mb);
  }
  std::printf("\n");
  std::fflush(stdout);

  // 3. The limits.
  double read_mbps = 0, re2_mbps = 0, set_mbps = 0;
  if (!o.Skip("limits")) {
    PassResult read = ReadPass(files);  // also warms the page cache for what follows
    read = ReadPass(files);
    read_mbps = Mb(read.bytes) / read.seconds;
    std::printf("read pass          %7.2f s  %7.1f MB/s\n", read.seconds, read_mbps);
    auto t0 = Clock::now();
    PatternUnion u = BuildUnion(rules);
    double build = Since(t0);
    std::printf(
        "RE2 union          %zu alternatives from %zu rule files%s, %zu skipped (did not "
        "compile alone), built in %.2f s\n",
        u.alternatives.size(), u.files.size(), u.fallback ? " (BUILT-IN FALLBACK)" : "", u.skipped,
        build);
    for (const auto& f : u.files) std::printf("                     %s\n", f.c_str());
    PassResult re2 = Re2Pass(files, u);
    if (re2.error.empty()) {
      re2_mbps = Mb(re2.bytes) / re2.seconds;
      std::printf(
          "RE2 pass           %7.2f s  %7.1f MB/s  %llu matches (one alternation, every match)\n",
          re2.seconds, re2_mbps, (unsigned long long)re2.matches);
    } else {
      std::printf("RE2 pass           FAILED: %s\n", re2.error.c_str());
    }
    if (!o.Skip("re2top")) {
      auto costs = CostPerAlternative(files, u, size_t{2} << 20);
      std::printf("  slowest alternatives alone (first 2 MB, cold DFA):\n");
      for (size_t i = 0; i < costs.size() && i < 8; ++i) {
        std::printf("    %7.1f MB/s %7llu matches  %s\n", costs[i].mbps,
                    (unsigned long long)costs[i].matches, u.origins[costs[i].index].c_str());
      }
      std::printf(
          "  the union of one family at a time (same 2 MB, cold DFA; the full pass above warms "
          "up):\n");
      for (std::string_view family :
           {"timex/data/lexicon/", "timex/data/rules/", "mentions/data/", ""}) {
        AlternativeCost c = CostOfSubset(files, u, family, size_t{2} << 20);
        if (c.index == 0) continue;
        std::printf("    %7.1f MB/s %7llu matches  %3zu alternatives  %s\n", c.mbps,
                    (unsigned long long)c.matches, c.index,
                    family.empty() ? "(all)" : std::string(family).c_str());
      }
    }
    PassResult set = SetPass(files, u);
    if (set.seconds > 0) {
      set_mbps = Mb(set.bytes) / set.seconds;
      std::printf("RE2::Set pass      %7.2f s  %7.1f MB/s  %llu files matched%s%s\n", set.seconds,
                  set_mbps, (unsigned long long)set.matches, set.error.empty() ? "" : "  ",
                  set.error.c_str());
    } else {
      std::printf("RE2::Set pass      FAILED: %s\n", set.error.c_str());
    }
    std::printf("\n");
    std::fflush(stdout);
  }

  // 4. In process, one thread, every stage timed.
  if (!o.Skip("inproc")) {
    auto t0 = Clock::now();
    auto pipeline = Pipeline::Load(RuleStore::Builtin());
    if (!pipeline.ok()) {
      std::fprintf(stderr, "timeline_bench: %s\n", pipeline.error().Format().c_str());
      return 1;
    }
    double load_s = Since(t0);
    Breakdown b = RunInProcess(*pipeline, corpus, !o.Skip("merge"));
    std::printf(
        "in process, 1 thread (Pipeline::Load %.2f s, not counted): %.2f s  %.1f MB/s  "
        "%.0f articles/s  %llu mentions -> %llu events\n",
        load_s, b.wall, mb / b.wall, double(b.articles) / b.wall, (unsigned long long)b.mentions,
        (unsigned long long)b.events);
    double total = 0;
    for (auto& [n, s] : b.parts) total += s;
    std::printf("  %-10s %9s %7s %10s\n", "stage", "seconds", "share", "MB/s");
    for (auto& [n, s] : b.parts) {
      std::printf("  %-10s %9.3f %6.1f%% %10.1f\n", n.c_str(), s, total > 0 ? 100 * s / total : 0.0,
                  s > 0 ? mb / s : 0.0);
      if (n != "(runner)") extra[fmt::format("share_{}", n)] = fmt::format("{:.3f}", s / total);
    }
    std::printf("  %-10s %9.3f\n\n", "total", total);
    extra["inproc_MBps_1t"] = fmt::format("{:.1f}", mb / b.wall);
  }

  // 5. The timex stage alone (one thread, CPU time): the development texts
  // (data/timeml/train.jsonl) and the first 20 MB of the corpus; cold = the
  // first pass of a fresh tagger, warm = the best later pass.
  if (!o.Skip("timex")) {
    auto pipeline = Pipeline::Load(RuleStore::Builtin());
    std::string train = o.shared->empty() ? "" : *o.shared + "/data/timeml/train.jsonl";
    for (auto [tag, input] : {std::pair<std::string, std::string>{"timex_train", train},
                              std::pair<std::string, std::string>{"timex", corpus}}) {
      if (!pipeline.ok() || input.empty() || !fs::exists(input)) continue;
      // First sight: a fresh tagger warmed on other news (the TE-3 silver
      // texts, none of them in train.jsonl or the corpus's TimeBank part).
      std::string silver = o.shared->empty() ? "" : *o.shared + "/data/timeml/silver.jsonl";
      std::vector<std::string> others;
      if (!silver.empty() && fs::exists(silver)) others.push_back(silver);
      TimexAlone t = MeasureTimexAlone(rules, *pipeline, {input}, 3, 20, others);
      if (!t.error.empty()) {
        std::printf("%-18s FAILED: %s\n", tag.c_str(), t.error.c_str());
        continue;
      }
      double cold = t.mb / std::max(1e-9, t.cold_cpu_s), warm = t.mb / std::max(1e-9, t.warm_cpu_s);
      std::printf(
          "%-18s %6.1f MB  cold %7.1f MB/s  warm %7.1f MB/s  %zu timexes  (Tagger::Run "
          "alone, 1 thread, CPU time)\n",
          tag.c_str(), t.mb, cold, warm, t.timexes);
      extra[tag + "_MBps_1t"] = fmt::format("{:.1f}", warm);
      extra[tag + "_MBps_1t_cold"] = fmt::format("{:.1f}", cold);
      if (t.first_sight_cpu_s > 0) {
        double first = t.mb / t.first_sight_cpu_s;
        std::printf("%-18s %6s     first sight %7.1f MB/s  (a fresh tagger after 3 passes over "
                    "the silver news)\n",
                    "", "", first);
        extra[tag + "_MBps_1t_first_sight"] = fmt::format("{:.1f}", first);
      }
    }
    std::printf("\n");
    std::fflush(stdout);
  }

  // Targets (measured, never asserted).
  auto rate = [&](double secs) { return secs > 0 ? mb / secs : 0.0; };
  double e1 = rate(extract_1t), ea = rate(extract_all), ru = rate(run_all);
  double ratio = re2_mbps > 0 && e1 > 0 ? e1 / re2_mbps : 0.0;
  double peak = RssMb(peak_kb);
  std::printf("targets:\n");
  if (e1 > 0)
    std::printf("  extract 1 thread      %7.1f MB/s  (>= 50)          %s\n", e1,
                Verdict(e1 >= 50).c_str());
  if (e1 > 0 && ea > 0) {
    std::printf("  extract %u threads     %7.1f MB/s  %.2fx (>= 1.8x)   %s\n", all, ea, ea / e1,
                Verdict(ea / e1 >= 1.8).c_str());
  }
  if (ru > 0)
    std::printf("  run end to end        %7.1f MB/s  (>= 30)          %s\n", ru,
                Verdict(ru >= 30).c_str());
  if (ratio > 0)
    std::printf("  ratio to RE2 pass     %7.3f       (>= 0.3)         %s\n", ratio,
                Verdict(ratio >= 0.3).c_str());
  if (peak > 0) {
    std::printf("  peak RSS              %7.1f MB     (< 300 at 1 GB)  %s%s\n", peak,
                Verdict(peak < 300).c_str(),
                mb < 900 ? "  (input < 1 GB: run with --mb 1000)" : "");
  }

  extra["articles"] = std::to_string(cli_articles);
  extra["corpus_MB"] = fmt::format("{:.1f}", mb);
  extra["threads"] = std::to_string(all);
  if (e1 > 0) extra["extract_aps_1t"] = fmt::format("{:.0f}", double(cli_articles) / extract_1t);
  if (ea > 0) extra["extract_aps_all"] = fmt::format("{:.0f}", double(cli_articles) / extract_all);
  if (e1 > 0 && ea > 0) extra["speedup_all"] = fmt::format("{:.2f}", ea / e1);
  if (ru > 0) extra["run_MBps"] = fmt::format("{:.1f}", ru);
  if (re2_mbps > 0) extra["re2_MBps"] = fmt::format("{:.1f}", re2_mbps);
  if (set_mbps > 0) extra["re2set_MBps"] = fmt::format("{:.1f}", set_mbps);
  if (read_mbps > 0) extra["read_MBps"] = fmt::format("{:.1f}", read_mbps);
  extra["load1"] = fmt::format("{:.2f}", load[0]);
  extra["commit"] = commit.empty() ? "unknown" : commit;

  // The machine-readable line: the four keys first, in this order.
  std::string line = fmt::format(
      "extract_MBps_1t={:.1f} extract_MBps_all={:.1f} "
      "ratio_to_re2_pass={:.3f} peak_rss_MB={:.1f}",
      e1, ea, ratio, peak);
  for (const auto& key :
       {"run_MBps", "extract_aps_1t", "extract_aps_all", "speedup_all", "re2_MBps", "re2set_MBps",
        "read_MBps", "inproc_MBps_1t", "corpus_MB", "articles", "threads", "load1", "commit"}) {
    auto it = extra.find(key);
    if (it == extra.end()) continue;
    line += fmt::format(" {}={}", it->first, it->second);
    extra.erase(it);
  }
  for (const auto& [k, v] : extra) line += fmt::format(" {}={}", k, v);
  std::printf("\n%s\n", line.c_str());
  return 0;
}

}  // namespace
}  // namespace timeline::bench

int main(int argc, char** argv) { return timeline::bench::Main(argc, argv); }
