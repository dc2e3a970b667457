/* heeyu-record.c: record envelopes and the schema of each kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The schemas follow DESIGN.md, "Data model".  Additions to it, so that the
 * sample generator, the server and the app agree:
 *
 *  - metal.order (integer, optional): the position of the metal in the KIRAM
 *    classification (korea-rare-metals.csv row order).  heeyu_cache_list_metals()
 *    sorts by it; metals without it come after, rare-metal types first, in
 *    the order they were first imported.
 *  - event.end_date (YYYY-MM-DD, optional): when a measure stopped being in
 *    force; an event without it is live.
 *  - boolean fields (lists.*, estimated, synthetic, specialized.designated)
 *    are JSON true/false, never 0/1.
 *  - a field set to null counts as absent (and is an error if required).
 */
#include "config.h"

#include <string.h>

#include "heeyu-record.h"

G_DEFINE_QUARK (heeyu-record-error-quark, heeyu_record_error)

typedef enum
{
  FIELD_STRING,
  FIELD_INT,
  FIELD_NUMBER,
  FIELD_BOOL,
  FIELD_STRING_ARRAY,
  FIELD_OBJECT,          /* checked by the field's own check function */
  FIELD_ARRAY,           /* checked by the field's own check function */
  FIELD_STRING_OR_INT,
} FieldType;

typedef gboolean (*FieldCheck) (const char  *kind,
                                const char  *field,
                                JsonNode    *node,
                                GError     **error);

typedef struct
{
  const char *name;
  FieldType   type;
  gboolean    required;
  FieldCheck  check;     /* extra check of the value, may be NULL */
} FieldSpec;

typedef struct
{
  const char      *kind;
  const FieldSpec *fields;
} KindSpec;

static const char * const kinds[] = {
  "metal", "observation", "company", "note", "event", "methodology", NULL
};

static gboolean G_GNUC_PRINTF (4, 5)
fail (GError     **error,
      const char  *kind,
      const char  *field,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, HEEYU_RECORD_ERROR, HEEYU_RECORD_ERROR_INVALID,
               "%s: field '%s' %s", kind, field, what);
  return FALSE;
}

static gboolean
one_of (const char         *value,
        const char * const *allowed)
{
  return value != NULL && g_strv_contains (allowed, value);
}

static char *
join_allowed (const char * const *allowed)
{
  return g_strjoinv (", ", (char **) allowed);
}

static gboolean
check_enum (const char          *kind,
            const char          *field,
            const char          *value,
            const char * const  *allowed,
            GError             **error)
{
  g_autofree char *list = NULL;

  if (one_of (value, allowed))
    return TRUE;
  list = join_allowed (allowed);
  return fail (error, kind, field, "must be one of %s, not \"%s\"", list, value);
}

/* YYYY, YYYY-MM or YYYY-MM-DD with plausible month and day. */
static gboolean
is_period (const char *s,
           gboolean    need_day)
{
  gsize len = strlen (s);

  if (len != 4 && len != 7 && len != 10)
    return FALSE;
  if (need_day && len != 10)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (i == 4 || i == 7)
        {
          if (s[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (s[i]))
        return FALSE;
    }
  if (len >= 7)
    {
      int month = (s[5] - '0') * 10 + (s[6] - '0');
      if (month < 1 || month > 12)
        return FALSE;
    }
  if (len == 10)
    {
      int day = (s[8] - '0') * 10 + (s[9] - '0');
      if (day < 1 || day > 31)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_period (const char  *kind,
              const char  *field,
              JsonNode    *node,
              GError     **error)
{
  const char *s = json_node_get_string (node);

  if (!is_period (s, FALSE))
    return fail (error, kind, field,
                 "must be a year, year-month or date (2023, 2023-07, 2023-07-14), not \"%s\"", s);
  return TRUE;
}

static gboolean
check_date (const char  *kind,
            const char  *field,
            JsonNode    *node,
            GError     **error)
{
  const char *s = json_node_get_string (node);

  if (!is_period (s, TRUE))
    return fail (error, kind, field, "must be a date like 2023-07-14, not \"%s\"", s);
  return TRUE;
}

static gboolean
check_non_empty (const char  *kind,
                 const char  *field,
                 JsonNode    *node,
                 GError     **error)
{
  const char *s = json_node_get_string (node);

  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return TRUE;
  return fail (error, kind, field, "must not be empty");
}

/* ISO 3166-1 alpha-2, or OTHER / WORLD. */
static gboolean
check_country (const char  *kind,
               const char  *field,
               JsonNode    *node,
               GError     **error)
{
  const char *s = json_node_get_string (node);

  if (g_str_equal (s, "OTHER") || g_str_equal (s, "WORLD"))
    return TRUE;
  if (strlen (s) == 2 && g_ascii_isupper (s[0]) && g_ascii_isupper (s[1]))
    return TRUE;
  return fail (error, kind, field,
               "must be an ISO 3166-1 alpha-2 code (KR, CN), OTHER or WORLD, not \"%s\"", s);
}

static gboolean
check_reg_no (const char  *kind,
              const char  *field,
              JsonNode    *node,
              GError     **error)
{
  const char *s = json_node_get_string (node);
  guint digits = 0;

  for (const char *p = s; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != '-')
        goto bad;
    }
  if (digits == 10)
    return TRUE;
bad:
  return fail (error, kind, field,
               "must be a business registration number like 123-45-67890, not \"%s\"", s);
}

static gboolean
check_non_negative (const char  *kind,
                    const char  *field,
                    JsonNode    *node,
                    GError     **error)
{
  if (json_node_get_double (node) < 0)
    return fail (error, kind, field, "must not be negative");
  return TRUE;
}

static gboolean
check_year (const char  *kind,
            const char  *field,
            JsonNode    *node,
            GError     **error)
{
  gint64 y = json_node_get_int (node);

  if (y < 1000 || y > 9999)
    return fail (error, kind, field, "must be a four-digit year, not %" G_GINT64_FORMAT, y);
  return TRUE;
}

static gboolean
check_lat (const char  *kind,
           const char  *field,
           JsonNode    *node,
           GError     **error)
{
  double v = json_node_get_double (node);

  if (v < -90 || v > 90)
    return fail (error, kind, field, "must be a latitude between -90 and 90");
  return TRUE;
}

static gboolean
check_lon (const char  *kind,
           const char  *field,
           JsonNode    *node,
           GError     **error)
{
  double v = json_node_get_double (node);

  if (v < -180 || v > 180)
    return fail (error, kind, field, "must be a longitude between -180 and 180");
  return TRUE;
}

static const char * const company_stages[] = {
  "mining", "refining", "smelting", "materials", "components", "recycling",
  "trading", "research", NULL
};

static gboolean
check_stages (const char  *kind,
              const char  *field,
              JsonNode    *node,
              GError     **error)
{
  JsonArray *array = json_node_get_array (node);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    if (!check_enum (kind, field, json_array_get_string_element (array, i),
                     company_stages, error))
      return FALSE;
  return TRUE;
}

static const char * const note_statuses[] = {
  "open", "verified", "needs_update", "resolved", NULL
};

static gboolean
check_note_status (const char  *kind,
                   const char  *field,
                   JsonNode    *node,
                   GError     **error)
{
  return check_enum (kind, field, json_node_get_string (node), note_statuses, error);
}

static gboolean
check_target_kind (const char  *kind,
                   const char  *field,
                   JsonNode    *node,
                   GError     **error)
{
  return check_enum (kind, field, json_node_get_string (node), kinds, error);
}

static const char * const event_kinds[] = {
  "export_control", "export_ban", "disruption", "policy", NULL
};

static gboolean
check_event_kind (const char  *kind,
                  const char  *field,
                  JsonNode    *node,
                  GError     **error)
{
  return check_enum (kind, field, json_node_get_string (node), event_kinds, error);
}

static gboolean validate_fields (const char      *kind,
                                 const char      *prefix,
                                 const FieldSpec *specs,
                                 JsonObject      *object,
                                 GError         **error);

static const FieldSpec metal_lists_fields[] = {
  { "rare_metal_35", FIELD_BOOL, FALSE, NULL },
  { "critical_33", FIELD_BOOL, FALSE, NULL },
  { "strategic_10", FIELD_BOOL, FALSE, NULL },
  { NULL }
};

static gboolean
check_metal_lists (const char  *kind,
                   const char  *field,
                   JsonNode    *node,
                   GError     **error)
{
  return validate_fields (kind, field, metal_lists_fields, json_node_get_object (node), error);
}

static const FieldSpec company_specialized_fields[] = {
  { "designated", FIELD_BOOL, FALSE, NULL },
  { "year", FIELD_INT, FALSE, check_year },
  { NULL }
};

static gboolean
check_specialized (const char  *kind,
                   const char  *field,
                   JsonNode    *node,
                   GError     **error)
{
  return validate_fields (kind, field, company_specialized_fields,
                          json_node_get_object (node), error);
}

static gboolean
check_weights (const char  *kind,
               const char  *field,
               JsonNode    *node,
               GError     **error)
{
  JsonObject *object = json_node_get_object (node);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", field, name);

      if (!JSON_NODE_HOLDS_VALUE (value) ||
          (json_node_get_value_type (value) != G_TYPE_INT64 &&
           json_node_get_value_type (value) != G_TYPE_DOUBLE))
        return fail (error, kind, path, "must be a number");
      if (json_node_get_double (value) < 0)
        return fail (error, kind, path, "must not be negative");
    }
  return TRUE;
}

static const FieldSpec band_fields[] = {
  { "code", FIELD_STRING, TRUE, check_non_empty },
  { "name_en", FIELD_STRING, TRUE, NULL },
  { "name_ko", FIELD_STRING, TRUE, NULL },
  { "min", FIELD_NUMBER, TRUE, NULL },
  { "max", FIELD_NUMBER, TRUE, NULL },
  { NULL }
};

static gboolean
check_bands (const char  *kind,
             const char  *field,
             JsonNode    *node,
             GError     **error)
{
  JsonArray *array = json_node_get_array (node);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("%s[%u]", field, i);

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (error, kind, path, "must be an object {code, name_en, name_ko, min, max}");
      if (!validate_fields (kind, path, band_fields, json_node_get_object (element), error))
        return FALSE;
    }
  return TRUE;
}

static const FieldSpec metal_fields[] = {
  { "name_en", FIELD_STRING, TRUE, check_non_empty },
  { "name_ko", FIELD_STRING, TRUE, check_non_empty },
  { "aliases_ko", FIELD_STRING_ARRAY, FALSE, NULL },
  { "group", FIELD_STRING, FALSE, NULL },
  { "elements", FIELD_STRING_ARRAY, FALSE, NULL },
  { "lists", FIELD_OBJECT, FALSE, check_metal_lists },
  { "uses", FIELD_STRING_ARRAY, FALSE, NULL },
  { "stockpile_target_days", FIELD_INT, FALSE, check_non_negative },
  { "order", FIELD_INT, FALSE, NULL },
  { NULL }
};

static const FieldSpec observation_fields[] = {
  { "metal", FIELD_STRING, TRUE, check_non_empty },
  { "indicator", FIELD_STRING, TRUE, check_non_empty },
  { "period", FIELD_STRING, TRUE, check_period },
  { "value", FIELD_NUMBER, TRUE, NULL },
  { "unit", FIELD_STRING, FALSE, NULL },
  { "country", FIELD_STRING, FALSE, check_country },
  { "stage", FIELD_STRING, FALSE, NULL },
  { "source", FIELD_STRING, FALSE, NULL },
  { "estimated", FIELD_BOOL, FALSE, NULL },
  { "synthetic", FIELD_BOOL, FALSE, NULL },
  { NULL }
};

static const FieldSpec company_fields[] = {
  { "name_ko", FIELD_STRING, TRUE, check_non_empty },
  { "name_en", FIELD_STRING, FALSE, NULL },
  { "reg_no", FIELD_STRING, FALSE, check_reg_no },
  { "region", FIELD_STRING, FALSE, NULL },
  { "city", FIELD_STRING, FALSE, NULL },
  { "address", FIELD_STRING, FALSE, NULL },
  { "complex", FIELD_STRING, FALSE, NULL },
  { "lat", FIELD_NUMBER, FALSE, check_lat },
  { "lon", FIELD_NUMBER, FALSE, check_lon },
  { "founded", FIELD_INT, FALSE, check_year },
  { "employees", FIELD_INT, FALSE, check_non_negative },
  { "revenue_krw_m", FIELD_NUMBER, FALSE, NULL },
  { "stages", FIELD_STRING_ARRAY, FALSE, check_stages },
  { "metals", FIELD_STRING_ARRAY, FALSE, NULL },
  { "products", FIELD_STRING, FALSE, NULL },
  { "specialized", FIELD_OBJECT, FALSE, check_specialized },
  { "certifications", FIELD_STRING_ARRAY, FALSE, NULL },
  { "website", FIELD_STRING, FALSE, NULL },
  { "email", FIELD_STRING, FALSE, NULL },
  { "phone", FIELD_STRING, FALSE, NULL },
  { NULL }
};

static const FieldSpec note_fields[] = {
  { "target_kind", FIELD_STRING, TRUE, check_target_kind },
  { "target_id", FIELD_STRING, TRUE, check_non_empty },
  { "body", FIELD_STRING, TRUE, NULL },
  { "status", FIELD_STRING, TRUE, check_note_status },
  { "author", FIELD_STRING, FALSE, NULL },
  { NULL }
};

static const FieldSpec event_fields[] = {
  { "metals", FIELD_STRING_ARRAY, TRUE, NULL },
  { "date", FIELD_STRING, TRUE, check_date },
  { "end_date", FIELD_STRING, FALSE, check_date },
  { "title_en", FIELD_STRING, FALSE, NULL },
  { "title_ko", FIELD_STRING, FALSE, NULL },
  { "kind", FIELD_STRING, TRUE, check_event_kind },
  { "country", FIELD_STRING, FALSE, check_country },
  { "source", FIELD_STRING, FALSE, NULL },
  { NULL }
};

static const FieldSpec methodology_fields[] = {
  { "version", FIELD_STRING_OR_INT, TRUE, NULL },
  { "weights", FIELD_OBJECT, TRUE, check_weights },
  { "bands", FIELD_ARRAY, TRUE, check_bands },
  /* Optional numeric tables of the index (docs/methodology.md): risk-matrix
   * thresholds, scoring parameters, and Korea's sector weights for EI. */
  { "thresholds", FIELD_OBJECT, FALSE, check_weights },
  { "parameters", FIELD_OBJECT, FALSE, check_weights },
  { "sector_weights", FIELD_OBJECT, FALSE, check_weights },
  { NULL }
};

static const KindSpec kind_specs[] = {
  { "metal", metal_fields },
  { "observation", observation_fields },
  { "company", company_fields },
  { "note", note_fields },
  { "event", event_fields },
  { "methodology", methodology_fields },
};

static const char *
type_words (FieldType type)
{
  switch (type)
    {
    case FIELD_STRING: return "must be a string";
    case FIELD_INT: return "must be an integer";
    case FIELD_NUMBER: return "must be a number";
    case FIELD_BOOL: return "must be true or false";
    case FIELD_STRING_ARRAY: return "must be an array of strings";
    case FIELD_OBJECT: return "must be an object";
    case FIELD_ARRAY: return "must be an array";
    case FIELD_STRING_OR_INT: return "must be a string or an integer";
    default: g_assert_not_reached ();
    }
}

static gboolean
node_has_type (JsonNode  *node,
               FieldType  type)
{
  GType vt;

  switch (type)
    {
    case FIELD_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case FIELD_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case FIELD_STRING_ARRAY:
      {
        JsonArray *array;
        guint n;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return FALSE;
        array = json_node_get_array (node);
        n = json_array_get_length (array);
        for (guint i = 0; i < n; i++)
          {
            JsonNode *e = json_array_get_element (array, i);
            if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
              return FALSE;
          }
        return TRUE;
      }
    default:
      break;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  vt = json_node_get_value_type (node);
  switch (type)
    {
    case FIELD_STRING: return vt == G_TYPE_STRING;
    case FIELD_INT: return vt == G_TYPE_INT64;
    case FIELD_NUMBER: return vt == G_TYPE_INT64 || vt == G_TYPE_DOUBLE;
    case FIELD_BOOL: return vt == G_TYPE_BOOLEAN;
    case FIELD_STRING_OR_INT: return vt == G_TYPE_STRING || vt == G_TYPE_INT64;
    default: return FALSE;
    }
}

static gboolean
validate_fields (const char      *kind,
                 const char      *prefix,
                 const FieldSpec *specs,
                 JsonObject      *object,
                 GError         **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  /* Unknown fields first: a misspelt field is the likelier mistake than a
   * missing one, and naming it helps more. */
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      const FieldSpec *spec = NULL;
      /* Top-level fields, the common case, need no allocation. */
      g_autofree char *nested = prefix ? g_strdup_printf ("%s.%s", prefix, name) : NULL;
      const char *path = nested ? nested : name;

      for (const FieldSpec *s = specs; s->name; s++)
        if (g_str_equal (s->name, name))
          {
            spec = s;
            break;
          }
      if (spec == NULL)
        return fail (error, kind, path, "is not a field of this kind");
      if (JSON_NODE_HOLDS_NULL (value))
        continue;
      if (!node_has_type (value, spec->type))
        return fail (error, kind, path, "%s", type_words (spec->type));
      if (spec->check && !spec->check (kind, path, value, error))
        return FALSE;
    }

  for (const FieldSpec *s = specs; s->name; s++)
    {
      JsonNode *node;

      if (!s->required)
        continue;
      node = json_object_get_member (object, s->name);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          g_autofree char *path = prefix ? g_strdup_printf ("%s.%s", prefix, s->name)
                                         : g_strdup (s->name);
          return fail (error, kind, path, "is required");
        }
    }

  return TRUE;
}

const char * const *
heeyu_record_kinds (void)
{
  return kinds;
}

gboolean
heeyu_record_kind_is_known (const char *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
}

gboolean
heeyu_record_validate (const char  *kind,
                       JsonObject  *data,
                       GError     **error)
{
  g_return_val_if_fail (data != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_specs); i++)
    if (g_strcmp0 (kind_specs[i].kind, kind) == 0)
      return validate_fields (kind, NULL, kind_specs[i].fields, data, error);

  g_set_error (error, HEEYU_RECORD_ERROR, HEEYU_RECORD_ERROR_INVALID,
               "unknown record kind \"%s\"", kind ? kind : "(none)");
  return FALSE;
}

static gboolean
envelope_fail (GError     **error,
               const char  *format,
               ...) G_GNUC_PRINTF (2, 3);

static gboolean
envelope_fail (GError     **error,
               const char  *format,
               ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HEEYU_RECORD_ERROR, HEEYU_RECORD_ERROR_INVALID, "%s", what);
  return FALSE;
}

static const char *
value_string (JsonNode *node)
{
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

HeeyuEnvelope *
heeyu_envelope_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(HeeyuEnvelope) env = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  JsonNode *data = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      envelope_fail (error, "a record must be a JSON object");
      return NULL;
    }

  object = json_node_get_object (node);
  env = g_new0 (HeeyuEnvelope, 1);
  env->rev = 1;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (g_str_equal (name, "kind") || g_str_equal (name, "id"))
        {
          const char *s = value_string (value);

          if (s == NULL || *s == '\0')
            {
              envelope_fail (error, "'%s' must be a non-empty string", name);
              return NULL;
            }
          if (name[0] == 'k')
            env->kind = g_strdup (s);
          else
            env->id = g_strdup (s);
        }
      else if (g_str_equal (name, "rev"))
        {
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (value) ||
              json_node_get_value_type (value) != G_TYPE_INT64 ||
              json_node_get_int (value) < 1)
            {
              envelope_fail (error, "'rev' must be a positive integer");
              return NULL;
            }
          env->rev = json_node_get_int (value);
        }
      else if (g_str_equal (name, "deleted"))
        {
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (value) ||
              json_node_get_value_type (value) != G_TYPE_BOOLEAN)
            {
              envelope_fail (error, "'deleted' must be true or false");
              return NULL;
            }
          env->deleted = json_node_get_boolean (value);
        }
      else if (g_str_equal (name, "updated_at") || g_str_equal (name, "updated_by"))
        {
          const char *s;

          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if ((s = value_string (value)) == NULL)
            {
              envelope_fail (error, "'%s' must be a string", name);
              return NULL;
            }
          if (name[8] == 'a')
            env->updated_at = g_strdup (s);
          else
            env->updated_by = g_strdup (s);
        }
      else if (g_str_equal (name, "data"))
        data = value;
      else
        {
          envelope_fail (error, "'%s' is not a field of a record envelope "
                         "(kind, id, rev, deleted, updated_at, updated_by, data)", name);
          return NULL;
        }
    }

  if (env->kind == NULL)
    {
      envelope_fail (error, "'kind' is required");
      return NULL;
    }
  if (!heeyu_record_kind_is_known (env->kind))
    {
      envelope_fail (error, "unknown record kind \"%s\"", env->kind);
      return NULL;
    }
  if (env->id == NULL)
    {
      envelope_fail (error, "%s: 'id' is required", env->kind);
      return NULL;
    }

  if (env->deleted)
    return g_steal_pointer (&env);   /* a tombstone's data, if any, is meaningless */

  if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    {
      envelope_fail (error, "%s %s: 'data' is required", env->kind, env->id);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (data))
    {
      envelope_fail (error, "%s %s: 'data' must be an object", env->kind, env->id);
      return NULL;
    }
  if (!heeyu_record_validate (env->kind, json_node_get_object (data), error))
    {
      g_prefix_error (error, "%s: ", env->id);
      return NULL;
    }
  env->data = json_object_ref (json_node_get_object (data));

  return g_steal_pointer (&env);
}

JsonNode *
heeyu_envelope_to_json (const HeeyuEnvelope *env)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (env != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, env->kind);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, env->id);
  json_builder_set_member_name (builder, "rev");
  json_builder_add_int_value (builder, env->rev);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, env->deleted);
  if (env->updated_at)
    {
      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_string_value (builder, env->updated_at);
    }
  if (env->updated_by)
    {
      json_builder_set_member_name (builder, "updated_by");
      json_builder_add_string_value (builder, env->updated_by);
    }
  if (!env->deleted && env->data)
    {
      JsonNode *data = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (data, env->data);
      json_builder_set_member_name (builder, "data");
      json_builder_add_value (builder, data);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
heeyu_envelope_free (HeeyuEnvelope *env)
{
  if (env == NULL)
    return;
  g_free (env->kind);
  g_free (env->id);
  g_free (env->updated_at);
  g_free (env->updated_by);
  g_clear_pointer (&env->data, json_object_unref);
  g_free (env);
}
