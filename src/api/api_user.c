/* api_user.c — user accounts (admin only). */
#include "api/api.h"
#include "domain/user.h"

void api_user_list(struct api_ctx *ctx)
{
	struct err e = { 0 };
	const char *q;
	int64_t page, per_page;
	if (api_query(ctx, "q", 50, &q) || api_query_int(ctx, "page", 1, 1, 1000000, &page) ||
	    api_query_int(ctx, "per_page", 20, 1, 200, &per_page))
		return;
	json_t *v = user_list(ctx->db, &ctx->actor, q, page, per_page, &e);
	if (v)
		api_json(ctx, 200, v);
	else
		api_error(ctx, &e);
}

void api_user_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	json_t *v = user_create(ctx->db, &ctx->actor, ctx->body, &e);
	if (v)
		api_json(ctx, 201, v);
	else
		api_error(ctx, &e);
}

void api_user_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (!id)
		return;
	json_t *v = user_update(ctx->db, &ctx->actor, id, ctx->body, &e);
	if (v)
		api_json(ctx, 200, v);
	else
		api_error(ctx, &e);
}
