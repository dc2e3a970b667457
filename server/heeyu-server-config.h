/* heeyu-server-config.h: settings of heeyu-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read in this order, each overriding the one before: built-in defaults,
 * the config file (--config, $HEEYU_SERVER_CONFIG, or
 * /etc/heeyu/server.conf when present), the environment (HEEYU_*), and the
 * command line.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *listen;             /* "host:port"; port 0 picks a free one */
  char   *tls_cert;           /* PEM file */
  char   *tls_key;            /* PEM file */
  char   *database;           /* libpq conninfo; "" takes PG* variables */
  char   *read_database;      /* optional conninfo of a streaming replica for pulls */
  char   *cursor_secret;      /* NULL: the secret kept in the database */
  char   *access_log;         /* file, or NULL / "-" for stdout */
  guint   workers;            /* database worker threads, one connection each */
  guint   max_per_token;      /* concurrent requests per token */
  guint   max_queue;          /* requests waiting for a worker before 503 */
  guint64 max_body;           /* request body bytes */
  guint   max_mutations;      /* mutations per push */
  guint   request_timeout;    /* seconds a client may take to send a request or read a reply */
  guint   statement_timeout;  /* seconds a database statement may take */
  int     gzip_level;
} HeeyuServerConfig;

HeeyuServerConfig *heeyu_server_config_new       (void);
void               heeyu_server_config_free      (HeeyuServerConfig  *config);

/* @path may be NULL: then $HEEYU_SERVER_CONFIG, then /etc/heeyu/server.conf
 * if it exists.  A file named explicitly must exist. */
gboolean           heeyu_server_config_load_file (HeeyuServerConfig  *config,
                                                  const char         *path,
                                                  GError            **error);
gboolean           heeyu_server_config_load_env  (HeeyuServerConfig  *config,
                                                  GError            **error);

/* Sets one setting by its config-file name ("workers", "tls-cert"...). */
gboolean           heeyu_server_config_set       (HeeyuServerConfig  *config,
                                                  const char         *key,
                                                  const char         *value,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuServerConfig, heeyu_server_config_free)

G_END_DECLS
