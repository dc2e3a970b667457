/* heeyu-server-cursor.h: the signed, opaque pull cursor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cursor carries the dataset epoch, the last seq the client holds, and,
 * during a full sync, the seq up to which tombstones are left out.  It is
 * signed with HMAC-SHA256 under the server secret, so a cursor the server
 * did not issue is told apart from one that is merely out of date.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *epoch;
  gint64  seq;
  gint64  skip_tombstones_upto;   /* 0 outside a full sync */
} HeeyuCursor;

char        *heeyu_cursor_encode (const GBytes      *secret,
                                  const HeeyuCursor *cursor);

/* FALSE (and a message in @error) for anything malformed or forged. */
gboolean     heeyu_cursor_decode (const GBytes      *secret,
                                  const char        *text,
                                  HeeyuCursor       *out,
                                  GError           **error);

void         heeyu_cursor_clear  (HeeyuCursor       *cursor);

G_END_DECLS
