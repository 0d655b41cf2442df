/* api.h — the JSON API: the route table, the request context and reply helpers.
 *
 * Each resource has one file (api_enterprise.c, ...) whose handlers turn a
 * request into a domain call and the result into JSON. Authentication, role
 * checks, CSRF, body parsing and read transactions happen once, in router.c,
 * driven by the route table, so no route can skip them.
 */
#ifndef API_API_H
#define API_API_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/sheet.h"
#include "http/http.h"

enum {
	API_JSON_BODY = 1 << 0,  /* the body is a JSON object (checked against body spec) */
	API_FILE_BODY = 1 << 1,  /* the body is an uploaded file */
	API_NO_CSRF = 1 << 2,    /* a write that needs no CSRF token (signing in) */
	API_FILE_REPLY = 1 << 3, /* the reply is a file, not JSON */
	API_CACHED = 1 << 4,     /* a GET whose reply depends only on data, query and scope */
	API_BY_DAY = 1 << 5,     /* with API_CACHED: ... and on the day of the reporting calendar */
};

struct api_ctx;
typedef void (*api_handler_fn)(struct api_ctx *ctx);

struct api_route {
	const char *method;
	const char *pattern;          /* "/api/v1/enterprises/{id}" */
	api_handler_fn handler;
	unsigned roles;               /* R(...) set; ROLES_PUBLIC for anyone */
	const struct jspec_field *body;
	unsigned flags;
	const char *summary;
};

extern const struct api_route api_routes[];
extern const size_t api_routes_count;

struct api_ctx {
	struct http_request *req;
	struct http_response *res;
	struct db *db;
	struct actor actor;
	json_t *user;        /* the signed-in user, or NULL */
	json_t *body;        /* parsed JSON body, or NULL */
	const char *token;   /* session cookie */
	char csrf[65];
	const struct api_route *route;
	int64_t version;     /* GETs: the data version (newest audit id) when the request began */
};

/* The handler of every request; serve sets it on the http server. */
void api_handle(struct http_request *req, struct http_response *res);
/* After each request: frees per-thread leftovers. */
void api_thread_done(void);
/* The database URL worker threads open (one connection per thread). */
void api_set_db_url(const char *url);

/* Replies. api_json steals v. */
void api_json(struct api_ctx *ctx, int status, json_t *v);
void api_error(struct api_ctx *ctx, const struct err *e);
/* An error reply with an extra top-level member (e.g. "current"); steals extra. */
void api_error_with(struct api_ctx *ctx, const struct err *e, const char *key, json_t *extra);
/* v (stolen) with status, or the error e when v is NULL: the end of most handlers. */
void api_reply(struct api_ctx *ctx, int status, json_t *v, const struct err *e);
void api_file(struct api_ctx *ctx, const char *content_type, const char *filename, struct strbuf *data);
/* A file from disk: fd is sent (size bytes) and closed by the server; filename as uploaded. */
void api_send_file(struct api_ctx *ctx, const char *content_type, const char *filename, int fd, uint64_t size);

/* Path parameter n as a positive id; replies 404 and returns 0 when it is not one. */
int64_t api_param_id(struct api_ctx *ctx, int n);
/* A query parameter checked for UTF-8 and length; "" when absent. Returns -1
 * (and replies 400) when bad. */
int api_query(struct api_ctx *ctx, const char *key, size_t max_chars, const char **out);
int api_query_int(struct api_ctx *ctx, const char *key, int64_t def, int64_t min, int64_t max, int64_t *out);

/* Spreadsheet routes (api_sheet.c). An import's dry_run, mode, Content-Type and
 * body; a file's format (xlsx unless format=csv). 0, or -1 after replying. */
int api_import_args(struct api_ctx *ctx, bool *dry, enum import_mode *mode);
int api_file_format(struct api_ctx *ctx, bool *csv);
/* The import's report (200), or the error with the report of bad rows. */
void api_import_reply(struct api_ctx *ctx, json_t *v, json_t *report, const struct err *e);
/* Sends out as NAME.xlsx or NAME.csv. */
void api_sheet_file(struct api_ctx *ctx, bool csv, const char *name, struct strbuf *out);

/* Handlers, one file per resource. */
void api_meta(struct api_ctx *ctx);
void api_openapi(struct api_ctx *ctx);
void api_session_create(struct api_ctx *ctx);
void api_session_get(struct api_ctx *ctx);
void api_session_delete(struct api_ctx *ctx);
void api_ref_divisions(struct api_ctx *ctx);
void api_ref_industries(struct api_ctx *ctx);
void api_ref_fields(struct api_ctx *ctx);
void api_ref_bases(struct api_ctx *ctx);
void api_ref_departments(struct api_ctx *ctx);
void api_ref_ownerships(struct api_ctx *ctx);
void api_ref_scales(struct api_ctx *ctx);
void api_enterprise_list(struct api_ctx *ctx);
void api_enterprise_create(struct api_ctx *ctx);
void api_enterprise_get(struct api_ctx *ctx);
void api_enterprise_update(struct api_ctx *ctx);
void api_enterprise_archive(struct api_ctx *ctx);
void api_enterprise_import(struct api_ctx *ctx);
void api_enterprise_export(struct api_ctx *ctx);
void api_enterprise_template(struct api_ctx *ctx);
void api_user_list(struct api_ctx *ctx);
void api_user_create(struct api_ctx *ctx);
void api_user_update(struct api_ctx *ctx);
void api_audit_list(struct api_ctx *ctx);
void api_audit_verify(struct api_ctx *ctx);
void api_project_list(struct api_ctx *ctx);
void api_project_create(struct api_ctx *ctx);
void api_project_get(struct api_ctx *ctx);
void api_project_update(struct api_ctx *ctx);
void api_project_transition(struct api_ctx *ctx);
void api_project_transition_many(struct api_ctx *ctx);
void api_project_categories(struct api_ctx *ctx);
void api_project_category_add(struct api_ctx *ctx);
void api_policy_items(struct api_ctx *ctx);
void api_funding_sources(struct api_ctx *ctx);
void api_report_list(struct api_ctx *ctx);
void api_report_create(struct api_ctx *ctx);
void api_report_update(struct api_ctx *ctx);
void api_report_unlock(struct api_ctx *ctx);
void api_report_resolve(struct api_ctx *ctx);
void api_warnings(struct api_ctx *ctx);
void api_warning_summary(struct api_ctx *ctx);
void api_project_counters(struct api_ctx *ctx);
void api_change_list(struct api_ctx *ctx);
void api_change_create(struct api_ctx *ctx);
void api_change_decide(struct api_ctx *ctx);
void api_attachment_list(struct api_ctx *ctx);
void api_attachment_upload(struct api_ctx *ctx);
void api_attachment_get(struct api_ctx *ctx);
void api_attachment_delete(struct api_ctx *ctx);
void api_policy_list(struct api_ctx *ctx);
void api_policy_create(struct api_ctx *ctx);
void api_policy_get(struct api_ctx *ctx);
void api_policy_update(struct api_ctx *ctx);
void api_policy_import(struct api_ctx *ctx);
void api_policy_export(struct api_ctx *ctx);
void api_policy_template(struct api_ctx *ctx);
void api_measure_list(struct api_ctx *ctx);
void api_measure_create(struct api_ctx *ctx);
void api_measure_update(struct api_ctx *ctx);
void api_target_list(struct api_ctx *ctx);
void api_target_create(struct api_ctx *ctx);
void api_target_update(struct api_ctx *ctx);
void api_target_entries(struct api_ctx *ctx);
void api_target_add_entry(struct api_ctx *ctx);
void api_task_list(struct api_ctx *ctx);
void api_task_create(struct api_ctx *ctx);
void api_task_get(struct api_ctx *ctx);
void api_task_update(struct api_ctx *ctx);
void api_task_post_update(struct api_ctx *ctx);
void api_task_complete(struct api_ctx *ctx);
void api_task_record(struct api_ctx *ctx);
void api_scorecard(struct api_ctx *ctx);
struct project_query;
/* The project list's filters from the query (page and per_page too when paged). 0, or -1 after replying. */
int api_project_query(struct api_ctx *ctx, struct project_query *q, bool paged);
void api_project_import(struct api_ctx *ctx);
void api_project_export(struct api_ctx *ctx);
void api_project_template(struct api_ctx *ctx);
void api_report_workbook(struct api_ctx *ctx);
void api_report_import(struct api_ctx *ctx);
void api_report_export(struct api_ctx *ctx);
/* The console's files, for every path outside /api/. */
void api_static(struct http_request *req, struct http_response *res);
/* Monthly industry statistics (api_statistics.c). */
void api_statistics_list(struct api_ctx *ctx);
void api_statistics_create(struct api_ctx *ctx);
void api_statistics_get(struct api_ctx *ctx);
void api_statistics_update(struct api_ctx *ctx);
void api_statistics_unlock(struct api_ctx *ctx);
void api_statistics_completeness(struct api_ctx *ctx);
void api_statistics_import(struct api_ctx *ctx);
void api_statistics_export(struct api_ctx *ctx);
void api_statistics_template(struct api_ctx *ctx);
void api_statistics_aggregate(struct api_ctx *ctx);
void api_statistics_enterprises(struct api_ctx *ctx);
void api_statistics_enterprises_export(struct api_ctx *ctx);
/* The enterprises ranked by an indicator's year to date (api_statistics_top.c). */
void api_statistics_top(struct api_ctx *ctx);
#endif
