/* heeyu-index-methodology.c: the methodology record of the index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Weights, bands, thresholds and scoring parameters are data, so the center
 * can retune the index centrally; docs/methodology.md explains each one.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "heeyu-index-private.h"

/* The weights, bands and thresholds of the sample dataset's record. */
static const double default_weights[HEEYU_INDEX_N_COMPONENTS] = {
  0.30, 0.25, 0.20, 0.10, 0.15
};

static const struct
{
  const char *code, *name_en, *name_ko;
  double min, max;
} default_bands[] = {
  { "crisis", "Crisis", "수급위기", 0, 1 },
  { "unstable", "Unstable", "수급불안", 0, 5 },
  { "caution", "Caution", "수급주의", 5, 20 },
  { "stable", "Stable", "수급안정", 20, 80 },
  { "oversupply", "Oversupply", "공급과잉", 80, 100 },
};

/* Sample weights of Korea's using sectors, relative to the largest
 * (semiconductors); docs/methodology.md says where they come from. */
static const struct
{
  const char *use;
  double weight;
} default_sector_weights[] = {
  { "semiconductor", 1.0 },
  { "ev", 0.8 },
  { "ev_battery", 0.8 },   /* DESIGN.md's name, used by the sample dataset */
  { "display", 0.5 },
  { "steel", 0.5 },
  { "energy", 0.4 },
  { "defense", 0.3 },
  { "aviation", 0.2 },
};

/* ------------------------------------------------------------------------ */
/* Methodology                                                              */

static void
methodology_set_default_parameters (HeeyuMethodology *self)
{
  self->threshold_ei = 2.8;
  self->threshold_sr = 1.0;
  self->hhi_unconcentrated = 1500;
  self->hhi_highly_concentrated = 2500;
  self->price_window_years = 4;
  self->history_years = 10;
  self->event_in_force_months = 12;
  self->stockpile_target_days = 100;
  self->sr_scale = 5;
  self->ei_import_min_usd = 1e6;
  self->ei_import_full_usd = 1e9;
  self->sector_weights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (default_sector_weights); i++)
    g_hash_table_insert (self->sector_weights,
                         g_strdup (default_sector_weights[i].use),
                         g_memdup2 (&default_sector_weights[i].weight, sizeof (double)));
}

HeeyuMethodology *
heeyu_methodology_new_default (void)
{
  HeeyuMethodology *self = g_new0 (HeeyuMethodology, 1);

  self->version = g_strdup ("built-in");
  memcpy (self->weights, default_weights, sizeof self->weights);
  self->n_bands = G_N_ELEMENTS (default_bands);
  self->bands = g_new0 (HeeyuIndexBand, self->n_bands);
  for (guint i = 0; i < self->n_bands; i++)
    {
      self->bands[i].code = g_strdup (default_bands[i].code);
      self->bands[i].name_en = g_strdup (default_bands[i].name_en);
      self->bands[i].name_ko = g_strdup (default_bands[i].name_ko);
      self->bands[i].min = default_bands[i].min;
      self->bands[i].max = default_bands[i].max;
    }
  methodology_set_default_parameters (self);
  return self;
}

void
heeyu_methodology_free (HeeyuMethodology *self)
{
  if (self == NULL)
    return;
  g_free (self->version);
  for (guint i = 0; i < self->n_bands; i++)
    {
      g_free (self->bands[i].code);
      g_free (self->bands[i].name_en);
      g_free (self->bands[i].name_ko);
    }
  g_free (self->bands);
  g_clear_pointer (&self->sector_weights, g_hash_table_unref);
  g_free (self);
}

HeeyuMethodology *
heeyu_methodology_copy (const HeeyuMethodology *self)
{
  HeeyuMethodology *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->version = g_strdup (self->version);
  copy->bands = g_new0 (HeeyuIndexBand, self->n_bands);
  for (guint i = 0; i < self->n_bands; i++)
    {
      copy->bands[i].code = g_strdup (self->bands[i].code);
      copy->bands[i].name_en = g_strdup (self->bands[i].name_en);
      copy->bands[i].name_ko = g_strdup (self->bands[i].name_ko);
      copy->bands[i].min = self->bands[i].min;
      copy->bands[i].max = self->bands[i].max;
    }
  copy->sector_weights = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, self->sector_weights);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->sector_weights, g_strdup (key),
                         g_memdup2 (value, sizeof (double)));
  return copy;
}

gboolean
heeyu_methodology_set_weight (HeeyuMethodology *self,
                              const char       *component_key,
                              double            weight)
{
  int id;

  g_return_val_if_fail (self != NULL, FALSE);

  id = heeyu_index_component_from_key (component_key);
  if (id < 0 || !(weight >= 0))
    return FALSE;
  self->weights[id] = weight;
  return TRUE;
}

static gboolean
methodology_fail (GError     **error,
                  const char  *field,
                  const char  *what)
{
  g_set_error (error, HEEYU_INDEX_ERROR, HEEYU_INDEX_ERROR_METHODOLOGY,
               "The methodology record cannot be used: '%s' %s", field, what);
  return FALSE;
}

static gboolean
read_number (JsonNode    *node,
             const char  *field,
             double      *out,
             GError     **error)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return methodology_fail (error, field, "must be a number");
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return methodology_fail (error, field, "must be a number");
  *out = json_node_get_double (node);
  if (!isfinite (*out))
    return methodology_fail (error, field, "must be a finite number");
  return TRUE;
}

static int
compare_bands (gconstpointer a,
               gconstpointer b)
{
  const HeeyuIndexBand *ba = a, *bb = b;

  if (ba->min != bb->min)
    return ba->min < bb->min ? -1 : 1;
  return ba->max < bb->max ? -1 : ba->max > bb->max;
}

static gboolean
parse_bands (HeeyuMethodology  *self,
             JsonArray         *array,
             GError           **error)
{
  guint n = json_array_get_length (array);
  double expect = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < self->n_bands; i++)
    {
      g_free (self->bands[i].code);
      g_free (self->bands[i].name_en);
      g_free (self->bands[i].name_ko);
    }
  g_free (self->bands);
  self->bands = g_new0 (HeeyuIndexBand, MAX (n, 1));
  self->n_bands = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("bands[%u]", i);
      g_autofree char *min_path = g_strdup_printf ("bands[%u].min", i);
      g_autofree char *max_path = g_strdup_printf ("bands[%u].max", i);
      HeeyuIndexBand *band = &self->bands[self->n_bands];
      JsonObject *object;
      const char *code;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return methodology_fail (error, path, "must be an object {code, name_en, name_ko, min, max}");
      object = json_node_get_object (node);
      code = json_object_get_string_member_with_default (object, "code", NULL);
      if (code == NULL || *code == '\0')
        return methodology_fail (error, path, "needs a code");
      if (!read_number (json_object_get_member (object, "min"), min_path, &band->min, error) ||
          !read_number (json_object_get_member (object, "max"), max_path, &band->max, error))
        return FALSE;
      band->code = g_strdup (code);
      band->name_en = g_strdup (json_object_get_string_member_with_default (object, "name_en", code));
      band->name_ko = g_strdup (json_object_get_string_member_with_default (object, "name_ko", code));
      self->n_bands++;
      if (band->min < 0 || band->max > 100 || !(band->min < band->max))
        return methodology_fail (error, path, "must have 0 ≤ min < max ≤ 100");
    }

  qsort (self->bands, self->n_bands, sizeof (HeeyuIndexBand), compare_bands);

  /* The bands other than crisis must tile 0–100 with no gap or overlap, so
   * that every index has exactly one band. */
  for (guint i = 0; i < self->n_bands; i++)
    {
      const HeeyuIndexBand *band = &self->bands[i];

      if (g_strcmp0 (band->code, "crisis") == 0)
        continue;
      if (band->min != expect)
        {
          g_autofree char *what =
            g_strdup_printf ("leave a gap or overlap at %g (band '%s' starts at %g)",
                             expect, band->code, band->min);
          return methodology_fail (error, "bands", what);
        }
      expect = band->max;
      any = TRUE;
    }
  if (!any || expect != 100)
    return methodology_fail (error, "bands", "must cover 0 to 100");
  return TRUE;
}

static gboolean
parse_parameters (HeeyuMethodology  *self,
                  JsonObject        *object,
                  GError           **error)
{
  static const struct
  {
    const char *name;
    gsize offset;
  } params[] = {
    { "hhi_unconcentrated", G_STRUCT_OFFSET (HeeyuMethodology, hhi_unconcentrated) },
    { "hhi_highly_concentrated", G_STRUCT_OFFSET (HeeyuMethodology, hhi_highly_concentrated) },
    { "price_window_years", G_STRUCT_OFFSET (HeeyuMethodology, price_window_years) },
    { "history_years", G_STRUCT_OFFSET (HeeyuMethodology, history_years) },
    { "event_in_force_months", G_STRUCT_OFFSET (HeeyuMethodology, event_in_force_months) },
    { "stockpile_target_days", G_STRUCT_OFFSET (HeeyuMethodology, stockpile_target_days) },
    { "sr_scale", G_STRUCT_OFFSET (HeeyuMethodology, sr_scale) },
    { "ei_import_min_usd", G_STRUCT_OFFSET (HeeyuMethodology, ei_import_min_usd) },
    { "ei_import_full_usd", G_STRUCT_OFFSET (HeeyuMethodology, ei_import_full_usd) },
  };
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *path = g_strdup_printf ("parameters.%s", name);
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (params); i++)
        if (strcmp (params[i].name, name) == 0)
          {
            double *field = G_STRUCT_MEMBER_P (self, params[i].offset);

            if (!read_number (node, path, field, error))
              return FALSE;
            known = TRUE;
          }
      if (!known)
        return methodology_fail (error, path, "is not a parameter of this version of Heeyu");
    }

  if (!(self->hhi_unconcentrated > 0 &&
        self->hhi_unconcentrated < self->hhi_highly_concentrated &&
        self->hhi_highly_concentrated < 10000))
    return methodology_fail (error, "parameters",
                             "need 0 < hhi_unconcentrated < hhi_highly_concentrated < 10000");
  if (self->price_window_years < 1 || self->price_window_years > 50)
    return methodology_fail (error, "parameters.price_window_years", "must be 1 to 50");
  if (self->history_years < 1 || self->history_years > 100)
    return methodology_fail (error, "parameters.history_years", "must be 1 to 100");
  if (self->stockpile_target_days <= 0)
    return methodology_fail (error, "parameters.stockpile_target_days", "must be positive");
  if (!(self->ei_import_min_usd > 0 && self->ei_import_min_usd < self->ei_import_full_usd))
    return methodology_fail (error, "parameters",
                             "need 0 < ei_import_min_usd < ei_import_full_usd");
  return TRUE;
}

HeeyuMethodology *
heeyu_methodology_new_from_json (JsonObject  *data,
                                 GError     **error)
{
  g_autoptr(HeeyuMethodology) self = heeyu_methodology_new_default ();
  JsonNode *node;
  JsonObjectIter iter;
  const char *name;
  double total = 0;

  g_return_val_if_fail (data != NULL, NULL);

  node = json_object_get_member (data, "version");
  g_free (self->version);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    self->version = g_strdup (json_node_get_string (node));
  else if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_INT64)
    self->version = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    self->version = g_strdup ("unversioned");

  /* Weights: a component the record leaves out weighs 0. */
  node = json_object_get_member (data, "weights");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      methodology_fail (error, "weights", "must be an object {component: weight}");
      return NULL;
    }
  memset (self->weights, 0, sizeof self->weights);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *path = g_strdup_printf ("weights.%s", name);
      int id = heeyu_index_component_from_key (name);
      double w;

      if (id < 0)
        {
          methodology_fail (error, path, "is not a component of this version of Heeyu");
          return NULL;
        }
      if (!read_number (node, path, &w, error))
        return NULL;
      if (w < 0)
        {
          methodology_fail (error, path, "must not be negative");
          return NULL;
        }
      self->weights[id] = w;
      total += w;
    }
  if (!(total > 0))
    {
      methodology_fail (error, "weights", "must give at least one component a positive weight");
      return NULL;
    }

  node = json_object_get_member (data, "bands");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      methodology_fail (error, "bands", "must be an array of {code, name_en, name_ko, min, max}");
      return NULL;
    }
  if (!parse_bands (self, json_node_get_array (node), error))
    return NULL;

  node = json_object_get_member (data, "thresholds");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonObject *thresholds;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          methodology_fail (error, "thresholds", "must be an object");
          return NULL;
        }
      thresholds = json_node_get_object (node);
      if (json_object_has_member (thresholds, "economic_importance") &&
          !read_number (json_object_get_member (thresholds, "economic_importance"),
                        "thresholds.economic_importance", &self->threshold_ei, error))
        return NULL;
      if (json_object_has_member (thresholds, "supply_risk") &&
          !read_number (json_object_get_member (thresholds, "supply_risk"),
                        "thresholds.supply_risk", &self->threshold_sr, error))
        return NULL;
    }

  node = json_object_get_member (data, "parameters");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          methodology_fail (error, "parameters", "must be an object");
          return NULL;
        }
      if (!parse_parameters (self, json_node_get_object (node), error))
        return NULL;
    }

  node = json_object_get_member (data, "sector_weights");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          methodology_fail (error, "sector_weights", "must be an object {use: weight}");
          return NULL;
        }
      /* The record's table replaces the built-in one whole. */
      g_hash_table_remove_all (self->sector_weights);
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &node))
        {
          g_autofree char *path = g_strdup_printf ("sector_weights.%s", name);
          double w;

          if (!read_number (node, path, &w, error))
            return NULL;
          if (w < 0 || w > 1)
            {
              methodology_fail (error, path, "must be between 0 and 1");
              return NULL;
            }
          g_hash_table_insert (self->sector_weights, g_strdup (name),
                               g_memdup2 (&w, sizeof w));
        }
    }

  return g_steal_pointer (&self);
}

HeeyuMethodology *
heeyu_methodology_new_from_string (const char  *data_json,
                                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data_json != NULL, NULL);

  if (!json_parser_load_from_data (parser, data_json, -1, &local_error))
    {
      g_set_error (error, HEEYU_INDEX_ERROR, HEEYU_INDEX_ERROR_METHODOLOGY,
                   "The methodology record is not valid JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, HEEYU_INDEX_ERROR, HEEYU_INDEX_ERROR_METHODOLOGY,
                   "The methodology record is not a JSON object");
      return NULL;
    }
  return heeyu_methodology_new_from_json (json_node_get_object (root), error);
}

const HeeyuIndexBand *
heeyu_methodology_get_band (const HeeyuMethodology *self,
                            const char             *code)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->n_bands; i++)
    if (g_strcmp0 (self->bands[i].code, code) == 0)
      return &self->bands[i];
  return NULL;
}

const HeeyuIndexBand *
heeyu_methodology_band_for_value (const HeeyuMethodology *self,
                                  double                  value)
{
  const HeeyuIndexBand *top = NULL;
  double shown;

  g_return_val_if_fail (self != NULL, NULL);

  if (!isfinite (value))
    return NULL;
  /* Classify what the user sees: 4.96 is shown as 5.0 and is caution. */
  shown = round (value * 10) / 10;

  for (guint i = 0; i < self->n_bands; i++)
    {
      const HeeyuIndexBand *band = &self->bands[i];

      if (g_strcmp0 (band->code, "crisis") == 0)
        continue;
      if (shown >= band->min && shown < band->max)
        return band;
      if (top == NULL || band->max > top->max)
        top = band;
    }
  /* The topmost band holds its upper edge too (100 is oversupply). */
  if (top != NULL && shown == top->max)
    return top;
  return NULL;
}

