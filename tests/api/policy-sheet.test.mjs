// A policy as a workbook (docs/POLICY-FORMAT.md, XLSX form): the seed policy exported,
// imported back as a new policy with the same structure; a broken workbook (missing sheet,
// a bad number, an unknown measure) refused whole with errors naming sheet, row and column;
// the JSON document through the same route; who may import, export and download the template.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, startServer } from './harness.mjs';
import { XLSX, readXlsxBook, toXlsxBook, editedBook } from './sheet-util.mjs';

const SHEETS = ['政策', '正文', '措施', '目标', '任务'];
let srv, c = {}, seed, book;

before(async () => {
	srv = await startServer();
	for (const r of ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'])
		c[r] = await srv.signIn(r);
	const list = assertOk(await c.officer.get('/api/v1/policies'));
	seed = assertOk(await c.officer.get(`/api/v1/policies/${list.items[0].id}`));
	const r = await c.officer.get(`/api/v1/policies/${seed.id}/export`);
	assert.equal(r.status, 200, r.text);
	assert.ok(r.headers.get('content-type').startsWith(XLSX));
	book = readXlsxBook(r.bytes);
});

after(async () => {
	await srv?.stop();
});

const edited = (change) => editedBook(book, SHEETS, change);
const col = (b, sheet, header) => b[sheet][0].indexOf(header);
const importBook = (client, buf) => client.post('/api/v1/policies/import', buf, { headers: { 'Content-Type': XLSX } });

// A policy's structure without ids, dates, its document number and demo flag.
async function structure(client, id) {
	const p = assertOk(await client.get(`/api/v1/policies/${id}`));
	const tasks = assertOk(await client.get(`/api/v1/tasks?policy=${id}`)).items;
	const code = (tid) => p.targets.find((t) => t.id === tid).code;
	const strip = (o, keys) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
	return {
		policy: strip(p, ['id', 'doc_no', 'demo', 'created_at', 'updated_at', 'version', 'measures', 'targets']),
		targets: p.targets.map((t) => strip(t, ['id', 'policy_id', 'version'])),
		measures: p.measures.map((m) => ({ ...strip(m, ['id', 'policy_id', 'version', 'target_ids']), targets: m.target_ids.map(code).sort() })),
		tasks: tasks.map((t) => ({ measure: t.measure_code, title: t.title, body: t.body, lead: t.lead_department,
			supporting: t.supporting, deadline: t.deadline })).sort((a, b) => (a.title < b.title ? -1 : 1)),
	};
}

async function counts() {
	const audit = assertOk(await c.admin.get('/api/v1/audit?per_page=1'));
	return { policies: assertOk(await c.officer.get('/api/v1/policies')).items.length, audit: audit.total };
}

describe('export', () => {
	test('the seed policy as five sheets with Chinese headers', () => {
		assert.deepEqual(Object.keys(book), SHEETS);
		assert.deepEqual(book['政策'][0], ['文号', '标题', '发文机关', '发文日期', '起始年份', '截止年份', '状态']);
		assert.deepEqual(book['政策'][1].slice(0, 2), [seed.doc_no, seed.title]);
		assert.equal(book['政策'][1][6], '执行中');
		const lines = seed.body.split('\n');
		assert.equal(book['正文'].length, lines.length + 1, 'one row a paragraph');
		assert.deepEqual(book['正文'][0], ['段落', '正文', '定位于此的措施']);
		const m1 = seed.measures[0];
		assert.equal(book['正文'][m1.paragraph + 1][2], m1.code, 'the paragraph names the measure anchored there');
		assert.equal(book['措施'].length, 13);
		assert.equal(book['措施'][1][col(book, '措施', '原文定位')], '（一）发挥优势，加快技术创新。');
		const t1 = book['目标'].find((r) => r[0] === 'T1');
		const h = (name) => col(book, '目标', name);
		assert.equal(t1[h('单位')], '金额（万元）');
		assert.equal(t1[h('基期值')], '5628284.55352', '5,628,284,553,520 fen in 万元, exact (no trailing zero)');
		assert.equal(t1[h('目标值')], '10000000');
		assert.equal(t1[h('取值方式')], '由月度统计计算');
		assert.equal(t1[h('统计指标')], '营业收入');
		assert.equal(t1[h('仅规模以上企业')], '是');
		assert.equal(book['任务'].length, 19);
		assert.deepEqual(book['任务'][0], ['所属措施', '任务', '任务内容', '牵头部门', '配合部门', '完成时限']);
	});

	test('the template has the sheets and headers only', async () => {
		const r = await c.officer.get('/api/v1/policies/template');
		assert.equal(r.status, 200, r.text);
		const t = readXlsxBook(r.bytes);
		assert.deepEqual(Object.keys(t), SHEETS);
		for (const s of SHEETS) {
			assert.equal(t[s].length, 1, s);
			assert.deepEqual(t[s][0], book[s][0]);
		}
	});
});

describe('import', () => {
	test('the exported seed policy, under a new document number, becomes a policy of the same structure', async () => {
		const before = await counts();
		const r = await importBook(c.officer, edited((b) => { b['政策'][1][0] = '新政办发〔2026〕1号'; }));
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.doc_no, '新政办发〔2026〕1号');
		assert.equal(r.json.demo, false);
		assert.deepEqual(await structure(c.officer, r.json.id), await structure(c.officer, seed.id));
		const after = await counts();
		assert.equal(after.policies, before.policies + 1);
		// One audit row for the policy (action import), and one for each target, measure and task.
		assert.equal(after.audit - before.audit, 1 + 7 + 12 + 18);
		const audit = assertOk(await c.admin.get(`/api/v1/audit?entity=policy&entity_id=${r.json.id}`)).items;
		assert.ok(audit.some((a) => a.action === 'import' && a.user === 'officer'), JSON.stringify(audit));
	});

	test('the same workbook again: the document number is taken (政策 第2行 文号), nothing written', async () => {
		const before = await counts();
		const r = await importBook(c.officer, edited());
		assertError(r, 422, 'import_rows');
		const [e] = r.json.report.errors;
		assert.deepEqual([e.sheet, e.row, e.column, e.code], ['政策', 2, '文号', 'duplicate']);
		assert.match(e.message, /^政策 第2行 文号：/);
		assert.deepEqual(await counts(), before);
	});

	test('a missing sheet is named; nothing is written', async () => {
		const before = await counts();
		const b = Object.fromEntries(SHEETS.map((s) => [s, book[s]]));
		delete b['目标'];
		b['政策'] = [b['政策'][0], ['新政办发〔2026〕2号', ...b['政策'][1].slice(1)]];
		const r = await importBook(c.officer, toXlsxBook(Object.entries(b)));
		assertError(r, 422, 'import_rows');
		assert.deepEqual(r.json.report.errors.map((e) => [e.sheet, e.code]), [['目标', 'required']]);
		assert.match(r.json.report.errors[0].message, /^目标/);
		assert.deepEqual(await counts(), before);
	});

	test('a bad number names 目标, its row and 基期值; nothing is written', async () => {
		const before = await counts();
		const r = await importBook(c.officer, edited((b) => {
			b['政策'][1][0] = '新政办发〔2026〕3号';
			b['目标'][2][col(b, '目标', '基期值')] = '十二';
		}));
		assertError(r, 422, 'import_rows');
		const [e] = r.json.report.errors;
		assert.deepEqual([e.sheet, e.row, e.column, e.value], ['目标', 3, '基期值', '十二']);
		assert.match(e.message, /^目标 第3行 基期值：/);
		assert.deepEqual(await counts(), before);
		// In English the place is said the same way.
		c.officer.lang = 'en';
		const en = await importBook(c.officer, edited((b) => {
			b['政策'][1][0] = '新政办发〔2026〕3号';
			b['目标'][2][col(b, '目标', '基期年份')] = '2016年';
		}));
		c.officer.lang = null;
		assertError(en, 422, 'import_rows');
		assert.equal(en.json.report.errors[0].column, '基期年份');
		assert.match(en.json.report.errors[0].message, /^sheet 目标, row 3/);
	});

	test('a task naming an unknown measure names 任务, its row and 所属措施 (through the JSON checks); nothing is written', async () => {
		const before = await counts();
		const r = await importBook(c.officer, edited((b) => {
			b['政策'][1][0] = '新政办发〔2026〕4号';
			b['任务'][5][0] = 'M99';
		}));
		assertError(r, 422, 'import_rows');
		const [e] = r.json.report.errors;
		assert.deepEqual([e.sheet, e.row, e.column, e.value, e.code, e.field], ['任务', 6, '所属措施', 'M99', 'not_found', 'tasks[4].measure']);
		assert.match(e.message, /^任务 第6行 所属措施：.*M99/);
		assert.deepEqual(await counts(), before);
	});

	test('a measure serving an unknown target, and an anchor not in the text, are placed on 措施', async () => {
		let r = await importBook(c.officer, edited((b) => {
			b['政策'][1][0] = '新政办发〔2026〕5号';
			b['措施'][3][col(b, '措施', '服务目标')] = 'T1、T9';
		}));
		assertError(r, 422, 'import_rows');
		assert.deepEqual(['措施', 4, '服务目标', 'not_found'], ['sheet', 'row', 'column', 'code'].map((k) => r.json.report.errors[0][k]));
		r = await importBook(c.officer, edited((b) => {
			b['政策'][1][0] = '新政办发〔2026〕5号';
			b['措施'][2][col(b, '措施', '原文定位')] = '不在正文中的一句话';
		}));
		assertError(r, 422, 'import_rows');
		assert.deepEqual(['措施', 3, '原文定位', 'not_found'], ['sheet', 'row', 'column', 'code'].map((k) => r.json.report.errors[0][k]));
	});

	test('not a workbook nor JSON: refused', async () => {
		assertError(await c.officer.post('/api/v1/policies/import', Buffer.from('PK\x03\x04garbage'), { headers: { 'Content-Type': XLSX } }), 422, 'unprocessable');
		assertError(await c.officer.post('/api/v1/policies/import', Buffer.from('{"doc_no": '), { headers: { 'Content-Type': 'application/json' } }), 422, 'unprocessable');
	});

	test('the JSON document goes through the same route', async () => {
		const doc = { doc_no: '新政办发〔2026〕9号', title: '测试政策', body: '  第一段 \n\n（一）措施一。内容', targets: [{ code: 'T1', name: '目标一', unit: 'count', target_value: 5, deadline: '2021-12-31', source: 'manual' }],
			measures: [{ code: 'M1', kind: 'main', title: '措施一', anchor: '（一）措施一。', targets: ['T1'] }],
			tasks: [{ measure: 'M1', title: '任务一', lead_department: 'jx', deadline: '2021-06-30' }] };
		const r = await c.admin.post('/api/v1/policies/import', Buffer.from(JSON.stringify(doc)), { headers: { 'Content-Type': 'application/json' } });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.measures[0].paragraph, 2);
		// ... and exports to a workbook that imports back.
		const x = readXlsxBook((await c.admin.get(`/api/v1/policies/${r.json.id}/export`)).bytes);
		x['政策'][1][0] = '新政办发〔2026〕10号';
		const back = await importBook(c.admin, toXlsxBook(Object.entries(x)));
		assert.equal(back.status, 201, back.text);
		assert.deepEqual(await structure(c.admin, back.json.id), await structure(c.admin, r.json.id));
		const text = assertOk(await c.admin.get(`/api/v1/policies/${r.json.id}`)).body;
		assert.equal(text, '第一段 \n\n（一）措施一。内容', 'the JSON check trims the text\'s ends only');
		assert.equal(assertOk(await c.admin.get(`/api/v1/policies/${back.json.id}`)).body, text, 'the text as stored, spaces and empty lines too');
	});
});

describe('roles', () => {
	test('only those who may enter a policy as JSON may import a workbook; exports for those who see every task', async () => {
		const buf = edited((b) => { b['政策'][1][0] = '新政办发〔2026〕20号'; });
		for (const r of ['prefecture', 'department', 'enterprise', 'association', 'auditor']) {
			assertError(await c[r].post('/api/v1/policies', { doc_no: 'x', title: 'x' }), 403, 'forbidden');
			assertError(await importBook(c[r], buf), 403, 'forbidden');
			assertError(await c[r].get('/api/v1/policies/template'), 403, 'forbidden');
		}
		for (const r of ['prefecture', 'department', 'enterprise', 'association'])
			assertError(await c[r].get(`/api/v1/policies/${seed.id}/export`), 403, 'forbidden');
		assert.equal((await c.auditor.get(`/api/v1/policies/${seed.id}/export`)).status, 200);
		assertError(await c.officer.get('/api/v1/policies/999999/export'), 404, 'not_found');
		assert.equal((await importBook(c.admin, buf)).status, 201);
	});
});
