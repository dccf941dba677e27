// SPDX-License-Identifier: Apache-2.0
// Article: one input article as ingested, owning its bytes.
#pragma once

#include <date/date.h>

#include <cstdint>
#include <optional>
#include <string>

namespace timeline {

struct Article {
  std::string id;      // object "id"; else path relative to the directory argument; else base name
  std::string url;     // may be empty
  std::string title;   // may be empty
  std::string text;    // valid UTF-8 (invalid bytes replaced by U+FFFD, same offsets kept
                       // only where nothing was replaced); stages never rewrite it
  std::optional<date::sys_days> published;  // from the input's metadata, when given and valid
  std::string origin;  // where it came from: "PATH" or "PATH:LINE" (for messages)
  uint32_t invalid_utf8 = 0;  // how many invalid byte sequences were replaced
};

}  // namespace timeline
