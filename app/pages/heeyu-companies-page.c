/* heeyu-companies-page.c: the directory of the industry's companies
 *
 * One search box, filters with live counts, a sort order, the list, and the
 * detail of the chosen company beside it (or above it, when narrow).  The
 * page keeps one HeeyuCompanyQuery; every change of the search text, a
 * filter or the sort goes into it and to the list, which runs it in SQL on
 * a worker.  Sort and filters are kept in GSettings across restarts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-application.h"
#include "heeyu-companies-page.h"
#include "heeyu-companies-page-private.h"
#include "heeyu-company-detail.h"
#include "heeyu-company-list.h"
#include "heeyu-facet-sidebar.h"
#include "heeyu-filter-chip.h"
#include "heeyu-format.h"

G_DEFINE_FINAL_TYPE (HeeyuCompaniesPage, heeyu_companies_page, GTK_TYPE_WIDGET)

typedef enum
{
  COLUMN_NAME,
  COLUMN_REGION,
  COLUMN_COMPLEX,
  COLUMN_METALS,
  COLUMN_EMPLOYEES,
  COLUMN_FOUNDED,
  N_COLUMNS
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
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_EMPLOYEES || column == COLUMN_FOUNDED)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0);
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

        /* A metropolitan city is its own region: "Incheon · 인천광역시"
         * says it twice. */
        if (city != NULL && *city != '\0'
            && !g_str_has_suffix (city, "광역시") && !g_str_has_suffix (city, "특별시")
            && !g_str_has_suffix (city, "특별자치시"))
          text = g_strdup_printf ("%s · %s", region, heeyu_format_place (city));
        else
          text = g_strdup (region);
      }
      break;

    case COLUMN_COMPLEX:
      text = g_strdup (heeyu_format_place (heeyu_company_get_complex (company)));
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

    case COLUMN_FOUNDED:
      if (heeyu_company_get_founded (company) > 0)
        text = g_strdup_printf ("%d", heeyu_company_get_founded (company));
      break;

    case N_COLUMNS:
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
  self->columns[column] = g_steal_pointer (&view_column);
}

/* --- the query ------------------------------------------------------- */

static const char *
facet_value_label (HeeyuCompaniesPage *self,
                   HeeyuCompanyFacet   facet,
                   const char         *value)
{
  HeeyuCompanyFacets *facets = self->list != NULL ? heeyu_company_list_get_facets (self->list) : NULL;

  /* Metal names come from the cache through the facet counts, which always
   * list the active values. */
  if (facets != NULL)
    {
      guint n;
      const HeeyuCompanyFacetValue *values = heeyu_company_facets_get_values (facets, facet, &n);

      for (guint i = 0; i < n; i++)
        if (g_strcmp0 (values[i].value, value) == 0 && values[i].label != NULL)
          return facet == HEEYU_COMPANY_FACET_COMPLEX ? heeyu_format_place (values[i].label) : values[i].label;
    }

  if (facet == HEEYU_COMPANY_FACET_COMPLEX)
    return heeyu_format_place (value);
  return heeyu_company_facet_value_label (facet, value);
}

static void
on_chip_remove_cb (HeeyuCompaniesPage *self,
                   HeeyuFilterChip    *chip)
{
  heeyu_company_query_remove_value (self->query, heeyu_filter_chip_get_key (chip),
                                    heeyu_filter_chip_get_value (chip));
  heeyu_companies_page_apply_query (self);
  /* The chip is gone: keep the keyboard in the chip row or the search. */
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
update_chips (HeeyuCompaniesPage *self)
{
  GtkWidget *child;
  gboolean any = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chip_box))) != NULL)
    gtk_flow_box_remove (self->chip_box, child);

  for (guint facet = 0; facet < HEEYU_COMPANY_N_FACETS; facet++)
    {
      const char * const *values = heeyu_company_query_get_values (self->query, facet);

      for (guint i = 0; values[i] != NULL; i++)
        {
          GtkWidget *chip = heeyu_filter_chip_new (heeyu_company_facet_get_title (facet),
                                                   facet_value_label (self, facet, values[i]),
                                                   facet, values[i]);

          g_signal_connect_object (chip, "remove", G_CALLBACK (on_chip_remove_cb),
                                   self, G_CONNECT_SWAPPED);
          /* The flow box lines its children up in columns; a chip keeps
           * its own width inside its cell. */
          gtk_widget_set_halign (chip, GTK_ALIGN_START);
          gtk_flow_box_append (self->chip_box, chip);
          /* The flow box child would take the focus before the chip. */
          gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
          any = TRUE;
        }
    }

  gtk_revealer_set_reveal_child (self->chips_revealer, any);
  gtk_widget_set_sensitive (self->sidebar_clear_button, any);
}

static void
update_sort_widgets (HeeyuCompaniesPage *self)
{
  const char *label = NULL;
  GAction *action;

  switch (self->query->sort)
    {
    case HEEYU_COMPANY_SORT_REGION:    label = _("Region"); break;
    case HEEYU_COMPANY_SORT_EMPLOYEES: label = _("Employees"); break;
    case HEEYU_COMPANY_SORT_FOUNDED:   label = _("Founding Year"); break;
    case HEEYU_COMPANY_SORT_NAME:
    default:                           label = _("Name"); break;
    }

  gtk_label_set_text (self->sort_label, label);
  gtk_image_set_from_icon_name (self->sort_image, self->query->descending
                                ? "view-sort-descending-symbolic"
                                : "view-sort-ascending-symbolic");

  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "sort-by");
  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (heeyu_company_sort_to_string (self->query->sort)));
  action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "sort-order");
  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (self->query->descending ? "descending" : "ascending"));
}

static void
save_query (HeeyuCompaniesPage *self)
{
  g_autoptr(HeeyuCompanyQuery) saved = NULL;
  g_autofree char *text = NULL;

  if (self->settings == NULL)
    return;

  /* Sort and filters are how a user likes to work; the search text is
   * what they looked for last time, and starts empty. */
  saved = heeyu_company_query_copy (self->query);
  heeyu_company_query_set_text (saved, NULL);
  text = heeyu_company_query_to_string (saved);
  g_settings_set_string (self->settings, "directory-query", text);
}

void
heeyu_companies_page_apply_query (HeeyuCompaniesPage *self)
{
  update_chips (self);
  update_sort_widgets (self);
  save_query (self);

  if (self->list != NULL)
    heeyu_company_list_set_company_query (self->list, self->query);
}

static void
update_count (HeeyuCompaniesPage *self)
{
  guint n;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  gboolean loading;

  if (self->list == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  loading = heeyu_company_list_get_loading (self->list);
  count = heeyu_format_count (n);

  if (heeyu_company_query_has_filters (self->query)
      || (self->query->text != NULL && *self->query->text != '\0'))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s company matches",
                                         "%s companies match", n), count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s company", "%s companies", n), count);
  gtk_label_set_text (self->count_label, text);

  /* The counts beside the filters are those of the last search that
   * worked: dimmed while the current one has failed. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->facet_sidebar),
                            loading || heeyu_company_list_get_error (self->list) == NULL);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (!loading && heeyu_company_list_get_error (self->list) != NULL)
    {
      /* In words, with what SQLite said: a damaged cache also gets the
       * window's own error page, with its Rebuild. */
      g_autofree char *detail = g_strdup_printf (_("The local database could not be read: %s"),
                                                 heeyu_company_list_get_error (self->list));

      adw_status_page_set_description (self->failed_page, detail);
      gtk_stack_set_visible_child_name (self->stack, "failed");
    }
  else if (loading && !self->loaded_once)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (!loading)
    gtk_stack_set_visible_child_name (self->stack, "empty");
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
    self->loaded_once = TRUE;
  update_count (self);
}

static void
on_list_facets_cb (HeeyuCompaniesPage *self,
                   GParamSpec         *pspec,
                   HeeyuCompanyList   *list)
{
  heeyu_facet_sidebar_set_facets (self->facet_sidebar, heeyu_company_list_get_facets (list));
  /* Metal chips get their names once the counts know them. */
  update_chips (self);
  update_count (self);
}

/* --- search, with the input method's pre-edit -------------------------- */

/* The text to search for: what is committed, with the syllable the input
 * method is composing put in at the cursor.  Hangul is typed one jamo at a
 * time into a pre-edit; searching only the committed text would lag one
 * syllable behind what the user sees in the box. */
static char *
effective_search_text (HeeyuCompaniesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *preedit = NULL;
  GString *s;
  int position;
  const char *at;

  if (self->im_context != NULL)
    gtk_im_context_get_preedit_string (self->im_context, &preedit, NULL, NULL);
  if (preedit == NULL || *preedit == '\0')
    return g_strdup (text);

  position = gtk_editable_get_position (GTK_EDITABLE (self->search_entry));
  at = g_utf8_offset_to_pointer (text, MIN (position, (int) g_utf8_strlen (text, -1)));
  s = g_string_new_len (text, at - text);
  g_string_append (s, preedit);
  g_string_append (s, at);

  return g_string_free (s, FALSE);
}

static gboolean
run_search_cb (gpointer user_data)
{
  HeeyuCompaniesPage *self = user_data;
  g_autofree char *text = effective_search_text (self);

  self->search_idle = 0;

  if (g_strcmp0 (text, self->query->text != NULL ? self->query->text : "") == 0)
    return G_SOURCE_REMOVE;

  heeyu_company_query_set_text (self->query, text);
  if (self->list != NULL)
    heeyu_company_list_set_company_query (self->list, self->query);

  return G_SOURCE_REMOVE;
}

/* Commit and pre-edit change come as two events for one key press; an idle
 * sees them together, so the search never goes back a syllable.  It runs
 * before the next frame is drawn (GDK redraws at HIGH_IDLE + 20), so the
 * query starts without waiting for a repaint. */
static void
queue_search (HeeyuCompaniesPage *self)
{
  if (self->search_idle == 0)
    self->search_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, run_search_cb, self, NULL);
}

static void
on_search_entry_search_changed_cb (HeeyuCompaniesPage *self,
                                   GtkSearchEntry     *entry)
{
  queue_search (self);
}

static void
on_im_preedit_changed_cb (HeeyuCompaniesPage *self,
                          GtkIMContext       *context)
{
  queue_search (self);
}

static void
on_search_entry_activate_cb (HeeyuCompaniesPage *self,
                             GtkSearchEntry     *entry)
{
  /* Enter opens the first match: type a name, press Enter, read. */
  if (self->list != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0)
    {
      g_autoptr(HeeyuCompany) company = g_list_model_get_item (G_LIST_MODEL (self->list), 0);

      gtk_single_selection_set_selected (self->selection, 0);
      heeyu_companies_page_open_company (self, company);
    }
}

/* GtkText in GTK 4.8 has no signal for its pre-edit, but its key controller
 * carries the input method context it feeds, and that context has one. */
static void
watch_preedit (HeeyuCompaniesPage *self)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->search_entry));
  g_autoptr(GListModel) controllers = NULL;

  if (text == NULL)
    return;

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (text));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller)
          && gtk_event_controller_key_get_im_context (GTK_EVENT_CONTROLLER_KEY (controller)) != NULL)
        {
          self->im_context = g_object_ref (gtk_event_controller_key_get_im_context (GTK_EVENT_CONTROLLER_KEY (controller)));
          g_signal_connect_object (self->im_context, "preedit-changed",
                                   G_CALLBACK (on_im_preedit_changed_cb), self, G_CONNECT_SWAPPED);
          return;
        }
    }

  g_warning ("The search entry has no input method context; pre-edit text is not searched");
}

/* --- filters ------------------------------------------------------------ */

static void
on_facet_value_toggled_cb (HeeyuCompaniesPage *self,
                           int                 facet,
                           const char         *value,
                           gboolean            active,
                           HeeyuFacetSidebar  *sidebar)
{
  if (active)
    heeyu_company_query_add_value (self->query, facet, value);
  else
    heeyu_company_query_remove_value (self->query, facet, value);
  heeyu_companies_page_apply_query (self);
}

static void
on_clear_all_clicked_cb (HeeyuCompaniesPage *self,
                         GtkButton          *button)
{
  heeyu_company_query_clear_filters (self->query);
  heeyu_companies_page_apply_query (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_clear_everything_clicked_cb (HeeyuCompaniesPage *self,
                                GtkButton          *button)
{
  heeyu_company_query_clear_filters (self->query);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  heeyu_company_query_set_text (self->query, NULL);
  heeyu_companies_page_apply_query (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_detail_show_filter_cb (HeeyuCompaniesPage *self,
                          int                 facet,
                          char              **values,
                          HeeyuCompanyDetail *detail)
{
  /* "All companies in this complex": a fresh view, so that earlier filters
   * do not hide part of what was asked for. */
  heeyu_company_query_clear_filters (self->query);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  heeyu_company_query_set_text (self->query, NULL);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    heeyu_company_query_add_value (self->query, facet, values[i]);
  heeyu_companies_page_apply_query (self);
  adw_leaflet_set_visible_child_name (self->leaflet, "browse");
}

/* --- sort ----------------------------------------------------------------- */

static void
on_sort_by_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  HeeyuCompaniesPage *self = user_data;
  HeeyuCompanySort sort;

  if (!heeyu_company_sort_from_string (g_variant_get_string (parameter, NULL), &sort)
      || sort == self->query->sort)
    return;

  self->query->sort = sort;
  /* Most employees and newest first are what people look for. */
  self->query->descending = sort == HEEYU_COMPANY_SORT_EMPLOYEES || sort == HEEYU_COMPANY_SORT_FOUNDED;
  heeyu_companies_page_apply_query (self);
}

static void
on_sort_order_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  HeeyuCompaniesPage *self = user_data;
  gboolean descending = g_str_equal (g_variant_get_string (parameter, NULL), "descending");

  if (descending == self->query->descending)
    return;

  self->query->descending = descending;
  heeyu_companies_page_apply_query (self);
}

static void
on_back_cb (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  HeeyuCompaniesPage *self = user_data;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* --- list and detail ----------------------------------------------------- */

static void
set_detail_visible (HeeyuCompaniesPage *self,
                    gboolean            visible)
{
  gtk_widget_set_visible (GTK_WIDGET (self->detail), visible);
  gtk_widget_set_visible (self->detail_separator, visible);
}

void
heeyu_companies_page_open_company (HeeyuCompaniesPage *self,
                                   HeeyuCompany       *company)
{
  heeyu_company_detail_show (self->detail, company);
  set_detail_visible (self, TRUE);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
  /* Stacked, the list is out of sight: the keyboard goes with the eyes. */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_widget_child_focus (GTK_WIDGET (self->detail), GTK_DIR_TAB_FORWARD);
}

static void
on_detail_close_cb (HeeyuCompaniesPage *self,
                    HeeyuCompanyDetail *detail)
{
  heeyu_company_detail_show (self->detail, NULL);
  set_detail_visible (self, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* GtkColumnView 4.8 still counts the width of an invisible column, so the
 * name column would not grow into its room: columns out of sight are taken
 * out of the view instead, and put back in their place. */
static void
show_column (HeeyuCompaniesPage *self,
             Column              column,
             gboolean            shown)
{
  GtkColumnViewColumn *view_column = self->columns[column];
  gboolean in_view = gtk_column_view_column_get_column_view (view_column) != NULL;
  guint position = 0;

  if (shown == in_view)
    return;

  if (!shown)
    {
      gtk_column_view_remove_column (self->column_view, view_column);
      return;
    }

  for (guint i = 0; i < column; i++)
    if (gtk_column_view_column_get_column_view (self->columns[i]) != NULL)
      position++;
  gtk_column_view_insert_column (self->column_view, position, view_column);
}

/* Columns by the room the list has, widest first to go: a table whose
 * name column is squeezed to "Gar…" helps no one. */
static gboolean
update_columns_cb (gpointer user_data)
{
  HeeyuCompaniesPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (self->list_scrolled);
  double width = gtk_adjustment_get_page_size (adjustment);

  self->columns_idle = 0;
  if (width <= 0)
    return G_SOURCE_REMOVE;

  show_column (self, COLUMN_FOUNDED, width >= 940);
  show_column (self, COLUMN_COMPLEX, width >= 850);
  show_column (self, COLUMN_METALS, width >= 640);
  show_column (self, COLUMN_EMPLOYEES, width >= 530);
  show_column (self, COLUMN_REGION, width >= 420);

  return G_SOURCE_REMOVE;
}

static void
on_list_width_cb (HeeyuCompaniesPage *self,
                  GParamSpec         *pspec,
                  GtkAdjustment      *adjustment)
{
  /* Not while GTK is allocating: hiding a column queues a resize. */
  if (self->columns_idle == 0)
    self->columns_idle = g_idle_add (update_columns_cb, self);
}

static void
on_flap_revealed_cb (HeeyuCompaniesPage *self,
                     GParamSpec         *pspec,
                     AdwFlap            *flap)
{
  gboolean shown = adw_flap_get_reveal_flap (flap);

  /* The sidebar has its own "Clear All"; one in sight is enough. */
  gtk_widget_set_visible (self->clear_button, !shown || adw_flap_get_folded (flap));

  /* AdwFlap 1.2 allocates a hidden, folded flap at height -1 (a warning
   * at every frame): out of sight, it is not shown at all. */
  if (shown)
    gtk_widget_set_visible (self->flap_box, TRUE);
  else if (adw_flap_get_folded (flap) && adw_flap_get_reveal_progress (flap) <= 0)
    gtk_widget_set_visible (self->flap_box, FALSE);
}

static void
on_column_view_activate_cb (HeeyuCompaniesPage *self,
                            guint               position,
                            GtkColumnView      *view)
{
  g_autoptr(HeeyuCompany) company = NULL;

  if (self->list == NULL)
    return;

  company = g_list_model_get_item (G_LIST_MODEL (self->list), position);
  if (company != NULL)
    heeyu_companies_page_open_company (self, company);
}

static void
on_selection_changed_cb (HeeyuCompaniesPage *self,
                         GParamSpec         *pspec,
                         GtkSingleSelection *selection)
{
  HeeyuCompany *company = gtk_single_selection_get_selected_item (selection);

  /* Side by side, selecting shows the company; stacked, it would jump away
   * from the list at every arrow key, so there a click or Enter opens it. */
  if (company != NULL && !adw_leaflet_get_folded (self->leaflet))
    {
      heeyu_company_detail_show (self->detail, company);
      set_detail_visible (self, TRUE);
    }
}

static void
on_leaflet_folded_cb (HeeyuCompaniesPage *self,
                      GParamSpec         *pspec,
                      AdwLeaflet         *leaflet)
{
  gboolean folded = adw_leaflet_get_folded (leaflet);

  heeyu_company_detail_set_folded (self->detail, folded);
  /* Stacked, a tap on a row opens it, as lists on a phone do. */
  gtk_column_view_set_single_click_activate (self->column_view, folded);
}

static void
on_detail_back_cb (HeeyuCompaniesPage *self,
                   HeeyuCompanyDetail *detail)
{
  on_back_cb (NULL, NULL, self);
}

static void
on_detail_company_changed_cb (HeeyuCompaniesPage *self,
                              HeeyuCompanyDetail *detail)
{
  /* An edit may move the company in or out of the view or change its
   * place in the sort order. */
  if (self->list != NULL)
    heeyu_company_list_reload (self->list);
}

/* --- life cycle ----------------------------------------------------------- */

static void
heeyu_companies_page_dispose (GObject *object)
{
  HeeyuCompaniesPage *self = HEEYU_COMPANIES_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->search_idle, g_source_remove);
  g_clear_handle_id (&self->columns_idle, g_source_remove);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_cancellable);

  /* dispose_template only unparents bound children; the root is not. */
  gtk_widget_dispose_template (GTK_WIDGET (self), HEEYU_TYPE_COMPANIES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->im_context);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->cache);
  g_clear_object (&self->settings);
  g_clear_object (&self->actions);
  g_clear_pointer (&self->query, heeyu_company_query_free);

  G_OBJECT_CLASS (heeyu_companies_page_parent_class)->dispose (object);
}

static void
heeyu_companies_page_class_init (HeeyuCompaniesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_companies_page_dispose;

  g_type_ensure (HEEYU_TYPE_FACET_SIDEBAR);
  g_type_ensure (HEEYU_TYPE_COMPANY_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/heeyu-companies-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, flap);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, flap_box);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, facet_sidebar);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, sidebar_clear_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, sort_image);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, sort_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, chips_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, chip_box);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, search_spinner);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, failed_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, list_scrolled);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, detail_separator);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompaniesPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_facet_value_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_everything_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_detail_show_filter_cb);

  g_signal_new ("export-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  /* F9 shows and hides the filters, as sidebars do in GNOME apps. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F9, 0, (GtkShortcutFunc) heeyu_companies_page_toggle_filters, NULL);
}

gboolean
heeyu_companies_page_toggle_filters (GtkWidget *widget,
                                     GVariant  *args,
                                     gpointer   user_data)
{
  HeeyuCompaniesPage *self = HEEYU_COMPANIES_PAGE (widget);

  gtk_toggle_button_set_active (self->filter_button, !gtk_toggle_button_get_active (self->filter_button));
  return TRUE;
}

static void
heeyu_companies_page_init (HeeyuCompaniesPage *self)
{
  const GActionEntry entries[] = {
    { "sort-by", on_sort_by_cb, "s", "'name'", NULL },
    { "sort-order", on_sort_order_cb, "s", "'ascending'", NULL },
    { "back", on_back_cb, NULL, NULL, NULL },
    { "export", heeyu_companies_page_export_cb, "s", NULL, NULL },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->query = heeyu_company_query_new ();
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "page", G_ACTION_GROUP (self->actions));

  add_column (self, _("Company"), COLUMN_NAME, TRUE, -1);
  add_column (self, _("Region"), COLUMN_REGION, FALSE, 170);
  add_column (self, _("Industrial Complex"), COLUMN_COMPLEX, FALSE, 200);
  add_column (self, _("Metals"), COLUMN_METALS, FALSE, 110);
  add_column (self, _("Employees"), COLUMN_EMPLOYEES, FALSE, 100);
  add_column (self, _("Founded"), COLUMN_FOUNDED, FALSE, 90);

  g_signal_connect_object (self->detail, "back", G_CALLBACK (on_detail_back_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "close", G_CALLBACK (on_detail_close_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->list_scrolled), "notify::page-size",
                           G_CALLBACK (on_list_width_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::reveal-flap", G_CALLBACK (on_flap_revealed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::folded", G_CALLBACK (on_flap_revealed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::reveal-progress", G_CALLBACK (on_flap_revealed_cb),
                           self, G_CONNECT_SWAPPED);
  on_flap_revealed_cb (self, NULL, self->flap);
  g_signal_connect_object (self->detail, "company-changed",
                           G_CALLBACK (on_detail_company_changed_cb), self, G_CONNECT_SWAPPED);

  watch_preedit (self);
  update_sort_widgets (self);
  on_leaflet_folded_cb (self, NULL, self->leaflet);
}

void
heeyu_companies_page_set_cache (HeeyuCompaniesPage *self,
                                HeeyuCache         *cache)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (HEEYU_IS_COMPANIES_PAGE (self));
  g_return_if_fail (!cache || HEEYU_IS_CACHE (cache));

  if (!g_set_object (&self->cache, cache))
    return;

  heeyu_company_detail_set_cache (self->detail, cache);
  heeyu_company_detail_show (self->detail, NULL);
  set_detail_visible (self, FALSE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  if (cache == NULL)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      return;
    }

  /* Sort and filters of the last session. */
  if (self->settings == NULL && HEEYU_IS_APPLICATION (app))
    {
      g_autofree char *saved = NULL;

      self->settings = g_object_ref (heeyu_application_get_settings (HEEYU_APPLICATION (app)));
      saved = g_settings_get_string (self->settings, "directory-query");
      if (saved != NULL && *saved != '\0')
        {
          g_autoptr(HeeyuCompanyQuery) query = heeyu_company_query_new_from_string (saved);

          if (query != NULL)
            {
              heeyu_company_query_free (self->query);
              self->query = g_steal_pointer (&query);
              heeyu_company_query_set_text (self->query,
                                            gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
            }
        }
    }

  self->list = heeyu_company_list_new (cache);
  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (on_list_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading",
                           G_CALLBACK (on_list_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::error",
                           G_CALLBACK (on_list_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::facets",
                           G_CALLBACK (on_list_facets_cb), self, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  self->loaded_once = FALSE;
  heeyu_companies_page_apply_query (self);
}

void
heeyu_companies_page_focus_search (HeeyuCompaniesPage *self)
{
  g_return_if_fail (HEEYU_IS_COMPANIES_PAGE (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "browse");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

HeeyuCompanyList *
heeyu_companies_page_get_list (HeeyuCompaniesPage *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANIES_PAGE (self), NULL);

  return self->list;
}

GtkWidget *
heeyu_companies_page_get_widget (HeeyuCompaniesPage *self,
                                 const char         *name)
{
  g_return_val_if_fail (HEEYU_IS_COMPANIES_PAGE (self), NULL);

  if (g_str_equal (name, "search-entry"))
    return GTK_WIDGET (self->search_entry);
  if (g_str_equal (name, "facet-sidebar"))
    return GTK_WIDGET (self->facet_sidebar);
  if (g_str_equal (name, "detail"))
    return GTK_WIDGET (self->detail);
  if (g_str_equal (name, "count-label"))
    return GTK_WIDGET (self->count_label);
  if (g_str_equal (name, "chip-box"))
    return GTK_WIDGET (self->chip_box);
  if (g_str_equal (name, "leaflet"))
    return GTK_WIDGET (self->leaflet);
  if (g_str_equal (name, "filter-button"))
    return GTK_WIDGET (self->filter_button);
  if (g_str_equal (name, "stack"))
    return GTK_WIDGET (self->stack);
  if (g_str_equal (name, "failed-page"))
    return GTK_WIDGET (self->failed_page);
  return NULL;
}
