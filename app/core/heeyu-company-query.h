/* heeyu-company-query.h: what the directory shows — search text, filters
 * (facets) and sort — and the live counts beside each filter value
 *
 * One query type serves the companies page, the headless export
 * (`heeyu --export-companies … --query --metal --stage --region`), the
 * benchmarks and the tests, so they all see the same rows.
 *
 * Filters combine as a shopper expects: values of one facet are OR-ed
 * (metal Ga or In), facets are AND-ed (metal Ga and region Ulsan), and the
 * search text is AND-ed with all of them.  The counts of one facet are taken
 * under every active filter except that facet's own, so a user can see what
 * ticking another value of the same facet would add.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef enum
{
  HEEYU_COMPANY_FACET_METAL,        /* metal codes, "Ga", "REE" (company_metal) */
  HEEYU_COMPANY_FACET_STAGE,        /* value-chain stages: mining, refining, … */
  HEEYU_COMPANY_FACET_REGION,       /* ISO 3166-2:KR codes, "KR-31" */
  HEEYU_COMPANY_FACET_COMPLEX,      /* industrial complex, by its (Korean) name */
  HEEYU_COMPANY_FACET_SPECIALIZED,  /* "yes" / "no": 소재·부품 전문기업 designation */
  HEEYU_COMPANY_FACET_SIZE,         /* employee bands, see below */
  HEEYU_COMPANY_N_FACETS
} HeeyuCompanyFacet;

/* Size bands by employees, after Korea's SME thresholds: "micro" 1–9
 * (0 counts here too), "small" 10–49, "medium" 50–299, "large" 300 and
 * more, "unknown" when the record has no employee count. */
#define HEEYU_COMPANY_SIZE_MICRO   "micro"
#define HEEYU_COMPANY_SIZE_SMALL   "small"
#define HEEYU_COMPANY_SIZE_MEDIUM  "medium"
#define HEEYU_COMPANY_SIZE_LARGE   "large"
#define HEEYU_COMPANY_SIZE_UNKNOWN "unknown"

typedef enum
{
  HEEYU_COMPANY_SORT_NAME,       /* Korean collation: Hangul 가나다, then Latin, digits */
  HEEYU_COMPANY_SORT_REGION,     /* region code, then name */
  HEEYU_COMPANY_SORT_EMPLOYEES,  /* employee count, then name; unknown counts last */
  HEEYU_COMPANY_SORT_FOUNDED,    /* founding year, then name; unknown years last */
} HeeyuCompanySort;

/* A query.  A plain boxed struct: set the fields directly or through the
 * helpers below; NULL or empty value arrays mean "no filter on that facet".
 * Strings are owned by the struct (g_free / g_strfreev in _free). */
typedef struct
{
  char              *text;                             /* search box, may be NULL */
  char             **values[HEEYU_COMPANY_N_FACETS];   /* active filter values per facet */
  HeeyuCompanySort   sort;
  gboolean           descending;
} HeeyuCompanyQuery;

#define HEEYU_TYPE_COMPANY_QUERY (heeyu_company_query_get_type ())
GType              heeyu_company_query_get_type      (void) G_GNUC_CONST;

HeeyuCompanyQuery *heeyu_company_query_new           (void);
HeeyuCompanyQuery *heeyu_company_query_copy          (const HeeyuCompanyQuery *query);
void               heeyu_company_query_free          (HeeyuCompanyQuery       *query);
gboolean           heeyu_company_query_equal         (const HeeyuCompanyQuery *a,
                                                      const HeeyuCompanyQuery *b);

void               heeyu_company_query_set_text      (HeeyuCompanyQuery       *query,
                                                      const char              *text);
/* Filter values of one facet, for chips: NULL-terminated, never NULL. */
const char * const *heeyu_company_query_get_values   (const HeeyuCompanyQuery *query,
                                                      HeeyuCompanyFacet        facet);
gboolean           heeyu_company_query_has_value     (const HeeyuCompanyQuery *query,
                                                      HeeyuCompanyFacet        facet,
                                                      const char              *value);
/* Adds @value to the facet's filter (a no-op if present) or removes it. */
void               heeyu_company_query_add_value     (HeeyuCompanyQuery       *query,
                                                      HeeyuCompanyFacet        facet,
                                                      const char              *value);
void               heeyu_company_query_remove_value  (HeeyuCompanyQuery       *query,
                                                      HeeyuCompanyFacet        facet,
                                                      const char              *value);
/* "Clear all": drops every filter; keeps text and sort. */
void               heeyu_company_query_clear_filters (HeeyuCompanyQuery       *query);
/* TRUE if any facet filter is active. */
gboolean           heeyu_company_query_has_filters   (const HeeyuCompanyQuery *query);

/* Serialization, to keep sort and filters across restarts (GSettings).
 * The variant is of type a{sv}: "text" s, "sort" s (name, region,
 * employees, founded), "descending" b, and one "as" per facet ("metal",
 * "stage", "region", "complex", "specialized", "size").  Unknown keys and
 * wrong types are ignored, so a newer or damaged setting never fails. */
GVariant          *heeyu_company_query_to_variant    (const HeeyuCompanyQuery *query);
HeeyuCompanyQuery *heeyu_company_query_new_from_variant (GVariant             *variant);
/* The same as GVariant text, for a GSettings string key or a file. */
char              *heeyu_company_query_to_string     (const HeeyuCompanyQuery *query);
HeeyuCompanyQuery *heeyu_company_query_new_from_string (const char            *text);

/* Names of facets and sorts as used in the variant and on the command line:
 * "metal", "stage", "region", "complex", "specialized", "size"; "name",
 * "region", "employees", "founded".  from_string returns FALSE for an
 * unknown name. */
const char        *heeyu_company_facet_to_string     (HeeyuCompanyFacet        facet);
gboolean           heeyu_company_facet_from_string   (const char              *name,
                                                      HeeyuCompanyFacet       *facet);
const char        *heeyu_company_sort_to_string      (HeeyuCompanySort         sort);
gboolean           heeyu_company_sort_from_string    (const char              *name,
                                                      HeeyuCompanySort        *sort);

/* Translated, human names: of a facet ("Metal"), and of a value that has a
 * fixed vocabulary (stage "refining" → "Refining", region "KR-31" →
 * "Ulsan", size "small" → "10–49 employees", specialized "yes" →
 * "Designated").  Metals get their names from the cache (see
 * HeeyuCompanyFacetValue.label); a complex is its own name.  Returns @value
 * itself when it knows no better. */
const char        *heeyu_company_facet_get_title     (HeeyuCompanyFacet        facet);
const char        *heeyu_company_facet_value_label   (HeeyuCompanyFacet        facet,
                                                      const char              *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuCompanyQuery, heeyu_company_query_free)

/* Facet counts: for each facet, the values present under the other active
 * filters, each with the number of matching companies.  Values that the
 * query filters on are always listed (count 0 if none match), so an active
 * chip never disappears from its facet.  Ordered by count descending, then
 * value; size bands in size order, specialized yes before no. */
typedef struct
{
  char     *value;    /* what goes into the query: "Ga", "KR-31", "small" */
  char     *label;    /* what to show: "갈륨 Gallium"-style metal names, "Ulsan" */
  guint     count;
  gboolean  active;   /* the query filters on this value */
} HeeyuCompanyFacetValue;

typedef struct _HeeyuCompanyFacets HeeyuCompanyFacets;

#define HEEYU_TYPE_COMPANY_FACETS (heeyu_company_facets_get_type ())
GType               heeyu_company_facets_get_type    (void) G_GNUC_CONST;
HeeyuCompanyFacets *heeyu_company_facets_ref         (HeeyuCompanyFacets *facets);
void                heeyu_company_facets_unref       (HeeyuCompanyFacets *facets);
/* The matches of the whole query (same as the list's n-items). */
guint               heeyu_company_facets_get_total   (HeeyuCompanyFacets *facets);
/* The values of @facet; *n_values is set to their number. */
const HeeyuCompanyFacetValue *
                    heeyu_company_facets_get_values  (HeeyuCompanyFacets *facets,
                                                      HeeyuCompanyFacet   facet,
                                                      guint              *n_values);
/* The count of one value, 0 if absent. */
guint               heeyu_company_facets_get_count   (HeeyuCompanyFacets *facets,
                                                      HeeyuCompanyFacet   facet,
                                                      const char         *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuCompanyFacets, heeyu_company_facets_unref)

/* Runs @query synchronously on @db (any thread's own connection): @ids
 * receives the matching company rowids in display order (a GArray of
 * gint64), @facets the counts; pass NULL for what you do not need (the
 * counts cost extra queries).  All filtering, sorting and counting is done
 * by SQLite.  Any text is safe: quotes, FTS syntax, SQL, emoji, control
 * characters are searched for as characters, never fail the query.  A
 * cancellation through sqlite3_interrupt() or a progress handler fails with
 * G_IO_ERROR_CANCELLED. */
gboolean            heeyu_company_query_run          (sqlite3                 *db,
                                                      const HeeyuCompanyQuery *query,
                                                      GArray                 **ids,
                                                      HeeyuCompanyFacets     **facets,
                                                      GError                 **error);

/* The keystroke benchmark (`heeyu --bench-search QUERIES_FILE`): for each
 * line of @queries_path (a search text; blank lines and lines starting with
 * # are skipped), for every prefix of it as a user types it, times
 * heeyu_company_query_run() with ids and facets (what the page waits for
 * between a keystroke and the updated list and counts) and the bare SQLite
 * text match of the same search, @rounds times each.  Prints one line per
 * query and a summary (p50/p95/max and the ratio to the bare query) to
 * @out.  Returns FALSE with @error if the file cannot be read. */
gboolean            heeyu_company_bench_search       (sqlite3                 *db,
                                                      const char              *queries_path,
                                                      guint                    rounds,
                                                      GString                 *out,
                                                      GError                 **error);

/* "Other companies in the same complex, handling the same metals": the
 * first @limit companies (name order) with any of @values in @facet
 * (metal, stage, region or complex), leaving out @self_rowid, and in
 * *@total how many there are.  A few indexed statements, without the sets
 * that heeyu_company_query_run() builds on a connection first. */
gboolean heeyu_company_neighbours (sqlite3             *db,
                                   HeeyuCompanyFacet    facet,
                                   const char * const  *values,
                                   gint64               self_rowid,
                                   guint                limit,
                                   GArray             **ids,
                                   guint               *total,
                                   GError             **error);

G_END_DECLS
