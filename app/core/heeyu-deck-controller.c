/* heeyu-deck-controller.c: the slide controller of a show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "heeyu-deck-controller.h"

/* X11 keysyms = GDK_KEY_* values; spelled out so the core needs no GDK. */
enum
{
  KEY_space = 0x020, KEY_comma = 0x02c, KEY_period = 0x02e,
  KEY_0 = 0x030, KEY_9 = 0x039,
  KEY_A = 0x041, KEY_B = 0x042, KEY_N = 0x04e, KEY_P = 0x050, KEY_W = 0x057,
  KEY_a = 0x061, KEY_b = 0x062, KEY_n = 0x06e, KEY_p = 0x070, KEY_w = 0x077,
  KEY_BackSpace = 0xff08, KEY_Return = 0xff0d, KEY_Escape = 0xff1b,
  KEY_Home = 0xff50, KEY_Left = 0xff51, KEY_Up = 0xff52, KEY_Right = 0xff53,
  KEY_Down = 0xff54, KEY_Page_Up = 0xff55, KEY_Page_Down = 0xff56, KEY_End = 0xff57,
  KEY_KP_Space = 0xff80, KEY_KP_Enter = 0xff8d,
  KEY_KP_Home = 0xff95, KEY_KP_Left = 0xff96, KEY_KP_Up = 0xff97, KEY_KP_Right = 0xff98,
  KEY_KP_Down = 0xff99, KEY_KP_Page_Up = 0xff9a, KEY_KP_Page_Down = 0xff9b,
  KEY_KP_End = 0xff9c, KEY_KP_Decimal = 0xffae,
  KEY_KP_0 = 0xffb0, KEY_KP_9 = 0xffb9,
};

/* Four digits are more slides than any deck has; more is a stuck key. */
#define MAX_PENDING 9999

struct _HeeyuDeckController
{
  GObject         parent_instance;

  guint           n_slides;
  guint           current;
  HeeyuDeckBlank  blank;
  guint           pending;
  gboolean        has_pending;
  guint           interval;
  gboolean        loop;
  gboolean        paused;
  gboolean        started;
  guint           timeout_id;
};

G_DEFINE_FINAL_TYPE (HeeyuDeckController, heeyu_deck_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_SLIDES,
  PROP_CURRENT,
  PROP_BLANK,
  PROP_PENDING_NUMBER,
  PROP_INTERVAL,
  PROP_LOOP,
  PROP_PAUSED,
  N_PROPS
};

enum {
  END_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void reschedule (HeeyuDeckController *self);

static void
set_current (HeeyuDeckController *self,
             guint                index)
{
  if (self->n_slides == 0)
    index = 0;
  else if (index >= self->n_slides)
    index = self->n_slides - 1;
  if (self->current == index)
    return;
  self->current = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
set_blank (HeeyuDeckController *self,
           HeeyuDeckBlank       blank)
{
  if (self->blank == blank)
    return;
  self->blank = blank;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLANK]);
}

static void
set_pending (HeeyuDeckController *self,
             gboolean             has,
             guint                value)
{
  if (self->has_pending == has && self->pending == value)
    return;
  self->has_pending = has;
  self->pending = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_NUMBER]);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  HeeyuDeckController *self = user_data;

  heeyu_deck_controller_tick (self);
  return G_SOURCE_CONTINUE;
}

static void
reschedule (HeeyuDeckController *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->started && self->interval > 0 && !self->paused)
    self->timeout_id = g_timeout_add_seconds (self->interval, on_timeout_cb, self);
}

HeeyuDeckController *
heeyu_deck_controller_new (guint n_slides)
{
  return g_object_new (HEEYU_TYPE_DECK_CONTROLLER, "n-slides", n_slides, NULL);
}

guint
heeyu_deck_controller_get_n_slides (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), 0);
  return self->n_slides;
}

void
heeyu_deck_controller_set_n_slides (HeeyuDeckController *self,
                                    guint                n_slides)
{
  g_return_if_fail (HEEYU_IS_DECK_CONTROLLER (self));

  if (self->n_slides == n_slides)
    return;
  self->n_slides = n_slides;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SLIDES]);
  set_current (self, self->current);
}

guint
heeyu_deck_controller_get_current (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), 0);
  return self->current;
}

void
heeyu_deck_controller_set_current (HeeyuDeckController *self,
                                   guint                index)
{
  g_return_if_fail (HEEYU_IS_DECK_CONTROLLER (self));
  set_current (self, index);
}

HeeyuDeckBlank
heeyu_deck_controller_get_blank (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), HEEYU_DECK_BLANK_NONE);
  return self->blank;
}

guint
heeyu_deck_controller_get_pending_number (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), 0);
  return self->has_pending ? self->pending : 0;
}

void
heeyu_deck_controller_set_interval (HeeyuDeckController *self,
                                    guint                seconds)
{
  g_return_if_fail (HEEYU_IS_DECK_CONTROLLER (self));

  if (self->interval == seconds)
    return;
  self->interval = seconds;
  reschedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

guint
heeyu_deck_controller_get_interval (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), 0);
  return self->interval;
}

void
heeyu_deck_controller_set_loop (HeeyuDeckController *self,
                                gboolean             loop)
{
  g_return_if_fail (HEEYU_IS_DECK_CONTROLLER (self));

  loop = !!loop;
  if (self->loop == loop)
    return;
  self->loop = loop;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP]);
}

gboolean
heeyu_deck_controller_get_loop (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), FALSE);
  return self->loop;
}

gboolean
heeyu_deck_controller_get_paused (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), FALSE);
  return self->paused;
}

void
heeyu_deck_controller_set_paused (HeeyuDeckController *self,
                                  gboolean             paused)
{
  g_return_if_fail (HEEYU_IS_DECK_CONTROLLER (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  reschedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
heeyu_deck_controller_is_running (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), FALSE);
  return self->interval > 0 && !self->paused;
}

void
heeyu_deck_controller_start (HeeyuDeckController *self)
{
  g_return_if_fail (HEEYU_IS_DECK_CONTROLLER (self));

  self->started = TRUE;
  reschedule (self);
}

void
heeyu_deck_controller_stop (HeeyuDeckController *self)
{
  g_return_if_fail (HEEYU_IS_DECK_CONTROLLER (self));

  self->started = FALSE;
  reschedule (self);
}

gboolean
heeyu_deck_controller_tick (HeeyuDeckController *self)
{
  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), FALSE);

  if (!heeyu_deck_controller_is_running (self) || self->blank != HEEYU_DECK_BLANK_NONE
      || self->n_slides == 0)
    return FALSE;

  if (self->current + 1 < self->n_slides)
    {
      set_current (self, self->current + 1);
      return TRUE;
    }
  if (self->loop && self->n_slides > 1)
    {
      set_current (self, 0);
      return TRUE;
    }
  return FALSE;
}

gboolean
heeyu_deck_controller_next (HeeyuDeckController *self)
{
  guint before;

  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), FALSE);

  before = self->current;
  set_current (self, self->current + 1);
  return before != self->current;
}

gboolean
heeyu_deck_controller_previous (HeeyuDeckController *self)
{
  guint before;

  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), FALSE);

  before = self->current;
  if (self->current > 0)
    set_current (self, self->current - 1);
  return before != self->current;
}

static int
digit_of (guint keyval)
{
  if (keyval >= KEY_0 && keyval <= KEY_9)
    return keyval - KEY_0;
  if (keyval >= KEY_KP_0 && keyval <= KEY_KP_9)
    return keyval - KEY_KP_0;
  return -1;
}

/* A move shows the slide again after a blackout, as in Impress. */
static HeeyuDeckAction
move (HeeyuDeckController *self,
      HeeyuDeckAction      action)
{
  set_blank (self, HEEYU_DECK_BLANK_NONE);
  switch (action)
    {
    case HEEYU_DECK_ACTION_NEXT:
      heeyu_deck_controller_next (self);
      break;
    case HEEYU_DECK_ACTION_PREVIOUS:
      heeyu_deck_controller_previous (self);
      break;
    case HEEYU_DECK_ACTION_FIRST:
      set_current (self, 0);
      break;
    case HEEYU_DECK_ACTION_LAST:
      set_current (self, self->n_slides > 0 ? self->n_slides - 1 : 0);
      break;
    default:
      g_assert_not_reached ();
    }
  return action;
}

static HeeyuDeckAction
toggle_blank (HeeyuDeckController *self,
              HeeyuDeckBlank       blank)
{
  if (self->blank == blank)
    {
      set_blank (self, HEEYU_DECK_BLANK_NONE);
      return HEEYU_DECK_ACTION_UNBLANK;
    }
  set_blank (self, blank);
  return blank == HEEYU_DECK_BLANK_BLACK ? HEEYU_DECK_ACTION_BLACK : HEEYU_DECK_ACTION_WHITE;
}

HeeyuDeckAction
heeyu_deck_controller_handle_key (HeeyuDeckController *self,
                                  guint                keyval)
{
  int digit;

  g_return_val_if_fail (HEEYU_IS_DECK_CONTROLLER (self), HEEYU_DECK_ACTION_NONE);

  /* Resuming is the one key that does not pause the auto-advance. */
  if (keyval == KEY_a || keyval == KEY_A)
    {
      set_pending (self, FALSE, 0);
      if (self->interval == 0)
        return HEEYU_DECK_ACTION_NONE;
      heeyu_deck_controller_set_paused (self, FALSE);
      return HEEYU_DECK_ACTION_RESUME;
    }
  if (self->interval > 0)
    heeyu_deck_controller_set_paused (self, TRUE);

  if ((digit = digit_of (keyval)) >= 0)
    {
      guint value = self->has_pending ? self->pending * 10 + digit : (guint) digit;

      set_pending (self, TRUE, MIN (value, MAX_PENDING));
      return HEEYU_DECK_ACTION_DIGIT;
    }

  if (self->has_pending)
    {
      guint number = self->pending;

      switch (keyval)
        {
        case KEY_Return:
        case KEY_KP_Enter:
          set_pending (self, FALSE, 0);
          set_blank (self, HEEYU_DECK_BLANK_NONE);
          /* Slides are numbered from 1 on screen; 0 means the first. */
          set_current (self, number > 0 ? number - 1 : 0);
          return HEEYU_DECK_ACTION_GOTO;

        case KEY_BackSpace:
          if (number >= 10)
            set_pending (self, TRUE, number / 10);
          else
            set_pending (self, FALSE, 0);
          return HEEYU_DECK_ACTION_DIGIT;

        case KEY_Escape:
          set_pending (self, FALSE, 0);
          return HEEYU_DECK_ACTION_NONE;

        default:
          /* Any other key forgets the number and does what it does. */
          set_pending (self, FALSE, 0);
          break;
        }
    }

  switch (keyval)
    {
    case KEY_space:
    case KEY_KP_Space:
    case KEY_Right:
    case KEY_KP_Right:
    case KEY_Down:
    case KEY_KP_Down:
    case KEY_Page_Down:
    case KEY_KP_Page_Down:
    case KEY_Return:
    case KEY_KP_Enter:
    case KEY_n:
    case KEY_N:
      return move (self, HEEYU_DECK_ACTION_NEXT);

    case KEY_Left:
    case KEY_KP_Left:
    case KEY_Up:
    case KEY_KP_Up:
    case KEY_Page_Up:
    case KEY_KP_Page_Up:
    case KEY_BackSpace:
    case KEY_p:
    case KEY_P:
      return move (self, HEEYU_DECK_ACTION_PREVIOUS);

    case KEY_Home:
    case KEY_KP_Home:
      return move (self, HEEYU_DECK_ACTION_FIRST);

    case KEY_End:
    case KEY_KP_End:
      return move (self, HEEYU_DECK_ACTION_LAST);

    case KEY_b:
    case KEY_B:
    case KEY_period:
    case KEY_KP_Decimal:
      return toggle_blank (self, HEEYU_DECK_BLANK_BLACK);

    case KEY_w:
    case KEY_W:
    case KEY_comma:
      return toggle_blank (self, HEEYU_DECK_BLANK_WHITE);

    case KEY_Escape:
      /* Ends the show from a blank screen too: one press, out. */
      g_signal_emit (self, signals[END_REQUESTED], 0);
      return HEEYU_DECK_ACTION_END;

    default:
      return HEEYU_DECK_ACTION_NONE;
    }
}

static void
heeyu_deck_controller_dispose (GObject *object)
{
  HeeyuDeckController *self = HEEYU_DECK_CONTROLLER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  G_OBJECT_CLASS (heeyu_deck_controller_parent_class)->dispose (object);
}

static void
heeyu_deck_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HeeyuDeckController *self = HEEYU_DECK_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_N_SLIDES:
      g_value_set_uint (value, self->n_slides);
      break;
    case PROP_CURRENT:
      g_value_set_uint (value, self->current);
      break;
    case PROP_BLANK:
      g_value_set_int (value, self->blank);
      break;
    case PROP_PENDING_NUMBER:
      g_value_set_uint (value, heeyu_deck_controller_get_pending_number (self));
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_deck_controller_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HeeyuDeckController *self = HEEYU_DECK_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_N_SLIDES:
      heeyu_deck_controller_set_n_slides (self, g_value_get_uint (value));
      break;
    case PROP_CURRENT:
      heeyu_deck_controller_set_current (self, g_value_get_uint (value));
      break;
    case PROP_INTERVAL:
      heeyu_deck_controller_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_LOOP:
      heeyu_deck_controller_set_loop (self, g_value_get_boolean (value));
      break;
    case PROP_PAUSED:
      heeyu_deck_controller_set_paused (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_deck_controller_class_init (HeeyuDeckControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = heeyu_deck_controller_dispose;
  object_class->get_property = heeyu_deck_controller_get_property;
  object_class->set_property = heeyu_deck_controller_set_property;

  properties[PROP_N_SLIDES] = g_param_spec_uint ("n-slides", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_CURRENT] = g_param_spec_uint ("current", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_BLANK] = g_param_spec_int ("blank", NULL, NULL, HEEYU_DECK_BLANK_NONE,
                                             HEEYU_DECK_BLANK_WHITE, HEEYU_DECK_BLANK_NONE, ro);
  properties[PROP_PENDING_NUMBER] = g_param_spec_uint ("pending-number", NULL, NULL,
                                                       0, G_MAXUINT, 0, ro);
  properties[PROP_INTERVAL] = g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_LOOP] = g_param_spec_boolean ("loop", NULL, NULL, FALSE, rw);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[END_REQUESTED] = g_signal_new ("end-requested", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
}

static void
heeyu_deck_controller_init (HeeyuDeckController *self)
{
}
