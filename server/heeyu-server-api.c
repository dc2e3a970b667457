/* heeyu-server-api.c: the /v1 calls of PROTOCOL.md, over one database connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "heeyu-record.h"
#include "heeyu-server-api.h"
#include "heeyu-server-cursor.h"
#include "heeyu-server-util.h"

#define PROBLEM_JSON "application/problem+json"
#define JSON "application/json"
#define MAX_ID_LEN 200
#define MAX_CLIENT_ID_LEN 200
/* Far deeper than any push (five levels), shallow enough that no parser
 * can be driven into deep recursion. */
#define MAX_JSON_DEPTH 64

/* The envelope of PROTOCOL.md, built by PostgreSQL so that a page of
 * thousands of records is never parsed and re-serialised here. */
#define ENVELOPE_SQL \
  "CASE WHEN deleted THEN json_build_object ('kind', kind, 'id', id, 'rev', rev," \
  " 'deleted', true, 'updated_at', to_char (updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
  " 'updated_by', updated_by)" \
  " ELSE json_build_object ('kind', kind, 'id', id, 'rev', rev, 'deleted', false," \
  " 'updated_at', to_char (updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')," \
  " 'updated_by', updated_by, 'data', data) END::text"

void
heeyu_reply_clear (HeeyuReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  memset (reply, 0, sizeof *reply);
}

void
heeyu_reply_json (HeeyuReply *reply,
                  guint       status,
                  char       *json_take)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  reply->status = status;
  reply->content_type = JSON;
  reply->body = g_bytes_new_take (json_take, strlen (json_take));
}

void
heeyu_reply_problem (HeeyuReply *reply,
                     guint       status,
                     const char *type,
                     const char *title,
                     const char *detail)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *uri = g_strconcat ("urn:heeyu:problem:", type, NULL);
  char *text;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, uri);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, title);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail ? detail : title);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = heeyu_json_to_string (root);

  heeyu_reply_json (reply, status, text);
  reply->content_type = PROBLEM_JSON;
}

void
heeyu_reply_db_error (HeeyuReply   *reply,
                      const GError *error)
{
  if (g_error_matches (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_CONNECTION))
    {
      heeyu_reply_problem (reply, 503, "unavailable", "Service unavailable",
                           "The database cannot be reached; try again shortly.");
      reply->retry_after = 5;
      return;
    }
  /* The database's message goes to the server log, not to the client. */
  g_warning ("%s", error->message);
  heeyu_reply_problem (reply, 500, "internal", "Internal server error",
                       "The server could not complete the request.");
}

void
heeyu_api_me (const HeeyuUser *user,
              HeeyuReply      *reply)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user->name);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, user->role);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  heeyu_reply_json (reply, 200, heeyu_json_to_string (root));
}

/* --- GET /v1/changes --- */

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = NULL;

  json_node_set_string (node, s);
  text = heeyu_json_to_string (node);
  g_string_append (out, text);
}

void
heeyu_api_changes (const HeeyuApi *api,
                   PGconn         *conn,
                   const char     *cursor_text,
                   const char     *limit_text,
                   HeeyuReply     *reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) ds = NULL;
  g_autoptr(PGresult) items = NULL;
  g_autoptr(PGresult) counts = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *next_text = NULL;
  HeeyuCursor cursor = { 0 };
  HeeyuCursor next = { 0 };
  gboolean have_cursor = cursor_text != NULL && *cursor_text != '\0';
  guint64 limit = HEEYU_CHANGES_DEFAULT_LIMIT;
  gint64 head, min_seq, from, skip_upto, last_seq;
  gboolean has_more = FALSE;
  const char *epoch;
  int n_rows, n_items = 0;

  if (limit_text != NULL &&
      !g_ascii_string_to_unsigned (limit_text, 10, 1, G_MAXINT32, &limit, NULL))
    {
      heeyu_reply_problem (reply, 400, "bad-limit", "Bad limit",
                           "limit must be a whole number from 1 to 5000.");
      return;
    }
  limit = MIN (limit, HEEYU_CHANGES_MAX_LIMIT);

  if (have_cursor && !heeyu_cursor_decode (api->cursor_secret, cursor_text, &cursor, &error))
    {
      heeyu_reply_problem (reply, 400, "bad-cursor", "Bad cursor", error->message);
      return;
    }

  /* One snapshot for the head, the page and the counts, so the counts of
   * the last page describe exactly the records handed out. */
  if (!heeyu_db_command (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, &error) ||
      (ds = heeyu_db_exec (conn, "SELECT epoch, seq, min_seq FROM dataset", 0, NULL, &error)) == NULL)
    goto db_fail;
  if (PQntuples (ds) != 1)
    {
      heeyu_db_rollback (conn);
      heeyu_reply_problem (reply, 503, "unavailable", "Service unavailable",
                           "The dataset is not initialised.");
      reply->retry_after = 30;
      goto out;
    }
  epoch = PQgetvalue (ds, 0, 0);
  head = g_ascii_strtoll (PQgetvalue (ds, 0, 1), NULL, 10);
  min_seq = g_ascii_strtoll (PQgetvalue (ds, 0, 2), NULL, 10);

  if (have_cursor)
    {
      if (!g_str_equal (cursor.epoch, epoch))
        {
          heeyu_db_rollback (conn);
          heeyu_reply_problem (reply, 410, "cursor-expired", "Cursor no longer valid",
                               "The dataset was restored or reset since this cursor was issued; "
                               "start a full sync.");
          goto out;
        }
      /* Purged tombstones have seqs up to min_seq.  A cursor misses one
       * only if it is behind min_seq and would not skip it anyway: a full
       * sync that started after the purge skips every tombstone up to its
       * start, so its cursors stay good however far behind they are. */
      if (cursor.seq < min_seq && cursor.skip_tombstones_upto < min_seq)
        {
          heeyu_db_rollback (conn);
          heeyu_reply_problem (reply, 410, "cursor-expired", "Cursor no longer valid",
                               "This cursor is older than the deletions the server keeps; "
                               "start a full sync.");
          goto out;
        }
      if (cursor.seq > head)
        {
          heeyu_db_rollback (conn);
          if (api->read_replica)
            {
              /* The replica has not replayed what the client already saw. */
              heeyu_reply_problem (reply, 503, "replica-behind", "Service unavailable",
                                   "The server is catching up; try again shortly.");
              reply->retry_after = 1;
            }
          else
            heeyu_reply_problem (reply, 410, "cursor-expired", "Cursor no longer valid",
                                 "The dataset is older than this cursor; start a full sync.");
          goto out;
        }
      from = cursor.seq;
      skip_upto = cursor.skip_tombstones_upto;
    }
  else
    {
      /* A full sync leaves out the tombstones that exist when it starts. */
      from = 0;
      skip_upto = head;
    }

  {
    g_autofree char *p_from = g_strdup_printf ("%" G_GINT64_FORMAT, from);
    g_autofree char *p_skip = g_strdup_printf ("%" G_GINT64_FORMAT, skip_upto);
    g_autofree char *p_limit = g_strdup_printf ("%" G_GUINT64_FORMAT, limit + 1);
    const char *params[] = { p_from, p_skip, p_limit };

    items = heeyu_db_exec (conn,
                           "SELECT seq, " ENVELOPE_SQL " FROM records "
                           "WHERE seq > $1::bigint AND (NOT deleted OR seq > $2::bigint) "
                           "ORDER BY seq LIMIT $3::bigint",
                           3, params, &error);
    if (items == NULL)
      goto db_fail;
  }

  n_rows = PQntuples (items);
  out = g_string_sized_new (4096);
  g_string_append (out, "{\"items\":[");
  last_seq = from;
  for (int i = 0; i < n_rows; i++)
    {
      int len = PQgetlength (items, i, 1);

      if ((guint64) i == limit ||
          (n_items > 0 && out->len + (gsize) len > HEEYU_CHANGES_MAX_BYTES))
        {
          has_more = TRUE;
          break;
        }
      if (n_items > 0)
        g_string_append_c (out, ',');
      g_string_append_len (out, PQgetvalue (items, i, 1), len);
      last_seq = g_ascii_strtoll (PQgetvalue (items, i, 0), NULL, 10);
      n_items++;
    }

  next.epoch = (char *) epoch;
  if (has_more)
    {
      next.seq = last_seq;
      next.skip_tombstones_upto = skip_upto;
    }
  else
    {
      /* Everything up to the head of this snapshot has been handed out,
       * including what was skipped. */
      next.seq = head;
      next.skip_tombstones_upto = 0;
    }
  next_text = heeyu_cursor_encode (api->cursor_secret, &next);

  g_string_append (out, "],\"next_cursor\":");
  append_json_string (out, next_text);
  g_string_append_printf (out, ",\"has_more\":%s", has_more ? "true" : "false");

  if (!has_more)
    {
      const char * const *kinds = heeyu_record_kinds ();

      counts = heeyu_db_exec (conn, "SELECT kind, n FROM live_counts", 0, NULL, &error);
      if (counts == NULL)
        goto db_fail;
      g_string_append (out, ",\"counts\":{");
      for (guint k = 0; kinds[k]; k++)
        {
          const char *n = "0";

          for (int i = 0; i < PQntuples (counts); i++)
            if (g_str_equal (PQgetvalue (counts, i, 0), kinds[k]))
              n = PQgetvalue (counts, i, 1);
          g_string_append_printf (out, "%s\"%s\":%s", k ? "," : "", kinds[k], n);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');

  if (!heeyu_db_command (conn, "COMMIT", 0, NULL, &error))
    goto db_fail;

  heeyu_reply_json (reply, 200, g_string_free (g_steal_pointer (&out), FALSE));
  goto out;

db_fail:
  heeyu_db_rollback (conn);
  heeyu_reply_db_error (reply, error);
out:
  heeyu_cursor_clear (&cursor);
}

/* --- POST /v1/push --- */

typedef struct
{
  gint64      mid;
  const char *kind;
  const char *id;
  gboolean    is_delete;
  gint64      base_rev;
  JsonNode   *data;       /* borrowed; NULL for a delete */
} Mutation;

static void
add_rejected (JsonBuilder *b,
              gint64       mid,
              guint        status,
              const char  *type,
              const char  *detail)
{
  g_autofree char *uri = g_strconcat ("urn:heeyu:problem:", type, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mid");
  json_builder_add_int_value (b, mid);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "rejected");
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, uri);
  json_builder_set_member_name (b, "http_status");
  json_builder_add_int_value (b, status);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail);
  json_builder_end_object (b);
}

static gboolean
node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

static const char *
node_string (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
text_is_clean (const char *s,
               gsize       max)
{
  gsize len = strlen (s);

  if (len == 0 || len > max)
    return FALSE;
  for (const char *p = s; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* Reads the mutation's envelope; a message in @detail when it is unusable
 * (then only mid is known, and only if it was readable). */
static gboolean
read_mutation (JsonNode  *node,
               Mutation  *m,
               char     **detail)
{
  JsonObject *o;
  const char *op;
  JsonNode *n;

  memset (m, 0, sizeof *m);
  m->mid = -1;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *detail = g_strdup ("a mutation must be a JSON object");
      return FALSE;
    }
  o = json_node_get_object (node);
  n = json_object_get_member (o, "mid");
  if (!node_is_int (n) || json_node_get_int (n) < 1)
    {
      *detail = g_strdup ("'mid' must be a positive integer");
      return FALSE;
    }
  m->mid = json_node_get_int (n);

  {
    JsonObjectIter iter;
    const char *name;

    json_object_iter_init (&iter, o);
    while (json_object_iter_next (&iter, &name, NULL))
      if (!g_str_equal (name, "mid") && !g_str_equal (name, "kind") &&
          !g_str_equal (name, "id") && !g_str_equal (name, "op") &&
          !g_str_equal (name, "base_rev") && !g_str_equal (name, "data"))
        {
          *detail = g_strdup_printf ("'%s' is not a field of a mutation "
                                     "(mid, kind, id, op, base_rev, data)", name);
          return FALSE;
        }
  }

  if ((m->kind = node_string (json_object_get_member (o, "kind"))) == NULL)
    {
      *detail = g_strdup ("'kind' must be a string");
      return FALSE;
    }
  if ((m->id = node_string (json_object_get_member (o, "id"))) == NULL ||
      !text_is_clean (m->id, MAX_ID_LEN))
    {
      *detail = g_strdup ("'id' must be a string of 1 to 200 printable characters");
      return FALSE;
    }
  op = node_string (json_object_get_member (o, "op"));
  if (g_strcmp0 (op, "upsert") == 0)
    m->is_delete = FALSE;
  else if (g_strcmp0 (op, "delete") == 0)
    m->is_delete = TRUE;
  else
    {
      *detail = g_strdup ("'op' must be \"upsert\" or \"delete\"");
      return FALSE;
    }
  n = json_object_get_member (o, "base_rev");
  if (!node_is_int (n) || json_node_get_int (n) < 0)
    {
      *detail = g_strdup ("'base_rev' must be an integer, 0 for a new record");
      return FALSE;
    }
  m->base_rev = json_node_get_int (n);
  if (!m->is_delete)
    {
      m->data = json_object_get_member (o, "data");
      if (m->data == NULL || !JSON_NODE_HOLDS_OBJECT (m->data))
        {
          *detail = g_strdup ("'data' must be an object");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
role_may_write_kind (const char *role,
                     const char *kind)
{
  if (g_str_equal (role, "admin"))
    return TRUE;
  if (g_str_equal (kind, "note"))
    return TRUE;
  if (g_str_equal (kind, "company"))
    return g_str_equal (role, "editor");
  return FALSE;
}

typedef struct
{
  PGconn          *conn;
  const HeeyuUser *user;
  const char      *client_id;
  const char      *key;
  gint64           head;
  GHashTable      *count_deltas;   /* kind → gint64 delta (as pointer) */
} PushState;

static void
count_delta (PushState  *st,
             const char *kind,
             gint64      delta)
{
  /* Keyed by the interned string, so pointer equality is string equality. */
  const char *key = g_intern_string (kind);
  gint64 v = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (st->count_deltas, key));

  g_hash_table_insert (st->count_deltas, (gpointer) key, GSIZE_TO_POINTER ((gsize) (v + delta)));
}

/* Applies one well-formed mutation; adds its result to @b.  FALSE only on a
 * database error, which aborts the batch. */
static gboolean
apply_mutation (PushState    *st,
                const Mutation *m,
                JsonBuilder  *b,
                GError      **error)
{
  const char *role = st->user->role;
  g_autoptr(PGresult) cur = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) invalid = NULL;
  gboolean exists, was_deleted = FALSE;
  gint64 cur_rev = 0;
  const char *before = NULL;

  if (!heeyu_record_kind_is_known (m->kind))
    {
      g_autofree char *d = g_strdup_printf ("unknown record kind \"%s\"", m->kind);
      add_rejected (b, m->mid, 422, "unknown-kind", d);
      return TRUE;
    }
  if (!role_may_write_kind (role, m->kind))
    {
      g_autofree char *d = g_strdup_printf ("the role %s may not write %s records", role, m->kind);
      add_rejected (b, m->mid, 403, "forbidden", d);
      return TRUE;
    }
  if (!m->is_delete)
    {
      JsonObject *data = json_node_get_object (m->data);

      if (!heeyu_record_validate (m->kind, data, &invalid))
        {
          add_rejected (b, m->mid, 422, "invalid-record", invalid->message);
          return TRUE;
        }
      if (g_str_equal (m->kind, "note") && !g_str_equal (role, "admin"))
        {
          const char *author = node_string (json_object_get_member (data, "author"));

          if (author != NULL && !g_str_equal (author, st->user->name))
            {
              add_rejected (b, m->mid, 403, "forbidden",
                            "a note's author must be the user who writes it");
              return TRUE;
            }
        }
    }

  {
    const char *params[] = { m->kind, m->id };

    cur = heeyu_db_exec (st->conn,
                         "SELECT rev, deleted, created_by, " ENVELOPE_SQL " FROM records "
                         "WHERE kind = $1 AND id = $2 FOR UPDATE",
                         2, params, error);
    if (cur == NULL)
      return FALSE;
  }
  exists = PQntuples (cur) == 1;
  if (exists)
    {
      cur_rev = g_ascii_strtoll (PQgetvalue (cur, 0, 0), NULL, 10);
      was_deleted = PQgetvalue (cur, 0, 1)[0] == 't';
      before = PQgetvalue (cur, 0, 3);

      /* Readers and editors may change only the notes they created. */
      if (g_str_equal (m->kind, "note") && !g_str_equal (role, "admin") &&
          g_strcmp0 (PQgetvalue (cur, 0, 2), st->user->name) != 0)
        {
          add_rejected (b, m->mid, 403, "forbidden", "only the note's creator may change it");
          return TRUE;
        }
    }

  if (m->is_delete && !exists)
    {
      add_rejected (b, m->mid, 404, "not-found", "there is no such record to delete");
      return TRUE;
    }

  if (m->base_rev != cur_rev)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mid");
      json_builder_add_int_value (b, m->mid);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, "conflict");
      json_builder_set_member_name (b, "server");
      if (exists)
        json_builder_add_value (b, json_from_string (before, NULL));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      return TRUE;
    }

  if (m->is_delete && was_deleted)
    {
      /* Deleting what is already deleted changes nothing. */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mid");
      json_builder_add_int_value (b, m->mid);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, "applied");
      json_builder_set_member_name (b, "rev");
      json_builder_add_int_value (b, cur_rev);
      json_builder_end_object (b);
      return TRUE;
    }

  {
    g_autofree char *rev = g_strdup_printf ("%" G_GINT64_FORMAT, cur_rev + 1);
    g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, st->head + 1);
    g_autofree char *data = m->is_delete ? NULL : heeyu_json_to_string (m->data);

    if (m->is_delete)
      {
        const char *params[] = { m->kind, m->id, rev, seq, st->user->name };

        res = heeyu_db_exec (st->conn,
                             "UPDATE records SET rev = $3::bigint, seq = $4::bigint, deleted = true,"
                             " data = NULL, updated_at = now (), updated_by = $5 "
                             "WHERE kind = $1 AND id = $2 RETURNING " ENVELOPE_SQL,
                             5, params, error);
      }
    else
      {
        const char *params[] = { m->kind, m->id, rev, seq, data, st->user->name };

        res = heeyu_db_exec (st->conn,
                             "INSERT INTO records AS r (kind, id, rev, seq, deleted, data,"
                             " updated_at, updated_by, created_by) "
                             "VALUES ($1, $2, $3::bigint, $4::bigint, false, $5::jsonb, now (), $6, $6) "
                             "ON CONFLICT (kind, id) DO UPDATE SET rev = EXCLUDED.rev,"
                             " seq = EXCLUDED.seq, deleted = false, data = EXCLUDED.data,"
                             " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by "
                             "RETURNING " ENVELOPE_SQL,
                             6, params, error);
      }
    if (res == NULL)
      return FALSE;
    st->head++;

    {
      g_autofree char *mid = g_strdup_printf ("%" G_GINT64_FORMAT, m->mid);
      g_autoptr(JsonBuilder) db = json_builder_new ();
      g_autoptr(JsonNode) dn = NULL;
      g_autofree char *detail = NULL;
      const char *params[9];

      json_builder_begin_object (db);
      json_builder_set_member_name (db, "client_id");
      json_builder_add_string_value (db, st->client_id);
      json_builder_set_member_name (db, "mid");
      json_builder_add_int_value (db, m->mid);
      json_builder_set_member_name (db, "idempotency_key");
      json_builder_add_string_value (db, st->key);
      json_builder_end_object (db);
      dn = json_builder_get_root (db);
      detail = heeyu_json_to_string (dn);

      params[0] = st->user->name;
      params[1] = m->is_delete ? "delete" : "upsert";
      params[2] = m->kind;
      params[3] = m->id;
      params[4] = rev;
      params[5] = seq;
      params[6] = before;
      params[7] = PQgetvalue (res, 0, 0);
      params[8] = detail;
      if (!heeyu_db_command (st->conn,
                             "INSERT INTO audit_log (actor, action, kind, record_id, rev, seq,"
                             " before, after, detail) VALUES ($1, $2, $3, $4, $5::bigint,"
                             " $6::bigint, $7::jsonb, $8::jsonb, $9::jsonb)",
                             9, params, error))
        return FALSE;
      (void) mid;
    }

    {
      gboolean was_live = exists && !was_deleted;
      gboolean now_live = !m->is_delete;

      if (was_live != now_live)
        count_delta (st, m->kind, now_live ? 1 : -1);
    }
  }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mid");
  json_builder_add_int_value (b, m->mid);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "applied");
  json_builder_set_member_name (b, "rev");
  json_builder_add_int_value (b, cur_rev + 1);
  json_builder_end_object (b);
  return TRUE;
}

void
heeyu_api_push (const HeeyuApi  *api,
                PGconn          *conn,
                const HeeyuUser *user,
                const char      *key,
                GBytes          *body,
                HeeyuReply      *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) claim = NULL;
  g_autoptr(PGresult) ds = NULL;
  g_autoptr(PGresult) client = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) results = NULL;
  g_autoptr(GHashTable) deltas = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *response = NULL;
  g_autofree Mutation *muts = NULL;
  g_autofree char **details = NULL;
  JsonObject *root;
  JsonArray *array;
  const char *client_id;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);
  guint n;
  gint64 last_mid = 0, prev_mid = 0, head_before;
  PushState st = { 0 };
  g_autofree char *strict_detail = NULL;

  if (key == NULL || !text_is_clean (key, 200))
    {
      heeyu_reply_problem (reply, 400, "missing-idempotency-key", "Missing Idempotency-Key",
                           "A push needs an Idempotency-Key header (a UUID per batch).");
      return;
    }
  if (len > 0 && !heeyu_json_check_strict (data, len, MAX_JSON_DEPTH, &strict_detail))
    {
      heeyu_reply_problem (reply, 400, "malformed", "Malformed request", strict_detail);
      return;
    }
  if (len == 0 || !json_parser_load_from_data (parser, data, len, &error))
    {
      g_autofree char *d = g_strdup_printf ("The body is not JSON: %s",
                                            error ? error->message : "it is empty");
      heeyu_reply_problem (reply, 400, "malformed", "Malformed request", d);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto malformed;
  root = json_node_get_object (json_parser_get_root (parser));
  client_id = node_string (json_object_get_member (root, "client_id"));
  if (client_id == NULL || !text_is_clean (client_id, MAX_CLIENT_ID_LEN) ||
      !json_object_has_member (root, "mutations") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "mutations")))
    goto malformed;
  array = json_object_get_array_member (root, "mutations");
  n = json_array_get_length (array);
  if (n > api->max_mutations)
    {
      g_autofree char *d = g_strdup_printf ("A push may carry at most %u mutations; send the "
                                            "outbox in several batches.", api->max_mutations);
      heeyu_reply_problem (reply, 413, "too-many-mutations", "Too many mutations", d);
      return;
    }

  muts = g_new0 (Mutation, n + 1);
  details = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      if (!read_mutation (json_array_get_element (array, i), &muts[i], &details[i]) &&
          muts[i].mid < 1)
        {
          g_autofree char *d = g_strdup_printf ("mutation %u: %s", i, details[i]);

          for (guint k = 0; k <= i; k++)
            g_free (details[k]);
          heeyu_reply_problem (reply, 400, "malformed", "Malformed request", d);
          return;
        }
      if (muts[i].mid <= prev_mid)
        {
          for (guint k = 0; k <= i; k++)
            g_free (details[k]);
          heeyu_reply_problem (reply, 400, "malformed", "Malformed request",
                               "'mid' must grow from one mutation to the next.");
          return;
        }
      prev_mid = muts[i].mid;
    }

  {
    guint8 digest[32];
    g_autofree char *hex = NULL;

    heeyu_sha256 (data, len, digest);
    hex = heeyu_hex_encode (digest, sizeof digest);
    hash = g_strconcat ("\\x", hex, NULL);
  }

  if (!heeyu_db_command (conn, "BEGIN", 0, NULL, &error))
    goto db_fail;
  {
    const char *params[] = { user->name, key, hash };

    /* Claims the key; a concurrent batch with the same key waits here until
     * the first one commits, then finds its results. */
    claim = heeyu_db_exec (conn,
                           "INSERT INTO idempotency_keys (user_name, key, request_hash) "
                           "VALUES ($1, $2, $3::bytea) ON CONFLICT DO NOTHING RETURNING 1",
                           3, params, &error);
    if (claim == NULL)
      goto db_fail;
  }
  if (PQntuples (claim) == 0)
    {
      const char *params[] = { user->name, key, hash };
      g_autoptr(PGresult) prev = NULL;

      prev = heeyu_db_exec (conn,
                            "SELECT request_hash = $3::bytea, response FROM idempotency_keys "
                            "WHERE user_name = $1 AND key = $2",
                            3, params, &error);
      if (prev == NULL)
        goto db_fail;
      heeyu_db_rollback (conn);
      if (PQntuples (prev) != 1 || PQgetisnull (prev, 0, 1))
        {
          heeyu_reply_problem (reply, 409, "in-progress", "Push in progress",
                               "A push with this Idempotency-Key is still being applied.");
          reply->retry_after = 1;
        }
      else if (PQgetvalue (prev, 0, 0)[0] != 't')
        heeyu_reply_problem (reply, 422, "idempotency-key-reused", "Idempotency-Key reused",
                             "This Idempotency-Key was used for a different batch.");
      else
        {
          heeyu_reply_json (reply, 200, g_strdup (PQgetvalue (prev, 0, 1)));
          reply->replayed = TRUE;
        }
      goto out;
    }

  /* Every writer takes the counter row first and holds it to its commit:
   * seqs commit in order, and no two writers can deadlock. */
  ds = heeyu_db_exec (conn, "SELECT seq FROM dataset FOR UPDATE", 0, NULL, &error);
  if (ds == NULL)
    goto db_fail;
  st.head = head_before = g_ascii_strtoll (PQgetvalue (ds, 0, 0), NULL, 10);

  {
    const char *params[] = { user->name, client_id };

    client = heeyu_db_exec (conn,
                            "SELECT last_mid FROM clients WHERE user_name = $1 AND client_id = $2 "
                            "FOR UPDATE",
                            2, params, &error);
    if (client == NULL)
      goto db_fail;
    if (PQntuples (client) == 1)
      last_mid = g_ascii_strtoll (PQgetvalue (client, 0, 0), NULL, 10);
  }

  deltas = g_hash_table_new (NULL, NULL);
  st.conn = conn;
  st.user = user;
  st.client_id = client_id;
  st.key = key;
  st.count_deltas = deltas;

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      const Mutation *m = &muts[i];

      if (m->mid <= last_mid)
        {
          g_autofree char *d = g_strdup_printf ("mutation %" G_GINT64_FORMAT " of this client "
                                                "was processed already (last was %" G_GINT64_FORMAT ")",
                                                m->mid, last_mid);
          add_rejected (b, m->mid, 409, "duplicate-mutation", d);
          continue;
        }
      if (details[i] != NULL)
        add_rejected (b, m->mid, 400, "invalid-mutation", details[i]);
      else if (!apply_mutation (&st, m, b, &error))
        goto db_fail;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  results = json_builder_get_root (b);
  response = heeyu_json_to_string (results);

  if (st.head != head_before)
    {
      g_autofree char *head = g_strdup_printf ("%" G_GINT64_FORMAT, st.head);
      const char *params[] = { head };
      GHashTableIter iter;
      gpointer k, v;

      if (!heeyu_db_command (conn, "UPDATE dataset SET seq = $1::bigint", 1, params, &error))
        goto db_fail;
      g_hash_table_iter_init (&iter, deltas);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          g_autofree char *delta = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) GPOINTER_TO_SIZE (v));
          const char *cparams[] = { k, delta };

          if ((gint64) GPOINTER_TO_SIZE (v) != 0 &&
              !heeyu_db_command (conn,
                                 "INSERT INTO live_counts (kind, n) VALUES ($1, $2::bigint) "
                                 "ON CONFLICT (kind) DO UPDATE SET n = live_counts.n + EXCLUDED.n",
                                 2, cparams, &error))
            goto db_fail;
        }
    }

  if (n > 0 && prev_mid > last_mid)
    {
      g_autofree char *mid = g_strdup_printf ("%" G_GINT64_FORMAT, prev_mid);
      const char *params[] = { user->name, client_id, mid };

      if (!heeyu_db_command (conn,
                             "INSERT INTO clients (user_name, client_id, last_mid) "
                             "VALUES ($1, $2, $3::bigint) ON CONFLICT (user_name, client_id) "
                             "DO UPDATE SET last_mid = greatest (clients.last_mid, EXCLUDED.last_mid),"
                             " updated_at = now ()",
                             3, params, &error))
        goto db_fail;
    }

  {
    const char *params[] = { user->name, key, response };

    if (!heeyu_db_command (conn,
                           "UPDATE idempotency_keys SET response = $3 "
                           "WHERE user_name = $1 AND key = $2",
                           3, params, &error) ||
        !heeyu_db_command (conn, "COMMIT", 0, NULL, &error))
      goto db_fail;
  }

  heeyu_reply_json (reply, 200, g_steal_pointer (&response));
  goto out;

malformed:
  heeyu_reply_problem (reply, 400, "malformed", "Malformed request",
                       "A push is {\"client_id\": \"…\", \"mutations\": [ … ]}.");
  return;

db_fail:
  heeyu_db_rollback (conn);
  heeyu_reply_db_error (reply, error);
out:
  if (details != NULL)
    for (guint i = 0; i < n; i++)
      g_free (details[i]);
}
