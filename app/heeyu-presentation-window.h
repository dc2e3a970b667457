/* heeyu-presentation-window.h: a deck shown full screen
 *
 * The window draws the current slide with heeyu_slide_draw() and hands
 * keys to a HeeyuDeckController (keys as in LibreOffice Impress and as
 * clickers send them; see heeyu-deck-controller.h).  It goes full screen on
 * the largest monitor other than the one the main window is on (the
 * presenter's laptop stays usable), falls back to the remaining monitor when
 * one is unplugged, keeps the screen from blanking while it is open, and
 * hides the pointer when it is still.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-application.h"
#include "heeyu-deck.h"
#include "heeyu-deck-controller.h"
#include "heeyu-deck-data.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_PRESENTATION_WINDOW (heeyu_presentation_window_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuPresentationWindow, heeyu_presentation_window, HEEYU,
                      PRESENTATION_WINDOW, GtkWindow)

/* Takes @data. */
HeeyuPresentationWindow *heeyu_presentation_window_new   (HeeyuApplication *app,
                                                          const HeeyuDeck  *deck,
                                                          HeeyuDeckData    *data);
HeeyuDeckController     *heeyu_presentation_window_get_controller (HeeyuPresentationWindow *self);
guint                    heeyu_presentation_window_get_n_slides   (HeeyuPresentationWindow *self);
/* Goes full screen on the chosen monitor and starts the show. */
void                     heeyu_presentation_window_start (HeeyuPresentationWindow *self);

/* The monitor to show on: the largest one that is not @avoid (the
 * presenter's screen); @avoid itself when it is the only one.  NULL when
 * @monitors is empty. */
GdkMonitor              *heeyu_presentation_pick_monitor (GListModel       *monitors,
                                                          GdkMonitor       *avoid);

/* Loads @deck_name (NULL or "": the last deck shown, else a first deck) and
 * the figures in a worker, then shows it.  Errors go to a toast in
 * @parent (if a HeeyuWindow) or to the log. */
void                     heeyu_presentation_start        (HeeyuApplication *app,
                                                          const char       *deck_name,
                                                          GtkWindow        *parent);

/* The deck F5 shows: the last one shown or edited, kept in the decks
 * folder. */
char                    *heeyu_presentation_get_last_deck (void);
void                     heeyu_presentation_set_last_deck (const char      *name);

G_END_DECLS
