/* heeyu-record.h: record envelopes and the schema of each kind
 *
 * Shared by the desktop's ingest and by heeyu-server, so that both accept
 * exactly the same records (PROTOCOL.md, DESIGN.md "Data model").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define HEEYU_RECORD_ERROR (heeyu_record_error_quark ())

typedef enum
{
  HEEYU_RECORD_ERROR_INVALID,
} HeeyuRecordError;

typedef struct
{
  char       *kind;
  char       *id;
  gint64      rev;          /* 1 when the file leaves it out */
  gboolean    deleted;
  char       *updated_at;   /* may be NULL */
  char       *updated_by;   /* may be NULL */
  JsonObject *data;         /* NULL for a tombstone */
} HeeyuEnvelope;

GQuark         heeyu_record_error_quark   (void);

/* TRUE for metal, observation, company, note, event, methodology. */
gboolean       heeyu_record_kind_is_known (const char *kind);
const char * const *heeyu_record_kinds    (void);

/* Checks @data against the schema of @kind: required fields, types, no
 * unknown fields.  The message names the field ("company: field 'founded'
 * must be an integer"). */
gboolean       heeyu_record_validate      (const char  *kind,
                                           JsonObject  *data,
                                           GError     **error);

/* Parses and validates one envelope (a JSON object). */
HeeyuEnvelope *heeyu_envelope_from_json   (JsonNode    *node,
                                           GError     **error);
JsonNode      *heeyu_envelope_to_json     (const HeeyuEnvelope *env);
void           heeyu_envelope_free        (HeeyuEnvelope *env);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuEnvelope, heeyu_envelope_free)

G_END_DECLS
