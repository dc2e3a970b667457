/* heeyu-datagen-csv.c: an RFC 4180 CSV reader for the reference files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-datagen-private.h"

void
dg_csv_free (DgCsv *csv)
{
  if (csv == NULL)
    return;
  g_free (csv->name);
  g_strfreev (csv->header);
  g_ptr_array_unref (csv->rows);
  g_array_unref (csv->lines);
  g_free (csv);
}

/* Splits @text into records of fields.  Fails on a quote that never closes,
 * or on text right after a closing quote ("a"b), naming the line. */
static GPtrArray *
parse_records (const char  *name,
               const char  *text,
               gsize        len,
               GArray      *lines,
               GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text, *end = text + len;
  guint line = 1, record_line = 1;
  gboolean at_record_start = TRUE;

  while (p < end)
    {
      gboolean quoted = FALSE;

      if (at_record_start)
        {
          record_line = line;
          /* Blank lines between records carry nothing. */
          if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))
            {
              p += (*p == '\r') ? 2 : 1;
              line++;
              continue;
            }
          at_record_start = FALSE;
        }

      g_string_truncate (field, 0);
      if (*p == '"')
        {
          guint open_line = line;

          quoted = TRUE;
          p++;
          for (;;)
            {
              if (p >= end)
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "%s line %u: a quoted field is never closed", name, open_line);
                  return NULL;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\n')
                line++;
              g_string_append_c (field, *p++);
            }
        }
      else
        {
          while (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && p + 1 < end && p[1] == '\n'))
            {
              if (*p == '"')
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "%s line %u: a quote inside an unquoted field "
                               "(quote the whole field and double the quote)", name, line);
                  return NULL;
                }
              g_string_append_c (field, *p++);
            }
        }

      g_ptr_array_add (fields, g_strndup (field->str, field->len));

      if (p >= end || *p == '\n' || *p == '\r')
        {
          if (p < end)
            {
              p += (*p == '\r') ? 2 : 1;
              line++;
            }
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
          g_ptr_array_set_free_func (fields, g_free);
          g_array_append_val (lines, record_line);
          at_record_start = TRUE;
        }
      else if (*p == ',')
        {
          p++;
          if (p >= end)
            {
              /* "a,b," at the very end: one more, empty, field. */
              g_ptr_array_add (fields, g_strdup (""));
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
              g_ptr_array_set_free_func (fields, g_free);
              g_array_append_val (lines, record_line);
            }
        }
      else if (quoted)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s line %u: unexpected text after a closing quote", name, line);
          return NULL;
        }
    }

  return g_steal_pointer (&records);
}

DgCsv *
dg_csv_load (const char  *path,
             GError     **error)
{
  g_autoptr(DgCsv) csv = g_new0 (DgCsv, 1);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) records = NULL;
  const char *text;
  const char *bad;
  gsize len;
  guint n_columns;

  csv->name = g_path_get_basename (path);
  csv->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  text = contents;
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      len -= 3;
    }
  if (!g_utf8_validate_len (text, len, &bad))
    {
      guint line = 1;

      for (const char *p = text; p < bad; p++)
        line += (*p == '\n');
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s line %u: the file is not valid UTF-8", csv->name, line);
      return NULL;
    }

  records = parse_records (csv->name, text, len, csv->lines, error);
  if (records == NULL)
    return NULL;
  if (records->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: the file is empty (a header line is needed)", csv->name);
      return NULL;
    }

  csv->header = g_ptr_array_steal_index (records, 0);
  g_array_remove_index (csv->lines, 0);
  n_columns = g_strv_length (csv->header);

  for (guint i = 0; i < records->len; i++)
    {
      char **row = g_ptr_array_index (records, i);
      guint n = g_strv_length (row);

      if (n != n_columns)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s line %u: %u fields, but the header has %u",
                       csv->name, g_array_index (csv->lines, guint, i), n, n_columns);
          return NULL;
        }
    }
  g_ptr_array_extend_and_steal (csv->rows, g_steal_pointer (&records));

  return g_steal_pointer (&csv);
}

int
dg_csv_column (DgCsv       *csv,
               const char  *name,
               GError     **error)
{
  for (guint i = 0; csv->header[i]; i++)
    if (g_str_equal (g_strstrip (csv->header[i]), name))
      return (int) i;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s: the header has no column \"%s\"", csv->name, name);
  return -1;
}

guint
dg_csv_n_rows (DgCsv *csv)
{
  return csv->rows->len;
}

const char *
dg_csv_get (DgCsv *csv,
            guint  row,
            int    column)
{
  char **fields = g_ptr_array_index (csv->rows, row);

  g_assert (column >= 0);
  return fields[column];
}

guint
dg_csv_line (DgCsv *csv,
             guint  row)
{
  return g_array_index (csv->lines, guint, row);
}
