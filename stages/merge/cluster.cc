// SPDX-License-Identifier: Apache-2.0
// merge: how two mentions relate, and the deterministic agglomerative clustering.
#include <algorithm>
#include <bit>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <queue>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "stages/merge/merge_detail.h"

namespace timeline::merge::detail {

bool Knowledge::TypesCompatible(std::string_view a, std::string_view b) const {
  return a == b || MoreSpecific(a, b) || MoreSpecific(b, a);
}

bool Knowledge::MoreSpecific(std::string_view specific, std::string_view general) const {
  for (const auto& [s, g] : also) {
    if (s == specific && g == general) return true;
  }
  return false;
}

std::string_view Knowledge::CountryOf(std::string_view name) const {
  auto it = country_of.find(name);
  return it == country_of.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view Knowledge::AreaOf(std::string_view name) const {
  auto it = area_of.find(name);
  return it == area_of.end() ? std::string_view() : std::string_view(it->second);
}

Knowledge::NameFacts Knowledge::Facts(std::string_view name) const {
  if (!indexed) return {CountryOf(name), AreaOf(name), IsCountry(name), IsGroup(name)};
  auto it = index.find(name);
  if (it == index.end()) return {};
  return {it->second.country, it->second.area, it->second.is_country, it->second.is_group};
}

void Knowledge::Index() {
  index.clear();
  auto add = [&](std::string_view name) {
    if (index.find(name) != index.end()) return;
    index.emplace(std::string(name), IndexEntry{std::string(CountryOf(name)), std::string(AreaOf(name)),
                                                IsCountry(name), IsGroup(name)});
  };
  for (const auto& [name, country] : country_of) add(name);
  for (const auto& [name, area] : area_of) add(name);
  for (const std::string& name : countries) add(name);
  for (const std::string& name : groups) add(name);
  indexed = true;
}

namespace {

// x and y name the same participant, or one is the other's country.
bool NamesMatch(const Knowledge& k, std::string_view x, std::string_view y) {
  if (x == y) return true;
  if (k.IsCountry(x) && k.CountryOf(y) == x) return true;
  if (k.IsCountry(y) && k.CountryOf(x) == y) return true;
  return false;
}

size_t CountMatched(const Knowledge& k, const std::vector<std::string>& a,
                    const std::vector<std::string>& b) {
  size_t n = 0;
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (NamesMatch(k, x, y)) {
        ++n;
        break;
      }
    }
  }
  return n;
}

}  // namespace

ParticipantRelation RelateParticipants(const Knowledge& k, const std::vector<std::string>& a,
                                       const std::vector<std::string>& b) {
  ParticipantRelation r;
  if (a.empty() || b.empty()) {
    r.neutral = true;
    return r;
  }
  const size_t ma = CountMatched(k, a, b), mb = CountMatched(k, b, a);
  if (ma == 0) return r;
  // One side is covered by the other ("Biden;Xi" vs "Biden;Xi;Harris"), or
  // they share at least two participants. "Biden;Xi" vs "Biden;Merkel" is
  // two different events.
  r.link = ma == a.size() || mb == b.size() || std::min(ma, mb) >= 2;
  for (const auto& x : a) {
    if (r.link) break;
    r.link = k.IsGroup(x) && std::binary_search(b.begin(), b.end(), x);
  }
  r.jaccard = double(ma + mb) / double(a.size() + b.size());
  return r;
}

bool LocationsCompatible(const Knowledge& k, std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || a == b) return true;
  const bool ca = k.IsCountry(a), cb = k.IsCountry(b);
  if (ca && cb) return false;
  if (ca) {
    std::string_view c = k.CountryOf(b);
    return c.empty() || c == a;
  }
  if (cb) {
    std::string_view c = k.CountryOf(a);
    return c.empty() || c == b;
  }
  // Two places of one area: Woodside and San Francisco for a meeting at
  // Filoli during the APEC summit.
  std::string_view area = k.AreaOf(a);
  return !area.empty() && area == k.AreaOf(b);
}

Interned Intern(const Knowledge& k, const MentionTable& mentions) {
  Interned in;
  constexpr uint32_t kUnset = Interned::kNone;
  const StringPool& pool = mentions.strings();
  // Names: participants, places, and their countries, numbered in sorted
  // order. (Marked by string id first: a million mentions name a few
  // thousand names.)
  // What is kept per string id, in one array: its name, type and article
  // index, and its date when it is a DCT (one allocation, not five: a table
  // of one article's mentions, as in extract, has a few dozen strings).
  struct PerString {
    uint32_t name = kUnset, type = kUnset, article = kUnset;
    bool dct_parsed = false;
    std::optional<date::sys_days> dct;
  };
  std::vector<PerString> of(pool.size());
  std::vector<uint32_t> seen;
  seen.reserve(pool.size());
  size_t listed = 0;  // participants listed, over all mentions
  auto mark = [&](uint32_t id) {
    if (of[id].name == kUnset) {
      of[id].name = 0;
      seen.push_back(id);
    }
  };
  for (const CompactMention& m : mentions.records()) {
    for (uint32_t p : mentions.list(m.participants)) mark(p);
    listed += mentions.list(m.participants).size();
    if (m.location != StringPool::kEmpty) mark(m.location);
  }
  std::vector<std::string_view> names;
  names.reserve(2 * seen.size());
  for (uint32_t id : seen) names.push_back(pool.view(id));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const size_t own = names.size();
  for (size_t i = 0; i < own; ++i) {
    std::string_view c = k.Facts(names[i]).country;
    if (!c.empty()) names.push_back(c);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  auto id_of = [&](std::string_view name) {
    auto it = std::lower_bound(names.begin(), names.end(), name);
    return uint32_t(it - names.begin());
  };
  for (uint32_t id : seen) of[id].name = id_of(pool.view(id));
  in.country.resize(names.size(), Interned::kNone);
  in.is_country.resize(names.size());
  in.is_group.resize(names.size());
  in.area.resize(names.size(), Interned::kNone);
  std::vector<std::string_view> areas;  // numbered in order of first sight
  for (uint32_t i = 0; i < names.size(); ++i) {
    const Knowledge::NameFacts f = k.Facts(names[i]);
    if (!f.country.empty()) in.country[i] = id_of(f.country);
    in.is_country[i] = f.is_country;
    in.is_group[i] = f.is_group;
    if (!f.area.empty()) {
      auto at = std::find(areas.begin(), areas.end(), f.area);
      in.area[i] = uint32_t(at - areas.begin());
      if (at == areas.end()) areas.push_back(f.area);
    }
  }
  // Types, and which pairs of them are compatible.
  std::vector<std::string_view> types;
  std::vector<uint32_t> type_ids;  // their string ids
  for (const CompactMention& m : mentions.records()) {
    if (of[m.type].type == kUnset) {
      of[m.type].type = 0;
      types.push_back(pool.view(m.type));
      type_ids.push_back(m.type);
    }
  }
  std::sort(types.begin(), types.end());
  for (uint32_t id : type_ids) {
    of[id].type = uint32_t(std::lower_bound(types.begin(), types.end(), pool.view(id)) - types.begin());
  }
  in.type_count = types.size();
  in.types_compatible.resize(types.size() * types.size());
  for (size_t a = 0; a < types.size(); ++a) {
    for (size_t b = 0; b < types.size(); ++b) {
      in.types_compatible[a * types.size() + b] = k.TypesCompatible(types[a], types[b]);
    }
  }
  // Per mention: articles and participant sets numbered in order of first
  // appearance (equal ids, equal articles; equal lists, equal sets), DCTs
  // parsed once per distinct string.
  std::vector<uint32_t> set_of(mentions.lists().size(), kUnset);
  uint32_t articles = 0, sets = 0;
  in.facts.reserve(mentions.size());
  in.pool.reserve(listed);
  for (const CompactMention& m : mentions.records()) {
    Interned::Facts f;
    if (of[m.article].article == kUnset) of[m.article].article = articles++;
    f.article = of[m.article].article;
    f.type = of[m.type].type;
    if (m.location != StringPool::kEmpty) f.location = of[m.location].name;
    f.participants = uint32_t(in.pool.size());
    for (uint32_t p : mentions.list(m.participants)) in.pool.push_back(of[p].name);
    f.participants_end = uint32_t(in.pool.size());
    if (set_of[m.participants] == kUnset) set_of[m.participants] = sets++;
    f.participant_set = set_of[m.participants];
    f.date = m.date;
    if (m.dct != StringPool::kEmpty) {
      PerString& d = of[m.dct];
      if (!d.dct_parsed) {
        d.dct_parsed = true;
        d.dct = DateValue::ParseIsoDay(pool.view(m.dct));
      }
      if (d.dct) {
        f.dct_known = true;
        f.dct_day = *d.dct;
      }
    }
    in.facts.push_back(f);
  }
  return in;
}

namespace {

// How two participant lists relate: RelateParticipants on interned names.
ParticipantRelation RelateIds(const Interned& in, const Interned::Facts& fa,
                              const Interned::Facts& fb) {
  ParticipantRelation r;
  const uint32_t *a0 = in.begin(fa), *a1 = in.end(fa), *b0 = in.begin(fb), *b1 = in.end(fb);
  if (a0 == a1 || b0 == b1) {
    r.neutral = true;
    return r;
  }
  auto count = [&](const uint32_t* x0, const uint32_t* x1, const uint32_t* y0, const uint32_t* y1) {
    size_t n = 0;
    for (const uint32_t* x = x0; x != x1; ++x) {
      for (const uint32_t* y = y0; y != y1; ++y) {
        if (in.NamesMatch(*x, *y)) {
          ++n;
          break;
        }
      }
    }
    return n;
  };
  const size_t na = size_t(a1 - a0), nb = size_t(b1 - b0);
  const size_t ma = count(a0, a1, b0, b1), mb = count(b0, b1, a0, a1);
  if (ma == 0) return r;
  r.link = ma == na || mb == nb || std::min(ma, mb) >= 2;
  for (const uint32_t* x = a0; x != a1; ++x) {
    if (r.link) break;
    r.link = in.is_group[*x] && std::binary_search(b0, b1, *x);
  }
  r.jaccard = double(ma + mb) / double(na + nb);
  return r;
}

bool LocationsCompatibleIds(const Interned& in, uint32_t a, uint32_t b) {
  if (a == Interned::kNone || b == Interned::kNone || a == b) return true;
  const bool ca = in.is_country[a], cb = in.is_country[b];
  if (ca && cb) return false;
  if (ca) return in.country[b] == Interned::kNone || in.country[b] == a;
  if (cb) return in.country[a] == Interned::kNone || in.country[a] == b;
  return in.area[a] != Interned::kNone && in.area[a] == in.area[b];
}

}  // namespace

namespace {

// RelateMentions on two mentions' facts, with whether they come from one
// article given by the caller: the component check below relates
// representatives of mention signatures (which carry no article) for either
// case. The relation depends on nothing but these facts and that flag.
PairRelation RelateFacts(const Knowledge& k, const Interned& in, const Interned::Facts& a,
                         const Interned::Facts& b, bool same_article, bool dated_link) {
  // Cheapest checks first; the participants last.
  PairRelation r;
  if (!in.TypesCompatible(a.type, b.type)) return r;
  const bool both_dated = a.date.dated() && b.date.dated();
  double date_score = 0;
  if (both_dated) {
    if (a.date.Overlaps(b.date)) {
      date_score = a.date == b.date ? 0.5 : 0.25;
    } else {
      // Two days a little apart in different reports (time zones): the same
      // event with a disagreement the summary records.
      const bool days = a.date.precision == Precision::kDay && b.date.precision == Precision::kDay;
      const auto gap = std::abs((a.date.first - b.date.first).count());
      if (same_article || !days || gap > k.date_tolerance_days) return r;
    }
  }
  if (!a.date.dated() && !b.date.dated() && !same_article && a.dct_known && b.dct_known) {
    // Undated reports published far apart are likely about different events.
    if (std::abs((a.dct_day - b.dct_day).count()) > k.undated_window_days) return r;
  }
  if (a.date.dated() != b.date.dated() && !same_article) {
    // An undated report is about something near its publication date, not
    // an event dated years from it.
    const Interned::Facts& u = a.date.dated() ? b : a;
    const Interned::Facts& d = a.date.dated() ? a : b;
    const date::days reach{k.undated_reach_days};
    if (u.dct_known && (d.date.last < u.dct_day - reach || d.date.first > u.dct_day + reach))
      return r;
  }
  if (!LocationsCompatibleIds(in, a.location, b.location)) return r;
  const ParticipantRelation p = RelateIds(in, a, b);
  if (!p.neutral && !p.link) return r;
  r.compatible = true;
  if (dated_link) {
    r.link = p.link && both_dated;
  } else {
    r.link = a.participants != a.participants_end && a.participant_set == b.participant_set;
  }
  r.score = p.jaccard + date_score + (a.type == b.type ? 0.25 : 0) +
            (a.location != Interned::kNone && a.location == b.location ? 0.25 : 0) -
            (same_article ? 1.0 : 0);
  return r;
}

}  // namespace

PairRelation RelateMentions(const Knowledge& k, const Interned& in, uint32_t ia, uint32_t ib,
                            bool dated_link) {
  const Interned::Facts& a = in.facts[ia];
  const Interned::Facts& b = in.facts[ib];
  return RelateFacts(k, in, a, b, a.article == b.article, dated_link);
}

Signature SignatureOf(const Interned::Facts& f) {
  const int32_t dct = !f.date.dated() && f.dct_known ? int32_t(f.dct_day.time_since_epoch().count())
                                                      : INT32_MIN;
  return {f.type,
          f.location,
          f.participant_set,
          int32_t(f.date.first.time_since_epoch().count()),
          int32_t(f.date.last.time_since_epoch().count()),
          int32_t(f.date.precision),
          dct};
}

namespace {

struct ClusterRelation {
  bool compatible = true;
  bool link = false;
  double score = 0;
};

// Relates clusters of mentions (RelateClusters) with the relations of mention
// pairs remembered by signature: a pair's relation is a function of the two
// signatures and of whether the mentions share an article (RelateFacts), and a
// hub relates the same few signatures again and again (the same leaders,
// dates and places in thousands of reports). The memo is a direct-mapped
// table, so a miss only costs the RelateFacts call it replaces; the result
// is exactly RelateFacts's, whatever is remembered.
// Each mention's signature id (equal signatures, equal ids) and article,
// and a representative mention per signature id: built once per clustering
// pass and shared, read-only, by the Relators of all threads.
struct SignatureIndex {
  SignatureIndex(const Interned& in, const std::vector<std::vector<uint32_t>>& groups)
      : ids(in.facts.size()) {
    std::vector<std::pair<Signature, uint32_t>> sigs;
    size_t total = 0;
    for (const auto& g : groups) total += g.size();
    sigs.reserve(total);
    for (const auto& g : groups) {
      for (uint32_t i : g) sigs.emplace_back(SignatureOf(in.facts[i]), i);
    }
    std::sort(sigs.begin(), sigs.end());
    size_t distinct = 0;
    for (size_t i = 0; i < sigs.size(); ++i) distinct += i == 0 || sigs[i].first != sigs[i - 1].first;
    facts.reserve(distinct);
    uint32_t id = 0;
    for (size_t i = 0; i < sigs.size(); ++i) {
      if (i > 0 && sigs[i].first != sigs[i - 1].first) ++id;
      if (i == 0 || sigs[i].first != sigs[i - 1].first) facts.push_back(in.facts[sigs[i].second]);
      ids[sigs[i].second] = {id, in.facts[sigs[i].second].article};
    }
  }
  std::vector<std::pair<uint32_t, uint32_t>> ids;  // per mention: (signature id, article)
  // Per signature id: the facts of a mention that has it, copied into one
  // array in signature order (relating two signatures reads them; through a
  // representative mention's index that was two scattered loads).
  std::vector<Interned::Facts> facts;
};

class Relator {
 public:
  // One Relator per thread: its memo is its own.
  Relator(const Knowledge& k, const Interned& in, const SignatureIndex& index, bool dated_link)
      : k_(k), in_(in), dated_link_(dated_link), ids_(index.ids), facts_(index.facts) {
    // Keys hold two signature ids of 30 bits; more signatures than that
    // (a billion mentions) go without the memo.
    // The table grows with the signatures up to kMaxCacheBits (4 MB; there is
    // one per thread, and 16 MB held 24 MB more at -j2 for 0.2% fewer
    // instructions on the 100 MB merge), so that the many small clusterings
    // (one per article in `extract`) stay small.
    cache_bits_ = 6;
    while (cache_bits_ < kMaxCacheBits && (size_t(1) << cache_bits_) < 8 * facts_.size()) ++cache_bits_;
    if (facts_.size() <= (size_t(1) << 30)) cache_.assign(size_t(1) << cache_bits_, Entry{});
  }

  // What relating a cluster needs of its members: its distinct signatures,
  // each with the one article that has it there (kManyArticles when two or
  // more do), sorted by signature; and its distinct (article, signature)
  // pairs, sorted. A pair of mentions relates as a function of their
  // signatures and of whether they share an article, so two mentions with
  // one signature in one article relate alike to any third mention, and
  // complete linkage (a conjunction and a maximum over the pairs) is the same
  // over these pairs as over the members. A hub's cluster holds thousands of
  // mentions but far fewer signatures.
  static constexpr uint32_t kManyArticles = UINT32_MAX;
  // A summary as Relate reads it: views of its two arrays, which may live
  // in a Summary or in one flat array of many (the component search's).
  struct SummaryView {
    std::span<const std::pair<uint32_t, uint32_t>> sigs, items;
  };
  struct Summary {
    std::vector<std::pair<uint32_t, uint32_t>> sigs;   // (signature, article or kManyArticles)
    std::vector<std::pair<uint32_t, uint32_t>> items;  // (article, signature)
    operator SummaryView() const { return {sigs, items}; }
  };
  void Summarize(const std::vector<uint32_t>& members, Summary& out) const {
    out.items.clear();
    for (uint32_t i : members) out.items.emplace_back(ids_[i].second, ids_[i].first);
    std::sort(out.items.begin(), out.items.end());
    out.items.erase(std::unique(out.items.begin(), out.items.end()), out.items.end());
    out.sigs.clear();
    for (const auto& [article, sig] : out.items) out.sigs.emplace_back(sig, article);
    // One article (every must-link group): the items are already in
    // signature order, each signature once.
    if (out.items.empty() || out.items.front().first == out.items.back().first) return;
    std::sort(out.sigs.begin(), out.sigs.end());
    size_t kept = 0;
    for (size_t i = 0; i < out.sigs.size(); ++i) {
      if (kept > 0 && out.sigs[kept - 1].first == out.sigs[i].first) {
        out.sigs[kept - 1].second = kManyArticles;
      } else {
        out.sigs[kept++] = out.sigs[i];
      }
    }
    out.sigs.resize(kept);
  }
  // `into` becomes the summary of the union of the two clusters.
  static void Absorb(Summary& into, const Summary& from,
                     std::vector<std::pair<uint32_t, uint32_t>>& scratch) {
    scratch.clear();
    std::set_union(into.items.begin(), into.items.end(), from.items.begin(), from.items.end(),
                   std::back_inserter(scratch));
    into.items.swap(scratch);
    scratch.clear();
    auto i = into.sigs.cbegin(), j = from.sigs.cbegin();
    while (i != into.sigs.cend() || j != from.sigs.cend()) {
      if (j == from.sigs.cend() || (i != into.sigs.cend() && i->first < j->first)) {
        scratch.push_back(*i++);
      } else if (i == into.sigs.cend() || j->first < i->first) {
        scratch.push_back(*j++);
      } else {
        scratch.emplace_back(i->first, i->second == j->second ? i->second : kManyArticles);
        ++i, ++j;
      }
    }
    into.sigs.swap(scratch);
  }

  // Complete linkage: compatible when every cross pair of mentions is;
  // linked when some pair links, scored by the best linking pair. From the
  // clusters' summaries: a pair of signatures relates as from two articles
  // when some two of their mentions are in different articles (so unless
  // each is in one article only, the same one), and as from one article
  // when some article has both. Independent of the order of the pairs.
  ClusterRelation Relate(const SummaryView& sa, const SummaryView& sb) {
    ClusterRelation r;
    auto add = [&r](const PairRelation& p) {
      if (!p.compatible) {
        r.compatible = false;
        return false;
      }
      if (p.link && (!r.link || p.score > r.score)) {
        r.link = true;
        r.score = p.score;
      }
      return true;
    };
    for (const auto& [s, as] : sa.sigs) {
      for (const auto& [t, at] : sb.sigs) {
        if (as == at && as != kManyArticles) continue;  // only within one article
        if (!add(PairOfSignatures(s, t, false))) return r;
      }
    }
    // The articles of the smaller side looked up in the other's pairs.
    const bool swap = sa.items.size() > sb.items.size();
    const auto& small = swap ? sb.items : sa.items;
    const auto& big = swap ? sa.items : sb.items;
    for (size_t i = 0; i < small.size();) {
      const uint32_t article = small[i].first;
      size_t e = i;
      while (e < small.size() && small[e].first == article) ++e;
      auto j = std::lower_bound(big.begin(), big.end(), std::pair{article, uint32_t{0}});
      for (; j != big.end() && j->first == article; ++j) {
        for (size_t x = i; x < e; ++x) {
          const PairRelation p =
              swap ? PairOfSignatures(j->second, small[x].second, true)
                   : PairOfSignatures(small[x].second, j->second, true);
          if (!add(p)) return r;
        }
      }
      i = e;
    }
    return r;
  }

 private:
  static constexpr int kMaxCacheBits = 18;
  struct Entry {
    uint64_t tag = UINT64_MAX;  // key << 2 | compatible << 1 | link
    double score = 0;
  };

  // The relation of two mentions with signatures si and sj (RelateFacts on
  // a mention of each: the relation depends on nothing else).
  PairRelation PairOfSignatures(uint32_t si, uint32_t sj, bool same_article) {
    const Interned::Facts& fi = facts_[si];
    const Interned::Facts& fj = facts_[sj];
    if (cache_.empty()) return RelateFacts(k_, in_, fi, fj, same_article, dated_link_);
    const uint64_t key = uint64_t(si) << 31 | uint64_t(sj) << 1 | uint64_t(same_article);
    Entry& e = cache_[(key * 0x9E3779B97F4A7C15ull) >> (64 - cache_bits_)];
    if (e.tag >> 2 == key) return {(e.tag & 2) != 0, (e.tag & 1) != 0, e.score};
    const PairRelation p = RelateFacts(k_, in_, fi, fj, same_article, dated_link_);
    e.tag = key << 2 | uint64_t(p.compatible) << 1 | uint64_t(p.link);
    e.score = p.score;
    return p;
  }

  const Knowledge& k_;
  const Interned& in_;
  const bool dated_link_;
  const std::vector<std::pair<uint32_t, uint32_t>>& ids_;  // SignatureIndex::ids
  const std::vector<Interned::Facts>& facts_;              // SignatureIndex::facts
  std::vector<Entry> cache_;
  int cache_bits_ = 0;
};

// Blocking: two clusters can only link when they share a key. In the dated
// pass the keys are participants and their countries; in the undated pass
// the whole participant list.
void BlockKeys(const Interned& in, const std::vector<uint32_t>& members, bool dated_link,
               std::vector<uint32_t>& keys) {
  keys.clear();
  for (uint32_t i : members) {
    const Interned::Facts& f = in.facts[i];
    if (f.participants == f.participants_end) continue;
    if (dated_link) {
      if (!f.date.dated()) continue;
      for (const uint32_t* p = in.begin(f); p != in.end(f); ++p) {
        keys.push_back(*p);
        if (in.country[*p] != Interned::kNone) keys.push_back(in.country[*p]);
      }
    } else {
      keys.push_back(f.participant_set);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

// The classes of types that can be compatible: the connected components of
// data/type_compat.tsv's pairs over the types present (a summit and a
// meeting are one class; a call is alone in its own).
std::vector<uint32_t> TypeClasses(const Interned& in) {
  std::vector<uint32_t> cls(in.type_count);
  std::iota(cls.begin(), cls.end(), 0);
  auto find = [&](uint32_t t) {
    while (cls[t] != t) t = cls[t];
    return t;
  };
  for (uint32_t a = 0; a < in.type_count; ++a) {
    for (uint32_t b = a + 1; b < in.type_count; ++b) {
      if (!in.TypesCompatible(a, b)) continue;
      const uint32_t ra = find(a), rb = find(b);
      cls[std::max(ra, rb)] = std::min(ra, rb);
    }
  }
  for (uint32_t t = 0; t < in.type_count; ++t) cls[t] = find(t);
  return cls;
}

// BlockKeys with each key paired with the class of the mention's type
// (class << 32 | key): two mentions of types in different classes are never
// compatible, so a linked pair of mentions shares such a key too.
//
// Each key is (class << 33 | key << 1 | probe). A person's country is a
// probe: it is there to meet the country named as a participant ("China" ~
// "Xi Jinping"), and two people of one country ("Xi Jinping", "Wang Yi")
// match through it no more than through their own names, so two probes of a
// key are no candidate pair by that key (ForEachCandidate). A cluster that
// names the country itself (or has it as its own participant) holds the key
// as no probe.
constexpr uint64_t kProbe = 1;
void ClassBlockKeys(const Interned& in, const std::vector<uint32_t>& type_class,
                    const std::vector<uint32_t>& members, bool dated_link,
                    std::vector<uint64_t>& keys) {
  keys.clear();
  for (uint32_t i : members) {
    const Interned::Facts& f = in.facts[i];
    if (f.participants == f.participants_end) continue;
    const uint64_t cls = uint64_t(type_class[f.type]) << 33;
    if (dated_link) {
      if (!f.date.dated()) continue;
      for (const uint32_t* p = in.begin(f); p != in.end(f); ++p) {
        keys.push_back(cls | uint64_t{*p} << 1);
        const uint32_t country = in.country[*p];
        if (country != Interned::kNone && country != *p) {
          keys.push_back(cls | uint64_t{country} << 1 | kProbe);
        }
      }
    } else {
      keys.push_back(cls | uint64_t{f.participant_set} << 1);
    }
  }
  std::sort(keys.begin(), keys.end());
  // Each key once: a key held as no probe (sorted just before its probe) drops the probe.
  size_t kept = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (kept > 0 && keys[kept - 1] >> 1 == keys[i] >> 1) continue;
    keys[kept++] = keys[i];
  }
  keys.resize(kept);
}

struct DaySpan {
  date::sys_days first{}, last{};
  bool dated = false;
};

DaySpan DateSpan(const Interned& in, const std::vector<uint32_t>& members) {
  DaySpan s;
  for (uint32_t i : members) {
    const DateValue& d = in.facts[i].date;
    if (!d.dated()) continue;
    if (!s.dated || d.first < s.first) s.first = d.first;
    if (!s.dated || d.last > s.last) s.last = d.last;
    s.dated = true;
  }
  return s;
}

// The span of the DCTs of a cluster's undated mentions whose DCT is known.
DaySpan DctSpan(const Interned& in, const std::vector<uint32_t>& members) {
  DaySpan s;
  for (uint32_t i : members) {
    const Interned::Facts& f = in.facts[i];
    if (f.date.dated() || !f.dct_known) continue;
    if (!s.dated || f.dct_day < s.first) s.first = f.dct_day;
    if (!s.dated || f.dct_day > s.last) s.last = f.dct_day;
    s.dated = true;
  }
  return s;
}

// Whether the undated mentions with a known DCT of each article (among the
// clusters') all have the same DCT, as the mentions of one article do.
bool OneDctPerArticle(const Interned& in, const std::vector<std::vector<uint32_t>>& groups) {
  std::unordered_map<uint32_t, date::sys_days> dct;  // article -> its DCT
  for (const auto& g : groups) {
    for (uint32_t i : g) {
      const Interned::Facts& f = in.facts[i];
      if (f.date.dated() || !f.dct_known) continue;
      const auto [it, added] = dct.try_emplace(f.article, f.dct_day);
      if (!added && it->second != f.dct_day) return false;
    }
  }
  return true;
}

// Per cluster, whether it is made only of settled mentions (`settled`, per
// mention; empty: none is): then it is a cluster an earlier round of this
// clustering ended with, and two such clusters never link while compatible
// (a round ends only when no linked, compatible pair of clusters is left),
// so a pair of them needs no relating.
std::vector<uint8_t> SettledClusters(const std::vector<uint8_t>& settled,
                                     const std::vector<std::vector<uint32_t>>& groups) {
  std::vector<uint8_t> out(groups.size(), 0);
  if (settled.empty()) return out;
  for (size_t g = 0; g < groups.size(); ++g) {
    out[g] = std::all_of(groups[g].begin(), groups[g].end(), [&](uint32_t i) { return settled[i] != 0; });
  }
  return out;
}

struct QueueEntry {
  double score;
  uint32_t a, b;  // a < b
  uint32_t record;
};

struct QueueOrder {
  // std::priority_queue pops the greatest: highest score, then smallest (a, b).
  bool operator()(const QueueEntry& x, const QueueEntry& y) const {
    if (x.score != y.score) return x.score < y.score;
    return std::tie(x.a, x.b) > std::tie(y.a, y.b);
  }
};

// Calls f(g, x) once for every candidate pair of the clusters `groups`:
// those that share a block key with a type class (ClassBlockKeys) and, in
// the dated pass, whose date spans lie within the tolerance of each other
// (in the undated pass, whose undated mentions' DCTs lie within
// undated_window_days). Every pair of clusters that can link is among them
// (a link needs a matched participant, hence a shared key, compatible
// types, hence one class, and dates at most date_tolerance_days apart, or
// undated reports published at most undated_window_days apart). The order
// of the calls is a function of `groups` alone.
template <class F>
void ForEachCandidate(const Knowledge& k, const Interned& in,
                      const std::vector<std::vector<uint32_t>>& groups, bool dated_link, F&& f) {
  const size_t n = groups.size();
  // Candidate pairs from shared block keys (and, when dated, overlapping spans).
  std::vector<std::pair<uint64_t, uint32_t>> keyed;  // (key, cluster)
  // Per cluster, where its window starts and how far it reaches: a later
  // cluster of a block (sorted by start) that starts past a cluster's reach
  // cannot link with it, nor can any after it. Dated pass: the date span,
  // reaching date_tolerance_days past its end. Undated pass: the span of
  // the DCTs of its undated mentions, reaching undated_window_days past its
  // end (two such mentions of different articles published further apart
  // are incompatible), and only when each article has one such DCT, so that
  // two mentions with DCTs that far apart are from different articles; a
  // cluster without such a mention starts first and reaches everything.
  std::vector<date::sys_days> first(n), reach(n);
  const bool windowed = dated_link || OneDctPerArticle(in, groups);
  std::vector<uint64_t> keys;
  const std::vector<uint32_t> type_class = TypeClasses(in);
  for (uint32_t g = 0; g < n; ++g) {
    ClassBlockKeys(in, type_class, groups[g], dated_link, keys);
    for (uint64_t key : keys) keyed.emplace_back(key, g);
    if (dated_link) {
      const DaySpan span = DateSpan(in, groups[g]);
      first[g] = span.first;
      reach[g] = span.last + date::days{k.date_tolerance_days};
    } else if (windowed) {
      const DaySpan span = DctSpan(in, groups[g]);
      first[g] = span.dated ? span.first : date::sys_days::min();
      reach[g] = span.dated ? span.last + date::days{k.undated_window_days}
                            : date::sys_days::max();
    }
  }
  std::sort(keyed.begin(), keyed.end());
  // The blocks: the runs of one key in `keyed`, as ranges of one array (a
  // merge of one article's few groups allocates a handful of vectors, not
  // one per block and one per cluster). A block's entries carry their
  // span's start, so that scanning a block reads it in order.
  struct Entry {
    date::sys_days first;
    uint32_t x;
    bool probe;  // the cluster holds the block's key only as a probe
  };
  std::vector<Entry> entries(keyed.size());
  std::vector<uint32_t> block_end(keyed.size());  // per entry: the end of its block
  std::vector<uint32_t> count(n + 1, 0);          // then: where each cluster's positions start
  for (size_t b = 0; b < keyed.size();) {
    size_t e = b;
    for (; e < keyed.size() && keyed[e].first >> 1 == keyed[b].first >> 1; ++e) {
      entries[e] = {first[keyed[e].second], keyed[e].second, (keyed[e].first & kProbe) != 0};
      ++count[keyed[e].second + 1];
    }
    for (size_t i = b; i < e; ++i) block_end[i] = uint32_t(e);
    b = e;
  }
  keyed = {};
  // Each block sorted by (window start, index): a pair is found from its
  // earlier member, in every block the same one, so a stamp per member
  // removes the pairs found again through another shared key. Each
  // cluster's positions are listed in block order.
  if (windowed) {
    for (size_t b = 0; b < entries.size(); b = block_end[b]) {
      std::sort(entries.begin() + b, entries.begin() + block_end[b],
                [](const Entry& e, const Entry& o) {
                  return std::tie(e.first, e.x) < std::tie(o.first, o.x);
                });
    }
  }
  for (size_t g = 0; g < n; ++g) count[g + 1] += count[g];
  std::vector<uint32_t> positions(entries.size());
  {
    std::vector<uint32_t> fill(count.begin(), count.end() - 1);
    for (uint32_t i = 0; i < entries.size(); ++i) positions[fill[entries[i].x]++] = i;
  }
  std::vector<uint32_t> stamp(n, 0);
  for (uint32_t g = 0; g < n; ++g) {
    for (uint32_t q = count[g]; q < count[g + 1]; ++q) {
      const uint32_t pos = positions[q];
      const bool probe = entries[pos].probe;
      for (uint32_t j = pos + 1; j < block_end[pos]; ++j) {
        const uint32_t x = entries[j].x;
        if (windowed && entries[j].first > reach[g]) break;
        if (probe && entries[j].probe) continue;  // two people of one country
        if (stamp[x] == g + 1) continue;
        stamp[x] = g + 1;
        f(g, x);
      }
    }
  }
}

}  // namespace

namespace {

// The distinct scores of one clustering, numbered as they are first seen: a
// pair record holds a score's number (4 bytes, not a double's 8); scores
// are compared by value, so the records order and relate as with doubles.
class ScoreTable {
 public:
  uint32_t Id(double score) {
    auto [it, added] = ids_.try_emplace(std::bit_cast<uint64_t>(score), uint32_t(values_.size()));
    if (added) values_.push_back(score);
    return it->second;
  }
  double operator[](uint32_t id) const { return values_[id]; }

 private:
  std::vector<double> values_;
  std::unordered_map<uint64_t, uint32_t> ids_;
};

// The summaries of a clustering's clusters (Relator::Summary), each made
// when the cluster is first related; then kept up to date by the caller as
// clusters merge (Relator::Absorb).
class Summaries {
 public:
  Summaries(const Relator& relator, const std::vector<std::vector<uint32_t>>& groups)
      : relator_(relator), groups_(groups), sums_(groups.size()), made_(groups.size(), 0) {}
  const Relator::Summary& operator()(uint32_t c) {
    if (!made_[c]) {
      relator_.Summarize(groups_[c], sums_[c]);
      made_[c] = 1;
    }
    return sums_[c];
  }
  Relator::Summary& operator[](uint32_t c) { return sums_[c]; }

 private:
  const Relator& relator_;
  const std::vector<std::vector<uint32_t>>& groups_;
  std::vector<Relator::Summary> sums_;
  std::vector<uint8_t> made_;
};

// The clusters left alive at the end of a clustering, in index order, each
// sorted (members stay unsorted while clustering: relating two clusters does
// not depend on their order).
std::vector<std::vector<uint32_t>> LiveClusters(std::vector<std::vector<uint32_t>>& groups,
                                                const std::vector<uint8_t>& alive) {
  std::vector<std::vector<uint32_t>> out;
  for (uint32_t g = 0; g < groups.size(); ++g) {
    if (!alive[g]) continue;
    std::sort(groups[g].begin(), groups[g].end());
    out.push_back(std::move(groups[g]));
  }
  return out;
}

// AgglomerateExact with the relator of the caller (Agglomerate shares one
// across components), with cluster indices of type Index in its records:
// uint16_t when the clusters are fewer than 65535 (8-byte records), else
// uint32_t (12 bytes).
template <class Index>
std::vector<std::vector<uint32_t>> AgglomeratePairs(Relator& relator, const Knowledge& k,
                                                    const Interned& in,
                                                    std::vector<std::vector<uint32_t>> groups,
                                                    bool dated_link,
                                                    const std::vector<uint8_t>& settled) {
  const size_t n = groups.size();
  // One record per linked, compatible pair of live clusters: its score and
  // its two clusters. Each cluster lists the records it is part of (records
  // of dead pairs are skipped, and dropped when the list is rebuilt). When b
  // merges into a, a record of (a, x) stays as it is unless its score rises,
  // and a record of (b, x) becomes the record of (a, x): x's list needs no
  // change, and the queue gets a new entry only for a pair whose score or
  // clusters changed. A queue entry is valid while its record is alive with
  // the entry's score and clusters; a record's clusters only move to smaller
  // indices and its score only rises, so a stale entry never becomes valid
  // again. So the queue holds one valid entry per live pair, as if every pair
  // were queued again after each merge, without queuing a hub's pairs again
  // every time the hub grows. The queue pops in a total order (score, then the
  // pair), so the order in which pairs are found does not matter.
  constexpr Index kDead = std::numeric_limits<Index>::max();
  constexpr uint32_t kChanged = uint32_t{1} << 31;
  struct Record {
    uint32_t score;  // its number in `scores`, | kChanged once it changed (see below)
    Index lo, hi;    // lo < hi; lo == kDead once the pair is gone
    bool alive() const { return lo != kDead; }
  };
  static_assert(sizeof(Record) == 4 + 2 * sizeof(Index));
  ScoreTable scores;
  auto score = [&](const Record& rec) { return scores[rec.score & ~kChanged]; };
  std::vector<Record> records;
  // The queue in two parts that pop as one: the first pairs' records
  // themselves, sorted once (a hub has millions; popping them from a heap
  // misses the cache at every level) and read from the last down, and a heap
  // of the entries pushed while merging. A record that changes (its score
  // rises or it is re-keyed) is pushed anew and marked kChanged: its place
  // in the sorted part is stale, as a dead record's is, and both are skipped
  // (their old entries could never be valid again). Entries that compare
  // equal have the same score and pair, and at most one of them is valid, so
  // which of them pops first changes nothing.
  std::priority_queue<QueueEntry, std::vector<QueueEntry>, QueueOrder> queue;
  // Summaries of the clusters, made when a cluster is first related.
  Summaries sums(relator, groups);
  auto entry = [&](uint32_t r) {
    return QueueEntry{score(records[r]), records[r].lo, records[r].hi, r};
  };
  auto push = [&](uint32_t r) {
    records[r].score |= kChanged;
    queue.push(entry(r));
  };
  {
    // Found in blocks (a deque), then copied into an array of the exact size:
    // a hub's records are most of the clustering's memory, and a growing
    // vector would hold up to three times their size. The blocks, freed on
    // this thread, then hold the neighbour lists, so the peak stays at twice
    // the records.
    std::deque<Record> found;
    const std::vector<uint8_t> done = SettledClusters(settled, groups);
    ForEachCandidate(k, in, groups, dated_link, [&](uint32_t g, uint32_t x) {
      if (done[g] && done[x]) return;
      ClusterRelation r = relator.Relate(sums(g), sums(x));
      if (r.compatible && r.link) {
        found.push_back({scores.Id(r.score), Index(std::min(g, x)), Index(std::max(g, x))});
      }
    });
    records.assign(found.begin(), found.end());
  }
  // Sorted as the queue pops (the greatest last; each pair is found once, so
  // the order is total), then numbered in that order.
  const QueueOrder order;
  std::sort(records.begin(), records.end(), [&](const Record& x, const Record& y) {
    return order({score(x), x.lo, x.hi, 0}, {score(y), y.lo, y.hi, 0});
  });
  std::vector<std::vector<uint32_t>> neighbours(n);  // record indices
  {
    std::vector<uint32_t> degree(n, 0);
    for (const Record& rec : records) ++degree[rec.lo], ++degree[rec.hi];
    for (uint32_t c = 0; c < n; ++c) neighbours[c].reserve(degree[c]);
    for (uint32_t r = 0; r < records.size(); ++r) {
      neighbours[records[r].lo].push_back(r);
      neighbours[records[r].hi].push_back(r);
    }
  }
  size_t initial = records.size();  // records[0, initial) not yet popped from the sorted part
  std::vector<uint8_t> alive(n, 1);
  std::vector<std::pair<uint32_t, uint32_t>> scratch;
  struct Link {
    uint32_t x, record;
  };
  auto by_x = [](const Link& l, const Link& m) { return l.x < m.x; };
  auto live_links = [&](uint32_t c, std::vector<Link>& out) {
    out.clear();
    for (uint32_t r : neighbours[c]) {
      const Record& rec = records[r];
      if (rec.alive()) out.push_back({rec.lo == c ? rec.hi : rec.lo, r});
    }
    std::sort(out.begin(), out.end(), by_x);
  };
  std::vector<Link> na, nb;
  const QueueOrder before;
  while (!queue.empty() || initial > 0) {
    QueueEntry top;
    // A changed or dead record's place in the sorted part is stale (its key
    // there is not the one it was sorted by): skipped, as its entry was
    // discarded when it popped, so the part stays sorted by the keys read.
    while (initial > 0 &&
           ((records[initial - 1].score & kChanged) || !records[initial - 1].alive())) {
      --initial;
    }
    if (initial == 0 && queue.empty()) break;
    if (initial == 0 || (!queue.empty() && before(entry(uint32_t(initial - 1)), queue.top()))) {
      top = queue.top();
      queue.pop();
    } else {
      top = entry(uint32_t(--initial));
    }
    const Record& rec = records[top.record];
    if (!rec.alive() || score(rec) != top.score || rec.lo != top.a || rec.hi != top.b) continue;
    // Merge b into a (a < b, so the survivor is the cluster that comes first).
    const uint32_t a = top.a, b = top.b;
    records[top.record].lo = kDead;
    // The merged cluster relates to a neighbour x as its two parts do
    // (complete linkage: compatible when both are, the best link): where
    // only one part's relation is known, only the other part is compared.
    live_links(a, na);
    live_links(b, nb);
    neighbours[a].clear();
    neighbours[b] = {};
    sums(a);
    sums(b);
    std::vector<uint32_t>& part_a = groups[a];
    const std::vector<uint32_t> part_b = std::move(groups[b]);
    groups[b] = {};
    alive[b] = 0;
    auto ia = na.begin(), ib = nb.begin();
    while (ia != na.end() || ib != nb.end()) {
      const bool take_a = ib == nb.end() || (ia != na.end() && ia->x <= ib->x);
      const bool take_b = ia == na.end() || (ib != nb.end() && ib->x <= ia->x);
      const uint32_t x = take_a ? ia->x : ib->x;
      if (take_a && take_b) {
        // Both known: keep a's record with the better score.
        Record& ra = records[ia->record];
        records[ib->record].lo = kDead;
        if (score(records[ib->record]) > score(ra)) {
          ra.score = records[ib->record].score & ~kChanged;
          push(ia->record);
        }
        neighbours[a].push_back(ia->record);
      } else {
        const uint32_t id = take_a ? ia->record : ib->record;
        Record& known = records[id];
        ClusterRelation r = take_a ? relator.Relate(sums[b], sums(x))
                                   : relator.Relate(sums[a], sums(x));
        if (!r.compatible) {
          known.lo = kDead;
        } else {
          const bool rises = r.link && r.score > score(known);
          if (rises) known.score = scores.Id(r.score);
          if (take_b) {  // (b, x) becomes (a, x)
            known.lo = Index(std::min(a, x));
            known.hi = Index(std::max(a, x));
          }
          if (rises || take_b) push(id);
          neighbours[a].push_back(id);
        }
      }
      if (take_a) ++ia;
      if (take_b) ++ib;
    }
    // Members stay unsorted while clustering (relating two clusters does not
    // depend on their order); sorted once at the end.
    part_a.insert(part_a.end(), part_b.begin(), part_b.end());
    Relator::Absorb(sums[a], sums[b], scratch);
    sums[b] = {};
  }
  return LiveClusters(groups, alive);
}

// The clustering of AgglomeratePairs for a dense component, in a triangular
// matrix of pair cells instead of pair records. A summit's day in a gigabyte
// of news is one component of 13 565 clusters after the twin collapses, a
// third of whose pairs link: 33 M records and their neighbour lists were
// 0.5 GB, the merge's peak; a cell is 2 bytes, 184 MB for that component.
//
// The same clustering, step for step: a cell holds what a record would (the
// number of the best linked score of a pair of live clusters, 0 when the
// pair has no record: not linked, or incompatible), and when b merges into a
// the cells of (a, x) change as the records of (a, x) and (b, x) do
// (AgglomeratePairs's loop, in the same cases). Each row keeps its best cell
// (the highest score, then the smallest column), so the row that holds the
// greatest of the row bests (then the smallest row) is the pair the queue
// would pop: the highest score, then the smallest (a, b). A row's best is
// scanned again only when it was in a column that changed or died.
//
// A cell numbers its score in 16 bits: the caller makes sure a component's
// scores are fewer (DenseScoresFit).
std::vector<std::vector<uint32_t>> AgglomerateDense(Relator& relator, const Knowledge& k,
                                                    const Interned& in,
                                                    std::vector<std::vector<uint32_t>> groups,
                                                    bool dated_link,
                                                    const std::vector<uint8_t>& settled) {
  const size_t n = groups.size();
  constexpr uint32_t kNone = UINT32_MAX;
  // value[cell]: the score a cell stands for; cell 0 is "no linked pair".
  ScoreTable scores;
  std::vector<double> value{-std::numeric_limits<double>::infinity()};
  auto cell_of = [&](double score) {
    const uint32_t id = scores.Id(score);
    if (id + 1 == value.size()) value.push_back(score);
    return uint16_t(id + 1);
  };
  // Row i holds the cells (i, j) for j in (i, n), one row after another.
  std::vector<uint16_t> cells(n * (n - 1) / 2, 0);
  auto cell = [&](size_t i, size_t j) -> uint16_t& {  // i < j
    return cells[i * (2 * n - i - 1) / 2 + (j - i - 1)];
  };
  auto at = [&](uint32_t x, uint32_t y) -> uint16_t& { return x < y ? cell(x, y) : cell(y, x); };
  Summaries sums(relator, groups);
  {
    const std::vector<uint8_t> done = SettledClusters(settled, groups);
    ForEachCandidate(k, in, groups, dated_link, [&](uint32_t g, uint32_t x) {
      if (done[g] && done[x]) return;
      ClusterRelation r = relator.Relate(sums(g), sums(x));
      if (r.compatible && r.link) at(g, x) = cell_of(r.score);
    });
  }
  // Per live row: its best cell's score and column (kNone: no linked pair).
  std::vector<double> best(n);
  std::vector<uint32_t> best_at(n, kNone);
  auto scan = [&](uint32_t i) {
    double v = value[0];
    uint32_t at_j = kNone;
    if (i + 1 < n) {
      const uint16_t* r = &cell(i, i + 1);
      for (uint32_t j = i + 1; j < n; ++j) {
        const double c = value[r[j - i - 1]];
        if (c > v) v = c, at_j = j;
      }
    }
    best[i] = v;
    best_at[i] = at_j;
  };
  for (uint32_t i = 0; i + 1 < n; ++i) scan(i);
  std::vector<uint8_t> alive(n, 1);
  std::vector<std::pair<uint32_t, uint32_t>> scratch;
  for (;;) {
    uint32_t a = kNone;
    for (uint32_t i = 0; i < n; ++i) {
      if (alive[i] && best_at[i] != kNone && (a == kNone || best[i] > best[a])) a = i;
    }
    if (a == kNone) break;
    const uint32_t b = best_at[a];
    sums(a);
    sums(b);
    alive[b] = 0;
    best_at[b] = kNone;
    cell(a, b) = 0;
    for (uint32_t x = 0; x < n; ++x) {
      if (!alive[x] || x == a) continue;
      uint16_t& ca = at(a, x);
      uint16_t& cb = at(b, x);
      uint16_t merged = 0;
      if (ca && cb) {
        merged = value[cb] > value[ca] ? cb : ca;
      } else if (ca || cb) {
        // One part's relation is known: the other part is compared.
        const uint16_t known = ca ? ca : cb;
        const ClusterRelation r = relator.Relate(ca ? sums[b] : sums[a], sums(x));
        if (r.compatible) merged = r.link && r.score > value[known] ? cell_of(r.score) : known;
      }
      const bool changed = merged != ca;
      ca = merged;
      cb = 0;
      // Rows before a hold (x, a) and (x, b); rows between a and b hold (x, b).
      if (x < a && (best_at[x] == a || best_at[x] == b)) {
        // The row's best was a or b: a keeps or takes it when (x, a) scores
        // at least as much (a lies before b, and no column before a scored
        // the row's best); else the row is read again. (A hub's growing
        // cluster is the best of most rows: reading them all at each of its
        // merges made the clustering cubic.)
        if (merged && value[merged] >= best[x]) {
          best[x] = value[merged];
          best_at[x] = a;
        } else {
          scan(x);
        }
      } else if (x < a && changed && merged &&
                 (value[merged] > best[x] || (value[merged] == best[x] && a < best_at[x]))) {
        best[x] = value[merged];
        best_at[x] = a;
      } else if (x > a && x < b && best_at[x] == b) {
        scan(x);
      }
    }
    scan(a);
    std::vector<uint32_t>& part_a = groups[a];
    part_a.insert(part_a.end(), groups[b].begin(), groups[b].end());
    groups[b] = {};
    Relator::Absorb(sums[a], sums[b], scratch);
    sums[b] = {};
  }
  return LiveClusters(groups, alive);
}

// Whether a component's distinct scores fit in a dense cell's 16 bits. A
// score is the participants' matched share (ma + mb) / (na + nb), a
// fraction with a denominator of at most twice the longest list, plus one
// of 3 date terms, 2 type terms, 2 place terms and 2 article terms: with
// lists of at most 25 names, fewer than 51 * 51 * 24 = 62 424 values.
bool DenseScoresFit(const Interned& in, const std::vector<std::vector<uint32_t>>& groups) {
  constexpr uint32_t kMaxNames = 25;
  for (const auto& g : groups) {
    for (uint32_t i : g) {
      if (in.facts[i].participants_end - in.facts[i].participants > kMaxNames) return false;
    }
  }
  return true;
}

std::vector<std::vector<uint32_t>> AgglomerateExactWith(Relator& relator, const Knowledge& k,
                                                        const Interned& in,
                                                        std::vector<std::vector<uint32_t>> groups,
                                                        bool dated_link,
                                                        const std::vector<uint8_t>& settled) {
  // A dense component (its candidate pairs at least an eighth of all its
  // pairs) goes into the matrix: 2 bytes a pair against 16 a linked pair
  // (a record and two neighbour entries), so never more than the records
  // would take once a quarter of the candidates link; below a few hundred
  // clusters the candidates are not counted (both are small).
  constexpr size_t kDenseMinClusters = 256;
  const size_t n = groups.size();
  if (n >= kDenseMinClusters && n < std::numeric_limits<uint16_t>::max() &&
      DenseScoresFit(in, groups)) {
    const std::vector<uint8_t> done = SettledClusters(settled, groups);
    size_t candidates = 0;
    ForEachCandidate(k, in, groups, dated_link,
                     [&](uint32_t g, uint32_t x) { candidates += !(done[g] && done[x]); });
    if (n * (n - 1) <= 8 * candidates) {
      return AgglomerateDense(relator, k, in, std::move(groups), dated_link, settled);
    }
  }
  if (n < std::numeric_limits<uint16_t>::max()) {
    return AgglomeratePairs<uint16_t>(relator, k, in, std::move(groups), dated_link, settled);
  }
  return AgglomeratePairs<uint32_t>(relator, k, in, std::move(groups), dated_link, settled);
}

}  // namespace

std::vector<std::vector<uint32_t>> AgglomerateExact(const Knowledge& k, const Interned& in,
                                                    std::vector<std::vector<uint32_t>> groups,
                                                    bool dated_link) {
  const SignatureIndex index(in, groups);
  Relator relator(k, in, index, dated_link);
  return AgglomerateExactWith(relator, k, in, std::move(groups), dated_link, {});
}

std::vector<std::vector<uint32_t>> AgglomerateExactDense(const Knowledge& k, const Interned& in,
                                                         std::vector<std::vector<uint32_t>> groups,
                                                         bool dated_link) {
  if (!DenseScoresFit(in, groups)) return AgglomerateExact(k, in, std::move(groups), dated_link);
  const SignatureIndex index(in, groups);
  Relator relator(k, in, index, dated_link);
  return AgglomerateDense(relator, k, in, std::move(groups), dated_link, {});
}

std::vector<std::vector<uint32_t>> AgglomerateExactWide(const Knowledge& k, const Interned& in,
                                                        std::vector<std::vector<uint32_t>> groups,
                                                        bool dated_link) {
  const SignatureIndex index(in, groups);
  Relator relator(k, in, index, dated_link);
  return AgglomeratePairs<uint32_t>(relator, k, in, std::move(groups), dated_link, {});
}

namespace {

// Beyond these many distinct signatures in one component, or this many pairs
// of them to relate, the component is left to the exact clustering (which
// is always right; the shortcut only saves time).
constexpr size_t kMaxSignatures = 4096;
constexpr size_t kMaxSignaturePairs = size_t(1) << 24;

// True when every two mentions of different clusters among `members` (indices
// into `groups`) are compatible. Two mentions with equal signatures are always
// compatible (same type, date, place and participants), and otherwise whether
// they are depends only on their signatures and on whether they share an
// article. So it suffices to relate the distinct signatures pairwise, each
// pair at most twice: as from different articles when some two mentions with
// those signatures in different articles exist, as from one article when some
// article has them in two different clusters. A hub with thousands of
// clusters has few distinct signatures (the same type, a few dates, places and
// participant lists), so this is linear in its mentions.
bool AllCompatible(const Knowledge& k, const Interned& in,
                   const std::vector<std::vector<uint32_t>>& groups,
                   const std::vector<uint32_t>& members) {
  struct Item {
    Signature sig;
    uint32_t mention;
    uint32_t cluster;  // position in `members`
  };
  std::vector<Item> items;
  for (uint32_t c = 0; c < members.size(); ++c) {
    for (uint32_t i : groups[members[c]]) items.push_back({SignatureOf(in.facts[i]), i, c});
  }
  std::sort(items.begin(), items.end(), [](const Item& x, const Item& y) {
    return std::tie(x.sig, x.mention) < std::tie(y.sig, y.mention);
  });
  // Per signature: a representative mention, its article, and whether
  // another article has the signature too.
  struct Sig {
    uint32_t mention, article;
    bool more_articles = false;
  };
  std::vector<Sig> sigs;
  // (article, signature, cluster) per mention, for the pairs within articles.
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t>> occurrences;
  occurrences.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const uint32_t article = in.facts[items[i].mention].article;
    if (i == 0 || items[i].sig != items[i - 1].sig) {
      if (sigs.size() == kMaxSignatures) return false;
      sigs.push_back({items[i].mention, article});
    } else if (article != sigs.back().article) {
      sigs.back().more_articles = true;
    }
    occurrences.emplace_back(article, uint32_t(sigs.size() - 1), items[i].cluster);
  }
  items = {};
  const size_t s = sigs.size();
  if (s * (s - 1) / 2 > kMaxSignaturePairs) return false;
  auto compatible = [&](uint32_t x, uint32_t y, bool same_article) {
    return RelateFacts(k, in, in.facts[sigs[x].mention], in.facts[sigs[y].mention], same_article,
                       true)
        .compatible;
  };
  // Different articles (so different clusters).
  for (uint32_t x = 0; x < s; ++x) {
    for (uint32_t y = x + 1; y < s; ++y) {
      const bool only_one_article =
          !sigs[x].more_articles && !sigs[y].more_articles && sigs[x].article == sigs[y].article;
      if (!only_one_article && !compatible(x, y, false)) return false;
    }
  }
  // One article, different clusters: within each article, a signature found
  // in one cluster only meets another such signature across clusters unless
  // both are in the same cluster.
  std::sort(occurrences.begin(), occurrences.end());
  occurrences.erase(std::unique(occurrences.begin(), occurrences.end()), occurrences.end());
  std::vector<bool> checked;  // s x s, the pairs already related as from one article
  struct InArticle {
    uint32_t sig, cluster;
    bool more_clusters;
  };
  std::vector<InArticle> here;
  size_t budget = kMaxSignaturePairs;
  for (size_t i = 0; i < occurrences.size();) {
    const uint32_t article = std::get<0>(occurrences[i]);
    here.clear();
    bool several_clusters = false;
    for (; i < occurrences.size() && std::get<0>(occurrences[i]) == article; ++i) {
      const auto [a, sig, cluster] = occurrences[i];
      if (!here.empty() && here.back().sig == sig) {
        here.back().more_clusters = true;
      } else {
        here.push_back({sig, cluster, false});
      }
      several_clusters = several_clusters || cluster != here.front().cluster;
    }
    if (!several_clusters) continue;
    if (here.size() * here.size() / 2 > budget) return false;
    budget -= here.size() * here.size() / 2;
    if (checked.empty()) checked.resize(s * s);
    for (size_t x = 0; x < here.size(); ++x) {
      for (size_t y = x + 1; y < here.size(); ++y) {
        const InArticle &p = here[x], &q = here[y];
        if (!p.more_clusters && !q.more_clusters && p.cluster == q.cluster) continue;
        const size_t key = size_t(p.sig) * s + q.sig;  // p.sig < q.sig
        if (checked[key]) continue;
        checked[key] = true;
        if (!compatible(p.sig, q.sig, true)) return false;
      }
    }
  }
  return true;
}

// Drops the clusters of `part` that were merged into others (merged[c]),
// keeping the order of the rest.
template <class Merged>
void DropMerged(std::vector<std::vector<uint32_t>>& part, Merged merged) {
  size_t kept = 0;
  for (size_t c = 0; c < part.size(); ++c) {
    if (merged(c)) continue;
    if (kept != c) part[kept] = std::move(part[c]);  // not onto itself: that empties it
    ++kept;
  }
  part.resize(kept);
}

// Twins: starting clusters (of one component, `part`, in index order) with
// the same set of mention signatures, each the only cluster of its article in
// the component, whose signatures are pairwise compatible across articles and
// of which one links to itself across articles. Merges each set of twins into
// its first member, in place (the order of the rest is kept).
//
// Why this changes nothing: twins relate to every other cluster alike (no
// other cluster shares their articles, so every pair of mentions compares the
// same signatures as from different articles), and no pair of clusters
// involving a twin scores higher than two twins (the score of two mentions is
// highest for the same participants, date, type and place from different
// articles). Complete linkage merges by score, then index: at the score of two
// twins, the cluster being grown (the smallest index with a partner at that
// score) that takes one twin keeps taking its smallest compatible partner at
// that score until none is left, and every other twin is one (compatible with
// the grown cluster exactly when the twin already in it is, and scoring the
// twins' score); so all twins end in one cluster, taken in at the position of
// the first. Once one twin is in a cluster, the others change none of its
// relations, so merging them beforehand leaves every other step as it was.
// This shrinks the hubs that are not all compatible (a summit reported by
// thousands of articles as the same "G20, Bali, 2022-11-15").
void CollapseTwins(const Knowledge& k, const Interned& in, std::vector<std::vector<uint32_t>>& part,
                   bool dated_link) {
  constexpr size_t kMaxTwinSignatures = 32;  // a bigger set is left alone
  // Clusters per article (a cluster with mentions of two articles is never a twin).
  std::vector<std::pair<uint32_t, uint32_t>> articles;  // (article, cluster)
  for (uint32_t c = 0; c < part.size(); ++c) {
    for (uint32_t i : part[c]) articles.emplace_back(in.facts[i].article, c);
  }
  std::sort(articles.begin(), articles.end());
  articles.erase(std::unique(articles.begin(), articles.end()), articles.end());
  std::vector<uint8_t> isolated(part.size(), 1);
  for (size_t i = 0; i < articles.size(); ++i) {
    const bool shared = (i > 0 && articles[i - 1].first == articles[i].first) ||
                        (i + 1 < articles.size() && articles[i + 1].first == articles[i].first);
    if (shared) isolated[articles[i].second] = 0;
  }
  for (size_t i = 1; i < articles.size(); ++i) {
    if (articles[i].second == articles[i - 1].second) isolated[articles[i].second] = 0;
  }
  articles = {};
  // Candidates keyed by their signature sets; each set keeps one mention per signature.
  struct Candidate {
    std::vector<std::pair<Signature, uint32_t>> sigs;  // (signature, a mention), sorted
    uint32_t cluster;
  };
  std::vector<Candidate> candidates;
  for (uint32_t c = 0; c < part.size(); ++c) {
    if (!isolated[c]) continue;
    Candidate cand{{}, c};
    for (uint32_t i : part[c]) cand.sigs.emplace_back(SignatureOf(in.facts[i]), i);
    std::sort(cand.sigs.begin(), cand.sigs.end());
    cand.sigs.erase(std::unique(cand.sigs.begin(), cand.sigs.end(),
                                [](const auto& x, const auto& y) { return x.first == y.first; }),
                    cand.sigs.end());
    if (cand.sigs.size() <= kMaxTwinSignatures) candidates.push_back(std::move(cand));
  }
  auto same_set = [](const Candidate& x, const Candidate& y) {
    return std::equal(x.sigs.begin(), x.sigs.end(), y.sigs.begin(), y.sigs.end(),
                      [](const auto& a, const auto& b) { return a.first == b.first; });
  };
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    return std::lexicographical_compare(
        x.sigs.begin(), x.sigs.end(), y.sigs.begin(), y.sigs.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
  });
  std::vector<uint8_t> gone(part.size(), 0);
  bool any = false;
  for (size_t i = 0; i < candidates.size();) {
    size_t j = i + 1;
    while (j < candidates.size() && same_set(candidates[i], candidates[j])) ++j;
    if (j - i >= 2) {
      // The twins' own relation, from one representative mention per signature.
      const auto& sigs = candidates[i].sigs;
      bool compatible = true, link = false;
      for (size_t x = 0; x < sigs.size() && compatible; ++x) {
        for (size_t y = x; y < sigs.size() && compatible; ++y) {
          const PairRelation r = RelateFacts(k, in, in.facts[sigs[x].second],
                                             in.facts[sigs[y].second], false, dated_link);
          compatible = r.compatible;
          link = link || (x == y && r.link);
        }
      }
      if (compatible && link) {
        // Stable sort: a set's candidates are in index order, the first is the smallest.
        std::vector<uint32_t>& first = part[candidates[i].cluster];
        for (size_t t = i + 1; t < j; ++t) {
          const uint32_t c = candidates[t].cluster;
          first.insert(first.end(), part[c].begin(), part[c].end());
          part[c] = {};
          gone[c] = 1;
        }
        std::sort(first.begin(), first.end());
        any = true;
      }
    }
    i = j;
  }
  if (any) DropMerged(part, [&](size_t c) { return gone[c] != 0; });
}

// The relation of two clusters of mentions as the clustering computes it:
// compatible when every cross pair is, linked when some pair links, scoring
// the best linked pair. `budget` counts the pairs related.
ClusterRelation RelateMembers(const Knowledge& k, const Interned& in,
                              const std::vector<uint32_t>& x, const std::vector<uint32_t>& y,
                              bool dated_link, size_t& budget) {
  ClusterRelation r;
  for (uint32_t i : x) {
    for (uint32_t j : y) {
      ++budget;
      const Interned::Facts &a = in.facts[i], &b = in.facts[j];
      const PairRelation p = RelateFacts(k, in, a, b, a.article == b.article, dated_link);
      if (!p.compatible) return {false, false, 0};
      if (p.link && (!r.link || p.score > r.score)) r.link = true, r.score = p.score;
    }
  }
  return r;
}

bool SameRelation(const ClusterRelation& a, const ClusterRelation& b) {
  // An incompatible pair never merges, nor does any cluster holding it.
  if (!a.compatible || !b.compatible) return a.compatible == b.compatible;
  return a.link == b.link && (!a.link || a.score == b.score);
}

// Twins beyond CollapseTwins's: starting clusters (of one component, `part`)
// with the same set of mention signatures, in two or more articles, which
// are compatible with one another and link at score s (their best linked
// pair of signatures across articles), and which either
//   (a) dominate: no mention of theirs links to a mention of any other
//       cluster of the component at s or higher; twins of one article must
//       then be compatible as from one article too; or
//   (b) are alike: their articles are distinct, and every other cluster
//       relates to all of them in the same way (compatibility, link, score);
//       only a cluster sharing an article with a twin can fail this, so only
//       those are related.
// Unlike CollapseTwins's twins, their articles may hold other clusters of
// the component: a summit and a bilateral meeting on its side, reported
// together by a thousand articles. Merges each set into its first member, in
// place (the order of the rest is kept); the collapsed clusters are what the
// next sets are checked against, and a second round takes the sets that
// became alike in the first (the meetings, once the summits are one cluster).
//
// Why (a) changes nothing: two twins relate as their signatures do, alike up
// to the article of the pair (and compatible either way), and twins of
// different articles score s. A cluster holding no twin scores below s with
// any cluster holding only twins (a cluster pair scores its best linked pair
// of mentions), so above s no twin takes part in a merge, and at s a twin
// merges only with twins: a union of twins is compatible with every other
// twin and, once it spans two articles, scores s with each, so the queue
// holds pairs of them at s until one cluster holds them all, at the place of
// the first. Merges of other clusters at s do not depend on these. So after
// the level s the state is the one that starts with the twins merged.
// Why (b) changes nothing: CollapseTwins's proof, which needs only that the
// twins relate alike to every other cluster (and a union of clusters relates
// to a twin as its parts combined, so alike too) and that no pair involving a
// twin scores above s (a signature scores highest with itself).
//
// Cost: (a) relates each twin signature to the component's signatures that
// share a participant (or its country) with it, as the clustering's blocking
// finds them; (b) relates the clusters of the twins' articles to the twins
// they share an article with and to one other twin. At most kBudget mention
// pairs in all, after which the remaining sets are left alone (the
// clustering is the same, only slower).
void CollapseMoreTwins(const Knowledge& k, const Interned& in,
                       std::vector<std::vector<uint32_t>>& part, bool dated_link) {
  constexpr size_t kMaxTwinSignatures = 32;  // a bigger set is left alone
  constexpr size_t kBudget = size_t(1) << 26;
  size_t spent = 0;
  for (int round = 0; round < 2 && part.size() >= 3 && spent < kBudget; ++round) {
    // The distinct signatures of the component: a representative mention
    // each, and in how many clusters each occurs.
    std::vector<std::pair<Signature, uint32_t>> all;  // (signature, mention)
    for (const auto& c : part) {
      for (uint32_t i : c) all.emplace_back(SignatureOf(in.facts[i]), i);
    }
    std::sort(all.begin(), all.end());
    std::vector<uint32_t> rep;  // signature id -> a mention
    std::vector<Signature> sig_of;
    for (size_t i = 0; i < all.size(); ++i) {
      if (i == 0 || all[i].first != all[i - 1].first) {
        rep.push_back(all[i].second);
        sig_of.push_back(all[i].first);
      }
    }
    all = {};
    const size_t nsig = rep.size();
    // Per cluster: its signature ids (sorted, unique) and its articles.
    struct Candidate {
      std::vector<uint32_t> sigs, articles;
      uint32_t cluster;
    };
    std::vector<Candidate> candidates;
    std::vector<uint32_t> clusters_with(nsig, 0);
    std::vector<std::pair<uint32_t, uint32_t>> by_article;  // (article, cluster)
    for (uint32_t c = 0; c < part.size(); ++c) {
      Candidate cand{{}, {}, c};
      for (uint32_t i : part[c]) {
        const Signature sig = SignatureOf(in.facts[i]);
        cand.sigs.push_back(
            uint32_t(std::lower_bound(sig_of.begin(), sig_of.end(), sig) - sig_of.begin()));
        cand.articles.push_back(in.facts[i].article);
      }
      for (auto* v : {&cand.sigs, &cand.articles}) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
      }
      for (uint32_t sig : cand.sigs) ++clusters_with[sig];
      for (uint32_t a : cand.articles) by_article.emplace_back(a, c);
      if (cand.sigs.size() <= kMaxTwinSignatures) candidates.push_back(std::move(cand));
    }
    std::sort(by_article.begin(), by_article.end());
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& x, const Candidate& y) { return x.sigs < y.sigs; });
    // Signatures by block key (a participant or its country; undated: the
    // participant set): a mention links only to one that shares a key.
    std::vector<std::pair<uint32_t, uint32_t>> keyed;  // (key, signature id)
    std::vector<uint32_t> keys, one(1);
    for (uint32_t sig = 0; sig < nsig; ++sig) {
      one[0] = rep[sig];
      BlockKeys(in, one, dated_link, keys);
      for (uint32_t key : keys) keyed.emplace_back(key, sig);
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<uint32_t> stamp(nsig, 0);
    uint32_t stamp_round = 0;
    std::vector<uint32_t> owner(part.size());  // cluster -> the cluster it was merged into
    std::iota(owner.begin(), owner.end(), 0);
    std::vector<uint32_t> cluster_stamp(part.size(), 0);
    bool any = false;
    for (size_t i = 0; i < candidates.size() && spent < kBudget;) {
      size_t j = i + 1;
      while (j < candidates.size() && candidates[j].sigs == candidates[i].sigs) ++j;
      const size_t m = j - i;
      const std::vector<uint32_t>& sigs = candidates[i].sigs;
      const size_t first_of_set = i;
      i = j;
      if (m < 2) continue;
      std::vector<uint32_t> arts;
      for (size_t t = first_of_set; t < j; ++t) {
        arts.insert(arts.end(), candidates[t].articles.begin(), candidates[t].articles.end());
      }
      std::sort(arts.begin(), arts.end());
      if (arts.front() == arts.back()) continue;  // one article
      const bool shared = std::adjacent_find(arts.begin(), arts.end()) != arts.end();
      // The twins' own relation: compatible, scoring s across articles; and,
      // when two of them share an article, compatible and linked so too.
      bool compatible = true, compatible_in_article = true, link = false, link_in_article = false;
      double s = 0;
      for (size_t x = 0; x < sigs.size() && compatible; ++x) {
        for (size_t y = x; y < sigs.size() && compatible; ++y) {
          const Interned::Facts &fx = in.facts[rep[sigs[x]]], &fy = in.facts[rep[sigs[y]]];
          const PairRelation r = RelateFacts(k, in, fx, fy, false, dated_link);
          compatible = r.compatible;
          if (shared) {
            const PairRelation q = RelateFacts(k, in, fx, fy, true, dated_link);
            compatible_in_article = compatible_in_article && q.compatible;
            link_in_article = link_in_article || q.link;
          }
          if (r.link && (!link || r.score > s)) s = r.score;
          link = link || r.link;
        }
      }
      if (!compatible || !link) continue;
      // The live twins (cluster, its articles), in index order.
      std::vector<std::pair<uint32_t, const std::vector<uint32_t>*>> twins;
      for (size_t t = first_of_set; t < j; ++t) {
        twins.emplace_back(candidates[t].cluster, &candidates[t].articles);
      }
      auto merge_into = [&](uint32_t into, uint32_t c) {
        part[into].insert(part[into].end(), part[c].begin(), part[c].end());
        part[c] = {};
        owner[c] = into;
        any = true;
      };
      bool distinct = !shared;
      if (shared && compatible_in_article && link_in_article &&
          std::all_of(twins.begin(), twins.end(), [](const auto& t) { return t.second->size() == 1; })) {
        // Twins of one article relate alike to every other cluster (the same
        // signatures, the same article) and link to each other, so whatever
        // takes one of them takes the other at once (it is compatible and
        // scores as much): they are merged first, into the first of them.
        // Then every article has one twin.
        std::stable_sort(twins.begin(), twins.end(), [](const auto& x, const auto& y) {
          return x.second->front() < y.second->front();
        });
        std::vector<std::pair<uint32_t, const std::vector<uint32_t>*>> kept;
        for (size_t t = 0; t < twins.size();) {
          size_t u = t + 1;
          while (u < twins.size() && twins[u].second->front() == twins[t].second->front()) ++u;
          for (size_t v = t + 1; v < u; ++v) merge_into(twins[t].first, twins[v].first);
          std::sort(part[twins[t].first].begin(), part[twins[t].first].end());
          kept.push_back(twins[t]);
          t = u;
        }
        std::sort(kept.begin(), kept.end());
        twins = std::move(kept);
        distinct = true;
      }
      // (a) Dominance: no mention of another cluster links to a twin's at s or more.
      bool ok = !shared || compatible_in_article;
      for (size_t x = 0; x < sigs.size() && ok; ++x) {
        one[0] = rep[sigs[x]];
        BlockKeys(in, one, dated_link, keys);
        ++stamp_round;
        for (uint32_t key : keys) {
          auto it = std::lower_bound(keyed.begin(), keyed.end(), std::make_pair(key, uint32_t{0}));
          for (; ok && it != keyed.end() && it->first == key; ++it) {
            const uint32_t other = it->second;
            if (stamp[other] == stamp_round) continue;
            stamp[other] = stamp_round;
            // A signature only the twins have is no other cluster's.
            if (clusters_with[other] == m && std::binary_search(sigs.begin(), sigs.end(), other)) {
              continue;
            }
            for (bool same_article : {false, true}) {
              ++spent;
              const PairRelation r = RelateFacts(k, in, in.facts[one[0]], in.facts[rep[other]],
                                                 same_article, dated_link);
              if (r.link && r.score >= s) ok = false;
            }
          }
          if (!ok) break;
        }
      }
      // (b) Alike: every cluster of a twin's article relates to the twins it
      // shares an article with as to a twin it does not.
      if (!ok && distinct && twins.size() >= 2) {
        ok = true;
        std::vector<std::pair<uint32_t, uint32_t>> twin_articles;  // (article, twin cluster)
        ++stamp_round;
        for (const auto& [c, twin_arts] : twins) {
          for (uint32_t a : *twin_arts) twin_articles.emplace_back(a, c);
          cluster_stamp[c] = stamp_round;
        }
        std::sort(twin_articles.begin(), twin_articles.end());
        std::vector<uint32_t> others;  // live clusters sharing an article with a twin
        for (const auto& [a, twin] : twin_articles) {
          auto it = std::lower_bound(by_article.begin(), by_article.end(), std::make_pair(a, uint32_t{0}));
          for (; it != by_article.end() && it->first == a; ++it) {
            uint32_t c = it->second;
            while (owner[c] != c) c = owner[c];
            if (cluster_stamp[c] == stamp_round) continue;
            cluster_stamp[c] = stamp_round;
            others.push_back(c);
          }
        }
        std::sort(others.begin(), others.end());
        for (size_t o = 0; o < others.size() && ok && spent < kBudget; ++o) {
          const std::vector<uint32_t>& x = part[others[o]];
          std::vector<uint32_t> x_articles;
          for (uint32_t mi : x) x_articles.push_back(in.facts[mi].article);
          std::sort(x_articles.begin(), x_articles.end());
          x_articles.erase(std::unique(x_articles.begin(), x_articles.end()), x_articles.end());
          // The twins it shares an article with, and one it does not.
          std::vector<uint32_t> near;
          uint32_t far = UINT32_MAX;
          for (const auto& [c, twin_arts] : twins) {
            if (!std::any_of(twin_arts->begin(), twin_arts->end(), [&](uint32_t a) {
                  return std::binary_search(x_articles.begin(), x_articles.end(), a);
                })) {
              far = c;
              break;
            }
          }
          for (uint32_t a : x_articles) {
            auto it = std::lower_bound(twin_articles.begin(), twin_articles.end(),
                                       std::make_pair(a, uint32_t{0}));
            for (; it != twin_articles.end() && it->first == a; ++it) near.push_back(it->second);
          }
          std::sort(near.begin(), near.end());
          near.erase(std::unique(near.begin(), near.end()), near.end());
          const uint32_t reference = far != UINT32_MAX ? far : near.front();
          const ClusterRelation want = RelateMembers(k, in, x, part[reference], dated_link, spent);
          for (uint32_t t : near) {
            if (t == reference) continue;
            if (!SameRelation(want, RelateMembers(k, in, x, part[t], dated_link, spent))) {
              ok = false;
              break;
            }
          }
        }
        ok = ok && spent < kBudget;
      }
      if (!ok) continue;
      // The twins are in index order: the first is the smallest.
      const uint32_t into = twins.front().first;
      for (size_t t = 1; t < twins.size(); ++t) merge_into(into, twins[t].first);
      std::sort(part[into].begin(), part[into].end());
    }
    if (!any) break;
    DropMerged(part, [&](size_t c) { return owner[c] != c; });
  }
}

}  // namespace

std::vector<std::vector<uint32_t>> Agglomerate(const Knowledge& k, const Interned& in,
                                               std::vector<std::vector<uint32_t>> groups,
                                               bool dated_link, unsigned threads,
                                               const std::vector<uint8_t>& settled) {
  // Connected components of the graph whose edges are the linked, compatible
  // pairs of starting clusters. Clusters never grow across components: two
  // clusters merge only when some pair of their mentions links and all are
  // compatible, which makes the two starting clusters holding that pair an
  // edge. So the components can be clustered one by one, and the clustering
  // of one does not depend on the others (the queue order restricted to a
  // component is the order of the component's own queue, the relative order
  // of cluster indices being kept). A pair already in one component needs no
  // comparing, so a hub's component costs about one comparison per member
  // instead of one per pair (its candidate pairs are still visited, at two
  // lookups each).
  const size_t n = groups.size();
  // One cluster (as for many single articles in extract) has none to merge with.
  if (n <= 1) return groups;
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  // The signatures and the relator (a memo) are made when a first pair is
  // related: the few groups of one article (extract) often have none.
  std::optional<SignatureIndex> index;
  std::optional<Relator> relator;
  auto find = [&](uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  // The groups' summaries, made when a group is first related, one after
  // another in one flat array (a group's signatures, then its items): most
  // groups are a mention or two, and a pair of vectors each cost more in
  // allocation than the summary itself.
  struct Span {
    uint32_t begin = UINT32_MAX, sigs = 0, items = 0;
  };
  std::vector<std::pair<uint32_t, uint32_t>> flat;
  std::vector<Span> spans;
  Relator::Summary scratch;
  auto summarize = [&](uint32_t g) {
    Span& s = spans[g];
    if (s.begin != UINT32_MAX) return;
    s.begin = uint32_t(flat.size());
    if (groups[g].size() == 1) {
      const auto [sig, article] = index->ids[groups[g].front()];
      flat.emplace_back(sig, article);
      flat.emplace_back(article, sig);
      s.sigs = s.items = 1;
      return;
    }
    relator->Summarize(groups[g], scratch);
    flat.insert(flat.end(), scratch.sigs.begin(), scratch.sigs.end());
    flat.insert(flat.end(), scratch.items.begin(), scratch.items.end());
    s.sigs = uint32_t(scratch.sigs.size());
    s.items = uint32_t(scratch.items.size());
  };
  auto summary = [&](uint32_t g) {
    const Span& s = spans[g];
    const auto* p = flat.data() + s.begin;
    return Relator::SummaryView{{p, s.sigs}, {p + s.sigs, s.items}};
  };
  const std::vector<uint8_t> done = SettledClusters(settled, groups);
  // ForEachCandidate finds a cluster's pairs one after another: g's root is
  // looked up once for all of them, again only when a union made it a root
  // no more (a root stays the root of all its tree's members).
  uint32_t last_g = UINT32_MAX, root_g = 0;
  bool joined = false;  // some union made
  ForEachCandidate(k, in, groups, dated_link, [&](uint32_t g, uint32_t x) {
    if (done[g] && done[x]) return;
    if (g != last_g || parent[root_g] != root_g) {
      last_g = g;
      root_g = find(g);
    }
    const uint32_t rg = root_g, rx = find(x);
    if (rg == rx) return;
    if (!relator) {
      relator.emplace(k, in, index.emplace(in, groups), dated_link);
      spans.resize(n);
    }
    // Both made before either is viewed: making one may move the array.
    summarize(g);
    summarize(x);
    const ClusterRelation r = relator->Relate(summary(g), summary(x));
    if (r.compatible && r.link) {
      parent[std::max(rg, rx)] = std::min(rg, rx);
      joined = true;
    }
  });
  // No two clusters link (as for most articles' few groups in extract):
  // each is its own component, and the clusters are the groups, sorted by
  // first member as below.
  auto by_front = [](const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
    return a.front() < b.front();
  };
  if (!joined && std::is_sorted(groups.begin(), groups.end(), by_front)) return groups;
  flat = {};
  spans = {};
  // Members of each component, in index order; a component is listed under
  // its root (its smallest index, since the smaller root is kept).
  std::vector<uint32_t> start(n + 1, 0), order(n);
  for (uint32_t g = 0; g < n; ++g) ++start[find(g) + 1];
  for (size_t g = 0; g < n; ++g) start[g + 1] += start[g];
  {
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (uint32_t g = 0; g < n; ++g) order[fill[find(g)]++] = g;
  }
  std::vector<std::vector<uint32_t>> out;
  // Components of more than one cluster are clustered on the worker threads,
  // each with its own Relator (a memo, which never changes a result), so
  // each component's clusters are the same whatever the number of threads.
  std::vector<uint32_t> roots;
  for (uint32_t root = 0; root < n; ++root) {
    const uint32_t size = start[root + 1] - start[root];
    if (size == 1) {
      out.push_back(std::move(groups[root]));
    } else if (size > 1) {
      roots.push_back(root);
    }
  }
  // Largest first, so that a hub does not start last.
  std::stable_sort(roots.begin(), roots.end(), [&](uint32_t a, uint32_t b) {
    return start[a + 1] - start[a] > start[b + 1] - start[b];
  });
  std::vector<std::vector<std::vector<uint32_t>>> parts(roots.size());
  std::vector<std::unique_ptr<Relator>> relators(std::max(1u, threads));
  ParallelFor(roots.size(), threads, [&](size_t item, unsigned worker) {
    const uint32_t root = roots[item];
    std::vector<uint32_t> members(order.begin() + start[root], order.begin() + start[root + 1]);
    std::vector<std::vector<uint32_t>>& result = parts[item];
    if (AllCompatible(k, in, groups, members)) {
      // Every two of its clusters are compatible, and while it is split in
      // two or more some edge crosses the split, so some pair of clusters
      // still links: complete linkage ends only with the whole component.
      std::vector<uint32_t> all;
      for (uint32_t g : members) all.insert(all.end(), groups[g].begin(), groups[g].end());
      std::sort(all.begin(), all.end());
      result.push_back(std::move(all));
      return;
    }
    std::vector<std::vector<uint32_t>> part;
    part.reserve(members.size());
    for (uint32_t g : members) part.push_back(std::move(groups[g]));
    CollapseTwins(k, in, part, dated_link);
    CollapseMoreTwins(k, in, part, dated_link);
    // The calling thread (worker 0) keeps the Relator of the components' search.
    if (worker > 0 && !relators[worker]) {
      relators[worker] = std::make_unique<Relator>(k, in, *index, dated_link);
    }
    result = AgglomerateExactWith(worker == 0 ? *relator : *relators[worker], k, in,
                                  std::move(part), dated_link, settled);
  });
  for (auto& p : parts) {
    for (auto& c : p) out.push_back(std::move(c));
  }
  // Clusters are disjoint and non-empty: sorted by first member, as
  // AgglomerateExact returns them.
  std::sort(out.begin(), out.end(), by_front);
  return out;
}

}  // namespace timeline::merge::detail
