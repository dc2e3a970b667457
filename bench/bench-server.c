/* bench-server.c: load client for heeyu-server (libcurl multi, one thread)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-server --url https://localhost:PORT --ca ca.pem --tokens FILE --mode MODE
 *                [--clients N] [--seconds S] [--limit L] [--cursor-file F]
 *
 * Modes (each client is a simulated desktop with its own connection):
 *   full   every client runs a full sync (all pages) once; records/s and
 *          page latency; the last cursor is written to --cursor-file
 *   poll   every client asks for changes at the head (cursor from
 *          --cursor-file) again and again for S seconds; with --etag it
 *          sends If-None-Match and gets 304s
 *   pages  every client pulls pages for S seconds, starting a new full
 *          sync whenever it reaches the head: the load of many desktops
 *          syncing from scratch at once
 *   push   every client pushes one new note per request for S seconds
 *   health every client asks /v1/health (no token check, no database):
 *          the floor of TLS + HTTP on this machine, for ratios
 *
 * Prints a summary: requests, requests/s, latency p50/p95/p99, statuses.
 * TLS is verified against --ca, never turned off.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <curl/curl.h>
#include <glib.h>

typedef struct
{
  CURL              *easy;
  GString           *body;
  GString           *etag;
  struct curl_slist *headers;
  char              *auth;
  char              *cursor;
  char              *idempotency;
  char              *post;
  guint              index;
  gboolean           finished;
  guint64            records;
  guint64            mid;
} Client;

static char *opt_url, *opt_ca, *opt_tokens, *opt_mode = "poll", *opt_cursor_file;
static int opt_clients = 50, opt_seconds = 15, opt_limit = 1000;
static gboolean opt_etag;

static GArray *latencies;     /* double, ms */
static GHashTable *statuses;  /* status → count */
static guint64 total_records, total_bytes;
static char *final_cursor;
static char **tokens;
static guint n_tokens;

static size_t
on_body_cb (char *data, size_t size, size_t n, void *user)
{
  g_string_append_len (user, data, size * n);
  return size * n;
}

static size_t
on_header_cb (char *data, size_t size, size_t n, void *user)
{
  Client *c = user;

  if (g_ascii_strncasecmp (data, "etag:", 5) == 0)
    {
      g_autofree char *v = g_strstrip (g_strndup (data + 5, size * n - 5));
      g_string_assign (c->etag, v);
    }
  return size * n;
}

/* Finds "key":"value" in a page without parsing all of it. */
static char *
json_string_field (const char *json,
                   const char *key)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\":\"", key);
  const char *p = g_strrstr (json, needle);
  const char *end;

  if (p == NULL)
    return NULL;
  p += strlen (needle);
  end = strchr (p, '"');
  return end ? g_strndup (p, end - p) : NULL;
}

static guint64
count_items (const char *json)
{
  guint64 n = 0;

  /* PostgreSQL's json_build_object writes "key" : value. */
  for (const char *p = json; (p = strstr (p, "{\"kind\" : ")) != NULL; p++)
    n++;
  return n;
}

static void
client_start (Client *c)
{
  g_autofree char *url = NULL;

  g_string_truncate (c->body, 0);
  curl_slist_free_all (c->headers);
  c->headers = curl_slist_append (NULL, c->auth);
  curl_easy_reset (c->easy);
  curl_easy_setopt (c->easy, CURLOPT_CAINFO, opt_ca);
  curl_easy_setopt (c->easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (c->easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (c->easy, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt (c->easy, CURLOPT_WRITEFUNCTION, on_body_cb);
  curl_easy_setopt (c->easy, CURLOPT_WRITEDATA, c->body);
  curl_easy_setopt (c->easy, CURLOPT_HEADERFUNCTION, on_header_cb);
  curl_easy_setopt (c->easy, CURLOPT_HEADERDATA, c);
  curl_easy_setopt (c->easy, CURLOPT_PRIVATE, c);
  curl_easy_setopt (c->easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (c->easy, CURLOPT_TIMEOUT, 120L);

  if (g_str_equal (opt_mode, "push"))
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *key = g_uuid_string_random ();

      g_free (c->idempotency);
      c->idempotency = g_strconcat ("Idempotency-Key: ", key, NULL);
      g_free (c->post);
      c->post = g_strdup_printf ("{\"client_id\":\"bench-%u\",\"mutations\":[{\"mid\":%" G_GUINT64_FORMAT
                                 ",\"kind\":\"note\",\"id\":\"%s\",\"op\":\"upsert\",\"base_rev\":0,"
                                 "\"data\":{\"target_kind\":\"metal\",\"target_id\":\"Ga\","
                                 "\"body\":\"bench note\",\"status\":\"open\"}}]}",
                                 c->index, ++c->mid, id);
      c->headers = curl_slist_append (c->headers, "Content-Type: application/json");
      c->headers = curl_slist_append (c->headers, c->idempotency);
      c->headers = curl_slist_append (c->headers, "Expect:");
      curl_easy_setopt (c->easy, CURLOPT_POSTFIELDS, c->post);
      url = g_strconcat (opt_url, "/v1/push", NULL);
    }
  else if (g_str_equal (opt_mode, "health"))
    url = g_strconcat (opt_url, "/v1/health", NULL);
  else
    {
      g_autoptr(GString) u = g_string_new (opt_url);

      g_string_append_printf (u, "/v1/changes?limit=%d", opt_limit);
      if (c->cursor)
        {
          g_autofree char *esc = g_uri_escape_string (c->cursor, NULL, FALSE);
          g_string_append_printf (u, "&cursor=%s", esc);
        }
      if (opt_etag && c->etag->len > 0)
        {
          g_autofree char *h = g_strconcat ("If-None-Match: ", c->etag->str, NULL);
          c->headers = curl_slist_append (c->headers, h);
        }
      url = g_string_free (g_steal_pointer (&u), FALSE);
    }
  curl_easy_setopt (c->easy, CURLOPT_URL, url);
  curl_easy_setopt (c->easy, CURLOPT_HTTPHEADER, c->headers);
}

static void
client_done (Client *c,
             CURLcode rc)
{
  long status = 0;
  curl_off_t t = 0, size = 0;
  double ms;

  if (rc != CURLE_OK)
    {
      g_printerr ("bench-server: client %u: %s\n", c->index, curl_easy_strerror (rc));
      status = -1;
    }
  else
    curl_easy_getinfo (c->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo (c->easy, CURLINFO_TOTAL_TIME_T, &t);
  curl_easy_getinfo (c->easy, CURLINFO_SIZE_DOWNLOAD_T, &size);
  ms = t / 1000.0;
  g_array_append_val (latencies, ms);
  total_bytes += size;
  g_hash_table_insert (statuses, GINT_TO_POINTER ((int) status),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (statuses, GINT_TO_POINTER ((int) status))) + 1));

  if (status != 200)
    return;
  if (g_str_equal (opt_mode, "poll"))
    {
      /* A desktop moves on to the cursor it was given. */
      g_autofree char *next = json_string_field (c->body->str, "next_cursor");

      c->records += count_items (c->body->str);
      total_records += count_items (c->body->str);
      g_free (c->cursor);
      c->cursor = g_steal_pointer (&next);
    }
  else if (g_str_equal (opt_mode, "pages"))
    {
      g_autofree char *next = json_string_field (c->body->str, "next_cursor");

      total_records += count_items (c->body->str);
      g_free (c->cursor);
      c->cursor = strstr (c->body->str, "\"has_more\":false") ? NULL : g_steal_pointer (&next);
    }
  else if (g_str_equal (opt_mode, "full"))
    {
      g_autofree char *next = json_string_field (c->body->str, "next_cursor");

      c->records += count_items (c->body->str);
      g_free (c->cursor);
      c->cursor = g_steal_pointer (&next);
      if (strstr (c->body->str, "\"has_more\":false") != NULL)
        {
          c->finished = TRUE;
          total_records += c->records;
          g_free (final_cursor);
          final_cursor = g_strdup (c->cursor);
        }
    }
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (double p)
{
  guint i;

  if (latencies->len == 0)
    return 0;
  i = (guint) (p * (latencies->len - 1) + 0.5);
  return g_array_index (latencies, double, i);
}

int
main (int argc, char *argv[])
{
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &opt_url, "Server URL", "URL" },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca, "CA file", "FILE" },
    { "tokens", 0, 0, G_OPTION_ARG_FILENAME, &opt_tokens, "Tokens, one per line", "FILE" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &opt_mode, "full, pages, poll, push or health", "MODE" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &opt_clients, "Simulated desktops (default 50)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "Duration of poll/push (default 15)", "S" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &opt_limit, "Page size (default 1000)", "N" },
    { "etag", 0, 0, G_OPTION_ARG_NONE, &opt_etag, "poll: send If-None-Match", NULL },
    { "cursor-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_cursor_file, "full: write / poll: read the head cursor", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— load test heeyu-server");
  g_autoptr(GError) error = NULL;
  g_autofree char *token_text = NULL;
  g_autofree char *cursor = NULL;
  Client *clients;
  CURLM *multi;
  gint64 start, deadline, elapsed;
  int running = 0;
  guint active;
  GHashTableIter iter;
  gpointer k, v;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !opt_url || !opt_ca || !opt_tokens ||
      opt_clients < 1)
    {
      g_printerr ("bench-server: %s\n", error ? error->message : "--url, --ca and --tokens are required");
      return 2;
    }
  if (!g_file_get_contents (opt_tokens, &token_text, NULL, &error))
    {
      g_printerr ("bench-server: %s\n", error->message);
      return 1;
    }
  tokens = g_strsplit (g_strstrip (token_text), "\n", -1);
  n_tokens = g_strv_length (tokens);
  if (g_str_equal (opt_mode, "poll"))
    {
      if (!opt_cursor_file || !g_file_get_contents (opt_cursor_file, &cursor, NULL, &error))
        {
          g_printerr ("bench-server: poll needs --cursor-file from a full run\n");
          return 1;
        }
      g_strstrip (cursor);
    }

  curl_global_init (CURL_GLOBAL_DEFAULT);
  latencies = g_array_new (FALSE, FALSE, sizeof (double));
  statuses = g_hash_table_new (NULL, NULL);
  multi = curl_multi_init ();
  curl_multi_setopt (multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) opt_clients);

  clients = g_new0 (Client, opt_clients);
  for (int i = 0; i < opt_clients; i++)
    {
      Client *c = &clients[i];

      c->index = i;
      c->easy = curl_easy_init ();
      c->body = g_string_new (NULL);
      c->etag = g_string_new (NULL);
      c->auth = g_strconcat ("Authorization: Bearer ", g_strstrip (tokens[i % n_tokens]), NULL);
      c->cursor = g_strdup (cursor);
      c->mid = (guint64) g_get_real_time ();
      client_start (c);
      curl_multi_add_handle (multi, c->easy);
    }

  start = g_get_monotonic_time ();
  deadline = start + (gint64) opt_seconds * G_USEC_PER_SEC;
  active = opt_clients;
  while (active > 0)
    {
      CURLMsg *msg;
      int left;

      curl_multi_perform (multi, &running);
      while ((msg = curl_multi_info_read (multi, &left)) != NULL)
        {
          Client *c;

          if (msg->msg != CURLMSG_DONE)
            continue;
          curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, (char **) &c);
          curl_multi_remove_handle (multi, c->easy);
          client_done (c, msg->data.result);
          if ((g_str_equal (opt_mode, "full") && c->finished) ||
              (!g_str_equal (opt_mode, "full") && g_get_monotonic_time () >= deadline))
            {
              active--;
              continue;
            }
          client_start (c);
          curl_multi_add_handle (multi, c->easy);
        }
      if (active > 0)
        curl_multi_poll (multi, NULL, 0, 100, NULL);
    }
  elapsed = g_get_monotonic_time () - start;

  g_array_sort (latencies, compare_double);
  printf ("mode=%s clients=%d%s requests=%u seconds=%.1f requests_per_s=%.0f p50_ms=%.1f p95_ms=%.1f "
          "p99_ms=%.1f wire_MiB=%.1f",
          opt_mode, opt_clients, opt_etag ? " etag" : "", latencies->len, elapsed / 1e6,
          latencies->len / (elapsed / 1e6), percentile (0.50), percentile (0.95), percentile (0.99),
          total_bytes / 1048576.0);
  if (!g_str_equal (opt_mode, "push") && !g_str_equal (opt_mode, "health"))
    printf (" records=%" G_GUINT64_FORMAT " records_per_s=%.0f", total_records,
            total_records / (elapsed / 1e6));
  printf (" statuses=");
  g_hash_table_iter_init (&iter, statuses);
  while (g_hash_table_iter_next (&iter, &k, &v))
    printf ("%d:%u,", GPOINTER_TO_INT (k), GPOINTER_TO_UINT (v));
  printf ("\n");

  if (g_str_equal (opt_mode, "full") && opt_cursor_file && final_cursor)
    g_file_set_contents (opt_cursor_file, final_cursor, -1, NULL);

  for (int i = 0; i < opt_clients; i++)
    {
      curl_easy_cleanup (clients[i].easy);
      g_string_free (clients[i].body, TRUE);
      g_string_free (clients[i].etag, TRUE);
      curl_slist_free_all (clients[i].headers);
      g_free (clients[i].auth);
      g_free (clients[i].cursor);
      g_free (clients[i].idempotency);
      g_free (clients[i].post);
    }
  g_free (clients);
  curl_multi_cleanup (multi);
  curl_global_cleanup ();
  return 0;
}
