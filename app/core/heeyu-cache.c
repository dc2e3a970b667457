/* heeyu-cache.c: the local SQLite copy of the center's dataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache is not disposable: its outbox holds edits made offline.  Hence
 * WAL with synchronous=FULL (a committed edit survives a power cut),
 * numbered migrations (an upgrade never drops the file), quick_check at
 * open, and a recovery path that carries the outbox over to a fresh file.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-bitset.h"
#include "heeyu-cache-private.h"
#include "heeyu-index-private.h"
#include "heeyu-record.h"
#include "heeyu-search-private.h"

struct _HeeyuCache
{
  GObject  parent_instance;

  char    *path;
  sqlite3 *db;
  int      schema_version;
};

G_DEFINE_FINAL_TYPE (HeeyuCache, heeyu_cache, G_TYPE_OBJECT)

G_DEFINE_QUARK (heeyu-cache-error-quark, heeyu_cache_error)

typedef struct
{
  const char *sql;
  /* Runs after @sql in the same transaction, for what SQL alone cannot
   * compute (the normalized search text is made in C). */
  gboolean  (*post) (sqlite3 *db, GError **error);
} Migration;

static gboolean
migration_2_post (sqlite3  *db,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  int rc;

  select = heeyu_sql_prepare (db, "SELECT rowid, name_ko, name_en FROM company", error);
  update = heeyu_sql_prepare (db, "UPDATE company SET sort_key = ?2 WHERE rowid = ?1", error);
  if (select == NULL || update == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autofree char *key = heeyu_search_sort_key ((const char *) sqlite3_column_text (select, 1),
                                                    (const char *) sqlite3_column_text (select, 2));

      sqlite3_bind_int64 (update, 1, sqlite3_column_int64 (select, 0));
      sqlite3_bind_text (update, 2, key, -1, SQLITE_STATIC);
      if (sqlite3_step (update) != SQLITE_DONE)
        return heeyu_sql_fail (db, "sorting company names", error);
      sqlite3_reset (update);
    }
  if (rc != SQLITE_DONE)
    return heeyu_sql_fail (db, "reading companies", error);

  /* The gram index of that version is built by migration 7, in the form
   * that replaced it. */
  return heeyu_search_rebuild_text (db, error);
}

static gboolean
migration_4_post (sqlite3  *db,
                  GError  **error)
{
  return heeyu_index_rollup_refresh (db, error);
}

static gboolean
migration_7_post (sqlite3  *db,
                  GError  **error)
{
  return heeyu_search_rebuild_grams (db, error);
}

/* Never edit a migration that has shipped: add a new one.  Version N is
 * migrations[N - 1]. */
static const Migration migrations[] = {
  /* 1: the record tables, the outbox and the key/value state. */
  { "CREATE TABLE meta ("
    "  key   TEXT PRIMARY KEY,"
    "  value TEXT"
    ") WITHOUT ROWID;"

    "CREATE TABLE outbox ("
    "  mid        INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  kind       TEXT NOT NULL,"
    "  id         TEXT NOT NULL,"
    "  op         TEXT NOT NULL,"
    "  base_rev   INTEGER NOT NULL DEFAULT 0,"
    "  data       TEXT,"
    "  created_at TEXT NOT NULL"
    ");"

    "CREATE TABLE metal ("
    "  rowid      INTEGER PRIMARY KEY,"
    "  id         TEXT NOT NULL UNIQUE,"
    "  rev        INTEGER NOT NULL,"
    "  updated_at TEXT,"
    "  updated_by TEXT,"
    "  name_en    TEXT,"
    "  name_ko    TEXT,"
    "  grp        TEXT,"
    "  lists      INTEGER NOT NULL DEFAULT 0,"
    "  ord        INTEGER,"
    "  data       TEXT NOT NULL"
    ");"

    "CREATE TABLE observation ("
    "  rowid      INTEGER PRIMARY KEY,"
    "  id         TEXT NOT NULL UNIQUE,"
    "  rev        INTEGER NOT NULL,"
    "  updated_at TEXT,"
    "  updated_by TEXT,"
    "  metal      TEXT NOT NULL,"
    "  indicator  TEXT NOT NULL,"
    "  period     TEXT NOT NULL,"
    "  country    TEXT,"
    "  stage      TEXT,"
    "  value      REAL,"
    "  unit       TEXT,"
    "  source     TEXT,"
    "  estimated  INTEGER NOT NULL DEFAULT 0,"
    "  synthetic  INTEGER NOT NULL DEFAULT 0,"
    "  data       TEXT NOT NULL"
    ");"
    "CREATE INDEX observation_series ON observation (metal, indicator, period);"

    "CREATE TABLE company ("
    "  rowid       INTEGER PRIMARY KEY,"
    "  id          TEXT NOT NULL UNIQUE,"
    "  rev         INTEGER NOT NULL,"
    "  updated_at  TEXT,"
    "  updated_by  TEXT,"
    "  name_ko     TEXT NOT NULL,"
    "  name_en     TEXT,"
    "  reg_no      TEXT,"
    "  reg_digits  TEXT,"
    "  region      TEXT,"
    "  city        TEXT,"
    "  complex     TEXT,"
    "  employees   INTEGER,"
    "  founded     INTEGER,"
    "  specialized INTEGER NOT NULL DEFAULT 0,"
    "  products    TEXT,"
    "  data        TEXT NOT NULL"
    ");"
    "CREATE INDEX company_name_ko ON company (name_ko);"
    "CREATE INDEX company_name_en ON company (name_en);"
    "CREATE INDEX company_region ON company (region, city);"
    "CREATE INDEX company_complex ON company (complex);"
    "CREATE INDEX company_reg_digits ON company (reg_digits);"

    "CREATE TABLE company_metal ("
    "  company INTEGER NOT NULL REFERENCES company (rowid) ON DELETE CASCADE,"
    "  metal   TEXT NOT NULL,"
    "  PRIMARY KEY (company, metal)"
    ") WITHOUT ROWID;"
    "CREATE INDEX company_metal_by_metal ON company_metal (metal, company);"

    "CREATE TABLE company_stage ("
    "  company INTEGER NOT NULL REFERENCES company (rowid) ON DELETE CASCADE,"
    "  stage   TEXT NOT NULL,"
    "  PRIMARY KEY (company, stage)"
    ") WITHOUT ROWID;"
    "CREATE INDEX company_stage_by_stage ON company_stage (stage, company);"

    "CREATE TABLE note ("
    "  rowid       INTEGER PRIMARY KEY,"
    "  id          TEXT NOT NULL UNIQUE,"
    "  rev         INTEGER NOT NULL,"
    "  updated_at  TEXT,"
    "  updated_by  TEXT,"
    "  target_kind TEXT NOT NULL,"
    "  target_id   TEXT NOT NULL,"
    "  status      TEXT NOT NULL,"
    "  author      TEXT,"
    "  data        TEXT NOT NULL"
    ");"
    "CREATE INDEX note_target ON note (target_kind, target_id);"

    "CREATE TABLE event ("
    "  rowid      INTEGER PRIMARY KEY,"
    "  id         TEXT NOT NULL UNIQUE,"
    "  rev        INTEGER NOT NULL,"
    "  updated_at TEXT,"
    "  updated_by TEXT,"
    "  date       TEXT NOT NULL,"
    "  end_date   TEXT,"
    "  kind       TEXT NOT NULL,"
    "  country    TEXT,"
    "  data       TEXT NOT NULL"
    ");"
    "CREATE INDEX event_date ON event (date);"

    "CREATE TABLE methodology ("
    "  rowid      INTEGER PRIMARY KEY,"
    "  id         TEXT NOT NULL UNIQUE,"
    "  rev        INTEGER NOT NULL,"
    "  updated_at TEXT,"
    "  updated_by TEXT,"
    "  version    TEXT,"
    "  data       TEXT NOT NULL"
    ");",
    NULL },

  /* 2: the directory's search: a sort key in Korean order, the trigram
   * index (3+ characters), the gram index (1-2 characters) and the metal
   * names a query can stand for. */
  { "ALTER TABLE company ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX company_sort ON company (sort_key);"

    "CREATE TABLE company_search ("
    "  rowid INTEGER PRIMARY KEY REFERENCES company (rowid) ON DELETE CASCADE,"
    "  text  TEXT NOT NULL"
    ");"
    "CREATE VIRTUAL TABLE company_fts USING fts5 ("
    "  text, content = 'company_search', content_rowid = 'rowid', tokenize = 'trigram'"
    ");"
    "CREATE TRIGGER company_search_ai AFTER INSERT ON company_search BEGIN"
    "  INSERT INTO company_fts (rowid, text) VALUES (new.rowid, new.text);"
    "END;"
    "CREATE TRIGGER company_search_ad AFTER DELETE ON company_search BEGIN"
    "  INSERT INTO company_fts (company_fts, rowid, text) VALUES ('delete', old.rowid, old.text);"
    "END;"
    "CREATE TRIGGER company_search_au AFTER UPDATE ON company_search BEGIN"
    "  INSERT INTO company_fts (company_fts, rowid, text) VALUES ('delete', old.rowid, old.text);"
    "  INSERT INTO company_fts (rowid, text) VALUES (new.rowid, new.text);"
    "END;"

    "CREATE TABLE company_gram ("
    "  gram    TEXT NOT NULL,"
    "  company INTEGER NOT NULL,"
    "  PRIMARY KEY (gram, company)"
    ") WITHOUT ROWID;"

    "CREATE TABLE metal_alias ("
    "  alias TEXT NOT NULL,"
    "  metal TEXT NOT NULL,"
    "  PRIMARY KEY (alias, metal)"
    ") WITHOUT ROWID;",
    migration_2_post },

  /* 3: the directory's filters and drafts.  company_facet is a narrow copy
   * of what the directory filters, counts and sorts by, kept in step by
   * triggers: sorting thousands of matches by a key in the wide company
   * rows (with their JSON) read every page of the table.  draft keeps text
   * being typed across window closes. */
  { "CREATE TABLE company_facet ("
    "  rowid       INTEGER PRIMARY KEY,"
    "  sort_key    TEXT NOT NULL,"
    "  region      TEXT,"
    "  complex     TEXT,"
    "  size        TEXT NOT NULL,"
    "  specialized INTEGER NOT NULL,"
    "  employees   INTEGER,"
    "  founded     INTEGER"
    ");"
    "CREATE INDEX company_facet_sort ON company_facet (sort_key);"
    /* The counts of the whole directory group by these without a sort. */
    "CREATE INDEX company_facet_groups ON company_facet (region, complex, size, specialized);"
    "CREATE TRIGGER company_facet_ai AFTER INSERT ON company BEGIN"
    "  INSERT INTO company_facet VALUES (new.rowid, new.sort_key, new.region,"
    "    new.complex, CASE WHEN new.employees IS NULL THEN 'unknown'"
    "      WHEN new.employees < 10 THEN 'micro' WHEN new.employees < 50 THEN 'small'"
    "      WHEN new.employees < 300 THEN 'medium' ELSE 'large' END,"
    "    new.specialized != 0, new.employees, new.founded);"
    "END;"
    /* An UPDATE, not INSERT OR REPLACE: the conflict clause of the
     * statement that fires a trigger (ingest's upsert) overrides the
     * trigger's own. */
    "CREATE TRIGGER company_facet_au AFTER UPDATE ON company BEGIN"
    "  UPDATE company_facet SET sort_key = new.sort_key, region = new.region,"
    "    complex = new.complex, size = CASE WHEN new.employees IS NULL THEN 'unknown'"
    "      WHEN new.employees < 10 THEN 'micro' WHEN new.employees < 50 THEN 'small'"
    "      WHEN new.employees < 300 THEN 'medium' ELSE 'large' END,"
    "    specialized = new.specialized != 0, employees = new.employees, founded = new.founded"
    "  WHERE rowid = old.rowid;"
    "END;"
    "CREATE TRIGGER company_facet_ad AFTER DELETE ON company BEGIN"
    "  DELETE FROM company_facet WHERE rowid = old.rowid;"
    "END;"
    "INSERT INTO company_facet SELECT rowid, sort_key, region, complex,"
    "  CASE WHEN employees IS NULL THEN 'unknown' WHEN employees < 10 THEN 'micro'"
    "    WHEN employees < 50 THEN 'small' WHEN employees < 300 THEN 'medium' ELSE 'large' END,"
    "  specialized != 0, employees, founded FROM company;"

    "CREATE INDEX outbox_record ON outbox (kind, id);"

    "CREATE TABLE draft ("
    "  kind       TEXT NOT NULL,"
    "  target     TEXT NOT NULL,"
    "  content    TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  PRIMARY KEY (kind, target)"
    ") WITHOUT ROWID;",
    NULL },

  /* 4: the stability index's yearly roll-up of observations, and the
   * trigram index updated once per import (below).  Scoring
   * read every recent row (millions with daily prices); it reads one row
   * per year, country, stage and unit instead.  The triggers only note
   * which (metal, indicator, year) changed; heeyu_index_rollup_refresh()
   * recomputes those from the rows (ingest calls it before its COMMIT), so
   * the roll-up holds exactly what a scan of the rows would add up. */
  { "CREATE TABLE observation_yearly ("
    "  metal      TEXT NOT NULL,"
    "  indicator  TEXT NOT NULL,"
    "  year       INTEGER NOT NULL,"
    "  ord        INTEGER NOT NULL,"
    "  country    TEXT,"
    "  stage      TEXT,"
    "  unit       TEXT,"
    "  annual_sum REAL NOT NULL,"
    "  annual_n   INTEGER NOT NULL,"
    "  finer_sum  REAL NOT NULL,"
    "  finer_n    INTEGER NOT NULL,"
    "  finer_last REAL NOT NULL,"
    "  PRIMARY KEY (metal, indicator, year, ord)"
    ") WITHOUT ROWID;"
    "CREATE TABLE observation_yearly_dirty ("
    "  metal     TEXT NOT NULL,"
    "  indicator TEXT NOT NULL,"
    "  year      INTEGER NOT NULL,"
    "  PRIMARY KEY (metal, indicator, year)"
    ") WITHOUT ROWID;"
    /* NOT EXISTS rather than OR IGNORE: an upsert's DO UPDATE runs its
     * triggers with ABORT, whatever conflict clause they carry. */
    "CREATE TRIGGER observation_yearly_ai AFTER INSERT ON observation BEGIN"
    "  INSERT INTO observation_yearly_dirty"
    "    SELECT new.metal, new.indicator, CAST (substr (new.period, 1, 4) AS INTEGER)"
    "    WHERE NOT EXISTS (SELECT 1 FROM observation_yearly_dirty WHERE metal = new.metal"
    "      AND indicator = new.indicator AND year = CAST (substr (new.period, 1, 4) AS INTEGER));"
    "END;"
    "CREATE TRIGGER observation_yearly_ad AFTER DELETE ON observation BEGIN"
    "  INSERT INTO observation_yearly_dirty"
    "    SELECT old.metal, old.indicator, CAST (substr (old.period, 1, 4) AS INTEGER)"
    "    WHERE NOT EXISTS (SELECT 1 FROM observation_yearly_dirty WHERE metal = old.metal"
    "      AND indicator = old.indicator AND year = CAST (substr (old.period, 1, 4) AS INTEGER));"
    "END;"
    "CREATE TRIGGER observation_yearly_au AFTER UPDATE ON observation BEGIN"
    "  INSERT INTO observation_yearly_dirty"
    "    SELECT old.metal, old.indicator, CAST (substr (old.period, 1, 4) AS INTEGER)"
    "    WHERE NOT EXISTS (SELECT 1 FROM observation_yearly_dirty WHERE metal = old.metal"
    "      AND indicator = old.indicator AND year = CAST (substr (old.period, 1, 4) AS INTEGER));"
    "  INSERT INTO observation_yearly_dirty"
    "    SELECT new.metal, new.indicator, CAST (substr (new.period, 1, 4) AS INTEGER)"
    "    WHERE NOT EXISTS (SELECT 1 FROM observation_yearly_dirty WHERE metal = new.metal"
    "      AND indicator = new.indicator AND year = CAST (substr (new.period, 1, 4) AS INTEGER));"
    "END;"
    "INSERT OR IGNORE INTO observation_yearly_dirty"
    "  SELECT metal, indicator, CAST (substr (period, 1, 4) AS INTEGER) FROM observation;"

    /* Ingest defers the trigram index to the end of its transaction: FTS5
     * writes its pending terms out as a new segment at every statement
     * savepoint, so one insert per company made one segment per company
     * and spent a third of an import merging them.  While meta holds
     * 'search_deferred' (only ever inside ingest's transaction), the
     * triggers note the changed rows with the text the index holds for
     * them; ingest then updates the index in two statements.  Any other
     * writer gets the immediate triggers as before. */
    "CREATE TABLE company_search_pending ("
    "  rowid    INTEGER PRIMARY KEY,"
    "  old_text TEXT"
    ");"
    "DROP TRIGGER company_search_ai;"
    "DROP TRIGGER company_search_ad;"
    "DROP TRIGGER company_search_au;"
    "CREATE TRIGGER company_search_ai AFTER INSERT ON company_search"
    "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred') BEGIN"
    "  INSERT INTO company_fts (rowid, text) VALUES (new.rowid, new.text);"
    "END;"
    "CREATE TRIGGER company_search_ad AFTER DELETE ON company_search"
    "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred') BEGIN"
    "  INSERT INTO company_fts (company_fts, rowid, text) VALUES ('delete', old.rowid, old.text);"
    "END;"
    "CREATE TRIGGER company_search_au AFTER UPDATE ON company_search"
    "  WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred') BEGIN"
    "  INSERT INTO company_fts (company_fts, rowid, text) VALUES ('delete', old.rowid, old.text);"
    "  INSERT INTO company_fts (rowid, text) VALUES (new.rowid, new.text);"
    "END;"
    /* The first change of a row in the transaction keeps its indexed text
     * (none for a new row). */
    "CREATE TRIGGER company_search_ai_deferred AFTER INSERT ON company_search"
    "  WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred') BEGIN"
    "  INSERT INTO company_search_pending (rowid, old_text) SELECT new.rowid, NULL"
    "    WHERE NOT EXISTS (SELECT 1 FROM company_search_pending WHERE rowid = new.rowid);"
    "END;"
    "CREATE TRIGGER company_search_ad_deferred AFTER DELETE ON company_search"
    "  WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred') BEGIN"
    "  INSERT INTO company_search_pending (rowid, old_text) SELECT old.rowid, old.text"
    "    WHERE NOT EXISTS (SELECT 1 FROM company_search_pending WHERE rowid = old.rowid);"
    "END;"
    "CREATE TRIGGER company_search_au_deferred AFTER UPDATE ON company_search"
    "  WHEN EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred') BEGIN"
    "  INSERT INTO company_search_pending (rowid, old_text) SELECT old.rowid, old.text"
    "    WHERE NOT EXISTS (SELECT 1 FROM company_search_pending WHERE rowid = old.rowid);"
    "  INSERT INTO company_search_pending (rowid, old_text) SELECT new.rowid, NULL"
    "    WHERE NOT EXISTS (SELECT 1 FROM company_search_pending WHERE rowid = new.rowid);"
    "END;",
    migration_4_post },

  /* 5: the directory's counting index.  Migration 3 gained
   * company_facet_groups after caches had been made with it, so some have
   * migration 3 without the index; the counts of a large match set walk
   * it in group order (heeyu-company-query-run.c). */
  { "CREATE INDEX IF NOT EXISTS company_facet_groups"
    "  ON company_facet (region, complex, size, specialized);",
    NULL },

  /* 6: the sync engine's own tables.  Before this migration the engine
   * made them itself, so a cache that has synced already has them, with
   * rows to keep (conflicts, a staged session): IF NOT EXISTS.
   *   conflict        edits the server answered "conflict" or "rejected"
   *   sync_stage      the pulled records of the session in progress
   *   sync_held       the server's latest version of records held back by
   *                   a local edit, for "take theirs" and "keep mine"
   *   sync_push       the push batch in flight, sent again as it was
   *   sync_push_item  its outbox rows as they were sent */
  { "CREATE TABLE IF NOT EXISTS conflict ("
    "  id         INTEGER PRIMARY KEY,"
    "  kind       TEXT NOT NULL,"
    "  record_id  TEXT NOT NULL,"
    "  op         TEXT NOT NULL,"
    "  base_rev   INTEGER NOT NULL,"
    "  local_data TEXT,"
    "  server     TEXT,"
    "  problem    TEXT,"
    "  created_at TEXT NOT NULL,"
    "  UNIQUE (kind, record_id)"
    ");"
    "CREATE TABLE IF NOT EXISTS sync_stage ("
    "  seq      INTEGER PRIMARY KEY,"
    "  envelope TEXT NOT NULL"
    ");"
    "CREATE TABLE IF NOT EXISTS sync_held ("
    "  kind     TEXT NOT NULL,"
    "  id       TEXT NOT NULL,"
    "  rev      INTEGER NOT NULL,"
    "  envelope TEXT NOT NULL,"
    "  PRIMARY KEY (kind, id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS sync_push ("
    "  key        TEXT PRIMARY KEY,"
    "  body       TEXT NOT NULL,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE TABLE IF NOT EXISTS sync_push_item ("
    "  key      TEXT NOT NULL,"
    "  mid      INTEGER NOT NULL,"
    "  kind     TEXT NOT NULL,"
    "  id       TEXT NOT NULL,"
    "  op       TEXT NOT NULL,"
    "  base_rev INTEGER NOT NULL,"
    "  data     TEXT,"
    "  PRIMARY KEY (key, mid)"
    ") WITHOUT ROWID;",
    NULL },

  /* 7: the directory answers a keystroke from sets (heeyu-bitset.h).
   *   company_gram_set  replaces company_gram's (gram, company) rows with
   *                     one posting list per gram, Latin and digits
   *                     included (migration 7's post step fills it);
   *   directory_generation  counts changes to what the directory lists,
   *                     filters and sorts by, so that a connection's sets
   *                     built from those tables know when they are stale
   *                     (heeyu-company-query-run.c). */
  { "DROP TABLE company_gram;"
    "CREATE TABLE company_gram_set ("
    "  gram TEXT PRIMARY KEY,"
    "  ids  BLOB NOT NULL"
    ");"
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('directory_generation', 1);"
    "CREATE TRIGGER directory_company_ai AFTER INSERT ON company BEGIN"
    "  UPDATE meta SET value = value + 1 WHERE key = 'directory_generation';"
    "END;"
    "CREATE TRIGGER directory_company_au AFTER UPDATE ON company BEGIN"
    "  UPDATE meta SET value = value + 1 WHERE key = 'directory_generation';"
    "END;"
    "CREATE TRIGGER directory_company_ad AFTER DELETE ON company BEGIN"
    "  UPDATE meta SET value = value + 1 WHERE key = 'directory_generation';"
    "END;"
    "CREATE TRIGGER directory_metal_ai AFTER INSERT ON company_metal BEGIN"
    "  UPDATE meta SET value = value + 1 WHERE key = 'directory_generation';"
    "END;"
    "CREATE TRIGGER directory_metal_ad AFTER DELETE ON company_metal BEGIN"
    "  UPDATE meta SET value = value + 1 WHERE key = 'directory_generation';"
    "END;"
    "CREATE TRIGGER directory_stage_ai AFTER INSERT ON company_stage BEGIN"
    "  UPDATE meta SET value = value + 1 WHERE key = 'directory_generation';"
    "END;"
    "CREATE TRIGGER directory_stage_ad AFTER DELETE ON company_stage BEGIN"
    "  UPDATE meta SET value = value + 1 WHERE key = 'directory_generation';"
    "END;",
    migration_7_post },
};

gboolean
heeyu_sql_fail (sqlite3     *db,
                const char  *what,
                GError     **error)
{
  g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_SQL,
               "%s: %s", what, db ? sqlite3_errmsg (db) : "no database");
  return FALSE;
}

gboolean
heeyu_sql_exec (sqlite3     *db,
                const char  *sql,
                GError     **error)
{
  char *errmsg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    {
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_SQL,
                   "%s", errmsg ? errmsg : sqlite3_errmsg (db));
      sqlite3_free (errmsg);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
heeyu_sql_prepare (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_SQL,
                   "preparing a statement: %s", sqlite3_errmsg (db));
      return NULL;
    }
  return stmt;
}

static gboolean
is_corruption (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static void
set_corrupt_error (GError     **error,
                   const char  *path,
                   const char  *detail)
{
  g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_CORRUPT,
               "The local database %s is damaged (%s). Heeyu can set it aside and "
               "start a fresh copy, keeping your unsent edits.", path, detail);
}

sqlite3 *
heeyu_cache_open_raw (const char  *path,
                      GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_OPEN,
                   "Cannot open the local database %s: %s", path,
                   db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 5000);
  if (!heeyu_bitset_register (db))
    {
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_OPEN,
                   "Cannot open the local database %s: %s", path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }

  /* journal_mode is the first statement that reads the file, so a file
   * that is not a database at all fails here. */
  rc = sqlite3_exec (db,
                     "PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = FULL;"
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA temp_store = MEMORY;"
                     /* A bigger page cache and mmap halve the slow tails of
                      * search (BENCHMARKS.md). */
                     "PRAGMA cache_size = -65536;"
                     "PRAGMA mmap_size = 268435456;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      if (is_corruption (rc))
        set_corrupt_error (error, path, sqlite3_errmsg (db));
      else
        g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_OPEN,
                     "Cannot open the local database %s: %s", path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static int
get_user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

gboolean
heeyu_cache_migrate_to (sqlite3  *db,
                        int       version,
                        GError  **error)
{
  int current = get_user_version (db);

  g_assert (version <= (int) G_N_ELEMENTS (migrations));

  if (current < 0)
    return heeyu_sql_fail (db, "reading the schema version", error);

  for (int v = current + 1; v <= version; v++)
    {
      const Migration *m = &migrations[v - 1];
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!heeyu_sql_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!heeyu_sql_exec (db, m->sql, error) ||
          (m->post && !m->post (db, error)) ||
          !heeyu_sql_exec (db, set_version, error) ||
          !heeyu_sql_exec (db, "COMMIT", error))
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, "Updating the local database to version %d failed: ", v);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
quick_check (sqlite3     *db,
             const char  *path,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (result, "ok") == 0)
        return TRUE;
      set_corrupt_error (error, path, result ? result : "quick_check failed");
      return FALSE;
    }
  if (is_corruption (rc))
    {
      set_corrupt_error (error, path, sqlite3_errmsg (db));
      return FALSE;
    }
  g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_OPEN,
               "Cannot check the local database %s: %s", path, sqlite3_errmsg (db));
  return FALSE;
}

static void
heeyu_cache_finalize (GObject *object)
{
  HeeyuCache *self = (HeeyuCache *) object;

  /* close_v2: a statement someone still holds defers the close instead of
   * failing it. */
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_free (self->path);

  G_OBJECT_CLASS (heeyu_cache_parent_class)->finalize (object);
}

static void
heeyu_cache_class_init (HeeyuCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = heeyu_cache_finalize;
}

static void
heeyu_cache_init (HeeyuCache *self)
{
}

char *
heeyu_cache_default_path (void)
{
  /* Read the variable each time rather than g_get_user_data_dir(), which
   * caches its first answer: tests point each case at its own directory. */
  const char *data_home = g_getenv ("XDG_DATA_HOME");

  if (data_home == NULL || !g_path_is_absolute (data_home))
    data_home = g_get_user_data_dir ();

  return g_build_filename (data_home, "heeyu", "heeyu.db", NULL);
}

int
heeyu_cache_get_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

HeeyuCache *
heeyu_cache_open (const char  *path,
                  GError     **error)
{
  return heeyu_cache_open_with_flags (path, HEEYU_CACHE_OPEN_DEFAULT, error);
}

HeeyuCache *
heeyu_cache_open_with_flags (const char           *path,
                             HeeyuCacheOpenFlags   flags,
                             GError              **error)
{
  g_autoptr(HeeyuCache) self = NULL;
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;
  int version;

  if (path == NULL)
    path = default_path = heeyu_cache_default_path ();

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_OPEN,
                   "Cannot create the folder %s for the local database: %s",
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (HEEYU_TYPE_CACHE, NULL);
  self->path = g_strdup (path);
  if (!(self->db = heeyu_cache_open_raw (path, error)))
    return NULL;

  if (!(flags & HEEYU_CACHE_OPEN_DEFER_CHECK) && !quick_check (self->db, path, error))
    return NULL;

  version = get_user_version (self->db);
  if (version > heeyu_cache_get_latest_version ())
    {
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_TOO_NEW,
                   "The local database %s was written by a newer version of Heeyu "
                   "(schema %d; this version knows up to %d). Update Heeyu to open it.",
                   path, version, heeyu_cache_get_latest_version ());
      return NULL;
    }

  if (!heeyu_cache_migrate_to (self->db, heeyu_cache_get_latest_version (), error))
    return NULL;
  self->schema_version = get_user_version (self->db);

  return g_steal_pointer (&self);
}

gboolean
heeyu_cache_check (HeeyuCache    *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  sqlite3 *db = NULL;
  gboolean ok;

  g_return_val_if_fail (HEEYU_IS_CACHE (self), FALSE);

  /* Its own lean connection: quick_check reads every page, and through the
   * main connection's mmap and page cache all of them would stay resident. */
  if (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_OPEN,
                   "Cannot open the local database %s: %s", self->path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, 5000);
  sqlite3_exec (db, "PRAGMA mmap_size = 0; PRAGMA cache_size = -2048;", NULL, NULL, NULL);

  ok = quick_check (db, self->path, error);
  sqlite3_close (db);

  return ok;
}

typedef struct
{
  gint64  mid;
  char   *kind;
  char   *id;
  char   *op;
  gint64  base_rev;
  char   *data;
  char   *created_at;
} OutboxRow;

static void
outbox_row_free (gpointer p)
{
  OutboxRow *row = p;

  g_free (row->kind);
  g_free (row->id);
  g_free (row->op);
  g_free (row->data);
  g_free (row->created_at);
  g_free (row);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           col)
{
  const char *s = (const char *) sqlite3_column_text (stmt, col);

  return s ? g_strdup (s) : NULL;
}

/* Reads what it can: a damaged page ends the scan, not the rescue. */
static GPtrArray *
read_outbox_rows (const char *path)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (outbox_row_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    goto out;
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db,
                          "SELECT mid, kind, id, op, base_rev, data, created_at FROM outbox "
                          "ORDER BY mid",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto out;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      OutboxRow *row = g_new0 (OutboxRow, 1);

      row->mid = sqlite3_column_int64 (stmt, 0);
      row->kind = dup_column (stmt, 1);
      row->id = dup_column (stmt, 2);
      row->op = dup_column (stmt, 3);
      row->base_rev = sqlite3_column_int64 (stmt, 4);
      row->data = dup_column (stmt, 5);
      row->created_at = dup_column (stmt, 6);
      if (row->kind && row->id && row->op && row->created_at)
        g_ptr_array_add (rows, row);
      else
        outbox_row_free (row);
    }

out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return rows;
}

/* The meta rows worth keeping across a rebuild: the client's identity, not
 * the position of a sync whose data is gone. */
static GPtrArray *
read_kept_meta (const char *path)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    goto out;
  if (sqlite3_prepare_v2 (db,
                          "SELECT key, value FROM meta WHERE key NOT IN "
                          "('cursor', 'last_sync', 'dataset', 'data_as_of')",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (pairs, dup_column (stmt, 0));
      g_ptr_array_add (pairs, dup_column (stmt, 1));
    }

out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return pairs;
}

static gboolean
write_outbox_copy (const char  *copy_path,
                   GPtrArray   *rows,
                   GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      OutboxRow *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mid");
      json_builder_add_int_value (b, row->mid);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, row->kind);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, row->id);
      json_builder_set_member_name (b, "op");
      json_builder_add_string_value (b, row->op);
      json_builder_set_member_name (b, "base_rev");
      json_builder_add_int_value (b, row->base_rev);
      json_builder_set_member_name (b, "data");
      json_builder_add_string_value (b, row->data);
      json_builder_set_member_name (b, "created_at");
      json_builder_add_string_value (b, row->created_at);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      line = json_to_string (root, FALSE);
      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }

  return g_file_set_contents (copy_path, text->str, text->len, error);
}

HeeyuCache *
heeyu_cache_recover (const char  *path,
                     guint       *saved_outbox,
                     char       **moved_to,
                     GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) meta = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *aside = NULL;
  g_autofree char *copy_path = NULL;
  g_autofree char *default_path = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  static const char * const suffixes[] = { "-wal", "-shm", "" };

  if (path == NULL)
    path = default_path = heeyu_cache_default_path ();

  rows = read_outbox_rows (path);
  meta = read_kept_meta (path);

  aside = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  /* The edits go to a file of their own first, so that they survive even if
   * making the fresh cache fails below. */
  if (rows->len > 0)
    {
      copy_path = g_strdup_printf ("%s.outbox-%s.ndjson", path, stamp);
      if (!write_outbox_copy (copy_path, rows, error))
        return NULL;
    }

  /* The main file last: until it moves, a crash leaves things as they were. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && g_rename (from, to) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_OPEN,
                       "Cannot move the damaged database %s aside: %s",
                       from, g_strerror (saved_errno));
          return NULL;
        }
    }

  if (!(cache = heeyu_cache_open (path, error)))
    return NULL;

  if (!heeyu_sql_exec (cache->db, "BEGIN IMMEDIATE", error))
    return NULL;

  insert = heeyu_sql_prepare (cache->db,
                              "INSERT INTO outbox (mid, kind, id, op, base_rev, data, created_at) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                              error);
  if (insert == NULL)
    goto fail;

  /* mids are kept: the server knows this client's edits by them. */
  for (guint i = 0; i < rows->len; i++)
    {
      OutboxRow *row = g_ptr_array_index (rows, i);

      sqlite3_bind_int64 (insert, 1, row->mid);
      sqlite3_bind_text (insert, 2, row->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, row->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, row->op, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 5, row->base_rev);
      sqlite3_bind_text (insert, 6, row->data, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 7, row->created_at, -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          heeyu_sql_fail (cache->db, "restoring the outbox", error);
          goto fail;
        }
      sqlite3_reset (insert);
    }

  for (guint i = 0; i + 1 < meta->len; i += 2)
    if (!heeyu_cache_set_meta (cache, g_ptr_array_index (meta, i),
                               g_ptr_array_index (meta, i + 1), error))
      goto fail;

  if (!heeyu_sql_exec (cache->db, "COMMIT", error))
    goto fail;

  if (saved_outbox)
    *saved_outbox = rows->len;
  if (moved_to)
    *moved_to = g_steal_pointer (&aside);

  return g_steal_pointer (&cache);

fail:
  sqlite3_exec (cache->db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

const char *
heeyu_cache_get_path (HeeyuCache *self)
{
  g_return_val_if_fail (HEEYU_IS_CACHE (self), NULL);
  return self->path;
}

sqlite3 *
heeyu_cache_get_db (HeeyuCache *self)
{
  g_return_val_if_fail (HEEYU_IS_CACHE (self), NULL);
  return self->db;
}

sqlite3 *
heeyu_cache_open_connection (HeeyuCache  *self,
                             GError     **error)
{
  g_return_val_if_fail (HEEYU_IS_CACHE (self), NULL);
  return heeyu_cache_open_raw (self->path, error);
}

int
heeyu_cache_get_schema_version (HeeyuCache *self)
{
  g_return_val_if_fail (HEEYU_IS_CACHE (self), 0);
  return self->schema_version;
}

gint64
heeyu_cache_count (HeeyuCache *self,
                   const char *kind)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (HEEYU_IS_CACHE (self), -1);
  /* Table names cannot be bound; only the known kinds reach the SQL. */
  g_return_val_if_fail (heeyu_record_kind_is_known (kind), -1);

  sql = g_strdup_printf ("SELECT count(*) FROM %s", kind);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
heeyu_cache_is_empty (HeeyuCache *self)
{
  const char * const *kinds = heeyu_record_kinds ();

  g_return_val_if_fail (HEEYU_IS_CACHE (self), TRUE);

  for (guint i = 0; kinds[i]; i++)
    if (heeyu_cache_count (self, kinds[i]) > 0)
      return FALSE;
  return TRUE;
}

guint
heeyu_cache_outbox_count (HeeyuCache *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (HEEYU_IS_CACHE (self), 0);

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM outbox", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

char *
heeyu_cache_get_meta (HeeyuCache *self,
                      const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (HEEYU_IS_CACHE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return dup_column (stmt, 0);
}

gboolean
heeyu_cache_set_meta (HeeyuCache  *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (HEEYU_IS_CACHE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = heeyu_sql_prepare (self->db, "DELETE FROM meta WHERE key = ?1", error);
  else
    stmt = heeyu_sql_prepare (self->db,
                              "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return heeyu_sql_fail (self->db, "saving a setting of the cache", error);
  return TRUE;
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

char *
heeyu_cache_status_json (HeeyuCache *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *last_sync = NULL;
  const char * const *kinds = heeyu_record_kinds ();

  g_return_val_if_fail (HEEYU_IS_CACHE (self), NULL);

  cursor = heeyu_cache_get_meta (self, "cursor");
  last_sync = heeyu_cache_get_meta (self, "last_sync");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "database");
  json_builder_add_string_value (b, self->path);
  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  for (guint i = 0; kinds[i]; i++)
    {
      json_builder_set_member_name (b, kinds[i]);
      json_builder_add_int_value (b, heeyu_cache_count (self, kinds[i]));
    }
  json_builder_end_object (b);
  add_string_or_null (b, "cursor", cursor);
  add_string_or_null (b, "last_sync", last_sync);
  json_builder_set_member_name (b, "outbox");
  json_builder_add_int_value (b, heeyu_cache_outbox_count (self));
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}
