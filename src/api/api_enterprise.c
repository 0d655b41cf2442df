/* api_enterprise.c — the enterprise registry over HTTP. */
#include "api/api.h"
#include "core/util.h"
#include "domain/enterprise.h"
#include <string.h>

/* Reads the list filters shared by list and export. 0, or -1 after replying. */
static int read_query(struct api_ctx *ctx, struct enterprise_query *q, bool paged)
{
	int64_t archived;
	memset(q, 0, sizeof(*q));
	if (api_query(ctx, "q", 100, &q->q) || api_query(ctx, "division", 6, &q->division) ||
	    api_query(ctx, "industry", 4, &q->industry) || api_query(ctx, "field", 32, &q->field) ||
	    api_query(ctx, "base", 32, &q->base) || api_query(ctx, "scale", 16, &q->scale) ||
	    api_query(ctx, "sort", 32, &q->sort) ||
	    api_query_int(ctx, "archived", 0, -1, 1, &archived))
		return -1;
	q->archived = (int)archived;
	if (paged && (api_query_int(ctx, "page", 1, 1, 1000000, &q->page) ||
	              api_query_int(ctx, "per_page", 20, 1, 200, &q->per_page)))
		return -1;
	return 0;
}

static void reply(struct api_ctx *ctx, int status, json_t *v, const struct err *e)
{
	if (v)
		api_json(ctx, status, v);
	else
		api_error(ctx, e);
}

void api_enterprise_list(struct api_ctx *ctx)
{
	struct enterprise_query q;
	struct err e = { 0 };
	if (read_query(ctx, &q, true))
		return;
	reply(ctx, 200, enterprise_list(ctx->db, &ctx->actor, &q, &e), &e);
}

void api_enterprise_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	reply(ctx, 201, enterprise_create(ctx->db, &ctx->actor, ctx->body, &e), &e);
}

void api_enterprise_get(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, enterprise_get(ctx->db, &ctx->actor, id, &e), &e);
}

static void update_or_archive(struct api_ctx *ctx, bool archive)
{
	struct err e = { 0 };
	json_t *current = NULL, *v;
	int64_t id = api_param_id(ctx, 0);
	if (!id)
		return;
	v = archive ? enterprise_archive(ctx->db, &ctx->actor, id, ctx->body, &current, &e)
	            : enterprise_update(ctx->db, &ctx->actor, id, ctx->body, &current, &e);
	if (v)
		api_json(ctx, 200, v);
	else
		api_error_with(ctx, &e, "current", current);
}

void api_enterprise_update(struct api_ctx *ctx)
{
	update_or_archive(ctx, false);
}

void api_enterprise_archive(struct api_ctx *ctx)
{
	update_or_archive(ctx, true);
}

void api_enterprise_import(struct api_ctx *ctx)
{
	struct err e = { 0 };
	json_t *report = NULL;
	bool dry;
	enum import_mode mode;
	if (api_import_args(ctx, &dry, &mode))
		return;
	/* The import fills report: call it before reading report. */
	json_t *v = enterprise_import(ctx->db, &ctx->actor, ctx->req->body, ctx->req->body_len, dry, mode, &report, &e);
	api_import_reply(ctx, v, report, &e);
}

static void send_file(struct api_ctx *ctx, bool template_only)
{
	struct enterprise_query q;
	struct strbuf out = STRBUF_INIT;
	struct err e = { 0 };
	bool csv;
	if (api_file_format(ctx, &csv) || read_query(ctx, &q, false))
		return;
	if (enterprise_export(ctx->db, &ctx->actor, &q, csv ? TABLE_CSV : TABLE_XLSX, template_only, &out, &e)) {
		strbuf_release(&out);
		api_error(ctx, &e);
		return;
	}
	api_sheet_file(ctx, csv, template_only ? "企业名录导入模板" : "企业名录", &out);
}

void api_enterprise_export(struct api_ctx *ctx)
{
	send_file(ctx, false);
}

void api_enterprise_template(struct api_ctx *ctx)
{
	send_file(ctx, true);
}
