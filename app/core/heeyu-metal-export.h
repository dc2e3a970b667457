/* heeyu-metal-export.h: the per-metal table of `heeyu --export-metals`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The CSV (RFC 4180: comma separated, CRLF, fields quoted when needed; UTF-8)
 * of @results (HeeyuIndexResult), one row per metal after a header row.
 * Numbers use '.' whatever the locale; an absent figure is an empty cell. */
char     *heeyu_metals_export_csv_string (GPtrArray   *results);

/* Scores every metal of the cache with heeyu_index_compute_all() (the same
 * figures as the dashboard) and writes the CSV to @path, replacing it whole
 * or not at all. */
gboolean  heeyu_metals_export_csv        (sqlite3     *db,
                                          const char  *path,
                                          GError     **error);

G_END_DECLS
