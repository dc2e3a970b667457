/* heeyu-risk-page.c: the risk matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "heeyu-chart-card.h"
#include "heeyu-format.h"
#include "heeyu-index.h"
#include "heeyu-risk-page.h"

typedef struct
{
  GPtrArray        *results;        /* HeeyuIndexResult */
  GArray           *import_value;   /* double per result: latest year, USD thousand */
  HeeyuMethodology *methodology;
  char             *import_unit;
} MatrixJob;

static void
matrix_job_free (MatrixJob *job)
{
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_clear_pointer (&job->import_value, g_array_unref);
  g_clear_pointer (&job->methodology, heeyu_methodology_free);
  g_free (job->import_unit);
  g_free (job);
}

struct _HeeyuRiskPage
{
  GtkWidget      parent_instance;

  HeeyuCache    *cache;
  GCancellable  *cancellable;
  GtkWidget     *card;

  GtkStack      *stack;
  AdwStatusPage *error_page;
  GtkLabel      *caption_label;
  GtkBox        *chart_box;
  GtkLabel      *critical_label;
  GtkLabel      *missing_label;
};

G_DEFINE_FINAL_TYPE (HeeyuRiskPage, heeyu_risk_page, GTK_TYPE_WIDGET)

/* Korea's import value of the latest year with imports. */
static double
latest_import_value (const HeeyuIndexInputs *in)
{
  int year = 0;
  double sum = 0;

  for (guint i = 0; i < in->n_import_value; i++)
    year = MAX (year, in->import_value[i].year);
  for (guint i = 0; i < in->n_import_value; i++)
    if (in->import_value[i].year == year)
      sum += in->import_value[i].value;
  return year > 0 ? sum : NAN;
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HeeyuCache *cache = source_object;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuIndexData) data = NULL;
  MatrixJob *job;
  sqlite3 *db;

  if (!(db = heeyu_cache_open_connection (cache, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = heeyu_index_data_load (db, &error);
  sqlite3_close (db);
  if (data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (MatrixJob, 1);
  job->methodology = heeyu_methodology_copy (heeyu_index_data_get_methodology (data));
  job->results = heeyu_index_data_score (data, NULL);
  job->import_value = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < heeyu_index_data_get_n_metals (data); i++)
    {
      double v = latest_import_value (heeyu_index_data_get_inputs (data, i));
      g_array_append_val (job->import_value, v);
    }
  g_task_return_pointer (task, job, (GDestroyNotify) matrix_job_free);
}

static void
on_point_activated_cb (HeeyuRiskPage *self,
                       const char    *id,
                       guint          index,
                       HeeyuChart    *chart)
{
  if (id != NULL && *id != '\0')
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-metal", "s", id);
}

static void
on_computed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(HeeyuRiskPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuChartSpec) spec = NULL;
  g_autoptr(GString) critical = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *caption = NULL;
  g_autofree char *ei = NULL, *sr = NULL;
  MatrixJob *job = g_task_propagate_pointer (G_TASK (result), &error);
  const char *as_of = NULL;
  guint n_critical = 0;

  if (job == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  spec = heeyu_chart_spec_new (HEEYU_CHART_SCATTER);
  heeyu_chart_spec_set_title (spec, _("Risk matrix of Korea's rare metals"));
  heeyu_chart_spec_set_scatter_axes (spec, _("Economic importance"), _("Supply risk"),
                                     _("Korea's import value, latest year (USD thousand)"));
  heeyu_chart_spec_set_thresholds (spec, job->methodology->threshold_ei, job->methodology->threshold_sr);

  for (guint i = 0; i < job->results->len; i++)
    {
      const HeeyuIndexResult *r = job->results->pdata[i];
      const char *name = heeyu_format_pick_name (r->name_en, r->name_ko);

      if (as_of == NULL)
        as_of = r->as_of;
      if (!r->has_supply_risk || !r->has_economic_importance)
        {
          g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", name);
          continue;
        }
      heeyu_chart_spec_add_scatter_point (spec, r->metal, r->metal,
                                          r->economic_importance, r->supply_risk,
                                          g_array_index (job->import_value, double, i));
      if (r->critical)
        {
          g_string_append_printf (critical, "%s%s (%s)", critical->len ? ", " : "", name, r->metal);
          n_critical++;
        }
    }

  heeyu_chart_spec_set_source (spec, _("Heeyu stability-index methodology over the local data; thresholds after the EU criticality assessment"));
  heeyu_chart_spec_set_as_of (spec, as_of);
  heeyu_chart_spec_set_note (spec, _("Marker area: Korea's import value (synthetic in the sample data)"));

  if (self->card != NULL)
    gtk_box_remove (self->chart_box, self->card);
  self->card = heeyu_chart_card_new (spec, 560);
  gtk_box_append (self->chart_box, self->card);
  g_signal_connect_object (heeyu_chart_card_get_chart (HEEYU_CHART_CARD (self->card)), "point-activated",
                           G_CALLBACK (on_point_activated_cb), self, G_CONNECT_SWAPPED);

  ei = heeyu_format_number (job->methodology->threshold_ei, 1);
  sr = heeyu_format_number (job->methodology->threshold_sr, 1);
  caption = g_strdup_printf (_("Each metal is a point: economic importance to Korea's industry across, supply risk "
                               "(concentration of production and of Korea's sources, less recycling) up. "
                               "Metals past both thresholds (importance %s, risk %s) are critical. "
                               "Click a point or press Enter on it to open the metal."), ei, sr);
  gtk_label_set_text (self->caption_label, caption);

  if (critical->len > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u metal past both thresholds: %s.",
                                                            "%u metals past both thresholds: %s.", n_critical),
                                               n_critical, critical->str);
      gtk_label_set_text (self->critical_label, text);
    }
  else
    gtk_label_set_text (self->critical_label, _("No metal is past both thresholds."));

  if (missing->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Not on the matrix for lack of data: %s."), missing->str);
      gtk_label_set_text (self->missing_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), missing->len > 0);

  matrix_job_free (job);
  gtk_stack_set_visible_child_name (self->stack, "matrix");
}

static void
heeyu_risk_page_dispose (GObject *object)
{
  HeeyuRiskPage *self = HEEYU_RISK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HEEYU_TYPE_RISK_PAGE);
  self->card = NULL;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (heeyu_risk_page_parent_class)->dispose (object);
}

static void
heeyu_risk_page_class_init (HeeyuRiskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_risk_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/heeyu-risk-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, HeeyuRiskPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuRiskPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, HeeyuRiskPage, caption_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuRiskPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, HeeyuRiskPage, critical_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuRiskPage, missing_label);
}

static void
heeyu_risk_page_init (HeeyuRiskPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

void
heeyu_risk_page_set_cache (HeeyuRiskPage *self,
                           HeeyuCache    *cache)
{
  g_return_if_fail (HEEYU_IS_RISK_PAGE (self));
  g_return_if_fail (!cache || HEEYU_IS_CACHE (cache));

  if (!g_set_object (&self->cache, cache) || cache == NULL)
    return;

  heeyu_risk_page_reload (self);
}

void
heeyu_risk_page_reload (HeeyuRiskPage *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HEEYU_IS_RISK_PAGE (self));

  if (self->cache == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  task = g_task_new (self->cache, self->cancellable, on_computed_cb, g_object_ref (self));
  g_task_set_source_tag (task, heeyu_risk_page_reload);
  g_task_run_in_thread (task, compute_thread);
}

HeeyuChart *
heeyu_risk_page_get_chart (HeeyuRiskPage *self)
{
  g_return_val_if_fail (HEEYU_IS_RISK_PAGE (self), NULL);

  return self->card ? heeyu_chart_card_get_chart (HEEYU_CHART_CARD (self->card)) : NULL;
}
