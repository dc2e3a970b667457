/* heeyu-sample.h: the sample dataset bundled in the GResource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "heeyu-cache.h"

G_BEGIN_DECLS

/* On a new, empty cache (no records, no dataset recorded) ingests the bundled
 * sample and records meta "dataset" = "sample".  @ingested tells whether it
 * did.  Safe to call from a worker thread. */
gboolean heeyu_sample_ensure      (HeeyuCache    *cache,
                                   gboolean      *ingested,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* TRUE when the cache holds the bundled sample rather than the center's data. */
gboolean heeyu_sample_is_in_use   (HeeyuCache    *cache);

G_END_DECLS
