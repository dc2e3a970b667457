/* heeyu-server.c: command line of heeyu-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   heeyu-server serve [--listen HOST:PORT] [--tls-cert F] [--tls-key F] [--database CONNINFO]
 *   heeyu-server migrate
 *   heeyu-server import FILE
 *   heeyu-server user add NAME --role reader|editor|admin
 *   heeyu-server user revoke NAME
 *   heeyu-server user list
 *   heeyu-server new-epoch
 *   heeyu-server purge [--keys-older-than DAYS] [--tombstones-older-than DAYS]
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>

#include "heeyu-server-config.h"
#include "heeyu-server-db.h"
#include "heeyu-server-http.h"
#include "heeyu-server-util.h"

typedef struct
{
  char *config_file;
  char *listen;
  char *tls_cert;
  char *tls_key;
  char *database;
  char *read_database;
  char *access_log;
  char *workers;
  char *max_per_token;
  char *max_body;
  char *request_timeout;
  char *role;
  char *actor;
  int   key_days;
  int   tombstone_days;
} Options;

static const char usage_text[] =
  "COMMAND [ARGS…] — the Heeyu central server\n\n"
  "Commands:\n"
  "  serve                       serve the dataset over HTTPS\n"
  "  migrate                     create or upgrade the database schema\n"
  "  import FILE                 import NDJSON envelopes (.ndjson or .ndjson.gz, - for stdin)\n"
  "  user add NAME --role ROLE   add a user (reader, editor, admin); prints its token once\n"
  "  user revoke NAME            revoke a user's token\n"
  "  user list                   list users\n"
  "  new-epoch                   start a new dataset epoch (after a restore): clients resync\n"
  "  purge                       drop old idempotency keys and tombstones";

static int
fail (const char   *what,
      const GError *error)
{
  g_printerr ("heeyu-server: %s%s%s\n", what ? what : "", what ? ": " : "", error->message);
  return 1;
}

static gboolean
apply_options (HeeyuServerConfig  *config,
               const Options      *o,
               GError            **error)
{
  struct { const char *key; const char *value; } pairs[] = {
    { "listen", o->listen },
    { "tls-cert", o->tls_cert },
    { "tls-key", o->tls_key },
    { "database", o->database },
    { "read-database", o->read_database },
    { "access-log", o->access_log },
    { "workers", o->workers },
    { "max-per-token", o->max_per_token },
    { "max-body", o->max_body },
    { "request-timeout", o->request_timeout },
  };

  if (!heeyu_server_config_load_file (config, o->config_file, error) ||
      !heeyu_server_config_load_env (config, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (pairs[i].value != NULL &&
        !heeyu_server_config_set (config, pairs[i].key, pairs[i].value, error))
      return FALSE;
  return TRUE;
}

static PGconn *
connect_checked (const HeeyuServerConfig  *config,
                 gboolean                  check_schema,
                 GError                  **error)
{
  g_autoptr(PGconn) conn = heeyu_db_connect (config->database, 0, error);

  if (conn == NULL)
    return NULL;
  if (check_schema && !heeyu_db_check_schema (conn, error))
    return NULL;
  return g_steal_pointer (&conn);
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int
cmd_serve (HeeyuServerConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  HeeyuHttp *http;

  {
    g_autoptr(PGconn) conn = connect_checked (config, TRUE, &error);

    if (conn == NULL)
      return fail (NULL, error);
    if (config->cursor_secret != NULL && *config->cursor_secret != '\0')
      {
        if (strlen (config->cursor_secret) < 16)
          {
            g_printerr ("heeyu-server: cursor-secret must be at least 16 characters\n");
            return 1;
          }
        secret = g_bytes_new (config->cursor_secret, strlen (config->cursor_secret));
      }
    else if ((secret = heeyu_db_cursor_secret (conn, &error)) == NULL)
      return fail (NULL, error);
  }

  http = heeyu_http_new (config, secret, &error);
  if (http == NULL)
    return fail (NULL, error);
  if (!heeyu_http_listen (http, &error))
    {
      heeyu_http_free (http);
      return fail (NULL, error);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  g_main_loop_run (loop);

  g_message ("Shutting down");
  heeyu_http_free (http);
  return 0;
}

static int
cmd_migrate (HeeyuServerConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = connect_checked (config, FALSE, &error);
  guint n = 0;

  if (conn == NULL)
    return fail (NULL, error);
  if (!heeyu_db_migrate (conn, &n, &error))
    return fail (NULL, error);
  printf ("Schema at version %d (%u migration%s applied)\n",
          HEEYU_SCHEMA_VERSION, n, n == 1 ? "" : "s");
  return 0;
}

static int
cmd_import (HeeyuServerConfig *config,
            const char        *path,
            const char        *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = connect_checked (config, TRUE, &error);
  HeeyuImportStats stats;
  gint64 start = g_get_monotonic_time ();

  if (conn == NULL)
    return fail (NULL, error);
  if (!heeyu_db_import (conn, path, actor, &stats, &error))
    {
      g_printerr ("heeyu-server: import failed, nothing was changed: %s\n", error->message);
      return 1;
    }
  printf ("Imported %s: %" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT " new, %"
          G_GUINT64_FORMAT " changed, %" G_GUINT64_FORMAT " unchanged (%.1f s)\n",
          path, stats.lines, stats.inserted, stats.updated, stats.unchanged,
          (g_get_monotonic_time () - start) / 1e6);
  return 0;
}

static int
cmd_user (HeeyuServerConfig  *config,
          int                 argc,
          char              **argv,
          const Options      *o,
          const char         *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  const char *sub = argc > 2 ? argv[2] : NULL;

  if (sub == NULL ||
      (g_str_equal (sub, "list") && argc != 3) ||
      ((g_str_equal (sub, "add") || g_str_equal (sub, "revoke")) && argc != 4))
    {
      g_printerr ("heeyu-server: use `user add NAME --role ROLE`, `user revoke NAME` or `user list`\n");
      return 2;
    }

  if ((conn = connect_checked (config, TRUE, &error)) == NULL)
    return fail (NULL, error);

  if (g_str_equal (sub, "add"))
    {
      g_autofree char *token = NULL;

      if (o->role == NULL)
        {
          g_printerr ("heeyu-server: user add needs --role reader|editor|admin\n");
          return 2;
        }
      token = heeyu_db_user_add (conn, argv[3], o->role, actor, &error);
      if (token == NULL)
        return fail (NULL, error);
      /* The only time the token exists outside the user's hands. */
      printf ("%s\n", token);
      fflush (stdout);
      memset (token, 0, strlen (token));
      g_printerr ("User \"%s\" (%s) added. The token above is shown once; store it now.\n",
                  argv[3], o->role);
      return 0;
    }
  if (g_str_equal (sub, "revoke"))
    {
      if (!heeyu_db_user_revoke (conn, argv[3], actor, &error))
        return fail (NULL, error);
      printf ("User \"%s\" revoked\n", argv[3]);
      return 0;
    }
  if (g_str_equal (sub, "list"))
    {
      g_autofree char *list = heeyu_db_user_list (conn, &error);

      if (list == NULL)
        return fail (NULL, error);
      fputs (list, stdout);
      return 0;
    }
  g_printerr ("heeyu-server: unknown user command \"%s\"\n", sub);
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  Options o = { 0 };
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuServerConfig) config = heeyu_server_config_new ();
  g_autofree char *actor = NULL;
  const char *cmd;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o.config_file, "Configuration file (GKeyFile, [server] group)", "FILE" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &o.listen, "Address to listen on (default 127.0.0.1:8443)", "HOST:PORT" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &o.tls_cert, "TLS certificate chain (PEM)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o.tls_key, "TLS private key (PEM)", "FILE" },
    { "database", 'd', 0, G_OPTION_ARG_STRING, &o.database, "PostgreSQL conninfo or URI (default: PG* variables)", "CONNINFO" },
    { "read-database", 0, 0, G_OPTION_ARG_STRING, &o.read_database, "Replica for pulls", "CONNINFO" },
    { "access-log", 0, 0, G_OPTION_ARG_FILENAME, &o.access_log, "Access log file (default stdout)", "FILE" },
    { "workers", 0, 0, G_OPTION_ARG_STRING, &o.workers, "Database worker threads (default 8)", "N" },
    { "max-per-token", 0, 0, G_OPTION_ARG_STRING, &o.max_per_token, "Concurrent requests per token (default 8)", "N" },
    { "max-body", 0, 0, G_OPTION_ARG_STRING, &o.max_body, "Largest request body in bytes (default 8 MiB)", "BYTES" },
    { "request-timeout", 0, 0, G_OPTION_ARG_STRING, &o.request_timeout, "Seconds a client may take to send or read (default 30)", "S" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o.role, "Role for `user add`", "ROLE" },
    { "actor", 0, 0, G_OPTION_ARG_STRING, &o.actor, "Name recorded in the audit log (default: login name)", "NAME" },
    { "keys-older-than", 0, 0, G_OPTION_ARG_INT, &o.key_days, "purge: idempotency keys older than DAYS", "DAYS" },
    { "tombstones-older-than", 0, 0, G_OPTION_ARG_INT, &o.tombstone_days, "purge: tombstones older than DAYS", "DAYS" },
    { NULL }
  };
  int rc;

  setlocale (LC_ALL, "");
  ctx = g_option_context_new (usage_text);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("heeyu-server: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
      g_printerr ("%s", help);
      return 2;
    }
  if (!apply_options (config, &o, &error))
    return fail (NULL, error);

  actor = g_strdup_printf ("cli:%s", o.actor ? o.actor : g_get_user_name ());
  cmd = argv[1];

  if (g_str_equal (cmd, "serve") && argc == 2)
    rc = cmd_serve (config);
  else if (g_str_equal (cmd, "migrate") && argc == 2)
    rc = cmd_migrate (config);
  else if (g_str_equal (cmd, "import") && argc == 3)
    rc = cmd_import (config, argv[2], actor);
  else if (g_str_equal (cmd, "user"))
    rc = cmd_user (config, argc, argv, &o, actor);
  else if (g_str_equal (cmd, "new-epoch") && argc == 2)
    {
      g_autoptr(PGconn) conn = connect_checked (config, TRUE, &error);
      g_autofree char *epoch = NULL;

      if (conn == NULL || (epoch = heeyu_db_new_epoch (conn, actor, &error)) == NULL)
        rc = fail (NULL, error);
      else
        {
          printf ("New dataset epoch %s: every client will resync from the start\n", epoch);
          rc = 0;
        }
    }
  else if (g_str_equal (cmd, "purge") && argc == 2)
    {
      g_autoptr(PGconn) conn = connect_checked (config, TRUE, &error);

      if (o.key_days < 0 || o.tombstone_days < 0)
        {
          g_printerr ("heeyu-server: days must not be negative\n");
          rc = 2;
        }
      else if (conn == NULL ||
               !heeyu_db_purge (conn, (guint) o.key_days, (guint) o.tombstone_days, actor, &error))
        rc = fail (NULL, error);
      else
        rc = 0;
    }
  else
    {
      g_printerr ("heeyu-server: unknown command or wrong arguments: %s (see --help)\n", cmd);
      rc = 2;
    }

  g_free (o.config_file);
  g_free (o.listen);
  g_free (o.tls_cert);
  g_free (o.tls_key);
  g_free (o.database);
  g_free (o.read_database);
  g_free (o.access_log);
  g_free (o.workers);
  g_free (o.max_per_token);
  g_free (o.max_body);
  g_free (o.request_timeout);
  g_free (o.role);
  g_free (o.actor);
  return rc;
}
