/* heeyu-server-db.h: PostgreSQL access of heeyu-server (schema, users, import)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every value goes to the server as a bound parameter, never formatted
 * into SQL.  Functions here are used from one thread per connection.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define HEEYU_SCHEMA_VERSION 1

typedef struct
{
  char *name;
  char *role;   /* reader, editor, admin */
} HeeyuUser;

typedef struct
{
  guint64 lines;       /* records read from the file */
  guint64 inserted;    /* new records */
  guint64 updated;     /* records whose data or deletion changed */
  guint64 unchanged;   /* records already held exactly so */
} HeeyuImportStats;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Opens a connection; @statement_timeout in seconds, 0 for none. */
PGconn     *heeyu_db_connect        (const char        *conninfo,
                                     guint              statement_timeout,
                                     GError           **error);

/* Runs one statement with text parameters; NULL and @error on failure
 * (HEEYU_SERVER_ERROR_CONNECTION when the connection is gone). */
PGresult   *heeyu_db_exec           (PGconn            *conn,
                                     const char        *sql,
                                     int                n_params,
                                     const char * const *params,
                                     GError           **error);
gboolean    heeyu_db_command        (PGconn            *conn,
                                     const char        *sql,
                                     int                n_params,
                                     const char * const *params,
                                     GError           **error);
/* Rolls back whatever transaction is open, ignoring errors. */
void        heeyu_db_rollback       (PGconn            *conn);

gboolean    heeyu_db_migrate        (PGconn            *conn,
                                     guint             *n_applied,
                                     GError           **error);
/* FALSE with HEEYU_SERVER_ERROR_SCHEMA when `migrate` has to run first. */
gboolean    heeyu_db_check_schema   (PGconn            *conn,
                                     GError           **error);
GBytes     *heeyu_db_cursor_secret  (PGconn            *conn,
                                     GError           **error);

/* Starts a new dataset epoch: every cursor handed out before is answered
 * with 410 and its client starts a full sync.  Run after a restore. */
char       *heeyu_db_new_epoch      (PGconn            *conn,
                                     const char        *actor,
                                     GError           **error);

/* Returns the new token, which is shown once and never stored. */
char       *heeyu_db_user_add       (PGconn            *conn,
                                     const char        *name,
                                     const char        *role,
                                     const char        *actor,
                                     GError           **error);
gboolean    heeyu_db_user_revoke    (PGconn            *conn,
                                     const char        *name,
                                     const char        *actor,
                                     GError           **error);
/* One line per user: name, role, created, revoked. */
char       *heeyu_db_user_list      (PGconn            *conn,
                                     GError           **error);

/* The active user holding the token whose SHA-256 is @hash; NULL without
 * an error when there is none (unknown or revoked). */
HeeyuUser  *heeyu_db_authenticate   (PGconn            *conn,
                                     const guint8      *hash,
                                     GError           **error);
void        heeyu_user_free         (HeeyuUser         *user);

/* Imports NDJSON envelopes (plain or gzip, "-" for stdin) in one
 * transaction; an error names the line. */
gboolean    heeyu_db_import         (PGconn            *conn,
                                     const char        *path,
                                     const char        *actor,
                                     HeeyuImportStats  *stats,
                                     GError           **error);

/* Drops idempotency keys older than @key_days and tombstones older than
 * @tombstone_days (0 keeps them); cursors from before the oldest kept
 * tombstone then get 410. */
gboolean    heeyu_db_purge          (PGconn            *conn,
                                     guint              key_days,
                                     guint              tombstone_days,
                                     const char        *actor,
                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuUser, heeyu_user_free)

G_END_DECLS
