/* heeyu-slide-draw-private.h: the drawing context and helpers that
 * heeyu-slide-draw.c shares with the file of each slide kind
 *
 * Units: u = 1/100 of the height.  Every text is at least TEXT_MIN u tall
 * (the floor is 1/30 of the screen, 3.33 u), so the smallest size
 * here is 3.5 u.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "heeyu-chart-draw.h"
#include "heeyu-slide-draw.h"
#include "heeyu-slide-private.h"

G_BEGIN_DECLS

/* NanumBarunGothic first: NanumSquare draws Hanja (중(中)) as blanks. */
#define FONT       "NanumBarunGothic, NanumGothic, Cantarell, DejaVu Sans, sans-serif"
#define TEXT_MIN   3.5     /* u: the smallest text on a slide */
#define TEXT_BODY  4.0
#define TEXT_H2    4.4
#define TEXT_H1    6.6
#define MARGIN     6.0     /* u: left and right */
#define GAP        2.0

typedef struct _HeeyuSlideCtx
{
  cairo_t                 *cr;
  PangoContext            *pango;
  GArray                  *boxes;
  const HeeyuDeck         *deck;
  HeeyuDeckData           *data;
  const HeeyuSlideOptions *options;
  HeeyuDeckLanguage        lang;
  double                   u;        /* px per unit */
  double                   x0, y0;   /* the slide area's origin, px */
  double                   W, H;     /* the slide area, in units */
  HeeyuColor               bg, fg, muted, accent, rule, event;
} Ctx;

static inline HeeyuColor
hex (guint32 v)
{
  return (HeeyuColor) { ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0,
                        (v & 0xff) / 255.0, 1.0 };
}

static inline gboolean
korean (const Ctx *c)
{
  return c->lang != HEEYU_DECK_LANGUAGE_EN;
}

/* The text in the slide's main language. */
static inline const char *
L (const Ctx  *c,
   const char *ko,
   const char *en)
{
  return korean (c) ? ko : en;
}

/* Text, in units; heeyu_slide_put() and heeyu_slide_put_text() record a box
 * per text for the layout tests and return the height drawn. */
PangoLayout *heeyu_slide_text_new    (Ctx              *c,
                                      const char       *text,
                                      double            size,
                                      gboolean          bold,
                                      double            max_w,
                                      int               max_lines);
void         heeyu_slide_text_size   (Ctx              *c,
                                      PangoLayout      *layout,
                                      double           *w,
                                      double           *h);
double       heeyu_slide_text_width  (Ctx              *c,
                                      const char       *text,
                                      double            size,
                                      gboolean          bold);
double       heeyu_slide_put         (Ctx              *c,
                                      PangoLayout      *layout,
                                      double            x,
                                      double            y,
                                      double            xalign,
                                      const HeeyuColor *color);
double       heeyu_slide_put_text    (Ctx              *c,
                                      const char       *text,
                                      double            size,
                                      gboolean          bold,
                                      double            x,
                                      double            y,
                                      double            max_w,
                                      int               max_lines,
                                      double            xalign,
                                      const HeeyuColor *color);
void         heeyu_slide_fill_rect   (Ctx              *c,
                                      double            x,
                                      double            y,
                                      double            w,
                                      double            h,
                                      double            radius,
                                      const HeeyuColor *color);

/* Words. */
char        *heeyu_slide_format_today    (Ctx        *c,
                                          gboolean    want_korean);
char        *heeyu_slide_data_as_of_line (Ctx        *c,
                                          gboolean    want_korean);
const char  *heeyu_slide_deck_title      (Ctx        *c);
char        *heeyu_slide_deck_subtitle   (Ctx        *c);

/* Bands. */
void         heeyu_slide_band_colors      (const char             *code,
                                           HeeyuColor             *fill,
                                           HeeyuColor             *text);
const char  *heeyu_slide_result_band_code (const HeeyuIndexResult *r);
const char  *heeyu_slide_band_name        (Ctx                    *c,
                                           const char             *code,
                                           gboolean                want_korean);
char        *heeyu_slide_band_short_name  (Ctx                    *c,
                                           const char             *code);

/* Chrome. */
double       heeyu_slide_heading     (Ctx            *c,
                                      const char     *ko,
                                      const char     *en);
double       heeyu_slide_footer      (Ctx            *c);
void         heeyu_slide_draw_chart  (Ctx            *c,
                                      HeeyuChartSpec *spec,
                                      double          x,
                                      double          y,
                                      double          w,
                                      double          h);

/* One function per slide kind, each in heeyu-slide-draw-<kind>.c. */
void         heeyu_slide_draw_title     (Ctx        *c);
void         heeyu_slide_draw_closing   (Ctx        *c);
void         heeyu_slide_draw_overview  (Ctx        *c);
void         heeyu_slide_draw_metal     (Ctx        *c,
                                         const char *code);
void         heeyu_slide_draw_risk      (Ctx        *c);
void         heeyu_slide_draw_directory (Ctx        *c);

G_END_DECLS
