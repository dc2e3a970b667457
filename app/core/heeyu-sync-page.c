/* heeyu-sync-page.c: reading a page of changes from the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two places where the sync reads what the server wrote: the frame
 * of a page (heeyu-sync-pull.c) and each of its items (heeyu-sync-apply.c).
 * Kept apart, on SQLite, json-glib and heeyu-record.c alone, so that the
 * fuzz target (tests/sync/fuzz-sync-page.c) runs exactly this code.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "heeyu-sync-private.h"

G_DEFINE_QUARK (heeyu-sync-error-quark, heeyu_sync_error)

void
heeyu_sync_page_clear (HeeyuSyncPage *page)
{
  g_clear_pointer (&page->next_cursor, g_free);
  g_clear_pointer (&page->counts, g_free);
}

/* One pass of SQLite's JSON parser over the top-level members; the items
 * are only rendered as text when staged.  Malformed JSON, an array or a
 * scalar have no such members: a PROTOCOL error. */
gboolean
heeyu_sync_read_page (sqlite3        *db,
                      const char     *text,
                      gsize           len,
                      HeeyuSyncPage  *page,
                      GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean has_more_seen = FALSE;
  int rc;

  if (len > G_MAXINT ||
      sqlite3_prepare_v2 (db, "SELECT key, type, atom, CASE WHEN key = 'counts' THEN value END "
                              "FROM json_each (?1)", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_LOCAL,
                   _("Cannot read a page of changes: %s"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  sqlite3_bind_text (stmt, 1, text, (int) len, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (key, "items") == 0)
        page->has_items = g_strcmp0 (type, "array") == 0;
      else if (g_strcmp0 (key, "next_cursor") == 0 && g_strcmp0 (type, "text") == 0)
        {
          g_free (page->next_cursor);
          page->next_cursor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        }
      else if (g_strcmp0 (key, "has_more") == 0 &&
               (g_strcmp0 (type, "true") == 0 || g_strcmp0 (type, "false") == 0))
        {
          has_more_seen = TRUE;
          page->has_more = g_str_equal (type, "true");
        }
      else if (g_strcmp0 (key, "counts") == 0 && g_strcmp0 (type, "object") == 0)
        {
          g_free (page->counts);
          page->counts = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
        }
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_DONE && page->has_items && page->next_cursor != NULL && has_more_seen)
    return TRUE;

  g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
               _("The server's reply to %s is not the expected JSON."),
               _("the download of changes"));
  return FALSE;
}

HeeyuEnvelope *
heeyu_sync_parse_item (JsonParser  *parser,
                       const char  *text,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  HeeyuEnvelope *env = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &local_error) ||
      !(env = heeyu_envelope_from_json (json_parser_get_root (parser), &local_error)))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The server sent a record that is not valid: %s"), local_error->message);
      return NULL;
    }
  return env;
}
