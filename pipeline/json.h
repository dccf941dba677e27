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

// An object key: a string literal, checked at compile time to need no
// escape (no control byte, DEL, '"' or '\\') and to be short, and kept as
// the bytes JsonWriter::Key writes (`,"key":`), so that a key costs one
// append instead of an escape scan (keys are half the strings an extract
// writes). Key("a\"b") does not compile.
struct JsonKey {
  static constexpr size_t kMaxSize = 32;

  template <size_t N>
  consteval JsonKey(const char (&k)[N]) {  // NOLINT: implicit, for Key("name")
    static_assert(N + 3 <= kMaxSize, "a JSON key this long is not supported");
    size = uint8_t(N + 3);  // the comma, the quotes, the colon
    bytes[0] = ',';
    bytes[1] = '"';
    for (size_t i = 0; i + 1 < N; ++i) {
      const auto u = static_cast<unsigned char>(k[i]);
      if (u < 0x20 || u == 0x7f || u == '"' || u == '\\') throw "a JSON key that needs an escape";
      bytes[2 + i] = k[i];
    }
    bytes[N + 1] = '"';
    bytes[N + 2] = ':';
  }
  char bytes[kMaxSize] = {};  // `,"key":`
  uint8_t size = 0;
};

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(const JsonKey& k);
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
  // Appends lead (unless 0), then s quoted.
  static void Put(std::string& out, char lead, std::string_view s);
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
