/* heeyu-slide-draw-overview.c: the overview slide, every metal's band
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "heeyu-slide-draw-private.h"

void
heeyu_slide_draw_overview (Ctx *c)
{
  guint n = c->data ? heeyu_deck_data_get_n_metals (c->data) : 0;
  double top = heeyu_slide_heading (c, "희유금속 수급 안정 현황",
                                    "Supply stability of every metal");
  double bottom = heeyu_slide_footer (c) - GAP, legend_h, avail_w = c->W - 2 * MARGIN, gap = 1.0;
  const HeeyuMethodology *m = c->data ? heeyu_deck_data_get_methodology (c->data) : NULL;
  double sym_size = 4.8, label_size = TEXT_MIN, widest_sym = 0, widest_label = 0;
  double line_sym, line_label, tile_w = 0, tile_h = 0;
  guint cols = 0;
  gboolean stacked = TRUE, fits = FALSE;
  g_autoptr(GPtrArray) legend = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) legend_codes = g_ptr_array_new ();

  if (n == 0)
    {
      heeyu_slide_put_text (c, L (c, "표시할 금속 자료가 없습니다.", "There are no metals to show."),
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
      if (heeyu_slide_result_band_code (heeyu_deck_data_get_metal (c->data, i)->result) == NULL)
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
        g_ptr_array_add (legend, g_strdup_printf ("%s %s", heeyu_slide_band_name (c, code, TRUE),
                                                  heeyu_slide_band_name (c, code, FALSE)));
      else
        g_ptr_array_add (legend, g_strdup (heeyu_slide_band_name (c, code, korean (c))));
    }

  /* Lay the legend out in rows of swatch + name. */
  {
    double x = MARGIN, row_h, sw = 3.2, lh;
    guint rows = 1;
    g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) row_of = g_array_new (FALSE, FALSE, sizeof (guint));

    {
      g_autoptr(PangoLayout) probe = heeyu_slide_text_new (c, "Ag한", TEXT_MIN, FALSE, -1, 1);
      heeyu_slide_text_size (c, probe, NULL, &lh);
    }
    row_h = MAX (lh, sw) + 0.8;
    for (guint i = 0; i < legend->len; i++)
      {
        double item_w = sw + 1.0 + heeyu_slide_text_width (c, legend->pdata[i], TEXT_MIN, FALSE)
                        + 3.0;
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

        heeyu_slide_band_colors (legend_codes->pdata[i], &fill, &ink);
        heeyu_slide_fill_rect (c, lx, ly + (lh - sw) / 2, sw, sw, 0.5, &fill);
        heeyu_slide_put_text (c, legend->pdata[i], TEXT_MIN, FALSE, lx + sw + 1.0, ly, -1, 1, 0,
                              &c->fg);
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
      g_autofree char *label =
        heeyu_slide_band_short_name (c, heeyu_slide_result_band_code (metal->result));

      widest_sym = MAX (widest_sym, heeyu_slide_text_width (c, metal->code, sym_size, TRUE));
      widest_label = MAX (widest_label, heeyu_slide_text_width (c, label, label_size, FALSE));
    }
  {
    g_autoptr(PangoLayout) a = heeyu_slide_text_new (c, "Ag한", sym_size, TRUE, -1, 1);
    g_autoptr(PangoLayout) b = heeyu_slide_text_new (c, "Ag한", label_size, FALSE, -1, 1);
    heeyu_slide_text_size (c, a, NULL, &line_sym);
    heeyu_slide_text_size (c, b, NULL, &line_label);
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
      heeyu_slide_put_text (c, L (c, "금속이 너무 많아 한 화면에 담을 수 없습니다.",
                                  "Too many metals to show on one slide."),
                            TEXT_H2, FALSE, MARGIN, top + 10, avail_w, 2, 0, &c->fg);
      return;
    }
  cols--;

  for (guint i = 0; i < n; i++)
    {
      const HeeyuDeckMetal *metal = heeyu_deck_data_get_metal (c->data, i);
      const char *code = heeyu_slide_result_band_code (metal->result);
      g_autofree char *label = heeyu_slide_band_short_name (c, code);
      double tx = MARGIN + (i % cols) * (tile_w + gap);
      double ty = top + (i / cols) * (tile_h + gap);
      HeeyuColor fill, ink;

      heeyu_slide_band_colors (code, &fill, &ink);
      heeyu_slide_fill_rect (c, tx, ty, tile_w, tile_h, 0.8, &fill);
      if (stacked)
        {
          double y = ty + (tile_h - line_sym - line_label) / 2;
          heeyu_slide_put_text (c, metal->code, sym_size, TRUE, tx + tile_w / 2, y, -1, 1, 0.5,
                                &ink);
          heeyu_slide_put_text (c, label, label_size, FALSE, tx + tile_w / 2, y + line_sym,
                                -1, 1, 0.5, &ink);
        }
      else
        {
          heeyu_slide_put_text (c, metal->code, sym_size, TRUE, tx + 1.0,
                                ty + (tile_h - line_sym) / 2, -1, 1, 0, &ink);
          heeyu_slide_put_text (c, label, label_size, FALSE, tx + tile_w - 1.0,
                                ty + (tile_h - line_label) / 2, -1, 1, 1.0, &ink);
        }
    }
}
