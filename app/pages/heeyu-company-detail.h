/* heeyu-company-detail.h: everything about one company, its notes and
 * its neighbours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-cache.h"
#include "heeyu-company.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_COMPANY_DETAIL (heeyu_company_detail_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuCompanyDetail, heeyu_company_detail, HEEYU, COMPANY_DETAIL, GtkWidget)

/* Signals:
 * "show-filter" (int facet, GStrv values): the user asked to see all the
 *   companies of a complex or handling some metals in the directory.
 * "back": the back button of the folded layout was pressed.
 * "close": the close button of the side-by-side layout was pressed.
 * "company-changed": the shown company was edited and saved. */

void          heeyu_company_detail_set_cache     (HeeyuCompanyDetail *self,
                                                  HeeyuCache         *cache);
/* Shows @company (NULL: the "no company selected" page).  A note being
 * typed about the previous company is saved as a draft first. */
void          heeyu_company_detail_show          (HeeyuCompanyDetail *self,
                                                  HeeyuCompany       *company);
HeeyuCompany *heeyu_company_detail_get_company   (HeeyuCompanyDetail *self);
/* Shows the back button (the list and the detail are stacked). */
void          heeyu_company_detail_set_folded    (HeeyuCompanyDetail *self,
                                                  gboolean            folded);
/* Saves the note being typed as a draft now (also done on every change,
 * after a short pause, and when the window closes). */
void          heeyu_company_detail_save_draft    (HeeyuCompanyDetail *self);

/* For tests: the note composer's buffer, and the notes list box. */
GtkTextBuffer *heeyu_company_detail_get_note_buffer (HeeyuCompanyDetail *self);
GtkListBox    *heeyu_company_detail_get_notes_list  (HeeyuCompanyDetail *self);
/* Adds the note in the composer, as the "Add Note" button does. */
gboolean       heeyu_company_detail_add_note        (HeeyuCompanyDetail *self);

G_END_DECLS
