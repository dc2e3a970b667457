/* heeyu-notes.h: notes on companies and metals, the outbox, and drafts
 *
 * Everything here writes to the local database at once, in one transaction
 * each, so nothing a user typed is lost when the window closes or the
 * laptop has no network.  A note or edit also becomes an outbox mutation
 * (PROTOCOL.md, push) that the sync engine sends later.  These calls are
 * small indexed writes and reads, fine to call from the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include "heeyu-cache.h"

G_BEGIN_DECLS

typedef enum
{
  HEEYU_NOTE_STATUS_OPEN,
  HEEYU_NOTE_STATUS_VERIFIED,
  HEEYU_NOTE_STATUS_NEEDS_UPDATE,
  HEEYU_NOTE_STATUS_RESOLVED,
  HEEYU_NOTE_N_STATUSES
} HeeyuNoteStatus;

/* "open", "verified", "needs_update", "resolved" (the record's values). */
const char *heeyu_note_status_to_string   (HeeyuNoteStatus  status);
gboolean    heeyu_note_status_from_string (const char      *text,
                                           HeeyuNoteStatus *status);
/* Translated: "Open", "Verified", "Needs update", "Resolved". */
const char *heeyu_note_status_get_label   (HeeyuNoteStatus  status);

typedef struct
{
  char            *id;           /* UUID made by the client */
  char            *target_kind;  /* "company" or "metal" */
  char            *target_id;
  char            *body;
  HeeyuNoteStatus  status;
  char            *author;
  char            *updated_at;   /* ISO 8601 UTC, "2026-11-20T08:15:00Z" */
  gint64           rev;          /* 0 until the server has it */
  gboolean         pending;      /* an outbox entry waits: show "not yet synced" */
} HeeyuNote;

#define HEEYU_TYPE_NOTE (heeyu_note_get_type ())
GType       heeyu_note_get_type (void) G_GNUC_CONST;
HeeyuNote  *heeyu_note_copy     (const HeeyuNote *note);
void        heeyu_note_free     (HeeyuNote       *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuNote, heeyu_note_free)

/* The author to put on a note or edit: meta "user" (set by the sync engine
 * from /v1/me), else the login name. */
char       *heeyu_notes_get_user          (HeeyuCache      *cache);

/* The user's role: meta "role" (set from /v1/me by the sync engine) when
 * present.  Otherwise "editor" while the cache holds the bundled sample or
 * an import and has never synced (an offline user owns the data), else
 * "reader".  heeyu_notes_can_edit() is TRUE for "editor" and "admin". */
char       *heeyu_notes_get_role          (HeeyuCache      *cache);
gboolean    heeyu_notes_can_edit          (HeeyuCache      *cache);

/* Adds a note: a `note` record (rev 0) and an outbox upsert with base_rev 0,
 * in one transaction.  @author NULL: heeyu_notes_get_user().  @body must
 * have some non-blank text.  Returns the new note (pending). */
HeeyuNote  *heeyu_notes_add               (HeeyuCache      *cache,
                                           const char      *target_kind,
                                           const char      *target_id,
                                           const char      *body,
                                           HeeyuNoteStatus  status,
                                           const char      *author,
                                           GError         **error);
/* Changes the status (and, if @body is not NULL, the text) of a note; a new
 * outbox upsert with the note's rev as base_rev.  An unsent upsert of the
 * same note is replaced (keeping its base_rev), so a note edited three times
 * offline is sent once. */
gboolean    heeyu_notes_update            (HeeyuCache      *cache,
                                           const char      *note_id,
                                           HeeyuNoteStatus  status,
                                           const char      *body,
                                           GError         **error);
/* The notes on a target, newest first: a GPtrArray of HeeyuNote. */
GPtrArray  *heeyu_notes_list              (HeeyuCache      *cache,
                                           const char      *target_kind,
                                           const char      *target_id,
                                           GError         **error);
/* One note, NULL (no error) if there is none with that id. */
HeeyuNote  *heeyu_notes_get               (HeeyuCache      *cache,
                                           const char      *note_id,
                                           GError         **error);

/* Queues a mutation in the outbox (PROTOCOL.md push): op "upsert" with
 * @data_json, or "delete" with NULL.  An unsent entry of the same kind and
 * id is replaced and its base_rev kept.  Returns the mid, 0 on error.
 * Runs on @db inside the caller's transaction if one is open. */
gint64      heeyu_outbox_enqueue          (sqlite3         *db,
                                           const char      *kind,
                                           const char      *id,
                                           const char      *op,
                                           gint64           base_rev,
                                           const char      *data_json,
                                           GError         **error);
/* TRUE if an outbox entry waits for this record. */
gboolean    heeyu_outbox_has_pending      (sqlite3         *db,
                                           const char      *kind,
                                           const char      *id);

/* Drafts: text being typed, kept across window closes and restarts.
 * @draft_kind names the form ("note" for a new note, "company-edit" for the
 * edit form: any short string); @target_id what it is about.  @content is
 * opaque to the cache (plain text, or JSON for a form).  Saving "" or NULL
 * clears the draft. */
gboolean    heeyu_draft_save              (HeeyuCache      *cache,
                                           const char      *draft_kind,
                                           const char      *target_id,
                                           const char      *content,
                                           GError         **error);
/* The saved draft, NULL if none. */
char       *heeyu_draft_load              (HeeyuCache      *cache,
                                           const char      *draft_kind,
                                           const char      *target_id);
gboolean    heeyu_draft_clear             (HeeyuCache      *cache,
                                           const char      *draft_kind,
                                           const char      *target_id,
                                           GError         **error);

G_END_DECLS
