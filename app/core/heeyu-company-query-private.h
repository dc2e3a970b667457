/* heeyu-company-query-private.h: internals shared by the query's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "heeyu-company-query.h"

G_BEGIN_DECLS

/* The position of @value in a facet's fixed order (size bands, yes/no), or
 * -1 for facets ordered by count. */
int      heeyu_company_facet_value_rank   (HeeyuCompanyFacet  facet,
                                           const char        *value);

/* TRUE when the user reads Korean first (LANGUAGE, LC_MESSAGES). */
gboolean heeyu_company_prefers_korean     (void);

/* The set (heeyu-bitset.h) of the companies the search text @text matches
 * in *@match, or NULL for an empty text (nothing to match: every company).
 * Brings the connection's sets of facet values up to date first, which the
 * rest of a run relies on.
 * FALSE with @error on an SQL error or a cancellation. */
gboolean heeyu_company_match_text         (sqlite3     *db,
                                           const char  *text,
                                           GBytes     **match,
                                           GError     **error);

/* Sets up a connection that runs directory queries (the list's worker, the
 * search benchmark): no memory map, a bounded page cache; see the
 * function for why. */
void     heeyu_company_query_tune_connection (sqlite3        *db);

G_END_DECLS
