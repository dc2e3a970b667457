/* heeyu-filter-chip.h: an active filter, removable with one click
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define HEEYU_TYPE_FILTER_CHIP (heeyu_filter_chip_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuFilterChip, heeyu_filter_chip, HEEYU, FILTER_CHIP, GtkButton)

/* A chip "@category: @label" that stands for filter @key = @value; clicking
 * it (or Delete / BackSpace on it) emits "remove". */
GtkWidget  *heeyu_filter_chip_new        (const char      *category,
                                          const char      *label,
                                          int              key,
                                          const char      *value);
int         heeyu_filter_chip_get_key    (HeeyuFilterChip *self);
const char *heeyu_filter_chip_get_value  (HeeyuFilterChip *self);

G_END_DECLS
