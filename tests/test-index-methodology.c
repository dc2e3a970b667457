/* test-index-methodology.c: the index methodology record, parsed and re-weighted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-index.h"
#include "heeyu-test-index-data.h"

/* ------------------------------------------------------------------------ */
/* Methodology                                                              */

/* The center retunes the weights centrally: the same inputs, new weights,
 * a new index, with no rebuild. */
static void
test_methodology_reweight (void)
{
  g_autoptr(HeeyuMethodology) m = heeyu_test_sample_methodology_new ();
  g_autoptr(HeeyuMethodology) only_stock = NULL;
  g_autoptr(GError) error = NULL;
  HeeyuIndexInputs in = heeyu_test_gallium_inputs ();
  g_autoptr(HeeyuIndexResult) before = heeyu_index_compute (&in, m);
  g_autoptr(HeeyuIndexResult) after = NULL;
  g_autoptr(HeeyuIndexResult) stock = NULL;

  /* Production concentration weighs 0.60 instead of 0.30. */
  g_assert_true (heeyu_methodology_set_weight (m, "production_concentration", 0.60));
  after = heeyu_index_compute (&in, m);
  /* (0.60 × 2.161 + 5.8007 + 7.3298 + 5.1704 + 5.75) / 1.30 */
  assert_decimal (before->index, 24.7);
  assert_decimal (after->index, 19.5);
  g_assert_cmpstr (after->band_code, ==, "caution");

  /* The same from a record: only the stockpile counts. */
  only_stock = heeyu_methodology_new_from_string (
    "{\"version\": \"2026-1\", \"weights\": {\"stockpile_coverage\": 1},"
    " \"bands\": [{\"code\": \"low\", \"name_en\": \"Low\", \"name_ko\": \"낮음\", \"min\": 0, \"max\": 50},"
    "  {\"code\": \"high\", \"name_en\": \"High\", \"name_ko\": \"높음\", \"min\": 50, \"max\": 100}]}",
    &error);
  g_assert_no_error (error);
  stock = heeyu_index_compute (&in, only_stock);
  assert_decimal (stock->index, 38.3);
  g_assert_cmpstr (stock->band_code, ==, "low");
  g_assert_cmpstr (stock->methodology_version, ==, "2026-1");
  /* Components without weight are shown, but count for nothing. */
  g_assert_true (component (stock, "production_concentration")->present);
  g_assert_cmpfloat (component (stock, "production_concentration")->share, ==, 0);
}

/* A broken record is refused with a message that names the field. */
static void
test_methodology_invalid (void)
{
  static const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { "{\"version\": 1, \"weights\": {\"price_pressure\": \"high\"}, \"bands\": []}",
      "weights.price_pressure" },
    { "{\"version\": 1, \"weights\": {\"recycling\": 1}, \"bands\": []}",
      "weights.recycling" },
    { "{\"version\": 1, \"weights\": {\"price_pressure\": 0}, \"bands\": []}",
      "weights" },
    { "{\"version\": 1, \"weights\": {\"price_pressure\": 1}, \"bands\": ["
      "{\"code\": \"a\", \"min\": 0, \"max\": 50}, {\"code\": \"b\", \"min\": 40, \"max\": 100}]}",
      "bands" },
    { "{\"version\": 1, \"weights\": {\"price_pressure\": 1}, \"bands\": ["
      "{\"code\": \"a\", \"min\": 0, \"max\": 50}]}",
      "bands" },
    { "{\"version\": 1, \"weights\": {\"price_pressure\": 1}, \"bands\": ["
      "{\"code\": \"a\", \"min\": 0, \"max\": 100}], \"parameters\": {\"hhi_unconcentrated\": 3000}}",
      "parameters" },
    { "[1, 2]", "JSON object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HeeyuMethodology) m = heeyu_methodology_new_from_string (cases[i].json, &error);

      g_assert_null (m);
      g_assert_error (error, HEEYU_INDEX_ERROR, HEEYU_INDEX_ERROR_METHODOLOGY);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].field));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/index/methodology/reweight", test_methodology_reweight);
  g_test_add_func ("/index/methodology/invalid", test_methodology_invalid);

  return g_test_run ();
}
