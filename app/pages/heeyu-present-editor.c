/* heeyu-present-editor.c: the deck editor
 *
 * Built in code rather than a template: its rows follow the deck (six slide
 * kinds in the deck's order, one check per metal of the local data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "heeyu-deck-data.h"
#include "heeyu-format.h"
#include "heeyu-metal.h"
#include "heeyu-present-editor.h"
#include "heeyu-presentation-window.h"
#include "heeyu-slide-draw.h"
#include "heeyu-window.h"

struct _HeeyuPresentEditor
{
  AdwWindow          parent_instance;

  HeeyuApplication  *app;
  HeeyuDeck         *deck;
  GtkStringList     *names;
  gboolean           updating;

  AdwToastOverlay   *toasts;
  AdwComboRow       *deck_row;
  AdwEntryRow       *name_row;
  AdwEntryRow       *title_row;
  AdwEntryRow       *subtitle_row;
  AdwComboRow       *language_row;
  AdwPreferencesGroup *slides_group;
  GPtrArray         *slide_rows;      /* AdwActionRow, one per kind, in order */
  GtkFlowBox        *metals_box;
  GtkLabel          *missing_label;
  GtkSpinButton     *interval_spin;
  GtkSwitch         *loop_switch;
  char              *missing_text;
};

G_DEFINE_FINAL_TYPE (HeeyuPresentEditor, heeyu_present_editor, ADW_TYPE_WINDOW)

static const char *
slide_kind_title (HeeyuSlideKind kind)
{
  switch (kind)
    {
    case HEEYU_SLIDE_TITLE: return _("Title");
    case HEEYU_SLIDE_OVERVIEW: return _("Stability of every metal");
    case HEEYU_SLIDE_METALS: return _("One slide per chosen metal");
    case HEEYU_SLIDE_RISK: return _("Risk matrix");
    case HEEYU_SLIDE_DIRECTORY: return _("Companies by stage and region");
    case HEEYU_SLIDE_CLOSING:
    case HEEYU_SLIDE_N_KINDS:
    default: return _("Closing");
    }
}

static void
toast (HeeyuPresentEditor *self,
       const char         *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/* ---- Deck → widgets -------------------------------------------------------- */

static GtkSwitch *
row_switch (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "switch");
}

static HeeyuSlideKind
row_kind (GtkWidget *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));
}

static void
relayout_slide_rows (HeeyuPresentEditor *self)
{
  for (guint i = 0; i < self->slide_rows->len; i++)
    adw_preferences_group_remove (self->slides_group, self->slide_rows->pdata[i]);
  for (guint i = 0; i < self->slide_rows->len; i++)
    adw_preferences_group_add (self->slides_group, self->slide_rows->pdata[i]);
}

static void
update_missing (HeeyuPresentEditor *self)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < self->deck->metals->len; i++)
    {
      const char *code = self->deck->metals->pdata[i];
      gboolean found = FALSE;

      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->metals_box));
           child != NULL && !found; child = gtk_widget_get_next_sibling (child))
        found = g_strcmp0 (g_object_get_data (G_OBJECT (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child))),
                                              "code"), code) == 0;
      if (!found)
        g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", code);
    }

  g_clear_pointer (&self->missing_text, g_free);
  if (missing->len > 0)
    self->missing_text = g_strdup_printf (_("Not in the local data, left out of the show: %s"),
                                          missing->str);
  gtk_label_set_label (self->missing_label, self->missing_text ? self->missing_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), self->missing_text != NULL);
}

static void
load_widgets (HeeyuPresentEditor *self)
{
  HeeyuDeck *deck = self->deck;
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), deck->name ? deck->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), deck->title ? deck->title : "");
  gtk_editable_set_text (GTK_EDITABLE (self->subtitle_row), deck->subtitle ? deck->subtitle : "");
  adw_combo_row_set_selected (self->language_row, deck->language);
  gtk_spin_button_set_value (self->interval_spin, deck->interval);
  gtk_switch_set_active (self->loop_switch, deck->loop);

  /* Slides in the deck's order first, switched on; the others after. */
  for (guint i = 0; i < deck->slides->len; i++)
    for (guint j = 0; j < self->slide_rows->len; j++)
      {
        GtkWidget *row = self->slide_rows->pdata[j];
        if (row_kind (row) == g_array_index (deck->slides, HeeyuSlideKind, i)
            && !g_ptr_array_find (ordered, row, NULL))
          {
            g_ptr_array_add (ordered, row);
            break;
          }
      }
  for (guint j = 0; j < self->slide_rows->len; j++)
    {
      GtkWidget *row = self->slide_rows->pdata[j];
      gboolean on = g_ptr_array_find (ordered, row, NULL);

      gtk_switch_set_active (row_switch (row), on);
      if (!on)
        g_ptr_array_add (ordered, row);
    }
  for (guint i = 0; i < self->slide_rows->len; i++)
    adw_preferences_group_remove (self->slides_group, self->slide_rows->pdata[i]);
  /* The array holds the rows' references while they are out of the group. */
  for (guint i = 0; i < ordered->len; i++)
    g_object_ref (ordered->pdata[i]);
  g_ptr_array_set_size (self->slide_rows, 0);
  for (guint i = 0; i < ordered->len; i++)
    g_ptr_array_add (self->slide_rows, ordered->pdata[i]);
  for (guint i = 0; i < self->slide_rows->len; i++)
    adw_preferences_group_add (self->slides_group, self->slide_rows->pdata[i]);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->metals_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   heeyu_deck_has_metal (deck, g_object_get_data (G_OBJECT (check), "code")));
    }
  update_missing (self);
  self->updating = FALSE;
}

/* ---- Widgets → deck -------------------------------------------------------- */

static void
store_widgets (HeeyuPresentEditor *self)
{
  HeeyuDeck *deck = self->deck;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  const char *text;

  if (self->updating)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  g_free (deck->title);
  deck->title = *text ? g_strdup (text) : NULL;
  text = gtk_editable_get_text (GTK_EDITABLE (self->subtitle_row));
  g_free (deck->subtitle);
  deck->subtitle = *text ? g_strdup (text) : NULL;
  deck->language = adw_combo_row_get_selected (self->language_row);
  deck->interval = (guint) gtk_spin_button_get_value_as_int (self->interval_spin);
  deck->loop = gtk_switch_get_active (self->loop_switch);

  g_array_set_size (deck->slides, 0);
  for (guint i = 0; i < self->slide_rows->len; i++)
    if (gtk_switch_get_active (row_switch (self->slide_rows->pdata[i])))
      {
        HeeyuSlideKind kind = row_kind (self->slide_rows->pdata[i]);
        g_array_append_val (deck->slides, kind);
      }

  /* Chosen metals keep their order; metals the data lacks stay in the deck
   * (the data may come back with the next sync) but are said missing. */
  for (guint i = 0; i < deck->metals->len; i++)
    {
      const char *code = deck->metals->pdata[i];
      gboolean listed = FALSE, active = FALSE;

      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->metals_box));
           child != NULL; child = gtk_widget_get_next_sibling (child))
        {
          GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
          if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "code"), code) == 0)
            {
              listed = TRUE;
              active = gtk_check_button_get_active (GTK_CHECK_BUTTON (check));
            }
        }
      if (!listed || active)
        g_ptr_array_add (keep, g_strdup (code));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->metals_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      const char *code = g_object_get_data (G_OBJECT (check), "code");

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check))
          && !g_ptr_array_find_with_equal_func (keep, code, g_str_equal, NULL))
        g_ptr_array_add (keep, g_strdup (code));
    }
  g_ptr_array_add (keep, NULL);
  heeyu_deck_set_metals (deck, (const char * const *) keep->pdata);
  update_missing (self);
}

static void
on_changed_cb (HeeyuPresentEditor *self)
{
  store_widgets (self);
}

static void
move_row (HeeyuPresentEditor *self,
          GtkWidget          *row,
          int                 delta)
{
  guint index;

  if (!g_ptr_array_find (self->slide_rows, row, &index)
      || (int) index + delta < 0 || index + delta >= self->slide_rows->len)
    return;
  self->slide_rows->pdata[index] = self->slide_rows->pdata[index + delta];
  self->slide_rows->pdata[index + delta] = row;
  relayout_slide_rows (self);
  store_widgets (self);
}

static void
on_up_clicked_cb (GtkButton *button,
                  gpointer   row)
{
  move_row (HEEYU_PRESENT_EDITOR (gtk_widget_get_root (GTK_WIDGET (button))), row, -1);
}

static void
on_down_clicked_cb (GtkButton *button,
                    gpointer   row)
{
  move_row (HEEYU_PRESENT_EDITOR (gtk_widget_get_root (GTK_WIDGET (button))), row, +1);
}

/* ---- Decks on disk --------------------------------------------------------- */

static void
refresh_names (HeeyuPresentEditor *self,
               const char         *select)
{
  g_auto(GStrv) names = heeyu_deck_list (NULL, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->names));

  self->updating = TRUE;
  gtk_string_list_splice (self->names, 0, n, (const char * const *) names);
  for (guint i = 0; names && names[i]; i++)
    if (g_strcmp0 (names[i], select) == 0)
      adw_combo_row_set_selected (self->deck_row, i);
  self->updating = FALSE;
}

static gboolean
save (HeeyuPresentEditor *self)
{
  g_autoptr(GError) error = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  store_widgets (self);
  g_free (self->deck->name);
  self->deck->name = g_strstrip (g_strdup (name));
  if (!heeyu_deck_save (self->deck, NULL, &error))
    {
      toast (self, error->message);
      return FALSE;
    }
  heeyu_presentation_set_last_deck (self->deck->name);
  refresh_names (self, self->deck->name);
  return TRUE;
}

static void
on_save_clicked_cb (HeeyuPresentEditor *self)
{
  if (save (self))
    toast (self, _("Deck saved"));
}

static void
on_deck_selected_cb (HeeyuPresentEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuDeck) deck = NULL;
  guint i = adw_combo_row_get_selected (self->deck_row);
  const char *name;

  if (self->updating || i == GTK_INVALID_LIST_POSITION)
    return;
  name = gtk_string_list_get_string (self->names, i);
  deck = heeyu_deck_load (NULL, name, &error);
  if (deck == NULL)
    {
      toast (self, error->message);
      return;
    }
  heeyu_present_editor_set_deck (self, deck);
  for (const char * const *note = heeyu_deck_get_notes (deck); *note; note++)
    toast (self, *note);
}

static void
on_new_clicked_cb (HeeyuPresentEditor *self)
{
  g_autoptr(HeeyuDeck) deck = heeyu_deck_new (NULL);

  heeyu_present_editor_set_deck (self, deck);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
on_delete_clicked_cb (HeeyuPresentEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (self->deck->name == NULL)
    return;
  if (!heeyu_deck_delete (NULL, self->deck->name, &error))
    {
      toast (self, error->message);
      return;
    }
  refresh_names (self, NULL);
  on_new_clicked_cb (self);
}

static void
on_present_clicked_cb (HeeyuPresentEditor *self)
{
  if (!save (self))
    return;
  heeyu_presentation_start (self->app, self->deck->name, GTK_WINDOW (self));
}

/* ---- PDF ------------------------------------------------------------------- */

typedef struct
{
  HeeyuDeck *deck;
  char      *db_path;
  char      *path;
  gboolean   korean;
} ExportData;

static void
export_data_free (ExportData *d)
{
  heeyu_deck_free (d->deck);
  g_free (d->db_path);
  g_free (d->path);
  g_free (d);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *d = task_data;
  g_autoptr(HeeyuDeckData) data = NULL;
  g_autoptr(GPtrArray) slides = NULL;
  GError *error = NULL;
  HeeyuSlideOptions options = { heeyu_slide_resolve_language (d->deck->language, d->korean), NULL };
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (d->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
      sqlite3_close (db);
      return;
    }
  sqlite3_busy_timeout (db, 5000);
  data = heeyu_deck_data_load (db, &error);
  sqlite3_close (db);
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  slides = heeyu_slides_build (d->deck, data, NULL);
  if (!heeyu_slides_export_pdf (slides, d->deck, data, &options, d->path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, slides->len);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HeeyuPresentEditor *self = HEEYU_PRESENT_EDITOR (source);
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);
  g_autofree char *message = NULL;

  if (n < 0)
    message = g_strdup_printf (_("Cannot export the deck: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %zd slide",
                                            "Exported %zd slides", n), n);
  toast (self, message);
}

static void
on_export_response_cb (GtkNativeDialog    *dialog,
                       int                 response,
                       HeeyuPresentEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  HeeyuCache *cache = heeyu_application_get_cache (self->app);
  ExportData *d;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL || cache == NULL)
    return;

  store_widgets (self);
  d = g_new0 (ExportData, 1);
  d->deck = heeyu_deck_copy (self->deck);
  d->db_path = g_strdup (heeyu_cache_get_path (cache));
  d->path = g_file_get_path (file);
  d->korean = heeyu_format_prefers_korean ();
  task = g_task_new (self, NULL, on_export_done_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_export_clicked_cb (HeeyuPresentEditor *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Export Deck as PDF"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  name = g_strdup_printf ("%s.pdf", self->deck->name ? self->deck->name : _("presentation"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- Building -------------------------------------------------------------- */

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *b = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (b, tooltip);
  gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (b, "flat");
  return b;
}

static void
build (HeeyuPresentEditor *self)
{
  GtkWidget *box, *header, *scroll, *clamp, *content, *group, *row, *button, *bbox;
  GtkStringList *languages;
  g_autoptr(GListModel) metals = NULL;
  HeeyuCache *cache = heeyu_application_get_cache (self->app);
  gboolean ko = heeyu_format_prefers_korean ();

  gtk_window_set_title (GTK_WINDOW (self), _("Presentation Decks"));
  gtk_window_set_default_size (GTK_WINDOW (self), 680, 760);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  button = gtk_button_new_with_mnemonic (_("_New Deck"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_new_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), button);
  button = gtk_button_new_with_mnemonic (_("_Present"));
  gtk_widget_set_tooltip_text (button, _("Save and show full screen (F5)"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_present_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  gtk_box_append (GTK_BOX (box), header);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  scroll = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_toast_overlay_set_child (self->toasts, scroll);
  clamp = adw_clamp_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), clamp);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  g_object_set (content, "margin-top", 18, "margin-bottom", 18, "margin-start", 12,
                "margin-end", 12, NULL);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);

  /* Deck: which one, its name, save / delete / export. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Deck"));
  self->names = gtk_string_list_new (NULL);
  self->deck_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->deck_row), _("Open"));
  adw_combo_row_set_model (self->deck_row, G_LIST_MODEL (self->names));
  g_signal_connect_swapped (self->deck_row, "notify::selected", G_CALLBACK (on_deck_selected_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->deck_row));
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name, e.g. “opening ceremony”"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));
  bbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), bbox);
  button = gtk_button_new_with_mnemonic (_("_Save"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_save_clicked_cb), self);
  gtk_box_append (GTK_BOX (bbox), button);
  button = gtk_button_new_with_mnemonic (_("E_xport PDF…"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_export_clicked_cb), self);
  gtk_box_append (GTK_BOX (bbox), button);
  button = icon_button ("user-trash-symbolic", _("Delete this deck"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_delete_clicked_cb), self);
  gtk_box_append (GTK_BOX (bbox), button);
  gtk_box_append (GTK_BOX (content), group);

  /* Title slide and language. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Title Slide"));
  self->title_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Title (empty: the center's name)"));
  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (on_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->title_row));
  self->subtitle_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->subtitle_row), _("Subtitle"));
  g_signal_connect_swapped (self->subtitle_row, "changed", G_CALLBACK (on_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->subtitle_row));
  languages = gtk_string_list_new ((const char *[]) { _("The app's language"), _("Korean"),
                                                      _("English"), _("Korean, with English subtitles"),
                                                      NULL });
  self->language_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->language_row), _("Language"));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));
  g_object_unref (languages);
  g_signal_connect_swapped (self->language_row, "notify::selected", G_CALLBACK (on_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->language_row));
  gtk_box_append (GTK_BOX (content), group);

  /* Slides: on or off, up or down. */
  self->slides_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->slides_group, _("Slides"));
  adw_preferences_group_set_description (self->slides_group, _("In showing order"));
  /* Own references: rows are taken out of the group to reorder them. */
  self->slide_rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (HeeyuSlideKind k = 0; k < HEEYU_SLIDE_N_KINDS; k++)
    {
      GtkWidget *sw = gtk_switch_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), slide_kind_title (k));
      g_object_set_data (G_OBJECT (row), "kind", GINT_TO_POINTER (k));
      g_object_set_data (G_OBJECT (row), "switch", sw);
      button = icon_button ("go-up-symbolic", _("Earlier"));
      g_signal_connect (button, "clicked", G_CALLBACK (on_up_clicked_cb), row);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      button = icon_button ("go-down-symbolic", _("Later"));
      g_signal_connect (button, "clicked", G_CALLBACK (on_down_clicked_cb), row);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      g_signal_connect_swapped (sw, "notify::active", G_CALLBACK (on_changed_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), sw);
      g_ptr_array_add (self->slide_rows, g_object_ref_sink (row));
      adw_preferences_group_add (self->slides_group, row);
    }
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->slides_group));

  /* Metals, in the KIRAM order of the local data. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Metals"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("One slide each, in the order chosen"));
  self->missing_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->missing_label, TRUE);
  gtk_label_set_xalign (self->missing_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->missing_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->missing_label));
  self->metals_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->metals_box, GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (self->metals_box, 6);
  gtk_flow_box_set_homogeneous (self->metals_box, TRUE);
  if (cache != NULL && (metals = heeyu_cache_list_metals (cache, NULL)) != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (metals); i++)
      {
        g_autoptr(HeeyuMetal) m = g_list_model_get_item (metals, i);
        g_autofree char *label = g_strdup_printf ("%s %s", heeyu_metal_get_code (m),
                                                  ko ? heeyu_metal_get_name_ko (m)
                                                     : heeyu_metal_get_name_en (m));
        GtkWidget *check = gtk_check_button_new_with_label (label);

        g_object_set_data_full (G_OBJECT (check), "code", g_strdup (heeyu_metal_get_code (m)), g_free);
        g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_changed_cb), self);
        gtk_flow_box_append (self->metals_box, check);
      }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->metals_box));
  gtk_box_append (GTK_BOX (content), group);

  /* Showing: by hand or every N seconds, looping. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Showing"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Advance every (seconds)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("0: by hand. Any key pauses, A resumes"));
  self->interval_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, HEEYU_DECK_MAX_INTERVAL, 5));
  gtk_widget_set_valign (GTK_WIDGET (self->interval_spin), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->interval_spin, "value-changed", G_CALLBACK (on_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->interval_spin));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Start over after the last slide"));
  self->loop_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->loop_switch), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->loop_switch, "notify::active", G_CALLBACK (on_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->loop_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  gtk_box_append (GTK_BOX (content), group);

  adw_window_set_content (ADW_WINDOW (self), box);
}

static void
heeyu_present_editor_finalize (GObject *object)
{
  HeeyuPresentEditor *self = HEEYU_PRESENT_EDITOR (object);

  g_clear_pointer (&self->deck, heeyu_deck_free);
  g_clear_pointer (&self->slide_rows, g_ptr_array_unref);
  g_clear_object (&self->names);
  g_clear_object (&self->app);
  g_free (self->missing_text);

  G_OBJECT_CLASS (heeyu_present_editor_parent_class)->finalize (object);
}

static void
heeyu_present_editor_class_init (HeeyuPresentEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = heeyu_present_editor_finalize;
}

static void
heeyu_present_editor_init (HeeyuPresentEditor *self)
{
}

HeeyuPresentEditor *
heeyu_present_editor_new (HeeyuApplication *app)
{
  HeeyuPresentEditor *self;
  g_autofree char *last = heeyu_presentation_get_last_deck ();
  g_autoptr(HeeyuDeck) deck = NULL;

  g_return_val_if_fail (HEEYU_IS_APPLICATION (app), NULL);

  self = g_object_new (HEEYU_TYPE_PRESENT_EDITOR, "application", app, NULL);
  self->app = g_object_ref (app);
  build (self);
  refresh_names (self, last);
  if (last != NULL)
    deck = heeyu_deck_load (NULL, last, NULL);
  /* The combo shows its first deck: open that one rather than a blank. */
  if (deck == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->names)) > 0)
    deck = heeyu_deck_load (NULL, gtk_string_list_get_string (self->names, 0), NULL);
  if (deck == NULL)
    {
      const char *metals[] = { "REE", "Ga", "Li", "Co", "W", NULL };
      deck = heeyu_deck_new (NULL);
      heeyu_deck_set_metals (deck, metals);
    }
  heeyu_present_editor_set_deck (self, deck);
  return self;
}

void
heeyu_present_editor_set_deck (HeeyuPresentEditor *self,
                               const HeeyuDeck    *deck)
{
  g_return_if_fail (HEEYU_IS_PRESENT_EDITOR (self));
  g_return_if_fail (deck != NULL);

  g_clear_pointer (&self->deck, heeyu_deck_free);
  self->deck = heeyu_deck_copy (deck);
  load_widgets (self);
}

HeeyuDeck *
heeyu_present_editor_get_deck (HeeyuPresentEditor *self)
{
  g_return_val_if_fail (HEEYU_IS_PRESENT_EDITOR (self), NULL);

  store_widgets (self);
  return self->deck;
}

const char *
heeyu_present_editor_get_missing_text (HeeyuPresentEditor *self)
{
  g_return_val_if_fail (HEEYU_IS_PRESENT_EDITOR (self), NULL);
  return self->missing_text;
}
