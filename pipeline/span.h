// SPDX-License-Identifier: Apache-2.0
// Span: a half-open range of byte offsets into an article's original text.
#pragma once

#include <cstdint>
#include <type_traits>

namespace timeline {

// [begin, end) in bytes into Article::text, the text exactly as ingested
// (after UTF-8 repair). Stages never rewrite the text, so a Span taken at any
// stage points at the same bytes. Make a string_view on demand with
// Document::text(span); never store that view in long-lived structs.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  constexpr uint32_t size() const { return end - begin; }
  constexpr bool empty() const { return end <= begin; }
  constexpr bool ok() const { return begin <= end; }
  constexpr bool Contains(Span o) const { return begin <= o.begin && o.end <= end; }
  constexpr bool Overlaps(Span o) const { return begin < o.end && o.begin < end; }
  friend constexpr bool operator==(Span, Span) = default;
  friend constexpr auto operator<=>(Span, Span) = default;
};

static_assert(sizeof(Span) == 8);
static_assert(std::is_trivially_copyable_v<Span>);

}  // namespace timeline
