// SPDX-License-Identifier: Apache-2.0
// Document -> self-contained event mentions; --dump-after and timex JSON.
#include <fmt/format.h>

#include <algorithm>

#include "pipeline/compact.h"
#include "pipeline/json.h"
#include "pipeline/pipeline.h"

namespace timeline {

namespace {

// Calls f(EventMentionRef) for each mention of doc, in order: its fields as
// ToEventMentions copies them and AddEventMentions interns them (the views
// point into doc and into strings held here during the call).
template <class F>
void EachEventMention(const Document& doc, F&& f) {
  const std::string_view text = doc.text();
  const auto clamp = [&](uint32_t b) { return std::min(b, uint32_t(text.size())); };
  auto sentence_of = [&](const Mention& m) {
    return m.sentence < doc.sentences.size() ? doc.sentences[m.sentence].span : m.trigger;
  };
  // Where the sentence's text (doc.text(sent)) ends.
  auto stop_of = [&](Span s) { return s.end >= s.begin ? s.end : uint32_t(text.size()); };
  // Code-point offsets of every sentence boundary, counted in one pass over
  // the text (counting from the start for each mention is quadratic in the
  // article's length).
  std::vector<uint32_t> bytes;
  bytes.reserve(2 * doc.mentions.size());
  for (const Mention& m : doc.mentions) {
    Span sent = sentence_of(m);
    bytes.push_back(clamp(sent.begin));
    bytes.push_back(clamp(stop_of(sent)));
  }
  std::sort(bytes.begin(), bytes.end());
  bytes.erase(std::unique(bytes.begin(), bytes.end()), bytes.end());
  std::vector<uint32_t> cps(bytes.size());
  uint32_t at = 0, cp = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    cp += CodePointOffset(text.substr(at), bytes[i] - at);
    at = bytes[i];
    cps[i] = cp;
  }
  auto cp_of = [&](uint32_t b) {
    return cps[size_t(std::lower_bound(bytes.begin(), bytes.end(), clamp(b)) - bytes.begin())];
  };
  // The same for every mention of the article.
  const std::string dct = doc.dct.known() ? doc.dct.date.ToTimex() : std::string();
  const std::string_view dct_source = DctSourceName(doc.dct.source);
  std::string rule;
  RuleRef rule_of;  // the RuleRef `rule` was written from (mentions of a rule follow each other)
  for (const Mention& m : doc.mentions) {
    EventMentionRef e;
    e.article = doc.article.id;
    e.url = doc.article.url;
    e.group = m.group;
    e.type = m.type;
    e.participants = &m.participants;
    e.location = m.location;
    e.status = m.status;
    e.date = m.date;
    e.confidence = m.confidence;
    Span sent = sentence_of(m);
    e.sentence = doc.text(sent);
    e.start = cp_of(sent.begin);
    e.end = cp_of(stop_of(sent));
    e.trigger = doc.text(m.trigger);
    if (rule.empty() || m.rule.file != rule_of.file || m.rule.line != rule_of.line ||
        m.rule.id != rule_of.id) {
      rule = m.rule.ToString();
      rule_of = m.rule;
    }
    e.rule = rule;
    if (!m.date_span.empty()) e.date_text = doc.text(m.date_span);
    e.date_reason = m.date_reason;
    e.dct = dct;
    e.dct_source = dct_source;
    f(e);
  }
}

}  // namespace

std::vector<EventMention> ToEventMentions(const Document& doc) {
  std::vector<EventMention> out;
  out.reserve(doc.mentions.size());
  EachEventMention(doc, [&out](const EventMentionRef& r) {
    EventMention& e = out.emplace_back();
    e.article = std::string(r.article);
    e.url = std::string(r.url);
    e.group = r.group;
    e.type = std::string(r.type);
    e.participants = *r.participants;
    e.location = std::string(r.location);
    e.status = r.status;
    e.date = r.date;
    e.confidence = r.confidence;
    e.sentence = std::string(r.sentence);
    e.start = r.start;
    e.end = r.end;
    e.trigger = std::string(r.trigger);
    e.rule = std::string(r.rule);
    e.date_text = std::string(r.date_text);
    e.date_reason = std::string(r.date_reason);
    e.dct = std::string(r.dct);
    e.dct_source = std::string(r.dct_source);
  });
  return out;
}

void AddEventMentions(const Document& doc, MentionTable& table) {
  EachEventMention(doc, [&table](const EventMentionRef& r) { table.Add(r); });
}

namespace {

void SpanFields(JsonWriter& w, const Document& doc, Span s) {
  w.Key("start").Int(s.begin).Key("end").Int(s.end).Key("text").String(doc.text(s));
}

void DateFields(JsonWriter& w, const DateValue& d) {
  w.Key("date").String(d.ToTimex()).Key("precision").String(PrecisionName(d.precision));
  if (d.dated()) w.Key("date_start").String(FormatDay(d.first)).Key("date_end").String(FormatDay(d.last));
}

}  // namespace

std::string DumpDocument(const Document& doc, std::string_view stage) {
  const size_t upto = StageIndex(stage).value_or(0);
  auto reached = [&](std::string_view s) { return *StageIndex(s) <= upto; };
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("stage").String(stage);
  w.Key("id").String(doc.article.id).Key("origin").String(doc.article.origin);
  w.Key("url").String(doc.article.url).Key("title").String(doc.article.title);
  w.Key("bytes").Int(int64_t(doc.article.text.size()));
  w.Key("invalid_utf8").Int(doc.article.invalid_utf8);
  if (reached("clean")) {
    w.Key("boilerplate").BeginArray();
    for (Span s : doc.boilerplate) {
      w.BeginObject();
      SpanFields(w, doc, s);
      w.EndObject();
    }
    w.EndArray();
    w.Key("header").BeginArray();
    for (const HeaderField& h : doc.header) {
      w.BeginObject().Key("key").String(h.key);
      SpanFields(w, doc, h.value);
      w.EndObject();
    }
    w.EndArray();
  }
  if (reached("dct")) {
    w.Key("dct").BeginObject();
    w.Key("value").String(doc.dct.date.ToTimex());
    w.Key("source").String(DctSourceName(doc.dct.source));
    w.Key("confidence").Double(doc.dct.confidence, 2);
    w.Key("rule").String(doc.dct.rule.ToString());
    if (!doc.dct.evidence.empty()) SpanFields(w, doc, doc.dct.evidence);
    w.EndObject();
  }
  if (reached("segment")) {
    w.Key("sentences").BeginArray();
    for (const Sentence& s : doc.sentences) {
      w.BeginObject().Key("paragraph").Int(s.paragraph);
      SpanFields(w, doc, s.span);
      w.EndObject();
    }
    w.EndArray();
  }
  if (reached("timex")) {
    w.Key("timexes").BeginArray();
    for (const Timex& t : doc.timexes) {
      w.BeginObject();
      SpanFields(w, doc, t.span);
      w.Key("type").String(TimexTypeName(t.type)).Key("value").String(t.value);
      DateFields(w, t.date);
      w.Key("rule").String(t.rule.ToString());
      w.EndObject();
    }
    w.EndArray();
  }
  if (reached("mentions")) {
    w.Key("mentions").BeginArray();
    for (const Mention& m : doc.mentions) {
      w.BeginObject();
      w.Key("type").String(m.type);
      SpanFields(w, doc, m.trigger);
      w.Key("sentence").Int(m.sentence);
      w.Key("participants").StringArray(m.participants);
      w.Key("location").String(m.location);
      w.Key("status").String(EventStatusName(m.status));
      w.Key("rule").String(m.rule.ToString());
      w.Key("notes").StringArray(m.notes);
      if (reached("anchor")) {
        DateFields(w, m.date);
        w.Key("date_text").String(doc.text(m.date_span));
        w.Key("date_reason").String(m.date_reason);
        w.Key("group").Int(m.group);
        w.Key("confidence").Double(m.confidence, 2);
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return out;
}

std::string TimexJson(const Document& doc) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("doc").String(doc.article.id);
  if (doc.dct.known()) {
    w.Key("dct").String(doc.dct.date.ToTimex());
  } else {
    w.Key("dct").Null();
  }
  w.Key("timexes").BeginArray();
  const std::string_view text = doc.text();
  // Timexes are in text order, so code points are counted incrementally.
  uint32_t byte_pos = 0, cp_pos = 0;
  auto to_cp = [&](uint32_t b) {
    if (b < byte_pos) {
      byte_pos = 0;
      cp_pos = 0;
    }
    cp_pos += CodePointOffset(text.substr(byte_pos), b - byte_pos);
    byte_pos = b;
    return cp_pos;
  };
  for (const Timex& t : doc.timexes) {
    uint32_t start = to_cp(t.span.begin);
    uint32_t end = to_cp(t.span.end);
    w.BeginObject();
    w.Key("start").Int(start).Key("end").Int(end).Key("text").String(doc.text(t.span));
    w.Key("type").String(TimexTypeName(t.type)).Key("value").String(t.value);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

}  // namespace timeline
