/* heeyu-ingest.h: the one path by which records enter the cache
 *
 * Bundled sample, `heeyu --import`, and sync pages all go through here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "heeyu-cache.h"
#include "heeyu-record.h"

G_BEGIN_DECLS

#define HEEYU_INGEST_ERROR (heeyu_ingest_error_quark ())

typedef enum
{
  HEEYU_INGEST_ERROR_READ,     /* the file cannot be read or decompressed */
  HEEYU_INGEST_ERROR_PARSE,    /* a line is not JSON */
  HEEYU_INGEST_ERROR_INVALID,  /* a line is JSON but not a valid envelope/record */
} HeeyuIngestError;

typedef struct
{
  guint64 lines;      /* non-blank lines read */
  guint64 applied;    /* records inserted or updated */
  guint64 deleted;    /* records removed by tombstones */
  guint64 unchanged;  /* records whose rev was not newer */
} HeeyuIngestStats;

GQuark    heeyu_ingest_error_quark (void);

/* Applies every envelope of an NDJSON stream (plain or gzip, detected by its
 * magic bytes) in one transaction.  On the first bad line nothing is applied
 * and @error says "line N: what is wrong".  A record is written only when its
 * rev is newer than the stored one (a missing rev counts as 1); a tombstone
 * (deleted: true) removes the record. */
gboolean  heeyu_ingest_stream      (sqlite3           *db,
                                    GInputStream      *stream,
                                    HeeyuIngestStats  *stats,
                                    GCancellable      *cancellable,
                                    GError           **error);
gboolean  heeyu_ingest_file        (sqlite3           *db,
                                    const char        *path,
                                    HeeyuIngestStats  *stats,
                                    GCancellable      *cancellable,
                                    GError           **error);
gboolean  heeyu_ingest_bytes       (sqlite3           *db,
                                    GBytes            *bytes,
                                    HeeyuIngestStats  *stats,
                                    GCancellable      *cancellable,
                                    GError           **error);

/* Applying envelopes one by one, for callers that parse records themselves
 * (the sync engine's pages).  begin opens a write transaction (BEGIN
 * IMMEDIATE) on @db; commit ends it and frees the batch; abort rolls back and
 * frees it.  apply follows the rules of heeyu_ingest_stream(); on failure
 * the caller aborts. */
typedef struct _HeeyuIngestBatch HeeyuIngestBatch;

HeeyuIngestBatch *heeyu_ingest_batch_begin  (sqlite3              *db,
                                             GError              **error);
gboolean          heeyu_ingest_batch_apply  (HeeyuIngestBatch     *batch,
                                             const HeeyuEnvelope  *env,
                                             HeeyuIngestStats     *stats,
                                             GError              **error);
/* The same, with the record's data already as JSON text (@data_json: the
 * "data" of the envelope, e.g. cut out of its line by SQLite's
 * json_extract), stored as it is rather than written again from
 * env->data; NULL behaves as heeyu_ingest_batch_apply(). */
gboolean          heeyu_ingest_batch_apply_json (HeeyuIngestBatch    *batch,
                                                 const HeeyuEnvelope *env,
                                                 const char          *data_json,
                                                 HeeyuIngestStats    *stats,
                                                 GError             **error);
gboolean          heeyu_ingest_batch_commit (HeeyuIngestBatch     *batch,
                                             GError              **error);
void              heeyu_ingest_batch_abort  (HeeyuIngestBatch     *batch);

G_END_DECLS
