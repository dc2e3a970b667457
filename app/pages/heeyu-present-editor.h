/* heeyu-present-editor.h: choose and order slides and metals, set the
 * auto-advance, save decks under names, show or export one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-application.h"
#include "heeyu-deck.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_PRESENT_EDITOR (heeyu_present_editor_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuPresentEditor, heeyu_present_editor, HEEYU, PRESENT_EDITOR, AdwWindow)

HeeyuPresentEditor *heeyu_present_editor_new       (HeeyuApplication   *app);
/* Shows @deck in the editor (copied); what the editor holds now. */
void                heeyu_present_editor_set_deck  (HeeyuPresentEditor *self,
                                                    const HeeyuDeck    *deck);
HeeyuDeck          *heeyu_present_editor_get_deck  (HeeyuPresentEditor *self);
/* The metals of the deck the local data lacks, as the editor says them. */
const char         *heeyu_present_editor_get_missing_text (HeeyuPresentEditor *self);

G_END_DECLS
