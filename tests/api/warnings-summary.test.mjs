// The daily warning summary (GET /warnings/summary: today's counts, new and cleared since
// yesterday, the top items) and the project list's warning filter, moving the reporting
// calendar with LUOSHI_TODAY: three servers on one database stand on different days.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, enterpriseBody, startServer } from './harness.mjs';

let srv, s10, sfeb, c = {}, e11, e10, efeb, pa, pb;

/* A project of enterprise id started 2018-03-01: 1,000,000.00 yuan planned for 2018. */
function body(enterpriseId, name, division, milestoneDate) {
	return {
		enterprise_id: enterpriseId, name, division, category: 'techreform', field: 'power',
		target: 'T4', measure: 'M2', total_fen: 200000000,
		funding: [{ source: 'own', amount_fen: 200000000 }],
		plan: [{ year: 2018, amount_fen: 100000000 }, { year: 2019, amount_fen: 100000000 }],
		start_date: '2018-03-01', end_date: '2019-12-31',
		milestones: [{ name: '设备进场', planned_date: milestoneDate }],
	};
}

async function started(b) {
	const p = assertOk(await c.officer.post('/api/v1/projects', b), 201);
	for (const action of ['submit', 'pass', 'approve', 'start'])
		assertOk(await c.officer.post(`/api/v1/projects/${p.id}/transitions`, { action, comment: '同意' }));
	return p;
}

const ids = (r) => assertOk(r).items.map((x) => x.id).sort((a, b) => a - b);

before(async () => {
	// Today 2018-12-11: November's window (Dec 1–10) closed yesterday.
	process.env.LUOSHI_TODAY = '2018-12-11';
	srv = await startServer();
	process.env.LUOSHI_TODAY = '2018-12-10';
	s10 = await startServer({ db: srv.db });
	// 2019-02-01: January's window is open, no month of 2019 is due yet.
	process.env.LUOSHI_TODAY = '2019-02-01';
	sfeb = await startServer({ db: srv.db });
	delete process.env.LUOSHI_TODAY;
	for (const r of ['officer', 'prefecture', 'enterprise', 'department', 'admin'])
		c[r] = await srv.signIn(r);

	// An enterprise of its own, so its user's scope holds exactly the two projects below.
	const ent = assertOk(await c.officer.post('/api/v1/enterprises',
		enterpriseBody(8401, { name: '摘要测试机械有限公司', division: '650102' })), 201);
	assertOk(await c.admin.post('/api/v1/users', { username: 'sum-ent', password: 'Summary-pass-2026',
		role: 'enterprise', enterprise_id: ent.id }), 201);
	e11 = await srv.signIn('sum-ent', 'Summary-pass-2026');
	e10 = await s10.signIn('sum-ent', 'Summary-pass-2026');
	efeb = await sfeb.signIn('sum-ent', 'Summary-pass-2026');

	// A (Urumqi, 米东区): March to October filed, 12,500,000 fen each (100 % of 2018's plan by
	// October), June asking 发改 (fg) for help; its milestone is planned for 2018-12-10.
	pa = await started(body(ent.id, '摘要项目甲', '650109', '2018-12-10'));
	for (let m = 3; m <= 10; m++) {
		const month = `2018-${String(m).padStart(2, '0')}`;
		assertOk(await e11.post(`/api/v1/projects/${pa.id}/reports`, { month, investment_fen: 12500000,
			...(m === 6 ? { help_department: 'fg', problems: '用地审批' } : {}) }), 201);
	}
	// B (昌吉市, outside Urumqi): nothing filed; its milestone was due 2018-06-30.
	pb = await started(body(ent.id, '摘要项目乙', '652301', '2018-06-30'));
});

after(async () => {
	await srv?.stop();
	await s10?.stop();
	await sfeb?.stop();
});

describe('daily summary', () => {
	test('new since yesterday: November falls due and a milestone passes when the window closes after day 10', async () => {
		const s = assertOk(await e11.get('/api/v1/warnings/summary'));
		assert.equal(s.today, '2018-12-11');
		assert.equal(s.yesterday, '2018-12-10');
		// A: November missing, milestone 1 day overdue, June's help open 163 days (July 1 to Dec 11);
		// B: 9 reports missing (March–November), milestone 164 days overdue, 0 % of 2018 against 76.67 %.
		assert.deepEqual(s.counts, { report_missing: 2, investment_lag: 1, milestone_overdue: 2, help_open: 1 });
		assert.equal(s.total, 6);
		assert.equal(s.projects, 2);
		assert.equal(s.new.total, 2);
		assert.deepEqual(s.new.counts, { report_missing: 1, investment_lag: 0, milestone_overdue: 1, help_open: 0 });
		const byKind = Object.fromEntries(s.new.items.map((x) => [x.kind, x]));
		assert.equal(byKind.report_missing.project_id, pa.id);
		assert.deepEqual(byKind.report_missing.figures, { missing: 1, first: '2018-11', last: '2018-11' });
		assert.equal(byKind.milestone_overdue.project_id, pa.id);
		assert.equal(byKind.milestone_overdue.figures.days_overdue, 1);
		assert.equal(s.cleared.total, 0);
		assert.deepEqual(s.cleared.items, []);
		// Top: missing reports first, the most months first; then help, milestones, lag.
		assert.deepEqual(s.top.map((x) => [x.kind, x.project_id]), [
			['report_missing', pb.id], ['report_missing', pa.id], ['help_open', pa.id],
			['milestone_overdue', pb.id], ['milestone_overdue', pa.id], ['investment_lag', pb.id]]);
		assert.equal(s.top[0].figures.missing, 9);
		for (const x of s.top)
			assert.ok(x.rule && x.message && x.project_name, JSON.stringify(x));
	});

	test('the day before, on the same data: nothing new, fewer warnings', async () => {
		const s = assertOk(await e10.get('/api/v1/warnings/summary'));
		assert.equal(s.today, '2018-12-10');
		// November's window is still open; the milestone is due today, not overdue.
		assert.deepEqual(s.counts, { report_missing: 1, investment_lag: 1, milestone_overdue: 1, help_open: 1 });
		assert.equal(s.new.total, 0);
		assert.equal(s.cleared.total, 0);
	});

	test('cleared across a month and year boundary: 2018\'s lag is gone once the year is 2019', async () => {
		// On 2019-01-31 B lags 2018 (12 months due); on 2019-02-01 the year is 2019 and no month of
		// it is due, so the lag rule has nothing to judge.
		const s = assertOk(await efeb.get('/api/v1/warnings/summary'));
		assert.equal(s.yesterday, '2019-01-31');
		assert.equal(s.counts.investment_lag, 0);
		assert.equal(s.cleared.total, 1);
		assert.deepEqual(s.cleared.counts, { report_missing: 0, investment_lag: 1, milestone_overdue: 0, help_open: 0 });
		assert.equal(s.cleared.items[0].project_id, pb.id);
		assert.deepEqual({ year: s.cleared.items[0].figures.year, months: s.cleared.items[0].figures.months },
			{ year: 2018, months: 12 });
		assert.equal(s.new.total, 0);
	});

	test('English messages', async () => {
		const s = assertOk(await e11.get('/api/v1/warnings/summary', { headers: { 'Accept-Language': 'en' } }));
		assert.match(s.top[0].message, /9 monthly reports missing/);
	});

	test('scope: a prefecture sees its division, a department only the help asked of it', async () => {
		const pref = assertOk(await c.prefecture.get('/api/v1/warnings/summary'));
		const all = assertOk(await c.officer.get('/api/v1/warnings/summary'));
		assert.ok(all.total >= pref.total + 3, 'B (昌吉) and more are outside Urumqi');
		assert.ok(pref.top.every((x) => x.division.startsWith('6501')), JSON.stringify(pref.top));
		assert.ok(all.new.total >= 2);

		const dep = assertOk(await c.department.get('/api/v1/warnings/summary'));
		assert.equal(dep.help_department, 'fg');
		assert.equal(dep.counts.report_missing + dep.counts.investment_lag + dep.counts.milestone_overdue, 0);
		assert.ok(dep.counts.help_open >= 1);
		assert.ok(dep.top.every((x) => x.kind === 'help_open' && x.help_department === 'fg'));
		assert.ok(dep.top.some((x) => x.project_id === pa.id));
		// Another department does not see 发改's request.
		assertOk(await c.admin.post('/api/v1/users', { username: 'sum-cz', password: 'Summary-pass-2026',
			role: 'department', department: 'cz' }), 201);
		const cz = await srv.signIn('sum-cz', 'Summary-pass-2026');
		const czs = assertOk(await cz.get('/api/v1/warnings/summary'));
		assert.ok(czs.top.every((x) => x.help_department === 'cz'));
		assert.ok(!czs.top.some((x) => x.project_id === pa.id));
		// The demo enterprise's user sees none of these projects.
		const other = assertOk(await c.enterprise.get('/api/v1/warnings/summary'));
		assert.ok(!other.top.some((x) => x.project_id === pa.id || x.project_id === pb.id));
	});

	test('signed out: 401', async () => {
		assertError(await srv.anon().get('/api/v1/warnings/summary'), 401, 'unauthenticated');
	});
});

describe('warnings paged, with counts by kind', () => {
	test('page, per_page, total and counts', async () => {
		const w = assertOk(await e11.get('/api/v1/warnings?per_page=2'));
		assert.equal(w.total, 6);
		assert.equal(w.items.length, 2);
		assert.deepEqual(w.counts, { report_missing: 2, investment_lag: 1, milestone_overdue: 2, help_open: 1 });
		const p3 = assertOk(await e11.get('/api/v1/warnings?per_page=2&page=3'));
		assert.equal(p3.items.length, 2);
		assert.equal(p3.page, 3);
		const lag = assertOk(await e11.get('/api/v1/warnings?kind=investment_lag'));
		assert.equal(lag.total, 1);
		assert.equal(lag.counts.report_missing, 2, 'counts ignore the kind filter');
		assertError(await e11.get('/api/v1/warnings?per_page=0'), 400, undefined, 'per_page');
	});
});

describe('project list: warning filter', () => {
	test('any kind, one kind, with other filters, paging and sort', async () => {
		assert.deepEqual(ids(await e11.get('/api/v1/projects?warning=any')), [pa.id, pb.id]);
		assert.deepEqual(ids(await e11.get('/api/v1/projects?warning=investment_lag')), [pb.id]);
		assert.deepEqual(ids(await e11.get('/api/v1/projects?warning=help_open')), [pa.id]);
		assert.deepEqual(ids(await e11.get('/api/v1/projects?warning=report_missing&division=652300')), [pb.id]);
		assert.deepEqual(ids(await e11.get('/api/v1/projects?warning=milestone_overdue&status=in_progress')), [pa.id, pb.id]);
		assert.deepEqual(ids(await e11.get('/api/v1/projects?warning=any&status=completed')), []);
		const page = assertOk(await e11.get('/api/v1/projects?warning=any&per_page=1&sort=name'));
		assert.equal(page.total, 2);
		assert.deepEqual(page.items.map((x) => x.name), ['摘要项目乙']);
		const page2 = assertOk(await e11.get('/api/v1/projects?warning=any&per_page=1&page=2&sort=name'));
		assert.deepEqual(page2.items.map((x) => x.name), ['摘要项目甲']);
	});

	test('the filter follows the calendar: on Dec 10 November is not yet missing for A', async () => {
		assert.deepEqual(ids(await e10.get('/api/v1/projects?warning=report_missing')), [pb.id]);
		assert.deepEqual(ids(await e11.get('/api/v1/projects?warning=report_missing')), [pa.id, pb.id]);
	});

	test('scope: the prefecture sees A, not B; another enterprise neither', async () => {
		const pref = ids(await c.prefecture.get('/api/v1/projects?warning=any&per_page=200'));
		assert.ok(pref.includes(pa.id) && !pref.includes(pb.id), JSON.stringify(pref));
		const other = ids(await c.enterprise.get('/api/v1/projects?warning=any&per_page=200'));
		assert.ok(!other.includes(pa.id) && !other.includes(pb.id));
		const all = assertOk(await c.officer.get('/api/v1/projects?warning=any&per_page=1'));
		assert.ok(all.total >= 2);
	});

	test('a bad value names warning', async () => {
		assertError(await e11.get('/api/v1/projects?warning=late'), 400, 'not_in_list', 'warning');
		const en = await e11.get('/api/v1/projects?warning=late', { headers: { 'Accept-Language': 'en' } });
		assertError(en, 400, 'not_in_list', 'warning');
		assert.match(en.json.error.message, /report_missing/);
	});
});
