/* auth.c — passwords (argon2id), throttled sign-in, sessions in the database. */
#include "domain/auth.h"
#include "core/util.h"
#include "db/session_store.h"
#include "db/user_store.h"
#include "domain/audit.h"
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* OWASP's argon2id minimum (19 MiB, t=2): strong, and cheap enough that a burst of
 * sign-ins does not exhaust a small server. */
#define AUTH_OPSLIMIT 2
#define AUTH_MEMLIMIT (19u * 1024 * 1024)

static void random_hex(char out[AUTH_TOKEN_HEX + 1])
{
	unsigned char raw[AUTH_TOKEN_HEX / 2];
	randombytes_buf(raw, sizeof(raw));
	hex_encode(raw, sizeof(raw), out);
}

/* A real hash of a random password: unknown users are verified against it, so
 * a sign-in takes as long whether or not the account exists. */
static char dummy_hash[crypto_pwhash_STRBYTES];

int auth_init(void)
{
	char pw[AUTH_TOKEN_HEX + 1];
	if (sodium_init() < 0)
		return -1;
	if (dummy_hash[0])
		return 0;
	random_hex(pw);
	return crypto_pwhash_str(dummy_hash, pw, strlen(pw), AUTH_OPSLIMIT, AUTH_MEMLIMIT) ? -1 : 0;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle), h = strlen(hay);
	for (size_t i = 0; n && i + n <= h; i++)
		if (!strncasecmp(hay + i, needle, n))
			return true;
	return false;
}

int auth_password_check(const char *username, const char *password, struct err *e)
{
	char lim[16];
	size_t n = utf8_chars(password);
	if (n < AUTH_PASSWORD_MIN) {
		snprintf(lim, sizeof(lim), "%d", AUTH_PASSWORD_MIN);
		err_set(e, ERR_TOO_SHORT, "password", lim);
		err_label(e, "密码", "password");
		return -1;
	}
	if (n > AUTH_PASSWORD_MAX) {
		snprintf(lim, sizeof(lim), "%d", AUTH_PASSWORD_MAX);
		err_set(e, ERR_TOO_LONG, "password", lim);
		err_label(e, "密码", "password");
		return -1;
	}
	if (username && *username && (contains_ci(password, username) || contains_ci(username, password))) {
		err_set(e, ERR_INVALID, "password", "must not contain the user name");
		err_label(e, "密码", "password");
		return -1;
	}
	return 0;
}

int auth_password_hash(const char *password, char out[128], struct err *e)
{
	if (crypto_pwhash_str(out, password, strlen(password), AUTH_OPSLIMIT, AUTH_MEMLIMIT))
		return err_set(e, ERR_INTERNAL, NULL, "password hashing ran out of memory");
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static void token_hash(const char *token, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
	hex_encode(d, sizeof(d), out);
}

void auth_actor_from_user(struct actor *a, const json_t *user, const char *client)
{
	memset(a, 0, sizeof(*a));
	a->user_id = json_integer_value(json_object_get(user, "id"));
	a->username = json_string_value(json_object_get(user, "username"));
	a->role = role_parse(json_string_value(json_object_get(user, "role")));
	strlcpy_(a->division, json_string_value(json_object_get(user, "division")) ?: "", sizeof(a->division));
	a->enterprise_id = json_integer_value(json_object_get(user, "enterprise_id"));
	strlcpy_(a->department, json_string_value(json_object_get(user, "department")) ?: "",
	         sizeof(a->department));
	a->client = client;
}

/* Seconds left on a lock for key, 0 if none. */
/* Throttle times are milliseconds, so a one-second wait is one second, not 0–1. */
static int64_t locked_for(struct db *db, const char *key, int64_t now_ms, struct err *e)
{
	int64_t failures, last, until;
	if (throttle_store_get(db, key, &failures, &last, &until, e))
		return -1;
	return until > now_ms ? until - now_ms : 0;
}

static int record_failure(struct db *db, const char *key, int limit, int64_t now_ms, struct err *e)
{
	int64_t failures, last, until;
	if (throttle_store_get(db, key, &failures, &last, &until, e))
		return -1;
	/* Failures older than a lock period are forgotten. */
	if (now_ms - last > AUTH_LOCK_SECONDS * 1000)
		failures = 0;
	failures++;
	if (failures >= limit)
		until = now_ms + AUTH_LOCK_SECONDS * 1000;
	else if (limit == AUTH_USER_FAILURES && failures >= AUTH_SLOW_AFTER)
		/* Slow down without holding a server thread: the account waits, not the request. */
		until = now_ms + 1000 * (1 << (failures - AUTH_SLOW_AFTER));
	else
		until = 0;
	return throttle_store_put(db, key, failures, now_ms, until, e);
}

int auth_sign_in(struct db *db, const char *username, const char *password, const char *client,
                 struct auth_session *out, struct err *e)
{
	char ukey[160], akey[80], th[65];
	int64_t now = now_seconds(), now_ms = now_micros() / 1000, wait_u, wait_a;
	json_t *user = NULL;
	struct actor a;
	bool ok;

	memset(out, 0, sizeof(*out));
	snprintf(ukey, sizeof(ukey), "user:%.100s", username);
	snprintf(akey, sizeof(akey), "addr:%.60s", client);
	if ((wait_u = locked_for(db, ukey, now_ms, e)) < 0 || (wait_a = locked_for(db, akey, now_ms, e)) < 0)
		return -1;
	if (wait_u || wait_a) /* whole seconds for Retry-After, rounded up */
		return err_setf(e, ERR_LOCKED, NULL, "%lld", (long long)(((wait_u > wait_a ? wait_u : wait_a) + 999) / 1000));

	user = user_store_by_name(db, username, e);
	if (!user && e->code)
		return -1;
	/* Verify against a dummy hash for unknown users so timing does not tell who exists. */
	ok = auth_password_verify(user ? json_string_value(json_object_get(user, "password_hash"))
	                               : dummy_hash, password);
	ok = ok && user && json_is_true(json_object_get(user, "active"));

	if (db_begin_write(db, e))
		goto fail_nodb;
	if (!ok) {
		memset(&a, 0, sizeof(a));
		a.username = username;
		a.client = client;
		if (user)
			a.user_id = json_integer_value(json_object_get(user, "id"));
		if (record_failure(db, ukey, AUTH_USER_FAILURES, now_ms, e) ||
		    record_failure(db, akey, AUTH_ADDR_FAILURES, now_ms, e) ||
		    audit_append(db, &a, "sign_in_failed", "session", "", NULL, e) || db_commit(db, e))
			goto fail;
		json_decref(user);
		return err_set(e, ERR_BAD_LOGIN, "password", NULL);
	}
	json_object_del(user, "password_hash");
	auth_actor_from_user(&a, user, client);
	random_hex(out->token);
	random_hex(out->csrf);
	token_hash(out->token, th);
	if (throttle_store_clear(db, ukey, e) ||
	    session_store_insert(db, th, a.user_id, out->csrf, client, now, e) ||
	    audit_append(db, &a, "sign_in", "session", "", NULL, e) || db_commit(db, e))
		goto fail;
	out->user = user;
	return 0;
fail:
	db_rollback(db);
fail_nodb:
	json_decref(user);
	return -1;
}

int auth_resolve(struct db *db, const char *token, const char *client, struct actor *a,
                 json_t **user, char csrf[AUTH_TOKEN_HEX + 1], struct err *e)
{
	char th[65];
	int64_t now = now_seconds();
	*user = NULL;
	if (!token || strlen(token) != AUTH_TOKEN_HEX)
		return err_set(e, ERR_UNAUTHENTICATED, NULL, NULL);
	token_hash(token, th);
	json_t *rec = session_store_get(db, th, e);
	if (!rec)
		return e->code ? -1 : err_set(e, ERR_UNAUTHENTICATED, NULL, NULL);
	int64_t last = json_integer_value(json_object_get(rec, "last_seen"));
	if (now - last > AUTH_IDLE_SECONDS || !json_is_true(json_object_get(rec, "active"))) {
		session_store_delete(db, th, NULL);
		json_decref(rec);
		return err_set(e, ERR_UNAUTHENTICATED, NULL, NULL);
	}
	if (now - last >= AUTH_TOUCH_SECONDS)
		session_store_touch(db, th, now, NULL); /* best effort: a busy db only delays it */
	strlcpy_(csrf, json_string_value(json_object_get(rec, "csrf_token")), AUTH_TOKEN_HEX + 1);
	json_object_del(rec, "csrf_token");
	json_object_del(rec, "last_seen");
	auth_actor_from_user(a, rec, client);
	*user = rec;
	return 0;
}

int auth_sign_out(struct db *db, const struct actor *a, const char *token, struct err *e)
{
	char th[65];
	token_hash(token ? token : "", th);
	if (db_begin_write(db, e))
		return -1;
	if (session_store_delete(db, th, e) || audit_append(db, a, "sign_out", "session", "", NULL, e) ||
	    db_commit(db, e)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int auth_actor_by_name(struct db *db, const char *username, const char *client, struct actor *a, json_t **user,
                       struct err *e)
{
	*user = user_store_by_name(db, username, e);
	if (!*user)
		return e->code ? -1 : err_set(e, ERR_NOT_FOUND, "user", username);
	if (!json_is_true(json_object_get(*user, "active"))) {
		json_decref(*user);
		*user = NULL;
		return err_set(e, ERR_STATE, "user", "inactive");
	}
	auth_actor_from_user(a, *user, client);
	return 0;
}
