/* api_project.c — key projects over HTTP: records, the review life cycle, reference lists. */
#include "api/api.h"
#include "domain/programme.h"
#include "domain/project.h"
#include "domain/report.h"
#include <string.h>

static void reply(struct api_ctx *ctx, int status, json_t *v, const struct err *e)
{
	if (v)
		api_json(ctx, status, v);
	else
		api_error(ctx, e);
}

int api_project_query(struct api_ctx *ctx, struct project_query *q, bool paged)
{
	int64_t national;
	memset(q, 0, sizeof(*q));
	if (api_query(ctx, "q", 100, &q->q) || api_query(ctx, "category", 32, &q->category) ||
	    api_query(ctx, "field", 32, &q->field) || api_query(ctx, "division", 6, &q->division) ||
	    api_query(ctx, "base", 32, &q->base) || api_query(ctx, "status", 32, &q->status) ||
	    api_query(ctx, "sort", 32, &q->sort) || api_query(ctx, "warning", 32, &q->warning) ||
	    api_query_int(ctx, "enterprise_id", 0, 0, INT64_MAX, &q->enterprise_id) ||
	    api_query_int(ctx, "year", 0, 0, 2100, &q->year) || api_query_int(ctx, "national", -1, -1, 1, &national))
		return -1;
	if (paged && (api_query_int(ctx, "page", 1, 1, 1000000, &q->page) ||
	              api_query_int(ctx, "per_page", 20, 1, 200, &q->per_page)))
		return -1;
	q->national = (int)national;
	return 0;
}

void api_project_list(struct api_ctx *ctx)
{
	struct project_query q;
	struct err e = { 0 };
	if (api_project_query(ctx, &q, true))
		return;
	reply(ctx, 200, project_list(ctx->db, &ctx->actor, &q, &e), &e);
}

void api_project_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	reply(ctx, 201, project_create(ctx->db, &ctx->actor, ctx->body, &e), &e);
}

void api_project_get(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, project_get(ctx->db, &ctx->actor, id, &e), &e);
}

void api_project_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	json_t *current = NULL, *v;
	int64_t id = api_param_id(ctx, 0);
	if (!id)
		return;
	if ((v = project_update(ctx->db, &ctx->actor, id, ctx->body, &current, &e)))
		api_json(ctx, 200, v);
	else
		api_error_with(ctx, &e, "current", current);
}

void api_project_transition(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, project_transition(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_project_transition_many(struct api_ctx *ctx)
{
	struct err e = { 0 };
	reply(ctx, 200, project_transition_many(ctx->db, &ctx->actor, ctx->body, &e), &e);
}

void api_project_categories(struct api_ctx *ctx)
{
	struct err e = { 0 };
	reply(ctx, 200, project_categories(ctx->db, &e), &e);
}

void api_project_category_add(struct api_ctx *ctx)
{
	struct err e = { 0 };
	reply(ctx, 201, project_category_add(ctx->db, &ctx->actor, ctx->body, &e), &e);
}

void api_policy_items(struct api_ctx *ctx)
{
	struct err e = { 0 };
	reply(ctx, 200, project_policy_items(ctx->db, &e), &e);
}

void api_funding_sources(struct api_ctx *ctx)
{
	api_json(ctx, 200, project_funding_source_list());
}

void api_report_list(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, report_list(ctx->db, &ctx->actor, id, &e), &e);
}

void api_report_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 201, report_create(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_report_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, report_update(ctx->db, &ctx->actor, id, ctx->req->params[1], ctx->body, &e), &e);
}

void api_report_unlock(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, report_unlock(ctx->db, &ctx->actor, id, ctx->req->params[1], ctx->body, &e), &e);
}

void api_warnings(struct api_ctx *ctx)
{
	struct warning_query q = { 0 };
	struct err e = { 0 };
	if (api_query_int(ctx, "project_id", 0, 0, INT64_MAX, &q.project_id) || api_query(ctx, "kind", 32, &q.kind) ||
	    api_query(ctx, "division", 6, &q.division) || api_query_int(ctx, "page", 1, 1, 1000000, &q.page) ||
	    api_query_int(ctx, "per_page", 100, 1, 1000, &q.per_page))
		return;
	reply(ctx, 200, programme_warnings(ctx->db, &ctx->actor, &q, &e), &e);
}

void api_warning_summary(struct api_ctx *ctx)
{
	struct err e = { 0 };
	reply(ctx, 200, programme_warning_summary(ctx->db, &ctx->actor, &e), &e);
}

void api_project_counters(struct api_ctx *ctx)
{
	struct err e = { 0 };
	const char *division;
	if (api_query(ctx, "division", 6, &division))
		return;
	reply(ctx, 200, programme_counters(ctx->db, &ctx->actor, division, &e), &e);
}

void api_report_resolve(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, report_resolve_help(ctx->db, &ctx->actor, id, ctx->req->params[1], ctx->body, &e), &e);
}
