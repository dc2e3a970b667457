/* heeyu-deck.h: a presentation deck — which slides, in which order, for
 * which metals, how fast — saved as JSON in $XDG_DATA_HOME/heeyu/decks/
 *
 * A deck holds choices only, never figures: the slides are drawn from the
 * live local data each time the deck is shown or exported, so a deck made
 * last year shows this year's index.  A user keeps several ("opening
 * ceremony", "council meeting"); the file name is the deck's name.
 *
 * File format (version 1), every field optional:
 *
 *   { "version": 1, "title": "…", "subtitle": "…",
 *     "language": "auto" | "ko" | "en" | "both",
 *     "slides": ["title", "overview", "metals", "risk", "directory", "closing"],
 *     "metals": ["Ga", "REE", "Li"], "interval": 0, "loop": true }
 *
 * "metals" in "slides" stands for one slide per chosen metal.  Unknown slide
 * names and non-string metals are dropped with a note (heeyu_deck_get_notes)
 * so a deck from a newer Heeyu still opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEEYU_DECK_ERROR (heeyu_deck_error_quark ())

typedef enum
{
  HEEYU_DECK_ERROR_NAME,      /* not usable as a deck name (empty, '/', …) */
  HEEYU_DECK_ERROR_PARSE,     /* the file is not a deck */
  HEEYU_DECK_ERROR_NOT_FOUND, /* no deck of that name */
  HEEYU_DECK_ERROR_IO,
} HeeyuDeckError;

typedef enum
{
  HEEYU_SLIDE_TITLE,
  HEEYU_SLIDE_OVERVIEW,     /* every metal's band at a glance */
  HEEYU_SLIDE_METALS,       /* one slide per chosen metal */
  HEEYU_SLIDE_RISK,         /* the risk matrix */
  HEEYU_SLIDE_DIRECTORY,    /* companies by stage and region */
  HEEYU_SLIDE_CLOSING,
  HEEYU_SLIDE_N_KINDS
} HeeyuSlideKind;

typedef enum
{
  HEEYU_DECK_LANGUAGE_AUTO,   /* the app's language */
  HEEYU_DECK_LANGUAGE_KO,
  HEEYU_DECK_LANGUAGE_EN,
  HEEYU_DECK_LANGUAGE_BOTH,   /* Korean first, English beneath, for guests */
} HeeyuDeckLanguage;

#define HEEYU_DECK_MAX_INTERVAL 3600   /* seconds */

typedef struct
{
  char              *name;       /* file name without .json; may be NULL (unsaved) */
  char              *title;      /* NULL or "": the center's name */
  char              *subtitle;   /* NULL or "": a default line */
  HeeyuDeckLanguage  language;
  GArray            *slides;     /* HeeyuSlideKind, in showing order */
  GPtrArray         *metals;     /* char *, metal codes in showing order */
  guint              interval;   /* auto-advance, seconds; 0 = by hand */
  gboolean           loop;       /* auto-advance starts over after the last */
  GPtrArray         *notes;      /* char *: what loading had to drop */
} HeeyuDeck;

#define HEEYU_TYPE_DECK (heeyu_deck_get_type ())
GType        heeyu_deck_get_type        (void) G_GNUC_CONST;
GQuark       heeyu_deck_error_quark     (void);

/* A useful first deck: title, overview, the metals of @metals (may be NULL),
 * risk matrix, directory, closing; by hand, looping when automatic. */
HeeyuDeck   *heeyu_deck_new             (const char         *name);
HeeyuDeck   *heeyu_deck_copy            (const HeeyuDeck    *deck);
void         heeyu_deck_free            (HeeyuDeck          *deck);
gboolean     heeyu_deck_equal           (const HeeyuDeck    *a,
                                         const HeeyuDeck    *b);

const char  *heeyu_slide_kind_to_string (HeeyuSlideKind      kind);
gboolean     heeyu_slide_kind_from_string (const char       *name,
                                           HeeyuSlideKind   *kind);
const char  *heeyu_deck_language_to_string (HeeyuDeckLanguage language);
gboolean     heeyu_deck_language_from_string (const char      *name,
                                              HeeyuDeckLanguage *language);

gboolean     heeyu_deck_has_metal       (const HeeyuDeck    *deck,
                                         const char         *code);
void         heeyu_deck_set_metals      (HeeyuDeck          *deck,
                                         const char * const *codes);
/* What loading dropped, in words; NULL-terminated, never NULL. */
const char * const *heeyu_deck_get_notes (const HeeyuDeck   *deck);

char        *heeyu_deck_to_json         (const HeeyuDeck    *deck);
HeeyuDeck   *heeyu_deck_new_from_json   (const char         *json,
                                         gssize              length,
                                         GError            **error);

/* A deck name is a file name: not empty, at most 100 characters, valid
 * UTF-8, no '/', '\\', control characters, nor a leading '.'.  Hangul and
 * spaces are fine ("개회식", "council meeting"). */
gboolean     heeyu_deck_name_is_valid   (const char         *name);

/* $XDG_DATA_HOME/heeyu/decks */
char        *heeyu_deck_default_dir     (void);
/* Names of the decks in @dir (NULL: the default), sorted; never NULL. */
char       **heeyu_deck_list            (const char         *dir,
                                         GError            **error);
/* Writes DIR/NAME.json whole or not at all (creating DIR). */
gboolean     heeyu_deck_save            (const HeeyuDeck    *deck,
                                         const char         *dir,
                                         GError            **error);
HeeyuDeck   *heeyu_deck_load            (const char         *dir,
                                         const char         *name,
                                         GError            **error);
gboolean     heeyu_deck_delete          (const char         *dir,
                                         const char         *name,
                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuDeck, heeyu_deck_free)

G_END_DECLS
