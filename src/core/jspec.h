/* jspec.h — declared shapes of JSON records, one table per resource.
 *
 * A spec names each field with its type, limits and its labels for people.
 * The same table validates API bodies (unknown fields, types, lengths), names
 * the columns of import/export files, and is written into the OpenAPI document.
 */
#ifndef CORE_JSPEC_H
#define CORE_JSPEC_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "core/err.h"

enum jspec_type {
	JSPEC_STRING,   /* max = characters */
	JSPEC_INT,      /* min..max */
	JSPEC_BOOL,
	JSPEC_DATE,     /* "YYYY-MM-DD", a real calendar date */
	JSPEC_STRLIST,  /* array of strings, max = items */
	JSPEC_CHOICE,   /* string, one of choices[].code */
	JSPEC_ARRAY,    /* array of objects, max = items; the domain checks the objects */
	JSPEC_IDLIST,   /* array of positive integers (record ids), max = items */
	JSPEC_OBJECT,   /* an object; the domain checks its members */
};

enum {
	JSPEC_REQUIRED = 1 << 0, /* must be present and non-empty on create */
	JSPEC_NULLABLE = 1 << 1, /* null accepted (clears the value) */
	JSPEC_OUTPUT = 1 << 2,   /* only ever sent by the server; refused in bodies */
};

struct jspec_choice {
	const char *code, *zh, *en;
};

struct jspec_field {
	const char *name;
	enum jspec_type type;
	unsigned flags;
	int64_t min, max;
	const char *label_zh, *label_en;
	const char *column;                    /* import/export header if not label_zh */
	const struct jspec_choice *choices;    /* JSPEC_CHOICE: terminated by a NULL code */
};

/* A spec is an array terminated by an entry with name NULL. */
const struct jspec_field *jspec_find(const struct jspec_field *spec, const char *name);

enum jspec_mode { JSPEC_CREATE, JSPEC_PATCH };
/* Checks body against spec: it must be an object; unknown keys, output-only keys,
 * wrong types, overlong strings and out-of-range numbers are refused; on create
 * the required fields must be there. Strings are trimmed in place. The error
 * names the field and carries its labels. */
int jspec_check(const struct jspec_field *spec, json_t *body, enum jspec_mode mode, struct err *e);
/* As jspec_check, each bad field in turn: e is filled and found(ctx, e) called; the check
 * goes on while found returns 0 (it stops at the first when found is NULL). A body that is
 * not an object is one error. */
int jspec_check_each(const struct jspec_field *spec, json_t *body, enum jspec_mode mode,
                     int (*found)(void *ctx, struct err *e), void *ctx, struct err *e);
/* Sets e naming f (field and labels). Returns -1. */
int jspec_fail(const struct jspec_field *f, struct err *e, enum err_code code, const char *arg);
bool jspec_date_valid(const char *s);
const struct jspec_choice *jspec_choice_find(const struct jspec_field *f, const char *code_or_label);
#endif
