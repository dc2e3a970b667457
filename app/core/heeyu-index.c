/* heeyu-index.c: the supply-stability index of one metal, and its methodology
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is pure: inputs in, result out (the methodology record is
 * read in heeyu-index-methodology.c, the cache in heeyu-index-load.c).  The formulas are those of
 * docs/methodology.md; change both together (tests/test-index.c checks the
 * worked examples of that document to the decimal).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "heeyu-index-private.h"

G_DEFINE_QUARK (heeyu-index-error-quark, heeyu_index_error)

G_DEFINE_BOXED_TYPE (HeeyuIndexResult, heeyu_index_result,
                     heeyu_index_result_copy, heeyu_index_result_free)

typedef struct
{
  const char *key;
  const char *name_en;
  const char *name_ko;
  const char *unit;
} ComponentInfo;

static const ComponentInfo component_info[HEEYU_INDEX_N_COMPONENTS] = {
  { "production_concentration", "Production concentration", "생산 집중도", "HHI" },
  { "import_concentration", "Import source concentration", "수입국 집중도", "HHI" },
  { "price_pressure", "Price pressure", "가격 압력", "%" },
  { "import_growth", "Import growth", "수입 증가율", "%" },
  { "stockpile_coverage", "Stockpile coverage", "비축 일수", "days" },
};

const char *
heeyu_index_component_key (HeeyuIndexComponentId id)
{
  g_return_val_if_fail (id < HEEYU_INDEX_N_COMPONENTS, NULL);
  return component_info[id].key;
}

int
heeyu_index_component_from_key (const char *key)
{
  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    if (g_strcmp0 (component_info[i].key, key) == 0)
      return (int) i;
  return -1;
}

gboolean
heeyu_index_event_kind_is_supply_shock (const char *kind)
{
  return g_strcmp0 (kind, "export_control") == 0 ||
         g_strcmp0 (kind, "export_ban") == 0 ||
         g_strcmp0 (kind, "disruption") == 0;
}

gboolean
heeyu_index_period_end (const char *period,
                        GDate      *out)
{
  guint y = 0, mo = 0, d = 0;
  size_t len;

  if (period == NULL)
    return FALSE;
  len = strlen (period);
  if (len == 4 && sscanf (period, "%4u", &y) == 1)
    {
      mo = 12;
      d = 31;
    }
  else if (len == 7 && sscanf (period, "%4u-%2u", &y, &mo) == 2)
    {
      if (mo < 1 || mo > 12 || y < 1)
        return FALSE;
      d = g_date_get_days_in_month ((GDateMonth) mo, (GDateYear) y);
    }
  else if (len == 10 && sscanf (period, "%4u-%2u-%2u", &y, &mo, &d) == 3)
    ;
  else
    return FALSE;

  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) mo, (GDateYear) y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) mo, (GDateYear) y);
  return TRUE;
}

char *
heeyu_index_date_string (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          (guint) g_date_get_month (date), g_date_get_day (date));
}

char *
heeyu_index_period_end_string (const char *period)
{
  GDate date;

  if (!heeyu_index_period_end (period, &date))
    return NULL;
  return heeyu_index_date_string (&date);
}

/* ------------------------------------------------------------------------ */
/* Scores                                                                   */

static double
clamp100 (double x)
{
  return CLAMP (x, 0.0, 100.0);
}

double
heeyu_index_hhi (const char * const *countries,
                 const double       *values,
                 guint               n)
{
  double world = NAN;
  double total = 0;
  double hhi = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (values[i]) || values[i] < 0)
        continue;
      if (g_strcmp0 (countries[i], "WORLD") == 0)
        world = isnan (world) ? values[i] : world + values[i];
      else
        total += values[i];
    }
  if (!isnan (world) && world > 0)
    total = world;
  if (!(total > 0))
    return NAN;

  for (guint i = 0; i < n; i++)
    {
      double share;

      if (!isfinite (values[i]) || values[i] < 0 ||
          g_strcmp0 (countries[i], "WORLD") == 0 ||
          g_strcmp0 (countries[i], "OTHER") == 0)
        continue;
      share = 100.0 * values[i] / total;
      hhi += share * share;
    }
  return MIN (hhi, 10000.0);
}

double
heeyu_index_score_hhi (const HeeyuMethodology *m,
                       double                  hhi)
{
  double u, h;

  g_return_val_if_fail (m != NULL, NAN);

  if (!isfinite (hhi))
    return NAN;
  u = m->hhi_unconcentrated;
  h = m->hhi_highly_concentrated;
  /* Piecewise linear through the DOJ/FTC thresholds: unconcentrated is
   * ample (100), the line to "highly concentrated" is the midpoint (50), a
   * single supplier is 0. */
  if (hhi <= u)
    return 100;
  if (hhi <= h)
    return 100 - 50 * (hhi - u) / (h - u);
  return clamp100 (50 * (10000 - hhi) / (10000 - h));
}

double
heeyu_index_score_ratio (double ratio)
{
  /* Symmetric in log terms: unchanged is 50, a doubling 0, a halving 100. */
  if (!(ratio > 0) || !isfinite (ratio))
    return NAN;
  return clamp100 (50 - 50 * log2 (ratio));
}

double
heeyu_index_score_stockpile (double days,
                             double target_days)
{
  if (!isfinite (days) || !(target_days > 0))
    return NAN;
  return clamp100 (100 * MAX (days, 0) / target_days);
}

/* ------------------------------------------------------------------------ */
/* One metal                                                                */

typedef struct
{
  double      hhi;
  int         year;
  const char *stage;
  const char *top_country;
  double      top_share;
  double      total;
} Market;

/* The HHI of the rows of one (stage, year); NAN when they have no total. */
static double
market_hhi (const HeeyuIndexAmount *rows,
            guint                   n,
            const char             *stage,
            int                     year,
            Market                 *out)
{
  g_autoptr(GPtrArray) countries = g_ptr_array_new ();
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  double world = 0, sum = 0, hhi;
  gboolean has_world = FALSE;
  const char *top = NULL;
  double top_value = -1;

  for (guint i = 0; i < n; i++)
    {
      if (rows[i].year != year || g_strcmp0 (rows[i].stage, stage) != 0)
        continue;
      g_ptr_array_add (countries, (gpointer) rows[i].country);
      g_array_append_val (values, rows[i].value);
      if (g_strcmp0 (rows[i].country, "WORLD") == 0)
        {
          has_world = TRUE;
          world += rows[i].value;
        }
      else
        {
          sum += rows[i].value;
          if (g_strcmp0 (rows[i].country, "OTHER") != 0 && rows[i].value > top_value)
            {
              top_value = rows[i].value;
              top = rows[i].country;
            }
        }
    }
  hhi = heeyu_index_hhi ((const char * const *) countries->pdata,
                         (const double *) (gpointer) values->data, countries->len);
  if (isnan (hhi))
    return NAN;

  out->hhi = hhi;
  out->year = year;
  out->stage = stage;
  out->total = has_world && world > 0 ? world : sum;
  out->top_country = top;
  out->top_share = top != NULL ? 100 * top_value / out->total : 0;
  return hhi;
}

static int
compare_int_desc (gconstpointer a,
                  gconstpointer b)
{
  return *(const int *) b - *(const int *) a;
}

/* The latest market of @stage with data up to @limit. */
static gboolean
latest_market (const HeeyuIndexAmount *rows,
               guint                   n,
               const char             *stage,
               int                     limit,
               Market                 *out)
{
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < n; i++)
    {
      gboolean seen = FALSE;

      if (rows[i].year > limit || g_strcmp0 (rows[i].stage, stage) != 0)
        continue;
      for (guint j = 0; j < years->len && !seen; j++)
        seen = g_array_index (years, int, j) == rows[i].year;
      if (!seen)
        g_array_append_val (years, rows[i].year);
    }
  g_array_sort (years, compare_int_desc);
  for (guint j = 0; j < years->len; j++)
    if (!isnan (market_hhi (rows, n, stage, g_array_index (years, int, j), out)))
      return TRUE;
  return FALSE;
}

/* The bottleneck: the most concentrated of the stages, each at its latest
 * year up to @limit. */
static gboolean
bottleneck_market (const HeeyuIndexAmount *rows,
                   guint                   n,
                   int                     limit,
                   Market                 *out)
{
  g_autoptr(GPtrArray) stages = g_ptr_array_new ();
  gboolean found = FALSE;

  /* Rows without a stage form one market of their own. */
  for (guint i = 0; i < n; i++)
    {
      gboolean seen = FALSE;

      for (guint s = 0; s < stages->len && !seen; s++)
        seen = g_strcmp0 (g_ptr_array_index (stages, s), rows[i].stage) == 0;
      if (!seen)
        g_ptr_array_add (stages, (gpointer) rows[i].stage);
    }

  for (guint s = 0; s < stages->len; s++)
    {
      Market m;

      if (latest_market (rows, n, g_ptr_array_index (stages, s), limit, &m) &&
          (!found || m.hhi > out->hhi))
        {
          *out = m;
          found = TRUE;
        }
    }
  return found;
}

static gboolean
latest_point (const HeeyuIndexPoint *points,
              guint                  n,
              int                    limit,
              gboolean               positive,
              HeeyuIndexPoint       *out)
{
  gboolean found = FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (points[i].year > limit || !isfinite (points[i].value) ||
          (positive ? points[i].value <= 0 : points[i].value < 0))
        continue;
      if (!found || points[i].year > out->year)
        {
          *out = points[i];
          found = TRUE;
        }
    }
  return found;
}

static gboolean
point_at (const HeeyuIndexPoint *points,
          guint                  n,
          int                    year,
          double                *value)
{
  for (guint i = 0; i < n; i++)
    if (points[i].year == year && isfinite (points[i].value) && points[i].value > 0)
      {
        *value = points[i].value;
        return TRUE;
      }
  return FALSE;
}

/* Yearly totals of Korea's import value (WORLD row, else all rows). */
static GArray *
import_value_totals (const HeeyuIndexInputs *in)
{
  GArray *totals = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexPoint));
  g_autoptr(GArray) worlds = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexPoint));

  for (guint i = 0; i < in->n_import_value; i++)
    {
      const HeeyuIndexAmount *a = &in->import_value[i];
      GArray *into = g_strcmp0 (a->country, "WORLD") == 0 ? worlds : totals;
      gboolean merged = FALSE;

      if (!isfinite (a->value) || a->value < 0)
        continue;
      for (guint j = 0; j < into->len && !merged; j++)
        {
          HeeyuIndexPoint *p = &g_array_index (into, HeeyuIndexPoint, j);

          if (p->year == a->year)
            {
              p->value += a->value;
              merged = TRUE;
            }
        }
      if (!merged)
        {
          HeeyuIndexPoint p = { a->year, a->value };
          g_array_append_val (into, p);
        }
    }
  for (guint j = 0; j < worlds->len; j++)
    {
      HeeyuIndexPoint *w = &g_array_index (worlds, HeeyuIndexPoint, j);
      gboolean replaced = FALSE;

      if (!(w->value > 0))
        continue;
      for (guint k = 0; k < totals->len && !replaced; k++)
        if (g_array_index (totals, HeeyuIndexPoint, k).year == w->year)
          {
            g_array_index (totals, HeeyuIndexPoint, k).value = w->value;
            replaced = TRUE;
          }
      if (!replaced)
        g_array_append_val (totals, *w);
    }
  return totals;
}

static void
component_set_missing (HeeyuIndexComponent *c,
                       const char          *why)
{
  c->present = FALSE;
  c->raw = NAN;
  c->score = NAN;
  c->year = 0;
  g_free (c->detail);
  c->detail = g_strdup (why);
}

static void
component_set (HeeyuIndexComponent *c,
               double               raw,
               double               score,
               int                  year,
               char                *detail)
{
  c->present = TRUE;
  c->raw = raw;
  c->score = score;
  c->year = year;
  g_free (c->detail);
  c->detail = detail;
}

/* The supply event in force on @as_of, the latest started one if several.
 * A shock counts for event_in_force_months from its start (or until its
 * end_date, if sooner).  With @include_later, events that started after
 * @as_of count too: the data cannot show their effect yet, so they are in
 * force for the period the index describes. */
static const HeeyuIndexEvent *
event_in_force (const HeeyuIndexInputs *in,
                const HeeyuMethodology *m,
                const GDate            *as_of,
                gboolean                include_later)
{
  const HeeyuIndexEvent *found = NULL;
  GDate found_start;
  guint months = (guint) MAX (m->event_in_force_months, 0);

  for (guint i = 0; i < in->n_events; i++)
    {
      const HeeyuIndexEvent *e = &in->events[i];
      GDate start, until, end;

      if (!heeyu_index_event_kind_is_supply_shock (e->kind) ||
          e->date == NULL || strlen (e->date) != 10 ||
          !heeyu_index_period_end (e->date, &start))
        continue;
      if (g_date_compare (&start, as_of) > 0)
        {
          if (!include_later)
            continue;
        }
      else
        {
          until = start;
          g_date_add_months (&until, months);
          if (g_date_compare (as_of, &until) >= 0)
            continue;
          if (e->end_date != NULL && heeyu_index_period_end (e->end_date, &end) &&
              g_date_compare (as_of, &end) > 0)
            continue;
        }
      if (found == NULL || g_date_compare (&start, &found_start) > 0)
        {
          found = e;
          found_start = start;
        }
    }
  return found;
}

static void
result_clear_scores (HeeyuIndexResult *r)
{
  g_clear_pointer (&r->band_code, g_free);
  g_clear_pointer (&r->band_name_en, g_free);
  g_clear_pointer (&r->band_name_ko, g_free);
  g_clear_pointer (&r->crisis_event_id, g_free);
  g_clear_pointer (&r->crisis_event_title_en, g_free);
  g_clear_pointer (&r->crisis_event_title_ko, g_free);
  g_clear_pointer (&r->crisis_event_date, g_free);
  g_clear_pointer (&r->missing, g_strfreev);
  g_clear_pointer (&r->production_stage, g_free);
  g_clear_pointer (&r->as_of, g_free);
  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    g_clear_pointer (&r->components[i].detail, g_free);
}

/* Scores @in with the data of years up to @limit, on the date @as_of. */
static void
compute_at (const HeeyuIndexInputs *in,
            const HeeyuMethodology *m,
            int                     limit,
            const GDate            *as_of,
            gboolean                include_later,
            HeeyuIndexResult       *r)
{
  HeeyuIndexComponent *c;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GArray) value_totals = import_value_totals (in);
  const HeeyuIndexEvent *event;
  HeeyuIndexPoint latest = { 0 }, recycling = { 0 };
  Market market;
  double sum_w = 0, sum_ws = 0;
  double import_total = NAN;

  result_clear_scores (r);
  r->as_of = heeyu_index_date_string (as_of);

  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    {
      c = &r->components[i];
      c->id = i;
      c->key = component_info[i].key;
      c->name_en = component_info[i].name_en;
      c->name_ko = component_info[i].name_ko;
      c->raw_unit = component_info[i].unit;
      c->weight = m->weights[i];
      c->share = 0;
    }

  /* Production concentration at the bottleneck stage. */
  c = &r->components[HEEYU_INDEX_PRODUCTION_CONCENTRATION];
  r->production_hhi = NAN;
  if (bottleneck_market (in->production, in->n_production, limit, &market))
    {
      r->production_hhi = market.hhi;
      r->production_stage = g_strdup (market.stage);
      component_set (c, market.hhi, heeyu_index_score_hhi (m, market.hhi), market.year,
                     g_strdup_printf ("%s %d: HHI %.0f; largest producer %s with %.1f %% "
                                      "of world output",
                                      market.stage ? market.stage : "production",
                                      market.year, market.hhi,
                                      market.top_country ? market.top_country : "?",
                                      market.top_share));
    }
  else
    component_set_missing (c, "No world production data by country");

  /* Concentration of Korea's import sources, by value. */
  c = &r->components[HEEYU_INDEX_IMPORT_CONCENTRATION];
  r->import_hhi = NAN;
  if (latest_market (in->import_value, in->n_import_value, NULL, limit, &market))
    {
      r->import_hhi = market.hhi;
      import_total = market.total;
      component_set (c, market.hhi, heeyu_index_score_hhi (m, market.hhi), market.year,
                     g_strdup_printf ("Imports %d: HHI %.0f; largest source %s with "
                                      "%.1f %% of import value",
                                      market.year, market.hhi,
                                      market.top_country ? market.top_country : "?",
                                      market.top_share));
    }
  else
    component_set_missing (c, "No import value data by source country");

  /* Price pressure: the latest annual price against the mean of the
   * previous years of the window. */
  c = &r->components[HEEYU_INDEX_PRICE_PRESSURE];
  r->price_pressure = NAN;
  if (latest_point (in->price, in->n_price, limit, TRUE, &latest))
    {
      int window = (int) m->price_window_years;
      double sum = 0;
      int count = 0, first = 0;

      for (int y = latest.year - window; y < latest.year; y++)
        {
          double v;

          if (point_at (in->price, in->n_price, y, &v))
            {
              sum += v;
              if (count++ == 0)
                first = y;
            }
        }
      if (count > 0)
        {
          double mean = sum / count;
          double ratio = latest.value / mean;

          r->price_pressure = 100 * (ratio - 1);
          component_set (c, r->price_pressure, heeyu_index_score_ratio (ratio), latest.year,
                         g_strdup_printf ("Price %d: %g against a mean of %.4g over %d–%d "
                                          "(%+.1f %%)%s%s",
                                          latest.year, latest.value, mean, first,
                                          latest.year - 1, r->price_pressure,
                                          in->price_unit ? "; " : "",
                                          in->price_unit ? in->price_unit : ""));
        }
      else
        component_set_missing (c, "Only one year of prices: no history to compare with");
    }
  else
    component_set_missing (c, "No price data");

  /* Import growth: total volume, latest year against the one before; by
   * value when there is no volume. */
  c = &r->components[HEEYU_INDEX_IMPORT_GROWTH];
  {
    const HeeyuIndexPoint *series = in->import_volume;
    guint n_series = in->n_import_volume;
    const char *basis = "volume";
    double previous;

    if (!latest_point (series, n_series, limit, TRUE, &latest))
      {
        series = (const HeeyuIndexPoint *) (gpointer) value_totals->data;
        n_series = value_totals->len;
        basis = "value (no volume data)";
      }
    if (!latest_point (series, n_series, limit, TRUE, &latest))
      component_set_missing (c, "No import data");
    else if (!point_at (series, n_series, latest.year - 1, &previous))
      component_set_missing (c, "No imports the year before the latest: no growth to measure");
    else
      {
        double ratio = latest.value / previous;
        double growth = 100 * (ratio - 1);

        component_set (c, growth, heeyu_index_score_ratio (ratio), latest.year,
                       g_strdup_printf ("Import %s %d against %d: %+.1f %%",
                                        basis, latest.year, latest.year - 1, growth));
      }
  }

  /* Stockpile coverage against the target. */
  c = &r->components[HEEYU_INDEX_STOCKPILE_COVERAGE];
  r->stockpile_days = NAN;
  if (latest_point (in->stockpile_days, in->n_stockpile_days, limit, FALSE, &latest))
    {
      double target = in->stockpile_target_days > 0 ? in->stockpile_target_days
                                                    : m->stockpile_target_days;

      r->stockpile_days = latest.value;
      component_set (c, latest.value, heeyu_index_score_stockpile (latest.value, target),
                     latest.year,
                     g_strdup_printf ("Stockpile %d: %.0f days against a target of %.0f days%s",
                                      latest.year, latest.value, target,
                                      in->stockpile_target_days > 0 ? "" : " (default target)"));
    }
  else
    component_set_missing (c, "No stockpile data");

  /* The index: weighted mean over the components present. */
  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    {
      c = &r->components[i];
      if (!c->present)
        {
          g_ptr_array_add (missing, g_strdup (c->key));
          continue;
        }
      sum_w += c->weight;
      sum_ws += c->weight * c->score;
    }
  g_ptr_array_add (missing, NULL);
  r->missing = (char **) g_ptr_array_free (g_steal_pointer (&missing), FALSE);

  r->has_index = sum_w > 0;
  r->index = r->has_index ? sum_ws / sum_w : NAN;
  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    {
      c = &r->components[i];
      c->share = r->has_index && c->present ? c->weight / sum_w : 0;
    }

  if (r->has_index)
    {
      const HeeyuIndexBand *band = heeyu_methodology_band_for_value (m, r->index);

      if (band != NULL)
        {
          r->band_code = g_strdup (band->code);
          r->band_name_en = g_strdup (band->name_en);
          r->band_name_ko = g_strdup (band->name_ko);
        }
    }

  event = event_in_force (in, m, as_of, include_later);
  r->crisis = event != NULL;
  if (event != NULL)
    {
      const HeeyuIndexBand *band = heeyu_methodology_get_band (m, "crisis");

      r->crisis_event_id = g_strdup (event->id);
      r->crisis_event_title_en = g_strdup (event->title_en);
      r->crisis_event_title_ko = g_strdup (event->title_ko);
      r->crisis_event_date = g_strdup (event->date);
      g_free (r->band_code);
      g_free (r->band_name_en);
      g_free (r->band_name_ko);
      r->band_code = g_strdup ("crisis");
      r->band_name_en = g_strdup (band ? band->name_en : "Crisis");
      r->band_name_ko = g_strdup (band ? band->name_ko : "수급위기");
    }

  /* Supply risk (EU-style): the production and import-source HHIs blended
   * half and half (Korea imports nearly all it uses), scaled, times the
   * share not recycled. */
  r->recycling_rate = 0;
  if (latest_point (in->recycling_rate, in->n_recycling_rate, limit, FALSE, &recycling))
    r->recycling_rate = CLAMP (recycling.value, 0.0, 1.0);
  {
    double blend = NAN;

    if (!isnan (r->production_hhi) && !isnan (r->import_hhi))
      blend = 0.5 * r->production_hhi + 0.5 * r->import_hhi;
    else if (!isnan (r->production_hhi))
      blend = r->production_hhi;
    else if (!isnan (r->import_hhi))
      blend = r->import_hhi;
    r->has_supply_risk = !isnan (blend);
    r->supply_risk = r->has_supply_risk
      ? m->sr_scale * (blend / 10000) * (1 - r->recycling_rate) : NAN;
  }

  /* Economic importance: the sectors that use the metal (equal shares of its
   * uses, each weighted by the sector's size), times an import-bill factor. */
  {
    guint n_uses = in->uses ? g_strv_length ((char **) in->uses) : 0;

    r->has_economic_importance = n_uses > 0;
    r->economic_importance = NAN;
    if (n_uses > 0)
      {
        double sectors = 0, factor = 0.5;

        for (guint i = 0; i < n_uses; i++)
          {
            const double *w = g_hash_table_lookup (m->sector_weights, in->uses[i]);

            sectors += (w ? *w : 0) / n_uses;
          }
        if (!isnan (import_total))
          factor = CLAMP (log10 (MAX (import_total, 1) / m->ei_import_min_usd) /
                          log10 (m->ei_import_full_usd / m->ei_import_min_usd), 0.0, 1.0);
        r->economic_importance = 10 * sectors * (0.5 + 0.5 * factor);
      }
  }

  r->critical = r->has_supply_risk && r->has_economic_importance &&
                r->supply_risk >= m->threshold_sr &&
                r->economic_importance >= m->threshold_ei;
}

static void
widen_years (int  year,
             int *first,
             int *last)
{
  if (year <= 0)
    return;
  if (*first == 0 || year < *first)
    *first = year;
  if (year > *last)
    *last = year;
}

static void
input_years (const HeeyuIndexInputs *in,
             int                    *first,
             int                    *last)
{
  *first = *last = 0;
  for (guint i = 0; i < in->n_production; i++)
    widen_years (in->production[i].year, first, last);
  for (guint i = 0; i < in->n_import_value; i++)
    widen_years (in->import_value[i].year, first, last);
  for (guint i = 0; i < in->n_import_volume; i++)
    widen_years (in->import_volume[i].year, first, last);
  for (guint i = 0; i < in->n_price; i++)
    widen_years (in->price[i].year, first, last);
  for (guint i = 0; i < in->n_stockpile_days; i++)
    widen_years (in->stockpile_days[i].year, first, last);
}

static void
history_point_clear (gpointer data)
{
  HeeyuIndexHistoryPoint *p = data;

  g_clear_pointer (&p->band_code, g_free);
}

HeeyuIndexResult *
heeyu_index_compute (const HeeyuIndexInputs *in,
                     const HeeyuMethodology *m)
{
  g_autoptr(HeeyuIndexResult) r = NULL;
  int first, last;
  GDate as_of;

  g_return_val_if_fail (in != NULL, NULL);
  g_return_val_if_fail (m != NULL, NULL);

  r = g_new0 (HeeyuIndexResult, 1);
  r->metal = g_strdup (in->metal);
  r->name_en = g_strdup (in->name_en);
  r->name_ko = g_strdup (in->name_ko);
  r->methodology_version = g_strdup (m->version);
  r->history = g_array_new (FALSE, TRUE, sizeof (HeeyuIndexHistoryPoint));
  g_array_set_clear_func (r->history, history_point_clear);

  input_years (in, &first, &last);
  if (in->as_of == NULL || !heeyu_index_period_end (in->as_of, &as_of))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      g_date_clear (&as_of, 1);
      if (last > 0)
        g_date_set_dmy (&as_of, 31, G_DATE_DECEMBER, (GDateYear) last);
      else
        g_date_set_dmy (&as_of, (GDateDay) g_date_time_get_day_of_month (now),
                        (GDateMonth) g_date_time_get_month (now),
                        (GDateYear) g_date_time_get_year (now));
    }

  compute_at (in, m, g_date_get_year (&as_of), &as_of, TRUE, r);

  /* History: the index as it stood at the end of each year of data. */
  if (first > 0)
    {
      g_autoptr(HeeyuIndexResult) past = g_new0 (HeeyuIndexResult, 1);
      int to = MIN (last, (int) g_date_get_year (&as_of));
      int from = MAX (first, to - (int) m->history_years + 1);

      for (int y = from; y <= to; y++)
        {
          const HeeyuIndexResult *src = past;
          HeeyuIndexHistoryPoint point = { 0 };
          GDate end;

          g_date_clear (&end, 1);
          g_date_set_dmy (&end, 31, G_DATE_DECEMBER, (GDateYear) y);
          if (g_date_compare (&end, &as_of) > 0)
            end = as_of;

          /* The year of @as_of is the headline itself. */
          if (y == (int) g_date_get_year (&as_of))
            src = r;
          else
            compute_at (in, m, y, &end, FALSE, past);
          point.year = y;
          point.index = src->index;
          point.band_code = g_strdup (src->band_code);
          point.crisis = src->crisis;
          g_array_append_val (r->history, point);
        }
    }

  return g_steal_pointer (&r);
}

/* ------------------------------------------------------------------------ */
/* Result boxing                                                            */

void
heeyu_index_result_free (HeeyuIndexResult *self)
{
  if (self == NULL)
    return;
  result_clear_scores (self);
  g_free (self->metal);
  g_free (self->name_en);
  g_free (self->name_ko);
  g_free (self->methodology_version);
  g_clear_pointer (&self->history, g_array_unref);
  g_free (self);
}

HeeyuIndexResult *
heeyu_index_result_copy (const HeeyuIndexResult *self)
{
  HeeyuIndexResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->metal = g_strdup (self->metal);
  copy->name_en = g_strdup (self->name_en);
  copy->name_ko = g_strdup (self->name_ko);
  copy->band_code = g_strdup (self->band_code);
  copy->band_name_en = g_strdup (self->band_name_en);
  copy->band_name_ko = g_strdup (self->band_name_ko);
  copy->crisis_event_id = g_strdup (self->crisis_event_id);
  copy->crisis_event_title_en = g_strdup (self->crisis_event_title_en);
  copy->crisis_event_title_ko = g_strdup (self->crisis_event_title_ko);
  copy->crisis_event_date = g_strdup (self->crisis_event_date);
  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    copy->components[i].detail = g_strdup (self->components[i].detail);
  copy->missing = g_strdupv (self->missing);
  copy->production_stage = g_strdup (self->production_stage);
  copy->as_of = g_strdup (self->as_of);
  copy->methodology_version = g_strdup (self->methodology_version);
  copy->history = g_array_new (FALSE, TRUE, sizeof (HeeyuIndexHistoryPoint));
  g_array_set_clear_func (copy->history, history_point_clear);
  if (self->history != NULL)
    for (guint i = 0; i < self->history->len; i++)
      {
        HeeyuIndexHistoryPoint p = g_array_index (self->history, HeeyuIndexHistoryPoint, i);

        p.band_code = g_strdup (p.band_code);
        g_array_append_val (copy->history, p);
      }
  return copy;
}

const HeeyuIndexComponent *
heeyu_index_result_get_component (const HeeyuIndexResult *self,
                                  const char             *key)
{
  int id;

  g_return_val_if_fail (self != NULL, NULL);

  id = heeyu_index_component_from_key (key);
  return id < 0 ? NULL : &self->components[id];
}
