/* heeyu-sync-button.c: the header bar's sync status and "Sync now"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A button that syncs now (a spinner while it runs), and a menu button
 * whose label is the state in a few words ("Synced 3 minutes ago",
 * "Downloading: 12000 records", "Offline") with the pending edits beside
 * it; its popover has the details, the last error in full, and the way to
 * the conflicts.  Failures also come as a toast.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-application.h"
#include "heeyu-sync-button.h"
#include "heeyu-sync-controller.h"
#include "heeyu-window.h"

struct _HeeyuSyncButton
{
  GtkBox               parent_instance;

  HeeyuSyncController *controller;
  GtkButton           *sync_button;
  GtkStack            *icon_stack;
  GtkSpinner          *spinner;
  GtkMenuButton       *status_button;
  GtkLabel            *status_label;
  GtkLabel            *pending_label;
  GtkLabel            *details_label;
  GtkLabel            *error_label;
  GtkButton           *conflicts_button;
};

G_DEFINE_FINAL_TYPE (HeeyuSyncButton, heeyu_sync_button, GTK_TYPE_BOX)

static void
update (HeeyuSyncButton *self)
{
  HeeyuSyncController *c = self->controller;
  g_autofree char *text = heeyu_sync_controller_describe (c);
  g_autofree char *pending = NULL;
  g_autofree char *details = NULL;
  guint n = heeyu_sync_controller_get_pending (c);
  guint conflicts = heeyu_sync_controller_get_conflicts (c);
  gboolean running = heeyu_sync_controller_get_running (c);
  const char *error = heeyu_sync_controller_get_last_error (c);
  const char *last = heeyu_sync_controller_get_last_sync (c);

  gtk_label_set_label (self->status_label, text);
  gtk_stack_set_visible_child_name (self->icon_stack, running ? "spinner" : "icon");
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button),
                            !running && heeyu_sync_controller_is_configured (c));

  if (n > 0 || conflicts > 0)
    {
      if (conflicts > 0)
        pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u edit to send, %u conflict",
                                                "%u edits to send, %u conflicts", conflicts),
                                   n, conflicts);
      else
        pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u edit to send",
                                                "%u edits to send", n), n);
    }
  gtk_label_set_label (self->pending_label, pending ? pending : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), pending != NULL);

  details = g_strdup_printf (_("Last successful sync: %s\nEdits waiting to be sent: %u\nConflicts to resolve: %u"),
                             last ? last : _("never"), n, conflicts);
  gtk_label_set_label (self->details_label, details);
  gtk_label_set_label (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_button), conflicts > 0);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
on_state_cb (HeeyuSyncController *controller,
             GParamSpec          *pspec,
             HeeyuSyncButton     *self)
{
  update (self);
}

static void
on_toast_details_cb (AdwToast        *toast,
                     HeeyuSyncButton *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *message = g_object_get_data (G_OBJECT (toast), "heeyu-message");
  GtkWidget *dialog;
  GtkWidget *label;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Sync failed"), NULL);
  /* The body of an AdwMessageDialog cannot be selected in 1.2: a label of
   * our own can. */
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", message,
                        "selectable", TRUE,
                        "wrap", TRUE,
                        "wrap-mode", PANGO_WRAP_WORD_CHAR,
                        "max-width-chars", 60,
                        "xalign", 0.0f,
                        NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_finished_cb (HeeyuSyncController *controller,
                gboolean             ok,
                const char          *message,
                HeeyuSyncButton     *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *text = NULL;

  AdwToast *toast;

  if (ok || message == NULL || !HEEYU_IS_WINDOW (root))
    return;
  /* The toast names the cause, cut to its width; "Details" shows all of
   * it, selectable, to copy into a mail to the help desk. */
  text = g_strdup_printf (_("Sync failed: %s"), message);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("Details"));
  g_object_set_data_full (G_OBJECT (toast), "heeyu-message", g_strdup (message), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_toast_details_cb), self, 0);
  heeyu_window_show_toast (HEEYU_WINDOW (root), toast);
}

static void
on_sync_clicked_cb (HeeyuSyncButton *self)
{
  heeyu_sync_controller_sync_now (self->controller);
}

static void
on_conflicts_clicked_cb (HeeyuSyncButton *self)
{
  gtk_menu_button_popdown (self->status_button);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.view-conflicts", NULL);
}

static void
on_app_state_cb (GObject         *app,
                 GParamSpec      *pspec,
                 HeeyuSyncButton *self)
{
  if (heeyu_application_get_state (HEEYU_APPLICATION (app)) == HEEYU_APPLICATION_READY)
    heeyu_sync_controller_start (self->controller, G_ACTION_MAP (app));
}

static void
attach_to_application (HeeyuSyncButton *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app;

  if (!GTK_IS_WINDOW (root) || !(app = gtk_window_get_application (GTK_WINDOW (root))) ||
      !HEEYU_IS_APPLICATION (app))
    return;
  {
    const char *accels[] = { "<Control>r", NULL };

    gtk_application_set_accels_for_action (app, "app.sync", accels);
  }
  g_signal_connect_object (app, "notify::state", G_CALLBACK (on_app_state_cb), self, 0);
  on_app_state_cb (G_OBJECT (app), NULL, self);
}

static void
on_window_application_cb (GtkWindow       *window,
                          GParamSpec      *pspec,
                          HeeyuSyncButton *self)
{
  attach_to_application (self);
}

static void
heeyu_sync_button_root (GtkWidget *widget)
{
  HeeyuSyncButton *self = HEEYU_SYNC_BUTTON (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (heeyu_sync_button_parent_class)->root (widget);

  /* A window template is its own root before it has an application. */
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::application", G_CALLBACK (on_window_application_cb), self, 0);
  attach_to_application (self);
}

static void
heeyu_sync_button_dispose (GObject *object)
{
  HeeyuSyncButton *self = HEEYU_SYNC_BUTTON (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->controller);

  G_OBJECT_CLASS (heeyu_sync_button_parent_class)->dispose (object);
}

static void
heeyu_sync_button_class_init (HeeyuSyncButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_sync_button_dispose;
  widget_class->root = heeyu_sync_button_root;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/heeyu-sync-button.ui");
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, sync_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, spinner);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, status_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, status_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, pending_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, details_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, error_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncButton, conflicts_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sync_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_conflicts_clicked_cb);
}

static void
heeyu_sync_button_init (HeeyuSyncButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->controller = g_object_ref (heeyu_sync_controller_get_default ());
  g_signal_connect_object (self->controller, "notify::state", G_CALLBACK (on_state_cb), self, 0);
  g_signal_connect_object (self->controller, "notify::running", G_CALLBACK (on_state_cb), self, 0);
  g_signal_connect_object (self->controller, "finished", G_CALLBACK (on_finished_cb), self, 0);
  update (self);
}
