/* api_attachment.c — projects' attachments over HTTP: the file is the request body of an
 * upload and is streamed from disk on download. */
#include "api/api.h"
#include "domain/attachment.h"
#include <string.h>

static void reply(struct api_ctx *ctx, int status, json_t *v, const struct err *e)
{
	if (v)
		api_json(ctx, status, v);
	else
		api_error(ctx, e);
}

void api_attachment_list(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (id)
		reply(ctx, 200, attachment_list(ctx->db, &ctx->actor, id, &e), &e);
}

void api_attachment_upload(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0);
	if (!id)
		return;
	/* The name is checked (UTF-8, length, characters) by the domain, which names the field. */
	const char *name = http_query(ctx->req, "name");
	reply(ctx, 201, attachment_upload(ctx->db, &ctx->actor, id, name, ctx->req->body, ctx->req->body_len, &e), &e);
}

void api_attachment_get(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0), aid;
	int fd;
	uint64_t size;
	if (!id || !(aid = api_param_id(ctx, 1)))
		return;
	json_t *rec = attachment_open(ctx->db, &ctx->actor, id, aid, &fd, &size, &e);
	if (!rec) {
		api_error(ctx, &e);
		return;
	}
	api_send_file(ctx, arena_strdup(ctx->req->arena, json_string_value(json_object_get(rec, "content_type"))),
	              json_string_value(json_object_get(rec, "name")), fd, size);
	json_decref(rec);
}

void api_attachment_delete(struct api_ctx *ctx)
{
	struct err e = { 0 };
	int64_t id = api_param_id(ctx, 0), aid;
	if (id && (aid = api_param_id(ctx, 1)))
		reply(ctx, 200, attachment_delete(ctx->db, &ctx->actor, id, aid, &e), &e);
}
