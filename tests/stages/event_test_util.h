// SPDX-License-Identifier: Apache-2.0
// Helpers for the mentions and anchor tests: documents with hand-made layers.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/date_value.h"
#include "pipeline/document.h"
#include "tests/test_util.h"

namespace timeline::testing {

// A Document whose text is the sentences joined by a space, one Sentence
// (and one paragraph) per entry, and the given publication date.
inline Document MakeSentenceList(const std::vector<std::string_view>& sentences,
                                 std::string_view dct = "") {
  std::string text;
  std::vector<Span> spans;
  for (std::string_view s : sentences) {
    if (!text.empty()) text += ' ';
    uint32_t b = uint32_t(text.size());
    text += s;
    spans.push_back(Span{b, uint32_t(text.size())});
  }
  Document doc = MakeDocument(text, dct);
  for (uint32_t i = 0; i < spans.size(); ++i) doc.sentences.push_back(Sentence{spans[i], i});
  doc.paragraphs = spans;
  return doc;
}

// The same for a literal list.
inline Document MakeSentences(std::initializer_list<std::string_view> sentences,
                              std::string_view dct = "") {
  return MakeSentenceList(std::vector<std::string_view>(sentences), dct);
}

// Adds a DATE timex on the n-th occurrence (0-based) of `words` with a TIMEX3
// calendar value ("2021-W46"); keeps timexes in text order.
inline bool AddTimex(Document& doc, std::string_view words, std::string_view value, int nth = 0) {
  size_t pos = doc.text().find(words);
  while (pos != std::string_view::npos && nth-- > 0) pos = doc.text().find(words, pos + 1);
  auto date = DateValue::ParseTimex(value);
  if (pos == std::string_view::npos || !date) return false;
  Timex t;
  t.span = Span{uint32_t(pos), uint32_t(pos + words.size())};
  t.type = TimexType::kDate;
  t.value = std::string(value);
  t.date = *date;
  t.rule = RuleRef{"test", 0, "test"};
  doc.timexes.push_back(t);
  std::sort(doc.timexes.begin(), doc.timexes.end(),
            [](const Timex& a, const Timex& b) { return a.span.begin < b.span.begin; });
  return true;
}

inline std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += ';';
    out += s;
  }
  return out;
}

}  // namespace timeline::testing
