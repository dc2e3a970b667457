/* heeyu-cache-private.h: SQL helpers and migration internals of the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "heeyu-cache.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Sets @error to HEEYU_CACHE_ERROR_SQL with "@what: <sqlite message>";
 * returns FALSE. */
gboolean      heeyu_sql_fail              (sqlite3     *db,
                                           const char  *what,
                                           GError     **error);
gboolean      heeyu_sql_exec              (sqlite3     *db,
                                           const char  *sql,
                                           GError     **error);
sqlite3_stmt *heeyu_sql_prepare           (sqlite3     *db,
                                           const char  *sql,
                                           GError     **error);

/* Opens @path as a raw connection with the cache's pragmas, without checks or
 * migrations. */
sqlite3      *heeyu_cache_open_raw        (const char  *path,
                                           GError     **error);

/* Applies the migrations after the database's user_version up to @version
 * (each in its own transaction).  Tests use it to build a cache as an older
 * Heeyu left it. */
gboolean      heeyu_cache_migrate_to      (sqlite3     *db,
                                           int          version,
                                           GError     **error);

G_END_DECLS
