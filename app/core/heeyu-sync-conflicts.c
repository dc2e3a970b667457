/* heeyu-sync-conflicts.c: edits the server did not take, kept for the user
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "heeyu-cache-private.h"
#include "heeyu-ingest.h"
#include "heeyu-record.h"
#include "heeyu-sync.h"
#include "heeyu-sync-conflicts.h"

void
heeyu_conflict_free (HeeyuConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->kind);
  g_free (c->record_id);
  g_free (c->op);
  g_free (c->local_data);
  g_free (c->server);
  g_free (c->problem);
  g_free (c->created_at);
  g_free (c);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           col)
{
  const char *s = (const char *) sqlite3_column_text (stmt, col);

  return s ? g_strdup (s) : NULL;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
read_server_fields (HeeyuConflict *c)
{
  g_autoptr(JsonObject) o = parse_object (c->server);

  if (o == NULL)
    return;
  c->server_rev = json_object_get_int_member_with_default (o, "rev", 0);
  c->server_deleted = json_object_get_boolean_member_with_default (o, "deleted", FALSE);
}

static HeeyuConflict *
read_conflict (sqlite3_stmt *stmt)
{
  HeeyuConflict *c = g_new0 (HeeyuConflict, 1);

  c->id = sqlite3_column_int64 (stmt, 0);
  c->kind = dup_text (stmt, 1);
  c->record_id = dup_text (stmt, 2);
  c->op = dup_text (stmt, 3);
  c->base_rev = sqlite3_column_int64 (stmt, 4);
  c->local_data = dup_text (stmt, 5);
  c->server = dup_text (stmt, 6);
  c->problem = dup_text (stmt, 7);
  c->created_at = dup_text (stmt, 8);
  read_server_fields (c);
  return c;
}

/* The server's version to show: the newer of the one the push answered
 * with and the one a later pull held back. */
#define CONFLICT_SELECT \
  "SELECT c.id, c.kind, c.record_id, c.op, c.base_rev, c.local_data, " \
  "  CASE WHEN h.rev IS NOT NULL AND h.rev > coalesce (json_extract (c.server, '$.rev'), 0) " \
  "    THEN h.envelope ELSE c.server END, " \
  "  c.problem, c.created_at " \
  "FROM conflict c LEFT JOIN sync_held h ON h.kind = c.kind AND h.id = c.record_id "

GPtrArray *
heeyu_conflicts_list (sqlite3  *db,
                      GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) heeyu_conflict_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  if (!(stmt = heeyu_sql_prepare (db, CONFLICT_SELECT "ORDER BY c.id", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_conflict (stmt));
  if (rc != SQLITE_DONE)
    {
      heeyu_sql_fail (db, "reading the conflicts", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

guint
heeyu_conflicts_count (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (db != NULL, 0);

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM conflict", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int (stmt, 0);
}

gboolean
heeyu_sync_record_is_pending (sqlite3    *db,
                              const char *kind,
                              const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  if (sqlite3_prepare_v2 (db,
                          "SELECT 1 FROM outbox WHERE kind = ?1 AND id = ?2 "
                          "UNION ALL SELECT 1 FROM conflict WHERE kind = ?1 AND record_id = ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static HeeyuConflict *
get_conflict (sqlite3  *db,
              gint64    conflict_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = heeyu_sql_prepare (db, CONFLICT_SELECT "WHERE c.id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_conflict (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_LOCAL,
                 _("This conflict was already resolved."));
  else
    heeyu_sql_fail (db, "reading a conflict", error);
  return NULL;
}

static gboolean
run_bound (sqlite3     *db,
           const char  *sql,
           const char  *kind,
           const char  *id,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = heeyu_sql_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return heeyu_sql_fail (db, "resolving a conflict", error);
  return TRUE;
}

static gboolean
forget_conflict (sqlite3     *db,
                 gint64       conflict_id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = heeyu_sql_prepare (db, "DELETE FROM conflict WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return heeyu_sql_fail (db, "resolving a conflict", error);
  return TRUE;
}

gboolean
heeyu_conflict_keep_mine (sqlite3  *db,
                          gint64    conflict_id,
                          GError  **error)
{
  g_autoptr(HeeyuConflict) c = NULL;
  g_autoptr(sqlite3_stmt) pending = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  g_return_val_if_fail (db != NULL, FALSE);

  if (!heeyu_sql_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!(c = get_conflict (db, conflict_id, error)))
    goto fail;
  if (c->problem != NULL && c->server == NULL)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_FORBIDDEN,
                   _("The server refused this edit (%s); sending it again would not help."),
                   c->problem);
      goto fail;
    }

  /* A later edit of the same record, already queued, carries the user's
   * newest text: rebase it instead of queueing the older one again. */
  if (!(pending = heeyu_sql_prepare (db,
                                     "UPDATE outbox SET base_rev = ?3 WHERE kind = ?1 AND id = ?2",
                                     error)))
    goto fail;
  sqlite3_bind_text (pending, 1, c->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (pending, 2, c->record_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (pending, 3, c->server_rev);
  if (sqlite3_step (pending) != SQLITE_DONE)
    {
      heeyu_sql_fail (db, "keeping your version", error);
      goto fail;
    }

  if (sqlite3_changes (db) == 0)
    {
      /* A new mid, larger than any sent: the server takes each mid once. */
      if (!(stmt = heeyu_sql_prepare (db,
                                      "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error)))
        goto fail;
      sqlite3_bind_text (stmt, 1, c->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, c->record_id, -1, SQLITE_STATIC);
      /* Deleting what the server already deleted is done; re-creating it
       * is an upsert on rev 0 = the tombstone's rev. */
      sqlite3_bind_text (stmt, 3, c->op, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, c->server_rev);
      sqlite3_bind_text (stmt, 5, c->local_data, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, stamp, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          heeyu_sql_fail (db, "keeping your version", error);
          goto fail;
        }
    }

  if (!forget_conflict (db, conflict_id, error) ||
      !heeyu_sql_exec (db, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gint64
local_rev (sqlite3    *db,
           const char *kind,
           const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  if (!heeyu_record_kind_is_known (kind))
    return -1;
  /* Table names cannot be bound; only the known kinds reach the SQL. */
  sql = g_strdup_printf ("SELECT rev FROM %s WHERE id = ?1", kind);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

gboolean
heeyu_conflict_take_theirs (sqlite3  *db,
                            gint64    conflict_id,
                            GError  **error)
{
  g_autoptr(HeeyuConflict) c = NULL;
  g_autoptr(HeeyuEnvelope) server = NULL;
  HeeyuIngestBatch *batch = NULL;
  gint64 rev;

  g_return_val_if_fail (db != NULL, FALSE);

  if (!(batch = heeyu_ingest_batch_begin (db, error)))
    return FALSE;

  if (!(c = get_conflict (db, conflict_id, error)))
    goto fail;

  if (c->server != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, c->server, -1, error) ||
          !(server = heeyu_envelope_from_json (json_parser_get_root (parser), error)))
        goto fail;
    }

  /* The user's version goes first, whatever its rev, then the server's is
   * written as it is. */
  rev = local_rev (db, c->kind, c->record_id);
  if (rev >= 0)
    {
      HeeyuEnvelope gone = { c->kind, c->record_id, MAX (rev, server ? server->rev : 0),
                             TRUE, NULL, NULL, NULL };

      if (!heeyu_ingest_batch_apply (batch, &gone, NULL, error))
        goto fail;
    }
  if (server != NULL && !server->deleted &&
      !heeyu_ingest_batch_apply (batch, server, NULL, error))
    goto fail;

  /* A refused edit of a record the server has, with no copy of the
   * server's version: the next sync starts over to fetch it. */
  if (server == NULL && c->base_rev > 0 &&
      !heeyu_sql_exec (db, "DELETE FROM meta WHERE key IN ('cursor', 'etag', 'etag_cursor')", error))
    goto fail;

  if (!run_bound (db, "DELETE FROM outbox WHERE kind = ?1 AND id = ?2", c->kind, c->record_id, error) ||
      !run_bound (db, "DELETE FROM sync_held WHERE kind = ?1 AND id = ?2", c->kind, c->record_id, error) ||
      !forget_conflict (db, conflict_id, error))
    goto fail;

  return heeyu_ingest_batch_commit (batch, error);

fail:
  heeyu_ingest_batch_abort (batch);
  return FALSE;
}
