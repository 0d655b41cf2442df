/* api_statistics_top.c — /api/v1/statistics/top: the enterprises ranked by year to date. */
#include "api/api.h"
#include "domain/statistics_top.h"
#include <stdint.h>

void api_statistics_top(struct api_ctx *ctx)
{
	struct err e = { 0 };
	const char *indicator, *month;
	int64_t limit;
	if (api_query(ctx, "indicator", 16, &indicator) || api_query(ctx, "month", 7, &month) ||
	    api_query_int(ctx, "limit", 10, 1, 100, &limit))
		return;
	api_reply(ctx, 200, statistics_top(ctx->db, &ctx->actor, indicator, month, limit, &e), &e);
}
