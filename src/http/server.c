/* server.c — libmicrohttpd glue: thread pool, body collection, replies. */
#include "http/http.h"
#include "core/util.h"
#include <arpa/inet.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct conn_state {
	struct strbuf body;
	size_t limit;
	bool too_large;
	struct arena arena;
};

static const struct http_config *config;

const char *http_query(const struct http_request *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct strbuf *out = cls;
	strbuf_addf(out, "&%s=%s", key, value ? value : "");
	return MHD_YES;
}

void http_query_all(const struct http_request *req, struct strbuf *out)
{
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_arg, out);
}

void http_add_header(struct http_response *res, const char *name, const char *value)
{
	if (res->nheaders < HTTP_MAX_HEADERS) {
		res->headers[res->nheaders][0] = name;
		res->headers[res->nheaders][1] = value;
		res->nheaders++;
	}
}

static void client_address(struct MHD_Connection *c, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	strlcpy_(buf, "unknown", size);
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, buf, (socklen_t)size);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, buf, (socklen_t)size);
}

/* Behind a reverse proxy every peer is the proxy; the client is the last address
 * the (trusted) proxy appended to X-Forwarded-For. From anyone else the header is
 * ignored: a client could write anything there. */
static void forwarded_client(struct MHD_Connection *c, char *buf, size_t size)
{
	if (!config->trusted_proxy || strcmp(buf, config->trusted_proxy))
		return;
	const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
	if (!xff || !*xff)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	size_t n = strcspn(last, " ");
	unsigned char probe[sizeof(struct in6_addr)];
	char addr[64];
	if (n == 0 || n >= sizeof(addr))
		return;
	memcpy(addr, last, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, probe) == 1 || inet_pton(AF_INET6, addr, probe) == 1)
		strlcpy_(buf, addr, size);
}

static enum MHD_Result send_response(struct MHD_Connection *c, struct http_response *res)
{
	struct MHD_Response *r;
	if (res->file_set) {
		r = MHD_create_response_from_fd64(res->file_size, res->file_fd);
		if (!r)
			close(res->file_fd);
		res->file_set = false;
	} else if (res->fixed) {
		r = MHD_create_response_from_buffer(res->fixed_len, (void *)(uintptr_t)res->fixed,
		                                    MHD_RESPMEM_PERSISTENT);
	} else {
		size_t len;
		char *buf = strbuf_detach(&res->body, &len);
		r = MHD_create_response_from_buffer_with_free_callback(len, buf, free);
	}
	if (!r)
		return MHD_NO;
	if (res->content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, res->content_type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	for (int i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i][0], res->headers[i][1]);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	struct conn_state *st = *con_cls;
	if (!st) {
		/* First call: headers only. Replying now would close keep-alive (0.9.75). */
		st = xcalloc(1, sizeof(*st));
		strbuf_init(&st->body, 0);
		arena_init(&st->arena);
		st->limit = strstr(url, "/import") || (!strcmp(method, "POST") && strstr(url, "/attachments"))
		                    ? HTTP_MAX_UPLOAD
		                    : HTTP_MAX_BODY;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > st->limit)
			st->too_large = true;
		*con_cls = st;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!st->too_large && st->body.len + *upload_size <= st->limit)
			strbuf_add(&st->body, upload, *upload_size);
		else
			st->too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}
	struct http_request req = {
		.method = method,
		.path = url,
		.body = st->body.buf,
		.body_len = st->body.len,
		.body_too_large = st->too_large,
		.arena = &st->arena,
		.conn = c,
	};
	struct http_response res = { .status = 200 };
	strbuf_init(&res.body, 0);
	client_address(c, req.client, sizeof(req.client));
	forwarded_client(c, req.client, sizeof(req.client));
	const char *al = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
	req.lang = al && !strncasecmp(al, "en", 2) ? LANG_EN : LANG_ZH;
	config->handler(&req, &res);
	enum MHD_Result ret = send_response(c, &res);
	strbuf_release(&res.body);
	if (config->thread_done)
		config->thread_done();
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct conn_state *st = *con_cls;
	if (!st)
		return;
	strbuf_release(&st->body);
	arena_release(&st->arena);
	free(st);
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct err *e)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return err_setf(e, ERR_INVALID, "listen", "expected HOST:PORT, got %s", listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return err_setf(e, ERR_INVALID, "listen", "bad port in %s", listen);
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, *host ? host : "0.0.0.0", &sa->sin_addr) != 1)
		return err_setf(e, ERR_INVALID, "listen", "bad IPv4 address in %s", listen);
	return 0;
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	vfprintf(stderr, fmt, ap);
}

int http_serve(const struct http_config *cfg, struct err *e)
{
	struct sockaddr_in sa;
	sigset_t set;
	int sig;
	unsigned threads = cfg->threads ? cfg->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (parse_listen(cfg->listen, &sa, e))
		return -1;
	config = cfg;
	/* Signals are taken synchronously below; workers inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads ? threads : 1u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, 60u,
		MHD_OPTION_CONNECTION_LIMIT, 4000u,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
		MHD_OPTION_END);
	if (!d)
		return err_setf(e, ERR_UNAVAILABLE, "listen", "cannot listen on %s", cfg->listen);
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "luoshi: serving on http://%s:%u/ with %u threads\n",
	        inet_ntoa(sa.sin_addr), di ? di->port : 0, threads);
	sigwait(&set, &sig);
	fprintf(stderr, "luoshi: stopping (signal %d)\n", sig);
	MHD_stop_daemon(d);
	return 0;
}
