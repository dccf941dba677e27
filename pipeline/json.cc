// SPDX-License-Identifier: Apache-2.0
// JsonWriter implementation.
#include "pipeline/json.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

namespace timeline {

void JsonWriter::Comma() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.back()) out_.push_back(',');
  first_.back() = false;
}

JsonWriter& JsonWriter::BeginObject() {
  Comma();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  first_.pop_back();
  out_.push_back('}');
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Comma();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  first_.pop_back();
  out_.push_back(']');
  return *this;
}
JsonWriter& JsonWriter::Key(std::string_view k) {
  Comma();
  AppendQuoted(out_, k);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view s) {
  Comma();
  AppendQuoted(out_, s);
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t v) {
  Comma();
  fmt::format_to(std::back_inserter(out_), "{}", v);
  return *this;
}
JsonWriter& JsonWriter::Double(double v, int decimals) {
  Comma();
  if (!std::isfinite(v)) v = 0;
  fmt::format_to(std::back_inserter(out_), "{:.{}f}", v, decimals);
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

void JsonWriter::AppendQuoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  // Most bytes need no escape: copy each run of them in one append.
  auto plain = [](unsigned char u) { return u >= 0x20 && u != 0x7f && u != '"' && u != '\\'; };
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  size_t run = 0;
  // Eight bytes at a time while none needs an escape (a control byte, DEL,
  // '"' or '\\'): bit tricks that are exact as a yes/no for the whole word.
  constexpr uint64_t kOnes = ~uint64_t{0} / 255, kHigh = kOnes * 0x80;
  auto any_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  auto needs_escape = [&](uint64_t v) {
    return ((v - kOnes * 0x20) & ~v & kHigh) | any_zero(v ^ (kOnes * '"')) |
           any_zero(v ^ (kOnes * '\\')) | any_zero(v ^ (kOnes * 0x7f));
  };
  for (size_t i = 0; i < s.size(); ++i) {
    while (i + 8 <= s.size()) {
      uint64_t v;
      std::memcpy(&v, s.data() + i, 8);
      if (needs_escape(v)) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const char c = s[i];
    const auto u = static_cast<unsigned char>(c);
    if (plain(u)) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[u >> 4]);
        out.push_back(kHex[u & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

uint32_t CodePointOffset(std::string_view s, uint32_t byte_offset) {
  if (byte_offset > s.size()) byte_offset = uint32_t(s.size());
  uint32_t n = 0;
  for (uint32_t i = 0; i < byte_offset; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace timeline
