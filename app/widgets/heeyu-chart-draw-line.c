/* heeyu-chart-draw-line.c: line charts: series, events, legend, highlight
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "heeyu-chart-draw-private.h"

/* Line charts: x window from the data (with a little room for single points),
 * y window from a nice scale. */
void
heeyu_chart_layout_line (Chart *c)
{
  const HeeyuChartSpec *spec = c->spec;
  double lh = heeyu_chart_line_height (c, 0.92), y_lo, y_hi, x_lo, x_hi, top, bottom, right;
  g_autofree char *unit = heeyu_chart_unit_text (spec);

  c->has_data = heeyu_chart_spec_y_range (spec, &y_lo, &y_hi);
  c->has_x = heeyu_chart_spec_x_range (spec, &x_lo, &x_hi);
  if (!c->has_x)
    {
      x_lo = spec->x_kind == HEEYU_AXIS_YEAR ? 2020 : 0;
      x_hi = x_lo + (spec->x_kind == HEEYU_AXIS_DATE ? 365 : spec->x_kind == HEEYU_AXIS_YEAR ? 4 : 1);
    }
  /* An event just after the last point (an export control in force since last
   * July on annual data) widens the axis a little; one far away is not drawn. */
  for (guint i = 0; i < spec->markers->len; i++)
    {
      double mx = g_array_index (spec->markers, HeeyuChartMarker, i).x;
      double reach = MAX ((x_hi - x_lo) * 0.2, spec->x_kind == HEEYU_AXIS_YEAR ? 1 : 0);

      if (mx >= x_lo - reach && mx <= x_hi + reach)
        {
          x_lo = MIN (x_lo, mx);
          x_hi = MAX (x_hi, mx);
        }
    }

  /* Bars start at zero; a line chart whose values are far from zero does not
   * have to, but one that nearly touches zero does, so it does not mislead. */
  if (c->has_data && y_lo > 0 && y_lo < 0.3 * y_hi)
    y_lo = 0;
  if (c->has_data && y_hi < 0 && y_hi > 0.3 * y_lo)
    y_hi = 0;

  top = c->header_h + c->legend_h;
  if (unit)
    {
      c->unit = heeyu_chart_text_new (c, unit, 0.92, FALSE, c->width - 2 * PAD, 1);
      top += lh * 1.5 + 6;
    }
  else
    top += lh / 2 + 4;
  bottom = c->height - c->footer_h - lh - 12;
  if (spec->x_label && *spec->x_label)
    {
      c->x_title = heeyu_chart_text_new (c, spec->x_label, 0.92, FALSE, c->width - 2 * PAD, 1);
      bottom -= lh + 2;
    }

  heeyu_scale_nice (y_lo, y_hi, heeyu_chart_max_ticks_for (bottom - top, lh * 2.6), &c->ys);
  c->y_min = c->ys.min;
  c->y_max = c->ys.max;

  c->y_label_w = 0;
  for (guint i = 0; i < c->ys.n_ticks; i++)
    {
      g_autofree char *t = heeyu_format_number (heeyu_scale_tick (&c->ys, i), c->ys.decimals);
      c->y_label_w = MAX (c->y_label_w, heeyu_chart_text_width (c, t, 0.92, FALSE));
    }

  /* x window */
  if (x_hi - x_lo < 1e-9)
    {
      double d = spec->x_kind == HEEYU_AXIS_DATE ? 15 : spec->x_kind == HEEYU_AXIS_YEAR ? 1
               : MAX (fabs (x_lo) * 0.1, 1);
      x_lo -= d;
      x_hi += d;
    }
  c->x_min = x_lo;
  c->x_max = x_hi;

  c->px = PAD + c->y_label_w + 8;
  right = c->width - PAD - heeyu_chart_text_width (c, "2000-00", 0.92, FALSE) / 2;
  c->pw = MAX (right - c->px, 10);
  c->py = top;
  c->ph = MAX (bottom - top, 10);

  /* A little room on both sides so end points and their markers show whole. */
  if (spec->x_kind != HEEYU_AXIS_NUMBER)
    {
      double room = (c->x_max - c->x_min) * 6 / c->pw;
      c->x_min -= room;
      c->x_max += room;
    }

  c->x_ticks = g_array_new (FALSE, FALSE, sizeof (double));
  c->x_labels = g_ptr_array_new_with_free_func (g_free);
  if (spec->x_kind == HEEYU_AXIS_DATE)
    {
      double tw = heeyu_chart_text_width (c, "2000-00", 0.92, FALSE) + 16;
      g_array_unref (c->x_ticks);
      c->x_ticks = heeyu_date_ticks (x_lo, x_hi, heeyu_chart_max_ticks_for (c->pw, tw),
                                     c->x_labels);
    }
  else
    {
      double tw = heeyu_chart_text_width (c, spec->x_kind == HEEYU_AXIS_YEAR ? "2000" : "000,000",
                                          0.92, FALSE) + 18;

      heeyu_scale_nice (x_lo, x_hi, heeyu_chart_max_ticks_for (c->pw, tw), &c->xs);
      if (spec->x_kind == HEEYU_AXIS_YEAR && c->xs.step < 1)
        {
          c->xs.step = 1;
          c->xs.decimals = 0;
          c->xs.min = ceil (x_lo);
          c->xs.n_ticks = (guint) (floor (x_hi) - c->xs.min) + 1;
        }
      else if (spec->x_kind == HEEYU_AXIS_NUMBER)
        {
          c->x_min = c->xs.min;
          c->x_max = c->xs.max;
        }
      for (guint i = 0; i < c->xs.n_ticks; i++)
        {
          double t = heeyu_scale_tick (&c->xs, i);

          if (t < c->x_min - 1e-9 || t > c->x_max + 1e-9)
            continue;
          g_array_append_val (c->x_ticks, t);
          g_ptr_array_add (c->x_labels, spec->x_kind == HEEYU_AXIS_YEAR
                                         ? g_strdup_printf ("%d", (int) round (t))
                                         : heeyu_format_number (t, c->xs.decimals));
        }
    }
}

/* ---- Line ----------------------------------------------------------------- */

static void
draw_legend (Chart *c)
{
  double x = PAD, y = c->header_h, lh = heeyu_chart_line_height (c, 0.92);
  cairo_t *cr = c->cr;

  if (c->legend_h <= 0)
    return;

  for (guint i = 0; i < c->spec->series->len; i++)
    {
      HeeyuChartSeries *s = g_ptr_array_index (c->spec->series, i);
      PangoLayout *l = heeyu_chart_text_new (c, s->name, 0.92, FALSE, 220, 1);
      double w;

      heeyu_chart_text_size (l, &w, NULL);
      if (x + 34 + w > c->width - PAD && x > PAD)
        {
          g_object_unref (l);
          break;
        }
      heeyu_chart_set_color (cr, heeyu_chart_series_color (c, i));
      cairo_set_line_width (cr, 2.5);
      heeyu_chart_set_dash (cr, i);
      cairo_move_to (cr, x, y + lh / 2);
      cairo_line_to (cr, x + 28, y + lh / 2);
      cairo_stroke (cr);
      heeyu_chart_draw_marker_shape (c, i, x + 14, y + lh / 2, 3.5,
                                     heeyu_chart_series_color (c, i));
      heeyu_chart_text_draw (c, l, x + 34, y, &c->style->foreground);
      x += 34 + w + 18;
      g_object_unref (l);
    }
}

static void
draw_event_markers (Chart *c)
{
  cairo_t *cr = c->cr;
  static const double dash[] = { 5, 4 };
  double lh = heeyu_chart_line_height (c, 0.85);
  GArray *placed = g_array_new (FALSE, FALSE, sizeof (HeeyuRect));

  for (guint i = 0; i < c->spec->markers->len; i++)
    {
      const HeeyuChartMarker *m = &g_array_index (c->spec->markers, HeeyuChartMarker, i);
      double x = round (heeyu_chart_map_x (c, m->x)) + 0.5, w, h;
      PangoLayout *l;
      HeeyuRect r;
      gboolean ok = FALSE;

      if (m->x < c->x_min || m->x > c->x_max)
        continue;

      cairo_save (cr);
      heeyu_chart_set_color (cr, &c->style->event);
      cairo_set_line_width (cr, 1.25);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, x, c->py);
      cairo_line_to (cr, x, c->py + c->ph);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (!m->label || !*m->label)
        continue;
      l = heeyu_chart_text_new (c, m->label, 0.85, FALSE, MIN (180, c->pw / 2.5), 1);
      heeyu_chart_text_size (l, &w, &h);

      /* Stack labels of nearby events in rows instead of overprinting. */
      for (int row = 0; row < 4 && !ok; row++)
        {
          r = (HeeyuRect) { x + 4, c->py + 2 + row * (lh + 2), w + 4, h };
          if (r.x + r.width > c->px + c->pw)
            r.x = x - 4 - r.width;
          ok = TRUE;
          for (guint j = 0; j < placed->len && ok; j++)
            if (heeyu_rect_intersects (&r, &g_array_index (placed, HeeyuRect, j)))
              ok = FALSE;
        }
      if (ok)
        {
          HeeyuColor bg = c->style->background;

          if (!c->style->draw_background)
            bg = (HeeyuColor) { c->style->dark ? 0.12 : 1, c->style->dark ? 0.12 : 1,
                                c->style->dark ? 0.12 : 1, 0.85 };
          else
            bg.alpha = 0.85;
          heeyu_chart_set_color (cr, &bg);
          cairo_rectangle (cr, r.x, r.y, r.width, r.height);
          cairo_fill (cr);
          heeyu_chart_text_draw (c, l, r.x + 2, r.y, &c->style->event);
          g_array_append_val (placed, r);
        }
      g_object_unref (l);
    }
  g_array_unref (placed);
}

void
heeyu_chart_draw_series (Chart *c,
                         guint  k,
                         double line_width,
                         gboolean fill)
{
  HeeyuChartSeries *s = g_ptr_array_index (c->spec->series, k);
  cairo_t *cr = c->cr;
  gsize n = s->x->len;
  g_autofree double *px = NULL, *py = NULL;
  g_autoptr(GArray) pts = NULL;
  gboolean pen = FALSE;
  gboolean show_points;

  if (n == 0)
    return;

  px = g_new (double, n);
  py = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      double y = g_array_index (s->y, double, i);

      px[i] = heeyu_chart_map_x (c, g_array_index (s->x, double, i));
      py[i] = isnan (y) ? NAN : heeyu_chart_map_y (c, y);
    }

  /* Thousands of points: one column of pixels needs at most four of them. */
  if (n > c->pw)
    pts = heeyu_decimate_minmax (px, py, n);
  else
    {
      pts = g_array_sized_new (FALSE, FALSE, sizeof (HeeyuPoint), n);
      for (gsize i = 0; i < n; i++)
        g_array_append_val (pts, ((HeeyuPoint) { px[i], py[i] }));
    }

  if (fill)
    {
      HeeyuColor a = *heeyu_chart_series_color (c, k);
      double base = c->py + c->ph;
      double first_x = 0;

      a.alpha = 0.14;
      heeyu_chart_set_color (cr, &a);
      pen = FALSE;
      for (guint i = 0; i < pts->len; i++)
        {
          HeeyuPoint *p = &g_array_index (pts, HeeyuPoint, i);

          if (isnan (p->y))
            {
              if (pen)
                {
                  cairo_line_to (cr, g_array_index (pts, HeeyuPoint, i - 1).x, base);
                  cairo_line_to (cr, first_x, base);
                  cairo_close_path (cr);
                }
              pen = FALSE;
              continue;
            }
          if (!pen)
            {
              cairo_move_to (cr, p->x, p->y);
              first_x = p->x;
            }
          else
            cairo_line_to (cr, p->x, p->y);
          pen = TRUE;
        }
      if (pen)
        {
          cairo_line_to (cr, g_array_index (pts, HeeyuPoint, pts->len - 1).x, base);
          cairo_line_to (cr, first_x, base);
          cairo_close_path (cr);
        }
      cairo_fill (cr);
    }

  heeyu_chart_set_color (cr, heeyu_chart_series_color (c, k));
  cairo_set_line_width (cr, line_width);
  /* Round joins cost more on dense series and look the same there. */
  cairo_set_line_join (cr, pts->len > c->pw / 3 ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, k % 4 == 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  if (heeyu_chart_is_sparkline (c))
    cairo_set_dash (cr, NULL, 0, 0);
  else
    heeyu_chart_set_dash (cr, k);

  pen = FALSE;
  for (guint i = 0; i < pts->len; i++)
    {
      HeeyuPoint *p = &g_array_index (pts, HeeyuPoint, i);

      if (isnan (p->y))
        {
          pen = FALSE;
          continue;
        }
      if (!pen)
        cairo_move_to (cr, p->x, p->y);
      else
        cairo_line_to (cr, p->x, p->y);
      pen = TRUE;
    }
  /* A dense series (more than a point every three pixels) strokes 2.5 times
   * faster with cairo's fast antialiasing, and looks the same at that density:
   * 3,650 daily prices at 1920 px wide take 3 ms instead of 7.5. */
  if (pts->len > c->pw / 3)
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_stroke (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  if (heeyu_chart_is_sparkline (c))
    return;

  /* Markers on each point when they are far enough apart to be seen; a point
   * alone between gaps always gets one, or it would not show at all. */
  show_points = n <= c->pw / 14;
  for (gsize i = 0; i < n; i++)
    {
      gboolean alone = !isnan (py[i])
                       && (i == 0 || isnan (py[i - 1]))
                       && (i + 1 == n || isnan (py[i + 1]));

      if (isnan (py[i]) || !(show_points || alone))
        continue;
      heeyu_chart_draw_marker_shape (c, k, px[i], py[i], 3.5, heeyu_chart_series_color (c, k));
    }
}

void
heeyu_chart_draw_line_highlight (Chart *c)
{
  const HeeyuChartStyle *st = c->style;
  double x, y;
  g_autofree char *text = NULL;

  if (st->highlight_series < 0 || st->highlight_index < 0)
    return;
  if (!heeyu_chart_spec_get_point (c->spec, st->highlight_series, st->highlight_index, &x, &y))
    return;

  x = heeyu_chart_map_x (c, x);
  if (!heeyu_chart_is_sparkline (c))
    {
      cairo_set_dash (c->cr, NULL, 0, 0);
      heeyu_chart_set_color (c->cr, &st->axis);
      cairo_set_line_width (c->cr, 1);
      cairo_move_to (c->cr, round (x) + 0.5, c->py);
      cairo_line_to (c->cr, round (x) + 0.5, c->py + c->ph);
      cairo_stroke (c->cr);
    }
  if (isnan (y))
    y = c->py + c->ph / 2;
  else
    {
      y = heeyu_chart_map_y (c, y);
      heeyu_chart_draw_marker_shape (c, st->highlight_series, x, y, 6,
                                     heeyu_chart_series_color (c, st->highlight_series));
    }
  if (!heeyu_chart_is_sparkline (c))
    {
      text = heeyu_chart_spec_describe_item (c->spec, st->highlight_series, st->highlight_index);
      heeyu_chart_draw_callout (c, text, x, y);
    }
}

void
heeyu_chart_draw_line (Chart *c)
{
  cairo_t *cr = c->cr;

  draw_legend (c);
  heeyu_chart_draw_y_grid (c);
  heeyu_chart_draw_x_ticks (c);

  cairo_save (cr);
  /* Markers poking a few pixels out of the plot are fine; lines are not. */
  cairo_rectangle (cr, c->px - 8, c->py - 8, c->pw + 16, c->ph + 16);
  cairo_clip (cr);
  draw_event_markers (c);
  for (guint k = 0; k < c->spec->series->len; k++)
    heeyu_chart_draw_series (c, k, 2.25, FALSE);
  cairo_restore (cr);

  if (!c->has_data)
    heeyu_chart_draw_no_data (c);
  heeyu_chart_draw_line_highlight (c);
}
