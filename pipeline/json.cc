// SPDX-License-Identifier: Apache-2.0
// JsonWriter implementation.
#include "pipeline/json.h"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace timeline {

namespace {
constexpr uint32_t kInlineLevels = 64;
}  // namespace

bool JsonWriter::NeedComma() {
  if (after_key_) {
    after_key_ = false;
    return false;
  }
  if (depth_ < kInlineLevels) {
    const uint64_t bit = uint64_t{1} << depth_;
    const bool first = first_ & bit;
    first_ &= ~bit;
    return !first;
  }
  auto first = deeper_[depth_ - kInlineLevels];
  const bool was_first = first;
  first = false;
  return !was_first;
}

void JsonWriter::Comma() {
  if (NeedComma()) out_.push_back(',');
}

void JsonWriter::Push() {
  ++depth_;
  if (depth_ < kInlineLevels) {
    first_ |= uint64_t{1} << depth_;
  } else {
    deeper_.push_back(true);
  }
}

void JsonWriter::Pop() {
  if (depth_ == 0) return;
  if (depth_ >= kInlineLevels) deeper_.pop_back();
  --depth_;
}

JsonWriter& JsonWriter::BeginObject() {
  Comma();
  out_.push_back('{');
  Push();
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  Pop();
  out_.push_back('}');
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Comma();
  out_.push_back('[');
  Push();
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  Pop();
  out_.push_back(']');
  return *this;
}
JsonWriter& JsonWriter::Key(const JsonKey& k) {
  const size_t skip = NeedComma() ? 0 : 1;  // the comma
  out_.append(k.bytes + skip, k.size - skip);
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view s) {
  Put(out_, NeedComma() ? ',' : 0, s);
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t v) {
  Comma();
  // The bytes fmt's "{}" writes, without parsing a format string per value.
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, size_t(r.ptr - buf));
  return *this;
}
JsonWriter& JsonWriter::Double(double v, int decimals) {
  Comma();
  if (!std::isfinite(v)) v = 0;
  // Two decimals (confidences) through a format compiled once: the same
  // formatter, so the same bytes, as the run-time "{:.{}f}".
  // Their bytes are kept per thread by value (an output's confidences take
  // few distinct values: a rule's, and their noisy-OR combinations), in a
  // small table indexed by the value's bits; a slot holds the last value
  // that fell in it.
  struct Memo {
    uint64_t bits = ~uint64_t{0};  // a NaN: never a value formatted here
    uint8_t size = 0;
    char bytes[23];
  };
  thread_local Memo memo[64];
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  Memo& m = memo[(bits * 0x9E3779B97F4A7C15) >> 58];
  if (decimals == 2 && m.bits == bits) {
    out_.append(m.bytes, m.size);
    return *this;
  }
  fmt::memory_buffer buf;
  if (decimals == 2) {
    fmt::format_to(std::back_inserter(buf), FMT_COMPILE("{:.2f}"), v);
    if (buf.size() <= sizeof m.bytes) {
      m.bits = bits;
      m.size = uint8_t(buf.size());
      std::memcpy(m.bytes, buf.data(), buf.size());
    }
  } else {
    fmt::format_to(std::back_inserter(buf), "{:.{}f}", v, decimals);
  }
  out_.append(buf.data(), buf.size());
  return *this;
}
JsonWriter& JsonWriter::Bool(bool v) {
  Comma();
  out_ += v ? "true" : "false";
  return *this;
}
JsonWriter& JsonWriter::Null() {
  Comma();
  out_ += "null";
  return *this;
}
JsonWriter& JsonWriter::Raw(std::string_view json) {
  Comma();
  out_ += json;
  return *this;
}
JsonWriter& JsonWriter::StringArray(const std::vector<std::string>& v) {
  BeginArray();
  for (const auto& s : v) String(s);
  return EndArray();
}

namespace {

// A byte that must be escaped in a JSON string: a control byte, DEL, '"' or '\\'.
bool NeedsEscape(unsigned char u) { return u < 0x20 || u == 0x7f || u == '"' || u == '\\'; }

// The index of the first byte of p[i, n) that needs an escape, or n. Eight
// bytes at a time while none does: bit tricks that are exact as a yes/no for
// the whole word.
[[gnu::always_inline]] inline size_t NextEscape(const char* p, size_t i, size_t n) {
  constexpr uint64_t kOnes = ~uint64_t{0} / 255, kHigh = kOnes * 0x80;
  auto any_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  auto flagged = [&](size_t at) {
    uint64_t v;
    std::memcpy(&v, p + at, 8);
    return (((v - kOnes * 0x20) & ~v & kHigh) | any_zero(v ^ (kOnes * '"')) |
            any_zero(v ^ (kOnes * '\\')) | any_zero(v ^ (kOnes * 0x7f))) != 0;
  };
  // Sixteen bytes at a time first (GCC's vector extension: SSE2 on x86-64).
  using Bytes16 = unsigned char __attribute__((vector_size(16)));
  auto flagged16 = [&](size_t at) {
    Bytes16 v;
    std::memcpy(&v, p + at, 16);
    const auto hit = (v < 0x20) | (v == 0x7f) | (v == '"') | (v == '\\');
    uint64_t w[2];
    std::memcpy(w, &hit, 16);
    return (w[0] | w[1]) != 0;
  };
  while (i + 16 <= n && !flagged16(i)) i += 16;
  while (i + 8 <= n) {
    if (flagged(i)) break;
    i += 8;
  }
  // Fewer than eight bytes left: the last eight bytes of the string (those
  // before i are known to need none) settle it in one word.
  if (i < n && i + 8 > n && n >= 8 && !flagged(n - 8)) return n;
  // At most 7 bytes to the escape of a flagged word, or a short string.
  while (i < n && !NeedsEscape(static_cast<unsigned char>(p[i]))) ++i;
  return i;
}

// The short escape of c ('n' for a newline), or 0 when c takes \\u00XX.
char ShortEscape(char c) {
  switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '\n': return 'n';
    case '\r': return 'r';
    case '\t': return 't';
    case '\b': return 'b';
    case '\f': return 'f';
    default: return 0;
  }
}

}  // namespace

void JsonWriter::Put(std::string& out, char lead, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const char* p = s.data();
  const size_t n = s.size();
  // The size first (most strings need no escape: one scan), then the bytes
  // written in place: one resize per string instead of an append per piece.
  size_t extra = 0;
  for (size_t i = NextEscape(p, 0, n); i < n; i = NextEscape(p, i + 1, n))
    extra += ShortEscape(p[i]) ? 1 : 5;
  const size_t at = out.size();
  out.resize(at + (lead != 0) + n + extra + 2);
  char* d = out.data() + at;
  if (lead) *d++ = lead;
  *d++ = '"';
  if (extra == 0) {
    std::memcpy(d, p, n);
    d += n;
  } else {
    size_t run = 0;  // the first byte not yet copied
    for (size_t i = NextEscape(p, 0, n); i < n; i = NextEscape(p, i + 1, n)) {
      std::memcpy(d, p + run, i - run);
      d += i - run;
      run = i + 1;
      const auto u = static_cast<unsigned char>(p[i]);
      *d++ = '\\';
      if (char e = ShortEscape(p[i])) {
        *d++ = e;
      } else {
        *d++ = 'u';
        *d++ = '0';
        *d++ = '0';
        *d++ = kHex[u >> 4];
        *d++ = kHex[u & 15];
      }
    }
    std::memcpy(d, p + run, n - run);
    d += n - run;
  }
  *d = '"';
}

void JsonWriter::AppendQuoted(std::string& out, std::string_view s) { Put(out, 0, s); }

uint32_t CodePointOffset(std::string_view s, uint32_t byte_offset) {
  if (byte_offset > s.size()) byte_offset = uint32_t(s.size());
  // The bytes minus the continuation bytes (10xxxxxx), these counted eight
  // bytes at a time: one counter per byte lane, summed every 255 words
  // (before a lane can overflow).
  constexpr uint64_t kHigh = 0x8080808080808080, kLow16 = 0x00ff00ff00ff00ff;
  const char* p = s.data();
  uint32_t continuation = 0;
  uint32_t i = 0;
  while (byte_offset - i >= 8) {
    const uint32_t words = std::min<uint32_t>(255, (byte_offset - i) / 8);
    uint64_t lanes = 0;
    for (const uint32_t stop = i + 8 * words; i < stop; i += 8) {
      uint64_t v;
      std::memcpy(&v, p + i, 8);
      lanes += (v & ~(v << 1) & kHigh) >> 7;  // bit 7 set, bit 6 clear
    }
    const uint64_t pairs = (lanes & kLow16) + ((lanes >> 8) & kLow16);  // four 16-bit sums
    continuation += uint32_t((pairs * 0x0001000100010001) >> 48);
  }
  for (; i < byte_offset; ++i) {
    if ((static_cast<unsigned char>(p[i]) & 0xC0) == 0x80) ++continuation;
  }
  return byte_offset - continuation;
}

}  // namespace timeline
