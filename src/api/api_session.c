/* api_session.c — sign in, who am I, sign out. */
#include "api/api.h"
#include "core/util.h"
#include "domain/auth.h"
#include <stdio.h>

static void set_cookie(struct api_ctx *ctx, const char *token, bool clear)
{
	/* HttpOnly: scripts never see it; SameSite=Strict: other sites never send it. */
	char *c = arena_printf(ctx->req->arena,
	                       "luoshi_session=%s; Path=/; HttpOnly; SameSite=Strict%s", clear ? "" : token,
	                       clear ? "; Max-Age=0" : "");
	http_add_header(ctx->res, "Set-Cookie", c);
}

void api_session_create(struct api_ctx *ctx)
{
	struct err e = { 0 };
	struct auth_session s;
	if (jspec_check(ctx->route->body, ctx->body, JSPEC_CREATE, &e)) {
		api_error(ctx, &e);
		return;
	}
	if (auth_sign_in(ctx->db, json_string_value(json_object_get(ctx->body, "username")),
	                 json_string_value(json_object_get(ctx->body, "password")), ctx->req->client, &s, &e)) {
		api_error(ctx, &e);
		return;
	}
	set_cookie(ctx, s.token, false);
	api_json(ctx, 200, json_pack("{s:o, s:s}", "user", s.user, "csrf_token", s.csrf));
}

void api_session_get(struct api_ctx *ctx)
{
	api_json(ctx, 200, json_pack("{s:O, s:s}", "user", ctx->user, "csrf_token", ctx->csrf));
}

void api_session_delete(struct api_ctx *ctx)
{
	struct err e = { 0 };
	if (auth_sign_out(ctx->db, &ctx->actor, ctx->token, &e)) {
		api_error(ctx, &e);
		return;
	}
	set_cookie(ctx, NULL, true);
	ctx->res->status = 204;
}
