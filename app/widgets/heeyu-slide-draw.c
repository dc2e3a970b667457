/* heeyu-slide-draw.c: the slides of a deck, the drawing helpers the slide
 * kinds share (heeyu-slide-draw-private.h), the dispatch to the drawing
 * function of each kind (heeyu-slide-draw-<kind>.c) and the PDF export
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

#include "heeyu-slide-draw-private.h"

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

/* ---- Drawing helpers (heeyu-slide-draw-private.h) -------------------------- */

static void
set_color (cairo_t          *cr,
           const HeeyuColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
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

PangoLayout *
heeyu_slide_text_new (Ctx        *c,
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
void
heeyu_slide_text_size (Ctx         *c,
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

double
heeyu_slide_text_width (Ctx        *c,
                        const char *text,
                        double      size,
                        gboolean    bold)
{
  g_autoptr(PangoLayout) l = heeyu_slide_text_new (c, text, size, bold, -1, 1);
  double w;

  heeyu_slide_text_size (c, l, &w, NULL);
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
double
heeyu_slide_put (Ctx              *c,
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

double
heeyu_slide_put_text (Ctx              *c,
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
  return heeyu_slide_put (c, heeyu_slide_text_new (c, text, size, bold, max_w, max_lines),
                          x, y, xalign, color);
}

void
heeyu_slide_fill_rect (Ctx              *c,
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

char *
heeyu_slide_format_today (Ctx      *c,
                          gboolean  want_korean)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *iso = g_date_time_format (now, "%Y-%m-%d");

  return format_as_of (c, c->options->date ? c->options->date : iso, want_korean);
}

char *
heeyu_slide_data_as_of_line (Ctx      *c,
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

const char *
heeyu_slide_deck_title (Ctx *c)
{
  if (c->deck->title && *c->deck->title)
    return c->deck->title;
  return L (c, "국가희유금속센터", "National Rare Metals Center");
}

char *
heeyu_slide_deck_subtitle (Ctx *c)
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

void
heeyu_slide_band_colors (const char *code,
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
const char *
heeyu_slide_result_band_code (const HeeyuIndexResult *r)
{
  if (r == NULL)
    return NULL;
  if (r->crisis)
    return "crisis";
  return r->has_index ? r->band_code : NULL;
}

const char *
heeyu_slide_band_name (Ctx        *c,
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
char *
heeyu_slide_band_short_name (Ctx        *c,
                             const char *code)
{
  const char *name = heeyu_slide_band_name (c, code, korean (c));

  if (korean (c) && g_utf8_strlen (name, -1) == 4 && code != NULL)
    return g_utf8_substring (name, 2, 4);
  return g_strdup (name);
}

/* ---- Chrome ---------------------------------------------------------------- */

/* The slide's heading (and its English line in BOTH); returns where the
 * content may start. */
double
heeyu_slide_heading (Ctx        *c,
                     const char *ko,
                     const char *en)
{
  double y = 5.0, w = c->W - 2 * MARGIN;

  y += heeyu_slide_put_text (c, L (c, ko, en), TEXT_H1, TRUE, MARGIN, y, w, 1, 0, &c->fg);
  if (c->lang == HEEYU_DECK_LANGUAGE_BOTH)
    y += heeyu_slide_put_text (c, en, TEXT_BODY, FALSE, MARGIN, y, w, 1, 0, &c->muted);
  y += 1.2;
  heeyu_slide_fill_rect (c, MARGIN, y, 14, 0.8, 0, &c->accent);
  return y + 0.8 + GAP;
}

/* "Data as of" at the bottom left; the right end is left to the window's
 * slide counter.  Returns the top of the footer. */
double
heeyu_slide_footer (Ctx *c)
{
  g_autofree char *line = heeyu_slide_data_as_of_line (c, korean (c));
  PangoLayout *l = heeyu_slide_text_new (c, line, TEXT_MIN, FALSE, (c->W - 2 * MARGIN) * 0.78, 1);
  double h, top;

  heeyu_slide_text_size (c, l, NULL, &h);
  top = c->H - 2.5 - h;
  heeyu_slide_put (c, l, MARGIN, top, 0, &c->muted);
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

void
heeyu_slide_draw_chart (Ctx            *c,
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
      heeyu_slide_draw_title (&c);
      break;
    case HEEYU_SLIDE_OVERVIEW:
      heeyu_slide_draw_overview (&c);
      break;
    case HEEYU_SLIDE_METALS:
      heeyu_slide_draw_metal (&c, slide->metal);
      break;
    case HEEYU_SLIDE_RISK:
      heeyu_slide_draw_risk (&c);
      break;
    case HEEYU_SLIDE_DIRECTORY:
      heeyu_slide_draw_directory (&c);
      break;
    case HEEYU_SLIDE_CLOSING:
    case HEEYU_SLIDE_N_KINDS:
    default:
      heeyu_slide_draw_closing (&c);
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
