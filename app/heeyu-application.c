/* heeyu-application.c
 *
 * Opens the local cache in a worker (migrations, quick_check, the first-start
 * ingest of the sample), so the window is on screen at once, and offers the
 * recovery path when the cache is damaged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-application.h"
#include "heeyu-preferences-window.h"
#include "heeyu-present-editor.h"
#include "heeyu-presentation-window.h"
#include "heeyu-sample.h"
#include "heeyu-window.h"

struct _HeeyuApplication
{
  AdwApplication         parent_instance;

  GSettings             *settings;
  HeeyuCache            *cache;
  HeeyuApplicationState  state;
  GError                *error;
  GCancellable          *cancellable;
  gboolean               sample_ingested;
  char                  *present_deck;   /* --present: the deck to show once up */
};

G_DEFINE_FINAL_TYPE (HeeyuApplication, heeyu_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int heeyu_application_handle_local_options (GApplication *app,
                                                   GVariantDict *options);

typedef struct
{
  char     *path;
  gboolean  recover;
  gboolean  ingested;
  guint     saved_outbox;
  char     *moved_to;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->moved_to);
  g_free (data);
}

static void
set_state (HeeyuApplication      *self,
           HeeyuApplicationState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
open_cache_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OpenData *data = task_data;
  g_autoptr(HeeyuCache) cache = NULL;
  GError *error = NULL;

  if (data->recover)
    cache = heeyu_cache_recover (data->path, &data->saved_outbox, &data->moved_to, &error);
  else
    cache = heeyu_cache_open_with_flags (data->path, HEEYU_CACHE_OPEN_DEFER_CHECK, &error);

  if (cache == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!heeyu_sample_ensure (cache, &data->ingested, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&cache), g_object_unref);
}

static void start_checking_cache (HeeyuApplication *self);

static void
on_cache_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HeeyuApplication *self = HEEYU_APPLICATION (object);
  OpenData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  HeeyuCache *cache;

  cache = g_task_propagate_pointer (G_TASK (result), &error);
  g_application_release (G_APPLICATION (self));

  if (cache == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      set_state (self, HEEYU_APPLICATION_FAILED);
      return;
    }

  g_clear_error (&self->error);
  g_set_object (&self->cache, cache);
  g_object_unref (cache);
  self->sample_ingested = data->ingested;
  set_state (self, HEEYU_APPLICATION_READY);
  if (!data->recover)
    start_checking_cache (self);

  if (data->recover)
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
      g_autofree char *message = NULL;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Local data rebuilt; %u unsent edit kept",
                                              "Local data rebuilt; %u unsent edits kept",
                                              data->saved_outbox),
                                 data->saved_outbox);
      if (HEEYU_IS_WINDOW (window))
        heeyu_window_add_toast (HEEYU_WINDOW (window), message);
    }
}

static void
check_cache_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  HeeyuCache *cache = task_data;
  GError *error = NULL;

  if (heeyu_cache_check (cache, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_cache_checked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  HeeyuApplication *self = HEEYU_APPLICATION (object);
  g_autoptr(GError) error = NULL;

  g_application_release (G_APPLICATION (self));

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A cron `heeyu --sync` need not check again for a day
       * (heeyu-sync-cli.c reads this stamp). */
      if (g_task_get_task_data (G_TASK (result)) == self->cache)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

          heeyu_cache_set_meta (self->cache, "last_check", stamp, NULL);
        }
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_task_get_task_data (G_TASK (result)) != self->cache)
    return;

  /* The data on screen came from a damaged file: say so, and offer the
   * rebuild that keeps the unsent edits. */
  g_clear_error (&self->error);
  self->error = g_steal_pointer (&error);
  set_state (self, HEEYU_APPLICATION_FAILED);
}

/* PRAGMA quick_check reads the whole file: on a large cache that takes
 * seconds, so it runs beside the window rather than before it. */
static void
start_checking_cache (HeeyuApplication *self)
{
  g_autoptr(GTask) task = NULL;

  g_application_hold (G_APPLICATION (self));

  task = g_task_new (self, self->cancellable, on_cache_checked_cb, NULL);
  g_task_set_source_tag (task, start_checking_cache);
  g_task_set_task_data (task, g_object_ref (self->cache), g_object_unref);
  g_task_run_in_thread (task, check_cache_thread);
}

static void
start_opening_cache (HeeyuApplication *self,
                     gboolean          recover)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  data = g_new0 (OpenData, 1);
  data->path = heeyu_cache_default_path ();
  data->recover = recover;

  set_state (self, HEEYU_APPLICATION_LOADING);

  /* Keep the application alive while the worker runs. */
  g_application_hold (G_APPLICATION (self));

  task = g_task_new (self, self->cancellable, on_cache_opened_cb, NULL);
  g_task_set_source_tag (task, start_opening_cache);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_cache_thread);
}

static void
heeyu_application_activate (GApplication *app)
{
  HeeyuApplication *self = HEEYU_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (heeyu_window_new (self));

  gtk_window_present (window);

  if (self->present_deck != NULL)
    {
      g_autofree char *deck = g_steal_pointer (&self->present_deck);
      heeyu_presentation_start (self, deck, window);
    }
}

static void
on_color_scheme_changed_cb (HeeyuApplication *self,
                            const char       *key,
                            GSettings        *settings)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  switch (g_settings_get_enum (settings, "color-scheme"))
    {
    case 1:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      break;
    case 2:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      break;
    default:
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
      break;
    }
}

static void
heeyu_application_startup (GApplication *app)
{
  HeeyuApplication *self = HEEYU_APPLICATION (app);

  G_APPLICATION_CLASS (heeyu_application_parent_class)->startup (app);

  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  on_color_scheme_changed_cb (self, "color-scheme", self->settings);

  start_opening_cache (self, FALSE);
}

static void
heeyu_application_shutdown (GApplication *app)
{
  HeeyuApplication *self = HEEYU_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (heeyu_application_parent_class)->shutdown (app);
}

static void
heeyu_application_dispose (GObject *object)
{
  HeeyuApplication *self = HEEYU_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (heeyu_application_parent_class)->dispose (object);
}

static void
heeyu_application_finalize (GObject *object)
{
  HeeyuApplication *self = HEEYU_APPLICATION (object);

  g_clear_error (&self->error);
  g_free (self->present_deck);

  G_OBJECT_CLASS (heeyu_application_parent_class)->finalize (object);
}

static void
heeyu_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HeeyuApplication *self = HEEYU_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_application_class_init (HeeyuApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = heeyu_application_dispose;
  object_class->finalize = heeyu_application_finalize;
  object_class->get_property = heeyu_application_get_property;

  app_class->activate = heeyu_application_activate;
  app_class->handle_local_options = heeyu_application_handle_local_options;
  app_class->startup = heeyu_application_startup;
  app_class->shutdown = heeyu_application_shutdown;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      HEEYU_APPLICATION_LOADING, HEEYU_APPLICATION_FAILED,
                      HEEYU_APPLICATION_LOADING,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
heeyu_application_about_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  static const char *developers[] = { "Heeyu developers", NULL };
  HeeyuApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Heeyu"),
                        "application-icon", APP_ID,
                        "developer-name", _("Heeyu developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("The workbench of the national rare-metals center: supply stability of rare metals, and the companies of the industry."),
                        "website", "https://github.com/heeyu/heeyu",
                        "issue-url", "https://github.com/heeyu/heeyu/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Sample data"),
                                      _("World production and prices: USGS Mineral Commodity Summaries 2024 (public domain). "
                                        "Korea's import sources, stockpiles and the companies of the sample directory are synthetic."),
                                      GTK_LICENSE_CUSTOM, NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
heeyu_application_preferences_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  HeeyuApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  HeeyuPreferencesWindow *prefs;

  prefs = heeyu_preferences_window_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), window);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
heeyu_application_quit_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  HeeyuApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing the windows lets each save its size first. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

  g_application_quit (G_APPLICATION (self));
}

static void
heeyu_application_recover_cache_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  HeeyuApplication *self = user_data;

  start_opening_cache (self, TRUE);
}

/* app.present("NAME"): shows a deck full screen; "" the last one shown. */
static void
heeyu_application_present_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  HeeyuApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  heeyu_presentation_start (self, parameter ? g_variant_get_string (parameter, NULL) : NULL,
                            window);
}

static void
heeyu_application_edit_decks_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  HeeyuApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  HeeyuPresentEditor *editor = heeyu_present_editor_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (editor), window);
  gtk_window_present (GTK_WINDOW (editor));
}

/* `heeyu --present [--deck NAME]` (heeyu-cli.c hands them on): the show
 * starts once the window is up; a running instance is asked to show it. */
static int
heeyu_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  HeeyuApplication *self = HEEYU_APPLICATION (app);
  const char *deck = NULL;

  if (!g_variant_dict_contains (options, "present"))
    return -1;
  g_variant_dict_lookup (options, "deck", "&s", &deck);
  if (!g_application_register (app, NULL, NULL))
    return 1;
  if (g_application_get_is_remote (app))
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "present",
                                      g_variant_new_string (deck ? deck : ""));
      return 0;
    }
  g_free (self->present_deck);
  self->present_deck = g_strdup (deck ? deck : "");
  return -1;
}

static const GOptionEntry present_entries[] = {
  { "present", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL, NULL, NULL },
  { "deck", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL, NULL, NULL },
  { NULL }
};

static const GActionEntry app_actions[] = {
  { "present", heeyu_application_present_action, "s" },
  { "edit-decks", heeyu_application_edit_decks_action },
  { "quit", heeyu_application_quit_action },
  { "about", heeyu_application_about_action },
  { "preferences", heeyu_application_preferences_action },
  { "recover-cache", heeyu_application_recover_cache_action },
};

static void
heeyu_application_init (HeeyuApplication *self)
{
  self->settings = g_settings_new (APP_ID);
  self->state = HEEYU_APPLICATION_LOADING;

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<primary>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<primary>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.present('')",
                                         (const char *[]) { "F5", NULL });
  g_application_add_main_option_entries (G_APPLICATION (self), present_entries);
}

HeeyuApplication *
heeyu_application_new (void)
{
  return g_object_new (HEEYU_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

HeeyuCache *
heeyu_application_get_cache (HeeyuApplication *self)
{
  g_return_val_if_fail (HEEYU_IS_APPLICATION (self), NULL);

  return self->state == HEEYU_APPLICATION_READY ? self->cache : NULL;
}

HeeyuApplicationState
heeyu_application_get_state (HeeyuApplication *self)
{
  g_return_val_if_fail (HEEYU_IS_APPLICATION (self), HEEYU_APPLICATION_FAILED);

  return self->state;
}

const GError *
heeyu_application_get_error (HeeyuApplication *self)
{
  g_return_val_if_fail (HEEYU_IS_APPLICATION (self), NULL);

  return self->error;
}

GSettings *
heeyu_application_get_settings (HeeyuApplication *self)
{
  g_return_val_if_fail (HEEYU_IS_APPLICATION (self), NULL);

  return self->settings;
}
