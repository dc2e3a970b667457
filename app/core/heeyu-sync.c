/* heeyu-sync.c: keeps the local copy in step with the center's server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state of a sync lives in the database, not in memory, so that a sync
 * killed at any point resumes without losing or doubling anything:
 *   - the push batch in flight (sync_push) is sent again byte for byte with
 *     its Idempotency-Key, and the server answers it from its store;
 *   - pulled pages go to sync_stage with their cursor (meta stage_cursor),
 *     one transaction per page;
 *   - the staged session reaches the record tables in one transaction, with
 *     the new cursor, after the counts check.
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

#define PUSH_BATCH 200
/* The oldest server whose protocol this client speaks. */
#define MIN_SERVER_VERSION "0.1.0"

struct _HeeyuSync
{
  GObject  parent_instance;

  char    *db_path;

  GMutex   lock;          /* guards the settings below against a running sync */
  char    *server_url;
  char    *ca_file;
  char    *token;
  guint    max_attempts;
  guint    base_ms;
  guint    max_ms;
  guint    page_limit;
  gsize    max_response;
  guint    connect_s;
  guint    stall_s;
  guint    request_s;

  gint     running;       /* atomic */
};

G_DEFINE_FINAL_TYPE (HeeyuSync, heeyu_sync, G_TYPE_OBJECT)

G_DEFINE_QUARK (heeyu-sync-error-quark, heeyu_sync_error)

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One sync's working state, private to the thread that runs it. */
typedef struct
{
  HeeyuSync             *self;
  sqlite3               *db;
  CURL                  *curl;
  HeeyuHttpConfig        http;
  char                  *server_url;
  char                  *ca_file;
  char                  *token;
  guint                  max_attempts;
  guint                  base_ms;
  guint                  max_ms;
  guint                  page_limit;
  HeeyuSyncReport       *report;
  HeeyuSyncProgressFunc  progress;
  gpointer               progress_data;
  GCancellable          *cancellable;
  JsonParser            *parser;
} Run;

gboolean
heeyu_sync_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != HEEYU_SYNC_ERROR)
    return FALSE;
  switch (error->code)
    {
    case HEEYU_SYNC_ERROR_DNS:
    case HEEYU_SYNC_ERROR_REFUSED:
    case HEEYU_SYNC_ERROR_NETWORK:
    case HEEYU_SYNC_ERROR_SERVER:
    case HEEYU_SYNC_ERROR_BUSY:
      return TRUE;
    default:
      return FALSE;
    }
}

/* --- object --- */

static void
wipe_token (char **token)
{
  if (*token)
    explicit_bzero (*token, strlen (*token));
  g_clear_pointer (token, g_free);
}

static void
heeyu_sync_finalize (GObject *object)
{
  HeeyuSync *self = (HeeyuSync *) object;

  g_free (self->db_path);
  g_free (self->server_url);
  g_free (self->ca_file);
  wipe_token (&self->token);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (heeyu_sync_parent_class)->finalize (object);
}

static void
heeyu_sync_class_init (HeeyuSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = heeyu_sync_finalize;

  /* (phase, done, total), in the main context of heeyu_sync_run_async()'s
   * caller. */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_INT, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
heeyu_sync_init (HeeyuSync *self)
{
  g_mutex_init (&self->lock);
  self->max_attempts = 6;
  self->base_ms = 1000;
  self->max_ms = 60000;
  self->page_limit = 1000;
  self->max_response = 64 * 1024 * 1024;
  self->connect_s = 15;
  self->stall_s = 30;
  self->request_s = 120;
}

HeeyuSync *
heeyu_sync_new (const char *db_path)
{
  HeeyuSync *self = g_object_new (HEEYU_TYPE_SYNC, NULL);

  self->db_path = db_path ? g_strdup (db_path) : heeyu_cache_default_path ();
  return self;
}

const char *
heeyu_sync_get_db_path (HeeyuSync *self)
{
  g_return_val_if_fail (HEEYU_IS_SYNC (self), NULL);
  return self->db_path;
}

static char *
normalize_url (const char *url)
{
  g_autofree char *u = g_strstrip (g_strdup (url));
  gsize len = strlen (u);

  while (len > 0 && u[len - 1] == '/')
    u[--len] = '\0';
  return len ? g_steal_pointer (&u) : NULL;
}

void
heeyu_sync_set_server (HeeyuSync  *self,
                       const char *url,
                       const char *ca_file)
{
  g_return_if_fail (HEEYU_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  g_free (self->server_url);
  self->server_url = url ? normalize_url (url) : NULL;
  g_free (self->ca_file);
  self->ca_file = ca_file && *ca_file ? g_strdup (ca_file) : NULL;
  g_mutex_unlock (&self->lock);
}

const char *
heeyu_sync_get_server (HeeyuSync *self)
{
  g_return_val_if_fail (HEEYU_IS_SYNC (self), NULL);
  return self->server_url;
}

void
heeyu_sync_set_token (HeeyuSync  *self,
                      const char *token)
{
  g_return_if_fail (HEEYU_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  wipe_token (&self->token);
  self->token = token && *token ? g_strstrip (g_strdup (token)) : NULL;
  g_mutex_unlock (&self->lock);
}

void
heeyu_sync_set_retry (HeeyuSync *self,
                      guint      max_attempts,
                      guint      base_ms,
                      guint      max_ms)
{
  g_return_if_fail (HEEYU_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->max_attempts = MAX (max_attempts, 1);
  self->base_ms = base_ms;
  self->max_ms = MAX (max_ms, base_ms);
  g_mutex_unlock (&self->lock);
}

void
heeyu_sync_set_limits (HeeyuSync *self,
                       guint      page_limit,
                       gsize      max_response)
{
  g_return_if_fail (HEEYU_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->page_limit = CLAMP (page_limit, 1, 5000);
  self->max_response = MAX (max_response, 4096);
  g_mutex_unlock (&self->lock);
}

void
heeyu_sync_set_timeouts (HeeyuSync *self,
                         guint      connect_s,
                         guint      stall_s,
                         guint      request_s)
{
  g_return_if_fail (HEEYU_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->connect_s = MAX (connect_s, 1);
  self->stall_s = MAX (stall_s, 1);
  self->request_s = MAX (request_s, 1);
  g_mutex_unlock (&self->lock);
}

gboolean
heeyu_sync_is_running (HeeyuSync *self)
{
  g_return_val_if_fail (HEEYU_IS_SYNC (self), FALSE);
  return g_atomic_int_get (&self->running) != 0;
}

void
heeyu_sync_server_info_free (HeeyuSyncServerInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->version);
  g_free (info->user);
  g_free (info->role);
  g_free (info);
}

/* --- run state --- */

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->db, sqlite3_close_v2);
  g_clear_pointer (&run->curl, curl_easy_cleanup);
  g_clear_object (&run->parser);
  g_free (run->server_url);
  g_free (run->ca_file);
  wipe_token (&run->token);
}

static gboolean
run_init (Run           *run,
          HeeyuSync     *self,
          gboolean       need_token,
          GCancellable  *cancellable,
          GError       **error)
{
  static gsize curl_ready = 0;

  run->self = self;
  run->cancellable = cancellable;

  if (g_once_init_enter (&curl_ready))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&curl_ready, 1);
    }

  g_mutex_lock (&self->lock);
  run->server_url = g_strdup (self->server_url);
  run->ca_file = g_strdup (self->ca_file);
  run->token = g_strdup (self->token);
  run->max_attempts = self->max_attempts;
  run->base_ms = self->base_ms;
  run->max_ms = self->max_ms;
  run->page_limit = self->page_limit;
  run->http.max_response = self->max_response;
  run->http.connect_s = self->connect_s;
  run->http.stall_s = self->stall_s;
  run->http.request_s = self->request_s;
  g_mutex_unlock (&self->lock);

  if (run->server_url == NULL)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_NOT_CONFIGURED,
                   _("No server is set. Enter the server's address in Preferences."));
      return FALSE;
    }
  if (!g_str_has_prefix (run->server_url, "https://"))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_BAD_URL,
                   _("The server address must start with https:// (it is “%s”)."),
                   run->server_url);
      return FALSE;
    }
  if (need_token && run->token == NULL)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_NOT_CONFIGURED,
                   _("No token is set for %s. Enter your token in Preferences."),
                   run->server_url);
      return FALSE;
    }

  run->http.server_url = run->server_url;
  run->http.ca_file = run->ca_file;
  run->http.token = run->token;
  run->parser = json_parser_new_immutable ();
  if (!(run->curl = curl_easy_init ()))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_LOCAL,
                   _("The network library could not start."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_open_db (Run     *run,
             GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version = 0;

  /* The window and the command line open the cache (checks, migrations)
   * before a sync; a cache nobody opened yet is opened properly here. */
  if (!g_file_test (run->self->db_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(HeeyuCache) cache = heeyu_cache_open (run->self->db_path, error);

      if (cache == NULL)
        return FALSE;
    }
  if (!(run->db = heeyu_cache_open_raw (run->self->db_path, error)))
    return FALSE;
  if (sqlite3_prepare_v2 (run->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  if (version < heeyu_cache_get_latest_version ())
    {
      g_autoptr(HeeyuCache) cache = heeyu_cache_open (run->self->db_path, error);

      if (cache == NULL)
        return FALSE;
    }
  /* A long apply must not make the window's small writes fail. */
  sqlite3_busy_timeout (run->db, 60000);
  return TRUE;
}

static void
report_progress (Run            *run,
                 HeeyuSyncPhase  phase,
                 guint64         done,
                 guint64         total,
                 guint           attempt)
{
  HeeyuSyncProgress p = { phase, done, total, attempt };

  if (run->progress)
    run->progress (&p, run->progress_data);
}

/* --- meta --- */

static char *
meta_get (sqlite3    *db,
          const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *v;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || !(v = (const char *) sqlite3_column_text (stmt, 0)))
    return NULL;
  return g_strdup (v);
}

static gboolean
meta_set (sqlite3     *db,
          const char  *key,
          const char  *value,
          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = heeyu_sql_prepare (db,
                            value
                            ? "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                            : "DELETE FROM meta WHERE key = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return heeyu_sql_fail (db, "saving the sync state", error);
  return TRUE;
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
local_fail (sqlite3     *db,
            const char  *what,
            GError     **error)
{
  g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_LOCAL,
               _("The local database failed while %s: %s"), what, sqlite3_errmsg (db));
  return FALSE;
}

/* --- requests with retries --- */

static gboolean
sleep_cancellable (guint          ms,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (50000, MAX (end - g_get_monotonic_time (), 0)));
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
status_is_transient (const HeeyuHttpReply *reply)
{
  return reply->status == 429 || reply->status == 503 || reply->status >= 500 ||
         reply->status == 409;   /* "in-progress": the same push still being applied */
}

/* Sends a request, retrying transient failures with exponential backoff
 * and jitter, honouring Retry-After.  Returns the reply of any other
 * status for the caller to judge; NULL with @error after the last try. */
static HeeyuHttpReply *
request (Run                *run,
         HeeyuSyncPhase      phase,
         const char         *what,
         const char         *method,
         const char         *path,
         const char * const *headers,
         const char         *body,
         gsize               body_len,
         GError            **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HeeyuHttpReply) reply = NULL;
      guint64 wait_ms;
      guint64 cap;

      reply = heeyu_http_request (run->curl, &run->http, method, path, headers,
                                  body, body_len, run->cancellable, &local_error);
      if (reply != NULL && !status_is_transient (reply))
        return g_steal_pointer (&reply);
      if (reply != NULL)
        heeyu_http_set_status_error (reply, what, &local_error);
      else if (!heeyu_sync_error_is_transient (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (attempt >= run->max_attempts)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* Full jitter over an exponential window: many desktops coming back
       * at once spread out instead of knocking together. */
      cap = MIN ((guint64) run->base_ms << MIN (attempt - 1, 20), (guint64) run->max_ms);
      wait_ms = cap / 2 + (cap > 1 ? g_random_int_range (0, (gint32) MIN (cap / 2 + 1, G_MAXINT32)) : 0);
      if (reply != NULL && reply->retry_after >= 0)
        wait_ms = MAX (wait_ms, (guint64) MIN (reply->retry_after, 3600) * 1000);

      g_debug ("sync: %s failed (%s); try %u in %" G_GUINT64_FORMAT " ms",
               what, local_error->message, attempt + 1, wait_ms);
      report_progress (run, HEEYU_SYNC_PHASE_WAIT, 0, 0, attempt + 1);
      if (!sleep_cancellable ((guint) wait_ms, run->cancellable, error))
        return NULL;
      report_progress (run, phase, 0, 0, attempt + 1);
    }
}

static JsonNode *
parse_reply (Run                  *run,
             const HeeyuHttpReply *reply,
             const char           *what,
             GError              **error)
{
  if (!json_parser_load_from_data (run->parser, (const char *) reply->body->data,
                                   reply->body->len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (run->parser)))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The server's reply to %s is not the expected JSON."), what);
      return NULL;
    }
  return json_parser_get_root (run->parser);
}

/* --- who am I --- */

static gboolean
fetch_me (Run     *run,
          char   **user,
          char   **role,
          GError **error)
{
  g_autoptr(HeeyuHttpReply) reply = NULL;
  JsonNode *root;
  JsonObject *o;

  reply = request (run, HEEYU_SYNC_PHASE_CONNECT, _("the account check"), "GET", "/v1/me",
                   NULL, NULL, 0, error);
  if (reply == NULL)
    return FALSE;
  if (reply->status != 200)
    {
      heeyu_http_set_status_error (reply, _("the account check"), error);
      return FALSE;
    }
  if (!(root = parse_reply (run, reply, _("the account check"), error)))
    return FALSE;
  o = json_node_get_object (root);
  *user = g_strdup (json_object_get_string_member_with_default (o, "user", NULL));
  *role = g_strdup (json_object_get_string_member_with_default (o, "role", NULL));
  if (*user == NULL || *role == NULL)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The server's reply to %s is not the expected JSON."), _("the account check"));
      return FALSE;
    }
  return TRUE;
}

/* --- push --- */

typedef struct
{
  gint64  mid;
  char   *kind;
  char   *id;
  char   *op;
  gint64  base_rev;
  char   *data;
} Sent;

static void
sent_free (gpointer p)
{
  Sent *s = p;

  g_free (s->kind);
  g_free (s->id);
  g_free (s->op);
  g_free (s->data);
  g_free (s);
}

static char *
client_id (Run     *run,
           GError **error)
{
  char *id = meta_get (run->db, "client_id");

  if (id == NULL)
    {
      id = g_uuid_string_random ();
      if (!meta_set (run->db, "client_id", id, error))
        g_clear_pointer (&id, g_free);
    }
  return id;
}

/* Writes the next batch from the outbox into sync_push, with a new key.
 * FALSE with no error when the outbox is empty. */
static gboolean
prepare_batch (Run     *run,
               GError **error)
{
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) save = NULL;
  g_autoptr(sqlite3_stmt) items = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *cid = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = NULL;
  g_autofree char *stamp = now_iso ();
  guint n = 0;
  int rc;

  if (!(cid = client_id (run, error)))
    return FALSE;
  if (!(rows = heeyu_sql_prepare (run->db,
                                  "SELECT mid, kind, id, op, base_rev, data FROM outbox "
                                  "ORDER BY mid LIMIT ?1", error)))
    return FALSE;
  sqlite3_bind_int (rows, 1, PUSH_BATCH);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "client_id");
  json_builder_add_string_value (b, cid);
  json_builder_set_member_name (b, "mutations");
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (rows, 3);
      const char *data = (const char *) sqlite3_column_text (rows, 5);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mid");
      json_builder_add_int_value (b, sqlite3_column_int64 (rows, 0));
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (rows, 1));
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (rows, 2));
      json_builder_set_member_name (b, "op");
      json_builder_add_string_value (b, op);
      json_builder_set_member_name (b, "base_rev");
      json_builder_add_int_value (b, sqlite3_column_int64 (rows, 4));
      if (data && g_strcmp0 (op, "delete") != 0)
        {
          JsonNode *node = json_from_string (data, NULL);

          json_builder_set_member_name (b, "data");
          if (node)
            json_builder_add_value (b, node);
          else
            /* Sent as it is: the server rejects it with a reason that the
             * conflicts view shows, instead of the outbox sticking. */
            json_builder_add_string_value (b, data);
        }
      json_builder_end_object (b);
      n++;
    }
  if (rc != SQLITE_DONE)
    return local_fail (run->db, "reading the outbox", error);
  json_builder_end_array (b);
  json_builder_end_object (b);

  if (n == 0)
    return FALSE;

  root = json_builder_get_root (b);
  body = json_to_string (root, FALSE);
  if (!(save = heeyu_sql_prepare (run->db,
                                  "INSERT INTO sync_push (key, body, created_at) VALUES (?1, ?2, ?3)",
                                  error)))
    return FALSE;
  sqlite3_bind_text (save, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (save, 2, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (save, 3, stamp, -1, SQLITE_STATIC);
  if (sqlite3_step (save) != SQLITE_DONE)
    return local_fail (run->db, "saving the push", error);
  if (!(items = heeyu_sql_prepare (run->db,
                                   "INSERT INTO sync_push_item (key, mid, kind, id, op, base_rev, data) "
                                   "SELECT ?1, mid, kind, id, op, base_rev, data FROM outbox "
                                   "ORDER BY mid LIMIT ?2", error)))
    return FALSE;
  sqlite3_bind_text (items, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int (items, 2, PUSH_BATCH);
  if (sqlite3_step (items) != SQLITE_DONE)
    return local_fail (run->db, "saving the push", error);
  return TRUE;
}

static GHashTable *
read_sent (sqlite3     *db,
           const char  *key,
           GError     **error)
{
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, sent_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = heeyu_sql_prepare (db, "SELECT mid, kind, id, op, base_rev, data FROM sync_push_item "
                                      "WHERE key = ?1", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Sent *s = g_new0 (Sent, 1);

      s->mid = sqlite3_column_int64 (stmt, 0);
      s->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      s->id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      s->op = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      s->base_rev = sqlite3_column_int64 (stmt, 4);
      s->data = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_hash_table_insert (sent, &s->mid, s);
    }
  if (rc != SQLITE_DONE)
    {
      local_fail (db, "reading the push", error);
      return NULL;
    }
  return g_steal_pointer (&sent);
}

static gboolean
exec_bound (sqlite3     *db,
            const char  *sql,
            const char  *kind,
            const char  *id,
            gint64       n,
            const char  *key,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = heeyu_sql_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, n);
  if (key)
    sqlite3_bind_text (stmt, 4, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return local_fail (db, "recording the push", error);
  return TRUE;
}

/* The newest queued version of a record, for a conflict: an edit made
 * while the push was on its way supersedes the one sent. */
static void
latest_queued (sqlite3  *db,
               Sent     *s,
               char    **op,
               char    **data)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *op = g_strdup (s->op);
  *data = g_strdup (s->data);
  if (sqlite3_prepare_v2 (db, "SELECT op, data FROM outbox WHERE kind = ?1 AND id = ?2 "
                          "ORDER BY mid DESC LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_text (stmt, 1, s->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, s->id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_free (*op);
      g_free (*data);
      *op = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *data = sqlite3_column_type (stmt, 1) == SQLITE_NULL
              ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
}

static gboolean
keep_conflict (Run         *run,
               Sent        *s,
               const char  *server,
               const char  *problem,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *op = NULL;
  g_autofree char *data = NULL;
  g_autofree char *stamp = now_iso ();

  latest_queued (run->db, s, &op, &data);
  if (!(stmt = heeyu_sql_prepare (run->db,
                                  "INSERT INTO conflict (kind, record_id, op, base_rev, local_data, "
                                  "  server, problem, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                  "ON CONFLICT (kind, record_id) DO UPDATE SET op = excluded.op, "
                                  "  base_rev = excluded.base_rev, local_data = excluded.local_data, "
                                  "  server = coalesce (excluded.server, server), "
                                  "  problem = excluded.problem",
                                  error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, s->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, s->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, op, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, s->base_rev);
  sqlite3_bind_text (stmt, 5, data, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, server, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, problem, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, stamp, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return local_fail (run->db, "keeping a conflict", error);

  /* The edit now waits in the conflict table, all of it. */
  return exec_bound (run->db, "DELETE FROM outbox WHERE kind = ?1 AND id = ?2 AND ?3 >= 0",
                     s->kind, s->id, 0, NULL, error);
}

/* Applies the server's answer to the batch: one transaction, which also
 * forgets the batch, so an answer is acted on exactly once. */
static gboolean
record_results (Run         *run,
                const char  *key,
                JsonNode    *root,
                GError     **error)
{
  g_autoptr(GHashTable) sent = NULL;
  g_autoptr(sqlite3_stmt) forget = NULL;
  JsonArray *results;

  if (!(sent = read_sent (run->db, key, error)))
    return FALSE;
  if (!json_object_has_member (json_node_get_object (root), "results") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "results")))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The server's reply to %s is not the expected JSON."), _("the push"));
      return FALSE;
    }
  results = json_object_get_array_member (json_node_get_object (root), "results");

  if (!heeyu_sql_exec (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *rn = json_array_get_element (results, i);
      JsonObject *r;
      const char *status;
      gint64 mid;
      Sent *s;

      if (!JSON_NODE_HOLDS_OBJECT (rn))
        continue;
      r = json_node_get_object (rn);
      mid = json_object_get_int_member_with_default (r, "mid", 0);
      status = json_object_get_string_member_with_default (r, "status", "");
      if (!(s = g_hash_table_lookup (sent, &mid)))
        continue;

      if (g_str_equal (status, "applied") ||
          (g_str_equal (status, "rejected") &&
           g_str_has_suffix (json_object_get_string_member_with_default (r, "type", ""),
                             "duplicate-mutation")))
        {
          /* duplicate-mutation: the server took this mid before (an earlier
           * batch whose answer was lost); the pull brings its result. */
          gint64 rev = json_object_get_int_member_with_default (r, "rev", 0);

          /* Done, unless the user changed the entry in place while it was
           * on its way: then the newer text goes again under a new mid. */
          if (!exec_bound (run->db,
                           "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) "
                           "SELECT o.kind, o.id, o.op, o.base_rev, o.data, o.created_at "
                           "FROM outbox o JOIN sync_push_item p ON p.mid = o.mid "
                           "WHERE o.kind = ?1 AND o.id = ?2 AND o.mid = ?3 AND p.key = ?4 "
                           "  AND (o.op IS NOT p.op OR o.data IS NOT p.data)",
                           s->kind, s->id, s->mid, key, error) ||
              !exec_bound (run->db, "DELETE FROM outbox WHERE kind = ?1 AND id = ?2 AND mid = ?3",
                           s->kind, s->id, s->mid, NULL, error))
            goto fail;
          /* An edit queued while this one was on its way builds on it. */
          if (rev > 0 &&
              !exec_bound (run->db, "UPDATE outbox SET base_rev = ?3 WHERE kind = ?1 AND id = ?2",
                           s->kind, s->id, rev, NULL, error))
            goto fail;
          if (!exec_bound (run->db, "DELETE FROM sync_held WHERE kind = ?1 AND id = ?2 AND ?3 >= 0",
                           s->kind, s->id, 0, NULL, error))
            goto fail;
          if (g_str_equal (status, "applied"))
            run->report->pushed++;
        }
      else if (g_str_equal (status, "conflict"))
        {
          JsonNode *server = json_object_get_member (r, "server");
          g_autofree char *server_text = server ? json_to_string (server, FALSE) : NULL;

          if (!keep_conflict (run, s, server_text, NULL, error))
            goto fail;
          run->report->conflicts++;
        }
      else
        {
          const char *detail = json_object_get_string_member_with_default (r, "detail", NULL);
          const char *title = json_object_get_string_member_with_default (r, "title", NULL);

          if (!keep_conflict (run, s, NULL,
                              detail ? detail : title ? title : _("The server refused this edit."),
                              error))
            goto fail;
          run->report->rejected++;
        }
    }

  if (!(forget = heeyu_sql_prepare (run->db, "DELETE FROM sync_push WHERE key = ?1", error)))
    goto fail;
  sqlite3_bind_text (forget, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (forget) != SQLITE_DONE)
    {
      local_fail (run->db, "recording the push", error);
      goto fail;
    }
  if (!exec_bound (run->db, "DELETE FROM sync_push_item WHERE key = ?4 AND ?3 >= 0",
                   "", "", 0, key, error))
    goto fail;
  if (!heeyu_sql_exec (run->db, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (run->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
push (Run     *run,
      GError **error)
{
  guint64 total = 0;
  guint64 done = 0;

  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    if (sqlite3_prepare_v2 (run->db, "SELECT count(*) FROM outbox", -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step (stmt) == SQLITE_ROW)
      total = sqlite3_column_int64 (stmt, 0);
  }

  for (;;)
    {
      g_autoptr(sqlite3_stmt) pending = NULL;
      g_autoptr(HeeyuHttpReply) reply = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *key = NULL;
      g_autofree char *body = NULL;
      g_autofree char *key_header = NULL;
      JsonNode *root;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      /* A batch already in sync_push was sent before and may have been
       * applied: it goes again unchanged, under the same key. */
      if (!(pending = heeyu_sql_prepare (run->db, "SELECT key, body FROM sync_push LIMIT 1", error)))
        return FALSE;
      if (sqlite3_step (pending) != SQLITE_ROW)
        {
          sqlite3_reset (pending);
          if (!prepare_batch (run, &local_error))
            {
              if (local_error)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              return TRUE;   /* the outbox is empty */
            }
          if (sqlite3_step (pending) != SQLITE_ROW)
            return local_fail (run->db, "reading the push", error);
        }
      key = g_strdup ((const char *) sqlite3_column_text (pending, 0));
      body = g_strdup ((const char *) sqlite3_column_text (pending, 1));
      g_clear_pointer (&pending, sqlite3_finalize);

      report_progress (run, HEEYU_SYNC_PHASE_PUSH, done, MAX (total, done), 1);
      key_header = g_strconcat ("Idempotency-Key: ", key, NULL);
      {
        const char *headers[] = { key_header, NULL };

        reply = request (run, HEEYU_SYNC_PHASE_PUSH, _("the push"), "POST", "/v1/push",
                         headers, body, strlen (body), error);
      }
      if (reply == NULL)
        return FALSE;

      if (reply->status == 422)
        {
          /* The key was taken by another body: this batch was never
           * applied.  Make it again under a new key. */
          g_autoptr(sqlite3_stmt) drop = heeyu_sql_prepare (run->db, "DELETE FROM sync_push WHERE key = ?1", error);

          if (drop == NULL)
            return FALSE;
          sqlite3_bind_text (drop, 1, key, -1, SQLITE_STATIC);
          sqlite3_step (drop);
          if (!exec_bound (run->db, "DELETE FROM sync_push_item WHERE key = ?4 AND ?3 >= 0",
                           "", "", 0, key, error))
            return FALSE;
          continue;
        }
      if (reply->status != 200)
        {
          heeyu_http_set_status_error (reply, _("the push"), error);
          return FALSE;
        }
      if (!(root = parse_reply (run, reply, _("the push"), error)) ||
          !record_results (run, key, root, error))
        return FALSE;

      {
        JsonNode *r = json_object_get_member (json_node_get_object (root), "results");

        done += json_array_get_length (json_node_get_array (r));
      }
      report_progress (run, HEEYU_SYNC_PHASE_PUSH, done, MAX (total, done), 1);
    }
}

/* --- pull --- */

static gboolean
stage_page (Run         *run,
            JsonArray   *items,
            const char  *next_cursor,
            gboolean     full,
            gboolean     done,
            const char  *counts,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  guint n = json_array_get_length (items);

  if (!heeyu_sql_exec (run->db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!(insert = heeyu_sql_prepare (run->db, "INSERT INTO sync_stage (envelope) VALUES (?1)", error)))
    goto fail;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HeeyuEnvelope) env = NULL;
      g_autofree char *text = NULL;

      /* A bad record fails the page before anything of it is kept. */
      if (!(env = heeyu_envelope_from_json (item, &local_error)))
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                       _("The server sent a record that is not valid: %s"), local_error->message);
          goto fail;
        }
      text = json_to_string (item, FALSE);
      sqlite3_bind_text (insert, 1, text, -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          local_fail (run->db, "staging the pulled records", error);
          goto fail;
        }
      sqlite3_reset (insert);
    }

  if (!meta_set (run->db, "stage_cursor", next_cursor, error) ||
      !meta_set (run->db, "stage_full", full ? "1" : "0", error) ||
      !meta_set (run->db, "stage_done", done ? "1" : NULL, error) ||
      !meta_set (run->db, "stage_counts", counts, error) ||
      !heeyu_sql_exec (run->db, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (run->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
clear_stage (sqlite3  *db,
             gboolean  forget_cursor,
             GError  **error)
{
  if (!heeyu_sql_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!heeyu_sql_exec (db, "DELETE FROM sync_stage;"
                           "DELETE FROM meta WHERE key IN ('stage_cursor', 'stage_full', "
                           "  'stage_done', 'stage_counts')", error) ||
      (forget_cursor &&
       !heeyu_sql_exec (db, "DELETE FROM meta WHERE key IN ('cursor', 'etag', 'etag_cursor')", error)) ||
      !heeyu_sql_exec (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static guint64
count_rows (sqlite3    *db,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* Fetches pages into the stage until the server has no more.  Sets @idle
 * when the server answered 304 at the head. */
static gboolean
pull_pages (Run       *run,
            gboolean  *idle,
            GError   **error)
{
  g_autofree char *cursor = meta_get (run->db, "stage_cursor");
  g_autofree char *stage_full = meta_get (run->db, "stage_full");
  g_autofree char *stage_done = meta_get (run->db, "stage_done");
  g_autofree char *total_text = meta_get (run->db, "server_total");
  gboolean full;
  gboolean restarted = FALSE;
  guint64 done = count_rows (run->db, "SELECT count(*) FROM sync_stage");
  guint64 total = 0;

  *idle = FALSE;
  if (stage_done != NULL)
    return TRUE;   /* every page is here; the apply was interrupted */

  if (cursor != NULL)
    full = g_strcmp0 (stage_full, "1") == 0;
  else
    {
      cursor = meta_get (run->db, "cursor");
      full = cursor == NULL;
    }
  if (full && total_text)
    total = g_ascii_strtoull (total_text, NULL, 10);
  run->report->full = full;

  for (;;)
    {
      g_autoptr(HeeyuHttpReply) reply = NULL;
      g_autoptr(GString) path = g_string_new ("/v1/changes");
      g_autofree char *etag_cursor = meta_get (run->db, "etag_cursor");
      g_autofree char *etag = meta_get (run->db, "etag");
      g_autofree char *if_none_match = NULL;
      g_autofree char *counts_text = NULL;
      const char *headers[] = { NULL, NULL };
      JsonNode *root;
      JsonObject *o;
      JsonArray *items;
      const char *next;
      gboolean has_more;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      g_string_append_printf (path, "?limit=%u", run->page_limit);
      if (cursor)
        {
          g_autofree char *esc = g_uri_escape_string (cursor, NULL, FALSE);

          g_string_append_printf (path, "&cursor=%s", esc);
          if (etag && g_strcmp0 (etag_cursor, cursor) == 0 && done == 0)
            headers[0] = if_none_match = g_strconcat ("If-None-Match: ", etag, NULL);
        }

      report_progress (run, HEEYU_SYNC_PHASE_PULL, done, MAX (total, done), 1);
      reply = request (run, HEEYU_SYNC_PHASE_PULL, _("the download of changes"), "GET", path->str,
                       headers, NULL, 0, error);
      if (reply == NULL)
        return FALSE;

      if (reply->status == 304)
        {
          *idle = TRUE;
          return TRUE;
        }
      if (reply->status == 410)
        {
          /* The cursor is older than the server's memory, or from before a
           * restore: start over, keeping the outbox. */
          if (restarted || cursor == NULL)
            {
              heeyu_http_set_status_error (reply, _("the download of changes"), error);
              return FALSE;
            }
          if (!clear_stage (run->db, TRUE, error))
            return FALSE;
          g_clear_pointer (&cursor, g_free);
          full = TRUE;
          restarted = TRUE;
          done = 0;
          run->report->full = TRUE;
          run->report->restarted = TRUE;
          continue;
        }
      if (reply->status != 200)
        {
          heeyu_http_set_status_error (reply, _("the download of changes"), error);
          return FALSE;
        }

      if (!(root = parse_reply (run, reply, _("the download of changes"), error)))
        return FALSE;
      o = json_node_get_object (root);
      if (!json_object_has_member (o, "items") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "items")) ||
          !(next = json_object_get_string_member_with_default (o, "next_cursor", NULL)) ||
          !json_object_has_member (o, "has_more"))
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                       _("The server's reply to %s is not the expected JSON."),
                       _("the download of changes"));
          return FALSE;
        }
      items = json_object_get_array_member (o, "items");
      has_more = json_object_get_boolean_member (o, "has_more");
      if (!has_more)
        {
          if (!json_object_has_member (o, "counts") ||
              !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "counts")))
            {
              g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                           _("The last page of changes has no record counts to check against."));
              return FALSE;
            }
          counts_text = json_to_string (json_object_get_member (o, "counts"), FALSE);
        }

      if (!stage_page (run, items, next, full, !has_more, counts_text, error))
        return FALSE;
      done += json_array_get_length (items);
      run->report->pulled += json_array_get_length (items);

      if (!has_more)
        {
          /* The head: remember its ETag, so that the next sync from the
           * same cursor is a 304 when nothing changed. */
          if (reply->etag && cursor && g_str_equal (next, cursor))
            {
              meta_set (run->db, "etag", reply->etag, NULL);
              meta_set (run->db, "etag_cursor", cursor, NULL);
            }
          report_progress (run, HEEYU_SYNC_PHASE_PULL, done, done, 1);
          return TRUE;
        }
      g_free (cursor);
      cursor = g_strdup (next);
    }
}

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

/* TRUE when the local tables hold what the server counted, give or take
 * the records a local edit holds (a new note the server has not seen, a
 * deletion not yet sent). */
static gboolean
check_counts (Run         *run,
              Apply       *a,
              const char  *counts_text,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char * const *kinds = heeyu_record_kinds ();
  JsonObject *counts;

  if (!json_parser_load_from_data (parser, counts_text ? counts_text : "", -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The last page of changes has no record counts to check against."));
      return FALSE;
    }
  counts = json_node_get_object (json_parser_get_root (parser));

  for (guint k = 0; kinds[k]; k++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", kinds[k]);
      gint64 local = (gint64) count_rows (run->db, sql);
      gint64 server = json_object_get_int_member_with_default (counts, kinds[k], 0);
      gint64 slack = 0;
      g_autofree char *prefix = g_strconcat (kinds[k], "\x1f", NULL);
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, a->pending);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_str_has_prefix (key, prefix))
          slack++;

      if (ABS (local - server) > slack)
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_MISMATCH,
                       _("After the sync the local copy holds %lld records of kind “%s” but "
                         "the server holds %lld."),
                       (long long) local, kinds[k], (long long) server);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply_stage (Run     *run,
             GError **error)
{
  g_autofree char *stage_full = meta_get (run->db, "stage_full");
  g_autofree char *counts = meta_get (run->db, "stage_counts");
  g_autofree char *next_cursor = meta_get (run->db, "stage_cursor");
  g_autofree char *dataset = meta_get (run->db, "dataset");
  g_autofree char *stamp = now_iso ();
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
  guint64 total = count_rows (run->db, "SELECT count(*) FROM sync_stage");
  guint64 done = 0;
  gint64 server_total = 0;
  int rc;

  if (next_cursor == NULL)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_LOCAL, _("The saved sync state is incomplete."));
      return FALSE;
    }

  report_progress (run, HEEYU_SYNC_PHASE_APPLY, 0, total, 1);
  if (!(batch = heeyu_ingest_batch_begin (run->db, error)))
    return FALSE;

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

  if (full)
    {
      /* A full session is the whole dataset: what the server no longer has
       * goes, except what a local edit holds.  "gone" starts with every
       * local record and loses each one the session brings. */
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

  if (!(rows = heeyu_sql_prepare (run->db, "SELECT envelope FROM sync_stage ORDER BY seq", error)))
    goto fail;
  while ((rc = sqlite3_step (rows)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (rows, 0);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HeeyuEnvelope) env = NULL;
      g_autofree char *key = NULL;

      if (!json_parser_load_from_data (parser, text, -1, &local_error) ||
          !(env = heeyu_envelope_from_json (json_parser_get_root (parser), &local_error)))
        {
          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_LOCAL,
                       _("A staged record is damaged: %s"), local_error->message);
          goto fail;
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
              local_fail (run->db, "holding a record back", error);
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
          if (!heeyu_ingest_batch_apply (batch, env, &stats, &local_error))
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
          report_progress (run, HEEYU_SYNC_PHASE_APPLY, done, total, 1);
        }
    }
  if (rc != SQLITE_DONE)
    {
      local_fail (run->db, "reading the staged records", error);
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

  if (!check_counts (run, &a, counts, error))
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
        !meta_set (run->db, "cursor", next_cursor, error) ||
        !meta_set (run->db, "last_sync", stamp, error) ||
        !meta_set (run->db, "dataset", run->server_url, error) ||
        !meta_set (run->db, "server_total", total_text, error) ||
        !meta_set (run->db, "sync_error", NULL, error))
      goto fail;
  }

  run->report->applied += stats.applied;
  run->report->deleted += stats.deleted;
  apply_clear (&a);
  if (!heeyu_ingest_batch_commit (batch, error))
    return FALSE;
  report_progress (run, HEEYU_SYNC_PHASE_APPLY, total, total, 1);
  return TRUE;

fail:
  apply_clear (&a);
  heeyu_ingest_batch_abort (batch);
  return FALSE;
}

static gboolean
pull (Run     *run,
      GError **error)
{
  for (guint round = 0;; round++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean idle = FALSE;

      if (!pull_pages (run, &idle, error))
        return FALSE;
      if (idle)
        {
          g_autofree char *stamp = now_iso ();

          run->report->idle = TRUE;
          return meta_set (run->db, "last_sync", stamp, error) &&
                 meta_set (run->db, "sync_error", NULL, error);
        }
      if (apply_stage (run, &local_error))
        return TRUE;

      /* The counts disagree after an incremental session: the local copy
       * drifted (a lost tombstone…).  Start over once, keeping the
       * outbox; a full session that disagrees is reported. */
      if (g_error_matches (local_error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_MISMATCH) &&
          round == 0 && !run->report->full)
        {
          g_warning ("sync: %s; starting a full sync", local_error->message);
          if (!clear_stage (run->db, TRUE, error))
            return FALSE;
          continue;
        }
      if (g_error_matches (local_error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_MISMATCH))
        clear_stage (run->db, TRUE, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
}

/* --- the whole sync --- */

gboolean
heeyu_sync_run (HeeyuSync             *self,
                HeeyuSyncReport       *report,
                HeeyuSyncProgressFunc  progress,
                gpointer               user_data,
                GCancellable          *cancellable,
                GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *role = NULL;
  HeeyuSyncReport ignored = { 0 };
  Run run = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (HEEYU_IS_SYNC (self), FALSE);

  if (!g_atomic_int_compare_and_exchange (&self->running, 0, 1))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_BUSY,
                   _("A sync is already running."));
      return FALSE;
    }

  run.report = report ? report : &ignored;
  memset (run.report, 0, sizeof *run.report);
  run.progress = progress;
  run.progress_data = user_data;

  if (!run_init (&run, self, TRUE, cancellable, &local_error) ||
      !run_open_db (&run, &local_error))
    goto out;

  report_progress (&run, HEEYU_SYNC_PHASE_CONNECT, 0, 0, 1);
  {
    g_autofree char *stamp = now_iso ();

    meta_set (run.db, "sync_attempt", stamp, NULL);
  }

  /* Who the server says we are: notes and edits are signed with it, and
   * a bad token stops here before anything else is sent. */
  if (!fetch_me (&run, &user, &role, &local_error) ||
      !meta_set (run.db, "user", user, &local_error) ||
      !meta_set (run.db, "role", role, &local_error))
    goto out;

  /* Push what waits, pull, then push what was edited meanwhile. */
  if (!push (&run, &local_error) ||
      !pull (&run, &local_error) ||
      !push (&run, &local_error))
    goto out;

  ok = TRUE;

out:
  if (!ok && run.db && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    meta_set (run.db, "sync_error", local_error->message, NULL);
  run_clear (&run);
  g_atomic_int_set (&self->running, 0);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* --- in a worker thread --- */

typedef struct
{
  HeeyuSync       *self;
  GMainContext    *context;
  HeeyuSyncReport  report;
  gint64           last_emit;
} AsyncData;

typedef struct
{
  HeeyuSync *self;
  int        phase;
  guint64    done;
  guint64    total;
} ProgressEmit;

static gboolean
emit_progress_cb (gpointer data)
{
  ProgressEmit *p = data;

  g_signal_emit (p->self, signals[SIGNAL_PROGRESS], 0, p->phase, p->done, p->total);
  g_object_unref (p->self);
  g_free (p);
  return G_SOURCE_REMOVE;
}

static void
thread_progress (const HeeyuSyncProgress *progress,
                 gpointer                 user_data)
{
  AsyncData *d = user_data;
  gint64 now = g_get_monotonic_time ();
  ProgressEmit *p;

  /* About ten updates a second are plenty for a progress label. */
  if (now - d->last_emit < 100000 && progress->done != progress->total &&
      progress->phase != HEEYU_SYNC_PHASE_WAIT)
    return;
  d->last_emit = now;

  p = g_new0 (ProgressEmit, 1);
  p->self = g_object_ref (d->self);
  p->phase = progress->phase;
  p->done = progress->done;
  p->total = progress->total;
  g_main_context_invoke_full (d->context, G_PRIORITY_DEFAULT, emit_progress_cb, p, NULL);
}

static void
async_data_free (gpointer p)
{
  AsyncData *d = p;

  g_main_context_unref (d->context);
  g_free (d);
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AsyncData *d = task_data;
  GError *error = NULL;

  if (heeyu_sync_run (d->self, &d->report, thread_progress, d, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
heeyu_sync_run_async (HeeyuSync           *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *d;

  g_return_if_fail (HEEYU_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, heeyu_sync_run_async);
  d = g_new0 (AsyncData, 1);
  d->self = self;
  d->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, d, async_data_free);
  g_task_run_in_thread (task, run_thread);
}

gboolean
heeyu_sync_run_finish (HeeyuSync        *self,
                       GAsyncResult     *result,
                       HeeyuSyncReport  *report,
                       GError          **error)
{
  AsyncData *d;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  d = g_task_get_task_data (G_TASK (result));
  if (report)
    *report = d->report;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- test connection --- */

/* Compares dotted versions numerically: "0.10.0" > "0.9.1". */
static int
compare_versions (const char *a,
                  const char *b)
{
  g_auto(GStrv) pa = g_strsplit (a, ".", -1);
  g_auto(GStrv) pb = g_strsplit (b, ".", -1);

  for (guint i = 0; pa[i] || pb[i]; i++)
    {
      guint64 x = pa[i] ? g_ascii_strtoull (pa[i], NULL, 10) : 0;
      guint64 y = pb[i] ? g_ascii_strtoull (pb[i], NULL, 10) : 0;

      if (x != y)
        return x < y ? -1 : 1;
      if (!pa[i] || !pb[i])
        break;
    }
  return 0;
}

HeeyuSyncServerInfo *
heeyu_sync_check (HeeyuSync     *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(HeeyuSyncServerInfo) info = g_new0 (HeeyuSyncServerInfo, 1);
  g_autoptr(HeeyuHttpReply) reply = NULL;
  Run run = { 0 };
  HeeyuSyncReport ignored = { 0 };
  JsonNode *root;
  JsonObject *o;
  gboolean ok = FALSE;

  g_return_val_if_fail (HEEYU_IS_SYNC (self), NULL);

  run.report = &ignored;
  if (!run_init (&run, self, FALSE, cancellable, error))
    goto out;
  /* A test answers now: no retries. */
  run.max_attempts = 1;

  {
    const char *token = run.http.token;

    /* /v1/health takes no token: do not send it before the server is
     * known to be the right one. */
    run.http.token = NULL;
    reply = heeyu_http_request (run.curl, &run.http, "GET", "/v1/health", NULL, NULL, 0,
                                cancellable, error);
    run.http.token = token;
  }
  if (reply == NULL)
    goto out;
  if (reply->status != 200)
    {
      if (reply->status == 404)
        g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_SERVER_TOO_OLD,
                     _("The server answers, but not as a Heeyu server with protocol v1: it is "
                       "too old for this Heeyu, or the address is wrong."));
      else
        heeyu_http_set_status_error (reply, _("the health check"), error);
      goto out;
    }
  if (!(root = parse_reply (&run, reply, _("the health check"), error)))
    goto out;
  o = json_node_get_object (root);
  info->version = g_strdup (json_object_get_string_member_with_default (o, "version", NULL));
  if (info->version == NULL || compare_versions (info->version, MIN_SERVER_VERSION) < 0)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_SERVER_TOO_OLD,
                   _("The server runs version %s; this Heeyu needs %s or newer."),
                   info->version ? info->version : "?", MIN_SERVER_VERSION);
      goto out;
    }

  if (run.token == NULL)
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_NOT_CONFIGURED,
                   _("The server answers (version %s), but no token is set."), info->version);
      goto out;
    }
  if (!fetch_me (&run, &info->user, &info->role, error))
    goto out;
  ok = TRUE;

out:
  run_clear (&run);
  return ok ? g_steal_pointer (&info) : NULL;
}

/* --- status --- */

char *
heeyu_sync_status_json (const char  *db_path,
                        GError     **error)
{
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *base = NULL;
  sqlite3 *db;
  static const char * const keys[] = {
    "dataset", "user", "role", "sync_attempt", "sync_error",
  };
  static const char * const names[] = {
    "server", "user", "role", "last_attempt", "last_error",
  };

  if (!(cache = heeyu_cache_open (db_path, error)))
    return NULL;
  db = heeyu_cache_get_db (cache);

  base = heeyu_cache_status_json (cache);
  if (!json_parser_load_from_data (parser, base, -1, error))
    return NULL;
  root = json_node_copy (json_parser_get_root (parser));

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *v = meta_get (db, keys[i]);

      json_builder_set_member_name (b, names[i]);
      if (v)
        json_builder_add_string_value (b, v);
      else
        json_builder_add_null_value (b);
    }
  json_builder_set_member_name (b, "conflicts");
  json_builder_add_int_value (b, heeyu_conflicts_count (db));
  json_builder_set_member_name (b, "staged");
  json_builder_add_int_value (b, count_rows (db, "SELECT count(*) FROM sync_stage"));
  json_builder_set_member_name (b, "held");
  json_builder_add_int_value (b, count_rows (db, "SELECT count(*) FROM sync_held"));
  json_builder_set_member_name (b, "push_in_flight");
  json_builder_add_boolean_value (b, count_rows (db, "SELECT count(*) FROM sync_push") > 0);
  json_builder_end_object (b);

  json_object_set_member (json_node_get_object (root), "sync", json_builder_get_root (b));
  return json_to_string (root, TRUE);
}
