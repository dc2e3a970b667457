/* heeyu-chart-words.c: a chart in words: its summary and the description of
 * item (tooltips, the callout, screen readers, the SVG <desc>)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-chart-private.h"

#include <math.h>
#include <string.h>

/* ---- Words ---------------------------------------------------------------- */

static char *
with_unit (double      value,
           const char *unit)
{
  g_autofree char *v = heeyu_format_value (value);

  if (unit && *unit)
    return g_strdup_printf ("%s %s", v, unit);
  return g_steal_pointer (&v);
}

/* Summaries round to what a sentence needs: 303.296 reads "303". */
static char *
format_brief (double value)
{
  double a = fabs (value);
  char *s = heeyu_format_number (value, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
  char *dot = strchr (s, '.');

  if (dot)
    {
      char *end = s + strlen (s) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return s;
}

static char *
brief_with_unit (double      value,
                 const char *unit)
{
  g_autofree char *v = format_brief (value);

  if (unit && *unit)
    return g_strdup_printf ("%s %s", v, unit);
  return g_steal_pointer (&v);
}

gsize
heeyu_chart_spec_get_n_items (const HeeyuChartSpec *spec,
                              guint                 series)
{
  g_return_val_if_fail (spec != NULL, 0);
  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      return spec->bars->len;
    case HEEYU_CHART_SCATTER:
      return spec->points->len;
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      return heeyu_chart_spec_get_n_points (spec, series);
    }
}

static double
bars_total (const HeeyuChartSpec *spec)
{
  double total = 0;

  for (guint i = 0; i < spec->bars->len; i++)
    {
      double v = g_array_index (spec->bars, HeeyuChartBar, i).value;
      if (isfinite (v) && v > 0)
        total += v;
    }
  return total;
}

char *
heeyu_chart_spec_describe_item (const HeeyuChartSpec *spec,
                                guint                 series,
                                gsize                 i)
{
  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      {
        const HeeyuChartBar *b;
        g_autofree char *v = NULL;
        double total = bars_total (spec);

        if (i >= spec->bars->len)
          return NULL;
        b = &g_array_index (spec->bars, HeeyuChartBar, i);
        if (isnan (b->value))
          return g_strdup_printf (_("%s: no data"), b->label);
        v = with_unit (b->value, spec->unit);
        if (total > 0 && b->value >= 0)
          return g_strdup_printf ("%s: %s (%.1f%%)", b->label, v, 100.0 * b->value / total);
        return g_strdup_printf ("%s: %s", b->label, v);
      }

    case HEEYU_CHART_SCATTER:
      {
        const HeeyuChartScatterPoint *p;
        g_autofree char *xs = NULL, *ys = NULL, *ss = NULL;

        if (i >= spec->points->len)
          return NULL;
        p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
        xs = heeyu_format_value (p->x);
        ys = heeyu_format_value (p->y);
        ss = heeyu_format_value (p->size);
        return g_strdup_printf ("%s: %s %s, %s %s%s%s%s%s", p->label,
                                spec->x_label ? spec->x_label : "x", xs,
                                spec->y_label ? spec->y_label : "y", ys,
                                isnan (p->size) ? "" : ", ",
                                isnan (p->size) ? "" : (spec->size_label ? spec->size_label : _("size")),
                                isnan (p->size) ? "" : " ",
                                isnan (p->size) ? "" : ss);
      }

    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      {
        double x, y;
        g_autofree char *xs = NULL, *v = NULL;
        const char *name = heeyu_chart_spec_get_series_name (spec, series);

        if (!heeyu_chart_spec_get_point (spec, series, i, &x, &y))
          return NULL;
        xs = heeyu_chart_format_x (spec->x_kind, x);
        v = isnan (y) ? g_strdup (_("no data")) : with_unit (y, spec->unit);
        if (name && *name && spec->series->len > 1)
          return g_strdup_printf ("%s, %s: %s", name, xs, v);
        return g_strdup_printf ("%s: %s", xs, v);
      }
    }
}

static const char *
chart_name (const HeeyuChartSpec *spec)
{
  if (spec->title && *spec->title)
    return spec->title;
  if (spec->series->len > 0)
    {
      const char *n = heeyu_chart_spec_get_series_name (spec, 0);
      if (n && *n)
        return n;
    }
  return _("Chart");
}

static char *
summarize_line (const HeeyuChartSpec *spec)
{
  HeeyuChartSeries *s = NULL;
  gsize first = 0, last = 0, peak = 0;
  gboolean any = FALSE;
  GString *out;
  g_autofree char *x0 = NULL, *x1 = NULL, *v0 = NULL, *v1 = NULL;

  for (guint k = 0; k < spec->series->len && s == NULL; k++)
    if (((HeeyuChartSeries *) g_ptr_array_index (spec->series, k))->n_finite > 0)
      s = g_ptr_array_index (spec->series, k);
  if (s == NULL)
    return g_strdup_printf (_("%s: no data."), chart_name (spec));

  for (gsize i = 0; i < s->y->len; i++)
    {
      double y = g_array_index (s->y, double, i);

      if (isnan (y))
        continue;
      if (!any)
        first = peak = i;
      any = TRUE;
      last = i;
      if (y > g_array_index (s->y, double, peak))
        peak = i;
    }

  x0 = heeyu_chart_format_x (spec->x_kind, g_array_index (s->x, double, first));
  x1 = heeyu_chart_format_x (spec->x_kind, g_array_index (s->x, double, last));
  v0 = format_brief (g_array_index (s->y, double, first));
  v1 = brief_with_unit (g_array_index (s->y, double, last), spec->unit);

  out = g_string_new (chart_name (spec));
  if (first == last)
    {
      g_string_append_printf (out, ", %s: %s", x0, v1);
    }
  else
    {
      /* Translators: a period and how a value moved over it: "2019–2023, from 573 to 530 USD/kg" */
      g_string_append_printf (out, _(", %s–%s, from %s to %s"), x0, x1, v0, v1);
      if (peak != first && peak != last)
        {
          g_autofree char *vp = format_brief (g_array_index (s->y, double, peak));
          g_autofree char *xp = heeyu_chart_format_x (spec->x_kind,
                                                      g_array_index (s->x, double, peak));
          g_string_append_printf (out, _(", peak %s in %s"), vp, xp);
        }
    }
  if (spec->series->len > 1)
    g_string_append_printf (out, _(" (%s; %u series in all)"), s->name, spec->series->len);
  if (spec->markers->len > 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "; %u event marked", "; %u events marked",
                                              spec->markers->len),
                            spec->markers->len);
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

static char *
summarize_bars (const HeeyuChartSpec *spec)
{
  const HeeyuChartBar *top = NULL;
  double total = bars_total (spec);
  g_autofree char *v = NULL, *t = NULL;

  for (guint i = 0; i < spec->bars->len; i++)
    {
      const HeeyuChartBar *b = &g_array_index (spec->bars, HeeyuChartBar, i);
      if (!b->is_other && isfinite (b->value) && (top == NULL || b->value > top->value))
        top = b;
    }
  if (top == NULL)
    return g_strdup_printf (_("%s: no data."), chart_name (spec));

  v = brief_with_unit (top->value, spec->unit);
  t = brief_with_unit (total, spec->unit);
  if (total > 0 && top->value > 0)
    return g_strdup_printf (_("%s: %u categories, largest %s with %s (%.0f%% of %s)."),
                            chart_name (spec), spec->bars->len, top->label, v,
                            100.0 * top->value / total, t);
  return g_strdup_printf (_("%s: %u categories, largest %s with %s."),
                          chart_name (spec), spec->bars->len, top->label, v);
}

static char *
summarize_scatter (const HeeyuChartSpec *spec)
{
  GString *out;
  g_autoptr(GPtrArray) high = g_ptr_array_new ();

  if (spec->points->len == 0)
    return g_strdup_printf (_("%s: no data."), chart_name (spec));

  out = g_string_new (chart_name (spec));
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, ": %u point", ": %u points",
                                            spec->points->len),
                          spec->points->len);
  if (!isnan (spec->x_threshold) || !isnan (spec->y_threshold))
    {
      for (guint i = 0; i < spec->points->len; i++)
        {
          const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
          if ((isnan (spec->x_threshold) || p->x >= spec->x_threshold)
              && (isnan (spec->y_threshold) || p->y >= spec->y_threshold))
            g_ptr_array_add (high, p->label);
        }
      if (!isnan (spec->x_threshold) && !isnan (spec->y_threshold))
        g_string_append_printf (out, _(", %u above the thresholds"), high->len);
      else
        g_string_append_printf (out, _(", %u above the threshold"), high->len);
      for (guint i = 0; i < high->len && i < 5; i++)
        g_string_append_printf (out, "%s%s", i == 0 ? ": " : ", ", (char *) high->pdata[i]);
      if (high->len > 5)
        g_string_append_printf (out, _(" and %u more"), high->len - 5);
    }
  g_string_append_c (out, '.');
  return g_string_free (out, FALSE);
}

char *
heeyu_chart_spec_summarize (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);

  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      return summarize_bars (spec);
    case HEEYU_CHART_SCATTER:
      return summarize_scatter (spec);
    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      return summarize_line (spec);
    }
}
