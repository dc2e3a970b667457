/* heeyu-sync-controller.h: when the desktop syncs, and what it shows of it
 *
 * One per application, so never two syncs at once.  Syncs at start, on
 * "Sync now" (app.sync, Ctrl+R), every sync-interval minutes, when the
 * network comes back, and after a resume from suspend (logind's
 * PrepareForSleep on the system bus, when there is one).  The state is
 * exposed as properties for the header bar: running, phase, done, total,
 * last-sync, pending, conflicts, offline, last-error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HEEYU_TYPE_SYNC_CONTROLLER (heeyu_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuSyncController, heeyu_sync_controller, HEEYU, SYNC_CONTROLLER, GObject)

/* The application's controller, made on first use. */
HeeyuSyncController *heeyu_sync_controller_get_default   (void);

/* Starts the triggers (and a first sync) once: call when the cache is
 * open.  Adds app.sync to @app (a GActionMap), if given. */
void         heeyu_sync_controller_start        (HeeyuSyncController *self,
                                                 GActionMap          *app);
/* Syncs now unless one runs; with no server set, only reports that. */
void         heeyu_sync_controller_sync_now     (HeeyuSyncController *self);
/* Re-reads the pending edits and conflicts (after an edit or a resolve). */
void         heeyu_sync_controller_refresh      (HeeyuSyncController *self);

gboolean     heeyu_sync_controller_get_running  (HeeyuSyncController *self);
gboolean     heeyu_sync_controller_get_offline  (HeeyuSyncController *self);
gboolean     heeyu_sync_controller_is_configured (HeeyuSyncController *self);
guint        heeyu_sync_controller_get_pending  (HeeyuSyncController *self);
guint        heeyu_sync_controller_get_conflicts (HeeyuSyncController *self);
/* ISO 8601 of the last successful sync, or NULL. */
const char  *heeyu_sync_controller_get_last_sync (HeeyuSyncController *self);
/* The last failure in words, NULL after a success. */
const char  *heeyu_sync_controller_get_last_error (HeeyuSyncController *self);
/* "Downloading 12,000 of 2,100,000 records", "Synced 3 minutes ago", … */
char        *heeyu_sync_controller_describe     (HeeyuSyncController *self);
const char  *heeyu_sync_controller_get_db_path  (HeeyuSyncController *self);

G_END_DECLS
