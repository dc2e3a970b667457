/* heeyu-company-list.h: the directory as a GListModel over row ids
 *
 * A search or filter runs in SQL on a worker thread and swaps the array of
 * row ids at once (an items-changed removing all rows, then one adding the
 * new ones); HeeyuCompany objects are made only when a view asks for an
 * item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "heeyu-cache.h"
#include "heeyu-company.h"
#include "heeyu-company-query.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_COMPANY_LIST (heeyu_company_list_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuCompanyList, heeyu_company_list, HEEYU, COMPANY_LIST, GObject)

HeeyuCompanyList *heeyu_company_list_new              (HeeyuCache        *cache);

/* Runs the search in a worker; when done the list holds the matches, ordered
 * by name (Korean collation for Hangul), and "query" / "n-items" are
 * notified.  A newer call cancels an older one.  An empty @text lists all. */
void              heeyu_company_list_search           (HeeyuCompanyList  *self,
                                                       const char        *text);
const char       *heeyu_company_list_get_query        (HeeyuCompanyList  *self);
/* TRUE while a search is running ("loading" property). */
gboolean          heeyu_company_list_get_loading      (HeeyuCompanyList  *self);
/* Why the last search failed (the list is then empty), or NULL ("error"
 * property). */
const char       *heeyu_company_list_get_error        (HeeyuCompanyList  *self);

/* Runs the whole query (text, filters, sort) in a worker; when done the
 * list holds the matches in the query's order (one swap), and
 * "company-query", "facets", "n-items" are notified.  A newer call cancels
 * an older one.  @query is copied.  heeyu_company_list_search() is the same
 * with only the text changed. */
void              heeyu_company_list_set_company_query (HeeyuCompanyList        *self,
                                                        const HeeyuCompanyQuery *query);
/* The query the list shows (or is loading); never NULL. */
const HeeyuCompanyQuery *
                  heeyu_company_list_get_company_query (HeeyuCompanyList        *self);
/* The facet counts of the last completed query ("facets" property, a
 * HeeyuCompanyFacets boxed); NULL before the first one completes. */
HeeyuCompanyFacets *heeyu_company_list_get_facets      (HeeyuCompanyList        *self);
/* Reruns the current query, e.g.
 * after a sync or an edit changed the cache. */
void              heeyu_company_list_reload            (HeeyuCompanyList        *self);

/* The same search, synchronously, on any connection: the row ids of the
 * matches in display order.  Used by the list's worker, exports, tests and
 * benchmarks alike. */
GArray           *heeyu_company_search_ids            (sqlite3           *db,
                                                       const char        *text,
                                                       GError           **error);

G_END_DECLS
