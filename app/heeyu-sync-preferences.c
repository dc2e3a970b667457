/* heeyu-sync-preferences.c: the "Server" group of Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Server URL, CA file and interval live in GSettings; the token goes to
 * the keyring (libsecret) and is never shown again, only replaced.  "Test
 * Connection" runs in a worker and says in words what failed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-secret.h"
#include "heeyu-sync.h"
#include "heeyu-sync-controller.h"
#include "heeyu-sync-preferences.h"

#define SCHEMA_ID "io.github.heeyu.Heeyu"

struct _HeeyuSyncPreferences
{
  AdwPreferencesGroup   parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;
  AdwEntryRow          *url_row;
  AdwActionRow         *ca_row;
  AdwPasswordEntryRow  *token_row;
  AdwActionRow         *interval_row;
  GtkSpinButton        *interval_spin;
  AdwActionRow         *test_row;
  GtkButton            *test_button;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (HeeyuSyncPreferences, heeyu_sync_preferences, ADW_TYPE_PREFERENCES_GROUP)

static void
show_ca (HeeyuSyncPreferences *self)
{
  g_autofree char *ca = g_settings_get_string (self->settings, "ca-file");

  adw_action_row_set_subtitle (self->ca_row, *ca ? ca : _("The system's certificate authorities"));
}

static void
on_url_apply_cb (HeeyuSyncPreferences *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));

  g_settings_set_string (self->settings, "server-url", url);
}

typedef struct
{
  char *url;
  char *token;
} StoreData;

static void
store_data_free (gpointer p)
{
  StoreData *d = p;

  g_free (d->url);
  heeyu_secret_free (d->token);
  g_free (d);
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StoreData *d = task_data;
  GError *error = NULL;

  if (heeyu_secret_store_token (d->url, d->token, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HeeyuSyncPreferences *self = HEEYU_SYNC_PREFERENCES (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), _("Token (saved in the keyring)"));
  heeyu_sync_controller_sync_now (heeyu_sync_controller_get_default ());
}

static void
on_token_apply_cb (HeeyuSyncPreferences *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->token_row));
  StoreData *d;

  if (*url == '\0' || *token == '\0')
    return;
  d = g_new0 (StoreData, 1);
  d->url = g_steal_pointer (&url);
  d->token = g_strstrip (g_strdup (token));
  task = g_task_new (self, self->cancellable, on_stored_cb, NULL);
  g_task_set_task_data (task, d, store_data_free);
  g_task_run_in_thread (task, store_thread);
}

static void
on_chooser_response_cb (GtkNativeDialog      *dialog,
                        int                   response,
                        HeeyuSyncPreferences *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path)
        g_settings_set_string (self->settings, "ca-file", path);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_ca_cb (HeeyuSyncPreferences *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  self->chooser = gtk_file_chooser_native_new (_("Choose the CA File"), GTK_WINDOW (root),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_clear_ca_cb (HeeyuSyncPreferences *self)
{
  g_settings_set_string (self->settings, "ca-file", "");
}

static void
test_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HeeyuSync *sync = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = heeyu_secret_lookup_token (heeyu_sync_get_server (sync), cancellable, NULL);
  g_autoptr(HeeyuSyncServerInfo) info = NULL;

  heeyu_sync_set_token (sync, token);
  if (token)
    explicit_bzero (token, strlen (token));
  info = heeyu_sync_check (sync, cancellable, &error);
  if (info == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task,
                           g_strdup_printf (_("Connected to Heeyu server %s as %s (%s)."),
                                            info->version, info->user, info->role),
                           g_free);
}

static void
on_tested_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HeeyuSyncPreferences *self = HEEYU_SYNC_PREFERENCES (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *ok = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  adw_action_row_set_subtitle (self->test_row, ok ? ok : error->message);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->test_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->test_row), "error");
}

static void
on_test_cb (HeeyuSyncPreferences *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *url = NULL;
  g_autofree char *ca = NULL;
  HeeyuSync *sync;

  on_url_apply_cb (self);
  url = g_settings_get_string (self->settings, "server-url");
  ca = g_settings_get_string (self->settings, "ca-file");
  sync = heeyu_sync_new (NULL);
  heeyu_sync_set_server (sync, url, ca);
  heeyu_sync_set_timeouts (sync, 10, 10, 20);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));
  task = g_task_new (self, self->cancellable, on_tested_cb, NULL);
  g_task_set_task_data (task, sync, g_object_unref);
  g_task_run_in_thread (task, test_thread);
}

static void
on_settings_changed_cb (GSettings            *settings,
                        const char           *key,
                        HeeyuSyncPreferences *self)
{
  if (g_str_equal (key, "ca-file"))
    show_ca (self);
}

static void
heeyu_sync_preferences_dispose (GObject *object)
{
  HeeyuSyncPreferences *self = HEEYU_SYNC_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (heeyu_sync_preferences_parent_class)->dispose (object);
}

static void
heeyu_sync_preferences_class_init (HeeyuSyncPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_sync_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/heeyu-sync-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncPreferences, url_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncPreferences, ca_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncPreferences, token_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncPreferences, interval_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncPreferences, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncPreferences, test_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncPreferences, test_button);
  gtk_widget_class_bind_template_callback (widget_class, on_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_token_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_ca_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_ca_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_test_cb);
}

static void
heeyu_sync_preferences_init (HeeyuSyncPreferences *self)
{
  g_autofree char *url = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (SCHEMA_ID);
  self->cancellable = g_cancellable_new ();

  url = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  g_settings_bind (self->settings, "sync-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self, 0);
  show_ca (self);
}
