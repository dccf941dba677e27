// SPDX-License-Identifier: Apache-2.0
// merge: how two mentions relate, and the deterministic agglomerative clustering.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>
#include <queue>
#include <tuple>

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
  return false;
}

PairRelation RelateMentions(const Knowledge& k, const EventMention& a, const EventMention& b,
                            bool dated_link) {
  // Cheapest checks first; the participants (string matching) last.
  PairRelation r;
  if (!k.TypesCompatible(a.type, b.type)) return r;
  const bool same_article = a.article == b.article;
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
  if (!a.date.dated() && !b.date.dated() && !same_article && !a.dct.empty() && !b.dct.empty()) {
    // Undated reports published far apart are likely about different events.
    auto da = DateValue::ParseIsoDay(a.dct), db = DateValue::ParseIsoDay(b.dct);
    if (da && db && std::abs((*da - *db).count()) > k.undated_window_days) return r;
  }
  if (!LocationsCompatible(k, a.location, b.location)) return r;
  const ParticipantRelation p = RelateParticipants(k, a.participants, b.participants);
  if (!p.neutral && !p.link) return r;
  r.compatible = true;
  if (dated_link) {
    r.link = p.link && both_dated;
  } else {
    r.link = !a.participants.empty() && a.participants == b.participants;
  }
  r.score = p.jaccard + date_score + (a.type == b.type ? 0.25 : 0) +
            (!a.location.empty() && a.location == b.location ? 0.25 : 0) -
            (same_article ? 1.0 : 0);
  return r;
}

namespace {

struct ClusterRelation {
  bool compatible = true;
  bool link = false;
  double score = 0;
};

ClusterRelation RelateClusters(const Knowledge& k, const std::vector<EventMention>& mentions,
                               const std::vector<uint32_t>& a, const std::vector<uint32_t>& b,
                               bool dated_link) {
  ClusterRelation r;
  for (uint32_t i : a) {
    for (uint32_t j : b) {
      PairRelation p = RelateMentions(k, mentions[i], mentions[j], dated_link);
      if (!p.compatible) {
        r.compatible = false;
        return r;
      }
      if (p.link && (!r.link || p.score > r.score)) {
        r.link = true;
        r.score = p.score;
      }
    }
  }
  return r;
}

// Blocking: two clusters can only link when they share a key. In the dated
// pass the keys are participants and their countries; in the undated pass
// the whole participant list.
std::vector<std::string> BlockKeys(const Knowledge& k, const std::vector<EventMention>& mentions,
                                   const std::vector<uint32_t>& members, bool dated_link) {
  std::vector<std::string> keys;
  for (uint32_t i : members) {
    const EventMention& m = mentions[i];
    if (m.participants.empty()) continue;
    if (dated_link) {
      if (!m.date.dated()) continue;
      for (const auto& p : m.participants) {
        keys.push_back(p);
        std::string_view c = k.CountryOf(p);
        if (!c.empty()) keys.emplace_back(c);
      }
    } else {
      std::string key;
      for (const auto& p : m.participants) key.append(p).push_back('\x1f');
      keys.push_back(std::move(key));
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

struct DaySpan {
  date::sys_days first{}, last{};
  bool dated = false;
};

DaySpan DateSpan(const std::vector<EventMention>& mentions, const std::vector<uint32_t>& members) {
  DaySpan s;
  for (uint32_t i : members) {
    const DateValue& d = mentions[i].date;
    if (!d.dated()) continue;
    if (!s.dated || d.first < s.first) s.first = d.first;
    if (!s.dated || d.last > s.last) s.last = d.last;
    s.dated = true;
  }
  return s;
}

struct QueueEntry {
  double score;
  uint32_t a, b;  // a < b
  uint32_t version_a, version_b;
};

struct QueueOrder {
  // std::priority_queue pops the greatest: highest score, then smallest (a, b).
  bool operator()(const QueueEntry& x, const QueueEntry& y) const {
    if (x.score != y.score) return x.score < y.score;
    return std::tie(x.a, x.b) > std::tie(y.a, y.b);
  }
};

}  // namespace

std::vector<std::vector<uint32_t>> Agglomerate(const Knowledge& k,
                                               const std::vector<EventMention>& mentions,
                                               std::vector<std::vector<uint32_t>> groups,
                                               bool dated_link) {
  const size_t n = groups.size();
  // Candidate pairs from shared block keys (and, when dated, overlapping spans).
  std::map<std::string, std::vector<uint32_t>> blocks;
  std::vector<DaySpan> spans(n);
  for (uint32_t g = 0; g < n; ++g) {
    for (auto& key : BlockKeys(k, mentions, groups[g], dated_link)) blocks[key].push_back(g);
    spans[g] = DateSpan(mentions, groups[g]);
  }
  const date::days tolerance{k.date_tolerance_days};
  // Each block sorted by (span start, index): a pair is found from its
  // earlier member, in every block the same one, so a stamp per member
  // removes the pairs found again through another shared key.
  std::vector<std::vector<std::pair<const std::vector<uint32_t>*, size_t>>> positions(n);
  for (auto& [key, list] : blocks) {
    if (dated_link) {
      std::sort(list.begin(), list.end(), [&](uint32_t x, uint32_t y) {
        return std::tie(spans[x].first, x) < std::tie(spans[y].first, y);
      });
    }
    for (size_t i = 0; i < list.size(); ++i) positions[list[i]].emplace_back(&list, i);
  }

  // Linked, compatible neighbours of each cluster, with their scores.
  std::vector<std::map<uint32_t, double>> neighbours(n);
  std::priority_queue<QueueEntry, std::vector<QueueEntry>, QueueOrder> queue;
  std::vector<uint32_t> version(n, 0);
  std::vector<uint32_t> stamp(n, 0);
  for (uint32_t g = 0; g < n; ++g) {
    for (auto [list, pos] : positions[g]) {
      for (size_t j = pos + 1; j < list->size(); ++j) {
        const uint32_t x = (*list)[j];
        if (dated_link && spans[x].first > spans[g].last + tolerance) break;
        if (stamp[x] == g + 1) continue;
        stamp[x] = g + 1;
        ClusterRelation r = RelateClusters(k, mentions, groups[g], groups[x], dated_link);
        if (!r.compatible || !r.link) continue;
        const uint32_t a = std::min(g, x), b = std::max(g, x);
        neighbours[a][b] = r.score;
        neighbours[b][a] = r.score;
        queue.push({r.score, a, b, 0, 0});
      }
    }
  }
  std::vector<bool> alive(n, true);
  while (!queue.empty()) {
    QueueEntry top = queue.top();
    queue.pop();
    if (!alive[top.a] || !alive[top.b] || version[top.a] != top.version_a ||
        version[top.b] != top.version_b)
      continue;
    // Merge b into a (a < b, so the survivor is the cluster that comes first).
    const uint32_t a = top.a, b = top.b;
    std::vector<uint32_t> merged;
    merged.reserve(groups[a].size() + groups[b].size());
    std::merge(groups[a].begin(), groups[a].end(), groups[b].begin(), groups[b].end(),
               std::back_inserter(merged));
    groups[a] = std::move(merged);
    groups[b].clear();
    alive[b] = false;
    ++version[a];
    std::vector<uint32_t> around;
    for (auto& [x, s] : neighbours[a]) around.push_back(x);
    for (auto& [x, s] : neighbours[b]) around.push_back(x);
    std::sort(around.begin(), around.end());
    around.erase(std::unique(around.begin(), around.end()), around.end());
    for (auto& [x, s] : neighbours[b]) neighbours[x].erase(b);
    neighbours[b].clear();
    neighbours[a].clear();
    for (uint32_t x : around) {
      if (x == a || x == b || !alive[x]) continue;
      neighbours[x].erase(a);
      ClusterRelation r = RelateClusters(k, mentions, groups[a], groups[x], dated_link);
      if (!r.compatible || !r.link) continue;
      neighbours[a][x] = r.score;
      neighbours[x][a] = r.score;
      const uint32_t lo = std::min(a, x), hi = std::max(a, x);
      queue.push({r.score, lo, hi, version[lo], version[hi]});
    }
  }
  std::vector<std::vector<uint32_t>> out;
  for (uint32_t g = 0; g < n; ++g) {
    if (alive[g]) out.push_back(std::move(groups[g]));
  }
  return out;
}

}  // namespace timeline::merge::detail
