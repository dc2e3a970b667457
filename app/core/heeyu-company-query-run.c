/* heeyu-company-query-run.c: a directory query in SQL, with facet counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run is a handful of statements inside one read transaction (so the list
 * and its counts come from the same snapshot):
 *  1. the search text's matches go into temp.company_match (trigram index
 *     for 3+ characters, gram index for 1-2 Hangul, a scan of the narrow
 *     search text for 1-2 Latin letters, and the metals the text names);
 *  2. the ids, filtered and sorted over company_facet, the narrow table of
 *     what the directory filters and sorts by;
 *  3. the counts: one GROUP BY over (region, complex, size, specialized)
 *     under the text and the metal and stage filters, summed per facet in C
 *     under the other single-valued filters (a few hundred groups), and one
 *     GROUP BY each for metals and stages, which a company has several of,
 *     under all the filters but their own.
 * Steps 2 and 3 pick their plan by the size of the match set, which the
 * INSERT of step 1 reports for free.  A few matches are joined to
 * company_facet and sorted or grouped (cost grows with the matches); a
 * large share of the directory is answered by walking an index that is
 * already in the wanted order (company_facet_sort, company_facet_groups,
 * the link tables' by-value indexes) and probing the match table for each
 * entry, which costs about the same for any number of matches and needs
 * no sorter.  Measured on 100,000 companies (docs/performance.md): the
 * join wins below about a quarter of the directory (counts) or a half (the
 * sorted list), the walk above.
 * Every value from the user is bound; only fixed fragments of our own make
 * up the SQL text.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-cache-private.h"
#include "heeyu-company-query-private.h"
#include "heeyu-search-private.h"

struct _HeeyuCompanyFacets
{
  gatomicrefcount ref_count;
  guint           total;
  GArray         *values[HEEYU_COMPANY_N_FACETS];  /* HeeyuCompanyFacetValue */
};

static void
facet_value_clear (gpointer p)
{
  HeeyuCompanyFacetValue *v = p;

  g_free (v->value);
  g_free (v->label);
}

static HeeyuCompanyFacets *
facets_new (void)
{
  HeeyuCompanyFacets *facets = g_new0 (HeeyuCompanyFacets, 1);

  g_atomic_ref_count_init (&facets->ref_count);
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    {
      facets->values[i] = g_array_new (FALSE, TRUE, sizeof (HeeyuCompanyFacetValue));
      g_array_set_clear_func (facets->values[i], facet_value_clear);
    }
  return facets;
}

HeeyuCompanyFacets *
heeyu_company_facets_ref (HeeyuCompanyFacets *facets)
{
  g_return_val_if_fail (facets != NULL, NULL);
  g_atomic_ref_count_inc (&facets->ref_count);
  return facets;
}

void
heeyu_company_facets_unref (HeeyuCompanyFacets *facets)
{
  if (facets == NULL || !g_atomic_ref_count_dec (&facets->ref_count))
    return;
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    g_array_unref (facets->values[i]);
  g_free (facets);
}

G_DEFINE_BOXED_TYPE (HeeyuCompanyFacets, heeyu_company_facets,
                     heeyu_company_facets_ref, heeyu_company_facets_unref)

guint
heeyu_company_facets_get_total (HeeyuCompanyFacets *facets)
{
  g_return_val_if_fail (facets != NULL, 0);
  return facets->total;
}

const HeeyuCompanyFacetValue *
heeyu_company_facets_get_values (HeeyuCompanyFacets *facets,
                                 HeeyuCompanyFacet   facet,
                                 guint              *n_values)
{
  g_return_val_if_fail (facets != NULL, NULL);
  g_return_val_if_fail (facet < HEEYU_COMPANY_N_FACETS, NULL);

  if (n_values)
    *n_values = facets->values[facet]->len;
  return (const HeeyuCompanyFacetValue *) (gpointer) facets->values[facet]->data;
}

guint
heeyu_company_facets_get_count (HeeyuCompanyFacets *facets,
                                HeeyuCompanyFacet   facet,
                                const char         *value)
{
  GArray *a;

  g_return_val_if_fail (facets != NULL, 0);
  g_return_val_if_fail (facet < HEEYU_COMPANY_N_FACETS, 0);

  a = facets->values[facet];
  for (guint i = 0; value && i < a->len; i++)
    if (g_str_equal (g_array_index (a, HeeyuCompanyFacetValue, i).value, value))
      return g_array_index (a, HeeyuCompanyFacetValue, i).count;
  return 0;
}

gboolean
heeyu_company_prefers_korean (void)
{
  const char * const *langs = g_get_language_names ();

  return langs[0] && g_str_has_prefix (langs[0], "ko");
}

/* The trigram query for @term as one literal phrase: FTS5 reads nothing
 * inside double quotes as syntax, and a quote is written twice. */
static char *
fts_phrase (const char *term)
{
  GString *s = g_string_new ("\"");

  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
step_error (sqlite3     *db,
            int          rc,
            const char  *what,
            GError     **error)
{
  if ((rc & 0xff) == SQLITE_INTERRUPT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The search was cancelled");
  else
    heeyu_sql_fail (db, what, error);
  return FALSE;
}

gboolean
heeyu_company_match_text (sqlite3     *db,
                          const char  *text,
                          guint       *n_matches,
                          gboolean    *failed,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *query = heeyu_search_normalize (text, HEEYU_SEARCH_MAX_CHARS);
  g_autofree char *digits = NULL;
  g_autofree char *phrase = NULL;
  const char *term;
  const char *sql;
  int rc;

  *failed = FALSE;
  if (n_matches)
    *n_matches = 0;
  if (*query == '\0')
    return FALSE;

  if (!heeyu_sql_exec (db,
                       "CREATE TEMP TABLE IF NOT EXISTS company_match (rowid INTEGER PRIMARY KEY);"
                       "DELETE FROM temp.company_match;",
                       error))
    {
      *failed = TRUE;
      return FALSE;
    }

  /* "123-45-67890" and "1234567890" alike: the index holds the digits. */
  digits = heeyu_search_digits_only (query);
  term = digits && strlen (digits) >= 3 ? digits : query;

  if (g_utf8_strlen (term, -1) >= 3)
    {
      sql = "INSERT OR IGNORE INTO temp.company_match (rowid)"
            "  SELECT rowid FROM company_fts WHERE company_fts MATCH ?1"
            "  UNION ALL"
            "  SELECT cm.company FROM metal_alias a"
            "  JOIN company_metal cm ON cm.metal = a.metal WHERE a.alias = ?2";
      phrase = fts_phrase (term);
      term = phrase;
    }
  else if (is_ascii (term) && digits != NULL)
    /* One or two digits: rtrim drops the reg_no digits that end the
     * text, which are not searched by so short a number. */
    sql = "INSERT OR IGNORE INTO temp.company_match (rowid)"
          "  SELECT rowid FROM company_search"
          "  WHERE instr (rtrim (text, '0123456789'), ?1) > 0"
          "  UNION ALL"
          "  SELECT cm.company FROM metal_alias a"
          "  JOIN company_metal cm ON cm.metal = a.metal WHERE a.alias = ?2";
  else if (is_ascii (term))
    /* Latin letters have no gram rows (heeyu-search.c); one or two of
     * them match much of the directory anyway, so a scan of the narrow
     * search table costs little more than an index would.  A term with a
     * letter cannot match inside the reg_no digits, so the text is
     * searched as it is: rtrim copied every row and tripled the scan. */
    sql = "INSERT OR IGNORE INTO temp.company_match (rowid)"
          "  SELECT rowid FROM company_search WHERE instr (text, ?1) > 0"
          "  UNION ALL"
          "  SELECT cm.company FROM metal_alias a"
          "  JOIN company_metal cm ON cm.metal = a.metal WHERE a.alias = ?2";
  else
    sql = "INSERT OR IGNORE INTO temp.company_match (rowid)"
          "  SELECT company FROM company_gram WHERE gram = ?1"
          "  UNION ALL"
          "  SELECT cm.company FROM metal_alias a"
          "  JOIN company_metal cm ON cm.metal = a.metal WHERE a.alias = ?2";

  if (!(stmt = heeyu_sql_prepare (db, sql, error)))
    {
      *failed = TRUE;
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, term, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, query, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      *failed = TRUE;
      return step_error (db, rc, "searching companies", error);
    }
  /* OR IGNORE: only the rows inserted count, one per company. */
  if (n_matches)
    *n_matches = sqlite3_changes (db);
  return TRUE;
}

/* What one run binds, in order, as text. */
typedef struct
{
  GString   *sql;
  GPtrArray *binds;
} Sql;

static gboolean
specialized_values (const HeeyuCompanyQuery *query,
                    gboolean                *yes,
                    gboolean                *no)
{
  const char * const *v = heeyu_company_query_get_values (query, HEEYU_COMPANY_FACET_SPECIALIZED);

  *yes = g_strv_contains (v, "yes");
  *no = g_strv_contains (v, "no");
  return *yes || *no;
}

static void
add_in_list (Sql                 *s,
             const char * const  *values)
{
  g_string_append (s->sql, " IN (");
  for (guint i = 0; values[i]; i++)
    {
      g_string_append (s->sql, i ? ", ?" : "?");
      g_ptr_array_add (s->binds, (gpointer) values[i]);
    }
  g_string_append (s->sql, ")");
}

/* Appends " AND …" for every active filter but @skip's (-1: none) and,
 * with @scalars FALSE, but the single-valued facets' (region, complex,
 * specialized, size). */
static void
add_filters (Sql                     *s,
             const HeeyuCompanyQuery *query,
             int                      skip,
             gboolean                 scalars)
{
  for (int i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    {
      const char * const *v = heeyu_company_query_get_values (query, i);
      gboolean yes, no;

      if (i == skip || v[0] == NULL)
        continue;

      switch ((HeeyuCompanyFacet) i)
        {
        case HEEYU_COMPANY_FACET_METAL:
          g_string_append (s->sql, " AND f.rowid IN (SELECT company FROM company_metal WHERE metal");
          add_in_list (s, v);
          g_string_append (s->sql, ")");
          break;
        case HEEYU_COMPANY_FACET_STAGE:
          g_string_append (s->sql, " AND f.rowid IN (SELECT company FROM company_stage WHERE stage");
          add_in_list (s, v);
          g_string_append (s->sql, ")");
          break;
        case HEEYU_COMPANY_FACET_REGION:
          if (!scalars)
            break;
          g_string_append (s->sql, " AND f.region");
          add_in_list (s, v);
          break;
        case HEEYU_COMPANY_FACET_COMPLEX:
          if (!scalars)
            break;
          g_string_append (s->sql, " AND f.complex");
          add_in_list (s, v);
          break;
        case HEEYU_COMPANY_FACET_SIZE:
          if (!scalars)
            break;
          g_string_append (s->sql, " AND f.size");
          add_in_list (s, v);
          break;
        case HEEYU_COMPANY_FACET_SPECIALIZED:
          /* Values other than yes and no filter nothing. */
          if (!scalars || !specialized_values (query, &yes, &no) || (yes && no))
            break;
          g_string_append (s->sql, yes ? " AND f.specialized = 1" : " AND f.specialized = 0");
          break;
        case HEEYU_COMPANY_N_FACETS:
        default:
          g_assert_not_reached ();
        }
    }
}

/* Where a statement reads company_facet from, per plan. */
typedef enum
{
  FROM_ALL,     /* no text: every company */
  FROM_JOIN,    /* the matches, each looked up in company_facet */
  FROM_WALK,    /* an index of company_facet in order, probing the matches */
} From;

/* How one run reads its match set; see the top of the file. */
typedef struct
{
  gboolean matched;       /* there is search text */
  gboolean walk_list;
  gboolean walk_counts;
} Plan;

static HeeyuCompanyPlan forced_plan = HEEYU_COMPANY_PLAN_AUTO;

void
heeyu_company_query_force_plan (HeeyuCompanyPlan plan)
{
  forced_plan = plan;
}

/* Appends "SELECT …  FROM … WHERE 1" for @from; @index names the index a
 * walk goes through. */
static void
sql_init (Sql        *s,
          const char *select,
          From        from,
          const char *index)
{
  s->sql = g_string_new (select);
  s->binds = g_ptr_array_new ();
  switch (from)
    {
    case FROM_JOIN:
      g_string_append (s->sql, " FROM temp.company_match m"
                               " CROSS JOIN company_facet f ON f.rowid = m.rowid WHERE 1");
      break;
    case FROM_WALK:
      g_string_append_printf (s->sql, " FROM company_facet f INDEXED BY %s"
                                      " WHERE f.rowid IN temp.company_match", index);
      break;
    case FROM_ALL:
    default:
      g_string_append (s->sql, " FROM company_facet f WHERE 1");
      break;
    }
}

static void
sql_clear (Sql *s)
{
  g_string_free (s->sql, TRUE);
  g_ptr_array_unref (s->binds);
}

static sqlite3_stmt *
sql_prepare (sqlite3  *db,
             Sql      *s,
             GError  **error)
{
  sqlite3_stmt *stmt = NULL;

  /* Not PERSISTENT: the text changes with the filters. */
  if (sqlite3_prepare_v2 (db, s->sql->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      heeyu_sql_fail (db, "preparing the directory query", error);
      return NULL;
    }
  for (guint i = 0; i < s->binds->len; i++)
    sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (s->binds, i), -1, SQLITE_STATIC);
  return stmt;
}

static const char *
order_by (const HeeyuCompanyQuery *query)
{
  /* Unknown values last in either direction; names break ties, in the same
   * direction for name order only. */
  switch (query->sort)
    {
    case HEEYU_COMPANY_SORT_REGION:
      return query->descending
        ? " ORDER BY f.region IS NULL, f.region DESC, f.sort_key, f.rowid"
        : " ORDER BY f.region IS NULL, f.region, f.sort_key, f.rowid";
    case HEEYU_COMPANY_SORT_EMPLOYEES:
      return query->descending
        ? " ORDER BY f.employees IS NULL, f.employees DESC, f.sort_key, f.rowid"
        : " ORDER BY f.employees IS NULL, f.employees, f.sort_key, f.rowid";
    case HEEYU_COMPANY_SORT_FOUNDED:
      return query->descending
        ? " ORDER BY f.founded IS NULL, f.founded DESC, f.sort_key, f.rowid"
        : " ORDER BY f.founded IS NULL, f.founded, f.sort_key, f.rowid";
    case HEEYU_COMPANY_SORT_NAME:
    default:
      return query->descending
        ? " ORDER BY f.sort_key DESC, f.rowid DESC"
        : " ORDER BY f.sort_key, f.rowid";
    }
}

static gboolean
run_ids (sqlite3                  *db,
         const HeeyuCompanyQuery  *query,
         const Plan               *plan,
         GArray                   *ids,
         GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Sql s;
  int rc;

  /* Only name order has an index to walk (company_facet_sort, either
   * direction); the other orders sort the matches. */
  if (!plan->matched)
    sql_init (&s, "SELECT f.rowid", FROM_ALL, NULL);
  else if (plan->walk_list && query->sort == HEEYU_COMPANY_SORT_NAME)
    sql_init (&s, "SELECT f.rowid", FROM_WALK, "company_facet_sort");
  else
    sql_init (&s, "SELECT f.rowid", FROM_JOIN, NULL);
  add_filters (&s, query, -1, TRUE);
  g_string_append (s.sql, order_by (query));
  stmt = sql_prepare (db, &s, error);
  sql_clear (&s);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, rowid);
    }
  if (rc != SQLITE_DONE)
    return step_error (db, rc, "listing companies", error);
  return TRUE;
}

static void
add_count (GHashTable *counts,
           const char *value,
           guint       n)
{
  gpointer old;

  if (value == NULL || *value == '\0')
    return;
  old = g_hash_table_lookup (counts, value);
  g_hash_table_replace (counts, g_strdup (value), GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + n));
}

static gboolean
value_passes (const HeeyuCompanyQuery *query,
              HeeyuCompanyFacet        facet,
              const char              *value)
{
  const char * const *v = heeyu_company_query_get_values (query, facet);

  if (v[0] == NULL)
    return TRUE;
  if (facet == HEEYU_COMPANY_FACET_SPECIALIZED)
    {
      gboolean yes, no;

      if (!specialized_values (query, &yes, &no) || (yes && no))
        return TRUE;
      return g_str_equal (value, yes ? "yes" : "no");
    }
  return value != NULL && g_strv_contains (v, value);
}

static const HeeyuCompanyFacet scalar_facets[] = {
  HEEYU_COMPANY_FACET_REGION,
  HEEYU_COMPANY_FACET_COMPLEX,
  HEEYU_COMPANY_FACET_SIZE,
  HEEYU_COMPANY_FACET_SPECIALIZED,
};

/* The single-valued facets from one GROUP BY: each group is a combination
 * (region, complex, size, specialized); a facet's count for a value is the
 * sum of the groups with that value that pass the other facets' filters. */
static gboolean
count_scalars (sqlite3                  *db,
               const HeeyuCompanyQuery  *query,
               const Plan               *plan,
               GHashTable              **counts,
               GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Sql s;
  int rc;

  /* The plain columns, in the index's order, so that a walk of
   * company_facet_groups (and the unfiltered count) groups without a
   * sorter; specialized becomes yes/no below. */
  sql_init (&s, "SELECT f.region, f.complex, f.size, f.specialized, count(*)",
            !plan->matched ? FROM_ALL : plan->walk_counts ? FROM_WALK : FROM_JOIN,
            "company_facet_groups");
  add_filters (&s, query, -1, FALSE);
  g_string_append (s.sql, " GROUP BY f.region, f.complex, f.size, f.specialized");
  stmt = sql_prepare (db, &s, error);
  sql_clear (&s);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *values[G_N_ELEMENTS (scalar_facets)];
      guint n = sqlite3_column_int (stmt, 4);

      for (guint i = 0; i < 3; i++)
        values[i] = (const char *) sqlite3_column_text (stmt, i);
      values[3] = sqlite3_column_int (stmt, 3) ? "yes" : "no";

      for (guint i = 0; i < G_N_ELEMENTS (scalar_facets); i++)
        {
          gboolean passes = TRUE;

          for (guint j = 0; j < G_N_ELEMENTS (scalar_facets) && passes; j++)
            if (j != i)
              passes = value_passes (query, scalar_facets[j], values[j]);
          if (passes)
            add_count (counts[scalar_facets[i]], values[i], n);
        }
    }
  if (rc != SQLITE_DONE)
    return step_error (db, rc, "counting companies", error);
  return TRUE;
}

static gboolean
has_filters_but (const HeeyuCompanyQuery *query,
                 HeeyuCompanyFacet        facet)
{
  for (int i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    if (i != (int) facet && heeyu_company_query_get_values (query, i)[0] != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
count_links (sqlite3                  *db,
             const HeeyuCompanyQuery  *query,
             const Plan               *plan,
             HeeyuCompanyFacet         facet,
             GHashTable               *counts,
             GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean metal = facet == HEEYU_COMPANY_FACET_METAL;
  Sql s;
  int rc;

  /* With no other filter, the link table's by-value index answers in
   * value order without touching company_facet: every link counts with no
   * text, and a large match set is probed for each link. */
  if (!has_filters_but (query, facet) && (!plan->matched || plan->walk_counts))
    {
      sqlite3_stmt *all = NULL;
      const char *sql;

      if (!plan->matched)
        sql = metal ? "SELECT metal, count(*) FROM company_metal GROUP BY 1"
                    : "SELECT stage, count(*) FROM company_stage GROUP BY 1";
      else
        sql = metal ? "SELECT metal, count(*) FROM company_metal INDEXED BY company_metal_by_metal"
                      " WHERE company IN temp.company_match GROUP BY metal"
                    : "SELECT stage, count(*) FROM company_stage INDEXED BY company_stage_by_stage"
                      " WHERE company IN temp.company_match GROUP BY stage";
      if (sqlite3_prepare_v2 (db, sql, -1, &all, NULL) != SQLITE_OK)
        return heeyu_sql_fail (db, "counting companies", error);
      while ((rc = sqlite3_step (all)) == SQLITE_ROW)
        add_count (counts, (const char *) sqlite3_column_text (all, 0), sqlite3_column_int (all, 1));
      sqlite3_finalize (all);
      if (rc != SQLITE_DONE)
        return step_error (db, rc, "counting companies", error);
      return TRUE;
    }

  /* The link joins after company_facet, before the WHERE; with no filter
   * to test, the matches join the links directly (a third cheaper). */
  s.sql = g_string_new (metal ? "SELECT l.metal, count(*)" : "SELECT l.stage, count(*)");
  s.binds = g_ptr_array_new ();
  if (!has_filters_but (query, facet))
    g_string_append (s.sql, metal
                     ? " FROM temp.company_match m CROSS JOIN company_metal l ON l.company = m.rowid"
                     : " FROM temp.company_match m CROSS JOIN company_stage l ON l.company = m.rowid");
  else
    {
      g_string_append (s.sql, plan->matched
                       ? " FROM temp.company_match m CROSS JOIN company_facet f ON f.rowid = m.rowid"
                       : " FROM company_facet f");
      g_string_append (s.sql, metal ? " CROSS JOIN company_metal l ON l.company = f.rowid"
                                    : " CROSS JOIN company_stage l ON l.company = f.rowid");
    }
  g_string_append (s.sql, " WHERE 1");
  add_filters (&s, query, facet, TRUE);
  g_string_append (s.sql, " GROUP BY 1");
  stmt = sql_prepare (db, &s, error);
  sql_clear (&s);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_count (counts, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
  if (rc != SQLITE_DONE)
    return step_error (db, rc, "counting companies", error);
  return TRUE;
}

/* "갈륨 (Gallium)" for a Korean reader, "Gallium" otherwise. */
static GHashTable *
metal_labels (sqlite3 *db)
{
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean korean = heeyu_company_prefers_korean ();

  if (sqlite3_prepare_v2 (db, "SELECT id, name_ko, name_en FROM metal", -1, &stmt, NULL) != SQLITE_OK)
    return labels;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *ko = (const char *) sqlite3_column_text (stmt, 1);
      const char *en = (const char *) sqlite3_column_text (stmt, 2);
      const char *name = korean ? (ko ? ko : en) : (en ? en : ko);

      if (id && name)
        g_hash_table_insert (labels, g_strdup (id), g_strdup (name));
    }
  return labels;
}

static int
compare_values (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const HeeyuCompanyFacetValue *va = a;
  const HeeyuCompanyFacetValue *vb = b;
  HeeyuCompanyFacet facet = GPOINTER_TO_INT (user_data);
  int ra = heeyu_company_facet_value_rank (facet, va->value);
  int rb = heeyu_company_facet_value_rank (facet, vb->value);

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (va->count != vb->count)
    return va->count > vb->count ? -1 : 1;
  return strcmp (va->value, vb->value);
}

static void
fill_facet (HeeyuCompanyFacets      *facets,
            const HeeyuCompanyQuery *query,
            HeeyuCompanyFacet        facet,
            GHashTable              *counts,
            GHashTable              *metal_names)
{
  const char * const *active = heeyu_company_query_get_values (query, facet);
  GArray *a = facets->values[facet];
  GHashTableIter iter;
  gpointer key, value;

  /* An active chip stays in its facet, at 0 if nothing matches. */
  for (guint i = 0; active[i]; i++)
    if (!g_hash_table_contains (counts, active[i]))
      g_hash_table_insert (counts, g_strdup (active[i]), GUINT_TO_POINTER (0));

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      HeeyuCompanyFacetValue v = { 0 };
      const char *label = NULL;

      v.value = g_strdup (key);
      v.count = GPOINTER_TO_UINT (value);
      v.active = g_strv_contains (active, key);
      if (facet == HEEYU_COMPANY_FACET_METAL && metal_names)
        label = g_hash_table_lookup (metal_names, key);
      v.label = g_strdup (label ? label : heeyu_company_facet_value_label (facet, key));
      g_array_append_val (a, v);
    }
  g_array_sort_with_data (a, compare_values, GINT_TO_POINTER (facet));
}

static gboolean
run_facets (sqlite3                  *db,
            const HeeyuCompanyQuery  *query,
            const Plan               *plan,
            HeeyuCompanyFacets       *facets,
            GError                  **error)
{
  GHashTable *counts[HEEYU_COMPANY_N_FACETS];
  g_autoptr(GHashTable) names = NULL;
  gboolean ok;

  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    counts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ok = count_scalars (db, query, plan, counts, error) &&
       count_links (db, query, plan, HEEYU_COMPANY_FACET_METAL,
                    counts[HEEYU_COMPANY_FACET_METAL], error) &&
       count_links (db, query, plan, HEEYU_COMPANY_FACET_STAGE,
                    counts[HEEYU_COMPANY_FACET_STAGE], error);

  if (ok)
    {
      names = metal_labels (db);
      for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
        fill_facet (facets, query, i, counts[i], names);
    }

  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    g_hash_table_unref (counts[i]);
  return ok;
}

void
heeyu_company_query_tune_connection (sqlite3 *db)
{
  /* The cache's connections map up to 256 MB of the file.  A search
   * touches pages spread over the file (the company tables were written
   * between the observations), and every page fault maps the pages around
   * it too, so on 100,000 companies the worker's mapping alone grew to
   * 230 MB of resident memory after a few searches.  Read through the page
   * cache instead: the pages the directory needs (company_facet, the link
   * tables, the search text and its indexes: about 60 MB) stay in it, the
   * rest is evicted, and the searches measured as fast
   * (docs/performance.md). */
  sqlite3_exec (db, "PRAGMA mmap_size = 0; PRAGMA cache_size = -65536;", NULL, NULL, NULL);
}

/* The crossovers measured on 100,000 companies: a walk costs about the
 * same whatever the matches, a join and sort grow with them. */
static void
choose_plan (sqlite3 *db,
             guint    n_matches,
             Plan    *plan)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n_companies = 0;

  if (forced_plan != HEEYU_COMPANY_PLAN_AUTO)
    {
      plan->walk_list = plan->walk_counts = forced_plan == HEEYU_COMPANY_PLAN_WALK;
      return;
    }

  /* max(rowid) is one index step, where count(*) reads the whole table;
   * rowids are dense enough for a choice of plan. */
  if (sqlite3_prepare_v2 (db, "SELECT max(rowid) FROM company_facet", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n_companies = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  plan->walk_list = (gint64) n_matches * 2 > n_companies;
  plan->walk_counts = (gint64) n_matches * 4 > n_companies;
}

gboolean
heeyu_company_query_run (sqlite3                 *db,
                         const HeeyuCompanyQuery *query,
                         GArray                 **ids_out,
                         HeeyuCompanyFacets     **facets_out,
                         GError                 **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(HeeyuCompanyFacets) facets = NULL;
  Plan plan = { FALSE, FALSE, FALSE };
  guint n_matches = 0;
  gboolean failed = FALSE;
  gboolean ok;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  /* One snapshot for the list and its counts. */
  if (!heeyu_sql_exec (db, "SAVEPOINT company_query", error))
    return FALSE;

  plan.matched = heeyu_company_match_text (db, query->text, &n_matches, &failed, error);
  ok = !failed;
  if (ok && plan.matched)
    choose_plan (db, n_matches, &plan);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (ok)
    ok = run_ids (db, query, &plan, ids, error);
  if (ok && facets_out)
    {
      facets = facets_new ();
      facets->total = ids->len;
      ok = run_facets (db, query, &plan, facets, error);
    }

  /* A statement run through heeyu_sql_exec() (the match table's reset)
   * reports an interrupt as an SQL error: a stopped search is a
   * cancellation wherever it was stopped. */
  if (!ok && (sqlite3_errcode (db) & 0xff) == SQLITE_INTERRUPT &&
      error && *error && !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The search was cancelled");
    }

  if (sqlite3_exec (db, "RELEASE company_query", NULL, NULL, NULL) != SQLITE_OK)
    sqlite3_exec (db, "ROLLBACK TO company_query; RELEASE company_query", NULL, NULL, NULL);
  if (!ok)
    return FALSE;

  if (ids_out)
    *ids_out = g_steal_pointer (&ids);
  if (facets_out)
    *facets_out = g_steal_pointer (&facets);
  return TRUE;
}
