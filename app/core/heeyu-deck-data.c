/* heeyu-deck-data.c: the figures of a deck, read once from the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heeyu-deck-data.h"

struct _HeeyuDeckData
{
  GPtrArray        *results;      /* HeeyuIndexResult */
  HeeyuMethodology *methodology;
  GPtrArray        *metals;       /* HeeyuDeckMetal */
  GHashTable       *by_code;      /* code -> HeeyuDeckMetal (borrowed) */
  char             *as_of;
  gboolean          sample;
  guint             n_companies;
  guint             n_specialized;
  GArray           *stages;       /* HeeyuDeckCount */
  GArray           *regions;      /* HeeyuDeckCount */
};

static void
event_free (HeeyuDeckEvent *e)
{
  g_free (e->date);
  g_free (e->title_en);
  g_free (e->title_ko);
  g_free (e->kind);
  g_free (e->country);
  g_free (e);
}

static void
amount_free (HeeyuDeckAmount *a)
{
  g_free (a->code);
  g_free (a);
}

static void
metal_free (HeeyuDeckMetal *m)
{
  g_free (m->code);
  g_free (m->name_en);
  g_free (m->name_ko);
  g_array_unref (m->price_x);
  g_array_unref (m->price_y);
  g_free (m->price_unit);
  g_ptr_array_unref (m->events);
  g_ptr_array_unref (m->production);
  g_free (m->production_stage);
  g_free (m->production_unit);
  g_free (m);
}

static void
count_clear (HeeyuDeckCount *c)
{
  g_free (c->code);
}

void
heeyu_deck_data_free (HeeyuDeckData *data)
{
  if (data == NULL)
    return;

  g_clear_pointer (&data->by_code, g_hash_table_unref);
  g_clear_pointer (&data->metals, g_ptr_array_unref);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_clear_pointer (&data->methodology, heeyu_methodology_free);
  g_clear_pointer (&data->stages, g_array_unref);
  g_clear_pointer (&data->regions, g_array_unref);
  g_free (data->as_of);
  g_free (data);
}

static gboolean
sql_fail (sqlite3     *db,
          GError     **error)
{
  g_set_error (error, HEEYU_INDEX_ERROR, HEEYU_INDEX_ERROR_SQL,
               "Reading the slides' figures failed: %s", sqlite3_errmsg (db));
  return FALSE;
}

static void
set_str (char       **ptr,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*ptr);
  *ptr = copy;
}

static const char *
col_text (sqlite3_stmt *stmt,
          int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* Days since 1970-01-01 of "YYYY-MM[-DD]"; months are put mid-month so a
 * monthly point sits inside its month.  NAN when unreadable. */
static double
period_to_days (const char *period)
{
  int y = 0, m = 0, d = 15;
  GDate date;

  if (sscanf (period, "%4d-%2d-%2d", &y, &m, &d) < 2 || !g_date_valid_dmy (d, m, y))
    return NAN;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return (double) g_date_get_julian (&date) - 719163.0;
}

static gboolean
load_prices (HeeyuDeckData  *data,
             sqlite3        *db,
             GError        **error)
{
  /* The latest row's unit per metal: one chart shows one unit. */
  static const char sql[] =
    "SELECT o.metal, o.period, o.value FROM observation o"
    " WHERE o.indicator = 'price' AND o.value IS NOT NULL AND o.country IS NULL"
    "   AND o.unit IS (SELECT unit FROM observation p WHERE p.metal = o.metal"
    "                  AND p.indicator = 'price' ORDER BY p.period DESC LIMIT 1)"
    " ORDER BY o.metal, o.period";
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (db, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeeyuDeckMetal *m = g_hash_table_lookup (data->by_code, col_text (stmt, 0));
      const char *period = col_text (stmt, 1);
      double x, y = sqlite3_column_double (stmt, 2);
      gboolean dated;

      if (m == NULL || period == NULL)
        continue;
      dated = strlen (period) >= 7;
      /* Finer rows win: once a metal has monthly prices, its yearly
       * averages would only draw a second, smoother line over them. */
      if (dated && !m->price_by_date)
        {
          g_array_set_size (m->price_x, 0);
          g_array_set_size (m->price_y, 0);
          m->price_by_date = TRUE;
        }
      else if (!dated && m->price_by_date)
        continue;

      x = dated ? period_to_days (period) : atoi (period);
      if (!isfinite (x) || x == 0)
        continue;
      g_array_append_val (m->price_x, x);
      g_array_append_val (m->price_y, y);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sql_fail (db, error);

  if (sqlite3_prepare_v2 (db,
                          "SELECT metal, unit, max(period) FROM observation"
                          " WHERE indicator = 'price' GROUP BY metal", -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (db, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeeyuDeckMetal *m = g_hash_table_lookup (data->by_code, col_text (stmt, 0));

      if (m != NULL)
        set_str (&m->price_unit, col_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || sql_fail (db, error);
}

static int
compare_amounts (gconstpointer a,
                 gconstpointer b)
{
  const HeeyuDeckAmount *x = *(HeeyuDeckAmount **) a, *y = *(HeeyuDeckAmount **) b;

  /* "Other countries" goes last whatever its size. */
  if (g_str_equal (x->code, "OTHER") != g_str_equal (y->code, "OTHER"))
    return g_str_equal (x->code, "OTHER") ? 1 : -1;
  return (x->value < y->value) - (x->value > y->value);
}

static gboolean
load_production (HeeyuDeckData  *data,
                 sqlite3        *db,
                 GError        **error)
{
  static const char sql[] =
    "SELECT country, value, unit, period FROM observation"
    " WHERE indicator = 'production' AND metal = ?1 AND stage IS ?2"
    "   AND period = (SELECT max(period) FROM observation"
    "                 WHERE indicator = 'production' AND metal = ?1 AND stage IS ?2)";
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (db, error);

  for (guint i = 0; i < data->metals->len; i++)
    {
      HeeyuDeckMetal *m = data->metals->pdata[i];
      const char *stage = m->result->production_stage;
      double sum = 0, world = NAN;
      int rc;

      if (stage == NULL)
        continue;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, m->code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, stage, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *country = col_text (stmt, 0);
          double v = sqlite3_column_double (stmt, 1);
          HeeyuDeckAmount *a;

          if (country == NULL || sqlite3_column_type (stmt, 1) == SQLITE_NULL)
            continue;
          set_str (&m->production_unit, col_text (stmt, 2));
          m->production_year = atoi (col_text (stmt, 3) ? col_text (stmt, 3) : "0");
          if (g_str_equal (country, "WORLD"))
            {
              world = v;
              continue;
            }
          if (v <= 0)
            continue;
          a = g_new0 (HeeyuDeckAmount, 1);
          a->code = g_strdup (country);
          a->value = v;
          sum += v;
          g_ptr_array_add (m->production, a);
        }
      if (rc != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          return sql_fail (db, error);
        }
      g_ptr_array_sort (m->production, compare_amounts);
      m->production_world = isfinite (world) && world > 0 ? world : (sum > 0 ? sum : NAN);
      m->production_stage = g_strdup (stage);
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
load_events (HeeyuDeckData  *data,
             sqlite3        *db,
             GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT date, kind, country, data FROM event ORDER BY date",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (db, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      JsonArray *metals;

      /* A damaged record is left off the slides, not a failed show. */
      if (!json_parser_load_from_data (parser, col_text (stmt, 3) ? col_text (stmt, 3) : "", -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      o = json_node_get_object (json_parser_get_root (parser));
      if (!json_object_has_member (o, "metals")
          || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "metals")))
        continue;
      metals = json_object_get_array_member (o, "metals");

      for (guint j = 0; j < json_array_get_length (metals); j++)
        {
          JsonNode *n = json_array_get_element (metals, j);
          HeeyuDeckMetal *m;
          HeeyuDeckEvent *e;

          if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING
              || !(m = g_hash_table_lookup (data->by_code, json_node_get_string (n))))
            continue;
          e = g_new0 (HeeyuDeckEvent, 1);
          e->date = g_strdup (col_text (stmt, 0));
          e->kind = g_strdup (col_text (stmt, 1));
          e->country = g_strdup (col_text (stmt, 2));
          e->title_en = g_strdup (json_object_get_string_member_with_default (o, "title_en", ""));
          e->title_ko = g_strdup (json_object_get_string_member_with_default (o, "title_ko", ""));
          g_ptr_array_add (m->events, e);
        }
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || sql_fail (db, error);
}

static GArray *
load_counts (sqlite3     *db,
             const char  *sql,
             GError     **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (HeeyuDeckCount));
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_array_set_clear_func (counts, (GDestroyNotify) count_clear);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_fail (db, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeeyuDeckCount c = { g_strdup (col_text (stmt, 0) ? col_text (stmt, 0) : ""),
                           (guint) sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (counts, c);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      sql_fail (db, error);
      return NULL;
    }
  return g_steal_pointer (&counts);
}

static char *
get_meta (sqlite3    *db,
          const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (col_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

HeeyuDeckData *
heeyu_deck_data_load (sqlite3  *db,
                      GError  **error)
{
  g_autoptr(HeeyuDeckData) data = g_new0 (HeeyuDeckData, 1);
  g_autoptr(HeeyuMethodology) methodology = NULL;
  g_autofree char *dataset = NULL;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (db != NULL, NULL);

  methodology = heeyu_index_load_methodology (db, error);
  if (methodology == NULL)
    return NULL;
  data->results = heeyu_index_compute_all_with (db, methodology, error);
  if (data->results == NULL)
    return NULL;
  data->methodology = g_steal_pointer (&methodology);

  data->metals = g_ptr_array_new_with_free_func ((GDestroyNotify) metal_free);
  data->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < data->results->len; i++)
    {
      const HeeyuIndexResult *r = data->results->pdata[i];
      HeeyuDeckMetal *m = g_new0 (HeeyuDeckMetal, 1);

      m->code = g_strdup (r->metal);
      m->name_en = g_strdup (r->name_en ? r->name_en : r->metal);
      m->name_ko = g_strdup (r->name_ko ? r->name_ko : m->name_en);
      m->result = r;
      m->price_x = g_array_new (FALSE, FALSE, sizeof (double));
      m->price_y = g_array_new (FALSE, FALSE, sizeof (double));
      m->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
      m->production = g_ptr_array_new_with_free_func ((GDestroyNotify) amount_free);
      m->production_world = NAN;
      g_ptr_array_add (data->metals, m);
      g_hash_table_insert (data->by_code, m->code, m);
    }

  if (!load_prices (data, db, error) || !load_production (data, db, error)
      || !load_events (data, db, error))
    return NULL;

  if (sqlite3_prepare_v2 (db, "SELECT count(*), coalesce(sum(specialized != 0), 0) FROM company",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_fail (db, error);
      return NULL;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      data->n_companies = sqlite3_column_int64 (stmt, 0);
      data->n_specialized = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);

  data->stages = load_counts (db, "SELECT stage, count(*) AS n FROM company_stage"
                                  " GROUP BY stage ORDER BY n DESC, stage", error);
  if (data->stages == NULL)
    return NULL;
  data->regions = load_counts (db, "SELECT coalesce(region, ''), count(*) AS n FROM company"
                                   " GROUP BY 1 ORDER BY n DESC, 1", error);
  if (data->regions == NULL)
    return NULL;

  data->as_of = get_meta (db, "data_as_of");
  if (data->as_of == NULL)
    for (guint i = 0; i < data->results->len && data->as_of == NULL; i++)
      {
        const HeeyuIndexResult *r = data->results->pdata[i];
        if (r->as_of != NULL)
          data->as_of = g_strndup (r->as_of, 4);
      }
  dataset = get_meta (db, "dataset");
  data->sample = g_strcmp0 (dataset, "sample") == 0;

  return g_steal_pointer (&data);
}

const char *
heeyu_deck_data_get_as_of (HeeyuDeckData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->as_of;
}

gboolean
heeyu_deck_data_is_sample (HeeyuDeckData *data)
{
  g_return_val_if_fail (data != NULL, FALSE);
  return data->sample;
}

const HeeyuMethodology *
heeyu_deck_data_get_methodology (HeeyuDeckData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->methodology;
}

guint
heeyu_deck_data_get_n_metals (HeeyuDeckData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->metals->len;
}

const HeeyuDeckMetal *
heeyu_deck_data_get_metal (HeeyuDeckData *data,
                           guint          i)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (i < data->metals->len, NULL);
  return data->metals->pdata[i];
}

const HeeyuDeckMetal *
heeyu_deck_data_lookup_metal (HeeyuDeckData *data,
                              const char    *code)
{
  g_return_val_if_fail (data != NULL, NULL);
  return code ? g_hash_table_lookup (data->by_code, code) : NULL;
}

guint
heeyu_deck_data_get_n_companies (HeeyuDeckData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->n_companies;
}

guint
heeyu_deck_data_get_n_specialized (HeeyuDeckData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->n_specialized;
}

GArray *
heeyu_deck_data_get_stages (HeeyuDeckData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->stages;
}

GArray *
heeyu_deck_data_get_regions (HeeyuDeckData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->regions;
}
