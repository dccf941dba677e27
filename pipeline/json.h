// SPDX-License-Identifier: Apache-2.0
// JsonWriter: a small streaming JSON writer for our outputs and dumps.
//
// Produces compact, valid JSON: strings are escaped per RFC 8259 (control
// characters as \uXXXX; non-ASCII UTF-8 passed through; invalid UTF-8 is
// never present because ingest repairs it). Keys are written in the order
// given, so outputs are byte-stable. Parsing is done with simdjson elsewhere.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace timeline {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view k);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Double(double v, int decimals);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  JsonWriter& Raw(std::string_view json);  // an already-encoded value
  JsonWriter& StringArray(const std::vector<std::string>& v);

  // Appends s to out as a JSON string literal with quotes.
  static void AppendQuoted(std::string& out, std::string_view s);

 private:
  void Comma();
  std::string& out_;
  std::vector<bool> first_{true};  // per nesting level: no element written yet
  bool after_key_ = false;
};

// Code points in s[0, byte_offset): converts byte offsets into valid UTF-8
// text to the code-point offsets our JSON outputs use.
uint32_t CodePointOffset(std::string_view s, uint32_t byte_offset);

}  // namespace timeline
