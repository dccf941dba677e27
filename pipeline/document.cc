// SPDX-License-Identifier: Apache-2.0
// Names of the enums in document.h, RuleRef formatting, and the timex slice lookup.
#include "pipeline/document.h"

#include <algorithm>
#include <charconv>

namespace timeline {

std::string RuleRef::ToString() const {
  if (file.empty()) return std::string(id);
  // By hand, not fmt::format: stages put one into the notes of most
  // mentions and dates, and fmt parses its format string on every call.
  char digits[10];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, line);
  std::string out;
  out.reserve(file.size() + 1 + size_t(end - digits) + (id.empty() ? 0 : 1 + id.size()));
  out.append(file);
  out += ':';
  out.append(digits, end);
  if (!id.empty()) {
    out += ' ';
    out.append(id);
  }
  return out;
}

std::string_view DctSourceName(DctSource s) {
  switch (s) {
    case DctSource::kMetadata: return "metadata";
    case DctSource::kHeaderLine: return "header";
    case DctSource::kUrl: return "url";
    case DctSource::kText: return "text";
    case DctSource::kCommandLine: return "cli";
    case DctSource::kNone: break;
  }
  return "none";
}

std::string_view TimexTypeName(TimexType t) {
  switch (t) {
    case TimexType::kTime: return "TIME";
    case TimexType::kDuration: return "DURATION";
    case TimexType::kSet: return "SET";
    case TimexType::kDate: break;
  }
  return "DATE";
}

std::span<const Timex> Document::TimexesFrom(Span s) const {
  auto first = [](const Timex& t, uint32_t x) { return t.span.begin < x; };
  auto lo = std::lower_bound(timexes.begin(), timexes.end(), s.begin, first);
  auto hi = std::lower_bound(lo, timexes.end(), std::max(s.begin, s.end), first);
  return std::span<const Timex>(timexes.data() + (lo - timexes.begin()), size_t(hi - lo));
}

std::string_view EventStatusName(EventStatus s) {
  switch (s) {
    case EventStatus::kPlanned: return "planned";
    case EventStatus::kCancelled: return "cancelled";
    case EventStatus::kOccurred: break;
  }
  return "occurred";
}

std::optional<EventStatus> ParseEventStatus(std::string_view s) {
  for (auto v : {EventStatus::kOccurred, EventStatus::kPlanned, EventStatus::kCancelled}) {
    if (EventStatusName(v) == s) return v;
  }
  return std::nullopt;
}

}  // namespace timeline
