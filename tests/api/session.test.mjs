// Sign-in, sign-out, sessions on the server, lock-out, and the CSRF token on every write.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, assertError, assertOk, enterpriseBody, startServer } from './harness.mjs';

let srv, admin;

before(async () => {
	srv = await startServer();
	admin = await srv.signIn('admin');
});

// stop() fails the file when the server died or a sanitizer spoke.
after(() => srv?.stop());

describe('session', () => {
	test('sign in returns the user, a CSRF token and an HttpOnly SameSite=Strict cookie', async () => {
		const r = await srv.request('POST', '/api/v1/session', { body: { username: 'officer', password: PASSWORD } });
		assertOk(r);
		assert.equal(r.json.user.username, 'officer');
		assert.equal(r.json.user.role, 'officer');
		assert.equal(r.json.user.password_hash, undefined, 'no password hash in the reply');
		assert.match(r.json.csrf_token, /^[0-9a-f]{32,}$/);
		const sc = r.headers.getSetCookie().find((c) => c.startsWith('luoshi_session='));
		assert.ok(sc, 'session cookie set');
		assert.match(sc, /HttpOnly/i);
		assert.match(sc, /SameSite=Strict/i);
		assert.ok(!sc.includes(r.json.csrf_token), 'the cookie is not the CSRF token');
	});

	test('GET /session tells who is signed in, with the same CSRF token', async () => {
		const r = await admin.get('/api/v1/session');
		assertOk(r);
		assert.equal(r.json.user.username, 'admin');
		assert.equal(r.json.csrf_token, admin.csrf);
	});

	test('GET /session without a cookie or with a made-up one is 401', async () => {
		assertError(await srv.request('GET', '/api/v1/session'), 401, 'unauthenticated');
		assertError(await srv.request('GET', '/api/v1/session', { cookie: 'luoshi_session=' + 'a'.repeat(64) }), 401,
			'unauthenticated');
		assertError(await srv.request('GET', '/api/v1/session', { cookie: 'luoshi_session=short' }), 401, 'unauthenticated');
	});

	test('wrong password and unknown user are both 401 bad_login', async () => {
		const r1 = await srv.request('POST', '/api/v1/session', { body: { username: 'officer', password: 'wrong-password-1' } });
		assertError(r1, 401, 'bad_login');
		assert.equal(sessionSet(r1), false, 'no cookie on a failed sign-in');
		const r2 = await srv.request('POST', '/api/v1/session', { body: { username: 'nobody-here', password: 'whatever-123' } });
		assertError(r2, 401, 'bad_login');
		assert.equal(r1.json.error.message, r2.json.error.message, 'the reply does not tell which was wrong');
	});

	test('sign in with missing fields is 400 naming the field', async () => {
		assertError(await srv.request('POST', '/api/v1/session', { body: { username: 'admin' } }), 400, 'required', 'password');
		assertError(await srv.request('POST', '/api/v1/session', { body: { password: PASSWORD } }), 400, 'required', 'username');
		assertError(await srv.request('POST', '/api/v1/session', { body: { username: 1, password: PASSWORD } }), 400, 'type',
			'username');
	});

	test('sign out ends the session on the server, not just in the browser', async () => {
		const c = await srv.signIn('auditor');
		assertOk(await c.get('/api/v1/session'));
		const out = await c.del('/api/v1/session');
		assert.equal(out.status, 204, out.text);
		const cleared = out.headers.getSetCookie().find((x) => x.startsWith('luoshi_session='));
		assert.ok(cleared && /Max-Age=0/i.test(cleared), 'the cookie is cleared');
		// The old cookie, replayed, no longer works: the server forgot the session.
		assertError(await c.get('/api/v1/session'), 401, 'unauthenticated');
		assertError(await c.get('/api/v1/enterprises'), 401, 'unauthenticated');
		assertError(await c.del('/api/v1/session'), 401, 'unauthenticated');
	});

	test('two sessions of one user are independent', async () => {
		const a = await srv.signIn('department');
		const b = await srv.signIn('department');
		assert.notEqual(a.cookie, b.cookie);
		assert.notEqual(a.csrf, b.csrf);
		assert.equal((await a.del('/api/v1/session')).status, 204);
		assertOk(await b.get('/api/v1/session'));
		// a's token does not work with b's cookie.
		assertError(await b.del('/api/v1/session', { csrf: a.csrf }), 403, 'csrf');
		assertOk(await b.get('/api/v1/session'));
	});

	test('failed sign-ins slow down, and five lock the account (429 with Retry-After), even for the right password', async () => {
		const uname = 'lockme';
		assertOk(await admin.post('/api/v1/users', { username: uname, password: 'a-good-password-9', role: 'officer' }), 201);
		const ok = await srv.request('POST', '/api/v1/session', { body: { username: uname, password: 'a-good-password-9' } });
		assertOk(ok);
		const bad = (i) => srv.request('POST', '/api/v1/session', { body: { username: uname, password: `bad-${i}-xxxxxx` } });
		for (let i = 0; i < 3; i++)
			assertError(await bad(i), 401, 'bad_login');
		// From the third failure on, each further try must wait longer: 1 s, then 2 s.
		const slowed = await bad(3);
		assertError(slowed, 429, 'locked');
		assert.equal(slowed.headers.get('retry-after'), '1');
		await new Promise((r) => setTimeout(r, 1100));
		assertError(await bad(3), 401, 'bad_login');
		assertError(await bad(4), 429, 'locked');
		await new Promise((r) => setTimeout(r, 2100));
		assertError(await bad(4), 401, 'bad_login');
		const locked = await srv.request('POST', '/api/v1/session', { body: { username: uname, password: 'a-good-password-9' } });
		assertError(locked, 429, 'locked');
		assert.ok(Number(locked.headers.get('retry-after')) > 800, 'Retry-After header: the 15-minute lock');
		assert.equal(sessionSet(locked), false);
		// Other accounts are not locked by it.
		assertOk(await srv.request('POST', '/api/v1/session', { body: { username: 'officer', password: PASSWORD } }));
		// A session opened before the lock still works.
		const c = { cookie: sessionCookieOf(ok) };
		assertOk(await srv.request('GET', '/api/v1/session', { cookie: c.cookie }));
	});

	test('sign-ins, failures and sign-outs are audited', async () => {
		const r = assertOk(await admin.get('/api/v1/audit?entity=session&per_page=500'));
		const actions = new Set(r.items.map((x) => x.action));
		for (const a of ['sign_in', 'sign_in_failed', 'sign_out'])
			assert.ok(actions.has(a), `audit has ${a}: ${[...actions]}`);
	});
});

describe('CSRF', () => {
	let writes;

	before(async () => {
		const doc = assertOk(await srv.request('GET', '/api/v1/openapi.json'));
		writes = [];
		for (const [path, ops] of Object.entries(doc.paths))
			for (const method of Object.keys(ops))
				if (method !== 'get' && !(method === 'post' && path === '/session'))
					writes.push({ method: method.toUpperCase(), path: '/api/v1' + path.replace('{id}', '1') });
		assert.ok(writes.length >= 7, 'the document lists the writes');
	});

	test('every write without the X-CSRF-Token header is 403 csrf', async () => {
		const before = assertOk(await admin.get('/api/v1/audit?per_page=1')).total;
		for (const w of writes) {
			const r = await admin.raw(w.method, w.path, { body: {}, csrf: false });
			assertError(r, 403, 'csrf', 'X-CSRF-Token');
		}
		// Nothing happened: the session still works and no audit rows were written.
		assertOk(await admin.get('/api/v1/session'));
		assert.equal(assertOk(await admin.get('/api/v1/audit?per_page=1')).total, before);
	});

	test('every write with a wrong X-CSRF-Token is 403 csrf', async () => {
		for (const w of writes) {
			for (const tok of ['0'.repeat(64), admin.csrf.slice(0, -1), admin.csrf + '0', admin.csrf.toUpperCase()]) {
				if (tok === admin.csrf)
					continue;
				const r = await admin.raw(w.method, w.path, { body: {}, csrf: tok });
				assertError(r, 403, 'csrf');
			}
		}
	});

	test('a correct token gets past the CSRF check', async () => {
		const r = await admin.post('/api/v1/enterprises', enterpriseBody(4242));
		assertOk(r, 201);
	});

	test('sign-in itself needs no CSRF token', async () => {
		assertOk(await srv.request('POST', '/api/v1/session', { body: { username: 'association', password: PASSWORD } }));
	});
});

function sessionSet(r) {
	return r.headers.getSetCookie().some((c) => /^luoshi_session=[^;]+/.test(c));
}

function sessionCookieOf(r) {
	const c = r.headers.getSetCookie().find((x) => x.startsWith('luoshi_session='));
	return c.split(';')[0];
}

describe('sessions end when the account changes', () => {
	test('a new password or deactivation ends the user\'s sessions', async () => {
		const u = assertOk(await admin.post('/api/v1/users', { username: 'leaver', password: 'first-pass-word-1', role: 'auditor' }), 201);
		const c = await srv.signIn('leaver', 'first-pass-word-1');
		const u2 = assertOk(await admin.patch(`/api/v1/users/${u.id}`, { version: u.version, password: 'second-pass-word-2' }));
		assertError(await c.get('/api/v1/session'), 401, 'unauthenticated');
		assertError(await srv.request('POST', '/api/v1/session', { body: { username: 'leaver', password: 'first-pass-word-1' } }), 401,
			'bad_login');
		const c2 = await srv.signIn('leaver', 'second-pass-word-2');
		assertOk(await admin.patch(`/api/v1/users/${u.id}`, { version: u2.version, active: false }));
		assertError(await c2.get('/api/v1/session'), 401, 'unauthenticated');
		assertError(await srv.request('POST', '/api/v1/session', { body: { username: 'leaver', password: 'second-pass-word-2' } }), 401,
			'bad_login');
	});

	test('an admin cannot deactivate or demote itself', async () => {
		const me = admin.user;
		const cur = assertOk(await admin.get('/api/v1/users?q=admin')).items.find((u) => u.id === me.id);
		assertError(await admin.patch(`/api/v1/users/${me.id}`, { version: cur.version, active: false }), 403);
		assertError(await admin.patch(`/api/v1/users/${me.id}`, { version: cur.version, role: 'auditor' }), 403);
		assertOk(await admin.get('/api/v1/users'));
	});
});

// Last in the file: it locks this server's client address.
describe('per-address lock-out', () => {
	test('many failures from one address lock sign-in from it, for every account', async () => {
		let locked = null;
		for (let i = 0; i < 25 && !locked; i++) {
			const r = await srv.request('POST', '/api/v1/session', { body: { username: `ghost${i}`, password: 'nope-nope-nope' } });
			if (r.status === 429)
				locked = r;
			else
				assertError(r, 401, 'bad_login');
		}
		assert.ok(locked, 'the address was locked within 25 failures');
		assertError(locked, 429, 'locked');
		assertError(await srv.request('POST', '/api/v1/session', { body: { username: 'officer', password: PASSWORD } }), 429, 'locked');
		// Signed-in sessions carry on.
		assertOk(await admin.get('/api/v1/session'));
	});
});
