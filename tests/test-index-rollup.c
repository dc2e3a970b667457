/* test-index-rollup.c: the index's yearly roll-up gives the figures the
 * observation rows give
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard scores from observation_yearly, not from the rows.  If the
 * two ever disagree, a researcher sees an index that no longer matches the
 * prices and shares shown in the metal's detail: every figure here is
 * compared bit for bit, on the bundled sample, on a dataset with daily and
 * monthly series, and after tombstones and newer revisions.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "heeyu-cache-private.h"
#include "heeyu-cache.h"
#include "heeyu-index-private.h"
#include "heeyu-ingest.h"
#include "heeyu-test-util.h"

typedef HeeyuTestCacheFixture Fixture;

/* Equal to the last bit, or both absent. */
static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    {
      g_assert_true (isnan (a) && isnan (b));
      return;
    }
  g_assert_cmpfloat (a, ==, b);
}

static void
assert_same_amounts (const HeeyuIndexAmount *a,
                     guint                   n_a,
                     const HeeyuIndexAmount *b,
                     guint                   n_b)
{
  g_assert_cmpuint (n_a, ==, n_b);
  for (guint i = 0; i < n_a; i++)
    {
      g_assert_cmpint (a[i].year, ==, b[i].year);
      g_assert_cmpstr (a[i].country, ==, b[i].country);
      g_assert_cmpstr (a[i].stage, ==, b[i].stage);
      assert_same_double (a[i].value, b[i].value);
    }
}

static void
assert_same_points (const HeeyuIndexPoint *a,
                    guint                  n_a,
                    const HeeyuIndexPoint *b,
                    guint                  n_b)
{
  g_assert_cmpuint (n_a, ==, n_b);
  for (guint i = 0; i < n_a; i++)
    {
      g_assert_cmpint (a[i].year, ==, b[i].year);
      assert_same_double (a[i].value, b[i].value);
    }
}

static void
assert_same_result (const HeeyuIndexResult *a,
                    const HeeyuIndexResult *b)
{
  g_assert_cmpstr (a->metal, ==, b->metal);
  g_assert_cmpint (a->has_index, ==, b->has_index);
  assert_same_double (a->index, b->index);
  g_assert_cmpstr (a->band_code, ==, b->band_code);
  g_assert_cmpint (a->crisis, ==, b->crisis);
  assert_same_double (a->production_hhi, b->production_hhi);
  g_assert_cmpstr (a->production_stage, ==, b->production_stage);
  assert_same_double (a->import_hhi, b->import_hhi);
  assert_same_double (a->price_pressure, b->price_pressure);
  assert_same_double (a->stockpile_days, b->stockpile_days);
  assert_same_double (a->recycling_rate, b->recycling_rate);
  assert_same_double (a->supply_risk, b->supply_risk);
  assert_same_double (a->economic_importance, b->economic_importance);
  g_assert_cmpint (a->critical, ==, b->critical);
  g_assert_cmpstr (a->as_of, ==, b->as_of);
  for (guint c = 0; c < HEEYU_INDEX_N_COMPONENTS; c++)
    {
      g_assert_cmpint (a->components[c].present, ==, b->components[c].present);
      assert_same_double (a->components[c].raw, b->components[c].raw);
      assert_same_double (a->components[c].score, b->components[c].score);
      g_assert_cmpint (a->components[c].year, ==, b->components[c].year);
      g_assert_cmpstr (a->components[c].detail, ==, b->components[c].detail);
    }
  g_assert_cmpuint (a->history->len, ==, b->history->len);
  for (guint h = 0; h < a->history->len; h++)
    {
      const HeeyuIndexHistoryPoint *x = &g_array_index (a->history, HeeyuIndexHistoryPoint, h);
      const HeeyuIndexHistoryPoint *y = &g_array_index (b->history, HeeyuIndexHistoryPoint, h);

      g_assert_cmpint (x->year, ==, y->year);
      assert_same_double (x->index, y->index);
      g_assert_cmpstr (x->band_code, ==, y->band_code);
    }
}

/* Loads the inputs both ways and asserts that they, and every score, are
 * the same.  Returns the number of metals with an index. */
static guint
assert_rollup_matches_rows (sqlite3 *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuIndexData) rolled = NULL;
  g_autoptr(HeeyuIndexData) rows = NULL;
  g_autoptr(GPtrArray) scored_rolled = NULL;
  g_autoptr(GPtrArray) scored_rows = NULL;
  guint n_index = 0;

  rolled = heeyu_index_data_load (db, &error);
  g_assert_no_error (error);
  rows = heeyu_index_data_load_from_rows (db, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (heeyu_index_data_get_n_metals (rolled), ==,
                    heeyu_index_data_get_n_metals (rows));
  for (guint i = 0; i < heeyu_index_data_get_n_metals (rows); i++)
    {
      const HeeyuIndexInputs *a = heeyu_index_data_get_inputs (rolled, i);
      const HeeyuIndexInputs *b = heeyu_index_data_get_inputs (rows, i);

      g_assert_cmpstr (a->metal, ==, b->metal);
      g_assert_cmpstr (a->as_of, ==, b->as_of);
      g_assert_cmpstr (a->price_unit, ==, b->price_unit);
      assert_same_amounts (a->production, a->n_production, b->production, b->n_production);
      assert_same_amounts (a->import_value, a->n_import_value,
                           b->import_value, b->n_import_value);
      assert_same_points (a->import_volume, a->n_import_volume,
                          b->import_volume, b->n_import_volume);
      assert_same_points (a->price, a->n_price, b->price, b->n_price);
      assert_same_points (a->stockpile_days, a->n_stockpile_days,
                          b->stockpile_days, b->n_stockpile_days);
      assert_same_points (a->recycling_rate, a->n_recycling_rate,
                          b->recycling_rate, b->n_recycling_rate);
    }

  scored_rolled = heeyu_index_data_score (rolled, NULL);
  scored_rows = heeyu_index_data_score (rows, NULL);
  for (guint i = 0; i < scored_rows->len; i++)
    {
      const HeeyuIndexResult *r = g_ptr_array_index (scored_rows, i);

      assert_same_result (g_ptr_array_index (scored_rolled, i), r);
      n_index += r->has_index;
    }

  /* Nothing is left for a reader to fall back to the rows for. */
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM observation_yearly_dirty", NULL), ==, 0);
  return n_index;
}

/* ------------------------------------------------------------------------ */

static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  const char *path = g_getenv ("HEEYU_SAMPLE_DATASET");
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  g_assert_true (heeyu_ingest_file (f->db, path, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM observation_yearly", NULL), >, 0);
  g_assert_cmpuint (assert_rollup_matches_rows (f->db), >, 10);
}

/* Values with many significant digits, so that any change in the order of
 * the additions would show in the last bits. */
static double
odd_value (GRand  *rand,
           double  scale)
{
  return scale * g_rand_double_range (rand, 0.5, 1.5) + 1.0 / 3.0;
}

/* Two metals with every kind of series the index reads: annual production
 * by country and stage (and monthly production where a year has no annual
 * figure), daily prices in two units with an annual price in some years,
 * monthly imports by country, monthly import volume with WORLD rows in some
 * years and only countries in others, monthly stockpile days, recycling
 * rates in % and as fractions. */
static char *
generated_dataset (void)
{
  static const char * const countries[] = { "CN", "AU", "CL", "US", "OTHER", "WORLD" };
  static const char * const sources[] = { "CN", "JP", "DE", "US", "VN" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240613);
  GString *nd = g_string_new (NULL);
  char period[16];

  g_string_append (nd,
    "{\"kind\":\"metal\",\"id\":\"Xa\",\"data\":{\"name_en\":\"Examplium\",\"name_ko\":\"예시\","
    "\"stockpile_target_days\":60,\"order\":1}}\n"
    "{\"kind\":\"metal\",\"id\":\"Xb\",\"data\":{\"name_en\":\"Dailyium\",\"name_ko\":\"일별\","
    "\"order\":2}}\n");

  for (guint m = 0; m < 2; m++)
    {
      const char *metal = m == 0 ? "Xa" : "Xb";

      for (int year = 2008; year <= 2024; year++)
        {
          GDate day;

          /* Production: annual rows to 2022, monthly rows after. */
          for (guint c = 0; c < G_N_ELEMENTS (countries); c++)
            for (guint s = 0; s < 2; s++)
              {
                const char *stage = s == 0 ? "mine" : "refinery";

                if (year <= 2022)
                  {
                    g_snprintf (period, sizeof period, "%d", year);
                    heeyu_test_append_observation (nd, metal, "production", period, countries[c], stage,
                                        odd_value (rand, 1000 * (c + 1)), "t");
                  }
                else
                  for (int month = 1; month <= 12; month++)
                    {
                      g_snprintf (period, sizeof period, "%d-%02d", year, month);
                      heeyu_test_append_observation (nd, metal, "production", period, countries[c],
                                          stage, odd_value (rand, 90 * (c + 1)), "t");
                    }
              }

          /* Daily prices, two quotations; an annual price every third year. */
          g_date_clear (&day, 1);
          g_date_set_dmy (&day, 1, 1, year);
          while (g_date_get_year (&day) == year)
            {
              g_snprintf (period, sizeof period, "%d-%02d-%02d", year,
                          g_date_get_month (&day), g_date_get_day (&day));
              heeyu_test_append_observation (nd, metal, "price", period, NULL, NULL,
                                  odd_value (rand, 100 + year - 2000), "USD/kg");
              if (m == 1)
                heeyu_test_append_observation (nd, metal, "price", period, "CN", NULL,
                                    odd_value (rand, 700), "CNY/kg");
              g_date_add_days (&day, m == 0 ? 1 : 3);
            }
          if (year % 3 == 0)
            {
              g_snprintf (period, sizeof period, "%d", year);
              heeyu_test_append_observation (nd, metal, "price", period, NULL, NULL,
                                  odd_value (rand, 110), "USD/kg");
            }

          for (int month = 1; month <= 12; month++)
            {
              g_snprintf (period, sizeof period, "%d-%02d", year, month);
              for (guint c = 0; c < G_N_ELEMENTS (sources); c++)
                {
                  heeyu_test_append_observation (nd, metal, "import_value", period, sources[c], NULL,
                                      odd_value (rand, 500 * (c + 1)),
                                      c == 4 ? "USD million" : "USD thousand");
                  heeyu_test_append_observation (nd, metal, "import_volume", period, sources[c], NULL,
                                      odd_value (rand, 3), "t");
                }
              if (year % 2 == 0)
                heeyu_test_append_observation (nd, metal, "import_volume", period, "WORLD", NULL,
                                    odd_value (rand, 16), "t");
              heeyu_test_append_observation (nd, metal, "stockpile_days", period, "KR", NULL,
                                  odd_value (rand, 40), "days");
              if (month % 6 == 0)
                heeyu_test_append_observation (nd, metal, "recycling_rate", period, "KR", NULL,
                                    g_rand_double_range (rand, 0.05, 0.4), "fraction");
            }
          if (year % 4 == 1)
            {
              g_snprintf (period, sizeof period, "%d", year);
              heeyu_test_append_observation (nd, metal, "recycling_rate", period, "KR", NULL,
                                  odd_value (rand, 20), "%");
            }
        }
    }
  return g_string_free (nd, FALSE);
}

static void
test_generated (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *nd = generated_dataset ();

  heeyu_test_ingest (f->db, nd);
  /* A few thousand roll-up rows stand for 16,000 rows. */
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM observation", NULL), >, 15000);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM observation_yearly", NULL), <, 2000);
  g_assert_cmpuint (assert_rollup_matches_rows (f->db), ==, 2);

  /* And the index does read the roll-up, not the rows: a roll-up row
   * changed behind its back shows. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HeeyuIndexData) rolled = NULL;
    const HeeyuIndexInputs *in;
    double cn_2022 = 0, cn_2022_rows = 0;

    g_assert_true (heeyu_sql_exec (f->db,
                                   "UPDATE observation_yearly SET annual_sum = 1e9"
                                   " WHERE metal = 'Xa' AND indicator = 'production'"
                                   " AND year = 2022 AND country = 'CN' AND stage = 'mine'",
                                   &error));
    g_assert_no_error (error);
    rolled = heeyu_index_data_load (f->db, &error);
    g_assert_no_error (error);
    in = heeyu_index_data_get_inputs (rolled, 0);
    for (guint i = 0; i < in->n_production; i++)
      if (in->production[i].year == 2022 && g_str_equal (in->production[i].country, "CN") &&
          g_str_equal (in->production[i].stage, "mine"))
        cn_2022 = in->production[i].value;
    cn_2022_rows = heeyu_test_query_int (f->db,
                               "SELECT value FROM observation WHERE metal = 'Xa'"
                               " AND indicator = 'production' AND period = '2022'"
                               " AND country = 'CN' AND stage = 'mine'", NULL);
    g_assert_cmpfloat (cn_2022, ==, 1e9);
    g_assert_cmpfloat (cn_2022_rows, <, 1e6);
  }
}

static double
price_pressure (sqlite3    *db,
                const char *metal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = heeyu_index_compute_all (db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      const HeeyuIndexResult *r = g_ptr_array_index (results, i);

      if (g_str_equal (r->metal, metal))
        return r->price_pressure;
    }
  g_assert_not_reached ();
}

/* A tombstone, a newer revision (one that moves a row into another year),
 * an older revision that must be ignored: the roll-up follows each. */
static void
test_follows_changes (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *nd = generated_dataset ();
  g_autoptr(GString) change = g_string_new (NULL);
  double before, after;

  heeyu_test_ingest (f->db, nd);
  before = price_pressure (f->db, "Xa");

  /* Every 2024 price of Xa doubled by a newer revision: the price pressure
   * (latest year against the years before) must move. */
  for (int month = 1; month <= 12; month++)
    for (int d = 1; d <= 28; d++)
      {
        g_string_append_printf (change,
          "{\"kind\":\"observation\",\"id\":\"Xa/price/2024-%02d-%02d///USD/kg\",\"rev\":2,"
          "\"data\":{\"metal\":\"Xa\",\"indicator\":\"price\",\"period\":\"2024-%02d-%02d\","
          "\"value\":%d.125,\"unit\":\"USD/kg\"}}\n", month, d, month, d, 400 + d);
      }
  heeyu_test_ingest (f->db, change->str);
  after = price_pressure (f->db, "Xa");
  g_assert_cmpfloat (after, >, before * 1.5);
  assert_rollup_matches_rows (f->db);

  /* An older revision changes nothing. */
  g_string_truncate (change, 0);
  g_string_append (change,
    "{\"kind\":\"observation\",\"id\":\"Xa/price/2024-03-03///USD/kg\",\"rev\":1,"
    "\"data\":{\"metal\":\"Xa\",\"indicator\":\"price\",\"period\":\"2024-03-03\","
    "\"value\":1,\"unit\":\"USD/kg\"}}\n");
  heeyu_test_ingest (f->db, change->str);
  g_assert_cmpfloat (price_pressure (f->db, "Xa"), ==, after);

  /* Tombstones: the whole of 2024's production of Xb, and the 2024 WORLD
   * import volume rows (2024 falls back to the sum of the countries). */
  g_string_truncate (change, 0);
  for (int month = 1; month <= 12; month++)
    {
      static const char * const countries[] = { "CN", "AU", "CL", "US", "OTHER", "WORLD" };

      for (guint c = 0; c < G_N_ELEMENTS (countries); c++)
        for (guint s = 0; s < 2; s++)
          g_string_append_printf (change,
            "{\"kind\":\"observation\",\"id\":\"Xb/production/2024-%02d/%s/%s/t\","
            "\"rev\":5,\"deleted\":true}\n", month, countries[c], s ? "refinery" : "mine");
      g_string_append_printf (change,
        "{\"kind\":\"observation\",\"id\":\"Xa/import_volume/2024-%02d/WORLD//t\","
        "\"rev\":5,\"deleted\":true}\n", month);
    }
  /* A newer revision that moves a 2023 price of Xb into 2019. */
  g_string_append (change,
    "{\"kind\":\"observation\",\"id\":\"Xb/price/2023-01-01///USD/kg\",\"rev\":3,"
    "\"data\":{\"metal\":\"Xb\",\"indicator\":\"price\",\"period\":\"2019-06-30\","
    "\"value\":99999.5,\"unit\":\"USD/kg\"}}\n");
  heeyu_test_ingest (f->db, change->str);

  g_assert_cmpint (heeyu_test_query_int (f->db,
                               "SELECT count(*) FROM observation_yearly"
                               " WHERE metal = 'Xb' AND indicator = 'production' AND year = 2024", NULL),
                   ==, 0);
  g_assert_cmpint (heeyu_test_query_int (f->db,
                               "SELECT count(*) FROM observation_yearly WHERE metal = 'Xa'"
                               " AND indicator = 'import_volume' AND year = 2024"
                               " AND country = 'WORLD'", NULL),
                   ==, 0);
  assert_rollup_matches_rows (f->db);
}

/* Rows written by something other than ingest (no refresh yet): the index
 * reads those series from the rows rather than show stale figures. */
static void
test_stale_rows (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *nd = generated_dataset ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuIndexData) rolled = NULL;
  g_autoptr(HeeyuIndexData) rows = NULL;
  const HeeyuIndexInputs *a, *b;

  heeyu_test_ingest (f->db, nd);
  g_assert_true (heeyu_sql_exec (f->db,
                                 "UPDATE observation SET value = value * 3"
                                 " WHERE metal = 'Xa' AND indicator = 'stockpile_days'",
                                 &error));
  g_assert_no_error (error);

  rolled = heeyu_index_data_load (f->db, &error);
  g_assert_no_error (error);
  rows = heeyu_index_data_load_from_rows (f->db, &error);
  g_assert_no_error (error);
  a = heeyu_index_data_get_inputs (rolled, 0);
  b = heeyu_index_data_get_inputs (rows, 0);
  assert_same_points (a->stockpile_days, a->n_stockpile_days,
                      b->stockpile_days, b->n_stockpile_days);

  g_assert_true (heeyu_index_rollup_refresh (f->db, &error));
  g_assert_no_error (error);
  assert_rollup_matches_rows (f->db);
}

/* A cache made before the roll-up existed gets it when it is upgraded. */
static void
test_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("heeyu-test-rollup-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "heeyu.db", NULL);
  g_autoptr(sqlite3_stmt) insert = NULL;
  sqlite3 *db;

  g_assert_no_error (error);
  db = heeyu_cache_open_raw (path, &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_cache_migrate_to (db, 3, &error));
  g_assert_no_error (error);

  g_assert_true (heeyu_sql_exec (db,
    "INSERT INTO metal (id, rev, name_en, ord, data) VALUES ('Xa', 1, 'Examplium', 1, '{}')",
    &error));
  insert = heeyu_sql_prepare (db,
    "INSERT INTO observation (id, rev, metal, indicator, period, country, value, unit, data)"
    " VALUES (?1, 1, 'Xa', ?2, ?3, ?4, ?5, ?6, '{}')", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 400; i++)
    {
      g_autofree char *id = g_strdup_printf ("o%d", i);
      g_autofree char *period = g_strdup_printf ("%d-%02d-%02d", 2015 + i / 50, 1 + i % 12,
                                                 1 + i % 28);

      sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, i % 2 ? "price" : "import_value", -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, period, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 4, i % 2 ? NULL : (i % 3 ? "CN" : "JP"), -1, SQLITE_STATIC);
      sqlite3_bind_double (insert, 5, 100.0 / 7 + i);
      sqlite3_bind_text (insert, 6, i % 2 ? "USD/kg" : "USD thousand", -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }
  g_clear_pointer (&insert, sqlite3_finalize);

  g_assert_true (heeyu_cache_migrate_to (db, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (heeyu_test_query_int (db, "SELECT count(*) FROM observation_yearly", NULL), >, 0);
  g_assert_cmpuint (assert_rollup_matches_rows (db), ==, 1);

  sqlite3_close (db);
  heeyu_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, heeyu_test_cache_fixture_set_up, func, \
                                    heeyu_test_cache_fixture_tear_down)
  ADD ("/index/rollup/sample", test_sample);
  ADD ("/index/rollup/generated", test_generated);
  ADD ("/index/rollup/follows-changes", test_follows_changes);
  ADD ("/index/rollup/stale-rows", test_stale_rows);
#undef ADD
  g_test_add_func ("/index/rollup/migration", test_migration);

  return g_test_run ();
}
