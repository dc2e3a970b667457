/* test-ui.c: the window on a fresh cache, under a real X server
 *
 * What a new user sees: the window opens, the bundled sample is loaded,
 * the overview lists Korea's rare metals and the Companies view lists the
 * sample directory.  Screenshots are kept in tests/artifacts/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "heeyu-application.h"
#include "heeyu-sample.h"
#include "heeyu-companies-page.h"
#include "heeyu-overview-page.h"
#include "heeyu-test-ui.h"
#include "heeyu-window.h"

typedef struct
{
  char             *data_home;
  HeeyuApplication *app;
  HeeyuWindow      *window;
} Fixture;

static gboolean
window_ready (gpointer user_data)
{
  Fixture *f = user_data;
  GtkWidget *overview = heeyu_window_get_page (f->window, "overview");

  return gtk_widget_get_mapped (GTK_WIDGET (f->window))
         && gtk_widget_get_width (overview) > 0
         && g_strcmp0 (heeyu_window_get_state_name (f->window), "views") == 0
         && heeyu_overview_page_get_metals (HEEYU_OVERVIEW_PAGE (overview)) != NULL;
}

static gboolean
companies_listed (gpointer user_data)
{
  Fixture *f = user_data;
  HeeyuCompaniesPage *page = HEEYU_COMPANIES_PAGE (heeyu_window_get_page (f->window, "companies"));
  HeeyuCompanyList *list = heeyu_companies_page_get_list (page);

  return list != NULL
         && !heeyu_company_list_get_loading (list)
         && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  /* A fixture that prepared a cache of its own keeps it. */
  if (f->data_home == NULL)
    f->data_home = heeyu_test_data_home_new ();

  f->app = heeyu_test_ui_app_new ();
  f->window = heeyu_test_ui_app_activate (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
}

static gboolean
window_shows_error (gpointer user_data)
{
  Fixture *f = user_data;

  return g_strcmp0 (heeyu_window_get_state_name (f->window), "error") == 0;
}

static gboolean
window_shows_views (gpointer user_data)
{
  Fixture *f = user_data;

  return g_strcmp0 (heeyu_window_get_state_name (f->window), "views") == 0
         && heeyu_application_get_state (f->app) == HEEYU_APPLICATION_READY;
}

/* A cache with the sample and one unsent edit, then damaged in the middle,
 * as a disk or a crash might leave it. */
static void
fixture_setup_corrupt (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *path = NULL;
  guint8 garbage[16384];
  goffset size;

  data_home = heeyu_test_data_home_new ();
  path = heeyu_cache_default_path ();

  {
    g_autoptr(HeeyuCache) cache = heeyu_cache_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (heeyu_sample_ensure (cache, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_exec (heeyu_cache_get_db (cache),
                                   "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) "
                                   "VALUES ('note', 'n-1', 'upsert', 0, "
                                   "'{\"target_kind\":\"company\",\"target_id\":\"x\",\"body\":\"keep me\",\"status\":\"open\"}', "
                                   "'2026-11-27T00:00:00Z')",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpuint (heeyu_cache_outbox_count (cache), ==, 1);
  }

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  g_assert_no_error (error);
  size = g_file_info_get_size (info);
  g_assert_cmpint (size, >, (goffset) sizeof garbage * 4);
  memset (garbage, 0xA5, sizeof garbage);
  io = g_file_open_readwrite (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_seekable_seek (G_SEEKABLE (io), size / 2, G_SEEK_SET, NULL, &error));
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (io)),
                                            garbage, sizeof garbage, NULL, NULL, &error));
  g_assert_true (g_io_stream_close (G_IO_STREAM (io), NULL, &error));
  g_assert_no_error (error);

  f->data_home = g_steal_pointer (&data_home);
  fixture_setup (f, data);
}

static void
test_corrupt_cache (Fixture       *f,
                    gconstpointer  data)
{
  HeeyuCache *cache;

  /* The user is told, in words, and offered the rebuild. */
  g_assert_true (heeyu_test_ui_wait_until (window_shows_error, f, 60));
  g_assert_cmpint (heeyu_application_get_state (f->app), ==, HEEYU_APPLICATION_FAILED);
  g_assert_error (heeyu_application_get_error (f->app), HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_CORRUPT);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "recover-cache", NULL);
  g_assert_true (heeyu_test_ui_wait_until (window_shows_views, f, 60));

  /* The rebuilt cache has the sample again, and the unsent edit survived. */
  cache = heeyu_application_get_cache (f->app);
  g_assert_nonnull (cache);
  g_assert_cmpint (heeyu_cache_count (cache, "metal"), ==, 47);
  g_assert_cmpuint (heeyu_cache_outbox_count (cache), ==, 1);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  heeyu_test_ui_app_close (f->window, &f->app, &f->data_home);
}

static void
test_first_start (Fixture       *f,
                  gconstpointer  data)
{
  const char *lang = data;
  HeeyuOverviewPage *overview;
  GListModel *metals;
  HeeyuCompaniesPage *companies;
  guint n_companies;
  gboolean found_ga = FALSE;
  g_autofree char *shot = NULL;

  /* A fresh cache: the window opens, loads the bundled sample, shows it. */
  g_assert_true (heeyu_test_ui_wait_until (window_ready, f, 60));

  overview = HEEYU_OVERVIEW_PAGE (heeyu_window_get_page (f->window, "overview"));
  metals = heeyu_overview_page_get_metals (overview);
  /* 35 rare-metal types and the other critical minerals of the CSV */
  g_assert_cmpuint (g_list_model_get_n_items (metals), ==, 47);
  for (guint i = 0; i < g_list_model_get_n_items (metals); i++)
    {
      g_autoptr(GObject) metal = g_list_model_get_item (metals, i);
      g_autofree char *code = NULL, *name_ko = NULL;

      g_object_get (metal, "code", &code, "name-ko", &name_ko, NULL);
      if (g_strcmp0 (code, "Ga") == 0)
        {
          found_ga = TRUE;
          g_assert_cmpstr (name_ko, ==, "갈륨");
        }
    }
  g_assert_true (found_ga);

  /* Let the flow box lay out the cards before the picture is taken. */
  heeyu_test_ui_spin (50);
  shot = g_strdup_printf ("overview-%s.png", lang);
  heeyu_test_ui_save_screenshot (GTK_WIDGET (f->window), shot);

  heeyu_window_show_view (f->window, "companies");
  g_assert_true (heeyu_test_ui_wait_until (companies_listed, f, 30));
  companies = HEEYU_COMPANIES_PAGE (heeyu_window_get_page (f->window, "companies"));
  n_companies = g_list_model_get_n_items (G_LIST_MODEL (heeyu_companies_page_get_list (companies)));
  g_assert_cmpuint (n_companies, >=, 1500);

  heeyu_test_ui_spin (50);
  g_free (shot);
  shot = g_strdup_printf ("companies-%s.png", lang);
  heeyu_test_ui_save_screenshot (GTK_WIDGET (f->window), shot);
}

static void
test_translated (Fixture       *f,
                 gconstpointer  data)
{
  /* With LANGUAGE=ko the visible strings come from ko.po. */
  g_assert_true (heeyu_test_ui_wait_until (window_ready, f, 60));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "희유");
  g_assert_cmpstr (_("Companies"), ==, "기업");
  g_assert_cmpstr (_("Overview"), ==, "개요");
}

int
main (int   argc,
      char *argv[])
{
  const char *lang;

  if (!heeyu_test_ui_init (&argc, &argv))
    return 0;
  /* Screenshots must show the settled screen, not a crossfade. */
  heeyu_test_ui_disable_animations ();

  lang = g_strcmp0 (g_getenv ("LANGUAGE"), "ko") == 0 ? "ko" : "en";
  g_test_add ("/ui/first-start", Fixture, lang, fixture_setup, test_first_start, fixture_teardown);
  g_test_add ("/ui/corrupt-cache", Fixture, lang, fixture_setup_corrupt, test_corrupt_cache, fixture_teardown);
  if (g_str_equal (lang, "ko"))
    g_test_add ("/ui/translated", Fixture, lang, fixture_setup, test_translated, fixture_teardown);

  return g_test_run ();
}
