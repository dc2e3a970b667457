/* heeyu-chart-draw-scatter.c: scatter charts (the risk matrix)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "heeyu-chart-draw-private.h"

double
heeyu_chart_point_radius (const Chart *c,
                          double       size)
{
  if (!(c->size_max > 0) || !(size > 0))
    return 5;
  /* Area, not radius, proportional to the value. */
  return 5 + 15 * sqrt (size / c->size_max);
}

void
heeyu_chart_layout_scatter (Chart *c)
{
  const HeeyuChartSpec *spec = c->spec;
  double lh = heeyu_chart_line_height (c, 0.92);
  double x_lo = NAN, x_hi = NAN, y_lo = NAN, y_hi = NAN, top, bottom;

  c->has_data = FALSE;
  c->size_max = 0;
  for (guint i = 0; i < spec->points->len; i++)
    {
      const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);

      if (isnan (p->x) || isnan (p->y))
        continue;
      x_lo = c->has_data ? MIN (x_lo, p->x) : p->x;
      x_hi = c->has_data ? MAX (x_hi, p->x) : p->x;
      y_lo = c->has_data ? MIN (y_lo, p->y) : p->y;
      y_hi = c->has_data ? MAX (y_hi, p->y) : p->y;
      if (p->size > c->size_max)
        c->size_max = p->size;
      c->has_data = TRUE;
    }
  if (!isnan (spec->x_threshold))
    {
      x_lo = c->has_data ? MIN (x_lo, spec->x_threshold) : spec->x_threshold;
      x_hi = c->has_data ? MAX (x_hi, spec->x_threshold) : spec->x_threshold;
    }
  if (!isnan (spec->y_threshold))
    {
      y_lo = isnan (y_lo) ? spec->y_threshold : MIN (y_lo, spec->y_threshold);
      y_hi = isnan (y_hi) ? spec->y_threshold : MAX (y_hi, spec->y_threshold);
    }
  /* Room for the largest markers at the edges. */
  if (isfinite (x_lo) && x_hi > x_lo)
    {
      double d = (x_hi - x_lo) * 0.06;
      x_lo -= d, x_hi += d;
    }
  if (isfinite (y_lo) && y_hi > y_lo)
    {
      double d = (y_hi - y_lo) * 0.06;
      y_lo -= d, y_hi += d;
    }
  /* Criticality scores are not negative: keep axes from dipping below zero. */
  if (isfinite (x_lo) && x_lo < 0 && c->has_data)
    {
      gboolean neg = FALSE;
      for (guint i = 0; i < spec->points->len; i++)
        neg |= g_array_index (spec->points, HeeyuChartScatterPoint, i).x < 0;
      if (!neg)
        x_lo = 0;
    }
  if (isfinite (y_lo) && y_lo < 0 && c->has_data)
    {
      gboolean neg = FALSE;
      for (guint i = 0; i < spec->points->len; i++)
        neg |= g_array_index (spec->points, HeeyuChartScatterPoint, i).y < 0;
      if (!neg)
        y_lo = 0;
    }

  top = c->header_h + lh * 1.5 + 6;
  bottom = c->height - c->footer_h - 2 * lh - 14;
  if (spec->x_label && *spec->x_label)
    c->x_title = heeyu_chart_text_new (c, spec->x_label, 0.92, FALSE, c->width - 2 * PAD, 1);
  if ((spec->y_label && *spec->y_label) || (spec->size_label && *spec->size_label))
    {
      g_autofree char *t = NULL;

      if (spec->size_label && *spec->size_label)
        t = g_strdup_printf (_("%s%s(marker area: %s)"), spec->y_label ? spec->y_label : "",
                             spec->y_label ? "  " : "", spec->size_label);
      else
        t = g_strdup (spec->y_label);
      c->unit = heeyu_chart_text_new (c, t, 0.92, FALSE, c->width - 2 * PAD, 1);
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
  c->px = PAD + c->y_label_w + 8;
  c->pw = MAX (c->width - PAD - 8 - c->px, 10);
  c->py = top;
  c->ph = MAX (bottom - top, 10);

  heeyu_scale_nice (x_lo, x_hi,
                    heeyu_chart_max_ticks_for (c->pw,
                                               heeyu_chart_text_width (c, "000.0", 0.92, FALSE)
                                               + 30),
                    &c->xs);
  c->x_min = c->xs.min;
  c->x_max = c->xs.max;
}

/* ---- Scatter -------------------------------------------------------------- */

static gboolean
scatter_is_high (const HeeyuChartSpec         *spec,
                 const HeeyuChartScatterPoint *p)
{
  if (isnan (spec->x_threshold) && isnan (spec->y_threshold))
    return FALSE;
  return (isnan (spec->x_threshold) || p->x >= spec->x_threshold)
      && (isnan (spec->y_threshold) || p->y >= spec->y_threshold);
}

void
heeyu_chart_draw_scatter (Chart *c)
{
  cairo_t *cr = c->cr;
  const HeeyuChartSpec *spec = c->spec;
  static const double dash[] = { 6, 4 };
  guint n = spec->points->len;
  g_autofree HeeyuRect *anchors = g_new0 (HeeyuRect, MAX (n, 1));
  g_autofree HeeyuRect *sizes = g_new0 (HeeyuRect, MAX (n, 1));
  g_autofree HeeyuRect *rects = g_new0 (HeeyuRect, MAX (n, 1));
  g_autofree guint *order = g_new0 (guint, MAX (n, 1));
  g_autofree gboolean *placed = NULL;
  HeeyuRect bounds = { c->px, c->py, c->pw, c->ph };
  double last_right = -G_MAXDOUBLE, base = round (c->py + c->ph) + 0.5;

  heeyu_chart_draw_y_grid (c);

  /* x ticks and grid */
  cairo_set_line_width (cr, 1);
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
  if (c->x_title)
    {
      double w;
      heeyu_chart_text_size (c->x_title, &w, NULL);
      heeyu_chart_text_draw (c, c->x_title, c->px + c->pw - w,
                             base + 8 + heeyu_chart_line_height (c, 0.92), &c->style->muted);
    }

  /* The critical quadrant, lightly tinted, with dashed threshold lines. */
  if (!isnan (spec->x_threshold) || !isnan (spec->y_threshold))
    {
      double x0 = isnan (spec->x_threshold) ? c->px : heeyu_chart_map_x (c, spec->x_threshold);
      double y0 = isnan (spec->y_threshold) ? c->py + c->ph
                                            : heeyu_chart_map_y (c, spec->y_threshold);
      HeeyuColor tint = c->style->event;

      tint.alpha = 0.07;
      heeyu_chart_set_color (cr, &tint);
      cairo_rectangle (cr, x0, c->py, c->px + c->pw - x0, y0 - c->py);
      cairo_fill (cr);

      cairo_save (cr);
      heeyu_chart_set_color (cr, &c->style->event);
      cairo_set_line_width (cr, 1.25);
      cairo_set_dash (cr, dash, 2, 0);
      if (!isnan (spec->x_threshold))
        {
          g_autofree char *t = heeyu_format_value (spec->x_threshold);
          g_autofree char *lbl = g_strdup_printf ("%s %s", spec->x_label ? spec->x_label : "x", t);

          cairo_move_to (cr, round (x0) + 0.5, c->py);
          cairo_line_to (cr, round (x0) + 0.5, c->py + c->ph);
          cairo_stroke (cr);
          heeyu_chart_label_at (c, lbl, 0.85, FALSE, x0 + 4, c->py + c->ph - 4, 0, 1,
                                &c->style->event);
        }
      if (!isnan (spec->y_threshold))
        {
          g_autofree char *t = heeyu_format_value (spec->y_threshold);
          g_autofree char *lbl = g_strdup_printf ("%s %s", spec->y_label ? spec->y_label : "y", t);

          cairo_move_to (cr, c->px, round (y0) + 0.5);
          cairo_line_to (cr, c->px + c->pw, round (y0) + 0.5);
          cairo_stroke (cr);
          heeyu_chart_label_at (c, lbl, 0.85, FALSE, c->px + 4, y0 - 3, 0, 1, &c->style->event);
        }
      cairo_restore (cr);
    }

  /* Larger points first for drawing order (small ones stay visible on top)
   * and label priority. */
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0; j--)
      {
        const HeeyuChartScatterPoint *a = &g_array_index (spec->points, HeeyuChartScatterPoint, order[j - 1]);
        const HeeyuChartScatterPoint *b = &g_array_index (spec->points, HeeyuChartScatterPoint, order[j]);
        double sa = isnan (a->size) ? 0 : a->size, sb = isnan (b->size) ? 0 : b->size;
        guint t;

        if (sa >= sb)
          break;
        t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }

  cairo_save (cr);
  cairo_rectangle (cr, c->px - 20, c->py - 20, c->pw + 40, c->ph + 40);
  cairo_clip (cr);
  for (guint k = 0; k < n; k++)
    {
      const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, order[k]);
      double r = heeyu_chart_point_radius (c, p->size);
      gboolean high = scatter_is_high (spec, p);
      HeeyuColor col = *heeyu_chart_series_color (c, high ? 1 : 0);
      PangoLayout *l;
      double w, h;

      anchors[k] = (HeeyuRect) { NAN, NAN, 0, 0 };
      if (isnan (p->x) || isnan (p->y))
        continue;
      anchors[k] = (HeeyuRect) { heeyu_chart_map_x (c, p->x), heeyu_chart_map_y (c, p->y), r, 0 };
      col.alpha = 0.8;
      /* High-risk points differ by shape too, not only by colour. */
      heeyu_chart_draw_marker_shape (c, high ? 3 : 0, anchors[k].x, anchors[k].y,
                                     high ? r * 0.92 : r, &col);
      if (c->style->highlight_index == (gssize) order[k])
        {
          heeyu_chart_set_color (cr, &c->style->foreground);
          cairo_set_line_width (cr, 2);
          heeyu_chart_shape_path (cr, high ? 3 : 0, anchors[k].x, anchors[k].y, r + 3);
          cairo_stroke (cr);
        }
      l = heeyu_chart_text_new (c, p->label, 0.85, FALSE, 150, 1);
      heeyu_chart_text_size (l, &w, &h);
      sizes[k] = (HeeyuRect) { 0, 0, w, h };
      g_object_unref (l);
    }
  cairo_restore (cr);

  placed = heeyu_place_labels (anchors, sizes, n, &bounds, rects);
  for (guint k = 0; k < n; k++)
    {
      const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, order[k]);
      PangoLayout *l;

      if (!placed[k])
        continue;
      l = heeyu_chart_text_new (c, p->label, 0.85, FALSE, 150, 1);
      heeyu_chart_text_draw (c, l, rects[k].x, rects[k].y, &c->style->foreground);
      g_object_unref (l);
    }

  if (!c->has_data)
    heeyu_chart_draw_no_data (c);
  else if (c->style->highlight_index >= 0 && (gsize) c->style->highlight_index < n)
    {
      const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint,
                                                        c->style->highlight_index);
      g_autofree char *text = heeyu_chart_spec_describe_item (spec, 0, c->style->highlight_index);

      if (!isnan (p->x) && !isnan (p->y))
        heeyu_chart_draw_callout (c, text, heeyu_chart_map_x (c, p->x),
                                  heeyu_chart_map_y (c, p->y));
    }
}
