/* api_policy.c — the policy ledger over HTTP: policies, measures, targets, entered values. */
#include "api/api.h"
#include "domain/policy.h"
#include <stdio.h>

void api_policy_list(struct api_ctx *ctx)
{
	struct err e = { 0 };
	api_reply(ctx, 200, policy_list(ctx->db, &ctx->actor, &e), &e);
}

void api_policy_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	api_reply(ctx, 201, policy_create(ctx->db, &ctx->actor, ctx->body, false, &e), &e);
}

void api_policy_get(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, policy_get(ctx->db, &ctx->actor, id, &e), &e);
}

void api_policy_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, policy_update(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

/* ?policy=ID, required by the lists of measures and targets. */
static int64_t policy_param(struct api_ctx *ctx)
{
	int64_t id;
	struct err e = { 0 };
	if (api_query_int(ctx, "policy", 0, 0, INT64_MAX, &id))
		return 0;
	if (!id) {
		err_set(&e, ERR_REQUIRED, "policy", NULL);
		api_error(ctx, &e);
	}
	return id;
}

void api_measure_list(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = policy_param(ctx);
	if (id)
		api_reply(ctx, 200, policy_measures(ctx->db, &ctx->actor, id, &e), &e);
}

void api_measure_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 201, policy_measure_create(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_measure_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, policy_measure_update(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_target_list(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = policy_param(ctx);
	if (id)
		api_reply(ctx, 200, policy_targets(ctx->db, &ctx->actor, id, &e), &e);
}

void api_target_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 201, policy_target_create(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_target_update(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, policy_target_update(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

void api_target_entries(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 200, policy_target_entries(ctx->db, &ctx->actor, id, &e), &e);
}

void api_target_add_entry(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		api_reply(ctx, 201, policy_target_add_entry(ctx->db, &ctx->actor, id, ctx->body, &e), &e);
}

/* The body is the file: a workbook (XLSX) or the JSON document; nothing is written unless all of it
 * is right (dry_run=1: nothing at all, the reply the report of what would be written or is wrong). */
void api_policy_import(struct api_ctx *ctx)
{
	struct err e = { 0 };
	json_t *report = NULL, *v;
	int64_t dry;
	if (api_query_int(ctx, "dry_run", 0, 0, 1, &dry))
		return;
	if (!ctx->req->body_len) {
		err_set(&e, ERR_REQUIRED, "file", NULL);
		api_error(ctx, &e);
		return;
	}
	v = policy_import(ctx->db, &ctx->actor, ctx->req->body, ctx->req->body_len, dry, &report, &e);
	if (v)
		api_json(ctx, dry ? 200 : 201, v);
	else
		api_error_with(ctx, &e, "report", report);
}

static void send_workbook(struct api_ctx *ctx, int64_t id)
{
	struct strbuf out = STRBUF_INIT;
	struct err e = { 0 };
	char name[48];
	if (policy_export_workbook(ctx->db, &ctx->actor, id, &out, &e)) {
		strbuf_release(&out);
		api_error(ctx, &e);
		return;
	}
	if (id)
		snprintf(name, sizeof(name), "政策-%lld", (long long)id);
	else
		snprintf(name, sizeof(name), "政策导入模板");
	api_sheet_file(ctx, false, name, &out);
}

void api_policy_export(struct api_ctx *ctx)
{
	int64_t id = api_param_id(ctx, 0);
	if (id)
		send_workbook(ctx, id);
}

void api_policy_template(struct api_ctx *ctx)
{
	send_workbook(ctx, 0);
}
