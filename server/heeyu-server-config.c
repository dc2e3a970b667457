/* heeyu-server-config.c: settings of heeyu-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-server-config.h"
#include "heeyu-server-util.h"

#define SYSTEM_CONFIG "/etc/heeyu/server.conf"
#define GROUP "server"

HeeyuServerConfig *
heeyu_server_config_new (void)
{
  HeeyuServerConfig *config = g_new0 (HeeyuServerConfig, 1);

  config->listen = g_strdup ("127.0.0.1:8443");
  config->database = g_strdup ("");
  config->workers = 8;
  config->max_per_token = 8;
  config->max_queue = 1024;
  config->max_body = 8 * 1024 * 1024;
  config->max_mutations = 1000;
  config->request_timeout = 30;
  config->statement_timeout = 30;
  config->gzip_level = 1;
  return config;
}

void
heeyu_server_config_free (HeeyuServerConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->listen);
  g_free (config->tls_cert);
  g_free (config->tls_key);
  g_free (config->database);
  g_free (config->read_database);
  if (config->cursor_secret)
    memset (config->cursor_secret, 0, strlen (config->cursor_secret));
  g_free (config->cursor_secret);
  g_free (config->access_log);
  g_free (config);
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
parse_uint (const char  *name,
            const char  *text,
            guint64      min,
            guint64      max,
            guint64     *out,
            GError     **error)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &v, NULL))
    {
      g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                   "%s must be a whole number from %" G_GUINT64_FORMAT " to %"
                   G_GUINT64_FORMAT ", not \"%s\"", name, min, max, text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

typedef enum { KEY_STRING, KEY_UINT, KEY_UINT64, KEY_INT } KeyType;

typedef struct
{
  const char *key;
  const char *env;
  KeyType     type;
  gsize       offset;
  guint64     min, max;
} KeySpec;

static const KeySpec keys[] = {
  { "listen", "HEEYU_LISTEN", KEY_STRING, G_STRUCT_OFFSET (HeeyuServerConfig, listen), 0, 0 },
  { "tls-cert", "HEEYU_TLS_CERT", KEY_STRING, G_STRUCT_OFFSET (HeeyuServerConfig, tls_cert), 0, 0 },
  { "tls-key", "HEEYU_TLS_KEY", KEY_STRING, G_STRUCT_OFFSET (HeeyuServerConfig, tls_key), 0, 0 },
  { "database", "HEEYU_DATABASE", KEY_STRING, G_STRUCT_OFFSET (HeeyuServerConfig, database), 0, 0 },
  { "read-database", "HEEYU_READ_DATABASE", KEY_STRING, G_STRUCT_OFFSET (HeeyuServerConfig, read_database), 0, 0 },
  { "cursor-secret", "HEEYU_CURSOR_SECRET", KEY_STRING, G_STRUCT_OFFSET (HeeyuServerConfig, cursor_secret), 0, 0 },
  { "access-log", "HEEYU_ACCESS_LOG", KEY_STRING, G_STRUCT_OFFSET (HeeyuServerConfig, access_log), 0, 0 },
  { "workers", "HEEYU_WORKERS", KEY_UINT, G_STRUCT_OFFSET (HeeyuServerConfig, workers), 1, 256 },
  { "max-per-token", "HEEYU_MAX_PER_TOKEN", KEY_UINT, G_STRUCT_OFFSET (HeeyuServerConfig, max_per_token), 1, 10000 },
  { "max-queue", "HEEYU_MAX_QUEUE", KEY_UINT, G_STRUCT_OFFSET (HeeyuServerConfig, max_queue), 1, 1000000 },
  { "max-body", "HEEYU_MAX_BODY", KEY_UINT64, G_STRUCT_OFFSET (HeeyuServerConfig, max_body), 1024, G_GUINT64_CONSTANT (1) << 32 },
  { "max-mutations", "HEEYU_MAX_MUTATIONS", KEY_UINT, G_STRUCT_OFFSET (HeeyuServerConfig, max_mutations), 1, 100000 },
  { "request-timeout", "HEEYU_REQUEST_TIMEOUT", KEY_UINT, G_STRUCT_OFFSET (HeeyuServerConfig, request_timeout), 1, 3600 },
  { "statement-timeout", "HEEYU_STATEMENT_TIMEOUT", KEY_UINT, G_STRUCT_OFFSET (HeeyuServerConfig, statement_timeout), 1, 3600 },
  { "gzip-level", "HEEYU_GZIP_LEVEL", KEY_INT, G_STRUCT_OFFSET (HeeyuServerConfig, gzip_level), 1, 9 },
};

static gboolean
apply (HeeyuServerConfig  *config,
       const KeySpec      *spec,
       const char         *value,
       GError            **error)
{
  gpointer field = G_STRUCT_MEMBER_P (config, spec->offset);
  guint64 v;

  switch (spec->type)
    {
    case KEY_STRING:
      set_string (field, value);
      return TRUE;
    case KEY_UINT:
      if (!parse_uint (spec->key, value, spec->min, spec->max, &v, error))
        return FALSE;
      *(guint *) field = (guint) v;
      return TRUE;
    case KEY_UINT64:
      if (!parse_uint (spec->key, value, spec->min, spec->max, &v, error))
        return FALSE;
      *(guint64 *) field = v;
      return TRUE;
    case KEY_INT:
      if (!parse_uint (spec->key, value, spec->min, spec->max, &v, error))
        return FALSE;
      *(int *) field = (int) v;
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

gboolean
heeyu_server_config_load_file (HeeyuServerConfig  *config,
                               const char         *path,
                               GError            **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_auto(GStrv) names = NULL;

  if (path == NULL)
    path = g_getenv ("HEEYU_SERVER_CONFIG");
  if (path == NULL)
    {
      if (!g_file_test (SYSTEM_CONFIG, G_FILE_TEST_EXISTS))
        return TRUE;
      path = SYSTEM_CONFIG;
    }

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "Could not read the configuration file %s: ", path);
      return FALSE;
    }

  names = g_key_file_get_keys (kf, GROUP, NULL, NULL);
  for (guint i = 0; names && names[i]; i++)
    {
      const KeySpec *spec = NULL;
      g_autofree char *value = NULL;

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (g_str_equal (keys[k].key, names[i]))
          spec = &keys[k];
      if (spec == NULL)
        {
          g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                       "%s: unknown setting \"%s\" in [%s]", path, names[i], GROUP);
          return FALSE;
        }
      value = g_key_file_get_string (kf, GROUP, names[i], error);
      if (value == NULL || !apply (config, spec, g_strstrip (value), error))
        {
          g_prefix_error (error, "%s: ", path);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
heeyu_server_config_load_env (HeeyuServerConfig  *config,
                              GError            **error)
{
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      const char *value = g_getenv (keys[k].env);

      if (value == NULL)
        continue;
      if (!apply (config, &keys[k], value, error))
        {
          g_prefix_error (error, "$%s: ", keys[k].env);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
heeyu_server_config_set (HeeyuServerConfig  *config,
                         const char         *key,
                         const char         *value,
                         GError            **error)
{
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    if (g_str_equal (keys[k].key, key))
      {
        if (!apply (config, &keys[k], value, error))
          {
            g_prefix_error (error, "--%s: ", key);
            return FALSE;
          }
        return TRUE;
      }
  g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
               "unknown setting \"%s\"", key);
  return FALSE;
}
