// SPDX-License-Identifier: Apache-2.0
// Gazetteer: the mentions stage's dictionary of actors, titles, places and summits.
//
// Internal to stages/mentions (namespace detail). Loads actors.tsv,
// office_titles.tsv, offices.tsv, places.tsv, summit_names.tsv and
// summits.tsv (formats in stages/mentions/data/README.md) and finds their
// surfaces in text: case-sensitive, whole words, longest match first. Every
// surface maps to one or more entries (a surface may be both an actor and a
// place: "Washington"). Immutable after Load(); Find() is thread-safe and
// allocates only to grow the caller's output vector.
#pragma once

#include <date/date.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/result.h"
#include "pipeline/rule_store.h"

namespace timeline::mentions::detail {

enum class EntryKind : uint8_t { kPerson, kCountry, kDemonym, kOrg, kGroup, kTitle, kPlace, kSummit };

struct Entry {
  std::string_view surface;
  EntryKind kind = EntryKind::kPerson;
  std::string_view canonical;  // actor, place, office id (titles) or summit participant name
  std::string_view country;    // actor/place country; summit series for kSummit
  std::string_view place_kind; // city, region, venue, country (places only)
  RuleRef rule;
};

// A gazetteer surface found in text: entries [first, first + count) share it.
struct Hit {
  Span span;
  uint32_t first = 0;
  uint32_t count = 0;
};

struct Edition {
  std::string_view series, edition, city, country, label;
  date::sys_days start{}, end{};
  RuleRef rule;
};

class Gazetteer {
 public:
  static Result<Gazetteer> Load(const RuleStore& rules);

  // Appends the hits in text[span] to out, in text order; at each word start
  // the longest surface wins and the scan continues after it.
  void Find(std::string_view text, Span span, std::vector<Hit>& out) const {
    Scan(text, span, out, nullptr);
  }

  const Entry& entry(uint32_t i) const { return entries_[i]; }
  size_t size() const { return entries_.size(); }

  // The holder of an office ("head_of_state:United States") on day d, or "".
  std::string_view Holder(std::string_view office, date::sys_days d) const;

  // Every edition of a series, in start order.
  std::vector<const Edition*> Editions(std::string_view series) const;
  const std::vector<Edition>& editions() const { return editions_; }

 private:
  friend class TextHits;
  // Find; when tried is not null, also appends the span of every surface
  // that matched where the scan looked (the hits, and the longer surfaces it
  // looked for inside them), in the order tried.
  // With state, the scan resumes where state says and makes its decisions
  // only while it stands before stop (each decision still looks as far as
  // the full scan's would), then saves where it stopped: the hits so far
  // are exactly the full scan's hits that start before state->pos.
  struct ScanState {
    uint32_t pos = 0;
    bool after_word = false;
  };
  void Scan(std::string_view text, Span span, std::vector<Hit>& out, std::vector<Span>* tried,
            ScanState* state = nullptr, uint32_t stop = UINT32_MAX) const;
  struct Term {
    std::string_view office, holder;
    date::sys_days from{}, to{};
    bool open = false;
  };
  // A word's digest (its length and first and last eight bytes) and its
  // first eight bytes, little-endian, zero-padded. room: how many bytes
  // from w.data() may be read (>= w.size(); 8 allow one load).
  struct WordKey {
    uint64_t digest = 0, head = 0;
    // Inline: Find computes one for most words of a text.
    static WordKey Of(std::string_view w, size_t room) {
      const auto* b = reinterpret_cast<const unsigned char*>(w.data());
      const size_t n = w.size();
      uint64_t head = 0, tail = 0;
      if constexpr (std::endian::native == std::endian::little) {
        if (n < 8 && room >= 8) {
          std::memcpy(&head, b, 8);  // one load, the bytes past the word masked off
          head &= (uint64_t{1} << (8 * n)) - 1;
        } else if (n >= 8) {
          std::memcpy(&head, b, 8);
          std::memcpy(&tail, b + n - 8, 8);
        } else {
          for (size_t i = 0; i < n; ++i) head |= uint64_t(b[i]) << (8 * i);
        }
      } else {
        for (size_t i = 0; i < std::min<size_t>(n, 8); ++i) head |= uint64_t(b[i]) << (8 * i);
        for (size_t i = 0; n >= 8 && i < 8; ++i) tail |= uint64_t(b[n - 8 + i]) << (8 * i);
      }
      uint64_t h = (head ^ (uint64_t(n) << 59)) * 0x9E3779B97F4A7C15ull;
      h ^= (tail + (h >> 31)) * 0xC2B2AE3D27D4EB4Full;
      return WordKey{h ^ (h >> 29), head};
    }
  };
  // Words (views into the rule data) to indexes, by open addressing on
  // WordKey: Find() looks up most words of a text, and this costs one
  // digest of the word's ends and a probe or two, not a std::hash of it.
  class WordTable {
   public:
    void Build(const std::vector<std::pair<std::string_view, uint32_t>>& items);
    // The index of w (whose WordKey is key), or nullptr.
    const uint32_t* Find(std::string_view w, const WordKey& key) const {
      if (slots_.empty()) return nullptr;
      for (size_t i = key.digest & mask_;; i = (i + 1) & mask_) {
        const Slot& s = slots_[i];
        if (s.word.empty()) return nullptr;
        // Up to eight bytes, the heads are the words.
        if (s.word.size() == w.size() && s.head == key.head && (w.size() <= 8 || s.word == w))
          return &s.value;
      }
    }
    bool empty() const { return slots_.empty(); }

   private:
    struct Slot {
      std::string_view word;  // empty: a free slot
      uint32_t value = 0;
      uint64_t head = 0;      // WordKey::head of word
    };
    std::vector<Slot> slots_;  // a power of two, at most half full
    size_t mask_ = 0;
  };
  // The surfaces that start with one key (their first word), for Find. A
  // key shared by many surfaces ("the": the U.S. president, the Kremlin ...)
  // is split by the surface's second word, so that a lookup tries only the
  // surfaces that can match instead of all of them.
  struct KeyGroup {
    uint32_t end = 0;  // one past the last entry with this key
    uint32_t key_size = 0;
    // Entries whose surface starts with the key, in entries_ order.
    std::vector<uint32_t> candidates;
    // When split: by second word (by_second -> index into seconds), each list
    // merged with those without one (in entries_ order); no_second alone for
    // any other second word.
    bool split = false;
    WordTable by_second;
    std::vector<std::vector<uint32_t>> seconds;
    std::vector<uint32_t> no_second;
  };
  std::vector<Entry> entries_;  // sorted by (key, longer surface first, surface)
  std::vector<std::string_view> surfaces_;  // entries_[i].surface, packed for Find
  // same_[i]: how many entries from i on share entries_[i].surface.
  std::vector<uint32_t> same_;
  // The first bytes of each surface after its key (up to eight, zero-padded)
  // and the mask of those bytes; mask 0 when there are none or one is an
  // apostrophe (which also matches ’). One compare with the text's next
  // eight bytes turns most candidates away before the byte loop, which
  // starts after the `known` bytes the compare has matched.
  struct Rest {
    uint64_t head = 0, mask = 0;
    uint32_t known = 0;
  };
  std::vector<Rest> rest_;
  WordTable by_key_;  // key -> index into groups_
  // A bit per 16-bit slice of the keys' WordKey digests: most words of a text
  // are no key, and one bit test turns them away before the table lookup.
  std::vector<uint64_t> key_bits_;
  // A bit per (first byte, second byte or 0 for a one-byte word) of the
  // keys: most words of a text (lowercase ones) start as no key does, and
  // this test, before the word's digest, turns them away for a few
  // instructions.
  std::vector<uint64_t> start_bits_;
  std::vector<KeyGroup> groups_;
  std::vector<Term> terms_;  // sorted by office, from
  std::vector<Edition> editions_;
};

// The hits of a whole text, from one scan, and the hits of any span of it
// (a sentence) without a second scan. Find(text, span) looks at the same
// words and surfaces as the scan of the whole text wherever that scan
// arrives at span.begin and neither a word nor a surface it tried crosses
// span's ends: its hits are then the whole text's hits that start inside
// span. Elsewhere (a sentence that ends inside a word, "U.S." cut in two)
// TextHits::Find scans the span itself. The scan may stop early and go
// on later (Scan with a stop, Complete): a span that ends after done() is
// scanned by itself too.
class TextHits {
 public:
  // Replaces the hits with those of gaz.Find over all of text that start
  // before done() (>= stop): the whole scan's decisions up to stop.
  void Scan(const Gazetteer& gaz, std::string_view text, uint32_t stop = UINT32_MAX);
  // Goes on with the scan to the end of text.
  void Complete(const Gazetteer& gaz, std::string_view text);
  // Every hit that starts before done() is known.
  uint32_t done() const { return done_; }
  // The hits of the text that start before done(), in text order.
  const std::vector<Hit>& all() const { return all_; }
  // Appends to out exactly what gaz.Find(text, span, out) appends; text is
  // the text given to Scan. Cost: two binary searches and a copy of the
  // hits, or a scan of the span.
  void Find(const Gazetteer& gaz, std::string_view text, Span span, std::vector<Hit>& out) const;

 private:
  // True when a surface the scan tried spans pos: begin < pos < end.
  bool Crossed(uint32_t pos) const;
  // Scans on to stop, then sorts tried_ and computes reach_.
  void ScanTo(const Gazetteer& gaz, std::string_view text, uint32_t stop);
  std::vector<Hit> all_;
  Gazetteer::ScanState state_;
  uint32_t done_ = 0;
  bool complete_ = false;
  std::vector<Span> tried_;      // sorted by begin
  std::vector<uint32_t> reach_;  // reach_[i]: the largest end in tried_[0, i]
};

// The first run of letters and digits of s (the index key of a surface).
std::string_view KeyOf(std::string_view s);
// True for ASCII letters and digits and any byte of a multi-byte UTF-8 sequence.
constexpr bool IsWordByte(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

// IsWordByte, except that bytes of U+2000..U+206F (’ “ – …) are not word bytes.
bool IsWordAt(std::string_view text, size_t p);
// The word (by IsWordAt) after the non-word bytes that follow s[from], within
// s[0, end): "U" for "the U.S." from 3. Empty when there is none.
std::string_view NextWord(std::string_view s, size_t from, size_t end);
// The end of surface matched at text[p], or 0: an ASCII apostrophe in the
// surface also matches a right single quotation mark (’) in the text.
uint32_t MatchSurface(std::string_view text, size_t p, std::string_view surface);

}  // namespace timeline::mentions::detail
