/* api_project_files.c — key projects and their monthly reports as spreadsheets:
 * the project list's export, template and import; the monthly workbook, its import, the reports' export. */
#include "api/api.h"
#include "domain/project.h"
#include "domain/report.h"
#include <string.h>

static void send(struct api_ctx *ctx, bool csv, const char *name, int rc, struct strbuf *out, const struct err *e)
{
	if (rc) {
		strbuf_release(out);
		api_error(ctx, e);
	} else {
		api_sheet_file(ctx, csv, name, out);
	}
}

static void project_file(struct api_ctx *ctx, bool template_only)
{
	struct project_query q;
	struct strbuf out = STRBUF_INIT;
	struct err e = { 0 };
	bool csv;
	if (api_file_format(ctx, &csv) || api_project_query(ctx, &q, false))
		return;
	int rc = project_export(ctx->db, &ctx->actor, &q, csv ? TABLE_CSV : TABLE_XLSX, template_only, &out, &e);
	send(ctx, csv, template_only ? "重点项目导入模板" : "重点项目", rc, &out, &e);
}

void api_project_export(struct api_ctx *ctx)
{
	project_file(ctx, false);
}

void api_project_template(struct api_ctx *ctx)
{
	project_file(ctx, true);
}

void api_project_import(struct api_ctx *ctx)
{
	struct err e = { 0 };
	json_t *report = NULL;
	bool dry;
	enum import_mode mode;
	if (api_import_args(ctx, &dry, &mode))
		return;
	/* The import fills report: call it before reading report. */
	json_t *v = project_import(ctx->db, &ctx->actor, ctx->req->body, ctx->req->body_len, dry, mode, &report, &e);
	api_import_reply(ctx, v, report, &e);
}

static void report_file(struct api_ctx *ctx, bool workbook)
{
	struct project_query q;
	struct strbuf out = STRBUF_INIT;
	struct err e = { 0 };
	const char *month;
	char name[64];
	bool csv;
	if (api_file_format(ctx, &csv) || api_query(ctx, "month", 7, &month) || api_project_query(ctx, &q, false))
		return;
	enum table_format fmt = csv ? TABLE_CSV : TABLE_XLSX;
	int rc = workbook ? report_workbook(ctx->db, &ctx->actor, month, &q, fmt, &out, &e)
	                  : report_export(ctx->db, &ctx->actor, month, &q, fmt, &out, &e);
	snprintf(name, sizeof(name), "%s%s", workbook ? "月度调度表" : "月度调度", month);
	send(ctx, csv, name, rc, &out, &e);
}

void api_report_workbook(struct api_ctx *ctx)
{
	report_file(ctx, true);
}

void api_report_export(struct api_ctx *ctx)
{
	report_file(ctx, false);
}

void api_report_import(struct api_ctx *ctx)
{
	struct err e = { 0 };
	json_t *report = NULL;
	bool dry;
	enum import_mode mode;
	if (api_import_args(ctx, &dry, &mode))
		return;
	/* The import fills report: call it before reading report. */
	json_t *v = report_import(ctx->db, &ctx->actor, ctx->req->body, ctx->req->body_len, dry, mode, &report, &e);
	api_import_reply(ctx, v, report, &e);
}
