/* heeyu-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-application.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_PREFERENCES_WINDOW (heeyu_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuPreferencesWindow, heeyu_preferences_window, HEEYU, PREFERENCES_WINDOW, AdwPreferencesWindow)

HeeyuPreferencesWindow *heeyu_preferences_window_new (HeeyuApplication *application);

G_END_DECLS
