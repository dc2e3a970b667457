/* heeyu-sync-cli.c: `heeyu --sync`, with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "heeyu-cache.h"
#include "heeyu-secret.h"
#include "heeyu-sync.h"
#include "heeyu-sync-cli.h"

#define SCHEMA_ID "io.github.heeyu.Heeyu"
/* How long a successful PRAGMA quick_check stands for the command line. */
#define CHECK_EVERY (24 * G_TIME_SPAN_HOUR)

typedef struct
{
  HeeyuSyncPhase phase;
  gint64         last;
} CliProgress;

/* The settings, when the schema is installed; a command line on a server
 * with no schema just needs --server. */
static char *
setting (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE)))
    return NULL;
  settings = g_settings_new (SCHEMA_ID);
  return g_settings_get_string (settings, key);
}

static const char *
phase_label (HeeyuSyncPhase phase)
{
  switch (phase)
    {
    case HEEYU_SYNC_PHASE_CONNECT:
      return _("Connecting");
    case HEEYU_SYNC_PHASE_PUSH:
      return _("Sending edits");
    case HEEYU_SYNC_PHASE_PULL:
      return _("Downloading changes");
    case HEEYU_SYNC_PHASE_APPLY:
      return _("Saving changes");
    case HEEYU_SYNC_PHASE_WAIT:
      return _("Waiting to try again");
    default:
      return "";
    }
}

static void
on_progress_cb (const HeeyuSyncProgress *p,
                gpointer                 user_data)
{
  CliProgress *cli = user_data;
  gint64 now = g_get_monotonic_time ();

  /* A line per phase change, and at most one a second within a phase. */
  if (p->phase == cli->phase && now - cli->last < G_USEC_PER_SEC && p->done != p->total)
    return;
  cli->phase = p->phase;
  cli->last = now;

  if (p->phase == HEEYU_SYNC_PHASE_WAIT)
    g_printerr ("heeyu: %s (%s %u)\n", phase_label (p->phase), _("attempt"), p->attempt);
  else if (p->total > 0)
    g_printerr ("heeyu: %s: %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT "\n",
                phase_label (p->phase), p->done, p->total);
  else if (p->done > 0)
    g_printerr ("heeyu: %s: %" G_GUINT64_FORMAT "\n", phase_label (p->phase), p->done);
  else
    g_printerr ("heeyu: %s…\n", phase_label (p->phase));
}

/* cron runs `heeyu --sync` every few minutes, and quick_check reads the
 * whole cache (5 s for 1.8 GB): the command line checks when the last
 * successful check, by it or by the window, is a day old.  A stamp from
 * the future (a clock set back) or one that cannot be read counts as old. */
static gboolean
check_is_due (HeeyuCache *cache)
{
  g_autofree char *last = heeyu_cache_get_meta (cache, "last_check");
  g_autoptr(GDateTime) then = last ? g_date_time_new_from_iso8601 (last, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan age;

  if (then == NULL)
    return TRUE;
  age = g_date_time_difference (now, then);
  return age < 0 || age >= CHECK_EVERY;
}

static void
note_checked (HeeyuCache *cache)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  /* Only a hint for the next check: a failure to write it costs a check. */
  heeyu_cache_set_meta (cache, "last_check", stamp, NULL);
}

/* HEEYU_SYNC_RETRY="ATTEMPTS:BASE_MS:MAX_MS" tunes the retries of one run
 * (scripts on flaky links; the tests). */
static void
apply_retry_env (HeeyuSync *sync)
{
  const char *spec = g_getenv ("HEEYU_SYNC_RETRY");
  g_auto(GStrv) parts = NULL;
  guint64 v[3];

  if (spec == NULL)
    return;
  parts = g_strsplit (spec, ":", 3);
  if (g_strv_length (parts) != 3)
    return;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 0, 3600000, &v[i], NULL))
      return;
  heeyu_sync_set_retry (sync, (guint) v[0], (guint) v[1], (guint) v[2]);
}

int
heeyu_sync_cli_run (const char *server,
                    const char *ca_file)
{
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(HeeyuSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = heeyu_cache_default_path ();
  g_autofree char *server_setting = NULL;
  g_autofree char *ca_setting = NULL;
  char *token = NULL;
  HeeyuSyncReport report = { 0 };
  CliProgress progress = { -1, 0 };
  gboolean ok;

  if (server == NULL || *server == '\0')
    server = server_setting = setting ("server-url");
  if (ca_file == NULL)
    ca_file = ca_setting = setting ("ca-file");
  if (server == NULL || *server == '\0')
    {
      g_printerr ("heeyu: %s\n", _("no server is set: give --server URL or set it in Preferences"));
      return 2;
    }

  /* Opening the cache runs its migrations before the sync; its check,
   * once a day. */
  if (!(cache = heeyu_cache_open_with_flags (path, HEEYU_CACHE_OPEN_DEFER_CHECK, &error)))
    {
      g_printerr ("heeyu: %s\n", error->message);
      return 1;
    }
  if (check_is_due (cache))
    {
      g_printerr ("heeyu: %s\n", _("Checking the local data for damage (once a day)…"));
      if (!heeyu_cache_check (cache, NULL, &error))
        {
          g_printerr ("heeyu: %s\n", error->message);
          return 1;
        }
      note_checked (cache);
    }

  if (g_getenv ("HEEYU_TOKEN") && *g_getenv ("HEEYU_TOKEN"))
    token = g_strdup (g_getenv ("HEEYU_TOKEN"));
  else
    {
      token = heeyu_secret_lookup_token (server, NULL, &error);
      if (token == NULL)
        {
          if (error)
            g_printerr ("heeyu: %s: %s\n", _("cannot read the token from the keyring"), error->message);
          else
            g_printerr ("heeyu: %s\n", _("no token: set HEEYU_TOKEN or enter the token in Preferences"));
          return 2;
        }
    }

  sync = heeyu_sync_new (path);
  heeyu_sync_set_server (sync, server, ca_file);
  heeyu_sync_set_token (sync, token);
  heeyu_secret_free (token);
  apply_retry_env (sync);

  ok = heeyu_sync_run (sync, &report, on_progress_cb, &progress, NULL, &error);
  if (!ok)
    {
      g_printerr ("heeyu: %s: %s\n", _("the sync failed"), error->message);
      return 1;
    }

  if (report.idle)
    g_printerr ("heeyu: %s\n", _("Up to date: nothing changed on the server."));
  g_printerr (_("heeyu: sync complete: %u edits sent, %u conflicts, %u refused; "
                "%llu records received, %llu saved, %llu deleted, %llu held by local edits%s\n"),
              report.pushed, report.conflicts, report.rejected, (unsigned long long) report.pulled,
              (unsigned long long) report.applied, (unsigned long long) report.deleted,
              (unsigned long long) report.held,
              report.restarted ? _(" (the server asked for a full sync)") : "");
  return 0;
}
