/* heeyu-format.h: words for codes, in the user's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when the UI is shown in Korean (LANGUAGE/LC_MESSAGES), so that
 * Korean names lead and English ones follow. */
gboolean    heeyu_format_prefers_korean (void);

/* Display names of codes; an unknown code is returned as it is. */
const char *heeyu_format_region         (const char *iso_3166_2_kr);
const char *heeyu_format_metal_group    (const char *group);
const char *heeyu_format_use            (const char *use);
const char *heeyu_format_stage          (const char *stage);
/* A city or industrial complex as stored (in Korean): its romanised name in
 * an English UI when known, else as it is. */
const char *heeyu_format_place          (const char *korean);
/* ISO 3166-1 alpha-2 codes, plus "OTHER" and "WORLD" of the observations. */
const char *heeyu_format_country        (const char *iso_3166_1);
/* Supply events: export_control, export_ban, disruption, policy. */
const char *heeyu_format_event_kind     (const char *kind);

/* Of a name given in both languages, the one of the UI language (the other
 * when that one is missing), and the other one ("" when missing). */
const char *heeyu_format_pick_name      (const char *name_en,
                                         const char *name_ko);
const char *heeyu_format_other_name     (const char *name_en,
                                         const char *name_ko);

/* "1,234": grouped by thousands with commas. */
char       *heeyu_format_count          (gint64      n);

G_END_DECLS
