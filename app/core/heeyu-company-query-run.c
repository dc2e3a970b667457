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
  else if (is_ascii (term))
    /* Latin letters and digits have no gram rows (heeyu-search.c); one or
     * two of them match much of the directory anyway, so a scan of the
     * narrow search table costs little more than an index would.  rtrim
     * drops the reg_no digits that end the text. */
    sql = "INSERT OR IGNORE INTO temp.company_match (rowid)"
          "  SELECT rowid FROM company_search"
          "  WHERE instr (rtrim (text, '0123456789'), ?1) > 0"
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

static void
sql_init (Sql        *s,
          const char *select,
          gboolean    matched)
{
  s->sql = g_string_new (select);
  s->binds = g_ptr_array_new ();
  g_string_append (s->sql, matched
                   ? " FROM temp.company_match m CROSS JOIN company_facet f ON f.rowid = m.rowid"
                   : " FROM company_facet f");
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
         gboolean                  matched,
         GArray                   *ids,
         GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Sql s;
  int rc;

  sql_init (&s, "SELECT f.rowid", matched);
  g_string_append (s.sql, " WHERE 1");
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
               gboolean                  matched,
               GHashTable              **counts,
               GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Sql s;
  int rc;

  sql_init (&s, "SELECT f.region, f.complex, f.size,"
                " CASE WHEN f.specialized THEN 'yes' ELSE 'no' END, count(*)", matched);
  g_string_append (s.sql, " WHERE 1");
  add_filters (&s, query, -1, FALSE);
  g_string_append (s.sql, " GROUP BY 1, 2, 3, 4");
  stmt = sql_prepare (db, &s, error);
  sql_clear (&s);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *values[G_N_ELEMENTS (scalar_facets)];
      guint n = sqlite3_column_int (stmt, 4);

      for (guint i = 0; i < G_N_ELEMENTS (scalar_facets); i++)
        values[i] = (const char *) sqlite3_column_text (stmt, i);

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
             gboolean                  matched,
             HeeyuCompanyFacet         facet,
             GHashTable               *counts,
             GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Sql s;
  int rc;

  /* With no text and no other filter, every link counts: the link table's
   * own index answers without touching company_facet. */
  if (!matched && !has_filters_but (query, facet))
    {
      sqlite3_stmt *all = NULL;

      if (sqlite3_prepare_v2 (db, facet == HEEYU_COMPANY_FACET_METAL
                                  ? "SELECT metal, count(*) FROM company_metal GROUP BY 1"
                                  : "SELECT stage, count(*) FROM company_stage GROUP BY 1",
                              -1, &all, NULL) != SQLITE_OK)
        return heeyu_sql_fail (db, "counting companies", error);
      while ((rc = sqlite3_step (all)) == SQLITE_ROW)
        add_count (counts, (const char *) sqlite3_column_text (all, 0), sqlite3_column_int (all, 1));
      sqlite3_finalize (all);
      if (rc != SQLITE_DONE)
        return step_error (db, rc, "counting companies", error);
      return TRUE;
    }

  if (facet == HEEYU_COMPANY_FACET_METAL)
    {
      sql_init (&s, "SELECT l.metal, count(*)", matched);
      g_string_append (s.sql, " CROSS JOIN company_metal l ON l.company = f.rowid WHERE 1");
    }
  else
    {
      sql_init (&s, "SELECT l.stage, count(*)", matched);
      g_string_append (s.sql, " CROSS JOIN company_stage l ON l.company = f.rowid WHERE 1");
    }
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
            gboolean                  matched,
            HeeyuCompanyFacets       *facets,
            GError                  **error)
{
  GHashTable *counts[HEEYU_COMPANY_N_FACETS];
  g_autoptr(GHashTable) names = NULL;
  gboolean ok;

  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    counts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ok = count_scalars (db, query, matched, counts, error) &&
       count_links (db, query, matched, HEEYU_COMPANY_FACET_METAL,
                    counts[HEEYU_COMPANY_FACET_METAL], error) &&
       count_links (db, query, matched, HEEYU_COMPANY_FACET_STAGE,
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

gboolean
heeyu_company_query_run (sqlite3                 *db,
                         const HeeyuCompanyQuery *query,
                         GArray                 **ids_out,
                         HeeyuCompanyFacets     **facets_out,
                         GError                 **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(HeeyuCompanyFacets) facets = NULL;
  gboolean matched;
  gboolean failed = FALSE;
  gboolean ok;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  /* One snapshot for the list and its counts. */
  if (!heeyu_sql_exec (db, "SAVEPOINT company_query", error))
    return FALSE;

  matched = heeyu_company_match_text (db, query->text, &failed, error);
  ok = !failed;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (ok)
    ok = run_ids (db, query, matched, ids, error);
  if (ok && facets_out)
    {
      facets = facets_new ();
      facets->total = ids->len;
      ok = run_facets (db, query, matched, facets, error);
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
