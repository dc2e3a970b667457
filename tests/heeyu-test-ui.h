/* heeyu-test-ui.h: what the tests of the window share, under a real X server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-application.h"
#include "heeyu-test-util.h"
#include "heeyu-window.h"

G_BEGIN_DECLS

typedef gboolean (*HeeyuTestCheck) (gpointer user_data);

gboolean          heeyu_test_ui_init                 (int              *argc,
                                                      char           ***argv);
void              heeyu_test_ui_disable_animations   (void);

gboolean          heeyu_test_ui_wait_until           (HeeyuTestCheck    check,
                                                      gpointer          user_data,
                                                      guint             timeout_s);
void              heeyu_test_ui_spin                 (guint             n);
void              heeyu_test_ui_settle               (guint             ms);
void              heeyu_test_ui_save_screenshot      (GtkWidget        *widget,
                                                      const char       *name);

HeeyuApplication *heeyu_test_ui_app_new              (void);
HeeyuWindow      *heeyu_test_ui_app_activate         (HeeyuApplication *app);
void              heeyu_test_ui_app_close            (HeeyuWindow      *window,
                                                      HeeyuApplication **app,
                                                      char            **data_home);

G_END_DECLS
