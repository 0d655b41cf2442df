/* http.h — the HTTP server: requests in, responses out, over libmicrohttpd.
 *
 * The server owns the protocol: body limits, keep-alive, client addresses. It
 * hands each complete request to one handler function and sends what the
 * handler put in the response. Every request has its own arena, freed after
 * the reply.
 */
#ifndef HTTP_HTTP_H
#define HTTP_HTTP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"

#define HTTP_MAX_BODY (1u << 20)          /* JSON bodies */
#define HTTP_MAX_UPLOAD (32u << 20)       /* import files and attachments */
#define HTTP_MAX_HEADERS 8
#define HTTP_MAX_PARAMS 4

struct http_request {
	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	bool body_too_large;
	char client[64];
	enum lang lang;
	struct arena *arena;
	const char *params[HTTP_MAX_PARAMS];  /* path parameters, filled by the router */
	int nparams;
	void *conn;                           /* the library's connection */
};

struct http_response {
	int status;
	const char *content_type;
	struct strbuf body;
	const unsigned char *fixed;           /* a body that outlives the request (assets) */
	size_t fixed_len;
	const char *headers[HTTP_MAX_HEADERS][2];
	int nheaders;
	bool file_set;                        /* send file_fd (file_size bytes); the server closes it */
	int file_fd;
	uint64_t file_size;
};

typedef void (*http_handler_fn)(struct http_request *req, struct http_response *res);

struct http_config {
	const char *listen;      /* "127.0.0.1:8080" */
	unsigned threads;        /* 0: one per core */
	const char *trusted_proxy; /* peer address whose X-Forwarded-For names the client, or NULL */
	http_handler_fn handler;
	void (*thread_done)(void); /* called after every request on the worker thread */
};

/* Serves until SIGINT or SIGTERM. Returns 0, or -1 with e set when it cannot start. */
int http_serve(const struct http_config *cfg, struct err *e);

const char *http_query(const struct http_request *req, const char *key);   /* NULL if absent */
const char *http_header(const struct http_request *req, const char *name); /* NULL if absent */
const char *http_cookie(const struct http_request *req, const char *name); /* NULL if absent */
void http_add_header(struct http_response *res, const char *name, const char *value);
/* Appends every query argument as "&k=v" in the order sent (for cache keys). */
void http_query_all(const struct http_request *req, struct strbuf *out);
#endif
