/* heeyu-sync-apply.c: the staged session reaches the record tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In one transaction, after the counts check: the UI never sees half a
 * sync.  Only newer revs are written; a record with a local edit waiting
 * is held back (sync_held), never overwritten; a full session deletes
 * what the server no longer has, except what a local edit holds.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-cache-private.h"
#include "heeyu-ingest.h"
#include "heeyu-record.h"
#include "heeyu-sync.h"
#include "heeyu-sync-conflicts.h"
#include "heeyu-sync-private.h"

typedef struct
{
  GHashTable   *pending;      /* "kind\x1fid" of records a local edit holds */
  sqlite3_stmt *rev_of[8];
  sqlite3_stmt *hold;
  sqlite3_stmt *gone_del;
} Apply;

static char *
record_key (const char *kind,
            const char *id)
{
  return g_strconcat (kind, "\x1f", id, NULL);
}

static gboolean
load_pending (sqlite3     *db,
              GHashTable  *pending,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = heeyu_sql_prepare (db, "SELECT kind, id FROM outbox "
                                      "UNION SELECT kind, record_id FROM conflict", error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (pending, record_key ((const char *) sqlite3_column_text (stmt, 0),
                                           (const char *) sqlite3_column_text (stmt, 1)));
  if (rc != SQLITE_DONE)
    return heeyu_sql_fail (db, "reading the outbox", error);
  return TRUE;
}

static gint
kind_index (const char *kind)
{
  const char * const *kinds = heeyu_record_kinds ();

  for (gint i = 0; kinds[i] && i < 8; i++)
    if (g_str_equal (kinds[i], kind))
      return i;
  return -1;
}

/* -1 when the record is not there. */
static gint64
local_rev (Apply      *a,
           const char *kind,
           const char *id)
{
  gint k = kind_index (kind);
  sqlite3_stmt *stmt;
  gint64 rev = -1;

  if (k < 0 || !(stmt = a->rev_of[k]))
    return -1;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rev = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rev;
}

static void
apply_clear (Apply *a)
{
  g_clear_pointer (&a->pending, g_hash_table_unref);
  for (guint i = 0; i < G_N_ELEMENTS (a->rev_of); i++)
    g_clear_pointer (&a->rev_of[i], sqlite3_finalize);
  g_clear_pointer (&a->hold, sqlite3_finalize);
  g_clear_pointer (&a->gone_del, sqlite3_finalize);
}

/* How long a kind's count, once checked, may stand for its table without
 * counting it again (see check_counts()). */
#define COUNT_TRUST_SECONDS (24 * 60 * 60)

static gint64
data_version (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* The count of @kind that the last check found equal to the server's,
 * if it is still good: -1 otherwise.  @checked is the meta value
 * "sync_counts", {"kind": [count, unix time of the count], …}. */
static gint64
checked_count (JsonObject *checked,
               const char *kind,
               gint64      now,
               gint64     *counted_at)
{
  JsonNode *node = checked ? json_object_get_member (checked, kind) : NULL;
  JsonArray *pair;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (pair = json_node_get_array (node)) != 2)
    return -1;
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *n = json_array_get_element (pair, i);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
        return -1;
    }
  *counted_at = json_array_get_int_element (pair, 1);
  if (*counted_at > now || now - *counted_at >= COUNT_TRUST_SECONDS)
    return -1;
  return json_array_get_int_element (pair, 0);
}

/* TRUE when the local tables hold what the server counted, give or take
 * the records a local edit holds (a new note the server has not seen, a
 * deletion not yet sent).
 *
 * Counting a table reads all of it (2,000,000 observations: 60 MB of
 * index, most of an incremental sync when the cache is not in memory),
 * so a kind is counted again only when something may have changed it:
 * this session brought records of it, the server's count of it moved, a
 * local edit of it waits, or its last count is a day old.  Otherwise the
 * count that the last check found equal to the server's still stands:
 * every other writer of the record tables goes through an ingest batch,
 * which drops "sync_counts" (heeyu_ingest_batch_begin()), or through the
 * outbox.  @checked is that meta value, NULL to count every kind;
 * @touched has bit k set when the session brought records of kind k.
 * On success @new_checked is the value to store, and @n_counted says
 * how many kinds were counted. */
static gboolean
check_counts (Run         *run,
              Apply       *a,
              const char  *counts_text,
              const char  *checked_text,
              guint        touched,
              guint       *n_counted,
              char       **new_checked,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) checked_parser = json_parser_new ();
  g_autoptr(JsonBuilder) out = json_builder_new ();
  g_autoptr(JsonNode) out_root = NULL;
  const char * const *kinds = heeyu_record_kinds ();
  JsonObject *counts;
  JsonObject *checked = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!json_parser_load_from_data (parser, counts_text ? counts_text : "", -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The last page of changes has no record counts to check against."));
      return FALSE;
    }
  counts = json_node_get_object (json_parser_get_root (parser));
  if (checked_text != NULL &&
      json_parser_load_from_data (checked_parser, checked_text, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (checked_parser)))
    checked = json_node_get_object (json_parser_get_root (checked_parser));

  json_builder_begin_object (out);
  for (guint k = 0; kinds[k]; k++)
    {
      JsonNode *count = json_object_get_member (counts, kinds[k]);
      gint64 local;
      gint64 server;
      gint64 slack = 0;
      gint64 counted_at = now;
      g_autofree char *prefix = g_strconcat (kinds[k], "\x1f", NULL);
      GHashTableIter iter;
      gpointer key;

      /* The server counts every kind; one left out is not taken as zero
       * (which would agree with a session that wiped that kind). */
      if (count == NULL || !JSON_NODE_HOLDS_VALUE (count) ||
          json_node_get_value_type (count) != G_TYPE_INT64 || json_node_get_int (count) < 0)
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                       _("The last page of changes has no record count for kind “%s”."), kinds[k]);
          return FALSE;
        }
      server = json_node_get_int (count);

      g_hash_table_iter_init (&iter, a->pending);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_str_has_prefix (key, prefix))
          slack++;

      if (slack > 0 || k >= 32 || (touched & (1u << k)) ||
          checked_count (checked, kinds[k], now, &counted_at) != server)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", kinds[k]);

          local = (gint64) heeyu_sync_count_rows (run->db, sql);
          counted_at = now;
          (*n_counted)++;
        }
      else
        local = server;

      if (ABS (local - server) > slack)
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_MISMATCH,
                       _("After the sync the local copy holds %lld records of kind “%s” but "
                         "the server holds %lld."),
                       (long long) local, kinds[k], (long long) server);
          return FALSE;
        }
      if (local == server)
        {
          json_builder_set_member_name (out, kinds[k]);
          json_builder_begin_array (out);
          json_builder_add_int_value (out, local);
          json_builder_add_int_value (out, counted_at);
          json_builder_end_array (out);
        }
    }
  json_builder_end_object (out);
  out_root = json_builder_get_root (out);
  *new_checked = json_to_string (out_root, FALSE);
  return TRUE;
}

gboolean
heeyu_sync_apply_stage (Run     *run,
                        GError **error)
{
  g_autofree char *stage_full = heeyu_sync_meta_get (run->db, "stage_full");
  g_autofree char *counts = heeyu_sync_meta_get (run->db, "stage_counts");
  g_autofree char *next_cursor = heeyu_sync_meta_get (run->db, "stage_cursor");
  g_autofree char *dataset = heeyu_sync_meta_get (run->db, "dataset");
  g_autofree char *stamp = heeyu_sync_now_iso ();
  g_autofree char *checked = NULL;
  g_autofree char *new_checked = NULL;
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char * const *kinds = heeyu_record_kinds ();
  gboolean full = g_strcmp0 (stage_full, "1") == 0;
  /* The cache holds another source's data (the bundled sample, an
   * import): the server's version wins even at the same rev. */
  gboolean foreign = g_strcmp0 (dataset, run->server_url) != 0;
  HeeyuIngestStats stats = { 0 };
  HeeyuIngestBatch *batch;
  Apply a = { 0 };
  guint64 total = heeyu_sync_count_rows (run->db, "SELECT count(*) FROM sync_stage");
  guint64 done = 0;
  gint64 server_total = 0;
  gint64 version;
  guint touched = 0;
  guint n_counted = 0;
  gint64 t_start = g_get_monotonic_time ();
  gint64 t_records = 0;
  gint64 t_counts = 0;
  int rc;

  if (next_cursor == NULL)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_LOCAL, _("The saved sync state is incomplete."));
      return FALSE;
    }

  heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_APPLY, 0, total, 1);
  /* The counts the last check vouched for, read before the batch drops
   * them; they stand only if no other connection wrote in between. */
  version = data_version (run->db);
  checked = heeyu_sync_meta_get (run->db, "sync_counts");
  if (!(batch = heeyu_ingest_batch_begin (run->db, error)))
    return FALSE;
  if (full || version < 0 || data_version (run->db) != version)
    g_clear_pointer (&checked, g_free);

  a.pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!load_pending (run->db, a.pending, error))
    goto fail;
  for (guint k = 0; kinds[k] && k < G_N_ELEMENTS (a.rev_of); k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT rev FROM %s WHERE id = ?1", kinds[k]);

      if (!(a.rev_of[k] = heeyu_sql_prepare (run->db, sql, error)))
        goto fail;
    }
  if (!(a.hold = heeyu_sql_prepare (run->db,
                                    "INSERT INTO sync_held (kind, id, rev, envelope) VALUES (?1, ?2, ?3, ?4) "
                                    "ON CONFLICT (kind, id) DO UPDATE SET rev = excluded.rev, "
                                    "  envelope = excluded.envelope WHERE excluded.rev > rev",
                                    error)))
    goto fail;

  if (full && total == 0)
    {
      /* A full session that brought nothing (an empty page where the
       * dataset should be) never empties the cache: nothing is deleted,
       * and the counts check below fails if the server claims to hold
       * nothing while the cache holds records. */
      full = FALSE;
    }
  if (full)
    {
      /* A full session is the whole dataset: what the server no longer has
       * goes, except what a local edit holds.  "gone" starts with every
       * local record and loses each one the session brings.  Only pages
       * that arrived whole and parsed are in the stage: a failed page
       * ends the sync before the apply. */
      if (!heeyu_sql_exec (run->db, "CREATE TEMP TABLE IF NOT EXISTS sync_gone ("
                                    "  kind TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL,"
                                    "  PRIMARY KEY (kind, id)) WITHOUT ROWID;"
                                    "DELETE FROM sync_gone;", error))
        goto fail;
      for (guint k = 0; kinds[k]; k++)
        {
          g_autofree char *sql = g_strdup_printf ("INSERT INTO sync_gone SELECT '%s', id, rev FROM %s",
                                                  kinds[k], kinds[k]);

          if (!heeyu_sql_exec (run->db, sql, error))
            goto fail;
        }
      if (!(a.gone_del = heeyu_sql_prepare (run->db, "DELETE FROM sync_gone WHERE kind = ?1 AND id = ?2",
                                            error)))
        goto fail;
    }

  /* The data object is cut out of the line by SQLite, faster than
   * json-glib would write it again (as the file import does). */
  if (!(rows = heeyu_sql_prepare (run->db,
                                  "SELECT envelope, json_extract (envelope, '$.data') "
                                  "FROM sync_stage ORDER BY seq",
                                  error)))
    goto fail;
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (rows, 0);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HeeyuEnvelope) env = NULL;
      g_autofree char *key = NULL;

      /* The records are checked here, where each is parsed: one the
       * server should not have sent fails the session, nothing of it
       * applied (heeyu_sync_pull() then drops the stage). */
      if (!(env = heeyu_sync_parse_item (parser, text, error)))
        goto fail;

      if (touched != G_MAXUINT)
        {
          guint k = 0;

          while (kinds[k] && !g_str_equal (kinds[k], env->kind))
            k++;
          touched |= kinds[k] && k < 32 ? 1u << k : G_MAXUINT;
        }

      if (full)
        {
          sqlite3_bind_text (a.gone_del, 1, env->kind, -1, SQLITE_STATIC);
          sqlite3_bind_text (a.gone_del, 2, env->id, -1, SQLITE_STATIC);
          sqlite3_step (a.gone_del);
          sqlite3_reset (a.gone_del);
        }

      key = record_key (env->kind, env->id);
      if (g_hash_table_contains (a.pending, key))
        {
          /* Never over a local edit: kept aside for "take theirs". */
          sqlite3_bind_text (a.hold, 1, env->kind, -1, SQLITE_STATIC);
          sqlite3_bind_text (a.hold, 2, env->id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (a.hold, 3, env->rev);
          sqlite3_bind_text (a.hold, 4, text, -1, SQLITE_STATIC);
          rc = sqlite3_step (a.hold);
          sqlite3_reset (a.hold);
          if (rc != SQLITE_DONE)
            {
              heeyu_sync_local_fail (run->db, "holding a record back", error);
              goto fail;
            }
          run->report->held++;
        }
      else
        {
          if (full)
            {
              gint64 rev = local_rev (&a, env->kind, env->id);

              /* Starting over (a restore, another source): the server's
               * copy replaces the local one even if its rev is not newer. */
              if (rev >= 0 && (rev > env->rev || (foreign && rev == env->rev)))
                {
                  HeeyuEnvelope drop = { env->kind, env->id, rev, TRUE, NULL, NULL, NULL };

                  if (!heeyu_ingest_batch_apply (batch, &drop, NULL, error))
                    goto fail;
                }
            }
          if (!heeyu_ingest_batch_apply_json (batch, env, (const char *) sqlite3_column_text (rows, 1),
                                              &stats, &local_error))
            {
              g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_LOCAL,
                           _("Cannot store %s %s: %s"), env->kind, env->id, local_error->message);
              goto fail;
            }
        }

      if ((++done & 8191) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            goto fail;
          heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_APPLY, done, total, 1);
        }
    }
  if (rc != SQLITE_DONE)
    {
      heeyu_sync_local_fail (run->db, "reading the staged records", error);
      goto fail;
    }
  g_clear_pointer (&rows, sqlite3_finalize);

  if (full)
    {
      g_autoptr(sqlite3_stmt) gone = NULL;

      if (!(gone = heeyu_sql_prepare (run->db, "SELECT kind, id, rev FROM sync_gone", error)))
        goto fail;
      while ((rc = sqlite3_step (gone)) == SQLITE_ROW)
        {
          g_autofree char *kind = g_strdup ((const char *) sqlite3_column_text (gone, 0));
          g_autofree char *id = g_strdup ((const char *) sqlite3_column_text (gone, 1));
          g_autofree char *key = record_key (kind, id);
          HeeyuEnvelope drop = { kind, id, sqlite3_column_int64 (gone, 2), TRUE, NULL, NULL, NULL };

          if (g_hash_table_contains (a.pending, key))
            continue;
          if (!heeyu_ingest_batch_apply (batch, &drop, &stats, error))
            goto fail;
        }
      if (rc != SQLITE_DONE || !heeyu_sql_exec (run->db, "DELETE FROM sync_gone", error))
        goto fail;
    }

  t_records = g_get_monotonic_time ();
  if (!check_counts (run, &a, counts, checked, touched, &n_counted, &new_checked, error))
    goto fail;

  {
    g_autoptr(JsonParser) cp = json_parser_new ();

    if (json_parser_load_from_data (cp, counts, -1, NULL) &&
        JSON_NODE_HOLDS_OBJECT (json_parser_get_root (cp)))
      {
        JsonObject *co = json_node_get_object (json_parser_get_root (cp));

        for (guint k = 0; kinds[k]; k++)
          server_total += json_object_get_int_member_with_default (co, kinds[k], 0);
      }
  }

  {
    g_autofree char *total_text = g_strdup_printf ("%" G_GINT64_FORMAT, server_total);

    if (!heeyu_sql_exec (run->db, "DELETE FROM sync_stage;"
                                  "DELETE FROM meta WHERE key IN ('stage_cursor', 'stage_full', "
                                  "  'stage_done', 'stage_counts')", error) ||
        !heeyu_sync_meta_set (run->db, "cursor", next_cursor, error) ||
        !heeyu_sync_meta_set (run->db, "last_sync", stamp, error) ||
        !heeyu_sync_meta_set (run->db, "dataset", run->server_url, error) ||
        !heeyu_sync_meta_set (run->db, "server_total", total_text, error) ||
        !heeyu_sync_meta_set (run->db, "sync_counts", new_checked, error) ||
        !heeyu_sync_meta_set (run->db, "sync_error", NULL, error))
      goto fail;
  }

  t_counts = g_get_monotonic_time ();
  run->report->applied += stats.applied;
  run->report->deleted += stats.deleted;
  apply_clear (&a);
  if (!heeyu_ingest_batch_commit (batch, error))
    return FALSE;
  g_debug ("sync: applied %" G_GUINT64_FORMAT " staged records in %.1f ms: records %.1f ms, "
           "counts %.1f ms (%u kinds counted), commit %.1f ms",
           total, (g_get_monotonic_time () - t_start) / 1000., (t_records - t_start) / 1000.,
           (t_counts - t_records) / 1000., n_counted, (g_get_monotonic_time () - t_counts) / 1000.);
  heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_APPLY, total, total, 1);
  return TRUE;

fail:
  apply_clear (&a);
  heeyu_ingest_batch_abort (batch);
  return FALSE;
}
