/* heeyu-risk-page.h: the risk matrix — every metal as a point of economic
 * importance (x) and supply risk (y), sized by Korea's import value, with the
 * thresholds of the methodology (the EU's 2.8 and 1.0); a click on a point
 * opens its metal (action win.show-metal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-cache.h"
#include "heeyu-chart.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_RISK_PAGE (heeyu_risk_page_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuRiskPage, heeyu_risk_page, HEEYU, RISK_PAGE, GtkWidget)

/* Scores the metals again (after a sync or an import changed the data). */
void        heeyu_risk_page_reload     (HeeyuRiskPage *self);
void        heeyu_risk_page_set_cache  (HeeyuRiskPage *self,
                                        HeeyuCache    *cache);
/* NULL until computed. */
HeeyuChart *heeyu_risk_page_get_chart  (HeeyuRiskPage *self);

G_END_DECLS
