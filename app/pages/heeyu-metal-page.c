/* heeyu-metal-page.c: one metal in detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "heeyu-chart-card.h"
#include "heeyu-format.h"
#include "heeyu-metal-card.h"
#include "heeyu-metal-detail.h"
#include "heeyu-metal-page.h"

/* Bars shown by name before the rest is summed into "Other countries". */
#define TOP_COUNTRIES 8

typedef struct
{
  char *value;
  char *score;
  char *weight;
} ComponentTexts;

struct _HeeyuMetalPage
{
  GtkWidget          parent_instance;

  HeeyuCache        *cache;
  HeeyuMetal        *metal;
  HeeyuIndexResult  *result;
  char              *as_of;
  GCancellable      *cancellable;
  gboolean           loaded;
  GHashTable        *component_texts;   /* key -> ComponentTexts */
  GPtrArray         *charts;

  /* Template widgets */
  GtkWidget         *back_button;
  GtkLabel          *nav_title;
  GtkStack          *stack;
  AdwStatusPage     *error_page;
  GtkScrolledWindow *scroller;
  GtkLabel          *symbol_label;
  GtkLabel          *name_label;
  GtkLabel          *other_name_label;
  GtkLabel          *facts_label;
  GtkLabel          *index_label;
  GtkBox            *band_box;
  GtkLabel          *index_caption;
  GtkLabel          *index_note;
  GtkLabel          *components_caption;
  GtkListBox        *components_list;
  GtkFlowBox        *charts_flow;
  GtkListBox        *events_list;
  AdwActionRow      *companies_row;
  GtkWidget         *companies_button;
};

G_DEFINE_FINAL_TYPE (HeeyuMetalPage, heeyu_metal_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_BACK,
  SIGNAL_SHOW_COMPANIES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
component_texts_free (gpointer data)
{
  ComponentTexts *t = data;

  g_free (t->value);
  g_free (t->score);
  g_free (t->weight);
  g_free (t);
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static const char *
metal_name (HeeyuMetalPage *self)
{
  return heeyu_format_pick_name (heeyu_metal_get_name_en (self->metal),
                                 heeyu_metal_get_name_ko (self->metal));
}

/* ---- The index ------------------------------------------------------------ */

/* A component's value in words: "HHI 9,676 · 2023", "+20.3 % · 2023". */
static char *
format_component_value (const HeeyuIndexComponent *c)
{
  g_autofree char *number = NULL;
  g_autofree char *value = NULL;

  if (!c->present)
    return g_strdup (_("No data"));

  if (g_strcmp0 (c->raw_unit, "HHI") == 0)
    value = g_strdup_printf ("HHI %s", (number = heeyu_format_number (c->raw, 0)));
  else if (g_strcmp0 (c->raw_unit, "%") == 0)
    value = g_strdup_printf ("%s%s %%", c->raw > 0 ? "+" : "", (number = heeyu_format_number (c->raw, 1)));
  else if (g_strcmp0 (c->raw_unit, "days") == 0)
    value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s day", "%s days", (gulong) fabs (round (c->raw))),
                             (number = heeyu_format_number (c->raw, 0)));
  else
    value = g_strdup_printf ("%s %s", (number = heeyu_format_number (c->raw, 2)),
                             c->raw_unit ? c->raw_unit : "");

  if (c->year > 0)
    return g_strdup_printf ("%s · %d", value, c->year);
  return g_steal_pointer (&value);
}

/* What each component measures, for the row's subtitle. */
static const char *
component_meaning (const HeeyuIndexComponent *c)
{
  switch (c->id)
    {
    case HEEYU_INDEX_PRODUCTION_CONCENTRATION:
      return _("Concentration of world production at the bottleneck stage");
    case HEEYU_INDEX_IMPORT_CONCENTRATION:
      return _("Concentration of Korea's import sources");
    case HEEYU_INDEX_PRICE_PRESSURE:
      return _("Latest price against the mean of the years before");
    case HEEYU_INDEX_IMPORT_GROWTH:
      return _("Korea's import volume against the year before");
    case HEEYU_INDEX_STOCKPILE_COVERAGE:
      return _("Stockpile days against the target");
    case HEEYU_INDEX_N_COMPONENTS:
    default:
      return "";
    }
}

static GtkWidget *
figure_new (const char *caption,
            const char *value,
            GtkWidget  *extra)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_label_new (caption);
  GtkWidget *bottom = gtk_label_new (value);

  gtk_widget_add_css_class (top, "caption");
  gtk_widget_add_css_class (top, "dim-label");
  gtk_widget_add_css_class (bottom, "numeric");
  gtk_widget_add_css_class (bottom, "heading");
  gtk_label_set_xalign (GTK_LABEL (top), 1);
  gtk_label_set_xalign (GTK_LABEL (bottom), 1);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), bottom);
  if (extra != NULL)
    gtk_box_append (GTK_BOX (box), extra);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (box, 72, -1);
  return box;
}

static void
fill_components (HeeyuMetalPage *self)
{
  const HeeyuIndexResult *r = self->result;
  g_autoptr(GString) missing = g_string_new (NULL);

  clear_list_box (self->components_list);
  g_hash_table_remove_all (self->component_texts);

  if (r == NULL || !r->has_index)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No component has data"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("The local data holds none of the figures the index is made of for this metal."));
      gtk_list_box_append (self->components_list, row);
      gtk_label_set_text (self->components_caption, "");
      gtk_widget_set_visible (GTK_WIDGET (self->components_caption), FALSE);
      return;
    }

  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    {
      const HeeyuIndexComponent *c = &r->components[i];
      ComponentTexts *t = g_new0 (ComponentTexts, 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *level = NULL;
      g_autofree char *subtitle = NULL;
      const char *name = heeyu_format_pick_name (c->name_en, c->name_ko);

      if (c->weight <= 0 && !c->present)
        {
          component_texts_free (t);
          continue;
        }

      t->value = format_component_value (c);
      t->score = c->present ? g_strdup_printf ("%.1f", c->score) : g_strdup ("—");
      if (c->present && fabs (c->share - c->weight) > 0.0005)
        /* Translators: a component's weight, and what it counts for once
         * missing components are left out */
        t->weight = g_strdup_printf (_("%.0f %% → %.0f %%"), c->weight * 100, c->share * 100);
      else
        t->weight = g_strdup_printf ("%.0f %%", c->weight * 100);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      subtitle = g_strdup_printf ("%s\n%s", component_meaning (c),
                                  c->present ? t->value : _("Missing: no data, left out of the index"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      if (c->present)
        {
          level = gtk_level_bar_new_for_interval (0, 100);
          gtk_level_bar_set_value (GTK_LEVEL_BAR (level), CLAMP (c->score, 0, 100));
          gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_LOW);
          gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_HIGH);
          gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (level), GTK_LEVEL_BAR_OFFSET_FULL);
          gtk_widget_add_css_class (level, "score-bar");
          gtk_widget_set_size_request (level, 72, -1);
          gtk_accessible_update_property (GTK_ACCESSIBLE (level),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Score"), -1);
        }
      else
        {
          gtk_widget_add_css_class (row, "component-missing");
          if (missing->len > 0)
            g_string_append (missing, ", ");
          g_string_append (missing, name);
        }

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), figure_new (_("Score"), t->score, level));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), figure_new (_("Weight"), t->weight, NULL));
      gtk_widget_set_tooltip_text (row, c->detail);
      gtk_list_box_append (self->components_list, row);
      g_hash_table_insert (self->component_texts, g_strdup (c->key), t);
    }

  if (missing->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Scores run from 0 (tight) to 100 (ample); the index is their weighted mean. "
                                                 "Missing here: %s. The index is partial: the weights of the other "
                                                 "components are scaled up to make 100 %%."), missing->str);
      gtk_label_set_text (self->components_caption, text);
    }
  else
    gtk_label_set_text (self->components_caption,
                        _("Scores run from 0 (tight) to 100 (ample); the index is their weighted mean."));
  gtk_widget_set_visible (GTK_WIDGET (self->components_caption), TRUE);
}

static void
fill_index (HeeyuMetalPage *self)
{
  const HeeyuIndexResult *r = self->result;
  gboolean has_index = r != NULL && r->has_index;
  GtkWidget *child;
  g_autofree char *caption = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->band_box))) != NULL)
    gtk_box_remove (self->band_box, child);

  if (has_index)
    {
      g_autofree char *text = g_strdup_printf ("%.1f", r->index);
      gtk_label_set_text (self->index_label, text);
    }
  else
    gtk_label_set_text (self->index_label, "—");

  gtk_box_append (self->band_box, heeyu_band_badge_new (has_index ? r->band_code : NULL,
                                                        heeyu_index_result_band_name (r)));
  if (has_index && r->missing != NULL && r->missing[0] != NULL)
    {
      GtkWidget *partial = gtk_label_new (_("Partial"));

      gtk_widget_add_css_class (partial, "partial-mark");
      gtk_box_append (self->band_box, partial);
    }

  if (has_index)
    caption = g_strdup_printf (_("Supply-stability index, 0 (tight) to 100 (ample) · data of %s · methodology %s"),
                               r->as_of ? r->as_of : "—",
                               r->methodology_version ? r->methodology_version : "—");
  else
    caption = g_strdup (_("No index: the local data holds no figures for this metal."));
  gtk_label_set_text (self->index_caption, caption);

  if (has_index && r->crisis)
    {
      g_autofree char *note = g_strdup_printf (_("In the crisis band while a supply event is in force: “%s” (since %s). "
                                                 "Without it the index would stand in the band of its value."),
                                               heeyu_format_pick_name (r->crisis_event_title_en,
                                                                       r->crisis_event_title_ko),
                                               r->crisis_event_date ? r->crisis_event_date : "—");
      gtk_label_set_text (self->index_note, note);
      gtk_widget_set_visible (GTK_WIDGET (self->index_note), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->index_note), FALSE);
}

/* ---- Charts ---------------------------------------------------------------- */

static double
point_x (const HeeyuMetalDetailPoint *p,
         gboolean                     dates)
{
  if (!dates)
    return p->year;
  /* Annual figures sit mid-year on a date axis, monthly ones mid-month. */
  if (p->month == 0)
    return heeyu_chart_date_to_x (p->year, 7, 1);
  return heeyu_chart_date_to_x (p->year, p->month, p->day > 0 ? p->day : 15);
}

static void
add_series (HeeyuChartSpec               *spec,
            const char                   *name,
            const HeeyuMetalDetailSeries *s,
            gboolean                      dates)
{
  g_autofree double *x = g_new (double, MAX (1, s->points->len));
  g_autofree double *y = g_new (double, MAX (1, s->points->len));

  for (guint i = 0; i < s->points->len; i++)
    {
      const HeeyuMetalDetailPoint *p = &g_array_index (s->points, HeeyuMetalDetailPoint, i);

      x[i] = point_x (p, dates);
      y[i] = p->value;
    }
  heeyu_chart_spec_add_series (spec, name, x, y, s->points->len);
}

/* The footer note of a chart: what in it is synthetic or estimated. */
static char *
data_note (gboolean synthetic,
           gboolean estimated)
{
  if (synthetic && estimated)
    return g_strdup (_("Synthetic sample figures; some are estimates"));
  if (synthetic)
    return g_strdup (_("Synthetic sample figures, not statistics"));
  if (estimated)
    return g_strdup (_("Latest year estimated by the source"));
  return NULL;
}

static void
add_chart (HeeyuMetalPage *self,
           HeeyuChartSpec *spec,
           int             height)
{
  GtkWidget *card = heeyu_chart_card_new (spec, height);
  GtkWidget *child;

  gtk_flow_box_append (self->charts_flow, card);
  child = gtk_widget_get_parent (card);
  gtk_widget_set_focusable (child, FALSE);
  g_ptr_array_add (self->charts, card);
}

static void
add_price_chart (HeeyuMetalPage         *self,
                 const HeeyuMetalDetail *d)
{
  g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (HEEYU_CHART_LINE);
  gboolean fine = d->price_fine->points->len > 1;
  const HeeyuMetalDetailSeries *main = d->price_annual->points->len > 0 ? d->price_annual : d->price_fine;
  g_autofree char *title = g_strdup_printf (_("Price of %s"), metal_name (self));
  g_autofree char *note = NULL;
  g_autoptr(GString) source = g_string_new (NULL);

  heeyu_chart_spec_set_title (spec, title);
  heeyu_chart_spec_set_x_axis (spec, fine ? HEEYU_AXIS_DATE : HEEYU_AXIS_YEAR, NULL);
  heeyu_chart_spec_set_y_axis (spec, _("Price"), main->unit);

  if (d->price_annual->points->len > 0)
    {
      add_series (spec, _("Annual average"), d->price_annual, fine);
      if (d->price_annual->source)
        g_string_append (source, d->price_annual->source);
    }
  if (fine)
    {
      add_series (spec, d->price_fine->synthetic ? _("Monthly (synthetic)") : _("Monthly"), d->price_fine, TRUE);
      if (d->price_fine->source && !strstr (source->str, d->price_fine->source))
        g_string_append_printf (source, "%s%s", source->len ? "; " : "", d->price_fine->source);
    }

  for (guint i = 0; i < d->events->len; i++)
    {
      const HeeyuMetalDetailEvent *e = d->events->pdata[i];
      int y = 0, m = 0, dd = 0;

      if (e->date == NULL || sscanf (e->date, "%d-%d-%d", &y, &m, &dd) != 3)
        continue;
      heeyu_chart_spec_add_marker (spec,
                                   fine ? heeyu_chart_date_to_x (y, m, dd)
                                        : y + (m - 1) / 12.0,
                                   heeyu_format_event_kind (e->kind));
    }

  heeyu_chart_spec_set_source (spec, source->len ? source->str : NULL);
  heeyu_chart_spec_set_as_of (spec, self->as_of);
  note = data_note (d->price_annual->synthetic || (fine && d->price_fine->synthetic),
                    d->price_annual->estimated);
  heeyu_chart_spec_set_note (spec, note);
  add_chart (self, spec, 300);
}

static void
add_breakdown_chart (HeeyuMetalPage                  *self,
                     const HeeyuMetalDetailBreakdown *b,
                     const char                      *title)
{
  g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (HEEYU_CHART_BAR);
  g_autofree char *note = NULL;
  double other = 0;
  gboolean has_other = FALSE;
  guint named = 0;

  heeyu_chart_spec_set_title (spec, title);
  heeyu_chart_spec_set_y_axis (spec, NULL, b->unit);
  for (guint i = 0; i < b->shares->len; i++)
    {
      const HeeyuMetalDetailShare *s = &g_array_index (b->shares, HeeyuMetalDetailShare, i);

      if (g_str_equal (s->country, "OTHER") || named >= TOP_COUNTRIES)
        {
          other += s->value;
          has_other = TRUE;
          continue;
        }
      heeyu_chart_spec_add_bar (spec, heeyu_format_country (s->country), s->value, FALSE);
      named++;
    }
  if (has_other)
    heeyu_chart_spec_add_bar (spec, heeyu_format_country ("OTHER"), other, TRUE);

  heeyu_chart_spec_set_source (spec, b->source);
  heeyu_chart_spec_set_as_of (spec, self->as_of);
  note = data_note (b->synthetic, b->estimated);
  heeyu_chart_spec_set_note (spec, note);
  add_chart (self, spec, MAX (160, 40 + 30 * (named + has_other)));
}

static void
add_stockpile_chart (HeeyuMetalPage         *self,
                     const HeeyuMetalDetail *d)
{
  g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (HEEYU_CHART_LINE);
  const HeeyuMetalDetailSeries *s = d->stockpile_days;
  g_autofree char *title = g_strdup_printf (_("Stockpile of %s against its target"), metal_name (self));
  g_autofree char *note = NULL;

  heeyu_chart_spec_set_title (spec, title);
  heeyu_chart_spec_set_x_axis (spec, HEEYU_AXIS_YEAR, NULL);
  heeyu_chart_spec_set_y_axis (spec, _("Days of imports"), _("days"));
  add_series (spec, _("Stockpile"), s, FALSE);

  if (d->stockpile_target_days > 0 && s->points->len > 0)
    {
      g_autofree double *x = g_new (double, s->points->len);
      g_autofree double *y = g_new (double, s->points->len);
      g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Target (%d day)", "Target (%d days)",
                                                            d->stockpile_target_days),
                                               d->stockpile_target_days);

      for (guint i = 0; i < s->points->len; i++)
        {
          x[i] = g_array_index (s->points, HeeyuMetalDetailPoint, i).year;
          y[i] = d->stockpile_target_days;
        }
      heeyu_chart_spec_add_series (spec, name, x, y, s->points->len);
    }

  heeyu_chart_spec_set_source (spec, s->source);
  heeyu_chart_spec_set_as_of (spec, self->as_of);
  note = data_note (s->synthetic, s->estimated);
  heeyu_chart_spec_set_note (spec, note);
  add_chart (self, spec, 240);
}

static void
fill_charts (HeeyuMetalPage         *self,
             const HeeyuMetalDetail *d)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts_flow))) != NULL)
    gtk_flow_box_remove (self->charts_flow, child);
  g_ptr_array_set_size (self->charts, 0);

  /* Every chart is shown even without data: the chart says "No data", which
   * tells the reader more than a missing chart would. */
  add_price_chart (self, d);

  for (guint i = 0; i < d->production->len; i++)
    {
      const HeeyuMetalDetailBreakdown *b = d->production->pdata[i];
      g_autofree char *title = NULL;

      if (g_strcmp0 (b->stage, "mine") == 0)
        title = g_strdup_printf (_("World mine production of %s, %d"), metal_name (self), b->year);
      else if (g_strcmp0 (b->stage, "refinery") == 0)
        title = g_strdup_printf (_("World refinery production of %s, %d"), metal_name (self), b->year);
      else
        title = g_strdup_printf (_("World production of %s (%s), %d"), metal_name (self),
                                 heeyu_format_stage (b->stage), b->year);
      add_breakdown_chart (self, b, title);
    }
  if (d->production->len == 0)
    {
      g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (HEEYU_CHART_BAR);
      g_autofree char *title = g_strdup_printf (_("World production of %s"), metal_name (self));

      heeyu_chart_spec_set_title (spec, title);
      heeyu_chart_spec_set_note (spec, _("No production figures: the source withholds them or the local data has none"));
      heeyu_chart_spec_set_as_of (spec, self->as_of);
      add_chart (self, spec, 160);
    }

  if (d->imports != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Korea's imports of %s by source, %d"),
                                                metal_name (self), d->imports->year);
      add_breakdown_chart (self, d->imports, title);
    }

  add_stockpile_chart (self, d);
}

/* ---- Events and companies -------------------------------------------------- */

static void
fill_events (HeeyuMetalPage         *self,
             const HeeyuMetalDetail *d)
{
  clear_list_box (self->events_list);

  if (d->events->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No supply events recorded for this metal"));
      gtk_list_box_append (self->events_list, row);
      return;
    }

  for (guint i = 0; i < d->events->len; i++)
    {
      const HeeyuMetalDetailEvent *e = d->events->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon, *date;
      g_autofree char *subtitle = NULL;
      g_autofree char *source = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     heeyu_format_pick_name (e->title_en, e->title_ko));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      source = e->source ? g_strdup_printf (_("Source: %s"), e->source) : NULL;
      subtitle = g_strdup_printf ("%s · %s%s%s", heeyu_format_event_kind (e->kind),
                                  heeyu_format_country (e->country),
                                  source ? "\n" : "", source ? source : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);

      icon = gtk_image_new_from_icon_name (g_strcmp0 (e->kind, "export_ban") == 0 ? "action-unavailable-symbolic"
                                                                                    : "dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "event-icon");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

      date = gtk_label_new (e->date);
      gtk_widget_add_css_class (date, "numeric");
      gtk_widget_add_css_class (date, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), date);
      gtk_list_box_append (self->events_list, row);
    }
}

static void
fill_companies (HeeyuMetalPage         *self,
                const HeeyuMetalDetail *d)
{
  g_autofree char *title = g_strdup_printf (_("Companies handling %s"), metal_name (self));
  g_autofree char *count = heeyu_format_count (d->n_companies);
  g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s company in the directory",
                                                            "%s companies in the directory",
                                                            d->n_companies),
                                               count);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->companies_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->companies_row), subtitle);
  gtk_widget_set_sensitive (self->companies_button, d->n_companies > 0);
}

/* ---- Loading --------------------------------------------------------------- */

static void
load_detail_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  HeeyuCache *cache = source_object;
  const char *code = task_data;
  g_autoptr(GError) error = NULL;
  HeeyuMetalDetail *detail;
  sqlite3 *db;

  if (!(db = heeyu_cache_open_connection (cache, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  detail = heeyu_metal_detail_load (db, code, &error);
  sqlite3_close (db);

  if (detail == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, detail, (GDestroyNotify) heeyu_metal_detail_unref);
}

static void
on_detail_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HeeyuMetalPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuMetalDetail) detail = g_task_propagate_pointer (G_TASK (result), &error);

  if (detail == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  if (self->metal == NULL || g_strcmp0 (detail->metal, heeyu_metal_get_code (self->metal)) != 0)
    return;

  fill_charts (self, detail);
  fill_events (self, detail);
  fill_companies (self, detail);
  self->loaded = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

void
heeyu_metal_page_show (HeeyuMetalPage         *self,
                       HeeyuMetal             *metal,
                       const HeeyuIndexResult *result,
                       const char             *as_of)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autofree char *nav = NULL;
  const char *name_en, *name_ko;
  HeeyuMetalLists lists;
  static const char *band_codes[] = { "crisis", "unstable", "caution", "stable", "oversupply", NULL };

  g_return_if_fail (HEEYU_IS_METAL_PAGE (self));
  g_return_if_fail (HEEYU_IS_METAL (metal));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;

  g_set_object (&self->metal, metal);
  g_clear_pointer (&self->result, heeyu_index_result_free);
  if (result != NULL)
    self->result = heeyu_index_result_copy (result);
  g_free (self->as_of);
  self->as_of = g_strdup (as_of);

  name_en = heeyu_metal_get_name_en (metal);
  name_ko = heeyu_metal_get_name_ko (metal);
  nav = g_strdup_printf ("%s · %s", heeyu_metal_get_code (metal), heeyu_format_pick_name (name_en, name_ko));
  gtk_label_set_text (self->nav_title, nav);
  gtk_label_set_text (self->symbol_label, heeyu_metal_get_code (metal));
  for (guint i = 0; i < G_N_ELEMENTS (band_codes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->symbol_label), heeyu_band_style_class (band_codes[i]));
  gtk_widget_add_css_class (GTK_WIDGET (self->symbol_label),
                            heeyu_band_style_class (result && result->has_index ? result->band_code : NULL));
  gtk_label_set_text (self->name_label, heeyu_format_pick_name (name_en, name_ko));
  gtk_label_set_text (self->other_name_label, heeyu_format_other_name (name_en, name_ko));

  g_string_append (facts, heeyu_format_metal_group (heeyu_metal_get_group (metal)));
  lists = heeyu_metal_get_lists (metal);
  if (lists & HEEYU_METAL_LIST_RARE_METAL_35)
    g_string_append_printf (facts, " · %s", _("Rare metal"));
  if (lists & HEEYU_METAL_LIST_CRITICAL_33)
    g_string_append_printf (facts, " · %s", _("Critical mineral"));
  if (lists & HEEYU_METAL_LIST_STRATEGIC_10)
    g_string_append_printf (facts, " · %s", _("Strategic"));
  if (heeyu_metal_get_uses (metal) != NULL && heeyu_metal_get_uses (metal)[0] != NULL)
    {
      const char * const *uses = heeyu_metal_get_uses (metal);
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; uses[i] != NULL; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", heeyu_format_use (uses[i]));
      g_string_append (facts, "\n");
      g_string_append_printf (facts, _("Used in: %s"), names->str);
    }
  gtk_label_set_text (self->facts_label, facts->str);

  fill_index (self);
  fill_components (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  /* Keyboard users start on the way back. */
  gtk_widget_grab_focus (self->back_button);

  if (self->cache == NULL)
    return;

  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = g_task_new (self->cache, self->cancellable, on_detail_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, heeyu_metal_page_show);
  g_task_set_task_data (task, g_strdup (heeyu_metal_get_code (metal)), g_free);
  g_task_run_in_thread (task, load_detail_thread);
}

/* ---- Class ------------------------------------------------------------------ */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_BACK], 0);
}

static void
show_companies_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HeeyuMetalPage *self = HEEYU_METAL_PAGE (widget);

  if (self->metal != NULL)
    g_signal_emit (self, signals[SIGNAL_SHOW_COMPANIES], 0, heeyu_metal_get_code (self->metal));
}

static void
heeyu_metal_page_dispose (GObject *object)
{
  HeeyuMetalPage *self = HEEYU_METAL_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HEEYU_TYPE_METAL_PAGE);
  /* The template's root box has no id, so it is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cache);
  g_clear_object (&self->metal);
  g_clear_pointer (&self->result, heeyu_index_result_free);
  g_clear_pointer (&self->component_texts, g_hash_table_unref);
  g_clear_pointer (&self->charts, g_ptr_array_unref);

  G_OBJECT_CLASS (heeyu_metal_page_parent_class)->dispose (object);
}

static void
heeyu_metal_page_finalize (GObject *object)
{
  HeeyuMetalPage *self = HEEYU_METAL_PAGE (object);

  g_free (self->as_of);

  G_OBJECT_CLASS (heeyu_metal_page_parent_class)->finalize (object);
}

static void
heeyu_metal_page_class_init (HeeyuMetalPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_metal_page_dispose;
  object_class->finalize = heeyu_metal_page_finalize;

  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SHOW_COMPANIES] = g_signal_new ("show-companies", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/heeyu-metal-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, nav_title);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, symbol_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, other_name_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, facts_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, index_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, band_box);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, index_caption);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, index_note);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, components_caption);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, components_list);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, charts_flow);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, events_list);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, companies_row);
  gtk_widget_class_bind_template_child (widget_class, HeeyuMetalPage, companies_button);

  gtk_widget_class_install_action (widget_class, "metal.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "metal.show-companies", NULL, show_companies_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "metal.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "metal.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, GDK_ALT_MASK, "metal.back", NULL);
}

static void
heeyu_metal_page_init (HeeyuMetalPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->component_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, component_texts_free);
  self->charts = g_ptr_array_new ();
}

void
heeyu_metal_page_set_cache (HeeyuMetalPage *self,
                            HeeyuCache     *cache)
{
  g_return_if_fail (HEEYU_IS_METAL_PAGE (self));
  g_return_if_fail (!cache || HEEYU_IS_CACHE (cache));

  g_set_object (&self->cache, cache);
}

const char *
heeyu_metal_page_get_code (HeeyuMetalPage *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL_PAGE (self), NULL);

  return self->metal ? heeyu_metal_get_code (self->metal) : NULL;
}

gboolean
heeyu_metal_page_get_loaded (HeeyuMetalPage *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL_PAGE (self), FALSE);

  return self->loaded;
}

gboolean
heeyu_metal_page_get_component_texts (HeeyuMetalPage  *self,
                                      const char      *key,
                                      const char     **value,
                                      const char     **score,
                                      const char     **weight)
{
  ComponentTexts *t;

  g_return_val_if_fail (HEEYU_IS_METAL_PAGE (self), FALSE);

  t = g_hash_table_lookup (self->component_texts, key);
  if (t == NULL)
    return FALSE;
  if (value)
    *value = t->value;
  if (score)
    *score = t->score;
  if (weight)
    *weight = t->weight;
  return TRUE;
}

GPtrArray *
heeyu_metal_page_get_charts (HeeyuMetalPage *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL_PAGE (self), NULL);

  return self->charts;
}
