/* api_meta.c — version and demo flag; the OpenAPI document built from the route table. */
#include "api/api.h"
#include "db/ref_store.h"
#include "version.h"
#include <stdio.h>
#include <string.h>

void api_meta(struct api_ctx *ctx)
{
	char demo[8] = "";
	struct err e = { 0 };
	if (settings_get(ctx->db, "demo", demo, sizeof(demo), &e) < 0) {
		api_error(ctx, &e);
		return;
	}
	api_json(ctx, 200, json_pack("{s:s, s:s, s:b}", "name", "luoshi", "version", LUOSHI_VERSION,
	                             "demo", !strcmp(demo, "1")));
}

static json_t *field_schema(const struct jspec_field *f)
{
	json_t *s;
	switch (f->type) {
	case JSPEC_INT:
		s = json_pack("{s:s}", "type", "integer");
		if (!(f->flags & JSPEC_OUTPUT)) {
			json_object_set_new(s, "minimum", json_integer(f->min));
			json_object_set_new(s, "maximum", json_integer(f->max));
		}
		break;
	case JSPEC_BOOL:
		s = json_pack("{s:s}", "type", "boolean");
		break;
	case JSPEC_DATE:
		s = json_pack("{s:s, s:s}", "type", "string", "format", "date");
		break;
	case JSPEC_IDLIST:
		s = json_pack("{s:s, s:{s:s, s:i}}", "type", "array", "items", "type", "integer", "minimum", 1);
		break;
	case JSPEC_ARRAY:
		s = json_pack("{s:s, s:{s:s}}", "type", "array", "items", "type", "object");
		if (f->max)
			json_object_set_new(s, "maxItems", json_integer(f->max));
		break;
	case JSPEC_OBJECT:
		s = json_pack("{s:s}", "type", "object");
		break;
	case JSPEC_STRLIST:
		s = json_pack("{s:s, s:{s:s}}", "type", "array", "items", "type", "string");
		if (f->max)
			json_object_set_new(s, "maxItems", json_integer(f->max));
		break;
	case JSPEC_CHOICE: {
		json_t *en = json_array();
		for (const struct jspec_choice *c = f->choices; c->code; c++)
			json_array_append_new(en, json_string(c->code));
		s = json_pack("{s:s, s:o}", "type", "string", "enum", en);
		break;
	}
	default:
		s = json_pack("{s:s}", "type", "string");
		if (f->max)
			json_object_set_new(s, "maxLength", json_integer(f->max));
	}
	if (f->flags & JSPEC_NULLABLE)
		json_object_set_new(s, "nullable", json_true());
	if (f->flags & JSPEC_OUTPUT)
		json_object_set_new(s, "readOnly", json_true());
	json_object_set_new(s, "title", json_string(f->label_zh));
	json_object_set_new(s, "description", json_string(f->label_en));
	return s;
}

static json_t *body_schema(const struct jspec_field *spec)
{
	json_t *props = json_object(), *req = json_array();
	for (const struct jspec_field *f = spec; f->name; f++) {
		json_object_set_new(props, f->name, field_schema(f));
		if (f->flags & JSPEC_REQUIRED)
			json_array_append_new(req, json_string(f->name));
	}
	return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", props, "required", req,
	                 "additionalProperties", 0);
}

void api_openapi(struct api_ctx *ctx)
{
	json_t *paths = json_object();
	for (size_t i = 0; i < api_routes_count; i++) {
		const struct api_route *r = &api_routes[i];
		char method[8];
		size_t k;
		for (k = 0; k < sizeof(method) - 1 && r->method[k]; k++)
			method[k] = (char)(r->method[k] | 0x20);
		method[k] = '\0';
		json_t *path = json_object_get(paths, r->pattern + 7); /* under servers' /api/v1 */
		if (!path) {
			path = json_object();
			json_object_set_new(paths, r->pattern + 7, path);
		}
		json_t *roles = json_array();
		if (r->roles & ROLES_PUBLIC)
			json_array_append_new(roles, json_string("public"));
		for (int role = 1; role < ROLE__COUNT; role++)
			if (r->roles & (1u << role))
				json_array_append_new(roles, json_string(role_name((enum role)role)));
		json_t *op = json_pack("{s:s, s:s, s:o, s:{s:{s:s}, s:{s:s}}}",
		                       "summary", r->summary,
		                       "operationId", r->pattern,
		                       "x-roles", roles,
		                       "responses", "200", "description", "success",
		                       "default", "description", "error: {error: {code, field, message}}");
		json_object_set_new(op, "operationId",
		                    json_pack("s++", r->method, " ", r->pattern));
		if (strchr(r->pattern, '{')) {
			json_t *params = json_array();
			for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
				const char *end = strchr(p, '}');
				char name[32];
				snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
				json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in", "path",
				                                        "required", 1, "schema", "type",
				                                        strcmp(name, "id") ? "string" : "integer"));
			}
			json_object_set_new(op, "parameters", params);
		}
		if (r->body)
			json_object_set_new(op, "requestBody",
			                    json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
			                              "application/json", "schema", body_schema(r->body)));
		if ((r->flags & API_FILE_BODY) && strstr(r->pattern, "/attachments"))
			json_object_set_new(op, "requestBody", json_pack("{s:b, s:{s:{}}}", "required", 1, "content",
			                                                 "application/octet-stream"));
		else if (r->flags & API_FILE_BODY)
			json_object_set_new(op, "requestBody",
			                    json_pack("{s:b, s:{s:{}, s:{}}}", "required", 1, "content", "text/csv",
			                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
		json_object_set_new(path, method, op);
	}
	api_json(ctx, 200, json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o}", "openapi", "3.0.3", "info",
	                             "title", "luoshi API", "version", LUOSHI_VERSION, "description",
	                             "落实 — policy implementation platform", "servers", "url", "/api/v1",
	                             "paths", paths));
}
