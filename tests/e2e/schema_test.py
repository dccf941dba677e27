#!/usr/bin/env python3
"""Every output format of the real `timeline` binary against its schema in
schemas/ (DESIGN.md section 3): JSON Schema (python3-jsonschema) for jsonl,
json, timelinejs, extract and timex output and the article input; the
Frictionless Table Schema for the CSV, checked by the small checker below.

Runs on samples/articles (whatever the pipeline finds there) and on the
hand-written extract fixtures in tests/fixtures/merge (so that every field
of a non-empty timeline is exercised even before the extractors find events).

usage: schema_test.py TIMELINE_BINARY SOURCE_DIR
"""
import csv
import datetime as dt
import glob
import io
import json
import math
import os
import re
import subprocess
import sys
import unittest

import jsonschema

BIN = SRC = None


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def load_schema(name):
    with open(os.path.join(SRC, "schemas", name), encoding="utf-8") as f:
        return json.load(f)


def validator(name):
    """A validator for schemas/NAME that resolves $refs to the other schemas."""
    schema = load_schema(name)
    others = [load_schema(n) for n in os.listdir(os.path.join(SRC, "schemas"))
              if n.endswith(".schema.json") and n != "timeline.csv.schema.json"]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            [(s["$id"], Resource.from_contents(s)) for s in others])
        return cls(schema, registry=registry)
    except ImportError:  # Debian 12: jsonschema 4.10
        store = {s["$id"]: s for s in others}
        return cls(schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store))


def errors(v, instance):
    return ["/".join(map(str, e.absolute_path)) + ": " + e.message
            for e in sorted(v.iter_errors(instance), key=lambda e: list(map(str, e.path)))]


# --- a small Frictionless Table Schema checker -------------------------------

def _cast(field, text):
    """Casts one non-missing cell by the field's type; raises ValueError."""
    t = field.get("type", "string")
    fmt = field.get("format", "default")
    if t == "string":
        if fmt not in ("default",):
            raise ValueError(f"unsupported string format {fmt}")
        return text
    if t == "date":
        if fmt != "default" or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
        return dt.date.fromisoformat(text)
    if t == "number":
        v = float(text)
        if math.isnan(v) or math.isinf(v):
            raise ValueError(f"{text!r} is not a finite number")
        return v
    if t == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise ValueError(f"{text!r} is not an integer")
        return int(text)
    if t == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"{text!r} is not a boolean")
        return text == "true"
    raise ValueError(f"unsupported type {t}")


def check_table(schema, data):
    """Problems of CSV text against a Table Schema: header, missing values,
    types, and the constraints required, unique, enum, pattern, minimum,
    maximum, minLength, maxLength; the primary key."""
    problems = []
    rows = list(csv.reader(io.StringIO(data, newline="")))
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if not rows or rows[0] != names:
        return [f"header {rows[0] if rows else None} != {names}"]
    missing = schema.get("missingValues", [""])
    seen = {f["name"]: set() for f in fields}
    keys = set()
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(fields):
            problems.append(f"row {n}: {len(row)} cells, want {len(fields)}")
            continue
        for field, text in zip(fields, row):
            c = field.get("constraints", {})
            where = f"row {n} {field['name']}"
            if text in missing:
                if c.get("required"):
                    problems.append(f"{where}: required value missing")
                continue
            try:
                value = _cast(field, text)
            except ValueError as e:
                problems.append(f"{where}: {e}")
                continue
            if "enum" in c and value not in c["enum"]:
                problems.append(f"{where}: {text!r} not in {c['enum']}")
            if "pattern" in c and not re.fullmatch(c["pattern"], text):
                problems.append(f"{where}: {text!r} does not match {c['pattern']}")
            if "minimum" in c and value < c["minimum"]:
                problems.append(f"{where}: {text} < {c['minimum']}")
            if "maximum" in c and value > c["maximum"]:
                problems.append(f"{where}: {text} > {c['maximum']}")
            if "minLength" in c and len(text) < c["minLength"]:
                problems.append(f"{where}: shorter than {c['minLength']}")
            if "maxLength" in c and len(text) > c["maxLength"]:
                problems.append(f"{where}: longer than {c['maxLength']}")
            if c.get("unique"):
                if value in seen[field["name"]]:
                    problems.append(f"{where}: {text!r} is not unique")
                seen[field["name"]].add(value)
        pk = schema.get("primaryKey")
        if pk:
            key = tuple(row[names.index(k)] for k in pk)
            if any(k in missing for k in key) or key in keys:
                problems.append(f"row {n}: primary key {key} missing or repeated")
            keys.add(key)
    return problems


class Schemas(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.samples = os.path.join(SRC, "samples", "articles")
        cls.fixtures = sorted(glob.glob(os.path.join(SRC, "tests", "fixtures", "merge", "*.jsonl")))
        cls.table = load_schema("timeline.csv.schema.json")
        cls.event = validator("event.schema.json")
        cls.timeline = validator("timeline.schema.json")
        cls.tjs = validator("timelinejs.schema.json")
        cls.timex = validator("timex.schema.json")
        cls.article = validator("article.schema.json")

    # The two sources of timelines: the pipeline on the samples, and merge on fixtures.
    def outputs(self, fmt, *extra):
        out = {}
        code, text, err = run("run", self.samples, "--format", fmt, "-q", *extra)
        self.assertEqual(code, 0, err)
        out["run samples"] = text
        code, text, err = run("merge", *self.fixtures, "--format", fmt, *extra)
        self.assertEqual(code, 0, err)
        out["merge fixtures"] = text
        return out

    def test_jsonl_events_match_the_event_schema(self):
        for undated in ((), ("--undated",)):
            for where, text in self.outputs("jsonl", *undated).items():
                lines = text.splitlines()
                if where == "merge fixtures":
                    self.assertGreater(len(lines), 5)
                for i, line in enumerate(lines, 1):
                    with self.subTest(where=where, line=i, undated=undated):
                        self.assertEqual(errors(self.event, json.loads(line)), [])

    def test_json_document_matches_the_timeline_schema(self):
        for where, text in self.outputs("json", "--undated").items():
            with self.subTest(where=where):
                doc = json.loads(text)
                self.assertEqual(errors(self.timeline, doc), [])
                self.assertEqual(doc["articles"], 5 if where == "run samples" else 8)

    def test_timelinejs_matches_the_timelinejs_schema(self):
        for where, text in self.outputs("timelinejs").items():
            with self.subTest(where=where):
                doc = json.loads(text)
                self.assertEqual(errors(self.tjs, doc), [])
                if where == "merge fixtures":
                    self.assertGreater(len(doc["events"]), 5)

    def test_csv_matches_the_table_schema(self):
        for undated in ((), ("--undated",)):
            for where, text in self.outputs("csv", *undated).items():
                with self.subTest(where=where, undated=undated):
                    self.assertEqual(check_table(self.table, text), [])

    def test_the_formats_agree_on_the_events(self):
        for where, csv_text in self.outputs("csv").items():
            ids = [r["event_id"] for r in csv.DictReader(io.StringIO(csv_text))]
            jsonl = self.outputs("jsonl")[where]
            self.assertEqual(ids, [json.loads(l)["event_id"] for l in jsonl.splitlines()])
            doc = json.loads(self.outputs("json")[where])
            self.assertEqual(ids, [e["event_id"] for e in doc["events"]])
            tjs = json.loads(self.outputs("timelinejs")[where])
            self.assertEqual(ids, [s["unique_id"] for s in tjs["events"]])

    def test_extract_lines_match_the_event_schema(self):
        code, text, err = run("extract", self.samples, "-q")
        self.assertEqual(code, 0, err)
        for i, line in enumerate(text.splitlines(), 1):
            with self.subTest(line=i):
                self.assertEqual(errors(self.event, json.loads(line)), [])

    def test_timex_lines_match_the_timex_schema(self):
        code, text, err = run("timex", self.samples, "-q")
        self.assertEqual(code, 0, err)
        lines = text.splitlines()
        self.assertEqual(len(lines), 5)
        for i, line in enumerate(lines, 1):
            with self.subTest(line=i):
                self.assertEqual(errors(self.timex, json.loads(line)), [])

    def test_the_article_schema_accepts_what_ingest_reads_and_refuses_the_rest(self):
        path = os.path.join(SRC, "tests", "fixtures", "bad", "broken.jsonl")
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(errors(self.article, json.loads(lines[0])), [])   # good-1
        self.assertNotEqual(errors(self.article, json.loads(lines[2])), [])  # no text
        news_please = {"filename": "x.json", "maintext": "Biden met Xi.", "title": None,
                       "date_publish": "2021-11-10 08:00:00", "url": "https://e.com/a",
                       "language": "en"}
        self.assertEqual(errors(self.article, news_please), [])
        self.assertNotEqual(errors(self.article, {"id": "x", "text": 3}), [])

    def test_the_checkers_catch_broken_outputs(self):
        header = ",".join(f["name"] for f in self.table["fields"])
        good = ("ev-0123456789abcdef,2021-09,2021-09-01,2021-09-30,month,call,A;B,,occurred,"
                "0.50,a.txt,Call: A and B,They spoke.")
        self.assertEqual(check_table(self.table, f"{header}\n{good}\n"), [])
        for bad in (good.replace("occurred", "happened"), good.replace("0.50", "1.50"),
                    good.replace("2021-09-30", "2021-09-31"), good.replace("ev-0123", "ev-X123"),
                    good.replace(",a.txt,", ",,")):
            with self.subTest(bad=bad):
                self.assertNotEqual(check_table(self.table, f"{header}\n{bad}\n"), [])
        self.assertNotEqual(check_table(self.table, f"{header}\n{good}\n{good}\n"), [])
        self.assertNotEqual(check_table(self.table, f"id\n{good}\n"), [])
        event = json.loads(self.outputs("jsonl")["merge fixtures"].splitlines()[0])
        for key, value in (("precision", "fortnight"), ("date", "Sept 2021"), ("mentions", []),
                           ("status", "held"), ("extra", 1)):
            broken = dict(event, **{key: value})
            with self.subTest(key=key):
                self.assertNotEqual(errors(self.event, broken), [])


if __name__ == "__main__":
    BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
