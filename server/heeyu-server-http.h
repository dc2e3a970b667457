/* heeyu-server-http.h: the HTTPS front of heeyu-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoupServer on the main context takes requests, checks what can be
 * checked without the database (size, token shape, per-token limit), and
 * hands the rest to a pool of worker threads, each with its own database
 * connection; the message is paused meanwhile, so a slow query never holds
 * up another request.  The reply is applied back on the main context.
 */
#pragma once

#include <glib.h>

#include "heeyu-server-config.h"

G_BEGIN_DECLS

typedef struct _HeeyuHttp HeeyuHttp;

HeeyuHttp *heeyu_http_new    (const HeeyuServerConfig  *config,
                              GBytes                   *cursor_secret,
                              GError                  **error);
/* Binds the address; prints "listening on https://HOST:PORT/" on stdout. */
gboolean   heeyu_http_listen (HeeyuHttp                *http,
                              GError                  **error);
/* Stops listening and waits for the requests in the workers. */
void       heeyu_http_free   (HeeyuHttp                *http);

G_END_DECLS
