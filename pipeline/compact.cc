// SPDX-License-Identifier: Apache-2.0
// Compact mentions and events: string and list pools, tables, materializing.
#include "pipeline/compact.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <numeric>

namespace timeline {

namespace {

// Chunks of string bytes: big enough that a run's few hundred thousand
// strings take a few hundred allocations, small enough that a per-article
// merge (extract) stays small. A string longer than a chunk gets its own.
constexpr size_t kFirstChunk = 4096;
constexpr size_t kMaxChunk = size_t{1} << 20;
// The first tables are sized for one article's strings (extract makes a
// table per article): growing them from one entry cost more than the
// strings.
constexpr size_t kFirstEntries = 32;

// The first chunk of the last pool this thread dropped, for its next pool.
std::unique_ptr<char[]>& SpareChunk() {
  thread_local std::unique_ptr<char[]> spare;
  return spare;
}

uint32_t HashBytes(const void* p, size_t n) { return uint32_t(XXH3_64bits(p, n)); }

// Open addressing with linear probing over `slots` (id + 1; 0 = free),
// kept at most half full. `equal(id)` says whether id holds the key.
template <class Equal>
uint32_t* Find(std::vector<uint32_t>& slots, uint32_t hash, const std::vector<uint32_t>& hashes,
               Equal equal) {
  const size_t mask = slots.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint32_t& s = slots[i];
    if (s == 0 || (hashes[s - 1] == hash && equal(s - 1))) return &s;
  }
}

void Rehash(std::vector<uint32_t>& slots, const std::vector<uint32_t>& hashes) {
  std::vector<uint32_t> bigger(slots.size() * 2, 0);
  const size_t mask = bigger.size() - 1;
  for (uint32_t id = 0; id < hashes.size(); ++id) {
    size_t i = hashes[id] & mask;
    while (bigger[i] != 0) i = (i + 1) & mask;
    bigger[i] = id + 1;
  }
  slots.swap(bigger);
}

}  // namespace

StringPool::StringPool() : slots_(2 * kFirstEntries, 0) {
  views_.reserve(kFirstEntries);
  hashes_.reserve(kFirstEntries);
  Intern("");
}

StringPool::~StringPool() {
  if (first_chunk_spare_ && !chunks_.empty()) SpareChunk() = std::move(chunks_.front());
}

void StringPool::Grow() { Rehash(slots_, hashes_); }

uint32_t StringPool::Intern(std::string_view s) {
  const uint32_t hash = HashBytes(s.data(), s.size());
  uint32_t* slot = Find(slots_, hash, hashes_, [&](uint32_t id) { return views_[id] == s; });
  if (*slot != 0) return *slot - 1;
  const char* bytes = "";
  if (!s.empty()) {
    if (s.size() > chunk_left_) {
      // A new chunk, twice the last one up to kMaxChunk (or the string's size).
      chunk_bytes_ = std::min(kMaxChunk, std::max(kFirstChunk, 2 * chunk_bytes_));
      const size_t n = std::max(chunk_bytes_, s.size());
      if (chunks_.empty() && n == kFirstChunk && SpareChunk()) {
        chunks_.push_back(std::move(SpareChunk()));
      } else {
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(n));  // not zeroed
      }
      if (chunks_.size() == 1) first_chunk_spare_ = n == kFirstChunk;
      chunk_at_ = chunks_.back().get();
      chunk_left_ = n;
    }
    std::memcpy(chunk_at_, s.data(), s.size());
    bytes = chunk_at_;
    chunk_at_ += s.size();
    chunk_left_ -= s.size();
  }
  const uint32_t id = uint32_t(views_.size());
  views_.emplace_back(bytes, s.size());
  hashes_.push_back(hash);
  *slot = id + 1;
  if (2 * views_.size() > slots_.size()) Grow();
  return id;
}

size_t StringPool::bytes() const {
  size_t n = 0;
  for (const auto& v : views_) n += v.size();
  return n + chunk_left_ + views_.capacity() * sizeof(std::string_view) +
         (hashes_.capacity() + slots_.capacity()) * sizeof(uint32_t);
}

ListPool::ListPool() : slots_(2 * kFirstEntries, 0) {
  items_.reserve(kFirstEntries);
  begin_.reserve(kFirstEntries);
  begin_.push_back(0);
  hashes_.reserve(kFirstEntries);
  Intern({});
}

void ListPool::Grow() { Rehash(slots_, hashes_); }

uint32_t ListPool::Intern(std::span<const uint32_t> items) {
  const uint32_t hash = HashBytes(items.data(), items.size_bytes());
  uint32_t* slot = Find(slots_, hash, hashes_, [&](uint32_t id) {
    auto l = list(id);
    return std::equal(l.begin(), l.end(), items.begin(), items.end());
  });
  if (*slot != 0) return *slot - 1;
  const uint32_t id = uint32_t(size());
  items_.insert(items_.end(), items.begin(), items.end());
  begin_.push_back(uint32_t(items_.size()));
  hashes_.push_back(hash);
  *slot = id + 1;
  if (2 * size() > slots_.size()) Grow();
  return id;
}

size_t ListPool::bytes() const {
  return (items_.capacity() + begin_.capacity() + hashes_.capacity() + slots_.capacity()) *
         sizeof(uint32_t);
}

uint32_t MentionTable::Add(const EventMention& m) {
  EventMentionRef r;
  r.article = m.article;
  r.url = m.url;
  r.group = m.group;
  r.type = m.type;
  r.participants = &m.participants;
  r.location = m.location;
  r.status = m.status;
  r.date = m.date;
  r.confidence = m.confidence;
  r.sentence = m.sentence;
  r.start = m.start;
  r.end = m.end;
  r.trigger = m.trigger;
  r.rule = m.rule;
  r.date_text = m.date_text;
  r.date_reason = m.date_reason;
  r.dct = m.dct;
  r.dct_source = m.dct_source;
  return Add(r);
}

uint32_t MentionTable::Add(const EventMentionRef& m) {
  // A mention's fields often repeat the previous record's (one article's
  // id, URL and DCT in each of its mentions, a sentence with two triggers,
  // the same type and rule): a field equal to the previous record's string
  // takes its id without hashing, the id Intern would return.
  const CompactMention prev = records_.empty() ? CompactMention{} : records_.back();
  auto intern = [&](std::string_view s, uint32_t hint) {
    return strings_.view(hint) == s ? hint : strings_.Intern(s);
  };
  CompactMention c;
  c.article = intern(m.article, prev.article);
  c.url = intern(m.url, prev.url);
  c.group = m.group;
  c.type = intern(m.type, prev.type);
  static const std::vector<std::string> kNone;
  const std::vector<std::string>& names = m.participants ? *m.participants : kNone;
  const std::span<const uint32_t> prev_names = lists_.list(prev.participants);
  if (std::equal(names.begin(), names.end(), prev_names.begin(), prev_names.end(),
                 [&](const std::string& p, uint32_t id) { return strings_.view(id) == p; })) {
    c.participants = prev.participants;
  } else {
    scratch_.clear();
    for (const std::string& p : names) scratch_.push_back(strings_.Intern(p));
    c.participants = lists_.Intern(scratch_);
  }
  c.location = intern(m.location, prev.location);
  c.sentence = intern(m.sentence, prev.sentence);
  c.start = m.start;
  c.end = m.end;
  c.trigger = intern(m.trigger, prev.trigger);
  c.rule = intern(m.rule, prev.rule);
  c.date_text = intern(m.date_text, prev.date_text);
  c.date_reason = intern(m.date_reason, prev.date_reason);
  c.dct = intern(m.dct, prev.dct);
  c.dct_source = intern(m.dct_source, prev.dct_source);
  c.date = m.date;
  c.confidence = m.confidence;
  c.status = m.status;
  return Add(c);
}

EventMention MentionTable::Materialize(size_t i) const {
  const CompactMention& c = records_[i];
  EventMention m;
  m.article = str(c.article);
  m.url = str(c.url);
  m.group = c.group;
  m.type = str(c.type);
  for (uint32_t p : list(c.participants)) m.participants.emplace_back(str(p));
  m.location = str(c.location);
  m.status = c.status;
  m.date = c.date;
  m.confidence = c.confidence;
  m.sentence = str(c.sentence);
  m.start = c.start;
  m.end = c.end;
  m.trigger = str(c.trigger);
  m.rule = str(c.rule);
  m.date_text = str(c.date_text);
  m.date_reason = str(c.date_reason);
  m.dct = str(c.dct);
  m.dct_source = str(c.dct_source);
  return m;
}

size_t MentionTable::CountArticles() const {
  std::vector<uint32_t> ids;
  ids.reserve(records_.size());
  for (const CompactMention& c : records_) ids.push_back(c.article);
  std::sort(ids.begin(), ids.end());
  return size_t(std::unique(ids.begin(), ids.end()) - ids.begin());
}

size_t MentionTable::bytes() const {
  return strings_.bytes() + lists_.bytes() + records_.capacity() * sizeof(CompactMention);
}

std::string EventId(uint64_t hash, uint32_t suffix) {
  char buf[kMaxEventId];
  return std::string(buf, WriteEventId(buf, hash, suffix));
}

char* WriteEventId(char* out, uint64_t hash, uint32_t suffix) {
  // fmt's "ev-{:016x}" and "-{}", written by hand (one id per event written).
  static constexpr char kHex[] = "0123456789abcdef";
  std::memcpy(out, "ev-", 3);
  out += 3;
  for (size_t k = 0; k < 16; ++k) *out++ = kHex[(hash >> (60 - 4 * k)) & 15];
  if (suffix > 1) {
    *out++ = '-';
    out = std::to_chars(out, out + 10, suffix).ptr;
  }
  return out;
}

std::string CollapseSpace(std::string_view s) { return CollapseSpace(s, " \t\n\r\f\v"); }

std::string CollapseSpace(std::string_view s, std::string_view blanks) {
  bool blank[256] = {};
  for (char c : blanks) blank[static_cast<unsigned char>(c)] = true;
  // Written in place (the result is never longer): each other byte is
  // copied, with one space before it when blanks came between it and the
  // previous one.
  std::string out(s.size(), '\0');
  char* const first = out.data();
  char* d = first;
  bool gap = false;
  for (char c : s) {
    if (blank[static_cast<unsigned char>(c)]) {
      gap = d != first;
      continue;
    }
    if (gap) *d++ = ' ';
    gap = false;
    *d++ = c;
  }
  out.resize(size_t(d - first));
  return out;
}

std::string Timeline::Id(size_t i) const { return EventId(events[i].id_hash, events[i].id_suffix); }

void Timeline::Materialize(size_t i, Event& out, bool with_mentions) const {
  const CompactEvent& c = events[i];
  out.id = Id(i);
  out.date = c.date;
  out.type = table.str(c.type);
  out.participants.clear();
  for (uint32_t p : c.participant_ids()) out.participants.emplace_back(table.str(p));
  out.location = table.str(c.location);
  out.status = c.status;
  out.confidence = c.confidence;
  out.sources.clear();
  for (uint32_t a : c.source_ids()) out.sources.emplace_back(table.str(a));
  out.title = c.title;
  out.evidence = CollapseSpace(table.str(c.evidence));
  out.mentions.clear();
  if (with_mentions) {
    out.mentions.reserve(c.mention_ids().size());
    for (uint32_t m : c.mention_ids()) out.mentions.push_back(table.Materialize(m));
  }
  out.conflicts = c.conflicts;
}

}  // namespace timeline
