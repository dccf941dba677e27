// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the unit tests: in-memory documents and articles.
#pragma once

#include <date/date.h>

#include <string>
#include <string_view>

#include "pipeline/date_value.h"
#include "pipeline/document.h"

namespace timeline::testing {

// A Document with the given text and, when dct is "YYYY-MM-DD", a known
// publication date from metadata.
inline Document MakeDocument(std::string_view text, std::string_view dct = "",
                             std::string_view id = "test") {
  Document doc;
  doc.article.id = std::string(id);
  doc.article.origin = std::string(id);
  doc.article.text = std::string(text);
  if (auto d = DateValue::ParseIsoDay(dct)) {
    doc.article.published = *d;
    doc.dct.date = DateValue::Day(*d);
    doc.dct.source = DctSource::kMetadata;
    doc.dct.confidence = 1;
  }
  return doc;
}

inline date::sys_days Day(std::string_view iso) { return *DateValue::ParseIsoDay(iso); }

}  // namespace timeline::testing
