/* heeyu-chart-draw-private.h: the layout of a chart being drawn and the
 * helpers heeyu-chart-draw.c shares with the file of each chart kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "heeyu-chart-draw.h"
#include "heeyu-chart-private.h"

G_BEGIN_DECLS

#define PAD 12.0

/* A chart being drawn: its text measured and its plot laid out once. */
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

/* Text, scales and the pieces every kind draws (heeyu-chart-draw.c). */
void heeyu_chart_set_color (cairo_t          *cr,
                            const HeeyuColor *c);
PangoLayout *heeyu_chart_text_new (Chart      *c,
                                   const char *text,
                                   double      scale,
                                   gboolean    bold,
                                   double      max_width,
                                   int         max_lines);
void heeyu_chart_text_size (PangoLayout *layout,
                            double      *w,
                            double      *h);
void heeyu_chart_text_draw (Chart            *c,
                            PangoLayout      *layout,
                            double            x,
                            double            y,
                            const HeeyuColor *color);
void heeyu_chart_label_at (Chart            *c,
                           const char       *text,
                           double            scale,
                           gboolean          bold,
                           double            x,
                           double            y,
                           double            xalign,
                           double            yalign,
                           const HeeyuColor *color);
double heeyu_chart_text_width (Chart      *c,
                               const char *text,
                               double      scale,
                               gboolean    bold);
double heeyu_chart_line_height (Chart *c,
                                double scale);
double heeyu_chart_map_x (const Chart *c,
                          double       x);
double heeyu_chart_map_y (const Chart *c,
                          double       y);
char *heeyu_chart_unit_text (const HeeyuChartSpec *spec);
gboolean heeyu_chart_is_sparkline (const Chart *c);
guint heeyu_chart_max_ticks_for (double length,
                                 double spacing);
void heeyu_chart_set_dash (cairo_t *cr,
                           guint    series);
void heeyu_chart_shape_path (cairo_t *cr,
                             guint    shape,
                             double   x,
                             double   y,
                             double   r);
void heeyu_chart_draw_marker_shape (Chart            *c,
                                    guint             shape,
                                    double            x,
                                    double            y,
                                    double            r,
                                    const HeeyuColor *color);
const HeeyuColor *heeyu_chart_series_color (const Chart *c,
                                            guint        i);
void heeyu_chart_draw_callout (Chart      *c,
                               const char *text,
                               double      ax,
                               double      ay);
void heeyu_chart_draw_y_grid (Chart *c);
void heeyu_chart_draw_x_ticks (Chart *c);
void heeyu_chart_draw_no_data (Chart *c);

/* heeyu-chart-draw-line.c */
void heeyu_chart_layout_line (Chart *c);
void heeyu_chart_draw_series (Chart *c,
                              guint  k,
                              double line_width,
                              gboolean fill);
void heeyu_chart_draw_line_highlight (Chart *c);
void heeyu_chart_draw_line (Chart *c);

/* heeyu-chart-draw-bars.c */
void heeyu_chart_layout_bars (Chart *c);
void heeyu_chart_draw_bars (Chart *c);

/* heeyu-chart-draw-scatter.c */
double heeyu_chart_point_radius (const Chart *c,
                                 double       size);
void heeyu_chart_layout_scatter (Chart *c);
void heeyu_chart_draw_scatter (Chart *c);

/* heeyu-chart-draw-sparkline.c */
void heeyu_chart_layout_sparkline (Chart *c);
void heeyu_chart_draw_sparkline (Chart *c);

G_END_DECLS
