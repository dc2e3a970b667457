/* heeyu-search.c: text normalization and the search index of companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two indexes serve the directory's search box:
 *  - company_fts, an FTS5 trigram table over company_search.text, for
 *    queries of three characters or more (any substring);
 *  - company_gram_set, for shorter queries, which trigrams cannot serve
 *    ("소재", "철", "ni"): one row per distinct 1- or 2-character substring
 *    of the names and products, holding the set of companies that contain
 *    it as a posting list (heeyu-bitset.h).  A keystroke reads one row
 *    whatever the number of matches; rows of (gram, company) cost a step
 *    per match, 30-40 ms for a Latin letter that most companies contain.
 *    The writer gathers the changes of a transaction in memory and writes
 *    each gram touched once, when flushed.
 * Both index the same normalized text (NFKC, casefolded, no whitespace), and
 * queries are normalized the same way, so "한울 머티리얼즈" and
 * "한울머티리얼즈" find each other.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-bitset.h"
#include "heeyu-cache-private.h"
#include "heeyu-search-private.h"

char *
heeyu_search_normalize (const char *text,
                        int         max_chars)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  GString *out;
  int n = 0;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  nfkc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (nfkc ? nfkc : valid, -1);

  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c) ||
          g_unichar_type (c) == G_UNICODE_FORMAT ||
          g_unichar_type (c) == G_UNICODE_UNASSIGNED ||
          g_unichar_type (c) == G_UNICODE_SURROGATE)
        continue;
      if (max_chars >= 0 && n >= max_chars)
        break;
      g_string_append_unichar (out, c);
      n++;
    }

  return g_string_free (out, FALSE);
}

char *
heeyu_search_digits_only (const char *text)
{
  GString *digits;

  if (text == NULL)
    return NULL;

  digits = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != '-' && !g_ascii_isspace (*p))
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  if (digits->len == 0)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

char *
heeyu_search_company_text (const char *name_ko,
                           const char *name_en,
                           const char *products,
                           const char *reg_no)
{
  g_autofree char *ko = heeyu_search_normalize (name_ko, -1);
  g_autofree char *en = heeyu_search_normalize (name_en, -1);
  g_autofree char *pr = heeyu_search_normalize (products, -1);
  g_autofree char *reg = heeyu_search_digits_only (reg_no);

  return g_strconcat (ko, "\n", en, "\n", pr, "\n", reg ? reg : "", NULL);
}

void
heeyu_search_collect_grams (const char *search_text,
                            GHashTable *grams)
{
  const char *p = search_text;

  /* The fourth field holds the digits of reg_no: a number of one or two
   * digits is searched in the names and products only (it would be in
   * nearly every registration number). */
  for (guint field = 0; field < 3 && p && *p != '\0'; field++)
    {
      const char *end = strchr (p, '\n');
      const char *q;

      if (end == NULL)
        end = p + strlen (p);

      for (q = p; q < end; q = g_utf8_next_char (q))
        {
          const char *next = g_utf8_next_char (q);
          const char *after = next < end ? g_utf8_next_char (next) : NULL;

          g_hash_table_add (grams, g_strndup (q, next - q));
          if (after)
            g_hash_table_add (grams, g_strndup (q, after - q));
        }

      p = *end ? end + 1 : end;
    }
}

static gboolean
is_hangul (gunichar c)
{
  return (c >= 0xAC00 && c <= 0xD7A3) ||   /* syllables */
         (c >= 0x1100 && c <= 0x11FF) ||   /* jamo */
         (c >= 0x3130 && c <= 0x318F) ||   /* compatibility jamo */
         (c >= 0xA960 && c <= 0xA97F) ||
         (c >= 0xD7B0 && c <= 0xD7FF);
}

static const char * const legal_forms[] = {
  "(주)", "주식회사", "(유)", "유한회사", "(사)", "사단법인", "(재)", "재단법인", "(합)", NULL
};

char *
heeyu_search_sort_key (const char *name_ko,
                       const char *name_en)
{
  g_autofree char *name = heeyu_search_normalize (name_ko && *name_ko ? name_ko : name_en, -1);
  const char *p = name;
  gboolean stripped = TRUE;
  gunichar first;
  char class;

  /* Koreans file "(주)한울소재" under ㅎ, not under a parenthesis. */
  while (stripped)
    {
      stripped = FALSE;
      for (guint i = 0; legal_forms[i]; i++)
        if (g_str_has_prefix (p, legal_forms[i]) && p[strlen (legal_forms[i])] != '\0')
          {
            p += strlen (legal_forms[i]);
            stripped = TRUE;
          }
    }

  /* Precomposed Hangul syllables are encoded in 가나다 order, so byte order
   * of UTF-8 is Korean dictionary order within each class. */
  first = g_utf8_get_char (p);
  if (is_hangul (first))
    class = '1';
  else if (g_unichar_isalpha (first) && first < 0x2000)
    class = '2';
  else if (g_unichar_isdigit (first))
    class = '3';
  else
    class = '4';

  return g_strdup_printf ("%c%s", class, p);
}

/* Changes gathered before a flush writes them out: per gram, entries of
 * (rowid << 32 | sequence << 1 | present), so that after sorting, the last
 * change of a company decides. */
#define FLUSH_AT_ENTRIES (4u << 20)

struct _HeeyuSearchWriter
{
  sqlite3      *db;
  gboolean      grams;          /* maintains company_gram_set */
  GHashTable   *gram_changes;   /* gram → GArray of guint64 entries */
  guint         n_entries;
  guint32       sequence;
  sqlite3_stmt *get_text;
  sqlite3_stmt *set_text;
  sqlite3_stmt *del_text;
  sqlite3_stmt *get_set;
  sqlite3_stmt *put_set;
  sqlite3_stmt *del_set;
  sqlite3_stmt *add_alias;
  sqlite3_stmt *del_alias;
};

static HeeyuSearchWriter *
writer_new (sqlite3   *db,
            gboolean   grams,
            GError   **error)
{
  g_autoptr(HeeyuSearchWriter) w = g_new0 (HeeyuSearchWriter, 1);

  w->db = db;
  w->grams = grams;
  w->gram_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_array_unref);
  if (!(w->get_text = heeyu_sql_prepare (db, "SELECT text FROM company_search WHERE rowid = ?1", error)) ||
      !(w->set_text = heeyu_sql_prepare (db,
                                         "INSERT INTO company_search (rowid, text) VALUES (?1, ?2) "
                                         "ON CONFLICT (rowid) DO UPDATE SET text = excluded.text",
                                         error)) ||
      !(w->del_text = heeyu_sql_prepare (db, "DELETE FROM company_search WHERE rowid = ?1", error)) ||
      (grams &&
       (!(w->get_set = heeyu_sql_prepare (db, "SELECT ids FROM company_gram_set WHERE gram = ?1",
                                          error)) ||
        !(w->put_set = heeyu_sql_prepare (db,
                                          "INSERT INTO company_gram_set (gram, ids) VALUES (?1, ?2) "
                                          "ON CONFLICT (gram) DO UPDATE SET ids = excluded.ids",
                                          error)) ||
        !(w->del_set = heeyu_sql_prepare (db, "DELETE FROM company_gram_set WHERE gram = ?1",
                                          error)))) ||
      !(w->add_alias = heeyu_sql_prepare (db,
                                          "INSERT OR IGNORE INTO metal_alias (alias, metal) VALUES (?1, ?2)",
                                          error)) ||
      !(w->del_alias = heeyu_sql_prepare (db, "DELETE FROM metal_alias WHERE metal = ?1", error)))
    return NULL;

  return g_steal_pointer (&w);
}

HeeyuSearchWriter *
heeyu_search_writer_new (sqlite3  *db,
                         GError  **error)
{
  return writer_new (db, TRUE, error);
}

void
heeyu_search_writer_free (HeeyuSearchWriter *w)
{
  if (w == NULL)
    return;
  g_hash_table_unref (w->gram_changes);
  sqlite3_finalize (w->get_text);
  sqlite3_finalize (w->set_text);
  sqlite3_finalize (w->del_text);
  sqlite3_finalize (w->get_set);
  sqlite3_finalize (w->put_set);
  sqlite3_finalize (w->del_set);
  sqlite3_finalize (w->add_alias);
  sqlite3_finalize (w->del_alias);
  g_free (w);
}

static gboolean
step_done (HeeyuSearchWriter  *w,
           sqlite3_stmt       *stmt,
           const char         *what,
           GError            **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return heeyu_sql_fail (w->db, what, error);
  return TRUE;
}

static char *
get_old_text (HeeyuSearchWriter *w,
              gint64             rowid)
{
  char *text = NULL;

  sqlite3_bind_int64 (w->get_text, 1, rowid);
  if (sqlite3_step (w->get_text) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (w->get_text, 0));
  sqlite3_reset (w->get_text);
  return text;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Writes one gram's gathered changes over its stored set. */
static gboolean
flush_gram (HeeyuSearchWriter  *w,
            const char         *gram,
            GArray             *entries,
            GError            **error)
{
  g_autoptr(GArray) old = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint8 *blob = NULL;
  gsize length;
  guint o = 0;
  int rc;

  sqlite3_bind_text (w->get_set, 1, gram, -1, SQLITE_STATIC);
  rc = sqlite3_step (w->get_set);
  if (rc == SQLITE_ROW &&
      !heeyu_postings_decode (sqlite3_column_blob (w->get_set, 0),
                              sqlite3_column_bytes (w->get_set, 0), old))
    {
      sqlite3_reset (w->get_set);
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_CORRUPT,
                   "The search index of \"%s\" is damaged", gram);
      return FALSE;
    }
  sqlite3_reset (w->get_set);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return heeyu_sql_fail (w->db, "reading the search index", error);

  /* Merge: the stored ids, with each changed company's last change. */
  g_array_sort (entries, compare_entries);
  for (guint e = 0; e < entries->len; e++)
    {
      guint64 entry = g_array_index (entries, guint64, e);
      guint32 rowid = entry >> 32;

      if (e + 1 < entries->len && g_array_index (entries, guint64, e + 1) >> 32 == rowid)
        continue;
      for (; o < old->len && g_array_index (old, guint32, o) < rowid; o++)
        g_array_append_val (ids, g_array_index (old, guint32, o));
      if (o < old->len && g_array_index (old, guint32, o) == rowid)
        o++;
      if (entry & 1)
        g_array_append_val (ids, rowid);
    }
  for (; o < old->len; o++)
    g_array_append_val (ids, g_array_index (old, guint32, o));

  if (ids->len == 0)
    {
      sqlite3_bind_text (w->del_set, 1, gram, -1, SQLITE_STATIC);
      return step_done (w, w->del_set, "updating the search index", error);
    }
  blob = heeyu_postings_encode ((const guint32 *) (gpointer) ids->data, ids->len, &length);
  sqlite3_bind_text (w->put_set, 1, gram, -1, SQLITE_STATIC);
  sqlite3_bind_blob64 (w->put_set, 2, blob, length, SQLITE_STATIC);
  return step_done (w, w->put_set, "updating the search index", error);
}

gboolean
heeyu_search_writer_flush (HeeyuSearchWriter  *w,
                           GError            **error)
{
  GHashTableIter iter;
  gpointer gram, entries;

  g_return_val_if_fail (w != NULL, FALSE);

  g_hash_table_iter_init (&iter, w->gram_changes);
  while (g_hash_table_iter_next (&iter, &gram, &entries))
    {
      if (!flush_gram (w, gram, entries, error))
        return FALSE;
      g_hash_table_iter_remove (&iter);
    }
  w->n_entries = 0;
  return TRUE;
}

static void
note_gram (HeeyuSearchWriter *w,
           const char        *gram,
           gint64             rowid,
           gboolean           present)
{
  GArray *entries = g_hash_table_lookup (w->gram_changes, gram);
  guint64 entry = ((guint64) rowid << 32) | ((guint64) (w->sequence & 0x7fffffff) << 1) | present;

  if (entries == NULL)
    {
      entries = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_hash_table_insert (w->gram_changes, g_strdup (gram), entries);
    }
  g_array_append_val (entries, entry);
  w->n_entries++;
}

/* Notes the difference between the grams of @old_text and @new_text, so
 * an update that leaves the names alone changes no set. */
static gboolean
update_grams (HeeyuSearchWriter  *w,
              gint64              rowid,
              const char         *old_text,
              const char         *new_text,
              GError            **error)
{
  g_autoptr(GHashTable) old_grams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) new_grams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  const char *gram;

  if (!w->grams)
    return TRUE;
  if (rowid < 0 || rowid > G_MAXINT32)
    {
      g_set_error (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_SQL,
                   "A company's row number (%" G_GINT64_FORMAT ") is too large for the search index",
                   rowid);
      return FALSE;
    }

  if (old_text)
    heeyu_search_collect_grams (old_text, old_grams);
  if (new_text)
    heeyu_search_collect_grams (new_text, new_grams);

  /* One sequence number per company change: its removals and additions
   * never touch the same gram. */
  w->sequence++;
  g_hash_table_iter_init (&iter, old_grams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &gram, NULL))
    if (!g_hash_table_contains (new_grams, gram))
      note_gram (w, gram, rowid, FALSE);

  g_hash_table_iter_init (&iter, new_grams);
  while (g_hash_table_iter_next (&iter, (gpointer *) &gram, NULL))
    if (!g_hash_table_contains (old_grams, gram))
      note_gram (w, gram, rowid, TRUE);

  /* A whole directory imported at once would otherwise hold every
   * company's grams in memory until the end. */
  if (w->n_entries >= FLUSH_AT_ENTRIES)
    return heeyu_search_writer_flush (w, error);
  return TRUE;
}

gboolean
heeyu_search_writer_set_company (HeeyuSearchWriter  *w,
                                 gint64              rowid,
                                 const char         *name_ko,
                                 const char         *name_en,
                                 const char         *products,
                                 const char         *reg_no,
                                 GError            **error)
{
  g_autofree char *old_text = get_old_text (w, rowid);
  g_autofree char *new_text = heeyu_search_company_text (name_ko, name_en, products, reg_no);

  if (g_strcmp0 (old_text, new_text) == 0)
    return TRUE;

  sqlite3_bind_int64 (w->set_text, 1, rowid);
  sqlite3_bind_text (w->set_text, 2, new_text, -1, SQLITE_STATIC);
  if (!step_done (w, w->set_text, "updating the search index", error))
    return FALSE;

  return update_grams (w, rowid, old_text, new_text, error);
}

gboolean
heeyu_search_writer_remove_company (HeeyuSearchWriter  *w,
                                    gint64              rowid,
                                    GError            **error)
{
  g_autofree char *old_text = get_old_text (w, rowid);

  if (old_text == NULL)
    return TRUE;

  sqlite3_bind_int64 (w->del_text, 1, rowid);
  if (!step_done (w, w->del_text, "removing from the search index", error))
    return FALSE;

  return update_grams (w, rowid, old_text, NULL, error);
}

gboolean
heeyu_search_writer_set_metal (HeeyuSearchWriter  *w,
                               const char         *code,
                               const char * const *names,
                               GError            **error)
{
  sqlite3_bind_text (w->del_alias, 1, code, -1, SQLITE_STATIC);
  if (!step_done (w, w->del_alias, "removing metal names from the search index", error))
    return FALSE;

  for (guint i = 0; names && names[i]; i++)
    {
      g_autofree char *alias = heeyu_search_normalize (names[i], -1);

      if (*alias == '\0')
        continue;
      sqlite3_bind_text (w->add_alias, 1, alias, -1, SQLITE_STATIC);
      sqlite3_bind_text (w->add_alias, 2, code, -1, SQLITE_STATIC);
      if (!step_done (w, w->add_alias, "adding metal names to the search index", error))
        return FALSE;
    }

  return TRUE;
}

static const char *
json_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

char **
heeyu_search_metal_names (const char *code,
                          gpointer    data_object)
{
  JsonObject *data = data_object;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *aliases;
  const char *s;

  g_strv_builder_add (builder, code);
  if ((s = json_string_member (data, "name_en")))
    g_strv_builder_add (builder, s);
  if ((s = json_string_member (data, "name_ko")))
    g_strv_builder_add (builder, s);
  aliases = json_object_get_member (data, "aliases_ko");
  if (aliases && JSON_NODE_HOLDS_ARRAY (aliases))
    {
      JsonArray *array = json_node_get_array (aliases);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (e));
        }
    }

  return g_strv_builder_end (builder);
}

gboolean
heeyu_search_rebuild_text (sqlite3  *db,
                           GError  **error)
{
  g_autoptr(HeeyuSearchWriter) w = NULL;
  g_autoptr(sqlite3_stmt) companies = NULL;
  g_autoptr(sqlite3_stmt) metals = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int rc;

  if (!heeyu_sql_exec (db,
                       "DELETE FROM metal_alias;"
                       "DELETE FROM company_search;"
                       "INSERT INTO company_fts (company_fts) VALUES ('delete-all');",
                       error))
    return FALSE;

  if (!(w = writer_new (db, FALSE, error)))
    return FALSE;

  companies = heeyu_sql_prepare (db, "SELECT rowid, name_ko, name_en, products, reg_no FROM company",
                                 error);
  if (companies == NULL)
    return FALSE;
  while ((rc = sqlite3_step (companies)) == SQLITE_ROW)
    if (!heeyu_search_writer_set_company (w, sqlite3_column_int64 (companies, 0),
                                          (const char *) sqlite3_column_text (companies, 1),
                                          (const char *) sqlite3_column_text (companies, 2),
                                          (const char *) sqlite3_column_text (companies, 3),
                                          (const char *) sqlite3_column_text (companies, 4),
                                          error))
      return FALSE;
  if (rc != SQLITE_DONE)
    return heeyu_sql_fail (db, "reading companies", error);

  metals = heeyu_sql_prepare (db, "SELECT id, data FROM metal", error);
  if (metals == NULL)
    return FALSE;
  while ((rc = sqlite3_step (metals)) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (metals, 0);
      g_auto(GStrv) names = NULL;
      JsonNode *root;

      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (metals, 1), -1, NULL))
        continue;
      root = json_parser_get_root (parser);
      if (!JSON_NODE_HOLDS_OBJECT (root))
        continue;
      names = heeyu_search_metal_names (code, json_node_get_object (root));
      if (!heeyu_search_writer_set_metal (w, code, (const char * const *) names, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return heeyu_sql_fail (db, "reading metals", error);

  return TRUE;
}

gboolean
heeyu_search_rebuild_grams (sqlite3  *db,
                            GError  **error)
{
  g_autoptr(HeeyuSearchWriter) w = NULL;
  g_autoptr(sqlite3_stmt) texts = NULL;
  int rc;

  if (!heeyu_sql_exec (db, "DELETE FROM company_gram_set", error) ||
      !(w = writer_new (db, TRUE, error)) ||
      !(texts = heeyu_sql_prepare (db, "SELECT rowid, text FROM company_search", error)))
    return FALSE;

  while ((rc = sqlite3_step (texts)) == SQLITE_ROW)
    if (!update_grams (w, sqlite3_column_int64 (texts, 0), NULL,
                       (const char *) sqlite3_column_text (texts, 1), error))
      return FALSE;
  if (rc != SQLITE_DONE)
    return heeyu_sql_fail (db, "reading the search text", error);

  return heeyu_search_writer_flush (w, error);
}
