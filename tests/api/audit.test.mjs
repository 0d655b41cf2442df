// The audit chain: every write appends a row; browsing with filters; verify ok;
// and `luoshi audit verify` names the first bad row after a change, a removal
// or an insertion made by hand in the database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, dbClone, dbQuery, dbSql, dropTriggerSql, enterpriseBody, run, startServer } from './harness.mjs';

let srv, admin, officer, aud, stopped = false;

before(async () => {
	srv = await startServer();
	admin = await srv.signIn('admin');
	officer = await srv.signIn('officer');
	aud = await srv.signIn('auditor');
});

// stop() fails the file when the server died or a sanitizer spoke; the
// tampering tests stop it themselves (and check it) and then only clean up.
after(() => (stopped ? srv?.kill() : srv?.stop()));

const today = () => new Date().toISOString().slice(0, 10);

describe('audit rows', () => {
	let ent;

	test('create, update and archive each append a row with the changed fields', async () => {
		const n0 = assertOk(await admin.get('/api/v1/audit?per_page=1')).total;
		ent = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(1, { phone: '0991-1' })), 201);
		const u = assertOk(await officer.patch(`/api/v1/enterprises/${ent.id}`, { version: 1, phone: '0991-2', employees: 7 }));
		assertOk(await officer.post(`/api/v1/enterprises/${ent.id}/archive`, { version: u.version }));
		const r = assertOk(await aud.get(`/api/v1/audit?entity=enterprise&entity_id=${ent.id}`));
		assert.equal(r.total, 3);
		assert.equal(assertOk(await admin.get('/api/v1/audit?per_page=1')).total, n0 + 3);
		const [arch, upd, cre] = r.items; // newest first
		assert.deepEqual([cre.action, upd.action, arch.action], ['create', 'update', 'archive']);
		for (const x of r.items) {
			assert.equal(x.user, 'officer');
			assert.equal(x.entity, 'enterprise');
			assert.equal(String(x.entity_id), String(ent.id));
			assert.match(x.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			assert.match(x.hash, /^[0-9a-f]{64}$/);
			assert.match(x.client, /127\.0\.0\.1/);
		}
		assert.deepEqual(cre.changes.name, [null, ent.name]);
		assert.deepEqual(cre.changes.credit_code, [null, ent.credit_code]);
		assert.deepEqual(upd.changes, { phone: ['0991-1', '0991-2'], employees: [null, 7] });
		assert.deepEqual(arch.changes, { archived: [false, true] });
		assert.ok(r.items[0].id > r.items[1].id && r.items[1].id > r.items[2].id, 'newest first');
	});

	test('a failed write appends nothing; a no-op edit appends nothing', async () => {
		const n0 = assertOk(await admin.get('/api/v1/audit?per_page=1')).total;
		assertError(await officer.post('/api/v1/enterprises', { name: 'x' }), 400);
		assertError(await officer.patch(`/api/v1/enterprises/${ent.id}`, { version: 1, phone: '9' }), 409);
		const cur = assertOk(await officer.get(`/api/v1/enterprises/${ent.id}`));
		assertOk(await officer.patch(`/api/v1/enterprises/${ent.id}`, { version: cur.version, phone: cur.phone }));
		assert.equal(assertOk(await admin.get('/api/v1/audit?per_page=1')).total, n0);
	});

	test('user changes are audited without the password hash', async () => {
		const u = assertOk(await admin.post('/api/v1/users', { username: 'audited', password: 'some-long-pass-1', role: 'prefecture',
			division: '652300' }), 201);
		assertOk(await admin.patch(`/api/v1/users/${u.id}`, { version: u.version, password: 'another-long-pass-2', display_name: '改名' }));
		const r = assertOk(await admin.get(`/api/v1/audit?entity=user&entity_id=${u.id}`));
		assert.deepEqual(r.items.map((x) => x.action), ['update', 'create']);
		const text = JSON.stringify(r.items);
		assert.ok(!/argon2|some-long-pass|another-long-pass|password_hash/.test(text), text);
		assert.equal(r.items[1].changes.division[1], '652300');
		assert.deepEqual(r.items[0].changes.display_name, ['audited', '改名']);
	});

	test('filters: user, entity, dates', async () => {
		const byUser = assertOk(await admin.get('/api/v1/audit?user=officer&per_page=500'));
		assert.ok(byUser.total >= 3);
		assert.ok(byUser.items.every((x) => x.user === 'officer'));
		const sessions = assertOk(await admin.get('/api/v1/audit?entity=session&per_page=500'));
		assert.ok(sessions.items.every((x) => x.entity === 'session'));
		assert.ok(sessions.items.some((x) => x.action === 'sign_in' && x.user === 'auditor'));
		const todays = assertOk(await admin.get(`/api/v1/audit?from=${today()}&to=${today()}&per_page=1`)).total;
		assert.equal(todays, assertOk(await admin.get('/api/v1/audit?per_page=1')).total, 'everything happened today');
		assert.equal(assertOk(await admin.get('/api/v1/audit?to=2000-01-01')).total, 0);
		assert.equal(assertOk(await admin.get('/api/v1/audit?from=2099-01-01')).total, 0);
		const combo = assertOk(await admin.get(`/api/v1/audit?entity=enterprise&user=officer&from=${today()}`));
		assert.ok(combo.items.every((x) => x.entity === 'enterprise' && x.user === 'officer'));
		assert.equal(assertOk(await admin.get('/api/v1/audit?user=nobody')).total, 0);
		assertError(await admin.get('/api/v1/audit?from=yesterday'), 400, undefined, 'from');
		assertError(await admin.get('/api/v1/audit?to=2026-02-30'), 400, undefined, 'to');
		assertError(await admin.get('/api/v1/audit?per_page=0'), 400, undefined, 'per_page');
		assert.equal(assertOk(await admin.get('/api/v1/audit?user=' + encodeURIComponent("' OR 1=1 --"))).total, 0);
	});

	test('paging through the log', async () => {
		const all = assertOk(await admin.get('/api/v1/audit?per_page=500'));
		const p1 = assertOk(await admin.get('/api/v1/audit?per_page=10&page=1'));
		const p2 = assertOk(await admin.get('/api/v1/audit?per_page=10&page=2'));
		assert.deepEqual([...p1.items, ...p2.items].map((x) => x.id), all.items.slice(0, 20).map((x) => x.id));
		assert.equal(p2.page, 2);
	});

	test('verify: ok, with the number of rows', async () => {
		const v = assertOk(await aud.get('/api/v1/audit/verify'));
		assert.equal(v.ok, true);
		assert.equal(v.first_bad_id, null);
		assert.equal(v.rows, assertOk(await admin.get('/api/v1/audit?per_page=1')).total);
	});
});

describe('tampering by hand', () => {
	let base;

	before(async () => {
		// More writes so that the chain is long, then stop the server cleanly.
		for (let i = 2; i < 6; i++)
			assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(i)), 201);
		stopped = true;
		await srv.stop({ keep: true });
		base = dbClone(srv.db, srv.dir, 'base.db');
	});

	/* A copy of the stopped server's database to tamper with: its URL. */
	const copy = (name) => dbClone(base, srv.dir, name);
	/* Tampering on either engine: drop a trigger, then run sql. */
	const without = (p, trigger, sql) => dbSql(p, dropTriggerSql(p, trigger) + sql);

	function verify(url) {
		return run(['--db', url, 'audit', 'verify']);
	}

	test('the untouched database verifies', () => {
		const r = verify(copy('ok.db'));
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /ok/);
	});

	test('the triggers stop a plain UPDATE or DELETE', () => {
		const p = copy('trig.db');
		assert.throws(() => dbSql(p, "UPDATE audit SET changes='{}' WHERE id=5;"), /append-only/);
		assert.throws(() => dbSql(p, 'DELETE FROM audit WHERE id=5;'), /append-only/);
	});

	test('a changed row is found and named', () => {
		const p = copy('changed.db');
		without(p, 'audit_no_update', "UPDATE audit SET changes='{}' WHERE id=5;");
		const r = verify(p);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /\brow 5\b/, r.stderr);
		assert.doesNotMatch(r.stderr, /\brow [0-4]\b/);
	});

	test('a changed user name or time is found too', () => {
		for (const [col, val] of [['username', "'someone'"], ['at', "'2020-01-01T00:00:00Z'"], ['action', "'read'"]]) {
			const p = copy(`changed-${col}.db`);
			without(p, 'audit_no_update', `UPDATE audit SET ${col}=${val} WHERE id=7;`);
			const r = verify(p);
			assert.notEqual(r.status, 0, col);
			assert.match(r.stderr, /\brow 7\b/, `${col}: ${r.stderr}`);
		}
	});

	test('a removed row is found', () => {
		const p = copy('deleted.db');
		without(p, 'audit_no_delete', 'DELETE FROM audit WHERE id=5;');
		const r = verify(p);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /\brow (5|6)\b/, r.stderr);
	});

	test('an inserted row is found and named', () => {
		const p = copy('inserted.db');
		const max = Number(dbQuery(p, 'SELECT max(id) FROM audit;'));
		// A replay of row 5 appended at the end.
		dbSql(p, `INSERT INTO audit (id, at, user_id, username, client, action, entity, entity_id, changes, prev_hash, hash)
			SELECT ${max + 1}, at, user_id, username, client, action, entity, entity_id, changes, prev_hash, hash FROM audit WHERE id=5;`);
		const r = verify(p);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, new RegExp(`\\brow ${max + 1}\\b`), r.stderr);
	});

	test('a row inserted before the first one (id 0) is found', () => {
		const p = copy('inserted0.db');
		dbSql(p, `INSERT INTO audit (id, at, user_id, username, client, action, entity, entity_id, changes, prev_hash, hash)
			SELECT 0, at, user_id, username, client, action, entity, entity_id, '{}', prev_hash, hash FROM audit WHERE id=1;`);
		const r = verify(p);
		assert.notEqual(r.status, 0, `verify passed a forged row 0: ${r.stdout}`);
		assert.match(r.stderr, /\brow 0\b/, r.stderr);
	});

	test('a forged hash on a changed row does not help: the next row breaks', () => {
		const p = copy('forged.db');
		without(p, 'audit_no_update', "UPDATE audit SET changes='{}', hash='" + 'a'.repeat(64) + "' WHERE id=5;");
		const r = verify(p);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /\brow 5\b/);
	});

	test('the served verify reports the same', async () => {
		const p = copy('served.db');
		without(p, 'audit_no_update', "UPDATE audit SET changes='{}' WHERE id=5;");
		// A second server on the tampered copy.
		const { spawn } = await import('node:child_process');
		const { freePort, request, BIN, PASSWORD } = await import('./harness.mjs');
		const port = await freePort();
		const proc = spawn(BIN, ['--db', p, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', '1'],
			{ stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		proc.stderr.on('data', (d) => (stderr += d));
		const exit = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
		try {
			const base = `http://127.0.0.1:${port}`;
			for (let i = 0; ; i++) {
				try {
					if ((await request(base, 'GET', '/api/v1/meta')).status === 200)
						break;
				} catch { /* not yet */ }
				assert.ok(i < 400, 'server came up');
				await new Promise((res) => setTimeout(res, 25));
			}
			const s = await request(base, 'POST', '/api/v1/session', { body: { username: 'auditor', password: PASSWORD } });
			assert.equal(s.status, 200);
			const cookie = s.headers.getSetCookie()[0].split(';')[0];
			const v = await request(base, 'GET', '/api/v1/audit/verify', { cookie });
			assert.equal(v.status, 200);
			assert.equal(v.json.ok, false);
			assert.equal(v.json.first_bad_id, 5);
			assert.ok(v.json.reason);
		} finally {
			proc.kill('SIGTERM');
			const st = await exit;
			assert.equal(st.code, 0, stderr);
			assert.ok(!/AddressSanitizer|runtime error/.test(stderr), stderr);
		}
	});
});
