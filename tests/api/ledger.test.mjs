// The policy ledger: the seed policy as data, a policy entered whole (and refused whole),
// measures and targets, department tasks with overdue and escalation on the reporting
// calendar, updates, completion, the on-time record per department.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, startServer } from './harness.mjs';

let srv, later, c = {}, policy, tasks;

const byTitle = (list, t) => list.find((x) => x.title === t);

before(async () => {
	srv = await startServer(); // the demo calendar stands on 2020-07-15
	// A second demo database whose calendar stands three weeks later, on 2020-08-05.
	process.env.LUOSHI_TODAY = '2020-08-05';
	later = await startServer();
	delete process.env.LUOSHI_TODAY;
	for (const r of ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'])
		c[r] = await srv.signIn(r);
	const list = assertOk(await c.officer.get('/api/v1/policies'));
	policy = assertOk(await c.officer.get(`/api/v1/policies/${list.items[0].id}`));
	tasks = assertOk(await c.officer.get(`/api/v1/tasks?policy=${policy.id}`)).items;
});

after(async () => {
	await srv?.stop();
	await later?.stop();
});

describe('the seed policy', () => {
	test('is demo data with its text, twelve measures anchored to their paragraphs and seven targets', async () => {
		const list = assertOk(await c.enterprise.get('/api/v1/policies')); // every role reads the ledger
		assert.equal(list.items.length, 1);
		assert.equal(list.items[0].demo, true);
		assert.equal(list.items[0].measures, 12);
		assert.equal(list.items[0].targets, 7);
		assert.equal(list.items[0].tasks, 18);
		assert.equal(list.items[0].body, undefined, 'the list leaves the text out');
		assert.deepEqual(policy.measures.map((m) => m.code), ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'S1', 'S2', 'S3', 'S4', 'S5']);
		assert.equal(policy.measures.filter((m) => m.kind === 'safeguard').length, 5);
		const lines = policy.body.split('\n');
		for (const m of policy.measures)
			assert.ok(lines[m.paragraph].includes(m.title), `${m.code} is anchored at its heading: ${lines[m.paragraph]}`);
		// 三、主要工作 (一): the 10th line of the text; 四、保障措施 (五): the 34th.
		assert.equal(policy.measures[0].paragraph, 9);
		assert.equal(policy.measures[11].paragraph, 33);
		const t1 = policy.targets.find((t) => t.code === 'T1');
		assert.equal(t1.source, 'statistics');
		assert.equal(t1.indicator_key, 'revenue');
		assert.equal(t1.above_size_only, true);
		assert.equal(t1.target_value, 10000000000000); // 1,000 亿元 in fen
		const t2 = policy.targets.find((t) => t.code === 'T2');
		assert.deepEqual(t2.project_statuses, ['approved', 'in_progress', 'completed']);
		const m1 = policy.measures[0];
		assert.deepEqual(m1.target_ids.map((id) => policy.targets.find((t) => t.id === id).code).sort(), ['T2', 'T3', 'T6', 'T7']);
	});

	test('measures and targets are listed by policy; the policy parameter is required', async () => {
		assert.equal(assertOk(await c.association.get(`/api/v1/measures?policy=${policy.id}`)).items.length, 12);
		assert.equal(assertOk(await c.prefecture.get(`/api/v1/targets?policy=${policy.id}`)).items.length, 7);
		assertError(await c.officer.get('/api/v1/targets'), 400, 'required', 'policy');
		assertError(await c.officer.get('/api/v1/measures?policy=999999'), 404, 'not_found', 'id');
	});
});

describe('entering a policy whole', () => {
	const doc = (extra = {}) => ({
		doc_no: '测试〔2026〕1号', title: '测试政策', period_from: 2021, period_to: 2025,
		body: '一、目标\n到2025年，实现目标。\n二、措施\n（一）第一项措施。\n内容。',
		targets: [{ code: 'A1', name: '目标一', unit: 'count', target_value: 5, deadline: '2025-12-31', source: 'manual' }],
		measures: [{ code: 'B1', kind: 'main', title: '第一项措施', anchor: '（一）第一项措施。', targets: ['A1'] }],
		tasks: [{ measure: 'B1', title: '任务一', lead_department: 'kj', supporting: ['cz'], deadline: '2022-06-30' }],
		...extra,
	});
	const count = async () => assertOk(await c.officer.get('/api/v1/policies')).items.length;

	test('a bad element anywhere refuses the whole document and names the element', async () => {
		const before = await count();
		let r = assertError(await c.officer.post('/api/v1/policies',
			doc({ measures: [{ code: 'B1', kind: 'main', title: '第一项措施', anchor: '不在原文中' }] })), 404, 'not_found', 'measures[0].anchor');
		assert.match(r.message, /原文定位/);
		assertError(await c.officer.post('/api/v1/policies',
			doc({ tasks: [{ measure: 'B1', title: '任务一', lead_department: 'nosuch', deadline: '2022-06-30' }] })), 404, 'not_found', 'tasks[0].lead_department');
		assertError(await c.officer.post('/api/v1/policies',
			doc({ tasks: [{ measure: 'B9', title: '任务一', lead_department: 'kj', deadline: '2022-06-30' }] })), 404, 'not_found', 'tasks[0].measure');
		assertError(await c.officer.post('/api/v1/policies',
			doc({ targets: [{ code: 'A1', name: '目标一', unit: 'count', target_value: 5, deadline: '2025-12-31', source: 'projects' }] })), 400, 'required', 'targets[0].project_item');
		assertError(await c.officer.post('/api/v1/policies',
			doc({ targets: [{ code: 'A1', name: '目标一', unit: 'count', target_value: -1, deadline: '2025-12-31', source: 'manual' }] })), 400, 'range', 'targets[0].target_value');
		assertError(await c.officer.post('/api/v1/policies', doc({ period_to: 2019 })), 400, 'range', 'period_to');
		c.officer.lang = 'en';
		r = assertError(await c.officer.post('/api/v1/policies',
			doc({ measures: [{ code: 'B1', kind: 'sideways', title: 'x' }] })), 400, 'not_in_list', 'measures[0].kind');
		assert.match(r.message, /kind/);
		c.officer.lang = null;
		assert.equal(await count(), before, 'nothing was written');
	});

	test('a good document writes policy, targets, measures and tasks in one go; its number is unique', async () => {
		const p = assertOk(await c.officer.post('/api/v1/policies', doc()), 201);
		assert.equal(p.demo, false);
		assert.equal(p.status, 'in_force');
		assert.equal(p.measures[0].paragraph, 3);
		assert.deepEqual(p.measures[0].target_ids, [p.targets[0].id]);
		const t = assertOk(await c.officer.get(`/api/v1/tasks?policy=${p.id}`)).items;
		assert.equal(t.length, 1);
		assert.deepEqual(t[0].supporting, ['cz']);
		assert.equal(t[0].measure_code, 'B1');
		assertError(await c.admin.post('/api/v1/policies', doc()), 409, 'duplicate', 'doc_no');
		assertError(await c.enterprise.post('/api/v1/policies', doc({ doc_no: 'x' })), 403, 'forbidden');
		const audit = assertOk(await c.admin.get(`/api/v1/audit?entity=policy&entity_id=${p.id}`));
		assert.equal(audit.items[0].action, 'create');
	});

	test('a policy, a measure and a target change with their version', async () => {
		const p = assertOk(await c.officer.post('/api/v1/policies', doc({ doc_no: '测试〔2026〕2号' })), 201);
		assertError(await c.officer.patch(`/api/v1/policies/${p.id}`, { version: p.version + 1, title: '改' }), 409, 'conflict');
		assertError(await c.officer.patch(`/api/v1/policies/${p.id}`, { title: '改' }), 400, 'required', 'version');
		const q = assertOk(await c.officer.patch(`/api/v1/policies/${p.id}`, { version: p.version, title: '改过的标题', status: 'expired' }));
		assert.equal(q.title, '改过的标题');
		assert.equal(q.status, 'expired');
		assert.equal(q.version, p.version + 1);
		const t2 = assertOk(await c.officer.post(`/api/v1/policies/${p.id}/targets`,
			{ code: 'A2', name: '目标二', unit: 'fen', target_value: 100, deadline: '2025-12-31', source: 'statistics', indicator_key: 'output', industries: ['34'] }), 201);
		assert.deepEqual(t2.industries, ['C34'], '34 is written as GB/T 4754 writes it');
		assertError(await c.officer.post(`/api/v1/policies/${p.id}/targets`,
			{ code: 'A2', name: '重复', unit: 'count', target_value: 1, deadline: '2025-12-31', source: 'manual' }), 409, 'duplicate', 'code');
		assertError(await c.officer.post(`/api/v1/policies/${p.id}/targets`,
			{ code: 'A3', name: '行业不存在', unit: 'fen', target_value: 1, deadline: '2025-12-31', source: 'statistics', indicator_key: 'output', industries: ['C99'] }), 404, 'not_found', 'industries');
		const m = p.measures[0];
		const m2 = assertOk(await c.officer.patch(`/api/v1/measures/${m.id}`, { version: m.version, targets: ['A1', 'A2'] }));
		assert.deepEqual(m2.target_ids.sort(), [p.targets[0].id, t2.id].sort());
		assertError(await c.officer.patch(`/api/v1/measures/${m.id}`, { version: m2.version, targets: ['ZZ'] }), 404, 'not_found', 'targets');
		const t3 = assertOk(await c.officer.patch(`/api/v1/targets/${t2.id}`, { version: t2.version, target_value: 200 }));
		assert.equal(t3.target_value, 200);
		assert.equal(t3.indicator_key, 'output', 'the source fields survive a change of another field');
	});
});

describe('targets measured by hand', () => {
	test('an officer enters a value with its evidence; a computed target takes none', async () => {
		const t3 = policy.targets.find((t) => t.code === 'T3');
		const t1 = policy.targets.find((t) => t.code === 'T1');
		const r = assertOk(await c.officer.post(`/api/v1/targets/${t3.id}/entries`,
			{ as_of: '2019-12', value: 8, evidence: '自治区经信委认定文件' }), 201);
		assert.deepEqual(r.items.map((x) => [x.as_of, x.value, x.username]), [['2019-12', 8, 'officer']]);
		assertError(await c.officer.post(`/api/v1/targets/${t1.id}/entries`, { as_of: '2019-12', value: 1, evidence: 'x' }), 409, 'state', 'source');
		assertError(await c.officer.post(`/api/v1/targets/${t3.id}/entries`, { as_of: '2019-13', value: 1, evidence: 'x' }), 400, 'invalid', 'as_of');
		assertError(await c.officer.post(`/api/v1/targets/${t3.id}/entries`, { as_of: '2019-12', value: 1 }), 400, 'required', 'evidence');
		assertError(await c.prefecture.post(`/api/v1/targets/${t3.id}/entries`, { as_of: '2019-12', value: 1, evidence: 'x' }), 403, 'forbidden');
		assert.equal(assertOk(await c.auditor.get(`/api/v1/targets/${t3.id}/entries`)).items.length, 1);
	});
});

describe('department tasks on the calendar', () => {
	test('overdue and escalation as of 2020-07-15, each with its rule', async () => {
		const alliance = byTitle(tasks, '建立汽车行业技术创新和产业发展联盟');
		// Deadline 2018-12-31, last word 2018-10-01: overdue 562 days, escalated.
		assert.equal(alliance.overdue, true);
		assert.equal(alliance.days_overdue, 562);
		assert.equal(alliance.escalated, true);
		assert.match(alliance.escalation_rule, /since the deadline/);
		// Deadline 2019-12-31, last word 2020-07-01, 14 days ago: overdue but answered.
		const labs = byTitle(tasks, '推进三个国家地方联合工程实验室建设');
		assert.equal(labs.overdue, true);
		assert.equal(labs.escalated, false);
		assert.equal(labs.percent, 90);
		// Deadline 2020-06-30: 15 days overdue; its last word (2020-06-20) came before the deadline.
		const funds = byTitle(tasks, '安排自治区专项资金支持五大重点领域重点项目');
		assert.equal(funds.days_overdue, 15);
		assert.equal(funds.escalated, true);
		// Not yet due; done on time; done late.
		assert.equal(byTitle(tasks, '推动与中亚国家标准互认').overdue, false);
		assert.equal(byTitle(tasks, '开展打击假冒伪劣机械产品专项行动').on_time, true);
		assert.equal(byTitle(tasks, '组织行业协会反馈政策落实情况').on_time, false);
		const esc = assertOk(await c.officer.get('/api/v1/tasks?status=escalated'));
		assert.equal(esc.today, '2020-07-15');
		assert.deepEqual(esc.items.map((t) => t.title).sort(), [
			'安排自治区专项资金支持五大重点领域重点项目', '建立汽车行业技术创新和产业发展联盟',
			'开展重大装备（首台套）保险补偿机制试点', '制定出台鼓励采购地产名优产品支持政策'].sort());
		assertError(await c.officer.get('/api/v1/tasks?status=late'), 400, 'not_in_list', 'status');
		assertError(await c.officer.get('/api/v1/tasks?department=nosuch'), 404, 'not_found', 'department');
	});

	test('a quiet month escalates again: on 2020-08-05 the laboratories task has been silent 35 days', async () => {
		const o = await later.signIn('officer');
		const t = assertOk(await o.get('/api/v1/tasks?status=escalated')).items;
		assert.ok(byTitle(t, '推进三个国家地方联合工程实验室建设'), 'escalated after 30 quiet days');
		assert.equal(byTitle(t, '推进三个国家地方联合工程实验室建设').escalation_days, 30);
	});

	test('the on-time record per lead department, worked from the seed', async () => {
		const rec = assertOk(await c.auditor.get('/api/v1/tasks/record'));
		const jx = rec.items.find((d) => d.department === 'jx');
		// 9 tasks: 4 done on time, 3 done late, 2 overdue (both escalated) → 4 / 9 = 44.44 %.
		assert.deepEqual([jx.tasks, jx.done_on_time, jx.done_late, jx.overdue, jx.escalated, jx.not_yet_due], [9, 4, 3, 2, 2, 0]);
		assert.equal(jx.on_time_pct, 44.44);
		const cz = rec.items.find((d) => d.department === 'cz');
		// 3 tasks: 1 on time, 2 overdue and escalated → 33.33 %.
		assert.deepEqual([cz.tasks, cz.done_on_time, cz.overdue, cz.escalated], [3, 1, 2, 2]);
		assert.equal(cz.on_time_pct, 33.33);
		const sw = rec.items.find((d) => d.department === 'sw');
		assert.equal(sw.on_time_pct, null, 'nothing due yet: no share');
		const own = assertOk(await c.department.get('/api/v1/tasks/record'));
		assert.deepEqual(own.items.map((d) => d.department), ['fg'], 'a department sees its own record');
	});

	test('a department sees only the tasks that name it', async () => {
		const mine = assertOk(await c.department.get('/api/v1/tasks')).items;
		assert.ok(mine.length >= 3);
		for (const t of mine)
			assert.ok(t.lead_department === 'fg' || t.supporting.includes('fg'), t.title);
		const other = byTitle(tasks, '开展打击假冒伪劣机械产品专项行动'); // sj alone
		assertError(await c.department.get(`/api/v1/tasks/${other.id}`), 404, 'not_found');
		assertError(await c.enterprise.get('/api/v1/tasks'), 403, 'forbidden');
		assertError(await c.prefecture.get(`/api/v1/tasks/${other.id}`), 403, 'forbidden');
	});

	test('an update clears the escalation, is kept with the day it was given, and is audited', async () => {
		const t = byTitle(tasks, '制定出台鼓励采购地产名优产品支持政策'); // cz leads, jx supports
		assertError(await c.department.post(`/api/v1/tasks/${t.id}/updates`, { body: '无关部门', percent: 10 }), 404, 'not_found');
		assertError(await c.officer.post(`/api/v1/tasks/${t.id}/updates`, { body: '进度', percent: 101 }), 400, 'range', 'percent');
		assertError(await c.officer.post(`/api/v1/tasks/${t.id}/updates`,
			{ body: '进度', percent: 80, evidence: [{ name: 'a.pdf', size: 10, sha256: 'xyz' }] }), 400, 'invalid', 'evidence[0].sha256');
		const sha = 'a'.repeat(64);
		const u = assertOk(await c.officer.post(`/api/v1/tasks/${t.id}/updates`,
			{ body: '政策文本已报送审议', percent: 85, evidence: [{ name: '送审稿.pdf', size: 2048, sha256: sha }] }), 201);
		assert.equal(u.escalated, false);
		assert.equal(u.overdue, true, 'still late: an update answers, it does not finish');
		assert.equal(u.percent, 85);
		assert.equal(u.last_update_on, '2020-07-15');
		const last = u.updates.at(-1);
		assert.deepEqual([last.on_day, last.percent, last.username, last.evidence[0].name], ['2020-07-15', 85, 'officer', '送审稿.pdf']);
		assert.equal(u.updates.length, 3);
		const audit = assertOk(await c.admin.get(`/api/v1/audit?entity=task&entity_id=${t.id}`));
		assert.equal(audit.items[0].action, 'progress');
	});

	test('a supporting department reports; only the lead completes, not in the future, and once', async () => {
		const labs = byTitle(tasks, '推进三个国家地方联合工程实验室建设'); // kj leads, fg supports
		const u = assertOk(await c.department.post(`/api/v1/tasks/${labs.id}/updates`, { body: '发改委已协调用地', percent: 95 }), 201);
		assert.equal(u.updates.at(-1).department, 'fg');
		assertError(await c.department.post(`/api/v1/tasks/${labs.id}/complete`, { completed_on: '2020-07-10', evidence: '批复文件' }), 403, 'forbidden');
		assertError(await c.officer.post(`/api/v1/tasks/${labs.id}/complete`, { completed_on: '2020-08-01', evidence: '批复文件' }), 400, 'range', 'completed_on');
		assertError(await c.officer.post(`/api/v1/tasks/${labs.id}/complete`, { completed_on: '2020-07-10' }), 400, 'required', 'evidence');
		const done = assertOk(await c.officer.post(`/api/v1/tasks/${labs.id}/complete`, { completed_on: '2020-07-10', evidence: '三个实验室均已获批' }));
		assert.deepEqual([done.status, done.percent, done.on_time, done.overdue, done.escalated], ['done', 100, false, false, false]);
		assertError(await c.officer.post(`/api/v1/tasks/${labs.id}/complete`, { completed_on: '2020-07-10', evidence: 'x' }), 409, 'state', 'status');
		assertError(await c.department.post(`/api/v1/tasks/${labs.id}/updates`, { body: '再报', percent: 100 }), 409, 'state', 'status');
		// The lead department of a task completes it: fg leads the funds task, which is done; a new one.
		const m2 = policy.measures.find((m) => m.code === 'M2');
		const nt = assertOk(await c.officer.post('/api/v1/tasks', { measure_id: m2.id, title: '新任务', lead_department: 'fg', deadline: '2020-12-31' }), 201);
		const fin = assertOk(await c.department.post(`/api/v1/tasks/${nt.id}/complete`, { completed_on: '2020-07-15', evidence: '已完成' }));
		assert.equal(fin.on_time, true);
		// An officer reopens it: the completion no longer stands.
		const re = assertOk(await c.officer.patch(`/api/v1/tasks/${nt.id}`, { version: fin.version, status: 'open' }));
		assert.deepEqual([re.status, re.completed_on], ['open', null]);
	});

	test('a task needs a real measure and departments; its lead is not also supporting', async () => {
		const m = policy.measures[0];
		assertError(await c.officer.post('/api/v1/tasks', { measure_id: 999999, title: 'x', lead_department: 'jx', deadline: '2020-12-31' }), 404, 'not_found', 'measure_id');
		assertError(await c.officer.post('/api/v1/tasks', { measure_id: m.id, title: 'x', lead_department: 'jx', supporting: ['jx'], deadline: '2020-12-31' }), 400, 'invalid', 'supporting');
		assertError(await c.officer.post('/api/v1/tasks', { measure_id: m.id, title: 'x', lead_department: 'jx', deadline: '2020-02-30' }), 400, undefined, 'deadline');
		assertError(await c.department.post('/api/v1/tasks', { measure_id: m.id, title: 'x', lead_department: 'jx', deadline: '2020-12-31' }), 403, 'forbidden');
	});
});
