/* heeyu-chart-data.h: chart data, scales and ticks, without GTK
 *
 * Everything here depends only on GLib, cairo and Pango so that the headless
 * command line, the tests and the benchmarks can build, inspect and export a
 * chart without a display. The widgets in heeyu-chart.h are thin wrappers.
 *
 * A chart is described by a HeeyuChartSpec (reference counted):
 *
 *   HEEYU_CHART_LINE       one or more series of (x, y); y may be NAN for a gap;
 *                          x is a number, a year, or a date (days since 1970-01-01,
 *                          see heeyu_chart_date_to_x()); event markers are vertical
 *                          dashed lines with a label.
 *   HEEYU_CHART_BAR        horizontal bars, one per category, in the order added
 *                          (sort before adding); a category can be flagged "other".
 *   HEEYU_CHART_SPARKLINE  one series, no axes, no text; last point emphasised.
 *   HEEYU_CHART_SCATTER    points with an id, a label, x, y and a size value, plus
 *                          optional threshold lines (risk matrix).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  HEEYU_CHART_LINE,
  HEEYU_CHART_BAR,
  HEEYU_CHART_SPARKLINE,
  HEEYU_CHART_SCATTER,
} HeeyuChartKind;

typedef enum {
  HEEYU_AXIS_NUMBER,   /* plain numbers, thousands separators */
  HEEYU_AXIS_YEAR,     /* x is a year (2019.0); integer ticks, no separators */
  HEEYU_AXIS_DATE,     /* x is days since 1970-01-01; ticks by year or month */
} HeeyuAxisKind;

/* ---- Numbers and scales --------------------------------------------------- */

typedef struct {
  double min;        /* first tick, <= the data minimum */
  double max;        /* last tick, >= the data maximum; always > min */
  double step;       /* 1, 2 or 5 times a power of ten (dates: see below) */
  guint  n_ticks;    /* >= 2 */
  int    decimals;   /* digits after the point the labels need */
} HeeyuScale;

void     heeyu_scale_nice          (double       data_min,
                                    double       data_max,
                                    guint        max_ticks,
                                    HeeyuScale  *out);
double   heeyu_scale_tick          (const HeeyuScale *scale,
                                    guint             i);

char    *heeyu_format_number       (double       value,
                                    int          decimals);
char    *heeyu_format_value        (double       value);

/* Date ticks: x values in days since 1970-01-01. Returns the tick positions
 * (doubles, days) and fills @labels (owned strings, "2021" or "2021-07"). */
GArray  *heeyu_date_ticks          (double       x_min,
                                    double       x_max,
                                    guint        max_ticks,
                                    GPtrArray   *labels);
double   heeyu_chart_date_to_x     (int          year,
                                    int          month,
                                    int          day);
char    *heeyu_chart_format_x      (HeeyuAxisKind kind,
                                    double        x);

/* ---- Decimation ------------------------------------------------------------ */

typedef struct {
  double x;
  double y;
} HeeyuPoint;

/* @px are pixel x positions in ascending order, @py pixel y positions (NAN =
 * gap). Keeps, for each pixel column, the first, lowest, highest and last point
 * in drawing order, so spikes survive and the line looks the same. Gaps are kept
 * as a point with y = NAN. Returns an array of HeeyuPoint. */
GArray  *heeyu_decimate_minmax     (const double *px,
                                    const double *py,
                                    gsize         n);

/* ---- Label placement ------------------------------------------------------- */

typedef struct {
  double x, y, width, height;
} HeeyuRect;

gboolean heeyu_rect_intersects     (const HeeyuRect *a,
                                    const HeeyuRect *b);

/* Greedy placement: label i (size @sizes[i].width × height, position ignored)
 * belongs next to @anchors[i] (x, y = centre; width = radius of the marker).
 * Labels are tried in order (put the most important first) at eight spots
 * around their anchor; the first spot inside @bounds that overlaps no label
 * already placed and no marker is taken. @out[i] gets the rectangle; the return
 * value[i] says whether label i got a place (FALSE = leave it out). */
gboolean *heeyu_place_labels       (const HeeyuRect *anchors,
                                    const HeeyuRect *sizes,
                                    guint            n,
                                    const HeeyuRect *bounds,
                                    HeeyuRect       *out);

/* ---- The chart description ------------------------------------------------- */

typedef struct _HeeyuChartSpec HeeyuChartSpec;

#define HEEYU_TYPE_CHART_SPEC (heeyu_chart_spec_get_type ())
GType            heeyu_chart_spec_get_type        (void) G_GNUC_CONST;

HeeyuChartSpec  *heeyu_chart_spec_new             (HeeyuChartKind kind);
HeeyuChartSpec  *heeyu_chart_spec_ref             (HeeyuChartSpec *spec);
void             heeyu_chart_spec_unref           (HeeyuChartSpec *spec);
HeeyuChartKind   heeyu_chart_spec_get_kind        (const HeeyuChartSpec *spec);

/* Texts drawn inside the chart, so that exports carry them. */
void             heeyu_chart_spec_set_title       (HeeyuChartSpec *spec, const char *title);
const char      *heeyu_chart_spec_get_title       (const HeeyuChartSpec *spec);
void             heeyu_chart_spec_set_subtitle    (HeeyuChartSpec *spec, const char *subtitle);
void             heeyu_chart_spec_set_source      (HeeyuChartSpec *spec, const char *source);
void             heeyu_chart_spec_set_as_of       (HeeyuChartSpec *spec, const char *as_of);
/* e.g. "Synthetic sample data"; drawn in the footer */
void             heeyu_chart_spec_set_note        (HeeyuChartSpec *spec, const char *note);
void             heeyu_chart_spec_set_x_axis      (HeeyuChartSpec *spec,
                                                   HeeyuAxisKind   kind,
                                                   const char     *label);
void             heeyu_chart_spec_set_y_axis      (HeeyuChartSpec *spec,
                                                   const char     *label,
                                                   const char     *unit);
HeeyuAxisKind    heeyu_chart_spec_get_x_kind      (const HeeyuChartSpec *spec);
const char      *heeyu_chart_spec_get_unit        (const HeeyuChartSpec *spec);

/* Line and sparkline series. Returns the series index. Points are copied;
 * they are sorted by x if they were not. NAN y = gap. */
guint            heeyu_chart_spec_add_series      (HeeyuChartSpec *spec,
                                                   const char     *name,
                                                   const double   *x,
                                                   const double   *y,
                                                   gsize           n);
guint            heeyu_chart_spec_get_n_series    (const HeeyuChartSpec *spec);
const char      *heeyu_chart_spec_get_series_name (const HeeyuChartSpec *spec, guint series);
gsize            heeyu_chart_spec_get_n_points    (const HeeyuChartSpec *spec, guint series);
gboolean         heeyu_chart_spec_get_point       (const HeeyuChartSpec *spec,
                                                   guint series, gsize i,
                                                   double *x, double *y);

/* Event marker on a line chart: vertical dashed line at @x with @label. */
void             heeyu_chart_spec_add_marker      (HeeyuChartSpec *spec,
                                                   double          x,
                                                   const char     *label);
guint            heeyu_chart_spec_get_n_markers   (const HeeyuChartSpec *spec);

/* Bar chart categories, drawn top to bottom in this order. */
void             heeyu_chart_spec_add_bar         (HeeyuChartSpec *spec,
                                                   const char     *label,
                                                   double          value,
                                                   gboolean        is_other);
const char      *heeyu_chart_spec_get_bar_label   (const HeeyuChartSpec *spec, gsize i);
gboolean         heeyu_chart_spec_get_bar         (const HeeyuChartSpec *spec, gsize i,
                                                   double *value, gboolean *is_other);

/* Scatter (risk matrix) points; @size is the value the marker area shows
 * (NAN or <= 0: the smallest marker). */
void             heeyu_chart_spec_add_scatter_point (HeeyuChartSpec *spec,
                                                     const char     *id,
                                                     const char     *label,
                                                     double          x,
                                                     double          y,
                                                     double          size);
void             heeyu_chart_spec_set_scatter_axes  (HeeyuChartSpec *spec,
                                                     const char     *x_label,
                                                     const char     *y_label,
                                                     const char     *size_label);
/* Threshold lines; NAN = none. */
void             heeyu_chart_spec_set_thresholds    (HeeyuChartSpec *spec,
                                                     double          x_threshold,
                                                     double          y_threshold);
const char      *heeyu_chart_spec_get_point_id      (const HeeyuChartSpec *spec, gsize i);
const char      *heeyu_chart_spec_get_point_label   (const HeeyuChartSpec *spec, gsize i);
gboolean         heeyu_chart_spec_get_scatter_point (const HeeyuChartSpec *spec, gsize i,
                                                     double *x, double *y, double *size);
/* Axis titles as set (NULL when unset). */
const char      *heeyu_chart_spec_get_x_label       (const HeeyuChartSpec *spec);
const char      *heeyu_chart_spec_get_y_label       (const HeeyuChartSpec *spec);
const char      *heeyu_chart_spec_get_size_label    (const HeeyuChartSpec *spec);

/* Sparkline: draw small dots at the minimum and maximum. */
void             heeyu_chart_spec_set_show_extremes (HeeyuChartSpec *spec, gboolean show);

/* Number of items a user can step through (points of series 0 / bars / scatter
 * points), and the text for one, with its exact value ("2021: 625 USD/kg"). */
gsize            heeyu_chart_spec_get_n_items       (const HeeyuChartSpec *spec, guint series);
char            *heeyu_chart_spec_describe_item     (const HeeyuChartSpec *spec,
                                                     guint series, gsize i);

/* A one-sentence summary made from the data, for screen readers and SVG
 * <desc>: "Gallium price, 2019–2023, from 573 to 530 USD/kg, peak 625 in 2021." */
char            *heeyu_chart_spec_summarize         (const HeeyuChartSpec *spec);

/* The data as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet
 * programs read Hangul right, header row first). */
char            *heeyu_chart_spec_to_csv            (const HeeyuChartSpec *spec);
gboolean         heeyu_chart_spec_export_csv        (const HeeyuChartSpec *spec,
                                                     const char     *path,
                                                     GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuChartSpec, heeyu_chart_spec_unref)

G_END_DECLS
