/* heeyu-secret.h: the API token, kept in the Secret Service
 *
 * The token never goes to GSettings, a file or a log: it lives in the
 * user's keyring (gnome-keyring, KWallet…) through libsecret, one item per
 * server URL.  These calls block on D-Bus: call them from a worker thread
 * or the command line, or accept a short wait in a dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Stores @token for @server_url, replacing an older one. */
gboolean  heeyu_secret_store_token  (const char    *server_url,
                                     const char    *token,
                                     GCancellable  *cancellable,
                                     GError       **error);
/* The token for @server_url; NULL with no error when none is stored, NULL
 * with @error when the Secret Service cannot be reached. */
char     *heeyu_secret_lookup_token (const char    *server_url,
                                     GCancellable  *cancellable,
                                     GError       **error);
/* Removes the token of @server_url; TRUE also when there was none. */
gboolean  heeyu_secret_clear_token  (const char    *server_url,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* Overwrites a token in memory before it is freed. */
void      heeyu_secret_free         (char          *token);

G_END_DECLS
