/* heeyu-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-application.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_WINDOW (heeyu_window_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuWindow, heeyu_window, HEEYU, WINDOW, AdwApplicationWindow)

HeeyuWindow *heeyu_window_new         (HeeyuApplication *application);
void         heeyu_window_add_toast   (HeeyuWindow      *self,
                                       const char       *message);
/* Shows @toast (transfer full), for a toast with a button. */
void         heeyu_window_show_toast  (HeeyuWindow      *self,
                                       AdwToast         *toast);
/* "loading", "error" or "views" */
const char  *heeyu_window_get_state_name (HeeyuWindow   *self);
void         heeyu_window_show_view   (HeeyuWindow      *self,
                                       const char       *name);
/* The page widget of a view ("overview", "companies"), for tests. */
GtkWidget   *heeyu_window_get_page    (HeeyuWindow      *self,
                                       const char       *name);

G_END_DECLS
