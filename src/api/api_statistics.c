/* api_statistics.c — /api/v1/statistics: monthly industry statistics, completeness, files. */
#include "api/api.h"
#include "domain/statistics.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int read_query(struct api_ctx *ctx, struct statistics_query *q, bool paged)
{
	memset(q, 0, sizeof(*q));
	if (api_query_int(ctx, "enterprise_id", 0, 0, INT64_MAX, &q->enterprise_id) ||
	    api_query(ctx, "month", 7, &q->month) || api_query(ctx, "division", 6, &q->division))
		return -1;
	if (!paged)
		return 0;
	return api_query_int(ctx, "page", 1, 1, 1000000, &q->page) ||
	       api_query_int(ctx, "per_page", 50, 1, 500, &q->per_page) ? -1 : 0;
}

void api_statistics_list(struct api_ctx *ctx)
{
	struct statistics_query q;
	struct err e = { 0 };
	if (!read_query(ctx, &q, true))
		api_reply(ctx, 200, statistics_list(ctx->db, &ctx->actor, &q, &e), &e);
}

void api_statistics_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	api_reply(ctx, 201, statistics_create(ctx->db, &ctx->actor, ctx->body, &e), &e);
}

void api_statistics_get(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, statistics_get(ctx->db, &ctx->actor, id, ctx->req->params[1], &e), &e);
}

void api_statistics_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, statistics_update(ctx->db, &ctx->actor, id, ctx->req->params[1], ctx->body, &e), &e);
}

void api_statistics_unlock(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, statistics_unlock(ctx->db, &ctx->actor, id, ctx->req->params[1], ctx->body, &e), &e);
}

void api_statistics_completeness(struct api_ctx *ctx)
{
	struct err e = { 0 };
	const char *month, *division;
	if (api_query(ctx, "month", 7, &month) || api_query(ctx, "division", 6, &division))
		return;
	api_reply(ctx, 200, statistics_completeness(ctx->db, &ctx->actor, month, division, &e), &e);
}

void api_statistics_import(struct api_ctx *ctx)
{
	struct err e = { 0 };
	json_t *report = NULL;
	bool dry;
	enum import_mode mode;
	int64_t cum;
	if (api_import_args(ctx, &dry, &mode) || api_query_int(ctx, "cumulative", 0, 0, 1, &cum))
		return;
	/* The import fills report: call it before reading report. */
	json_t *v = statistics_import(ctx->db, &ctx->actor, ctx->req->body, ctx->req->body_len, dry, mode, cum, &report,
	                              &e);
	api_import_reply(ctx, v, report, &e);
}

static void send_file(struct api_ctx *ctx, bool template_only)
{
	struct statistics_query q;
	struct strbuf out = STRBUF_INIT;
	struct err e = { 0 };
	bool csv;
	if (api_file_format(ctx, &csv) || read_query(ctx, &q, false))
		return;
	if (statistics_export(ctx->db, &ctx->actor, &q, csv ? TABLE_CSV : TABLE_XLSX, template_only, &out, &e)) {
		strbuf_release(&out);
		api_error(ctx, &e);
		return;
	}
	api_sheet_file(ctx, csv, template_only ? "运行监测导入模板" : "运行监测", &out);
}

void api_statistics_export(struct api_ctx *ctx)
{
	send_file(ctx, false);
}

void api_statistics_template(struct api_ctx *ctx)
{
	send_file(ctx, true);
}

void api_statistics_aggregate(struct api_ctx *ctx)
{
	struct err e = { 0 };
	const char *indicator, *by, *month, *division;
	if (api_query(ctx, "indicator", 16, &indicator) || api_query(ctx, "by", 16, &by) ||
	    api_query(ctx, "month", 7, &month) || api_query(ctx, "division", 6, &division))
		return;
	api_reply(ctx, 200, statistics_aggregate(ctx->db, &ctx->actor, indicator, by, month, division, &e), &e);
}

/* The aggregate's arguments and the key of one of its groups. */
static int drill_args(struct api_ctx *ctx, const char **indicator, const char **by, const char **key,
                      const char **month, const char **division)
{
	return api_query(ctx, "indicator", 16, indicator) || api_query(ctx, "by", 16, by) ||
	       api_query(ctx, "key", 32, key) || api_query(ctx, "month", 7, month) ||
	       api_query(ctx, "division", 6, division);
}

void api_statistics_enterprises(struct api_ctx *ctx)
{
	struct err e = { 0 };
	const char *indicator, *by, *key, *month, *division;
	if (drill_args(ctx, &indicator, &by, &key, &month, &division))
		return;
	api_reply(ctx, 200, statistics_enterprises(ctx->db, &ctx->actor, indicator, by, key, month, division, &e), &e);
}

void api_statistics_enterprises_export(struct api_ctx *ctx)
{
	struct err e = { 0 };
	struct strbuf out = STRBUF_INIT;
	const char *indicator, *by, *key, *month, *division;
	json_t *shown = NULL;
	char name[160];
	bool csv;
	if (api_file_format(ctx, &csv) || drill_args(ctx, &indicator, &by, &key, &month, &division))
		return;
	if (statistics_enterprises_export(ctx->db, &ctx->actor, indicator, by, key, month, division,
	                                  csv ? TABLE_CSV : TABLE_XLSX, &out, &shown, &e)) {
		json_decref(shown);
		strbuf_release(&out);
		api_error(ctx, &e);
		return;
	}
	const char *group = json_string_value(json_object_get(json_object_get(shown, "group"), "name"));
	snprintf(name, sizeof(name), "运行监测-%s-%s", group ? group : key, month);
	json_decref(shown);
	api_sheet_file(ctx, csv, name, &out);
}
