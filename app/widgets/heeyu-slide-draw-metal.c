/* heeyu-slide-draw-metal.c: the slide of one metal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "heeyu-slide-draw-private.h"

static char *
metal_title (Ctx                  *c,
             const HeeyuDeckMetal *m,
             gboolean              want_korean)
{
  return g_strdup_printf ("%s (%s)", want_korean ? m->name_ko : m->name_en, m->code);
}

void
heeyu_slide_draw_metal (Ctx        *c,
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
      top = heeyu_slide_heading (c, code, code);
      heeyu_slide_footer (c);
      heeyu_slide_put_text (c, L (c, "이 금속의 자료가 없습니다.", "There is no data for this metal."),
                            TEXT_H2, FALSE, MARGIN, top + 10, c->W - 2 * MARGIN, 2, 0, &c->fg);
      return;
    }
  r = m->result;
  t_ko = metal_title (c, m, TRUE);
  t_en = metal_title (c, m, FALSE);
  top = heeyu_slide_heading (c, t_ko, t_en);
  bottom = heeyu_slide_footer (c) - GAP;

  left_w = (c->W - 2 * MARGIN) * 0.37;
  right_x = MARGIN + left_w + 3.0;
  right_w = c->W - MARGIN - right_x;

  /* Left: the index, its band in words, the components, the events. */
  y = top;
  w = left_w;
  {
    g_autofree char *value = r->has_index ? g_strdup_printf ("%.1f", r->index) : g_strdup ("—");
    double vh, vw;
    PangoLayout *l = heeyu_slide_text_new (c, value, 13.0, TRUE, -1, 1);

    heeyu_slide_text_size (c, l, &vw, &vh);
    heeyu_slide_put (c, l, MARGIN, y, 0, &c->fg);
    heeyu_slide_put_text (c, L (c, "수급안정화지수", "Stability index"), TEXT_MIN, FALSE,
                          MARGIN + vw + 1.5, y + vh * 0.30, w - vw - 1.5, 1, 0, &c->muted);
    heeyu_slide_put_text (c, L (c, "0–100, 낮을수록 불안", "0–100, low = tight"),
                          TEXT_MIN, FALSE, MARGIN + vw + 1.5, y + vh * 0.30 + 4.6,
                          w - vw - 1.5, 1, 0, &c->muted);
    y += vh + 0.6;
  }
  band = heeyu_slide_result_band_code (r);
  heeyu_slide_band_colors (band, &fill, &ink);
  {
    g_autofree char *name = c->lang == HEEYU_DECK_LANGUAGE_BOTH
      ? g_strdup_printf ("%s %s", heeyu_slide_band_name (c, band, TRUE),
                         heeyu_slide_band_name (c, band, FALSE))
      : g_strdup (heeyu_slide_band_name (c, band, korean (c)));
    PangoLayout *l = heeyu_slide_text_new (c, name, TEXT_H2, TRUE, w - 2.4, 1);
    double bw, bh;

    heeyu_slide_text_size (c, l, &bw, &bh);
    heeyu_slide_fill_rect (c, MARGIN, y, bw + 2.4, bh + 1.2, 0.8, &fill);
    heeyu_slide_put (c, l, MARGIN + 1.2, y + 0.6, 0, &ink);
    y += bh + 1.2 + GAP;
  }

  /* Components: name and score out of 100. */
  for (guint i = 0; i < HEEYU_INDEX_N_COMPONENTS; i++)
    {
      const HeeyuIndexComponent *comp = &r->components[i];
      g_autofree char *score = comp->present ? g_strdup_printf ("%.0f", comp->score) : g_strdup ("—");
      double sw = heeyu_slide_text_width (c, score, TEXT_MIN, TRUE), h;

      if (comp->weight <= 0)
        continue;
      h = heeyu_slide_put_text (c, korean (c) ? comp->name_ko : comp->name_en, TEXT_MIN, FALSE,
                                MARGIN, y, w - sw - 2, 1, 0, comp->present ? &c->fg : &c->muted);
      heeyu_slide_put_text (c, score, TEXT_MIN, TRUE, MARGIN + w, y, -1, 1, 1.0,
                            comp->present ? &c->fg : &c->muted);
      y += h + 0.3;
    }

  /* Supply events, latest first, as many as fit. */
  if (m->events->len > 0)
    {
      double lh;
      g_autoptr(PangoLayout) probe = heeyu_slide_text_new (c, "Ag한", TEXT_MIN, FALSE, -1, 1);

      heeyu_slide_text_size (c, probe, NULL, &lh);
      y += GAP;
      if (y + 2 * lh < bottom)
        {
          y += heeyu_slide_put_text (c, L (c, "공급 사건", "Supply events"), TEXT_MIN, TRUE,
                                     MARGIN, y, w, 1, 0, &c->fg) + 0.3;
          for (guint i = m->events->len; i > 0; i--)
            {
              const HeeyuDeckEvent *e = m->events->pdata[i - 1];
              g_autofree char *line = g_strdup_printf ("%.7s %s", e->date ? e->date : "",
                                                       korean (c) ? e->title_ko : e->title_en);
              PangoLayout *l = heeyu_slide_text_new (c, line, TEXT_MIN, FALSE, w, 2);
              double h;

              heeyu_slide_text_size (c, l, NULL, &h);
              if (y + h > bottom)
                {
                  g_object_unref (l);
                  break;
                }
              y += heeyu_slide_put (c, l, MARGIN, y, 0, &c->event) + 0.4;
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
    lh = heeyu_slide_put_text (c, price_head, TEXT_MIN, TRUE, right_x, top, right_w, 1, 0, &c->fg);
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
    heeyu_slide_draw_chart (c, price, right_x, top + lh + 0.4, right_w, price_h - lh - 0.4);

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
        lh = heeyu_slide_put_text (c, prod_head, TEXT_MIN, TRUE, right_x, prod_y, right_w, 1, 0,
                                   &c->fg);
        heeyu_slide_draw_chart (c, prod, right_x, prod_y + lh + 0.4, right_w,
                                bottom - prod_y - lh - 0.4);
      }
    else
      heeyu_slide_put_text (c, L (c, "국가별 생산 자료 없음", "No production data by country"), TEXT_MIN,
                            FALSE, right_x, prod_y, right_w, 1, 0, &c->muted);
  }
}
