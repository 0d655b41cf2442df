/* auth.h — passwords, sign-in with throttling, sessions and CSRF tokens. */
#ifndef DOMAIN_AUTH_H
#define DOMAIN_AUTH_H
#include <jansson.h>
#include "db/db.h"
#include "domain/actor.h"

#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 128
#define AUTH_TOKEN_HEX 64           /* 32 random bytes */
#define AUTH_IDLE_SECONDS (30 * 60) /* a session ends after this long unused */
#define AUTH_TOUCH_SECONDS 60       /* last_seen is written at most this often */
#define AUTH_SLOW_AFTER 3           /* from this failure on, each try waits 1 s, 2 s, ... */
#define AUTH_USER_FAILURES 5        /* failures on one account before it locks */
#define AUTH_ADDR_FAILURES 20       /* failures from one address before it locks */
#define AUTH_LOCK_SECONDS (15 * 60)

/* Must run once before any other auth call (initialises libsodium). */
int auth_init(void);
/* Checks the password rules for username; the error names field "password". */
int auth_password_check(const char *username, const char *password, struct err *e);
/* argon2id hash string into out (crypto_pwhash_STRBYTES = 128). */
int auth_password_hash(const char *password, char out[128], struct err *e);
bool auth_password_verify(const char *hash, const char *password);

struct auth_session {
	char token[AUTH_TOKEN_HEX + 1];  /* goes to the cookie; only its hash is stored */
	char csrf[AUTH_TOKEN_HEX + 1];
	json_t *user;                    /* owned by the caller */
};

/* Signs in, throttled per account and per client address; writes the session
 * and the audit row (sign_in or sign_in_failed). */
int auth_sign_in(struct db *db, const char *username, const char *password, const char *client,
                 struct auth_session *out, struct err *e);
/* Resolves a cookie token into the actor and user; ERR_UNAUTHENTICATED when
 * unknown, expired or the user is inactive. *user and *csrf are owned by the caller. */
int auth_resolve(struct db *db, const char *token, const char *client, struct actor *a,
                 json_t **user, char csrf[AUTH_TOKEN_HEX + 1], struct err *e);
int auth_sign_out(struct db *db, const struct actor *a, const char *token, struct err *e);
/* Fills a from a user record (as user_store_get returns). */
void auth_actor_from_user(struct actor *a, const json_t *user, const char *client);
/* The command line acting as an active user (--as NAME): fills a from the user, whose
 * record (*user, owned by the caller) holds the strings a points to. */
int auth_actor_by_name(struct db *db, const char *username, const char *client, struct actor *a, json_t **user,
                       struct err *e);
#endif
