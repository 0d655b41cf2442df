/* test_jspec_err.c — body validation against a spec, and error messages in two languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/jspec.h"

static const struct jspec_choice sizes[] = {
	{ "large", "大型", "large" }, { "small", "小型", "small" }, { NULL, NULL, NULL },
};
static const struct jspec_field spec[] = {
	{ "name", JSPEC_STRING, JSPEC_REQUIRED, 0, 5, "企业名称", "name", NULL, NULL },
	{ "n", JSPEC_INT, JSPEC_NULLABLE, 0, 100, "人数", "count", NULL, NULL },
	{ "ok", JSPEC_BOOL, 0, 0, 0, "是否", "ok", NULL, NULL },
	{ "day", JSPEC_DATE, JSPEC_NULLABLE, 0, 10, "日期", "day", NULL, NULL },
	{ "size", JSPEC_CHOICE, JSPEC_NULLABLE, 0, 0, "规模", "size", NULL, sizes },
	{ "tags", JSPEC_STRLIST, 0, 0, 2, "标签", "tags", NULL, NULL },
	{ "id", JSPEC_INT, JSPEC_OUTPUT, 0, 0, "编号", "id", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static int check(const char *text, enum jspec_mode mode, struct err *e, json_t **out)
{
	json_t *body = json_loads(text, 0, NULL);
	assert_non_null(body);
	int rc = jspec_check(spec, body, mode, e);
	if (out)
		*out = body;
	else
		json_decref(body);
	return rc;
}

static void expect(const char *text, enum jspec_mode mode, enum err_code code, const char *field)
{
	struct err e = { 0 };
	if (check(text, mode, &e, NULL) != -1)
		fail_msg("accepted: %s", text);
	assert_int_equal(e.code, code);
	assert_string_equal(e.field, field);
}

static void accepts_and_normalises(void **state)
{
	struct err e = { 0 };
	json_t *b;
	/* Full-width and ASCII spaces around text are trimmed; a choice by its label becomes its code. */
	assert_int_equal(check("{\"name\": \"\u3000 五个字企业 \", \"n\": 100, \"ok\": true, "
	                       "\"day\": \"2020-02-29\", \"size\": \"大型\", \"tags\": [\"a\"]}",
	                       JSPEC_CREATE, &e, &b), 0);
	assert_string_equal(json_string_value(json_object_get(b, "name")), "五个字企业");
	assert_string_equal(json_string_value(json_object_get(b, "size")), "large");
	json_decref(b);
	assert_int_equal(check("{\"n\": null, \"day\": \"\"}", JSPEC_PATCH, &e, &b), 0);
	assert_true(json_is_null(json_object_get(b, "day")));
	json_decref(b);
}

static void refuses_with_the_field_named(void **state)
{
	expect("{}", JSPEC_CREATE, ERR_REQUIRED, "name");
	expect("{\"name\": \"\"}", JSPEC_CREATE, ERR_REQUIRED, "name");
	expect("{\"name\": \"六个字的企业\"}", JSPEC_CREATE, ERR_TOO_LONG, "name");
	expect("{\"name\": 5}", JSPEC_CREATE, ERR_TYPE, "name");
	expect("{\"name\": \"a\", \"extra\": 1}", JSPEC_CREATE, ERR_UNKNOWN_FIELD, "extra");
	expect("{\"id\": 3}", JSPEC_PATCH, ERR_UNKNOWN_FIELD, "id");
	expect("{\"n\": -1}", JSPEC_PATCH, ERR_RANGE, "n");
	expect("{\"n\": 101}", JSPEC_PATCH, ERR_RANGE, "n");
	expect("{\"n\": 1.5}", JSPEC_PATCH, ERR_TYPE, "n");
	expect("{\"ok\": \"true\"}", JSPEC_PATCH, ERR_TYPE, "ok");
	expect("{\"ok\": null}", JSPEC_PATCH, ERR_TYPE, "ok");
	expect("{\"day\": \"2021-02-29\"}", JSPEC_PATCH, ERR_INVALID, "day");
	expect("{\"day\": \"2021-13-01\"}", JSPEC_PATCH, ERR_INVALID, "day");
	expect("{\"day\": \"21-1-1\"}", JSPEC_PATCH, ERR_INVALID, "day");
	expect("{\"size\": \"huge\"}", JSPEC_PATCH, ERR_NOT_IN_LIST, "size");
	expect("{\"tags\": [\"a\", \"b\", \"c\"]}", JSPEC_PATCH, ERR_TOO_LONG, "tags");
	expect("{\"tags\": [1]}", JSPEC_PATCH, ERR_TYPE, "tags");
	expect("{\"tags\": \"a\"}", JSPEC_PATCH, ERR_TYPE, "tags");
}

static void messages_in_both_languages(void **state)
{
	struct err e = { 0 };
	char buf[256];
	check("{\"name\": \"六个字的企业\"}", JSPEC_CREATE, &e, NULL);
	err_message(&e, LANG_ZH, buf, sizeof(buf));
	assert_string_equal(buf, "企业名称：长度超过上限（5）");
	err_message(&e, LANG_EN, buf, sizeof(buf));
	assert_string_equal(buf, "name: is too long (at most 5)");
	err_set(&e, ERR_NOT_FOUND, "id", "enterprise 9");
	err_message(&e, LANG_EN, buf, sizeof(buf));
	assert_string_equal(buf, "not found: enterprise 9");
	assert_int_equal(err_status(ERR_CONFLICT), 409);
	assert_int_equal(err_status(ERR_TOO_LARGE), 413);
	assert_int_equal(err_status(ERR_LOCKED), 429);
	assert_string_equal(err_name(ERR_CREDIT_CHECK), "credit_check");
	/* Callers that do not care pass NULL (found by cppcheck on the 409 path). */
	err_clear(NULL);
	assert_int_equal(err_set(NULL, ERR_INTERNAL, "x", "y"), -1);
}

/* jspec_check_each: every bad field in turn while found says go on, in the order jspec_check
 * would meet them (its first is jspec_check's error); the first only when found says stop. */
struct seen {
	char fields[8][64];
	int n, stop_after;
};

static int note(void *ctx, struct err *e)
{
	struct seen *s = ctx;
	strcpy(s->fields[s->n++], e->field);
	return s->n == s->stop_after ? -1 : 0;
}

static void reports_each_error(void **state)
{
	const char *text = "{\"n\": 101, \"zz\": 1, \"ok\": \"yes\", \"tags\": [\"a\", \"b\", \"c\"]}";
	json_t *body = json_loads(text, 0, NULL);
	struct err e = { 0 }, first = { 0 };
	struct seen s = { .stop_after = 0 };
	assert_int_equal(jspec_check_each(spec, body, JSPEC_CREATE, note, &s, &e), 0);
	assert_int_equal(s.n, 5);
	const char *want[] = { "n", "zz", "ok", "tags", "name" };
	for (int i = 0; i < 5; i++)
		assert_string_equal(s.fields[i], want[i]);
	assert_int_equal(jspec_check(spec, body, JSPEC_CREATE, &first), -1);
	assert_string_equal(first.field, "n");
	struct seen two = { .stop_after = 2 };
	assert_int_equal(jspec_check_each(spec, body, JSPEC_CREATE, note, &two, &e), -1);
	assert_int_equal(two.n, 2);
	assert_string_equal(e.field, "zz");
	json_decref(body);
	/* Not an object: one error, passed on too. */
	struct seen one = { .stop_after = 0 };
	body = json_loads("[1]", 0, NULL);
	assert_int_equal(jspec_check_each(spec, body, JSPEC_CREATE, note, &one, &e), 0);
	assert_int_equal(one.n, 1);
	json_decref(body);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_and_normalises),
		cmocka_unit_test(refuses_with_the_field_named),
		cmocka_unit_test(messages_in_both_languages),
		cmocka_unit_test(reports_each_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
