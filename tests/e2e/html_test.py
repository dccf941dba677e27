#!/usr/bin/env python3
"""The HTML page (`--format html`) in a real browser: headless Chromium
renders it (--dump-dom, after its script ran) and we check that every event
of the timeline is a card, that the filters in the URL fragment
(#type=call, #participant=..., #status=...) show exactly the matching cards,
that the page is self-contained (no network), and that text is escaped.

usage: html_test.py TIMELINE_BINARY SOURCE_DIR
"""
import glob
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

BIN = SRC = None


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def dump_dom(url):
    profile = tempfile.mkdtemp(prefix="timeline_chromium_")
    try:
        p = subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True, timeout=120)
        if p.returncode != 0:
            raise RuntimeError(p.stderr.decode("utf-8", "replace"))
        return p.stdout.decode("utf-8")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Page(html.parser.HTMLParser):
    """The cards of a rendered page: id, data-*, hidden, title, text; plus
    every element's tag and attributes, and the hidden state of sections."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.cards, self.elements, self.sections = [], [], []
        self.stack = []  # (tag, card index or None)
        self.card = None
        self.field = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        classes = (a.get("class") or "").split()
        if tag == "article" and "card" in classes:
            self.card = {"id": a.get("id"), "type": a.get("data-type"),
                         "status": a.get("data-status"),
                         "participants": [p for p in (a.get("data-participants") or "").split("|") if p],
                         "hidden": "hidden" in a, "title": "", "quote": "", "text": "",
                         "tags_in_quote": [], "conflicts": 0}
            self.cards.append(self.card)
        if tag == "section":
            self.sections.append({"class": classes, "hidden": "hidden" in a})
        if self.card is not None:
            if tag == "h4":
                self.field = "title"
            elif tag == "blockquote":
                self.field = "quote"
            elif self.field == "quote":
                self.card["tags_in_quote"].append(tag)
            if tag == "p" and "conflict" in classes:
                self.card["conflicts"] += 1
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if tag in ("h4", "blockquote"):
            self.field = None
        if tag == "article":
            self.card = None

    def handle_data(self, data):
        if self.card is not None:
            self.card["text"] += data
            if self.field:
                self.card[self.field] += data


class Html(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not chromium():
            raise RuntimeError("chromium not found: `make deps` installs it (Debian package chromium)")
        cls.tmp = tempfile.mkdtemp(prefix="timeline_html_")
        fixtures = sorted(glob.glob(os.path.join(SRC, "tests", "fixtures", "merge", "*.jsonl")))
        samples = os.path.join(SRC, "samples", "articles")
        cls.pages = {}
        for name, args in (("fixtures", ["merge", *fixtures, "--undated"]),
                           ("samples", ["run", samples, "-q"])):
            path = os.path.join(cls.tmp, f"{name}.html")
            code, _, err = run(*args, "-o", path)
            assert code == 0, err
            code, jsonl, err = run(*args, "--format", "jsonl")
            assert code == 0, err
            cls.pages[name] = (path, [json.loads(l) for l in jsonl.splitlines()])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def render(self, name, fragment=""):
        path, events = self.pages[name]
        return Page(dump_dom("file://" + path + fragment)), events

    def visible(self, page):
        return [c["id"] for c in page.cards if not c["hidden"]]

    def test_every_event_is_a_card_in_timeline_order(self):
        for name in self.pages:
            with self.subTest(page=name):
                page, events = self.render(name)
                self.assertEqual([c["id"] for c in page.cards], [e["event_id"] for e in events])
                self.assertEqual(self.visible(page), [e["event_id"] for e in events])
                for card, e in zip(page.cards, events):
                    self.assertEqual(card["title"], e["title"])
                    self.assertEqual(card["type"], e["type"])
                    self.assertEqual(card["status"], e["status"])
                    self.assertEqual(card["participants"], e["participants"])
                    self.assertEqual(" ".join(card["quote"].split()), e["evidence"])
                    self.assertEqual(card["conflicts"], len(e["conflicts"]))
                    for article in e["sources"]:
                        self.assertIn(article, card["text"])
        _, events = self.pages["fixtures"]
        self.assertGreater(len(events), 10)

    def test_the_filter_in_the_url_fragment_is_applied_on_load(self):
        _, events = self.pages["fixtures"]
        cases = [
            ("#type=call", lambda e: e["type"] == "call"),
            ("#participant=Joe%20Biden", lambda e: "Joe Biden" in e["participants"]),
            ("#status=planned", lambda e: e["status"] == "planned"),
            ("#type=summit&status=occurred",
             lambda e: e["type"] == "summit" and e["status"] == "occurred"),
            ("#type=visit&participant=" + urllib.parse.quote("John Kerry"),
             lambda e: e["type"] == "visit" and "John Kerry" in e["participants"]),
            ("#type=nonsense", lambda e: True),  # an unknown value is ignored
        ]
        for fragment, keep in cases:
            with self.subTest(fragment=fragment):
                page, _ = self.render("fixtures", fragment)
                want = [e["event_id"] for e in events if keep(e)]
                self.assertTrue(want)
                self.assertEqual(self.visible(page), want)
                if fragment == "#type=call":
                    self.assertLess(len(want), len(events))
                    # Years and months left without a visible card are hidden too.
                    self.assertTrue(any(s["hidden"] for s in page.sections))
                    self.assertTrue(all(c["type"] == "call" for c in page.cards if not c["hidden"]))

    def test_the_page_is_self_contained(self):
        for name in self.pages:
            path, _ = self.pages[name]
            with open(path, encoding="utf-8") as f:
                text = f.read()
            with self.subTest(page=name):
                page = Page(text)
                for tag, attrs in page.elements:
                    self.assertNotIn(tag, ("link", "img", "iframe", "object", "embed"), attrs)
                    if tag == "script":
                        self.assertNotIn("src", attrs)
                    if tag == "a":
                        self.assertTrue(attrs.get("href", "").startswith(("http://", "https://")),
                                        attrs)
                self.assertNotIn("@import", text)
                self.assertNotIn("url(", text)

    def test_text_from_articles_is_escaped(self):
        page, events = self.render("fixtures")
        e = next(e for e in events if "005_wire_report.txt" in e["sources"])
        card = next(c for c in page.cards if c["id"] == e["event_id"])
        self.assertIn('"first" call in seven months <b>.', card["text"])
        self.assertEqual(card["tags_in_quote"], [])
        links = [a["href"] for tag, a in page.elements if tag == "a"]
        self.assertIn("https://example.com/2021/09/11/wire.html?a=1&b=2", links)


if __name__ == "__main__":
    BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=sys.argv[:1], verbosity=2)
