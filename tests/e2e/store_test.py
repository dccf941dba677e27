#!/usr/bin/env python3
"""End-to-end tests of `timeline run --store` (DESIGN.md section 5): incremental
drops, retraction of changed articles, --prune, failures retried, concurrent
runs, and runs killed with SIGKILL at random moments.

usage: store_test.py TIMELINE_BINARY SOURCE_DIR [KILLS]
"""
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

BIN = SRC = None
KILLS = 200


def run(*args, check=True):
    p = subprocess.run([BIN, *args], capture_output=True, timeout=600)
    if check and p.returncode not in (0, 1):
        raise AssertionError(f"{args}: exit {p.returncode}: {p.stderr.decode()}")
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def state(db):
    """What the store says: articles, mentions and the timeline (not the run log)."""
    if not os.path.exists(db):
        return None
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise AssertionError(f"integrity_check: {ok}")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        if "articles" not in tables:
            return None
        st = (
            tuple(con.execute("SELECT id, content_hash FROM articles ORDER BY id")),
            tuple(con.execute("SELECT article_id, seq, type, date, participants FROM mentions "
                              "ORDER BY article_id, seq")),
            tuple(con.execute("SELECT * FROM timeline")),
        )
        # A store whose schema exists but that holds nothing says what a
        # missing one says (a run killed after creating the schema).
        return None if st == ((), (), ()) else st
    finally:
        con.close()


def csv_rows(text):
    return text.splitlines()


class Store(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="timeline_store_")
        self.db = os.path.join(self.tmp, "t.db")
        articles = sorted(os.listdir(os.path.join(SRC, "samples", "articles")))
        self.articles = [os.path.join(SRC, "samples", "articles", a) for a in articles]
        # Three drops of the sample articles.
        self.drops = []
        for k, chunk in enumerate((self.articles[:2], self.articles[2:4], self.articles[4:])):
            d = os.path.join(self.tmp, f"drop{k + 1}")
            os.makedirs(d)
            for a in chunk:
                shutil.copy(a, d)
            self.drops.append(d)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_drops_one_after_another_equal_one_run_over_all(self):
        for d in self.drops:
            code, out, err = run("run", "--store", self.db, d, "--format", "csv")
            self.assertEqual(code, 0, err)
        one = os.path.join(self.tmp, "one.db")
        code, all_at_once, err = run("run", "--store", one, *self.drops, "--format", "csv")
        self.assertEqual(code, 0, err)
        self.assertEqual(out, all_at_once)
        self.assertEqual(state(self.db)[2], state(one)[2])
        code, plain, _ = run("run", *self.drops, "--format", "csv")
        self.assertEqual(plain, all_at_once)

    def test_the_summary_line_counts_new_changed_unchanged_and_failed(self):
        _, _, err = run("run", "--store", self.db, self.drops[0], "-o", os.path.join(self.tmp, "a.csv"))
        self.assertRegex(err, r"timeline: articles: 2 new, 0 changed, 0 unchanged, 0 failed; "
                              r"events: \d+ added, 0 updated, 0 removed, \d+ total")
        with open(os.path.join(self.drops[0], os.listdir(self.drops[0])[0]), "a") as f:
            f.write("\nPresident Joe Biden spoke with President Xi Jinping by phone on Friday.\n")
        bad = os.path.join(self.tmp, "bad")
        os.makedirs(bad)
        open(os.path.join(bad, "empty.txt"), "w").close()
        code, _, err = run("run", "--store", self.db, *self.drops[:2], bad, "-o",
                           os.path.join(self.tmp, "a.csv"))
        self.assertEqual(code, 1)
        self.assertIn("timeline: articles: 2 new, 1 changed, 1 unchanged, 1 failed;", err)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("SELECT origin, reason FROM failures").fetchall(),
                         [(f"{bad}/empty.txt", f"{bad}/empty.txt: empty file; skipped")])
        # Fixed input: retried and the failure is gone.
        with open(os.path.join(bad, "empty.txt"), "w") as f:
            f.write("Officials met in Geneva on Monday.\n")
        code, _, err = run("run", "--store", self.db, *self.drops[:2], bad, "-o",
                           os.path.join(self.tmp, "a.csv"))
        self.assertEqual(code, 0, err)
        self.assertIn("articles: 1 new, 0 changed, 4 unchanged, 0 failed", err)
        self.assertEqual(con.execute("SELECT COUNT(*) FROM failures").fetchone()[0], 0)

    def test_removed_articles_stay_unless_pruned(self):
        run("run", "--store", self.db, *self.drops, "-q")
        before = state(self.db)
        run("run", "--store", self.db, self.drops[0], "-q")
        self.assertEqual(state(self.db), before)
        _, _, err = run("run", "--store", self.db, self.drops[0], "--prune")
        self.assertIn("3 pruned", err)
        self.assertEqual(len(state(self.db)[0]), 2)

    def test_two_runs_at_once_both_finish_and_the_store_is_whole(self):
        procs = [subprocess.Popen([BIN, "run", "--store", self.db, *self.drops, "-q", "-o",
                                   os.path.join(self.tmp, f"c{i}.csv")],
                                  stderr=subprocess.PIPE) for i in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=300)
            self.assertEqual(p.returncode, 0, err)
        ref = os.path.join(self.tmp, "ref.db")
        run("run", "--store", ref, *self.drops, "-q")
        self.assertEqual(state(self.db), state(ref))

    def test_runs_killed_at_random_moments_leave_the_store_before_or_after(self):
        # Two inputs that lead to different stores; each run switches to the
        # other one (with --prune), so every completed run changes the store.
        big = os.path.join(self.tmp, "big")
        os.makedirs(big)
        for i in range(16):
            for a in self.articles:
                with open(a, encoding="utf-8") as f:
                    text = f.read()
                with open(os.path.join(big, f"{i:03d}_{os.path.basename(a)}"), "w") as f:
                    f.write(text.replace("Biden", "Biden" if i % 2 else "President Biden"))
        small = self.drops[0]
        targets = {}
        for name, inp in (("big", big), ("small", small)):
            ref = os.path.join(self.tmp, f"ref_{name}.db")
            t0 = time.monotonic()
            run("run", "--store", ref, inp, "-q", "-o", os.devnull)
            targets[name] = (inp, state(ref), time.monotonic() - t0)
        rng = random.Random(1234)
        current = None
        name = "big"
        kills = completed = 0
        while kills < KILLS:
            inp, after, duration = targets[name]
            out = os.path.join(self.tmp, "out.csv")
            t0 = time.monotonic()
            p = subprocess.Popen([BIN, "run", "--store", self.db, inp, "--prune", "-q", "-o", out],
                                 stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            try:
                p.wait(timeout=rng.uniform(0, duration * 1.3))
                # It finished first: aim the next kills at how long a run takes
                # now (the reference run may have met a busier machine).
                targets[name] = (inp, after, 0.5 * (duration + time.monotonic() - t0))
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
                kills += 1
                p.wait()
            now = state(self.db)
            self.assertIn(now, (current, after), f"after kill {kills}: store between states")
            if now == after and now != current:
                completed += 1
                name = "small" if name == "big" else "big"
            current = now
            leftovers = [f for f in os.listdir(self.tmp) if f.startswith("out.csv.tmp")]
            for f in leftovers:  # a killed writer may leave its temp file; never a partial out.csv
                os.remove(os.path.join(self.tmp, f))
        self.assertGreaterEqual(kills, KILLS)
        print(f"\n{kills} kills, {completed} completed runs, store always before or after",
              file=sys.stderr)


if __name__ == "__main__":
    BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if len(sys.argv) > 3:
        KILLS = int(sys.argv[3])
    unittest.main(argv=sys.argv[:1], verbosity=2)
