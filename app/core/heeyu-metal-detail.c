/* heeyu-metal-detail.c: the figures behind one metal's detail page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every statement is on one metal, through the observation_series index
 * (metal, indicator, period), the event table (a handful of rows) or the
 * company_metal_by_metal index, so a detail costs a few milliseconds even in
 * a cache of millions of observations.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heeyu-metal-detail.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_DEFINE_BOXED_TYPE (HeeyuMetalDetail, heeyu_metal_detail,
                     heeyu_metal_detail_ref, heeyu_metal_detail_unref)

static void
point_clear (gpointer data)
{
  HeeyuMetalDetailPoint *p = data;

  g_free (p->period);
}

static void
share_clear (gpointer data)
{
  HeeyuMetalDetailShare *s = data;

  g_free (s->country);
}

static HeeyuMetalDetailSeries *
series_new (void)
{
  HeeyuMetalDetailSeries *s = g_new0 (HeeyuMetalDetailSeries, 1);

  s->points = g_array_new (FALSE, TRUE, sizeof (HeeyuMetalDetailPoint));
  g_array_set_clear_func (s->points, point_clear);
  return s;
}

static void
series_free (HeeyuMetalDetailSeries *s)
{
  if (s == NULL)
    return;
  g_free (s->unit);
  g_free (s->source);
  g_array_unref (s->points);
  g_free (s);
}

static HeeyuMetalDetailBreakdown *
breakdown_new (const char *stage,
               int         year)
{
  HeeyuMetalDetailBreakdown *b = g_new0 (HeeyuMetalDetailBreakdown, 1);

  b->stage = g_strdup (stage);
  b->year = year;
  b->world = NAN;
  b->shares = g_array_new (FALSE, TRUE, sizeof (HeeyuMetalDetailShare));
  g_array_set_clear_func (b->shares, share_clear);
  return b;
}

static void
breakdown_free (gpointer data)
{
  HeeyuMetalDetailBreakdown *b = data;

  if (b == NULL)
    return;
  g_free (b->stage);
  g_free (b->unit);
  g_free (b->source);
  g_array_unref (b->shares);
  g_free (b);
}

static void
event_free (gpointer data)
{
  HeeyuMetalDetailEvent *e = data;

  g_free (e->id);
  g_free (e->kind);
  g_free (e->date);
  g_free (e->end_date);
  g_free (e->country);
  g_free (e->title_en);
  g_free (e->title_ko);
  g_free (e->source);
  g_free (e);
}

static void
detail_clear (gpointer data)
{
  HeeyuMetalDetail *self = data;

  g_free (self->metal);
  series_free (self->price_annual);
  series_free (self->price_fine);
  g_clear_pointer (&self->production, g_ptr_array_unref);
  breakdown_free (self->imports);
  series_free (self->stockpile_days);
  g_clear_pointer (&self->events, g_ptr_array_unref);
}

HeeyuMetalDetail *
heeyu_metal_detail_ref (HeeyuMetalDetail *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
heeyu_metal_detail_unref (HeeyuMetalDetail *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, detail_clear);
}

static gboolean
sql_fail (sqlite3     *db,
          const char  *what,
          GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "Could not read %s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           i)
{
  return (const char *) sqlite3_column_text (stmt, i);
}

/* Collects the distinct sources of a series, in the order met. */
static void
add_source (GPtrArray  *sources,
            const char *source)
{
  if (source == NULL || *source == '\0')
    return;
  for (guint i = 0; i < sources->len; i++)
    if (g_str_equal (sources->pdata[i], source))
      return;
  g_ptr_array_add (sources, g_strdup (source));
}

static char *
join_sources (GPtrArray *sources)
{
  if (sources->len == 0)
    return NULL;
  g_ptr_array_add (sources, NULL);
  return g_strjoinv ("; ", (char **) sources->pdata);
}

static gboolean
parse_period (const char *period,
              int        *year,
              int        *month,
              int        *day)
{
  int y = 0, m = 0, d = 0;
  gsize len;

  if (period == NULL)
    return FALSE;
  len = strlen (period);
  if (len == 4 && sscanf (period, "%4d", &y) == 1)
    ;
  else if (len == 7 && sscanf (period, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
    ;
  else if (len == 10 && sscanf (period, "%4d-%2d-%2d", &y, &m, &d) == 3
           && m >= 1 && m <= 12 && d >= 1 && d <= 31)
    ;
  else
    return FALSE;

  *year = y;
  *month = m;
  *day = d;
  return TRUE;
}

/* A time series of one indicator; @fine selects annual rows (FALSE) or the
 * monthly and daily ones (TRUE). */
static gboolean
load_series (sqlite3                 *db,
             const char              *metal,
             const char              *indicator,
             gboolean                 fine,
             HeeyuMetalDetailSeries **out,
             GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  HeeyuMetalDetailSeries *s = series_new ();
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT period, value, unit, source, synthetic, estimated"
                          " FROM observation"
                          " WHERE metal = ?1 AND indicator = ?2"
                          "   AND (length (period) = 4) = (?3 = 0)"
                          " ORDER BY period",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      series_free (s);
      return sql_fail (db, indicator, error);
    }
  sqlite3_bind_text (stmt, 1, metal, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, indicator, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, fine ? 1 : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeeyuMetalDetailPoint p = { 0 };
      const char *unit = column_text (stmt, 2);

      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL
          || !parse_period (column_text (stmt, 0), &p.year, &p.month, &p.day))
        continue;
      /* One unit per series: a row in another unit (a second price basis)
       * would draw a meaningless line, so the first unit met wins. */
      if (s->unit == NULL && unit != NULL)
        s->unit = g_strdup (unit);
      else if (unit != NULL && g_strcmp0 (s->unit, unit) != 0)
        continue;

      p.period = g_strdup (column_text (stmt, 0));
      p.value = sqlite3_column_double (stmt, 1);
      g_array_append_val (s->points, p);
      add_source (sources, column_text (stmt, 3));
      s->synthetic |= sqlite3_column_int (stmt, 4) != 0;
      s->estimated |= sqlite3_column_int (stmt, 5) != 0;
    }
  if (rc != SQLITE_DONE)
    {
      series_free (s);
      return sql_fail (db, indicator, error);
    }

  s->source = join_sources (sources);
  *out = s;
  return TRUE;
}

static int
compare_shares (gconstpointer a,
                gconstpointer b)
{
  const HeeyuMetalDetailShare *sa = a, *sb = b;
  gboolean oa = g_strcmp0 (sa->country, "OTHER") == 0;
  gboolean ob = g_strcmp0 (sb->country, "OTHER") == 0;

  if (oa != ob)
    return oa ? 1 : -1;
  if (sa->value != sb->value)
    return sa->value > sb->value ? -1 : 1;
  return g_strcmp0 (sa->country, sb->country);
}

/* Amounts by country of the latest year, one breakdown per stage. */
static gboolean
load_breakdowns (sqlite3     *db,
                 const char  *metal,
                 const char  *indicator,
                 GPtrArray   *out,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) by_stage = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                          NULL, (GDestroyNotify) g_ptr_array_unref);
  int rc;

  /* Annual rows only, newest year first, so the first year met per stage
   * is its latest. */
  if (sqlite3_prepare_v2 (db,
                          "SELECT period, coalesce (stage, ''), country, value, unit, source,"
                          "       synthetic, estimated"
                          " FROM observation"
                          " WHERE metal = ?1 AND indicator = ?2 AND length (period) = 4"
                          " ORDER BY period DESC",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (db, indicator, error);
  sqlite3_bind_text (stmt, 1, metal, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, indicator, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *stage = column_text (stmt, 1);
      const char *country = column_text (stmt, 2);
      int year = atoi (column_text (stmt, 0));
      HeeyuMetalDetailBreakdown *b = g_hash_table_lookup (by_stage, stage);
      GPtrArray *src;

      if (country == NULL || sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        continue;
      if (b == NULL)
        {
          b = breakdown_new (*stage ? stage : NULL, year);
          b->unit = g_strdup (column_text (stmt, 4));
          g_ptr_array_add (out, b);
          g_hash_table_insert (by_stage, b->stage ? b->stage : (char *) "", b);
          g_hash_table_insert (sources, b, g_ptr_array_new_with_free_func (g_free));
        }
      if (b->year != year)
        continue;

      src = g_hash_table_lookup (sources, b);
      add_source (src, column_text (stmt, 5));
      b->synthetic |= sqlite3_column_int (stmt, 6) != 0;
      b->estimated |= sqlite3_column_int (stmt, 7) != 0;

      if (g_str_equal (country, "WORLD"))
        b->world = sqlite3_column_double (stmt, 3);
      else
        {
          HeeyuMetalDetailShare share = { g_strdup (country), sqlite3_column_double (stmt, 3) };

          g_array_append_val (b->shares, share);
        }
    }
  if (rc != SQLITE_DONE)
    return sql_fail (db, indicator, error);

  for (guint i = 0; i < out->len; i++)
    {
      HeeyuMetalDetailBreakdown *b = out->pdata[i];

      b->source = join_sources (g_hash_table_lookup (sources, b));
      g_array_sort (b->shares, compare_shares);
      if (isnan (b->world))
        {
          double sum = 0;

          for (guint k = 0; k < b->shares->len; k++)
            sum += g_array_index (b->shares, HeeyuMetalDetailShare, k).value;
          if (b->shares->len > 0)
            b->world = sum;
        }
    }

  return TRUE;
}

static int
compare_stages (gconstpointer a,
                gconstpointer b)
{
  const HeeyuMetalDetailBreakdown *ba = *(HeeyuMetalDetailBreakdown **) a;
  const HeeyuMetalDetailBreakdown *bb = *(HeeyuMetalDetailBreakdown **) b;
  static const char *order[] = { "mine", "refinery", "smelter" };
  int ia = G_N_ELEMENTS (order), ib = G_N_ELEMENTS (order);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (g_strcmp0 (ba->stage, order[i]) == 0)
        ia = i;
      if (g_strcmp0 (bb->stage, order[i]) == 0)
        ib = i;
    }
  return ia != ib ? ia - ib : g_strcmp0 (ba->stage, bb->stage);
}

static char *
json_string (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gboolean
load_events (sqlite3     *db,
             const char  *metal,
             GPtrArray   *out,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* The event table is small (tens of rows); json_each over metals[] is
   * cheaper than keeping a join table. */
  if (sqlite3_prepare_v2 (db,
                          "SELECT id, date, end_date, kind, country, data FROM event"
                          " WHERE json_valid (data) AND EXISTS ("
                          "   SELECT 1 FROM json_each (event.data, '$.metals') WHERE value = ?1)"
                          " ORDER BY date DESC, id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sql_fail (db, "the supply events", error);
  sqlite3_bind_text (stmt, 1, metal, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      HeeyuMetalDetailEvent *e = g_new0 (HeeyuMetalDetailEvent, 1);
      JsonObject *data = NULL;

      if (json_parser_load_from_data (parser, column_text (stmt, 5), -1, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        data = json_node_get_object (json_parser_get_root (parser));

      e->id = g_strdup (column_text (stmt, 0));
      e->date = g_strdup (column_text (stmt, 1));
      e->end_date = g_strdup (column_text (stmt, 2));
      e->kind = g_strdup (column_text (stmt, 3));
      e->country = g_strdup (column_text (stmt, 4));
      e->title_en = json_string (data, "title_en");
      e->title_ko = json_string (data, "title_ko");
      e->source = json_string (data, "source");
      g_ptr_array_add (out, e);
    }
  if (rc != SQLITE_DONE)
    return sql_fail (db, "the supply events", error);

  return TRUE;
}

static gboolean
load_metal_facts (sqlite3          *db,
                  HeeyuMetalDetail *self,
                  GError          **error)
{
  g_autoptr(sqlite3_stmt) target = NULL;
  g_autoptr(sqlite3_stmt) companies = NULL;

  if (sqlite3_prepare_v2 (db,
                          "SELECT json_extract (data, '$.stockpile_target_days') FROM metal"
                          " WHERE id = ?1 AND json_valid (data)",
                          -1, &target, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (db,
                             "SELECT count(*) FROM company_metal WHERE metal = ?1",
                             -1, &companies, NULL) != SQLITE_OK)
    return sql_fail (db, "the metal", error);

  sqlite3_bind_text (target, 1, self->metal, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (target) == SQLITE_ROW && sqlite3_column_type (target, 0) != SQLITE_NULL)
    self->stockpile_target_days = MAX (0, sqlite3_column_int (target, 0));

  sqlite3_bind_text (companies, 1, self->metal, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (companies) != SQLITE_ROW)
    return sql_fail (db, "the companies of the metal", error);
  self->n_companies = (guint) sqlite3_column_int64 (companies, 0);

  return TRUE;
}

HeeyuMetalDetail *
heeyu_metal_detail_load (sqlite3     *db,
                         const char  *metal,
                         GError     **error)
{
  HeeyuMetalDetail *self;
  g_autoptr(GPtrArray) imports = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (metal != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_atomic_rc_box_new0 (HeeyuMetalDetail);
  self->metal = g_strdup (metal);
  self->production = g_ptr_array_new_with_free_func (breakdown_free);
  self->events = g_ptr_array_new_with_free_func (event_free);
  imports = g_ptr_array_new_with_free_func (breakdown_free);

  if (!load_series (db, metal, "price", FALSE, &self->price_annual, error)
      || !load_series (db, metal, "price", TRUE, &self->price_fine, error)
      || !load_series (db, metal, "stockpile_days", FALSE, &self->stockpile_days, error)
      || !load_breakdowns (db, metal, "production", self->production, error)
      || !load_breakdowns (db, metal, "import_value", imports, error)
      || !load_events (db, metal, self->events, error)
      || !load_metal_facts (db, self, error))
    {
      heeyu_metal_detail_unref (self);
      return NULL;
    }

  g_ptr_array_sort (self->production, compare_stages);
  if (imports->len > 0)
    self->imports = g_ptr_array_steal_index (imports, 0);

  return self;
}
