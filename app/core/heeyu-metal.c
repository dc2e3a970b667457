/* heeyu-metal.c: one metal (or group: REE, PGM) as the views see it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "heeyu-cache-private.h"
#include "heeyu-metal.h"

struct _HeeyuMetal
{
  GObject          parent_instance;

  char            *code;
  char            *name_en;
  char            *name_ko;
  char            *group;
  HeeyuMetalLists  lists;
  char           **aliases_ko;
  char           **elements;
  char           **uses;
  int              stockpile_target_days;
};

G_DEFINE_FINAL_TYPE (HeeyuMetal, heeyu_metal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME_EN,
  PROP_NAME_KO,
  PROP_GROUP,
  PROP_LISTS,
  PROP_STOCKPILE_TARGET_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
heeyu_metal_finalize (GObject *object)
{
  HeeyuMetal *self = (HeeyuMetal *) object;

  g_free (self->code);
  g_free (self->name_en);
  g_free (self->name_ko);
  g_free (self->group);
  g_strfreev (self->aliases_ko);
  g_strfreev (self->elements);
  g_strfreev (self->uses);

  G_OBJECT_CLASS (heeyu_metal_parent_class)->finalize (object);
}

static void
heeyu_metal_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HeeyuMetal *self = HEEYU_METAL (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME_EN:
      g_value_set_string (value, self->name_en);
      break;
    case PROP_NAME_KO:
      g_value_set_string (value, self->name_ko);
      break;
    case PROP_GROUP:
      g_value_set_string (value, self->group);
      break;
    case PROP_LISTS:
      g_value_set_uint (value, self->lists);
      break;
    case PROP_STOCKPILE_TARGET_DAYS:
      g_value_set_int (value, self->stockpile_target_days);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_metal_class_init (HeeyuMetalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = heeyu_metal_finalize;
  object_class->get_property = heeyu_metal_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME_EN] =
    g_param_spec_string ("name-en", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME_KO] =
    g_param_spec_string ("name-ko", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP] =
    g_param_spec_string ("group", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LISTS] =
    g_param_spec_uint ("lists", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STOCKPILE_TARGET_DAYS] =
    g_param_spec_int ("stockpile-target-days", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
heeyu_metal_init (HeeyuMetal *self)
{
}

static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static char **
dup_strv_member (JsonObject *object,
                 const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, name);

  if (node && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *e = json_array_get_element (array, i);
          if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (e));
        }
    }
  return g_strv_builder_end (builder);
}

static gboolean
bool_member (JsonObject *object,
             const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

HeeyuMetal *
heeyu_metal_new_from_json (const char *code,
                           const char *data_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  HeeyuMetal *self;
  JsonObject *data = NULL;
  JsonObject *lists = NULL;
  JsonNode *node;

  g_return_val_if_fail (code != NULL, NULL);

  self = g_object_new (HEEYU_TYPE_METAL, NULL);
  self->code = g_strdup (code);

  /* A record that no longer parses still shows up, by its code. */
  if (data_json && json_parser_load_from_data (parser, data_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    data = json_node_get_object (json_parser_get_root (parser));

  if (data == NULL)
    {
      self->name_en = g_strdup (code);
      self->name_ko = g_strdup (code);
      self->aliases_ko = g_new0 (char *, 1);
      self->elements = g_new0 (char *, 1);
      self->uses = g_new0 (char *, 1);
      return self;
    }

  self->name_en = dup_string_member (data, "name_en");
  self->name_ko = dup_string_member (data, "name_ko");
  self->group = dup_string_member (data, "group");
  self->aliases_ko = dup_strv_member (data, "aliases_ko");
  self->elements = dup_strv_member (data, "elements");
  self->uses = dup_strv_member (data, "uses");

  node = json_object_get_member (data, "lists");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    lists = json_node_get_object (node);
  if (bool_member (lists, "rare_metal_35"))
    self->lists |= HEEYU_METAL_LIST_RARE_METAL_35;
  if (bool_member (lists, "critical_33"))
    self->lists |= HEEYU_METAL_LIST_CRITICAL_33;
  if (bool_member (lists, "strategic_10"))
    self->lists |= HEEYU_METAL_LIST_STRATEGIC_10;

  node = json_object_get_member (data, "stockpile_target_days");
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    self->stockpile_target_days = CLAMP (json_node_get_int (node), 0, G_MAXINT);

  return self;
}

const char *
heeyu_metal_get_code (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), NULL);
  return self->code;
}

const char *
heeyu_metal_get_name_en (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), NULL);
  return self->name_en;
}

const char *
heeyu_metal_get_name_ko (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), NULL);
  return self->name_ko;
}

const char *
heeyu_metal_get_group (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), NULL);
  return self->group;
}

HeeyuMetalLists
heeyu_metal_get_lists (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), 0);
  return self->lists;
}

const char * const *
heeyu_metal_get_aliases_ko (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), NULL);
  return (const char * const *) self->aliases_ko;
}

const char * const *
heeyu_metal_get_elements (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), NULL);
  return (const char * const *) self->elements;
}

const char * const *
heeyu_metal_get_uses (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), NULL);
  return (const char * const *) self->uses;
}

int
heeyu_metal_get_stockpile_target_days (HeeyuMetal *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL (self), 0);
  return self->stockpile_target_days;
}

GListModel *
heeyu_cache_list_metals (HeeyuCache  *cache,
                         GError     **error)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);

  /* The record's `order` (the KIRAM table's order) when it has one; else
   * rare-metal types first, in the order the dataset listed them. */
  stmt = heeyu_sql_prepare (heeyu_cache_get_db (cache),
                            "SELECT id, data FROM metal "
                            "ORDER BY ord IS NULL, ord, (lists & 1) = 0, rowid",
                            error);
  if (stmt == NULL)
    return NULL;

  store = g_list_store_new (HEEYU_TYPE_METAL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(HeeyuMetal) metal =
        heeyu_metal_new_from_json ((const char *) sqlite3_column_text (stmt, 0),
                                   (const char *) sqlite3_column_text (stmt, 1));
      g_list_store_append (store, metal);
    }
  if (rc != SQLITE_DONE)
    {
      heeyu_sql_fail (heeyu_cache_get_db (cache), "listing metals", error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}
