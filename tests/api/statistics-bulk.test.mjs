// The statistics import's fast path (domain/statistics_sheet.c fast_row): new rows of a monthly
// file are inserted from their cells and summed in memory, every other row goes through the
// rules of a single filing. One file mixes both, in an order chosen to trip the summing: a
// month's pair a year later filed before it, pairs completed with stored months on both sides,
// a row created by the slow path between two fast ones of the same enterprise, a row repeated
// (the repeat is a change), and bad rows. Afterwards the rows are what the file says, the
// summaries agree with a recomputation (`luoshi summaries check`), and the import's audit row
// carries the new rows' count, months and control totals, worked out here from the file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertOk, dbQuery, run, startServer } from './harness.mjs';
import { toCsv } from './sheet-util.mjs';

let srv, officer;

before(async () => {
	process.env.LUOSHI_TODAY = '2020-07-03'; // June 2020's window is open, earlier months closed
	srv = await startServer();
	officer = await srv.signIn('officer');
});
after(() => {
	delete process.env.LUOSHI_TODAY;
	return srv?.stop();
});

const rows = (sql) => dbQuery(srv.db, sql).split('\n').filter(Boolean).map((l) => l.split('|'));
const head = ['统一社会信用代码', '月份', '工业总产值（万元）', '营业收入（万元）', '利润总额（万元）', '出口交货值（万元）',
	'研发经费支出（万元）', '期末从业人数', '修改原因'];
/* A row of the file; figures in 万元 as the bureau writes them. */
const line = (code, month, rev, why = '') => ({ 统一社会信用代码: code, 月份: month, '工业总产值（万元）': (rev * 1.25).toFixed(2),
	'营业收入（万元）': rev.toFixed(2), '利润总额（万元）': (-rev / 10).toFixed(2), '出口交货值（万元）': '',
	'研发经费支出（万元）': '0.5', 期末从业人数: '33', 修改原因: why });

describe('a monthly file through the fast path and the slow one', () => {
	test('rows, summaries and the audit row come out right whatever the order', async () => {
		// A below-size enterprise with no statistics at all, and an above-size one with a hole in
		// its months whose neighbours a year before and after are stored.
		const [[idN, codeN]] = rows(`SELECT e.id, e.credit_code FROM enterprises e WHERE e.archived = 0 AND NOT EXISTS
			(SELECT 1 FROM statistics s WHERE s.enterprise_id = e.id) ORDER BY e.id LIMIT 1;`);
		const [[idH, codeH]] = rows(`SELECT e.id, e.credit_code FROM enterprises e WHERE e.above_size = 1 AND e.archived = 0
			ORDER BY e.id LIMIT 1;`);
		const hole = '2018-05';
		const [[revH]] = rows(`SELECT revenue_fen FROM statistics WHERE enterprise_id = ${idH} AND month = '${hole}';`);
		dbQuery(srv.db, `DELETE FROM statistics WHERE enterprise_id = ${idH} AND month = '${hole}';`);
		// The hole's figures left the rows by hand: rebuild so the summaries start true.
		assert.equal(run(['--db', srv.db, 'summaries', 'rebuild']).status, 0);
		assert.ok(Number(revH) > 0);

		const file = [
			line(codeN, '2019-03', 120),           // fast; its pair a year before comes later
			line(codeN, '2018-03', 100),           // fast; completes 2019-03's pair
			line(codeN, '2017-03', 90, '补报'),     // slow (a reason): created between fast rows
			line(codeN, '2016-03', 80),            // fast, after the slow one: completes 2017-03's pair
			line(codeN, '2018-03', 101),           // a repeat: a change of a closed month, refused (locked)
			line(codeH, hole, 55.5),               // fast; pairs with 2017-05 and 2019-05, both stored
			line(codeN, '2020-06', 130),           // fast, in the open window: not late
			line(codeN, '2020-08', 1),             // a month not open yet: refused
			line('91650100MA00000000', '2019-01', 1), // no such enterprise: refused
			{ ...line(codeN, '2019-04', 1), '营业收入（万元）': '十二' }, // not a figure: refused
		];
		const rep = assertOk(await officer.post('/api/v1/statistics/import?mode=valid', Buffer.from(toCsv(head, file)),
			{ headers: { 'Content-Type': 'text/csv' } }));
		assert.deepEqual([rep.created, rep.updated, rep.unchanged], [6, 0, 0], JSON.stringify(rep));
		assert.deepEqual(rep.errors.map((e) => e.row), [6, 9, 10, 11], JSON.stringify(rep.errors));
		assert.match(JSON.stringify(rep.errors.find((e) => e.row === 11)), /营业收入/);

		// The rows as the file says, late but for June 2020.
		const got = rows(`SELECT month, revenue_fen, profit_fen, export_fen, rd_fen, employees, late FROM statistics
			WHERE enterprise_id = ${idN} ORDER BY month;`);
		assert.deepEqual(got, [
			['2016-03', '80000000', '-8000000', '0', '500000', '33', '1'],
			['2017-03', '90000000', '-9000000', '0', '500000', '33', '1'],
			['2018-03', '100000000', '-10000000', '0', '500000', '33', '1'],
			['2019-03', '120000000', '-12000000', '0', '500000', '33', '1'],
			['2020-06', '130000000', '-13000000', '0', '500000', '33', '0'],
		]);
		assert.deepEqual(rows(`SELECT revenue_fen FROM statistics WHERE enterprise_id = ${idH} AND month = '${hole}';`),
			[['55500000']]);

		const r = run(['--db', srv.db, 'summaries', 'check']);
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /\(0 differences\)/);

		// One audit row for the import; the five fast rows in it with their control totals
		// (the slow one has its own audit row).
		const [[changes]] = rows(`SELECT changes FROM audit WHERE action = 'import' AND entity = 'statistics'
			ORDER BY id DESC LIMIT 1;`);
		const fast = [file[0], file[1], file[3], file[5], file[6]];
		const sum = (col) => fast.reduce((s, r) => s + Math.round(Number(r[col]) * 1_000_000), 0);
		assert.deepEqual(JSON.parse(changes).new_rows, {
			count: 5, from: '2016-03', to: '2020-06',
			sums: { output_fen: sum('工业总产值（万元）'), revenue_fen: sum('营业收入（万元）'), profit_fen: sum('利润总额（万元）'),
				export_fen: 0, rd_fen: 5 * 500_000, employees: 5 * 33 },
		});
		assert.deepEqual(rows(`SELECT count(*) FROM audit WHERE action = 'create' AND entity = 'statistics'
			AND entity_id LIKE '${idN}/%';`), [['1']]);
	});

	test('a dry run writes nothing, and an all-or-nothing import with a bad row writes nothing', async () => {
		const [[idN, codeN]] = rows(`SELECT e.id, e.credit_code FROM enterprises e WHERE e.archived = 0 AND NOT EXISTS
			(SELECT 1 FROM statistics s WHERE s.enterprise_id = e.id) ORDER BY e.id LIMIT 1;`);
		const before = rows(`SELECT count(*), (SELECT count(*) FROM statistics_sums), (SELECT count(*) FROM audit) FROM statistics;`);
		const good = [line(codeN, '2019-01', 10), line(codeN, '2019-02', 11)];
		const dry = assertOk(await officer.post('/api/v1/statistics/import?dry_run=1', Buffer.from(toCsv(head, good)),
			{ headers: { 'Content-Type': 'text/csv' } }));
		assert.equal(dry.created, 2);
		const bad = await officer.post('/api/v1/statistics/import', Buffer.from(toCsv(head, [...good, line(codeN, '2019-13', 1)])),
			{ headers: { 'Content-Type': 'text/csv' } });
		assert.equal(bad.status, 422);
		assert.deepEqual(rows(`SELECT count(*), (SELECT count(*) FROM statistics_sums), (SELECT count(*) FROM audit) FROM statistics;`),
			before);
		assert.deepEqual(rows(`SELECT count(*) FROM statistics WHERE enterprise_id = ${idN};`), [['0']]);
	});
});
