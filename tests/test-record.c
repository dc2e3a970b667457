/* test-record.c: the schemas every record is checked against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "heeyu-record.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static HeeyuEnvelope *
parse_envelope (const char  *json,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, json, -1, NULL))
    g_error ("test JSON does not parse: %s", json);
  return heeyu_envelope_from_json (json_parser_get_root (parser), error);
}

static void
assert_valid (const char *kind,
              const char *json)
{
  g_autoptr(JsonObject) data = parse_object (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (heeyu_record_validate (kind, data, &error));
  g_assert_no_error (error);
}

/* The message must name the field, or the user cannot fix the file. */
static void
assert_invalid (const char *kind,
                const char *json,
                const char *message_part)
{
  g_autoptr(JsonObject) data = parse_object (json);
  g_autoptr(GError) error = NULL;

  g_assert_false (heeyu_record_validate (kind, data, &error));
  g_assert_error (error, HEEYU_RECORD_ERROR, HEEYU_RECORD_ERROR_INVALID);
  if (strstr (error->message, message_part) == NULL)
    g_error ("message \"%s\" does not mention \"%s\"", error->message, message_part);
}

static void
test_kinds (void)
{
  const char * const *kinds = heeyu_record_kinds ();

  g_assert_cmpuint (g_strv_length ((char **) kinds), ==, 6);
  g_assert_true (heeyu_record_kind_is_known ("company"));
  g_assert_true (heeyu_record_kind_is_known ("methodology"));
  g_assert_false (heeyu_record_kind_is_known ("Company"));
  g_assert_false (heeyu_record_kind_is_known ("user"));
  g_assert_false (heeyu_record_kind_is_known (NULL));
}

static void
test_valid_records (void)
{
  assert_valid ("metal",
                "{\"name_en\": \"Molybdenum\", \"name_ko\": \"몰리브데넘\", "
                "\"aliases_ko\": [\"몰리브덴\"], \"group\": \"refractory\", \"elements\": [\"Mo\"], "
                "\"lists\": {\"rare_metal_35\": true, \"critical_33\": true, \"strategic_10\": false}, "
                "\"uses\": [\"steel\"], \"stockpile_target_days\": 100, \"order\": 30}");
  assert_valid ("observation",
                "{\"metal\": \"Ga\", \"indicator\": \"production\", \"period\": \"2023\", "
                "\"value\": 750, \"unit\": \"t\", \"country\": \"CN\", \"stage\": \"refinery\", "
                "\"source\": \"USGS MCS 2024\", \"estimated\": true, \"synthetic\": false}");
  assert_valid ("observation",
                "{\"metal\": \"Ga\", \"indicator\": \"price\", \"period\": \"2023-07-14\", \"value\": 0.5}");
  assert_valid ("company",
                "{\"name_ko\": \"한울머티리얼즈\", \"name_en\": \"Hanwool Materials\", "
                "\"reg_no\": \"123-45-67890\", \"region\": \"KR-44\", \"city\": \"천안\", "
                "\"address\": \"…\", \"complex\": \"천안3산단\", \"lat\": 36.8, \"lon\": 127.1, "
                "\"founded\": 1998, \"employees\": 120, \"revenue_krw_m\": 5300.5, "
                "\"stages\": [\"refining\", \"materials\"], \"metals\": [\"Ga\", \"In\"], "
                "\"products\": \"갈륨 타깃\", \"specialized\": {\"designated\": true, \"year\": 2021}, "
                "\"certifications\": [\"ISO 9001\"], \"website\": \"https://example.kr\", "
                "\"email\": \"a@example.kr\", \"phone\": \"041-000-0000\"}");
  /* name_en is optional, and a null optional field counts as absent. */
  assert_valid ("company", "{\"name_ko\": \"가람\", \"name_en\": null}");
  assert_valid ("note",
                "{\"target_kind\": \"company\", \"target_id\": \"c1\", \"body\": \"확인함\", "
                "\"status\": \"verified\", \"author\": \"kim\"}");
  assert_valid ("event",
                "{\"metals\": [\"Ga\", \"Ge\"], \"date\": \"2023-08-01\", \"kind\": \"export_control\", "
                "\"title_en\": \"China licences\", \"title_ko\": \"중국 수출허가제\", \"country\": \"CN\", "
                "\"source\": \"MOFCOM\"}");
  assert_valid ("methodology",
                "{\"version\": \"1.0\", \"weights\": {\"hhi_production\": 0.3, \"price\": 0.2}, "
                "\"bands\": [{\"code\": \"crisis\", \"name_en\": \"Crisis\", \"name_ko\": \"수급위기\", "
                "\"min\": 0, \"max\": 1}]}");
  assert_valid ("methodology", "{\"version\": 2, \"weights\": {}, \"bands\": []}");
}

static void
test_required (void)
{
  assert_invalid ("metal", "{\"name_en\": \"Gallium\"}", "'name_ko' is required");
  assert_invalid ("metal", "{\"name_ko\": \"갈륨\"}", "'name_en' is required");
  assert_invalid ("observation", "{\"metal\": \"Ga\", \"indicator\": \"price\", \"period\": \"2023\"}",
                  "'value' is required");
  assert_invalid ("observation", "{\"metal\": \"Ga\", \"indicator\": \"price\", \"value\": 1}",
                  "'period' is required");
  assert_invalid ("company", "{\"name_en\": \"No Korean name\"}", "'name_ko' is required");
  assert_invalid ("company", "{\"name_ko\": null}", "'name_ko' is required");
  assert_invalid ("company", "{\"name_ko\": \"  \"}", "'name_ko' must not be empty");
  assert_invalid ("note", "{\"target_kind\": \"company\", \"target_id\": \"c1\", \"status\": \"open\"}",
                  "'body' is required");
  assert_invalid ("event", "{\"metals\": [\"Ga\"], \"kind\": \"policy\"}", "'date' is required");
  assert_invalid ("methodology", "{\"version\": \"1\", \"weights\": {}}", "'bands' is required");
}

static void
test_types (void)
{
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"founded\": \"1998\"}",
                  "company: field 'founded' must be an integer");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"employees\": 1.5}", "'employees' must be an integer");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"employees\": -3}", "'employees' must not be negative");
  assert_invalid ("company", "{\"name_ko\": 7}", "'name_ko' must be a string");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"metals\": \"Ga\"}", "'metals' must be an array of strings");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"metals\": [\"Ga\", 3]}", "'metals' must be an array of strings");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"stages\": [\"baking\"]}", "'stages' must be one of");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"reg_no\": \"12-34\"}", "'reg_no'");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"lat\": 123}", "'lat'");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"specialized\": {\"designated\": 1}}",
                  "'specialized.designated' must be true or false");
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"specialized\": {\"since\": 2020}}",
                  "'specialized.since' is not a field");
  assert_invalid ("metal", "{\"name_en\": \"Ga\", \"name_ko\": \"갈륨\", \"lists\": {\"rare_metal_35\": 1}}",
                  "'lists.rare_metal_35' must be true or false");
  assert_invalid ("observation", "{\"metal\": \"Ga\", \"indicator\": \"price\", \"period\": \"2023\", \"value\": \"12\"}",
                  "'value' must be a number");
  assert_invalid ("observation", "{\"metal\": \"Ga\", \"indicator\": \"price\", \"period\": \"July 2023\", \"value\": 1}",
                  "'period' must be a year");
  assert_invalid ("observation", "{\"metal\": \"Ga\", \"indicator\": \"price\", \"period\": \"2023-13\", \"value\": 1}",
                  "'period'");
  assert_invalid ("observation", "{\"metal\": \"Ga\", \"indicator\": \"x\", \"period\": \"2023\", \"value\": 1, \"country\": \"China\"}",
                  "'country' must be an ISO 3166-1");
  assert_invalid ("note", "{\"target_kind\": \"company\", \"target_id\": \"c1\", \"body\": \"x\", \"status\": \"done\"}",
                  "'status' must be one of open, verified, needs_update, resolved");
  assert_invalid ("note", "{\"target_kind\": \"user\", \"target_id\": \"c1\", \"body\": \"x\", \"status\": \"open\"}",
                  "'target_kind'");
  assert_invalid ("event", "{\"metals\": [\"Ga\"], \"date\": \"2023\", \"kind\": \"policy\"}", "'date' must be a date");
  assert_invalid ("event", "{\"metals\": [\"Ga\"], \"date\": \"2023-01-01\", \"kind\": \"war\"}", "'kind' must be one of");
  assert_invalid ("methodology", "{\"version\": \"1\", \"weights\": {\"a\": \"x\"}, \"bands\": []}",
                  "'weights.a' must be a number");
  assert_invalid ("methodology", "{\"version\": \"1\", \"weights\": {}, \"bands\": [{\"code\": \"x\"}]}",
                  "'bands[0].name_en' is required");
  assert_invalid ("methodology", "{\"version\": true, \"weights\": {}, \"bands\": []}", "'version'");
}

static void
test_unknown_fields (void)
{
  assert_invalid ("company", "{\"name_ko\": \"가람\", \"nmae_en\": \"Typo\"}", "'nmae_en' is not a field");
  assert_invalid ("metal", "{\"name_en\": \"Ga\", \"name_ko\": \"갈륨\", \"code\": \"Ga\"}", "'code' is not a field");
  assert_invalid ("observation", "{\"metal\": \"Ga\", \"indicator\": \"p\", \"period\": \"2023\", \"value\": 1, \"note\": \"x\"}",
                  "'note' is not a field");
}

static void
test_envelope (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuEnvelope) env = NULL;
  g_autoptr(HeeyuEnvelope) tomb = NULL;

  env = parse_envelope ("{\"kind\": \"company\", \"id\": \"c1\", \"data\": {\"name_ko\": \"가람\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (env->kind, ==, "company");
  g_assert_cmpstr (env->id, ==, "c1");
  g_assert_cmpint (env->rev, ==, 1);   /* a dataset may leave rev out */
  g_assert_false (env->deleted);
  g_assert_null (env->updated_at);
  g_assert_nonnull (env->data);
  g_clear_pointer (&env, heeyu_envelope_free);

  env = parse_envelope ("{\"kind\": \"note\", \"id\": \"n1\", \"rev\": 7, \"deleted\": false, "
                        "\"updated_at\": \"2026-11-20T08:15:00Z\", \"updated_by\": \"kim\", "
                        "\"data\": {\"target_kind\": \"metal\", \"target_id\": \"Ga\", \"body\": \"b\", "
                        "\"status\": \"open\"}}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (env->rev, ==, 7);
  g_assert_cmpstr (env->updated_at, ==, "2026-11-20T08:15:00Z");
  g_assert_cmpstr (env->updated_by, ==, "kim");

  tomb = parse_envelope ("{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 3, \"deleted\": true}", &error);
  g_assert_no_error (error);
  g_assert_true (tomb->deleted);
  g_assert_null (tomb->data);
}

static void
test_envelope_invalid (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "[1, 2]", "must be a JSON object" },
    { "{\"id\": \"c1\", \"data\": {}}", "'kind' is required" },
    { "{\"kind\": \"\", \"id\": \"c1\", \"data\": {}}", "'kind' must be a non-empty string" },
    { "{\"kind\": \"company\", \"data\": {\"name_ko\": \"가\"}}", "'id' is required" },
    { "{\"kind\": \"company\", \"id\": \"\", \"data\": {}}", "'id' must be a non-empty string" },
    { "{\"kind\": \"company\", \"id\": 5, \"data\": {}}", "'id' must be a non-empty string" },
    { "{\"kind\": \"user\", \"id\": \"u\", \"data\": {}}", "unknown record kind \"user\"" },
    { "{\"kind\": \"company\", \"id\": \"c\", \"rev\": 0, \"data\": {}}", "'rev' must be a positive integer" },
    { "{\"kind\": \"company\", \"id\": \"c\", \"rev\": -2, \"data\": {}}", "'rev' must be a positive integer" },
    { "{\"kind\": \"company\", \"id\": \"c\", \"rev\": \"2\", \"data\": {}}", "'rev' must be a positive integer" },
    { "{\"kind\": \"company\", \"id\": \"c\", \"rev\": 1.5, \"data\": {}}", "'rev' must be a positive integer" },
    { "{\"kind\": \"company\", \"id\": \"c\", \"deleted\": \"yes\"}", "'deleted' must be true or false" },
    { "{\"kind\": \"company\", \"id\": \"c\"}", "'data' is required" },
    { "{\"kind\": \"company\", \"id\": \"c\", \"data\": [1]}", "'data' must be an object" },
    { "{\"kind\": \"company\", \"id\": \"c\", \"data\": {}, \"seq\": 4}", "'seq' is not a field of a record envelope" },
    { "{\"kind\": \"company\", \"id\": \"c9\", \"data\": {\"name_ko\": \"가\", \"x\": 1}}", "c9: company: field 'x'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HeeyuEnvelope) env = parse_envelope (cases[i].json, &error);

      g_assert_null (env);
      g_assert_error (error, HEEYU_RECORD_ERROR, HEEYU_RECORD_ERROR_INVALID);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("%s: message \"%s\" does not mention \"%s\"", cases[i].json, error->message, cases[i].message);
    }
}

static void
test_envelope_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeeyuEnvelope) env = NULL;
  g_autoptr(HeeyuEnvelope) again = NULL;
  g_autoptr(JsonNode) node = NULL;

  env = parse_envelope ("{\"kind\": \"company\", \"id\": \"c1\", \"rev\": 4, \"updated_by\": \"lee\", "
                        "\"data\": {\"name_ko\": \"가람\", \"metals\": [\"Ga\"]}}", &error);
  g_assert_no_error (error);
  node = heeyu_envelope_to_json (env);
  again = heeyu_envelope_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->kind, ==, "company");
  g_assert_cmpstr (again->id, ==, "c1");
  g_assert_cmpint (again->rev, ==, 4);
  g_assert_cmpstr (again->updated_by, ==, "lee");
  g_assert_cmpstr (json_object_get_string_member (again->data, "name_ko"), ==, "가람");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record/kinds", test_kinds);
  g_test_add_func ("/record/valid", test_valid_records);
  g_test_add_func ("/record/required", test_required);
  g_test_add_func ("/record/types", test_types);
  g_test_add_func ("/record/unknown-fields", test_unknown_fields);
  g_test_add_func ("/record/envelope", test_envelope);
  g_test_add_func ("/record/envelope-invalid", test_envelope_invalid);
  g_test_add_func ("/record/envelope-round-trip", test_envelope_round_trip);

  return g_test_run ();
}
