/* heeyu-company-export.h: the directory, or the current view, to CSV and
 * XLSX
 *
 * CSV: UTF-8 with a BOM (Excel reads Hangul correctly), RFC 4180 quoting,
 * CRLF line ends, headers are the data model's field names (the same in
 * every language, for scripts).  XLSX: localized headers, frozen header
 * row, autofilter, column widths, numbers as numbers.  In both, a text value
 * starting with =, +, -, @, tab or CR gets a leading ' so that a spreadsheet
 * never runs it as a formula; nothing else is changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "heeyu-cache.h"
#include "heeyu-company-query.h"

G_BEGIN_DECLS

typedef enum
{
  HEEYU_COMPANY_EXPORT_CSV,
  HEEYU_COMPANY_EXPORT_XLSX,
} HeeyuCompanyExportFormat;

/* From the file name's extension (.csv, .xlsx, case ignored); FALSE with a
 * message in words for anything else. */
gboolean            heeyu_company_export_format_for_path (const char                *path,
                                                          HeeyuCompanyExportFormat  *format,
                                                          GError                   **error);

/* The columns, NULL-terminated: id, name_ko, name_en, reg_no, region, city,
 * address, complex, lat, lon, founded, employees, revenue_krw_m, stages,
 * metals, products, specialized, specialized_year, certifications, website,
 * email, phone.  Lists are joined with "; ".  A missing value is an empty
 * cell. */
const char * const *heeyu_company_export_columns        (void);

/* Writes the companies @query selects, in its order (NULL: the whole
 * directory by name) to @path on @db.  @n_rows (may be NULL) gets the number
 * of companies written.  The file is written beside @path and renamed in
 * place at the end, so a failed or cancelled export leaves no half file. */
gboolean            heeyu_company_export_to_file        (sqlite3                   *db,
                                                         const HeeyuCompanyQuery   *query,
                                                         const char                *path,
                                                         HeeyuCompanyExportFormat   format,
                                                         guint                     *n_rows,
                                                         GCancellable              *cancellable,
                                                         GError                   **error);

/* The same in a worker thread on its own connection, for the UI. */
void                heeyu_company_export_async          (HeeyuCache                *cache,
                                                         const HeeyuCompanyQuery   *query,
                                                         const char                *path,
                                                         HeeyuCompanyExportFormat   format,
                                                         GCancellable              *cancellable,
                                                         GAsyncReadyCallback        callback,
                                                         gpointer                   user_data);
/* Returns the number of rows written through @n_rows. */
gboolean            heeyu_company_export_finish         (HeeyuCache                *cache,
                                                         GAsyncResult              *result,
                                                         guint                     *n_rows,
                                                         GError                   **error);

/* The text as a spreadsheet cell should hold it: with a leading ' when it
 * starts with =, +, -, @, tab or CR; otherwise a copy. */
char               *heeyu_company_export_neutralize     (const char                *text);

G_END_DECLS
