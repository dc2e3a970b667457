/* test-notes.c: notes, drafts and company edits, offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-company-edit.h"
#include "heeyu-company-list.h"
#include "heeyu-ingest.h"
#include "heeyu-notes.h"
#include "heeyu-test-util.h"

typedef HeeyuTestCacheFixture Fixture;

static const char dataset[] =
  "{\"kind\": \"company\", \"id\": \"c-hanwool\", \"rev\": 7, \"data\": {\"name_ko\": \"한울머티리얼즈\", "
  "\"name_en\": \"Hanwool Materials\", \"reg_no\": \"124-81-00998\", \"region\": \"KR-31\", "
  "\"metals\": [\"Ga\"], \"stages\": [\"refining\"], \"employees\": 120, \"founded\": 1998, "
  "\"lat\": 35.43, \"lon\": 129.35, \"specialized\": {\"designated\": true, \"year\": 2010}}}\n"
  "{\"kind\": \"company\", \"id\": \"c-garam\", \"data\": {\"name_ko\": \"가람소재\"}}\n";

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->cache);
  f->cache = heeyu_cache_open (NULL, &error);
  g_assert_no_error (error);
  f->db = heeyu_cache_get_db (f->cache);
}

static void
test_add_note (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuNote) note = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *outbox = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  JsonObject *o;

  g_assert_true (heeyu_cache_set_meta (f->cache, "user", "kim", &error));
  note = heeyu_notes_add (f->cache, "company", "c-hanwool", "대표번호가 바뀜, \"확인\" 필요 📞",
                          HEEYU_NOTE_STATUS_NEEDS_UPDATE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (note);
  g_assert_true (g_uuid_string_is_valid (note->id));
  g_assert_cmpstr (note->author, ==, "kim");
  g_assert_true (note->pending);

  /* Stored at once, and queued for the sync engine. */
  g_assert_cmpuint (heeyu_cache_outbox_count (f->cache), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT base_rev FROM outbox WHERE kind = 'note' AND id = ?1", note->id), ==, 0);
  outbox = heeyu_test_query_text (f->db, "SELECT data FROM outbox WHERE id = ?1", note->id);
  parsed = json_from_string (outbox, &error);
  g_assert_no_error (error);
  o = json_node_get_object (parsed);
  g_assert_cmpstr (json_object_get_string_member (o, "body"), ==, "대표번호가 바뀜, \"확인\" 필요 📞");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "needs_update");
  g_assert_cmpstr (json_object_get_string_member (o, "target_id"), ==, "c-hanwool");
  g_assert_cmpstr (json_object_get_string_member (o, "author"), ==, "kim");
  g_assert_cmpstr (heeyu_test_query_text (f->db, "SELECT op FROM outbox WHERE id = ?1", note->id), ==, "upsert");

  /* A status change offline is sent once, from the same base. */
  g_assert_true (heeyu_notes_update (f->cache, note->id, HEEYU_NOTE_STATUS_RESOLVED, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (heeyu_cache_outbox_count (f->cache), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT base_rev FROM outbox WHERE id = ?1", note->id), ==, 0);

  /* Survives a restart, newest first, still flagged as not yet synced. */
  reopen (f);
  g_assert_nonnull (heeyu_notes_add (f->cache, "company", "c-hanwool", "두 번째", HEEYU_NOTE_STATUS_OPEN,
                                     "lee", &error));
  notes = heeyu_notes_list (f->cache, "company", "c-hanwool", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpstr (((HeeyuNote *) notes->pdata[1])->body, ==, "대표번호가 바뀜, \"확인\" 필요 📞");
  g_assert_cmpint (((HeeyuNote *) notes->pdata[1])->status, ==, HEEYU_NOTE_STATUS_RESOLVED);
  g_assert_true (((HeeyuNote *) notes->pdata[1])->pending);

  /* Once the sync engine has sent it and pulled it back, it is no longer pending. */
  {
    g_autofree char *line = g_strdup_printf ("{\"kind\":\"note\",\"id\":\"%s\",\"rev\":1,\"data\":"
                                             "{\"target_kind\":\"company\",\"target_id\":\"c-hanwool\","
                                             "\"body\":\"x\",\"status\":\"resolved\",\"author\":\"kim\"}}\n",
                                             note->id);
    g_autoptr(GBytes) bytes = g_bytes_new (line, strlen (line));
    g_autoptr(HeeyuNote) synced = NULL;

    sqlite3_exec (heeyu_cache_get_db (f->cache), "DELETE FROM outbox WHERE kind = 'note' AND id IN "
                  "(SELECT id FROM note WHERE author = 'kim')", NULL, NULL, NULL);
    g_assert_true (heeyu_ingest_bytes (heeyu_cache_get_db (f->cache), bytes, NULL, NULL, &error));
    synced = heeyu_notes_get (f->cache, note->id, &error);
    g_assert_nonnull (synced);
    g_assert_false (synced->pending);
    g_assert_cmpint (synced->rev, ==, 1);
  }

  /* Nothing typed is not a note. */
  g_assert_null (heeyu_notes_add (f->cache, "company", "c-hanwool", "  \n ", HEEYU_NOTE_STATUS_OPEN, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *other = NULL;

  g_assert_null (heeyu_draft_load (f->cache, "note", "c-hanwool"));
  g_assert_true (heeyu_draft_save (f->cache, "note", "c-hanwool", "반쯤 쓴 메모\n둘째 줄", &error));
  g_assert_true (heeyu_draft_save (f->cache, "note", "c-garam", "다른 회사", &error));
  g_assert_no_error (error);

  /* The window closes, the app quits: the text is there on the next start. */
  reopen (f);
  loaded = heeyu_draft_load (f->cache, "note", "c-hanwool");
  g_assert_cmpstr (loaded, ==, "반쯤 쓴 메모\n둘째 줄");
  g_assert_true (heeyu_draft_save (f->cache, "note", "c-hanwool", "고쳐 씀", &error));
  g_free (loaded);
  loaded = heeyu_draft_load (f->cache, "note", "c-hanwool");
  g_assert_cmpstr (loaded, ==, "고쳐 씀");

  g_assert_true (heeyu_draft_clear (f->cache, "note", "c-hanwool", &error));
  g_assert_null (heeyu_draft_load (f->cache, "note", "c-hanwool"));
  other = heeyu_draft_load (f->cache, "note", "c-garam");
  g_assert_cmpstr (other, ==, "다른 회사");
}

static void
assert_field (const char *field,
              const char *text,
              gboolean    valid)
{
  g_autofree char *message = heeyu_company_edit_check_field (field, text);

  if (valid && message)
    g_error ("%s = \"%s\" should be valid, got: %s", field, text, message);
  if (!valid && !message)
    g_error ("%s = \"%s\" should be invalid", field, text);
}

static void
test_validation (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (now) + 1);

  /* docs/data.md's worked example, with and without dashes. */
  g_assert_true (heeyu_reg_no_is_valid ("124-81-00998"));
  g_assert_true (heeyu_reg_no_is_valid ("1248100998"));
  g_assert_false (heeyu_reg_no_is_valid ("124-81-00997"));
  assert_field ("reg_no", "124-81-00998", TRUE);
  assert_field ("reg_no", "1248100998", TRUE);
  assert_field ("reg_no", "", TRUE);
  assert_field ("reg_no", "124-81-00997", FALSE);     /* check digit */
  assert_field ("reg_no", "12-481-00998", FALSE);     /* dashes misplaced */
  assert_field ("reg_no", "124-81-0099", FALSE);      /* too short */
  assert_field ("reg_no", "124-81-0099A", FALSE);

  assert_field ("name_ko", "", FALSE);
  assert_field ("name_ko", "   ", FALSE);
  assert_field ("name_ko", "한울", TRUE);
  assert_field ("name_ko", "한울\n머티리얼즈", FALSE);
  assert_field ("name_en", "", TRUE);

  assert_field ("email", "info@hanwool.co.kr", TRUE);
  assert_field ("email", "info@hanwool", FALSE);
  assert_field ("email", "info hanwool.co.kr", FALSE);
  assert_field ("email", "@hanwool.co.kr", FALSE);
  assert_field ("email", "a@b@c.kr", FALSE);

  assert_field ("website", "https://www.hanwool.co.kr", TRUE);
  assert_field ("website", "http://hanwool.co.kr/about", TRUE);
  assert_field ("website", "www.hanwool.co.kr", FALSE);
  assert_field ("website", "javascript:alert(1)", FALSE);
  assert_field ("website", "ftp://hanwool.co.kr", FALSE);

  assert_field ("founded", "1998", TRUE);
  assert_field ("founded", "1899", FALSE);
  assert_field ("founded", year, FALSE);              /* next year */
  assert_field ("founded", "19x8", FALSE);
  assert_field ("specialized_year", "1985", FALSE);
  assert_field ("employees", "1,200", TRUE);
  assert_field ("employees", "-3", FALSE);
  assert_field ("region", "KR-31", TRUE);
  assert_field ("region", "Ulsan", FALSE);
  assert_field ("phone", "052-123-4567", TRUE);
  assert_field ("phone", "call me", FALSE);
}

static void
test_edit_save (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCompanyEdit) edit = NULL;
  g_autoptr(HeeyuCompanyEdit) again = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *draft = NULL;

  g_assert_true (heeyu_notes_can_edit (f->cache));   /* offline, own data */

  edit = heeyu_company_edit_new (f->cache, "c-hanwool", &error);
  g_assert_no_error (error);
  g_assert_cmpint (heeyu_company_edit_get_base_rev (edit), ==, 7);
  g_assert_cmpstr (heeyu_company_edit_get (edit, "name_ko"), ==, "한울머티리얼즈");
  g_assert_cmpstr (heeyu_company_edit_get (edit, "metals"), ==, "Ga");
  g_assert_cmpstr (heeyu_company_edit_get (edit, "specialized"), ==, "yes");
  g_assert_cmpstr (heeyu_company_edit_get (edit, "specialized_year"), ==, "2010");
  g_assert_false (heeyu_company_edit_is_changed (edit));

  /* Invalid input: explained per field, and nothing is written. */
  heeyu_company_edit_set (edit, "name_ko", "");
  heeyu_company_edit_set (edit, "reg_no", "124-81-00997");
  heeyu_company_edit_set (edit, "specialized_year", "1990");   /* before founding in 1998 */
  errors = heeyu_company_edit_validate (edit);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 3);
  g_assert_true (g_hash_table_contains (errors, "name_ko"));
  g_assert_true (g_hash_table_contains (errors, "reg_no"));
  g_assert_true (g_hash_table_contains (errors, "specialized_year"));
  g_assert_false (heeyu_company_edit_save (edit, f->cache, &error));
  g_assert_error (error, HEEYU_COMPANY_EDIT_ERROR, HEEYU_COMPANY_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (heeyu_cache_outbox_count (f->cache), ==, 0);

  /* The form's text is kept as a draft across a restart. */
  heeyu_company_edit_set (edit, "name_ko", "한울신소재");
  heeyu_company_edit_set (edit, "reg_no", "1248100998");
  heeyu_company_edit_set (edit, "specialized_year", "2012");
  heeyu_company_edit_set (edit, "metals", "Ga, In");
  heeyu_company_edit_set (edit, "email", "info@hanwool.co.kr");
  draft = heeyu_company_edit_to_draft (edit);
  g_assert_true (heeyu_draft_save (f->cache, "company-edit", "c-hanwool", draft, &error));
  g_clear_pointer (&edit, heeyu_company_edit_free);
  reopen (f);
  edit = heeyu_company_edit_new (f->cache, "c-hanwool", &error);
  g_free (draft);
  draft = heeyu_draft_load (f->cache, "company-edit", "c-hanwool");
  heeyu_company_edit_apply_draft (edit, draft);
  g_assert_cmpstr (heeyu_company_edit_get (edit, "name_ko"), ==, "한울신소재");
  g_assert_true (heeyu_company_edit_is_changed (edit));

  g_assert_true (heeyu_company_edit_save (edit, f->cache, &error));
  g_assert_no_error (error);

  /* The local record changed at once, search and filters with it... */
  ids = heeyu_company_search_ids (heeyu_cache_get_db (f->cache), "신소재", &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  ids = heeyu_company_search_ids (heeyu_cache_get_db (f->cache), "머티리얼", &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT count(*) FROM company_metal cm JOIN company c "
                              "ON c.rowid = cm.company WHERE c.id = ?1", "c-hanwool"), ==, 2);
  /* ...keeping its rev (the server gives the next), and fields the form lacks. */
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT rev FROM company WHERE id = ?1", "c-hanwool"), ==, 7);
  stored = heeyu_test_query_text (f->db, "SELECT data FROM company WHERE id = ?1", "c-hanwool");
  g_assert_nonnull (strstr (stored, "\"lat\":35.43"));
  g_assert_nonnull (strstr (stored, "\"reg_no\":\"124-81-00998\""));
  g_assert_null (heeyu_draft_load (f->cache, "company-edit", "c-hanwool"));

  /* ...and the edit waits in the outbox with the rev it started from. */
  g_assert_cmpuint (heeyu_cache_outbox_count (f->cache), ==, 1);
  g_assert_cmpint (heeyu_test_query_int (f->db, "SELECT base_rev FROM outbox WHERE kind = 'company' AND id = ?1",
                              "c-hanwool"), ==, 7);
  g_assert_true (heeyu_outbox_has_pending (heeyu_cache_get_db (f->cache), "company", "c-hanwool"));

  /* A reader may not save. */
  g_assert_true (heeyu_cache_set_meta (f->cache, "role", "reader", &error));
  again = heeyu_company_edit_new (f->cache, "c-garam", &error);
  heeyu_company_edit_set (again, "name_en", "Garam");
  g_assert_false (heeyu_company_edit_save (again, f->cache, &error));
  g_assert_error (error, HEEYU_COMPANY_EDIT_ERROR, HEEYU_COMPANY_EDIT_ERROR_FORBIDDEN);
  g_assert_cmpuint (heeyu_cache_outbox_count (f->cache), ==, 1);
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;

  role = heeyu_notes_get_role (f->cache);
  g_assert_cmpstr (role, ==, "editor");
  g_assert_true (heeyu_cache_set_meta (f->cache, "last_sync", "2026-11-20T08:15:00Z", &error));
  g_assert_false (heeyu_notes_can_edit (f->cache));   /* synced, role not yet known */
  g_assert_true (heeyu_cache_set_meta (f->cache, "role", "admin", &error));
  g_assert_true (heeyu_notes_can_edit (f->cache));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, dataset, heeyu_test_cache_fixture_set_up, func, \
                                    heeyu_test_cache_fixture_tear_down)
  ADD ("/notes/add-and-outbox", test_add_note);
  ADD ("/notes/drafts-survive-reopen", test_drafts);
  ADD ("/notes/edit/save", test_edit_save);
  ADD ("/notes/roles", test_roles);
  g_test_add_func ("/notes/edit/validation", test_validation);

  return g_test_run ();
}
