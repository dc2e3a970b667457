/* heeyu-notes.c: notes, the outbox and drafts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A new note is stored with rev 0: the server gives it rev 1 when it takes
 * the outbox upsert, and the pulled record (rev 1 > 0) then replaces the
 * local one through the ingest path.  "Pending" is simply "an outbox entry
 * for this record exists": the sync engine deletes entries the server has
 * answered.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "heeyu-cache-private.h"
#include "heeyu-notes.h"

static const char * const status_names[HEEYU_NOTE_N_STATUSES] = {
  "open", "verified", "needs_update", "resolved",
};

static const char * const status_labels[HEEYU_NOTE_N_STATUSES] = {
  N_("Open"), N_("Verified"), N_("Needs update"), N_("Resolved"),
};

const char *
heeyu_note_status_to_string (HeeyuNoteStatus status)
{
  g_return_val_if_fail (status < HEEYU_NOTE_N_STATUSES, NULL);
  return status_names[status];
}

gboolean
heeyu_note_status_from_string (const char      *text,
                               HeeyuNoteStatus *status)
{
  for (guint i = 0; text && i < HEEYU_NOTE_N_STATUSES; i++)
    if (g_str_equal (text, status_names[i]))
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
heeyu_note_status_get_label (HeeyuNoteStatus status)
{
  g_return_val_if_fail (status < HEEYU_NOTE_N_STATUSES, NULL);
  return _(status_labels[status]);
}

HeeyuNote *
heeyu_note_copy (const HeeyuNote *note)
{
  HeeyuNote *copy = g_new0 (HeeyuNote, 1);

  copy->id = g_strdup (note->id);
  copy->target_kind = g_strdup (note->target_kind);
  copy->target_id = g_strdup (note->target_id);
  copy->body = g_strdup (note->body);
  copy->status = note->status;
  copy->author = g_strdup (note->author);
  copy->updated_at = g_strdup (note->updated_at);
  copy->rev = note->rev;
  copy->pending = note->pending;
  return copy;
}

void
heeyu_note_free (HeeyuNote *note)
{
  if (note == NULL)
    return;
  g_free (note->id);
  g_free (note->target_kind);
  g_free (note->target_id);
  g_free (note->body);
  g_free (note->author);
  g_free (note->updated_at);
  g_free (note);
}

G_DEFINE_BOXED_TYPE (HeeyuNote, heeyu_note, heeyu_note_copy, heeyu_note_free)

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

char *
heeyu_notes_get_user (HeeyuCache *cache)
{
  char *user;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);

  user = heeyu_cache_get_meta (cache, "user");
  if (user && *user)
    return user;
  g_free (user);
  return g_strdup (g_get_user_name ());
}

char *
heeyu_notes_get_role (HeeyuCache *cache)
{
  g_autofree char *role = NULL;
  g_autofree char *dataset = NULL;
  g_autofree char *last_sync = NULL;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);

  role = heeyu_cache_get_meta (cache, "role");
  if (role && *role)
    return g_steal_pointer (&role);

  /* Offline, on the sample or an imported file, the user owns the data:
   * the form must be usable.  A synced cache without a known role is
   * read-only until /v1/me says otherwise. */
  dataset = heeyu_cache_get_meta (cache, "dataset");
  last_sync = heeyu_cache_get_meta (cache, "last_sync");
  if (last_sync == NULL && (dataset == NULL || g_str_equal (dataset, "sample") ||
                            g_str_equal (dataset, "import")))
    return g_strdup ("editor");
  return g_strdup ("reader");
}

gboolean
heeyu_notes_can_edit (HeeyuCache *cache)
{
  g_autofree char *role = heeyu_notes_get_role (cache);

  return g_strcmp0 (role, "editor") == 0 || g_strcmp0 (role, "admin") == 0;
}

gint64
heeyu_outbox_enqueue (sqlite3     *db,
                      const char  *kind,
                      const char  *id,
                      const char  *op,
                      gint64       base_rev,
                      const char  *data_json,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) find = NULL;
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *created_at = now_iso ();
  gint64 old_mid = 0;

  g_return_val_if_fail (db != NULL, 0);
  g_return_val_if_fail (kind != NULL && id != NULL && op != NULL, 0);

  if (!(find = heeyu_sql_prepare (db,
                                  "SELECT mid, base_rev FROM outbox WHERE kind = ?1 AND id = ?2 "
                                  "ORDER BY mid DESC LIMIT 1", error)) ||
      !(del = heeyu_sql_prepare (db, "DELETE FROM outbox WHERE mid = ?1", error)) ||
      !(insert = heeyu_sql_prepare (db,
                                    "INSERT INTO outbox (kind, id, op, base_rev, data, created_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error)))
    return 0;

  /* The record's later state replaces an unsent one; the server still
   * has to see the rev the first change started from. */
  sqlite3_bind_text (find, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (find, 2, id, -1, SQLITE_STATIC);
  if (sqlite3_step (find) == SQLITE_ROW)
    {
      old_mid = sqlite3_column_int64 (find, 0);
      base_rev = sqlite3_column_int64 (find, 1);
    }
  if (old_mid)
    {
      sqlite3_bind_int64 (del, 1, old_mid);
      if (sqlite3_step (del) != SQLITE_DONE)
        {
          heeyu_sql_fail (db, "replacing an unsent change", error);
          return 0;
        }
    }

  sqlite3_bind_text (insert, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, op, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, base_rev);
  if (data_json)
    sqlite3_bind_text (insert, 5, data_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, created_at, -1, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      heeyu_sql_fail (db, "queueing a change for sync", error);
      return 0;
    }
  return sqlite3_last_insert_rowid (db);
}

gboolean
heeyu_outbox_has_pending (sqlite3    *db,
                          const char *kind,
                          const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (db != NULL, FALSE);

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM outbox WHERE kind = ?1 AND id = ?2 LIMIT 1",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static char *
note_data_json (const char      *target_kind,
                const char      *target_id,
                const char      *body,
                HeeyuNoteStatus  status,
                const char      *author)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target_kind");
  json_builder_add_string_value (b, target_kind);
  json_builder_set_member_name (b, "target_id");
  json_builder_add_string_value (b, target_id);
  json_builder_set_member_name (b, "body");
  json_builder_add_string_value (b, body);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, status_names[status]);
  json_builder_set_member_name (b, "author");
  json_builder_add_string_value (b, author);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A note and its outbox entry are written together or not at all. */
static gboolean
begin (sqlite3   *db,
       GError   **error)
{
  return heeyu_sql_exec (db, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (sqlite3   *db,
        GError   **error)
{
  if (heeyu_sql_exec (db, "COMMIT", error))
    return TRUE;
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
rollback (sqlite3 *db)
{
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

HeeyuNote *
heeyu_notes_add (HeeyuCache       *cache,
                 const char       *target_kind,
                 const char       *target_id,
                 const char       *body,
                 HeeyuNoteStatus   status,
                 const char       *author,
                 GError          **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *user = NULL;
  g_autofree char *data = NULL;
  g_autoptr(HeeyuNote) note = NULL;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);
  g_return_val_if_fail (target_kind != NULL && target_id != NULL, NULL);
  g_return_val_if_fail (status < HEEYU_NOTE_N_STATUSES, NULL);

  if (body == NULL || is_blank (body) || !g_utf8_validate (body, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A note needs some text."));
      return NULL;
    }

  db = heeyu_cache_get_db (cache);
  if (author == NULL)
    author = user = heeyu_notes_get_user (cache);

  note = g_new0 (HeeyuNote, 1);
  note->id = g_uuid_string_random ();
  note->target_kind = g_strdup (target_kind);
  note->target_id = g_strdup (target_id);
  note->body = g_strdup (body);
  note->status = status;
  note->author = g_strdup (author);
  note->updated_at = now_iso ();
  note->rev = 0;
  note->pending = TRUE;
  data = note_data_json (target_kind, target_id, body, status, author);

  if (!(insert = heeyu_sql_prepare (db,
                                    "INSERT INTO note (id, rev, updated_at, updated_by, target_kind, "
                                    "  target_id, status, author, data) "
                                    "VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?3, ?7)", error)))
    return NULL;
  sqlite3_bind_text (insert, 1, note->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, note->updated_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, author, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, target_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, target_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, status_names[status], -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, data, -1, SQLITE_STATIC);

  if (!begin (db, error))
    return NULL;
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      heeyu_sql_fail (db, "saving the note", error);
      rollback (db);
      return NULL;
    }
  if (heeyu_outbox_enqueue (db, "note", note->id, "upsert", 0, data, error) == 0)
    {
      rollback (db);
      return NULL;
    }
  if (!commit (db, error))
    return NULL;

  return g_steal_pointer (&note);
}

static HeeyuNote *
note_from_row (sqlite3_stmt *stmt)
{
  HeeyuNote *note = g_new0 (HeeyuNote, 1);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data = (const char *) sqlite3_column_text (stmt, 7);

  note->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  note->target_kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  note->target_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  if (!heeyu_note_status_from_string ((const char *) sqlite3_column_text (stmt, 3), &note->status))
    note->status = HEEYU_NOTE_STATUS_OPEN;
  note->author = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  note->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  note->rev = sqlite3_column_int64 (stmt, 6);
  note->pending = sqlite3_column_int (stmt, 8) != 0;

  if (data && json_parser_load_from_data (parser, data, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *o = json_node_get_object (json_parser_get_root (parser));
      JsonNode *body = json_object_get_member (o, "body");

      if (body && JSON_NODE_HOLDS_VALUE (body) && json_node_get_value_type (body) == G_TYPE_STRING)
        note->body = g_strdup (json_node_get_string (body));
    }
  if (note->body == NULL)
    note->body = g_strdup ("");
  return note;
}

#define NOTE_COLUMNS \
  "SELECT id, target_kind, target_id, status, author, updated_at, rev, data, " \
  "  EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'note' AND o.id = note.id) FROM note "

GPtrArray *
heeyu_notes_list (HeeyuCache  *cache,
                  const char  *target_kind,
                  const char  *target_id,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify) heeyu_note_free);
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);
  g_return_val_if_fail (target_kind != NULL && target_id != NULL, NULL);

  db = heeyu_cache_get_db (cache);
  if (!(stmt = heeyu_sql_prepare (db,
                                  NOTE_COLUMNS "WHERE target_kind = ?1 AND target_id = ?2 "
                                  "ORDER BY updated_at DESC, rowid DESC", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, target_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, target_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (notes, note_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      heeyu_sql_fail (db, "reading notes", error);
      return NULL;
    }
  return g_steal_pointer (&notes);
}

HeeyuNote *
heeyu_notes_get (HeeyuCache  *cache,
                 const char  *note_id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);
  g_return_val_if_fail (note_id != NULL, NULL);

  db = heeyu_cache_get_db (cache);
  if (!(stmt = heeyu_sql_prepare (db, NOTE_COLUMNS "WHERE id = ?1", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, note_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return note_from_row (stmt);
}

gboolean
heeyu_notes_update (HeeyuCache       *cache,
                    const char       *note_id,
                    HeeyuNoteStatus   status,
                    const char       *body,
                    GError          **error)
{
  g_autoptr(HeeyuNote) note = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *data = NULL;
  g_autofree char *updated_at = now_iso ();
  sqlite3 *db;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), FALSE);
  g_return_val_if_fail (note_id != NULL, FALSE);
  g_return_val_if_fail (status < HEEYU_NOTE_N_STATUSES, FALSE);

  if (body != NULL && (is_blank (body) || !g_utf8_validate (body, -1, NULL)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A note needs some text."));
      return FALSE;
    }

  db = heeyu_cache_get_db (cache);
  if (!begin (db, error))
    return FALSE;
  if (!(note = heeyu_notes_get (cache, note_id, error)))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("This note no longer exists."));
      return rollback (db);
    }

  data = note_data_json (note->target_kind, note->target_id, body ? body : note->body,
                         status, note->author ? note->author : "");
  if (!(update = heeyu_sql_prepare (db,
                                    "UPDATE note SET status = ?2, data = ?3, updated_at = ?4 "
                                    "WHERE id = ?1", error)))
    return rollback (db);
  sqlite3_bind_text (update, 1, note_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, status_names[status], -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, data, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 4, updated_at, -1, SQLITE_STATIC);
  if (sqlite3_step (update) != SQLITE_DONE)
    {
      heeyu_sql_fail (db, "saving the note", error);
      return rollback (db);
    }
  if (heeyu_outbox_enqueue (db, "note", note_id, "upsert", note->rev, data, error) == 0)
    return rollback (db);
  return commit (db, error);
}

gboolean
heeyu_draft_save (HeeyuCache  *cache,
                  const char  *draft_kind,
                  const char  *target_id,
                  const char  *content,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *updated_at = now_iso ();
  sqlite3 *db;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), FALSE);
  g_return_val_if_fail (draft_kind != NULL && target_id != NULL, FALSE);

  if (content == NULL || *content == '\0')
    return heeyu_draft_clear (cache, draft_kind, target_id, error);

  db = heeyu_cache_get_db (cache);
  if (!(stmt = heeyu_sql_prepare (db,
                                  "INSERT INTO draft (kind, target, content, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, target) DO UPDATE "
                                  "SET content = excluded.content, updated_at = excluded.updated_at",
                                  error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, draft_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, target_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, content, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, updated_at, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return heeyu_sql_fail (db, "saving a draft", error);
  return TRUE;
}

char *
heeyu_draft_load (HeeyuCache *cache,
                  const char *draft_kind,
                  const char *target_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);
  g_return_val_if_fail (draft_kind != NULL && target_id != NULL, NULL);

  if (sqlite3_prepare_v2 (heeyu_cache_get_db (cache),
                          "SELECT content FROM draft WHERE kind = ?1 AND target = ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, draft_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, target_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
heeyu_draft_clear (HeeyuCache  *cache,
                   const char  *draft_kind,
                   const char  *target_id,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), FALSE);
  g_return_val_if_fail (draft_kind != NULL && target_id != NULL, FALSE);

  db = heeyu_cache_get_db (cache);
  if (!(stmt = heeyu_sql_prepare (db, "DELETE FROM draft WHERE kind = ?1 AND target = ?2", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, draft_kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, target_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return heeyu_sql_fail (db, "clearing a draft", error);
  return TRUE;
}
