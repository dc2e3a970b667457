/* heeyu-slide-draw-risk.c: the risk matrix slide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "heeyu-slide-draw-private.h"

void
heeyu_slide_draw_risk (Ctx *c)
{
  double top = heeyu_slide_heading (c, "공급망 위험 매트릭스", "Risk matrix");
  double bottom = heeyu_slide_footer (c) - GAP, chart_w = (c->W - 2 * MARGIN) * 0.66, px, pw, y;
  const HeeyuMethodology *meth = c->data ? heeyu_deck_data_get_methodology (c->data) : NULL;
  g_autoptr(HeeyuChartSpec) spec = heeyu_chart_spec_new (HEEYU_CHART_SCATTER);
  g_autoptr(GString) critical = g_string_new (NULL);
  guint n = c->data ? heeyu_deck_data_get_n_metals (c->data) : 0, n_plotted = 0, n_critical = 0;

  heeyu_chart_spec_set_scatter_axes (spec, L (c, "경제적 중요도", "Economic importance"),
                                     L (c, "공급 위험", "Supply risk"), NULL);
  if (meth)
    heeyu_chart_spec_set_thresholds (spec, meth->threshold_ei, meth->threshold_sr);
  for (guint i = 0; i < n; i++)
    {
      const HeeyuDeckMetal *m = heeyu_deck_data_get_metal (c->data, i);
      const HeeyuIndexResult *r = m->result;

      if (!r->has_supply_risk || !r->has_economic_importance)
        continue;
      heeyu_chart_spec_add_scatter_point (spec, m->code, m->code, r->economic_importance,
                                          r->supply_risk, NAN);
      n_plotted++;
      if (r->critical)
        {
          if (critical->len > 0)
            g_string_append (critical, korean (c) ? ", " : ", ");
          g_string_append (critical, korean (c) ? m->name_ko : m->name_en);
          n_critical++;
        }
    }
  heeyu_slide_draw_chart (c, spec, MARGIN, top, chart_w, bottom - top);

  px = MARGIN + chart_w + 3.0;
  pw = c->W - MARGIN - px;
  y = top + 1.0;
  {
    g_autofree char *head = g_strdup_printf (korean (c) ? "핵심 광물 %u종" : "%u critical",
                                             n_critical);
    g_autofree char *rule = meth
      ? g_strdup_printf (korean (c) ? "경제적 중요도 ≥ %.1f, 공급 위험 ≥ %.1f (EU 기준)"
                                    : "Economic importance ≥ %.1f and supply risk ≥ %.1f (EU method)",
                         meth->threshold_ei, meth->threshold_sr)
      : NULL;
    g_autofree char *of = g_strdup_printf (korean (c) ? "평가 대상 %u종 중" : "of %u metals assessed",
                                           n_plotted);

    y += heeyu_slide_put_text (c, head, TEXT_H2 + 0.8, TRUE, px, y, pw, 1, 0, &c->event) + 0.3;
    y += heeyu_slide_put_text (c, of, TEXT_MIN, FALSE, px, y, pw, 1, 0, &c->muted) + GAP;
    if (rule)
      y += heeyu_slide_put_text (c, rule, TEXT_MIN, FALSE, px, y, pw, 3, 0, &c->fg) + GAP;
    if (critical->len > 0)
      {
        PangoLayout *l = heeyu_slide_text_new (c, critical->str, TEXT_BODY, TRUE, pw, 30);
        /* Wrap as many lines as the panel holds; the rest is ellipsized. */
        double lh;
        g_autoptr(PangoLayout) probe = heeyu_slide_text_new (c, "Ag한", TEXT_BODY, TRUE, -1, 1);

        heeyu_slide_text_size (c, probe, NULL, &lh);
        pango_layout_set_height (l, -MAX (1, (int) floor ((bottom - y) / lh)));
        heeyu_slide_put (c, l, px, y, 0, &c->fg);
      }
  }
}
