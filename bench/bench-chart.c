/* bench-chart.c: frame time of a 10-year daily price chart at 1920 × 1080
 *
 * Draws the same chart the metal page shows (3,650 daily prices with gaps,
 * event markers, title, source) with heeyu_chart_draw() into an image surface,
 * as the screen and the PNG export do, many times, and prints the median and
 * 95th percentile frame time. Goal: median under 8 ms (half a 60 Hz frame).
 *
 *   bench-chart [FRAMES]    (default 200)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <cairo.h>

#include "heeyu-chart-data.h"
#include "heeyu-chart-draw.h"

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* CPU time of this thread: on a shared 2-core machine wall time also counts
 * the other processes' turns, CPU time does not. */
static double
thread_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static HeeyuChartSpec *
daily_prices (gsize n)
{
  HeeyuChartSpec *spec = heeyu_chart_spec_new (HEEYU_CHART_LINE);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  double x0 = heeyu_chart_date_to_x (2014, 1, 1), v = 300;
  GRand *rand = g_rand_new_with_seed (2024);

  for (gsize i = 0; i < n; i++)
    {
      v = MAX (50, v + g_rand_double_range (rand, -4, 4));
      x[i] = x0 + i;
      /* Weekends and a month without quotes, as real series have. */
      y[i] = (i % 7 == 5 || (i > 1200 && i < 1230)) ? NAN : v;
    }
  g_rand_free (rand);

  heeyu_chart_spec_set_title (spec, "텅스텐 APT 가격 Tungsten APT price, daily");
  heeyu_chart_spec_set_source (spec, "Synthetic benchmark data");
  heeyu_chart_spec_set_as_of (spec, "2024-01-01");
  heeyu_chart_spec_set_x_axis (spec, HEEYU_AXIS_DATE, NULL);
  heeyu_chart_spec_set_y_axis (spec, "Price", "USD/mtu");
  heeyu_chart_spec_add_series (spec, "APT", x, y, n);
  heeyu_chart_spec_add_marker (spec, heeyu_chart_date_to_x (2020, 3, 11), "COVID-19");
  heeyu_chart_spec_add_marker (spec, heeyu_chart_date_to_x (2023, 8, 1), "China export controls");
  return spec;
}

static void
run (const char           *what,
     HeeyuChartSpec       *spec,
     const HeeyuChartStyle *style,
     int                   frames)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  g_autofree double *ms = g_new (double, frames);
  g_autofree double *cpu = g_new (double, frames);

  for (int i = -5; i < frames; i++)   /* 5 warm-up frames: font caches */
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();
      double c0 = thread_ms ();

      heeyu_chart_draw (spec, cr, 1920, 1080, style);
      cairo_surface_flush (surface);
      if (i >= 0)
        {
          ms[i] = (g_get_monotonic_time () - t0) / 1000.0;
          cpu[i] = thread_ms () - c0;
        }
      if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
        {
          g_printerr ("bench-chart: drawing failed: %s\n", cairo_status_to_string (cairo_status (cr)));
          exit (1);
        }
      cairo_destroy (cr);
    }
  qsort (ms, frames, sizeof (double), cmp_double);
  qsort (cpu, frames, sizeof (double), cmp_double);
  g_print ("%-34s median %6.2f ms  p95 %6.2f ms  min %6.2f ms | CPU median %6.2f ms  (%d frames)\n",
           what, ms[frames / 2], ms[(int) (frames * 0.95)], ms[0], cpu[frames / 2], frames);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int frames = argc > 1 ? atoi (argv[1]) : 200;
  g_autoptr(HeeyuChartSpec) spec = daily_prices (3650);
  g_autoptr(HeeyuChartSpec) empty = heeyu_chart_spec_new (HEEYU_CHART_LINE);
  HeeyuChartStyle light, hover;

  if (frames < 10)
    frames = 10;
  heeyu_chart_style_init (&light, FALSE);
  hover = light;
  hover.highlight_series = 0;
  hover.highlight_index = 2000;
  heeyu_chart_spec_set_title (empty, "Empty chart (axes and text only)");

  g_print ("bench-chart: 1920x1080 ARGB32 image surface, cairo %s\n", cairo_version_string ());
  run ("empty chart (floor)", empty, &light, frames);
  run ("3,650 daily prices", spec, &light, frames);
  run ("3,650 daily prices, hover callout", spec, &hover, frames);
  g_print ("goal: median < 8 ms for 3,650 daily prices\n");
  return 0;
}
