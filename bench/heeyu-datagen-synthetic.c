/* heeyu-datagen-synthetic.c: the synthetic observations of the sample and
 * of the benchmark datasets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-datagen-private.h"

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
  dg_write_observation (w, id, metal, indicator, period, NULL, value, decimals, unit, country,
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

void
dg_write_synthetic_observations (Dataset  *ds,
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
void
dg_write_bench_observations (Dataset  *ds,
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

