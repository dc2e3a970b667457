/* heeyu-overview-page.c: Korea's rare metals at a glance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-format.h"
#include "heeyu-metal.h"
#include "heeyu-overview-page.h"
#include "heeyu-sample.h"

struct _HeeyuOverviewPage
{
  GtkWidget          parent_instance;

  HeeyuCache        *cache;
  GListModel        *metals;
  GtkFilterListModel *filtered;
  GtkCustomFilter   *filter;

  /* Template widgets */
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkLabel          *summary_label;
  GtkWidget         *sample_notice;
  GtkLabel          *sample_label;
  GtkToggleButton   *filter_all_button;
  GtkToggleButton   *filter_rare_button;
  GtkToggleButton   *filter_critical_button;
  GtkToggleButton   *filter_strategic_button;
  GtkFlowBox        *metals_flow;
};

G_DEFINE_FINAL_TYPE (HeeyuOverviewPage, heeyu_overview_page, GTK_TYPE_WIDGET)

static HeeyuMetalLists
wanted_lists (HeeyuOverviewPage *self)
{
  if (gtk_toggle_button_get_active (self->filter_rare_button))
    return HEEYU_METAL_LIST_RARE_METAL_35;
  if (gtk_toggle_button_get_active (self->filter_critical_button))
    return HEEYU_METAL_LIST_CRITICAL_33;
  if (gtk_toggle_button_get_active (self->filter_strategic_button))
    return HEEYU_METAL_LIST_STRATEGIC_10;
  return 0;
}

static gboolean
filter_metal (gpointer item,
              gpointer user_data)
{
  HeeyuOverviewPage *self = user_data;
  HeeyuMetalLists wanted = wanted_lists (self);

  return wanted == 0 || (heeyu_metal_get_lists (HEEYU_METAL (item)) & wanted) != 0;
}

static void
on_filter_toggled_cb (HeeyuOverviewPage *self,
                      GtkToggleButton   *button)
{
  if (gtk_toggle_button_get_active (button))
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static GtkWidget *
make_badge (const char *text,
            const char *style_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "list-badge");
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);

  return label;
}

/* One card per metal.  The stability index joins it in the dashboard. */
static GtkWidget *
create_metal_card (gpointer item,
                   gpointer user_data)
{
  HeeyuMetal *metal = HEEYU_METAL (item);
  HeeyuMetalLists lists = heeyu_metal_get_lists (metal);
  gboolean korean = heeyu_format_prefers_korean ();
  const char *primary = korean ? heeyu_metal_get_name_ko (metal) : heeyu_metal_get_name_en (metal);
  const char *secondary = korean ? heeyu_metal_get_name_en (metal) : heeyu_metal_get_name_ko (metal);
  g_autofree char *accessible = NULL;
  GtkWidget *card, *top, *symbol, *names, *name, *sub, *group, *badges;

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "metal-card");
  gtk_widget_set_size_request (card, 220, -1);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (top, 12);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_box_append (GTK_BOX (card), top);

  symbol = gtk_label_new (heeyu_metal_get_code (metal));
  gtk_widget_add_css_class (symbol, "metal-symbol");
  gtk_label_set_xalign (GTK_LABEL (symbol), 0);
  gtk_box_append (GTK_BOX (top), symbol);

  names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (names, TRUE);
  gtk_box_append (GTK_BOX (top), names);

  name = gtk_label_new (primary);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (names), name);

  sub = gtk_label_new (secondary);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (names), sub);

  group = gtk_label_new (heeyu_format_metal_group (heeyu_metal_get_group (metal)));
  gtk_widget_add_css_class (group, "caption");
  gtk_label_set_xalign (GTK_LABEL (group), 0);
  gtk_label_set_ellipsize (GTK_LABEL (group), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (group, 12);
  gtk_widget_set_margin_end (group, 12);
  gtk_box_append (GTK_BOX (card), group);

  badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_margin_start (badges, 12);
  gtk_widget_set_margin_end (badges, 12);
  gtk_widget_set_margin_bottom (badges, 12);
  if (lists & HEEYU_METAL_LIST_RARE_METAL_35)
    gtk_box_append (GTK_BOX (badges), make_badge (_("Rare metal"), NULL));
  if (lists & HEEYU_METAL_LIST_CRITICAL_33)
    gtk_box_append (GTK_BOX (badges), make_badge (_("Critical"), "critical"));
  if (lists & HEEYU_METAL_LIST_STRATEGIC_10)
    gtk_box_append (GTK_BOX (badges), make_badge (_("Strategic"), "strategic"));
  gtk_box_append (GTK_BOX (card), badges);

  accessible = g_strdup_printf ("%s, %s (%s)", primary, secondary, heeyu_metal_get_code (metal));
  gtk_accessible_update_property (GTK_ACCESSIBLE (card),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  return card;
}

static void
update_summary (HeeyuOverviewPage *self)
{
  guint n = g_list_model_get_n_items (self->metals);
  guint rare = 0, critical = 0, strategic = 0;
  g_autofree char *summary = NULL;
  g_autofree char *as_of = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HeeyuMetal) metal = g_list_model_get_item (self->metals, i);
      HeeyuMetalLists lists = heeyu_metal_get_lists (metal);

      rare += (lists & HEEYU_METAL_LIST_RARE_METAL_35) != 0;
      critical += (lists & HEEYU_METAL_LIST_CRITICAL_33) != 0;
      strategic += (lists & HEEYU_METAL_LIST_STRATEGIC_10) != 0;
    }

  summary = g_strdup_printf (_("%u metals and minerals: %u rare-metal types, %u critical minerals, %u of them strategic"),
                             n, rare, critical, strategic);
  gtk_label_set_text (self->summary_label, summary);

  if (heeyu_sample_is_in_use (self->cache))
    {
      g_autofree char *notice = NULL;

      as_of = heeyu_cache_get_meta (self->cache, "data_as_of");
      notice = g_markup_printf_escaped (_("<b>Sample data</b>, not the center's. World production and prices: %s. "
                                          "Korea's import sources, stockpiles and the companies are synthetic, made up for this sample. "
                                          "Data as of %s."),
                                        "USGS Mineral Commodity Summaries 2024",
                                        as_of != NULL ? as_of : "—");
      gtk_label_set_markup (self->sample_label, notice);
      gtk_widget_set_visible (self->sample_notice, TRUE);
    }
  else
    {
      gtk_widget_set_visible (self->sample_notice, FALSE);
    }
}

static void
heeyu_overview_page_dispose (GObject *object)
{
  HeeyuOverviewPage *self = HEEYU_OVERVIEW_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEEYU_TYPE_OVERVIEW_PAGE);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->metals);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (heeyu_overview_page_parent_class)->dispose (object);
}

static void
heeyu_overview_page_class_init (HeeyuOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_overview_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/heeyu-overview-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, sample_notice);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, sample_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, filter_all_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, filter_rare_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, filter_critical_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, filter_strategic_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, metals_flow);
}

static void
heeyu_overview_page_init (HeeyuOverviewPage *self)
{
  GtkToggleButton *buttons[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  buttons[0] = self->filter_all_button;
  buttons[1] = self->filter_rare_button;
  buttons[2] = self->filter_critical_button;
  buttons[3] = self->filter_strategic_button;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    g_signal_connect_object (buttons[i], "toggled", G_CALLBACK (on_filter_toggled_cb),
                             self, G_CONNECT_SWAPPED);

  self->filter = gtk_custom_filter_new (filter_metal, self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
heeyu_overview_page_set_cache (HeeyuOverviewPage *self,
                               HeeyuCache        *cache)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) metals = NULL;

  g_return_if_fail (HEEYU_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (!cache || HEEYU_IS_CACHE (cache));

  if (!g_set_object (&self->cache, cache) || cache == NULL)
    return;

  metals = heeyu_cache_list_metals (cache, &error);
  if (metals == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Metals Cannot Be Shown"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_set_object (&self->metals, metals);
  g_clear_object (&self->filtered);
  self->filtered = gtk_filter_list_model_new (g_object_ref (metals),
                                              GTK_FILTER (g_object_ref (self->filter)));
  gtk_flow_box_bind_model (self->metals_flow, G_LIST_MODEL (self->filtered),
                           create_metal_card, self, NULL);

  update_summary (self);
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (metals) > 0 ? "metals" : "empty");
}

GListModel *
heeyu_overview_page_get_metals (HeeyuOverviewPage *self)
{
  g_return_val_if_fail (HEEYU_IS_OVERVIEW_PAGE (self), NULL);

  return self->filtered ? G_LIST_MODEL (self->filtered) : NULL;
}
