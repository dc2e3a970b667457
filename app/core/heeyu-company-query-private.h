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

/* Fills temp.company_match with the rowids that the search text @text
 * matches; returns FALSE for an empty text (nothing to match: every
 * company), and sets *@failed with @error on an SQL error. */
gboolean heeyu_company_match_text         (sqlite3     *db,
                                           const char  *text,
                                           gboolean    *failed,
                                           GError     **error);

G_END_DECLS
