/* heeyu-sync-private.h: the HTTPS transport of the sync engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <curl/curl.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "heeyu-sync.h"

G_BEGIN_DECLS

typedef struct
{
  const char *server_url;     /* no trailing slash */
  const char *ca_file;        /* NULL: the system's CAs */
  const char *token;          /* NULL: no Authorization header */
  guint       connect_s;
  guint       stall_s;
  guint       request_s;
  gsize       max_response;
} HeeyuHttpConfig;

typedef struct
{
  long        status;
  GByteArray *body;
  char       *etag;
  char       *content_type;
  gint64      retry_after;    /* seconds, -1 when absent */
} HeeyuHttpReply;

void            heeyu_http_reply_free (HeeyuHttpReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuHttpReply, heeyu_http_reply_free)

/* One request on @curl (reset first).  @path includes the query.  Fails
 * only when no HTTP reply arrived (or it was over the cap); any status is a
 * reply.  @extra_headers: NULL-terminated lines. */
HeeyuHttpReply *heeyu_http_request    (CURL                  *curl,
                                       const HeeyuHttpConfig *config,
                                       const char            *method,
                                       const char            *path,
                                       const char * const    *extra_headers,
                                       const char            *body,
                                       gsize                  body_len,
                                       GCancellable          *cancellable,
                                       GError               **error);

/* Turns a non-2xx reply into an error in words (using the problem+json
 * detail when there is one). */
void            heeyu_http_set_status_error (const HeeyuHttpReply *reply,
                                             const char           *what,
                                             GError              **error);

/* For a TLS failure: "subject …, issued by …, valid until …" of the
 * certificate the server shows, read over a handshake that is refused
 * (the certificate is never accepted).  NULL if it cannot be read. */
char           *heeyu_http_describe_certificate (const char *server_url,
                                                 const char *ca_file,
                                                 GCancellable *cancellable);

/* Parses a JSON body; PROTOCOL error when it is not a JSON object. */
JsonNode       *heeyu_http_reply_json (const HeeyuHttpReply *reply,
                                       const char           *what,
                                       GError              **error);

G_END_DECLS
