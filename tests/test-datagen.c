/* test-datagen.c: the sample dataset and the benchmark generator
 *
 * Runs the real heeyu-datagen (HEEYU_DATAGEN) on the real reference CSVs
 * (HEEYU_SOURCE_DATA_DIR) and checks what a user of the app would see go
 * wrong: a missing metal, a production row lost, a figure made up but not
 * marked synthetic, an invalid business number, a dataset the app refuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-datagen-private.h"
#include "heeyu-ingest.h"
#include "heeyu-record.h"

#define SYNTHETIC_SOURCE "Heeyu sample generator (synthetic)"

typedef struct
{
  char      *dir;
  GPtrArray *records;   /* JsonObject envelopes of the sample */
} Sample;

static Sample sample;   /* generated once, shared by the read-only tests */

static const char *
datagen_path (void)
{
  const char *path = g_getenv ("HEEYU_DATAGEN");

  g_assert_nonnull (path);
  return path;
}

static const char *
data_dir (void)
{
  const char *dir = g_getenv ("HEEYU_SOURCE_DATA_DIR");

  g_assert_nonnull (dir);
  return dir;
}

/* Runs heeyu-datagen with @args; returns its exit status, stderr in @err. */
static int
run_datagen (const char * const *args,
             char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) datagen_path ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, err, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

static char *
sha256_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* Every line of a (maybe gzip) NDJSON file, parsed as JSON objects. */
static GPtrArray *
read_ndjson (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_autoptr(GDataInputStream) data = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  char *line;

  g_assert_no_error (error);
  if (g_str_has_suffix (path, ".gz"))
    {
      g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      GInputStream *conv = g_converter_input_stream_new (in, G_CONVERTER (z));

      g_object_unref (in);
      in = conv;
    }
  data = g_data_input_stream_new (in);
  while ((line = g_data_input_stream_read_line_utf8 (data, NULL, NULL, &error)) != NULL)
    {
      JsonNode *root;

      json_parser_load_from_data (parser, line, -1, &error);
      g_assert_no_error (error);
      root = json_parser_get_root (parser);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      g_ptr_array_add (out, json_object_ref (json_node_get_object (root)));
      g_free (line);
    }
  g_assert_no_error (error);
  return out;
}

static const char *
kind_of (JsonObject *env)
{
  return json_object_get_string_member (env, "kind");
}

static JsonObject *
data_of (JsonObject *env)
{
  return json_object_get_object_member (env, "data");
}

static const char *
str_or_null (JsonObject *o,
             const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  return n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_string (n) : NULL;
}

static void
sample_setup_once (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  if (sample.records)
    return;
  sample.dir = g_dir_make_tmp ("heeyu-datagen-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (sample.dir, "sample.ndjson.gz", NULL);
  g_assert_cmpint (run_datagen ((const char *[]) { "--sample", "--data-dir", data_dir (),
                                                   "--output", out, NULL }, &err), ==, 0);
  sample.records = read_ndjson (out);
}

static GPtrArray *
of_kind (const char *kind)
{
  GPtrArray *out = g_ptr_array_new ();

  sample_setup_once ();
  for (guint i = 0; i < sample.records->len; i++)
    if (g_str_equal (kind_of (g_ptr_array_index (sample.records, i)), kind))
      g_ptr_array_add (out, g_ptr_array_index (sample.records, i));
  return out;
}

/* ------------------------------------------------------------------------ */

/* A rebuilt app must ship the same sample: two runs, the same bytes, and the
 * same bytes as the dataset the build bundles. */
static void
test_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("heeyu-datagen-XXXXXX", &error);
  g_autofree char *a = g_build_filename (dir, "a.ndjson.gz", NULL);
  g_autofree char *b = g_build_filename (dir, "b.ndjson.gz", NULL);
  g_autofree char *ha = NULL, *hb = NULL;
  const char *bundled = g_getenv ("HEEYU_SAMPLE_DATASET");

  g_assert_no_error (error);
  g_assert_cmpint (run_datagen ((const char *[]) { "--sample", "--data-dir", data_dir (),
                                                   "--output", a, NULL }, NULL), ==, 0);
  g_assert_cmpint (run_datagen ((const char *[]) { "--sample", "--data-dir", data_dir (),
                                                   "--output", b, NULL }, NULL), ==, 0);
  ha = sha256_of (a);
  hb = sha256_of (b);
  g_assert_cmpstr (ha, ==, hb);
  g_assert_nonnull (bundled);
  {
    g_autofree char *hc = sha256_of (bundled);
    g_assert_cmpstr (ha, ==, hc);
  }
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

/* The app refuses unknown fields and wrong types: every record must pass
 * the same schema check the ingest and the server use; ids are unique. */
static void
test_sample_valid (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  sample_setup_once ();
  g_assert_cmpuint (sample.records->len, >, 4000);
  for (guint i = 0; i < sample.records->len; i++)
    {
      JsonObject *o = g_ptr_array_index (sample.records, i);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
      g_autoptr(GError) error = NULL;
      g_autoptr(HeeyuEnvelope) env = heeyu_envelope_from_json (node, &error);

      g_assert_no_error (error);
      g_assert_nonnull (env);
      g_assert_cmpint (env->rev, ==, 1);
      g_assert_cmpstr (env->updated_by, ==, "heeyu-datagen");
      g_assert_true (g_hash_table_add (ids, g_strdup_printf ("%s/%s", env->kind, env->id)));
    }
}

static void
test_sample_metals (void)
{
  g_autoptr(GPtrArray) metals = of_kind ("metal");
  guint rare = 0, critical = 0, strategic = 0;
  gboolean seen_order[48] = { FALSE };

  g_assert_cmpuint (metals->len, ==, 47);
  for (guint i = 0; i < metals->len; i++)
    {
      JsonObject *d = data_of (g_ptr_array_index (metals, i));
      JsonObject *lists = json_object_get_object_member (d, "lists");
      JsonArray *uses = json_object_get_array_member (d, "uses");
      gint64 order = json_object_get_int_member (d, "order");
      gint64 target = json_object_get_int_member (d, "stockpile_target_days");

      rare += json_object_get_boolean_member (lists, "rare_metal_35");
      critical += json_object_get_boolean_member (lists, "critical_33");
      strategic += json_object_get_boolean_member (lists, "strategic_10");
      g_assert_cmpint (order, >=, 1);
      g_assert_cmpint (order, <=, 47);
      g_assert_false (seen_order[order]);
      seen_order[order] = TRUE;
      g_assert_cmpint (target, ==, json_object_get_boolean_member (lists, "strategic_10") ? 100 : 60);
      for (guint k = 0; k < json_array_get_length (uses); k++)
        g_assert_cmpstr (json_array_get_string_element (uses, k), !=, "ev");
    }
  g_assert_cmpuint (rare, ==, 35);
  g_assert_cmpuint (critical, ==, 33);
  g_assert_cmpuint (strategic, ==, 10);
}

static gboolean
find_production (GPtrArray  *obs,
                 const char *period,
                 const char *stage,
                 const char *unit,
                 const char *source,
                 double      value)
{
  for (guint i = 0; i < obs->len; i++)
    {
      JsonObject *d = data_of (g_ptr_array_index (obs, i));

      if (g_strcmp0 (str_or_null (d, "indicator"), "production") == 0 &&
          g_strcmp0 (str_or_null (d, "period"), period) == 0 &&
          g_strcmp0 (str_or_null (d, "stage"), stage) == 0 &&
          g_strcmp0 (str_or_null (d, "unit"), unit) == 0 &&
          g_strcmp0 (str_or_null (d, "source"), source) == 0 &&
          json_object_get_double_member (d, "value") == value)
        return TRUE;
    }
  return FALSE;
}

/* Σ (share %)² of named countries against the WORLD row, 2023. */
static double
hhi_2023 (GPtrArray  *obs,
          const char *metal)
{
  double world = 0, sum = 0;

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < obs->len; i++)
      {
        JsonObject *d = data_of (g_ptr_array_index (obs, i));
        const char *country = str_or_null (d, "country");
        double v;

        if (g_strcmp0 (str_or_null (d, "metal"), metal) != 0 ||
            g_strcmp0 (str_or_null (d, "indicator"), "production") != 0 ||
            g_strcmp0 (str_or_null (d, "period"), "2023") != 0)
          continue;
        v = json_object_get_double_member (d, "value");
        if (pass == 0 && g_strcmp0 (country, "WORLD") == 0)
          world = v;
        else if (pass == 1 && world > 0 && g_strcmp0 (country, "WORLD") != 0 &&
                 g_strcmp0 (country, "OTHER") != 0)
          sum += (100 * v / world) * (100 * v / world);
      }
  return sum;
}

/* Every USGS production row reaches the app, with its unit and source word
 * for word, and countries mapped so that concentration comes out right. */
static void
test_sample_production (void)
{
  g_autoptr(GPtrArray) obs = of_kind ("observation");
  g_autofree char *path = g_build_filename (data_dir (), "usgs-mcs2024-production.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DgCsv) csv = dg_csv_load (path, &error);
  guint n_production = 0;
  int c_stage, c_year, c_qty, c_unit, c_source;
  gboolean kr = FALSE, kp = FALSE;

  g_assert_no_error (error);
  c_stage = dg_csv_column (csv, "stage", &error);
  c_year = dg_csv_column (csv, "year", &error);
  c_qty = dg_csv_column (csv, "quantity", &error);
  c_unit = dg_csv_column (csv, "unit", &error);
  c_source = dg_csv_column (csv, "source", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < obs->len; i++)
    {
      JsonObject *d = data_of (g_ptr_array_index (obs, i));

      if (g_strcmp0 (str_or_null (d, "indicator"), "production") != 0)
        continue;
      n_production++;
      g_assert_false (json_object_get_boolean_member (d, "synthetic"));
      g_assert_true (g_str_has_prefix (str_or_null (d, "source"), "USGS"));
      /* Estimated where USGS says so, which includes every 2023 figure. */
      g_assert_true (json_object_get_boolean_member (d, "estimated") ==
                     (strstr (str_or_null (d, "source"), "estimated") != NULL));
      if (g_str_equal (str_or_null (d, "period"), "2023"))
        g_assert_true (json_object_get_boolean_member (d, "estimated"));
      if (g_str_equal (str_or_null (d, "metal"), "C") && g_str_equal (str_or_null (d, "period"), "2023"))
        {
          kr |= g_strcmp0 (str_or_null (d, "country"), "KR") == 0;
          kp |= g_strcmp0 (str_or_null (d, "country"), "KP") == 0;
        }
    }
  g_assert_cmpuint (n_production, ==, dg_csv_n_rows (csv));
  g_assert_true (kr && kp);

  for (guint r = 0; r < dg_csv_n_rows (csv); r++)
    g_assert_true (find_production (obs, dg_csv_get (csv, r, c_year), dg_csv_get (csv, r, c_stage),
                                    dg_csv_get (csv, r, c_unit), dg_csv_get (csv, r, c_source),
                                    g_ascii_strtod (dg_csv_get (csv, r, c_qty), NULL)));

  /* resources/data/README.md's worked check. */
  g_assert_cmpfloat_with_epsilon (hhi_2023 (obs, "Ga"), 9680, 100);
  g_assert_cmpfloat_with_epsilon (hhi_2023 (obs, "Nb"), 8240, 100);
  g_assert_cmpfloat_with_epsilon (hhi_2023 (obs, "W"), 6570, 100);
  g_assert_cmpfloat_with_epsilon (hhi_2023 (obs, "REE"), 5000, 100);
  g_assert_cmpfloat_with_epsilon (hhi_2023 (obs, "Co"), 5550, 100);
}

/* Made-up figures are marked: anything not from USGS is synthetic, with the
 * generator named as source; every metal has prices, imports, stockpile. */
static void
test_sample_synthetic_marked (void)
{
  g_autoptr(GPtrArray) obs = of_kind ("observation");
  g_autoptr(GPtrArray) metals = of_kind ("metal");
  g_autoptr(GHashTable) has = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < obs->len; i++)
    {
      JsonObject *d = data_of (g_ptr_array_index (obs, i));
      const char *source = str_or_null (d, "source");
      const char *indicator = str_or_null (d, "indicator");
      gboolean synthetic = json_object_get_boolean_member (d, "synthetic");

      g_assert_nonnull (source);
      if (g_str_has_prefix (source, "USGS"))
        g_assert_false (synthetic);
      else
        {
          g_assert_cmpstr (source, ==, SYNTHETIC_SOURCE);
          g_assert_true (synthetic);
        }
      /* Korea's trade, stockpile and recycling are not in any public file
       * here: always synthetic. */
      if (!g_str_equal (indicator, "production") && !g_str_equal (indicator, "price"))
        g_assert_true (synthetic);
      /* Monthly prices are synthetic shapes around the annual figures. */
      if (strlen (str_or_null (d, "period")) > 4)
        g_assert_true (synthetic);
      g_hash_table_add (has, g_strdup_printf ("%s/%s", str_or_null (d, "metal"), indicator));
    }

  for (guint i = 0; i < metals->len; i++)
    {
      const char *code = json_object_get_string_member (g_ptr_array_index (metals, i), "id");
      const char *need[] = { "price", "import_value", "import_volume", "stockpile_days",
                             "recycling_rate" };

      for (guint k = 0; k < G_N_ELEMENTS (need); k++)
        {
          g_autofree char *key = g_strdup_printf ("%s/%s", code, need[k]);
          if (!g_hash_table_contains (has, key))
            g_error ("metal %s has no %s", code, need[k]);
        }
    }
}

/* The sparkline's months average to the annual USGS price it is drawn
 * around, for every metal and year. */
static void
test_sample_monthly_prices (void)
{
  g_autoptr(GPtrArray) obs = of_kind ("observation");
  g_autoptr(GHashTable) annual = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) monthly = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;
  guint n_years = 0;

  for (guint i = 0; i < obs->len; i++)
    {
      JsonObject *d = data_of (g_ptr_array_index (obs, i));
      const char *period = str_or_null (d, "period");
      double v = json_object_get_double_member (d, "value");
      g_autofree char *k = NULL;

      if (g_strcmp0 (str_or_null (d, "indicator"), "price") != 0)
        continue;
      k = g_strdup_printf ("%s/%.4s", str_or_null (d, "metal"), period);
      if (strlen (period) == 4)
        {
          if (!json_object_get_boolean_member (d, "synthetic"))
            g_hash_table_insert (annual, g_steal_pointer (&k), g_memdup2 (&v, sizeof v));
        }
      else
        {
          double *sum = g_hash_table_lookup (monthly, k);
          if (sum == NULL)
            {
              sum = g_new0 (double, 2);
              g_hash_table_insert (monthly, g_steal_pointer (&k), sum);
            }
          sum[0] += v;
          sum[1] += 1;
        }
    }

  g_hash_table_iter_init (&iter, monthly);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      double *sum = value;
      double *a = g_hash_table_lookup (annual, key);

      g_assert_nonnull (a);
      g_assert_cmpfloat (sum[1], ==, 12);
      g_assert_cmpfloat_with_epsilon (sum[0] / 12, *a, 1e-6);
      n_years++;
    }
  /* Ga, Ge, In, REE ... 24 metals with USGS prices, 4–5 years each. */
  g_assert_cmpuint (n_years, >, 100);
}

static gboolean
reg_no_valid (const char *reg_no)
{
  static const int weights[9] = { 1, 3, 7, 1, 3, 7, 1, 3, 5 };
  int d[10], n = 0, sum = 0;

  if (strlen (reg_no) != 12 || reg_no[3] != '-' || reg_no[6] != '-')
    return FALSE;
  for (const char *p = reg_no; *p; p++)
    if (g_ascii_isdigit (*p))
      d[n++] = *p - '0';
  if (n != 10)
    return FALSE;
  for (int i = 0; i < 9; i++)
    sum += d[i] * weights[i];
  sum += d[8] * 5 / 10;
  return (10 - sum % 10) % 10 == d[9];
}

static void
test_reg_no_checksum (void)
{
  /* Worked example of docs/data.md. */
  const int digits[9] = { 1, 2, 4, 8, 1, 0, 0, 9, 9 };

  g_assert_cmpint (dg_reg_no_check_digit (digits), ==, 8);
  g_assert_true (reg_no_valid ("124-81-00998"));
  g_assert_false (reg_no_valid ("124-81-00997"));
  g_assert_false (reg_no_valid ("1248100998"));
}

static void
test_sample_companies (void)
{
  g_autoptr(GPtrArray) companies = of_kind ("company");
  g_autoptr(GHashTable) reg_nos = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) name_region = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean korean_only = FALSE, long_name = FALSE, same_name_elsewhere = FALSE;
  guint designated = 0;

  g_assert_cmpuint (companies->len, ==, 2000);
  for (guint i = 0; i < companies->len; i++)
    {
      JsonObject *env = g_ptr_array_index (companies, i);
      JsonObject *d = data_of (env);
      const char *id = json_object_get_string_member (env, "id");
      const char *reg_no = str_or_null (d, "reg_no");
      const char *name_ko = str_or_null (d, "name_ko");
      const char *region = str_or_null (d, "region");
      const char *other_region;
      JsonArray *metals = json_object_get_array_member (d, "metals");
      JsonArray *stages = json_object_get_array_member (d, "stages");
      double lat = json_object_get_double_member (d, "lat");
      double lon = json_object_get_double_member (d, "lon");
      gint64 founded = json_object_get_int_member (d, "founded");

      g_assert_true (g_uuid_string_is_valid (id));
      if (!reg_no_valid (reg_no))
        g_error ("company %s: business number %s fails its checksum", id, reg_no);
      g_assert_true (g_hash_table_add (reg_nos, (char *) reg_no));
      g_assert_true (g_str_has_prefix (region, "KR-"));
      /* Inside South Korea. */
      g_assert_cmpfloat (lat, >, 33.0);
      g_assert_cmpfloat (lat, <, 38.7);
      g_assert_cmpfloat (lon, >, 124.5);
      g_assert_cmpfloat (lon, <, 131.0);
      g_assert_cmpint (founded, >=, 1960);
      g_assert_cmpint (founded, <=, 2023);
      g_assert_cmpuint (json_array_get_length (metals), >=, 1);
      g_assert_cmpuint (json_array_get_length (metals), <=, 4);
      g_assert_cmpuint (json_array_get_length (stages), >=, 1);
      g_assert_nonnull (strstr (str_or_null (d, "products"), " / "));
      g_assert_true (g_str_has_prefix (str_or_null (d, "phone"), "0"));
      designated += json_object_get_boolean_member (json_object_get_object_member (d, "specialized"),
                                                    "designated");

      korean_only |= !json_object_has_member (d, "name_en");
      long_name |= g_utf8_strlen (name_ko, -1) >= 40;
      other_region = g_hash_table_lookup (name_region, name_ko);
      if (other_region && !g_str_equal (other_region, region))
        same_name_elsewhere = TRUE;
      g_hash_table_insert (name_region, (char *) name_ko, (char *) region);
    }
  g_assert_true (korean_only);
  g_assert_true (long_name);
  g_assert_true (same_name_elsewhere);
  g_assert_cmpuint (designated, >, 100);
  g_assert_cmpuint (designated, <, 500);
}

static void
test_sample_events_methodology (void)
{
  g_autoptr(GPtrArray) events = of_kind ("event");
  g_autoptr(GPtrArray) methodology = of_kind ("methodology");
  gboolean ga_ge = FALSE;
  JsonObject *d;
  JsonObject *weights;
  double total = 0;

  g_assert_cmpuint (events->len, ==, 8);
  for (guint i = 0; i < events->len; i++)
    ga_ge |= g_str_equal (json_object_get_string_member (g_ptr_array_index (events, i), "id"),
                          "2023-08-01-cn-ga-ge-export-control");
  g_assert_true (ga_ge);

  g_assert_cmpuint (methodology->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (methodology, 0), "id"), ==,
                   "stability-index");
  d = data_of (g_ptr_array_index (methodology, 0));
  weights = json_object_get_object_member (d, "weights");
  for (GList *l = json_object_get_members (weights), *m = l; m; m = m->next)
    {
      total += json_object_get_double_member (weights, m->data);
      if (m->next == NULL)
        g_list_free (l);
    }
  g_assert_cmpfloat_with_epsilon (total, 1.0, 1e-9);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "bands")), ==, 5);
}

/* What the app does on first start: ingest the bundled sample. */
static void
test_sample_ingests (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("heeyu-datagen-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "heeyu.db", NULL);
  g_autofree char *path = g_build_filename (sample.dir, "sample.ndjson.gz", NULL);
  g_autoptr(HeeyuCache) cache = NULL;
  HeeyuIngestStats stats = { 0 };

  sample_setup_once ();
  g_assert_no_error (error);
  cache = heeyu_cache_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_ingest_file (heeyu_cache_get_db (cache), path, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.lines, ==, sample.records->len);
  g_assert_cmpuint (stats.applied, ==, sample.records->len);
  g_assert_cmpint (heeyu_cache_count (cache, "metal"), ==, 47);
  g_assert_cmpint (heeyu_cache_count (cache, "company"), ==, 2000);
  g_assert_cmpint (heeyu_cache_count (cache, "event"), ==, 8);
  g_assert_cmpint (heeyu_cache_count (cache, "methodology"), ==, 1);
}

/* The benchmark dataset: as many records as asked, valid, unique, and the
 * same every run. */
static void
test_bench_dataset (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("heeyu-datagen-XXXXXX", &error);
  g_autofree char *a = g_build_filename (dir, "bench.ndjson", NULL);
  g_autofree char *b = g_build_filename (dir, "bench2.ndjson", NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *ha = NULL, *hb = NULL;
  guint n_company = 0, n_obs = 0;

  g_assert_no_error (error);
  g_assert_cmpint (run_datagen ((const char *[]) { "--companies", "3000", "--observations", "20001",
                                                   "--data-dir", data_dir (), "--output", a, NULL },
                                NULL), ==, 0);
  g_assert_cmpint (run_datagen ((const char *[]) { "--companies", "3000", "--observations", "20001",
                                                   "--data-dir", data_dir (), "--output", b, NULL },
                                NULL), ==, 0);
  ha = sha256_of (a);
  hb = sha256_of (b);
  g_assert_cmpstr (ha, ==, hb);

  records = read_ndjson (a);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *o = g_ptr_array_index (records, i);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
      g_autoptr(HeeyuEnvelope) env = heeyu_envelope_from_json (node, &error);

      g_assert_no_error (error);
      g_assert_true (g_hash_table_add (ids, g_strdup_printf ("%s/%s", env->kind, env->id)));
      n_company += g_str_equal (env->kind, "company");
      if (g_str_equal (env->kind, "observation"))
        {
          n_obs++;
          g_assert_true (json_object_get_boolean_member (env->data, "synthetic"));
        }
      if (g_str_equal (env->kind, "company"))
        g_assert_true (reg_no_valid (json_object_get_string_member (env->data, "reg_no")));
    }
  g_assert_cmpuint (n_company, ==, 3000);
  g_assert_cmpuint (n_obs, ==, 20001);
  g_unlink (a);
  g_unlink (b);
  g_rmdir (dir);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A broken reference file stops the generator with the file, the line and
 * what is wrong, and no half-written dataset is left behind. */
static void
test_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("heeyu-datagen-XXXXXX", &error);
  g_autofree char *out = g_build_filename (dir, "out.ndjson.gz", NULL);
  g_autofree char *err = NULL;
  const char *names[] = { "korea-rare-metals.csv", "usgs-mcs2024-prices.csv", "supply-events.csv" };
  g_autofree char *production = NULL;
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *src = g_build_filename (data_dir (), names[i], NULL);
      g_autofree char *contents = NULL;
      g_autofree char *copy = NULL;

      g_file_get_contents (src, &contents, NULL, &error);
      g_assert_no_error (error);
      copy = write_file (dir, names[i], contents);
    }

  /* An unterminated quote on line 3. */
  production = write_file (dir, "usgs-mcs2024-production.csv",
                           "metal,stage,country,year,quantity,unit,source\n"
                           "gallium,refinery,China,2023,600000,kg,\"USGS, estimated\"\n"
                           "gallium,refinery,Japan,2023,3000,kg,\"USGS\n");
  g_assert_cmpint (run_datagen ((const char *[]) { "--sample", "--data-dir", dir,
                                                   "--output", out, NULL }, &err), ==, 1);
  g_assert_nonnull (strstr (err, "usgs-mcs2024-production.csv line 3"));
  g_assert_nonnull (strstr (err, "never closed"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* A country the mapping does not know. */
  g_clear_pointer (&production, g_free);
  production = write_file (dir, "usgs-mcs2024-production.csv",
                           "metal,stage,country,year,quantity,unit,source\n"
                           "gallium,refinery,Atlantis,2023,1,kg,USGS\n");
  g_assert_cmpint (run_datagen ((const char *[]) { "--sample", "--data-dir", dir,
                                                   "--output", out, NULL }, &err), ==, 1);
  g_assert_nonnull (strstr (err, "line 2"));
  g_assert_nonnull (strstr (err, "\"Atlantis\""));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* Not UTF-8. */
  bad = write_file (dir, "usgs-mcs2024-production.csv",
                    "metal,stage,country,year,quantity,unit,source\n"
                    "gallium,refinery,\xff\xfe,2023,1,kg,USGS\n");
  g_assert_cmpint (run_datagen ((const char *[]) { "--sample", "--data-dir", dir,
                                                   "--output", out, NULL }, &err), ==, 1);
  g_assert_nonnull (strstr (err, "line 2: the file is not valid UTF-8"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* No options: a usage message, not a crash. */
  g_assert_cmpint (run_datagen ((const char *[]) { NULL }, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--output"));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *p = g_build_filename (dir, names[i], NULL);
      g_unlink (p);
    }
  g_unlink (production);
  g_rmdir (dir);
}

/* The CSV reader keeps quoted commas, doubled quotes, line breaks inside
 * quotes and Hangul intact. */
static void
test_csv_quoting (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("heeyu-datagen-XXXXXX", &error);
  g_autofree char *path = write_file (dir, "t.csv",
                                      "\xEF\xBB\xBF" "a,b,c\r\n"
                                      "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
                                      "\r\n"
                                      "2,\"two\nlines\",갈륨·게르마늄\r\n"
                                      "3,,\n");
  g_autoptr(DgCsv) csv = dg_csv_load (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dg_csv_n_rows (csv), ==, 3);
  g_assert_cmpint (dg_csv_column (csv, "a", NULL), ==, 0);
  g_assert_cmpstr (dg_csv_get (csv, 0, 1), ==, "x, y");
  g_assert_cmpstr (dg_csv_get (csv, 0, 2), ==, "say \"hi\"");
  g_assert_cmpstr (dg_csv_get (csv, 1, 1), ==, "two\nlines");
  g_assert_cmpstr (dg_csv_get (csv, 1, 2), ==, "갈륨·게르마늄");
  g_assert_cmpuint (dg_csv_line (csv, 1), ==, 4);
  g_assert_cmpstr (dg_csv_get (csv, 2, 1), ==, "");
  g_assert_cmpstr (dg_csv_get (csv, 2, 2), ==, "");
  g_unlink (path);

  g_clear_pointer (&csv, dg_csv_free);
  g_free (path);
  path = write_file (dir, "t.csv", "a,b\n1,2,3\n");
  csv = dg_csv_load (path, &error);
  g_assert_null (csv);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "t.csv line 2: 3 fields, but the header has 2"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/datagen/csv/quoting", test_csv_quoting);
  g_test_add_func ("/datagen/reg-no/checksum", test_reg_no_checksum);
  g_test_add_func ("/datagen/sample/deterministic", test_deterministic);
  g_test_add_func ("/datagen/sample/valid", test_sample_valid);
  g_test_add_func ("/datagen/sample/metals", test_sample_metals);
  g_test_add_func ("/datagen/sample/production", test_sample_production);
  g_test_add_func ("/datagen/sample/synthetic-marked", test_sample_synthetic_marked);
  g_test_add_func ("/datagen/sample/monthly-prices", test_sample_monthly_prices);
  g_test_add_func ("/datagen/sample/companies", test_sample_companies);
  g_test_add_func ("/datagen/sample/events-methodology", test_sample_events_methodology);
  g_test_add_func ("/datagen/sample/ingests", test_sample_ingests);
  g_test_add_func ("/datagen/bench/dataset", test_bench_dataset);
  g_test_add_func ("/datagen/bad-input", test_bad_input);

  rc = g_test_run ();

  if (sample.dir)
    {
      g_autofree char *out = g_build_filename (sample.dir, "sample.ndjson.gz", NULL);
      g_unlink (out);
      g_rmdir (sample.dir);
    }
  g_clear_pointer (&sample.records, g_ptr_array_unref);
  return rc;
}
