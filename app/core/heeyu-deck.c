/* heeyu-deck.c: deck model, JSON and files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-deck.h"

G_DEFINE_BOXED_TYPE (HeeyuDeck, heeyu_deck, heeyu_deck_copy, heeyu_deck_free)
G_DEFINE_QUARK (heeyu-deck-error-quark, heeyu_deck_error)

static const char * const slide_names[HEEYU_SLIDE_N_KINDS] = {
  "title", "overview", "metals", "risk", "directory", "closing",
};

static const char * const language_names[] = { "auto", "ko", "en", "both" };

const char *
heeyu_slide_kind_to_string (HeeyuSlideKind kind)
{
  g_return_val_if_fail (kind < HEEYU_SLIDE_N_KINDS, NULL);

  return slide_names[kind];
}

gboolean
heeyu_slide_kind_from_string (const char     *name,
                              HeeyuSlideKind *kind)
{
  for (guint i = 0; name != NULL && i < HEEYU_SLIDE_N_KINDS; i++)
    if (g_str_equal (name, slide_names[i]))
      {
        if (kind)
          *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
heeyu_deck_language_to_string (HeeyuDeckLanguage language)
{
  g_return_val_if_fail (language < G_N_ELEMENTS (language_names), NULL);

  return language_names[language];
}

gboolean
heeyu_deck_language_from_string (const char        *name,
                                 HeeyuDeckLanguage *language)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (language_names); i++)
    if (g_str_equal (name, language_names[i]))
      {
        if (language)
          *language = i;
        return TRUE;
      }
  return FALSE;
}

static HeeyuDeck *
deck_alloc (void)
{
  HeeyuDeck *deck = g_new0 (HeeyuDeck, 1);

  deck->slides = g_array_new (FALSE, FALSE, sizeof (HeeyuSlideKind));
  deck->metals = g_ptr_array_new_with_free_func (g_free);
  deck->notes = g_ptr_array_new_with_free_func (g_free);
  return deck;
}

HeeyuDeck *
heeyu_deck_new (const char *name)
{
  static const HeeyuSlideKind defaults[] = {
    HEEYU_SLIDE_TITLE, HEEYU_SLIDE_OVERVIEW, HEEYU_SLIDE_METALS,
    HEEYU_SLIDE_RISK, HEEYU_SLIDE_DIRECTORY, HEEYU_SLIDE_CLOSING,
  };
  HeeyuDeck *deck = deck_alloc ();

  deck->name = g_strdup (name);
  deck->language = HEEYU_DECK_LANGUAGE_AUTO;
  deck->loop = TRUE;
  g_array_append_vals (deck->slides, defaults, G_N_ELEMENTS (defaults));
  return deck;
}

HeeyuDeck *
heeyu_deck_copy (const HeeyuDeck *deck)
{
  HeeyuDeck *copy;

  g_return_val_if_fail (deck != NULL, NULL);

  copy = deck_alloc ();
  copy->name = g_strdup (deck->name);
  copy->title = g_strdup (deck->title);
  copy->subtitle = g_strdup (deck->subtitle);
  copy->language = deck->language;
  copy->interval = deck->interval;
  copy->loop = deck->loop;
  g_array_append_vals (copy->slides, deck->slides->data, deck->slides->len);
  for (guint i = 0; i < deck->metals->len; i++)
    g_ptr_array_add (copy->metals, g_strdup (deck->metals->pdata[i]));
  for (guint i = 0; i < deck->notes->len; i++)
    g_ptr_array_add (copy->notes, g_strdup (deck->notes->pdata[i]));
  return copy;
}

void
heeyu_deck_free (HeeyuDeck *deck)
{
  if (deck == NULL)
    return;

  g_free (deck->name);
  g_free (deck->title);
  g_free (deck->subtitle);
  g_array_unref (deck->slides);
  g_ptr_array_unref (deck->metals);
  g_ptr_array_unref (deck->notes);
  g_free (deck);
}

static gboolean
str_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

gboolean
heeyu_deck_equal (const HeeyuDeck *a,
                  const HeeyuDeck *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_strcmp0 (a->name, b->name) != 0
      || g_strcmp0 (str_empty (a->title) ? NULL : a->title,
                    str_empty (b->title) ? NULL : b->title) != 0
      || g_strcmp0 (str_empty (a->subtitle) ? NULL : a->subtitle,
                    str_empty (b->subtitle) ? NULL : b->subtitle) != 0
      || a->language != b->language || a->interval != b->interval || a->loop != b->loop
      || a->slides->len != b->slides->len || a->metals->len != b->metals->len)
    return FALSE;
  if (memcmp (a->slides->data, b->slides->data, a->slides->len * sizeof (HeeyuSlideKind)) != 0)
    return FALSE;
  for (guint i = 0; i < a->metals->len; i++)
    if (!g_str_equal (a->metals->pdata[i], b->metals->pdata[i]))
      return FALSE;
  return TRUE;
}

gboolean
heeyu_deck_has_metal (const HeeyuDeck *deck,
                      const char      *code)
{
  g_return_val_if_fail (deck != NULL, FALSE);

  for (guint i = 0; code != NULL && i < deck->metals->len; i++)
    if (g_str_equal (deck->metals->pdata[i], code))
      return TRUE;
  return FALSE;
}

void
heeyu_deck_set_metals (HeeyuDeck          *deck,
                       const char * const *codes)
{
  g_return_if_fail (deck != NULL);

  g_ptr_array_set_size (deck->metals, 0);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (*codes[i] && !heeyu_deck_has_metal (deck, codes[i]))
      g_ptr_array_add (deck->metals, g_strdup (codes[i]));
}

const char * const *
heeyu_deck_get_notes (const HeeyuDeck *deck)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (deck != NULL, none);

  if (deck->notes->len == 0)
    return none;
  /* Keep the array NULL-terminated for callers without a length. */
  if (deck->notes->pdata[deck->notes->len - 1] != NULL)
    {
      g_ptr_array_add (deck->notes, NULL);
      g_ptr_array_set_size (deck->notes, deck->notes->len - 1);
    }
  return (const char * const *) deck->notes->pdata;
}

/* ---- JSON ----------------------------------------------------------------- */

char *
heeyu_deck_to_json (const HeeyuDeck *deck)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (deck != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, deck->title ? deck->title : "");
  json_builder_set_member_name (b, "subtitle");
  json_builder_add_string_value (b, deck->subtitle ? deck->subtitle : "");
  json_builder_set_member_name (b, "language");
  json_builder_add_string_value (b, heeyu_deck_language_to_string (deck->language));
  json_builder_set_member_name (b, "slides");
  json_builder_begin_array (b);
  for (guint i = 0; i < deck->slides->len; i++)
    json_builder_add_string_value (b, heeyu_slide_kind_to_string (g_array_index (deck->slides,
                                                                                 HeeyuSlideKind, i)));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "metals");
  json_builder_begin_array (b);
  for (guint i = 0; i < deck->metals->len; i++)
    json_builder_add_string_value (b, deck->metals->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "interval");
  json_builder_add_int_value (b, deck->interval);
  json_builder_set_member_name (b, "loop");
  json_builder_add_boolean_value (b, deck->loop);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static void
add_note (HeeyuDeck  *deck,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_note (HeeyuDeck  *deck,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (deck->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

HeeyuDeck *
heeyu_deck_new_from_json (const char  *json,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HeeyuDeck) deck = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *o;
  JsonNode *n;
  const char *s;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_PARSE,
                   _("Not a deck file: %s"), local_error->message);
      return NULL;
    }
  n = json_parser_get_root (parser);
  if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
    {
      g_set_error_literal (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_PARSE,
                           _("Not a deck file: it holds no JSON object"));
      return NULL;
    }
  o = json_node_get_object (n);

  deck = heeyu_deck_new (NULL);
  g_array_set_size (deck->slides, 0);

  if ((s = member_string (o, "title")) && *s)
    deck->title = g_strdup (s);
  if ((s = member_string (o, "subtitle")) && *s)
    deck->subtitle = g_strdup (s);
  if ((s = member_string (o, "language")) && !heeyu_deck_language_from_string (s, &deck->language))
    add_note (deck, _("Unknown language “%s”: the app's language is used"), s);

  n = json_object_get_member (o, "slides");
  if (n != NULL && JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          HeeyuSlideKind kind;

          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
              && heeyu_slide_kind_from_string (json_node_get_string (e), &kind))
            g_array_append_val (deck->slides, kind);
          else if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
            add_note (deck, _("Unknown slide “%s” left out"), json_node_get_string (e));
          else
            add_note (deck, _("A slide that is not a name was left out"));
        }
    }
  else if (n == NULL)
    {
      g_autoptr(HeeyuDeck) defaults = heeyu_deck_new (NULL);
      g_array_append_vals (deck->slides, defaults->slides->data, defaults->slides->len);
    }

  n = json_object_get_member (o, "metals");
  if (n != NULL && JSON_NODE_HOLDS_ARRAY (n))
    {
      JsonArray *a = json_node_get_array (n);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          const char *code;

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING
              || !*(code = json_node_get_string (e)) || !g_utf8_validate (code, -1, NULL)
              || strlen (code) > 16)
            {
              add_note (deck, _("A metal that is not a code was left out"));
              continue;
            }
          if (!heeyu_deck_has_metal (deck, code))
            g_ptr_array_add (deck->metals, g_strdup (code));
        }
    }

  n = json_object_get_member (o, "interval");
  if (n != NULL && JSON_NODE_HOLDS_VALUE (n)
      && (json_node_get_value_type (n) == G_TYPE_INT64 || json_node_get_value_type (n) == G_TYPE_DOUBLE))
    {
      double v = json_node_get_double (n);

      if (json_node_get_value_type (n) == G_TYPE_INT64)
        v = json_node_get_int (n);
      if (v < 0 || v > HEEYU_DECK_MAX_INTERVAL || v != v)
        add_note (deck, _("Auto-advance interval out of range: advancing by hand"));
      else
        deck->interval = (guint) v;
    }

  n = json_object_get_member (o, "loop");
  if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    deck->loop = json_node_get_boolean (n);

  return g_steal_pointer (&deck);
}

/* ---- Files ---------------------------------------------------------------- */

gboolean
heeyu_deck_name_is_valid (const char *name)
{
  if (name == NULL || *name == '\0' || *name == '.' || strlen (name) > 400
      || !g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 100)
    return FALSE;

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        return FALSE;
    }
  /* A name that is only spaces looks empty in every list. */
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

char *
heeyu_deck_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "heeyu", "decks", NULL);
}

static char *
deck_path (const char *dir,
           const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *def = NULL;

  if (dir == NULL)
    dir = def = heeyu_deck_default_dir ();
  return g_build_filename (dir, file, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

char **
heeyu_deck_list (const char  *dir,
                 GError     **error)
{
  g_autofree char *def = NULL;
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  const char *entry;

  if (dir == NULL)
    dir = def = heeyu_deck_default_dir ();

  d = g_dir_open (dir, 0, &local_error);
  if (d == NULL)
    {
      /* No folder yet is no deck yet, not a failure. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_new0 (char *, 1);
      g_set_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_IO,
                   _("Cannot read the decks folder: %s"), local_error->message);
      return NULL;
    }

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *name = NULL;

      if (!g_str_has_suffix (entry, ".json"))
        continue;
      name = g_strndup (entry, strlen (entry) - 5);
      if (heeyu_deck_name_is_valid (name))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (heeyu_deck_name_is_valid (name))
    return TRUE;
  g_set_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_NAME,
               _("“%s” cannot be a deck name: use letters, digits and spaces, without “/”"),
               name ? name : "");
  return FALSE;
}

gboolean
heeyu_deck_save (const HeeyuDeck  *deck,
                 const char       *dir,
                 GError          **error)
{
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (deck != NULL, FALSE);

  if (!check_name (deck->name, error))
    return FALSE;

  path = deck_path (dir, deck->name);
  parent = g_path_get_dirname (path);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_IO,
                   _("Cannot create the decks folder %s: %s"), parent, g_strerror (saved));
      return FALSE;
    }

  json = heeyu_deck_to_json (deck);
  /* g_file_set_contents writes a temporary file and renames it: the old
   * deck stays whole if the disk fills up. */
  if (!g_file_set_contents (path, json, -1, &local_error))
    {
      g_set_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_IO,
                   _("Cannot save the deck: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

HeeyuDeck *
heeyu_deck_load (const char  *dir,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  HeeyuDeck *deck;

  if (!check_name (name, error))
    return NULL;

  path = deck_path (dir, name);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_NOT_FOUND,
                     _("There is no deck named “%s”"), name);
      else
        g_set_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_IO,
                     _("Cannot read the deck “%s”: %s"), name, local_error->message);
      return NULL;
    }

  deck = heeyu_deck_new_from_json (contents, length, &local_error);
  if (deck == NULL)
    {
      g_set_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_PARSE,
                   _("The deck “%s” cannot be read (%s)"), name, local_error->message);
      return NULL;
    }
  deck->name = g_strdup (name);
  return deck;
}

gboolean
heeyu_deck_delete (const char  *dir,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *path = NULL;

  if (!check_name (name, error))
    return FALSE;

  path = deck_path (dir, name);
  if (g_unlink (path) != 0)
    {
      int saved = errno;
      g_set_error (error, HEEYU_DECK_ERROR,
                   saved == ENOENT ? HEEYU_DECK_ERROR_NOT_FOUND : HEEYU_DECK_ERROR_IO,
                   _("Cannot delete the deck “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
