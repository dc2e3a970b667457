/* heeyu-deck-controller.h: what a key does during a show, without GTK
 *
 * The presentation window hands every key press to
 * heeyu_deck_controller_handle_key() and redraws from the controller's
 * state; the keys are those of LibreOffice Impress and of presentation
 * clickers (which send Page Down / Page Up, sometimes B or '.'):
 *
 *   next      Space → ↓ Page Down Enter N (and the keypad's)
 *   previous  ← ↑ Page Up Backspace P
 *   first     Home           last   End
 *   jump      digits, then Enter (Esc or any other key forgets the digits)
 *   black     B or '.'       white  W or ','  (the same key again, or any
 *                            move, shows the slide again)
 *   auto      A: resume auto-advance (any other key pauses it)
 *   end       Esc
 *
 * Keyvals are X11 keysyms, the same numbers as GDK_KEY_* (the tests check
 * each against gdkkeysyms.h).
 *
 * Auto-advance: with an interval, the controller moves on every interval
 * seconds (a GLib timeout, started by heeyu_deck_controller_start()),
 * wrapping to the first slide when looping; any key but A pauses it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  HEEYU_DECK_ACTION_NONE,       /* the key means nothing here */
  HEEYU_DECK_ACTION_NEXT,
  HEEYU_DECK_ACTION_PREVIOUS,
  HEEYU_DECK_ACTION_FIRST,
  HEEYU_DECK_ACTION_LAST,
  HEEYU_DECK_ACTION_DIGIT,      /* a digit of a slide number was typed */
  HEEYU_DECK_ACTION_GOTO,       /* digits + Enter */
  HEEYU_DECK_ACTION_BLACK,
  HEEYU_DECK_ACTION_WHITE,
  HEEYU_DECK_ACTION_UNBLANK,
  HEEYU_DECK_ACTION_RESUME,     /* auto-advance resumed */
  HEEYU_DECK_ACTION_END,
} HeeyuDeckAction;

typedef enum
{
  HEEYU_DECK_BLANK_NONE,
  HEEYU_DECK_BLANK_BLACK,
  HEEYU_DECK_BLANK_WHITE,
} HeeyuDeckBlank;

#define HEEYU_TYPE_DECK_CONTROLLER (heeyu_deck_controller_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuDeckController, heeyu_deck_controller, HEEYU, DECK_CONTROLLER, GObject)

/* Properties (notified on change): "n-slides", "current" (0-based),
 * "blank", "pending-number" (digits typed so far, 0 = none), "interval"
 * (seconds, 0 = by hand), "loop", "paused".
 * Signal "end-requested": Esc was pressed. */
HeeyuDeckController *heeyu_deck_controller_new          (guint n_slides);

guint            heeyu_deck_controller_get_n_slides     (HeeyuDeckController *self);
/* Keeps the current slide when it still exists, else the last one. */
void             heeyu_deck_controller_set_n_slides     (HeeyuDeckController *self,
                                                         guint                n_slides);
guint            heeyu_deck_controller_get_current      (HeeyuDeckController *self);
void             heeyu_deck_controller_set_current      (HeeyuDeckController *self,
                                                         guint                index);
HeeyuDeckBlank   heeyu_deck_controller_get_blank        (HeeyuDeckController *self);
guint            heeyu_deck_controller_get_pending_number (HeeyuDeckController *self);

void             heeyu_deck_controller_set_interval     (HeeyuDeckController *self,
                                                         guint                seconds);
guint            heeyu_deck_controller_get_interval     (HeeyuDeckController *self);
void             heeyu_deck_controller_set_loop         (HeeyuDeckController *self,
                                                         gboolean             loop);
gboolean         heeyu_deck_controller_get_loop         (HeeyuDeckController *self);
gboolean         heeyu_deck_controller_get_paused       (HeeyuDeckController *self);
void             heeyu_deck_controller_set_paused       (HeeyuDeckController *self,
                                                         gboolean             paused);
/* TRUE while slides advance by themselves (an interval, not paused). */
gboolean         heeyu_deck_controller_is_running       (HeeyuDeckController *self);

/* Starts the auto-advance timer (if there is an interval); stop() removes
 * it.  The window starts it when the show begins. */
void             heeyu_deck_controller_start            (HeeyuDeckController *self);
void             heeyu_deck_controller_stop             (HeeyuDeckController *self);
/* One interval elapsed: what the timer calls.  Advances (wrapping when
 * looping) unless paused, blanked or at the end without loop.  Returns
 * TRUE if the slide changed. */
gboolean         heeyu_deck_controller_tick             (HeeyuDeckController *self);

gboolean         heeyu_deck_controller_next             (HeeyuDeckController *self);
gboolean         heeyu_deck_controller_previous         (HeeyuDeckController *self);

/* Applies @keyval (modifiers are the caller's business: Ctrl+key is not a
 * show key) and says what it did. */
HeeyuDeckAction  heeyu_deck_controller_handle_key       (HeeyuDeckController *self,
                                                         guint                keyval);

G_END_DECLS
