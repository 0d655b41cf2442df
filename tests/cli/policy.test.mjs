// `luoshi export|import policy`: the seed policy as a workbook, imported back under a new
// document number; a broken workbook refused with the sheet, row and column; the JSON document.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbQuery, demoDb, run, tempDir } from '../api/harness.mjs';
import { readXlsxBook, toXlsxBook } from '../api/sheet-util.mjs';

let dir, db;
const luoshi = (...args) => run(['--db', db, ...args]);
const count = (sql) => Number(dbQuery(db, sql));

before(() => {
	dir = tempDir('luoshi-cli-policy');
	db = demoDb(dir, 'policy.db');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the seed policy exports to a workbook that imports back as a new policy', () => {
	const id = count('SELECT min(id) FROM policies');
	const file = join(dir, 'seed.xlsx');
	const out = luoshi('export', 'policy', String(id), '-o', file);
	assert.equal(out.status, 0, out.stderr);
	const book = readXlsxBook(readFileSync(file));
	assert.deepEqual(Object.keys(book), ['政策', '正文', '措施', '目标', '任务']);
	book['政策'][1][0] = '新政办发〔2026〕7号';
	const copy = join(dir, 'copy.xlsx');
	writeFileSync(copy, toXlsxBook(Object.entries(book)));
	const r = luoshi('import', 'policy', copy, '--as', 'officer');
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /imported: 1 rows, 1 created, 0 updated, 0 unchanged, 0 bad\npolicy \d+ 新政办发〔2026〕7号: 7 targets, 12 measures/);
	const nid = count("SELECT id FROM policies WHERE doc_no = '新政办发〔2026〕7号'");
	assert.equal(count(`SELECT count(*) FROM tasks k JOIN policy_measures m ON m.id = k.measure_id WHERE m.policy_id = ${nid}`), 18);
	assert.equal(count(`SELECT count(*) FROM audit WHERE entity = 'policy' AND action = 'import' AND entity_id = '${nid}'`), 1);

	// A bad number: refused with its place, nothing written.
	book['政策'][1][0] = '新政办发〔2026〕8号';
	book['目标'][2][book['目标'][0].indexOf('目标值')] = 'x';
	writeFileSync(copy, toXlsxBook(Object.entries(book)));
	const policies = count('SELECT count(*) FROM policies');
	const bad = luoshi('import', 'policy', copy);
	assert.notEqual(bad.status, 0);
	assert.match(bad.stderr, /目标 第3行 目标值：/);
	assert.equal(count('SELECT count(*) FROM policies'), policies);

	// A department may not import a policy.
	const dep = luoshi('import', 'policy', file, '--as', 'department');
	assert.notEqual(dep.status, 0);
	assert.equal(count('SELECT count(*) FROM policies'), policies);
});

test('the JSON document and the template', () => {
	const doc = join(dir, 'p.json');
	writeFileSync(doc, JSON.stringify({ doc_no: 'CLI-1', title: '命令行政策', targets: [{ code: 'T1', name: '一', unit: 'count', target_value: 1, deadline: '2021-12-31', source: 'manual' }] }));
	const r = luoshi('import', 'policy', doc);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /policy \d+ CLI-1: 1 targets, 0 measures/);
	const dry = luoshi('import', 'policy', doc, '--dry-run');
	assert.notEqual(dry.status, 0);
	assert.match(dry.stderr, /imported whole/);
	const t = join(dir, 't.xlsx');
	assert.equal(luoshi('export', 'policy', '--template', '-o', t).status, 0);
	assert.deepEqual(readXlsxBook(readFileSync(t))['任务'], [['所属措施', '任务', '任务内容', '牵头部门', '配合部门', '完成时限']]);
	assert.equal(luoshi('export', 'policy', '-o', t).status, 2, 'an id or --template is required');
	assert.equal(luoshi('export', 'policy', '1').status, 2, '-o is required');
	assert.equal(luoshi('export', 'policy', '1', '--format', 'csv', '-o', t).status, 2, 'a workbook only');
});
