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
#define FIRST_YEAR 2019
#define LAST_YEAR 2023
#define N_YEARS (LAST_YEAR - FIRST_YEAR + 1)
/* USGS price years reach back to 2018 (cobalt). */
#define PRICE_FIRST_YEAR 2015

typedef struct
{
  char     *code;
  char     *name_en;
  char     *name_ko;
  char     *group;
  char    **aliases_ko;
  char    **elements;
  char    **uses;
  gboolean  rare_metal_35;
  gboolean  critical_33;
  gboolean  strategic_10;
  int       order;
  int       stockpile_target_days;

  /* The annual price series the sample carries for this metal: USGS when
   * it has one, else synthetic.  0 = no price that year. */
  double    price[LAST_YEAR - PRICE_FIRST_YEAR + 1];
  char     *price_unit;
  gboolean  price_synthetic;
} Metal;

typedef struct
{
  char       *data_dir;
  GPtrArray  *metals;       /* Metal, in KIRAM order */
  GHashTable *by_code;      /* code -> Metal */
  DgCsv      *production;
  DgCsv      *prices;
  DgCsv      *events;
  DgCsv      *metals_csv;
} Dataset;

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

static gboolean G_GNUC_PRINTF (4, 5)
csv_fail (GError     **error,
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
    return csv_fail (error, csv, row, "column %s must be 1 or 0, not \"%s\"",
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
static gboolean
is_json_number (const char *s)
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

static gboolean
parse_year (const char *s,
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
        return csv_fail (error, csv, r, "code, name_en and name_ko must not be empty");
      if (g_hash_table_contains (ds->by_code, m->code))
        return csv_fail (error, csv, r, "metal %s is listed twice", m->code);
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
            return csv_fail (error, csv, r, "unknown use \"%s\" (known: semiconductor, ev, "
                             "aviation, defense, display, energy, steel)", uses[i]);
          g_strv_builder_add (b, use);
        }
      m->uses = g_strv_builder_end (b);

      /* Korea's 2030 goal is 100 days for the strategic minerals; the
       * others keep the public stockpile's older 60-day norm. */
      m->stockpile_target_days = m->strategic_10 ? 100 : 60;

      if (dg_metal_profile (m->code) == NULL)
        return csv_fail (error, csv, r, "metal %s has no trade profile in "
                         "bench/heeyu-datagen-tables.c", m->code);
    }
  return TRUE;
}

static Metal *
lookup_metal (Dataset    *ds,
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
        return csv_fail (error, csv, r, "date must look like 2023-08-01, not \"%s\"", date);
      if (!g_strv_contains (kinds, kind))
        return csv_fail (error, csv, r, "kind must be export_control, export_ban, "
                         "disruption or policy, not \"%s\"", kind);
      if (strlen (country) != 2 || !g_ascii_isupper (country[0]) || !g_ascii_isupper (country[1]))
        return csv_fail (error, csv, r, "country must be an ISO 3166-1 alpha-2 code, not \"%s\"",
                         country);
      if (metals[0] == NULL)
        return csv_fail (error, csv, r, "no metals");

      /* A stable slug: date, country, metals, kind. */
      g_string_append_printf (slug, "-%s", country);
      for (guint i = 0; metals[i]; i++)
        {
          if (lookup_metal (ds, metals[i]) == NULL)
            return csv_fail (error, csv, r, "unknown metal \"%s\"", metals[i]);
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
/* USGS observations                                                        */

static void
write_observation (DgWriter   *w,
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

static gboolean
write_production (Dataset   *ds,
                  DgWriter  *w,
                  GError   **error)
{
  DgCsv *csv = ds->production;
  int c_metal, c_stage, c_country, c_year, c_qty, c_unit, c_source;

  if ((c_metal = dg_csv_column (csv, "metal", error)) < 0 ||
      (c_stage = dg_csv_column (csv, "stage", error)) < 0 ||
      (c_country = dg_csv_column (csv, "country", error)) < 0 ||
      (c_year = dg_csv_column (csv, "year", error)) < 0 ||
      (c_qty = dg_csv_column (csv, "quantity", error)) < 0 ||
      (c_unit = dg_csv_column (csv, "unit", error)) < 0 ||
      (c_source = dg_csv_column (csv, "source", error)) < 0)
    return FALSE;

  for (guint r = 0; r < dg_csv_n_rows (csv); r++)
    {
      const char *usgs_metal = dg_csv_get (csv, r, c_metal);
      const char *usgs_country = dg_csv_get (csv, r, c_country);
      const char *stage = dg_csv_get (csv, r, c_stage);
      const char *year = dg_csv_get (csv, r, c_year);
      const char *qty = dg_csv_get (csv, r, c_qty);
      const char *source = dg_csv_get (csv, r, c_source);
      const char *metal = dg_usgs_metal_code (usgs_metal);
      const char *country = dg_country_code (usgs_country);
      g_autofree char *id = NULL;
      int y;

      if (metal == NULL || lookup_metal (ds, metal) == NULL)
        return csv_fail (error, csv, r, "no metal code for USGS commodity \"%s\" "
                         "(add it to bench/heeyu-datagen-tables.c)", usgs_metal);
      if (country == NULL)
        return csv_fail (error, csv, r, "no ISO 3166-1 code for USGS country \"%s\" "
                         "(add it to bench/heeyu-datagen-tables.c)", usgs_country);
      if (!parse_year (year, &y))
        return csv_fail (error, csv, r, "year must be four digits, not \"%s\"", year);
      if (*stage == '\0' || strchr (stage, '/'))
        return csv_fail (error, csv, r, "stage must be a word like mine or refinery, not \"%s\"",
                         stage);
      if (!is_json_number (qty))
        {
          /* USGS writes W (withheld) or NA where there is no figure: nothing
           * to carry, so say so and go on. */
          g_printerr ("%s line %u: no number in quantity \"%s\" (%s, %s %s); row left out\n",
                      csv->name, dg_csv_line (csv, r), qty, usgs_metal, usgs_country, year);
          continue;
        }

      id = g_strdup_printf ("%s/production/%s/%s/%s", metal, year, country, stage);
      write_observation (w, id, metal, "production", year, qty, 0, 0,
                         dg_csv_get (csv, r, c_unit), country, stage, source,
                         strstr (source, "estimated") != NULL, FALSE);
    }
  return TRUE;
}

/* Where a metal has two USGS price series (two grades, two markets), the one
 * the sample carries; the index needs one series in one unit per metal. */
static const struct
{
  const char *usgs_metal;
  const char *unit_contains;
} preferred_price_series[] = {
  { "gallium", "low-purity" },           /* the benchmark traded grade */
  { "germanium", "germanium metal" },
  { "indium", "Rotterdam" },             /* the international market */
  { "cobalt", "LME cash" },
  { "graphite (natural)", "flake" },     /* the battery-relevant form */
  { "magnesium (metal)", "European" },
};

static gboolean
is_preferred_series (DgCsv      *csv,
                     int         c_metal,
                     int         c_unit,
                     guint       row)
{
  const char *usgs_metal = dg_csv_get (csv, row, c_metal);
  const char *unit = dg_csv_get (csv, row, c_unit);
  gboolean listed = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (preferred_price_series); i++)
    if (g_str_equal (preferred_price_series[i].usgs_metal, usgs_metal))
      {
        listed = TRUE;
        if (strstr (unit, preferred_price_series[i].unit_contains))
          return TRUE;
      }
  if (listed)
    return FALSE;

  /* Not listed: the metal must have one series only. */
  for (guint r = 0; r < dg_csv_n_rows (csv); r++)
    if (g_str_equal (dg_csv_get (csv, r, c_metal), usgs_metal) &&
        !g_str_equal (dg_csv_get (csv, r, c_unit), unit))
      return FALSE;
  return TRUE;
}

static gboolean
emit_price (Dataset     *ds,
            DgWriter    *w,
            DgCsv       *csv,
            guint        row,
            const char  *metal_code,
            int          year,
            const char  *price,
            const char  *unit,
            const char  *source,
            GError     **error)
{
  Metal *m = lookup_metal (ds, metal_code);
  g_autofree char *id = NULL;
  g_autofree char *period = g_strdup_printf ("%d", year);

  if (m == NULL)
    return csv_fail (error, csv, row, "metal %s is not in korea-rare-metals.csv", metal_code);
  if (m->price_unit && !g_str_equal (m->price_unit, unit))
    return csv_fail (error, csv, row, "%s has two price units (\"%s\", \"%s\"): list the one "
                     "to keep in preferred_price_series", metal_code, m->price_unit, unit);
  if (m->price[year - PRICE_FIRST_YEAR] > 0)
    return csv_fail (error, csv, row, "a second %s price for %d", metal_code, year);
  if (m->price_unit == NULL)
    m->price_unit = g_strdup (unit);
  m->price[year - PRICE_FIRST_YEAR] = g_ascii_strtod (price, NULL);

  id = g_strdup_printf ("%s/price/%d", metal_code, year);
  write_observation (w, id, metal_code, "price", period, price, 0, 0, unit, NULL, NULL,
                     source, strstr (source, "estimated") != NULL, FALSE);
  return TRUE;
}

static gboolean
write_usgs_prices (Dataset   *ds,
                   DgWriter  *w,
                   GError   **error)
{
  DgCsv *csv = ds->prices;
  int c_metal, c_year, c_price, c_unit, c_source;

  if ((c_metal = dg_csv_column (csv, "metal", error)) < 0 ||
      (c_year = dg_csv_column (csv, "year", error)) < 0 ||
      (c_price = dg_csv_column (csv, "price", error)) < 0 ||
      (c_unit = dg_csv_column (csv, "unit", error)) < 0 ||
      (c_source = dg_csv_column (csv, "source", error)) < 0)
    return FALSE;

  for (guint r = 0; r < dg_csv_n_rows (csv); r++)
    {
      const char *usgs_metal = dg_csv_get (csv, r, c_metal);
      const char *price = dg_csv_get (csv, r, c_price);
      const char *unit = dg_csv_get (csv, r, c_unit);
      const char *source = dg_csv_get (csv, r, c_source);
      const char *code = dg_usgs_metal_code (usgs_metal);
      int year;

      if (code == NULL)
        return csv_fail (error, csv, r, "no metal code for USGS commodity \"%s\" "
                         "(add it to bench/heeyu-datagen-tables.c)", usgs_metal);
      if (!parse_year (dg_csv_get (csv, r, c_year), &year) ||
          year < PRICE_FIRST_YEAR || year > LAST_YEAR)
        return csv_fail (error, csv, r, "year must be %d–%d, not \"%s\"",
                         PRICE_FIRST_YEAR, LAST_YEAR, dg_csv_get (csv, r, c_year));
      if (!is_json_number (price) || g_ascii_strtod (price, NULL) <= 0)
        {
          g_printerr ("%s line %u: no price in \"%s\" (%s %d); row left out\n",
                      csv->name, dg_csv_line (csv, r), price, usgs_metal, year);
          continue;
        }
      if (!is_preferred_series (csv, c_metal, c_unit, r))
        continue;

      if (!emit_price (ds, w, csv, r, code, year, price, unit, source, error))
        return FALSE;
      /* REE as a group gets the neodymium-oxide series: NdPr carries most of
       * the value of a rare-earth basket. */
      if (g_str_equal (code, "Nd") &&
          !emit_price (ds, w, csv, r, "REE", year, price, unit, source, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Synthetic observations                                                   */

static int
decimals_for (double v)
{
  return v >= 100 ? 0 : v >= 1 ? 2 : 3;
}

static double
round_to (double v,
          int    decimals)
{
  double scale = 1;

  for (int i = 0; i < decimals; i++)
    scale *= 10;
  return (double) (gint64) (v * scale + (v >= 0 ? 0.5 : -0.5)) / scale;
}

static void
write_synthetic (DgWriter   *w,
                 const char *id,
                 const char *metal,
                 const char *indicator,
                 const char *period,
                 double      value,
                 int         decimals,
                 const char *unit,
                 const char *country)
{
  write_observation (w, id, metal, indicator, period, NULL, value, decimals, unit, country,
                     NULL, DG_SYNTHETIC_SOURCE, FALSE, TRUE);
}

/* A synthetic annual price for metals USGS gives none: a random walk that
 * ends at the profile's 2023 level. */
static void
write_synthetic_annual_prices (Metal    *m,
                               DgWriter *w)
{
  const DgMetalProfile *p = dg_metal_profile (m->code);
  DgRand r;
  double v = p->price_2023;
  g_autofree char *name = g_strdup_printf ("%s/annual-price", m->code);

  g_assert (p->price_unit != NULL);
  dg_rand_init_named (&r, name);
  m->price_unit = g_strdup (p->price_unit);
  m->price_synthetic = TRUE;
  for (int y = LAST_YEAR; y >= FIRST_YEAR; y--)
    {
      m->price[y - PRICE_FIRST_YEAR] = round_to (v, decimals_for (v));
      v = v / (1 + 0.12 * dg_rand_normalish (&r));
    }
  for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
    {
      double price = m->price[y - PRICE_FIRST_YEAR];
      g_autofree char *id = g_strdup_printf ("%s/price/%d", m->code, y);
      g_autofree char *period = g_strdup_printf ("%d", y);

      write_synthetic (w, id, m->code, "price", period, price, decimals_for (price),
                       m->price_unit, NULL);
    }
}

/* Monthly prices whose mean in each year is exactly the annual price: a
 * random walk gives the shape, each year is scaled to its annual mean, and
 * the last month takes the rounding remainder (in cents). */
static void
write_monthly_prices (Metal    *m,
                      DgWriter *w)
{
  double level[N_YEARS * 12];
  g_autofree char *name = g_strdup_printf ("%s/monthly-price", m->code);
  DgRand r;
  double x = 1;

  dg_rand_init_named (&r, name);
  for (guint i = 0; i < G_N_ELEMENTS (level); i++)
    {
      x *= 1 + 0.035 * dg_rand_normalish (&r);
      x = CLAMP (x, 0.5, 2.0);
      level[i] = x;
    }

  for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
    {
      double annual = m->price[y - PRICE_FIRST_YEAR];
      const double *lv = &level[(y - FIRST_YEAR) * 12];
      gint64 annual_cents, total, sum = 0, cents[12];
      double mean = 0;

      if (annual <= 0)
        continue;
      annual_cents = (gint64) (annual * 100 + 0.5);
      total = annual_cents * 12;
      for (int k = 0; k < 12; k++)
        mean += lv[k] / 12;
      for (int k = 0; k < 11; k++)
        {
          cents[k] = (gint64) (annual_cents * (lv[k] / mean) + 0.5);
          sum += cents[k];
        }
      cents[11] = total - sum;
      if (cents[11] <= 0)
        {
          /* Too coarse for a shape (a price of a few cents): flat. */
          for (int k = 0; k < 12; k++)
            cents[k] = annual_cents;
        }

      for (int k = 0; k < 12; k++)
        {
          g_autofree char *period = g_strdup_printf ("%d-%02d", y, k + 1);
          g_autofree char *id = g_strdup_printf ("%s/price/%s", m->code, period);

          write_synthetic (w, id, m->code, "price", period, cents[k] / 100.0, 2,
                           m->price_unit, NULL);
        }
    }
}

typedef struct
{
  char   code[8];
  double weight;
} Source;

static GArray *
parse_sources (const char *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Source));

  for (guint i = 0; parts[i]; i++)
    {
      Source s = { { 0 }, 0 };
      const char *colon = strchr (parts[i], ':');

      g_assert (colon != NULL && colon - parts[i] < (gssize) sizeof s.code);
      memcpy (s.code, parts[i], colon - parts[i]);
      s.weight = g_ascii_strtod (colon + 1, NULL);
      g_array_append_val (out, s);
    }
  return out;
}

/* The price of @year relative to 2023, from the metal's annual series (the
 * nearest year when that one is missing), bounded to keep unit values sane. */
static double
price_index (Metal *m,
             int    year)
{
  double base = 0, v = 0;

  for (int d = 0; d <= LAST_YEAR - PRICE_FIRST_YEAR && base <= 0; d++)
    if (LAST_YEAR - d >= PRICE_FIRST_YEAR)
      base = m->price[LAST_YEAR - d - PRICE_FIRST_YEAR];
  for (int d = 0; d <= LAST_YEAR - PRICE_FIRST_YEAR && v <= 0; d++)
    {
      if (year - d >= PRICE_FIRST_YEAR)
        v = m->price[year - d - PRICE_FIRST_YEAR];
      if (v <= 0 && year + d <= LAST_YEAR)
        v = m->price[year + d - PRICE_FIRST_YEAR];
    }
  if (base <= 0 || v <= 0)
    return 1;
  return CLAMP (v / base, 0.3, 3.0);
}

/* Korea's imports of @m by source country, 2019–2023: value (USD thousand)
 * and volume (t), shares drifting around the profile's weights. */
static void
write_imports (Metal    *m,
               DgWriter *w)
{
  const DgMetalProfile *p = dg_metal_profile (m->code);
  g_autoptr(GArray) sources = parse_sources (p->sources);
  g_autofree char *name = g_strdup_printf ("%s/imports", m->code);
  double drift[16];
  DgRand r;

  g_assert (sources->len <= G_N_ELEMENTS (drift));
  dg_rand_init_named (&r, name);
  for (guint c = 0; c < sources->len; c++)
    drift[c] = 0.08 * dg_rand_normalish (&r);

  for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
    {
      double growth = 1, volume, unit_value, total_w = 0;
      double shares[16];
      g_autofree char *period = g_strdup_printf ("%d", y);

      for (int k = y; k < LAST_YEAR; k++)
        growth *= 1 + p->growth;
      volume = p->import_volume_t / growth * (1 + 0.06 * dg_rand_normalish (&r));
      unit_value = p->unit_value_usd_kg * price_index (m, y);

      /* Each source drifts steadily (a supplier gaining or losing ground)
       * plus noise from year to year. */
      for (guint c = 0; c < sources->len; c++)
        {
          const Source *s = &g_array_index (sources, Source, c);
          double f = 1 + drift[c] * (y - 2021) + 0.12 * dg_rand_normalish (&r);

          shares[c] = s->weight * MAX (f, 0.05);
          total_w += shares[c];
        }

      for (guint c = 0; c < sources->len; c++)
        {
          const Source *s = &g_array_index (sources, Source, c);
          double vol = volume * shares[c] / total_w;
          double val = vol * unit_value * (1 + 0.05 * dg_rand_normalish (&r));  /* t * USD/kg = USD thousand */
          g_autofree char *id_val = g_strdup_printf ("%s/import_value/%d/%s", m->code, y, s->code);
          g_autofree char *id_vol = g_strdup_printf ("%s/import_volume/%d/%s", m->code, y, s->code);

          write_synthetic (w, id_val, m->code, "import_value", period,
                           MAX (round_to (val, val < 100 ? 1 : 0), 0.1),
                           val < 100 ? 1 : 0, "USD thousand", s->code);
          write_synthetic (w, id_vol, m->code, "import_volume", period,
                           MAX (round_to (vol, vol < 100 ? 2 : 0), 0.01),
                           vol < 100 ? 2 : 0, "t", s->code);
        }
    }
}

/* Public stockpile in days of Korea's imports (against the metal's target)
 * and the end-of-life recycling input rate, yearly, for Korea. */
static void
write_stockpile_and_recycling (Metal    *m,
                               DgWriter *w)
{
  const DgMetalProfile *p = dg_metal_profile (m->code);
  g_autofree char *name = g_strdup_printf ("%s/stockpile", m->code);
  DgRand r;
  double cover, rate;

  dg_rand_init_named (&r, name);
  /* Where the stockpile stands against its target, from a near miss to
   * well above it; strategic minerals are being built up towards 2030. */
  cover = 0.15 + 1.0 * dg_rand_double (&r);
  rate = p->recycling_pct;
  for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
    {
      g_autofree char *period = g_strdup_printf ("%d", y);
      g_autofree char *id_s = g_strdup_printf ("%s/stockpile_days/%d/KR", m->code, y);
      g_autofree char *id_r = g_strdup_printf ("%s/recycling_rate/%d/KR", m->code, y);
      double days;

      cover *= 1 + (m->strategic_10 ? 0.06 : 0.0) + 0.08 * dg_rand_normalish (&r);
      days = CLAMP (m->stockpile_target_days * cover, 0, 120);
      rate = CLAMP (rate * (1 + 0.04 * dg_rand_normalish (&r)) + 0.2, 0, 95);

      write_synthetic (w, id_s, m->code, "stockpile_days", period, round_to (days, 0), 0,
                       "days", "KR");
      write_synthetic (w, id_r, m->code, "recycling_rate", period, round_to (rate, 1), 1,
                       "%", "KR");
    }
}

static void
write_synthetic_observations (Dataset  *ds,
                              DgWriter *w)
{
  for (guint i = 0; i < ds->metals->len; i++)
    {
      Metal *m = g_ptr_array_index (ds->metals, i);

      if (m->price_unit == NULL)
        write_synthetic_annual_prices (m, w);
      else
        write_monthly_prices (m, w);
      write_imports (m, w);
      write_stockpile_and_recycling (m, w);
    }
}

/* ------------------------------------------------------------------------ */
/* Benchmark observations                                                   */

static const char * const bench_countries[] = {
  "CN", "JP", "US", "DE", "AU", "CL", "ZA", "BR", "CA", "ID", "PH", "RU", "KZ", "VN", "MY",
  "TH", "IN", "PE", "MX", "BE", "FR", "GB", "NL", "NO", "FI", "SE", "AT", "ES", "IT", "TR",
  "CD", "ZM", "GA", "MZ", "MG", "TZ", "AR", "BO", "TW", "SG", NULL
};

/* Daily prices and monthly imports, many years back, @n in all. */
static void
write_bench_observations (Dataset  *ds,
                          DgWriter *w,
                          guint64   n)
{
  guint n_metals = ds->metals->len;
  guint n_countries = g_strv_length ((char **) bench_countries);
  guint64 n_daily = n / 2, n_monthly = n - n / 2;
  guint64 days = (n_daily + n_metals - 1) / n_metals;
  guint64 months = (n_monthly + 2 * n_metals * n_countries - 1) / (2 * n_metals * n_countries);
  guint64 written = 0;
  GDate end, date;
  char id[96], period[16];

  g_date_clear (&end, 1);
  g_date_set_dmy (&end, 31, 12, LAST_YEAR);

  for (guint i = 0; i < n_metals && written < n_daily; i++)
    {
      Metal *m = g_ptr_array_index (ds->metals, i);
      const DgMetalProfile *p = dg_metal_profile (m->code);
      g_autofree char *name = g_strdup_printf ("%s/bench-daily", m->code);
      double x = p->unit_value_usd_kg;
      DgRand r;

      dg_rand_init_named (&r, name);
      date = end;
      g_date_subtract_days (&date, (guint) MIN (days - 1, 300000));
      for (guint64 d = 0; d < days && written < n_daily; d++, written++)
        {
          g_snprintf (period, sizeof period, "%04u-%02u-%02u", g_date_get_year (&date),
                      g_date_get_month (&date), g_date_get_day (&date));
          g_snprintf (id, sizeof id, "%s/price/%s", m->code, period);
          x = CLAMP (x * (1 + 0.01 * dg_rand_normalish (&r)),
                     p->unit_value_usd_kg * 0.2, p->unit_value_usd_kg * 5);
          write_synthetic (w, id, m->code, "price", period, x, decimals_for (x), "USD/kg", NULL);
          g_date_add_days (&date, 1);
        }
    }

  written = 0;
  for (guint i = 0; i < n_metals && written < n_monthly; i++)
    {
      Metal *m = g_ptr_array_index (ds->metals, i);
      const DgMetalProfile *p = dg_metal_profile (m->code);
      g_autofree char *name = g_strdup_printf ("%s/bench-monthly", m->code);
      DgRand r;

      dg_rand_init_named (&r, name);
      for (guint64 k = months; k > 0 && written < n_monthly; k--)
        {
          gint64 month_index = (gint64) LAST_YEAR * 12 + 11 - (gint64) (k - 1);

          g_snprintf (period, sizeof period, "%04" G_GINT64_FORMAT "-%02" G_GINT64_FORMAT,
                      month_index / 12, month_index % 12 + 1);
          for (guint c = 0; c < n_countries && written < n_monthly; c++)
            {
              double vol = p->import_volume_t / 12 / n_countries * (0.2 + 1.6 * dg_rand_double (&r));
              double val = vol * p->unit_value_usd_kg;

              g_snprintf (id, sizeof id, "%s/import_value/%s/%s", m->code, period,
                          bench_countries[c]);
              write_synthetic (w, id, m->code, "import_value", period, val, 1, "USD thousand",
                               bench_countries[c]);
              written++;
              if (written >= n_monthly)
                break;
              g_snprintf (id, sizeof id, "%s/import_volume/%s/%s", m->code, period,
                          bench_countries[c]);
              write_synthetic (w, id, m->code, "import_volume", period, vol, 2, "t",
                               bench_countries[c]);
              written++;
            }
        }
    }
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
      if (!write_production (ds, w, &error) ||
          !write_usgs_prices (ds, w, &error))
        goto fail;
      write_synthetic_observations (ds, w);
    }
  write_companies (ds, w, n_companies >= 0 ? (guint) n_companies
                                           : sample ? SAMPLE_COMPANIES : 0);
  if (n_observations > 0)
    write_bench_observations (ds, w, (guint64) n_observations);

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
