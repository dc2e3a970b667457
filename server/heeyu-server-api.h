/* heeyu-server-api.h: the /v1 calls of PROTOCOL.md, over one database connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on a worker thread; knows nothing of HTTP transport beyond the
 * status and body of a reply.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "heeyu-server-db.h"

G_BEGIN_DECLS

#define HEEYU_CHANGES_DEFAULT_LIMIT 1000
#define HEEYU_CHANGES_MAX_LIMIT     5000
#define HEEYU_CHANGES_MAX_BYTES     (4 * 1024 * 1024)

typedef struct
{
  guint        status;
  const char  *content_type;   /* static string */
  GBytes      *body;           /* NULL for none */
  guint        retry_after;    /* seconds, 0 for no Retry-After */
  gboolean     replayed;       /* a push answered from its Idempotency-Key */
} HeeyuReply;

typedef struct
{
  GBytes   *cursor_secret;
  guint     max_mutations;
  gboolean  read_replica;      /* pulls run on a replica that may lag */
} HeeyuApi;

void  heeyu_reply_clear    (HeeyuReply       *reply);
/* RFC 9457 problem: @type is a slug ("cursor-expired"), made a URN. */
void  heeyu_reply_problem  (HeeyuReply       *reply,
                            guint             status,
                            const char       *type,
                            const char       *title,
                            const char       *detail);
void  heeyu_reply_json     (HeeyuReply       *reply,
                            guint             status,
                            char             *json_take);
/* 503 or 500, from a database error. */
void  heeyu_reply_db_error (HeeyuReply       *reply,
                            const GError     *error);

void  heeyu_api_me         (const HeeyuUser  *user,
                            HeeyuReply       *reply);
void  heeyu_api_changes    (const HeeyuApi   *api,
                            PGconn           *conn,
                            const char       *cursor,
                            const char       *limit,
                            HeeyuReply       *reply);
void  heeyu_api_push       (const HeeyuApi   *api,
                            PGconn           *conn,
                            const HeeyuUser  *user,
                            const char       *idempotency_key,
                            GBytes           *body,
                            HeeyuReply       *reply);

G_END_DECLS
