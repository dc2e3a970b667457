/* heeyu-chart.c: line, bar, sparkline and scatter chart widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-chart.h"

#include <adwaita.h>
#include <math.h>

struct _HeeyuChart
{
  GtkWidget       parent_instance;

  HeeyuChartSpec *spec;
  char           *summary;
  int             hl_series;
  gssize          hl_index;
  gboolean        hl_by_pointer;  /* hover highlights go when the pointer does */
};

G_DEFINE_FINAL_TYPE (HeeyuChart, heeyu_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPEC,
  PROP_SUMMARY,
  N_PROPS
};

enum {
  POINT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_sparkline (HeeyuChart *self)
{
  return heeyu_chart_spec_get_kind (self->spec) == HEEYU_CHART_SPARKLINE;
}

/* Colours and font of the widget's current style: text from the style context
 * (gtk_widget_get_color is 4.10), the palette from AdwStyleManager. */
static void
get_style (HeeyuChart      *self,
           HeeyuChartStyle *style)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  PangoContext *pango = gtk_widget_get_pango_context (widget);
  const PangoFontDescription *font = pango_context_get_font_description (pango);
  GdkRGBA fg;
  HeeyuColor c;

  heeyu_chart_style_init (style, adw_style_manager_get_dark (manager));
  style->draw_background = FALSE;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  c = (HeeyuColor) { fg.red, fg.green, fg.blue, fg.alpha };
  heeyu_chart_style_set_foreground (style, &c);

  if (font && pango_font_description_get_family (font))
    {
      double size = pango_font_description_get_size (font) / (double) PANGO_SCALE;

      g_snprintf (style->font_family, sizeof style->font_family, "%s, NanumGothic, sans-serif",
                  pango_font_description_get_family (font));
      if (!pango_font_description_get_size_is_absolute (font))
        size = size * 96.0 / 72.0;
      if (size > 0)
        style->font_size = CLAMP (size * 0.95, 11, 18);
    }
  style->highlight_series = self->hl_series;
  style->highlight_index = self->hl_index;
}

static void
update_accessible (HeeyuChart *self)
{
  const char *title = heeyu_chart_spec_get_title (self->spec);

  g_free (self->summary);
  self->summary = heeyu_chart_spec_summarize (self->spec);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title && *title ? title : _("Chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary,
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

static void
show_item (HeeyuChart *self)
{
  g_autofree char *text = NULL;

  if (self->hl_index >= 0)
    text = heeyu_chart_spec_describe_item (self->spec, MAX (self->hl_series, 0), self->hl_index);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
heeyu_chart_set_highlight (HeeyuChart *self,
                           int         series,
                           gssize      index)
{
  g_return_if_fail (HEEYU_IS_CHART (self));

  if (index < 0 || (gsize) index >= heeyu_chart_spec_get_n_items (self->spec, MAX (series, 0)))
    series = -1, index = -1;
  if (series == self->hl_series && index == self->hl_index)
    return;
  self->hl_series = index < 0 ? -1 : MAX (series, 0);
  self->hl_index = index;
  show_item (self);
}

gssize
heeyu_chart_get_highlight (HeeyuChart *self,
                           int        *series)
{
  g_return_val_if_fail (HEEYU_IS_CHART (self), -1);
  if (series)
    *series = self->hl_series;
  return self->hl_index;
}

static void
activate_item (HeeyuChart *self,
               guint       series,
               gsize       index)
{
  g_autofree char *id = NULL;

  switch (heeyu_chart_spec_get_kind (self->spec))
    {
    case HEEYU_CHART_SCATTER:
      id = g_strdup (heeyu_chart_spec_get_point_id (self->spec, index));
      break;
    case HEEYU_CHART_BAR:
      id = g_strdup (heeyu_chart_spec_get_bar_label (self->spec, index));
      break;
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      {
        double x;
        if (heeyu_chart_spec_get_point (self->spec, series, index, &x, NULL))
          id = heeyu_chart_format_x (heeyu_chart_spec_get_x_kind (self->spec), x);
      }
      break;
    }
  if (id)
    g_signal_emit (self, signals[POINT_ACTIVATED], 0, id, (guint) index);
}

/* ---- Events --------------------------------------------------------------- */

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              HeeyuChart               *self)
{
  HeeyuChartStyle style;
  guint series;
  gsize index;

  get_style (self, &style);
  if (heeyu_chart_hit_test (self->spec, gtk_widget_get_width (GTK_WIDGET (self)),
                            gtk_widget_get_height (GTK_WIDGET (self)), &style, x, y,
                            &series, &index))
    {
      heeyu_chart_set_highlight (self, series, index);
      self->hl_by_pointer = TRUE;
    }
  else if (self->hl_by_pointer)
    heeyu_chart_set_highlight (self, -1, -1);
}

static void
on_leave_cb (GtkEventControllerMotion *motion,
             HeeyuChart               *self)
{
  /* Keep what the keyboard chose; drop what only the pointer showed. */
  if (self->hl_by_pointer)
    heeyu_chart_set_highlight (self, -1, -1);
}

static void
on_click_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     HeeyuChart      *self)
{
  HeeyuChartStyle style;
  guint series;
  gsize index;

  if (gtk_widget_get_focusable (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
  get_style (self, &style);
  if (!heeyu_chart_hit_test (self->spec, gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)), &style, x, y,
                             &series, &index))
    return;
  heeyu_chart_set_highlight (self, series, index);
  self->hl_by_pointer = FALSE;
  activate_item (self, series, index);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey *key,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   HeeyuChart            *self)
{
  HeeyuChartKind kind = heeyu_chart_spec_get_kind (self->spec);
  int series = MAX (self->hl_series, 0);
  gssize n = heeyu_chart_spec_get_n_items (self->spec, series);
  gssize i = self->hl_index;
  int step = 0;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return GDK_EVENT_PROPAGATE;
  self->hl_by_pointer = FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      step = -1;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      step = 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      {
        gboolean up = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up;

        if (kind == HEEYU_CHART_LINE && heeyu_chart_spec_get_n_series (self->spec) > 1)
          {
            /* Another series: stay at the same x as near as it has one. */
            guint ns = heeyu_chart_spec_get_n_series (self->spec);
            int to = (series + (up ? ns - 1 : 1)) % ns;
            double x;
            gsize best = 0;
            double best_d = G_MAXDOUBLE;

            if (i >= 0 && heeyu_chart_spec_get_point (self->spec, series, i, &x, NULL))
              for (gsize k = 0; k < heeyu_chart_spec_get_n_points (self->spec, to); k++)
                {
                  double xk;
                  heeyu_chart_spec_get_point (self->spec, to, k, &xk, NULL);
                  if (fabs (xk - x) < best_d)
                    best_d = fabs (xk - x), best = k;
                }
            heeyu_chart_set_highlight (self, to, best);
            return GDK_EVENT_STOP;
          }
        /* Bars run top to bottom. */
        step = up ? -1 : 1;
        if (kind != HEEYU_CHART_BAR)
          return GDK_EVENT_PROPAGATE;
      }
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      heeyu_chart_set_highlight (self, series, 0);
      return GDK_EVENT_STOP;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      heeyu_chart_set_highlight (self, series, n - 1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape:
      if (self->hl_index < 0)
        return GDK_EVENT_PROPAGATE;
      heeyu_chart_set_highlight (self, -1, -1);
      return GDK_EVENT_STOP;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->hl_index < 0)
        return GDK_EVENT_PROPAGATE;
      activate_item (self, series, self->hl_index);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (n <= 0)
    return GDK_EVENT_PROPAGATE;
  if (i < 0)
    i = step > 0 ? 0 : n - 1;
  else
    i = CLAMP (i + step, 0, n - 1);
  heeyu_chart_set_highlight (self, series, i);
  return GDK_EVENT_STOP;
}

static void
on_focus_leave_cb (GtkEventControllerFocus *focus,
                   HeeyuChart              *self)
{
  heeyu_chart_set_highlight (self, -1, -1);
}

static void
on_dark_changed_cb (AdwStyleManager *manager,
                    GParamSpec      *pspec,
                    HeeyuChart      *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GtkWidget ------------------------------------------------------------ */

static void
heeyu_chart_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  HeeyuChart *self = HEEYU_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  HeeyuChartStyle style;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  get_style (self, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  heeyu_chart_draw (self->spec, cr, width, height, &style);
  cairo_destroy (cr);
}

static void
heeyu_chart_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  HeeyuChart *self = HEEYU_CHART (widget);
  gboolean h = orientation == GTK_ORIENTATION_HORIZONTAL;

  if (is_sparkline (self))
    {
      *minimum = h ? 48 : 16;
      *natural = h ? 120 : 32;
    }
  else
    {
      *minimum = h ? 240 : 160;
      *natural = h ? 640 : 360;
    }
}

static void
heeyu_chart_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (heeyu_chart_parent_class)->css_changed (widget, change);
  /* Text colour and font come from the style: redraw with the new ones. */
  gtk_widget_queue_draw (widget);
}

/* ---- GObject -------------------------------------------------------------- */

static void
heeyu_chart_finalize (GObject *object)
{
  HeeyuChart *self = HEEYU_CHART (object);

  g_clear_pointer (&self->spec, heeyu_chart_spec_unref);
  g_clear_pointer (&self->summary, g_free);
  G_OBJECT_CLASS (heeyu_chart_parent_class)->finalize (object);
}

static void
heeyu_chart_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HeeyuChart *self = HEEYU_CHART (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      g_value_set_boxed (value, self->spec);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_chart_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HeeyuChart *self = HEEYU_CHART (object);

  switch (prop_id)
    {
    case PROP_SPEC:
      heeyu_chart_set_spec (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_chart_class_init (HeeyuChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = heeyu_chart_finalize;
  object_class->get_property = heeyu_chart_get_property;
  object_class->set_property = heeyu_chart_set_property;

  widget_class->snapshot = heeyu_chart_snapshot;
  widget_class->measure = heeyu_chart_measure;
  widget_class->css_changed = heeyu_chart_css_changed;

  properties[PROP_SPEC] =
    g_param_spec_boxed ("spec", NULL, NULL, HEEYU_TYPE_CHART_SPEC,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[POINT_ACTIVATED] =
    g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "heeyu-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
heeyu_chart_init (HeeyuChart *self)
{
  GtkEventController *controller;
  GtkGesture *click;

  self->spec = heeyu_chart_spec_new (HEEYU_CHART_LINE);
  self->hl_series = -1;
  self->hl_index = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, 0);

  update_accessible (self);
}

/* ---- Public --------------------------------------------------------------- */

GtkWidget *
heeyu_chart_new (HeeyuChartSpec *spec)
{
  return g_object_new (HEEYU_TYPE_CHART, "spec", spec, NULL);
}

void
heeyu_chart_set_spec (HeeyuChart     *self,
                      HeeyuChartSpec *spec)
{
  g_return_if_fail (HEEYU_IS_CHART (self));

  if (spec == self->spec)
    return;
  g_clear_pointer (&self->spec, heeyu_chart_spec_unref);
  self->spec = spec ? heeyu_chart_spec_ref (spec) : heeyu_chart_spec_new (HEEYU_CHART_LINE);

  /* A sparkline on a card is decoration: the card takes focus, not it. */
  gtk_widget_set_focusable (GTK_WIDGET (self), !is_sparkline (self));
  self->hl_series = -1;
  self->hl_index = -1;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
}

HeeyuChartSpec *
heeyu_chart_get_spec (HeeyuChart *self)
{
  g_return_val_if_fail (HEEYU_IS_CHART (self), NULL);
  return self->spec;
}

void
heeyu_chart_add_marker (HeeyuChart *self,
                        double      x,
                        const char *label)
{
  g_return_if_fail (HEEYU_IS_CHART (self));

  heeyu_chart_spec_add_marker (self->spec, x, label);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
heeyu_chart_get_summary (HeeyuChart *self)
{
  g_return_val_if_fail (HEEYU_IS_CHART (self), NULL);
  return self->summary;
}

gboolean
heeyu_chart_export (HeeyuChart  *self,
                    const char  *path,
                    int          width,
                    int          height,
                    GError     **error)
{
  g_return_val_if_fail (HEEYU_IS_CHART (self), FALSE);

  /* The light palette, without the on-screen highlight: a report is printed. */
  return heeyu_chart_spec_export (self->spec, path, width, height, NULL, error);
}

gboolean
heeyu_chart_export_csv (HeeyuChart  *self,
                        const char  *path,
                        GError     **error)
{
  g_return_val_if_fail (HEEYU_IS_CHART (self), FALSE);
  return heeyu_chart_spec_export_csv (self->spec, path, error);
}
