/* heeyu-chart.h: line, bar, sparkline and scatter chart widget
 *
 * One widget type shows any HeeyuChartSpec (see heeyu-chart-data.h); the kind
 * of chart is the spec's. It draws with heeyu_chart_draw() (heeyu-chart-draw.h),
 * the same function the exports use, with the colours of the current style
 * (dark or light, re-read when the style changes).
 *
 * What a user gets:
 *  - hover: the item under the pointer is highlighted and its exact value shown
 *    in a tooltip ("2021: 625 USD/kg");
 *  - keyboard (line, bar, scatter): the chart takes focus; Left/Right (or
 *    Up/Down on bars) move a highlighted item whose value is drawn next to it,
 *    Up/Down switch series on line charts, Home/End jump, Escape clears, Enter
 *    or a click emits "point-activated";
 *  - screen readers: the accessible label is the title, the description a
 *    sentence made from the data (heeyu_chart_spec_summarize());
 *  - the numbers as a table: heeyu_chart_table_new() in heeyu-chart-view.h, or
 *    HeeyuChartView, which wraps a chart and its table with a Chart/Table switch.
 *
 * Signals:
 *   "point-activated" (HeeyuChart *chart, const char *id, guint index): for a
 *   scatter chart @id is the point's id (heeyu_chart_spec_add_scatter_point()),
 *   for bars the category label, for lines the x value as text ("2021").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "heeyu-chart-data.h"
#include "heeyu-chart-draw.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_CHART (heeyu_chart_get_type ())

G_DECLARE_FINAL_TYPE (HeeyuChart, heeyu_chart, HEEYU, CHART, GtkWidget)

GtkWidget      *heeyu_chart_new            (HeeyuChartSpec *spec);
void            heeyu_chart_set_spec       (HeeyuChart     *self,
                                            HeeyuChartSpec *spec);
HeeyuChartSpec *heeyu_chart_get_spec       (HeeyuChart     *self);
/* Event marker (line charts): a dashed vertical line at @x with @label; for a
 * date axis @x is heeyu_chart_date_to_x (year, month, day). */
void            heeyu_chart_add_marker     (HeeyuChart     *self,
                                            double          x,
                                            const char     *label);
/* The sentence screen readers get (owned by the chart). */
const char     *heeyu_chart_get_summary    (HeeyuChart     *self);

/* The highlighted item (keyboard or pointer); -1 = none. */
void            heeyu_chart_set_highlight  (HeeyuChart     *self,
                                            int             series,
                                            gssize          index);
gssize          heeyu_chart_get_highlight  (HeeyuChart     *self,
                                            int            *series);

/* Export what is shown, in the light palette, to PNG, SVG or PDF (by the
 * extension of @path), and the data to CSV. Work without a display too: they
 * only draw the spec; heeyu_chart_spec_export() is the same without a widget. */
gboolean        heeyu_chart_export         (HeeyuChart     *self,
                                            const char     *path,
                                            int             width,
                                            int             height,
                                            GError        **error);
gboolean        heeyu_chart_export_csv     (HeeyuChart     *self,
                                            const char     *path,
                                            GError        **error);

G_END_DECLS
