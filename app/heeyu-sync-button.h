/* heeyu-sync-button.h: the header bar's sync status and "Sync now"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HEEYU_TYPE_SYNC_BUTTON (heeyu_sync_button_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuSyncButton, heeyu_sync_button, HEEYU, SYNC_BUTTON, GtkBox)

G_END_DECLS
