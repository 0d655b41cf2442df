// `luoshi export enterprises` and `luoshi import enterprises`: round trips in CSV
// and XLSX, --dry-run, bad rows, filters.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { creditCode, dbQuery, dbSql, demoDb, run, tempDir, withBadCheck } from '../api/harness.mjs';

let dir, db;

before(() => {
	dir = tempDir('luoshi-cli-io');
	db = demoDb(dir, 'io.db');
});

after(() => {
	rmSync(dir, { recursive: true, force: true });
});

const snapshot = () => dbSql(db, 'SELECT * FROM enterprises ORDER BY id; SELECT * FROM enterprise_fields ORDER BY 1, 2; SELECT count(*) FROM audit;');
/* The enterprises an export writes (the demo's, none archived, until a test adds some). */
const listed = () => Number(dbQuery(db, 'SELECT count(*) FROM enterprises WHERE archived=0;'));
const HEAD = '统一社会信用代码,企业名称,所属区划代码,行业类别代码,重点领域,从业人员\r\n';

test('CSV: export to stdout and to a file, import back unchanged', () => {
	const out = run(['--db', db, 'export', 'enterprises']);
	assert.equal(out.status, 0, out.stderr);
	const lines = out.stdout.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
	assert.match(lines[0], /^统一社会信用代码,企业名称,/);
	const n = listed();
	assert.equal(lines.length, n + 1, 'a header and a line an enterprise');
	const file = join(dir, 'all.csv');
	assert.equal(run(['--db', db, 'export', 'enterprises', '--format', 'csv', '-o', file]).status, 0);
	assert.equal(readFileSync(file, 'utf8'), out.stdout);
	const before = snapshot();
	const r = run(['--db', db, 'import', 'enterprises', file]);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, new RegExp(`${n} rows, 0 created, 0 updated, ${n} unchanged, 0 bad`));
	assert.equal(snapshot().replace(/\d+\n$/, ''), before.replace(/\d+\n$/, ''), 'no record changed');
});

test('XLSX: export needs -o; the file imports back unchanged', () => {
	const no = run(['--db', db, 'export', 'enterprises', '--format', 'xlsx']);
	assert.equal(no.status, 2);
	assert.match(no.stderr, /-o/);
	const file = join(dir, 'all.xlsx');
	assert.equal(run(['--db', db, 'export', 'enterprises', '--format', 'xlsx', '-o', file]).status, 0);
	assert.equal(readFileSync(file).subarray(0, 2).toString(), 'PK');
	const r = run(['--db', db, 'import', 'enterprises', file]);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, new RegExp(`0 created, 0 updated, ${listed()} unchanged`));
});

test('an XLSX export restores records changed since', () => {
	const file = join(dir, 'restore.xlsx');
	assert.equal(run(['--db', db, 'export', 'enterprises', '--format', 'xlsx', '-o', file]).status, 0);
	// Change two records behind the application's back (their audit is not the point here).
	dbSql(db, "UPDATE enterprises SET phone='0000', version=version+1 WHERE id IN (1, 2);");
	const r = run(['--db', db, 'import', 'enterprises', file]);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, new RegExp(`0 created, 2 updated, ${listed() - 2} unchanged`));
	assert.equal(dbQuery(db, "SELECT count(*) FROM enterprises WHERE phone='0000';"), '0');
});

test('--dry-run reports and writes nothing; the real run writes', () => {
	const file = join(dir, 'new.csv');
	writeFileSync(file, HEAD + `${creditCode(1)},命令行导入一号有限公司,650102,3821,输变电装备,10\r\n` +
		`${creditCode(2, { division: '652301' })},命令行导入二号有限公司,652301,3571,农牧业机械装备,20\r\n`);
	const before = snapshot();
	const d = run(['--db', db, 'import', 'enterprises', file, '--dry-run']);
	assert.equal(d.status, 0, d.stderr);
	assert.match(d.stdout, /^dry run: 2 rows, 2 created, 0 updated, 0 unchanged, 0 bad/);
	assert.equal(snapshot(), before);
	const r = run(['--db', db, 'import', 'enterprises', file]);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /^imported: 2 rows, 2 created/);
	assert.equal(dbQuery(db, `SELECT name FROM enterprises WHERE credit_code='${creditCode(1)}';`), '命令行导入一号有限公司');
	const again = run(['--db', db, 'import', 'enterprises', file]);
	assert.match(again.stdout, /0 created, 0 updated, 2 unchanged/);
	assert.equal(run(['--db', db, 'audit', 'verify']).status, 0);
});

test('bad rows: each is reported on stderr, exit non-zero, nothing written', () => {
	const file = join(dir, 'bad.csv');
	writeFileSync(file, HEAD + `${creditCode(3)},好的一行有限公司,650102,3821,,1\r\n` +
		`${withBadCheck(creditCode(4))},校验位错误有限公司,650102,3821,,1\r\n` +
		`${creditCode(5)},区划错误有限公司,659999,3821,,1\r\n` +
		`${creditCode(6)},人数错误有限公司,650102,3821,,很多\r\n`);
	const before = snapshot();
	for (const args of [[], ['--dry-run']]) {
		const r = run(['--db', db, 'import', 'enterprises', file, ...args]);
		assert.notEqual(r.status, 0, args.join(' '));
		assert.match(r.stderr, /row 3, 统一社会信用代码 "[0-9A-Z]{18}": .+/);
		assert.match(r.stderr, /row 4, 所属区划代码 "659999": .+/);
		assert.match(r.stderr, /row 5, 从业人员 "很多": .+/);
		assert.doesNotMatch(r.stderr, /row 2,/);
		assert.equal(snapshot(), before, `nothing written ${args.join(' ')}`);
	}
	// --valid-only writes the good row.
	const v = run(['--db', db, 'import', 'enterprises', file, '--valid-only']);
	assert.match(v.stdout, /1 created/);
	assert.equal(dbQuery(db, `SELECT count(*) FROM enterprises WHERE credit_code='${creditCode(3)}';`), '1');
});

test('GBK input from the command line', () => {
	const csv = HEAD + `${creditCode(7)},新疆准噶尔输变电有限公司,650102,3821,输变电装备,5\r\n`;
	const file = join(dir, 'gbk.csv');
	writeFileSync(file, iconvGb18030(csv));
	const r = run(['--db', db, 'import', 'enterprises', file]);
	assert.equal(r.status, 0, r.stderr);
	assert.equal(dbQuery(db, `SELECT name FROM enterprises WHERE credit_code='${creditCode(7)}';`), '新疆准噶尔输变电有限公司');
});

test('export filters and --template', () => {
	const r = run(['--db', db, 'export', 'enterprises', '--division', '652300']);
	const rows = r.stdout.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);
	assert.ok(rows.length > 0);
	assert.equal(rows.length, Number(dbQuery(db, "SELECT count(*) FROM enterprises WHERE division LIKE '6523%' AND archived=0;")));
	const t = run(['--db', db, 'export', 'enterprises', '--template']);
	assert.equal(t.stdout.replace(/^\uFEFF/, '').trim().split(/\r?\n/).length, 1);
	const missing = run(['--db', db, 'import', 'enterprises', join(dir, 'does-not-exist.csv')]);
	assert.equal(missing.status, 1);
	assert.match(missing.stderr, /does-not-exist\.csv/);
});

function iconvGb18030(text) {
	const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text) });
	assert.equal(r.status, 0);
	return r.stdout;
}
