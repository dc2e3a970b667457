/* test-chart-widgets.c: the chart widgets in a real window (run under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "heeyu-chart.h"
#include "heeyu-chart-view.h"

static HeeyuChartSpec *
gallium_spec (void)
{
  HeeyuChartSpec *spec = heeyu_chart_spec_new (HEEYU_CHART_LINE);
  const double x[] = { 2019, 2020, 2021, 2022, 2023 };
  const double y[] = { 573, 560, 625, 570, 530 };
  const double y2[] = { 300, 320, NAN, 410, 390 };

  heeyu_chart_spec_set_title (spec, "Gallium price");
  heeyu_chart_spec_set_source (spec, "USGS Mineral Commodity Summaries 2024");
  heeyu_chart_spec_set_x_axis (spec, HEEYU_AXIS_YEAR, NULL);
  heeyu_chart_spec_set_y_axis (spec, "Price", "USD/kg");
  heeyu_chart_spec_add_series (spec, "Gallium", x, y, G_N_ELEMENTS (x));
  heeyu_chart_spec_add_series (spec, "Germanium", x, y2, G_N_ELEMENTS (x));
  return spec;
}

static HeeyuChartSpec *
risk_spec (void)
{
  HeeyuChartSpec *spec = heeyu_chart_spec_new (HEEYU_CHART_SCATTER);

  heeyu_chart_spec_set_title (spec, "Risk matrix");
  heeyu_chart_spec_set_scatter_axes (spec, "Economic importance", "Supply risk", "Import value");
  heeyu_chart_spec_set_thresholds (spec, 2.8, 1.0);
  heeyu_chart_spec_add_scatter_point (spec, "Ga", "Gallium", 3.5, 4.0, 100);
  heeyu_chart_spec_add_scatter_point (spec, "W", "Tungsten", 7.3, 1.6, 900);
  heeyu_chart_spec_add_scatter_point (spec, "In", "Indium", 3.1, 0.6, 40);
  return spec;
}

/* Show @child in a window and run the loop until it has a size. */
static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  while (g_get_monotonic_time () < deadline
         && !(gtk_widget_get_mapped (child) && gtk_widget_get_width (child) > 0))
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_true (gtk_widget_get_mapped (child));
  g_assert_cmpint (gtk_widget_get_width (child), >, 0);
  return window;
}

static void
spin (int ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;   /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

static gboolean
press_key (GtkWidget *chart,
           guint      keyval)
{
  GtkEventController *key = find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (key, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  return handled;
}

static void
item_center (GtkWidget *chart,
             guint      series,
             gsize      index,
             double    *x,
             double    *y)
{
  HeeyuChartSpec *spec = heeyu_chart_get_spec (HEEYU_CHART (chart));

  g_assert_true (heeyu_chart_item_position (spec, gtk_widget_get_width (chart),
                                            gtk_widget_get_height (chart), NULL,
                                            series, index, x, y));
}

/* Screen readers hear the title and a sentence made from the data. */
static void
test_accessible (void)
{
  g_autoptr(HeeyuChartSpec) spec = gallium_spec ();
  g_autoptr(HeeyuChartSpec) spark = heeyu_chart_spec_new (HEEYU_CHART_SPARKLINE);
  GtkWidget *chart = heeyu_chart_new (spec);
  GtkWidget *sparkline = heeyu_chart_new (spark);

  g_object_ref_sink (chart);
  g_object_ref_sink (sparkline);
  g_assert_cmpstr (heeyu_chart_get_summary (HEEYU_CHART (chart)), ==,
                   "Gallium price, 2019\342\200\2232023, from 573 to 530 USD/kg, peak 625 in 2021 "
                   "(Gallium; 2 series in all).");
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (chart)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_focusable (chart));
  /* A sparkline is decoration on a card that takes the focus itself. */
  g_assert_false (gtk_widget_get_focusable (sparkline));

  /* An event marker is part of the summary. */
  heeyu_chart_add_marker (HEEYU_CHART (chart), 2023.5, "China export controls");
  g_assert_nonnull (strstr (heeyu_chart_get_summary (HEEYU_CHART (chart)), "1 event marked"));
  g_object_unref (chart);
  g_object_unref (sparkline);
}

/* Hovering a point shows its exact value in a tooltip. */
static void
test_hover_tooltip (void)
{
  g_autoptr(HeeyuChartSpec) spec = gallium_spec ();
  GtkWidget *chart = heeyu_chart_new (spec);
  GtkWidget *window = show_in_window (chart, 640, 400);
  GtkEventController *motion = find_controller (chart, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  const char *tip, *tip2;
  double x, y;
  int series;

  item_center (chart, 0, 2, &x, &y);
  g_signal_emit_by_name (motion, "motion", x + 2, y - 2);
  tip = gtk_widget_get_tooltip_text (chart);
  g_assert_cmpstr (tip, ==, "Gallium, 2021: 625 USD/kg");
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), &series), ==, 2);
  g_assert_cmpint (series, ==, 0);

  /* The second series, where it has a gap, says so. */
  item_center (chart, 1, 3, &x, &y);
  g_signal_emit_by_name (motion, "motion", x, y);
  tip2 = gtk_widget_get_tooltip_text (chart);
  g_assert_cmpstr (tip2, ==, "Germanium, 2022: 410 USD/kg");

  g_signal_emit_by_name (motion, "leave");
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), NULL), ==, -1);
  g_assert_null (gtk_widget_get_tooltip_text (chart));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Arrow keys move a highlighted point and show its value. */
static void
test_keyboard (void)
{
  g_autoptr(HeeyuChartSpec) spec = gallium_spec ();
  GtkWidget *chart = heeyu_chart_new (spec);
  GtkWidget *window = show_in_window (chart, 640, 400);
  const char *tip, *tip2;
  int series;

  gtk_widget_grab_focus (chart);
  spin (50);
  g_assert_true (gtk_widget_has_focus (chart));

  g_assert_true (press_key (chart, GDK_KEY_Right));
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), NULL), ==, 0);
  g_assert_true (press_key (chart, GDK_KEY_Right));
  g_assert_true (press_key (chart, GDK_KEY_Right));
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), NULL), ==, 2);
  tip = gtk_widget_get_tooltip_text (chart);
  g_assert_cmpstr (tip, ==, "Gallium, 2021: 625 USD/kg");

  /* Down goes to the next series at the same year: a gap there. */
  g_assert_true (press_key (chart, GDK_KEY_Down));
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), &series), ==, 2);
  g_assert_cmpint (series, ==, 1);
  tip2 = gtk_widget_get_tooltip_text (chart);
  g_assert_cmpstr (tip2, ==, "Germanium, 2021: no data");

  g_assert_true (press_key (chart, GDK_KEY_End));
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), NULL), ==, 4);
  g_assert_true (press_key (chart, GDK_KEY_Right));   /* stays on the last point */
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), NULL), ==, 4);
  g_assert_true (press_key (chart, GDK_KEY_Home));
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), NULL), ==, 0);
  g_assert_true (press_key (chart, GDK_KEY_Escape));
  g_assert_cmpint (heeyu_chart_get_highlight (HEEYU_CHART (chart), NULL), ==, -1);
  /* Keys the chart does not use go on to the window (Tab, shortcuts). */
  g_assert_false (press_key (chart, GDK_KEY_Tab));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_point_activated_cb (HeeyuChart *chart,
                       const char *id,
                       guint       index,
                       GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s#%u", id, index));
}

/* Clicking a point of the risk matrix (or Enter on it) names that point. */
static void
test_scatter_activate (void)
{
  g_autoptr(HeeyuChartSpec) spec = risk_spec ();
  GtkWidget *chart = heeyu_chart_new (spec);
  GtkWidget *window = show_in_window (chart, 640, 420);
  GtkEventController *click = find_controller (chart, GTK_TYPE_GESTURE_CLICK);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  double x, y;

  g_signal_connect (chart, "point-activated", G_CALLBACK (on_point_activated_cb), seen);

  item_center (chart, 0, 1, &x, &y);
  g_signal_emit_by_name (click, "pressed", 1, x, y);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "W#1");

  /* Empty space activates nothing. */
  g_signal_emit_by_name (click, "pressed", 1, 3.0, 3.0);
  g_assert_cmpuint (seen->len, ==, 1);

  g_assert_true (press_key (chart, GDK_KEY_Home));
  g_assert_true (press_key (chart, GDK_KEY_Return));
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "Ga#0");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (find_label (c, text))
      return TRUE;
  return FALSE;
}

/* The Table view shows the same numbers as the chart. */
static void
test_table (void)
{
  g_autoptr(HeeyuChartSpec) spec = gallium_spec ();
  GtkWidget *view = heeyu_chart_view_new (spec);
  GtkWidget *window = show_in_window (view, 640, 400);
  g_autoptr(HeeyuChartSpec) bars = heeyu_chart_spec_new (HEEYU_CHART_BAR);

  g_assert_false (heeyu_chart_view_get_show_table (HEEYU_CHART_VIEW (view)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (heeyu_chart_view_get_chart (HEEYU_CHART_VIEW (view)))));
  g_assert_true (find_label (view, "Chart"));
  g_assert_true (find_label (view, "Table"));

  heeyu_chart_view_set_show_table (HEEYU_CHART_VIEW (view), TRUE);
  spin (400);
  g_assert_true (heeyu_chart_view_get_show_table (HEEYU_CHART_VIEW (view)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (heeyu_chart_view_get_chart (HEEYU_CHART_VIEW (view)))));
  g_assert_true (find_label (view, "Year"));
  g_assert_true (find_label (view, "Gallium (USD/kg)"));
  g_assert_true (find_label (view, "Germanium (USD/kg)"));
  g_assert_true (find_label (view, "2021"));
  g_assert_true (find_label (view, "625"));
  g_assert_true (find_label (view, "410"));

  /* A new spec keeps the table shown, with the new numbers. */
  heeyu_chart_spec_set_y_axis (bars, "Production", "t");
  heeyu_chart_spec_add_bar (bars, "China", 750000, FALSE);
  heeyu_chart_spec_add_bar (bars, "Other countries", 15000, TRUE);
  heeyu_chart_view_set_spec (HEEYU_CHART_VIEW (view), bars);
  spin (400);
  g_assert_true (heeyu_chart_view_get_show_table (HEEYU_CHART_VIEW (view)));
  g_assert_true (find_label (view, "Production (t)"));
  g_assert_true (find_label (view, "750,000"));
  g_assert_true (find_label (view, "98.0%"));
  g_assert_true (find_label (view, "Other countries"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Count pixels close to an sRGB colour in what the widget paints. */
static int
count_color (GtkWidget *widget,
             guint32    rgb)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget), n = 0;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (surface);
  const guint32 *px;
  int stride;

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  px = (const guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = px[y * stride + x];
        int dr = (int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff);
        int dg = (int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff);
        int db = (int) (p & 0xff) - (int) (rgb & 0xff);
        if ((p >> 24) == 0xff && abs (dr) < 12 && abs (dg) < 12 && abs (db) < 12)
          n++;
      }
  gsk_render_node_unref (node);
  cairo_surface_destroy (surface);
  g_object_unref (paintable);
  return n;
}

/* Switching to dark re-reads the palette: the series turn to the colours
 * picked for a dark background. */
static void
test_dark_style (void)
{
  g_autoptr(HeeyuChartSpec) spec = gallium_spec ();
  GtkWidget *chart = heeyu_chart_new (spec);
  GtkWidget *window = show_in_window (chart, 640, 400);
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  spin (100);
  g_assert_cmpint (count_color (chart, 0x0072B2), >, 100);
  g_assert_cmpint (count_color (chart, 0x56B4E9), <, 10);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  spin (100);
  g_assert_true (adw_style_manager_get_dark (manager));
  g_assert_cmpint (count_color (chart, 0x56B4E9), >, 100);
  g_assert_cmpint (count_color (chart, 0x0072B2), <, 10);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Exporting from the widget gives the light chart whatever the screen shows. */
static void
test_export (void)
{
  g_autoptr(HeeyuChartSpec) spec = gallium_spec ();
  GtkWidget *chart = heeyu_chart_new (spec);
  g_autofree char *dir = g_dir_make_tmp ("heeyu-chart-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *csv = g_build_filename (dir, "chart.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s;

  g_object_ref_sink (chart);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (heeyu_chart_export (HEEYU_CHART (chart), png, 1200, 675, &error));
  g_assert_no_error (error);
  s = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 1200);
  g_assert_cmphex (((guint32 *) cairo_image_surface_get_data (s))[0] & 0xffffff, ==, 0xffffff);
  cairo_surface_destroy (s);

  g_assert_true (heeyu_chart_export_csv (HEEYU_CHART (chart), csv, &error));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Germanium,2022,410,USD/kg\r\n"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  g_unlink (png);
  g_unlink (csv);
  g_rmdir (dir);
  g_object_unref (chart);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display (run the ui suite under xvfb-run)\n");
      return 0;
    }
  adw_init ();

  g_test_add_func ("/chart-widget/accessible", test_accessible);
  g_test_add_func ("/chart-widget/hover-tooltip", test_hover_tooltip);
  g_test_add_func ("/chart-widget/keyboard", test_keyboard);
  g_test_add_func ("/chart-widget/scatter-activate", test_scatter_activate);
  g_test_add_func ("/chart-widget/table", test_table);
  g_test_add_func ("/chart-widget/dark-style", test_dark_style);
  g_test_add_func ("/chart-widget/export", test_export);

  return g_test_run ();
}
