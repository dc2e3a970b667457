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

/* "1,234": grouped by thousands with commas. */
char       *heeyu_format_count          (gint64      n);

G_END_DECLS
