/* heeyu-bitset.h: sets of company rowids as SQLite values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The directory filters and counts 100,000 companies per keystroke.  Rows
 * of (company, value) cost SQLite a step each, so a common term's thousands
 * of matches took tens of ms per statement.  The sets here are SQL values
 * instead: a BLOB with bit i set for rowid i, built, combined and counted
 * by SQL functions registered on every connection of the cache, so a count
 * is one statement over a few hundred rows at any size of the match.
 *
 * SQL functions (a NULL set means "no constraint" to bitset_and() and
 * bitset_select(), "empty" to the others):
 *   bitset(rowid)              aggregate: the set of the rowids
 *   bitset_union(set)          aggregate: OR of the sets (an empty set, not
 *                              NULL, for no rows)
 *   bitset_and(set, ...)       intersection; NULL if every argument is
 *   bitset_or(set, ...)        union
 *   bitset_count(set)          number of members
 *   bitset_and_count(a, b)     members of both, without building the set
 *   postings_bitset(postings)  the set a stored gram posting list holds
 *   bitset_select(order, set)  of @order (rowids as 64-bit integers, the
 *                              form heeyu_bitset_order_new() writes), those
 *                              in @set, in the same order
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Registers the functions above on @db. */
gboolean  heeyu_bitset_register          (sqlite3        *db);

/* Posting lists, the stored form of the gram index's sets: a sorted array
 * of 32-bit rowids or a bitmap, whichever is smaller, tagged by the first
 * byte; little-endian either way.  @ids: ascending, without repeats. */
guint8   *heeyu_postings_encode          (const guint32  *ids,
                                          gsize           n_ids,
                                          gsize          *length);
/* Appends the rowids of @postings to @ids (guint32), ascending; FALSE for
 * a malformed value. */
gboolean  heeyu_postings_decode          (const void     *postings,
                                          gsize           length,
                                          GArray         *ids);

G_END_DECLS
