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

static gsize
json_skip_ws (const char *s,
              gsize       len,
              gsize       i)
{
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
    i++;
  return i;
}

static gboolean
json_scan_string (const char *s,
                  gsize       len,
                  gsize      *pos)
{
  gsize i = *pos + 1;   /* past the opening quote */

  while (i < len)
    {
      guchar c = s[i];

      if (c == '"')
        {
          *pos = i + 1;
          return TRUE;
        }
      /* JSON wants every control character escaped, but json-glib 1.6's
       * generator (the desktop's) writes U+001F raw: let that one in. */
      if (c < 0x20 && c != 0x1f)
        return FALSE;
      if (c == '\\')
        {
          if (i + 1 >= len)
            return FALSE;
          if (s[i + 1] == 'u')
            {
              for (guint k = 2; k < 6; k++)
                if (i + k >= len || !g_ascii_isxdigit (s[i + k]))
                  return FALSE;
              i += 6;
              continue;
            }
          if (strchr ("\"\\/bfnrt", s[i + 1]) == NULL || s[i + 1] == '\0')
            return FALSE;
          i += 2;
          continue;
        }
      i++;
    }
  return FALSE;
}

static gboolean
json_scan_number (const char *s,
                  gsize       len,
                  gsize      *pos)
{
  gsize i = *pos;

  if (i < len && s[i] == '-')
    i++;
  if (i < len && s[i] == '0')
    i++;
  else if (i < len && s[i] >= '1' && s[i] <= '9')
    while (i < len && g_ascii_isdigit (s[i]))
      i++;
  else
    return FALSE;
  if (i < len && s[i] == '.')
    {
      if (++i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }
  if (i < len && (s[i] == 'e' || s[i] == 'E'))
    {
      i++;
      if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
      if (i >= len || !g_ascii_isdigit (s[i]))
        return FALSE;
      while (i < len && g_ascii_isdigit (s[i]))
        i++;
    }
  *pos = i;
  return TRUE;
}

/* json-glib accepts more than JSON (single quotes, hex and leading-zero
 * numbers, comments, raw control characters in strings): a push must be
 * RFC 8259 JSON (but for a raw U+001F, see json_scan_string), so this checks the grammar first, without recursion, and
 * bounds the nesting so the parser after it cannot be driven deep. */
gboolean
heeyu_json_check_strict (const char  *data,
                         gsize        len,
                         guint        max_depth,
                         char       **detail)
{
  g_autoptr(GByteArray) stack = g_byte_array_new ();
  enum { WANT_VALUE, WANT_KEY, AFTER_VALUE } state = WANT_VALUE;
  gsize i = 0;
  const char *why = "unexpected character";

  if (!g_utf8_validate_len (data, len, NULL))
    {
      *detail = g_strdup ("The body is not valid UTF-8.");
      return FALSE;
    }

  for (;;)
    {
      i = json_skip_ws (data, len, i);
      if (state == WANT_VALUE)
        {
          if (i >= len)
            {
              why = "the text ends where a value should be";
              goto fail;
            }
          if (data[i] == '{' || data[i] == '[')
            {
              guint8 open = data[i];

              if (stack->len >= max_depth)
                {
                  why = "nested too deeply";
                  goto fail;
                }
              g_byte_array_append (stack, &open, 1);
              i = json_skip_ws (data, len, i + 1);
              if (i < len && data[i] == (open == '{' ? '}' : ']'))
                {
                  g_byte_array_set_size (stack, stack->len - 1);
                  i++;
                  state = AFTER_VALUE;
                }
              else
                state = open == '{' ? WANT_KEY : WANT_VALUE;
              continue;
            }
          if (data[i] == '"')
            {
              if (!json_scan_string (data, len, &i))
                {
                  why = "a string is not closed or holds a raw control character or a bad escape";
                  goto fail;
                }
            }
          else if (data[i] == '-' || g_ascii_isdigit (data[i]))
            {
              if (!json_scan_number (data, len, &i))
                {
                  why = "a number is not written the JSON way";
                  goto fail;
                }
            }
          else if (len - i >= 4 && (memcmp (data + i, "true", 4) == 0 || memcmp (data + i, "null", 4) == 0))
            i += 4;
          else if (len - i >= 5 && memcmp (data + i, "false", 5) == 0)
            i += 5;
          else
            goto fail;
          state = AFTER_VALUE;
        }
      else if (state == WANT_KEY)
        {
          if (i >= len || data[i] != '"' || !json_scan_string (data, len, &i))
            {
              why = "a member name must be a string in double quotes";
              goto fail;
            }
          i = json_skip_ws (data, len, i);
          if (i >= len || data[i] != ':')
            {
              why = "a ':' should follow the member name";
              goto fail;
            }
          i++;
          state = WANT_VALUE;
        }
      else
        {
          guint8 top;

          if (stack->len == 0)
            {
              if (i == len)
                return TRUE;
              why = "there is more after the end of the JSON text";
              goto fail;
            }
          top = stack->data[stack->len - 1];
          if (i < len && data[i] == ',')
            {
              i++;
              state = top == '{' ? WANT_KEY : WANT_VALUE;
            }
          else if (i < len && data[i] == (top == '{' ? '}' : ']'))
            {
              g_byte_array_set_size (stack, stack->len - 1);
              i++;
            }
          else
            {
              why = i < len ? "a ',' or the end of the list or object should come here"
                            : "the text ends inside a list or an object";
              goto fail;
            }
        }
    }

fail:
  *detail = g_strdup_printf ("The body is not JSON at byte %" G_GSIZE_FORMAT ": %s.", i, why);
  return FALSE;
}

/* json_to_string (), but valid JSON: json-glib 1.6 writes U+001F raw, and
 * PostgreSQL's json type (rightly) refuses that, so a record holding one
 * could not be stored.  The byte 0x1f occurs in UTF-8 only as itself, and
 * in the generator's output only inside strings. */
char *
heeyu_json_to_string (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  GString *out;

  if (strchr (text, 0x1f) == NULL)
    return g_steal_pointer (&text);
  out = g_string_sized_new (strlen (text) + 16);
  for (const char *p = text; *p; p++)
    {
      if (*p == 0x1f)
        g_string_append (out, "\\u001f");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}
