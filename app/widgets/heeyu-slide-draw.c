/* heeyu-slide-draw.c: one cairo function per slide kind
 *
 * Units: u = 1/100 of the height.  Every text is at least TEXT_MIN u tall
 * (the floor is 1/30 of the screen, 3.33 u), so the smallest size
 * here is 3.5 u.  Charts come from the chart layer (heeyu_chart_draw) with
 * a font scaled so that their smallest text (0.85 of the body) stays above
 * the floor too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "heeyu-chart-draw.h"
#include "heeyu-slide-draw.h"
#include "heeyu-slide-private.h"

/* NanumBarunGothic first: NanumSquare draws Hanja (중(中)) as blanks. */
#define FONT       "NanumBarunGothic, NanumGothic, Cantarell, DejaVu Sans, sans-serif"
#define TEXT_MIN   3.5     /* u: the smallest text on a slide */
#define TEXT_BODY  4.0
#define TEXT_H2    4.4
#define TEXT_H1    6.6
#define MARGIN     6.0     /* u: left and right */
#define GAP        2.0

/* ---- Slides of a deck ------------------------------------------------------ */

void
heeyu_slide_free (HeeyuSlide *slide)
{
  if (slide == NULL)
    return;
  g_free (slide->metal);
  g_free (slide);
}

static void
add_slide (GPtrArray      *slides,
           HeeyuSlideKind  kind,
           const char     *metal)
{
  HeeyuSlide *s = g_new0 (HeeyuSlide, 1);

  s->kind = kind;
  s->metal = g_strdup (metal);
  g_ptr_array_add (slides, s);
}

GPtrArray *
heeyu_slides_build (const HeeyuDeck   *deck,
                    HeeyuDeckData     *data,
                    char            ***missing)
{
  GPtrArray *slides = g_ptr_array_new_with_free_func ((GDestroyNotify) heeyu_slide_free);
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (deck != NULL, slides);

  for (guint i = 0; i < deck->metals->len; i++)
    if (data == NULL || heeyu_deck_data_lookup_metal (data, deck->metals->pdata[i]) == NULL)
      g_ptr_array_add (lost, g_strdup (deck->metals->pdata[i]));

  for (guint i = 0; i < deck->slides->len; i++)
    {
      HeeyuSlideKind kind = g_array_index (deck->slides, HeeyuSlideKind, i);

      if (kind != HEEYU_SLIDE_METALS)
        {
          add_slide (slides, kind, NULL);
          continue;
        }
      for (guint j = 0; j < deck->metals->len; j++)
        if (data != NULL && heeyu_deck_data_lookup_metal (data, deck->metals->pdata[j]))
          add_slide (slides, kind, deck->metals->pdata[j]);
    }

  if (slides->len == 0)
    {
      add_slide (slides, HEEYU_SLIDE_TITLE, NULL);
      add_slide (slides, HEEYU_SLIDE_CLOSING, NULL);
    }

  if (missing)
    {
      g_ptr_array_add (lost, NULL);
      *missing = (char **) g_ptr_array_free (g_steal_pointer (&lost), FALSE);
    }
  return slides;
}

static void
box_clear (HeeyuSlideBox *box)
{
  g_free (box->text);
}

GArray *
heeyu_slide_boxes_new (void)
{
  GArray *boxes = g_array_new (FALSE, TRUE, sizeof (HeeyuSlideBox));

  g_array_set_clear_func (boxes, (GDestroyNotify) box_clear);
  return boxes;
}

HeeyuDeckLanguage
heeyu_slide_resolve_language (HeeyuDeckLanguage language,
                              gboolean          prefers_korean)
{
  if (language == HEEYU_DECK_LANGUAGE_AUTO)
    return prefers_korean ? HEEYU_DECK_LANGUAGE_KO : HEEYU_DECK_LANGUAGE_EN;
  return language;
}

/* ---- Drawing context ------------------------------------------------------- */

typedef struct
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

static HeeyuColor
hex (guint32 v)
{
  return (HeeyuColor) { ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0,
                        (v & 0xff) / 255.0, 1.0 };
}

static void
set_color (cairo_t          *cr,
           const HeeyuColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

static gboolean
korean (const Ctx *c)
{
  return c->lang != HEEYU_DECK_LANGUAGE_EN;
}

/* The text in the slide's main language. */
static const char *
L (const Ctx  *c,
   const char *ko,
   const char *en)
{
  return korean (c) ? ko : en;
}

/* Units to device pixels. */
static double
X (const Ctx *c,
   double     x)
{
  return c->x0 + x * c->u;
}

static double
Y (const Ctx *c,
   double     y)
{
  return c->y0 + y * c->u;
}

static PangoLayout *
text_new (Ctx        *c,
          const char *text,
          double      size,
          gboolean    bold,
          double      max_w,
          int         max_lines)
{
  PangoLayout *layout = pango_layout_new (c->pango);
  PangoFontDescription *desc = pango_font_description_from_string (FONT);

  pango_font_description_set_absolute_size (desc, size * c->u * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text ? text : "", -1);
  g_object_set_data (G_OBJECT (layout), "heeyu-size", GINT_TO_POINTER ((int) (size * 1000)));

  /* Long names are ellipsized or wrapped, never run off the slide. */
  if (max_w > 0)
    {
      pango_layout_set_width (layout, (int) (max_w * c->u * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      if (max_lines > 1)
        {
          pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
          pango_layout_set_height (layout, -max_lines);
        }
    }
  return layout;
}

/* Logical size in units. */
static void
text_size (Ctx         *c,
           PangoLayout *layout,
           double      *w,
           double      *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (w)
    *w = (double) logical.width / PANGO_SCALE / c->u;
  if (h)
    *h = (double) logical.height / PANGO_SCALE / c->u;
}

static double
text_width (Ctx        *c,
            const char *text,
            double      size,
            gboolean    bold)
{
  g_autoptr(PangoLayout) l = text_new (c, text, size, bold, -1, 1);
  double w;

  text_size (c, l, &w, NULL);
  return w;
}

static void
record (Ctx        *c,
        double      x,
        double      y,
        double      w,
        double      h,
        double      font_px,
        gboolean    is_text,
        const char *text)
{
  HeeyuSlideBox box = { X (c, x), Y (c, y), w * c->u, h * c->u, font_px, is_text,
                        g_strdup (text) };

  if (c->boxes)
    g_array_append_val (c->boxes, box);
  else
    g_free (box.text);
}

/* Draws @layout with its logical box's top left at (x, y) minus @xalign of
 * its width; returns the height, in units.  Takes the layout. */
static double
put (Ctx              *c,
     PangoLayout      *layout,
     double            x,
     double            y,
     double            xalign,
     const HeeyuColor *color)
{
  PangoRectangle logical;
  double w, h, size = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (layout), "heeyu-size")) / 1000.0;
  g_autofree char *shown = NULL;

  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE / c->u;
  h = (double) logical.height / PANGO_SCALE / c->u;
  x -= xalign * w;

  set_color (c->cr, color);
  cairo_move_to (c->cr, X (c, x) - (double) logical.x / PANGO_SCALE, Y (c, y));
  pango_cairo_show_layout (c->cr, layout);

  /* What a reader sees, ellipsis included, for the tests' records. */
  shown = g_strdup (pango_layout_get_text (layout));
  record (c, x, y, w, h, size * c->u, TRUE, shown);
  g_object_unref (layout);
  return h;
}

static double
put_text (Ctx              *c,
          const char       *text,
          double            size,
          gboolean          bold,
          double            x,
          double            y,
          double            max_w,
          int               max_lines,
          double            xalign,
          const HeeyuColor *color)
{
  return put (c, text_new (c, text, size, bold, max_w, max_lines), x, y, xalign, color);
}

static void
fill_rect (Ctx              *c,
           double            x,
           double            y,
           double            w,
           double            h,
           double            radius,
           const HeeyuColor *color)
{
  double r = MIN (radius, MIN (w, h) / 2) * c->u;
  double x0 = X (c, x), y0 = Y (c, y), x1 = X (c, x + w), y1 = Y (c, y + h);

  cairo_new_sub_path (c->cr);
  cairo_arc (c->cr, x1 - r, y0 + r, r, -G_PI / 2, 0);
  cairo_arc (c->cr, x1 - r, y1 - r, r, 0, G_PI / 2);
  cairo_arc (c->cr, x0 + r, y1 - r, r, G_PI / 2, G_PI);
  cairo_arc (c->cr, x0 + r, y0 + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (c->cr);
  set_color (c->cr, color);
  cairo_fill (c->cr);
}

/* ---- Words ----------------------------------------------------------------- */

static const char *months_en[] = {
  "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December",
};

/* "2023-12" → "2023년 12월" / "December 2023"; a year stays a year. */
static char *
format_as_of (Ctx        *c,
              const char *as_of,
              gboolean    want_korean)
{
  int y = 0, m = 0, d = 0, n;

  if (as_of == NULL)
    return g_strdup (want_korean ? "자료 없음" : "no data");
  n = sscanf (as_of, "%d-%d-%d", &y, &m, &d);
  if (n >= 2 && m >= 1 && m <= 12)
    {
      if (n == 3)
        return want_korean ? g_strdup_printf ("%d년 %d월 %d일", y, m, d)
                           : g_strdup_printf ("%d %s %d", d, months_en[m - 1], y);
      return want_korean ? g_strdup_printf ("%d년 %d월", y, m)
                         : g_strdup_printf ("%s %d", months_en[m - 1], y);
    }
  return g_strdup (as_of);
}

static char *
format_today (Ctx      *c,
              gboolean  want_korean)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *iso = g_date_time_format (now, "%Y-%m-%d");

  return format_as_of (c, c->options->date ? c->options->date : iso, want_korean);
}

static char *
data_as_of_line (Ctx      *c,
                 gboolean  want_korean)
{
  g_autofree char *when = format_as_of (c, c->data ? heeyu_deck_data_get_as_of (c->data) : NULL,
                                        want_korean);

  if (c->data && heeyu_deck_data_is_sample (c->data))
    return want_korean ? g_strdup_printf ("자료 기준 %s · 표본 자료 (일부 합성 수치)", when)
                       : g_strdup_printf ("Data as of %s · sample data (some figures synthetic)", when);
  return want_korean ? g_strdup_printf ("자료 기준 %s", when)
                     : g_strdup_printf ("Data as of %s", when);
}

static const char *
deck_title (Ctx *c)
{
  if (c->deck->title && *c->deck->title)
    return c->deck->title;
  return L (c, "국가희유금속센터", "National Rare Metals Center");
}

static char *
deck_subtitle (Ctx *c)
{
  if (c->deck->subtitle && *c->deck->subtitle)
    return g_strdup (c->deck->subtitle);
  if (c->lang == HEEYU_DECK_LANGUAGE_BOTH)
    return g_strdup (c->deck->title && *c->deck->title
                     ? "Supply stability of rare metals"
                     : "National Rare Metals Center · Supply stability of rare metals");
  return g_strdup (L (c, "희유금속 수급 안정 현황", "Supply stability of rare metals"));
}

/* ---- Bands ----------------------------------------------------------------- */

typedef struct
{
  const char *code;
  guint32     fill;
  guint32     text;
} BandColor;

/* Dark enough for white text (≥ 4.5:1) but the yellow, which takes black;
 * red to blue in the order of the bands, the name written on every one. */
static const BandColor band_colors[] = {
  { "crisis", 0x7a0b14, 0xffffff },
  { "unstable", 0xc01c28, 0xffffff },
  { "caution", 0xf6d32d, 0x000000 },
  { "stable", 0x1c7a47, 0xffffff },
  { "oversupply", 0x1a5fb4, 0xffffff },
};

static void
band_colors_for (const char *code,
                 HeeyuColor *fill,
                 HeeyuColor *text)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (band_colors); i++)
    if (g_str_equal (band_colors[i].code, code))
      {
        *fill = hex (band_colors[i].fill);
        *text = hex (band_colors[i].text);
        return;
      }
  *fill = hex (0xdeddda);
  *text = hex (0x000000);
}

/* The band shown for a metal: crisis while an event is in force. */
static const char *
result_band_code (const HeeyuIndexResult *r)
{
  if (r == NULL)
    return NULL;
  if (r->crisis)
    return "crisis";
  return r->has_index ? r->band_code : NULL;
}

static const char *
band_name (Ctx        *c,
           const char *code,
           gboolean    want_korean)
{
  const HeeyuMethodology *m = c->data ? heeyu_deck_data_get_methodology (c->data) : NULL;
  const HeeyuIndexBand *band = m && code ? heeyu_methodology_get_band (m, code) : NULL;

  if (band == NULL)
    return want_korean ? "자료 없음" : "No data";
  return want_korean ? band->name_ko : band->name_en;
}

/* The tile's label: Korean band names are "수급" + two syllables, the two
 * syllables say it; English ones are single words. */
static char *
band_short_name (Ctx        *c,
                 const char *code)
{
  const char *name = band_name (c, code, korean (c));

  if (korean (c) && g_utf8_strlen (name, -1) == 4 && code != NULL)
    return g_utf8_substring (name, 2, 4);
  return g_strdup (name);
}

/* ---- Chrome ---------------------------------------------------------------- */

/* The slide's heading (and its English line in BOTH); returns where the
 * content may start. */
static double
heading (Ctx        *c,
         const char *ko,
         const char *en)
{
  double y = 5.0, w = c->W - 2 * MARGIN;

  y += put_text (c, L (c, ko, en), TEXT_H1, TRUE, MARGIN, y, w, 1, 0, &c->fg);
  if (c->lang == HEEYU_DECK_LANGUAGE_BOTH)
    y += put_text (c, en, TEXT_BODY, FALSE, MARGIN, y, w, 1, 0, &c->muted);
  y += 1.2;
  fill_rect (c, MARGIN, y, 14, 0.8, 0, &c->accent);
  return y + 0.8 + GAP;
}

/* "Data as of" at the bottom left; the right end is left to the window's
 * slide counter.  Returns the top of the footer. */
static double
footer (Ctx *c)
{
  g_autofree char *line = data_as_of_line (c, korean (c));
  PangoLayout *l = text_new (c, line, TEXT_MIN, FALSE, (c->W - 2 * MARGIN) * 0.78, 1);
  double h, top;

  text_size (c, l, NULL, &h);
  top = c->H - 2.5 - h;
  put (c, l, MARGIN, top, 0, &c->muted);
  return top;
}

static void
chart_style (Ctx             *c,
             HeeyuChartStyle *style)
{
  heeyu_chart_style_init (style, FALSE);
  style->draw_background = FALSE;
  style->foreground = c->fg;
  style->muted = c->muted;
  style->axis = hex (0x5e5c64);
  style->grid = hex (0xd0cfcc);
  g_strlcpy (style->font_family, FONT, sizeof style->font_family);
  /* The chart's smallest text is 0.85 of its font. */
  style->font_size = TEXT_MIN / 0.85 * c->u;
}

static void
draw_chart (Ctx            *c,
            HeeyuChartSpec *spec,
            double          x,
            double          y,
            double          w,
            double          h)
{
  HeeyuChartStyle style;

  if (w <= 0 || h <= 0)
    return;
  chart_style (c, &style);
  cairo_save (c->cr);
  cairo_translate (c->cr, round (X (c, x)), round (Y (c, y)));
  heeyu_chart_draw (spec, c->cr, (int) (w * c->u), (int) (h * c->u), &style);
  cairo_restore (c->cr);
  record (c, x, y, w, h, style.font_size, FALSE, heeyu_chart_spec_get_title (spec));
}

/* ---- Title and closing ----------------------------------------------------- */

static void
draw_title (Ctx *c)
{
  double w = c->W - 2 * MARGIN, y, h_title, h_sub;
  g_autofree char *sub = deck_subtitle (c);
  g_autofree char *today = format_today (c, korean (c));
  g_autofree char *as_of = data_as_of_line (c, korean (c));
  PangoLayout *title = text_new (c, deck_title (c), 9.0, TRUE, w, 2);
  PangoLayout *subtitle = text_new (c, sub, 5.2, FALSE, w, 2);

  fill_rect (c, 0, 0, c->W, 2.2, 0, &c->accent);

  text_size (c, title, NULL, &h_title);
  text_size (c, subtitle, NULL, &h_sub);
  y = MAX (12.0, 46.0 - h_title - h_sub);
  y += put (c, title, MARGIN, y, 0, &c->fg);
  y += 1.5;
  y += put (c, subtitle, MARGIN, y, 0, &c->muted);
  y += 3.0;
  fill_rect (c, MARGIN, y, 24, 1.0, 0, &c->accent);
  y += 1.0 + 5.0;

  y += put_text (c, today, TEXT_H2, TRUE, MARGIN, y, w, 1, 0, &c->fg) + 1.0;
  y += put_text (c, as_of, TEXT_BODY, FALSE, MARGIN, y, w, 2, 0, &c->fg) + 0.6;
  if (c->lang == HEEYU_DECK_LANGUAGE_BOTH)
    {
      g_autofree char *as_of_en = data_as_of_line (c, FALSE);
      put_text (c, as_of_en, TEXT_MIN, FALSE, MARGIN, y, w, 2, 0, &c->muted);
    }
}

static void
draw_closing (Ctx *c)
{
  double w = c->W - 2 * MARGIN, y = 30.0;
  g_autofree char *as_of = data_as_of_line (c, korean (c));

  fill_rect (c, 0, 0, c->W, 2.2, 0, &c->accent);
  y += put_text (c, L (c, "감사합니다", "Thank you"), 12.0, TRUE, c->W / 2, y, w, 1, 0.5, &c->fg);
  if (c->lang == HEEYU_DECK_LANGUAGE_BOTH)
    y += put_text (c, "Thank you", 6.0, FALSE, c->W / 2, y, w, 1, 0.5, &c->muted);
  y += 4.0;
  fill_rect (c, c->W / 2 - 12, y, 24, 1.0, 0, &c->accent);
  y += 1.0 + 4.0;
  y += put_text (c, deck_title (c), 5.6, TRUE, c->W / 2, y, w, 2, 0.5, &c->fg) + 1.5;
  put_text (c, as_of, TEXT_BODY, FALSE, c->W / 2, y, w, 2, 0.5, &c->muted);
}

/* ---- Overview: every metal's band ------------------------------------------ */

static void
draw_overview (Ctx *c)
{
  guint n = c->data ? heeyu_deck_data_get_n_metals (c->data) : 0;
  double top = heading (c, "희유금속 수급 안정 현황", "Supply stability of every metal");
  double bottom = footer (c) - GAP, legend_h, avail_w = c->W - 2 * MARGIN, gap = 1.0;
  const HeeyuMethodology *m = c->data ? heeyu_deck_data_get_methodology (c->data) : NULL;
  double sym_size = 4.8, label_size = TEXT_MIN, widest_sym = 0, widest_label = 0;
  double line_sym, line_label, tile_w = 0, tile_h = 0;
  guint cols = 0;
  gboolean stacked = TRUE, fits = FALSE;
  g_autoptr(GPtrArray) legend = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) legend_codes = g_ptr_array_new ();

  if (n == 0)
    {
      put_text (c, L (c, "표시할 금속 자료가 없습니다.", "There are no metals to show."),
                TEXT_H2, FALSE, MARGIN, top + 10, avail_w, 2, 0, &c->fg);
      return;
    }

  /* Legend first (bottom up): every band, crisis first, with both names in
   * BOTH, then "no data" if a metal has no index. */
  for (guint i = 0; m != NULL && i < m->n_bands; i++)
    {
      const HeeyuIndexBand *band = &m->bands[m->n_bands - 1 - i];
      g_ptr_array_add (legend_codes, band->code);
    }
  /* Crisis is not a range band in every methodology: make sure it shows. */
  if (m != NULL && heeyu_methodology_get_band (m, "crisis") == NULL)
    g_ptr_array_add (legend_codes, (gpointer) "crisis");
  {
    gboolean any_missing = FALSE;
    for (guint i = 0; i < n; i++)
      if (result_band_code (heeyu_deck_data_get_metal (c->data, i)->result) == NULL)
        any_missing = TRUE;
    if (any_missing)
      g_ptr_array_add (legend_codes, NULL);
  }
  /* Lowest (crisis) first: order by band min ascending as the index reads. */
  {
    g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
    for (guint i = legend_codes->len; i > 0; i--)
      g_ptr_array_add (ordered, legend_codes->pdata[i - 1]);
    g_ptr_array_set_size (legend_codes, 0);
    for (guint i = 0; i < ordered->len; i++)
      g_ptr_array_add (legend_codes, ordered->pdata[i]);
  }
  for (guint i = 0; i < legend_codes->len; i++)
    {
      const char *code = legend_codes->pdata[i];
      if (c->lang == HEEYU_DECK_LANGUAGE_BOTH)
        g_ptr_array_add (legend, g_strdup_printf ("%s %s", band_name (c, code, TRUE),
                                                  band_name (c, code, FALSE)));
      else
        g_ptr_array_add (legend, g_strdup (band_name (c, code, korean (c))));
    }

  /* Lay the legend out in rows of swatch + name. */
  {
    double x = MARGIN, row_h, sw = 3.2, lh;
    guint rows = 1;
    g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) row_of = g_array_new (FALSE, FALSE, sizeof (guint));

    {
      g_autoptr(PangoLayout) probe = text_new (c, "Ag한", TEXT_MIN, FALSE, -1, 1);
      text_size (c, probe, NULL, &lh);
    }
    row_h = MAX (lh, sw) + 0.8;
    for (guint i = 0; i < legend->len; i++)
      {
        double item_w = sw + 1.0 + text_width (c, legend->pdata[i], TEXT_MIN, FALSE) + 3.0;
        if (x + item_w > MARGIN + avail_w && x > MARGIN)
          {
            rows++;
            x = MARGIN;
          }
        g_array_append_val (xs, x);
        g_array_append_val (row_of, rows);
        x += item_w;
      }
    legend_h = rows * row_h;
    bottom -= legend_h;
    for (guint i = 0; i < legend->len; i++)
      {
        HeeyuColor fill, ink;
        double lx = g_array_index (xs, double, i);
        double ly = bottom + (g_array_index (row_of, guint, i) - 1) * row_h + 0.4;

        band_colors_for (legend_codes->pdata[i], &fill, &ink);
        fill_rect (c, lx, ly + (lh - sw) / 2, sw, sw, 0.5, &fill);
        put_text (c, legend->pdata[i], TEXT_MIN, FALSE, lx + sw + 1.0, ly, -1, 1, 0, &c->fg);
      }
    bottom -= GAP;
  }

  /* The tiles: as large as the space allows, symbol over band name, or side
   * by side when that needs fewer rows. */
  /* Smaller symbols before giving up: a 4:3 screen has less room. */
  for (sym_size = 4.8; sym_size >= TEXT_MIN - 0.01 && !fits; sym_size -= 0.4)
  {
  widest_sym = widest_label = 0;
  for (guint i = 0; i < n; i++)
    {
      const HeeyuDeckMetal *metal = heeyu_deck_data_get_metal (c->data, i);
      g_autofree char *label = band_short_name (c, result_band_code (metal->result));

      widest_sym = MAX (widest_sym, text_width (c, metal->code, sym_size, TRUE));
      widest_label = MAX (widest_label, text_width (c, label, label_size, FALSE));
    }
  {
    g_autoptr(PangoLayout) a = text_new (c, "Ag한", sym_size, TRUE, -1, 1);
    g_autoptr(PangoLayout) b = text_new (c, "Ag한", label_size, FALSE, -1, 1);
    text_size (c, a, NULL, &line_sym);
    text_size (c, b, NULL, &line_label);
  }
  for (cols = 4; cols <= 16 && !fits; cols++)
    {
      guint rows = (n + cols - 1) / cols;
      double tw = (avail_w - (cols - 1) * gap) / cols;
      double h_stacked = line_sym + line_label + 1.2;
      double h_side = MAX (line_sym, line_label) + 1.2;

      if (widest_sym + widest_label + 3.0 <= tw && rows * h_side + (rows - 1) * gap <= top - top + (bottom - top))
        {
          stacked = FALSE;
          tile_w = tw;
          tile_h = MIN ((bottom - top - (rows - 1) * gap) / rows, h_stacked + 2);
          if (tile_h >= h_stacked)
            stacked = TRUE;
          fits = TRUE;
        }
      else if (MAX (widest_sym, widest_label) + 1.5 <= tw
               && rows * h_stacked + (rows - 1) * gap <= bottom - top)
        {
          stacked = TRUE;
          tile_w = tw;
          tile_h = MIN ((bottom - top - (rows - 1) * gap) / rows, h_stacked + 3);
          fits = TRUE;
        }
    }
  }
  /* The loops stepped once past what fitted. */
  sym_size += 0.4;
  if (!fits)
    {
      put_text (c, L (c, "금속이 너무 많아 한 화면에 담을 수 없습니다.",
                      "Too many metals to show on one slide."),
                TEXT_H2, FALSE, MARGIN, top + 10, avail_w, 2, 0, &c->fg);
      return;
    }
  cols--;

  for (guint i = 0; i < n; i++)
    {
      const HeeyuDeckMetal *metal = heeyu_deck_data_get_metal (c->data, i);
      const char *code = result_band_code (metal->result);
      g_autofree char *label = band_short_name (c, code);
      double tx = MARGIN + (i % cols) * (tile_w + gap);
      double ty = top + (i / cols) * (tile_h + gap);
      HeeyuColor fill, ink;

      band_colors_for (code, &fill, &ink);
      fill_rect (c, tx, ty, tile_w, tile_h, 0.8, &fill);
      if (stacked)
        {
          double y = ty + (tile_h - line_sym - line_label) / 2;
          put_text (c, metal->code, sym_size, TRUE, tx + tile_w / 2, y, -1, 1, 0.5, &ink);
          put_text (c, label, label_size, FALSE, tx + tile_w / 2, y + line_sym, -1, 1, 0.5, &ink);
        }
      else
        {
          put_text (c, metal->code, sym_size, TRUE, tx + 1.0, ty + (tile_h - line_sym) / 2,
                    -1, 1, 0, &ink);
          put_text (c, label, label_size, FALSE, tx + tile_w - 1.0,
                    ty + (tile_h - line_label) / 2, -1, 1, 1.0, &ink);
        }
    }
}

/* ---- One metal ------------------------------------------------------------- */

static char *
metal_title (Ctx                  *c,
             const HeeyuDeckMetal *m,
             gboolean              want_korean)
{
  return g_strdup_printf ("%s (%s)", want_korean ? m->name_ko : m->name_en, m->code);
}

static void
draw_metal (Ctx        *c,
            const char *code)
{
  const HeeyuDeckMetal *m = c->data ? heeyu_deck_data_lookup_metal (c->data, code) : NULL;
  const HeeyuIndexResult *r;
  g_autofree char *t_ko = NULL, *t_en = NULL;
  double top, bottom, left_w, right_x, right_w, y, w;
  const char *band;
  HeeyuColor fill, ink;

  if (m == NULL)
    {
      top = heading (c, code, code);
      footer (c);
      put_text (c, L (c, "이 금속의 자료가 없습니다.", "There is no data for this metal."),
                TEXT_H2, FALSE, MARGIN, top + 10, c->W - 2 * MARGIN, 2, 0, &c->fg);
      return;
    }
  r = m->result;
  t_ko = metal_title (c, m, TRUE);
  t_en = metal_title (c, m, FALSE);
  top = heading (c, t_ko, t_en);
  bottom = footer (c) - GAP;

  left_w = (c->W - 2 * MARGIN) * 0.37;
  right_x = MARGIN + left_w + 3.0;
  right_w = c->W - MARGIN - right_x;

  /* Left: the index, its band in words, the components, the events. */
  y = top;
  w = left_w;
  {
    g_autofree char *value = r->has_index ? g_strdup_printf ("%.1f", r->index) : g_strdup ("—");
    double vh, vw;
    PangoLayout *l = text_new (c, value, 13.0, TRUE, -1, 1);

    text_size (c, l, &vw, &vh);
    put (c, l, MARGIN, y, 0, &c->fg);
    put_text (c, L (c, "수급안정화지수", "Stability index"), TEXT_MIN, FALSE,
              MARGIN + vw + 1.5, y + vh * 0.30, w - vw - 1.5, 1, 0, &c->muted);
    put_text (c, L (c, "0–100, 낮을수록 불안", "0–100, low = tight"), TEXT_MIN, FALSE,
              MARGIN + vw + 1.5, y + vh * 0.30 + 4.6, w - vw - 1.5, 1, 0, &c->muted);
    y += vh + 0.6;
  }
  band = result_band_code (r);
  band_colors_for (band, &fill, &ink);
  {
    g_autofree char *name = c->lang == HEEYU_DECK_LANGUAGE_BOTH
      ? g_strdup_printf ("%s %s", band_name (c, band, TRUE), band_name (c, band, FALSE))
      : g_strdup (band_name (c, band, korean (c)));
    PangoLayout *l = text_new (c, name, TEXT_H2, TRUE, w - 2.4, 1);
    double bw, bh;

    text_size (c, l, &bw, &bh);
    fill_rect (c, MARGIN, y, bw + 2.4, bh + 1.2, 0.8, &fill);
    put (c, l, MARGIN + 1.2, y + 0.6, 0, &ink);
    y += bh + 1.2 + GAP;
  }

  /* Components: name and score out of 100. */
  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    {
      const HeeyuIndexComponent *comp = &r->components[i];
      g_autofree char *score = comp->present ? g_strdup_printf ("%.0f", comp->score) : g_strdup ("—");
      double sw = text_width (c, score, TEXT_MIN, TRUE), h;

      if (comp->weight <= 0)
        continue;
      h = put_text (c, korean (c) ? comp->name_ko : comp->name_en, TEXT_MIN, FALSE,
                    MARGIN, y, w - sw - 2, 1, 0, comp->present ? &c->fg : &c->muted);
      put_text (c, score, TEXT_MIN, TRUE, MARGIN + w, y, -1, 1, 1.0,
                comp->present ? &c->fg : &c->muted);
      y += h + 0.3;
    }

  /* Supply events, latest first, as many as fit. */
  if (m->events->len > 0)
    {
      double lh;
      g_autoptr(PangoLayout) probe = text_new (c, "Ag한", TEXT_MIN, FALSE, -1, 1);

      text_size (c, probe, NULL, &lh);
      y += GAP;
      if (y + 2 * lh < bottom)
        {
          y += put_text (c, L (c, "공급 사건", "Supply events"), TEXT_MIN, TRUE, MARGIN, y, w, 1, 0,
                         &c->fg) + 0.3;
          for (guint i = m->events->len; i > 0; i--)
            {
              const HeeyuDeckEvent *e = m->events->pdata[i - 1];
              g_autofree char *line = g_strdup_printf ("%.7s %s", e->date ? e->date : "",
                                                       korean (c) ? e->title_ko : e->title_en);
              PangoLayout *l = text_new (c, line, TEXT_MIN, FALSE, w, 2);
              double h;

              text_size (c, l, NULL, &h);
              if (y + h > bottom)
                {
                  g_object_unref (l);
                  break;
                }
              y += put (c, l, MARGIN, y, 0, &c->event) + 0.4;
            }
        }
    }

  /* Right: price with its events, then production by country. */
  {
    double total_h = bottom - top, price_h = total_h * 0.54, prod_y, lh;
    g_autoptr(HeeyuChartSpec) price = heeyu_chart_spec_new (HEEYU_CHART_LINE);
    g_autoptr(HeeyuChartSpec) prod = heeyu_chart_spec_new (HEEYU_CHART_BAR);
    g_autofree char *price_head = NULL;
    g_autofree char *prod_head = NULL;

    /* The unit without its basis ("USD/kg [99.99%, …]" → "USD/kg"): the
     * basis is for reports, not for the back of a hall. */
    if (m->price_unit)
      {
        const char *bracket = strstr (m->price_unit, " [");
        g_autofree char *unit = g_strndup (m->price_unit, bracket ? (gsize) (bracket - m->price_unit)
                                                                  : strlen (m->price_unit));
        price_head = g_strdup_printf ("%s (%s)", L (c, "가격", "Price"), unit);
      }
    else
      price_head = g_strdup (L (c, "가격", "Price"));
    lh = put_text (c, price_head, TEXT_MIN, TRUE, right_x, top, right_w, 1, 0, &c->fg);
    heeyu_chart_spec_set_x_axis (price, m->price_by_date ? HEEYU_AXIS_DATE : HEEYU_AXIS_YEAR, NULL);
    if (m->price_x->len > 0)
      heeyu_chart_spec_add_series (price, L (c, "가격", "Price"), (double *) m->price_x->data,
                                   (double *) m->price_y->data, m->price_x->len);
    for (guint i = 0; i < m->events->len; i++)
      {
        const HeeyuDeckEvent *e = m->events->pdata[i];
        int yy = 0, mm = 1, dd = 1;
        double x;

        if (e->date == NULL || sscanf (e->date, "%d-%d-%d", &yy, &mm, &dd) < 1)
          continue;
        x = m->price_by_date ? heeyu_chart_date_to_x (yy, mm, dd) : yy + (mm - 1) / 12.0;
        {
          g_autofree char *label = g_strdup_printf ("%.7s", e->date);
          heeyu_chart_spec_add_marker (price, x, label);
        }
      }
    draw_chart (c, price, right_x, top + lh + 0.4, right_w, price_h - lh - 0.4);

    prod_y = top + price_h + GAP;
    if (m->production->len > 0 && isfinite (m->production_world))
      {
        double other = 0;

        if (korean (c))
          {
            prod_head = g_strdup_printf ("%d년 %s 생산 국가별 점유율 (%%)", m->production_year,
                                         heeyu_slide_stage_name (m->production_stage, TRUE));
          }
        else
          {
            g_autofree char *stage = g_ascii_strdown (heeyu_slide_stage_name (m->production_stage, FALSE), -1);
            prod_head = g_strdup_printf ("Share of world %s production, %d (%%)", stage,
                                         m->production_year);
          }
        for (guint i = 0; i < m->production->len; i++)
          {
            const HeeyuDeckAmount *a = m->production->pdata[i];
            double share = 100.0 * a->value / m->production_world;

            if (i < 3 && !g_str_equal (a->code, "OTHER"))
              heeyu_chart_spec_add_bar (prod, heeyu_slide_country_name (a->code, korean (c)),
                                        round (share * 10) / 10, FALSE);
            else
              other += share;
          }
        if (other >= 0.05)
          heeyu_chart_spec_add_bar (prod, heeyu_slide_country_name ("OTHER", korean (c)),
                                    round (other * 10) / 10, TRUE);
        lh = put_text (c, prod_head, TEXT_MIN, TRUE, right_x, prod_y, right_w, 1, 0, &c->fg);
        draw_chart (c, prod, right_x, prod_y + lh + 0.4, right_w, bottom - prod_y - lh - 0.4);
      }
    else
      put_text (c, L (c, "국가별 생산 자료 없음", "No production data by country"), TEXT_MIN,
                FALSE, right_x, prod_y, right_w, 1, 0, &c->muted);
  }
}

/* ---- Risk matrix ----------------------------------------------------------- */

static void
draw_risk (Ctx *c)
{
  double top = heading (c, "공급망 위험 매트릭스", "Risk matrix");
  double bottom = footer (c) - GAP, chart_w = (c->W - 2 * MARGIN) * 0.66, px, pw, y;
  const HeeyuMethodology *meth = c->data ? heeyu_deck_data_get_methodology (c->data) : NULL;
  g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (HEEYU_CHART_SCATTER);
  g_autoptr(GString) critical = g_string_new (NULL);
  guint n = c->data ? heeyu_deck_data_get_n_metals (c->data) : 0, n_plotted = 0, n_critical = 0;

  heeyu_chart_spec_set_scatter_axes (spec, L (c, "경제적 중요도", "Economic importance"),
                                     L (c, "공급 위험", "Supply risk"), NULL);
  if (meth)
    heeyu_chart_spec_set_thresholds (spec, meth->threshold_ei, meth->threshold_sr);
  for (guint i = 0; i < n; i++)
    {
      const HeeyuDeckMetal *m = heeyu_deck_data_get_metal (c->data, i);
      const HeeyuIndexResult *r = m->result;

      if (!r->has_supply_risk || !r->has_economic_importance)
        continue;
      heeyu_chart_spec_add_scatter_point (spec, m->code, m->code, r->economic_importance,
                                          r->supply_risk, NAN);
      n_plotted++;
      if (r->critical)
        {
          if (critical->len > 0)
            g_string_append (critical, korean (c) ? ", " : ", ");
          g_string_append (critical, korean (c) ? m->name_ko : m->name_en);
          n_critical++;
        }
    }
  draw_chart (c, spec, MARGIN, top, chart_w, bottom - top);

  px = MARGIN + chart_w + 3.0;
  pw = c->W - MARGIN - px;
  y = top + 1.0;
  {
    g_autofree char *head = g_strdup_printf (korean (c) ? "핵심 광물 %u종" : "%u critical",
                                             n_critical);
    g_autofree char *rule = meth
      ? g_strdup_printf (korean (c) ? "경제적 중요도 ≥ %.1f, 공급 위험 ≥ %.1f (EU 기준)"
                                    : "Economic importance ≥ %.1f and supply risk ≥ %.1f (EU method)",
                         meth->threshold_ei, meth->threshold_sr)
      : NULL;
    g_autofree char *of = g_strdup_printf (korean (c) ? "평가 대상 %u종 중" : "of %u metals assessed",
                                           n_plotted);

    y += put_text (c, head, TEXT_H2 + 0.8, TRUE, px, y, pw, 1, 0, &c->event) + 0.3;
    y += put_text (c, of, TEXT_MIN, FALSE, px, y, pw, 1, 0, &c->muted) + GAP;
    if (rule)
      y += put_text (c, rule, TEXT_MIN, FALSE, px, y, pw, 3, 0, &c->fg) + GAP;
    if (critical->len > 0)
      {
        PangoLayout *l = text_new (c, critical->str, TEXT_BODY, TRUE, pw, 30);
        /* Wrap as many lines as the panel holds; the rest is ellipsized. */
        double lh;
        g_autoptr(PangoLayout) probe = text_new (c, "Ag한", TEXT_BODY, TRUE, -1, 1);

        text_size (c, probe, NULL, &lh);
        pango_layout_set_height (l, -MAX (1, (int) floor ((bottom - y) / lh)));
        put (c, l, px, y, 0, &c->fg);
      }
  }
}

/* ---- Directory ------------------------------------------------------------- */

static void
draw_directory (Ctx *c)
{
  double top = heading (c, "희유금속 산업 기업 현황", "Companies of the rare-metals industry");
  double bottom = footer (c) - GAP, col_w = (c->W - 2 * MARGIN - 4.0) / 2, y, kpi_h = 0;
  guint total = c->data ? heeyu_deck_data_get_n_companies (c->data) : 0;
  guint spec_n = c->data ? heeyu_deck_data_get_n_specialized (c->data) : 0;
  GArray *stages = c->data ? heeyu_deck_data_get_stages (c->data) : NULL;
  GArray *regions = c->data ? heeyu_deck_data_get_regions (c->data) : NULL;
  g_autoptr(HeeyuChartSpec) by_stage = heeyu_chart_spec_new (HEEYU_CHART_BAR);
  g_autoptr(HeeyuChartSpec) by_region = heeyu_chart_spec_new (HEEYU_CHART_BAR);

  if (total == 0)
    {
      put_text (c, L (c, "기업 자료가 없습니다.", "There are no companies in the local data."),
                TEXT_H2, FALSE, MARGIN, top + 10, c->W - 2 * MARGIN, 2, 0, &c->fg);
      return;
    }

  /* Three key figures across the top. */
  {
    g_autofree char *a = heeyu_format_number (total, 0);
    g_autofree char *b = heeyu_format_number (spec_n, 0);
    g_autofree char *pct = g_strdup_printf (korean (c) ? "소재·부품 전문기업 (%.0f%%)"
                                                       : "specialized companies (%.0f%%)",
                                            100.0 * spec_n / total);
    g_autofree char *regions_n = g_strdup_printf ("%u", regions ? regions->len : 0);
    const char *figs[] = { a, b, regions_n };
    const char *caps[] = { L (c, "기업", "companies"), pct, L (c, "시·도", "regions") };
    double kw = (c->W - 2 * MARGIN) / 3;

    for (guint i = 0; i < 3; i++)
      {
        double h = put_text (c, figs[i], 8.0, TRUE, MARGIN + i * kw, top, kw - 2, 1, 0,
                             i == 1 ? &c->accent : &c->fg);
        h += put_text (c, caps[i], TEXT_MIN, FALSE, MARGIN + i * kw, top + h, kw - 2, 1, 0,
                       &c->muted);
        kpi_h = MAX (kpi_h, h);
      }
  }
  y = top + kpi_h + GAP;

  for (guint i = 0; stages && i < stages->len; i++)
    {
      HeeyuDeckCount *cnt = &g_array_index (stages, HeeyuDeckCount, i);
      heeyu_chart_spec_add_bar (by_stage, heeyu_slide_stage_name (cnt->code, korean (c)),
                                cnt->count, FALSE);
    }
  {
    guint other = 0;
    for (guint i = 0; regions && i < regions->len; i++)
      {
        HeeyuDeckCount *cnt = &g_array_index (regions, HeeyuDeckCount, i);
        if (i < 6)
          heeyu_chart_spec_add_bar (by_region, heeyu_slide_region_name (cnt->code, korean (c)),
                                    cnt->count, FALSE);
        else
          other += cnt->count;
      }
    if (other > 0)
      heeyu_chart_spec_add_bar (by_region, L (c, "그 밖의 지역", "Other regions"), other, TRUE);
  }
  {
    double h1 = put_text (c, L (c, "가치사슬 단계별 기업 수", "Companies by value-chain stage"),
                          TEXT_MIN, TRUE, MARGIN, y, col_w, 1, 0, &c->fg);
    double h2 = put_text (c, L (c, "지역별 기업 수", "Companies by region"),
                          TEXT_MIN, TRUE, MARGIN + col_w + 4.0, y, col_w, 1, 0, &c->fg);
    y += MAX (h1, h2) + 0.4;
  }
  draw_chart (c, by_stage, MARGIN, y, col_w, bottom - y);
  draw_chart (c, by_region, MARGIN + col_w + 4.0, y, col_w, bottom - y);
}

/* ---- Entry points ---------------------------------------------------------- */

char *
heeyu_slide_get_title (const HeeyuSlide        *slide,
                       const HeeyuDeck         *deck,
                       HeeyuDeckData           *data,
                       const HeeyuSlideOptions *options)
{
  gboolean ko;

  g_return_val_if_fail (slide != NULL && deck != NULL && options != NULL, NULL);

  ko = options->language == HEEYU_DECK_LANGUAGE_KO || options->language == HEEYU_DECK_LANGUAGE_BOTH;
  switch (slide->kind)
    {
    case HEEYU_SLIDE_TITLE:
      if (deck->title && *deck->title)
        return g_strdup (deck->title);
      return g_strdup (ko ? "국가희유금속센터" : "National Rare Metals Center");
    case HEEYU_SLIDE_OVERVIEW:
      return g_strdup (ko ? "희유금속 수급 안정 현황" : "Supply stability of every metal");
    case HEEYU_SLIDE_METALS:
      {
        const HeeyuDeckMetal *m = data ? heeyu_deck_data_lookup_metal (data, slide->metal) : NULL;
        if (m == NULL)
          return g_strdup (slide->metal);
        return g_strdup_printf ("%s (%s)", ko ? m->name_ko : m->name_en, m->code);
      }
    case HEEYU_SLIDE_RISK:
      return g_strdup (ko ? "공급망 위험 매트릭스" : "Risk matrix");
    case HEEYU_SLIDE_DIRECTORY:
      return g_strdup (ko ? "희유금속 산업 기업 현황" : "Companies of the rare-metals industry");
    case HEEYU_SLIDE_CLOSING:
    case HEEYU_SLIDE_N_KINDS:
    default:
      return g_strdup (ko ? "감사합니다" : "Thank you");
    }
}

void
heeyu_slide_draw (const HeeyuSlide        *slide,
                  const HeeyuDeck         *deck,
                  HeeyuDeckData           *data,
                  const HeeyuSlideOptions *options,
                  cairo_t                 *cr,
                  int                      width,
                  int                      height,
                  GArray                  *boxes)
{
  cairo_font_options_t *fo;
  double area_w;
  Ctx c = { 0 };

  g_return_if_fail (slide != NULL && deck != NULL && options != NULL && cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  c.cr = cr;
  c.boxes = boxes;
  c.deck = deck;
  c.data = data;
  c.options = options;
  c.lang = options->language == HEEYU_DECK_LANGUAGE_AUTO ? HEEYU_DECK_LANGUAGE_EN : options->language;
  c.bg = hex (0xffffff);
  c.fg = hex (0x111114);
  c.muted = hex (0x3d3c42);
  c.accent = hex (0x1a5fb4);
  c.rule = hex (0xc0bfbc);
  c.event = hex (0xa51d2d);

  /* The height sets the type size; a screen narrower than 4:3 sets it by
   * its width instead, and one wider than 16:9 gets a centred 16:9 area. */
  c.u = MIN (height / 100.0, width / 133.0);
  area_w = MIN (width, c.u * 100.0 * 16.0 / 9.0);
  c.W = area_w / c.u;
  c.H = 100.0;
  c.x0 = (width - area_w) / 2;
  c.y0 = (height - 100.0 * c.u) / 2;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  set_color (cr, &c.bg);
  cairo_paint (cr);

  c.pango = pango_cairo_create_context (cr);
  /* The same text metrics on screen and in the PDF. */
  fo = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (c.pango, fo);
  cairo_font_options_destroy (fo);

  switch (slide->kind)
    {
    case HEEYU_SLIDE_TITLE:
      draw_title (&c);
      break;
    case HEEYU_SLIDE_OVERVIEW:
      draw_overview (&c);
      break;
    case HEEYU_SLIDE_METALS:
      draw_metal (&c, slide->metal);
      break;
    case HEEYU_SLIDE_RISK:
      draw_risk (&c);
      break;
    case HEEYU_SLIDE_DIRECTORY:
      draw_directory (&c);
      break;
    case HEEYU_SLIDE_CLOSING:
    case HEEYU_SLIDE_N_KINDS:
    default:
      draw_closing (&c);
      break;
    }

  g_object_unref (c.pango);
  cairo_restore (cr);
}

/* ---- PDF ------------------------------------------------------------------- */

gboolean
heeyu_slides_export_pdf (GPtrArray               *slides,
                         const HeeyuDeck         *deck,
                         HeeyuDeckData           *data,
                         const HeeyuSlideOptions *options,
                         const char              *path,
                         GError                 **error)
{
  /* 13.33 × 7.5 in, the 16:9 page of presentation programs. */
  const double page_w = 960, page_h = 540;
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (slides != NULL && deck != NULL && options != NULL && path != NULL, FALSE);

  surface = cairo_pdf_surface_create (tmp, page_w, page_h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s: %s", path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  {
    g_autofree char *title = heeyu_slide_get_title (g_ptr_array_index (slides, 0), deck, data, options);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                    deck->name && *deck->name ? deck->name : title);
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Heeyu");
  }

  cr = cairo_create (surface);
  for (guint i = 0; i < slides->len; i++)
    {
      g_autofree char *title = heeyu_slide_get_title (slides->pdata[i], deck, data, options);
      g_autofree char *link = g_strdup_printf ("page=%u", i + 1);

      /* An outline entry per slide, so a PDF reader lists them by name. */
      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, title, link, 0);
      heeyu_slide_draw (slides->pdata[i], deck, data, options, cr, page_w, page_h, NULL);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot write %s: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
