// SPDX-License-Identifier: Apache-2.0
// Text helpers shared by the human-facing sinks (html, timelinejs); not a public header.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "pipeline/date_value.h"
#include "pipeline/event.h"

namespace timeline::sinks::detail {

// Escapes text for HTML element content and quoted attribute values:
// & < > " ' become entities. Never fails; UTF-8 passes through.
std::string HtmlEscape(std::string_view s);

// A date for people, at its precision: "9 September 2021", "15–21 November
// 2021" (a week), "November 2021", "Q4 2021", "2021"; "undated" when !dated().
std::string HumanDate(const DateValue& d);

// The English month name, 1..12.
std::string_view MonthName(unsigned month);

// True for absolute http(s) URLs without characters that would need
// escaping beyond HtmlEscape (so a link cannot become javascript: etc.).
bool SafeUrl(std::string_view url);

// Article id -> its URL (the first non-empty URL among the event's mentions
// of that article; articles without one are absent).
std::map<std::string, std::string> ArticleUrls(const Event& e);

}  // namespace timeline::sinks::detail
