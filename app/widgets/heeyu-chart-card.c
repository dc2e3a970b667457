/* heeyu-chart-card.c: a chart on a page, with an Export menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "heeyu-chart-card.h"

/* Exports are drawn at the size of a report figure, not of the screen:
 * 800 × 450 points for SVG and PDF, twice that in pixels for PNG. */
#define EXPORT_WIDTH  800
#define EXPORT_HEIGHT 450

struct _HeeyuChartCard
{
  GtkWidget             parent_instance;

  HeeyuChartView       *view;
  GtkWidget            *footer;
  GtkFileChooserNative *chooser;
  char                 *format;
};

G_DEFINE_FINAL_TYPE (HeeyuChartCard, heeyu_chart_card, GTK_TYPE_WIDGET)

gboolean
heeyu_chart_card_export (HeeyuChartCard  *self,
                         const char      *path,
                         GError         **error)
{
  HeeyuChart *chart;

  g_return_val_if_fail (HEEYU_IS_CHART_CARD (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  chart = heeyu_chart_view_get_chart (self->view);
  if (g_str_has_suffix (path, ".csv") || g_str_has_suffix (path, ".CSV"))
    return heeyu_chart_export_csv (chart, path, error);
  if (g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG"))
    return heeyu_chart_export (chart, path, EXPORT_WIDTH * 2, EXPORT_HEIGHT * 2, error);
  return heeyu_chart_export (chart, path, EXPORT_WIDTH, EXPORT_HEIGHT, error);
}

static void
show_error (HeeyuChartCard *self,
            const char     *message)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("The Chart Could Not Be Exported"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        HeeyuChartCard  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL
      && (path = g_file_get_path (file)) != NULL)
    {
      /* A name typed without the extension still gets the chosen format. */
      if (!g_str_has_suffix (path, self->format))
        {
          char *with_ext = g_strconcat (path, self->format, NULL);

          g_free (path);
          path = with_ext;
        }
      if (!heeyu_chart_card_export (self, path, &error))
        show_error (self, error->message);
    }

  g_clear_object (&self->chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HeeyuChartCard *self = HEEYU_CHART_CARD (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  HeeyuChartSpec *spec = heeyu_chart_get_spec (heeyu_chart_view_get_chart (self->view));
  const char *title = spec ? heeyu_chart_spec_get_title (spec) : NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *pattern = NULL;

  if (self->chooser != NULL)
    return;

  g_free (self->format);
  self->format = g_strdup_printf (".%s", format);

  self->chooser = gtk_file_chooser_native_new (_("Export Chart"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = g_strdup_printf ("%s%s", title && *title ? title : _("Chart"), self->format);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  pattern = g_strdup_printf ("*%s", self->format);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_set_name (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
heeyu_chart_card_dispose (GObject *object)
{
  HeeyuChartCard *self = HEEYU_CHART_CARD (object);
  GtkWidget *child;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->view = NULL;

  G_OBJECT_CLASS (heeyu_chart_card_parent_class)->dispose (object);
}

static void
heeyu_chart_card_finalize (GObject *object)
{
  HeeyuChartCard *self = HEEYU_CHART_CARD (object);

  g_free (self->format);

  G_OBJECT_CLASS (heeyu_chart_card_parent_class)->finalize (object);
}

static void
heeyu_chart_card_class_init (HeeyuChartCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_chart_card_dispose;
  object_class->finalize = heeyu_chart_card_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_install_action (widget_class, "chart.export", "s", export_action);
}

static void
heeyu_chart_card_init (HeeyuChartCard *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 0);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "chart-card");
}

GtkWidget *
heeyu_chart_card_new (HeeyuChartSpec *spec,
                      int             chart_height)
{
  HeeyuChartCard *self = g_object_new (HEEYU_TYPE_CHART_CARD, NULL);
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button;

  self->view = HEEYU_CHART_VIEW (heeyu_chart_view_new (spec));
  gtk_widget_set_size_request (GTK_WIDGET (heeyu_chart_view_get_chart (self->view)), -1, chart_height);
  gtk_widget_set_vexpand (GTK_WIDGET (self->view), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->view), GTK_WIDGET (self));

  g_menu_append (menu, _("Image (PNG)"), "chart.export::png");
  g_menu_append (menu, _("Vector Image (SVG)"), "chart.export::svg");
  g_menu_append (menu, _("Document (PDF)"), "chart.export::pdf");
  g_menu_append (menu, _("Data (CSV)"), "chart.export::csv");

  self->footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->footer, "chart-card-footer");
  gtk_widget_set_halign (self->footer, GTK_ALIGN_END);
  gtk_widget_set_parent (self->footer, GTK_WIDGET (self));

  button = gtk_menu_button_new ();
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button),
                             adw_button_content_new ());
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (gtk_menu_button_get_child (GTK_MENU_BUTTON (button))),
                                    "document-save-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (gtk_menu_button_get_child (GTK_MENU_BUTTON (button))),
                                _("_Export"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (gtk_menu_button_get_child (GTK_MENU_BUTTON (button))),
                                        TRUE);
  gtk_widget_set_tooltip_text (button, _("Save the chart as an image or its numbers as CSV"));
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (self->footer), button);

  return GTK_WIDGET (self);
}

HeeyuChartView *
heeyu_chart_card_get_view (HeeyuChartCard *self)
{
  g_return_val_if_fail (HEEYU_IS_CHART_CARD (self), NULL);
  return self->view;
}

HeeyuChart *
heeyu_chart_card_get_chart (HeeyuChartCard *self)
{
  g_return_val_if_fail (HEEYU_IS_CHART_CARD (self), NULL);
  return heeyu_chart_view_get_chart (self->view);
}
