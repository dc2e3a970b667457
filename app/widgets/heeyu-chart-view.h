/* heeyu-chart-view.h: a chart with its numbers as a table, and a switch between them
 *
 * The "Table" alternative to a chart comes in two forms:
 *  - heeyu_chart_table_new (spec): a GtkScrolledWindow holding a GtkColumnView
 *    with the same numbers as the chart (line: one row per x, one column per
 *    series; bar: category, value, share; scatter: label, x, y, size), units in
 *    the column titles, exact values;
 *  - HeeyuChartView: a HeeyuChart and that table in a GtkStack, with linked
 *    "Chart" / "Table" toggle buttons above (right-aligned). Put this on pages;
 *    use a bare HeeyuChart for sparklines on cards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "heeyu-chart.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_CHART_VIEW (heeyu_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (HeeyuChartView, heeyu_chart_view, HEEYU, CHART_VIEW, GtkWidget)

GtkWidget  *heeyu_chart_view_new            (HeeyuChartSpec *spec);
void        heeyu_chart_view_set_spec       (HeeyuChartView *self,
                                             HeeyuChartSpec *spec);
HeeyuChart *heeyu_chart_view_get_chart      (HeeyuChartView *self);
void        heeyu_chart_view_set_show_table (HeeyuChartView *self,
                                             gboolean        show_table);
gboolean    heeyu_chart_view_get_show_table (HeeyuChartView *self);

GtkWidget  *heeyu_chart_table_new           (HeeyuChartSpec *spec);

G_END_DECLS
