// SPDX-License-Identifier: Apache-2.0
// Tests for stages/timex: spans, types and values of news-style expressions.
#include "stages/timex/timex.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/rule_store.h"
#include "stages/timex/factor.h"
#include "tests/test_util.h"

namespace timeline {
namespace {

using testing::MakeDocument;

const timex::Tagger& BuiltinTagger() {
  static const RuleStore store = RuleStore::Builtin();
  static const timex::Tagger tagger = [] {
    auto t = timex::Tagger::Load(store);
    REQUIRE_MESSAGE(t.ok(), t.error().Format());
    return std::move(t).value();
  }();
  return tagger;
}

struct Row {
  std::string_view dct;
  std::string_view text;
  std::string_view span;  // the expected expression; its type and value follow
  std::string_view type;  // "" : no timex may cover span
  std::string_view value;
};

// News sentences written for these tests, with the publication date (DCT).
constexpr Row kRows[] = {
    {"2021-11-12", "The accord was signed on January 1, 2015, in Geneva.", "January 1, 2015", "DATE", "2015-01-01"},
    {"2021-11-12", "Officials said the talks began on Jan. 1, 2015.", "Jan. 1, 2015", "DATE", "2015-01-01"},
    {"2021-11-12", "The summit opened on 1 January 2015 in the capital.", "1 January 2015", "DATE", "2015-01-01"},
    {"2021-11-12", "According to the filing dated 2015-01-01, the deal closed.", "2015-01-01", "DATE", "2015-01-01"},
    {"2021-11-12", "Exports fell sharply in January 2015, the ministry said.", "January 2015", "DATE", "2015-01"},
    {"2021-11-12", "The accord was signed on February 3, 2016, in Geneva.", "February 3, 2016", "DATE", "2016-02-03"},
    {"2021-11-12", "Officials said the talks began on Feb. 3, 2016.", "Feb. 3, 2016", "DATE", "2016-02-03"},
    {"2021-11-12", "The summit opened on 3 February 2016 in the capital.", "3 February 2016", "DATE", "2016-02-03"},
    {"2021-11-12", "According to the filing dated 2016-02-03, the deal closed.", "2016-02-03", "DATE", "2016-02-03"},
    {"2021-11-12", "Exports fell sharply in February 2016, the ministry said.", "February 2016", "DATE", "2016-02"},
    {"2021-11-12", "The accord was signed on March 5, 2017, in Geneva.", "March 5, 2017", "DATE", "2017-03-05"},
    {"2021-11-12", "Officials said the talks began on March 5, 2017.", "March 5, 2017", "DATE", "2017-03-05"},
    {"2021-11-12", "The summit opened on 5 March 2017 in the capital.", "5 March 2017", "DATE", "2017-03-05"},
    {"2021-11-12", "According to the filing dated 2017-03-05, the deal closed.", "2017-03-05", "DATE", "2017-03-05"},
    {"2021-11-12", "Exports fell sharply in March 2017, the ministry said.", "March 2017", "DATE", "2017-03"},
    {"2021-11-12", "The accord was signed on April 7, 2018, in Geneva.", "April 7, 2018", "DATE", "2018-04-07"},
    {"2021-11-12", "Officials said the talks began on April 7, 2018.", "April 7, 2018", "DATE", "2018-04-07"},
    {"2021-11-12", "The summit opened on 7 April 2018 in the capital.", "7 April 2018", "DATE", "2018-04-07"},
    {"2021-11-12", "According to the filing dated 2018-04-07, the deal closed.", "2018-04-07", "DATE", "2018-04-07"},
    {"2021-11-12", "Exports fell sharply in April 2018, the ministry said.", "April 2018", "DATE", "2018-04"},
    {"2021-11-12", "The accord was signed on May 9, 2019, in Geneva.", "May 9, 2019", "DATE", "2019-05-09"},
    {"2021-11-12", "Officials said the talks began on May 9, 2019.", "May 9, 2019", "DATE", "2019-05-09"},
    {"2021-11-12", "The summit opened on 9 May 2019 in the capital.", "9 May 2019", "DATE", "2019-05-09"},
    {"2021-11-12", "According to the filing dated 2019-05-09, the deal closed.", "2019-05-09", "DATE", "2019-05-09"},
    {"2021-11-12", "Exports fell sharply in May 2019, the ministry said.", "May 2019", "DATE", "2019-05"},
    {"2021-11-12", "The accord was signed on June 11, 2020, in Geneva.", "June 11, 2020", "DATE", "2020-06-11"},
    {"2021-11-12", "Officials said the talks began on June 11, 2020.", "June 11, 2020", "DATE", "2020-06-11"},
    {"2021-11-12", "The summit opened on 11 June 2020 in the capital.", "11 June 2020", "DATE", "2020-06-11"},
    {"2021-11-12", "According to the filing dated 2020-06-11, the deal closed.", "2020-06-11", "DATE", "2020-06-11"},
    {"2021-11-12", "Exports fell sharply in June 2020, the ministry said.", "June 2020", "DATE", "2020-06"},
    {"2021-11-12", "The accord was signed on July 13, 2021, in Geneva.", "July 13, 2021", "DATE", "2021-07-13"},
    {"2021-11-12", "Officials said the talks began on July 13, 2021.", "July 13, 2021", "DATE", "2021-07-13"},
    {"2021-11-12", "The summit opened on 13 July 2021 in the capital.", "13 July 2021", "DATE", "2021-07-13"},
    {"2021-11-12", "According to the filing dated 2021-07-13, the deal closed.", "2021-07-13", "DATE", "2021-07-13"},
    {"2021-11-12", "Exports fell sharply in July 2021, the ministry said.", "July 2021", "DATE", "2021-07"},
    {"2021-11-12", "The accord was signed on August 15, 2015, in Geneva.", "August 15, 2015", "DATE", "2015-08-15"},
    {"2021-11-12", "Officials said the talks began on Aug. 15, 2015.", "Aug. 15, 2015", "DATE", "2015-08-15"},
    {"2021-11-12", "The summit opened on 15 August 2015 in the capital.", "15 August 2015", "DATE", "2015-08-15"},
    {"2021-11-12", "According to the filing dated 2015-08-15, the deal closed.", "2015-08-15", "DATE", "2015-08-15"},
    {"2021-11-12", "Exports fell sharply in August 2015, the ministry said.", "August 2015", "DATE", "2015-08"},
    {"2021-11-12", "The accord was signed on September 17, 2016, in Geneva.", "September 17, 2016", "DATE", "2016-09-17"},
    {"2021-11-12", "Officials said the talks began on Sept. 17, 2016.", "Sept. 17, 2016", "DATE", "2016-09-17"},
    {"2021-11-12", "The summit opened on 17 September 2016 in the capital.", "17 September 2016", "DATE", "2016-09-17"},
    {"2021-11-12", "According to the filing dated 2016-09-17, the deal closed.", "2016-09-17", "DATE", "2016-09-17"},
    {"2021-11-12", "Exports fell sharply in September 2016, the ministry said.", "September 2016", "DATE", "2016-09"},
    {"2021-11-12", "The accord was signed on October 19, 2017, in Geneva.", "October 19, 2017", "DATE", "2017-10-19"},
    {"2021-11-12", "Officials said the talks began on Oct. 19, 2017.", "Oct. 19, 2017", "DATE", "2017-10-19"},
    {"2021-11-12", "The summit opened on 19 October 2017 in the capital.", "19 October 2017", "DATE", "2017-10-19"},
    {"2021-11-12", "According to the filing dated 2017-10-19, the deal closed.", "2017-10-19", "DATE", "2017-10-19"},
    {"2021-11-12", "Exports fell sharply in October 2017, the ministry said.", "October 2017", "DATE", "2017-10"},
    {"2021-11-12", "The accord was signed on November 21, 2018, in Geneva.", "November 21, 2018", "DATE", "2018-11-21"},
    {"2021-11-12", "Officials said the talks began on Nov. 21, 2018.", "Nov. 21, 2018", "DATE", "2018-11-21"},
    {"2021-11-12", "The summit opened on 21 November 2018 in the capital.", "21 November 2018", "DATE", "2018-11-21"},
    {"2021-11-12", "According to the filing dated 2018-11-21, the deal closed.", "2018-11-21", "DATE", "2018-11-21"},
    {"2021-11-12", "Exports fell sharply in November 2018, the ministry said.", "November 2018", "DATE", "2018-11"},
    {"2021-11-12", "The accord was signed on December 23, 2019, in Geneva.", "December 23, 2019", "DATE", "2019-12-23"},
    {"2021-11-12", "Officials said the talks began on Dec. 23, 2019.", "Dec. 23, 2019", "DATE", "2019-12-23"},
    {"2021-11-12", "The summit opened on 23 December 2019 in the capital.", "23 December 2019", "DATE", "2019-12-23"},
    {"2021-11-12", "According to the filing dated 2019-12-23, the deal closed.", "2019-12-23", "DATE", "2019-12-23"},
    {"2021-11-12", "Exports fell sharply in December 2019, the ministry said.", "December 2019", "DATE", "2019-12"},
    {"2021-11-12", "The two leaders met on Jan. 10 in Rome.", "Jan. 10", "DATE", "2021-01-10"},
    {"2021-11-12", "The two leaders will meet on Jan. 10 in Rome.", "Jan. 10", "DATE", "2022-01-10"},
    {"2021-11-12", "The two leaders met on Feb. 11 in Rome.", "Feb. 11", "DATE", "2021-02-11"},
    {"2021-11-12", "The two leaders will meet on Feb. 11 in Rome.", "Feb. 11", "DATE", "2022-02-11"},
    {"2021-11-12", "The two leaders met on March 12 in Rome.", "March 12", "DATE", "2021-03-12"},
    {"2021-11-12", "The two leaders will meet on March 12 in Rome.", "March 12", "DATE", "2022-03-12"},
    {"2021-11-12", "The two leaders met on April 13 in Rome.", "April 13", "DATE", "2021-04-13"},
    {"2021-11-12", "The two leaders will meet on April 13 in Rome.", "April 13", "DATE", "2022-04-13"},
    {"2021-11-12", "The two leaders met on May 14 in Rome.", "May 14", "DATE", "2021-05-14"},
    {"2021-11-12", "The two leaders will meet on May 14 in Rome.", "May 14", "DATE", "2022-05-14"},
    {"2021-11-12", "The two leaders met on June 15 in Rome.", "June 15", "DATE", "2021-06-15"},
    {"2021-11-12", "The two leaders will meet on June 15 in Rome.", "June 15", "DATE", "2022-06-15"},
    {"2021-11-12", "The two leaders met on July 16 in Rome.", "July 16", "DATE", "2021-07-16"},
    {"2021-11-12", "The two leaders will meet on July 16 in Rome.", "July 16", "DATE", "2022-07-16"},
    {"2021-11-12", "The two leaders met on Aug. 17 in Rome.", "Aug. 17", "DATE", "2021-08-17"},
    {"2021-11-12", "The two leaders will meet on Aug. 17 in Rome.", "Aug. 17", "DATE", "2022-08-17"},
    {"2021-11-12", "The two leaders met on Sept. 18 in Rome.", "Sept. 18", "DATE", "2021-09-18"},
    {"2021-11-12", "The two leaders will meet on Sept. 18 in Rome.", "Sept. 18", "DATE", "2022-09-18"},
    {"2021-11-12", "The two leaders met on Oct. 19 in Rome.", "Oct. 19", "DATE", "2021-10-19"},
    {"2021-11-12", "The two leaders will meet on Oct. 19 in Rome.", "Oct. 19", "DATE", "2022-10-19"},
    {"2021-11-12", "The two leaders met on Nov. 20 in Rome.", "Nov. 20", "DATE", "2020-11-20"},
    {"2021-11-12", "The two leaders will meet on Nov. 20 in Rome.", "Nov. 20", "DATE", "2021-11-20"},
    {"2021-11-12", "The two leaders met on Dec. 21 in Rome.", "Dec. 21", "DATE", "2020-12-21"},
    {"2021-11-12", "The two leaders will meet on Dec. 21 in Rome.", "Dec. 21", "DATE", "2021-12-21"},
    {"2021-06-15", "Prices rose sharply in January, the agency reported.", "January", "DATE", "2021-01"},
    {"2021-06-15", "The president will travel to Paris in January.", "January", "DATE", "2022-01"},
    {"2021-06-15", "Prices rose sharply in February, the agency reported.", "February", "DATE", "2021-02"},
    {"2021-06-15", "The president will travel to Paris in February.", "February", "DATE", "2022-02"},
    {"2021-06-15", "Prices rose sharply in March, the agency reported.", "March", "DATE", "2021-03"},
    {"2021-06-15", "The president will travel to Paris in March.", "March", "DATE", "2022-03"},
    {"2021-06-15", "Prices rose sharply in April, the agency reported.", "April", "DATE", "2021-04"},
    {"2021-06-15", "The president will travel to Paris in April.", "April", "DATE", "2022-04"},
    {"2021-06-15", "Prices rose sharply in May, the agency reported.", "May", "DATE", "2021-05"},
    {"2021-06-15", "The president will travel to Paris in May.", "May", "DATE", "2022-05"},
    {"2021-06-15", "Prices rose sharply in June, the agency reported.", "June", "DATE", "2021-06"},
    {"2021-06-15", "The president will travel to Paris in June.", "June", "DATE", "2021-06"},
    {"2021-06-15", "Prices rose sharply in July, the agency reported.", "July", "DATE", "2020-07"},
    {"2021-06-15", "The president will travel to Paris in July.", "July", "DATE", "2021-07"},
    {"2021-06-15", "Prices rose sharply in August, the agency reported.", "August", "DATE", "2020-08"},
    {"2021-06-15", "The president will travel to Paris in August.", "August", "DATE", "2021-08"},
    {"2021-06-15", "Prices rose sharply in September, the agency reported.", "September", "DATE", "2020-09"},
    {"2021-06-15", "The president will travel to Paris in September.", "September", "DATE", "2021-09"},
    {"2021-06-15", "Prices rose sharply in October, the agency reported.", "October", "DATE", "2020-10"},
    {"2021-06-15", "The president will travel to Paris in October.", "October", "DATE", "2021-10"},
    {"2021-06-15", "Prices rose sharply in November, the agency reported.", "November", "DATE", "2020-11"},
    {"2021-06-15", "The president will travel to Paris in November.", "November", "DATE", "2021-11"},
    {"2021-06-15", "Prices rose sharply in December, the agency reported.", "December", "DATE", "2020-12"},
    {"2021-06-15", "The president will travel to Paris in December.", "December", "DATE", "2021-12"},
    {"2021-11-12", "The prime minister spoke by phone with Biden on Monday.", "Monday", "DATE", "2021-11-08"},
    {"2021-11-12", "The foreign ministers will meet again on Monday.", "Monday", "DATE", "2021-11-15"},
    {"2021-11-12", "Protesters gathered outside parliament last Monday.", "last Monday", "DATE", "2021-11-08"},
    {"2021-11-12", "Talks are scheduled to resume next Monday.", "next Monday", "DATE", "2021-11-15"},
    {"2021-11-12", "The prime minister spoke by phone with Biden on Tuesday.", "Tuesday", "DATE", "2021-11-09"},
    {"2021-11-12", "The foreign ministers will meet again on Tuesday.", "Tuesday", "DATE", "2021-11-16"},
    {"2021-11-12", "Protesters gathered outside parliament last Tuesday.", "last Tuesday", "DATE", "2021-11-09"},
    {"2021-11-12", "Talks are scheduled to resume next Tuesday.", "next Tuesday", "DATE", "2021-11-16"},
    {"2021-11-12", "The prime minister spoke by phone with Biden on Wednesday.", "Wednesday", "DATE", "2021-11-10"},
    {"2021-11-12", "The foreign ministers will meet again on Wednesday.", "Wednesday", "DATE", "2021-11-17"},
    {"2021-11-12", "Protesters gathered outside parliament last Wednesday.", "last Wednesday", "DATE", "2021-11-10"},
    {"2021-11-12", "Talks are scheduled to resume next Wednesday.", "next Wednesday", "DATE", "2021-11-17"},
    {"2021-11-12", "The prime minister spoke by phone with Biden on Thursday.", "Thursday", "DATE", "2021-11-11"},
    {"2021-11-12", "The foreign ministers will meet again on Thursday.", "Thursday", "DATE", "2021-11-18"},
    {"2021-11-12", "Protesters gathered outside parliament last Thursday.", "last Thursday", "DATE", "2021-11-11"},
    {"2021-11-12", "Talks are scheduled to resume next Thursday.", "next Thursday", "DATE", "2021-11-18"},
    {"2021-11-12", "The prime minister spoke by phone with Biden on Friday.", "Friday", "DATE", "2021-11-12"},
    {"2021-11-12", "The foreign ministers will meet again on Friday.", "Friday", "DATE", "2021-11-12"},
    {"2021-11-12", "Protesters gathered outside parliament last Friday.", "last Friday", "DATE", "2021-11-05"},
    {"2021-11-12", "Talks are scheduled to resume next Friday.", "next Friday", "DATE", "2021-11-19"},
    {"2021-11-12", "The prime minister spoke by phone with Biden on Saturday.", "Saturday", "DATE", "2021-11-06"},
    {"2021-11-12", "The foreign ministers will meet again on Saturday.", "Saturday", "DATE", "2021-11-13"},
    {"2021-11-12", "Protesters gathered outside parliament last Saturday.", "last Saturday", "DATE", "2021-11-06"},
    {"2021-11-12", "Talks are scheduled to resume next Saturday.", "next Saturday", "DATE", "2021-11-13"},
    {"2021-11-12", "The prime minister spoke by phone with Biden on Sunday.", "Sunday", "DATE", "2021-11-07"},
    {"2021-11-12", "The foreign ministers will meet again on Sunday.", "Sunday", "DATE", "2021-11-14"},
    {"2021-11-12", "Protesters gathered outside parliament last Sunday.", "last Sunday", "DATE", "2021-11-07"},
    {"2021-11-12", "Talks are scheduled to resume next Sunday.", "next Sunday", "DATE", "2021-11-14"},
    {"2021-11-12", "The treaty was first proposed in 1987 by diplomats.", "1987", "DATE", "1987"},
    {"2021-11-12", "The treaty was first proposed in 1990 by diplomats.", "1990", "DATE", "1990"},
    {"2021-11-12", "The treaty was first proposed in 1998 by diplomats.", "1998", "DATE", "1998"},
    {"2021-11-12", "The treaty was first proposed in 2001 by diplomats.", "2001", "DATE", "2001"},
    {"2021-11-12", "The treaty was first proposed in 2008 by diplomats.", "2008", "DATE", "2008"},
    {"2021-11-12", "The treaty was first proposed in 2016 by diplomats.", "2016", "DATE", "2016"},
    {"2021-11-12", "The treaty was first proposed in 2020 by diplomats.", "2020", "DATE", "2020"},
    {"2021-11-12", "The treaty was first proposed in 2030 by diplomats.", "2030", "DATE", "2030"},
    {"2021-11-12", "The minister resigned yesterday after the vote.", "yesterday", "DATE", "2021-11-11"},
    {"2021-11-12", "The cabinet meets today to discuss the budget.", "today", "DATE", "2021-11-12"},
    {"2021-11-12", "The envoy is expected to arrive tomorrow.", "tomorrow", "DATE", "2021-11-13"},
    {"2021-11-12", "The talks collapsed last week amid recriminations.", "last week", "DATE", "2021-W44"},
    {"2021-11-12", "A new round of talks opens next week in Vienna.", "next week", "DATE", "2021-W46"},
    {"2021-11-12", "Inflation accelerated last month, data showed.", "last month", "DATE", "2021-10"},
    {"2021-11-12", "The bill will be voted on next month.", "next month", "DATE", "2021-12"},
    {"2021-11-12", "Turnout was higher than last year, officials said.", "last year", "DATE", "2020"},
    {"2021-11-12", "Elections are due next year.", "next year", "DATE", "2022"},
    {"2021-11-12", "Growth has slowed this year.", "this year", "DATE", "2021"},
    {"2021-11-12", "The company was founded two years ago in Ohio.", "two years ago", "DATE", "2019"},
    {"2021-11-12", "The plant closed three days ago.", "three days ago", "DATE", "2021-11-09"},
    {"2021-11-12", "He was arrested six months ago in Madrid.", "six months ago", "DATE", "2021-05"},
    {"2021-11-12", "The ceasefire was agreed earlier this month.", "earlier this month", "DATE", "2021-11"},
    {"2021-11-12", "Shares fell this morning in early trading.", "this morning", "TIME", "2021-11-12TMO"},
    {"2021-11-12", "The president will address the nation tonight.", "tonight", "TIME", "2021-11-12TNI"},
    {"2020-01-01", "The minister resigned yesterday after the vote.", "yesterday", "DATE", "2019-12-31"},
    {"2020-01-01", "The cabinet meets today to discuss the budget.", "today", "DATE", "2020-01-01"},
    {"2020-01-01", "The envoy is expected to arrive tomorrow.", "tomorrow", "DATE", "2020-01-02"},
    {"2020-01-01", "The talks collapsed last week amid recriminations.", "last week", "DATE", "2019-W52"},
    {"2020-01-01", "A new round of talks opens next week in Vienna.", "next week", "DATE", "2020-W02"},
    {"2020-01-01", "Inflation accelerated last month, data showed.", "last month", "DATE", "2019-12"},
    {"2020-01-01", "The bill will be voted on next month.", "next month", "DATE", "2020-02"},
    {"2020-01-01", "Turnout was higher than last year, officials said.", "last year", "DATE", "2019"},
    {"2020-01-01", "Elections are due next year.", "next year", "DATE", "2021"},
    {"2020-01-01", "Growth has slowed this year.", "this year", "DATE", "2020"},
    {"2020-01-01", "The company was founded two years ago in Ohio.", "two years ago", "DATE", "2018"},
    {"2020-01-01", "The plant closed three days ago.", "three days ago", "DATE", "2019-12-29"},
    {"2020-01-01", "He was arrested six months ago in Madrid.", "six months ago", "DATE", "2019-07"},
    {"2020-01-01", "The ceasefire was agreed earlier this month.", "earlier this month", "DATE", "2020-01"},
    {"2020-01-01", "Shares fell this morning in early trading.", "this morning", "TIME", "2020-01-01TMO"},
    {"2020-01-01", "The president will address the nation tonight.", "tonight", "TIME", "2020-01-01TNI"},
    {"1998-03-02", "The minister resigned yesterday after the vote.", "yesterday", "DATE", "1998-03-01"},
    {"1998-03-02", "The cabinet meets today to discuss the budget.", "today", "DATE", "1998-03-02"},
    {"1998-03-02", "The envoy is expected to arrive tomorrow.", "tomorrow", "DATE", "1998-03-03"},
    {"1998-03-02", "The talks collapsed last week amid recriminations.", "last week", "DATE", "1998-W09"},
    {"1998-03-02", "A new round of talks opens next week in Vienna.", "next week", "DATE", "1998-W11"},
    {"1998-03-02", "Inflation accelerated last month, data showed.", "last month", "DATE", "1998-02"},
    {"1998-03-02", "The bill will be voted on next month.", "next month", "DATE", "1998-04"},
    {"1998-03-02", "Turnout was higher than last year, officials said.", "last year", "DATE", "1997"},
    {"1998-03-02", "Elections are due next year.", "next year", "DATE", "1999"},
    {"1998-03-02", "Growth has slowed this year.", "this year", "DATE", "1998"},
    {"1998-03-02", "The company was founded two years ago in Ohio.", "two years ago", "DATE", "1996"},
    {"1998-03-02", "The plant closed three days ago.", "three days ago", "DATE", "1998-02-27"},
    {"1998-03-02", "He was arrested six months ago in Madrid.", "six months ago", "DATE", "1997-09"},
    {"1998-03-02", "The ceasefire was agreed earlier this month.", "earlier this month", "DATE", "1998-03"},
    {"1998-03-02", "Shares fell this morning in early trading.", "this morning", "TIME", "1998-03-02TMO"},
    {"1998-03-02", "The president will address the nation tonight.", "tonight", "TIME", "1998-03-02TNI"},
    {"2019-12-31", "The minister resigned yesterday after the vote.", "yesterday", "DATE", "2019-12-30"},
    {"2019-12-31", "The cabinet meets today to discuss the budget.", "today", "DATE", "2019-12-31"},
    {"2019-12-31", "The envoy is expected to arrive tomorrow.", "tomorrow", "DATE", "2020-01-01"},
    {"2019-12-31", "The talks collapsed last week amid recriminations.", "last week", "DATE", "2019-W52"},
    {"2019-12-31", "A new round of talks opens next week in Vienna.", "next week", "DATE", "2020-W02"},
    {"2019-12-31", "Inflation accelerated last month, data showed.", "last month", "DATE", "2019-11"},
    {"2019-12-31", "The bill will be voted on next month.", "next month", "DATE", "2020-01"},
    {"2019-12-31", "Turnout was higher than last year, officials said.", "last year", "DATE", "2018"},
    {"2019-12-31", "Elections are due next year.", "next year", "DATE", "2020"},
    {"2019-12-31", "Growth has slowed this year.", "this year", "DATE", "2019"},
    {"2019-12-31", "The company was founded two years ago in Ohio.", "two years ago", "DATE", "2017"},
    {"2019-12-31", "The plant closed three days ago.", "three days ago", "DATE", "2019-12-28"},
    {"2019-12-31", "He was arrested six months ago in Madrid.", "six months ago", "DATE", "2019-06"},
    {"2019-12-31", "The ceasefire was agreed earlier this month.", "earlier this month", "DATE", "2019-12"},
    {"2019-12-31", "Shares fell this morning in early trading.", "this morning", "TIME", "2019-12-31TMO"},
    {"2019-12-31", "The president will address the nation tonight.", "tonight", "TIME", "2019-12-31TNI"},
    {"2021-11-12", "The strike lasted three weeks.", "three weeks", "DURATION", "P3W"},
    {"2021-11-12", "He spent 10 years in prison.", "10 years", "DURATION", "P10Y"},
    {"2021-11-12", "The negotiations took 18 months.", "18 months", "DURATION", "P18M"},
    {"2021-11-12", "The flight lasted nine hours.", "nine hours", "DURATION", "PT9H"},
    {"2021-11-12", "A five-year plan was unveiled.", "five-year", "DURATION", "P5Y"},
    {"2021-11-12", "Sales rose in the past three months.", "the past three months", "DURATION", "P3M"},
    {"2021-11-12", "Profit doubled in the first nine months.", "the first nine months", "DURATION", "P9M"},
    {"2021-11-12", "The hearing lasted 45 minutes.", "45 minutes", "DURATION", "PT45M"},
    {"2021-11-12", "The truce held for two days.", "two days", "DURATION", "P2D"},
    {"2021-11-12", "They have been allies for decades.", "decades", "DURATION", "PXDE"},
    {"2021-11-12", "The dispute has dragged on for years.", "years", "DURATION", "PXY"},
    {"2021-11-12", "The talks may take several weeks.", "several weeks", "DURATION", "PXW"},
    {"2021-11-12", "Rebuilding could take a decade.", "a decade", "DURATION", "P10Y"},
    {"2021-11-12", "Prices have risen over two decades.", "two decades", "DURATION", "P20Y"},
    {"2021-11-12", "The vote was delayed by a day.", "a day", "DURATION", "P1D"},
    {"2021-11-12", "The project took twenty four months.", "twenty four months", "DURATION", "P24M"},
    {"2021-11-12", "The siege lasted twenty-one days.", "twenty-one days", "DURATION", "P21D"},
    {"2021-11-12", "The mission lasted a few days.", "a few days", "DURATION", "PXD"},
    {"2021-11-12", "Unemployment rose in recent months.", "recent months", "DURATION", "PXM"},
    {"2021-11-12", "The talks could take weeks or months to conclude.", "weeks or months", "DURATION", "PXW"},
    {"2021-11-12", "The merger follows months of talks between the two banks.", "months", "DURATION", "PXM"},
    {"2021-11-12", "Hundreds were detained in the first hours of the crackdown.", "the first hours", "DURATION", "PTXH"},
    {"2021-11-12", "Residents may have to live without water for a while.", "a while", "DURATION", "PXX"},
    {"2021-11-12", "Negotiators left the third day-long session without a deal.", "day-long", "DURATION", "P1D"},
    // An adjectival count ("the eight-year war") leaves "the" to the noun it modifies.
    {"2021-11-12", "The truce ended the eight-year war between the neighbours.", "eight-year", "DURATION", "P8Y"},
    {"2021-11-12", "Crowds gathered for the two day rally in the capital.", "two day", "DURATION", "P2D"},
    {"1989-10-26", "Analysts blamed the third-quarter loss on higher costs.", "third-quarter", "DATE", "1989-Q3"},
    {"1989-10-26", "Profit fell in the third quarter, the company said.", "the third quarter", "DATE", "1989-Q3"},
    {"2021-11-12", "The panel ended its year-long inquiry on Friday.", "year-long", "DURATION", "P1Y"},
    {"2021-11-12", "Once in a while the ferry is cancelled.", "a while", "", ""},
    {"2021-11-12", "He spent the final weeks of his term abroad.", "the final weeks", "DURATION", "PXW"},
    {"2021-11-12", "The firm, which just months ago was near collapse, is now profitable.", "months", "DURATION", "PXM"},
    {"2021-11-12", "Prices have climbed in recent weeks and months, traders said.", "recent weeks and months", "DURATION", "PXW"},
    {"2021-11-12", "He served two and a half years.", "two and a half years", "DURATION", "P2Y6M"},
    {"2021-11-12", "The meeting lasted half an hour.", "half an hour", "DURATION", "PT30M"},
    {"2021-11-12", "Bonds with a 30-year maturity rallied.", "30-year", "DURATION", "P30Y"},
    {"2021-11-12", "A 24-hour strike began at dawn.", "24-hour", "DURATION", "PT24H"},
    {"2021-11-12", "Production fell for the second straight quarter, over six quarters.", "six quarters", "DURATION", "P6Q"},
    {"2021-11-12", "The fund returned 8% over the past year.", "the past year", "DATE", "2020"},
    {"2021-11-12", "The paper is published daily.", "daily", "SET", "P1D"},
    {"2021-11-12", "The council meets weekly.", "weekly", "SET", "P1W"},
    {"2021-11-12", "Dividends are paid every quarter.", "every quarter", "SET", "P1Q"},
    {"2021-11-12", "Reports are filed monthly.", "monthly", "SET", "P1M"},
    {"2021-11-12", "The summit is held every year.", "every year", "SET", "P1Y"},
    {"2021-11-12", "The cabinet meets every Monday.", "every Monday", "SET", "XXXX-WXX-1"},
    {"2021-11-12", "The market opens on Sundays.", "Sundays", "SET", "XXXX-WXX-7"},
    {"2021-11-12", "Elections are held every four years.", "every four years", "SET", "P4Y"},
    {"2021-11-12", "Patrols run every night.", "every night", "SET", "XXXX-XX-XXTNI"},
    {"2021-11-12", "Fares rise each year.", "each year", "SET", "P1Y"},
    // A rate after an amount is a set ("per year"), not a span of a year; a date after an amount stays a date.
    {"2021-11-12", "The new mill will cut costs by $40 million a year through 2025.", "a year", "SET", "P1Y"},
    {"2021-11-12", "The airline now runs six flights a week to the island.", "a week", "SET", "P1W"},
    {"2021-11-12", "Guards patrol the border 24 hours a day, officials said.", "a day", "SET", "P1D"},
    {"2021-11-12", "Profit rose to $12 million from $9 million a year earlier.", "a year earlier", "DATE", "2020"},
    {"2021-11-12", "Sales were $5 million a year ago.", "a year ago", "DATE", "2020"},
    {"2021-11-12", "Officials said the crisis is now over.", "now", "DATE", "PRESENT_REF"},
    {"2021-11-12", "Prices are currently falling.", "currently", "DATE", "PRESENT_REF"},
    {"2021-11-12", "The bank recently raised rates.", "recently", "DATE", "PAST_REF"},
    {"2021-11-12", "He hopes to return in the future.", "the future", "DATE", "FUTURE_REF"},
    {"2021-11-12", "The rules will change in the near future.", "the near future", "DATE", "FUTURE_REF"},
    {"2021-11-12", "Violence has grown in recent years.", "recent years", "DATE", "PAST_REF"},
    {"2021-11-12", "In the past, such deals took months.", "the past", "DATE", "PAST_REF"},
    {"1989-10-26", "Net income rose in the third quarter.", "the third quarter", "DATE", "1989-Q3"},
    {"1989-10-26", "Third-quarter earnings beat forecasts.", "Third-quarter", "DATE", "1989-Q3"},
    {"1989-10-26", "Revenue jumped in the fourth quarter of 1988.", "the fourth quarter of 1988", "DATE", "1988-Q4"},
    {"1989-10-26", "Profit fell 5% in the quarter.", "the quarter", "DATE", "1989-Q3"},
    {"1989-10-26", "Net income was $5 million in the year-ago quarter.", "the year-ago quarter", "DATE", "1988-Q3"},
    {"2021-11-12", "Earnings in Q2 2021 were strong.", "Q2 2021", "DATE", "2021-Q2"},
    {"2021-11-12", "The tariff took effect in fiscal 2019.", "fiscal 2019", "DATE", "2019"},
    {"2021-11-12", "Sales peaked in the first half of 2019.", "the first half of 2019", "DATE", "2019-H1"},
    {"2021-11-12", "Debt soared in the 1990s.", "the 1990s", "DATE", "199"},
    {"2021-11-12", "The company peaked in the early 1980s.", "the early 1980s", "DATE", "198"},
    {"1989-11-02", "The banks will keep their names until early 1990.", "early 1990", "DATE", "1990"},
    {"2021-11-12", "The band was popular in the '80s.", "the '80s", "DATE", "198"},
    {"1998-03-03", "Membership fell through the nineties and rose again this year.", "the nineties", "DATE", "199"},
    {"1998-03-03", "The plant was built in the early nineteen-seventies.", "the early nineteen-seventies", "DATE", "197"},
    {"1998-03-03", "The suspect is a man in his forties.", "forties", "", ""},
    {"1998-07-03", "Temperatures were in the nineties across the state.", "nineties", "", ""},
    {"2021-11-12", "Wars scarred the 20th century.", "the 20th century", "DATE", "19"},
    {"1998-02-06", "Sales slumped last fall.", "last fall", "DATE", "1997-FA"},
    {"1998-03-22", "The party hopes to win this summer.", "this summer", "DATE", "1998-SU"},
    {"2021-11-12", "The offensive began in the summer of 2014.", "the summer of 2014", "DATE", "2014-SU"},
    {"2021-11-12", "Troops withdrew in spring 2003.", "spring 2003", "DATE", "2003-SP"},
    {"2021-11-12", "Flooding worsened in mid-2019.", "mid-2019", "DATE", "2019"},
    {"2021-11-12", "The report is due in late November.", "late November", "DATE", "2021-11"},
    {"2021-11-12", "Fighting erupted in early March.", "early March", "DATE", "2021-03"},
    {"2021-11-12", "Stores were busy on Christmas Eve.", "Christmas Eve", "DATE", "2020-12-24"},
    {"2021-12-01", "Families gathered on Thanksgiving Day.", "Thanksgiving Day", "DATE", "2021-11-25"},
    {"2021-11-12", "Shops reopen after Christmas 2020.", "Christmas 2020", "DATE", "2020-12-25"},
    {"1998-02-06", "Nineteen ninety-six was a bad year.", "Nineteen ninety-six", "DATE", "1996"},
    {"1998-02-06", "Costs will rise by the year two thousand.", "the year two thousand", "DATE", "2000"},
    {"2021-11-12", "The envoy flew in at 10:30 a.m. on Friday.", "10:30 a.m. on Friday", "TIME", "2021-11-12T10:30"},
    {"2021-11-12", "Polls close at 8 p.m. EST.", "8 p.m. EST", "TIME", "2021-11-12T20:00"},
    {"2021-11-12", "The attack came at 10 p.m. Wednesday.", "10 p.m. Wednesday", "TIME", "2021-11-10T22:00"},
    {"2021-11-12", "Markets reopened at noon.", "noon", "TIME", "2021-11-12T12:00"},
    {"2021-11-12", "The deadline expires at midnight.", "midnight", "TIME", "2021-11-12T24:00"},
    {"2021-11-12", "Troops crossed the border Wednesday night.", "Wednesday night", "TIME", "2021-11-10TNI"},
    {"2021-11-12", "He was seen leaving yesterday afternoon.", "yesterday afternoon", "TIME", "2021-11-11TAF"},
    {"2021-11-12", "Exports rose in July last year.", "July last year", "DATE", "2020-07"},
    {"2021-11-12", "The shares had fallen 5% a year earlier.", "a year earlier", "DATE", "2020"},
    {"2021-11-12", "Year-end bonuses were cut.", "Year-end", "DATE", "2021-12-31"},
    {"2021-11-08", "Thousands marched over the weekend.", "the weekend", "DATE", "2021-W44-WE"},
    {"2021-11-12", "The rate was cut the day before yesterday.", "the day before yesterday", "DATE", "2021-11-10"},
    {"2021-11-12", "The verdict is expected the day after tomorrow.", "the day after tomorrow", "DATE", "2021-11-14"},
    {"2021-11-12", "The leaders talked by phone on Tuesday (Nov. 9).", "Tuesday (Nov. 9)", "DATE", "2021-11-09"},
    {"2021-11-12", "The deal was signed on Tuesday, Nov. 9.", "Tuesday, Nov. 9", "DATE", "2021-11-09"},
    {"2021-11-12", "The vote took place on Nov. 9, 2021, in the Senate.", "Nov. 9, 2021", "DATE", "2021-11-09"},
    {"2021-11-12", "The vote took place on 11/9/2021.", "11/9/2021", "DATE", "2021-11-09"},
    {"2021-11-12", "The ministers met on the ninth of November.", "the ninth of November", "DATE", "2021-11-09"},
    {"2021-11-12", "Polls opened on 9 November.", "9 November", "DATE", "2021-11-09"},
    {"2021-11-12", "Trading resumed on Dec 3 2019 after a halt.", "Dec 3 2019", "DATE", "2019-12-03"},
    {"2021-11-12", "The index hit a record in Aug 2020.", "Aug 2020", "DATE", "2020-08"},
    {"2021-11-12", "The law was passed last April.", "last April", "DATE", "2021-04"},
    // The month just before the article's is "last month"; "last October" is a year earlier.
    {"2021-11-12", "The treaty was signed last October.", "last October", "DATE", "2020-10"},
    {"2021-11-12", "The treaty was signed this past October.", "past October", "DATE", "2021-10"},
    {"2022-01-05", "The ministers met last December.", "last December", "DATE", "2021-12"},
    {"2021-11-12", "Voting will take place next March.", "next March", "DATE", "2022-03"},
    {"2021-11-12", "The plant was shut later that year.", "later that year", "DATE", "2021"},
    {"2021-11-12", "It was founded in 1995, and the following year it went public.", "the following year", "DATE", "1996"},
    {"2021-11-12", "Markets rallied late last year.", "late last year", "DATE", "2020"},
    {"2021-11-12", "The budget will be tabled early next year.", "early next year", "DATE", "2022"},
    {"2021-11-12", "A vote is planned for the end of the year.", "the end of the year", "DATE", "2021"},
    {"2021-11-12", "The bank hopes to sell the unit by year end.", "year end", "DATE", "2021"},
    {"2021-11-12", "New rules should be in force by year's end, the regulator said.", "year's end", "DATE", "2021"},
    {"2021-11-12", "The company's fiscal year end is March 31.", "year end", "", ""},
    // After "since", the end of the year is the last one passed (TimeBank: "year-end" the day, "year end" the year).
    {"2021-11-12", "The index has gained 14% since year-end, traders said.", "year-end", "DATE", "2020-12-31"},
    {"2021-11-12", "Deposits have shrunk since year end, the bank said.", "year end", "DATE", "2020"},
    {"2022-02-03", "Bond yields have climbed steadily since the end of the year.", "the end of the year", "DATE", "2021"},
    {"2021-11-12", "Officials may announce the results soon.", "may", "", ""},
    {"2021-11-12", "Protesters march through the city.", "march", "", ""},
    {"2021-11-12", "The Sunday Times reported the story.", "Sunday", "", ""},
    {"2021-11-12", "He reread Orwell's 1984 in prison.", "1984", "", ""},
    {"2021-11-12", "Two thousand people marched to the palace.", "Two thousand", "", ""},
    {"2021-11-12", "The payment was due on Feb. 30, officials said.", "Feb. 30", "", ""},
    {"2021-11-12", "The company hired 2000 workers.", "2000", "", ""},
    {"2021-11-12", "The ticket cost $1990 at auction.", "1990", "", ""},
    {"2021-11-12", "May I ask a question, said the reporter.", "May", "", ""},
    {"2021-11-12", "She won a second term in the vote.", "a second", "", ""},
    {"2021-11-12", "A quarter of voters backed the plan.", "A quarter", "", ""},
    {"2021-11-12", "The Long March is taught in schools.", "March", "", ""},
    {"2021-11-12", "Three-quarters of the vote was counted.", "Three-quarters", "", ""},
    {"2021-11-12", "The fall of the Berlin Wall changed Europe.", "fall", "", ""},
    {"2021-11-12", "The survey covered 1500 people.", "1500", "", ""},
    {"2021-11-12", "The date April 31, 2021 does not exist.", "April 31, 2021", "", ""},
    {"2021-11-12", "The 6-year-old girl was rescued.", "6-year-old", "", ""},
    {"2021-11-12", "Officials previously denied the report.", "previously", "", ""},
    // Weekdays in planned or future-tense sentences take the next such day (DCT Friday 2021-11-12).
    {"2021-11-12", "The two presidents will meet on Monday in Geneva.", "Monday", "DATE", "2021-11-15"},
    {"2021-11-12", "The foreign minister is due to visit Beijing on Thursday.", "Thursday", "DATE", "2021-11-18"},
    {"2021-11-12", "Talks scheduled for Wednesday were called off by the rebels.", "Wednesday", "DATE", "2021-11-17"},
    {"2021-11-12", "The prime minister is set to travel to Kyiv on Tuesday, his office said.", "Tuesday", "DATE", "2021-11-16"},
    {"2021-11-12", "Negotiators would return to Vienna as soon as Sunday, a diplomat said.", "Sunday", "DATE", "2021-11-14"},
    {"2021-11-12", "The vote was postponed until Tuesday after a day of protests.", "Tuesday", "DATE", "2021-11-16"},
    {"2021-11-12", "The chancellor meets her French counterpart Monday to discuss the budget.", "Monday", "DATE", "2021-11-15"},
    {"2021-11-12", "Ministers planned a news conference on Wednesday to present the accord.", "Wednesday", "DATE", "2021-11-17"},
    {"2021-11-12", "The two ministers met in Paris on Monday and agreed on a ceasefire.", "Monday", "DATE", "2021-11-08"},
    {"2021-11-12", "He said on Tuesday that the envoy would arrive next month.", "Tuesday", "DATE", "2021-11-09"},
    // An attribution after a comma does not override the verb before the expression;
    // with no verb before it, the clause after the comma is the main one.
    {"2021-11-12", "Xi will meet US President Joe Biden in the San Francisco Bay Area on Wednesday, the foreign ministry said.", "Wednesday", "DATE", "2021-11-17"},
    {"2021-11-12", "The talks are supposed to conclude their work on the new constitution by May, the envoy said.", "May", "DATE", "2022-05"},
    {"2021-11-12", "On Wednesday, the speaker of the assembly said the boy should go home.", "Wednesday", "DATE", "2021-11-10"},
    // A past perfect plan says a plan existed, not when it falls: the nearest such date, adverb or not.
    {"2023-06-19", "The trip had originally been scheduled for February but was postponed.", "February", "DATE", "2023-02"},
    {"2022-02-22", "Blinken canceled a meeting with Lavrov that had been planned for Thursday.", "Thursday", "DATE", "2022-02-24"},
    // So is a plan in the past progressive ("were planning to", "was about to"): the auxiliary is no past cue.
    {"2021-11-12", "Farmers plan a rally on Saturday and were planning to block roads.", "Saturday", "DATE", "2021-11-13"},
    {"2021-11-12", "The convoy was about to leave Saturday when the order came.", "Saturday", "DATE", "2021-11-13"},
    {"2021-11-12", "Police seized him Thursday as he was about to board a plane.", "Thursday", "DATE", "2021-11-11"},
    {"1989-10-30", "The offer had been due to expire Friday.", "Friday", "DATE", "1989-10-27"},
    {"1989-11-02", "The offer had been set to expire Nov. 6.", "Nov. 6", "DATE", "1989-11-06"},
    // Reported speech: "would" after a past reporting verb is the future of that past, a plan
    // that existed: the nearest day (DCT Tuesday 2022-02-08); without one it stays future.
    {"2022-02-08", "The minister told reporters that the two sides would hold a final round of talks on Monday.", "Monday", "DATE", "2022-02-07"},
    {"2022-02-08", "The envoy said the rebels would not attack the port on Sunday, a day after the truce.", "Sunday", "DATE", "2022-02-06"},
    {"2022-02-08", "The ministers would meet on Monday if the truce holds.", "Monday", "DATE", "2022-02-14"},
    // An event "after" or "following" which a past sentence reports came before it (DCT Friday 2022-02-11).
    {"2022-02-11", "The chancellor said on Wednesday that Moscow would not send more troops, after three hours of talks with the prime minister in Berlin on Monday.", "Monday", "DATE", "2022-02-07"},
    {"2022-02-11", "The company said its shares would recover, following a sharp drop in Tokyo on Monday.", "Monday", "DATE", "2022-02-07"},
    {"2022-02-11", "The leaders will sign the accord after talks in Paris on Monday.", "Monday", "DATE", "2022-02-14"},
    // The day of a reporting verb is when it was said, whatever the clause after it says; a
    // reported "would" says nothing of a date before it.
    {"2022-03-06", "The skier said here Saturday she is recovering well from her knee injury.", "Saturday", "DATE", "2022-03-05"},
    {"2022-03-04", "The security adviser told reporters on Thursday that a decision will take weeks.", "Thursday", "DATE", "2022-03-03"},
    {"2022-03-03", "The prime minister told a news conference on Saturday that his army would not wait for approval.", "Saturday", "DATE", "2022-02-26"},
    {"2022-03-05", "Talks will resume on Monday, the spokesman said Friday.", "Monday", "DATE", "2022-03-07"},
    {"2022-03-05", "Talks will resume on Monday, the spokesman said Friday.", "Friday", "DATE", "2022-03-04"},
    {"2022-03-04", "The results of the vote will be announced on Monday.", "Monday", "DATE", "2022-03-07"},
    // After a past verb, a present or future one beyond a comma is another clause's.
    {"2021-12-08", "The lawmaker, who lost the leadership vote on Tuesday, could be crucial to the coalition.", "Tuesday", "DATE", "2021-12-07"},
    {"2021-12-21", "The singer, unseen in public since she underwent surgery in July, will return to the stage in March.", "July", "DATE", "2021-07"},
    // Numbers with thousands separators ("4,000 years ago"); before year 1 it is the past.
    {"2021-12-14", "The temple has stood on the hill for 1,200 years.", "1,200 years", "DURATION", "P1200Y"},
    {"2021-12-14", "The dynasty was founded 1,500 years ago in the river valley.", "1,500 years ago", "DATE", "0521"},
    {"2021-12-14", "Scientists say the flood happened about 4,000 years ago.", "4,000 years ago", "DATE", "PAST_REF"},
    // Irregular past tenses of news verbs; a futures contract month is to come.
    {"2021-12-28", "The striker, who underwent knee surgery in November, will miss the final.", "November", "DATE", "2021-11"},
    {"2021-12-06", "Brent crude for January delivery fell 52 cents to $70.10 a barrel.", "January", "DATE", "2022-01"},
    // "announced plans" is the announcement's past; "on course to" is a plan; "centre-left" no verb.
    {"2021-11-18", "On Tuesday, the ministry announced plans to vaccinate all poultry.", "Tuesday", "DATE", "2021-11-16"},
    {"2021-12-07", "A survey last week found the party was on course to win the most seats in the March 28 election.", "March 28", "DATE", "2022-03-28"},
    {"2021-12-07", "A poll found the party was on course to become by far the largest group in the new parliament after the March 28 election, ahead of the centre-left bloc.", "March 28", "DATE", "2022-03-28"},
    // Dates near the DCT: adjectives in -ed do not push them a year back; planning verbs push forward.
    {"1989-11-02", "The reduced dividend is payable Jan. 2 to holders of record.", "Jan. 2", "DATE", "1990-01-02"},
    // An -ed word after a determiner is an adjective, not a past verb.
    {"1989-10-26", "The split would be paid on a still unspecified date in January.", "January", "DATE", "1990-01"},
    {"1989-10-26", "The shares will go to holders on a revised date in January.", "January", "DATE", "1990-01"},
    {"1989-11-02", "The rights, which expire Nov. 21, can be exercised for $100 each.", "Nov. 21", "DATE", "1989-11-21"},
    {"1989-11-02", "The company extended its offer to Nov. 20 after talks with the union.", "Nov. 20", "DATE", "1989-11-20"},
    {"1989-10-31", "They said they expect the merger to be completed by Dec. 15.", "Dec. 15", "DATE", "1989-12-15"},
    {"1989-11-02", "The closing of the sale, which is expected in December, needs approval.", "December", "DATE", "1989-12"},
    {"1998-03-04", "The astronaut will be named commander of the shuttle for a mission in December.", "December", "DATE", "1998-12"},
    {"1989-11-02", "Mr. Taylor stepped down as chairman, president and chief executive in March for health reasons.", "March", "DATE", "1989-03"},
    // Fractions, ranges and modifiers of durations.
    {"2021-11-12", "The opposition leader spent 2 1/2 years in prison.", "2 1/2 years", "DURATION", "P2Y6M"},
    {"2021-11-12", "The talks lasted 5 1/2 hours without a break.", "5 1/2 hours", "DURATION", "PT5H30M"},
    {"2021-11-12", "The applause went on for a minute and a half.", "a minute and a half", "DURATION", "PT1M30S"},
    {"2021-11-12", "Analysts expect a recovery over the next 12 to 18 months.", "the next 12 to 18 months", "DURATION", "PXM"},
    {"2021-11-12", "Prices have doubled in the past two or three years.", "the past two or three years", "DURATION", "PXY"},
    {"2021-11-12", "The siege lasted nearly two months, and the army withdrew.", "nearly two months", "DURATION", "P2M"},
    {"2021-11-12", "Shares rose in three-quarters of the markets; more than a quarter of voters abstained.", "quarter", "", ""},
    {"2021-11-12", "The rebels freed a nearly 6-year-old boy.", "year", "", ""},
    {"2021-11-12", "Markets fell after Wednesday's ruling by the court.", "Wednesday", "DATE", "2021-11-10"},
    {"2021-11-12", "Markets are nervous ahead of Wednesday's vote in parliament.", "Wednesday", "DATE", "2021-11-17"},
    {"2021-11-12", "The ceasefire has held for more than four hours.", "more than four hours", "DURATION", "PT4H"},
    {"2021-11-12", "The rebels must withdraw in no more than 18 months under the deal.", "no more than 18 months", "DURATION", "P18M"},
    {"2021-11-12", "The hostages have been held for weeks in the mountains.", "weeks", "DURATION", "PXW"},
    {"2021-11-12", "The border was closed almost four years ago.", "almost four years ago", "DATE", "2017"},
    // Holidays, also floating ones, and "last Thanksgiving".
    {"2021-11-12", "Voters went to the polls on Election Day in large numbers.", "Election Day", "DATE", "2021-11-02"},
    {"2020-10-20", "Polls will close at 8 p.m. on Election Day, officials said.", "Election Day", "DATE", "2020-11-03"},
    // Movable feasts count from Easter Sunday (2021-04-04, 2019-04-21, 2000-04-23).
    {"2021-04-06", "Thousands of pilgrims attended Mass on Easter Sunday.", "Easter Sunday", "DATE", "2021-04-04"},
    {"2021-03-20", "The pope will lead the procession on Good Friday.", "Good Friday", "DATE", "2021-04-02"},
    {"2019-06-12", "The attack came on Palm Sunday, the ministry said.", "Palm Sunday", "DATE", "2019-04-14"},
    {"2000-04-17", "Crowds gathered in the square as Easter week began.", "Easter week", "DATE", "2000-W16"},
    {"2021-04-06", "Tourists flock to the statues of Easter Island.", "Easter", "", ""},
    {"2021-11-12", "The family gathered last Thanksgiving for the first time in years.", "last Thanksgiving", "DATE", "2020-11-26"},
    {"2021-05-20", "The parade is held every year on Mother's Day in the capital.", "Mother's Day", "DATE", "2021-05-09"},
    // "the previous Friday" counts from the date before it, not from the DCT.
    {"2021-11-12", "The truce took effect on Oct. 27, 2021, after talks collapsed the previous Friday.", "the previous Friday", "DATE", "2021-10-22"},
    {"2021-11-12", "The summit opened on Sept. 1, 2021, and ended the following Sunday.", "the following Sunday", "DATE", "2021-09-05"},
    // Parts of a month or year, and early/late days.
    {"2021-11-12", "The report is expected by the end of November, a spokesman said.", "the end of November", "DATE", "2021-11"},
    {"2021-11-12", "The mission will be wound down by the end of 2022.", "the end of 2022", "DATE", "2022"},
    {"2021-11-12", "Earlier yesterday the minister had met the envoy.", "Earlier yesterday", "DATE", "2021-11-11"},
    {"2021-11-12", "The rocket attack began early Tuesday, the army said.", "Tuesday", "DATE", "2021-11-09"},
    // Counts with "more", "couple of"; sets of months, seasons and weekday parts;
    // a day next to a date, the week of a date, halves spelled out.
    {"1998-03-05", "It will take at least two more weeks to finish the count.", "at least two more weeks", "DURATION", "P2W"},
    {"1989-10-26", "The stock fell for eight trading days in a row.", "eight trading days", "DURATION", "P8D"},
    {"1989-11-01", "The board granted him an additional year to repay.", "an additional year", "DURATION", "P1Y"},
    {"1989-11-01", "Analysts expect slow growth over the next couple of years.", "the next couple of years", "DURATION", "P2Y"},
    {"1998-03-05", "The two sides met a couple of weeks ago in Vienna.", "a couple of weeks ago", "DATE", "1998-W08"},
    {"1998-03-22", "The festival is held each July on the waterfront.", "each July", "SET", "XXXX-07"},
    {"1998-03-22", "The fleet sails every summer to the islands.", "every summer", "SET", "XXXX-SU"},
    {"1998-02-13", "The show airs Tuesday nights on public television.", "Tuesday nights", "SET", "XXXX-WXX-2TNI"},
    {"1998-02-13", "He jogs every Monday morning before work.", "every Monday morning", "SET", "XXXX-WXX-1TMO"},
    {"2000-02-24", "The vote is scheduled for the week of March 6.", "the week of March 6", "DATE", "2000-W10"},
    {"2021-11-12", "Talks ended the day before Nov. 9, officials said.", "the day before Nov. 9", "DATE", "2021-11-08"},
    {"2000-02-24", "The day before last Tuesday, the senator resigned.", "The day before last Tuesday", "DATE", "2000-02-21"},
    {"1989-11-01", "Sales should recover in the last half of 1990.", "the last half of 1990", "DATE", "1990-H2"},
    {"1989-10-26", "Losses are expected through the first two quarters of 1990.", "the first two quarters of 1990", "DATE", "1990-H1"},
    {"1989-11-01", "The couple married in June.", "couple", "", ""},
    // A bare present verb points a weekday forward, as "meets" does.
    {"1998-05-01", "He and Arafat meet separately Monday with the envoy.", "Monday", "DATE", "1998-05-04"},
    {"1997-04-12", "The envoys arrive Sunday for talks.", "Sunday", "DATE", "1997-04-13"},
    // A verb that is as often a noun ("his visit Monday", "the vote") is no cue.
    {"1998-05-01", "During his visit Monday the envoy met Arafat.", "Monday", "DATE", "1998-04-27"},
    // "the year" is the year under report, unless it is a span: ended, whole.
    {"1989-11-01", "Sales for the year rose 13%, the company said.", "the year", "DATE", "1989"},
    {"1989-11-01", "It forecast higher earnings for the full year.", "the full year", "DATE", "1989"},
    {"1989-11-01", "Net income for the year ended March 31 fell.", "the year", "DURATION", "P1Y"},
    {"1989-11-01", "Rebels held the town for the whole year.", "the whole year", "DURATION", "P1Y"},
    {"1989-11-02", "The drop in net income will mean lower earnings for the fiscal year.", "the fiscal year", "DATE", "1989"},
    // "the years" is a vague span of years, not "the year" under report.
    {"1998-03-31", "Relations with the rebels have improved over the years, the envoy said.", "years", "DURATION", "PXY"},
    {"1998-03-31", "Relations with the rebels have improved over the years, the envoy said.", "the year", "", ""},
    {"2000-04-01", "In the years that followed, the rebels waged war from the mountains.", "the year", "", ""},
    // "N units before X" is a span of N units; only "N units before" ending the clause is a date,
    // counted back from the date before it.
    {"2021-11-12", "The regulator must wait at least 30 days before approving the merger.", "at least 30 days", "DURATION", "P30D"},
    {"2021-11-12", "Witnesses saw the van ten days before the bombing.", "ten days", "DURATION", "P10D"},
    {"2021-11-12", "He was elected in 2016; two years before, he had lost the primary.", "two years before", "DATE", "2014"},
    {"2021-11-12", "The ceasefire was agreed three weeks ago in Doha.", "three weeks ago", "DATE", "2021-W42"},
    {"2021-11-12", "Revenue dropped to $300 million last year, down from $450 million the year before.", "the year before", "DATE", "2019"},
    {"2021-11-12", "The envoy visited the region a month or so ago.", "a month or so ago", "DATE", "2021-10"},
    // "year-earlier"/"year-ago" compare with the period a year back: after that period
    // itself they mean it again, and "a year-earlier loss" is no span of a year.
    {"1989-11-01", "It had a third-quarter loss, compared with a year-earlier profit.", "year-earlier", "DATE", "1988-Q3"},
    {"1989-11-01", "It had a third-quarter loss, compared with a year-earlier profit.", "a year", "", ""},
    {"1989-11-01", "The bank earned $10 million in the year-ago quarter. The year-ago results were restated.", "year-ago", "DATE", "1988-Q3"},
    {"1989-10-30", "Last year storm losses totaled $5 million. The year-earlier results were restated.", "year-earlier", "DATE", "1988"},
    {"1989-02-15", "Profit for last year rose 8% from year-earlier levels.", "year-earlier", "DATE", "1987"},
    // After a span of months in its sentence ("for the nine months"), a year back is the year
    // before, not the quarter named earlier.
    {"2021-10-28", "Third-quarter profit rose 5%. For the nine months, the retailer earned $40 million, up from $31 million a year earlier.", "a year earlier", "DATE", "2020"},
    {"2021-10-28", "The chain lost money in the third quarter. In the first six months, it reported a loss, compared with year-earlier net income of $2 million.", "year-earlier", "DATE", "2020"},
    {"2021-10-28", "Third-quarter profit rose to $5 million from $4 million a year earlier.", "a year earlier", "DATE", "2020-Q3"},
    // "last Oct. 23": the direction word applies to the whole date.
    {"2021-04-19", "The doctor was shot to death last Oct. 23 at his home.", "last Oct. 23", "DATE", "2020-10-23"},
    {"2021-11-12", "The runoff is set for next Jan. 9, the commission said.", "next Jan. 9", "DATE", "2022-01-09"},
    // "could not be reached/located": an attempt already made, not a plan.
    {"2021-11-12", "Relatives of the boy couldn't be located Wednesday in their hometown.", "Wednesday", "DATE", "2021-11-10"},
    {"2021-11-12", "The minister could not be reached for comment on Tuesday.", "Tuesday", "DATE", "2021-11-09"},
    {"2021-11-10", "A decision could be announced Friday, a spokesman said.", "Friday", "DATE", "2021-11-12"},
    // A present verb in another clause, far from the weekday, does not point it forward.
    {"2021-11-12", "After touring the port city Thursday and meeting police chiefs, the FBI director said the inquiry is making good progress.", "Thursday", "DATE", "2021-11-11"},
    // ... but a farther cue of another kind still does: the plan, not the present verb.
    {"2021-11-11", "The envoy is expected to stay on in the capital and hold talks with the leaders of the three opposition parties on Saturday.", "Saturday", "DATE", "2021-11-13"},
    // "could one day join": some day in the future; "spend one day" stays a span.
    {"2021-11-12", "Analysts say the country could one day join the bloc.", "one day", "DATE", "FUTURE_REF"},
    {"2021-11-12", "The minister will spend one day in Paris.", "one day", "DURATION", "P1D"},
    // Earnings reports: the quarter under report a year back, however it is put.
    {"1989-11-01", "Sales in Britain for last year's quarter were about $3 million.", "last year's quarter", "DATE", "1988-Q3"},
    {"1989-11-01", "Net was $2 million, compared with $1.8 million for the corresponding period last year.", "the corresponding period last year", "DATE", "1988-Q3"},
    {"1989-11-01", "For the quarter a year ago, the utility earned $16 million.", "the quarter a year ago", "DATE", "1988-Q3"},
    {"1989-11-01", "In the comparable year-ago quarter, the bank lost money.", "the comparable year-ago quarter", "DATE", "1988-Q3"},
    // "would still be held": the participle belongs to the future cue, it is no past verb.
    {"2021-02-10", "He added that a ceremonial signing would still be held at the alliance summit in Brussels on April 24.", "April 24", "DATE", "2021-04-24"},
    // A deadline weekday ("until 9 a.m. Tuesday") is the nearest one, whatever the verb.
    {"2021-12-12", "The inmate faces execution unless the governor intervenes before Tuesday.", "Tuesday", "DATE", "2021-12-14"},
    {"2021-12-11", "The parties campaigned hard before Tuesday's vote.", "Tuesday", "DATE", "2021-12-07"},
    {"2000-04-03", "Immigration officials have given the relatives until 9 a.m. Tuesday to sign the paper.", "9 a.m. Tuesday", "TIME", "2000-04-04T09:00"},
    {"2021-11-08", "The court extended its deadline until Tuesday after two days of talks.", "Tuesday", "DATE", "2021-11-09"},
    {"2021-11-12", "Until Thursday, the police had not called him a suspect.", "Thursday", "DATE", "2021-11-11"},
    {"2021-11-12", "The rebels held the town until March.", "March", "DATE", "2021-03"},
    // Not times: a protest march named after its cause, a lower-case "this march", a TV
    // show, "the past" modifying a noun, rates of change.
    {"2021-01-22", "Thousands joined the annual March for Life in Washington.", "March", "", ""},
    {"2021-01-22", "He was arrested at this march in each of the last three years.", "march", "", ""},
    {"2021-11-12", "The secretary said on ABC's \"This Week\" that talks would resume.", "This Week", "", ""},
    // "today's world", "high noon": no day.
    {"2021-11-12", "Such old-fashioned manners are rare in today's world, the author said.", "today", "", ""},
    {"2021-11-12", "The minister said the reform would help today's youth find jobs.", "today", "", ""},
    {"2021-11-12", "Analysts expect today's vote in the assembly to be close.", "today", "DATE", "2021-11-12"},
    {"2021-11-12", "For the reformers in the cabinet it was high noon, the paper wrote.", "noon", "", ""},
    {"2021-11-12", "The treaty was among the great events of the past century.", "the past", "", ""},
    {"2021-11-12", "The quarter-to-quarter comparison was hurt by charges.", "quarter", "", ""},
    {"2021-11-12", "Prices have risen over the past three months.", "the past three months", "DURATION", "P3M"},
    {"2021-11-12", "The economy has changed in the past, the minister said.", "the past", "DATE", "PAST_REF"},
    {"2021-01-04", "Women will vote in March for the first time.", "March", "DATE", "2021-03"},
    {"2021-03-04", "Elections will be held in March of next year.", "March of next year", "DATE", "2022-03"},
    // A bare clock time falls on the day under report, else on the DCT.
    {"2021-11-12", "The blast in Nairobi occurred on Nov. 5. Rescuers arrived at 10:35 a.m., the police said.", "10:35 a.m.", "TIME", "2021-11-05T10:35"},
    {"2021-11-12", "Rescuers arrived at 10:35 a.m., the police said.", "10:35 a.m.", "TIME", "2021-11-12T10:35"},
    {"2021-11-12", "In London at mid-afternoon yesterday, the shares were up 2 pence.", "mid-afternoon yesterday", "TIME", "2021-11-11TAF"},
    {"2021-11-12", "The ministers will meet again late morning tomorrow.", "late morning tomorrow", "TIME", "2021-11-13TMO"},
    // A bare part of the day falls on the day last mentioned; "4 in the morning" is a clock time.
    {"2021-11-08", "The rebels attacked the town on Friday. By mid-afternoon, the army had fled.", "mid-afternoon", "TIME", "2021-11-05TAF"},
    {"2021-11-12", "Traders placed heavy buy orders in the morning.", "the morning", "TIME", "2021-11-12TMO"},
    {"2021-11-12", "The fire broke out at 4 in the morning, officials said.", "4 in the morning", "TIME", "2021-11-12T04:00"},
    {"2021-11-12", "The talks ended at 10 in the evening.", "10 in the evening", "TIME", "2021-11-12T22:00"},
    // A range runs forward: its first end, a month whose year is inferred, does not
    // come after the second when the text gives the second's year or the first was
    // put after the DCT (ranges.tsv).
    {"2021-11-12", "Exports rose 4 percent from January to October, the ministry said.", "January", "DATE", "2021-01"},
    {"2021-11-12", "Exports rose 4 percent from January to October, the ministry said.", "October", "DATE", "2021-10"},
    {"2021-11-12", "Prices climbed from December through February.", "December", "DATE", "2020-12"},
    {"2021-11-12", "Trade between the two neighbours between January and September hit a record.", "January", "DATE", "2021-01"},
    {"2021-11-28", "He was economy minister from April to August 2019.", "April", "DATE", "2019-04"},
    {"2021-11-12", "The talks will run from January to March.", "January", "DATE", "2022-01"},
    {"2021-11-29", "The competition runs from November 29 to December 2.", "November 29", "DATE", "2021-11-29"},
    {"2021-11-12", "Sales rose in January, and fell in October.", "January", "DATE", "2021-01"},
    // A direction or modifier word starts at a word boundary: not the "last" of
    // "blast", not the "early" of "nearly".
    {"2021-03-10", "The blast March 3 killed two people.", "March 3", "DATE", "2021-03-03"},
    {"2021-11-12", "Exports are back to nearly March 2020 levels.", "March 2020", "DATE", "2020-03"},
};

const Timex* Find(const Document& doc, std::string_view span) {
  for (const Timex& t : doc.timexes)
    if (doc.text(t.span) == span) return &t;
  return nullptr;
}

std::string Describe(const Document& doc) {
  std::string s;
  for (const Timex& t : doc.timexes) {
    s += "[" + std::string(doc.text(t.span)) + " " + std::string(TimexTypeName(t.type)) + " " +
         t.value + " " + t.rule.ToString() + "] ";
  }
  return s;
}

}  // namespace

TEST_SUITE("timex") {
  TEST_CASE("news expressions get the TIMEX3 span, type and value of the table") {
    const auto& tagger = BuiltinTagger();
    int checked = 0;
    for (const Row& row : kRows) {
      CAPTURE(row.text);
      CAPTURE(row.dct);
      Document doc = MakeDocument(row.text, row.dct);
      tagger.Run(doc);
      std::string got = Describe(doc);
      CAPTURE(got);
      const Timex* t = Find(doc, row.span);
      if (row.type.empty()) {
        for (const Timex& x : doc.timexes) {
          std::string_view tx = doc.text(x.span);
          CHECK_MESSAGE(tx.find(row.span) == std::string_view::npos, "unexpected timex");
        }
      } else {
        CHECK_MESSAGE(t != nullptr, "no timex with span '" << row.span << "'");
        if (t == nullptr) continue;
        CHECK(TimexTypeName(t->type) == row.type);
        CHECK(t->value == row.value);
        CHECK(!t->rule.empty());
      }
      ++checked;
    }
    CHECK(checked >= 300);
  }

  TEST_CASE("the one-scan path and the per-segment path tag the same expressions") {
    static const RuleStore store = RuleStore::Builtin();
    auto per_segment = timex::Tagger::Load(store, timex::MatchPath::kPerSegment);
    REQUIRE_MESSAGE(per_segment.ok(), per_segment.error().Format());
    // Every table sentence, and all of them as one article (lines and sentences mixed).
    std::string all;
    std::vector<std::pair<std::string, std::string>> texts;
    for (const Row& row : kRows) {
      texts.emplace_back(std::string(row.text), std::string(row.dct));
      all += std::string(row.text) + (all.size() % 3 ? " " : "\n");
    }
    texts.emplace_back(all, "2021-11-12");
    // Negatives that start inside a longer match, and expressions with context before their span.
    texts.emplace_back("Output fell in at least the first two quarters of 1990, the board said at noon "
                       "Thursday; more than a quarter of voters stayed home, and 2000 troops left at "
                       "midnight Friday.",
                       "1990-11-12");
    // Tense cues far from every expression of a long sentence (the one-scan path
    // stops looking for cues beyond their reach), several expressions in one
    // sentence, and negatives between neighbouring expressions.
    texts.emplace_back(
        "The association, which was founded by a small group of merchants and has since grown "
        "into one of the largest civic organisations anywhere in the region with many thousands "
        "of members and friends, will meet Tuesday and again on March 3 and Friday, and the "
        "Sunday Times reported that the board may want $1990 and 2000 troops before the end of "
        "2021, said officials who had planned the meetings carefully over several long weeks of "
        "talks that the whole organisation considered useful and necessary for its members.\n"
        "He said that May we hope for more on Monday; the Long March began in October 1934 and "
        "ended a year later.",
        "2021-11-12");
    for (const auto& [text, dct] : texts) {
      CAPTURE(text);
      Document a = MakeDocument(text, dct);
      Document b = MakeDocument(text, dct);
      BuiltinTagger().Run(a);
      per_segment->Run(b);
      CHECK(Describe(a) == Describe(b));
    }
  }

  TEST_CASE("with a focus, the focus sentences get the values a run over the whole text gives") {
    // Expressions that count from the one before them ("a year earlier", "the
    // same quarter", a clock time on the day before it) with that one in
    // another sentence, in or out of the focus; every subset of the sentences.
    const std::vector<std::string_view> sentences = {
        "Profits rose in the third quarter of 2019.",
        "The board met on Nov. 9, 2020, at noon.",
        "Shares fell sharply.",
        "A year earlier the two leaders had spoken by phone at 3 p.m.",
        "Sales fell in the same quarter a year earlier.",
        "For the nine months, net rose to $5 million from $4 million a year earlier.",
        "Talks are set for Friday.",
        "Nothing else happened.",
        "The envoys met again the next day at 9 a.m. and on Monday.",
        // A boundary segment put inside an expression: neither sentence's
        // scan runs into the other, whichever of them is scanned.
        "Officials met on Tuesday (Nov.",
        "9) in Rome.",
    };
    std::string text;
    std::vector<Sentence> spans;
    for (std::string_view s : sentences) {
      if (!text.empty()) text += ' ';
      spans.push_back(Sentence{Span{uint32_t(text.size()), uint32_t(text.size() + s.size())}, 0});
      text += s;
    }
    Document whole = MakeDocument(text, "2021-11-12");
    whole.sentences = spans;
    BuiltinTagger().Run(whole);
    // The run over the whole text has the anchored values this test is about.
    REQUIRE(Find(whole, "A year earlier"));
    CHECK(Find(whole, "A year earlier")->value == "2019");
    REQUIRE(Find(whole, "3 p.m."));
    CHECK(Find(whole, "3 p.m.")->value == "2020-11-09T15:00");
    auto in = [&](const Timex& t, const std::vector<uint32_t>& focus) {
      for (uint32_t si : focus)
        if (spans[si].span.Contains(t.span)) return true;
      return false;
    };
    size_t anchored_outside = 0;
    for (uint32_t mask = 0; mask < (1u << sentences.size()); ++mask) {
      Document doc = MakeDocument(text, "2021-11-12");
      doc.sentences = spans;
      doc.focus.emplace();
      for (uint32_t si = 0; si < sentences.size(); ++si)
        if (mask & (1u << si)) doc.focus->push_back(si);
      CAPTURE(mask);
      BuiltinTagger().Run(doc);
      Document expected = whole;
      std::erase_if(expected.timexes, [&](const Timex& t) { return !in(t, *doc.focus); });
      CHECK(Describe(doc) == Describe(expected));
      if (mask == 0b1000) anchored_outside = doc.timexes.size();
    }
    CHECK(anchored_outside >= 2);  // sentence 3 alone: its anchor is in sentence 1
    for (const Timex& t : whole.timexes) {
      CAPTURE(whole.text(t.span));
      CHECK(std::any_of(spans.begin(), spans.end(), [&](const Sentence& s) { return s.span.Contains(t.span); }));
    }
  }

  TEST_CASE("'in March' in a past-tense sentence resolves to the previous March") {
    Document doc = MakeDocument("The two sides signed a truce in March.", "2021-11-12");
    BuiltinTagger().Run(doc);
    REQUIRE(doc.timexes.size() == 1);
    CHECK(doc.timexes[0].value == "2021-03");
    Document fut = MakeDocument("The two sides will sign a truce in March.", "2021-11-12");
    BuiltinTagger().Run(fut);
    REQUIRE(fut.timexes.size() == 1);
    CHECK(fut.timexes[0].value == "2022-03");
  }

  TEST_CASE("a distant reporting verb does not push a near date a year back") {
    Document doc = MakeDocument("Officials said the tender offer for the shares expires Dec. 5.", "2021-11-12");
    BuiltinTagger().Run(doc);
    REQUIRE(doc.timexes.size() == 1);
    CHECK(doc.timexes[0].value == "2021-12-05");
    Document near = MakeDocument("The ministers met on Dec. 5 in Rome.", "2021-11-12");
    BuiltinTagger().Run(near);
    REQUIRE(near.timexes.size() == 1);
    CHECK(near.timexes[0].value == "2020-12-05");
  }

  TEST_CASE("the sentences from segment decide the tense when present") {
    std::string text = "Officials said the vote was held on Dec. 5. Another vote will be held on Dec. 5.";
    Document doc = MakeDocument(text, "2021-11-12");
    doc.sentences.push_back(Sentence{Span{0, 44}, 0});
    doc.sentences.push_back(Sentence{Span{45, uint32_t(text.size())}, 0});
    BuiltinTagger().Run(doc);
    REQUIRE(doc.timexes.size() == 2);
    CHECK(doc.timexes[0].value == "2020-12-05");
    CHECK(doc.timexes[1].value == "2021-12-05");
  }

  TEST_CASE("calendar values carry their day interval and precision") {
    Document doc = MakeDocument("Sales rose in the third quarter of 2021 and fell in July 2020.");
    BuiltinTagger().Run(doc);
    REQUIRE(doc.timexes.size() == 2);
    CHECK(doc.timexes[0].date == DateValue::Quarter(2021, 3));
    CHECK(doc.timexes[1].date == DateValue::Month(2020, 7));
    CHECK(doc.timexes[0].rule.file == "timex/data/rules/quarter.tsv");
  }

  TEST_CASE("without a DCT, underspecified values use X placeholders, never UNDEF") {
    Document doc = MakeDocument("They met on Friday and again on Nov. 9; talks resume next year.");
    BuiltinTagger().Run(doc);
    REQUIRE(doc.timexes.size() == 3);
    CHECK(doc.timexes[0].value == "XXXX-WXX-5");
    CHECK(doc.timexes[1].value == "XXXX-11-09");
    CHECK(doc.timexes[2].value == "FUTURE_REF");
    for (const Timex& t : doc.timexes) CHECK(t.value.find("UNDEF") == std::string::npos);
  }

  TEST_CASE("timexes come out in text order and never overlap") {
    Document doc = MakeDocument(
        "On Monday, Nov. 8, 2021, the ministers met for two hours; a year earlier they had met "
        "in the spring of 2020, and they will meet again next week.",
        "2021-11-12");
    BuiltinTagger().Run(doc);
    REQUIRE(doc.timexes.size() >= 4);
    for (size_t i = 1; i < doc.timexes.size(); ++i)
      CHECK(doc.timexes[i - 1].span.end <= doc.timexes[i].span.begin);
  }

  TEST_CASE("content never makes the tagger fail: empty, binary-ish and huge numbers") {
    for (std::string_view text : {std::string_view(""), std::string_view("\xff\xfe 9999-99-99"),
                                  std::string_view("99999999999999999999 years ago"),
                                  std::string_view("Feb. 29, 2021 and Feb. 29, 2020")}) {
      CAPTURE(text);
      Document doc = MakeDocument(text, "2021-11-12");
      BuiltinTagger().Run(doc);
      for (const Timex& t : doc.timexes) CHECK(t.span.end <= text.size());
    }
    Document leap = MakeDocument("Feb. 29, 2021 and Feb. 29, 2020", "2021-11-12");
    BuiltinTagger().Run(leap);
    REQUIRE(leap.timexes.size() == 1);
    CHECK(leap.timexes[0].value == "2020-02-29");
  }

  TEST_CASE("rule load errors name the file, line and rule") {
    struct Bad {
      std::string_view rule_line;
      std::string_view message;
    };
    const Bad bads[] = {
        {"r1\t(?P<year>\\d{4}\tDATE\tdate",
         "timex/data/rules/x.tsv:2: r1: missing ): (?P<year>\\d{4}"},
        {"r2\t(?P<yeer>\\d{4})\tDATE\tdate", "timex/data/rules/x.tsv:2: r2: unknown capture name 'yeer'"},
        {"r3\t\\d{4}\tDAY\tdate", "timex/data/rules/x.tsv:2: r3: unknown type 'DAY'"},
        {"r4\t\\d{4}\tDATE\trel unit={unit} off=1",
         "timex/data/rules/x.tsv:2: r4: value uses {unit} but the pattern has no such capture"},
        {"r5\t{nope}\tDATE\tdate", "timex/data/rules/x.tsv:2: r5: unknown fragment {nope}"},
        {"r6\t(\\d{4})\tDATE\tdate",
         "timex/data/rules/x.tsv:2: r6: unnamed capturing group; use (?:...) or (?P<name>...)"},
        {"r7\t\\d{4}\tDATE\tfrob x", "timex/data/rules/x.tsv:2: r7: unknown value kind 'frob'"},
        {"r8\t(?P<year>\\d{4})|(?P<year>\\d\\d)\tDATE\tdate",
         "timex/data/rules/x.tsv:2: r8: a capture name is used twice; split the rule in two"},
    };
    for (const Bad& b : bads) {
      CAPTURE(b.rule_line);
      RuleStore store = RuleStore::FromMap(
          {{"timex/data/rules/x.tsv", "# FORMAT: test\n" + std::string(b.rule_line) + "\n"}});
      auto t = timex::Tagger::Load(store);
      REQUIRE_FALSE(t.ok());
      CHECK(t.error().Format() == b.message);
    }
  }

  TEST_CASE("a minimal in-memory rule set tags with lexicon values") {
    RuleStore store = RuleStore::FromMap({
        {"timex/data/lexicon/months.tsv", "# FORMAT: x\nNovember\t11\nNov.\t11\n"},
        {"timex/data/patterns.tsv", "day\t(?:[12]\\d|3[01]|0?[1-9])\n"},
        {"timex/data/tense.tsv", "[a-z]+ed\tpast\n"},
        {"timex/data/rules/date.tsv",
         "md\t(?P<month>{months}) (?P<day>{day})\\b\tDATE\tdate\tNov. 9 ⇒ 2021-11-09 @2021-11-12\n"},
    });
    auto t = timex::Tagger::Load(store);
    REQUIRE_MESSAGE(t.ok(), t.error().Format());
    Document doc = MakeDocument("It happened on Nov. 9 and ended on November 30.", "2021-11-12");
    t->Run(doc);
    REQUIRE(doc.timexes.size() == 2);
    CHECK(doc.timexes[0].value == "2021-11-09");
    CHECK(doc.timexes[1].value == "2020-11-30");
    CHECK(doc.timexes[0].rule.ToString() == "timex/data/rules/date.tsv:1 md");
  }

  TEST_CASE("a pattern splits into its pieces, each an atom with its repetition") {
    std::vector<std::string_view> pieces;
    REQUIRE(timex::detail::SplitPieces("\\bthe (?:a|(b))?[^x)-]+\\d{1,3}{num}’s$", pieces));
    CHECK(pieces == std::vector<std::string_view>{"\\b", "t", "h", "e", " ", "(?:a|(b))?",
                                                  "[^x)-]+", "\\d{1,3}", "{num}", "’", "s", "$"});
    // What the splitter does not take apart: the pattern stays one piece.
    for (std::string_view p :
         {"a|b", "(?i)a", "[[:alpha:]]", "a(b", "a)", "a{,3}", "\\pL", "a**"}) {
      CAPTURE(p);
      CHECK_FALSE(timex::detail::SplitPieces(p, pieces));
    }
  }

  TEST_CASE("the factored union has the language of the plain one") {
    const std::vector<std::string> patterns = {
        "\\bthe (?:end|start) of", "\\bthe end", "\\bthe", "\\d{4}\\b", "\\d{1,2}(?:st|nd)?",
        "a+b?", "[ab]c", "(?-i:May)\\b", "x|y z", "(?i)q", "Jan\\.", "Jan", "January\\b"};
    const std::string factored = timex::detail::FactorAlternatives(patterns);
    // Shared prefixes appear once; a pattern that ends where others go on
    // makes the rest optional.
    CHECK(factored.find("\\bthe(?: (?:(?:end|start) of|end))?") != std::string::npos);
    CHECK(factored.find("Jan(?:") != std::string::npos);
    std::string plain;
    for (const std::string& p : patterns) plain += (plain.empty() ? "(?:" : "|(?:") + p + ")";
    RE2::Options o;
    o.set_case_sensitive(false);
    o.set_longest_match(true);
    o.set_never_capture(true);
    RE2 a(plain, o), b(factored, o);
    REQUIRE(a.ok());
    REQUIRE_MESSAGE(b.ok(), factored);
    for (std::string_view text :
         {"At the end of May 2021 the 21st ab c", "the start of THE END, then may 12nd",
          "aaab bc y z x", "Jan. January Jan 1999 Q", "theend the", "y zz"}) {
      CAPTURE(text);
      std::vector<std::string_view> ma, mb;
      for (auto [re, out] : {std::pair{&a, &ma}, std::pair{&b, &mb}}) {
        re2::StringPiece m;
        size_t pos = 0;
        while (pos < text.size() && re->Match(text, pos, text.size(), RE2::UNANCHORED, &m, 1)) {
          out->emplace_back(m.data(), m.size());
          pos = size_t(m.data() - text.data()) + std::max<size_t>(m.size(), 1);
        }
      }
      CHECK(!ma.empty());
      CHECK(ma == mb);
    }
  }
}

}  // namespace timeline
