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

G_END_DECLS
