/* heeyu-facet-sidebar.h: the directory's filters, with live counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-company-query.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_FACET_SIDEBAR (heeyu_facet_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuFacetSidebar, heeyu_facet_sidebar, HEEYU, FACET_SIDEBAR, GtkWidget)

/* Signal "value-toggled" (int facet, const char *value, gboolean active):
 * the user ticked or unticked a value. */

GtkWidget *heeyu_facet_sidebar_new         (void);
/* Shows the values and counts of @facets (a check beside each, ticked when
 * the query filters on it).  NULL shows nothing. */
void       heeyu_facet_sidebar_set_facets  (HeeyuFacetSidebar  *self,
                                            HeeyuCompanyFacets *facets);
/* The row of one value, for tests; NULL if it is not listed. */
GtkWidget *heeyu_facet_sidebar_get_row     (HeeyuFacetSidebar  *self,
                                            HeeyuCompanyFacet   facet,
                                            const char         *value);

G_END_DECLS
