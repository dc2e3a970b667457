/* heeyu-chart-draw.c: the one drawing function behind the screen and every export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-chart-draw.h"
#include "heeyu-chart-private.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include <cairo-svg.h>
#include <cairo-pdf.h>

#define PAD 12.0

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

/* ---- Layout --------------------------------------------------------------- */

typedef struct {
  cairo_t               *cr;
  PangoContext          *pango;
  const HeeyuChartSpec  *spec;
  const HeeyuChartStyle *style;
  double                 width, height;

  /* Text blocks, measured once. */
  PangoLayout *title;
  PangoLayout *subtitle;
  PangoLayout *footer;
  PangoLayout *unit;
  PangoLayout *x_title;
  double       header_h, legend_h, footer_h;

  /* The plot rectangle and the data window it shows. */
  double px, py, pw, ph;
  double x_min, x_max, y_min, y_max;
  HeeyuScale xs, ys;
  gboolean   has_data;
  gboolean   has_x;     /* line charts: some point has an x */

  /* Tick positions (data space) and labels; y ticks also for bars (values). */
  GArray    *x_ticks;
  GPtrArray *x_labels;
  double     y_label_w;

  /* Bars */
  double label_w, row_h, bar_h;
  /* Scatter */
  double size_max;
} Chart;

static void
set_color (cairo_t          *cr,
           const HeeyuColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static PangoLayout *
text_new (Chart      *c,
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

static void
text_size (PangoLayout *layout,
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

static void
text_draw (Chart            *c,
           PangoLayout      *layout,
           double            x,
           double            y,
           const HeeyuColor *color)
{
  cairo_move_to (c->cr, x, y);
  set_color (c->cr, color);
  pango_cairo_show_layout (c->cr, layout);
}

/* Draw a one-line text with its (xalign, yalign) point at (x, y). */
static void
label_at (Chart            *c,
          const char       *text,
          double            scale,
          gboolean          bold,
          double            x,
          double            y,
          double            xalign,
          double            yalign,
          const HeeyuColor *color)
{
  PangoLayout *l = text_new (c, text, scale, bold, -1, 1);
  double w, h;

  text_size (l, &w, &h);
  text_draw (c, l, x - w * xalign, y - h * yalign, color);
  g_object_unref (l);
}

static double
text_width (Chart      *c,
            const char *text,
            double      scale,
            gboolean    bold)
{
  PangoLayout *l = text_new (c, text, scale, bold, -1, 1);
  double w;

  text_size (l, &w, NULL);
  g_object_unref (l);
  return w;
}

static double
line_height (Chart *c,
             double scale)
{
  PangoLayout *l = text_new (c, "Ag한", scale, FALSE, -1, 1);
  double h;

  text_size (l, NULL, &h);
  g_object_unref (l);
  return h;
}

static double
map_x (const Chart *c,
       double       x)
{
  double v = c->px + (x - c->x_min) / (c->x_max - c->x_min) * c->pw;
  return isfinite (v) ? v : c->px;
}

static double
map_y (const Chart *c,
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

static char *
unit_text (const HeeyuChartSpec *spec)
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

static gboolean
is_sparkline (const Chart *c)
{
  return c->spec->kind == HEEYU_CHART_SPARKLINE;
}

static double
legend_height (Chart *c)
{
  if (c->spec->kind == HEEYU_CHART_LINE && c->spec->series->len > 1)
    return line_height (c, 0.92) + 6;
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
      c->title = text_new (c, spec->title, 1.3, TRUE, w, 2);
      text_size (c->title, NULL, &h);
      c->header_h += h + 2;
    }
  if (spec->subtitle && *spec->subtitle)
    {
      c->subtitle = text_new (c, spec->subtitle, 1.0, FALSE, w, 1);
      text_size (c->subtitle, NULL, &h);
      c->header_h += h;
    }
  if (c->title || c->subtitle)
    c->header_h += 8;

  c->footer_h = PAD;
  if (*foot)
    {
      c->footer = text_new (c, foot, 0.85, FALSE, w, 2);
      text_size (c->footer, NULL, &h);
      c->footer_h += h + 6;
    }
  c->legend_h = legend_height (c);
}

static guint
max_ticks_for (double length,
               double spacing)
{
  return (guint) CLAMP (length / spacing, 2, 12);
}

/* Line charts: x window from the data (with a little room for single points),
 * y window from a nice scale. */
static void
layout_line (Chart *c)
{
  const HeeyuChartSpec *spec = c->spec;
  double lh = line_height (c, 0.92), y_lo, y_hi, x_lo, x_hi, top, bottom, right;
  g_autofree char *unit = unit_text (spec);

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
      c->unit = text_new (c, unit, 0.92, FALSE, c->width - 2 * PAD, 1);
      top += lh * 1.5 + 6;
    }
  else
    top += lh / 2 + 4;
  bottom = c->height - c->footer_h - lh - 12;
  if (spec->x_label && *spec->x_label)
    {
      c->x_title = text_new (c, spec->x_label, 0.92, FALSE, c->width - 2 * PAD, 1);
      bottom -= lh + 2;
    }

  heeyu_scale_nice (y_lo, y_hi, max_ticks_for (bottom - top, lh * 2.6), &c->ys);
  c->y_min = c->ys.min;
  c->y_max = c->ys.max;

  c->y_label_w = 0;
  for (guint i = 0; i < c->ys.n_ticks; i++)
    {
      g_autofree char *t = heeyu_format_number (heeyu_scale_tick (&c->ys, i), c->ys.decimals);
      c->y_label_w = MAX (c->y_label_w, text_width (c, t, 0.92, FALSE));
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
  right = c->width - PAD - text_width (c, "2000-00", 0.92, FALSE) / 2;
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
      double tw = text_width (c, "2000-00", 0.92, FALSE) + 16;
      g_array_unref (c->x_ticks);
      c->x_ticks = heeyu_date_ticks (x_lo, x_hi, max_ticks_for (c->pw, tw), c->x_labels);
    }
  else
    {
      double tw = text_width (c, spec->x_kind == HEEYU_AXIS_YEAR ? "2000" : "000,000", 0.92, FALSE) + 18;

      heeyu_scale_nice (x_lo, x_hi, max_ticks_for (c->pw, tw), &c->xs);
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

static void
layout_bars (Chart *c)
{
  const HeeyuChartSpec *spec = c->spec;
  double lh = line_height (c, 0.92), lo = 0, hi = 0, top, bottom, max_label = 0;
  guint n = spec->bars->len;
  g_autofree char *unit = unit_text (spec);

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
      max_label = MAX (max_label, text_width (c, b->label, 0.92, FALSE));
    }

  top = c->header_h + 4;
  bottom = c->height - c->footer_h - lh - 8;
  if (unit)
    {
      c->unit = text_new (c, unit, 0.92, FALSE, c->width - 2 * PAD, 1);
      bottom -= lh + 2;
    }

  c->label_w = MIN (max_label, c->width * 0.32);
  c->px = PAD + c->label_w + 10;
  /* Room for the value written after the longest bar. */
  {
    g_autofree char *v = heeyu_format_number (hi, hi < 10 && hi > -10 ? 2 : 0);
    c->pw = MAX (c->width - PAD - c->px - text_width (c, v, 0.92, FALSE) - 8, 10);
  }
  c->py = top;
  c->ph = MAX (bottom - top, 10);

  c->row_h = n > 0 ? MIN (c->ph / n, lh * 3.4) : c->ph;
  c->bar_h = MAX (MIN (c->row_h * 0.68, lh * 1.9), 1);
  /* Few bars: keep them at a natural height and put the axis right below. */
  c->ph = n > 0 ? c->row_h * n : c->ph;

  heeyu_scale_nice (lo, hi, max_ticks_for (c->pw, text_width (c, "000,000", 0.92, FALSE) + 24), &c->xs);
  c->x_min = c->xs.min;
  c->x_max = c->xs.max;
}

static double
point_radius (const Chart *c,
              double       size)
{
  if (!(c->size_max > 0) || !(size > 0))
    return 5;
  /* Area, not radius, proportional to the value. */
  return 5 + 15 * sqrt (size / c->size_max);
}

static void
layout_scatter (Chart *c)
{
  const HeeyuChartSpec *spec = c->spec;
  double lh = line_height (c, 0.92), x_lo = NAN, x_hi = NAN, y_lo = NAN, y_hi = NAN, top, bottom;

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
    c->x_title = text_new (c, spec->x_label, 0.92, FALSE, c->width - 2 * PAD, 1);
  if ((spec->y_label && *spec->y_label) || (spec->size_label && *spec->size_label))
    {
      g_autofree char *t = NULL;

      if (spec->size_label && *spec->size_label)
        t = g_strdup_printf ("%s%s(marker area: %s)", spec->y_label ? spec->y_label : "",
                             spec->y_label ? "  " : "", spec->size_label);
      else
        t = g_strdup (spec->y_label);
      c->unit = text_new (c, t, 0.92, FALSE, c->width - 2 * PAD, 1);
    }

  heeyu_scale_nice (y_lo, y_hi, max_ticks_for (bottom - top, lh * 2.6), &c->ys);
  c->y_min = c->ys.min;
  c->y_max = c->ys.max;
  c->y_label_w = 0;
  for (guint i = 0; i < c->ys.n_ticks; i++)
    {
      g_autofree char *t = heeyu_format_number (heeyu_scale_tick (&c->ys, i), c->ys.decimals);
      c->y_label_w = MAX (c->y_label_w, text_width (c, t, 0.92, FALSE));
    }
  c->px = PAD + c->y_label_w + 8;
  c->pw = MAX (c->width - PAD - 8 - c->px, 10);
  c->py = top;
  c->ph = MAX (bottom - top, 10);

  heeyu_scale_nice (x_lo, x_hi, max_ticks_for (c->pw, text_width (c, "000.0", 0.92, FALSE) + 30), &c->xs);
  c->x_min = c->xs.min;
  c->x_max = c->xs.max;
}

static void
layout_sparkline (Chart *c)
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
      layout_sparkline (c);
      return;
    }

  layout_frame (c);
  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      layout_bars (c);
      break;
    case HEEYU_CHART_SCATTER:
      layout_scatter (c);
      break;
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      layout_line (c);
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
      text_draw (c, c->title, PAD, y, &c->style->foreground);
      text_size (c->title, NULL, &h);
      y += h + 2;
    }
  if (c->subtitle)
    text_draw (c, c->subtitle, PAD, y, &c->style->muted);
  if (c->footer)
    {
      text_size (c->footer, NULL, &h);
      text_draw (c, c->footer, PAD, c->height - PAD - h, &c->style->muted);
    }
}

static void
set_dash (cairo_t *cr,
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
static void
shape_path (cairo_t *cr,
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

static void
draw_marker_shape (Chart            *c,
                   guint             shape,
                   double            x,
                   double            y,
                   double            r,
                   const HeeyuColor *color)
{
  cairo_t *cr = c->cr;

  shape_path (cr, shape, x, y, r);
  set_color (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 1.5);
  if (c->style->draw_background)
    set_color (cr, &c->style->background);
  else
    cairo_set_source_rgba (cr, c->style->dark ? 0 : 1, c->style->dark ? 0 : 1,
                           c->style->dark ? 0 : 1, 0.9);
  cairo_stroke (cr);
}

static const HeeyuColor *
series_color (const Chart *c,
              guint        i)
{
  return &c->style->series[i % HEEYU_CHART_N_SERIES_COLORS];
}

/* A value bubble: text on a filled rounded box, kept inside the chart. */
static void
draw_callout (Chart      *c,
              const char *text,
              double      ax,
              double      ay)
{
  PangoLayout *l = text_new (c, text, 0.92, TRUE, c->width * 0.6, 1);
  double w, h, x, y, r = 4;
  cairo_t *cr = c->cr;

  text_size (l, &w, &h);
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
  set_color (cr, &c->style->foreground);
  cairo_fill (cr);
  text_draw (c, l, x + 6, y + 3, c->style->draw_background ? &c->style->background
                                 : &(HeeyuColor) { c->style->dark ? 0 : 1, c->style->dark ? 0 : 1,
                                                   c->style->dark ? 0 : 1, 1 });
  g_object_unref (l);
}

static void
draw_y_grid (Chart *c)
{
  cairo_t *cr = c->cr;

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < c->ys.n_ticks; i++)
    {
      double v = heeyu_scale_tick (&c->ys, i);
      double y = round (map_y (c, v)) + 0.5;
      g_autofree char *t = heeyu_format_number (v, c->ys.decimals);

      set_color (cr, v == 0 && c->y_min < 0 ? &c->style->axis : &c->style->grid);
      cairo_move_to (cr, c->px, y);
      cairo_line_to (cr, c->px + c->pw, y);
      cairo_stroke (cr);
      label_at (c, t, 0.92, FALSE, c->px - 8, y, 1.0, 0.5, &c->style->muted);
    }

  /* The axis line at the bottom of the plot. */
  set_color (cr, &c->style->axis);
  cairo_move_to (cr, c->px, round (c->py + c->ph) + 0.5);
  cairo_line_to (cr, c->px + c->pw, round (c->py + c->ph) + 0.5);
  cairo_stroke (cr);

  if (c->unit)
    text_draw (c, c->unit, PAD, c->py - line_height (c, 0.92) * 1.5 - 6, &c->style->muted);
}

static void
draw_x_ticks (Chart *c)
{
  cairo_t *cr = c->cr;
  double last_right = -G_MAXDOUBLE, base = round (c->py + c->ph) + 0.5;

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < c->x_ticks->len; i++)
    {
      double x = round (map_x (c, g_array_index (c->x_ticks, double, i))) + 0.5;
      const char *t = g_ptr_array_index (c->x_labels, i);
      double w = text_width (c, t, 0.92, FALSE);

      set_color (cr, &c->style->axis);
      cairo_move_to (cr, x, base);
      cairo_line_to (cr, x, base + 5);
      cairo_stroke (cr);

      /* Labels that would touch the previous one are left out; with no data
       * at all there are no dates or years to name (1970 would mislead). */
      if (x - w / 2 < last_right + 6 || x + w / 2 > c->width - 2 || !c->has_x)
        continue;
      label_at (c, t, 0.92, FALSE, x, base + 7, 0.5, 0, &c->style->muted);
      last_right = x + w / 2;
    }

  if (c->x_title)
    {
      double w, h;
      text_size (c->x_title, &w, &h);
      text_draw (c, c->x_title, c->px + (c->pw - w) / 2,
                 base + 9 + line_height (c, 0.92), &c->style->muted);
    }
}

static void
draw_no_data (Chart *c)
{
  label_at (c, _("No data"), 1.0, FALSE, c->px + c->pw / 2, c->py + c->ph / 2, 0.5, 0.5,
            &c->style->muted);
}

/* ---- Line ----------------------------------------------------------------- */

static void
draw_legend (Chart *c)
{
  double x = PAD, y = c->header_h, lh = line_height (c, 0.92);
  cairo_t *cr = c->cr;

  if (c->legend_h <= 0)
    return;

  for (guint i = 0; i < c->spec->series->len; i++)
    {
      HeeyuChartSeries *s = g_ptr_array_index (c->spec->series, i);
      PangoLayout *l = text_new (c, s->name, 0.92, FALSE, 220, 1);
      double w;

      text_size (l, &w, NULL);
      if (x + 34 + w > c->width - PAD && x > PAD)
        {
          g_object_unref (l);
          break;
        }
      set_color (cr, series_color (c, i));
      cairo_set_line_width (cr, 2.5);
      set_dash (cr, i);
      cairo_move_to (cr, x, y + lh / 2);
      cairo_line_to (cr, x + 28, y + lh / 2);
      cairo_stroke (cr);
      draw_marker_shape (c, i, x + 14, y + lh / 2, 3.5, series_color (c, i));
      text_draw (c, l, x + 34, y, &c->style->foreground);
      x += 34 + w + 18;
      g_object_unref (l);
    }
}

static void
draw_event_markers (Chart *c)
{
  cairo_t *cr = c->cr;
  static const double dash[] = { 5, 4 };
  double lh = line_height (c, 0.85);
  GArray *placed = g_array_new (FALSE, FALSE, sizeof (HeeyuRect));

  for (guint i = 0; i < c->spec->markers->len; i++)
    {
      const HeeyuChartMarker *m = &g_array_index (c->spec->markers, HeeyuChartMarker, i);
      double x = round (map_x (c, m->x)) + 0.5, w, h;
      PangoLayout *l;
      HeeyuRect r;
      gboolean ok = FALSE;

      if (m->x < c->x_min || m->x > c->x_max)
        continue;

      cairo_save (cr);
      set_color (cr, &c->style->event);
      cairo_set_line_width (cr, 1.25);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, x, c->py);
      cairo_line_to (cr, x, c->py + c->ph);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (!m->label || !*m->label)
        continue;
      l = text_new (c, m->label, 0.85, FALSE, MIN (180, c->pw / 2.5), 1);
      text_size (l, &w, &h);

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
          set_color (cr, &bg);
          cairo_rectangle (cr, r.x, r.y, r.width, r.height);
          cairo_fill (cr);
          text_draw (c, l, r.x + 2, r.y, &c->style->event);
          g_array_append_val (placed, r);
        }
      g_object_unref (l);
    }
  g_array_unref (placed);
}

static void
draw_series (Chart *c,
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

      px[i] = map_x (c, g_array_index (s->x, double, i));
      py[i] = isnan (y) ? NAN : map_y (c, y);
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
      HeeyuColor a = *series_color (c, k);
      double base = c->py + c->ph;
      double first_x = 0;

      a.alpha = 0.14;
      set_color (cr, &a);
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

  set_color (cr, series_color (c, k));
  cairo_set_line_width (cr, line_width);
  /* Round joins cost more on dense series and look the same there. */
  cairo_set_line_join (cr, pts->len > c->pw / 3 ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, k % 4 == 2 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  if (is_sparkline (c))
    cairo_set_dash (cr, NULL, 0, 0);
  else
    set_dash (cr, k);

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

  if (is_sparkline (c))
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
      draw_marker_shape (c, k, px[i], py[i], 3.5, series_color (c, k));
    }
}

static void
draw_line_highlight (Chart *c)
{
  const HeeyuChartStyle *st = c->style;
  double x, y;
  g_autofree char *text = NULL;

  if (st->highlight_series < 0 || st->highlight_index < 0)
    return;
  if (!heeyu_chart_spec_get_point (c->spec, st->highlight_series, st->highlight_index, &x, &y))
    return;

  x = map_x (c, x);
  if (!is_sparkline (c))
    {
      cairo_set_dash (c->cr, NULL, 0, 0);
      set_color (c->cr, &st->axis);
      cairo_set_line_width (c->cr, 1);
      cairo_move_to (c->cr, round (x) + 0.5, c->py);
      cairo_line_to (c->cr, round (x) + 0.5, c->py + c->ph);
      cairo_stroke (c->cr);
    }
  if (isnan (y))
    y = c->py + c->ph / 2;
  else
    {
      y = map_y (c, y);
      draw_marker_shape (c, st->highlight_series, x, y, 6, series_color (c, st->highlight_series));
    }
  if (!is_sparkline (c))
    {
      text = heeyu_chart_spec_describe_item (c->spec, st->highlight_series, st->highlight_index);
      draw_callout (c, text, x, y);
    }
}

static void
draw_line (Chart *c)
{
  cairo_t *cr = c->cr;

  draw_legend (c);
  draw_y_grid (c);
  draw_x_ticks (c);

  cairo_save (cr);
  /* Markers poking a few pixels out of the plot are fine; lines are not. */
  cairo_rectangle (cr, c->px - 8, c->py - 8, c->pw + 16, c->ph + 16);
  cairo_clip (cr);
  draw_event_markers (c);
  for (guint k = 0; k < c->spec->series->len; k++)
    draw_series (c, k, 2.25, FALSE);
  cairo_restore (cr);

  if (!c->has_data)
    draw_no_data (c);
  draw_line_highlight (c);
}

/* ---- Bars ----------------------------------------------------------------- */

static void
draw_bars (Chart *c)
{
  cairo_t *cr = c->cr;
  const HeeyuChartSpec *spec = c->spec;
  double lh = line_height (c, 0.92), zero = map_x (c, 0), base = c->py + c->ph;
  double last_right = -G_MAXDOUBLE;
  guint every = 1;

  /* Grid and value ticks along the bottom. */
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < c->xs.n_ticks; i++)
    {
      double v = heeyu_scale_tick (&c->xs, i);
      double x = round (map_x (c, v)) + 0.5;
      g_autofree char *t = heeyu_format_number (v, c->xs.decimals);
      double w = text_width (c, t, 0.92, FALSE);

      set_color (cr, &c->style->grid);
      cairo_move_to (cr, x, c->py);
      cairo_line_to (cr, x, base);
      cairo_stroke (cr);
      if (x - w / 2 >= last_right + 6)
        {
          label_at (c, t, 0.92, FALSE, x, base + 6, 0.5, 0, &c->style->muted);
          last_right = x + w / 2;
        }
    }
  if (c->unit)
    {
      double w;
      text_size (c->unit, &w, NULL);
      text_draw (c, c->unit, c->px + c->pw - w, base + 8 + lh, &c->style->muted);
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
          PangoLayout *l = text_new (c, b->label, 0.92, hl, c->label_w, 1);
          double w, h;

          text_size (l, &w, &h);
          text_draw (c, l, c->px - 10 - w, cy - h / 2,
                     b->is_other ? &c->style->muted : &c->style->foreground);
          g_object_unref (l);
        }

      if (isfinite (b->value))
        {
          double x1 = map_x (c, b->value);
          double left = MIN (zero, x1), w = fabs (x1 - zero);
          g_autofree char *v = heeyu_format_value (b->value);
          double tw;

          set_color (cr, b->is_other ? &c->style->other : series_color (c, 0));
          cairo_rectangle (cr, left, y, MAX (w, 1), c->bar_h);
          cairo_fill (cr);
          if (hl)
            {
              set_color (cr, &c->style->foreground);
              cairo_set_line_width (cr, 2);
              cairo_rectangle (cr, left - 1, y - 1, MAX (w, 1) + 2, c->bar_h + 2);
              cairo_stroke (cr);
            }
          if (c->bar_h >= lh * 0.7 || i % every == 0)
            {
              tw = text_width (c, v, 0.92, FALSE);
              if (b->value >= 0)
                label_at (c, v, 0.92, hl, x1 + 5, cy, 0, 0.5, &c->style->foreground);
              else if (x1 - 5 - tw > c->px)
                label_at (c, v, 0.92, hl, x1 - 5, cy, 1, 0.5, &c->style->foreground);
              else
                label_at (c, v, 0.92, hl, zero + 5, cy, 0, 0.5, &c->style->foreground);
            }
        }
      else
        label_at (c, _("no data"), 0.85, FALSE, zero + 5, cy, 0, 0.5, &c->style->muted);
    }

  set_color (cr, &c->style->axis);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, round (zero) + 0.5, c->py);
  cairo_line_to (cr, round (zero) + 0.5, base);
  cairo_stroke (cr);

  if (!c->has_data)
    draw_no_data (c);
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

static void
draw_scatter (Chart *c)
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

  draw_y_grid (c);

  /* x ticks and grid */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < c->xs.n_ticks; i++)
    {
      double v = heeyu_scale_tick (&c->xs, i);
      double x = round (map_x (c, v)) + 0.5;
      g_autofree char *t = heeyu_format_number (v, c->xs.decimals);
      double w = text_width (c, t, 0.92, FALSE);

      set_color (cr, &c->style->grid);
      cairo_move_to (cr, x, c->py);
      cairo_line_to (cr, x, base);
      cairo_stroke (cr);
      if (x - w / 2 >= last_right + 6)
        {
          label_at (c, t, 0.92, FALSE, x, base + 6, 0.5, 0, &c->style->muted);
          last_right = x + w / 2;
        }
    }
  if (c->x_title)
    {
      double w;
      text_size (c->x_title, &w, NULL);
      text_draw (c, c->x_title, c->px + c->pw - w, base + 8 + line_height (c, 0.92),
                 &c->style->muted);
    }

  /* The critical quadrant, lightly tinted, with dashed threshold lines. */
  if (!isnan (spec->x_threshold) || !isnan (spec->y_threshold))
    {
      double x0 = isnan (spec->x_threshold) ? c->px : map_x (c, spec->x_threshold);
      double y0 = isnan (spec->y_threshold) ? c->py + c->ph : map_y (c, spec->y_threshold);
      HeeyuColor tint = c->style->event;

      tint.alpha = 0.07;
      set_color (cr, &tint);
      cairo_rectangle (cr, x0, c->py, c->px + c->pw - x0, y0 - c->py);
      cairo_fill (cr);

      cairo_save (cr);
      set_color (cr, &c->style->event);
      cairo_set_line_width (cr, 1.25);
      cairo_set_dash (cr, dash, 2, 0);
      if (!isnan (spec->x_threshold))
        {
          g_autofree char *t = heeyu_format_value (spec->x_threshold);
          g_autofree char *lbl = g_strdup_printf ("%s %s", spec->x_label ? spec->x_label : "x", t);

          cairo_move_to (cr, round (x0) + 0.5, c->py);
          cairo_line_to (cr, round (x0) + 0.5, c->py + c->ph);
          cairo_stroke (cr);
          label_at (c, lbl, 0.85, FALSE, x0 + 4, c->py + c->ph - 4, 0, 1, &c->style->event);
        }
      if (!isnan (spec->y_threshold))
        {
          g_autofree char *t = heeyu_format_value (spec->y_threshold);
          g_autofree char *lbl = g_strdup_printf ("%s %s", spec->y_label ? spec->y_label : "y", t);

          cairo_move_to (cr, c->px, round (y0) + 0.5);
          cairo_line_to (cr, c->px + c->pw, round (y0) + 0.5);
          cairo_stroke (cr);
          label_at (c, lbl, 0.85, FALSE, c->px + 4, y0 - 3, 0, 1, &c->style->event);
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
      double r = point_radius (c, p->size);
      gboolean high = scatter_is_high (spec, p);
      HeeyuColor col = *series_color (c, high ? 1 : 0);
      PangoLayout *l;
      double w, h;

      anchors[k] = (HeeyuRect) { NAN, NAN, 0, 0 };
      if (isnan (p->x) || isnan (p->y))
        continue;
      anchors[k] = (HeeyuRect) { map_x (c, p->x), map_y (c, p->y), r, 0 };
      col.alpha = 0.8;
      /* High-risk points differ by shape too, not only by colour. */
      draw_marker_shape (c, high ? 3 : 0, anchors[k].x, anchors[k].y, high ? r * 0.92 : r, &col);
      if (c->style->highlight_index == (gssize) order[k])
        {
          set_color (cr, &c->style->foreground);
          cairo_set_line_width (cr, 2);
          shape_path (cr, high ? 3 : 0, anchors[k].x, anchors[k].y, r + 3);
          cairo_stroke (cr);
        }
      l = text_new (c, p->label, 0.85, FALSE, 150, 1);
      text_size (l, &w, &h);
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
      l = text_new (c, p->label, 0.85, FALSE, 150, 1);
      text_draw (c, l, rects[k].x, rects[k].y, &c->style->foreground);
      g_object_unref (l);
    }

  if (!c->has_data)
    draw_no_data (c);
  else if (c->style->highlight_index >= 0 && (gsize) c->style->highlight_index < n)
    {
      const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint,
                                                        c->style->highlight_index);
      g_autofree char *text = heeyu_chart_spec_describe_item (spec, 0, c->style->highlight_index);

      if (!isnan (p->x) && !isnan (p->y))
        draw_callout (c, text, map_x (c, p->x), map_y (c, p->y));
    }
}

/* ---- Sparkline ------------------------------------------------------------ */

static void
draw_sparkline (Chart *c)
{
  HeeyuChartSeries *s;
  gssize last = -1, lo = -1, hi = -1;
  HeeyuColor col;

  if (c->spec->series->len == 0)
    return;
  s = g_ptr_array_index (c->spec->series, 0);
  draw_series (c, 0, 1.75, TRUE);

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
      set_color (c->cr, &col);
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
      set_color (c->cr, &c->style->muted);
      for (int k = 0; k < 2; k++)
        {
          gssize i = k == 0 ? lo : hi;
          cairo_new_sub_path (c->cr);
          cairo_arc (c->cr, map_x (c, g_array_index (s->x, double, i)),
                     map_y (c, g_array_index (s->y, double, i)), 2.25, 0, 2 * G_PI);
          cairo_stroke (c->cr);
        }
    }

  draw_marker_shape (c, 0, map_x (c, g_array_index (s->x, double, last)),
                     map_y (c, g_array_index (s->y, double, last)), 3, series_color (c, 0));
  draw_line_highlight (c);
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
      set_color (cr, &style->background);
      cairo_paint (cr);
    }

  chart_init (&c, spec, cr, width, height, style);
  switch (spec->kind)
    {
    case HEEYU_CHART_SPARKLINE:
      draw_sparkline (&c);
      break;
    case HEEYU_CHART_BAR:
      draw_frame_text (&c);
      draw_bars (&c);
      break;
    case HEEYU_CHART_SCATTER:
      draw_frame_text (&c);
      draw_scatter (&c);
      break;
    case HEEYU_CHART_LINE:
    default:
      draw_frame_text (&c);
      draw_line (&c);
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
            r = point_radius (&c, p->size) + 4;
            d = hypot (map_x (&c, p->x) - x, map_y (&c, p->y) - y);
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
              d = fabs (map_x (&c, px) - x) * 4 + (isnan (py) ? c.ph : fabs (map_y (&c, py) - y));
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
          px = map_x (&c, isfinite (v) ? v : 0);
          py = c.py + c.row_h * (index + 0.5);
          ok = TRUE;
        }
      break;
    case HEEYU_CHART_SCATTER:
      if (index < spec->points->len)
        {
          const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, index);
          px = map_x (&c, isnan (p->x) ? c.x_min : p->x);
          py = map_y (&c, isnan (p->y) ? c.y_min : p->y);
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
            px = map_x (&c, dx);
            py = isnan (dy) ? c.py + c.ph / 2 : map_y (&c, dy);
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

/* ---- Export --------------------------------------------------------------- */

gboolean
heeyu_chart_format_from_path (const char       *path,
                              HeeyuChartFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = HEEYU_CHART_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = HEEYU_CHART_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = HEEYU_CHART_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

static cairo_status_t
append_to_gstring (void                *closure,
                   const unsigned char *data,
                   unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
svg_add_title (GString    *svg,
               const char *title,
               const char *desc)
{
  const char *open = strstr (svg->str, "<svg");
  const char *end = open ? strchr (open, '>') : NULL;
  g_autofree char *t = NULL, *d = NULL, *ins = NULL;

  if (end == NULL)
    return;
  /* The accessible name and description of the picture; also lets anyone find
   * the chart's words, which cairo writes as glyph outlines. */
  t = g_markup_escape_text (title ? title : "", -1);
  d = g_markup_escape_text (desc ? desc : "", -1);
  ins = g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", t, d);
  g_string_insert (svg, end - svg->str + 1, ins);
}

gboolean
heeyu_chart_spec_export (const HeeyuChartSpec   *spec,
                         const char             *path,
                         int                     width,
                         int                     height,
                         const HeeyuChartStyle  *style,
                         GError                **error)
{
  HeeyuChartFormat format;
  HeeyuChartStyle light;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *basename = NULL;
  double scale = 1;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  basename = g_path_get_basename (path);
  if (!heeyu_chart_format_from_path (path, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Cannot export the chart to “%s”: the name must end in .png, .svg or .pdf",
                   basename);
      return FALSE;
    }
  if (width < 16 || height < 16 || width > 16384 || height > 16384)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Cannot export the chart at %d × %d: each side must be 16 to 16,384",
                   width, height);
      return FALSE;
    }
  if (style == NULL)
    {
      heeyu_chart_style_init (&light, FALSE);
      style = &light;
    }
  summary = heeyu_chart_spec_summarize (spec);

  switch (format)
    {
    case HEEYU_CHART_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      if (spec->kind != HEEYU_CHART_SPARKLINE)
        scale = MAX (1.0, MIN (width / 800.0, height / 450.0));
      break;
    case HEEYU_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_gstring, buf, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case HEEYU_CHART_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (append_to_gstring, buf, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      spec->title ? spec->title : "");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, summary);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Heeyu");
      break;
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  heeyu_chart_draw (spec, cr, (int) round (width / scale), (int) round (height / scale), style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (status == CAIRO_STATUS_SUCCESS && format == HEEYU_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_gstring, buf);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not draw the chart for “%s”: %s", basename,
                   cairo_status_to_string (status));
      return FALSE;
    }

  if (format == HEEYU_CHART_FORMAT_SVG)
    svg_add_title (buf, spec->title, summary);

  return g_file_set_contents (path, buf->str, buf->len, error);
}
