/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "heeyu-application.h"
#include "heeyu-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HeeyuApplication) app = NULL;
  const char *localedir;
  HeeyuCliResult cli;

  setlocale (LC_ALL, "");
  /* An uninstalled build points this at build/po. */
  localedir = g_getenv ("HEEYU_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cli = heeyu_cli_run (&argc, &argv);
  if (cli.ran_job)
    return cli.exit_status;

  app = heeyu_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
