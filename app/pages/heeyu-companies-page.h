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
/* Exports the current view (search, filters, sort) or, if @whole, the
 * whole directory to @path (.csv or .xlsx) in a worker, as the Export menu
 * does after its file chooser.  When done, a toast says how it went and
 * "export-finished" (const char *message, gboolean success) is emitted. */
void              heeyu_companies_page_export_to     (HeeyuCompaniesPage *self,
                                                      const char         *path,
                                                      gboolean            whole);
/* Parts of the page by name, for tests: "search-entry", "facet-sidebar",
 * "detail", "count-label", "chip-box", "leaflet", "filter-button". */
GtkWidget        *heeyu_companies_page_get_widget    (HeeyuCompaniesPage *self,
                                                      const char         *name);

G_END_DECLS
