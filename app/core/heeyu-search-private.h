/* heeyu-search-private.h: text normalization shared by the search index and
 * the queries, so that both see the same characters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Longest query, in characters, that a search looks at. */
#define HEEYU_SEARCH_MAX_CHARS 64

/* NFKC, casefolded, with whitespace and control characters removed.  Returns
 * "" for NULL.  At most @max_chars characters are kept (-1: all). */
char       *heeyu_search_normalize       (const char *text,
                                          int         max_chars);

/* The digits of @text if it is made only of digits, dashes and spaces (a
 * business registration number typed either way), else NULL. */
char       *heeyu_search_digits_only     (const char *text);

/* The text indexed by the trigram table for one company: normalized name_ko,
 * name_en, products and the digits of reg_no, separated by newlines (a
 * character no normalized query contains, so no match spans two fields). */
char       *heeyu_search_company_text    (const char *name_ko,
                                          const char *name_en,
                                          const char *products,
                                          const char *reg_no);

/* Adds every distinct 1- and 2-character substring of each newline-separated
 * field of @search_text (except the reg_no field) to @grams, as strings. */
void        heeyu_search_collect_grams   (const char *search_text,
                                          GHashTable *grams);

/* A key whose byte order is the display order of company names: Hangul
 * first (가나다 order), then Latin, then digits, then anything else; a legal
 * form such as (주) or 주식회사 in front of the name is skipped. */
char       *heeyu_search_sort_key        (const char *name_ko,
                                          const char *name_en);

/* Keeps the search rows (company_search and through its triggers the
 * trigram index, company_gram_set, metal_alias) in step with the company
 * and metal tables.  Its statements are prepared once and reused, so one
 * writer serves a whole import.  Changes to company_gram_set are gathered
 * and written by heeyu_search_writer_flush(), which the transaction must
 * call before it commits (or at any time before). */
typedef struct _HeeyuSearchWriter HeeyuSearchWriter;

HeeyuSearchWriter *heeyu_search_writer_new            (sqlite3            *db,
                                                       GError            **error);
void               heeyu_search_writer_free           (HeeyuSearchWriter  *writer);
gboolean           heeyu_search_writer_set_company    (HeeyuSearchWriter  *writer,
                                                       gint64              rowid,
                                                       const char         *name_ko,
                                                       const char         *name_en,
                                                       const char         *products,
                                                       const char         *reg_no,
                                                       GError            **error);
/* Call before the company row itself is deleted. */
gboolean           heeyu_search_writer_remove_company (HeeyuSearchWriter  *writer,
                                                       gint64              rowid,
                                                       GError            **error);
gboolean           heeyu_search_writer_flush          (HeeyuSearchWriter  *writer,
                                                       GError            **error);
/* @names: the metal's code, name_en, name_ko and aliases_ko; NULL to remove. */
gboolean           heeyu_search_writer_set_metal      (HeeyuSearchWriter  *writer,
                                                       const char         *code,
                                                       const char * const *names,
                                                       GError            **error);

/* The names a metal can be searched by: code, name_en, name_ko, aliases_ko
 * of its record's data (a JsonObject). */
char             **heeyu_search_metal_names           (const char         *code,
                                                       gpointer            data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeeyuSearchWriter, heeyu_search_writer_free)

/* Recomputes company_search (and the trigram index) and metal_alias from the
 * company and metal tables (migration to the search schema). */
gboolean           heeyu_search_rebuild_text          (sqlite3            *db,
                                                       GError            **error);
/* Recomputes company_gram_set from company_search (migration to the
 * posting lists). */
gboolean           heeyu_search_rebuild_grams         (sqlite3            *db,
                                                       GError            **error);

G_END_DECLS
