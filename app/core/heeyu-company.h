/* heeyu-company.h: one company of the directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define HEEYU_TYPE_COMPANY (heeyu_company_get_type ())
G_DECLARE_FINAL_TYPE (HeeyuCompany, heeyu_company, HEEYU, COMPANY, GObject)

/* Properties (read-only, all from the record): "rowid", "id", "name-ko",
 * "name-en", "reg-no", "region", "city", "complex", "employees", "founded",
 * "products", "specialized". */
gint64               heeyu_company_get_rowid     (HeeyuCompany *self);
const char          *heeyu_company_get_id        (HeeyuCompany *self);
const char          *heeyu_company_get_name_ko   (HeeyuCompany *self);
const char          *heeyu_company_get_name_en   (HeeyuCompany *self);
const char          *heeyu_company_get_reg_no    (HeeyuCompany *self);
const char          *heeyu_company_get_region    (HeeyuCompany *self);
const char          *heeyu_company_get_city      (HeeyuCompany *self);
const char          *heeyu_company_get_complex   (HeeyuCompany *self);
const char          *heeyu_company_get_products  (HeeyuCompany *self);
int                  heeyu_company_get_employees (HeeyuCompany *self);  /* -1 when unknown */
int                  heeyu_company_get_founded   (HeeyuCompany *self);  /* 0 when unknown */
gboolean             heeyu_company_get_specialized (HeeyuCompany *self);
const char * const  *heeyu_company_get_metals    (HeeyuCompany *self);
const char * const  *heeyu_company_get_stages    (HeeyuCompany *self);
/* The record's `data` as JSON text, for the detail pane and exports. */
const char          *heeyu_company_get_data_json (HeeyuCompany *self);

/* Loads one company by its rowid from @db; NULL if it is gone. */
HeeyuCompany        *heeyu_company_load          (sqlite3      *db,
                                                  gint64        rowid);

G_END_DECLS
