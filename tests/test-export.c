/* test-export.c: the directory to CSV and XLSX and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CSV is read back with a small RFC 4180 reader, the XLSX with
 * tests/read-xlsx.py (Python's zipfile); both must give the rows as stored,
 * formulas neutralized, nothing else changed.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-company-export.h"
#include "heeyu-company-list.h"
#include "heeyu-ingest.h"
#include "heeyu-test-util.h"

typedef HeeyuTestCacheFixture Fixture;

#define TRICKY_NAME "따옴표 \"회사\", 쉼표\r\n줄바꿈 💎 (주)"

static const char dataset[] =
  "{\"kind\":\"metal\",\"id\":\"Ga\",\"data\":{\"name_en\":\"Gallium\",\"name_ko\":\"갈륨\"}}\n"
  "{\"kind\":\"company\",\"id\":\"c-tricky\",\"data\":{\"name_ko\":\"따옴표 \\\"회사\\\", 쉼표\\r\\n줄바꿈 💎 (주)\","
  "\"name_en\":\"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\",\"products\":\"+82 갈륨\",\"city\":\"-3\","
  "\"address\":\"@SUM(A1)\",\"phone\":\"\\t052-123-4567\",\"website\":\"\\rhttps://x.kr\","
  "\"reg_no\":\"124-81-00998\",\"region\":\"KR-31\",\"metals\":[\"Ga\",\"In\"],\"stages\":[\"refining\"],"
  "\"employees\":120,\"founded\":1998,\"lat\":35.43,\"lon\":129.351234,\"revenue_krw_m\":54000,"
  "\"specialized\":{\"designated\":true,\"year\":2010},\"certifications\":[\"ISO 9001\"]}}\n"
  "{\"kind\":\"company\",\"id\":\"c-bare\",\"data\":{\"name_ko\":\"성진희유금속\"}}\n"
  "{\"kind\":\"company\",\"id\":\"c-dup1\",\"data\":{\"name_ko\":\"대성금속(주)\",\"region\":\"KR-28\",\"metals\":[\"Ga\"]}}\n"
  "{\"kind\":\"company\",\"id\":\"c-dup2\",\"data\":{\"name_ko\":\"대성금속(주)\",\"region\":\"KR-31\"}}\n"
  "{\"kind\":\"company\",\"id\":\"c-plain\",\"data\":{\"name_ko\":\"가람소재\",\"name_en\":\"Garam, Inc.\","
  "\"metals\":[\"Ga\"],\"employees\":0,\"lat\":-0.5}}\n";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (dataset);
  GString *long_name = g_string_new (NULL);

  /* A name of 300 characters. */
  for (guint i = 0; i < 100; i++)
    g_string_append (long_name, "희유금");
  g_string_append_printf (text, "{\"kind\":\"company\",\"id\":\"c-long\",\"data\":{\"name_ko\":\"%s\"}}\n",
                          long_name->str);
  g_string_free (long_name, TRUE);
  heeyu_test_cache_fixture_set_up (f, text->str);
}

/* RFC 4180: fields separated by commas, records by CRLF; a quoted field
 * may hold commas, CR, LF and doubled quotes.  Returns rows of GStrv. */
static GPtrArray *
read_csv (const char *text,
          gsize       len)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *row = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  const char *p = text, *end = text + len;
  gboolean quoted = FALSE;

  while (p < end)
    {
      char c = *p++;

      if (quoted)
        {
          if (c == '"' && p < end && *p == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
        }
      else if (c == '"' && field->len == 0)
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (c == '\r' && p < end && *p == '\n')
        {
          p++;
          g_ptr_array_add (row, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (row, NULL);
          g_ptr_array_add (rows, g_ptr_array_free (row, FALSE));
          row = g_ptr_array_new ();
        }
      else
        {
          /* A bare quote, CR or LF outside quotes breaks RFC 4180. */
          g_assert_true (c != '"' && c != '\r' && c != '\n');
          g_string_append_c (field, c);
        }
    }
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);   /* the file ends with CRLF */
  g_ptr_array_free (row, TRUE);
  g_string_free (field, TRUE);
  return rows;
}

static GPtrArray *
export_csv (Fixture                 *f,
            const HeeyuCompanyQuery *query,
            guint                   *n_rows)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (heeyu_company_export_to_file (f->db, query, path, HEEYU_COMPANY_EXPORT_CSV,
                                               n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  /* UTF-8 with a BOM, so that Excel shows Hangul. */
  g_assert_true (len > 3 && memcmp (contents, "\xEF\xBB\xBF", 3) == 0);
  g_assert_true (g_utf8_validate (contents, len, NULL));
  return read_csv (contents + 3, len - 3);
}

static char **
find_row (GPtrArray  *rows,
          const char *id)
{
  for (guint i = 1; i < rows->len; i++)
    if (g_str_equal (((char **) rows->pdata[i])[0], id))
      return rows->pdata[i];
  g_error ("no row for %s", id);
}

static int
col (const char *name)
{
  const char * const *columns = heeyu_company_export_columns ();

  for (int i = 0; columns[i]; i++)
    if (g_str_equal (columns[i], name))
      return i;
  g_error ("no column %s", name);
}

static void
test_csv_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  char **tricky, **bare, **plain, **lng;
  guint n = 0;

  rows = export_csv (f, NULL, &n);
  g_assert_cmpuint (n, ==, 6);
  g_assert_cmpuint (rows->len, ==, 7);
  /* Headers are the data model's names, whatever the language. */
  g_assert_cmpstrv (rows->pdata[0], heeyu_company_export_columns ());
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (g_strv_length (rows->pdata[i]), ==, g_strv_length (rows->pdata[0]));

  tricky = find_row (rows, "c-tricky");
  g_assert_cmpstr (tricky[col ("name_ko")], ==, TRICKY_NAME);
  /* Formulas never run: a leading quote, nothing else changed. */
  g_assert_cmpstr (tricky[col ("name_en")], ==, "'=HYPERLINK(\"http://evil\",\"x\")");
  g_assert_cmpstr (tricky[col ("products")], ==, "'+82 갈륨");
  g_assert_cmpstr (tricky[col ("city")], ==, "'-3");
  g_assert_cmpstr (tricky[col ("address")], ==, "'@SUM(A1)");
  g_assert_cmpstr (tricky[col ("phone")], ==, "'\t052-123-4567");
  g_assert_cmpstr (tricky[col ("website")], ==, "'\rhttps://x.kr");
  g_assert_cmpstr (tricky[col ("reg_no")], ==, "124-81-00998");
  g_assert_cmpstr (tricky[col ("metals")], ==, "Ga; In");
  g_assert_cmpstr (tricky[col ("employees")], ==, "120");
  g_assert_cmpstr (tricky[col ("lat")], ==, "35.43");
  g_assert_cmpstr (tricky[col ("lon")], ==, "129.351234");
  g_assert_cmpstr (tricky[col ("specialized")], ==, "yes");
  g_assert_cmpstr (tricky[col ("specialized_year")], ==, "2010");

  /* Missing fields are empty cells; a negative number stays a number. */
  bare = find_row (rows, "c-bare");
  g_assert_cmpstr (bare[col ("name_ko")], ==, "성진희유금속");
  for (const char *name = "name_en"; name; name = NULL)
    g_assert_cmpstr (bare[col (name)], ==, "");
  g_assert_cmpstr (bare[col ("employees")], ==, "");
  plain = find_row (rows, "c-plain");
  g_assert_cmpstr (plain[col ("name_en")], ==, "Garam, Inc.");
  g_assert_cmpstr (plain[col ("employees")], ==, "0");
  g_assert_cmpstr (plain[col ("lat")], ==, "-0.5");
  lng = find_row (rows, "c-long");
  g_assert_cmpint (g_utf8_strlen (lng[col ("name_ko")], -1), ==, 300);
  /* Both companies of the same name. */
  find_row (rows, "c-dup1");
  find_row (rows, "c-dup2");
}

static void
test_csv_view (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HeeyuCompanyQuery) q = heeyu_company_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  /* The current view: search + filter + sort, in that order. */
  heeyu_company_query_set_text (q, "금속");
  heeyu_company_query_add_value (q, HEEYU_COMPANY_FACET_METAL, "Ga");
  rows = export_csv (f, q, NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((char **) rows->pdata[1])[0], ==, "c-dup1");

  heeyu_company_query_set_text (q, NULL);
  q->sort = HEEYU_COMPANY_SORT_EMPLOYEES;
  q->descending = TRUE;
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = export_csv (f, q, NULL);
  g_assert_true (heeyu_company_query_run (f->db, q, &ids, NULL, &error));
  g_assert_cmpuint (rows->len, ==, ids->len + 1);
  g_assert_cmpstr (((char **) rows->pdata[1])[0], ==, "c-tricky");   /* 120 before 0 */
  g_assert_cmpstr (((char **) rows->pdata[2])[0], ==, "c-plain");
}

/* The XLSX's cells as text the way the CSV writes them. */
static char *
cell_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));
  }
}

static void
test_xlsx_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "out.xlsx", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "read-xlsx.py", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) csv = NULL;
  const char *argv[] = { "python3", script, path, NULL };
  JsonObject *root;
  JsonArray *rows;
  int status;
  guint n = 0;

  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_true (heeyu_company_export_to_file (f->db, NULL, path, HEEYU_COMPANY_EXPORT_XLSX,
                                               &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 6);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("read-xlsx.py failed: %s", err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "frozen"));
  g_assert_cmpstr (json_object_get_string_member (root, "autofilter"), ==, "A1:V7");
  rows = json_object_get_array_member (root, "rows");

  /* Localized headers, for people. */
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 0), 1), ==,
                   "Korean name");
  /* Numbers are numbers. */
  {
    JsonArray *r = NULL;

    for (guint i = 1; i < json_array_get_length (rows); i++)
      if (g_str_equal (json_array_get_string_element (json_array_get_array_element (rows, i), 0), "c-tricky"))
        r = json_array_get_array_element (rows, i);
    g_assert_nonnull (r);
    g_assert_cmpint (json_node_get_value_type (json_array_get_element (r, col ("employees"))), ==, G_TYPE_INT64);
    g_assert_cmpint (json_array_get_int_element (r, col ("employees")), ==, 120);
  }

  /* Every row the same as the CSV's. */
  csv = export_csv (f, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (rows), ==, csv->len);
  for (guint i = 1; i < csv->len; i++)
    {
      JsonArray *r = json_array_get_array_element (rows, i);
      char **c = csv->pdata[i];

      for (guint j = 0; c[j]; j++)
        {
          g_autofree char *x = j < json_array_get_length (r)
                               ? cell_text (json_array_get_element (r, j)) : g_strdup ("");

          if (g_strcmp0 (x, c[j]) != 0)
            g_error ("row %u column %s: xlsx \"%s\", csv \"%s\"", i, heeyu_company_export_columns ()[j], x, c[j]);
        }
    }
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "cli.csv", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "cli.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *bin = g_getenv ("HEEYU_BIN");
  const char *argv[] = { bin, "--export-companies", path, "--query", "금속", "--metal", "Ga", NULL };
  const char *argv_bad[] = { bin, "--export-companies", bad, NULL };
  int status;
  gsize len;

  g_assert_nonnull (bin);
  g_clear_object (&f->cache);   /* the command opens the same cache */

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("heeyu --export-companies failed: %s", err);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  rows = read_csv (contents + 3, len - 3);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((char **) rows->pdata[1])[0], ==, "c-dup1");

  /* An unknown format is explained, and no file is made. */
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv_bad, NULL, 0, NULL, NULL, NULL, &err, &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, ".xlsx"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  guint *n = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (heeyu_company_export_finish (HEEYU_CACHE (source), result, n, &error));
  g_assert_no_error (error);
}

static void
test_async_and_failure (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "async.xlsx", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "no", "such", "dir.csv", NULL);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  heeyu_company_export_async (f->cache, NULL, path, HEEYU_COMPANY_EXPORT_XLSX, NULL,
                              on_export_done_cb, &n);
  while (n == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n, ==, 6);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_false (heeyu_company_export_to_file (f->db, NULL, nowhere, HEEYU_COMPANY_EXPORT_CSV,
                                                NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "dir.csv"));
}

static void
test_neutralize (void)
{
  static const char * const cases[][2] = {
    { "=1+1", "'=1+1" }, { "+82", "'+82" }, { "-3", "'-3" }, { "@A1", "'@A1" },
    { "\tx", "'\tx" }, { "\rx", "'\rx" }, { "", "" }, { "a=b", "a=b" }, { "'quoted", "'quoted" },
    { "한울", "한울" }, { " =x", " =x" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = heeyu_company_export_neutralize (cases[i][0]);
      g_assert_cmpstr (got, ==, cases[i][1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, \
                                    heeyu_test_cache_fixture_tear_down)
  ADD ("/export/csv/round-trip", test_csv_round_trip);
  ADD ("/export/csv/current-view", test_csv_view);
  ADD ("/export/xlsx/round-trip", test_xlsx_round_trip);
  ADD ("/export/cli", test_cli);
  ADD ("/export/async-and-failure", test_async_and_failure);
  g_test_add_func ("/export/neutralize", test_neutralize);

  return g_test_run ();
}
