/* heeyu-company-editor.h: the form an editor changes a company's record in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-cache.h"

G_BEGIN_DECLS

#define HEEYU_TYPE_COMPANY_EDITOR (heeyu_company_editor_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuCompanyEditor, heeyu_company_editor, HEEYU, COMPANY_EDITOR, AdwWindow)

/* Signal "saved": the edit was written locally and queued for the server. */

/* NULL with an error if the company is gone or the user may not edit. */
GtkWidget *heeyu_company_editor_new        (HeeyuCache         *cache,
                                            const char         *company_id,
                                            GError            **error);
/* For tests: the entry of a field ("reg_no"), and whether Save is possible. */
GtkEditable *heeyu_company_editor_get_field (HeeyuCompanyEditor *self,
                                             const char         *field);
/* The message shown under a field, NULL when it is valid. */
const char *heeyu_company_editor_get_message (HeeyuCompanyEditor *self,
                                              const char         *field);
gboolean   heeyu_company_editor_can_save   (HeeyuCompanyEditor *self);
gboolean   heeyu_company_editor_save       (HeeyuCompanyEditor *self);

G_END_DECLS
