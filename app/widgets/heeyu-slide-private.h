/* heeyu-slide-private.h: internals shared by the slide drawing files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *heeyu_slide_stage_name   (const char *code,
                                      gboolean    korean);
const char *heeyu_slide_region_name  (const char *code,
                                      gboolean    korean);
const char *heeyu_slide_country_name (const char *code,
                                      gboolean    korean);

G_END_DECLS
