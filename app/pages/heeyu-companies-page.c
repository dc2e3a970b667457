/* heeyu-companies-page.c: the directory of the industry's companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-companies-page.h"
#include "heeyu-company-list.h"
#include "heeyu-format.h"

struct _HeeyuCompaniesPage
{
  GtkWidget         parent_instance;

  HeeyuCache       *cache;
  HeeyuCompanyList *list;

  /* Template widgets */
  GtkSearchEntry   *search_entry;
  GtkSpinner       *search_spinner;
  GtkLabel         *count_label;
  GtkStack         *stack;
  GtkColumnView    *column_view;
};

G_DEFINE_FINAL_TYPE (HeeyuCompaniesPage, heeyu_companies_page, GTK_TYPE_WIDGET)

typedef enum
{
  COLUMN_NAME,
  COLUMN_REGION,
  COLUMN_COMPLEX,
  COLUMN_METALS,
  COLUMN_EMPLOYEES,
} Column;

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label;

  if (column == COLUMN_NAME)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *sub;

      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), label);

      sub = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (box), sub);

      gtk_list_item_set_child (item, box);
      return;
    }

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_EMPLOYEES ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_EMPLOYEES)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  HeeyuCompany *company = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  if (company == NULL)
    return;

  switch (column)
    {
    case COLUMN_NAME:
      {
        GtkWidget *name = gtk_widget_get_first_child (child);
        GtkWidget *sub = gtk_widget_get_next_sibling (name);
        const char *ko = heeyu_company_get_name_ko (company);
        const char *en = heeyu_company_get_name_en (company);
        gboolean korean = heeyu_format_prefers_korean ();
        const char *primary = korean || en == NULL || *en == '\0' ? ko : en;
        const char *secondary = primary == ko ? en : ko;

        gtk_label_set_text (GTK_LABEL (name), primary);
        gtk_label_set_text (GTK_LABEL (sub), secondary != NULL ? secondary : "");
        gtk_widget_set_visible (sub, secondary != NULL && *secondary != '\0');
        gtk_widget_set_tooltip_text (child, primary);
      }
      return;

    case COLUMN_REGION:
      {
        const char *city = heeyu_company_get_city (company);
        const char *region = heeyu_format_region (heeyu_company_get_region (company));

        if (city != NULL && *city != '\0')
          text = g_strdup_printf ("%s · %s", region, city);
        else
          text = g_strdup (region);
      }
      break;

    case COLUMN_COMPLEX:
      text = g_strdup (heeyu_company_get_complex (company));
      break;

    case COLUMN_METALS:
      {
        const char * const *metals = heeyu_company_get_metals (company);

        text = metals != NULL ? g_strjoinv (", ", (char **) metals) : NULL;
      }
      break;

    case COLUMN_EMPLOYEES:
      if (heeyu_company_get_employees (company) >= 0)
        text = heeyu_format_count (heeyu_company_get_employees (company));
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (child), text != NULL ? text : "");
}

static void
add_column (HeeyuCompaniesPage *self,
            const char         *title,
            Column              column,
            gboolean            expand,
            int                 fixed_width)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (self->column_view, view_column);
}

static void
update_count (HeeyuCompaniesPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *count = heeyu_format_count (n);
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s company", "%s companies", n), count);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack,
                                    n > 0 || heeyu_company_list_get_loading (self->list) ? "list" : "empty");
}

static void
on_list_items_changed_cb (HeeyuCompaniesPage *self,
                          guint               position,
                          guint               removed,
                          guint               added,
                          GListModel         *model)
{
  update_count (self);
}

static void
on_list_loading_cb (HeeyuCompaniesPage *self,
                    GParamSpec         *pspec,
                    HeeyuCompanyList   *list)
{
  gboolean loading = heeyu_company_list_get_loading (list);

  gtk_spinner_set_spinning (self->search_spinner, loading);
  if (!loading)
    update_count (self);
}

static void
on_search_entry_search_changed_cb (HeeyuCompaniesPage *self,
                                   GtkSearchEntry     *entry)
{
  if (self->list == NULL)
    return;

  heeyu_company_list_search (self->list, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
heeyu_companies_page_dispose (GObject *object)
{
  HeeyuCompaniesPage *self = HEEYU_COMPANIES_PAGE (object);
  GtkWidget *child;

  /* dispose_template only unparents bound children; the root box is not. */
  gtk_widget_dispose_template (GTK_WIDGET (self), HEEYU_TYPE_COMPANIES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->list);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (heeyu_companies_page_parent_class)->dispose (object);
}

static void
heeyu_companies_page_class_init (HeeyuCompaniesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_companies_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/heeyu-companies-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
}

static void
heeyu_companies_page_init (HeeyuCompaniesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, _("Company"), COLUMN_NAME, TRUE, -1);
  add_column (self, _("Region"), COLUMN_REGION, FALSE, 180);
  add_column (self, _("Industrial Complex"), COLUMN_COMPLEX, FALSE, 220);
  add_column (self, _("Metals"), COLUMN_METALS, FALSE, 140);
  add_column (self, _("Employees"), COLUMN_EMPLOYEES, FALSE, 100);
}

void
heeyu_companies_page_set_cache (HeeyuCompaniesPage *self,
                                HeeyuCache         *cache)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (HEEYU_IS_COMPANIES_PAGE (self));
  g_return_if_fail (!cache || HEEYU_IS_CACHE (cache));

  if (!g_set_object (&self->cache, cache))
    return;

  g_clear_object (&self->list);
  if (cache == NULL)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      return;
    }

  self->list = heeyu_company_list_new (cache);
  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (on_list_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading",
                           G_CALLBACK (on_list_loading_cb), self, G_CONNECT_SWAPPED);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  heeyu_company_list_search (self->list, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

void
heeyu_companies_page_focus_search (HeeyuCompaniesPage *self)
{
  g_return_if_fail (HEEYU_IS_COMPANIES_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

HeeyuCompanyList *
heeyu_companies_page_get_list (HeeyuCompaniesPage *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANIES_PAGE (self), NULL);

  return self->list;
}
