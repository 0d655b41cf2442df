/* project_change.c — change requests after approval: request, list, approve, reject, withdraw. */
#include "domain/project_change.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "db/project_change_store.h"
#include "domain/audit.h"
#include "domain/project.h"
#include <stdio.h>
#include <string.h>

const struct jspec_field project_change_spec[] = {
	{ "changes", JSPEC_OBJECT, JSPEC_REQUIRED, 0, 0, "变更内容", "changes", NULL, NULL },
	{ "reason", JSPEC_STRING, JSPEC_REQUIRED, 0, 500, "变更原因", "reason for the change", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static const struct jspec_choice decisions[] = {
	{ "approve", "批准", "approve" },
	{ "reject", "驳回", "reject" },
	{ "withdraw", "撤回", "withdraw" },
	{ NULL, NULL, NULL },
};

const struct jspec_field project_change_decision_spec[] = {
	{ "action", JSPEC_CHOICE, JSPEC_REQUIRED, 0, 0, "操作", "action", NULL, decisions },
	{ "comment", JSPEC_STRING, 0, 0, 500, "意见", "comment", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

/* What a change may not touch, and what is derived: left out of the field list. */
static const char *const not_compared[] = { "version", "updated_at", "created_at", "id", "enterprise_name",
	                                    "division_name", "events", "pending_change", "status", NULL };

static bool may_edit(const struct actor *a)
{
	return actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE));
}

static bool changeable(const char *status)
{
	return !strcmp(status, "approved") || !strcmp(status, "in_progress");
}

static char *dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

json_t *project_change_request(struct db *db, const struct actor *a, int64_t project_id, json_t *body,
                               struct err *e)
{
	json_t *cur = NULL, *rec = NULL, *diff = NULL, *fields = NULL, *row = NULL, *out = NULL;
	char *approved = NULL, *requested = NULL, *names = NULL, at[21], idtxt[24], arg[24];
	const char *key;
	json_t *v;
	int64_t id = 0;
	if (!may_edit(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(project_change_spec, body, JSPEC_CREATE, e))
		return NULL;
	if (!(cur = project_find(db, a, project_id, e)))
		return NULL;
	const char *status = json_string_value(json_object_get(cur, "status"));
	if (!changeable(status)) {
		err_set(e, ERR_EDIT_DIRECTLY, "status", status);
		goto done;
	}
	json_t *changes = json_object_get(body, "changes");
	json_object_del(changes, "version");
	if (!(rec = project_merge(db, a, cur, changes, e)))
		goto done;
	diff = audit_diff(cur, rec, not_compared);
	fields = json_array();
	json_object_foreach(diff, key, v)
		json_array_append_new(fields, json_string(key));
	if (!json_array_size(fields)) {
		jspec_fail(&project_change_spec[0], e, ERR_INVALID, "nothing differs from the approved record");
		goto done;
	}
	/* Names shown beside codes follow the codes: stale ones would mislead. */
	if (json_object_get(diff, "division"))
		json_object_del(rec, "division_name");
	if (json_object_get(diff, "enterprise_id"))
		json_object_del(rec, "enterprise_name");
	approved = dump(cur);
	requested = dump(rec);
	names = dump(fields);
	time_iso8601(now_seconds(), at);
	row = json_pack("{s:I, s:O, s:s, s:s, s:s, s:O, s:s, s:s, s:s}", "project_id", (json_int_t)project_id,
	                "base_version", json_object_get(cur, "version"), "approved_json", approved, "requested_json",
	                requested, "fields", names, "reason", json_object_get(body, "reason"), "requested_by",
	                a->username ? a->username : "", "requester_role", role_name(a->role), "requested_at", at);
	if (db_begin_write(db, e))
		goto done;
	int64_t pending = project_change_store_pending(db, project_id, e);
	if (pending < 0)
		goto fail;
	if (pending > 0) {
		snprintf(arg, sizeof(arg), "%lld", (long long)pending);
		err_set(e, ERR_CHANGE_PENDING, "changes", arg);
		goto fail;
	}
	if (project_change_store_insert(db, row, &id, e))
		goto fail;
	snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
	json_t *adiff = json_pack("{s:[nI], s:[ns], s:[nO]}", "project_id", (json_int_t)project_id, "reason",
	                          json_string_value(json_object_get(body, "reason")), "fields", fields);
	int rc = audit_append(db, a, "request", "project_change", idtxt, adiff, e);
	json_decref(adiff);
	if (rc || db_commit(db, e))
		goto fail;
	out = json_pack("{s:I, s:I, s:s, s:O, s:O, s:o, s:o, s:O, s:s, s:s, s:s}", "id", (json_int_t)id,
	                "project_id", (json_int_t)project_id, "status", "pending", "base_version",
	                json_object_get(cur, "version"), "reason", json_object_get(body, "reason"), "approved",
	                json_incref(cur), "requested", json_incref(rec), "fields", fields, "requested_by",
	                a->username ? a->username : "", "requester_role", role_name(a->role), "requested_at", at);
	goto done;
fail:
	db_rollback(db);
	if (e->code == ERR_DUPLICATE) /* another server's request came first */
		err_set(e, ERR_CHANGE_PENDING, "changes", "?");
done:
	free(approved);
	free(requested);
	free(names);
	json_decref(row);
	json_decref(diff);
	json_decref(fields);
	json_decref(rec);
	json_decref(cur);
	return out;
}

/* A stored row as the API shows it: the JSON texts parsed. */
static json_t *shape(json_t *row)
{
	static const struct {
		const char *from, *to;
	} parts[] = { { "approved_json", "approved" }, { "requested_json", "requested" }, { "fields", "fields" } };
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		json_t *v = json_loads(json_string_value(json_object_get(row, parts[i].from)), 0, NULL);
		json_object_del(row, parts[i].from);
		json_object_set_new(row, parts[i].to, v ? v : json_null());
	}
	return row;
}

json_t *project_change_list(struct db *db, const struct actor *a, int64_t project_id, struct err *e)
{
	json_t *cur = project_find(db, a, project_id, e), *items, *row;
	size_t i;
	if (!cur)
		return NULL;
	json_decref(cur);
	if (!(items = project_change_store_list(db, project_id, e)))
		return NULL;
	json_array_foreach(items, i, row)
		shape(row);
	return json_pack("{s:o}", "items", items);
}

json_t *project_change_decide(struct db *db, const struct actor *a, int64_t project_id, int64_t change_id,
                              json_t *body, struct err *e)
{
	json_t *cur = NULL, *req = NULL, *rec = NULL, *out = NULL, *proj = NULL;
	char at[21], idtxt[24], arg[24];
	if (jspec_check(project_change_decision_spec, body, JSPEC_CREATE, e))
		return NULL;
	const char *action = json_string_value(json_object_get(body, "action"));
	const char *comment = json_string_value(json_object_get(body, "comment"));
	if (!comment)
		comment = "";
	bool withdraw = !strcmp(action, "withdraw");
	if (!(cur = project_find(db, a, project_id, e)))
		return NULL;
	if (!(req = project_change_store_get(db, project_id, change_id, e))) {
		if (!e->code)
			err_setf(e, ERR_NOT_FOUND, "id", "change request %lld", (long long)change_id);
		goto done;
	}
	if (withdraw ? !may_edit(a) || strcmp(role_name(a->role), json_string_value(json_object_get(req, "requester_role")))
	             : !actor_can(a, R(ADMIN) | R(OFFICER))) {
		err_set(e, ERR_FORBIDDEN, "action", NULL);
		goto done;
	}
	const char *status = json_string_value(json_object_get(req, "status"));
	if (strcmp(status, "pending")) {
		err_set(e, ERR_STATE, "action", status);
		goto done;
	}
	if (!strcmp(action, "reject") && !*comment) {
		jspec_fail(&project_change_decision_spec[1], e, ERR_REQUIRED, NULL);
		goto done;
	}
	if (!strcmp(action, "approve")) {
		if (!json_equal(json_object_get(cur, "version"), json_object_get(req, "base_version"))) {
			snprintf(arg, sizeof(arg), "%lld", (long long)json_integer_value(json_object_get(req, "base_version")));
			err_set(e, ERR_CHANGE_STALE, "version", arg);
			goto done;
		}
		rec = json_loads(json_string_value(json_object_get(req, "requested_json")), 0, NULL);
		if (!rec) {
			err_set(e, ERR_INTERNAL, "requested", NULL);
			goto done;
		}
		json_object_set(rec, "status", json_object_get(cur, "status"));
		/* References may have changed since the request: the record must still hold. */
		if (project_validate(db, a, rec, json_object_get(cur, "milestones"), e))
			goto done;
	}
	time_iso8601(now_seconds(), at);
	snprintf(idtxt, sizeof(idtxt), "%lld", (long long)change_id);
	const char *to = !strcmp(action, "approve") ? "approved" : !strcmp(action, "reject") ? "rejected" : "withdrawn";
	if (db_begin_write(db, e))
		goto done;
	int rc = project_change_store_decide(db, change_id, to, a->username ? a->username : "", at, comment, e);
	if (rc == 1)
		rc = err_set(e, ERR_STATE, "action", "decided meanwhile");
	if (rc)
		goto fail;
	if (rec) {
		struct strbuf why = STRBUF_INIT;
		strbuf_addf(&why, "#%s %s", idtxt, json_string_value(json_object_get(req, "reason")));
		if (*comment)
			strbuf_addf(&why, " — %s", comment);
		proj = project_write(db, a, project_id, json_integer_value(json_object_get(cur, "version")), cur, rec,
		                     "change", why.buf, e);
		strbuf_release(&why);
		if (!proj) {
			if (e->code == ERR_CONFLICT) {
				snprintf(arg, sizeof(arg), "%lld",
				         (long long)json_integer_value(json_object_get(req, "base_version")));
				err_set(e, ERR_CHANGE_STALE, "version", arg);
			}
			goto fail;
		}
	}
	json_t *adiff = json_pack("{s:[nI], s:[ss], s:[ns]}", "project_id", (json_int_t)project_id, "status",
	                          "pending", to, "comment", comment);
	rc = audit_append(db, a, action, "project_change", idtxt, adiff, e);
	json_decref(adiff);
	if (rc)
		goto fail;
	json_decref(req);
	if (!(req = project_change_store_get(db, project_id, change_id, e)))
		goto fail;
	if (db_commit(db, e))
		goto fail;
	out = shape(json_incref(req));
	if (proj)
		json_object_set(out, "project", proj);
	goto done;
fail:
	db_rollback(db);
done:
	json_decref(proj);
	json_decref(rec);
	json_decref(req);
	json_decref(cur);
	return out;
}
