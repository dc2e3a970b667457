/* bench-index.c: scoring every metal's stability index from the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-index FILE [--runs N]
 *
 * FILE is a cache (heeyu.db) or a dataset (NDJSON, plain or gzip, as
 * heeyu-datagen writes it), imported first into a fresh cache in a temporary
 * directory.  Times, as medians of N runs (default 5):
 *
 *  - floor: one pass over every observation row (count and sum of value, by
 *    the cheapest path SQLite finds), what reading all the data costs on
 *    this machine now;
 *  - heeyu_index_compute_all(): read the inputs and score every metal;
 *  - heeyu_index_data_load(): the reading alone;
 *  - heeyu_index_data_score(): re-scoring the loaded inputs with retuned
 *    weights (what the dashboard does when the methodology record changes);
 *  - heeyu_metals_export_csv().
 *
 * Prints figures; asserts nothing (performance is measured, not tested).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-index.h"
#include "heeyu-ingest.h"
#include "heeyu-metal-export.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *ms)
{
  g_array_sort (ms, compare_double);
  return g_array_index (ms, double, ms->len / 2);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static double
floor_scan (sqlite3 *db,
            gint64  *rows)
{
  sqlite3_stmt *stmt = NULL;
  double start = now_ms ();

  if (sqlite3_prepare_v2 (db,
                          "SELECT count(*), total(value) FROM observation",
                          -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("floor scan: %s", sqlite3_errmsg (db));
  *rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return now_ms () - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(GArray) t_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_load = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_score = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_export = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *tmp = NULL;
  g_autofree char *csv_path = NULL;
  guint n_metals = 0, n_index = 0, n_crisis = 0, n_critical = 0;
  gint64 rows = 0;
  int runs = 5;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure (median)", "N" },
    { NULL }
  };
  sqlite3 *db;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || runs < 1)
    {
      g_printerr ("usage: bench-index FILE [--runs N]\n");
      return 2;
    }

  tmp = g_dir_make_tmp ("heeyu-bench-index-XXXXXX", &error);
  if (tmp == NULL)
    g_error ("%s", error->message);
  csv_path = g_build_filename (tmp, "metals.csv", NULL);

  if (g_str_has_suffix (argv[1], ".db"))
    cache = heeyu_cache_open (argv[1], &error);
  else
    {
      g_autofree char *db_path = g_build_filename (tmp, "heeyu.db", NULL);
      HeeyuIngestStats stats = { 0 };
      double start;

      cache = heeyu_cache_open (db_path, &error);
      if (cache == NULL)
        g_error ("%s", error->message);
      start = now_ms ();
      if (!heeyu_ingest_file (heeyu_cache_get_db (cache), argv[1], &stats, NULL, &error))
        g_error ("%s", error->message);
      g_print ("imported %" G_GUINT64_FORMAT " records in %.1f s\n",
               stats.applied, (now_ms () - start) / 1000);
    }
  if (cache == NULL)
    g_error ("%s", error->message);
  db = heeyu_cache_get_db (cache);

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GPtrArray) results = NULL;
      g_autoptr(HeeyuIndexData) data = NULL;
      g_autoptr(HeeyuMethodology) retuned = NULL;
      g_autoptr(GPtrArray) rescored = NULL;
      double t, start;

      t = floor_scan (db, &rows);
      g_array_append_val (t_floor, t);

      start = now_ms ();
      results = heeyu_index_compute_all (db, &error);
      if (results == NULL)
        g_error ("%s", error->message);
      t = now_ms () - start;
      g_array_append_val (t_all, t);

      start = now_ms ();
      data = heeyu_index_data_load (db, &error);
      if (data == NULL)
        g_error ("%s", error->message);
      t = now_ms () - start;
      g_array_append_val (t_load, t);

      retuned = heeyu_methodology_copy (heeyu_index_data_get_methodology (data));
      heeyu_methodology_set_weight (retuned, "price_pressure", 0.35 + 0.01 * i);
      start = now_ms ();
      rescored = heeyu_index_data_score (data, retuned);
      t = now_ms () - start;
      g_array_append_val (t_score, t);

      start = now_ms ();
      if (!heeyu_metals_export_csv (db, csv_path, &error))
        g_error ("%s", error->message);
      t = now_ms () - start;
      g_array_append_val (t_export, t);

      if (i == 0)
        for (guint k = 0; k < results->len; k++)
          {
            const HeeyuIndexResult *r = g_ptr_array_index (results, k);

            n_metals++;
            n_index += r->has_index;
            n_crisis += r->crisis;
            n_critical += r->critical;
          }
    }

  g_print ("observations: %" G_GINT64_FORMAT "; metals: %u (%u with an index, %u in crisis, "
           "%u critical)\n", rows, n_metals, n_index, n_crisis, n_critical);
  g_print ("median of %d runs:\n", runs);
  g_print ("  floor: one pass over all observation rows   %8.1f ms\n", median (t_floor));
  g_print ("  heeyu_index_compute_all (load + score)      %8.1f ms  (%.2fx floor)\n",
           median (t_all), median (t_all) / median (t_floor));
  g_print ("  heeyu_index_data_load                       %8.1f ms\n", median (t_load));
  g_print ("  heeyu_index_data_score (re-score, new weights) %5.2f ms\n", median (t_score));
  g_print ("  heeyu_metals_export_csv                     %8.1f ms\n", median (t_export));

  g_clear_object (&cache);
  remove_tree (tmp);
  return 0;
}
