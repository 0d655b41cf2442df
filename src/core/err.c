/* err.c — the error table: status codes and messages in zh-CN and English. */
#include "core/err.h"
#include "core/util.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int status;
	const char *zh, *en;
} err_table[] = {
#define ERR_ROW(name, status, zh, en) { #name, status, zh, en },
	ERR_LIST(ERR_ROW)
#undef ERR_ROW
};

int err_set(struct err *e, enum err_code code, const char *field, const char *arg)
{
	if (!e)
		return -1;
	e->code = code;
	strlcpy_(e->field, field ? field : "", sizeof(e->field));
	strlcpy_(e->arg, arg ? arg : "", sizeof(e->arg));
	e->label_zh = e->label_en = NULL;
	return -1;
}

int err_setf(struct err *e, enum err_code code, const char *field, const char *fmt, ...)
{
	char buf[192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return err_set(e, code, field, buf);
}

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->code = ERR_NONE;
	e->field[0] = e->arg[0] = '\0';
	e->label_zh = e->label_en = NULL;
}

void err_label(struct err *e, const char *zh, const char *en)
{
	if (e) {
		e->label_zh = zh;
		e->label_en = en;
	}
}

int err_status(enum err_code code)
{
	return (unsigned)code < ERR__COUNT ? err_table[code].status : 500;
}

const char *err_name(enum err_code code)
{
	static char lower[ERR__COUNT][24];
	if ((unsigned)code >= ERR__COUNT)
		code = ERR_INTERNAL;
	if (!lower[code][0]) {
		/* Benign race: every thread writes the same bytes. */
		char tmp[24];
		size_t i;
		for (i = 0; i < sizeof(tmp) - 1 && err_table[code].name[i]; i++)
			tmp[i] = (char)tolower((unsigned char)err_table[code].name[i]);
		tmp[i] = '\0';
		memcpy(lower[code], tmp, i + 1);
	}
	return lower[code];
}

void err_message(const struct err *e, enum lang lang, char *buf, size_t size)
{
	unsigned code = (unsigned)e->code < ERR__COUNT ? (unsigned)e->code : ERR_INTERNAL;
	const char *tmpl = lang == LANG_EN ? err_table[code].en : err_table[code].zh;
	const char *label = lang == LANG_EN ? e->label_en : e->label_zh;
	const char *sep = label ? (lang == LANG_EN ? ": " : "：") : "";
	const char *p = strstr(tmpl, "%s");
	if (!label)
		label = "";
	if (!p)
		snprintf(buf, size, "%s%s%s", label, sep, tmpl);
	else
		snprintf(buf, size, "%s%s%.*s%s%s", label, sep, (int)(p - tmpl), tmpl, e->arg, p + 2);
}

int err_in_element(struct err *e, const char *array, size_t i)
{
	char inner[sizeof(e->field)];
	size_t n;
	if (!e)
		return -1;
	memcpy(inner, e->field, sizeof(inner));
	inner[sizeof(inner) - 1] = '\0';
	snprintf(e->field, sizeof(e->field), "%.24s[%zu]", array, i);
	n = strlen(e->field);
	if (*inner && n + 2 < sizeof(e->field))
		snprintf(e->field + n, sizeof(e->field) - n, ".%.*s", (int)(sizeof(e->field) - n - 2), inner);
	return -1;
}
