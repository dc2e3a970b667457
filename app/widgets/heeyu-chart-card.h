/* heeyu-chart-card.h: a chart on a page: the chart view on a card, with an
 * Export menu (PNG, SVG, PDF for the picture, CSV for the numbers)
 *
 * The chart itself draws its title, source, "data as of" and any note
 * (synthetic figures), so every export carries them too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "heeyu-chart-view.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_CHART_CARD (heeyu_chart_card_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuChartCard, heeyu_chart_card, HEEYU, CHART_CARD, GtkWidget)

GtkWidget      *heeyu_chart_card_new        (HeeyuChartSpec *spec,
                                             int             chart_height);
HeeyuChartView *heeyu_chart_card_get_view   (HeeyuChartCard *self);
HeeyuChart     *heeyu_chart_card_get_chart  (HeeyuChartCard *self);
/* Writes the chart to @path as the menu would (format by extension: .png,
 * .svg, .pdf or .csv). */
gboolean        heeyu_chart_card_export     (HeeyuChartCard *self,
                                             const char     *path,
                                             GError        **error);

G_END_DECLS
