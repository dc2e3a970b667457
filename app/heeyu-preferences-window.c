/* heeyu-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-format.h"
#include "heeyu-preferences-window.h"
#include "heeyu-sample.h"
#include "heeyu-sync-preferences.h"

struct _HeeyuPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  HeeyuApplication     *application;

  AdwComboRow          *color_scheme_row;
  AdwActionRow         *database_row;
  AdwActionRow         *dataset_row;
  AdwActionRow         *counts_row;
};

G_DEFINE_FINAL_TYPE (HeeyuPreferencesWindow, heeyu_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_str_equal (nick, "light") ? 1 : g_str_equal (nick, "dark") ? 2 : 0);
  return TRUE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  static const char *nicks[] = { "default", "light", "dark" };
  guint selected = g_value_get_uint (value);

  return g_variant_new_string (nicks[MIN (selected, G_N_ELEMENTS (nicks) - 1)]);
}

static void
show_local_data (HeeyuPreferencesWindow *self)
{
  HeeyuCache *cache = heeyu_application_get_cache (self->application);
  g_autofree char *companies = NULL;
  g_autofree char *observations = NULL;
  g_autofree char *metals = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *path = NULL;

  if (cache == NULL)
    {
      path = heeyu_cache_default_path ();
      adw_action_row_set_subtitle (self->database_row, path);
      adw_action_row_set_subtitle (self->dataset_row, _("Not loaded"));
      return;
    }

  adw_action_row_set_subtitle (self->database_row, heeyu_cache_get_path (cache));
  adw_action_row_set_subtitle (self->dataset_row,
                               heeyu_sample_is_in_use (cache)
                               ? _("Bundled sample data (USGS figures and synthetic companies)")
                               : _("Imported or synced data"));

  metals = heeyu_format_count (heeyu_cache_count (cache, "metal"));
  notes = heeyu_format_count (heeyu_cache_count (cache, "note"));
  companies = heeyu_format_count (heeyu_cache_count (cache, "company"));
  observations = heeyu_format_count (heeyu_cache_count (cache, "observation"));
  counts = g_strdup_printf (_("%s metals, %s observations, %s companies, %s notes"),
                            metals, observations, companies, notes);
  adw_action_row_set_subtitle (self->counts_row, counts);
}

static void
heeyu_preferences_window_dispose (GObject *object)
{
  HeeyuPreferencesWindow *self = HEEYU_PREFERENCES_WINDOW (object);

  g_clear_object (&self->application);

  G_OBJECT_CLASS (heeyu_preferences_window_parent_class)->dispose (object);
}

static void
heeyu_preferences_window_class_init (HeeyuPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_preferences_window_dispose;

  g_type_ensure (HEEYU_TYPE_SYNC_PREFERENCES);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/heeyu-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HeeyuPreferencesWindow, color_scheme_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuPreferencesWindow, dataset_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuPreferencesWindow, counts_row);
}

static void
heeyu_preferences_window_init (HeeyuPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

HeeyuPreferencesWindow *
heeyu_preferences_window_new (HeeyuApplication *application)
{
  HeeyuPreferencesWindow *self;

  g_return_val_if_fail (HEEYU_IS_APPLICATION (application), NULL);

  self = g_object_new (HEEYU_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);

  g_settings_bind_with_mapping (heeyu_application_get_settings (application), "color-scheme",
                                self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping, color_scheme_set_mapping,
                                NULL, NULL);
  show_local_data (self);

  return self;
}
