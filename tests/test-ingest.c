/* test-ingest.c: datasets entering the cache whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-company-list.h"
#include "heeyu-ingest.h"
#include "heeyu-test-util.h"

typedef HeeyuTestCacheFixture Fixture;

static gboolean
ingest (Fixture           *f,
        const char        *ndjson,
        HeeyuIngestStats  *stats,
        GError           **error)
{
  return heeyu_test_ingest_string (f->db, ndjson, stats, error);
}

static guint
search_count (Fixture    *f,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = heeyu_company_search_ids (f->db, text, &error);

  g_assert_no_error (error);
  return ids->len;
}

static const char good_dataset[] =
  "{\"kind\": \"metal\", \"id\": \"Ga\", \"data\": {\"name_en\": \"Gallium\", \"name_ko\": \"갈륨\", "
  "\"lists\": {\"rare_metal_35\": true, \"critical_33\": true}}}\n"
  "{\"kind\": \"metal\", \"id\": \"In\", \"data\": {\"name_en\": \"Indium\", \"name_ko\": \"인듐\"}}\n"
  "\n"
  "{\"kind\": \"observation\", \"id\": \"Ga/production/2023/CN\", \"data\": {\"metal\": \"Ga\", "
  "\"indicator\": \"production\", \"period\": \"2023\", \"country\": \"CN\", \"value\": 750, "
  "\"unit\": \"t\", \"source\": \"USGS MCS 2024\", \"estimated\": true}}\r\n"
  "{\"kind\": \"observation\", \"id\": \"Ga/price/2022\", \"data\": {\"metal\": \"Ga\", "
  "\"indicator\": \"price\", \"period\": \"2022\", \"value\": 521.5}}\n"
  "{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 2, \"updated_at\": \"2024-03-01T00:00:00Z\", "
  "\"data\": {\"name_ko\": \"한울머티리얼즈\", \"name_en\": \"Hanwool Materials\", "
  "\"reg_no\": \"123-45-67890\", \"metals\": [\"Ga\", \"In\"], \"stages\": [\"refining\"], "
  "\"employees\": 120, \"founded\": 1998, \"specialized\": {\"designated\": true}}}\n"
  "{\"kind\": \"note\", \"id\": \"n1\", \"data\": {\"target_kind\": \"company\", \"target_id\": \"c1\", "
  "\"body\": \"주소 확인\", \"status\": \"open\"}}\n"
  "{\"kind\": \"event\", \"id\": \"cn-ga-2023\", \"data\": {\"metals\": [\"Ga\"], \"date\": \"2023-08-01\", "
  "\"kind\": \"export_control\", \"country\": \"CN\"}}\n"
  "{\"kind\": \"methodology\", \"id\": \"stability-index\", \"data\": {\"version\": 1, "
  "\"weights\": {\"hhi\": 1}, \"bands\": []}}\n";

static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *as_of = NULL;
  HeeyuIngestStats stats = { 0 };

  g_assert_true (ingest (f, good_dataset, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.lines, ==, 8);
  g_assert_cmpuint (stats.applied, ==, 8);
  g_assert_cmpuint (stats.unchanged, ==, 0);

  g_assert_cmpint (heeyu_cache_count (f->cache, "metal"), ==, 2);
  g_assert_cmpint (heeyu_cache_count (f->cache, "observation"), ==, 2);
  g_assert_cmpint (heeyu_cache_count (f->cache, "company"), ==, 1);
  g_assert_cmpint (heeyu_cache_count (f->cache, "note"), ==, 1);
  g_assert_cmpint (heeyu_cache_count (f->cache, "event"), ==, 1);
  g_assert_cmpint (heeyu_cache_count (f->cache, "methodology"), ==, 1);
  g_assert_false (heeyu_cache_is_empty (f->cache));

  /* Typed columns for the views, and the whole record kept. */
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT rev FROM company WHERE id = ?1", "c1"), ==, 2);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT employees FROM company WHERE id = ?1", "c1"), ==, 120);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT specialized FROM company WHERE id = ?1", "c1"), ==, 1);
  name = heeyu_test_query_text (f->db, "SELECT reg_digits FROM company WHERE id = ?1", "c1");
  g_assert_cmpstr (name, ==, "1234567890");
  stored = heeyu_test_query_text (f->db, "SELECT json_extract (data, '$.specialized.designated') FROM company WHERE id = ?1", "c1");
  g_assert_cmpstr (stored, ==, "1");
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_metal WHERE metal = ?1", "In"), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_stage WHERE stage = ?1", "refining"), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT estimated FROM observation WHERE id = ?1", "Ga/production/2023/CN"), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT lists FROM metal WHERE id = ?1", "Ga"), ==, 3);

  /* The newest observation period dates the dataset. */
  as_of = heeyu_cache_get_meta (f->cache, "data_as_of");
  g_assert_cmpstr (as_of, ==, "2023");
}

static void
test_bad_line (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *dataset =
    "{\"kind\": \"metal\", \"id\": \"Ga\", \"data\": {\"name_en\": \"Gallium\", \"name_ko\": \"갈륨\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c1\", \"data\": {\"name_ko\": \"가람\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c2\", \"data\": {\"name_ko\": \"나무\", \"founded\": \"1998\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c3\", \"data\": {\"name_ko\": \"다솜\"}}\n";

  g_assert_false (ingest (f, dataset, NULL, &error));
  g_assert_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 3:"));
  g_assert_nonnull (strstr (error->message, "founded"));

  /* Not even the good lines before it. */
  g_assert_true (heeyu_cache_is_empty (f->cache));
  g_assert_cmpuint (search_count (f, ""), ==, 0);
  g_assert_null (heeyu_cache_get_meta (f->cache, "data_as_of"));
}

static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  HeeyuIngestStats stats = { 0 };

  g_assert_true (ingest (f, good_dataset, NULL, &error));
  g_assert_no_error (error);
  before = heeyu_cache_status_json (f->cache);

  g_assert_true (ingest (f, good_dataset, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.applied, ==, 0);
  g_assert_cmpuint (stats.unchanged, ==, 8);

  after = heeyu_cache_status_json (f->cache);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_metal", NULL), ==, 2);
  g_assert_cmpuint (search_count (f, "한울"), ==, 1);
}

static void
test_revisions (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  HeeyuIngestStats stats = { 0 };

  g_assert_true (ingest (f,
                         "{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 2, \"data\": "
                         "{\"name_ko\": \"가람소재\", \"metals\": [\"Ga\"]}}\n",
                         NULL, &error));
  g_assert_no_error (error);

  /* An older revision, from a stale file or a late sync page, is ignored. */
  g_assert_true (ingest (f,
                         "{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 1, \"data\": "
                         "{\"name_ko\": \"옛이름\", \"metals\": [\"W\"]}}\n",
                         &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.unchanged, ==, 1);
  name = heeyu_test_query_text (f->db, "SELECT name_ko FROM company WHERE id = ?1", "c1");
  g_assert_cmpstr (name, ==, "가람소재");
  g_assert_cmpuint (search_count (f, "옛이름"), ==, 0);
  g_clear_pointer (&name, g_free);

  /* A newer one replaces the record, its metals and its search entries. */
  g_assert_true (ingest (f,
                         "{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 3, \"data\": "
                         "{\"name_ko\": \"나래금속\", \"metals\": [\"W\", \"Mo\"]}}\n",
                         &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.applied, ==, 1);
  name = heeyu_test_query_text (f->db, "SELECT name_ko FROM company WHERE id = ?1", "c1");
  g_assert_cmpstr (name, ==, "나래금속");
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT rev FROM company WHERE id = ?1", "c1"), ==, 3);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_metal WHERE metal = ?1", "Ga"), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_metal WHERE metal = ?1", "Mo"), ==, 1);
  g_assert_cmpuint (search_count (f, "가람소재"), ==, 0);
  g_assert_cmpuint (search_count (f, "가람"), ==, 0);
  g_assert_cmpuint (search_count (f, "나래금속"), ==, 1);
  g_assert_cmpuint (search_count (f, "금속"), ==, 1);
  g_assert_cmpint (heeyu_cache_count (f->cache, "company"), ==, 1);
}

static void
test_tombstones (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HeeyuIngestStats stats = { 0 };

  g_assert_true (ingest (f, good_dataset, NULL, &error));
  g_assert_no_error (error);

  /* Older than the stored rev 2: the company stays. */
  g_assert_true (ingest (f, "{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 1, \"deleted\": true}\n",
                         &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.deleted, ==, 0);
  g_assert_cmpint (heeyu_cache_count (f->cache, "company"), ==, 1);

  g_assert_true (ingest (f,
                         "{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 3, \"deleted\": true}\n"
                         "{\"kind\": \"note\", \"id\": \"n1\", \"rev\": 2, \"deleted\": true}\n"
                         "{\"kind\": \"metal\", \"id\": \"In\", \"rev\": 5, \"deleted\": true}\n"
                         "{\"kind\": \"event\", \"id\": \"never-seen\", \"deleted\": true}\n",
                         &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.deleted, ==, 3);
  g_assert_cmpuint (stats.unchanged, ==, 1);
  g_assert_cmpint (heeyu_cache_count (f->cache, "company"), ==, 0);
  g_assert_cmpint (heeyu_cache_count (f->cache, "note"), ==, 0);
  g_assert_cmpint (heeyu_cache_count (f->cache, "metal"), ==, 1);
  g_assert_cmpint (heeyu_cache_count (f->cache, "event"), ==, 1);

  /* Nothing of the company is left behind to be found. */
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_metal", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_stage", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_gram_set", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_search", NULL), ==, 0);
  g_assert_cmpuint (search_count (f, "한울머티리얼즈"), ==, 0);
  g_assert_cmpuint (search_count (f, "한울"), ==, 0);
  g_assert_cmpuint (search_count (f, "인듐"), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM metal_alias WHERE metal = ?1", "In"), ==, 0);
}

static GBytes *
gzip (const char *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_data (text, strlen (text), NULL);
  g_autoptr(GInputStream) zipped = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, zipped, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_gzip (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) zipped = gzip (good_dataset);
  g_autoptr(GBytes) truncated = NULL;
  g_autofree char *path = g_build_filename (f->dir, "dataset.ndjson.gz", NULL);
  HeeyuIngestStats stats = { 0 };
  gsize len;
  const char *bytes = g_bytes_get_data (zipped, &len);

  g_assert_cmpuint ((guint8) bytes[0], ==, 0x1f);

  /* A truncated download fails in words, and imports nothing. */
  truncated = g_bytes_new_from_bytes (zipped, 0, len / 2);
  g_assert_false (heeyu_ingest_bytes (f->db, truncated, NULL, NULL, &error));
  g_assert_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_READ);
  g_assert_true (heeyu_cache_is_empty (f->cache));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, bytes, len, &error));
  g_assert_true (heeyu_ingest_file (f->db, path, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.applied, ==, 8);
  g_assert_cmpint (heeyu_cache_count (f->cache, "company"), ==, 1);
  g_unlink (path);
}

static void
assert_rejected (Fixture    *f,
                 const char *bytes,
                 gsize       len,
                 int         code,
                 const char *message_part)
{
  g_autoptr(GBytes) data = g_bytes_new (bytes, len);
  g_autoptr(GError) error = NULL;

  g_assert_false (heeyu_ingest_bytes (f->db, data, NULL, NULL, &error));
  g_assert_error (error, HEEYU_INGEST_ERROR, code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("message \"%s\" does not mention \"%s\"", error->message, message_part);
  g_assert_true (heeyu_cache_is_empty (f->cache));
}

static void
test_garbage (Fixture       *f,
              gconstpointer  data)
{
  static const char bad_utf8[] =
    "{\"kind\": \"company\", \"id\": \"c1\", \"data\": {\"name_ko\": \"가람\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c2\", \"data\": {\"name_ko\": \"\xff\xfe\"}}\n";
  static const char nul_byte[] =
    "{\"kind\": \"company\", \"id\": \"c1\", \"data\": {\"name_ko\": \"가람\"}}\n"
    "{\"kind\": \"company\", \0 \"id\": \"c2\"}\n";
  static const char binary[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
  const char *not_json =
    "{\"kind\": \"company\", \"id\": \"c1\", \"data\": {\"name_ko\": \"가람\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c2\", \"data\": {\"name_ko\": \"나무\"}\n";
  const char *not_record = "[1, 2, 3]\n";
  const char *unknown_kind = "{\"kind\": \"user\", \"id\": \"root\", \"data\": {}}\n";

  assert_rejected (f, bad_utf8, sizeof bad_utf8 - 1, HEEYU_INGEST_ERROR_PARSE, "line 2: not valid UTF-8");
  assert_rejected (f, nul_byte, sizeof nul_byte - 1, HEEYU_INGEST_ERROR_PARSE, "line 2:");
  assert_rejected (f, binary, sizeof binary - 1, HEEYU_INGEST_ERROR_PARSE, "line 1:");
  assert_rejected (f, not_json, strlen (not_json), HEEYU_INGEST_ERROR_PARSE, "line 2: not valid JSON");
  assert_rejected (f, not_record, strlen (not_record), HEEYU_INGEST_ERROR_INVALID, "line 1: a record must be a JSON object");
  assert_rejected (f, unknown_kind, strlen (unknown_kind), HEEYU_INGEST_ERROR_INVALID, "unknown record kind");
}

static void
test_empty_and_missing (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "no-such-file.ndjson", NULL);
  HeeyuIngestStats stats = { 7, 7, 7, 7 };

  g_assert_true (ingest (f, "", &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.lines, ==, 0);
  g_assert_cmpuint (stats.applied, ==, 0);

  g_assert_false (heeyu_ingest_file (f->db, path, NULL, NULL, &error));
  g_assert_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "no-such-file.ndjson"));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (big, "{\"kind\": \"company\", \"id\": \"c%u\", \"data\": {\"name_ko\": \"회사%u\"}}\n", i, i);
  bytes = g_string_free_to_bytes (g_steal_pointer (&big));

  g_cancellable_cancel (cancellable);
  g_assert_false (heeyu_ingest_bytes (f->db, bytes, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (heeyu_cache_is_empty (f->cache));
}

static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HeeyuEnvelope) env = NULL;
  HeeyuIngestBatch *batch;
  HeeyuIngestStats stats = { 0 };

  g_assert_true (json_parser_load_from_data (parser,
                                             "{\"kind\": \"company\", \"id\": \"c9\", \"rev\": 4, "
                                             "\"data\": {\"name_ko\": \"바다소재\", \"metals\": [\"Ni\"]}}",
                                             -1, &error));
  env = heeyu_envelope_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);

  /* Aborted: nothing stays. */
  batch = heeyu_ingest_batch_begin (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_ingest_batch_apply (batch, env, &stats, &error));
  heeyu_ingest_batch_abort (batch);
  g_assert_true (heeyu_cache_is_empty (f->cache));

  batch = heeyu_ingest_batch_begin (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_ingest_batch_apply (batch, env, &stats, &error));
  g_assert_true (heeyu_ingest_batch_commit (batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT rev FROM company WHERE id = ?1", "c9"), ==, 4);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_metal WHERE metal = ?1", "Ni"), ==, 1);
  g_assert_cmpuint (search_count (f, "바다소재"), ==, 1);
  g_assert_cmpuint (search_count (f, "소재"), ==, 1);
}

/* The trigram index is brought up to date once, at the end of an import:
 * after renames, deletes, a delete and re-create in one file, and an
 * aborted import, every name finds exactly its companies, and the index
 * agrees with the rows (FTS5's own integrity check). */
static void
test_search_deferred (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) nd = g_string_new (NULL);

  for (int i = 0; i < 300; i++)
    g_string_append_printf (nd,
      "{\"kind\": \"company\", \"id\": \"c%d\", \"rev\": 1, \"data\": "
      "{\"name_ko\": \"가람소재%03d\", \"name_en\": \"Garam %03d\", "
      "\"products\": \"갈륨 웨이퍼 %d호\"}}\n", i, i, i, i);
  g_assert_true (ingest (f, nd->str, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (f, "가람소재"), ==, 300);

  g_string_truncate (nd, 0);
  /* Renamed, deleted, deleted then re-created, renamed twice. */
  for (int i = 0; i < 100; i++)
    g_string_append_printf (nd,
      "{\"kind\": \"company\", \"id\": \"c%d\", \"rev\": 2, \"data\": "
      "{\"name_ko\": \"나래금속%03d\"}}\n", i, i);
  for (int i = 100; i < 150; i++)
    g_string_append_printf (nd,
      "{\"kind\": \"company\", \"id\": \"c%d\", \"rev\": 2, \"deleted\": true}\n", i);
  g_string_append (nd,
    "{\"kind\": \"company\", \"id\": \"c150\", \"rev\": 2, \"deleted\": true}\n"
    "{\"kind\": \"company\", \"id\": \"c150\", \"rev\": 3, \"data\": "
    "{\"name_ko\": \"다솜희유\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c151\", \"rev\": 2, \"data\": "
    "{\"name_ko\": \"라온첫이름\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c151\", \"rev\": 3, \"data\": "
    "{\"name_ko\": \"라온둘째이름\"}}\n"
    "{\"kind\": \"company\", \"id\": \"new\", \"rev\": 1, \"data\": "
    "{\"name_ko\": \"마루신소재\"}}\n");
  g_assert_true (ingest (f, nd->str, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (search_count (f, "가람소재"), ==, 148);
  g_assert_cmpuint (search_count (f, "나래금속"), ==, 100);
  g_assert_cmpuint (search_count (f, "다솜희유"), ==, 1);
  g_assert_cmpuint (search_count (f, "첫이름"), ==, 0);
  g_assert_cmpuint (search_count (f, "둘째이름"), ==, 1);
  g_assert_cmpuint (search_count (f, "마루신"), ==, 1);
  g_assert_cmpuint (search_count (f, "웨이퍼"), ==, 148);

  /* An import that fails leaves the index as it was. */
  g_assert_false (ingest (f,
    "{\"kind\": \"company\", \"id\": \"c0\", \"rev\": 9, \"data\": "
    "{\"name_ko\": \"바다실패\"}}\n"
    "{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 9, \"data\": {\"founded\": \"x\"}}\n",
    NULL, &error));
  g_clear_error (&error);
  g_assert_cmpuint (search_count (f, "바다실패"), ==, 0);
  g_assert_cmpuint (search_count (f, "나래금속"), ==, 100);

  g_assert_cmpint (sqlite3_exec (f->db,
                                 "INSERT INTO company_fts (company_fts, rank) "
                                 "VALUES ('integrity-check', 1)", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_search_pending", NULL), ==, 0);
  g_assert_null (heeyu_cache_get_meta (f->cache, "search_deferred"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, heeyu_test_cache_fixture_set_up, func, \
                                    heeyu_test_cache_fixture_tear_down)
  ADD ("/ingest/good", test_good);
  ADD ("/ingest/bad-line-imports-nothing", test_bad_line);
  ADD ("/ingest/replay-changes-nothing", test_replay);
  ADD ("/ingest/revisions", test_revisions);
  ADD ("/ingest/tombstones", test_tombstones);
  ADD ("/ingest/gzip", test_gzip);
  ADD ("/ingest/garbage", test_garbage);
  ADD ("/ingest/empty-and-missing", test_empty_and_missing);
  ADD ("/ingest/cancel", test_cancel);
  ADD ("/ingest/batch", test_batch);
  ADD ("/ingest/search-deferred", test_search_deferred);
#undef ADD

  return g_test_run ();
}
