/* schema.c — all DDL: the numbered migrations. Append, never edit a landed one. */
#include "db/schema.h"
#include "core/util.h"
#include <stdio.h>

/* Types are written as SQLite and PostgreSQL both accept them; the id column is
 * the one spelling that differs and will be substituted per engine. */
static const char *const migrations[] = {
	/* 1: reference data, enterprises, users, sessions, throttling, audit. */
	"CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE divisions (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,"
	"  parent TEXT REFERENCES divisions(code));\n"
	"CREATE TABLE industries (code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,"
	"  parent TEXT REFERENCES industries(code), machinery INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE fields (code TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
	"  seq INTEGER NOT NULL);\n"
	"CREATE TABLE bases (code TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
	"  division TEXT REFERENCES divisions(code), seq INTEGER NOT NULL);\n"
	"CREATE TABLE departments (code TEXT PRIMARY KEY, name TEXT NOT NULL, short_name TEXT NOT NULL,"
	"  seq INTEGER NOT NULL);\n"
	"CREATE TABLE enterprises (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  credit_code TEXT NOT NULL UNIQUE,\n"
	"  name TEXT NOT NULL,\n"
	"  short_name TEXT NOT NULL DEFAULT '',\n"
	"  pinyin TEXT NOT NULL DEFAULT '',\n"
	"  division TEXT NOT NULL REFERENCES divisions(code),\n"
	"  address TEXT NOT NULL DEFAULT '',\n"
	"  industry TEXT NOT NULL REFERENCES industries(code),\n"
	"  base TEXT REFERENCES bases(code),\n"
	"  ownership TEXT,\n"
	"  scale TEXT,\n"
	"  above_size INTEGER NOT NULL DEFAULT 0,\n"
	"  high_tech_cert TEXT NOT NULL DEFAULT '',\n"
	"  high_tech_date TEXT,\n"
	"  exporter INTEGER NOT NULL DEFAULT 0,\n"
	"  legal_rep TEXT NOT NULL DEFAULT '',\n"
	"  contact TEXT NOT NULL DEFAULT '',\n"
	"  phone TEXT NOT NULL DEFAULT '',\n"
	"  founded TEXT,\n"
	"  employees INTEGER,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  archived INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at TEXT NOT NULL,\n"
	"  updated_at TEXT NOT NULL);\n"
	/* Lists filter on archived and a division range and sort by name (pinyin): this
	 * index answers the count and the page from the index alone. */
	"CREATE INDEX enterprises_scope ON enterprises(archived, division, pinyin, name);\n"
	"CREATE INDEX enterprises_industry ON enterprises(industry);\n"
	"CREATE INDEX enterprises_pinyin ON enterprises(archived, pinyin, name);\n"
	"CREATE TABLE enterprise_fields (\n"
	"  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),\n"
	"  field TEXT NOT NULL REFERENCES fields(code),\n"
	"  PRIMARY KEY (enterprise_id, field));\n"
	"CREATE INDEX enterprise_fields_field ON enterprise_fields(field, enterprise_id);\n"
	"CREATE TABLE users (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  username TEXT NOT NULL UNIQUE,\n"
	"  display_name TEXT NOT NULL DEFAULT '',\n"
	"  password_hash TEXT NOT NULL,\n"
	"  role TEXT NOT NULL,\n"
	"  division TEXT REFERENCES divisions(code),\n"
	"  enterprise_id INTEGER REFERENCES enterprises(id),\n"
	"  department TEXT REFERENCES departments(code),\n"
	"  active INTEGER NOT NULL DEFAULT 1,\n"
	"  version INTEGER NOT NULL DEFAULT 1,\n"
	"  created_at TEXT NOT NULL,\n"
	"  updated_at TEXT NOT NULL);\n"
	"CREATE TABLE sessions (\n"
	"  token_hash TEXT PRIMARY KEY,\n"
	"  user_id INTEGER NOT NULL REFERENCES users(id),\n"
	"  csrf_token TEXT NOT NULL,\n"
	"  client TEXT NOT NULL,\n"
	"  created_at INTEGER NOT NULL,\n"
	"  last_seen INTEGER NOT NULL);\n"
	"CREATE INDEX sessions_user ON sessions(user_id);\n"
	"CREATE TABLE login_throttle (\n"
	"  key TEXT PRIMARY KEY,\n"
	"  failures INTEGER NOT NULL,\n"
	"  last_failure INTEGER NOT NULL,\n"
	"  locked_until INTEGER NOT NULL);\n"
	"CREATE TABLE audit (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  at TEXT NOT NULL,\n"
	"  user_id INTEGER,\n"
	"  username TEXT NOT NULL,\n"
	"  client TEXT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  entity TEXT NOT NULL,\n"
	"  entity_id TEXT NOT NULL,\n"
	"  changes TEXT NOT NULL,\n"
	"  prev_hash TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL);\n"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);\n"
	"CREATE INDEX audit_user ON audit(username);\n"
	/* Append-only for the application: no UPDATE or DELETE passes. */
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n",
};

int schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

static const char sql_has_table[] =
	"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
static const char sql_version[] = "SELECT coalesce(max(version), 0) FROM schema_version";
static const char sql_record[] = "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)";

int schema_current(struct db *db, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql_has_table);
	if (db_step(st, e) != DB_ROW)
		return -1;
	int has = (int)db_col_int(st, 0);
	db_reset(st);
	if (!has)
		return 0;
	st = db_prepare(db, sql_version);
	if (db_step(st, e) != DB_ROW)
		return -1;
	int v = (int)db_col_int(st, 0);
	db_reset(st);
	return v;
}

int schema_migrate(struct db *db, int *applied, struct err *e)
{
	*applied = 0;
	if (db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_version ("
	                       "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", e))
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
		if (db_exec_script(db, migrations[v - 1], e))
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
