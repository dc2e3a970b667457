/* test-directory.c: filters, counts and sort of the company directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A few hundred companies are generated here with known attributes; every
 * count and list the directory shows is checked against a count done in C
 * over those attributes.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-company-list.h"
#include "heeyu-company-query.h"
#include "heeyu-company-query-private.h"
#include "heeyu-ingest.h"
#include "heeyu-test-util.h"

#define N_COMPANIES 400

static const char * const metals[] = { "Ga", "In", "Mo", "W", "Li", "Co", NULL };
static const char * const stages[] = { "mining", "refining", "materials", "recycling", "trading", NULL };
static const char * const regions[] = { "KR-11", "KR-31", "KR-41", "KR-47", NULL };
static const char * const complexes[] = { "온산국가산업단지", "반월국가산업단지", "구미국가산업단지", NULL };
static const char * const syllables[] = { "가", "나", "다", "한", "울", "소", "재", "금", "속", "머", "티", "리", "얼", "즈", NULL };

typedef struct
{
  char       *id;
  char       *name_ko;
  const char *region;     /* may be NULL */
  const char *complex;    /* may be NULL */
  int         employees;  /* -1: unknown */
  int         founded;    /* 0: unknown */
  gboolean    specialized;
  guint       metals;     /* bit i: metals[i] */
  guint       stages;
  gboolean    deleted;
} Company;

typedef struct
{
  char       *dir;
  HeeyuCache *cache;
  sqlite3    *db;
  Company     companies[N_COMPANIES];
  GHashTable *by_rowid;   /* rowid → Company */
} Fixture;

static const char *
size_of (const Company *c)
{
  if (c->employees < 0)
    return "unknown";
  if (c->employees < 10)
    return "micro";
  if (c->employees < 50)
    return "small";
  if (c->employees < 300)
    return "medium";
  return "large";
}

/* The company's record as the server sends it (@rev 0: none). */
static char *
company_line (const Company *c,
              int            rev)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "company");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, c->id);
  if (rev > 0)
    {
      json_builder_set_member_name (b, "rev");
      json_builder_add_int_value (b, rev);
    }
  json_builder_set_member_name (b, "data");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name_ko");
  json_builder_add_string_value (b, c->name_ko);
  if (c->region)
    {
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, c->region);
    }
  if (c->complex)
    {
      json_builder_set_member_name (b, "complex");
      json_builder_add_string_value (b, c->complex);
    }
  if (c->employees >= 0)
    {
      json_builder_set_member_name (b, "employees");
      json_builder_add_int_value (b, c->employees);
    }
  if (c->founded)
    {
      json_builder_set_member_name (b, "founded");
      json_builder_add_int_value (b, c->founded);
    }
  json_builder_set_member_name (b, "specialized");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "designated");
  json_builder_add_boolean_value (b, c->specialized);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "metals");
  json_builder_begin_array (b);
  for (guint m = 0; metals[m]; m++)
    if (c->metals & (1u << m))
      json_builder_add_string_value (b, metals[m]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "stages");
  json_builder_begin_array (b);
  for (guint s = 0; stages[s]; s++)
    if (c->stages & (1u << s))
      json_builder_add_string_value (b, stages[s]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ndjson = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  sqlite3_stmt *stmt = NULL;

  f->dir = g_dir_make_tmp ("heeyu-test-directory-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", f->dir, TRUE);
  f->cache = heeyu_cache_open (NULL, &error);
  g_assert_no_error (error);
  f->db = heeyu_cache_get_db (f->cache);

  g_string_append (ndjson,
                   "{\"kind\":\"metal\",\"id\":\"Mo\",\"data\":{\"name_en\":\"Molybdenum\","
                   "\"name_ko\":\"몰리브데넘\",\"aliases_ko\":[\"몰리브덴\"]}}\n"
                   "{\"kind\":\"metal\",\"id\":\"Ga\",\"data\":{\"name_en\":\"Gallium\",\"name_ko\":\"갈륨\"}}\n");

  for (guint i = 0; i < N_COMPANIES; i++)
    {
      Company *c = &f->companies[i];
      g_autofree char *line = NULL;
      GString *name = g_string_new (NULL);
      guint n_syl = g_rand_int_range (rand, 2, 6);

      for (guint k = 0; k < n_syl; k++)
        g_string_append (name, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables) - 1)]);
      /* Duplicate names happen in real registries. */
      if (i % 50 == 7 && i > 0)
        g_string_assign (name, f->companies[i - 1].name_ko);

      c->id = g_strdup_printf ("c-%03u", i);
      c->name_ko = g_string_free (name, FALSE);
      c->region = g_rand_int_range (rand, 0, 10) == 0 ? NULL
                  : regions[g_rand_int_range (rand, 0, G_N_ELEMENTS (regions) - 1)];
      c->complex = g_rand_int_range (rand, 0, 3) == 0 ? NULL
                   : complexes[g_rand_int_range (rand, 0, G_N_ELEMENTS (complexes) - 1)];
      c->employees = g_rand_int_range (rand, 0, 8) == 0 ? -1 : g_rand_int_range (rand, 0, 600);
      c->founded = g_rand_int_range (rand, 0, 8) == 0 ? 0 : g_rand_int_range (rand, 1960, 2024);
      c->specialized = g_rand_int_range (rand, 0, 4) == 0;
      c->metals = g_rand_int_range (rand, 0, 1 << 6);
      c->stages = g_rand_int_range (rand, 0, 1 << 5);

      line = company_line (c, 0);
      g_string_append (ndjson, line);
      g_string_append_c (ndjson, '\n');
    }

  bytes = g_bytes_new (ndjson->str, ndjson->len);
  g_assert_true (heeyu_ingest_bytes (f->db, bytes, NULL, NULL, &error));
  g_assert_no_error (error);

  f->by_rowid = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT rowid, id FROM company", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint i = atoi ((const char *) sqlite3_column_text (stmt, 1) + 2);
      gint64 *key = g_new (gint64, 1);

      *key = sqlite3_column_int64 (stmt, 0);
      g_hash_table_insert (f->by_rowid, key, &f->companies[i]);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (g_hash_table_size (f->by_rowid), ==, N_COMPANIES);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *heeyu_dir = g_build_filename (f->dir, "heeyu", NULL);
  g_autoptr(GDir) d = NULL;
  const char *name;
  GHashTableIter iter;
  gpointer key;

  g_clear_object (&f->cache);
  g_hash_table_iter_init (&iter, f->by_rowid);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_free (key);
  g_hash_table_unref (f->by_rowid);
  for (guint i = 0; i < N_COMPANIES; i++)
    {
      g_free (f->companies[i].id);
      g_free (f->companies[i].name_ko);
    }
  d = g_dir_open (heeyu_dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (heeyu_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (heeyu_dir);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* The company's values for a facet, as the directory names them. */
static gboolean
company_has (const Company     *c,
             HeeyuCompanyFacet  facet,
             const char        *value)
{
  switch (facet)
    {
    case HEEYU_COMPANY_FACET_METAL:
      for (guint m = 0; metals[m]; m++)
        if ((c->metals & (1u << m)) && g_str_equal (metals[m], value))
          return TRUE;
      return FALSE;
    case HEEYU_COMPANY_FACET_STAGE:
      for (guint s = 0; stages[s]; s++)
        if ((c->stages & (1u << s)) && g_str_equal (stages[s], value))
          return TRUE;
      return FALSE;
    case HEEYU_COMPANY_FACET_REGION:
      return g_strcmp0 (c->region, value) == 0;
    case HEEYU_COMPANY_FACET_COMPLEX:
      return g_strcmp0 (c->complex, value) == 0;
    case HEEYU_COMPANY_FACET_SPECIALIZED:
      return g_str_equal (value, c->specialized ? "yes" : "no");
    case HEEYU_COMPANY_FACET_SIZE:
      return g_str_equal (value, size_of (c));
    case HEEYU_COMPANY_N_FACETS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
passes (const Company           *c,
        const HeeyuCompanyQuery *q,
        int                      skip)
{
  for (int facet = 0; facet < HEEYU_COMPANY_N_FACETS; facet++)
    {
      const char * const *values = heeyu_company_query_get_values (q, facet);
      gboolean any = FALSE;

      if (facet == skip || values[0] == NULL)
        continue;
      for (guint i = 0; values[i]; i++)
        any |= company_has (c, facet, values[i]);
      if (!any)
        return FALSE;
    }
  return TRUE;
}

static gboolean
name_has (const Company *c,
          const char    *text)
{
  if (c->deleted)
    return FALSE;
  return text == NULL || *text == '\0' || strstr (c->name_ko, text) != NULL;
}

/* Every count of every facet, and the list, against a count in C. */
static void
check_query_once (Fixture                 *f,
                  const HeeyuCompanyQuery *q)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(HeeyuCompanyFacets) facets = NULL;
  guint expected_total = 0;

  g_assert_true (heeyu_company_query_run (f->db, q, &ids, &facets, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < N_COMPANIES; i++)
    if (name_has (&f->companies[i], q->text) && passes (&f->companies[i], q, -1))
      expected_total++;
  g_assert_cmpuint (ids->len, ==, expected_total);
  g_assert_cmpuint (heeyu_company_facets_get_total (facets), ==, expected_total);
  for (guint i = 0; i < ids->len; i++)
    {
      const Company *c = g_hash_table_lookup (f->by_rowid, &g_array_index (ids, gint64, i));

      g_assert_nonnull (c);
      g_assert_true (name_has (c, q->text) && passes (c, q, -1));
    }

  for (int facet = 0; facet < HEEYU_COMPANY_N_FACETS; facet++)
    {
      g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
      const HeeyuCompanyFacetValue *values;
      guint n_values;

      for (guint i = 0; i < N_COMPANIES; i++)
        {
          const Company *c = &f->companies[i];
          const char *own[8] = { NULL };
          guint n = 0;

          if (!name_has (c, q->text) || !passes (c, q, facet))
            continue;
          switch (facet)
            {
            case HEEYU_COMPANY_FACET_METAL:
              for (guint m = 0; metals[m]; m++)
                if (c->metals & (1u << m))
                  own[n++] = metals[m];
              break;
            case HEEYU_COMPANY_FACET_STAGE:
              for (guint s = 0; stages[s]; s++)
                if (c->stages & (1u << s))
                  own[n++] = stages[s];
              break;
            case HEEYU_COMPANY_FACET_REGION:
              own[n++] = c->region;
              break;
            case HEEYU_COMPANY_FACET_COMPLEX:
              own[n++] = c->complex;
              break;
            case HEEYU_COMPANY_FACET_SPECIALIZED:
              own[n++] = c->specialized ? "yes" : "no";
              break;
            case HEEYU_COMPANY_FACET_SIZE:
              own[n++] = size_of (c);
              break;
            default:
              g_assert_not_reached ();
            }
          for (guint k = 0; k < n; k++)
            if (own[k])
              g_hash_table_insert (expected, (gpointer) own[k],
                                   GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected, own[k])) + 1));
        }

      values = heeyu_company_facets_get_values (facets, facet, &n_values);
      for (guint i = 0; i < n_values; i++)
        {
          guint want = GPOINTER_TO_UINT (g_hash_table_lookup (expected, values[i].value));

          if (values[i].count != want)
            g_error ("facet %s value %s: counted %u, expected %u",
                     heeyu_company_facet_to_string (facet), values[i].value, values[i].count, want);
          g_assert_cmpint (values[i].active, ==, heeyu_company_query_has_value (q, facet, values[i].value));
          g_assert_nonnull (values[i].label);
          g_hash_table_remove (expected, values[i].value);
        }
      /* No value with companies is missing from the facet. */
      g_assert_cmpuint (g_hash_table_size (expected), ==, 0);
    }
}

static void
check_query (Fixture                 *f,
             const HeeyuCompanyQuery *q)
{
  check_query_once (f, q);
}

/* Stores company 3 again, unchanged but newer: the directory's tables are
 * written, so a connection's kept sets are out of date. */
static void
touch_directory (Fixture *f)
{
  static int rev = 1000;
  g_autofree char *line = company_line (&f->companies[3], ++rev);

  heeyu_test_ingest (f->db, line);
}

/* The connection keeps every facet value's set and the list's orders
 * between runs: after an import (a sync) changes names, filters and sort
 * keys, or removes a company, the next keystroke must show the new state,
 * not the kept one. */
static void
test_follows_changes (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const texts[] = { "", "가", "새이름", "소재", NULL };
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
  Company *renamed = &f->companies[0];
  Company *moved = &f->companies[1];
  g_autofree char *line = NULL;
  g_autofree char *tombstone = NULL;

  /* Built and kept, for text, filter and every order. */
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_REGION, "KR-11");
  for (guint t = 0; texts[t]; t++)
    {
      heeyu_company_query_set_text (q, texts[t]);
      check_query (f, q);
    }
  for (int sort = HEEYU_COMPANY_SORT_NAME; sort <= HEEYU_COMPANY_SORT_FOUNDED; sort++)
    {
      g_autoptr(GArray) ids = NULL;

      q->sort = sort;
      g_assert_true (heeyu_company_query_run (f->db, q, &ids, NULL, NULL));
    }
  q->sort = HEEYU_COMPANY_SORT_NAME;

  /* One company renamed and moved into every filter value the query
   * uses; one moved out; one removed. */
  g_free (renamed->name_ko);
  renamed->name_ko = g_strdup ("가가가새이름");
  renamed->region = "KR-11";
  renamed->complex = complexes[0];
  renamed->metals = 0x3f;
  renamed->stages = 0x1f;
  renamed->employees = 5;
  renamed->founded = 1900;
  renamed->specialized = !renamed->specialized;
  line = company_line (renamed, 100);
  heeyu_test_ingest (f->db, line);
  moved->region = moved->region && g_str_equal (moved->region, "KR-11") ? "KR-31" : "KR-11";
  g_clear_pointer (&line, g_free);
  line = company_line (moved, 100);
  heeyu_test_ingest (f->db, line);
  f->companies[2].deleted = TRUE;
  tombstone = g_strdup_printf ("{\"kind\": \"company\", \"id\": \"%s\", \"rev\": 100, \"deleted\": true}\n",
                               f->companies[2].id);
  heeyu_test_ingest (f->db, tombstone);

  for (guint t = 0; texts[t]; t++)
    {
      heeyu_company_query_set_text (q, texts[t]);
      check_query (f, q);
    }

  /* The renamed company sorts first by name and by founding year. */
  for (int sort = HEEYU_COMPANY_SORT_NAME; sort <= HEEYU_COMPANY_SORT_FOUNDED; sort += 3)
    {
      g_autoptr(GArray) ids = NULL;
      const Company *first;

      heeyu_company_query_set_text (q, "");
      heeyu_company_query_clear_filters (q);
      q->sort = sort;
      g_assert_true (heeyu_company_query_run (f->db, q, &ids, NULL, NULL));
      g_assert_cmpuint (ids->len, ==, N_COMPANIES - 1);
      first = g_hash_table_lookup (f->by_rowid, &g_array_index (ids, gint64, 0));
      g_assert_true (first == renamed);
    }
}

typedef struct
{
  guint calls;
  guint stop_at;
} Stopper;

static int
on_progress_cancel_cb (void *user_data)
{
  Stopper *stopper = user_data;

  /* Let the run get under way, then stop it as a newer keystroke does. */
  return ++stopper->calls > stopper->stop_at;
}

/* A search stopped half-way (the user typed on) must leave the connection
 * as it was: the next search on it sees every company and counts right,
 * not the stopped search's half-filled match table or open savepoint. */
static void
test_cancel_mid_run (Fixture       *f,
                     gconstpointer  data)
{
  static const guint stops[] = { 0, 3, 30, 300, 600, 900, 1200, 100000 };
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
  guint n_cancelled = 0;

  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_STAGE, "mining");
  for (guint p = 0; p < 2; p++)
    for (guint k = 0; k < G_N_ELEMENTS (stops); k++)
      {
        g_autoptr(GArray) ids = NULL;
        g_autoptr(HeeyuCompanyFacets) facets = NULL;
        g_autoptr(GError) error = NULL;
        Stopper stopper = { 0, stops[k] };
        gboolean t = k % 2;
        gboolean ok;

        /* Stopped at the match, the list or one of the counts. */
        heeyu_company_query_set_text (q, t ? "가" : "소");
        /* The second time, with the directory changed since the last
         * run, so the stop can land in the rebuild of its sets. */
        if (p == 1)
          touch_directory (f);
        sqlite3_progress_handler (f->db, 10, on_progress_cancel_cb, &stopper);
        ok = heeyu_company_query_run (f->db, q, &ids, &facets, &error);
        sqlite3_progress_handler (f->db, 0, NULL, NULL);
        if (!ok)
          {
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
            g_assert_null (ids);
            g_assert_null (facets);
            n_cancelled++;
          }
        g_test_message ("stop %u: %s after %u calls", stops[k], ok ? "done" : "cancelled", stopper.calls);
        /* No transaction left open to pin an old snapshot. */
        g_assert_true (sqlite3_get_autocommit (f->db));

        /* The next keystroke, a different text: complete and exact. */
        heeyu_company_query_set_text (q, t ? "한" : "");
        check_query (f, q);
      }
  g_assert_cmpuint (n_cancelled, >=, 2 * 5);
}

static void
test_facets_brute_force (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();

  check_query (f, q);

  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_METAL, "Ga");
  check_query (f, q);
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_METAL, "W");
  check_query (f, q);
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_REGION, "KR-31");
  check_query (f, q);
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_STAGE, "recycling");
  check_query (f, q);
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_SIZE, "medium");
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_SIZE, "unknown");
  check_query (f, q);
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_SPECIALIZED, "no");
  check_query (f, q);
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_COMPLEX, "온산국가산업단지");
  check_query (f, q);

  heeyu_company_query_clear_filters (q);
  g_assert_false (heeyu_company_query_has_filters (q));
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_COMPLEX, "반월국가산업단지");
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_SPECIALIZED, "yes");
  check_query (f, q);

  /* With search text: one and two syllables (gram index), three (trigram). */
  heeyu_company_query_set_text (q, "한");
  check_query (f, q);
  heeyu_company_query_clear_filters (q);
  heeyu_company_query_set_text (q, "소재");
  check_query (f, q);
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_STAGE, "mining");
  check_query (f, q);
  heeyu_company_query_set_text (q, "가나다");
  check_query (f, q);
}

static void
test_active_value_stays (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(HeeyuCompanyFacets) facets = NULL;
  g_autoptr(GError) error = NULL;
  const HeeyuCompanyFacetValue *values;
  guint n;
  gboolean found = FALSE;

  /* A region nobody is in: no match, but its chip keeps a count of 0. */
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_REGION, "KR-49");
  g_assert_true (heeyu_company_query_run (f->db, q, &ids, &facets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  values = heeyu_company_facets_get_values (facets, HEEYU_COMPANY_FACET_REGION, &n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (values[i].value, "KR-49"))
      {
        found = TRUE;
        g_assert_true (values[i].active);
        g_assert_cmpuint (values[i].count, ==, 0);
        g_assert_cmpstr (values[i].label, ==, "Jeju");
      }
  g_assert_true (found);
  /* The other regions still count what ticking them would add. */
  g_assert_cmpuint (heeyu_company_facets_get_count (facets, HEEYU_COMPANY_FACET_REGION, "KR-31"), >, 0);
  /* Size bands come in size order, not count order. */
  heeyu_company_query_clear_filters (q);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&facets, heeyu_company_facets_unref);
  g_assert_true (heeyu_company_query_run (f->db, q, &ids, &facets, &error));
  values = heeyu_company_facets_get_values (facets, HEEYU_COMPANY_FACET_SIZE, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpstr (values[0].value, ==, "micro");
  g_assert_cmpstr (values[4].value, ==, "unknown");
}

static int
compare_ints (int      a,
              int      b,
              gboolean desc)
{
  return desc ? (a > b) - (a < b) : (a < b) - (a > b);
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();

  for (int sort = HEEYU_COMPANY_SORT_NAME; sort <= HEEYU_COMPANY_SORT_FOUNDED; sort++)
    for (int desc = 0; desc < 2; desc++)
      {
        g_autoptr(GArray) ids = NULL;
        g_autoptr(GError) error = NULL;
        gboolean seen_unknown = FALSE;

        q->sort = sort;
        q->descending = desc;
        g_assert_true (heeyu_company_query_run (f->db, q, &ids, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (ids->len, ==, N_COMPANIES);

        for (guint i = 1; i < ids->len; i++)
          {
            const Company *a = g_hash_table_lookup (f->by_rowid, &g_array_index (ids, gint64, i - 1));
            const Company *b = g_hash_table_lookup (f->by_rowid, &g_array_index (ids, gint64, i));
            int c = 0;

            switch (sort)
              {
              case HEEYU_COMPANY_SORT_NAME:
                /* All names are Hangul syllables: 가나다 order is code point order. */
                c = strcmp (a->name_ko, b->name_ko);
                g_assert_cmpint (desc ? -c : c, <=, 0);
                break;
              case HEEYU_COMPANY_SORT_REGION:
                if (a->region == NULL)
                  seen_unknown = TRUE;
                if (seen_unknown)
                  g_assert_null (b->region);   /* unknown last */
                else if (b->region)
                  g_assert_cmpint (desc ? -strcmp (a->region, b->region) : strcmp (a->region, b->region), <=, 0);
                break;
              case HEEYU_COMPANY_SORT_EMPLOYEES:
                if (a->employees < 0)
                  seen_unknown = TRUE;
                if (seen_unknown)
                  g_assert_cmpint (b->employees, <, 0);
                else if (b->employees >= 0)
                  g_assert_cmpint (compare_ints (a->employees, b->employees, desc), >=, 0);
                break;
              case HEEYU_COMPANY_SORT_FOUNDED:
                if (a->founded == 0)
                  seen_unknown = TRUE;
                if (seen_unknown)
                  g_assert_cmpint (b->founded, ==, 0);
                else if (b->founded)
                  g_assert_cmpint (compare_ints (a->founded, b->founded, desc), >=, 0);
                break;
              default:
                g_assert_not_reached ();
              }
          }
      }
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  static const char * const queries[] = {
    "\"", "\"\"", "'", "*", "가*", "(", ")", "((가", "NEAR", "NEAR(가 나)", "-", "-가나",
    "가 OR 나", "AND", "'; DROP TABLE company; --", "SELECT * FROM company", "\\", "%", "_",
    "\x01\x02", "\t\n", "💎", "가💎나", "^", ":", "col:가", "{가}",
    NULL
  };
  g_autofree char *long_text = NULL;
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 5000; i++)
    g_string_append (s, "가나");
  long_text = g_string_free (s, FALSE);

  for (guint i = 0; queries[i]; i++)
    {
      g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
      g_autoptr(GArray) ids = NULL;
      g_autoptr(HeeyuCompanyFacets) facets = NULL;
      g_autoptr(GError) error = NULL;

      heeyu_company_query_set_text (q, queries[i]);
      if (!heeyu_company_query_run (f->db, q, &ids, &facets, &error))
        g_error ("query %s failed: %s", queries[i], error->message);
    }

  {
    g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
    g_autoptr(GArray) ids = NULL;
    g_autoptr(GError) error = NULL;

    heeyu_company_query_set_text (q, long_text);
    g_assert_true (heeyu_company_query_run (f->db, q, &ids, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 0);

    /* Filter values that exist nowhere, or with SQL in them, match nothing. */
    heeyu_company_query_set_text (q, NULL);
    heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_METAL, "') OR 1=1 --");
    g_clear_pointer (&ids, g_array_unref);
    g_assert_true (heeyu_company_query_run (f->db, q, &ids, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 0);
  }

  /* "Ga*" searches for those characters; the phrase "가나" is a real term. */
  check_query (f, &(HeeyuCompanyQuery) { .text = (char *) "가나" });
}

static void
test_alias_and_metal_filter (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  guint expected = 0;

  /* The industry name finds the companies handling Mo, filters apply too. */
  for (guint i = 0; i < N_COMPANIES; i++)
    if ((f->companies[i].metals & (1u << 2)) && f->companies[i].region &&
        g_str_equal (f->companies[i].region, "KR-41"))
      expected++;
  heeyu_company_query_set_text (q, "몰리브덴");
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_REGION, "KR-41");
  g_assert_true (heeyu_company_query_run (f->db, q, &ids, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, expected);
  g_assert_cmpuint (expected, >, 0);
}

/* The detail pane's "same complex", "same metals": the first few by name,
 * and how many in all, without the company itself. */
static void
test_neighbours (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const two_metals[] = { "Ga", "In", NULL };
  static const char * const complex[] = { "온산국가산업단지", NULL };
  struct { HeeyuCompanyFacet facet; const char * const *values; } cases[] = {
    { HEEYU_COMPANY_FACET_METAL, two_metals },
    { HEEYU_COMPANY_FACET_COMPLEX, complex },
  };
  gint64 self_rowid = 0;
  GHashTableIter iter;
  gpointer key, value;

  /* Some company in the complex, that handles Ga. */
  g_hash_table_iter_init (&iter, f->by_rowid);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (company_has (value, HEEYU_COMPANY_FACET_COMPLEX, complex[0]) &&
        company_has (value, HEEYU_COMPANY_FACET_METAL, "Ga"))
      self_rowid = *(gint64 *) key;
  g_assert_cmpint (self_rowid, >, 0);

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GError) error = NULL;
      guint total = 0, expected = 0;

      for (guint i = 0; i < N_COMPANIES; i++)
        {
          gboolean any = FALSE;

          for (guint v = 0; cases[k].values[v]; v++)
            any |= company_has (&f->companies[i], cases[k].facet, cases[k].values[v]);
          expected += any;
        }
      expected--;   /* not the company itself */

      g_assert_true (heeyu_company_neighbours (f->db, cases[k].facet, cases[k].values, self_rowid, 5,
                                               &ids, &total, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (total, ==, expected);
      g_assert_cmpuint (ids->len, ==, MIN (5, expected));
      for (guint i = 0; i < ids->len; i++)
        {
          const Company *c = g_hash_table_lookup (f->by_rowid, &g_array_index (ids, gint64, i));
          gboolean any = FALSE;

          g_assert_cmpint (g_array_index (ids, gint64, i), !=, self_rowid);
          for (guint v = 0; cases[k].values[v]; v++)
            any |= company_has (c, cases[k].facet, cases[k].values[v]);
          g_assert_true (any);
          if (i > 0)
            {
              const Company *prev = g_hash_table_lookup (f->by_rowid, &g_array_index (ids, gint64, i - 1));
              g_assert_cmpint (strcmp (prev->name_ko, c->name_ko), <=, 0);
            }
        }
    }
}

static void
test_serialize (void)
{
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
  g_autoptr(HeeyuCompanyQuery) back = NULL;
  g_autoptr(HeeyuCompanyQuery) junk = NULL;
  g_autofree char *text = NULL;

  heeyu_company_query_set_text (q, "한울 \"머티리얼\" 💎");
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_METAL, "Ga");
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_METAL, "In");
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_COMPLEX, "온산국가산업단지");
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_SPECIALIZED, "yes");
  q->sort = HEEYU_COMPANY_SORT_EMPLOYEES;
  q->descending = TRUE;

  text = heeyu_company_query_to_string (q);
  back = heeyu_company_query_new_from_string (text);
  g_assert_true (heeyu_company_query_equal (q, back));
  g_assert_cmpstr (back->text, ==, "한울 \"머티리얼\" 💎");

  heeyu_company_query_remove_value (back, HEEYU_COMPANY_FACET_METAL, "Ga");
  g_assert_false (heeyu_company_query_equal (q, back));
  g_assert_cmpstrv (heeyu_company_query_get_values (back, HEEYU_COMPANY_FACET_METAL),
                    ((const char * const[]) { "In", NULL }));

  /* A damaged or foreign setting gives the default view, not an error. */
  junk = heeyu_company_query_new_from_string ("{'sort': <'sideways'>, 'metal': <42>, 'x': <1>}");
  g_assert_nonnull (junk);
  g_assert_cmpint (junk->sort, ==, HEEYU_COMPANY_SORT_NAME);
  g_assert_false (heeyu_company_query_has_filters (junk));
  g_clear_pointer (&junk, heeyu_company_query_free);
  junk = heeyu_company_query_new_from_string ("not a variant at all {");
  g_assert_nonnull (junk);
}

static void
on_notify_facets_cb (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  gboolean *done = user_data;
  *done = TRUE;
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(HeeyuCompanyList) list = heeyu_company_list_new (f->cache);
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
  g_autoptr(HeeyuCompany) first = NULL;
  gboolean done = FALSE;
  guint expected = 0;

  for (guint i = 0; i < N_COMPANIES; i++)
    if (f->companies[i].metals & 1u)
      expected++;

  g_signal_connect (list, "notify::facets", G_CALLBACK (on_notify_facets_cb), &done);
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_METAL, "Ga");
  heeyu_company_list_set_company_query (list, q);
  /* Typing on before the first answer: only the last query's list shows. */
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_METAL, "In");
  heeyu_company_query_remove_value (q, HEEYU_COMPANY_FACET_METAL, "In");
  heeyu_company_list_set_company_query (list, q);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  while (heeyu_company_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
  g_assert_cmpuint (heeyu_company_facets_get_total (heeyu_company_list_get_facets (list)), ==, expected);
  g_assert_true (heeyu_company_query_equal (heeyu_company_list_get_company_query (list), q));
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (g_strv_contains (heeyu_company_get_metals (first), "Ga"));
}

typedef struct
{
  guint n_signals;
  guint n_mixed;      /* signals that remove and add rows at once */
  guint n_wrong;      /* signals that disagree with n-items */
  guint n_idle;       /* signals while the list says it is not loading */
  guint last_n;
} Changes;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  Changes *c = user_data;

  c->n_signals++;
  if (removed > 0 && added > 0)
    c->n_mixed++;
  if (c->last_n - removed + added != g_list_model_get_n_items (model))
    c->n_wrong++;
  if (!heeyu_company_list_get_loading (HEEYU_COMPANY_LIST (model)))
    c->n_idle++;
  c->last_n = g_list_model_get_n_items (model);
}

/* A new search swaps all rows as "all out", then "all in": a selection
 * model (GtkSingleSelection) that sees its selected row replaced in one
 * signal searches the added rows for it, loading every company of the
 * result on the main thread.  Each signal agrees with n-items when it is
 * emitted, so a view never reads a row that is not there, and comes while
 * "loading" is still set, so the page does not show "no companies" for
 * the moment between the two. */
static void
test_list_swap_signals (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const texts[] = { "", "가", "한", "zzz-nothing", "", NULL };
  g_autoptr(HeeyuCompanyList) list = heeyu_company_list_new (f->cache);
  Changes changes = { 0 };

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  for (guint t = 0; texts[t]; t++)
    {
      guint expected = 0;

      for (guint i = 0; i < N_COMPANIES; i++)
        if (name_has (&f->companies[i], texts[t]))
          expected++;
      heeyu_company_list_search (list, texts[t]);
      while (heeyu_company_list_get_loading (list))
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, expected);
    }
  g_assert_cmpuint (changes.n_signals, >=, 4);
  g_assert_cmpuint (changes.n_mixed, ==, 0);
  g_assert_cmpuint (changes.n_wrong, ==, 0);
  g_assert_cmpuint (changes.n_idle, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/directory/facets/brute-force", test_facets_brute_force);
  ADD ("/directory/facets/active-value-stays", test_active_value_stays);
  ADD ("/directory/sort", test_sort);
  ADD ("/directory/follows-changes", test_follows_changes);
  ADD ("/directory/cancel-mid-run", test_cancel_mid_run);
  ADD ("/directory/bad-input", test_bad_input);
  ADD ("/directory/alias-and-filter", test_alias_and_metal_filter);
  ADD ("/directory/neighbours", test_neighbours);
  ADD ("/directory/list-model", test_list_model);
  ADD ("/directory/list-model/swap-signals", test_list_swap_signals);
  g_test_add_func ("/directory/query/serialize", test_serialize);

  return g_test_run ();
}
