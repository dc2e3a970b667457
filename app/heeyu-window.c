/* heeyu-window.c: wires the pages together; knows no data itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "heeyu-companies-page.h"
#include "heeyu-overview-page.h"
#include "heeyu-risk-page.h"
#include "heeyu-sync-controller.h"
#include "heeyu-sync-button.h"
#include "heeyu-sync-conflicts-page.h"
#include "heeyu-window.h"

struct _HeeyuWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwViewSwitcherTitle *switcher_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwViewStack         *view_stack;
  HeeyuOverviewPage    *overview_page;
  HeeyuCompaniesPage   *companies_page;
  HeeyuRiskPage        *risk_page;
};

G_DEFINE_FINAL_TYPE (HeeyuWindow, heeyu_window, ADW_TYPE_APPLICATION_WINDOW)

static void
update_from_application (HeeyuWindow *self)
{
  HeeyuApplication *app = HEEYU_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  const GError *error;

  if (app == NULL)
    return;

  switch (heeyu_application_get_state (app))
    {
    case HEEYU_APPLICATION_LOADING:
      gtk_stack_set_visible_child_name (self->main_stack, "loading");
      break;

    case HEEYU_APPLICATION_FAILED:
      error = heeyu_application_get_error (app);
      if (g_error_matches (error, HEEYU_CACHE_ERROR, HEEYU_CACHE_ERROR_CORRUPT))
        {
          g_autofree char *path = heeyu_cache_default_path ();
          g_autofree char *text = NULL;

          /* SQLite's own diagnosis means nothing to a researcher; it is in
           * the error for the command line and bug reports. */
          text = g_strdup_printf (_("The file %s is damaged. Heeyu can set it aside and start a fresh "
                                    "copy with the sample data, keeping the edits you have not sent yet."),
                                  path);
          adw_status_page_set_description (self->error_page, text);
        }
      else
        {
          adw_status_page_set_description (self->error_page, error != NULL ? error->message : NULL);
        }
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      break;

    case HEEYU_APPLICATION_READY:
    default:
      heeyu_overview_page_set_cache (self->overview_page, heeyu_application_get_cache (app));
      heeyu_companies_page_set_cache (self->companies_page, heeyu_application_get_cache (app));
      heeyu_risk_page_set_cache (self->risk_page, heeyu_application_get_cache (app));
      gtk_stack_set_visible_child_name (self->main_stack, "views");
      break;
    }
}

/* Benchmarks measure process start to the first frame that shows the data:
 * with HEEYU_BENCH_FIRST_FRAME set, the window prints "first-frame" after
 * that frame is painted, and the process exits. */
static void
on_bench_after_paint_cb (GdkFrameClock *clock,
                         HeeyuWindow   *self)
{
  g_print ("first-frame\n");
  fflush (stdout);
  _exit (0);
}

static gboolean
bench_wait_for_data_cb (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  HeeyuWindow *self = HEEYU_WINDOW (widget);
  GtkWidget *page = adw_view_stack_get_visible_child (self->view_stack);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "views") != 0
      || page == NULL || gtk_widget_get_width (page) == 0)
    return G_SOURCE_CONTINUE;

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_bench_after_paint_cb), self);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

/* A sync that changed the local data: every page reads it again, so what
 * the user sees is the data that is there. */
static void
on_sync_finished_cb (HeeyuWindow *self,
                     gboolean     ok,
                     const char  *message,
                     GObject     *controller)
{
  HeeyuCompanyList *list;

  if (!ok || g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "views") != 0)
    return;

  heeyu_overview_page_reload (self->overview_page);
  heeyu_risk_page_reload (self->risk_page);
  list = heeyu_companies_page_get_list (self->companies_page);
  if (list != NULL)
    heeyu_company_list_reload (list);
}

static void
on_application_state_cb (HeeyuWindow *self,
                         GParamSpec  *pspec,
                         GObject     *app)
{
  update_from_application (self);
}

static gboolean
heeyu_window_close_request (GtkWindow *window)
{
  HeeyuWindow *self = HEEYU_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (self->settings, "last-view",
                         adw_view_stack_get_visible_child_name (self->view_stack));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (heeyu_window_parent_class)->close_request (window);
}

/* GtkWindow:application is not a construct property, so this runs once
 * the window belongs to the application rather than in constructed(). */
static void
heeyu_window_setup (HeeyuWindow      *self,
                    HeeyuApplication *app)
{
  g_autofree char *last_view = NULL;

  self->settings = g_object_ref (heeyu_application_get_settings (app));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_view = g_settings_get_string (self->settings, "last-view");
  if (adw_view_stack_get_child_by_name (self->view_stack, last_view) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, last_view);

  g_signal_connect_object (heeyu_sync_controller_get_default (), "finished",
                           G_CALLBACK (on_sync_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (app, "notify::state",
                           G_CALLBACK (on_application_state_cb), self, G_CONNECT_SWAPPED);
  update_from_application (self);

  if (g_getenv ("HEEYU_BENCH_FIRST_FRAME") != NULL)
    gtk_widget_add_tick_callback (GTK_WIDGET (self), bench_wait_for_data_cb, NULL, NULL);
}

static void
heeyu_window_dispose (GObject *object)
{
  HeeyuWindow *self = HEEYU_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (heeyu_window_parent_class)->dispose (object);
}

static void
view_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  adw_view_stack_set_visible_child_name (HEEYU_WINDOW (widget)->view_stack, "conflicts");
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HeeyuWindow *self = HEEYU_WINDOW (widget);

  if (g_str_equal (action_name, "win.view-overview"))
    heeyu_window_show_view (self, "overview");
  else if (g_str_equal (action_name, "win.view-risk"))
    heeyu_window_show_view (self, "risk");
  else
    heeyu_window_show_view (self, "companies");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeeyuWindow *self = HEEYU_WINDOW (widget);

  heeyu_window_show_view (self, "companies");
  heeyu_companies_page_focus_search (self->companies_page);
}

/* win.show-metal (s: metal code): from a company's metals.  Shows the
 * overview; the dashboard's metal detail can take the code from here. */
static void
show_metal_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HeeyuWindow *self = HEEYU_WINDOW (widget);

  heeyu_window_show_view (self, "overview");
  heeyu_overview_page_show_metal (self->overview_page, g_variant_get_string (parameter, NULL));
}

/* win.show-companies-for-metal (s: metal code): the directory filtered to
 * the companies that handle the metal (from the metal detail). */
static void
show_companies_for_metal_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  HeeyuWindow *self = HEEYU_WINDOW (widget);
  HeeyuCompanyList *list = heeyu_companies_page_get_list (self->companies_page);
  g_autoptr(HeeyuCompanyQuery) query = NULL;

  heeyu_window_show_view (self, "companies");
  if (list == NULL)
    return;
  query = heeyu_company_query_copy (heeyu_company_list_get_company_query (list));
  heeyu_company_query_set_text (query, NULL);
  heeyu_company_query_clear_filters (query);
  heeyu_company_query_add_value (query, HEEYU_COMPANY_FACET_METAL, g_variant_get_string (parameter, NULL));
  heeyu_company_list_set_company_query (list, query);
}

static void
heeyu_window_class_init (HeeyuWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = heeyu_window_dispose;
  window_class->close_request = heeyu_window_close_request;

  g_type_ensure (HEEYU_TYPE_OVERVIEW_PAGE);
  g_type_ensure (HEEYU_TYPE_COMPANIES_PAGE);
  g_type_ensure (HEEYU_TYPE_RISK_PAGE);
  g_type_ensure (HEEYU_TYPE_SYNC_BUTTON);
  g_type_ensure (HEEYU_TYPE_SYNC_CONFLICTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/heeyu-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeeyuWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, HeeyuWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HeeyuWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuWindow, companies_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuWindow, risk_page);

  gtk_widget_class_install_action (widget_class, "win.view-overview", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "win.view-conflicts", NULL, view_conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.view-companies", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "win.view-risk", NULL, view_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-metal", "s", show_metal_action);
  gtk_widget_class_install_action (widget_class, "win.show-companies-for-metal", "s",
                                   show_companies_for_metal_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.view-overview", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.view-companies", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.view-risk", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
heeyu_window_init (HeeyuWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HeeyuWindow *
heeyu_window_new (HeeyuApplication *application)
{
  g_return_val_if_fail (HEEYU_IS_APPLICATION (application), NULL);

  HeeyuWindow *self = g_object_new (HEEYU_TYPE_WINDOW, "application", application, NULL);

  heeyu_window_setup (self, application);
  return self;
}

void
heeyu_window_add_toast (HeeyuWindow *self,
                        const char  *message)
{
  g_return_if_fail (HEEYU_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
heeyu_window_show_toast (HeeyuWindow *self,
                         AdwToast    *toast)
{
  g_return_if_fail (HEEYU_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
heeyu_window_get_state_name (HeeyuWindow *self)
{
  g_return_val_if_fail (HEEYU_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

void
heeyu_window_show_view (HeeyuWindow *self,
                        const char  *name)
{
  g_return_if_fail (HEEYU_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

GtkWidget *
heeyu_window_get_page (HeeyuWindow *self,
                       const char  *name)
{
  g_return_val_if_fail (HEEYU_IS_WINDOW (self), NULL);

  return adw_view_stack_get_child_by_name (self->view_stack, name);
}
