// SPDX-License-Identifier: Apache-2.0
// Compact mentions and events: the run/merge path's memory-light timeline.
//
// An EventMention owns a dozen strings (article id, URL, sentence, trigger,
// rule, DCT, ...) and weighs about a kilobyte; `timeline run` and
// `timeline merge` hold every mention of their input at once. Here the
// strings are interned once per run in a StringPool (a sentence that several
// mentions share, or two articles repeat, is stored once), participant lists
// once in a ListPool, and a mention is a fixed-size record of 32-bit ids
// (CompactMention, 80 bytes, no heap). A Timeline is the merge's result on
// that form: CompactEvents that refer to the table's records, from which an
// Event (with its EventMentions) is materialized only when an output prints
// it. Materialize gives exactly the Event the merge of the EventMentions
// would have given; sinks::EventList renders either form.
//
// Thread-safety: adding (Intern, Add) is not thread-safe; reading (view,
// list, Materialize) is, once nothing is added any more.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pipeline/event.h"

namespace timeline {

// Interned strings with 32-bit ids: equal strings get equal ids, and "" is
// always id 0. The bytes live in chunks that never move, so a view stays
// valid as long as the pool (moving the pool keeps them valid too). Cost per
// distinct string: its bytes plus about 28 bytes; Intern hashes the string
// once (XXH3) and probes an open-addressing table.
class StringPool {
 public:
  static constexpr uint32_t kEmpty = 0;

  StringPool();
  StringPool(StringPool&&) noexcept = default;
  StringPool& operator=(StringPool&&) noexcept = default;
  // Keeps a first chunk of the common size for the thread's next pool
  // (extract makes one pool per article: a new 4 KB block from malloc each
  // time cost more than the article's strings).
  ~StringPool();
  uint32_t Intern(std::string_view s);
  std::string_view view(uint32_t id) const { return views_[id]; }
  size_t size() const { return views_.size(); }
  // Bytes held (chunks, views, table), for measurements.
  size_t bytes() const;

 private:
  void Grow();
  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t chunk_left_ = 0;
  char* chunk_at_ = nullptr;
  size_t chunk_bytes_ = 0;
  bool first_chunk_spare_ = false;  // chunks_[0] has kFirstChunk bytes
  std::vector<std::string_view> views_;
  std::vector<uint32_t> hashes_;  // per id: low 32 bits of its hash
  std::vector<uint32_t> slots_;   // id + 1, 0 = free; size a power of two
};

// Interned lists of 32-bit values (participant lists as string ids): equal
// lists get equal ids; the empty list is id 0. Same costs as StringPool.
class ListPool {
 public:
  static constexpr uint32_t kEmpty = 0;

  ListPool();
  uint32_t Intern(std::span<const uint32_t> items);
  std::span<const uint32_t> list(uint32_t id) const {
    return {items_.data() + begin_[id], items_.data() + begin_[id + 1]};
  }
  size_t size() const { return begin_.size() - 1; }
  size_t bytes() const;

 private:
  void Grow();
  std::vector<uint32_t> items_;
  std::vector<uint32_t> begin_;  // list id -> offset in items_; one more entry than lists
  std::vector<uint32_t> hashes_;
  std::vector<uint32_t> slots_;
};

// One EventMention as ids into a MentionTable's pools. Same fields, same
// meaning (see pipeline/event.h); `participants` is a ListPool id of
// StringPool ids.
struct CompactMention {
  uint32_t article = 0;
  uint32_t url = 0;
  uint32_t group = 0;
  uint32_t type = 0;
  uint32_t participants = 0;
  uint32_t location = 0;
  uint32_t sentence = 0;
  uint32_t start = 0, end = 0;
  uint32_t trigger = 0;
  uint32_t rule = 0;
  uint32_t date_text = 0;
  uint32_t date_reason = 0;
  uint32_t dct = 0;
  uint32_t dct_source = 0;
  DateValue date;
  float confidence = 0.5f;
  EventStatus status = EventStatus::kOccurred;

  friend bool operator==(const CompactMention&, const CompactMention&) = default;
};
static_assert(std::is_trivially_copyable_v<CompactMention>);
static_assert(sizeof(CompactMention) == 80);

// Mentions in compact form, with the pools their ids refer to.
// An EventMention's fields as views (the participants by pointer, never
// null once set), so that a mention can be added to a table without
// building the EventMention first (extract: ToEventMentions's fields, read
// from the Document). The views must outlive only the Add call.
struct EventMentionRef {
  std::string_view article, url;
  uint32_t group = 0;
  std::string_view type;
  const std::vector<std::string>* participants = nullptr;
  std::string_view location;
  EventStatus status = EventStatus::kOccurred;
  DateValue date;
  float confidence = 0.5f;
  std::string_view sentence;
  uint32_t start = 0, end = 0;
  std::string_view trigger, rule, date_text, date_reason, dct, dct_source;
};

class MentionTable {
 public:
  // Interns m's strings and appends its record; returns its index.
  uint32_t Add(const EventMention& m);
  // The same for a mention given as views: the same record and pools as
  // Add of the EventMention with those fields.
  uint32_t Add(const EventMentionRef& m);
  // Appends a record whose ids come from this table's pools.
  uint32_t Add(const CompactMention& m) {
    records_.push_back(m);
    return uint32_t(records_.size() - 1);
  }
  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  const CompactMention& operator[](size_t i) const { return records_[i]; }

  std::string_view str(uint32_t id) const { return strings_.view(id); }
  std::span<const uint32_t> list(uint32_t id) const { return lists_.list(id); }
  // The EventMention record i stands for, strings copied out.
  EventMention Materialize(size_t i) const;
  // How many distinct article ids the records name.
  size_t CountArticles() const;
  // Bytes held by records and pools, for measurements.
  size_t bytes() const;

  // For the merge, which canonicalizes and sorts the records in place.
  StringPool& strings() { return strings_; }
  const StringPool& strings() const { return strings_; }
  ListPool& lists() { return lists_; }
  const ListPool& lists() const { return lists_; }
  std::vector<CompactMention>& records() { return records_; }
  const std::vector<CompactMention>& records() const { return records_; }

 private:
  StringPool strings_;
  ListPool lists_;
  std::vector<CompactMention> records_;
  std::vector<uint32_t> scratch_;
};

// An Event whose strings and mentions live in a Timeline's MentionTable.
struct CompactEvent {
  uint64_t id_hash = 0;    // the id is "ev-" + 16 hex digits of this
  uint32_t id_suffix = 0;  // > 1: "-N" appended (a second event with the same hash)
  DateValue date;
  uint32_t type = 0;      // string id
  uint32_t location = 0;  // string id
  uint32_t evidence = 0;  // string id of the sentence; printed with whitespace collapsed
  EventStatus status = EventStatus::kOccurred;
  double confidence = 0;
  uint32_t participants = 0;  // ids[0, participants): string ids, in output order
  uint32_t sources = 0;  // ids[participants, participants + sources): article string ids, sorted
  std::vector<uint32_t> ids;  // then the mentions: record indices, sorted
  std::string title;
  std::vector<std::string> conflicts;

  std::span<const uint32_t> participant_ids() const { return {ids.data(), participants}; }
  std::span<const uint32_t> source_ids() const { return {ids.data() + participants, sources}; }
  std::span<const uint32_t> mention_ids() const {
    return {ids.data() + participants + sources, ids.size() - participants - sources};
  }
};

// The merge's result in compact form: the events, in output order, and the
// table of their (canonical, sorted) mentions.
struct Timeline {
  MentionTable table;
  std::vector<CompactEvent> events;

  size_t size() const { return events.size(); }
  // Event i as Merge would return it; without its mentions when !with_mentions
  // (csv prints none). Reuses out's capacity.
  void Materialize(size_t i, Event& out, bool with_mentions = true) const;
  Event Materialize(size_t i) const {
    Event e;
    Materialize(i, e);
    return e;
  }
  // Event i's id: "ev-0123456789abcdef" or "ev-0123456789abcdef-2".
  std::string Id(size_t i) const;
};

// "ev-" + 16 lowercase hex digits [+ "-N" when suffix > 1].
std::string EventId(uint64_t hash, uint32_t suffix);
// The same bytes written at `out` (room for kMaxEventId); returns their end.
constexpr size_t kMaxEventId = 3 + 16 + 1 + 10;
char* WriteEventId(char* out, uint64_t hash, uint32_t suffix);
// s with runs of whitespace collapsed to one space, none at either end.
std::string CollapseSpace(std::string_view s);
// The same with `blanks` as the whitespace characters.
std::string CollapseSpace(std::string_view s, std::string_view blanks);

}  // namespace timeline
