// SPDX-License-Identifier: Apache-2.0
// Benchmark corpus generator; see corpus.h.
#include "tests/bench/corpus.h"

#include <date/date.h>
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "pipeline/json.h"
#include "pipeline/runner.h"
#include "stages/ingest/ingest.h"

namespace timeline::bench {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kGeneratorVersion = "corpus-v2";

// splitmix64: tiny, fast, and the same on every platform (std::
// distributions are not), so a seed gives the same bytes everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return n ? Next() % n : 0; }
  int Between(int lo, int hi) { return lo + int(Below(uint64_t(hi - lo + 1))); }
  bool Chance(double p) { return double(Next() >> 11) * 0x1.0p-53 < p; }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

 private:
  uint64_t s_;
};

struct Source {
  std::string title;
  std::vector<std::string> paragraphs;
  bool news = true;  // from samples/ (dense in events) rather than TimeML newswire
};

struct Name {
  std::string surface;
  std::string canonical;
};

// The closed lists the perturbation draws from; from the rule data when
// present (mentions/data/{actors,places}.tsv), else these few.
struct Pools {
  std::vector<Name> people;   // surface -> canonical person
  std::vector<Name> places;   // surface -> canonical city
  std::vector<std::string> person_canonicals;
  std::vector<std::string> city_canonicals;
};

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
// AP-style abbreviations: what news text writes before a day number.
constexpr std::array<std::string_view, 12> kMonthAbbr = {
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

constexpr std::array<std::string_view, 14> kBoilerplate = {
    "Share this article",
    "Share on Facebook | Share on Twitter | Email",
    "Sign up for our daily newsletter",
    "Advertisement",
    "Read more:",
    "Comments",
    "Write a comment",
    "Skip to main content",
    "Subscribe | Sign in",
    "Your email address will not be published. Required fields are marked *",
    "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
    "Download our app for the latest news",
    "Popular",
    "Copyright 2024. All rights reserved."};

constexpr std::array<std::string_view, 10> kSites = {
    "www.dailyherald-news.com", "news.worldwire.org",  "www.capitolwire.net",
    "www.straitsreport.sg",     "www.thepostglobe.com", "world.examplepress.co.uk",
    "www.eurasia-monitor.eu",   "www.pacificledger.au", "www.newsnow-india.in",
    "www.theafricaobserver.com"};

void Fallback(Pools& p) {
  if (p.people.empty()) {
    for (std::string_view n : {"Joe Biden", "Xi Jinping", "Vladimir Putin", "Emmanuel Macron",
                               "Olaf Scholz", "Narendra Modi", "Fumio Kishida", "Antony Blinken",
                               "Sergey Lavrov", "Recep Tayyip Erdogan"}) {
      p.people.push_back({std::string(n), std::string(n)});
      p.people.push_back({std::string(n.substr(n.rfind(' ') + 1)), std::string(n)});
    }
  }
  if (p.places.empty()) {
    for (std::string_view n : {"Geneva", "Beijing", "Moscow", "Washington", "Paris", "Berlin",
                               "Tokyo", "New Delhi", "Bali", "Singapore", "Helsinki", "Ankara"}) {
      p.places.push_back({std::string(n), std::string(n)});
    }
  }
}

Pools LoadPools(const RuleStore& rules) {
  Pools p;
  auto read = [&](std::string_view path, std::string_view kind, std::vector<Name>& out) {
    if (!rules.Has(path)) return;
    auto rows = ReadTsv(rules, path, 1, 64);
    if (!rows.ok()) return;
    for (const TsvRow& r : *rows) {
      // Short surfaces ("Xi", "UN") would also hit inside other words' contexts; keep names.
      if (r[2] != kind || r[0].size() < 4 || r[1].empty()) continue;
      out.push_back({std::string(r[0]), std::string(r[1])});
    }
  };
  read("mentions/data/actors.tsv", "person", p.people);
  read("mentions/data/places.tsv", "city", p.places);
  Fallback(p);
  for (const Name& n : p.people) p.person_canonicals.push_back(n.canonical);
  for (const Name& n : p.places) p.city_canonicals.push_back(n.canonical);
  for (auto* v : {&p.person_canonicals, &p.city_canonicals}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return p;
}

std::string Alternation(std::vector<std::string> words) {
  std::sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  words.erase(std::unique(words.begin(), words.end()), words.end());
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += '|';
    out += RE2::QuoteMeta(w);
  }
  return out;
}

// Finds what the perturbation rewrites, in one RE2 (leftmost-first, so the
// order of the groups is the priority): 1 ISO date (y, m, d), 4 person,
// 5 place, 6 month (7 its day), 8 year, 9 weekday.
class Perturber {
 public:
  explicit Perturber(const Pools& pools) : pools_(pools) {
    std::vector<std::string> people, places;
    for (const Name& n : pools.people) {
      people.push_back(n.surface);
      canonical_of_person_[n.surface] = n.canonical;
    }
    for (const Name& n : pools.places) places.push_back(n.surface);
    std::string months;
    for (auto m : kMonths) months += fmt::format("{}{}\\b", months.empty() ? "" : "|", m);
    for (std::string_view a : {"Jan", "Feb", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"}) {
      months += fmt::format("|{}\\.", a);
    }
    std::string weekdays;
    for (auto w : kWeekdays) weekdays += fmt::format("{}{}", weekdays.empty() ? "" : "|", w);
    std::string pattern = fmt::format(
        "\\b(?:((?:19|20)\\d\\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])|({})\\b|({})\\b|"
        "({})(?:\\s+([1-9]|[12]\\d|3[01])\\b)?|((?:19|20)\\d\\d)\\b|({})\\b)",
        Alternation(people), Alternation(places), months, weekdays);
    RE2::Options opt;
    opt.set_max_mem(int64_t{256} << 20);
    opt.set_log_errors(false);
    re_ = std::make_unique<RE2>(pattern, opt);
  }

  bool ok() const { return re_->ok(); }
  std::string error() const { return re_->error(); }

  // One article's consistent rewrite: the same person always becomes the
  // same other person; every date moves by the same years and months.
  struct Plan {
    int years = 0;
    int months = 0;
    int weekdays = 0;
    std::map<std::string, std::string> person;  // canonical -> canonical
    std::map<std::string, std::string> place;
  };

  Plan NewPlan(Rng& rng) const {
    Plan p;
    p.years = rng.Between(-12, 3);
    p.months = rng.Between(0, 11);
    p.weekdays = rng.Between(0, 6);
    return p;
  }

  int Year(const Plan& p, int y) const { return y + p.years; }
  int Month(const Plan& p, int m) const { return (m - 1 + p.months) % 12 + 1; }

  std::string Apply(std::string_view text, Plan& plan, Rng& rng) const {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    re2::StringPiece in(text.data(), text.size());
    re2::StringPiece m[10];
    size_t pos = 0;
    while (pos < text.size() && re_->Match(in, pos, text.size(), RE2::UNANCHORED, m, 10)) {
      size_t begin = size_t(m[0].data() - text.data());
      size_t end = begin + m[0].size();
      out.append(text.substr(pos, begin - pos));
      if (m[1].data()) {
        int y = Int(m[1]), mo = Int(m[2]), d = Int(m[3]);
        out += fmt::format("{:04d}-{:02d}-{:02d}", Year(plan, y), Month(plan, mo), std::min(d, 28));
      } else if (m[4].data()) {
        std::string surface(m[4].data(), m[4].size());
        auto it = canonical_of_person_.find(surface);
        std::string from = it == canonical_of_person_.end() ? surface : it->second;
        auto& to = plan.person[from];
        if (to.empty()) to = rng.Pick(pools_.person_canonicals);
        if (surface == from || surface.find(' ') != std::string::npos) {
          out += to;
        } else {
          out += to.substr(to.rfind(' ') == std::string::npos ? 0 : to.rfind(' ') + 1);
        }
      } else if (m[5].data()) {
        auto& to = plan.place[std::string(m[5].data(), m[5].size())];
        if (to.empty()) to = rng.Pick(pools_.city_canonicals);
        out += to;
      } else if (m[6].data()) {
        int mo = MonthNumber(m[6]);
        bool abbr = m[6].size() > 0 && m[6].data()[m[6].size() - 1] == '.';
        int nm = Month(plan, mo);
        out += abbr ? kMonthAbbr[size_t(nm - 1)] : kMonths[size_t(nm - 1)];
        if (m[7].data()) {
          const char* gap = m[6].data() + m[6].size();
          out.append(gap, size_t(m[7].data() - gap));
          out += std::to_string(rng.Between(1, 28));
        }
      } else if (m[8].data()) {
        out += std::to_string(Year(plan, Int(m[8])));
      } else if (m[9].data()) {
        size_t w = 0;
        while (w < kWeekdays.size() && kWeekdays[w] != std::string_view(m[9].data(), m[9].size())) ++w;
        out += kWeekdays[(w + size_t(plan.weekdays)) % kWeekdays.size()];
      } else {
        out.append(m[0].data(), m[0].size());
      }
      pos = end;
      if (end == begin) {  // no rule matches empty, but never loop
        out += text[begin];
        pos = begin + 1;
      }
    }
    if (pos < text.size()) out.append(text.substr(pos));
    return out;
  }

 private:
  static int Int(re2::StringPiece s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  }
  static int MonthNumber(re2::StringPiece s) {
    std::string_view v(s.data(), s.size());
    for (size_t i = 0; i < kMonths.size(); ++i) {
      if (v.size() >= 3 && kMonths[i].substr(0, 3) == v.substr(0, 3)) return int(i) + 1;
    }
    return 1;
  }

  const Pools& pools_;
  std::unique_ptr<RE2> re_;
  std::map<std::string, std::string, std::less<>> canonical_of_person_;
};

std::vector<std::string> SplitParagraphs(std::string_view text) {
  std::vector<std::string> out;
  bool blank_lines = text.find("\n\n") != std::string_view::npos;
  std::string_view sep = blank_lines ? "\n\n" : "\n";
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(sep, pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view p = text.substr(pos, end - pos);
    while (!p.empty() && (p.front() == '\n' || p.front() == ' ' || p.front() == '\r')) p.remove_prefix(1);
    while (!p.empty() && (p.back() == '\n' || p.back() == ' ' || p.back() == '\r')) p.remove_suffix(1);
    if (!p.empty()) out.emplace_back(p);
    pos = end + sep.size();
  }
  return out;
}

std::string Slug(std::string_view title, size_t max = 48) {
  std::string s;
  for (char c : title) {
    if (s.size() >= max) break;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      s += c;
    } else if (c >= 'A' && c <= 'Z') {
      s += char(c - 'A' + 'a');
    } else if (!s.empty() && s.back() != '-') {
      s += '-';
    }
  }
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s.empty() ? "article" : s;
}

// At most max bytes of s, cut before a word (else at a UTF-8 character boundary).
std::string Prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t space = s.rfind(' ', max);
  if (space != std::string_view::npos && space > max / 2) return std::string(s.substr(0, space));
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;
  return std::string(s.substr(0, max));
}

struct Loaded {
  std::vector<Source> news, timeml;
  std::string sets;
  uint64_t fingerprint = 0;
};

Loaded LoadSources(const CorpusOptions& o) {
  Loaded l;
  ingest::Reader reader;
  std::vector<uint64_t> hashes;
  auto load = [&](const std::vector<std::string>& inputs, bool news, std::string_view name) {
    size_t before = l.news.size() + l.timeml.size();
    reader.Read(
        inputs,
        [&](Article&& a) {
          Source s;
          s.news = news;
          s.paragraphs = SplitParagraphs(a.text);
          if (s.paragraphs.empty()) return;
          s.title = a.title.empty() ? Prefix(s.paragraphs.front(), 100) : a.title;
          hashes.push_back(Hash64(a.text));
          (news ? l.news : l.timeml).push_back(std::move(s));
        },
        [](ingest::Problem&&) {});
    if (l.news.size() + l.timeml.size() > before) {
      if (!l.sets.empty()) l.sets += ',';
      l.sets += name;
    }
  };
  auto existing = [](std::vector<std::string> paths) {
    std::vector<std::string> out;
    for (auto& p : paths) {
      std::error_code ec;
      if (fs::exists(p, ec)) out.push_back(std::move(p));
    }
    return out;
  };
  load(existing({o.source_root + "/samples/articles"}), true, "samples");
  load(existing({o.source_root + "/samples/dev/articles"}), true, "dev");
  if (!o.shared_dir.empty()) {
    load(existing({o.shared_dir + "/data/timeml/train.jsonl",
                   o.shared_dir + "/data/timeml/silver.jsonl"}),
         false, "timeml");
  }
  l.fingerprint = Hash64(std::string_view(reinterpret_cast<const char*>(hashes.data()),
                                          hashes.size() * sizeof(uint64_t)));
  return l;
}

std::string IsoDay(int y, int m, int d) { return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d); }

class Writer {
 public:
  Writer(std::string dir, CorpusInfo& info) : dir_(std::move(dir)), info_(info) {}

  Result<void> Txt(std::string_view name, std::string_view bytes) {
    size_t n = info_.txt_files++;
    std::string sub = fmt::format("{}/txt/{:04d}", dir_, n / 1000);
    if (n % 1000 == 0) {
      std::error_code ec;
      fs::create_directories(sub, ec);
      if (ec) return Error(sub, 0, "cannot create: " + ec.message());
    }
    return Put(fmt::format("{}/{:07d}-{}.txt", sub, n, name), bytes);
  }

  Result<void> Jsonl(std::string_view bytes) {
    size_t n = info_.jsonl_files++;
    std::string sub = dir_ + "/drops";
    std::error_code ec;
    fs::create_directories(sub, ec);
    return Put(fmt::format("{}/drop-{:04d}.jsonl", sub, n), bytes);
  }

 private:
  Result<void> Put(const std::string& path, std::string_view bytes) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return Error(path, 0, "cannot write");
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) return Error(path, 0, "write failed");
    info_.bytes += bytes.size();
    return {};
  }
  std::string dir_;
  CorpusInfo& info_;
};

std::string ManifestLine(const CorpusOptions& o, const Loaded& l, const Pools& p) {
  uint64_t pool_hash = 0;
  for (const auto& n : p.people) pool_hash = pool_hash * 31 + Hash64(n.surface + "\t" + n.canonical);
  for (const auto& n : p.places) pool_hash = pool_hash * 31 + Hash64(n.surface + "\t" + n.canonical);
  return fmt::format("{} seed={} target_bytes={} sources={} sources_hash={:016x} pools_hash={:016x}",
                     kGeneratorVersion, o.seed, o.target_bytes, l.sets, l.fingerprint, pool_hash);
}

}  // namespace

Result<CorpusInfo> EnsureCorpus(const CorpusOptions& o, const RuleStore& rules) {
  Loaded src = LoadSources(o);
  if (src.news.empty() && src.timeml.empty()) {
    return Error(o.source_root + "/samples", 0, "no source articles found");
  }
  Pools pools = LoadPools(rules);
  const std::string manifest_path = o.dir + "/.manifest";
  const std::string want = ManifestLine(o, src, pools);

  // Reuse an identical corpus; replace only a directory we generated.
  std::error_code ec;
  if (fs::exists(o.dir, ec)) {
    std::ifstream in(manifest_path);
    std::string have, counts;
    if (std::getline(in, have) && have == want && std::getline(in, counts)) {
      CorpusInfo info;
      info.reused = true;
      info.sources = src.sets;
      info.source_articles = src.news.size() + src.timeml.size();
      unsigned long long b = 0, a = 0, t = 0, j = 0;
      if (std::sscanf(counts.c_str(), "bytes=%llu articles=%llu txt_files=%llu jsonl_files=%llu",
                      &b, &a, &t, &j) == 4) {
        info.bytes = b, info.articles = a, info.txt_files = t, info.jsonl_files = j;
        return info;
      }
    }
    bool ours = fs::exists(manifest_path, ec) || fs::is_empty(o.dir, ec);
    if (!ours) {
      return Error(o.dir, 0, "exists and is not a benchmark corpus (no .manifest); not touching it");
    }
    fs::remove_all(o.dir, ec);
    if (ec) return Error(o.dir, 0, "cannot remove: " + ec.message());
  }
  fs::create_directories(o.dir, ec);
  if (ec) return Error(o.dir, 0, "cannot create: " + ec.message());

  Perturber perturb(pools);
  if (!perturb.ok()) return Error("bench", 0, "perturbation pattern: " + perturb.error());

  CorpusInfo info;
  info.sources = src.sets;
  info.source_articles = src.news.size() + src.timeml.size();
  Writer writer(o.dir, info);
  Rng rng(o.seed);

  std::string drop;  // the .jsonl drop being filled
  int drop_style = 0;
  size_t drop_left = 0;

  auto pick_source = [&]() -> const Source& {
    if (src.timeml.empty()) return rng.Pick(src.news);
    if (src.news.empty()) return rng.Pick(src.timeml);
    return rng.Chance(0.5) ? rng.Pick(src.news) : rng.Pick(src.timeml);
  };
  auto pick_paragraph = [&](bool news) -> const std::string& {
    const auto& pool = (news && !src.news.empty()) || src.timeml.empty() ? src.news : src.timeml;
    return rng.Pick(rng.Pick(pool).paragraphs);
  };

  while (info.bytes + drop.size() < o.target_bytes) {
    const Source& base = pick_source();
    std::vector<std::string_view> paras;
    for (const auto& p : base.paragraphs) {
      if (paras.size() >= 24) break;
      paras.push_back(rng.Chance(0.25) ? pick_paragraph(rng.Chance(0.7) == base.news) : p);
    }
    if (rng.Chance(0.5)) {
      for (int i = rng.Between(1, 3); i > 0; --i) paras.push_back(pick_paragraph(base.news));
    }
    // Scrape noise: navigation before the text, prompts inside and after it.
    std::string body;
    if (rng.Chance(0.3)) {
      body += kBoilerplate[rng.Below(kBoilerplate.size())];
      body += "\n\n";
    }
    for (size_t i = 0; i < paras.size(); ++i) {
      if (i && rng.Chance(0.04)) {
        body += kBoilerplate[rng.Below(kBoilerplate.size())];
        body += "\n\n";
      }
      body += paras[i];
      body += "\n\n";
    }
    if (rng.Chance(0.4)) {
      body += kBoilerplate[rng.Below(kBoilerplate.size())];
      body += '\n';
    }

    Perturber::Plan plan = perturb.NewPlan(rng);
    std::string text = perturb.Apply(body, plan, rng);
    std::string title = perturb.Apply(base.title, plan, rng);
    while (!title.empty() && (title.back() == '\n' || title.back() == ' ')) title.pop_back();
    if (auto nl = title.find('\n'); nl != std::string::npos) title.resize(nl);
    // The publication date: a plausible day moved by the same plan.
    int year = perturb.Year(plan, base.news ? 2021 + rng.Between(0, 2) : 1997 + rng.Between(0, 1));
    int month = rng.Between(1, 12), day = rng.Between(1, 28);
    std::string published = IsoDay(year, month, day);
    std::string slug = Slug(title);
    std::string url = fmt::format("https://{}/world/{:04d}/{:02d}/{:02d}/{}",
                                  kSites[rng.Below(kSites.size())], year, month, day, slug);
    const uint64_t n = info.articles++;

    if (rng.Chance(0.45)) {
      std::string file = title + "\n\n";
      int style = int(rng.Below(3));
      if (style == 0) file = title + "\ndate " + published + "\n\n";
      file += text;
      if (style == 1) file += "\nSource Article from " + url + "\n";
      if (auto r = writer.Txt(slug.substr(0, 32), file); !r.ok()) return r.error();
      continue;
    }
    if (drop_left == 0) {
      drop_left = size_t(rng.Between(300, 1500));
      // 0: our field names; 1: news-please's; 2: TimeML dumps' (doc, dct).
      uint64_t r = rng.Below(10);
      drop_style = r < 7 ? 0 : r < 9 ? 1 : 2;
    }
    std::string id = fmt::format("bench-{}-{:07d}", o.seed, n);
    std::string line;
    JsonWriter w(line);
    w.BeginObject();
    if (drop_style == 0) {
      w.Key("id").String(id).Key("url").String(url).Key("title").String(title);
      w.Key("published").String(published).Key("text").String(text);
    } else if (drop_style == 1) {
      w.Key("filename").String(id + ".json").Key("url").String(url).Key("title").String(title);
      w.Key("date_publish").String(published + " " + fmt::format("{:02d}:{:02d}:00", rng.Between(0, 23), rng.Between(0, 59)));
      w.Key("maintext").String(text).Key("language").String("en");
    } else {
      w.Key("doc").String(id).Key("dct").String(published).Key("corpus").String("bench");
      w.Key("text").String(text);
    }
    w.EndObject();
    drop += line;
    drop += '\n';
    if (--drop_left == 0) {
      if (auto r = writer.Jsonl(drop); !r.ok()) return r.error();
      drop.clear();
    }
  }
  if (!drop.empty()) {
    if (auto r = writer.Jsonl(drop); !r.ok()) return r.error();
  }

  std::ofstream out(manifest_path, std::ios::binary | std::ios::trunc);
  out << want << '\n'
      << fmt::format("bytes={} articles={} txt_files={} jsonl_files={}\n", info.bytes,
                     info.articles, info.txt_files, info.jsonl_files);
  if (!out) return Error(manifest_path, 0, "cannot write");
  return info;
}

}  // namespace timeline::bench
