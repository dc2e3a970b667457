/* heeyu-metal-card.c: one metal on the overview grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "heeyu-chart.h"
#include "heeyu-format.h"
#include "heeyu-metal-card.h"

struct _HeeyuMetalCard
{
  GtkWidget   parent_instance;

  HeeyuMetal *metal;
  char       *index_text;
  char       *band_text;
  gboolean    partial;
};

G_DEFINE_FINAL_TYPE (HeeyuMetalCard, heeyu_metal_card, GTK_TYPE_WIDGET)

const char *
heeyu_band_style_class (const char *band_code)
{
  static const char *known[] = { "crisis", "unstable", "caution", "stable", "oversupply" };
  static const char *classes[] = { "band-crisis", "band-unstable", "band-caution",
                                   "band-stable", "band-oversupply" };

  for (guint i = 0; band_code != NULL && i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (band_code, known[i]))
      return classes[i];
  return "band-none";
}

const char *
heeyu_index_result_band_name (const HeeyuIndexResult *result)
{
  if (result == NULL || !result->has_index)
    return _("No data");
  return heeyu_format_pick_name (result->band_name_en, result->band_name_ko);
}

GtkWidget *
heeyu_band_badge_new (const char *band_code,
                      const char *band_name)
{
  GtkWidget *badge = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (band_name ? band_name : _("No data"));

  gtk_widget_add_css_class (badge, "band-badge");
  gtk_widget_add_css_class (badge, heeyu_band_style_class (band_code));
  gtk_widget_add_css_class (dot, "band-dot");
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (badge, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (badge), dot);
  gtk_box_append (GTK_BOX (badge), label);

  return badge;
}

static void
heeyu_metal_card_dispose (GObject *object)
{
  HeeyuMetalCard *self = HEEYU_METAL_CARD (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->metal);

  G_OBJECT_CLASS (heeyu_metal_card_parent_class)->dispose (object);
}

static void
heeyu_metal_card_finalize (GObject *object)
{
  HeeyuMetalCard *self = HEEYU_METAL_CARD (object);

  g_free (self->index_text);
  g_free (self->band_text);

  G_OBJECT_CLASS (heeyu_metal_card_parent_class)->finalize (object);
}

static void
heeyu_metal_card_class_init (HeeyuMetalCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_metal_card_dispose;
  object_class->finalize = heeyu_metal_card_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "metalcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
heeyu_metal_card_init (HeeyuMetalCard *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "metal-card");
}

static GtkWidget *
label_new (const char *text,
           const char *style_class,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

/* The change of the index against the year before, as an arrow and points:
 * up = more stable.  Less than half a point is "steady". */
static GtkWidget *
trend_new (const HeeyuIndexResult *result,
           char                  **description)
{
  const HeeyuIndexHistoryPoint *last, *prev;
  g_autofree char *text = NULL;
  GtkWidget *label;
  double delta;

  *description = NULL;
  if (result == NULL || result->history == NULL || result->history->len < 2)
    return NULL;

  last = &g_array_index (result->history, HeeyuIndexHistoryPoint, result->history->len - 1);
  prev = &g_array_index (result->history, HeeyuIndexHistoryPoint, result->history->len - 2);
  if (isnan (last->index) || isnan (prev->index))
    return NULL;

  delta = last->index - prev->index;
  if (fabs (delta) < 0.5)
    {
      text = g_strdup ("→");
      /* Translators: the index barely moved since %d (a year) */
      *description = g_strdup_printf (_("Steady since %d"), prev->year);
    }
  else
    {
      text = g_strdup_printf ("%s %.1f", delta > 0 ? "↑" : "↓", fabs (delta));
      *description = delta > 0
        ? g_strdup_printf (_("Up %.1f points since %d: more stable"), delta, prev->year)
        : g_strdup_printf (_("Down %.1f points since %d: tighter"), -delta, prev->year);
    }

  label = label_new (text, "trend", 1);
  gtk_widget_add_css_class (label, fabs (delta) < 0.5 ? "trend-steady" : delta > 0 ? "trend-up" : "trend-down");
  gtk_widget_set_tooltip_text (label, *description);
  return label;
}

static GtkWidget *
sparkline_new (const HeeyuIndexResult *result)
{
  g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (HEEYU_CHART_SPARKLINE);
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *chart;

  for (guint i = 0; result != NULL && result->history != NULL && i < result->history->len; i++)
    {
      const HeeyuIndexHistoryPoint *p = &g_array_index (result->history, HeeyuIndexHistoryPoint, i);
      double x = p->year;

      g_array_append_val (xs, x);
      g_array_append_val (ys, p->index);
    }

  heeyu_chart_spec_set_title (spec, _("Stability index"));
  heeyu_chart_spec_set_x_axis (spec, HEEYU_AXIS_YEAR, NULL);
  heeyu_chart_spec_add_series (spec, _("Stability index"),
                               (double *) xs->data, (double *) ys->data, xs->len);
  chart = heeyu_chart_new (spec);
  gtk_widget_set_size_request (chart, -1, 36);
  gtk_widget_set_hexpand (chart, TRUE);
  return chart;
}

GtkWidget *
heeyu_metal_card_new (HeeyuMetal             *metal,
                      const HeeyuIndexResult *result)
{
  HeeyuMetalCard *self;
  GtkWidget *top, *symbol, *names, *index_box, *index, *row, *spark, *trend, *partial;
  const char *name_en, *name_ko;
  gboolean has_index;
  g_autofree char *trend_text = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *tooltip = NULL;

  g_return_val_if_fail (HEEYU_IS_METAL (metal), NULL);

  self = g_object_new (HEEYU_TYPE_METAL_CARD, NULL);
  self->metal = g_object_ref (metal);
  name_en = heeyu_metal_get_name_en (metal);
  name_ko = heeyu_metal_get_name_ko (metal);
  has_index = result != NULL && result->has_index;

  self->index_text = has_index ? g_strdup_printf ("%.1f", result->index) : g_strdup (_("No data"));
  self->band_text = g_strdup (heeyu_index_result_band_name (result));
  self->partial = has_index && result->missing != NULL && result->missing[0] != NULL;

  /* Symbol and names | index */
  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (top, GTK_WIDGET (self));

  symbol = label_new (heeyu_metal_get_code (metal), "metal-symbol", 0.5);
  gtk_widget_add_css_class (symbol, heeyu_band_style_class (has_index ? result->band_code : NULL));
  gtk_widget_set_valign (symbol, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (top), symbol);

  names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (names, TRUE);
  gtk_widget_set_valign (names, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (top), names);
  gtk_box_append (GTK_BOX (names), label_new (heeyu_format_pick_name (name_en, name_ko), "heading", 0));
  gtk_box_append (GTK_BOX (names), label_new (heeyu_format_other_name (name_en, name_ko), "dim-label", 0));
  for (GtkWidget *c = gtk_widget_get_first_child (names); c; c = gtk_widget_get_next_sibling (c))
    gtk_label_set_ellipsize (GTK_LABEL (c), PANGO_ELLIPSIZE_END);

  index_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (index_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (top), index_box);
  index = label_new (self->index_text, has_index ? "index-value" : "index-none", 1);
  gtk_box_append (GTK_BOX (index_box), index);
  trend = trend_new (result, &trend_text);
  if (trend != NULL)
    gtk_box_append (GTK_BOX (index_box), trend);

  /* Band (written out) and the partial mark */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (row, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (row), heeyu_band_badge_new (has_index ? result->band_code : NULL,
                                                       self->band_text));
  if (self->partial)
    {
      g_autoptr(GString) missing = g_string_new (NULL);

      for (guint i = 0; result->missing[i] != NULL; i++)
        {
          const HeeyuIndexComponent *c = heeyu_index_result_get_component (result, result->missing[i]);

          if (missing->len > 0)
            g_string_append (missing, ", ");
          g_string_append (missing, c ? heeyu_format_pick_name (c->name_en, c->name_ko) : result->missing[i]);
        }
      partial = label_new (_("Partial"), "partial-mark", 0.5);
      tooltip = g_strdup_printf (_("Partial index: no data for %s"), missing->str);
      gtk_widget_set_tooltip_text (partial, tooltip);
      gtk_box_append (GTK_BOX (row), partial);
    }

  /* History */
  if (has_index && result->history != NULL && result->history->len > 1)
    {
      spark = sparkline_new (result);
      gtk_widget_set_parent (spark, GTK_WIDGET (self));
    }
  else
    {
      GtkWidget *none = label_new (has_index ? _("One year of data, no history yet")
                                             : _("No figures for this metal in the local data"),
                                   "caption", 0);

      gtk_widget_add_css_class (none, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_widget_set_size_request (none, -1, 36);
      gtk_widget_set_valign (none, GTK_ALIGN_END);
      gtk_widget_set_parent (none, GTK_WIDGET (self));
    }

  accessible = g_strdup_printf ("%s, %s (%s): %s, %s%s%s",
                                heeyu_format_pick_name (name_en, name_ko),
                                heeyu_format_other_name (name_en, name_ko),
                                heeyu_metal_get_code (metal),
                                self->index_text, self->band_text,
                                self->partial ? ", " : "", self->partial ? _("Partial") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, trend_text ? trend_text : "",
                                  -1);

  return GTK_WIDGET (self);
}

HeeyuMetal *
heeyu_metal_card_get_metal (HeeyuMetalCard *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL_CARD (self), NULL);
  return self->metal;
}

const char *
heeyu_metal_card_get_index_text (HeeyuMetalCard *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL_CARD (self), NULL);
  return self->index_text;
}

const char *
heeyu_metal_card_get_band_text (HeeyuMetalCard *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL_CARD (self), NULL);
  return self->band_text;
}

gboolean
heeyu_metal_card_get_partial (HeeyuMetalCard *self)
{
  g_return_val_if_fail (HEEYU_IS_METAL_CARD (self), FALSE);
  return self->partial;
}
