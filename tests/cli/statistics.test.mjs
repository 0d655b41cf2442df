// `luoshi export|import statistics`: a round trip of the demo's June 2020, a cumulative
// file with --cumulative (monthly values stored), --dry-run, --as USER (scope), bad arguments.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbQuery, demoDb, run, tempDir } from '../api/harness.mjs';
import { csvObjects, toCsv } from '../api/sheet-util.mjs';

let dir, db;
const env = { LUOSHI_TODAY: '2020-08-05' }; // July 2020's window is open
const luoshi = (...args) => run(['--db', db, ...args], { env });
const auditRows = () => Number(dbQuery(db, 'SELECT count(*) FROM audit'));

before(() => {
	dir = tempDir('luoshi-cli-stats');
	db = demoDb(dir, 'stats.db');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the demo has monthly statistics; June 2020 exports and imports back unchanged', () => {
	assert.ok(Number(dbQuery(db, "SELECT count(*) FROM statistics WHERE month BETWEEN '2015-01' AND '2020-06'")) > 2000);
	assert.equal(Number(dbQuery(db, "SELECT count(*) FROM statistics WHERE month > '2020-06'")), 0);
	assert.ok(Number(dbQuery(db, 'SELECT count(*) FROM statistics WHERE late = 1')) > 0);
	assert.ok(Number(dbQuery(db, 'SELECT count(*) FROM statistics_revisions')) > 0);
	const file = join(dir, 'june.csv');
	const out = luoshi('export', 'statistics', '--month', '2020-06', '-o', file);
	assert.equal(out.status, 0, out.stderr);
	const { rows } = csvObjects(readFileSync(file, 'utf8'));
	assert.ok(rows.length > 20);
	const before = auditRows();
	const r = luoshi('import', 'statistics', file);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, new RegExp(`imported: ${rows.length} rows, 0 created, 0 updated, ${rows.length} unchanged, 0 bad`));
	assert.equal(auditRows(), before);
	const t = luoshi('export', 'statistics', '--template');
	assert.equal(t.status, 0, t.stderr);
	assert.match(t.stdout, /统一社会信用代码,企业名称,月份/);
});

test('--cumulative stores monthly values; --dry-run writes nothing; --as limits the scope', () => {
	// An Urumqi enterprise that filed every month of 2020 so far (1–7 minus the stored 1–6 is July).
	const [code] = dbQuery(db, "SELECT credit_code FROM enterprises e JOIN statistics s ON s.enterprise_id = e.id " +
		"WHERE s.month BETWEEN '2020-01' AND '2020-06' AND e.division LIKE '6501%' GROUP BY e.id, credit_code " +
		'HAVING count(*) = 6 ORDER BY e.id LIMIT 1').split('\n');
	const id = dbQuery(db, `SELECT id FROM enterprises WHERE credit_code = '${code}'`).trim();
	const ytd6 = Number(dbQuery(db, `SELECT sum(revenue_fen) FROM statistics WHERE enterprise_id = ${id} AND month BETWEEN '2020-01' AND '2020-06'`));
	// 1–7 revenue = stored 1–6 sum + 123.45 万元 → July stored as 123.45 万元.
	const wan = (fen) => `${Math.floor(fen / 1e6)}.${String(fen % 1e6).padStart(6, '0')}`;
	const head = ['统一社会信用代码', '月份', '工业总产值（万元）', '营业收入（万元）', '利润总额（万元）', '出口交货值（万元）',
		'研发经费支出（万元）', '期末从业人数'];
	const sum = (col) => Number(dbQuery(db, `SELECT sum(${col}) FROM statistics WHERE enterprise_id = ${id} AND month BETWEEN '2020-01' AND '2020-06'`));
	const file = join(dir, 'cum.csv');
	writeFileSync(file, toCsv(head, [{
		统一社会信用代码: code, 月份: '2020-07', '工业总产值（万元）': wan(sum('output_fen') + 200_000_000),
		'营业收入（万元）': wan(ytd6 + 123_450_000), '利润总额（万元）': wan(sum('profit_fen') + 1_000_000),
		'出口交货值（万元）': wan(sum('export_fen')), '研发经费支出（万元）': wan(sum('rd_fen')), 期末从业人数: '77',
	}]));
	const dry = luoshi('import', 'statistics', file, '--cumulative', '--dry-run');
	assert.equal(dry.status, 0, dry.stderr);
	assert.match(dry.stdout, /^dry run: 1 rows, 1 created/);
	assert.equal(dbQuery(db, `SELECT count(*) FROM statistics WHERE enterprise_id = ${id} AND month = '2020-07'`).trim(), '0');
	// A prefecture user of another prefecture cannot import it.
	assert.equal(run(['--db', db, 'user', 'add', 'kashgar', '--role', 'prefecture', '--division', '653100', '--password-stdin'],
		{ input: 'tianshan-pass-word-1\n' }).status, 0);
	const other = luoshi('import', 'statistics', file, '--cumulative', '--as', 'kashgar');
	assert.notEqual(other.status, 0);
	assert.match(other.stderr, /统一社会信用代码/);
	const r = luoshi('import', 'statistics', file, '--cumulative', '--as', 'prefecture');
	assert.equal(r.status, 0, r.stderr);
	const got = dbQuery(db, `SELECT revenue_fen, output_fen, profit_fen, export_fen, rd_fen, employees, late FROM statistics WHERE enterprise_id = ${id} AND month = '2020-07'`).trim();
	assert.equal(got.replace(/\|/g, ' '), '123450000 200000000 1000000 0 0 77 0');
});

test('bad arguments: usage, exit code 2', () => {
	assert.equal(luoshi('export', 'statistics').status, 2); // --month is required
	assert.equal(luoshi('export', 'statistics', '--month').status, 2);
	assert.equal(luoshi('import', 'statistics').status, 2);
	assert.equal(luoshi('import', 'reports', 'x.csv', '--cumulative').status, 2); // statistics only
	const bad = luoshi('export', 'statistics', '--month', '2020-6');
	assert.notEqual(bad.status, 0);
	assert.match(bad.stderr, /月份|month/);
});
