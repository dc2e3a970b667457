/* test-ui-directory.c: the company directory, as a user works with it
 *
 * Under a real X server, on a fresh cache with the bundled sample: typing
 * narrows the list to what the core's query finds (also while a Hangul
 * syllable is still being composed), a filter's count beside its value is
 * what ticking it shows, a company opens with its fields, a note added to
 * it appears at once marked "not yet synced" with an outbox entry, a note
 * being typed survives closing the window, sort and filters are kept in
 * GSettings.  Screenshots (wide, detail, narrow) go to tests/artifacts/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "heeyu-application.h"
#include "heeyu-companies-page.h"
#include "heeyu-company-detail.h"
#include "heeyu-company-editor.h"
#include "heeyu-company-query.h"
#include "heeyu-facet-sidebar.h"
#include "heeyu-filter-chip.h"
#include "heeyu-notes.h"
#include "heeyu-sync-controller.h"
#include "heeyu-test-ui.h"
#include "heeyu-window.h"

/* --- an input method that composes what the test tells it -------------- */

/* GTK picks input methods through the "gtk-im-module" extension point;
 * this one stands in for ibus-hangul: the test sets the syllable being
 * composed, the context announces it as its pre-edit, exactly as a real
 * Korean input method does between key presses. */
#define TEST_TYPE_IM (test_im_get_type ())
G_DECLARE_FINAL_TYPE (TestIM, test_im, TEST, IM, GtkIMContext)

struct _TestIM
{
  GtkIMContext  parent_instance;
  char         *preedit;
};

G_DEFINE_FINAL_TYPE (TestIM, test_im, GTK_TYPE_IM_CONTEXT)

static TestIM *test_im_instance;

static void
test_im_get_preedit_string (GtkIMContext   *context,
                            char          **str,
                            PangoAttrList **attrs,
                            int            *cursor_pos)
{
  TestIM *self = TEST_IM (context);

  if (str != NULL)
    *str = g_strdup (self->preedit != NULL ? self->preedit : "");
  if (attrs != NULL)
    *attrs = pango_attr_list_new ();
  if (cursor_pos != NULL)
    *cursor_pos = self->preedit != NULL ? g_utf8_strlen (self->preedit, -1) : 0;
}

static void
test_im_finalize (GObject *object)
{
  TestIM *self = TEST_IM (object);

  if (test_im_instance == self)
    test_im_instance = NULL;
  g_free (self->preedit);
  G_OBJECT_CLASS (test_im_parent_class)->finalize (object);
}

static void
test_im_class_init (TestIMClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_im_finalize;
  GTK_IM_CONTEXT_CLASS (klass)->get_preedit_string = test_im_get_preedit_string;
}

static void
test_im_init (TestIM *self)
{
  test_im_instance = self;
}

static void
test_im_set_preedit (TestIM     *self,
                     const char *preedit)
{
  gboolean was = self->preedit != NULL && *self->preedit != '\0';

  g_free (self->preedit);
  self->preedit = g_strdup (preedit);
  if (!was && preedit != NULL && *preedit != '\0')
    g_signal_emit_by_name (self, "preedit-start");
  g_signal_emit_by_name (self, "preedit-changed");
  if (preedit == NULL || *preedit == '\0')
    g_signal_emit_by_name (self, "preedit-end");
}

/* --- fixture ----------------------------------------------------------- */

typedef struct
{
  const char *lang;
  int         width;
} Params;

typedef struct
{
  char               *data_home;
  HeeyuApplication   *app;
  HeeyuWindow        *window;
  HeeyuCompaniesPage *page;
  const char         *lang;
} Fixture;

static gboolean
companies_listed (gpointer user_data)
{
  Fixture *f = user_data;
  HeeyuCompanyList *list;

  if (g_strcmp0 (heeyu_window_get_state_name (f->window), "views") != 0)
    return FALSE;
  list = heeyu_companies_page_get_list (f->page);
  return list != NULL
         && !heeyu_company_list_get_loading (list)
         && heeyu_company_list_get_facets (list) != NULL
         && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0
         && gtk_widget_get_width (GTK_WIDGET (f->page)) > 0;
}

static const char *expected_text;

/* The list shows the results of what was typed (expected_text), and
 * nothing is loading any more. */
static gboolean
list_settled (gpointer user_data)
{
  Fixture *f = user_data;
  HeeyuCompanyList *list = heeyu_companies_page_get_list (f->page);
  const HeeyuCompanyQuery *query = heeyu_company_list_get_company_query (list);

  if (expected_text != NULL && g_strcmp0 (query->text != NULL ? query->text : "", expected_text) != 0)
    return FALSE;
  return !heeyu_company_list_get_loading (list) && heeyu_company_list_get_facets (list) != NULL;
}

/* What the list should hold for @query: the core's own answer. */
static guint
expected_count (Fixture                 *f,
                const HeeyuCompanyQuery *query)
{
  HeeyuCache *cache = heeyu_application_get_cache (f->app);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (heeyu_company_query_run (heeyu_cache_get_db (cache), query, &ids, NULL, &error));
  g_assert_no_error (error);
  return ids->len;
}

static guint
n_listed (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (heeyu_companies_page_get_list (f->page)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const Params *params = data;

  f->lang = params->lang;
  expected_text = NULL;
  f->data_home = heeyu_test_data_home_new ();
  f->app = heeyu_test_ui_app_new ();

  /* A clean slate for sort and filters: the memory backend is per process. */
  g_settings_reset (heeyu_application_get_settings (f->app), "directory-query");

  f->window = heeyu_test_ui_app_activate (f->app);
  /* Before the first frame: the window opens at this size. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), params->width, 860);
  heeyu_window_show_view (f->window, "companies");
  f->page = HEEYU_COMPANIES_PAGE (heeyu_window_get_page (f->window, "companies"));

  g_assert_true (heeyu_test_ui_wait_until (companies_listed, f, 60));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  heeyu_test_ui_app_close (f->window, &f->app, &f->data_home);
}

/* --- tests --------------------------------------------------------------- */

static void
type_text (Fixture    *f,
           const char *text)
{
  GtkWidget *entry = heeyu_companies_page_get_widget (f->page, "search-entry");

  expected_text = text;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  /* search-changed comes after GtkSearchEntry's typing delay. */
  g_signal_emit_by_name (entry, "search-changed");
  heeyu_test_ui_spin (20);
  g_assert_true (heeyu_test_ui_wait_until (list_settled, f, 30));
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HeeyuCompanyQuery) query = heeyu_company_query_new ();
  guint total = n_listed (f), n;
  const char *count_text;
  g_autofree char *formatted = NULL;

  g_assert_cmpuint (total, >=, 1500);

  /* A Korean place name, as typed into the box. */
  type_text (f, "포항");
  heeyu_company_query_set_text (query, "포항");
  n = expected_count (f, query);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, total);
  g_assert_cmpuint (n_listed (f), ==, n);

  /* The count the user reads says the same. */
  count_text = gtk_label_get_text (GTK_LABEL (heeyu_companies_page_get_widget (f->page, "count-label")));
  formatted = g_strdup_printf ("%u", n);
  g_assert_nonnull (strstr (count_text, formatted));

  /* Nothing matches: the empty state, not an empty table. */
  type_text (f, "zzqqxx no such company");
  g_assert_cmpuint (n_listed (f), ==, 0);

  type_text (f, "");
  g_assert_cmpuint (n_listed (f), ==, total);
}

/* A search that fails in SQLite (here the short-term index is gone, as a
 * damaged schema would leave it) shows why on the page, with no rows of
 * the search before it; the next search that works brings the list back. */
static void
test_search_fails (Fixture       *f,
                   gconstpointer  data)
{
  HeeyuCache *cache = heeyu_application_get_cache (f->app);
  GtkStack *stack = GTK_STACK (heeyu_companies_page_get_widget (f->page, "stack"));
  AdwStatusPage *failed = ADW_STATUS_PAGE (heeyu_companies_page_get_widget (f->page, "failed-page"));
  guint total = n_listed (f);
  g_autofree char *shot = NULL;

  type_text (f, "포항");
  g_assert_cmpuint (n_listed (f), >, 0);

  g_assert_cmpint (sqlite3_exec (heeyu_cache_get_db (cache), "DROP TABLE company_gram_set", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  type_text (f, "포");
  g_assert_cmpuint (n_listed (f), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "failed");
  g_assert_nonnull (strstr (adw_status_page_get_description (failed), "company_gram_set"));
  /* The counts beside the filters are the last good search's: dimmed. */
  g_assert_false (gtk_widget_get_sensitive (heeyu_companies_page_get_widget (f->page, "facet-sidebar")));
  heeyu_test_ui_spin (20);
  shot = g_strdup_printf ("directory-search-failed-%s.png", f->lang);
  heeyu_test_ui_save_screenshot (GTK_WIDGET (f->window), shot);

  type_text (f, "");
  g_assert_cmpuint (n_listed (f), ==, total);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_true (gtk_widget_get_sensitive (heeyu_companies_page_get_widget (f->page, "facet-sidebar")));
}

static void
test_preedit (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *entry = heeyu_companies_page_get_widget (f->page, "search-entry");
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (text));
  g_autoptr(HeeyuCompanyQuery) query = heeyu_company_query_new ();
  GtkIMContext *im = NULL;
  guint n_committed, n_composed;

  /* Put our input method under the entry, as ibus-hangul would be. */
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && im == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        im = gtk_event_controller_key_get_im_context (GTK_EVENT_CONTROLLER_KEY (controller));
    }
  g_assert_true (GTK_IS_IM_MULTICONTEXT (im));
  gtk_im_multicontext_set_context_id (GTK_IM_MULTICONTEXT (im), "heeyu-test-im");
  gtk_widget_grab_focus (entry);
  /* The multicontext makes its input method on first use. */
  gtk_im_context_focus_in (im);
  heeyu_test_ui_spin (10);
  g_assert_nonnull (test_im_instance);

  /* "광" is committed, "양" is still being composed: the list must already
   * show what "광양" finds, not what "광" finds. */
  type_text (f, "광");
  heeyu_company_query_set_text (query, "광");
  n_committed = expected_count (f, query);
  g_assert_cmpuint (n_listed (f), ==, n_committed);

  expected_text = "광양";
  test_im_set_preedit (test_im_instance, "양");
  heeyu_test_ui_spin (20);
  g_assert_true (heeyu_test_ui_wait_until (list_settled, f, 30));
  heeyu_company_query_set_text (query, "광양");
  n_composed = expected_count (f, query);
  g_assert_cmpuint (n_composed, <, n_committed);
  g_assert_cmpuint (n_listed (f), ==, n_composed);

  /* The syllable is committed: the pre-edit empties, the text holds it,
   * the results stay. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "광양");
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  test_im_set_preedit (test_im_instance, "");
  g_signal_emit_by_name (entry, "search-changed");
  expected_text = "광양";
  heeyu_test_ui_spin (20);
  g_assert_true (heeyu_test_ui_wait_until (list_settled, f, 30));
  g_assert_cmpuint (n_listed (f), ==, n_composed);
}

static void
toggle_filter_row (GtkWidget *row)
{
  /* The check button is the row's activatable widget: activating the row
   * is what a click or Enter on it does. */
  g_signal_emit_by_name (row, "activate");
}

static guint
row_count (GtkWidget *row)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (row), "count");
  g_autofree char *digits = g_strdup (gtk_label_get_text (label));
  char *w = digits;

  /* "1,234" */
  for (char *r = digits; *r; r++)
    if (g_ascii_isdigit (*r))
      *w++ = *r;
  *w = '\0';
  return (guint) g_ascii_strtoull (digits, NULL, 10);
}

static char *export_message;
static gboolean export_success;

static void
on_export_finished_cb (HeeyuCompaniesPage *page,
                       const char         *message,
                       gboolean            success,
                       gpointer            user_data)
{
  g_free (export_message);
  export_message = g_strdup (message);
  export_success = success;
}

static gboolean
export_finished (gpointer user_data)
{
  return export_message != NULL;
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  HeeyuFacetSidebar *sidebar = HEEYU_FACET_SIDEBAR (heeyu_companies_page_get_widget (f->page, "facet-sidebar"));
  GtkWidget *chips = heeyu_companies_page_get_widget (f->page, "chip-box");
  g_autoptr(HeeyuCompanyQuery) query = heeyu_company_query_new ();
  GtkWidget *row;
  guint shown, shown_ga;
  g_autofree char *saved = NULL;
  g_autofree char *shot = NULL;
  GSettings *settings = heeyu_application_get_settings (f->app);

  g_signal_connect (f->page, "export-finished", G_CALLBACK (on_export_finished_cb), NULL);

  /* Region Incheon: the number beside it is what ticking it lists. */
  row = heeyu_facet_sidebar_get_row (sidebar, HEEYU_COMPANY_FACET_REGION, "KR-28");
  g_assert_nonnull (row);
  shown = row_count (row);
  g_assert_cmpuint (shown, >, 0);
  toggle_filter_row (row);
  heeyu_test_ui_spin (20);
  g_assert_true (heeyu_test_ui_wait_until (list_settled, f, 30));
  g_assert_cmpuint (n_listed (f), ==, shown);
  heeyu_company_query_add_value (query, HEEYU_COMPANY_FACET_REGION, "KR-28");
  g_assert_cmpuint (n_listed (f), ==, expected_count (f, query));

  /* It shows as a chip. */
  g_assert_nonnull (gtk_widget_get_first_child (chips));

  /* Filters and search combine; the counts follow both. */
  row = heeyu_facet_sidebar_get_row (sidebar, HEEYU_COMPANY_FACET_METAL, "Ni");
  g_assert_nonnull (row);
  shown_ga = row_count (row);
  toggle_filter_row (row);
  heeyu_test_ui_spin (20);
  g_assert_true (heeyu_test_ui_wait_until (list_settled, f, 30));
  heeyu_company_query_add_value (query, HEEYU_COMPANY_FACET_METAL, "Ni");
  g_assert_cmpuint (n_listed (f), ==, shown_ga);
  g_assert_cmpuint (n_listed (f), ==, expected_count (f, query));

  /* Sort by employees, most first. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "page.sort-by", "s", "employees");
  heeyu_test_ui_spin (20);
  g_assert_true (heeyu_test_ui_wait_until (list_settled, f, 30));
  {
    g_autoptr(HeeyuCompany) first = g_list_model_get_item (G_LIST_MODEL (heeyu_companies_page_get_list (f->page)), 0);
    g_autoptr(HeeyuCompany) second = g_list_model_get_item (G_LIST_MODEL (heeyu_companies_page_get_list (f->page)), 1);

    g_assert_cmpint (heeyu_company_get_employees (first), >=, heeyu_company_get_employees (second));
  }

  /* Sort and filters are kept for the next start. */
  saved = g_settings_get_string (settings, "directory-query");
  {
    g_autoptr(HeeyuCompanyQuery) restored = heeyu_company_query_new_from_string (saved);

    g_assert_nonnull (restored);
    g_assert_cmpint (restored->sort, ==, HEEYU_COMPANY_SORT_EMPLOYEES);
    g_assert_true (heeyu_company_query_has_value (restored, HEEYU_COMPANY_FACET_REGION, "KR-28"));
    g_assert_true (heeyu_company_query_has_value (restored, HEEYU_COMPANY_FACET_METAL, "Ni"));
  }

  /* Export what is shown: the file has the rows the user sees. */
  {
    g_autofree char *path = g_build_filename (f->data_home, "view.csv", NULL);
    g_autofree char *bad = g_build_filename (f->data_home, "view.txt", NULL);
    g_autofree char *contents = NULL;
    guint n_lines = 0;

    g_clear_pointer (&export_message, g_free);
    heeyu_companies_page_export_to (f->page, path, FALSE);
    g_assert_true (heeyu_test_ui_wait_until (export_finished, f, 30));
    g_assert_true (export_success);
    g_assert_nonnull (strstr (export_message, "view.csv"));
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    for (const char *p = contents; (p = strstr (p, "\r\n")) != NULL; p += 2)
      n_lines++;
    /* a header, then one line per company listed */
    g_assert_cmpuint (n_lines, ==, n_listed (f) + 1);

    /* A format it cannot write: told why, nothing written. */
    g_clear_pointer (&export_message, g_free);
    heeyu_companies_page_export_to (f->page, bad, FALSE);
    g_assert_true (heeyu_test_ui_wait_until (export_finished, f, 30));
    g_assert_false (export_success);
    g_assert_nonnull (strstr (export_message, "view.txt"));
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }

  shot = g_strdup_printf ("directory-filters-%s.png", f->lang);
  heeyu_test_ui_save_screenshot (GTK_WIDGET (f->window), shot);

  /* Removing the region's chip removes that filter, and only that one. */
  for (GtkWidget *child = gtk_widget_get_first_child (chips); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      HeeyuFilterChip *chip = HEEYU_FILTER_CHIP (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)));

      if (g_strcmp0 (heeyu_filter_chip_get_value (chip), "KR-28") == 0)
        {
          g_signal_emit_by_name (chip, "remove");
          break;
        }
    }
  heeyu_test_ui_spin (20);
  g_assert_true (heeyu_test_ui_wait_until (list_settled, f, 30));
  heeyu_company_query_remove_value (query, HEEYU_COMPANY_FACET_REGION, "KR-28");
  query->sort = HEEYU_COMPANY_SORT_EMPLOYEES;
  query->descending = TRUE;
  g_assert_cmpuint (n_listed (f), ==, expected_count (f, query));
}

static gboolean
note_row_pending (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "pending") != NULL;
}

static void
test_company_and_note (Fixture       *f,
                       gconstpointer  data)
{
  HeeyuCompanyDetail *detail = HEEYU_COMPANY_DETAIL (heeyu_companies_page_get_widget (f->page, "detail"));
  HeeyuCache *cache = heeyu_application_get_cache (f->app);
  g_autoptr(HeeyuCompany) company = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *company_id = NULL;
  GtkListBox *notes_list;
  GtkWidget *row;
  guint outbox_before;

  type_text (f, "포항");
  company = g_list_model_get_item (G_LIST_MODEL (heeyu_companies_page_get_list (f->page)), 0);
  g_assert_nonnull (company);
  company_id = g_strdup (heeyu_company_get_id (company));
  heeyu_companies_page_open_company (f->page, company);
  heeyu_test_ui_spin (20);
  g_assert_cmpstr (heeyu_company_get_id (heeyu_company_detail_get_company (detail)), ==, company_id);

  /* Add a note: it is there at once, marked as not yet synced, and the
   * outbox holds it for the next sync. */
  outbox_before = heeyu_cache_outbox_count (cache);
  gtk_text_buffer_set_text (heeyu_company_detail_get_note_buffer (detail),
                            "생산 품목 확인 필요 — check the products line", -1);
  g_assert_true (heeyu_company_detail_add_note (detail));
  notes_list = heeyu_company_detail_get_notes_list (detail);
  row = gtk_widget_get_first_child (GTK_WIDGET (notes_list));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (notes_list)));
  g_assert_true (note_row_pending (row));
  g_assert_cmpuint (heeyu_cache_outbox_count (cache), ==, outbox_before + 1);
  notes = heeyu_notes_list (cache, "company", company_id, NULL);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_true (((HeeyuNote *) g_ptr_array_index (notes, 0))->pending);

  /* The composer is empty again, ready for the next note. */
  {
    GtkTextIter start, end;
    g_autofree char *left = NULL;

    gtk_text_buffer_get_bounds (heeyu_company_detail_get_note_buffer (detail), &start, &end);
    left = gtk_text_buffer_get_text (heeyu_company_detail_get_note_buffer (detail), &start, &end, FALSE);
    g_assert_cmpstr (left, ==, "");
  }

  shot = g_strdup_printf ("directory-detail-%s.png", f->lang);
  heeyu_test_ui_save_screenshot (GTK_WIDGET (f->window), shot);

  /* The notes, scrolled into sight, for the picture. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (notes_list), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    graphene_point_t point;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (notes_list), gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                             &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (adjustment, point.y - 240);
    g_free (shot);
    shot = g_strdup_printf ("directory-note-%s.png", f->lang);
    heeyu_test_ui_save_screenshot (GTK_WIDGET (detail), shot);
  }

  /* A sync sends it (its outbox row goes) and says so: the open pane no
   * longer shows "Not yet synced". */
  {
    sqlite3_stmt *sent = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (heeyu_cache_get_db (cache),
                                         "DELETE FROM outbox WHERE kind = 'note' AND id = ?1",
                                         -1, &sent, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (sent, 1, ((HeeyuNote *) g_ptr_array_index (notes, 0))->id, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (sent), ==, SQLITE_DONE);
    sqlite3_finalize (sent);
    g_signal_emit_by_name (heeyu_sync_controller_get_default (), "finished", TRUE, NULL);
    row = gtk_widget_get_first_child (GTK_WIDGET (notes_list));
    g_assert_nonnull (row);
    g_assert_false (note_row_pending (row));
  }

  /* A note half typed when the window closes is there next time. */
  gtk_text_buffer_set_text (heeyu_company_detail_get_note_buffer (detail), "반쯤 쓴 메모", -1);
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  heeyu_test_ui_spin (50);
  draft = heeyu_draft_load (cache, "note", company_id);
  g_assert_cmpstr (draft, ==, "반쯤 쓴 메모");
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  HeeyuCache *cache = heeyu_application_get_cache (f->app);
  g_autoptr(HeeyuCompany) company = NULL;
  g_autoptr(HeeyuCompany) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  GtkWidget *editor;
  HeeyuCompanyEditor *form;
  guint outbox_before = heeyu_cache_outbox_count (cache);

  company = g_list_model_get_item (G_LIST_MODEL (heeyu_companies_page_get_list (f->page)), 0);
  heeyu_companies_page_open_company (f->page, company);

  /* The sample is the user's own data: they may edit it. */
  editor = heeyu_company_editor_new (cache, heeyu_company_get_id (company), &error);
  g_assert_no_error (error);
  form = HEEYU_COMPANY_EDITOR (editor);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (editor));

  /* Nothing changed yet: nothing to save. */
  g_assert_false (heeyu_company_editor_can_save (form));

  /* A business number with a wrong check digit is explained beside the
   * field and cannot be saved. */
  gtk_editable_set_text (heeyu_company_editor_get_field (form, "employees"), "120");
  g_assert_true (heeyu_company_editor_can_save (form));
  gtk_editable_set_text (heeyu_company_editor_get_field (form, "reg_no"), "123-45-67890");
  g_assert_nonnull (heeyu_company_editor_get_message (form, "reg_no"));
  g_assert_false (heeyu_company_editor_can_save (form));
  g_assert_false (heeyu_company_editor_save (form));
  g_assert_cmpuint (heeyu_cache_outbox_count (cache), ==, outbox_before);

  shot = g_strdup_printf ("directory-edit-%s.png", f->lang);
  heeyu_test_ui_save_screenshot (editor, shot);

  /* Put it right: it saves, and the edit waits in the outbox. */
  gtk_editable_set_text (heeyu_company_editor_get_field (form, "reg_no"), heeyu_company_get_reg_no (company));
  g_assert_null (heeyu_company_editor_get_message (form, "reg_no"));
  g_assert_true (heeyu_company_editor_save (form));
  heeyu_test_ui_spin (20);
  g_assert_cmpuint (heeyu_cache_outbox_count (cache), ==, outbox_before + 1);
  saved = heeyu_company_load (heeyu_cache_get_db (cache), heeyu_company_get_rowid (company));
  g_assert_cmpint (heeyu_company_get_employees (saved), ==, 120);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (heeyu_companies_page_get_widget (f->page, "leaflet"));
  g_autoptr(HeeyuCompany) company = NULL;
  g_autofree char *shot = NULL;
  int min_width;

  /* The page fits a phone-sized window (360 px, the window's minimum). */
  gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);

  /* Stacked: the list first, then the company over it, with a way back. */
  heeyu_test_ui_settle (300);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "browse");
  shot = g_strdup_printf ("directory-narrow-%s.png", f->lang);
  heeyu_test_ui_save_screenshot (GTK_WIDGET (f->window), shot);

  company = g_list_model_get_item (G_LIST_MODEL (heeyu_companies_page_get_list (f->page)), 3);
  heeyu_companies_page_open_company (f->page, company);
  heeyu_test_ui_settle (300);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "detail");
  g_free (shot);
  shot = g_strdup_printf ("directory-narrow-detail-%s.png", f->lang);
  heeyu_test_ui_save_screenshot (GTK_WIDGET (f->window), shot);

  gtk_widget_activate_action (heeyu_companies_page_get_widget (f->page, "detail"), "page.back", NULL);
  heeyu_test_ui_settle (300);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "browse");
}

int
main (int   argc,
      char *argv[])
{
  static Params wide = { "en", 1400 }, narrow = { "en", 400 };

  if (!heeyu_test_ui_init (&argc, &argv))
    return 0;
  /* GTK_IM_MODULE_EXTENSION_POINT_NAME is not in the public headers of 4.8. */
  g_io_extension_point_implement ("gtk-im-module", TEST_TYPE_IM, "heeyu-test-im", 0);

  if (g_strcmp0 (g_getenv ("LANGUAGE"), "ko") == 0)
    wide.lang = narrow.lang = "ko";
  g_test_add ("/ui-directory/search", Fixture, &wide, fixture_setup, test_search, fixture_teardown);
  g_test_add ("/ui-directory/search-fails", Fixture, &wide, fixture_setup, test_search_fails, fixture_teardown);
  g_test_add ("/ui-directory/preedit", Fixture, &wide, fixture_setup, test_preedit, fixture_teardown);
  g_test_add ("/ui-directory/filters", Fixture, &wide, fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/ui-directory/company-and-note", Fixture, &wide, fixture_setup, test_company_and_note, fixture_teardown);
  g_test_add ("/ui-directory/edit", Fixture, &wide, fixture_setup, test_edit, fixture_teardown);
  g_test_add ("/ui-directory/narrow", Fixture, &narrow, fixture_setup, test_narrow, fixture_teardown);

  return g_test_run ();
}
