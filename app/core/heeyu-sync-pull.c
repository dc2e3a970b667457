/* heeyu-sync-pull.c: pulling the changes feed into the stage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each page goes to sync_stage with its cursor in one transaction, so a
 * killed sync resumes at the page it stopped at; then the session is
 * applied (heeyu-sync-apply.c).  A 410 starts a full sync, keeping the
 * outbox.
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

static gboolean
stage_page (Run         *run,
            JsonArray   *items,
            const char  *next_cursor,
            gboolean     full,
            gboolean     done,
            const char  *counts,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  guint n = json_array_get_length (items);

  if (!heeyu_sql_exec (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!(insert = heeyu_sql_prepare (run->db, "INSERT INTO sync_stage (envelope) VALUES (?1)", error)))
    goto fail;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HeeyuEnvelope) env = NULL;
      g_autofree char *text = NULL;

      /* A bad record fails the page before anything of it is kept. */
      if (!(env = heeyu_envelope_from_json (item, &local_error)))
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                       _("The server sent a record that is not valid: %s"), local_error->message);
          goto fail;
        }
      text = json_to_string (item, FALSE);
      sqlite3_bind_text (insert, 1, text, -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          heeyu_sync_local_fail (run->db, "staging the pulled records", error);
          goto fail;
        }
      sqlite3_reset (insert);
    }

  if (!heeyu_sync_meta_set (run->db, "stage_cursor", next_cursor, error) ||
      !heeyu_sync_meta_set (run->db, "stage_full", full ? "1" : "0", error) ||
      !heeyu_sync_meta_set (run->db, "stage_done", done ? "1" : NULL, error) ||
      !heeyu_sync_meta_set (run->db, "stage_counts", counts, error) ||
      !heeyu_sql_exec (run->db, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (run->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
heeyu_sync_clear_stage (sqlite3  *db,
                        gboolean  forget_cursor,
                        GError  **error)
{
  if (!heeyu_sql_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!heeyu_sql_exec (db, "DELETE FROM sync_stage;"
                           "DELETE FROM meta WHERE key IN ('stage_cursor', 'stage_full', "
                           "  'stage_done', 'stage_counts')", error) ||
      (forget_cursor &&
       !heeyu_sql_exec (db, "DELETE FROM meta WHERE key IN ('cursor', 'etag', 'etag_cursor')", error)) ||
      !heeyu_sql_exec (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

guint64
heeyu_sync_count_rows (sqlite3    *db,
                       const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* Fetches pages into the stage until the server has no more.  Sets @idle
 * when the server answered 304 at the head. */
static gboolean
pull_pages (Run       *run,
            gboolean  *idle,
            GError   **error)
{
  g_autofree char *cursor = heeyu_sync_meta_get (run->db, "stage_cursor");
  g_autofree char *stage_full = heeyu_sync_meta_get (run->db, "stage_full");
  g_autofree char *stage_done = heeyu_sync_meta_get (run->db, "stage_done");
  g_autofree char *total_text = heeyu_sync_meta_get (run->db, "server_total");
  gboolean full;
  gboolean restarted = FALSE;
  guint64 done = heeyu_sync_count_rows (run->db, "SELECT count(*) FROM sync_stage");
  guint64 total = 0;

  *idle = FALSE;
  if (stage_done != NULL)
    return TRUE;   /* every page is here; the apply was interrupted */

  if (cursor != NULL)
    full = g_strcmp0 (stage_full, "1") == 0;
  else
    {
      cursor = heeyu_sync_meta_get (run->db, "cursor");
      full = cursor == NULL;
    }
  if (full && total_text)
    total = g_ascii_strtoull (total_text, NULL, 10);
  run->report->full = full;

  for (;;)
    {
      g_autoptr(HeeyuHttpReply) reply = NULL;
      g_autoptr(GString) path = g_string_new ("/v1/changes");
      g_autofree char *etag_cursor = heeyu_sync_meta_get (run->db, "etag_cursor");
      g_autofree char *etag = heeyu_sync_meta_get (run->db, "etag");
      g_autofree char *if_none_match = NULL;
      g_autofree char *counts_text = NULL;
      const char *headers[] = { NULL, NULL };
      JsonNode *root;
      JsonObject *o;
      JsonArray *items;
      const char *next;
      gboolean has_more;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      g_string_append_printf (path, "?limit=%u", run->page_limit);
      if (cursor)
        {
          g_autofree char *esc = g_uri_escape_string (cursor, NULL, FALSE);

          g_string_append_printf (path, "&cursor=%s", esc);
          if (etag && g_strcmp0 (etag_cursor, cursor) == 0 && done == 0)
            headers[0] = if_none_match = g_strconcat ("If-None-Match: ", etag, NULL);
        }

      heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_PULL, done, MAX (total, done), 1);
      reply = heeyu_sync_request (run, HEEYU_SYNC_PHASE_PULL, _("the download of changes"), "GET", path->str,
                                  headers, NULL, 0, error);
      if (reply == NULL)
        return FALSE;

      if (reply->status == 304)
        {
          *idle = TRUE;
          return TRUE;
        }
      if (reply->status == 410)
        {
          /* The cursor is older than the server's memory, or from before a
           * restore: start over, keeping the outbox. */
          if (restarted || cursor == NULL)
            {
              heeyu_http_set_status_error (reply, _("the download of changes"), error);
              return FALSE;
            }
          if (!heeyu_sync_clear_stage (run->db, TRUE, error))
            return FALSE;
          g_clear_pointer (&cursor, g_free);
          full = TRUE;
          restarted = TRUE;
          done = 0;
          run->report->full = TRUE;
          run->report->restarted = TRUE;
          continue;
        }
      if (reply->status != 200)
        {
          heeyu_http_set_status_error (reply, _("the download of changes"), error);
          return FALSE;
        }

      if (!(root = heeyu_sync_parse_reply (run, reply, _("the download of changes"), error)))
        return FALSE;
      o = json_node_get_object (root);
      if (!json_object_has_member (o, "items") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "items")) ||
          !(next = json_object_get_string_member_with_default (o, "next_cursor", NULL)) ||
          !json_object_has_member (o, "has_more"))
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                       _("The server's reply to %s is not the expected JSON."),
                       _("the download of changes"));
          return FALSE;
        }
      items = json_object_get_array_member (o, "items");
      has_more = json_object_get_boolean_member (o, "has_more");
      if (!has_more)
        {
          if (!json_object_has_member (o, "counts") ||
              !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "counts")))
            {
              g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                           _("The last page of changes has no record counts to check against."));
              return FALSE;
            }
          counts_text = json_to_string (json_object_get_member (o, "counts"), FALSE);
        }

      if (!stage_page (run, items, next, full, !has_more, counts_text, error))
        return FALSE;
      done += json_array_get_length (items);
      run->report->pulled += json_array_get_length (items);

      if (!has_more)
        {
          /* The head: remember its ETag, so that the next sync from the
           * same cursor is a 304 when nothing changed. */
          if (reply->etag && cursor && g_str_equal (next, cursor))
            {
              heeyu_sync_meta_set (run->db, "etag", reply->etag, NULL);
              heeyu_sync_meta_set (run->db, "etag_cursor", cursor, NULL);
            }
          heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_PULL, done, done, 1);
          return TRUE;
        }
      g_free (cursor);
      cursor = g_strdup (next);
    }
}


gboolean
heeyu_sync_pull (Run     *run,
                 GError **error)
{
  for (guint round = 0;; round++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean idle = FALSE;

      if (!pull_pages (run, &idle, error))
        return FALSE;
      if (idle)
        {
          g_autofree char *stamp = heeyu_sync_now_iso ();

          run->report->idle = TRUE;
          return heeyu_sync_meta_set (run->db, "last_sync", stamp, error) &&
                 heeyu_sync_meta_set (run->db, "sync_error", NULL, error);
        }
      if (heeyu_sync_apply_stage (run, &local_error))
        return TRUE;

      /* The counts disagree after an incremental session: the local copy
       * drifted (a lost tombstone…).  Start over once, keeping the
       * outbox; a full session that disagrees is reported. */
      if (g_error_matches (local_error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_MISMATCH) &&
          round == 0 && !run->report->full)
        {
          g_warning ("sync: %s; starting a full sync", local_error->message);
          if (!heeyu_sync_clear_stage (run->db, TRUE, error))
            return FALSE;
          continue;
        }
      if (g_error_matches (local_error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_MISMATCH))
        heeyu_sync_clear_stage (run->db, TRUE, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}
