/* heeyu-server-http.c: the HTTPS front of heeyu-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "heeyu-server-api.h"
#include "heeyu-server-db.h"
#include "heeyu-server-http.h"
#include "heeyu-server-util.h"

#define REQUEST_STATE "heeyu-request-state"
#define GZIP_MIN_BYTES 1024

struct _HeeyuHttp
{
  HeeyuServerConfig *config;
  HeeyuApi           api;
  SoupServer        *server;
  GThreadPool       *pool;
  GHashTable        *inflight;     /* token hash (hex) → requests in progress */
  FILE              *access_log;
  gboolean           own_log;
};

typedef enum
{
  ROUTE_ME,
  ROUTE_CHANGES,
  ROUTE_PUSH,
} Route;

/* Per request, main thread only; lives as long as the message. */
typedef struct
{
  HeeyuHttp         *http;
  SoupServerMessage *msg;          /* not a reference: this is the message's data */
  gint64             start_us;
  char              *user;
  gsize              bytes;
  guint64            body_bytes;
  guint              timeout_id;
  gint64             last_write_us;  /* progress of the reply, while writing */
  gboolean           writing;
  gboolean           finished;
  gboolean           too_large;
} RequestState;

typedef struct
{
  HeeyuHttp         *http;
  SoupServerMessage *msg;          /* a reference, used on the main thread only */
  Route              route;
  guint8             token_hash[HEEYU_TOKEN_HASH_LEN];
  char              *limit_key;
  char              *cursor;
  char              *limit;
  char              *idempotency_key;
  char              *if_none_match;
  gboolean           gzip;
  GBytes            *body;
  /* filled in by the worker */
  HeeyuReply         reply;
  char              *user;
  char              *etag;
  gboolean           gzipped;
  gboolean           unauthorized;
} Job;

static GPrivate write_conn_key = G_PRIVATE_INIT ((GDestroyNotify) PQfinish);
static GPrivate read_conn_key = G_PRIVATE_INIT ((GDestroyNotify) PQfinish);

static void
job_free (Job *job)
{
  g_clear_object (&job->msg);
  g_free (job->limit_key);
  g_free (job->cursor);
  g_free (job->limit);
  g_free (job->idempotency_key);
  g_free (job->if_none_match);
  g_clear_pointer (&job->body, g_bytes_unref);
  heeyu_reply_clear (&job->reply);
  g_free (job->user);
  g_free (job->etag);
  memset (job->token_hash, 0, sizeof job->token_hash);
  g_free (job);
}

/* --- access log --- */

static void
write_access_log (HeeyuHttp         *http,
                  SoupServerMessage *msg,
                  RequestState      *state)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  g_autofree char *now = heeyu_now_rfc3339 ();
  GUri *uri = soup_server_message_get_uri (msg);
  const char *remote = soup_server_message_get_remote_host (msg);
  gint64 end = g_get_monotonic_time ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "time");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "remote");
  json_builder_add_string_value (b, remote);
  json_builder_set_member_name (b, "user");
  if (state->user)
    json_builder_add_string_value (b, state->user);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "method");
  json_builder_add_string_value (b, soup_server_message_get_method (msg));
  /* The path only: a query string is never logged. */
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, uri ? g_uri_get_path (uri) : "");
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, soup_server_message_get_status (msg));
  json_builder_set_member_name (b, "bytes");
  json_builder_add_int_value (b, (gint64) state->bytes);
  json_builder_set_member_name (b, "duration_ms");
  json_builder_add_double_value (b, state->start_us ? (end - state->start_us) / 1000.0 : 0.0);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  line = heeyu_json_to_string (root);

  fputs (line, http->access_log);
  fputc ('\n', http->access_log);
  fflush (http->access_log);
}

/* --- request state and timeouts --- */

static void
request_state_free (RequestState *state)
{
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  g_free (state->user);
  g_free (state);
}

static gboolean
on_request_timeout_cb (gpointer user_data)
{
  RequestState *state = user_data;
  gint64 timeout_us = (gint64) state->http->config->request_timeout * G_USEC_PER_SEC;
  GSocket *sock;

  state->timeout_id = 0;
  /* A reply may take long on a slow link as long as it keeps moving: while
   * writing, the limit is on time without progress. */
  if (state->writing)
    {
      gint64 idle = g_get_monotonic_time () - state->last_write_us;

      if (idle < timeout_us)
        {
          state->timeout_id = g_timeout_add ((guint) ((timeout_us - idle) / 1000) + 1,
                                             on_request_timeout_cb, state);
          return G_SOURCE_REMOVE;
        }
    }
  /* The client is too slow to send its request or to read the reply (or
   * idles on a kept-alive connection): end the connection. */
  sock = soup_server_message_get_socket (state->msg);
  if (sock != NULL)
    g_socket_shutdown (sock, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
arm_timeout (RequestState *state)
{
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  state->timeout_id = g_timeout_add_seconds (state->http->config->request_timeout,
                                             on_request_timeout_cb, state);
}

static void
disarm_timeout (RequestState *state)
{
  g_clear_handle_id (&state->timeout_id, g_source_remove);
}

static void
set_problem (SoupServerMessage *msg,
             RequestState      *state,
             guint              status,
             const char        *type,
             const char        *title,
             const char        *detail)
{
  HeeyuReply reply = { 0 };
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len;
  const char *data;

  heeyu_reply_problem (&reply, status, type, title, detail);
  data = g_bytes_get_data (reply.body, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, reply.content_type, SOUP_MEMORY_COPY, data, len);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (status == 401)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"heeyu\"");
  if (state)
    state->bytes = len;
  heeyu_reply_clear (&reply);
}

static void
on_got_headers_cb (SoupServerMessage *msg,
                   RequestState      *state)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  guint64 max = state->http->config->max_body;

  state->start_us = g_get_monotonic_time ();
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > max)
    {
      g_autofree char *detail = g_strdup_printf ("The request body may be at most %" G_GUINT64_FORMAT
                                                 " bytes.", max);

      state->too_large = TRUE;
      /* Do not keep what is still sent; close after answering. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      set_problem (msg, state, 413, "too-large", "Request too large", detail);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
}

static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 RequestState      *state)
{
  guint64 max = state->http->config->max_body;

  state->body_bytes += g_bytes_get_size (chunk);
  if (state->body_bytes > max && !state->too_large)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autofree char *detail = g_strdup_printf ("The request body may be at most %" G_GUINT64_FORMAT
                                                 " bytes.", max);

      state->too_large = TRUE;
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
      set_problem (msg, state, 413, "too-large", "Request too large", detail);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
}

static void
on_wrote_body_data_cb (SoupServerMessage *msg,
                       guint              chunk_size,
                       RequestState      *state)
{
  state->last_write_us = g_get_monotonic_time ();
}

static void
on_finished_cb (SoupServerMessage *msg,
                RequestState      *state)
{
  state->finished = TRUE;
  disarm_timeout (state);
  if (state->bytes == 0)
    state->bytes = soup_server_message_get_response_body (msg)->length;
  write_access_log (state->http, msg, state);
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       HeeyuHttp         *http)
{
  RequestState *state = g_new0 (RequestState, 1);

  state->http = http;
  state->msg = msg;
  g_object_set_data_full (G_OBJECT (msg), REQUEST_STATE, state,
                          (GDestroyNotify) request_state_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers_cb), state);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), state);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished_cb), state);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (on_wrote_body_data_cb), state);
  arm_timeout (state);
}

/* --- workers --- */

static PGconn *
worker_conn (HeeyuHttp  *http,
             gboolean    read_only,
             GError    **error)
{
  gboolean replica = read_only && http->config->read_database != NULL;
  GPrivate *key = replica ? &read_conn_key : &write_conn_key;
  PGconn *conn = g_private_get (key);

  if (conn != NULL && PQstatus (conn) != CONNECTION_OK)
    {
      g_private_replace (key, NULL);
      conn = NULL;
    }
  if (conn == NULL)
    {
      conn = heeyu_db_connect (replica ? http->config->read_database : http->config->database,
                               http->config->statement_timeout, error);
      if (conn == NULL)
        return NULL;
      g_private_set (key, conn);
    }
  return conn;
}

static void
worker_drop_bad_conn (HeeyuHttp *http,
                      PGconn    *conn)
{
  if (PQstatus (conn) == CONNECTION_OK)
    return;
  if (g_private_get (&write_conn_key) == conn)
    g_private_replace (&write_conn_key, NULL);
  else if (g_private_get (&read_conn_key) == conn)
    g_private_replace (&read_conn_key, NULL);
}

static gboolean
etag_matches (const char *if_none_match,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i]; i++)
    {
      const char *t = g_strstrip (tags[i]);

      /* Weak comparison (RFC 9110 §13.1.2): W/ is not significant. */
      if (g_str_has_prefix (t, "W/"))
        t += 2;
      if (g_str_equal (t, "*") || g_str_equal (t, etag + 2))
        return TRUE;
    }
  return FALSE;
}

static gboolean job_complete_cb (gpointer data);

static void
worker_func (gpointer data,
             gpointer user_data)
{
  Job *job = data;
  HeeyuHttp *http = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuUser) user = NULL;
  PGconn *conn;

  conn = worker_conn (http, job->route != ROUTE_PUSH, &error);
  if (conn == NULL)
    {
      g_warning ("%s", error->message);
      heeyu_reply_db_error (&job->reply, error);
      goto done;
    }

  user = heeyu_db_authenticate (conn, job->token_hash, &error);
  if (user == NULL)
    {
      if (error != NULL)
        heeyu_reply_db_error (&job->reply, error);
      else
        {
          job->unauthorized = TRUE;
          heeyu_reply_problem (&job->reply, 401, "unauthorized", "Unauthorized",
                               "The token is unknown or has been revoked.");
        }
      goto done_conn;
    }
  job->user = g_strdup (user->name);

  switch (job->route)
    {
    case ROUTE_ME:
      heeyu_api_me (user, &job->reply);
      break;
    case ROUTE_CHANGES:
      heeyu_api_changes (&http->api, conn, job->cursor, job->limit, &job->reply);
      break;
    case ROUTE_PUSH:
      heeyu_api_push (&http->api, conn, user, job->idempotency_key, job->body, &job->reply);
      break;
    default:
      g_assert_not_reached ();
    }

  if (job->reply.status == 200 && job->reply.body != NULL && job->route != ROUTE_PUSH)
    {
      guint8 digest[32];
      g_autofree char *hex = NULL;
      gsize len;
      const guint8 *body = g_bytes_get_data (job->reply.body, &len);

      /* A weak validator of the JSON itself: the same page for the same
       * cursor and data, whatever the encoding on the wire. */
      heeyu_sha256 (body, len, digest);
      hex = heeyu_hex_encode (digest, 16);
      job->etag = g_strdup_printf ("W/\"%s\"", hex);
      if (etag_matches (job->if_none_match, job->etag))
        {
          job->reply.status = 304;
          g_clear_pointer (&job->reply.body, g_bytes_unref);
        }
    }

done_conn:
  worker_drop_bad_conn (http, conn);
done:
  if (job->reply.body != NULL && job->gzip && g_bytes_get_size (job->reply.body) >= GZIP_MIN_BYTES)
    {
      gsize len;
      const guint8 *body = g_bytes_get_data (job->reply.body, &len);
      GBytes *gz = heeyu_gzip (body, len, http->config->gzip_level);

      g_bytes_unref (job->reply.body);
      job->reply.body = gz;
      job->gzipped = TRUE;
    }
  g_main_context_invoke (NULL, job_complete_cb, job);
}

static gboolean
job_complete_cb (gpointer data)
{
  Job *job = data;
  HeeyuHttp *http = job->http;
  SoupServerMessage *msg = job->msg;
  RequestState *state = g_object_get_data (G_OBJECT (msg), REQUEST_STATE);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (http->inflight, job->limit_key));

  if (n <= 1)
    g_hash_table_remove (http->inflight, job->limit_key);
  else
    g_hash_table_insert (http->inflight, g_strdup (job->limit_key), GUINT_TO_POINTER (n - 1));

  if (state != NULL && !state->finished)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
      HeeyuReply *reply = &job->reply;

      g_free (state->user);
      state->user = g_strdup (job->user);
      soup_server_message_set_status (msg, reply->status, NULL);
      soup_message_headers_replace (headers, "Cache-Control", "no-store");
      if (job->route != ROUTE_PUSH)
        soup_message_headers_replace (headers, "Vary", "Accept-Encoding, Authorization");
      if (job->etag)
        soup_message_headers_replace (headers, "ETag", job->etag);
      if (reply->retry_after > 0)
        {
          g_autofree char *s = g_strdup_printf ("%u", reply->retry_after);
          soup_message_headers_replace (headers, "Retry-After", s);
        }
      if (reply->replayed)
        soup_message_headers_replace (headers, "Idempotent-Replayed", "true");
      if (job->unauthorized)
        soup_message_headers_replace (headers, "WWW-Authenticate",
                                      "Bearer realm=\"heeyu\", error=\"invalid_token\"");
      if (reply->body != NULL)
        {
          soup_message_headers_replace (headers, "Content-Type", reply->content_type);
          if (job->gzipped)
            soup_message_headers_replace (headers, "Content-Encoding", "gzip");
          state->bytes = g_bytes_get_size (reply->body);
          soup_message_body_append_bytes (soup_server_message_get_response_body (msg),
                                          reply->body);
        }
      state->writing = TRUE;
      state->last_write_us = g_get_monotonic_time ();
      arm_timeout (state);
      soup_server_message_unpause (msg);
    }

  job_free (job);
  return G_SOURCE_REMOVE;
}

/* --- routing, main thread --- */

static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                     "Accept-Encoding");
  GSList *accepted;
  gboolean gzip = FALSE;

  if (value == NULL)
    return FALSE;
  accepted = soup_header_parse_quality_list (value, NULL);
  for (GSList *l = accepted; l; l = l->next)
    if (g_ascii_strcasecmp (l->data, "gzip") == 0 || g_str_equal (l->data, "*"))
      gzip = TRUE;
  soup_header_free_list (accepted);
  return gzip;
}

static char *
take_bearer_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return g_strdup (value);
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  HeeyuHttp *http = user_data;
  RequestState *state = g_object_get_data (G_OBJECT (msg), REQUEST_STATE);
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *req_headers = soup_server_message_get_request_headers (msg);
  g_autofree char *token = NULL;
  Job *job;
  Route route;
  const char *allow;
  guint n;

  if (g_str_equal (path, "/v1/health"))
    {
      g_autofree char *body = NULL;

      if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
        {
          set_problem (msg, state, 405, "method-not-allowed", "Method not allowed",
                       "/v1/health answers GET.");
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
          return;
        }
      body = g_strdup_printf ("{\"status\":\"ok\",\"version\":\"%s\"}", PACKAGE_VERSION);
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Cache-Control", "no-store");
      state->bytes = strlen (body);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&body), state->bytes);
      return;
    }

  if (g_str_equal (path, "/v1/me"))
    route = ROUTE_ME, allow = "GET";
  else if (g_str_equal (path, "/v1/changes"))
    route = ROUTE_CHANGES, allow = "GET";
  else if (g_str_equal (path, "/v1/push"))
    route = ROUTE_PUSH, allow = "POST";
  else
    {
      set_problem (msg, state, 404, "not-found", "Not found", "There is no such resource.");
      return;
    }
  if (!g_str_equal (method, allow))
    {
      g_autofree char *detail = g_strdup_printf ("%s answers %s.", path, allow);

      set_problem (msg, state, 405, "method-not-allowed", "Method not allowed", detail);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
      return;
    }

  {
    /* The decoded parameters are C strings, cut at a NUL: "cursor=%00"
     * would pass as no cursor at all (a full sync).  Refuse it instead. */
    const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));

    if (raw_query && strstr (raw_query, "%00"))
      {
        set_problem (msg, state, 400, "malformed", "Malformed request",
                     "The query string holds a NUL byte (%00).");
        return;
      }
  }

  token = take_bearer_token (msg);
  if (!heeyu_token_is_wellformed (token))
    {
      if (token)
        memset (token, 0, strlen (token));
      set_problem (msg, state, 401, "unauthorized", "Unauthorized",
                   "This call needs an Authorization: Bearer token.");
      return;
    }

  if (route == ROUTE_PUSH)
    {
      const char *ct = soup_message_headers_get_content_type (req_headers, NULL);

      if (ct == NULL || g_ascii_strcasecmp (ct, "application/json") != 0)
        {
          memset (token, 0, strlen (token));
          set_problem (msg, state, 415, "unsupported-media-type", "Unsupported media type",
                       "A push is sent as application/json.");
          return;
        }
    }

  job = g_new0 (Job, 1);
  job->http = http;
  job->route = route;
  heeyu_token_hash (token, job->token_hash);
  memset (token, 0, strlen (token));
  job->limit_key = heeyu_hex_encode (job->token_hash, sizeof job->token_hash);

  n = GPOINTER_TO_UINT (g_hash_table_lookup (http->inflight, job->limit_key));
  if (n >= http->config->max_per_token)
    {
      job_free (job);
      set_problem (msg, state, 429, "too-many-requests", "Too many requests",
                   "Too many requests with this token at once; retry shortly.");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      return;
    }
  if (g_thread_pool_unprocessed (http->pool) >= http->config->max_queue)
    {
      job_free (job);
      set_problem (msg, state, 503, "overloaded", "Service unavailable",
                   "The server is busy; retry shortly.");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "2");
      return;
    }

  if (query != NULL)
    {
      job->cursor = g_strdup (g_hash_table_lookup (query, "cursor"));
      job->limit = g_strdup (g_hash_table_lookup (query, "limit"));
    }
  job->idempotency_key = g_strdup (soup_message_headers_get_one (req_headers, "Idempotency-Key"));
  job->if_none_match = g_strdup (soup_message_headers_get_list (req_headers, "If-None-Match"));
  job->gzip = accepts_gzip (msg);
  if (route == ROUTE_PUSH)
    job->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  job->msg = g_object_ref (msg);

  g_hash_table_insert (http->inflight, g_strdup (job->limit_key), GUINT_TO_POINTER (n + 1));
  /* Database time is not the client's slowness. */
  disarm_timeout (state);
  soup_server_message_pause (msg);
  g_thread_pool_push (http->pool, job, NULL);
}

/* --- setup --- */

HeeyuHttp *
heeyu_http_new (const HeeyuServerConfig  *config,
                GBytes                   *cursor_secret,
                GError                  **error)
{
  HeeyuHttp *http = g_new0 (HeeyuHttp, 1);
  g_autoptr(GTlsCertificate) cert = NULL;

  http->config = (HeeyuServerConfig *) config;
  http->api.cursor_secret = g_bytes_ref (cursor_secret);
  http->api.max_mutations = config->max_mutations;
  http->api.read_replica = config->read_database != NULL;
  http->inflight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (config->tls_cert == NULL || config->tls_key == NULL)
    {
      g_set_error_literal (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                           "HTTPS needs --tls-cert and --tls-key (PEM files)");
      goto fail;
    }
  cert = g_tls_certificate_new_from_files (config->tls_cert, config->tls_key, error);
  if (cert == NULL)
    {
      g_prefix_error (error, "Could not load the TLS certificate %s and key %s: ",
                      config->tls_cert, config->tls_key);
      goto fail;
    }

  if (config->access_log == NULL || g_str_equal (config->access_log, "-"))
    http->access_log = stdout;
  else
    {
      http->access_log = fopen (config->access_log, "a");
      if (http->access_log == NULL)
        {
          int saved = errno;
          g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_FAILED,
                       "Could not open the access log %s: %s", config->access_log,
                       g_strerror (saved));
          goto fail;
        }
      http->own_log = TRUE;
    }

  http->pool = g_thread_pool_new (worker_func, http, (int) config->workers, TRUE, error);
  if (http->pool == NULL)
    goto fail;

  http->server = g_object_new (SOUP_TYPE_SERVER,
                               "tls-certificate", cert,
                               "server-header", "heeyu-server/" PACKAGE_VERSION,
                               NULL);
  soup_server_add_handler (http->server, NULL, on_request_cb, http, NULL);
  g_signal_connect (http->server, "request-started", G_CALLBACK (on_request_started_cb), http);
  return http;

fail:
  heeyu_http_free (http);
  return NULL;
}

gboolean
heeyu_http_listen (HeeyuHttp  *http,
                   GError    **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) addrs = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  GSList *uris;

  connectable = g_network_address_parse (http->config->listen, 8443, error);
  if (connectable == NULL)
    {
      g_prefix_error (error, "Bad listen address \"%s\": ", http->config->listen);
      return FALSE;
    }
  addrs = g_socket_connectable_enumerate (connectable);
  addr = g_socket_address_enumerator_next (addrs, NULL, error);
  if (addr == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                     "Bad listen address \"%s\"", http->config->listen);
      else
        g_prefix_error (error, "Bad listen address \"%s\": ", http->config->listen);
      return FALSE;
    }
  if (!soup_server_listen (http->server, addr, SOUP_SERVER_LISTEN_HTTPS, error))
    {
      g_prefix_error (error, "Could not listen on %s: ", http->config->listen);
      return FALSE;
    }

  uris = soup_server_get_uris (http->server);
  for (GSList *l = uris; l; l = l->next)
    {
      g_autofree char *text = g_uri_to_string (l->data);

      /* Stdout is where a supervisor or a test learns the port. */
      printf ("heeyu-server: listening on %s\n", text);
    }
  fflush (stdout);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

void
heeyu_http_free (HeeyuHttp *http)
{
  if (http == NULL)
    return;
  if (http->server)
    soup_server_disconnect (http->server);
  if (http->pool)
    g_thread_pool_free (http->pool, FALSE, TRUE);
  /* Replies queued by the workers are dropped with their messages. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&http->server);
  g_clear_pointer (&http->inflight, g_hash_table_unref);
  g_clear_pointer (&http->api.cursor_secret, g_bytes_unref);
  if (http->own_log && http->access_log)
    fclose (http->access_log);
  g_free (http);
}
