/* attachment.c — projects' attachments: upload, list, download, delete. */
#include "domain/attachment.h"
#include "core/blobstore.h"
#include "core/util.h"
#include "db/attachment_store.h"
#include "domain/audit.h"
#include "domain/project.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const struct jspec_field attachment_spec[] = {
	{ "name", JSPEC_STRING, JSPEC_REQUIRED, 0, ATTACHMENT_NAME_MAX, "文件名", "file name", NULL, NULL },
	{ "file", JSPEC_STRING, JSPEC_REQUIRED, 0, 0, "文件", "file", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static const char *files_dir;

void attachment_set_dir(const char *dir)
{
	files_dir = dir && *dir ? dir : NULL;
}

static int fail_field(struct err *e, const char *name, enum err_code code, const char *arg)
{
	return jspec_fail(jspec_find(attachment_spec, name), e, code, arg);
}

static bool may_edit(const struct actor *a)
{
	return actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE));
}

static int check_name(const char *name, struct err *e)
{
	char lim[16];
	if (!name || !*name)
		return fail_field(e, "name", ERR_REQUIRED, NULL);
	if (!utf8_valid(name, strlen(name)))
		return fail_field(e, "name", ERR_BAD_UTF8, NULL);
	if (utf8_chars(name) > ATTACHMENT_NAME_MAX) {
		snprintf(lim, sizeof(lim), "%d", ATTACHMENT_NAME_MAX);
		return fail_field(e, "name", ERR_TOO_LONG, lim);
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return fail_field(e, "name", ERR_INVALID, "no path separators (/ \\) or control characters");
	if (!strcmp(name, ".") || !strcmp(name, "..") || name[strspn(name, " ")] == '\0')
		return fail_field(e, "name", ERR_INVALID, "not a file name");
	return 0;
}

/* Types a browser may be told; anything else is application/octet-stream. */
static const char *content_type_for(const char *name)
{
	static const struct {
		const char *ext, *type;
	} known[] = {
		{ "pdf", "application/pdf" },
		{ "png", "image/png" },
		{ "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" },
		{ "gif", "image/gif" },
		{ "txt", "text/plain; charset=utf-8" },
		{ "csv", "text/csv; charset=utf-8" },
		{ "doc", "application/msword" },
		{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ "xls", "application/vnd.ms-excel" },
		{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ "ppt", "application/vnd.ms-powerpoint" },
		{ "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
		{ "zip", "application/zip" },
		{ "ofd", "application/ofd" },
	};
	const char *dot = strrchr(name, '.');
	if (dot)
		for (size_t i = 0; i < ARRAY_SIZE(known); i++)
			if (!strcasecmp(dot + 1, known[i].ext))
				return known[i].type;
	return "application/octet-stream";
}

json_t *attachment_upload(struct db *db, const struct actor *a, int64_t project_id, const char *name,
                          const void *data, size_t len, struct err *e)
{
	json_t *cur, *rec = NULL, *out = NULL, *diff = NULL;
	char hex[65], at[21], idtxt[24];
	int64_t id = 0;
	if (!may_edit(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!(cur = project_find(db, a, project_id, e)))
		return NULL;
	json_decref(cur);
	if (check_name(name, e))
		return NULL;
	if (!len)
		return fail_field(e, "file", ERR_INVALID, "the file is empty"), NULL;
	if (!files_dir)
		return err_set(e, ERR_NO_FILES_DIR, "file", "luoshi serve --files DIR"), NULL;
	if (blob_put(files_dir, data, len, hex, e))
		return NULL;
	time_iso8601(now_seconds(), at);
	rec = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "project_id", (json_int_t)project_id, "name", name,
	                "size", (json_int_t)len, "sha256", hex, "content_type", content_type_for(name), "uploaded_by",
	                a->username ? a->username : "", "uploader_role", role_name(a->role), "created_at", at);
	if (db_begin_write(db, e))
		goto done;
	if (attachment_store_insert(db, rec, &id, e))
		goto fail;
	snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
	diff = audit_diff(NULL, rec, NULL);
	if (audit_append(db, a, "upload", "project_attachment", idtxt, diff, e))
		goto fail;
	if (!(out = attachment_store_get(db, project_id, id, e)) || db_commit(db, e))
		goto fail;
	goto done;
fail:
	db_rollback(db);
	json_decref(out);
	out = NULL;
done:
	json_decref(diff);
	json_decref(rec);
	return out;
}

json_t *attachment_list(struct db *db, const struct actor *a, int64_t project_id, struct err *e)
{
	json_t *cur = project_find(db, a, project_id, e), *items;
	if (!cur)
		return NULL;
	json_decref(cur);
	if (!(items = attachment_store_list(db, project_id, e)))
		return NULL;
	return json_pack("{s:o}", "items", items);
}

/* The attachment of a project the actor may see; deleted ones read as not found. */
static json_t *find(struct db *db, const struct actor *a, int64_t project_id, int64_t id, struct err *e)
{
	json_t *cur = project_find(db, a, project_id, e), *rec;
	if (!cur)
		return NULL;
	json_decref(cur);
	rec = attachment_store_get(db, project_id, id, e);
	if (rec && json_is_true(json_object_get(rec, "deleted"))) {
		json_decref(rec);
		rec = NULL;
	}
	if (!rec && !e->code)
		err_setf(e, ERR_NOT_FOUND, "id", "attachment %lld", (long long)id);
	return rec;
}

json_t *attachment_open(struct db *db, const struct actor *a, int64_t project_id, int64_t id, int *fd,
                        uint64_t *size, struct err *e)
{
	json_t *rec = find(db, a, project_id, id, e);
	*fd = -1;
	if (!rec)
		return NULL;
	if (!files_dir) {
		json_decref(rec);
		return err_set(e, ERR_NO_FILES_DIR, "file", "luoshi serve --files DIR"), NULL;
	}
	if ((*fd = blob_open(files_dir, json_string_value(json_object_get(rec, "sha256")), size, e)) < 0) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

json_t *attachment_delete(struct db *db, const struct actor *a, int64_t project_id, int64_t id, struct err *e)
{
	json_t *rec = find(db, a, project_id, id, e), *diff = NULL, *out = NULL;
	char at[21], idtxt[24];
	int rc;
	if (!rec)
		return NULL;
	/* The uploader's side (the same role, within its scope) or the commission. */
	if (!actor_can(a, R(ADMIN) | R(OFFICER)) &&
	    (!may_edit(a) || strcmp(role_name(a->role), json_string_value(json_object_get(rec, "uploader_role"))))) {
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
		goto done;
	}
	time_iso8601(now_seconds(), at);
	snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
	diff = json_pack("{s:[nI], s:[OO], s:[bb]}", "project_id", (json_int_t)project_id, "name",
	                 json_object_get(rec, "name"), json_object_get(rec, "name"), "deleted", 0, 1);
	if (db_begin_write(db, e))
		goto done;
	rc = attachment_store_delete(db, id, at, e);
	if (rc == 1)
		rc = err_setf(e, ERR_NOT_FOUND, "id", "attachment %lld", (long long)id);
	if (rc || audit_append(db, a, "delete", "project_attachment", idtxt, diff, e) ||
	    !(out = attachment_store_get(db, project_id, id, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
	}
done:
	json_decref(diff);
	json_decref(rec);
	return out;
}
