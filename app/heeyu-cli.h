/* heeyu-cli.h: the headless command line, handled before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean ran_job;      /* a headless option was given: exit with exit_status */
  int      exit_status;
} HeeyuCliResult;

/* Parses @argv.  Headless options (--import, --status, --version,
 * --export-metals, ...) run their job here with no display; @argv is left
 * with what the GUI should see. */
HeeyuCliResult heeyu_cli_run (int    *argc,
                              char ***argv);

G_END_DECLS
