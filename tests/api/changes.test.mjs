// Change requests after approval (变更申请): who may request, see, approve, reject and
// withdraw, in which states; the merged record validated as an edit is; one pending at a
// time; a stale request refused on approval; approval writes the record, the timeline
// and the audit log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, enterpriseBody, startServer } from './harness.mjs';

let srv;
const c = {};
let ownId;
let seq = 0;

before(async () => {
	srv = await startServer();
	for (const r of ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'])
		c[r] = await srv.signIn(r);
	ownId = assertOk(await c.enterprise.get('/api/v1/session')).user.enterprise_id;
	const other = assertOk(await c.officer.post('/api/v1/enterprises',
		enterpriseBody(8201, { name: '变更测试其他机械有限公司', division: '650102' })), 201);
	assertOk(await c.admin.post('/api/v1/users', {
		username: 'chg-changji', password: 'Tianshan-north-2026', display_name: '昌吉州工信局',
		role: 'prefecture', division: '652300',
	}), 201);
	assertOk(await c.admin.post('/api/v1/users', {
		username: 'chg-other', password: 'Bogda-peak-2026x', display_name: '其他企业填报员',
		role: 'enterprise', enterprise_id: other.id,
	}), 201);
	c.changji = await srv.signIn('chg-changji', 'Tianshan-north-2026');
	c.other = await srv.signIn('chg-other', 'Bogda-peak-2026x');
});

after(() => srv?.stop());

function body(extra = {}) {
	return {
		enterprise_id: ownId,
		name: `变更测试项目${++seq}`,
		division: '650109',
		category: 'smart',
		total_fen: 10_000_000,
		funding: [{ source: 'own', amount_fen: 6_000_000 }, { source: 'bank', amount_fen: 4_000_000 }],
		plan: [{ year: 2018, amount_fen: 7_000_000 }, { year: 2019, amount_fen: 3_000_000 }],
		start_date: '2018-03-01',
		end_date: '2019-12-31',
		milestones: [{ name: '设备招标', planned_date: '2018-05-31' }],
		contact: '王工',
		phone: '0991-1234567',
		...extra,
	};
}

/* A project taken through review to approved (and started when asked). */
async function approvedProject({ start = false } = {}) {
	let p = assertOk(await c.officer.post('/api/v1/projects', body()), 201);
	for (const action of ['submit', 'pass', 'approve', ...(start ? ['start'] : [])])
		p = assertOk(await c.officer.post(`/api/v1/projects/${p.id}/transitions`, { action, comment: '同意' }));
	return p;
}

const changes = (id) => `/api/v1/projects/${id}/changes`;
const decision = (id, cid) => `/api/v1/projects/${id}/changes/${cid}/decision`;

describe('requesting a change', () => {
	test('a draft or submitted project is edited directly, not by request', async () => {
		const d = assertOk(await c.enterprise.post('/api/v1/projects', body()), 201);
		const e = assertError(await c.enterprise.post(changes(d.id), { changes: { phone: '1' }, reason: '电话变更' }),
			409, 'edit_directly', 'status');
		assert.match(e.message, /直接修改/);
		c.enterprise.lang = 'en';
		const en = assertError(await c.enterprise.post(changes(d.id), { changes: { phone: '1' }, reason: 'x' }), 409, 'edit_directly');
		c.enterprise.lang = null;
		assert.match(en.message, /edit the record directly/);
		// And an approved project is not edited directly.
		const p = await approvedProject();
		assertError(await c.enterprise.patch(`/api/v1/projects/${p.id}`, { version: p.version, phone: '2' }), 409, 'state');
	});

	test('the enterprise requests a change of its approved project; the record stays as approved', async () => {
		const p = await approvedProject();
		const r = assertOk(await c.enterprise.post(changes(p.id), {
			changes: { name: p.name + '（扩建）', phone: '0991-7654321' }, reason: '扩建规模调整',
		}), 201);
		assert.equal(r.status, 'pending');
		assert.deepEqual([...r.fields].sort(), ['name', 'phone']);
		assert.equal(r.approved.name, p.name);
		assert.equal(r.requested.name, p.name + '（扩建）');
		assert.equal(r.base_version, p.version);
		const now = assertOk(await c.enterprise.get(`/api/v1/projects/${p.id}`));
		assert.equal(now.name, p.name);
		assert.equal(now.version, p.version);
		assert.equal(now.pending_change, r.id);
		// Only one pending request at a time.
		const e = assertError(await c.officer.post(changes(p.id), { changes: { phone: '1' }, reason: '再改' }), 409, 'change_pending');
		assert.match(e.message, new RegExp(String(r.id)));
		// The audit log has the request.
		const log = assertOk(await c.auditor.get(`/api/v1/audit?entity=project_change&entity_id=${r.id}`));
		assert.equal(log.items[0].action, 'request');
	});

	test('every writer role within its scope may request; others are refused', async () => {
		for (const who of ['admin', 'officer', 'prefecture', 'enterprise']) {
			const p = await approvedProject({ start: who === 'prefecture' });
			assertOk(await c[who].post(changes(p.id), { changes: { contact: `联系人-${who}` }, reason: '人员调整' }), 201);
		}
		const p = await approvedProject();
		const req = { changes: { contact: '越权' }, reason: '越权' };
		// Out of scope: the project is not found for them at all.
		assertError(await c.other.post(changes(p.id), req), 404, 'not_found');
		assertError(await c.changji.post(changes(p.id), req), 404, 'not_found');
		for (const who of ['auditor', 'department', 'association'])
			assertError(await c[who].post(changes(p.id), req), 403, 'forbidden');
		assert.equal(assertOk(await c.admin.get(`/api/v1/projects/${p.id}`)).pending_change, null);
	});

	test('the merged record is validated as the record is', async () => {
		const p = await approvedProject();
		const send = (b) => c.enterprise.post(changes(p.id), b);
		assertError(await send({ changes: { phone: '1' } }), 400, 'required', 'reason');
		assertError(await send({ reason: '无内容' }), 400, 'required', 'changes');
		assertError(await send({ changes: [1], reason: 'x' }), 400, 'type', 'changes');
		assertError(await send({ changes: { phone: '1' }, reason: 'x', extra: 1 }), 400, 'unknown_field', 'extra');
		assertError(await send({ changes: { hue: 'red' }, reason: 'x' }), 400, 'unknown_field', 'hue');
		// Read-only members (status, version...) are ignored as PATCH ignores them: nothing is left to change.
		assertError(await send({ changes: { status: 'completed', version: 99 }, reason: 'x' }), 400, 'invalid', 'changes');
		// Funding must still sum to the total; the plan too.
		const e = assertError(await send({ changes: { total_fen: 12_000_000 }, reason: '追加投资' }), 400, undefined, 'funding');
		assert.ok(e.message.length > 0);
		assertError(await send({
			changes: { total_fen: 12_000_000, funding: [{ source: 'own', amount_fen: 12_000_000 }] }, reason: '追加投资',
		}), 400, undefined, 'plan');
		assertError(await send({ changes: { end_date: '2017-01-01' }, reason: '工期' }), 400, 'invalid', 'end_date');
		assertError(await send({ changes: { category: 'no_such_category' }, reason: '类别' }), 404, 'not_found', 'category');
		assertError(await send({ changes: { total_fen: -5 }, reason: 'x' }), 400, 'range', 'total_fen');
		assertError(await send({ changes: { enterprise_id: ownId + 100000 }, reason: 'x' }), 403, 'scope', 'enterprise_id');
		// Nothing different from the approved record.
		assertError(await send({ changes: { phone: p.phone }, reason: '无变化' }), 400, 'invalid', 'changes');
		// A valid total change with its funding and plan.
		const ok = assertOk(await send({
			changes: {
				total_fen: 12_000_000,
				funding: [{ source: 'own', amount_fen: 8_000_000 }, { source: 'bank', amount_fen: 4_000_000 }],
				plan: [{ year: 2018, amount_fen: 7_000_000 }, { year: 2019, amount_fen: 5_000_000 }],
			},
			reason: '追加投资',
		}), 201);
		assert.deepEqual([...ok.fields].sort(), ['funding', 'plan', 'total_fen']);
		srv.assertHealthy();
	});
});

describe('seeing change requests', () => {
	test('listed newest first with both records, to whoever may see the project', async () => {
		const p = await approvedProject();
		const first = assertOk(await c.enterprise.post(changes(p.id), { changes: { phone: '1' }, reason: '一' }), 201);
		assertOk(await c.enterprise.post(decision(p.id, first.id), { action: 'withdraw' }));
		const second = assertOk(await c.enterprise.post(changes(p.id), { changes: { contact: '李工' }, reason: '二' }), 201);
		for (const who of ['admin', 'officer', 'prefecture', 'enterprise', 'auditor', 'department', 'association']) {
			const l = assertOk(await c[who].get(changes(p.id)));
			assert.deepEqual(l.items.map((x) => x.id), [second.id, first.id], who);
			assert.equal(l.items[0].approved.contact, '王工');
			assert.equal(l.items[0].requested.contact, '李工');
			assert.deepEqual(l.items[0].fields, ['contact']);
			assert.equal(l.items[1].status, 'withdrawn');
		}
		assertError(await c.other.get(changes(p.id)), 404, 'not_found');
		assertError(await c.changji.get(changes(p.id)), 404, 'not_found');
		assertError(await srv.anon().get(changes(p.id)), 401, 'unauthenticated');
	});
});

describe('deciding', () => {
	test('an officer approves: the record, its version, the timeline and the audit log follow', async () => {
		const p = await approvedProject();
		const r = assertOk(await c.enterprise.post(changes(p.id), {
			changes: { name: p.name + '（二期）', milestones: [...p.milestones, { name: '竣工验收', planned_date: '2019-12-20' }] },
			reason: '增加二期',
		}), 201);
		assertError(await c.enterprise.post(decision(p.id, r.id), { action: 'approve' }), 403, 'forbidden');
		assertError(await c.prefecture.post(decision(p.id, r.id), { action: 'approve' }), 403, 'forbidden');
		assertError(await c.auditor.post(decision(p.id, r.id), { action: 'approve' }), 403, 'forbidden');
		assertError(await c.officer.post(decision(p.id, r.id), { action: 'reject' }), 400, 'required', 'comment');
		assertError(await c.officer.post(decision(p.id, r.id), { action: 'maybe' }), 400, 'not_in_list', 'action');
		assertError(await c.officer.post(decision(p.id, 999999), { action: 'approve' }), 404, 'not_found');
		const d = assertOk(await c.officer.post(decision(p.id, r.id), { action: 'approve', comment: '同意变更' }));
		assert.equal(d.status, 'approved');
		assert.equal(d.decided_by, 'officer');
		assert.equal(d.comment, '同意变更');
		const now = assertOk(await c.enterprise.get(`/api/v1/projects/${p.id}`));
		assert.equal(now.name, p.name + '（二期）');
		assert.equal(now.milestones.length, 2);
		assert.equal(now.version, p.version + 1);
		assert.equal(now.status, 'approved');
		assert.equal(now.pending_change, null);
		const ev = now.events.at(-1);
		assert.equal(ev.action, 'change');
		assert.equal(ev.user, 'officer');
		assert.match(ev.comment, /增加二期/);
		const log = assertOk(await c.auditor.get(`/api/v1/audit?entity=project&entity_id=${p.id}`));
		assert.equal(log.items[0].action, 'change');
		const dlog = assertOk(await c.auditor.get(`/api/v1/audit?entity=project_change&entity_id=${r.id}`));
		assert.deepEqual(dlog.items.map((x) => x.action), ['approve', 'request']);
		// Decided once: not again.
		assertError(await c.officer.post(decision(p.id, r.id), { action: 'reject', comment: '晚了' }), 409, 'state');
		// The list keeps the approved version beside the requested one.
		const l = assertOk(await c.enterprise.get(changes(p.id)));
		assert.equal(l.items[0].approved.name, p.name);
		assert.equal(l.items[0].requested.name, p.name + '（二期）');
	});

	test('a request made before the project changed is refused on approval', async () => {
		const p = await approvedProject();
		const r = assertOk(await c.enterprise.post(changes(p.id), { changes: { phone: '0991-1' }, reason: '电话' }), 201);
		assertOk(await c.officer.post(`/api/v1/projects/${p.id}/transitions`, { action: 'start' }));
		const e = assertError(await c.officer.post(decision(p.id, r.id), { action: 'approve' }), 409, 'change_stale', 'version');
		assert.match(e.message, /重新申请/);
		const now = assertOk(await c.officer.get(`/api/v1/projects/${p.id}`));
		assert.equal(now.phone, p.phone);
		assert.equal(now.status, 'in_progress');
		// The requester withdraws it and asks again on the in-progress project.
		assertOk(await c.enterprise.post(decision(p.id, r.id), { action: 'withdraw' }));
		const again = assertOk(await c.enterprise.post(changes(p.id), { changes: { phone: '0991-1' }, reason: '电话' }), 201);
		const d = assertOk(await c.admin.post(decision(p.id, again.id), { action: 'approve' }));
		assert.equal(d.project.phone, '0991-1');
		assert.equal(d.project.status, 'in_progress');
	});

	test('reject keeps the record; only the requester side withdraws', async () => {
		const p = await approvedProject();
		const r = assertOk(await c.prefecture.post(changes(p.id), { changes: { contact: '张三' }, reason: '人员' }), 201);
		assertError(await c.enterprise.post(decision(p.id, r.id), { action: 'withdraw' }), 403, 'forbidden');
		assertError(await c.other.post(decision(p.id, r.id), { action: 'withdraw' }), 404, 'not_found');
		assertError(await c.changji.post(decision(p.id, r.id), { action: 'withdraw' }), 404, 'not_found');
		const d = assertOk(await c.officer.post(decision(p.id, r.id), { action: 'reject', comment: '理由不充分' }));
		assert.equal(d.status, 'rejected');
		assert.equal(assertOk(await c.officer.get(`/api/v1/projects/${p.id}`)).contact, '王工');
		assertError(await c.prefecture.post(decision(p.id, r.id), { action: 'withdraw' }), 409, 'state');
		const w = assertOk(await c.prefecture.post(changes(p.id), { changes: { contact: '张三' }, reason: '人员' }), 201);
		assert.equal(assertOk(await c.prefecture.post(decision(p.id, w.id), { action: 'withdraw' })).status, 'withdrawn');
		srv.assertHealthy();
	});

	test('a change request of another project is not found under this one', async () => {
		const a = await approvedProject();
		const b = await approvedProject();
		const r = assertOk(await c.enterprise.post(changes(a.id), { changes: { phone: '9' }, reason: 'x' }), 201);
		assertError(await c.officer.post(decision(b.id, r.id), { action: 'approve' }), 404, 'not_found');
		assertError(await c.officer.post(`/api/v1/projects/${a.id}/changes/abc/decision`, { action: 'approve' }), 404, 'not_found');
	});
});
