/* heeyu-chart-data.c: chart data, scales and ticks, without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "heeyu-chart-private.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

#define MINUS_SIGN "\342\210\222"   /* U+2212, reads better than '-' on axes */
#define EN_DASH    "\342\200\223"

/* ---- Scales --------------------------------------------------------------- */

void
heeyu_scale_nice (double      lo,
                  double      hi,
                  guint       max_ticks,
                  HeeyuScale *out)
{
  static const double mults[] = { 1, 2, 5 };
  double span, raw, step = 1, t_lo = 0, t_hi = 1;
  int e;
  gboolean found = FALSE;

  g_return_if_fail (out != NULL);

  if (max_ticks < 2)
    max_ticks = 2;

  /* No data, or only one usable end: never an empty or NaN axis. */
  if (!isfinite (lo) && !isfinite (hi))
    lo = 0, hi = 1;
  else if (!isfinite (lo))
    lo = hi;
  else if (!isfinite (hi))
    hi = lo;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }

  /* All values equal (or a single point): open a window around the value that
   * keeps the sign, so a constant price of 530 reads 470..590, not -1..1. */
  if (hi - lo <= 1e-12 * MAX (fabs (lo), fabs (hi)) || hi == lo)
    {
      if (lo == 0)
        hi = 1;
      else
        {
          double d = fabs (lo) * 0.1;
          lo -= d;
          hi += d;
        }
    }

  span = hi - lo;
  raw = span / (max_ticks - 1);
  e = (int) floor (log10 (raw));

  /* The smallest 1-2-5 step whose ticks cover the data in max_ticks or fewer. */
  for (int k = e - 1; k <= e + 2 && !found; k++)
    for (guint m = 0; m < G_N_ELEMENTS (mults) && !found; m++)
      {
        double s = mults[m] * pow (10, k);
        double a = floor (lo / s + 1e-9) * s;
        double b = ceil (hi / s - 1e-9) * s;
        double n = round ((b - a) / s) + 1;

        if (n <= max_ticks)
          {
            step = s;
            t_lo = a;
            t_hi = b;
            found = TRUE;
          }
      }

  if (!found || t_hi <= t_lo)
    {
      step = span;
      t_lo = lo;
      t_hi = lo + step;
    }

  out->min = t_lo;
  out->max = t_hi;
  out->step = step;
  out->n_ticks = (guint) round ((t_hi - t_lo) / step) + 1;
  if (out->n_ticks < 2)
    out->n_ticks = 2;
  out->decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
  out->decimals = CLAMP (out->decimals, 0, 12);
}

double
heeyu_scale_tick (const HeeyuScale *scale,
                  guint             i)
{
  double v = scale->min + i * scale->step;

  /* Snap away float noise such as 0.30000000000000004 and -0. */
  if (fabs (v) < scale->step * 1e-9)
    return 0;
  return v;
}

/* ---- Number formatting ---------------------------------------------------- */

char *
heeyu_format_number (double value,
                     int    decimals)
{
  g_autofree char *digits = NULL;
  GString *s;
  const char *dot, *p;
  gsize int_len;
  gboolean negative;

  if (isnan (value))
    return g_strdup (EN_DASH);
  if (isinf (value))
    return g_strdup (value > 0 ? "\342\210\236" : MINUS_SIGN "\342\210\236");

  decimals = CLAMP (decimals, 0, 12);
  digits = g_strdup_printf ("%.*f", decimals, fabs (value));
  /* No "-0" after rounding. */
  negative = value < 0 && strspn (digits, "0.") != strlen (digits);

  dot = strchr (digits, '.');
  int_len = dot ? (gsize) (dot - digits) : strlen (digits);

  s = g_string_new (negative ? MINUS_SIGN : "");
  for (p = digits; p < digits + int_len; p++)
    {
      gsize left = int_len - (p - digits);

      g_string_append_c (s, *p);
      if (left > 1 && left % 3 == 1)
        g_string_append_c (s, ',');
    }
  if (dot)
    g_string_append (s, dot);

  return g_string_free (s, FALSE);
}

/* Exact value for tooltips: as many decimals as the number has (up to 6). */
char *
heeyu_format_value (double value)
{
  int d;

  if (!isfinite (value))
    return heeyu_format_number (value, 0);

  for (d = 0; d < 6; d++)
    {
      double p = pow (10, d);

      if (fabs (round (value * p) / p - value) <= 1e-9 * MAX (1.0, fabs (value)))
        break;
    }
  return heeyu_format_number (value, d);
}

/* ---- Dates ---------------------------------------------------------------- */

#define EPOCH_JULIAN 719163   /* g_date_get_julian() of 1970-01-01 */

double
heeyu_chart_date_to_x (int year,
                       int month,
                       int day)
{
  GDate d;

  if (!g_date_valid_dmy (day, month, year))
    return NAN;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, day, month, year);
  return (double) g_date_get_julian (&d) - EPOCH_JULIAN;
}

static gboolean
x_to_date (double x,
           GDate *out)
{
  double j = floor (x) + EPOCH_JULIAN;

  g_date_clear (out, 1);
  if (!isfinite (x) || j < 1 || j > G_MAXUINT32 / 2)
    return FALSE;
  g_date_set_julian (out, (guint32) j);
  return g_date_valid (out);
}

char *
heeyu_chart_format_x (HeeyuAxisKind kind,
                      double        x)
{
  GDate d;

  if (!isfinite (x))
    return g_strdup (EN_DASH);

  switch (kind)
    {
    case HEEYU_AXIS_YEAR:
      if (fabs (x - round (x)) < 1e-9)
        return g_strdup_printf ("%d", (int) round (x));
      return g_strdup_printf ("%.2f", x);
    case HEEYU_AXIS_DATE:
      if (x_to_date (x, &d))
        return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d),
                                g_date_get_month (&d), g_date_get_day (&d));
      return g_strdup (EN_DASH);
    case HEEYU_AXIS_NUMBER:
    default:
      return heeyu_format_value (x);
    }
}

GArray *
heeyu_date_ticks (double     x_min,
                  double     x_max,
                  guint      max_ticks,
                  GPtrArray *labels)
{
  static const int day_steps[] = { 1, 2, 7, 14 };
  static const int month_steps[] = { 1, 2, 3, 6, 12, 24, 60, 120, 240, 600 };
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  GDate d0, d1;

  if (max_ticks < 1)
    max_ticks = 1;
  if (!isfinite (x_min) || !isfinite (x_max) || x_max < x_min
      || !x_to_date (x_min, &d0) || !x_to_date (x_max, &d1))
    return ticks;

  for (guint i = 0; i < G_N_ELEMENTS (day_steps); i++)
    {
      int s = day_steps[i];
      double first = ceil (x_min);
      guint n;

      /* Weekly ticks fall on Mondays (1970-01-01 was a Thursday). */
      if (s == 7 || s == 14)
        first = ceil ((x_min - 4) / 7.0) * 7 + 4;
      n = first > x_max ? 0 : (guint) floor ((x_max - first) / s) + 1;
      if (n <= max_ticks)
        {
          for (double x = first; x <= x_max + 1e-9; x += s)
            {
              g_array_append_val (ticks, x);
              if (labels)
                g_ptr_array_add (labels, heeyu_chart_format_x (HEEYU_AXIS_DATE, x));
            }
          return ticks;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (month_steps); i++)
    {
      int s = month_steps[i];
      int m0 = g_date_get_year (&d0) * 12 + (g_date_get_month (&d0) - 1);
      int m1 = g_date_get_year (&d1) * 12 + (g_date_get_month (&d1) - 1);
      int first;
      guint n = 0;

      /* First month boundary on or after x_min that is a multiple of s. */
      first = m0;
      if (g_date_get_day (&d0) != 1)
        first++;
      first = ((first + s - 1) / s) * s;
      for (int m = first; m <= m1; m += s)
        n++;
      if (n > max_ticks && i + 1 < G_N_ELEMENTS (month_steps))
        continue;

      for (int m = first; m <= m1; m += s)
        {
          int year = m / 12, month = m % 12 + 1;
          double x = heeyu_chart_date_to_x (year, month, 1);

          if (!isfinite (x) || x < x_min - 1e-9 || x > x_max + 1e-9)
            continue;
          g_array_append_val (ticks, x);
          if (labels)
            g_ptr_array_add (labels, s >= 12 ? g_strdup_printf ("%d", year)
                                             : g_strdup_printf ("%d-%02d", year, month));
        }
      return ticks;
    }

  return ticks;
}

/* ---- Decimation ----------------------------------------------------------- */

static void
flush_column (GArray       *out,
              const double *px,
              const double *py,
              gsize         first,
              gsize         lo,
              gsize         hi,
              gsize         last)
{
  gsize idx[4] = { first, lo, hi, last };

  /* Keep the drawing order: sort the four indices, drop duplicates. */
  for (int i = 1; i < 4; i++)
    for (int j = i; j > 0 && idx[j - 1] > idx[j]; j--)
      {
        gsize t = idx[j];
        idx[j] = idx[j - 1];
        idx[j - 1] = t;
      }
  for (int i = 0; i < 4; i++)
    {
      HeeyuPoint p;

      if (i > 0 && idx[i] == idx[i - 1])
        continue;
      p.x = px[idx[i]];
      p.y = py[idx[i]];
      g_array_append_val (out, p);
    }
}

GArray *
heeyu_decimate_minmax (const double *px,
                       const double *py,
                       gsize         n)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (HeeyuPoint), MIN (n, 8192));
  gboolean open = FALSE;
  double column = 0;
  gsize first = 0, lo = 0, hi = 0, last = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (px[i]))
        continue;

      if (!isfinite (py[i]))
        {
          HeeyuPoint gap = { px[i], NAN };

          if (open)
            flush_column (out, px, py, first, lo, hi, last);
          open = FALSE;
          /* One gap marker is enough between two runs. */
          if (out->len > 0 && !isnan (g_array_index (out, HeeyuPoint, out->len - 1).y))
            g_array_append_val (out, gap);
          continue;
        }

      if (open && floor (px[i]) == column)
        {
          if (py[i] < py[lo])
            lo = i;
          if (py[i] > py[hi])
            hi = i;
          last = i;
          continue;
        }

      if (open)
        flush_column (out, px, py, first, lo, hi, last);
      open = TRUE;
      column = floor (px[i]);
      first = lo = hi = last = i;
    }

  if (open)
    flush_column (out, px, py, first, lo, hi, last);

  return out;
}

/* ---- Label placement ------------------------------------------------------ */

gboolean
heeyu_rect_intersects (const HeeyuRect *a,
                       const HeeyuRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
      && a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
rect_inside (const HeeyuRect *r,
             const HeeyuRect *bounds)
{
  return r->x >= bounds->x && r->y >= bounds->y
      && r->x + r->width <= bounds->x + bounds->width
      && r->y + r->height <= bounds->y + bounds->height;
}

gboolean *
heeyu_place_labels (const HeeyuRect *anchors,
                    const HeeyuRect *sizes,
                    guint            n,
                    const HeeyuRect *bounds,
                    HeeyuRect       *out)
{
  gboolean *placed = g_new0 (gboolean, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      double cx = anchors[i].x, cy = anchors[i].y;
      double r = MAX (anchors[i].width, 0) + 3;
      double w = sizes[i].width, h = sizes[i].height;
      /* Right, left, above, below, then the four diagonals. */
      const double spots[8][2] = {
        { cx + r,         cy - h / 2 },
        { cx - r - w,     cy - h / 2 },
        { cx - w / 2,     cy - r - h },
        { cx - w / 2,     cy + r },
        { cx + r * 0.7,   cy - r * 0.7 - h },
        { cx - r * 0.7 - w, cy - r * 0.7 - h },
        { cx + r * 0.7,   cy + r * 0.7 },
        { cx - r * 0.7 - w, cy + r * 0.7 },
      };

      out[i] = (HeeyuRect) { 0, 0, 0, 0 };
      if (!isfinite (cx) || !isfinite (cy) || !(w > 0) || !(h > 0))
        continue;

      for (guint s = 0; s < G_N_ELEMENTS (spots) && !placed[i]; s++)
        {
          HeeyuRect cand = { spots[s][0], spots[s][1], w, h };
          gboolean ok = bounds == NULL || rect_inside (&cand, bounds);

          for (guint j = 0; ok && j < i; j++)
            if (placed[j] && heeyu_rect_intersects (&cand, &out[j]))
              ok = FALSE;

          /* Do not cover any marker, including the label's own. */
          for (guint j = 0; ok && j < n; j++)
            {
              double rr = MAX (anchors[j].width, 0);
              HeeyuRect m = { anchors[j].x - rr, anchors[j].y - rr, 2 * rr, 2 * rr };

              if (rr > 0 && heeyu_rect_intersects (&cand, &m))
                ok = FALSE;
            }

          if (ok)
            {
              out[i] = cand;
              placed[i] = TRUE;
            }
        }
    }

  return placed;
}

/* ---- The spec ------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (HeeyuChartSpec, heeyu_chart_spec,
                     heeyu_chart_spec_ref, heeyu_chart_spec_unref)

static void
series_free (gpointer data)
{
  HeeyuChartSeries *s = data;

  g_free (s->name);
  g_array_unref (s->x);
  g_array_unref (s->y);
  g_free (s);
}

static void
marker_clear (gpointer data)
{
  g_free (((HeeyuChartMarker *) data)->label);
}

static void
bar_clear (gpointer data)
{
  g_free (((HeeyuChartBar *) data)->label);
}

static void
point_clear (gpointer data)
{
  HeeyuChartScatterPoint *p = data;

  g_free (p->id);
  g_free (p->label);
}

HeeyuChartSpec *
heeyu_chart_spec_new (HeeyuChartKind kind)
{
  HeeyuChartSpec *spec = g_new0 (HeeyuChartSpec, 1);

  g_atomic_ref_count_init (&spec->ref_count);
  spec->kind = kind;
  spec->x_kind = HEEYU_AXIS_NUMBER;
  spec->series = g_ptr_array_new_with_free_func (series_free);
  spec->markers = g_array_new (FALSE, TRUE, sizeof (HeeyuChartMarker));
  g_array_set_clear_func (spec->markers, marker_clear);
  spec->bars = g_array_new (FALSE, TRUE, sizeof (HeeyuChartBar));
  g_array_set_clear_func (spec->bars, bar_clear);
  spec->points = g_array_new (FALSE, TRUE, sizeof (HeeyuChartScatterPoint));
  g_array_set_clear_func (spec->points, point_clear);
  spec->x_threshold = NAN;
  spec->y_threshold = NAN;
  spec->show_extremes = FALSE;
  return spec;
}

HeeyuChartSpec *
heeyu_chart_spec_ref (HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_atomic_ref_count_inc (&spec->ref_count);
  return spec;
}

void
heeyu_chart_spec_unref (HeeyuChartSpec *spec)
{
  g_return_if_fail (spec != NULL);
  if (!g_atomic_ref_count_dec (&spec->ref_count))
    return;

  g_free (spec->title);
  g_free (spec->subtitle);
  g_free (spec->source);
  g_free (spec->as_of);
  g_free (spec->note);
  g_free (spec->x_label);
  g_free (spec->y_label);
  g_free (spec->unit);
  g_free (spec->size_label);
  g_ptr_array_unref (spec->series);
  g_array_unref (spec->markers);
  g_array_unref (spec->bars);
  g_array_unref (spec->points);
  g_free (spec);
}

HeeyuChartKind
heeyu_chart_spec_get_kind (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, HEEYU_CHART_LINE);
  return spec->kind;
}

#define SETTER(field)                                   \
  void                                                  \
  heeyu_chart_spec_set_##field (HeeyuChartSpec *spec,   \
                                const char     *value)  \
  {                                                     \
    g_return_if_fail (spec != NULL);                    \
    g_free (spec->field);                               \
    spec->field = g_strdup (value);                     \
  }

SETTER (title)
SETTER (subtitle)
SETTER (source)
SETTER (as_of)
SETTER (note)

const char *
heeyu_chart_spec_get_title (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->title;
}

void
heeyu_chart_spec_set_x_axis (HeeyuChartSpec *spec,
                             HeeyuAxisKind   kind,
                             const char     *label)
{
  g_return_if_fail (spec != NULL);
  spec->x_kind = kind;
  g_free (spec->x_label);
  spec->x_label = g_strdup (label);
}

void
heeyu_chart_spec_set_y_axis (HeeyuChartSpec *spec,
                             const char     *label,
                             const char     *unit)
{
  g_return_if_fail (spec != NULL);
  g_free (spec->y_label);
  spec->y_label = g_strdup (label);
  g_free (spec->unit);
  spec->unit = g_strdup (unit);
}

HeeyuAxisKind
heeyu_chart_spec_get_x_kind (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, HEEYU_AXIS_NUMBER);
  return spec->x_kind;
}

const char *
heeyu_chart_spec_get_unit (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->unit;
}

typedef struct {
  double x, y;
} XY;

static int
cmp_xy (gconstpointer a,
        gconstpointer b)
{
  double xa = ((const XY *) a)->x, xb = ((const XY *) b)->x;

  return (xa > xb) - (xa < xb);
}

guint
heeyu_chart_spec_add_series (HeeyuChartSpec *spec,
                             const char     *name,
                             const double   *x,
                             const double   *y,
                             gsize           n)
{
  HeeyuChartSeries *s;
  g_autofree XY *pts = NULL;
  gsize m = 0;
  gboolean sorted = TRUE;

  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), 0);

  /* Points without a usable x cannot be placed: drop them. */
  pts = g_new (XY, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (isfinite (x[i]))
      {
        pts[m].x = x[i];
        pts[m].y = isfinite (y[i]) ? y[i] : NAN;
        if (m > 0 && pts[m].x < pts[m - 1].x)
          sorted = FALSE;
        m++;
      }
  if (!sorted)
    qsort (pts, m, sizeof (XY), cmp_xy);

  s = g_new0 (HeeyuChartSeries, 1);
  s->name = g_strdup (name ? name : "");
  s->x = g_array_sized_new (FALSE, FALSE, sizeof (double), m);
  s->y = g_array_sized_new (FALSE, FALSE, sizeof (double), m);
  s->y_min = NAN;
  s->y_max = NAN;
  for (gsize i = 0; i < m; i++)
    {
      g_array_append_val (s->x, pts[i].x);
      g_array_append_val (s->y, pts[i].y);
      if (!isnan (pts[i].y))
        {
          if (s->n_finite == 0 || pts[i].y < s->y_min)
            s->y_min = pts[i].y;
          if (s->n_finite == 0 || pts[i].y > s->y_max)
            s->y_max = pts[i].y;
          s->n_finite++;
        }
    }

  g_ptr_array_add (spec->series, s);
  return spec->series->len - 1;
}

guint
heeyu_chart_spec_get_n_series (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, 0);
  return spec->series->len;
}

const char *
heeyu_chart_spec_get_series_name (const HeeyuChartSpec *spec,
                                  guint                 series)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (series >= spec->series->len)
    return NULL;
  return ((HeeyuChartSeries *) g_ptr_array_index (spec->series, series))->name;
}

gsize
heeyu_chart_spec_get_n_points (const HeeyuChartSpec *spec,
                               guint                 series)
{
  g_return_val_if_fail (spec != NULL, 0);
  if (series >= spec->series->len)
    return 0;
  return ((HeeyuChartSeries *) g_ptr_array_index (spec->series, series))->x->len;
}

gboolean
heeyu_chart_spec_get_point (const HeeyuChartSpec *spec,
                            guint                 series,
                            gsize                 i,
                            double               *x,
                            double               *y)
{
  HeeyuChartSeries *s;

  g_return_val_if_fail (spec != NULL, FALSE);
  if (series >= spec->series->len)
    return FALSE;
  s = g_ptr_array_index (spec->series, series);
  if (i >= s->x->len)
    return FALSE;
  if (x)
    *x = g_array_index (s->x, double, i);
  if (y)
    *y = g_array_index (s->y, double, i);
  return TRUE;
}

void
heeyu_chart_spec_add_marker (HeeyuChartSpec *spec,
                             double          x,
                             const char     *label)
{
  HeeyuChartMarker m;

  g_return_if_fail (spec != NULL);
  if (!isfinite (x))
    return;
  m.x = x;
  m.label = g_strdup (label ? label : "");
  g_array_append_val (spec->markers, m);
}

guint
heeyu_chart_spec_get_n_markers (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, 0);
  return spec->markers->len;
}

void
heeyu_chart_spec_add_bar (HeeyuChartSpec *spec,
                          const char     *label,
                          double          value,
                          gboolean        is_other)
{
  HeeyuChartBar b;

  g_return_if_fail (spec != NULL);
  b.label = g_strdup (label ? label : "");
  b.value = isfinite (value) ? value : NAN;
  b.is_other = !!is_other;
  g_array_append_val (spec->bars, b);
}

void
heeyu_chart_spec_add_scatter_point (HeeyuChartSpec *spec,
                                    const char     *id,
                                    const char     *label,
                                    double          x,
                                    double          y,
                                    double          size)
{
  HeeyuChartScatterPoint p;

  g_return_if_fail (spec != NULL);
  p.id = g_strdup (id ? id : "");
  p.label = g_strdup (label ? label : p.id);
  p.x = isfinite (x) ? x : NAN;
  p.y = isfinite (y) ? y : NAN;
  p.size = isfinite (size) ? size : NAN;
  g_array_append_val (spec->points, p);
}

void
heeyu_chart_spec_set_scatter_axes (HeeyuChartSpec *spec,
                                   const char     *x_label,
                                   const char     *y_label,
                                   const char     *size_label)
{
  g_return_if_fail (spec != NULL);
  g_free (spec->x_label);
  spec->x_label = g_strdup (x_label);
  g_free (spec->y_label);
  spec->y_label = g_strdup (y_label);
  g_free (spec->size_label);
  spec->size_label = g_strdup (size_label);
}

void
heeyu_chart_spec_set_thresholds (HeeyuChartSpec *spec,
                                 double          x_threshold,
                                 double          y_threshold)
{
  g_return_if_fail (spec != NULL);
  spec->x_threshold = isfinite (x_threshold) ? x_threshold : NAN;
  spec->y_threshold = isfinite (y_threshold) ? y_threshold : NAN;
}

const char *
heeyu_chart_spec_get_point_id (const HeeyuChartSpec *spec,
                               gsize                 i)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (i >= spec->points->len)
    return NULL;
  return g_array_index (spec->points, HeeyuChartScatterPoint, i).id;
}

const char *
heeyu_chart_spec_get_point_label (const HeeyuChartSpec *spec,
                                  gsize                 i)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (i >= spec->points->len)
    return NULL;
  return g_array_index (spec->points, HeeyuChartScatterPoint, i).label;
}

gboolean
heeyu_chart_spec_get_scatter_point (const HeeyuChartSpec *spec,
                                    gsize                 i,
                                    double               *x,
                                    double               *y,
                                    double               *size)
{
  const HeeyuChartScatterPoint *p;

  g_return_val_if_fail (spec != NULL, FALSE);
  if (i >= spec->points->len)
    return FALSE;
  p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
  if (x)
    *x = p->x;
  if (y)
    *y = p->y;
  if (size)
    *size = p->size;
  return TRUE;
}

const char *
heeyu_chart_spec_get_bar_label (const HeeyuChartSpec *spec,
                                gsize                 i)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (i >= spec->bars->len)
    return NULL;
  return g_array_index (spec->bars, HeeyuChartBar, i).label;
}

gboolean
heeyu_chart_spec_get_bar (const HeeyuChartSpec *spec,
                          gsize                 i,
                          double               *value,
                          gboolean             *is_other)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  if (i >= spec->bars->len)
    return FALSE;
  if (value)
    *value = g_array_index (spec->bars, HeeyuChartBar, i).value;
  if (is_other)
    *is_other = g_array_index (spec->bars, HeeyuChartBar, i).is_other;
  return TRUE;
}

const char *
heeyu_chart_spec_get_x_label (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->x_label;
}

const char *
heeyu_chart_spec_get_y_label (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->y_label;
}

const char *
heeyu_chart_spec_get_size_label (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->size_label;
}

void
heeyu_chart_spec_set_show_extremes (HeeyuChartSpec *spec,
                                    gboolean        show)
{
  g_return_if_fail (spec != NULL);
  spec->show_extremes = !!show;
}

gboolean
heeyu_chart_spec_x_range (const HeeyuChartSpec *spec,
                          double               *x_min,
                          double               *x_max)
{
  gboolean any = FALSE;
  double lo = NAN, hi = NAN;

  for (guint i = 0; i < spec->series->len; i++)
    {
      HeeyuChartSeries *s = g_ptr_array_index (spec->series, i);

      if (s->x->len == 0)
        continue;
      if (!any || g_array_index (s->x, double, 0) < lo)
        lo = g_array_index (s->x, double, 0);
      if (!any || g_array_index (s->x, double, s->x->len - 1) > hi)
        hi = g_array_index (s->x, double, s->x->len - 1);
      any = TRUE;
    }
  *x_min = lo;
  *x_max = hi;
  return any;
}

gboolean
heeyu_chart_spec_y_range (const HeeyuChartSpec *spec,
                          double               *y_min,
                          double               *y_max)
{
  gboolean any = FALSE;
  double lo = NAN, hi = NAN;

  for (guint i = 0; i < spec->series->len; i++)
    {
      HeeyuChartSeries *s = g_ptr_array_index (spec->series, i);

      if (s->n_finite == 0)
        continue;
      if (!any || s->y_min < lo)
        lo = s->y_min;
      if (!any || s->y_max > hi)
        hi = s->y_max;
      any = TRUE;
    }
  *y_min = lo;
  *y_max = hi;
  return any;
}

/* ---- Words ---------------------------------------------------------------- */

static char *
with_unit (double      value,
           const char *unit)
{
  g_autofree char *v = heeyu_format_value (value);

  if (unit && *unit)
    return g_strdup_printf ("%s %s", v, unit);
  return g_steal_pointer (&v);
}

/* Summaries round to what a sentence needs: 303.296 reads "303". */
static char *
format_brief (double value)
{
  double a = fabs (value);
  char *s = heeyu_format_number (value, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
  char *dot = strchr (s, '.');

  if (dot)
    {
      char *end = s + strlen (s) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return s;
}

static char *
brief_with_unit (double      value,
                 const char *unit)
{
  g_autofree char *v = format_brief (value);

  if (unit && *unit)
    return g_strdup_printf ("%s %s", v, unit);
  return g_steal_pointer (&v);
}

gsize
heeyu_chart_spec_get_n_items (const HeeyuChartSpec *spec,
                              guint                 series)
{
  g_return_val_if_fail (spec != NULL, 0);
  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      return spec->bars->len;
    case HEEYU_CHART_SCATTER:
      return spec->points->len;
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      return heeyu_chart_spec_get_n_points (spec, series);
    }
}

static double
bars_total (const HeeyuChartSpec *spec)
{
  double total = 0;

  for (guint i = 0; i < spec->bars->len; i++)
    {
      double v = g_array_index (spec->bars, HeeyuChartBar, i).value;
      if (isfinite (v) && v > 0)
        total += v;
    }
  return total;
}

char *
heeyu_chart_spec_describe_item (const HeeyuChartSpec *spec,
                                guint                 series,
                                gsize                 i)
{
  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      {
        const HeeyuChartBar *b;
        g_autofree char *v = NULL;
        double total = bars_total (spec);

        if (i >= spec->bars->len)
          return NULL;
        b = &g_array_index (spec->bars, HeeyuChartBar, i);
        if (isnan (b->value))
          return g_strdup_printf ("%s: no data", b->label);
        v = with_unit (b->value, spec->unit);
        if (total > 0 && b->value >= 0)
          return g_strdup_printf ("%s: %s (%.1f%%)", b->label, v, 100.0 * b->value / total);
        return g_strdup_printf ("%s: %s", b->label, v);
      }

    case HEEYU_CHART_SCATTER:
      {
        const HeeyuChartScatterPoint *p;
        g_autofree char *xs = NULL, *ys = NULL, *ss = NULL;

        if (i >= spec->points->len)
          return NULL;
        p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
        xs = heeyu_format_value (p->x);
        ys = heeyu_format_value (p->y);
        ss = heeyu_format_value (p->size);
        return g_strdup_printf ("%s: %s %s, %s %s%s%s%s%s", p->label,
                                spec->x_label ? spec->x_label : "x", xs,
                                spec->y_label ? spec->y_label : "y", ys,
                                isnan (p->size) ? "" : ", ",
                                isnan (p->size) ? "" : (spec->size_label ? spec->size_label : "size"),
                                isnan (p->size) ? "" : " ",
                                isnan (p->size) ? "" : ss);
      }

    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      {
        double x, y;
        g_autofree char *xs = NULL, *v = NULL;
        const char *name = heeyu_chart_spec_get_series_name (spec, series);

        if (!heeyu_chart_spec_get_point (spec, series, i, &x, &y))
          return NULL;
        xs = heeyu_chart_format_x (spec->x_kind, x);
        v = isnan (y) ? g_strdup ("no data") : with_unit (y, spec->unit);
        if (name && *name && spec->series->len > 1)
          return g_strdup_printf ("%s, %s: %s", name, xs, v);
        return g_strdup_printf ("%s: %s", xs, v);
      }
    }
}

static const char *
chart_name (const HeeyuChartSpec *spec)
{
  if (spec->title && *spec->title)
    return spec->title;
  if (spec->series->len > 0)
    {
      const char *n = heeyu_chart_spec_get_series_name (spec, 0);
      if (n && *n)
        return n;
    }
  return "Chart";
}

static char *
summarize_line (const HeeyuChartSpec *spec)
{
  HeeyuChartSeries *s = NULL;
  gsize first = 0, last = 0, peak = 0;
  gboolean any = FALSE;
  GString *out;
  g_autofree char *x0 = NULL, *x1 = NULL, *v0 = NULL, *v1 = NULL;

  for (guint k = 0; k < spec->series->len && s == NULL; k++)
    if (((HeeyuChartSeries *) g_ptr_array_index (spec->series, k))->n_finite > 0)
      s = g_ptr_array_index (spec->series, k);
  if (s == NULL)
    return g_strdup_printf ("%s: no data.", chart_name (spec));

  for (gsize i = 0; i < s->y->len; i++)
    {
      double y = g_array_index (s->y, double, i);

      if (isnan (y))
        continue;
      if (!any)
        first = peak = i;
      any = TRUE;
      last = i;
      if (y > g_array_index (s->y, double, peak))
        peak = i;
    }

  x0 = heeyu_chart_format_x (spec->x_kind, g_array_index (s->x, double, first));
  x1 = heeyu_chart_format_x (spec->x_kind, g_array_index (s->x, double, last));
  v0 = format_brief (g_array_index (s->y, double, first));
  v1 = brief_with_unit (g_array_index (s->y, double, last), spec->unit);

  out = g_string_new (chart_name (spec));
  if (first == last)
    {
      g_string_append_printf (out, ", %s: %s", x0, v1);
    }
  else
    {
      g_string_append_printf (out, ", %s" EN_DASH "%s, from %s to %s", x0, x1, v0, v1);
      if (peak != first && peak != last)
        {
          g_autofree char *vp = format_brief (g_array_index (s->y, double, peak));
          g_autofree char *xp = heeyu_chart_format_x (spec->x_kind,
                                                      g_array_index (s->x, double, peak));
          g_string_append_printf (out, ", peak %s in %s", vp, xp);
        }
    }
  if (spec->series->len > 1)
    g_string_append_printf (out, " (%s; %u series in all)", s->name, spec->series->len);
  if (spec->markers->len > 0)
    g_string_append_printf (out, "; %u event%s marked", spec->markers->len,
                            spec->markers->len == 1 ? "" : "s");
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

static char *
summarize_bars (const HeeyuChartSpec *spec)
{
  const HeeyuChartBar *top = NULL;
  double total = bars_total (spec);
  g_autofree char *v = NULL, *t = NULL;

  for (guint i = 0; i < spec->bars->len; i++)
    {
      const HeeyuChartBar *b = &g_array_index (spec->bars, HeeyuChartBar, i);
      if (!b->is_other && isfinite (b->value) && (top == NULL || b->value > top->value))
        top = b;
    }
  if (top == NULL)
    return g_strdup_printf ("%s: no data.", chart_name (spec));

  v = brief_with_unit (top->value, spec->unit);
  t = brief_with_unit (total, spec->unit);
  if (total > 0 && top->value > 0)
    return g_strdup_printf ("%s: %u categories, largest %s with %s (%.0f%% of %s).",
                            chart_name (spec), spec->bars->len, top->label, v,
                            100.0 * top->value / total, t);
  return g_strdup_printf ("%s: %u categories, largest %s with %s.",
                          chart_name (spec), spec->bars->len, top->label, v);
}

static char *
summarize_scatter (const HeeyuChartSpec *spec)
{
  GString *out;
  g_autoptr(GPtrArray) high = g_ptr_array_new ();

  if (spec->points->len == 0)
    return g_strdup_printf ("%s: no data.", chart_name (spec));

  out = g_string_new (chart_name (spec));
  g_string_append_printf (out, ": %u point%s", spec->points->len,
                          spec->points->len == 1 ? "" : "s");
  if (!isnan (spec->x_threshold) || !isnan (spec->y_threshold))
    {
      for (guint i = 0; i < spec->points->len; i++)
        {
          const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
          if ((isnan (spec->x_threshold) || p->x >= spec->x_threshold)
              && (isnan (spec->y_threshold) || p->y >= spec->y_threshold))
            g_ptr_array_add (high, p->label);
        }
      g_string_append_printf (out, ", %u above the threshold%s", high->len,
                              !isnan (spec->x_threshold) && !isnan (spec->y_threshold) ? "s" : "");
      for (guint i = 0; i < high->len && i < 5; i++)
        g_string_append_printf (out, "%s%s", i == 0 ? ": " : ", ", (char *) high->pdata[i]);
      if (high->len > 5)
        g_string_append_printf (out, " and %u more", high->len - 5);
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

char *
heeyu_chart_spec_summarize (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      return summarize_bars (spec);
    case HEEYU_CHART_SCATTER:
      return summarize_scatter (spec);
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      return summarize_line (spec);
    }
}

/* ---- CSV ------------------------------------------------------------------ */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  text = text ? text : "";
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_number (GString *out,
            double   v,
            gboolean last)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Plain machine-readable numbers: no separators, '.' as the point. */
  csv_field (out, isfinite (v) ? g_ascii_formatd (buf, sizeof buf, "%.15g", v) : "", last);
}

char *
heeyu_chart_spec_to_csv (const HeeyuChartSpec *spec)
{
  GString *out;

  g_return_val_if_fail (spec != NULL, NULL);

  out = g_string_new ("\357\273\277");
  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      csv_field (out, "category", FALSE);
      csv_field (out, spec->y_label ? spec->y_label : "value", FALSE);
      csv_field (out, "unit", FALSE);
      csv_field (out, "other", TRUE);
      for (guint i = 0; i < spec->bars->len; i++)
        {
          const HeeyuChartBar *b = &g_array_index (spec->bars, HeeyuChartBar, i);
          csv_field (out, b->label, FALSE);
          csv_number (out, b->value, FALSE);
          csv_field (out, spec->unit, FALSE);
          csv_field (out, b->is_other ? "yes" : "no", TRUE);
        }
      break;

    case HEEYU_CHART_SCATTER:
      csv_field (out, "id", FALSE);
      csv_field (out, "label", FALSE);
      csv_field (out, spec->x_label ? spec->x_label : "x", FALSE);
      csv_field (out, spec->y_label ? spec->y_label : "y", FALSE);
      csv_field (out, spec->size_label ? spec->size_label : "size", TRUE);
      for (guint i = 0; i < spec->points->len; i++)
        {
          const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
          csv_field (out, p->id, FALSE);
          csv_field (out, p->label, FALSE);
          csv_number (out, p->x, FALSE);
          csv_number (out, p->y, FALSE);
          csv_number (out, p->size, TRUE);
        }
      break;

    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      csv_field (out, "series", FALSE);
      csv_field (out, spec->x_label ? spec->x_label
                      : spec->x_kind == HEEYU_AXIS_DATE ? "date"
                      : spec->x_kind == HEEYU_AXIS_YEAR ? "year" : "x", FALSE);
      csv_field (out, spec->y_label ? spec->y_label : "value", FALSE);
      csv_field (out, "unit", TRUE);
      for (guint k = 0; k < spec->series->len; k++)
        {
          HeeyuChartSeries *s = g_ptr_array_index (spec->series, k);

          for (guint i = 0; i < s->x->len; i++)
            {
              double x = g_array_index (s->x, double, i);
              g_autofree char *xs = NULL;

              csv_field (out, s->name, FALSE);
              if (spec->x_kind == HEEYU_AXIS_NUMBER)
                csv_number (out, x, FALSE);
              else
                {
                  xs = heeyu_chart_format_x (spec->x_kind, x);
                  csv_field (out, xs, FALSE);
                }
              csv_number (out, g_array_index (s->y, double, i), FALSE);
              csv_field (out, spec->unit, TRUE);
            }
        }
      break;
    }

  return g_string_free (out, FALSE);
}

gboolean
heeyu_chart_spec_export_csv (const HeeyuChartSpec  *spec,
                             const char            *path,
                             GError               **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv = heeyu_chart_spec_to_csv (spec);
  return g_file_set_contents (path, csv, -1, error);
}
