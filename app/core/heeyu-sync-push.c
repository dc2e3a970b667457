/* heeyu-sync-push.c: pushing the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A batch of outbox rows goes out with an Idempotency-Key; the batch is
 * kept (sync_push) until its results are recorded, so a cut connection
 * sends the very same bytes again and the server answers from its store.
 * "conflict" and "rejected" move the edit to the conflict table.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-cache-private.h"
#include "heeyu-ingest.h"
#include "heeyu-record.h"
#include "heeyu-sync.h"
#include "heeyu-sync-conflicts.h"
#include "heeyu-sync-private.h"


/* Outbox rows per push request. */
#define PUSH_BATCH 200

typedef struct
{
  gint64  mid;
  char   *kind;
  char   *id;
  char   *op;
  gint64  base_rev;
  char   *data;
} Sent;

static void
sent_free (gpointer p)
{
  Sent *s = p;

  g_free (s->kind);
  g_free (s->id);
  g_free (s->op);
  g_free (s->data);
  g_free (s);
}

static char *
client_id (Run     *run,
           GError **error)
{
  char *id = heeyu_sync_meta_get (run->db, "client_id");

  if (id == NULL)
    {
      id = g_uuid_string_random ();
      if (!heeyu_sync_meta_set (run->db, "client_id", id, error))
        g_clear_pointer (&id, g_free);
    }
  return id;
}

/* Writes the next batch from the outbox into sync_push, with a new key.
 * FALSE with no error when the outbox is empty. */
static gboolean
prepare_batch (Run     *run,
               GError **error)
{
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) save = NULL;
  g_autoptr(sqlite3_stmt) items = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *cid = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = NULL;
  g_autofree char *stamp = heeyu_sync_now_iso ();
  guint n = 0;
  int rc;

  if (!(cid = client_id (run, error)))
    return FALSE;
  if (!(rows = heeyu_sql_prepare (run->db,
                                  "SELECT mid, kind, id, op, base_rev, data FROM outbox "
                                  "ORDER BY mid LIMIT ?1", error)))
    return FALSE;
  sqlite3_bind_int (rows, 1, PUSH_BATCH);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "client_id");
  json_builder_add_string_value (b, cid);
  json_builder_set_member_name (b, "mutations");
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (rows, 3);
      const char *data = (const char *) sqlite3_column_text (rows, 5);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mid");
      json_builder_add_int_value (b, sqlite3_column_int64 (rows, 0));
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (rows, 1));
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (rows, 2));
      json_builder_set_member_name (b, "op");
      json_builder_add_string_value (b, op);
      json_builder_set_member_name (b, "base_rev");
      json_builder_add_int_value (b, sqlite3_column_int64 (rows, 4));
      if (data && g_strcmp0 (op, "delete") != 0)
        {
          JsonNode *node = json_from_string (data, NULL);

          json_builder_set_member_name (b, "data");
          if (node)
            json_builder_add_value (b, node);
          else
            /* Sent as it is: the server rejects it with a reason that the
             * conflicts view shows, instead of the outbox sticking. */
            json_builder_add_string_value (b, data);
        }
      json_builder_end_object (b);
      n++;
    }
  if (rc != SQLITE_DONE)
    return heeyu_sync_local_fail (run->db, "reading the outbox", error);
  json_builder_end_array (b);
  json_builder_end_object (b);

  if (n == 0)
    return FALSE;

  root = json_builder_get_root (b);
  body = json_to_string (root, FALSE);
  if (!(save = heeyu_sql_prepare (run->db,
                                  "INSERT INTO sync_push (key, body, created_at) VALUES (?1, ?2, ?3)",
                                  error)))
    return FALSE;
  sqlite3_bind_text (save, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (save, 2, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (save, 3, stamp, -1, SQLITE_STATIC);
  if (sqlite3_step (save) != SQLITE_DONE)
    return heeyu_sync_local_fail (run->db, "saving the push", error);
  if (!(items = heeyu_sql_prepare (run->db,
                                   "INSERT INTO sync_push_item (key, mid, kind, id, op, base_rev, data) "
                                   "SELECT ?1, mid, kind, id, op, base_rev, data FROM outbox "
                                   "ORDER BY mid LIMIT ?2", error)))
    return FALSE;
  sqlite3_bind_text (items, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int (items, 2, PUSH_BATCH);
  if (sqlite3_step (items) != SQLITE_DONE)
    return heeyu_sync_local_fail (run->db, "saving the push", error);
  return TRUE;
}

static GHashTable *
read_sent (sqlite3     *db,
           const char  *key,
           GError     **error)
{
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, sent_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = heeyu_sql_prepare (db, "SELECT mid, kind, id, op, base_rev, data FROM sync_push_item "
                                      "WHERE key = ?1", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Sent *s = g_new0 (Sent, 1);

      s->mid = sqlite3_column_int64 (stmt, 0);
      s->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      s->id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      s->op = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      s->base_rev = sqlite3_column_int64 (stmt, 4);
      s->data = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_hash_table_insert (sent, &s->mid, s);
    }
  if (rc != SQLITE_DONE)
    {
      heeyu_sync_local_fail (db, "reading the push", error);
      return NULL;
    }
  return g_steal_pointer (&sent);
}

static gboolean
exec_bound (sqlite3     *db,
            const char  *sql,
            const char  *kind,
            const char  *id,
            gint64       n,
            const char  *key,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = heeyu_sql_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, n);
  if (key)
    sqlite3_bind_text (stmt, 4, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return heeyu_sync_local_fail (db, "recording the push", error);
  return TRUE;
}

/* The newest queued version of a record, for a conflict: an edit made
 * while the push was on its way supersedes the one sent. */
static void
latest_queued (sqlite3  *db,
               Sent     *s,
               char    **op,
               char    **data)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *op = g_strdup (s->op);
  *data = g_strdup (s->data);
  if (sqlite3_prepare_v2 (db, "SELECT op, data FROM outbox WHERE kind = ?1 AND id = ?2 "
                          "ORDER BY mid DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_text (stmt, 1, s->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, s->id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_free (*op);
      g_free (*data);
      *op = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *data = sqlite3_column_type (stmt, 1) == SQLITE_NULL
              ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
}

static gboolean
keep_conflict (Run         *run,
               Sent        *s,
               const char  *server,
               const char  *problem,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *op = NULL;
  g_autofree char *data = NULL;
  g_autofree char *stamp = heeyu_sync_now_iso ();

  latest_queued (run->db, s, &op, &data);
  if (!(stmt = heeyu_sql_prepare (run->db,
                                  "INSERT INTO conflict (kind, record_id, op, base_rev, local_data, "
                                  "  server, problem, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                  "ON CONFLICT (kind, record_id) DO UPDATE SET op = excluded.op, "
                                  "  base_rev = excluded.base_rev, local_data = excluded.local_data, "
                                  "  server = coalesce (excluded.server, server), "
                                  "  problem = excluded.problem",
                                  error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, s->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, op, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, s->base_rev);
  sqlite3_bind_text (stmt, 5, data, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, server, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, problem, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, stamp, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return heeyu_sync_local_fail (run->db, "keeping a conflict", error);

  /* The edit now waits in the conflict table, all of it. */
  return exec_bound (run->db, "DELETE FROM outbox WHERE kind = ?1 AND id = ?2 AND ?3 >= 0",
                     s->kind, s->id, 0, NULL, error);
}

/* Applies the server's answer to the batch: one transaction, which also
 * forgets the batch, so an answer is acted on exactly once. */
static gboolean
record_results (Run         *run,
                const char  *key,
                JsonNode    *root,
                GError     **error)
{
  g_autoptr(GHashTable) sent = NULL;
  g_autoptr(sqlite3_stmt) forget = NULL;
  JsonArray *results;

  if (!(sent = read_sent (run->db, key, error)))
    return FALSE;
  if (!json_object_has_member (json_node_get_object (root), "results") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "results")))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The server's reply to %s is not the expected JSON."), _("the push"));
      return FALSE;
    }
  results = json_object_get_array_member (json_node_get_object (root), "results");

  if (!heeyu_sql_exec (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *rn = json_array_get_element (results, i);
      JsonObject *r;
      const char *status;
      gint64 mid;
      Sent *s;

      if (!JSON_NODE_HOLDS_OBJECT (rn))
        continue;
      r = json_node_get_object (rn);
      mid = json_object_get_int_member_with_default (r, "mid", 0);
      status = json_object_get_string_member_with_default (r, "status", "");
      if (!(s = g_hash_table_lookup (sent, &mid)))
        continue;

      if (g_str_equal (status, "applied") ||
          (g_str_equal (status, "rejected") &&
           g_str_has_suffix (json_object_get_string_member_with_default (r, "type", ""),
                             "duplicate-mutation")))
        {
          /* duplicate-mutation: the server took this mid before (an earlier
           * batch whose answer was lost); the pull brings its result. */
          gint64 rev = json_object_get_int_member_with_default (r, "rev", 0);

          /* Done, unless the user changed the entry in place while it was
           * on its way: then the newer text goes again under a new mid. */
          if (!exec_bound (run->db,
                           "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) "
                           "SELECT o.kind, o.id, o.op, o.base_rev, o.data, o.created_at "
                           "FROM outbox o JOIN sync_push_item p ON p.mid = o.mid "
                           "WHERE o.kind = ?1 AND o.id = ?2 AND o.mid = ?3 AND p.key = ?4 "
                           "  AND (o.op IS NOT p.op OR o.data IS NOT p.data)",
                           s->kind, s->id, s->mid, key, error) ||
              !exec_bound (run->db, "DELETE FROM outbox WHERE kind = ?1 AND id = ?2 AND mid = ?3",
                           s->kind, s->id, s->mid, NULL, error))
            goto fail;
          /* An edit queued while this one was on its way builds on it. */
          if (rev > 0 &&
              !exec_bound (run->db, "UPDATE outbox SET base_rev = ?3 WHERE kind = ?1 AND id = ?2",
                           s->kind, s->id, rev, NULL, error))
            goto fail;
          if (!exec_bound (run->db, "DELETE FROM sync_held WHERE kind = ?1 AND id = ?2 AND ?3 >= 0",
                           s->kind, s->id, 0, NULL, error))
            goto fail;
          if (g_str_equal (status, "applied"))
            run->report->pushed++;
        }
      else if (g_str_equal (status, "conflict"))
        {
          JsonNode *server = json_object_get_member (r, "server");
          g_autofree char *server_text = server ? json_to_string (server, FALSE) : NULL;

          if (!keep_conflict (run, s, server_text, NULL, error))
            goto fail;
          run->report->conflicts++;
        }
      else
        {
          const char *detail = json_object_get_string_member_with_default (r, "detail", NULL);
          const char *title = json_object_get_string_member_with_default (r, "title", NULL);

          if (!keep_conflict (run, s, NULL,
                              detail ? detail : title ? title : _("The server refused this edit."),
                              error))
            goto fail;
          run->report->rejected++;
        }
    }

  if (!(forget = heeyu_sql_prepare (run->db, "DELETE FROM sync_push WHERE key = ?1", error)))
    goto fail;
  sqlite3_bind_text (forget, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (forget) != SQLITE_DONE)
    {
      heeyu_sync_local_fail (run->db, "recording the push", error);
      goto fail;
    }
  if (!exec_bound (run->db, "DELETE FROM sync_push_item WHERE key = ?4 AND ?3 >= 0",
                   "", "", 0, key, error))
    goto fail;
  if (!heeyu_sql_exec (run->db, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (run->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
heeyu_sync_push (Run     *run,
                 GError **error)
{
  guint64 total = 0;
  guint64 done = 0;

  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    if (sqlite3_prepare_v2 (run->db, "SELECT count(*) FROM outbox", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step (stmt) == SQLITE_ROW)
      total = sqlite3_column_int64 (stmt, 0);
  }

  for (;;)
    {
      g_autoptr(sqlite3_stmt) pending = NULL;
      g_autoptr(HeeyuHttpReply) reply = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *key = NULL;
      g_autofree char *body = NULL;
      g_autofree char *key_header = NULL;
      JsonNode *root;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      /* A batch already in sync_push was sent before and may have been
       * applied: it goes again unchanged, under the same key. */
      if (!(pending = heeyu_sql_prepare (run->db, "SELECT key, body FROM sync_push LIMIT 1", error)))
        return FALSE;
      if (sqlite3_step (pending) != SQLITE_ROW)
        {
          sqlite3_reset (pending);
          if (!prepare_batch (run, &local_error))
            {
              if (local_error)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              return TRUE;   /* the outbox is empty */
            }
          if (sqlite3_step (pending) != SQLITE_ROW)
            return heeyu_sync_local_fail (run->db, "reading the push", error);
        }
      key = g_strdup ((const char *) sqlite3_column_text (pending, 0));
      body = g_strdup ((const char *) sqlite3_column_text (pending, 1));
      g_clear_pointer (&pending, sqlite3_finalize);

      heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_PUSH, done, MAX (total, done), 1);
      key_header = g_strconcat ("Idempotency-Key: ", key, NULL);
      {
        const char *headers[] = { key_header, NULL };

        reply = heeyu_sync_request (run, HEEYU_SYNC_PHASE_PUSH, _("the push"), "POST", "/v1/push",
                                    headers, body, strlen (body), error);
      }
      if (reply == NULL)
        return FALSE;

      if (reply->status == 422)
        {
          /* The key was taken by another body: this batch was never
           * applied.  Make it again under a new key. */
          g_autoptr(sqlite3_stmt) drop = heeyu_sql_prepare (run->db, "DELETE FROM sync_push WHERE key = ?1", error);

          if (drop == NULL)
            return FALSE;
          sqlite3_bind_text (drop, 1, key, -1, SQLITE_STATIC);
          sqlite3_step (drop);
          if (!exec_bound (run->db, "DELETE FROM sync_push_item WHERE key = ?4 AND ?3 >= 0",
                           "", "", 0, key, error))
            return FALSE;
          continue;
        }
      if (reply->status != 200)
        {
          heeyu_http_set_status_error (reply, _("the push"), error);
          return FALSE;
        }
      if (!(root = heeyu_sync_parse_reply (run, reply, _("the push"), error)) ||
          !record_results (run, key, root, error))
        return FALSE;

      {
        JsonNode *r = json_object_get_member (json_node_get_object (root), "results");

        done += json_array_get_length (json_node_get_array (r));
      }
      heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_PUSH, done, MAX (total, done), 1);
    }
}
