/* heeyu-slide-draw-directory.c: the directory slide, companies by stage and region
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "heeyu-slide-draw-private.h"

void
heeyu_slide_draw_directory (Ctx *c)
{
  double top = heeyu_slide_heading (c, "희유금속 산업 기업 현황", "Companies of the rare-metals industry");
  double bottom = heeyu_slide_footer (c) - GAP, col_w = (c->W - 2 * MARGIN - 4.0) / 2, y, kpi_h = 0;
  guint total = c->data ? heeyu_deck_data_get_n_companies (c->data) : 0;
  guint spec_n = c->data ? heeyu_deck_data_get_n_specialized (c->data) : 0;
  GArray *stages = c->data ? heeyu_deck_data_get_stages (c->data) : NULL;
  GArray *regions = c->data ? heeyu_deck_data_get_regions (c->data) : NULL;
  g_autoptr(HeeyuChartSpec) by_stage = heeyu_chart_spec_new (HEEYU_CHART_BAR);
  g_autoptr(HeeyuChartSpec) by_region = heeyu_chart_spec_new (HEEYU_CHART_BAR);

  if (total == 0)
    {
      heeyu_slide_put_text (c, L (c, "기업 자료가 없습니다.", "There are no companies in the local data."),
                            TEXT_H2, FALSE, MARGIN, top + 10, c->W - 2 * MARGIN, 2, 0, &c->fg);
      return;
    }

  /* Three key figures across the top. */
  {
    g_autofree char *a = heeyu_format_number (total, 0);
    g_autofree char *b = heeyu_format_number (spec_n, 0);
    g_autofree char *pct = g_strdup_printf (korean (c) ? "소재·부품 전문기업 (%.0f%%)"
                                                       : "specialized companies (%.0f%%)",
                                            100.0 * spec_n / total);
    g_autofree char *regions_n = g_strdup_printf ("%u", regions ? regions->len : 0);
    const char *figs[] = { a, b, regions_n };
    const char *caps[] = { L (c, "기업", "companies"), pct, L (c, "시·도", "regions") };
    double kw = (c->W - 2 * MARGIN) / 3;

    for (guint i = 0; i < 3; i++)
      {
        double h = heeyu_slide_put_text (c, figs[i], 8.0, TRUE, MARGIN + i * kw, top, kw - 2, 1, 0,
                                         i == 1 ? &c->accent : &c->fg);
        h += heeyu_slide_put_text (c, caps[i], TEXT_MIN, FALSE, MARGIN + i * kw, top + h,
                                   kw - 2, 1, 0, &c->muted);
        kpi_h = MAX (kpi_h, h);
      }
  }
  y = top + kpi_h + GAP;

  for (guint i = 0; stages && i < stages->len; i++)
    {
      HeeyuDeckCount *cnt = &g_array_index (stages, HeeyuDeckCount, i);
      heeyu_chart_spec_add_bar (by_stage, heeyu_slide_stage_name (cnt->code, korean (c)),
                                cnt->count, FALSE);
    }
  {
    guint other = 0;
    for (guint i = 0; regions && i < regions->len; i++)
      {
        HeeyuDeckCount *cnt = &g_array_index (regions, HeeyuDeckCount, i);
        if (i < 6)
          heeyu_chart_spec_add_bar (by_region, heeyu_slide_region_name (cnt->code, korean (c)),
                                    cnt->count, FALSE);
        else
          other += cnt->count;
      }
    if (other > 0)
      heeyu_chart_spec_add_bar (by_region, L (c, "그 밖의 지역", "Other regions"), other, TRUE);
  }
  {
    double h1 = heeyu_slide_put_text (c, L (c, "가치사슬 단계별 기업 수", "Companies by value-chain stage"),
                                      TEXT_MIN, TRUE, MARGIN, y, col_w, 1, 0, &c->fg);
    double h2 = heeyu_slide_put_text (c, L (c, "지역별 기업 수", "Companies by region"),
                                      TEXT_MIN, TRUE, MARGIN + col_w + 4.0, y, col_w, 1, 0, &c->fg);
    y += MAX (h1, h2) + 0.4;
  }
  heeyu_slide_draw_chart (c, by_stage, MARGIN, y, col_w, bottom - y);
  heeyu_slide_draw_chart (c, by_region, MARGIN + col_w + 4.0, y, col_w, bottom - y);
}
