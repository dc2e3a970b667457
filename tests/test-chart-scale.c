/* test-chart-scale.c: chart scales, ticks, decimation, labels and exports, no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <cairo-svg.h>

#include "heeyu-chart-data.h"
#include "heeyu-chart-draw.h"

static HeeyuChartSpec *
gallium_spec (void)
{
  HeeyuChartSpec *spec = heeyu_chart_spec_new (HEEYU_CHART_LINE);
  const double x[] = { 2019, 2020, 2021, 2022, 2023 };
  const double y[] = { 573, 560, 625, 570, 530 };

  heeyu_chart_spec_set_title (spec, "Gallium price");
  heeyu_chart_spec_set_source (spec, "USGS Mineral Commodity Summaries 2024");
  heeyu_chart_spec_set_as_of (spec, "2024-01-31");
  heeyu_chart_spec_set_x_axis (spec, HEEYU_AXIS_YEAR, NULL);
  heeyu_chart_spec_set_y_axis (spec, "Price", "USD/kg");
  heeyu_chart_spec_add_series (spec, "Gallium", x, y, G_N_ELEMENTS (x));
  return spec;
}

static void
assert_scale_covers (double lo,
                     double hi,
                     guint  max_ticks)
{
  HeeyuScale s;

  heeyu_scale_nice (lo, hi, max_ticks, &s);
  g_assert_true (isfinite (s.min) && isfinite (s.max) && isfinite (s.step));
  g_assert_cmpfloat (s.max, >, s.min);
  g_assert_cmpfloat (s.step, >, 0);
  g_assert_cmpuint (s.n_ticks, >=, 2);
  g_assert_cmpuint (s.n_ticks, <=, MAX (max_ticks, 2));
  if (isfinite (lo))
    g_assert_cmpfloat (s.min, <=, MIN (lo, isfinite (hi) ? hi : lo));
  if (isfinite (hi))
    g_assert_cmpfloat (s.max, >=, MAX (hi, isfinite (lo) ? lo : hi));
  g_assert_cmpfloat_with_epsilon (heeyu_scale_tick (&s, s.n_ticks - 1), s.max, s.step * 1e-6);
}

/* A price axis from 0 to 625 reads 0, 100, ..., 700: round 1-2-5 steps. */
static void
test_scale_nice (void)
{
  HeeyuScale s;

  heeyu_scale_nice (0, 625, 8, &s);
  g_assert_cmpfloat (s.min, ==, 0);
  g_assert_cmpfloat (s.max, ==, 700);
  g_assert_cmpfloat (s.step, ==, 100);
  g_assert_cmpuint (s.n_ticks, ==, 8);
  g_assert_cmpint (s.decimals, ==, 0);
  for (guint i = 0; i < s.n_ticks; i++)
    g_assert_cmpfloat (heeyu_scale_tick (&s, i), ==, 100.0 * i);

  heeyu_scale_nice (0.13, 0.87, 6, &s);
  g_assert_cmpfloat_with_epsilon (s.step, 0.2, 1e-12);
  g_assert_cmpint (s.decimals, ==, 1);

  heeyu_scale_nice (0, 1e6, 6, &s);
  g_assert_cmpfloat (s.step, ==, 200000);

  for (guint t = 2; t <= 12; t++)
    {
      assert_scale_covers (0, 625, t);
      assert_scale_covers (-37.5, 12.25, t);
      assert_scale_covers (1e-6, 3e-6, t);
      assert_scale_covers (123456789, 123456790, t);
      assert_scale_covers (-1e12, 1e12, t);
    }
}

/* One point, all-equal values, negatives and no data still get a real axis. */
static void
test_scale_degenerate (void)
{
  HeeyuScale s;

  heeyu_scale_nice (530, 530, 6, &s);
  g_assert_cmpfloat (s.min, <, 530);
  g_assert_cmpfloat (s.max, >, 530);
  g_assert_cmpfloat (s.min, >, 0);   /* a constant price does not invent negatives */

  heeyu_scale_nice (0, 0, 6, &s);
  g_assert_cmpfloat (s.min, ==, 0);
  g_assert_cmpfloat (s.max, >, 0);

  heeyu_scale_nice (-40, -40, 6, &s);
  g_assert_cmpfloat (s.max, <, 0);
  g_assert_cmpfloat (s.min, <, -40);

  heeyu_scale_nice (NAN, NAN, 6, &s);
  g_assert_cmpfloat (s.min, ==, 0);
  g_assert_cmpfloat (s.max, ==, 1);
  g_assert_cmpuint (s.n_ticks, >=, 2);

  heeyu_scale_nice (INFINITY, -INFINITY, 6, &s);
  g_assert_true (isfinite (s.min) && isfinite (s.max) && s.max > s.min);

  heeyu_scale_nice (NAN, 42, 6, &s);
  g_assert_cmpfloat (s.min, <=, 42);
  g_assert_cmpfloat (s.max, >=, 42);

  /* Reversed ends are data too. */
  assert_scale_covers (900, -10, 6);
  assert_scale_covers (530, 530, 2);
  assert_scale_covers (0, 0, 1);
}

static void
test_format (void)
{
  struct { double v; int d; const char *want; } cases[] = {
    { 0, 0, "0" },
    { 999, 0, "999" },
    { 1000, 0, "1,000" },
    { 1234567, 0, "1,234,567" },
    { 1234567.891, 2, "1,234,567.89" },
    { -1500.5, 1, "\342\210\222" "1,500.5" },
    { -0.0001, 2, "0.00" },
    { 0.2, 1, "0.2" },
    { 100000, 0, "100,000" },
  };
  g_autofree char *v1 = NULL, *v2 = NULL, *v3 = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = heeyu_format_number (cases[i].v, cases[i].d);
      g_assert_cmpstr (s, ==, cases[i].want);
    }

  /* Tooltips show exact values, with the decimals the value has. */
  v1 = heeyu_format_value (625);
  g_assert_cmpstr (v1, ==, "625");
  v2 = heeyu_format_value (12345.25);
  g_assert_cmpstr (v2, ==, "12,345.25");
  v3 = heeyu_format_value (NAN);
  g_assert_cmpstr (v3, ==, "\342\200\223");
}

static void
check_date_ticks (double      x0,
                  double      x1,
                  guint       max_ticks,
                  const char *first_label)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ticks = heeyu_date_ticks (x0, x1, max_ticks, labels);

  g_assert_cmpuint (ticks->len, >=, 1);
  g_assert_cmpuint (ticks->len, <=, max_ticks);
  g_assert_cmpuint (labels->len, ==, ticks->len);
  for (guint i = 0; i < ticks->len; i++)
    {
      double t = g_array_index (ticks, double, i);
      g_assert_cmpfloat (t, >=, x0);
      g_assert_cmpfloat (t, <=, x1);
      if (i > 0)
        g_assert_cmpfloat (t, >, g_array_index (ticks, double, i - 1));
    }
  g_assert_cmpstr (g_ptr_array_index (labels, 0), ==, first_label);
}

/* Date axes tick on years, months or days, whichever fits. */
static void
test_date_ticks (void)
{
  double d2014 = heeyu_chart_date_to_x (2014, 1, 1);
  g_autofree char *iso = heeyu_chart_format_x (HEEYU_AXIS_DATE, heeyu_chart_date_to_x (2023, 7, 14));

  g_assert_cmpfloat (heeyu_chart_date_to_x (1970, 1, 1), ==, 0);
  g_assert_cmpstr (iso, ==, "2023-07-14");
  g_assert_true (isnan (heeyu_chart_date_to_x (2023, 2, 30)));

  check_date_ticks (d2014, d2014 + 3649, 10, "2014");
  check_date_ticks (heeyu_chart_date_to_x (2023, 2, 10), heeyu_chart_date_to_x (2023, 8, 20), 8, "2023-03");
  check_date_ticks (heeyu_chart_date_to_x (2023, 7, 3), heeyu_chart_date_to_x (2023, 7, 12), 12, "2023-07-03");
  check_date_ticks (d2014, d2014 + 200 * 365.25, 8, "2050");

  /* No usable range: no ticks, no crash. */
  {
    g_autoptr(GArray) t = heeyu_date_ticks (NAN, 10, 5, NULL);
    g_assert_cmpuint (t->len, ==, 0);
  }
}

/* 10,000 points on 500 pixel columns keep their spikes and gaps. */
static void
test_decimate (void)
{
  const gsize n = 10000;
  g_autofree double *px = g_new (double, n);
  g_autofree double *py = g_new (double, n);
  g_autoptr(GArray) out = NULL;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, out_lo = G_MAXDOUBLE, out_hi = -G_MAXDOUBLE;
  guint gaps = 0;

  for (gsize i = 0; i < n; i++)
    {
      px[i] = i * 500.0 / n;
      py[i] = 200 + 100 * sin (i * 0.37) + (i == 7777 ? 150 : 0) - (i == 1234 ? 180 : 0);
      if (i >= 5000 && i < 5100)
        py[i] = NAN;
      if (!isnan (py[i]))
        {
          lo = MIN (lo, py[i]);
          hi = MAX (hi, py[i]);
        }
    }

  out = heeyu_decimate_minmax (px, py, n);
  g_assert_cmpuint (out->len, <=, 4 * 501 + 2);
  g_assert_cmpuint (out->len, >=, 2 * 500 - 20);
  for (guint i = 0; i < out->len; i++)
    {
      HeeyuPoint *p = &g_array_index (out, HeeyuPoint, i);

      g_assert_true (isfinite (p->x));
      if (i > 0)
        g_assert_cmpfloat (p->x, >=, g_array_index (out, HeeyuPoint, i - 1).x);
      if (isnan (p->y))
        {
          gaps++;
          continue;
        }
      out_lo = MIN (out_lo, p->y);
      out_hi = MAX (out_hi, p->y);
    }
  g_assert_cmpfloat (out_lo, ==, lo);
  g_assert_cmpfloat (out_hi, ==, hi);
  g_assert_cmpuint (gaps, ==, 1);

  g_clear_pointer (&out, g_array_unref);
  out = heeyu_decimate_minmax (px, py, 0);
  g_assert_cmpuint (out->len, ==, 0);
}

/* Scatter labels never overprint each other or a marker, and stay inside. */
static void
test_label_placement (void)
{
  const guint n = 120;
  g_autofree HeeyuRect *anchors = g_new (HeeyuRect, n);
  g_autofree HeeyuRect *sizes = g_new (HeeyuRect, n);
  g_autofree HeeyuRect *rects = g_new (HeeyuRect, n);
  g_autofree gboolean *placed = NULL;
  HeeyuRect bounds = { 0, 0, 600, 400 };
  GRand *rand = g_rand_new_with_seed (7);
  guint n_placed = 0;

  for (guint i = 0; i < n; i++)
    {
      anchors[i] = (HeeyuRect) { g_rand_double_range (rand, 0, 600),
                                 g_rand_double_range (rand, 0, 400),
                                 g_rand_double_range (rand, 3, 12), 0 };
      sizes[i] = (HeeyuRect) { 0, 0, g_rand_double_range (rand, 20, 120), 14 };
    }
  /* A label whose anchor is not a number is left out, not drawn at NaN. */
  anchors[3].x = NAN;
  g_rand_free (rand);

  placed = heeyu_place_labels (anchors, sizes, n, &bounds, rects);
  g_assert_false (placed[3]);
  for (guint i = 0; i < n; i++)
    {
      if (!placed[i])
        continue;
      n_placed++;
      g_assert_cmpfloat (rects[i].width, ==, sizes[i].width);
      g_assert_cmpfloat (rects[i].x, >=, 0);
      g_assert_cmpfloat (rects[i].y, >=, 0);
      g_assert_cmpfloat (rects[i].x + rects[i].width, <=, 600);
      g_assert_cmpfloat (rects[i].y + rects[i].height, <=, 400);
      for (guint j = 0; j < n; j++)
        {
          double r = anchors[j].width;
          HeeyuRect m = { anchors[j].x - r, anchors[j].y - r, 2 * r, 2 * r };

          if (j != i && placed[j])
            g_assert_false (heeyu_rect_intersects (&rects[i], &rects[j]));
          if (isfinite (anchors[j].x))
            g_assert_false (heeyu_rect_intersects (&rects[i], &m));
        }
    }
  /* Greedy placement gets most labels in on a sparse chart. */
  g_assert_cmpuint (n_placed, >, 20);

  /* Two labels on one point both find a place. */
  {
    HeeyuRect a[2] = { { 100, 100, 5, 0 }, { 100, 100, 5, 0 } };
    HeeyuRect s[2] = { { 0, 0, 40, 12 }, { 0, 0, 40, 12 } };
    HeeyuRect o[2];
    g_autofree gboolean *p = heeyu_place_labels (a, s, 2, &bounds, o);

    g_assert_true (p[0] && p[1]);
    g_assert_false (heeyu_rect_intersects (&o[0], &o[1]));
  }
}

/* Screen readers get a sentence made from the data. */
static void
test_summary (void)
{
  g_autoptr(HeeyuChartSpec) spec = gallium_spec ();
  g_autoptr(HeeyuChartSpec) bars = heeyu_chart_spec_new (HEEYU_CHART_BAR);
  g_autoptr(HeeyuChartSpec) empty = heeyu_chart_spec_new (HEEYU_CHART_LINE);
  g_autoptr(HeeyuChartSpec) risk = heeyu_chart_spec_new (HEEYU_CHART_SCATTER);
  g_autofree char *s1 = heeyu_chart_spec_summarize (spec);
  g_autofree char *s2 = NULL, *s3 = NULL, *s4 = NULL, *item = NULL, *bar_item = NULL;

  g_assert_cmpstr (s1, ==, "Gallium price, 2019\342\200\2232023, from 573 to 530 USD/kg, peak 625 in 2021.");
  item = heeyu_chart_spec_describe_item (spec, 0, 2);
  g_assert_cmpstr (item, ==, "2021: 625 USD/kg");

  heeyu_chart_spec_set_title (bars, "Gallium production, 2023");
  heeyu_chart_spec_set_y_axis (bars, NULL, "t");
  heeyu_chart_spec_add_bar (bars, "China", 750, FALSE);
  heeyu_chart_spec_add_bar (bars, "Russia", 5, FALSE);
  heeyu_chart_spec_add_bar (bars, "Other countries", 10, TRUE);
  s2 = heeyu_chart_spec_summarize (bars);
  g_assert_cmpstr (s2, ==, "Gallium production, 2023: 3 categories, largest China with 750 t (98% of 765 t).");
  bar_item = heeyu_chart_spec_describe_item (bars, 0, 0);
  g_assert_cmpstr (bar_item, ==, "China: 750 t (98.0%)");

  heeyu_chart_spec_set_title (empty, "Stockpile days");
  s3 = heeyu_chart_spec_summarize (empty);
  g_assert_cmpstr (s3, ==, "Stockpile days: no data.");

  heeyu_chart_spec_set_title (risk, "Risk matrix");
  heeyu_chart_spec_set_thresholds (risk, 2.8, 1.0);
  heeyu_chart_spec_add_scatter_point (risk, "Ga", "Gallium", 3.5, 4.0, 1);
  heeyu_chart_spec_add_scatter_point (risk, "In", "Indium", 3.1, 0.6, 1);
  s4 = heeyu_chart_spec_summarize (risk);
  g_assert_cmpstr (s4, ==, "Risk matrix: 2 points, 1 above the thresholds: Gallium.");
}

static void
test_csv (void)
{
  g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (HEEYU_CHART_BAR);
  g_autoptr(HeeyuChartSpec) line = gallium_spec ();
  g_autofree char *csv = NULL, *csv2 = NULL, *path = NULL, *back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("heeyu-chart-XXXXXX", NULL);

  heeyu_chart_spec_set_y_axis (spec, "생산량", "t");
  heeyu_chart_spec_add_bar (spec, "중국", 750, FALSE);
  heeyu_chart_spec_add_bar (spec, "Congo, \"DR\"", 1.5, FALSE);
  heeyu_chart_spec_add_bar (spec, "기타", NAN, TRUE);
  csv = heeyu_chart_spec_to_csv (spec);
  g_assert_cmpstr (csv, ==,
                   "\357\273\277category,생산량,unit,other\r\n"
                   "중국,750,t,no\r\n"
                   "\"Congo, \"\"DR\"\"\",1.5,t,no\r\n"
                   "기타,,t,yes\r\n");
  g_assert_true (g_utf8_validate (csv, -1, NULL));

  csv2 = heeyu_chart_spec_to_csv (line);
  g_assert_true (g_str_has_prefix (csv2, "\357\273\277series,year,Price,unit\r\nGallium,2019,573,USD/kg\r\n"));

  path = g_build_filename (dir, "data.csv", NULL);
  g_assert_true (heeyu_chart_spec_export_csv (spec, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &back, NULL, NULL));
  g_assert_cmpstr (back, ==, csv);
  g_unlink (path);
  g_rmdir (dir);
}

/* Bad data never makes the drawing code emit NaN coordinates or fail. */
static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
assert_draws_clean (const HeeyuChartSpec *spec,
                    int                   w,
                    int                   h,
                    const char           *what)
{
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (w, 1), MAX (h, 1));
  cairo_t *cr = cairo_create (img);
  g_autoptr(GString) svg = g_string_new (NULL);
  cairo_surface_t *vec;
  HeeyuChartStyle style;

  for (int dark = 0; dark < 2; dark++)
    {
      heeyu_chart_style_init (&style, dark);
      style.highlight_series = 0;
      style.highlight_index = 1;
      heeyu_chart_draw (spec, cr, w, h, &style);
      if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
        g_error ("%s at %d×%d: %s", what, w, h, cairo_status_to_string (cairo_status (cr)));
    }
  cairo_destroy (cr);
  cairo_surface_destroy (img);

  /* The SVG writer prints every coordinate: a NaN would show up as text. */
  vec = cairo_svg_surface_create_for_stream (append_cb, svg, MAX (w, 1), MAX (h, 1));
  cr = cairo_create (vec);
  heeyu_chart_draw (spec, cr, w, h, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (vec);
  g_assert_cmpint (cairo_surface_status (vec), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (vec);
  if (strstr (svg->str, "nan") || strstr (svg->str, "inf"))
    g_error ("%s at %d×%d: NaN or infinity in the drawing", what, w, h);
}

static void
test_draw_bad_input (void)
{
  const HeeyuChartKind kinds[] = { HEEYU_CHART_LINE, HEEYU_CHART_SPARKLINE };
  const int sizes[][2] = { { 800, 450 }, { 160, 40 }, { 40, 20 }, { 1, 1 }, { 0, 0 } };
  g_autoptr(GString) long_name = g_string_new (NULL);
  const double gx[] = { 2019, 2020, 2021, 2022, 2023, 2024 };
  const double gy[] = { NAN, 573, NAN, NAN, 530, NAN };
  const double one_x[] = { 2021 }, one_y[] = { 625 };
  const double eq_y[] = { 530, 530, 530, 530, 530, 530 };
  const double neg_y[] = { 0, -12.5, 0, -3, 0, 4 };
  const double nan_y[] = { NAN, NAN, NAN, NAN, NAN, NAN };
  const double inf_x[] = { 2019, INFINITY, NAN, 2022, 2023, 2024 };
  const gsize n_big = 10000;
  g_autofree double *bx = g_new (double, n_big);
  g_autofree double *by = g_new (double, n_big);

  for (int i = 0; i < 30; i++)
    g_string_append (long_name, "희유금속 ");
  g_string_append (long_name, "끝");
  g_assert_cmpuint (g_utf8_strlen (long_name->str, -1), >=, 150);
  while (g_utf8_strlen (long_name->str, -1) < 300)
    g_string_append (long_name, "Rare metal ");
  for (gsize i = 0; i < n_big; i++)
    {
      bx[i] = heeyu_chart_date_to_x (1998, 1, 1) + i;
      by[i] = (i % 977 == 0) ? NAN : 1e9 * sin (i * 0.01);
    }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      struct { const char *what; const double *x, *y; gsize n; HeeyuAxisKind xk; } cases[] = {
        { "gaps", gx, gy, 6, HEEYU_AXIS_YEAR },
        { "one point", one_x, one_y, 1, HEEYU_AXIS_YEAR },
        { "all equal", gx, eq_y, 6, HEEYU_AXIS_YEAR },
        { "zero and negative", gx, neg_y, 6, HEEYU_AXIS_NUMBER },
        { "only gaps", gx, nan_y, 6, HEEYU_AXIS_DATE },
        { "infinite x", inf_x, eq_y, 6, HEEYU_AXIS_YEAR },
        { "10,000 points", bx, by, n_big, HEEYU_AXIS_DATE },
        { "no data", NULL, NULL, 0, HEEYU_AXIS_DATE },
      };

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (kinds[k]);

          heeyu_chart_spec_set_title (spec, long_name->str);
          heeyu_chart_spec_set_subtitle (spec, long_name->str);
          heeyu_chart_spec_set_source (spec, long_name->str);
          heeyu_chart_spec_set_y_axis (spec, long_name->str, "USD/kg");
          heeyu_chart_spec_set_x_axis (spec, cases[c].xk, NULL);
          heeyu_chart_spec_add_series (spec, long_name->str, cases[c].x, cases[c].y, cases[c].n);
          heeyu_chart_spec_add_series (spec, "second", cases[c].x, cases[c].y, cases[c].n);
          heeyu_chart_spec_add_marker (spec, 2021.5, long_name->str);
          heeyu_chart_spec_add_marker (spec, heeyu_chart_date_to_x (2003, 1, 1), "event");
          heeyu_chart_spec_add_marker (spec, NAN, "not a date");
          heeyu_chart_spec_set_show_extremes (spec, TRUE);
          for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
            assert_draws_clean (spec, sizes[s][0], sizes[s][1], cases[c].what);
        }
    }

  {
    g_autoptr(HeeyuChartSpec) bars = heeyu_chart_spec_new (HEEYU_CHART_BAR);
    g_autoptr(HeeyuChartSpec) no_bars = heeyu_chart_spec_new (HEEYU_CHART_BAR);
    g_autoptr(HeeyuChartSpec) many = heeyu_chart_spec_new (HEEYU_CHART_BAR);
    g_autoptr(HeeyuChartSpec) risk = heeyu_chart_spec_new (HEEYU_CHART_SCATTER);
    g_autoptr(HeeyuChartSpec) no_risk = heeyu_chart_spec_new (HEEYU_CHART_SCATTER);

    heeyu_chart_spec_add_bar (bars, long_name->str, 0, FALSE);
    heeyu_chart_spec_add_bar (bars, "negative", -25, FALSE);
    heeyu_chart_spec_add_bar (bars, "missing", NAN, FALSE);
    heeyu_chart_spec_add_bar (bars, "other", INFINITY, TRUE);
    for (int i = 0; i < 300; i++)
      heeyu_chart_spec_add_bar (many, "country", i * 1000.0, i == 299);
    heeyu_chart_spec_set_thresholds (risk, 2.8, NAN);
    heeyu_chart_spec_add_scatter_point (risk, "a", long_name->str, 1, 1, 1);
    heeyu_chart_spec_add_scatter_point (risk, "b", "same spot", 1, 1, 0);
    heeyu_chart_spec_add_scatter_point (risk, "c", "nan", NAN, 2, NAN);
    heeyu_chart_spec_add_scatter_point (risk, "d", "neg", -3, -4, -5);
    heeyu_chart_spec_set_thresholds (no_risk, NAN, NAN);
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        assert_draws_clean (bars, sizes[s][0], sizes[s][1], "bars with bad values");
        assert_draws_clean (no_bars, sizes[s][0], sizes[s][1], "no bars");
        assert_draws_clean (many, sizes[s][0], sizes[s][1], "300 bars");
        assert_draws_clean (risk, sizes[s][0], sizes[s][1], "scatter with bad values");
        assert_draws_clean (no_risk, sizes[s][0], sizes[s][1], "empty scatter");
      }
  }
}

/* Pointing at a drawn item finds that item (tooltips and clicks). */
static void
test_hit_test (void)
{
  g_autoptr(HeeyuChartSpec) line = gallium_spec ();
  g_autoptr(HeeyuChartSpec) bars = heeyu_chart_spec_new (HEEYU_CHART_BAR);
  g_autoptr(HeeyuChartSpec) risk = heeyu_chart_spec_new (HEEYU_CHART_SCATTER);
  HeeyuChartSpec *specs[3];
  guint series;
  gsize index;

  heeyu_chart_spec_add_bar (bars, "China", 750, FALSE);
  heeyu_chart_spec_add_bar (bars, "Japan", 10, FALSE);
  heeyu_chart_spec_add_bar (bars, "Other", 20, TRUE);
  heeyu_chart_spec_add_scatter_point (risk, "Ga", "Gallium", 3.5, 4.0, 100);
  heeyu_chart_spec_add_scatter_point (risk, "W", "Tungsten", 7.3, 1.6, 900);
  heeyu_chart_spec_add_scatter_point (risk, "In", "Indium", 3.1, 0.6, 40);
  specs[0] = line, specs[1] = bars, specs[2] = risk;

  for (guint k = 0; k < G_N_ELEMENTS (specs); k++)
    for (gsize i = 0; i < heeyu_chart_spec_get_n_items (specs[k], 0); i++)
      {
        double x, y;

        g_assert_true (heeyu_chart_item_position (specs[k], 640, 400, NULL, 0, i, &x, &y));
        g_assert_true (heeyu_chart_hit_test (specs[k], 640, 400, NULL, x, y, &series, &index));
        g_assert_cmpuint (series, ==, 0);
        g_assert_cmpuint (index, ==, i);
      }

  g_assert_false (heeyu_chart_hit_test (risk, 640, 400, NULL, 2, 2, &series, &index));
  g_assert_cmpstr (heeyu_chart_spec_get_point_id (risk, 1), ==, "W");
}

static char *
tmp_path (const char *dir,
          const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static HeeyuChartSpec *
hangul_spec (void)
{
  HeeyuChartSpec *spec = gallium_spec ();

  heeyu_chart_spec_set_title (spec, "갈륨 가격 Gallium price");
  heeyu_chart_spec_add_marker (spec, 2023.5, "중국 수출 통제");
  return spec;
}

/* A PNG export opens at the size asked for and has the chart on it. */
static void
test_export_png (void)
{
  g_autoptr(HeeyuChartSpec) spec = hangul_spec ();
  g_autofree char *dir = g_dir_make_tmp ("heeyu-chart-XXXXXX", NULL);
  g_autofree char *path = tmp_path (dir, "chart.PNG");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *png;
  const guint32 *px;
  int stride, coloured = 0;

  g_assert_true (heeyu_chart_spec_export (spec, path, 1600, 900, NULL, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1600);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 900);

  /* Light background, and the series' blue somewhere on it. */
  px = (const guint32 *) cairo_image_surface_get_data (png);
  stride = cairo_image_surface_get_stride (png) / 4;
  g_assert_cmphex (px[5 * stride + 5] & 0xffffff, ==, 0xffffff);
  for (int y = 0; y < 900; y += 2)
    for (int x = 0; x < 1600; x += 2)
      {
        guint32 p = px[y * stride + x];
        int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (b > 150 && r < 60 && g > 80 && g < 150)
          coloured++;
      }
  g_assert_cmpint (coloured, >, 200);
  cairo_surface_destroy (png);
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean saw_svg_root;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              data,
           GError              **error)
{
  if (g_str_equal (element, "svg"))
    saw_svg_root = TRUE;
}

/* An SVG export is well-formed XML that names the chart. */
static void
test_export_svg (void)
{
  g_autoptr(HeeyuChartSpec) spec = hangul_spec ();
  g_autofree char *dir = g_dir_make_tmp ("heeyu-chart-XXXXXX", NULL);
  g_autofree char *path = tmp_path (dir, "chart.svg");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  GMarkupParseContext *ctx;
  gsize len;

  g_assert_true (heeyu_chart_spec_export (spec, path, 800, 450, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_true (g_str_has_prefix (text, "<?xml") || g_str_has_prefix (text, "<svg"));
  g_assert_nonnull (strstr (text, "<title>갈륨 가격 Gallium price</title>"));
  g_assert_nonnull (strstr (text, "<desc>갈륨 가격 Gallium price, 2019"));
  g_assert_nonnull (strstr (text, "width=\"800"));

  saw_svg_root = FALSE;
  ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  /* Skip the XML declaration, which GMarkup does not take. */
  g_assert_true (g_markup_parse_context_parse (ctx, strstr (text, "<svg"), -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);
  g_assert_true (saw_svg_root);
  g_unlink (path);
  g_rmdir (dir);
}

/* A PDF export carries the Hangul title as text a reader can copy and search. */
static void
test_export_pdf (void)
{
  g_autoptr(HeeyuChartSpec) spec = hangul_spec ();
  g_autofree char *dir = g_dir_make_tmp ("heeyu-chart-XXXXXX", NULL);
  g_autofree char *path = tmp_path (dir, "chart.pdf");
  g_autofree char *text = NULL, *out = NULL, *info = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (heeyu_chart_spec_export (spec, path, 800, 450, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "%PDF-"));

  /* poppler-utils is part of the build environment (see .ci). */
  if (pdftotext == NULL || pdfinfo == NULL)
    g_error ("pdftotext and pdfinfo (poppler-utils) are needed to check the PDF's text");
  {
    const char *argv[] = { pdftotext, path, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (out, "갈륨 가격 Gallium price"));
    g_assert_nonnull (strstr (out, "중국 수출 통제"));
    g_assert_nonnull (strstr (out, "USGS"));
  }
  {
    const char *argv[] = { pdfinfo, path, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &info, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (info, "갈륨 가격 Gallium price"));
    g_assert_nonnull (strstr (info, "800 x 450 pts"));
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* A wrong name or size is explained, and no file is left behind. */
static void
test_export_errors (void)
{
  g_autoptr(HeeyuChartSpec) spec = gallium_spec ();
  g_autofree char *dir = g_dir_make_tmp ("heeyu-chart-XXXXXX", NULL);
  g_autofree char *path = tmp_path (dir, "chart.jpeg");
  g_autofree char *png = tmp_path (dir, "chart.png");
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "chart.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (heeyu_chart_spec_export (spec, path, 800, 450, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, ".png, .svg or .pdf"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (heeyu_chart_spec_export (spec, png, 0, 450, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (heeyu_chart_spec_export (spec, missing, 800, 450, NULL, &error));
  g_assert_nonnull (error);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/scale/nice", test_scale_nice);
  g_test_add_func ("/chart/scale/degenerate", test_scale_degenerate);
  g_test_add_func ("/chart/format/numbers", test_format);
  g_test_add_func ("/chart/scale/date-ticks", test_date_ticks);
  g_test_add_func ("/chart/decimate", test_decimate);
  g_test_add_func ("/chart/labels/no-overlap", test_label_placement);
  g_test_add_func ("/chart/summary", test_summary);
  g_test_add_func ("/chart/csv", test_csv);
  g_test_add_func ("/chart/draw/bad-input", test_draw_bad_input);
  g_test_add_func ("/chart/hit-test", test_hit_test);
  g_test_add_func ("/chart/export/png", test_export_png);
  g_test_add_func ("/chart/export/svg", test_export_svg);
  g_test_add_func ("/chart/export/pdf", test_export_pdf);
  g_test_add_func ("/chart/export/errors", test_export_errors);

  return g_test_run ();
}
