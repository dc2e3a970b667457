/* bench-sync-parse.c: how to read a page of changes, measured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-sync-parse FILE.ndjson [N]: the first N records (200,000) of a
 * plain heeyu-datagen dataset, cut into 1,000-item pages as the server
 * sends them, read three ways, process CPU time, best of 3:
 *   - json-glib, each page as one document (what the sync did);
 *   - json-glib, one record per line (what the apply does);
 *   - SQLite's json_each cutting a page into its item texts (what the
 *     stage does now, before the per-line parse).
 * BENCHMARKS.md asks that the measurement choose the page parsing.
 */
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

static double
cpu_seconds (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *all = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  double best[3] = { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE };
  sqlite3 *db = NULL;
  sqlite3_stmt *each = NULL;
  guint limit = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 200000;
  guint n = 0;

  if (argc < 2)
    {
      g_printerr ("usage: bench-sync-parse FILE.ndjson [N]\n");
      return 2;
    }
  if (!g_file_get_contents (argv[1], &all, NULL, &error))
    {
      g_printerr ("bench-sync-parse: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (all, "\n", -1);
  while (lines[n] && *lines[n] && n < limit)
    n++;
  if (n == 0)
    {
      g_printerr ("bench-sync-parse: no records in %s (a plain .ndjson, not .gz)\n", argv[1]);
      return 1;
    }

  for (guint i = 0; i < n; i += 1000)
    {
      GString *page = g_string_new ("{\"items\":[");

      for (guint j = i; j < i + 1000 && j < n; j++)
        {
          if (j > i)
            g_string_append_c (page, ',');
          g_string_append (page, lines[j]);
        }
      g_string_append (page, "],\"next_cursor\":\"c\",\"has_more\":true}");
      g_ptr_array_add (pages, g_string_free (page, FALSE));
    }

  sqlite3_open (":memory:", &db);
  sqlite3_prepare_v2 (db, "SELECT value FROM json_each (?1, '$.items')", -1, &each, NULL);

  for (guint run = 0; run < 3; run++)
    {
      double t0 = cpu_seconds ();

      for (guint i = 0; i < pages->len; i++)
        json_parser_load_from_data (parser, pages->pdata[i], -1, NULL);
      best[0] = MIN (best[0], cpu_seconds () - t0);

      t0 = cpu_seconds ();
      for (guint i = 0; i < n; i++)
        json_parser_load_from_data (parser, lines[i], -1, NULL);
      best[1] = MIN (best[1], cpu_seconds () - t0);

      t0 = cpu_seconds ();
      for (guint i = 0; i < pages->len; i++)
        {
          sqlite3_bind_text (each, 1, pages->pdata[i], -1, SQLITE_STATIC);
          while (sqlite3_step (each) == SQLITE_ROW)
            sqlite3_column_text (each, 0);
          sqlite3_reset (each);
        }
      best[2] = MIN (best[2], cpu_seconds () - t0);
    }

  printf ("%u records in %u pages, process CPU, best of 3:\n", n, pages->len);
  printf ("  json-glib, 1,000-item page documents: %8.0f records/s\n", n / best[0]);
  printf ("  json-glib, one record per line:       %8.0f records/s\n", n / best[1]);
  printf ("  SQLite json_each, page into items:    %8.0f records/s\n", n / best[2]);
  printf ("  before (page + line): %.0f records/s; now (json_each + line): %.0f records/s\n",
          n / (best[0] + best[1]), n / (best[2] + best[1]));

  sqlite3_finalize (each);
  sqlite3_close (db);
  return 0;
}
