/* heeyu-sync-conflicts-page.c: the edits the server did not take, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One card per conflict: the record, then a table of its fields with the
 * user's version and the server's next to each other (differences in
 * bold), and the two ways out: "Keep Mine" or "Take Theirs".  A refused
 * edit shows the server's reason instead of a server version.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "heeyu-sync-conflicts.h"
#include "heeyu-sync-conflicts-page.h"
#include "heeyu-sync-controller.h"

struct _HeeyuSyncConflictsPage
{
  GtkBox               parent_instance;

  HeeyuSyncController *controller;
  GtkStack            *stack;
  GtkBox              *list;
  guint                shown;
};

G_DEFINE_FINAL_TYPE (HeeyuSyncConflictsPage, heeyu_sync_conflicts_page, GTK_TYPE_BOX)

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
value_text (JsonObject *o,
            const char *field)
{
  JsonNode *n;

  if (o == NULL || !(n = json_object_get_member (o, field)) || JSON_NODE_HOLDS_NULL (n))
    return g_strdup ("—");
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (n));
  return json_to_string (n, FALSE);
}

static GtkWidget *
cell (const char *text,
      gboolean    bold,
      gboolean    dim)
{
  GtkWidget *l = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_wrap (GTK_LABEL (l), TRUE);
  gtk_label_set_selectable (GTK_LABEL (l), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (l), 40);
  gtk_widget_set_hexpand (l, TRUE);
  if (bold)
    gtk_widget_add_css_class (l, "heading");
  if (dim)
    gtk_widget_add_css_class (l, "dim-label");
  return l;
}

static sqlite3 *
open_db (HeeyuSyncConflictsPage *self)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (heeyu_sync_controller_get_db_path (self->controller), &db,
                       SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
resolve (GtkButton              *button,
         HeeyuSyncConflictsPage *self,
         gboolean                mine)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "conflict-id"));
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_db (self);
  gboolean ok;

  if (db == NULL)
    return;
  ok = mine ? heeyu_conflict_keep_mine (db, id, &error) : heeyu_conflict_take_theirs (db, id, &error);
  sqlite3_close (db);
  if (!ok)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root),
                                                                             _("Cannot Resolve the Conflict"),
                                                                             error->message));

      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  heeyu_sync_controller_refresh (self->controller);
  heeyu_sync_conflicts_page_reload (self);
  /* A kept version goes at once if the server is reachable. */
  if (ok && mine)
    heeyu_sync_controller_sync_now (self->controller);
}

static void
on_keep_mine_cb (GtkButton              *button,
                 HeeyuSyncConflictsPage *self)
{
  resolve (button, self, TRUE);
}

static void
on_take_theirs_cb (GtkButton              *button,
                   HeeyuSyncConflictsPage *self)
{
  resolve (button, self, FALSE);
}

static GtkWidget *
conflict_card (HeeyuSyncConflictsPage *self,
               HeeyuConflict          *c)
{
  g_autoptr(JsonObject) mine = parse_object (c->local_data);
  g_autoptr(JsonObject) server_env = parse_object (c->server);
  JsonObject *theirs = server_env && json_object_has_member (server_env, "data") &&
                       JSON_NODE_HOLDS_OBJECT (json_object_get_member (server_env, "data"))
                       ? json_object_get_object_member (server_env, "data") : NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *keep, *take;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *name = NULL;
  int row = 1;

  gtk_widget_add_css_class (card, "card");
  g_object_set (card, "margin-top", 6, "margin-bottom", 6, NULL);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);

  if (mine && json_object_has_member (mine, "name_ko"))
    name = json_object_get_string_member_with_default (mine, "name_ko", NULL);
  if (name == NULL && mine && json_object_has_member (mine, "body"))
    name = json_object_get_string_member_with_default (mine, "body", NULL);
  title = g_strdup_printf ("%s: %s", c->kind, name ? name : c->record_id);
  {
    GtkWidget *t = cell (title, TRUE, FALSE);

    g_object_set (t, "margin-top", 12, "margin-start", 12, "margin-end", 12, NULL);
    gtk_label_set_ellipsize (GTK_LABEL (t), PANGO_ELLIPSIZE_END);
    gtk_label_set_wrap (GTK_LABEL (t), FALSE);
    gtk_box_append (GTK_BOX (card), t);
  }
  if (c->problem)
    subtitle = g_strdup_printf (_("The server refused your edit: %s"), c->problem);
  else if (c->server_deleted)
    subtitle = g_strdup (_("Someone deleted this record on the server while you edited it."));
  else
    subtitle = g_strdup_printf (_("Changed on the server (version %lld) while you edited "
                                  "version %lld. Pick the version to keep."),
                                (long long) c->server_rev, (long long) c->base_rev);
  {
    GtkWidget *s = cell (subtitle, FALSE, TRUE);

    g_object_set (s, "margin-start", 12, "margin-end", 12, NULL);
    gtk_box_append (GTK_BOX (card), s);
  }

  gtk_grid_attach (GTK_GRID (grid), cell (_("Field"), TRUE, FALSE), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Your Version"), TRUE, FALSE), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), cell (_("Server's Version"), TRUE, FALSE), 2, 0, 1, 1);

  for (int side = 0; side < 2; side++)
    {
      JsonObject *o = side == 0 ? mine : theirs;
      g_autoptr(GList) members = o ? json_object_get_members (o) : NULL;

      for (GList *l = members; l; l = l->next)
        if (g_hash_table_add (fields, l->data))
          g_ptr_array_add (order, l->data);
    }
  if (g_strcmp0 (c->op, "delete") == 0)
    {
      gtk_grid_attach (GTK_GRID (grid), cell (_("(whole record)"), FALSE, TRUE), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (_("Deleted"), TRUE, FALSE), 1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (_("Kept"), FALSE, FALSE), 2, row++, 1, 1);
    }
  for (guint i = 0; i < order->len; i++)
    {
      const char *f = g_ptr_array_index (order, i);
      g_autofree char *a = value_text (mine, f);
      g_autofree char *b = c->problem ? g_strdup ("") : value_text (theirs, f);
      gboolean differs = !c->problem && g_strcmp0 (a, b) != 0;

      gtk_grid_attach (GTK_GRID (grid), cell (f, FALSE, TRUE), 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (a, differs, FALSE), 1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (b, differs, FALSE), 2, row++, 1, 1);
    }
  gtk_box_append (GTK_BOX (card), grid);

  keep = gtk_button_new_with_mnemonic (_("_Keep Mine"));
  take = gtk_button_new_with_mnemonic (c->problem ? _("_Discard My Edit") : _("_Take Theirs"));
  gtk_widget_set_tooltip_text (keep, _("Send your version again, over the server's"));
  gtk_widget_set_tooltip_text (take, _("Replace your version with the server's"));
  gtk_widget_set_sensitive (keep, c->problem == NULL);
  g_object_set_data (G_OBJECT (keep), "conflict-id", GSIZE_TO_POINTER ((gsize) c->id));
  g_object_set_data (G_OBJECT (take), "conflict-id", GSIZE_TO_POINTER ((gsize) c->id));
  g_signal_connect (keep, "clicked", G_CALLBACK (on_keep_mine_cb), self);
  g_signal_connect (take, "clicked", G_CALLBACK (on_take_theirs_cb), self);
  gtk_widget_add_css_class (keep, "suggested-action");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  g_object_set (buttons, "margin-bottom", 12, "margin-end", 12, NULL);
  gtk_box_append (GTK_BOX (buttons), take);
  gtk_box_append (GTK_BOX (buttons), keep);
  gtk_box_append (GTK_BOX (card), buttons);
  return card;
}

void
heeyu_sync_conflicts_page_reload (HeeyuSyncConflictsPage *self)
{
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *child;
  sqlite3 *db;

  g_return_if_fail (HEEYU_IS_SYNC_CONFLICTS_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_box_remove (self->list, child);

  if ((db = open_db (self)))
    {
      list = heeyu_conflicts_list (db, NULL);
      sqlite3_close (db);
    }
  self->shown = list ? list->len : 0;
  for (guint i = 0; list && i < list->len; i++)
    gtk_box_append (self->list, conflict_card (self, g_ptr_array_index (list, i)));
  gtk_stack_set_visible_child_name (self->stack, self->shown > 0 ? "list" : "empty");

  /* The view is in the switcher only while there is something to decide. */
  {
    GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
    AdwViewStackPage *page = stack ? adw_view_stack_get_page (ADW_VIEW_STACK (stack), GTK_WIDGET (self)) : NULL;

    if (page)
      {
        adw_view_stack_page_set_visible (page, self->shown > 0);
        adw_view_stack_page_set_needs_attention (page, self->shown > 0);
        adw_view_stack_page_set_badge_number (page, self->shown);
      }
  }
}

static void
on_state_cb (HeeyuSyncController    *controller,
             GParamSpec             *pspec,
             HeeyuSyncConflictsPage *self)
{
  if (heeyu_sync_controller_get_conflicts (controller) != self->shown)
    heeyu_sync_conflicts_page_reload (self);
}

static void
heeyu_sync_conflicts_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (heeyu_sync_conflicts_page_parent_class)->root (widget);
  heeyu_sync_conflicts_page_reload (HEEYU_SYNC_CONFLICTS_PAGE (widget));
}

static void
heeyu_sync_conflicts_page_dispose (GObject *object)
{
  HeeyuSyncConflictsPage *self = HEEYU_SYNC_CONFLICTS_PAGE (object);

  g_clear_object (&self->controller);
  G_OBJECT_CLASS (heeyu_sync_conflicts_page_parent_class)->dispose (object);
}

static void
heeyu_sync_conflicts_page_class_init (HeeyuSyncConflictsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_sync_conflicts_page_dispose;
  widget_class->root = heeyu_sync_conflicts_page_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/heeyu-sync-conflicts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncConflictsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuSyncConflictsPage, list);
}

static void
heeyu_sync_conflicts_page_init (HeeyuSyncConflictsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->controller = g_object_ref (heeyu_sync_controller_get_default ());
  g_signal_connect_object (self->controller, "notify::state", G_CALLBACK (on_state_cb), self, 0);
}
