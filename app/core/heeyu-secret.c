/* heeyu-secret.c: the API token, kept in the Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "heeyu-secret.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.heeyu.Heeyu.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* One item per server: the same name with or without a trailing slash. */
static char *
server_key (const char *server_url)
{
  g_autofree char *key = g_strstrip (g_strdup (server_url));
  gsize len = strlen (key);

  while (len > 0 && key[len - 1] == '/')
    key[--len] = '\0';
  return g_steal_pointer (&key);
}

gboolean
heeyu_secret_store_token (const char    *server_url,
                          const char    *token,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *key = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);
  g_return_val_if_fail (token != NULL && *token != '\0', FALSE);

  key = server_key (server_url);
  label = g_strdup_printf ("Heeyu token for %s", key);
  return secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label,
                                     token, cancellable, error,
                                     "server", key, NULL);
}

char *
heeyu_secret_lookup_token (const char    *server_url,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *key = NULL;
  char *secret;
  char *token;

  g_return_val_if_fail (server_url != NULL, NULL);

  key = server_key (server_url);
  secret = secret_password_lookup_sync (token_schema (), cancellable, error,
                                        "server", key, NULL);
  if (secret == NULL)
    return NULL;
  /* Copied to GLib's allocator so that callers free it like any string. */
  token = g_strdup (secret);
  secret_password_free (secret);
  return token;
}

gboolean
heeyu_secret_clear_token (const char    *server_url,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autofree char *key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);

  key = server_key (server_url);
  secret_password_clear_sync (token_schema (), cancellable, &local_error,
                              "server", key, NULL);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
heeyu_secret_free (char *token)
{
  if (token == NULL)
    return;
  explicit_bzero (token, strlen (token));
  g_free (token);
}
