/* api_sheet.c — what every spreadsheet route shares: an import's arguments and reply, a file's format. */
#include "api/api.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

int api_import_args(struct api_ctx *ctx, bool *dry, enum import_mode *mode)
{
	struct err e = { 0 };
	const char *ct = http_header(ctx->req, "Content-Type");
	const char *m;
	int64_t d;
	if (api_query_int(ctx, "dry_run", 0, 0, 1, &d) || api_query(ctx, "mode", 8, &m))
		return -1;
	*dry = d;
	*mode = !strcmp(m, "valid") ? IMPORT_VALID : IMPORT_ALL;
	if (*m && strcmp(m, "all") && strcmp(m, "valid"))
		err_set(&e, ERR_NOT_IN_LIST, "mode", "all, valid");
	else if (ct && strncasecmp(ct, "text/csv", 8) && strncasecmp(ct, XLSX_TYPE, strlen(XLSX_TYPE)) &&
	         strncasecmp(ct, "application/octet-stream", 24) && strncasecmp(ct, "text/plain", 10) &&
	         strncasecmp(ct, "application/vnd.ms-excel", 24))
		err_set(&e, ERR_MEDIA_TYPE, NULL, ct);
	else if (!ctx->req->body_len)
		err_set(&e, ERR_REQUIRED, "file", NULL);
	if (!e.code)
		return 0;
	api_error(ctx, &e);
	return -1;
}

void api_import_reply(struct api_ctx *ctx, json_t *v, json_t *report, const struct err *e)
{
	if (v)
		api_json(ctx, 200, v);
	else
		api_error_with(ctx, e, "report", report);
}

int api_file_format(struct api_ctx *ctx, bool *csv)
{
	struct err e = { 0 };
	const char *format;
	if (api_query(ctx, "format", 8, &format))
		return -1;
	if (*format && strcmp(format, "csv") && strcmp(format, "xlsx")) {
		err_set(&e, ERR_NOT_IN_LIST, "format", "xlsx, csv");
		api_error(ctx, &e);
		return -1;
	}
	*csv = !strcmp(format, "csv");
	return 0;
}

void api_sheet_file(struct api_ctx *ctx, bool csv, const char *name, struct strbuf *out)
{
	char fn[256];
	snprintf(fn, sizeof(fn), "%s.%s", name, csv ? "csv" : "xlsx");
	api_file(ctx, csv ? "text/csv; charset=utf-8" : XLSX_TYPE, fn, out);
}
