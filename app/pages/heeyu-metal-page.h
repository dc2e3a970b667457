/* heeyu-metal-page.h: one metal in detail
 *
 * The index with each component's value, score and weight (missing ones
 * named), the price history with the supply events as markers, world
 * production by country per stage, Korea's import sources, stockpile days
 * against the target, the supply events and the companies of the directory
 * that handle the metal.  The figures are read in a worker thread.
 *
 * Signals:
 *   "back" (): the user asked to go back (back button, Alt+Left, Escape).
 *   "show-companies" (const char *code): the user asked for the companies
 *   handling the metal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-cache.h"
#include "heeyu-index.h"
#include "heeyu-metal.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_METAL_PAGE (heeyu_metal_page_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuMetalPage, heeyu_metal_page, HEEYU, METAL_PAGE, GtkWidget)

void        heeyu_metal_page_set_cache      (HeeyuMetalPage          *self,
                                             HeeyuCache              *cache);
/* Shows @metal with its index @result (NULL: no index); @as_of is the date
 * the data stands at, written under every chart. */
void        heeyu_metal_page_show           (HeeyuMetalPage          *self,
                                             HeeyuMetal              *metal,
                                             const HeeyuIndexResult  *result,
                                             const char              *as_of);
/* The metal shown, NULL before the first. */
const char *heeyu_metal_page_get_code       (HeeyuMetalPage          *self);
/* TRUE once the figures of the metal shown are on screen ("loaded"). */
gboolean    heeyu_metal_page_get_loaded     (HeeyuMetalPage          *self);
/* What the component row of @key shows: its value, score and weight texts.
 * FALSE when there is no such row. */
gboolean    heeyu_metal_page_get_component_texts (HeeyuMetalPage     *self,
                                                  const char         *key,
                                                  const char        **value,
                                                  const char        **score,
                                                  const char        **weight);
/* The chart cards shown (HeeyuChartCard), in page order. */
GPtrArray  *heeyu_metal_page_get_charts     (HeeyuMetalPage          *self);

G_END_DECLS
