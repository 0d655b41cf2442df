/* api_audit.c — browsing and verifying the audit log. */
#include "api/api.h"
#include "core/jspec.h"
#include "core/util.h"
#include "domain/audit.h"
#include <string.h>
#include <time.h>

/* "2026-11-27" inclusive as an upper bound on ISO timestamps: the next day. */
static void next_day(const char *date, char out[11])
{
	struct tm tm = { 0 };
	strptime(date, "%Y-%m-%d", &tm);
	tm.tm_mday++;
	time_t t = timegm(&tm);
	char iso[21];
	time_iso8601((int64_t)t, iso);
	memcpy(out, iso, 10);
	out[10] = '\0';
}

void api_audit_list(struct api_ctx *ctx)
{
	struct audit_filter f = { 0 };
	struct err e = { 0 };
	json_t *v;
	int64_t page, per_page;
	char to[11] = "";
	const char *to_in;
	if (api_query(ctx, "entity", 32, &f.entity) || api_query(ctx, "entity_id", 32, &f.entity_id) ||
	    api_query(ctx, "user", 64, &f.username) || api_query(ctx, "from", 10, &f.from) ||
	    api_query(ctx, "to", 10, &to_in) || api_query_int(ctx, "page", 1, 1, 1000000, &page) ||
	    api_query_int(ctx, "per_page", 50, 1, 500, &per_page))
		return;
	if ((*f.from && !jspec_date_valid(f.from)) || (*to_in && !jspec_date_valid(to_in))) {
		err_set(&e, ERR_INVALID, *f.from && !jspec_date_valid(f.from) ? "from" : "to", "YYYY-MM-DD");
		api_error(ctx, &e);
		return;
	}
	if (*to_in)
		next_day(to_in, to);
	f.to = to;
	f.limit = per_page;
	f.offset = (page - 1) * per_page;
	if (!(v = audit_list(ctx->db, &f, &e)))
		api_error(ctx, &e);
	else
		api_json(ctx, 200, v);
}

void api_audit_verify(struct api_ctx *ctx)
{
	struct audit_report rep;
	struct err e = { 0 };
	if (audit_verify(ctx->db, &rep, &e)) {
		api_error(ctx, &e);
		return;
	}
	json_t *v = json_pack("{s:b, s:I, s:s}", "ok", rep.first_bad_id == 0, "rows", (json_int_t)rep.rows,
	                      "head", rep.head);
	json_object_set_new(v, "first_bad_id", rep.first_bad_id ? json_integer(rep.first_bad_id) : json_null());
	json_object_set_new(v, "reason", rep.first_bad_id ? json_string(rep.reason) : json_null());
	api_json(ctx, 200, v);
}
