/* heeyu-test-util.h: what the core's tests share (no GTK)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "heeyu-cache.h"
#include "heeyu-ingest.h"

G_BEGIN_DECLS

/* A fresh cache in a temporary XDG_DATA_HOME.  Used as a GTest fixture:
 * g_test_add (path, HeeyuTestCacheFixture, ndjson, heeyu_test_cache_fixture_set_up,
 * test, heeyu_test_cache_fixture_tear_down), where @ndjson (or NULL) is
 * ingested before the test runs. */
typedef struct
{
  char       *dir;      /* XDG_DATA_HOME, removed with all it holds */
  HeeyuCache *cache;
  sqlite3    *db;       /* the cache's own connection */
} HeeyuTestCacheFixture;

void        heeyu_test_cache_fixture_set_up    (HeeyuTestCacheFixture  *f,
                                                gconstpointer           ndjson);
void        heeyu_test_cache_fixture_tear_down (HeeyuTestCacheFixture  *f,
                                                gconstpointer           data);

char       *heeyu_test_data_home_new           (void);
void        heeyu_test_rm_rf                   (const char             *path);

gboolean    heeyu_test_ingest_string           (sqlite3                *db,
                                                const char             *ndjson,
                                                HeeyuIngestStats       *stats,
                                                GError                **error);
void        heeyu_test_ingest                  (sqlite3                *db,
                                                const char             *ndjson);

void        heeyu_test_append_observation      (GString                *ndjson,
                                                const char             *metal,
                                                const char             *indicator,
                                                const char             *period,
                                                const char             *country,
                                                const char             *stage,
                                                double                  value,
                                                const char             *unit);

void        heeyu_test_exec                    (sqlite3                *db,
                                                const char             *sql);
gint64      heeyu_test_query_int               (sqlite3                *db,
                                                const char             *sql,
                                                const char             *arg);
char       *heeyu_test_query_text              (sqlite3                *db,
                                                const char             *sql,
                                                const char             *arg);

/* What a finished command left: its exit status and what it wrote. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} HeeyuTestRun;

HeeyuTestRun *heeyu_test_run            (GSubprocessLauncher *launcher,
                                         const char * const  *argv);
void          heeyu_test_run_free       (HeeyuTestRun        *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuTestRun, heeyu_test_run_free)

G_END_DECLS
