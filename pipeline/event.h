// SPDX-License-Identifier: Apache-2.0
// Event and EventMention: the timeline's records, with their provenance.
//
// An EventMention is one article's statement of an event, self-contained
// (it no longer needs the article's text), so that extract outputs can be
// merged anywhere: `timeline extract` writes them, `timeline merge` and the
// store read them back. An Event is a cluster of mentions with the values
// the merge derived from them. The merge is a function of the *set* of
// mentions, which is what makes it associative and commutative.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/date_value.h"
#include "pipeline/document.h"

namespace timeline {

struct EventMention {
  std::string article;                    // article id
  std::string url;                        // article URL, may be empty
  uint32_t group = 0;                     // same (article, group) = same event, per the article
  std::string type;
  std::vector<std::string> participants;  // canonical, sorted, unique
  std::string location;
  EventStatus status = EventStatus::kOccurred;
  DateValue date;                         // !dated() when unresolved
  float confidence = 0.5f;
  std::string sentence;                   // the sentence that states it (evidence)
  uint32_t start = 0, end = 0;            // the sentence, in code points into the article text
  std::string trigger;                    // trigger words as written
  std::string rule;                       // trigger rule, "file:line id"
  std::string date_text;                  // the temporal expression used, as written
  std::string date_reason;                // how the date was chosen
  std::string dct;                        // the article's publication date, "YYYY-MM-DD" or ""
  std::string dct_source;                 // where that came from

  friend bool operator==(const EventMention&, const EventMention&) = default;
};

struct Event {
  std::string id;  // stable: a function of the event's mentions, not of input order
  DateValue date;
  std::string type;
  std::vector<std::string> participants;
  std::string location;
  EventStatus status = EventStatus::kOccurred;
  double confidence = 0;
  std::vector<std::string> sources;  // article ids, sorted, unique
  std::string title;
  std::string evidence;
  std::vector<EventMention> mentions;  // sorted
  std::vector<std::string> conflicts;  // disagreements between sources, human-readable

  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace timeline
