// SPDX-License-Identifier: Apache-2.0
// Invariant checks shared by the fuzz harnesses: a violation aborts, so that
// the fuzzer (and the corpus replay under ctest) reports it.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "pipeline/document.h"

namespace timeline::fuzz {

inline void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

// Every span a stage added lies inside the text.
inline void CheckSpans(const Document& doc) {
  const size_t n = doc.text().size();
  auto in = [&](Span s) { return s.ok() && s.end <= n; };
  for (Span s : doc.boilerplate) Require(in(s), "boilerplate span outside the text");
  Require(doc.boilerplate_rules.size() == doc.boilerplate.size(), "boilerplate_rules size");
  for (const HeaderField& h : doc.header) {
    Require(in(h.line) && in(h.value), "header span outside the text");
  }
  Require(in(doc.dct.evidence), "dct evidence outside the text");
  Require(!doc.dct.known() || doc.dct.date.ok(), "dct date not ok");
  for (Span s : doc.paragraphs) Require(in(s) && !s.empty(), "bad paragraph span");
  uint32_t last = 0;
  for (const Sentence& s : doc.sentences) {
    Require(in(s.span) && !s.span.empty(), "bad sentence span");
    Require(s.span.begin >= last, "sentences out of order");
    Require(s.paragraph < doc.paragraphs.size(), "sentence paragraph index");
    last = s.span.end;
  }
  for (const Timex& t : doc.timexes) Require(in(t.span), "timex span outside the text");
}

}  // namespace timeline::fuzz
