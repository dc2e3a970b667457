/* heeyu-company.c: one company of the directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "heeyu-cache-private.h"
#include "heeyu-company.h"

struct _HeeyuCompany
{
  GObject    parent_instance;

  gint64     rowid;
  char      *id;
  char      *name_ko;
  char      *name_en;
  char      *reg_no;
  char      *region;
  char      *city;
  char      *complex;
  char      *products;
  int        employees;
  int        founded;
  gboolean   specialized;
  char     **metals;
  char     **stages;
  char      *data_json;
};

G_DEFINE_FINAL_TYPE (HeeyuCompany, heeyu_company, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROWID,
  PROP_ID,
  PROP_NAME_KO,
  PROP_NAME_EN,
  PROP_REG_NO,
  PROP_REGION,
  PROP_CITY,
  PROP_COMPLEX,
  PROP_EMPLOYEES,
  PROP_FOUNDED,
  PROP_PRODUCTS,
  PROP_SPECIALIZED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
heeyu_company_finalize (GObject *object)
{
  HeeyuCompany *self = (HeeyuCompany *) object;

  g_free (self->id);
  g_free (self->name_ko);
  g_free (self->name_en);
  g_free (self->reg_no);
  g_free (self->region);
  g_free (self->city);
  g_free (self->complex);
  g_free (self->products);
  g_strfreev (self->metals);
  g_strfreev (self->stages);
  g_free (self->data_json);

  G_OBJECT_CLASS (heeyu_company_parent_class)->finalize (object);
}

static void
heeyu_company_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HeeyuCompany *self = HEEYU_COMPANY (object);

  switch (prop_id)
    {
    case PROP_ROWID:
      g_value_set_int64 (value, self->rowid);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME_KO:
      g_value_set_string (value, self->name_ko);
      break;
    case PROP_NAME_EN:
      g_value_set_string (value, self->name_en);
      break;
    case PROP_REG_NO:
      g_value_set_string (value, self->reg_no);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;
    case PROP_COMPLEX:
      g_value_set_string (value, self->complex);
      break;
    case PROP_EMPLOYEES:
      g_value_set_int (value, self->employees);
      break;
    case PROP_FOUNDED:
      g_value_set_int (value, self->founded);
      break;
    case PROP_PRODUCTS:
      g_value_set_string (value, self->products);
      break;
    case PROP_SPECIALIZED:
      g_value_set_boolean (value, self->specialized);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_company_class_init (HeeyuCompanyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = heeyu_company_finalize;
  object_class->get_property = heeyu_company_get_property;

  properties[PROP_ROWID] = g_param_spec_int64 ("rowid", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME_KO] = g_param_spec_string ("name-ko", NULL, NULL, NULL, flags);
  properties[PROP_NAME_EN] = g_param_spec_string ("name-en", NULL, NULL, NULL, flags);
  properties[PROP_REG_NO] = g_param_spec_string ("reg-no", NULL, NULL, NULL, flags);
  properties[PROP_REGION] = g_param_spec_string ("region", NULL, NULL, NULL, flags);
  properties[PROP_CITY] = g_param_spec_string ("city", NULL, NULL, NULL, flags);
  properties[PROP_COMPLEX] = g_param_spec_string ("complex", NULL, NULL, NULL, flags);
  properties[PROP_EMPLOYEES] = g_param_spec_int ("employees", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_FOUNDED] = g_param_spec_int ("founded", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_PRODUCTS] = g_param_spec_string ("products", NULL, NULL, NULL, flags);
  properties[PROP_SPECIALIZED] = g_param_spec_boolean ("specialized", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
heeyu_company_init (HeeyuCompany *self)
{
  self->employees = -1;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           col)
{
  const char *s = (const char *) sqlite3_column_text (stmt, col);

  return s ? g_strdup (s) : NULL;
}

static char **
strv_member (JsonObject *data,
             const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = data ? json_object_get_member (data, name) : NULL;

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

HeeyuCompany *
heeyu_company_load (sqlite3 *db,
                    gint64   rowid)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = NULL;
  HeeyuCompany *self;
  JsonObject *data = NULL;

  g_return_val_if_fail (db != NULL, NULL);

  if (sqlite3_prepare_v2 (db,
                          "SELECT id, name_ko, name_en, reg_no, region, city, complex, "
                          "  employees, founded, products, specialized, data "
                          "FROM company WHERE rowid = ?1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  self = g_object_new (HEEYU_TYPE_COMPANY, NULL);
  self->rowid = rowid;
  self->id = dup_column (stmt, 0);
  self->name_ko = dup_column (stmt, 1);
  self->name_en = dup_column (stmt, 2);
  self->reg_no = dup_column (stmt, 3);
  self->region = dup_column (stmt, 4);
  self->city = dup_column (stmt, 5);
  self->complex = dup_column (stmt, 6);
  self->employees = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                    ? -1 : CLAMP (sqlite3_column_int64 (stmt, 7), 0, G_MAXINT);
  self->founded = sqlite3_column_type (stmt, 8) == SQLITE_NULL
                  ? 0 : CLAMP (sqlite3_column_int64 (stmt, 8), 0, G_MAXINT);
  self->products = dup_column (stmt, 9);
  self->specialized = sqlite3_column_int (stmt, 10) != 0;
  self->data_json = dup_column (stmt, 11);

  /* metals and stages in the record's own order, which the derived tables
   * do not keep. */
  parser = json_parser_new ();
  if (self->data_json && json_parser_load_from_data (parser, self->data_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    data = json_node_get_object (json_parser_get_root (parser));
  self->metals = strv_member (data, "metals");
  self->stages = strv_member (data, "stages");

  return self;
}

gint64
heeyu_company_get_rowid (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), 0);
  return self->rowid;
}

const char *
heeyu_company_get_id (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->id;
}

const char *
heeyu_company_get_name_ko (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->name_ko;
}

const char *
heeyu_company_get_name_en (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->name_en;
}

const char *
heeyu_company_get_reg_no (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->reg_no;
}

const char *
heeyu_company_get_region (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->region;
}

const char *
heeyu_company_get_city (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->city;
}

const char *
heeyu_company_get_complex (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->complex;
}

const char *
heeyu_company_get_products (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->products;
}

int
heeyu_company_get_employees (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), -1);
  return self->employees;
}

int
heeyu_company_get_founded (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), 0);
  return self->founded;
}

gboolean
heeyu_company_get_specialized (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), FALSE);
  return self->specialized;
}

const char * const *
heeyu_company_get_metals (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return (const char * const *) self->metals;
}

const char * const *
heeyu_company_get_stages (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return (const char * const *) self->stages;
}

const char *
heeyu_company_get_data_json (HeeyuCompany *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY (self), NULL);
  return self->data_json;
}
