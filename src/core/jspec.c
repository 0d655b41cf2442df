/* jspec.c — validation of JSON bodies against a declared spec. */
#include "core/jspec.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

const struct jspec_field *jspec_find(const struct jspec_field *spec, const char *name)
{
	for (; spec->name; spec++)
		if (!strcmp(spec->name, name))
			return spec;
	return NULL;
}

int jspec_fail(const struct jspec_field *f, struct err *e, enum err_code code, const char *arg)
{
	err_set(e, code, f->name, arg);
	err_label(e, f->label_zh, f->label_en);
	return -1;
}

bool jspec_date_valid(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

const struct jspec_choice *jspec_choice_find(const struct jspec_field *f, const char *s)
{
	for (const struct jspec_choice *c = f->choices; c && c->code; c++)
		if (!strcmp(c->code, s) || !strcmp(c->zh, s) || !strcmp(c->en, s))
			return c;
	return NULL;
}

static int check_string(const struct jspec_field *f, json_t *body, json_t *v, struct err *e)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), b = 0, end = len;
	char lim[32];
	if (memchr(s, '\0', len))
		return jspec_fail(f, e, ERR_INVALID, "NUL character");
	/* Trim ASCII and ideographic (U+3000) spaces: pasted text carries them. */
	for (;;) {
		if (b < end && strchr(" \t\r\n", s[b]))
			b++;
		else if (end - b >= 3 && !memcmp(s + b, "\xE3\x80\x80", 3))
			b += 3;
		else
			break;
	}
	for (;;) {
		if (end > b && strchr(" \t\r\n", s[end - 1]))
			end--;
		else if (end - b >= 3 && !memcmp(s + end - 3, "\xE3\x80\x80", 3))
			end -= 3;
		else
			break;
	}
	if (b || end != len) {
		json_t *t = json_stringn(s + b, end - b);
		json_object_set_new(body, f->name, t);
		v = t;
		s = json_string_value(v);
	}
	if (f->max && utf8_chars(s) > (size_t)f->max) {
		snprintf(lim, sizeof(lim), "%lld", (long long)f->max);
		return jspec_fail(f, e, ERR_TOO_LONG, lim);
	}
	return 0;
}

static int check_value(const struct jspec_field *f, json_t *body, json_t *v, struct err *e)
{
	char lim[64];
	if (json_is_null(v)) {
		if (f->flags & JSPEC_NULLABLE)
			return 0;
		return jspec_fail(f, e, (f->flags & JSPEC_REQUIRED) ? ERR_REQUIRED : ERR_TYPE,
		                  f->type == JSPEC_INT ? "integer" : "string");
	}
	switch (f->type) {
	case JSPEC_STRING:
		if (!json_is_string(v))
			return jspec_fail(f, e, ERR_TYPE, "string");
		return check_string(f, body, v, e);
	case JSPEC_DATE:
		if (!json_is_string(v))
			return jspec_fail(f, e, ERR_TYPE, "date string YYYY-MM-DD");
		if (check_string(f, body, v, e))
			return -1;
		v = json_object_get(body, f->name);
		if (!*json_string_value(v) && (f->flags & JSPEC_NULLABLE)) {
			json_object_set_new(body, f->name, json_null());
			return 0;
		}
		if (!jspec_date_valid(json_string_value(v)))
			return jspec_fail(f, e, ERR_INVALID, "YYYY-MM-DD");
		return 0;
	case JSPEC_INT:
		if (!json_is_integer(v))
			return jspec_fail(f, e, ERR_TYPE, "integer");
		if (json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
			snprintf(lim, sizeof(lim), "%lld–%lld", (long long)f->min, (long long)f->max);
			return jspec_fail(f, e, ERR_RANGE, lim);
		}
		return 0;
	case JSPEC_BOOL:
		if (!json_is_boolean(v))
			return jspec_fail(f, e, ERR_TYPE, "boolean");
		return 0;
	case JSPEC_CHOICE:
		if (!json_is_string(v))
			return jspec_fail(f, e, ERR_TYPE, "string");
		if (check_string(f, body, v, e))
			return -1;
		v = json_object_get(body, f->name);
		if (!*json_string_value(v) && (f->flags & JSPEC_NULLABLE)) {
			json_object_set_new(body, f->name, json_null());
			return 0;
		} else {
			const struct jspec_choice *c = jspec_choice_find(f, json_string_value(v));
			if (!c) {
				struct strbuf_like {
					char buf[160];
					size_t len;
				} l = { "", 0 };
				for (const struct jspec_choice *k = f->choices; k->code; k++)
					l.len += (size_t)snprintf(l.buf + l.len, sizeof(l.buf) - l.len, "%s%s",
					                          l.len ? ", " : "", k->code);
				return jspec_fail(f, e, ERR_NOT_IN_LIST, l.buf);
			}
			json_object_set_new(body, f->name, json_string(c->code));
		}
		return 0;
	case JSPEC_ARRAY: {
		size_t i;
		json_t *item;
		if (!json_is_array(v))
			return jspec_fail(f, e, ERR_TYPE, "array of objects");
		if (f->max && json_array_size(v) > (size_t)f->max) {
			snprintf(lim, sizeof(lim), "%lld", (long long)f->max);
			return jspec_fail(f, e, ERR_TOO_LONG, lim);
		}
		json_array_foreach(v, i, item) {
			if (!json_is_object(item))
				return jspec_fail(f, e, ERR_TYPE, "array of objects");
		}
		return 0;
	}
	case JSPEC_IDLIST: {
		size_t i;
		json_t *item;
		if (!json_is_array(v))
			return jspec_fail(f, e, ERR_TYPE, "array of ids");
		if (f->max && json_array_size(v) > (size_t)f->max) {
			snprintf(lim, sizeof(lim), "%lld", (long long)f->max);
			return jspec_fail(f, e, ERR_TOO_LONG, lim);
		}
		json_array_foreach(v, i, item) {
			if (!json_is_integer(item) || json_integer_value(item) < 1)
				return jspec_fail(f, e, ERR_TYPE, "array of ids");
		}
		return 0;
	}
	case JSPEC_OBJECT:
		if (!json_is_object(v))
			return jspec_fail(f, e, ERR_TYPE, "object");
		return 0;
	case JSPEC_STRLIST: {
		size_t i;
		json_t *item;
		if (!json_is_array(v))
			return jspec_fail(f, e, ERR_TYPE, "array of strings");
		if (f->max && json_array_size(v) > (size_t)f->max) {
			snprintf(lim, sizeof(lim), "%lld", (long long)f->max);
			return jspec_fail(f, e, ERR_TOO_LONG, lim);
		}
		json_array_foreach(v, i, item) {
			if (!json_is_string(item) || json_string_length(item) > 64)
				return jspec_fail(f, e, ERR_TYPE, "array of strings");
		}
		return 0;
	}
	}
	return 0;
}

int jspec_check_each(const struct jspec_field *spec, json_t *body, enum jspec_mode mode,
                     int (*found)(void *ctx, struct err *e), void *ctx, struct err *e)
{
	const char *key;
	json_t *v;
	void *tmp;
	if (!json_is_object(body))
		return err_set(e, ERR_BAD_JSON, NULL, "expected an object") && (!found || found(ctx, e)) ? -1 : 0;
	json_object_foreach_safe(body, tmp, key, v) {
		const struct jspec_field *f = jspec_find(spec, key);
		if ((!f || (f->flags & JSPEC_OUTPUT) ? err_set(e, ERR_UNKNOWN_FIELD, key, NULL) : check_value(f, body, v, e)) &&
		    (!found || found(ctx, e)))
			return -1;
	}
	if (mode == JSPEC_CREATE) {
		for (const struct jspec_field *f = spec; f->name; f++) {
			if (!(f->flags & JSPEC_REQUIRED))
				continue;
			v = json_object_get(body, f->name);
			if ((!v || json_is_null(v) || (json_is_string(v) && !json_string_length(v))) &&
			    jspec_fail(f, e, ERR_REQUIRED, NULL) && (!found || found(ctx, e)))
				return -1;
		}
	}
	return 0;
}

int jspec_check(const struct jspec_field *spec, json_t *body, enum jspec_mode mode, struct err *e)
{
	return jspec_check_each(spec, body, mode, NULL, NULL, e);
}
