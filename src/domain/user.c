/* user.c — user accounts: validation of role and scope, password rules, audit. */
#include "domain/user.h"
#include "core/util.h"
#include "db/enterprise_store.h"
#include "db/ref_store.h"
#include "db/session_store.h"
#include "db/user_store.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include <stdio.h>
#include <string.h>

static const struct jspec_choice role_choices[] = {
	{ "admin", "系统管理员", "administrator" },
	{ "officer", "经信厅业务处室", "programme officer" },
	{ "prefecture", "地州市经信部门", "prefecture officer" },
	{ "department", "相关部门", "department" },
	{ "enterprise", "企业用户", "enterprise" },
	{ "association", "行业协会", "association" },
	{ "auditor", "审计监督", "auditor" },
	{ NULL, NULL, NULL },
};

#define USER_FIELDS(req) \
	{ "display_name", JSPEC_STRING, 0, 0, 50, "姓名", "display name", NULL, NULL }, \
	{ "role", JSPEC_CHOICE, req, 0, 0, "角色", "role", NULL, role_choices }, \
	{ "division", JSPEC_STRING, JSPEC_NULLABLE, 0, 6, "所属区划", "division", NULL, NULL }, \
	{ "enterprise_id", JSPEC_INT, JSPEC_NULLABLE, 1, INT64_MAX, "所属企业", "enterprise", NULL, NULL }, \
	{ "department", JSPEC_STRING, JSPEC_NULLABLE, 0, 16, "所属部门", "department", NULL, NULL }, \
	{ "password", JSPEC_STRING, req, 0, 0, "密码", "password", NULL, NULL }

const struct jspec_field user_create_spec[] = {
	{ "username", JSPEC_STRING, JSPEC_REQUIRED, 0, 32, "用户名", "user name", NULL, NULL },
	USER_FIELDS(JSPEC_REQUIRED),
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field user_update_spec[] = {
	{ "version", JSPEC_INT, JSPEC_REQUIRED, 1, INT32_MAX, "版本", "version", NULL, NULL },
	{ "active", JSPEC_BOOL, 0, 0, 0, "启用", "active", NULL, NULL },
	USER_FIELDS(0),
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static int fail(const struct jspec_field *spec, const char *name, struct err *e, enum err_code c,
                const char *arg)
{
	return jspec_fail(jspec_find(spec, name), e, c, arg);
}

/* The scope column that fits the role is required; the others are cleared. */
static int check_scope(struct db *db, const struct jspec_field *spec, json_t *rec, struct err *e)
{
	enum role r = role_parse(json_string_value(json_object_get(rec, "role")));
	const char *div = json_string_value(json_object_get(rec, "division"));
	const char *dep = json_string_value(json_object_get(rec, "department"));
	json_int_t ent = json_integer_value(json_object_get(rec, "enterprise_id"));
	json_t *ref;
	if (r != ROLE_PREFECTURE)
		json_object_set_new(rec, "division", json_null());
	if (r != ROLE_ENTERPRISE)
		json_object_set_new(rec, "enterprise_id", json_null());
	if (r != ROLE_DEPARTMENT)
		json_object_set_new(rec, "department", json_null());
	if (r == ROLE_PREFECTURE) {
		if (!div || !*div)
			return fail(spec, "division", e, ERR_REQUIRED, NULL);
		if (!(ref = ref_store_get(db, REF_DIVISION, div, e)))
			return e->code ? -1 : fail(spec, "division", e, ERR_NOT_FOUND, div);
		json_decref(ref);
	} else if (r == ROLE_DEPARTMENT) {
		if (!dep || !*dep)
			return fail(spec, "department", e, ERR_REQUIRED, NULL);
		if (!(ref = ref_store_get(db, REF_DEPARTMENT, dep, e)))
			return e->code ? -1 : fail(spec, "department", e, ERR_NOT_FOUND, dep);
		json_decref(ref);
	} else if (r == ROLE_ENTERPRISE) {
		char id[24];
		snprintf(id, sizeof(id), "%lld", (long long)ent);
		if (!ent)
			return fail(spec, "enterprise_id", e, ERR_REQUIRED, NULL);
		if (!(ref = enterprise_store_get(db, ent, e)))
			return e->code ? -1 : fail(spec, "enterprise_id", e, ERR_NOT_FOUND, id);
		json_decref(ref);
	}
	return 0;
}

static int set_password(json_t *rec, const char *username, json_t *pw, struct err *e)
{
	char hash[128];
	if (!pw)
		return 0;
	if (auth_password_check(username, json_string_value(pw), e) ||
	    auth_password_hash(json_string_value(pw), hash, e))
		return -1;
	json_object_set_new(rec, "password_hash", json_string(hash));
	return 0;
}

static const char *const audit_skip[] = { "password_hash", "version", "updated_at", "created_at", NULL };

json_t *user_create(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	json_t *rec = NULL, *out = NULL;
	char at[21], idtxt[24];
	int64_t id;
	if (a->role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(user_create_spec, body, JSPEC_CREATE, e))
		return NULL;
	const char *name = json_string_value(json_object_get(body, "username"));
	if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(name) || strlen(name) < 2)
		return fail(user_create_spec, "username", e, ERR_INVALID, "a-z 0-9 . _ -, 2–32"), NULL;
	rec = json_deep_copy(body);
	json_object_del(rec, "password");
	if (!json_object_get(rec, "display_name"))
		json_object_set_new(rec, "display_name", json_string(name));
	time_iso8601(now_seconds(), at);
	json_object_set_new(rec, "active", json_true());
	json_object_set_new(rec, "updated_at", json_string(at));
	if (check_scope(db, user_create_spec, rec, e) ||
	    set_password(rec, name, json_object_get(body, "password"), e))
		goto done;
	if (db_begin_write(db, e))
		goto done;
	if (user_store_insert(db, rec, &id, e)) {
		db_rollback(db);
		if (e->code == ERR_DUPLICATE)
			fail(user_create_spec, "username", e, ERR_DUPLICATE, name);
		goto done;
	}
	snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
	json_t *diff = audit_diff(NULL, rec, audit_skip);
	int rc = audit_append(db, a, "create", "user", idtxt, diff, e);
	json_decref(diff);
	/* Read back before COMMIT: after it, nothing may fail (see enterprise_create). */
	if (rc || !(out = user_store_get(db, id, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
		goto done;
	}
done:
	json_decref(rec);
	return out;
}

json_t *user_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e)
{
	json_t *cur = NULL, *rec = NULL, *out = NULL;
	char at[21], idtxt[24];
	if (a->role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(user_update_spec, body, JSPEC_PATCH, e))
		return NULL;
	if (!(cur = user_store_get(db, id, e))) {
		if (!e->code)
			err_setf(e, ERR_NOT_FOUND, "id", "user %lld", (long long)id);
		return NULL;
	}
	const char *name = json_string_value(json_object_get(cur, "username"));
	json_t *full = user_store_by_name(db, name, e);
	if (!full)
		goto done;
	rec = json_deep_copy(full);
	json_decref(full);
	json_object_update(rec, body);
	json_object_del(rec, "password");
	json_object_del(rec, "version");
	if (a->user_id == id && (json_is_false(json_object_get(body, "active")) ||
	                         (json_object_get(body, "role") &&
	                          strcmp(json_string_value(json_object_get(body, "role")), "admin")))) {
		fail(user_update_spec, "role", e, ERR_FORBIDDEN, NULL); /* no locking oneself out */
		goto done;
	}
	time_iso8601(now_seconds(), at);
	json_object_set_new(rec, "updated_at", json_string(at));
	if (check_scope(db, user_update_spec, rec, e) ||
	    set_password(rec, name, json_object_get(body, "password"), e))
		goto done;
	if (db_begin_write(db, e))
		goto done;
	int rc = user_store_update(db, id, json_integer_value(json_object_get(body, "version")), rec, e);
	if (rc == 1)
		err_set(e, ERR_CONFLICT, "version", NULL);
	snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
	json_t *diff = rc ? NULL : audit_diff(cur, rec, audit_skip);
	if (!rc && json_object_get(body, "password"))
		json_object_set_new(diff, "password", json_pack("[ss]", "***", "***"));
	/* A changed password, role or deactivation ends the user's sessions. */
	if (!rc && (json_object_get(body, "password") || json_object_get(body, "role") ||
	            json_is_false(json_object_get(body, "active"))))
		rc = session_store_delete_user(db, id, e);
	if (!rc)
		rc = audit_append(db, a, "update", "user", idtxt, diff, e);
	json_decref(diff);
	if (rc || !(out = user_store_get(db, id, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
		goto done;
	}
done:
	json_decref(cur);
	json_decref(rec);
	return out;
}

json_t *user_list(struct db *db, const struct actor *a, const char *q, int64_t page,
                  int64_t per_page, struct err *e)
{
	json_t *items;
	int64_t total;
	if (a->role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (per_page < 1 || per_page > 200)
		return err_set(e, ERR_RANGE, "per_page", "1–200"), NULL;
	if (page < 1)
		return err_set(e, ERR_RANGE, "page", "≥ 1"), NULL;
	if (user_store_list(db, q, per_page, (page - 1) * per_page, &items, &total, e))
		return NULL;
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
	                 (json_int_t)page, "per_page", (json_int_t)per_page);
}
