/* heeyu-facet-sidebar.c: one group per facet, a check row per value
 *
 * The rows are kept and updated in place when the counts change, so that
 * typing in the search box does not rebuild 100 rows per keystroke nor
 * move the keyboard focus away from the row a user is on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-facet-sidebar.h"
#include "heeyu-format.h"

/* Values shown before "Show All"; a long tail of metals or complexes would
 * push the other facets out of sight. */
#define COLLAPSED_ROWS 6

typedef struct
{
  HeeyuFacetSidebar *sidebar;
  HeeyuCompanyFacet  facet;
  GtkWidget         *group;
  GtkListBox        *list;
  GtkButton         *more_button;
  GHashTable        *rows;        /* value -> GtkListBoxRow (borrowed) */
  guint              n_values;
  gboolean           expanded;
} Section;

struct _HeeyuFacetSidebar
{
  GtkWidget  parent_instance;

  GtkWidget *scrolled;
  Section    sections[HEEYU_COMPANY_N_FACETS];
  gboolean   updating;
};

G_DEFINE_FINAL_TYPE (HeeyuFacetSidebar, heeyu_facet_sidebar, GTK_TYPE_WIDGET)

enum { VALUE_TOGGLED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The order of the facets in the sidebar: what people filter on most first. */
static const HeeyuCompanyFacet facet_order[] = {
  HEEYU_COMPANY_FACET_METAL,
  HEEYU_COMPANY_FACET_STAGE,
  HEEYU_COMPANY_FACET_REGION,
  HEEYU_COMPANY_FACET_COMPLEX,
  HEEYU_COMPANY_FACET_SPECIALIZED,
  HEEYU_COMPANY_FACET_SIZE,
};

static int
row_rank (GtkListBoxRow *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "rank")) - 1;
}

static int
sort_rows_cb (GtkListBoxRow *a,
              GtkListBoxRow *b,
              gpointer       user_data)
{
  return row_rank (a) - row_rank (b);
}

static gboolean
filter_rows_cb (GtkListBoxRow *row,
                gpointer       user_data)
{
  Section *section = user_data;
  int rank = row_rank (row);
  GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");

  if (rank < 0)
    return FALSE;
  /* An active value stays in sight, even far down the list. */
  return section->expanded || rank < COLLAPSED_ROWS || gtk_check_button_get_active (check);
}

static void
update_more_button (Section *section)
{
  g_autofree char *label = NULL;

  gtk_widget_set_visible (GTK_WIDGET (section->more_button), section->n_values > COLLAPSED_ROWS);
  if (section->expanded)
    label = g_strdup (_("Show Fewer"));
  else
    label = g_strdup_printf (_("Show All %u"), section->n_values);
  gtk_button_set_label (section->more_button, label);
}

static void
on_more_clicked_cb (GtkButton *button,
                    Section   *section)
{
  section->expanded = !section->expanded;
  update_more_button (section);
  gtk_list_box_invalidate_filter (section->list);
}

static void
on_check_toggled_cb (GtkCheckButton *check,
                     Section        *section)
{
  const char *value = g_object_get_data (G_OBJECT (check), "value");

  if (section->sidebar->updating)
    return;

  g_signal_emit (section->sidebar, signals[VALUE_TOGGLED], 0,
                 (int) section->facet, value, gtk_check_button_get_active (check));
}

static GtkWidget *
create_row (Section    *section,
            const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (check, FALSE);
  g_object_set_data_full (G_OBJECT (check), "value", g_strdup (value), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), section);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), count);

  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data (G_OBJECT (row), "count", count);
  g_object_set_data_full (G_OBJECT (row), "value", g_strdup (value), g_free);
  gtk_list_box_append (section->list, row);
  g_hash_table_insert (section->rows, g_strdup (value), row);

  return row;
}

static void
update_section (Section            *section,
                HeeyuCompanyFacets *facets)
{
  const HeeyuCompanyFacetValue *values = NULL;
  guint n_values = 0;
  GHashTableIter iter;
  gpointer row;

  if (facets != NULL)
    values = heeyu_company_facets_get_values (facets, section->facet, &n_values);

  g_hash_table_iter_init (&iter, section->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    g_object_set_data (row, "rank", GINT_TO_POINTER (0));

  for (guint i = 0; i < n_values; i++)
    {
      const HeeyuCompanyFacetValue *v = &values[i];
      GtkWidget *r = g_hash_table_lookup (section->rows, v->value);
      g_autofree char *count = heeyu_format_count (v->count);
      g_autofree char *accessible = NULL;

      if (r == NULL)
        r = create_row (section, v->value);

      const char *label = v->label != NULL ? v->label : v->value;

      if (section->facet == HEEYU_COMPANY_FACET_COMPLEX)
        label = heeyu_format_place (label);
      g_object_set_data (G_OBJECT (r), "rank", GINT_TO_POINTER (i + 1));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r), label);
      gtk_label_set_text (g_object_get_data (G_OBJECT (r), "count"), count);
      gtk_check_button_set_active (g_object_get_data (G_OBJECT (r), "check"), v->active);
      /* Nothing more to find under this value: say so by dimming it. */
      gtk_widget_set_opacity (r, v->count == 0 && !v->active ? 0.55 : 1.0);

      accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s company",
                                                 "%s, %s companies", v->count),
                                    label, count);
      gtk_accessible_update_property (GTK_ACCESSIBLE (g_object_get_data (G_OBJECT (r), "check")),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }

  section->n_values = n_values;
  gtk_widget_set_visible (section->group, n_values > 0);
  update_more_button (section);
  gtk_list_box_invalidate_sort (section->list);
  gtk_list_box_invalidate_filter (section->list);
}

static void
heeyu_facet_sidebar_dispose (GObject *object)
{
  HeeyuFacetSidebar *self = HEEYU_FACET_SIDEBAR (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    g_clear_pointer (&self->sections[i].rows, g_hash_table_unref);

  G_OBJECT_CLASS (heeyu_facet_sidebar_parent_class)->dispose (object);
}

static void
heeyu_facet_sidebar_class_init (HeeyuFacetSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_facet_sidebar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "facetsidebar");

  signals[VALUE_TOGGLED] =
    g_signal_new ("value-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
heeyu_facet_sidebar_init (HeeyuFacetSidebar *self)
{
  GtkWidget *box;

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), box);

  for (guint i = 0; i < G_N_ELEMENTS (facet_order); i++)
    {
      Section *section = &self->sections[facet_order[i]];
      GtkWidget *more;

      section->sidebar = self;
      section->facet = facet_order[i];
      section->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      section->group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (section->group),
                                       heeyu_company_facet_get_title (section->facet));
      gtk_widget_set_visible (section->group, FALSE);

      section->list = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (section->list, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (section->list), "boxed-list");
      gtk_list_box_set_sort_func (section->list, sort_rows_cb, NULL, NULL);
      gtk_list_box_set_filter_func (section->list, filter_rows_cb, section, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (section->group), GTK_WIDGET (section->list));

      more = gtk_button_new ();
      section->more_button = GTK_BUTTON (more);
      gtk_widget_set_halign (more, GTK_ALIGN_START);
      gtk_widget_set_margin_top (more, 6);
      gtk_widget_add_css_class (more, "flat");
      gtk_widget_set_visible (more, FALSE);
      g_signal_connect (more, "clicked", G_CALLBACK (on_more_clicked_cb), section);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (section->group), more);

      gtk_box_append (GTK_BOX (box), section->group);
    }
}

GtkWidget *
heeyu_facet_sidebar_new (void)
{
  return g_object_new (HEEYU_TYPE_FACET_SIDEBAR, NULL);
}

void
heeyu_facet_sidebar_set_facets (HeeyuFacetSidebar  *self,
                                HeeyuCompanyFacets *facets)
{
  g_return_if_fail (HEEYU_IS_FACET_SIDEBAR (self));

  self->updating = TRUE;
  for (guint i = 0; i < HEEYU_COMPANY_N_FACETS; i++)
    update_section (&self->sections[i], facets);
  self->updating = FALSE;
}

GtkWidget *
heeyu_facet_sidebar_get_row (HeeyuFacetSidebar *self,
                             HeeyuCompanyFacet  facet,
                             const char        *value)
{
  GtkWidget *row;

  g_return_val_if_fail (HEEYU_IS_FACET_SIDEBAR (self), NULL);
  g_return_val_if_fail (facet < HEEYU_COMPANY_N_FACETS, NULL);

  row = g_hash_table_lookup (self->sections[facet].rows, value);
  if (row == NULL || row_rank (GTK_LIST_BOX_ROW (row)) < 0)
    return NULL;
  return row;
}
