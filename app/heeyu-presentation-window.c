/* heeyu-presentation-window.c: the full-screen show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-format.h"
#include "heeyu-presentation-window.h"
#include "heeyu-slide-draw.h"
#include "heeyu-window.h"

/* The pointer hides after this long without motion. */
#define CURSOR_HIDE_MS 2000

struct _HeeyuPresentationWindow
{
  GtkWindow            parent_instance;

  HeeyuDeck           *deck;
  HeeyuDeckData       *data;
  GPtrArray           *slides;
  HeeyuSlideOptions    options;
  HeeyuDeckController *controller;

  GtkWidget           *area;
  GdkMonitor          *monitor;
  GListModel          *monitors;
  guint                inhibit_cookie;
  guint                cursor_timeout_id;
  double               last_x, last_y;
};

G_DEFINE_FINAL_TYPE (HeeyuPresentationWindow, heeyu_presentation_window, GTK_TYPE_WINDOW)

static void
draw_overlay_text (cairo_t    *cr,
                   const char *text,
                   double      size,
                   double      right,
                   double      bottom,
                   gboolean    on_dark)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("NanumBarunGothic, NanumGothic, sans-serif");
  int w, h;

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, right - w, bottom - h);
  if (on_dark)
    cairo_set_source_rgba (cr, 1, 1, 1, 0.55);
  else
    cairo_set_source_rgba (cr, 0.35, 0.35, 0.38, 0.9);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  HeeyuPresentationWindow *self = user_data;
  HeeyuDeckController *c = self->controller;
  guint current = heeyu_deck_controller_get_current (c);
  guint pending = heeyu_deck_controller_get_pending_number (c);
  HeeyuDeckBlank blank = heeyu_deck_controller_get_blank (c);
  g_autofree char *counter = NULL;
  double small = MAX (height / 60.0, 11);

  if (blank != HEEYU_DECK_BLANK_NONE)
    {
      double v = blank == HEEYU_DECK_BLANK_WHITE ? 1 : 0;
      cairo_set_source_rgb (cr, v, v, v);
      cairo_paint (cr);
      /* A digit typed in the dark still shows, faintly, where it goes. */
      if (pending > 0)
        {
          g_autofree char *t = g_strdup_printf ("→ %u", pending);
          draw_overlay_text (cr, t, small, width - small, height - small * 0.6, v == 0);
        }
      return;
    }

  if (current < self->slides->len)
    heeyu_slide_draw (self->slides->pdata[current], self->deck, self->data, &self->options,
                      cr, width, height, NULL);

  /* The small counter in the corner the slides leave free; the number being
   * typed replaces it, and a paused auto-advance says so. */
  if (pending > 0)
    counter = g_strdup_printf (_("Go to slide %u…"), pending);
  else if (heeyu_deck_controller_get_interval (c) > 0 && heeyu_deck_controller_get_paused (c))
    counter = g_strdup_printf (_("%u / %u · paused (A resumes)"), current + 1, self->slides->len);
  else
    counter = g_strdup_printf ("%u / %u", current + 1, self->slides->len);
  draw_overlay_text (cr, counter, small, width - small, height - small * 0.6, FALSE);
}

static void
on_controller_changed_cb (HeeyuPresentationWindow *self)
{
  gtk_widget_queue_draw (self->area);
}

static void
on_end_requested_cb (HeeyuPresentationWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey   *key,
                   guint                    keyval,
                   guint                    keycode,
                   GdkModifierType          state,
                   HeeyuPresentationWindow *self)
{
  /* Ctrl+Q and friends are the application's, not the show's. */
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return FALSE;
  /* F5 again while showing: nothing to start. */
  if (keyval == GDK_KEY_F5)
    return TRUE;
  return heeyu_deck_controller_handle_key (self->controller, keyval) != HEEYU_DECK_ACTION_NONE;
}

static void
on_click_pressed_cb (GtkGestureClick         *gesture,
                     int                      n_press,
                     double                   x,
                     double                   y,
                     HeeyuPresentationWindow *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  /* As in Impress: a click moves on, a right click goes back. */
  heeyu_deck_controller_handle_key (self->controller,
                                    button == GDK_BUTTON_SECONDARY ? GDK_KEY_Page_Up
                                                                   : GDK_KEY_Page_Down);
}

static gboolean
hide_cursor_cb (gpointer user_data)
{
  HeeyuPresentationWindow *self = user_data;

  self->cursor_timeout_id = 0;
  gtk_widget_set_cursor_from_name (self->area, "none");
  return G_SOURCE_REMOVE;
}

static void
on_motion_cb (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              HeeyuPresentationWindow  *self)
{
  /* Synthetic motion after a redraw is not the presenter moving. */
  if (ABS (x - self->last_x) < 1 && ABS (y - self->last_y) < 1)
    return;
  self->last_x = x;
  self->last_y = y;
  gtk_widget_set_cursor (self->area, NULL);
  g_clear_handle_id (&self->cursor_timeout_id, g_source_remove);
  self->cursor_timeout_id = g_timeout_add (CURSOR_HIDE_MS, hide_cursor_cb, self);
}

GdkMonitor *
heeyu_presentation_pick_monitor (GListModel *monitors,
                                 GdkMonitor *avoid)
{
  GdkMonitor *best = NULL;
  gint64 best_area = -1;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (monitors), NULL);

  n = g_list_model_get_n_items (monitors);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, i);
      GdkRectangle geo;
      gint64 area;

      if (m == avoid && n > 1)
        continue;
      gdk_monitor_get_geometry (m, &geo);
      area = (gint64) geo.width * geo.height;
      if (area > best_area)
        {
          best_area = area;
          best = m;
        }
    }
  return best;
}

static GdkMonitor *
presenter_monitor (HeeyuPresentationWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GList *windows = app ? gtk_application_get_windows (app) : NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    {
      GdkSurface *surface;

      if (!HEEYU_IS_WINDOW (l->data) || !gtk_widget_get_mapped (l->data))
        continue;
      surface = gtk_native_get_surface (GTK_NATIVE (l->data));
      if (surface != NULL)
        return gdk_display_get_monitor_at_surface (gtk_widget_get_display (l->data), surface);
    }
  return NULL;
}

static gboolean
monitor_in_list (GListModel *monitors,
                 GdkMonitor *monitor)
{
  for (guint i = 0; monitor != NULL && i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) m = g_list_model_get_item (monitors, i);
      if (m == monitor)
        return TRUE;
    }
  return FALSE;
}

static void
go_fullscreen (HeeyuPresentationWindow *self)
{
  GdkMonitor *monitor = heeyu_presentation_pick_monitor (self->monitors, presenter_monitor (self));

  g_set_object (&self->monitor, monitor);
  if (monitor != NULL)
    {
      GdkRectangle geo;

      /* Also the size, for a session whose window manager ignores
       * fullscreen requests (a kiosk X server with none). */
      gdk_monitor_get_geometry (monitor, &geo);
      gtk_window_set_default_size (GTK_WINDOW (self), geo.width, geo.height);
      gtk_window_fullscreen_on_monitor (GTK_WINDOW (self), monitor);
    }
  else
    gtk_window_fullscreen (GTK_WINDOW (self));
}

/* A projector unplugged mid-show: carry on on what is left. */
static void
on_monitors_changed_cb (HeeyuPresentationWindow *self,
                        guint                    position,
                        guint                    removed,
                        guint                    added,
                        GListModel              *monitors)
{
  if (!monitor_in_list (monitors, self->monitor) || added > 0)
    go_fullscreen (self);
}

void
heeyu_presentation_window_start (HeeyuPresentationWindow *self)
{
  GtkApplication *app;

  g_return_if_fail (HEEYU_IS_PRESENTATION_WINDOW (self));

  go_fullscreen (self);
  gtk_window_present (GTK_WINDOW (self));

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (app != NULL && self->inhibit_cookie == 0)
    self->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (self),
                                                    GTK_APPLICATION_INHIBIT_IDLE,
                                                    _("Presenting slides"));
  heeyu_deck_controller_start (self->controller);
  gtk_widget_grab_focus (self->area);
}

static gboolean
heeyu_presentation_window_close_request (GtkWindow *window)
{
  HeeyuPresentationWindow *self = HEEYU_PRESENTATION_WINDOW (window);
  GtkApplication *app = gtk_window_get_application (window);

  heeyu_deck_controller_stop (self->controller);
  if (app != NULL && self->inhibit_cookie != 0)
    gtk_application_uninhibit (app, self->inhibit_cookie);
  self->inhibit_cookie = 0;

  return GTK_WINDOW_CLASS (heeyu_presentation_window_parent_class)->close_request (window);
}

static void
heeyu_presentation_window_dispose (GObject *object)
{
  HeeyuPresentationWindow *self = HEEYU_PRESENTATION_WINDOW (object);

  g_clear_handle_id (&self->cursor_timeout_id, g_source_remove);
  if (self->controller)
    heeyu_deck_controller_stop (self->controller);
  g_clear_object (&self->controller);
  g_clear_object (&self->monitor);
  g_clear_object (&self->monitors);

  G_OBJECT_CLASS (heeyu_presentation_window_parent_class)->dispose (object);
}

static void
heeyu_presentation_window_finalize (GObject *object)
{
  HeeyuPresentationWindow *self = HEEYU_PRESENTATION_WINDOW (object);

  g_clear_pointer (&self->slides, g_ptr_array_unref);
  g_clear_pointer (&self->data, heeyu_deck_data_free);
  g_clear_pointer (&self->deck, heeyu_deck_free);

  G_OBJECT_CLASS (heeyu_presentation_window_parent_class)->finalize (object);
}

static void
heeyu_presentation_window_class_init (HeeyuPresentationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = heeyu_presentation_window_dispose;
  object_class->finalize = heeyu_presentation_window_finalize;
  window_class->close_request = heeyu_presentation_window_close_request;
}

static void
heeyu_presentation_window_init (HeeyuPresentationWindow *self)
{
  GtkEventController *key, *motion;
  GtkGesture *click;

  self->area = gtk_drawing_area_new ();
  gtk_widget_set_focusable (self->area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), draw_cb, self, NULL);
  gtk_window_set_child (GTK_WINDOW (self), self->area);
  gtk_window_set_title (GTK_WINDOW (self), _("Presentation"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 720);
  gtk_window_set_decorated (GTK_WINDOW (self), FALSE);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed_cb), self);
  gtk_widget_add_controller (self->area, GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  gtk_widget_add_controller (self->area, motion);
  self->cursor_timeout_id = g_timeout_add (CURSOR_HIDE_MS, hide_cursor_cb, self);
  self->last_x = self->last_y = -1;
}

HeeyuPresentationWindow *
heeyu_presentation_window_new (HeeyuApplication *app,
                               const HeeyuDeck  *deck,
                               HeeyuDeckData    *data)
{
  HeeyuPresentationWindow *self;

  g_return_val_if_fail (HEEYU_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (deck != NULL && data != NULL, NULL);

  self = g_object_new (HEEYU_TYPE_PRESENTATION_WINDOW, "application", app, NULL);
  self->deck = heeyu_deck_copy (deck);
  self->data = data;
  self->slides = heeyu_slides_build (self->deck, data, NULL);
  self->options.language = heeyu_slide_resolve_language (deck->language,
                                                         heeyu_format_prefers_korean ());

  self->controller = heeyu_deck_controller_new (self->slides->len);
  heeyu_deck_controller_set_interval (self->controller, deck->interval);
  heeyu_deck_controller_set_loop (self->controller, deck->loop);
  g_signal_connect_object (self->controller, "notify", G_CALLBACK (on_controller_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "end-requested", G_CALLBACK (on_end_requested_cb),
                           self, G_CONNECT_SWAPPED);

  self->monitors = g_object_ref (gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self))));
  g_signal_connect_object (self->monitors, "items-changed", G_CALLBACK (on_monitors_changed_cb),
                           self, G_CONNECT_SWAPPED);
  return self;
}

HeeyuDeckController *
heeyu_presentation_window_get_controller (HeeyuPresentationWindow *self)
{
  g_return_val_if_fail (HEEYU_IS_PRESENTATION_WINDOW (self), NULL);
  return self->controller;
}

guint
heeyu_presentation_window_get_n_slides (HeeyuPresentationWindow *self)
{
  g_return_val_if_fail (HEEYU_IS_PRESENTATION_WINDOW (self), 0);
  return self->slides->len;
}

/* ---- Starting a show ------------------------------------------------------- */

static char *
last_deck_path (void)
{
  g_autofree char *dir = heeyu_deck_default_dir ();
  return g_build_filename (dir, ".last", NULL);
}

char *
heeyu_presentation_get_last_deck (void)
{
  g_autofree char *path = last_deck_path ();
  g_autofree char *name = NULL;

  if (!g_file_get_contents (path, &name, NULL, NULL))
    return NULL;
  g_strstrip (name);
  return heeyu_deck_name_is_valid (name) ? g_steal_pointer (&name) : NULL;
}

void
heeyu_presentation_set_last_deck (const char *name)
{
  g_autofree char *path = last_deck_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  if (!heeyu_deck_name_is_valid (name))
    return;
  g_mkdir_with_parents (dir, 0700);
  /* Losing this only means F5 opens another deck: no error to show. */
  g_file_set_contents (path, name, -1, NULL);
}

typedef struct
{
  char          *name;
  HeeyuDeck     *deck;
  HeeyuDeckData *data;
  char          *db_path;
  GtkWindow     *parent;
} StartData;

static void
start_data_free (StartData *d)
{
  g_free (d->name);
  g_free (d->db_path);
  g_clear_pointer (&d->deck, heeyu_deck_free);
  g_clear_pointer (&d->data, heeyu_deck_data_free);
  g_clear_object (&d->parent);
  g_free (d);
}

static void
start_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StartData *d = task_data;
  GError *error = NULL;
  sqlite3 *db = NULL;

  if (d->name != NULL && *d->name)
    d->deck = heeyu_deck_load (NULL, d->name, &error);
  else
    {
      g_autofree char *last = heeyu_presentation_get_last_deck ();
      g_auto(GStrv) names = heeyu_deck_list (NULL, NULL);

      if (last != NULL)
        d->deck = heeyu_deck_load (NULL, last, NULL);
      if (d->deck == NULL && names != NULL && names[0] != NULL)
        d->deck = heeyu_deck_load (NULL, names[0], NULL);
      if (d->deck == NULL)
        {
          /* No deck yet: the default one, with the metals in the news. */
          const char *metals[] = { "REE", "Ga", "Li", "Co", "W", NULL };
          d->deck = heeyu_deck_new (NULL);
          heeyu_deck_set_metals (d->deck, metals);
        }
    }
  if (d->deck == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (sqlite3_open_v2 (d->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Cannot read the local data: %s"), sqlite3_errmsg (db));
      sqlite3_close (db);
      return;
    }
  sqlite3_busy_timeout (db, 5000);
  d->data = heeyu_deck_data_load (db, &error);
  sqlite3_close (db);
  if (d->data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
report (GtkWindow  *parent,
        const char *message)
{
  if (HEEYU_IS_WINDOW (parent))
    heeyu_window_add_toast (HEEYU_WINDOW (parent), message);
  else
    g_warning ("%s", message);
}

static void
on_start_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HeeyuApplication *app = HEEYU_APPLICATION (source);
  StartData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  HeeyuPresentationWindow *window;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot start the presentation: %s"),
                                                  error->message);
      report (d->parent, message);
      return;
    }

  if (d->deck->name)
    heeyu_presentation_set_last_deck (d->deck->name);
  window = heeyu_presentation_window_new (app, d->deck, g_steal_pointer (&d->data));
  heeyu_presentation_window_start (window);
}

static void
on_state_ready_cb (HeeyuApplication *app,
                   GParamSpec       *pspec,
                   GTask            *task);

static void
run_start (GTask *task)
{
  HeeyuApplication *app = g_task_get_source_object (task);
  StartData *d = g_task_get_task_data (task);

  d->db_path = g_strdup (heeyu_cache_get_path (heeyu_application_get_cache (app)));
  g_task_run_in_thread (task, start_thread);
}

static void
on_state_ready_cb (HeeyuApplication *app,
                   GParamSpec       *pspec,
                   GTask            *task)
{
  if (heeyu_application_get_state (app) == HEEYU_APPLICATION_LOADING)
    return;
  g_signal_handlers_disconnect_by_func (app, on_state_ready_cb, task);
  if (heeyu_application_get_state (app) == HEEYU_APPLICATION_READY)
    run_start (task);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                             _("the local data cannot be opened"));
  g_object_unref (task);
}

void
heeyu_presentation_start (HeeyuApplication *app,
                          const char       *deck_name,
                          GtkWindow        *parent)
{
  GTask *task;
  StartData *d;

  g_return_if_fail (HEEYU_IS_APPLICATION (app));

  d = g_new0 (StartData, 1);
  d->name = g_strdup (deck_name);
  d->parent = parent ? g_object_ref (parent) : NULL;
  task = g_task_new (app, NULL, on_start_done_cb, NULL);
  g_task_set_source_tag (task, heeyu_presentation_start);
  g_task_set_task_data (task, d, (GDestroyNotify) start_data_free);

  /* `heeyu --present` asks before the cache is open: wait for it. */
  if (heeyu_application_get_state (app) == HEEYU_APPLICATION_LOADING)
    {
      g_signal_connect (app, "notify::state", G_CALLBACK (on_state_ready_cb), task);
      return;
    }
  if (heeyu_application_get_state (app) != HEEYU_APPLICATION_READY)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("the local data cannot be opened"));
      g_object_unref (task);
      return;
    }
  run_start (task);
  g_object_unref (task);
}
