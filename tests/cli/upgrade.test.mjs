// A database from an older luoshi upgrades in place with `luoshi migrate`, losing no row.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { dbQuery, dbSql, demoDb, freshDb, run, tempDir } from '../api/harness.mjs';

let dir;
before(() => {
	dir = tempDir('luoshi-upgrade');
});
after(() => rmSync(dir, { recursive: true, force: true }));

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
			...['on_day', 'd_output_fen', 'd_revenue_fen', 'd_profit_fen', 'd_export_fen', 'd_rd_fen', 'd_employees']
				.map((c) => `ALTER TABLE statistics_revisions DROP COLUMN ${c};`),
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
});
