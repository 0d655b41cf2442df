/* audit.c — the hash-chained audit log: append, diff, verify. */
#include "domain/audit.h"
#include "core/strbuf.h"
#include "core/util.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void add_part(crypto_hash_sha256_state *h, const char *s)
{
	char len[24];
	int n = snprintf(len, sizeof(len), "%zu:", strlen(s));
	crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)n);
	crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
}

void audit_row_hash(const struct audit_row *r, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char id[24], uid[24];
	snprintf(id, sizeof(id), "%lld", (long long)r->id);
	snprintf(uid, sizeof(uid), "%lld", (long long)r->user_id);
	crypto_hash_sha256_init(&h);
	add_part(&h, r->prev_hash);
	add_part(&h, id);
	add_part(&h, r->at);
	add_part(&h, uid);
	add_part(&h, r->username);
	add_part(&h, r->client);
	add_part(&h, r->action);
	add_part(&h, r->entity);
	add_part(&h, r->entity_id);
	add_part(&h, r->changes);
	crypto_hash_sha256_final(&h, digest);
	hex_encode(digest, sizeof(digest), out);
}

int audit_append(struct db *db, const struct actor *a, const char *action, const char *entity,
                 const char *entity_id, const json_t *changes, struct err *e)
{
	int64_t last_id;
	char prev[65], hash[65], at[21];
	char *text = changes ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc;
	/* From here to the caller's commit this is the only writer anywhere, so the
	 * head read below is still the head when this row is committed after it. */
	if (db_serialize_writes(db, e) || audit_store_head(db, &last_id, prev, e)) {
		free(text);
		return -1;
	}
	time_iso8601(now_seconds(), at);
	struct audit_row r = {
		.id = last_id + 1,
		.at = at,
		.user_id = a->user_id,
		.username = a->username ? a->username : "",
		.client = a->client ? a->client : "",
		.action = action,
		.entity = entity,
		.entity_id = entity_id ? entity_id : "",
		.changes = text ? text : "{}",
		.prev_hash = last_id ? prev : AUDIT_GENESIS,
		.hash = hash,
	};
	audit_row_hash(&r, hash);
	rc = audit_store_insert(db, &r, e);
	free(text);
	return rc;
}

int audit_record(struct db *db, const struct actor *a, const char *action, const char *entity, int64_t id,
                 const json_t *before, json_t *after, const char *const *skip, struct err *e)
{
	char idtxt[24];
	snprintf(idtxt, sizeof(idtxt), "%lld", (long long)id);
	json_t *diff = audit_diff(before, after, skip);
	int rc = audit_append(db, a, action, entity, idtxt, diff, e);
	json_decref(diff);
	return rc;
}

json_t *audit_diff(const json_t *before, json_t *after, const char *const *skip)
{
	json_t *out = json_object();
	const char *key;
	json_t *v;
	json_object_foreach(after, key, v) {
		const char *const *s;
		for (s = skip; s && *s && strcmp(*s, key); s++)
			;
		if (s && *s)
			continue;
		json_t *old = before ? json_object_get(before, key) : NULL;
		if (old && json_equal(old, v))
			continue;
		if (!old && json_is_null(v) && before)
			continue;
		json_object_set_new(out, key, json_pack("[OO]", old ? old : json_null(), v));
	}
	return out;
}

struct verify_state {
	struct audit_report *rep;
	int64_t expect_id;
	char prev[65];
};

static int verify_row(const struct audit_row *r, void *arg)
{
	struct verify_state *vs = arg;
	char hash[65];
	vs->rep->rows++;
	if (r->id != vs->expect_id) {
		snprintf(vs->rep->reason, sizeof(vs->rep->reason),
		         "row %lld found where row %lld was expected (a row was removed or inserted)",
		         (long long)r->id, (long long)vs->expect_id);
		/* Callers read first_bad_id 0 as "no bad row": a forged row 0 (or below)
		 * is reported at the position it took, with its own id in the reason. */
		vs->rep->first_bad_id = r->id > 0 ? r->id : vs->expect_id;
		return 1;
	}
	if (strcmp(r->prev_hash, vs->prev)) {
		snprintf(vs->rep->reason, sizeof(vs->rep->reason),
		         "row %lld does not carry the previous row's hash", (long long)r->id);
		vs->rep->first_bad_id = r->id;
		return 1;
	}
	audit_row_hash(r, hash);
	if (strcmp(hash, r->hash)) {
		snprintf(vs->rep->reason, sizeof(vs->rep->reason),
		         "row %lld was changed after it was written (hash mismatch)", (long long)r->id);
		vs->rep->first_bad_id = r->id;
		return 1;
	}
	strlcpy_(vs->prev, hash, sizeof(vs->prev));
	vs->expect_id++;
	return 0;
}

int audit_verify(struct db *db, struct audit_report *rep, struct err *e)
{
	struct verify_state vs = { NULL, 1, AUDIT_GENESIS };
	bool own = !db_in_transaction(db);
	memset(rep, 0, sizeof(*rep));
	vs.rep = rep;
	/* One snapshot, so rows appended meanwhile do not confuse the walk. */
	if (own && db_begin_read(db, e))
		return -1;
	int rc = audit_store_each(db, verify_row, &vs, e);
	if (own)
		db_rollback(db);
	if (rc < 0)
		return -1;
	strlcpy_(rep->head, vs.prev, sizeof(rep->head));
	return 0;
}

json_t *audit_list(struct db *db, const struct audit_filter *f, struct err *e)
{
	json_t *items;
	int64_t total;
	if (audit_store_list(db, f, &items, &total, e))
		return NULL;
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
	                 (json_int_t)(f->offset / f->limit + 1), "per_page", (json_int_t)f->limit);
}

int64_t audit_version(struct db *db, struct err *e)
{
	int64_t id;
	char hash[65];
	return audit_store_head(db, &id, hash, e) ? -1 : id;
}
