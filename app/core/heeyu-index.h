/* heeyu-index.h: the supply-stability index and the risk-matrix axes
 *
 * A 0–100 index per metal (low = tight supply), built from scored components
 * whose weights, bands and parameters come from the `methodology` record.
 * The formulas and two worked examples are in docs/methodology.md.
 *
 * The computation is pure (heeyu_index_compute() over HeeyuIndexInputs), so it
 * can be tested without SQLite; heeyu_index_compute_all() loads the inputs of
 * every metal from the cache with one aggregate query per indicator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define HEEYU_INDEX_ERROR (heeyu_index_error_quark ())

typedef enum
{
  HEEYU_INDEX_ERROR_METHODOLOGY,  /* the methodology record is unusable */
  HEEYU_INDEX_ERROR_SQL,          /* reading the cache failed */
} HeeyuIndexError;

typedef enum
{
  HEEYU_INDEX_PRODUCTION_CONCENTRATION,
  HEEYU_INDEX_IMPORT_CONCENTRATION,
  HEEYU_INDEX_PRICE_PRESSURE,
  HEEYU_INDEX_IMPORT_GROWTH,
  HEEYU_INDEX_STOCKPILE_COVERAGE,
  HEEYU_INDEX_N_COMPONENTS
} HeeyuIndexComponentId;

/* ------------------------------------------------------------------------ */
/* Methodology                                                              */

typedef struct
{
  char   *code;       /* "crisis", "unstable", "caution", "stable", "oversupply" */
  char   *name_en;
  char   *name_ko;
  double  min;
  double  max;
} HeeyuIndexBand;

typedef struct
{
  char           *version;
  /* Weight per component, as given (not normalised); 0 when the record
   * leaves a component out, which drops it from the index. */
  double          weights[HEEYU_INDEX_N_COMPONENTS];
  HeeyuIndexBand *bands;            /* sorted by min */
  guint           n_bands;

  double          threshold_ei;     /* EU: 2.8 */
  double          threshold_sr;     /* EU: 1.0 */

  /* Scoring parameters ("parameters" object; defaults in brackets) */
  double          hhi_unconcentrated;        /* DOJ/FTC 2010 [1500] */
  double          hhi_highly_concentrated;   /* DOJ/FTC 2010 [2500] */
  double          price_window_years;        /* previous years averaged [4] */
  double          history_years;             /* years of history per metal [10] */
  double          event_in_force_months;     /* without end_date [12] */
  double          stockpile_target_days;     /* when the metal has none [100] */
  double          sr_scale;                  /* mid-scale governance [5] */
  double          ei_import_min_usd;         /* import factor 0 at/below [1e6] */
  double          ei_import_full_usd;        /* import factor 1 at/above [1e9] */

  /* Korea's sector weights for economic importance: use -> 0..1 (relative
   * to the largest sector). */
  GHashTable     *sector_weights;   /* char* -> double* */
} HeeyuMethodology;

/* The built-in defaults: the weights, bands and thresholds of the sample
 * dataset's record, used when the cache has no methodology record. */
HeeyuMethodology *heeyu_methodology_new_default   (void);
/* Parses the `data` object of a methodology record.  Fails with a message
 * that names the field when it cannot be used (bands that overlap or leave a
 * gap, a weight that is not a number, no positive weight ...). */
HeeyuMethodology *heeyu_methodology_new_from_json (JsonObject              *data,
                                                   GError                 **error);
HeeyuMethodology *heeyu_methodology_new_from_string (const char            *data_json,
                                                     GError               **error);
HeeyuMethodology *heeyu_methodology_copy          (const HeeyuMethodology  *self);
void              heeyu_methodology_free          (HeeyuMethodology        *self);
gboolean          heeyu_methodology_set_weight    (HeeyuMethodology        *self,
                                                   const char              *component_key,
                                                   double                   weight);
/* The band of @value (rounded to one decimal first, as it is shown): a band
 * holds [min, max), the topmost band also its max, so 5 is caution, 20 stable
 * and 80 oversupply.  The crisis band is never returned: an event puts a
 * metal there, not a value.  NULL when no band holds @value. */
const HeeyuIndexBand *heeyu_methodology_band_for_value (const HeeyuMethodology *self,
                                                        double                  value);
const HeeyuIndexBand *heeyu_methodology_get_band  (const HeeyuMethodology  *self,
                                                   const char              *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuMethodology, heeyu_methodology_free)

/* ------------------------------------------------------------------------ */
/* Inputs of one metal                                                      */

/* One amount by country: production (with stage) or import (stage NULL). */
typedef struct
{
  const char *country;   /* ISO 3166-1 alpha-2, "OTHER" or "WORLD" */
  const char *stage;     /* production: "mine", "refinery" ...; NULL for imports */
  int         year;
  double      value;
} HeeyuIndexAmount;

/* One value of a yearly series (price, total import volume, stockpile days,
 * recycling rate as a fraction 0–1). */
typedef struct
{
  int    year;
  double value;
} HeeyuIndexPoint;

typedef struct
{
  const char *id;
  const char *kind;       /* export_control, export_ban, disruption, policy */
  const char *date;       /* YYYY-MM-DD, in force from */
  const char *end_date;   /* YYYY-MM-DD or NULL */
  const char *title_en;
  const char *title_ko;
} HeeyuIndexEvent;

typedef struct
{
  const char             *metal;
  const char             *name_en;
  const char             *name_ko;

  const HeeyuIndexAmount *production;       /* by country and stage */
  guint                   n_production;
  const HeeyuIndexAmount *import_value;     /* Korea's imports by source country, USD */
  guint                   n_import_value;
  const HeeyuIndexPoint  *import_volume;    /* Korea's total import volume per year */
  guint                   n_import_volume;
  const HeeyuIndexPoint  *price;            /* annual price (one series, one unit) */
  guint                   n_price;
  const char             *price_unit;
  const HeeyuIndexPoint  *stockpile_days;   /* latest value per year */
  guint                   n_stockpile_days;
  double                  stockpile_target_days;   /* 0: the methodology's default */
  const HeeyuIndexPoint  *recycling_rate;   /* fraction 0–1 */
  guint                   n_recycling_rate;
  const char * const     *uses;             /* NULL-terminated, may be NULL */
  const HeeyuIndexEvent  *events;           /* events naming this metal */
  guint                   n_events;

  /* The date the data stands at (YYYY-MM-DD); events in force on it make a
   * crisis.  NULL: 31 December of the latest year with data. */
  const char             *as_of;
} HeeyuIndexInputs;

/* ------------------------------------------------------------------------ */
/* Results                                                                  */

typedef struct
{
  HeeyuIndexComponentId  id;
  const char            *key;        /* "production_concentration" ... */
  const char            *name_en;
  const char            *name_ko;
  gboolean               present;
  double                 raw;        /* NAN when absent */
  const char            *raw_unit;   /* "HHI", "ratio", "%", "days" */
  int                    year;       /* year of the data used, 0 when absent */
  double                 score;      /* 0–100, 100 = ample; NAN when absent */
  double                 weight;     /* from the methodology */
  double                 share;      /* weight renormalised over present ones */
  char                  *detail;     /* in words: the inputs, or why it is missing */
} HeeyuIndexComponent;

typedef struct
{
  int      year;
  double   index;
  char    *band_code;
  gboolean crisis;
} HeeyuIndexHistoryPoint;

typedef struct
{
  char                *metal;
  char                *name_en;
  char                *name_ko;

  gboolean             has_index;      /* FALSE: no component has data */
  double               index;          /* 0–100, NAN without an index */
  char                *band_code;      /* NULL without an index */
  char                *band_name_en;
  char                *band_name_ko;

  gboolean             crisis;         /* a supply event in force */
  char                *crisis_event_id;
  char                *crisis_event_title_en;
  char                *crisis_event_title_ko;
  char                *crisis_event_date;

  HeeyuIndexComponent  components[HEEYU_INDEX_N_COMPONENTS];
  char               **missing;        /* keys of the absent components */

  double               production_hhi; /* NAN when absent */
  char                *production_stage;
  double               import_hhi;     /* NAN when absent */
  double               price_pressure; /* latest / mean of previous years, NAN */
  double               stockpile_days; /* NAN when absent */
  double               recycling_rate; /* fraction, 0 when unknown */

  gboolean             has_supply_risk;
  double               supply_risk;    /* NAN when absent */
  gboolean             has_economic_importance;
  double               economic_importance;
  gboolean             critical;       /* SR and EI both past their thresholds */

  char                *as_of;
  char                *methodology_version;
  GArray              *history;        /* HeeyuIndexHistoryPoint, by year */
} HeeyuIndexResult;

#define HEEYU_TYPE_INDEX_RESULT (heeyu_index_result_get_type ())

GType              heeyu_index_result_get_type   (void) G_GNUC_CONST;
GQuark             heeyu_index_error_quark       (void);
HeeyuIndexResult  *heeyu_index_result_copy       (const HeeyuIndexResult *self);
void               heeyu_index_result_free       (HeeyuIndexResult       *self);
const HeeyuIndexComponent *
                   heeyu_index_result_get_component (const HeeyuIndexResult *self,
                                                     const char             *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuIndexResult, heeyu_index_result_free)

const char        *heeyu_index_component_key     (HeeyuIndexComponentId   id);

/* Herfindahl–Hirschman index of one market: Σ (share in %)², shares of the
 * WORLD row when there is one (else of the sum of all rows, OTHER included),
 * WORLD and OTHER adding no term.  Capped at 10,000 (rounded world totals can
 * fall below the sum of countries).  NAN when there is no positive total. */
double             heeyu_index_hhi               (const char * const     *countries,
                                                  const double           *values,
                                                  guint                   n);

/* The component scores, 0–100 (100 = ample), as docs/methodology.md defines
 * them. */
double             heeyu_index_score_hhi         (const HeeyuMethodology *m,
                                                  double                  hhi);
double             heeyu_index_score_ratio       (double                  ratio);
double             heeyu_index_score_stockpile   (double                  days,
                                                  double                  target_days);

/* Scores one metal, now and for each year of its data (history). */
HeeyuIndexResult  *heeyu_index_compute           (const HeeyuIndexInputs *inputs,
                                                  const HeeyuMethodology *methodology);

/* The methodology record of the cache, or the built-in default when there is
 * none.  Fails when the record is there but cannot be used. */
HeeyuMethodology  *heeyu_index_load_methodology  (sqlite3                *db,
                                                  GError                **error);

/* The inputs of every metal, read from the cache once, to score them with
 * any methodology without reading the cache again (a retuned weight
 * re-scores every metal in milliseconds).  The window of years read follows
 * the cache's methodology record (history_years + price_window_years). */
typedef struct _HeeyuIndexData HeeyuIndexData;

HeeyuIndexData    *heeyu_index_data_load         (sqlite3                *db,
                                                  GError                **error);
void               heeyu_index_data_free         (HeeyuIndexData         *data);
/* The cache's methodology record (or the built-in default). */
const HeeyuMethodology *
                   heeyu_index_data_get_methodology (HeeyuIndexData      *data);
guint              heeyu_index_data_get_n_metals (HeeyuIndexData         *data);
const HeeyuIndexInputs *
                   heeyu_index_data_get_inputs   (HeeyuIndexData         *data,
                                                  guint                   i);
/* GPtrArray of HeeyuIndexResult, in the metals' order; @methodology NULL:
 * the cache's. */
GPtrArray         *heeyu_index_data_score        (HeeyuIndexData         *data,
                                                  const HeeyuMethodology *methodology);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuIndexData, heeyu_index_data_free)

/* Scores every metal of the cache (GPtrArray of HeeyuIndexResult, in the
 * metals' order).  @methodology NULL: the cache's record.  Safe to call in a
 * worker thread with that thread's connection. */
GPtrArray         *heeyu_index_compute_all       (sqlite3                *db,
                                                  GError                **error);
GPtrArray         *heeyu_index_compute_all_with  (sqlite3                *db,
                                                  const HeeyuMethodology *methodology,
                                                  GError                **error);

G_END_DECLS
