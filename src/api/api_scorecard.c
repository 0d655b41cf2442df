/* api_scorecard.c — the scorecard of a policy as of a month. */
#include "api/api.h"
#include "domain/scorecard.h"

void api_scorecard(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t policy;
	const char *as_of;
	if (api_query_int(ctx, "policy", 0, 0, INT64_MAX, &policy) || api_query(ctx, "as_of", 7, &as_of))
		return;
	if (!policy) {
		err_set(&e, ERR_REQUIRED, "policy", NULL);
		api_error(ctx, &e);
		return;
	}
	api_reply(ctx, 200, scorecard_get(ctx->db, &ctx->actor, policy, as_of, &e), &e);
}
