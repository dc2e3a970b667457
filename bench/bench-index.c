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
 *  - heeyu_index_data_load(): the reading alone, from the yearly roll-up;
 *  - the same reading from the observation rows (what it cost before the
 *    roll-up, and what the roll-up must equal);
 *  - heeyu_index_data_score(): re-scoring the loaded inputs with retuned
 *    weights (what the dashboard does when the methodology record changes);
 *  - heeyu_metals_export_csv().
 *
 * Each figure is the median wall time, and beside it the median CPU time of
 * the process (other jobs on a shared machine stretch the first, hardly the
 * second).  Opening an existing cache of an older schema times its
 * migration (the roll-up is built then).
 *
 * Prints figures; asserts nothing (performance is measured, not tested).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "heeyu-cache.h"
#include "heeyu-index.h"
#include "heeyu-index-private.h"
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

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Wall and CPU times of one figure over the runs. */
typedef struct
{
  GArray *wall;
  GArray *cpu;
  double  wall_start;
  double  cpu_start;
} Timer;

static void
timer_init (Timer *t)
{
  t->wall = g_array_new (FALSE, FALSE, sizeof (double));
  t->cpu = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
timer_start (Timer *t)
{
  t->wall_start = now_ms ();
  t->cpu_start = cpu_ms ();
}

static void
timer_stop (Timer *t)
{
  double wall = now_ms () - t->wall_start;
  double cpu = cpu_ms () - t->cpu_start;

  g_array_append_val (t->wall, wall);
  g_array_append_val (t->cpu, cpu);
}

static void
timer_print (Timer      *t,
             const char *what,
             Timer      *floor)
{
  double wall = median (t->wall), cpu = median (t->cpu);

  g_print ("  %-46s %8.1f ms  cpu %8.1f ms", what, wall, cpu);
  if (floor != NULL && floor != t)
    g_print ("  (%.3fx floor)", wall / median (floor->wall));
  g_print ("\n");
  g_array_unref (t->wall);
  g_array_unref (t->cpu);
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

static void
floor_scan (sqlite3 *db,
            gint64  *rows)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT count(*), total(value) FROM observation",
                          -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("floor scan: %s", sqlite3_errmsg (db));
  *rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  Timer t_floor, t_all, t_load, t_rows, t_score, t_export;
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
    {
      double start = now_ms (), cpu = cpu_ms ();

      cache = heeyu_cache_open (argv[1], &error);
      g_print ("opened the cache (with any migration) in %.1f s, cpu %.1f s\n",
               (now_ms () - start) / 1000, (cpu_ms () - cpu) / 1000);
    }
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

  timer_init (&t_floor);
  timer_init (&t_all);
  timer_init (&t_load);
  timer_init (&t_rows);
  timer_init (&t_score);
  timer_init (&t_export);

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GPtrArray) results = NULL;
      g_autoptr(HeeyuIndexData) data = NULL;
      g_autoptr(HeeyuIndexData) from_rows = NULL;
      g_autoptr(HeeyuMethodology) retuned = NULL;
      g_autoptr(GPtrArray) rescored = NULL;

      timer_start (&t_floor);
      floor_scan (db, &rows);
      timer_stop (&t_floor);

      timer_start (&t_all);
      results = heeyu_index_compute_all (db, &error);
      if (results == NULL)
        g_error ("%s", error->message);
      timer_stop (&t_all);

      timer_start (&t_load);
      data = heeyu_index_data_load (db, &error);
      if (data == NULL)
        g_error ("%s", error->message);
      timer_stop (&t_load);

      timer_start (&t_rows);
      from_rows = heeyu_index_data_load_from_rows (db, &error);
      if (from_rows == NULL)
        g_error ("%s", error->message);
      timer_stop (&t_rows);

      retuned = heeyu_methodology_copy (heeyu_index_data_get_methodology (data));
      heeyu_methodology_set_weight (retuned, "price_pressure", 0.35 + 0.01 * i);
      timer_start (&t_score);
      rescored = heeyu_index_data_score (data, retuned);
      timer_stop (&t_score);

      timer_start (&t_export);
      if (!heeyu_metals_export_csv (db, csv_path, &error))
        g_error ("%s", error->message);
      timer_stop (&t_export);

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
  g_print ("median of %d runs (wall, process CPU):\n", runs);
  timer_print (&t_all, "heeyu_index_compute_all (load + score)", &t_floor);
  timer_print (&t_load, "heeyu_index_data_load (from the roll-up)", &t_floor);
  timer_print (&t_rows, "the same load from the observation rows", &t_floor);
  timer_print (&t_score, "heeyu_index_data_score (re-score, new weights)", &t_floor);
  timer_print (&t_export, "heeyu_metals_export_csv", &t_floor);
  timer_print (&t_floor, "floor: one pass over all observation rows", NULL);

  g_clear_object (&cache);
  remove_tree (tmp);
  return 0;
}
