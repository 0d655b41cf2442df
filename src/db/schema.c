/* schema.c — all DDL: the numbered migrations. Append, never edit a landed one. */
#include "db/schema.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>
#include "core/strbuf.h"

/* One source of truth for both engines. Types are written as portable words that
 * db_translate_ddl() spells per engine: {id} an integer key the database assigns,
 * {int} a 64-bit integer, {text} text that sorts bytewise (as SQLite does; "C"
 * collation on PostgreSQL, so Chinese names order the same on both), {ts} a
 * timestamp with time zone. The few statements that differ are given per engine. */
struct step {
	const char *engine; /* NULL: both */
	const char *sql;
};

static const struct step migration_1[] = {
	/* Reference data, enterprises, users, sessions, throttling, audit. */
	{ NULL,
	"CREATE TABLE settings (key {text} PRIMARY KEY, value {text} NOT NULL);\n"
	"CREATE TABLE divisions (code {text} PRIMARY KEY, name {text} NOT NULL, level {text} NOT NULL,"
	"  parent {text} REFERENCES divisions(code));\n"
	"CREATE TABLE industries (code {text} PRIMARY KEY, name {text} NOT NULL, level {text} NOT NULL,"
	"  parent {text} REFERENCES industries(code), machinery {int} NOT NULL DEFAULT 0);\n"
	"CREATE TABLE fields (code {text} PRIMARY KEY, name {text} NOT NULL UNIQUE, kind {text} NOT NULL,"
	"  seq {int} NOT NULL);\n"
	"CREATE TABLE bases (code {text} PRIMARY KEY, name {text} NOT NULL UNIQUE, kind {text} NOT NULL,"
	"  division {text} REFERENCES divisions(code), seq {int} NOT NULL);\n"
	"CREATE TABLE departments (code {text} PRIMARY KEY, name {text} NOT NULL, short_name {text} NOT NULL,"
	"  seq {int} NOT NULL);\n"
	"CREATE TABLE enterprises (\n"
	"  id {id},\n"
	"  credit_code {text} NOT NULL UNIQUE,\n"
	"  name {text} NOT NULL,\n"
	"  short_name {text} NOT NULL DEFAULT '',\n"
	"  pinyin {text} NOT NULL DEFAULT '',\n"
	"  division {text} NOT NULL REFERENCES divisions(code),\n"
	"  address {text} NOT NULL DEFAULT '',\n"
	"  industry {text} NOT NULL REFERENCES industries(code),\n"
	"  base {text} REFERENCES bases(code),\n"
	"  ownership {text},\n"
	"  scale {text},\n"
	"  above_size {int} NOT NULL DEFAULT 0,\n"
	"  high_tech_cert {text} NOT NULL DEFAULT '',\n"
	"  high_tech_date {text},\n"
	"  exporter {int} NOT NULL DEFAULT 0,\n"
	"  legal_rep {text} NOT NULL DEFAULT '',\n"
	"  contact {text} NOT NULL DEFAULT '',\n"
	"  phone {text} NOT NULL DEFAULT '',\n"
	"  founded {text},\n"
	"  employees {int},\n"
	"  version {int} NOT NULL DEFAULT 1,\n"
	"  archived {int} NOT NULL DEFAULT 0,\n"
	"  created_at {ts} NOT NULL,\n"
	"  updated_at {ts} NOT NULL);\n"
	/* Lists filter on archived and a division range and sort by name (pinyin): this
	 * index answers the count and the page from the index alone. */
	"CREATE INDEX enterprises_scope ON enterprises(archived, division, pinyin, name);\n"
	"CREATE INDEX enterprises_industry ON enterprises(industry);\n"
	"CREATE INDEX enterprises_pinyin ON enterprises(archived, pinyin, name);\n"
	"CREATE TABLE enterprise_fields (\n"
	"  enterprise_id {int} NOT NULL REFERENCES enterprises(id),\n"
	"  field {text} NOT NULL REFERENCES fields(code),\n"
	"  PRIMARY KEY (enterprise_id, field));\n"
	"CREATE INDEX enterprise_fields_field ON enterprise_fields(field, enterprise_id);\n"
	"CREATE TABLE users (\n"
	"  id {id},\n"
	"  username {text} NOT NULL UNIQUE,\n"
	"  display_name {text} NOT NULL DEFAULT '',\n"
	"  password_hash {text} NOT NULL,\n"
	"  role {text} NOT NULL,\n"
	"  division {text} REFERENCES divisions(code),\n"
	"  enterprise_id {int} REFERENCES enterprises(id),\n"
	"  department {text} REFERENCES departments(code),\n"
	"  active {int} NOT NULL DEFAULT 1,\n"
	"  version {int} NOT NULL DEFAULT 1,\n"
	"  created_at {ts} NOT NULL,\n"
	"  updated_at {ts} NOT NULL);\n"
	"CREATE TABLE sessions (\n"
	"  token_hash {text} PRIMARY KEY,\n"
	"  user_id {int} NOT NULL REFERENCES users(id),\n"
	"  csrf_token {text} NOT NULL,\n"
	"  client {text} NOT NULL,\n"
	"  created_at {int} NOT NULL,\n"
	"  last_seen {int} NOT NULL);\n"
	"CREATE INDEX sessions_user ON sessions(user_id);\n"
	"CREATE TABLE login_throttle (\n"
	"  key {text} PRIMARY KEY,\n"
	"  failures {int} NOT NULL,\n"
	"  last_failure {int} NOT NULL,\n"
	"  locked_until {int} NOT NULL);\n"
	"CREATE TABLE audit (\n"
	"  id {id},\n"
	"  at {ts} NOT NULL,\n"
	"  user_id {int},\n"
	"  username {text} NOT NULL,\n"
	"  client {text} NOT NULL,\n"
	"  action {text} NOT NULL,\n"
	"  entity {text} NOT NULL,\n"
	"  entity_id {text} NOT NULL,\n"
	"  changes {text} NOT NULL,\n"
	"  prev_hash {text} NOT NULL,\n"
	"  hash {text} NOT NULL);\n"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);\n"
	"CREATE INDEX audit_user ON audit(username);\n"
	},
	/* Append-only for the application: no UPDATE or DELETE passes. */
	{ "sqlite",
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n" },
	{ "postgres",
	"CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
	"'BEGIN RAISE EXCEPTION ''audit is append-only''; END';\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
	"FOR EACH ROW EXECUTE FUNCTION audit_append_only();\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	"FOR EACH ROW EXECUTE FUNCTION audit_append_only();\n" },
	{ NULL, NULL },
};

static const struct step *const migrations[] = {
	migration_1,
};

const struct schema_table schema_tables[] = {
	{ "settings", "key" },
	{ "divisions", "parent IS NOT NULL, length(code), code" },
	{ "industries", "parent IS NOT NULL, length(code), code" },
	{ "fields", "code" },
	{ "bases", "code" },
	{ "departments", "code" },
	{ "enterprises", "id" },
	{ "enterprise_fields", "enterprise_id, field" },
	{ "users", "id" },
	{ "sessions", "token_hash" },
	{ "login_throttle", "key" },
	{ "audit", "id" },
	{ NULL, NULL },
};

static const struct step wipe[] = {
	{ "sqlite",
	"DROP TRIGGER audit_no_delete;\n"
	"DELETE FROM audit; DELETE FROM login_throttle; DELETE FROM sessions; DELETE FROM users;\n"
	"DELETE FROM enterprise_fields; DELETE FROM enterprises; DELETE FROM departments;\n"
	"DELETE FROM bases; DELETE FROM fields; DELETE FROM industries; DELETE FROM divisions;\n"
	"DELETE FROM settings;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n" },
	/* TRUNCATE fires no DELETE trigger: the audit guard stays as it is. */
	{ "postgres",
	"TRUNCATE audit, login_throttle, sessions, users, enterprise_fields, enterprises, departments, "
	"bases, fields, industries, divisions, settings RESTART IDENTITY;\n" },
	{ NULL, NULL },
};

static const struct step after_copy[] = {
	{ "postgres",
	"SELECT setval(pg_get_serial_sequence('enterprises', 'id'), coalesce(max(id), 0) + 1, false) FROM enterprises;\n"
	"SELECT setval(pg_get_serial_sequence('users', 'id'), coalesce(max(id), 0) + 1, false) FROM users;\n"
	"SELECT setval(pg_get_serial_sequence('audit', 'id'), coalesce(max(id), 0) + 1, false) FROM audit;\n" },
	{ NULL, NULL },
};

static const struct step optimize[] = {
	{ "sqlite", "PRAGMA optimize;" },
	{ "postgres", "VACUUM ANALYZE;" },
	{ NULL, NULL },
};

static int run_migration(struct db *db, const struct step *steps, struct err *e);

int schema_optimize(struct db *db, struct err *e)
{
	return run_migration(db, optimize, e);
}

int schema_wipe(struct db *db, struct err *e)
{
	return run_migration(db, wipe, e);
}

int schema_after_copy(struct db *db, struct err *e)
{
	return run_migration(db, after_copy, e);
}

int schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

static const char sql_version[] = "SELECT coalesce(max(version), 0) FROM schema_version";
static const char sql_record[] = "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)";

int schema_current(struct db *db, struct err *e)
{
	int has = db_table_exists(db, "schema_version", e);
	if (has <= 0)
		return has;
	struct db_stmt *st = db_prepare(db, sql_version);
	if (db_step(st, e) != DB_ROW)
		return -1;
	int v = (int)db_col_int(st, 0);
	db_reset(st);
	return v;
}

static int run_migration(struct db *db, const struct step *steps, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	int rc = 0;
	for (; !rc && steps->sql; steps++) {
		if (steps->engine && strcmp(steps->engine, db_engine(db)))
			continue;
		db_translate_ddl(db, steps->sql, &sql);
		rc = db_exec_script(db, sql.buf, e);
	}
	strbuf_release(&sql);
	return rc;
}

int schema_migrate(struct db *db, int *applied, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	*applied = 0;
	db_translate_ddl(db, "CREATE TABLE IF NOT EXISTS schema_version ("
	                     "version {int} PRIMARY KEY, applied_at {ts} NOT NULL)", &sql);
	int rc = db_exec_script(db, sql.buf, e);
	strbuf_release(&sql);
	if (rc)
		return -1;
	int cur = schema_current(db, e);
	if (cur < 0)
		return -1;
	if (cur > schema_latest())
		return err_setf(e, ERR_UNPROCESSABLE, "db",
		                "database schema %d is newer than this luoshi (%d)", cur, schema_latest());
	for (int v = cur + 1; v <= schema_latest(); v++) {
		char at[21];
		time_iso8601(now_seconds(), at);
		if (db_begin_write(db, e))
			return -1;
		if (run_migration(db, migrations[v - 1], e))
			goto fail;
		struct db_stmt *st = db_prepare(db, sql_record);
		db_bind_int(st, 1, v);
		db_bind_text(st, 2, at);
		if (db_exec_stmt(st, e) || db_commit(db, e))
			goto fail;
		(*applied)++;
	}
	return 0;
fail:
	db_rollback(db);
	return -1;
}
