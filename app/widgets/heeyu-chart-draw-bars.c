/* heeyu-chart-draw-bars.c: bar charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "heeyu-chart-draw-private.h"

void
heeyu_chart_layout_bars (Chart *c)
{
  const HeeyuChartSpec *spec = c->spec;
  double lh = heeyu_chart_line_height (c, 0.92), lo = 0, hi = 0, top, bottom, max_label = 0;
  guint n = spec->bars->len;
  g_autofree char *unit = heeyu_chart_unit_text (spec);

  c->has_data = FALSE;
  for (guint i = 0; i < n; i++)
    {
      const HeeyuChartBar *b = &g_array_index (spec->bars, HeeyuChartBar, i);

      if (isfinite (b->value))
        {
          lo = MIN (lo, b->value);
          hi = MAX (hi, b->value);
          c->has_data = TRUE;
        }
      max_label = MAX (max_label, heeyu_chart_text_width (c, b->label, 0.92, FALSE));
    }

  top = c->header_h + 4;
  bottom = c->height - c->footer_h - lh - 8;
  if (unit)
    {
      c->unit = heeyu_chart_text_new (c, unit, 0.92, FALSE, c->width - 2 * PAD, 1);
      bottom -= lh + 2;
    }

  c->label_w = MIN (max_label, c->width * 0.32);
  c->px = PAD + c->label_w + 10;
  /* Room for the value written after the longest bar. */
  {
    g_autofree char *v = heeyu_format_number (hi, hi < 10 && hi > -10 ? 2 : 0);
    c->pw = MAX (c->width - PAD - c->px - heeyu_chart_text_width (c, v, 0.92, FALSE) - 8, 10);
  }
  c->py = top;
  c->ph = MAX (bottom - top, 10);

  c->row_h = n > 0 ? MIN (c->ph / n, lh * 3.4) : c->ph;
  c->bar_h = MAX (MIN (c->row_h * 0.68, lh * 1.9), 1);
  /* Few bars: keep them at a natural height and put the axis right below. */
  c->ph = n > 0 ? c->row_h * n : c->ph;

  heeyu_scale_nice (lo, hi,
                    heeyu_chart_max_ticks_for (c->pw,
                                               heeyu_chart_text_width (c, "000,000", 0.92, FALSE)
                                               + 24),
                    &c->xs);
  c->x_min = c->xs.min;
  c->x_max = c->xs.max;
}

/* ---- Bars ----------------------------------------------------------------- */

void
heeyu_chart_draw_bars (Chart *c)
{
  cairo_t *cr = c->cr;
  const HeeyuChartSpec *spec = c->spec;
  double lh = heeyu_chart_line_height (c, 0.92), zero = heeyu_chart_map_x (c, 0);
  double base = c->py + c->ph;
  double last_right = -G_MAXDOUBLE;
  guint every = 1;

  /* Grid and value ticks along the bottom. */
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < c->xs.n_ticks; i++)
    {
      double v = heeyu_scale_tick (&c->xs, i);
      double x = round (heeyu_chart_map_x (c, v)) + 0.5;
      g_autofree char *t = heeyu_format_number (v, c->xs.decimals);
      double w = heeyu_chart_text_width (c, t, 0.92, FALSE);

      heeyu_chart_set_color (cr, &c->style->grid);
      cairo_move_to (cr, x, c->py);
      cairo_line_to (cr, x, base);
      cairo_stroke (cr);
      if (x - w / 2 >= last_right + 6)
        {
          heeyu_chart_label_at (c, t, 0.92, FALSE, x, base + 6, 0.5, 0, &c->style->muted);
          last_right = x + w / 2;
        }
    }
  if (c->unit)
    {
      double w;
      heeyu_chart_text_size (c->unit, &w, NULL);
      heeyu_chart_text_draw (c, c->unit, c->px + c->pw - w, base + 8 + lh, &c->style->muted);
    }

  /* Too many bars for their names: name every n-th. */
  while (c->row_h * every < lh * 0.95 && every < spec->bars->len)
    every++;

  for (guint i = 0; i < spec->bars->len; i++)
    {
      const HeeyuChartBar *b = &g_array_index (spec->bars, HeeyuChartBar, i);
      double cy = c->py + c->row_h * (i + 0.5);
      double y = cy - c->bar_h / 2;
      gboolean hl = c->style->highlight_index == (gssize) i;

      if (i % every == 0)
        {
          PangoLayout *l = heeyu_chart_text_new (c, b->label, 0.92, hl, c->label_w, 1);
          double w, h;

          heeyu_chart_text_size (l, &w, &h);
          heeyu_chart_text_draw (c, l, c->px - 10 - w, cy - h / 2,
                                 b->is_other ? &c->style->muted : &c->style->foreground);
          g_object_unref (l);
        }

      if (isfinite (b->value))
        {
          double x1 = heeyu_chart_map_x (c, b->value);
          double left = MIN (zero, x1), w = fabs (x1 - zero);
          g_autofree char *v = heeyu_format_value (b->value);
          double tw;

          heeyu_chart_set_color (cr, b->is_other ? &c->style->other
                                                 : heeyu_chart_series_color (c, 0));
          cairo_rectangle (cr, left, y, MAX (w, 1), c->bar_h);
          cairo_fill (cr);
          if (hl)
            {
              heeyu_chart_set_color (cr, &c->style->foreground);
              cairo_set_line_width (cr, 2);
              cairo_rectangle (cr, left - 1, y - 1, MAX (w, 1) + 2, c->bar_h + 2);
              cairo_stroke (cr);
            }
          if (c->bar_h >= lh * 0.7 || i % every == 0)
            {
              tw = heeyu_chart_text_width (c, v, 0.92, FALSE);
              if (b->value >= 0)
                heeyu_chart_label_at (c, v, 0.92, hl, x1 + 5, cy, 0, 0.5, &c->style->foreground);
              else if (x1 - 5 - tw > c->px)
                heeyu_chart_label_at (c, v, 0.92, hl, x1 - 5, cy, 1, 0.5, &c->style->foreground);
              else
                heeyu_chart_label_at (c, v, 0.92, hl, zero + 5, cy, 0, 0.5, &c->style->foreground);
            }
        }
      else
        heeyu_chart_label_at (c, _("no data"), 0.85, FALSE, zero + 5, cy, 0, 0.5, &c->style->muted);
    }

  heeyu_chart_set_color (cr, &c->style->axis);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (zero) + 0.5, c->py);
  cairo_line_to (cr, round (zero) + 0.5, base);
  cairo_stroke (cr);

  if (!c->has_data)
    heeyu_chart_draw_no_data (c);
}
