/* demo_statistics.c — synthetic monthly industry statistics for the demo, 2015-01..2020-06.
 *
 * Every above-size demo enterprise reports (the completeness rule: 286 of the default 400);
 * sizes are drawn so that their operating revenue grows at a rate that differs by prefecture
 * and key field (those of the machinery classes: 562.8 亿元 in 2016, 711.8 亿元 in 2019, a
 * forecast of 783.9 亿元 for 2020), so the seed policy's T1 (1,000 亿元 in 2020, from that
 * 2016 baseline) is a real question: off track, 22 % short. Seasonality: low January and February, high
 * December. All arithmetic is integer fen. The plain rows go in bulk through the store
 * in one transaction (with one audit row); the late ones and the revised ones go through
 * the real rules (statistics_file_in_tx, statistics_unlock, statistics_update) on the
 * demo calendar (about 230 late rows, about 245 revised ones). A few months are missing,
 * and 22 enterprises have not filed June 2020. */
#include "core/util.h"
#include "db/enterprise_store.h"
#include "db/ref_store.h"
#include "db/statistics_store.h"
#include "db/summary_store.h"
#include "domain/audit.h"
#include "domain/demo.h"
#include "domain/statistics.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ST_SEED 0x5DEECE66DULL
static uint64_t st_rng = ST_SEED;

static uint32_t rnd(void)
{
	st_rng ^= st_rng >> 12;
	st_rng ^= st_rng << 25;
	st_rng ^= st_rng >> 27;
	return (uint32_t)((st_rng * 2685821657736338717ULL) >> 32);
}

/* Per-mille of an average month (sum 12000): low Jan/Feb, high Dec. */
static const int season[12] = { 550, 600, 950, 1000, 1000, 1100, 950, 950, 1050, 1000, 1150, 1700 };

#define FIRST_YEAR 2015
#define LAST_MONTH_YEAR 2020
#define LAST_MONTH 6
#define REVENUE_2015_FEN (600LL * 100000000LL * 100LL) /* 600 亿元 */

/* Annual growth in bp by prefecture and by key field. */
static int growth_bp(const json_t *ent)
{
	const char *div = json_string_value(json_object_get(ent, "division"));
	int g = !strncmp(div, "6501", 4) ? 800 : !strncmp(div, "6523", 4) ? 1000 : !strncmp(div, "6540", 4) ? 600 : 450;
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(ent, "fields"), i, f) {
		const char *c = json_string_value(f);
		g += !strcmp(c, "newenergy") ? 500 : !strcmp(c, "power") ? 200 : !strcmp(c, "agri") ? -150
		     : !strcmp(c, "petro") ? -300 : !strcmp(c, "nev") ? 800 : 0;
	}
	return g;
}

static void fmt_at(calc_day d, char at[21])
{
	char day[11];
	calc_day_format(d, day);
	snprintf(at, 21, "%sT02:30:00Z", day);
}

static json_t *figures(const json_t *ent, int64_t annual, int mon, int64_t employees)
{
	int64_t revenue = annual / 12000 * season[mon - 1] / 1000 * (950 + (int64_t)(rnd() % 100));
	int64_t margin = (int64_t)(rnd() % 90) - 15; /* per mille: -1.5 % .. 7.5 % */
	bool exporter = json_is_true(json_object_get(ent, "exporter"));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "output_fen", (json_int_t)(revenue / 100 * 104),
	                 "revenue_fen", (json_int_t)revenue, "profit_fen", (json_int_t)(revenue / 1000 * margin),
	                 "export_fen", (json_int_t)(exporter ? revenue / 100 * (5 + rnd() % 10) : 0), "rd_fen",
	                 (json_int_t)(revenue / 1000 * (10 + rnd() % 15)), "employees",
	                 (json_int_t)(employees + (int64_t)(rnd() % 21) - 10));
}

int demo_seed_statistics(struct db *db, const struct actor *a, int n, struct err *e)
{
	json_t **ents = xcalloc((size_t)n + 1, sizeof(*ents));
	int64_t *weight = xcalloc((size_t)n + 1, sizeof(*weight)), wsum = 0, created = 0;
	json_t *later = json_array(); /* [{enterprise_id, month, figures, late|revise}] */
	calc_day today;
	int rc = -1, close_day = CALC_CLOSE_DAY_DEFAULT;
	calc_day_parse("2020-07-15", &today);
	st_rng = ST_SEED; /* the same figures on every call */
	for (int64_t id = 1; id <= n; id++) {
		json_t *ent = enterprise_store_get(db, id, e);
		if (!ent) {
			if (e->code)
				goto out;
			continue;
		}
		if (!json_is_true(json_object_get(ent, "above_size")) || json_is_true(json_object_get(ent, "archived"))) {
			json_decref(ent);
			continue;
		}
		ents[id] = ent;
		uint32_t r = 5 + rnd() % 60;
		weight[id] = (int64_t)r * r; /* a few large, many small */
		wsum += weight[id];
	}
	if (db_begin_write(db, e))
		goto out;
	for (int64_t id = 1; id <= n; id++) {
		if (!ents[id])
			continue;
		int64_t annual = (int64_t)((__int128)REVENUE_2015_FEN * weight[id] / wsum);
		int64_t employees = json_integer_value(json_object_get(ents[id], "employees"));
		int g = growth_bp(ents[id]);
		bool misses_june = id % 17 == 3;
		for (int y = FIRST_YEAR; y <= LAST_MONTH_YEAR; y++) {
			for (int mon = 1; mon <= 12 && (y < LAST_MONTH_YEAR || mon <= LAST_MONTH); mon++) {
				calc_month m = calc_month_make(y, mon);
				char month[8], at[21], day[11];
				calc_month_format(m, month);
				json_t *rec = figures(ents[id], annual, mon, employees);
				uint32_t roll = rnd() % 400;
				if ((y == LAST_MONTH_YEAR && mon == LAST_MONTH && misses_june) || roll < 3) {
					json_decref(rec); /* a missing month */
					continue;
				}
				json_object_set_new(rec, "enterprise_id", json_integer(id));
				json_object_set_new(rec, "month", json_string(month));
				if (roll < 8 || roll >= 395) {
					/* Late (roll < 8) or revised later (roll >= 395): through the rules below. */
					json_object_set_new(rec, "kind", json_string(roll < 8 ? "late" : "revise"));
					json_array_append_new(later, rec);
					continue;
				}
				calc_day filed = calc_window_open(m) + (calc_day)(rnd() % (unsigned)close_day);
				fmt_at(filed, at);
				calc_day_format(filed, day);
				json_object_set_new(rec, "submitted_at", json_string(at));
				json_object_set_new(rec, "submitted_on", json_string(day));
				json_object_set_new(rec, "late", json_false());
				json_object_set_new(rec, "unlocked", json_false());
				int w = statistics_store_insert(db, rec, e);
				json_decref(rec);
				if (w)
					goto rollback;
				created++;
			}
			/* Next year's size: the enterprise's growth, give or take 3 points. */
			annual = annual / 10000 * (10000 + g + (int64_t)(rnd() % 600) - 300);
			employees = employees * (1000 + g / 20) / 1000;
		}
		/* Written straight to the table, so summed here (the rules' path sums its own rows). */
		if (summary_store_apply(db, id, NULL, 1, e))
			goto rollback;
	}
	json_t *ch = json_pack("{s:I, s:b}", "created", (json_int_t)created, "demo", 1);
	int w = audit_append(db, a, "import", "statistics", "", ch, e);
	json_decref(ch);
	if (w || db_commit(db, e))
		goto rollback;
	/* The late and the revised ones, on the demo calendar, through the rules. */
	size_t i;
	json_t *rec;
	json_array_foreach(later, i, rec) {
		calc_month m;
		int64_t id = json_integer_value(json_object_get(rec, "enterprise_id"));
		const char *month = json_string_value(json_object_get(rec, "month"));
		bool late = !strcmp(json_string_value(json_object_get(rec, "kind")), "late");
		calc_month_parse(month, &m);
		calc_day close = calc_window_close(m, close_day);
		calc_day filed = late ? close + 1 + (calc_day)(rnd() % 20) : calc_window_open(m) + 2;
		char at[21];
		fmt_at(filed, at);
		struct statistics_clock clk = { filed, close_day, at, false };
		enum sheet_outcome outcome;
		json_object_del(rec, "kind");
		if (db_begin_write(db, e))
			goto out;
		if (statistics_file_in_tx(db, a, ents[id], rec, &clk, &outcome, e) || db_commit(db, e))
			goto rollback;
		if (late)
			continue;
		/* Revised: an officer unlocks it some weeks after its window, the figures are corrected. */
		char day[11];
		calc_day_format(close + 25, day);
		json_t *why = json_pack("{s:s}", "reason", "企业申请更正：统计局审核后数据调整");
		json_t *fix = json_pack("{s:I, s:I, s:s}", "revenue_fen",
		                        (json_int_t)(json_integer_value(json_object_get(rec, "revenue_fen")) / 100 * 97),
		                        "output_fen",
		                        (json_int_t)(json_integer_value(json_object_get(rec, "output_fen")) / 100 * 97),
		                        "reason", "按统计局审定数更正");
		json_t *r1 = NULL, *r2 = NULL;
		if (!db_begin_write(db, e) && !settings_put(db, "calendar_today", day, e) && !db_commit(db, e)) {
			if ((r1 = statistics_unlock(db, a, id, month, why, e)))
				r2 = statistics_update(db, a, id, month, fix, e);
		} else {
			db_rollback(db);
		}
		json_decref(why);
		json_decref(fix);
		json_decref(r1);
		if (!r2)
			goto out;
		json_decref(r2);
	}
	{
		char day[11];
		calc_day_format(today, day);
		if (db_begin_write(db, e) || settings_put(db, "calendar_today", day, e) || db_commit(db, e))
			goto rollback;
	}
	rc = 0;
	goto out;
rollback:
	db_rollback(db);
out:
	for (int64_t id = 0; id <= n; id++)
		json_decref(ents[id]);
	free(ents);
	free(weight);
	json_decref(later);
	return rc;
}
