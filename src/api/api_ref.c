/* api_ref.c — reference data lists. */
#include "api/api.h"
#include "domain/refdata.h"

static void reply_list(struct api_ctx *ctx, enum ref_kind kind)
{
	struct err e = { 0 };
	json_t *v = refdata_list(ctx->db, kind, &e);
	if (!v)
		api_error(ctx, &e);
	else
		api_json(ctx, 200, v);
}

void api_ref_divisions(struct api_ctx *ctx)
{
	reply_list(ctx, REF_DIVISION);
}

void api_ref_industries(struct api_ctx *ctx)
{
	reply_list(ctx, REF_INDUSTRY);
}

void api_ref_fields(struct api_ctx *ctx)
{
	reply_list(ctx, REF_FIELD);
}

void api_ref_bases(struct api_ctx *ctx)
{
	reply_list(ctx, REF_BASE);
}

void api_ref_departments(struct api_ctx *ctx)
{
	reply_list(ctx, REF_DEPARTMENT);
}

void api_ref_ownerships(struct api_ctx *ctx)
{
	api_json(ctx, 200, refdata_choices("ownerships"));
}

void api_ref_scales(struct api_ctx *ctx)
{
	api_json(ctx, 200, refdata_choices("scales"));
}
