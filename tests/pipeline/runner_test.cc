// SPDX-License-Identifier: Apache-2.0
// The runner and Pipeline::ProcessBatch: articles run in batches, stage by
// stage, and every article still ends exactly as it would alone.
#include "pipeline/runner.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "pipeline/rule_store.h"
#include "tests/test_util.h"

namespace timeline {
namespace {

namespace fs = std::filesystem;

const Pipeline& BuiltinPipeline() {
  static const Pipeline p = std::move(Pipeline::Load(RuleStore::Builtin())).value();
  return p;
}

// News-like article texts of varying shape: events with dates, none, empty.
std::string ArticleText(size_t i) {
  static const char* kShapes[] = {
      "President Biden spoke by phone with Chancellor Scholz on Tuesday about Ukraine.\n"
      "The two leaders will meet in Berlin next month, the White House said.",
      "Prime Minister Modi met President Macron in Paris on July 14, 2023.",
      "Markets were calm. Nothing else happened.",
      "",
      "The G20 summit in New Delhi on Sept. 9 and 10 was attended by leaders of 19 countries.\n"
      "Xi Jinping skipped the summit; Premier Li Qiang went instead.",
      "Share this article\nSubscribe to our newsletter\nFoo visited Bar last week.",
  };
  return fmt::format("{}\nItem {} ends here.", kShapes[i % std::size(kShapes)], i);
}

TEST_CASE("a batch leaves every article as Process leaves it, stage by stage") {
  const Pipeline& p = BuiltinPipeline();
  const size_t n = 40;
  std::vector<Document> alone, batch;
  for (size_t i = 0; i < n; ++i) {
    std::string id = fmt::format("a{}", i);
    alone.push_back(testing::MakeDocument(ArticleText(i), i % 7 ? "2023-09-12" : "", id));
    batch.push_back(alone.back());
  }
  for (Document& d : alone) p.Process(d);
  std::vector<std::string> errors(n);
  p.ProcessBatch(batch, errors);
  for (size_t i = 0; i < n; ++i) {
    CAPTURE(i);
    CHECK(errors[i].empty());
    CHECK(DumpDocument(batch[i], "anchor") == DumpDocument(alone[i], "anchor"));
  }
  // Through an earlier stage only, as `--dump-after timex` asks.
  std::vector<Document> upto(alone.begin(), alone.begin() + 6);
  for (size_t i = 0; i < upto.size(); ++i)
    upto[i] = testing::MakeDocument(ArticleText(i), "2023-09-12");
  std::vector<std::string> errs(upto.size());
  p.ProcessBatch(upto, errs, "timex");
  for (const Document& d : upto) CHECK(d.mentions.empty());
  CHECK(!upto[0].timexes.empty());
}

TEST_CASE(
    "a batch that wants only mentions skips articles without a trigger and gives the same "
    "mentions") {
  const Pipeline& p = BuiltinPipeline();
  const size_t n = 24;
  std::vector<Document> all, only;
  for (size_t i = 0; i < n; ++i) {
    all.push_back(testing::MakeDocument(ArticleText(i), "2023-09-12", fmt::format("a{}", i)));
    only.push_back(all.back());
  }
  std::vector<std::string> e1(n), e2(n);
  p.ProcessBatch(all, e1, "anchor", nullptr, Wants::kAllLayers);
  p.ProcessBatch(only, e2, "anchor", nullptr, Wants::kMentionsOnly);
  size_t skipped = 0;
  for (size_t i = 0; i < n; ++i) {
    CAPTURE(i);
    CHECK(e2[i].empty());
    CHECK(only[i].mentions.size() == all[i].mentions.size());
    auto a = ToEventMentions(all[i]), b = ToEventMentions(only[i]);
    REQUIRE(a.size() == b.size());
    for (size_t k = 0; k < a.size(); ++k) {
      CHECK(a[k].sentence == b[k].sentence);
      CHECK(a[k].date.ToTimex() == b[k].date.ToTimex());
      CHECK(a[k].participants == b[k].participants);
    }
    if (only[i].sentences.empty() && !all[i].sentences.empty()) {
      ++skipped;
      CHECK(a.empty());
    }
  }
  CHECK(skipped > 0);  // "Markets were calm." and the empty text take no stage
}

TEST_CASE("a document already failed in a batch takes no stage") {
  const Pipeline& p = BuiltinPipeline();
  std::vector<Document> docs = {testing::MakeDocument(ArticleText(0), "2023-09-12"),
                                testing::MakeDocument(ArticleText(0), "2023-09-12")};
  std::vector<std::string> errors = {"internal error: earlier", ""};
  p.ProcessBatch(docs, errors);
  CHECK(errors[0] == "internal error: earlier");
  CHECK(docs[0].timexes.empty());
  CHECK(docs[0].mentions.empty());
  CHECK(errors[1].empty());
  CHECK(!docs[1].mentions.empty());
}

TEST_CASE(
    "a pipeline owns its rules: the rule references in a document outlive the store it was loaded "
    "from") {
  std::optional<Pipeline> p;
  {
    RuleStore store = RuleStore::Builtin();
    p.emplace(std::move(Pipeline::Load(std::move(store))).value());
  }
  Document d = testing::MakeDocument(ArticleText(0), "2023-09-12");
  p->Process(d);
  REQUIRE(!d.mentions.empty());
  REQUIRE(!d.timexes.empty());
  CHECK(d.mentions[0].rule.ToString().find("mentions/data/") == 0);
  CHECK(d.timexes[0].rule.ToString().find("timex/data/") == 0);
  CHECK(p->rules().Has("timex/data/lexicon/months.tsv"));
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / fmt::format("timeline_runner_{}", ::getpid());
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// One drop with more articles than several batches hold.
std::string WriteDrop(const TempDir& dir, size_t n) {
  std::string file = (dir.path / "drop.jsonl").string();
  std::ofstream out(file);
  for (size_t i = 0; i < n; ++i)
    out << fmt::format(R"({{"id":"a{}","published":"2023-09-12","text":"{}"}})", i, [&] {
      std::string t;
      for (char c : ArticleText(i)) t += c == '\n' ? std::string("\\n") : std::string(1, c);
      return t;
    }()) << '\n';
  return file;
}

struct Seen {
  uint64_t seq;
  std::string id, timex_json;
  size_t mentions;
  bool failed;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> Run(const std::string& file, unsigned threads, const RunOptions& base) {
  RunOptions opt = base;
  opt.threads = threads;
  opt.ordered = true;
  opt.want_timex_json = true;
  std::vector<Seen> seen;
  RunArticles(
      BuiltinPipeline(), {file}, opt,
      [&](ArticleResult&& r) {
        seen.push_back(Seen{r.seq, r.id, r.timex_json, r.mentions.size(), r.failure.has_value()});
      },
      [](const ingest::Problem&) {});
  return seen;
}

TEST_CASE("the runner delivers every article once, in reader order, the same on 1 and 2 threads") {
  TempDir dir;
  const size_t n = 1300;  // more than two full batches of articles
  std::string file = WriteDrop(dir, n);
  std::vector<Seen> one = Run(file, 1, {});
  REQUIRE(one.size() == n);
  for (size_t i = 0; i < n; ++i) {
    CHECK(one[i].seq == i);
    CHECK(one[i].id == fmt::format("a{}", i));
    CHECK(!one[i].failed);
  }
  CHECK(one[0].mentions > 0);
  CHECK(one[0].timex_json.find("\"timexes\"") != std::string::npos);
  CHECK(Run(file, 2, {}) == one);
  CHECK(Run(file, 3, {}) == one);
  // Each article is what it is alone.
  Document doc = testing::MakeDocument(ArticleText(4), "2023-09-12", "a4");
  BuiltinPipeline().Process(doc);
  CHECK(one[4].mentions == ToEventMentions(doc).size());
}

TEST_CASE("an article whose finish step throws fails alone; the rest of its batch is delivered") {
  TempDir dir;
  std::string file = WriteDrop(dir, 50);
  RunOptions opt;
  opt.finish = [](ArticleResult& r) {
    if (r.id == "a7") throw std::runtime_error("boom");
    r.output = r.id;
  };
  for (unsigned threads : {1u, 2u}) {
    std::vector<Seen> seen = Run(file, threads, opt);
    REQUIRE(seen.size() == 50);
    for (const Seen& s : seen) CHECK(s.failed == (s.id == "a7"));
  }
}

}  // namespace
}  // namespace timeline
