// SPDX-License-Identifier: Apache-2.0
// timex internals: typed value specifications and their normalization.
//
// Not part of the stage's public interface (only timex.h is); shared by
// timex.cc and the unit tests of the normalizer. A rule's value column is
// parsed once at Load() into a ValueSpec; Resolve() turns a spec plus the
// captured words (already looked up in the lexicons) and the context (DCT,
// tense, the previous dated timex) into a TIMEX3 value and a day interval.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pipeline/date_value.h"
#include "pipeline/document.h"

namespace timeline::timex::detail {

// The named captures a rule pattern may use.
enum class Cap : uint8_t {
  kYear, kYy, kMonth, kMnum, kDay, kDayOrd, kWeekday, kSeason, kPart, kHoliday, kQ, kDir,
  kNum, kUnit, kHour, kMinute, kAmpm, kDecade, kDec2, kCent, kYc, kYn, kYdir, kT, kCount
};
constexpr size_t kCapCount = size_t(Cap::kCount);

// "year" -> kYear ...; nullopt for an unknown name.
std::optional<Cap> CapFromName(std::string_view name);
std::string_view CapName(Cap c);

enum class Kind : uint8_t {
  kLiteral, kNegative, kDate, kRel, kDur, kSet, kQuarter, kHalf, kDecade, kCentury, kClock
};

// An option's value: a literal ("Y", "-1") or a capture ("{unit}", "-{num}").
struct Arg {
  bool set = false;
  std::string_view lit;
  Cap cap = Cap::kCount;  // kCount: literal
  bool negate = false;
};

struct ValueSpec {
  Kind kind = Kind::kLiteral;
  std::string_view literal;  // kLiteral
  Arg unit, off, n, part, hour;
  bool anchor_ref = false;   // rel anchor=ref: the previous dated timex, else the DCT
  bool anchor_quarter = false;  // rel anchor=quarter: the previous timex only when it is a quarter
  // rel anchor=period: as ref, but a previous year or quarter that ended more than
  // 300 days before the DCT is already the year-ago period of a report and is
  // taken as it is ("the year-ago quarter. The year-ago results": the same quarter).
  bool anchor_period = false;
  // rel anchor=day: the previous timex when it is a day ("Friday ... in the morning"), else the DCT.
  bool anchor_day = false;
  bool plus_half = false;    // dur half=1
  int tense = 0;             // date tense=-1|1: the direction unless an adjacent cue says otherwise
  // date prev_month=back: a month named just after the DCT's previous month (in
  // the same year) is a year further back ("last February" written in March).
  bool prev_month_back = false;
};

// Parses a value column: "date", "rel unit={unit} off=-{num} anchor=ref",
// "P1D", "-". Errors are a reason string ("unknown option 'x'").
std::optional<ValueSpec> ParseValueSpec(std::string_view text, std::string& error);

// The captures of one match: the raw text and, for lexicon-backed captures,
// the lexicon value (empty when the capture did not take part).
struct Captures {
  std::array<std::string_view, kCapCount> text{};
  std::array<std::string_view, kCapCount> lex{};
  std::string_view Get(Cap c) const { return text[size_t(c)]; }
  std::string_view Lex(Cap c) const { return lex[size_t(c)]; }
  bool Has(Cap c) const { return !text[size_t(c)].empty(); }
};

struct Context {
  std::optional<date::sys_days> dct;
  int tense = 0;              // -1 past, 0 unknown, +1 future
  bool tense_near = false;    // the cue is right next to the expression ("met on Dec. 10")
  bool tense_present = false;  // the cue is a present tense: forward for weekdays, else neutral
  bool tense_nearest = false;  // the cue points nowhere ("had been planned for"): the nearest day
  const DateValue* ref = nullptr;  // the interval of the previous expression that anchors others
  // The timex just before it in its sentence when that one is a DURATION ("For the
  // nine months, ... a year earlier").
  const Timex* span_before = nullptr;
};

// Whether the value of an expression of this spec depends on the expression
// before it (Context::ref): anchor=ref, period, quarter or day, and clock
// times (the day of a preceding day-precise expression). Resolve hides ref
// from every other spec, so that their values depend only on their sentence
// and the DCT: the timex stage relies on it to leave text unread (Run with
// Document::focus).
inline bool UsesRef(const ValueSpec& s) {
  return s.anchor_ref || s.anchor_quarter || s.anchor_day || s.kind == Kind::kClock;
}

// Fills value (TIMEX3) and date (interval; !dated() when the value has no
// day interval, e.g. P2Y or PRESENT_REF). False when the expression does not
// denote anything valid (Feb. 30, a 13th month): no timex is produced.
bool Resolve(const ValueSpec& spec, const Captures& caps, const Context& ctx, std::string& value,
             DateValue& date);

}  // namespace timeline::timex::detail
