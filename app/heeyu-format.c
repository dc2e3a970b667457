/* heeyu-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "heeyu-format.h"

typedef struct
{
  const char *code;
  const char *name;
} CodeName;

/* ISO 3166-2:KR */
static const CodeName regions[] = {
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
};

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

static const CodeName stages[] = {
  { "mining", N_("Mining") },
  { "mine", N_("Mine") },
  { "refining", N_("Refining") },
  { "refinery", N_("Refinery") },
  { "smelting", N_("Smelting") },
  { "materials", N_("Materials") },
  { "components", N_("Components") },
  { "recycling", N_("Recycling") },
  { "trading", N_("Trading") },
  { "research", N_("Research") },
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

const char *
heeyu_format_region (const char *code)
{
  return lookup (regions, G_N_ELEMENTS (regions), code);
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
  return lookup (stages, G_N_ELEMENTS (stages), stage);
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
