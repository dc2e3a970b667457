/* heeyu-server-cursor.c: the signed, opaque pull cursor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout before base64url: version (1 byte, = 1), epoch length (1 byte),
 * epoch, seq (8 bytes, big-endian), skip_tombstones_upto (8 bytes), then
 * the HMAC-SHA256 of everything before it (32 bytes).
 */
#include "config.h"

#include <string.h>

#include "heeyu-server-cursor.h"
#include "heeyu-server-util.h"

#define CURSOR_VERSION 1
#define MAC_LEN 32
#define MAX_TEXT 512

static void
put_be64 (GByteArray *buf,
          gint64      v)
{
  guint8 b[8];

  for (int i = 7; i >= 0; i--)
    {
      b[i] = (guint8) (v & 0xff);
      v = (gint64) ((guint64) v >> 8);
    }
  g_byte_array_append (buf, b, 8);
}

static gint64
get_be64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v = (v << 8) | p[i];
  return (gint64) v;
}

static void
compute_mac (const GBytes *secret,
             const guint8 *data,
             gsize         len,
             guint8        out[MAC_LEN])
{
  gsize secret_len;
  const guint8 *key = g_bytes_get_data ((GBytes *) secret, &secret_len);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, secret_len);
  gsize out_len = MAC_LEN;

  g_hmac_update (hmac, data, len);
  g_hmac_get_digest (hmac, out, &out_len);
}

char *
heeyu_cursor_encode (const GBytes      *secret,
                     const HeeyuCursor *cursor)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  gsize epoch_len = strlen (cursor->epoch);
  guint8 version = CURSOR_VERSION;
  guint8 elen;
  guint8 mac[MAC_LEN];

  g_return_val_if_fail (epoch_len < 256, NULL);
  elen = (guint8) epoch_len;

  g_byte_array_append (buf, &version, 1);
  g_byte_array_append (buf, &elen, 1);
  g_byte_array_append (buf, (const guint8 *) cursor->epoch, epoch_len);
  put_be64 (buf, cursor->seq);
  put_be64 (buf, cursor->skip_tombstones_upto);
  compute_mac (secret, buf->data, buf->len, mac);
  g_byte_array_append (buf, mac, MAC_LEN);

  return heeyu_base64url_encode (buf->data, buf->len);
}

gboolean
heeyu_cursor_decode (const GBytes  *secret,
                     const char    *text,
                     HeeyuCursor   *out,
                     GError       **error)
{
  g_autofree guint8 *raw = NULL;
  gsize len = 0;
  gsize elen;
  guint8 mac[MAC_LEN];

  memset (out, 0, sizeof *out);

  if (text == NULL || strlen (text) > MAX_TEXT ||
      (raw = heeyu_base64url_decode (text, &len)) == NULL)
    goto malformed;
  if (len < 2 || raw[0] != CURSOR_VERSION)
    goto malformed;
  elen = raw[1];
  if (len != 2 + elen + 16 + MAC_LEN)
    goto malformed;

  compute_mac (secret, raw, len - MAC_LEN, mac);
  if (!heeyu_constant_time_equal (mac, raw + len - MAC_LEN, MAC_LEN))
    {
      g_set_error_literal (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                           "The cursor was not issued by this server");
      return FALSE;
    }

  out->epoch = g_strndup ((const char *) raw + 2, elen);
  out->seq = get_be64 (raw + 2 + elen);
  out->skip_tombstones_upto = get_be64 (raw + 2 + elen + 8);
  if (out->seq < 0 || out->skip_tombstones_upto < 0)
    {
      heeyu_cursor_clear (out);
      goto malformed;
    }
  return TRUE;

malformed:
  g_set_error_literal (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID,
                       "The cursor is malformed");
  return FALSE;
}

void
heeyu_cursor_clear (HeeyuCursor *cursor)
{
  g_clear_pointer (&cursor->epoch, g_free);
  cursor->seq = 0;
  cursor->skip_tombstones_upto = 0;
}
