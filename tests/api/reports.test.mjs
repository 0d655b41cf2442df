// Monthly progress reports (月度调度): the window, lateness, the lock, unlock with a reason,
// revisions, and the figures computed from the reports (never typed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, startServer } from './harness.mjs';

let srv, early, c = {}, ce = {};

/* A project of the demo enterprise built in Urumqi, started 2018-03-01:
 * total 2,000,000.00 yuan (200,000,000 fen), planned 1,000,000.00 yuan in 2018 and 2019. */
function body(enterpriseId) {
	return {
		enterprise_id: enterpriseId, name: '月报测试项目', division: '650109', category: 'techreform', field: 'power',
		target: 'T4', measure: 'M2', total_fen: 200000000,
		funding: [{ source: 'own', amount_fen: 200000000 }],
		plan: [{ year: 2018, amount_fen: 100000000 }, { year: 2019, amount_fen: 100000000 }],
		start_date: '2018-03-01', end_date: '2019-12-31',
		milestones: [{ name: '设备进场', planned_date: '2018-09-30' }],
	};
}

async function startedProject(cl) {
	const p = assertOk(await cl.officer.post('/api/v1/projects', body(cl.enterprise.user.enterprise_id)), 201);
	for (const action of ['submit', 'pass', 'approve', 'start'])
		assertOk(await cl.officer.post(`/api/v1/projects/${p.id}/transitions`, { action, comment: '同意' }));
	return p;
}

before(async () => {
	// The reporting calendar stands on 2018-12-20: November's window (Dec 1–10) has closed.
	process.env.LUOSHI_TODAY = '2018-12-20';
	srv = await startServer();
	// A second server on its own database stands on 2018-12-05: November's window is open.
	process.env.LUOSHI_TODAY = '2018-12-05';
	early = await startServer();
	delete process.env.LUOSHI_TODAY;
	for (const r of ['officer', 'prefecture', 'enterprise', 'department', 'admin'])
		c[r] = await srv.signIn(r);
	for (const r of ['officer', 'enterprise'])
		ce[r] = await early.signIn(r);
});

after(async () => {
	await srv?.stop();
	await early?.stop();
});

describe('filing', () => {
	let p;
	before(async () => {
		p = await startedProject(c);
	});

	test('figures are computed from the reports: year to date, to date, % of the year plan and of the total', async () => {
		const oct = assertOk(await c.enterprise.post(`/api/v1/projects/${p.id}/reports`,
			{ month: '2018-10', investment_fen: 30000000, progress: '厂房主体封顶', jobs: 12 }), 201);
		// 300,000.00 of 1,000,000.00 planned for 2018 = 30.00 %; of 2,000,000.00 in all = 15.00 %.
		assert.equal(oct.ytd_investment_fen, 30000000);
		assert.equal(oct.to_date_investment_fen, 30000000);
		assert.equal(oct.pct_of_year_plan, 30);
		assert.equal(oct.pct_of_total, 15);
		const nov = assertOk(await c.officer.post(`/api/v1/projects/${p.id}/reports`,
			{ month: '2018-11', investment_fen: 20000000, help_department: 'fg', problems: '用地审批' }), 201);
		// 500,000.00 by November: 50.00 % of 2018's plan, 25.00 % of the total.
		assert.equal(nov.ytd_investment_fen, 50000000);
		assert.equal(nov.to_date_investment_fen, 50000000);
		assert.equal(nov.pct_of_year_plan, 50);
		assert.equal(nov.pct_of_total, 25);
		// Both were filed after their windows (Nov 1–10 and Dec 1–10): late and locked.
		assert.equal(oct.late, true);
		assert.equal(nov.locked, true);
		const list = assertOk(await c.department.get(`/api/v1/projects/${p.id}/reports`));
		assert.deepEqual(list.items.map((r) => r.month), ['2018-10', '2018-11']);
	});

	test('a month whose window has not opened, a month before the start, a duplicate', async () => {
		assertError(await c.officer.post(`/api/v1/projects/${p.id}/reports`, { month: '2018-12', investment_fen: 1 }),
			400, 'invalid', 'month');
		assertError(await c.officer.post(`/api/v1/projects/${p.id}/reports`, { month: '2018-02', investment_fen: 1 }),
			400, 'invalid', 'month');
		assertError(await c.officer.post(`/api/v1/projects/${p.id}/reports`, { month: '2018-10', investment_fen: 1 }),
			409, 'duplicate', 'month');
		assertError(await c.officer.post(`/api/v1/projects/${p.id}/reports`, { month: '2018-13', investment_fen: 1 }),
			400, 'invalid', 'month');
	});

	test('bad figures are refused naming the field', async () => {
		const url = `/api/v1/projects/${p.id}/reports`;
		assertError(await c.officer.post(url, { month: '2018-09', investment_fen: -1 }), 400, 'range', 'investment_fen');
		assertError(await c.officer.post(url, { month: '2018-09', investment_fen: 1, jobs: -3 }), 400, 'range', 'jobs');
		assertError(await c.officer.post(url, { month: '2018-09', investment_fen: 1, help_department: 'nope' }),
			404, 'not_found', 'help_department');
		assertError(await c.officer.post(url, { month: '2018-09', investment_fen: 1,
			milestones_reached: [{ milestone_id: p.milestones[0].id, actual_date: '2019-01-01' }] }),
		400, 'invalid', 'milestones_reached'); // after the calendar's today
		assertError(await c.officer.post(url, { month: '2018-09' }), 400, 'required', 'investment_fen');
	});

	test('a milestone reached is dated on the project', async () => {
		assertOk(await c.officer.post(`/api/v1/projects/${p.id}/reports`, { month: '2018-09', investment_fen: 0,
			milestones_reached: [{ milestone_id: p.milestones[0].id, actual_date: '2018-09-28' }] }), 201);
		const got = assertOk(await c.officer.get(`/api/v1/projects/${p.id}`));
		assert.equal(got.milestones[0].actual_date, '2018-09-28');
	});

	test('who may file: the owner, its prefecture, officers; not departments', async () => {
		assertError(await c.department.post(`/api/v1/projects/${p.id}/reports`, { month: '2018-08', investment_fen: 1 }),
			403, 'forbidden');
		assertOk(await c.prefecture.post(`/api/v1/projects/${p.id}/reports`, { month: '2018-08', investment_fen: 1 }), 201);
	});

	test('only a project in progress takes reports', async () => {
		const draft = assertOk(await c.officer.post('/api/v1/projects', body(c.enterprise.user.enterprise_id)), 201);
		assertError(await c.officer.post(`/api/v1/projects/${draft.id}/reports`, { month: '2018-10', investment_fen: 1 }),
			409, 'state');
	});
});

describe('the lock after the window, and revisions', () => {
	test('a closed report changes only after an officer unlocks it, with reasons, and each change is kept', async () => {
		const p = await startedProject(c);
		const url = `/api/v1/projects/${p.id}/reports`;
		assertOk(await c.enterprise.post(url, { month: '2018-10', investment_fen: 50000000 }), 201);
		assertError(await c.enterprise.patch(`${url}/2018-10`, { investment_fen: 40000000 }), 409, 'report_locked');
		assertError(await c.prefecture.post(`${url}/2018-10/unlock`, { reason: '更正' }), 403, 'forbidden');
		assertError(await c.officer.post(`${url}/2018-10/unlock`, {}), 400, 'required', 'reason');
		const un = assertOk(await c.officer.post(`${url}/2018-10/unlock`, { reason: '企业申请更正统计口径' }));
		assert.equal(un.locked, false);
		assertError(await c.enterprise.patch(`${url}/2018-10`, { investment_fen: 40000000 }), 400, 'required', 'reason');
		const r = assertOk(await c.enterprise.patch(`${url}/2018-10`, { investment_fen: 40000000, reason: '统计口径更正' }));
		assert.equal(r.investment_fen, 40000000);
		assert.equal(r.ytd_investment_fen, 40000000);
		assert.equal(r.locked, true, 'locked again after the change');
		assert.equal(r.revisions.length, 1);
		assert.deepEqual(r.revisions[0].before, { investment_fen: 50000000 });
		assert.deepEqual(r.revisions[0].after, { investment_fen: 40000000 });
		assert.equal(r.revisions[0].user, 'enterprise');
		assert.equal(r.revisions[0].reason, '统计口径更正');
		assertError(await c.enterprise.patch(`${url}/2018-10`, { investment_fen: 1, reason: '再改' }), 409, 'report_locked');
		const log = assertOk(await c.admin.get(`/api/v1/audit?entity=project_report&entity_id=${p.id}/2018-10`));
		assert.deepEqual(log.items.map((x) => x.action).reverse(), ['report', 'unlock', 'revise']);
		assertOk(await c.admin.get('/api/v1/audit/verify'));
	});

	test('inside the window a report is on time, changes freely (kept as revisions) and has nothing to unlock', async () => {
		const p = await startedProject(ce);
		const url = `/api/v1/projects/${p.id}/reports`;
		const r = assertOk(await ce.enterprise.post(url, { month: '2018-11', investment_fen: 10000000 }), 201);
		assert.equal(r.late, false);
		assert.equal(r.locked, false);
		const ch = assertOk(await ce.enterprise.patch(`${url}/2018-11`, { investment_fen: 12000000, progress: '调试' }));
		assert.equal(ch.revisions.length, 1);
		assertError(await ce.officer.post(`${url}/2018-11/unlock`, { reason: '无需' }), 409, 'not_locked');
		assertError(await ce.enterprise.patch(`${url}/2018-11`, { month: '2018-10' }), 400, 'invalid', 'month');
		assertError(await ce.enterprise.patch(`${url}/2018-07`, { investment_fen: 1 }), 404, 'not_found');
	});
});

describe('warnings and counters', () => {
	test('each warning with its rule and the figures that fired it (calendar 2018-12-20)', async () => {
		const p = await startedProject(c);
		const url = `/api/v1/projects/${p.id}/reports`;
		// June only: 100,000.00 yuan of 2018's 1,000,000.00, asking 发改 (fg) for help.
		assertOk(await c.enterprise.post(url, { month: '2018-06', investment_fen: 10000000, help_department: 'fg',
			problems: '用地审批' }), 201);
		const w = assertOk(await c.officer.get(`/api/v1/warnings?project_id=${p.id}`));
		assert.equal(w.today, '2018-12-20');
		const by = Object.fromEntries(w.items.map((x) => [x.kind, x]));
		assert.deepEqual(Object.keys(by).sort(), ['help_open', 'investment_lag', 'milestone_overdue', 'report_missing']);
		// March to November are due (November's window closed on Dec 10); June is filed: 8 missing.
		assert.deepEqual(by.report_missing.figures, { missing: 8, first: '2018-03', last: '2018-11' });
		// 10.00 % done against 11/12 − 15 pp = 76.67 % expected.
		assert.equal(by.investment_lag.figures.actual_pct, 10);
		assert.equal(by.investment_lag.figures.expected_pct, 76.67);
		assert.equal(by.investment_lag.figures.months, 11);
		assert.equal(by.investment_lag.figures.year_plan_fen, 100000000);
		assert.match(by.investment_lag.message, /10\.00%/);
		// Planned 2018-09-30, not reached: 81 days by Dec 20.
		assert.equal(by.milestone_overdue.figures.days_overdue, 81);
		assert.equal(by.milestone_overdue.milestone_id, p.milestones[0].id);
		// Asked when June's window opened (July 1): 172 days.
		assert.equal(by.help_open.figures.days_open, 172);
		assert.equal(by.help_open.help_department, 'fg');
		for (const x of w.items)
			assert.ok(x.rule && x.message && x.project_name === '月报测试项目', JSON.stringify(x));

		assert.deepEqual(assertOk(await c.officer.get(`/api/v1/warnings?project_id=${p.id}&kind=investment_lag`))
			.items.map((x) => x.kind), ['investment_lag']);
		assertError(await c.officer.get('/api/v1/warnings?kind=nope'), 400, 'not_in_list', 'kind');
		const en = await c.officer.get(`/api/v1/warnings?project_id=${p.id}&kind=report_missing`, { headers: { 'Accept-Language': 'en' } });
		assert.match(assertOk(en).items[0].message, /8 monthly reports missing/);

		// Another department may not close 发改's request; 发改 (the demo department user is fg) may.
		const cz = assertOk(await c.admin.post('/api/v1/users', { username: 'dept-cz', password: 'a-long-password-88',
			role: 'department', department: 'cz' }), 201);
		assert.equal(cz.department, 'cz');
		const czc = await srv.signIn('dept-cz', 'a-long-password-88');
		assertError(await czc.post(`${url}/2018-06/resolve`, { comment: '已协调' }), 403, 'forbidden');
		const done = assertOk(await c.department.post(`${url}/2018-06/resolve`, { comment: '已协调自然资源部门' }));
		assert.ok(done.help_resolved_at);
		assertError(await c.department.post(`${url}/2018-06/resolve`, { comment: '再次' }), 409, 'state');
		const after = assertOk(await c.officer.get(`/api/v1/warnings?project_id=${p.id}`));
		assert.ok(!after.items.some((x) => x.kind === 'help_open'));
	});

	test('counters come from the same projects the list shows, within the user\'s scope', async () => {
		const all = assertOk(await c.officer.get('/api/v1/projects/counters'));
		const t4 = all.targets.find((x) => x.key === 'T4');
		assert.equal(t4.goal, 100);
		const list = assertOk(await c.officer.get('/api/v1/projects?per_page=200'));
		const inProgressT4 = list.items.filter((x) => x.target === 'T4' && x.status === 'in_progress').length;
		assert.equal(t4.in_progress, inProgressT4);
		const sum = (rows, k) => rows.reduce((s, r) => s + r[k], 0);
		assert.equal(sum(all.by_category, 'completed_fen'), all.investment.completed_fen);
		const mine = assertOk(await c.enterprise.get('/api/v1/projects/counters'));
		const mineList = assertOk(await c.enterprise.get('/api/v1/projects?per_page=200'));
		assert.equal(sum(mine.by_category, 'in_progress'), mineList.items.filter((x) => x.status === 'in_progress').length);
		assertError(await c.officer.get('/api/v1/projects/counters?division=65'), 400, 'invalid', 'division');
	});
});
