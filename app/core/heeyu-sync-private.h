/* heeyu-sync-private.h: the insides of the sync engine
 *
 * The HTTPS transport (heeyu-sync-http.c), and the working state of one
 * sync shared by heeyu-sync.c (the object, requests with retries, the
 * meta keys), heeyu-sync-push.c, heeyu-sync-pull.c and heeyu-sync-apply.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <curl/curl.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "heeyu-record.h"
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

/* heeyu-sync-page.c: the frame of a page of changes. */
typedef struct
{
  char     *next_cursor;
  char     *counts;         /* JSON text; NULL when absent */
  gboolean  has_more;
  gboolean  has_items;
} HeeyuSyncPage;

void            heeyu_sync_page_clear (HeeyuSyncPage *page);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HeeyuSyncPage, heeyu_sync_page_clear)

/* Reads @text's next_cursor, has_more and counts, with SQLite's JSON
 * parser on @db; PROTOCOL error when it is not a page of changes. */
gboolean        heeyu_sync_read_page  (sqlite3        *db,
                                       const char     *text,
                                       gsize           len,
                                       HeeyuSyncPage  *page,
                                       GError        **error);
/* One staged item (an envelope's JSON text), parsed and checked with
 * @parser; PROTOCOL error in words when it is not a valid record. */
HeeyuEnvelope  *heeyu_sync_parse_item (JsonParser     *parser,
                                       const char     *text,
                                       GError        **error);

/* One sync's working state, private to the thread that runs it.  Named
 * Run for short: it is only ever seen inside the engine. */
typedef struct _HeeyuSyncRun
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

void            heeyu_sync_report_progress (Run                *run,
                                            HeeyuSyncPhase      phase,
                                            guint64             done,
                                            guint64             total,
                                            guint               attempt);
/* Sends a request, retrying transient failures with backoff and jitter;
 * any other status is a reply for the caller to judge. */
HeeyuHttpReply *heeyu_sync_request         (Run                *run,
                                            HeeyuSyncPhase      phase,
                                            const char         *what,
                                            const char         *method,
                                            const char         *path,
                                            const char * const *headers,
                                            const char         *body,
                                            gsize               body_len,
                                            GError            **error);
/* The reply's JSON object, parsed with run->parser (valid until the next
 * parse); PROTOCOL error otherwise. */
JsonNode       *heeyu_sync_parse_reply     (Run                  *run,
                                            const HeeyuHttpReply *reply,
                                            const char           *what,
                                            GError              **error);

char           *heeyu_sync_meta_get        (sqlite3     *db,
                                            const char  *key);
/* @value NULL deletes the key. */
gboolean        heeyu_sync_meta_set        (sqlite3     *db,
                                            const char  *key,
                                            const char  *value,
                                            GError     **error);
char           *heeyu_sync_now_iso         (void);
/* A LOCAL error naming @what and SQLite's message; returns FALSE. */
gboolean        heeyu_sync_local_fail      (sqlite3     *db,
                                            const char  *what,
                                            GError     **error);
/* The first column of the first row of @sql, 0 on any failure. */
guint64         heeyu_sync_count_rows      (sqlite3     *db,
                                            const char  *sql);

/* heeyu-sync-push.c: sends the outbox, batch after batch. */
gboolean        heeyu_sync_push            (Run     *run,
                                            GError **error);
/* heeyu-sync-pull.c: pulls to the head and applies the session. */
gboolean        heeyu_sync_pull            (Run     *run,
                                            GError **error);
/* Forgets the staged session (and the cursor, for a full sync). */
gboolean        heeyu_sync_clear_stage     (sqlite3  *db,
                                            gboolean  forget_cursor,
                                            GError  **error);
/* heeyu-sync-apply.c: the staged session into the record tables, in one
 * transaction, after the counts check (HEEYU_SYNC_ERROR_MISMATCH). */
gboolean        heeyu_sync_apply_stage     (Run     *run,
                                            GError **error);

G_END_DECLS
