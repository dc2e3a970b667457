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
 * matches and sets *@n_matches (may be NULL) to their number; returns
 * FALSE for an empty text (nothing to match: every company), and sets
 * *@failed with @error on an SQL error. */
gboolean heeyu_company_match_text         (sqlite3     *db,
                                           const char  *text,
                                           guint       *n_matches,
                                           gboolean    *failed,
                                           GError     **error);

/* How heeyu_company_query_run() reads a match set: chosen by its size
 * (AUTO), or forced, so that tests check both plans against the same
 * brute-force counts.  Not thread-safe: for tests only. */
typedef enum
{
  HEEYU_COMPANY_PLAN_AUTO,
  HEEYU_COMPANY_PLAN_JOIN,   /* join the matches, sort and group them */
  HEEYU_COMPANY_PLAN_WALK,   /* walk ordered indexes, probing the matches */
} HeeyuCompanyPlan;

void     heeyu_company_query_force_plan   (HeeyuCompanyPlan  plan);

/* Sets up a connection that runs directory queries (the list's worker, the
 * search benchmark): no memory map, a bounded page cache; see the
 * function for why. */
void     heeyu_company_query_tune_connection (sqlite3        *db);

G_END_DECLS
