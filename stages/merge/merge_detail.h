// SPDX-License-Identifier: Apache-2.0
// merge internals shared by merge.cc, cluster.cc and summarize.cc; not a public header.
#pragma once

#include <climits>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "pipeline/compact.h"
#include "pipeline/event.h"
#include "pipeline/parallel.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::merge::detail {

using timeline::ParallelFor;

// What the merge knows, loaded from rule data by Merger::Load; immutable after.
struct Knowledge {
  // (specific, general) pairs of compatible distinct types: "a summit is
  // also a meeting". A handful of rows, scanned linearly.
  std::vector<std::pair<std::string, std::string>> also;
  // Hashed and looked up by string_view (they are only looked up, never
  // walked in order: each mention's names are looked up once per merge).
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <class V>
  using NameMap = std::unordered_map<std::string, V, NameHash, std::equal_to<>>;
  using NameSet = std::unordered_set<std::string, NameHash, std::equal_to<>>;
  // type -> title template; "*" is the fallback.
  NameMap<std::string> titles;
  // Canonical actor -> the canonical name of its country (from
  // mentions/data/actors.tsv); countries map to themselves.
  NameMap<std::string> country_of;
  NameSet countries;  // canonical names of kind "country"
  // Canonical place -> the wider area it lies in (merge/data/areas.tsv):
  // two places of one area may both be named for one event.
  NameMap<std::string> area_of;
  NameSet groups;     // kind "group" or "org": G20, NATO

  int date_tolerance_days = 1;
  int max_title_names = 4;
  double max_confidence = 0.99;
  double conflict_penalty = 0.9;
  int undated_window_days = 31;
  int undated_reach_days = 366;
  int sharp_within_days = 7;
  int vague_after_days = 31;

  bool TypesCompatible(std::string_view a, std::string_view b) const;
  // True when a row says `specific` is also `general`.
  bool MoreSpecific(std::string_view specific, std::string_view general) const;
  bool IsCountry(std::string_view name) const { return countries.find(name) != countries.end(); }
  bool IsGroup(std::string_view name) const { return groups.find(name) != groups.end(); }
  // The country of an actor or place, or "" when unknown.
  std::string_view CountryOf(std::string_view name) const;
  // The area of a place, or "" when none is listed.
  std::string_view AreaOf(std::string_view name) const;

  // CountryOf, AreaOf, IsCountry and IsGroup of a name at once: one lookup
  // in the index that Index() makes of the tables above once they are
  // complete (Load calls it), four lookups in the tables without it.
  struct NameFacts {
    std::string_view country, area;
    bool is_country = false, is_group = false;
  };
  NameFacts Facts(std::string_view name) const;
  void Index();
  struct IndexEntry {
    std::string country, area;
    bool is_country = false, is_group = false;
  };
  NameMap<IndexEntry> index;  // every name of the tables
  bool indexed = false;

  // The title template of a type (the type's row of `titles`, else "*",
  // else the built-in one) and whether it is plain (sections that open and
  // close in turn, each field closed: written in place): one lookup of the
  // type in the table IndexTitles() makes of `titles` once it is complete
  // (Load calls it); without it, looked up and scanned per title.
  struct TitleEntry {
    std::string tmpl;
    bool plain = false;
  };
  NameMap<TitleEntry> title_index;
  TitleEntry title_fallback;
  bool titles_indexed = false;
  void IndexTitles();
};

// How two participant lists relate. Names match when equal, or when one is a
// country and the other is an actor of that country ("China" ~ "Xi Jinping").
// They link when one side is covered by the other, when they share two
// names, or when they share a group ("G20;Joe Biden" ~ "G20;Xi Jinping":
// the G20's summit, attended by both).
struct ParticipantRelation {
  bool neutral = false;     // one side is empty: no evidence either way
  bool link = false;        // they overlap enough to be the same event
  double jaccard = 0;       // matched / (|a| + |b| - matched), by matched names
};
ParticipantRelation RelateParticipants(const Knowledge& k, const std::vector<std::string>& a,
                                       const std::vector<std::string>& b);

// True when two places can be the same place: equal, one empty, or a place
// and the country that holds it (or whose country is unknown).
bool LocationsCompatible(const Knowledge& k, std::string_view a, std::string_view b);

// The merge's view of the mentions for relating pairs: every name, type,
// place and article interned to an integer once, so that relating two
// mentions compares integers (names are numbered in sorted order, so sorted
// name lists stay sorted as id lists) and a name's country is an array
// lookup. Built by Intern() from the canonical, sorted mentions.
struct Interned {
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Facts {
    uint32_t article = 0;
    uint32_t type = 0;
    uint32_t location = kNone;  // kNone: unknown
    uint32_t participants = 0;  // [participants, participants_end) in `pool`
    uint32_t participants_end = 0;
    uint32_t participant_set = 0;  // equal lists, equal ids
    DateValue date;
    bool dct_known = false;        // dct parsed as a day
    date::sys_days dct_day{};
  };
  // Names are numbered by their place among the mentions' names (and
  // their countries) sorted, unique.
  std::vector<uint32_t> country;         // name id -> its country's name id, or kNone
  std::vector<uint8_t> is_country, is_group;
  std::vector<uint32_t> area;            // name id -> its area's number, or kNone
  size_t type_count = 0;
  std::vector<uint8_t> types_compatible;  // type_count x type_count
  std::vector<uint32_t> pool;
  std::vector<Facts> facts;              // one per mention

  bool NamesMatch(uint32_t x, uint32_t y) const {
    return x == y || (is_country[x] && country[y] == x) || (is_country[y] && country[x] == y);
  }
  bool TypesCompatible(uint32_t a, uint32_t b) const {
    return types_compatible[size_t(a) * type_count + b] != 0;
  }
  const uint32_t* begin(const Facts& f) const { return pool.data() + f.participants; }
  const uint32_t* end(const Facts& f) const { return pool.data() + f.participants_end; }
};

// From the canonical, sorted mentions of a table (participant lists sorted
// by name, unique, without "").
Interned Intern(const Knowledge& k, const MentionTable& mentions);

// A mention's signature: the facts that decide how it relates to another
// mention, given whether the two come from one article (RelateFacts): type,
// place, participants, dates, and the DCT of an undated mention (dated
// mentions never compare their DCTs). Equal signatures relate alike.
using Signature = std::tuple<uint32_t, uint32_t, uint32_t, int32_t, int32_t, int32_t, int32_t>;
Signature SignatureOf(const Interned::Facts& f);

// The relation of two mentions for clustering.
struct PairRelation {
  bool compatible = false;  // nothing contradicts them being one event
  bool link = false;        // positive evidence that they are one event
  double score = 0;         // how alike they are (higher merges first)
};
// dated_link: when true, a link needs both mentions dated (the dated pass);
// when false, a link needs equal non-empty participant lists (undated pass).
// Compatibility of types (data/type_compat.tsv), dates (overlapping, or day
// dates from different articles at most date_tolerance_days apart), places
// (LocationsCompatible), participants (RelateParticipants), and undated
// reports published at most undated_window_days apart.
PairRelation RelateMentions(const Knowledge& k, const Interned& in, uint32_t a, uint32_t b,
                            bool dated_link);

// Deterministic agglomerative clustering with complete linkage: starts from
// `groups` (must-link sets of mention indices, each sorted, the list sorted
// by first member) and repeatedly merges the two clusters with the highest
// link score whose every cross pair of mentions is compatible. Ties go to
// the pair of clusters that come first in canonical order. Returns the
// clusters, each sorted, the list sorted by first member.
//
// Agglomerate splits the work into the connected components of the linked,
// compatible pairs of starting clusters and collapses a component whose
// mentions are all compatible across clusters into one cluster directly (the
// clustering cannot end otherwise); the other components go through
// AgglomerateExact, the clustering as stated above (after merging "twin"
// groups, which it would put together anyway), which keeps every linked pair
// of clusters and so is quadratic in a component's size. Both return the
// clusters of the statement above (merge_test checks Agglomerate against a
// plain complete-linkage clustering on random hubs).
//
// The components are clustered on up to `threads` threads; the result does
// not depend on their number.
//
// `settled` (per mention; empty: none) marks the mentions of the clusters an
// earlier Agglomerate ended with, passed again among `groups` (with new
// groups beside them): two such clusters never link while compatible, so
// their pairs are not related again. The result is the same as without it.
std::vector<std::vector<uint32_t>> Agglomerate(const Knowledge& k, const Interned& in,
                                               std::vector<std::vector<uint32_t>> groups,
                                               bool dated_link, unsigned threads = 1,
                                               const std::vector<uint8_t>& settled = {});
std::vector<std::vector<uint32_t>> AgglomerateExact(const Knowledge& k, const Interned& in,
                                                    std::vector<std::vector<uint32_t>> groups,
                                                    bool dated_link);
// AgglomerateExact with 32-bit cluster indices in its pair records whatever
// the number of clusters (below 65535 it uses 16-bit ones: 8-byte records
// instead of 12), so that tests cover both.
// AgglomerateExact in a matrix of pair cells (what it does for a dense
// component, whatever the density), so that tests cover it on any input;
// components whose scores may not fit a cell go to AgglomerateExact.
std::vector<std::vector<uint32_t>> AgglomerateExactDense(const Knowledge& k, const Interned& in,
                                                         std::vector<std::vector<uint32_t>> groups,
                                                         bool dated_link);
std::vector<std::vector<uint32_t>> AgglomerateExactWide(const Knowledge& k, const Interned& in,
                                                        std::vector<std::vector<uint32_t>> groups,
                                                        bool dated_link);

// The names without the countries one of whose people is also named: a
// country stands for a side only when no person is named for it
// ("Joe Biden;United States;Xi Jinping" -> "Joe Biden;Xi Jinping").
std::vector<std::string> WithoutRepresentedCountries(const Knowledge& k,
                                                     const std::vector<std::string>& names);
// The same on views (into the names given); the order is kept.
std::vector<std::string_view> WithoutRepresentedCountries(
    const Knowledge& k, const std::vector<std::string_view>& names);

// Builds the event for one cluster of canonical mentions of `t` (record
// indices, sorted; the records in MentionLess order, as MergeCompact sorts
// them, so that each article's members are one run and the runs come in
// article order): what the Event of merge.h holds, with the table's ids.
// Reads `t` only, so clusters may be summarized on several threads.
CompactEvent Summarize(const Knowledge& k, const MentionTable& t,
                       std::span<const uint32_t> members);

// The title of an event from the type's template (merge/data/titles.tsv).
std::string MakeTitle(const Knowledge& k, std::string_view type,
                      const std::vector<std::string>& participants, std::string_view location);
std::string MakeTitle(const Knowledge& k, std::string_view type,
                      const std::vector<std::string_view>& participants, std::string_view location);

// Total order on canonical mentions (article, start, end, group, type,
// trigger, participants, location, status, date, confidence, sentence, url,
// rule, date_text, date_reason, dct, dct_source): equal only when identical.
bool MentionLess(const EventMention& a, const EventMention& b);
// The same order on a table's records, read from their strings (SortMentions
// compares most pairs by the article's rank and the offsets first).
struct RecordViewOrder {
  const MentionTable& table;
  bool operator()(const CompactMention& a, const CompactMention& b) const;
};

}  // namespace timeline::merge::detail
