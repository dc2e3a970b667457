/* heeyu-cache.h: the local SQLite copy of the center's dataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define HEEYU_CACHE_ERROR (heeyu_cache_error_quark ())

typedef enum
{
  HEEYU_CACHE_ERROR_OPEN,       /* the file cannot be opened or created */
  HEEYU_CACHE_ERROR_CORRUPT,    /* PRAGMA quick_check failed */
  HEEYU_CACHE_ERROR_TOO_NEW,    /* written by a newer Heeyu */
  HEEYU_CACHE_ERROR_SQL,        /* a statement failed */
} HeeyuCacheError;

#define HEEYU_TYPE_CACHE (heeyu_cache_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuCache, heeyu_cache, HEEYU, CACHE, GObject)

GQuark       heeyu_cache_error_quark          (void);

/* The default location: $XDG_DATA_HOME/heeyu/heeyu.db */
char        *heeyu_cache_default_path         (void);

/* Opens (creating if needed) the cache at @path, applies the pragmas, runs
 * PRAGMA quick_check and the pending migrations.  On corruption it fails with
 * HEEYU_CACHE_ERROR_CORRUPT; see heeyu_cache_recover(). */
HeeyuCache  *heeyu_cache_open                 (const char   *path,
                                               GError      **error);

typedef enum
{
  HEEYU_CACHE_OPEN_DEFAULT     = 0,
  /* Skip quick_check at open; the caller runs heeyu_cache_check() itself
   * (the window does, in a worker, so a large cache shows at once). */
  HEEYU_CACHE_OPEN_DEFER_CHECK = 1 << 0,
} HeeyuCacheOpenFlags;

HeeyuCache  *heeyu_cache_open_with_flags      (const char           *path,
                                               HeeyuCacheOpenFlags   flags,
                                               GError              **error);

/* PRAGMA quick_check on a connection of its own; any thread.  Fails with
 * HEEYU_CACHE_ERROR_CORRUPT when the file is damaged. */
gboolean     heeyu_cache_check                (HeeyuCache    *self,
                                               GCancellable  *cancellable,
                                               GError       **error);

/* Saves the outbox of a corrupt cache beside it, moves the broken file aside
 * (heeyu.db.corrupt-<timestamp>) and opens a fresh cache with the outbox
 * restored.  @saved_outbox is set to the number of pending edits kept. */
HeeyuCache  *heeyu_cache_recover              (const char   *path,
                                               guint        *saved_outbox,
                                               char        **moved_to,
                                               GError      **error);

const char  *heeyu_cache_get_path             (HeeyuCache   *self);
/* The connection of the thread that opened the cache. */
sqlite3     *heeyu_cache_get_db               (HeeyuCache   *self);
/* A new connection to the same file for a worker thread; close it with
 * sqlite3_close() in that thread. */
sqlite3     *heeyu_cache_open_connection      (HeeyuCache   *self,
                                               GError      **error);

int          heeyu_cache_get_schema_version   (HeeyuCache   *self);
int          heeyu_cache_get_latest_version   (void);

gboolean     heeyu_cache_is_empty             (HeeyuCache   *self);
gint64       heeyu_cache_count                (HeeyuCache   *self,
                                               const char   *kind);
guint        heeyu_cache_outbox_count         (HeeyuCache   *self);

/* Key/value state: "cursor", "last_sync", "dataset" ("sample" or a server URL),
 * "data_as_of" ... NULL when unset. */
char        *heeyu_cache_get_meta             (HeeyuCache   *self,
                                               const char   *key);
gboolean     heeyu_cache_set_meta             (HeeyuCache   *self,
                                               const char   *key,
                                               const char   *value,
                                               GError      **error);

/* The JSON printed by `heeyu --status`. */
char        *heeyu_cache_status_json          (HeeyuCache   *self);

G_END_DECLS
