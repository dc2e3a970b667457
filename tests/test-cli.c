/* test-cli.c: the headless command line, run as a script would, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "heeyu-test-util.h"

typedef struct
{
  char *data_home;
  char *dir;
} Fixture;

/* Runs the real `heeyu` binary with no display at all. */
static HeeyuTestRun *
run_heeyu (Fixture    *f,
           const char *first_arg,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("HEEYU_BIN"));
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", f->data_home, TRUE);

  return heeyu_test_run (launcher, (const char * const *) argv->pdata);
}

static JsonObject *
status_object (Fixture *f)
{
  g_autoptr(HeeyuTestRun) run = run_heeyu (f, "--status", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run->out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gint64
count_of (JsonObject *status,
          const char *kind)
{
  return json_object_get_int_member (json_object_get_object_member (status, "counts"), kind);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("heeyu-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_home = g_build_filename (f->dir, "data", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  heeyu_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->data_home);
}

static void
test_version (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HeeyuTestRun) run = run_heeyu (f, "--version", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "heeyu " PACKAGE_VERSION "\n");
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(HeeyuTestRun) run = run_heeyu (f, "--help", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "--import"));
  g_assert_nonnull (strstr (run->out, "--status"));
}

static void
test_unknown_option (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HeeyuTestRun) run = run_heeyu (f, "--no-such-option", NULL);

  g_assert_cmpint (run->status, !=, 0);
  g_assert_nonnull (strstr (run->err, "no-such-option"));
}

static void
test_status_fresh (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) status = status_object (f);
  g_autofree char *expected_db = g_build_filename (f->data_home, "heeyu", "heeyu.db", NULL);

  /* A new user's first `heeyu --status` shows the bundled sample, as the
   * window would. */
  g_assert_cmpstr (json_object_get_string_member (status, "database"), ==, expected_db);
  g_assert_true (g_file_test (expected_db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (count_of (status, "metal"), ==, 47);
  g_assert_cmpint (count_of (status, "company"), >=, 1500);
  g_assert_cmpint (count_of (status, "observation"), >, 400);
  g_assert_cmpint (count_of (status, "note"), ==, 0);
  g_assert_true (json_object_has_member (status, "cursor"));
  g_assert_true (json_object_has_member (status, "last_sync"));
  g_assert_cmpint (json_object_get_int_member (status, "outbox"), ==, 0);
}

#define GOOD_LINE(id, name) \
  "{\"kind\":\"company\",\"id\":\"" id "\",\"rev\":1,\"data\":{\"name_ko\":\"" name "\"}}\n"

static void
test_import_bad_line (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) before = status_object (f);
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *path = write_file (f, "bad.ndjson",
                                      GOOD_LINE ("c-1", "테스트소재")
                                      GOOD_LINE ("c-2", "테스트메탈")
                                      "{\"kind\":\"company\",\"id\":\"c-3\",\"data\":{\"name_ko\":}\n"
                                      GOOD_LINE ("c-4", "테스트케미칼"));
  g_autoptr(HeeyuTestRun) run = run_heeyu (f, "--import", path, NULL);

  /* The message names the line; nothing of the file is applied. */
  g_assert_cmpint (run->status, !=, 0);
  g_assert_nonnull (strstr (run->err, "line 3"));
  after = status_object (f);
  g_assert_cmpint (count_of (after, "company"), ==, count_of (before, "company"));
}

static void
test_import_good (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) before = status_object (f);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *path = write_file (f, "good.ndjson",
                                      GOOD_LINE ("c-1", "테스트소재")
                                      GOOD_LINE ("c-2", "테스트메탈"));
  g_autoptr(HeeyuTestRun) run = run_heeyu (f, "--import", path, NULL);
  g_autoptr(HeeyuTestRun) rerun = NULL;

  g_assert_cmpint (run->status, ==, 0);
  after = status_object (f);
  g_assert_cmpint (count_of (after, "company"), ==, count_of (before, "company") + 2);

  /* The same file twice changes nothing. */
  rerun = run_heeyu (f, "--import", path, NULL);
  g_assert_cmpint (rerun->status, ==, 0);
  again = status_object (f);
  g_assert_cmpint (count_of (again, "company"), ==, count_of (after, "company"));
}

static void
test_import_missing_file (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "does-not-exist.ndjson", NULL);
  g_autoptr(HeeyuTestRun) run = run_heeyu (f, "--import", path, NULL);

  g_assert_cmpint (run->status, !=, 0);
  g_assert_nonnull (strstr (run->err, "does-not-exist.ndjson"));
}

static void
test_export_metals (Fixture       *f,
                    gconstpointer  data)
{
  static const char *required[] = {
    "code", "name_en", "name_ko", "index", "band", "production_hhi", "import_hhi",
    "price_pressure", "stockpile_days", "supply_risk", "economic_importance",
  };
  g_autofree char *path = g_build_filename (f->dir, "metals.csv", NULL);
  g_autoptr(HeeyuTestRun) run = run_heeyu (f, "--export-metals", path, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rows = 0;

  /* A script gets one row per metal of the sample, under a header naming
   * the columns a report needs. */
  g_assert_cmpint (run->status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  header = g_strsplit (lines[0], ",", -1);
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (g_strv_contains ((const char * const *) header, required[i]));
  g_assert_cmpstr (header[0], ==, "code");

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_autofree char *code = NULL;

      if (*lines[i] == '\0')
        continue;
      code = g_strndup (lines[i], strcspn (lines[i], ","));
      g_assert_false (g_hash_table_contains (codes, code));
      g_hash_table_add (codes, g_steal_pointer (&code));
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, 47);
  g_assert_true (g_hash_table_contains (codes, "Ga"));
  g_assert_true (g_hash_table_contains (codes, "REE"));

  /* A directory that does not exist fails with its name, and no file. */
  {
    g_autofree char *bad = g_build_filename (f->dir, "no-such-dir", "metals.csv", NULL);
    g_autoptr(HeeyuTestRun) failed = run_heeyu (f, "--export-metals", bad, NULL);

    g_assert_cmpint (failed->status, !=, 0);
    g_assert_nonnull (strstr (failed->err, "no-such-dir"));
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/version", Fixture, NULL, fixture_setup, test_version, fixture_teardown);
  g_test_add ("/cli/help", Fixture, NULL, fixture_setup, test_help, fixture_teardown);
  g_test_add ("/cli/unknown-option", Fixture, NULL, fixture_setup, test_unknown_option, fixture_teardown);
  g_test_add ("/cli/status/fresh", Fixture, NULL, fixture_setup, test_status_fresh, fixture_teardown);
  g_test_add ("/cli/import/bad-line", Fixture, NULL, fixture_setup, test_import_bad_line, fixture_teardown);
  g_test_add ("/cli/import/good-and-replay", Fixture, NULL, fixture_setup, test_import_good, fixture_teardown);
  g_test_add ("/cli/import/missing-file", Fixture, NULL, fixture_setup, test_import_missing_file, fixture_teardown);
  g_test_add ("/cli/export-metals", Fixture, NULL, fixture_setup, test_export_metals, fixture_teardown);

  return g_test_run ();
}
