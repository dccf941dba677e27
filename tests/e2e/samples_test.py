#!/usr/bin/env python3
"""End-to-end: the real binary on samples/articles finds the events a reader
finds there, dated at the right precision and merged across the articles
that report them; and its output is byte-for-byte samples/expected/timeline.csv.

usage: samples_test.py TIMELINE_BINARY SOURCE_DIR
"""
import csv
import io
import os
import subprocess
import sys
import unittest

BIN = SRC = None
ARTICLES = {
    "000": "000_09c8b037cbd582b9.txt", "001": "001_56f65731cd62ea65.txt",
    "002": "002_4dab42469286b21f.txt", "003": "003_5e6cb638665d5e82.txt",
    "004": "004_d6051096dfb0e4b2.txt",
}


class Samples(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        p = subprocess.run([BIN, "run", os.path.join(SRC, "samples", "articles"), "-q"],
                           capture_output=True, timeout=300)
        assert p.returncode == 0, p.stderr.decode()
        cls.csv_bytes = p.stdout
        cls.events = list(csv.DictReader(io.StringIO(p.stdout.decode("utf-8"))))

    def find(self, type_, names, date_prefix):
        """Events of a compatible type naming every one of `names`, dated date_prefix."""
        ok_types = {type_} | ({"meeting", "summit"} if type_ in ("meeting", "summit") else set())
        hits = []
        for e in self.events:
            people = e["participants"].split(";")
            if e["type"] in ok_types and all(any(n in p for p in people) for n in names) \
                    and e["date"] == date_prefix:
                hits.append(e)
        return hits

    def one(self, type_, names, date, precision, articles, **fields):
        """The one event matching; a day may be off by one (news crosses time zones)."""
        dates = [date]
        if precision == "day":
            import datetime as dt
            d = dt.date.fromisoformat(date)
            dates += [str(d - dt.timedelta(days=1)), str(d + dt.timedelta(days=1))]
        hits = [h for dd in dates for h in self.find(type_, names, dd)]
        self.assertEqual(len(hits), 1, f"{type_} {names} {date}: {hits or 'none'}\n"
                         + self.csv_bytes.decode())
        e = hits[0]
        self.assertIn(e["date"], dates)
        self.assertEqual(e["precision"], precision)
        sources = set(e["sources"].split(";"))
        for a in articles:
            self.assertIn(ARTICLES[a], sources, e)
        for k, v in fields.items():
            self.assertEqual(e[k], v, e)
        return e

    def test_the_september_2021_biden_xi_call_joins_three_articles(self):
        e = self.one("call", ["Biden", "Xi Jinping"], "2021-09-09", "day", ["001", "002", "004"],
                     status="occurred")

    def test_the_february_2021_call_is_its_own_event(self):
        self.one("call", ["Biden", "Xi Jinping"], "2021-02", "month", ["001"], status="occurred")

    def test_the_virtual_summit_is_planned_for_the_week_after_publication(self):
        self.one("summit", ["Biden", "Xi Jinping"], "2021-W46", "week", ["000", "001"],
                 status="planned")

    def test_the_bali_meeting_is_dated_the_day_before_the_g20_summit(self):
        self.one("meeting", ["Biden", "Xi Jinping"], "2022-11-14", "day", ["003"],
                 location="Bali", status="occurred")

    def test_the_anchorage_talks_are_march_2021_from_two_articles(self):
        self.one("meeting", ["China"], "2021-03", "month", ["001", "004"])

    def test_shermans_july_visit_to_china(self):
        self.one("visit", ["Wendy Sherman"], "2021-07", "month", ["004"], status="occurred")

    def test_the_october_zurich_talks(self):
        # The scrape splits "China's foreign chief. Yang Jiechi" in two sentences.
        self.one("meeting", ["Jake Sullivan"], "2021-10", "month", ["001"], location="Zurich")

    def test_no_event_is_listed_twice(self):
        keys = [(e["type"], e["date"], e["participants"], e["location"]) for e in self.events]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(len({e["event_id"] for e in self.events}), len(self.events))

    def test_output_is_the_expected_timeline_byte_for_byte(self):
        with open(os.path.join(SRC, "samples", "expected", "timeline.csv"), "rb") as f:
            expected = f.read()
        self.assertEqual(self.csv_bytes.decode(), expected.decode())


if __name__ == "__main__":
    BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
