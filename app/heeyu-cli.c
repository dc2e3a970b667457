/* heeyu-cli.c: headless jobs for scripts, tests and benchmarks
 *
 * Nothing here touches GTK: these jobs run on machines with no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "heeyu-cache.h"
#include "heeyu-cli.h"
#include "heeyu-ingest.h"
#include "heeyu-sample.h"

static char *opt_import;
static gboolean opt_status;
static gboolean opt_version;

static const GOptionEntry cli_entries[] = {
  { "import", 0, 0, G_OPTION_ARG_FILENAME, &opt_import,
    N_("Import an NDJSON dataset (plain or gzip) into the local data and exit"), N_("FILE") },
  { "status", 0, 0, G_OPTION_ARG_NONE, &opt_status,
    N_("Print the state of the local data as JSON and exit"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static void
print_error (const char *what,
             GError     *error)
{
  g_printerr ("heeyu: %s: %s\n", what, error->message);
}

/* Opens the cache for a job.  A corrupt cache is reported, not rebuilt:
 * rebuilding is the user's decision, offered in the window. */
static HeeyuCache *
open_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = heeyu_cache_default_path ();
  HeeyuCache *cache;

  cache = heeyu_cache_open (path, &error);
  if (cache == NULL)
    {
      g_printerr ("heeyu: %s\n", error->message);
      return NULL;
    }

  return cache;
}

static int
run_import (const char *path)
{
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  HeeyuIngestStats stats = { 0 };
  g_autofree char *dataset = NULL;
  gboolean fresh;

  if (!(cache = open_cache ()))
    return 1;

  dataset = heeyu_cache_get_meta (cache, "dataset");
  fresh = dataset == NULL && heeyu_cache_is_empty (cache);

  if (!heeyu_ingest_file (heeyu_cache_get_db (cache), path, &stats, NULL, &error))
    {
      g_autofree char *what = g_strdup_printf (_("cannot import %s"), path);
      print_error (what, error);
      g_printerr ("heeyu: %s\n", _("nothing was imported"));
      return 1;
    }

  /* A cache that started from this file holds no sample to warn about. */
  if (fresh && !heeyu_cache_set_meta (cache, "dataset", "import", &error))
    {
      print_error (_("cannot record the dataset"), error);
      return 1;
    }

  g_print (_("Imported %s: %llu records applied, %llu deleted, %llu unchanged\n"),
           path, (unsigned long long) stats.applied, (unsigned long long) stats.deleted,
           (unsigned long long) stats.unchanged);
  return 0;
}

static int
run_status (void)
{
  g_autoptr(HeeyuCache) cache = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  if (!(cache = open_cache ()))
    return 1;

  /* The window would load the bundled sample on a new cache; so does this,
   * so that both show the same data whichever runs first. */
  if (!heeyu_sample_ensure (cache, NULL, NULL, &error))
    {
      print_error (_("cannot load the sample data"), error);
      return 1;
    }

  json = heeyu_cache_status_json (cache);
  g_print ("%s\n", json);
  return 0;
}

HeeyuCliResult
heeyu_cli_run (int    *argc,
               char ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  HeeyuCliResult result = { FALSE, 0 };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Heeyu, the rare-metals workbench. With no option it opens the window;\n"
                                  "the options below run a job with no display and exit."));
  g_option_context_add_main_entries (context, cli_entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("heeyu: %s\n", error->message);
      g_printerr (_("Run “heeyu --help” to see the options.\n"));
      result.ran_job = TRUE;
      result.exit_status = 2;
      return result;
    }

  if (opt_version)
    {
      g_print ("heeyu %s\n", PACKAGE_VERSION);
      result.ran_job = TRUE;
    }
  else if (opt_import != NULL)
    {
      result.ran_job = TRUE;
      result.exit_status = run_import (opt_import);
    }
  else if (opt_status)
    {
      result.ran_job = TRUE;
      result.exit_status = run_status ();
    }

  return result;
}
