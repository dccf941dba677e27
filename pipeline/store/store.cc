// SPDX-License-Identifier: Apache-2.0
// Store: SQLite, one transaction per run.
#include "pipeline/store/store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <string_view>

#include "pipeline/rule_store.h"

namespace timeline::detail {
std::span<const EmbeddedFile> SchemaFiles();  // generated: schemas/store.sql
}  // namespace timeline::detail

namespace timeline::store {

namespace {

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& Bind(int i, double v) {
    sqlite3_bind_double(s_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(s_, i);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(s_); }
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::string Text(int col) const {
    auto* p = sqlite3_column_text(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), size_t(sqlite3_column_bytes(s_, col)))
             : std::string();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Double(int col) const { return sqlite3_column_double(s_, col); }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

std::string JoinNames(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::vector<std::string> SplitNames(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t semi = s.find(';', pos);
    if (semi == std::string_view::npos) semi = s.size();
    if (semi > pos) out.emplace_back(s.substr(pos, semi - pos));
    pos = semi + 1;
  }
  return out;
}

std::string_view SchemaSql() {
  for (const EmbeddedFile& f : detail::SchemaFiles()) {
    if (f.path == "store.sql") return f.contents;
  }
  return {};
}

// A stable text form of an event's defining values, to tell updated events.
std::string Fingerprint(const Event& e) {
  return fmt::format("{}|{}|{}|{}|{}|{:.2f}|{}|{}|{}|{}", e.date.ToTimex(), e.type,
                     JoinNames(e.participants, ';'), e.location, EventStatusName(e.status),
                     e.confidence, JoinNames(e.sources, ';'), e.title, e.evidence,
                     JoinNames(e.conflicts, '\n'));
}

}  // namespace

Store::Store(Store&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)),
      path_(std::move(o.path_)),
      run_id_(o.run_id_),
      in_tx_(std::exchange(o.in_tx_, false)) {}

Store& Store::operator=(Store&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
    run_id_ = o.run_id_;
    in_tx_ = std::exchange(o.in_tx_, false);
  }
  return *this;
}

Store::~Store() {
  if (in_tx_) Rollback();
  if (db_) sqlite3_close(db_);
}

Diagnostic Store::Fail(const std::string& what) const {
  return Error(path_, 0, fmt::format("{}: {}", what, db_ ? sqlite3_errmsg(db_) : "no database"));
}

Result<void> Store::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Error(path_, 0, fmt::format("store error: {}", msg));
  }
  return {};
}

namespace {

bool IsBusy(sqlite3* db) {
  const int code = db ? sqlite3_errcode(db) : SQLITE_OK;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

}  // namespace

Result<Store> Store::OpenOnce(const std::string& path, int busy_timeout_ms, bool& busy) {
  busy = false;
  Store s;
  s.path_ = path;
  int rc = sqlite3_open_v2(path.c_str(), &s.db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           nullptr);
  if (rc != SQLITE_OK) return s.Fail("cannot open store");
  sqlite3_busy_timeout(s.db_, busy_timeout_ms);
  // A failure says whether it was a lock (Open then tries again) and leaves
  // no transaction open.
  bool in_tx = false;
  auto failed = [&](Diagnostic d) {
    busy = IsBusy(s.db_);
    if (in_tx) (void)s.Exec("ROLLBACK");
    return d;
  };
  auto read_version = [&](int64_t& version) {
    Stmt q(s.db_, "PRAGMA user_version");
    if (!q.ok() || q.Step() != SQLITE_ROW) return false;
    version = q.Int(0);
    return true;
  };
  // WAL: readers (dashboards) never block the run, and a killed run leaves
  // the last committed state. FULL sync: a commit survives power loss.
  int64_t version = 0;
  if (!read_version(version)) return failed(s.Fail("not a timeline store"));
  if (version > kSchemaVersion) {
    return Error(path, 0,
                 fmt::format("store schema version {} is newer than this program's ({})", version,
                             kSchemaVersion));
  }
  if (auto r = s.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
      !r.ok())
    return failed(r.error());
  if (version < kSchemaVersion) {
    // Migrations run in one transaction; version 0 is a new file. Another
    // run may have created the schema meanwhile: the version is read again
    // inside the transaction.
    if (auto r = s.Exec("BEGIN IMMEDIATE"); !r.ok()) {
      return failed(
          Error(path, 0, "store is busy: another run is writing it; try again when it has finished"));
    }
    in_tx = true;
    if (!read_version(version)) return failed(s.Fail("not a timeline store"));
    if (version < kSchemaVersion) {
      std::string sql(SchemaSql());
      sql += fmt::format("\nPRAGMA user_version = {};", kSchemaVersion);
      if (auto r = s.Exec(sql.c_str()); !r.ok()) return failed(r.error());
    }
    if (auto r = s.Exec("COMMIT"); !r.ok()) return failed(r.error());
  }
  return s;
}

Result<Store> Store::Open(const std::string& path, int busy_timeout_ms) {
  // Two runs that open one new store at once race to switch it to WAL and to
  // create its schema, and SQLite answers some of these races with "database
  // is locked" at once, without waiting on the busy handler (seen under load:
  // two `run --store` on a fresh file, one failed). Such an open is tried
  // again, with a growing pause, until the busy timeout has passed.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  for (int attempt = 0;; ++attempt) {
    bool busy = false;
    Result<Store> r = OpenOnce(path, busy_timeout_ms, busy);
    if (r.ok() || !busy || std::chrono::steady_clock::now() >= deadline) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(5 << std::min(attempt, 5)));
  }
}

Result<void> Store::Begin() {
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    if (IsBusy(db_)) {
      return Error(path_, 0,
                   "store is busy: another run is writing it; try again when it has finished");
    }
    return Fail("cannot start a transaction");
  }
  in_tx_ = true;
  Stmt q(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM runs");
  if (!q.ok() || q.Step() != SQLITE_ROW) return Fail("cannot read runs");
  run_id_ = q.Int(0);
  return {};
}

Result<void> Store::Commit() {
  if (auto r = Exec("COMMIT"); !r.ok()) return r;
  in_tx_ = false;
  return {};
}

void Store::Rollback() {
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  in_tx_ = false;
}

Result<std::string> Store::LastRulesHash() {
  Stmt q(db_, "SELECT rules_hash FROM runs ORDER BY id DESC LIMIT 1");
  if (!q.ok()) return Fail("cannot read runs");
  int rc = q.Step();
  if (rc == SQLITE_ROW) return q.Text(0);
  if (rc == SQLITE_DONE) return std::string();
  return Fail("cannot read runs");
}

Result<std::map<std::string, KnownArticle>> Store::Articles() {
  std::map<std::string, KnownArticle> out;
  Stmt q(db_, "SELECT id, content_hash FROM articles");
  if (!q.ok()) return Fail("cannot read articles");
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out[q.Text(0)] = KnownArticle{q.Text(1)};
  if (rc != SQLITE_DONE) return Fail("cannot read articles");
  return out;
}

Result<void> Store::PutArticle(const std::string& id, const std::string& origin,
                               const std::string& content_hash, uint64_t bytes,
                               const std::vector<EventMention>& mentions) {
  {
    Stmt del(db_, "DELETE FROM mentions WHERE article_id = ?1");
    if (!del.ok() || del.Bind(1, id).Step() != SQLITE_DONE) return Fail("cannot retract mentions");
  }
  {
    Stmt up(db_,
            "INSERT INTO articles (id, origin, content_hash, bytes, dct, dct_source, first_run, "
            "last_run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
            "ON CONFLICT(id) DO UPDATE SET origin = ?2, content_hash = ?3, bytes = ?4, dct = ?5, "
            "dct_source = ?6, last_run = ?7");
    if (!up.ok()) return Fail("cannot store article");
    up.Bind(1, id).Bind(2, origin).Bind(3, content_hash).Bind(4, int64_t(bytes));
    if (!mentions.empty() && !mentions[0].dct.empty()) {
      up.Bind(5, mentions[0].dct).Bind(6, mentions[0].dct_source);
    } else {
      up.BindNull(5).BindNull(6);
    }
    up.Bind(7, run_id_);
    if (up.Step() != SQLITE_DONE) return Fail("cannot store article");
  }
  Stmt ins(db_,
           "INSERT INTO mentions (article_id, seq, grp, type, participants, location, status, "
           "date, precision, date_start, date_end, confidence, url, sentence, start, end, "
           "trigger_text, rule, date_text, date_reason, dct, dct_source) VALUES (?1, ?2, ?3, ?4, "
           "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)");
  if (!ins.ok()) return Fail("cannot store mentions");
  for (size_t i = 0; i < mentions.size(); ++i) {
    const EventMention& m = mentions[i];
    ins.Reset();
    ins.Bind(1, id).Bind(2, int64_t(i)).Bind(3, int64_t(m.group)).Bind(4, m.type);
    ins.Bind(5, JoinNames(m.participants, ';')).Bind(6, m.location);
    ins.Bind(7, EventStatusName(m.status)).Bind(8, m.date.ToTimex());
    ins.Bind(9, PrecisionName(m.date.precision));
    if (m.date.dated()) {
      ins.Bind(10, FormatDay(m.date.first)).Bind(11, FormatDay(m.date.last));
    } else {
      ins.BindNull(10).BindNull(11);
    }
    ins.Bind(12, double(m.confidence)).Bind(13, m.url).Bind(14, m.sentence);
    ins.Bind(15, int64_t(m.start)).Bind(16, int64_t(m.end)).Bind(17, m.trigger);
    ins.Bind(18, m.rule).Bind(19, m.date_text).Bind(20, m.date_reason);
    ins.Bind(21, m.dct).Bind(22, m.dct_source);
    if (ins.Step() != SQLITE_DONE) return Fail("cannot store mentions");
  }
  return {};
}

Result<size_t> Store::Prune(const std::vector<std::string>& keep) {
  std::set<std::string> keep_set(keep.begin(), keep.end());
  auto known = Articles();
  if (!known.ok()) return known.error();
  Stmt del(db_, "DELETE FROM articles WHERE id = ?1");
  if (!del.ok()) return Fail("cannot prune");
  size_t n = 0;
  for (const auto& [id, _] : *known) {
    if (keep_set.count(id)) continue;
    del.Reset();
    if (del.Bind(1, id).Step() != SQLITE_DONE) return Fail("cannot prune");
    ++n;
  }
  return n;
}

Result<void> Store::ClearFailures() { return Exec("DELETE FROM failures"); }

Result<void> Store::PutFailure(const std::string& origin, const std::string& reason) {
  Stmt q(db_, "INSERT OR REPLACE INTO failures (origin, reason, run) VALUES (?1, ?2, ?3)");
  if (!q.ok() || q.Bind(1, origin).Bind(2, reason).Bind(3, run_id_).Step() != SQLITE_DONE) {
    return Fail("cannot record failure");
  }
  return {};
}

Result<std::vector<EventMention>> Store::AllMentions() {
  std::vector<EventMention> out;
  Stmt q(db_,
         "SELECT article_id, grp, type, participants, location, status, date, confidence, url, "
         "sentence, start, end, trigger_text, rule, date_text, date_reason, dct, dct_source "
         "FROM mentions ORDER BY article_id, seq");
  if (!q.ok()) return Fail("cannot read mentions");
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    EventMention m;
    m.article = q.Text(0);
    m.group = uint32_t(q.Int(1));
    m.type = q.Text(2);
    m.participants = SplitNames(q.Text(3));
    m.location = q.Text(4);
    m.status = ParseEventStatus(q.Text(5)).value_or(EventStatus::kOccurred);
    if (auto d = DateValue::ParseTimex(q.Text(6))) m.date = *d;
    m.confidence = float(q.Double(7));
    m.url = q.Text(8);
    m.sentence = q.Text(9);
    m.start = uint32_t(q.Int(10));
    m.end = uint32_t(q.Int(11));
    m.trigger = q.Text(12);
    m.rule = q.Text(13);
    m.date_text = q.Text(14);
    m.date_reason = q.Text(15);
    m.dct = q.Text(16);
    m.dct_source = q.Text(17);
    out.push_back(std::move(m));
  }
  if (rc != SQLITE_DONE) return Fail("cannot read mentions");
  return out;
}

Result<EventCounts> Store::ReplaceEvents(const std::vector<Event>& events) {
  EventCounts counts;
  std::map<std::string, std::string> old;  // id -> fingerprint
  {
    Stmt q(db_,
           "SELECT e.event_id, e.date, e.type, COALESCE(t.participants, ''), e.location, "
           "e.status, e.confidence, COALESCE(t.sources, ''), e.title, e.evidence, e.conflicts "
           "FROM events e JOIN timeline t USING (event_id)");
    if (!q.ok()) return Fail("cannot read events");
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      old[q.Text(0)] = fmt::format("{}|{}|{}|{}|{}|{:.2f}|{}|{}|{}|{}", q.Text(1), q.Text(2),
                                   q.Text(3), q.Text(4), q.Text(5), q.Double(6), q.Text(7),
                                   q.Text(8), q.Text(9), q.Text(10));
    }
    if (rc != SQLITE_DONE) return Fail("cannot read events");
  }
  if (auto r = Exec("DELETE FROM event_participants; DELETE FROM event_sources; DELETE FROM events;");
      !r.ok())
    return r.error();
  Stmt ins(db_,
           "INSERT INTO events (event_id, date, date_start, date_end, precision, type, location, "
           "status, confidence, title, evidence, conflicts, sort_key) VALUES (?1, ?2, ?3, ?4, ?5, "
           "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  Stmt part(db_, "INSERT OR IGNORE INTO event_participants (event_id, participant) VALUES (?1, ?2)");
  Stmt src(db_, "INSERT OR IGNORE INTO event_sources (event_id, article_id) VALUES (?1, ?2)");
  if (!ins.ok() || !part.ok() || !src.ok()) return Fail("cannot store events");
  int64_t key = 0;
  for (const Event& e : events) {
    ins.Reset();
    ins.Bind(1, e.id).Bind(2, e.date.ToTimex());
    if (e.date.dated()) {
      ins.Bind(3, FormatDay(e.date.first)).Bind(4, FormatDay(e.date.last));
    } else {
      ins.BindNull(3).BindNull(4);
    }
    ins.Bind(5, PrecisionName(e.date.precision)).Bind(6, e.type).Bind(7, e.location);
    ins.Bind(8, EventStatusName(e.status)).Bind(9, e.confidence).Bind(10, e.title);
    ins.Bind(11, e.evidence).Bind(12, JoinNames(e.conflicts, '\n')).Bind(13, key++);
    if (ins.Step() != SQLITE_DONE) return Fail(fmt::format("cannot store event {}", e.id));
    for (const auto& p : e.participants) {
      part.Reset();
      if (part.Bind(1, e.id).Bind(2, p).Step() != SQLITE_DONE) return Fail("cannot store event");
    }
    for (const auto& s : e.sources) {
      src.Reset();
      if (src.Bind(1, e.id).Bind(2, s).Step() != SQLITE_DONE) return Fail("cannot store event");
    }
    auto it = old.find(e.id);
    if (it == old.end()) {
      ++counts.added;
    } else {
      if (it->second != Fingerprint(e)) ++counts.updated;
      old.erase(it);
    }
  }
  counts.removed = old.size();
  counts.total = events.size();
  return counts;
}

Result<void> Store::PutRun(const RunRecord& r) {
  Stmt q(db_,
         "INSERT INTO runs (id, started, finished, rules_hash, new_articles, changed_articles, "
         "unchanged_articles, failed_inputs, pruned_articles, events_added, events_updated, "
         "events_removed, events_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
         "?12, ?13)");
  if (!q.ok()) return Fail("cannot record run");
  q.Bind(1, run_id_).Bind(2, r.started).Bind(3, r.finished).Bind(4, r.rules_hash);
  q.Bind(5, int64_t(r.new_articles)).Bind(6, int64_t(r.changed_articles));
  q.Bind(7, int64_t(r.unchanged_articles)).Bind(8, int64_t(r.failed_inputs));
  q.Bind(9, int64_t(r.pruned_articles)).Bind(10, int64_t(r.events.added));
  q.Bind(11, int64_t(r.events.updated)).Bind(12, int64_t(r.events.removed));
  q.Bind(13, int64_t(r.events.total));
  if (q.Step() != SQLITE_DONE) return Fail("cannot record run");
  return {};
}

}  // namespace timeline::store
