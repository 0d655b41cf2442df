// Two `luoshi serve` processes on one PostgreSQL database, as behind a load
// balancer: a session and a lock-out made on one hold on the other, optimistic
// locking holds across them, and a concurrent write load through both ends with
// exact row counts and one valid audit chain. Runs only under tools/with-pg.sh.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import {
	PG, PASSWORD, assertError, assertOk, dbQuery, enterpriseBody, demoDb, listAll, run, startServer, tempDir,
} from '../api/harness.mjs';

const SKIP = PG ? false : 'needs PostgreSQL: run under tools/with-pg.sh (LUOSHI_TEST_PG is unset)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('two servers, one PostgreSQL database', { skip: SKIP }, () => {
	let dir, db, A, B, adminA;

	before(async () => {
		dir = tempDir('luoshi-pg-multi');
		db = demoDb(dir, 'multi');
		A = await startServer({ db, threads: 4 });
		B = await startServer({ db, threads: 4 });
		assert.notEqual(A.port, B.port);
		adminA = await A.signIn('admin');
	});

	after(async () => {
		try {
			await A?.stop();
			await B?.stop();
		} finally {
			await A?.kill();
			await B?.kill();
			rmSync(dir, { recursive: true, force: true });
		}
	});

	/* The same session (cookie and CSRF token) used through the other server. */
	function onOther(server, client) {
		const c = server.anon();
		c.cookie = client.cookie;
		c.csrf = client.csrf;
		return c;
	}

	test('a session made on A works on B (reads and CSRF-checked writes); signing out on B ends it on A', async () => {
		const a = await A.signIn('officer');
		const b = onOther(B, a);
		const who = assertOk(await b.get('/api/v1/session'));
		assert.equal(who.user.username, 'officer');
		const [ent] = assertOk(await a.get('/api/v1/enterprises?per_page=1')).items;
		const cur = assertOk(await b.get(`/api/v1/enterprises/${ent.id}`));
		// A write through B needs the token A handed out, and takes it.
		assertError(await b.patch(`/api/v1/enterprises/${ent.id}`, { version: cur.version, phone: '0991-0000001' }, { csrf: false }),
			403, 'csrf');
		assertError(await b.patch(`/api/v1/enterprises/${ent.id}`, { version: cur.version, phone: '0991-0000001' }, { csrf: 'x'.repeat(43) }),
			403, 'csrf');
		const up = assertOk(await b.patch(`/api/v1/enterprises/${ent.id}`, { version: cur.version, phone: '0991-0000001' }));
		assert.equal(up.version, cur.version + 1);
		// A sees B's write at once (no per-process cache in the way).
		assert.equal(assertOk(await a.get(`/api/v1/enterprises/${ent.id}`)).phone, '0991-0000001');
		assert.equal((await b.del('/api/v1/session')).status, 204);
		assertError(await a.get('/api/v1/session'), 401, 'unauthenticated');
		assertError(await a.get('/api/v1/enterprises'), 401, 'unauthenticated');
		assertError(await b.get('/api/v1/session'), 401, 'unauthenticated');
	});

	test('the same edit with the same version from A and B at the same moment: exactly one 200 and one 409', async () => {
		const a = await A.signIn('officer');
		const b = await B.signIn('officer');
		const ents = assertOk(await a.get('/api/v1/enterprises?per_page=30')).items.slice(10, 20);
		assert.equal(ents.length, 10);
		for (const [i, ent] of ents.entries()) {
			const cur = assertOk(await a.get(`/api/v1/enterprises/${ent.id}`));
			const [ra, rb] = await Promise.all([
				a.patch(`/api/v1/enterprises/${ent.id}`, { version: cur.version, phone: `0991-100${i}` }, { signal: AbortSignal.timeout(10000) }),
				b.patch(`/api/v1/enterprises/${ent.id}`, { version: cur.version, phone: `0991-200${i}` }, { signal: AbortSignal.timeout(10000) }),
			]);
			const statuses = [ra.status, rb.status].sort();
			assert.deepEqual(statuses, [200, 409], `enterprise ${ent.id}: A ${ra.status} ${ra.text} / B ${rb.status} ${rb.text}`);
			const [win, lose, phone] = ra.status === 200 ? [ra, rb, `0991-100${i}`] : [rb, ra, `0991-200${i}`];
			assertError(lose, 409, 'conflict', 'version');
			assert.equal(lose.json.current.version, cur.version + 1, 'the 409 carries the record as the winner left it');
			assert.equal(win.json.version, cur.version + 1);
			const now = assertOk(await b.get(`/api/v1/enterprises/${ent.id}`));
			assert.equal(now.version, cur.version + 1);
			assert.equal(now.phone, phone);
		}
		A.assertHealthy();
		B.assertHealthy();
	});

	test('a bounded concurrent write load through both servers: exact row counts, every write kept, one valid audit chain',
		{ timeout: 180000 }, async (t) => {
			const PER_SERVER = 8, CREATES = 200, EDITS = 200, TARGETS = 5;
			const targets = (await listAll(adminA, '/api/v1/enterprises')).slice(20, 20 + TARGETS);
			assert.equal(targets.length, TARGETS);
			const entBefore = Number(dbQuery(db, 'SELECT count(*) FROM enterprises;'));
			const auditBefore = Number(dbQuery(db, 'SELECT count(*) FROM audit;'));
			const versionsBefore = new Map(targets.map((t) => [t.id, t.version]));

			// 2 × 8 clients, each with its own session, half of them signed in through each server.
			const clients = [];
			for (let i = 0; i < PER_SERVER; i++)
				clients.push(await A.signIn('officer'), await B.signIn('officer'));
			const signIns = clients.length;

			// One queue of 400 operations: 200 creates with unique credit codes and 200 edits
			// (read the current version, then write it back) spread over 5 enterprises, so
			// that edits from both servers collide and some get 409.
			const ops = [];
			for (let i = 0; i < CREATES + EDITS; i++)
				ops.push(i % 2 ? { kind: 'edit', target: targets[(i >> 1) % targets.length].id, i } : { kind: 'create', n: 7000000 + i, i });
			let next = 0;
			const results = [];
			const t0 = Date.now();
			await Promise.all(clients.map(async (c) => {
				while (next < ops.length) {
					const op = ops[next++];
					const signal = AbortSignal.timeout(15000);
					if (op.kind === 'create') {
						const body = enterpriseBody(op.n);
						const r = await c.post('/api/v1/enterprises', body, { signal });
						results.push({ ...op, status: r.status, code: body.credit_code, id: r.json?.id, text: r.text });
					} else {
						const cur = await c.get(`/api/v1/enterprises/${op.target}`, { signal });
						assert.equal(cur.status, 200, cur.text);
						const phone = `0991-3${String(op.i).padStart(4, "0")}`;
						const r = await c.patch(`/api/v1/enterprises/${op.target}`, { version: cur.json.version, phone }, { signal });
						results.push({ ...op, status: r.status, phone, text: r.text });
					}
				}
			}));
			const seconds = (Date.now() - t0) / 1000;

			const creates = results.filter((r) => r.kind === 'create');
			const edits = results.filter((r) => r.kind === 'edit');
			const created = creates.filter((r) => r.status === 201);
			const edited = edits.filter((r) => r.status === 200);
			const conflicts = edits.filter((r) => r.status === 409);
			t.diagnostic(`load: ${results.length} writes in ${seconds.toFixed(1)} s through 2 servers × ${PER_SERVER} clients: ` +
				`${created.length}/${creates.length} creates 201, ${edited.length} edits 200, ${conflicts.length} edits 409`);
			assert.equal(results.length, CREATES + EDITS);
			for (const r of creates)
				assert.equal(r.status, 201, `create ${r.code}: ${r.status} ${r.text}`);
			for (const r of edits)
				assert.ok(r.status === 200 || r.status === 409, `edit of ${r.target}: ${r.status} ${r.text}`);
			assert.equal(edited.length + conflicts.length, EDITS);

			// Exact row counts, and every acknowledged write is there.
			assert.equal(Number(dbQuery(db, 'SELECT count(*) FROM enterprises;')), entBefore + created.length);
			const codes = created.map((r) => `'${r.code}'`).join(',');
			assert.equal(Number(dbQuery(db, `SELECT count(*) FROM enterprises WHERE credit_code IN (${codes});`)), created.length);
			assert.equal(new Set(created.map((r) => r.id)).size, created.length, 'every create got its own id');
			for (const t of targets) {
				const mine = edited.filter((r) => r.target === t.id);
				const [version, phone] = dbQuery(db, `SELECT version, phone FROM enterprises WHERE id=${t.id};`).split('|');
				assert.equal(Number(version), versionsBefore.get(t.id) + mine.length, `enterprise ${t.id}: one version per successful edit`);
				if (mine.length)
					assert.ok(mine.some((r) => r.phone === phone), `enterprise ${t.id}: its phone ${phone} is one that was acknowledged`);
			}

			// One audit row per sign-in and per successful write, none for a 409; one valid chain.
			const auditAfter = Number(dbQuery(db, 'SELECT count(*) FROM audit;'));
			assert.equal(auditAfter, auditBefore + signIns + created.length + edited.length);
			assert.equal(dbQuery(db, 'SELECT count(*) FROM (SELECT id FROM audit GROUP BY id HAVING count(*) > 1) d;'), '0');
			const v = run(['--db', db, 'audit', 'verify']);
			assert.equal(v.status, 0, v.stderr);
			assert.match(v.stdout, new RegExp(`audit chain ok: ${auditAfter} rows`));
			A.assertHealthy();
			B.assertHealthy();
		});

	test('a lock-out made through A holds on B, and the slow-down between failures counts across both', async () => {
		const uname = 'lockacross';
		const good = 'a-good-password-7';
		assertOk(await adminA.post('/api/v1/users', { username: uname, password: good, role: 'officer' }), 201);
		const opened = await B.signIn(uname, good);
		const bad = (srv, i) => srv.request('POST', '/api/v1/session', { body: { username: uname, password: `bad-${i}-xxxxxx` } });
		assertError(await bad(A, 0), 401, 'bad_login');
		assertError(await bad(B, 1), 401, 'bad_login');
		assertError(await bad(A, 2), 401, 'bad_login');
		// The slow-down after the third failure on A is enforced by B.
		const slowed = await bad(B, 3);
		assertError(slowed, 429, 'locked');
		assert.equal(slowed.headers.get('retry-after'), '1');
		await sleep(1100);
		assertError(await bad(B, 3), 401, 'bad_login');
		assertError(await bad(A, 4), 429, 'locked');
		await sleep(2100);
		assertError(await bad(A, 4), 401, 'bad_login');
		// Five failures: locked, on both servers, even with the right password.
		for (const srv of [B, A]) {
			const locked = await srv.request('POST', '/api/v1/session', { body: { username: uname, password: good } });
			assertError(locked, 429, 'locked');
			assert.ok(Number(locked.headers.get('retry-after')) > 800, `Retry-After on ${srv === A ? 'A' : 'B'}: the 15-minute lock`);
		}
		// Others are not affected; the session opened before the lock goes on, on either server.
		await A.signIn('auditor', PASSWORD);
		assertOk(await opened.get('/api/v1/session'));
		assertOk(await onOther(A, opened).get('/api/v1/session'));
	});
});
