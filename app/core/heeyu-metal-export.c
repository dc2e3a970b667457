/* heeyu-metal-export.c: the per-metal table of `heeyu --export-metals`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "heeyu-index.h"
#include "heeyu-metal-export.h"

static void
append_field (GString    *line,
              const char *text)
{
  if (line->len > 0 && line->str[line->len - 1] != '\n')
    g_string_append_c (line, ',');
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (line, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else
    g_string_append (line, text);
}

static void
append_number (GString *line,
               double   value,
               int      decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!isfinite (value))
    {
      append_field (line, NULL);
      return;
    }
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  /* No "-0.0" for a value that rounds to zero. */
  if (strspn (buf, "-0.") == strlen (buf) && buf[0] == '-')
    memmove (buf, buf + 1, strlen (buf));
  append_field (line, buf);
}

static void
end_line (GString *line)
{
  g_string_append (line, "\r\n");
}

static const char * const score_columns[HEEYU_INDEX_N_COMPONENTS] = {
  "score_production_concentration",
  "score_import_concentration",
  "score_price_pressure",
  "score_import_growth",
  "score_stockpile_coverage",
};

char *
heeyu_metals_export_csv_string (GPtrArray *results)
{
  static const char * const header[] = {
    "code", "name_en", "name_ko", "index", "band", "band_ko", "crisis", "crisis_event",
    "production_hhi", "production_stage", "import_hhi", "price_pressure", "import_growth",
    "stockpile_days", "recycling_rate", "supply_risk", "economic_importance", "critical",
  };
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (results != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    append_field (csv, header[i]);
  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    append_field (csv, score_columns[i]);
  append_field (csv, "missing");
  append_field (csv, "as_of");
  append_field (csv, "methodology_version");
  end_line (csv);

  for (guint i = 0; i < results->len; i++)
    {
      const HeeyuIndexResult *r = g_ptr_array_index (results, i);
      const HeeyuIndexComponent *growth = &r->components[HEEYU_INDEX_IMPORT_GROWTH];
      g_autofree char *missing = g_strjoinv (";", r->missing ? r->missing : (char *[]) { NULL });

      append_field (csv, r->metal);
      append_field (csv, r->name_en);
      append_field (csv, r->name_ko);
      append_number (csv, r->has_index ? r->index : NAN, 1);
      append_field (csv, r->band_code);
      append_field (csv, r->band_name_ko);
      append_field (csv, r->crisis ? "true" : "false");
      append_field (csv, r->crisis ? r->crisis_event_title_en : NULL);
      append_number (csv, r->production_hhi, 0);
      append_field (csv, r->production_stage);
      append_number (csv, r->import_hhi, 0);
      append_number (csv, r->price_pressure, 1);
      append_number (csv, growth->present ? growth->raw : NAN, 1);
      append_number (csv, r->stockpile_days, 0);
      append_number (csv, r->recycling_rate, 2);
      append_number (csv, r->supply_risk, 2);
      append_number (csv, r->economic_importance, 2);
      append_field (csv, r->critical ? "true" : "false");
      for (guint c = 0; c < HEEYU_INDEX_N_COMPONENTS; c++)
        append_number (csv, r->components[c].score, 1);
      append_field (csv, missing);
      append_field (csv, r->as_of);
      append_field (csv, r->methodology_version);
      end_line (csv);
    }
  return g_string_free (csv, FALSE);
}

gboolean
heeyu_metals_export_csv (sqlite3     *db,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *csv = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  results = heeyu_index_compute_all (db, error);
  if (results == NULL)
    return FALSE;
  csv = heeyu_metals_export_csv_string (results);
  /* Written beside @path and renamed over it: a failed export leaves the
   * previous file as it was. */
  return g_file_set_contents (path, csv, -1, error);
}
