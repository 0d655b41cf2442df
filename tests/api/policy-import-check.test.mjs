// Checking a policy before importing it (POST /policies/import?dry_run=1): a dry run of a right
// workbook or JSON document says what would be written and writes nothing (no policy, no audit
// row); a broken workbook or document has all its errors reported at once, each at its place
// (sheet, row and column; the place in the document), the reply's own error still the first;
// the list capped; who may check.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, startServer } from './harness.mjs';
import { XLSX, readXlsxBook, editedBook } from './sheet-util.mjs';

const SHEETS = ['政策', '正文', '措施', '目标', '任务'];
const JSON_TYPE = { 'Content-Type': 'application/json' };
let srv, c = {}, seed, book;

before(async () => {
	srv = await startServer();
	for (const r of ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'])
		c[r] = await srv.signIn(r);
	const list = assertOk(await c.officer.get('/api/v1/policies'));
	seed = assertOk(await c.officer.get(`/api/v1/policies/${list.items[0].id}`));
	book = readXlsxBook((await c.officer.get(`/api/v1/policies/${seed.id}/export`)).bytes);
});

after(async () => {
	await srv?.stop();
});

const edited = (change) => editedBook(book, SHEETS, change);
const col = (b, sheet, header) => b[sheet][0].indexOf(header);
const importBook = (client, buf, q = '') =>
	client.post(`/api/v1/policies/import${q}`, buf, { headers: { 'Content-Type': XLSX } });
const importDoc = (client, doc, q = '') =>
	client.post(`/api/v1/policies/import${q}`, Buffer.from(JSON.stringify(doc)), { headers: JSON_TYPE });

async function counts() {
	const audit = assertOk(await c.admin.get('/api/v1/audit?per_page=1'));
	return { policies: assertOk(await c.officer.get('/api/v1/policies')).items.length, audit: audit.total };
}

const goodDoc = (docNo) => ({
	doc_no: docNo, title: '预检政策', body: '第一段\n（一）措施一。内容',
	targets: [{ code: 'T1', name: '目标一', unit: 'count', target_value: 5, deadline: '2021-12-31', source: 'manual' }],
	measures: [{ code: 'M1', kind: 'main', title: '措施一', anchor: '（一）措施一。', targets: ['T1'] }],
	tasks: [{ measure: 'M1', title: '任务一', lead_department: 'jx', deadline: '2021-06-30' }],
});

describe('dry run', () => {
	test('a right workbook: what would be written, and nothing is (no policy, no audit row); then it imports', async () => {
		const before = await counts();
		const buf = edited((b) => { b['政策'][1][0] = '预检〔2026〕1号'; });
		const r = await importBook(c.officer, buf, '?dry_run=1');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.dry_run, true);
		assert.equal(r.json.format, 'xlsx');
		assert.deepEqual(r.json.errors, []);
		assert.equal(r.json.created, 1);
		assert.deepEqual(r.json.policy, { doc_no: '预检〔2026〕1号', title: seed.title, targets: 7, measures: 12, tasks: 18 });
		assert.deepEqual(await counts(), before);
		// The document number is still free: the real import goes through.
		const real = await importBook(c.officer, buf);
		assert.equal(real.status, 201, real.text);
		assert.equal((await counts()).policies, before.policies + 1);
	});

	test('a right JSON document: the same, in its own format', async () => {
		const before = await counts();
		const r = await importDoc(c.admin, goodDoc('预检〔2026〕2号'), '?dry_run=1');
		assert.equal(r.status, 200, r.text);
		assert.deepEqual([r.json.dry_run, r.json.format, r.json.errors, r.json.policy],
			[true, 'json', [], { doc_no: '预检〔2026〕2号', title: '预检政策', targets: 1, measures: 1, tasks: 1 }]);
		assert.deepEqual(await counts(), before);
		assert.equal((await importDoc(c.admin, goodDoc('预检〔2026〕2号'))).status, 201);
	});

	test('dry_run is 0 or 1', async () => {
		assertError(await importDoc(c.officer, goodDoc('x'), '?dry_run=yes'), 400);
	});
});

describe('every error at once', () => {
	// Five faults on four sheets: a document number taken, a number that is not one, an anchor
	// not in the text, a measure serving an unknown target, a task naming an unknown measure.
	const broken = () => edited((b) => {
		b['目标'][2][col(b, '目标', '基期值')] = '十二';
		b['措施'][2][col(b, '措施', '原文定位')] = '不在正文中的一句话';
		b['措施'][3][col(b, '措施', '服务目标')] = 'T1、T9';
		b['任务'][5][0] = 'M99';
	});
	const places = (errors) => errors.map((e) => [e.sheet, e.row, e.column, e.code]);
	const WANT = [
		['目标', 3, '基期值', 'type'],
		['政策', 2, '文号', 'duplicate'],
		['措施', 3, '原文定位', 'not_found'],
		['措施', 4, '服务目标', 'not_found'],
		['任务', 6, '所属措施', 'not_found'],
	];

	test('a broken workbook: all its errors with their places, nothing written; a dry run lists the same', async () => {
		const before = await counts();
		const r = await importBook(c.officer, broken());
		assertError(r, 422, 'import_rows');
		assert.deepEqual(places(r.json.report.errors), WANT);
		assert.match(r.json.error.message, /5/);
		for (const e of r.json.report.errors)
			assert.match(e.message, new RegExp(`^${e.sheet} 第${e.row}行 ${e.column}：`));
		assert.equal(r.json.report.errors[4].value, 'M99');
		assert.deepEqual(await counts(), before);

		const dry = await importBook(c.officer, broken(), '?dry_run=1');
		assert.equal(dry.status, 200, dry.text);
		assert.equal(dry.json.dry_run, true);
		assert.equal(dry.json.created, 0);
		assert.equal(dry.json.policy, undefined);
		assert.deepEqual(dry.json.errors, r.json.report.errors);
		assert.deepEqual(await counts(), before);

		// In English the places are said the same way.
		c.officer.lang = 'en';
		const en = await importBook(c.officer, broken(), '?dry_run=1');
		c.officer.lang = null;
		assert.deepEqual(places(en.json.errors), places(r.json.report.errors));
		assert.match(en.json.errors[2].message, /^sheet 措施, row 3, column 原文定位: /);
	});

	test('a measure whose target is itself wrong is not reported again', async () => {
		const r = await importBook(c.officer, edited((b) => {
			b['政策'][1][0] = '预检〔2026〕3号';
			const t2 = b['目标'][2];
			t2[col(b, '目标', '取值方式')] = '估计';
		}), '?dry_run=1');
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(places(r.json.errors), [['目标', 3, '取值方式', r.json.errors[0].code]]);
	});

	// Seven faults: the policy's title missing (its elements are checked all the same), a
	// baseline out of range, an unknown source, a target code twice, an anchor not in the
	// text, a measure serving an unknown target, tasks naming an unknown measure and department.
	const brokenDoc = (docNo) => {
		const d = goodDoc(docNo);
		delete d.title;
		d.targets.push({ code: 'T2', name: '二', unit: 'count', target_value: 5, baseline_value: -5, deadline: '2021-12-31', source: 'manual' },
			{ code: 'T3', name: '三', unit: 'count', target_value: 5, deadline: '2021-12-31', source: 'guess' },
			{ code: 'T1', name: '一again', unit: 'count', target_value: 5, deadline: '2021-12-31', source: 'manual' });
		d.measures.push({ code: 'M2', kind: 'main', title: '二', anchor: '没有这句' },
			{ code: 'M3', kind: 'main', title: '三', targets: ['T9'] },
			{ code: 'M4', kind: 'main', title: '四', targets: ['T2'] });
		d.tasks.push({ measure: 'M9', title: '二', lead_department: 'jx', deadline: '2021-06-30' },
			{ measure: 'M1', title: '三', lead_department: 'nope', deadline: '2021-06-30' });
		return d;
	};
	const FIELDS = ['title', 'targets[1].baseline_value', 'targets[2].source', 'targets[3].code',
		'measures[1].anchor', 'measures[2].targets', 'tasks[1].measure', 'tasks[2].lead_department'];

	test('a broken JSON document: its first error as before, and all of them in the report', async () => {
		const before = await counts();
		const doc = brokenDoc('预检〔2026〕4号');
		const r = await importDoc(c.officer, doc);
		// The reply's own error is the one a check stopping at the first gives (as POST /policies does).
		const first = await c.officer.post('/api/v1/policies', doc);
		assert.equal(r.status, first.status);
		assert.deepEqual(r.json.error, first.json.error);
		assert.equal(r.json.error.field, 'title');
		assert.equal(r.json.report.format, 'json');
		assert.deepEqual(r.json.report.errors.map((e) => e.field), FIELDS);
		assert.deepEqual(r.json.report.errors.map((e) => e.code),
			['required', 'range', 'not_in_list', 'duplicate', 'not_found', 'not_found', 'not_found', 'not_found']);
		assert.match(r.json.report.errors[1].message, /^targets\[1\]\.baseline_value（基期值）：/);
		assert.match(r.json.report.errors[6].message, /M9/);
		assert.deepEqual(await counts(), before);

		c.officer.lang = 'en';
		const dry = await importDoc(c.officer, doc, '?dry_run=1');
		c.officer.lang = null;
		assert.equal(dry.status, 200, dry.text);
		assert.deepEqual(dry.json.errors.map((e) => e.field), FIELDS);
		assert.match(dry.json.errors[1].message, /^targets\[1\]\.baseline_value \(baseline\): /);
		assert.deepEqual(await counts(), before);
	});

	test('a code given twice: the second is the error; what names the code is checked against the first', async () => {
		const d = goodDoc('预检〔2026〕7号');
		d.targets.push({ ...d.targets[0], name: '重复' });
		d.measures.push({ ...d.measures[0], title: '重复' });
		d.tasks.push({ ...d.tasks[0], title: '任务二', lead_department: 'nope' });
		const r = await importDoc(c.officer, d, '?dry_run=1');
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.errors.map((e) => [e.field, e.code]),
			[['targets[1].code', 'duplicate'], ['measures[1].code', 'duplicate'], ['tasks[1].lead_department', 'not_found']]);
	});

	test('at most 100 errors are listed, the rest counted', async () => {
		const d = goodDoc('预检〔2026〕5号');
		d.tasks = Array.from({ length: 150 }, (_, i) => ({ measure: 'M1', title: `任务${i}`, deadline: '2021-06-30' }));
		const r = await importDoc(c.officer, d, '?dry_run=1');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.errors.length, 100);
		assert.equal(r.json.errors_omitted, 50);
		assert.deepEqual(r.json.errors[99], { ...r.json.errors[99], field: 'tasks[99].lead_department', code: 'required' });
		const real = await importDoc(c.officer, d);
		assertError(real, 400, 'required', 'tasks[0].lead_department');
		assert.equal(real.json.report.errors_omitted, 50);
	});
});

describe('roles', () => {
	test('those who may import may check; the others may not, and the check writes nothing for them either', async () => {
		const before = await counts();
		const buf = edited((b) => { b['政策'][1][0] = '预检〔2026〕6号'; });
		for (const r of ['prefecture', 'department', 'enterprise', 'association', 'auditor']) {
			assertError(await importBook(c[r], buf, '?dry_run=1'), 403, 'forbidden');
			assertError(await importDoc(c[r], goodDoc('预检〔2026〕6号'), '?dry_run=1'), 403, 'forbidden');
		}
		for (const r of ['admin', 'officer']) {
			assert.equal((await importBook(c[r], buf, '?dry_run=1')).status, 200);
			assert.equal((await importDoc(c[r], goodDoc('预检〔2026〕6号'), '?dry_run=1')).status, 200);
		}
		assert.deepEqual(await counts(), before);
	});
});
