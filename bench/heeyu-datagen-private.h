/* heeyu-datagen-private.h: shared parts of the dataset generator
 *
 * heeyu-datagen writes NDJSON record envelopes (PROTOCOL.md) from the
 * reference CSVs in resources/data plus deterministic synthetic figures.
 * Everything random comes from splitmix64 streams seeded by fixed strings, so
 * the output is byte-identical from run to run and machine to machine (no
 * libm in the random paths, no time, no g_random).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The moment the dataset stands at: every envelope's updated_at. */
#define DG_UPDATED_AT "2025-05-01T00:00:00Z"
#define DG_UPDATED_BY "heeyu-datagen"
#define DG_SYNTHETIC_SOURCE "Heeyu sample generator (synthetic)"
#define DG_MAX_DEPTH 8

/* ------------------------------------------------------------------------ */
/* Deterministic random numbers                                             */

typedef struct
{
  guint64 state;
} DgRand;

void     dg_rand_init_seed   (DgRand     *r,
                              guint64     seed);
/* A stream named by a string, so that adding one stream never shifts the
 * numbers of another. */
void     dg_rand_init_named  (DgRand     *r,
                              const char *name);
guint64  dg_rand_u64         (DgRand     *r);
/* Uniform in [0, 1). */
double   dg_rand_double      (DgRand     *r);
/* Uniform integer in [lo, hi]. */
gint64   dg_rand_range       (DgRand     *r,
                              gint64      lo,
                              gint64      hi);
gboolean dg_rand_chance      (DgRand     *r,
                              double      p);
/* Roughly normal (Irwin–Hall of 4 uniforms), mean 0, sd 1. */
double   dg_rand_normalish   (DgRand     *r);
/* Index drawn with the given non-negative weights. */
guint    dg_rand_weighted    (DgRand       *r,
                              const double *weights,
                              guint         n);
/* An RFC 4122 version-4 shaped UUID from the stream (36 chars + NUL). */
void     dg_rand_uuid        (DgRand     *r,
                              char        out[37]);

/* ------------------------------------------------------------------------ */
/* NDJSON writer                                                            */

typedef struct
{
  GOutputStream *out;
  GFile         *file;      /* the destination */
  GFile         *part;      /* written first, renamed over @file when complete */
  gboolean       closed;
  GString       *line;
  guint64        records;
  guint64        bytes;
  gboolean       first[DG_MAX_DEPTH];
  guint          depth;
  GHashTable    *ids;       /* "kind\x1fid" of every record, to refuse duplicates */
  GError        *error;     /* the first write error */
} DgWriter;

/* A path ending in .gz is written as gzip, any other as plain NDJSON. */
DgWriter *dg_writer_open        (const char  *path,
                                 int          gzip_level,
                                 gboolean     check_ids,
                                 GError     **error);
gboolean  dg_writer_close       (DgWriter    *w,
                                 GError     **error);
/* Without a successful close, the partial file is removed. */
void      dg_writer_free        (DgWriter    *w);

/* {"kind":..,"id":..,"rev":1,"updated_at":..,"updated_by":..,"data":{ */
void      dg_record_begin       (DgWriter   *w,
                                 const char *kind,
                                 const char *id);
/* }}\n, and the line is written out. */
void      dg_record_end         (DgWriter   *w);

void      dg_str                (DgWriter   *w,
                                 const char *key,
                                 const char *value);
void      dg_int                (DgWriter   *w,
                                 const char *key,
                                 gint64      value);
/* A number with at most @decimals decimals, trailing zeros dropped. */
void      dg_num                (DgWriter   *w,
                                 const char *key,
                                 double      value,
                                 int         decimals);
/* A number given as text that is already a valid JSON number. */
void      dg_num_text           (DgWriter   *w,
                                 const char *key,
                                 const char *text);
void      dg_bool               (DgWriter   *w,
                                 const char *key,
                                 gboolean    value);
/* @key NULL inside an array. */
void      dg_begin_object       (DgWriter   *w,
                                 const char *key);
void      dg_end_object         (DgWriter   *w);
void      dg_begin_array        (DgWriter   *w,
                                 const char *key);
void      dg_end_array          (DgWriter   *w);
void      dg_strv               (DgWriter           *w,
                                 const char         *key,
                                 const char * const *values);

/* ------------------------------------------------------------------------ */
/* CSV                                                                      */

typedef struct
{
  char       *name;      /* file name, for messages */
  char      **header;
  GPtrArray  *rows;      /* of GStrv, each as long as the header */
  GArray     *lines;     /* guint: the line each row starts on */
} DgCsv;

/* RFC 4180: quoted fields with commas, doubled quotes and newlines; CRLF or
 * LF; a UTF-8 BOM is skipped.  The file must be UTF-8 and every row must have
 * as many fields as the header. */
DgCsv      *dg_csv_load        (const char  *path,
                                GError     **error);
void        dg_csv_free        (DgCsv       *csv);
/* The index of column @name, or -1 with @error set. */
int         dg_csv_column      (DgCsv       *csv,
                                const char  *name,
                                GError     **error);
guint       dg_csv_n_rows      (DgCsv       *csv);
const char *dg_csv_get         (DgCsv       *csv,
                                guint        row,
                                int          column);
guint       dg_csv_line        (DgCsv       *csv,
                                guint        row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DgCsv, dg_csv_free)

/* ------------------------------------------------------------------------ */
/* Reference tables (heeyu-datagen-tables.c)                                */

/* USGS country spelling -> ISO 3166-1 alpha-2, OTHER or WORLD; NULL if unknown. */
const char *dg_country_code    (const char *usgs_name);
/* USGS commodity name -> our metal code; NULL if unknown. */
const char *dg_usgs_metal_code (const char *usgs_name);

typedef struct
{
  const char *code;
  double      import_volume_t;   /* Korea's imports, 2023, tonnes */
  double      unit_value_usd_kg; /* 2023 import unit value */
  double      growth;            /* yearly growth of volume, 0.08 = 8 % */
  double      recycling_pct;     /* end-of-life recycling input rate, % */
  const char *sources;           /* "CN:78,JP:12,..." weights of source countries */
  const char *price_unit;        /* synthetic annual price when USGS has none */
  double      price_2023;
} DgMetalProfile;

const DgMetalProfile *dg_metal_profile (const char *code);

/* ------------------------------------------------------------------------ */
/* Companies (heeyu-datagen-companies.c)                                    */

typedef struct DgCompanies DgCompanies;

/* @metal_codes: the metals a company may handle (the dataset's metals). */
DgCompanies *dg_companies_new   (const char * const *metal_codes);
void         dg_companies_free  (DgCompanies *c);
/* Writes company number @index (0-based) of the stream. */
void         dg_companies_write (DgCompanies *c,
                                 DgWriter    *w,
                                 guint        index);

/* The Korean business registration number check digit of the first nine
 * digits (weights 1,3,7,1,3,7,1,3,5). */
int          dg_reg_no_check_digit (const int digits[9]);

/* ------------------------------------------------------------------------ */
/* The dataset being written (heeyu-datagen.c)                              */

/* Years of the synthetic series. */
#define FIRST_YEAR 2019
#define LAST_YEAR 2023
#define N_YEARS (LAST_YEAR - FIRST_YEAR + 1)
/* USGS price years reach back to 2018 (cobalt). */
#define PRICE_FIRST_YEAR 2015

typedef struct
{
  char     *code;
  char     *name_en;
  char     *name_ko;
  char     *group;
  char    **aliases_ko;
  char    **elements;
  char    **uses;
  gboolean  rare_metal_35;
  gboolean  critical_33;
  gboolean  strategic_10;
  int       order;
  int       stockpile_target_days;

  /* The annual price series the sample carries for this metal: USGS when
   * it has one, else synthetic.  0 = no price that year. */
  double    price[LAST_YEAR - PRICE_FIRST_YEAR + 1];
  char     *price_unit;
  gboolean  price_synthetic;
} Metal;

typedef struct
{
  char       *data_dir;
  GPtrArray  *metals;       /* Metal, in KIRAM order */
  GHashTable *by_code;      /* code -> Metal */
  DgCsv      *production;
  DgCsv      *prices;
  DgCsv      *events;
  DgCsv      *metals_csv;
} Dataset;

/* "file line N: what" as a G_IO_ERROR_INVALID_DATA error; returns FALSE. */
gboolean  dg_csv_fail          (GError     **error,
                                DgCsv       *csv,
                                guint        row,
                                const char  *format,
                                ...) G_GNUC_PRINTF (4, 5);
Metal    *dg_lookup_metal      (Dataset     *ds,
                                const char  *code);
/* TRUE for a plain JSON number as USGS writes them ("600000", "13.5"). */
gboolean  dg_is_json_number    (const char  *s);
gboolean  dg_parse_year        (const char  *s,
                                int         *out);
/* One observation record; @value_text (verbatim) wins over @value. */
void      dg_write_observation (DgWriter    *w,
                                const char  *id,
                                const char  *metal,
                                const char  *indicator,
                                const char  *period,
                                const char  *value_text,
                                double       value,
                                int          decimals,
                                const char  *unit,
                                const char  *country,
                                const char  *stage,
                                const char  *source,
                                gboolean     estimated,
                                gboolean     synthetic);

/* heeyu-datagen-usgs.c: every production row; one annual price series per
 * metal (filling Metal.price). */
gboolean  dg_write_production  (Dataset     *ds,
                                DgWriter    *w,
                                GError     **error);
gboolean  dg_write_usgs_prices (Dataset     *ds,
                                DgWriter    *w,
                                GError     **error);

/* heeyu-datagen-synthetic.c: the sample's synthetic series (after the USGS
 * prices), and the benchmark's @n observations. */
void      dg_write_synthetic_observations (Dataset  *ds,
                                           DgWriter *w);
void      dg_write_bench_observations     (Dataset  *ds,
                                           DgWriter *w,
                                           guint64   n);

G_END_DECLS
