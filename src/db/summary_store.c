/* summary_store.c — SQL of the statistics summaries: what a row contributes, kept and read. */
#include "db/summary_store.h"
#include "db/statistics_store.h"
#include "db/enterprise_store.h"
#include "core/strbuf.h"
#include "core/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#define FIGURES "output_fen, revenue_fen, profit_fen, export_fen, rd_fen, employees"
#define FIGURES_S "s.output_fen, s.revenue_fen, s.profit_fen, s.export_fen, s.rd_fen, s.employees"
#define MATCHED "mc_output_fen, mc_revenue_fen, mc_profit_fen, mc_export_fen, mc_rd_fen, mc_employees, " \
	"mp_output_fen, mp_revenue_fen, mp_profit_fen, mp_export_fen, mp_rd_fen, mp_employees"

static const char *const figure_cols[] = { "output_fen", "revenue_fen", "profit_fen", "export_fen", "rd_fen",
	                                   "employees" };

/* Conditions on the rows of one enterprise and/or one month, written into the text only
 * when asked for, so that each shape is its own statement and uses the primary key. */
struct rows_of {
	int64_t enterprise_id; /* 0: every enterprise */
	const char *month;     /* NULL: every month */
	const char *next;      /* with month: also this one (the same month a year later), or NULL */
	bool pending;          /* only the rows noted in summary_pending */
};

/* The rows a contribution is read from: table (statistics or statistics_revisions) as alias,
 * driven by the list of pending rows when there is one. */
static void from_rows(struct strbuf *sql, const struct rows_of *r, const char *table, const char *alias)
{
	if (r->pending)
		strbuf_addf(sql, " FROM summary_pending p JOIN %s %s ON %s.enterprise_id = p.enterprise_id "
		                 "AND %s.month = p.month", table, alias, alias, alias);
	else
		strbuf_addf(sql, " FROM %s %s", table, alias);
}

static void where_rows(struct strbuf *sql, const struct rows_of *r, const char *alias)
{
	if (r->enterprise_id)
		strbuf_addf(sql, " AND %s.enterprise_id = ?", alias);
	if (r->month)
		strbuf_addf(sql, r->next ? " AND %s.month IN (?, ?)" : " AND %s.month = ?", alias);
}

static int bind_rows(struct db_stmt *st, int at, const struct rows_of *r)
{
	if (r->enterprise_id)
		db_bind_int(st, at++, r->enterprise_id);
	if (r->month)
		db_bind_text(st, at++, r->month);
	if (r->month && r->next)
		db_bind_text(st, at++, r->next);
	return at;
}

/* The same month a year later ("2019-06" → "2020-06"). */
static void year_later(const char *month, char out[16])
{
	snprintf(out, 16, "%04d%.3s", (atoi(month) + 1) % 10000, month + 4);
}

/* ---- statistics_sums ------------------------------------------------------------------ */

/* The rows' contributions to statistics_sums: one per row and grouping key — its figures and,
 * when the enterprise has the same month a year before (a matched pair, for year on year over
 * the same enterprises), its figures again as mc_* and that month's as mp_*. A row's pair is
 * counted with the later month, so a change to month M changes the pairs of M and of M + 12. */
static void sums_select(struct strbuf *sql, const struct rows_of *r)
{
	static const struct {
		const char *dim, *key, *join;
	} dims[] = {
		{ "county", "''", "" },
		{ "industry", "'C' || substr(r.industry, 1, 2)", "" },
		{ "field", "ef.field", " JOIN enterprise_fields ef ON ef.enterprise_id = r.enterprise_id" },
		{ "base", "coalesce(r.base, '')", "" },
		{ "scale", "coalesce(r.scale, '')", "" },
	};
	/* Each row once with its enterprise and its pair (a CTE used five times is computed once),
	 * then once per grouping key. */
	strbuf_addstr(sql, "WITH r AS (SELECT s.enterprise_id, e.division, e.industry, e.base, e.scale, s.month, " FIGURES_S);
	for (size_t k = 0; k < ARRAY_SIZE(figure_cols); k++)
		strbuf_addf(sql, ", CASE WHEN y.month IS NULL THEN 0 ELSE s.%s END AS mc_%s", figure_cols[k], figure_cols[k]);
	for (size_t k = 0; k < ARRAY_SIZE(figure_cols); k++)
		strbuf_addf(sql, ", coalesce(y.%s, 0) AS mp_%s", figure_cols[k], figure_cols[k]);
	from_rows(sql, r, "statistics", "s");
	strbuf_addstr(sql, " JOIN enterprises e ON e.id = s.enterprise_id LEFT JOIN statistics y "
	                   "ON y.enterprise_id = s.enterprise_id "
	                   "AND y.month = (CAST(substr(s.month, 1, 4) AS INTEGER) - 1) || substr(s.month, 5) WHERE 1 = 1");
	where_rows(sql, r, "s");
	strbuf_addstr(sql, ") SELECT dim, \"key\", division, month, CAST(? * count(*) AS BIGINT) AS reporting");
	for (size_t i = 0; i < ARRAY_SIZE(figure_cols); i++)
		strbuf_addf(sql, ", CAST(? * sum(%s) AS BIGINT) AS %s", figure_cols[i], figure_cols[i]);
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < ARRAY_SIZE(figure_cols); i++)
			strbuf_addf(sql, ", CAST(? * sum(m%c_%s) AS BIGINT) AS m%c_%s", "cp"[k], figure_cols[i], "cp"[k],
			            figure_cols[i]);
	strbuf_addstr(sql, " FROM (");
	/* Each grouping twice: per county, and rolled up per prefecture ("p." dims, division the
	 * prefecture's code) for the region's and a prefecture's totals. */
	for (size_t level = 0; level < 2; level++)
		for (size_t i = 0; i < ARRAY_SIZE(dims); i++)
			strbuf_addf(sql, "%sSELECT '%s%s' AS dim, %s AS \"key\", %s AS division, r.month, r.output_fen, "
			                 "r.revenue_fen, r.profit_fen, r.export_fen, r.rd_fen, r.employees, " MATCHED " FROM r%s",
			            level || i ? " UNION ALL " : "", level ? "p." : "", dims[i].dim, dims[i].key,
			            level ? "substr(r.division, 1, 4) || '00'" : "r.division", dims[i].join);
	strbuf_addstr(sql, ") x WHERE 1 = 1 GROUP BY dim, \"key\", division, month");
}

/* Binds sums_select's parameters from position at; returns the next position. */
static int sums_bind(struct db_stmt *st, int at, int sign, const struct rows_of *r)
{
	at = bind_rows(st, at, r);
	for (int i = 0; i < 19; i++)
		db_bind_int(st, at++, sign);
	return at;
}

/* Adding to the rows there are: the tail of every INSERT into statistics_sums. */
static void sums_upsert(struct strbuf *sql)
{
	strbuf_addstr(sql, " ON CONFLICT (dim, month, division, \"key\") DO UPDATE SET "
	                   "reporting = statistics_sums.reporting + excluded.reporting");
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < ARRAY_SIZE(figure_cols); i++)
			strbuf_addf(sql, ", %s%s = statistics_sums.%s%s + excluded.%s%s", k ? k == 1 ? "mc_" : "mp_" : "",
			            figure_cols[i], k ? k == 1 ? "mc_" : "mp_" : "", figure_cols[i],
			            k ? k == 1 ? "mc_" : "mp_" : "", figure_cols[i]);
}

static int sums_apply(struct db *db, const struct rows_of *r, int sign, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_addstr(&sql, "INSERT INTO statistics_sums (dim, \"key\", division, month, reporting, " FIGURES ", "
	                    MATCHED ") ");
	sums_select(&sql, r);
	sums_upsert(&sql);
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	sums_bind(st, 1, sign, r);
	return db_exec_stmt(st, e);
}

/* ---- target_sums ---------------------------------------------------------------------- */

/* A statistics target's filter, from its stored source_spec. */
struct target_filter {
	int64_t id;
	const char *column; /* a constant: the indicator's column */
	bool above_only;
	json_t *industries; /* class codes (C34, 341, 3411), or empty for the machinery classes */
};

/* The statistics targets (one, or all with id 0): an array of filters, n in *n. */
static struct target_filter *load_targets(struct db *db, int64_t id, size_t *n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, id ? "SELECT id, source_spec FROM policy_targets "
	                                         "WHERE source = 'statistics' AND id = ?"
	                                       : "SELECT id, source_spec FROM policy_targets "
	                                         "WHERE source = 'statistics' ORDER BY id");
	json_t *rows, *row;
	size_t i;
	if (id)
		db_bind_int(st, 1, id);
	*n = 0;
	if (!(rows = db_all_rows(st, NULL, e)))
		return NULL;
	struct target_filter *t = xcalloc(json_array_size(rows) + 1, sizeof(*t));
	json_array_foreach(rows, i, row) {
		json_t *spec = json_loads(json_string_value(json_object_get(row, "source_spec")), 0, NULL);
		const char *col = statistics_column(json_string_value(json_object_get(spec, "indicator_key")));
		if (!col) { /* checked on entry; a target without an indicator has nothing to sum */
			json_decref(spec);
			continue;
		}
		t[*n].id = json_integer_value(json_object_get(row, "id"));
		t[*n].column = col;
		t[*n].above_only = json_is_true(json_object_get(spec, "above_size_only"));
		t[*n].industries = json_incref(json_is_array(json_object_get(spec, "industries")) ?
		                                       json_object_get(spec, "industries") : NULL);
		if (!t[*n].industries)
			t[*n].industries = json_array();
		json_decref(spec);
		(*n)++;
	}
	json_decref(rows);
	return t;
}

static void free_targets(struct target_filter *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(t[i].industries);
	free(t);
}

/* The enterprises a target counts: its size and classes (codes are checked digits: C34 → 34%). */
static void where_target(struct strbuf *sql, const struct target_filter *t)
{
	size_t n = json_array_size(t->industries);
	if (t->above_only)
		strbuf_addstr(sql, " AND e.above_size = 1");
	if (!n)
		strbuf_addstr(sql, " AND i.machinery = 1");
	for (size_t i = 0; i < n; i++)
		strbuf_addstr(sql, i ? " OR e.industry LIKE ?" : " AND (e.industry LIKE ?");
	if (n)
		strbuf_addstr(sql, ")");
}

static int bind_target(struct db_stmt *st, int at, const struct target_filter *t)
{
	size_t i;
	json_t *v;
	json_array_foreach(t->industries, i, v) {
		char like[32];
		const char *c = json_string_value(v);
		snprintf(like, sizeof(like), "%s%%", c && *c == 'C' ? c + 1 : c ? c : "");
		db_bind_text(st, at++, like);
	}
	return at;
}

/* A row's first figure in the month it was filed (its figure now less its revisions' changes),
 * each revision's change in the month of its day. */
static void target_select(struct strbuf *sql, const struct target_filter *t, const struct rows_of *r)
{
	strbuf_addf(sql,
	            "SELECT CAST(? AS BIGINT) AS target_id, month, known, prefecture, CAST(? * sum(n) AS BIGINT) AS reporting, "
	            "CAST(? * sum(v) AS BIGINT) AS value FROM ("
	            "SELECT s.month, substr(s.submitted_on, 1, 7) AS known, substr(e.division, 1, 4) || '00' AS prefecture, "
	            "1 AS n, s.%s - coalesce((SELECT sum(rv.d_%s) FROM statistics_revisions rv "
	            "WHERE rv.enterprise_id = s.enterprise_id AND rv.month = s.month), 0) AS v",
	            t->column, t->column);
	from_rows(sql, r, "statistics", "s");
	strbuf_addstr(sql, " JOIN enterprises e ON e.id = s.enterprise_id JOIN industries i ON i.code = e.industry WHERE 1 = 1");
	where_rows(sql, r, "s");
	where_target(sql, t);
	strbuf_addf(sql,
	            " UNION ALL SELECT rv.month, substr(rv.on_day, 1, 7), substr(e.division, 1, 4) || '00', 0, rv.d_%s",
	            t->column);
	from_rows(sql, r, "statistics_revisions", "rv");
	strbuf_addstr(sql, " JOIN enterprises e ON e.id = rv.enterprise_id JOIN industries i ON i.code = e.industry WHERE 1 = 1");
	where_rows(sql, r, "rv");
	where_target(sql, t);
	strbuf_addstr(sql, ") x WHERE 1 = 1 GROUP BY month, known, prefecture");
}

/* Binds target_select's parameters from position at; returns the next position. */
static int target_bind(struct db_stmt *st, int at, const struct target_filter *t, int sign, const struct rows_of *r)
{
	db_bind_int(st, at++, t->id);
	db_bind_int(st, at++, sign);
	db_bind_int(st, at++, sign);
	at = bind_rows(st, at, r);
	at = bind_target(st, at, t);
	at = bind_rows(st, at, r);
	return bind_target(st, at, t);
}

/* Adding to the rows there are: the tail of every INSERT into target_sums. */
#define TARGET_UPSERT " ON CONFLICT (target_id, month, known, prefecture) DO UPDATE SET " \
	"reporting = target_sums.reporting + excluded.reporting, value = target_sums.value + excluded.value"

static int target_apply(struct db *db, const struct target_filter *t, const struct rows_of *r, int sign,
                        struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_addstr(&sql, "INSERT INTO target_sums (target_id, month, known, prefecture, reporting, value) ");
	target_select(&sql, t, r);
	strbuf_addstr(&sql, TARGET_UPSERT);
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	target_bind(st, 1, t, sign, r);
	return db_exec_stmt(st, e);
}

/* ---- keeping them ----------------------------------------------------------------------- */

/* Sign times the contributions of the rows r names, to both summaries. */
static int apply_rows(struct db *db, const struct rows_of *r, int sign, struct err *e)
{
	size_t n;
	int rc;
	struct target_filter *t = load_targets(db, 0, &n, e);
	if (!t)
		return -1;
	rc = sums_apply(db, r, sign, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = target_apply(db, &t[i], r, sign, e);
	free_targets(t, n);
	return rc;
}

int summary_store_apply(struct db *db, int64_t enterprise_id, const char *month, int sign, struct err *e)
{
	char next[16];
	if (month)
		year_later(month, next);
	struct rows_of r = { enterprise_id, month, month ? next : NULL, false };
	return apply_rows(db, &r, sign, e);
}

int summary_store_defer(struct db *db, struct err *e)
{
	return db_exec_script(db, "CREATE TEMP TABLE IF NOT EXISTS summary_pending (enterprise_id BIGINT NOT NULL, "
	                          "month TEXT NOT NULL, PRIMARY KEY (enterprise_id, month)); "
	                          "DELETE FROM summary_pending;", e);
}

/* Sign times the contributions of exactly one row (not its pair a year later). */
static int apply_one(struct db *db, int64_t enterprise_id, const char *month, int sign, struct err *e)
{
	struct rows_of r = { enterprise_id, month, NULL, false };
	return apply_rows(db, &r, sign, e);
}

int summary_store_note(struct db *db, int64_t enterprise_id, const char *month, bool exists, struct err *e)
{
	char next[16];
	const char *months[2] = { month, next };
	year_later(month, next);
	struct db_stmt *st = db_prepare(db, "INSERT INTO summary_pending (enterprise_id, month) VALUES (?, ?) "
	                                    "ON CONFLICT (enterprise_id, month) DO NOTHING");
	struct db_stmt *has = db_prepare(db, "SELECT 1 FROM statistics WHERE enterprise_id = ? AND month = ?");
	for (int i = 0; i < 2; i++) {
		db_bind_int(st, 1, enterprise_id);
		db_bind_text(st, 2, months[i]);
		if (db_exec_stmt(st, e))
			return -1;
		if (db_changes(db) == 0)
			continue; /* listed already: not in the sums until the flush */
		/* Newly listed: what it contributes now leaves the sums, to come back at the flush
		 * (a row that does not exist contributes nothing: a bulk import of new months
		 * mostly skips the statement). */
		bool there = exists;
		if (i) {
			db_bind_int(has, 1, enterprise_id);
			db_bind_text(has, 2, next);
			int rc = db_step(has, e);
			db_reset(has);
			if (rc < 0)
				return -1;
			there = rc == DB_ROW;
		}
		if (there && apply_one(db, enterprise_id, months[i], -1, e))
			return -1;
	}
	return 0;
}

int summary_store_flush(struct db *db, struct err *e)
{
	struct rows_of pending = { 0, NULL, NULL, true };
	return apply_rows(db, &pending, 1, e) || db_exec_stmt(db_prepare(db, "DELETE FROM summary_pending"), e) ? -1 : 0;
}

int summary_store_rebuild_target(struct db *db, int64_t target_id, struct err *e)
{
	struct rows_of all = { 0, NULL, NULL, false };
	size_t n;
	struct target_filter *t = load_targets(db, target_id, &n, e);
	if (!t)
		return -1;
	struct db_stmt *st = db_prepare(db, "DELETE FROM target_sums WHERE target_id = ?");
	db_bind_int(st, 1, target_id);
	int rc = db_exec_stmt(st, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = target_apply(db, &t[i], &all, 1, e);
	free_targets(t, n);
	return rc;
}

int summary_store_rebuild(struct db *db, struct err *e)
{
	if (db_exec_stmt(db_prepare(db, "DELETE FROM statistics_sums"), e) ||
	    db_exec_stmt(db_prepare(db, "DELETE FROM target_sums"), e))
		return -1;
	return summary_store_apply(db, 0, NULL, 1, e);
}

/* ---- batch summing ------------------------------------------------------------------------ */

/* What summary_batch_add sums is sums_select and target_select for one new row, done in memory:
 * a row's grouping keys (its slots) are worked out once per enterprise; each slot sums by year
 * in blocks of twelve months, and an enterprise keeps its slots' blocks of the year it was last
 * seen in, so that a row costs no hash probe in the common case. The flush writes the blocks in
 * the summary table's key order. */
#define NSUMS 19 /* reporting, the six figures, mc_*, mp_* */
#define NTARGETS 64 /* statistics targets a batch sums; with more, no batch */
#define NSLOTS (2 * (4 + ENTERPRISE_BRIEF_FIELDS) + NTARGETS)

/* A row of statistics_sums (less its month), or of target_sums (target >= 0: v[0] the rows,
 * v[1] the value; its prefecture in key's division place). */
struct slot {
	int id, target;
	char key[56]; /* dim, "key" and division, each NUL-terminated, zero-padded: hashed as bytes */
	UT_hash_handle hh;
};
struct block {
	int32_t key[2]; /* slot, year */
	int64_t v[12][NSUMS];
	UT_hash_handle hh;
};
struct ent_slot {
	int slot, target;  /* target: the slot's target index, -1 for statistics_sums */
	struct block *blk; /* its block of the enterprise's year */
};
struct ent_slots {
	int64_t id;
	int year; /* the year of the slots' blk, or -1 */
	/* Which of its months exist, so that most rows need no lookup (figures_at): the months
	 * stored before the batch saw it (db_lo..db_hi, db_lo -1: none), those the batch added
	 * (imp_lo..imp_hi) and the figures of the last twelve of them (by month % 12). */
	int db_lo, db_hi, imp_lo, imp_hi;
	int ring_month[12];
	int64_t ring[12][6];
	UT_hash_handle hh;
	int n;
	struct ent_slot s[]; /* n of them */
};
struct summary_batch {
	struct db *db;
	struct target_filter *targets;
	size_t ntargets;
	int target_col[NTARGETS];
	char known[8]; /* the month the rows became known, for target_sums */
	struct slot *slots, **slot_by_id;
	int nslots;
	struct ent_slots *ents;
	struct block *blocks;
	size_t nblocks;
	bool notes_made;
	int (*before_read)(void *arg, struct err *e);
	void *arg;
};

/* Before any read of statistics rows: the caller writes what it holds back. */
static int before_read(struct summary_batch *b, struct err *e)
{
	return b->before_read ? b->before_read(b->arg, e) : 0;
}

static int month_number(const char *m)
{
	return atoi(m) * 12 + atoi(m + 5) - 1;
}

static void month_text(int n, char out[16])
{
	snprintf(out, 16, "%04d-%02d", (n / 12) % 10000, n % 12 + 1);
}

/* target -1: the slot of statistics_sums (level 1: the "p." dims); else target_sums' */
static int slot_of(struct summary_batch *b, int target, int level, const char *dim, const char *key,
                   const char *division)
{
	struct slot k = { 0 }, *s;
	int n = target >= 0 ? snprintf(k.key, sizeof(k.key), "#%d", target) + 1
	                    : snprintf(k.key, sizeof(k.key), "%s%s", level ? "p." : "", dim) + 1;
	n += snprintf(k.key + n, sizeof(k.key) - (size_t)n, "%s", key) + 1;
	snprintf(k.key + n, sizeof(k.key) - (size_t)n, "%s", division);
	HASH_FIND(hh, b->slots, k.key, sizeof(k.key), s);
	if (s)
		return s->id;
	s = xcalloc(1, sizeof(*s));
	memcpy(s->key, k.key, sizeof(k.key));
	s->target = target;
	s->id = b->nslots++;
	b->slot_by_id = xrealloc(b->slot_by_id, (size_t)b->nslots * sizeof(*b->slot_by_id));
	b->slot_by_id[s->id] = s;
	HASH_ADD(hh, b->slots, key, sizeof(s->key), s);
	return s->id;
}

/* where_target's condition, for one enterprise. */
static bool target_counts(const struct target_filter *t, const struct enterprise_brief *ent)
{
	size_t i, n = json_array_size(t->industries);
	json_t *v;
	if (t->above_only && !ent->above_size)
		return false;
	if (!n)
		return ent->machinery;
	json_array_foreach(t->industries, i, v) {
		const char *c = json_string_value(v);
		c = c && *c == 'C' ? c + 1 : c ? c : "";
		if (!strncmp(ent->industry, c, strlen(c)))
			return true;
	}
	return false;
}

/* The enterprise's slots: each grouping key of sums_select, per county and per prefecture;
 * on first sight, the months it has stored other than except ("": none; the row being added,
 * already written). */
static struct ent_slots *slots_of(struct summary_batch *b, const struct enterprise_brief *ent, const char *except,
                                  struct err *e)
{
	struct ent_slots *es;
	char lo[8], hi[8];
	HASH_FIND(hh, b->ents, &ent->id, sizeof(ent->id), es);
	if (es)
		return es;
	/* No rows of it are held back (the batch has not seen it): no before_read. */
	int stored = statistics_store_month_range(b->db, ent->id, except, lo, hi, e);
	if (stored < 0)
		return NULL;
	struct ent_slot s[NSLOTS];
	int n = 0;
	char prefecture[8], industry[8];
	snprintf(prefecture, sizeof(prefecture), "%.4s00", ent->division);
	snprintf(industry, sizeof(industry), "C%.2s", ent->industry);
	for (int level = 0; level < 2; level++) {
		const char *div = level ? prefecture : ent->division;
		s[n++] = (struct ent_slot){ slot_of(b, -1, level, "county", "", div), -1, NULL };
		s[n++] = (struct ent_slot){ slot_of(b, -1, level, "industry", industry, div), -1, NULL };
		for (size_t f = 0; f < ent->nfields; f++)
			s[n++] = (struct ent_slot){ slot_of(b, -1, level, "field", ent->fields[f], div), -1, NULL };
		s[n++] = (struct ent_slot){ slot_of(b, -1, level, "base", ent->base, div), -1, NULL };
		s[n++] = (struct ent_slot){ slot_of(b, -1, level, "scale", ent->scale, div), -1, NULL };
	}
	for (size_t i = 0; i < b->ntargets; i++)
		if (target_counts(&b->targets[i], ent))
			s[n++] = (struct ent_slot){ slot_of(b, (int)i, 0, NULL, b->known, prefecture), (int)i, NULL };
	es = xcalloc(1, sizeof(*es) + (size_t)n * sizeof(*s));
	memcpy(es->s, s, (size_t)n * sizeof(*s));
	es->n = n;
	es->id = ent->id;
	es->year = -1;
	es->db_lo = stored ? month_number(lo) : -1;
	es->db_hi = stored ? month_number(hi) : -1;
	es->imp_lo = INT32_MAX;
	es->imp_hi = -1;
	for (int i = 0; i < 12; i++)
		es->ring_month[i] = -1;
	HASH_ADD(hh, b->ents, id, sizeof(es->id), es);
	return es;
}

static struct block *block_of(struct summary_batch *b, int slot, int year)
{
	int32_t key[2] = { slot, year };
	struct block *k;
	HASH_FIND(hh, b->blocks, key, sizeof(key), k);
	if (!k) {
		k = xcalloc(1, sizeof(*k));
		memcpy(k->key, key, sizeof(key));
		HASH_ADD(hh, b->blocks, key, sizeof(k->key), k);
		b->nblocks++;
	}
	return k;
}

/* Adds v to each of the enterprise's statistics_sums slots in month (a month number), and
 * with fig (a row's figures) the row to its target_sums slots. */
static void blocks_add(struct summary_batch *b, struct ent_slots *es, int month, const int64_t v[NSUMS],
                       const int64_t *fig)
{
	int year = month / 12;
	bool cached = year == es->year;
	for (int i = 0; i < es->n; i++) {
		if (es->s[i].target >= 0 && !fig)
			continue;
		struct block *k = cached ? es->s[i].blk : block_of(b, es->s[i].slot, year);
		int64_t *to = k->v[month % 12];
		if (es->s[i].target >= 0) {
			to[0]++;
			to[1] += fig[b->target_col[es->s[i].target]];
		} else {
			for (int j = 0; j < NSUMS; j++)
				to[j] += v[j];
		}
	}
}

/* Makes the enterprise's cached blocks those of the year of month. */
static void blocks_cache(struct summary_batch *b, struct ent_slots *es, int month)
{
	if (es->year == month / 12)
		return;
	es->year = month / 12;
	for (int i = 0; i < es->n; i++)
		es->s[i].blk = block_of(b, es->s[i].slot, es->year);
}

struct summary_batch *summary_batch_new(struct db *db, const char *known, int (*read_hook)(void *arg, struct err *e),
                                        void *arg, struct err *e)
{
	struct summary_batch *b = xcalloc(1, sizeof(*b));
	b->db = db;
	b->before_read = read_hook;
	b->arg = arg;
	snprintf(b->known, sizeof(b->known), "%.7s", known);
	if (!(b->targets = load_targets(db, 0, &b->ntargets, e)) || b->ntargets > NTARGETS) {
		/* More targets than an enterprise's slots hold: no batch (e clear), rows are noted instead. */
		if (b->targets)
			free_targets(b->targets, b->ntargets);
		free(b);
		return NULL;
	}
	for (size_t i = 0; i < b->ntargets; i++)
		for (size_t k = 0; k < ARRAY_SIZE(figure_cols); k++)
			if (!strcmp(b->targets[i].column, figure_cols[k]))
				b->target_col[i] = (int)k;
	return b;
}

void summary_batch_notes_made(struct summary_batch *b)
{
	b->notes_made = true;
}

/* Whether summary_store_flush will sum (enterprise_id, month) itself: 1, 0, -1 error. */
static int left_to_flush(struct summary_batch *b, int64_t enterprise_id, const char *month, struct err *e)
{
	if (!b->notes_made)
		return 0;
	if (before_read(b, e))
		return -1;
	struct db_stmt *st = db_prepare(b->db, "SELECT 1 FROM summary_pending WHERE enterprise_id = ? AND month = ?");
	db_bind_int(st, 1, enterprise_id);
	db_bind_text(st, 2, month);
	int rc = db_step(st, e);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

/* The figures of the enterprise's month m (a month number) into out: 1, 0 no such row, -1 error.
 * Until the import noted a row, the batch knows which months exist and the figures of those
 * it added lately; otherwise it reads the row. */
static int figures_at(struct summary_batch *b, struct ent_slots *es, int m, int64_t out[6], struct err *e)
{
	char month[16];
	if (!b->notes_made) {
		if (es->ring_month[m % 12] == m) {
			memcpy(out, es->ring[m % 12], sizeof(es->ring[0]));
			return 1;
		}
		if ((m < es->db_lo || m > es->db_hi) && (m < es->imp_lo || m > es->imp_hi))
			return 0;
	}
	month_text(m, month);
	return before_read(b, e) ? -1 : statistics_store_figures(b->db, es->id, month, out, e);
}

int summary_batch_surely_new(struct summary_batch *b, const struct enterprise_brief *ent, const char *month,
                             struct err *e)
{
	struct ent_slots *es = slots_of(b, ent, "", e); /* month itself may be stored */
	int m = month_number(month);
	if (!es)
		return -1;
	return !b->notes_made && (m < es->db_lo || m > es->db_hi) && (m < es->imp_lo || m > es->imp_hi);
}

int summary_batch_add(struct summary_batch *b, const struct enterprise_brief *ent, const char *month,
                      const int64_t fig[6], struct err *e)
{
	struct ent_slots *es = slots_of(b, ent, month, e);
	int64_t v[NSUMS], other[6];
	char next[16];
	int m = month_number(month), rc;
	if (!es)
		return -1;
	month_text(m + 12, next);
	if ((rc = left_to_flush(b, ent->id, month, e)) < 0)
		return -1;
	int before = rc ? 0 : figures_at(b, es, m - 12, other, e);
	if (before < 0)
		return -1;
	/* The batch now knows month m: stored, with these figures (the ring's slot of m held
	 * m - 12, just read). */
	es->imp_lo = m < es->imp_lo ? m : es->imp_lo;
	es->imp_hi = m > es->imp_hi ? m : es->imp_hi;
	es->ring_month[m % 12] = m;
	memcpy(es->ring[m % 12], fig, sizeof(es->ring[0]));
	if (!rc) {
		/* The row: its figures, and its pair when the month a year before is there. */
		memset(v, 0, sizeof(v));
		v[0] = 1;
		memcpy(v + 1, fig, 6 * sizeof(*fig));
		if (before) {
			memcpy(v + 7, fig, 6 * sizeof(*fig));
			memcpy(v + 13, other, sizeof(other));
		}
		blocks_cache(b, es, m);
		blocks_add(b, es, m, v, fig);
	}
	/* The pair it completes: the same month a year later, unless the flush sums that row. */
	if ((rc = figures_at(b, es, m + 12, other, e)) <= 0)
		return rc;
	if ((rc = left_to_flush(b, ent->id, next, e)))
		return rc < 0 ? -1 : 0;
	memset(v, 0, sizeof(v));
	memcpy(v + 7, other, sizeof(other));
	memcpy(v + 13, fig, 6 * sizeof(*fig));
	blocks_add(b, es, m + 12, v, NULL);
	return 0;
}

/* Block order: the summary table's key (dim, month, division, "key") by (dim, year, division, key). */
static int block_cmp(const void *x, const void *y, void *arg)
{
	const struct block *p = *(struct block *const *)x, *q = *(struct block *const *)y;
	struct slot **by_id = arg;
	const char *a = by_id[p->key[0]]->key, *b = by_id[q->key[0]]->key;
	const char *ak = a + strlen(a) + 1, *bk = b + strlen(b) + 1;
	int c = strcmp(a, b);
	if (c)
		return c;
	if (p->key[1] != q->key[1])
		return p->key[1] < q->key[1] ? -1 : 1;
	c = strcmp(ak + strlen(ak) + 1, bk + strlen(bk) + 1);
	return c ? c : strcmp(ak, bk);
}

static bool same_dim_year(const struct summary_batch *b, const struct block *p, const struct block *q)
{
	return p->key[1] == q->key[1] && !strcmp(b->slot_by_id[p->key[0]]->key, b->slot_by_id[q->key[0]]->key);
}

/* A summary row the flush writes: a slot, a month, its sums. */
struct out_row {
	const struct slot *slot;
	int month;
	const int64_t *v;
};
#define OUT_ROWS 40 /* rows to a statement: 920 parameters */

/* Writes n rows of statistics_sums (target false) or target_sums, OUT_ROWS to a statement. */
static int write_rows(struct summary_batch *b, bool target, const struct out_row *r, size_t n, struct err *e)
{
	const int params = target ? 6 : 4 + NSUMS;
	char month[16];
	struct strbuf sql[2] = { STRBUF_INIT, STRBUF_INIT }; /* OUT_ROWS rows, one row */
	for (int w = 0; w < 2; w++) {
		strbuf_addstr(&sql[w], target ? "INSERT INTO target_sums (target_id, month, known, prefecture, reporting, "
		                                "value) VALUES "
		                              : "INSERT INTO statistics_sums (dim, \"key\", division, month, reporting, "
		                                FIGURES ", " MATCHED ") VALUES ");
		for (size_t i = 0; i < (w ? 1 : OUT_ROWS); i++)
			for (int j = 0; j < params; j++)
				strbuf_addstr(&sql[w], j ? ", ?" : i ? "), (?" : "(?");
		strbuf_addstr(&sql[w], ")");
		if (target)
			strbuf_addstr(&sql[w], TARGET_UPSERT);
		else
			sums_upsert(&sql[w]);
	}
	int rc = 0;
	while (n && !rc) {
		size_t k = n >= OUT_ROWS ? OUT_ROWS : 1;
		struct db_stmt *st = db_prepare(b->db, sql[k == 1].buf);
		for (size_t i = 0; i < k; i++, r++) {
			const char *dim = r->slot->key, *key = dim + strlen(dim) + 1, *div = key + strlen(key) + 1;
			int p = 1 + (int)i * params;
			month_text(r->month, month);
			if (target) { /* the slot's key: the month known; division: the prefecture */
				db_bind_int(st, p, b->targets[r->slot->target].id);
				db_bind_text(st, p + 1, month);
				db_bind_text(st, p + 2, key);
				db_bind_text(st, p + 3, div);
				db_bind_int(st, p + 4, r->v[0]);
				db_bind_int(st, p + 5, r->v[1]);
				continue;
			}
			db_bind_text(st, p, dim);
			db_bind_text(st, p + 1, key);
			db_bind_text(st, p + 2, div);
			db_bind_text(st, p + 3, month);
			for (int j = 0; j < NSUMS; j++)
				db_bind_int(st, p + 4 + j, r->v[j]);
		}
		rc = db_exec_stmt(st, e);
		n -= k;
	}
	strbuf_release(&sql[0]);
	strbuf_release(&sql[1]);
	return rc;
}

int summary_batch_flush(struct summary_batch *b, struct err *e)
{
	struct block *k, *ktmp, **order = xcalloc(b->nblocks + 1, sizeof(*order));
	struct out_row *sums = xcalloc(12 * b->nblocks + 1, sizeof(*sums)), *targets = xcalloc(12 * b->nblocks + 1, sizeof(*targets));
	size_t n = 0, nsums = 0, ntargets = 0;
	int rc;
	HASH_ITER(hh, b->blocks, k, ktmp)
		order[n++] = k;
	qsort_r(order, n, sizeof(*order), block_cmp, b->slot_by_id);
	/* Within a run of one dim and year: month by month, then division and key. */
	for (size_t run = 0, end; run < n; run = end) {
		for (end = run + 1; end < n && same_dim_year(b, order[run], order[end]); end++)
			;
		for (int mon = 0; mon < 12; mon++)
			for (size_t i = run; i < end; i++) {
				const struct slot *s = b->slot_by_id[order[i]->key[0]];
				const int64_t *v = order[i]->v[mon];
				bool zero = true;
				for (int j = 0; j < NSUMS; j++)
					zero = zero && !v[j];
				if (!zero && s->target >= 0)
					targets[ntargets++] = (struct out_row){ s, order[i]->key[1] * 12 + mon, v };
				else if (!zero)
					sums[nsums++] = (struct out_row){ s, order[i]->key[1] * 12 + mon, v };
			}
	}
	rc = write_rows(b, false, sums, nsums, e) || write_rows(b, true, targets, ntargets, e) ? -1 : 0;
	free(sums);
	free(targets);
	free(order);
	/* Written: the blocks start again from zero (and the enterprises' caches with them). */
	HASH_ITER(hh, b->blocks, k, ktmp) {
		HASH_DEL(b->blocks, k);
		free(k);
	}
	b->nblocks = 0;
	struct ent_slots *es, *etmp;
	HASH_ITER(hh, b->ents, es, etmp)
		es->year = -1;
	return rc;
}

void summary_batch_free(struct summary_batch *b)
{
	struct block *k, *ktmp;
	struct ent_slots *es, *etmp;
	struct slot *s, *stmp;
	if (!b)
		return;
	HASH_ITER(hh, b->blocks, k, ktmp) {
		HASH_DEL(b->blocks, k);
		free(k);
	}
	HASH_ITER(hh, b->ents, es, etmp) {
		HASH_DEL(b->ents, es);
		free(es);
	}
	HASH_ITER(hh, b->slots, s, stmp) {
		HASH_DEL(b->slots, s);
		free(s);
	}
	free(b->slot_by_id);
	free_targets(b->targets, b->ntargets);
	free(b);
}

/* ---- checking them ---------------------------------------------------------------------- */

/* Rows in stored but not in computed and the other way round, zero rows left out (a row
 * moved away leaves zeros behind). */
static int64_t differ(struct db *db, const char *stored, const char *nonzero, const char *computed,
                      void (*bind)(struct db_stmt *, const void *), const void *arg, json_t **diffs, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	/* The recomputation once (a CTE used twice is computed once), compared both ways. */
	strbuf_addf(&sql,
	            "WITH c AS (%s) SELECT 'stored' AS side, a.* FROM (SELECT * FROM %s WHERE %s EXCEPT SELECT * FROM c) a "
	            "UNION ALL SELECT 'computed', b.* FROM (SELECT * FROM c WHERE %s EXCEPT SELECT * FROM %s "
	            "WHERE %s) b",
	            computed, stored, nonzero, nonzero, stored, nonzero);
	struct db_stmt *st = db_prepare_once(db, sql.buf);
	strbuf_release(&sql);
	bind(st, arg);
	json_t *rows = db_all_rows(st, NULL, e);
	if (!rows)
		return -1;
	int64_t n = (int64_t)json_array_size(rows);
	if (diffs)
		for (size_t i = 0; i < json_array_size(rows) && json_array_size(*diffs) < 10; i++)
			json_array_append(*diffs, json_array_get(rows, i));
	json_decref(rows);
	return n;
}

static void bind_sums(struct db_stmt *st, const void *arg)
{
	(void)arg;
	struct rows_of all = { 0, NULL, NULL, false };
	sums_bind(st, 1, 1, &all);
}

static void bind_one_target(struct db_stmt *st, const void *arg)
{
	struct rows_of all = { 0, NULL, NULL, false };
	target_bind(st, 1, arg, 1, &all);
}

int64_t summary_store_check(struct db *db, json_t **diffs, struct err *e)
{
	struct strbuf computed = STRBUF_INIT, stored = STRBUF_INIT;
	struct rows_of all = { 0, NULL, NULL, false };
	size_t n;
	int64_t bad = 0, d;
	if (diffs)
		*diffs = json_array();
	sums_select(&computed, &all);
	d = differ(db, "(SELECT dim, \"key\", division, month, reporting, " FIGURES ", " MATCHED " FROM statistics_sums) t",
	           "reporting <> 0", computed.buf, bind_sums, NULL, diffs, e);
	strbuf_release(&computed);
	if (d < 0)
		return -1;
	bad += d;
	struct target_filter *t = load_targets(db, 0, &n, e);
	if (!t)
		return -1;
	for (size_t i = 0; i < n && d >= 0; i++) {
		strbuf_reset(&computed);
		strbuf_reset(&stored);
		target_select(&computed, &t[i], &all);
		strbuf_addf(&stored, "(SELECT target_id, month, known, prefecture, reporting, value FROM target_sums "
		                     "WHERE target_id = %lld) t", (long long)t[i].id);
		d = differ(db, stored.buf, "(reporting <> 0 OR value <> 0)", computed.buf, bind_one_target, &t[i],
		           diffs, e);
		bad += d > 0 ? d : 0;
	}
	strbuf_release(&computed);
	strbuf_release(&stored);
	free_targets(t, n);
	return d < 0 ? -1 : bad;
}

/* ---- reading them ----------------------------------------------------------------------- */

json_t *summary_store_aggregate(struct db *db, const char *column, const char *by, const char *month,
                                const char *lo, const char *hi, int64_t enterprise_id, struct err *e)
{
	/* Over whole prefectures (the region, one prefecture: lo a code ending in 00) the rows
	 * rolled up per prefecture are read, a county's own otherwise; per county, the county rows. */
	static const struct {
		const char *by, *dim, *pdim, *key;
	} keys[] = {
		{ "prefecture", "county", "p.county", "substr(division, 1, 4) || '00'" },
		{ "county", "county", "county", "division" },
		{ "industry", "industry", "p.industry", "\"key\"" },
		{ "field", "field", "p.field", "\"key\"" },
		{ "base", "base", "p.base", "\"key\"" },
		{ "scale", "scale", "p.scale", "\"key\"" },
	};
	struct strbuf sql = STRBUF_INIT;
	struct rows_of own = { enterprise_id, NULL, NULL, false };
	int k = -1;
	for (int i = 0; i < (int)ARRAY_SIZE(keys); i++)
		if (!strcmp(by, keys[i].by))
			k = i;
	if (k < 0)
		return err_set(e, ERR_INTERNAL, "by", by), NULL;
	struct ytd_months ym = statistics_ytd_months(month);
	/* An enterprise's own figures are summed from its rows the way the summaries are. */
	strbuf_addf(&sql,
	            "SELECT %s AS \"key\", "
	            "CAST(sum(CASE WHEN month = ? THEN %s ELSE 0 END) AS BIGINT) AS month_fen, "
	            "CAST(sum(CASE WHEN month >= ? THEN %s ELSE 0 END) AS BIGINT) AS ytd_fen, "
	            "CAST(sum(CASE WHEN month >= ? AND month <= ? THEN %s ELSE 0 END) AS BIGINT) AS ytd_last_year_fen, "
	            "CAST(sum(CASE WHEN month = ? THEN %s ELSE 0 END) AS BIGINT) AS last_month_fen, "
	            "CAST(sum(CASE WHEN month >= ? THEN mc_%s ELSE 0 END) AS BIGINT) AS ytd_matched_fen, "
	            "CAST(sum(CASE WHEN month >= ? THEN mp_%s ELSE 0 END) AS BIGINT) AS ytd_matched_last_year_fen, "
	            "CAST(sum(CASE WHEN month = ? THEN reporting ELSE 0 END) AS BIGINT) AS reporting FROM ",
	            keys[k].key, column, column, column, column, column, column);
	if (enterprise_id) {
		strbuf_addch(&sql, '(');
		sums_select(&sql, &own);
		strbuf_addstr(&sql, ") t");
	} else {
		strbuf_addstr(&sql, "statistics_sums");
	}
	strbuf_addf(&sql,
	            " WHERE dim = ? AND division >= ? AND division <= ? "
	            "AND ((month >= ? AND month <= ?) OR (month >= ? AND month <= ?) OR month = ?) "
	            "GROUP BY %s HAVING sum(CASE WHEN month = ? AND month < ? THEN 0 ELSE reporting END) > 0 ORDER BY 1",
	            keys[k].key);
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	int at = 1;
	db_bind_text(st, at++, month);
	db_bind_text(st, at++, ym.jan);
	db_bind_text(st, at++, ym.ly_jan);
	db_bind_text(st, at++, ym.ly_m);
	db_bind_text(st, at++, ym.prev);
	db_bind_text(st, at++, ym.jan);
	db_bind_text(st, at++, ym.jan);
	db_bind_text(st, at++, month);
	if (enterprise_id)
		at = sums_bind(st, at, 1, &own);
	bool whole = strlen(lo) == 6 && !strcmp(lo + 4, "00");
	db_bind_text(st, at++, whole ? keys[k].pdim : keys[k].dim);
	db_bind_text(st, at++, lo);
	db_bind_text(st, at++, hi);
	db_bind_text(st, at++, ym.ly_jan);
	db_bind_text(st, at++, ym.ly_m);
	db_bind_text(st, at++, ym.jan);
	db_bind_text(st, at++, month);
	db_bind_text(st, at++, ym.prev);
	db_bind_text(st, at++, ym.prev);
	db_bind_text(st, at++, ym.jan);
	return db_all_rows(st, NULL, e);
}

json_t *summary_store_target_monthly(struct db *db, int64_t target_id, const char *from, const char *to,
                                     const char *known, bool by_prefecture, struct err *e)
{
	struct db_stmt *st = db_prepare(db, by_prefecture ?
		"SELECT month, prefecture, CAST(sum(value) AS BIGINT) AS value, CAST(sum(reporting) AS BIGINT) AS enterprises "
		"FROM target_sums WHERE target_id = ? AND month >= ? AND month <= ? AND known <= ? "
		"GROUP BY month, prefecture HAVING sum(reporting) > 0 ORDER BY month, prefecture" :
		"SELECT month, CAST(sum(value) AS BIGINT) AS value, CAST(sum(reporting) AS BIGINT) AS enterprises "
		"FROM target_sums WHERE target_id = ? AND month >= ? AND month <= ? AND known <= ? "
		"GROUP BY month HAVING sum(reporting) > 0 ORDER BY month");
	db_bind_int(st, 1, target_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	db_bind_text(st, 4, known);
	return db_all_rows(st, NULL, e);
}
