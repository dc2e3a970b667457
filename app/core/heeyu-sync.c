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

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
  /* No mmap window for the sync's connection: the pages it touches while
   * staging and applying a large session would all count as resident
   * (bench-sync.sh: 386 MiB peak RSS with it), and the writes go through
   * the page cache anyway. */
  sqlite3_exec (run->db, "PRAGMA mmap_size = 0", NULL, NULL, NULL);
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

void
heeyu_sync_report_progress (Run            *run,
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

char *
heeyu_sync_meta_get (sqlite3    *db,
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

gboolean
heeyu_sync_meta_set (sqlite3     *db,
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

char *
heeyu_sync_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
heeyu_sync_local_fail (sqlite3     *db,
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
HeeyuHttpReply *
heeyu_sync_request (Run                *run,
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
      heeyu_sync_report_progress (run, HEEYU_SYNC_PHASE_WAIT, 0, 0, attempt + 1);
      if (!sleep_cancellable ((guint) wait_ms, run->cancellable, error))
        return NULL;
      heeyu_sync_report_progress (run, phase, 0, 0, attempt + 1);
    }
}

JsonNode *
heeyu_sync_parse_reply (Run                  *run,
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

  reply = heeyu_sync_request (run, HEEYU_SYNC_PHASE_CONNECT, _("the account check"), "GET", "/v1/me",
                              NULL, NULL, 0, error);
  if (reply == NULL)
    return FALSE;
  if (reply->status != 200)
    {
      heeyu_http_set_status_error (reply, _("the account check"), error);
      return FALSE;
    }
  if (!(root = heeyu_sync_parse_reply (run, reply, _("the account check"), error)))
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
  gint64 t[6] = { g_get_monotonic_time (), 0, 0, 0, 0, 0 };

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
  t[1] = g_get_monotonic_time ();

  heeyu_sync_report_progress (&run, HEEYU_SYNC_PHASE_CONNECT, 0, 0, 1);
  {
    g_autofree char *stamp = heeyu_sync_now_iso ();

    heeyu_sync_meta_set (run.db, "sync_attempt", stamp, NULL);
  }

  /* Who the server says we are: notes and edits are signed with it, and
   * a bad token stops here before anything else is sent. */
  if (!fetch_me (&run, &user, &role, &local_error) ||
      !heeyu_sync_meta_set (run.db, "user", user, &local_error) ||
      !heeyu_sync_meta_set (run.db, "role", role, &local_error))
    goto out;

  /* Push what waits, pull, then push what was edited meanwhile. */
  t[2] = g_get_monotonic_time ();
  if (!heeyu_sync_push (&run, &local_error))
    goto out;
  t[3] = g_get_monotonic_time ();
  if (!heeyu_sync_pull (&run, &local_error))
    goto out;
  t[4] = g_get_monotonic_time ();
  if (!heeyu_sync_push (&run, &local_error))
    goto out;
  t[5] = g_get_monotonic_time ();

  g_debug ("sync: done in %.1f ms: open %.1f ms, account check %.1f ms, push %.1f ms, "
           "pull and apply %.1f ms, push %.1f ms",
           (t[5] - t[0]) / 1000., (t[1] - t[0]) / 1000., (t[2] - t[1]) / 1000.,
           (t[3] - t[2]) / 1000., (t[4] - t[3]) / 1000., (t[5] - t[4]) / 1000.);
  ok = TRUE;

out:
  if (!ok && run.db && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    heeyu_sync_meta_set (run.db, "sync_error", local_error->message, NULL);
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
  if (!(root = heeyu_sync_parse_reply (&run, reply, _("the health check"), error)))
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
      g_autofree char *v = heeyu_sync_meta_get (db, keys[i]);

      json_builder_set_member_name (b, names[i]);
      if (v)
        json_builder_add_string_value (b, v);
      else
        json_builder_add_null_value (b);
    }
  json_builder_set_member_name (b, "conflicts");
  json_builder_add_int_value (b, heeyu_conflicts_count (db));
  json_builder_set_member_name (b, "staged");
  json_builder_add_int_value (b, heeyu_sync_count_rows (db, "SELECT count(*) FROM sync_stage"));
  json_builder_set_member_name (b, "held");
  json_builder_add_int_value (b, heeyu_sync_count_rows (db, "SELECT count(*) FROM sync_held"));
  json_builder_set_member_name (b, "push_in_flight");
  json_builder_add_boolean_value (b, heeyu_sync_count_rows (db, "SELECT count(*) FROM sync_push") > 0);
  json_builder_end_object (b);

  json_object_set_member (json_node_get_object (root), "sync", json_builder_get_root (b));
  return json_to_string (root, TRUE);
}
