// Monthly industry statistics (运行监测): every route by every role and scope, bad inputs
// naming the field, the window / late / lock / unlock / revision flow on the reporting
// calendar, and completeness counted by hand from the enterprise list.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, listAll, startServer } from './harness.mjs';

let srv, early, c = {}, ce = {}, ents, own, urumqiOther, changji;
const ROLES = ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'];

const fig = (id, month, extra = {}) => ({
	enterprise_id: id, month, output_fen: 1_230_000_00, revenue_fen: 1_000_000_00, profit_fen: -50_000_00,
	export_fen: 0, rd_fen: 12_345_67, employees: 321, ...extra,
});

before(async () => {
	// The reporting calendar stands on 2020-08-20: July's window (Aug 1–10) has closed,
	// August's is not open. A second server stands on 2020-08-05: July's window is open.
	process.env.LUOSHI_TODAY = '2020-08-20';
	srv = await startServer();
	process.env.LUOSHI_TODAY = '2020-08-05';
	early = await startServer();
	delete process.env.LUOSHI_TODAY;
	for (const r of ROLES) {
		c[r] = await srv.signIn(r);
		ce[r] = await early.signIn(r);
	}
	const first = assertOk(await c.officer.get('/api/v1/enterprises?per_page=1'));
	ents = await listAll(c.officer, '/api/v1/enterprises');
	assert.equal(ents.length, first.total, 'the whole list');
	own = c.enterprise.user.enterprise_id;
	urumqiOther = ents.find((e) => e.division.startsWith('6501') && e.id !== own && e.above_size).id;
	changji = ents.find((e) => e.division.startsWith('6523') && e.above_size).id;
});

after(async () => {
	await srv?.stop();
	await early?.stop();
});

describe('filing in the window', () => {
	test('each writer files within its scope; readers are refused', async () => {
		let r = assertOk(await ce.enterprise.post('/api/v1/statistics', fig(own, '2020-07')), 201);
		assert.equal(r.late, false);
		assert.equal(r.locked, false);
		assert.equal(r.profit_fen, -5_000_000);
		assert.equal(r.submitted_on, '2020-08-05');
		assert.deepEqual(r.revisions, []);
		assertError(await ce.enterprise.post('/api/v1/statistics', fig(urumqiOther, '2020-07')), 404, 'not_found', 'enterprise_id');
		assertOk(await ce.prefecture.post('/api/v1/statistics', fig(urumqiOther, '2020-07')), 201);
		assertError(await ce.prefecture.post('/api/v1/statistics', fig(changji, '2020-07')), 404, 'not_found', 'enterprise_id');
		for (const role of ['department', 'association', 'auditor'])
			assertError(await ce[role].post('/api/v1/statistics', fig(changji, '2020-07')), 403, 'forbidden');
		assertOk(await ce.officer.post('/api/v1/statistics', fig(changji, '2020-07')), 201);
		assertError(await ce.officer.post('/api/v1/statistics', fig(changji, '2020-07')), 409, 'duplicate', 'month');
	});

	test('bad inputs name the field', async () => {
		const cl = ce.officer;
		assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-7')), 400, 'invalid', 'month');
		assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-13')), 400, 'invalid', 'month');
		assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-06', { output_fen: -1 })), 400, 'range', 'output_fen');
		assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-06', { employees: 1.5 })), 400, 'type', 'employees');
		assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-06', { revenue_fen: '100' })), 400, 'type', 'revenue_fen');
		const noRevenue = fig(changji, '2020-05');
		delete noRevenue.revenue_fen;
		assertError(await cl.post('/api/v1/statistics', noRevenue), 400, 'required', 'revenue_fen');
		assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-05', { sales: 1 })), 400, 'unknown_field', 'sales');
		assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-05', { reason: 'x' })), 400, 'unknown_field', 'reason');
		assertError(await cl.post('/api/v1/statistics', fig(99999, '2020-05')), 404, 'not_found', 'enterprise_id');
		// August's window opens on 2020-09-01.
		const e = assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-08')), 400, 'invalid', 'month');
		assert.match(e.message, /2020-09-01/);
		// In English too.
		cl.lang = 'en';
		const en = assertError(await cl.post('/api/v1/statistics', fig(changji, '2020-06', { rd_fen: -5 })), 400, 'range', 'rd_fen');
		assert.match(en.message, /R&D/);
		cl.lang = null;
		assertError(await cl.patch(`/api/v1/statistics/${changji}/2020-07`, { month: '2020-06' }), 400, 'invalid', 'month');
		assertError(await cl.patch(`/api/v1/statistics/${changji}/2020-07`, { enterprise_id: own }), 400, 'invalid', 'enterprise_id');
		assertError(await cl.patch(`/api/v1/statistics/${changji}/2020-7`, { employees: 1 }), 404, 'not_found');
		assertError(await cl.get(`/api/v1/statistics/${changji}/2020-08`), 404, 'not_found', 'month');
	});

	test('within the window a change needs no reason and is kept as a revision', async () => {
		const r = assertOk(await ce.enterprise.patch(`/api/v1/statistics/${own}/2020-07`, { employees: 330 }));
		assert.equal(r.employees, 330);
		assert.equal(r.revisions.length, 1);
		assert.deepEqual(r.revisions[0].before, { employees: 321 });
		assert.deepEqual(r.revisions[0].after, { employees: 330 });
		assert.equal(r.revisions[0].user, 'enterprise');
		// A change that changes nothing writes nothing.
		const same = assertOk(await ce.enterprise.patch(`/api/v1/statistics/${own}/2020-07`, { employees: 330 }));
		assert.equal(same.revisions.length, 1);
		assertError(await ce.officer.post(`/api/v1/statistics/${own}/2020-07/unlock`, { reason: '更正' }), 409, 'not_locked');
	});
});

describe('after the window: late, lock, unlock with a reason, revisions', () => {
	test('a late filing is marked and locked at once', async () => {
		const r = assertOk(await c.enterprise.post('/api/v1/statistics', fig(own, '2020-07')), 201);
		assert.equal(r.late, true);
		assert.equal(r.locked, true);
		assert.equal(r.submitted_on, '2020-08-20');
		assert.equal(assertOk(await c.officer.post('/api/v1/statistics', fig(changji, '2020-07')), 201).late, true);
		assertError(await c.enterprise.patch(`/api/v1/statistics/${own}/2020-07`, { revenue_fen: 1 }), 409, 'report_locked');
	});

	test('only officers unlock, with a reason; the change needs its own reason and re-locks', async () => {
		for (const role of ['enterprise', 'prefecture', 'department', 'association', 'auditor'])
			assertError(await c[role].post(`/api/v1/statistics/${own}/2020-07/unlock`, { reason: '更正' }), 403, 'forbidden');
		assertError(await c.officer.post(`/api/v1/statistics/${own}/2020-07/unlock`, {}), 400, 'required', 'reason');
		assertError(await c.officer.post(`/api/v1/statistics/${own}/2020-06x/unlock`, { reason: 'x' }), 404, 'not_found');
		let r = assertOk(await c.officer.post(`/api/v1/statistics/${own}/2020-07/unlock`, { reason: '企业申请更正' }));
		assert.equal(r.locked, false);
		assert.equal(r.unlocked, true);
		assertError(await c.enterprise.patch(`/api/v1/statistics/${own}/2020-07`, { revenue_fen: 900_000_00 }), 400, 'required', 'reason');
		r = assertOk(await c.enterprise.patch(`/api/v1/statistics/${own}/2020-07`, { revenue_fen: 900_000_00, reason: '按财务报表更正' }));
		assert.equal(r.revenue_fen, 900_000_00);
		assert.equal(r.locked, true);
		assert.equal(r.unlocked, false);
		assert.equal(r.revisions.length, 1);
		assert.equal(r.revisions[0].reason, '按财务报表更正');
		assert.deepEqual(r.revisions[0].before, { revenue_fen: 1_000_000_00 });
		assertError(await c.enterprise.patch(`/api/v1/statistics/${own}/2020-07`, { revenue_fen: 1, reason: '再改' }), 409, 'report_locked');
		// The audit log has the filing, the unlock and the revision.
		const audit = assertOk(await c.officer.get('/api/v1/audit?entity=statistics&per_page=100'));
		const actions = audit.items.filter((x) => x.entity_id === `${own}/2020-07`).map((x) => x.action).sort();
		assert.deepEqual(actions, ['create', 'revise', 'unlock']);
	});

	test('the demo history has late and revised months', async () => {
		const list = assertOk(await c.officer.get('/api/v1/statistics?month=2019&per_page=500'));
		assert.ok(list.total > 300);
		assert.ok(list.items.some((x) => x.late));
		assert.ok(list.items.every((x) => x.locked || x.unlocked));
	});
});

describe('reading by role and scope', () => {
	test('the list: enterprise own only, prefecture its division, the others all', async () => {
		const mine = assertOk(await c.enterprise.get('/api/v1/statistics?month=2020&per_page=500'));
		assert.ok(mine.total > 0);
		assert.ok(mine.items.every((x) => x.enterprise_id === own));
		const other = assertOk(await c.enterprise.get(`/api/v1/statistics?enterprise_id=${changji}`));
		assert.equal(other.total, 0);
		const pref = assertOk(await c.prefecture.get('/api/v1/statistics?month=2020-06&per_page=500'));
		assert.ok(pref.total > 0);
		assert.ok(pref.items.every((x) => x.division.startsWith('6501')));
		const narrowed = assertOk(await c.prefecture.get('/api/v1/statistics?month=2020-06&division=652300'));
		assert.equal(narrowed.total, 0);
		const all = assertOk(await c.officer.get('/api/v1/statistics?month=2020-06&per_page=500'));
		assert.ok(all.total > pref.total);
		for (const role of ['admin', 'department', 'association', 'auditor'])
			assert.equal(assertOk(await c[role].get('/api/v1/statistics?month=2020-06&per_page=1')).total, all.total);
		const paged = assertOk(await c.officer.get('/api/v1/statistics?month=2020-06&per_page=5&page=2'));
		assert.equal(paged.items.length, 5);
		assert.deepEqual(paged.items.map((x) => x.enterprise_id), all.items.slice(5, 10).map((x) => x.enterprise_id));
		assertError(await c.officer.get('/api/v1/statistics?month=June'), 400, 'invalid', 'month');
		assertError(await c.officer.get('/api/v1/statistics?division=65'), 400, 'invalid', 'division');
		assertError(await c.officer.get('/api/v1/statistics?division=659999'), 404, 'not_found', 'division');
		assertError(await c.officer.get('/api/v1/statistics?per_page=0'), 400);
	});

	test('one row: in scope or absent', async () => {
		for (const role of ['admin', 'officer', 'department', 'association', 'auditor'])
			assertOk(await c[role].get(`/api/v1/statistics/${changji}/2020-07`));
		assertError(await c.enterprise.get(`/api/v1/statistics/${changji}/2020-07`), 404, 'not_found', 'enterprise_id');
		assertError(await c.prefecture.get(`/api/v1/statistics/${changji}/2020-07`), 404, 'not_found', 'enterprise_id');
		const r = assertOk(await c.prefecture.get(`/api/v1/statistics/${own}/2020-07`));
		assert.equal(r.revisions.length, 1);
		assert.equal(r.credit_code, ents.find((e) => e.id === own).credit_code);
	});
});

describe('completeness', () => {
	// Which enterprises should report: not archived and above-size.
	const due = (pred) => ents.filter((e) => e.above_size && !e.archived && pred(e));

	test('per prefecture, counted by hand from the enterprise list and the rows filed', async () => {
		const r = assertOk(await c.officer.get('/api/v1/statistics/completeness?month=2020-07'));
		// July 2020 on this server: own (late) and changji (officer) were filed here.
		const expected = due(() => true);
		assert.equal(r.expected, expected.length);
		assert.equal(r.reported, 2);
		assert.equal(r.missing, expected.length - 2);
		const prefs = [...new Set(expected.map((e) => e.division.slice(0, 4) + '00'))].sort();
		assert.deepEqual(r.groups.map((g) => g.key), prefs);
		for (const g of r.groups) {
			const inG = due((e) => e.division.startsWith(g.key.slice(0, 4)));
			assert.equal(g.expected, inG.length, g.key);
			const filed = inG.filter((e) => e.id === own || e.id === changji).length;
			assert.equal(g.reported, filed, g.key);
			assert.equal(g.missing, inG.length - filed);
			assert.deepEqual(g.not_reported.map((x) => x.enterprise_id).sort((a, b) => a - b),
				inG.filter((e) => e.id !== own && e.id !== changji).map((e) => e.id).sort((a, b) => a - b));
		}
		assert.equal(r.groups.find((g) => g.key === '650100').name, '乌鲁木齐市');
	});

	test('the demo June: reported = the above-size enterprises with a row', async () => {
		const rows = assertOk(await c.officer.get('/api/v1/statistics?month=2020-06&per_page=500')).items;
		const r = assertOk(await c.auditor.get('/api/v1/statistics/completeness?month=2020-06'));
		const ids = new Set(rows.map((x) => x.enterprise_id));
		assert.equal(r.reported, due((e) => ids.has(e.id)).length);
		assert.ok(r.missing >= 1, 'the demo leaves some of June 2020 unfiled');
	});

	test('a prefecture sees its counties, nothing wider; enterprises are refused', async () => {
		const r = assertOk(await c.prefecture.get('/api/v1/statistics/completeness?month=2020-07'));
		assert.equal(r.division, '650100');
		const inU = due((e) => e.division.startsWith('6501'));
		assert.equal(r.expected, inU.length);
		assert.deepEqual(r.groups.map((g) => g.key), [...new Set(inU.map((e) => e.division))].sort());
		for (const g of r.groups)
			assert.equal(g.expected, inU.filter((e) => e.division === g.key).length);
		const o = assertOk(await c.officer.get('/api/v1/statistics/completeness?month=2020-07&division=650100'));
		assert.deepEqual(o.groups, r.groups);
		assertError(await c.prefecture.get('/api/v1/statistics/completeness?month=2020-07&division=650000'), 403, 'scope', 'division');
		assertError(await c.prefecture.get('/api/v1/statistics/completeness?month=2020-07&division=652300'), 403, 'scope', 'division');
		assertError(await c.enterprise.get('/api/v1/statistics/completeness?month=2020-07'), 403, 'forbidden');
		assertError(await c.officer.get('/api/v1/statistics/completeness'), 400, 'required', 'month');
		assertError(await c.officer.get('/api/v1/statistics/completeness?month=2020-7'), 400, 'invalid', 'month');
		for (const role of ['department', 'association', 'auditor', 'admin'])
			assertOk(await c[role].get('/api/v1/statistics/completeness?month=2020-07'));
	});
});

describe('aggregates (GROUP BY over the rows in scope)', () => {
	const rowsIn = (cl, year) => listAll(cl, `/api/v1/statistics?month=${year}`);
	// Recomputes the groups from the rows the user can see; yoy rounded half away from zero.
	function recompute(rows, keyOf, col, month) {
		const [y, m] = month.split('-');
		const ly = `${Number(y) - 1}-${m}`;
		const groups = new Map();
		for (const r of rows) {
			const k = keyOf(r);
			const g = groups.get(k) || { key: k, month_fen: 0, ytd_fen: 0, ytd_last_year_fen: 0, reporting: 0 };
			if (r.month === month) {
				g.month_fen += r[col];
				g.reporting++;
			}
			if (r.month >= `${y}-01` && r.month <= month)
				g.ytd_fen += r[col];
			if (r.month >= `${Number(y) - 1}-01` && r.month <= ly)
				g.ytd_last_year_fen += r[col];
			groups.set(k, g);
		}
		return [...groups.values()].filter((g) => g.ytd_fen || g.ytd_last_year_fen || g.reporting)
			.sort((a, b) => (a.key < b.key ? -1 : 1));
	}
	const pct = (cur, base) => (base > 0 ? Math.sign(cur - base) * Math.round(Math.abs(cur - base) * 10000 / base) / 100 : null);
	const strip = (g) => ({ key: g.key, month_fen: g.month_fen, ytd_fen: g.ytd_fen, ytd_last_year_fen: g.ytd_last_year_fen, reporting: g.reporting });

	test("a prefecture's aggregate holds only its enterprises, recomputed from the rows it sees", async () => {
		const rows = [...await rowsIn(c.prefecture, 2019), ...await rowsIn(c.prefecture, 2020)];
		assert.ok(rows.every((r) => r.division.startsWith('6501')));
		const r = assertOk(await c.prefecture.get('/api/v1/statistics/aggregate?indicator=revenue&by=division&month=2020-06'));
		assert.equal(r.division, '650100');
		const want = recompute(rows, (x) => x.division, 'revenue_fen', '2020-06');
		assert.deepEqual(r.groups.map(strip), want);
		for (const g of r.groups)
			assert.equal(g.yoy_pct, pct(g.ytd_fen, g.ytd_last_year_fen), g.key);
		assert.equal(r.total.ytd_fen, want.reduce((s, g) => s + g.ytd_fen, 0));
		assertError(await c.prefecture.get('/api/v1/statistics/aggregate?indicator=revenue&by=division&month=2020-06&division=650000'),
			403, 'scope', 'division');
	});

	test('the region per prefecture, by scale and by industry, as the officer sees them', async () => {
		const rows = [...await rowsIn(c.officer, 2019), ...await rowsIn(c.officer, 2020)];
		const r = assertOk(await c.officer.get('/api/v1/statistics/aggregate?indicator=profit&by=division&month=2020-06'));
		assert.deepEqual(r.groups.map(strip), recompute(rows, (x) => x.division.slice(0, 4) + '00', 'profit_fen', '2020-06'));
		const byEnt = new Map(ents.map((e) => [e.id, e]));
		const s = assertOk(await c.auditor.get('/api/v1/statistics/aggregate?indicator=output&by=scale&month=2020-03'));
		assert.deepEqual(s.groups.map(strip), recompute(rows, (x) => byEnt.get(x.enterprise_id).scale || '', 'output_fen', '2020-03'));
		const i = assertOk(await c.department.get('/api/v1/statistics/aggregate?indicator=rd&by=industry&month=2020-06'));
		assert.deepEqual(i.groups.map(strip), recompute(rows, (x) => 'C' + byEnt.get(x.enterprise_id).industry.slice(0, 2), 'rd_fen', '2020-06'));
		assert.ok(i.groups.every((g) => g.name && g.name !== g.key));
		const f = assertOk(await c.officer.get('/api/v1/statistics/aggregate?indicator=revenue&by=field&month=2020-06'));
		assert.equal(f.total, null); // an enterprise may be in several fields
		const b = assertOk(await c.officer.get('/api/v1/statistics/aggregate?indicator=revenue&by=base&month=2020-06'));
		assert.equal(b.total.ytd_fen, rows.filter((x) => x.month >= '2020-01' && x.month <= '2020-06').reduce((s, x) => s + x.revenue_fen, 0));
	});

	test('an enterprise sees only its own; no base gives a null year-on-year; bad inputs name the field', async () => {
		const mine = [...await rowsIn(c.enterprise, 2019), ...await rowsIn(c.enterprise, 2020)];
		const r = assertOk(await c.enterprise.get('/api/v1/statistics/aggregate?indicator=employees&by=division&month=2020-06'));
		assert.ok(r.total.reporting <= 1);
		assert.equal(r.total.ytd_fen, mine.filter((x) => x.month >= '2020-01' && x.month <= '2020-06').reduce((s, x) => s + x.employees, 0));
		const first = assertOk(await c.officer.get('/api/v1/statistics/aggregate?indicator=revenue&by=division&month=2015-06'));
		assert.ok(first.groups.length > 0);
		assert.ok(first.groups.every((g) => g.yoy_pct === null && g.ytd_last_year_fen === 0));
		assertError(await c.officer.get('/api/v1/statistics/aggregate?by=division&month=2020-06'), 400, 'required', 'indicator');
		assertError(await c.officer.get('/api/v1/statistics/aggregate?indicator=sales&by=division&month=2020-06'), 400, 'not_in_list', 'indicator');
		assertError(await c.officer.get('/api/v1/statistics/aggregate?indicator=revenue&month=2020-06'), 400, 'required', 'by');
		assertError(await c.officer.get('/api/v1/statistics/aggregate?indicator=revenue&by=town&month=2020-06'), 400, 'not_in_list', 'by');
		assertError(await c.officer.get('/api/v1/statistics/aggregate?indicator=revenue&by=division&month=2020'), 400, 'invalid', 'month');
		assertError(await c.officer.get('/api/v1/statistics/aggregate?indicator=revenue&by=division&month=2020-06&division=659999'), 404, 'not_found', 'division');
	});
});
