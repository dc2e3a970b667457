/* heeyu-company-edit.c: editing a company's record, with validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A saved edit goes through the ingest path like any record, so the search
 * index, the filters and the counts follow it.  Ingest only writes a rev
 * newer than the stored one; a local edit keeps the rev it started from
 * (the server gives the next one), so the save lowers the stored rev by
 * one inside its transaction and applies the record at the old rev.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-cache-private.h"
#include "heeyu-company-edit.h"
#include "heeyu-company-query.h"
#include "heeyu-ingest.h"
#include "heeyu-notes.h"

G_DEFINE_QUARK (heeyu-company-edit-error-quark, heeyu_company_edit_error)

typedef enum
{
  TYPE_TEXT,
  TYPE_INT,
  TYPE_LIST,
  TYPE_SPECIALIZED,
  TYPE_SPECIALIZED_YEAR,
} FieldType;

typedef struct
{
  const char *name;
  const char *label;
  FieldType   type;
} Field;

static const Field fields[] = {
  { "name_ko", N_("Korean name"), TYPE_TEXT },
  { "name_en", N_("English name"), TYPE_TEXT },
  { "reg_no", N_("Business number"), TYPE_TEXT },
  { "region", N_("Region"), TYPE_TEXT },
  { "city", N_("City"), TYPE_TEXT },
  { "address", N_("Address"), TYPE_TEXT },
  { "complex", N_("Industrial complex"), TYPE_TEXT },
  { "founded", N_("Founded"), TYPE_INT },
  { "employees", N_("Employees"), TYPE_INT },
  { "revenue_krw_m", N_("Revenue (million won)"), TYPE_INT },
  { "products", N_("Products"), TYPE_TEXT },
  { "website", N_("Website"), TYPE_TEXT },
  { "email", N_("E-mail"), TYPE_TEXT },
  { "phone", N_("Phone"), TYPE_TEXT },
  { "specialized", N_("Specialized company"), TYPE_SPECIALIZED },
  { "specialized_year", N_("Designated in"), TYPE_SPECIALIZED_YEAR },
  { "metals", N_("Metals"), TYPE_LIST },
  { "stages", N_("Value-chain stages"), TYPE_LIST },
  { "certifications", N_("Certifications"), TYPE_LIST },
};

static const char * const field_names[] = {
  "name_ko", "name_en", "reg_no", "region", "city", "address", "complex", "founded",
  "employees", "revenue_krw_m", "products", "website", "email", "phone", "specialized",
  "specialized_year", "metals", "stages", "certifications", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_names) == G_N_ELEMENTS (fields) + 1);

static const char * const regions[] = {
  "KR-11", "KR-26", "KR-27", "KR-28", "KR-29", "KR-30", "KR-31", "KR-41", "KR-42",
  "KR-43", "KR-44", "KR-45", "KR-46", "KR-47", "KR-48", "KR-49", "KR-50", NULL
};

struct _HeeyuCompanyEdit
{
  char       *id;
  gint64      base_rev;
  JsonObject *original;       /* the stored data, for fields the form lacks */
  GHashTable *stored;         /* field → text as loaded */
  GHashTable *values;         /* field → text now */
};

const char * const *
heeyu_company_edit_fields (void)
{
  return field_names;
}

static const Field *
find_field (const char *name)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].name, name))
      return &fields[i];
  return NULL;
}

const char *
heeyu_company_edit_field_label (const char *field)
{
  const Field *f = find_field (field);

  return f ? _(f->label) : field;
}

gboolean
heeyu_reg_no_is_valid (const char *text)
{
  static const int weights[] = { 1, 3, 7, 1, 3, 7, 1, 3, 5 };
  int d[10];
  int n = 0;
  int sum = 0;

  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (n == 10)
            return FALSE;
          d[n++] = *p - '0';
        }
      else if (*p != '-' && *p != ' ')
        return FALSE;
    }
  if (n != 10)
    return FALSE;

  /* With dashes, they must stand where Koreans write them: NNN-NN-NNNNN. */
  if (strchr (text, '-'))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      if (strlen (trimmed) != 12 || trimmed[3] != '-' || trimmed[6] != '-')
        return FALSE;
    }

  for (guint i = 0; i < 9; i++)
    sum += d[i] * weights[i];
  sum += d[8] * 5 / 10;
  return (10 - sum % 10) % 10 == d[9];
}

static gboolean
parse_int (const char *text,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  guint64 v;

  /* Thousands separators as people type them: "1,200". */
  g_strdelimit (s, ",", ' ');
  {
    g_auto(GStrv) parts = g_strsplit (s, " ", -1);
    g_free (s);
    s = g_strjoinv ("", parts);
  }
  if (*s == '\0' || !g_ascii_string_to_unsigned (s, 10, 0, G_MAXINT64, &v, NULL))
    return FALSE;
  if ((gint64) v < min || (gint64) v > max)
    return FALSE;
  if (out)
    *out = v;
  return TRUE;
}

static int
this_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  return g_date_time_get_year (now);
}

static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@'))
    return FALSE;
  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == ',' || *p == ';' ||
        *p == '<' || *p == '>')
      return FALSE;
  dot = strrchr (at + 1, '.');
  /* A dot inside the domain, with something on both sides of each. */
  return dot && dot > at + 1 && dot[1] != '\0' && !strstr (at + 1, "..") && at[1] != '.';
}

static gboolean
is_web_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *scheme;
  const char *host;

  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host && strchr (host, '.') && strpbrk (text, " \t\n") == NULL;
}

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

char *
heeyu_company_edit_check_field (const char *field,
                                const char *text)
{
  const Field *f = find_field (field);
  g_autofree char *trimmed = NULL;
  int year = this_year ();

  g_return_val_if_fail (field != NULL, NULL);

  if (f == NULL)
    return g_strdup_printf (_("Unknown field “%s”."), field);
  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup (_("The text is not valid UTF-8."));

  trimmed = g_strstrip (g_strdup (text));

  if (g_str_equal (field, "name_ko"))
    {
      if (*trimmed == '\0')
        return g_strdup (_("A company needs a Korean name."));
    }
  if (*trimmed == '\0')
    return NULL;

  if (f->type == TYPE_TEXT && !g_str_equal (field, "products") &&
      !g_str_equal (field, "address") && has_control (trimmed))
    return g_strdup (_("Use one line, without tabs or line breaks."));

  if (g_str_equal (field, "name_ko") || g_str_equal (field, "name_en"))
    {
      if (g_utf8_strlen (trimmed, -1) > 200)
        return g_strdup (_("A name can have at most 200 characters."));
    }
  else if (g_str_equal (field, "reg_no"))
    {
      guint n = 0;

      for (const char *p = trimmed; *p; p++)
        n += g_ascii_isdigit (*p);
      if (strspn (trimmed, "0123456789- ") != strlen (trimmed) || n != 10)
        return g_strdup (_("A business number has 10 digits: 123-45-67890."));
      if (!heeyu_reg_no_is_valid (trimmed))
        {
          if (strchr (trimmed, '-'))
            {
              if (strlen (trimmed) != 12 || trimmed[3] != '-' || trimmed[6] != '-')
                return g_strdup (_("Write the business number as 123-45-67890, or as 10 digits."));
            }
          return g_strdup (_("This business number’s check digit is wrong: check for a typo."));
        }
    }
  else if (g_str_equal (field, "region"))
    {
      if (!g_strv_contains (regions, trimmed))
        return g_strdup (_("Choose a Korean province or metropolitan city (KR-11 … KR-50)."));
    }
  else if (g_str_equal (field, "founded"))
    {
      if (!parse_int (trimmed, 1900, year, NULL))
        return g_strdup_printf (_("Enter a year from 1900 to %d."), year);
    }
  else if (g_str_equal (field, "specialized_year"))
    {
      if (!parse_int (trimmed, 1990, year, NULL))
        return g_strdup_printf (_("Enter a year from 1990 to %d."), year);
    }
  else if (g_str_equal (field, "employees"))
    {
      if (!parse_int (trimmed, 0, 1000000, NULL))
        return g_strdup (_("Enter a whole number of employees, from 0 to 1,000,000."));
    }
  else if (g_str_equal (field, "revenue_krw_m"))
    {
      if (!parse_int (trimmed, 0, G_MAXINT64 / 2, NULL))
        return g_strdup (_("Enter the revenue in million won as a whole number, 0 or more."));
    }
  else if (g_str_equal (field, "website"))
    {
      if (!is_web_url (trimmed))
        return g_strdup (_("Enter a web address starting with https:// or http://."));
    }
  else if (g_str_equal (field, "email"))
    {
      if (!is_email (trimmed))
        return g_strdup (_("Enter an e-mail address such as info@example.co.kr."));
    }
  else if (g_str_equal (field, "phone"))
    {
      guint digits = 0;

      for (const char *p = trimmed; *p; p++)
        {
          if (g_ascii_isdigit (*p))
            digits++;
          else if (!strchr (" -+()", *p))
            return g_strdup (_("A phone number has digits, spaces, dashes, + and parentheses only."));
        }
      if (digits < 7 || digits > 15)
        return g_strdup (_("A phone number has 7 to 15 digits."));
    }
  else if (g_str_equal (field, "specialized"))
    {
      if (!g_str_equal (trimmed, "yes") && !g_str_equal (trimmed, "no"))
        return g_strdup (_("Choose whether the company is designated."));
    }

  return NULL;
}

static char *
node_to_text (JsonNode  *node,
              FieldType  type)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      GString *s = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            continue;
          if (s->len)
            g_string_append (s, ", ");
          g_string_append (s, json_node_get_string (e));
        }
      return g_string_free (s, FALSE);
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType t = json_node_get_value_type (node);

      if (t == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (t == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (t == G_TYPE_DOUBLE)
        return g_strdup_printf ("%.0f", json_node_get_double (node));
      if (t == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "yes" : "no");
    }
  return g_strdup ("");
}

HeeyuCompanyEdit *
heeyu_company_edit_new (HeeyuCache  *cache,
                        const char  *company_id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  HeeyuCompanyEdit *edit;
  JsonObject *data;
  JsonNode *spec;
  sqlite3 *db;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);
  g_return_val_if_fail (company_id != NULL, NULL);

  db = heeyu_cache_get_db (cache);
  if (!(stmt = heeyu_sql_prepare (db, "SELECT rev, data FROM company WHERE id = ?1", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, company_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 1), -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, HEEYU_COMPANY_EDIT_ERROR, HEEYU_COMPANY_EDIT_ERROR_NOT_FOUND,
                           _("This company is no longer in the directory."));
      return NULL;
    }

  edit = g_new0 (HeeyuCompanyEdit, 1);
  edit->id = g_strdup (company_id);
  edit->base_rev = sqlite3_column_int64 (stmt, 0);
  data = json_node_get_object (json_parser_get_root (parser));
  edit->original = json_object_ref (data);
  edit->stored = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  edit->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  spec = json_object_get_member (data, "specialized");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];
      char *text;

      if (f->type == TYPE_SPECIALIZED || f->type == TYPE_SPECIALIZED_YEAR)
        {
          JsonObject *o = spec && JSON_NODE_HOLDS_OBJECT (spec) ? json_node_get_object (spec) : NULL;
          const char *member = f->type == TYPE_SPECIALIZED ? "designated" : "year";

          text = node_to_text (o ? json_object_get_member (o, member) : NULL, f->type);
        }
      else
        text = node_to_text (json_object_get_member (data, f->name), f->type);

      g_hash_table_insert (edit->stored, (gpointer) f->name, g_strdup (text));
      g_hash_table_insert (edit->values, (gpointer) f->name, text);
    }

  return edit;
}

void
heeyu_company_edit_free (HeeyuCompanyEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->id);
  g_clear_pointer (&edit->original, json_object_unref);
  g_clear_pointer (&edit->stored, g_hash_table_unref);
  g_clear_pointer (&edit->values, g_hash_table_unref);
  g_free (edit);
}

const char *
heeyu_company_edit_get_id (HeeyuCompanyEdit *edit)
{
  g_return_val_if_fail (edit != NULL, NULL);
  return edit->id;
}

gint64
heeyu_company_edit_get_base_rev (HeeyuCompanyEdit *edit)
{
  g_return_val_if_fail (edit != NULL, 0);
  return edit->base_rev;
}

const char *
heeyu_company_edit_get (HeeyuCompanyEdit *edit,
                        const char       *field)
{
  g_return_val_if_fail (edit != NULL, NULL);
  return field ? g_hash_table_lookup (edit->values, field) : NULL;
}

void
heeyu_company_edit_set (HeeyuCompanyEdit *edit,
                        const char       *field,
                        const char       *text)
{
  const Field *f = find_field (field);

  g_return_if_fail (edit != NULL);
  g_return_if_fail (f != NULL);

  g_hash_table_insert (edit->values, (gpointer) f->name, g_strdup (text ? text : ""));
}

gboolean
heeyu_company_edit_is_changed (HeeyuCompanyEdit *edit)
{
  g_return_val_if_fail (edit != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (g_hash_table_lookup (edit->values, fields[i].name),
                   g_hash_table_lookup (edit->stored, fields[i].name)) != 0)
      return TRUE;
  return FALSE;
}

GHashTable *
heeyu_company_edit_validate (HeeyuCompanyEdit *edit)
{
  GHashTable *errors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  gint64 founded = 0, year = 0;
  g_autofree char *designated = NULL;

  g_return_val_if_fail (edit != NULL, errors);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      char *message = heeyu_company_edit_check_field (fields[i].name,
                                                      g_hash_table_lookup (edit->values, fields[i].name));
      if (message)
        g_hash_table_insert (errors, (gpointer) fields[i].name, message);
    }

  /* Rules across fields. */
  designated = g_strstrip (g_strdup (g_hash_table_lookup (edit->values, "specialized")));
  if (!g_hash_table_contains (errors, "specialized_year") &&
      parse_int (g_hash_table_lookup (edit->values, "specialized_year"), 0, G_MAXINT, &year))
    {
      if (!g_str_equal (designated, "yes"))
        g_hash_table_insert (errors, (gpointer) "specialized_year",
                             g_strdup (_("A designation year needs the company to be designated.")));
      else if (parse_int (g_hash_table_lookup (edit->values, "founded"), 0, G_MAXINT, &founded) &&
               year < founded)
        g_hash_table_insert (errors, (gpointer) "specialized_year",
                             g_strdup (_("The designation cannot come before the founding year.")));
    }

  return errors;
}

char *
heeyu_company_edit_to_draft (HeeyuCompanyEdit *edit)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (edit != NULL, NULL);

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      json_builder_set_member_name (b, fields[i].name);
      json_builder_add_string_value (b, g_hash_table_lookup (edit->values, fields[i].name));
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

void
heeyu_company_edit_apply_draft (HeeyuCompanyEdit *edit,
                                const char       *draft_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  g_return_if_fail (edit != NULL);

  /* A damaged draft is ignored, never fatal: the stored record remains. */
  if (draft_json == NULL || !json_parser_load_from_data (parser, draft_json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      JsonNode *n = json_object_get_member (o, fields[i].name);

      if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
        heeyu_company_edit_set (edit, fields[i].name, json_node_get_string (n));
    }
}

static JsonArray *
list_from_text (const char *text)
{
  JsonArray *a = json_array_new ();
  g_auto(GStrv) parts = g_regex_split_simple ("[,;]", text, 0, 0);

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        json_array_add_string_element (a, parts[i]);
    }
  return a;
}

/* The record's new data: the stored object with the form's fields put in
 * (empty optional fields removed), everything else kept. */
static JsonObject *
build_data (HeeyuCompanyEdit *edit)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) orig = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  JsonObject *data;
  JsonObject *spec = NULL;
  JsonNode *spec_node;

  /* A deep copy through JSON text: the original stays as loaded. */
  json_node_set_object (orig, edit->original);
  json_generator_set_root (gen, orig);
  text = json_generator_to_data (gen, NULL);
  json_parser_load_from_data (parser, text, -1, NULL);
  data = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];
      g_autofree char *value = g_strstrip (g_strdup (g_hash_table_lookup (edit->values, f->name)));
      gint64 n;

      switch (f->type)
        {
        case TYPE_TEXT:
          if (g_str_equal (f->name, "reg_no") && *value && !strchr (value, '-'))
            {
              /* Stored the way the data model writes it. */
              g_autofree char *d = g_strdup (value);
              g_free (value);
              value = g_strdup_printf ("%.3s-%.2s-%.5s", d, d + 3, d + 5);
            }
          if (*value)
            json_object_set_string_member (data, f->name, value);
          else
            json_object_remove_member (data, f->name);
          break;
        case TYPE_INT:
          if (*value && parse_int (value, 0, G_MAXINT64, &n))
            json_object_set_int_member (data, f->name, n);
          else
            json_object_remove_member (data, f->name);
          break;
        case TYPE_LIST:
          json_object_set_array_member (data, f->name, list_from_text (value));
          break;
        case TYPE_SPECIALIZED:
        case TYPE_SPECIALIZED_YEAR:
          break;
        default:
          g_assert_not_reached ();
        }
    }

  spec_node = json_object_get_member (data, "specialized");
  if (spec_node && JSON_NODE_HOLDS_OBJECT (spec_node))
    spec = json_node_get_object (spec_node);
  {
    g_autofree char *designated = g_strstrip (g_strdup (g_hash_table_lookup (edit->values, "specialized")));
    g_autofree char *year = g_strstrip (g_strdup (g_hash_table_lookup (edit->values, "specialized_year")));
    gint64 y;

    if (*designated == '\0' && *year == '\0')
      json_object_remove_member (data, "specialized");
    else
      {
        if (spec == NULL)
          {
            spec = json_object_new ();
            json_object_set_object_member (data, "specialized", spec);
          }
        json_object_set_boolean_member (spec, "designated", g_str_equal (designated, "yes"));
        if (parse_int (year, 0, G_MAXINT, &y))
          json_object_set_int_member (spec, "year", y);
        else
          json_object_remove_member (spec, "year");
      }
  }

  return data;
}

gboolean
heeyu_company_edit_save (HeeyuCompanyEdit  *edit,
                         HeeyuCache        *cache,
                         GError           **error)
{
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(sqlite3_stmt) lower = NULL;
  g_autofree char *json = NULL;
  g_autofree char *user = NULL;
  g_autofree char *updated_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  HeeyuIngestBatch *batch;
  HeeyuEnvelope env = { 0 };
  HeeyuIngestStats stats = { 0 };
  sqlite3 *db;

  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (HEEYU_IS_CACHE (cache), FALSE);

  if (!heeyu_notes_can_edit (cache))
    {
      g_set_error_literal (error, HEEYU_COMPANY_EDIT_ERROR, HEEYU_COMPANY_EDIT_ERROR_FORBIDDEN,
                           _("Your role may not edit companies; ask the data steward for editor rights."));
      return FALSE;
    }

  errors = heeyu_company_edit_validate (edit);
  if (g_hash_table_size (errors) > 0)
    {
      g_set_error (error, HEEYU_COMPANY_EDIT_ERROR, HEEYU_COMPANY_EDIT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%u field needs correcting.",
                                "%u fields need correcting.", g_hash_table_size (errors)),
                   g_hash_table_size (errors));
      return FALSE;
    }

  data = build_data (edit);
  if (!heeyu_record_validate ("company", data, error))
    return FALSE;

  db = heeyu_cache_get_db (cache);
  user = heeyu_notes_get_user (cache);
  updated_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  if (!(batch = heeyu_ingest_batch_begin (db, error)))
    return FALSE;

  if (!(lower = heeyu_sql_prepare (db, "UPDATE company SET rev = rev - 1 WHERE id = ?1 AND rev = ?2",
                                   error)))
    goto fail;
  sqlite3_bind_text (lower, 1, edit->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (lower, 2, edit->base_rev);
  if (sqlite3_step (lower) != SQLITE_DONE)
    {
      heeyu_sql_fail (db, "saving the company", error);
      goto fail;
    }
  if (sqlite3_changes (db) != 1)
    {
      /* Gone, or a sync brought a newer version since the form opened. */
      g_set_error_literal (error, HEEYU_COMPANY_EDIT_ERROR, HEEYU_COMPANY_EDIT_ERROR_NOT_FOUND,
                           _("This company changed or was removed since you opened the form; "
                             "reopen it to edit the current version."));
      goto fail;
    }

  env.kind = (char *) "company";
  env.id = edit->id;
  env.rev = edit->base_rev;
  env.updated_at = updated_at;
  env.updated_by = user;
  env.data = data;
  if (!heeyu_ingest_batch_apply (batch, &env, &stats, error))
    goto fail;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, data);
  json = json_to_string (node, FALSE);
  if (heeyu_outbox_enqueue (db, "company", edit->id, "upsert", edit->base_rev, json, error) == 0)
    goto fail;

  {
    g_autoptr(sqlite3_stmt) draft = heeyu_sql_prepare (db,
                                                       "DELETE FROM draft WHERE kind = 'company-edit' "
                                                       "AND target = ?1", error);
    if (draft == NULL)
      goto fail;
    sqlite3_bind_text (draft, 1, edit->id, -1, SQLITE_STATIC);
    if (sqlite3_step (draft) != SQLITE_DONE)
      {
        heeyu_sql_fail (db, "clearing the draft", error);
        goto fail;
      }
  }

  if (!heeyu_ingest_batch_commit (batch, error))
    return FALSE;

  /* The form now stands for what is stored. */
  g_hash_table_remove_all (edit->stored);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_hash_table_insert (edit->stored, (gpointer) fields[i].name,
                         g_strdup (g_hash_table_lookup (edit->values, fields[i].name)));
  g_clear_pointer (&edit->original, json_object_unref);
  edit->original = json_object_ref (data);
  return TRUE;

fail:
  heeyu_ingest_batch_abort (batch);
  return FALSE;
}
