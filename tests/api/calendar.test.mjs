// The reporting calendar on a project's timeline: each step records the calendar's day
// (on_day) beside its real time, so a demo's history and a scorecard "as of" read by it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertOk, startServer } from './harness.mjs';

let srv, officer;
before(async () => {
	srv = await startServer(); // the demo calendar stands on 2020-07-15
	officer = await srv.signIn('officer');
});
after(() => srv?.stop());

test('a step taken now is on the calendar\'s day; its real time is kept beside it', async () => {
	const ent = await srv.signIn('enterprise');
	const p = assertOk(await officer.post('/api/v1/projects', {
		enterprise_id: ent.user.enterprise_id, name: '日历测试项目', division: '650109', category: 'smart',
		total_fen: 100000, funding: [{ source: 'own', amount_fen: 100000 }], start_date: '2020-09-01', end_date: '2021-06-30',
	}), 201);
	const q = assertOk(await officer.post(`/api/v1/projects/${p.id}/transitions`, { action: 'submit', comment: '提交' }));
	assert.deepEqual(q.events.map((e) => [e.action, e.on_day]), [['create', '2020-07-15'], ['submit', '2020-07-15']]);
	assert.match(q.events[1].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	assert.notEqual(q.events[1].at.slice(0, 10), '2020-07-15', 'the real time is today, not the demo\'s');
});

test('the demo\'s history is dated on its calendar: applied before the start, started on the start date', async () => {
	const list = assertOk(await officer.get('/api/v1/projects?status=in_progress&per_page=5'));
	for (const item of list.items) {
		const p = assertOk(await officer.get(`/api/v1/projects/${item.id}`));
		const day = Object.fromEntries(p.events.map((e) => [e.action, e.on_day]));
		assert.ok(day.create < day.submit && day.submit < day.approve && day.approve < day.start, JSON.stringify(day));
		assert.equal(day.start, p.start_date, 'started on its start date');
		assert.ok(day.start <= '2020-07-15');
	}
});
