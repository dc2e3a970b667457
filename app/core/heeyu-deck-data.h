/* heeyu-deck-data.h: the figures a deck's slides show, read from the cache
 * in one go (a few aggregate queries), so drawing never touches SQLite and
 * a show runs from memory, offline, even if the cache is busy syncing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "heeyu-index.h"

G_BEGIN_DECLS

typedef struct
{
  char   *date;        /* YYYY-MM-DD */
  char   *title_en;
  char   *title_ko;
  char   *kind;        /* export_control, export_ban, disruption, policy */
  char   *country;
} HeeyuDeckEvent;

typedef struct
{
  char   *code;        /* ISO 3166-1 alpha-2 or "OTHER" */
  double  value;
} HeeyuDeckAmount;

typedef struct
{
  char                   *code;
  char                   *name_en;
  char                   *name_ko;
  const HeeyuIndexResult *result;       /* owned by the data */

  /* Prices of one unit (the latest row's), monthly or finer when there are
   * such rows (x: days since 1970-01-01), else yearly (x: the year). */
  GArray                 *price_x;      /* double */
  GArray                 *price_y;      /* double */
  gboolean                price_by_date;
  char                   *price_unit;

  GPtrArray              *events;       /* HeeyuDeckEvent, by date */

  /* Production at the bottleneck stage in the latest year, largest first. */
  GPtrArray              *production;   /* HeeyuDeckAmount, countries; OTHER last */
  double                  production_world;   /* WORLD row, or the sum; NAN if none */
  int                     production_year;
  char                   *production_stage;
  char                   *production_unit;
} HeeyuDeckMetal;

typedef struct
{
  char  *code;    /* a stage ("refining") or a region ("KR-31") */
  guint  count;
} HeeyuDeckCount;

typedef struct _HeeyuDeckData HeeyuDeckData;

/* Reads everything; safe in a worker thread with that thread's connection. */
HeeyuDeckData        *heeyu_deck_data_load            (sqlite3        *db,
                                                       GError        **error);
void                  heeyu_deck_data_free            (HeeyuDeckData  *data);

/* "2023-12" (the cache's data_as_of), or the latest year with data; NULL if
 * the cache is empty. */
const char           *heeyu_deck_data_get_as_of       (HeeyuDeckData  *data);
/* TRUE for the bundled sample (partly synthetic figures). */
gboolean              heeyu_deck_data_is_sample       (HeeyuDeckData  *data);
const HeeyuMethodology *heeyu_deck_data_get_methodology (HeeyuDeckData *data);

guint                 heeyu_deck_data_get_n_metals    (HeeyuDeckData  *data);
const HeeyuDeckMetal *heeyu_deck_data_get_metal       (HeeyuDeckData  *data,
                                                       guint           i);
/* NULL when the cache has no such metal (any more). */
const HeeyuDeckMetal *heeyu_deck_data_lookup_metal    (HeeyuDeckData  *data,
                                                       const char     *code);

guint                 heeyu_deck_data_get_n_companies (HeeyuDeckData  *data);
guint                 heeyu_deck_data_get_n_specialized (HeeyuDeckData *data);
/* HeeyuDeckCount arrays, largest first. */
GArray               *heeyu_deck_data_get_stages      (HeeyuDeckData  *data);
GArray               *heeyu_deck_data_get_regions     (HeeyuDeckData  *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuDeckData, heeyu_deck_data_free)

G_END_DECLS
