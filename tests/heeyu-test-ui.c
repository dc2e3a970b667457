/* heeyu-test-ui.c: what the tests of the window share, under a real X server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <unistd.h>

#include "heeyu-test-ui.h"

/* Translations from the build's po/, then GTest and a display.  Without a
 * display the program says so in TAP and the caller returns 0. */
gboolean
heeyu_test_ui_init (int    *argc,
                    char ***argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("HEEYU_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      /* Only meaningful under a display: meson test runs under xvfb-run. */
      g_print ("1..0 # SKIP no display (run the ui suite under xvfb-run)\n");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

/* Screenshots must show the settled screen, not a transition. */
void
heeyu_test_ui_disable_animations (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* Runs the main loop until @check holds; FALSE if it still does not after
 * @timeout_s seconds. */
gboolean
heeyu_test_ui_wait_until (HeeyuTestCheck check,
                          gpointer       user_data,
                          guint          timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (!check (user_data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  return TRUE;
}

/* @n iterations of the main loop, without waiting for anything. */
void
heeyu_test_ui_spin (guint n)
{
  for (guint i = 0; i < n; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Lets the frame clock lay out and paint for @ms: resizes and new rows
 * take a frame or two, which iterations alone do not wait for. */
void
heeyu_test_ui_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

/* Saves what @widget shows as tests/artifacts/@name in the build tree. */
void
heeyu_test_ui_save_screenshot (GtkWidget  *widget,
                               const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "artifacts", NULL);
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = 0, height = 0;

  /* A new window or a resize takes a few frames to be laid out. */
  for (int i = 0; i < 20 && node == NULL; i++)
    {
      heeyu_test_ui_settle (150);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* A registered HeeyuApplication with an id of its own, so that one test's
 * app never answers for another's (in this process or the next). */
HeeyuApplication *
heeyu_test_ui_app_new (void)
{
  static guint n_apps;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_id = g_strdup_printf ("io.github.heeyu.HeeyuTest.p%d.a%u",
                                             (int) getpid (), n_apps++);
  HeeyuApplication *app;

  app = g_object_new (HEEYU_TYPE_APPLICATION,
                      "application-id", app_id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", RESOURCE_PREFIX,
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

/* Activates @app as a launch would; returns the window it opened. */
HeeyuWindow *
heeyu_test_ui_app_activate (HeeyuApplication *app)
{
  HeeyuWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = HEEYU_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  return window;
}

/* Closes @window (if the test has not) and lets what that starts finish
 * before @app goes; then removes @data_home (the cache, its WAL files). */
void
heeyu_test_ui_app_close (HeeyuWindow       *window,
                         HeeyuApplication **app,
                         char             **data_home)
{
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  heeyu_test_ui_spin (100);
  for (guint i = 0; i < 100000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
  g_clear_object (app);
  heeyu_test_rm_rf (*data_home);
  g_clear_pointer (data_home, g_free);
}
