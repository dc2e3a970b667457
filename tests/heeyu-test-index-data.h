/* heeyu-test-index-data.h: the worked examples of docs/methodology.md, as
 * index inputs, and the sample dataset's methodology record, for the index
 * tests (test-index.c, test-index-methodology.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "heeyu-index.h"

G_BEGIN_DECLS

/* "To the decimal": what the document prints with one decimal. */
#define assert_decimal(value, expected) \
  g_assert_cmpfloat_with_epsilon ((value), (expected), 0.05)
#define assert_hundredth(value, expected) \
  g_assert_cmpfloat_with_epsilon ((value), (expected), 0.005)

/* The sample dataset's record (bench/heeyu-datagen.c). */
extern const char heeyu_test_sample_methodology[];

HeeyuIndexInputs  heeyu_test_gallium_inputs         (void);
HeeyuIndexInputs  heeyu_test_nickel_inputs          (void);
HeeyuMethodology *heeyu_test_sample_methodology_new (void);

/* The result's component @key, which must exist; inline and short, for the
 * assertions that read it. */
static inline const HeeyuIndexComponent *
component (const HeeyuIndexResult *r,
           const char             *key)
{
  const HeeyuIndexComponent *c = heeyu_index_result_get_component (r, key);

  g_assert_nonnull (c);
  return c;
}

G_END_DECLS
