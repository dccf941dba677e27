// SPDX-License-Identifier: Apache-2.0
// UTF-8 validation and repair, and the binary-file heuristic.
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "stages/ingest/ingest.h"

namespace timeline::ingest {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if invalid (RFC 3629).
size_t ValidSequence(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = s.size() - i;
  if (c >= 0x01 && c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (b(i + 1) & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (b(i + 1) & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogates
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (b(i + 1) & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80 ||
        (b(i + 3) & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;  // NUL, continuation byte, 0xC0/0xC1, 0xF5..0xFF
}

// Length of the maximal subpart of an ill-formed sequence at s[i] (Unicode
// "U+FFFD substitution of maximal subparts"): a lead byte and the
// continuation bytes that could still have completed it; at least 1.
size_t MaximalSubpart(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t need = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 1;
  size_t len = 1;
  while (len < need && i + len < s.size()) {
    unsigned char x = b(i + len);
    unsigned char lo = 0x80, hi = 0xBF;
    if (len == 1) {
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    if (x < lo || x > hi) break;
    ++len;
  }
  return len;
}

}  // namespace

uint32_t RepairUtf8(std::string& text) {
  // Fastest path, nearly every text: no NUL (which we count as invalid) and
  // valid UTF-8, both checked with SIMD.
  if (std::memchr(text.data(), 0, text.size()) == nullptr &&
      simdjson::validate_utf8(text.data(), text.size()))
    return 0;
  size_t i = 0;
  // Fast path: find the first invalid position without copying.
  while (i < text.size()) {
    size_t len = ValidSequence(text, i);
    if (len == 0) break;
    i += len;
  }
  if (i == text.size()) return 0;
  std::string out;
  out.reserve(text.size() + 16);
  out.append(text, 0, i);
  uint32_t replaced = 0;
  while (i < text.size()) {
    size_t len = ValidSequence(text, i);
    if (len > 0) {
      out.append(text, i, len);
      i += len;
      continue;
    }
    ++replaced;
    out += "\xEF\xBF\xBD";
    i += MaximalSubpart(text, i);
  }
  text.swap(out);
  return replaced;
}

bool LooksBinary(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 4096);
  size_t odd = 0;
  // Eight bytes at a time: a word without a control byte (below 0x20; the
  // test is exact as a yes/no for the word) holds no NUL and nothing odd.
  constexpr uint64_t kOnes = ~uint64_t{0} / 255, kHigh = kOnes * 0x80;
  size_t i = 0;
  while (i < head.size()) {
    if (i + 8 <= head.size()) {
      uint64_t v;
      std::memcpy(&v, head.data() + i, 8);
      if (!((v - kOnes * 0x20) & ~v & kHigh)) {
        i += 8;
        continue;
      }
    }
    const size_t stop = std::min(head.size(), i + 8);
    for (; i < stop; ++i) {
      unsigned char c = static_cast<unsigned char>(head[i]);
      if (c == 0) return true;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b)
        ++odd;
    }
  }
  return !head.empty() && odd * 10 > head.size();
}

}  // namespace timeline::ingest
