/* heeyu-test-index-data.c: the worked examples of docs/methodology.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same inputs as the document: if a figure computed from them changes,
 * the document is wrong (or the code is).
 */
#include "config.h"

#include "heeyu-test-index-data.h"

/* ------------------------------------------------------------------------ */
/* The worked examples (docs/methodology.md, "Worked examples")             */

static const HeeyuIndexAmount gallium_production[] = {
  { "CN", "refinery", 2023, 600000 },
  { "JP", "refinery", 2023, 3000 },
  { "KR", "refinery", 2023, 2000 },
  { "RU", "refinery", 2023, 5000 },
  { "US", "refinery", 2023, 0 },
  { "OTHER", "refinery", 2023, 0 },
  { "WORLD", "refinery", 2023, 610000 },
};

/* USD (the sample's USD thousand × 1000). */
static const HeeyuIndexAmount gallium_imports[] = {
  { "CN", NULL, 2023, 8534000 },
  { "DE", NULL, 2023, 578000 },
  { "JP", NULL, 2023, 1236000 },
  { "US", NULL, 2023, 365000 },
};

static const HeeyuIndexPoint gallium_volume[] = {
  { 2022, 24.85 }, { 2023, 24.27 },
};

static const HeeyuIndexPoint gallium_price[] = {
  { 2019, 153 }, { 2020, 163 }, { 2021, 254 }, { 2022, 394 }, { 2023, 290 },
};

static const HeeyuIndexPoint gallium_stockpile[] = { { 2023, 23 } };
static const HeeyuIndexPoint gallium_recycling[] = { { 2023, 0.233 } };
static const char * const gallium_uses[] = { "semiconductor", "defense", NULL };

static const HeeyuIndexAmount nickel_production[] = {
  { "AU", "mine", 2023, 160000 },
  { "BR", "mine", 2023, 89000 },
  { "CA", "mine", 2023, 180000 },
  { "CN", "mine", 2023, 110000 },
  { "ID", "mine", 2023, 1800000 },
  { "NC", "mine", 2023, 230000 },
  { "PH", "mine", 2023, 400000 },
  { "RU", "mine", 2023, 200000 },
  { "US", "mine", 2023, 17000 },
  { "OTHER", "mine", 2023, 380000 },
  { "WORLD", "mine", 2023, 3600000 },
};

static const HeeyuIndexAmount nickel_imports[] = {
  { "AU", NULL, 2023, 655370000 },
  { "CA", NULL, 2023, 270761000 },
  { "FI", NULL, 2023, 205630000 },
  { "ID", NULL, 2023, 1138485000 },
  { "JP", NULL, 2023, 345741000 },
  { "NC", NULL, 2023, 204082000 },
  { "NO", NULL, 2023, 349069000 },
  { "PH", NULL, 2023, 381707000 },
};

static const HeeyuIndexPoint nickel_volume[] = {
  { 2022, 182662 }, { 2023, 162472 },
};

static const HeeyuIndexPoint nickel_price[] = {
  { 2019, 13903 }, { 2020, 13772 }, { 2021, 18476 }, { 2022, 25815 }, { 2023, 22000 },
};

static const HeeyuIndexPoint nickel_stockpile[] = { { 2023, 27 } };
static const HeeyuIndexPoint nickel_recycling[] = { { 2023, 0.391 } };
static const char * const nickel_uses[] = { "ev_battery", "aviation", NULL };

static const HeeyuIndexEvent nickel_events[] = {
  { "2020-01-01-id-ni-export-ban", "export_ban", "2020-01-01", NULL,
    "Indonesia bans exports of nickel ore", "인도네시아 니켈 원광 수출 금지" },
};

HeeyuIndexInputs
heeyu_test_gallium_inputs (void)
{
  HeeyuIndexInputs in = { 0 };

  in.metal = "Ga";
  in.name_en = "Gallium";
  in.name_ko = "갈륨";
  in.production = gallium_production;
  in.n_production = G_N_ELEMENTS (gallium_production);
  in.import_value = gallium_imports;
  in.n_import_value = G_N_ELEMENTS (gallium_imports);
  in.import_volume = gallium_volume;
  in.n_import_volume = G_N_ELEMENTS (gallium_volume);
  in.price = gallium_price;
  in.n_price = G_N_ELEMENTS (gallium_price);
  in.stockpile_days = gallium_stockpile;
  in.n_stockpile_days = G_N_ELEMENTS (gallium_stockpile);
  in.stockpile_target_days = 60;
  in.recycling_rate = gallium_recycling;
  in.n_recycling_rate = G_N_ELEMENTS (gallium_recycling);
  in.uses = gallium_uses;
  in.as_of = "2023-12-31";
  return in;
}

HeeyuIndexInputs
heeyu_test_nickel_inputs (void)
{
  HeeyuIndexInputs in = { 0 };

  in.metal = "Ni";
  in.name_en = "Nickel";
  in.name_ko = "니켈";
  in.production = nickel_production;
  in.n_production = G_N_ELEMENTS (nickel_production);
  in.import_value = nickel_imports;
  in.n_import_value = G_N_ELEMENTS (nickel_imports);
  in.import_volume = nickel_volume;
  in.n_import_volume = G_N_ELEMENTS (nickel_volume);
  in.price = nickel_price;
  in.n_price = G_N_ELEMENTS (nickel_price);
  in.stockpile_days = nickel_stockpile;
  in.n_stockpile_days = G_N_ELEMENTS (nickel_stockpile);
  in.stockpile_target_days = 100;
  in.recycling_rate = nickel_recycling;
  in.n_recycling_rate = G_N_ELEMENTS (nickel_recycling);
  in.uses = nickel_uses;
  in.events = nickel_events;
  in.n_events = G_N_ELEMENTS (nickel_events);
  in.as_of = "2023-12-31";
  return in;
}

const char heeyu_test_sample_methodology[] =
  "{\"version\": 1,"
  " \"weights\": {\"production_concentration\": 0.3, \"import_concentration\": 0.25,"
  "  \"price_pressure\": 0.2, \"import_growth\": 0.1, \"stockpile_coverage\": 0.15},"
  " \"bands\": ["
  "  {\"code\": \"crisis\", \"name_en\": \"Crisis\", \"name_ko\": \"수급위기\", \"min\": 0, \"max\": 1},"
  "  {\"code\": \"unstable\", \"name_en\": \"Unstable\", \"name_ko\": \"수급불안\", \"min\": 0, \"max\": 5},"
  "  {\"code\": \"caution\", \"name_en\": \"Caution\", \"name_ko\": \"수급주의\", \"min\": 5, \"max\": 20},"
  "  {\"code\": \"stable\", \"name_en\": \"Stable\", \"name_ko\": \"수급안정\", \"min\": 20, \"max\": 80},"
  "  {\"code\": \"oversupply\", \"name_en\": \"Oversupply\", \"name_ko\": \"공급과잉\", \"min\": 80, \"max\": 100}],"
  " \"thresholds\": {\"economic_importance\": 2.8, \"supply_risk\": 1},"
  " \"parameters\": {\"hhi_unconcentrated\": 1500, \"hhi_highly_concentrated\": 2500,"
  "  \"price_window_years\": 4, \"history_years\": 10, \"event_in_force_months\": 12,"
  "  \"stockpile_target_days\": 100, \"sr_scale\": 5, \"ei_import_min_usd\": 1000000,"
  "  \"ei_import_full_usd\": 1000000000},"
  " \"sector_weights\": {\"semiconductor\": 1.0, \"ev_battery\": 0.8, \"display\": 0.5,"
  "  \"steel\": 0.5, \"energy\": 0.4, \"defense\": 0.3, \"aviation\": 0.2}}";

HeeyuMethodology *
heeyu_test_sample_methodology_new (void)
{
  g_autoptr(GError) error = NULL;
  HeeyuMethodology *m = heeyu_methodology_new_from_string (heeyu_test_sample_methodology,
                                                                          &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}
