/* api_task.c — department tasks over HTTP: list, record, updates, completion. */
#include "api/api.h"
#include "domain/task.h"

void api_task_list(struct api_ctx *ctx)
{
	struct task_query q = { 0 };
	struct err e = { 0 };
	if (api_query_int(ctx, "policy", 0, 0, INT64_MAX, &q.policy_id) ||
	    api_query_int(ctx, "measure", 0, 0, INT64_MAX, &q.measure_id) ||
	    api_query(ctx, "department", 16, &q.department) || api_query(ctx, "status", 16, &q.status))
		return;
	api_reply(ctx, 200, task_list(ctx->db, &ctx->actor, &q, &e), &e);
}

void api_task_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	api_reply(ctx, 201, task_create(ctx->db, &ctx->actor, ctx->body, &e), &e);
}

void api_task_get(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, task_get(ctx->db, &ctx->actor, id, &e), &e);
}

void api_task_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, task_update(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_task_post_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 201, task_post_update(ctx->db, &ctx->actor, id, ctx->body, 0, &e), &e);
}

void api_task_complete(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, task_complete(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_task_record(struct api_ctx *ctx)
{
	struct err e = { 0 };
	api_reply(ctx, 200, task_record(ctx->db, &ctx->actor, 0, &e), &e);
}
