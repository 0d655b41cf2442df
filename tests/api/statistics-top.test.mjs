// GET /statistics/top: the enterprises ranked by an indicator's year to date, recomputed from
// the rows each user can see (officers the region, a prefecture user its own enterprises only,
// an enterprise user itself), and bad inputs naming the field.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, listAll, startServer } from './harness.mjs';

let srv, c = {};
const ROLES = ['officer', 'prefecture', 'department', 'enterprise', 'auditor'];

before(async () => {
	process.env.LUOSHI_TODAY = '2020-08-20';
	srv = await startServer();
	delete process.env.LUOSHI_TODAY;
	for (const r of ROLES) c[r] = await srv.signIn(r);
});
after(async () => { await srv?.stop(); });

const rowsIn = (cl, year) => listAll(cl, `/api/v1/statistics?month=${year}`);
const pct = (cur, base) => (base > 0 ? Math.sign(cur - base) * Math.round(Math.abs(cur - base) * 10000 / base) / 100 : null);

// The ranking worked from the rows: per enterprise January..month and the same months a year
// before; only enterprises with a row this year; largest first, ties by id.
function rank(rows, col, month, limit) {
	const [y, m] = month.split('-');
	const by = new Map();
	for (const r of rows) {
		const g = by.get(r.enterprise_id) || { enterprise_id: r.enterprise_id, name: r.name, division: r.division,
			month_fen: 0, ytd_fen: 0, ytd_last_year_fen: 0, rows: 0 };
		if (r.month === month) g.month_fen += r[col];
		if (r.month >= `${y}-01` && r.month <= month) { g.ytd_fen += r[col]; g.rows++; }
		if (r.month >= `${y - 1}-01` && r.month <= `${y - 1}-${m}`) g.ytd_last_year_fen += r[col];
		by.set(r.enterprise_id, g);
	}
	return [...by.values()].filter((g) => g.rows > 0)
		.sort((a, b) => b.ytd_fen - a.ytd_fen || a.enterprise_id - b.enterprise_id)
		.slice(0, limit)
		.map(({ rows: _, ...g }, i) => ({ rank: i + 1, ...g, yoy_pct: pct(g.ytd_fen, g.ytd_last_year_fen) }));
}
const strip = (x) => ({ rank: x.rank, enterprise_id: x.enterprise_id, name: x.name, division: x.division, month_fen: x.month_fen,
	ytd_fen: x.ytd_fen, ytd_last_year_fen: x.ytd_last_year_fen, yoy_pct: x.yoy_pct });

describe('top enterprises by year to date', () => {
	test('an officer: the region, recomputed from every row', async () => {
		const rows = [...await rowsIn(c.officer, 2019), ...await rowsIn(c.officer, 2020)];
		const r = assertOk(await c.officer.get('/api/v1/statistics/top?indicator=revenue&month=2020-06&limit=15'));
		assert.equal(r.limit, 15);
		assert.equal(r.items.length, 15);
		assert.deepEqual(r.items.map(strip), rank(rows, 'revenue_fen', '2020-06', 15));
		assert.ok(r.items.every((x) => typeof x.credit_code === 'string' && x.credit_code.length === 18));
		const p = assertOk(await c.auditor.get('/api/v1/statistics/top?indicator=profit_fen&month=2020-03'));
		assert.equal(p.items.length, 10); // the default limit
		assert.deepEqual(p.items.map(strip), rank(rows, 'profit_fen', '2020-03', 10));
		const d = assertOk(await c.department.get('/api/v1/statistics/top?indicator=rd&month=2020-06&limit=100'));
		assert.deepEqual(d.items.map(strip), rank(rows, 'rd_fen', '2020-06', 100));
	});

	test('a prefecture user: only its own enterprises, recomputed from the rows it sees', async () => {
		const rows = [...await rowsIn(c.prefecture, 2019), ...await rowsIn(c.prefecture, 2020)];
		const div = c.prefecture.user.division.slice(0, 4);
		assert.ok(rows.length > 0 && rows.every((x) => x.division.startsWith(div)));
		const r = assertOk(await c.prefecture.get('/api/v1/statistics/top?indicator=output&month=2020-06&limit=100'));
		assert.ok(r.items.length > 0);
		assert.ok(r.items.every((x) => x.division.startsWith(div)), 'only its prefecture');
		assert.deepEqual(r.items.map(strip), rank(rows, 'output_fen', '2020-06', 100));
		// The region's top list holds enterprises the prefecture user does not see.
		const all = assertOk(await c.officer.get('/api/v1/statistics/top?indicator=output&month=2020-06&limit=100'));
		assert.ok(all.items.some((x) => !x.division.startsWith(div)));
	});

	test('an enterprise user: only itself', async () => {
		const r = assertOk(await c.enterprise.get('/api/v1/statistics/top?indicator=revenue&month=2020-06'));
		assert.ok(r.items.length <= 1);
		assert.ok(r.items.every((x) => x.enterprise_id === c.enterprise.user.enterprise_id));
		const rows = [...await rowsIn(c.enterprise, 2019), ...await rowsIn(c.enterprise, 2020)];
		assert.deepEqual(r.items.map(strip), rank(rows, 'revenue_fen', '2020-06', 10));
	});

	test('a year without data is an empty list; a first year has no year-on-year', async () => {
		assert.deepEqual(assertOk(await c.officer.get('/api/v1/statistics/top?indicator=revenue&month=2010-06')).items, []);
		const first = assertOk(await c.officer.get('/api/v1/statistics/top?indicator=revenue&month=2015-06'));
		assert.ok(first.items.length > 0 && first.items.every((x) => x.yoy_pct === null && x.ytd_last_year_fen === 0));
	});

	test('bad inputs name the field', async () => {
		const cl = c.officer;
		assertError(await cl.get('/api/v1/statistics/top?month=2020-06'), 400, 'required', 'indicator');
		assertError(await cl.get('/api/v1/statistics/top?indicator=employees&month=2020-06'), 400, 'not_in_list', 'indicator');
		assertError(await cl.get('/api/v1/statistics/top?indicator=revenue'), 400, 'required', 'month');
		assertError(await cl.get('/api/v1/statistics/top?indicator=revenue&month=2020-13'), 400, 'invalid', 'month');
		assertError(await cl.get('/api/v1/statistics/top?indicator=revenue&month=2020-06&limit=0'), 400, undefined, 'limit');
		assertError(await cl.get('/api/v1/statistics/top?indicator=revenue&month=2020-06&limit=101'), 400, undefined, 'limit');
		assertError(await cl.get('/api/v1/statistics/top?indicator=revenue&month=2020-06&limit=ten'), 400, undefined, 'limit');
	});
});
