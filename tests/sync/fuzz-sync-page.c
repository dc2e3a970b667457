/* fuzz-sync-page.c: libFuzzer target for the sync's page parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds any bytes to what the sync runs on a reply of GET /v1/changes:
 * heeyu_sync_read_page() for the frame, and, for a page that has one,
 * each item cut out with json_each as the stage does and parsed with
 * heeyu_sync_parse_item() as the apply does.  Either a page or an error
 * in words; never a crash, a leak or undefined behaviour (built with
 * AddressSanitizer and UBSan).  Seeds: tests/sync/corpus/, real pages.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "heeyu-sync-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static sqlite3 *db;
  g_auto(HeeyuSyncPage) page = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  sqlite3_stmt *items = NULL;

  if (db == NULL && sqlite3_open (":memory:", &db) != SQLITE_OK)
    g_error ("cannot open SQLite in memory");

  if (!heeyu_sync_read_page (db, (const char *) data, size, &page, &error))
    {
      g_assert_nonnull (error);
      g_assert_cmpuint (strlen (error->message), >, 0);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (page.next_cursor);

  parser = json_parser_new_immutable ();
  if (sqlite3_prepare_v2 (db, "SELECT value FROM json_each (?1, '$.items')", -1, &items, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  sqlite3_bind_text (items, 1, (const char *) data, (int) size, SQLITE_STATIC);
  while (sqlite3_step (items) == SQLITE_ROW)
    {
      g_autoptr(GError) item_error = NULL;
      HeeyuEnvelope *env = heeyu_sync_parse_item (parser, (const char *) sqlite3_column_text (items, 0),
                                                  &item_error);

      if (env)
        {
          g_assert_nonnull (env->kind);
          g_assert_nonnull (env->id);
          heeyu_envelope_free (env);
        }
      else
        g_assert_nonnull (item_error);
    }
  sqlite3_finalize (items);
  return 0;
}
