/* heeyu-index-load.c: the inputs of the index, read from the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The series are read as yearly cells: per year and (country, stage,
 * unit), the sum and count of the annual rows and of the finer (monthly,
 * daily) rows, and the last finer value.  Every reader below works on those
 * cells alone.  The cells are computed once, when observations change, into
 * the table observation_yearly (migration 4), so scoring reads a few
 * thousand rows however long the daily series are; the same scan computes
 * them there and, for tests and for an older schema, straight from the rows
 * here, so both ways give the same figures to the last bit.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "heeyu-index-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Owned storage behind one metal's HeeyuIndexInputs. */
typedef struct
{
  HeeyuIndexInputs  in;
  GStringChunk     *strings;
  GArray           *production;      /* HeeyuIndexAmount */
  GArray           *import_value;    /* HeeyuIndexAmount */
  GArray           *import_volume;   /* HeeyuIndexPoint */
  GArray           *price;           /* HeeyuIndexPoint */
  GArray           *stockpile_days;  /* HeeyuIndexPoint */
  GArray           *recycling_rate;  /* HeeyuIndexPoint */
  GArray           *events;          /* HeeyuIndexEvent */
  char            **uses;
} MetalInputs;

static MetalInputs *
metal_inputs_new (GStringChunk *strings)
{
  MetalInputs *mi = g_new0 (MetalInputs, 1);

  mi->strings = strings;
  mi->production = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexAmount));
  mi->import_value = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexAmount));
  mi->import_volume = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexPoint));
  mi->price = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexPoint));
  mi->stockpile_days = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexPoint));
  mi->recycling_rate = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexPoint));
  mi->events = g_array_new (FALSE, FALSE, sizeof (HeeyuIndexEvent));
  return mi;
}

static void
metal_inputs_free (MetalInputs *mi)
{
  g_array_unref (mi->production);
  g_array_unref (mi->import_value);
  g_array_unref (mi->import_volume);
  g_array_unref (mi->price);
  g_array_unref (mi->stockpile_days);
  g_array_unref (mi->recycling_rate);
  g_array_unref (mi->events);
  g_strfreev (mi->uses);
  g_free (mi);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MetalInputs, metal_inputs_free)

static const char *
intern_in (GStringChunk *strings,
           const guchar *text)
{
  return text ? g_string_chunk_insert_const (strings, (const char *) text) : NULL;
}

static const char *
intern (MetalInputs   *mi,
        const guchar  *text)
{
  return intern_in (mi->strings, text);
}

static gboolean
sql_fail (sqlite3     *db,
          const char  *what,
          GError     **error)
{
  g_set_error (error, HEEYU_INDEX_ERROR, HEEYU_INDEX_ERROR_SQL,
               "Could not read %s for the stability index: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         const char  *what,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_fail (db, what, error);
      return NULL;
    }
  return stmt;
}

static int
period_year (const guchar *period)
{
  if (period == NULL || !g_ascii_isdigit (period[0]) || !g_ascii_isdigit (period[1]) ||
      !g_ascii_isdigit (period[2]) || !g_ascii_isdigit (period[3]))
    return 0;
  return (period[0] - '0') * 1000 + (period[1] - '0') * 100 +
         (period[2] - '0') * 10 + (period[3] - '0');
}

/* The statements of one load, prepared once and run per metal. */
typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *rows;
  sqlite3_stmt *latest_period;
  /* NULL when reading from the rows. */
  sqlite3_stmt *rollup;
  sqlite3_stmt *dirty;
} Statements;

static void
statements_clear (Statements *s)
{
  g_clear_pointer (&s->rows, sqlite3_finalize);
  g_clear_pointer (&s->latest_period, sqlite3_finalize);
  g_clear_pointer (&s->rollup, sqlite3_finalize);
  g_clear_pointer (&s->dirty, sqlite3_finalize);
}

static gboolean
statements_prepare (Statements  *s,
                    sqlite3     *db,
                    gboolean     use_rollup,
                    GError     **error)
{
  s->db = db;
  /* Along the observation_series index (metal, indicator, period): a
   * year's rows come together, in period order and then in rowid order,
   * whether the range is one year (the roll-up) or many (a load). */
  s->rows = prepare (db,
    "SELECT period, country, stage, unit, value FROM observation"
    " WHERE metal = ?1 AND indicator = ?2 AND period >= ?3 AND period < ?4"
    " ORDER BY period", "observations", error);
  if (s->rows == NULL)
    return FALSE;
  s->latest_period = prepare (db,
    "SELECT max(period) FROM observation WHERE metal = ?1 AND indicator = ?2",
    "observations", error);
  if (s->latest_period == NULL)
    return FALSE;

  /* A cache of an older schema has no roll-up: read the rows. */
  if (use_rollup &&
      sqlite3_prepare_v2 (db,
        "SELECT year, country, stage, unit, annual_sum, annual_n, finer_sum, finer_n, finer_last"
        " FROM observation_yearly WHERE metal = ?1 AND indicator = ?2 AND year >= ?3"
        " ORDER BY year, ord", -1, &s->rollup, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db,
        "SELECT 1 FROM observation_yearly_dirty WHERE metal = ?1 AND indicator = ?2 LIMIT 1",
        -1, &s->dirty, NULL) == SQLITE_OK)
    return TRUE;
  g_clear_pointer (&s->rollup, sqlite3_finalize);
  g_clear_pointer (&s->dirty, sqlite3_finalize);
  return TRUE;
}

/* One year of one (country, stage, unit) of a series: its annual rows and
 * its finer (monthly, daily) rows kept apart, so that an annual figure wins
 * and finer ones stand in only when there is none. */
typedef struct
{
  int         year;
  const char *country;   /* interned, or NULL */
  const char *stage;
  const char *unit;
  double      annual_sum;
  guint       annual_n;
  double      finer_sum;
  guint       finer_n;
  double      finer_last;
} Cell;

static gboolean
cell_matches (const Cell   *cell,
              const guchar *country,
              const guchar *stage,
              const guchar *unit)
{
  return g_strcmp0 (cell->country, (const char *) country) == 0 &&
         g_strcmp0 (cell->stage, (const char *) stage) == 0 &&
         g_strcmp0 (cell->unit, (const char *) unit) == 0;
}

/* The rows of (@metal, @indicator) from @from_year to @to_year, as yearly
 * cells, appended to @cells year by year; within a year, in the order each
 * (country, stage, unit) first appears. */
static gboolean
scan_cells (Statements   *s,
            GStringChunk *strings,
            const char   *metal,
            const char   *indicator,
            int           from_year,
            int           to_year,
            GArray       *cells,
            GError      **error)
{
  sqlite3_stmt *stmt = s->rows;
  char from[8], to[8];
  guint year_start = 0, hint = 0;
  int year = 0;
  int rc;

  /* Every period of year Y sorts from "Y" to below "Y~" ('~' sorts after
   * '-' and the digits). */
  g_snprintf (from, sizeof from, "%04d", CLAMP (from_year, 0, 9999));
  g_snprintf (to, sizeof to, "%04d~", CLAMP (to_year, 0, 9999));
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, metal, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, indicator, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, to, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guchar *period = sqlite3_column_text (stmt, 0);
      const guchar *country = sqlite3_column_text (stmt, 1);
      const guchar *stage = sqlite3_column_text (stmt, 2);
      const guchar *unit = sqlite3_column_text (stmt, 3);
      int y = period_year (period);
      gboolean annual;
      double value;
      Cell *cell = NULL;

      if (y == 0 || sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        continue;
      value = sqlite3_column_double (stmt, 4);
      annual = period[4] == '\0';
      if (y != year)
        {
          year = y;
          year_start = hint = cells->len;
        }

      /* Each period of a year lists the same countries in the same order,
       * so the cell after the last one used is nearly always the one. */
      if (hint < cells->len && cell_matches (&g_array_index (cells, Cell, hint),
                                             country, stage, unit))
        cell = &g_array_index (cells, Cell, hint);
      for (guint i = year_start; cell == NULL && i < cells->len; i++)
        if (cell_matches (&g_array_index (cells, Cell, i), country, stage, unit))
          {
            cell = &g_array_index (cells, Cell, i);
            hint = i;
          }
      if (cell == NULL)
        {
          Cell fresh = { 0 };

          fresh.year = y;
          fresh.country = intern_in (strings, country);
          fresh.stage = intern_in (strings, stage);
          fresh.unit = intern_in (strings, unit);
          g_array_append_val (cells, fresh);
          hint = cells->len - 1;
          cell = &g_array_index (cells, Cell, hint);
        }
      hint++;

      if (annual)
        {
          cell->annual_sum += value;
          cell->annual_n++;
        }
      else
        {
          cell->finer_sum += value;
          cell->finer_n++;
          cell->finer_last = value;
        }
    }
  if (rc != SQLITE_DONE)
    return sql_fail (s->db, indicator, error);
  return TRUE;
}

/* The cells of (@metal, @indicator) from @from_year on, from the roll-up. */
static gboolean
read_rollup (Statements   *s,
             GStringChunk *strings,
             const char   *metal,
             const char   *indicator,
             int           from_year,
             GArray       *cells,
             GError      **error)
{
  sqlite3_stmt *stmt = s->rollup;
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, metal, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, indicator, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, MAX (from_year, 0));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Cell cell;

      cell.year = sqlite3_column_int (stmt, 0);
      cell.country = intern_in (strings, sqlite3_column_text (stmt, 1));
      cell.stage = intern_in (strings, sqlite3_column_text (stmt, 2));
      cell.unit = intern_in (strings, sqlite3_column_text (stmt, 3));
      cell.annual_sum = sqlite3_column_double (stmt, 4);
      cell.annual_n = sqlite3_column_int (stmt, 5);
      cell.finer_sum = sqlite3_column_double (stmt, 6);
      cell.finer_n = sqlite3_column_int (stmt, 7);
      cell.finer_last = sqlite3_column_double (stmt, 8);
      g_array_append_val (cells, cell);
    }
  if (rc != SQLITE_DONE)
    return sql_fail (s->db, indicator, error);
  return TRUE;
}

/* Whether some rows of (@metal, @indicator) changed since the roll-up was
 * last brought up to date (a writer other than ingest). */
static gboolean
rollup_is_stale (Statements *s,
                 const char *metal,
                 const char *indicator)
{
  gboolean stale;

  sqlite3_reset (s->dirty);
  sqlite3_bind_text (s->dirty, 1, metal, -1, SQLITE_STATIC);
  sqlite3_bind_text (s->dirty, 2, indicator, -1, SQLITE_STATIC);
  stale = sqlite3_step (s->dirty) != SQLITE_DONE;
  sqlite3_reset (s->dirty);
  return stale;
}

typedef struct
{
  char *metal;
  char *indicator;
  int   year;
} DirtyYear;

static void
dirty_year_clear (gpointer data)
{
  DirtyYear *d = data;

  g_free (d->metal);
  g_free (d->indicator);
}

gboolean
heeyu_index_rollup_refresh (sqlite3  *db,
                            GError  **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) ins = NULL;
  g_autoptr(GArray) dirty = NULL;
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  GStringChunk *strings = NULL;
  Statements s = { 0 };
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);

  list = prepare (db, "SELECT metal, indicator, year FROM observation_yearly_dirty",
                  "the changed observations", error);
  if (list == NULL)
    return FALSE;
  dirty = g_array_new (FALSE, FALSE, sizeof (DirtyYear));
  g_array_set_clear_func (dirty, dirty_year_clear);
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      DirtyYear d;

      d.metal = g_strdup ((const char *) sqlite3_column_text (list, 0));
      d.indicator = g_strdup ((const char *) sqlite3_column_text (list, 1));
      d.year = sqlite3_column_int (list, 2);
      g_array_append_val (dirty, d);
    }
  if (rc != SQLITE_DONE)
    return sql_fail (db, "the changed observations", error);
  if (dirty->len == 0)
    return TRUE;

  if (!statements_prepare (&s, db, FALSE, error) ||
      !(del = prepare (db,
                       "DELETE FROM observation_yearly"
                       " WHERE metal = ?1 AND indicator = ?2 AND year = ?3",
                       "the yearly roll-up", error)) ||
      !(ins = prepare (db,
                       "INSERT INTO observation_yearly (metal, indicator, year, ord, country,"
                       "  stage, unit, annual_sum, annual_n, finer_sum, finer_n, finer_last)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                       "the yearly roll-up", error)))
    goto out;

  strings = g_string_chunk_new (4096);
  for (guint i = 0; i < dirty->len; i++)
    {
      const DirtyYear *d = &g_array_index (dirty, DirtyYear, i);

      g_array_set_size (cells, 0);
      if (!scan_cells (&s, strings, d->metal, d->indicator, d->year, d->year, cells, error))
        goto out;

      sqlite3_bind_text (del, 1, d->metal, -1, SQLITE_STATIC);
      sqlite3_bind_text (del, 2, d->indicator, -1, SQLITE_STATIC);
      sqlite3_bind_int (del, 3, d->year);
      rc = sqlite3_step (del);
      sqlite3_reset (del);
      if (rc != SQLITE_DONE)
        {
          sql_fail (db, "the yearly roll-up", error);
          goto out;
        }

      for (guint k = 0; k < cells->len; k++)
        {
          const Cell *cell = &g_array_index (cells, Cell, k);

          sqlite3_bind_text (ins, 1, d->metal, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins, 2, d->indicator, -1, SQLITE_STATIC);
          sqlite3_bind_int (ins, 3, cell->year);
          sqlite3_bind_int (ins, 4, k);
          sqlite3_bind_text (ins, 5, cell->country, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins, 6, cell->stage, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins, 7, cell->unit, -1, SQLITE_STATIC);
          sqlite3_bind_double (ins, 8, cell->annual_sum);
          sqlite3_bind_int64 (ins, 9, cell->annual_n);
          sqlite3_bind_double (ins, 10, cell->finer_sum);
          sqlite3_bind_int64 (ins, 11, cell->finer_n);
          sqlite3_bind_double (ins, 12, cell->finer_last);
          rc = sqlite3_step (ins);
          sqlite3_reset (ins);
          if (rc != SQLITE_DONE)
            {
              sql_fail (db, "the yearly roll-up", error);
              goto out;
            }
        }
    }

  if (sqlite3_exec (db, "DELETE FROM observation_yearly_dirty", NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_fail (db, "the changed observations", error);
      goto out;
    }
  ok = TRUE;

out:
  statements_clear (&s);
  if (strings)
    g_string_chunk_free (strings);
  return ok;
}

/* Money in USD whatever its scale ("USD thousand" in the sample); other
 * units are taken as they are. */
static double
usd_factor (const char *unit)
{
  if (g_strcmp0 (unit, "USD thousand") == 0)
    return 1e3;
  if (g_strcmp0 (unit, "USD million") == 0)
    return 1e6;
  if (g_strcmp0 (unit, "USD billion") == 0)
    return 1e9;
  return 1;
}

static double
cell_amount (const Cell *cell)
{
  return cell->annual_n > 0 ? cell->annual_sum : cell->finer_sum;
}

static double
cell_mean (const Cell *cell)
{
  return cell->annual_n > 0 ? cell->annual_sum / cell->annual_n
                            : cell->finer_sum / MAX (cell->finer_n, 1);
}

static double
cell_level (const Cell *cell)
{
  return cell->annual_n > 0 ? cell->annual_sum / cell->annual_n : cell->finer_last;
}

typedef struct
{
  Statements *s;
  MetalInputs *mi;
  const char *metal;
  int window;       /* years read back from a series' latest year */
  GDate *latest;    /* the latest period end of the whole dataset */
} Reader;

static gboolean
read_cells (Reader      *r,
            const char  *indicator,
            GArray      *cells,
            GError     **error)
{
  sqlite3_stmt *stmt = r->s->latest_period;
  const char *latest;
  int from_year;
  GDate end;
  int rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, r->metal, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, indicator, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sql_fail (r->s->db, indicator, error);
  latest = (const char *) sqlite3_column_text (stmt, 0);
  if (latest == NULL)
    return TRUE;
  if (heeyu_index_period_end (latest, &end) &&
      (!g_date_valid (r->latest) || g_date_compare (&end, r->latest) > 0))
    *r->latest = end;
  from_year = period_year ((const guchar *) latest) - r->window;
  if (r->s->rollup != NULL && !rollup_is_stale (r->s, r->metal, indicator))
    return read_rollup (r->s, r->mi->strings, r->metal, indicator, from_year, cells, error);
  return scan_cells (r->s, r->mi->strings, r->metal, indicator, from_year, 9999, cells, error);
}

/* Amounts by country: production (with stage) or import value (in USD). */
static gboolean
read_amounts (Reader      *r,
              const char  *indicator,
              GArray      *into,
              GError     **error)
{
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  gboolean money = g_strcmp0 (indicator, "import_value") == 0;

  if (!read_cells (r, indicator, cells, error))
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);
      HeeyuIndexAmount a;

      /* A row without a country has no place in a market share. */
      if (cell->country == NULL)
        continue;
      a.year = cell->year;
      a.country = cell->country;
      a.stage = money ? NULL : cell->stage;
      a.value = cell_amount (cell) * (money ? usd_factor (cell->unit) : 1);
      g_array_append_val (into, a);
    }
  return TRUE;
}

/* Korea's yearly import volume: the WORLD row (or a row without a country),
 * else the sum over countries. */
static gboolean
read_import_volume (Reader  *r,
                    GError **error)
{
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  GArray *into = r->mi->import_volume;
  int year = 0;
  double sum = 0, world = -1;

  if (!read_cells (r, "import_volume", cells, error))
    return FALSE;
  /* Cells come year by year. */
  for (guint i = 0; i <= cells->len; i++)
    {
      const Cell *cell = i < cells->len ? &g_array_index (cells, Cell, i) : NULL;

      if (year != 0 && (cell == NULL || cell->year != year))
        {
          HeeyuIndexPoint p = { year, world > 0 ? world : sum };

          g_array_append_val (into, p);
          sum = 0;
          world = -1;
        }
      if (cell == NULL)
        break;
      year = cell->year;
      if (cell->country == NULL || strcmp (cell->country, "WORLD") == 0)
        world = MAX (world, 0) + cell_amount (cell);
      else
        sum += cell_amount (cell);
    }
  return TRUE;
}

/* One price series per metal: the unit of the latest year (a metal may
 * carry several quotations); annual means of finer prices where a year has
 * no annual price. */
static gboolean
read_prices (Reader  *r,
             GError **error)
{
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  const char *unit = NULL;
  int latest = 0;

  if (!read_cells (r, "price", cells, error))
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);

      if (cell->year > latest || (cell->year == latest && g_strcmp0 (cell->unit, unit) < 0))
        {
          latest = cell->year;
          unit = cell->unit;
        }
    }
  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);
      HeeyuIndexPoint p = { cell->year, cell_mean (cell) };
      GArray *into = r->mi->price;

      if (g_strcmp0 (cell->unit, unit) != 0 || !(p.value > 0))
        continue;
      /* Several countries' quotations of one year: their mean. */
      if (into->len > 0 && g_array_index (into, HeeyuIndexPoint, into->len - 1).year == p.year)
        {
          HeeyuIndexPoint *last = &g_array_index (into, HeeyuIndexPoint, into->len - 1);

          last->value = (last->value + p.value) / 2;
        }
      else
        g_array_append_val (into, p);
    }
  r->mi->in.price_unit = unit;
  return TRUE;
}

/* A level per year (stockpile days, recycling rate): the annual figure, else
 * the latest of the year. */
static gboolean
read_levels (Reader      *r,
             const char  *indicator,
             gboolean     percent_to_fraction,
             GArray      *into,
             GError     **error)
{
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (Cell));

  if (!read_cells (r, indicator, cells, error))
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);
      HeeyuIndexPoint p = { cell->year, cell_level (cell) };

      /* Rates come as percent ("%") or as a fraction. */
      if (percent_to_fraction &&
          ((cell->unit != NULL && strchr (cell->unit, '%') != NULL) || p.value > 1))
        p.value /= 100;
      if (into->len > 0 && g_array_index (into, HeeyuIndexPoint, into->len - 1).year == p.year)
        continue;
      g_array_append_val (into, p);
    }
  return TRUE;
}

HeeyuMethodology *
heeyu_index_load_methodology (sqlite3  *db,
                              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  stmt = prepare (db, "SELECT data FROM methodology WHERE id = 'stability-index'",
                  "the methodology record", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return heeyu_methodology_new_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                              error);
  if (rc != SQLITE_DONE)
    {
      sql_fail (db, "the methodology record", error);
      return NULL;
    }
  return heeyu_methodology_new_default ();
}

/* Events, by metal: metal code -> GPtrArray of HeeyuIndexEvent*. */
static gboolean
load_events (sqlite3       *db,
             GStringChunk  *strings,
             GHashTable    *by_metal,
             GPtrArray     *owned,
             GDate         *latest,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int rc;

  stmt = prepare (db, "SELECT id, date, end_date, kind, data FROM event ORDER BY date",
                  "events", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HeeyuIndexEvent *e;
      JsonObject *data;
      JsonArray *metals;
      GDate date;

      /* A record the parser rejects was not accepted by ingest either;
       * skip it rather than lose every index. */
      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 4),
                                       -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      data = json_node_get_object (json_parser_get_root (parser));
      if (!json_object_has_member (data, "metals") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (data, "metals")))
        continue;

      e = g_new0 (HeeyuIndexEvent, 1);
      g_ptr_array_add (owned, e);
      e->id = g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 0));
      e->date = g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 1));
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        e->end_date = g_string_chunk_insert_const (strings,
                                                   (const char *) sqlite3_column_text (stmt, 2));
      e->kind = g_string_chunk_insert_const (strings, (const char *) sqlite3_column_text (stmt, 3));
      if (json_object_has_member (data, "title_en"))
        e->title_en = g_string_chunk_insert_const (strings,
          json_object_get_string_member_with_default (data, "title_en", ""));
      if (json_object_has_member (data, "title_ko"))
        e->title_ko = g_string_chunk_insert_const (strings,
          json_object_get_string_member_with_default (data, "title_ko", ""));

      if (heeyu_index_period_end (e->date, &date) &&
          (!g_date_valid (latest) || g_date_compare (&date, latest) > 0))
        *latest = date;

      metals = json_object_get_array_member (data, "metals");
      for (guint i = 0; i < json_array_get_length (metals); i++)
        {
          const char *metal = json_array_get_string_element (metals, i);
          GPtrArray *list;

          if (metal == NULL)
            continue;
          list = g_hash_table_lookup (by_metal, metal);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (by_metal, g_strdup (metal), list);
            }
          g_ptr_array_add (list, e);
        }
    }
  if (rc != SQLITE_DONE)
    return sql_fail (db, "events", error);
  return TRUE;
}

static void
read_metal_data (MetalInputs *mi,
                 JsonParser  *parser,
                 const char  *data_json)
{
  JsonObject *data;
  JsonNode *node;

  if (data_json == NULL ||
      !json_parser_load_from_data (parser, data_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  data = json_node_get_object (json_parser_get_root (parser));

  node = json_object_get_member (data, "uses");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *uses = json_node_get_array (node);
      GPtrArray *strv = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (uses); i++)
        {
          const char *use = json_array_get_string_element (uses, i);

          if (use != NULL)
            g_ptr_array_add (strv, g_strdup (use));
        }
      g_ptr_array_add (strv, NULL);
      mi->uses = (char **) g_ptr_array_free (strv, FALSE);
    }

  node = json_object_get_member (data, "stockpile_target_days");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 ||
       json_node_get_value_type (node) == G_TYPE_DOUBLE))
    mi->in.stockpile_target_days = json_node_get_double (node);
}

static void
metal_inputs_finish (MetalInputs *mi)
{
  HeeyuIndexInputs *in = &mi->in;

  in->production = (const HeeyuIndexAmount *) (gpointer) mi->production->data;
  in->n_production = mi->production->len;
  in->import_value = (const HeeyuIndexAmount *) (gpointer) mi->import_value->data;
  in->n_import_value = mi->import_value->len;
  in->import_volume = (const HeeyuIndexPoint *) (gpointer) mi->import_volume->data;
  in->n_import_volume = mi->import_volume->len;
  in->price = (const HeeyuIndexPoint *) (gpointer) mi->price->data;
  in->n_price = mi->price->len;
  in->stockpile_days = (const HeeyuIndexPoint *) (gpointer) mi->stockpile_days->data;
  in->n_stockpile_days = mi->stockpile_days->len;
  in->recycling_rate = (const HeeyuIndexPoint *) (gpointer) mi->recycling_rate->data;
  in->n_recycling_rate = mi->recycling_rate->len;
  in->events = (const HeeyuIndexEvent *) (gpointer) mi->events->data;
  in->n_events = mi->events->len;
  in->uses = (const char * const *) mi->uses;
}

static char *
read_meta (sqlite3    *db,
           const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return NULL;
}

static void
free_event_list (gpointer data)
{
  g_ptr_array_unref (data);
}

struct _HeeyuIndexData
{
  GStringChunk     *strings;
  GPtrArray        *metals;       /* MetalInputs */
  GPtrArray        *events;       /* HeeyuIndexEvent, owned */
  char             *as_of;
  HeeyuMethodology *methodology;  /* the cache's record */
};

void
heeyu_index_data_free (HeeyuIndexData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->metals, g_ptr_array_unref);
  g_clear_pointer (&data->events, g_ptr_array_unref);
  g_clear_pointer (&data->strings, g_string_chunk_free);
  g_free (data->as_of);
  heeyu_methodology_free (data->methodology);
  g_free (data);
}

static char *
read_as_of (sqlite3     *db,
            const GDate *latest)
{
  g_autofree char *meta = read_meta (db, "data_as_of");
  char *as_of = NULL;

  /* The date the data stands at: the cache's own, else the latest period
   * or event date of the whole dataset, so every metal is judged on the
   * same day. */
  if (meta != NULL)
    as_of = heeyu_index_period_end_string (meta);
  /* A timestamp ("2025-05-01T00:00:00Z") stands for its day. */
  if (as_of == NULL && meta != NULL && strlen (meta) >= 10)
    {
      g_autofree char *day = g_strndup (meta, 10);

      as_of = heeyu_index_period_end_string (day);
    }
  if (as_of == NULL && g_date_valid (latest))
    as_of = heeyu_index_date_string (latest);
  return as_of;
}

static HeeyuIndexData *
load (sqlite3   *db,
      gboolean   use_rollup,
      GError   **error)
{
  g_autoptr(HeeyuIndexData) data = g_new0 (HeeyuIndexData, 1);
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(sqlite3_stmt) metal_stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Statements s = { 0 };
  Reader reader = { 0 };
  gboolean ok = FALSE;
  GDate latest;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  data->methodology = heeyu_index_load_methodology (db, error);
  if (data->methodology == NULL)
    return NULL;
  data->strings = g_string_chunk_new (4096);
  data->metals = g_ptr_array_new_with_free_func ((GDestroyNotify) metal_inputs_free);
  data->events = g_ptr_array_new_with_free_func (g_free);
  events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_event_list);
  g_date_clear (&latest, 1);

  /* Read everything in one snapshot (a savepoint also nests inside a
   * caller's transaction). */
  if (sqlite3_exec (db, "SAVEPOINT heeyu_index", NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_fail (db, "the cache", error);
      return NULL;
    }

  if (!load_events (db, data->strings, events, data->events, &latest, error) ||
      !statements_prepare (&s, db, use_rollup, error))
    goto out;

  reader.s = &s;
  reader.latest = &latest;
  /* The history's years, plus the years before them that price pressure
   * and import growth compare with. */
  reader.window = (int) (data->methodology->history_years +
                         MAX (data->methodology->price_window_years, 1));

  metal_stmt = prepare (db,
                        "SELECT id, name_en, name_ko, data FROM metal"
                        " ORDER BY ord IS NULL, ord, rowid", "metals", error);
  if (metal_stmt == NULL)
    goto out;

  while ((rc = sqlite3_step (metal_stmt)) == SQLITE_ROW)
    {
      g_autoptr(MetalInputs) mi = metal_inputs_new (data->strings);
      const char *code = intern (mi, sqlite3_column_text (metal_stmt, 0));
      GPtrArray *metal_events;

      mi->in.metal = code;
      mi->in.name_en = intern (mi, sqlite3_column_text (metal_stmt, 1));
      mi->in.name_ko = intern (mi, sqlite3_column_text (metal_stmt, 2));
      read_metal_data (mi, parser, (const char *) sqlite3_column_text (metal_stmt, 3));

      reader.mi = mi;
      reader.metal = code;
      if (!read_amounts (&reader, "production", mi->production, error) ||
          !read_amounts (&reader, "import_value", mi->import_value, error) ||
          !read_import_volume (&reader, error) ||
          !read_prices (&reader, error) ||
          !read_levels (&reader, "stockpile_days", FALSE, mi->stockpile_days, error) ||
          !read_levels (&reader, "recycling_rate", TRUE, mi->recycling_rate, error))
        goto out;

      metal_events = g_hash_table_lookup (events, code);
      for (guint i = 0; metal_events != NULL && i < metal_events->len; i++)
        g_array_append_val (mi->events,
                            *(HeeyuIndexEvent *) g_ptr_array_index (metal_events, i));

      g_ptr_array_add (data->metals, g_steal_pointer (&mi));
    }
  if (rc != SQLITE_DONE)
    {
      sql_fail (db, "metals", error);
      goto out;
    }

  data->as_of = read_as_of (db, &latest);
  for (guint i = 0; i < data->metals->len; i++)
    {
      MetalInputs *mi = g_ptr_array_index (data->metals, i);

      mi->in.as_of = data->as_of;
      metal_inputs_finish (mi);
    }
  ok = TRUE;

out:
  statements_clear (&s);
  if (!ok)
    sqlite3_exec (db, "ROLLBACK TO heeyu_index", NULL, NULL, NULL);
  sqlite3_exec (db, "RELEASE heeyu_index", NULL, NULL, NULL);
  return ok ? g_steal_pointer (&data) : NULL;
}

HeeyuIndexData *
heeyu_index_data_load (sqlite3  *db,
                       GError  **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  return load (db, TRUE, error);
}

HeeyuIndexData *
heeyu_index_data_load_from_rows (sqlite3  *db,
                                 GError  **error)
{
  g_return_val_if_fail (db != NULL, NULL);
  return load (db, FALSE, error);
}

const HeeyuMethodology *
heeyu_index_data_get_methodology (HeeyuIndexData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->methodology;
}

guint
heeyu_index_data_get_n_metals (HeeyuIndexData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->metals->len;
}

const HeeyuIndexInputs *
heeyu_index_data_get_inputs (HeeyuIndexData *data,
                             guint           i)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (i < data->metals->len, NULL);
  return &((MetalInputs *) g_ptr_array_index (data->metals, i))->in;
}

GPtrArray *
heeyu_index_data_score (HeeyuIndexData         *data,
                        const HeeyuMethodology *methodology)
{
  GPtrArray *results;

  g_return_val_if_fail (data != NULL, NULL);

  if (methodology == NULL)
    methodology = data->methodology;
  results = g_ptr_array_new_full (data->metals->len, (GDestroyNotify) heeyu_index_result_free);
  for (guint i = 0; i < data->metals->len; i++)
    {
      MetalInputs *mi = g_ptr_array_index (data->metals, i);

      g_ptr_array_add (results, heeyu_index_compute (&mi->in, methodology));
    }
  return results;
}

GPtrArray *
heeyu_index_compute_all_with (sqlite3                *db,
                              const HeeyuMethodology *methodology,
                              GError                **error)
{
  g_autoptr(HeeyuIndexData) data = NULL;

  g_return_val_if_fail (db != NULL, NULL);

  data = heeyu_index_data_load (db, error);
  if (data == NULL)
    return NULL;
  return heeyu_index_data_score (data, methodology);
}

GPtrArray *
heeyu_index_compute_all (sqlite3  *db,
                         GError  **error)
{
  return heeyu_index_compute_all_with (db, NULL, error);
}
