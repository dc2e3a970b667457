/* heeyu-datagen-tables.c: country and commodity names, and the profiles of
 * Korea's synthetic trade figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-datagen-private.h"

typedef struct
{
  const char *name;
  const char *code;
} NameCode;

/* Every country spelling of the USGS MCS 2024 world-production tables.
 * "…, concentrate" rows (manganese) name the product, not another country. */
static const NameCode countries[] = {
  { "Argentina", "AR" },
  { "Armenia", "AM" },
  { "Australia", "AU" },
  { "Austria", "AT" },
  { "Belgium", "BE" },
  { "Bolivia", "BO" },
  { "Brazil", "BR" },
  { "Burma", "MM" },
  { "Burundi", "BI" },
  { "Canada", "CA" },
  { "Chile", "CL" },
  { "China", "CN" },
  { "Congo (Kinshasa)", "CD" },
  { "Congo (Brazzaville)", "CG" },
  { "Cuba", "CU" },
  { "Côte d’Ivoire", "CI" },
  { "Côte d'Ivoire", "CI" },
  { "Estonia", "EE" },
  { "Finland", "FI" },
  { "France", "FR" },
  { "Gabon", "GA" },
  { "Georgia", "GE" },
  { "Germany", "DE" },
  { "Ghana", "GH" },
  { "Greenland", "GL" },
  { "Guatemala", "GT" },
  { "Hungary", "HU" },
  { "India", "IN" },
  { "Indonesia", "ID" },
  { "Iran", "IR" },
  { "Israel", "IL" },
  { "Japan", "JP" },
  { "Kazakhstan", "KZ" },
  { "Kazakhstan, concentrate", "KZ" },
  { "Korea, North", "KP" },
  { "Korea, Republic of", "KR" },
  { "Korea, South", "KR" },
  { "Kyrgyzstan", "KG" },
  { "Laos", "LA" },
  { "Madagascar", "MG" },
  { "Malaysia", "MY" },
  { "Mexico", "MX" },
  { "Mongolia", "MN" },
  { "Morocco", "MA" },
  { "Mozambique", "MZ" },
  { "Namibia", "NA" },
  { "New Caledonia", "NC" },
  { "Nigeria", "NG" },
  { "Norway", "NO" },
  { "Oman", "OM" },
  { "Pakistan", "PK" },
  { "Papua New Guinea", "PG" },
  { "Peru", "PE" },
  { "Philippines", "PH" },
  { "Poland", "PL" },
  { "Portugal", "PT" },
  { "Russia", "RU" },
  { "Rwanda", "RW" },
  { "Saudi Arabia", "SA" },
  { "South Africa", "ZA" },
  { "Spain", "ES" },
  { "Sri Lanka", "LK" },
  { "Sweden", "SE" },
  { "Taiwan", "TW" },
  { "Tajikistan", "TJ" },
  { "Tanzania", "TZ" },
  { "Thailand", "TH" },
  { "Turkey", "TR" },
  { "Uganda", "UG" },
  { "Ukraine", "UA" },
  { "Ukraine, concentrate", "UA" },
  { "United Arab Emirates", "AE" },
  { "United Kingdom", "GB" },
  { "United States", "US" },
  { "Uzbekistan", "UZ" },
  { "Vietnam", "VN" },
  { "Zambia", "ZM" },
  { "Zimbabwe", "ZW" },
  { "Other countries", "OTHER" },
  { "World total (rounded)", "WORLD" },
  { "World total", "WORLD" },
};

const char *
dg_country_code (const char *usgs_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_str_equal (countries[i].name, usgs_name))
      return countries[i].code;
  return NULL;
}

/* USGS commodity names (production and price files) -> our metal codes.
 * The rare-earth oxide prices go to the single elements; REE gets the
 * neodymium-oxide series too (see main, usgs_prices). */
static const NameCode usgs_metals[] = {
  { "antimony", "Sb" },
  { "cobalt", "Co" },
  { "gallium", "Ga" },
  { "germanium", "Ge" },
  { "graphite (natural)", "C" },
  { "indium", "In" },
  { "lithium", "Li" },
  { "magnesium (metal)", "Mg" },
  { "manganese", "Mn" },
  { "molybdenum", "Mo" },
  { "nickel", "Ni" },
  { "niobium", "Nb" },
  { "palladium", "Pd" },
  { "platinum", "Pt" },
  { "rare earths", "REE" },
  { "rare earths (Nd2O3)", "Nd" },
  { "rare earths (Dy2O3)", "Dy" },
  { "rare earths (Tb oxide)", "Tb" },
  { "rare earths (CeO2)", "Ce" },
  { "rare earths (La2O3)", "La" },
  { "tantalum", "Ta" },
  { "titanium (sponge)", "Ti" },
  { "tungsten", "W" },
  { "vanadium", "V" },
};

const char *
dg_usgs_metal_code (const char *usgs_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (usgs_metals); i++)
    if (g_str_equal (usgs_metals[i].name, usgs_name))
      return usgs_metals[i].code;
  return NULL;
}

/* Rough orders of magnitude of Korea's imports (gross weight of the traded
 * forms: ores, concentrates, oxides, metal) and of their source countries,
 * shaped after KITA/K-stat trade statistics but not copied from them: the
 * sample only needs figures that behave like real ones (a few dominant
 * suppliers, China for most of the minor metals, battery metals growing).
 * price_unit/price_2023 give a synthetic annual price to the metals that
 * have no USGS price series. */
static const DgMetalProfile profiles[] = {
  /* code  volume t   USD/kg  growth recyc% sources */
  { "Li",  140000,    40,     0.18,  1,  "CL:50,CN:38,AR:6,AU:4,US:2", NULL, 0 },
  { "Mg",  25000,     3.5,    0.03,  12, "CN:88,IL:6,US:3,TR:3", NULL, 0 },
  { "Cs",  5,         1500,   0.02,  0,  "CA:40,DE:30,CN:20,US:10", "USD/kg", 1450 },
  { "Be",  10,        800,    0.01,  10, "US:65,KZ:20,JP:15", "USD/kg", 760 },
  { "Sr",  3000,      1.2,    0.00,  0,  "MX:45,CN:35,DE:10,ES:10", "USD/kg", 1.1 },
  { "Ba",  60000,     0.5,    0.01,  0,  "CN:70,IN:15,DE:8,JP:7", "USD/kg", 0.48 },
  { "Ge",  30,        1300,   0.04,  30, "CN:55,BE:20,US:10,JP:10,DE:5", NULL, 0 },
  { "P",   20000,     3.5,    0.02,  0,  "CN:60,VN:25,KZ:10,US:5", "USD/kg", 3.6 },
  { "As",  500,       2,      0.00,  0,  "CN:60,JP:25,MA:15", "USD/kg", 1.9 },
  { "Sb",  8000,      12,     0.02,  20, "CN:60,VN:15,BO:10,TJ:8,BE:7", NULL, 0 },
  { "Bi",  800,       8,      0.01,  5,  "CN:70,JP:10,LA:10,MX:10", "USD/kg", 8.2 },
  { "Se",  600,       20,     0.01,  5,  "JP:40,CN:25,DE:15,BE:10,SE:10", "USD/kg", 21 },
  { "Te",  120,       80,     0.05,  5,  "CN:45,JP:25,SE:15,CA:15", "USD/kg", 78 },
  { "Sn",  20000,     26,     0.02,  30, "ID:40,MY:25,TH:15,PE:10,CN:10", "USD/kg", 25.9 },
  { "Si",  120000,    2.5,    0.06,  1,  "CN:60,NO:12,BR:10,MY:10,AU:8", "USD/kg", 2.4 },
  { "Co",  12000,     35,     0.09,  32, "CN:32,FI:25,BE:10,NO:10,CD:10,JP:8,MA:5", NULL, 0 },
  { "Ni",  180000,    22,     0.12,  40, "ID:25,AU:15,NO:12,JP:12,CA:10,PH:10,FI:8,NC:8", NULL, 0 },
  { "B",   20000,     1,      0.02,  0,  "TR:55,US:25,CL:10,RU:10", "USD/kg", 0.95 },
  { "Ga",  25,        450,    0.05,  25, "CN:78,JP:12,DE:6,US:4", NULL, 0 },
  { "In",  150,       250,    0.02,  35, "CN:40,JP:25,PE:10,BE:10,CA:10,FR:5", NULL, 0 },
  { "Tl",  1,         5000,   0.00,  0,  "CN:50,KZ:30,DE:20", "USD/kg", 5200 },
  { "Cd",  200,       3,      -0.03, 15, "CN:40,JP:30,CA:15,PE:15", "USD/kg", 2.9 },
  { "Ti",  15000,     10,     0.04,  20, "JP:50,CN:25,KZ:20,UA:5", NULL, 0 },
  { "Zr",  20000,     2.5,    0.02,  1,  "AU:45,ZA:30,CN:15,MZ:10", "USD/kg", 2.3 },
  { "Hf",  5,         5000,   0.06,  1,  "FR:50,US:35,CN:15", "USD/kg", 4800 },
  { "V",   4000,      30,     0.03,  40, "CN:40,ZA:25,RU:15,BR:10,AT:10", NULL, 0 },
  { "Nb",  6000,      40,     0.03,  20, "BR:85,CA:10,CN:5", NULL, 0 },
  { "Ta",  150,       300,    0.02,  20, "CN:30,DE:20,KZ:15,JP:15,US:10,RW:10", NULL, 0 },
  { "Cr",  150000,    2,      0.02,  20, "ZA:45,KZ:25,IN:15,FI:10,TR:5", "USD/kg", 2.1 },
  { "Mo",  25000,     45,     0.03,  30, "CL:35,US:20,PE:15,MX:10,CN:10,CA:10", NULL, 0 },
  { "W",   4000,      40,     0.02,  35, "CN:72,VN:12,AT:6,DE:5,JP:5", NULL, 0 },
  { "Mn",  1800000,   0.25,   0.03,  30, "ZA:40,AU:30,GA:15,CN:10,BR:5", NULL, 0 },
  { "Re",  2,         1500,   0.01,  50, "CL:55,US:20,PL:15,KZ:10", "USD/kg", 1400 },
  { "REE", 3000,      20,     0.04,  1,  "CN:65,JP:12,VN:8,MY:8,EE:7", NULL, 0 },
  { "PGM", 30,        40000,  0.01,  60, "ZA:45,RU:20,US:10,GB:10,JP:10,DE:5", "USD/kg", 36000 },
  { "Nd",  600,       100,    0.08,  1,  "CN:80,VN:10,JP:10", NULL, 0 },
  { "Dy",  40,        350,    0.06,  1,  "CN:90,JP:10", NULL, 0 },
  { "Tb",  8,         1500,   0.06,  1,  "CN:92,JP:8", NULL, 0 },
  { "Ce",  2000,      2,      0.02,  1,  "CN:85,JP:10,EE:5", NULL, 0 },
  { "La",  1500,      1.5,    0.02,  1,  "CN:85,JP:8,MY:7", NULL, 0 },
  { "Pt",  15,        30000,  0.01,  60, "ZA:55,GB:15,RU:10,DE:10,US:10", NULL, 0 },
  { "Pd",  12,        45000,  0.00,  60, "RU:35,ZA:30,US:15,GB:10,DE:10", NULL, 0 },
  { "C",   150000,    1.2,    0.10,  1,  "CN:88,MZ:5,BR:3,MG:2,TZ:2", NULL, 0 },
  { "Cu",  700000,    8.5,    0.02,  35, "CL:50,PE:15,AU:10,JP:10,CA:8,PH:7", "USD/t", 8480 },
  { "Al",  1300000,   2.4,    0.02,  40, "AU:30,IN:20,AE:15,MY:15,RU:10,CN:10", "USD/t", 2250 },
  { "Pb",  600000,    2,      0.01,  60, "AU:30,PE:20,US:15,MX:15,RU:10,CN:10", "USD/t", 2140 },
  { "Zn",  1400000,   2.7,    0.01,  25, "AU:35,PE:25,US:10,BO:10,MX:10,RU:10", "USD/t", 2650 },
};

const DgMetalProfile *
dg_metal_profile (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (g_str_equal (profiles[i].code, code))
      return &profiles[i];
  return NULL;
}
