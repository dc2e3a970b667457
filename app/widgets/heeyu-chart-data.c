/* heeyu-chart-data.c: the chart description (HeeyuChartSpec) and its CSV, without
 * GTK; scales and ticks are in heeyu-chart-scale.c, the words in
 * heeyu-chart-words.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "heeyu-chart-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- The spec ------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (HeeyuChartSpec, heeyu_chart_spec,
                     heeyu_chart_spec_ref, heeyu_chart_spec_unref)

static void
series_free (gpointer data)
{
  HeeyuChartSeries *s = data;

  g_free (s->name);
  g_array_unref (s->x);
  g_array_unref (s->y);
  g_free (s);
}

static void
marker_clear (gpointer data)
{
  g_free (((HeeyuChartMarker *) data)->label);
}

static void
bar_clear (gpointer data)
{
  g_free (((HeeyuChartBar *) data)->label);
}

static void
point_clear (gpointer data)
{
  HeeyuChartScatterPoint *p = data;

  g_free (p->id);
  g_free (p->label);
}

HeeyuChartSpec *
heeyu_chart_spec_new (HeeyuChartKind kind)
{
  HeeyuChartSpec *spec = g_new0 (HeeyuChartSpec, 1);

  g_atomic_ref_count_init (&spec->ref_count);
  spec->kind = kind;
  spec->x_kind = HEEYU_AXIS_NUMBER;
  spec->series = g_ptr_array_new_with_free_func (series_free);
  spec->markers = g_array_new (FALSE, TRUE, sizeof (HeeyuChartMarker));
  g_array_set_clear_func (spec->markers, marker_clear);
  spec->bars = g_array_new (FALSE, TRUE, sizeof (HeeyuChartBar));
  g_array_set_clear_func (spec->bars, bar_clear);
  spec->points = g_array_new (FALSE, TRUE, sizeof (HeeyuChartScatterPoint));
  g_array_set_clear_func (spec->points, point_clear);
  spec->x_threshold = NAN;
  spec->y_threshold = NAN;
  spec->show_extremes = FALSE;
  return spec;
}

HeeyuChartSpec *
heeyu_chart_spec_ref (HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  g_atomic_ref_count_inc (&spec->ref_count);
  return spec;
}

void
heeyu_chart_spec_unref (HeeyuChartSpec *spec)
{
  g_return_if_fail (spec != NULL);
  if (!g_atomic_ref_count_dec (&spec->ref_count))
    return;

  g_free (spec->title);
  g_free (spec->subtitle);
  g_free (spec->source);
  g_free (spec->as_of);
  g_free (spec->note);
  g_free (spec->x_label);
  g_free (spec->y_label);
  g_free (spec->unit);
  g_free (spec->size_label);
  g_ptr_array_unref (spec->series);
  g_array_unref (spec->markers);
  g_array_unref (spec->bars);
  g_array_unref (spec->points);
  g_free (spec);
}

HeeyuChartKind
heeyu_chart_spec_get_kind (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, HEEYU_CHART_LINE);
  return spec->kind;
}

#define SETTER(field)                                   \
  void                                                  \
  heeyu_chart_spec_set_##field (HeeyuChartSpec *spec,   \
                                const char     *value)  \
  {                                                     \
    g_return_if_fail (spec != NULL);                    \
    g_free (spec->field);                               \
    spec->field = g_strdup (value);                     \
  }

SETTER (title)
SETTER (subtitle)
SETTER (source)
SETTER (as_of)
SETTER (note)

const char *
heeyu_chart_spec_get_title (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->title;
}

void
heeyu_chart_spec_set_x_axis (HeeyuChartSpec *spec,
                             HeeyuAxisKind   kind,
                             const char     *label)
{
  g_return_if_fail (spec != NULL);
  spec->x_kind = kind;
  g_free (spec->x_label);
  spec->x_label = g_strdup (label);
}

void
heeyu_chart_spec_set_y_axis (HeeyuChartSpec *spec,
                             const char     *label,
                             const char     *unit)
{
  g_return_if_fail (spec != NULL);
  g_free (spec->y_label);
  spec->y_label = g_strdup (label);
  g_free (spec->unit);
  spec->unit = g_strdup (unit);
}

HeeyuAxisKind
heeyu_chart_spec_get_x_kind (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, HEEYU_AXIS_NUMBER);
  return spec->x_kind;
}

const char *
heeyu_chart_spec_get_unit (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->unit;
}

typedef struct {
  double x, y;
} XY;

static int
cmp_xy (gconstpointer a,
        gconstpointer b)
{
  double xa = ((const XY *) a)->x, xb = ((const XY *) b)->x;

  return (xa > xb) - (xa < xb);
}

guint
heeyu_chart_spec_add_series (HeeyuChartSpec *spec,
                             const char     *name,
                             const double   *x,
                             const double   *y,
                             gsize           n)
{
  HeeyuChartSeries *s;
  g_autofree XY *pts = NULL;
  gsize m = 0;
  gboolean sorted = TRUE;

  g_return_val_if_fail (spec != NULL, 0);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), 0);

  /* Points without a usable x cannot be placed: drop them. */
  pts = g_new (XY, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    if (isfinite (x[i]))
      {
        pts[m].x = x[i];
        pts[m].y = isfinite (y[i]) ? y[i] : NAN;
        if (m > 0 && pts[m].x < pts[m - 1].x)
          sorted = FALSE;
        m++;
      }
  if (!sorted)
    qsort (pts, m, sizeof (XY), cmp_xy);

  s = g_new0 (HeeyuChartSeries, 1);
  s->name = g_strdup (name ? name : "");
  s->x = g_array_sized_new (FALSE, FALSE, sizeof (double), m);
  s->y = g_array_sized_new (FALSE, FALSE, sizeof (double), m);
  s->y_min = NAN;
  s->y_max = NAN;
  for (gsize i = 0; i < m; i++)
    {
      g_array_append_val (s->x, pts[i].x);
      g_array_append_val (s->y, pts[i].y);
      if (!isnan (pts[i].y))
        {
          if (s->n_finite == 0 || pts[i].y < s->y_min)
            s->y_min = pts[i].y;
          if (s->n_finite == 0 || pts[i].y > s->y_max)
            s->y_max = pts[i].y;
          s->n_finite++;
        }
    }

  g_ptr_array_add (spec->series, s);
  return spec->series->len - 1;
}

guint
heeyu_chart_spec_get_n_series (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, 0);
  return spec->series->len;
}

const char *
heeyu_chart_spec_get_series_name (const HeeyuChartSpec *spec,
                                  guint                 series)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (series >= spec->series->len)
    return NULL;
  return ((HeeyuChartSeries *) g_ptr_array_index (spec->series, series))->name;
}

gsize
heeyu_chart_spec_get_n_points (const HeeyuChartSpec *spec,
                               guint                 series)
{
  g_return_val_if_fail (spec != NULL, 0);
  if (series >= spec->series->len)
    return 0;
  return ((HeeyuChartSeries *) g_ptr_array_index (spec->series, series))->x->len;
}

gboolean
heeyu_chart_spec_get_point (const HeeyuChartSpec *spec,
                            guint                 series,
                            gsize                 i,
                            double               *x,
                            double               *y)
{
  HeeyuChartSeries *s;

  g_return_val_if_fail (spec != NULL, FALSE);
  if (series >= spec->series->len)
    return FALSE;
  s = g_ptr_array_index (spec->series, series);
  if (i >= s->x->len)
    return FALSE;
  if (x)
    *x = g_array_index (s->x, double, i);
  if (y)
    *y = g_array_index (s->y, double, i);
  return TRUE;
}

void
heeyu_chart_spec_add_marker (HeeyuChartSpec *spec,
                             double          x,
                             const char     *label)
{
  HeeyuChartMarker m;

  g_return_if_fail (spec != NULL);
  if (!isfinite (x))
    return;
  m.x = x;
  m.label = g_strdup (label ? label : "");
  g_array_append_val (spec->markers, m);
}

guint
heeyu_chart_spec_get_n_markers (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, 0);
  return spec->markers->len;
}

void
heeyu_chart_spec_add_bar (HeeyuChartSpec *spec,
                          const char     *label,
                          double          value,
                          gboolean        is_other)
{
  HeeyuChartBar b;

  g_return_if_fail (spec != NULL);
  b.label = g_strdup (label ? label : "");
  b.value = isfinite (value) ? value : NAN;
  b.is_other = !!is_other;
  g_array_append_val (spec->bars, b);
}

void
heeyu_chart_spec_add_scatter_point (HeeyuChartSpec *spec,
                                    const char     *id,
                                    const char     *label,
                                    double          x,
                                    double          y,
                                    double          size)
{
  HeeyuChartScatterPoint p;

  g_return_if_fail (spec != NULL);
  p.id = g_strdup (id ? id : "");
  p.label = g_strdup (label ? label : p.id);
  p.x = isfinite (x) ? x : NAN;
  p.y = isfinite (y) ? y : NAN;
  p.size = isfinite (size) ? size : NAN;
  g_array_append_val (spec->points, p);
}

void
heeyu_chart_spec_set_scatter_axes (HeeyuChartSpec *spec,
                                   const char     *x_label,
                                   const char     *y_label,
                                   const char     *size_label)
{
  g_return_if_fail (spec != NULL);
  g_free (spec->x_label);
  spec->x_label = g_strdup (x_label);
  g_free (spec->y_label);
  spec->y_label = g_strdup (y_label);
  g_free (spec->size_label);
  spec->size_label = g_strdup (size_label);
}

void
heeyu_chart_spec_set_thresholds (HeeyuChartSpec *spec,
                                 double          x_threshold,
                                 double          y_threshold)
{
  g_return_if_fail (spec != NULL);
  spec->x_threshold = isfinite (x_threshold) ? x_threshold : NAN;
  spec->y_threshold = isfinite (y_threshold) ? y_threshold : NAN;
}

const char *
heeyu_chart_spec_get_point_id (const HeeyuChartSpec *spec,
                               gsize                 i)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (i >= spec->points->len)
    return NULL;
  return g_array_index (spec->points, HeeyuChartScatterPoint, i).id;
}

const char *
heeyu_chart_spec_get_point_label (const HeeyuChartSpec *spec,
                                  gsize                 i)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (i >= spec->points->len)
    return NULL;
  return g_array_index (spec->points, HeeyuChartScatterPoint, i).label;
}

gboolean
heeyu_chart_spec_get_scatter_point (const HeeyuChartSpec *spec,
                                    gsize                 i,
                                    double               *x,
                                    double               *y,
                                    double               *size)
{
  const HeeyuChartScatterPoint *p;

  g_return_val_if_fail (spec != NULL, FALSE);
  if (i >= spec->points->len)
    return FALSE;
  p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
  if (x)
    *x = p->x;
  if (y)
    *y = p->y;
  if (size)
    *size = p->size;
  return TRUE;
}

const char *
heeyu_chart_spec_get_bar_label (const HeeyuChartSpec *spec,
                                gsize                 i)
{
  g_return_val_if_fail (spec != NULL, NULL);
  if (i >= spec->bars->len)
    return NULL;
  return g_array_index (spec->bars, HeeyuChartBar, i).label;
}

gboolean
heeyu_chart_spec_get_bar (const HeeyuChartSpec *spec,
                          gsize                 i,
                          double               *value,
                          gboolean             *is_other)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  if (i >= spec->bars->len)
    return FALSE;
  if (value)
    *value = g_array_index (spec->bars, HeeyuChartBar, i).value;
  if (is_other)
    *is_other = g_array_index (spec->bars, HeeyuChartBar, i).is_other;
  return TRUE;
}

const char *
heeyu_chart_spec_get_x_label (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->x_label;
}

const char *
heeyu_chart_spec_get_y_label (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->y_label;
}

const char *
heeyu_chart_spec_get_size_label (const HeeyuChartSpec *spec)
{
  g_return_val_if_fail (spec != NULL, NULL);
  return spec->size_label;
}

void
heeyu_chart_spec_set_show_extremes (HeeyuChartSpec *spec,
                                    gboolean        show)
{
  g_return_if_fail (spec != NULL);
  spec->show_extremes = !!show;
}

gboolean
heeyu_chart_spec_x_range (const HeeyuChartSpec *spec,
                          double               *x_min,
                          double               *x_max)
{
  gboolean any = FALSE;
  double lo = NAN, hi = NAN;

  for (guint i = 0; i < spec->series->len; i++)
    {
      HeeyuChartSeries *s = g_ptr_array_index (spec->series, i);

      if (s->x->len == 0)
        continue;
      if (!any || g_array_index (s->x, double, 0) < lo)
        lo = g_array_index (s->x, double, 0);
      if (!any || g_array_index (s->x, double, s->x->len - 1) > hi)
        hi = g_array_index (s->x, double, s->x->len - 1);
      any = TRUE;
    }
  *x_min = lo;
  *x_max = hi;
  return any;
}

gboolean
heeyu_chart_spec_y_range (const HeeyuChartSpec *spec,
                          double               *y_min,
                          double               *y_max)
{
  gboolean any = FALSE;
  double lo = NAN, hi = NAN;

  for (guint i = 0; i < spec->series->len; i++)
    {
      HeeyuChartSeries *s = g_ptr_array_index (spec->series, i);

      if (s->n_finite == 0)
        continue;
      if (!any || s->y_min < lo)
        lo = s->y_min;
      if (!any || s->y_max > hi)
        hi = s->y_max;
      any = TRUE;
    }
  *y_min = lo;
  *y_max = hi;
  return any;
}

/* ---- CSV ------------------------------------------------------------------ */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  text = text ? text : "";
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_number (GString *out,
            double   v,
            gboolean last)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Plain machine-readable numbers: no separators, '.' as the point. */
  csv_field (out, isfinite (v) ? g_ascii_formatd (buf, sizeof buf, "%.15g", v) : "", last);
}

char *
heeyu_chart_spec_to_csv (const HeeyuChartSpec *spec)
{
  GString *out;

  g_return_val_if_fail (spec != NULL, NULL);

  out = g_string_new ("\357\273\277");
  switch (spec->kind)
    {
    case HEEYU_CHART_BAR:
      csv_field (out, "category", FALSE);
      csv_field (out, spec->y_label ? spec->y_label : "value", FALSE);
      csv_field (out, "unit", FALSE);
      csv_field (out, "other", TRUE);
      for (guint i = 0; i < spec->bars->len; i++)
        {
          const HeeyuChartBar *b = &g_array_index (spec->bars, HeeyuChartBar, i);
          csv_field (out, b->label, FALSE);
          csv_number (out, b->value, FALSE);
          csv_field (out, spec->unit, FALSE);
          csv_field (out, b->is_other ? "yes" : "no", TRUE);
        }
      break;

    case HEEYU_CHART_SCATTER:
      csv_field (out, "id", FALSE);
      csv_field (out, "label", FALSE);
      csv_field (out, spec->x_label ? spec->x_label : "x", FALSE);
      csv_field (out, spec->y_label ? spec->y_label : "y", FALSE);
      csv_field (out, spec->size_label ? spec->size_label : "size", TRUE);
      for (guint i = 0; i < spec->points->len; i++)
        {
          const HeeyuChartScatterPoint *p = &g_array_index (spec->points, HeeyuChartScatterPoint, i);
          csv_field (out, p->id, FALSE);
          csv_field (out, p->label, FALSE);
          csv_number (out, p->x, FALSE);
          csv_number (out, p->y, FALSE);
          csv_number (out, p->size, TRUE);
        }
      break;

    case HEEYU_CHART_LINE:
    case HEEYU_CHART_SPARKLINE:
    default:
      csv_field (out, "series", FALSE);
      csv_field (out, spec->x_label ? spec->x_label
                      : spec->x_kind == HEEYU_AXIS_DATE ? "date"
                      : spec->x_kind == HEEYU_AXIS_YEAR ? "year" : "x", FALSE);
      csv_field (out, spec->y_label ? spec->y_label : "value", FALSE);
      csv_field (out, "unit", TRUE);
      for (guint k = 0; k < spec->series->len; k++)
        {
          HeeyuChartSeries *s = g_ptr_array_index (spec->series, k);

          for (guint i = 0; i < s->x->len; i++)
            {
              double x = g_array_index (s->x, double, i);
              g_autofree char *xs = NULL;

              csv_field (out, s->name, FALSE);
              if (spec->x_kind == HEEYU_AXIS_NUMBER)
                csv_number (out, x, FALSE);
              else
                {
                  xs = heeyu_chart_format_x (spec->x_kind, x);
                  csv_field (out, xs, FALSE);
                }
              csv_number (out, g_array_index (s->y, double, i), FALSE);
              csv_field (out, spec->unit, TRUE);
            }
        }
      break;
    }

  return g_string_free (out, FALSE);
}

gboolean
heeyu_chart_spec_export_csv (const HeeyuChartSpec  *spec,
                             const char            *path,
                             GError               **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv = heeyu_chart_spec_to_csv (spec);
  return g_file_set_contents (path, csv, -1, error);
}
