/* heeyu-chart-export.c: a chart written to PNG, SVG or PDF with heeyu_chart_draw()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "heeyu-chart-draw-private.h"

/* ---- Export --------------------------------------------------------------- */

gboolean
heeyu_chart_format_from_path (const char       *path,
                              HeeyuChartFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".png"))
    *format = HEEYU_CHART_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = HEEYU_CHART_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = HEEYU_CHART_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

static cairo_status_t
append_to_gstring (void                *closure,
                   const unsigned char *data,
                   unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
svg_add_title (GString    *svg,
               const char *title,
               const char *desc)
{
  const char *open = strstr (svg->str, "<svg");
  const char *end = open ? strchr (open, '>') : NULL;
  g_autofree char *t = NULL, *d = NULL, *ins = NULL;

  if (end == NULL)
    return;
  /* The accessible name and description of the picture; also lets anyone find
   * the chart's words, which cairo writes as glyph outlines. */
  t = g_markup_escape_text (title ? title : "", -1);
  d = g_markup_escape_text (desc ? desc : "", -1);
  ins = g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", t, d);
  g_string_insert (svg, end - svg->str + 1, ins);
}

gboolean
heeyu_chart_spec_export (const HeeyuChartSpec   *spec,
                         const char             *path,
                         int                     width,
                         int                     height,
                         const HeeyuChartStyle  *style,
                         GError                **error)
{
  HeeyuChartFormat format;
  HeeyuChartStyle light;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  g_autoptr(GString) buf = g_string_new (NULL);
  g_autofree char *summary = NULL;
  g_autofree char *basename = NULL;
  double scale = 1;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  basename = g_path_get_basename (path);
  if (!heeyu_chart_format_from_path (path, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Cannot export the chart to “%s”: the name must end in .png, .svg or .pdf",
                   basename);
      return FALSE;
    }
  if (width < 16 || height < 16 || width > 16384 || height > 16384)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Cannot export the chart at %d × %d: each side must be 16 to 16,384",
                   width, height);
      return FALSE;
    }
  if (style == NULL)
    {
      heeyu_chart_style_init (&light, FALSE);
      style = &light;
    }
  summary = heeyu_chart_spec_summarize (spec);

  switch (format)
    {
    case HEEYU_CHART_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      if (spec->kind != HEEYU_CHART_SPARKLINE)
        scale = MAX (1.0, MIN (width / 800.0, height / 450.0));
      break;
    case HEEYU_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_gstring, buf, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case HEEYU_CHART_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (append_to_gstring, buf, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                      spec->title ? spec->title : "");
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, summary);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Heeyu");
      break;
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  heeyu_chart_draw (spec, cr, (int) round (width / scale), (int) round (height / scale), style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (status == CAIRO_STATUS_SUCCESS && format == HEEYU_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_gstring, buf);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not draw the chart for “%s”: %s", basename,
                   cairo_status_to_string (status));
      return FALSE;
    }

  if (format == HEEYU_CHART_FORMAT_SVG)
    svg_add_title (buf, spec->title, summary);

  return g_file_set_contents (path, buf->str, buf->len, error);
}
