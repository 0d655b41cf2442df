/* demo.c — deterministic demo data: enterprises, key projects and their reports, the seed policy
 * and its tasks, monthly statistics (demo_statistics.c), and one account per role. */
#include "domain/demo.h"
#include "core/asset.h"
#include "core/creditcode.h"
#include "core/util.h"
#include "db/ref_store.h"
#include "domain/enterprise.h"
#include "domain/policy.h"
#include "domain/project.h"
#include "domain/project_calc.h"
#include "domain/report.h"
#include "domain/task.h"
#include "db/enterprise_store.h"
#include "domain/user.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The demo's "now" on the reporting calendar: mid-2020, inside the policy's period. */
#define DEMO_TODAY "2020-07-15"

static int set_calendar(struct db *db, calc_day d, struct err *e);

static uint64_t rng_state;

static uint32_t rng(void)
{
	/* xorshift64*: deterministic, so a demo database is the same every time. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static const char *const brand[] = { "天山", "昆仑", "丝路", "博格达", "天池", "金山", "雪莲", "胡杨",
	"西域", "戈壁", "准噶尔", "塔里木", "阿尔泰", "伊犁河", "火洲", "红山", "明珠", "天润", "新特",
	"众和", "金盛", "华源", "中亚", "亚欧", "通达", "鸿业", "瑞丰", "恒信", "泰和", "宏远" };
static const struct {
	const char *word, *industry, *field;
} line[] = {
	{ "输变电设备", "3821", "power" }, { "变压器", "3821", "power" }, { "电线电缆", "3831", "power" },
	{ "农牧机械", "3571", "agri" }, { "棉花机械", "3577", "agri" }, { "畜牧机械", "3574", "agri" },
	{ "石油装备", "3512", "petro" }, { "石化设备", "3521", "petro" }, { "风电装备", "3415", "newenergy" },
	{ "光伏设备", "3825", "newenergy" }, { "环保设备", "3591", "newenergy" },
	{ "矿山机械", "3511", "mining" }, { "工程机械", "3514", "mining" }, { "轨道交通装备", "3720", "rail" },
	{ "专用汽车", "3630", "nev" }, { "智能装备", "3491", "smartequip" }, { "仪器仪表", "4011", NULL },
	{ "阀门", "3443", NULL }, { "轴承", "3451", NULL }, { "铸锻件", "3391", NULL },
};
static const char *const suffix[] = { "有限公司", "股份有限公司", "有限责任公司", "制造有限公司" };
static const char *const own[] = { "private", "private", "private", "state", "mixed", "foreign", "collective" };
static const char *const scales[] = { "small", "small", "medium", "micro", "large" };
static const char *const surname[] = { "王", "李", "张", "刘", "陈", "马", "艾", "买", "阿", "赵" };
static const char *const given[] = { "建国", "新华", "丽娜", "买买提", "古丽", "志强", "海燕", "江", "军", "红" };

static int pick_counties(struct db *db, json_t **counties, struct err *e)
{
	json_t *all = ref_store_list(db, REF_DIVISION, e), *v;
	size_t i;
	if (!all)
		return -1;
	*counties = json_array();
	json_array_foreach(all, i, v) {
		if (!strcmp(json_string_value(json_object_get(v, "level")), "county"))
			json_array_append(*counties, v);
	}
	json_decref(all);
	return 0;
}

static int64_t seed_enterprises(struct db *db, const struct actor *a, int n, struct err *e)
{
	json_t *counties = NULL, *bases = NULL;
	int64_t first_urumqi = 0;
	if (pick_counties(db, &counties, e) || !(bases = ref_store_list(db, REF_BASE, e)))
		goto fail;
	size_t ncounties = json_array_size(counties);
	for (int k = 0; k < n; k++) {
		/* Half the enterprises sit in Urumqi and Changji, as the industry does. */
		const char *div;
		uint32_t r = rng() % 10;
		if (r < 3)
			div = (const char *[]){ "650102", "650104", "650105", "650106", "650109" }[rng() % 5];
		else if (r < 5)
			div = (const char *[]){ "652301", "652302", "652323", "652324" }[rng() % 4];
		else
			div = json_string_value(json_object_get(json_array_get(counties, rng() % ncounties), "code"));
		const char *county = div;
		for (size_t ci = 0; ci < ncounties; ci++)
			if (!strcmp(div, json_string_value(json_object_get(json_array_get(counties, ci), "code"))))
				county = json_string_value(json_object_get(json_array_get(counties, ci), "name"));
		size_t li = rng() % ARRAY_SIZE(line);
		char code[CREDITCODE_LEN + 1], name[160], shortn[64], legal[32], phone[32], founded[16], addr[160];
		static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
		snprintf(code, sizeof(code), "91%.6s", div);
		for (int i = 8; i < 16; i++)
			code[i] = i < 10 ? "MA"[i - 8] : alpha[rng() % 31];
		code[16] = code[17] = '0';
		code[18] = '\0';
		creditcode_complete(code);
		const char *b = brand[rng() % ARRAY_SIZE(brand)];
		snprintf(name, sizeof(name), "新疆%s%s%s%s", b, line[li].word,
		         k >= (int)(ARRAY_SIZE(brand) * ARRAY_SIZE(line)) ? (const char *[]){ "一", "二", "三", "四", "五", "六", "七", "八", "九" }[k % 9] : "",
		         suffix[rng() % ARRAY_SIZE(suffix)]);
		snprintf(shortn, sizeof(shortn), "%s%s", b, line[li].word);
		snprintf(legal, sizeof(legal), "%s%s", surname[rng() % 10], given[rng() % 10]);
		snprintf(phone, sizeof(phone), "0991-%07u", rng() % 10000000);
		snprintf(addr, sizeof(addr), "%s%s%u号", county,
		         (const char *[]){ "工业园区创业路", "经济技术开发区天山路", "高新区昆仑路", "北京路",
		                           "丝路大道", "工业园区装备路" }[rng() % 6], 1 + rng() % 300);
		snprintf(founded, sizeof(founded), "%04u-%02u-%02u", 1990 + rng() % 30, 1 + rng() % 12, 1 + rng() % 28);
		json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:s, s:s, s:I}",
		                         "credit_code", code, "name", name, "short_name", shortn,
		                         "division", div, "address", addr, "industry", line[li].industry,
		                         "ownership", own[rng() % ARRAY_SIZE(own)],
		                         "scale", scales[rng() % ARRAY_SIZE(scales)],
		                         "above_size", rng() % 3 != 0, "exporter", rng() % 4 == 0,
		                         "legal_rep", legal, "contact", legal, "phone", phone,
		                         "founded", founded, "employees", (json_int_t)(20 + rng() % 2000));
		json_object_set_new(body, "fields", line[li].field ? json_pack("[s]", line[li].field) : json_array());
		/* A base when the enterprise sits in its city. */
		size_t bi;
		json_t *bv;
		json_array_foreach(bases, bi, bv) {
			const char *bd = json_string_value(json_object_get(bv, "division"));
			if (bd && !strcmp(json_string_value(json_object_get(bv, "kind")), "base") &&
			    !strncmp(bd, div, 4)) {
				json_object_set(body, "base", json_object_get(bv, "code"));
				break;
			}
		}
		json_t *rec = enterprise_create(db, a, body, e);
		json_decref(body);
		if (!rec) {
			if (e->code == ERR_DUPLICATE)
				continue; /* a repeated random code: skip it */
			goto fail;
		}
		if (!first_urumqi && !strncmp(div, "6501", 4))
			first_urumqi = json_integer_value(json_object_get(rec, "id"));
		json_decref(rec);
	}
	json_decref(counties);
	json_decref(bases);
	return first_urumqi;
fail:
	json_decref(counties);
	json_decref(bases);
	return -1;
}

/* The four projects the policy names (三(七)), then the programme's shape: about 50
 * smart/green/service projects (T2), 100 technical-transformation projects in the five
 * key fields (T4) and 10 industrial-foundation projects (T5). */
static const struct {
	const char *name, *category, *field, *target, *measure;
} named[] = {
	{ "广汽新疆轿车项目", "nev", "nev", NULL, "M7" },
	{ "中车新疆轨道车辆项目", "overseas", "rail", NULL, "M7" },
	{ "武汉枭龙新疆特种车辆项目", "overseas", "nev", NULL, "M7" },
	{ "江苏金晟新疆纺织机械生产基地项目", "overseas", NULL, NULL, "M7" },
};
static const char *const t2_cats[] = { "smart", "green", "service" };
static const char *const t4_fields[] = { "power", "agri", "petro", "newenergy", "mining" };
static const char *const works[] = { "智能化改造", "数字化车间建设", "绿色工厂改造", "生产线技术改造", "扩能改造",
	                             "新产品产业化", "服务型制造平台建设", "关键零部件产业化" };
/* Where a project stands: most approved and under way, a few at each review step. */
static const char *const paths[][6] = {
	{ "submit", "pass", "approve", "start", "complete", NULL },
	{ "submit", "pass", "approve", "start", NULL },
	{ "submit", "pass", "approve", "start", NULL },
	{ "submit", "pass", "approve", "start", NULL },
	{ "submit", "pass", "approve", NULL },
	{ "submit", "pass", NULL },
	{ "submit", NULL },
	{ NULL },
	{ "submit", "return", NULL },
	{ "submit", "pass", "reject", NULL },
	{ "submit", "pass", "approve", "start", "terminate", NULL },
};

/* owners: the projects belong to enterprises 1..owners. */
static int seed_projects(struct db *db, const struct actor *a, int count, int owners, struct err *e)
{
	json_t *bases = ref_store_list(db, REF_BASE, e);
	if (!bases)
		return -1;
	for (int k = 0; k < count; k++) {
		const char *name = NULL, *cat, *field = NULL, *target = NULL, *measure;
		char title[200];
		int64_t ent_id = 1 + rng() % (uint32_t)owners;
		json_t *ent = enterprise_store_get(db, ent_id, e);
		if (!ent) {
			json_decref(bases);
			return e->code ? -1 : 0;
		}
		if (k < (int)ARRAY_SIZE(named)) {
			name = named[k].name;
			cat = named[k].category;
			field = named[k].field;
			measure = named[k].measure;
		} else if (k < 54) {
			cat = t2_cats[k % 3];
			target = "T2";
			measure = k % 2 ? "M1" : "M3";
		} else if (k < 150) {
			cat = "techreform";
			field = t4_fields[k % 5];
			target = "T4";
			measure = "M2";
		} else {
			cat = "foundation";
			target = "T5";
			measure = "M3";
		}
		if (!name) {
			snprintf(title, sizeof(title), "%s%s项目", json_string_value(json_object_get(ent, "short_name")),
			         works[rng() % ARRAY_SIZE(works)]);
			name = title;
		}
		/* 20 million to 2 billion yuan, whole 10,000s; funding and plan split exactly. */
		int64_t total = (int64_t)(2000 + rng() % 198000) * 1000000;
		int64_t own_funds = total / 10 * (4 + rng() % 3), bank = total / 10 * 3, regional = total - own_funds - bank;
		int start_year = 2017 + (int)(rng() % 3), years = 2 + (int)(rng() % 2);
		json_t *plan = json_array();
		int64_t left = total;
		for (int y = 0; y < years; y++) {
			int64_t part = y == years - 1 ? left : total / years;
			left -= part;
			json_array_append_new(plan, json_pack("{s:i, s:I}", "year", start_year + y, "amount_fen", (json_int_t)part));
		}
		char start[11], end[11], m1[11], m2[11];
		snprintf(start, sizeof(start), "%d-%02u-01", start_year, 3 + rng() % 6);
		snprintf(end, sizeof(end), "%d-12-31", start_year + years - 1);
		snprintf(m1, sizeof(m1), "%d-%02u-15", start_year, 10 + rng() % 3);
		snprintf(m2, sizeof(m2), "%d-06-30", start_year + 1);
		const char *div = json_string_value(json_object_get(ent, "division"));
		json_t *body = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:[{s:s, s:I}, {s:s, s:I}, {s:s, s:I}], s:o, "
		                         "s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}], s:I, s:i, s:b, s:s, s:s}",
		                         "enterprise_id", (json_int_t)ent_id, "name", name, "division", div,
		                         "category", cat, "measure", measure, "total_fen", (json_int_t)total,
		                         "funding", "source", "own", "amount_fen", (json_int_t)own_funds, "source", "bank",
		                         "amount_fen", (json_int_t)bank, "source", "regional", "amount_fen",
		                         (json_int_t)regional, "plan", plan, "start_date", start, "end_date", end,
		                         "milestones", "name", "主体工程开工", "planned_date", m1, "name", "设备安装调试",
		                         "planned_date", m2, "expected_output_fen", (json_int_t)(total * 2),
		                         "expected_jobs", 20 + (int)(rng() % 400), "national", rng() % 5 == 0,
		                         "contact", json_string_value(json_object_get(ent, "contact")),
		                         "phone", json_string_value(json_object_get(ent, "phone")));
		if (field)
			json_object_set_new(body, "field", json_string(field));
		if (target)
			json_object_set_new(body, "target", json_string(target));
		size_t bi;
		json_t *bv;
		json_array_foreach(bases, bi, bv) {
			const char *bd = json_string_value(json_object_get(bv, "division"));
			if (bd && !strncmp(bd, div, 4)) {
				json_object_set(body, "base", json_object_get(bv, "code"));
				break;
			}
		}
		json_decref(ent);
		/* The life cycle on the calendar: applied some five months before the start,
		 * reviewed in the weeks after, started on its start date, accepted at its end
		 * (not after the demo's today). */
		calc_day start_day, end_day, today;
		calc_day_parse(start, &start_day);
		calc_day_parse(end, &end_day);
		calc_day_parse(DEMO_TODAY, &today);
		calc_day applied = start_day - 160;
		if (set_calendar(db, applied, e)) {
			json_decref(body);
			goto fail;
		}
		json_t *p = project_create(db, a, body, e);
		json_decref(body);
		if (!p)
			goto fail;
		int64_t id = json_integer_value(json_object_get(p, "id"));
		json_decref(p);
		const char *const *path = paths[k < (int)ARRAY_SIZE(named) ? 1 : rng() % ARRAY_SIZE(paths)];
		for (int n = 1; *path; path++, n++) {
			calc_day on = !strcmp(*path, "start")       ? start_day
			              : !strcmp(*path, "complete")  ? (end_day < today - 15 ? end_day : today - 15)
			              : !strcmp(*path, "terminate") ? (start_day + 240 < today ? start_day + 240 : today - 5)
			                                            : applied + 15 * n;
			if (set_calendar(db, on, e))
				goto fail;
			json_t *step = json_pack("{s:s, s:s}", "action", *path, "comment",
			                         !strcmp(*path, "return") ? "请补充资金来源证明材料" :
			                         !strcmp(*path, "reject") ? "不符合支持方向" :
			                         !strcmp(*path, "terminate") ? "企业经营调整，项目终止" : "同意");
			if (!strcmp(*path, "complete")) {
				char accepted[11];
				calc_day_format(on, accepted);
				json_object_set_new(step, "accepted_date", json_string(accepted));
				json_object_set_new(step, "acceptance_result", json_string("通过竣工验收"));
				json_object_set_new(step, "final_investment_fen", json_integer(total / 100 * 97));
			}
			p = project_transition(db, a, id, step, e);
			json_decref(step);
			if (!p)
				goto fail;
			json_decref(p);
		}
	}
	json_decref(bases);
	return 0;
fail:
	json_decref(bases);
	return -1;
}

/* The demo's calendar stops here: mid-2020, inside the policy's period. */
static int set_calendar(struct db *db, calc_day d, struct err *e)
{
	char day[11];
	calc_day_format(d, day);
	if (db_begin_write(db, e) || settings_put(db, "calendar_today", day, e) || db_commit(db, e)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* Monthly reports for the projects under way, each filed on a day of its window as the
 * calendar moves: most on time, some late, some missing, some lagging their plan, a few
 * asking a department for help and a few revised after an officer unlocked them. */
static int seed_reports(struct db *db, const struct actor *a, struct err *e)
{
	static const char *const deps[] = { "fg", "cz", "kj", "sw", "sj" };
	static const char *const progress[] = { "土建施工", "厂房主体封顶", "设备采购", "设备安装", "单机调试",
		                                "联动试车", "试生产" };
	struct project_query q = { .status = "in_progress", .national = -1, .page = 1, .per_page = 0 };
	calc_day today, filed;
	calc_day_parse(DEMO_TODAY, &today);
	json_t *list = project_list(db, a, &q, e), *p;
	size_t i;
	if (!list)
		return -1;
	json_array_foreach(json_object_get(list, "items"), i, p) {
		int64_t id = json_integer_value(json_object_get(p, "id"));
		bool lagging = id % 4 == 0, gaps = id % 5 == 0;
		calc_day sd;
		calc_month last;
		calc_day_parse(json_string_value(json_object_get(p, "start_date")), &sd);
		calc_due_months(calc_day_month(sd), today, CALC_CLOSE_DAY_DEFAULT, &last);
		for (calc_month m = calc_day_month(sd); m <= last; m++) {
			if (gaps && rng() % 6 == 0)
				continue;
			int64_t plan = 0;
			size_t j;
			json_t *py;
			json_array_foreach(json_object_get(p, "plan"), j, py) {
				if (json_integer_value(json_object_get(py, "year")) == calc_month_year(m))
					plan = json_integer_value(json_object_get(py, "amount_fen"));
			}
			int64_t amount = plan / 12 / 10000 * 10000 * (lagging ? 35 : 80 + (int64_t)(rng() % 40)) / 100;
			filed = calc_window_open(m) + (calc_day)(rng() % 14);
			if (set_calendar(db, filed, e))
				goto fail;
			char month[8];
			calc_month_format(m, month);
			json_t *body = json_pack("{s:s, s:I, s:s, s:i}", "month", month, "investment_fen", (json_int_t)amount,
			                         "progress", progress[rng() % ARRAY_SIZE(progress)], "jobs", (int)(rng() % 20));
			bool help = rng() % 15 == 0;
			if (help) {
				json_object_set_new(body, "help_department", json_string(deps[rng() % ARRAY_SIZE(deps)]));
				json_object_set_new(body, "problems", json_string("用地指标和配套电力接入尚未落实"));
			}
			/* Milestones due this month are mostly met, a few days late at worst. */
			json_t *reached = json_array(), *ms;
			json_array_foreach(json_object_get(p, "milestones"), j, ms) {
				calc_day pd;
				calc_day_parse(json_string_value(json_object_get(ms, "planned_date")), &pd);
				if (calc_day_month(pd) == m && rng() % 5) {
					char ad[11];
					calc_day met = pd + (calc_day)(rng() % 5);
					calc_day_format(calc_day_month(met) == m ? met : pd, ad); /* reported after it */
					json_array_append_new(reached, json_pack("{s:O, s:s}", "milestone_id",
					                                         json_object_get(ms, "id"), "actual_date", ad));
				}
			}
			json_object_set_new(body, "milestones_reached", reached);
			json_t *r = report_create(db, a, id, body, e);
			json_decref(body);
			if (!r)
				goto fail;
			json_decref(r);
			if (help && rng() % 4) {
				json_t *c = json_pack("{s:s}", "comment", "已协调有关部门落实");
				r = report_resolve_help(db, a, id, month, c, e);
				json_decref(c);
				if (!r)
					goto fail;
				json_decref(r);
			}
			if (rng() % 40 == 0) {
				json_t *why = json_pack("{s:s}", "reason", "企业申请更正本月完成投资");
				json_t *fix = json_pack("{s:I, s:s}", "investment_fen", (json_int_t)(amount / 10 * 9),
				                        "reason", "按财务决算数更正");
				if (set_calendar(db, calc_window_close(m, CALC_CLOSE_DAY_DEFAULT) + 20, e) ||
				    !(r = report_unlock(db, a, id, month, why, e))) {
					json_decref(why);
					json_decref(fix);
					goto fail;
				}
				json_decref(r);
				r = report_update(db, a, id, month, fix, e);
				json_decref(why);
				json_decref(fix);
				if (!r)
					goto fail;
				json_decref(r);
			}
		}
	}
	json_decref(list);
	return set_calendar(db, today, e);
fail:
	json_decref(list);
	return -1;
}

/* The seed policy, loaded from its document as any policy would be, then a history
 * of its tasks on the demo calendar: some done on time, some late, some overdue and
 * escalated (no word since the deadline, or none for a month), some not yet due. */
static int seed_policy(struct db *db, const struct actor *a, struct err *e)
{
	static const struct {
		const char *title;
		struct {
			const char *day, *text;
			int percent;
		} updates[2];
		const char *done;
	} history[] = {
		{ "出台新能源汽车推广应用配套实施方案", { { "2017-11-20", "实施方案已征求各部门意见", 60 } }, "2017-12-20" },
		{ "建立机械工业政策落实协调推进机制", { { NULL, NULL, 0 } }, "2017-10-15" },
		{ "制定“互联网＋制造业”融合发展实施方案", { { "2018-03-10", "方案送审稿已报自治区人民政府", 80 } }, "2018-05-20" },
		{ "组织龙头企业申报国家智能制造试点示范项目", { { NULL, NULL, 0 } }, "2018-06-15" },
		{ "落实研发费加计扣除及高新技术企业所得税优惠", { { NULL, NULL, 0 } }, "2018-06-28" },
		{ "制定出台鼓励采购地产名优产品支持政策",
		  { { "2018-05-10", "已完成调研，起草政策文本", 50 }, { "2018-09-01", "政策文本征求意见中", 70 } }, NULL },
		{ "争取国家技术改造资金、专项建设基金、先进制造产业投资基金支持", { { NULL, NULL, 0 } }, "2018-12-20" },
		{ "建立汽车行业技术创新和产业发展联盟", { { "2018-10-01", "已拟定联盟章程", 40 } }, NULL },
		{ "全面推行企业产品标准自我声明公开", { { NULL, NULL, 0 } }, "2019-03-15" },
		{ "推进乌鲁木齐、昌吉智能制造、绿色制造、服务型制造示范区建设", { { "2019-05-01", "示范区建设方案已批复", 70 } },
		  "2019-09-30" },
		{ "推进三个国家地方联合工程实验室建设",
		  { { "2019-06-30", "两个实验室已获批复", 60 }, { "2020-07-01", "第三个实验室完成专家评审", 90 } }, NULL },
		{ "组织骨干企业参加国家服务型制造试点", { { NULL, NULL, 0 } }, "2019-11-11" },
		{ "开展重大装备（首台套）保险补偿机制试点",
		  { { "2019-08-01", "试点办法起草完成", 50 }, { "2020-01-20", "与保险机构协商费率", 60 } }, NULL },
		{ "开展打击假冒伪劣机械产品专项行动", { { NULL, NULL, 0 } }, "2020-03-25" },
		{ "安排自治区专项资金支持五大重点领域重点项目", { { "2020-06-20", "已下达第一批资金", 80 } }, NULL },
		{ "组织行业协会反馈政策落实情况", { { NULL, NULL, 0 } }, "2020-07-05" },
		{ "推动与中亚国家标准互认", { { "2020-05-10", "完成两项标准比对", 40 } }, NULL },
		{ "打造以乌鲁木齐、昌吉为核心的装备制造业出口集聚区", { { "2020-06-01", "集聚区规划已印发", 50 } }, NULL },
	};
	const struct asset *as = asset_find("data/policies/xinjiang-machinery-2017.json");
	json_error_t jerr;
	json_t *doc, *p, *list = NULL, *t;
	size_t i, k;
	int rc = -1;
	if (!as)
		return err_set(e, ERR_INTERNAL, NULL, "data/policies/xinjiang-machinery-2017.json");
	if (!(doc = json_loadb((const char *)as->data, as->len, 0, &jerr)))
		return err_set(e, ERR_INTERNAL, NULL, jerr.text);
	p = policy_create(db, a, doc, true, e);
	json_decref(doc);
	if (!p)
		return -1;
	struct task_query q = { .policy_id = json_integer_value(json_object_get(p, "id")) };
	json_decref(p);
	if (!(list = task_list(db, a, &q, e)))
		return -1;
	for (k = 0; k < ARRAY_SIZE(history); k++) {
		int64_t id = 0;
		json_array_foreach(json_object_get(list, "items"), i, t) {
			if (!strcmp(json_string_value(json_object_get(t, "title")), history[k].title))
				id = json_integer_value(json_object_get(t, "id"));
		}
		if (!id) {
			err_set(e, ERR_INTERNAL, NULL, history[k].title);
			goto out;
		}
		for (size_t u = 0; u < 2 && history[k].updates[u].day; u++) {
			calc_day d;
			calc_day_parse(history[k].updates[u].day, &d);
			json_t *body = json_pack("{s:s, s:i}", "body", history[k].updates[u].text, "percent",
			                         history[k].updates[u].percent);
			json_t *r = task_post_update(db, a, id, body, d, e);
			json_decref(body);
			if (!r)
				goto out;
			json_decref(r);
		}
		if (history[k].done) {
			json_t *body = json_pack("{s:s, s:s}", "completed_on", history[k].done, "evidence", "已印发文件，见附件");
			json_t *r = task_complete(db, a, id, body, e);
			json_decref(body);
			if (!r)
				goto out;
			json_decref(r);
		}
	}
	rc = 0;
out:
	json_decref(list);
	return rc;
}

int demo_seed(struct db *db, const struct actor *a, int n, bool accounts, struct err *e)
{
	char demo[8];
	int has = settings_get(db, "demo", demo, sizeof(demo), e);
	if (has < 0)
		return -1;
	if (has == 0) {
		printf("demo data already present: nothing added\n");
		return 1;
	}
	/* One sequence whatever the size: a smaller demo's enterprises are the first ones of a
	 * larger one. The projects, reports and policy then draw from the state 60 enterprises
	 * left (the demo's size before it grew to a few hundred), so they stay the same at any
	 * size and keep drawing their enterprises from ids 1..60 (1..N in a smaller demo). */
	/* The demo keeps its own calendar (the setting calendar_today, moved as projects take their
	 * steps and reports are filed); an override meant for the server must not bend its history. */
	unsetenv("LUOSHI_TODAY");
	rng_state = 0x9E3779B97F4A7C15ULL ^ 60;
	int64_t ent = seed_enterprises(db, a, n, e);
	rng_state = 0x24F6E05D532C4A04ULL;
	if (ent < 0 || seed_projects(db, a, 160, n < 60 ? n : 60, e) || seed_reports(db, a, e) || seed_policy(db, a, e) ||
	    demo_seed_statistics(db, a, n, e))
		return -1;
	if (db_begin_write(db, e) || settings_put(db, "demo", "1", e) || db_commit(db, e)) {
		db_rollback(db);
		return -1;
	}
	if (!accounts)
		return 0;
	static const struct {
		const char *user, *role, *display, *scope_key, *scope;
	} users[] = {
		{ "admin", "admin", "系统管理员", NULL, NULL },
		{ "officer", "officer", "经信厅 装备工业处", NULL, NULL },
		{ "prefecture", "prefecture", "乌鲁木齐市工信局", "division", "650100" },
		{ "department", "department", "自治区发改委", "department", "fg" },
		{ "enterprise", "enterprise", "企业填报员", "enterprise_id", NULL },
		{ "association", "association", "自治区机械工业协会", NULL, NULL },
		{ "auditor", "auditor", "审计监督员", NULL, NULL },
	};
	printf("demo accounts (password %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < ARRAY_SIZE(users); i++) {
		json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "username", users[i].user, "role",
		                         users[i].role, "display_name", users[i].display, "password",
		                         DEMO_PASSWORD);
		if (users[i].scope_key)
			json_object_set_new(body, users[i].scope_key,
			                    users[i].scope ? json_string(users[i].scope) : json_integer(ent));
		json_t *u = user_create(db, a, body, e);
		json_decref(body);
		if (!u)
			return -1;
		printf("  %-12s %s\n", users[i].user, users[i].display);
		json_decref(u);
	}
	return 0;
}
