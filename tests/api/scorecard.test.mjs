// The scorecard: each target of the seed policy as of a month, recomputed here from the raw
// rows (SQL written independently of the server's) and the forecast formulas worked in
// JavaScript; values entered by hand counted up to the month; the measures' tasks and projects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, dbQuery, startServer } from './harness.mjs';

let srv, c = {}, policy;

before(async () => {
	srv = await startServer(); // the demo: calendar 2020-07-15
	for (const r of ['officer', 'prefecture', 'enterprise', 'association', 'auditor', 'department'])
		c[r] = await srv.signIn(r);
	policy = assertOk(await c.officer.get('/api/v1/policies')).items[0];
});
after(() => srv?.stop());

const card = async (asOf) => assertOk(await c.officer.get(`/api/v1/scorecard?policy=${policy.id}${asOf ? '&as_of=' + asOf : ''}`));
const target = (sc, code) => sc.targets.find((t) => t.code === code);

/* Revenue of above-size enterprises in the machinery classes, by month, as it stood at the end of
 * day cut: rows filed by then, each with the figure it had then — a row revised after the day
 * counts with the value its first later revision replaced. */
function revenueByMonth(cut) {
	const rows = dbQuery(srv.db, `SELECT s.enterprise_id, s.month, s.revenue_fen FROM statistics s, enterprises e, industries i
		WHERE e.id = s.enterprise_id AND i.code = e.industry AND e.above_size = 1 AND i.machinery = 1
		AND s.submitted_on <= '${cut}';`);
	const then = new Map();
	const revs = dbQuery(srv.db, `SELECT enterprise_id, month, before_json FROM statistics_revisions
		WHERE on_day > '${cut}' ORDER BY id;`);
	for (const line of revs.split('\n').filter(Boolean)) {
		const [id, month, before] = line.split('|');
		const v = JSON.parse(before).revenue_fen;
		if (v !== undefined && !then.has(`${id}/${month}`))
			then.set(`${id}/${month}`, String(v));
	}
	const m = new Map();
	for (const line of rows.split('\n').filter(Boolean)) {
		const [id, month, v] = line.split('|');
		m.set(month, (m.get(month) || 0n) + BigInt(then.get(`${id}/${month}`) ?? v));
	}
	return m;
}

const sumMonths = (m, year, upTo = 12) => {
	let s = 0n, all = true;
	for (let k = 1; k <= upTo; k++) {
		const v = m.get(`${year}-${String(k).padStart(2, '0')}`);
		if (v === undefined) all = false;
		else s += v;
	}
	return { s, all };
};
const divRound = (n, d) => { // half away from zero, BigInt
	const q = n / d, r = n % d;
	return 2n * (r < 0n ? -r : r) >= d ? q + (n < 0n ? -1n : 1n) : q;
};

describe('the scorecard as of June 2020 (the demo calendar\'s last month)', () => {
	test('T1 from the statistics: annual totals, the trend and the seasonal forecasts, the status', async () => {
		const sc = await card();
		assert.equal(sc.as_of, '2020-06');
		assert.equal(sc.known_by, '2020-06-30');
		const t1 = target(sc, 'T1');
		const m = revenueByMonth('2020-06-30');
		const annual = {};
		for (const y of [2016, 2017, 2018, 2019]) {
			const { s, all } = sumMonths(m, y);
			assert.ok(all, `${y} complete`);
			annual[y] = s;
			assert.equal(BigInt(t1.annual.find((a) => a.year === y).value), s, `${y}`);
		}
		assert.deepEqual(t1.actual, { value: Number(annual[2019]), year: 2019 });
		// June's rows are filed in July: known by 2020-06-30 are January to May.
		assert.equal(t1.ytd.through_month, 5);
		assert.equal(BigInt(t1.ytd.value), sumMonths(m, 2020, 5).s);
		// Trend: (2019 / 2016)^(1/3) − 1 in basis points, then 2019 × (1 + rate) for one year.
		const rate = BigInt(Math.round((Math.pow(Number(annual[2019]) / Number(annual[2016]), 1 / 3) - 1) * 10000));
		const trend = divRound(divRound(annual[2019] * 100000000n * (10000n + rate), 10000n), 100000000n);
		const tf = t1.forecasts.find((f) => f.method === 'trend');
		assert.equal(BigInt(Math.round(tf.rate_pct * 100)), rate);
		assert.equal(BigInt(tf.value), trend);
		// Seasonal: January–May 2020 × Σ annual / Σ January–May of 2017, 2018 and 2019.
		let sa = 0n, sy = 0n;
		for (const y of [2017, 2018, 2019]) {
			sa += annual[y];
			sy += sumMonths(m, y, 5).s;
		}
		const est = divRound(sumMonths(m, 2020, 5).s * sa, sy);
		const sf = t1.forecasts.find((f) => f.method === 'seasonal');
		assert.equal(BigInt(sf.value), est);
		assert.equal(BigInt(t1.forecast), est, 'the seasonal estimate is the forecast when the deadline is this year');
		// The status follows the rule: the forecast against 1,000 亿元 with a 10 % band.
		const short = Number(10000000000000n - est) / 1e13 * 100;
		const expected = est >= 10000000000000n ? 'on_track' : short <= 10 ? 'at_risk' : 'off_track';
		assert.equal(t1.status, expected);
		assert.equal(t1.rule.name, 'forecast');
		assert.equal(t1.rule.against, 10000000000000);
		// Required growth from 2019's figure to 1,000 亿元 in one year.
		assert.equal(t1.required_growth_pct, Math.round((1e13 / Number(annual[2019]) - 1) * 10000) / 100);
	});

	test('T2 counts the projects whose last step by the day left them approved, in progress or completed', async () => {
		const sc = await card();
		const n = Number(dbQuery(srv.db, `SELECT count(*) FROM projects p JOIN project_events ev ON ev.project_id = p.id
			WHERE p.target = 'T2' AND ev.id = (SELECT max(id) FROM project_events x WHERE x.project_id = p.id AND x.on_day <= '2020-06-30')
			AND ev.to_status IN ('approved', 'in_progress', 'completed');`));
		const t2 = target(sc, 'T2');
		assert.equal(t2.actual.value, n);
		// The pace since the end of 2017 (30 months of 36) carried to the deadline.
		assert.equal(t2.forecast, Math.round(n * 36 / 30));
		assert.equal(t2.path_value, Math.round(50 * 30 / 36));
		// The rule: achieved at 50; else the forecast against 50, within 10 % short at risk.
		const f = Math.round(n * 36 / 30);
		assert.equal(t2.status, n >= 50 ? 'achieved' : f >= 50 ? 'on_track' : (50 - f) / 50 <= 0.1 ? 'at_risk' : 'off_track');
		// Two years earlier fewer had been approved.
		const early = target(await card('2018-06'), 'T2');
		assert.ok(early.actual.value < n, `${early.actual.value} < ${n}`);
	});

	test('a target measured by hand counts the values entered for months up to the card\'s', async () => {
		const t3 = target(await card(), 'T3');
		assert.equal(t3.actual, null);
		assert.equal(t3.status, null);
		assert.equal(t3.rule.name, 'no_value');
		assertOk(await c.officer.post(`/api/v1/targets/${t3.id}/entries`, { as_of: '2019-12', value: 8, evidence: '认定文件' }), 201);
		assertOk(await c.officer.post(`/api/v1/targets/${t3.id}/entries`, { as_of: '2020-09', value: 10, evidence: '认定文件' }), 201);
		const now = target(await card('2020-06'), 'T3');
		assert.deepEqual([now.actual.value, now.actual.as_of], [8, '2019-12']);
		// 8 in 30 of 36 months → 9.6 → 10 at the deadline: on track for 10.
		assert.equal(now.forecast, 10);
		assert.equal(now.status, 'on_track');
		const later = target(await card('2020-09'), 'T3');
		assert.deepEqual([later.actual.value, later.status], [10, 'achieved']);
	});

	test('each measure with its tasks and its projects', async () => {
		const sc = await card();
		const m1 = sc.measures.find((m) => m.code === 'M1');
		assert.deepEqual(m1.tasks, { open: 1, done: 2, overdue: 1 }); // the seed's three M1 tasks
		const byStatus = Object.values(m1.projects.by_status).reduce((a, b) => a + b, 0);
		assert.equal(byStatus, m1.projects.count);
		const n = Number(dbQuery(srv.db, `SELECT count(*) FROM projects WHERE measure = 'M1';`));
		assert.equal(m1.projects.count, n, 'every M1 project had taken a step by mid-2020');
	});

	test("each lead department's tasks of the policy and its on-time record", async () => {
		const sc = await card();
		const record = assertOk(await c.officer.get('/api/v1/tasks/record')).items; // the demo has one policy
		assert.deepEqual(sc.departments, record);
		const tasks = assertOk(await c.officer.get(`/api/v1/tasks?policy=${policy.id}&per_page=500`));
		assert.equal(sc.departments.reduce((s, d) => s + d.tasks, 0), (tasks.items || tasks).length);
		// A department reads its own line only.
		const dep = assertOk(await c.department.get(`/api/v1/scorecard?policy=${policy.id}`));
		assert.equal(dep.departments.length, 1);
	});

	test("each prefecture's share of T1 adds up to the whole, its growth worked from its own months", async () => {
		const t1 = target(await card(), 'T1');
		const p = t1.prefectures;
		assert.equal(p.year, 2019);
		assert.equal(p.items.reduce((s, x) => s + x.year_value, 0), t1.actual.value);
		assert.equal(p.items.reduce((s, x) => s + x.ytd_value, 0), t1.ytd.value);
		for (const x of p.items) {
			assert.equal(x.year_share_pct, Math.round(x.year_value * 10000 / t1.actual.value) / 100, x.code);
			const yoy = x.ytd_last_year > 0 ? Math.sign(x.ytd_value - x.ytd_last_year) *
				Math.round(Math.abs(x.ytd_value - x.ytd_last_year) * 10000 / x.ytd_last_year) / 100 : null;
			assert.equal(x.yoy_pct, yoy, x.code);
			assert.ok(x.name && x.name !== x.code);
		}
		// The same months a year before, from the rows (Jan..May 2019, known by 2020-06-30).
		const m = revenueByMonth('2020-06-30');
		assert.equal(p.items.reduce((s, x) => s + BigInt(x.ytd_last_year), 0n),
			[1, 2, 3, 4, 5].reduce((s, k) => s + (m.get(`2019-0${k}`) || 0n), 0n));
	});
});

describe('who may read it, and bad requests', () => {
	test('officers, departments, associations and auditors read it; prefecture and enterprise users do not', async () => {
		for (const r of ['department', 'auditor'])
			assertOk(await c[r].get(`/api/v1/scorecard?policy=${policy.id}`));
		const assoc = assertOk(await c.association.get(`/api/v1/scorecard?policy=${policy.id}`));
		assert.equal(assoc.measures[0].tasks, null, 'no tasks for those who may not read them');
		assertError(await c.enterprise.get(`/api/v1/scorecard?policy=${policy.id}`), 403, 'forbidden');
		assertError(await c.prefecture.get(`/api/v1/scorecard?policy=${policy.id}`), 403, 'forbidden');
	});

	test('a bad month, no policy, an unknown policy', async () => {
		assertError(await c.officer.get(`/api/v1/scorecard?policy=${policy.id}&as_of=2020-13`), 400, 'invalid', 'as_of');
		assertError(await c.officer.get('/api/v1/scorecard'), 400, 'required', 'policy');
		assertError(await c.officer.get('/api/v1/scorecard?policy=999999'), 404, 'not_found');
	});
});
