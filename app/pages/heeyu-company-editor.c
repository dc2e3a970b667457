/* heeyu-company-editor.c: the form an editor changes a company's record in
 *
 * One entry per field; the core validates each as it is typed and the
 * message shows right under the field; Save stays off while any field is
 * invalid or nothing changed.  Every change is kept as a draft, so closing
 * the form (or the app) loses nothing: the next time it opens, the changes
 * are back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-company-edit.h"
#include "heeyu-company-editor.h"
#include "heeyu-format.h"
#include "heeyu-notes.h"
#include "heeyu-window.h"

#define DRAFT_DELAY_MS 400

typedef struct
{
  const char *title;
  const char *fields[8];
} FieldGroup;

/* Form order: who the company is, then where, what, how to reach it. */
static const FieldGroup field_groups[] = {
  { N_("Company"), { "name_ko", "name_en", "reg_no", "founded", "employees", "revenue_krw_m", NULL } },
  { N_("Designation"), { "specialized", "specialized_year", "certifications", NULL } },
  { N_("Location"), { "region", "city", "address", "complex", NULL } },
  { N_("Activity"), { "stages", "metals", "products", NULL } },
  { N_("Contact"), { "website", "email", "phone", NULL } },
};

static const char * const region_codes[] = {
  "KR-11", "KR-26", "KR-27", "KR-28", "KR-29", "KR-30", "KR-31", "KR-50", "KR-41",
  "KR-42", "KR-43", "KR-44", "KR-45", "KR-46", "KR-47", "KR-48", "KR-49",
};

static const char * const specialized_values[] = { "", "yes", "no" };

typedef struct
{
  char      *field;
  GtkWidget *row;       /* AdwEntryRow or AdwComboRow */
  GtkWidget *message;   /* the label under it */
} Field;

struct _HeeyuCompanyEditor
{
  AdwWindow         parent_instance;

  HeeyuCache       *cache;
  HeeyuCompanyEdit *edit;
  GPtrArray        *fields;      /* of Field */
  GHashTable       *invalid;     /* field -> message, of the last validation */
  guint             draft_timeout;
  gboolean          filling;

  /* Template widgets */
  GtkWidget        *save_button;
  GtkRevealer      *draft_revealer;
  GtkBox           *fields_box;
  GtkLabel         *status_label;
};

G_DEFINE_FINAL_TYPE (HeeyuCompanyEditor, heeyu_company_editor, ADW_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
field_free (Field *field)
{
  g_free (field->field);
  g_free (field);
}

static Field *
find_field (HeeyuCompanyEditor *self,
            const char         *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->field, name))
        return field;
    }
  return NULL;
}

static void
validate (HeeyuCompanyEditor *self)
{
  g_clear_pointer (&self->invalid, g_hash_table_unref);
  self->invalid = heeyu_company_edit_validate (self->edit);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const char *message = g_hash_table_lookup (self->invalid, field->field);

      gtk_label_set_text (GTK_LABEL (field->message), message != NULL ? message : "");
      gtk_widget_set_visible (field->message, message != NULL);
      if (message != NULL)
        gtk_widget_add_css_class (field->row, "error");
      else
        gtk_widget_remove_css_class (field->row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message != NULL ? message : "", -1);
    }

  gtk_widget_set_sensitive (self->save_button, heeyu_company_editor_can_save (self));
}

static void
save_draft (HeeyuCompanyEditor *self)
{
  g_autofree char *draft = NULL;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (self->edit == NULL)
    return;

  if (heeyu_company_edit_is_changed (self->edit))
    draft = heeyu_company_edit_to_draft (self->edit);
  heeyu_draft_save (self->cache, "company-edit", heeyu_company_edit_get_id (self->edit), draft, NULL);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  HeeyuCompanyEditor *self = user_data;

  self->draft_timeout = 0;
  save_draft (self);
  return G_SOURCE_REMOVE;
}

static void
field_changed (HeeyuCompanyEditor *self,
               const char         *name,
               const char         *text)
{
  if (self->filling)
    return;

  heeyu_company_edit_set (self->edit, name, text);
  validate (self);

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  self->draft_timeout = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
}

static void
on_entry_changed_cb (GtkEditable        *editable,
                     HeeyuCompanyEditor *self)
{
  field_changed (self, g_object_get_data (G_OBJECT (editable), "field"),
                 gtk_editable_get_text (editable));
}

static void
on_combo_selected_cb (AdwComboRow        *row,
                      GParamSpec         *pspec,
                      HeeyuCompanyEditor *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "field");
  const char * const *values = g_object_get_data (G_OBJECT (row), "values");
  guint selected = adw_combo_row_get_selected (row);

  if (selected != GTK_INVALID_LIST_POSITION)
    field_changed (self, name, values[selected]);
}

static GtkWidget *
create_combo (const char         *field,
              const char * const *values,
              guint               n_values)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; i < n_values; i++)
    {
      if (g_str_equal (field, "region"))
        gtk_string_list_append (labels, heeyu_format_region (values[i]));
      else if (g_str_equal (values[i], "yes"))
        gtk_string_list_append (labels, _("Designated"));
      else if (g_str_equal (values[i], "no"))
        gtk_string_list_append (labels, _("Not designated"));
      else
        gtk_string_list_append (labels, _("Unknown"));
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_set_data (G_OBJECT (row), "values", (gpointer) values);
  g_object_set_data (G_OBJECT (row), "n-values", GUINT_TO_POINTER (n_values));

  return row;
}

static void
fill (HeeyuCompanyEditor *self)
{
  self->filling = TRUE;
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const char *text = heeyu_company_edit_get (self->edit, field->field);

      if (ADW_IS_COMBO_ROW (field->row))
        {
          const char * const *values = g_object_get_data (G_OBJECT (field->row), "values");
          guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (field->row), "n-values"));

          for (guint j = 0; j < n; j++)
            if (g_strcmp0 (values[j], text) == 0)
              adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), j);
        }
      else
        gtk_editable_set_text (GTK_EDITABLE (field->row), text != NULL ? text : "");
    }
  self->filling = FALSE;
  validate (self);
}

static void
build_form (HeeyuCompanyEditor *self)
{
  for (guint g = 0; g < G_N_ELEMENTS (field_groups); g++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *list = gtk_list_box_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(field_groups[g].title));
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);

      for (guint i = 0; field_groups[g].fields[i] != NULL; i++)
        {
          const char *name = field_groups[g].fields[i];
          Field *field = g_new0 (Field, 1);
          GtkWidget *message_row;

          field->field = g_strdup (name);
          if (g_str_equal (name, "region"))
            field->row = create_combo (name, region_codes, G_N_ELEMENTS (region_codes));
          else if (g_str_equal (name, "specialized"))
            field->row = create_combo (name, specialized_values, G_N_ELEMENTS (specialized_values));
          else
            field->row = adw_entry_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row),
                                         heeyu_company_edit_field_label (name));
          g_object_set_data_full (G_OBJECT (field->row), "field", g_strdup (name), g_free);
          if (ADW_IS_COMBO_ROW (field->row))
            g_signal_connect (field->row, "notify::selected", G_CALLBACK (on_combo_selected_cb), self);
          else
            g_signal_connect (field->row, "changed", G_CALLBACK (on_entry_changed_cb), self);
          gtk_list_box_append (GTK_LIST_BOX (list), field->row);

          /* The explanation sits right under the field it is about. */
          field->message = gtk_label_new (NULL);
          gtk_label_set_xalign (GTK_LABEL (field->message), 0);
          gtk_label_set_wrap (GTK_LABEL (field->message), TRUE);
          gtk_widget_add_css_class (field->message, "field-error");
          message_row = gtk_list_box_row_new ();
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (message_row), FALSE);
          gtk_widget_set_focusable (message_row, FALSE);
          gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (message_row), field->message);
          g_object_bind_property (field->message, "visible", message_row, "visible", G_BINDING_SYNC_CREATE);
          gtk_widget_set_visible (field->message, FALSE);
          gtk_list_box_append (GTK_LIST_BOX (list), message_row);

          g_ptr_array_add (self->fields, field);
        }

      gtk_box_append (self->fields_box, group);
    }
}

static void
on_cancel_clicked_cb (HeeyuCompanyEditor *self,
                      GtkButton          *button)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_discard_clicked_cb (HeeyuCompanyEditor *self,
                       GtkButton          *button)
{
  g_autoptr(HeeyuCompanyEdit) fresh = NULL;
  g_autoptr(GError) error = NULL;

  heeyu_draft_clear (self->cache, "company-edit", heeyu_company_edit_get_id (self->edit), NULL);
  fresh = heeyu_company_edit_new (self->cache, heeyu_company_edit_get_id (self->edit), &error);
  if (fresh == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return;
    }

  heeyu_company_edit_free (self->edit);
  self->edit = g_steal_pointer (&fresh);
  fill (self);
  gtk_revealer_set_reveal_child (self->draft_revealer, FALSE);
}

gboolean
heeyu_company_editor_save (HeeyuCompanyEditor *self)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  g_return_val_if_fail (HEEYU_IS_COMPANY_EDITOR (self), FALSE);

  if (!heeyu_company_editor_can_save (self))
    return FALSE;

  g_clear_handle_id (&self->draft_timeout, g_source_remove);
  if (!heeyu_company_edit_save (self->edit, self->cache, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The changes could not be saved: %s"), error->message);

      save_draft (self);
      gtk_label_set_text (self->status_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      validate (self);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (HEEYU_IS_WINDOW (parent))
    heeyu_window_add_toast (HEEYU_WINDOW (parent), _("Changes saved; they will be sent at the next sync"));

  /* Saved: nothing left to keep as a draft. */
  g_clear_pointer (&self->edit, heeyu_company_edit_free);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static gboolean
save_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  heeyu_company_editor_save (HEEYU_COMPANY_EDITOR (widget));
  return TRUE;
}

static void
on_save_clicked_cb (HeeyuCompanyEditor *self,
                    GtkButton          *button)
{
  heeyu_company_editor_save (self);
}

static gboolean
heeyu_company_editor_close_request (GtkWindow *window)
{
  save_draft (HEEYU_COMPANY_EDITOR (window));

  return GTK_WINDOW_CLASS (heeyu_company_editor_parent_class)->close_request (window);
}

static void
heeyu_company_editor_dispose (GObject *object)
{
  HeeyuCompanyEditor *self = HEEYU_COMPANY_EDITOR (object);

  save_draft (self);
  g_clear_pointer (&self->edit, heeyu_company_edit_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->invalid, g_hash_table_unref);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (heeyu_company_editor_parent_class)->dispose (object);
}

static void
heeyu_company_editor_class_init (HeeyuCompanyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = heeyu_company_editor_dispose;
  window_class->close_request = heeyu_company_editor_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/pages/heeyu-company-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyEditor, draft_revealer);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyEditor, fields_box);
  gtk_widget_class_bind_template_child (widget_class, HeeyuCompanyEditor, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_discard_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                save_shortcut_cb, NULL);
}

static void
heeyu_company_editor_init (HeeyuCompanyEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  build_form (self);
}

GtkWidget *
heeyu_company_editor_new (HeeyuCache  *cache,
                          const char  *company_id,
                          GError     **error)
{
  g_autoptr(HeeyuCompanyEdit) edit = NULL;
  g_autofree char *draft = NULL;
  HeeyuCompanyEditor *self;

  g_return_val_if_fail (HEEYU_IS_CACHE (cache), NULL);
  g_return_val_if_fail (company_id != NULL, NULL);

  if (!heeyu_notes_can_edit (cache))
    {
      g_set_error_literal (error, HEEYU_COMPANY_EDIT_ERROR, HEEYU_COMPANY_EDIT_ERROR_FORBIDDEN,
                           _("Your account may add notes but not edit companies"));
      return NULL;
    }

  edit = heeyu_company_edit_new (cache, company_id, error);
  if (edit == NULL)
    return NULL;

  self = g_object_new (HEEYU_TYPE_COMPANY_EDITOR, NULL);
  self->cache = g_object_ref (cache);
  self->edit = g_steal_pointer (&edit);

  draft = heeyu_draft_load (cache, "company-edit", company_id);
  if (draft != NULL)
    {
      heeyu_company_edit_apply_draft (self->edit, draft);
      gtk_revealer_set_reveal_child (self->draft_revealer, heeyu_company_edit_is_changed (self->edit));
    }
  fill (self);

  return GTK_WIDGET (self);
}

GtkEditable *
heeyu_company_editor_get_field (HeeyuCompanyEditor *self,
                                const char         *name)
{
  Field *field;

  g_return_val_if_fail (HEEYU_IS_COMPANY_EDITOR (self), NULL);

  field = find_field (self, name);
  return field != NULL && GTK_IS_EDITABLE (field->row) ? GTK_EDITABLE (field->row) : NULL;
}

const char *
heeyu_company_editor_get_message (HeeyuCompanyEditor *self,
                                  const char         *name)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_EDITOR (self), NULL);

  return self->invalid != NULL ? g_hash_table_lookup (self->invalid, name) : NULL;
}

gboolean
heeyu_company_editor_can_save (HeeyuCompanyEditor *self)
{
  g_return_val_if_fail (HEEYU_IS_COMPANY_EDITOR (self), FALSE);

  return self->edit != NULL
         && heeyu_company_edit_is_changed (self->edit)
         && self->invalid != NULL && g_hash_table_size (self->invalid) == 0;
}
