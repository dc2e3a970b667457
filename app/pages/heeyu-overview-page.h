/* heeyu-overview-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-cache.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_OVERVIEW_PAGE (heeyu_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuOverviewPage, heeyu_overview_page, HEEYU, OVERVIEW_PAGE, GtkWidget)

void        heeyu_overview_page_set_cache     (HeeyuOverviewPage *self,
                                               HeeyuCache        *cache);
/* The metals shown (after the list filter), a GListModel of HeeyuMetal. */
GListModel *heeyu_overview_page_get_metals    (HeeyuOverviewPage *self);

G_END_DECLS
