/* heeyu-server-util.c: small helpers of heeyu-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <zlib.h>

#include "heeyu-server-util.h"

G_DEFINE_QUARK (heeyu-server-error-quark, heeyu_server_error)

gboolean
heeyu_random_bytes (guint8  *buf,
                    gsize    len,
                    GError **error)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (buf + done, len - done, 0);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_FAILED,
                       "Could not read random bytes: %s", g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

char *
heeyu_base64url_encode (const guint8 *data,
                        gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *p;

  for (p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return text;
}

guint8 *
heeyu_base64url_decode (const char *text,
                        gsize      *out_len)
{
  g_autoptr(GString) std = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);

  len = strlen (text);
  /* g_base64_decode() skips characters it does not know, so the alphabet
   * is checked here; a length of 1 mod 4 cannot come from any input. */
  if (len == 0 || len % 4 == 1)
    return NULL;
  std = g_string_sized_new (len + 3);
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c))
        g_string_append_c (std, c);
      else if (c == '-')
        g_string_append_c (std, '+');
      else if (c == '_')
        g_string_append_c (std, '/');
      else
        return NULL;
    }
  while (std->len % 4 != 0)
    g_string_append_c (std, '=');

  return g_base64_decode (std->str, out_len);
}

void
heeyu_sha256 (const void *data,
              gsize       len,
              guint8      out[32])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize out_len = 32;

  g_checksum_update (sum, data, len);
  g_checksum_get_digest (sum, out, &out_len);
  g_assert (out_len == 32);
}

char *
heeyu_hex_encode (const guint8 *data,
                  gsize         len)
{
  static const char digits[] = "0123456789abcdef";
  char *text = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      text[2 * i] = digits[data[i] >> 4];
      text[2 * i + 1] = digits[data[i] & 0xf];
    }
  text[len * 2] = '\0';
  return text;
}

gboolean
heeyu_constant_time_equal (const guint8 *a,
                           const guint8 *b,
                           gsize         len)
{
  volatile guint8 diff = 0;

  for (gsize i = 0; i < len; i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

char *
heeyu_token_new (GError **error)
{
  guint8 raw[32];
  char *token;

  if (!heeyu_random_bytes (raw, sizeof raw, error))
    return NULL;
  token = heeyu_base64url_encode (raw, sizeof raw);
  memset (raw, 0, sizeof raw);
  return token;
}

void
heeyu_token_hash (const char *token,
                  guint8      out[HEEYU_TOKEN_HASH_LEN])
{
  heeyu_sha256 (token, strlen (token), out);
}

gboolean
heeyu_token_is_wellformed (const char *token)
{
  gsize len = 0;

  if (token == NULL)
    return FALSE;
  for (const char *p = token; *p; p++, len++)
    {
      if (len >= 256)
        return FALSE;
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        return FALSE;
    }
  return len >= 16;
}

char *
heeyu_now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *base = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (now) / 1000);
}

GBytes *
heeyu_gzip (const guint8 *data,
            gsize         len,
            int           level)
{
  z_stream zs = { 0 };
  gsize cap = compressBound (len) + 32;
  guint8 *out = g_malloc (cap);
  int rc;

  /* windowBits 15 + 16 asks zlib for a gzip header and trailer. */
  rc = deflateInit2 (&zs, CLAMP (level, 1, 9), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  g_assert (rc == Z_OK);
  zs.next_in = (Bytef *) data;
  zs.avail_in = len;
  zs.next_out = out;
  zs.avail_out = cap;
  rc = deflate (&zs, Z_FINISH);
  g_assert (rc == Z_STREAM_END);
  cap = zs.total_out;
  deflateEnd (&zs);

  return g_bytes_new_take (g_realloc (out, cap), cap);
}
