-- SPDX-License-Identifier: Apache-2.0
-- The SQLite store of `timeline run --store PATH` (DESIGN.md section 5).
--
-- One file holds every article seen (id, content hash), its event mentions,
-- the merged timeline, failed inputs and a log of runs. The merged timeline
-- (events, event_participants, event_sources) is always the merge of all
-- current mentions, rewritten by each run inside the run's one transaction.
-- It holds every event, also those the CSV leaves out unless asked: undated
-- ones (date '') and those with no participant named (participants '').
-- Dashboards may read any table or view here; they are stable within a
-- schema version. The version is PRAGMA user_version; the program migrates
-- older stores forward on open and refuses newer ones.
--
-- Schema version 1.

-- Articles processed successfully, keyed by article id.
CREATE TABLE IF NOT EXISTS articles (
  id           TEXT PRIMARY KEY,     -- article id (DESIGN.md section 2)
  origin       TEXT NOT NULL,        -- where it was read: PATH or PATH:LINE
  content_hash TEXT NOT NULL,        -- XXH3-64 (hex) of text and metadata; unchanged = skipped
  bytes        INTEGER NOT NULL,     -- text size in bytes
  dct          TEXT,                 -- publication date used, YYYY-MM-DD, or NULL
  dct_source   TEXT,                 -- metadata | header | url | text | cli | none
  first_run    INTEGER NOT NULL,     -- runs.id of the run that first stored it
  last_run     INTEGER NOT NULL      -- runs.id of the run that last (re)extracted it
) WITHOUT ROWID;

-- Event mentions: one article's statement of one event (pipeline/event.h).
CREATE TABLE IF NOT EXISTS mentions (
  article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,     -- order within the article
  grp          INTEGER NOT NULL,     -- same (article_id, grp) = same event, per the article
  type         TEXT NOT NULL,        -- call | meeting | summit | visit | ...
  participants TEXT NOT NULL,        -- canonical names joined by ';'
  location     TEXT NOT NULL,
  status       TEXT NOT NULL,        -- occurred | planned | cancelled
  date         TEXT NOT NULL,        -- TIMEX3 value at its precision, '' when undated
  precision    TEXT NOT NULL,        -- day | week | month | quarter | year | none
  date_start   TEXT,                 -- YYYY-MM-DD or NULL
  date_end     TEXT,
  confidence   REAL NOT NULL,
  url          TEXT NOT NULL,
  sentence     TEXT NOT NULL,        -- the evidence sentence
  start        INTEGER NOT NULL,     -- sentence offsets, code points into the article text
  end          INTEGER NOT NULL,
  trigger_text TEXT NOT NULL,
  rule         TEXT NOT NULL,        -- the trigger rule, "file:line id"
  date_text    TEXT NOT NULL,        -- the temporal expression used
  date_reason  TEXT NOT NULL,        -- how the date was chosen
  dct          TEXT NOT NULL,
  dct_source   TEXT NOT NULL,
  PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;

-- The merged timeline, one row per event (the CSV's columns).
CREATE TABLE IF NOT EXISTS events (
  event_id     TEXT PRIMARY KEY,
  date         TEXT NOT NULL,
  date_start   TEXT,
  date_end     TEXT,
  precision    TEXT NOT NULL,
  type         TEXT NOT NULL,
  location     TEXT NOT NULL,
  status       TEXT NOT NULL,
  confidence   REAL NOT NULL,
  title        TEXT NOT NULL,
  evidence     TEXT NOT NULL,
  conflicts    TEXT NOT NULL,        -- disagreements between sources, joined by '\n'
  sort_key     INTEGER NOT NULL      -- position in the timeline's order
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS event_participants (
  event_id     TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  participant  TEXT NOT NULL,
  PRIMARY KEY (event_id, participant)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS event_sources (
  event_id     TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
  article_id   TEXT NOT NULL,
  PRIMARY KEY (event_id, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_sources_by_article ON event_sources(article_id);

-- Inputs that failed in the latest run that read them (retried every run).
CREATE TABLE IF NOT EXISTS failures (
  origin       TEXT PRIMARY KEY,     -- PATH or PATH:LINE
  reason       TEXT NOT NULL,        -- the message printed on stderr
  run          INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per run: what it saw and changed.
CREATE TABLE IF NOT EXISTS runs (
  id           INTEGER PRIMARY KEY,
  started      TEXT NOT NULL,        -- UTC, ISO 8601
  finished     TEXT NOT NULL,
  rules_hash   TEXT NOT NULL,        -- rule data + program version; a change re-extracts all
  new_articles       INTEGER NOT NULL,
  changed_articles   INTEGER NOT NULL,
  unchanged_articles INTEGER NOT NULL,
  failed_inputs      INTEGER NOT NULL,
  pruned_articles    INTEGER NOT NULL,
  events_added       INTEGER NOT NULL,
  events_updated     INTEGER NOT NULL,
  events_removed     INTEGER NOT NULL,
  events_total       INTEGER NOT NULL
);

-- Dashboards: the timeline in order, with participants and sources joined.
CREATE VIEW IF NOT EXISTS timeline AS
  SELECT e.event_id, e.date, e.date_start, e.date_end, e.precision, e.type,
         (SELECT group_concat(participant, ';') FROM
            (SELECT participant FROM event_participants p
              WHERE p.event_id = e.event_id ORDER BY participant)) AS participants,
         e.location, e.status, e.confidence,
         (SELECT group_concat(article_id, ';') FROM
            (SELECT article_id FROM event_sources s
              WHERE s.event_id = e.event_id ORDER BY article_id)) AS sources,
         e.title, e.evidence
    FROM events e ORDER BY e.sort_key;

-- Dashboards: events per participant, for "everything about X" queries.
CREATE VIEW IF NOT EXISTS participant_events AS
  SELECT p.participant, e.event_id, e.date, e.date_start, e.date_end, e.type, e.status, e.title
    FROM event_participants p JOIN events e USING (event_id)
   ORDER BY p.participant, e.sort_key;
