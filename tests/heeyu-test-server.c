/* heeyu-test-server.c: what the tests that start heeyu-server share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-test-server.h"

void
heeyu_test_run_script (const char *name,
                       const char *arg)
{
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), name, NULL);
  const char *argv[] = { script, arg, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

HeeyuTestRun *
heeyu_test_server_cli_valist (const char *server_bin,
                              const char *database,
                              const char *first,
                              va_list     ap)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) server_bin);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, (char *) database);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  g_ptr_array_add (argv, NULL);

  return heeyu_test_run (NULL, (const char * const *) argv->pdata);
}

GSubprocess *
heeyu_test_server_serve (GSubprocessLauncher *launcher,
                         const char          *server_bin,
                         const char          *cert,
                         const char          *key,
                         const char          *database,
                         const char * const  *extra,
                         const char          *stderr_log,
                         guint16             *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *line = NULL;
  GSubprocess *server;
  const char *p;
  const char *base[] = { server_bin, "serve", "--listen", "127.0.0.1:0",
                         "--tls-cert", cert, "--tls-key", key,
                         "--database", database };

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    g_ptr_array_add (argv, (char *) base[i]);
  for (guint i = 0; extra && extra[i]; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_stderr_file_path (launcher, stderr_log);
  server = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* The first line it prints says where it listens: port 0 picked a free one. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL)
    {
      g_autofree char *err = NULL;
      g_file_get_contents (stderr_log, &err, NULL, NULL);
      g_error ("heeyu-server did not start: %s", err ? err : "(no output)");
    }
  p = strstr (line, "https://127.0.0.1:");
  g_assert_nonnull (p);
  *port = (guint16) g_ascii_strtoull (p + strlen ("https://127.0.0.1:"), NULL, 10);
  g_assert_cmpuint (*port, >, 0);
  return server;
}

char *
heeyu_test_server_url (guint16 port)
{
  /* The certificate names localhost and 127.0.0.1; use the name. */
  return g_strdup_printf ("https://localhost:%u", port);
}

PGconn *
heeyu_test_pg_create (const char *dbname)
{
  PGconn *admin = PQconnectdb ("");
  g_autofree char *conninfo = g_strdup_printf ("dbname=%s", dbname);
  g_autofree char *sql = NULL;
  char *ident;
  PGresult *res;
  PGconn *db;

  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  /* A name cannot be a bound parameter: quote it as an identifier. */
  ident = PQescapeIdentifier (admin, dbname, strlen (dbname));
  g_assert_nonnull (ident);
  sql = g_strconcat ("CREATE DATABASE ", ident, NULL);
  PQfreemem (ident);
  res = PQexec (admin, sql);
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  PQfinish (admin);
  db = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (db), ==, CONNECTION_OK);
  return db;
}

PGresult *
heeyu_test_pg_query (PGconn             *db,
                     const char         *sql,
                     int                 n,
                     const char * const *params)
{
  PGresult *res = PQexecParams (db, sql, n, NULL, params, NULL, NULL, 0);

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  return res;
}

gint64
heeyu_test_pg_rev (PGconn     *db,
                   const char *kind,
                   const char *id)
{
  const char *params[] = { kind, id };
  PGresult *res = heeyu_test_pg_query (db, "SELECT rev FROM records WHERE kind = $1 AND id = $2",
                                       2, params);
  gint64 rev = PQntuples (res) ? g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10) : 0;

  PQclear (res);
  return rev;
}
