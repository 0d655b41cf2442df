/* db_pg.c — the PostgreSQL engine over libpq: the only file that includes libpq-fe.h.
 *
 * Statements are prepared on the server once per connection ("s1", "s2", ...)
 * with `?` rewritten to $n; values travel as text. A lost connection marks the
 * engine broken: every call fails with ERR_UNAVAILABLE (503, retry) until
 * db_revive() reconnects at the start of the next request.
 */
#include "db/db.h"
#include "db/engine.h"
#include "core/util.h"
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PG_INT8 20
#define PG_INT2 21
#define PG_INT4 23
#define PG_BOOL 16
#define PG_TIMESTAMPTZ 1184

struct pg {
	PGconn *c;
	char *url;
	unsigned next_name;
	int changes;
	bool broken;
	char xid[24]; /* the write transaction's id, once it serialised (see pg_serialize_writes) */
	bool locked;  /* this transaction holds the writers' advisory lock */
};

struct pg_stmt {
	struct pg *pg;
	char name[16];
	int nparams;
	char **values;
	PGresult *res;
	int row, nrows;
	char (*ts)[24]; /* timestamps rewritten as ISO-8601, one per column */
};

#define PG(db) ((struct pg *)(db)->conn)

static bool conn_lost(struct pg *pg, const char *state)
{
	/* Class 08 is a connection failure; 57P01–57P03 a server shutting down or starting. */
	return PQstatus(pg->c) != CONNECTION_OK || (state && (!strncmp(state, "08", 2) ||
	       !strcmp(state, "57P01") || !strcmp(state, "57P02") || !strcmp(state, "57P03")));
}

/* "enterprises_credit_code_key" → "credit_code", for the error's field. */
static void field_of_constraint(const char *constraint, const char *table, char *out, size_t size)
{
	size_t tl = table ? strlen(table) : 0;
	const char *s = constraint ? constraint : "";
	if (tl && !strncmp(s, table, tl) && s[tl] == '_')
		s += tl + 1;
	strlcpy_(out, s, size);
	size_t n = strlen(out);
	if (n > 4 && !strcmp(out + n - 4, "_key"))
		out[n - 4] = '\0';
}

static int map_result(struct pg *pg, PGresult *res, struct err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(pg->c);
	if (conn_lost(pg, state)) {
		pg->broken = true;
		return err_set(e, ERR_UNAVAILABLE, NULL, "database connection lost");
	}
	if (state && !strcmp(state, "23505")) {
		char field[64];
		field_of_constraint(PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME),
		                    PQresultErrorField(res, PG_DIAG_TABLE_NAME), field, sizeof(field));
		return err_set(e, ERR_DUPLICATE, field, field);
	}
	if (state && !strcmp(state, "23503"))
		return err_set(e, ERR_INVALID, NULL, "reference to a missing record");
	if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")))
		return err_set(e, ERR_UNAVAILABLE, NULL, "concurrent update; retry");
	if (state && strncmp(state, "23", 2) && strcmp(state, "P0001"))
		fprintf(stderr, "luoshi: database error %s: %s", state, msg);
	return err_setf(e, ERR_INTERNAL, NULL, "%s", msg);
}

static void ignore_notice(void *arg, const char *message)
{
}

static int pg_open(struct db *db, const char *url, bool create, struct err *e)
{
	/* The URL first, then our settings: later keywords win over the URL's. */
	const char *keys[] = { "dbname", "connect_timeout", "application_name", "client_encoding", "options", NULL };
	const char *vals[] = { url, "5", "luoshi", "UTF8", "-c TimeZone=UTC -c statement_timeout=30000", NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		/* ERR_UNAVAILABLE's message has no argument, so libpq's reason (wrong port,
		 * refused, bad password) would be lost: say it on stderr for the operator. A
		 * database that does not exist is no outage to retry, but a mistyped --db, as
		 * a missing file is on SQLite (server message, in English under lc_messages=C). */
		const char *why = c ? PQerrorMessage(c) : "out of memory";
		if (c && strstr(why, "does not exist") && strstr(why, "database"))
			err_setf(e, ERR_NOT_FOUND, "db", "no PostgreSQL database \"%s\"; create it (createdb) and run `luoshi init`",
			         PQdb(c));
		else {
			fprintf(stderr, "luoshi: cannot connect to PostgreSQL: %s", why);
			err_setf(e, ERR_UNAVAILABLE, "db", "cannot connect to PostgreSQL: %s", why);
		}
		PQfinish(c);
		return -1;
	}
	/* Notices ("already exists, skipping") are not errors; keep them off the terminal. */
	PQsetNoticeProcessor(c, ignore_notice, NULL);
	struct pg *pg = xcalloc(1, sizeof(*pg));
	pg->c = c;
	pg->url = xstrdup(url);
	db->conn = pg;
	return 0;
}

static void pg_close(struct db *db)
{
	PQfinish(PG(db)->c);
	free(PG(db)->url);
	free(PG(db));
	db->conn = NULL;
}

/* `?` → `$1, $2, ...`, leaving quoted strings and identifiers alone. */
static char *number_params(const char *sql, int *n)
{
	struct strbuf out = STRBUF_INIT;
	char quote = 0;
	*n = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			strbuf_addch(&out, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			strbuf_addch(&out, *p);
		} else if (*p == '?') {
			strbuf_addf(&out, "$%d", ++*n);
		} else {
			strbuf_addch(&out, *p);
		}
	}
	return strbuf_detach(&out, NULL);
}

static void *pg_prepare(struct db *db, const char *sql, struct err *e)
{
	struct pg *pg = PG(db);
	if (pg->broken) {
		err_set(e, ERR_UNAVAILABLE, NULL, "database connection lost");
		return NULL;
	}
	struct pg_stmt *st = xcalloc(1, sizeof(*st));
	char *text = number_params(sql, &st->nparams);
	st->pg = pg;
	snprintf(st->name, sizeof(st->name), "s%u", ++pg->next_name);
	PGresult *res = PQprepare(pg->c, st->name, text, 0, NULL);
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		map_result(pg, res, e);
		PQclear(res);
		free(st);
		return NULL;
	}
	PQclear(res);
	st->values = xcalloc((size_t)st->nparams + 1, sizeof(char *));
	st->row = -1;
	return st;
}

static void clear_values(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

static void pg_reset(void *p)
{
	struct pg_stmt *st = p;
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
	free(st->ts);
	st->ts = NULL;
	clear_values(st);
}

static void pg_finalize(void *p)
{
	struct pg_stmt *st = p;
	pg_reset(st);
	/* The server's copy goes with the connection; deallocating on a broken one would block. */
	if (!st->pg->broken && PQstatus(st->pg->c) == CONNECTION_OK) {
		char sql[32];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		PQclear(PQexec(st->pg->c, sql));
	}
	free(st->values);
	free(st);
}

static void pg_bind_text(void *p, int idx, const char *v)
{
	struct pg_stmt *st = p;
	if (idx < 1 || idx > st->nparams)
		abort(); /* a bind past the statement's placeholders is a bug */
	free(st->values[idx - 1]);
	st->values[idx - 1] = v ? xstrdup(v) : NULL;
}

static void pg_bind_int(void *p, int idx, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	pg_bind_text(p, idx, buf);
}

static int pg_step(struct db *db, void *p, struct err *e)
{
	struct pg_stmt *st = p;
	struct pg *pg = st->pg;
	if (!st->res) {
		if (pg->broken)
			return err_set(e, ERR_UNAVAILABLE, NULL, "database connection lost");
		st->res = PQexecPrepared(pg->c, st->name, st->nparams, (const char *const *)st->values,
		                         NULL, NULL, 0);
		ExecStatusType s = PQresultStatus(st->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			map_result(pg, st->res, e);
			PQclear(st->res);
			st->res = NULL;
			return -1;
		}
		st->nrows = s == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
		pg->changes = atoi(PQcmdTuples(st->res));
	}
	return ++st->row < st->nrows ? DB_ROW : DB_DONE;
}

static int pg_columns(void *p)
{
	struct pg_stmt *st = p;
	return st->res ? PQnfields(st->res) : 0;
}

static const char *pg_column_name(void *p, int i)
{
	return PQfname(((struct pg_stmt *)p)->res, i);
}

static enum db_coltype pg_column_type(void *p, int i)
{
	struct pg_stmt *st = p;
	if (PQgetisnull(st->res, st->row, i))
		return DB_COL_NULL;
	switch (PQftype(st->res, i)) {
	case PG_INT8:
	case PG_INT4:
	case PG_INT2:
	case PG_BOOL:
		return DB_COL_INT;
	default:
		return DB_COL_TEXT;
	}
}

static int64_t pg_column_int(void *p, int i)
{
	struct pg_stmt *st = p;
	const char *v = PQgetvalue(st->res, st->row, i);
	if (PQftype(st->res, i) == PG_BOOL)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const char *pg_column_text(void *p, int i, size_t *len)
{
	struct pg_stmt *st = p;
	if (PQgetisnull(st->res, st->row, i)) {
		*len = 0;
		return NULL;
	}
	const char *v = PQgetvalue(st->res, st->row, i);
	if (PQftype(st->res, i) == PG_TIMESTAMPTZ && strlen(v) >= 19) {
		/* "2026-01-02 03:04:05+00" (the session is in UTC) → "2026-01-02T03:04:05Z", as on SQLite */
		if (!st->ts)
			st->ts = xcalloc((size_t)PQnfields(st->res), sizeof(*st->ts));
		snprintf(st->ts[i], sizeof(st->ts[i]), "%.10sT%.8sZ", v, v + 11);
		*len = strlen(st->ts[i]);
		return st->ts[i];
	}
	*len = (size_t)PQgetlength(st->res, st->row, i);
	return v;
}

static int pg_changes(struct db *db)
{
	return PG(db)->changes;
}

/* The connection broke during COMMIT: did the transaction commit? Asks the server
 * on a second connection, waiting out a restart for a while, so that a write the
 * database kept is answered as done and one it lost as failed. 1 committed, 0 not
 * or unknown. */
static int commit_outcome(struct pg *pg)
{
	const char *keys[] = { "dbname", "connect_timeout", NULL };
	const char *vals[] = { pg->url, "2", NULL };
	for (int attempt = 0; attempt < 50; attempt++) {
		PGconn *c = PQconnectdbParams(keys, vals, 1);
		if (c && PQstatus(c) == CONNECTION_OK) {
			const char *args[1] = { pg->xid };
			PGresult *r = PQexecParams(c, "SELECT txid_status($1::bigint)", 1, NULL, args, NULL, NULL, 0);
			const char *v = PQresultStatus(r) == PGRES_TUPLES_OK && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : "";
			int done = !strcmp(v, "committed") ? 1 : strcmp(v, "in progress") ? 0 : -1;
			PQclear(r);
			PQfinish(c);
			if (done >= 0)
				return done;
		} else {
			PQfinish(c);
		}
		struct timespec ts = { 0, 200 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	return 0;
}

static int pg_exec(struct db *db, const char *sql, struct err *e)
{
	struct pg *pg = PG(db);
	if (pg->broken)
		return err_set(e, ERR_UNAVAILABLE, NULL, "database connection lost");
	/* A lock taken inside a savepoint rolled back is gone with it: take it again next time.
	 * The transaction's id stays (a subtransaction's rollback does not take it back), so a
	 * lost reply to COMMIT can still be settled. */
	if (!strncmp(sql, "ROLLBACK TO", 11))
		pg->locked = false;
	PGresult *res = PQexec(pg->c, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		rc = map_result(pg, res, e);
		if (rc && pg->broken && pg->xid[0] && !strcmp(sql, "COMMIT") && commit_outcome(pg))
			rc = 0; /* it committed; only the reply was lost */
	} else if (!strcmp(sql, "COMMIT") && !strcmp(PQcmdStatus(res), "ROLLBACK"))
		/* COMMIT of a transaction that had failed: the server rolled it back. */
		rc = err_set(e, ERR_INTERNAL, NULL, "the transaction had failed and was rolled back");
	PQclear(res);
	return rc;
}

static int pg_begin(struct db *db, bool write, struct err *e)
{
	PG(db)->xid[0] = '\0';
	PG(db)->locked = false;
	/* Writes: READ COMMITTED with row locks (a stale version then updates no row).
	 * Reads: one snapshot for the whole request, like SQLite's read transaction. */
	return pg_exec(db, write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
}

static int pg_serialize_writes(struct db *db, struct err *e)
{
	/* One transaction-scoped advisory lock for every writer of every server: the
	 * audit chain's head is read and extended by one writer at a time. */
	struct pg *pg = PG(db);
	if (pg->broken)
		return err_set(e, ERR_UNAVAILABLE, NULL, "database connection lost");
	if (pg->locked)
		return 0; /* this transaction holds the lock already (an import's rows, one after another) */
	PGresult *res = PQexec(pg->c, "SELECT pg_advisory_xact_lock(5872001), txid_current()");
	int rc = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = map_result(pg, res, e);
	else { /* the id is kept in case the reply to COMMIT is lost */
		strlcpy_(pg->xid, PQgetvalue(res, 0, 1), sizeof(pg->xid));
		pg->locked = true;
	}
	PQclear(res);
	return rc;
}

static int pg_table_exists(struct db *db, const char *table, struct err *e)
{
	struct pg *pg = PG(db);
	const char *vals[1] = { table };
	if (pg->broken)
		return err_set(e, ERR_UNAVAILABLE, NULL, "database connection lost");
	PGresult *res = PQexecParams(pg->c, "SELECT to_regclass($1) IS NOT NULL", 1, NULL, vals, NULL, NULL, 0);
	int rc;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = map_result(pg, res, e);
	else
		rc = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return rc;
}

static bool pg_in_transaction(struct db *db)
{
	PGTransactionStatusType t = PQtransactionStatus(PG(db)->c);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static int pg_revive(struct db *db, struct err *e)
{
	struct pg *pg = PG(db);
	if (!pg->broken && PQstatus(pg->c) == CONNECTION_OK)
		return 0;
	PQreset(pg->c);
	if (PQstatus(pg->c) != CONNECTION_OK) {
		pg->broken = true;
		return err_set(e, ERR_UNAVAILABLE, NULL, "database unreachable; retry");
	}
	pg->broken = false;
	pg->next_name = 0;
	return 1;
}

static const char *const pg_types[][2] = {
	{ "{id}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" },
	{ "{int}", "BIGINT" },
	{ "{text}", "TEXT COLLATE \"C\"" },
	{ "{ts}", "TIMESTAMPTZ" },
};

const struct db_engine db_engine_pg = {
	.name = "postgres",
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.step = pg_step,
	.reset = pg_reset,
	.columns = pg_columns,
	.column_name = pg_column_name,
	.column_type = pg_column_type,
	.column_int = pg_column_int,
	.column_text = pg_column_text,
	.changes = pg_changes,
	.exec = pg_exec,
	.begin = pg_begin,
	.serialize_writes = pg_serialize_writes,
	.table_exists = pg_table_exists,
	.in_transaction = pg_in_transaction,
	.backup = NULL,
	.revive = pg_revive,
	.types = pg_types,
	.ntypes = sizeof(pg_types) / sizeof(pg_types[0]),
};
