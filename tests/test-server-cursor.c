/* test-server-cursor.c: the server's signed pull cursor and token helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No database needed: what a client would see go wrong is a cursor the
 * server no longer recognises as its own, or one it accepts after a change.
 */
#include "config.h"

#include <string.h>

#include "heeyu-server-cursor.h"
#include "heeyu-server-util.h"

static GBytes *
secret (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
test_roundtrip (void)
{
  g_autoptr(GBytes) key = secret ("a secret of the server, 32 bytes");
  HeeyuCursor in = { (char *) "0123456789abcdef0123456789abcdef", 2100056, 2000000 };
  HeeyuCursor out = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = heeyu_cursor_encode (key, &in);

  /* base64url: safe in a query string without escaping */
  for (const char *p = text; *p; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_true (heeyu_cursor_decode (key, text, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out.epoch, ==, in.epoch);
  g_assert_cmpint (out.seq, ==, in.seq);
  g_assert_cmpint (out.skip_tombstones_upto, ==, in.skip_tombstones_upto);
  heeyu_cursor_clear (&out);
}

static void
test_tampered (void)
{
  g_autoptr(GBytes) key = secret ("a secret of the server, 32 bytes");
  g_autoptr(GBytes) other = secret ("another server's secret, 32 byte");
  HeeyuCursor in = { (char *) "epoch-1", 42, 0 };
  g_autofree char *text = heeyu_cursor_encode (key, &in);
  gsize len = strlen (text);

  /* Every single-character change is refused. */
  for (gsize i = 0; i < len; i++)
    {
      g_autofree char *bad = g_strdup (text);
      HeeyuCursor out = { 0 };
      g_autoptr(GError) error = NULL;

      bad[i] = bad[i] == 'A' ? 'B' : 'A';
      g_assert_false (heeyu_cursor_decode (key, bad, &out, &error));
      g_assert_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID);
      g_assert_null (out.epoch);
    }

  {
    HeeyuCursor out = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_false (heeyu_cursor_decode (other, text, &out, &error));
    g_assert_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID);
  }
}

static void
test_malformed (void)
{
  g_autoptr(GBytes) key = secret ("a secret of the server, 32 bytes");
  const char *bad[] = { "", "A", "AAAA", "!!!!", "a b", "AQ==", "%41%41",
                        "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      HeeyuCursor out = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_false (heeyu_cursor_decode (key, bad[i], &out, &error));
      g_assert_error (error, HEEYU_SERVER_ERROR, HEEYU_SERVER_ERROR_INVALID);
    }
  {
    g_autofree char *huge = g_strnfill (100000, 'A');
    HeeyuCursor out = { 0 };

    g_assert_false (heeyu_cursor_decode (key, huge, &out, NULL));
  }
}

static void
test_tokens (void)
{
  g_autofree char *a = heeyu_token_new (NULL);
  g_autofree char *b = heeyu_token_new (NULL);
  guint8 ha[HEEYU_TOKEN_HASH_LEN], hb[HEEYU_TOKEN_HASH_LEN], ha2[HEEYU_TOKEN_HASH_LEN];

  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  g_assert_true (heeyu_token_is_wellformed (a));
  g_assert_false (heeyu_token_is_wellformed ("short"));
  g_assert_false (heeyu_token_is_wellformed ("has a space in it somewhere"));
  g_assert_false (heeyu_token_is_wellformed (NULL));

  heeyu_token_hash (a, ha);
  heeyu_token_hash (a, ha2);
  heeyu_token_hash (b, hb);
  g_assert_true (heeyu_constant_time_equal (ha, ha2, sizeof ha));
  g_assert_false (heeyu_constant_time_equal (ha, hb, sizeof ha));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server-cursor/roundtrip", test_roundtrip);
  g_test_add_func ("/server-cursor/tampered", test_tampered);
  g_test_add_func ("/server-cursor/malformed", test_malformed);
  g_test_add_func ("/server-cursor/tokens", test_tokens);
  return g_test_run ();
}
