/* heeyu-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "heeyu-company-query.h"
#include "heeyu-format.h"

typedef struct
{
  const char *code;
  const char *name;
} CodeName;

static const CodeName groups[] = {
  { "alkali and alkaline-earth", N_("Alkali and alkaline-earth metals") },
  { "semi-metal", N_("Semi-metals") },
  { "iron group", N_("Iron group") },
  { "boron group", N_("Boron group") },
  { "high-melting-point", N_("High-melting-point metals") },
  { "rare earth", N_("Rare earths") },
  { "platinum group", N_("Platinum-group metals") },
  { "other critical mineral", N_("Other critical minerals") },
};

static const CodeName uses[] = {
  { "semiconductor", N_("Semiconductors") },
  { "ev", N_("EV batteries") },
  { "ev_battery", N_("EV batteries") },
  { "aviation", N_("Aviation") },
  { "defense", N_("Defense") },
  { "display", N_("Displays") },
  { "energy", N_("Energy") },
  { "steel", N_("Steel") },
};

/* The value-chain stages of companies are the directory's (core) words;
 * these are the production stages of the USGS figures. */
static const CodeName stages[] = {
  { "mine", N_("Mine") },
  { "refinery", N_("Refinery") },
};

static const CodeName countries[] = {
  { "AE", N_("United Arab Emirates") },
  { "AM", N_("Armenia") },
  { "AR", N_("Argentina") },
  { "AT", N_("Austria") },
  { "AU", N_("Australia") },
  { "BE", N_("Belgium") },
  { "BI", N_("Burundi") },
  { "BO", N_("Bolivia") },
  { "BR", N_("Brazil") },
  { "CA", N_("Canada") },
  { "CD", N_("DR Congo") },
  { "CG", N_("Republic of the Congo") },
  { "CI", N_("Côte d’Ivoire") },
  { "CL", N_("Chile") },
  { "CN", N_("China") },
  { "CU", N_("Cuba") },
  { "DE", N_("Germany") },
  { "EE", N_("Estonia") },
  { "ES", N_("Spain") },
  { "FI", N_("Finland") },
  { "FR", N_("France") },
  { "GA", N_("Gabon") },
  { "GB", N_("United Kingdom") },
  { "GE", N_("Georgia") },
  { "GH", N_("Ghana") },
  { "GL", N_("Greenland") },
  { "GT", N_("Guatemala") },
  { "ID", N_("Indonesia") },
  { "IL", N_("Israel") },
  { "IN", N_("India") },
  { "IR", N_("Iran") },
  { "IT", N_("Italy") },
  { "JP", N_("Japan") },
  { "KG", N_("Kyrgyzstan") },
  { "KP", N_("North Korea") },
  { "KR", N_("South Korea") },
  { "KZ", N_("Kazakhstan") },
  { "LA", N_("Laos") },
  { "LK", N_("Sri Lanka") },
  { "MA", N_("Morocco") },
  { "MG", N_("Madagascar") },
  { "MM", N_("Myanmar") },
  { "MN", N_("Mongolia") },
  { "MX", N_("Mexico") },
  { "MY", N_("Malaysia") },
  { "MZ", N_("Mozambique") },
  { "NC", N_("New Caledonia") },
  { "NG", N_("Nigeria") },
  { "NL", N_("Netherlands") },
  { "NO", N_("Norway") },
  { "PE", N_("Peru") },
  { "PG", N_("Papua New Guinea") },
  { "PH", N_("Philippines") },
  { "PK", N_("Pakistan") },
  { "PL", N_("Poland") },
  { "PT", N_("Portugal") },
  { "RU", N_("Russia") },
  { "RW", N_("Rwanda") },
  { "SA", N_("Saudi Arabia") },
  { "SE", N_("Sweden") },
  { "TH", N_("Thailand") },
  { "TJ", N_("Tajikistan") },
  { "TR", N_("Turkey") },
  { "TW", N_("Taiwan") },
  { "TZ", N_("Tanzania") },
  { "UA", N_("Ukraine") },
  { "US", N_("United States") },
  { "UZ", N_("Uzbekistan") },
  { "VN", N_("Vietnam") },
  { "ZA", N_("South Africa") },
  { "ZM", N_("Zambia") },
  { "ZW", N_("Zimbabwe") },
  { "OTHER", N_("Other countries") },
  { "WORLD", N_("World") },
};

static const CodeName event_kinds[] = {
  { "export_control", N_("Export control") },
  { "export_ban", N_("Export ban") },
  { "disruption", N_("Disruption") },
  { "policy", N_("Policy") },
};

/* Korean place names as the records carry them, with the romanised names
 * an English reader knows (Revised Romanization; the complexes' own English
 * names).  Proper nouns, so a table rather than translations. */
static const struct
{
  const char *ko;
  const char *en;
} places[] = {
  { "광양시", "Gwangyang" },
  { "광주광역시", "Gwangju" },
  { "구미시", "Gumi" },
  { "군산시", "Gunsan" },
  { "당진시", "Dangjin" },
  { "대구광역시", "Daegu" },
  { "대전광역시", "Daejeon" },
  { "동해시", "Donghae" },
  { "부산광역시", "Busan" },
  { "삼척시", "Samcheok" },
  { "서울특별시", "Seoul" },
  { "성남시", "Seongnam" },
  { "시흥시", "Siheung" },
  { "안산시", "Ansan" },
  { "여수시", "Yeosu" },
  { "영월군", "Yeongwol" },
  { "울산광역시", "Ulsan" },
  { "인천광역시", "Incheon" },
  { "창원시", "Changwon" },
  { "청주시", "Cheongju" },
  { "평택시", "Pyeongtaek" },
  { "포항시", "Pohang" },
  { "세종특별자치시", "Sejong" },
  { "제주시", "Jeju" },
  { "천안시", "Cheonan" },
  { "아산시", "Asan" },
  { "김해시", "Gimhae" },
  { "화성시", "Hwaseong" },
  { "익산시", "Iksan" },
  { "원주시", "Wonju" },
  { "광양국가산업단지", "Gwangyang National Industrial Complex" },
  { "구미국가산업단지", "Gumi National Industrial Complex" },
  { "군산국가산업단지", "Gunsan National Industrial Complex" },
  { "남동국가산업단지", "Namdong National Industrial Complex" },
  { "녹산국가산업단지", "Noksan National Industrial Complex" },
  { "대구국가산업단지", "Daegu National Industrial Complex" },
  { "대덕연구개발특구", "Daedeok Innopolis" },
  { "반월국가산업단지", "Banwol National Industrial Complex" },
  { "북평국가산업단지", "Bukpyeong National Industrial Complex" },
  { "새만금국가산업단지", "Saemangeum National Industrial Complex" },
  { "서울디지털산업단지", "Seoul Digital Industrial Complex" },
  { "시화국가산업단지", "Sihwa National Industrial Complex" },
  { "아산국가산업단지", "Asan National Industrial Complex" },
  { "여수국가산업단지", "Yeosu National Industrial Complex" },
  { "영일만일반산업단지", "Yeongilman Industrial Complex" },
  { "오창과학산업단지", "Ochang Science Industrial Complex" },
  { "온산국가산업단지", "Onsan National Industrial Complex" },
  { "울산미포국가산업단지", "Ulsan Mipo National Industrial Complex" },
  { "인천서부산업단지", "Incheon Seobu Industrial Complex" },
  { "창원국가산업단지", "Changwon National Industrial Complex" },
  { "청주일반산업단지", "Cheongju Industrial Complex" },
  { "판교테크노밸리", "Pangyo Techno Valley" },
  { "평택포승국가산업단지", "Pyeongtaek Poseung National Industrial Complex" },
  { "포항철강산업단지", "Pohang Steel Industrial Complex" },
  { "하남산업단지", "Hanam Industrial Complex" },
};

static const char *
lookup (const CodeName *table,
        gsize           n,
        const char     *code)
{
  if (code == NULL)
    return "";

  for (gsize i = 0; i < n; i++)
    if (g_str_equal (table[i].code, code))
      return _(table[i].name);

  return code;
}

gboolean
heeyu_format_prefers_korean (void)
{
  const char * const *names = g_get_language_names ();

  /* The first entry is the user's first choice (LANGUAGE, then LC_ALL,
   * LC_MESSAGES, LANG); "C" means untranslated. */
  return names[0] != NULL && g_str_has_prefix (names[0], "ko");
}

/* The directory's facet labels are the one list of region and stage names. */
const char *
heeyu_format_region (const char *code)
{
  return code != NULL ? heeyu_company_facet_value_label (HEEYU_COMPANY_FACET_REGION, code) : "";
}

const char *
heeyu_format_metal_group (const char *group)
{
  return lookup (groups, G_N_ELEMENTS (groups), group);
}

const char *
heeyu_format_use (const char *use)
{
  return lookup (uses, G_N_ELEMENTS (uses), use);
}

const char *
heeyu_format_stage (const char *stage)
{
  if (stage != NULL && (g_str_equal (stage, "mine") || g_str_equal (stage, "refinery")))
    return lookup (stages, G_N_ELEMENTS (stages), stage);
  return stage != NULL ? heeyu_company_facet_value_label (HEEYU_COMPANY_FACET_STAGE, stage) : "";
}

char *
heeyu_format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) ABS (n));
  GString *out = g_string_new (n < 0 ? "-" : "");
  gsize len = strlen (digits);

  /* Korean and English both group by thousands with a comma; the C locale
   * the app may run under would not group at all. */
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

const char *
heeyu_format_country (const char *iso_3166_1)
{
  return lookup (countries, G_N_ELEMENTS (countries), iso_3166_1);
}

const char *
heeyu_format_event_kind (const char *kind)
{
  return lookup (event_kinds, G_N_ELEMENTS (event_kinds), kind);
}

const char *
heeyu_format_pick_name (const char *name_en,
                        const char *name_ko)
{
  gboolean korean = heeyu_format_prefers_korean ();
  const char *first = korean ? name_ko : name_en;
  const char *second = korean ? name_en : name_ko;

  return first != NULL && *first != '\0' ? first : (second != NULL ? second : "");
}

const char *
heeyu_format_other_name (const char *name_en,
                         const char *name_ko)
{
  const char *other = heeyu_format_prefers_korean () ? name_en : name_ko;

  return other != NULL ? other : "";
}

const char *
heeyu_format_place (const char *korean)
{
  if (korean == NULL || heeyu_format_prefers_korean ())
    return korean;

  for (gsize i = 0; i < G_N_ELEMENTS (places); i++)
    if (g_str_equal (places[i].ko, korean))
      return places[i].en;

  return korean;
}
