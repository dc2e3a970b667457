/* test-present-slides.c: slides laid out for a projector, and their PDF
 *
 * Each slide of the sample data is drawn at 1280×720, 1920×1080,
 * 3840×2160 and 800×600, in Korean, English and both, onto image surfaces
 * (no display needed); the PNGs are kept in tests/artifacts/ of the build
 * for a person to look at.  From the boxes the drawing reports, a user in
 * the back of the hall would see a problem if a text ran off the screen,
 * two texts overprinted each other, or a text were smaller than 1/30 of
 * the screen's height.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-deck.h"
#include "heeyu-deck-data.h"
#include "heeyu-sample.h"
#include "heeyu-slide-draw.h"

static HeeyuCache *cache;
static HeeyuDeckData *data;
static char *tmp_dir;

static const struct { int w, h; } sizes[] = {
  { 1280, 720 }, { 1920, 1080 }, { 3840, 2160 }, { 800, 600 },
};

static HeeyuDeck *
full_deck (void)
{
  HeeyuDeck *deck = heeyu_deck_new ("test");
  const char *metals[] = { "Ga", "REE", "Li", "W", "Co", NULL };

  heeyu_deck_set_metals (deck, metals);
  return deck;
}

static char *
artifact_path (const char *lang,
               int         w,
               int         h,
               guint       i,
               const char *ext)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "artifacts", NULL);
  g_autofree char *name = g_strdup_printf ("slide-%s-%dx%d-%02u.%s", lang, w, h, i + 1, ext);

  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, name, NULL);
}

static gboolean
overlaps (const HeeyuSlideBox *a,
          const HeeyuSlideBox *b)
{
  /* Half a pixel of slack: touching boxes of stacked lines are fine. */
  const double e = 0.5;

  return a->x + e < b->x + b->width && b->x + e < a->x + a->width
      && a->y + e < b->y + b->height && b->y + e < a->y + a->height;
}

static void
check_layout (HeeyuDeckLanguage language,
              const char       *lang)
{
  g_autoptr(HeeyuDeck) deck = full_deck ();
  g_autoptr(GPtrArray) slides = heeyu_slides_build (deck, data, NULL);
  HeeyuSlideOptions options = { language, "2025-03-04" };

  /* title, overview, 5 metals, risk, directory, closing */
  g_assert_cmpuint (slides->len, ==, 10);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint i = 0; i < slides->len; i++)
      {
        int w = sizes[s].w, h = sizes[s].h;
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
        cairo_t *cr = cairo_create (surface);
        g_autoptr(GArray) boxes = heeyu_slide_boxes_new ();
        g_autofree char *png = artifact_path (lang, w, h, i, "png");
        guint n_text = 0;

        heeyu_slide_draw (slides->pdata[i], deck, data, &options, cr, w, h, boxes);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        /* The big ones only in one language: they are large files. */
        if (w != 3840 || language == HEEYU_DECK_LANGUAGE_KO)
          g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
        cairo_surface_destroy (surface);

        for (guint a = 0; a < boxes->len; a++)
          {
            const HeeyuSlideBox *ba = &g_array_index (boxes, HeeyuSlideBox, a);

            if (ba->x < -0.5 || ba->y < -0.5 || ba->x + ba->width > w + 0.5
                || ba->y + ba->height > h + 0.5)
              g_error ("%s %dx%d slide %u: “%s” runs off the screen (%.0f,%.0f %.0f×%.0f)",
                       lang, w, h, i + 1, ba->text, ba->x, ba->y, ba->width, ba->height);
            if (ba->is_text)
              {
                n_text++;
                if (ba->font_px < h / 30.0 - 0.01 || ba->height < h / 30.0 - 0.01)
                  g_error ("%s %dx%d slide %u: “%s” is %.1f px, under 1/30 of %d",
                           lang, w, h, i + 1, ba->text, ba->font_px, h);
                if (ba->width <= 0 && ba->text && *ba->text)
                  g_error ("%s %dx%d slide %u: “%s” has no width", lang, w, h, i + 1, ba->text);
              }
            for (guint b = a + 1; b < boxes->len; b++)
              {
                const HeeyuSlideBox *bb = &g_array_index (boxes, HeeyuSlideBox, b);

                if (overlaps (ba, bb))
                  g_error ("%s %dx%d slide %u: “%s” (%.0f,%.0f %.0f×%.0f) overlaps “%s” (%.0f,%.0f %.0f×%.0f)",
                           lang, w, h, i + 1, ba->text, ba->x, ba->y, ba->width, ba->height,
                           bb->text, bb->x, bb->y, bb->width, bb->height);
              }
          }
        g_assert_cmpuint (n_text, >, 0);
      }
}

static void
test_layout_ko (void)
{
  check_layout (HEEYU_DECK_LANGUAGE_KO, "ko");
}

static void
test_layout_en (void)
{
  check_layout (HEEYU_DECK_LANGUAGE_EN, "en");
}

static void
test_layout_both (void)
{
  check_layout (HEEYU_DECK_LANGUAGE_BOTH, "both");
}

/* The overview writes every metal's band, not only its colour. */
static void
test_overview_writes_bands (void)
{
  g_autoptr(HeeyuDeck) deck = heeyu_deck_new ("o");
  HeeyuSlide slide = { HEEYU_SLIDE_OVERVIEW, NULL };
  HeeyuSlideOptions options = { HEEYU_DECK_LANGUAGE_EN, NULL };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1920, 1080);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GArray) boxes = heeyu_slide_boxes_new ();
  guint n = heeyu_deck_data_get_n_metals (data), symbols = 0, labels = 0;

  heeyu_slide_draw (&slide, deck, data, &options, cr, 1920, 1080, boxes);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  for (guint i = 0; i < n; i++)
    {
      const HeeyuDeckMetal *m = heeyu_deck_data_get_metal (data, i);
      const HeeyuIndexResult *r = m->result;
      const char *band = r->crisis ? "Crisis" : r->has_index ? r->band_name_en : "No data";

      for (guint b = 0; b < boxes->len; b++)
        {
          const HeeyuSlideBox *box = &g_array_index (boxes, HeeyuSlideBox, b);

          if (g_strcmp0 (box->text, m->code) == 0)
            {
              symbols++;
              /* The band's name sits right under the symbol, in the tile. */
              g_assert_true (b + 1 < boxes->len);
              g_assert_cmpstr (g_array_index (boxes, HeeyuSlideBox, b + 1).text, ==, band);
              labels++;
              break;
            }
        }
    }
  g_assert_cmpuint (symbols, ==, n);
  g_assert_cmpuint (labels, ==, n);
}

static void
test_missing_metal_and_empty_deck (void)
{
  g_autoptr(HeeyuDeck) deck = heeyu_deck_new ("bad");
  g_autoptr(HeeyuDeck) empty = heeyu_deck_new ("empty");
  const char *metals[] = { "Ga", "Unobtainium", NULL };
  g_auto(GStrv) missing = NULL;
  g_autoptr(GPtrArray) slides = NULL;
  guint n_metal = 0;

  heeyu_deck_set_metals (deck, metals);
  slides = heeyu_slides_build (deck, data, &missing);
  g_assert_cmpuint (g_strv_length (missing), ==, 1);
  g_assert_cmpstr (missing[0], ==, "Unobtainium");
  for (guint i = 0; i < slides->len; i++)
    if (((HeeyuSlide *) slides->pdata[i])->kind == HEEYU_SLIDE_METALS)
      n_metal++;
  g_assert_cmpuint (n_metal, ==, 1);
  g_clear_pointer (&slides, g_ptr_array_unref);
  g_clear_pointer (&missing, g_strfreev);

  /* No slides at all: still a title and a closing slide to show. */
  g_array_set_size (empty->slides, 0);
  slides = heeyu_slides_build (empty, data, &missing);
  g_assert_cmpuint (slides->len, ==, 2);
  g_assert_cmpint (((HeeyuSlide *) slides->pdata[0])->kind, ==, HEEYU_SLIDE_TITLE);
  g_assert_cmpint (((HeeyuSlide *) slides->pdata[1])->kind, ==, HEEYU_SLIDE_CLOSING);
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                     &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The value of "Key:   value" in pdfinfo's output (static buffer). */
static const char *
pdfinfo_field (const char *info,
               const char *key)
{
  static char value[128];
  g_autofree char *needle = g_strdup_printf ("%s:", key);
  const char *p = strstr (info, needle);
  gsize n = 0;

  g_assert_nonnull (p);
  p += strlen (needle);
  while (*p == ' ')
    p++;
  while (p[n] && p[n] != '\n' && n < sizeof value - 1)
    n++;
  memcpy (value, p, n);
  value[n] = '\0';
  return value;
}

static void
test_pdf (void)
{
  g_autoptr(HeeyuDeck) deck = full_deck ();
  g_autoptr(GPtrArray) slides = heeyu_slides_build (deck, data, NULL);
  HeeyuSlideOptions options = { HEEYU_DECK_LANGUAGE_KO, "2025-03-04" };
  g_autofree char *path = artifact_path ("ko", 960, 540, 0, "pdf");
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pages = NULL;

  g_assert_true (heeyu_slides_export_pdf (slides, deck, data, &options, path, &error));
  g_assert_no_error (error);

  info = run ((const char *[]) { "pdfinfo", path, NULL });
  g_assert_cmpstr (pdfinfo_field (info, "Pages"), ==, (pages = g_strdup_printf ("%u", slides->len)));
  g_assert_cmpstr (pdfinfo_field (info, "Page size"), ==, "960 x 540 pts");

  text = run ((const char *[]) { "pdftotext", "-enc", "UTF-8", path, "-", NULL });
  /* Hangul intact: the titles of the first slides and a metal's name. */
  g_assert_nonnull (strstr (text, "국가희유금속센터"));
  g_assert_nonnull (strstr (text, "희유금속 수급 안정 현황"));
  g_assert_nonnull (strstr (text, "갈륨"));
  g_assert_nonnull (strstr (text, "감사합니다"));
  /* One page per slide: the form feeds pdftotext puts between pages. */
  {
    guint ff = 0;
    for (const char *p = text; *p; p++)
      ff += *p == '\f';
    g_assert_cmpuint (ff, ==, slides->len);
  }

  /* A folder that does not exist: a message, no half file. */
  {
    g_autoptr(GError) err = NULL;
    g_assert_false (heeyu_slides_export_pdf (slides, deck, data, &options,
                                             "/nonexistent/dir/deck.pdf", &err));
    g_assert_nonnull (err);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("heeyu-slides-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (tmp_dir, "heeyu.db", NULL);
  cache = heeyu_cache_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_sample_ensure (cache, NULL, NULL, &error));
  g_assert_no_error (error);
  data = heeyu_deck_data_load (heeyu_cache_get_db (cache), &error);
  g_assert_no_error (error);

  g_test_add_func ("/present/slides/layout/ko", test_layout_ko);
  g_test_add_func ("/present/slides/layout/en", test_layout_en);
  g_test_add_func ("/present/slides/layout/both", test_layout_both);
  g_test_add_func ("/present/slides/overview-writes-bands", test_overview_writes_bands);
  g_test_add_func ("/present/slides/missing-metal-empty-deck", test_missing_metal_and_empty_deck);
  g_test_add_func ("/present/slides/pdf", test_pdf);

  ret = g_test_run ();

  heeyu_deck_data_free (data);
  g_object_unref (cache);
  {
    g_autoptr(GDir) d = g_dir_open (tmp_dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name (d)))
      {
        g_autofree char *p = g_build_filename (tmp_dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
