/* heeyu-sync-preferences.h: the "Server" group of Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HEEYU_TYPE_SYNC_PREFERENCES (heeyu_sync_preferences_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuSyncPreferences, heeyu_sync_preferences, HEEYU, SYNC_PREFERENCES,
                      AdwPreferencesGroup)

G_END_DECLS
