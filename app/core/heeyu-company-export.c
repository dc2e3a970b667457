/* heeyu-company-export.c: the directory to CSV and XLSX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are read one at a time by rowid, in the order of the query, and
 * written as they come: 100,000 companies never sit in memory at once.
 * XLSX goes through libxlsxwriter in constant-memory mode (rows written in
 * order, strings inline).
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "heeyu-cache-private.h"
#include "heeyu-company-edit.h"
#include "heeyu-company-export.h"

typedef enum
{
  COL_TEXT,
  COL_NUMBER,
  COL_LIST,
  COL_SPECIALIZED,
  COL_SPECIALIZED_YEAR,
} ColumnType;

typedef struct
{
  const char *name;
  ColumnType  type;
  double      width;     /* XLSX, in characters */
  const char *label;     /* XLSX header when the edit form has no label */
} Column;

static const Column columns[] = {
  { "id", COL_TEXT, 38, N_("ID") },
  { "name_ko", COL_TEXT, 28, NULL },
  { "name_en", COL_TEXT, 30, NULL },
  { "reg_no", COL_TEXT, 14, NULL },
  { "region", COL_TEXT, 8, NULL },
  { "city", COL_TEXT, 10, NULL },
  { "address", COL_TEXT, 36, NULL },
  { "complex", COL_TEXT, 24, NULL },
  { "lat", COL_NUMBER, 10, N_("Latitude") },
  { "lon", COL_NUMBER, 10, N_("Longitude") },
  { "founded", COL_NUMBER, 9, NULL },
  { "employees", COL_NUMBER, 10, NULL },
  { "revenue_krw_m", COL_NUMBER, 14, NULL },
  { "stages", COL_LIST, 24, NULL },
  { "metals", COL_LIST, 16, NULL },
  { "products", COL_TEXT, 48, NULL },
  { "specialized", COL_SPECIALIZED, 10, NULL },
  { "specialized_year", COL_SPECIALIZED_YEAR, 10, NULL },
  { "certifications", COL_LIST, 24, NULL },
  { "website", COL_TEXT, 28, NULL },
  { "email", COL_TEXT, 26, NULL },
  { "phone", COL_TEXT, 14, NULL },
};

#define N_COLUMNS G_N_ELEMENTS (columns)

/* Excel's limit for one cell. */
#define XLSX_MAX_CHARS 32767

const char * const *
heeyu_company_export_columns (void)
{
  static const char *names[N_COLUMNS + 1];

  if (names[0] == NULL)
    for (guint i = 0; i < N_COLUMNS; i++)
      names[i] = columns[i].name;
  return names;
}

gboolean
heeyu_company_export_format_for_path (const char                *path,
                                      HeeyuCompanyExportFormat  *format,
                                      GError                   **error)
{
  g_autofree char *lower = g_ascii_strdown (path ? path : "", -1);

  if (g_str_has_suffix (lower, ".csv"))
    *format = HEEYU_COMPANY_EXPORT_CSV;
  else if (g_str_has_suffix (lower, ".xlsx"))
    *format = HEEYU_COMPANY_EXPORT_XLSX;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot tell the format of “%s”: name the file .csv or .xlsx."),
                   path ? path : "");
      return FALSE;
    }
  return TRUE;
}

char *
heeyu_company_export_neutralize (const char *text)
{
  if (text == NULL)
    return g_strdup ("");
  if (strchr ("=+-@\t\r", text[0]) && text[0] != '\0')
    return g_strconcat ("'", text, NULL);
  return g_strdup (text);
}

/* One cell: a number, or text (already neutralized), or empty. */
typedef struct
{
  gboolean  is_number;
  double    number;
  char     *text;      /* NULL: empty */
} Cell;

static char *
join_list (JsonNode *node)
{
  GString *s;
  JsonArray *a;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  a = json_node_get_array (node);
  s = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *e = json_array_get_element (a, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        continue;
      if (s->len)
        g_string_append (s, "; ");
      g_string_append (s, json_node_get_string (e));
    }
  return g_string_free (s, FALSE);
}

static void
value_cell (JsonNode *node,
            Cell     *cell)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return;
  t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE)
    {
      cell->is_number = TRUE;
      cell->number = json_node_get_double (node);
    }
  else if (t == G_TYPE_STRING)
    cell->text = heeyu_company_export_neutralize (json_node_get_string (node));
  else if (t == G_TYPE_BOOLEAN)
    cell->text = g_strdup (json_node_get_boolean (node) ? "yes" : "no");
}

static void
row_cells (const char *id,
           JsonObject *data,
           Cell       *cells)
{
  JsonNode *spec = json_object_get_member (data, "specialized");
  JsonObject *spec_o = spec && JSON_NODE_HOLDS_OBJECT (spec) ? json_node_get_object (spec) : NULL;

  memset (cells, 0, sizeof (Cell) * N_COLUMNS);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      const Column *c = &columns[i];
      char *joined;

      switch (c->type)
        {
        case COL_TEXT:
        case COL_NUMBER:
          if (g_str_equal (c->name, "id"))
            cells[i].text = heeyu_company_export_neutralize (id);
          else
            value_cell (json_object_get_member (data, c->name), &cells[i]);
          break;
        case COL_LIST:
          joined = join_list (json_object_get_member (data, c->name));
          cells[i].text = joined ? heeyu_company_export_neutralize (joined) : NULL;
          g_free (joined);
          break;
        case COL_SPECIALIZED:
          if (spec_o)
            value_cell (json_object_get_member (spec_o, "designated"), &cells[i]);
          break;
        case COL_SPECIALIZED_YEAR:
          if (spec_o)
            value_cell (json_object_get_member (spec_o, "year"), &cells[i]);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static void
cells_clear (Cell *cells)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_pointer (&cells[i].text, g_free);
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (strpbrk (text, "\",\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Whole numbers without a decimal point; others in the fewest digits
   * that read back as the same double (37.39292, not 37.392919999…). */
  if (value == (double) (gint64) value && ABS (value) < 1e15)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
  else
    {
      g_ascii_formatd (buf, sizeof buf, "%.15g", value);
      if (g_ascii_strtod (buf, NULL) != value)
        g_ascii_formatd (buf, sizeof buf, "%.17g", value);
      g_string_append (out, buf);
    }
}

typedef struct
{
  HeeyuCompanyExportFormat format;
  /* CSV */
  FILE               *file;
  GString            *buf;
  /* XLSX */
  lxw_workbook       *workbook;
  lxw_worksheet      *sheet;
  lxw_format         *header_format;
  guint               row;
} Writer;

static gboolean
io_error (GError     **error,
          const char  *path,
          int          saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Cannot write “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
writer_open (Writer      *w,
             const char  *tmp_path,
             GError     **error)
{
  w->row = 0;
  if (w->format == HEEYU_COMPANY_EXPORT_CSV)
    {
      if (!(w->file = g_fopen (tmp_path, "wb")))
        return io_error (error, tmp_path, errno);
      w->buf = g_string_sized_new (1 << 16);
      /* The BOM tells Excel that the file is UTF-8 (else Hangul breaks). */
      g_string_append (w->buf, "\xEF\xBB\xBF");
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          if (i)
            g_string_append_c (w->buf, ',');
          g_string_append (w->buf, columns[i].name);
        }
      g_string_append (w->buf, "\r\n");
      return TRUE;
    }
  else
    {
      lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL };

      if (!(w->workbook = workbook_new_opt (tmp_path, &options)) ||
          !(w->sheet = workbook_add_worksheet (w->workbook, NULL)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write “%s”."), tmp_path);
          return FALSE;
        }
      w->header_format = workbook_add_format (w->workbook);
      format_set_bold (w->header_format);
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          const char *label = columns[i].label ? _(columns[i].label)
                                               : heeyu_company_edit_field_label (columns[i].name);

          worksheet_set_column (w->sheet, i, i, columns[i].width, NULL);
          worksheet_write_string (w->sheet, 0, i, label, w->header_format);
        }
      worksheet_freeze_panes (w->sheet, 1, 0);
      w->row = 1;
      return TRUE;
    }
}

static gboolean
writer_flush (Writer      *w,
              const char  *path,
              GError     **error)
{
  if (w->buf->len && fwrite (w->buf->str, 1, w->buf->len, w->file) != w->buf->len)
    return io_error (error, path, errno);
  g_string_truncate (w->buf, 0);
  return TRUE;
}

static gboolean
writer_row (Writer      *w,
            Cell        *cells,
            const char  *path,
            GError     **error)
{
  if (w->format == HEEYU_COMPANY_EXPORT_CSV)
    {
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          if (i)
            g_string_append_c (w->buf, ',');
          if (cells[i].is_number)
            csv_number (w->buf, cells[i].number);
          else if (cells[i].text)
            csv_field (w->buf, cells[i].text);
        }
      g_string_append (w->buf, "\r\n");
      if (w->buf->len > (1 << 16))
        return writer_flush (w, path, error);
      return TRUE;
    }

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (cells[i].is_number)
        worksheet_write_number (w->sheet, w->row, i, cells[i].number, NULL);
      else if (cells[i].text && *cells[i].text)
        {
          const char *text = cells[i].text;
          g_autofree char *cut = NULL;

          if (g_utf8_strlen (text, -1) > XLSX_MAX_CHARS)
            text = cut = g_utf8_substring (text, 0, XLSX_MAX_CHARS);
          worksheet_write_string (w->sheet, w->row, i, text, NULL);
        }
    }
  w->row++;
  return TRUE;
}

static gboolean
writer_close (Writer      *w,
              const char  *path,
              gboolean     ok,
              GError     **error)
{
  if (w->format == HEEYU_COMPANY_EXPORT_CSV)
    {
      if (ok)
        ok = writer_flush (w, path, error);
      if (w->buf)
        g_string_free (w->buf, TRUE);
      if (w->file && fclose (w->file) != 0 && ok)
        ok = io_error (error, path, errno);
      return ok;
    }

  if (w->workbook)
    {
      lxw_error rc;

      if (ok && w->row > 1)
        worksheet_autofilter (w->sheet, 0, 0, w->row - 1, N_COLUMNS - 1);
      else if (ok)
        worksheet_autofilter (w->sheet, 0, 0, 0, N_COLUMNS - 1);
      rc = workbook_close (w->workbook);
      if (ok && rc != LXW_NO_ERROR)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write “%s”: %s"),
                       path, lxw_strerror (rc));
          ok = FALSE;
        }
    }
  return ok;
}

gboolean
heeyu_company_export_to_file (sqlite3                   *db,
                              const HeeyuCompanyQuery   *query,
                              const char                *path,
                              HeeyuCompanyExportFormat   format,
                              guint                     *n_rows,
                              GCancellable              *cancellable,
                              GError                   **error)
{
  g_autoptr(HeeyuCompanyQuery) all = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  Writer w = { .format = format };
  Cell cells[N_COLUMNS];
  gboolean ok;
  guint written = 0;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (query == NULL)
    query = all = heeyu_company_query_new ();

  /* The snapshot of the rows and their order. */
  if (!heeyu_sql_exec (db, "SAVEPOINT company_export", error))
    return FALSE;
  if (!heeyu_company_query_run (db, query, &ids, NULL, error) ||
      !(stmt = heeyu_sql_prepare (db, "SELECT id, data FROM company WHERE rowid = ?1", error)))
    {
      sqlite3_exec (db, "RELEASE company_export", NULL, NULL, NULL);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* Keep the extension last: libxlsxwriter does not care, people might. */
  tmp_path = g_strdup_printf ("%s%c.%s.part-%u", dir, G_DIR_SEPARATOR, base, g_random_int ());

  ok = writer_open (&w, tmp_path, error);
  for (guint i = 0; ok && i < ids->len; i++)
    {
      const char *id;
      const char *json;
      JsonNode *root;

      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          continue;
        }
      id = (const char *) sqlite3_column_text (stmt, 0);
      json = (const char *) sqlite3_column_text (stmt, 1);
      if (json && json_parser_load_from_data (parser, json, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
        {
          row_cells (id, json_node_get_object (root), cells);
          ok = writer_row (&w, cells, path, error);
          cells_clear (cells);
          written++;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_exec (db, "RELEASE company_export", NULL, NULL, NULL);

  ok = writer_close (&w, path, ok, error);
  if (ok && g_rename (tmp_path, path) != 0)
    ok = io_error (error, path, errno);
  if (!ok)
    g_unlink (tmp_path);
  else if (n_rows)
    *n_rows = written;
  return ok;
}

typedef struct
{
  HeeyuCompanyQuery        *query;
  char                     *path;
  HeeyuCompanyExportFormat  format;
} ExportData;

static void
export_data_free (ExportData *d)
{
  heeyu_company_query_free (d->query);
  g_free (d->path);
  g_free (d);
}

static void
export_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *d = task_data;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  guint n = 0;
  gboolean ok;

  if (!(db = heeyu_cache_open_connection (HEEYU_CACHE (source_object), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ok = heeyu_company_export_to_file (db, d->query, d->path, d->format, &n, cancellable, &error);
  sqlite3_close (db);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n);
}

void
heeyu_company_export_async (HeeyuCache                *cache,
                            const HeeyuCompanyQuery   *query,
                            const char                *path,
                            HeeyuCompanyExportFormat   format,
                            GCancellable              *cancellable,
                            GAsyncReadyCallback        callback,
                            gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *d;

  g_return_if_fail (HEEYU_IS_CACHE (cache));
  g_return_if_fail (path != NULL);

  d = g_new0 (ExportData, 1);
  d->query = query ? heeyu_company_query_copy (query) : NULL;
  d->path = g_strdup (path);
  d->format = format;

  task = g_task_new (cache, cancellable, callback, user_data);
  g_task_set_source_tag (task, heeyu_company_export_async);
  g_task_set_task_data (task, d, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_worker);
}

gboolean
heeyu_company_export_finish (HeeyuCache    *cache,
                             GAsyncResult  *result,
                             guint         *n_rows,
                             GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, cache), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_rows)
    *n_rows = n;
  return TRUE;
}
