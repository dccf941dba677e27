// SPDX-License-Identifier: Apache-2.0
// sinks: the timeline's output formats, and atomic output files.
//
// Each renderer turns the merged events into the bytes of one format, as
// DESIGN.md section 3 fixes them. Renderers are pure functions (thread-safe);
// WriteOutput writes to a temporary file beside the target and renames it,
// so a reader never sees a partial file.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/compact.h"
#include "pipeline/event.h"
#include "pipeline/result.h"

namespace timeline::sinks {

enum class Format { kCsv, kJsonl, kJson, kTimelineJs, kHtml };

// "csv", "jsonl", "json", "timelinejs", "html" -> Format.
std::optional<Format> ParseFormat(std::string_view name);
// From the output path's extension (".csv", ".jsonl", ".json",
// ".timelinejs.json", ".html"); csv for stdout or anything else.
Format FormatFromPath(std::string_view path);

// The events a renderer reads, in output order: a vector of Events, or a
// compact Timeline whose events are materialized one at a time as they are
// rendered (so that an output never needs every mention's strings at once).
// Converts implicitly from either; holds a pointer, so the events must
// outlive it. Get is thread-safe (each thread with its own scratch Event).
class EventList {
 public:
  EventList(const std::vector<Event>& events) : events_(&events) {}  // NOLINT: implicit
  EventList(const Timeline& timeline) : timeline_(&timeline) {}      // NOLINT: implicit
  size_t size() const { return events_ ? events_->size() : timeline_->size(); }
  // The timeline, or nullptr for a vector of Events.
  const Timeline* timeline() const { return timeline_; }
  bool empty() const { return size() == 0; }
  // Event i: a reference into the vector, or `scratch` filled from the
  // timeline (without mentions when !with_mentions; the vector's events
  // keep theirs).
  const Event& Get(size_t i, Event& scratch, bool with_mentions = true) const {
    if (events_) return (*events_)[i];
    timeline_->Materialize(i, scratch, with_mentions);
    return scratch;
  }

 private:
  const std::vector<Event>* events_ = nullptr;
  const Timeline* timeline_ = nullptr;
};

struct RenderInfo {
  std::string generated_by;  // "timeline 0.1.0"
  size_t articles = 0;       // how many articles went in
};

// CSV: RFC 4180, header row, CRLF-free ('\n' line ends), fields quoted when
// they hold a comma, quote, CR or LF. Rendered on up to `threads` threads
// (the bytes do not depend on their number).
std::string RenderCsv(const EventList& events, unsigned threads = 1);
// One event object per line, with its mentions; on up to `threads` threads.
std::string RenderJsonl(const EventList& events, unsigned threads = 1);
// {"generated_by", "articles", "events": [...]}.
std::string RenderJson(const EventList& events, const RenderInfo& info);
// The TimelineJS3 JSON format (schemas/timelinejs.schema.json): one slide
// per dated event, dates as {year, month, day} numbers down to the event's
// precision (weeks and quarters also get an end_date), a human display_date,
// the type as group, the id as unique_id; text fields are HTML-escaped.
// Undated events have no slide.
std::string RenderTimelineJs(const EventList& events, const RenderInfo& info);
// One self-contained HTML page (inline CSS and JS, nothing fetched): a
// vertical timeline grouped by year and month, one <article class="card">
// per event (id = event id; data-type, data-status, data-participants) with
// date and precision, type, status, place, participants, sources, evidence
// sentences linked to their articles (http(s) URLs only) and conflicts.
// Filters by type, participant and status; the URL fragment
// (#type=call&participant=Joe%20Biden) is applied on load. All text escaped.
std::string RenderHtml(const EventList& events, const RenderInfo& info);
// Renders in the given format; csv and jsonl on up to `threads` threads.
std::string Render(Format f, const EventList& events, const RenderInfo& info, unsigned threads = 1);

// The same bytes in consecutive pieces, for writing a large output piece by
// piece instead of holding it twice: for csv and jsonl the header and blocks
// of events rendered on up to `threads` threads; other formats in one piece.
std::vector<std::string> RenderPieces(Format f, const EventList& events, const RenderInfo& info,
                                      unsigned threads = 1);
// The same pieces, each handed to `write` as soon as it and the ones before
// it are rendered: for csv and jsonl a few blocks per thread at a time, so
// that at most those are held. Stops at the first error `write` returns and
// returns it.
Result<void> RenderTo(Format f, const EventList& events, const RenderInfo& info, unsigned threads,
                      const std::function<Result<void>(std::string_view)>& write);

// One CSV row (with its '\n') for an event; the header is kCsvHeader.
inline constexpr std::string_view kCsvHeader =
    "event_id,date,date_start,date_end,precision,type,participants,location,status,"
    "confidence,sources,title,evidence\n";
void AppendCsvRow(std::string& out, const Event& e);

// One event as a JSON object (the jsonl line, without newline).
std::string EventToJson(const Event& e);
// The same, appended to out (no string of its own).
void AppendEventJson(std::string& out, const Event& e);
// The same bytes for event i of a timeline, written from its table's
// strings without materializing the Event.
void AppendEventJson(std::string& out, const Timeline& timeline, size_t i);
// Every event of a timeline, each as its jsonl line with its newline: the
// bytes of AppendEventJson(out, timeline, i) and '\n' for each i in order,
// with each of the table's strings escaped once.
void AppendTimelineJsonl(std::string& out, const Timeline& timeline);
// Parses one jsonl event line (as written by EventToJson); errors are
// messages without position ("not valid JSON: ...", "missing \"mentions\"").
Result<Event> EventFromJson(std::string_view line);

// Appends one CSV field, quoted when needed.
void AppendCsvField(std::string& out, std::string_view field);

// Writes contents to path atomically (temp file + rename); "-" or "" is
// stdout. Errors: "PATH: cannot write: reason".
Result<void> WriteOutput(const std::string& path, std::string_view contents);

// An output written piece by piece and published atomically: Open creates
// "PATH.tmp.PID" beside the target ("-" or "": stdout), Write appends,
// Commit flushes, syncs and renames it into place. Destroyed without a
// successful Commit, it removes the temporary file, so a reader never sees a
// partial output. Errors: "PATH: cannot write: reason". Not thread-safe.
class OutputFile {
 public:
  static Result<OutputFile> Open(const std::string& path);
  Result<void> Write(std::string_view bytes);
  Result<void> Commit();

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  ~OutputFile();

 private:
  OutputFile() = default;
  std::string path_, tmp_;
  std::FILE* file_ = nullptr;  // stdout when tmp_ is empty
  int error_ = 0;              // the first errno seen
  std::unique_ptr<char[]> buffer_;  // file_'s stdio buffer (glibc ignores a size without one)
};

}  // namespace timeline::sinks
