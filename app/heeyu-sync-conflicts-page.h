/* heeyu-sync-conflicts-page.h: the edits the server did not take, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HEEYU_TYPE_SYNC_CONFLICTS_PAGE (heeyu_sync_conflicts_page_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuSyncConflictsPage, heeyu_sync_conflicts_page, HEEYU, SYNC_CONFLICTS_PAGE, GtkBox)

/* Reads the conflicts again. */
void heeyu_sync_conflicts_page_reload (HeeyuSyncConflictsPage *self);

G_END_DECLS
