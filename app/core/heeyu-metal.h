/* heeyu-metal.h: one metal (or group: REE, PGM) as the views see it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "heeyu-cache.h"

G_BEGIN_DECLS

typedef enum
{
  HEEYU_METAL_LIST_RARE_METAL_35 = 1 << 0,
  HEEYU_METAL_LIST_CRITICAL_33   = 1 << 1,
  HEEYU_METAL_LIST_STRATEGIC_10  = 1 << 2,
} HeeyuMetalLists;

#define HEEYU_TYPE_METAL (heeyu_metal_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuMetal, heeyu_metal, HEEYU, METAL, GObject)

/* Properties: "code", "name-en", "name-ko", "group", "lists" (flags as uint),
 * "stockpile-target-days". */
const char          *heeyu_metal_get_code                  (HeeyuMetal *self);
const char          *heeyu_metal_get_name_en               (HeeyuMetal *self);
const char          *heeyu_metal_get_name_ko               (HeeyuMetal *self);
const char          *heeyu_metal_get_group                 (HeeyuMetal *self);
HeeyuMetalLists      heeyu_metal_get_lists                 (HeeyuMetal *self);
const char * const  *heeyu_metal_get_aliases_ko            (HeeyuMetal *self);
const char * const  *heeyu_metal_get_elements              (HeeyuMetal *self);
const char * const  *heeyu_metal_get_uses                  (HeeyuMetal *self);
int                  heeyu_metal_get_stockpile_target_days (HeeyuMetal *self);

/* Builds a metal from the `data` object of a metal record. */
HeeyuMetal          *heeyu_metal_new_from_json             (const char *code,
                                                            const char *data_json);

/* All metals, ordered as in the KIRAM classification (rare-metal types first,
 * then the other critical minerals), as a GListModel of HeeyuMetal. */
GListModel          *heeyu_cache_list_metals               (HeeyuCache *cache,
                                                            GError    **error);

G_END_DECLS
