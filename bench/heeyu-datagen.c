/* heeyu-datagen.c: writes the bundled sample dataset and benchmark datasets
 *
 *   heeyu-datagen --sample [--data-dir DIR] --output FILE
 *   heeyu-datagen --companies N --observations M [--data-dir DIR] --output FILE
 *
 * FILE ending in .gz is gzip.  The output depends only on the CSVs and the
 * options: two runs give the same bytes.  docs/data.md says what is real and
 * what is made up, and how.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "heeyu-datagen-private.h"

#define SAMPLE_COMPANIES 2000

static void
metal_free (Metal *m)
{
  g_free (m->code);
  g_free (m->name_en);
  g_free (m->name_ko);
  g_free (m->group);
  g_strfreev (m->aliases_ko);
  g_strfreev (m->elements);
  g_strfreev (m->uses);
  g_free (m->price_unit);
  g_free (m);
}

static void
dataset_free (Dataset *ds)
{
  g_free (ds->data_dir);
  g_clear_pointer (&ds->metals, g_ptr_array_unref);
  g_clear_pointer (&ds->by_code, g_hash_table_unref);
  g_clear_pointer (&ds->production, dg_csv_free);
  g_clear_pointer (&ds->prices, dg_csv_free);
  g_clear_pointer (&ds->events, dg_csv_free);
  g_clear_pointer (&ds->metals_csv, dg_csv_free);
  g_free (ds);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Dataset, dataset_free)

gboolean
dg_csv_fail (GError     **error,
             DgCsv       *csv,
             guint        row,
             const char  *format,
             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s line %u: %s",
               csv->name, dg_csv_line (csv, row), what);
  return FALSE;
}

/* "a;b;c" -> strv, blanks dropped. */
static char **
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    {
      char *s = g_strstrip (parts[i]);
      if (*s)
        g_strv_builder_add (b, s);
    }
  return g_strv_builder_end (b);
}

static gboolean
parse_flag (DgCsv       *csv,
            guint        row,
            int          col,
            gboolean    *out,
            GError     **error)
{
  const char *s = dg_csv_get (csv, row, col);

  if (g_str_equal (s, "1") || g_ascii_strcasecmp (s, "true") == 0)
    *out = TRUE;
  else if (g_str_equal (s, "0") || g_ascii_strcasecmp (s, "false") == 0 || *s == '\0')
    *out = FALSE;
  else
    return dg_csv_fail (error, csv, row, "column %s must be 1 or 0, not \"%s\"",
                     csv->header[col], s);
  return TRUE;
}

/* The uses of korea-rare-metals.csv in DESIGN.md's vocabulary. */
static const char *
map_use (const char *use)
{
  static const char * const known[] = {
    "semiconductor", "ev_battery", "aviation", "defense", "display", "energy", "steel", NULL
  };

  if (g_str_equal (use, "ev"))
    return "ev_battery";
  if (g_strv_contains (known, use))
    return use;
  return NULL;
}

/* A number as USGS gives it ("600000", "13.5"), checked to be plain JSON. */
gboolean
dg_is_json_number (const char *s)
{
  const char *p = s;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0' && g_ascii_isdigit (p[1]))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

gboolean
dg_parse_year (const char *s,
               int        *out)
{
  if (strlen (s) != 4 || !g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]) ||
      !g_ascii_isdigit (s[2]) || !g_ascii_isdigit (s[3]))
    return FALSE;
  *out = atoi (s);
  return TRUE;
}

static DgCsv *
load_csv (Dataset     *ds,
          const char  *name,
          GError     **error)
{
  g_autofree char *path = g_build_filename (ds->data_dir, name, NULL);

  return dg_csv_load (path, error);
}

static gboolean
load_metals (Dataset  *ds,
             GError  **error)
{
  DgCsv *csv = ds->metals_csv;
  int c_code, c_en, c_ko, c_alias, c_group, c_elements, c_rm, c_cr, c_st, c_uses;

  if ((c_code = dg_csv_column (csv, "code", error)) < 0 ||
      (c_en = dg_csv_column (csv, "name_en", error)) < 0 ||
      (c_ko = dg_csv_column (csv, "name_ko", error)) < 0 ||
      (c_alias = dg_csv_column (csv, "aliases_ko", error)) < 0 ||
      (c_group = dg_csv_column (csv, "group", error)) < 0 ||
      (c_elements = dg_csv_column (csv, "elements", error)) < 0 ||
      (c_rm = dg_csv_column (csv, "rare_metal_35", error)) < 0 ||
      (c_cr = dg_csv_column (csv, "critical_33", error)) < 0 ||
      (c_st = dg_csv_column (csv, "strategic_10", error)) < 0 ||
      (c_uses = dg_csv_column (csv, "uses", error)) < 0)
    return FALSE;

  for (guint r = 0; r < dg_csv_n_rows (csv); r++)
    {
      Metal *m = g_new0 (Metal, 1);
      g_auto(GStrv) uses = NULL;
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

      g_ptr_array_add (ds->metals, m);
      m->code = g_strstrip (g_strdup (dg_csv_get (csv, r, c_code)));
      m->name_en = g_strdup (dg_csv_get (csv, r, c_en));
      m->name_ko = g_strdup (dg_csv_get (csv, r, c_ko));
      m->group = g_strdup (dg_csv_get (csv, r, c_group));
      m->aliases_ko = split_list (dg_csv_get (csv, r, c_alias));
      m->elements = split_list (dg_csv_get (csv, r, c_elements));
      m->order = (int) r + 1;

      if (*m->code == '\0' || *m->name_en == '\0' || *m->name_ko == '\0')
        return dg_csv_fail (error, csv, r, "code, name_en and name_ko must not be empty");
      if (g_hash_table_contains (ds->by_code, m->code))
        return dg_csv_fail (error, csv, r, "metal %s is listed twice", m->code);
      g_hash_table_insert (ds->by_code, m->code, m);

      if (!parse_flag (csv, r, c_rm, &m->rare_metal_35, error) ||
          !parse_flag (csv, r, c_cr, &m->critical_33, error) ||
          !parse_flag (csv, r, c_st, &m->strategic_10, error))
        return FALSE;

      uses = split_list (dg_csv_get (csv, r, c_uses));
      for (guint i = 0; uses[i]; i++)
        {
          const char *use = map_use (uses[i]);
          if (use == NULL)
            return dg_csv_fail (error, csv, r, "unknown use \"%s\" (known: semiconductor, ev, "
                             "aviation, defense, display, energy, steel)", uses[i]);
          g_strv_builder_add (b, use);
        }
      m->uses = g_strv_builder_end (b);

      /* Korea's 2030 goal is 100 days for the strategic minerals; the
       * others keep the public stockpile's older 60-day norm. */
      m->stockpile_target_days = m->strategic_10 ? 100 : 60;

      if (dg_metal_profile (m->code) == NULL)
        return dg_csv_fail (error, csv, r, "metal %s has no trade profile in "
                         "bench/heeyu-datagen-tables.c", m->code);
    }
  return TRUE;
}

Metal *
dg_lookup_metal (Dataset    *ds,
                 const char *code)
{
  return g_hash_table_lookup (ds->by_code, code);
}

static Dataset *
dataset_load (const char  *data_dir,
              GError     **error)
{
  g_autoptr(Dataset) ds = g_new0 (Dataset, 1);

  ds->data_dir = g_strdup (data_dir);
  ds->metals = g_ptr_array_new_with_free_func ((GDestroyNotify) metal_free);
  ds->by_code = g_hash_table_new (g_str_hash, g_str_equal);

  if (!(ds->metals_csv = load_csv (ds, "korea-rare-metals.csv", error)) ||
      !(ds->production = load_csv (ds, "usgs-mcs2024-production.csv", error)) ||
      !(ds->prices = load_csv (ds, "usgs-mcs2024-prices.csv", error)) ||
      !(ds->events = load_csv (ds, "supply-events.csv", error)))
    return NULL;
  if (!load_metals (ds, error))
    return NULL;
  return g_steal_pointer (&ds);
}

/* ------------------------------------------------------------------------ */
/* metal, methodology, event                                                */

static void
write_metals (Dataset  *ds,
              DgWriter *w)
{
  for (guint i = 0; i < ds->metals->len; i++)
    {
      Metal *m = g_ptr_array_index (ds->metals, i);

      dg_record_begin (w, "metal", m->code);
      dg_str (w, "name_en", m->name_en);
      dg_str (w, "name_ko", m->name_ko);
      dg_strv (w, "aliases_ko", (const char * const *) m->aliases_ko);
      dg_str (w, "group", m->group);
      dg_strv (w, "elements", (const char * const *) m->elements);
      dg_begin_object (w, "lists");
      dg_bool (w, "rare_metal_35", m->rare_metal_35);
      dg_bool (w, "critical_33", m->critical_33);
      dg_bool (w, "strategic_10", m->strategic_10);
      dg_end_object (w);
      dg_strv (w, "uses", (const char * const *) m->uses);
      dg_int (w, "stockpile_target_days", m->stockpile_target_days);
      dg_int (w, "order", m->order);
      dg_record_end (w);
    }
}

static void
write_band (DgWriter   *w,
            const char *code,
            const char *name_en,
            const char *name_ko,
            int         min,
            int         max)
{
  dg_begin_object (w, NULL);
  dg_str (w, "code", code);
  dg_str (w, "name_en", name_en);
  dg_str (w, "name_ko", name_ko);
  dg_int (w, "min", min);
  dg_int (w, "max", max);
  dg_end_object (w);
}

/* The supply-stability index's methodology record: the one place where the
 * sample's weights, bands and risk-matrix thresholds are set (DESIGN.md,
 * docs/methodology.md).  The bands are KOMIS's; the weights are ours. */
static void
write_stability_index_methodology (DgWriter *w)
{
  dg_record_begin (w, "methodology", "stability-index");
  dg_int (w, "version", 1);
  dg_begin_object (w, "weights");
  dg_num (w, "production_concentration", 0.30, 2);
  dg_num (w, "import_concentration", 0.25, 2);
  dg_num (w, "price_pressure", 0.20, 2);
  dg_num (w, "import_growth", 0.10, 2);
  dg_num (w, "stockpile_coverage", 0.15, 2);
  dg_end_object (w);
  dg_begin_array (w, "bands");
  write_band (w, "crisis", "Crisis", "수급위기", 0, 1);
  write_band (w, "unstable", "Unstable", "수급불안", 0, 5);
  write_band (w, "caution", "Caution", "수급주의", 5, 20);
  write_band (w, "stable", "Stable", "수급안정", 20, 80);
  write_band (w, "oversupply", "Oversupply", "공급과잉", 80, 100);
  dg_end_array (w);
  /* The EU criticality thresholds (2023 assessment). */
  dg_begin_object (w, "thresholds");
  dg_num (w, "economic_importance", 2.8, 1);
  dg_num (w, "supply_risk", 1.0, 1);
  dg_end_object (w);
  /* Scoring parameters and Korea's sector weights (docs/methodology.md). */
  dg_begin_object (w, "parameters");
  dg_int (w, "hhi_unconcentrated", 1500);
  dg_int (w, "hhi_highly_concentrated", 2500);
  dg_int (w, "price_window_years", 4);
  dg_int (w, "history_years", 10);
  dg_int (w, "event_in_force_months", 12);
  dg_int (w, "stockpile_target_days", 100);
  dg_int (w, "sr_scale", 5);
  dg_int (w, "ei_import_min_usd", 1000000);
  dg_int (w, "ei_import_full_usd", 1000000000);
  dg_end_object (w);
  dg_begin_object (w, "sector_weights");
  dg_num (w, "semiconductor", 1.0, 1);
  dg_num (w, "ev_battery", 0.8, 1);
  dg_num (w, "display", 0.5, 1);
  dg_num (w, "steel", 0.5, 1);
  dg_num (w, "energy", 0.4, 1);
  dg_num (w, "defense", 0.3, 1);
  dg_num (w, "aviation", 0.2, 1);
  dg_end_object (w);
  dg_record_end (w);
}

static gboolean
is_date (const char *s)
{
  return strlen (s) == 10 && g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[3]) &&
         s[4] == '-' && g_ascii_isdigit (s[5]) && g_ascii_isdigit (s[6]) &&
         s[7] == '-' && g_ascii_isdigit (s[8]) && g_ascii_isdigit (s[9]);
}

static gboolean
write_events (Dataset   *ds,
              DgWriter  *w,
              GError   **error)
{
  DgCsv *csv = ds->events;
  static const char * const kinds[] = {
    "export_control", "export_ban", "disruption", "policy", NULL
  };
  int c_date, c_metals, c_country, c_kind, c_en, c_ko, c_source;

  if ((c_date = dg_csv_column (csv, "date", error)) < 0 ||
      (c_metals = dg_csv_column (csv, "metals", error)) < 0 ||
      (c_country = dg_csv_column (csv, "country", error)) < 0 ||
      (c_kind = dg_csv_column (csv, "kind", error)) < 0 ||
      (c_en = dg_csv_column (csv, "title_en", error)) < 0 ||
      (c_ko = dg_csv_column (csv, "title_ko", error)) < 0 ||
      (c_source = dg_csv_column (csv, "source", error)) < 0)
    return FALSE;

  for (guint r = 0; r < dg_csv_n_rows (csv); r++)
    {
      const char *date = dg_csv_get (csv, r, c_date);
      const char *country = dg_csv_get (csv, r, c_country);
      const char *kind = dg_csv_get (csv, r, c_kind);
      g_auto(GStrv) metals = split_list (dg_csv_get (csv, r, c_metals));
      g_autoptr(GString) slug = g_string_new (date);
      g_autofree char *id = NULL;

      if (!is_date (date))
        return dg_csv_fail (error, csv, r, "date must look like 2023-08-01, not \"%s\"", date);
      if (!g_strv_contains (kinds, kind))
        return dg_csv_fail (error, csv, r, "kind must be export_control, export_ban, "
                         "disruption or policy, not \"%s\"", kind);
      if (strlen (country) != 2 || !g_ascii_isupper (country[0]) || !g_ascii_isupper (country[1]))
        return dg_csv_fail (error, csv, r, "country must be an ISO 3166-1 alpha-2 code, not \"%s\"",
                         country);
      if (metals[0] == NULL)
        return dg_csv_fail (error, csv, r, "no metals");

      /* A stable slug: date, country, metals, kind. */
      g_string_append_printf (slug, "-%s", country);
      for (guint i = 0; metals[i]; i++)
        {
          if (dg_lookup_metal (ds, metals[i]) == NULL)
            return dg_csv_fail (error, csv, r, "unknown metal \"%s\"", metals[i]);
          g_string_append_printf (slug, "-%s", metals[i]);
        }
      g_string_append_printf (slug, "-%s", kind);
      g_strdelimit (slug->str, "_", '-');
      id = g_ascii_strdown (slug->str, -1);

      dg_record_begin (w, "event", id);
      dg_strv (w, "metals", (const char * const *) metals);
      dg_str (w, "date", date);
      dg_str (w, "title_en", dg_csv_get (csv, r, c_en));
      dg_str (w, "title_ko", dg_csv_get (csv, r, c_ko));
      dg_str (w, "kind", kind);
      dg_str (w, "country", country);
      dg_str (w, "source", dg_csv_get (csv, r, c_source));
      dg_record_end (w);
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Observations                                                             */

void
dg_write_observation (DgWriter   *w,
                      const char *id,
                      const char *metal,
                      const char *indicator,
                      const char *period,
                      const char *value_text,
                      double      value,
                      int         decimals,
                      const char *unit,
                      const char *country,
                      const char *stage,
                      const char *source,
                      gboolean    estimated,
                      gboolean    synthetic)
{
  dg_record_begin (w, "observation", id);
  dg_str (w, "metal", metal);
  dg_str (w, "indicator", indicator);
  dg_str (w, "period", period);
  if (value_text)
    dg_num_text (w, "value", value_text);
  else
    dg_num (w, "value", value, decimals);
  dg_str (w, "unit", unit);
  if (country)
    dg_str (w, "country", country);
  if (stage)
    dg_str (w, "stage", stage);
  dg_str (w, "source", source);
  dg_bool (w, "estimated", estimated);
  dg_bool (w, "synthetic", synthetic);
  dg_record_end (w);
}

/* ------------------------------------------------------------------------ */

static void
write_companies (Dataset  *ds,
                 DgWriter *w,
                 guint     n)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;
  DgCompanies *companies;

  for (guint i = 0; i < ds->metals->len; i++)
    g_strv_builder_add (b, ((Metal *) g_ptr_array_index (ds->metals, i))->code);
  codes = g_strv_builder_end (b);

  companies = dg_companies_new ((const char * const *) codes);
  for (guint i = 0; i < n; i++)
    dg_companies_write (companies, w, i);
  dg_companies_free (companies);
}

int
main (int   argc,
      char *argv[])
{
  gboolean sample = FALSE;
  gint64 n_companies = -1, n_observations = -1;
  int gzip_level = -2;
  g_autofree char *data_dir = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "sample", 0, 0, G_OPTION_ARG_NONE, &sample,
      "Write the bundled sample dataset", NULL },
    { "companies", 0, 0, G_OPTION_ARG_INT64, &n_companies,
      "Number of synthetic companies (sample: 2000)", "N" },
    { "observations", 0, 0, G_OPTION_ARG_INT64, &n_observations,
      "Benchmark: number of synthetic observations (daily prices, monthly imports)", "M" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Directory of the reference CSVs (default: the source tree's resources/data)", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Output file (NDJSON; gzip when it ends in .gz)", "FILE" },
    { "gzip-level", 0, 0, G_OPTION_ARG_INT, &gzip_level,
      "gzip level 1–9 (default: 9 for the sample, 1 otherwise)", "L" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Dataset) ds = NULL;
  DgWriter *w;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  context = g_option_context_new ("- write a Heeyu NDJSON dataset");
  g_option_context_set_summary (context,
    "Writes the bundled sample dataset (--sample) or a benchmark dataset\n"
    "(--companies N --observations M) as NDJSON record envelopes.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("heeyu-datagen: %s\n", error->message);
      return 2;
    }
  if (output == NULL)
    {
      g_printerr ("heeyu-datagen: --output FILE is required\n");
      return 2;
    }
  if (!sample && n_companies < 0 && n_observations < 0)
    {
      g_printerr ("heeyu-datagen: give --sample, or --companies N and/or --observations M\n");
      return 2;
    }
  if (n_companies > G_MAXUINT || n_observations > (gint64) 1e10)
    {
      g_printerr ("heeyu-datagen: --companies or --observations is too large\n");
      return 2;
    }
  if (gzip_level == -2)
    gzip_level = sample ? 9 : 1;
  if (gzip_level < 1 || gzip_level > 9)
    {
      g_printerr ("heeyu-datagen: --gzip-level must be 1 to 9\n");
      return 2;
    }
  if (data_dir == NULL)
    data_dir = g_strdup (g_getenv ("HEEYU_SOURCE_DATA_DIR") ? g_getenv ("HEEYU_SOURCE_DATA_DIR")
                                                            : SOURCE_DATA_DIR);

  ds = dataset_load (data_dir, &error);
  if (ds == NULL)
    {
      g_printerr ("heeyu-datagen: %s\n", error->message);
      return 1;
    }

  /* Duplicate ids are checked in memory for the sample only; the benchmark
   * streams, and its ids are unique by construction. */
  w = dg_writer_open (output, gzip_level, sample, &error);
  if (w == NULL)
    {
      g_printerr ("heeyu-datagen: %s\n", error->message);
      return 1;
    }

  write_metals (ds, w);
  write_stability_index_methodology (w);
  if (!write_events (ds, w, &error))
    goto fail;
  if (sample)
    {
      if (!dg_write_production (ds, w, &error) ||
          !dg_write_usgs_prices (ds, w, &error))
        goto fail;
      dg_write_synthetic_observations (ds, w);
    }
  write_companies (ds, w, n_companies >= 0 ? (guint) n_companies
                                           : sample ? SAMPLE_COMPANIES : 0);
  if (n_observations > 0)
    dg_write_bench_observations (ds, w, (guint64) n_observations);

  if (!dg_writer_close (w, &error))
    goto fail;

  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_printerr ("heeyu-datagen: wrote %" G_GUINT64_FORMAT " records (%.1f MB of JSON) to %s "
              "in %.2f s, %.0f records/s\n", w->records, w->bytes / 1e6, output, seconds,
              w->records / MAX (seconds, 1e-6));
  dg_writer_free (w);
  return 0;

fail:
  g_printerr ("heeyu-datagen: %s\n", error->message);
  dg_writer_free (w);
  return 1;
}
