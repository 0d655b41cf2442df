// The statistics summaries (db/summary_store.h): a scorecard as of a month ignores revisions made
// after it; after random filings, revisions, enterprises moving and a target redefined, the
// maintained summaries equal a recomputation from the rows (`luoshi summaries check`), and the
// aggregate and the scorecard equal sums written here from the raw rows; a corrupted summary
// is caught by the check and mended by a rebuild.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertOk, dbQuery, run, startServer } from './harness.mjs';
import { toCsv } from './sheet-util.mjs';

let srv, c = {}, t1;

before(async () => {
	// The demo's data, the calendar on 2020-07-03: June 2020's window is open.
	process.env.LUOSHI_TODAY = '2020-07-03';
	srv = await startServer();
	for (const r of ['officer', 'admin'])
		c[r] = await srv.signIn(r);
	const policy = assertOk(await c.officer.get('/api/v1/policies')).items[0];
	t1 = assertOk(await c.officer.get(`/api/v1/targets?policy=${policy.id}`)).items.find((t) => t.code === 'T1');
	t1.policy = policy.id;
});
after(() => {
	delete process.env.LUOSHI_TODAY;
	return srv?.stop();
});

const card = async (asOf) =>
	assertOk(await c.officer.get(`/api/v1/scorecard?policy=${t1.policy}&as_of=${asOf}`)).targets.find((t) => t.code === 'T1');
const rows = (sql) => dbQuery(srv.db, sql).split('\n').filter(Boolean).map((l) => l.split('|'));
const check = () => run(['--db', srv.db, 'summaries', 'check']);

/* A small generator with a seed, so a failure can be replayed. */
function prng(seed) {
	let s = seed >>> 0;
	return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

async function revise(enterpriseId, month, change) {
	assertOk(await c.officer.post(`/api/v1/statistics/${enterpriseId}/${month}/unlock`, { reason: '测试更正' }));
	return assertOk(await c.officer.patch(`/api/v1/statistics/${enterpriseId}/${month}`, { ...change, reason: '按审定数更正' }));
}

describe('a scorecard as of a month', () => {
	test('ignores a revision made after it, and counts it from the month it was made', async () => {
		// An above-size machinery enterprise's March 2019, revised today (2020-07-03).
		const [[id, rev]] = rows(`SELECT s.enterprise_id, s.revenue_fen FROM statistics s, enterprises e, industries i
			WHERE e.id = s.enterprise_id AND i.code = e.industry AND e.above_size = 1 AND i.machinery = 1
			AND s.month = '2019-03' ORDER BY s.enterprise_id LIMIT 1;`);
		const june2019 = await card('2019-06'), june2020 = await card('2020-06'), july2020 = await card('2020-07');
		await revise(id, '2019-03', { revenue_fen: Number(rev) + 1_000_000 });
		assert.deepEqual(await card('2019-06'), june2019, 'as of June 2019: as it stood then');
		assert.deepEqual(await card('2020-06'), june2020, 'as of June 2020: the revision came in July');
		const now = await card('2020-07');
		const y2019 = (t) => t.annual.find((a) => a.year === 2019).value;
		assert.equal(y2019(now), y2019(july2020) + 1_000_000);
		assert.notDeepEqual(now, july2020);
	});
});

describe('the summaries never disagree with the rows', () => {
	test('after random filings, revisions, moves and a target redefined', async () => {
		const rnd = prng(20261128);
		const pick = (a) => a[Math.floor(rnd() * a.length)];
		const closed = rows(`SELECT enterprise_id, month FROM statistics WHERE month >= '2018-01' AND month <= '2020-05';`);
		const missingJune = rows(`SELECT e.id FROM enterprises e WHERE e.above_size = 1 AND e.archived = 0 AND NOT EXISTS
			(SELECT 1 FROM statistics s WHERE s.enterprise_id = e.id AND s.month = '2020-06');`).map((r) => r[0]);
		const counties = rows(`SELECT code FROM divisions WHERE level = 'county' ORDER BY code;`).map((r) => r[0]);
		const classes = rows(`SELECT code FROM industries WHERE level = 'class' ORDER BY code;`).map((r) => r[0]);
		const fields = rows(`SELECT code FROM fields ORDER BY code;`).map((r) => r[0]);
		assert.ok(closed.length > 500 && missingJune.length > 0 && counties.length > 50 && classes.length > 50);
		const done = { revise: 0, file: 0, move: 0 };
		for (let i = 0; i < 40; i++) {
			const op = rnd();
			if (op < 0.5) {
				const [id, month] = pick(closed);
				const change = {};
				for (const k of ['output_fen', 'revenue_fen', 'profit_fen', 'export_fen', 'rd_fen', 'employees'])
					if (rnd() < 0.5)
						change[k] = k === 'employees' ? Math.floor(rnd() * 5000) : k === 'profit_fen' ? Math.floor(rnd() * 2e9) - 1e9 : Math.floor(rnd() * 5e9);
				if (!Object.keys(change).length)
					change.revenue_fen = 123_456_789;
				await revise(id, month, change);
				done.revise++;
			} else if (op < 0.65 && missingJune.length) {
				const id = Number(missingJune.pop());
				assertOk(await c.officer.post('/api/v1/statistics', { enterprise_id: id, month: '2020-06', output_fen: 5e8,
					revenue_fen: 4e8, profit_fen: -3e6, export_fen: 0, rd_fen: 1e6, employees: 77 }), 201);
				done.file++;
			} else {
				const [id] = pick(closed);
				const ent = assertOk(await c.officer.get(`/api/v1/enterprises/${id}`));
				const change = { version: ent.version };
				const what = Math.floor(rnd() * 4);
				if (what === 0) change.division = pick(counties);
				if (what === 1) change.industry = pick(classes);
				if (what === 2) change.above_size = !ent.above_size;
				if (what === 3) change.fields = [pick(fields)];
				assertOk(await c.officer.patch(`/api/v1/enterprises/${id}`, change));
				done.move++;
			}
		}
		assert.ok(done.revise > 5 && done.file > 0 && done.move > 5, JSON.stringify(done));
		// An import (summed once, at its end): June filed for two more enterprises, the first of
		// them twice in the same file (the second row a change within June's window), and an
		// unlocked closed month changed with a reason.
		const [[idA, codeA], [idB, codeB]] = rows(`SELECT e.id, e.credit_code FROM enterprises e WHERE e.archived = 0 AND NOT EXISTS (SELECT 1 FROM statistics s WHERE s.enterprise_id = e.id AND s.month = '2020-06')
			ORDER BY e.id LIMIT 2;`);
		const [[idC, codeC, monthC]] = rows(`SELECT s.enterprise_id, e.credit_code, s.month FROM statistics s
			JOIN enterprises e ON e.id = s.enterprise_id WHERE s.month = '2019-11' ORDER BY s.enterprise_id LIMIT 1;`);
		assertOk(await c.officer.post(`/api/v1/statistics/${idC}/${monthC}/unlock`, { reason: '导入更正' }));
		const head = ['统一社会信用代码', '月份', '工业总产值（万元）', '营业收入（万元）', '利润总额（万元）', '出口交货值（万元）',
			'研发经费支出（万元）', '期末从业人数', '修改原因'];
		const line = (code, month, rev, why = '') => ({ 统一社会信用代码: code, 月份: month, '工业总产值（万元）': String(rev * 2),
			'营业收入（万元）': String(rev), '利润总额（万元）': '-1.5', '出口交货值（万元）': '', '研发经费支出（万元）': '2',
			期末从业人数: '40', 修改原因: why });
		const file = toCsv(head, [line(codeA, '2020-06', 300), line(codeB, '2020-06', 40), line(codeA, '2020-06', 310),
			line(codeC, monthC, 777, '按统计局审定数更正')]);
		const rep = assertOk(await c.officer.post('/api/v1/statistics/import', Buffer.from(file),
			{ headers: { 'Content-Type': 'text/csv' } }));
		assert.deepEqual([rep.created, rep.updated, rep.errors.length], [2, 2, 0], JSON.stringify(rep.errors));
		assert.equal(Number(dbQuery(srv.db, `SELECT revenue_fen FROM statistics WHERE enterprise_id = ${idA} AND month = '2020-06';`)), 310 * 1_000_000);
		void idB;

		// T1 narrowed to two industry divisions: its sums are written afresh.
		assertOk(await c.officer.patch(`/api/v1/targets/${t1.id}`, { version: t1.version, industries: ['C34', 'C35'] }));

		const r = check();
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /\(0 differences\)/);

		// The aggregate, by prefecture and by industry division, from the raw rows.
		for (const [by, key] of [['division', "substr(e.division, 1, 4) || '00'"], ['industry', "'C' || substr(e.industry, 1, 2)"]]) {
			const want = rows(`SELECT ${key}, sum(CASE WHEN s.month = '2020-06' THEN s.revenue_fen ELSE 0 END),
				sum(CASE WHEN s.month >= '2020-01' THEN s.revenue_fen ELSE 0 END),
				sum(CASE WHEN s.month <= '2019-06' THEN s.revenue_fen ELSE 0 END),
				sum(CASE WHEN s.month = '2020-05' THEN s.revenue_fen ELSE 0 END),
				sum(CASE WHEN s.month >= '2020-01' AND EXISTS (SELECT 1 FROM statistics y WHERE y.enterprise_id = s.enterprise_id
					AND y.month = '2019' || substr(s.month, 5)) THEN s.revenue_fen ELSE 0 END),
				sum(CASE WHEN s.month <= '2019-06' AND EXISTS (SELECT 1 FROM statistics y WHERE y.enterprise_id = s.enterprise_id
					AND y.month = '2020' || substr(s.month, 5)) THEN s.revenue_fen ELSE 0 END)
				FROM statistics s JOIN enterprises e ON e.id = s.enterprise_id
				WHERE (s.month >= '2019-01' AND s.month <= '2019-06') OR (s.month >= '2020-01' AND s.month <= '2020-06')
				GROUP BY 1 ORDER BY 1;`);
			const got = assertOk(await c.officer.get(`/api/v1/statistics/aggregate?indicator=revenue&by=${by}&month=2020-06`));
			assert.deepEqual(got.groups.map((g) => [g.key, g.month_fen, g.ytd_fen, g.ytd_last_year_fen, g.last_month_fen,
				g.ytd_matched_fen, g.ytd_matched_last_year_fen].map(String)), want, by);
			const growth = (cur, base) => (base > 0
				? Math.sign(cur - base) * Math.round(Math.abs(cur - base) * 10000 / base) / 100 : null);
			for (const g of got.groups) {
				assert.equal(g.mom_pct, growth(g.month_fen, g.last_month_fen), g.key);
				assert.equal(g.yoy_matched_pct, growth(g.ytd_matched_fen, g.ytd_matched_last_year_fen), g.key);
			}
			// Some enterprises reported in one year and not the other: the two year-on-year differ.
			assert.ok(got.groups.some((g) => g.ytd_matched_fen !== g.ytd_fen), by);
		}

		// T1's 2019 as known now (July 2020), from the rows: above-size, industries 34* or 35*.
		const [[y2019]] = rows(`SELECT sum(s.revenue_fen) FROM statistics s JOIN enterprises e ON e.id = s.enterprise_id
			WHERE s.month >= '2019-01' AND s.month <= '2019-12' AND e.above_size = 1
			AND (e.industry LIKE '34%' OR e.industry LIKE '35%');`);
		const now = await card('2020-07');
		assert.equal(String(now.annual.find((a) => a.year === 2019).value), y2019);
		// Each prefecture's share adds up to the whole.
		const items = now.prefectures.items;
		assert.equal(now.prefectures.year, 2019);
		assert.equal(String(items.reduce((s, p) => s + p.year_value, 0)), y2019);
	});

	test('a corrupted summary is caught by the check and mended by a rebuild', async () => {
		dbQuery(srv.db, `UPDATE statistics_sums SET revenue_fen = revenue_fen + 1 WHERE dim = 'county' AND month = '2019-03';`);
		let r = check();
		assert.equal(r.status, 1);
		assert.match(r.stdout, /summary rows differ/);
		r = run(['--db', srv.db, 'summaries', 'rebuild']);
		assert.equal(r.status, 0, r.stderr);
		r = check();
		assert.equal(r.status, 0, r.stdout + r.stderr);
	});
});
