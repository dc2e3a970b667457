/* heeyu-chart-draw.c: the one drawing function behind the screen and every export
 *
 * Styles, layout, the pieces every kind shares, the dispatch and hit testing;
 * each kind is drawn in heeyu-chart-draw-<kind>.c, the exports are in
 * heeyu-chart-export.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "heeyu-chart-draw-private.h"

/* ---- Style ---------------------------------------------------------------- */

static HeeyuColor
rgb (guint32 hex)
{
  return (HeeyuColor) { ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0,
                        (hex & 0xff) / 255.0, 1.0 };
}

void
heeyu_chart_style_init (HeeyuChartStyle *style,
                        gboolean         dark)
{
  /* Okabe–Ito, ordered so the first colours have the most contrast on the
   * background; the yellow is left out on light backgrounds (too pale). */
  static const guint32 light_series[] = { 0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9 };
  static const guint32 dark_series[]  = { 0x56B4E9, 0xE69F00, 0x009E73, 0xCC79A7, 0xF0E442, 0xD55E00 };

  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->dark = dark;
  style->draw_background = TRUE;
  /* libadwaita 1.2 palette: view background, dark_4 / light_1 text. */
  style->background = rgb (dark ? 0x1e1e1e : 0xffffff);
  style->foreground = rgb (dark ? 0xffffff : 0x241f31);
  style->muted = rgb (dark ? 0xc0bfbc : 0x5e5c64);
  style->grid = rgb (dark ? 0x3a3a3a : 0xe4e3e0);
  style->axis = rgb (dark ? 0x9a9996 : 0x77767b);
  style->event = rgb (dark ? 0xf66151 : 0xc01c28);
  style->other = rgb (dark ? 0x77767b : 0x9a9996);
  for (int i = 0; i < HEEYU_CHART_N_SERIES_COLORS; i++)
    style->series[i] = rgb (dark ? dark_series[i] : light_series[i]);
  g_strlcpy (style->font_family, "Cantarell, NanumGothic, sans-serif", sizeof style->font_family);
  style->font_size = 13;
  style->highlight_series = -1;
  style->highlight_index = -1;
}

void
heeyu_chart_style_set_foreground (HeeyuChartStyle  *style,
                                  const HeeyuColor *fg)
{
  g_return_if_fail (style != NULL && fg != NULL);

  style->foreground = *fg;
  style->muted = *fg;
  style->muted.alpha = fg->alpha * 0.72;
  style->grid = *fg;
  style->grid.alpha = fg->alpha * 0.12;
  style->axis = *fg;
  style->axis.alpha = fg->alpha * 0.5;
}

/* ---- Layout (the Chart: heeyu-chart-draw-private.h) ----------------------- */

void
heeyu_chart_set_color (cairo_t          *cr,
                       const HeeyuColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

PangoLayout *
heeyu_chart_text_new (Chart      *c,
                      const char *text,
                      double      scale,
                      gboolean    bold,
                      double      max_width,
                      int         max_lines)
{
  PangoLayout *layout = pango_layout_new (c->pango);
  PangoFontDescription *desc = pango_font_description_from_string (c->style->font_family);

  pango_font_description_set_absolute_size (desc, c->style->font_size * scale * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text ? text : "", -1);

  /* Long names are ellipsized, never run over the chart. */
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      if (max_lines > 1)
        {
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_height (layout, -max_lines);
        }
    }
  return layout;
}

void
heeyu_chart_text_size (PangoLayout *layout,
                       double      *w,
                       double      *h)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (w)
    *w = logical.width;
  if (h)
    *h = logical.height;
}

void
heeyu_chart_text_draw (Chart            *c,
                       PangoLayout      *layout,
                       double            x,
                       double            y,
                       const HeeyuColor *color)
{
  cairo_move_to (c->cr, x, y);
  heeyu_chart_set_color (c->cr, color);
  pango_cairo_show_layout (c->cr, layout);
}

/* Draw a one-line text with its (xalign, yalign) point at (x, y). */
void
heeyu_chart_label_at (Chart            *c,
                      const char       *text,
                      double            scale,
                      gboolean          bold,
                      double            x,
                      double            y,
                      double            xalign,
                      double            yalign,
                      const HeeyuColor *color)
{
  PangoLayout *l = heeyu_chart_text_new (c, text, scale, bold, -1, 1);
  double w, h;

  heeyu_chart_text_size (l, &w, &h);
  heeyu_chart_text_draw (c, l, x - w * xalign, y - h * yalign, color);
  g_object_unref (l);
}

double
heeyu_chart_text_width (Chart      *c,
                        const char *text,
                        double      scale,
                        gboolean    bold)
{
  PangoLayout *l = heeyu_chart_text_new (c, text, scale, bold, -1, 1);
  double w;

  heeyu_chart_text_size (l, &w, NULL);
  g_object_unref (l);
  return w;
}

double
heeyu_chart_line_height (Chart *c,
                         double scale)
{
  PangoLayout *l = heeyu_chart_text_new (c, "Ag한", scale, FALSE, -1, 1);
  double h;

  heeyu_chart_text_size (l, NULL, &h);
  g_object_unref (l);
  return h;
}

double
heeyu_chart_map_x (const Chart *c,
                   double       x)
{
  double v = c->px + (x - c->x_min) / (c->x_max - c->x_min) * c->pw;
  return isfinite (v) ? v : c->px;
}

double
heeyu_chart_map_y (const Chart *c,
                   double       y)
{
  double v = c->py + c->ph - (y - c->y_min) / (c->y_max - c->y_min) * c->ph;
  return isfinite (v) ? v : c->py + c->ph;
}

static double
unmap_x (const Chart *c,
         double       px)
{
  return c->x_min + (px - c->px) / c->pw * (c->x_max - c->x_min);
}

static char *
footer_text (const HeeyuChartSpec *spec)
{
  GString *s = g_string_new (NULL);

  if (spec->source && *spec->source)
    g_string_append_printf (s, _("Source: %s"), spec->source);
  if (spec->as_of && *spec->as_of)
    {
      g_autofree char *t = g_strdup_printf (_("Data as of %s"), spec->as_of);
      g_string_append_printf (s, "%s%s", s->len ? " \302\267 " : "", t);
    }
  if (spec->note && *spec->note)
    g_string_append_printf (s, "%s%s", s->len ? " \302\267 " : "", spec->note);
  return g_string_free (s, FALSE);
}

char *
heeyu_chart_unit_text (const HeeyuChartSpec *spec)
{
  const char *label = spec->y_label, *unit = spec->unit;

  if (label && *label && unit && *unit)
    return g_strdup_printf ("%s (%s)", label, unit);
  if (label && *label)
    return g_strdup (label);
  if (unit && *unit)
    return g_strdup (unit);
  return NULL;
}

gboolean
heeyu_chart_is_sparkline (const Chart *c)
{
  return c->spec->kind == HEEYU_CHART_SPARKLINE;
}

static double
legend_height (Chart *c)
{
  if (c->spec->kind == HEEYU_CHART_LINE && c->spec->series->len > 1)
    return heeyu_chart_line_height (c, 0.92) + 6;
  return 0;
}

/* Header, footer and legend: shared by the line, bar and scatter charts. */
static void
layout_frame (Chart *c)
{
  const HeeyuChartSpec *spec = c->spec;
  g_autofree char *foot = footer_text (spec);
  double w = c->width - 2 * PAD, h;

  c->header_h = PAD;
  if (spec->title && *spec->title)
    {
      c->title = heeyu_chart_text_new (c, spec->title, 1.3, TRUE, w, 2);
      heeyu_chart_text_size (c->title, NULL, &h);
      c->header_h += h + 2;
    }
  if (spec->subtitle && *spec->subtitle)
    {
      c->subtitle = heeyu_chart_text_new (c, spec->subtitle, 1.0, FALSE, w, 1);
      heeyu_chart_text_size (c->subtitle, NULL, &h);
      c->header_h += h;
    }
  if (c->title || c->subtitle)
    c->header_h += 8;

  c->footer_h = PAD;
  if (*foot)
    {
      c->footer = heeyu_chart_text_new (c, foot, 0.85, FALSE, w, 2);
      heeyu_chart_text_size (c->footer, NULL, &h);
      c->footer_h += h + 6;
    }
  c->legend_h = legend_height (c);
}

guint
heeyu_chart_max_ticks_for (double length,
                           double spacing)
{
  return (guint) CLAMP (length / spacing, 2, 12);
}

static void
chart_init (Chart                 *c,
            const HeeyuChartSpec  *spec,
            cairo_t               *cr,
            double                 width,
            double                 height,
            const HeeyuChartStyle *style)
{
  cairo_font_options_t *fo;

  memset (c, 0, sizeof *c);
  c->cr = cr;
  c->spec = spec;
  c->style = style;
  c->width = width;
  c->height = height;
  c->pango = pango_cairo_create_context (cr);
  /* Same text metrics on screen, PNG, SVG and PDF. */
  fo = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (c->pango, fo);
  cairo_font_options_destroy (fo);

  if (spec->kind == HEEYU_CHART_SPARKLINE)
    {
      heeyu_chart_layout_sparkline (c);
      return;
    }

  layout_frame (c);
  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      heeyu_chart_layout_bars (c);
      break;
    case HEEYU_CHART_SCATTER:
      heeyu_chart_layout_scatter (c);
      break;
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      heeyu_chart_layout_line (c);
      break;
    }
}

static void
chart_clear (Chart *c)
{
  g_clear_object (&c->title);
  g_clear_object (&c->subtitle);
  g_clear_object (&c->footer);
  g_clear_object (&c->unit);
  g_clear_object (&c->x_title);
  g_clear_pointer (&c->x_ticks, g_array_unref);
  g_clear_pointer (&c->x_labels, g_ptr_array_unref);
  g_clear_object (&c->pango);
}

/* ---- Shared pieces -------------------------------------------------------- */

static void
draw_frame_text (Chart *c)
{
  double y = PAD, h;

  if (c->title)
    {
      heeyu_chart_text_draw (c, c->title, PAD, y, &c->style->foreground);
      heeyu_chart_text_size (c->title, NULL, &h);
      y += h + 2;
    }
  if (c->subtitle)
    heeyu_chart_text_draw (c, c->subtitle, PAD, y, &c->style->muted);
  if (c->footer)
    {
      heeyu_chart_text_size (c->footer, NULL, &h);
      heeyu_chart_text_draw (c, c->footer, PAD, c->height - PAD - h, &c->style->muted);
    }
}

void
heeyu_chart_set_dash (cairo_t *cr,
                      guint    series)
{
  /* Series differ by dash as well as colour. */
  static const double dashed[] = { 7, 4 };
  static const double dotted[] = { 1, 4 };
  static const double dashdot[] = { 8, 3, 1, 3 };

  switch (series % 4)
    {
    case 1: cairo_set_dash (cr, dashed, 2, 0); break;
    case 2: cairo_set_dash (cr, dotted, 2, 0); break;
    case 3: cairo_set_dash (cr, dashdot, 4, 0); break;
    default: cairo_set_dash (cr, NULL, 0, 0); break;
    }
}

/* Marker shapes: circle, square, triangle, diamond, ... per series. */
void
heeyu_chart_shape_path (cairo_t *cr,
                        guint    shape,
                        double   x,
                        double   y,
                        double   r)
{
  switch (shape % 4)
    {
    case 1:
      cairo_rectangle (cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 2:
      cairo_move_to (cr, x, y - r * 1.1);
      cairo_line_to (cr, x + r, y + r * 0.75);
      cairo_line_to (cr, x - r, y + r * 0.75);
      cairo_close_path (cr);
      break;
    case 3:
      cairo_move_to (cr, x, y - r * 1.2);
      cairo_line_to (cr, x + r * 1.2, y);
      cairo_line_to (cr, x, y + r * 1.2);
      cairo_line_to (cr, x - r * 1.2, y);
      cairo_close_path (cr);
      break;
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

void
heeyu_chart_draw_marker_shape (Chart            *c,
                               guint             shape,
                               double            x,
                               double            y,
                               double            r,
                               const HeeyuColor *color)
{
  cairo_t *cr = c->cr;

  heeyu_chart_shape_path (cr, shape, x, y, r);
  heeyu_chart_set_color (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 1.5);
  if (c->style->draw_background)
    heeyu_chart_set_color (cr, &c->style->background);
  else
    cairo_set_source_rgba (cr, c->style->dark ? 0 : 1, c->style->dark ? 0 : 1,
                           c->style->dark ? 0 : 1, 0.9);
  cairo_stroke (cr);
}

const HeeyuColor *
heeyu_chart_series_color (const Chart *c,
                          guint        i)
{
  return &c->style->series[i % HEEYU_CHART_N_SERIES_COLORS];
}

/* A value bubble: text on a filled rounded box, kept inside the chart. */
void
heeyu_chart_draw_callout (Chart      *c,
                          const char *text,
                          double      ax,
                          double      ay)
{
  PangoLayout *l = heeyu_chart_text_new (c, text, 0.92, TRUE, c->width * 0.6, 1);
  double w, h, x, y, r = 4;
  cairo_t *cr = c->cr;

  heeyu_chart_text_size (l, &w, &h);
  w += 12, h += 6;
  x = ax + 10;
  y = ay - h - 10;
  if (x + w > c->width - 2)
    x = ax - 10 - w;
  if (x < 2)
    x = 2;
  if (y < 2)
    y = ay + 10;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  heeyu_chart_set_color (cr, &c->style->foreground);
  cairo_fill (cr);
  heeyu_chart_text_draw (c, l, x + 6, y + 3, c->style->draw_background ? &c->style->background
                                             : &(HeeyuColor) { c->style->dark ? 0 : 1, c->style->dark ? 0 : 1,
                                                               c->style->dark ? 0 : 1, 1 });
  g_object_unref (l);
}

void
heeyu_chart_draw_y_grid (Chart *c)
{
  cairo_t *cr = c->cr;

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < c->ys.n_ticks; i++)
    {
      double v = heeyu_scale_tick (&c->ys, i);
      double y = round (heeyu_chart_map_y (c, v)) + 0.5;
      g_autofree char *t = heeyu_format_number (v, c->ys.decimals);

      heeyu_chart_set_color (cr, v == 0 && c->y_min < 0 ? &c->style->axis : &c->style->grid);
      cairo_move_to (cr, c->px, y);
      cairo_line_to (cr, c->px + c->pw, y);
      cairo_stroke (cr);
      heeyu_chart_label_at (c, t, 0.92, FALSE, c->px - 8, y, 1.0, 0.5, &c->style->muted);
    }

  /* The axis line at the bottom of the plot. */
  heeyu_chart_set_color (cr, &c->style->axis);
  cairo_move_to (cr, c->px, round (c->py + c->ph) + 0.5);
  cairo_line_to (cr, c->px + c->pw, round (c->py + c->ph) + 0.5);
  cairo_stroke (cr);

  if (c->unit)
    heeyu_chart_text_draw (c, c->unit, PAD, c->py - heeyu_chart_line_height (c, 0.92) * 1.5 - 6,
                           &c->style->muted);
}

void
heeyu_chart_draw_x_ticks (Chart *c)
{
  cairo_t *cr = c->cr;
  double last_right = -G_MAXDOUBLE, base = round (c->py + c->ph) + 0.5;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < c->x_ticks->len; i++)
    {
      double x = round (heeyu_chart_map_x (c, g_array_index (c->x_ticks, double, i))) + 0.5;
      const char *t = g_ptr_array_index (c->x_labels, i);
      double w = heeyu_chart_text_width (c, t, 0.92, FALSE);

      heeyu_chart_set_color (cr, &c->style->axis);
      cairo_move_to (cr, x, base);
      cairo_line_to (cr, x, base + 5);
      cairo_stroke (cr);

      /* Labels that would touch the previous one are left out; with no data
       * at all there are no dates or years to name (1970 would mislead). */
      if (x - w / 2 < last_right + 6 || x + w / 2 > c->width - 2 || !c->has_x)
        continue;
      heeyu_chart_label_at (c, t, 0.92, FALSE, x, base + 7, 0.5, 0, &c->style->muted);
      last_right = x + w / 2;
    }

  if (c->x_title)
    {
      double w, h;
      heeyu_chart_text_size (c->x_title, &w, &h);
      heeyu_chart_text_draw (c, c->x_title, c->px + (c->pw - w) / 2,
                             base + 9 + heeyu_chart_line_height (c, 0.92), &c->style->muted);
    }
}

void
heeyu_chart_draw_no_data (Chart *c)
{
  heeyu_chart_label_at (c, _("No data"), 1.0, FALSE, c->px + c->pw / 2, c->py + c->ph / 2, 0.5, 0.5,
                        &c->style->muted);
}

/* ---- Entry points --------------------------------------------------------- */

void
heeyu_chart_draw (const HeeyuChartSpec  *spec,
                  cairo_t               *cr,
                  int                    width,
                  int                    height,
                  const HeeyuChartStyle *style)
{
  HeeyuChartStyle fallback;
  Chart c;

  g_return_if_fail (spec != NULL);
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;
  if (style == NULL)
    {
      heeyu_chart_style_init (&fallback, FALSE);
      style = &fallback;
    }

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  if (style->draw_background)
    {
      heeyu_chart_set_color (cr, &style->background);
      cairo_paint (cr);
    }

  chart_init (&c, spec, cr, width, height, style);
  switch (spec->kind)
    {
    case HEEYU_CHART_SPARKLINE:
      heeyu_chart_draw_sparkline (&c);
      break;
    case HEEYU_CHART_BAR:
      draw_frame_text (&c);
      heeyu_chart_draw_bars (&c);
      break;
    case HEEYU_CHART_SCATTER:
      draw_frame_text (&c);
      heeyu_chart_draw_scatter (&c);
      break;
    case HEEYU_CHART_LINE:
    default:
      draw_frame_text (&c);
      heeyu_chart_draw_line (&c);
      break;
    }
  chart_clear (&c);
  cairo_restore (cr);
}

/* Layout for hit tests: measuring text needs a cairo context, not a display. */
static cairo_t *
measure_cr (void)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (s);

  cairo_surface_destroy (s);
  return cr;
}

static gboolean
nearest_in_series (const Chart *c,
                   guint        k,
                   double       x,
                   gsize       *index)
{
  HeeyuChartSeries *s = g_ptr_array_index (c->spec->series, k);
  double dx = unmap_x (c, x);
  gsize lo = 0, hi;

  if (s->x->len == 0)
    return FALSE;
  hi = s->x->len - 1;
  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      if (g_array_index (s->x, double, mid) < dx)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo > 0 && fabs (g_array_index (s->x, double, lo - 1) - dx) <= fabs (g_array_index (s->x, double, lo) - dx))
    lo--;
  *index = lo;
  return TRUE;
}

gboolean
heeyu_chart_hit_test (const HeeyuChartSpec  *spec,
                      int                    width,
                      int                    height,
                      const HeeyuChartStyle *style,
                      double                 x,
                      double                 y,
                      guint                 *series,
                      gsize                 *index)
{
  HeeyuChartStyle fallback;
  cairo_t *cr;
  Chart c;
  gboolean found = FALSE;
  guint best_s = 0;
  gsize best_i = 0;

  g_return_val_if_fail (spec != NULL, FALSE);
  if (width <= 0 || height <= 0)
    return FALSE;
  if (style == NULL)
    {
      heeyu_chart_style_init (&fallback, FALSE);
      style = &fallback;
    }

  cr = measure_cr ();
  chart_init (&c, spec, cr, width, height, style);

  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      if (y >= c.py && y < c.py + c.ph && x >= PAD && x <= c.width - PAD && c.row_h > 0)
        {
          gsize i = (gsize) ((y - c.py) / c.row_h);
          if (i < spec->bars->len)
            {
              best_i = i;
              found = TRUE;
            }
        }
      break;

    case HEEYU_CHART_SCATTER:
      {
        double best = G_MAXDOUBLE;

        for (guint i = 0; i < spec->points->len; i++)
          {
            const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
            double d, r;

            if (isnan (p->x) || isnan (p->y))
              continue;
            r = heeyu_chart_point_radius (&c, p->size) + 4;
            d = hypot (heeyu_chart_map_x (&c, p->x) - x, heeyu_chart_map_y (&c, p->y) - y);
            /* The smallest containing marker wins: it is the one drawn on top. */
            if (d <= r && r < best)
              {
                best = r;
                best_i = i;
                found = TRUE;
              }
          }
      }
      break;

    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      if (x >= c.px - 10 && x <= c.px + c.pw + 10 && y >= c.py - 10 && y <= c.py + c.ph + 10)
        {
          double best = G_MAXDOUBLE;

          for (guint k = 0; k < spec->series->len; k++)
            {
              gsize i;
              double px, py, d;

              if (!nearest_in_series (&c, k, x, &i))
                continue;
              heeyu_chart_spec_get_point (spec, k, i, &px, &py);
              /* Closest in x first, then in y between series. */
              d = fabs (heeyu_chart_map_x (&c, px) - x) * 4
                  + (isnan (py) ? c.ph : fabs (heeyu_chart_map_y (&c, py) - y));
              if (d < best)
                {
                  best = d;
                  best_s = k;
                  best_i = i;
                  found = TRUE;
                }
            }
        }
      break;
    }

  chart_clear (&c);
  cairo_destroy (cr);

  if (found)
    {
      if (series)
        *series = best_s;
      if (index)
        *index = best_i;
    }
  return found;
}

gboolean
heeyu_chart_item_position (const HeeyuChartSpec  *spec,
                           int                    width,
                           int                    height,
                           const HeeyuChartStyle *style,
                           guint                  series,
                           gsize                  index,
                           double                *x,
                           double                *y)
{
  HeeyuChartStyle fallback;
  cairo_t *cr;
  Chart c;
  gboolean ok = FALSE;
  double px = 0, py = 0;

  g_return_val_if_fail (spec != NULL, FALSE);
  if (width <= 0 || height <= 0)
    return FALSE;
  if (style == NULL)
    {
      heeyu_chart_style_init (&fallback, FALSE);
      style = &fallback;
    }

  cr = measure_cr ();
  chart_init (&c, spec, cr, width, height, style);
  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      if (index < spec->bars->len)
        {
          double v = g_array_index (spec->bars, HeeyuChartBar, index).value;
          px = heeyu_chart_map_x (&c, isfinite (v) ? v : 0);
          py = c.py + c.row_h * (index + 0.5);
          ok = TRUE;
        }
      break;
    case HEEYU_CHART_SCATTER:
      if (index < spec->points->len)
        {
          const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, index);
          px = heeyu_chart_map_x (&c, isnan (p->x) ? c.x_min : p->x);
          py = heeyu_chart_map_y (&c, isnan (p->y) ? c.y_min : p->y);
          ok = TRUE;
        }
      break;
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      {
        double dx, dy;
        if (heeyu_chart_spec_get_point (spec, series, index, &dx, &dy))
          {
            px = heeyu_chart_map_x (&c, dx);
            py = isnan (dy) ? c.py + c.ph / 2 : heeyu_chart_map_y (&c, dy);
            ok = TRUE;
          }
      }
      break;
    }
  chart_clear (&c);
  cairo_destroy (cr);
  if (x)
    *x = px;
  if (y)
    *y = py;
  return ok;
}
