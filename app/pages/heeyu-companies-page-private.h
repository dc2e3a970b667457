/* heeyu-companies-page-private.h: shared by the page and its export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "heeyu-companies-page.h"
#include "heeyu-company-detail.h"
#include "heeyu-company-query.h"
#include "heeyu-facet-sidebar.h"

G_BEGIN_DECLS

struct _HeeyuCompaniesPage
{
  GtkWidget            parent_instance;

  HeeyuCache          *cache;
  HeeyuCompanyList    *list;
  GtkSingleSelection  *selection;
  HeeyuCompanyQuery   *query;
  GSettings           *settings;
  GSimpleActionGroup  *actions;
  GtkIMContext        *im_context;
  GCancellable        *export_cancellable;
  GtkColumnViewColumn *columns[6];
  guint                search_idle;
  guint                columns_idle;
  gboolean             loaded_once;

  /* Template widgets */
  AdwLeaflet          *leaflet;
  AdwFlap             *flap;
  GtkWidget           *flap_box;
  HeeyuFacetSidebar   *facet_sidebar;
  GtkWidget           *sidebar_clear_button;
  GtkToggleButton     *filter_button;
  GtkSearchEntry      *search_entry;
  GtkImage            *sort_image;
  GtkLabel            *sort_label;
  GtkRevealer         *chips_revealer;
  GtkFlowBox          *chip_box;
  GtkSpinner          *search_spinner;
  GtkLabel            *count_label;
  GtkStack            *stack;
  AdwStatusPage       *failed_page;
  GtkColumnView       *column_view;
  GtkScrolledWindow   *list_scrolled;
  GtkWidget           *detail_separator;
  GtkWidget           *clear_button;
  AdwStatusPage       *error_page;
  HeeyuCompanyDetail  *detail;
};

/* Runs the page's query: chips, sort button, GSettings and the list. */
void     heeyu_companies_page_apply_query     (HeeyuCompaniesPage *self);
gboolean heeyu_companies_page_toggle_filters  (GtkWidget          *widget,
                                               GVariant           *args,
                                               gpointer            user_data);
/* page.export ("view-csv", "view-xlsx", "all-csv", "all-xlsx"), in
 * heeyu-companies-export.c. */
void     heeyu_companies_page_export_cb       (GSimpleAction      *action,
                                               GVariant           *parameter,
                                               gpointer            user_data);

G_END_DECLS
