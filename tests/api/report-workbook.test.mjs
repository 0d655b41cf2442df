// The monthly workbook (月度调度表): pre-filled download in the user's scope, import with
// dry run, row errors, all-or-nothing or valid rows, idempotent re-import, the lock, export.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { assertError, assertOk, startServer } from './harness.mjs';
import { XLSX, csvObjects, toCsv, toXlsx } from './sheet-util.mjs';

let srv, c = {}, own, other, p1, p2, pOther;

function body(enterpriseId, name) {
	return {
		enterprise_id: enterpriseId, name, division: '650109', category: 'techreform', field: 'power',
		target: 'T4', measure: 'M2', total_fen: 200000000,
		funding: [{ source: 'own', amount_fen: 200000000 }],
		plan: [{ year: 2018, amount_fen: 100000000 }, { year: 2019, amount_fen: 100000000 }],
		start_date: '2018-03-01', end_date: '2019-12-31',
	};
}

async function started(enterpriseId, name) {
	const p = assertOk(await c.officer.post('/api/v1/projects', body(enterpriseId, name)), 201);
	for (const action of ['submit', 'pass', 'approve', 'start'])
		assertOk(await c.officer.post(`/api/v1/projects/${p.id}/transitions`, { action, comment: '同意' }));
	return p;
}

const auditTotal = async () => assertOk(await c.officer.get('/api/v1/audit?per_page=1')).total;
const reportsOf = async (id) => assertOk(await c.officer.get(`/api/v1/projects/${id}/reports`)).items;

async function workbook(client, month, format = 'csv') {
	const r = await client.get(`/api/v1/reports/workbook?month=${month}&format=${format}`);
	assert.equal(r.status, 200, r.text.slice(0, 300));
	return r;
}

async function importFile(client, file, { dry = false, mode, type = 'text/csv', lang } = {}) {
	const q = [dry ? 'dry_run=1' : '', mode ? `mode=${mode}` : ''].filter(Boolean).join('&');
	const headers = { 'Content-Type': type };
	if (lang)
		headers['Accept-Language'] = lang;
	return client.post('/api/v1/reports/import' + (q ? '?' + q : ''), Buffer.from(file), { headers });
}

before(async () => {
	// The reporting calendar stands on 2018-12-05: November's window is open, October's closed.
	process.env.LUOSHI_TODAY = '2018-12-05';
	srv = await startServer();
	delete process.env.LUOSHI_TODAY;
	for (const r of ['officer', 'enterprise', 'prefecture', 'department'])
		c[r] = await srv.signIn(r);
	own = c.enterprise.user.enterprise_id;
	other = assertOk(await c.officer.get('/api/v1/enterprises?per_page=50')).items.find((e) => e.id !== own && e.division.startsWith('65')).id;
	p1 = await started(own, '调度表测试项目一');
	p2 = await started(own, '调度表测试项目二');
	pOther = await started(other, '调度表测试他人项目');
});

after(() => srv?.stop());

describe('the workbook', () => {
	test('a month not open yet is refused, naming the month', async () => {
		const e = assertError(await c.enterprise.get('/api/v1/reports/workbook?month=2018-12&format=csv'), 400, 'invalid', 'month');
		assert.match(e.message, /2018-12/);
		assertError(await c.enterprise.get('/api/v1/reports/workbook?month=2018-13'), 400, 'invalid', 'month');
		assertError(await c.enterprise.get('/api/v1/reports/workbook'), 400, 'required', 'month');
		assertError(await c.department.get('/api/v1/reports/workbook?month=2018-11'), 403);
	});

	test('an enterprise\'s workbook holds only its projects in progress, pre-filled for reading', async () => {
		const { head, rows } = csvObjects((await workbook(c.enterprise, '2018-11')).text);
		for (const h of ['项目编号', '月份', '项目名称', '项目单位', '建设地点', '本年计划投资（万元）', '本月完成投资（万元）', '形象进度',
			'存在问题', '需协调部门', '新增就业'])
			assert.ok(head.includes(h), `column ${h} in ${head}`);
		const ids = rows.map((r) => Number(r.项目编号));
		assert.ok(ids.includes(p1.id) && ids.includes(p2.id));
		assert.ok(!ids.includes(pOther.id), 'another enterprise\'s project is not in the workbook');
		const r1 = rows.find((r) => Number(r.项目编号) === p1.id);
		assert.equal(r1.月份, '2018-11');
		assert.equal(r1.项目名称, '调度表测试项目一');
		assert.equal(r1['本年计划投资（万元）'], '100');
		assert.equal(r1['本月完成投资（万元）'], '');
		// The officer's workbook holds every enterprise's.
		const all = csvObjects((await workbook(c.officer, '2018-11')).text).rows.map((r) => Number(r.项目编号));
		assert.ok(all.includes(pOther.id) && all.includes(p1.id));
	});
});

describe('importing the filled workbook', () => {
	test('dry run writes nothing; the real run files; the same file again changes nothing', async () => {
		const { head, rows } = csvObjects((await workbook(c.enterprise, '2018-11')).text);
		const r1 = rows.find((r) => Number(r.项目编号) === p1.id);
		Object.assign(r1, { '本月完成投资（万元）': '123.456789', 形象进度: '主体封顶', 存在问题: '用地指标', 需协调部门: '财政厅', 新增就业: '5' });
		const file = toCsv(head, rows);
		const audit0 = await auditTotal();
		const dry = assertOk(await importFile(c.enterprise, file, { dry: true }));
		assert.equal(dry.dry_run, true);
		assert.equal(dry.created, 1);
		assert.deepEqual(dry.errors, []);
		assert.equal(dry.total_rows, rows.length);
		assert.equal(await auditTotal(), audit0, 'a dry run writes nothing, not even audit');
		assert.deepEqual(await reportsOf(p1.id), []);

		const real = assertOk(await importFile(c.enterprise, file));
		assert.equal(real.created, 1);
		assert.equal(real.unchanged, rows.length - 1, 'rows left blank file nothing');
		const [rep] = await reportsOf(p1.id);
		assert.equal(rep.month, '2018-11');
		assert.equal(rep.investment_fen, 123456789, 'exact to the fen from 万元');
		assert.equal(rep.progress, '主体封顶');
		assert.equal(rep.help_department, 'cz');
		assert.equal(rep.jobs, 5);
		assert.equal(rep.late, false);
		const audit1 = await auditTotal();
		assert.equal(audit1, audit0 + 2, 'one audit row for the report, one for the import');

		const again = assertOk(await importFile(c.enterprise, file));
		assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, rows.length]);
		assert.equal(await auditTotal(), audit1, 'an idempotent re-import writes no audit row');
		assert.deepEqual((await reportsOf(p1.id))[0].revisions, []);

		// The workbook downloaded again is pre-filled with what was filed and imports back unchanged.
		const back = csvObjects((await workbook(c.enterprise, '2018-11')).text);
		const b1 = back.rows.find((r) => Number(r.项目编号) === p1.id);
		assert.equal(b1['本月完成投资（万元）'], '123.456789');
		assert.equal(b1.需协调部门, '新疆维吾尔自治区财政厅');
		const rt = assertOk(await importFile(c.enterprise, toCsv(back.head, back.rows)));
		assert.deepEqual([rt.created, rt.updated], [0, 0]);
		assert.equal(await auditTotal(), audit1);

		// A change is an update with a revision.
		b1['本月完成投资（万元）']= '200';
		const upd = assertOk(await importFile(c.enterprise, toCsv(back.head, back.rows)));
		assert.equal(upd.updated, 1);
		const [after] = await reportsOf(p1.id);
		assert.equal(after.investment_fen, 200000000);
		assert.equal(after.revisions.length, 1);
	});

	test('row errors name row, column and field in Chinese and English; all-or-nothing writes nothing; valid mode writes the good rows', async () => {
		const head = ['项目编号', '月份', '本月完成投资（万元）', '形象进度', '需协调部门'];
		const rows = [
			{ 项目编号: p2.id, 月份: '2018-11', '本月完成投资（万元）': '10', 形象进度: '设备安装' },
			{ 项目编号: p2.id, 月份: '2018-09', '本月完成投资（万元）': '1.1234567' },
			{ 项目编号: pOther.id, 月份: '2018-11', '本月完成投资（万元）': '5' },
			{ 项目编号: p2.id, 月份: '2018-08', '本月完成投资（万元）': '1', 需协调部门: '不存在的部门' },
		];
		const file = toCsv(head, rows);
		const audit0 = await auditTotal();
		const zh = assertOk(await importFile(c.enterprise, file, { dry: true }));
		assert.equal(zh.errors.length, 3, JSON.stringify(zh.errors));
		const [money, scope, dep] = zh.errors;
		assert.equal(money.row, 3);
		assert.equal(money.column, '本月完成投资（万元）');
		assert.equal(money.field, 'investment_fen');
		assert.equal(money.value, '1.1234567');
		assert.match(money.message, /本月完成投资/);
		assert.equal(scope.row, 4);
		assert.equal(scope.column, '项目编号');
		assert.equal(scope.field, 'project_id');
		assert.equal(dep.column, '需协调部门');
		const en = assertOk(await importFile(c.enterprise, file, { dry: true, lang: 'en' }));
		assert.match(en.errors[0].message, /investment this month/);
		assert.match(en.errors[1].message, /not found/);

		const all = await importFile(c.enterprise, file);
		assertError(all, 422, 'import_rows', 'file');
		assert.equal(all.json.report.errors.length, 3, 'the report comes with the error');
		assert.equal(all.json.report.created, 0);
		assert.equal(await auditTotal(), audit0, 'all-or-nothing: nothing written');
		assert.deepEqual(await reportsOf(p2.id), []);

		const valid = assertOk(await importFile(c.enterprise, file, { mode: 'valid' }));
		assert.equal(valid.created, 1);
		assert.equal(valid.errors.length, 3);
		assert.equal((await reportsOf(p2.id)).length, 1);
	});

	test('a locked report is a row error until an officer unlocks it; then a change needs its reason', async () => {
		const head = ['项目编号', '月份', '本月完成投资（万元）', '修改原因'];
		// October's window closed on 2018-11-10: filing now is late, and the report is locked.
		const late = assertOk(await importFile(c.enterprise, toCsv(head, [{ 项目编号: p1.id, 月份: '2018-10', '本月完成投资（万元）': '50' }])));
		assert.equal(late.created, 1);
		const oct = (await reportsOf(p1.id)).find((r) => r.month === '2018-10');
		assert.equal(oct.late, true);
		assert.equal(oct.locked, true);
		// The same values again: unchanged, no error.
		assert.equal(assertOk(await importFile(c.enterprise, toCsv(head, [{ 项目编号: p1.id, 月份: '2018-10', '本月完成投资（万元）': '50' }]))).unchanged, 1);
		const changed = toCsv(head, [{ 项目编号: p1.id, 月份: '2018-10', '本月完成投资（万元）': '60' }]);
		const locked = assertOk(await importFile(c.enterprise, changed, { dry: true }));
		assert.equal(locked.errors.length, 1);
		assert.equal(locked.errors[0].row, 2);
		assert.equal(locked.errors[0].code, 'report_locked');
		assert.equal(locked.errors[0].column, '月份');
		assertOk(await c.officer.post(`/api/v1/projects/${p1.id}/reports/2018-10/unlock`, { reason: '企业申请更正' }));
		const noReason = assertOk(await importFile(c.enterprise, changed, { dry: true }));
		assert.equal(noReason.errors[0].field, 'reason');
		const ok = assertOk(await importFile(c.enterprise, toCsv(head, [{ 项目编号: p1.id, 月份: '2018-10', '本月完成投资（万元）': '60', 修改原因: '统计口径更正' }])));
		assert.equal(ok.updated, 1);
		const rev = (await reportsOf(p1.id)).find((r) => r.month === '2018-10');
		assert.equal(rev.investment_fen, 60000000);
		assert.equal(rev.revisions.at(-1).reason, '统计口径更正');
	});

	test('GBK CSV and a filled XLSX workbook are accepted', async () => {
		const { head, rows } = csvObjects((await workbook(c.enterprise, '2018-07')).text);
		const r2 = rows.find((r) => Number(r.项目编号) === p2.id);
		r2['本月完成投资（万元）']= '3';
		r2.形象进度 = '场地平整';
		const gbk = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(toCsv(head, rows), 'utf8') });
		assert.equal(gbk.status, 0);
		const dry = assertOk(await importFile(c.enterprise, gbk.stdout, { dry: true }));
		assert.deepEqual([dry.created, dry.errors.length], [1, 0]);
		// The XLSX download is a workbook; filled as a person would, it imports.
		const x = await workbook(c.enterprise, '2018-07', 'xlsx');
		assert.equal(x.headers.get('content-type'), XLSX);
		assert.equal(x.bytes.subarray(0, 2).toString(), 'PK');
		assert.equal(assertOk(await importFile(c.enterprise, x.bytes, { dry: true, type: XLSX })).created, 0);
		const real = assertOk(await importFile(c.enterprise, toXlsx(head, rows), { type: XLSX }));
		assert.equal(real.format, 'xlsx');
		assert.equal(real.created, 1);
		assert.equal((await reportsOf(p2.id)).find((r) => r.month === '2018-07').progress, '场地平整');
	});
});

describe('export', () => {
	test('a month\'s reports with the computed figures, in the user\'s scope', async () => {
		const { rows } = csvObjects((await c.officer.get('/api/v1/reports/export?month=2018-11&format=csv')).text);
		const r1 = rows.find((r) => Number(r.项目编号) === p1.id);
		assert.equal(r1['本月完成投资（万元）'], '200');
		// October's 60 and November's 200 (万元) against 100 planned for 2018 and 200 in all.
		assert.equal(r1['本年累计（万元）'], '260');
		assert.equal(r1['累计完成（万元）'], '260');
		assert.equal(r1['截至上月累计完成（万元）'], '60');
		assert.equal(r1['占年度计划%'], '260.00');
		assert.equal(r1['占总投资%'], '130.00');
		assert.equal(r1.迟报, '否');
		const mine = csvObjects((await c.enterprise.get('/api/v1/reports/export?month=2018-11&format=csv')).text).rows;
		assert.ok(mine.every((r) => r.项目单位 === r1.项目单位));
		// The export imports back unchanged: its computed columns are for reading.
		const exp = await c.officer.get('/api/v1/reports/export?month=2018-11&format=csv');
		const back = assertOk(await importFile(c.officer, exp.bytes));
		assert.deepEqual([back.created, back.updated, back.errors.length], [0, 0, 0]);
		assert.equal(back.unchanged, rows.length);
		const x = await c.officer.get('/api/v1/reports/export?month=2018-11');
		assert.equal(x.headers.get('content-type'), XLSX);
		assertError(await c.officer.get('/api/v1/reports/export?month=x'), 400, 'invalid', 'month');
	});
});
