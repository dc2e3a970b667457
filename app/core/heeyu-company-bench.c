/* heeyu-company-bench.c: keystroke-to-list latency of the directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a keystroke costs is heeyu_company_query_run() with ids and facets,
 * the whole of the page's worker.  The bare figure is the text match alone
 * (the one statement that reads the search index into a set), the floor
 * that any filtering, sorting and counting adds to.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "heeyu-cache-private.h"
#include "heeyu-company-query-private.h"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint i;

  if (sorted->len == 0)
    return 0;
  i = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (i, sorted->len - 1));
}

/* CPU time of this thread, in ms: the machine is shared, so wall time
 * includes waiting for a core; CPU time is what the search itself costs. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
time_bare (sqlite3    *db,
           const char *text)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GBytes) match = NULL;

  heeyu_sql_exec (db, "SAVEPOINT bench", NULL);
  heeyu_company_match_text (db, text, &match, NULL);
  heeyu_sql_exec (db, "RELEASE bench", NULL);
  return (g_get_monotonic_time () - start) / 1000.0;
}

gboolean
heeyu_company_bench_search (sqlite3     *db,
                            const char  *queries_path,
                            guint        rounds,
                            GString     *out,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) all_full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(HeeyuCompanyQuery) query = heeyu_company_query_new ();
  double p95_full, p95_bare;

  g_return_val_if_fail (db != NULL, FALSE);

  if (!g_file_get_contents (queries_path, &contents, NULL, error))
    return FALSE;
  if (rounds == 0)
    rounds = 1;

  /* The connection set up as the list's worker has it; with
   * HEEYU_BENCH_SEARCH_MMAP set, as the cache opens it (memory-mapped), to
   * compare the two. */
  if (g_getenv ("HEEYU_BENCH_SEARCH_MMAP") == NULL)
    heeyu_company_query_tune_connection (db);

  /* Warm the page cache as a running app has it.  The first run on a
   * connection also builds its sets of facet values and the name order
   * (heeyu-company-query-run.c), as the first search after an import or a
   * sync does: reported apart. */
  {
    g_autoptr(GArray) ids = NULL;
    g_autoptr(HeeyuCompanyFacets) facets = NULL;
    gint64 start = g_get_monotonic_time ();
    double cpu_start = thread_cpu_ms ();

    if (!heeyu_company_query_run (db, query, &ids, &facets, error))
      return FALSE;
    g_string_append_printf (out, "# first run on the connection (sets built): %.1f ms, CPU %.1f ms\n",
                            (g_get_monotonic_time () - start) / 1000.0, thread_cpu_ms () - cpu_start);
  }

  /* Clearing the search box: the whole directory, sorted and counted.
   * Reported apart, so the keystroke figures stay comparable. */
  {
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint r = 0; r < rounds; r++)
      {
        g_autoptr(GArray) ids = NULL;
        g_autoptr(HeeyuCompanyFacets) facets = NULL;
        gint64 start = g_get_monotonic_time ();
        double cpu_start = thread_cpu_ms ();
        double ms, c;

        if (!heeyu_company_query_run (db, query, &ids, &facets, error))
          return FALSE;
        ms = (g_get_monotonic_time () - start) / 1000.0;
        c = thread_cpu_ms () - cpu_start;
        g_array_append_val (times, ms);
        g_array_append_val (cpus, c);
      }
    g_array_sort (times, compare_double);
    g_array_sort (cpus, compare_double);
    g_string_append_printf (out, "# empty query (all companies): p50 %.2f ms, CPU p50 %.2f ms\n",
                            percentile (times, 0.5), percentile (cpus, 0.5));
  }

  g_string_append (out, "# query\tchars\tmatches\tfull_ms_p50\tbare_ms_p50\tratio"
                        "\tfull_cpu_ms_p50\tbare_cpu_ms_p50\n");
  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l]; l++)
    {
      char *line = g_strstrip (lines[l]);
      glong n_chars;

      if (*line == '\0' || *line == '#' || !g_utf8_validate (line, -1, NULL))
        continue;

      /* Each prefix, as the user types the query. */
      n_chars = g_utf8_strlen (line, -1);
      for (glong k = 1; k <= n_chars; k++)
        {
          g_autofree char *prefix = g_utf8_substring (line, 0, k);
          g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
          guint matches = 0;

          heeyu_company_query_set_text (query, prefix);
          for (guint r = 0; r < rounds; r++)
            {
              g_autoptr(GArray) ids = NULL;
              g_autoptr(HeeyuCompanyFacets) facets = NULL;
              gint64 start = g_get_monotonic_time ();
              double cpu_start = thread_cpu_ms ();
              double ms, b, c, bc;

              if (!heeyu_company_query_run (db, query, &ids, &facets, error))
                return FALSE;
              ms = (g_get_monotonic_time () - start) / 1000.0;
              c = thread_cpu_ms () - cpu_start;
              matches = ids->len;
              cpu_start = thread_cpu_ms ();
              b = time_bare (db, prefix);
              bc = thread_cpu_ms () - cpu_start;
              g_array_append_val (full, ms);
              g_array_append_val (bare, b);
              g_array_append_val (cpu, c);
              g_array_append_val (bare_cpu, bc);
              g_array_append_val (all_full, ms);
              g_array_append_val (all_bare, b);
              g_array_append_val (all_cpu, c);
              g_array_append_val (all_bare_cpu, bc);
            }
          g_array_sort (full, compare_double);
          g_array_sort (bare, compare_double);
          g_array_sort (cpu, compare_double);
          g_array_sort (bare_cpu, compare_double);
          g_string_append_printf (out, "%s\t%ld\t%u\t%.2f\t%.2f\t%.1f\t%.2f\t%.2f\n", prefix, k, matches,
                                  percentile (full, 0.5), percentile (bare, 0.5),
                                  percentile (full, 0.5) / MAX (percentile (bare, 0.5), 0.001),
                                  percentile (cpu, 0.5), percentile (bare_cpu, 0.5));
        }
    }

  g_array_sort (all_full, compare_double);
  g_array_sort (all_bare, compare_double);
  g_array_sort (all_cpu, compare_double);
  g_array_sort (all_bare_cpu, compare_double);
  p95_full = percentile (all_full, 0.95);
  p95_bare = percentile (all_bare, 0.95);
  g_string_append_printf (out,
                          "# keystrokes: %u (x %u rounds)\n"
                          "# full (list + counts): p50 %.2f ms, p95 %.2f ms, max %.2f ms\n"
                          "# bare text match:      p50 %.2f ms, p95 %.2f ms, max %.2f ms\n"
                          "# ratio p95 full / p95 bare: %.1f\n"
                          "# CPU time, full: p50 %.2f ms, p95 %.2f ms, max %.2f ms\n"
                          "# CPU time, bare: p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
                          all_full->len / rounds, rounds,
                          percentile (all_full, 0.5), p95_full, percentile (all_full, 1.0),
                          percentile (all_bare, 0.5), p95_bare, percentile (all_bare, 1.0),
                          p95_full / MAX (p95_bare, 0.001),
                          percentile (all_cpu, 0.5), percentile (all_cpu, 0.95),
                          percentile (all_cpu, 1.0),
                          percentile (all_bare_cpu, 0.5), percentile (all_bare_cpu, 0.95),
                          percentile (all_bare_cpu, 1.0));
  return TRUE;
}
