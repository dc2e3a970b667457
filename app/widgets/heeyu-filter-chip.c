/* heeyu-filter-chip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-filter-chip.h"

struct _HeeyuFilterChip
{
  GtkButton  parent_instance;

  int        key;
  char      *value;
};

G_DEFINE_FINAL_TYPE (HeeyuFilterChip, heeyu_filter_chip, GTK_TYPE_BUTTON)

enum { REMOVE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
heeyu_filter_chip_clicked (GtkButton *button)
{
  g_signal_emit (button, signals[REMOVE], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
heeyu_filter_chip_finalize (GObject *object)
{
  HeeyuFilterChip *self = HEEYU_FILTER_CHIP (object);

  g_free (self->value);

  G_OBJECT_CLASS (heeyu_filter_chip_parent_class)->finalize (object);
}

static void
heeyu_filter_chip_class_init (HeeyuFilterChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkButtonClass *button_class = GTK_BUTTON_CLASS (klass);

  object_class->finalize = heeyu_filter_chip_finalize;
  button_class->clicked = heeyu_filter_chip_clicked;

  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "chip.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "chip.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "chip.remove", NULL);
}

static void
heeyu_filter_chip_init (HeeyuFilterChip *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "filter-chip");
}

GtkWidget *
heeyu_filter_chip_new (const char *category,
                       const char *label,
                       int         key,
                       const char *value)
{
  HeeyuFilterChip *self;
  GtkWidget *box, *title, *icon;
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible = NULL;

  g_return_val_if_fail (label != NULL, NULL);

  self = g_object_new (HEEYU_TYPE_FILTER_CHIP, NULL);
  self->key = key;
  self->value = g_strdup (value);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  title = gtk_label_new (NULL);
  if (category != NULL)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<span alpha=\"70%%\">%s</span> %s",
                                                         category, label);
      gtk_label_set_markup (GTK_LABEL (title), markup);
    }
  else
    gtk_label_set_text (GTK_LABEL (title), label);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 28);
  gtk_box_append (GTK_BOX (box), title);

  icon = gtk_image_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (icon, "chip-close");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_button_set_child (GTK_BUTTON (self), box);

  /* TRANSLATORS: tooltip of a filter chip; %s is the filter, e.g. "Ulsan" */
  tooltip = g_strdup_printf (_("Remove the filter “%s”"), label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);

  return GTK_WIDGET (self);
}

int
heeyu_filter_chip_get_key (HeeyuFilterChip *self)
{
  g_return_val_if_fail (HEEYU_IS_FILTER_CHIP (self), -1);

  return self->key;
}

const char *
heeyu_filter_chip_get_value (HeeyuFilterChip *self)
{
  g_return_val_if_fail (HEEYU_IS_FILTER_CHIP (self), NULL);

  return self->value;
}
