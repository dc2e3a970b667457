/* test-server.c: heeyu-server against a real PostgreSQL, over real HTTPS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HeeyuTestRun through tests/server/with-postgres.sh, which provides a throwaway
 * cluster (PGHOST...) and a work directory (HEEYU_TEST_PGDIR).  The test
 * makes a private CA and a localhost certificate, starts `heeyu-server
 * serve` on a free loopback port and talks to it with libcurl, verifying
 * the server against that CA: never with verification off.
 */
#include "config.h"

#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <curl/curl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "heeyu-server-cursor.h"
#include "heeyu-test-server.h"

#define DBNAME "heeyu_test"
#define MAX_BODY 65536
#define CURSOR_SECRET "test-cursor-secret-0123456789abcdef"
#define N_COMPANIES 1200
#define N_METALS 5
#define MONTHS 200

typedef struct
{
  char        *dir;
  char        *server_bin;
  char        *ca_file;
  char        *cert_file;
  char        *key_file;
  char        *access_log;
  char        *stderr_log;
  char        *dataset_file;
  char        *base_url;
  guint16      port;
  GSubprocess *server;
  PGconn      *db;
  GHashTable  *tokens;       /* user name → token */
  GHashTable  *dataset;      /* "kind/id" → JsonNode of data, as imported */
  GPtrArray   *company_ids;
} Env;

static Env env;

/* --- helpers: processes --- */

static HeeyuTestRun *
run_server_cli (const char *first,
                ...)
{
  HeeyuTestRun *run;
  va_list ap;

  va_start (ap, first);
  run = heeyu_test_server_cli_valist (env.server_bin, "dbname=" DBNAME, first, ap);
  va_end (ap);
  return run;
}

static char *
add_user (const char *name,
          const char *role)
{
  g_autoptr(HeeyuTestRun) run = run_server_cli ("user", "add", name, "--role", role, NULL);
  char *token;

  if (run->status != 0)
    g_error ("user add %s failed: %s", name, run->err);
  token = g_strstrip (g_strdup (run->out));
  g_assert_cmpuint (strlen (token), ==, 43);
  g_hash_table_insert (env.tokens, g_strdup (name), g_strdup (token));
  return token;
}

static const char *
token_of (const char *name)
{
  const char *t = g_hash_table_lookup (env.tokens, name);

  g_assert_nonnull (t);
  return t;
}

/* --- helpers: database --- */

/* The shared helpers (heeyu-test-server.c), on this test's database. */
#define db_query(sql, n, params) heeyu_test_pg_query (env.db, (sql), (n), (params))
#define server_rev(kind, id) heeyu_test_pg_rev (env.db, (kind), (id))

static gint64
db_int (const char *sql,
        int         n,
        const char * const *params)
{
  PGresult *res = db_query (sql, n, params);
  gint64 v = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);

  PQclear (res);
  return v;
}

/* The per-kind counts that writers keep equal the records. */
static void
assert_counts_consistent (void)
{
  g_assert_cmpint (db_int ("SELECT count (*) FROM ("
                           " SELECT kind, count (*) AS n FROM records WHERE NOT deleted GROUP BY kind"
                           " EXCEPT SELECT kind, n FROM live_counts WHERE n <> 0) d", 0, NULL), ==, 0);
  g_assert_cmpint (db_int ("SELECT count (*) FROM live_counts l WHERE n <> (SELECT count (*)"
                           " FROM records r WHERE r.kind = l.kind AND NOT deleted)", 0, NULL), ==, 0);
}

/* --- helpers: HTTP --- */

typedef struct
{
  long        status;
  GString    *body;
  GHashTable *headers;   /* lower-case name → value */
} Resp;

static void
resp_free (Resp *r)
{
  g_string_free (r->body, TRUE);
  g_hash_table_unref (r->headers);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Resp, resp_free)

static size_t
on_body_cb (char   *data,
            size_t  size,
            size_t  n,
            void   *user)
{
  g_string_append_len (user, data, size * n);
  return size * n;
}

static size_t
on_header_cb (char   *data,
              size_t  size,
              size_t  n,
              void   *user)
{
  GHashTable *headers = user;
  g_autofree char *line = g_strndup (data, size * n);
  char *colon = strchr (line, ':');

  if (g_str_has_prefix (line, "HTTP/"))
    g_hash_table_remove_all (headers);   /* a new response (after 100 Continue) */
  else if (colon)
    {
      *colon = '\0';
      g_hash_table_insert (headers, g_ascii_strdown (line, -1), g_strstrip (g_strdup (colon + 1)));
    }
  return size * n;
}

static GPrivate curl_key = G_PRIVATE_INIT ((GDestroyNotify) curl_easy_cleanup);

static CURL *
thread_curl (void)
{
  CURL *c = g_private_get (&curl_key);

  if (c == NULL)
    {
      c = curl_easy_init ();
      g_private_set (&curl_key, c);
    }
  curl_easy_reset (c);
  return c;
}

static void
setup_curl (CURL       *c,
            const char *url,
            Resp       *r)
{
  curl_easy_setopt (c, CURLOPT_URL, url);
  /* Verify the server against the test CA, peer and host: always. */
  curl_easy_setopt (c, CURLOPT_CAINFO, env.ca_file);
  curl_easy_setopt (c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (c, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, on_body_cb);
  curl_easy_setopt (c, CURLOPT_WRITEDATA, r->body);
  curl_easy_setopt (c, CURLOPT_HEADERFUNCTION, on_header_cb);
  curl_easy_setopt (c, CURLOPT_HEADERDATA, r->headers);
}

static Resp *
resp_new (void)
{
  Resp *r = g_new0 (Resp, 1);

  r->body = g_string_new (NULL);
  r->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return r;
}

/* @extra: NULL-terminated header lines.  @body_len: -1 for strlen (). */
static Resp *
request_n (const char         *method,
           const char         *path,
           const char         *token,
           const char         *body,
           gssize              body_len,
           const char * const *extra)
{
  CURL *c = thread_curl ();
  Resp *r = resp_new ();
  g_autofree char *url = g_strconcat (env.base_url, path, NULL);
  g_autofree char *auth = token ? g_strconcat ("Authorization: Bearer ", token, NULL) : NULL;
  struct curl_slist *hl = NULL;
  CURLcode rc;

  setup_curl (c, url, r);
  if (auth)
    hl = curl_slist_append (hl, auth);
  for (guint i = 0; extra && extra[i]; i++)
    hl = curl_slist_append (hl, extra[i]);
  if (body)
    {
      hl = curl_slist_append (hl, "Expect:");
      curl_easy_setopt (c, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt (c, CURLOPT_POSTFIELDSIZE, (long) (body_len < 0 ? strlen (body) : (gsize) body_len));
    }
  curl_easy_setopt (c, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, hl);

  rc = curl_easy_perform (c);
  curl_slist_free_all (hl);
  if (rc != CURLE_OK)
    g_error ("%s %s: %s", method, path, curl_easy_strerror (rc));
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &r->status);
  return r;
}

static Resp *
request (const char         *method,
         const char         *path,
         const char         *token,
         const char         *body,
         const char * const *extra)
{
  return request_n (method, path, token, body, -1, extra);
}

static JsonNode *
resp_json (Resp *r)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, r->body->str, r->body->len, &error))
    g_error ("not JSON (%s): %.200s", error->message, r->body->str);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_problem (Resp       *r,
                long        status,
                const char *type_suffix)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  if (r->status != status)
    g_error ("expected %ld, got %ld: %s", status, r->status, r->body->str);
  g_assert_cmpstr (g_hash_table_lookup (r->headers, "content-type"), ==, "application/problem+json");
  root = resp_json (r);
  o = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (o, "status"), ==, status);
  g_assert_true (json_object_has_member (o, "title"));
  g_assert_true (json_object_has_member (o, "detail"));
  if (type_suffix)
    g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "type"), type_suffix));
}

static Resp *
get_changes (const char *token,
             const char *cursor,
             guint       limit,
             const char * const *extra)
{
  g_autoptr(GString) path = g_string_new ("/v1/changes");
  char sep = '?';

  if (cursor)
    {
      g_autofree char *esc = g_uri_escape_string (cursor, NULL, FALSE);
      g_string_append_printf (path, "%ccursor=%s", sep, esc);
      sep = '&';
    }
  if (limit)
    g_string_append_printf (path, "%climit=%u", sep, limit);
  return request ("GET", path->str, token, NULL, extra);
}

typedef struct
{
  GHashTable *records;   /* "kind/id" → JsonNode envelope (live only) */
  char       *cursor;
  JsonObject *counts;    /* from the last page */
  guint       pages;
  guint       items;
  guint       tombstones;
} Pull;

static Pull *
pull_new (void)
{
  Pull *p = g_new0 (Pull, 1);

  p->records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  return p;
}

static void
pull_free (Pull *p)
{
  g_hash_table_unref (p->records);
  g_free (p->cursor);
  g_clear_pointer (&p->counts, json_object_unref);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pull, pull_free)

static char *
record_key (JsonObject *env_obj)
{
  return g_strdup_printf ("%s/%s", json_object_get_string_member (env_obj, "kind"),
                          json_object_get_string_member (env_obj, "id"));
}

/* Pulls pages from p->cursor until has_more is false, applying items the
 * way a client does: newer rev wins, tombstones delete.  Returns FALSE on
 * a 429 (the caller retries). */
static void
pull_to_head (Pull       *p,
              const char *token,
              guint       limit)
{
  for (;;)
    {
      g_autoptr(Resp) r = get_changes (token, p->cursor, limit, NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *o;
      JsonArray *items;
      gboolean has_more;

      if (r->status == 429)
        {
          g_usleep (20000);
          continue;
        }
      if (r->status != 200)
        g_error ("pull: %ld %s", r->status, r->body->str);
      root = resp_json (r);
      o = json_node_get_object (root);
      items = json_object_get_array_member (o, "items");
      p->pages++;
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *e = json_array_get_object_element (items, i);
          g_autofree char *key = record_key (e);
          JsonNode *old = g_hash_table_lookup (p->records, key);

          p->items++;
          if (old && json_object_get_int_member (json_node_get_object (old), "rev") >=
                     json_object_get_int_member (e, "rev"))
            continue;
          if (json_object_get_boolean_member (e, "deleted"))
            {
              g_assert_false (json_object_has_member (e, "data"));
              p->tombstones++;
              g_hash_table_remove (p->records, key);
            }
          else
            g_hash_table_insert (p->records, g_steal_pointer (&key),
                                 json_node_copy (json_array_get_element (items, i)));
        }
      g_free (p->cursor);
      p->cursor = g_strdup (json_object_get_string_member (o, "next_cursor"));
      has_more = json_object_get_boolean_member (o, "has_more");
      if (!has_more)
        {
          g_assert_true (json_object_has_member (o, "counts"));
          g_clear_pointer (&p->counts, json_object_unref);
          p->counts = json_object_ref (json_object_get_object_member (o, "counts"));
          return;
        }
      g_assert_false (json_object_has_member (o, "counts"));
    }
}

static char *
push_body (const char *client_id,
           const char *mutations_json)
{
  return g_strdup_printf ("{\"client_id\":\"%s\",\"mutations\":[%s]}", client_id, mutations_json);
}

static Resp *
push (const char *token,
      const char *key,
      const char *body)
{
  g_autofree char *key_header = key ? g_strconcat ("Idempotency-Key: ", key, NULL) : NULL;
  const char *extra[] = { "Content-Type: application/json", key_header, NULL };

  return request ("POST", "/v1/push", token, body, extra);
}

/* Pushes and returns the results array (owned by the returned node). */
static JsonNode *
push_ok (const char *token,
         const char *body)
{
  g_autofree char *key = g_uuid_string_random ();

  for (;;)
    {
      g_autoptr(Resp) r = push (token, key, body);

      if (r->status == 429)
        {
          g_usleep (20000);
          continue;
        }
      if (r->status != 200)
        g_error ("push: %ld %s", r->status, r->body->str);
      return resp_json (r);
    }
}

static JsonObject *
result_at (JsonNode *root,
           guint     i)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (root), "results");

  return json_array_get_object_element (results, i);
}

static gint64
next_mid (void)
{
  static gint mid;

  return g_atomic_int_add (&mid, 1) + 1;
}

static char *
company_data (const char *name,
              gint64      employees)
{
  return g_strdup_printf ("{\"name_ko\":\"%s\",\"name_en\":\"%s Co\",\"region\":\"KR-11\","
                          "\"employees\":%" G_GINT64_FORMAT ",\"stages\":[\"refining\"],"
                          "\"metals\":[\"Ga\"]}", name, name, employees);
}

static char *
mutation (const char *kind,
          const char *id,
          const char *op,
          gint64      base_rev,
          const char *data)
{
  if (data)
    return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"kind\":\"%s\",\"id\":\"%s\","
                            "\"op\":\"%s\",\"base_rev\":%" G_GINT64_FORMAT ",\"data\":%s}",
                            next_mid (), kind, id, op, base_rev, data);
  return g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"kind\":\"%s\",\"id\":\"%s\","
                          "\"op\":\"%s\",\"base_rev\":%" G_GINT64_FORMAT "}",
                          next_mid (), kind, id, op, base_rev);
}

/* --- setup --- */

static void
write_dataset (void)
{
  static const char * const metals[N_METALS] = { "Ga", "Ge", "W", "Co", "Li" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  env.dataset = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  env.company_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_METALS; i++)
    {
      g_autofree char *data = g_strdup_printf ("{\"name_en\":\"Metal %s\",\"name_ko\":\"금속 %s\","
                                               "\"lists\":{\"rare_metal_35\":true}}", metals[i], metals[i]);
      g_string_append_printf (out, "{\"kind\":\"metal\",\"id\":\"%s\",\"data\":%s}\n", metals[i], data);
      g_assert_true (json_parser_load_from_data (parser, data, -1, &error));
      g_hash_table_insert (env.dataset, g_strdup_printf ("metal/%s", metals[i]),
                           json_node_copy (json_parser_get_root (parser)));
    }
  for (guint i = 0; i < N_COMPANIES; i++)
    {
      char *id = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("회사 %u", i);
      g_autofree char *data = company_data (name, i);

      g_string_append_printf (out, "{\"kind\":\"company\",\"id\":\"%s\",\"data\":%s}\n", id, data);
      g_assert_true (json_parser_load_from_data (parser, data, -1, &error));
      g_hash_table_insert (env.dataset, g_strdup_printf ("company/%s", id),
                           json_node_copy (json_parser_get_root (parser)));
      g_ptr_array_add (env.company_ids, id);
    }
  for (guint m = 0; m < N_METALS; m++)
    for (guint k = 0; k < MONTHS; k++)
      {
        g_autofree char *period = g_strdup_printf ("%04u-%02u", 2000 + k / 12, 1 + k % 12);
        g_autofree char *id = g_strdup_printf ("%s/price/%s", metals[m], period);
        g_autofree char *data = g_strdup_printf ("{\"metal\":\"%s\",\"indicator\":\"price\","
                                                 "\"period\":\"%s\",\"value\":%u.25,"
                                                 "\"unit\":\"USD/kg\",\"synthetic\":true}",
                                                 metals[m], period, 100 + k);

        g_string_append_printf (out, "{\"kind\":\"observation\",\"id\":\"%s\",\"data\":%s}\n", id, data);
        g_assert_true (json_parser_load_from_data (parser, data, -1, &error));
        g_hash_table_insert (env.dataset, g_strdup_printf ("observation/%s", id),
                             json_node_copy (json_parser_get_root (parser)));
      }

  env.dataset_file = g_build_filename (env.dir, "dataset.ndjson", NULL);
  g_assert_true (g_file_set_contents (env.dataset_file, out->str, out->len, &error));
  g_assert_no_error (error);
}

static void
die_with_parent (gpointer user_data)
{
  /* A test that aborts must not leave its server running. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts `heeyu-server serve` on a free loopback port with the test
 * certificate and @database; @extra: more options, NULL-terminated. */
static GSubprocess *
spawn_server (const char         *database,
              const char         *stderr_log,
              const char * const *extra,
              guint16            *port)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_setenv (launcher, "HEEYU_CURSOR_SECRET", CURSOR_SECRET, TRUE);
  /* G_DEBUG=fatal-criticals stays: a critical in the server fails the run. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return heeyu_test_server_serve (launcher, env.server_bin, env.cert_file, env.key_file, database,
                                  extra, stderr_log, port);
}

static void
start_server (void)
{
  const char *extra[] = { "--access-log", env.access_log,
                          "--workers", "4",
                          "--max-per-token", "2",
                          "--max-body", G_STRINGIFY (MAX_BODY),
                          "--request-timeout", "2",
                          NULL };

  env.server = spawn_server ("dbname=" DBNAME, env.stderr_log, extra, &env.port);
  env.base_url = heeyu_test_server_url (env.port);
}

static void
setup (void)
{
  g_autofree char *certs = NULL;

  env.dir = g_strdup (g_getenv ("HEEYU_TEST_PGDIR"));
  env.server_bin = g_strdup (g_getenv ("HEEYU_SERVER_BIN"));
  if (env.dir == NULL || env.server_bin == NULL)
    g_error ("run through tests/server/with-postgres.sh with HEEYU_SERVER_BIN set");
  env.tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  certs = g_build_filename (env.dir, "certs", NULL);
  heeyu_test_run_script ("server/make-certs.sh", certs);
  env.ca_file = g_build_filename (certs, "ca.pem", NULL);
  env.cert_file = g_build_filename (certs, "server.pem", NULL);
  env.key_file = g_build_filename (certs, "server.key", NULL);
  env.access_log = g_build_filename (env.dir, "access.log", NULL);
  env.stderr_log = g_build_filename (env.dir, "server.stderr", NULL);

  env.db = heeyu_test_pg_create (DBNAME);

  {
    g_autoptr(HeeyuTestRun) run = run_server_cli ("migrate", NULL);

    if (run->status != 0)
      g_error ("migrate: %s", run->err);
  }
  {
    /* A second migrate finds nothing to do. */
    g_autoptr(HeeyuTestRun) run = run_server_cli ("migrate", NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "0 migrations applied"));
  }

  g_free (add_user ("admin", "admin"));
  g_free (add_user ("editor", "editor"));
  g_free (add_user ("editor2", "editor"));
  g_free (add_user ("reader", "reader"));
  g_free (add_user ("reader2", "reader"));

  write_dataset ();
  {
    g_autoptr(HeeyuTestRun) run = run_server_cli ("import", env.dataset_file, NULL);

    if (run->status != 0)
      g_error ("import: %s", run->err);
  }

  start_server ();
}

static void
teardown (void)
{
  if (env.server)
    {
      g_subprocess_send_signal (env.server, SIGTERM);
      g_subprocess_wait (env.server, NULL, NULL);
      g_assert_true (g_subprocess_get_if_exited (env.server));
      g_assert_cmpint (g_subprocess_get_exit_status (env.server), ==, 0);
      g_clear_object (&env.server);
    }
  PQfinish (env.db);
}

/* --- tests --- */

static void
test_health (void)
{
  g_autoptr(Resp) r = request ("GET", "/v1/health", NULL, NULL, NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  g_assert_cmpint (r->status, ==, 200);
  root = resp_json (r);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (o, "version"), ==, PACKAGE_VERSION);
}

static void
test_unauthorized (void)
{
  g_autofree char *leaver = NULL;

  {
    g_autoptr(Resp) r = request ("GET", "/v1/me", NULL, NULL, NULL);

    assert_problem (r, 401, "unauthorized");
    g_assert_nonnull (g_hash_table_lookup (r->headers, "www-authenticate"));
  }
  {
    /* Well-formed but never issued. */
    g_autoptr(Resp) r = request ("GET", "/v1/changes", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL);
    assert_problem (r, 401, "unauthorized");
  }
  {
    g_autoptr(Resp) r = request ("GET", "/v1/me", "not a token!", NULL, NULL);
    assert_problem (r, 401, "unauthorized");
  }

  leaver = add_user ("leaver", "editor");
  {
    g_autoptr(Resp) r = request ("GET", "/v1/me", leaver, NULL, NULL);
    g_assert_cmpint (r->status, ==, 200);
  }
  {
    g_autoptr(HeeyuTestRun) run = run_server_cli ("user", "revoke", "leaver", NULL);
    g_assert_cmpint (run->status, ==, 0);
  }
  {
    g_autoptr(Resp) r = request ("GET", "/v1/me", leaver, NULL, NULL);
    assert_problem (r, 401, "unauthorized");
  }
  {
    g_autofree char *body = push_body ("c-leaver", "");
    g_autoptr(Resp) r = push (leaver, "k-leaver", body);
    assert_problem (r, 401, "unauthorized");
  }
  {
    /* A revoked name cannot be revoked twice, and an active one not added twice. */
    g_autoptr(HeeyuTestRun) again = run_server_cli ("user", "revoke", "leaver", NULL);
    g_autoptr(HeeyuTestRun) dup = run_server_cli ("user", "add", "reader", "--role", "reader", NULL);
    g_autoptr(HeeyuTestRun) list = run_server_cli ("user", "list", NULL);

    g_assert_cmpint (again->status, !=, 0);
    g_assert_cmpint (dup->status, !=, 0);
    g_assert_cmpint (list->status, ==, 0);
    g_assert_nonnull (strstr (list->out, "leaver"));
    g_assert_null (strstr (list->out, leaver));
  }
}

static void
test_me (void)
{
  const char *users[][2] = { { "reader", "reader" }, { "editor", "editor" }, { "admin", "admin" } };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autoptr(Resp) r = request ("GET", "/v1/me", token_of (users[i][0]), NULL, NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *o;

      g_assert_cmpint (r->status, ==, 200);
      root = resp_json (r);
      o = json_node_get_object (root);
      g_assert_cmpstr (json_object_get_string_member (o, "user"), ==, users[i][0]);
      g_assert_cmpstr (json_object_get_string_member (o, "role"), ==, users[i][1]);
    }
}

static void
test_full_pull (void)
{
  g_autoptr(Pull) p = pull_new ();
  GHashTableIter iter;
  gpointer key, value;
  guint n_companies = 0;

  pull_to_head (p, token_of ("reader"), 500);

  /* 2,205 records in pages of 500. */
  g_assert_cmpuint (p->pages, ==, 5);
  g_assert_cmpuint (g_hash_table_size (p->records), ==, g_hash_table_size (env.dataset));
  g_hash_table_iter_init (&iter, env.dataset);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonNode *got = g_hash_table_lookup (p->records, key);
      JsonObject *e;

      if (got == NULL)
        g_error ("record %s missing from the pull", (char *) key);
      e = json_node_get_object (got);
      g_assert_cmpint (json_object_get_int_member (e, "rev"), ==, 1);
      g_assert_true (json_node_equal (json_object_get_member (e, "data"), value));
      if (g_str_has_prefix (key, "company/"))
        n_companies++;
    }

  g_assert_cmpint (json_object_get_int_member (p->counts, "company"), ==, n_companies);
  g_assert_cmpint (json_object_get_int_member (p->counts, "metal"), ==, N_METALS);
  g_assert_cmpint (json_object_get_int_member (p->counts, "observation"), ==, N_METALS * MONTHS);
  g_assert_cmpint (json_object_get_int_member (p->counts, "note"), ==, 0);

  {
    g_autoptr(Resp) r = request ("GET", "/v1/changes?limit=0", token_of ("reader"), NULL, NULL);
    assert_problem (r, 400, "bad-limit");
  }
  {
    g_autoptr(Resp) r = request ("GET", "/v1/changes?limit=ten", token_of ("reader"), NULL, NULL);
    assert_problem (r, 400, "bad-limit");
  }
  {
    /* Without a limit the default page of 1000 applies. */
    g_autoptr(Resp) r = request ("GET", "/v1/changes", token_of ("reader"), NULL, NULL);
    g_autoptr(JsonNode) root = resp_json (r);
    JsonObject *o = json_node_get_object (root);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "items")), ==, 1000);
    g_assert_true (json_object_get_boolean_member (o, "has_more"));
  }
}

static void
test_incremental (void)
{
  g_autoptr(Pull) p = pull_new ();
  g_autoptr(GString) muts = g_string_new (NULL);
  g_autoptr(JsonNode) results = NULL;
  g_autofree char *body = NULL;
  char *new_ids[2];
  guint before_items;

  pull_to_head (p, token_of ("reader"), 0);
  before_items = p->items;

  for (guint i = 0; i < 3; i++)
    {
      const char *id = g_ptr_array_index (env.company_ids, i);
      g_autofree char *data = company_data ("갱신", 1000 + i);
      g_autofree char *m = mutation ("company", id, "upsert", server_rev ("company", id), data);

      g_string_append_printf (muts, "%s%s", muts->len ? "," : "", m);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *data = company_data ("신규", 5);
      g_autofree char *m = NULL;

      new_ids[i] = g_uuid_string_random ();
      m = mutation ("company", new_ids[i], "upsert", 0, data);
      g_string_append_printf (muts, ",%s", m);
    }
  body = push_body ("client-incremental", muts->str);
  results = push_ok (token_of ("editor"), body);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (json_object_get_string_member (result_at (results, i), "status"), ==, "applied");

  pull_to_head (p, token_of ("reader"), 0);
  /* Only the five changes come, in one page. */
  g_assert_cmpuint (p->items - before_items, ==, 5);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *key = g_strdup_printf ("company/%s", (char *) g_ptr_array_index (env.company_ids, i));
      JsonObject *e = json_node_get_object (g_hash_table_lookup (p->records, key));

      g_assert_cmpint (json_object_get_int_member (e, "rev"), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (e, "updated_by"), ==, "editor");
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (e, "data"), "name_ko"),
                       ==, "갱신");
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *key = g_strdup_printf ("company/%s", new_ids[i]);
      g_assert_nonnull (g_hash_table_lookup (p->records, key));
      g_free (new_ids[i]);
    }

  /* At the head, nothing more. */
  before_items = p->items;
  pull_to_head (p, token_of ("reader"), 0);
  g_assert_cmpuint (p->items, ==, before_items);
  assert_counts_consistent ();
}

static void
test_tombstones (void)
{
  g_autoptr(Pull) p = pull_new ();
  g_autoptr(Pull) fresh = pull_new ();
  g_autoptr(JsonNode) results = NULL;
  g_autofree char *m = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = NULL;
  const char *id = g_ptr_array_index (env.company_ids, 10);
  gint64 companies_before;
  JsonObject *r;

  pull_to_head (p, token_of ("reader"), 0);
  companies_before = json_object_get_int_member (p->counts, "company");

  m = mutation ("company", id, "delete", server_rev ("company", id), NULL);
  body = push_body ("client-tomb", m);
  results = push_ok (token_of ("editor"), body);
  r = result_at (results, 0);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (r, "rev"), ==, 2);

  key = g_strdup_printf ("company/%s", id);
  g_assert_nonnull (g_hash_table_lookup (p->records, key));
  pull_to_head (p, token_of ("reader"), 0);
  /* The tombstone came and removed the record (pull_to_head checks it
   * carries no data). */
  g_assert_cmpuint (p->tombstones, ==, 1);
  g_assert_null (g_hash_table_lookup (p->records, key));
  g_assert_cmpint (json_object_get_int_member (p->counts, "company"), ==, companies_before - 1);

  /* A full sync leaves the tombstone out and holds the same records. */
  pull_to_head (fresh, token_of ("reader"), 2000);
  g_assert_cmpuint (fresh->tombstones, ==, 0);
  g_assert_null (g_hash_table_lookup (fresh->records, key));
  g_assert_cmpuint (g_hash_table_size (fresh->records), ==, g_hash_table_size (p->records));
  g_assert_cmpint (json_object_get_int_member (fresh->counts, "company"), ==, companies_before - 1);

  {
    /* Deleting again from a stale base is a conflict showing the tombstone. */
    g_autofree char *m2 = mutation ("company", id, "delete", 1, NULL);
    g_autofree char *body2 = push_body ("client-tomb", m2);
    g_autoptr(JsonNode) res2 = push_ok (token_of ("editor"), body2);
    JsonObject *r2 = result_at (res2, 0);

    g_assert_cmpstr (json_object_get_string_member (r2, "status"), ==, "conflict");
    g_assert_true (json_object_get_boolean_member (json_object_get_object_member (r2, "server"), "deleted"));
  }
  assert_counts_consistent ();
}

static void
test_bad_cursor (void)
{
  g_autoptr(Pull) p = pull_new ();
  g_autofree char *forged = NULL;
  gsize mid;

  pull_to_head (p, token_of ("reader"), 0);
  forged = g_strdup (p->cursor);
  mid = strlen (forged) / 2;
  forged[mid] = forged[mid] == 'A' ? 'B' : 'A';

  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), forged, 0, NULL);
    assert_problem (r, 400, "bad-cursor");
  }
  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), "!!not-base64!!", 0, NULL);
    assert_problem (r, 400, "bad-cursor");
  }
  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), "AAAA", 0, NULL);
    assert_problem (r, 400, "bad-cursor");
  }
  {
    /* Truncated (as a copy-paste or a torn write would leave it), or with
     * something added: the signature no longer covers it. */
    gsize len = strlen (p->cursor);
    g_autofree char *half = g_strndup (p->cursor, len / 2);
    g_autofree char *short_one = g_strndup (p->cursor, len - 1);
    g_autofree char *longer = g_strconcat (p->cursor, "A", NULL);
    const char *cursors[] = { half, short_one, longer };

    for (guint i = 0; i < G_N_ELEMENTS (cursors); i++)
      {
        g_autoptr(Resp) r = get_changes (token_of ("reader"), cursors[i], 0, NULL);
        assert_problem (r, 400, "bad-cursor");
      }
  }
  {
    /* The genuine one still works. */
    g_autoptr(Resp) r = get_changes (token_of ("reader"), p->cursor, 0, NULL);
    g_assert_cmpint (r->status, ==, 200);
  }
}

static void
test_etag (void)
{
  g_autoptr(Pull) p = pull_new ();
  g_autofree char *etag = NULL;
  g_autofree char *inm = NULL;

  pull_to_head (p, token_of ("reader"), 0);
  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), p->cursor, 0, NULL);

    g_assert_cmpint (r->status, ==, 200);
    etag = g_strdup (g_hash_table_lookup (r->headers, "etag"));
    g_assert_nonnull (etag);
  }
  inm = g_strconcat ("If-None-Match: ", etag, NULL);
  {
    const char *extra[] = { inm, NULL };
    g_autoptr(Resp) r = get_changes (token_of ("reader"), p->cursor, 0, extra);

    g_assert_cmpint (r->status, ==, 304);
    g_assert_cmpuint (r->body->len, ==, 0);
    g_assert_cmpstr (g_hash_table_lookup (r->headers, "etag"), ==, etag);
  }

  {
    const char *id = g_ptr_array_index (env.company_ids, 20);
    g_autofree char *data = company_data ("ETag", 1);
    g_autofree char *m = mutation ("company", id, "upsert", server_rev ("company", id), data);
    g_autofree char *body = push_body ("client-etag", m);
    g_autoptr(JsonNode) res = push_ok (token_of ("editor"), body);
  }
  {
    const char *extra[] = { inm, NULL };
    g_autoptr(Resp) r = get_changes (token_of ("reader"), p->cursor, 0, extra);

    g_assert_cmpint (r->status, ==, 200);
    g_assert_cmpstr (g_hash_table_lookup (r->headers, "etag"), !=, etag);
  }
}

static void
test_gzip (void)
{
  CURL *c = thread_curl ();
  g_autoptr(Resp) r = resp_new ();
  g_autofree char *url = g_strconcat (env.base_url, "/v1/changes?limit=200", NULL);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", token_of ("reader"), NULL);
  struct curl_slist *hl = curl_slist_append (NULL, auth);
  g_autoptr(JsonNode) root = NULL;
  curl_off_t wire = 0;

  setup_curl (c, url, r);
  curl_easy_setopt (c, CURLOPT_HTTPHEADER, hl);
  curl_easy_setopt (c, CURLOPT_ACCEPT_ENCODING, "gzip");
  g_assert_cmpint (curl_easy_perform (c), ==, CURLE_OK);
  curl_slist_free_all (hl);
  curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &r->status);
  curl_easy_getinfo (c, CURLINFO_SIZE_DOWNLOAD_T, &wire);

  g_assert_cmpint (r->status, ==, 200);
  g_assert_cmpstr (g_hash_table_lookup (r->headers, "content-encoding"), ==, "gzip");
  /* What crossed the wire is smaller than the page it decodes to. */
  g_assert_cmpint (wire, <, (curl_off_t) r->body->len);
  root = resp_json (r);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "items")),
                    ==, 200);
}

static void
test_push_results (void)
{
  g_autofree char *new_id = g_uuid_string_random ();
  const char *existing = g_ptr_array_index (env.company_ids, 30);
  g_autofree char *ok_data = company_data ("적용", 3);
  g_autofree char *m1 = mutation ("company", new_id, "upsert", 0, ok_data);
  g_autofree char *m2 = mutation ("company", existing, "upsert", 0, ok_data);
  g_autofree char *m3 = mutation ("company", "bad-field", "upsert", 0,
                                  "{\"name_ko\":\"x\",\"ceo_shoe_size\":42}");
  g_autofree char *m4 = mutation ("widget", "w1", "upsert", 0, "{\"name\":\"x\"}");
  g_autofree char *m5 = mutation ("company", "bad-type", "upsert", 0,
                                  "{\"name_ko\":\"x\",\"founded\":\"1999\"}");
  g_autofree char *m6 = mutation ("company", "no-such-company", "delete", 0, NULL);
  g_autofree char *all = g_strjoin (",", m1, m2, m3, m4, m5, m6, NULL);
  g_autofree char *body = push_body ("client-results", all);
  g_autoptr(JsonNode) results = push_ok (token_of ("editor"), body);
  JsonObject *r;
  JsonObject *server;

  r = result_at (results, 0);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (r, "rev"), ==, 1);
  g_assert_cmpint (server_rev ("company", new_id), ==, 1);

  /* Stale base_rev: not applied, and the reply carries the server's record. */
  r = result_at (results, 1);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "conflict");
  server = json_object_get_object_member (r, "server");
  g_assert_cmpstr (json_object_get_string_member (server, "id"), ==, existing);
  g_assert_cmpint (json_object_get_int_member (server, "rev"), ==, server_rev ("company", existing));
  g_assert_true (json_object_has_member (server, "data"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (server, "data"), "name_ko"),
                   !=, "적용");

  r = result_at (results, 2);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
  g_assert_nonnull (strstr (json_object_get_string_member (r, "detail"), "ceo_shoe_size"));
  r = result_at (results, 3);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (r, "type"), "unknown-kind"));
  r = result_at (results, 4);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
  g_assert_nonnull (strstr (json_object_get_string_member (r, "detail"), "founded"));
  r = result_at (results, 5);
  g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
  g_assert_cmpint (json_object_get_int_member (r, "http_status"), ==, 404);

  /* Nothing rejected was stored. */
  g_assert_cmpint (server_rev ("company", "bad-field"), ==, 0);
  g_assert_cmpint (server_rev ("company", "bad-type"), ==, 0);
  g_assert_cmpint (server_rev ("widget", "w1"), ==, 0);

  {
    /* A reader may not write a company. */
    g_autofree char *id = g_uuid_string_random ();
    g_autofree char *m = mutation ("company", id, "upsert", 0, ok_data);
    g_autofree char *b = push_body ("client-reader", m);
    g_autoptr(JsonNode) res = push_ok (token_of ("reader"), b);

    r = result_at (res, 0);
    g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "rejected");
    g_assert_cmpint (json_object_get_int_member (r, "http_status"), ==, 403);
    g_assert_cmpint (server_rev ("company", id), ==, 0);
  }
  {
    g_autoptr(Resp) bad = push (token_of ("editor"), "k-malformed", "{\"mutations\": 3}");
    assert_problem (bad, 400, "malformed");
  }
  {
    g_autoptr(Resp) bad = push (token_of ("editor"), "k-notjson", "{not json");
    assert_problem (bad, 400, "malformed");
  }
  {
    g_autoptr(Resp) nokey = push (token_of ("editor"), NULL, body);
    assert_problem (nokey, 400, "missing-idempotency-key");
  }
  {
    const char *extra[] = { "Content-Type: text/plain", "Idempotency-Key: k-text", NULL };
    g_autoptr(Resp) text = request ("POST", "/v1/push", token_of ("editor"), body, extra);
    assert_problem (text, 415, NULL);
  }
  {
    g_autoptr(Resp) nf = request ("GET", "/v1/nothing", token_of ("editor"), NULL, NULL);
    g_autoptr(Resp) method = request ("GET", "/v1/push", token_of ("editor"), NULL, NULL);

    assert_problem (nf, 404, "not-found");
    assert_problem (method, 405, "method-not-allowed");
    g_assert_cmpstr (g_hash_table_lookup (method->headers, "allow"), ==, "POST");
  }
  assert_counts_consistent ();
}

static void
test_push_idempotent (void)
{
  g_autofree char *note_id = g_uuid_string_random ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *m = mutation ("note", note_id, "upsert", 0,
                                 "{\"target_kind\":\"metal\",\"target_id\":\"Ga\","
                                 "\"body\":\"check\",\"status\":\"open\",\"author\":\"reader\"}");
  g_autofree char *body = push_body ("client-idem", m);
  g_autofree char *other = push_body ("client-idem", "");
  g_autofree char *first = NULL;
  const char *params[] = { note_id };

  {
    g_autoptr(Resp) r = push (token_of ("reader"), key, body);

    g_assert_cmpint (r->status, ==, 200);
    first = g_strdup (r->body->str);
    g_assert_nonnull (strstr (first, "\"applied\""));
  }
  {
    /* Sent again: the same results, and nothing applied twice. */
    g_autoptr(Resp) r = push (token_of ("reader"), key, body);

    g_assert_cmpint (r->status, ==, 200);
    g_assert_cmpstr (r->body->str, ==, first);
    g_assert_cmpstr (g_hash_table_lookup (r->headers, "idempotent-replayed"), ==, "true");
  }
  g_assert_cmpint (server_rev ("note", note_id), ==, 1);
  g_assert_cmpint (db_int ("SELECT count (*) FROM audit_log WHERE record_id = $1", 1, params), ==, 1);

  {
    /* The same key with another body is refused. */
    g_autoptr(Resp) r = push (token_of ("reader"), key, other);
    assert_problem (r, 422, "idempotency-key-reused");
  }
  {
    /* The same mutation under a new key is a duplicate mid, not applied again. */
    g_autofree char *key2 = g_uuid_string_random ();
    g_autoptr(Resp) r = push (token_of ("reader"), key2, body);
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpint (r->status, ==, 200);
    root = resp_json (r);
    g_assert_cmpstr (json_object_get_string_member (result_at (root, 0), "status"), ==, "rejected");
    g_assert_true (g_str_has_suffix (json_object_get_string_member (result_at (root, 0), "type"),
                                     "duplicate-mutation"));
    g_assert_cmpint (server_rev ("note", note_id), ==, 1);
  }
  {
    /* Keys belong to their user: another user's batch with the same key is its own. */
    g_autofree char *m2 = mutation ("note", note_id, "upsert", 1,
                                    "{\"target_kind\":\"metal\",\"target_id\":\"Ga\","
                                    "\"body\":\"x\",\"status\":\"open\"}");
    g_autofree char *b2 = push_body ("client-idem-2", m2);
    g_autoptr(Resp) r = push (token_of ("reader2"), key, b2);
    g_autoptr(JsonNode) root = NULL;

    g_assert_cmpint (r->status, ==, 200);
    root = resp_json (r);
    /* ...and reader2 may not change reader's note. */
    g_assert_cmpint (json_object_get_int_member (result_at (root, 0), "http_status"), ==, 403);
  }
  assert_counts_consistent ();
}

static const char *
one_status (const char *token,
            const char *kind,
            const char *id,
            gint64      base_rev,
            const char *data,
            gint64     *http_status)
{
  g_autofree char *m = mutation (kind, id, data ? "upsert" : "delete", base_rev, data);
  g_autofree char *body = push_body ("client-roles", m);
  g_autoptr(JsonNode) res = push_ok (token, body);
  JsonObject *r = result_at (res, 0);
  const char *status = g_intern_string (json_object_get_string_member (r, "status"));

  *http_status = json_object_has_member (r, "http_status") ? json_object_get_int_member (r, "http_status") : 0;
  return status;
}

static void
test_roles (void)
{
  const char *note = "{\"target_kind\":\"company\",\"target_id\":\"x\",\"body\":\"b\",\"status\":\"open\"}";
  const char *metal = "{\"name_en\":\"Indium\",\"name_ko\":\"인듐\"}";
  g_autofree char *note_id = g_uuid_string_random ();
  g_autofree char *company_id = g_uuid_string_random ();
  g_autofree char *company = company_data ("역할", 1);
  gint64 hs;

  /* reader: own notes only */
  g_assert_cmpstr (one_status (token_of ("reader"), "note", note_id, 0, note, &hs), ==, "applied");
  g_assert_cmpstr (one_status (token_of ("reader"), "note", note_id, 1, note, &hs), ==, "applied");
  g_assert_cmpstr (one_status (token_of ("reader2"), "note", note_id, 2, note, &hs), ==, "rejected");
  g_assert_cmpint (hs, ==, 403);
  g_assert_cmpstr (one_status (token_of ("reader2"), "note", note_id, 2, NULL, &hs), ==, "rejected");
  g_assert_cmpint (hs, ==, 403);
  g_assert_cmpstr (one_status (token_of ("reader"), "metal", "In", 0, metal, &hs), ==, "rejected");
  g_assert_cmpint (hs, ==, 403);
  {
    g_autofree char *id = g_uuid_string_random ();
    const char *forged = "{\"target_kind\":\"company\",\"target_id\":\"x\",\"body\":\"b\","
                         "\"status\":\"open\",\"author\":\"editor\"}";

    g_assert_cmpstr (one_status (token_of ("reader"), "note", id, 0, forged, &hs), ==, "rejected");
    g_assert_cmpint (hs, ==, 403);
  }

  /* editor: + companies, but not metals nor others' notes */
  g_assert_cmpstr (one_status (token_of ("editor"), "company", company_id, 0, company, &hs), ==, "applied");
  g_assert_cmpstr (one_status (token_of ("editor"), "metal", "In", 0, metal, &hs), ==, "rejected");
  g_assert_cmpint (hs, ==, 403);
  g_assert_cmpstr (one_status (token_of ("editor"), "note", note_id, 2, note, &hs), ==, "rejected");

  /* admin: everything */
  g_assert_cmpstr (one_status (token_of ("admin"), "metal", "In", 0, metal, &hs), ==, "applied");
  g_assert_cmpstr (one_status (token_of ("admin"), "note", note_id, 2, note, &hs), ==, "applied");
  g_assert_cmpstr (one_status (token_of ("reader"), "note", note_id, 3, NULL, &hs), ==, "applied");
  g_assert_cmpint (server_rev ("note", note_id), ==, 4);
  assert_counts_consistent ();
}

static void
test_audit (void)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *d1 = company_data ("감사", 1);
  g_autofree char *d2 = company_data ("감사", 2);
  const char *params[] = { id };
  gint64 hs;
  PGresult *res;

  g_assert_cmpstr (one_status (token_of ("editor"), "company", id, 0, d1, &hs), ==, "applied");
  g_assert_cmpstr (one_status (token_of ("editor2"), "company", id, 1, d2, &hs), ==, "applied");
  g_assert_cmpstr (one_status (token_of ("admin"), "company", id, 2, NULL, &hs), ==, "applied");

  res = db_query ("SELECT actor, action, before ->> 'rev', after ->> 'rev',"
                  " after -> 'data' ->> 'employees', after ->> 'deleted', detail ->> 'client_id' "
                  "FROM audit_log WHERE kind = 'company' AND record_id = $1 ORDER BY id", 1, params);
  g_assert_cmpint (PQntuples (res), ==, 3);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "editor");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "upsert");
  g_assert_true (PQgetisnull (res, 0, 2));
  g_assert_cmpstr (PQgetvalue (res, 0, 3), ==, "1");
  g_assert_cmpstr (PQgetvalue (res, 1, 0), ==, "editor2");
  g_assert_cmpstr (PQgetvalue (res, 1, 2), ==, "1");
  g_assert_cmpstr (PQgetvalue (res, 1, 3), ==, "2");
  g_assert_cmpstr (PQgetvalue (res, 1, 4), ==, "2");
  g_assert_cmpstr (PQgetvalue (res, 2, 0), ==, "admin");
  g_assert_cmpstr (PQgetvalue (res, 2, 1), ==, "delete");
  g_assert_cmpstr (PQgetvalue (res, 2, 5), ==, "true");
  g_assert_cmpstr (PQgetvalue (res, 2, 6), ==, "client-roles");
  PQclear (res);

  g_assert_cmpint (db_int ("SELECT count (*) FROM audit_log WHERE action = 'import'", 0, NULL), >=, 1);
  g_assert_cmpint (db_int ("SELECT count (*) FROM audit_log WHERE action = 'user-add'", 0, NULL), >=, 5);
  g_assert_cmpint (db_int ("SELECT count (*) FROM audit_log WHERE action = 'user-revoke'", 0, NULL), >=, 1);
  /* Tokens are stored only as hashes. */
  g_assert_cmpint (db_int ("SELECT min (length (token_hash)) FROM users", 0, NULL), ==, 32);
  assert_counts_consistent ();
}

static void
test_too_large (void)
{
  g_autoptr(GString) big = g_string_new ("{\"client_id\":\"big\",\"mutations\":[],\"pad\":\"");
  g_autoptr(Resp) r = NULL;

  while (big->len < MAX_BODY + 10000)
    g_string_append (big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (big, "\"}");
  r = push (token_of ("editor"), "k-big", big->str);
  assert_problem (r, 413, "too-large");

  {
    /* 1,001 mutations (the default max-mutations is 1,000): small, but too many. */
    g_autoptr(GString) many = g_string_new ("{\"client_id\":\"many\",\"mutations\":[{}");
    g_autoptr(Resp) m = NULL;

    for (guint i = 1; i < 1001; i++)
      g_string_append (many, ",{}");
    g_string_append (many, "]}");
    g_assert_cmpuint (many->len, <, MAX_BODY);
    m = push (token_of ("editor"), "k-many", many->str);
    assert_problem (m, 413, "too-many-mutations");
  }

  {
    g_autoptr(Resp) h = request ("GET", "/v1/health", NULL, NULL, NULL);
    g_assert_cmpint (h->status, ==, 200);
  }
}

/* N requests with one token wait in the database (a test transaction
 * holds a lock they need); the next one with that token gets 429 at once,
 * while /v1/health still answers: the main loop never waits on the
 * database. */
static void
test_rate_limit (void)
{
  CURLM *multi = curl_multi_init ();
  CURL *easy[2];
  Resp *resp[2];
  struct curl_slist *hl;
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", token_of ("editor2"), NULL);
  g_autofree char *url = g_strconcat (env.base_url, "/v1/me", NULL);
  PGconn *locker = PQconnectdb ("dbname=" DBNAME);
  PGresult *res;
  int running = 0;

  g_assert_cmpint (PQstatus (locker), ==, CONNECTION_OK);
  res = PQexec (locker, "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);

  hl = curl_slist_append (NULL, auth);
  for (guint i = 0; i < 2; i++)
    {
      resp[i] = resp_new ();
      easy[i] = curl_easy_init ();
      setup_curl (easy[i], url, resp[i]);
      curl_easy_setopt (easy[i], CURLOPT_HTTPHEADER, hl);
      curl_multi_add_handle (multi, easy[i]);
    }

  /* Drive both until the server has them waiting on the lock. */
  for (;;)
    {
      gint64 waiting;

      curl_multi_perform (multi, &running);
      curl_multi_poll (multi, NULL, 0, 50, NULL);
      waiting = db_int ("SELECT count (*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                        "WHERE c.relname = 'users' AND NOT l.granted", 0, NULL);
      if (waiting >= 2)
        break;
      g_assert_cmpint (running, >, 0);
    }

  {
    g_autoptr(Resp) r = request ("GET", "/v1/me", token_of ("editor2"), NULL, NULL);

    assert_problem (r, 429, "too-many-requests");
    g_assert_cmpstr (g_hash_table_lookup (r->headers, "retry-after"), ==, "1");
  }
  {
    g_autoptr(Resp) h = request ("GET", "/v1/health", NULL, NULL, NULL);
    g_assert_cmpint (h->status, ==, 200);
  }

  res = PQexec (locker, "COMMIT");
  PQclear (res);
  PQfinish (locker);

  do
    {
      curl_multi_perform (multi, &running);
      if (running)
        curl_multi_poll (multi, NULL, 0, 100, NULL);
    }
  while (running > 0);

  for (guint i = 0; i < 2; i++)
    {
      long status = 0;

      curl_easy_getinfo (easy[i], CURLINFO_RESPONSE_CODE, &status);
      g_assert_cmpint (status, ==, 200);
      curl_multi_remove_handle (multi, easy[i]);
      curl_easy_cleanup (easy[i]);
      resp_free (resp[i]);
    }
  curl_slist_free_all (hl);
  curl_multi_cleanup (multi);

  {
    /* With the limit free again, the token works. */
    g_autoptr(Resp) r = request ("GET", "/v1/me", token_of ("editor2"), NULL, NULL);
    g_assert_cmpint (r->status, ==, 200);
  }
}

static void
on_client_event_cb (GSocketClient       *client,
                    GSocketClientEvent   event,
                    GSocketConnectable  *connectable,
                    GIOStream           *stream,
                    gpointer             ca)
{
  /* Verify against the test CA, as curl does with CURLOPT_CAINFO. */
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    g_tls_connection_set_database (G_TLS_CONNECTION (stream), ca);
}

/* A client that connects and then stalls is disconnected, both before the
 * TLS handshake and halfway through its request headers. */
static void
test_slow_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) plain = NULL;
  g_autoptr(GSocketConnection) tls = NULL;
  g_autoptr(GTlsDatabase) ca = g_tls_file_database_new (env.ca_file, &error);
  char buf[64];
  gssize n;

  g_assert_no_error (error);
  plain = g_socket_client_connect_to_host (client, "127.0.0.1", env.port, NULL, &error);
  g_assert_no_error (error);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (plain)), buf, sizeof buf, NULL, NULL);
  g_assert_cmpint (n, <=, 0);

  g_socket_client_set_tls (client, TRUE);
  g_signal_connect (client, "event", G_CALLBACK (on_client_event_cb), ca);
  tls = g_socket_client_connect_to_host (client, "localhost", env.port, NULL, &error);
  g_assert_no_error (error);
  {
    const char *partial = "GET /v1/health HTTP/1.1\r\nHost: localhost\r\n";
    GOutputStream *os = g_io_stream_get_output_stream (G_IO_STREAM (tls));

    g_assert_true (g_output_stream_write_all (os, partial, strlen (partial), NULL, NULL, &error));
    g_assert_no_error (error);
  }
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (tls)), buf, sizeof buf, NULL, NULL);
  g_assert_cmpint (n, <=, 0);
}

static void
test_access_log (void)
{
  g_autofree char *log = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTableIter iter;
  gpointer name, token;
  gboolean saw_reader_me = FALSE, saw_401 = FALSE;
  guint n = 0;

  g_assert_true (g_file_get_contents (env.access_log, &log, NULL, NULL));
  g_assert_true (g_file_get_contents (env.stderr_log, &err, NULL, NULL));

  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;

      if (*lines[i] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (json_object_has_member (o, "time"));
      g_assert_true (json_object_has_member (o, "user"));
      g_assert_true (json_object_has_member (o, "method"));
      g_assert_true (json_object_has_member (o, "bytes"));
      g_assert_true (json_object_has_member (o, "duration_ms"));
      /* Paths only: cursors and other query strings stay out.  (A path
       * may hold a '?' of its own: /server/push/sql-metacharacters asks
       * for /v1/%3F.) */
      g_assert_false (g_str_has_prefix (json_object_get_string_member (o, "path"), "/v1/changes?"));
      if (g_strcmp0 (json_object_get_string_member (o, "path"), "/v1/me") == 0 &&
          !json_object_get_null_member (o, "user") &&
          g_strcmp0 (json_object_get_string_member (o, "user"), "reader") == 0 &&
          json_object_get_int_member (o, "status") == 200)
        saw_reader_me = TRUE;
      if (json_object_get_int_member (o, "status") == 401)
        saw_401 = TRUE;
      n++;
    }
  g_assert_cmpuint (n, >, 50);
  g_assert_true (saw_reader_me);
  g_assert_true (saw_401);

  g_hash_table_iter_init (&iter, env.tokens);
  while (g_hash_table_iter_next (&iter, &name, &token))
    {
      g_assert_null (strstr (log, token));
      g_assert_null (strstr (err, token));
    }
  g_assert_null (strstr (log, "cursor="));
}

typedef struct
{
  const char *user;
  guint       index;
  GPtrArray  *ids;
  GHashTable *revs;   /* id → rev, from the push results (its own records only) */
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;

  for (guint round = 0; round < 25; round++)
    {
      g_autoptr(GString) muts = g_string_new (NULL);
      g_autofree char *client = g_strdup_printf ("writer-%u", w->index);
      g_autofree char *body = NULL;
      g_autoptr(JsonNode) res = NULL;
      const char *ids[3];
      guint known = w->ids->len;
      guint first_pick = G_MAXUINT;

      for (guint k = 0; k < 3; k++)
        {
          g_autofree char *name = g_strdup_printf ("동시 %u-%u-%u", w->index, round, k);
          g_autofree char *d = company_data (name, round);
          g_autofree char *m = NULL;

          /* One new record, and updates of two different older ones. */
          if (k == 0 || known < 2)
            {
              char *id = g_uuid_string_random ();

              m = mutation ("company", id, "upsert", 0, d);
              g_ptr_array_add (w->ids, id);
              ids[k] = id;
            }
          else
            {
              guint pick;
              const char *id;

              do
                pick = g_random_int_range (0, known);
              while (pick == first_pick);
              first_pick = pick;
              id = g_ptr_array_index (w->ids, pick);
              m = mutation ("company", id, "upsert",
                            GPOINTER_TO_SIZE (g_hash_table_lookup (w->revs, id)), d);
              ids[k] = id;
            }
          g_string_append_printf (muts, "%s%s", muts->len ? "," : "", m);
        }
      body = push_body (client, muts->str);
      res = push_ok (token_of (w->user), body);
      for (guint k = 0; k < 3; k++)
        {
          JsonObject *r = result_at (res, k);

          /* Only this writer touches these records: every write applies. */
          g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "applied");
          g_hash_table_insert (w->revs, (gpointer) ids[k],
                               GSIZE_TO_POINTER ((gsize) json_object_get_int_member (r, "rev")));
        }
    }
  return NULL;
}

/* Writers race each other while a reader pulls small pages: the reader
 * ends with exactly what the server holds, so no seq was skipped. */
static void
test_concurrent_writers (void)
{
  const char *users[] = { "editor", "editor2", "admin" };
  Writer writers[G_N_ELEMENTS (users)];
  GThread *threads[G_N_ELEMENTS (users)];
  g_autoptr(Pull) p = pull_new ();
  PGresult *res;
  guint live = 0;

  pull_to_head (p, token_of ("reader"), 0);

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      writers[i].user = users[i];
      writers[i].index = i;
      writers[i].ids = g_ptr_array_new_with_free_func (g_free);
      writers[i].revs = g_hash_table_new (g_str_hash, g_str_equal);
    }
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);

  /* Pull while they write. */
  for (guint i = 0; i < 40; i++)
    pull_to_head (p, token_of ("reader"), 7);

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_thread_join (threads[i]);
      g_hash_table_unref (writers[i].revs);
      g_ptr_array_unref (writers[i].ids);
    }
  pull_to_head (p, token_of ("reader"), 50);

  res = db_query ("SELECT kind || '/' || id, rev FROM records WHERE NOT deleted", 0, NULL);
  for (int i = 0; i < PQntuples (res); i++)
    {
      JsonNode *got = g_hash_table_lookup (p->records, PQgetvalue (res, i, 0));

      if (got == NULL)
        g_error ("the reader never saw %s", PQgetvalue (res, i, 0));
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (got), "rev"), ==,
                       g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10));
      live++;
    }
  PQclear (res);
  g_assert_cmpuint (g_hash_table_size (p->records), ==, live);
  g_assert_cmpint (json_object_get_int_member (p->counts, "company"), ==,
                   db_int ("SELECT count (*) FROM records WHERE kind = 'company' AND NOT deleted", 0, NULL));
}

static void
test_import_errors (void)
{
  g_autofree char *bad = g_build_filename (env.dir, "bad.ndjson", NULL);
  g_autofree char *gz = g_build_filename (env.dir, "more.ndjson.gz", NULL);
  gint64 before = db_int ("SELECT count (*) FROM records", 0, NULL);
  gint64 head = db_int ("SELECT seq FROM dataset", 0, NULL);
  const char *lines =
    "{\"kind\":\"metal\",\"id\":\"Nb\",\"data\":{\"name_en\":\"Niobium\",\"name_ko\":\"니오븀\"}}\n"
    "\n"
    "{\"kind\":\"metal\",\"id\":\"Ta\",\"data\":{\"name_en\":\"Tantalum\",\"name_ko\":\"탄탈\",\"colour\":1}}\n";

  g_assert_true (g_file_set_contents (bad, lines, -1, NULL));
  {
    g_autoptr(HeeyuTestRun) run = run_server_cli ("import", bad, NULL);

    g_assert_cmpint (run->status, ==, 1);
    g_assert_nonnull (strstr (run->err, "line 3"));
    g_assert_nonnull (strstr (run->err, "colour"));
  }
  /* Nothing of the file was kept. */
  g_assert_cmpint (db_int ("SELECT count (*) FROM records", 0, NULL), ==, before);
  g_assert_cmpint (db_int ("SELECT seq FROM dataset", 0, NULL), ==, head);

  {
    g_autoptr(GZlibCompressor) zc = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
    g_autoptr(GFile) file = g_file_new_for_path (gz);
    g_autoptr(GFileOutputStream) fos = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);
    g_autoptr(GOutputStream) cos = g_converter_output_stream_new (G_OUTPUT_STREAM (fos), G_CONVERTER (zc));
    const char *good =
      "{\"kind\":\"metal\",\"id\":\"Nb\",\"data\":{\"name_en\":\"Niobium\",\"name_ko\":\"니오븀\"}}\n"
      "{\"kind\":\"metal\",\"id\":\"Ta\",\"data\":{\"name_en\":\"Tantalum\",\"name_ko\":\"탄탈\"}}\n";

    g_assert_true (g_output_stream_write_all (cos, good, strlen (good), NULL, NULL, NULL));
    g_assert_true (g_output_stream_close (cos, NULL, NULL));
  }
  {
    g_autoptr(HeeyuTestRun) run = run_server_cli ("import", gz, NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "2 new"));
  }
  {
    /* Importing the same again changes nothing. */
    g_autoptr(HeeyuTestRun) run = run_server_cli ("import", gz, NULL);

    g_assert_cmpint (run->status, ==, 0);
    g_assert_nonnull (strstr (run->out, "0 new, 0 changed, 2 unchanged"));
  }
  g_assert_cmpint (db_int ("SELECT seq FROM dataset", 0, NULL), ==, head + 2);
}

/* Genuine cursors the server can no longer serve: past a purge of
 * tombstones, ahead of the dataset (a restore without new-epoch), or of
 * another epoch, are 410; one signed with another secret is 400. */
static void
test_cursor_expired (void)
{
  g_autoptr(Pull) p = pull_new ();
  g_autoptr(GBytes) secret = g_bytes_new_static (CURSOR_SECRET, strlen (CURSOR_SECRET));
  g_autoptr(GBytes) other_secret = g_bytes_new_static ("another-secret-0123456789abcdefgh", 33);
  PGresult *res = db_query ("SELECT epoch, seq FROM dataset", 0, NULL);
  HeeyuCursor ahead = { PQgetvalue (res, 0, 0), g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10) + 1000, 0 };
  HeeyuCursor foreign = { (char *) "an-epoch-from-elsewhere", 1, 0 };
  HeeyuCursor here = { PQgetvalue (res, 0, 0), 1, 0 };
  g_autofree char *ahead_text = heeyu_cursor_encode (secret, &ahead);
  g_autofree char *foreign_text = heeyu_cursor_encode (secret, &foreign);
  g_autofree char *other_text = heeyu_cursor_encode (other_secret, &here);
  g_autofree char *here_text = heeyu_cursor_encode (secret, &here);

  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), ahead_text, 0, NULL);
    assert_problem (r, 410, "cursor-expired");
  }
  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), foreign_text, 0, NULL);
    assert_problem (r, 410, "cursor-expired");
  }
  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), other_text, 0, NULL);
    assert_problem (r, 400, "bad-cursor");
  }
  {
    /* The same, signed with the right secret, is served. */
    g_autoptr(Resp) r = get_changes (token_of ("reader"), here_text, 0, NULL);
    g_assert_cmpint (r->status, ==, 200);
  }
  {
    /* Pulls served from a read replica: a cursor ahead of it means the
     * replica lags (the desktop saw the primary), so 503, not 410.  The
     * "replica" here is the same database, which is as far behind as a
     * crafted cursor makes it. */
    g_autofree char *log = g_build_filename (env.dir, "replica.stderr", NULL);
    const char *extra[] = { "--read-database", "dbname=" DBNAME, NULL };
    g_autofree char *saved_url = g_steal_pointer (&env.base_url);
    g_autoptr(GSubprocess) with_replica = NULL;
    guint16 port;

    with_replica = spawn_server ("dbname=" DBNAME, log, extra, &port);
    env.base_url = heeyu_test_server_url (port);
    {
      g_autoptr(Resp) r = get_changes (token_of ("reader"), ahead_text, 0, NULL);

      assert_problem (r, 503, "replica-behind");
      g_assert_cmpstr (g_hash_table_lookup (r->headers, "retry-after"), ==, "1");
    }
    {
      g_autoptr(Resp) r = get_changes (token_of ("reader"), here_text, 0, NULL);
      g_assert_cmpint (r->status, ==, 200);
    }
    g_subprocess_send_signal (with_replica, SIGTERM);
    g_assert_true (g_subprocess_wait (with_replica, NULL, NULL));
    g_assert_cmpint (g_subprocess_get_exit_status (with_replica), ==, 0);
    g_free (env.base_url);
    env.base_url = g_steal_pointer (&saved_url);
  }
  PQclear (res);

  /* A desktop at the head; then a record is deleted, and its tombstone
   * (made old) purged: that desktop would never learn of the delete. */
  pull_to_head (p, token_of ("reader"), 0);
  {
    const char *id = g_ptr_array_index (env.company_ids, 40);
    const char *params[] = { id };
    gint64 hs;

    g_assert_cmpstr (one_status (token_of ("admin"), "company", id, server_rev ("company", id), NULL, &hs),
                     ==, "applied");
    PQclear (db_query ("UPDATE records SET updated_at = now () - interval '200 days' "
                       "WHERE kind = 'company' AND id = $1", 1, params));
  }
  {
    g_autoptr(HeeyuTestRun) run = run_server_cli ("purge", "--tombstones-older-than", "180", NULL);

    if (run->status != 0)
      g_error ("purge: %s", run->err);
  }
  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), p->cursor, 0, NULL);
    assert_problem (r, 410, "cursor-expired");
  }
  {
    /* A full sync is served, without the purged record. */
    g_autoptr(Pull) fresh = pull_new ();
    g_autofree char *key = g_strdup_printf ("company/%s", (char *) g_ptr_array_index (env.company_ids, 40));

    pull_to_head (fresh, token_of ("reader"), 0);
    g_assert_null (g_hash_table_lookup (fresh->records, key));
    g_assert_cmpint (g_hash_table_size (fresh->records), ==,
                     db_int ("SELECT count (*) FROM records WHERE NOT deleted", 0, NULL));
  }
}

/* After a restore the server starts a new epoch: an old cursor is 410 and
 * the client's full sync works. */
static void
test_new_epoch (void)
{
  g_autoptr(Pull) p = pull_new ();
  g_autoptr(Pull) fresh = pull_new ();

  pull_to_head (p, token_of ("reader"), 0);
  {
    g_autoptr(HeeyuTestRun) run = run_server_cli ("new-epoch", NULL);
    g_assert_cmpint (run->status, ==, 0);
  }
  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), p->cursor, 0, NULL);
    assert_problem (r, 410, "cursor-expired");
  }
  pull_to_head (fresh, token_of ("reader"), 0);
  g_assert_cmpuint (g_hash_table_size (fresh->records), ==, g_hash_table_size (p->records));
  {
    g_autoptr(Resp) r = get_changes (token_of ("reader"), fresh->cursor, 0, NULL);
    g_assert_cmpint (r->status, ==, 200);
  }
}

/* Every way a push body can fail to be JSON, or fail to be the shape of a
 * push, is 400 malformed, nothing changes, and the server goes on. */
static void
test_malformed (void)
{
  static const char * const bodies[] = {
    "{",
    "{\"client_id\":\"c\",\"mutations\":[",
    "[]",
    "null",
    "\"just a string\"",
    "42",
    "{\"client_id\":\"c\"}",
    "{\"mutations\":[]}",
    "{\"client_id\":\"c\",\"mutations\":{}}",
    "{\"client_id\":3,\"mutations\":[]}",
    "{\"client_id\":\"\",\"mutations\":[]}",
    "{\"client_id\":\"c\",\"mutations\":[3]}",
    "{\"client_id\":\"c\",\"mutations\":[{\"mid\":\"one\"}]}",
    "{\"client_id\":\"c\",\"mutations\":[{\"mid\":-4,\"kind\":\"note\"}]}",
    "{\"client_id\":\"c\",\"mutations\":[{\"mid\":5,\"kind\":\"note\",\"id\":\"a\",\"op\":\"delete\",\"base_rev\":0},"
                                     "{\"mid\":5,\"kind\":\"note\",\"id\":\"b\",\"op\":\"delete\",\"base_rev\":0}]}",
    "{\"client_id\":\"c\",\"mutations\":[]} trailing",
    "{'client_id':'c','mutations':[]}",
    "{\"client_id\":\"c\",\"mutations\":[],}",
    "{\"client_id\":\"c\\u0001\",\"mutations\":[]}",
    "\xef\xbb",
    "{\"client_id\":\"\xff\xfe\",\"mutations\":[]}",
    "{\"client_id\":\"c\",\"mutations\":[{\"mid\":1,\"kind\":\"note\",\"id\":\"x\",\"op\":\"upsert\",\"base_rev\":0,"
      "\"data\":{\"body\":\"unterminated}]}",
  };
  gint64 head = db_int ("SELECT seq FROM dataset", 0, NULL);
  gint64 keys = db_int ("SELECT count (*) FROM idempotency_keys", 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *key = g_strdup_printf ("k-malformed-%u", i);
      g_autoptr(Resp) r = push (token_of ("editor"), key, bodies[i]);
      g_autofree char *shown = g_strescape (bodies[i], NULL);

      /* Escaped: the TAP log must stay valid UTF-8 for meson. */
      g_test_message ("body %u: %s", i, shown);
      assert_problem (r, 400, "malformed");
    }
  {
    /* An empty body, and a body with a NUL byte inside. */
    const char *extra[] = { "Content-Type: application/json", "Idempotency-Key: k-malformed-nul", NULL };
    const char nul[] = "{\"client_id\":\"c\0\",\"mutations\":[]}";
    g_autoptr(Resp) empty = request_n ("POST", "/v1/push", token_of ("editor"), "", 0, extra);
    g_autoptr(Resp) with_nul = request_n ("POST", "/v1/push", token_of ("editor"), nul, sizeof nul - 1, extra);

    assert_problem (empty, 400, "malformed");
    assert_problem (with_nul, 400, "malformed");
  }
  {
    /* Nesting a thousand levels deep is not a crash. */
    g_autoptr(GString) deep = g_string_new ("{\"client_id\":\"c\",\"mutations\":[");
    g_autoptr(Resp) r = NULL;

    for (guint i = 0; i < 20000; i++)
      g_string_append_c (deep, '[');
    r = push (token_of ("editor"), "k-malformed-deep", deep->str);
    assert_problem (r, 400, "malformed");
  }

  /* Nothing was written, no key was taken, and the server still answers. */
  g_assert_cmpint (db_int ("SELECT seq FROM dataset", 0, NULL), ==, head);
  g_assert_cmpint (db_int ("SELECT count (*) FROM idempotency_keys", 0, NULL), ==, keys);
  {
    g_autoptr(Resp) h = request ("GET", "/v1/health", NULL, NULL, NULL);
    g_assert_cmpint (h->status, ==, 200);
  }
}

static char *
json_quote (const char *s)
{
  g_autoptr(JsonNode) n = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (n, s);
  return json_to_string (n, FALSE);
}

/* Text that breaks SQL built by pasting strings, or LIKE patterns, or
 * escape handling.  Every entry is printable (usable as an id). */
static const char * const sql_meta[] = {
  "O'Brien",
  "'); DROP TABLE records; --",
  "say \"hi\"",
  "a;b;c",
  "-- not a comment",
  "/* not a comment */",
  "back\\slash\\",
  "100% _under_ %_",
  "' OR '1'='1",
  "$1 $$ $tag$ :name ?",
  "E'\\x00' \\x00 \\0",
  "🦄 emoji 👩‍🔬 희유금속",
  "`backtick` |pipe| <tag> &amp;",
};

/* Every field that the server stores or looks up, filled with SQL
 * metacharacters: stored and returned byte for byte, and a query
 * parameter full of them is a 400, never a 500. */
static void
test_sql_metachars (void)
{
  g_autoptr(Pull) p = pull_new ();
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_free);  /* "kind/id", data JSON pairs */
  gint64 before = db_int ("SELECT count (*) FROM records", 0, NULL);

  pull_to_head (p, token_of ("admin"), 0);

  for (guint i = 0; i < G_N_ELEMENTS (sql_meta); i++)
    {
      const char *s = sql_meta[i];
      g_autofree char *q = json_quote (s);
      /* Control characters (not NUL) are fine in text, not in ids. */
      g_autofree char *text = g_strdup_printf ("%s\t\n\r\x01\x1f end", s);
      g_autofree char *qtext = json_quote (text);
      g_autofree char *company = g_strdup_printf ("{\"name_ko\":%s,\"name_en\":%s,\"region\":\"KR-11\","
                                                  "\"employees\":1,\"stages\":[\"refining\"],"
                                                  "\"metals\":[\"Ga\"],\"address\":%s}", q, q, qtext);
      g_autofree char *note = g_strdup_printf ("{\"target_kind\":\"company\",\"target_id\":%s,"
                                               "\"body\":%s,\"status\":\"open\",\"author\":\"admin\"}",
                                               q, qtext);
      g_autofree char *m1 = NULL;
      g_autofree char *m2 = NULL;
      g_autofree char *muts = NULL;
      g_autofree char *body = NULL;
      g_autoptr(Resp) r = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *key = g_strdup_printf ("%s key %u", s, i);
      const char *params[] = { s };

      m1 = g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"kind\":\"company\",\"id\":%s,\"op\":\"upsert\","
                            "\"base_rev\":0,\"data\":%s}", next_mid (), q, company);
      m2 = g_strdup_printf ("{\"mid\":%" G_GINT64_FORMAT ",\"kind\":\"note\",\"id\":%s,\"op\":\"upsert\","
                            "\"base_rev\":0,\"data\":%s}", next_mid (), q, note);
      muts = g_strdup_printf ("%s,%s", m1, m2);
      /* The client id and the idempotency key carry them too. */
      body = g_strdup_printf ("{\"client_id\":%s,\"mutations\":[%s]}", q, muts);
      r = push (token_of ("admin"), key, body);
      if (r->status != 200)
        g_error ("push of %s: %ld %s", s, r->status, r->body->str);
      root = resp_json (r);
      for (guint k = 0; k < 2; k++)
        if (g_strcmp0 (json_object_get_string_member (result_at (root, k), "status"), "applied") != 0)
          g_error ("%s not applied: %s", s, r->body->str);
      {
        /* The same key and body replays; the key was stored as sent. */
        g_autoptr(Resp) again = push (token_of ("admin"), key, body);

        g_assert_cmpint (again->status, ==, 200);
        g_assert_cmpstr (g_hash_table_lookup (again->headers, "idempotent-replayed"), ==, "true");
      }
      g_assert_cmpint (db_int ("SELECT count (*) FROM records WHERE id = $1", 1, params), ==, 2);
      {
        const char *kp[] = { key };

        g_assert_cmpint (db_int ("SELECT count (*) FROM idempotency_keys WHERE key = $1", 1, kp), ==, 1);
        g_assert_cmpint (db_int ("SELECT count (*) FROM clients WHERE client_id = $1", 1, params), ==, 1);
      }
      g_ptr_array_add (sent, g_strdup_printf ("company/%s", s));
      g_ptr_array_add (sent, g_strdup (company));
      g_ptr_array_add (sent, g_strdup_printf ("note/%s", s));
      g_ptr_array_add (sent, g_strdup (note));
    }

  /* The tables are all there, and hold just the new records. */
  g_assert_cmpint (db_int ("SELECT count (*) FROM records", 0, NULL), ==, before + 2 * G_N_ELEMENTS (sql_meta));
  assert_counts_consistent ();

  /* Pulled back: the ids and data are exactly what was sent. */
  pull_to_head (p, token_of ("reader"), 3);
  for (guint i = 0; i < sent->len; i += 2)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *got = g_hash_table_lookup (p->records, g_ptr_array_index (sent, i));
      JsonObject *e;

      if (got == NULL)
        g_error ("%s did not come back", (char *) g_ptr_array_index (sent, i));
      e = json_node_get_object (got);
      g_assert_true (json_parser_load_from_data (parser, g_ptr_array_index (sent, i + 1), -1, NULL));
      if (!json_node_equal (json_object_get_member (e, "data"), json_parser_get_root (parser)))
        g_error ("%s came back changed", (char *) g_ptr_array_index (sent, i));
      g_assert_cmpstr (strchr (g_ptr_array_index (sent, i), '/') + 1, ==,
                       json_object_get_string_member (e, "id"));
    }

  /* Query parameters, the path and the token: 400, 404 and 401, not 500. */
  for (guint i = 0; i < G_N_ELEMENTS (sql_meta); i++)
    {
      g_autofree char *esc = g_uri_escape_string (sql_meta[i], NULL, FALSE);
      g_autofree char *cur = g_strdup_printf ("/v1/changes?cursor=%s", esc);
      g_autofree char *lim = g_strdup_printf ("/v1/changes?limit=%s", esc);
      g_autofree char *lim2 = g_strdup_printf ("/v1/changes?limit=5%s", esc);
      g_autofree char *path = g_strdup_printf ("/v1/%s", esc);
      g_autofree char *tok = g_strdup_printf ("%.43s", sql_meta[i]);
      g_autoptr(Resp) r1 = request ("GET", cur, token_of ("reader"), NULL, NULL);
      g_autoptr(Resp) r2 = request ("GET", lim, token_of ("reader"), NULL, NULL);
      g_autoptr(Resp) r3 = request ("GET", lim2, token_of ("reader"), NULL, NULL);
      g_autoptr(Resp) r4 = request ("GET", path, token_of ("reader"), NULL, NULL);

      g_test_message ("parameter %s", sql_meta[i]);
      assert_problem (r1, 400, "bad-cursor");
      assert_problem (r2, 400, "bad-limit");
      assert_problem (r3, 400, "bad-limit");
      assert_problem (r4, 404, "not-found");
      if (g_utf8_validate (tok, -1, NULL) && !strpbrk (tok, "\r\n"))
        {
          g_autoptr(Resp) r5 = request ("GET", "/v1/me", tok, NULL, NULL);
          assert_problem (r5, 401, "unauthorized");
        }
    }
  {
    /* Percent-escaped control bytes and NUL in the parameters. */
    const char *paths[] = { "/v1/changes?cursor=%00", "/v1/changes?cursor=AQ%00AA", "/v1/changes?limit=%00",
                            "/v1/changes?limit=1%00", "/v1/changes?limit=1%0A", "/v1/changes?limit=-1",
                            "/v1/changes?limit=99999999999999999999", "/v1/changes?limit=%FF" };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(Resp) r = request ("GET", paths[i], token_of ("reader"), NULL, NULL);

        g_test_message ("%s → %ld", paths[i], r->status);
        g_assert_cmpint (r->status, ==, 400);
      }
  }
  g_assert_cmpint (db_int ("SELECT count (*) FROM records", 0, NULL), ==, before + 2 * G_N_ELEMENTS (sql_meta));
}

#define N_BULK 20000

typedef struct
{
  gint        stop;
  gint        pushes;
  GHashTable *revs;   /* "company/bulk-NNNNN" or "company/<uuid>" → rev */
} BulkWriter;

/* Creates a company and updates two of the bulk ones per push, until told
 * to stop. */
static gpointer
bulk_writer_thread (gpointer data)
{
  BulkWriter *w = data;

  while (!g_atomic_int_get (&w->stop))
    {
      g_autofree char *new_id = g_uuid_string_random ();
      g_autofree char *d = company_data ("페이지", g_atomic_int_get (&w->pushes));
      g_autoptr(GString) muts = g_string_new (NULL);
      g_autoptr(JsonNode) res = NULL;
      g_autofree char *body = NULL;
      char *keys[3];
      guint a = g_random_int_range (0, N_BULK);
      guint b = (a + 1 + g_random_int_range (0, N_BULK - 1)) % N_BULK;

      keys[0] = g_strdup_printf ("company/%s", new_id);
      keys[1] = g_strdup_printf ("company/bulk-%05u", a);
      keys[2] = g_strdup_printf ("company/bulk-%05u", b);
      for (guint k = 0; k < 3; k++)
        {
          gint64 base = k == 0 ? 0 : GPOINTER_TO_SIZE (g_hash_table_lookup (w->revs, keys[k]));
          g_autofree char *m = mutation ("company", strchr (keys[k], '/') + 1, "upsert",
                                         k == 0 ? 0 : (base ? base : 1), d);

          g_string_append_printf (muts, "%s%s", k ? "," : "", m);
        }
      body = push_body ("bulk-writer", muts->str);
      res = push_ok (token_of ("editor2"), body);
      for (guint k = 0; k < 3; k++)
        {
          JsonObject *r = result_at (res, k);

          g_assert_cmpstr (json_object_get_string_member (r, "status"), ==, "applied");
          g_hash_table_insert (w->revs, keys[k], GSIZE_TO_POINTER ((gsize) json_object_get_int_member (r, "rev")));
        }
      g_atomic_int_inc (&w->pushes);
    }
  return NULL;
}

/* A full sync of more than 20,000 records in pages of 97 while another
 * client writes: every record comes, every unchanged record exactly once,
 * no version of a record twice, and the end state is the server's. */
static void
test_paging_while_writing (void)
{
  g_autofree char *file = g_build_filename (env.dir, "bulk.ndjson", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);     /* key → times */
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL); /* key#rev */
  g_autoptr(GHashTable) last_rev = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  BulkWriter w = { 0 };
  GThread *thread;
  JsonObject *counts = NULL;
  g_autoptr(JsonNode) last_root = NULL;
  guint pages = 0, twice = 0;
  PGresult *res;

  for (guint i = 0; i < N_BULK; i++)
    {
      g_autofree char *name = g_strdup_printf ("대량 %u", i);
      g_autofree char *d = company_data (name, i);

      g_string_append_printf (out, "{\"kind\":\"company\",\"id\":\"bulk-%05u\",\"data\":%s}\n", i, d);
    }
  g_assert_true (g_file_set_contents (file, out->str, out->len, NULL));
  {
    g_autoptr(HeeyuTestRun) run = run_server_cli ("import", file, NULL);

    if (run->status != 0)
      g_error ("import: %s", run->err);
  }

  w.revs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  thread = g_thread_new ("bulk-writer", bulk_writer_thread, &w);
  /* Let the writer get going, so that the pull really overlaps it. */
  while (g_atomic_int_get (&w.pushes) < 3)
    g_usleep (1000);

  for (;;)
    {
      g_autoptr(Resp) r = get_changes (token_of ("reader"), cursor, 97, NULL);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *o;
      JsonArray *items;

      if (r->status == 429)
        {
          g_usleep (20000);
          continue;
        }
      if (r->status != 200)
        g_error ("page %u: %ld %s", pages, r->status, r->body->str);
      root = resp_json (r);
      o = json_node_get_object (root);
      items = json_object_get_array_member (o, "items");
      pages++;
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *e = json_array_get_object_element (items, i);
          char *key = record_key (e);
          gint64 rev = json_object_get_int_member (e, "rev");
          char *version = g_strdup_printf ("%s#%" G_GINT64_FORMAT, key, rev);

          if (!g_hash_table_add (versions, version))
            g_error ("%s came twice", version);
          g_assert_false (json_object_get_boolean_member (e, "deleted"));
          g_hash_table_insert (seen, g_strdup (key),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen, key)) + 1));
          g_hash_table_insert (last_rev, key, GSIZE_TO_POINTER ((gsize) rev));
        }
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (o, "next_cursor"));
      /* Halfway through, the writer stops; the pull runs on to the head. */
      if (pages == 120)
        g_atomic_int_set (&w.stop, TRUE);
      if (!json_object_get_boolean_member (o, "has_more"))
        {
          counts = json_object_get_object_member (o, "counts");
          last_root = g_steal_pointer (&root);
          break;
        }
    }
  g_thread_join (thread);
  g_assert_true (g_atomic_int_get (&w.stop));
  g_test_message ("%u pages, %d pushes during the pull, %u records", pages, w.pushes, g_hash_table_size (seen));
  g_assert_cmpuint (pages, >, N_BULK / 97);

  for (guint i = 0; i < N_BULK; i++)
    {
      g_autofree char *key = g_strdup_printf ("company/bulk-%05u", i);
      guint times = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key));
      gsize written = GPOINTER_TO_SIZE (g_hash_table_lookup (w.revs, key));

      if (times == 0)
        g_error ("%s never came", key);
      if (written == 0 && times != 1)
        g_error ("%s, never changed, came %u times", key, times);
      if (written)
        {
          g_assert_cmpuint (GPOINTER_TO_SIZE (g_hash_table_lookup (last_rev, key)), ==, written);
          twice += times > 1;
        }
    }
  g_test_message ("%u written records came twice (before and after their write)", twice);

  /* The end state is the server's: every live record at its rev. */
  res = db_query ("SELECT kind || '/' || id, rev FROM records WHERE NOT deleted", 0, NULL);
  for (int i = 0; i < PQntuples (res); i++)
    {
      gsize rev = GPOINTER_TO_SIZE (g_hash_table_lookup (last_rev, PQgetvalue (res, i, 0)));

      if (rev == 0)
        g_error ("the pull never saw %s", PQgetvalue (res, i, 0));
      g_assert_cmpint (rev, ==, g_ascii_strtoll (PQgetvalue (res, i, 1), NULL, 10));
    }
  g_assert_cmpuint (g_hash_table_size (last_rev), ==, PQntuples (res));
  PQclear (res);
  g_assert_cmpint (json_object_get_int_member (counts, "company"), ==,
                   db_int ("SELECT count (*) FROM records WHERE kind = 'company' AND NOT deleted", 0, NULL));
  g_hash_table_unref (w.revs);
}

static size_t
abort_after_cb (char   *data,
                size_t  size,
                size_t  n,
                void   *user)
{
  gsize *got = user;

  *got += size * n;
  /* Returning less than given makes curl drop the connection. */
  return *got > 8192 ? 0 : size * n;
}

/* Clients that hang up after a few KB of a big page, some of them all at
 * once: the server goes on serving, and a full pull still works. */
static void
test_disconnect_mid_response (void)
{
  g_autofree char *url = g_strconcat (env.base_url, "/v1/changes?limit=5000", NULL);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", token_of ("editor"), NULL);
  struct curl_slist *hl = curl_slist_append (NULL, auth);
  g_autoptr(Pull) p = pull_new ();
  gint64 live;

  for (guint round = 0; round < 3; round++)
    {
      CURLM *multi = curl_multi_init ();
      CURL *easy[4];
      gsize got[4] = { 0 };
      int running = 0;
      CURLMsg *msg;
      int left;

      for (guint i = 0; i < G_N_ELEMENTS (easy); i++)
        {
          g_autoptr(Resp) unused = resp_new ();

          easy[i] = curl_easy_init ();
          setup_curl (easy[i], url, unused);
          curl_easy_setopt (easy[i], CURLOPT_HTTPHEADER, hl);
          curl_easy_setopt (easy[i], CURLOPT_WRITEFUNCTION, abort_after_cb);
          curl_easy_setopt (easy[i], CURLOPT_WRITEDATA, &got[i]);
          curl_easy_setopt (easy[i], CURLOPT_HEADERFUNCTION, NULL);
          curl_easy_setopt (easy[i], CURLOPT_HEADERDATA, NULL);
          curl_easy_setopt (easy[i], CURLOPT_FORBID_REUSE, 1L);
          /* Half of them take gzip, half the plain page. */
          if (i % 2)
            curl_easy_setopt (easy[i], CURLOPT_ACCEPT_ENCODING, "gzip");
          curl_multi_add_handle (multi, easy[i]);
        }
      do
        {
          curl_multi_perform (multi, &running);
          if (running)
            curl_multi_poll (multi, NULL, 0, 100, NULL);
        }
      while (running > 0);
      while ((msg = curl_multi_info_read (multi, &left)) != NULL)
        if (msg->msg == CURLMSG_DONE)
          {
            long status = 0;

            curl_easy_getinfo (msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            /* 429 when the token's two slots were taken: still hung up on. */
            g_assert_true (msg->data.result == CURLE_WRITE_ERROR || status == 429);
          }
      for (guint i = 0; i < G_N_ELEMENTS (easy); i++)
        {
          curl_multi_remove_handle (multi, easy[i]);
          curl_easy_cleanup (easy[i]);
        }
      curl_multi_cleanup (multi);
    }
  curl_slist_free_all (hl);

  g_assert_nonnull (g_subprocess_get_identifier (env.server));
  {
    g_autoptr(Resp) h = request ("GET", "/v1/health", NULL, NULL, NULL);
    g_assert_cmpint (h->status, ==, 200);
  }
  {
    /* The token's slots came back: it is not stuck at 429. */
    g_autoptr(Resp) r = NULL;

    do
      {
        g_clear_pointer (&r, resp_free);
        r = request ("GET", "/v1/me", token_of ("editor"), NULL, NULL);
        if (r->status == 429)
          g_usleep (50000);
      }
    while (r->status == 429);
    g_assert_cmpint (r->status, ==, 200);
  }
  pull_to_head (p, token_of ("editor"), 5000);
  live = db_int ("SELECT count (*) FROM records WHERE NOT deleted", 0, NULL);
  g_assert_cmpint (g_hash_table_size (p->records), ==, live);
}

/* Runs @n requests to @path at once against @base_url; their statuses
 * and Retry-After headers in @resps. */
static void
request_all_at_once (const char *base_url,
                     const char *path,
                     const char *token,
                     guint       n,
                     Resp      **resps)
{
  CURLM *multi = curl_multi_init ();
  g_autofree CURL **easy = g_new0 (CURL *, n);
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autofree char *auth = g_strconcat ("Authorization: Bearer ", token, NULL);
  struct curl_slist *hl = curl_slist_append (NULL, auth);
  int running = 0;

  for (guint i = 0; i < n; i++)
    {
      resps[i] = resp_new ();
      easy[i] = curl_easy_init ();
      setup_curl (easy[i], url, resps[i]);
      curl_easy_setopt (easy[i], CURLOPT_HTTPHEADER, hl);
      curl_multi_add_handle (multi, easy[i]);
    }
  do
    {
      curl_multi_perform (multi, &running);
      if (running)
        curl_multi_poll (multi, NULL, 0, 100, NULL);
    }
  while (running > 0);
  for (guint i = 0; i < n; i++)
    {
      curl_easy_getinfo (easy[i], CURLINFO_RESPONSE_CODE, &resps[i]->status);
      curl_multi_remove_handle (multi, easy[i]);
      curl_easy_cleanup (easy[i]);
    }
  curl_slist_free_all (hl);
  curl_multi_cleanup (multi);
}

/* A second server with one worker, a queue of one and a one-second
 * statement timeout: a slow database gives 503 overloaded past the queue
 * and 500 for the statement that ran out of time; a dropped database
 * connection gives 503 unavailable; and the server recovers from each. */
static void
test_database_trouble (void)
{
  g_autofree char *log = g_build_filename (env.dir, "second.stderr", NULL);
  g_autofree char *conf = g_build_filename (env.dir, "second.conf", NULL);
  const char *extra[] = { "--config", conf, NULL };
  g_autofree char *saved_url = g_steal_pointer (&env.base_url);
  g_autoptr(GSubprocess) second = NULL;
  g_autofree char *url = NULL;
  gboolean saw_503 = FALSE, saw_500 = FALSE;
  Resp *resps[4];
  guint16 port;
  PGconn *locker;
  PGresult *res;

  /* max-queue and statement-timeout are config-file keys, not options. */
  g_assert_true (g_file_set_contents (conf, "[server]\nworkers = 1\nmax-queue = 1\nstatement-timeout = 1\n"
                                      "max-per-token = 8\n", -1, NULL));
  second = spawn_server ("dbname=" DBNAME " application_name=heeyu-second", log, extra, &port);
  url = heeyu_test_server_url (port);
  env.base_url = url;
  {
    g_autoptr(Resp) r = request ("GET", "/v1/me", token_of ("reader"), NULL, NULL);
    g_assert_cmpint (r->status, ==, 200);
  }

  /* The users table locked: every token check waits. */
  locker = PQconnectdb ("dbname=" DBNAME);
  g_assert_cmpint (PQstatus (locker), ==, CONNECTION_OK);
  res = PQexec (locker, "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  request_all_at_once (url, "/v1/me", token_of ("reader"), G_N_ELEMENTS (resps), resps);
  res = PQexec (locker, "COMMIT");
  PQclear (res);
  PQfinish (locker);
  for (guint i = 0; i < G_N_ELEMENTS (resps); i++)
    {
      g_test_message ("request %u: %ld %s", i, resps[i]->status, resps[i]->body->str);
      if (resps[i]->status == 503)
        {
          assert_problem (resps[i], 503, "overloaded");
          g_assert_cmpstr (g_hash_table_lookup (resps[i]->headers, "retry-after"), ==, "2");
          saw_503 = TRUE;
        }
      else
        {
          /* Ran out of its second waiting for the lock. */
          assert_problem (resps[i], 500, "internal");
          saw_500 = TRUE;
        }
      resp_free (resps[i]);
    }
  g_assert_true (saw_503);
  g_assert_true (saw_500);
  {
    g_autoptr(Resp) r = request ("GET", "/v1/me", token_of ("reader"), NULL, NULL);
    g_assert_cmpint (r->status, ==, 200);
  }

  /* The database drops the server's connection (a restart, a failover). */
  g_assert_cmpint (db_int ("SELECT count (pg_terminate_backend (pid)) FROM pg_stat_activity "
                           "WHERE application_name = 'heeyu-second'", 0, NULL), ==, 1);
  {
    g_autoptr(Resp) r = request ("GET", "/v1/me", token_of ("reader"), NULL, NULL);

    assert_problem (r, 503, "unavailable");
    g_assert_nonnull (g_hash_table_lookup (r->headers, "retry-after"));
  }
  {
    /* Then it works again, without a restart. */
    g_autoptr(Resp) r = request ("GET", "/v1/me", token_of ("reader"), NULL, NULL);
    g_assert_cmpint (r->status, ==, 200);
  }

  g_subprocess_send_signal (second, SIGTERM);
  g_assert_true (g_subprocess_wait (second, NULL, NULL));
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);
  env.base_url = g_steal_pointer (&saved_url);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  setup ();

  g_test_add_func ("/server/basic/health", test_health);
  g_test_add_func ("/server/auth/unauthorized", test_unauthorized);
  g_test_add_func ("/server/auth/me", test_me);
  g_test_add_func ("/server/changes/full-pull", test_full_pull);
  g_test_add_func ("/server/changes/incremental", test_incremental);
  g_test_add_func ("/server/changes/tombstones", test_tombstones);
  g_test_add_func ("/server/changes/bad-cursor", test_bad_cursor);
  g_test_add_func ("/server/changes/etag", test_etag);
  g_test_add_func ("/server/changes/gzip", test_gzip);
  g_test_add_func ("/server/push/results", test_push_results);
  g_test_add_func ("/server/push/idempotent", test_push_idempotent);
  g_test_add_func ("/server/push/roles", test_roles);
  g_test_add_func ("/server/push/audit", test_audit);
  g_test_add_func ("/server/push/malformed", test_malformed);
  g_test_add_func ("/server/push/sql-metacharacters", test_sql_metachars);
  g_test_add_func ("/server/limits/too-large", test_too_large);
  g_test_add_func ("/server/limits/per-token", test_rate_limit);
  g_test_add_func ("/server/limits/slow-client", test_slow_client);
  g_test_add_func ("/server/concurrency/writers-and-reader", test_concurrent_writers);
  g_test_add_func ("/server/concurrency/paging-20000-while-writing", test_paging_while_writing);
  g_test_add_func ("/server/limits/client-disconnects-mid-response", test_disconnect_mid_response);
  g_test_add_func ("/server/limits/database-trouble", test_database_trouble);
  g_test_add_func ("/server/import/errors", test_import_errors);
  g_test_add_func ("/server/log/access-log", test_access_log);
  g_test_add_func ("/server/restore/cursor-expired", test_cursor_expired);
  g_test_add_func ("/server/restore/new-epoch", test_new_epoch);

  rc = g_test_run ();
  teardown ();
  curl_global_cleanup ();
  return rc;
}
