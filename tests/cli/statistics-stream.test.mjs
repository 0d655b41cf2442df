// `luoshi import statistics` of a monthly CSV file reads it a batch at a time (sheet.h,
// SHEET_BATCH_ROWS): a GBK file of 10,800 rows — characters split across read blocks, rows
// across batches — imports whole, a bad row deep in the file is reported with its own row
// number and, all or nothing, nothing is written; the valid rows then go in, and the summaries
// agree with the rows. Rows in random order, over two files that overlap, leave the summaries
// agreeing too (the import's fast path sums new rows in memory, pairs a year apart in any order).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbQuery, demoDb, run, tempDir } from '../api/harness.mjs';
import { toCsv } from '../api/sheet-util.mjs';

let dir, db, file, bad;
const env = { LUOSHI_TODAY: '2021-01-10' }; // December 2020 open, everything before closed
const luoshi = (...args) => run(['--db', db, ...args], { env });
const count = (where = '1 = 1') => Number(dbQuery(db, `SELECT count(*) FROM statistics WHERE ${where}`));

before(() => {
	dir = tempDir('luoshi-cli-stream');
	db = demoDb(dir, 'stream.db');
	// The first 60 enterprises not archived, 2000-01..2014-12 (before the demo's months): 180 months
	// each, 10,800 rows.
	const ents = dbQuery(db, 'SELECT credit_code, name FROM enterprises WHERE archived = 0 ORDER BY id LIMIT 60')
		.split('\n').map((l) => l.split('|'));
	const head = ['统一社会信用代码', '企业名称', '月份', '工业总产值（万元）', '营业收入（万元）', '利润总额（万元）',
		'出口交货值（万元）', '研发经费支出（万元）', '期末从业人数'];
	const rows = [];
	for (const [code, name] of ents)
		for (let j = 0; j < 180; j++) {
			const month = `${2000 + Math.floor(j / 12)}-${String(j % 12 + 1).padStart(2, '0')}`;
			rows.push({ 统一社会信用代码: code, 企业名称: `${name}（机械制造）`, 月份: month, '工业总产值（万元）': String(100 + j),
				'营业收入（万元）': `${95 + j}.25`, '利润总额（万元）': j % 7 ? '3.5' : '-1.25', '出口交货值（万元）': '',
				'研发经费支出（万元）': '1', 期末从业人数: '50' });
		}
	bad = rows.length - 400; // a row in the last batch: its number on the sheet is its index + 2
	rows[bad]['营业收入（万元）'] = '十万';
	const gbk = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(toCsv(head, rows), 'utf8') });
	assert.equal(gbk.status, 0);
	assert.ok(gbk.stdout.length > 3 * 65536, 'several read blocks');
	file = join(dir, 'big.csv');
	writeFileSync(file, gbk.stdout);
	assert.ok(rows.length > 2 * 5000, 'several batches');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('a bad row deep in a streamed file: its row number, and nothing written', () => {
	const before = count();
	const r = luoshi('import', 'statistics', file);
	assert.equal(r.status, 1);
	assert.match(r.stdout, /imported: \d+ rows, 0 created, 0 updated, 0 unchanged, 1 bad/);
	assert.match(r.stderr, new RegExp(`row ${bad + 2}`));
	assert.match(r.stderr, /营业收入/);
	assert.equal(count(), before);
});

test('the valid rows go in, decoded right, and the summaries agree', () => {
	const before = count();
	const r = luoshi('import', 'statistics', file, '--mode', 'valid');
	assert.equal(r.status, 1, 'one row is still bad');
	const m = r.stdout.match(/imported: (\d+) rows, (\d+) created, 0 updated, 0 unchanged, 1 bad/);
	assert.ok(m, r.stdout + r.stderr);
	assert.equal(Number(m[2]), Number(m[1]) - 1);
	assert.equal(count(), before + Number(m[2]));
	assert.equal(count("month < '2015-01'"), Number(m[2]));
	assert.equal(dbQuery(db, "SELECT sum(revenue_fen) % 1000000 FROM statistics WHERE month < '2015-01'"),
		String((Number(m[2]) * 250000) % 1000000));
	const c = luoshi('summaries', 'check');
	assert.equal(c.status, 0, c.stdout + c.stderr);
	// Importing the same file again changes nothing.
	const again = luoshi('import', 'statistics', file, '--mode', 'valid');
	assert.match(again.stdout, new RegExp(`0 created, 0 updated, ${m[2]} unchanged, 1 bad`));
});

test('rows in random order over several batches, half of them in two files: the summaries agree', () => {
	// 100 enterprises × 1990-01..1999-12, shuffled (a seeded generator): pairs a year apart arrive
	// in either order, in different batches, some against months stored by the first file.
	const ents = dbQuery(db, 'SELECT credit_code FROM enterprises WHERE archived = 0 ORDER BY id LIMIT 100')
		.split('\n').filter(Boolean);
	const head = ['统一社会信用代码', '月份', '工业总产值（万元）', '营业收入（万元）', '利润总额（万元）', '出口交货值（万元）',
		'研发经费支出（万元）', '期末从业人数'];
	const rows = [];
	for (const [i, code] of ents.entries())
		for (let j = 0; j < 120; j++)
			rows.push({ 统一社会信用代码: code, 月份: `${1990 + Math.floor(j / 12)}-${String(j % 12 + 1).padStart(2, '0')}`,
				'工业总产值（万元）': String(10 + i + j), '营业收入（万元）': `${9 + j}.5`, '利润总额（万元）': j % 5 ? '0.5' : '-0.25',
				'出口交货值（万元）': '0', '研发经费支出（万元）': '', 期末从业人数: String(20 + i) });
	let s = 19901999;
	const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
	for (let i = rows.length - 1; i > 0; i--) {
		const k = Math.floor(rnd() * (i + 1));
		[rows[i], rows[k]] = [rows[k], rows[i]];
	}
	const cut = Math.floor(rows.length * 0.6), overlap = Math.floor(rows.length * 0.2);
	assert.ok(cut > 5000 && rows.length - cut + overlap > 5000, 'each file over a batch');
	const first = join(dir, 'shuffled-1.csv'), second = join(dir, 'shuffled-2.csv');
	writeFileSync(first, toCsv(head, rows.slice(0, cut)));
	writeFileSync(second, toCsv(head, rows.slice(cut - overlap)));
	const before = count();
	const a = luoshi('import', 'statistics', first);
	assert.equal(a.status, 0, a.stdout + a.stderr);
	assert.match(a.stdout, new RegExp(`${cut} created`));
	const b = luoshi('import', 'statistics', second);
	assert.equal(b.status, 0, b.stdout + b.stderr);
	assert.match(b.stdout, new RegExp(`${rows.length - cut} created, 0 updated, ${overlap} unchanged, 0 bad`));
	assert.equal(count(), before + rows.length);
	const c = luoshi('summaries', 'check');
	assert.equal(c.status, 0, c.stdout + c.stderr);
	assert.match(c.stdout, /\(0 differences\)/);
});
