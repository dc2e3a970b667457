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

/* The page's items go to the stage as the server wrote them, cut out of
 * the reply by SQLite's JSON functions: json-glib parses each record once,
 * when the session is applied, instead of the page here and every record
 * again there.  A page is read whole into SQLite's parse in C at several
 * hundred MB/s.  Each item is checked when it is parsed, at the apply,
 * before anything of the session reaches the record tables. */
static gboolean
stage_page (Run         *run,
            GBytes      *body,
            guint64     *n_items,
            const char  *next_cursor,
            gboolean     full,
            gboolean     done,
            const char  *counts,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  gsize len = 0;
  const char *text = g_bytes_get_data (body, &len);

  if (!heeyu_sql_exec (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!(insert = heeyu_sql_prepare (run->db,
                                    "INSERT INTO sync_stage (envelope) "
                                    "SELECT value FROM json_each (?1, '$.items')",
                                    error)))
    goto fail;
  sqlite3_bind_text (insert, 1, text, (int) len, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      heeyu_sync_local_fail (run->db, "staging the pulled records", error);
      goto fail;
    }
  *n_items = (guint64) sqlite3_changes (run->db);

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
      g_auto(HeeyuSyncPage) page = { 0 };
      g_autoptr(GBytes) body = NULL;
      const char *headers[] = { NULL, NULL };
      guint64 n_items = 0;
      gint64 t_request;
      gint64 t_reply;

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
      t_request = g_get_monotonic_time ();
      reply = heeyu_sync_request (run, HEEYU_SYNC_PHASE_PULL, _("the download of changes"), "GET", path->str,
                                  headers, NULL, 0, error);
      if (reply == NULL)
        return FALSE;
      t_reply = g_get_monotonic_time ();

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

      body = g_bytes_new_static (reply->body->data, reply->body->len);
      if (!heeyu_sync_read_page (run->db, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &page, error))
        return FALSE;
      if (!page.has_more && page.counts == NULL)
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                       _("The last page of changes has no record counts to check against."));
          return FALSE;
        }

      if (!stage_page (run, body, &n_items, page.next_cursor, full, !page.has_more, page.counts, error))
        return FALSE;
      done += n_items;
      run->report->pulled += n_items;
      g_debug ("sync: page of %" G_GUINT64_FORMAT " records (%u bytes): request %.1f ms, staged in %.1f ms",
               n_items, reply->body->len, (t_reply - t_request) / 1000.,
               (g_get_monotonic_time () - t_reply) / 1000.);

      if (!page.has_more)
        {
          /* The head: remember its ETag, so that the next sync from the
           * same cursor is a 304 when nothing changed. */
          if (reply->etag && cursor && g_str_equal (page.next_cursor, cursor))
            {
              heeyu_sync_meta_set (run->db, "etag", reply->etag, NULL);
              heeyu_sync_meta_set (run->db, "etag_cursor", cursor, NULL);
            }
          heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_PULL, done, done, 1);
          return TRUE;
        }
      g_free (cursor);
      cursor = g_steal_pointer (&page.next_cursor);
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
      /* A record that is not valid: the session is pulled again from the
       * last applied cursor next time, not stuck on the staged copy. */
      if (g_error_matches (local_error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL))
        heeyu_sync_clear_stage (run->db, FALSE, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}
