// A database from an older luoshi upgrades in place with `luoshi migrate`, losing no row.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { dbQuery, dbSql, demoDb, freshDb, isPgUrl, run, tempDir } from '../api/harness.mjs';

let dir;
before(() => {
	dir = tempDir('luoshi-upgrade');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const FIGURES = ['output_fen', 'revenue_fen', 'profit_fen', 'export_fen', 'rd_fen', 'employees'];
/* What migration 9 added to the revisions: their calendar day and each figure's change. */
const REVISION_COLS = ['on_day', ...FIGURES.map((f) => `d_${f}`)];

/* What the migrations after the first added, newest first; removing it leaves exactly
 * what a schema-1 luoshi wrote. */
const LATER_TABLES = ['statistics_sums', 'target_sums', 'statistics_revisions', 'statistics', 'project_report_years', 'task_updates', 'tasks', 'target_entries', 'policy_measure_targets', 'policy_targets',
	'policy_measures', 'policies', 'project_attachments', 'project_changes',
	'project_report_revisions', 'project_reports', 'project_events', 'project_milestones',
	'project_plan', 'project_funding', 'projects', 'policy_items', 'project_categories'];

describe('schema upgrade', () => {
	test('a schema-1 database with enterprises and users upgrades to the latest, every row kept', () => {
		const db = freshDb(dir, 'v1');
		assert.equal(run(['--db', db, 'init']).status, 0);
		// Data a schema-1 deployment has: enterprises (an export re-imported), users, audit rows.
		const src = demoDb(dir, 'src');
		const csv = run(['--db', src, 'export', 'enterprises', '--format', 'csv']).stdout;
		const file = `${dir}/e.csv`;
		writeFileSync(file, csv);
		assert.equal(run(['--db', db, 'import', 'enterprises', file]).status, 0);
		const r = run(['--db', db, 'user', 'add', 'pref', '--role', 'prefecture', '--division', '652300',
			'--password-stdin'], { input: 'a-long-password-55\n' });
		assert.equal(r.status, 0, r.stderr);
		const latest = dbQuery(db, 'SELECT max(version) FROM schema_version;');
		dbSql(db, LATER_TABLES.map((t) => `DROP TABLE ${t};`).join('\n') + '\nDELETE FROM schema_version WHERE version > 1;');
		const before = ['enterprises', 'enterprise_fields', 'users', 'audit', 'divisions']
			.map((t) => [t, dbQuery(db, `SELECT count(*) FROM ${t};`)]);
		assert.equal(dbQuery(db, 'SELECT max(version) FROM schema_version;'), '1');

		const old = run(['--db', db, 'audit', 'verify']);
		assert.equal(old.status, 1, 'commands refuse an old schema');
		assert.match(old.stderr, /migrate/);
		const m = run(['--db', db, 'migrate']);
		assert.equal(m.status, 0, m.stderr);
		assert.match(m.stdout, new RegExp(`schema at version ${latest} \\(${latest - 1} migrations? applied\\)`));
		for (const [t, n] of before)
			assert.equal(dbQuery(db, `SELECT count(*) FROM ${t};`), n, `${t} rows kept`);
		assert.equal(run(['--db', db, 'audit', 'verify']).status, 0);
		// The new tables are there and usable: init loads their reference data.
		assert.equal(run(['--db', db, 'init']).status, 0);
		assert.ok(Number(dbQuery(db, 'SELECT count(*) FROM project_categories;')) >= 11);
	});

	test('a schema-8 database with statistics and revisions gains their summaries, agreeing with the rows', () => {
		const db = demoDb(dir, 'v8');
		const revised = dbQuery(db, "SELECT count(*) FROM statistics_revisions WHERE before_json LIKE '%revenue_fen%';");
		assert.ok(Number(revised) > 0);
		const want = dbQuery(db, 'SELECT sum(d_revenue_fen) FROM statistics_revisions;');
		// What schema 8 had: no summaries, revisions without their day and changes.
		dbSql(db, ['DROP TABLE statistics_sums;', 'DROP TABLE target_sums;',
			...REVISION_COLS.map((c) => `ALTER TABLE statistics_revisions DROP COLUMN ${c};`),
			'DELETE FROM schema_version WHERE version > 8;'].join('\n'));
		const m = run(['--db', db, 'migrate']);
		assert.equal(m.status, 0, m.stderr);
		// The changes come back from the JSON each revision kept; every day is filled in.
		assert.equal(dbQuery(db, 'SELECT sum(d_revenue_fen) FROM statistics_revisions;'), want);
		assert.equal(dbQuery(db, "SELECT count(*) FROM statistics_revisions WHERE on_day = '';"), '0');
		assert.ok(Number(dbQuery(db, 'SELECT count(*) FROM statistics_sums;')) > 1000);
		assert.ok(Number(dbQuery(db, 'SELECT count(*) FROM target_sums;')) > 100);
		const c = run(['--db', db, 'summaries', 'check']);
		assert.equal(c.status, 0, c.stdout + c.stderr);
		assert.match(c.stdout, /\(0 differences\)/);
	});

	/* Runs on both engines (test-cli on SQLite, test-pg on PostgreSQL, where the backfill is
	 * ::json->> and to_char rather than json_extract and substr). Revisions written by hand as a
	 * schema-8 luoshi kept them (only the changed figures in the JSON, `at` the real time), with
	 * figures the test works out itself. */
	test('a schema-8 database with hand-written revisions: each day and change backfilled as the test works them out', () => {
		const db = demoDb(dir, 'v8b');
		dbSql(db, ['DROP TABLE statistics_sums;', 'DROP TABLE target_sums;',
			...REVISION_COLS.map((c) => `ALTER TABLE statistics_revisions DROP COLUMN ${c};`),
			'DELETE FROM schema_version WHERE version > 8;'].join('\n'));
		// Two rows nobody revised: their figures as filed.
		const rows = dbQuery(db, `SELECT enterprise_id, month, ${FIGURES.join(', ')} FROM statistics s WHERE NOT EXISTS `
			+ '(SELECT 1 FROM statistics_revisions rv WHERE rv.enterprise_id = s.enterprise_id AND rv.month = s.month) '
			+ 'ORDER BY month DESC, enterprise_id LIMIT 2;').split('\n').map((l) => {
			const [id, month, ...v] = l.split('|');
			return { id: Number(id), month, filed: Object.fromEntries(FIGURES.map((f, i) => [f, Number(v[i])])) };
		});
		assert.equal(rows.length, 2);
		const [a, b] = rows;
		// Row a: revised twice on days in different months, its profit down and then to a loss;
		// row b once, its export and R&D by more than 2^32 fen, on New Year's Day (UTC).
		const revs = [
			{ row: a, at: '2020-03-10T02:00:00Z', day: '2020-03-10',
				change: { profit_fen: a.filed.profit_fen - 123456789, revenue_fen: a.filed.revenue_fen + 500000 } },
			{ row: a, at: '2020-04-30T23:59:59Z', day: '2020-04-30',
				change: { profit_fen: -98765432, output_fen: a.filed.output_fen + 7, employees: a.filed.employees - 3 } },
			{ row: b, at: '2021-01-01T00:00:00Z', day: '2021-01-01',
				change: { export_fen: b.filed.export_fen + 6000000000, rd_fen: b.filed.rd_fen - 5000000001 } },
		];
		const sorted = (o) => JSON.stringify(Object.fromEntries(Object.entries(o).sort()));
		const sql = [];
		for (const row of rows)
			row.now = { ...row.filed };
		for (const r of revs) {
			const before = Object.fromEntries(Object.keys(r.change).map((f) => [f, r.row.now[f]]));
			r.want = Object.fromEntries(FIGURES.map((f) => [f, f in r.change ? r.change[f] - before[f] : 0]));
			Object.assign(r.row.now, r.change);
			sql.push('INSERT INTO statistics_revisions (enterprise_id, month, at, username, reason, before_json, after_json) '
				+ `VALUES (${r.row.id}, '${r.row.month}', '${r.at}', 'officer', '更正', '${sorted(before)}', '${sorted(r.change)}');`);
		}
		for (const row of rows)
			sql.push(`UPDATE statistics SET ${FIGURES.map((f) => `${f} = ${row.now[f]}`).join(', ')} `
				+ `WHERE enterprise_id = ${row.id} AND month = '${row.month}';`);
		// On PostgreSQL the database's time zone is Beijing's, as a deployment's may be: the last
		// second of April (UTC) is 1 May there; the day is the UTC day all the same, as SQLite's
		// substr(at) gives it and the writers' calendar uses.
		if (isPgUrl(db))
			sql.push(`ALTER DATABASE ${db.slice(db.lastIndexOf('/') + 1)} SET timezone TO 'Asia/Shanghai';`);
		dbSql(db, sql.join('\n'));
		assert.ok(revs.some((r) => r.want.profit_fen < 0) && revs.some((r) => r.want.employees < 0));

		const m = run(['--db', db, 'migrate']);
		assert.equal(m.status, 0, m.stderr);
		const epoch = isPgUrl(db) ? 'CAST(extract(epoch FROM at) AS BIGINT)' : "CAST(strftime('%s', at) AS INTEGER)";
		const got = dbQuery(db, `SELECT enterprise_id, month, ${epoch}, before_json, after_json, ${REVISION_COLS.join(', ')} `
			+ 'FROM statistics_revisions ORDER BY id;').split('\n').map((l) => {
			const [id, month, at, bj, aj, on_day, ...d] = l.split('|');
			return { id: Number(id), month, at: Number(at), before: JSON.parse(bj), after: JSON.parse(aj), on_day,
				d: Object.fromEntries(FIGURES.map((f, i) => [f, Number(d[i])])) };
		});
		// Every revision, the demo's too: its UTC day, and each figure's change from its JSON.
		for (const g of got) {
			assert.equal(g.on_day, new Date(g.at * 1000).toISOString().slice(0, 10));
			assert.deepEqual(g.d, Object.fromEntries(FIGURES.map((f) => [f, f in g.after ? g.after[f] - g.before[f] : 0])));
		}
		// The hand-written ones against the figures above.
		const mine = got.slice(-revs.length);
		revs.forEach((r, i) => {
			assert.equal(mine[i].id, r.row.id);
			assert.equal(mine[i].month, r.row.month);
			assert.equal(mine[i].on_day, r.day);
			assert.deepEqual(mine[i].d, r.want);
		});
		assert.deepEqual(revs.map((r) => r.want.profit_fen), [-123456789, -98765432 - (a.filed.profit_fen - 123456789), 0]);
		assert.equal(revs[2].want.rd_fen, -5000000001);
		// A row's figures less its revisions' changes are its figures as filed (what the scorecard
		// counts in the month it was filed).
		for (const row of rows) {
			const filed = FIGURES.map((f) => `s.${f} - (SELECT sum(d_${f}) FROM statistics_revisions rv `
				+ 'WHERE rv.enterprise_id = s.enterprise_id AND rv.month = s.month)');
			const left = dbQuery(db, `SELECT ${filed.join(', ')} FROM statistics s `
				+ `WHERE enterprise_id = ${row.id} AND month = '${row.month}';`).split('|').map(Number);
			assert.deepEqual(left, FIGURES.map((f) => row.filed[f]));
		}
		const c = run(['--db', db, 'summaries', 'check']);
		assert.equal(c.status, 0, c.stdout + c.stderr);
		assert.match(c.stdout, /\(0 differences\)/);
		assert.equal(run(['--db', db, 'audit', 'verify']).status, 0);
	});
});
