// Key projects as spreadsheets: template, export honouring filters and scope, import of new
// drafts and changes through the project rules, dry runs, row errors, modes, round trips.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { assertError, assertOk, startServer } from './harness.mjs';
import { XLSX, csvObjects, toCsv, toXlsx } from './sheet-util.mjs';

let srv, c = {}, ownCode, otherCode;

const HEAD = ['编号', '统一社会信用代码', '项目单位', '项目名称', '建设地点', '所属基地', '项目类别', '重点领域', '对应目标', '对应措施', '建设内容',
	'总投资（万元）', '资金来源-企业自筹（万元）', '资金来源-银行贷款（万元）', '资金来源-国家技术改造资金（万元）', '资金来源-专项建设基金（万元）',
	'资金来源-先进制造产业投资基金（万元）', '资金来源-自治区专项资金（万元）', '资金来源-其他（万元）', '分年度投资计划（万元）', '开工日期', '计划竣工日期',
	'里程碑（名称:计划日期）', '预计新增产值（万元）', '预计新增营业收入（万元）', '预计新增就业', '列入国家项目或试点', '联系人', '联系电话', '状态'];

/* A filled row as a person types it. */
function row(name, extra = {}) {
	return {
		统一社会信用代码: ownCode, 项目名称: name, 建设地点: '米东区', 项目类别: '技术改造', 重点领域: '输变电装备', 对应目标: 'T4', 对应措施: 'M2',
		'总投资（万元）': '200', '资金来源-企业自筹（万元）': '150.5', '资金来源-银行贷款（万元）': '49.5',
		'分年度投资计划（万元）': '2018:120;2019:80', 开工日期: '2018/3/1', 计划竣工日期: '2019年12月31日',
		'里程碑（名称:计划日期）': '设备进场:2018-09-30；投产:2019/12/1', 列入国家项目或试点: '是', 联系人: '王工', ...extra,
	};
}

async function importFile(client, file, { dry = false, mode, type = 'text/csv', lang } = {}) {
	const q = [dry ? 'dry_run=1' : '', mode ? `mode=${mode}` : ''].filter(Boolean).join('&');
	const headers = { 'Content-Type': type };
	if (lang)
		headers['Accept-Language'] = lang;
	return client.post('/api/v1/projects/import' + (q ? '?' + q : ''), Buffer.from(file), { headers });
}

const auditTotal = async () => assertOk(await c.officer.get('/api/v1/audit?per_page=1')).total;
const byName = async (name) => assertOk(await c.officer.get(`/api/v1/projects?q=${encodeURIComponent(name)}&per_page=50`)).items;
const exportCsv = async (client, query = '') => {
	const r = await client.get(`/api/v1/projects/export?format=csv${query}`);
	assert.equal(r.status, 200, r.text.slice(0, 300));
	return csvObjects(r.text);
};

before(async () => {
	srv = await startServer();
	for (const r of ['officer', 'enterprise', 'prefecture', 'auditor'])
		c[r] = await srv.signIn(r);
	const own = assertOk(await c.officer.get(`/api/v1/enterprises/${c.enterprise.user.enterprise_id}`));
	ownCode = own.credit_code;
	otherCode = assertOk(await c.officer.get('/api/v1/enterprises?per_page=50')).items.find((e) => e.id !== own.id).credit_code;
});

after(() => srv?.stop());

describe('template and export', () => {
	test('the template: the Chinese headers; the XLSX one imports as zero rows', async () => {
		const r = await c.officer.get('/api/v1/projects/template?format=csv');
		assert.equal(r.status, 200);
		assert.match(decodeURIComponent(r.headers.get('content-disposition')), /模板/);
		const { head, rows } = csvObjects(r.text);
		assert.deepEqual(head, HEAD);
		assert.equal(rows.length, 0);
		const x = await c.auditor.get('/api/v1/projects/template?format=xlsx');
		assert.equal(x.headers.get('content-type'), XLSX);
		const rep = assertOk(await importFile(c.officer, x.bytes, { dry: true, type: XLSX }));
		assert.deepEqual([rep.format, rep.total_rows, rep.errors.length], ['xlsx', 0, 0]);
		assertError(await c.officer.get('/api/v1/projects/template?format=pdf'), 400, 'not_in_list', 'format');
	});

	test('export honours the list\'s filters and the user\'s scope', async () => {
		const smart = await exportCsv(c.officer, '&category=smart');
		const listed = assertOk(await c.officer.get('/api/v1/projects?category=smart&per_page=200'));
		assert.equal(smart.rows.length, listed.total);
		assert.ok(smart.rows.every((r) => r.项目类别 === '智能制造'));
		const mine = await exportCsv(c.enterprise);
		const own = assertOk(await c.enterprise.get('/api/v1/projects?per_page=200'));
		assert.equal(mine.rows.length, own.total);
		assert.ok(mine.rows.every((r) => r.统一社会信用代码 === ownCode));
	});

	test('the whole list exported and imported back is unchanged (CSV and XLSX), with no audit row', async () => {
		const r = await c.officer.get('/api/v1/projects/export?format=csv');
		const audit0 = await auditTotal();
		const rep = assertOk(await importFile(c.officer, r.bytes));
		assert.deepEqual(rep.errors, []);
		assert.ok(rep.total_rows > 100, `${rep.total_rows} rows`);
		assert.equal(rep.unchanged, rep.total_rows);
		const x = await c.officer.get('/api/v1/projects/export?format=xlsx');
		const rx = assertOk(await importFile(c.officer, x.bytes, { type: XLSX }));
		assert.equal(rx.unchanged, rx.total_rows);
		assert.equal(await auditTotal(), audit0, 'nothing written, not even the import\'s audit row');
	});
});

describe('import', () => {
	test('template filled → dry run writes nothing → import creates drafts (rows without 编号 are new drafts)', async () => {
		const file = toCsv(HEAD, [row('表格导入项目甲'), row('表格导入项目乙', { '资金来源-企业自筹（万元）': '200', '资金来源-银行贷款（万元）': '', 所属基地: '' })]);
		const audit0 = await auditTotal();
		const dry = assertOk(await importFile(c.officer, file, { dry: true }));
		assert.deepEqual([dry.created, dry.errors.length], [2, 0], JSON.stringify(dry.errors));
		assert.equal(await auditTotal(), audit0);
		assert.deepEqual(await byName('表格导入项目'), []);
		const real = assertOk(await importFile(c.officer, file));
		assert.equal(real.created, 2);
		assert.equal(await auditTotal(), audit0 + 3, 'one audit row per project and one for the import');
		const [p] = await byName('表格导入项目甲');
		const full = assertOk(await c.officer.get(`/api/v1/projects/${p.id}`));
		assert.equal(full.status, 'draft');
		assert.equal(full.division, '650109');
		assert.equal(full.category, 'techreform');
		assert.equal(full.field, 'power');
		assert.equal(full.total_fen, 200000000); // 万元 = 1,000,000 fen
		assert.deepEqual(full.funding, [{ source: 'bank', amount_fen: 49500000 }, { source: 'own', amount_fen: 150500000 }]);
		assert.deepEqual(full.plan, [{ year: 2018, amount_fen: 120000000 }, { year: 2019, amount_fen: 80000000 }]);
		assert.equal(full.start_date, '2018-03-01');
		assert.equal(full.end_date, '2019-12-31');
		assert.deepEqual(full.milestones.map((m) => [m.name, m.planned_date, m.actual_date]),
			[['设备进场', '2018-09-30', null], ['投产', '2019-12-01', null]]);
		assert.equal(full.national, true);
		assert.deepEqual(full.events.map((e) => e.action), ['create']);
	});

	test('rows with 编号 change drafts; exported and imported back they are unchanged; a submitted project is a row error', async () => {
		const [p] = await byName('表格导入项目甲');
		const exp = await exportCsv(c.officer, `&q=${encodeURIComponent('表格导入项目甲')}`);
		assert.equal(exp.rows.length, 1);
		assert.equal(exp.rows[0].编号, String(p.id));
		assert.equal(exp.rows[0]['里程碑（名称:计划日期）'], '设备进场:2018-09-30;投产:2019-12-01');
		assert.equal(exp.rows[0]['分年度投资计划（万元）'], '2018:120;2019:80');
		const audit0 = await auditTotal();
		const same = assertOk(await importFile(c.officer, toCsv(exp.head, exp.rows)));
		assert.deepEqual([same.created, same.updated, same.unchanged], [0, 0, 1]);
		assert.equal(await auditTotal(), audit0);
		const before = assertOk(await c.officer.get(`/api/v1/projects/${p.id}`));
		exp.rows[0].建设内容 = '新建生产线两条';
		exp.rows[0]['里程碑（名称:计划日期）'] = '设备进场:2018-10-31;投产:2019-12-01';
		const upd = assertOk(await importFile(c.officer, toCsv(exp.head, exp.rows)));
		assert.equal(upd.updated, 1);
		const afterUpd = assertOk(await c.officer.get(`/api/v1/projects/${p.id}`));
		assert.equal(afterUpd.content, '新建生产线两条');
		assert.equal(afterUpd.version, before.version + 1);
		assert.deepEqual(afterUpd.milestones.map((m) => m.id), before.milestones.map((m) => m.id), 'milestones keep their ids by name');
		assert.equal(afterUpd.milestones[0].planned_date, '2018-10-31');
		// Submitted: no longer editable.
		assertOk(await c.officer.post(`/api/v1/projects/${p.id}/transitions`, { action: 'submit' }));
		exp.rows[0].建设内容 = '再改一次';
		const err = assertOk(await importFile(c.officer, toCsv(exp.head, exp.rows), { dry: true }));
		assert.equal(err.errors.length, 1);
		assert.deepEqual([err.errors[0].row, err.errors[0].column, err.errors[0].code], [2, '编号', 'state']);
	});

	test('row errors name row, column and field in Chinese and English; too many decimals are refused', async () => {
		const file = toCsv(HEAD, [
			row('表格错误项目一', { '总投资（万元）': '200.0000001' }),
			row('表格错误项目二', { '资金来源-企业自筹（万元）': '100' }),
			row('表格错误项目三', { 建设地点: '不存在区' }),
			row('表格错误项目四', { '分年度投资计划（万元）': '2018年120' }),
		]);
		const zh = assertOk(await importFile(c.officer, file, { dry: true }));
		assert.equal(zh.errors.length, 4, JSON.stringify(zh.errors));
		const [money, sum, site, plan] = zh.errors;
		assert.deepEqual([money.row, money.column, money.field, money.value], [2, '总投资（万元）', 'total_fen', '200.0000001']);
		assert.match(money.message, /总投资/);
		assert.deepEqual([sum.row, sum.field, sum.column], [3, 'funding', '资金来源-企业自筹（万元）']);
		assert.deepEqual([site.row, site.column, site.field, site.code], [4, '建设地点', 'division', 'not_found']);
		assert.deepEqual([plan.row, plan.column, plan.field], [5, '分年度投资计划（万元）', 'plan']);
		const en = assertOk(await importFile(c.officer, file, { dry: true, lang: 'en' }));
		assert.match(en.errors[0].message, /total investment/);
		assert.match(en.errors[2].message, /not found/);
	});

	test('all-or-nothing writes nothing; valid mode writes the good rows', async () => {
		const file = toCsv(HEAD, [row('表格模式项目好'), row('表格模式项目坏', { 开工日期: '2018-13-01' })]);
		const audit0 = await auditTotal();
		const e = await importFile(c.officer, file);
		assertError(e, 422, 'import_rows', 'file');
		assert.equal(e.json.report.errors[0].row, 3, 'the report comes with the error');
		assert.equal(await auditTotal(), audit0);
		assert.deepEqual(await byName('表格模式项目'), []);
		const v = assertOk(await importFile(c.officer, file, { mode: 'valid' }));
		assert.deepEqual([v.created, v.errors.length], [1, 1]);
		assert.deepEqual((await byName('表格模式项目')).map((p) => p.name), ['表格模式项目好']);
	});

	test('an enterprise imports for itself only; another enterprise is a row error', async () => {
		const file = toCsv(HEAD, [row('企业表格项目', { 统一社会信用代码: '' }), row('企业表格他人项目', { 统一社会信用代码: otherCode })]);
		const rep = assertOk(await importFile(c.enterprise, file, { dry: true }));
		assert.equal(rep.created, 1);
		assert.equal(rep.errors.length, 1);
		assert.deepEqual([rep.errors[0].row, rep.errors[0].column, rep.errors[0].field], [3, '统一社会信用代码', 'enterprise_id']);
		// An officer's project of another enterprise is not the enterprise's to change: it reads as absent.
		assert.equal(assertOk(await importFile(c.officer, toCsv(HEAD, [row('他人表格项目', { 统一社会信用代码: otherCode })]))).created, 1);
		const [theirs] = await byName('他人表格项目');
		const r2 = assertOk(await importFile(c.enterprise, toCsv(HEAD, [row('改他人项目', { 编号: theirs.id, 统一社会信用代码: '' })]), { dry: true }));
		assert.equal(r2.errors[0].column, '编号');
		assertError(await c.auditor.post('/api/v1/projects/import', Buffer.from(file), { headers: { 'Content-Type': 'text/csv' } }), 403);
	});

	test('GBK CSV and an XLSX filled by hand are accepted', async () => {
		const text = toCsv(HEAD, [row('表格编码项目')]);
		const gbk = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text, 'utf8') });
		assert.equal(gbk.status, 0);
		assert.equal(assertOk(await importFile(c.officer, gbk.stdout, { dry: true })).created, 1);
		const x = assertOk(await importFile(c.officer, toXlsx(HEAD, [row('表格编码项目')]), { dry: true, type: XLSX }));
		assert.deepEqual([x.format, x.created, x.errors.length], ['xlsx', 1, 0]);
	});
});
