/* heeyu-server-db.c: PostgreSQL access of heeyu-server (schema, users, import)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <json-glib/json-glib.h>

#include "heeyu-record.h"
#include "heeyu-server-db.h"
#include "heeyu-server-util.h"

/* Serialises concurrent `migrate` runs (any constant will do). */
#define MIGRATE_LOCK_KEY "4829113004"

typedef struct
{
  int         version;
  const char *resource;
} Migration;

static const Migration migrations[] = {
  { 1, "/io/github/heeyu/Server/migrations/0001-initial.sql" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == HEEYU_SCHEMA_VERSION);

static void
set_pg_error (GError     **error,
              PGconn      *conn,
              PGresult    *res,
              const char  *what)
{
  const char *msg = res ? PQresultErrorMessage (res) : PQerrorMessage (conn);
  g_autofree char *text = g_strstrip (g_strdup (msg && *msg ? msg : "unknown error"));
  int code = PQstatus (conn) == CONNECTION_OK ? HEEYU_SERVER_ERROR_FAILED
                                              : HEEYU_SERVER_ERROR_CONNECTION;

  if (res != NULL)
    {
      const char *state = PQresultErrorField (res, PG_DIAG_SQLSTATE);

      /* 42P01 undefined table: the schema was never created. */
      if (g_strcmp0 (state, "42P01") == 0)
        code = HEEYU_SERVER_ERROR_SCHEMA;
      /* Class 08 is a connection exception, 57P0x the server shutting down. */
      else if (state && (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P")))
        code = HEEYU_SERVER_ERROR_CONNECTION;
    }
  g_set_error (error, HEEYU_SERVER_ERROR, code, "%s: %s", what, text);
}

PGconn *
heeyu_db_connect (const char  *conninfo,
                  guint        statement_timeout,
                  GError     **error)
{
  const char *keys[] = { "dbname", "application_name", "fallback_application_name", NULL };
  const char *values[] = { conninfo ? conninfo : "", NULL, "heeyu-server", NULL };
  g_autoptr(PGconn) conn = NULL;

  /* expand_dbname lets @conninfo be a full conninfo string or URI. */
  conn = PQconnectdbParams (keys, values, 1);
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *msg = g_strstrip (g_strdup (conn ? PQerrorMessage (conn) : "out of memory"));

      g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_CONNECTION,
                   "Could not connect to the database: %s", msg);
      return NULL;
    }

  if (statement_timeout > 0)
    {
      g_autofree char *ms = g_strdup_printf ("%u", statement_timeout * 1000);
      const char *params[] = { ms };

      if (!heeyu_db_command (conn, "SELECT set_config('statement_timeout', $1, false)",
                             1, params, error))
        return NULL;
    }
  if (!heeyu_db_command (conn, "SET TIME ZONE 'UTC'", 0, NULL, error))
    return NULL;

  return g_steal_pointer (&conn);
}

PGresult *
heeyu_db_exec (PGconn              *conn,
               const char          *sql,
               int                  n_params,
               const char * const  *params,
               GError             **error)
{
  PGresult *res;
  ExecStatusType st;

  res = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  st = res ? PQresultStatus (res) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
    return res;

  set_pg_error (error, conn, res, "Database error");
  PQclear (res);
  return NULL;
}

gboolean
heeyu_db_command (PGconn              *conn,
                  const char          *sql,
                  int                  n_params,
                  const char * const  *params,
                  GError             **error)
{
  g_autoptr(PGresult) res = heeyu_db_exec (conn, sql, n_params, params, error);

  return res != NULL;
}

void
heeyu_db_rollback (PGconn *conn)
{
  if (PQtransactionStatus (conn) != PQTRANS_IDLE &&
      PQtransactionStatus (conn) != PQTRANS_UNKNOWN)
    PQclear (PQexec (conn, "ROLLBACK"));
}

static char *
load_migration (const Migration  *m,
                GError          **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (m->resource, 0, error);
  gsize len;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

gboolean
heeyu_db_migrate (PGconn   *conn,
                  guint    *n_applied,
                  GError  **error)
{
  const char *lock[] = { MIGRATE_LOCK_KEY };

  *n_applied = 0;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];
      g_autofree char *version = g_strdup_printf ("%d", m->version);
      const char *params[] = { version };
      g_autofree char *sql = NULL;
      g_autoptr(PGresult) res = NULL;
      g_autoptr(PGresult) applied = NULL;

      if (!heeyu_db_command (conn, "BEGIN", 0, NULL, error) ||
          !heeyu_db_command (conn, "SELECT pg_advisory_xact_lock ($1::bigint)", 1, lock, error) ||
          !heeyu_db_command (conn,
                             "CREATE TABLE IF NOT EXISTS schema_migrations ("
                             " version int PRIMARY KEY,"
                             " applied_at timestamptz NOT NULL DEFAULT now ())",
                             0, NULL, error))
        goto fail;

      applied = heeyu_db_exec (conn, "SELECT 1 FROM schema_migrations WHERE version = $1",
                               1, params, error);
      if (applied == NULL)
        goto fail;
      if (PQntuples (applied) > 0)
        {
          if (!heeyu_db_command (conn, "COMMIT", 0, NULL, error))
            goto fail;
          continue;
        }

      if ((sql = load_migration (m, error)) == NULL)
        goto fail;
      /* PQexec, not PQexecParams: a migration holds several statements. */
      res = PQexec (conn, sql);
      if (res == NULL || PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          g_autofree char *what = g_strdup_printf ("Migration %d failed", m->version);

          set_pg_error (error, conn, res, what);
          goto fail;
        }
      if (!heeyu_db_command (conn, "INSERT INTO schema_migrations (version) VALUES ($1)",
                             1, params, error) ||
          !heeyu_db_command (conn, "COMMIT", 0, NULL, error))
        goto fail;
      (*n_applied)++;
    }
  return TRUE;

fail:
  heeyu_db_rollback (conn);
  return FALSE;
}

gboolean
heeyu_db_check_schema (PGconn  *conn,
                       GError **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) local = NULL;
  int version;

  res = heeyu_db_exec (conn, "SELECT coalesce (max (version), 0) FROM schema_migrations",
                       0, NULL, &local);
  if (res == NULL)
    {
      if (g_error_matches (local, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_SCHEMA))
        {
          g_set_error_literal (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_SCHEMA,
                               "The database has no Heeyu schema yet: run `heeyu-server migrate`");
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  version = atoi (PQgetvalue (res, 0, 0));
  if (version < HEEYU_SCHEMA_VERSION)
    {
      g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_SCHEMA,
                   "The database schema is at version %d, this server needs %d: "
                   "run `heeyu-server migrate`", version, HEEYU_SCHEMA_VERSION);
      return FALSE;
    }
  if (version > HEEYU_SCHEMA_VERSION)
    {
      g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_SCHEMA,
                   "The database schema is at version %d, newer than this server (%d): "
                   "upgrade heeyu-server", version, HEEYU_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

GBytes *
heeyu_db_cursor_secret (PGconn  *conn,
                        GError **error)
{
  g_autoptr(PGresult) res = NULL;
  gsize len = 0;
  guint8 *raw;
  GBytes *bytes;

  res = heeyu_db_exec (conn, "SELECT cursor_secret FROM dataset", 0, NULL, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) != 1)
    {
      g_set_error_literal (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_SCHEMA,
                           "The dataset row is missing: run `heeyu-server migrate`");
      return NULL;
    }
  raw = PQunescapeBytea ((const unsigned char *) PQgetvalue (res, 0, 0), &len);
  bytes = g_bytes_new (raw, len);
  PQfreemem (raw);
  return bytes;
}

static gboolean
audit (PGconn      *conn,
       const char  *actor,
       const char  *action,
       const char  *detail_json,
       GError     **error)
{
  const char *params[] = { actor, action, detail_json };

  return heeyu_db_command (conn,
                           "INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3::jsonb)",
                           3, params, error);
}

char *
heeyu_db_new_epoch (PGconn      *conn,
                    const char  *actor,
                    GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *epoch = NULL;
  g_autofree char *detail = NULL;
  guint8 raw[16];

  if (!heeyu_random_bytes (raw, sizeof raw, error))
    return NULL;
  epoch = heeyu_hex_encode (raw, sizeof raw);

  if (!heeyu_db_command (conn, "BEGIN", 0, NULL, error))
    return NULL;
  {
    const char *params[] = { epoch };

    res = heeyu_db_exec (conn, "UPDATE dataset SET epoch = $1 RETURNING seq", 1, params, error);
  }
  if (res == NULL)
    goto fail;
  detail = g_strdup_printf ("{\"epoch\": \"%s\", \"seq\": %s}", epoch, PQgetvalue (res, 0, 0));
  if (!audit (conn, actor, "new-epoch", detail, error) ||
      !heeyu_db_command (conn, "COMMIT", 0, NULL, error))
    goto fail;
  return g_steal_pointer (&epoch);

fail:
  heeyu_db_rollback (conn);
  return NULL;
}

static gboolean
check_user_name (const char  *name,
                 GError     **error)
{
  gsize len = strlen (name);

  if (len == 0 || len > 64 || !g_utf8_validate (name, -1, NULL))
    goto bad;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || !g_unichar_isprint (c))
        goto bad;
    }
  return TRUE;

bad:
  g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
               "A user name is 1 to 64 printable characters without spaces");
  return FALSE;
}

static char *
hash_param (const guint8 *hash)
{
  g_autofree char *hex = heeyu_hex_encode (hash, HEEYU_TOKEN_HASH_LEN);

  return g_strconcat ("\\x", hex, NULL);
}

char *
heeyu_db_user_add (PGconn      *conn,
                   const char  *name,
                   const char  *role,
                   const char  *actor,
                   GError     **error)
{
  static const char * const roles[] = { "reader", "editor", "admin", NULL };
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *detail_json = NULL;
  guint8 digest[HEEYU_TOKEN_HASH_LEN];

  if (!check_user_name (name, error))
    return NULL;
  if (role == NULL || !g_strv_contains (roles, role))
    {
      g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                   "The role must be reader, editor or admin");
      return NULL;
    }
  if ((token = heeyu_token_new (error)) == NULL)
    return NULL;
  heeyu_token_hash (token, digest);
  hash = hash_param (digest);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);
  detail_json = heeyu_json_to_string (detail);

  if (!heeyu_db_command (conn, "BEGIN", 0, NULL, error))
    return NULL;
  {
    const char *params[] = { name, role, hash };

    /* A revoked user may be added again; an active one may not. */
    res = heeyu_db_exec (conn,
                         "INSERT INTO users (name, role, token_hash) VALUES ($1, $2, $3::bytea) "
                         "ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role,"
                         " token_hash = EXCLUDED.token_hash, created_at = now (), revoked_at = NULL "
                         "WHERE users.revoked_at IS NOT NULL RETURNING name",
                         3, params, error);
  }
  if (res == NULL)
    goto fail;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_EXISTS,
                   "The user \"%s\" exists already; revoke it first to issue a new token", name);
      goto fail;
    }
  if (!audit (conn, actor, "user-add", detail_json, error) ||
      !heeyu_db_command (conn, "COMMIT", 0, NULL, error))
    goto fail;

  return g_steal_pointer (&token);

fail:
  heeyu_db_rollback (conn);
  return NULL;
}

gboolean
heeyu_db_user_revoke (PGconn      *conn,
                      const char  *name,
                      const char  *actor,
                      GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *detail_json = NULL;
  const char *params[] = { name };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);
  detail_json = heeyu_json_to_string (detail);

  if (!heeyu_db_command (conn, "BEGIN", 0, NULL, error))
    return FALSE;
  res = heeyu_db_exec (conn,
                       "UPDATE users SET revoked_at = now () "
                       "WHERE name = $1 AND revoked_at IS NULL RETURNING name",
                       1, params, error);
  if (res == NULL)
    goto fail;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_NOT_FOUND,
                   "There is no active user \"%s\"", name);
      goto fail;
    }
  if (!audit (conn, actor, "user-revoke", detail_json, error) ||
      !heeyu_db_command (conn, "COMMIT", 0, NULL, error))
    goto fail;
  return TRUE;

fail:
  heeyu_db_rollback (conn);
  return FALSE;
}

char *
heeyu_db_user_list (PGconn  *conn,
                    GError **error)
{
  g_autoptr(PGresult) res = NULL;
  GString *out = g_string_new (NULL);

  res = heeyu_db_exec (conn,
                       "SELECT name, role, to_char (created_at, 'YYYY-MM-DD HH24:MI'),"
                       " coalesce (to_char (revoked_at, 'YYYY-MM-DD HH24:MI'), '') "
                       "FROM users ORDER BY name",
                       0, NULL, error);
  if (res == NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  g_string_append_printf (out, "%-24s %-7s %-17s %s\n", "NAME", "ROLE", "CREATED (UTC)", "REVOKED");
  for (int i = 0; i < PQntuples (res); i++)
    g_string_append_printf (out, "%-24s %-7s %-17s %s\n",
                            PQgetvalue (res, i, 0), PQgetvalue (res, i, 1),
                            PQgetvalue (res, i, 2), PQgetvalue (res, i, 3));
  return g_string_free (out, FALSE);
}

HeeyuUser *
heeyu_db_authenticate (PGconn        *conn,
                       const guint8  *hash,
                       GError       **error)
{
  g_autofree char *param = hash_param (hash);
  const char *params[] = { param };
  g_autoptr(PGresult) res = NULL;
  g_autofree guint8 *stored = NULL;
  gsize stored_len = 0;
  HeeyuUser *user;
  guint8 *raw;

  res = heeyu_db_exec (conn,
                       "SELECT name, role, token_hash FROM users "
                       "WHERE token_hash = $1::bytea AND revoked_at IS NULL",
                       1, params, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) != 1)
    return NULL;

  /* The index lookup is on the hash, which an attacker cannot steer; the
   * final comparison is still made in constant time. */
  raw = PQunescapeBytea ((const unsigned char *) PQgetvalue (res, 0, 2), &stored_len);
  stored = g_memdup2 (raw, stored_len);
  PQfreemem (raw);
  if (stored_len != HEEYU_TOKEN_HASH_LEN ||
      !heeyu_constant_time_equal (stored, hash, HEEYU_TOKEN_HASH_LEN))
    return NULL;

  user = g_new0 (HeeyuUser, 1);
  user->name = g_strdup (PQgetvalue (res, 0, 0));
  user->role = g_strdup (PQgetvalue (res, 0, 1));
  return user;
}

void
heeyu_user_free (HeeyuUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user->role);
  g_free (user);
}

/* --- import --- */

static void
copy_escape (GString    *out,
             const char *s,
             gssize      len)
{
  if (s == NULL)
    {
      g_string_append (out, "\\N");
      return;
    }
  if (len < 0)
    len = strlen (s);
  for (gssize i = 0; i < len; i++)
    {
      switch (s[i])
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, s[i]); break;
        }
    }
}

static GInputStream *
open_dataset (const char  *path,
              GError     **error)
{
  g_autoptr(GInputStream) base = NULL;
  g_autoptr(GBufferedInputStream) buffered = NULL;
  const guint8 *peek;
  gsize avail = 0;

  if (g_strcmp0 (path, "-") == 0)
    base = g_unix_input_stream_new (0, FALSE);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      base = G_INPUT_STREAM (g_file_read (file, NULL, error));
      if (base == NULL)
        return NULL;
    }

  buffered = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new_sized (base, 256 * 1024));
  if (g_buffered_input_stream_fill (buffered, 2, NULL, error) < 0)
    return NULL;
  peek = g_buffered_input_stream_peek_buffer (buffered, &avail);

  /* gzip by its magic number, whatever the file is called. */
  if (avail >= 2 && peek[0] == 0x1f && peek[1] == 0x8b)
    {
      g_autoptr(GZlibDecompressor) gz = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      return g_converter_input_stream_new (G_INPUT_STREAM (buffered), G_CONVERTER (gz));
    }
  return G_INPUT_STREAM (g_steal_pointer (&buffered));
}

static gboolean
flush_copy (PGconn   *conn,
            GString  *buf,
            GError  **error)
{
  if (buf->len == 0)
    return TRUE;
  if (PQputCopyData (conn, buf->str, (int) buf->len) != 1)
    {
      set_pg_error (error, conn, NULL, "Could not send records to the database");
      return FALSE;
    }
  g_string_truncate (buf, 0);
  return TRUE;
}

/* Maps "COPY staging, line N" in a COPY error back to the file's line. */
static guint64
copy_error_file_line (PGresult *res,
                      GArray   *line_map)
{
  const char *context = PQresultErrorField (res, PG_DIAG_CONTEXT);
  const char *p;
  guint64 n;

  if (context == NULL || (p = strstr (context, "line ")) == NULL)
    return 0;
  n = g_ascii_strtoull (p + 5, NULL, 10);
  if (n == 0 || n > line_map->len)
    return 0;
  return g_array_index (line_map, guint64, n - 1);
}

static const char merge_sql[] =
  "WITH src AS ("
  "  SELECT DISTINCT ON (kind, id) * FROM import_staging ORDER BY kind, id, line DESC),"
  " changed AS ("
  "  SELECT s.*, r.rev AS old_rev,"
  "   CASE WHEN s.deleted THEN NULL ELSE s.env -> 'data' END AS new_data"
  "  FROM src s LEFT JOIN records r USING (kind, id)"
  "  WHERE r.kind IS NULL OR r.deleted IS DISTINCT FROM s.deleted"
  "   OR r.data IS DISTINCT FROM (CASE WHEN s.deleted THEN NULL ELSE s.env -> 'data' END)),"
  " numbered AS (SELECT c.*, row_number () OVER (ORDER BY line) AS n FROM changed c) "
  "INSERT INTO records AS r (kind, id, rev, seq, deleted, data, updated_at, updated_by, created_by) "
  "SELECT kind, id,"
  " CASE WHEN old_rev IS NULL THEN rev ELSE greatest (old_rev + 1, rev) END,"
  " $1::bigint + n, deleted, new_data, coalesce (updated_at, now ()),"
  " coalesce (updated_by, $2), $2 "
  "FROM numbered "
  "ON CONFLICT (kind, id) DO UPDATE SET rev = EXCLUDED.rev, seq = EXCLUDED.seq,"
  " deleted = EXCLUDED.deleted, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at,"
  " updated_by = EXCLUDED.updated_by "
  "RETURNING (xmax = 0) AS inserted";

gboolean
heeyu_db_import (PGconn            *conn,
                 const char        *path,
                 const char        *actor,
                 HeeyuImportStats  *stats,
                 GError           **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GString) buf = g_string_sized_new (512 * 1024);
  g_autoptr(GArray) line_map = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(PGresult) res = NULL;
  g_autofree char *detail = NULL;
  guint64 line_no = 0;
  gint64 base;

  memset (stats, 0, sizeof *stats);

  if ((stream = open_dataset (path, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  lines = g_data_input_stream_new (stream);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 256 * 1024);

  if (!heeyu_db_command (conn, "BEGIN", 0, NULL, error) ||
      !heeyu_db_command (conn,
                         "CREATE TEMP TABLE import_staging ("
                         " line bigint, kind text, id text, rev bigint, deleted boolean,"
                         " updated_at timestamptz, updated_by text, env jsonb) ON COMMIT DROP",
                         0, NULL, error))
    goto fail;

  res = PQexec (conn, "COPY import_staging FROM STDIN");
  if (res == NULL || PQresultStatus (res) != PGRES_COPY_IN)
    {
      set_pg_error (error, conn, res, "Could not start the import");
      goto fail;
    }
  g_clear_pointer (&res, PQclear);

  for (;;)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(HeeyuEnvelope) env = NULL;
      g_autofree char *line = NULL;
      g_autofree char *updated_at = NULL;
      g_autofree char *num = NULL;
      g_autofree char *rev = NULL;
      gsize len = 0;

      line = g_data_input_stream_read_line (lines, &len, NULL, &local);
      if (line == NULL)
        {
          if (local != NULL)
            {
              g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                           "%s: line %" G_GUINT64_FORMAT ": %s", path, line_no + 1, local->message);
              PQputCopyEnd (conn, "read error");
              goto fail_copy;
            }
          break;
        }
      line_no++;
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (len == 0 || strspn (line, " \t") == len)
        continue;

      if (!g_utf8_validate (line, len, NULL) ||
          !json_parser_load_from_data (parser, line, len, &local) ||
          (env = heeyu_envelope_from_json (json_parser_get_root (parser), &local)) == NULL)
        {
          g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                       "%s: line %" G_GUINT64_FORMAT ": %s", path, line_no,
                       local ? local->message : "not valid UTF-8");
          PQputCopyEnd (conn, "invalid record");
          goto fail_copy;
        }
      if (env->updated_at != NULL)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (env->updated_at, NULL);

          if (dt == NULL)
            {
              g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                           "%s: line %" G_GUINT64_FORMAT ": 'updated_at' must be a time like "
                           "2026-11-20T08:15:00Z, not \"%s\"", path, line_no, env->updated_at);
              PQputCopyEnd (conn, "invalid record");
              goto fail_copy;
            }
          updated_at = g_date_time_format_iso8601 (dt);
        }

      num = g_strdup_printf ("%" G_GUINT64_FORMAT, line_no);
      rev = g_strdup_printf ("%" G_GINT64_FORMAT, env->rev);
      copy_escape (buf, num, -1);
      g_string_append_c (buf, '\t');
      copy_escape (buf, env->kind, -1);
      g_string_append_c (buf, '\t');
      copy_escape (buf, env->id, -1);
      g_string_append_c (buf, '\t');
      copy_escape (buf, rev, -1);
      g_string_append_c (buf, '\t');
      g_string_append (buf, env->deleted ? "t" : "f");
      g_string_append_c (buf, '\t');
      copy_escape (buf, updated_at, -1);
      g_string_append_c (buf, '\t');
      copy_escape (buf, env->updated_by, -1);
      g_string_append_c (buf, '\t');
      copy_escape (buf, line, len);
      g_string_append_c (buf, '\n');
      g_array_append_val (line_map, line_no);
      stats->lines++;

      if (buf->len >= 256 * 1024 && !flush_copy (conn, buf, error))
        goto fail_copy;
    }

  if (!flush_copy (conn, buf, error))
    goto fail_copy;
  if (PQputCopyEnd (conn, NULL) != 1)
    {
      set_pg_error (error, conn, NULL, "Could not finish the import");
      goto fail_copy;
    }
  res = PQgetResult (conn);
  if (res == NULL || PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      guint64 file_line = res ? copy_error_file_line (res, line_map) : 0;

      if (file_line > 0)
        {
          g_autofree char *what = g_strdup_printf ("%s: line %" G_GUINT64_FORMAT, path, file_line);
          set_pg_error (error, conn, res, what);
        }
      else
        set_pg_error (error, conn, res, "The database refused the records");
      g_clear_pointer (&res, PQclear);
      while ((res = PQgetResult (conn)) != NULL)
        g_clear_pointer (&res, PQclear);
      goto fail;
    }
  g_clear_pointer (&res, PQclear);
  while ((res = PQgetResult (conn)) != NULL)
    g_clear_pointer (&res, PQclear);

  /* The counter row lock is held to the commit, so no pull can hand out a
   * cursor past seqs that are not committed yet. */
  res = heeyu_db_exec (conn, "SELECT seq FROM dataset FOR UPDATE", 0, NULL, error);
  if (res == NULL)
    goto fail;
  base = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  g_clear_pointer (&res, PQclear);

  {
    g_autofree char *base_text = g_strdup_printf ("%" G_GINT64_FORMAT, base);
    const char *params[] = { base_text, actor };

    res = heeyu_db_exec (conn, merge_sql, 2, params, error);
    if (res == NULL)
      goto fail;
    for (int i = 0; i < PQntuples (res); i++)
      {
        if (PQgetvalue (res, i, 0)[0] == 't')
          stats->inserted++;
        else
          stats->updated++;
      }
    g_clear_pointer (&res, PQclear);
  }

  {
    g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             base + (gint64) (stats->inserted + stats->updated));
    const char *params[] = { head };

    if (!heeyu_db_command (conn, "UPDATE dataset SET seq = $1::bigint", 1, params, error) ||
        !heeyu_db_command (conn, "DELETE FROM live_counts", 0, NULL, error) ||
        !heeyu_db_command (conn,
                           "INSERT INTO live_counts (kind, n) "
                           "SELECT kind, count (*) FROM records WHERE NOT deleted GROUP BY kind",
                           0, NULL, error))
      goto fail;
  }

  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) node = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "file");
    json_builder_add_string_value (b, path);
    json_builder_set_member_name (b, "records");
    json_builder_add_int_value (b, (gint64) stats->lines);
    json_builder_set_member_name (b, "inserted");
    json_builder_add_int_value (b, (gint64) stats->inserted);
    json_builder_set_member_name (b, "updated");
    json_builder_add_int_value (b, (gint64) stats->updated);
    json_builder_end_object (b);
    node = json_builder_get_root (b);
    detail = heeyu_json_to_string (node);
  }
  if (!audit (conn, actor, "import", detail, error) ||
      !heeyu_db_command (conn, "COMMIT", 0, NULL, error))
    goto fail;

  /* Lines not inserted or updated were duplicates within the file or
   * records already held exactly so. */
  stats->unchanged = stats->lines - stats->inserted - stats->updated;

  /* Fresh statistics after a bulk load keep the planner on the seq index. */
  heeyu_db_command (conn, "ANALYZE records", 0, NULL, NULL);
  return TRUE;

fail_copy:
  while ((res = PQgetResult (conn)) != NULL)
    g_clear_pointer (&res, PQclear);
fail:
  heeyu_db_rollback (conn);
  return FALSE;
}

gboolean
heeyu_db_purge (PGconn      *conn,
                guint        key_days,
                guint        tombstone_days,
                const char  *actor,
                GError     **error)
{
  g_autofree char *keys = g_strdup_printf ("%u", key_days);
  g_autofree char *tombs = g_strdup_printf ("%u", tombstone_days);
  g_autofree char *detail = g_strdup_printf ("{\"keys_older_than_days\": %u,"
                                             " \"tombstones_older_than_days\": %u}",
                                             key_days, tombstone_days);

  if (!heeyu_db_command (conn, "BEGIN", 0, NULL, error))
    return FALSE;
  if (key_days > 0)
    {
      const char *params[] = { keys };

      if (!heeyu_db_command (conn,
                             "DELETE FROM idempotency_keys "
                             "WHERE created_at < now () - make_interval (days => $1::int)",
                             1, params, error))
        goto fail;
    }
  if (tombstone_days > 0)
    {
      const char *params[] = { tombs };

      /* Lock the counter first, as every writer does, then raise min_seq
       * past the newest tombstone dropped. */
      if (!heeyu_db_command (conn, "SELECT 1 FROM dataset FOR UPDATE", 0, NULL, error) ||
          !heeyu_db_command (conn,
                             "WITH gone AS (DELETE FROM records WHERE deleted"
                             " AND updated_at < now () - make_interval (days => $1::int)"
                             " RETURNING seq) "
                             "UPDATE dataset SET min_seq = greatest (min_seq,"
                             " (SELECT coalesce (max (seq), 0) FROM gone))",
                             1, params, error))
        goto fail;
    }
  if (!audit (conn, actor, "purge", detail, error) ||
      !heeyu_db_command (conn, "COMMIT", 0, NULL, error))
    goto fail;
  return TRUE;

fail:
  heeyu_db_rollback (conn);
  return FALSE;
}
