/* heeyu-index-private.h: internals shared by the index and its loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "heeyu-index.h"

G_BEGIN_DECLS

/* Event kinds that put a metal in the crisis band while in force. */
gboolean  heeyu_index_event_kind_is_supply_shock (const char *kind);

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" into the last day of that
 * period.  FALSE when @period is none of those. */
gboolean  heeyu_index_period_end                 (const char *period,
                                                  GDate      *out);

/* The end date of a period as "YYYY-MM-DD" (newly allocated), or NULL. */
char     *heeyu_index_period_end_string          (const char *period);

/* The component of a methodology weight key, or -1. */
int       heeyu_index_component_from_key        (const char *key);

/* "YYYY-MM-DD", newly allocated. */
char     *heeyu_index_date_string               (const GDate *date);

/* Recomputes the rows of observation_yearly (the yearly roll-up that
 * scoring reads) for every (metal, indicator, year) that the triggers on
 * observation marked as changed, then clears the marks.  Call inside the
 * transaction that changed the observations. */
gboolean  heeyu_index_rollup_refresh            (sqlite3     *db,
                                                 GError     **error);

/* Like heeyu_index_data_load(), but reads every series from the observation
 * rows themselves instead of the roll-up: what the roll-up must equal. */
HeeyuIndexData *heeyu_index_data_load_from_rows (sqlite3     *db,
                                                 GError     **error);

G_END_DECLS
