/* heeyu-company-list.c: the directory as a GListModel over row ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a query matches (heeyu_company_search_ids()):
 *  - any substring of the Korean or English name or of the products, after
 *    both sides are normalized (NFKC, casefolded, whitespace removed);
 *    3+ characters through the trigram index, 1-2 through the gram index
 *    (or, for 1-2 Latin letters or digits, a scan of the search text);
 *  - a business registration number typed with or without dashes (three
 *    digits or more, any part of it);
 *  - the companies handling a metal, when the query is that metal's code,
 *    English or Korean name or industry alias ("몰리브덴" finds Mo).
 * Matches come in name order as a Korean user files them: Hangul names
 * first in 가나다 order, then Latin names (A–Z, case ignored), then names
 * starting with a digit, then anything else; a leading (주) or 주식회사 is
 * not part of the order.
 */
#include "config.h"

#include <string.h>

#include "heeyu-cache-private.h"
#include "heeyu-company-list.h"
#include "heeyu-company-query-private.h"
#include "heeyu-search-private.h"

#define N_RECENT 64

struct _HeeyuCompanyList
{
  GObject       parent_instance;

  HeeyuCache   *cache;
  GArray       *rowids;        /* gint64 */
  HeeyuCompanyQuery  *company_query;
  HeeyuCompanyFacets *facets;
  GMutex        worker_lock;
  sqlite3      *worker_db;     /* under worker_lock */
  GCancellable *cancellable;
  gboolean      loading;
  char         *error;     /* why the last search failed, or NULL */

  /* The objects handed out last, so that a view that asks again for the
   * rows it shows does not reload them from SQLite. */
  HeeyuCompany *recent[N_RECENT];
  guint         recent_next;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeeyuCompanyList, heeyu_company_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_QUERY,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_COMPANY_QUERY,
  PROP_FACETS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
heeyu_company_list_get_item_type (GListModel *model)
{
  return HEEYU_TYPE_COMPANY;
}

static guint
heeyu_company_list_get_n_items (GListModel *model)
{
  HeeyuCompanyList *self = HEEYU_COMPANY_LIST (model);

  return self->rowids->len;
}

static gpointer
heeyu_company_list_get_item (GListModel *model,
                             guint       position)
{
  HeeyuCompanyList *self = HEEYU_COMPANY_LIST (model);
  HeeyuCompany *company;
  gint64 rowid;

  if (position >= self->rowids->len)
    return NULL;

  rowid = g_array_index (self->rowids, gint64, position);
  for (guint i = 0; i < N_RECENT; i++)
    if (self->recent[i] && heeyu_company_get_rowid (self->recent[i]) == rowid)
      return g_object_ref (self->recent[i]);

  company = heeyu_company_load (heeyu_cache_get_db (self->cache), rowid);
  /* Removed since the search ran: the model still owes an item here until
   * the next search, so give an empty one rather than break the view. */
  if (company == NULL)
    return g_object_new (HEEYU_TYPE_COMPANY, NULL);

  g_set_object (&self->recent[self->recent_next], company);
  self->recent_next = (self->recent_next + 1) % N_RECENT;

  return company;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = heeyu_company_list_get_item_type;
  iface->get_n_items = heeyu_company_list_get_n_items;
  iface->get_item = heeyu_company_list_get_item;
}

static void
clear_recent (HeeyuCompanyList *self)
{
  for (guint i = 0; i < N_RECENT; i++)
    g_clear_object (&self->recent[i]);
  self->recent_next = 0;
}

static void
heeyu_company_list_dispose (GObject *object)
{
  HeeyuCompanyList *self = (HeeyuCompanyList *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_recent (self);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (heeyu_company_list_parent_class)->dispose (object);
}

static void
heeyu_company_list_finalize (GObject *object)
{
  HeeyuCompanyList *self = (HeeyuCompanyList *) object;

  g_clear_pointer (&self->rowids, g_array_unref);
  heeyu_company_query_free (self->company_query);
  g_clear_pointer (&self->facets, heeyu_company_facets_unref);
  g_free (self->error);
  g_clear_pointer (&self->worker_db, sqlite3_close);
  g_mutex_clear (&self->worker_lock);

  G_OBJECT_CLASS (heeyu_company_list_parent_class)->finalize (object);
}

static void
heeyu_company_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HeeyuCompanyList *self = HEEYU_COMPANY_LIST (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      g_value_set_string (value, self->company_query->text ? self->company_query->text : "");
      break;
    case PROP_COMPANY_QUERY:
      g_value_set_boxed (value, self->company_query);
      break;
    case PROP_FACETS:
      g_value_set_boxed (value, self->facets);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rowids->len);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_company_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HeeyuCompanyList *self = HEEYU_COMPANY_LIST (object);

  switch (prop_id)
    {
    case PROP_QUERY:
      heeyu_company_list_search (self, g_value_get_string (value));
      break;
    case PROP_COMPANY_QUERY:
      if (g_value_get_boxed (value))
        heeyu_company_list_set_company_query (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
heeyu_company_list_class_init (HeeyuCompanyListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = heeyu_company_list_dispose;
  object_class->finalize = heeyu_company_list_finalize;
  object_class->get_property = heeyu_company_list_get_property;
  object_class->set_property = heeyu_company_list_set_property;

  /* Setting "query" starts a search, as heeyu_company_list_search() does. */
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Setting "company-query" runs it, as heeyu_company_list_set_company_query(). */
  properties[PROP_COMPANY_QUERY] =
    g_param_spec_boxed ("company-query", NULL, NULL, HEEYU_TYPE_COMPANY_QUERY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FACETS] =
    g_param_spec_boxed ("facets", NULL, NULL, HEEYU_TYPE_COMPANY_FACETS,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
heeyu_company_list_init (HeeyuCompanyList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->company_query = heeyu_company_query_new ();
  g_mutex_init (&self->worker_lock);
}

HeeyuCompanyList *
heeyu_company_list_new (HeeyuCache *cache)
{
  HeeyuCompanyList *self;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);

  self = g_object_new (HEEYU_TYPE_COMPANY_LIST, NULL);
  self->cache = g_object_ref (cache);
  return self;
}

const char *
heeyu_company_list_get_query (HeeyuCompanyList *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_LIST (self), NULL);
  return self->company_query->text ? self->company_query->text : "";
}

gboolean
heeyu_company_list_get_loading (HeeyuCompanyList *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_LIST (self), FALSE);
  return self->loading;
}

const char *
heeyu_company_list_get_error (HeeyuCompanyList *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_LIST (self), NULL);
  return self->error;
}

static void
set_error (HeeyuCompanyList *self,
           const char       *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_loading (HeeyuCompanyList *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Stops a search whose result nobody wants any more inside SQLite. */
static int
on_progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (G_CANCELLABLE (user_data));
}

typedef struct
{
  HeeyuCompanyQuery  *query;
  GArray             *ids;
  HeeyuCompanyFacets *facets;
} SearchResult;

static void
search_result_free (SearchResult *r)
{
  g_clear_pointer (&r->query, heeyu_company_query_free);
  g_clear_pointer (&r->ids, g_array_unref);
  g_clear_pointer (&r->facets, heeyu_company_facets_unref);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchResult, search_result_free)

/* The worker's connection is kept between searches (a warm page cache and
 * no open per keystroke) and used by one worker at a time. */
static sqlite3 *
worker_db (HeeyuCompanyList  *self,
           GError           **error)
{
  if (self->worker_db == NULL &&
      (self->worker_db = heeyu_cache_open_connection (self->cache, error)) != NULL)
    heeyu_company_query_tune_connection (self->worker_db);
  return self->worker_db;
}

static void
search_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  HeeyuCompanyList *self = source_object;
  SearchResult *r = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->worker_lock);
  sqlite3 *db;
  gboolean ok;

  /* A newer search is already waiting for the lock. */
  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(db = worker_db (self, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sqlite3_progress_handler (db, 1000, on_progress_cb, cancellable);
  ok = heeyu_company_query_run (db, r->query, &r->ids, &r->facets, &error);
  sqlite3_progress_handler (db, 0, NULL, NULL);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HeeyuCompanyList *self = HEEYU_COMPANY_LIST (source);
  SearchResult *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint old_n;

  /* A newer search has replaced this one; its own answer will come. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_task_propagate_boolean (G_TASK (result), NULL);
      return;
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A damaged file, a full disk: the rows of the last search no longer
       * answer the query, so none are shown, and the page says why. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("Searching companies failed: %s", error->message);
          old_n = self->rowids->len;
          clear_recent (self);
          g_array_set_size (self->rowids, 0);
          if (old_n > 0)
            {
              g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
              g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
            }
          set_error (self, error->message);
        }
      set_loading (self, FALSE);
      return;
    }

  set_error (self, NULL);
  old_n = self->rowids->len;
  clear_recent (self);
  g_clear_pointer (&self->facets, heeyu_company_facets_unref);
  self->facets = g_steal_pointer (&r->facets);

  /* Two signals, all rows out, then the new ones in, rather than one that
   * replaces them: a GtkSingleSelection whose selected row is replaced
   * looks for that object among the added rows, and as every row here is
   * a new object it fetched all of them, one SQLite read each, on the main
   * thread (98,000 reads for "n", and 200 MB of the cache file paged in).
   * After the first signal nothing is selected, so the second costs
   * nothing; the selection was lost either way.  "loading" stays TRUE
   * until both are out, so a view does not take the moment in between,
   * with no rows, for an empty result (the page would cross-fade to its
   * "no companies" state and back). */
  g_array_set_size (self->rowids, 0);
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  g_clear_pointer (&self->rowids, g_array_unref);
  self->rowids = g_steal_pointer (&r->ids);
  if (self->rowids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->rowids->len);
  if (old_n != self->rowids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACETS]);
  set_loading (self, FALSE);
}

static void
start_search (HeeyuCompanyList *self)
{
  g_autoptr(GTask) task = NULL;
  SearchResult *r;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  set_loading (self, TRUE);

  r = g_new0 (SearchResult, 1);
  r->query = heeyu_company_query_copy (self->company_query);

  /* The task's source keeps the list alive until the worker is done with
   * its connection. */
  task = g_task_new (self, self->cancellable, on_search_done_cb, NULL);
  g_task_set_source_tag (task, start_search);
  g_task_set_task_data (task, r, (GDestroyNotify) search_result_free);
  g_task_run_in_thread (task, search_worker);
}

void
heeyu_company_list_search (HeeyuCompanyList *self,
                           const char       *text)
{
  g_return_if_fail (HEEYU_IS_COMPANY_LIST (self));

  if (text == NULL)
    text = "";

  if (g_strcmp0 (self->company_query->text ? self->company_query->text : "", text) != 0)
    {
      heeyu_company_query_set_text (self->company_query, text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPANY_QUERY]);
    }
  start_search (self);
}

void
heeyu_company_list_set_company_query (HeeyuCompanyList        *self,
                                      const HeeyuCompanyQuery *query)
{
  gboolean text_changed;

  g_return_if_fail (HEEYU_IS_COMPANY_LIST (self));
  g_return_if_fail (query != NULL);

  text_changed = g_strcmp0 (self->company_query->text ? self->company_query->text : "",
                            query->text ? query->text : "") != 0;
  if (!heeyu_company_query_equal (self->company_query, query))
    {
      heeyu_company_query_free (self->company_query);
      self->company_query = heeyu_company_query_copy (query);
      if (text_changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPANY_QUERY]);
    }
  start_search (self);
}

const HeeyuCompanyQuery *
heeyu_company_list_get_company_query (HeeyuCompanyList *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_LIST (self), NULL);
  return self->company_query;
}

HeeyuCompanyFacets *
heeyu_company_list_get_facets (HeeyuCompanyList *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_LIST (self), NULL);
  return self->facets;
}

void
heeyu_company_list_reload (HeeyuCompanyList *self)
{
  g_return_if_fail (HEEYU_IS_COMPANY_LIST (self));
  start_search (self);
}

GArray *
heeyu_company_search_ids (sqlite3     *db,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(HeeyuCompanyQuery) query = heeyu_company_query_new ();
  GArray *ids = NULL;

  g_return_val_if_fail (db != NULL, NULL);

  heeyu_company_query_set_text (query, text);
  if (!heeyu_company_query_run (db, query, &ids, NULL, error))
    return NULL;
  return ids;
}
