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
#include "heeyu-search-private.h"

#define N_RECENT 64

struct _HeeyuCompanyList
{
  GObject       parent_instance;

  HeeyuCache   *cache;
  GArray       *rowids;        /* gint64 */
  char         *query;
  GCancellable *cancellable;
  gboolean      loading;

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
  g_free (self->query);

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
      g_value_set_string (value, self->query);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rowids->len);
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
heeyu_company_list_init (HeeyuCompanyList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
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
  return self->query;
}

gboolean
heeyu_company_list_get_loading (HeeyuCompanyList *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_LIST (self), FALSE);
  return self->loading;
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

static void
search_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  HeeyuCache *cache = source_object;
  const char *text = task_data;
  g_autoptr(GError) error = NULL;
  GArray *ids;
  sqlite3 *db;

  if (!(db = heeyu_cache_open_connection (cache, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (cancellable)
    sqlite3_progress_handler (db, 1000, on_progress_cb, cancellable);

  ids = heeyu_company_search_ids (db, text, &error);
  sqlite3_close (db);

  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_pointer (&ids, g_array_unref);
      return;
    }
  if (ids == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

static void
on_search_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HeeyuCompanyList) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  guint old_n;

  ids = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer search has replaced this one; its own answer will come. */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  set_loading (self, FALSE);

  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Searching companies failed: %s", error->message);
      return;
    }

  old_n = self->rowids->len;
  g_clear_pointer (&self->rowids, g_array_unref);
  self->rowids = g_steal_pointer (&ids);
  clear_recent (self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->rowids->len);
  if (old_n != self->rowids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
heeyu_company_list_search (HeeyuCompanyList *self,
                           const char       *text)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HEEYU_IS_COMPANY_LIST (self));

  if (text == NULL)
    text = "";

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (g_strcmp0 (self->query, text) != 0)
    {
      g_free (self->query);
      self->query = g_strdup (text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
    }
  set_loading (self, TRUE);

  task = g_task_new (self->cache, self->cancellable, on_search_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, heeyu_company_list_search);
  g_task_set_task_data (task, g_strdup (text), g_free);
  g_task_run_in_thread (task, search_worker);
}

/* The trigram query for @term as one literal phrase: FTS5 reads nothing
 * inside double quotes as syntax, and a quote is written twice. */
static char *
fts_phrase (const char *term)
{
  GString *s = g_string_new ("\"");

  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (s, FALSE);
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

GArray *
heeyu_company_search_ids (sqlite3     *db,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *query = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *phrase = NULL;
  const char *term;
  const char *sql;
  int rc;

  g_return_val_if_fail (db != NULL, NULL);

  query = heeyu_search_normalize (text, HEEYU_SEARCH_MAX_CHARS);
  if (*query == '\0')
    {
      sql = "SELECT rowid FROM company ORDER BY sort_key, rowid";
      stmt = heeyu_sql_prepare (db, sql, error);
      if (stmt == NULL)
        return NULL;
      goto collect;
    }

  /* "123-45-67890" and "1234567890" alike: the index holds the digits. */
  digits = heeyu_search_digits_only (query);
  term = digits && strlen (digits) >= 3 ? digits : query;

  if (g_utf8_strlen (term, -1) >= 3)
    {
      /* CROSS JOIN keeps SQLite from walking the whole name index to test
       * each company against the matches: fetching the matches and sorting
       * them is faster for all but the most common terms. */
      sql = "SELECT c.rowid FROM ("
            "  SELECT rowid AS id FROM company_fts WHERE company_fts MATCH ?1"
            "  UNION"
            "  SELECT cm.company FROM metal_alias a"
            "  JOIN company_metal cm ON cm.metal = a.metal WHERE a.alias = ?2"
            ") m CROSS JOIN company c ON c.rowid = m.id "
            "ORDER BY c.sort_key, c.rowid";
      phrase = fts_phrase (term);
      term = phrase;
    }
  else if (is_ascii (term))
    /* Latin letters and digits have no gram rows (heeyu-search.c); one or
     * two of them match much of the directory anyway, so a scan of the
     * narrow search table costs little more than an index would.  rtrim
     * drops the reg_no digits that end the text. */
    sql = "SELECT c.rowid FROM ("
          "  SELECT rowid AS id FROM company_search"
          "  WHERE instr (rtrim (text, '0123456789'), ?1) > 0"
          "  UNION"
          "  SELECT cm.company FROM metal_alias a"
          "  JOIN company_metal cm ON cm.metal = a.metal WHERE a.alias = ?2"
          ") m CROSS JOIN company c ON c.rowid = m.id "
          "ORDER BY c.sort_key, c.rowid";
  else
    sql = "SELECT c.rowid FROM ("
          "  SELECT company AS id FROM company_gram WHERE gram = ?1"
          "  UNION"
          "  SELECT cm.company FROM metal_alias a"
          "  JOIN company_metal cm ON cm.metal = a.metal WHERE a.alias = ?2"
          ") m CROSS JOIN company c ON c.rowid = m.id "
          "ORDER BY c.sort_key, c.rowid";

  stmt = heeyu_sql_prepare (db, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, term, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, query, -1, SQLITE_STATIC);

collect:
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, rowid);
    }
  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_INTERRUPT)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The search was cancelled");
      else
        heeyu_sql_fail (db, "searching companies", error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}
