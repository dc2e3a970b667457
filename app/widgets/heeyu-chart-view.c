/* heeyu-chart-view.c: a chart with its numbers as a table, and a switch between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-chart-view.h"

#include <math.h>
#include <stdlib.h>

/* ---- The table ------------------------------------------------------------ */

typedef struct {
  HeeyuChartSpec *spec;
  GArray         *xs;   /* line charts: every x of every series, ascending, once */
} TableData;

static void
table_data_clear (gpointer data)
{
  TableData *td = data;

  heeyu_chart_spec_unref (td->spec);
  g_clear_pointer (&td->xs, g_array_unref);
}

static void
table_data_release (gpointer data)
{
  g_rc_box_release_full (data, table_data_clear);
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static gssize
find_x (HeeyuChartSpec *spec,
        guint           series,
        double          x)
{
  gsize lo = 0, hi = heeyu_chart_spec_get_n_points (spec, series);

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      double xm;

      heeyu_chart_spec_get_point (spec, series, mid, &xm, NULL);
      if (xm < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < heeyu_chart_spec_get_n_points (spec, series))
    {
      double xl;
      heeyu_chart_spec_get_point (spec, series, lo, &xl, NULL);
      if (xl == x)
        return lo;
    }
  return -1;
}

static guint
table_n_rows (TableData *td)
{
  switch (heeyu_chart_spec_get_kind (td->spec))
    {
    case HEEYU_CHART_BAR:
    case HEEYU_CHART_SCATTER:
      return heeyu_chart_spec_get_n_items (td->spec, 0);
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      return td->xs->len;
    }
}

static char *
with_unit_title (const char *label,
                 const char *unit)
{
  if (unit && *unit)
    return g_strdup_printf ("%s (%s)", label, unit);
  return g_strdup (label);
}

static char *
column_title (TableData *td,
              guint      col)
{
  HeeyuChartSpec *spec = td->spec;
  const char *unit = heeyu_chart_spec_get_unit (spec);
  const char *xl = heeyu_chart_spec_get_x_label (spec);
  const char *yl = heeyu_chart_spec_get_y_label (spec);
  const char *sl = heeyu_chart_spec_get_size_label (spec);

  switch (heeyu_chart_spec_get_kind (spec))
    {
    case HEEYU_CHART_BAR:
      if (col == 0)
        return g_strdup (_("Category"));
      if (col == 1)
        return with_unit_title (yl ? yl : _("Value"), unit);
      return g_strdup (_("Share"));
    case HEEYU_CHART_SCATTER:
      if (col == 0)
        return g_strdup (_("Name"));
      if (col == 1)
        return g_strdup (xl ? xl : "x");
      if (col == 2)
        return g_strdup (yl ? yl : "y");
      return g_strdup (sl ? sl : _("Size"));
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      if (col == 0)
        {
          if (xl)
            return g_strdup (xl);
          switch (heeyu_chart_spec_get_x_kind (spec))
            {
            case HEEYU_AXIS_DATE: return g_strdup (_("Date"));
            case HEEYU_AXIS_YEAR: return g_strdup (_("Year"));
            case HEEYU_AXIS_NUMBER:
            default: return g_strdup ("x");
            }
        }
      {
        const char *name = heeyu_chart_spec_get_series_name (spec, col - 1);
        return with_unit_title (name && *name ? name : (yl ? yl : _("Value")), unit);
      }
    }
}

static guint
table_n_columns (TableData *td)
{
  switch (heeyu_chart_spec_get_kind (td->spec))
    {
    case HEEYU_CHART_BAR:
      return 3;
    case HEEYU_CHART_SCATTER:
      return 4;
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      return 1 + heeyu_chart_spec_get_n_series (td->spec);
    }
}

static char *
cell_text (TableData *td,
           guint      col,
           guint      row)
{
  HeeyuChartSpec *spec = td->spec;

  switch (heeyu_chart_spec_get_kind (spec))
    {
    case HEEYU_CHART_BAR:
      {
        double v, total = 0;
        gboolean other;

        if (col == 0)
          return g_strdup (heeyu_chart_spec_get_bar_label (spec, row));
        heeyu_chart_spec_get_bar (spec, row, &v, &other);
        if (col == 1)
          return heeyu_format_value (v);
        for (gsize i = 0; i < heeyu_chart_spec_get_n_items (spec, 0); i++)
          {
            double w;
            heeyu_chart_spec_get_bar (spec, i, &w, NULL);
            if (isfinite (w) && w > 0)
              total += w;
          }
        if (!(total > 0) || !isfinite (v) || v < 0)
          return g_strdup ("\342\200\223");
        return g_strdup_printf ("%.1f%%", 100.0 * v / total);
      }
    case HEEYU_CHART_SCATTER:
      {
        double x, y, size;

        if (col == 0)
          return g_strdup (heeyu_chart_spec_get_point_label (spec, row));
        heeyu_chart_spec_get_scatter_point (spec, row, &x, &y, &size);
        return heeyu_format_value (col == 1 ? x : col == 2 ? y : size);
      }
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      {
        double x = g_array_index (td->xs, double, row), y;
        gssize i;

        if (col == 0)
          return heeyu_chart_format_x (heeyu_chart_spec_get_x_kind (spec), x);
        i = find_x (spec, col - 1, x);
        if (i < 0 || !heeyu_chart_spec_get_point (spec, col - 1, i, NULL, &y))
          return g_strdup ("");
        return heeyu_format_value (y);
      }
    }
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  guint col = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  /* Numbers right-aligned in tabular figures so digits line up. */
  if (col > 0)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  gtk_list_item_set_child (item, label);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  guint col = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  TableData *td = g_object_get_data (G_OBJECT (factory), "table");
  GtkStringObject *row = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (td, col, (guint) atoi (gtk_string_object_get_string (row)));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

GtkWidget *
heeyu_chart_table_new (HeeyuChartSpec *spec)
{
  TableData *td;
  GtkStringList *rows;
  GtkWidget *view, *scrolled;
  guint n_rows, n_cols;

  g_return_val_if_fail (spec != NULL, NULL);

  td = g_rc_box_new0 (TableData);
  td->spec = heeyu_chart_spec_ref (spec);
  td->xs = g_array_new (FALSE, FALSE, sizeof (double));
  if (heeyu_chart_spec_get_kind (spec) == HEEYU_CHART_LINE
      || heeyu_chart_spec_get_kind (spec) == HEEYU_CHART_SPARKLINE)
    {
      for (guint k = 0; k < heeyu_chart_spec_get_n_series (spec); k++)
        for (gsize i = 0; i < heeyu_chart_spec_get_n_points (spec, k); i++)
          {
            double x;
            heeyu_chart_spec_get_point (spec, k, i, &x, NULL);
            g_array_append_val (td->xs, x);
          }
      g_array_sort (td->xs, cmp_double);
      for (guint i = 1; i < td->xs->len;)
        if (g_array_index (td->xs, double, i) == g_array_index (td->xs, double, i - 1))
          g_array_remove_index (td->xs, i);
        else
          i++;
    }

  n_rows = table_n_rows (td);
  n_cols = table_n_columns (td);
  rows = gtk_string_list_new (NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      char buf[16];
      g_snprintf (buf, sizeof buf, "%u", i);
      gtk_string_list_append (rows, buf);
    }

  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (rows))));
  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");

  for (guint col = 0; col < n_cols; col++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autofree char *title = column_title (td, col);
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (col));
      g_object_set_data_full (G_OBJECT (factory), "table", g_rc_box_acquire (td), table_data_release);
      g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), NULL);
      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_expand (column, col == 0);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
      g_object_unref (column);
    }
  table_data_release (td);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_hexpand (scrolled, TRUE);
  return scrolled;
}

/* ---- The view ------------------------------------------------------------- */

struct _HeeyuChartView
{
  GtkWidget  parent_instance;

  GtkWidget *switcher;
  GtkWidget *chart_button;
  GtkWidget *table_button;
  GtkWidget *stack;
  GtkWidget *chart;
  GtkWidget *table;
};

G_DEFINE_FINAL_TYPE (HeeyuChartView, heeyu_chart_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_table_toggled_cb (GtkToggleButton *button,
                     HeeyuChartView  *self)
{
  gboolean table = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->table_button));

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), table ? "table" : "chart");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TABLE]);
}

static void
heeyu_chart_view_dispose (GObject *object)
{
  HeeyuChartView *self = HEEYU_CHART_VIEW (object);

  g_clear_pointer (&self->switcher, gtk_widget_unparent);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  G_OBJECT_CLASS (heeyu_chart_view_parent_class)->dispose (object);
}

static void
heeyu_chart_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOW_TABLE:
      g_value_set_boolean (value, heeyu_chart_view_get_show_table (HEEYU_CHART_VIEW (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_chart_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOW_TABLE:
      heeyu_chart_view_set_show_table (HEEYU_CHART_VIEW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_chart_view_class_init (HeeyuChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_chart_view_dispose;
  object_class->get_property = heeyu_chart_view_get_property;
  object_class->set_property = heeyu_chart_view_set_property;

  properties[PROP_SHOW_TABLE] =
    g_param_spec_boolean ("show-table", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "heeyu-chart-view");
}

static void
heeyu_chart_view_init (HeeyuChartView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);

  self->switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->switcher, "linked");
  gtk_widget_set_halign (self->switcher, GTK_ALIGN_END);
  self->chart_button = gtk_toggle_button_new_with_label (_("Chart"));
  self->table_button = gtk_toggle_button_new_with_label (_("Table"));
  gtk_widget_set_tooltip_text (self->table_button, _("Show the numbers as a table"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->table_button),
                               GTK_TOGGLE_BUTTON (self->chart_button));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->chart_button), TRUE);
  gtk_box_append (GTK_BOX (self->switcher), self->chart_button);
  gtk_box_append (GTK_BOX (self->switcher), self->table_button);
  gtk_widget_set_parent (self->switcher, GTK_WIDGET (self));

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_widget_set_vexpand (self->stack, TRUE);
  self->chart = heeyu_chart_new (NULL);
  gtk_widget_set_vexpand (self->chart, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), self->chart, "chart");
  self->table = heeyu_chart_table_new (heeyu_chart_get_spec (HEEYU_CHART (self->chart)));
  gtk_stack_add_named (GTK_STACK (self->stack), self->table, "table");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  g_signal_connect_object (self->table_button, "toggled",
                           G_CALLBACK (on_table_toggled_cb), self, 0);
}

GtkWidget *
heeyu_chart_view_new (HeeyuChartSpec *spec)
{
  HeeyuChartView *self = g_object_new (HEEYU_TYPE_CHART_VIEW, NULL);

  if (spec)
    heeyu_chart_view_set_spec (self, spec);
  return GTK_WIDGET (self);
}

void
heeyu_chart_view_set_spec (HeeyuChartView *self,
                           HeeyuChartSpec *spec)
{
  gboolean table;

  g_return_if_fail (HEEYU_IS_CHART_VIEW (self));
  g_return_if_fail (spec != NULL);

  table = heeyu_chart_view_get_show_table (self);
  heeyu_chart_set_spec (HEEYU_CHART (self->chart), spec);
  gtk_stack_remove (GTK_STACK (self->stack), self->table);
  self->table = heeyu_chart_table_new (spec);
  gtk_stack_add_named (GTK_STACK (self->stack), self->table, "table");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), table ? "table" : "chart");
}

HeeyuChart *
heeyu_chart_view_get_chart (HeeyuChartView *self)
{
  g_return_val_if_fail (HEEYU_IS_CHART_VIEW (self), NULL);
  return HEEYU_CHART (self->chart);
}

void
heeyu_chart_view_set_show_table (HeeyuChartView *self,
                                 gboolean        show_table)
{
  g_return_if_fail (HEEYU_IS_CHART_VIEW (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (show_table ? self->table_button
                                                              : self->chart_button), TRUE);
}

gboolean
heeyu_chart_view_get_show_table (HeeyuChartView *self)
{
  g_return_val_if_fail (HEEYU_IS_CHART_VIEW (self), FALSE);
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->table_button));
}
