// `luoshi export|import projects` and `luoshi export|import reports` (the monthly workbook):
// round trips, --dry-run, --mode, --as USER (role and scope), bad arguments.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbQuery, demoDb, run, tempDir } from '../api/harness.mjs';
import { csvObjects, toCsv } from '../api/sheet-util.mjs';

let dir, db;
const env = { LUOSHI_TODAY: '2018-12-05' }; // November 2018's window is open
const luoshi = (...args) => run(['--db', db, ...args], { env });
const auditRows = () => Number(dbQuery(db, 'SELECT count(*) FROM audit'));

before(() => {
	dir = tempDir('luoshi-cli-sheets');
	db = demoDb(dir, 'sheets.db');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('projects: exported and imported back unchanged, with nothing written', () => {
	const file = join(dir, 'projects.csv');
	const out = luoshi('export', 'projects', '-o', file);
	assert.equal(out.status, 0, out.stderr);
	const { rows } = csvObjects(readFileSync(file, 'utf8'));
	assert.ok(rows.length > 100);
	const before = auditRows();
	const r = luoshi('import', 'projects', file);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, new RegExp(`imported: ${rows.length} rows, 0 created, 0 updated, ${rows.length} unchanged, 0 bad`));
	assert.equal(auditRows(), before);
	const x = join(dir, 'projects.xlsx');
	assert.equal(luoshi('export', 'projects', '--format', 'xlsx', '-o', x, '--category', 'smart').status, 0);
	const rx = luoshi('import', 'projects', x, '--dry-run');
	assert.equal(rx.status, 0, rx.stderr);
	assert.match(rx.stdout, /^dry run: \d+ rows, 0 created, 0 updated, \d+ unchanged, 0 bad/);
});

test('projects --as an enterprise user: its own only; another enterprise\'s row is an error naming the row', () => {
	const mine = csvObjects(luoshi('export', 'projects', '--as', 'enterprise').stdout);
	const all = csvObjects(luoshi('export', 'projects').stdout);
	assert.ok(mine.rows.length > 0 && mine.rows.length < all.rows.length);
	const code = mine.rows[0].统一社会信用代码;
	assert.ok(mine.rows.every((r) => r.统一社会信用代码 === code));
	const theirs = all.rows.find((r) => r.统一社会信用代码 !== code);
	const file = join(dir, 'theirs.csv');
	writeFileSync(file, toCsv(all.head, [{ ...theirs, 编号: '', 项目名称: '命令行他人项目' }]));
	const r = luoshi('import', 'projects', file, '--as', 'enterprise', '--dry-run');
	assert.equal(r.status, 1);
	assert.match(r.stderr, /row 2, 统一社会信用代码/);
	const bad = luoshi('import', 'projects', file, '--as', 'nobody-here');
	assert.equal(bad.status, 1);
	assert.match(bad.stderr, /nobody-here/);
});

test('reports: the pre-filled workbook, filled, dry run, import, then the same file again changes nothing', () => {
	const wb = join(dir, 'wb.csv');
	const w = luoshi('export', 'reports', '--workbook', '--month', '2018-11', '--as', 'enterprise', '-o', wb);
	assert.equal(w.status, 0, w.stderr);
	const { head, rows } = csvObjects(readFileSync(wb, 'utf8'));
	assert.ok(rows.length > 0);
	rows[0]['形象进度'] = '命令行填报：主体完工';
	rows[0]['本月完成投资（万元）'] = rows[0]['本月完成投资（万元）'] || '12.5';
	writeFileSync(wb, toCsv(head, rows));
	const before = auditRows();
	const dry = luoshi('import', 'reports', wb, '--dry-run', '--as', 'enterprise');
	assert.equal(dry.status, 0, dry.stderr);
	assert.match(dry.stdout, /^dry run: .* 0 bad/);
	assert.equal(auditRows(), before);
	const real = luoshi('import', 'reports', wb, '--as', 'enterprise');
	assert.equal(real.status, 0, real.stderr);
	assert.match(real.stdout, /(1 created, 0 updated|0 created, 1 updated)/);
	const after = auditRows();
	assert.equal(after, before + 2);
	const again = luoshi('import', 'reports', wb, '--mode', 'valid');
	assert.equal(again.status, 0, again.stderr);
	assert.match(again.stdout, /0 created, 0 updated, \d+ unchanged, 0 bad/);
	assert.equal(auditRows(), after);
	const xlsx = join(dir, 'wb.xlsx');
	assert.equal(luoshi('export', 'reports', '--workbook', '--month', '2018-11', '--format', 'xlsx', '-o', xlsx).status, 0);
	assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), 'PK');
	const exp = luoshi('export', 'reports', '--month', '2018-11');
	assert.equal(exp.status, 0, exp.stderr);
	assert.ok(csvObjects(exp.stdout).head.includes('占年度计划%'));
});

test('bad arguments', () => {
	assert.equal(luoshi('import', 'widgets', 'x.csv').status, 2);
	assert.equal(luoshi('export', 'reports').status, 2, 'reports need --month');
	assert.equal(luoshi('import', 'reports', 'x.csv', '--mode', 'some').status, 2);
	const notOpen = luoshi('export', 'reports', '--workbook', '--month', '2019-01');
	assert.equal(notOpen.status, 1);
	assert.match(notOpen.stderr, /2019-01/);
});
