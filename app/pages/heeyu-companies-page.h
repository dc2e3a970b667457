/* heeyu-companies-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-cache.h"
#include "heeyu-company-list.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_COMPANIES_PAGE (heeyu_companies_page_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuCompaniesPage, heeyu_companies_page, HEEYU, COMPANIES_PAGE, GtkWidget)

void              heeyu_companies_page_set_cache     (HeeyuCompaniesPage *self,
                                                      HeeyuCache         *cache);
void              heeyu_companies_page_focus_search  (HeeyuCompaniesPage *self);
/* NULL before a cache is set. */
HeeyuCompanyList *heeyu_companies_page_get_list      (HeeyuCompaniesPage *self);
/* Shows @company in the detail pane (and goes to it when stacked). */
void              heeyu_companies_page_open_company  (HeeyuCompaniesPage *self,
                                                      HeeyuCompany       *company);
/* Parts of the page by name, for tests: "search-entry", "facet-sidebar",
 * "detail", "count-label", "chip-box", "leaflet", "filter-button". */
GtkWidget        *heeyu_companies_page_get_widget    (HeeyuCompaniesPage *self,
                                                      const char         *name);

G_END_DECLS
