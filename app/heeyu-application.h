/* heeyu-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "heeyu-cache.h"

G_BEGIN_DECLS

typedef enum
{
  HEEYU_APPLICATION_LOADING,   /* opening the cache, first-start ingest */
  HEEYU_APPLICATION_READY,
  HEEYU_APPLICATION_FAILED,    /* see heeyu_application_get_error() */
} HeeyuApplicationState;

#define HEEYU_TYPE_APPLICATION (heeyu_application_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuApplication, heeyu_application, HEEYU, APPLICATION, AdwApplication)

HeeyuApplication      *heeyu_application_new        (void);
/* NULL until the state is READY. */
HeeyuCache            *heeyu_application_get_cache  (HeeyuApplication *self);
HeeyuApplicationState  heeyu_application_get_state  (HeeyuApplication *self);
const GError          *heeyu_application_get_error  (HeeyuApplication *self);
GSettings             *heeyu_application_get_settings (HeeyuApplication *self);

G_END_DECLS
