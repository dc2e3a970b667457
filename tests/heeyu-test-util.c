/* heeyu-test-util.c: what the core's tests share (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "heeyu-test-util.h"

/* A temporary directory named after the test program, made the process's
 * XDG_DATA_HOME so that the cache's default path lies inside it. */
char *
heeyu_test_data_home_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_path_get_basename (g_get_prgname () != NULL ? g_get_prgname () : "test");
  g_autofree char *tmpl = g_strdup_printf ("heeyu-%s-XXXXXX", prgname);
  char *dir;

  dir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* rm -rf without a shell (a path with a quote in it runs no command); a
 * tree that cannot be removed fails the test, as `rm -rf` failing did. */
void
heeyu_test_rm_rf (const char *path)
{
  remove_tree (path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

void
heeyu_test_cache_fixture_set_up (HeeyuTestCacheFixture *f,
                                 gconstpointer          ndjson)
{
  g_autoptr(GError) error = NULL;

  f->dir = heeyu_test_data_home_new ();
  f->cache = heeyu_cache_open (NULL, &error);
  g_assert_no_error (error);
  f->db = heeyu_cache_get_db (f->cache);
  if (ndjson != NULL)
    heeyu_test_ingest (f->db, ndjson);
}

void
heeyu_test_cache_fixture_tear_down (HeeyuTestCacheFixture *f,
                                    gconstpointer          data)
{
  f->db = NULL;
  g_clear_object (&f->cache);
  heeyu_test_rm_rf (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

gboolean
heeyu_test_ingest_string (sqlite3           *db,
                          const char        *ndjson,
                          HeeyuIngestStats  *stats,
                          GError           **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (ndjson, strlen (ndjson));

  return heeyu_ingest_bytes (db, bytes, stats, NULL, error);
}

/* Ingests @ndjson, which must go in whole. */
void
heeyu_test_ingest (sqlite3    *db,
                   const char *ndjson)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (heeyu_test_ingest_string (db, ndjson, NULL, &error));
  g_assert_no_error (error);
}

/* One observation record, as NDJSON; @country and @stage may be NULL.
 * The id holds every key and the unit, so that no two calls collide. */
void
heeyu_test_append_observation (GString    *ndjson,
                               const char *metal,
                               const char *indicator,
                               const char *period,
                               const char *country,
                               const char *stage,
                               double      value,
                               const char *unit)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (num, sizeof num, value);
  g_string_append_printf (ndjson,
    "{\"kind\":\"observation\",\"id\":\"%s/%s/%s/%s/%s/%s\",\"data\":{\"metal\":\"%s\","
    "\"indicator\":\"%s\",\"period\":\"%s\",\"value\":%s,\"unit\":\"%s\"",
    metal, indicator, period, country ? country : "", stage ? stage : "", unit,
    metal, indicator, period, num, unit);
  if (country)
    g_string_append_printf (ndjson, ",\"country\":\"%s\"", country);
  if (stage)
    g_string_append_printf (ndjson, ",\"stage\":\"%s\"", stage);
  g_string_append (ndjson, "}}\n");
}

void
heeyu_test_exec (sqlite3    *db,
                 const char *sql)
{
  char *errmsg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &errmsg) != SQLITE_OK)
    g_error ("%s: %s", sql, errmsg);
}

static sqlite3_stmt *
query_row (sqlite3    *db,
           const char *sql,
           const char *arg)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

/* The first column of the first row of @sql (?1 bound to @arg if given);
 * a query that finds no row fails the test. */
gint64
heeyu_test_query_int (sqlite3    *db,
                      const char *sql,
                      const char *arg)
{
  sqlite3_stmt *stmt = query_row (db, sql, arg);
  gint64 value = sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  return value;
}

char *
heeyu_test_query_text (sqlite3    *db,
                       const char *sql,
                       const char *arg)
{
  sqlite3_stmt *stmt = query_row (db, sql, arg);
  char *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return value;
}

void
heeyu_test_run_free (HeeyuTestRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

/* Runs @argv to its end through @launcher (NULL: the test's own
 * environment), reading what it writes.  A launcher passed in must pipe
 * stdout and stderr. */
HeeyuTestRun *
heeyu_test_run (GSubprocessLauncher *launcher,
                const char * const  *argv)
{
  g_autoptr(GSubprocessLauncher) own = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  HeeyuTestRun *run = g_new0 (HeeyuTestRun, 1);

  if (launcher == NULL)
    launcher = own = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                G_SUBPROCESS_FLAGS_STDERR_PIPE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  return run;
}
