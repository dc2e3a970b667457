/* heeyu-metal-detail.h: the figures behind one metal's detail page
 *
 * Everything the metal page charts, read from the cache in one call (meant
 * for a worker thread with its own connection): price history, world
 * production by country for each stage, Korea's import sources, stockpile
 * days, the supply events naming the metal and the number of companies in
 * the directory that handle it.  Every series keeps its unit and source, and
 * says whether any of its figures is synthetic or estimated, so the page can
 * say so under each chart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* One value of a series over time. */
typedef struct
{
  char   *period;     /* "2023", "2023-07", "2023-07-14" */
  int     year;
  int     month;      /* 0 for annual values */
  int     day;        /* 0 for annual and monthly values */
  double  value;
} HeeyuMetalDetailPoint;

/* One amount by country (production of a stage, imports). */
typedef struct
{
  char   *country;    /* ISO 3166-1 alpha-2 or "OTHER" */
  double  value;
} HeeyuMetalDetailShare;

/* A series: points (time) or shares (countries), with what they are. */
typedef struct
{
  char      *unit;
  char      *source;      /* the distinct sources, joined by "; " */
  gboolean   synthetic;   /* at least one figure is synthetic */
  gboolean   estimated;   /* at least one figure is an estimate */
  GArray    *points;      /* HeeyuMetalDetailPoint, by period */
} HeeyuMetalDetailSeries;

typedef struct
{
  char      *stage;       /* production: "mine", "refinery" ...; NULL for imports */
  int        year;        /* the latest year with data */
  char      *unit;
  char      *source;
  gboolean   synthetic;
  gboolean   estimated;
  double     world;       /* the WORLD row, or the sum of all rows; NAN when none */
  GArray    *shares;      /* HeeyuMetalDetailShare, largest first, OTHER last */
} HeeyuMetalDetailBreakdown;

typedef struct
{
  char *id;
  char *kind;        /* export_control, export_ban, disruption, policy */
  char *date;        /* YYYY-MM-DD */
  char *end_date;    /* or NULL */
  char *country;
  char *title_en;
  char *title_ko;
  char *source;
} HeeyuMetalDetailEvent;

typedef struct
{
  char                      *metal;

  /* Prices: the annual series, and a finer one (monthly or daily) when the
   * cache has it.  Either may have no points. */
  HeeyuMetalDetailSeries    *price_annual;
  HeeyuMetalDetailSeries    *price_fine;

  /* World production at each stage the cache has, latest year of each;
   * HeeyuMetalDetailBreakdown*, mine before refinery. */
  GPtrArray                 *production;
  /* Korea's import value by source country, latest year; NULL when none. */
  HeeyuMetalDetailBreakdown *imports;
  /* Stockpile days by year. */
  HeeyuMetalDetailSeries    *stockpile_days;
  int                        stockpile_target_days;   /* 0: the metal sets none */

  GPtrArray                 *events;        /* HeeyuMetalDetailEvent*, newest first */
  guint                      n_companies;   /* in the directory, handling the metal */
} HeeyuMetalDetail;

#define HEEYU_TYPE_METAL_DETAIL (heeyu_metal_detail_get_type ())
GType             heeyu_metal_detail_get_type (void) G_GNUC_CONST;

/* Reads the detail of @metal (a metal code).  A metal the cache does not
 * know gives an empty detail, not an error; an error is a failed read. */
HeeyuMetalDetail *heeyu_metal_detail_load     (sqlite3           *db,
                                               const char        *metal,
                                               GError           **error);
/* Reference counted (atomically), read-only once loaded. */
HeeyuMetalDetail *heeyu_metal_detail_ref      (HeeyuMetalDetail  *self);
void              heeyu_metal_detail_unref    (HeeyuMetalDetail  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuMetalDetail, heeyu_metal_detail_unref)

G_END_DECLS
