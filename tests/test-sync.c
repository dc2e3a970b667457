/* test-sync.c: the sync engine against a real heeyu-server, PostgreSQL,
 * HTTPS and Secret Service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run through tests/server/with-postgres.sh and tests/sync/with-keyring.sh:
 * a throwaway cluster, a private D-Bus session with gnome-keyring.  The test
 * makes a CA and certificates (good, for another name, expired), starts
 * heeyu-server with each, and plays two desktops (two caches) against it.
 * A small TCP proxy cuts a push after the server got it; a small HTTPS
 * server answers with a gzip bomb; another, in front of heeyu-server,
 * spoils chosen pages (500, cut, truncated, malformed, oversized, stalled,
 * empty); `heeyu --sync` is killed with SIGKILL during a large session.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <sys/wait.h>
#include <curl/curl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "heeyu-cache.h"
#include "heeyu-company-edit.h"
#include "heeyu-ingest.h"
#include "heeyu-notes.h"
#include "heeyu-secret.h"
#include "heeyu-sync.h"
#include "heeyu-sync-conflicts.h"
#include "heeyu-test-server.h"

#define DBNAME "heeyu_sync_test"
#define CURSOR_SECRET "sync-test-cursor-secret-0123456789abcdef"
#define N_COMPANIES 300
#define N_OBSERVATIONS 200

typedef struct
{
  char        *dir;
  char        *server_bin;
  char        *heeyu_bin;
  char        *certs;
  char        *ca_file;
  char        *base_url;
  GPtrArray   *servers;      /* GSubprocess */
  PGconn      *db;
  char        *editor_token;
  char        *editor2_token;
  char        *reader_token;
  GPtrArray   *company_ids;
  guint        n_desktops;
} Env;

static Env env;

/* --- server side --- */

static char *
server_cli (int        *status,
            const char *first,
            ...)
{
  g_autoptr(HeeyuTestRun) run = NULL;
  va_list ap;

  va_start (ap, first);
  run = heeyu_test_server_cli_valist (env.server_bin, "dbname=" DBNAME, first, ap);
  va_end (ap);
  *status = run->status;
  if (*status != 0)
    g_printerr ("heeyu-server %s: %s\n", first, run->err);
  return g_steal_pointer (&run->out);
}

static char *
add_user (const char *name,
          const char *role)
{
  int status;
  g_autofree char *out = server_cli (&status, "user", "add", name, "--role", role, NULL);

  g_assert_cmpint (status, ==, 0);
  return g_strstrip (g_strdup (out));
}

/* Starts heeyu-server with @cert/@key; returns its https://localhost:PORT. */
static char *
start_server (const char *cert,
              const char *key)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *log = g_strdup_printf ("%s/server-%u.stderr", env.dir, env.servers->len);
  const char *extra[] = { "--workers", "4", "--max-per-token", "50", NULL };
  guint16 port;

  g_subprocess_launcher_setenv (launcher, "HEEYU_CURSOR_SECRET", CURSOR_SECRET, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_ptr_array_add (env.servers, heeyu_test_server_serve (launcher, env.server_bin, cert, key,
                                                         "dbname=" DBNAME, extra, log, &port));
  return heeyu_test_server_url (port);
}

/* The shared helpers (heeyu-test-server.c), on this test's database. */
#define db_query(sql, n, params) heeyu_test_pg_query (env.db, (sql), (n), (params))
#define server_rev(kind, id) heeyu_test_pg_rev (env.db, (kind), (id))

static gint64
server_count (const char *kind)
{
  const char *params[] = { kind };
  PGresult *res = db_query ("SELECT count(*) FROM records WHERE kind = $1 AND NOT deleted", 1, params);
  gint64 n = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);

  PQclear (res);
  return n;
}

static char *
server_field (const char *kind,
              const char *id,
              const char *field)
{
  const char *params[] = { kind, id, field };
  PGresult *res = db_query ("SELECT data->>$3 FROM records WHERE kind = $1 AND id = $2", 3, params);
  char *v = PQntuples (res) && !PQgetisnull (res, 0, 0) ? g_strdup (PQgetvalue (res, 0, 0)) : NULL;

  PQclear (res);
  return v;
}

/* --- desktops --- */

typedef struct
{
  char       *dir;
  char       *db_path;
  HeeyuCache *cache;
  HeeyuSync  *sync;
} Desktop;

static void
desktop_free (Desktop *d)
{
  g_clear_object (&d->sync);
  g_clear_object (&d->cache);
  g_free (d->db_path);
  g_free (d->dir);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Desktop, desktop_free)

static Desktop *
desktop_new (const char *url,
             const char *token)
{
  Desktop *d = g_new0 (Desktop, 1);
  g_autoptr(GError) error = NULL;

  d->dir = g_strdup_printf ("%s/desktop-%u", env.dir, env.n_desktops++);
  d->db_path = g_build_filename (d->dir, "heeyu.db", NULL);
  g_mkdir_with_parents (d->dir, 0700);
  d->cache = heeyu_cache_open (d->db_path, &error);
  g_assert_no_error (error);
  d->sync = heeyu_sync_new (d->db_path);
  heeyu_sync_set_server (d->sync, url ? url : env.base_url, env.ca_file);
  heeyu_sync_set_token (d->sync, token ? token : env.editor_token);
  /* Quick retries: the tests cut connections on purpose. */
  heeyu_sync_set_retry (d->sync, 4, 50, 200);
  return d;
}

static void
sync_ok (Desktop         *d,
         HeeyuSyncReport *report)
{
  g_autoptr(GError) error = NULL;
  HeeyuSyncReport r;

  if (!heeyu_sync_run (d->sync, report ? report : &r, NULL, NULL, NULL, &error))
    g_error ("sync failed: %s", error->message);
}

static gint64
local_int (Desktop    *d,
           const char *sql,
           const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (heeyu_cache_get_db (d->cache), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
local_text (Desktop    *d,
            const char *sql,
            const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  char *v = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (heeyu_cache_get_db (d->cache), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

/* The desktop holds exactly what the server holds, kind by kind. */
static void
assert_same_counts (Desktop *d)
{
  const char *kinds[] = { "metal", "observation", "company", "note" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_assert_cmpint (heeyu_cache_count (d->cache, kinds[i]), ==, server_count (kinds[i]));
}

static void
edit_company (Desktop    *d,
              const char *id,
              const char *name_en)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCompanyEdit) edit = heeyu_company_edit_new (d->cache, id, &error);

  g_assert_no_error (error);
  heeyu_company_edit_set (edit, "name_en", name_en);
  heeyu_company_edit_save (edit, d->cache, &error);
  g_assert_no_error (error);
}

static char *
add_note (Desktop    *d,
          const char *company,
          const char *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuNote) note = heeyu_notes_add (d->cache, "company", company, body,
                                                HEEYU_NOTE_STATUS_OPEN, NULL, &error);

  g_assert_no_error (error);
  return g_strdup (note->id);
}

/* --- setup --- */

static void
write_dataset (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *metals[] = { "Ga", "Ge", "W" };

  env.company_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (metals); i++)
    g_string_append_printf (out, "{\"kind\":\"metal\",\"id\":\"%s\",\"data\":{\"name_en\":\"Metal %s\","
                            "\"name_ko\":\"금속 %s\",\"lists\":{\"rare_metal_35\":true}}}\n",
                            metals[i], metals[i], metals[i]);
  for (guint i = 0; i < N_COMPANIES; i++)
    {
      char *id = g_uuid_string_random ();

      g_string_append_printf (out, "{\"kind\":\"company\",\"id\":\"%s\",\"data\":{\"name_ko\":\"회사 %u\","
                              "\"name_en\":\"Company %u\",\"region\":\"KR-11\",\"employees\":%u,"
                              "\"stages\":[\"refining\"],\"metals\":[\"Ga\"]}}\n", id, i, i, 10 + i);
      g_ptr_array_add (env.company_ids, id);
    }
  for (guint i = 0; i < N_OBSERVATIONS; i++)
    g_string_append_printf (out, "{\"kind\":\"observation\",\"id\":\"Ga/price/%04u\",\"data\":"
                            "{\"metal\":\"Ga\",\"indicator\":\"price\",\"period\":\"%04u\",\"value\":%u.5,"
                            "\"unit\":\"USD/kg\",\"synthetic\":true}}\n", 1800 + i, 1800 + i, 100 + i);
  g_file_set_contents (path, out->str, out->len, &error);
  g_assert_no_error (error);
}

static void
setup (void)
{
  g_autofree char *dataset = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  int status;

  env.dir = g_strdup (g_getenv ("HEEYU_TEST_PGDIR"));
  env.server_bin = g_strdup (g_getenv ("HEEYU_SERVER_BIN"));
  env.heeyu_bin = g_strdup (g_getenv ("HEEYU_BIN"));
  if (env.dir == NULL || env.server_bin == NULL || env.heeyu_bin == NULL)
    g_error ("run through tests/server/with-postgres.sh with HEEYU_SERVER_BIN and HEEYU_BIN set");
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    g_error ("run through tests/sync/with-keyring.sh");
  env.servers = g_ptr_array_new_with_free_func (g_object_unref);

  env.certs = g_build_filename (env.dir, "certs", NULL);
  heeyu_test_run_script ("server/make-certs.sh", env.certs);
  heeyu_test_run_script ("sync/make-bad-certs.sh", env.certs);
  env.ca_file = g_build_filename (env.certs, "ca.pem", NULL);

  env.db = heeyu_test_pg_create (DBNAME);

  g_free (server_cli (&status, "migrate", NULL));
  g_assert_cmpint (status, ==, 0);
  env.editor_token = add_user ("editor", "editor");
  env.editor2_token = add_user ("editor2", "editor");
  env.reader_token = add_user ("reader", "reader");

  dataset = g_build_filename (env.dir, "dataset.ndjson", NULL);
  write_dataset (dataset);
  g_free (server_cli (&status, "import", dataset, NULL));
  g_assert_cmpint (status, ==, 0);

  cert = g_build_filename (env.certs, "server.pem", NULL);
  key = g_build_filename (env.certs, "server.key", NULL);
  env.base_url = start_server (cert, key);
}

static void
teardown (void)
{
  for (guint i = 0; i < env.servers->len; i++)
    {
      GSubprocess *s = g_ptr_array_index (env.servers, i);

      g_subprocess_send_signal (s, SIGTERM);
      g_subprocess_wait (s, NULL, NULL);
    }
  g_ptr_array_unref (env.servers);
  PQfinish (env.db);
}

/* --- a proxy that cuts a push after the server got it --- */

typedef struct
{
  GSocket  *listener;
  guint16   port;
  guint16   target;
  gint      cut_armed;     /* atomic: cut the next connection that sends a big request */
  gint      cuts;          /* atomic: connections cut */
  gsize     threshold;     /* client bytes that mark "the request is out" */
  GThread  *thread;
  gint      stop;
} Proxy;

static gboolean
write_all (int         fd,
           const char *buf,
           gssize      len)
{
  while (len > 0)
    {
      gssize n = write (fd, buf, len);

      if (n <= 0)
        return FALSE;
      buf += n;
      len -= n;
    }
  return TRUE;
}

static int
connect_target (guint16 port)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, port);

  if (!g_socket_connect (s, addr, NULL, NULL))
    return -1;
  return dup (g_socket_get_fd (s));
}

typedef struct
{
  Proxy *proxy;
  int    client;
} ProxyConn;

static gpointer
proxy_conn_thread (gpointer data)
{
  ProxyConn *pc = data;
  Proxy *p = pc->proxy;
  int server = connect_target (p->target);
  gboolean cutting = FALSE;
  gsize from_client = 0;
  gint64 server_spoke = 0;
  char buf[65536];

  while (server >= 0)
    {
      struct pollfd fds[2] = { { pc->client, POLLIN, 0 }, { server, POLLIN, 0 } };
      int n = poll (fds, 2, 100);

      if (n < 0 && errno != EINTR)
        break;
      /* Cutting: the request is out and the server answered; once it has
       * said everything, drop both ends without passing the answer on. */
      if (cutting && server_spoke && g_get_monotonic_time () - server_spoke > 300000)
        {
          g_atomic_int_inc (&p->cuts);
          break;
        }
      if (fds[0].revents & (POLLIN | POLLHUP))
        {
          gssize r = read (pc->client, buf, sizeof buf);

          if (r <= 0 || !write_all (server, buf, r))
            break;
          from_client += r;
          if (!cutting && from_client >= p->threshold &&
              g_atomic_int_compare_and_exchange (&p->cut_armed, 1, 0))
            cutting = TRUE;
        }
      if (fds[1].revents & (POLLIN | POLLHUP))
        {
          gssize r = read (server, buf, sizeof buf);

          if (r <= 0)
            break;
          if (cutting)
            server_spoke = g_get_monotonic_time ();
          else if (!write_all (pc->client, buf, r))
            break;
        }
    }
  if (server >= 0)
    close (server);
  close (pc->client);
  g_free (pc);
  return NULL;
}

static gpointer
proxy_thread (gpointer data)
{
  Proxy *p = data;

  while (!g_atomic_int_get (&p->stop))
    {
      g_autoptr(GSocket) c = g_socket_accept (p->listener, NULL, NULL);
      ProxyConn *pc;

      if (c == NULL)
        continue;
      pc = g_new0 (ProxyConn, 1);
      pc->proxy = p;
      pc->client = dup (g_socket_get_fd (c));
      g_thread_unref (g_thread_new ("proxy-conn", proxy_conn_thread, pc));
    }
  return NULL;
}

static Proxy *
proxy_start (guint16 target)
{
  Proxy *p = g_new0 (Proxy, 1);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  p->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, &error);
  g_assert_no_error (error);
  g_socket_bind (p->listener, addr, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (p->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (p->listener, &error);
  p->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  p->target = target;
  p->thread = g_thread_new ("proxy", proxy_thread, p);
  return p;
}

static guint16
url_port (const char *url)
{
  return (guint16) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
}

/* --- a server that answers with a gzip bomb --- */

typedef struct
{
  GSocketListener *listener;
  GTlsCertificate *cert;
  GBytes          *bomb;
  guint16          port;
} Bomb;

static gpointer
bomb_thread (gpointer data)
{
  Bomb *b = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) conn = g_socket_listener_accept (b->listener, NULL, NULL, NULL);
      g_autoptr(GIOStream) tls = NULL;
      g_autofree char *head = NULL;
      GInputStream *in;
      GOutputStream *out;
      char buf[4096];
      gsize got = 0;

      if (conn == NULL)
        return NULL;
      tls = g_tls_server_connection_new (G_IO_STREAM (conn), b->cert, NULL);
      if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
        continue;
      in = g_io_stream_get_input_stream (tls);
      out = g_io_stream_get_output_stream (tls);
      /* Read the request head, then answer whatever it asked. */
      while (got < sizeof buf - 1)
        {
          gssize r = g_input_stream_read (in, buf + got, sizeof buf - 1 - got, NULL, NULL);

          if (r <= 0)
            break;
          got += r;
          buf[got] = '\0';
          if (strstr (buf, "\r\n\r\n"))
            break;
        }
      head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Content-Encoding: gzip\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n"
                              "Connection: close\r\n\r\n", g_bytes_get_size (b->bomb));
      g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
      g_output_stream_write_all (out, g_bytes_get_data (b->bomb, NULL), g_bytes_get_size (b->bomb),
                                 NULL, NULL, NULL);
      g_io_stream_close (tls, NULL, NULL);
    }
}

static Bomb *
bomb_start (gsize unpacked)
{
  Bomb *b = g_new0 (Bomb, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) gz = g_converter_output_stream_new (mem, G_CONVERTER (z));
  g_autofree char *zeros = g_malloc0 (1 << 20);
  g_autofree char *cert = g_build_filename (env.certs, "server.pem", NULL);
  g_autofree char *key = g_build_filename (env.certs, "server.key", NULL);

  /* A JSON string of spaces that never ends: small packed, huge unpacked. */
  g_output_stream_write_all (gz, "{\"user\":\"", 9, NULL, NULL, &error);
  memset (zeros, ' ', 1 << 20);
  for (gsize i = 0; i < unpacked >> 20; i++)
    g_output_stream_write_all (gz, zeros, 1 << 20, NULL, NULL, &error);
  g_output_stream_close (gz, NULL, &error);
  g_assert_no_error (error);
  b->bomb = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));

  b->cert = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  b->listener = g_socket_listener_new ();
  b->port = g_socket_listener_add_any_inet_port (b->listener, NULL, &error);
  g_assert_no_error (error);
  g_thread_unref (g_thread_new ("bomb", bomb_thread, b));
  return b;
}

/* --- a server in front of the real one that spoils chosen pages ---
 *
 * It ends TLS itself (with the good certificate), passes each request on
 * to heeyu-server with libcurl, and answers with the reply, or, for the
 * pages of changes after the first few, with the fault asked for. */

typedef enum
{
  FAULT_NONE,
  FAULT_500,          /* an internal server error */
  FAULT_CUT,          /* the server stops mid-page: half the body, then the connection drops */
  FAULT_TRUNCATED,    /* a whole HTTP reply whose JSON stops halfway */
  FAULT_MALFORMED,    /* a whole reply that is not JSON */
  FAULT_OVERSIZED,    /* a reply over the client's cap */
  FAULT_STALL,        /* headers and a few bytes, then nothing */
  FAULT_EMPTY,        /* a last page with no items, and counts of nothing */
  FAULT_EMPTY_NO_COUNTS,  /* a last page with no items, and counts that name no kind */
} Fault;

typedef struct
{
  GSocketListener *listener;
  GTlsCertificate *cert;
  guint16          port;
  gint             fault;        /* atomic, a Fault */
  gint             good_pages;   /* atomic: pages of changes passed on before the fault */
  gint             pages;        /* atomic: pages of changes asked for */
  gint             faults;       /* atomic: spoiled answers sent */
  gint             stop;         /* atomic: the stalls end */
} Faulty;

typedef struct
{
  Faulty            *faulty;
  GSocketConnection *base;
  GIOStream         *conn;
} FaultyConn;

static size_t
collect_cb (char   *ptr,
            size_t  size,
            size_t  n,
            void   *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) ptr, size * n);
  return size * n;
}

static size_t
header_cb (char   *ptr,
           size_t  size,
           size_t  n,
           void   *user_data)
{
  GString *keep = user_data;

  if (g_ascii_strncasecmp (ptr, "Content-Type:", 13) == 0 || g_ascii_strncasecmp (ptr, "ETag:", 5) == 0 ||
      g_ascii_strncasecmp (ptr, "Retry-After:", 12) == 0)
    g_string_append_len (keep, ptr, size * n);
  return size * n;
}

static void
faulty_reply (GOutputStream *out,
              long           status,
              const char    *headers,
              const void    *body,
              gsize          len,
              gsize          announced)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %ld %s\r\n%sContent-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n\r\n",
                                           status, status == 200 ? "OK" : "Whatever", headers, announced);

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body, len, NULL, NULL, NULL);
}

static gpointer
faulty_conn_thread (gpointer data)
{
  FaultyConn *fc = data;
  Faulty *f = fc->faulty;
  GInputStream *in = g_io_stream_get_input_stream (fc->conn);
  GOutputStream *out = g_io_stream_get_output_stream (fc->conn);
  g_autoptr(GString) req = g_string_new (NULL);
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GString) keep = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) first = NULL;
  g_autofree char *url = NULL;
  g_autofree char *head = NULL;
  struct curl_slist *headers = NULL;
  gsize content_length = 0;
  const char *end;
  char buf[16384];
  CURL *curl;
  long status = 0;
  Fault fault = FAULT_NONE;

  /* The request head, then its body. */
  while (!(end = strstr (req->str, "\r\n\r\n")))
    {
      gssize r = g_input_stream_read (in, buf, sizeof buf, NULL, NULL);

      if (r <= 0)
        goto out;
      g_string_append_len (req, buf, r);
    }
  head = g_strndup (req->str, end - req->str);
  lines = g_strsplit (head, "\r\n", -1);
  first = g_strsplit (lines[0], " ", 3);
  for (guint i = 1; lines[i]; i++)
    {
      if (g_ascii_strncasecmp (lines[i], "Content-Length:", 15) == 0)
        content_length = g_ascii_strtoull (lines[i] + 15, NULL, 10);
      else if (g_ascii_strncasecmp (lines[i], "Host:", 5) != 0 &&
               g_ascii_strncasecmp (lines[i], "Connection:", 11) != 0 &&
               g_ascii_strncasecmp (lines[i], "Accept-Encoding:", 16) != 0)
        headers = curl_slist_append (headers, lines[i]);
    }
  g_byte_array_append (body, (const guint8 *) end + 4, req->len - (end + 4 - req->str));
  while (body->len < content_length)
    {
      gssize r = g_input_stream_read (in, buf, sizeof buf, NULL, NULL);

      if (r <= 0)
        goto out;
      g_byte_array_append (body, (const guint8 *) buf, r);
    }

  if (g_str_has_prefix (first[1], "/v1/changes") &&
      g_atomic_int_add (&f->pages, 1) >= g_atomic_int_get (&f->good_pages))
    fault = g_atomic_int_get (&f->fault);
  if (fault != FAULT_NONE)
    g_atomic_int_inc (&f->faults);

  if (fault == FAULT_500)
    {
      const char *problem = "{\"title\":\"Internal Server Error\",\"status\":500}";

      faulty_reply (out, 500, "Content-Type: application/problem+json\r\n", problem, strlen (problem),
                    strlen (problem));
      goto out;
    }

  /* Everything else starts from the real server's answer. */
  url = g_strconcat (env.base_url, first[1], NULL);
  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CAINFO, env.ca_file);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, first[0]);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  if (g_str_equal (first[0], "POST") || g_str_equal (first[0], "PUT"))
    {
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body->data);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE, (long) body->len);
    }
  g_byte_array_set_size (body, 0);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, body);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, keep);
  if (curl_easy_perform (curl) != CURLE_OK)
    g_error ("the fault server could not reach heeyu-server");
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);

  switch (fault)
    {
    case FAULT_NONE:
    case FAULT_500:
      faulty_reply (out, status, keep->str, body->data, body->len, body->len);
      break;
    case FAULT_CUT:
      /* Half the body, and the connection drops without TLS's goodbye. */
      faulty_reply (out, 200, keep->str, body->data, body->len / 2, body->len);
      g_output_stream_flush (out, NULL, NULL);
      g_socket_shutdown (g_socket_connection_get_socket (fc->base), TRUE, TRUE, NULL);
      break;
    case FAULT_TRUNCATED:
      faulty_reply (out, 200, keep->str, body->data, body->len / 2, body->len / 2);
      break;
    case FAULT_MALFORMED:
      {
        /* The frame's colons become semicolons: the page is not JSON. */
        for (guint i = 0; i < body->len; i++)
          if (body->data[i] == ':')
            body->data[i] = ';';
        faulty_reply (out, 200, keep->str, body->data, body->len, body->len);
      }
      break;
    case FAULT_OVERSIZED:
      {
        /* The page, then 16 MiB of blanks before its closing brace: valid
         * JSON, twice the cap the test sets. */
        gsize pad = 16 << 20;
        g_autofree char *big = g_malloc (body->len + pad);

        memcpy (big, body->data, body->len - 1);
        memset (big + body->len - 1, ' ', pad);
        big[body->len + pad - 1] = '}';
        faulty_reply (out, 200, keep->str, big, body->len + pad, body->len + pad);
      }
      break;
    case FAULT_STALL:
      faulty_reply (out, 200, keep->str, body->data, MIN (body->len, 100), body->len);
      g_output_stream_flush (out, NULL, NULL);
      for (guint i = 0; i < 200 && !g_atomic_int_get (&f->stop); i++)
        g_usleep (50000);
      break;
    case FAULT_EMPTY:
    case FAULT_EMPTY_NO_COUNTS:
      {
        g_autofree char *page = g_strdup_printf ("{\"items\":[],\"next_cursor\":\"x\",\"has_more\":false,"
                                                 "\"counts\":%s}",
                                                 fault == FAULT_EMPTY
                                                 ? "{\"metal\":0,\"observation\":0,\"company\":0,\"note\":0}"
                                                 : "{}");

        faulty_reply (out, 200, "Content-Type: application/json\r\n", page, strlen (page), strlen (page));
      }
      break;
    }

out:
  curl_slist_free_all (headers);
  g_io_stream_close (fc->conn, NULL, NULL);
  g_object_unref (fc->conn);
  g_object_unref (fc->base);
  g_free (fc);
  return NULL;
}

static gpointer
faulty_thread (gpointer data)
{
  Faulty *f = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) conn = g_socket_listener_accept (f->listener, NULL, NULL, NULL);
      GIOStream *tls;
      FaultyConn *fc;

      if (conn == NULL)
        return NULL;
      tls = g_tls_server_connection_new (G_IO_STREAM (conn), f->cert, NULL);
      if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
        {
          g_clear_object (&tls);
          continue;
        }
      fc = g_new0 (FaultyConn, 1);
      fc->faulty = f;
      fc->conn = tls;
      fc->base = g_object_ref (conn);
      g_thread_unref (g_thread_new ("faulty-conn", faulty_conn_thread, fc));
    }
}

static Faulty *
faulty_start (void)
{
  Faulty *f = g_new0 (Faulty, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = g_build_filename (env.certs, "server.pem", NULL);
  g_autofree char *key = g_build_filename (env.certs, "server.key", NULL);

  f->cert = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  f->listener = g_socket_listener_new ();
  f->port = g_socket_listener_add_any_inet_port (f->listener, NULL, &error);
  g_assert_no_error (error);
  g_thread_unref (g_thread_new ("faulty", faulty_thread, f));
  return f;
}

/* --- tests --- */

static void
test_full_and_incremental (void)
{
  g_autoptr(Desktop) a = desktop_new (NULL, NULL);
  g_autoptr(Desktop) b = desktop_new (NULL, env.editor2_token);
  g_autofree char *cursor = NULL;
  g_autofree char *name = NULL;
  const char *changed = g_ptr_array_index (env.company_ids, 3);
  const char *removed = g_ptr_array_index (env.company_ids, 4);
  HeeyuSyncReport r;

  /* A new desktop gets the whole dataset, and holds what the server holds. */
  sync_ok (a, &r);
  g_assert_true (r.full);
  g_assert_cmpint (heeyu_cache_count (a->cache, "company"), ==, N_COMPANIES);
  assert_same_counts (a);
  cursor = heeyu_cache_get_meta (a->cache, "cursor");
  g_assert_nonnull (cursor);
  g_assert_nonnull (heeyu_cache_get_meta (a->cache, "last_sync"));

  /* Nothing changed: the second sync brings nothing, the third is a 304. */
  sync_ok (a, &r);
  g_assert_false (r.full);
  g_assert_cmpuint (r.pulled, ==, 0);
  sync_ok (a, &r);
  g_assert_true (r.idle);

  /* Another desktop changes one company and deletes another. */
  sync_ok (b, NULL);
  edit_company (b, changed, "Renamed by B");
  heeyu_outbox_enqueue (heeyu_cache_get_db (b->cache), "company", removed, "delete",
                        server_rev ("company", removed), NULL, NULL);
  sync_ok (b, &r);
  g_assert_cmpuint (r.pushed, ==, 2);
  g_assert_cmpint (server_rev ("company", changed), ==, 2);

  /* Desktop A gets just those, incrementally: the change, and the
   * deletion from its tombstone. */
  sync_ok (a, &r);
  g_assert_false (r.full);
  g_assert_false (r.idle);
  g_assert_cmpuint (r.pulled, ==, 2);
  name = local_text (a, "SELECT name_en FROM company WHERE id = ?1", changed);
  g_assert_cmpstr (name, ==, "Renamed by B");
  g_assert_cmpint (local_int (a, "SELECT count(*) FROM company WHERE id = ?1", removed), ==, 0);
  assert_same_counts (a);
}

/* An incremental session counts again only the kinds something may have
 * changed; the others keep the count the last check found equal to the
 * server's.  A local write to such a kind (here an import that deletes a
 * metal) still shows up at the next sync, even one that brings only a
 * company: the counts disagree and a full sync puts the metal back. */
static void
test_counts_after_local_import (void)
{
  g_autoptr(Desktop) a = desktop_new (NULL, NULL);
  g_autoptr(Desktop) b = desktop_new (NULL, env.editor2_token);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) tombstone = NULL;
  g_autofree char *metal = NULL;
  g_autofree char *line = NULL;
  const char *changed = g_ptr_array_index (env.company_ids, 5);
  GLogLevelFlags fatal;
  HeeyuSyncReport r;

  sync_ok (a, NULL);
  sync_ok (b, NULL);

  /* Nothing local in between: an incremental session of one company. */
  edit_company (b, changed, "Counted once");
  sync_ok (b, NULL);
  sync_ok (a, &r);
  g_assert_false (r.full);
  g_assert_cmpuint (r.pulled, ==, 1);
  assert_same_counts (a);

  /* A metal goes locally, through a file import, not through the sync. */
  metal = local_text (a, "SELECT id FROM metal ORDER BY id LIMIT 1", NULL);
  line = g_strdup_printf ("{\"kind\": \"metal\", \"id\": \"%s\", \"rev\": %" G_GINT64_FORMAT
                          ", \"deleted\": true}\n",
                          metal, local_int (a, "SELECT rev FROM metal WHERE id = ?1", metal));
  tombstone = g_bytes_new (line, strlen (line));
  g_assert_true (heeyu_ingest_bytes (heeyu_cache_get_db (a->cache), tombstone, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (heeyu_cache_count (a->cache, "metal"), ==, server_count ("metal") - 1);

  /* The next session brings a company only, and still sees the metal
   * missing. */
  edit_company (b, changed, "Counted again");
  sync_ok (b, NULL);
  /* The sync warns that it starts over (structured logging: not
   * something g_test_expect_message() sees in GLib 2.74). */
  fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  sync_ok (a, &r);
  g_log_set_always_fatal (fatal);
  g_assert_true (r.full);
  g_assert_cmpint (local_int (a, "SELECT count(*) FROM metal WHERE id = ?1", metal), ==, 1);
  assert_same_counts (a);
}

/* Offline edits go once, even when the connection drops after the server
 * took the push and the answer is lost: the retry carries the same
 * Idempotency-Key and the server answers from its store. */
static void
test_offline_edits_once (void)
{
  Proxy *proxy = proxy_start (url_port (env.base_url));
  g_autofree char *url = heeyu_test_server_url (proxy->port);
  g_autoptr(Desktop) d = desktop_new (url, NULL);
  g_autofree char *big = NULL;
  g_autofree char *note = NULL;
  g_autofree char *note2 = NULL;
  const char *company = g_ptr_array_index (env.company_ids, 10);
  HeeyuSyncReport r;
  PGresult *res;

  sync_ok (d, NULL);

  /* Offline: a note and a company edit. */
  big = g_strnfill (20000, 'x');
  note = add_note (d, company, big);
  note2 = add_note (d, company, "second note, small");
  edit_company (d, company, "Edited offline");
  g_assert_cmpuint (heeyu_cache_outbox_count (d->cache), ==, 3);

  /* Back online, through a link that drops the first push's answer. */
  proxy->threshold = 16000;
  g_atomic_int_set (&proxy->cut_armed, 1);
  sync_ok (d, &r);
  g_assert_cmpint (g_atomic_int_get (&proxy->cuts), ==, 1);
  g_assert_cmpuint (r.pushed, ==, 3);
  g_assert_cmpuint (r.conflicts, ==, 0);
  g_assert_cmpuint (heeyu_cache_outbox_count (d->cache), ==, 0);

  /* Each edit arrived once: rev 1 for the notes, one step for the company,
   * and one batch key on the server. */
  g_assert_cmpint (server_rev ("note", note), ==, 1);
  g_assert_cmpint (server_rev ("note", note2), ==, 1);
  g_assert_cmpint (server_rev ("company", company), ==, 2);
  res = db_query ("SELECT count(*) FROM idempotency_keys WHERE user_name = 'editor'", 0, NULL);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "1");
  PQclear (res);
  /* And the desktop holds the server's versions. */
  g_assert_cmpint (local_int (d, "SELECT rev FROM note WHERE id = ?1", note), ==, 1);
  assert_same_counts (d);

  g_atomic_int_set (&proxy->stop, 1);
}

/* The scenario: two reviewers write notes offline on two laptops,
 * then reconnect; each note reaches the server and the other laptop once. */
static void
test_two_laptops (void)
{
  g_autoptr(Desktop) a = desktop_new (NULL, NULL);
  g_autoptr(Desktop) b = desktop_new (NULL, env.reader_token);
  const char *company = g_ptr_array_index (env.company_ids, 20);
  g_autofree char *note_a1 = NULL;
  g_autofree char *note_a2 = NULL;
  g_autofree char *note_b = NULL;
  HeeyuSyncReport r;

  sync_ok (a, NULL);
  sync_ok (b, NULL);

  /* Offline on both. */
  note_a1 = add_note (a, company, "가 노트북: 재고 확인 필요");
  note_a2 = add_note (a, company, "laptop A, second note");
  note_b = add_note (b, company, "나 노트북: 연락처 갱신");

  /* A reconnects first, then B, then A again to pick up B's note. */
  sync_ok (a, &r);
  g_assert_cmpuint (r.pushed, ==, 2);
  sync_ok (b, &r);
  g_assert_cmpuint (r.pushed, ==, 1);
  sync_ok (a, NULL);

  /* On the server, each note once, at its first revision. */
  g_assert_cmpint (server_rev ("note", note_a1), ==, 1);
  g_assert_cmpint (server_rev ("note", note_a2), ==, 1);
  g_assert_cmpint (server_rev ("note", note_b), ==, 1);

  /* On each laptop, all three notes, each once, nothing left to send. */
  for (guint i = 0; i < 2; i++)
    {
      Desktop *d = i == 0 ? a : b;

      g_assert_cmpint (local_int (d, "SELECT count (*) FROM note WHERE id = ?1", note_a1), ==, 1);
      g_assert_cmpint (local_int (d, "SELECT count (*) FROM note WHERE id = ?1", note_a2), ==, 1);
      g_assert_cmpint (local_int (d, "SELECT count (*) FROM note WHERE id = ?1", note_b), ==, 1);
      g_assert_cmpuint (heeyu_cache_outbox_count (d->cache), ==, 0);
      assert_same_counts (d);
    }

  /* Syncing again changes nothing and sends nothing. */
  sync_ok (b, &r);
  g_assert_cmpuint (r.pushed, ==, 0);
  assert_same_counts (b);
}

static void
test_conflict (void)
{
  g_autoptr(Desktop) a = desktop_new (NULL, NULL);
  g_autoptr(Desktop) b = desktop_new (NULL, env.editor2_token);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *server_name = NULL;
  const char *x = g_ptr_array_index (env.company_ids, 20);
  const char *y = g_ptr_array_index (env.company_ids, 21);
  HeeyuConflict *c;
  HeeyuSyncReport r;

  sync_ok (a, NULL);
  sync_ok (b, NULL);

  /* Both change X and Y; B syncs first. */
  edit_company (a, x, "A's name for X");
  edit_company (a, y, "A's name for Y");
  edit_company (b, x, "B's name for X");
  edit_company (b, y, "B's name for Y");
  sync_ok (b, NULL);

  sync_ok (a, &r);
  g_assert_cmpuint (r.conflicts, ==, 2);
  /* Kept, with both versions, and the local record still shows A's. */
  list = heeyu_conflicts_list (heeyu_cache_get_db (a->cache), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  c = g_ptr_array_index (list, 0);
  g_assert_cmpstr (c->record_id, ==, x);
  g_assert_nonnull (strstr (c->local_data, "A's name for X"));
  g_assert_nonnull (strstr (c->server, "B's name for X"));
  g_assert_cmpint (c->server_rev, ==, server_rev ("company", x));
  name = local_text (a, "SELECT name_en FROM company WHERE id = ?1", x);
  g_assert_cmpstr (name, ==, "A's name for X");
  g_assert_cmpuint (heeyu_cache_outbox_count (a->cache), ==, 0);

  /* A pull does not overwrite it either. */
  sync_ok (a, NULL);
  g_clear_pointer (&name, g_free);
  name = local_text (a, "SELECT name_en FROM company WHERE id = ?1", x);
  g_assert_cmpstr (name, ==, "A's name for X");

  /* Keep mine for X: sent again on the server's rev, and it wins. */
  heeyu_conflict_keep_mine (heeyu_cache_get_db (a->cache), c->id, &error);
  g_assert_no_error (error);
  /* Take theirs for Y. */
  heeyu_conflict_take_theirs (heeyu_cache_get_db (a->cache),
                              ((HeeyuConflict *) g_ptr_array_index (list, 1))->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&name, g_free);
  name = local_text (a, "SELECT name_en FROM company WHERE id = ?1", y);
  g_assert_cmpstr (name, ==, "B's name for Y");

  sync_ok (a, &r);
  g_assert_cmpuint (r.pushed, ==, 1);
  g_assert_cmpuint (r.conflicts, ==, 0);
  g_assert_cmpuint (heeyu_conflicts_count (heeyu_cache_get_db (a->cache)), ==, 0);
  server_name = server_field ("company", x, "name_en");
  g_assert_cmpstr (server_name, ==, "A's name for X");
  g_clear_pointer (&server_name, g_free);
  server_name = server_field ("company", y, "name_en");
  g_assert_cmpstr (server_name, ==, "B's name for Y");

  /* B sees A's kept version. */
  sync_ok (b, NULL);
  g_clear_pointer (&name, g_free);
  name = local_text (b, "SELECT name_en FROM company WHERE id = ?1", x);
  g_assert_cmpstr (name, ==, "A's name for X");
  assert_same_counts (a);
  assert_same_counts (b);
}

/* A reader's company edit is refused by the server: kept with the reason,
 * never dropped silently; "take theirs" restores the server's version. */
static void
test_rejected (void)
{
  g_autoptr(Desktop) d = desktop_new (NULL, env.reader_token);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *x = g_ptr_array_index (env.company_ids, 30);
  HeeyuSyncReport r;

  sync_ok (d, NULL);
  heeyu_outbox_enqueue (heeyu_cache_get_db (d->cache), "company", x, "upsert",
                        server_rev ("company", x),
                        "{\"name_ko\":\"독자\",\"name_en\":\"Reader was here\"}", &error);
  g_assert_no_error (error);
  sync_ok (d, &r);
  g_assert_cmpuint (r.rejected, ==, 1);
  list = heeyu_conflicts_list (heeyu_cache_get_db (d->cache), &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_nonnull (((HeeyuConflict *) g_ptr_array_index (list, 0))->problem);
  g_assert_false (heeyu_conflict_keep_mine (heeyu_cache_get_db (d->cache),
                                            ((HeeyuConflict *) g_ptr_array_index (list, 0))->id, &error));
  g_assert_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (server_rev ("company", x), ==, 1);
}

/* 410: the server was restored; the desktop starts over and keeps its
 * offline edits, which then go to the new dataset. */
static void
test_gone_full_resync (void)
{
  g_autoptr(Desktop) d = desktop_new (NULL, NULL);
  g_autofree char *note = NULL;
  HeeyuSyncReport r;
  int status;

  sync_ok (d, NULL);
  note = add_note (d, g_ptr_array_index (env.company_ids, 40), "written before the restore");

  g_free (server_cli (&status, "new-epoch", NULL));
  g_assert_cmpint (status, ==, 0);

  sync_ok (d, &r);
  g_assert_true (r.restarted);
  g_assert_true (r.full);
  g_assert_cmpuint (r.pushed, ==, 1);
  g_assert_cmpint (server_rev ("note", note), ==, 1);
  g_assert_cmpuint (heeyu_cache_outbox_count (d->cache), ==, 0);
  assert_same_counts (d);
}

/* Writes @data as the next revision of a company straight into the
 * server's database, past its checks, with the next seq. */
static void
server_force_company (const char *id,
                      const char *data)
{
  const char *params[] = { id, data };

  PQclear (db_query ("WITH s AS (UPDATE dataset SET seq = seq + 1 RETURNING seq) "
                     "UPDATE records SET data = $2::jsonb, rev = rev + 1, seq = (SELECT seq FROM s) "
                     "WHERE kind = 'company' AND id = $1",
                     2, params));
}

/* A record the server should never have sent (a number where text must
 * be) fails the sync in words, with nothing of the session applied; once
 * the server sends a good version, the next sync takes it. */
static void
test_invalid_record (void)
{
  g_autoptr(Desktop) d = desktop_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  const char *id = g_ptr_array_index (env.company_ids, 50);
  HeeyuSyncReport r;
  gint64 rev;

  sync_ok (d, NULL);
  rev = local_int (d, "SELECT rev FROM company WHERE id = ?1", id);

  server_force_company (id, "{\"name_ko\": 42}");
  g_assert_false (heeyu_sync_run (d->sync, &r, NULL, NULL, NULL, &error));
  g_assert_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "not valid"));
  g_assert_cmpint (local_int (d, "SELECT rev FROM company WHERE id = ?1", id), ==, rev);
  g_assert_cmpint (local_int (d, "SELECT count(*) FROM sync_stage", NULL), ==, 0);
  g_clear_error (&error);

  server_force_company (id, "{\"name_ko\": \"고친 이름\"}");
  sync_ok (d, NULL);
  g_assert_cmpint (local_int (d, "SELECT rev FROM company WHERE id = ?1", id), ==, rev + 2);
  assert_same_counts (d);
}

typedef struct
{
  GCancellable *cancellable;
  guint64       cancel_after;
} CancelAt;

static void
on_progress_cancel_cb (const HeeyuSyncProgress *p,
                       gpointer                 user_data)
{
  CancelAt *c = user_data;

  if (p->phase == HEEYU_SYNC_PHASE_PULL && p->done >= c->cancel_after)
    g_cancellable_cancel (c->cancellable);
}

/* A sync stopped halfway keeps the pages it has, shows nothing of them,
 * and resumes from where it stopped. */
static void
test_resume (void)
{
  g_autoptr(Desktop) d = desktop_new (NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  CancelAt at = { cancellable, 150 };
  HeeyuSyncReport r;
  gint64 staged;
  gint64 total = server_count ("company") + server_count ("metal") +
                 server_count ("observation") + server_count ("note");

  heeyu_sync_set_limits (d->sync, 50, 64 << 20);
  g_assert_false (heeyu_sync_run (d->sync, &r, on_progress_cancel_cb, &at, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Pages are kept; the tables the UI reads saw none of them. */
  staged = local_int (d, "SELECT count(*) FROM sync_stage", NULL);
  g_assert_cmpint (staged, >=, 150);
  g_assert_cmpint (staged, <, total);
  g_assert_cmpint (heeyu_cache_count (d->cache, "company"), ==, 0);
  g_assert_null (heeyu_cache_get_meta (d->cache, "cursor"));

  sync_ok (d, &r);
  g_assert_cmpuint (r.pulled, ==, total - staged);
  assert_same_counts (d);
  g_assert_cmpint (local_int (d, "SELECT count(*) FROM sync_stage", NULL), ==, 0);
}

static void
assert_refused (const char *url,
                const char *ca_file,
                int         code,
                const char *words)
{
  g_autoptr(Desktop) d = desktop_new (url, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuSyncServerInfo) info = NULL;
  HeeyuSyncReport r;

  heeyu_sync_set_server (d->sync, url, ca_file);
  g_assert_false (heeyu_sync_run (d->sync, &r, NULL, NULL, NULL, &error));
  if (!g_error_matches (error, HEEYU_SYNC_ERROR, code))
    g_error ("expected code %d, got: %s", code, error->message);
  g_assert_nonnull (strstr (error->message, words));
  g_clear_error (&error);

  /* "Test connection" says the same, with the certificate. */
  info = heeyu_sync_check (d->sync, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, HEEYU_SYNC_ERROR, code);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_nonnull (strstr (error->message, "Heeyu Test CA"));
  g_test_message ("%s", error->message);
}

static void
test_tls (void)
{
  g_autofree char *other_ca = g_build_filename (env.certs, "other-ca.pem", NULL);
  g_autofree char *name_cert = g_build_filename (env.certs, "other-name.pem", NULL);
  g_autofree char *name_key = g_build_filename (env.certs, "other-name.key", NULL);
  g_autofree char *old_cert = g_build_filename (env.certs, "expired.pem", NULL);
  g_autofree char *old_key = g_build_filename (env.certs, "expired.key", NULL);
  g_autofree char *name_url = start_server (name_cert, name_key);
  g_autofree char *old_url = start_server (old_cert, old_key);
  g_autofree char *plain = g_strdup_printf ("http://localhost:%u", url_port (env.base_url));
  g_autoptr(Desktop) d = desktop_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  HeeyuSyncReport r;

  assert_refused (env.base_url, other_ca, HEEYU_SYNC_ERROR_TLS_UNTRUSTED, "not trusted");
  assert_refused (name_url, env.ca_file, HEEYU_SYNC_ERROR_TLS_NAME, "not made for");
  assert_refused (old_url, env.ca_file, HEEYU_SYNC_ERROR_TLS_EXPIRED, "expired");

  /* Plain http is refused before anything is sent. */
  heeyu_sync_set_server (d->sync, plain, env.ca_file);
  g_assert_false (heeyu_sync_run (d->sync, &r, NULL, NULL, NULL, &error));
  g_assert_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_BAD_URL);
}

static void
test_gzip_bomb (void)
{
  Bomb *bomb = bomb_start (256 << 20);
  g_autofree char *url = heeyu_test_server_url (bomb->port);
  g_autoptr(Desktop) d = desktop_new (url, NULL);
  g_autoptr(GError) error = NULL;
  HeeyuSyncReport r;

  g_test_message ("bomb: %" G_GSIZE_FORMAT " bytes packed, 256 MiB unpacked",
                  g_bytes_get_size (bomb->bomb));
  heeyu_sync_set_limits (d->sync, 1000, 8 << 20);
  g_assert_false (heeyu_sync_run (d->sync, &r, NULL, NULL, NULL, &error));
  g_assert_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
}

/* A wrong token: refused in words; the token in the keyring stays. */
static void
test_unauthorized (void)
{
  g_autoptr(Desktop) d = desktop_new (NULL, "not-a-valid-token");
  g_autoptr(GError) error = NULL;
  HeeyuSyncReport r;

  g_assert_false (heeyu_sync_run (d->sync, &r, NULL, NULL, NULL, &error));
  g_assert_error (error, HEEYU_SYNC_ERROR, HEEYU_SYNC_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "token"));
}

static char *
grep_file (const char *path,
           const char *needle)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &bytes, &len, NULL))
    return NULL;
  return memmem (bytes, len, needle, strlen (needle)) ? g_strdup (path) : NULL;
}

/* The headless sync, with the token from the real Secret Service: it
 * completes, and the token is in no log and no byte of the database. */
static void
test_cli_keyring (void)
{
  g_autofree char *home = g_strdup_printf ("%s/cli-data", env.dir);
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                 G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *back = NULL;
  g_autofree char *db = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };

  heeyu_secret_store_token (env.base_url, env.editor_token, NULL, &error);
  g_assert_no_error (error);
  back = heeyu_secret_lookup_token (env.base_url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, env.editor_token);

  g_subprocess_launcher_setenv (l, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_unsetenv (l, "HEEYU_TOKEN");
  g_subprocess_launcher_setenv (l, "G_MESSAGES_DEBUG", "all", TRUE);
  p = g_subprocess_launcher_spawn (l, &error, env.heeyu_bin, "--sync", "--server", env.base_url,
                                   "--ca-file", env.ca_file, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("heeyu --sync: %s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);
  g_assert_nonnull (strstr (err, "sync complete"));
  g_assert_null (strstr (err, env.editor_token));
  g_assert_null (strstr (out, env.editor_token));

  db = g_build_filename (home, "heeyu", "heeyu.db", NULL);
  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);
      g_autofree char *hit = grep_file (path, env.editor_token);

      g_assert_null (hit);
    }

  /* --status tells the sync state. */
  {
    g_autoptr(GSubprocess) s = g_subprocess_launcher_spawn (l, &error, env.heeyu_bin, "--status", NULL);
    g_autofree char *sout = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *sync;

    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (s, NULL, NULL, &sout, NULL, &error);
    g_assert_cmpint (g_subprocess_get_exit_status (s), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, sout, -1, NULL));
    sync = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "sync");
    g_assert_cmpstr (json_object_get_string_member (sync, "server"), ==, env.base_url);
    g_assert_cmpint (json_object_get_int_member (sync, "conflicts"), ==, 0);
    g_assert_nonnull (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                     "cursor"));
  }

  /* The first headless sync checked the cache for damage; cron's next
   * runs within a day skip that (it reads the whole file), and the one
   * after a day checks again. */
  g_assert_nonnull (strstr (err, "Checking the local data"));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (now, -1);
    g_autoptr(GDateTime) days_ago = g_date_time_add_hours (now, -25);
    g_autofree char *recent = g_date_time_format (hour_ago, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *old = g_date_time_format (days_ago, "%Y-%m-%dT%H:%M:%SZ");
    const char *stamps[] = { recent, old };

    for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
      {
        g_autoptr(HeeyuCache) cache = heeyu_cache_open (db, &error);
        g_autoptr(GSubprocess) s = NULL;
        g_autofree char *serr = NULL;
        g_autofree char *after = NULL;

        g_assert_no_error (error);
        g_assert_true (heeyu_cache_set_meta (cache, "last_check", stamps[i], &error));
        g_clear_object (&cache);

        s = g_subprocess_launcher_spawn (l, &error, env.heeyu_bin, "--sync", "--server",
                                         env.base_url, "--ca-file", env.ca_file, NULL);
        g_assert_no_error (error);
        g_subprocess_communicate_utf8 (s, NULL, NULL, NULL, &serr, &error);
        g_assert_cmpint (g_subprocess_get_exit_status (s), ==, 0);

        cache = heeyu_cache_open (db, &error);
        g_assert_no_error (error);
        after = heeyu_cache_get_meta (cache, "last_check");
        if (stamps[i] == recent)
          {
            g_assert_null (strstr (serr, "Checking the local data"));
            g_assert_cmpstr (after, ==, recent);
          }
        else
          {
            g_assert_nonnull (strstr (serr, "Checking the local data"));
            g_assert_cmpstr (after, >, old);
          }
      }
  }

  /* A server that cannot be reached: exit status 1, the cause in words. */
  {
    g_autoptr(GSubprocess) s = NULL;
    g_autofree char *serr = NULL;

    g_subprocess_launcher_setenv (l, "HEEYU_SYNC_RETRY", "2:10:20", TRUE);
    g_subprocess_launcher_setenv (l, "HEEYU_TOKEN", "some-token", TRUE);
    s = g_subprocess_launcher_spawn (l, &error, env.heeyu_bin, "--sync", "--server",
                                     "https://localhost:1", "--ca-file", env.ca_file, NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (s, NULL, NULL, NULL, &serr, &error);
    g_assert_cmpint (g_subprocess_get_exit_status (s), ==, 1);
    g_assert_nonnull (strstr (serr, "refused"));
  }

  /* The keyring item is still there after all this. */
  g_clear_pointer (&back, g_free);
  back = heeyu_secret_lookup_token (env.base_url, NULL, &error);
  g_assert_cmpstr (back, ==, env.editor_token);
}

/* What the tables the UI reads hold, kind by kind: the number of records
 * and the sum of their revs.  Two caches with the same fingerprint hold
 * the same dataset for the tests here (each change bumps a rev). */
static char *
fingerprint (sqlite3 *db)
{
  const char *kinds[] = { "metal", "observation", "company", "note" };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*), total(rev) FROM %s", kinds[i]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_string_append_printf (out, "%s=%lld/%.0f ", kinds[i], (long long) sqlite3_column_int64 (stmt, 0),
                              sqlite3_column_double (stmt, 1));
      sqlite3_finalize (stmt);
    }
  return g_string_free (out, FALSE);
}

/* A page that goes wrong in any way fails the sync with the cause in
 * words and applies nothing: not its records, not the pages before it,
 * and never a deletion inferred from it (each run here is a full session,
 * the kind that deletes what the server no longer has).  The next sync,
 * with the server healthy again, completes. */
static void
test_bad_pages (void)
{
  Faulty *f = faulty_start ();
  g_autofree char *url = heeyu_test_server_url (f->port);
  g_autoptr(Desktop) d = desktop_new (url, NULL);
  struct
  {
    Fault       fault;
    guint       good_pages;
    int         code;
  } cases[] = {
    { FAULT_500, 2, HEEYU_SYNC_ERROR_SERVER },
    { FAULT_CUT, 2, HEEYU_SYNC_ERROR_NETWORK },
    { FAULT_TRUNCATED, 2, HEEYU_SYNC_ERROR_PROTOCOL },
    { FAULT_MALFORMED, 2, HEEYU_SYNC_ERROR_PROTOCOL },
    { FAULT_OVERSIZED, 2, HEEYU_SYNC_ERROR_TOO_LARGE },
    { FAULT_STALL, 2, HEEYU_SYNC_ERROR_NETWORK },
    /* The very first page of the session is an empty last page. */
    { FAULT_EMPTY, 0, HEEYU_SYNC_ERROR_MISMATCH },
    { FAULT_EMPTY_NO_COUNTS, 0, HEEYU_SYNC_ERROR_PROTOCOL },
    /* An empty last page after a few good ones. */
    { FAULT_EMPTY, 2, HEEYU_SYNC_ERROR_MISMATCH },
  };

  /* Pages of 50 records (the dataset is a dozen of them), a cap of
   * 8 MiB, a stall noticed after a second, one retry. */
  heeyu_sync_set_limits (d->sync, 50, 8 << 20);
  heeyu_sync_set_timeouts (d->sync, 5, 1, 30);
  heeyu_sync_set_retry (d->sync, 2, 20, 50);
  sync_ok (d, NULL);
  assert_same_counts (d);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *before = fingerprint (heeyu_cache_get_db (d->cache));
      g_autofree char *after = NULL;
      HeeyuSyncReport r;

      /* Start over from no cursor: a full session. */
      g_assert_cmpint (sqlite3_exec (heeyu_cache_get_db (d->cache),
                                     "DELETE FROM meta WHERE key IN ('cursor', 'etag', 'etag_cursor')",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      g_atomic_int_set (&f->faults, 0);
      g_atomic_int_set (&f->pages, 0);
      g_atomic_int_set (&f->good_pages, cases[i].good_pages);
      g_atomic_int_set (&f->fault, cases[i].fault);

      g_assert_false (heeyu_sync_run (d->sync, &r, NULL, NULL, NULL, &error));
      g_test_message ("fault %d after %u pages: %s", cases[i].fault, cases[i].good_pages, error->message);
      if (!g_error_matches (error, HEEYU_SYNC_ERROR, cases[i].code))
        g_error ("fault %d: expected code %d, got: %s", cases[i].fault, cases[i].code, error->message);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_assert_cmpint (g_atomic_int_get (&f->faults), >, 0);

      after = fingerprint (heeyu_cache_get_db (d->cache));
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpint (heeyu_cache_count (d->cache, "company"), ==, server_count ("company"));

      g_atomic_int_set (&f->fault, FAULT_NONE);
      sync_ok (d, &r);
      g_assert_true (r.full);
      assert_same_counts (d);
      g_clear_pointer (&after, g_free);
      after = fingerprint (heeyu_cache_get_db (d->cache));
      g_assert_cmpstr (after, ==, before);
    }
  g_atomic_int_set (&f->stop, 1);
}

/* heeyu --sync as cron runs it, in @home; waits for it unless @kill_after_us
 * is set, then kills it with SIGKILL after that long.  Returns the exit
 * status, or -1 when it was killed. */
static int
run_cli_sync (const char *home,
              gint64      kill_after_us)
{
  g_autoptr(GSubprocessLauncher) l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (l, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (l, "HEEYU_TOKEN", env.editor_token, TRUE);
  p = g_subprocess_launcher_spawn (l, &error, env.heeyu_bin, "--sync", "--server", env.base_url,
                                   "--ca-file", env.ca_file, NULL);
  g_assert_no_error (error);
  if (kill_after_us > 0)
    {
      g_usleep (kill_after_us);
      g_subprocess_send_signal (p, SIGKILL);
    }
  g_subprocess_wait (p, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_signaled (p))
    {
      g_assert_cmpint (g_subprocess_get_term_sig (p), ==, SIGKILL);
      return -1;
    }
  return g_subprocess_get_exit_status (p);
}

static void
copy_cache (const char *from_home,
            const char *to_home)
{
  const char *suffixes[] = { "", "-wal" };
  g_autofree char *to_dir = g_build_filename (to_home, "heeyu", NULL);

  g_mkdir_with_parents (to_dir, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat ("heeyu.db", suffixes[i], NULL);
      g_autofree char *from = g_build_filename (from_home, "heeyu", name, NULL);
      g_autofree char *to = g_build_filename (to_dir, name, NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      if (!g_file_get_contents (from, &bytes, &len, NULL))
        continue;
      g_assert_true (g_file_set_contents (to, bytes, len, NULL));
    }
}

/* Opens the cache @home with SQLite alone (recovering a hot WAL as any
 * reader would), checks it for damage, and returns its fingerprint. */
static char *
check_cache (const char *home)
{
  g_autofree char *path = g_build_filename (home, "heeyu", "heeyu.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *fp;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  fp = fingerprint (db);
  sqlite3_close (db);
  return fp;
}

/* A sync killed with SIGKILL at many points of a large session (some
 * thousands of new and changed records): the cache is never damaged, the
 * tables the UI reads hold the old dataset or the new one, never a mix,
 * and the next sync completes. */
static void
test_killed (void)
{
  g_autofree char *old_home = g_strdup_printf ("%s/kill-old", env.dir);
  g_autofree char *ref_home = g_strdup_printf ("%s/kill-ref", env.dir);
  g_autofree char *changes = g_strdup_printf ("%s/kill-changes.ndjson", env.dir);
  g_autofree char *old_fp = NULL;
  g_autofree char *new_fp = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *metals[] = { "Ga", "Ge", "W" };
  guint n_old = 0, n_new = 0;
  gint64 start, took;
  int status;

  g_assert_cmpint (run_cli_sync (old_home, 0), ==, 0);
  old_fp = check_cache (old_home);

  /* The server changes: 4,500 new observations, 250 companies renamed. */
  for (guint i = 0; i < 4500; i++)
    g_string_append_printf (out, "{\"kind\":\"observation\",\"id\":\"%s/price/%04u-%02u\",\"data\":"
                            "{\"metal\":\"%s\",\"indicator\":\"price\",\"period\":\"%04u-%02u\","
                            "\"value\":%u.25,\"unit\":\"USD/kg\",\"synthetic\":true}}\n",
                            metals[i % 3], 1800 + i / 36, 1 + (i / 3) % 12,
                            metals[i % 3], 1800 + i / 36, 1 + (i / 3) % 12, i);
  for (guint i = 50; i < 300; i++)
    g_string_append_printf (out, "{\"kind\":\"company\",\"id\":\"%s\",\"data\":{\"name_ko\":\"바뀐 회사 %u\","
                            "\"name_en\":\"Changed company %u\",\"region\":\"KR-26\"}}\n",
                            (const char *) g_ptr_array_index (env.company_ids, i), i, i);
  g_file_set_contents (changes, out->str, out->len, &error);
  g_assert_no_error (error);
  g_free (server_cli (&status, "import", changes, NULL));
  g_assert_cmpint (status, ==, 0);

  /* The new dataset, from an uninterrupted sync of a copy of the old
   * cache; how long that took spreads the kills over the sync. */
  copy_cache (old_home, ref_home);
  start = g_get_monotonic_time ();
  g_assert_cmpint (run_cli_sync (ref_home, 0), ==, 0);
  took = g_get_monotonic_time () - start;
  new_fp = check_cache (ref_home);
  g_assert_cmpstr (new_fp, !=, old_fp);
  g_test_message ("old: %s; new: %s; an uninterrupted sync took %lld ms",
                  old_fp, new_fp, (long long) took / 1000);

  for (guint i = 1; i <= 10; i++)
    {
      g_autofree char *home = g_strdup_printf ("%s/kill-%u", env.dir, i);
      gint64 after = took * i / 11;
      g_autofree char *fp = NULL;
      int rc;

      copy_cache (old_home, home);
      rc = run_cli_sync (home, after);
      fp = check_cache (home);
      if (g_strcmp0 (fp, old_fp) == 0)
        n_old++;
      else if (g_strcmp0 (fp, new_fp) == 0)
        n_new++;
      else
        g_error ("killed after %lld ms (exit %d): the cache holds a mix: %s",
                 (long long) after / 1000, rc, fp);

      /* The next sync completes, to the new dataset. */
      g_assert_cmpint (run_cli_sync (home, 0), ==, 0);
      g_clear_pointer (&fp, g_free);
      fp = check_cache (home);
      g_assert_cmpstr (fp, ==, new_fp);
    }
  g_test_message ("killed 10 times: %u left the old dataset, %u the new one", n_old, n_new);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  setup ();

  g_test_add_func ("/sync/full-and-incremental", test_full_and_incremental);
  g_test_add_func ("/sync/counts/after-local-import", test_counts_after_local_import);
  g_test_add_func ("/sync/offline-edits-once", test_offline_edits_once);
  g_test_add_func ("/sync/two-laptops", test_two_laptops);
  g_test_add_func ("/sync/conflict/kept-and-resolved", test_conflict);
  g_test_add_func ("/sync/conflict/rejected", test_rejected);
  g_test_add_func ("/sync/resume", test_resume);
  g_test_add_func ("/sync/unauthorized", test_unauthorized);
  g_test_add_func ("/sync/tls/refused", test_tls);
  g_test_add_func ("/sync/gzip-bomb", test_gzip_bomb);
  g_test_add_func ("/sync/bad-pages", test_bad_pages);
  g_test_add_func ("/sync/cli/keyring", test_cli_keyring);
  /* It adds thousands of records to the server. */
  g_test_add_func ("/sync/killed", test_killed);
  /* Last: it changes the server's epoch. */
  g_test_add_func ("/sync/gone/full-resync", test_gone_full_resync);
  g_test_add_func ("/sync/invalid-record", test_invalid_record);

  rc = g_test_run ();
  teardown ();
  return rc;
}
