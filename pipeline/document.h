// SPDX-License-Identifier: Apache-2.0
// Document: an Article plus the layers the per-article stages add to it.
//
// Each stage reads the layers of the stages before it and fills its own:
// clean -> boilerplate, header; dct -> dct; segment -> paragraphs,
// sentences; timex -> timexes; mentions -> mentions; anchor -> mention
// dates and groups. Every annotation is a Span into article.text plus the
// rule that produced it, so any value can be explained.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/article.h"
#include "pipeline/date_value.h"
#include "pipeline/span.h"

namespace timeline {

// Which rule produced a value: "timex/data/rules/date.tsv:42 date_month_day".
// The views point into the RuleStore the stage was loaded from, which lives as
// long as the stages do (the whole run).
struct RuleRef {
  std::string_view file;  // relative data path, e.g. "timex/data/rules/date.tsv"
  uint32_t line = 0;
  std::string_view id;

  bool empty() const { return file.empty() && id.empty(); }
  // "file:line id" (or "id" when no file), for dumps and explain output.
  std::string ToString() const;
};

// Where the publication date (document creation time) came from.
enum class DctSource : uint8_t { kNone, kMetadata, kHeaderLine, kUrl, kText, kCommandLine };
std::string_view DctSourceName(DctSource s);  // "none", "metadata", "header", "url", "text", "cli"

struct Dct {
  DateValue date;                     // day precision when known; !dated() when unknown
  DctSource source = DctSource::kNone;
  Span evidence;                      // the bytes that gave it (empty for metadata/cli)
  float confidence = 0;               // 0..1
  RuleRef rule;

  bool known() const { return date.dated(); }
};

// A metadata line found by clean, e.g. key "date" for " date 2021-11-10" or
// key "url" for "Source Article from https://...".
struct HeaderField {
  std::string key;
  Span line;   // the whole line
  Span value;  // the value within it
};

struct Sentence {
  Span span;
  uint32_t paragraph = 0;
};

enum class TimexType : uint8_t { kDate, kTime, kDuration, kSet };
std::string_view TimexTypeName(TimexType t);  // "DATE", "TIME", "DURATION", "SET"

struct Timex {
  Span span;
  TimexType type = TimexType::kDate;
  std::string value;  // TIMEX3 value: "2021-11-09", "2021-W45", "PRESENT_REF", "P2Y", "XXXX-11-09"
  DateValue date;     // the calendar interval it denotes, when it denotes one (DATE/TIME)
  RuleRef rule;
};

enum class EventStatus : uint8_t { kOccurred, kPlanned, kCancelled };
std::string_view EventStatusName(EventStatus s);  // "occurred", "planned", "cancelled"
std::optional<EventStatus> ParseEventStatus(std::string_view s);

// One statement of an event in one article, before the cross-article merge.
struct Mention {
  std::string type;                       // event type id from rule data: call, meeting, ...
  Span trigger;                           // the words that name the event ("spoke by phone")
  uint32_t sentence = 0;                  // index into Document::sentences
  std::vector<std::string> participants;  // canonical names, sorted, unique
  std::string location;                   // canonical place, or empty
  EventStatus status = EventStatus::kOccurred;
  DateValue date;                         // set by anchor; !dated() when unresolved
  Span date_span;                         // the timex (or other text) that gave the date
  std::string date_reason;                // how anchor chose it: "timex same clause", "dct", ...
  float confidence = 0.5f;                // 0..1
  uint32_t group = 0;                     // mentions of one event in this article share a group
  RuleRef rule;                           // the trigger rule
  std::vector<std::string> notes;         // further provenance (status cue, participant rules)
};

struct Document {
  Article article;

  // clean
  std::vector<Span> boilerplate;  // byte ranges that are not article prose (share prompts, nav…)
  std::vector<RuleRef> boilerplate_rules;  // the clean rule that marked each span (same index)
  std::vector<HeaderField> header;
  // dct
  Dct dct;
  // segment
  std::vector<Span> paragraphs;
  std::vector<Sentence> sentences;
  // The sentences (ascending indexes) that later stages read, when the caller
  // wants only mentions (Wants::kMentionsOnly): those in which a trigger may
  // match (mentions::Extractor::Focus). timex then tags expressions there, and
  // earlier ones only where an expression there counts from them ("a year
  // earlier"); mentions looks only there. Unset: every sentence.
  std::optional<std::vector<uint32_t>> focus;
  // What mentions::Extractor::SetFocus's Set pass found in each focus
  // sentence (focus_rows[k] for (*focus)[k]), for the mentions stage, which
  // then needs no pass of its own there; empty: not known.
  std::vector<std::vector<int>> focus_rows;
  // timex
  std::vector<Timex> timexes;
  // mentions (+ anchor)
  std::vector<Mention> mentions;

  std::string_view text() const { return article.text; }
  std::string_view text(Span s) const {
    return std::string_view(article.text).substr(s.begin, s.end - s.begin);
  }
  // The timexes that begin in [s.begin, s.end): a slice of the text-ordered,
  // non-overlapping timexes (binary search), so that work per sentence does
  // not grow with the article's length.
  std::span<const Timex> TimexesFrom(Span s) const;
};

}  // namespace timeline
