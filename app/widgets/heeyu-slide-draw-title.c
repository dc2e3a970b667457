/* heeyu-slide-draw-title.c: the title and closing slides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "heeyu-slide-draw-private.h"

void
heeyu_slide_draw_title (Ctx *c)
{
  double w = c->W - 2 * MARGIN, y, h_title, h_sub;
  g_autofree char *sub = heeyu_slide_deck_subtitle (c);
  g_autofree char *today = heeyu_slide_format_today (c, korean (c));
  g_autofree char *as_of = heeyu_slide_data_as_of_line (c, korean (c));
  PangoLayout *title = heeyu_slide_text_new (c, heeyu_slide_deck_title (c), 9.0, TRUE, w, 2);
  PangoLayout *subtitle = heeyu_slide_text_new (c, sub, 5.2, FALSE, w, 2);

  heeyu_slide_fill_rect (c, 0, 0, c->W, 2.2, 0, &c->accent);

  heeyu_slide_text_size (c, title, NULL, &h_title);
  heeyu_slide_text_size (c, subtitle, NULL, &h_sub);
  y = MAX (12.0, 46.0 - h_title - h_sub);
  y += heeyu_slide_put (c, title, MARGIN, y, 0, &c->fg);
  y += 1.5;
  y += heeyu_slide_put (c, subtitle, MARGIN, y, 0, &c->muted);
  y += 3.0;
  heeyu_slide_fill_rect (c, MARGIN, y, 24, 1.0, 0, &c->accent);
  y += 1.0 + 5.0;

  y += heeyu_slide_put_text (c, today, TEXT_H2, TRUE, MARGIN, y, w, 1, 0, &c->fg) + 1.0;
  y += heeyu_slide_put_text (c, as_of, TEXT_BODY, FALSE, MARGIN, y, w, 2, 0, &c->fg) + 0.6;
  if (c->lang == HEEYU_DECK_LANGUAGE_BOTH)
    {
      g_autofree char *as_of_en = heeyu_slide_data_as_of_line (c, FALSE);
      heeyu_slide_put_text (c, as_of_en, TEXT_MIN, FALSE, MARGIN, y, w, 2, 0, &c->muted);
    }
}

void
heeyu_slide_draw_closing (Ctx *c)
{
  double w = c->W - 2 * MARGIN, y = 30.0;
  g_autofree char *as_of = heeyu_slide_data_as_of_line (c, korean (c));

  heeyu_slide_fill_rect (c, 0, 0, c->W, 2.2, 0, &c->accent);
  y += heeyu_slide_put_text (c, L (c, "감사합니다", "Thank you"), 12.0, TRUE, c->W / 2, y, w, 1, 0.5,
                             &c->fg);
  if (c->lang == HEEYU_DECK_LANGUAGE_BOTH)
    y += heeyu_slide_put_text (c, "Thank you", 6.0, FALSE, c->W / 2, y, w, 1, 0.5, &c->muted);
  y += 4.0;
  heeyu_slide_fill_rect (c, c->W / 2 - 12, y, 24, 1.0, 0, &c->accent);
  y += 1.0 + 4.0;
  y += heeyu_slide_put_text (c, heeyu_slide_deck_title (c), 5.6, TRUE, c->W / 2, y, w, 2, 0.5,
                             &c->fg) + 1.5;
  heeyu_slide_put_text (c, as_of, TEXT_BODY, FALSE, c->W / 2, y, w, 2, 0.5, &c->muted);
}
