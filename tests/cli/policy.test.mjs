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
	// A dry run: the document already imported is reported (its number is taken), nothing written.
	const policies = count('SELECT count(*) FROM policies'), audit = count('SELECT count(*) FROM audit');
	const dry = luoshi('import', 'policy', doc, '--dry-run');
	assert.equal(dry.status, 1);
	assert.match(dry.stdout, /^dry run: 1 rows, 0 created, 0 updated, 0 unchanged, 1 bad/);
	assert.match(dry.stderr, /^doc_no（文号）：.*CLI-1/m);
	assert.equal(luoshi('import', 'policy', doc, '--mode', 'valid').status, 1, 'a policy is imported whole');
	assert.deepEqual([count('SELECT count(*) FROM policies'), count('SELECT count(*) FROM audit')], [policies, audit]);
	const t = join(dir, 't.xlsx');
	assert.equal(luoshi('export', 'policy', '--template', '-o', t).status, 0);
	assert.deepEqual(readXlsxBook(readFileSync(t))['任务'], [['所属措施', '任务', '任务内容', '牵头部门', '配合部门', '完成时限']]);
	assert.equal(luoshi('export', 'policy', '-o', t).status, 2, 'an id or --template is required');
	assert.equal(luoshi('export', 'policy', '1').status, 2, '-o is required');
	assert.equal(luoshi('export', 'policy', '1', '--format', 'csv', '-o', t).status, 2, 'a workbook only');
});

test('--dry-run checks a policy whole and writes nothing: what would be written, or every error', () => {
	const doc = join(dir, 'dry.json');
	const policies = count('SELECT count(*) FROM policies'), audit = count('SELECT count(*) FROM audit');
	const good = { doc_no: 'CLI-2', title: '预检', targets: [{ code: 'T1', name: '一', unit: 'count', target_value: 1, deadline: '2021-12-31', source: 'manual' }] };
	writeFileSync(doc, JSON.stringify(good));
	const ok = luoshi('import', 'policy', doc, '--dry-run', '--as', 'officer');
	assert.equal(ok.status, 0, ok.stderr);
	assert.match(ok.stdout, /^dry run: 1 rows, 1 created, 0 updated, 0 unchanged, 0 bad\npolicy CLI-2: 1 targets, 0 measures, 0 tasks/);
	// Three errors, each with its place in the document.
	writeFileSync(doc, JSON.stringify({ ...good, title: '', targets: [{ ...good.targets[0], target_value: -1 }],
		measures: [{ code: 'M1', kind: 'main', title: '一', targets: ['T9'] }] }));
	const bad = luoshi('import', 'policy', doc, '--dry-run');
	assert.equal(bad.status, 1);
	assert.match(bad.stdout, /^dry run: 1 rows, 0 created, 0 updated, 0 unchanged, 3 bad/);
	assert.deepEqual(bad.stderr.trim().split('\n').map((l) => l.split('（')[0]), ['title', 'targets[0].target_value', 'measures[0].targets']);
	// A department may not check one either.
	assert.notEqual(luoshi('import', 'policy', doc, '--dry-run', '--as', 'department').status, 0);
	assert.deepEqual([count('SELECT count(*) FROM policies'), count('SELECT count(*) FROM audit')], [policies, audit]);
});
