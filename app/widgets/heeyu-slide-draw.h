/* heeyu-slide-draw.h: the slides of a deck, drawn with cairo and Pango
 *
 * One drawing function per slide kind, behind one entry point,
 * heeyu_slide_draw(), which the presentation window calls from snapshot()
 * and heeyu_slides_export_pdf() calls on each PDF page: what is exported is
 * what was shown.  No GTK here, so the headless `heeyu --export-deck` and
 * the tests draw slides without a display.
 *
 * Slides are laid out for far viewing at any size: every text is at least
 * 1/30 of the slide's height, colours are high contrast and the band of a
 * metal is written as well as coloured.  Layout is in units of 1/100 of the
 * height; the width is whatever the screen gives (4:3 to 16:9 fill it,
 * wider screens get a centred 16:9 area).  The drawing reports every text
 * and chart box it placed, so tests can check nothing is clipped or
 * overlaps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "heeyu-deck.h"
#include "heeyu-deck-data.h"

G_BEGIN_DECLS

typedef struct
{
  HeeyuSlideKind  kind;
  char           *metal;      /* HEEYU_SLIDE_METALS: the metal's code */
} HeeyuSlide;

void        heeyu_slide_free            (HeeyuSlide *slide);

/* The slides a deck shows from @data, in order: the "metals" entry becomes
 * one slide per chosen metal that @data has.  Codes of chosen metals that
 * @data lacks go to @missing (NULL-terminated, may be NULL).  A deck with no
 * slides gets a title and a closing slide, so a show always has something
 * to show.  GPtrArray of HeeyuSlide. */
GPtrArray  *heeyu_slides_build          (const HeeyuDeck  *deck,
                                         HeeyuDeckData    *data,
                                         char           ***missing);

typedef struct
{
  HeeyuDeckLanguage  language;   /* KO, EN or BOTH; AUTO counts as EN */
  const char        *date;       /* "YYYY-MM-DD" on the title slide; NULL: today */
} HeeyuSlideOptions;

/* What the drawing placed, in the surface's coordinates. */
typedef struct
{
  double    x, y, width, height;
  double    font_px;    /* text: its font's pixel size; 0 for a chart or tile */
  gboolean  is_text;
  char     *text;       /* text: what it says; chart: its title */
} HeeyuSlideBox;

/* An array for heeyu_slide_draw()'s @boxes: element HeeyuSlideBox, cleared
 * (text freed) with the array. */
GArray     *heeyu_slide_boxes_new       (void);

/* The language a deck is shown in: AUTO follows @prefers_korean. */
HeeyuDeckLanguage heeyu_slide_resolve_language (HeeyuDeckLanguage language,
                                                gboolean          prefers_korean);

/* The slide's words (title text, for the PDF outline and tests). */
char       *heeyu_slide_get_title       (const HeeyuSlide        *slide,
                                         const HeeyuDeck         *deck,
                                         HeeyuDeckData           *data,
                                         const HeeyuSlideOptions *options);

/* Paints @slide over the whole @width × @height area (background too).
 * @boxes (may be NULL) receives what was placed. */
void        heeyu_slide_draw            (const HeeyuSlide        *slide,
                                         const HeeyuDeck         *deck,
                                         HeeyuDeckData           *data,
                                         const HeeyuSlideOptions *options,
                                         cairo_t                 *cr,
                                         int                      width,
                                         int                      height,
                                         GArray                  *boxes);

/* One page per slide, 16:9 (960 × 540 pt, as presentation programs make
 * them), vector text and charts with the fonts embedded; written whole or
 * not at all. */
gboolean    heeyu_slides_export_pdf     (GPtrArray               *slides,
                                         const HeeyuDeck         *deck,
                                         HeeyuDeckData           *data,
                                         const HeeyuSlideOptions *options,
                                         const char              *path,
                                         GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuSlide, heeyu_slide_free)

G_END_DECLS
