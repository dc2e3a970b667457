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
