/* api_static.c — the web console's files, built into the binary. */
#include "api/api.h"
#include "core/asset.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },   { ".svg", "image/svg+xml" },
	{ ".png", "image/png" },                 { ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },              { ".woff", "font/woff" },
	{ ".ttf", "font/ttf" },                  { ".json", "application/json" },
	{ ".csv", "text/csv; charset=utf-8" },
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < ARRAY_SIZE(types); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

void api_static(struct http_request *req, struct http_response *res)
{
	char key[512];
	const struct asset *a = NULL;
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		res->status = 405;
		res->content_type = "text/plain; charset=utf-8";
		strbuf_addstr(&res->body, "method not allowed\n");
		return;
	}
	/* Only names in the built-in table are served: nothing on disk, so ".." leads nowhere. */
	if (strlen(req->path) < sizeof(key) - 8 && !strstr(req->path, "..")) {
		snprintf(key, sizeof(key), "web%s", req->path);
		a = asset_find(key);
	}
	bool hashed = a && str_starts(req->path, "/assets/");
	if (!a && (str_starts(req->path, "/assets/") || strchr(strrchr(req->path, '/'), '.'))) {
		res->status = 404;
		res->content_type = "text/plain; charset=utf-8";
		strbuf_addstr(&res->body, "not found\n");
		return;
	}
	if (!a) /* a console route such as /enterprises/12: the single page app handles it */
		a = asset_find("web/index.html");
	if (!a) {
		res->status = 404;
		res->content_type = "text/plain; charset=utf-8";
		strbuf_addstr(&res->body, "the console was not built into this binary\n");
		return;
	}
	res->status = 200;
	res->content_type = type_of(a->path);
	res->fixed = a->data;
	res->fixed_len = a->len;
	http_add_header(res, "Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
	if (str_starts(res->content_type, "text/html"))
		http_add_header(res, "Content-Security-Policy",
		                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
		                "font-src 'self' data:; frame-ancestors 'none'");
}
