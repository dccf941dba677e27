// SPDX-License-Identifier: Apache-2.0
// Event <-> JSON (the jsonl lines extract writes and merge reads), and the
// jsonl and json sinks.
#include <fmt/format.h>
#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <span>

#include "pipeline/json.h"
#include "pipeline/parallel.h"
#include "pipeline/sinks/sinks.h"

namespace timeline::sinks {

namespace {

// The four members as a JsonWriter writes them after the "date" key (the
// value, then `,"date_start":...` to the precision), rendered once.
void RenderDate(std::string& out, const DateValue& d) {
  JsonWriter w(out);
  if (!d.dated()) {
    w.String("").Key("date_start").String("").Key("date_end").String("");
    w.Key("precision").String(PrecisionName(d.precision));
    return;
  }
  // Each day formatted once: a day's value is its first day, which is often
  // its last too.
  const std::string start = FormatDay(d.first);
  std::string timex, end;
  if (d.precision != Precision::kDay) timex = d.ToTimex();
  if (d.last != d.first) end = FormatDay(d.last);
  w.String(d.precision == Precision::kDay ? start : timex);
  w.Key("date_start").String(start);
  w.Key("date_end").String(d.last == d.first ? start : end);
  w.Key("precision").String(PrecisionName(d.precision));
}

// The bytes WriteDate writes after the "date" key, valid until the next call.
std::string_view DateMembers(const DateValue& d) {
  // The members' bytes are kept per thread by date (an article's events
  // and mentions share few dates), in a small table indexed by the date; a
  // slot holds the last date that fell in it.
  struct Memo {
    DateValue date;
    bool set = false;
    uint8_t size = 0;
    char bytes[118];
  };
  thread_local Memo memo[1024];
  thread_local std::string long_bytes;  // a date too long for a slot
  const auto first = uint32_t(d.first.time_since_epoch().count());
  const auto last = uint32_t(d.last.time_since_epoch().count());
  const uint64_t key = (uint64_t{first} << 32 | last) ^ uint64_t(d.precision) << 61;
  Memo& m = memo[(key * 0x9E3779B97F4A7C15) >> 54];
  if (!m.set || !(m.date == d)) {
    std::string bytes;
    RenderDate(bytes, d);
    if (bytes.size() > sizeof m.bytes) {
      long_bytes = std::move(bytes);
      return long_bytes;
    }
    m.date = d;
    m.set = true;
    m.size = uint8_t(bytes.size());
    std::memcpy(m.bytes, bytes.data(), bytes.size());
  }
  return std::string_view(m.bytes, m.size);
}

void WriteDate(JsonWriter& w, const DateValue& d) {
  // The members go out as the "date" key's value: the same bytes, and the
  // writer is left as after the precision (a value written at this level).
  w.Key("date").Raw(DateMembers(d));
}

// Whether CollapseSpace(s) would return s as it is: no blank but single
// spaces between other bytes (most sentences). Sixteen bytes at a time, each
// beside the byte after it (GCC's vector extension: SSE2 on x86-64).
bool SpaceCollapsed(std::string_view s) {
  const size_t n = s.size();
  if (n == 0) return true;
  if (s.front() == ' ' || s.back() == ' ') return false;
  const char* p = s.data();
  size_t i = 0;
  using Bytes16 = unsigned char __attribute__((vector_size(16)));
  for (; i + 17 <= n; i += 16) {
    Bytes16 v, next;
    std::memcpy(&v, p + i, 16);
    std::memcpy(&next, p + i + 1, 16);
    const auto hit = ((v - 9) < 5) | ((v == ' ') & (next == ' '));  // \t \n \v \f \r, or "  "
    uint64_t words[2];
    std::memcpy(words, &hit, 16);
    if ((words[0] | words[1]) != 0) return false;
  }
  for (; i < n; ++i) {
    const auto u = static_cast<unsigned char>(p[i]);
    if (u - 9u < 5u || (u == ' ' && i + 1 < n && p[i + 1] == ' ')) return false;
  }
  return true;
}

void WriteMention(JsonWriter& w, const EventMention& m) {
  w.BeginObject();
  w.Key("article").String(m.article).Key("url").String(m.url);
  w.Key("sentence").String(m.sentence).Key("start").Int(m.start).Key("end").Int(m.end);
  w.Key("group").Int(m.group).Key("type").String(m.type);
  w.Key("participants").StringArray(m.participants);
  w.Key("location").String(m.location).Key("status").String(EventStatusName(m.status));
  WriteDate(w, m.date);
  w.Key("confidence").Double(m.confidence, 2);
  w.Key("trigger").String(m.trigger).Key("rule").String(m.rule);
  w.Key("date_text").String(m.date_text).Key("date_reason").String(m.date_reason);
  w.Key("dct").String(m.dct).Key("dct_source").String(m.dct_source);
  w.EndObject();
}

// Reads an optional string field; a present non-string is an error.
bool GetString(simdjson::dom::object o, std::string_view key, std::string& out,
               std::string& err) {
  simdjson::dom::element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS) return true;
  std::string_view s;
  if (e.get_string().get(s) != simdjson::SUCCESS) {
    err = fmt::format("\"{}\" is not a string", key);
    return false;
  }
  out.assign(s);
  return true;
}

bool GetStrings(simdjson::dom::object o, std::string_view key, std::vector<std::string>& out,
                std::string& err) {
  simdjson::dom::element e;
  if (o.at_key(key).get(e) != simdjson::SUCCESS) return true;
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) {
    err = fmt::format("\"{}\" is not an array", key);
    return false;
  }
  for (simdjson::dom::element x : a) {
    std::string_view s;
    if (x.get_string().get(s) != simdjson::SUCCESS) {
      err = fmt::format("\"{}\" holds a non-string", key);
      return false;
    }
    out.emplace_back(s);
  }
  return true;
}

double GetNumber(simdjson::dom::object o, std::string_view key, double dflt) {
  double d;
  if (o.at_key(key).get_double().get(d) == simdjson::SUCCESS) return d;
  int64_t i;
  if (o.at_key(key).get_int64().get(i) == simdjson::SUCCESS) return double(i);
  return dflt;
}

// A number in [lo, hi], or dflt when the key is absent or null; false (with
// err) when it is anything else: a string, or a number out of range (which
// would not fit the field it is read into).
bool GetNumberIn(simdjson::dom::object o, std::string_view key, double lo, double hi, double dflt,
                 double& out, std::string& err) {
  simdjson::dom::element v;
  if (o.at_key(key).get(v) != simdjson::SUCCESS || v.is_null()) {
    out = dflt;
    return true;
  }
  double d = 0;
  if (v.get_double().get(d) != simdjson::SUCCESS) {
    err = fmt::format("\"{}\" is not a number", key);
    return false;
  }
  if (!(d >= lo && d <= hi)) {
    err = fmt::format("\"{}\": {} is outside [{}, {}]", key, d, lo, hi);
    return false;
  }
  out = d;
  return true;
}

// date / precision / date_start / date_end -> DateValue.
bool GetDate(simdjson::dom::object o, DateValue& out, std::string& err) {
  std::string value;
  if (!GetString(o, "date", value, err)) return false;
  if (value.empty()) {
    out = DateValue{};
    return true;
  }
  auto d = DateValue::ParseTimex(value);
  if (!d) {
    err = fmt::format("\"date\" \"{}\" is not a valid date value", value);
    return false;
  }
  out = *d;
  return true;
}

}  // namespace

std::string EventToJson(const Event& e) {
  std::string out;
  AppendEventJson(out, e);
  return out;
}

void AppendEventJson(std::string& out, const Event& e) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("event_id").String(e.id);
  WriteDate(w, e.date);
  w.Key("type").String(e.type);
  w.Key("participants").StringArray(e.participants);
  w.Key("location").String(e.location);
  w.Key("status").String(EventStatusName(e.status));
  w.Key("confidence").Double(e.confidence, 2);
  w.Key("sources").StringArray(e.sources);
  w.Key("title").String(e.title);
  w.Key("evidence").String(e.evidence);
  w.Key("conflicts").StringArray(e.conflicts);
  w.Key("mentions").BeginArray();
  for (const EventMention& m : e.mentions) WriteMention(w, m);
  w.EndArray();
  w.EndObject();
}

namespace {

// Event i of a timeline; str(w, id) writes the table's string id as a JSON
// string value (escaped then, or once per timeline: AppendTimelineJsonl).
template <class Str>
void WriteCompactEvent(JsonWriter& w, const Timeline& t, size_t i, Str&& str) {
  const CompactEvent& e = t.events[i];
  const MentionTable& table = t.table;
  auto strings = [&](std::span<const uint32_t> ids) {
    w.BeginArray();
    for (uint32_t id : ids) str(w, id);
    w.EndArray();
  };
  w.BeginObject();
  w.Key("event_id").String(t.Id(i));
  WriteDate(w, e.date);
  str(w.Key("type"), e.type);
  w.Key("participants");
  strings(e.participant_ids());
  str(w.Key("location"), e.location);
  w.Key("status").String(EventStatusName(e.status));
  w.Key("confidence").Double(e.confidence, 2);
  w.Key("sources");
  strings(e.source_ids());
  w.Key("title").String(e.title);
  const std::string_view evidence = table.str(e.evidence);
  if (SpaceCollapsed(evidence)) {
    str(w.Key("evidence"), e.evidence);
  } else {
    w.Key("evidence").String(CollapseSpace(evidence));
  }
  w.Key("conflicts").StringArray(e.conflicts);
  w.Key("mentions").BeginArray();
  for (uint32_t r : e.mention_ids()) {
    const CompactMention& m = table[r];
    w.BeginObject();
    str(w.Key("article"), m.article);
    str(w.Key("url"), m.url);
    str(w.Key("sentence"), m.sentence);
    w.Key("start").Int(m.start).Key("end").Int(m.end);
    w.Key("group").Int(m.group);
    str(w.Key("type"), m.type);
    w.Key("participants");
    strings(table.list(m.participants));
    str(w.Key("location"), m.location);
    w.Key("status").String(EventStatusName(m.status));
    WriteDate(w, m.date);
    w.Key("confidence").Double(m.confidence, 2);
    str(w.Key("trigger"), m.trigger);
    str(w.Key("rule"), m.rule);
    str(w.Key("date_text"), m.date_text);
    str(w.Key("date_reason"), m.date_reason);
    str(w.Key("dct"), m.dct);
    str(w.Key("dct_source"), m.dct_source);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

void AppendEventJson(std::string& out, const Timeline& t, size_t i) {
  // The same bytes as AppendEventJson(out, t.Materialize(i)), written from
  // the table's strings (merge_test renders both ways and compares).
  JsonWriter w(out);
  WriteCompactEvent(w, t, i, [&](JsonWriter& to, uint32_t id) { to.String(t.table.str(id)); });
}

namespace {

// AppendTimelineJsonl's lines: the bytes of WriteCompactEvent and a newline.
// A line's layout is fixed (every key in its place, so every comma is
// known), so each key goes out with its punctuation as one literal. Layout
// goes over a line twice: with Measure, which quotes its strings into
// `bytes` (a table string once per timeline: an article's events repeat its
// id, URL, DCT and sentences) and adds up its size, then with Write, which
// copies them into room made for the whole line at once.
class LineWriter {
 public:
  explicit LineWriter(const Timeline& t) : t_(t) {
    quoted_.assign(t.table.strings().size(), Piece{});
    bytes_.clear();
  }

  void Append(std::string& out, size_t i) {
    const CompactEvent& e = t_.events[i];
    const std::string_view evidence = t_.table.str(e.evidence);
    const bool collapsed = SpaceCollapsed(evidence);
    std::string evidence_text;
    if (!collapsed) evidence_text = CollapseSpace(evidence);
    pieces_.clear();
    Measure measure{*this};
    Layout(measure, e, i, collapsed, evidence_text);
    const size_t at = out.size();
    out.resize(at + measure.n);
    Write write{*this, out.data() + at};
    Layout(write, e, i, collapsed, evidence_text);
    out.resize(size_t(write.d - out.data()));
  }

 private:
  struct Piece {
    uint32_t at = 0, size = 0;  // in bytes_; size 0: not written yet
  };

  Piece Quote(uint32_t id) {
    Piece& q = quoted_[id];
    if (q.size == 0) q = Quoted(t_.table.str(id));
    return q;
  }
  Piece Quoted(std::string_view s) {
    const size_t at = bytes_.size();
    JsonWriter::AppendQuoted(bytes_, s);
    return {uint32_t(at), uint32_t(bytes_.size() - at)};
  }
  Piece Bytes(std::string_view s) {
    const size_t at = bytes_.size();
    bytes_.append(s);
    return {uint32_t(at), uint32_t(s.size())};
  }
  static std::string_view QuotedStatus(EventStatus s) {
    static const std::array<std::string, 3> kQuoted = [] {
      std::array<std::string, 3> q;
      for (size_t k = 0; k < q.size(); ++k) {
        JsonWriter::AppendQuoted(q[k], EventStatusName(EventStatus(k)));
      }
      return q;
    }();
    if (size_t(s) < kQuoted.size()) return kQuoted[size_t(s)];
    for (size_t k = 0; k < kQuoted.size(); ++k) {  // a value out of range: its name's
      if (EventStatusName(EventStatus(k)) == EventStatusName(s)) return kQuoted[k];
    }
    return kQuoted[0];
  }

  // Measure and Write take the same calls: literal bytes, a table string
  // quoted, any string quoted, a date's members, a confidence, a number, an
  // event id, a status.
  struct Measure {
    LineWriter& w;
    size_t n = 0;
    template <size_t N>
    void Lit(const char (&)[N]) { n += N - 1; }
    void Str(uint32_t id) { n += w.Quote(id).size; }
    void Text(std::string_view s) { Keep(w.Quoted(s)); }
    void Date(const DateValue& d) { Keep(w.Bytes(DateMembers(d))); }
    void Confidence(double v) {
      const size_t at = w.bytes_.size();
      JsonWriter(w.bytes_).Double(v, 2);  // first value at its level: no comma
      Keep({uint32_t(at), uint32_t(w.bytes_.size() - at)});
    }
    void Uint(uint32_t) { n += 10; }
    void Id(uint64_t, uint32_t) { n += kMaxEventId + 2; }
    void Status(EventStatus s) { n += QuotedStatus(s).size(); }
    void Keep(Piece p) {
      w.pieces_.push_back(p);
      n += p.size;
    }
  };
  struct Write {
    LineWriter& w;
    char* d;
    size_t next = 0;  // in w.pieces_
    template <size_t N>
    void Lit(const char (&s)[N]) { Copy(s, N - 1); }
    void Str(uint32_t id) { Copy(w.quoted_[id]); }
    void Text(std::string_view) { Copy(w.pieces_[next++]); }
    void Date(const DateValue&) { Copy(w.pieces_[next++]); }
    void Confidence(double) { Copy(w.pieces_[next++]); }
    void Uint(uint32_t v) { d = std::to_chars(d, d + 10, v).ptr; }
    void Id(uint64_t hash, uint32_t suffix) {
      *d++ = '"';
      d = WriteEventId(d, hash, suffix);
      *d++ = '"';
    }
    void Status(EventStatus s) {
      const std::string_view q = QuotedStatus(s);
      Copy(q.data(), q.size());
    }
    void Copy(Piece p) { Copy(w.bytes_.data() + p.at, p.size); }
    void Copy(const char* s, size_t n) {
      std::memcpy(d, s, n);
      d += n;
    }
  };

  template <class S>
  void Strings(S& s, std::span<const uint32_t> ids) {
    s.Lit("[");
    for (size_t k = 0; k < ids.size(); ++k) {
      if (k > 0) s.Lit(",");
      s.Str(ids[k]);
    }
    s.Lit("]");
  }

  template <class S>
  void Layout(S& s, const CompactEvent& e, size_t i, bool collapsed,
              const std::string& evidence_text) {
    const MentionTable& table = t_.table;
    s.Lit("{\"event_id\":");
    s.Id(t_.events[i].id_hash, t_.events[i].id_suffix);
    s.Lit(",\"date\":");
    s.Date(e.date);
    s.Lit(",\"type\":");
    s.Str(e.type);
    s.Lit(",\"participants\":");
    Strings(s, e.participant_ids());
    s.Lit(",\"location\":");
    s.Str(e.location);
    s.Lit(",\"status\":");
    s.Status(e.status);
    s.Lit(",\"confidence\":");
    s.Confidence(e.confidence);
    s.Lit(",\"sources\":");
    Strings(s, e.source_ids());
    s.Lit(",\"title\":");
    s.Text(e.title);
    s.Lit(",\"evidence\":");
    if (collapsed) {
      s.Str(e.evidence);
    } else {
      s.Text(evidence_text);
    }
    s.Lit(",\"conflicts\":[");
    for (size_t k = 0; k < e.conflicts.size(); ++k) {
      if (k > 0) s.Lit(",");
      s.Text(e.conflicts[k]);
    }
    s.Lit("],\"mentions\":[");
    bool first = true;
    for (uint32_t r : e.mention_ids()) {
      const CompactMention& m = table[r];
      if (!first) s.Lit(",");
      first = false;
      s.Lit("{\"article\":");
      s.Str(m.article);
      s.Lit(",\"url\":");
      s.Str(m.url);
      s.Lit(",\"sentence\":");
      s.Str(m.sentence);
      s.Lit(",\"start\":");
      s.Uint(m.start);
      s.Lit(",\"end\":");
      s.Uint(m.end);
      s.Lit(",\"group\":");
      s.Uint(m.group);
      s.Lit(",\"type\":");
      s.Str(m.type);
      s.Lit(",\"participants\":");
      Strings(s, table.list(m.participants));
      s.Lit(",\"location\":");
      s.Str(m.location);
      s.Lit(",\"status\":");
      s.Status(m.status);
      s.Lit(",\"date\":");
      s.Date(m.date);
      s.Lit(",\"confidence\":");
      s.Confidence(m.confidence);
      s.Lit(",\"trigger\":");
      s.Str(m.trigger);
      s.Lit(",\"rule\":");
      s.Str(m.rule);
      s.Lit(",\"date_text\":");
      s.Str(m.date_text);
      s.Lit(",\"date_reason\":");
      s.Str(m.date_reason);
      s.Lit(",\"dct\":");
      s.Str(m.dct);
      s.Lit(",\"dct_source\":");
      s.Str(m.dct_source);
      s.Lit("}");
    }
    s.Lit("]}\n");
  }

  const Timeline& t_;
  // Per thread, kept from one timeline to the next (sized for the largest yet).
  static thread_local std::vector<Piece> quoted_;  // per string id
  static thread_local std::vector<Piece> pieces_;  // a line's other values, in order
  static thread_local std::string bytes_;
};

thread_local std::vector<LineWriter::Piece> LineWriter::quoted_;
thread_local std::vector<LineWriter::Piece> LineWriter::pieces_;
thread_local std::string LineWriter::bytes_;

}  // namespace

void AppendTimelineJsonl(std::string& out, const Timeline& t) {
  LineWriter w(t);
  for (size_t i = 0; i < t.size(); ++i) w.Append(out, i);
}

Result<Event> EventFromJson(std::string_view line) {
  // One parser per thread, reused across calls: a parser allocates its
  // buffers when first used and grows them to the largest line seen, and
  // making a new one per line was about a fifth of `timeline merge`. Nothing
  // parsed is kept past this call (the Event copies what it needs).
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element el;
  auto code = parser.parse(line.data(), line.size(), true).get(el);
  if (code != simdjson::SUCCESS) {
    return Error("", 0, fmt::format("not valid JSON: {}", simdjson::error_message(code)));
  }
  simdjson::dom::object o;
  if (el.get_object().get(o) != simdjson::SUCCESS) return Error("", 0, "not a JSON object");
  Event e;
  std::string err, status;
  if (!GetString(o, "event_id", e.id, err) || !GetDate(o, e.date, err) ||
      !GetString(o, "type", e.type, err) || !GetStrings(o, "participants", e.participants, err) ||
      !GetString(o, "location", e.location, err) || !GetString(o, "status", status, err) ||
      !GetStrings(o, "sources", e.sources, err) || !GetString(o, "title", e.title, err) ||
      !GetString(o, "evidence", e.evidence, err) ||
      !GetStrings(o, "conflicts", e.conflicts, err)) {
    return Error("", 0, err);
  }
  if (auto s = ParseEventStatus(status)) e.status = *s;
  e.confidence = GetNumber(o, "confidence", 0);
  simdjson::dom::array mentions;
  if (o.at_key("mentions").get_array().get(mentions) != simdjson::SUCCESS) {
    return Error("", 0, "missing \"mentions\" array (merge needs each event's mentions)");
  }
  for (simdjson::dom::element me : mentions) {
    simdjson::dom::object mo;
    if (me.get_object().get(mo) != simdjson::SUCCESS) return Error("", 0, "a mention is not an object");
    EventMention m;
    std::string mstatus;
    if (!GetString(mo, "article", m.article, err) || !GetString(mo, "url", m.url, err) ||
        !GetString(mo, "sentence", m.sentence, err) || !GetString(mo, "type", m.type, err) ||
        !GetStrings(mo, "participants", m.participants, err) ||
        !GetString(mo, "location", m.location, err) || !GetString(mo, "status", mstatus, err) ||
        !GetDate(mo, m.date, err) || !GetString(mo, "trigger", m.trigger, err) ||
        !GetString(mo, "rule", m.rule, err) || !GetString(mo, "date_text", m.date_text, err) ||
        !GetString(mo, "date_reason", m.date_reason, err) || !GetString(mo, "dct", m.dct, err) ||
        !GetString(mo, "dct_source", m.dct_source, err)) {
      return Error("", 0, fmt::format("mention: {}", err));
    }
    if (m.article.empty()) return Error("", 0, "mention: missing \"article\"");
    if (auto s = ParseEventStatus(mstatus)) m.status = *s;
    constexpr double kMaxIndex = std::numeric_limits<uint32_t>::max();
    double start = 0, end = 0, group = 0, confidence = 0;
    if (!GetNumberIn(mo, "start", 0, kMaxIndex, 0, start, err) ||
        !GetNumberIn(mo, "end", 0, kMaxIndex, 0, end, err) ||
        !GetNumberIn(mo, "group", 0, kMaxIndex, 0, group, err) ||
        !GetNumberIn(mo, "confidence", 0, 1, 0.5, confidence, err)) {
      return Error("", 0, fmt::format("mention: {}", err));
    }
    m.start = uint32_t(start);
    m.end = uint32_t(end);
    m.group = uint32_t(group);
    m.confidence = float(confidence);
    e.mentions.push_back(std::move(m));
  }
  return e;
}

namespace {

// Events per block rendered as one piece, and blocks per thread rendered
// before they are written (RenderTo): a csv block is ~40 KB, a jsonl block
// ~1 MB on news.
constexpr size_t kBlock = 512;
constexpr size_t kBlocksPerThread = 4;

// The csv rows or jsonl lines of events [b * kBlock, ...) for blocks
// [first, last), into pieces[0, last - first), on up to `threads` threads.
// A timeline's jsonl lines are written from its table (no Event is
// materialized), its csv rows from Events without mentions.
void RenderBlocks(std::vector<std::string>& pieces, const EventList& events, size_t first,
                  size_t last, unsigned threads, bool csv) {
  pieces.resize(last - first);
  ParallelFor(last - first, threads, [&](size_t b, unsigned) {
    Event scratch;
    std::string& piece = pieces[b];
    piece.clear();
    const size_t end = std::min(events.size(), (first + b + 1) * kBlock);
    for (size_t i = (first + b) * kBlock; i < end; ++i) {
      if (csv) {
        AppendCsvRow(piece, events.Get(i, scratch, /*with_mentions=*/false));
        continue;
      }
      if (events.timeline()) {
        AppendEventJson(piece, *events.timeline(), i);
      } else {
        AppendEventJson(piece, events.Get(i, scratch));
      }
      piece += '\n';
    }
  });
}

}  // namespace

std::string RenderJsonl(const EventList& events, unsigned threads) {
  std::string out;
  for (const std::string& piece : RenderPieces(Format::kJsonl, events, {}, threads)) out += piece;
  return out;
}

std::vector<std::string> RenderPieces(Format f, const EventList& events, const RenderInfo& info,
                                      unsigned threads) {
  std::vector<std::string> pieces;
  auto keep = [&](std::string_view piece) -> Result<void> {
    pieces.emplace_back(piece);
    return {};
  };
  (void)RenderTo(f, events, info, threads, keep);
  return pieces;
}

Result<void> RenderTo(Format f, const EventList& events, const RenderInfo& info, unsigned threads,
                      const std::function<Result<void>(std::string_view)>& write) {
  if (f != Format::kCsv && f != Format::kJsonl) return write(Render(f, events, info, threads));
  const bool csv = f == Format::kCsv;
  if (csv) {
    if (auto w = write(kCsvHeader); !w.ok()) return w;
  }
  threads = std::max(1u, threads);
  const size_t blocks = (events.size() + kBlock - 1) / kBlock;
  const size_t round = kBlocksPerThread * threads;
  std::vector<std::string> pieces;
  for (size_t first = 0; first < blocks; first += round) {
    const size_t last = std::min(blocks, first + round);
    RenderBlocks(pieces, events, first, last, threads, csv);
    for (const std::string& piece : pieces) {
      if (auto w = write(piece); !w.ok()) return w;
    }
  }
  return {};
}

std::string RenderJson(const EventList& events, const RenderInfo& info) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("generated_by").String(info.generated_by);
  w.Key("articles").Int(int64_t(info.articles));
  w.Key("events").BeginArray();
  Event scratch;
  std::string event;
  for (size_t i = 0; i < events.size(); ++i) {
    event.clear();
    if (events.timeline()) {
      AppendEventJson(event, *events.timeline(), i);
    } else {
      AppendEventJson(event, events.Get(i, scratch));
    }
    w.Raw(event);
  }
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

std::string Render(Format f, const EventList& events, const RenderInfo& info, unsigned threads) {
  switch (f) {
    case Format::kJsonl:
      return RenderJsonl(events, threads);
    case Format::kJson: return RenderJson(events, info);
    case Format::kTimelineJs: return RenderTimelineJs(events, info);
    case Format::kHtml: return RenderHtml(events, info);
    case Format::kCsv: break;
  }
  return RenderCsv(events, threads);
}

}  // namespace timeline::sinks
