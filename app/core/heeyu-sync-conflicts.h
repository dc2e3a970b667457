/* heeyu-sync-conflicts.h: edits the server did not take, kept for the user
 *
 * A push answered "conflict" (the record changed on the server since the
 * edit began) or "rejected" (the server refused the edit) moves the edit
 * from the outbox to the conflict table, with the server's version.  The
 * record keeps the user's version locally, and pulls do not overwrite it,
 * until the user picks "keep mine" (the edit goes back to the outbox, based
 * on the server's rev) or "take theirs" (the server's version replaces it).
 * Nothing is dropped without the user's word.
 *
 * @db is a cache's connection (heeyu_cache_get_db()): the tables are cache
 * migration 6.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  char     *kind;
  char     *record_id;
  char     *op;             /* "upsert" or "delete" */
  gint64    base_rev;       /* the rev the edit started from */
  char     *local_data;     /* JSON object of the edit, NULL for a delete */
  char     *server;         /* JSON envelope of the server's version, or NULL */
  gint64    server_rev;     /* 0 when unknown */
  gboolean  server_deleted;
  char     *problem;        /* for a rejected edit: the server's reason; else NULL */
  char     *created_at;
} HeeyuConflict;

void          heeyu_conflict_free          (HeeyuConflict  *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuConflict, heeyu_conflict_free)

/* Every conflict, oldest first: a GPtrArray of HeeyuConflict. */
GPtrArray    *heeyu_conflicts_list         (sqlite3        *db,
                                            GError        **error);
guint         heeyu_conflicts_count        (sqlite3        *db);
/* TRUE when a conflict or an outbox entry waits for this record. */
gboolean      heeyu_sync_record_is_pending (sqlite3        *db,
                                            const char     *kind,
                                            const char     *id);

/* "Keep mine": the edit goes back to the outbox with base_rev = the
 * server's rev, to be pushed by the next sync.  A rejected edit cannot be
 * kept (the server would refuse it again): HEEYU_SYNC_ERROR_FORBIDDEN. */
gboolean      heeyu_conflict_keep_mine     (sqlite3        *db,
                                            gint64          conflict_id,
                                            GError        **error);
/* "Take theirs": the server's version replaces the local record (or
 * removes it, for a deletion), the edit is dropped. */
gboolean      heeyu_conflict_take_theirs   (sqlite3        *db,
                                            gint64          conflict_id,
                                            GError        **error);

G_END_DECLS
