/* heeyu-sync-controller.c: when the desktop syncs, and what it shows of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "heeyu-cache.h"
#include "heeyu-secret.h"
#include "heeyu-sync.h"
#include "heeyu-sync-conflicts.h"
#include "heeyu-sync-controller.h"

#define SCHEMA_ID "io.github.heeyu.Heeyu"

struct _HeeyuSyncController
{
  GObject        parent_instance;

  HeeyuSync     *sync;
  GSettings     *settings;
  GCancellable  *cancellable;
  GDBusConnection *system_bus;
  guint          sleep_watch;
  guint          timer;
  gboolean       started;
  gboolean       running;
  gboolean       again;        /* a trigger came during a sync */
  gboolean       offline;
  int            phase;
  guint64        done;
  guint64        total;
  guint          pending;
  guint          conflicts;
  char          *last_sync;
  char          *last_error;
};

G_DEFINE_FINAL_TYPE (HeeyuSyncController, heeyu_sync_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_STATE,      /* any of the others changed: one notify for the header bar */
  N_PROPS
};

enum {
  SIGNAL_FINISHED,  /* (gboolean ok, const char *message): a sync ended */
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_sync (HeeyuSyncController *self);

static void
notify_state (HeeyuSyncController *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
read_counts (HeeyuSyncController *self)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (heeyu_sync_get_db_path (self->sync), &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return;
    }
  sqlite3_busy_timeout (db, 2000);
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM outbox", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    self->pending = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  self->conflicts = heeyu_conflicts_count (db);
  g_clear_pointer (&self->last_sync, g_free);
  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'last_sync'", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    self->last_sync = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

void
heeyu_sync_controller_refresh (HeeyuSyncController *self)
{
  g_return_if_fail (HEEYU_IS_SYNC_CONTROLLER (self));

  read_counts (self);
  notify_state (self);
}

static void
on_progress_cb (HeeyuSync           *sync,
                int                  phase,
                guint64              done,
                guint64              total,
                HeeyuSyncController *self)
{
  self->phase = phase;
  self->done = done;
  self->total = total;
  notify_state (self);
}

static void
on_sync_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HeeyuSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  HeeyuSyncReport report = { 0 };
  gboolean ok;

  ok = heeyu_sync_run_finish (HEEYU_SYNC (object), result, &report, &error);
  self->running = FALSE;
  g_clear_pointer (&self->last_error, g_free);
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->last_error = g_strdup (error->message);
      self->offline = heeyu_sync_error_is_transient (error) &&
                      !g_network_monitor_get_network_available (g_network_monitor_get_default ());
    }
  else if (ok)
    self->offline = FALSE;
  read_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  notify_state (self);

  /* A 401 is the user's to fix (a new token); the message says so. */
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, ok,
                 ok ? NULL : error ? error->message : NULL);

  if (self->again)
    {
      self->again = FALSE;
      start_sync (self);
    }
}

static void
lookup_token_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  char *token = heeyu_secret_lookup_token (task_data, cancellable, &error);

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) heeyu_secret_free);
}

static void
on_token_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HeeyuSyncController) self = user_data;
  g_autoptr(GError) error = NULL;
  char *token = g_task_propagate_pointer (G_TASK (result), &error);

  heeyu_sync_set_token (self->sync, token);
  heeyu_secret_free (token);
  if (error)
    g_warning ("sync: the keyring cannot be read: %s", error->message);
  heeyu_sync_run_async (self->sync, self->cancellable, on_sync_done_cb, g_object_ref (self));
}

gboolean
heeyu_sync_controller_is_configured (HeeyuSyncController *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");

  return *url != '\0';
}

static void
start_sync (HeeyuSyncController *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "server-url");
  g_autofree char *ca = g_settings_get_string (self->settings, "ca-file");
  g_autoptr(GTask) task = NULL;

  if (*url == '\0')
    return;   /* the local data only: nothing to sync with */
  if (self->running)
    {
      self->again = TRUE;
      return;
    }

  self->running = TRUE;
  self->phase = HEEYU_SYNC_PHASE_CONNECT;
  self->done = self->total = 0;
  heeyu_sync_set_server (self->sync, url, ca);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  notify_state (self);

  /* The keyring answers over D-Bus: not on the main thread. */
  task = g_task_new (NULL, self->cancellable, on_token_cb, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (url), g_free);
  g_task_run_in_thread (task, lookup_token_thread);
}

void
heeyu_sync_controller_sync_now (HeeyuSyncController *self)
{
  g_return_if_fail (HEEYU_IS_SYNC_CONTROLLER (self));
  start_sync (self);
}

static gboolean
on_timer_cb (gpointer user_data)
{
  start_sync (user_data);
  return G_SOURCE_CONTINUE;
}

static void
reset_timer (HeeyuSyncController *self)
{
  guint minutes = g_settings_get_uint (self->settings, "sync-interval");

  g_clear_handle_id (&self->timer, g_source_remove);
  if (minutes > 0)
    self->timer = g_timeout_add_seconds (minutes * 60, on_timer_cb, self);
}

static void
on_settings_changed_cb (GSettings           *settings,
                        const char          *key,
                        HeeyuSyncController *self)
{
  if (g_str_equal (key, "sync-interval"))
    reset_timer (self);
  else if (g_str_equal (key, "server-url") || g_str_equal (key, "ca-file"))
    notify_state (self);
}

static void
on_network_changed_cb (GNetworkMonitor     *monitor,
                       gboolean             available,
                       HeeyuSyncController *self)
{
  gboolean was_offline = self->offline;

  self->offline = !available;
  if (was_offline != self->offline)
    notify_state (self);
  /* Back online: what was edited offline goes now. */
  if (available && was_offline)
    start_sync (self);
}

static void
on_prepare_for_sleep_cb (GDBusConnection *connection,
                         const char      *sender,
                         const char      *path,
                         const char      *interface,
                         const char      *signal,
                         GVariant        *parameters,
                         gpointer         user_data)
{
  gboolean going_to_sleep = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    start_sync (user_data);
}

static void
on_system_bus_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HeeyuSyncController) self = user_data;

  /* No system bus (a container, a test): no resume trigger, quietly. */
  self->system_bus = g_bus_get_finish (result, NULL);
  if (self->system_bus == NULL)
    return;
  self->sleep_watch = g_dbus_connection_signal_subscribe (self->system_bus, "org.freedesktop.login1",
                                                          "org.freedesktop.login1.Manager",
                                                          "PrepareForSleep", "/org/freedesktop/login1",
                                                          NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                          on_prepare_for_sleep_cb, self, NULL);
}

static void
on_sync_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  start_sync (user_data);
}

void
heeyu_sync_controller_start (HeeyuSyncController *self,
                             GActionMap          *app)
{
  GNetworkMonitor *monitor = g_network_monitor_get_default ();

  g_return_if_fail (HEEYU_IS_SYNC_CONTROLLER (self));

  if (self->started)
    return;
  self->started = TRUE;

  if (app)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new ("sync", NULL);

      g_signal_connect_object (action, "activate", G_CALLBACK (on_sync_action_cb), self, 0);
      g_action_map_add_action (app, G_ACTION (action));
    }

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb), self, 0);
  g_signal_connect_object (monitor, "network-changed", G_CALLBACK (on_network_changed_cb), self, 0);
  self->offline = !g_network_monitor_get_network_available (monitor);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_system_bus_cb, g_object_ref (self));
  reset_timer (self);
  read_counts (self);
  notify_state (self);
  start_sync (self);
}

static void
heeyu_sync_controller_dispose (GObject *object)
{
  HeeyuSyncController *self = HEEYU_SYNC_CONTROLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->system_bus && self->sleep_watch)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_watch);
  self->sleep_watch = 0;
  g_clear_object (&self->system_bus);
  g_clear_object (&self->sync);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (heeyu_sync_controller_parent_class)->dispose (object);
}

static void
heeyu_sync_controller_finalize (GObject *object)
{
  HeeyuSyncController *self = HEEYU_SYNC_CONTROLLER (object);

  g_free (self->last_sync);
  g_free (self->last_error);

  G_OBJECT_CLASS (heeyu_sync_controller_parent_class)->finalize (object);
}

static void
heeyu_sync_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HeeyuSyncController *self = HEEYU_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_STATE:
      g_value_set_uint (value, 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_sync_controller_class_init (HeeyuSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = heeyu_sync_controller_dispose;
  object_class->finalize = heeyu_sync_controller_finalize;
  object_class->get_property = heeyu_sync_controller_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, 0, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
heeyu_sync_controller_init (HeeyuSyncController *self)
{
  g_autofree char *path = heeyu_cache_default_path ();

  self->sync = heeyu_sync_new (path);
  self->settings = g_settings_new (SCHEMA_ID);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (on_progress_cb), self, 0);
}

HeeyuSyncController *
heeyu_sync_controller_get_default (void)
{
  static HeeyuSyncController *instance;

  if (instance == NULL)
    {
      instance = g_object_new (HEEYU_TYPE_SYNC_CONTROLLER, NULL);
      g_object_add_weak_pointer (G_OBJECT (instance), (gpointer *) &instance);
    }
  return instance;
}

gboolean
heeyu_sync_controller_get_running (HeeyuSyncController *self)
{
  return self->running;
}

gboolean
heeyu_sync_controller_get_offline (HeeyuSyncController *self)
{
  return self->offline;
}

guint
heeyu_sync_controller_get_pending (HeeyuSyncController *self)
{
  return self->pending;
}

guint
heeyu_sync_controller_get_conflicts (HeeyuSyncController *self)
{
  return self->conflicts;
}

const char *
heeyu_sync_controller_get_last_sync (HeeyuSyncController *self)
{
  return self->last_sync;
}

const char *
heeyu_sync_controller_get_last_error (HeeyuSyncController *self)
{
  return self->last_error;
}

const char *
heeyu_sync_controller_get_db_path (HeeyuSyncController *self)
{
  return heeyu_sync_get_db_path (self->sync);
}

static char *
ago (const char *iso)
{
  g_autoptr(GDateTime) then = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 minutes;

  if (then == NULL)
    return NULL;
  minutes = g_date_time_difference (now, then) / G_TIME_SPAN_MINUTE;
  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (gulong) minutes), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         (gulong) (minutes / 60)), (int) (minutes / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                       (gulong) (minutes / 1440)), (int) (minutes / 1440));
}

char *
heeyu_sync_controller_describe (HeeyuSyncController *self)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (HEEYU_IS_SYNC_CONTROLLER (self), NULL);

  if (self->running)
    {
      switch (self->phase)
        {
        case HEEYU_SYNC_PHASE_PUSH:
          return g_strdup_printf (_("Sending edits: %llu of %llu"),
                                  (unsigned long long) self->done, (unsigned long long) self->total);
        case HEEYU_SYNC_PHASE_PULL:
          if (self->total > 0)
            return g_strdup_printf (_("Downloading: %llu of about %llu records"),
                                    (unsigned long long) self->done, (unsigned long long) self->total);
          return g_strdup_printf (_("Downloading: %llu records"), (unsigned long long) self->done);
        case HEEYU_SYNC_PHASE_APPLY:
          return g_strdup_printf (_("Saving: %llu of %llu records"),
                                  (unsigned long long) self->done, (unsigned long long) self->total);
        case HEEYU_SYNC_PHASE_WAIT:
          return g_strdup (_("Waiting to try again…"));
        default:
          return g_strdup (_("Connecting…"));
        }
    }
  if (!heeyu_sync_controller_is_configured (self))
    return g_strdup (_("Local data only"));
  if (self->offline)
    return g_strdup (_("Offline"));
  when = ago (self->last_sync);
  if (self->last_error)
    return g_strdup (_("Sync failed"));
  if (when)
    return g_strdup_printf (_("Synced %s"), when);
  return g_strdup (_("Never synced"));
}
