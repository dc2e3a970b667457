/* test-cache.c: the local database survives upgrades and damage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "heeyu-cache-private.h"
#include "heeyu-company-list.h"
#include "heeyu-ingest.h"
#include "heeyu-metal.h"
#include "heeyu-search-private.h"
#include "heeyu-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = heeyu_test_data_home_new ();
  f->path = heeyu_cache_default_path ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  heeyu_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  g_autofree char *expected = g_build_filename (f->dir, "heeyu", "heeyu.db", NULL);
  g_autofree char *mode = NULL;
  sqlite3 *db;

  g_assert_cmpstr (f->path, ==, expected);

  cache = heeyu_cache_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (heeyu_cache_get_path (cache), ==, expected);
  g_assert_cmpint (heeyu_cache_get_schema_version (cache), ==, heeyu_cache_get_latest_version ());
  g_assert_cmpint (heeyu_cache_get_latest_version (), >=, 2);
  g_assert_true (heeyu_cache_is_empty (cache));

  /* What keeps offline edits safe: WAL, a full sync at commit, the
   * foreign keys that clean derived rows, patience with a busy writer. */
  db = heeyu_cache_get_db (cache);
  mode = heeyu_test_query_text (db, "PRAGMA journal_mode", NULL);
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (heeyu_test_query_int (db, "PRAGMA synchronous", NULL), ==, 2);
  g_assert_cmpint (heeyu_test_query_int (db, "PRAGMA foreign_keys", NULL), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (db, "PRAGMA busy_timeout", NULL), ==, 5000);
  g_assert_cmpint (heeyu_test_query_int (db, "PRAGMA user_version", NULL), ==, heeyu_cache_get_latest_version ());

  /* A worker's own connection gets the same settings. */
  {
    sqlite3 *worker = heeyu_cache_open_connection (cache, &error);

    g_assert_no_error (error);
    g_assert_cmpint (heeyu_test_query_int (worker, "PRAGMA foreign_keys", NULL), ==, 1);
    g_assert_cmpint (heeyu_test_query_int (worker, "PRAGMA busy_timeout", NULL), ==, 5000);
    sqlite3_close (worker);
  }

  /* Opening again is harmless. */
  g_clear_object (&cache);
  cache = heeyu_cache_open (expected, &error);
  g_assert_no_error (error);
}

/* Fills a cache left at @version with what a user of that version had. */
static void
fill_old_version (sqlite3 *db,
                  int      version)
{
  g_assert_cmpint (version, >=, 1);

  heeyu_test_exec (db,
            "INSERT INTO meta (key, value) VALUES ('cursor', 'c-41'), ('client_id', 'abc');"
            "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) VALUES "
            "  ('note', 'n1', 'upsert', 0, '{\"target_kind\":\"company\",\"target_id\":\"c1\","
            "\"body\":\"확인\",\"status\":\"open\"}', '2026-01-01T00:00:00Z');"
            "INSERT INTO metal (id, rev, name_en, name_ko, lists, data) VALUES "
            "  ('Mo', 1, 'Molybdenum', '몰리브데넘', 1, '{\"name_en\":\"Molybdenum\","
            "\"name_ko\":\"몰리브데넘\",\"aliases_ko\":[\"몰리브덴\"]}');"
            "INSERT INTO company (rowid, id, rev, name_ko, name_en, reg_no, reg_digits, products, data) VALUES "
            "  (1, 'c1', 3, '한울머티리얼즈', 'Hanwool Materials', '123-45-67890', '1234567890', "
            "   '몰리브덴 분말', '{\"name_ko\":\"한울머티리얼즈\"}'),"
            "  (2, 'c2', 1, '가람소재', NULL, NULL, NULL, NULL, '{\"name_ko\":\"가람소재\"}');"
            "INSERT INTO company_metal (company, metal) VALUES (2, 'Mo');");

  /* From version 2 on, the import that wrote those rows also indexed them
   * for search and the name order. */
  if (version >= 2)
    {
      g_autoptr(GError) error = NULL;

      heeyu_test_exec (db, "UPDATE company SET sort_key = '1' || name_ko");
      g_assert_true (heeyu_search_rebuild_text (db, &error));
      g_assert_no_error (error);
    }
}

static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  int from = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *cursor = NULL;
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  db = heeyu_cache_open_raw (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_cache_migrate_to (db, from, &error));
  g_assert_no_error (error);
  g_assert_cmpint (heeyu_test_query_int (db, "PRAGMA user_version", NULL), ==, from);
  if (from >= 1)
    fill_old_version (db, from);
  sqlite3_close (db);

  cache = heeyu_cache_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (heeyu_cache_get_schema_version (cache), ==, heeyu_cache_get_latest_version ());
  db = heeyu_cache_get_db (cache);

  /* Sync works on every migrated cache: its tables are there, empty. */
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM conflict", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM sync_stage", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM sync_held", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM sync_push", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM sync_push_item", NULL), ==, 0);

  if (from == 0)
    {
      g_assert_true (heeyu_cache_is_empty (cache));
      return;
    }

  /* Nothing the user had is lost... */
  g_assert_cmpint (heeyu_cache_count (cache, "company"), ==, 2);
  g_assert_cmpint (heeyu_cache_count (cache, "metal"), ==, 1);
  g_assert_cmpuint (heeyu_cache_outbox_count (cache), ==, 1);
  cursor = heeyu_cache_get_meta (cache, "cursor");
  g_assert_cmpstr (cursor, ==, "c-41");
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT rev FROM company WHERE id = 'c1'", NULL), ==, 3);

  /* ...and what the new schema adds works on the old rows: the search
   * index and the name order were built from them. */
  ids = heeyu_company_search_ids (db, "머티리얼", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  ids = heeyu_company_search_ids (db, "소재", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  ids = heeyu_company_search_ids (db, "몰리브덴", &error);   /* alias of Mo, and c1's products */
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_clear_pointer (&ids, g_array_unref);

  ids = heeyu_company_search_ids (db, "", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 2);   /* 가람 before 한울 */
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, 1);

  /* And the migrated cache takes new records. */
  {
    const char *line = "{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 4, \"data\": {\"name_ko\": \"나래\"}}\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (line, strlen (line));

    g_assert_true (heeyu_ingest_bytes (db, bytes, NULL, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&ids, g_array_unref);
    ids = heeyu_company_search_ids (db, "머티리얼", &error);
    g_assert_cmpuint (ids->len, ==, 0);
  }
}

/* Before migration 6 the sync engine made its own tables on a cache of
 * version 5.  A conflict the user has not decided yet, and a pulled
 * session not yet applied, must survive the migration. */
static void
test_migrate_sync_tables (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  db = heeyu_cache_open_raw (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_cache_migrate_to (db, 5, &error));
  g_assert_no_error (error);
  fill_old_version (db, 5);
  heeyu_test_exec (db,
            "CREATE TABLE conflict (id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
            "  record_id TEXT NOT NULL, op TEXT NOT NULL, base_rev INTEGER NOT NULL,"
            "  local_data TEXT, server TEXT, problem TEXT, created_at TEXT NOT NULL,"
            "  UNIQUE (kind, record_id));"
            "CREATE TABLE sync_stage (seq INTEGER PRIMARY KEY, envelope TEXT NOT NULL);"
            "CREATE TABLE sync_held (kind TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL,"
            "  envelope TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;"
            "INSERT INTO conflict (kind, record_id, op, base_rev, local_data, server, created_at)"
            "  VALUES ('company', 'c1', 'upsert', 3, '{\"name_ko\":\"내 이름\"}',"
            "  '{\"kind\":\"company\",\"id\":\"c1\",\"rev\":4,\"data\":{\"name_ko\":\"새 이름\"}}',"
            "  '2026-01-02T00:00:00Z');"
            "INSERT INTO sync_stage (envelope) VALUES"
            "  ('{\"kind\":\"metal\",\"id\":\"W\",\"rev\":1,\"data\":{\"name_en\":\"Tungsten\"}}');");
  sqlite3_close (db);

  cache = heeyu_cache_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (heeyu_cache_get_schema_version (cache), ==, heeyu_cache_get_latest_version ());
  g_assert_cmpint (heeyu_cache_get_latest_version (), >=, 6);
  db = heeyu_cache_get_db (cache);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM conflict WHERE record_id = 'c1'", NULL), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM sync_stage", NULL), ==, 1);
  /* The tables the old engine had not made yet are there too. */
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM sync_push", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM sync_push_item", NULL), ==, 0);
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = heeyu_cache_open (f->path, &error);
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", heeyu_cache_get_latest_version () + 1);

  g_assert_no_error (error);
  heeyu_test_exec (heeyu_cache_get_db (cache), sql);
  g_clear_object (&cache);

  cache = heeyu_cache_open (f->path, &error);
  g_assert_null (cache);
  g_assert_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Heeyu"));
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autofree char *junk = g_strnfill (8192, 'x');

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (f->path, junk, -1, NULL));

  cache = heeyu_cache_open (f->path, &error);
  g_assert_null (cache);
  g_assert_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_CORRUPT);
}

static void
test_corrupt_recover (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(GString) dataset = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *first_body = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  guint saved = 0;
  guint copies = 0;
  const char *name;
  g_autoptr(GDir) d = NULL;

  cache = heeyu_cache_open (f->path, &error);
  g_assert_no_error (error);

  /* Pending edits first, so that they sit near the start of the file. */
  heeyu_test_exec (heeyu_cache_get_db (cache),
            "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) VALUES "
            "('note', 'n1', 'upsert', 0, '{\"body\":\"첫 메모\"}', '2026-01-01T00:00:00Z'),"
            "('company', 'c7', 'upsert', 7, '{\"name_ko\":\"가람\"}', '2026-01-02T00:00:00Z'),"
            "('note', 'n2', 'upsert', 0, '{\"body\":\"둘째\"}', '2026-01-03T00:00:00Z');"
            "INSERT INTO meta (key, value) VALUES ('client_id', 'client-1'), ('cursor', 'c-9');");

  for (guint i = 0; i < 4000; i++)
    g_string_append_printf (dataset,
                            "{\"kind\": \"company\", \"id\": \"c%u\", \"data\": {\"name_ko\": "
                            "\"희유소재 %u\", \"name_en\": \"Rare Materials %u\", \"products\": "
                            "\"고순도 갈륨 타깃과 인듐 분말 %u\"}}\n", i, i, i, i);
  bytes = g_bytes_new (dataset->str, dataset->len);
  g_assert_true (heeyu_ingest_bytes (heeyu_cache_get_db (cache), bytes, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&cache);   /* the last close folds the WAL into the file */

  /* A disk error: garbage over pages in the middle of the file. */
  g_assert_true (g_file_get_contents (f->path, &contents, &len, &error));
  g_assert_cmpuint (len, >, 200000);
  memset (contents + len / 2 - 4096 * 8, 0x5a, 4096 * 16);
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));

  cache = heeyu_cache_open (f->path, &error);
  g_assert_null (cache);
  g_assert_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_clear_error (&error);

  cache = heeyu_cache_recover (f->path, &saved, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cache);
  g_assert_cmpuint (saved, ==, 3);

  /* The broken file is kept for a post-mortem, not deleted. */
  g_assert_nonnull (moved_to);
  g_assert_true (g_str_has_prefix (moved_to, f->path));
  g_assert_nonnull (strstr (moved_to, ".corrupt-"));
  g_assert_true (g_file_test (moved_to, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_IS_REGULAR) &&
                  g_str_equal (moved_to, f->path));

  /* The fresh cache is empty but for the edits, in their order and with
   * their ids, and the client's identity; the old cursor is gone since the
   * data it pointed into is. */
  g_assert_cmpint (heeyu_cache_count (cache, "company"), ==, 0);
  g_assert_cmpuint (heeyu_cache_outbox_count (cache), ==, 3);
  first_body = heeyu_test_query_text (heeyu_cache_get_db (cache), "SELECT data FROM outbox ORDER BY mid LIMIT 1", NULL);
  g_assert_cmpstr (first_body, ==, "{\"body\":\"첫 메모\"}");
  g_assert_cmpint (heeyu_test_query_int (heeyu_cache_get_db (cache), "SELECT base_rev FROM outbox WHERE id = 'c7'", NULL), ==, 7);
  g_assert_cmpint (heeyu_test_query_int (heeyu_cache_get_db (cache), "SELECT max(mid) FROM outbox", NULL), ==, 3);
  client_id = heeyu_cache_get_meta (cache, "client_id");
  g_assert_cmpstr (client_id, ==, "client-1");
  cursor = heeyu_cache_get_meta (cache, "cursor");
  g_assert_null (cursor);

  /* A copy of the edits beside it, whatever happens next. */
  dir = g_path_get_dirname (f->path);
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)))
    if (strstr (name, ".outbox-"))
      copies++;
  g_assert_cmpuint (copies, ==, 1);

  /* New edits continue after the restored ones. */
  heeyu_test_exec (heeyu_cache_get_db (cache),
            "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) VALUES "
            "('note', 'n3', 'upsert', 0, '{}', '2026-01-04T00:00:00Z')");
  g_assert_cmpint (heeyu_test_query_int (heeyu_cache_get_db (cache), "SELECT max(mid) FROM outbox", NULL), ==, 4);

  /* And it opens cleanly next time. */
  g_clear_object (&cache);
  cache = heeyu_cache_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (heeyu_cache_outbox_count (cache), ==, 4);
}

static void
test_status_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = heeyu_cache_open (f->path, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *root;
  JsonObject *counts;
  const char *dataset =
    "{\"kind\": \"metal\", \"id\": \"Ga\", \"data\": {\"name_en\": \"Gallium\", \"name_ko\": \"갈륨\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c1\", \"data\": {\"name_ko\": \"가람\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c2\", \"data\": {\"name_ko\": \"나무\"}}\n";

  g_assert_no_error (error);
  bytes = g_bytes_new_static (dataset, strlen (dataset));
  g_assert_true (heeyu_ingest_bytes (heeyu_cache_get_db (cache), bytes, NULL, NULL, &error));
  g_assert_true (heeyu_cache_set_meta (cache, "last_sync", "2026-11-20T08:15:00Z", &error));
  heeyu_test_exec (heeyu_cache_get_db (cache),
            "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) VALUES "
            "('note', 'n1', 'upsert', 0, '{}', '2026-01-01T00:00:00Z')");

  json = heeyu_cache_status_json (cache);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpuint (json_object_get_size (root), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (root, "database"), ==, f->path);
  counts = json_object_get_object_member (root, "counts");
  g_assert_cmpuint (json_object_get_size (counts), ==, 6);
  g_assert_cmpint (json_object_get_int_member (counts, "metal"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "company"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "observation"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "note"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "event"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (counts, "methodology"), ==, 0);
  g_assert_true (json_object_get_null_member (root, "cursor"));
  g_assert_cmpstr (json_object_get_string_member (root, "last_sync"), ==, "2026-11-20T08:15:00Z");
  g_assert_cmpint (json_object_get_int_member (root, "outbox"), ==, 1);
}

static void
test_meta (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = heeyu_cache_open (f->path, &error);
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  g_assert_null (heeyu_cache_get_meta (cache, "dataset"));
  g_assert_true (heeyu_cache_set_meta (cache, "dataset", "sample", &error));
  value = heeyu_cache_get_meta (cache, "dataset");
  g_assert_cmpstr (value, ==, "sample");
  g_clear_pointer (&value, g_free);
  g_assert_true (heeyu_cache_set_meta (cache, "dataset", "https://heeyu.example.kr", &error));
  value = heeyu_cache_get_meta (cache, "dataset");
  g_assert_cmpstr (value, ==, "https://heeyu.example.kr");
  g_assert_true (heeyu_cache_set_meta (cache, "dataset", NULL, &error));
  g_assert_null (heeyu_cache_get_meta (cache, "dataset"));
}

static void
test_metals_order (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = heeyu_cache_open (f->path, &error);
  g_autoptr(GListModel) metals = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HeeyuMetal) mo = NULL;
  const char *codes[] = { "Li", "Mo", "REE", "Nd", "Cu" };
  /* Imported out of order; `order` is the KIRAM table's. */
  const char *dataset =
    "{\"kind\": \"metal\", \"id\": \"Cu\", \"data\": {\"name_en\": \"Copper\", \"name_ko\": \"구리\", "
    "\"aliases_ko\": [\"동\"], \"lists\": {\"critical_33\": true}, \"order\": 44}}\n"
    "{\"kind\": \"metal\", \"id\": \"Mo\", \"data\": {\"name_en\": \"Molybdenum\", \"name_ko\": \"몰리브데넘\", "
    "\"aliases_ko\": [\"몰리브덴\"], \"group\": \"refractory\", \"elements\": [\"Mo\"], "
    "\"uses\": [\"steel\", \"defense\"], \"stockpile_target_days\": 100, "
    "\"lists\": {\"rare_metal_35\": true, \"critical_33\": true}, \"order\": 30}}\n"
    "{\"kind\": \"metal\", \"id\": \"Nd\", \"data\": {\"name_en\": \"Neodymium\", \"name_ko\": \"네오디뮴\", "
    "\"lists\": {\"critical_33\": true, \"strategic_10\": true}, \"order\": 36}}\n"
    "{\"kind\": \"metal\", \"id\": \"Li\", \"data\": {\"name_en\": \"Lithium\", \"name_ko\": \"리튬\", "
    "\"lists\": {\"rare_metal_35\": true}, \"order\": 1}}\n"
    "{\"kind\": \"metal\", \"id\": \"REE\", \"data\": {\"name_en\": \"Rare earth elements\", \"name_ko\": \"희토류\", "
    "\"lists\": {\"rare_metal_35\": true}, \"order\": 34}}\n";

  g_assert_no_error (error);
  bytes = g_bytes_new_static (dataset, strlen (dataset));
  g_assert_true (heeyu_ingest_bytes (heeyu_cache_get_db (cache), bytes, NULL, NULL, &error));
  g_assert_no_error (error);

  metals = heeyu_cache_list_metals (cache, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (metals), ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(HeeyuMetal) metal = g_list_model_get_item (metals, i);
      g_assert_cmpstr (heeyu_metal_get_code (metal), ==, codes[i]);
    }

  mo = g_list_model_get_item (metals, 1);
  g_assert_cmpstr (heeyu_metal_get_name_ko (mo), ==, "몰리브데넘");
  g_assert_cmpstr (heeyu_metal_get_name_en (mo), ==, "Molybdenum");
  g_assert_cmpstr (heeyu_metal_get_group (mo), ==, "refractory");
  g_assert_cmpuint (heeyu_metal_get_lists (mo), ==,
                    HEEYU_METAL_LIST_RARE_METAL_35 | HEEYU_METAL_LIST_CRITICAL_33);
  g_assert_cmpstr (heeyu_metal_get_aliases_ko (mo)[0], ==, "몰리브덴");
  g_assert_cmpstr (heeyu_metal_get_elements (mo)[0], ==, "Mo");
  g_assert_cmpuint (g_strv_length ((char **) heeyu_metal_get_uses (mo)), ==, 2);
  g_assert_cmpint (heeyu_metal_get_stockpile_target_days (mo), ==, 100);
}

static void
test_metals_without_order (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = heeyu_cache_open (f->path, &error);
  g_autoptr(GListModel) metals = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *codes[] = { "Ga", "W", "Cu", "Al" };
  /* Without `order`: rare-metal types first, each group in file order. */
  const char *dataset =
    "{\"kind\": \"metal\", \"id\": \"Cu\", \"data\": {\"name_en\": \"Copper\", \"name_ko\": \"구리\"}}\n"
    "{\"kind\": \"metal\", \"id\": \"Ga\", \"data\": {\"name_en\": \"Gallium\", \"name_ko\": \"갈륨\", "
    "\"lists\": {\"rare_metal_35\": true}}}\n"
    "{\"kind\": \"metal\", \"id\": \"Al\", \"data\": {\"name_en\": \"Aluminium\", \"name_ko\": \"알루미늄\"}}\n"
    "{\"kind\": \"metal\", \"id\": \"W\", \"data\": {\"name_en\": \"Tungsten\", \"name_ko\": \"텅스텐\", "
    "\"lists\": {\"rare_metal_35\": true}}}\n";

  g_assert_no_error (error);
  bytes = g_bytes_new_static (dataset, strlen (dataset));
  g_assert_true (heeyu_ingest_bytes (heeyu_cache_get_db (cache), bytes, NULL, NULL, &error));
  g_assert_no_error (error);

  metals = heeyu_cache_list_metals (cache, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (metals), ==, G_N_ELEMENTS (codes));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(HeeyuMetal) metal = g_list_model_get_item (metals, i);
      g_assert_cmpstr (heeyu_metal_get_code (metal), ==, codes[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/cache/open", test_open, NULL);
  for (int v = 0; v < heeyu_cache_get_latest_version (); v++)
    {
      g_autofree char *path = g_strdup_printf ("/cache/migrate/from-v%d", v);
      ADD (path, test_migrate, GINT_TO_POINTER (v));
    }
  ADD ("/cache/migrate/sync-tables-kept", test_migrate_sync_tables, NULL);
  ADD ("/cache/too-new", test_too_new, NULL);
  ADD ("/cache/corrupt/not-a-database", test_not_a_database, NULL);
  ADD ("/cache/corrupt/recover-keeps-outbox", test_corrupt_recover, NULL);
  ADD ("/cache/status-json", test_status_json, NULL);
  ADD ("/cache/meta", test_meta, NULL);
  ADD ("/cache/metals/order", test_metals_order, NULL);
  ADD ("/cache/metals/without-order", test_metals_without_order, NULL);
#undef ADD

  return g_test_run ();
}
