/* heeyu-chart-draw-sparkline.c: sparklines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "heeyu-chart-draw-private.h"

void
heeyu_chart_layout_sparkline (Chart *c)
{
  double y_lo, y_hi, x_lo, x_hi;
  double m = c->spec->show_extremes ? 4 : 3.5;

  c->has_data = heeyu_chart_spec_y_range (c->spec, &y_lo, &y_hi);
  if (!c->has_data || !heeyu_chart_spec_x_range (c->spec, &x_lo, &x_hi))
    {
      y_lo = 0, y_hi = 1, x_lo = 0, x_hi = 1;
    }
  if (y_hi - y_lo <= 1e-12 * MAX (fabs (y_lo), 1))
    y_lo -= 1, y_hi += 1;
  if (x_hi - x_lo <= 1e-12 * MAX (fabs (x_lo), 1))
    x_lo -= 1, x_hi += 1;
  c->x_min = x_lo, c->x_max = x_hi, c->y_min = y_lo, c->y_max = y_hi;
  c->px = m;
  c->py = m;
  c->pw = MAX (c->width - 2 * m, 1);
  c->ph = MAX (c->height - 2 * m, 1);
}

/* ---- Sparkline ------------------------------------------------------------ */

void
heeyu_chart_draw_sparkline (Chart *c)
{
  HeeyuChartSeries *s;
  gssize last = -1, lo = -1, hi = -1;
  HeeyuColor col;

  if (c->spec->series->len == 0)
    return;
  s = g_ptr_array_index (c->spec->series, 0);
  heeyu_chart_draw_series (c, 0, 1.75, TRUE);

  for (gsize i = 0; i < s->y->len; i++)
    {
      double y = g_array_index (s->y, double, i);

      if (isnan (y))
        continue;
      last = i;
      if (lo < 0 || y < g_array_index (s->y, double, lo))
        lo = i;
      if (hi < 0 || y > g_array_index (s->y, double, hi))
        hi = i;
    }
  if (last < 0)
    {
      /* No data: a flat dotted line says so without text. */
      static const double dots[] = { 1, 3 };
      col = c->style->muted;
      heeyu_chart_set_color (c->cr, &col);
      cairo_set_dash (c->cr, dots, 2, 0);
      cairo_set_line_width (c->cr, 1);
      cairo_move_to (c->cr, c->px, c->py + c->ph / 2);
      cairo_line_to (c->cr, c->px + c->pw, c->py + c->ph / 2);
      cairo_stroke (c->cr);
      return;
    }

  if (c->spec->show_extremes && lo != hi)
    {
      cairo_set_dash (c->cr, NULL, 0, 0);
      cairo_set_line_width (c->cr, 1.25);
      heeyu_chart_set_color (c->cr, &c->style->muted);
      for (int k = 0; k < 2; k++)
        {
          gssize i = k == 0 ? lo : hi;
          cairo_new_sub_path (c->cr);
          cairo_arc (c->cr, heeyu_chart_map_x (c, g_array_index (s->x, double, i)),
                     heeyu_chart_map_y (c, g_array_index (s->y, double, i)), 2.25, 0, 2 * G_PI);
          cairo_stroke (c->cr);
        }
    }

  heeyu_chart_draw_marker_shape (c, 0, heeyu_chart_map_x (c, g_array_index (s->x, double, last)),
                                 heeyu_chart_map_y (c, g_array_index (s->y, double, last)), 3,
                                 heeyu_chart_series_color (c, 0));
  heeyu_chart_draw_line_highlight (c);
}
