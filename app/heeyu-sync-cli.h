/* heeyu-sync-cli.h: `heeyu --sync`, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Syncs the default cache with @server (NULL: the server-url setting),
 * verifying it with @ca_file (NULL: the ca-file setting).  The token comes
 * from HEEYU_TOKEN, else from the keyring.  Progress goes to stderr.
 * The cache's PRAGMA quick_check runs only when the last successful one
 * is 24 hours old (meta "last_check", also written by the window, which
 * checks at every start).
 * Returns the exit status: 0 only when the sync completed. */
int heeyu_sync_cli_run (const char *server,
                        const char *ca_file);

G_END_DECLS
