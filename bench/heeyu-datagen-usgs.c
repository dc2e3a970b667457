/* heeyu-datagen-usgs.c: production and prices from the USGS MCS 2024 files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-datagen-private.h"

/* ------------------------------------------------------------------------ */
/* USGS observations                                                        */

gboolean
dg_write_production (Dataset   *ds,
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

      if (metal == NULL || dg_lookup_metal (ds, metal) == NULL)
        return dg_csv_fail (error, csv, r, "no metal code for USGS commodity \"%s\" "
                         "(add it to bench/heeyu-datagen-tables.c)", usgs_metal);
      if (country == NULL)
        return dg_csv_fail (error, csv, r, "no ISO 3166-1 code for USGS country \"%s\" "
                         "(add it to bench/heeyu-datagen-tables.c)", usgs_country);
      if (!dg_parse_year (year, &y))
        return dg_csv_fail (error, csv, r, "year must be four digits, not \"%s\"", year);
      if (*stage == '\0' || strchr (stage, '/'))
        return dg_csv_fail (error, csv, r, "stage must be a word like mine or refinery, not \"%s\"",
                         stage);
      if (!dg_is_json_number (qty))
        {
          /* USGS writes W (withheld) or NA where there is no figure: nothing
           * to carry, so say so and go on. */
          g_printerr ("%s line %u: no number in quantity \"%s\" (%s, %s %s); row left out\n",
                      csv->name, dg_csv_line (csv, r), qty, usgs_metal, usgs_country, year);
          continue;
        }

      id = g_strdup_printf ("%s/production/%s/%s/%s", metal, year, country, stage);
      dg_write_observation (w, id, metal, "production", year, qty, 0, 0,
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
  Metal *m = dg_lookup_metal (ds, metal_code);
  g_autofree char *id = NULL;
  g_autofree char *period = g_strdup_printf ("%d", year);

  if (m == NULL)
    return dg_csv_fail (error, csv, row, "metal %s is not in korea-rare-metals.csv", metal_code);
  if (m->price_unit && !g_str_equal (m->price_unit, unit))
    return dg_csv_fail (error, csv, row, "%s has two price units (\"%s\", \"%s\"): list the one "
                     "to keep in preferred_price_series", metal_code, m->price_unit, unit);
  if (m->price[year - PRICE_FIRST_YEAR] > 0)
    return dg_csv_fail (error, csv, row, "a second %s price for %d", metal_code, year);
  if (m->price_unit == NULL)
    m->price_unit = g_strdup (unit);
  m->price[year - PRICE_FIRST_YEAR] = g_ascii_strtod (price, NULL);

  id = g_strdup_printf ("%s/price/%d", metal_code, year);
  dg_write_observation (w, id, metal_code, "price", period, price, 0, 0, unit, NULL, NULL,
                     source, strstr (source, "estimated") != NULL, FALSE);
  return TRUE;
}

gboolean
dg_write_usgs_prices (Dataset   *ds,
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
        return dg_csv_fail (error, csv, r, "no metal code for USGS commodity \"%s\" "
                         "(add it to bench/heeyu-datagen-tables.c)", usgs_metal);
      if (!dg_parse_year (dg_csv_get (csv, r, c_year), &year) ||
          year < PRICE_FIRST_YEAR || year > LAST_YEAR)
        return dg_csv_fail (error, csv, r, "year must be %d–%d, not \"%s\"",
                         PRICE_FIRST_YEAR, LAST_YEAR, dg_csv_get (csv, r, c_year));
      if (!dg_is_json_number (price) || g_ascii_strtod (price, NULL) <= 0)
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

