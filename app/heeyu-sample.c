/* heeyu-sample.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "heeyu-ingest.h"
#include "heeyu-sample.h"

#define SAMPLE_RESOURCE RESOURCE_PREFIX "/sample.ndjson.gz"

gboolean
heeyu_sample_ensure (HeeyuCache    *cache,
                     gboolean      *ingested,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dataset = NULL;
  HeeyuIngestStats stats = { 0 };

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), FALSE);

  if (ingested != NULL)
    *ingested = FALSE;

  dataset = heeyu_cache_get_meta (cache, "dataset");
  if (dataset != NULL || !heeyu_cache_is_empty (cache))
    return TRUE;

  bytes = g_resources_lookup_data (SAMPLE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  if (!heeyu_ingest_bytes (heeyu_cache_get_db (cache), bytes, &stats, cancellable, error))
    return FALSE;

  if (!heeyu_cache_set_meta (cache, "dataset", "sample", error))
    return FALSE;

  if (ingested != NULL)
    *ingested = TRUE;

  return TRUE;
}

gboolean
heeyu_sample_is_in_use (HeeyuCache *cache)
{
  g_autofree char *dataset = NULL;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), FALSE);

  dataset = heeyu_cache_get_meta (cache, "dataset");
  return g_strcmp0 (dataset, "sample") == 0;
}
