/* heeyu-bitset.c: sets of company rowids as SQLite values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A set is a BLOB of 64-bit little-endian words, bit (i % 64) of word i / 64
 * standing for rowid i; trailing words may be missing (they are zero).
 * Blobs from SQLite carry no alignment promise, so words are read and
 * written through memcpy(), which compilers turn into plain loads.
 */
#include "config.h"

#include <string.h>

#include "heeyu-bitset.h"

/* Rowids above this are refused rather than turned into a huge set: a
 * cache's rowids grow by one per company ever stored. */
#define MAX_ROWID ((gint64) 1 << 27)

#define POSTINGS_ARRAY  'A'
#define POSTINGS_BITMAP 'B'

static inline guint64
load_word (const guint8 *p,
           gsize         i)
{
  guint64 w;

  memcpy (&w, p + i * 8, 8);
  return GUINT64_FROM_LE (w);
}

static inline void
store_word (guint8  *p,
            gsize    i,
            guint64  w)
{
  w = GUINT64_TO_LE (w);
  memcpy (p + i * 8, &w, 8);
}

static inline guint32
load_u32 (const guint8 *p,
          gsize         i)
{
  guint32 v;

  memcpy (&v, p + i * 4, 4);
  return GUINT32_FROM_LE (v);
}

/* The words of a set argument; NULL (and any non-blob) has none. */
static gsize
set_words (sqlite3_value  *value,
           const guint8  **words)
{
  int n;

  *words = NULL;
  if (sqlite3_value_type (value) != SQLITE_BLOB)
    return 0;
  n = sqlite3_value_bytes (value);
  *words = sqlite3_value_blob (value);
  return (gsize) n / 8;
}

/* A growing set, for the aggregates. */
typedef struct
{
  guint64 *words;
  gsize    n_words;
  gboolean failed;     /* out of memory */
  gboolean too_big;    /* a rowid out of range */
} Builder;

static gboolean
builder_grow (Builder *b,
              gsize    n_words)
{
  gsize n;

  if (n_words <= b->n_words)
    return TRUE;
  n = MAX (n_words, b->n_words * 2);
  b->words = g_try_realloc_n (b->words, n, sizeof (guint64));
  if (b->words == NULL)
    return FALSE;
  memset (b->words + b->n_words, 0, (n - b->n_words) * sizeof (guint64));
  b->n_words = n;
  return TRUE;
}

static void
result_words (sqlite3_context *ctx,
              const guint64   *words,
              gsize            n_words)
{
  guint8 *blob;

  /* No trailing zero words: equal sets are equal blobs. */
  while (n_words > 0 && words[n_words - 1] == 0)
    n_words--;
  if (n_words == 0)
    {
      sqlite3_result_zeroblob (ctx, 0);
      return;
    }
  blob = sqlite3_malloc64 (n_words * 8);
  if (blob == NULL)
    {
      sqlite3_result_error_nomem (ctx);
      return;
    }
  for (gsize i = 0; i < n_words; i++)
    store_word (blob, i, words[i]);
  sqlite3_result_blob64 (ctx, blob, n_words * 8, sqlite3_free);
}

static void
builder_result (sqlite3_context *ctx,
                Builder         *b)
{
  if (b == NULL)
    sqlite3_result_zeroblob (ctx, 0);
  else if (b->too_big)
    sqlite3_result_error (ctx, "bitset: rowid out of range", -1);
  else if (b->failed)
    sqlite3_result_error_nomem (ctx);
  else
    result_words (ctx, b->words, b->n_words);
  if (b)
    g_free (b->words);
}

static void
bitset_step (sqlite3_context  *ctx,
             int               argc,
             sqlite3_value   **argv)
{
  Builder *b = sqlite3_aggregate_context (ctx, sizeof (Builder));
  gint64 rowid;

  if (b == NULL || b->failed || b->too_big || sqlite3_value_type (argv[0]) == SQLITE_NULL)
    return;
  rowid = sqlite3_value_int64 (argv[0]);
  if (rowid < 0 || rowid > MAX_ROWID)
    {
      b->too_big = TRUE;
      return;
    }
  if (!builder_grow (b, (gsize) rowid / 64 + 1))
    {
      b->failed = TRUE;
      return;
    }
  b->words[rowid / 64] |= G_GUINT64_CONSTANT (1) << (rowid % 64);
}

static void
bitset_union_step (sqlite3_context  *ctx,
                   int               argc,
                   sqlite3_value   **argv)
{
  Builder *b = sqlite3_aggregate_context (ctx, sizeof (Builder));
  const guint8 *words;
  gsize n = set_words (argv[0], &words);

  if (b == NULL || b->failed)
    return;
  if (!builder_grow (b, n))
    {
      b->failed = TRUE;
      return;
    }
  for (gsize i = 0; i < n; i++)
    b->words[i] |= load_word (words, i);
}

static void
builder_final (sqlite3_context *ctx)
{
  builder_result (ctx, sqlite3_aggregate_context (ctx, 0));
}

static void
bitset_and_func (sqlite3_context  *ctx,
                 int               argc,
                 sqlite3_value   **argv)
{
  g_autofree guint64 *out = NULL;
  gsize n_out = 0;
  gboolean any = FALSE;

  for (int a = 0; a < argc; a++)
    {
      const guint8 *words;
      gsize n;

      if (sqlite3_value_type (argv[a]) == SQLITE_NULL)
        continue;
      n = set_words (argv[a], &words);
      if (!any)
        {
          out = g_new (guint64, MAX (n, 1));
          for (gsize i = 0; i < n; i++)
            out[i] = load_word (words, i);
          n_out = n;
          any = TRUE;
          continue;
        }
      n_out = MIN (n_out, n);
      for (gsize i = 0; i < n_out; i++)
        out[i] &= load_word (words, i);
    }

  if (!any)
    sqlite3_result_null (ctx);
  else
    result_words (ctx, out, n_out);
}

static void
bitset_or_func (sqlite3_context  *ctx,
                int               argc,
                sqlite3_value   **argv)
{
  Builder b = { NULL, 0, FALSE, FALSE };

  for (int a = 0; a < argc; a++)
    {
      const guint8 *words;
      gsize n = set_words (argv[a], &words);

      if (!builder_grow (&b, n))
        {
          g_free (b.words);
          sqlite3_result_error_nomem (ctx);
          return;
        }
      for (gsize i = 0; i < n; i++)
        b.words[i] |= load_word (words, i);
    }
  builder_result (ctx, &b);
}

static void
bitset_count_func (sqlite3_context  *ctx,
                   int               argc,
                   sqlite3_value   **argv)
{
  const guint8 *words;
  gsize n = set_words (argv[0], &words);
  gint64 count = 0;

  for (gsize i = 0; i < n; i++)
    count += __builtin_popcountll (load_word (words, i));
  sqlite3_result_int64 (ctx, count);
}

static void
bitset_and_count_func (sqlite3_context  *ctx,
                       int               argc,
                       sqlite3_value   **argv)
{
  const guint8 *a, *b;
  gsize na = set_words (argv[0], &a);
  gsize nb = set_words (argv[1], &b);
  gint64 count = 0;

  if (sqlite3_value_type (argv[1]) == SQLITE_NULL)
    {
      bitset_count_func (ctx, 1, argv);
      return;
    }
  for (gsize i = 0; i < MIN (na, nb); i++)
    count += __builtin_popcountll (load_word (a, i) & load_word (b, i));
  sqlite3_result_int64 (ctx, count);
}

static void
postings_bitset_func (sqlite3_context  *ctx,
                      int               argc,
                      sqlite3_value   **argv)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  Builder b = { NULL, 0, FALSE, FALSE };

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_zeroblob (ctx, 0);
      return;
    }
  if (!heeyu_postings_decode (sqlite3_value_blob (argv[0]), sqlite3_value_bytes (argv[0]), ids))
    {
      sqlite3_result_error (ctx, "postings_bitset: malformed posting list", -1);
      return;
    }
  if (ids->len > 0 &&
      !builder_grow (&b, g_array_index (ids, guint32, ids->len - 1) / 64 + 1))
    {
      sqlite3_result_error_nomem (ctx);
      return;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      guint32 id = g_array_index (ids, guint32, i);
      b.words[id / 64] |= G_GUINT64_CONSTANT (1) << (id % 64);
    }
  builder_result (ctx, &b);
}

static void
bitset_select_func (sqlite3_context  *ctx,
                    int               argc,
                    sqlite3_value   **argv)
{
  const guint8 *order = sqlite3_value_blob (argv[0]);
  gsize n_order = (gsize) sqlite3_value_bytes (argv[0]) / 8;
  gboolean all = sqlite3_value_type (argv[1]) == SQLITE_NULL;
  const guint8 *words;
  gsize n_words = set_words (argv[1], &words);
  guint8 *out;
  gsize n_out = 0;

  if (n_order == 0)
    {
      sqlite3_result_zeroblob (ctx, 0);
      return;
    }
  out = sqlite3_malloc64 (n_order * 8);
  if (out == NULL)
    {
      sqlite3_result_error_nomem (ctx);
      return;
    }
  for (gsize i = 0; i < n_order; i++)
    {
      guint64 rowid;

      memcpy (&rowid, order + i * 8, 8);
      rowid = GUINT64_FROM_LE (rowid);
      if (!all && (rowid / 64 >= n_words ||
                   !(load_word (words, rowid / 64) & (G_GUINT64_CONSTANT (1) << (rowid % 64)))))
        continue;
      memcpy (out + n_out * 8, order + i * 8, 8);
      n_out++;
    }
  sqlite3_result_blob64 (ctx, out, n_out * 8, sqlite3_free);
}

gboolean
heeyu_bitset_register (sqlite3 *db)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  return sqlite3_create_function (db, "bitset", 1, flags, NULL, NULL,
                                  bitset_step, builder_final) == SQLITE_OK &&
         sqlite3_create_function (db, "bitset_union", 1, flags, NULL, NULL,
                                  bitset_union_step, builder_final) == SQLITE_OK &&
         sqlite3_create_function (db, "bitset_and", -1, flags, NULL,
                                  bitset_and_func, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "bitset_or", -1, flags, NULL,
                                  bitset_or_func, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "bitset_count", 1, flags, NULL,
                                  bitset_count_func, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "bitset_and_count", 2, flags, NULL,
                                  bitset_and_count_func, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "postings_bitset", 1, flags, NULL,
                                  postings_bitset_func, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "bitset_select", 2, flags, NULL,
                                  bitset_select_func, NULL, NULL) == SQLITE_OK;
}

guint8 *
heeyu_postings_encode (const guint32 *ids,
                       gsize          n_ids,
                       gsize         *length)
{
  gsize array_bytes = 1 + n_ids * 4;
  gsize n_words = n_ids ? ids[n_ids - 1] / 64 + 1 : 0;
  gsize bitmap_bytes = 1 + n_words * 8;
  guint8 *out;

  if (array_bytes <= bitmap_bytes)
    {
      out = g_malloc (array_bytes);
      out[0] = POSTINGS_ARRAY;
      for (gsize i = 0; i < n_ids; i++)
        {
          guint32 v = GUINT32_TO_LE (ids[i]);
          memcpy (out + 1 + i * 4, &v, 4);
        }
      *length = array_bytes;
      return out;
    }

  out = g_malloc0 (bitmap_bytes);
  out[0] = POSTINGS_BITMAP;
  for (gsize i = 0; i < n_ids; i++)
    out[1 + ids[i] / 8] |= 1u << (ids[i] % 8);
  *length = bitmap_bytes;
  return out;
}

gboolean
heeyu_postings_decode (const void *postings,
                       gsize       length,
                       GArray     *ids)
{
  const guint8 *p = postings;

  if (p == NULL || length == 0)
    return FALSE;

  if (p[0] == POSTINGS_ARRAY && (length - 1) % 4 == 0)
    {
      gsize n = (length - 1) / 4;
      guint32 last = 0;

      for (gsize i = 0; i < n; i++)
        {
          guint32 id = load_u32 (p + 1, i);

          if (i > 0 && id <= last)
            return FALSE;
          g_array_append_val (ids, id);
          last = id;
        }
      return TRUE;
    }

  if (p[0] == POSTINGS_BITMAP && (length - 1) % 8 == 0)
    {
      gsize n_words = (length - 1) / 8;

      for (gsize w = 0; w < n_words; w++)
        {
          guint64 word = load_word (p + 1, w);

          while (word)
            {
              guint32 id = (guint32) (w * 64 + __builtin_ctzll (word));

              g_array_append_val (ids, id);
              word &= word - 1;
            }
        }
      return TRUE;
    }

  return FALSE;
}
