/* heeyu-server-util.h: small helpers of heeyu-server (hashing, tokens, base64url)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HEEYU_SERVER_ERROR (heeyu_server_error_quark ())

typedef enum
{
  HEEYU_SERVER_ERROR_FAILED,
  HEEYU_SERVER_ERROR_CONNECTION,   /* the database is unreachable */
  HEEYU_SERVER_ERROR_NOT_FOUND,
  HEEYU_SERVER_ERROR_EXISTS,
  HEEYU_SERVER_ERROR_INVALID,
  HEEYU_SERVER_ERROR_SCHEMA,       /* the database needs `heeyu-server migrate` */
} HeeyuServerError;

#define HEEYU_TOKEN_HASH_LEN 32

GQuark    heeyu_server_error_quark    (void);

/* Fills @buf with bytes from the kernel's CSPRNG (getrandom), never
 * from g_random. */
gboolean  heeyu_random_bytes          (guint8       *buf,
                                       gsize         len,
                                       GError      **error);

char     *heeyu_base64url_encode      (const guint8 *data,
                                       gsize         len);
/* NULL when @text holds anything but the base64url alphabet. */
guint8   *heeyu_base64url_decode      (const char   *text,
                                       gsize        *out_len);

void      heeyu_sha256                (const void   *data,
                                       gsize         len,
                                       guint8        out[32]);
char     *heeyu_hex_encode            (const guint8 *data,
                                       gsize         len);

/* Compares without an early exit, so the time taken says nothing about
 * where two secrets differ. */
gboolean  heeyu_constant_time_equal   (const guint8 *a,
                                       const guint8 *b,
                                       gsize         len);

/* A new API token: base64url of 32 random bytes (43 characters). */
char     *heeyu_token_new             (GError      **error);
/* SHA-256 of the token text; only this is ever stored. */
void      heeyu_token_hash            (const char   *token,
                                       guint8        out[HEEYU_TOKEN_HASH_LEN]);
/* TRUE if @token looks like one of ours (length and alphabet), checked
 * before anything else is done with it. */
gboolean  heeyu_token_is_wellformed   (const char   *token);

/* RFC 3339 UTC timestamp with milliseconds, for logs. */
char     *heeyu_now_rfc3339           (void);

/* gzip of @data at @level (1..9). */
GBytes   *heeyu_gzip                  (const guint8 *data,
                                       gsize         len,
                                       int           level);

char     *heeyu_json_to_string        (JsonNode     *node);

gboolean  heeyu_json_check_strict     (const char   *data,
                                       gsize         len,
                                       guint         max_depth,
                                       char        **detail);

G_END_DECLS
