/* heeyu-company-query.c: the directory's query, its serialization and labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running a query is in heeyu-company-query-run.c.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "heeyu-company-query-private.h"

static const char * const facet_names[HEEYU_COMPANY_N_FACETS] = {
  "metal", "stage", "region", "complex", "specialized", "size",
};

static const char * const sort_names[] = {
  "name", "region", "employees", "founded",
};

static const char * const empty_strv[] = { NULL };

G_DEFINE_BOXED_TYPE (HeeyuCompanyQuery, heeyu_company_query,
                     heeyu_company_query_copy, heeyu_company_query_free)

HeeyuCompanyQuery *
heeyu_company_query_new (void)
{
  return g_new0 (HeeyuCompanyQuery, 1);
}

HeeyuCompanyQuery *
heeyu_company_query_copy (const HeeyuCompanyQuery *query)
{
  HeeyuCompanyQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = heeyu_company_query_new ();
  copy->text = g_strdup (query->text);
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    copy->values[i] = g_strdupv (query->values[i]);
  copy->sort = query->sort;
  copy->descending = query->descending;
  return copy;
}

void
heeyu_company_query_free (HeeyuCompanyQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->text);
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    g_strfreev (query->values[i]);
  g_free (query);
}

static gboolean
strv_same_set (char **a,
               char **b)
{
  guint na = a ? g_strv_length (a) : 0;
  guint nb = b ? g_strv_length (b) : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (!g_strv_contains ((const char * const *) b, a[i]))
      return FALSE;
  return TRUE;
}

gboolean
heeyu_company_query_equal (const HeeyuCompanyQuery *a,
                           const HeeyuCompanyQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_strcmp0 (a->text ? a->text : "", b->text ? b->text : "") != 0 ||
      a->sort != b->sort || !a->descending != !b->descending)
    return FALSE;
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    if (!strv_same_set (a->values[i], b->values[i]))
      return FALSE;
  return TRUE;
}

void
heeyu_company_query_set_text (HeeyuCompanyQuery *query,
                              const char        *text)
{
  g_return_if_fail (query != NULL);

  if (query->text == text)
    return;
  g_free (query->text);
  query->text = g_strdup (text);
}

const char * const *
heeyu_company_query_get_values (const HeeyuCompanyQuery *query,
                                HeeyuCompanyFacet        facet)
{
  g_return_val_if_fail (query != NULL, empty_strv);
  g_return_val_if_fail (facet < HEEYU_COMPANY_N_FACETS, empty_strv);

  return query->values[facet] ? (const char * const *) query->values[facet] : empty_strv;
}

gboolean
heeyu_company_query_has_value (const HeeyuCompanyQuery *query,
                               HeeyuCompanyFacet        facet,
                               const char              *value)
{
  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (facet < HEEYU_COMPANY_N_FACETS, FALSE);

  return value && query->values[facet] &&
         g_strv_contains ((const char * const *) query->values[facet], value);
}

void
heeyu_company_query_add_value (HeeyuCompanyQuery *query,
                               HeeyuCompanyFacet  facet,
                               const char        *value)
{
  guint n;

  g_return_if_fail (query != NULL);
  g_return_if_fail (facet < HEEYU_COMPANY_N_FACETS);
  g_return_if_fail (value != NULL);

  if (heeyu_company_query_has_value (query, facet, value))
    return;
  n = query->values[facet] ? g_strv_length (query->values[facet]) : 0;
  query->values[facet] = g_renew (char *, query->values[facet], n + 2);
  query->values[facet][n] = g_strdup (value);
  query->values[facet][n + 1] = NULL;
}

void
heeyu_company_query_remove_value (HeeyuCompanyQuery *query,
                                  HeeyuCompanyFacet  facet,
                                  const char        *value)
{
  char **v;
  guint j = 0;

  g_return_if_fail (query != NULL);
  g_return_if_fail (facet < HEEYU_COMPANY_N_FACETS);

  if (!(v = query->values[facet]) || value == NULL)
    return;
  for (guint i = 0; v[i]; i++)
    {
      if (g_str_equal (v[i], value))
        g_free (v[i]);
      else
        v[j++] = v[i];
    }
  v[j] = NULL;
  if (j == 0)
    g_clear_pointer (&query->values[facet], g_strfreev);
}

void
heeyu_company_query_clear_filters (HeeyuCompanyQuery *query)
{
  g_return_if_fail (query != NULL);

  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    g_clear_pointer (&query->values[i], g_strfreev);
}

gboolean
heeyu_company_query_has_filters (const HeeyuCompanyQuery *query)
{
  g_return_val_if_fail (query != NULL, FALSE);

  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    if (query->values[i] && query->values[i][0])
      return TRUE;
  return FALSE;
}

const char *
heeyu_company_facet_to_string (HeeyuCompanyFacet facet)
{
  g_return_val_if_fail (facet < HEEYU_COMPANY_N_FACETS, NULL);
  return facet_names[facet];
}

gboolean
heeyu_company_facet_from_string (const char        *name,
                                 HeeyuCompanyFacet *facet)
{
  for (guint i = 0; name && i < HEEYU_COMPANY_N_FACETS; i++)
    if (g_str_equal (name, facet_names[i]))
      {
        *facet = i;
        return TRUE;
      }
  return FALSE;
}

const char *
heeyu_company_sort_to_string (HeeyuCompanySort sort)
{
  g_return_val_if_fail (sort < G_N_ELEMENTS (sort_names), NULL);
  return sort_names[sort];
}

gboolean
heeyu_company_sort_from_string (const char       *name,
                                HeeyuCompanySort *sort)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (sort_names); i++)
    if (g_str_equal (name, sort_names[i]))
      {
        *sort = i;
        return TRUE;
      }
  return FALSE;
}

GVariant *
heeyu_company_query_to_variant (const HeeyuCompanyQuery *query)
{
  GVariantBuilder b;

  g_return_val_if_fail (query != NULL, NULL);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "text", g_variant_new_string (query->text ? query->text : ""));
  g_variant_builder_add (&b, "{sv}", "sort",
                         g_variant_new_string (heeyu_company_sort_to_string (query->sort)));
  g_variant_builder_add (&b, "{sv}", "descending", g_variant_new_boolean (query->descending));
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    g_variant_builder_add (&b, "{sv}", facet_names[i],
                           g_variant_new_strv (heeyu_company_query_get_values (query, i), -1));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

HeeyuCompanyQuery *
heeyu_company_query_new_from_variant (GVariant *variant)
{
  HeeyuCompanyQuery *query = heeyu_company_query_new ();
  g_autoptr(GVariantDict) dict = NULL;
  const char *s;

  if (variant == NULL || !g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    return query;

  dict = g_variant_dict_new (variant);
  if (g_variant_dict_lookup (dict, "text", "&s", &s) && g_utf8_validate (s, -1, NULL))
    query->text = g_strdup (s);
  if (g_variant_dict_lookup (dict, "sort", "&s", &s))
    heeyu_company_sort_from_string (s, &query->sort);
  g_variant_dict_lookup (dict, "descending", "b", &query->descending);
  query->descending = !!query->descending;
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    {
      g_autofree const char **values = NULL;

      if (!g_variant_dict_lookup (dict, facet_names[i], "^a&s", &values))
        continue;
      for (guint j = 0; values[j]; j++)
        if (*values[j] != '\0' && g_utf8_validate (values[j], -1, NULL))
          heeyu_company_query_add_value (query, i, values[j]);
    }
  return query;
}

char *
heeyu_company_query_to_string (const HeeyuCompanyQuery *query)
{
  g_autoptr(GVariant) v = NULL;

  g_return_val_if_fail (query != NULL, NULL);

  v = heeyu_company_query_to_variant (query);
  return g_variant_print (v, FALSE);
}

HeeyuCompanyQuery *
heeyu_company_query_new_from_string (const char *text)
{
  g_autoptr(GVariant) v = NULL;

  if (text && *text)
    v = g_variant_parse (G_VARIANT_TYPE_VARDICT, text, NULL, NULL, NULL);
  return heeyu_company_query_new_from_variant (v);
}

typedef struct
{
  const char *value;
  const char *label;
} Label;

/* The one list of region names; app/heeyu-format.c uses it too. */
static const Label region_labels[] = {
  { "KR-11", N_("Seoul") },
  { "KR-26", N_("Busan") },
  { "KR-27", N_("Daegu") },
  { "KR-28", N_("Incheon") },
  { "KR-29", N_("Gwangju") },
  { "KR-30", N_("Daejeon") },
  { "KR-31", N_("Ulsan") },
  { "KR-50", N_("Sejong") },
  { "KR-41", N_("Gyeonggi") },
  { "KR-42", N_("Gangwon") },
  { "KR-43", N_("North Chungcheong") },
  { "KR-44", N_("South Chungcheong") },
  { "KR-45", N_("North Jeolla") },
  { "KR-46", N_("South Jeolla") },
  { "KR-47", N_("North Gyeongsang") },
  { "KR-48", N_("South Gyeongsang") },
  { "KR-49", N_("Jeju") },
  { NULL, NULL }
};

static const Label stage_labels[] = {
  { "mining", N_("Mining") },
  { "refining", N_("Refining") },
  { "smelting", N_("Smelting") },
  { "materials", N_("Materials") },
  { "components", N_("Components") },
  { "recycling", N_("Recycling") },
  { "trading", N_("Trading") },
  { "research", N_("Research") },
  { NULL, NULL }
};

static const Label size_labels[] = {
  { HEEYU_COMPANY_SIZE_MICRO, N_("1–9 employees") },
  { HEEYU_COMPANY_SIZE_SMALL, N_("10–49 employees") },
  { HEEYU_COMPANY_SIZE_MEDIUM, N_("50–299 employees") },
  { HEEYU_COMPANY_SIZE_LARGE, N_("300 employees or more") },
  { HEEYU_COMPANY_SIZE_UNKNOWN, N_("Employees unknown") },
  { NULL, NULL }
};

static const Label specialized_labels[] = {
  { "yes", N_("Designated") },
  { "no", N_("Not designated") },
  { NULL, NULL }
};

const char *
heeyu_company_facet_get_title (HeeyuCompanyFacet facet)
{
  switch (facet)
    {
    case HEEYU_COMPANY_FACET_METAL:
      return _("Metal");
    case HEEYU_COMPANY_FACET_STAGE:
      return _("Value-chain stage");
    case HEEYU_COMPANY_FACET_REGION:
      return _("Region");
    case HEEYU_COMPANY_FACET_COMPLEX:
      return _("Industrial complex");
    case HEEYU_COMPANY_FACET_SPECIALIZED:
      /* Translators: 소재·부품 전문기업, the government's designation */
      return _("Specialized company");
    case HEEYU_COMPANY_FACET_SIZE:
      return _("Size");
    case HEEYU_COMPANY_N_FACETS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const Label *
labels_for (HeeyuCompanyFacet facet)
{
  switch (facet)
    {
    case HEEYU_COMPANY_FACET_REGION:
      return region_labels;
    case HEEYU_COMPANY_FACET_STAGE:
      return stage_labels;
    case HEEYU_COMPANY_FACET_SIZE:
      return size_labels;
    case HEEYU_COMPANY_FACET_SPECIALIZED:
      return specialized_labels;
    case HEEYU_COMPANY_FACET_METAL:
    case HEEYU_COMPANY_FACET_COMPLEX:
    case HEEYU_COMPANY_N_FACETS:
    default:
      return NULL;
    }
}

const char *
heeyu_company_facet_value_label (HeeyuCompanyFacet  facet,
                                 const char        *value)
{
  const Label *labels = labels_for (facet);

  for (guint i = 0; value && labels && labels[i].value; i++)
    if (g_str_equal (labels[i].value, value))
      return _(labels[i].label);
  return value;
}

int
heeyu_company_facet_value_rank (HeeyuCompanyFacet  facet,
                                const char        *value)
{
  const Label *labels;

  if (facet != HEEYU_COMPANY_FACET_SIZE && facet != HEEYU_COMPANY_FACET_SPECIALIZED)
    return -1;
  labels = labels_for (facet);
  for (guint i = 0; labels[i].value; i++)
    if (g_str_equal (labels[i].value, value))
      return i;
  return G_MAXINT;
}
