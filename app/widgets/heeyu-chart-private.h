/* heeyu-chart-private.h: the chart description's fields, for the drawing code,
 * and the minus sign and en dash every chart file writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "heeyu-chart-data.h"

G_BEGIN_DECLS

#define MINUS_SIGN "\342\210\222"   /* U+2212, reads better than '-' on axes */
#define EN_DASH    "\342\200\223"

typedef struct {
  char   *name;
  GArray *x;            /* double, ascending, finite */
  GArray *y;            /* double, NAN = gap */
  gsize   n_finite;     /* points with a finite y */
  double  y_min, y_max; /* over finite y; NAN when n_finite == 0 */
} HeeyuChartSeries;

typedef struct {
  double x;
  char  *label;
} HeeyuChartMarker;

typedef struct {
  char    *label;
  double   value;
  gboolean is_other;
} HeeyuChartBar;

typedef struct {
  char  *id;
  char  *label;
  double x, y, size;
} HeeyuChartScatterPoint;

struct _HeeyuChartSpec
{
  gatomicrefcount ref_count;
  HeeyuChartKind  kind;

  char *title;
  char *subtitle;
  char *source;
  char *as_of;
  char *note;

  HeeyuAxisKind x_kind;
  char *x_label;
  char *y_label;
  char *unit;

  GPtrArray *series;    /* HeeyuChartSeries */
  GArray    *markers;   /* HeeyuChartMarker */
  GArray    *bars;      /* HeeyuChartBar */
  GArray    *points;    /* HeeyuChartScatterPoint */

  char  *size_label;
  double x_threshold;
  double y_threshold;

  gboolean show_extremes;
};

/* Finite x range over all series (and markers); FALSE when there is none. */
gboolean heeyu_chart_spec_x_range (const HeeyuChartSpec *spec,
                                   double               *x_min,
                                   double               *x_max);
/* Finite y range over all series; FALSE when there is none. */
gboolean heeyu_chart_spec_y_range (const HeeyuChartSpec *spec,
                                   double               *y_min,
                                   double               *y_max);

G_END_DECLS
