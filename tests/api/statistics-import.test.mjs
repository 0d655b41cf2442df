// Statistics-bureau files: monthly and 1–M cumulative (累计) imports, GBK CSV and XLSX,
// broken rows naming row and column, a decreasing cumulative series, dry run, all-or-nothing,
// idempotent re-import, scope, the lock, export and template.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { assertError, assertOk, enterpriseBody, startServer } from './harness.mjs';
import { XLSX, csvObjects, toCsv, toXlsx } from './sheet-util.mjs';

let srv, c = {}, A, B, C, D, far;
const HEAD = ['统一社会信用代码', '企业名称', '月份', '工业总产值（万元）', '营业收入（万元）', '利润总额（万元）',
	'出口交货值（万元）', '研发经费支出（万元）', '期末从业人数'];
const W = 1_000_000; // fen per 万元

function row(ent, month, rev, profit, employees = 50, extra = {}) {
	return {
		统一社会信用代码: ent.credit_code, 企业名称: ent.name, 月份: month, '工业总产值（万元）': String(rev * 2),
		'营业收入（万元）': String(rev), '利润总额（万元）': String(profit), '出口交货值（万元）': '',
		'研发经费支出（万元）': '1', 期末从业人数: String(employees), ...extra,
	};
}

async function importFile(client, file, { dry = false, mode, cumulative = false, type = 'text/csv' } = {}) {
	const q = [dry ? 'dry_run=1' : '', mode ? `mode=${mode}` : '', cumulative ? 'cumulative=1' : ''].filter(Boolean).join('&');
	return client.post('/api/v1/statistics/import' + (q ? '?' + q : ''), Buffer.from(file), { headers: { 'Content-Type': type } });
}

const gbk = (text) => {
	const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text, 'utf8') });
	assert.equal(r.status, 0);
	return r.stdout;
};
const rowsOf = async (ent, year = '2021') =>
	assertOk(await c.officer.get(`/api/v1/statistics?enterprise_id=${ent.id}&month=${year}&per_page=100`)).items;
const auditTotal = async () => assertOk(await c.officer.get('/api/v1/audit?per_page=1')).total;

before(async () => {
	// The calendar stands on 2021-09-05: January..July 2021 are closed, August is open.
	process.env.LUOSHI_TODAY = '2021-09-05';
	srv = await startServer();
	delete process.env.LUOSHI_TODAY;
	for (const r of ['officer', 'prefecture', 'enterprise', 'department'])
		c[r] = await srv.signIn(r);
	const make = async (n, division) =>
		assertOk(await c.officer.post('/api/v1/enterprises', enterpriseBody(n, { division, above_size: true })), 201);
	[A, B, C, D] = [await make(8101, '650102'), await make(8102, '650104'), await make(8103, '650105'), await make(8104, '650106')];
	far = await make(8105, '652301'); // Changji: outside the prefecture user's scope
});

after(async () => {
	await srv?.stop();
});

describe('cumulative (1–M) files', () => {
	// Hand-worked: revenue 1–1 100.123456, 1–2 250.123456, 1–3 450.123456 万元 → monthly
	// 100.123456, 150, 200 万元; profit 1–M 10, 5, 12 → 10, −5, 7 (a loss in February is kept).
	const file = () => toCsv(HEAD, [
		row(A, '2021-03', 450.123456, 12, 55),
		row(A, '2021年1月', 100.123456, 10, 50),
		row(A, '202102', 250.123456, 5, 52),
	]);

	test('a GBK cumulative CSV: dry run writes nothing, then monthly values are stored', async () => {
		const before = await auditTotal();
		const dry = assertOk(await importFile(c.officer, gbk(file()), { dry: true, cumulative: true }));
		assert.equal(dry.dry_run, true);
		assert.equal(dry.cumulative, true);
		assert.equal(dry.created, 3);
		assert.deepEqual(dry.errors, []);
		assert.equal((await rowsOf(A)).length, 0);
		assert.equal(await auditTotal(), before);
		const rep = assertOk(await importFile(c.officer, gbk(file()), { cumulative: true }));
		assert.equal(rep.created, 3);
		const rows = await rowsOf(A);
		assert.deepEqual(rows.map((r) => r.month), ['2021-01', '2021-02', '2021-03']);
		assert.deepEqual(rows.map((r) => r.revenue_fen), [100_123_456, 150 * W, 200 * W]);
		assert.deepEqual(rows.map((r) => r.output_fen), [200_246_912, 300 * W, 400 * W]);
		assert.deepEqual(rows.map((r) => r.profit_fen), [10 * W, -5 * W, 7 * W]);
		assert.deepEqual(rows.map((r) => r.rd_fen), [W, 0, 0]);
		assert.deepEqual(rows.map((r) => r.export_fen), [0, 0, 0]);
		assert.deepEqual(rows.map((r) => r.employees), [50, 52, 55]); // never cumulated
		assert.ok(rows.every((r) => r.late && r.locked)); // filed after their windows closed
	});

	test('importing the same file again changes nothing', async () => {
		const before = await auditTotal();
		const rep = assertOk(await importFile(c.officer, gbk(file()), { cumulative: true }));
		assert.equal(rep.created, 0);
		assert.equal(rep.updated, 0);
		assert.equal(rep.unchanged, 3);
		assert.equal(await auditTotal(), before);
	});

	test('month M−1 not in the file is taken from the stored months (their sum)', async () => {
		// 1–4 revenue 600 万元 − stored 100.123456 + 150 + 200 = 149.876544 万元.
		const rep = assertOk(await importFile(c.officer, toCsv(HEAD, [row(A, '2021-04', 600, 20, 56)]), { cumulative: true }));
		assert.equal(rep.created, 1);
		const apr = (await rowsOf(A)).find((r) => r.month === '2021-04');
		assert.equal(apr.revenue_fen, 149_876_544);
		assert.equal(apr.profit_fen, 8 * W); // 20 − (10 − 5 + 7)
	});

	test('a decreasing series is a row error naming row and column; nothing is stored silently', async () => {
		const f = toCsv(HEAD, [row(B, '2021-01', 100, 1), row(B, '2021-02', 90, 2, 50, { '工业总产值（万元）': '300' }),
			row(B, '2021-03', 150, 3, 50, { '工业总产值（万元）': '400' })]);
		const r = await importFile(c.officer, f, { cumulative: true });
		assertError(r, 422, 'import_rows');
		const errs = r.json.report.errors;
		assert.equal(errs.length, 2);
		assert.equal(errs[0].row, 3);
		assert.equal(errs[0].column, '营业收入（万元）');
		assert.equal(errs[0].code, 'invalid');
		assert.match(errs[0].message, /90/);
		// March, after February's refused figure, cannot be derived: an error on 月份.
		assert.equal(errs[1].row, 4);
		assert.equal(errs[1].column, '月份');
		assert.equal((await rowsOf(B)).length, 0);
		const valid = assertOk(await importFile(c.officer, f, { cumulative: true, mode: 'valid' }));
		assert.equal(valid.created, 1);
		assert.deepEqual((await rowsOf(B)).map((x) => [x.month, x.revenue_fen]), [['2021-01', 100 * W]]);
	});

	test('a missing month (neither in the file nor stored) is a row error on 月份', async () => {
		const r = await importFile(c.officer, toCsv(HEAD, [row(C, '2021-01', 10, 1), row(C, '2021-03', 30, 1)]),
			{ cumulative: true });
		assertError(r, 422, 'import_rows');
		assert.deepEqual(r.json.report.errors.map((e) => [e.row, e.column]), [[3, '月份']]);
		assert.match(r.json.report.errors[0].message, /2021-02/);
	});
});

describe('monthly files, broken rows, scope, lock', () => {
	test('an XLSX monthly file with a negative profit', async () => {
		const x = toXlsx(HEAD, [row(C, '2021/5', 12.5, -3.25, 40), row(C, '2021-06', 13, 1, 41)]);
		const rep = assertOk(await importFile(c.officer, x, { type: XLSX }));
		assert.equal(rep.format, 'xlsx');
		assert.equal(rep.created, 2);
		const may = (await rowsOf(C)).find((r) => r.month === '2021-05');
		assert.equal(may.revenue_fen, 12_500_000);
		assert.equal(may.profit_fen, -3_250_000);
	});

	test('broken rows name row and column; all-or-nothing writes nothing', async () => {
		const f = toCsv(HEAD, [
			row(D, '2021-08', 10, 1), // fine (August is open)
			row({ credit_code: '91650100MA0000000X', name: '无此企业' }, '2021-08', 10, 1),
			row(D, '2021-13', 10, 1),
			row(D, '2021-07', 10, 1, 5, { '营业收入（万元）': 'abc' }),
			row(D, '2021-06', 10, 1, 5, { '工业总产值（万元）': '1.1234567' }),
			row(D, '2021-05', 10, 1, 5, { '工业总产值（万元）': '' }),
			row(D, '2021-04', 10, 1, 5, { '利润总额（万元）': '-x' }),
			row(D, '2021-03', 10, 1, 5, { 期末从业人数: '-2' }),
			row(D, '2021-09', 10, 1), // September's window is not open
		]);
		const r = await importFile(c.officer, f);
		assertError(r, 422, 'import_rows');
		assert.deepEqual(r.json.report.errors.map((e) => [e.row, e.column]), [
			[3, '统一社会信用代码'], [4, '月份'], [5, '营业收入（万元）'], [6, '工业总产值（万元）'],
			[7, '工业总产值（万元）'], [8, '利润总额（万元）'], [9, '期末从业人数'], [10, '月份'],
		]);
		assert.equal((await rowsOf(D)).length, 0);
		const missingCol = await importFile(c.officer, toCsv(HEAD.slice(0, 4), [row(D, '2021-08', 1, 1)]));
		assertError(missingCol, 422, 'unprocessable', 'file');
	});

	test('scope: a prefecture imports its own division only; an enterprise its own; departments are refused', async () => {
		const f = toCsv(HEAD, [row(D, '2021-08', 10, 1), row(far, '2021-08', 10, 1)]);
		const r = await importFile(c.prefecture, f, { mode: 'valid' });
		const rep = assertOk(r);
		assert.equal(rep.created, 1);
		assert.deepEqual(rep.errors.map((e) => [e.row, e.column, e.code]), [[3, '统一社会信用代码', 'not_found']]);
		const en = assertOk(await importFile(c.enterprise, toCsv(HEAD, [row(A, '2021-08', 1, 1)]), { dry: true }));
		assert.deepEqual(en.errors.map((e) => e.column), ['统一社会信用代码']);
		assertError(await importFile(c.department, f), 403, 'forbidden');
	});

	test('a closed month changed by a file is a row error; with an unlock and a reason it goes through', async () => {
		const f = toCsv([...HEAD, '修改原因'], [row(C, '2021-06', 14, 1, 41, { 修改原因: '按统计局审定数更正' })]);
		const r = await importFile(c.officer, f);
		assertError(r, 422, 'import_rows');
		assert.equal(r.json.report.errors[0].code, 'report_locked');
		assertOk(await c.officer.post(`/api/v1/statistics/${C.id}/2021-06/unlock`, { reason: '企业申请' }));
		const ok = assertOk(await importFile(c.officer, f));
		assert.equal(ok.updated, 1);
		const got = assertOk(await c.officer.get(`/api/v1/statistics/${C.id}/2021-06`));
		assert.equal(got.revenue_fen, 14 * W);
		assert.equal(got.revisions[0].reason, '按统计局审定数更正');
	});
});

describe('export and template', () => {
	test('an export imports back unchanged; the template is the header row', async () => {
		const csv = await c.officer.get('/api/v1/statistics/export?month=2021&format=csv');
		assert.equal(csv.status, 200);
		const objs = csvObjects(csv.text).rows;
		assert.ok(objs.length >= 8, `${objs.length} ${csv.text}`);
		const may = objs.find((o) => o.统一社会信用代码 === C.credit_code && o.月份 === '2021-05');
		assert.equal(may['利润总额（万元）'], "'-3.25"); // CSV guards a leading minus against formulas; import reads it back
		assert.equal(may.迟报, '是');
		const back = assertOk(await importFile(c.officer, Buffer.from(csv.text)));
		assert.equal(back.unchanged, objs.length);
		assert.equal(back.created + back.updated, 0);
		const x = await c.officer.get('/api/v1/statistics/export?month=2021-05&format=xlsx');
		assert.equal(x.status, 200);
		const pref = csvObjects((await c.prefecture.get('/api/v1/statistics/export?month=2021&format=csv')).text).rows;
		assert.ok(pref.length > 0 && !pref.some((o) => o.统一社会信用代码 === far.credit_code));
		const t = await c.enterprise.get('/api/v1/statistics/template?format=csv');
		assert.equal(t.status, 200);
		assert.match(t.text, /^\uFEFF?统一社会信用代码,企业名称,月份,工业总产值（万元）/);
		assert.equal(t.text.trim().split(/\r?\n/).length, 1);
		assertError(await c.officer.get('/api/v1/statistics/export?month=2021-5&format=csv'), 400, 'invalid', 'month');
		assertError(await c.officer.get('/api/v1/statistics/export?format=pdf'), 400, 'not_in_list', 'format');
	});
});
