/* heeyu-test-server.h: what the tests that start heeyu-server share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * test-server and test-sync both run through tests/server/with-postgres.sh
 * (a throwaway cluster, PGHOST...), make a CA and certificates with
 * tests/server/make-certs.sh, call the server's command line and start
 * `heeyu-server serve` over HTTPS on a free loopback port.
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "heeyu-test-util.h"

G_BEGIN_DECLS

/* Runs G_TEST_SRCDIR/@name @arg and asserts it succeeded. */
void          heeyu_test_run_script        (const char          *name,
                                            const char          *arg);

/* `@server_bin --database @database @first...`, run to its end. */
HeeyuTestRun *heeyu_test_server_cli_valist (const char          *server_bin,
                                            const char          *database,
                                            const char          *first,
                                            va_list              ap);

/* Spawns `@server_bin serve --listen 127.0.0.1:0 --tls-cert @cert
 * --tls-key @key --database @database @extra...` with @launcher (made
 * with G_SUBPROCESS_FLAGS_STDOUT_PIPE; the caller sets its environment),
 * its stderr in @stderr_log, and reads the port it printed.  The
 * certificate names localhost: heeyu_test_server_url () gives the URL. */
GSubprocess  *heeyu_test_server_serve      (GSubprocessLauncher *launcher,
                                            const char          *server_bin,
                                            const char          *cert,
                                            const char          *key,
                                            const char          *database,
                                            const char * const  *extra,
                                            const char          *stderr_log,
                                            guint16             *port);
char         *heeyu_test_server_url        (guint16              port);

/* CREATE DATABASE @dbname on the cluster of the PG* environment, and a
 * connection to it. */
PGconn       *heeyu_test_pg_create         (const char          *dbname);
/* A query that must succeed; the result is the caller's. */
PGresult     *heeyu_test_pg_query          (PGconn              *db,
                                            const char          *sql,
                                            int                  n,
                                            const char * const  *params);
/* The rev of record @kind/@id, 0 where there is none. */
gint64        heeyu_test_pg_rev            (PGconn              *db,
                                            const char          *kind,
                                            const char          *id);

G_END_DECLS
