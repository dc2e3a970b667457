/* test-present-deck.c: the slide controller's keys, auto-advance, and decks
 * saved and opened again — no display needed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/gdkkeysyms.h>
#include <glib/gstdio.h>

#include "heeyu-deck.h"
#include "heeyu-deck-controller.h"

static HeeyuDeckController *
controller_at (guint n,
               guint current)
{
  HeeyuDeckController *c = heeyu_deck_controller_new (n);

  heeyu_deck_controller_set_current (c, current);
  return c;
}

/* Every key a presenter or a clicker sends moves the way Impress does. */
static void
test_keys_move (void)
{
  static const guint next_keys[] = {
    GDK_KEY_space, GDK_KEY_Right, GDK_KEY_Down, GDK_KEY_Page_Down, GDK_KEY_Return,
    GDK_KEY_n, GDK_KEY_N, GDK_KEY_KP_Enter, GDK_KEY_KP_Page_Down, GDK_KEY_KP_Right,
    GDK_KEY_KP_Down,
  };
  static const guint prev_keys[] = {
    GDK_KEY_Left, GDK_KEY_Up, GDK_KEY_Page_Up, GDK_KEY_BackSpace, GDK_KEY_p, GDK_KEY_P,
    GDK_KEY_KP_Page_Up, GDK_KEY_KP_Left, GDK_KEY_KP_Up,
  };

  for (guint i = 0; i < G_N_ELEMENTS (next_keys); i++)
    {
      g_autoptr(HeeyuDeckController) c = controller_at (5, 2);

      g_assert_cmpint (heeyu_deck_controller_handle_key (c, next_keys[i]), ==, HEEYU_DECK_ACTION_NEXT);
      g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 3);
    }
  for (guint i = 0; i < G_N_ELEMENTS (prev_keys); i++)
    {
      g_autoptr(HeeyuDeckController) c = controller_at (5, 2);

      g_assert_cmpint (heeyu_deck_controller_handle_key (c, prev_keys[i]), ==,
                       HEEYU_DECK_ACTION_PREVIOUS);
      g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 1);
    }

  {
    g_autoptr(HeeyuDeckController) c = controller_at (5, 2);

    g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_End), ==, HEEYU_DECK_ACTION_LAST);
    g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 4);
    /* Past the ends nothing wraps by hand. */
    heeyu_deck_controller_handle_key (c, GDK_KEY_Page_Down);
    g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 4);
    g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_Home), ==, HEEYU_DECK_ACTION_FIRST);
    g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 0);
    heeyu_deck_controller_handle_key (c, GDK_KEY_Page_Up);
    g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 0);
    g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_KP_End), ==, HEEYU_DECK_ACTION_LAST);
    g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_KP_Home), ==, HEEYU_DECK_ACTION_FIRST);
    /* A key that means nothing does nothing. */
    g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_x), ==, HEEYU_DECK_ACTION_NONE);
    g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 0);
  }
}

static void
on_end_cb (HeeyuDeckController *c,
           guint               *count)
{
  (*count)++;
}

static void
test_keys_jump (void)
{
  g_autoptr(HeeyuDeckController) c = controller_at (20, 0);

  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_1), ==, HEEYU_DECK_ACTION_DIGIT);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_2), ==, HEEYU_DECK_ACTION_DIGIT);
  g_assert_cmpuint (heeyu_deck_controller_get_pending_number (c), ==, 12);
  /* Typing digits does not move yet. */
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 0);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_Return), ==, HEEYU_DECK_ACTION_GOTO);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 11);
  g_assert_cmpuint (heeyu_deck_controller_get_pending_number (c), ==, 0);

  /* Keypad digits and Enter; a number past the end goes to the last. */
  heeyu_deck_controller_handle_key (c, GDK_KEY_KP_9);
  heeyu_deck_controller_handle_key (c, GDK_KEY_KP_9);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_KP_Enter), ==, HEEYU_DECK_ACTION_GOTO);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 19);

  /* Backspace takes back a digit, not a slide. */
  heeyu_deck_controller_handle_key (c, GDK_KEY_3);
  heeyu_deck_controller_handle_key (c, GDK_KEY_4);
  heeyu_deck_controller_handle_key (c, GDK_KEY_BackSpace);
  g_assert_cmpuint (heeyu_deck_controller_get_pending_number (c), ==, 3);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 19);
  heeyu_deck_controller_handle_key (c, GDK_KEY_Return);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 2);

  /* Esc forgets a number being typed and does not end the show. */
  {
    guint ended = 0;
    g_signal_connect (c, "end-requested", G_CALLBACK (on_end_cb), &ended);
    heeyu_deck_controller_handle_key (c, GDK_KEY_5);
    g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_Escape), ==, HEEYU_DECK_ACTION_NONE);
    g_assert_cmpuint (heeyu_deck_controller_get_pending_number (c), ==, 0);
    g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 2);
    g_assert_cmpuint (ended, ==, 0);
  }

  /* Another key forgets the number and does its own job. */
  heeyu_deck_controller_handle_key (c, GDK_KEY_7);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_Page_Down), ==, HEEYU_DECK_ACTION_NEXT);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 3);
  g_assert_cmpuint (heeyu_deck_controller_get_pending_number (c), ==, 0);
}

static void
test_keys_blank_and_end (void)
{
  g_autoptr(HeeyuDeckController) c = controller_at (5, 1);
  guint ended = 0;

  g_signal_connect (c, "end-requested", G_CALLBACK (on_end_cb), &ended);

  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_b), ==, HEEYU_DECK_ACTION_BLACK);
  g_assert_cmpint (heeyu_deck_controller_get_blank (c), ==, HEEYU_DECK_BLANK_BLACK);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_B), ==, HEEYU_DECK_ACTION_UNBLANK);
  g_assert_cmpint (heeyu_deck_controller_get_blank (c), ==, HEEYU_DECK_BLANK_NONE);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_period), ==, HEEYU_DECK_ACTION_BLACK);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_period), ==, HEEYU_DECK_ACTION_UNBLANK);

  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_w), ==, HEEYU_DECK_ACTION_WHITE);
  g_assert_cmpint (heeyu_deck_controller_get_blank (c), ==, HEEYU_DECK_BLANK_WHITE);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_W), ==, HEEYU_DECK_ACTION_UNBLANK);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_comma), ==, HEEYU_DECK_ACTION_WHITE);
  /* Black over white switches, it does not go back to the slide. */
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_b), ==, HEEYU_DECK_ACTION_BLACK);
  g_assert_cmpint (heeyu_deck_controller_get_blank (c), ==, HEEYU_DECK_BLANK_BLACK);
  /* A clicker's next from black shows the next slide. */
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_Page_Down), ==, HEEYU_DECK_ACTION_NEXT);
  g_assert_cmpint (heeyu_deck_controller_get_blank (c), ==, HEEYU_DECK_BLANK_NONE);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 2);

  heeyu_deck_controller_handle_key (c, GDK_KEY_B);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_Escape), ==, HEEYU_DECK_ACTION_END);
  g_assert_cmpuint (ended, ==, 1);
}

static void
test_auto_advance (void)
{
  g_autoptr(HeeyuDeckController) c = controller_at (3, 0);

  /* By hand: the timer does nothing. */
  g_assert_false (heeyu_deck_controller_tick (c));

  heeyu_deck_controller_set_interval (c, 10);
  heeyu_deck_controller_set_loop (c, TRUE);
  g_assert_true (heeyu_deck_controller_is_running (c));
  g_assert_true (heeyu_deck_controller_tick (c));
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 1);
  g_assert_true (heeyu_deck_controller_tick (c));
  /* Looping: after the last comes the first. */
  g_assert_true (heeyu_deck_controller_tick (c));
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 0);

  /* Any key pauses it ... */
  heeyu_deck_controller_handle_key (c, GDK_KEY_Right);
  g_assert_true (heeyu_deck_controller_get_paused (c));
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 1);
  g_assert_false (heeyu_deck_controller_tick (c));
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 1);
  heeyu_deck_controller_handle_key (c, GDK_KEY_x);
  g_assert_true (heeyu_deck_controller_get_paused (c));

  /* ... and A resumes it. */
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_a), ==, HEEYU_DECK_ACTION_RESUME);
  g_assert_false (heeyu_deck_controller_get_paused (c));
  g_assert_true (heeyu_deck_controller_tick (c));
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 2);

  /* A blacked-out screen stays black. */
  heeyu_deck_controller_handle_key (c, GDK_KEY_b);
  heeyu_deck_controller_handle_key (c, GDK_KEY_A);
  g_assert_false (heeyu_deck_controller_tick (c));
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 2);

  /* Without loop it stops at the end. */
  {
    g_autoptr(HeeyuDeckController) d = controller_at (2, 0);

    heeyu_deck_controller_set_interval (d, 5);
    heeyu_deck_controller_set_loop (d, FALSE);
    g_assert_true (heeyu_deck_controller_tick (d));
    g_assert_false (heeyu_deck_controller_tick (d));
    g_assert_cmpuint (heeyu_deck_controller_get_current (d), ==, 1);
  }
}

/* A slide removed under the show (a deck edited): the show stays on a
 * slide that exists. */
static void
test_fewer_slides (void)
{
  g_autoptr(HeeyuDeckController) c = controller_at (8, 7);

  heeyu_deck_controller_set_n_slides (c, 3);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 2);
  heeyu_deck_controller_set_n_slides (c, 0);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 0);
  g_assert_cmpint (heeyu_deck_controller_handle_key (c, GDK_KEY_space), ==, HEEYU_DECK_ACTION_NEXT);
  g_assert_cmpuint (heeyu_deck_controller_get_current (c), ==, 0);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("heeyu-decks-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

static void
test_deck_round_trip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(HeeyuDeck) a = heeyu_deck_new ("개회식");
  g_autoptr(HeeyuDeck) b = heeyu_deck_new ("council meeting");
  g_autoptr(HeeyuDeck) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  const char *metals[] = { "REE", "Ga", "Li", NULL };
  HeeyuSlideKind order[] = { HEEYU_SLIDE_TITLE, HEEYU_SLIDE_RISK, HEEYU_SLIDE_METALS,
                             HEEYU_SLIDE_CLOSING };

  a->title = g_strdup ("한국희유금속산업발전센터");
  a->subtitle = g_strdup ("Korea Rare Metals Industry Development Center");
  a->language = HEEYU_DECK_LANGUAGE_BOTH;
  a->interval = 15;
  a->loop = FALSE;
  heeyu_deck_set_metals (a, metals);
  g_array_set_size (a->slides, 0);
  g_array_append_vals (a->slides, order, G_N_ELEMENTS (order));

  g_assert_true (heeyu_deck_save (a, dir, &error));
  g_assert_no_error (error);
  g_assert_true (heeyu_deck_save (b, dir, &error));

  names = heeyu_deck_list (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) names, "개회식"));
  g_assert_true (g_strv_contains ((const char * const *) names, "council meeting"));

  loaded = heeyu_deck_load (dir, "개회식", &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_deck_equal (a, loaded));
  g_assert_cmpstr (((char **) loaded->metals->pdata)[0], ==, "REE");
  g_assert_cmpuint (g_strv_length ((char **) heeyu_deck_get_notes (loaded)), ==, 0);
  g_clear_pointer (&loaded, heeyu_deck_free);

  loaded = heeyu_deck_load (dir, "council meeting", &error);
  g_assert_no_error (error);
  g_assert_true (heeyu_deck_equal (b, loaded));
  g_clear_pointer (&loaded, heeyu_deck_free);

  g_assert_true (heeyu_deck_delete (dir, "council meeting", &error));
  g_assert_null (heeyu_deck_load (dir, "council meeting", &error));
  g_assert_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_NOT_FOUND);

  remove_dir (dir);
}

static void
test_deck_bad_input (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "broken.json", NULL);
  g_autoptr(HeeyuDeck) deck = NULL;
  g_autoptr(GError) error = NULL;
  static const char *bad_names[] = { "", ".hidden", "a/b", "a\\b", "tab\there", "   " };

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_autoptr(HeeyuDeck) d = heeyu_deck_new (bad_names[i]);
      g_autoptr(GError) e = NULL;

      g_assert_false (heeyu_deck_name_is_valid (bad_names[i]));
      g_assert_false (heeyu_deck_save (d, dir, &e));
      g_assert_error (e, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_NAME);
    }

  /* Not JSON: a message naming the deck. */
  g_assert_true (g_file_set_contents (path, "{ not json", -1, NULL));
  g_assert_null (heeyu_deck_load (dir, "broken", &error));
  g_assert_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "broken"));
  g_clear_error (&error);

  /* From a newer Heeyu, or edited by hand: what can be used is kept. */
  deck = heeyu_deck_new_from_json ("{\"slides\": [\"title\", \"hologram\", 3, \"closing\"],"
                                   " \"metals\": [\"Ga\", 7, \"Ga\", \"\"], \"interval\": -4,"
                                   " \"language\": \"klingon\", \"loop\": \"yes\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deck->slides->len, ==, 2);
  g_assert_cmpuint (deck->metals->len, ==, 1);
  g_assert_cmpuint (deck->interval, ==, 0);
  g_assert_cmpint (deck->language, ==, HEEYU_DECK_LANGUAGE_AUTO);
  g_assert_true (deck->loop);
  g_assert_cmpuint (g_strv_length ((char **) heeyu_deck_get_notes (deck)), ==, 6);
  g_clear_pointer (&deck, heeyu_deck_free);

  /* An empty object is the default deck. */
  deck = heeyu_deck_new_from_json ("{}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deck->slides->len, ==, HEEYU_SLIDE_N_KINDS);
  g_clear_pointer (&deck, heeyu_deck_free);

  g_assert_null (heeyu_deck_new_from_json ("[1, 2]", -1, &error));
  g_assert_error (error, HEEYU_DECK_ERROR, HEEYU_DECK_ERROR_PARSE);
  g_clear_error (&error);

  /* No decks folder yet: no decks, no error. */
  {
    g_autofree char *none = g_build_filename (dir, "nothing-here", NULL);
    g_auto(GStrv) names = heeyu_deck_list (none, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (names), ==, 0);
  }

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/present/controller/keys/move", test_keys_move);
  g_test_add_func ("/present/controller/keys/jump", test_keys_jump);
  g_test_add_func ("/present/controller/keys/blank-and-end", test_keys_blank_and_end);
  g_test_add_func ("/present/controller/auto-advance", test_auto_advance);
  g_test_add_func ("/present/controller/fewer-slides", test_fewer_slides);
  g_test_add_func ("/present/deck/round-trip", test_deck_round_trip);
  g_test_add_func ("/present/deck/bad-input", test_deck_bad_input);

  return g_test_run ();
}
