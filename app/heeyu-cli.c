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
#include "heeyu-company-export.h"
#include "heeyu-ingest.h"
#include "heeyu-metal-export.h"
#include "heeyu-sample.h"
#include "heeyu-deck.h"
#include "heeyu-deck-data.h"
#include "heeyu-format.h"
#include "heeyu-slide-draw.h"
#include "heeyu-sync.h"
#include "heeyu-sync-cli.h"

static char *opt_import;
static gboolean opt_status;
static gboolean opt_version;
static gboolean opt_sync;
static char *opt_server;
static char *opt_ca_file;
static char *opt_export_companies;
static char *opt_query;
static char **opt_metals;
static char **opt_stages;
static char **opt_regions;
static char *opt_bench_search;
static char *opt_export_metals;
static gboolean opt_present;
static char *opt_deck;
static char *opt_export_deck;

static const GOptionEntry cli_entries[] = {
  { "import", 0, 0, G_OPTION_ARG_FILENAME, &opt_import,
    N_("Import an NDJSON dataset (plain or gzip) into the local data and exit"), N_("FILE") },
  { "status", 0, 0, G_OPTION_ARG_NONE, &opt_status,
    N_("Print the state of the local data as JSON and exit"), NULL },
  { "sync", 0, 0, G_OPTION_ARG_NONE, &opt_sync,
    N_("Sync with the server (token from HEEYU_TOKEN or the keyring) and exit; "
       "checks the local data for damage at most once a day"), NULL },
  { "server", 0, 0, G_OPTION_ARG_STRING, &opt_server,
    N_("The server's https:// address, instead of the one in Preferences"), N_("URL") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca_file,
    N_("A CA file to verify the server with, instead of the one in Preferences"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    N_("Print the version and exit"), NULL },
  { "export-companies", 0, 0, G_OPTION_ARG_FILENAME, &opt_export_companies,
    N_("Export the companies to a .csv or .xlsx file and exit"), N_("FILE") },
  { "query", 0, 0, G_OPTION_ARG_STRING, &opt_query,
    N_("With --export-companies: only companies matching this search"), N_("TEXT") },
  { "metal", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_metals,
    N_("With --export-companies: only companies handling this metal (repeatable)"), N_("CODE") },
  { "stage", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_stages,
    N_("With --export-companies: only companies at this value-chain stage (repeatable)"), N_("STAGE") },
  { "region", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_regions,
    N_("With --export-companies: only companies in this region, e.g. KR-31 (repeatable)"), N_("CODE") },
  { "bench-search", 0, 0, G_OPTION_ARG_FILENAME, &opt_bench_search,
    N_("Time the directory search for each query of a file, as typed, and exit"), N_("FILE") },
  { "export-metals", 0, 0, G_OPTION_ARG_FILENAME, &opt_export_metals,
    N_("Write every metal's stability index and its components to FILE.csv and exit"), N_("FILE.csv") },
  { "present", 0, 0, G_OPTION_ARG_NONE, &opt_present,
    N_("Open the window and show a deck full screen (F5 in the window)"), NULL },
  { "deck", 0, 0, G_OPTION_ARG_STRING, &opt_deck,
    N_("The deck to show with --present"), N_("NAME") },
  { "export-deck", 0, 0, G_OPTION_ARG_STRING, &opt_export_deck,
    N_("Write the deck NAME as a PDF, one page per slide, to FILE.pdf and exit"), N_("NAME FILE.pdf") },
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

/* Opens the cache for a job that reads it: a new cache gets the bundled
 * sample first, as the window would give it, so both show the same data
 * whichever runs first. */
static HeeyuCache *
open_cache_with_sample (void)
{
  g_autoptr(HeeyuCache) cache = open_cache ();
  g_autoptr(GError) error = NULL;

  if (cache == NULL)
    return NULL;

  if (!heeyu_sample_ensure (cache, NULL, NULL, &error))
    {
      print_error (_("cannot load the sample data"), error);
      return NULL;
    }

  return g_steal_pointer (&cache);
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

  if (!(cache = open_cache_with_sample ()))
    return 1;

  json = heeyu_sync_status_json (heeyu_cache_get_path (cache), &error);
  if (json == NULL)
    {
      print_error (_("cannot read the sync state"), error);
      return 1;
    }
  g_print ("%s\n", json);
  return 0;
}

static int
run_export_companies (const char *path)
{
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuCompanyQuery) query = heeyu_company_query_new ();
  HeeyuCompanyExportFormat format;
  guint n = 0;

  if (!heeyu_company_export_format_for_path (path, &format, &error))
    {
      g_printerr ("heeyu: %s\n", error->message);
      return 2;
    }
  if (!(cache = open_cache_with_sample ()))
    return 1;

  /* The same query the directory page runs. */
  heeyu_company_query_set_text (query, opt_query);
  for (guint i = 0; opt_metals && opt_metals[i]; i++)
    heeyu_company_query_add_value (query, HEEYU_COMPANY_FACET_METAL, opt_metals[i]);
  for (guint i = 0; opt_stages && opt_stages[i]; i++)
    heeyu_company_query_add_value (query, HEEYU_COMPANY_FACET_STAGE, opt_stages[i]);
  for (guint i = 0; opt_regions && opt_regions[i]; i++)
    heeyu_company_query_add_value (query, HEEYU_COMPANY_FACET_REGION, opt_regions[i]);

  if (!heeyu_company_export_to_file (heeyu_cache_get_db (cache), query, path, format, &n,
                                     NULL, &error))
    {
      g_autofree char *what = g_strdup_printf (_("cannot export to %s"), path);
      print_error (what, error);
      return 1;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u company to %s\n",
                        "Exported %u companies to %s\n", n), n, path);
  return 0;
}

static int
run_bench_search (const char *path)
{
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (!(cache = open_cache ()))
    return 1;
  if (!heeyu_company_bench_search (heeyu_cache_get_db (cache), path, 5, out, &error))
    {
      print_error (_("cannot run the search benchmark"), error);
      return 1;
    }
  g_print ("%s", out->str);
  return 0;
}

/* --export-deck NAME FILE.pdf: the slides the screen would show. */
static int
run_export_deck (const char *name,
                 const char *path)
{
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuDeck) deck = NULL;
  g_autoptr(HeeyuDeckData) data = NULL;
  g_autoptr(GPtrArray) slides = NULL;
  g_auto(GStrv) missing = NULL;
  HeeyuSlideOptions options = { 0 };

  if (path == NULL)
    {
      g_printerr ("heeyu: %s\n", _("--export-deck needs a deck name and a PDF file name"));
      return 2;
    }
  if (!(deck = heeyu_deck_load (NULL, name, &error)))
    {
      print_error (_("cannot export the deck"), error);
      return 1;
    }
  if (!(cache = open_cache_with_sample ()))
    return 1;
  if (!(data = heeyu_deck_data_load (heeyu_cache_get_db (cache), &error)))
    {
      print_error (_("cannot read the local data"), error);
      return 1;
    }

  slides = heeyu_slides_build (deck, data, &missing);
  for (guint i = 0; missing[i] != NULL; i++)
    g_printerr (_("heeyu: the metal “%s” is not in the local data; its slide is left out\n"),
                missing[i]);
  options.language = heeyu_slide_resolve_language (deck->language, heeyu_format_prefers_korean ());
  if (!heeyu_slides_export_pdf (slides, deck, data, &options, path, &error))
    {
      print_error (_("cannot export the deck"), error);
      return 1;
    }
  g_print (_("Wrote %u slides to %s\n"), slides->len, path);
  return 0;
}

/* --export-metals FILE.csv: the figures of the dashboard, one row per metal. */
static int
run_export_metals (const char *path)
{
  g_autoptr(HeeyuCache) cache = NULL;
  g_autoptr(GError) error = NULL;

  if (!(cache = open_cache_with_sample ()))
    return 1;
  if (!heeyu_metals_export_csv (heeyu_cache_get_db (cache), path, &error))
    {
      g_autofree char *what = g_strdup_printf (_("cannot export the metals to %s"), path);
      print_error (what, error);
      return 1;
    }
  g_print (_("Wrote %lld metals to %s\n"), (long long) heeyu_cache_count (cache, "metal"), path);
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
  else if (opt_sync)
    {
      result.ran_job = TRUE;
      result.exit_status = heeyu_sync_cli_run (opt_server, opt_ca_file);
    }
  else if (opt_status)
    {
      result.ran_job = TRUE;
      result.exit_status = run_status ();
    }
  else if (opt_export_companies != NULL)
    {
      result.ran_job = TRUE;
      result.exit_status = run_export_companies (opt_export_companies);
    }
  else if (opt_bench_search != NULL)
    {
      result.ran_job = TRUE;
      result.exit_status = run_bench_search (opt_bench_search);
    }
  else if (opt_export_metals != NULL)
    {
      result.ran_job = TRUE;
      result.exit_status = run_export_metals (opt_export_metals);
    }
  else if (opt_export_deck != NULL)
    {
      result.ran_job = TRUE;
      result.exit_status = run_export_deck (opt_export_deck, *argc > 1 ? (*argv)[1] : NULL);
    }
  else if (opt_present)
    {
      /* Not a headless job: hand the options on to the application, which
       * starts the show once its window is up (or asks the running one). */
      g_autoptr(GStrvBuilder) args = g_strv_builder_new ();

      g_strv_builder_add (args, (*argv)[0]);
      g_strv_builder_add (args, "--present");
      if (opt_deck != NULL)
        g_strv_builder_add_many (args, "--deck", opt_deck, NULL);
      for (int i = 1; i < *argc; i++)
        g_strv_builder_add (args, (*argv)[i]);
      /* Lives as long as the process, like the argv it replaces. */
      *argv = g_strv_builder_end (args);
      *argc = g_strv_length (*argv);
    }

  return result;
}
