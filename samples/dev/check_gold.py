#!/usr/bin/env python3
"""Check the development set's gold files for internal consistency.

usage: python3 samples/dev/check_gold.py [DIR]     (DIR defaults to this file's folder)

Checks: every line of articles/*.jsonl is a JSON object with id/url/title/text (and a
valid `published` when present); every gold row names an existing article; its
evidence is an exact substring of that article's text; its date parses at its
precision (empty date <=> precision `none`); type, status and precision come from
the allowed sets; participants are sorted and unique; meta.csv lists every article
exactly once with a valid publication date. Prints a summary; exit 1 on any error.
"""
import csv
import datetime as dt
import json
import os
import re
import sys

TYPES = {"call", "meeting", "summit", "visit"}
STATUSES = {"occurred", "planned", "cancelled"}
GOLD_COLS = ["event_id", "article", "type", "date", "date_precision", "participants",
             "location", "status", "evidence"]
META_COLS = ["article", "url", "publication_date", "title", "date_evidence"]


def date_ok(value, precision):
    try:
        if precision == "none":
            return value == ""
        if precision == "day":
            return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and dt.date.fromisoformat(value)
        if precision == "week":
            m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
            return m and dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if precision == "month":
            m = re.fullmatch(r"(\d{4})-(\d{2})", value)
            return m and 1 <= int(m[2]) <= 12
        if precision == "year":
            return re.fullmatch(r"\d{4}", value)
    except ValueError:
        return False
    return False


def load_articles(art_dir, errors):
    texts = {}
    for name in sorted(os.listdir(art_dir)):
        path = os.path.join(art_dir, name)
        if name.endswith(".jsonl"):
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except ValueError as e:
                        errors.append(f"{name}:{n}: bad JSON: {e}")
                        continue
                    for k in ("id", "url", "title", "text"):
                        if not isinstance(obj.get(k), str):
                            errors.append(f"{name}:{n}: field {k!r} missing or not a string")
                    if "published" in obj and not date_ok(obj["published"], "day"):
                        errors.append(f"{name}:{n}: bad published {obj['published']!r}")
                    if obj.get("id") in texts:
                        errors.append(f"{name}:{n}: duplicate id {obj['id']!r}")
                    texts[obj.get("id")] = obj.get("text", "")
        elif name.endswith(".txt"):
            with open(path, encoding="utf-8") as f:
                texts[name] = f.read()
    return texts


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    errors = []
    texts = load_articles(os.path.join(root, "articles"), errors)

    with open(os.path.join(root, "gold_events.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != GOLD_COLS:
            errors.append(f"gold_events.csv: columns {reader.fieldnames} != {GOLD_COLS}")
        rows = list(reader)
    seen = set()
    for n, r in enumerate(rows, 2):
        where = f"gold_events.csv:{n} ({r['event_id']})"
        if r["article"] not in texts:
            errors.append(f"{where}: unknown article {r['article']!r}")
        elif r["evidence"] not in texts[r["article"]]:
            errors.append(f"{where}: evidence not in article text: {r['evidence']!r}")
        if not r["evidence"].strip():
            errors.append(f"{where}: empty evidence")
        if r["type"] not in TYPES:
            errors.append(f"{where}: bad type {r['type']!r}")
        if r["status"] not in STATUSES:
            errors.append(f"{where}: bad status {r['status']!r}")
        if not date_ok(r["date"], r["date_precision"]):
            errors.append(f"{where}: date {r['date']!r} does not parse as {r['date_precision']!r}")
        parts = r["participants"].split(";")
        if not r["participants"] or parts != sorted(set(parts)) or any(p != p.strip() or not p for p in parts):
            errors.append(f"{where}: participants not sorted/unique/trimmed: {r['participants']!r}")
        if (r["event_id"], r["article"]) in seen:
            errors.append(f"{where}: second row for the same (event, article)")
        seen.add((r["event_id"], r["article"]))

    with open(os.path.join(root, "meta.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != META_COLS:
            errors.append(f"meta.csv: columns {reader.fieldnames} != {META_COLS}")
        meta = list(reader)
    listed = [m["article"] for m in meta]
    if sorted(listed) != sorted(texts) or len(set(listed)) != len(listed):
        errors.append(f"meta.csv: articles differ from articles/: "
                      f"missing {sorted(set(texts) - set(listed))}, extra {sorted(set(listed) - set(texts))}")
    for m in meta:
        if m["publication_date"] and not date_ok(m["publication_date"], "day"):
            errors.append(f"meta.csv: {m['article']}: bad publication_date {m['publication_date']!r}")
        if not m["date_evidence"].strip():
            errors.append(f"meta.csv: {m['article']}: empty date_evidence")

    no_gold = sorted(set(texts) - {r["article"] for r in rows})
    events = {r["event_id"] for r in rows}
    dated = {r["event_id"] for r in rows if r["date"]}
    print(f"articles: {len(texts)}  gold rows: {len(rows)}  events: {len(events)} "
          f"(dated {len(dated)}, undated {len(events - dated)})  "
          f"multi-article events: {sum(1 for e in events if sum(r['event_id'] == e for r in rows) > 1)}")
    if no_gold:
        print("articles without gold rows:", ", ".join(no_gold))
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
