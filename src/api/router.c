/* router.c — dispatch by the route table: auth, roles, CSRF, body, transaction. */
#include "api/api.h"
#include "api/cache.h"
#include "domain/audit.h"
#include "core/util.h"
#include "domain/auth.h"
#include "domain/report.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *db_url_global;
static pthread_key_t db_key, cache_key;

static void close_thread_db(void *db)
{
	db_close(db);
}

void api_set_db_url(const char *url)
{
	db_url_global = url;
	/* A key with a destructor, so each worker's connection closes when it exits. */
	pthread_key_create(&db_key, close_thread_db);
	pthread_key_create(&cache_key, cache_free);
}

/* One connection per worker thread, opened on first use. */
static struct db *get_db(struct err *e)
{
	struct db *db = pthread_getspecific(db_key);
	if (!db) {
		if (db_open(&db, db_url_global, e))
			return NULL;
		pthread_setspecific(db_key, db);
	}
	/* Before the request touches it: reconnect if the database went away meanwhile. */
	return db_revive(db, e) ? NULL : db;
}

void api_thread_done(void)
{
	struct db *thread_db = pthread_getspecific(db_key);
	if (thread_db) {
		if (db_in_transaction(thread_db))
			db_rollback(thread_db);
		db_release_transient(thread_db);
	}
}

static int dump_to_strbuf(const char *buf, size_t size, void *data)
{
	strbuf_add(data, buf, size);
	return 0;
}

void api_json(struct api_ctx *ctx, int status, json_t *v)
{
	struct http_response *res = ctx->res;
	res->status = status;
	res->content_type = "application/json; charset=utf-8";
	strbuf_reset(&res->body);
	if (v)
		/* Reals are percentages with two decimals: 15 digits print 12.34 as 12.34. */
		json_dump_callback(v, dump_to_strbuf, &res->body, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(v);
}

/* An error's field and argument are cut at a byte limit, maybe inside a
 * character, and may quote a client's bad bytes; jansson refuses such text
 * (the reply would be empty), so keep the longest valid start. */
static void utf8_trim(char *s)
{
	size_t n = strlen(s);
	while (n && !utf8_valid(s, n))
		s[--n] = '\0';
}

static json_t *error_json(const struct err *e, enum lang lang)
{
	char msg[512], field[sizeof(e->field)];
	err_message(e, lang, msg, sizeof(msg));
	utf8_trim(msg);
	strlcpy_(field, e->field, sizeof(field));
	utf8_trim(field);
	json_t *inner = json_pack("{s:s, s:s}", "code", err_name(e->code), "message", msg);
	json_object_set_new(inner, "field", *field ? json_string(field) : json_null());
	return json_pack("{s:o}", "error", inner);
}

void api_error_with(struct api_ctx *ctx, const struct err *e, const char *key, json_t *extra)
{
	json_t *v = error_json(e, ctx->req->lang);
	if (key && extra)
		json_object_set_new(v, key, extra);
	else
		json_decref(extra);
	api_json(ctx, err_status(e->code), v);
	if (e->code == ERR_LOCKED)
		http_add_header(ctx->res, "Retry-After", arena_strdup(ctx->req->arena, e->arg));
	if (e->code == ERR_UNAVAILABLE)
		http_add_header(ctx->res, "Retry-After", "2");
}

void api_error(struct api_ctx *ctx, const struct err *e)
{
	api_error_with(ctx, e, NULL, NULL);
}

static void disposition(struct api_ctx *ctx, const char *fallback, const char *filename);
void api_reply(struct api_ctx *ctx, int status, json_t *v, const struct err *e)
{
	if (v)
		api_json(ctx, status, v);
	else
		api_error(ctx, e);
}

void api_file(struct api_ctx *ctx, const char *content_type, const char *filename, struct strbuf *data)
{
	struct http_response *res = ctx->res;
	res->status = 200;
	res->content_type = content_type;
	strbuf_release(&res->body);
	res->body = *data;
	strbuf_init(data, 0);
	const char *ext = strrchr(filename, '.');
	struct strbuf fallback = STRBUF_INIT;
	strbuf_addf(&fallback, "luoshi-export%s", ext ? ext : "");
	disposition(ctx, fallback.buf, filename);
	strbuf_release(&fallback);
}

void api_send_file(struct api_ctx *ctx, const char *content_type, const char *filename, int fd, uint64_t size)
{
	struct http_response *res = ctx->res;
	struct strbuf fallback = STRBUF_INIT;
	res->status = 200;
	res->content_type = content_type;
	strbuf_reset(&res->body);
	res->file_set = true;
	res->file_fd = fd;
	res->file_size = size;
	/* The ASCII fallback keeps what is safe in a quoted string and marks the rest. */
	for (const unsigned char *p = (const unsigned char *)filename; *p; p++)
		strbuf_addch(&fallback, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		                                (*p >= '0' && *p <= '9') || strchr(".-_ ", *p)
		                        ? (char)*p
		                        : '_');
	disposition(ctx, fallback.buf, filename);
	strbuf_release(&fallback);
}

/* RFC 6266: an ASCII fallback and the UTF-8 name, percent-encoded (RFC 5987). */
static void disposition(struct api_ctx *ctx, const char *fallback, const char *filename)
{
	struct strbuf cd = STRBUF_INIT;
	strbuf_addf(&cd, "attachment; filename=\"%s\"; filename*=UTF-8''", fallback);
	for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr(".-_", *p))
			strbuf_addch(&cd, *p);
		else
			strbuf_addf(&cd, "%%%02X", *p);
	}
	http_add_header(ctx->res, "Content-Disposition", arena_strdup(ctx->req->arena, cd.buf));
	strbuf_release(&cd);
}

int64_t api_param_id(struct api_ctx *ctx, int n)
{
	const char *s = n < ctx->req->nparams ? ctx->req->params[n] : "";
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0 || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18) {
		struct err e;
		err_set(&e, ERR_NOT_FOUND, "id", s);
		api_error(ctx, &e);
		return 0;
	}
	return v;
}

int api_query(struct api_ctx *ctx, const char *key, size_t max_chars, const char **out)
{
	const char *v = http_query(ctx->req, key);
	struct err e;
	*out = v ? v : "";
	if (!v)
		return 0;
	if (!utf8_valid(v, strlen(v))) {
		err_set(&e, ERR_BAD_UTF8, key, NULL);
		api_error(ctx, &e);
		return -1;
	}
	if (utf8_chars(v) > max_chars) {
		char lim[32];
		snprintf(lim, sizeof(lim), "%zu", max_chars);
		err_set(&e, ERR_TOO_LONG, key, lim);
		api_error(ctx, &e);
		return -1;
	}
	return 0;
}

int api_query_int(struct api_ctx *ctx, const char *key, int64_t def, int64_t min, int64_t max, int64_t *out)
{
	const char *v = http_query(ctx->req, key);
	char *end;
	struct err e;
	*out = def;
	if (!v || !*v)
		return 0;
	long long x = strtoll(v, &end, 10);
	if (*end || strspn(v + (*v == '-'), "0123456789") != strlen(v) - (*v == '-') || strlen(v) > 18) {
		err_set(&e, ERR_TYPE, key, "integer");
		api_error(ctx, &e);
		return -1;
	}
	if (x < min || x > max) {
		char lim[64];
		snprintf(lim, sizeof(lim), "%lld–%lld", (long long)min, (long long)max);
		err_set(&e, ERR_RANGE, key, lim);
		api_error(ctx, &e);
		return -1;
	}
	*out = x;
	return 0;
}

/* Matches path against a pattern with {name} segments, collecting parameters. */
static bool match(const char *pattern, const char *path, struct http_request *req)
{
	int n = 0;
	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *end = strchr(path, '/');
			size_t len = end ? (size_t)(end - path) : strlen(path);
			if (!len || n >= HTTP_MAX_PARAMS)
				return false;
			req->params[n++] = arena_strndup(req->arena, path, len);
			path += len;
			pattern = strchr(pattern, '}') + 1;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	if (*pattern || *path)
		return false;
	req->nparams = n;
	return true;
}

static void reply_code(struct api_ctx *ctx, enum err_code code, const char *field, const char *arg)
{
	struct err e;
	err_set(&e, code, field, arg);
	api_error(ctx, &e);
}

static bool content_type_is(const struct http_request *req, const char *want)
{
	const char *ct = http_header(req, "Content-Type");
	size_t n = strlen(want);
	return ct && !strncasecmp(ct, want, n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static struct reply_cache *thread_cache(void)
{
	struct reply_cache *c = pthread_getspecific(cache_key);
	if (!c) {
		c = cache_new();
		pthread_setspecific(cache_key, c);
	}
	return c;
}

/* Resolves the session cookie. A GET may reuse this thread's last resolution of
 * the same token while the data version is unchanged (sign-out and every user
 * change append audit rows) and it is younger than the touch interval, so a
 * cached read costs one query: the version. */
static int resolve_session(struct api_ctx *ctx, struct err *e)
{
	struct reply_cache *c = thread_cache();
	struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
	int64_t now = now_seconds();
	bool cacheable = ctx->version >= 0 && strlen(ctx->token) == AUTH_TOKEN_HEX;
	int rc = 0;
	strbuf_addf(&key, "session|%s", ctx->token);
	if (cacheable && cache_get(c, key.buf, ctx->version, &val)) {
		json_t *v = json_loadb(val.buf, val.len, 0, NULL);
		if (v && now - json_integer_value(json_object_get(v, "seen")) < AUTH_TOUCH_SECONDS) {
			ctx->user = json_incref(json_object_get(v, "user"));
			strlcpy_(ctx->csrf, json_string_value(json_object_get(v, "csrf")), sizeof(ctx->csrf));
			auth_actor_from_user(&ctx->actor, ctx->user, ctx->req->client);
			json_decref(v);
			goto out;
		}
		json_decref(v);
	}
	rc = auth_resolve(ctx->db, ctx->token, ctx->req->client, &ctx->actor, &ctx->user, ctx->csrf, e);
	if (!rc && cacheable) {
		json_t *v = json_pack("{s:O, s:s, s:I}", "user", ctx->user, "csrf", ctx->csrf, "seen", (json_int_t)now);
		char *text = json_dumps(v, JSON_COMPACT);
		cache_put(c, key.buf, ctx->version, text, strlen(text));
		free(text);
		json_decref(v);
	}
out:
	strbuf_release(&key);
	strbuf_release(&val);
	return rc;
}

/* A cacheable GET: a reply built from the same data version is reused without
 * opening a transaction; otherwise the handler runs in a read transaction and
 * its reply is kept under the version read inside that snapshot. */
static void cached_handler(struct api_ctx *ctx)
{
	struct reply_cache *c = thread_cache();
	struct strbuf key = STRBUF_INIT;
	const struct actor *a = &ctx->actor;
	struct err e = { 0 };
	/* The scope is part of the key: two users see the same reply only if they may. */
	strbuf_addf(&key, "%s?", ctx->req->path);
	http_query_all(ctx->req, &key);
	strbuf_addf(&key, "|%d|%s|%lld|%s|%d", a->role, a->division, (long long)a->enterprise_id,
	            a->department, ctx->req->lang);
	if (ctx->route->flags & API_BY_DAY) { /* warnings move with the calendar, not only with the data */
		char day[11];
		calc_day_format(report_today(ctx->db), day);
		strbuf_addf(&key, "|%s", day);
	}
	if (cache_get(c, key.buf, ctx->version, &ctx->res->body)) {
		ctx->res->status = 200;
		ctx->res->content_type = "application/json; charset=utf-8";
		goto out;
	}
	if (db_begin_read(ctx->db, &e)) {
		api_error(ctx, &e);
		goto out;
	}
	int64_t version = audit_version(ctx->db, &e);
	ctx->route->handler(ctx);
	if (version >= 0 && ctx->res->status == 200)
		cache_put(c, key.buf, version, ctx->res->body.buf, ctx->res->body.len);
	db_rollback(ctx->db);
out:
	strbuf_release(&key);
}

static void dispatch(struct api_ctx *ctx)
{
	struct http_request *req = ctx->req;
	const struct api_route *route = NULL;
	bool path_found = false;
	struct err e = { 0 };

	for (size_t i = 0; i < api_routes_count; i++) {
		if (match(api_routes[i].pattern, req->path, req)) {
			path_found = true;
			if (!strcmp(api_routes[i].method, req->method)) {
				route = &api_routes[i];
				break;
			}
		}
	}
	if (!route) {
		reply_code(ctx, path_found ? ERR_METHOD : ERR_NOT_FOUND, NULL, req->path);
		return;
	}
	ctx->route = route;
	if (!(ctx->db = get_db(&e))) {
		api_error(ctx, &e);
		return;
	}
	bool write = strcmp(req->method, "GET") && strcmp(req->method, "HEAD");
	ctx->version = -1;
	if (!write && (ctx->version = audit_version(ctx->db, &e)) < 0) {
		api_error(ctx, &e);
		return;
	}
	ctx->token = http_cookie(req, "luoshi_session");
	if (ctx->token && resolve_session(ctx, &e) && e.code != ERR_UNAUTHENTICATED) {
		api_error(ctx, &e);
		return;
	}
	if (!ctx->user) {
		memset(&ctx->actor, 0, sizeof(ctx->actor));
		ctx->actor.client = req->client;
	}
	ctx->actor.lang = req->lang;
	if (!actor_can(&ctx->actor, route->roles)) {
		reply_code(ctx, ctx->user ? ERR_FORBIDDEN : ERR_UNAUTHENTICATED, NULL, NULL);
		return;
	}
	if (write && ctx->user && !(route->flags & API_NO_CSRF)) {
		const char *tok = http_header(req, "X-CSRF-Token");
		if (!tok || strcmp(tok, ctx->csrf)) {
			reply_code(ctx, ERR_CSRF, "X-CSRF-Token", NULL);
			return;
		}
	}
	if (req->body_too_large) {
		reply_code(ctx, ERR_TOO_LARGE, route->flags & API_FILE_BODY ? "file" : NULL,
		           route->flags & API_FILE_BODY ? "32 MiB" : "1 MiB");
		return;
	}
	if (route->flags & API_JSON_BODY) {
		json_error_t je;
		if (!content_type_is(req, "application/json")) {
			const char *ct = http_header(req, "Content-Type");
			reply_code(ctx, ERR_MEDIA_TYPE, NULL, ct ? ct : "none; send application/json");
			return;
		}
		ctx->body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
		if (!ctx->body) {
			reply_code(ctx, ERR_BAD_JSON, NULL, je.text);
			return;
		}
		if (!json_is_object(ctx->body)) {
			reply_code(ctx, ERR_BAD_JSON, NULL, "expected an object");
			return;
		}
	} else if (write && req->body_len && !(route->flags & API_FILE_BODY)) {
		reply_code(ctx, ERR_BAD_REQUEST, NULL, "this request takes no body");
		return;
	}
	if (route->flags & API_CACHED) {
		cached_handler(ctx);
		return;
	}
	/* Reads see one snapshot, and SQLite is twice as fast inside one transaction. */
	if (!write && db_begin_read(ctx->db, &e)) {
		api_error(ctx, &e);
		return;
	}
	route->handler(ctx);
	if (!write)
		db_rollback(ctx->db);
}

void api_handle(struct http_request *req, struct http_response *res)
{
	if (strncmp(req->path, "/api/", 5)) {
		api_static(req, res);
		return;
	}
	struct api_ctx ctx = { .req = req, .res = res };
	dispatch(&ctx);
	http_add_header(res, "Cache-Control", "no-store");
	json_decref(ctx.body);
	json_decref(ctx.user);
}
