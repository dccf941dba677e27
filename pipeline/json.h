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
  // Whether the next element needs a comma before it; it is then written.
  bool NeedComma();
  void Comma();
  // Appends lead (unless 0), s quoted, then trail (unless 0).
  static void Put(std::string& out, char lead, std::string_view s, char trail);
  void Push();  // a new nesting level, no element written yet
  void Pop();
  std::string& out_;
  // Per nesting level (0: the top), whether no element is written yet: bit
  // d of first_ for the levels below 64, deeper_ for the others (a writer
  // allocates nothing for the shallow documents we write).
  uint64_t first_ = 1;
  uint32_t depth_ = 0;
  std::vector<bool> deeper_;
  bool after_key_ = false;
};

// Code points in s[0, byte_offset): converts byte offsets into valid UTF-8
// text to the code-point offsets our JSON outputs use.
uint32_t CodePointOffset(std::string_view s, uint32_t byte_offset);

}  // namespace timeline
