/* heeyu-chart-scale.c: scales and ticks, numbers and dates on axes, decimation and label
 * placement, without GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "heeyu-chart-private.h"

#include <math.h>
#include <string.h>

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
