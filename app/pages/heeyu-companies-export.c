/* heeyu-companies-export.c: page.export, the directory to CSV or XLSX
 *
 * The file chooser asks where; the core writes in a worker; a toast says
 * how it went.  The query is copied when the user picks the file, so
 * typing on while it runs does not change what is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "heeyu-companies-page-private.h"
#include "heeyu-company-export.h"
#include "heeyu-window.h"

typedef struct
{
  HeeyuCompaniesPage       *page;
  HeeyuCompanyQuery        *query;     /* NULL: the whole directory */
  HeeyuCompanyExportFormat  format;
  char                     *basename;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->page);
  g_clear_pointer (&job->query, heeyu_company_query_free);
  g_free (job->basename);
  g_free (job);
}

static void
toast (HeeyuCompaniesPage *self,
       const char         *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (HEEYU_IS_WINDOW (root))
    heeyu_window_add_toast (HEEYU_WINDOW (root), message);
  else
    g_message ("%s", message);
}

/* Says how it went, in a toast and in "export-finished". */
static void
finish (ExportJob  *job,
        guint       n_rows,
        const char *error_message)
{
  g_autofree char *message = NULL;

  if (error_message != NULL)
    /* TRANSLATORS: %s is a file name, then the reason in words */
    message = g_strdup_printf (_("Could not export to “%s”: %s"), job->basename, error_message);
  else
    {
      g_autofree char *count = g_strdup_printf ("%u", n_rows);

      /* TRANSLATORS: first %s is a number of companies, second a file name */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s company to “%s”",
                                              "Exported %s companies to “%s”", n_rows),
                                 count, job->basename);
    }

  toast (job->page, message);
  g_signal_emit_by_name (job->page, "export-finished", message, error_message == NULL);
  export_job_free (job);
}

static void
on_export_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ExportJob *job = user_data;
  g_autoptr(GError) error = NULL;
  guint n_rows = 0;

  if (!heeyu_company_export_finish (HEEYU_CACHE (source), result, &n_rows, &error))
    {
      /* Cancelled: the page is going away; nobody to tell. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        export_job_free (job);
      else
        finish (job, 0, error->message);
      return;
    }

  finish (job, n_rows, NULL);
}

static void
start_export (ExportJob  *job,
              const char *chosen_path)
{
  HeeyuCompaniesPage *self = job->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (chosen_path);
  HeeyuCompanyExportFormat format;

  /* A name without an extension gets the one of the chosen format; a name
   * with another one is refused in words by the core. */
  if (!g_str_has_suffix (path, ".csv") && !g_str_has_suffix (path, ".xlsx")
      && !g_str_has_suffix (path, ".CSV") && !g_str_has_suffix (path, ".XLSX")
      && strrchr (path, '.') <= strrchr (path, G_DIR_SEPARATOR))
    {
      char *with_ext = g_strconcat (path, job->format == HEEYU_COMPANY_EXPORT_XLSX ? ".xlsx" : ".csv", NULL);

      g_free (path);
      path = with_ext;
    }

  job->basename = g_path_get_basename (path);
  if (!heeyu_company_export_format_for_path (path, &format, &error))
    {
      finish (job, 0, error->message);
      return;
    }
  job->format = format;

  g_clear_object (&self->export_cancellable);
  self->export_cancellable = g_cancellable_new ();
  heeyu_company_export_async (self->cache, job->query, path, format,
                              self->export_cancellable, on_export_done_cb, job);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        ExportJob       *job)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL || job->page->cache == NULL)
    {
      export_job_free (job);
      return;
    }

  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (job->page, _("Could not export: choose a folder on this computer"));
      export_job_free (job);
      return;
    }

  start_export (job, path);
}

static ExportJob *
export_job_new (HeeyuCompaniesPage *self,
                gboolean            whole,
                gboolean            xlsx)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->page = g_object_ref (self);
  job->format = xlsx ? HEEYU_COMPANY_EXPORT_XLSX : HEEYU_COMPANY_EXPORT_CSV;
  if (!whole)
    job->query = heeyu_company_query_copy (self->query);
  return job;
}

void
heeyu_companies_page_export_to (HeeyuCompaniesPage *self,
                                const char         *path,
                                gboolean            whole)
{
  g_return_if_fail (HEEYU_IS_COMPANIES_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->cache == NULL)
    return;

  start_export (export_job_new (self, whole, g_str_has_suffix (path, ".xlsx")), path);
}

void
heeyu_companies_page_export_cb (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  HeeyuCompaniesPage *self = user_data;
  const char *what = g_variant_get_string (parameter, NULL);
  gboolean view = g_str_has_prefix (what, "view-");
  gboolean xlsx = g_str_has_suffix (what, "-xlsx");
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  ExportJob *job;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->cache == NULL)
    return;

  job = export_job_new (self, !view, xlsx);

  chooser = gtk_file_chooser_native_new (view ? _("Export This View") : _("Export Whole Directory"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  if (xlsx)
    {
      gtk_file_filter_set_name (filter, _("Excel Workbook (.xlsx)"));
      gtk_file_filter_add_suffix (filter, "xlsx");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Comma-Separated Values (.csv)"));
      gtk_file_filter_add_suffix (filter, "csv");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  /* TRANSLATORS: default file name of an export; %s is today's date.
   * Keep it short, without slashes. */
  name = g_strdup_printf ("%s-%s.%s", view ? _("companies") : _("company-directory"),
                          date, xlsx ? "xlsx" : "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
