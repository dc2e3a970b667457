/* bench-ingest.c: import speed and directory search latency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-ingest FILE [--runs N]
 *
 * Imports FILE (NDJSON, plain or gzip, as heeyu-datagen writes it) into a
 * fresh cache in a temporary directory, next to the floor it is judged
 * against (BENCHMARKS.md: parsing the same lines with json-glib alone), then
 * times directory searches of several shapes on the imported companies.
 * Prints figures; asserts nothing.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-company-list.h"
#include "heeyu-ingest.h"

static GBytes *
read_plain (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GInputStream) source = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  in = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  if (in == NULL)
    g_error ("%s", error->message);
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      source = g_converter_input_stream_new (in, G_CONVERTER (gunzip));
    }
  else
    source = g_object_ref (in);
  if (g_output_stream_splice (out, source, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
    g_error ("%s", error->message);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* The floor: json-glib parsing each line, nothing else. */
static double
parse_only (GBytes *bytes,
            guint  *n_lines)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *end = data + len;
  gint64 start = g_get_monotonic_time ();

  *n_lines = 0;
  for (const char *p = data; p < end;)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize line_len = (nl ? nl : end) - p;

      if (line_len > 0 && !json_parser_load_from_data (parser, p, line_len, NULL))
        g_error ("line %u does not parse", *n_lines + 1);
      (*n_lines)++;
      p = nl ? nl + 1 : end;
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
pick_name_part (sqlite3 *db,
                int      n_chars,
                int      offset)
{
  sqlite3_stmt *stmt = NULL;
  char *part = NULL;

  sqlite3_prepare_v2 (db, "SELECT name_ko FROM company WHERE rowid = ?1", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, 1 + offset);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      glong len = g_utf8_strlen (name, -1);
      glong from = MAX (0, len - n_chars);

      part = g_utf8_substring (name, from, MIN (len, from + n_chars));
    }
  sqlite3_finalize (stmt);
  return part ? part : g_strdup ("소재");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(HeeyuCache) cache = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  HeeyuIngestStats stats = { 0 };
  GStatBuf st;
  int runs = 50;
  double parse_s, ingest_s;
  guint n_lines;
  gint64 start;
  sqlite3 *db;

  if (argc < 2)
    {
      g_printerr ("usage: bench-ingest FILE [--runs N]\n");
      return 2;
    }
  if (argc >= 4 && g_str_equal (argv[2], "--runs"))
    runs = MAX (1, atoi (argv[3]));

  bytes = read_plain (argv[1]);
  parse_s = parse_only (bytes, &n_lines);
  /* Twice, the first to warm the allocator and the page cache alike. */
  parse_s = MIN (parse_s, parse_only (bytes, &n_lines));

  dir = g_dir_make_tmp ("heeyu-bench-ingest-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "heeyu.db", NULL);
  cache = heeyu_cache_open (db_path, &error);
  if (cache == NULL)
    g_error ("%s", error->message);
  db = heeyu_cache_get_db (cache);

  start = g_get_monotonic_time ();
  if (!heeyu_ingest_file (db, argv[1], &stats, NULL, &error))
    g_error ("%s", error->message);
  ingest_s = (g_get_monotonic_time () - start) / 1e6;
  g_stat (db_path, &st);

  g_print ("records: %" G_GUINT64_FORMAT " (companies %" G_GINT64_FORMAT
           ", observations %" G_GINT64_FORMAT ")\n",
           stats.lines, heeyu_cache_count (cache, "company"), heeyu_cache_count (cache, "observation"));
  g_print ("floor, json-glib parse only: %.0f records/s (%.2f s)\n", n_lines / parse_s, parse_s);
  g_print ("import (file read, gunzip, parse, validate, write, commit): %.0f records/s (%.2f s), "
           "%.2f x the parse floor\n",
           stats.lines / ingest_s, ingest_s, (stats.lines / ingest_s) / (n_lines / parse_s));
  g_print ("database: %.1f MiB\n", st.st_size / 1048576.0);

  if (heeyu_cache_count (cache, "company") > 0)
    {
      g_autofree char *two = pick_name_part (db, 2, 17);
      g_autofree char *one = pick_name_part (db, 1, 23);
      g_autofree char *three = pick_name_part (db, 3, 31);
      g_autofree char *four = pick_name_part (db, 4, 41);
      const char *queries[] = { "", one, two, three, four, "materials", "소재", "몰리브덴",
                                "123-45-67890", "없는이름입니다" };

      g_print ("search, %d runs each (p50 / p95 / max ms, matches):\n", runs);
      for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
        {
          g_autofree double *t = g_new (double, runs);
          guint matches = 0;

          for (int r = 0; r < runs; r++)
            {
              g_autoptr(GArray) ids = NULL;

              start = g_get_monotonic_time ();
              ids = heeyu_company_search_ids (db, queries[q], &error);
              t[r] = (g_get_monotonic_time () - start) / 1000.0;
              g_assert_no_error (error);
              matches = ids->len;
            }
          qsort (t, runs, sizeof (double), compare_double);
          g_print ("  %-16s %7.2f %7.2f %7.2f  %u\n", *queries[q] ? queries[q] : "(all)",
                   t[runs / 2], t[(int) (runs * 0.95)], t[runs - 1], matches);
        }
    }

  g_clear_object (&cache);
  remove_tree (dir);
  return 0;
}
