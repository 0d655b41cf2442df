/* test_audit.c — the hash chain: append, verify, and every kind of tampering detected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "db/schema.h"
#include "domain/audit.h"
#include "domain/auth.h"

static char path[64];

static struct db *fresh_db(void)
{
	struct db *db;
	struct err e = { 0 };
	int applied;
	snprintf(path, sizeof(path), "/tmp/luoshi-test-audit-%d.db", getpid());
	unlink(path);
	assert_int_equal(db_open(&db, path, &e), 0);
	assert_int_equal(schema_migrate(db, &applied, &e), 0);
	assert_int_equal(applied, schema_latest());
	/* Migrating again applies nothing and loses nothing. */
	assert_int_equal(schema_migrate(db, &applied, &e), 0);
	assert_int_equal(applied, 0);
	return db;
}

static void append_rows(struct db *db, int n)
{
	struct actor a;
	struct err e = { 0 };
	actor_system(&a, "test");
	for (int i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%d", i + 1);
		json_t *ch = json_pack("{s:[is]}", "name", i, "新");
		assert_int_equal(db_begin_write(db, &e), 0);
		assert_int_equal(audit_append(db, &a, "update", "enterprise", id, ch, &e), 0);
		assert_int_equal(db_commit(db, &e), 0);
		json_decref(ch);
	}
}

/* Tampering goes around luoshi, as a person with the database file would. */
static void tamper(const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(h);
}

static int64_t verify(struct db *db)
{
	struct audit_report rep;
	struct err e = { 0 };
	assert_int_equal(audit_verify(db, &rep, &e), 0);
	return rep.first_bad_id;
}

static void chain_verifies(void **state)
{
	struct db *db = fresh_db();
	append_rows(db, 5);
	struct audit_report rep;
	struct err e = { 0 };
	assert_int_equal(audit_verify(db, &rep, &e), 0);
	assert_int_equal(rep.rows, 5);
	assert_int_equal(rep.first_bad_id, 0);
	assert_int_equal(strlen(rep.head), 64);
	db_close(db);
	unlink(path);
}

static void hash_is_sha256_over_length_prefixed_parts(void **state)
{
	/* Worked by hand with sha256sum over the exact bytes:
	 * printf '64:%s1:120:2026-01-01T00:00:00Z1:05:admin3:cli6:create10:enterprise1:72:{}' $ZEROS64 */
	struct audit_row r = { .id = 1, .at = "2026-01-01T00:00:00Z", .user_id = 0, .username = "admin",
	                       .client = "cli", .action = "create", .entity = "enterprise", .entity_id = "7",
	                       .changes = "{}", .prev_hash = AUDIT_GENESIS };
	char h[65], again[65];
	audit_row_hash(&r, h);
	audit_row_hash(&r, again);
	assert_string_equal(h, again);
	assert_string_equal(h, "c009f36527df16b0138fbbf5518236e592fa251afedc68c96f28ef267499ed4b");
	/* Moving a character between fields changes the hash: parts are length-prefixed. */
	r.entity = "enterpris";
	r.entity_id = "e7";
	audit_row_hash(&r, again);
	assert_string_not_equal(h, again);
}

static void changed_row_detected(void **state)
{
	struct db *db = fresh_db();
	append_rows(db, 6);
	tamper("DROP TRIGGER audit_no_update; UPDATE audit SET changes = '{}' WHERE id = 4");
	assert_int_equal(verify(db), 4);
	db_close(db);
	unlink(path);
}

static void removed_row_detected(void **state)
{
	struct db *db = fresh_db();
	append_rows(db, 6);
	tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3");
	assert_int_equal(verify(db), 4);
	db_close(db);
	unlink(path);
}

static void inserted_row_detected(void **state)
{
	struct db *db = fresh_db();
	append_rows(db, 3);
	/* A forged row that even copies the previous hash, but cannot know the content hash. */
	tamper("INSERT INTO audit SELECT 4, at, user_id, username, client, action, entity, '99', "
	       "changes, hash, hash FROM audit WHERE id = 3");
	assert_int_equal(verify(db), 4);
	db_close(db);
	unlink(path);
}

static void application_cannot_rewrite(void **state)
{
	struct db *db = fresh_db();
	struct err e = { 0 };
	append_rows(db, 1);
	assert_int_equal(db_exec_script(db, "UPDATE audit SET action = 'x'", &e), -1);
	assert_int_equal(db_exec_script(db, "DELETE FROM audit", &e), -1);
	assert_int_equal(verify(db), 0);
	db_close(db);
	unlink(path);
}

static int setup(void **state)
{
	return auth_init();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chain_verifies),
		cmocka_unit_test(hash_is_sha256_over_length_prefixed_parts),
		cmocka_unit_test(changed_row_detected),
		cmocka_unit_test(removed_row_detected),
		cmocka_unit_test(inserted_row_detected),
		cmocka_unit_test(application_cannot_rewrite),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
