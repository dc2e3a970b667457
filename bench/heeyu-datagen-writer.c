/* heeyu-datagen-writer.c: deterministic random numbers and the NDJSON writer
 *
 * The writer formats each record by hand into one GString and writes the
 * line through a buffered (optionally gzip) stream: json-glib's generator
 * would cost several times more per record, and the benchmark dataset has
 * millions of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-datagen-private.h"

/* ------------------------------------------------------------------------ */
/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for
 * synthetic figures. */

void
dg_rand_init_seed (DgRand  *r,
                   guint64  seed)
{
  r->state = seed;
}

void
dg_rand_init_named (DgRand     *r,
                    const char *name)
{
  /* FNV-1a of the name: stable across platforms, unlike g_str_hash's
   * contract. */
  guint64 h = 0xcbf29ce484222325ULL;

  for (const guchar *p = (const guchar *) name; *p; p++)
    {
      h ^= *p;
      h *= 0x100000001b3ULL;
    }
  r->state = h ^ 0x4865657975ULL;   /* "Heeyu" */
}

guint64
dg_rand_u64 (DgRand *r)
{
  guint64 z = (r->state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double
dg_rand_double (DgRand *r)
{
  return (double) (dg_rand_u64 (r) >> 11) * (1.0 / 9007199254740992.0);
}

gint64
dg_rand_range (DgRand *r,
               gint64  lo,
               gint64  hi)
{
  guint64 span;

  g_assert (hi >= lo);
  span = (guint64) (hi - lo) + 1;
  return lo + (gint64) (dg_rand_u64 (r) % span);
}

gboolean
dg_rand_chance (DgRand *r,
                double  p)
{
  return dg_rand_double (r) < p;
}

double
dg_rand_normalish (DgRand *r)
{
  double sum = 0;

  /* Irwin–Hall with 4 terms has variance 4/12; scale to sd 1. */
  for (int i = 0; i < 4; i++)
    sum += dg_rand_double (r);
  return (sum - 2.0) * 1.7320508075688772;
}

guint
dg_rand_weighted (DgRand       *r,
                  const double *weights,
                  guint         n)
{
  double total = 0, x;

  g_assert (n > 0);
  for (guint i = 0; i < n; i++)
    total += weights[i];
  if (total <= 0)
    return (guint) dg_rand_range (r, 0, n - 1);
  x = dg_rand_double (r) * total;
  for (guint i = 0; i < n; i++)
    {
      if (x < weights[i])
        return i;
      x -= weights[i];
    }
  return n - 1;
}

void
dg_rand_uuid (DgRand *r,
              char    out[37])
{
  static const char hex[] = "0123456789abcdef";
  guint8 b[16];
  guint64 a = dg_rand_u64 (r), c = dg_rand_u64 (r);
  int o = 0;

  for (int i = 0; i < 8; i++)
    {
      b[i] = (guint8) (a >> (8 * i));
      b[8 + i] = (guint8) (c >> (8 * i));
    }
  b[6] = (b[6] & 0x0f) | 0x40;   /* version 4 */
  b[8] = (b[8] & 0x3f) | 0x80;   /* RFC 4122 variant */
  for (int i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[o++] = '-';
      out[o++] = hex[b[i] >> 4];
      out[o++] = hex[b[i] & 0xf];
    }
  out[o] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Writer */

DgWriter *
dg_writer_open (const char  *path,
                int          gzip_level,
                gboolean     check_ids,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *part_path = g_strconcat (path, ".part", NULL);
  g_autoptr(GFile) part = g_file_new_for_commandline_arg (part_path);
  g_autoptr(GOutputStream) base = NULL;
  g_autoptr(GOutputStream) buffered = NULL;
  DgWriter *w;

  /* Written beside the destination and renamed over it only when complete,
   * so a failed run never leaves a truncated dataset behind. */
  base = G_OUTPUT_STREAM (g_file_replace (part, NULL, FALSE, G_FILE_CREATE_NONE,
                                          NULL, error));
  if (base == NULL)
    return NULL;

  if (g_str_has_suffix (path, ".gz"))
    {
      /* GZlibCompressor leaves the gzip header's name and mtime empty
       * unless given a GFileInfo, which keeps the output reproducible. */
      g_autoptr(GZlibCompressor) compressor =
        g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, gzip_level);
      g_autoptr(GOutputStream) gz =
        g_converter_output_stream_new (base, G_CONVERTER (compressor));

      g_set_object (&base, gz);
    }

  buffered = g_buffered_output_stream_new_sized (base, 1 << 20);

  w = g_new0 (DgWriter, 1);
  w->out = g_steal_pointer (&buffered);
  w->file = g_steal_pointer (&file);
  w->part = g_steal_pointer (&part);
  w->line = g_string_sized_new (4096);
  if (check_ids)
    w->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return w;
}

gboolean
dg_writer_close (DgWriter  *w,
                 GError   **error)
{
  if (w->error == NULL)
    g_output_stream_close (w->out, NULL, &w->error);
  if (w->error == NULL)
    g_file_move (w->part, w->file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &w->error);
  if (w->error)
    {
      g_output_stream_close (w->out, NULL, NULL);
      g_file_delete (w->part, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&w->error));
      return FALSE;
    }
  w->closed = TRUE;
  return TRUE;
}

void
dg_writer_free (DgWriter *w)
{
  if (w == NULL)
    return;
  if (!w->closed)
    {
      g_output_stream_close (w->out, NULL, NULL);
      g_file_delete (w->part, NULL, NULL);
    }
  g_clear_object (&w->out);
  g_clear_object (&w->file);
  g_clear_object (&w->part);
  g_string_free (w->line, TRUE);
  g_clear_pointer (&w->ids, g_hash_table_unref);
  g_clear_error (&w->error);
  g_free (w);
}

static void
append_escaped (GString    *s,
                const char *value)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = value;
  const char *p;

  g_string_append_c (s, '"');
  for (p = value; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (s, run, p - run);
      switch (c)
        {
        case '"': g_string_append (s, "\\\""); break;
        case '\\': g_string_append (s, "\\\\"); break;
        case '\n': g_string_append (s, "\\n"); break;
        case '\r': g_string_append (s, "\\r"); break;
        case '\t': g_string_append (s, "\\t"); break;
        default:
          g_string_append (s, "\\u00");
          g_string_append_c (s, hex[c >> 4]);
          g_string_append_c (s, hex[c & 0xf]);
          break;
        }
      run = p + 1;
    }
  g_string_append_len (s, run, p - run);
  g_string_append_c (s, '"');
}

static void
key (DgWriter   *w,
     const char *name)
{
  g_assert (w->depth > 0);
  if (!w->first[w->depth - 1])
    g_string_append_c (w->line, ',');
  w->first[w->depth - 1] = FALSE;
  if (name)
    {
      append_escaped (w->line, name);
      g_string_append_c (w->line, ':');
    }
}

static void
push (DgWriter *w,
      char      open)
{
  g_assert (w->depth < DG_MAX_DEPTH);
  g_string_append_c (w->line, open);
  w->first[w->depth++] = TRUE;
}

static void
pop (DgWriter *w,
     char      close)
{
  g_assert (w->depth > 0);
  g_string_append_c (w->line, close);
  w->depth--;
}

void
dg_record_begin (DgWriter   *w,
                 const char *kind,
                 const char *id)
{
  g_assert (w->depth == 0);

  if (w->ids)
    {
      char *k = g_strconcat (kind, "\x1f", id, NULL);

      if (!g_hash_table_add (w->ids, k) && w->error == NULL)
        g_set_error (&w->error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     "two records would have the same id: %s %s", kind, id);
    }

  g_string_truncate (w->line, 0);
  push (w, '{');
  key (w, "kind");
  append_escaped (w->line, kind);
  key (w, "id");
  append_escaped (w->line, id);
  g_string_append (w->line, ",\"rev\":1,\"updated_at\":\"" DG_UPDATED_AT
                   "\",\"updated_by\":\"" DG_UPDATED_BY "\"");
  key (w, "data");
  push (w, '{');
}

void
dg_record_end (DgWriter *w)
{
  pop (w, '}');
  pop (w, '}');
  g_assert (w->depth == 0);
  g_string_append_c (w->line, '\n');

  if (w->error)
    return;
  if (!g_output_stream_write_all (w->out, w->line->str, w->line->len, NULL, NULL, &w->error))
    return;
  w->records++;
  w->bytes += w->line->len;
}

void
dg_str (DgWriter   *w,
        const char *name,
        const char *value)
{
  key (w, name);
  append_escaped (w->line, value);
}

void
dg_int (DgWriter   *w,
        const char *name,
        gint64      value)
{
  key (w, name);
  g_string_append_printf (w->line, "%" G_GINT64_FORMAT, value);
}

void
dg_num (DgWriter   *w,
        const char *name,
        double      value,
        int         decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  char *end;

  g_assert (decimals >= 0 && decimals <= 9);
  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  if (strchr (buf, '.'))
    {
      end = buf + strlen (buf) - 1;
      while (*end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
    }
  if (g_str_equal (buf, "-0"))
    strcpy (buf, "0");
  key (w, name);
  g_string_append (w->line, buf);
}

void
dg_num_text (DgWriter   *w,
             const char *name,
             const char *text)
{
  key (w, name);
  g_string_append (w->line, text);
}

void
dg_bool (DgWriter   *w,
         const char *name,
         gboolean    value)
{
  key (w, name);
  g_string_append (w->line, value ? "true" : "false");
}

void
dg_begin_object (DgWriter   *w,
                 const char *name)
{
  key (w, name);
  push (w, '{');
}

void
dg_end_object (DgWriter *w)
{
  pop (w, '}');
}

void
dg_begin_array (DgWriter   *w,
                const char *name)
{
  key (w, name);
  push (w, '[');
}

void
dg_end_array (DgWriter *w)
{
  pop (w, ']');
}

void
dg_strv (DgWriter           *w,
         const char         *name,
         const char * const *values)
{
  dg_begin_array (w, name);
  for (guint i = 0; values && values[i]; i++)
    dg_str (w, NULL, values[i]);
  dg_end_array (w);
}
