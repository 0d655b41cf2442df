// Every figure of the aggregate opens into the enterprises behind it (GET /statistics/enterprises):
// the rows of a group add up exactly to the group's month, year to date and same period last
// year, for every grouping; a prefecture only ever sees its own enterprises (recomputed from
// the rows it can read); an enterprise only itself; the list exports as XLSX as shown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, startServer } from './harness.mjs';
import { XLSX, readXlsxBook } from './sheet-util.mjs';

const MONTH = '2020-06';
let srv, c = {};

before(async () => {
	srv = await startServer(); // the demo: monthly statistics 2015–2020
	for (const r of ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'])
		c[r] = await srv.signIn(r);
});

after(async () => {
	await srv?.stop();
});

const q = (o) => new URLSearchParams(o).toString();
const agg = async (cl, o) => assertOk(await cl.get('/api/v1/statistics/aggregate?' + q(o)));
const drill = async (cl, o, key) => assertOk(await cl.get('/api/v1/statistics/enterprises?' + q({ ...o, key })));
const sum = (items, k) => items.reduce((s, x) => s + x[k], 0);

// Every row the client can read in a year (the list pages by 500).
async function rowsOf(cl, year) {
	const out = [];
	for (let page = 1; ; page++) {
		const r = assertOk(await cl.get(`/api/v1/statistics?month=${year}&per_page=500&page=${page}`));
		out.push(...r.items);
		if (out.length >= r.total) return out;
	}
}

function checkGroup(g, d) {
	assert.ok(d.items.length > 0, `${g.key} has enterprises`);
	assert.deepEqual(d.group, g, 'the group as the aggregate gives it');
	assert.equal(sum(d.items, 'month_fen'), g.month_fen, `${g.key}: the month`);
	assert.equal(sum(d.items, 'ytd_fen'), g.ytd_fen, `${g.key}: year to date`);
	assert.equal(sum(d.items, 'ytd_last_year_fen'), g.ytd_last_year_fen, `${g.key}: same period last year`);
	assert.equal(d.items.filter((x) => x.reported).length, g.reporting, `${g.key}: reporting`);
	assert.equal(new Set(d.items.map((x) => x.enterprise_id)).size, d.items.length, 'one row an enterprise');
}

describe('the rows of a group add up to its figures', () => {
	for (const [by, indicator] of [['division', 'revenue'], ['industry', 'output'], ['field', 'revenue'], ['base', 'profit'], ['scale', 'employees']]) {
		test(`by ${by} (${indicator}), every group, as the officer sees it`, async () => {
			const o = { indicator, by, month: MONTH };
			const a = await agg(c.officer, o);
			assert.ok(a.groups.length > 1);
			for (const g of a.groups)
				checkGroup(g, await drill(c.officer, o, g.key));
		});
	}

	test('a prefecture opened into its counties, and a county into its enterprises', async () => {
		const o = { indicator: 'revenue', by: 'division', month: MONTH, division: '650100' };
		const a = await agg(c.officer, o);
		for (const g of a.groups) {
			const d = await drill(c.officer, o, g.key);
			checkGroup(g, d);
			assert.ok(d.items.every((x) => x.division === g.key));
		}
	});
});

describe('scope', () => {
	test('a prefecture only ever sees its own enterprises, with the figures of the rows it can read', async () => {
		const rows = [...await rowsOf(c.prefecture, 2019), ...await rowsOf(c.prefecture, 2020)];
		assert.ok(rows.length > 0 && rows.every((r) => r.division.startsWith('6501')));
		// Per enterprise, from the raw rows: June, Jan–Jun 2020, Jan–Jun 2019.
		const want = new Map();
		for (const r of rows) {
			const w = want.get(r.enterprise_id) || { month_fen: 0, ytd_fen: 0, ytd_last_year_fen: 0 };
			if (r.month === MONTH) w.month_fen += r.revenue_fen;
			if (r.month >= '2020-01' && r.month <= MONTH) w.ytd_fen += r.revenue_fen;
			if (r.month >= '2019-01' && r.month <= '2019-06') w.ytd_last_year_fen += r.revenue_fen;
			want.set(r.enterprise_id, w);
		}
		for (const by of ['division', 'industry', 'scale']) {
			const o = { indicator: 'revenue', by, month: MONTH };
			const a = await agg(c.prefecture, o);
			const seen = new Map();
			for (const g of a.groups) {
				const d = await drill(c.prefecture, o, g.key);
				checkGroup(g, d);
				for (const x of d.items) {
					assert.ok(x.division.startsWith('6501'), `${by} ${g.key}: ${x.name} is in 乌鲁木齐`);
					seen.set(x.enterprise_id, { month_fen: x.month_fen, ytd_fen: x.ytd_fen, ytd_last_year_fen: x.ytd_last_year_fen });
				}
			}
			const expected = new Map([...want].filter(([, w]) => w.ytd_fen || w.ytd_last_year_fen || w.month_fen));
			assert.deepEqual(new Map([...seen].sort((x, y) => x[0] - y[0])), new Map([...expected].sort((x, y) => x[0] - y[0])), by);
		}
		// Another prefecture's group: out of scope (as for the aggregate), or simply empty.
		assertError(await c.prefecture.get('/api/v1/statistics/enterprises?' + q({ indicator: 'revenue', by: 'division', month: MONTH, division: '650000', key: '650200' })), 403, 'scope', 'division');
		const other = await drill(c.prefecture, { indicator: 'revenue', by: 'division', month: MONTH }, '652300');
		assert.deepEqual([other.items, other.group], [[], null]);
	});

	test('an enterprise sees itself only', async () => {
		const a = await agg(c.enterprise, { indicator: 'revenue', by: 'scale', month: MONTH });
		for (const g of a.groups) {
			const d = await drill(c.enterprise, { indicator: 'revenue', by: 'scale', month: MONTH }, g.key);
			checkGroup(g, d);
			assert.deepEqual(d.items.map((x) => x.enterprise_id), [c.enterprise.user.enterprise_id]);
		}
	});

	test('the arguments are the aggregate\'s', async () => {
		assertError(await c.officer.get('/api/v1/statistics/enterprises?by=division&key=650100&month=2020-06'), 400, 'required', 'indicator');
		assertError(await c.officer.get('/api/v1/statistics/enterprises?indicator=revenue&by=town&key=1&month=2020-06'), 400, 'not_in_list', 'by');
		assertError(await c.officer.get('/api/v1/statistics/enterprises?indicator=revenue&by=division&key=650100&month=2020'), 400, 'invalid', 'month');
		assertError(await c.officer.get('/api/v1/statistics/enterprises/export?indicator=revenue&by=division&key=650100&month=2020-06&format=pdf'), 400, 'not_in_list', 'format');
	});
});

describe('export', () => {
	test('the list as shown, as XLSX: 万元 exact, one row an enterprise', async () => {
		const o = { indicator: 'revenue', by: 'division', month: MONTH };
		const a = await agg(c.officer, o);
		const g = a.groups.find((x) => x.key === '650100');
		const d = await drill(c.officer, o, '650100');
		const r = await c.officer.get('/api/v1/statistics/enterprises/export?' + q({ ...o, key: '650100', format: 'xlsx' }));
		assert.equal(r.status, 200, r.text);
		assert.ok(r.headers.get('content-type').startsWith(XLSX));
		assert.match(decodeURIComponent(r.headers.get('content-disposition')), new RegExp(`运行监测-${g.name}-2020-06\\.xlsx`));
		const sheet = readXlsxBook(r.bytes)['运行监测明细'];
		assert.deepEqual(sheet[0], ['统一社会信用代码', '企业名称', '所在地区', '本月（万元）', '1–M月累计（万元）', '上年同期累计（万元）', '同比增长（%）', '本月已报']);
		assert.equal(sheet.length, d.items.length + 1);
		const wan = (fen) => { const s = (Math.abs(fen) / 1e6).toFixed(6).replace(/\.?0+$/, ''); return (fen < 0 ? '-' : '') + s; };
		d.items.forEach((x, i) => {
			assert.deepEqual(sheet[i + 1].slice(0, 6), [x.credit_code, x.name, x.division_name, wan(x.month_fen), wan(x.ytd_fen), wan(x.ytd_last_year_fen)]);
			assert.equal(sheet[i + 1][6] || '', x.yoy_pct === null ? '' : x.yoy_pct.toFixed(2));
		});
		// The prefecture's export holds its own enterprises only.
		const p = readXlsxBook((await c.prefecture.get('/api/v1/statistics/enterprises/export?' + q({ indicator: 'employees', by: 'scale', month: MONTH, key: 'large', format: 'xlsx' }))).bytes)['运行监测明细'];
		assert.equal(p[0][3], '本月（人）');
	});
});
