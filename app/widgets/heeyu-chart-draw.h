/* heeyu-chart-draw.h: the one drawing function behind the screen and every export
 *
 * heeyu_chart_draw() paints a HeeyuChartSpec with cairo and Pango. The widget
 * (heeyu-chart.h) calls it from snapshot() through gtk_snapshot_append_cairo(),
 * and heeyu_chart_spec_export() calls it on image, SVG and PDF surfaces, so what
 * is exported is what was seen. No GTK here: the headless command line and the
 * tests export charts without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "heeyu-chart-data.h"

G_BEGIN_DECLS

typedef struct {
  double red, green, blue, alpha;
} HeeyuColor;

#define HEEYU_CHART_N_SERIES_COLORS 6

typedef struct {
  gboolean   dark;
  gboolean   draw_background;   /* FALSE on screen: the widget sits on its card */
  HeeyuColor background;
  HeeyuColor foreground;        /* titles, values */
  HeeyuColor muted;             /* ticks, source line */
  HeeyuColor grid;
  HeeyuColor axis;
  HeeyuColor event;             /* event markers, thresholds */
  HeeyuColor other;             /* the "other" bar */
  HeeyuColor series[HEEYU_CHART_N_SERIES_COLORS];
  char       font_family[64];
  double     font_size;         /* body text, in user-space units (px) */

  /* What the user points at or moved to with the keyboard (-1: nothing). */
  int        highlight_series;
  gssize     highlight_index;
} HeeyuChartStyle;

typedef enum {
  HEEYU_CHART_FORMAT_PNG,
  HEEYU_CHART_FORMAT_SVG,
  HEEYU_CHART_FORMAT_PDF,
} HeeyuChartFormat;

/* Light or dark libadwaita palette; the series colours are the Okabe–Ito
 * colour-blind-safe set, ordered for contrast on that background. */
void      heeyu_chart_style_init        (HeeyuChartStyle      *style,
                                         gboolean              dark);
/* Derive the text, tick and grid colours from a widget's foreground colour. */
void      heeyu_chart_style_set_foreground (HeeyuChartStyle   *style,
                                            const HeeyuColor  *fg);

void      heeyu_chart_draw              (const HeeyuChartSpec  *spec,
                                         cairo_t               *cr,
                                         int                    width,
                                         int                    height,
                                         const HeeyuChartStyle *style);

/* The item under (x, y) in a chart drawn at width × height: series and index as
 * for heeyu_chart_spec_describe_item(). FALSE when nothing is close. */
gboolean  heeyu_chart_hit_test          (const HeeyuChartSpec  *spec,
                                         int                    width,
                                         int                    height,
                                         const HeeyuChartStyle *style,
                                         double                 x,
                                         double                 y,
                                         guint                 *series,
                                         gsize                 *index);
/* Where an item is drawn (for tooltips of keyboard moves). */
gboolean  heeyu_chart_item_position     (const HeeyuChartSpec  *spec,
                                         int                    width,
                                         int                    height,
                                         const HeeyuChartStyle *style,
                                         guint                  series,
                                         gsize                  index,
                                         double                *x,
                                         double                *y);

gboolean  heeyu_chart_format_from_path  (const char            *path,
                                         HeeyuChartFormat      *format);

/* Export to PNG, SVG or PDF, chosen by the file name's extension. @width and
 * @height are pixels (PNG) or points (SVG, PDF). A PNG wider than 800 is drawn
 * at a scale so text stays readable in a report (1600 × 900 = the 800 × 450
 * chart at 2×). @style NULL: the light palette with a background. The PDF gets
 * the title and summary as metadata, the SVG a <title> and <desc>. The file is
 * written atomically. */
gboolean  heeyu_chart_spec_export       (const HeeyuChartSpec  *spec,
                                         const char            *path,
                                         int                    width,
                                         int                    height,
                                         const HeeyuChartStyle *style,
                                         GError               **error);

G_END_DECLS
