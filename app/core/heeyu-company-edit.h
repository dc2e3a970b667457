/* heeyu-company-edit.h: editing a company's record, with validation
 *
 * The form holds every field as the text the user typed (fields are named
 * as in the data model: "name_ko", "reg_no", "founded", …).  Validation
 * gives one translated message per invalid field, to show next to it; an
 * edit with any invalid field cannot be saved.  Saving writes the local
 * record at once (through the ingest path, so search, filters and counts
 * follow) and queues an outbox upsert with base_rev = the rev the edit
 * started from.  Only users whose role may edit (heeyu_notes_can_edit())
 * may save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "heeyu-cache.h"

G_BEGIN_DECLS

#define HEEYU_COMPANY_EDIT_ERROR (heeyu_company_edit_error_quark ())

typedef enum
{
  HEEYU_COMPANY_EDIT_ERROR_INVALID,    /* some field is invalid; see _validate() */
  HEEYU_COMPANY_EDIT_ERROR_NOT_FOUND,  /* the company is gone */
  HEEYU_COMPANY_EDIT_ERROR_FORBIDDEN,  /* the user's role may not edit */
} HeeyuCompanyEditError;

GQuark              heeyu_company_edit_error_quark   (void);

/* The editable fields, in form order, NULL-terminated:
 * name_ko, name_en, reg_no, region, city, address, complex, founded,
 * employees, revenue_krw_m, products, website, email, phone, specialized
 * ("yes"/"no" or ""), specialized_year, metals, stages, certifications
 * (lists as text: comma-separated, "Ga, In"). */
const char * const *heeyu_company_edit_fields        (void);
/* Translated label of a field ("Korean name"), for the form and XLSX. */
const char         *heeyu_company_edit_field_label   (const char *field);

/* Validates one field's text alone; NULL when valid, else a translated
 * message ("The business number's check digit is wrong: …").  Rules:
 * name_ko required (1–200 characters), name_en up to 200; reg_no empty or
 * NNN-NN-NNNNN (dashes optional) with a valid check digit (weights
 * 1,3,7,1,3,7,1,3,5, docs/data.md); email, website well formed (website
 * http or https); founded 1900..this year; specialized_year 1990..this year
 * (and not before founded, checked by _validate); employees 0..1,000,000;
 * revenue_krw_m ≥ 0; region a KR-NN code we know; phone digits, spaces,
 * dashes, + and parentheses.  Empty optional fields are valid. */
char               *heeyu_company_edit_check_field   (const char *field,
                                                      const char *text);

/* Business registration number check, for reuse: @text with or without
 * dashes. */
gboolean            heeyu_reg_no_is_valid            (const char *text);

typedef struct _HeeyuCompanyEdit HeeyuCompanyEdit;

/* An edit of the company with record id @company_id, its fields filled from
 * the stored record. */
HeeyuCompanyEdit   *heeyu_company_edit_new           (HeeyuCache        *cache,
                                                      const char        *company_id,
                                                      GError           **error);
void                heeyu_company_edit_free          (HeeyuCompanyEdit  *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuCompanyEdit, heeyu_company_edit_free)

const char         *heeyu_company_edit_get_id        (HeeyuCompanyEdit  *edit);
/* The rev the edit started from (its base_rev). */
gint64              heeyu_company_edit_get_base_rev  (HeeyuCompanyEdit  *edit);
/* The field's current text, "" when empty; NULL for an unknown field. */
const char         *heeyu_company_edit_get           (HeeyuCompanyEdit  *edit,
                                                      const char        *field);
void                heeyu_company_edit_set           (HeeyuCompanyEdit  *edit,
                                                      const char        *field,
                                                      const char        *text);
/* TRUE if some field differs from the stored record. */
gboolean            heeyu_company_edit_is_changed    (HeeyuCompanyEdit  *edit);

/* Checks every field, and rules across fields; returns field name →
 * translated message for each invalid field (empty table: valid). */
GHashTable         *heeyu_company_edit_validate      (HeeyuCompanyEdit  *edit);

/* The edit's fields as a JSON object of texts, for a draft
 * (heeyu_draft_save (cache, "company-edit", id, json)); and back. */
char               *heeyu_company_edit_to_draft      (HeeyuCompanyEdit  *edit);
void                heeyu_company_edit_apply_draft   (HeeyuCompanyEdit  *edit,
                                                      const char        *draft_json);

/* Validates, then in one transaction updates the local record (keeping its
 * rev; fields the form does not show, such as lat/lon, are kept) and
 * queues the outbox upsert; clears the "company-edit" draft.  Fails with
 * HEEYU_COMPANY_EDIT_ERROR_INVALID (and nothing written) if a field is
 * invalid, FORBIDDEN if the role may not edit. */
gboolean            heeyu_company_edit_save          (HeeyuCompanyEdit  *edit,
                                                      HeeyuCache        *cache,
                                                      GError           **error);

G_END_DECLS
