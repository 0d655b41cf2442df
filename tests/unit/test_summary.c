/* test_summary.c — the statistics summaries on a real SQLite file, with figures worked by hand:
 * year to date and year on year over all enterprises and over the same ones, month on month,
 * a year to date across a revision, a target's months as known by the end of a month (a later
 * revision not mixed in), and the writers' protocol (−1 before a change, +1 after) agreeing
 * with a rebuild. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "db/schema.h"
#include "db/statistics_store.h"
#include "db/summary_store.h"
#include "domain/stats_calc.h"

static char path[64];
static struct db *db;

static void exec(const char *sql)
{
	struct err e = { 0 };
	if (db_exec_script(db, sql, &e))
		fail_msg("%s: %s", sql, e.arg);
}

/* Two enterprises in two prefectures, machinery class 3411, above designated size; one target
 * on their operating revenue (the machinery classes, above-size only). */
static int setup(void **state)
{
	struct err e = { 0 };
	int applied;
	(void)state;
	snprintf(path, sizeof(path), "/tmp/luoshi-test-summary-%d.db", getpid());
	unlink(path);
	assert_int_equal(db_open(&db, path, &e), 0);
	assert_int_equal(schema_migrate(db, &applied, &e), 0);
	exec("INSERT INTO divisions VALUES ('650000', '新疆', 'province', NULL), ('650100', '乌鲁木齐市', 'prefecture', '650000'),"
	     " ('650102', '天山区', 'county', '650100'), ('652300', '昌吉州', 'prefecture', '650000'),"
	     " ('652301', '昌吉市', 'county', '652300');"
	     "INSERT INTO industries VALUES ('C34', '通用设备制造业', 'division', NULL, 1), ('341', '锅炉', 'group', 'C34', 1),"
	     " ('3411', '锅炉', 'class', '341', 1);"
	     "INSERT INTO enterprises (id, credit_code, name, division, industry, above_size, created_at, updated_at) VALUES"
	     " (1, 'A', '甲', '650102', '3411', 1, '2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z'),"
	     " (2, 'B', '乙', '652301', '3411', 1, '2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z');"
	     "INSERT INTO policies (id, doc_no, title, status, created_at, updated_at) VALUES"
	     " (1, 'X', '政策', 'active', '2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z');"
	     "INSERT INTO policy_targets (id, policy_id, code, seq, name, unit, target_value, deadline, direction, source,"
	     " source_spec) VALUES (1, 1, 'T1', 1, '营业收入', 'fen', 1000, '2020-12-31', 'at_least', 'statistics',"
	     " '{\"indicator_key\":\"revenue\",\"above_size_only\":true}');");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	db_close(db);
	unlink(path);
	return 0;
}

/* A new row as the writers file it: out of the sums before, in after. */
static void file_row(int64_t id, const char *month, int64_t revenue, const char *filed)
{
	struct err e = { 0 };
	char at[32];
	snprintf(at, sizeof(at), "%sT08:00:00Z", filed);
	json_t *rec = json_pack("{s:I, s:s, s:I, s:I, s:i, s:i, s:i, s:i, s:s, s:s, s:b, s:b}", "enterprise_id",
	                        (json_int_t)id, "month", month, "output_fen", (json_int_t)revenue, "revenue_fen",
	                        (json_int_t)revenue, "profit_fen", 0, "export_fen", 0, "rd_fen", 0, "employees", 10,
	                        "submitted_at", at, "submitted_on", filed, "late", 0, "unlocked", 0);
	assert_int_equal(db_begin_write(db, &e), 0);
	assert_int_equal(summary_store_apply(db, id, month, -1, &e), 0);
	assert_int_equal(statistics_store_insert(db, rec, &e), 0);
	assert_int_equal(summary_store_apply(db, id, month, 1, &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	json_decref(rec);
}

/* A revision on calendar day `on`: the new revenue and the revision's change. */
static void revise(int64_t id, const char *month, int64_t from, int64_t to, const char *on)
{
	struct err e = { 0 };
	json_t *rec = statistics_store_get(db, id, month, &e);
	json_t *before = json_pack("{s:I}", "revenue_fen", (json_int_t)from), *after = json_pack("{s:I}", "revenue_fen", (json_int_t)to);
	assert_non_null(rec);
	json_object_set_new(rec, "revenue_fen", json_integer(to));
	assert_int_equal(db_begin_write(db, &e), 0);
	assert_int_equal(summary_store_apply(db, id, month, -1, &e), 0);
	assert_int_equal(statistics_store_update(db, rec, &e), 0);
	assert_int_equal(statistics_store_add_revision(db, id, month, "2020-05-10T08:00:00Z", on, "t", "更正", before, after, &e), 0);
	assert_int_equal(summary_store_apply(db, id, month, 1, &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	json_decref(rec);
	json_decref(before);
	json_decref(after);
}

static json_t *group(json_t *groups, const char *key)
{
	size_t i;
	json_t *g;
	json_array_foreach(groups, i, g) {
		if (!strcmp(json_string_value(json_object_get(g, "key")), key))
			return g;
	}
	fail_msg("no group %s", key);
	return NULL;
}

#define FIG(g, k) json_integer_value(json_object_get((g), (k)))

static json_t *by_prefecture(const char *month)
{
	struct err e = { 0 };
	assert_int_equal(db_begin_read(db, &e), 0);
	json_t *rows = summary_store_aggregate(db, "revenue_fen", "prefecture", month, "650000", "659999", 0, &e);
	db_rollback(db);
	assert_non_null(rows);
	return rows;
}

/* The target's revenue of month as known by the end of month known (-1: no row). */
static int64_t known(const char *month, const char *by)
{
	struct err e = { 0 };
	assert_int_equal(db_begin_read(db, &e), 0);
	json_t *rows = summary_store_target_monthly(db, 1, month, month, by, false, &e);
	db_rollback(db);
	assert_non_null(rows);
	int64_t v = json_array_size(rows) ? FIG(json_array_get(rows, 0), "value") : -1;
	json_decref(rows);
	return v;
}

static void test_year_on_year_all_and_same_enterprises(void **state)
{
	(void)state;
	/* 甲 (乌鲁木齐): March 2019 100, January 2020 50, February 2020 60, March 2020 130.
	 * 乙 (昌吉): January 2019 40, March 2020 70. */
	file_row(1, "2019-03", 100, "2019-04-05");
	file_row(1, "2020-01", 50, "2020-02-05");
	file_row(1, "2020-02", 60, "2020-03-05");
	file_row(1, "2020-03", 130, "2020-04-03");
	file_row(2, "2019-01", 40, "2019-02-03");
	file_row(2, "2020-03", 70, "2020-04-08");
	json_t *rows = by_prefecture("2020-03"), *u = group(rows, "650100"), *c = group(rows, "652300");
	int64_t bp;
	/* 乌鲁木齐: the month 130; January..March 50 + 60 + 130 = 240 against 100 a year before:
	 * +140 %. Over the same enterprises only March pairs (甲 has March 2019, not January or
	 * February): 130 against 100, +30 %. Month on month: 130 against February's 60. */
	assert_int_equal(FIG(u, "month_fen"), 130);
	assert_int_equal(FIG(u, "ytd_fen"), 240);
	assert_int_equal(FIG(u, "ytd_last_year_fen"), 100);
	assert_int_equal(FIG(u, "ytd_matched_fen"), 130);
	assert_int_equal(FIG(u, "ytd_matched_last_year_fen"), 100);
	assert_int_equal(FIG(u, "last_month_fen"), 60);
	assert_int_equal(FIG(u, "reporting"), 1);
	assert_true(stats_growth_bp(240, 100, &bp) && bp == 14000);
	assert_true(stats_growth_bp(130, 100, &bp) && bp == 3000);
	/* 昌吉: 70 against 40 over all reporting (+75 %); no month pairs, so no matched base. */
	assert_int_equal(FIG(c, "ytd_fen"), 70);
	assert_int_equal(FIG(c, "ytd_last_year_fen"), 40);
	assert_int_equal(FIG(c, "ytd_matched_fen"), 0);
	assert_int_equal(FIG(c, "ytd_matched_last_year_fen"), 0);
	assert_false(stats_growth_bp(0, 0, &bp));
	json_decref(rows);
}

static void test_a_revision_and_what_was_known(void **state)
{
	(void)state;
	/* 甲's March 2019 corrected from 100 to 90 on 2020-05-10. */
	revise(1, "2019-03", 100, 90, "2020-05-10");
	json_t *rows = by_prefecture("2020-03"), *u = group(rows, "650100");
	/* Now: last year's January..March is 90, the matched base 90 (130 against 90: +44.44 %). */
	assert_int_equal(FIG(u, "ytd_last_year_fen"), 90);
	assert_int_equal(FIG(u, "ytd_matched_last_year_fen"), 90);
	int64_t bp;
	assert_true(stats_growth_bp(130, 90, &bp) && bp == 4444);
	json_decref(rows);
	/* The target's March 2019: unknown before it was filed (April 2019), 100 as known by the end of
	 * April 2020 (the revision came in May), 90 from May 2020. Both enterprises count: 昌吉's
	 * March 2020 (70, filed in April) is known by April, not by March. */
	assert_int_equal(known("2019-03", "2019-03"), -1);
	assert_int_equal(known("2019-03", "2019-04"), 100);
	assert_int_equal(known("2019-03", "2020-04"), 100);
	assert_int_equal(known("2019-03", "2020-05"), 90);
	assert_int_equal(known("2020-03", "2020-03"), -1);
	assert_int_equal(known("2020-03", "2020-04"), 200);
}

static void test_kept_sums_equal_a_rebuild(void **state)
{
	struct err e = { 0 };
	(void)state;
	/* 乙 moves to 乌鲁木齐 (its history with it): out under the old division, in under the new. */
	assert_int_equal(db_begin_write(db, &e), 0);
	assert_int_equal(summary_store_apply(db, 2, NULL, -1, &e), 0);
	exec("UPDATE enterprises SET division = '650102' WHERE id = 2;");
	assert_int_equal(summary_store_apply(db, 2, NULL, 1, &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	json_t *rows = by_prefecture("2020-03");
	assert_int_equal(json_array_size(rows), 1); /* 昌吉 has no rows left */
	assert_int_equal(FIG(group(rows, "650100"), "ytd_fen"), 240 + 70);
	json_decref(rows);
	assert_int_equal(db_begin_read(db, &e), 0);
	assert_int_equal(summary_store_check(db, NULL, &e), 0);
	db_rollback(db);
	/* A wrong sum is found. */
	exec("UPDATE statistics_sums SET revenue_fen = revenue_fen + 1 WHERE dim = 'county' AND month = '2020-03';");
	assert_int_equal(db_begin_read(db, &e), 0);
	assert_true(summary_store_check(db, NULL, &e) > 0);
	db_rollback(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_year_on_year_all_and_same_enterprises),
		cmocka_unit_test(test_a_revision_and_what_was_known),
		cmocka_unit_test(test_kept_sums_equal_a_rebuild),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
