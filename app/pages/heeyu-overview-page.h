/* heeyu-overview-page.h: every metal's stability index at a glance, and the
 * metal detail it leads to
 *
 * A grid of metal cards (HeeyuMetalCard), searchable, filterable by use and
 * by list, sortable; a strip with the number of metals per band, the date the
 * data stands at and, for the bundled sample, where its figures come from.
 * The index is computed in a worker thread; the page shows a loading state
 * meanwhile.  Activating a card opens the metal (HeeyuMetalPage) in a leaflet
 * page; back with the back button, Alt+Left or Escape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-cache.h"
#include "heeyu-index.h"
#include "heeyu-metal-page.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_OVERVIEW_PAGE (heeyu_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuOverviewPage, heeyu_overview_page, HEEYU, OVERVIEW_PAGE, GtkWidget)

/* Scores the metals again (after a sync or an import changed the data). */
void        heeyu_overview_page_reload        (HeeyuOverviewPage *self);
void        heeyu_overview_page_set_cache     (HeeyuOverviewPage *self,
                                               HeeyuCache        *cache);
/* The metals shown (after search, filters and sort), a GListModel of
 * HeeyuMetal; NULL until the index is computed ("ready"). */
GListModel *heeyu_overview_page_get_metals    (HeeyuOverviewPage *self);
gboolean    heeyu_overview_page_get_ready     (HeeyuOverviewPage *self);
/* The card of metal @code (a HeeyuMetalCard), NULL when it is filtered out. */
GtkWidget  *heeyu_overview_page_get_card      (HeeyuOverviewPage *self,
                                               const char        *code);
/* The index of @code as the cards show it; NULL without one. */
const HeeyuIndexResult *
            heeyu_overview_page_get_result    (HeeyuOverviewPage *self,
                                               const char        *code);
/* Opens the detail of metal @code; FALSE when there is no such metal. */
gboolean    heeyu_overview_page_show_metal    (HeeyuOverviewPage *self,
                                               const char        *code);
/* Back to the grid. */
void        heeyu_overview_page_show_grid     (HeeyuOverviewPage *self);
HeeyuMetalPage *
            heeyu_overview_page_get_metal_page (HeeyuOverviewPage *self);

G_END_DECLS
