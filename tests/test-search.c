/* test-search.c: finding companies the way a Korean researcher types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "heeyu-bitset.h"
#include "heeyu-cache.h"
#include "heeyu-company-list.h"
#include "heeyu-ingest.h"
#include "heeyu-test-util.h"

typedef HeeyuTestCacheFixture Fixture;

static const char dataset[] =
  "{\"kind\": \"metal\", \"id\": \"Mo\", \"data\": {\"name_en\": \"Molybdenum\", \"name_ko\": \"몰리브데넘\", "
  "\"aliases_ko\": [\"몰리브덴\"]}}\n"
  "{\"kind\": \"metal\", \"id\": \"Ga\", \"data\": {\"name_en\": \"Gallium\", \"name_ko\": \"갈륨\"}}\n"
  "{\"kind\": \"company\", \"id\": \"c-hanwool\", \"data\": {\"name_ko\": \"한울머티리얼즈\", "
  "\"name_en\": \"Hanwool Materials\", \"reg_no\": \"123-45-67890\", \"metals\": [\"Ga\"], "
  "\"products\": \"갈륨 스퍼터링 타깃\"}}\n"
  "{\"kind\": \"company\", \"id\": \"c-garam\", \"data\": {\"name_ko\": \"가람소재\", "
  "\"name_en\": \"Garam Advanced Materials\", \"reg_no\": \"2208112345\", \"metals\": [\"Mo\"], "
  "\"products\": \"고순도 분말\"}}\n"
  "{\"kind\": \"company\", \"id\": \"c-namu\", \"data\": {\"name_ko\": \"나무금속\", "
  "\"name_en\": \"Namu Metal\", \"products\": \"희유금속 소재 재활용\"}}\n"
  "{\"kind\": \"company\", \"id\": \"c-dasom\", \"data\": {\"name_ko\": \"(주)다솜\", "
  "\"name_en\": \"Dasom Inc.\"}}\n"
  "{\"kind\": \"company\", \"id\": \"c-alpha\", \"data\": {\"name_ko\": \"Alpha Korea\", "
  "\"name_en\": \"Alpha Korea\"}}\n"
  "{\"kind\": \"company\", \"id\": \"c-3m\", \"data\": {\"name_ko\": \"3M코리아\", "
  "\"name_en\": \"3M Korea\"}}\n"
  "{\"kind\": \"company\", \"id\": \"c-beta\", \"data\": {\"name_ko\": \"beta labs\"}}\n"
  "{\"kind\": \"company\", \"id\": \"c-haneul\", \"data\": {\"name_ko\": \"하늘 철강\", "
  "\"name_en\": \"Haneul Steel\", \"metals\": [\"Mo\", \"W\"]}}\n";

/* The ids of the matches, in display order, joined by spaces. */
static char *
search (Fixture    *f,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = heeyu_company_search_ids (f->db, text, &error);
  g_autoptr(GString) ids = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (rowids);
  for (guint i = 0; i < rowids->len; i++)
    {
      g_autoptr(HeeyuCompany) company = heeyu_company_load (f->db, g_array_index (rowids, gint64, i));

      g_assert_nonnull (company);
      if (ids->len)
        g_string_append_c (ids, ' ');
      g_string_append (ids, heeyu_company_get_id (company));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define assert_search(f, text, expected) \
  G_STMT_START { \
    g_autofree char *_found = search ((f), (text)); \
    if (g_strcmp0 (_found, (expected)) != 0) \
      g_error ("search \"%s\": expected \"%s\", found \"%s\"", (text), (expected), _found); \
  } G_STMT_END

static void
test_all_in_korean_order (Fixture       *f,
                          gconstpointer  data)
{
  /* Hangul in 가나다 order, (주) ignored; then Latin A–Z whatever the
   * case; then names starting with a digit. */
  assert_search (f, "", "c-garam c-namu c-dasom c-haneul c-hanwool c-alpha c-beta c-3m");
  assert_search (f, "   ", "c-garam c-namu c-dasom c-haneul c-hanwool c-alpha c-beta c-3m");
}

static void
test_hangul_short (Fixture       *f,
                   gconstpointer  data)
{
  /* Two syllables: below what a trigram index can serve. */
  assert_search (f, "소재", "c-garam c-namu");
  assert_search (f, "금속", "c-namu");
  assert_search (f, "하늘", "c-haneul");
  assert_search (f, "늘철", "c-haneul");   /* the space in "하늘 철강" does not count */
  /* One syllable. */
  assert_search (f, "철", "c-haneul");
  assert_search (f, "울", "c-hanwool");
  assert_search (f, "갈", "c-hanwool");
}

static void
test_substring (Fixture       *f,
                gconstpointer  data)
{
  assert_search (f, "머티리얼", "c-hanwool");
  assert_search (f, "한울머티리얼즈", "c-hanwool");
  assert_search (f, "한울 머티리얼즈", "c-hanwool");
  assert_search (f, "스퍼터링", "c-hanwool");   /* products */
  assert_search (f, "희유금속", "c-namu");
  assert_search (f, "하늘 철강", "c-haneul");
  assert_search (f, "없는회사이름", "");
}

static void
test_english (Fixture       *f,
              gconstpointer  data)
{
  assert_search (f, "materials", "c-garam c-hanwool");
  assert_search (f, "MATERIALS", "c-garam c-hanwool");
  assert_search (f, "Hanwool", "c-hanwool");
  assert_search (f, "anwoo", "c-hanwool");
  assert_search (f, "korea", "c-alpha c-3m");
  assert_search (f, "BETA", "c-beta");
  assert_search (f, "Be", "c-beta");      /* two letters */
  assert_search (f, "q", "");             /* one letter, no match */
  assert_search (f, "３ｍ", "c-3m");      /* full-width letters, as some IMEs type */
}

static void
test_reg_no (Fixture       *f,
             gconstpointer  data)
{
  assert_search (f, "123-45-67890", "c-hanwool");
  assert_search (f, "1234567890", "c-hanwool");
  assert_search (f, "220-81-12345", "c-garam");
  assert_search (f, "2208112345", "c-garam");
  assert_search (f, " 220 81 12345 ", "c-garam");
  assert_search (f, "123-45-6", "c-hanwool");   /* the start of a number */
  assert_search (f, "12345", "c-garam c-hanwool"); /* in both numbers */
  assert_search (f, "999-99-99999", "");
}

static void
test_metal_alias (Fixture       *f,
                  gconstpointer  data)
{
  /* No company has 몰리브덴 in its name, but two handle molybdenum. */
  assert_search (f, "몰리브덴", "c-garam c-haneul");
  assert_search (f, "몰리브데넘", "c-garam c-haneul");
  assert_search (f, "molybdenum", "c-garam c-haneul");
  assert_search (f, "Mo", "c-garam c-haneul");
  /* The alias adds to the name matches: "갈륨" is both a product word and
   * the name of gallium. */
  assert_search (f, "갈륨", "c-hanwool");
  assert_search (f, "gallium", "c-hanwool");
}

static void
test_syntax_never_errors (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *very_long = g_strnfill (100000, 'a');
  g_autoptr(GString) long_hangul = g_string_new (NULL);
  static const char * const nasty[] = {
    "\"", "\"\"", "\"소재", "소재\"", "*", "소재*", "^소재", "-", "--", "-소재", "a -b",
    "(", ")", "(소재)", "NEAR", "NEAR(a b)", "NEAR(\"a\" \"b\", 2)", "a AND b", "a OR b",
    "NOT x", "AND", "OR", "text:소재", "company_fts:x", "{text}: x", "+", ":", "'", "''",
    "'; DROP TABLE company; --", "%", "_", "\\", "소재\" OR \"1", "x\x01y", "\x7f\x1b[31m",
    "\t\n\r", "😀", "😀😀", "😀😀😀소재", "\xe2\x80\x8b", "\xef\xbb\xbf", "ㅅㅈ", "\xc3\x28",
    "\xff\xfe", "*:*", "a\"b\"c",
  };

  for (guint i = 0; i < G_N_ELEMENTS (nasty); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = heeyu_company_search_ids (f->db, nasty[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (ids);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) ids = heeyu_company_search_ids (f->db, very_long, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 0);
  }

  for (guint i = 0; i < 5000; i++)
    g_string_append (long_hangul, "소재");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) ids = heeyu_company_search_ids (f->db, long_hangul->str, &error);

    g_assert_no_error (error);
  }

  /* A quote in a query is a character like any other. */
  assert_search (f, "소재\"", "");
  /* The table is still all there. */
  g_assert_cmpint (heeyu_cache_count (f->cache, "company"), ==, 8);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  /* A swap is "all rows out" then "new rows in" (heeyu-company-list.c):
   * count the results shown, one per signal that brings rows in. */
  if (added > 0)
    (*count)++;
}

static void
wait_until_loaded (HeeyuCompanyList *list)
{
  while (heeyu_company_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(HeeyuCompanyList) list = heeyu_company_list_new (f->cache);
  g_autoptr(HeeyuCompany) first = NULL;
  g_autoptr(HeeyuCompany) again = NULL;
  g_autofree char *query = NULL;
  guint changes = 0;
  guint n_items = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == HEEYU_TYPE_COMPANY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);

  heeyu_company_list_search (list, "");
  g_assert_true (heeyu_company_list_get_loading (list));
  wait_until_loaded (list);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 8);
  g_object_get (list, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 8);

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (heeyu_company_get_name_ko (first), ==, "가람소재");
  g_assert_cmpstr (heeyu_company_get_reg_no (first), ==, "2208112345");
  g_assert_cmpstr (heeyu_company_get_metals (first)[0], ==, "Mo");
  g_assert_nonnull (strstr (heeyu_company_get_data_json (first), "고순도 분말"));
  again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (first == again);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 8));

  /* A newer search replaces an older one still running: only its result
   * shows, in one swap. */
  changes = 0;
  heeyu_company_list_search (list, "a");
  heeyu_company_list_search (list, "소재");
  wait_until_loaded (list);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (heeyu_company_list_get_query (list), ==, "소재");
  g_object_get (list, "query", &query, "n-items", &n_items, NULL);
  g_assert_cmpstr (query, ==, "소재");
  g_assert_cmpuint (n_items, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* Setting the property searches too. */
  g_object_set (list, "query", "몰리브덴", NULL);
  wait_until_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
}

/* One- and two-character queries read posting lists that an import
 * writes once per transaction: a company renamed twice in one import is
 * found by its last name only, and a removed one by none. */
static void
test_short_follows_changes (Fixture       *f,
                            gconstpointer  data)
{
  assert_search (f, "Be", "c-beta");
  assert_search (f, "3", "c-3m");
  /* Short numbers are looked for in names, not inside reg_no. */
  assert_search (f, "12", "");

  heeyu_test_ingest (f->db,
               "{\"kind\": \"company\", \"id\": \"c-beta\", \"rev\": 5, \"data\": {\"name_ko\": \"감마 12\"}}\n"
               "{\"kind\": \"company\", \"id\": \"c-beta\", \"rev\": 6, \"data\": {\"name_ko\": \"델타 12\"}}\n"
               "{\"kind\": \"company\", \"id\": \"c-3m\", \"rev\": 5, \"deleted\": true}\n");
  assert_search (f, "Be", "");
  assert_search (f, "감", "");
  assert_search (f, "델", "c-beta");
  assert_search (f, "델타", "c-beta");
  assert_search (f, "12", "c-beta");
  assert_search (f, "3", "");
  assert_search (f, "m", "c-garam c-namu c-dasom c-hanwool");
}

/* The stored form of a posting list, both ways, and what is not one. */
static void
test_postings (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  static const guint8 bad[][6] = {
    { 'A', 1, 0, 0 },                  /* not whole 32-bit ids */
    { 'A', 2, 0, 0, 0, 0 },            /* wrong length for its ids */
    { 'B', 1, 2, 3 },                  /* not whole words */
    { 'Z', 0, 0, 0, 0, 0 },            /* unknown form */
  };
  static const gsize bad_len[] = { 4, 6, 4, 5 };

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_autoptr(GArray) back = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_autofree guint8 *blob = NULL;
      /* Sparse and dense sets, so both forms are written. */
      guint32 step = round % 2 ? 1 + g_rand_int_range (rand, 0, 3) : 50 + g_rand_int_range (rand, 0, 5000);
      guint32 id = g_rand_int_range (rand, 0, 100);
      guint n = g_rand_int_range (rand, 0, 2000);
      gsize length;

      for (guint i = 0; i < n; i++, id += step)
        g_array_append_val (ids, id);
      blob = heeyu_postings_encode ((const guint32 *) (gpointer) ids->data, ids->len, &length);
      g_assert_true (heeyu_postings_decode (blob, length, back));
      g_assert_cmpmem (ids->data, ids->len * 4, back->data, back->len * 4);
      if (n > 100)
        g_assert_cmpint (blob[0], ==, round % 2 ? 'B' : 'A');
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_len); i++)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_assert_false (heeyu_postings_decode (bad[i], bad_len[i], ids));
    }
  {
    /* Ids out of order are not a posting list. */
    static const guint8 unsorted[] = { 'A', 5, 0, 0, 0, 2, 0, 0, 0 };
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
    g_assert_false (heeyu_postings_decode (unsorted, sizeof unsorted, ids));
  }
}

/* The SQL functions the directory counts with, against plain SQL over the
 * same numbers. */
static void
test_bitset_sql (Fixture       *f,
                 gconstpointer  data)
{
  sqlite3 *db = f->db;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TEMP TABLE n (x INTEGER);"
                                 "WITH RECURSIVE r (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM r WHERE x < 5000)"
                                 "  INSERT INTO n SELECT x FROM r;"
                                 "CREATE TEMP TABLE s AS SELECT"
                                 "  (SELECT bitset (x) FROM n WHERE x % 3 = 0) AS three,"
                                 "  (SELECT bitset (x) FROM n WHERE x % 5 = 0) AS five,"
                                 "  (SELECT bitset (x) FROM n WHERE x > 4900) AS top,"
                                 "  (SELECT bitset (x) FROM n WHERE x < 0) AS none;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_count (three) FROM s", NULL), ==,
                   heeyu_test_query_int (db, "SELECT count(*) FROM n WHERE x % 3 = 0", NULL));
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_and_count (three, five) FROM s", NULL), ==,
                   heeyu_test_query_int (db, "SELECT count(*) FROM n WHERE x % 15 = 0", NULL));
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_count (bitset_and (three, five, top)) FROM s", NULL), ==,
                   heeyu_test_query_int (db, "SELECT count(*) FROM n WHERE x % 15 = 0 AND x > 4900", NULL));
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_count (bitset_or (three, five)) FROM s", NULL), ==,
                   heeyu_test_query_int (db, "SELECT count(*) FROM n WHERE x % 3 = 0 OR x % 5 = 0", NULL));
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_count ((SELECT bitset_union (b) FROM"
                                  " (SELECT three AS b FROM s UNION ALL SELECT top FROM s)))", NULL), ==,
                   heeyu_test_query_int (db, "SELECT count(*) FROM n WHERE x % 3 = 0 OR x > 4900", NULL));
  /* NULL is "no constraint" to AND and to a count's second set... */
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_count (bitset_and (NULL, five, NULL)) FROM s", NULL), ==, 1001);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_and_count (five, NULL) FROM s", NULL), ==, 1001);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_and (NULL, NULL) IS NULL", NULL), ==, 1);
  /* ...but an empty set is a set: nothing passes it. */
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_count (none) FROM s", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT none IS NOT NULL FROM s", NULL), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_count (bitset_and (five, none)) FROM s", NULL), ==, 0);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_union (x) IS NOT NULL FROM n WHERE x < 0", NULL), ==, 1);
  /* Equal sets are equal values, however they were made. */
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_and (three, five) = (SELECT bitset (x) FROM n WHERE x % 15 = 0)"
                                  " FROM s", NULL), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT bitset_and (three, top) ="
                                  " (SELECT bitset (x) FROM n WHERE x % 3 = 0 AND x > 4900) FROM s", NULL), ==, 1);

  /* A rowid no set can hold is an error in words, not a huge set. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT bitset (x) FROM (SELECT 1 AS x UNION ALL SELECT 1 << 40)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ERROR);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "out of range"));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT postings_bitset (x'4101')", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ERROR);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "malformed"));
  sqlite3_finalize (stmt);

  /* bitset_select keeps the order it is given. */
  {
    static const gint64 order[] = { 30, 5, 15, 3, 9, 10 };
    g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (gint64));
    static const gint64 want[] = { 30, 15, 3, 9 };

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT bitset_select (?1, three) FROM s", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    sqlite3_bind_blob (stmt, 1, order, sizeof order, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_array_append_vals (got, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0) / 8);
    g_assert_cmpmem (got->data, got->len * 8, want, sizeof want);
    sqlite3_finalize (stmt);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, dataset, heeyu_test_cache_fixture_set_up, func, \
                                    heeyu_test_cache_fixture_tear_down)
  ADD ("/search/all-in-korean-order", test_all_in_korean_order);
  ADD ("/search/hangul-short", test_hangul_short);
  ADD ("/search/substring", test_substring);
  ADD ("/search/english", test_english);
  ADD ("/search/reg-no", test_reg_no);
  ADD ("/search/metal-alias", test_metal_alias);
  ADD ("/search/syntax-never-errors", test_syntax_never_errors);
  ADD ("/search/list-model", test_list_model);
  ADD ("/search/short-follows-changes", test_short_follows_changes);
  ADD ("/search/bitset-sql", test_bitset_sql);
#undef ADD
  g_test_add_func ("/search/postings", test_postings);

  return g_test_run ();
}
