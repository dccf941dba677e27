// SPDX-License-Identifier: Apache-2.0
// Tests for pipeline/literal_gate.h: the literals FilteredRE2 finds, and a
// gate that never says no where a pattern matches.
#include "pipeline/literal_gate.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace timeline {
namespace {

RE2::Options Folding(bool fold) {
  RE2::Options o(RE2::Quiet);
  o.set_case_sensitive(!fold);
  return o;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_SUITE("literal_gate") {
  TEST_CASE("the literals are FilteredRE2's atoms, less those that hold another") {
    auto g = LiteralGate::Of({"(?i)we use cookies|cookies? policy", "\\bhad\\s+$"}, Folding(true), 3);
    REQUIRE(g);
    // "cookies? policy" needs "cookie" and " policy"; "we use cookies" holds "cookie".
    CHECK(Sorted(g->Literals()) == std::vector<std::string>{" policy", "cookie", "had"});
    // A counted repeat is read as its relaxed loop (same atoms, no blow-up).
    auto wide = LiteralGate::Of({"(?i).{0,200}consumer choice.{0,200}"}, Folding(true), 3);
    REQUIRE(wide);
    CHECK(wide->Literals() == std::vector<std::string>{"consumer choice"});
  }

  TEST_CASE("no gate where a pattern needs no literal, a literal is not ASCII, or there are too many") {
    CHECK_FALSE(LiteralGate::Of({"had", "\\d+"}, Folding(true), 3));
    CHECK_FALSE(LiteralGate::Of({"(?i)\u00e9t\u00e9"}, Folding(true), 2));
    CHECK_FALSE(LiteralGate::Of({"by|on|at"}, Folding(false), 3));  // shorter than min_atom
    CHECK(LiteralGate::Of({"by|on|at"}, Folding(false), 2));
    CHECK_FALSE(LiteralGate::Of({"one|two|three"}, Folding(false), 3, 2));
    CHECK_FALSE(LiteralGate::Of({}, Folding(false), 3));
  }

  TEST_CASE("a text the gate turns away matches none of its patterns") {
    // Texts from the patterns' words in other cases, cut and joined, with
    // the Kelvin sign and long s that (?i) equates with k and s.
    const std::vector<std::string> patterns = {
        "(?i)\\bhad\\s+(?:\\w+\\s+)?$", "(?i)\\b(?:and|then)\\s+(?:once\\s+)?again\\s*,?$",
        "(?i)cookies?\\s+(?:policy|settings)", "Kick-?off at \\d+", "(?i)\\bseason\\b",
        "^\\s*,?\\s*when\\b"};
    const std::vector<std::string> words = {
        "had", "HAD", "ha", "and", "AND", "then", "once", "again", "AGAIN", "cookie", "COOKIES",
        "coo\u212Aie", "\u212Aick-off", "Kick", "kick-off", "at", "12", "season", "SEA\u017FON",
        "sea", "son", ",", " ", "when", "When", "x", "\u00e9"};
    std::mt19937 rng(11);
    for (bool fold : {true, false}) {
      std::vector<std::unique_ptr<RE2>> res;
      for (const std::string& p : patterns) res.push_back(std::make_unique<RE2>(p, Folding(fold)));
      for (const std::string& p : patterns) {
        auto gate = LiteralGate::Of({p}, Folding(fold), 2);
        REQUIRE(gate);
      }
      auto gate = LiteralGate::Of(patterns, Folding(fold), 2);
      REQUIRE(gate);
      int turned_away = 0, matched = 0;
      for (int i = 0; i < 5000; ++i) {
        std::string text;
        const int n = int(rng() % 7);
        for (int w = 0; w < n; ++w) text += (rng() % 2 ? " " : "") + words[rng() % words.size()];
        bool any = false;
        for (const auto& re : res) any = any || RE2::PartialMatch(text, *re);
        CAPTURE(text);
        CAPTURE(fold);
        if (any) CHECK(gate->MayMatch(text));
        turned_away += gate->MayMatch(text) ? 0 : 1;
        matched += any ? 1 : 0;
      }
      CHECK(turned_away > 100);  // the gate does turn texts away
      CHECK(matched > 100);      // and the texts do match
    }
  }
}

}  // namespace
}  // namespace timeline
