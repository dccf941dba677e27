#!/usr/bin/env python3
"""Sort the value errors of `timeline timex` on a gold set by what the gold says elsewhere.

usage: python3 docs/timex_audit.py GOLD.jsonl SYSTEM.jsonl [--scorer PATH] [--list CLASS]

Runs the TempEval-3 scorer (../shared/tools/score_timex.py by default) for its list of
wrong values (a system timex overlapping a gold one, with another value), then puts each
error in one class:

  gold_weekday     the gold date is not on the weekday the text names ("Tuesday" = a Monday)
  gold_year        the gold year is not the four-digit year the text writes
  ours_majority    the gold annotates this phrase elsewhere more often as we do
  tie              the gold uses our form and its own equally often for this phrase
  gold_majority    the gold uses both forms for this phrase, its own more often
  ours_unseen      the gold never uses our form (type + value shape) for this phrase
  same_form        type and value shape agree, the date differs: read these one by one

A phrase is the expression's text, lower-cased, with digits, weekdays, months, small
number words and leading determiners and modifiers folded ("a year ago" and "A year
ago" are one phrase, "Tuesday" and "Friday" another). A value's shape is its type and
its value with digits folded (DATE:9999-Q9). Prints the counts, then with --list CLASS
every error of that class with the text around it. See docs/timex-accuracy.md.
"""
import argparse
import collections
import datetime as dt
import json
import os
import re
import subprocess
import sys

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec")
SMALL_NUMBERS = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|"
                 "few")
LEADING = ("the|this|that|a|an|its|about|around|almost|nearly|more than|less than|early|late|"
           "mid|earlier|later")
CLASSES = ["gold_weekday", "gold_year", "ours_majority", "tie", "gold_majority",
           "ours_unseen", "same_form"]

# One wrong_value line of score_timex.py --errors:
#   DOC  gold=[S,E) 'TEXT' TYPE VALUE  system=[S,E) 'TEXT' TYPE VALUE
ERROR_LINE = re.compile(
    r"\s+(?P<doc>\S+)\s+gold=\[(?P<gs>\d+),(?P<ge>\d+)\) (?P<gt>.*) (?P<gty>\S+) (?P<gv>\S+)"
    r"\s+system=\[(?P<ss>\d+),(?P<se>\d+)\) (?P<st>.*) (?P<sty>\S+) (?P<sv>\S+)$")


def phrase(text):
    s = text.lower().strip(" .")
    s = re.sub(r"\b(%s)\b" % "|".join(WEEKDAYS), "WD", s)
    s = re.sub(r"\b(%s)\b\.?" % MONTHS, "MON", s)
    s = re.sub(r"\d+", "9", s)
    s = re.sub(r"\b(%s)\b" % SMALL_NUMBERS, "N", s)
    # "the early 1980s", "the mid-1990s": every leading modifier goes.
    return re.sub(r"^(?:(?:%s)(?:\s+|-))+" % LEADING, "", s)


def shape(typ, value):
    return typ + ":" + re.sub(r"\d", "9", value)


def wrong_values(scorer, gold_path, system_path):
    out = subprocess.run([sys.executable, scorer, gold_path, system_path, "--errors", "100000"],
                         check=True, capture_output=True, text=True).stdout
    section, rows = None, []
    for line in out.splitlines():
        if line.startswith("-- "):
            section = line.split()[1]
            continue
        if section != "wrong_value":
            continue
        m = ERROR_LINE.match(line)
        if not m:
            sys.exit(f"timex_audit: cannot read the scorer's line: {line!r}")
        row = m.groupdict()
        for k in ("gs", "ge", "ss", "se"):
            row[k] = int(row[k])
        for k in ("gt", "st"):  # the scorer prints Python reprs of the texts
            row[k] = row[k][1:-1]
        rows.append(row)
    return rows


def classify(row, forms):
    text, gold_value = row["gt"].lower(), row["gv"]
    named = [w for w in WEEKDAYS if re.search(r"\b%s\b" % w, text)]
    day = re.match(r"(\d{4})-(\d\d)-(\d\d)", gold_value)
    if named and day:
        try:
            if WEEKDAYS[dt.date(*map(int, day.groups())).weekday()] != named[0]:
                return "gold_weekday"
        except ValueError:
            return "gold_weekday"
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", row["gt"])
    if year and "fiscal" not in text and re.match(r"\d{4}", gold_value) \
            and gold_value[:4] != year.group(1):
        return "gold_year"
    ours, theirs = shape(row["sty"], row["sv"]), shape(row["gty"], row["gv"])
    if ours == theirs:
        return "same_form"
    seen = forms[phrase(row["gt"])]
    if seen[ours] == 0:
        return "ours_unseen"
    if seen[ours] > seen[theirs]:
        return "ours_majority"
    if seen[ours] == seen[theirs]:
        return "tie"
    return "gold_majority"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("--scorer",
                    default=os.path.join(here, "..", "..", "shared", "tools", "score_timex.py"))
    ap.add_argument("--list", choices=CLASSES, action="append", default=[])
    args = ap.parse_args()

    docs, forms = {}, collections.defaultdict(collections.Counter)
    with open(args.gold, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs[d["doc"]] = d
            for t in d["timexes"]:
                forms[phrase(t["text"])][shape(t["type"], t["value"])] += 1

    rows = wrong_values(args.scorer, args.gold, args.system)
    by_class = collections.defaultdict(list)
    for row in rows:
        by_class[classify(row, forms)].append(row)
    print(f"{len(rows)} wrong values")
    for c in CLASSES:
        print(f"  {len(by_class[c]):4d}  {c}")
    for c in args.list:
        print(f"\n-- {c}")
        for r in by_class[c]:
            d = docs[r["doc"]]
            around = d["text"][max(0, r["gs"] - 150):r["ge"] + 60].replace("\n", " ")
            seen = dict(forms[phrase(r["gt"])].most_common(4))
            print(f"{r['doc']} dct={d.get('dct')} {r['gt']!r} gold={r['gty']} {r['gv']}  "
                  f"ours={r['sty']} {r['sv']} ({r['st']!r})  gold forms: {seen}\n    ...{around}")


if __name__ == "__main__":
    main()
