/* heeyu-sync.h: keeps the local copy in step with the center's server
 *
 * One sync (PROTOCOL.md, "Client behaviour"): push the outbox, pull the
 * changes since the cursor, push what arrived meanwhile.  Pulled pages are
 * staged with their cursor, one SQLite transaction per page, so a killed
 * sync resumes where it stopped; the session reaches the tables the UI
 * reads in one transaction at its end, after the counts check.  A record
 * with an edit waiting in the outbox, or a conflict, is never overwritten;
 * a push answered "conflict" or "rejected" is kept for the user to decide
 * (heeyu-sync-conflicts.h).
 *
 * Everything here blocks: run it in a worker thread (heeyu_sync_run_async)
 * or from the command line.  All traffic is HTTPS with the peer and host
 * verified, TLS 1.2 or newer, no redirects; a private CA is given as a CA
 * file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEEYU_SYNC_ERROR (heeyu_sync_error_quark ())

typedef enum
{
  HEEYU_SYNC_ERROR_NOT_CONFIGURED,  /* no server URL or no token */
  HEEYU_SYNC_ERROR_BAD_URL,         /* not an https:// URL */
  HEEYU_SYNC_ERROR_DNS,             /* the host name cannot be resolved */
  HEEYU_SYNC_ERROR_REFUSED,         /* nothing answers at that address */
  HEEYU_SYNC_ERROR_NETWORK,         /* timeout, connection cut, … */
  HEEYU_SYNC_ERROR_TLS_UNTRUSTED,   /* certificate not signed by a trusted CA */
  HEEYU_SYNC_ERROR_TLS_EXPIRED,     /* certificate expired or not yet valid */
  HEEYU_SYNC_ERROR_TLS_NAME,        /* certificate made for another host name */
  HEEYU_SYNC_ERROR_TLS,             /* any other TLS failure (old TLS, bad CA file) */
  HEEYU_SYNC_ERROR_UNAUTHORIZED,    /* 401: the token is wrong or revoked */
  HEEYU_SYNC_ERROR_FORBIDDEN,       /* 403 */
  HEEYU_SYNC_ERROR_SERVER_TOO_OLD,  /* the server does not speak protocol v1 */
  HEEYU_SYNC_ERROR_CLIENT_TOO_OLD,  /* 426 */
  HEEYU_SYNC_ERROR_SERVER,          /* 5xx, 429 (after the retries) */
  HEEYU_SYNC_ERROR_PROTOCOL,        /* a reply that does not follow the protocol */
  HEEYU_SYNC_ERROR_TOO_LARGE,       /* a reply over the size cap, after decompression */
  HEEYU_SYNC_ERROR_MISMATCH,        /* the counts check failed after a full sync */
  HEEYU_SYNC_ERROR_LOCAL,           /* the local database failed */
  HEEYU_SYNC_ERROR_BUSY,            /* a sync is already running */
} HeeyuSyncError;

GQuark    heeyu_sync_error_quark        (void);
/* TRUE for errors that a later attempt may not meet (network, 5xx, 429). */
gboolean  heeyu_sync_error_is_transient (const GError *error);

typedef enum
{
  HEEYU_SYNC_PHASE_CONNECT,
  HEEYU_SYNC_PHASE_PUSH,
  HEEYU_SYNC_PHASE_PULL,
  HEEYU_SYNC_PHASE_APPLY,
  HEEYU_SYNC_PHASE_WAIT,    /* waiting before a retry */
} HeeyuSyncPhase;

typedef struct
{
  HeeyuSyncPhase phase;
  guint64        done;      /* records pushed, pulled or applied so far */
  guint64        total;     /* 0 when not known yet */
  guint          attempt;   /* > 1 while retrying */
} HeeyuSyncProgress;

typedef struct
{
  guint    pushed;          /* mutations the server applied */
  guint    conflicts;       /* new conflicts kept for the user */
  guint    rejected;        /* mutations the server refused, kept for the user */
  guint64  pulled;          /* records received */
  guint64  applied;         /* records written to the local tables */
  guint64  deleted;
  guint64  held;            /* not applied: a local edit waits for them */
  gboolean full;            /* the session started from no cursor */
  gboolean restarted;       /* the server said 410: a full sync was made */
  gboolean idle;            /* nothing new (304) */
} HeeyuSyncReport;

/* Called in the syncing thread; keep it quick. */
typedef void (*HeeyuSyncProgressFunc) (const HeeyuSyncProgress *progress,
                                       gpointer                 user_data);

#define HEEYU_TYPE_SYNC (heeyu_sync_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuSync, heeyu_sync, HEEYU, SYNC, GObject)

/* A sync of the cache at @db_path (NULL: the default path).  The engine
 * opens its own connections. */
HeeyuSync  *heeyu_sync_new                (const char   *db_path);
const char *heeyu_sync_get_db_path        (HeeyuSync    *self);

/* @url "https://host[:port]"; @ca_file NULL for the system's CAs. */
void        heeyu_sync_set_server         (HeeyuSync    *self,
                                           const char   *url,
                                           const char   *ca_file);
const char *heeyu_sync_get_server         (HeeyuSync    *self);
/* The token is kept only in memory, and wiped when replaced. */
void        heeyu_sync_set_token          (HeeyuSync    *self,
                                           const char   *token);
/* Retries of one request within a sync: @max_attempts tries, waits from
 * @base_ms doubling up to @max_ms, with jitter; a Retry-After is honoured.
 * Defaults 6, 1000, 60000. */
void        heeyu_sync_set_retry          (HeeyuSync    *self,
                                           guint         max_attempts,
                                           guint         base_ms,
                                           guint         max_ms);
/* Items per pulled page (default 1000, at most 5000) and the cap on one
 * reply after decompression (default 64 MiB). */
void        heeyu_sync_set_limits         (HeeyuSync    *self,
                                           guint         page_limit,
                                           gsize         max_response);
/* Timeouts in seconds: connect (15), a transfer below 1 byte/s (30), one
 * request in all (120). */
void        heeyu_sync_set_timeouts       (HeeyuSync    *self,
                                           guint         connect_s,
                                           guint         stall_s,
                                           guint         request_s);

/* Runs one sync.  Returns FALSE with HEEYU_SYNC_ERROR_BUSY when another one
 * runs on this engine, or with G_IO_ERROR_CANCELLED.  On failure the
 * outbox, the staged pages and the token are kept; the error message says
 * what failed in words. */
gboolean    heeyu_sync_run                (HeeyuSync             *self,
                                           HeeyuSyncReport       *report,
                                           HeeyuSyncProgressFunc  progress,
                                           gpointer               user_data,
                                           GCancellable          *cancellable,
                                           GError               **error);
/* The same in a worker thread; progress is the "progress" signal
 * (phase, done, total), emitted in the caller's main context. */
void        heeyu_sync_run_async          (HeeyuSync             *self,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
gboolean    heeyu_sync_run_finish         (HeeyuSync             *self,
                                           GAsyncResult          *result,
                                           HeeyuSyncReport       *report,
                                           GError               **error);
gboolean    heeyu_sync_is_running         (HeeyuSync             *self);

typedef struct
{
  char *version;   /* the server's */
  char *user;
  char *role;
} HeeyuSyncServerInfo;

void        heeyu_sync_server_info_free   (HeeyuSyncServerInfo   *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuSyncServerInfo, heeyu_sync_server_info_free)

/* "Test connection": /v1/health, then /v1/me with the token.  The error
 * says what failed in words: DNS, refused, the certificate (with its
 * subject and issuer), the token, a server too old. */
HeeyuSyncServerInfo *heeyu_sync_check     (HeeyuSync             *self,
                                           GCancellable          *cancellable,
                                           GError               **error);

/* The JSON of `heeyu --status`: the cache's status plus "sync": server,
 * cursor, last sync, last error, outbox, conflicts, staged records. */
char       *heeyu_sync_status_json        (const char            *db_path,
                                           GError               **error);

G_END_DECLS
