/* heeyu-metal-card.h: one metal on the overview grid
 *
 * Symbol, names in both languages (the UI language first), the stability
 * index with its band written out (the band colour is never the only cue), a
 * "partial" mark when components are missing, a trend arrow against the year
 * before and a sparkline of the index history.  A metal without any index
 * says "No data".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "heeyu-index.h"
#include "heeyu-metal.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_METAL_CARD (heeyu_metal_card_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuMetalCard, heeyu_metal_card, HEEYU, METAL_CARD, GtkWidget)

/* @result may be NULL (no index for this metal). */
GtkWidget  *heeyu_metal_card_new            (HeeyuMetal             *metal,
                                             const HeeyuIndexResult *result);
HeeyuMetal *heeyu_metal_card_get_metal      (HeeyuMetalCard         *self);
/* What the card shows, as text: "24.7" or "No data"; the band's name ("Crisis")
 * or "No data"; TRUE when the card carries the "partial" mark. */
const char *heeyu_metal_card_get_index_text (HeeyuMetalCard         *self);
const char *heeyu_metal_card_get_band_text  (HeeyuMetalCard         *self);
gboolean    heeyu_metal_card_get_partial    (HeeyuMetalCard         *self);

/* The style class of a band code ("band-crisis" ...), "band-none" for NULL;
 * the same classes colour the band badges of every page. */
const char *heeyu_band_style_class          (const char             *band_code);
/* A badge: the band's name in its colour; NULL @band_code = "No data". */
GtkWidget  *heeyu_band_badge_new            (const char             *band_code,
                                             const char             *band_name);
/* Band name in the UI language. */
const char *heeyu_index_result_band_name    (const HeeyuIndexResult *result);

G_END_DECLS
