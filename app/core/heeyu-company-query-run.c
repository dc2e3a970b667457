/* heeyu-company-query-run.c: a directory query in SQL, with facet counts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every step is SQL on one connection, in one read transaction (so the
 * list and its counts come from the same snapshot), over sets of company
 * rowids (heeyu-bitset.h):
 *  1. the connection keeps the set of each facet value and the list's
 *     orders in temp tables, built again when the directory's tables have
 *     changed (ensure_sets());
 *  2. the text's matches become a set: one posting list for 1-2
 *     characters (company_gram_set), the trigram index for more, with the
 *     companies of the metals the text names;
 *  3. each filter is the union of its values' sets; the list is the
 *     intersection of the matches and every filter, read out of the
 *     order's ids (bitset_select());
 *  4. a facet's counts are taken under the matches and every filter but
 *     its own: one statement ANDs and counts each value's set.
 * Rows of (company, value) cost SQLite a step each, which on 100,000
 * companies made a common term's counts take 20-150 ms; a set operation
 * costs the same few microseconds whatever the matches
 * (docs/performance.md).
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


/* A set read from a statement's column: NULL for SQL NULL ("no
 * constraint"), else its bytes (an empty set has none). */
static GBytes *
column_set (sqlite3_stmt *stmt,
            int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
}

static void
bind_set (sqlite3_stmt *stmt,
          int           param,
          GBytes       *set)
{
  gsize size;
  gconstpointer data;

  if (set == NULL)
    {
      sqlite3_bind_null (stmt, param);
      return;
    }
  data = g_bytes_get_data (set, &size);
  /* A NULL pointer would bind SQL NULL, "no constraint". */
  if (size == 0)
    sqlite3_bind_zeroblob (stmt, param, 0);
  else
    sqlite3_bind_blob64 (stmt, param, data, size, SQLITE_STATIC);
}

/* Runs @stmt (prepared, bound) for its one row and returns its first
 * column as a set. */
static gboolean
step_set (sqlite3       *db,
          sqlite3_stmt  *stmt,
          const char    *what,
          GBytes       **set,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  *set = NULL;
  if (rc == SQLITE_ROW)
    {
      *set = column_set (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (set, g_bytes_unref);
      return step_error (db, rc, what, error);
    }
  return TRUE;
}

static char *
read_text (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* The connection's sets of every facet value (and of all companies, facet
 * -1), and the orders of the list, in temp tables built from the
 * directory's tables when they have changed since: directory_generation,
 * which triggers on those tables count up, tells. */
static gboolean
ensure_sets (sqlite3  *db,
             GError  **error)
{
  g_autofree char *generation = NULL;
  g_autofree char *built = NULL;

  if (!heeyu_sql_exec (db,
                       "CREATE TEMP TABLE IF NOT EXISTS directory_facet ("
                       "  facet INTEGER NOT NULL, value TEXT NOT NULL, bits BLOB NOT NULL,"
                       "  PRIMARY KEY (facet, value));"
                       "CREATE TEMP TABLE IF NOT EXISTS directory_order ("
                       "  sort INTEGER PRIMARY KEY, ids BLOB NOT NULL);"
                       "CREATE TEMP TABLE IF NOT EXISTS directory_state (generation TEXT NOT NULL);",
                       error))
    return FALSE;

  generation = read_text (db, "SELECT value FROM main.meta WHERE key = 'directory_generation'");
  built = read_text (db, "SELECT generation FROM temp.directory_state");
  if (built != NULL && g_strcmp0 (generation, built) == 0)
    return TRUE;

  /* Values NULL or "" are no value to filter by, as in the detail pane. */
  if (!heeyu_sql_exec (db,
                       "DELETE FROM temp.directory_facet;"
                       "DELETE FROM temp.directory_order;"
                       "DELETE FROM temp.directory_state;"
                       "INSERT INTO temp.directory_facet"
                       "  SELECT -1, '', bitset (rowid) FROM company_facet;"
                       "INSERT INTO temp.directory_facet"
                       "  SELECT 0, metal, bitset (company) FROM company_metal INDEXED BY company_metal_by_metal"
                       "  WHERE metal != '' GROUP BY metal;"
                       "INSERT INTO temp.directory_facet"
                       "  SELECT 1, stage, bitset (company) FROM company_stage INDEXED BY company_stage_by_stage"
                       "  WHERE stage != '' GROUP BY stage;"
                       "INSERT INTO temp.directory_facet"
                       "  SELECT 2, region, bitset (rowid) FROM company_facet"
                       "  WHERE region != '' GROUP BY region;"
                       "INSERT INTO temp.directory_facet"
                       "  SELECT 3, complex, bitset (rowid) FROM company_facet"
                       "  WHERE complex != '' GROUP BY complex;"
                       "INSERT INTO temp.directory_facet"
                       "  SELECT 4, CASE WHEN specialized THEN 'yes' ELSE 'no' END, bitset (rowid)"
                       "  FROM company_facet GROUP BY 2;"
                       "INSERT INTO temp.directory_facet"
                       "  SELECT 5, size, bitset (rowid) FROM company_facet"
                       "  WHERE size != '' GROUP BY size;",
                       error))
    return FALSE;

  {
    g_autoptr(sqlite3_stmt) stmt = heeyu_sql_prepare (db, "INSERT INTO temp.directory_state VALUES (?1)",
                                                      error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, generation ? generation : "", -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) != SQLITE_DONE)
      return heeyu_sql_fail (db, "preparing the directory", error);
  }
  return TRUE;
}

G_STATIC_ASSERT (HEEYU_COMPANY_FACET_METAL == 0 && HEEYU_COMPANY_FACET_STAGE == 1 &&
                 HEEYU_COMPANY_FACET_REGION == 2 && HEEYU_COMPANY_FACET_COMPLEX == 3 &&
                 HEEYU_COMPANY_FACET_SPECIALIZED == 4 && HEEYU_COMPANY_FACET_SIZE == 5);

gboolean
heeyu_company_match_text (sqlite3     *db,
                          const char  *text,
                          GBytes     **match,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *query = heeyu_search_normalize (text, HEEYU_SEARCH_MAX_CHARS);
  g_autofree char *digits = NULL;
  g_autofree char *phrase = NULL;
  const char *term;
  const char *sql;

  /* The sets first, even with no text: the filters and counts that follow
   * a match read them too. */
  *match = NULL;
  if (!ensure_sets (db, error))
    return FALSE;
  if (*query == '\0')
    return TRUE;

  /* "123-45-67890" and "1234567890" alike: the index holds the digits. */
  digits = heeyu_search_digits_only (query);
  term = digits && strlen (digits) >= 3 ? digits : query;

  /* With the companies of the metals the text names ("몰리브덴": Mo). */
  if (g_utf8_strlen (term, -1) >= 3)
    {
      sql = "SELECT bitset_or ("
            "  (SELECT bitset (rowid) FROM company_fts WHERE company_fts MATCH ?1),"
            "  (SELECT bitset_union (bits) FROM temp.directory_facet WHERE facet = 0"
            "   AND value IN (SELECT metal FROM metal_alias WHERE alias = ?2)))";
      phrase = fts_phrase (term);
      term = phrase;
    }
  else
    /* One or two characters, of any script: one posting list.  Short
     * numbers are looked for in names and products, not in reg_no. */
    sql = "SELECT bitset_or ("
          "  (SELECT postings_bitset (ids) FROM company_gram_set WHERE gram = ?1),"
          "  (SELECT bitset_union (bits) FROM temp.directory_facet WHERE facet = 0"
          "   AND value IN (SELECT metal FROM metal_alias WHERE alias = ?2)))";

  if (!(stmt = heeyu_sql_prepare (db, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, term, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, query, -1, SQLITE_STATIC);
  if (!step_set (db, stmt, "searching companies", match, error))
    return FALSE;
  if (*match == NULL)
    *match = g_bytes_new (NULL, 0);
  return TRUE;
}

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


/* The values of @facet's filter that select companies, or NULL for no
 * filter.  Specialized: only "yes" and "no" mean anything, and both mean
 * every company. */
static const char * const *
filter_values (const HeeyuCompanyQuery *query,
               HeeyuCompanyFacet        facet)
{
  static const char * const yes[] = { "yes", NULL };
  static const char * const no[] = { "no", NULL };
  const char * const *v = heeyu_company_query_get_values (query, facet);
  gboolean y, n;

  if (v[0] == NULL)
    return NULL;
  if (facet != HEEYU_COMPANY_FACET_SPECIALIZED)
    return v;
  if (!specialized_values (query, &y, &n) || (y && n))
    return NULL;
  return y ? yes : no;
}

/* The set of companies @facet's filter lets through (the union of its
 * values' sets), or NULL for no filter. */
static gboolean
filter_set (sqlite3                  *db,
            const HeeyuCompanyQuery  *query,
            HeeyuCompanyFacet         facet,
            GBytes                  **set,
            GError                  **error)
{
  const char * const *values = filter_values (query, facet);
  g_autoptr(GString) sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *set = NULL;
  if (values == NULL)
    return TRUE;

  sql = g_string_new ("SELECT bitset_union (bits) FROM temp.directory_facet"
                      " WHERE facet = ?1 AND value IN (");
  for (guint i = 0; values[i]; i++)
    g_string_append_printf (sql, i ? ", ?%u" : "?%u", i + 2);
  g_string_append (sql, ")");

  /* Not PERSISTENT: the text changes with the number of values. */
  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return heeyu_sql_fail (db, "preparing the directory query", error);
  sqlite3_bind_int (stmt, 1, facet);
  for (guint i = 0; values[i]; i++)
    sqlite3_bind_text (stmt, i + 2, values[i], -1, SQLITE_STATIC);
  return step_set (db, stmt, "filtering companies", set, error);
}

/* @match and every filter but @skip's (-1: none), intersected; NULL when
 * nothing constrains. */
static gboolean
combine (sqlite3       *db,
         sqlite3_stmt  *and_stmt,
         GBytes        *match,
         GBytes       **filters,
         int            skip,
         GBytes       **set,
         GError       **error)
{
  bind_set (and_stmt, 1, match);
  for (int i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    bind_set (and_stmt, i + 2, i == skip ? NULL : filters[i]);
  if (!step_set (db, and_stmt, "filtering companies", set, error))
    return FALSE;
  sqlite3_reset (and_stmt);
  sqlite3_clear_bindings (and_stmt);
  return TRUE;
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


/* The ids of every company in @query's order, made once per generation of
 * the directory and order (temp.directory_order), as 64-bit rowids. */
static gboolean
ensure_order (sqlite3                  *db,
              const HeeyuCompanyQuery  *query,
              int                       key,
              GError                  **error)
{
  g_autoptr(sqlite3_stmt) exists = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  int rc;

  if (!(exists = heeyu_sql_prepare (db, "SELECT 1 FROM temp.directory_order WHERE sort = ?1", error)))
    return FALSE;
  sqlite3_bind_int (exists, 1, key);
  rc = sqlite3_step (exists);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return step_error (db, rc, "sorting companies", error);

  sql = g_strconcat ("SELECT f.rowid FROM company_facet f", order_by (query), NULL);
  if (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL) != SQLITE_OK)
    return heeyu_sql_fail (db, "preparing the directory query", error);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      gint64 rowid = GINT64_TO_LE (sqlite3_column_int64 (rows, 0));
      g_array_append_val (ids, rowid);
    }
  if (rc != SQLITE_DONE)
    return step_error (db, rc, "sorting companies", error);

  if (!(insert = heeyu_sql_prepare (db, "INSERT INTO temp.directory_order (sort, ids) VALUES (?1, ?2)",
                                    error)))
    return FALSE;
  sqlite3_bind_int (insert, 1, key);
  if (ids->len == 0)
    sqlite3_bind_zeroblob (insert, 2, 0);
  else
    sqlite3_bind_blob64 (insert, 2, ids->data, (sqlite3_uint64) ids->len * 8, SQLITE_STATIC);
  if ((rc = sqlite3_step (insert)) != SQLITE_DONE)
    return step_error (db, rc, "sorting companies", error);
  return TRUE;
}

static gboolean
run_ids (sqlite3                  *db,
         const HeeyuCompanyQuery  *query,
         GBytes                   *set,
         GArray                   *ids,
         GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int key = (int) query->sort * 2 + (query->descending ? 1 : 0);
  int rc;

  if (!ensure_order (db, query, key, error))
    return FALSE;
  if (!(stmt = heeyu_sql_prepare (db,
                                  "SELECT bitset_select (ids, ?1) FROM temp.directory_order WHERE sort = ?2",
                                  error)))
    return FALSE;
  bind_set (stmt, 1, set);
  sqlite3_bind_int (stmt, 2, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const guint8 *blob = sqlite3_column_blob (stmt, 0);
      guint n = sqlite3_column_bytes (stmt, 0) / 8;

      g_array_set_size (ids, n);
      if (n > 0)
        memcpy (ids->data, blob, (gsize) n * 8);
      for (guint i = 0; i < n; i++)
        g_array_index (ids, gint64, i) = GINT64_FROM_LE (g_array_index (ids, gint64, i));
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    return step_error (db, rc, "listing companies", error);
  return TRUE;
}

/* Every facet value's count under the text and the other facets' filters,
 * one statement: a count is an AND and a popcount of two sets. */
static gboolean
count_facets (sqlite3                  *db,
              GBytes                  **bases,
              GHashTable              **counts,
              GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = heeyu_sql_prepare (db,
                                  "SELECT facet, value, bitset_and_count (bits,"
                                  "  CASE facet WHEN 0 THEN ?1 WHEN 1 THEN ?2 WHEN 2 THEN ?3"
                                  "    WHEN 3 THEN ?4 WHEN 4 THEN ?5 ELSE ?6 END)"
                                  " FROM temp.directory_facet WHERE facet >= 0",
                                  error)))
    return FALSE;
  for (int i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    bind_set (stmt, i + 1, bases[i]);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int facet = sqlite3_column_int (stmt, 0);
      gint64 n = sqlite3_column_int64 (stmt, 2);

      if (facet < HEEYU_COMPANY_N_FACETS && n > 0)
        g_hash_table_insert (counts[facet], g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
                             GUINT_TO_POINTER ((guint) n));
    }
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
            GBytes                  **bases,
            HeeyuCompanyFacets       *facets,
            GError                  **error)
{
  GHashTable *counts[HEEYU_COMPANY_N_FACETS];
  g_autoptr(GHashTable) names = NULL;
  gboolean ok;

  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    counts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ok = count_facets (db, bases, counts, error);
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


/* The sets of one run: the text's matches, each filter's, and the
 * intersections the list and each facet's counts are taken under. */
typedef struct
{
  GBytes *match;
  GBytes *filters[HEEYU_COMPANY_N_FACETS];
  GBytes *all;                              /* the list */
  GBytes *bases[HEEYU_COMPANY_N_FACETS];    /* a facet's counts */
} Sets;

static void
sets_clear (Sets *sets)
{
  g_clear_pointer (&sets->match, g_bytes_unref);
  g_clear_pointer (&sets->all, g_bytes_unref);
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    {
      g_clear_pointer (&sets->filters[i], g_bytes_unref);
      g_clear_pointer (&sets->bases[i], g_bytes_unref);
    }
}

static gboolean
run_sets (sqlite3                  *db,
          const HeeyuCompanyQuery  *query,
          gboolean                  with_facets,
          Sets                     *sets,
          GError                  **error)
{
  g_autoptr(sqlite3_stmt) and_stmt = NULL;

  if (!heeyu_company_match_text (db, query->text, &sets->match, error))
    return FALSE;
  for (int i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    if (!filter_set (db, query, i, &sets->filters[i], error))
      return FALSE;

  if (!(and_stmt = heeyu_sql_prepare (db, "SELECT bitset_and (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error)) ||
      !combine (db, and_stmt, sets->match, sets->filters, -1, &sets->all, error))
    return FALSE;
  if (!with_facets)
    return TRUE;

  /* A facet without a filter counts under the same set as the list. */
  for (int i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    if (sets->filters[i] == NULL)
      sets->bases[i] = sets->all ? g_bytes_ref (sets->all) : NULL;
    else if (!combine (db, and_stmt, sets->match, sets->filters, i, &sets->bases[i], error))
      return FALSE;
  return TRUE;
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
  Sets sets = { 0 };
  gboolean ok;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  /* One snapshot for the list and its counts. */
  if (!heeyu_sql_exec (db, "SAVEPOINT company_query", error))
    return FALSE;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ok = run_sets (db, query, facets_out != NULL, &sets, error) &&
       run_ids (db, query, sets.all, ids, error);
  if (ok && facets_out)
    {
      facets = facets_new ();
      facets->total = ids->len;
      ok = run_facets (db, query, sets.bases, facets, error);
    }
  sets_clear (&sets);

  /* A statement run through heeyu_sql_exec() (the sets' rebuild) reports
   * an interrupt as an SQL error: a stopped search is a cancellation
   * wherever it was stopped. */
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

gboolean
heeyu_company_neighbours (sqlite3             *db,
                          HeeyuCompanyFacet    facet,
                          const char * const  *values,
                          gint64               self_rowid,
                          guint                limit,
                          GArray             **ids_out,
                          guint               *total,
                          GError             **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT f.rowid, count(*) OVER () FROM company_facet f"
                                         " WHERE f.rowid != ?1 AND f.rowid IN (");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);

  *total = 0;
  if (values == NULL || values[0] == NULL)
    {
      *ids_out = g_steal_pointer (&ids);
      return TRUE;
    }

  switch (facet)
    {
    case HEEYU_COMPANY_FACET_METAL:
      g_string_append (sql, "SELECT company FROM company_metal WHERE metal IN (");
      break;
    case HEEYU_COMPANY_FACET_STAGE:
      g_string_append (sql, "SELECT company FROM company_stage WHERE stage IN (");
      break;
    case HEEYU_COMPANY_FACET_REGION:
      g_string_append (sql, "SELECT rowid FROM company WHERE region IN (");
      break;
    case HEEYU_COMPANY_FACET_COMPLEX:
      g_string_append (sql, "SELECT rowid FROM company WHERE complex IN (");
      break;
    case HEEYU_COMPANY_FACET_SPECIALIZED:
    case HEEYU_COMPANY_FACET_SIZE:
    case HEEYU_COMPANY_N_FACETS:
    default:
      g_return_val_if_reached (FALSE);
    }
  for (guint i = 0; values[i]; i++)
    g_string_append_printf (sql, i ? ", ?%u" : "?%u", i + 3);
  g_string_append (sql, ")) ORDER BY f.sort_key, f.rowid LIMIT ?2");

  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return heeyu_sql_fail (db, "preparing the related companies", error);
  sqlite3_bind_int64 (stmt, 1, self_rowid);
  sqlite3_bind_int64 (stmt, 2, limit);
  for (guint i = 0; values[i]; i++)
    sqlite3_bind_text (stmt, i + 3, values[i], -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, rowid);
      *total = sqlite3_column_int (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    return step_error (db, rc, "finding related companies", error);

  *ids_out = g_steal_pointer (&ids);
  return TRUE;
}
