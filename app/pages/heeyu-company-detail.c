/* heeyu-company-detail.c: everything about one company, its notes and
 * its neighbours
 *
 * The fields come from the record's JSON (HeeyuCompany keeps it); notes and
 * drafts go through heeyu-notes.h, which writes at once; the neighbours
 * (same complex, same metals) are HeeyuCompanyQuery runs in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "heeyu-company-detail.h"
#include "heeyu-company-editor.h"
#include "heeyu-company-query.h"
#include "heeyu-format.h"
#include "heeyu-metal.h"
#include "heeyu-notes.h"
#include "heeyu-sync-controller.h"
#include "heeyu-window.h"

/* Neighbours listed in each group before "Show All". */
#define N_NEIGHBOURS 5
/* A pause in typing after which the note is saved as a draft. */
#define DRAFT_DELAY_MS 400

struct _HeeyuCompanyDetail
{
  GtkWidget       parent_instance;

  HeeyuCache     *cache;
  HeeyuCompany   *company;
  JsonObject     *data;
  GHashTable     *metal_names;     /* code -> display name */
  GPtrArray      *property_rows;   /* (group, row) pairs to remove on change */
  GCancellable   *related_cancellable;
  GtkWindow      *window;          /* whose close-request saves the draft */
  gulong          close_handler;
  guint           draft_timeout;
  gboolean        loading_draft;

  /* Template widgets */
  GtkStack       *stack;
  GtkWidget      *back_button;
  GtkWidget      *close_button;
  GtkScrolledWindow *scrolled;
  GtkLabel       *name_label;
  GtkLabel       *name_alt_label;
  GtkLabel       *specialized_badge;
  GtkLabel       *pending_badge;
  GtkWidget      *website_button;
  GtkWidget      *email_button;
  GtkWidget      *edit_button;
  AdwPreferencesGroup *company_group;
  AdwPreferencesGroup *location_group;
  AdwPreferencesGroup *activity_group;
  AdwPreferencesGroup *contact_group;
  GtkTextView    *note_view;
  GtkWidget      *note_placeholder;
  GtkDropDown    *status_dropdown;
  GtkLabel       *draft_label;
  GtkWidget      *add_note_button;
  GtkListBox     *notes_list;
  GtkWidget      *complex_group;
  GtkListBox     *complex_list;
  GtkWidget      *metals_group;
  GtkListBox     *metals_list;
};

G_DEFINE_FINAL_TYPE (HeeyuCompanyDetail, heeyu_company_detail, GTK_TYPE_WIDGET)

enum { SHOW_FILTER, BACK, CLOSE, COMPANY_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void load_company (HeeyuCompanyDetail *self);

/* --- reading the record ---------------------------------------------- */

static const char *
data_string (HeeyuCompanyDetail *self,
             const char         *member)
{
  JsonNode *node;

  if (self->data == NULL || (node = json_object_get_member (self->data, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (node) != '\0' ? json_node_get_string (node) : NULL;
}

static gboolean
data_number (HeeyuCompanyDetail *self,
             const char         *member,
             gint64             *value)
{
  JsonNode *node;

  if (self->data == NULL || (node = json_object_get_member (self->data, member)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *value = (gint64) json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

/* The strings of an array member, mapped through @label (may be NULL). */
static char *
data_list (HeeyuCompanyDetail  *self,
           const char          *member,
           const char        *(*label) (const char *))
{
  JsonNode *node;
  JsonArray *array;
  GString *s = g_string_new (NULL);

  if (self->data != NULL && (node = json_object_get_member (self->data, member)) != NULL
      && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          const char *text;

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            continue;
          text = json_node_get_string (item);
          if (s->len > 0)
            g_string_append (s, ", ");
          g_string_append (s, label != NULL ? label (text) : text);
        }
    }

  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static const char *
metal_name (HeeyuCompanyDetail *self,
            const char         *code)
{
  const char *name = self->metal_names != NULL ? g_hash_table_lookup (self->metal_names, code) : NULL;

  return name != NULL ? name : code;
}

static void
load_metal_names (HeeyuCompanyDetail *self)
{
  g_autoptr(GListModel) metals = NULL;
  gboolean korean = heeyu_format_prefers_korean ();

  g_clear_pointer (&self->metal_names, g_hash_table_unref);
  if (self->cache == NULL || (metals = heeyu_cache_list_metals (self->cache, NULL)) == NULL)
    return;

  self->metal_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < g_list_model_get_n_items (metals); i++)
    {
      g_autoptr(HeeyuMetal) metal = g_list_model_get_item (metals, i);
      const char *name = korean ? heeyu_metal_get_name_ko (metal) : heeyu_metal_get_name_en (metal);

      g_hash_table_insert (self->metal_names, g_strdup (heeyu_metal_get_code (metal)),
                           g_strdup (name != NULL ? name : heeyu_metal_get_code (metal)));
    }
}

/* --- property rows ----------------------------------------------------- */

static void
clear_properties (HeeyuCompanyDetail *self)
{
  for (guint i = 0; i + 1 < self->property_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->property_rows, i),
                                  g_ptr_array_index (self->property_rows, i + 1));
  g_ptr_array_set_size (self->property_rows, 0);
}

/* A row that reads "Field" small and dim, the value below it, selectable
 * so any part of it can be copied. */
static GtkWidget *
add_property_widget (HeeyuCompanyDetail  *self,
                     AdwPreferencesGroup *group,
                     const char          *title,
                     GtkWidget           *value)
{
  /* A preferences row, so the group draws it in its card. */
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (row, "property-row");
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), value);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->property_rows, group);
  g_ptr_array_add (self->property_rows, row);

  return row;
}

static void
add_property (HeeyuCompanyDetail  *self,
              AdwPreferencesGroup *group,
              const char          *title,
              const char          *value)
{
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return;

  label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  add_property_widget (self, group, title, label);
}

static void
add_metal_links (HeeyuCompanyDetail *self)
{
  JsonNode *node;
  JsonArray *array;
  GtkWidget *flow;

  if (self->data == NULL || (node = json_object_get_member (self->data, "metals")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return;

  array = json_node_get_array (node);
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 12);
  gtk_widget_set_margin_top (flow, 4);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *code = json_array_get_string_element (array, i);
      g_autofree char *text = NULL;
      g_autofree char *tooltip = NULL;
      GtkWidget *button;

      if (code == NULL)
        continue;

      text = g_strcmp0 (metal_name (self, code), code) == 0
             ? g_strdup (code) : g_strdup_printf ("%s %s", code, metal_name (self, code));
      button = gtk_button_new_with_label (text);
      gtk_widget_add_css_class (button, "metal-link");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-metal");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", code);
      /* TRANSLATORS: tooltip of a metal link; %s is the metal's name */
      tooltip = g_strdup_printf (_("Show %s in the overview"), metal_name (self, code));
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }

  add_property_widget (self, self->activity_group, _("Metals"), flow);
}

static char *
format_number (HeeyuCompanyDetail *self,
               const char         *member)
{
  gint64 value;

  if (!data_number (self, member, &value) || value < 0)
    return NULL;
  return heeyu_format_count (value);
}

static gboolean
specialized (HeeyuCompanyDetail *self,
             gint64             *year)
{
  JsonNode *node;
  JsonObject *object;

  *year = 0;
  if (self->data == NULL || (node = json_object_get_member (self->data, "specialized")) == NULL
      || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  if (json_object_has_member (object, "year"))
    *year = json_object_get_int_member_with_default (object, "year", 0);
  return json_object_get_boolean_member_with_default (object, "designated", FALSE);
}

static void
fill_properties (HeeyuCompanyDetail *self)
{
  const char *ko = data_string (self, "name_ko");
  const char *en = data_string (self, "name_en");
  gboolean korean = heeyu_format_prefers_korean ();
  const char *primary = korean || en == NULL ? ko : en;
  const char *secondary = primary == ko ? en : ko;
  g_autofree char *founded = NULL, *employees = NULL, *revenue = NULL;
  g_autofree char *stages = NULL, *certifications = NULL, *region = NULL;
  gint64 year;

  clear_properties (self);

  gtk_label_set_text (self->name_label, primary != NULL ? primary : "");
  gtk_label_set_text (self->name_alt_label, secondary != NULL ? secondary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_alt_label), secondary != NULL);

  if (specialized (self, &year))
    {
      g_autofree char *badge = year > 0
        /* TRANSLATORS: badge; %d is the year of designation */
        ? g_strdup_printf (_("Specialized materials & parts company since %d"), (int) year)
        : g_strdup (_("Specialized materials & parts company"));

      gtk_label_set_text (self->specialized_badge, badge);
      gtk_widget_set_visible (GTK_WIDGET (self->specialized_badge), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->specialized_badge), FALSE);

  add_property (self, self->company_group, _("Korean Name"), ko);
  add_property (self, self->company_group, _("English Name"), en);
  add_property (self, self->company_group, _("Business Number"), data_string (self, "reg_no"));
  if (data_number (self, "founded", &year) && year > 0)
    founded = g_strdup_printf ("%d", (int) year);
  add_property (self, self->company_group, _("Founded"), founded);
  employees = format_number (self, "employees");
  add_property (self, self->company_group, _("Employees"), employees);
  if ((revenue = format_number (self, "revenue_krw_m")) != NULL)
    {
      /* TRANSLATORS: revenue; %s is a number of millions of won */
      char *text = g_strdup_printf (_("₩%s million"), revenue);

      g_free (revenue);
      revenue = text;
    }
  add_property (self, self->company_group, _("Revenue"), revenue);
  certifications = data_list (self, "certifications", NULL);
  add_property (self, self->company_group, _("Certifications"), certifications);

  if (data_string (self, "region") != NULL)
    region = g_strdup (heeyu_format_region (data_string (self, "region")));
  add_property (self, self->location_group, _("Region"), region);
  add_property (self, self->location_group, _("City"), heeyu_format_place (data_string (self, "city")));
  add_property (self, self->location_group, _("Address"), data_string (self, "address"));
  add_property (self, self->location_group, _("Industrial Complex"),
                heeyu_format_place (data_string (self, "complex")));

  stages = data_list (self, "stages", heeyu_format_stage);
  add_property (self, self->activity_group, _("Value-Chain Stages"), stages);
  add_metal_links (self);
  add_property (self, self->activity_group, _("Products"), data_string (self, "products"));

  add_property (self, self->contact_group, _("Website"), data_string (self, "website"));
  add_property (self, self->contact_group, _("Email"), data_string (self, "email"));
  add_property (self, self->contact_group, _("Phone"), data_string (self, "phone"));

  gtk_widget_set_visible (self->website_button, data_string (self, "website") != NULL);
  gtk_widget_set_tooltip_text (self->website_button, data_string (self, "website"));
  gtk_widget_set_visible (self->email_button, data_string (self, "email") != NULL);
  gtk_widget_set_tooltip_text (self->email_button, data_string (self, "email"));
  gtk_widget_set_visible (self->edit_button, self->cache != NULL && heeyu_notes_can_edit (self->cache));
  gtk_widget_set_visible (GTK_WIDGET (self->pending_badge),
                          self->cache != NULL
                          && heeyu_outbox_has_pending (heeyu_cache_get_db (self->cache), "company",
                                                       heeyu_company_get_id (self->company)));

  /* Each group only where there is something in it. */
  gtk_widget_set_visible (GTK_WIDGET (self->contact_group),
                          data_string (self, "website") || data_string (self, "email")
                          || data_string (self, "phone"));
  gtk_widget_set_visible (GTK_WIDGET (self->location_group),
                          region || data_string (self, "city") || data_string (self, "address")
                          || data_string (self, "complex"));
}

/* The company as plain text, for the clipboard. */
static char *
details_as_text (HeeyuCompanyDetail *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i + 1 < self->property_rows->len; i += 2)
    {
      GtkWidget *row = g_ptr_array_index (self->property_rows, i + 1);
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *title = gtk_widget_get_first_child (box);
      GtkWidget *value = gtk_widget_get_next_sibling (title);
      g_autofree char *metals = NULL;
      const char *text;

      if (GTK_IS_LABEL (value))
        text = gtk_label_get_text (GTK_LABEL (value));
      else
        text = metals = data_list (self, "metals", NULL);
      g_string_append_printf (s, "%s: %s\n", gtk_label_get_text (GTK_LABEL (title)), text);
    }

  return g_string_free (s, FALSE);
}

/* --- notes ----------------------------------------------------------------- */

static GtkWidget *
create_note_row (const HeeyuNote *note)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *body = gtk_label_new (note->body);
  GtkWidget *meta = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *status = gtk_label_new (heeyu_note_status_get_label (note->status));
  GtkWidget *byline;
  g_autoptr(GDateTime) when = note->updated_at != NULL ? g_date_time_new_from_iso8601 (note->updated_at, NULL) : NULL;
  g_autoptr(GDateTime) local = when != NULL ? g_date_time_to_local (when) : NULL;
  g_autofree char *date = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
  g_autofree char *by = NULL;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "note-row");
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  /* Status and sync state first, the text, then who and when. */
  gtk_widget_add_css_class (status, "list-badge");
  if (note->status == HEEYU_NOTE_STATUS_NEEDS_UPDATE)
    gtk_widget_add_css_class (status, "critical");
  gtk_widget_set_hexpand (status, FALSE);
  gtk_widget_set_halign (status, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (meta), status);
  gtk_box_append (GTK_BOX (box), meta);

  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (box), body);

  /* TRANSLATORS: under a note: author · date */
  by = date != NULL ? g_strdup_printf (_("%s · %s"), note->author != NULL ? note->author : "", date)
                    : g_strdup (note->author != NULL ? note->author : "");
  byline = gtk_label_new (by);
  gtk_label_set_wrap (GTK_LABEL (byline), TRUE);
  gtk_label_set_xalign (GTK_LABEL (byline), 0);
  gtk_widget_add_css_class (byline, "dim-label");
  gtk_widget_add_css_class (byline, "caption");
  gtk_box_append (GTK_BOX (box), byline);

  if (note->pending)
    {
      GtkWidget *pending = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-synchronizing-symbolic");
      GtkWidget *label = gtk_label_new (_("Not yet synced"));

      gtk_widget_add_css_class (pending, "pending-badge");
      gtk_widget_set_hexpand (pending, TRUE);
      gtk_widget_set_halign (pending, GTK_ALIGN_END);
      gtk_widget_set_tooltip_text (pending, _("Saved on this computer; it will be sent at the next sync"));
      gtk_box_append (GTK_BOX (pending), icon);
      gtk_box_append (GTK_BOX (pending), label);
      gtk_box_append (GTK_BOX (meta), pending);
      g_object_set_data (G_OBJECT (row), "pending", pending);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "note-id", g_strdup (note->id), g_free);

  return row;
}

static void
load_notes (HeeyuCompanyDetail *self)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))) != NULL)
    gtk_list_box_remove (self->notes_list, child);

  if (self->cache == NULL || self->company == NULL)
    return;

  notes = heeyu_notes_list (self->cache, "company", heeyu_company_get_id (self->company), &error);
  if (notes == NULL)
    {
      g_warning ("Cannot list the notes of %s: %s", heeyu_company_get_id (self->company), error->message);
      return;
    }

  for (guint i = 0; i < notes->len; i++)
    gtk_list_box_append (self->notes_list, create_note_row (g_ptr_array_index (notes, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), notes->len > 0);
}

static char *
composer_text (HeeyuCompanyDetail *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
heeyu_company_detail_save_draft (HeeyuCompanyDetail *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HEEYU_IS_COMPANY_DETAIL (self));

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (self->cache == NULL || self->company == NULL)
    return;

  text = composer_text (self);
  if (!heeyu_draft_save (self->cache, "note", heeyu_company_get_id (self->company), text, &error))
    {
      /* Say it where the user types: the text is still in the box. */
      g_autofree char *message = g_strdup_printf (_("The draft could not be saved: %s"), error->message);

      gtk_label_set_text (self->draft_label, message);
      return;
    }

  gtk_label_set_text (self->draft_label, *text != '\0' ? _("Draft saved") : "");
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  HeeyuCompanyDetail *self = user_data;

  self->draft_timeout = 0;
  heeyu_company_detail_save_draft (self);
  return G_SOURCE_REMOVE;
}

static void
on_note_buffer_changed_cb (HeeyuCompanyDetail *self,
                           GtkTextBuffer      *buffer)
{
  g_autofree char *text = composer_text (self);

  gtk_widget_set_visible (self->note_placeholder, text[0] == '\0');
  gtk_widget_set_sensitive (self->add_note_button, g_strstrip (text)[0] != '\0');
  if (self->loading_draft)
    return;

  gtk_label_set_text (self->draft_label, "");
  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
}

gboolean
heeyu_company_detail_add_note (HeeyuCompanyDetail *self)
{
  g_autofree char *text = NULL;
  g_autoptr(HeeyuNote) note = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  g_return_val_if_fail (HEEYU_IS_COMPANY_DETAIL (self), FALSE);

  if (self->cache == NULL || self->company == NULL)
    return FALSE;

  text = composer_text (self);
  if (g_strstrip (text)[0] == '\0')
    return FALSE;

  note = heeyu_notes_add (self->cache, "company", heeyu_company_get_id (self->company),
                          text, gtk_drop_down_get_selected (self->status_dropdown),
                          NULL, &error);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (note == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The note could not be saved: %s"), error->message);

      /* The text stays in the box and in the draft. */
      heeyu_company_detail_save_draft (self);
      if (HEEYU_IS_WINDOW (root))
        heeyu_window_add_toast (HEEYU_WINDOW (root), message);
      return FALSE;
    }

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  heeyu_draft_clear (self->cache, "note", heeyu_company_get_id (self->company), NULL);
  self->loading_draft = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  self->loading_draft = FALSE;
  gtk_drop_down_set_selected (self->status_dropdown, HEEYU_NOTE_STATUS_OPEN);
  gtk_label_set_text (self->draft_label, "");

  load_notes (self);
  if (HEEYU_IS_WINDOW (root))
    heeyu_window_add_toast (HEEYU_WINDOW (root), _("Note saved; it will be sent at the next sync"));
  return TRUE;
}

static void
on_add_note_clicked_cb (HeeyuCompanyDetail *self,
                        GtkButton          *button)
{
  heeyu_company_detail_add_note (self);
}

static gboolean
on_note_ctrl_enter_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  heeyu_company_detail_add_note (HEEYU_COMPANY_DETAIL (user_data));
  return TRUE;
}

static void
load_draft (HeeyuCompanyDetail *self)
{
  g_autofree char *draft = NULL;

  if (self->cache != NULL && self->company != NULL)
    draft = heeyu_draft_load (self->cache, "note", heeyu_company_get_id (self->company));

  self->loading_draft = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), draft != NULL ? draft : "", -1);
  self->loading_draft = FALSE;
  gtk_label_set_text (self->draft_label, draft != NULL ? _("Draft restored") : "");
}

/* --- neighbours ------------------------------------------------------------ */

typedef struct
{
  HeeyuCache *cache;
  gint64      rowid;
  char       *complex;
  char      **metals;
  /* results */
  GPtrArray  *same_complex;
  guint       n_same_complex;
  GPtrArray  *same_metals;
  guint       n_same_metals;
} Related;

static void
related_free (Related *related)
{
  g_clear_object (&related->cache);
  g_free (related->complex);
  g_strfreev (related->metals);
  g_clear_pointer (&related->same_complex, g_ptr_array_unref);
  g_clear_pointer (&related->same_metals, g_ptr_array_unref);
  g_free (related);
}

static gboolean
find_neighbours (sqlite3            *db,
                 HeeyuCompanyFacet   facet,
                 const char * const *values,
                 gint64              self_rowid,
                 GPtrArray         **companies,
                 guint              *total,
                 GError            **error)
{
  g_autoptr(GArray) ids = NULL;

  *companies = g_ptr_array_new_with_free_func (g_object_unref);
  if (!heeyu_company_neighbours (db, facet, values, self_rowid, N_NEIGHBOURS, &ids, total, error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      HeeyuCompany *company = heeyu_company_load (db, g_array_index (ids, gint64, i));

      if (company != NULL)
        g_ptr_array_add (*companies, company);
    }
  return TRUE;
}

static void
related_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Related *related = task_data;
  g_autoptr(GError) error = NULL;
  const char *complex[] = { related->complex, NULL };
  sqlite3 *db = heeyu_cache_open_connection (related->cache, &error);

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!find_neighbours (db, HEEYU_COMPANY_FACET_COMPLEX, related->complex != NULL ? complex : NULL,
                        related->rowid, &related->same_complex, &related->n_same_complex, &error)
      || !find_neighbours (db, HEEYU_COMPANY_FACET_METAL, (const char * const *) related->metals,
                           related->rowid, &related->same_metals, &related->n_same_metals, &error))
    {
      sqlite3_close (db);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sqlite3_close (db);
  g_task_return_boolean (task, TRUE);
}

static void
on_neighbour_activated_cb (HeeyuCompanyDetail *self,
                           GtkListBoxRow      *row,
                           GtkListBox         *list)
{
  HeeyuCompany *company = g_object_get_data (G_OBJECT (row), "company");

  if (company != NULL)
    {
      heeyu_company_detail_show (self, company);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
    }
}

static void
on_show_all_clicked_cb (GtkButton          *button,
                        HeeyuCompanyDetail *self)
{
  int facet = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "facet"));
  char **values = g_object_get_data (G_OBJECT (button), "values");

  g_signal_emit (self, signals[SHOW_FILTER], 0, facet, values);
}

static void
fill_neighbours (HeeyuCompanyDetail *self,
                 GtkWidget          *group,
                 GtkListBox         *list,
                 GPtrArray          *companies,
                 guint               total,
                 HeeyuCompanyFacet   facet,
                 const char * const *values)
{
  GtkWidget *child, *button;
  gboolean korean = heeyu_format_prefers_korean ();

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = 0; companies != NULL && i < companies->len; i++)
    {
      HeeyuCompany *company = g_ptr_array_index (companies, i);
      const char *en = heeyu_company_get_name_en (company);
      const char *name = korean || en == NULL || *en == '\0' ? heeyu_company_get_name_ko (company) : en;
      const char * const *metals = heeyu_company_get_metals (company);
      g_autofree char *metal_text = metals != NULL ? g_strjoinv (", ", (char **) metals) : g_strdup ("");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s",
                                                   heeyu_format_region (heeyu_company_get_region (company)),
                                                   metal_text);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "company", g_object_ref (company), g_object_unref);
      gtk_list_box_append (list, row);
    }

  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), NULL);
  if (total > (companies != NULL ? companies->len : 0))
    {
      g_autofree char *label = NULL;

      /* TRANSLATORS: button beside "In the Same Complex"; %u companies */
      label = g_strdup_printf (_("Show All %u"), total);
      button = gtk_button_new_with_label (label);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Show them in the directory"));
      g_object_set_data (G_OBJECT (button), "facet", GINT_TO_POINTER (facet));
      g_object_set_data_full (G_OBJECT (button), "values",
                              g_strdupv ((char **) values), (GDestroyNotify) g_strfreev);
      g_signal_connect (button, "clicked", G_CALLBACK (on_show_all_clicked_cb), self);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
    }

  gtk_widget_set_visible (group, companies != NULL && companies->len > 0);
}

static void
on_related_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  HeeyuCompanyDetail *self = user_data;
  Related *related = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  const char *complex[] = { related->complex, NULL };

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot find the neighbours of a company: %s", error->message);
      return;
    }

  fill_neighbours (self, self->complex_group, self->complex_list, related->same_complex,
                   related->n_same_complex, HEEYU_COMPANY_FACET_COMPLEX, complex);
  fill_neighbours (self, self->metals_group, self->metals_list, related->same_metals,
                   related->n_same_metals, HEEYU_COMPANY_FACET_METAL,
                   (const char * const *) related->metals);
}

static void
load_related (HeeyuCompanyDetail *self)
{
  g_autoptr(GTask) task = NULL;
  Related *related;
  const char *complex;

  g_cancellable_cancel (self->related_cancellable);
  g_clear_object (&self->related_cancellable);
  gtk_widget_set_visible (self->complex_group, FALSE);
  gtk_widget_set_visible (self->metals_group, FALSE);
  if (self->cache == NULL || self->company == NULL)
    return;

  complex = heeyu_company_get_complex (self->company);
  related = g_new0 (Related, 1);
  related->cache = g_object_ref (self->cache);
  related->rowid = heeyu_company_get_rowid (self->company);
  related->complex = complex != NULL && *complex != '\0' ? g_strdup (complex) : NULL;
  related->metals = g_strdupv ((char **) heeyu_company_get_metals (self->company));

  self->related_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->related_cancellable, on_related_done_cb, self);
  g_task_set_task_data (task, related, (GDestroyNotify) related_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, related_thread);
}

/* --- actions ------------------------------------------------------------------ */

static void
toast (HeeyuCompanyDetail *self,
       const char         *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (HEEYU_IS_WINDOW (root))
    heeyu_window_add_toast (HEEYU_WINDOW (root), message);
}

static void
on_copy_clicked_cb (HeeyuCompanyDetail *self,
                    GtkButton          *button)
{
  g_autofree char *text = details_as_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, _("Company details copied"));
}

static void
on_website_clicked_cb (HeeyuCompanyDetail *self,
                       GtkButton          *button)
{
  const char *website = data_string (self, "website");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *uri = NULL;

  if (website == NULL)
    return;
  uri = strstr (website, "://") != NULL ? g_strdup (website) : g_strconcat ("https://", website, NULL);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
on_email_clicked_cb (HeeyuCompanyDetail *self,
                     GtkButton          *button)
{
  const char *email = data_string (self, "email");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *escaped = NULL, *uri = NULL;

  if (email == NULL)
    return;
  escaped = g_uri_escape_string (email, "@", FALSE);
  uri = g_strconcat ("mailto:", escaped, NULL);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
on_editor_saved_cb (HeeyuCompanyDetail *self,
                    GtkWidget          *editor)
{
  load_company (self);
  g_signal_emit (self, signals[COMPANY_CHANGED], 0);
}

static void
on_edit_clicked_cb (HeeyuCompanyDetail *self,
                    GtkButton          *button)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *editor;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->company == NULL)
    return;

  editor = heeyu_company_editor_new (self->cache, heeyu_company_get_id (self->company), &error);
  if (editor == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This company cannot be edited: %s"), error->message);

      toast (self, message);
      return;
    }

  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved_cb), self, G_CONNECT_SWAPPED);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_back_clicked_cb (HeeyuCompanyDetail *self,
                    GtkButton          *button)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
on_close_clicked_cb (HeeyuCompanyDetail *self,
                     GtkButton          *button)
{
  g_signal_emit (self, signals[CLOSE], 0);
}

/* --- life cycle ----------------------------------------------------------------- */

static void
load_company (HeeyuCompanyDetail *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(HeeyuCompany) fresh = NULL;

  /* After an edit the stored record is newer than the object in hand. */
  if (self->cache != NULL && self->company != NULL
      && (fresh = heeyu_company_load (heeyu_cache_get_db (self->cache),
                                      heeyu_company_get_rowid (self->company))) != NULL)
    g_set_object (&self->company, fresh);

  g_clear_pointer (&self->data, json_object_unref);
  if (self->company != NULL && heeyu_company_get_data_json (self->company) != NULL
      && json_parser_load_from_data (parser, heeyu_company_get_data_json (self->company), -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    self->data = json_object_ref (json_node_get_object (json_parser_get_root (parser)));

  fill_properties (self);
}

static gboolean
on_window_close_request_cb (HeeyuCompanyDetail *self,
                            GtkWindow          *window)
{
  heeyu_company_detail_save_draft (self);
  return FALSE;
}

static void
heeyu_company_detail_root (GtkWidget *widget)
{
  HeeyuCompanyDetail *self = HEEYU_COMPANY_DETAIL (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (heeyu_company_detail_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->window = GTK_WINDOW (root);
      self->close_handler = g_signal_connect_object (root, "close-request",
                                                     G_CALLBACK (on_window_close_request_cb),
                                                     self, G_CONNECT_SWAPPED);
    }
}

static void
heeyu_company_detail_unroot (GtkWidget *widget)
{
  HeeyuCompanyDetail *self = HEEYU_COMPANY_DETAIL (widget);

  heeyu_company_detail_save_draft (self);
  if (self->window != NULL)
    g_clear_signal_handler (&self->close_handler, self->window);
  self->window = NULL;

  GTK_WIDGET_CLASS (heeyu_company_detail_parent_class)->unroot (widget);
}

static void
heeyu_company_detail_dispose (GObject *object)
{
  HeeyuCompanyDetail *self = HEEYU_COMPANY_DETAIL (object);
  GtkWidget *child;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  g_cancellable_cancel (self->related_cancellable);
  g_clear_object (&self->related_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HEEYU_TYPE_COMPANY_DETAIL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->data, json_object_unref);
  g_clear_pointer (&self->metal_names, g_hash_table_unref);
  g_clear_pointer (&self->property_rows, g_ptr_array_unref);
  g_clear_object (&self->company);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (heeyu_company_detail_parent_class)->dispose (object);
}

static void
heeyu_company_detail_class_init (HeeyuCompanyDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = heeyu_company_detail_dispose;
  widget_class->root = heeyu_company_detail_root;
  widget_class->unroot = heeyu_company_detail_unroot;

  signals[SHOW_FILTER] = g_signal_new ("show-filter", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRV);
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[COMPANY_CHANGED] = g_signal_new ("company-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/heeyu-company-detail.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, back_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, close_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, scrolled);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, name_alt_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, specialized_badge);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, pending_badge);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, website_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, email_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, edit_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, company_group);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, location_group);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, activity_group);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, contact_group);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, note_view);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, note_placeholder);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, draft_label);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, add_note_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, notes_list);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, complex_group);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, complex_list);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, metals_group);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyDetail, metals_list);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_website_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_email_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_edit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_note_clicked_cb);

  /* Alt+Left goes back to the list when stacked, as in other GNOME apps. */
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "back", NULL);
}

/* A sync sends the notes marked "Not yet synced" and brings others'
 * notes: read them again, even after a failure (the push may have gone
 * through before the pull failed). */
static void
on_sync_finished_cb (HeeyuCompanyDetail *self,
                     gboolean            ok,
                     const char         *message,
                     GObject            *controller)
{
  load_notes (self);
}

static void
heeyu_company_detail_init (HeeyuCompanyDetail *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->property_rows = g_ptr_array_new ();

  for (guint i = 0; i < HEEYU_NOTE_N_STATUSES; i++)
    gtk_string_list_append (statuses, heeyu_note_status_get_label (i));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  g_signal_connect_object (gtk_text_view_get_buffer (self->note_view), "changed",
                           G_CALLBACK (on_note_buffer_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New note"), -1);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return"),
                                                          gtk_callback_action_new (on_note_ctrl_enter_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->note_view), shortcuts);

  g_signal_connect_object (self->complex_list, "row-activated",
                           G_CALLBACK (on_neighbour_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->metals_list, "row-activated",
                           G_CALLBACK (on_neighbour_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (heeyu_sync_controller_get_default (), "finished",
                           G_CALLBACK (on_sync_finished_cb), self, G_CONNECT_SWAPPED);
}

void
heeyu_company_detail_set_cache (HeeyuCompanyDetail *self,
                                HeeyuCache         *cache)
{
  g_return_if_fail (HEEYU_IS_COMPANY_DETAIL (self));

  if (self->cache == cache)
    return;

  heeyu_company_detail_save_draft (self);
  g_set_object (&self->cache, cache);
  load_metal_names (self);
}

void
heeyu_company_detail_show (HeeyuCompanyDetail *self,
                           HeeyuCompany       *company)
{
  g_return_if_fail (HEEYU_IS_COMPANY_DETAIL (self));

  if (company != NULL && self->company != NULL
      && heeyu_company_get_rowid (company) == heeyu_company_get_rowid (self->company))
    return;

  heeyu_company_detail_save_draft (self);
  g_set_object (&self->company, company);

  if (company == NULL)
    {
      load_related (self);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  load_company (self);
  load_notes (self);
  load_draft (self);
  load_related (self);
  gtk_drop_down_set_selected (self->status_dropdown, HEEYU_NOTE_STATUS_OPEN);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  gtk_stack_set_visible_child_name (self->stack, "company");
}

HeeyuCompany *
heeyu_company_detail_get_company (HeeyuCompanyDetail *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_DETAIL (self), NULL);

  return self->company;
}

void
heeyu_company_detail_set_folded (HeeyuCompanyDetail *self,
                                 gboolean            folded)
{
  g_return_if_fail (HEEYU_IS_COMPANY_DETAIL (self));

  /* Stacked, the way out is back to the list; side by side, closing the
   * pane gives the list its room back. */
  gtk_widget_set_visible (self->back_button, folded);
  gtk_widget_set_visible (self->close_button, !folded);
}

GtkTextBuffer *
heeyu_company_detail_get_note_buffer (HeeyuCompanyDetail *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_DETAIL (self), NULL);

  return gtk_text_view_get_buffer (self->note_view);
}

GtkListBox *
heeyu_company_detail_get_notes_list (HeeyuCompanyDetail *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_DETAIL (self), NULL);

  return self->notes_list;
}
