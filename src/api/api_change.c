/* api_change.c — change requests to approved projects over HTTP. */
#include "api/api.h"
#include "domain/project_change.h"

static void reply(struct api_ctx *ctx, int status, json_t *v, const struct err *e)
{
	if (v)
		api_json(ctx, status, v);
	else
		api_error(ctx, e);
}

void api_change_list(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, project_change_list(ctx->db, &ctx->actor, id, &e), &e);
}

void api_change_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 201, project_change_request(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_change_decide(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0), cid;
	if (id && (cid = api_param_id(ctx, 1)))
		reply(ctx, 200, project_change_decide(ctx->db, &ctx->actor, id, cid, ctx->body, &e), &e);
}
