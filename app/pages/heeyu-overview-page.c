/* heeyu-overview-page.c: every metal's stability index at a glance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "heeyu-format.h"
#include "heeyu-metal.h"
#include "heeyu-metal-card.h"
#include "heeyu-overview-page.h"
#include "heeyu-sample.h"

typedef enum {
  SORT_AT_RISK,      /* crisis first, then the lowest index */
  SORT_INDEX_LOW,
  SORT_INDEX_HIGH,
  SORT_NAME,
} SortOrder;

/* The uses of the filter, as in the metal records. */
static const char *use_codes[] = {
  NULL, "semiconductor", "ev_battery", "aviation", "defense", "display", "energy", "steel",
};

static const HeeyuMetalLists list_flags[] = {
  0, HEEYU_METAL_LIST_RARE_METAL_35, HEEYU_METAL_LIST_CRITICAL_33, HEEYU_METAL_LIST_STRATEGIC_10,
};

/* What the worker computes. */
typedef struct
{
  GPtrArray        *results;       /* HeeyuIndexResult */
  HeeyuMethodology *methodology;
} IndexJob;

static void
index_job_free (IndexJob *job)
{
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_clear_pointer (&job->methodology, heeyu_methodology_free);
  g_free (job);
}

struct _HeeyuOverviewPage
{
  GtkWidget           parent_instance;

  HeeyuCache         *cache;
  GCancellable       *cancellable;
  GListModel         *metals;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkCustomFilter    *filter;
  GtkCustomSorter    *sorter;
  GHashTable         *results;      /* code -> HeeyuIndexResult (owned by results_array) */
  GPtrArray          *results_array;
  HeeyuMethodology   *methodology;
  char               *as_of;
  char               *search_folded;
  gboolean            ready;

  GtkDropDown        *use_dropdown;
  GtkDropDown        *list_dropdown;
  GtkDropDown        *sort_dropdown;

  /* Template widgets */
  AdwLeaflet         *leaflet;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkLabel           *summary_label;
  GtkFlowBox         *band_strip;
  GtkWidget          *sample_notice;
  GtkLabel           *sample_label;
  GtkSearchEntry     *search_entry;
  GtkFlowBox         *filter_box;
  GtkLabel           *results_label;
  GtkFlowBox         *metals_flow;
  GtkWidget          *no_match_page;
  HeeyuMetalPage     *metal_page;
};

G_DEFINE_FINAL_TYPE (HeeyuOverviewPage, heeyu_overview_page, GTK_TYPE_WIDGET)

static const HeeyuIndexResult *
result_of (HeeyuOverviewPage *self,
           HeeyuMetal        *metal)
{
  return self->results ? g_hash_table_lookup (self->results, heeyu_metal_get_code (metal)) : NULL;
}

/* ---- Filter and sort ------------------------------------------------------- */

static gboolean
text_matches (const char *text,
              const char *folded_query)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, folded_query) != NULL;
}

static gboolean
filter_metal (gpointer item,
              gpointer user_data)
{
  HeeyuOverviewPage *self = user_data;
  HeeyuMetal *metal = HEEYU_METAL (item);
  guint use = gtk_drop_down_get_selected (self->use_dropdown);
  guint list = gtk_drop_down_get_selected (self->list_dropdown);

  if (list > 0 && list < G_N_ELEMENTS (list_flags)
      && (heeyu_metal_get_lists (metal) & list_flags[list]) == 0)
    return FALSE;

  if (use > 0 && use < G_N_ELEMENTS (use_codes))
    {
      const char * const *uses = heeyu_metal_get_uses (metal);

      if (uses == NULL || !g_strv_contains (uses, use_codes[use]))
        return FALSE;
    }

  if (self->search_folded != NULL && *self->search_folded != '\0')
    {
      const char *q = self->search_folded;
      const char * const *aliases = heeyu_metal_get_aliases_ko (metal);
      gboolean hit;

      hit = text_matches (heeyu_metal_get_code (metal), q)
            || text_matches (heeyu_metal_get_name_en (metal), q)
            || text_matches (heeyu_metal_get_name_ko (metal), q);
      for (guint i = 0; !hit && aliases != NULL && aliases[i] != NULL; i++)
        hit = text_matches (aliases[i], q);
      if (!hit)
        return FALSE;
    }

  return TRUE;
}

static int
band_rank (const HeeyuIndexResult *r)
{
  static const char *order[] = { "crisis", "unstable", "caution", "stable", "oversupply" };

  if (r == NULL || !r->has_index)
    return G_N_ELEMENTS (order) + 1;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_strcmp0 (r->band_code, order[i]) == 0)
      return i;
  return G_N_ELEMENTS (order);
}

static int
sort_metals (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  HeeyuOverviewPage *self = user_data;
  HeeyuMetal *ma = HEEYU_METAL ((gpointer) a), *mb = HEEYU_METAL ((gpointer) b);
  const HeeyuIndexResult *ra = result_of (self, ma), *rb = result_of (self, mb);
  SortOrder order = gtk_drop_down_get_selected (self->sort_dropdown);
  gboolean ha = ra && ra->has_index, hb = rb && rb->has_index;
  int cmp = 0;

  if (order != SORT_NAME && ha != hb)
    return ha ? -1 : 1;   /* "No data" last, whatever the direction */

  switch (order)
    {
    case SORT_AT_RISK:
      cmp = band_rank (ra) - band_rank (rb);
      if (cmp == 0 && ha && hb)
        cmp = (ra->index > rb->index) - (ra->index < rb->index);
      break;
    case SORT_INDEX_LOW:
      if (ha && hb)
        cmp = (ra->index > rb->index) - (ra->index < rb->index);
      break;
    case SORT_INDEX_HIGH:
      if (ha && hb)
        cmp = (ra->index < rb->index) - (ra->index > rb->index);
      break;
    case SORT_NAME:
    default:
      break;
    }

  if (cmp == 0)
    cmp = g_utf8_collate (heeyu_format_pick_name (heeyu_metal_get_name_en (ma), heeyu_metal_get_name_ko (ma)),
                          heeyu_format_pick_name (heeyu_metal_get_name_en (mb), heeyu_metal_get_name_ko (mb)));
  return cmp;
}

static void
update_results_label (HeeyuOverviewPage *self)
{
  guint shown, total;
  g_autofree char *text = NULL;

  if (self->sorted == NULL)
    return;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  total = g_list_model_get_n_items (self->metals);
  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u metal", "%u metals", total), total);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u metals shown", "%u of %u metals shown", total),
                            shown, total);
  gtk_label_set_text (self->results_label, text);
  gtk_widget_set_visible (self->no_match_page, shown == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->metals_flow), shown > 0);
}

static void
refilter (HeeyuOverviewPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_results_label (self);
}

static void
on_search_changed_cb (HeeyuOverviewPage *self,
                      GtkSearchEntry    *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_free (self->search_folded);
  self->search_folded = g_utf8_casefold (stripped, -1);
  refilter (self);
}

static void
on_filter_changed_cb (HeeyuOverviewPage *self)
{
  refilter (self);
}

static void
on_sort_changed_cb (HeeyuOverviewPage *self)
{
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

/* ---- Cards and summary ------------------------------------------------------ */

static GtkWidget *
create_metal_card (gpointer item,
                   gpointer user_data)
{
  HeeyuOverviewPage *self = user_data;

  return heeyu_metal_card_new (HEEYU_METAL (item), result_of (self, HEEYU_METAL (item)));
}

static GtkWidget *
band_tile_new (const char *code,
               const char *name,
               guint       count)
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *number;
  g_autofree char *text = g_strdup_printf ("%u", count);
  g_autofree char *accessible = g_strdup_printf ("%s: %u", name, count);

  gtk_widget_add_css_class (tile, "card");
  gtk_widget_add_css_class (tile, "band-tile");
  gtk_widget_add_css_class (tile, heeyu_band_style_class (code));
  number = gtk_label_new (text);
  gtk_widget_add_css_class (number, "band-count");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_box_append (GTK_BOX (tile), number);
  gtk_box_append (GTK_BOX (tile), heeyu_band_badge_new (code, name));
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return tile;
}

static void
update_summary (HeeyuOverviewPage *self)
{
  guint n = g_list_model_get_n_items (self->metals);
  guint no_data = 0, partial = 0;
  g_autofree char *summary = NULL;
  g_autofree char *dataset_as_of = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->band_strip))) != NULL)
    gtk_flow_box_remove (self->band_strip, child);

  for (guint i = 0; i < self->results_array->len; i++)
    {
      const HeeyuIndexResult *r = self->results_array->pdata[i];

      if (!r->has_index)
        no_data++;
      else if (r->missing != NULL && r->missing[0] != NULL)
        partial++;
    }
  /* Metals the index knows nothing of at all have no result. */
  no_data += n > self->results_array->len ? n - self->results_array->len : 0;

  /* Bands from the tightest to the most ample, named by the methodology. */
  {
    static const char *order[] = { "crisis", "unstable", "caution", "stable", "oversupply" };

    for (guint k = 0; k < G_N_ELEMENTS (order); k++)
      {
        const HeeyuIndexBand *band = heeyu_methodology_get_band (self->methodology, order[k]);
        guint count = 0;

        if (band == NULL)
          continue;
        for (guint i = 0; i < self->results_array->len; i++)
          {
            const HeeyuIndexResult *r = self->results_array->pdata[i];

            count += r->has_index && g_strcmp0 (r->band_code, order[k]) == 0;
          }
        gtk_flow_box_append (self->band_strip,
                             band_tile_new (order[k], heeyu_format_pick_name (band->name_en, band->name_ko), count));
      }
  }
  if (no_data > 0)
    gtk_flow_box_append (self->band_strip, band_tile_new (NULL, _("No data"), no_data));
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->band_strip)); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  summary = g_strdup_printf (_("%u metals and minerals · index of the data as of %s · methodology %s · "
                               "%u partial (some components missing)"),
                             n, self->as_of ? self->as_of : "—",
                             self->methodology->version ? self->methodology->version : "—",
                             partial);
  gtk_label_set_text (self->summary_label, summary);

  dataset_as_of = heeyu_cache_get_meta (self->cache, "data_as_of");
  if (heeyu_sample_is_in_use (self->cache))
    {
      g_autofree char *notice = NULL;

      notice = g_markup_printf_escaped (_("<b>Sample data</b>, not the center's. World production and prices: %s. "
                                          "Korea's import sources, stockpiles, monthly prices and the companies are "
                                          "synthetic, made up for this sample, and marked so on every chart. "
                                          "Supply events: the announcing authorities. Dataset of %s."),
                                        "USGS Mineral Commodity Summaries 2024 (doi:10.5066/P144BA54)",
                                        dataset_as_of != NULL ? dataset_as_of : "—");
      gtk_label_set_markup (self->sample_label, notice);
      gtk_widget_set_visible (self->sample_notice, TRUE);
    }
  else
    gtk_widget_set_visible (self->sample_notice, FALSE);
}

/* ---- Loading ------------------------------------------------------------------ */

static void
compute_index_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  HeeyuCache *cache = source_object;
  g_autoptr(GError) error = NULL;
  IndexJob *job = g_new0 (IndexJob, 1);
  sqlite3 *db;

  if (!(db = heeyu_cache_open_connection (cache, &error)))
    {
      index_job_free (job);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->methodology = heeyu_index_load_methodology (db, &error);
  if (job->methodology != NULL)
    job->results = heeyu_index_compute_all (db, &error);
  sqlite3_close (db);

  if (job->results == NULL)
    {
      index_job_free (job);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, job, (GDestroyNotify) index_job_free);
}

static void
show_failure (HeeyuOverviewPage *self,
              const char        *title,
              const char        *message)
{
  adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, message);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
on_index_computed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HeeyuOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) metals = NULL;
  IndexJob *job = g_task_propagate_pointer (G_TASK (result), &error);

  if (job == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_failure (self, _("The Index Cannot Be Computed"), error->message);
      return;
    }

  g_clear_pointer (&self->results_array, g_ptr_array_unref);
  g_clear_pointer (&self->methodology, heeyu_methodology_free);
  self->results_array = g_steal_pointer (&job->results);
  self->methodology = g_steal_pointer (&job->methodology);
  index_job_free (job);

  g_hash_table_remove_all (self->results);
  g_clear_pointer (&self->as_of, g_free);
  for (guint i = 0; i < self->results_array->len; i++)
    {
      HeeyuIndexResult *r = self->results_array->pdata[i];

      g_hash_table_insert (self->results, r->metal, r);
      if (self->as_of == NULL && r->as_of != NULL)
        self->as_of = g_strdup (r->as_of);
    }

  metals = heeyu_cache_list_metals (self->cache, &error);
  if (metals == NULL)
    {
      show_failure (self, _("Metals Cannot Be Shown"), error->message);
      return;
    }
  if (g_list_model_get_n_items (metals) == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  g_set_object (&self->metals, metals);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  self->filtered = gtk_filter_list_model_new (g_object_ref (metals),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          GTK_SORTER (g_object_ref (self->sorter)));
  gtk_flow_box_bind_model (self->metals_flow, G_LIST_MODEL (self->sorted),
                           create_metal_card, self, NULL);

  update_summary (self);
  update_results_label (self);
  self->ready = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "metals");
}

static void
start_computing (HeeyuOverviewPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->ready = FALSE;

  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = g_task_new (self->cache, self->cancellable, on_index_computed_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_computing);
  g_task_run_in_thread (task, compute_index_thread);
}

/* ---- Navigation ---------------------------------------------------------------- */

static void
on_card_activated_cb (HeeyuOverviewPage *self,
                      GtkFlowBoxChild   *child,
                      GtkFlowBox        *flow)
{
  GtkWidget *card = gtk_flow_box_child_get_child (child);

  if (HEEYU_IS_METAL_CARD (card))
    heeyu_overview_page_show_metal (self, heeyu_metal_get_code (heeyu_metal_card_get_metal (HEEYU_METAL_CARD (card))));
}

static void
on_metal_back_cb (HeeyuOverviewPage *self,
                  HeeyuMetalPage    *page)
{
  heeyu_overview_page_show_grid (self);
}

static void
on_metal_show_companies_cb (HeeyuOverviewPage *self,
                            const char        *code,
                            HeeyuMetalPage    *page)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-companies-for-metal", "s", code);
}

/* ---- Class ------------------------------------------------------------------------ */

static GtkDropDown *
dropdown_new (const char * const *items,
              const char         *label)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (items));

  gtk_widget_set_tooltip_text (GTK_WIDGET (dropdown), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_hexpand (GTK_WIDGET (dropdown), TRUE);
  return dropdown;
}

static void
heeyu_overview_page_dispose (GObject *object)
{
  HeeyuOverviewPage *self = HEEYU_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HEEYU_TYPE_OVERVIEW_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_object (&self->metals);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_clear_pointer (&self->results_array, g_ptr_array_unref);
  g_clear_pointer (&self->methodology, heeyu_methodology_free);

  G_OBJECT_CLASS (heeyu_overview_page_parent_class)->dispose (object);
}

static void
heeyu_overview_page_finalize (GObject *object)
{
  HeeyuOverviewPage *self = HEEYU_OVERVIEW_PAGE (object);

  g_free (self->as_of);
  g_free (self->search_folded);

  G_OBJECT_CLASS (heeyu_overview_page_parent_class)->finalize (object);
}

static void
heeyu_overview_page_class_init (HeeyuOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_overview_page_dispose;
  object_class->finalize = heeyu_overview_page_finalize;

  g_type_ensure (HEEYU_TYPE_METAL_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/heeyu-overview-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, band_strip);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, sample_notice);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, sample_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, results_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, metals_flow);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, no_match_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuOverviewPage, metal_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_card_activated_cb);
}

static void
heeyu_overview_page_init (HeeyuOverviewPage *self)
{
  const char *uses[] = { _("All uses"), _("Semiconductors"), _("EV batteries"), _("Aviation"),
                         _("Defense"), _("Displays"), _("Energy"), _("Steel"), NULL };
  const char *lists[] = { _("All lists"), _("35 rare metals"), _("33 critical minerals"),
                          _("10 strategic minerals"), NULL };
  const char *sorts[] = { _("Most at risk first"), _("Index, low to high"), _("Index, high to low"),
                          _("Name"), NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->use_dropdown = dropdown_new (uses, _("Filter by use"));
  self->list_dropdown = dropdown_new (lists, _("Filter by list"));
  self->sort_dropdown = dropdown_new (sorts, _("Sort"));
  gtk_flow_box_append (self->filter_box, GTK_WIDGET (self->use_dropdown));
  gtk_flow_box_append (self->filter_box, GTK_WIDGET (self->list_dropdown));
  gtk_flow_box_append (self->filter_box, GTK_WIDGET (self->sort_dropdown));
  /* The drop-downs take the focus, not the cells around them. */
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->filter_box)); c;
       c = gtk_widget_get_next_sibling (c))
    gtk_widget_set_focusable (c, FALSE);
  g_signal_connect_object (self->use_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list_dropdown, "notify::selected",
                           G_CALLBACK (on_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected",
                           G_CALLBACK (on_sort_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->metal_page, "back",
                           G_CALLBACK (on_metal_back_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->metal_page, "show-companies",
                           G_CALLBACK (on_metal_show_companies_cb), self, G_CONNECT_SWAPPED);

  self->filter = gtk_custom_filter_new (filter_metal, self, NULL);
  self->sorter = gtk_custom_sorter_new (sort_metals, self, NULL);
  self->results = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

void
heeyu_overview_page_set_cache (HeeyuOverviewPage *self,
                               HeeyuCache        *cache)
{
  g_return_if_fail (HEEYU_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (!cache || HEEYU_IS_CACHE (cache));

  if (!g_set_object (&self->cache, cache) || cache == NULL)
    return;

  heeyu_metal_page_set_cache (self->metal_page, cache);
  start_computing (self);
}

void
heeyu_overview_page_reload (HeeyuOverviewPage *self)
{
  g_return_if_fail (HEEYU_IS_OVERVIEW_PAGE (self));

  if (self->cache != NULL)
    start_computing (self);
}

GListModel *
heeyu_overview_page_get_metals (HeeyuOverviewPage *self)
{
  g_return_val_if_fail (HEEYU_IS_OVERVIEW_PAGE (self), NULL);

  return self->ready && self->sorted ? G_LIST_MODEL (self->sorted) : NULL;
}

gboolean
heeyu_overview_page_get_ready (HeeyuOverviewPage *self)
{
  g_return_val_if_fail (HEEYU_IS_OVERVIEW_PAGE (self), FALSE);

  return self->ready;
}

GtkWidget *
heeyu_overview_page_get_card (HeeyuOverviewPage *self,
                              const char        *code)
{
  g_return_val_if_fail (HEEYU_IS_OVERVIEW_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->metals_flow));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *card = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (HEEYU_IS_METAL_CARD (card)
          && g_strcmp0 (heeyu_metal_get_code (heeyu_metal_card_get_metal (HEEYU_METAL_CARD (card))), code) == 0)
        return card;
    }
  return NULL;
}

const HeeyuIndexResult *
heeyu_overview_page_get_result (HeeyuOverviewPage *self,
                                const char        *code)
{
  g_return_val_if_fail (HEEYU_IS_OVERVIEW_PAGE (self), NULL);

  return g_hash_table_lookup (self->results, code);
}

gboolean
heeyu_overview_page_show_metal (HeeyuOverviewPage *self,
                                const char        *code)
{
  g_return_val_if_fail (HEEYU_IS_OVERVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->metals == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (self->metals); i++)
    {
      g_autoptr(HeeyuMetal) metal = g_list_model_get_item (self->metals, i);

      if (g_strcmp0 (heeyu_metal_get_code (metal), code) == 0)
        {
          heeyu_metal_page_show (self->metal_page, metal, result_of (self, metal), self->as_of);
          adw_leaflet_set_visible_child_name (self->leaflet, "detail");
          return TRUE;
        }
    }
  return FALSE;
}

void
heeyu_overview_page_show_grid (HeeyuOverviewPage *self)
{
  const char *code;
  GtkWidget *card;

  g_return_if_fail (HEEYU_IS_OVERVIEW_PAGE (self));

  adw_leaflet_set_visible_child_name (self->leaflet, "grid");
  /* Keyboard users land back on the card they came from. */
  code = heeyu_metal_page_get_code (self->metal_page);
  if (code != NULL && (card = heeyu_overview_page_get_card (self, code)) != NULL)
    gtk_widget_grab_focus (gtk_widget_get_parent (card));
}

HeeyuMetalPage *
heeyu_overview_page_get_metal_page (HeeyuOverviewPage *self)
{
  g_return_val_if_fail (HEEYU_IS_OVERVIEW_PAGE (self), NULL);

  return self->metal_page;
}
