// The authorisation matrix, built from the served OpenAPI document: every operation,
// every role and the anonymous public. A route added to the table without a case
// here fails the test, so no route can skip the matrix.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PASSWORD, ROLES, assertError, assertOk, enterpriseBody, startServer } from './harness.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

let srv, doc, clients, admin, target, template, assocUserId, sentinel, ledger;
let seq = 7000;

/* The roles that may write key projects (x-roles of POST /projects and its siblings). */
const PROJECT_WRITERS = ['admin', 'officer', 'prefecture', 'enterprise'];

/* A draft project of the demo enterprise (its own enterprise, built in Urumqi's 米东区), so
 * every role's scope includes it: the enterprise owns it, the prefecture user covers 6501xx. */
function projectBody(name, extra = {}) {
	return {
		enterprise_id: clients.enterprise.user.enterprise_id,
		name,
		division: '650109',
		category: 'smart',
		total_fen: 100000,
		funding: [{ source: 'own', amount_fen: 100000 }],
		start_date: '2018-03-01',
		end_date: '2019-12-31',
		...extra,
	};
}

async function draftProject(name) {
	return assertOk(await admin.post('/api/v1/projects', projectBody(name)), 201);
}

/* A listed role acts on a fresh draft of its own; a refused one is pointed at the sentinel,
 * which the last test checks was left untouched. */
async function projectFor(role, tag, listed = PROJECT_WRITERS) {
	return listed.includes(role) ? draftProject(`矩阵草稿-${tag}-${role}`) : sentinel;
}

before(async () => {
	srv = await startServer();
	clients = {};
	for (const r of ROLES)
		clients[r] = await srv.signIn(r);
	admin = clients.admin;
	doc = assertOk(await srv.request('GET', '/api/v1/openapi.json'));
	target = assertOk(await admin.post('/api/v1/enterprises', enterpriseBody(6999)), 201);
	const t = await admin.get('/api/v1/enterprises/template?format=csv');
	assert.equal(t.status, 200);
	template = t.text;
	const users = assertOk(await admin.get('/api/v1/users?q=association'));
	assocUserId = users.items.find((u) => u.username === 'association').id;
	sentinel = await draftProject('矩阵哨兵项目');
	// The demo's seed policy: a manual target (T3), an open task the demo department (fg)
	// supports, and a task it leads that is already done (completing it again is 409).
	const policy = assertOk(await admin.get('/api/v1/policies')).items[0];
	const full = assertOk(await admin.get(`/api/v1/policies/${policy.id}`));
	const tasks = assertOk(await admin.get(`/api/v1/tasks?policy=${policy.id}`)).items;
	ledger = {
		policy: full,
		measure: full.measures[0],
		manual: full.targets.find((t) => t.code === 'T3'),
		supported: tasks.find((t) => t.status === 'open' && t.supporting.includes('fg')),
		led: tasks.find((t) => t.lead_department === 'fg' && t.status === 'done'),
	};
});

// stop() fails the file when the server died or a sanitizer spoke.
after(() => srv?.stop());

async function currentVersion(id) {
	return assertOk(await admin.get(`/api/v1/enterprises/${id}`)).version;
}

/* For each operation: the request a caller in `role` sends so that, when allowed,
 * it reaches the handler (valid ids, bodies and tokens). role is null for the public. */
const CASES = {
	'GET /meta': () => ({}),
	'GET /openapi.json': () => ({}),
	'POST /session': (role) => ({ body: { username: role || 'officer', password: PASSWORD } }),
	'GET /session': () => ({}),
	'DELETE /session': async (role) => ({ fresh: true }),
	'GET /divisions': () => ({}),
	'GET /industries': () => ({}),
	'GET /fields': () => ({}),
	'GET /bases': () => ({}),
	'GET /departments': () => ({}),
	'GET /ownerships': () => ({}),
	'GET /scales': () => ({}),
	'GET /enterprises': () => ({ query: '?q=%E6%96%B0%E7%96%86&per_page=5' }),
	'POST /enterprises': () => ({ body: enterpriseBody(++seq) }),
	'POST /enterprises/import': () => ({
		query: '?dry_run=1',
		body: Buffer.from(template.replace(/\s*$/, '\n') + csvRow(++seq)),
		headers: { 'Content-Type': 'text/csv' },
	}),
	'GET /enterprises/export': () => ({ query: '?format=csv&division=650102' }),
	'GET /enterprises/template': () => ({ query: '?format=xlsx' }),
	'GET /enterprises/{id}': (role) => ({ id: role === 'enterprise' ? clients.enterprise.user.enterprise_id : target.id }),
	'PATCH /enterprises/{id}': async (role) => {
		const id = role === 'enterprise' ? clients.enterprise.user.enterprise_id : target.id;
		return { id, body: { version: await currentVersion(id), phone: `0991-${++seq}` } };
	},
	// A stale version: the handler answers 409 and nothing is archived.
	'POST /enterprises/{id}/archive': () => ({ id: target.id, body: { version: 999999 } }),
	'GET /users': () => ({}),
	'POST /users': (role) => ({
		body: { username: `matrix-${role || 'public'}`, password: 'matrix-pass-word-1', role: 'auditor' },
	}),
	'PATCH /users/{id}': () => ({ id: assocUserId, body: { version: 999999, display_name: '矩阵' } }),
	'GET /project-categories': () => ({}),
	'POST /project-categories': (role) => ({ body: { code: `matrix_${role || 'public'}`, name: `矩阵类别-${role || 'public'}` } }),
	'GET /policy-items': () => ({}),
	'GET /funding-sources': () => ({}),
	'GET /projects': () => ({ query: '?category=smart&division=650100&per_page=5' }),
	'POST /projects': (role) => {
		const b = projectBody(`矩阵项目-${role || 'public'}`);
		if (role === 'enterprise')
			delete b.enterprise_id; // an enterprise applies for itself
		return { body: b };
	},
	'POST /projects/transitions': async (role) => ({
		body: { ids: [(await projectFor(role, 'batch', ['admin', 'officer', 'prefecture'])).id], action: 'submit', comment: '矩阵' },
	}),
	'GET /projects/{id}': () => ({ id: sentinel.id }),
	'PATCH /projects/{id}': async (role) => {
		const p = await projectFor(role, 'patch');
		return { id: p.id, body: { version: p.version, phone: `0991-${++seq}` } };
	},
	'POST /projects/{id}/transitions': async (role) => ({
		id: (await projectFor(role, 'step')).id,
		body: { action: 'submit', comment: '矩阵' },
	}),
	// Reports: the sentinel is a draft, so filing answers 409 and changing finds nothing (404).
	'GET /projects/{id}/reports': () => ({ id: sentinel.id }),
	'POST /projects/{id}/reports': () => ({ id: sentinel.id, body: { month: '2018-10', investment_fen: 100 } }),
	'PATCH /projects/{id}/reports/{month}': () => ({ id: sentinel.id, month: '2018-10', body: { investment_fen: 100 } }),
	'POST /projects/{id}/reports/{month}/unlock': () => ({ id: sentinel.id, month: '2018-10', body: { reason: '矩阵' } }),
	'POST /projects/{id}/reports/{month}/resolve': () => ({ id: sentinel.id, month: '2018-10', body: { comment: '矩阵' } }),
	// Change requests: the sentinel is a draft, so a request answers 409 (edit it directly)
	// and a decision on a request that does not exist 404.
	'GET /projects/{id}/changes': () => ({ id: sentinel.id }),
	'POST /projects/{id}/changes': () => ({ id: sentinel.id, body: { changes: { phone: '0991-1' }, reason: '矩阵' } }),
	'POST /projects/{id}/changes/{cid}/decision': () => ({ id: sentinel.id, cid: 999999, body: { action: 'approve' } }),
	// Attachments: an empty upload answers 400 (the file is empty); ids that do not exist 404.
	'GET /projects/{id}/attachments': () => ({ id: sentinel.id }),
	'POST /projects/{id}/attachments': () => ({ id: sentinel.id, query: '?name=matrix.txt', body: Buffer.alloc(0) }),
	'GET /projects/{id}/attachments/{aid}': () => ({ id: sentinel.id, aid: 999999 }),
	'DELETE /projects/{id}/attachments/{aid}': () => ({ id: sentinel.id, aid: 999999 }),
	'GET /warnings': () => ({ query: '?kind=report_missing' }),
	'GET /warnings/summary': () => ({}),
	'GET /projects/counters': () => ({}),
	'GET /policies': () => ({}),
	'POST /policies': (role) => ({ body: { doc_no: `矩阵〔2026〕${role || 'public'}号`, title: '矩阵政策' } }),
	// An empty body: the handler answers 400 (the file is required) and nothing is written.
	'POST /policies/import': () => ({ body: Buffer.alloc(0), headers: { 'Content-Type': 'application/json' } }),
	'GET /policies/template': () => ({}),
	'GET /policies/{id}/export': () => ({ id: ledger.policy.id }),
	'GET /policies/{id}': () => ({ id: ledger.policy.id }),
	// Stale versions: a listed role reaches the handler (409) and nothing changes.
	'PATCH /policies/{id}': () => ({ id: ledger.policy.id, body: { version: 999999, title: '矩阵' } }),
	'POST /policies/{id}/measures': (role) => ({
		id: ledger.policy.id, body: { code: `X-${role || 'public'}`, kind: 'main', title: '矩阵措施' },
	}),
	'POST /policies/{id}/targets': (role) => ({
		id: ledger.policy.id,
		body: { code: `X-${role || 'public'}`, name: '矩阵目标', unit: 'count', target_value: 1, deadline: '2020-12-31', source: 'manual' },
	}),
	'GET /measures': () => ({ query: `?policy=${ledger.policy.id}` }),
	'PATCH /measures/{id}': () => ({ id: ledger.measure.id, body: { version: 999999, title: '矩阵' } }),
	'GET /targets': () => ({ query: `?policy=${ledger.policy.id}` }),
	'PATCH /targets/{id}': () => ({ id: ledger.manual.id, body: { version: 999999, name: '矩阵' } }),
	'GET /targets/{id}/entries': () => ({ id: ledger.manual.id }),
	'POST /targets/{id}/entries': () => ({ id: ledger.manual.id, body: { as_of: '2020-06', value: 4, evidence: '矩阵' } }),
	'GET /tasks': () => ({ query: '?status=overdue' }),
	'POST /tasks': () => ({
		body: { measure_id: ledger.measure.id, title: '矩阵任务', lead_department: 'jx', deadline: '2020-12-31' },
	}),
	'GET /tasks/record': () => ({}),
	'GET /tasks/{id}': () => ({ id: ledger.supported.id }),
	'PATCH /tasks/{id}': () => ({ id: ledger.supported.id, body: { version: 999999, title: '矩阵' } }),
	'POST /tasks/{id}/updates': () => ({ id: ledger.supported.id, body: { body: '矩阵进展', percent: 50 } }),
	'POST /tasks/{id}/complete': () => ({ id: ledger.led.id, body: { completed_on: '2020-01-01', evidence: '矩阵' } }),
	'GET /projects/export': () => ({ query: '?format=csv&category=smart' }),
	'GET /projects/template': () => ({ query: '?format=xlsx' }),
	'POST /projects/import': () => ({ query: '?dry_run=1', body: Buffer.from('项目名称,建设地点\r\n'), headers: { 'Content-Type': 'text/csv' } }),
	'GET /reports/workbook': () => ({ query: '?month=2018-10&format=csv' }),
	'POST /reports/import': () => ({
		query: '?dry_run=1', body: Buffer.from('项目编号,月份,本月完成投资（万元）\r\n'), headers: { 'Content-Type': 'text/csv' },
	}),
	'GET /reports/export': () => ({ query: '?month=2018-10&format=csv' }),
	// Statistics: the demo enterprise's own month (every writer's scope covers it); its
	// 2018-10 is locked on the demo calendar, so a change answers 409 and changes nothing.
	'GET /statistics': () => ({ query: '?month=2018-10&per_page=5' }),
	'POST /statistics': () => ({
		body: { enterprise_id: clients.enterprise.user.enterprise_id, month: '2018-10', output_fen: 1, revenue_fen: 1,
			profit_fen: 0, export_fen: 0, rd_fen: 0, employees: 1 },
	}),
	'GET /statistics/completeness': () => ({ query: '?month=2018-10' }),
	'GET /statistics/aggregate': () => ({ query: '?indicator=revenue&by=division&month=2018-10' }),
	'GET /statistics/enterprises': () => ({ query: '?indicator=revenue&by=division&key=650100&month=2020-06' }),
	'GET /statistics/enterprises/export': () => ({ query: '?indicator=revenue&by=division&key=650100&month=2020-06&format=xlsx' }),
	'GET /statistics/top': () => ({ query: '?indicator=revenue&month=2018-10&limit=5' }),
	'GET /statistics/template': () => ({ query: '?format=csv' }),
	'GET /statistics/export': () => ({ query: '?month=2018-10&format=csv' }),
	'POST /statistics/import': () => ({
		query: '?dry_run=1', body: Buffer.from('统一社会信用代码,月份\r\n'), headers: { 'Content-Type': 'text/csv' },
	}),
	'GET /statistics/{id}/{month}': () => ({ id: clients.enterprise.user.enterprise_id, month: '2018-10' }),
	'PATCH /statistics/{id}/{month}': () => ({ id: clients.enterprise.user.enterprise_id, month: '2018-10', body: { employees: 1 } }),
	'POST /statistics/{id}/{month}/unlock': () => ({ id: clients.enterprise.user.enterprise_id, month: '2018-10', body: { reason: '矩阵' } }),
	'GET /scorecard': () => ({ query: `?policy=${ledger.policy.id}&as_of=2020-06` }),
	'GET /audit': () => ({ query: '?per_page=5' }),
	'GET /audit/verify': () => ({}),
};

/* A CSV data row in template column order: code, name, short name, division, address, industry. */
function csvRow(n) {
	const b = enterpriseBody(n);
	const cols = template.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
	const byHeader = { 统一社会信用代码: b.credit_code, 企业名称: b.name, 所属区划代码: b.division, 行业类别代码: b.industry };
	return cols.map((c) => byHeader[c.trim()] ?? '').join(',') + '\n';
}

function operations() {
	const ops = [];
	for (const [path, methods] of Object.entries(doc.paths))
		for (const [method, op] of Object.entries(methods))
			ops.push({ method: method.toUpperCase(), path, roles: op['x-roles'] });
	return ops;
}

async function send(op, role) {
	const c = await CASES[`${op.method} ${op.path}`](role);
	let client = role ? clients[role] : srv.anon();
	if (c.fresh && role)
		client = await srv.signIn(role);
	const path = '/api/v1' + op.path.replace('{id}', String(c.id ?? 1)).replace('{month}', c.month ?? '2018-10')
		.replace('{cid}', String(c.cid ?? 1)).replace('{aid}', String(c.aid ?? 1)) +
		(c.query || '');
	return client.raw(op.method, path, { body: c.body, headers: c.headers });
}

describe('authorisation matrix', () => {
	test('the document is OpenAPI 3 with x-roles on every operation', () => {
		assert.match(doc.openapi, /^3\./);
		const ops = operations();
		assert.ok(ops.length >= 20, `${ops.length} operations`);
		for (const op of ops) {
			assert.ok(Array.isArray(op.roles) && op.roles.length > 0, `${op.method} ${op.path} has x-roles`);
			for (const r of op.roles)
				assert.ok(r === 'public' || ROLES.includes(r), `${op.method} ${op.path}: unknown role ${r}`);
		}
	});

	test('every operation in the document has a case in this matrix', () => {
		const missing = operations().map((o) => `${o.method} ${o.path}`).filter((k) => !CASES[k]);
		assert.deepEqual(missing, [], 'routes without a matrix case: add them to CASES');
	});

	test('every role (and the public) is allowed exactly what x-roles says', async () => {
		const problems = [];
		for (const op of operations()) {
			for (const role of [null, ...ROLES]) {
				const listed = op.roles.includes(role || 'public');
				const r = await send(op, role);
				const who = role || 'public';
				const what = `${op.method} ${op.path} as ${who}: ${r.status} ${r.text.slice(0, 160)}`;
				if (r.status >= 500)
					problems.push(`server error: ${what}`);
				else if (listed && (r.status === 401 || r.status === 403))
					problems.push(`listed but refused: ${what}`);
				else if (listed && r.status === 404 && r.json?.error?.code === 'not_found' && r.json.error.field === null)
					problems.push(`listed but the route is missing: ${what}`);
				else if (listed && r.status === 405)
					problems.push(`listed but method refused: ${what}`);
				else if (!listed && !role && !(r.status === 401 && r.json?.error?.code === 'unauthenticated'))
					problems.push(`public should get 401 unauthenticated: ${what}`);
				else if (!listed && role && !(r.status === 403 && r.json?.error?.code === 'forbidden'))
					problems.push(`not listed, should get 403 forbidden: ${what}`);
			}
		}
		srv.assertHealthy();
		assert.deepEqual(problems, []);
	});

	test('the matrix did not archive anything or create users for refused roles', async () => {
		const t = assertOk(await admin.get(`/api/v1/enterprises/${target.id}`));
		assert.equal(t.archived, false);
		const users = assertOk(await admin.get('/api/v1/users?q=matrix-&per_page=200')).items.map((u) => u.username);
		assert.deepEqual(users.sort(), ['matrix-admin']);
		const cats = assertOk(await admin.get('/api/v1/project-categories')).items.map((c) => c.code);
		assert.deepEqual(cats.filter((c) => c.startsWith('matrix_')), ['matrix_admin']);
		const made = assertOk(await admin.get(`/api/v1/projects?q=${encodeURIComponent('矩阵项目-')}&per_page=200`));
		assert.deepEqual(made.items.map((p) => p.name).sort(), PROJECT_WRITERS.map((r) => `矩阵项目-${r}`).sort());
		// The sentinel that refused roles were pointed at was neither changed nor moved.
		const s = assertOk(await admin.get(`/api/v1/projects/${sentinel.id}`));
		assert.equal(s.status, 'draft');
		assert.equal(s.version, sentinel.version);
		assert.equal(s.phone, sentinel.phone);
		assert.deepEqual(s.events.map((e) => e.action), ['create']);
		// Every listed writer's submit (single and batch) reached the handler and took effect.
		const drafts = await Promise.all(['batch', 'step'].flatMap((tag) => PROJECT_WRITERS.map(async (r) => {
			const l = assertOk(await admin.get(`/api/v1/projects?q=${encodeURIComponent(`矩阵草稿-${tag}-${r}`)}`));
			return { tag, r, items: l.items };
		})));
		for (const d of drafts) {
			const expected = d.tag === 'batch' && d.r === 'enterprise' ? 0 : 1; // the batch route refuses enterprises
			assert.equal(d.items.length, expected, `${d.tag} ${d.r}`);
			if (expected)
				assert.equal(d.items[0].status, 'submitted', `${d.tag} ${d.r}`);
		}
	});

	test('a known path with another method is 405; an unknown API path is 404', async () => {
		assertError(await admin.raw('PUT', '/api/v1/enterprises'), 405, 'method');
		assertError(await admin.raw('DELETE', '/api/v1/enterprises/1'), 405, 'method');
		assertError(await admin.get('/api/v1/no-such-thing'), 404, 'not_found');
		assertError(await admin.get('/api/v1/enterprises/1/nope'), 404, 'not_found');
		assertError(await admin.get('/api/v2/enterprises'), 404, 'not_found');
	});

	test('the public sees nothing of the registry', async () => {
		const anon = srv.anon();
		for (const p of ['/api/v1/enterprises', '/api/v1/enterprises/1', '/api/v1/enterprises/export?format=csv',
			'/api/v1/enterprises/template?format=csv', '/api/v1/divisions',
			'/api/v1/projects', `/api/v1/projects/${sentinel.id}`, '/api/v1/project-categories'])
			assertError(await anon.get(p), 401, 'unauthenticated');
	});
});

describe('the document and the contract', () => {
	test('every operation in docs/API.md is served and in the document, and vice versa', () => {
		const md = readFileSync(join(ROOT, 'docs', 'API.md'), 'utf8');
		const inMd = new Set();
		for (const m of md.matchAll(/`(GET|POST|PATCH|PUT|DELETE) (\/[^`?\s]*)/g))
			inMd.add(`${m[1]} ${m[2]}`);
		const inDoc = new Set(operations().map((o) => `${o.method} ${o.path}`));
		assert.deepEqual([...inMd].filter((k) => !inDoc.has(k)), [], 'in API.md but not served');
		// A route may also be named in prose by its full path (the document itself is).
		const unnamed = [...inDoc].filter((k) => !inMd.has(k) && !md.includes('/api/v1' + k.split(' ')[1]));
		assert.deepEqual(unnamed, [], 'served but not in API.md');
	});

	test('every API path the tests use is in the document', () => {
		const templates = Object.keys(doc.paths).map((p) => new RegExp('^' + p.replace(/\./g, '\\.').replace(/\{[a-z_]+\}/g, '[^/]+') + '$'));
		const unknown = new Set();
		const dirs = [HERE, join(HERE, '..', 'cli')];
		for (const d of dirs) {
			let files;
			try {
				files = readdirSync(d).filter((f) => f.endsWith('.mjs'));
			} catch {
				continue;
			}
			for (const f of files) {
				const src = readFileSync(join(d, f), 'utf8');
				for (const m of src.matchAll(/\/api\/v1(\/[A-Za-z0-9_./${}-]*)/g)) {
					// Deliberately wrong paths (tests of 404 and 405) say so in their name.
					if (/no-such|nope/.test(m[1]))
						continue;
					// A template part or a trailing slash followed by code stands for an id.
					const p = m[1].replace(/\$\{[^}]*\}/g, '1').replace(/\$\{?$/, '1').replace(/\/$/, '/1');
					if (p === '/1')
						continue; // "/api/v1/" + something computed: checked where it is built
					if (!templates.some((re) => re.test(p)))
						unknown.add(`${f}: ${m[1]}`);
				}
			}
		}
		assert.deepEqual([...unknown], []);
	});
});
