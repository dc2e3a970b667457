/* heeyu-sync-http.c: the HTTPS transport of the sync engine (libcurl)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request verifies the server's certificate and name, speaks only
 * https, TLS 1.2 or newer, and follows no redirect (a redirect could send
 * the token elsewhere).  Replies are counted after decompression against a
 * cap, in the write callback, so a gzip bomb stops at the cap instead of
 * filling memory.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "heeyu-sync-private.h"

typedef struct
{
  HeeyuHttpReply *reply;
  gsize           max;
  gboolean        over_cap;
  GCancellable   *cancellable;
} Transfer;

void
heeyu_http_reply_free (HeeyuHttpReply *reply)
{
  if (reply == NULL)
    return;
  g_byte_array_unref (reply->body);
  g_free (reply->etag);
  g_free (reply->content_type);
  g_free (reply);
}

static size_t
on_write_cb (char   *data,
             size_t  size,
             size_t  n,
             void   *user)
{
  Transfer *t = user;
  gsize len = size * n;

  if (t->reply->body->len + len > t->max)
    {
      t->over_cap = TRUE;
      return 0;   /* aborts the transfer with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (t->reply->body, (const guint8 *) data, len);
  return len;
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static size_t
on_header_cb (char   *data,
              size_t  size,
              size_t  n,
              void   *user)
{
  Transfer *t = user;
  gsize len = size * n;
  g_autofree char *line = g_strndup (data, len);
  char *colon = strchr (line, ':');
  char *value;

  if (g_str_has_prefix (line, "HTTP/"))
    {
      /* A new response (after 100 Continue): forget the previous one's. */
      g_clear_pointer (&t->reply->etag, g_free);
      g_clear_pointer (&t->reply->content_type, g_free);
      t->reply->retry_after = -1;
      return len;
    }
  if (colon == NULL)
    return len;
  *colon = '\0';
  value = g_strstrip (colon + 1);

  if (g_ascii_strcasecmp (line, "etag") == 0)
    set_string (&t->reply->etag, value);
  else if (g_ascii_strcasecmp (line, "content-type") == 0)
    set_string (&t->reply->content_type, value);
  else if (g_ascii_strcasecmp (line, "retry-after") == 0)
    {
      guint64 secs;

      /* Seconds only; an HTTP date is rare and falls back on the backoff. */
      if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &secs, NULL))
        t->reply->retry_after = (gint64) secs;
    }
  return len;
}

static int
on_progress_cb (void       *user,
                curl_off_t  dltotal,
                curl_off_t  dlnow,
                curl_off_t  ultotal,
                curl_off_t  ulnow)
{
  Transfer *t = user;

  return g_cancellable_is_cancelled (t->cancellable) ? 1 : 0;
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  return uri && g_uri_get_host (uri) ? g_strdup (g_uri_get_host (uri)) : g_strdup (url);
}

static void
set_curl_error (CURLcode      rc,
                const char   *errbuf,
                const HeeyuHttpConfig *config,
                Transfer     *t,
                GCancellable *cancellable,
                GError      **error)
{
  g_autofree char *host = host_of (config->server_url);
  g_autofree char *cert = NULL;
  const char *detail = errbuf[0] ? errbuf : curl_easy_strerror (rc);

  switch ((int) rc)
    {
    case CURLE_ABORTED_BY_CALLBACK:
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return;
      break;

    case CURLE_WRITE_ERROR:
      if (t->over_cap)
        {
          g_autofree char *cap = g_format_size (t->max);

          g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_TOO_LARGE,
                       _("The server sent a reply larger than %s once unpacked; it was "
                         "stopped there. The server may be misconfigured or tampered with."),
                       cap);
          return;
        }
      break;

    case CURLE_UNSUPPORTED_PROTOCOL:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_BAD_URL,
                   _("The server address must start with https://."));
      return;

    case CURLE_URL_MALFORMAT:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_BAD_URL,
                   _("The server address %s is not a valid URL."), config->server_url);
      return;

    case CURLE_COULDNT_RESOLVE_HOST:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_DNS,
                   _("The server name “%s” could not be found (DNS). Check the address "
                     "and the network."), host);
      return;

    case CURLE_COULDNT_CONNECT:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_REFUSED,
                   _("The server %s refused the connection or cannot be reached (%s)."),
                   host, detail);
      return;

    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_NETWORK,
                   _("The server %s did not answer in time (%s)."), host, detail);
      return;

    case CURLE_PEER_FAILED_VERIFICATION:
      cert = heeyu_http_describe_certificate (config->server_url, config->ca_file, cancellable);
      if (strstr (detail, "expired") || strstr (detail, "not yet valid"))
        g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_TLS_EXPIRED,
                     _("The certificate of %s has expired or is not valid yet, so the "
                       "connection was refused.%s%s"), host, cert ? " " : "", cert ? cert : "");
      else if (strstr (detail, "subject name") || strstr (detail, "does not match") ||
               strstr (detail, "hostname") || strstr (detail, "host name"))
        g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_TLS_NAME,
                     _("The certificate the server shows was not made for “%s”, so the "
                       "connection was refused.%s%s"), host, cert ? " " : "", cert ? cert : "");
      else
        g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_TLS_UNTRUSTED,
                     _("The certificate of %s is not trusted: it is not signed by a known "
                       "authority (for a private CA, choose its CA file in Preferences).%s%s"),
                     host, cert ? " " : "", cert ? cert : "");
      return;

    case CURLE_SSL_CACERT_BADFILE:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_TLS,
                   _("The CA file %s cannot be read as certificates."),
                   config->ca_file ? config->ca_file : "");
      return;

    case CURLE_SSL_CONNECT_ERROR:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_TLS,
                   _("A secure connection to %s could not be set up (%s)."), host, detail);
      return;

    case CURLE_BAD_CONTENT_ENCODING:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The server's reply could not be unpacked (%s)."), detail);
      return;

    default:
      break;
    }

  g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_NETWORK,
               _("The connection to %s failed: %s."), host, detail);
}

HeeyuHttpReply *
heeyu_http_request (CURL                  *curl,
                    const HeeyuHttpConfig *config,
                    const char            *method,
                    const char            *path,
                    const char * const    *extra_headers,
                    const char            *body,
                    gsize                  body_len,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_autoptr(HeeyuHttpReply) reply = g_new0 (HeeyuHttpReply, 1);
  g_autofree char *url = g_strconcat (config->server_url, path, NULL);
  g_autofree char *auth = NULL;
  g_autofree char *agent = g_strdup_printf ("Heeyu/%s", PACKAGE_VERSION);
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *headers = NULL;
  Transfer t = { 0 };
  CURLcode rc;

  reply->body = g_byte_array_new ();
  reply->retry_after = -1;
  t.reply = reply;
  t.max = config->max_response;
  t.cancellable = cancellable;

  curl_easy_reset (curl);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, agent);

  /* The server is always verified; a private CA comes as a CA file. */
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (config->ca_file && *config->ca_file)
    curl_easy_setopt (curl, CURLOPT_CAINFO, config->ca_file);
  curl_easy_setopt (curl, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);

  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) config->connect_s);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) config->stall_s);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) config->request_s);

  /* "": every encoding this libcurl can decode; the cap counts after. */
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &t);

  headers = curl_slist_append (headers, "Accept: application/json");
  if (config->token)
    {
      auth = g_strconcat ("Authorization: Bearer ", config->token, NULL);
      headers = curl_slist_append (headers, auth);
      explicit_bzero (auth, strlen (auth));
    }
  for (guint i = 0; extra_headers && extra_headers[i]; i++)
    headers = curl_slist_append (headers, extra_headers[i]);
  if (body)
    {
      headers = curl_slist_append (headers, "Content-Type: application/json");
      headers = curl_slist_append (headers, "Expect:");
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) body_len);
    }
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);

  rc = curl_easy_perform (curl);

  /* The header list holds the token: wipe it before freeing. */
  for (struct curl_slist *l = headers; l; l = l->next)
    explicit_bzero (l->data, strlen (l->data));
  curl_slist_free_all (headers);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, NULL);

  if (rc != CURLE_OK)
    {
      set_curl_error (rc, errbuf, config, &t, cancellable, error);
      return NULL;
    }

  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &reply->status);
  return g_steal_pointer (&reply);
}

JsonNode *
heeyu_http_reply_json (const HeeyuHttpReply *reply,
                       const char           *what,
                       GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, (const char *) reply->body->data,
                                   reply->body->len, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The server's reply to %s is not the expected JSON%s%s."), what,
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  return json_parser_steal_root (parser);
}

static char *
problem_detail (const HeeyuHttpReply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  if (reply->body->len == 0 ||
      !json_parser_load_from_data (parser, (const char *) reply->body->data, reply->body->len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  o = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (o, "detail") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (o, "detail")))
    return g_strdup (json_object_get_string_member (o, "detail"));
  return NULL;
}

void
heeyu_http_set_status_error (const HeeyuHttpReply *reply,
                             const char           *what,
                             GError              **error)
{
  g_autofree char *detail = problem_detail (reply);
  const char *d = detail ? detail : "";
  const char *sep = detail ? " " : "";

  switch (reply->status)
    {
    case 401:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_UNAUTHORIZED,
                   _("The server did not accept the token (it is wrong, expired or revoked). "
                     "Enter a new token in Preferences."));
      return;
    case 403:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_FORBIDDEN,
                   _("Your account may not do this (%s).%s%s"), what, sep, d);
      return;
    case 404:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_SERVER_TOO_OLD,
                   _("The server does not know %s: it is too old for this Heeyu, or not a "
                     "Heeyu server."), what);
      return;
    case 426:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_CLIENT_TOO_OLD,
                   _("The server needs a newer Heeyu. Update Heeyu to sync.%s%s"), sep, d);
      return;
    case 413:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                   _("The server found the request for %s too large.%s%s"), what, sep, d);
      return;
    case 429:
      g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_SERVER,
                   _("The server is busy with too many requests (%s); Heeyu will try again."),
                   what);
      return;
    default:
      break;
    }

  if (reply->status >= 500)
    g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_SERVER,
                 _("The server failed to answer %s (HTTP %ld); Heeyu will try again.%s%s"),
                 what, reply->status, sep, d);
  else
    g_set_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL,
                 _("The server refused %s (HTTP %ld).%s%s"), what, reply->status, sep, d);
}

/* --- certificate details, for the error message --- */

static gboolean
on_accept_certificate_cb (GTlsConnection       *conn,
                          GTlsCertificate      *cert,
                          GTlsCertificateFlags  errors,
                          gpointer              user_data)
{
  GTlsCertificate **seen = user_data;

  g_set_object (seen, cert);
  return FALSE;   /* never accepted: this handshake only reads the certificate */
}

char *
heeyu_http_describe_certificate (const char   *server_url,
                                 const char   *ca_file,
                                 GCancellable *cancellable)
{
  g_autoptr(GUri) uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) tcp = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *until_text = NULL;
  int port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 443;

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, 10);
  tcp = g_socket_client_connect_to_host (client, g_uri_get_host (uri), port, cancellable, NULL);
  if (tcp == NULL)
    return NULL;

  identity = g_network_address_new (g_uri_get_host (uri), port);
  tls = g_tls_client_connection_new (G_IO_STREAM (tcp), identity, NULL);
  if (tls == NULL)
    return NULL;
  if (ca_file && *ca_file && (database = g_tls_file_database_new (ca_file, NULL)))
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (on_accept_certificate_cb), &cert);
  g_tls_connection_handshake (G_TLS_CONNECTION (tls), cancellable, NULL);
  if (cert == NULL)
    cert = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls))
           ? g_object_ref (g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls))) : NULL;
  g_io_stream_close (tls, NULL, NULL);
  if (cert == NULL)
    return NULL;

  subject = g_tls_certificate_get_subject_name (cert);
  issuer = g_tls_certificate_get_issuer_name (cert);
  until = g_tls_certificate_get_not_valid_after (cert);
  until_text = until ? g_date_time_format (until, "%Y-%m-%d %H:%M UTC") : NULL;

  return g_strdup_printf (_("The certificate: subject “%s”, issued by “%s”, valid until %s."),
                          subject ? subject : "?", issuer ? issuer : "?",
                          until_text ? until_text : "?");
}
