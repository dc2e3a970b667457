/* test-index.c: the supply-stability index (HHI, worked examples, bands,
 * missing data), computed over the cache, and the metals CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worked examples are those of docs/methodology.md, with the same inputs
 * (heeyu-test-index-data.c): if a figure here changes, the document is wrong
 * (or the code is).  The methodology record: test-index-methodology.c.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-index.h"
#include "heeyu-ingest.h"
#include "heeyu-metal-export.h"
#include "heeyu-test-index-data.h"
#include "heeyu-test-util.h"

/* ------------------------------------------------------------------------ */
/* HHI against the USGS figures                                             */

typedef struct
{
  char  *country;
  double value;
} CsvRow;

/* Splits one RFC 4180 line (no embedded newlines in this file). */
static GPtrArray *
csv_split (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; ; p++)
    {
      if (*p == '\0' || (*p == ',' && !quoted))
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          if (*p == '\0')
            break;
        }
      else if (*p == '"')
        {
          if (quoted && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else
            quoted = !quoted;
        }
      else if (*p != '\r')
        g_string_append_c (field, *p);
    }
  g_string_free (field, TRUE);
  return fields;
}

/* HHI of one commodity's 2023 rows of the real USGS file. */
static double
usgs_hhi (const char *commodity)
{
  const char *dir = g_getenv ("HEEYU_SOURCE_DATA_DIR");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) countries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "usgs-mcs2024-production.csv", NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) f = NULL;
      const char *country;
      double value;

      if (lines[i][0] == '\0')
        continue;
      f = csv_split (lines[i]);
      g_assert_cmpuint (f->len, ==, 7);
      /* metal,stage,country,year,quantity,unit,source */
      if (strcmp (g_ptr_array_index (f, 0), commodity) != 0 ||
          strcmp (g_ptr_array_index (f, 3), "2023") != 0)
        continue;
      country = g_ptr_array_index (f, 2);
      if (g_str_has_prefix (country, "World total"))
        country = "WORLD";
      else if (strcmp (country, "Other countries") == 0)
        country = "OTHER";
      value = g_ascii_strtod (g_ptr_array_index (f, 4), NULL);
      g_ptr_array_add (countries, g_strdup (country));
      g_array_append_val (values, value);
    }
  g_assert_cmpuint (countries->len, >, 2);
  return heeyu_index_hhi ((const char * const *) countries->pdata,
                          (const double *) (gpointer) values->data, countries->len);
}

/* The concentration a researcher reads must match USGS's world shares:
 * data/README.md gives these 2023 figures, to the nearest 10. */
static void
test_hhi_usgs (void)
{
  static const struct
  {
    const char *commodity;
    double hhi;
  } expected[] = {
    { "gallium", 9680 },
    { "niobium", 8240 },
    { "tungsten", 6570 },
    { "rare earths", 5000 },
    { "cobalt", 5550 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      double hhi = usgs_hhi (expected[i].commodity);

      g_test_message ("%s: HHI %.1f", expected[i].commodity, hhi);
      g_assert_cmpfloat (round (hhi / 10) * 10, ==, expected[i].hhi);
    }
}

/* "Other countries" must not count as one country, and shares are of the
 * world total even when the named countries fall short of it. */
static void
test_hhi_rules (void)
{
  const char *countries[] = { "CN", "OTHER", "WORLD" };
  const char *no_world[] = { "CN", "JP", "OTHER" };
  double values[] = { 50, 50, 100 };
  double halves[] = { 50, 25, 25 };

  /* China half the world: 50² = 2500, OTHER's half adds nothing. */
  g_assert_cmpfloat_with_epsilon (heeyu_index_hhi (countries, values, 3), 2500, 1e-9);
  /* Without a WORLD row, the sum of all rows (OTHER included) is the total. */
  g_assert_cmpfloat_with_epsilon (heeyu_index_hhi (no_world, halves, 3), 2500 + 625, 1e-9);
  /* No total, no HHI. */
  g_assert_true (isnan (heeyu_index_hhi (countries, (double[]) { 0, 0, 0 }, 3)));
}

/* The bottleneck is the more concentrated of the stages. */
static void
test_hhi_bottleneck (void)
{
  static const HeeyuIndexAmount rows[] = {
    { "AU", "mine", 2023, 50 }, { "CL", "mine", 2023, 50 }, { "WORLD", "mine", 2023, 100 },
    { "CN", "refinery", 2023, 90 }, { "JP", "refinery", 2023, 10 },
    { "WORLD", "refinery", 2023, 100 },
  };
  g_autoptr(HeeyuMethodology) m = heeyu_test_sample_methodology_new ();
  g_autoptr(HeeyuIndexResult) r = NULL;
  HeeyuIndexInputs in = { 0 };

  in.metal = "Li";
  in.production = rows;
  in.n_production = G_N_ELEMENTS (rows);
  r = heeyu_index_compute (&in, m);
  g_assert_cmpstr (r->production_stage, ==, "refinery");
  g_assert_cmpfloat_with_epsilon (r->production_hhi, 8200, 1e-9);
}

/* ------------------------------------------------------------------------ */
/* Worked examples                                                          */

static void
test_worked_gallium (void)
{
  g_autoptr(HeeyuMethodology) m = heeyu_test_sample_methodology_new ();
  HeeyuIndexInputs in = heeyu_test_gallium_inputs ();
  g_autoptr(HeeyuIndexResult) r = heeyu_index_compute (&in, m);

  g_assert_true (r->has_index);
  assert_decimal (component (r, "production_concentration")->raw, 9675.8);
  assert_decimal (component (r, "production_concentration")->score, 2.2);
  assert_decimal (component (r, "import_concentration")->raw, 6519.6);
  assert_decimal (component (r, "import_concentration")->score, 23.2);
  assert_decimal (component (r, "price_pressure")->raw, 20.3);
  assert_decimal (component (r, "price_pressure")->score, 36.6);
  assert_decimal (component (r, "import_growth")->raw, -2.3);
  assert_decimal (component (r, "import_growth")->score, 51.7);
  assert_decimal (component (r, "stockpile_coverage")->raw, 23.0);
  assert_decimal (component (r, "stockpile_coverage")->score, 38.3);
  assert_decimal (r->index, 24.7);
  g_assert_cmpstr (r->band_code, ==, "stable");
  g_assert_cmpstr (r->band_name_ko, ==, "수급안정");
  g_assert_false (r->crisis);
  g_assert_cmpuint (g_strv_length (r->missing), ==, 0);

  assert_hundredth (r->supply_risk, 3.11);
  assert_hundredth (r->economic_importance, 4.37);
  g_assert_true (r->critical);
}

static void
test_worked_nickel (void)
{
  g_autoptr(HeeyuMethodology) m = heeyu_test_sample_methodology_new ();
  HeeyuIndexInputs in = heeyu_test_nickel_inputs ();
  g_autoptr(HeeyuIndexResult) r = heeyu_index_compute (&in, m);

  g_assert_true (r->has_index);
  assert_decimal (component (r, "production_concentration")->raw, 2755.6);
  assert_decimal (component (r, "production_concentration")->score, 48.3);
  assert_decimal (component (r, "import_concentration")->raw, 1800.4);
  assert_decimal (component (r, "import_concentration")->score, 85.0);
  assert_decimal (component (r, "price_pressure")->raw, 22.3);
  assert_decimal (component (r, "price_pressure")->score, 35.5);
  assert_decimal (component (r, "import_growth")->raw, -11.1);
  assert_decimal (component (r, "import_growth")->score, 58.4);
  assert_decimal (component (r, "stockpile_coverage")->score, 27.0);
  assert_decimal (r->index, 52.7);
  g_assert_cmpstr (r->band_code, ==, "stable");
  /* Indonesia's 2020 ban is older than the 12 months of a shock. */
  g_assert_false (r->crisis);

  assert_hundredth (r->supply_risk, 0.69);
  assert_hundredth (r->economic_importance, 5.00);
  g_assert_false (r->critical);
}

/* ------------------------------------------------------------------------ */
/* Bands                                                                    */

static HeeyuIndexResult *
stockpile_only (const HeeyuMethodology *m,
                double                  days)
{
  HeeyuIndexPoint point = { 2023, days };
  HeeyuIndexInputs in = { 0 };

  in.metal = "X";
  in.stockpile_days = &point;
  in.n_stockpile_days = 1;
  in.stockpile_target_days = 100;
  in.as_of = "2023-12-31";
  return heeyu_index_compute (&in, m);
}

/* 5 is caution, 20 stable, 80 oversupply: a band holds its lower edge. */
static void
test_band_edges (void)
{
  static const struct
  {
    double index;
    const char *band;
  } cases[] = {
    { 0, "unstable" }, { 4.9, "unstable" }, { 5, "caution" }, { 19.9, "caution" },
    { 20, "stable" }, { 79.9, "stable" }, { 80, "oversupply" }, { 100, "oversupply" },
  };
  g_autoptr(HeeyuMethodology) m = heeyu_test_sample_methodology_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HeeyuIndexResult) r = stockpile_only (m, cases[i].index);

      g_assert_cmpfloat_with_epsilon (r->index, cases[i].index, 1e-9);
      g_assert_cmpstr (r->band_code, ==, cases[i].band);
      g_assert_cmpstr (heeyu_methodology_band_for_value (m, cases[i].index)->code, ==,
                       cases[i].band);
    }

  /* What is shown decides: 4.96 reads "5.0", so it is caution, not unstable. */
  g_assert_cmpstr (heeyu_methodology_band_for_value (m, 4.96)->code, ==, "caution");
  g_assert_cmpstr (heeyu_methodology_band_for_value (m, 4.94)->code, ==, "unstable");
  g_assert_null (heeyu_methodology_band_for_value (m, NAN));
}

/* An export control in force puts the metal in the crisis band, whatever
 * its index; an old, lifted or non-supply event does not. */
static void
test_band_crisis (void)
{
  g_autoptr(HeeyuMethodology) m = heeyu_test_sample_methodology_new ();
  HeeyuIndexEvent event = { "ga-control", "export_control", "2023-08-01", NULL,
                            "China requires export licences for gallium", "갈륨 수출허가제" };
  HeeyuIndexInputs in = heeyu_test_gallium_inputs ();

  in.events = &event;
  in.n_events = 1;

  {
    g_autoptr(HeeyuIndexResult) r = heeyu_index_compute (&in, m);

    g_assert_true (r->crisis);
    g_assert_cmpstr (r->band_code, ==, "crisis");
    g_assert_cmpstr (r->band_name_ko, ==, "수급위기");
    g_assert_cmpstr (r->crisis_event_id, ==, "ga-control");
    /* The index itself still says how tight the market is. */
    assert_decimal (r->index, 24.7);
  }

  /* More than 12 months before the data date: absorbed into the data. */
  event.date = "2022-12-30";
  {
    g_autoptr(HeeyuIndexResult) r = heeyu_index_compute (&in, m);

    g_assert_false (r->crisis);
    g_assert_cmpstr (r->band_code, ==, "stable");
  }

  /* Lifted before the data date. */
  event.date = "2023-08-01";
  event.end_date = "2023-10-31";
  {
    g_autoptr(HeeyuIndexResult) r = heeyu_index_compute (&in, m);

    g_assert_false (r->crisis);
  }

  /* After the data date: the data cannot show it yet, so it is in force. */
  event.date = "2024-12-03";
  event.end_date = NULL;
  event.kind = "export_ban";
  {
    g_autoptr(HeeyuIndexResult) r = heeyu_index_compute (&in, m);

    g_assert_true (r->crisis);
    g_assert_cmpstr (r->crisis_event_date, ==, "2024-12-03");
    /* ... but not in the history of the years before it. */
    for (guint i = 0; i < r->history->len; i++)
      {
        HeeyuIndexHistoryPoint *p = &g_array_index (r->history, HeeyuIndexHistoryPoint, i);

        g_assert_cmpint (p->crisis, ==, p->year == 2023);
      }
  }

  /* A policy is not a supply shock. */
  event.date = "2023-08-01";
  event.kind = "policy";
  {
    g_autoptr(HeeyuIndexResult) r = heeyu_index_compute (&in, m);

    g_assert_false (r->crisis);
  }
}

/* ------------------------------------------------------------------------ */
/* Missing inputs                                                           */

/* Without prices and stockpile figures, gallium is scored on the rest, the
 * weights renormalised, and the two are listed as missing. */
static void
test_missing_components (void)
{
  g_autoptr(HeeyuMethodology) m = heeyu_test_sample_methodology_new ();
  HeeyuIndexInputs in = heeyu_test_gallium_inputs ();
  g_autoptr(HeeyuIndexResult) r = NULL;
  const HeeyuIndexComponent *price, *production;

  in.price = NULL;
  in.n_price = 0;
  in.stockpile_days = NULL;
  in.n_stockpile_days = 0;
  r = heeyu_index_compute (&in, m);

  g_assert_true (r->has_index);
  /* (0.30 × 2.161 + 0.25 × 23.203 + 0.10 × 51.704) / 0.65 */
  assert_decimal (r->index, 17.9);
  g_assert_cmpstr (r->band_code, ==, "caution");
  g_assert_cmpuint (g_strv_length (r->missing), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) r->missing, "price_pressure"));
  g_assert_true (g_strv_contains ((const char * const *) r->missing, "stockpile_coverage"));

  price = component (r, "price_pressure");
  g_assert_false (price->present);
  g_assert_true (isnan (price->score));
  g_assert_true (isnan (price->raw));
  g_assert_cmpfloat (price->share, ==, 0);
  g_assert_nonnull (price->detail);
  /* The weight stays what the record says; its share is renormalised. */
  production = component (r, "production_concentration");
  g_assert_cmpfloat_with_epsilon (production->weight, 0.30, 1e-12);
  g_assert_cmpfloat_with_epsilon (production->share, 0.30 / 0.65, 1e-12);

  /* One year of prices is no history to compare with: missing, not 50. */
  {
    static const HeeyuIndexPoint one_price[] = { { 2023, 290 } };
    g_autoptr(HeeyuIndexResult) r1 = NULL;

    in.price = one_price;
    in.n_price = 1;
    r1 = heeyu_index_compute (&in, m);
    g_assert_false (component (r1, "price_pressure")->present);
  }
}

/* A metal with no inputs at all has no index and no band, but says why. */
static void
test_no_data (void)
{
  g_autoptr(HeeyuMethodology) m = heeyu_test_sample_methodology_new ();
  HeeyuIndexInputs in = { 0 };
  g_autoptr(HeeyuIndexResult) r = NULL;

  in.metal = "Tl";
  r = heeyu_index_compute (&in, m);
  g_assert_false (r->has_index);
  g_assert_true (isnan (r->index));
  g_assert_null (r->band_code);
  g_assert_cmpuint (g_strv_length (r->missing), ==, HEEYU_INDEX_N_COMPONENTS);
  g_assert_false (r->has_supply_risk);
  g_assert_false (r->has_economic_importance);
  g_assert_false (r->critical);
  g_assert_cmpuint (r->history->len, ==, 0);
}
/* ------------------------------------------------------------------------ */
/* From the cache, and the CSV                                              */

typedef HeeyuTestCacheFixture Fixture;

/* An observation of one year, as the sample stores it. */
static void
add_observation (GString    *nd,
                 const char *metal,
                 const char *indicator,
                 int         year,
                 const char *country,
                 const char *stage,
                 double      value,
                 const char *unit)
{
  g_autofree char *period = g_strdup_printf ("%d", year);

  heeyu_test_append_observation (nd, metal, indicator, period, country, stage, value, unit);
}

/* The worked examples as a dataset: gallium and nickel with their inputs,
 * and a third metal (with a comma and quotes in its name) without data. */
static void
ingest_examples (Fixture *f)
{
  g_autoptr(GString) nd = g_string_new (NULL);
  struct
  {
    HeeyuIndexInputs in;
  } metals[2] = { { heeyu_test_gallium_inputs () }, { heeyu_test_nickel_inputs () } };

  g_string_append (nd,
    "{\"kind\":\"metal\",\"id\":\"Ga\",\"data\":{\"name_en\":\"Gallium\",\"name_ko\":\"갈륨\","
    "\"uses\":[\"semiconductor\",\"defense\"],\"stockpile_target_days\":60,\"order\":1}}\n"
    "{\"kind\":\"metal\",\"id\":\"Ni\",\"data\":{\"name_en\":\"Nickel\",\"name_ko\":\"니켈\","
    "\"uses\":[\"ev_battery\",\"aviation\"],\"stockpile_target_days\":100,\"order\":2}}\n"
    "{\"kind\":\"metal\",\"id\":\"Tl\",\"data\":{\"name_en\":\"Thallium, \\\"pure\\\"\","
    "\"name_ko\":\"탈륨\",\"order\":3}}\n"
    "{\"kind\":\"event\",\"id\":\"2020-01-01-id-ni-export-ban\",\"data\":{\"metals\":[\"Ni\"],"
    "\"date\":\"2020-01-01\",\"kind\":\"export_ban\",\"country\":\"ID\","
    "\"title_en\":\"Indonesia bans exports of nickel ore\"}}\n");
  g_string_append_printf (nd, "{\"kind\":\"methodology\",\"id\":\"stability-index\",\"data\":%s}\n",
                          heeyu_test_sample_methodology);

  for (guint k = 0; k < G_N_ELEMENTS (metals); k++)
    {
      const HeeyuIndexInputs *in = &metals[k].in;

      for (guint i = 0; i < in->n_production; i++)
        add_observation (nd, in->metal, "production", in->production[i].year,
                         in->production[i].country, in->production[i].stage,
                         in->production[i].value, "t");
      /* Stored as the sample stores them, in USD thousand. */
      for (guint i = 0; i < in->n_import_value; i++)
        add_observation (nd, in->metal, "import_value", in->import_value[i].year,
                         in->import_value[i].country, NULL,
                         in->import_value[i].value / 1000, "USD thousand");
      for (guint i = 0; i < in->n_import_volume; i++)
        add_observation (nd, in->metal, "import_volume", in->import_volume[i].year, "WORLD",
                         NULL, in->import_volume[i].value, "t");
      for (guint i = 0; i < in->n_price; i++)
        add_observation (nd, in->metal, "price", in->price[i].year, NULL, NULL,
                         in->price[i].value, "USD/kg");
      for (guint i = 0; i < in->n_stockpile_days; i++)
        add_observation (nd, in->metal, "stockpile_days", in->stockpile_days[i].year, "KR",
                         NULL, in->stockpile_days[i].value, "days");
      for (guint i = 0; i < in->n_recycling_rate; i++)
        add_observation (nd, in->metal, "recycling_rate", in->recycling_rate[i].year, "KR",
                         NULL, in->recycling_rate[i].value * 100, "%");
    }

  heeyu_test_ingest (f->db, nd->str);
}

/* The dashboard (compute_all over the cache) shows what the pure function
 * computes from the same inputs. */
static void
test_cache_compute_all (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(HeeyuIndexData) loaded = NULL;
  g_autoptr(HeeyuMethodology) m = NULL;
  g_autoptr(GPtrArray) rescored = NULL;
  HeeyuIndexResult *ga, *ni, *tl;

  ingest_examples (f);
  results = heeyu_index_compute_all (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);

  ga = g_ptr_array_index (results, 0);
  ni = g_ptr_array_index (results, 1);
  tl = g_ptr_array_index (results, 2);
  g_assert_cmpstr (ga->metal, ==, "Ga");
  assert_decimal (ga->index, 24.7);
  assert_hundredth (ga->supply_risk, 3.11);
  assert_hundredth (ga->economic_importance, 4.37);
  g_assert_cmpstr (ga->as_of, ==, "2023-12-31");
  g_assert_cmpstr (ni->metal, ==, "Ni");
  assert_decimal (ni->index, 52.7);
  assert_decimal (component (ni, "import_growth")->raw, -11.1);
  g_assert_false (ni->crisis);
  g_assert_false (tl->has_index);

  /* Re-scoring the loaded data with another methodology reads nothing. */
  loaded = heeyu_index_data_load (f->db, &error);
  g_assert_no_error (error);
  m = heeyu_methodology_copy (heeyu_index_data_get_methodology (loaded));
  heeyu_methodology_set_weight (m, "production_concentration", 0.60);
  rescored = heeyu_index_data_score (loaded, m);
  assert_decimal (((HeeyuIndexResult *) g_ptr_array_index (rescored, 0))->index, 19.5);
}

/* A malformed methodology record in the cache is an error in words, not a
 * silently different index. */
static void
test_cache_bad_methodology (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  ingest_examples (f);
  /* Past ingest's schema checks: bands that leave 50–100 uncovered. */
  g_assert_cmpint (sqlite3_exec (f->db,
    "UPDATE methodology SET data = json_set(data, '$.bands',"
    " json('[{\"code\":\"a\",\"name_en\":\"A\",\"name_ko\":\"가\",\"min\":0,\"max\":50}]'))",
    NULL, NULL, NULL), ==, SQLITE_OK);
  results = heeyu_index_compute_all (f->db, &error);
  g_assert_null (results);
  g_assert_error (error, HEEYU_INDEX_ERROR, HEEYU_INDEX_ERROR_METHODOLOGY);
  g_assert_nonnull (strstr (error->message, "bands"));
}

/* heeyu --export-metals: one row per metal, the named columns, RFC 4180. */
static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const required[] = {
    "code", "name_en", "name_ko", "index", "band", "production_hhi", "import_hhi",
    "price_pressure", "stockpile_days", "supply_risk", "economic_importance",
    "score_production_concentration", "score_import_concentration", "score_price_pressure",
    "score_import_growth", "score_stockpile_coverage", "missing",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "metals.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GPtrArray) ga = NULL;
  g_autoptr(GPtrArray) tl = NULL;
  int col_index = -1, col_band = -1, col_missing = -1, col_hhi = -1, col_name = -1;

  ingest_examples (f);
  g_assert_true (heeyu_metals_export_csv (f->db, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, &error));
  g_assert_true (g_utf8_validate (csv, -1, NULL));

  /* CRLF line ends; header + 3 metals + the final empty string. */
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[4], ==, "");

  header = csv_split (lines[0]);
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      guint at;

      g_assert_true (g_ptr_array_find_with_equal_func (header, required[i], g_str_equal, &at));
      if (strcmp (required[i], "index") == 0)
        col_index = at;
      else if (strcmp (required[i], "band") == 0)
        col_band = at;
      else if (strcmp (required[i], "missing") == 0)
        col_missing = at;
      else if (strcmp (required[i], "production_hhi") == 0)
        col_hhi = at;
      else if (strcmp (required[i], "name_en") == 0)
        col_name = at;
    }

  ga = csv_split (lines[1]);
  g_assert_cmpuint (ga->len, ==, header->len);
  g_assert_cmpstr (g_ptr_array_index (ga, 0), ==, "Ga");
  g_assert_cmpstr (g_ptr_array_index (ga, col_index), ==, "24.7");
  g_assert_cmpstr (g_ptr_array_index (ga, col_band), ==, "stable");
  g_assert_cmpstr (g_ptr_array_index (ga, col_hhi), ==, "9676");
  g_assert_cmpstr (g_ptr_array_index (ga, col_missing), ==, "");

  /* The name with a comma and quotes survives quoting; no data, no index:
   * empty cells and every component listed as missing. */
  g_assert_nonnull (strstr (lines[3], "\"Thallium, \"\"pure\"\"\""));
  tl = csv_split (lines[3]);
  g_assert_cmpuint (tl->len, ==, header->len);
  g_assert_cmpstr (g_ptr_array_index (tl, col_name), ==, "Thallium, \"pure\"");
  g_assert_cmpstr (g_ptr_array_index (tl, col_index), ==, "");
  g_assert_cmpstr (g_ptr_array_index (tl, col_band), ==, "");
  g_assert_cmpstr (g_ptr_array_index (tl, col_missing), ==,
                   "production_concentration;import_concentration;price_pressure;"
                   "import_growth;stockpile_coverage");
}

/* An export that cannot be written says so and leaves no half file. */
static void
test_export_csv_unwritable (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "no-such-dir", "metals.csv", NULL);

  ingest_examples (f);
  g_assert_false (heeyu_metals_export_csv (f->db, path, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}
int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/index/hhi/usgs", test_hhi_usgs);
  g_test_add_func ("/index/hhi/rules", test_hhi_rules);
  g_test_add_func ("/index/hhi/bottleneck", test_hhi_bottleneck);
  g_test_add_func ("/index/worked/gallium", test_worked_gallium);
  g_test_add_func ("/index/worked/nickel", test_worked_nickel);
  g_test_add_func ("/index/band/edges", test_band_edges);
  g_test_add_func ("/index/band/crisis", test_band_crisis);
  g_test_add_func ("/index/missing/components", test_missing_components);
  g_test_add_func ("/index/missing/everything", test_no_data);
#define ADD(path, func) g_test_add (path, Fixture, NULL, heeyu_test_cache_fixture_set_up, func, \
                                    heeyu_test_cache_fixture_tear_down)
  ADD ("/index/cache/compute-all", test_cache_compute_all);
  ADD ("/index/cache/bad-methodology", test_cache_bad_methodology);
  ADD ("/index/export/csv", test_export_csv);
  ADD ("/index/export/unwritable", test_export_csv_unwritable);
#undef ADD

  return g_test_run ();
}
