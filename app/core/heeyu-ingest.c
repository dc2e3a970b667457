/* heeyu-ingest.c: the one path by which records enter the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dataset is applied whole or not at all: one write transaction, rolled
 * back at the first bad line, so a user never sees half an import.  The
 * statements are prepared once per import and reused for every line; parsing
 * JSON, not SQLite, bounds the speed (BENCHMARKS.md).
 */
#include "config.h"

#include <string.h>

#include "heeyu-cache-private.h"
#include "heeyu-index-private.h"
#include "heeyu-ingest.h"
#include "heeyu-search-private.h"

G_DEFINE_QUARK (heeyu-ingest-error-quark, heeyu_ingest_error)

typedef enum
{
  KIND_METAL,
  KIND_OBSERVATION,
  KIND_COMPANY,
  KIND_NOTE,
  KIND_EVENT,
  KIND_METHODOLOGY,
  N_KINDS
} Kind;

static const char * const kind_names[N_KINDS] = {
  "metal", "observation", "company", "note", "event", "methodology"
};

/* Each upsert writes only when the incoming rev is newer; sqlite3_changes()
 * tells whether it did, and for companies RETURNING gives the rowid that
 * their links and search rows hang on (RETURNING fills a temporary table
 * per statement: its reset alone was 15 % of writing an observation).  ?1 id, ?2 rev, ?3 updated_at, ?4 updated_by, ?5
 * data; the typed columns follow. */
static const char * const upsert_sql[N_KINDS] = {
  [KIND_METAL] =
    "INSERT INTO metal (id, rev, updated_at, updated_by, data, name_en, name_ko, grp, lists, ord) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, updated_at = excluded.updated_at, "
    "  updated_by = excluded.updated_by, data = excluded.data, name_en = excluded.name_en, "
    "  name_ko = excluded.name_ko, grp = excluded.grp, lists = excluded.lists, ord = excluded.ord "
    "WHERE excluded.rev > metal.rev",
  [KIND_OBSERVATION] =
    "INSERT INTO observation (id, rev, updated_at, updated_by, data, metal, indicator, period, "
    "  country, stage, value, unit, source, estimated, synthetic) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, updated_at = excluded.updated_at, "
    "  updated_by = excluded.updated_by, data = excluded.data, metal = excluded.metal, "
    "  indicator = excluded.indicator, period = excluded.period, country = excluded.country, "
    "  stage = excluded.stage, value = excluded.value, unit = excluded.unit, "
    "  source = excluded.source, estimated = excluded.estimated, synthetic = excluded.synthetic "
    "WHERE excluded.rev > observation.rev",
  [KIND_COMPANY] =
    "INSERT INTO company (id, rev, updated_at, updated_by, data, name_ko, name_en, reg_no, "
    "  reg_digits, region, city, complex, employees, founded, specialized, products, sort_key) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
    "ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, updated_at = excluded.updated_at, "
    "  updated_by = excluded.updated_by, data = excluded.data, name_ko = excluded.name_ko, "
    "  name_en = excluded.name_en, reg_no = excluded.reg_no, reg_digits = excluded.reg_digits, "
    "  region = excluded.region, city = excluded.city, complex = excluded.complex, "
    "  employees = excluded.employees, founded = excluded.founded, "
    "  specialized = excluded.specialized, products = excluded.products, "
    "  sort_key = excluded.sort_key "
    "WHERE excluded.rev > company.rev "
    "RETURNING rowid",
  [KIND_NOTE] =
    "INSERT INTO note (id, rev, updated_at, updated_by, data, target_kind, target_id, status, author) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, updated_at = excluded.updated_at, "
    "  updated_by = excluded.updated_by, data = excluded.data, "
    "  target_kind = excluded.target_kind, target_id = excluded.target_id, "
    "  status = excluded.status, author = excluded.author "
    "WHERE excluded.rev > note.rev",
  [KIND_EVENT] =
    "INSERT INTO event (id, rev, updated_at, updated_by, data, date, end_date, kind, country) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, updated_at = excluded.updated_at, "
    "  updated_by = excluded.updated_by, data = excluded.data, date = excluded.date, "
    "  end_date = excluded.end_date, kind = excluded.kind, country = excluded.country "
    "WHERE excluded.rev > event.rev",
  [KIND_METHODOLOGY] =
    "INSERT INTO methodology (id, rev, updated_at, updated_by, data, version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, updated_at = excluded.updated_at, "
    "  updated_by = excluded.updated_by, data = excluded.data, version = excluded.version "
    "WHERE excluded.rev > methodology.rev",
};

/* A tombstone removes the record when it is at least as new as it. */
static const char * const delete_sql[N_KINDS] = {
  [KIND_METAL] = "DELETE FROM metal WHERE id = ?1 AND rev <= ?2",
  [KIND_OBSERVATION] = "DELETE FROM observation WHERE id = ?1 AND rev <= ?2",
  [KIND_COMPANY] = "DELETE FROM company WHERE id = ?1 AND rev <= ?2",
  [KIND_NOTE] = "DELETE FROM note WHERE id = ?1 AND rev <= ?2",
  [KIND_EVENT] = "DELETE FROM event WHERE id = ?1 AND rev <= ?2",
  [KIND_METHODOLOGY] = "DELETE FROM methodology WHERE id = ?1 AND rev <= ?2",
};

struct _HeeyuIngestBatch
{
  sqlite3           *db;
  sqlite3_stmt      *upsert[N_KINDS];
  sqlite3_stmt      *delete[N_KINDS];
  sqlite3_stmt      *company_by_id;
  sqlite3_stmt      *del_metals;
  sqlite3_stmt      *add_metal;
  sqlite3_stmt      *del_stages;
  sqlite3_stmt      *add_stage;
  sqlite3_stmt      *data_of_line;
  sqlite3_stmt      *set_data_as_of;
  /* The trigram index, updated once at the end (migration 4); NULL on a
   * cache without the deferred triggers. */
  sqlite3_stmt      *fts_remove;
  sqlite3_stmt      *fts_add;
  JsonGenerator     *generator;
  HeeyuSearchWriter *search;
  /* For meta data_as_of: the latest observation period, else the latest
   * day a record was updated. */
  char              *latest_period;
  char              *latest_update;
};

static void
batch_free (HeeyuIngestBatch *batch)
{
  for (guint i = 0; i < N_KINDS; i++)
    {
      sqlite3_finalize (batch->upsert[i]);
      sqlite3_finalize (batch->delete[i]);
    }
  sqlite3_finalize (batch->company_by_id);
  sqlite3_finalize (batch->del_metals);
  sqlite3_finalize (batch->add_metal);
  sqlite3_finalize (batch->del_stages);
  sqlite3_finalize (batch->add_stage);
  sqlite3_finalize (batch->data_of_line);
  sqlite3_finalize (batch->set_data_as_of);
  sqlite3_finalize (batch->fts_remove);
  sqlite3_finalize (batch->fts_add);
  g_clear_object (&batch->generator);
  g_clear_pointer (&batch->search, heeyu_search_writer_free);
  g_free (batch->latest_period);
  g_free (batch->latest_update);
  g_free (batch);
}

HeeyuIngestBatch *
heeyu_ingest_batch_begin (sqlite3  *db,
                          GError  **error)
{
  HeeyuIngestBatch *batch;
  sqlite3 *d = db;

  g_return_val_if_fail (db != NULL, NULL);

  batch = g_new0 (HeeyuIngestBatch, 1);
  batch->db = db;
  batch->generator = json_generator_new ();

  for (guint i = 0; i < N_KINDS; i++)
    if (!(batch->upsert[i] = heeyu_sql_prepare (d, upsert_sql[i], error)) ||
        !(batch->delete[i] = heeyu_sql_prepare (d, delete_sql[i], error)))
      goto fail;

  if (!(batch->company_by_id = heeyu_sql_prepare (d, "SELECT rowid, rev FROM company WHERE id = ?1", error)) ||
      !(batch->del_metals = heeyu_sql_prepare (d, "DELETE FROM company_metal WHERE company = ?1", error)) ||
      !(batch->add_metal = heeyu_sql_prepare (d, "INSERT OR IGNORE INTO company_metal (company, metal) VALUES (?1, ?2)", error)) ||
      !(batch->del_stages = heeyu_sql_prepare (d, "DELETE FROM company_stage WHERE company = ?1", error)) ||
      !(batch->add_stage = heeyu_sql_prepare (d, "INSERT OR IGNORE INTO company_stage (company, stage) VALUES (?1, ?2)", error)) ||
      !(batch->data_of_line = heeyu_sql_prepare (d, "SELECT json_extract (?1, '$.data')", error)) ||
      !(batch->set_data_as_of = heeyu_sql_prepare (d,
                                                   "INSERT INTO meta (key, value) VALUES ('data_as_of', ?1) "
                                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value "
                                                   "WHERE excluded.value > value OR value IS NULL",
                                                   error)) ||
      !(batch->search = heeyu_search_writer_new (d, error)))
    goto fail;

  /* In rowid order, so that FTS5 keeps all of them in memory and writes
   * one segment. */
  if (sqlite3_prepare_v3 (d,
                          "INSERT INTO company_fts (company_fts, rowid, text)"
                          " SELECT 'delete', rowid, old_text FROM company_search_pending"
                          " WHERE old_text IS NOT NULL ORDER BY rowid",
                          -1, SQLITE_PREPARE_PERSISTENT, &batch->fts_remove, NULL) != SQLITE_OK ||
      sqlite3_prepare_v3 (d,
                          "INSERT INTO company_fts (rowid, text)"
                          " SELECT s.rowid, s.text FROM company_search_pending AS p"
                          " JOIN company_search AS s ON s.rowid = p.rowid ORDER BY p.rowid",
                          -1, SQLITE_PREPARE_PERSISTENT, &batch->fts_add, NULL) != SQLITE_OK)
    {
      g_clear_pointer (&batch->fts_remove, sqlite3_finalize);
      g_clear_pointer (&batch->fts_add, sqlite3_finalize);
    }

  if (!heeyu_sql_exec (db, "BEGIN IMMEDIATE", error))
    {
      g_prefix_error (error, "Cannot start writing to the local database: ");
      goto fail;
    }

  /* The record counts the last sync checked no longer vouch for the
   * tables this batch writes (heeyu-sync-apply.c, check_counts()). */
  if (!heeyu_sql_exec (db, "DELETE FROM meta WHERE key = 'sync_counts'", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      goto fail;
    }

  if (batch->fts_add != NULL &&
      !heeyu_sql_exec (db,
                       "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_deferred', '1')",
                       error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      goto fail;
    }

  return batch;

fail:
  batch_free (batch);
  return NULL;
}

void
heeyu_ingest_batch_abort (HeeyuIngestBatch *batch)
{
  if (batch == NULL)
    return;
  if (!sqlite3_get_autocommit (batch->db))
    sqlite3_exec (batch->db, "ROLLBACK", NULL, NULL, NULL);
  batch_free (batch);
}

/* Brings the gram sets and the trigram index up to date with the company
 * rows the batch changed, and goes back to updating the trigram index row
 * by row. */
static gboolean
flush_search (HeeyuIngestBatch  *batch,
              GError           **error)
{
  if (!heeyu_search_writer_flush (batch->search, error))
    return FALSE;
  if (batch->fts_add == NULL)
    return TRUE;
  if (sqlite3_step (batch->fts_remove) != SQLITE_DONE ||
      sqlite3_step (batch->fts_add) != SQLITE_DONE)
    {
      heeyu_sql_fail (batch->db, "updating the search index", error);
      sqlite3_reset (batch->fts_remove);
      sqlite3_reset (batch->fts_add);
      return FALSE;
    }
  sqlite3_reset (batch->fts_remove);
  sqlite3_reset (batch->fts_add);
  return heeyu_sql_exec (batch->db,
                         "DELETE FROM company_search_pending;"
                         "DELETE FROM meta WHERE key = 'search_deferred';",
                         error);
}

gboolean
heeyu_ingest_batch_commit (HeeyuIngestBatch  *batch,
                           GError           **error)
{
  const char *as_of;
  int rc;

  g_return_val_if_fail (batch != NULL, FALSE);

  if (!flush_search (batch, error))
    {
      heeyu_ingest_batch_abort (batch);
      return FALSE;
    }

  as_of = batch->latest_period ? batch->latest_period : batch->latest_update;
  if (as_of)
    {
      sqlite3_bind_text (batch->set_data_as_of, 1, as_of, -1, SQLITE_STATIC);
      rc = sqlite3_step (batch->set_data_as_of);
      sqlite3_reset (batch->set_data_as_of);
      if (rc != SQLITE_DONE)
        {
          heeyu_sql_fail (batch->db, "recording the date of the data", error);
          heeyu_ingest_batch_abort (batch);
          return FALSE;
        }
    }

  /* The index's yearly roll-up follows the observations in the same
   * transaction, so no reader ever sees the two disagree. */
  if (!heeyu_index_rollup_refresh (batch->db, error))
    {
      g_prefix_error (error, "Cannot update the yearly figures: ");
      heeyu_ingest_batch_abort (batch);
      return FALSE;
    }

  if (!heeyu_sql_exec (batch->db, "COMMIT", error))
    {
      g_prefix_error (error, "Cannot save the import: ");
      heeyu_ingest_batch_abort (batch);
      return FALSE;
    }

  batch_free (batch);
  return TRUE;
}

static const char *
get_string (JsonObject *data,
            const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
get_bool (JsonObject *data,
          const char *name)
{
  JsonNode *node = data ? json_object_get_member (data, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return FALSE;
}

static JsonObject *
get_object (JsonObject *data,
            const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  if (node && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  return NULL;
}

static JsonArray *
get_array (JsonObject *data,
           const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  if (node && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  return NULL;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           col,
           const char   *value)
{
  if (value)
    sqlite3_bind_text (stmt, col, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, col);
}

static void
bind_int_member (sqlite3_stmt *stmt,
                 int           col,
                 JsonObject   *data,
                 const char   *name)
{
  JsonNode *node = json_object_get_member (data, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, col, json_node_get_int (node));
  else
    sqlite3_bind_null (stmt, col);
}

static gboolean
step_reset (HeeyuIngestBatch  *batch,
            sqlite3_stmt      *stmt,
            GError           **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return heeyu_sql_fail (batch->db, "writing a record", error);
  return TRUE;
}

static gboolean
set_company_links (HeeyuIngestBatch  *batch,
                   gint64             rowid,
                   sqlite3_stmt      *del,
                   sqlite3_stmt      *add,
                   JsonArray         *values,
                   GError           **error)
{
  sqlite3_bind_int64 (del, 1, rowid);
  if (!step_reset (batch, del, error))
    return FALSE;

  for (guint i = 0; values && i < json_array_get_length (values); i++)
    {
      sqlite3_bind_int64 (add, 1, rowid);
      sqlite3_bind_text (add, 2, json_array_get_string_element (values, i), -1, SQLITE_STATIC);
      if (!step_reset (batch, add, error))
        return FALSE;
    }
  return TRUE;
}

static Kind
kind_from_name (const char *name)
{
  for (guint i = 0; i < N_KINDS; i++)
    if (g_str_equal (kind_names[i], name))
      return i;
  g_assert_not_reached ();
}

static void
note_latest (char       **latest,
             const char  *value,
             gsize        max_len)
{
  if (value == NULL)
    return;
  if (*latest == NULL || strncmp (value, *latest, max_len) > 0)
    {
      g_free (*latest);
      *latest = g_strndup (value, max_len);
    }
}

static gboolean
apply_tombstone (HeeyuIngestBatch     *batch,
                 Kind                  kind,
                 const HeeyuEnvelope  *env,
                 HeeyuIngestStats     *stats,
                 GError              **error)
{
  sqlite3_stmt *del = batch->delete[kind];

  if (kind == KIND_COMPANY)
    {
      sqlite3_stmt *find = batch->company_by_id;
      gint64 rowid = 0;
      gint64 rev = 0;
      gboolean found;

      sqlite3_bind_text (find, 1, env->id, -1, SQLITE_STATIC);
      found = sqlite3_step (find) == SQLITE_ROW;
      if (found)
        {
          rowid = sqlite3_column_int64 (find, 0);
          rev = sqlite3_column_int64 (find, 1);
        }
      sqlite3_reset (find);

      if (found && rev <= env->rev &&
          !heeyu_search_writer_remove_company (batch->search, rowid, error))
        return FALSE;
    }

  sqlite3_bind_text (del, 1, env->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (del, 2, env->rev);
  if (!step_reset (batch, del, error))
    return FALSE;

  if (sqlite3_changes (batch->db) > 0)
    {
      stats->deleted++;
      if (kind == KIND_METAL &&
          !heeyu_search_writer_set_metal (batch->search, env->id, NULL, error))
        return FALSE;
    }
  else
    stats->unchanged++;

  return TRUE;
}

static guint
metal_lists (JsonObject *data)
{
  JsonObject *lists = get_object (data, "lists");
  guint flags = 0;

  if (lists == NULL)
    return 0;
  if (get_bool (lists, "rare_metal_35"))
    flags |= 1 << 0;
  if (get_bool (lists, "critical_33"))
    flags |= 1 << 1;
  if (get_bool (lists, "strategic_10"))
    flags |= 1 << 2;
  return flags;
}

/* @data_json: the record's data as JSON text, or NULL to generate it. */
static gboolean
apply_envelope (HeeyuIngestBatch     *batch,
                const HeeyuEnvelope  *env,
                const char           *data_json,
                HeeyuIngestStats     *stats,
                GError              **error)
{
  g_autofree char *generated = NULL;
  g_autofree char *reg_digits = NULL;
  g_autofree char *sort_key = NULL;
  JsonObject *data = env->data;
  sqlite3_stmt *stmt;
  Kind kind;
  gint64 rowid;
  int rc;

  kind = kind_from_name (env->kind);
  if (env->updated_at)
    note_latest (&batch->latest_update, env->updated_at, 10);

  if (env->deleted)
    return apply_tombstone (batch, kind, env, stats, error);

  g_assert (data != NULL);

  if (data_json == NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, data);
      json_generator_set_root (batch->generator, node);
      data_json = generated = json_generator_to_data (batch->generator, NULL);
    }

  stmt = batch->upsert[kind];
  sqlite3_bind_text (stmt, 1, env->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, env->rev);
  bind_text (stmt, 3, env->updated_at);
  bind_text (stmt, 4, env->updated_by);
  sqlite3_bind_text (stmt, 5, data_json, -1, SQLITE_STATIC);

  switch (kind)
    {
    case KIND_METAL:
      bind_text (stmt, 6, get_string (data, "name_en"));
      bind_text (stmt, 7, get_string (data, "name_ko"));
      bind_text (stmt, 8, get_string (data, "group"));
      sqlite3_bind_int (stmt, 9, metal_lists (data));
      bind_int_member (stmt, 10, data, "order");
      break;

    case KIND_OBSERVATION:
      bind_text (stmt, 6, get_string (data, "metal"));
      bind_text (stmt, 7, get_string (data, "indicator"));
      bind_text (stmt, 8, get_string (data, "period"));
      bind_text (stmt, 9, get_string (data, "country"));
      bind_text (stmt, 10, get_string (data, "stage"));
      sqlite3_bind_double (stmt, 11, json_object_get_double_member (data, "value"));
      bind_text (stmt, 12, get_string (data, "unit"));
      bind_text (stmt, 13, get_string (data, "source"));
      sqlite3_bind_int (stmt, 14, get_bool (data, "estimated"));
      sqlite3_bind_int (stmt, 15, get_bool (data, "synthetic"));
      note_latest (&batch->latest_period, get_string (data, "period"), 10);
      break;

    case KIND_COMPANY:
      reg_digits = heeyu_search_digits_only (get_string (data, "reg_no"));
      sort_key = heeyu_search_sort_key (get_string (data, "name_ko"), get_string (data, "name_en"));
      bind_text (stmt, 6, get_string (data, "name_ko"));
      bind_text (stmt, 7, get_string (data, "name_en"));
      bind_text (stmt, 8, get_string (data, "reg_no"));
      bind_text (stmt, 9, reg_digits);
      bind_text (stmt, 10, get_string (data, "region"));
      bind_text (stmt, 11, get_string (data, "city"));
      bind_text (stmt, 12, get_string (data, "complex"));
      bind_int_member (stmt, 13, data, "employees");
      bind_int_member (stmt, 14, data, "founded");
      sqlite3_bind_int (stmt, 15, get_bool (get_object (data, "specialized"), "designated"));
      bind_text (stmt, 16, get_string (data, "products"));
      bind_text (stmt, 17, sort_key);
      break;

    case KIND_NOTE:
      bind_text (stmt, 6, get_string (data, "target_kind"));
      bind_text (stmt, 7, get_string (data, "target_id"));
      bind_text (stmt, 8, get_string (data, "status"));
      bind_text (stmt, 9, get_string (data, "author"));
      break;

    case KIND_EVENT:
      bind_text (stmt, 6, get_string (data, "date"));
      bind_text (stmt, 7, get_string (data, "end_date"));
      bind_text (stmt, 8, get_string (data, "kind"));
      bind_text (stmt, 9, get_string (data, "country"));
      break;

    case KIND_METHODOLOGY:
      {
        JsonNode *version = json_object_get_member (data, "version");

        if (JSON_NODE_HOLDS_VALUE (version) && json_node_get_value_type (version) == G_TYPE_INT64)
          {
            g_autofree char *s = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (version));
            sqlite3_bind_text (stmt, 6, s, -1, SQLITE_TRANSIENT);
          }
        else
          bind_text (stmt, 6, get_string (data, "version"));
      }
      break;

    case N_KINDS:
    default:
      g_assert_not_reached ();
    }

  rc = sqlite3_step (stmt);
  rowid = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc == SQLITE_DONE && kind != KIND_COMPANY && sqlite3_changes (batch->db) > 0)
    rc = SQLITE_ROW;   /* written */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc == SQLITE_DONE)
    {
      stats->unchanged++;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return heeyu_sql_fail (batch->db, "writing a record", error);

  stats->applied++;

  if (kind == KIND_COMPANY)
    {
      if (!set_company_links (batch, rowid, batch->del_metals, batch->add_metal,
                              get_array (data, "metals"), error) ||
          !set_company_links (batch, rowid, batch->del_stages, batch->add_stage,
                              get_array (data, "stages"), error) ||
          !heeyu_search_writer_set_company (batch->search, rowid,
                                            get_string (data, "name_ko"),
                                            get_string (data, "name_en"),
                                            get_string (data, "products"),
                                            get_string (data, "reg_no"),
                                            error))
        return FALSE;
    }
  else if (kind == KIND_METAL)
    {
      g_auto(GStrv) names = heeyu_search_metal_names (env->id, data);

      if (!heeyu_search_writer_set_metal (batch->search, env->id,
                                          (const char * const *) names, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
heeyu_ingest_batch_apply (HeeyuIngestBatch     *batch,
                          const HeeyuEnvelope  *env,
                          HeeyuIngestStats     *stats,
                          GError              **error)
{
  HeeyuIngestStats ignored = { 0 };

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (env != NULL, FALSE);
  g_return_val_if_fail (heeyu_record_kind_is_known (env->kind), FALSE);
  g_return_val_if_fail (env->deleted || env->data != NULL, FALSE);

  return apply_envelope (batch, env, NULL, stats ? stats : &ignored, error);
}

gboolean
heeyu_ingest_batch_apply_json (HeeyuIngestBatch     *batch,
                               const HeeyuEnvelope  *env,
                               const char           *data_json,
                               HeeyuIngestStats     *stats,
                               GError              **error)
{
  HeeyuIngestStats ignored = { 0 };

  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (env != NULL, FALSE);
  g_return_val_if_fail (heeyu_record_kind_is_known (env->kind), FALSE);
  g_return_val_if_fail (env->deleted || env->data != NULL, FALSE);

  return apply_envelope (batch, env, env->deleted ? NULL : data_json,
                         stats ? stats : &ignored, error);
}

static gboolean
is_blank (const char *line,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (line[i]))
      return FALSE;
  return TRUE;
}

static gboolean
ingest_lines (HeeyuIngestBatch  *batch,
              GDataInputStream  *lines,
              HeeyuIngestStats  *stats,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint64 line_no = 0;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HeeyuEnvelope) env = NULL;
      g_autofree char *line = NULL;
      const char *data_json = NULL;
      gsize len = 0;
      gboolean ok;

      line = g_data_input_stream_read_line (lines, &len, cancellable, &local_error);
      if (line == NULL)
        {
          if (local_error == NULL)
            return TRUE;   /* end of the stream */
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_set_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_READ,
                       "line %" G_GUINT64_FORMAT ": cannot read the data: %s",
                       line_no + 1, local_error->message);
          return FALSE;
        }
      line_no++;

      if ((line_no & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (is_blank (line, len))
        continue;
      stats->lines++;

      if (!g_utf8_validate (line, len, NULL))
        {
          g_set_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_PARSE,
                       "line %" G_GUINT64_FORMAT ": not valid UTF-8 text "
                       "(is this a Heeyu dataset?)", line_no);
          return FALSE;
        }

      if (!json_parser_load_from_data (parser, line, len, &local_error))
        {
          g_set_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_PARSE,
                       "line %" G_GUINT64_FORMAT ": not valid JSON: %s",
                       line_no, local_error->message);
          return FALSE;
        }

      env = heeyu_envelope_from_json (json_parser_get_root (parser), &local_error);
      if (env == NULL)
        {
          g_set_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_INVALID,
                       "line %" G_GUINT64_FORMAT ": %s", line_no, local_error->message);
          return FALSE;
        }

      /* SQLite copies the data object out of the line faster than
       * json-glib writes it again. */
      if (!env->deleted)
        {
          sqlite3_bind_text (batch->data_of_line, 1, line, len, SQLITE_STATIC);
          if (sqlite3_step (batch->data_of_line) == SQLITE_ROW)
            data_json = (const char *) sqlite3_column_text (batch->data_of_line, 0);
        }

      ok = apply_envelope (batch, env, data_json, stats, &local_error);
      sqlite3_reset (batch->data_of_line);

      if (!ok)
        {
          g_set_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_INVALID,
                       "line %" G_GUINT64_FORMAT ": %s %s: %s", line_no,
                       env->kind, env->id, local_error->message);
          return FALSE;
        }
    }
}

gboolean
heeyu_ingest_stream (sqlite3           *db,
                     GInputStream      *stream,
                     HeeyuIngestStats  *stats,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autoptr(GInputStream) buffered = NULL;
  g_autoptr(GInputStream) source = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  HeeyuIngestStats local_stats = { 0 };
  HeeyuIngestBatch *batch;
  const guint8 *head;
  gsize head_len = 0;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  buffered = g_buffered_input_stream_new_sized (stream, 64 * 1024);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 2,
                                    cancellable, &local_error) < 0)
    {
      g_set_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_READ,
                   "Cannot read the data: %s", local_error->message);
      return FALSE;
    }

  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &head_len);
  if (head_len >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    {
      g_autoptr(GZlibDecompressor) gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

      source = g_converter_input_stream_new (buffered, G_CONVERTER (gunzip));
    }
  else
    source = g_object_ref (buffered);

  lines = g_data_input_stream_new (source);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (lines), 64 * 1024);
  g_data_input_stream_set_newline_type (lines, G_DATA_STREAM_NEWLINE_TYPE_LF);

  if (!(batch = heeyu_ingest_batch_begin (db, error)))
    return FALSE;

  if (!ingest_lines (batch, lines, &local_stats, cancellable, error))
    {
      heeyu_ingest_batch_abort (batch);
      return FALSE;
    }

  if (!heeyu_ingest_batch_commit (batch, error))
    return FALSE;

  if (stats)
    *stats = local_stats;
  return TRUE;
}

gboolean
heeyu_ingest_file (sqlite3           *db,
                   const char        *path,
                   HeeyuIngestStats  *stats,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, HEEYU_INGEST_ERROR, HEEYU_INGEST_ERROR_READ,
                   "Cannot read %s: %s", path, local_error->message);
      return FALSE;
    }

  if (!heeyu_ingest_stream (db, G_INPUT_STREAM (stream), stats, cancellable, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
heeyu_ingest_bytes (sqlite3           *db,
                    GBytes            *bytes,
                    HeeyuIngestStats  *stats,
                    GCancellable      *cancellable,
                    GError           **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  stream = g_memory_input_stream_new_from_bytes (bytes);
  return heeyu_ingest_stream (db, stream, stats, cancellable, error);
}
