/* statistics_top.c — the enterprises with the largest year to date of an indicator, in scope. */
#include "domain/statistics_top.h"
#include "db/statistics_store.h"
#include "db/statistics_top_store.h"
#include "domain/project_calc.h"
#include "domain/statistics.h"
#include "domain/stats_calc.h"
#include "core/jspec.h"
#include <string.h>

json_t *statistics_top(struct db *db, const struct actor *a, const char *indicator, const char *month,
                       int64_t limit, struct err *e)
{
	/* Money only: head counts are not ranked. */
	const char *column = statistics_column(indicator);
	char lo[8], hi[8];
	calc_month m;
	json_t *rows, *row;
	size_t i;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!indicator || !*indicator)
		return err_set(e, ERR_REQUIRED, "indicator", NULL), NULL;
	if (!column || !strcmp(column, "employees"))
		return err_set(e, ERR_NOT_IN_LIST, "indicator", "output, revenue, profit, export, rd"), NULL;
	if (!month || !*month)
		return jspec_fail(jspec_find(statistics_spec, "month"), e, ERR_REQUIRED, NULL), NULL;
	if (calc_month_parse(month, &m))
		return jspec_fail(jspec_find(statistics_spec, "month"), e, ERR_INVALID, "YYYY-MM"), NULL;
	if (limit <= 0)
		limit = 10;
	/* The aggregate's scope: the region, a prefecture user's division range, an enterprise itself. */
	division_range(a->role == ROLE_PREFECTURE ? a->division : "650000", lo, hi);
	int64_t own = a->role == ROLE_ENTERPRISE ? (a->enterprise_id ? a->enterprise_id : -1) : 0;
	if (!(rows = statistics_store_top(db, column, month, lo, hi, own, limit, e)))
		return NULL;
	json_array_foreach(rows, i, row) {
		int64_t bp, ytd = json_integer_value(json_object_get(row, "ytd_fen"));
		int64_t ly = json_integer_value(json_object_get(row, "ytd_last_year_fen"));
		json_object_set_new(row, "rank", json_integer((json_int_t)i + 1));
		json_object_set_new(row, "yoy_pct", stats_growth_bp(ytd, ly, &bp) ? json_real((double)bp / 100.0) : json_null());
	}
	return json_pack("{s:s, s:s, s:I, s:o}", "indicator", indicator, "month", month, "limit", (json_int_t)limit,
	                 "items", rows);
}
