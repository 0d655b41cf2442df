// harness.mjs — a real `luoshi serve` on a temporary database and a free port,
// signed-in clients, and the helpers the API and CLI tests share.
//
// LUOSHI_BIN names the binary (default /work/main/luoshi). With LUOSHI_SANITIZED=1
// the same tests run against an ASan+UBSan build: stop() then also fails on any
// sanitizer report in the server's stderr, and every test fails if the server died.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BIN = process.env.LUOSHI_BIN || '/work/main/luoshi';
/* With LUOSHI_TEST_PG=postgres://user@host:port (a server the test run started), every
 * database is a fresh PostgreSQL database instead of a SQLite file. */
export const PG = process.env.LUOSHI_TEST_PG || '';
let dbCount = 0;

/* psql on the server's maintenance database; throws on failure. */
export function psql(url, sql) {
	const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', url], { input: sql, encoding: 'utf8' });
	if (r.status !== 0)
		throw new Error(`psql failed (${r.status}): ${r.stderr}`);
	return r.stdout;
}

/* A URL for a new, empty database: a file in dir, or a new PostgreSQL database. */
export function freshDb(dir, name = 't.db') {
	if (!PG)
		return `sqlite:${join(dir, name)}`;
	const db = pgName(name);
	psql(`${PG}/postgres`, `CREATE DATABASE ${db};`);
	return `${PG}/${db}`;
}

const pgName = (name) => `t_${process.pid}_${++dbCount}_${name.replace(/[^a-z0-9]/gi, '_')}`.toLowerCase();

/* A new demo database, as `init --demo` makes it (a URL like freshDb's). The demo is
 * deterministic and, at a few hundred enterprises, takes seconds to seed, so the first call
 * for a binary runs `init --demo` once into a template and every call copies that: a file
 * in the temporary directory on SQLite (named by the binary's path and build, older builds'
 * templates removed), a template database on PostgreSQL (CREATE DATABASE ... TEMPLATE). */
export function demoDb(dir, name = 't.db', bin = BIN) {
	const st = statSync(bin);
	const hash = (x) => createHash('sha1').update(String(x)).digest('hex').slice(0, 10);
	const binKey = hash(realpathSync(bin)), buildKey = hash(`${st.mtimeMs}/${st.size}/${st.ino}`);
	if (PG) {
		const tmpl = `demo_${binKey}_${buildKey}`;
		if (!psql(`${PG}/postgres`, `SELECT 1 FROM pg_database WHERE datname = '${tmpl}';`).trim()) {
			const work = freshDb(dir, 'demo_template');
			initDemo(bin, work);
			const made = work.slice(work.lastIndexOf('/') + 1);
			try {
				psql(`${PG}/postgres`, `ALTER DATABASE ${made} RENAME TO ${tmpl};`);
			} catch (err) { /* another run made it meanwhile */
				psql(`${PG}/postgres`, `DROP DATABASE ${made};`);
				if (!psql(`${PG}/postgres`, `SELECT 1 FROM pg_database WHERE datname = '${tmpl}';`).trim())
					throw err;
			}
		}
		const db = pgName(name);
		psql(`${PG}/postgres`, `CREATE DATABASE ${db} TEMPLATE ${tmpl};`);
		return `${PG}/${db}`;
	}
	const tmpl = join(tmpdir(), `luoshi-demo-${binKey}-${buildKey}.db`);
	if (!existsSync(tmpl)) {
		const work = mkdtempSync(join(tmpdir(), 'luoshi-demo-'));
		initDemo(bin, `sqlite:${join(work, 'demo.db')}`);
		for (const f of readdirSync(tmpdir()))
			if (f.startsWith(`luoshi-demo-${binKey}-`) && f.endsWith('.db'))
				rmSync(join(tmpdir(), f), { force: true });
		renameSync(join(work, 'demo.db'), tmpl); /* atomic: a concurrent run sees all of it or none */
		rmSync(work, { recursive: true, force: true });
	}
	copyFileSync(tmpl, join(dir, name));
	return `sqlite:${join(dir, name)}`;
}

function initDemo(bin, db) {
	const env = { ...process.env, LUOSHI_DB: '' };
	delete env.LUOSHI_TODAY; /* the demo keeps its own calendar, whatever a test sets for its server */
	const r = spawnSync(bin, ['--db', db, 'init', '--demo'], { env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120000 * SLOW });
	if (r.error)
		throw r.error;
	for (const m of SAN_MARKS)
		assert.ok(!r.stderr.includes(m), `sanitizer report from luoshi init --demo:\n${r.stderr}`);
	assert.equal(r.status, 0, `init --demo failed: ${r.stderr}`);
	assert.ok(!existsSync(db.replace(/^sqlite:/, '') + '-wal') || isPgUrl(db), 'init left its database checkpointed');
}

/* SQL on the database behind a URL, as a person with access to it would run it. */
export function dbSql(url, sql) {
	return url.startsWith('postgres') ? psql(url, sql) : sqlite(url.replace(/^sqlite:/, ''), sql);
}
/* ---- engine-aware helpers for tests that look into or tamper with a database ---- */

export const isPgUrl = (url) => url.startsWith('postgres');

/* dbSql's output without the trailing newline: one value, or rows of `a|b|c` (both
 * the sqlite3 CLI and `psql -A -t` separate columns with | and print NULL as ''). */
export function dbQuery(url, sql) {
	return dbSql(url, sql).trim();
}

/* A copy of the database behind url as a new database named name (a file in dir on
 * SQLite): VACUUM INTO, or pg_dump into a fresh PostgreSQL database. Both work while
 * a server is using the source. Returns the copy's URL. */
export function dbClone(url, dir, name) {
	const to = freshDb(dir, name);
	if (isPgUrl(url)) {
		const d = spawnSync('pg_dump', ['--no-owner', '--no-privileges', url], { encoding: 'utf8', maxBuffer: 256 << 20 });
		if (d.status !== 0)
			throw new Error(`pg_dump failed (${d.status}): ${d.stderr}`);
		psql(to, d.stdout);
	} else {
		sqlite(url.replace(/^sqlite:/, ''), `VACUUM INTO '${to.replace(/^sqlite:/, '')}';`);
	}
	return to;
}

/* The SQL that drops a trigger (PostgreSQL names its table, SQLite does not). */
export function dropTriggerSql(url, trigger, table = 'audit') {
	return isPgUrl(url) ? `DROP TRIGGER ${trigger} ON ${table};` : `DROP TRIGGER ${trigger};`;
}

/* The names of the database's tables, sorted; [] for a SQLite file that does not exist
 * (which this does not create). */
export function dbTables(url) {
	if (!isPgUrl(url) && !existsSync(url.replace(/^sqlite:/, '')))
		return [];
	const sql = isPgUrl(url)
		? "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1;"
		: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1;";
	return dbQuery(url, sql).split('\n').filter(Boolean);
}

export const SANITIZED = process.env.LUOSHI_SANITIZED === '1';
export const PASSWORD = 'luoshi-demo-2026';
export const ROLES = ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'];
/* Waits scale with the sanitizer build, which is about 3x slower. */
export const SLOW = SANITIZED ? 4 : 1;

const SAN_MARKS = ['AddressSanitizer', 'LeakSanitizer', 'runtime error', 'UndefinedBehaviorSanitizer'];

export function tempDir(tag = 'luoshi') {
	return mkdtempSync(join(tmpdir(), `${tag}-`));
}

/* Runs the binary synchronously: {status, stdout, stderr}. */
export function run(args, { input, env, cwd } = {}) {
	const r = spawnSync(BIN, args, {
		input,
		cwd,
		env: { ...process.env, LUOSHI_DB: '', ...env },
		encoding: 'utf8',
		maxBuffer: 64 << 20,
		timeout: 60000 * SLOW,
	});
	if (r.error)
		throw r.error;
	for (const m of SAN_MARKS)
		assert.ok(!r.stderr.includes(m), `sanitizer report from luoshi ${args.join(' ')}:\n${r.stderr}`);
	return r;
}


export function freePort() {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Servers still running when this process ends (a test crashed before stop()) are killed. */
const live = new Set();
process.on('exit', () => {
	for (const p of live)
		p.kill('SIGKILL');
});

/* One HTTP exchange. body: object (sent as JSON), string or Buffer; signal: an
 * AbortSignal (e.g. AbortSignal.timeout(ms)) that bounds it. Returns
 * {status, headers, text, bytes, json} with json null when the reply is not JSON. */
export async function request(base, method, path, { body, headers = {}, cookie, redirect = 'manual', signal } = {}) {
	const h = { ...headers };
	let payload = body;
	if (body !== undefined && body !== null && typeof body === 'object' && !(body instanceof Uint8Array)) {
		payload = JSON.stringify(body);
		if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
			h['Content-Type'] = 'application/json';
	}
	if (cookie)
		h.Cookie = cookie;
	const res = await fetch(base + path, { method, headers: h, body: payload, redirect, signal });
	const bytes = Buffer.from(await res.arrayBuffer());
	const text = bytes.toString('utf8');
	let json = null;
	if ((res.headers.get('content-type') || '').startsWith('application/json')) {
		try {
			json = JSON.parse(text);
		} catch {
			json = null;
		}
	}
	return { status: res.status, headers: res.headers, text, bytes, json };
}

/* Starts a server on a fresh database. opts.demo (default true): a demo database (demoDb).
 * opts.db: serve that (initialised) database instead, e.g. a second server on the
 * first one's database. */
export async function startServer({ demo = true, threads = 2, db: shared, args = [] } = {}) {
	const dir = tempDir('luoshi-api');
	const db = shared || (demo ? demoDb(dir) : freshDb(dir));
	if (!shared && !demo) {
		const init = run(['--db', db, 'init']);
		assert.equal(init.status, 0, `init failed: ${init.stderr}`);
	}
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const proc = spawn(BIN, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', String(threads), ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, LUOSHI_DB: '' },
	});
	let stderr = '';
	let stdout = '';
	let exited = null;
	proc.stderr.on('data', (d) => (stderr += d));
	proc.stdout.on('data', (d) => (stdout += d));
	live.add(proc);
	const exit = new Promise((resolve) => proc.on('exit', (code, signal) => {
		live.delete(proc);
		resolve((exited = { code, signal }));
	}));

	const deadline = Date.now() + 15000 * SLOW;
	for (;;) {
		if (exited)
			throw new Error(`luoshi serve exited early (${JSON.stringify(exited)}):\n${stderr}`);
		try {
			const r = await request(base, 'GET', '/api/v1/meta');
			if (r.status === 200)
				break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			proc.kill('SIGKILL');
			throw new Error(`luoshi serve did not answer /api/v1/meta:\n${stderr}`);
		}
		await sleep(25);
	}

	const server = {
		dir,
		db,
		dbPath: join(dir, 't.db'),
		port,
		base,
		proc,
		get stderr() {
			return stderr;
		},
		get stdout() {
			return stdout;
		},
		alive() {
			return exited === null;
		},
		/* Fails when the server died or a sanitizer spoke. Call it after risky requests. */
		assertHealthy() {
			assert.equal(exited, null, `the server died: ${JSON.stringify(exited)}\n${stderr}`);
			for (const m of SAN_MARKS)
				assert.ok(!stderr.includes(m), `sanitizer report in the server's stderr:\n${stderr}`);
		},
		async request(method, path, opts) {
			const r = await request(base, method, path, opts);
			server.assertAlive();
			return r;
		},
		/* Every helper request checks this: a test fails as soon as the server is gone. */
		assertAlive() {
			assert.equal(exited, null, `the server died: ${JSON.stringify(exited)}\n${stderr}`);
		},
		anon() {
			return makeClient(server, null, null);
		},
		async signIn(username, password = PASSWORD, headers = {}) {
			const r = await request(base, 'POST', '/api/v1/session', {
				body: { username, password },
				headers,
			});
			assert.equal(r.status, 200, `sign-in as ${username}: ${r.status} ${r.text}`);
			const cookie = sessionCookie(r.headers);
			assert.ok(cookie, 'sign-in sets the session cookie');
			const c = makeClient(server, cookie, r.json.csrf_token);
			c.user = r.json.user;
			return c;
		},
		/* SIGTERM, wait, check the exit code and that no sanitizer spoke. */
		async stop({ keep = false } = {}) {
			if (exited !== null) {
				if (!keep)
					rmSync(dir, { recursive: true, force: true });
				assert.fail(`the server died before stop(): ${JSON.stringify(exited)}\n${stderr}`);
			}
			proc.kill('SIGTERM');
			const timer = setTimeout(() => proc.kill('SIGKILL'), 15000 * SLOW);
			const st = await exit;
			clearTimeout(timer);
			for (const m of SAN_MARKS)
				assert.ok(!stderr.includes(m), `sanitizer report in the server's stderr:\n${stderr}`);
			assert.equal(st.signal, null, `server ended by signal ${st.signal}:\n${stderr}`);
			assert.equal(st.code, 0, `server exit code ${st.code}:\n${stderr}`);
			if (!keep)
				rmSync(dir, { recursive: true, force: true });
		},
		/* Cleans up without checking anything (never throws). */
		async kill() {
			if (exited === null) {
				proc.kill('SIGKILL');
				await exit;
			}
			rmSync(dir, { recursive: true, force: true });
		},
	};
	return server;
}

export function sessionCookie(headers) {
	const all = headers.getSetCookie ? headers.getSetCookie() : [headers.get('set-cookie') || ''];
	for (const c of all) {
		const m = /^luoshi_session=([^;]*)/.exec(c);
		if (m && m[1])
			return `luoshi_session=${m[1]}`;
	}
	return null;
}

/* A client that keeps its cookie and CSRF token. Write helpers send the token
 * unless opts.csrf is given (false: none; a string: that token). */
function makeClient(server, cookie, csrf) {
	const c = {
		cookie,
		csrf,
		lang: null,
		async raw(method, path, opts = {}) {
			const headers = { ...(opts.headers || {}) };
			if (c.lang && !('Accept-Language' in headers))
				headers['Accept-Language'] = c.lang;
			const write = method !== 'GET' && method !== 'HEAD';
			const tok = opts.csrf === undefined ? c.csrf : opts.csrf;
			if (write && tok)
				headers['X-CSRF-Token'] = tok;
			const r = await request(server.base, method, path, { body: opts.body, headers, cookie: c.cookie, signal: opts.signal });
			server.assertAlive();
			return r;
		},
		get(path, opts) {
			return c.raw('GET', path, opts);
		},
		post(path, body, opts = {}) {
			return c.raw('POST', path, { ...opts, body });
		},
		patch(path, body, opts = {}) {
			return c.raw('PATCH', path, { ...opts, body });
		},
		del(path, opts) {
			return c.raw('DELETE', path, opts);
		},
	};
	return c;
}

/* Asserts an error reply: status, code (a string or a RegExp) and (when given) field. Returns the error. */
export function assertError(r, status, code, field) {
	assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status} ${r.text.slice(0, 400)}`);
	assert.ok(r.json && r.json.error, `error body expected: ${r.text.slice(0, 400)}`);
	if (code instanceof RegExp)
		assert.match(r.json.error.code, code, `error code: ${r.text.slice(0, 400)}`);
	else if (code)
		assert.equal(r.json.error.code, code, `error code: ${r.text.slice(0, 400)}`);
	if (field !== undefined)
		assert.equal(r.json.error.field, field, `error field: ${r.text.slice(0, 400)}`);
	assert.equal(typeof r.json.error.message, 'string');
	assert.ok(r.json.error.message.length > 0);
	return r.json.error;
}

export function assertOk(r, status = 200) {
	assert.equal(r.status, status, `expected ${status}, got ${r.status} ${r.text.slice(0, 600)}`);
	return r.json;
}

/* ---- unified social credit codes (GB 32100-2015, GB 11714) ------------------ */

export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = Array.from({ length: 17 }, (_, i) => {
	let w = 1;
	for (let k = 0; k < i; k++)
		w = (w * 3) % 31;
	return w;
});
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/* The 18th character for the first 17. */
export function usccCheckChar(first17) {
	let sum = 0;
	for (let i = 0; i < 17; i++) {
		const v = USCC_CHARS.indexOf(first17[i]);
		if (v < 0)
			throw new Error(`not a credit code character: ${first17[i]}`);
		sum += v * USCC_WEIGHTS[i];
	}
	return USCC_CHARS[(31 - (sum % 31)) % 31];
}

/* The organisation code's check character (position 17) for its 8-character body. */
export function orgCheckChar(body8) {
	let sum = 0;
	for (let i = 0; i < 8; i++) {
		const ch = body8[i];
		const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
		sum += v * ORG_WEIGHTS[i];
	}
	const c = 11 - (sum % 11);
	return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/* A valid code: registration type (2), division (6), organisation body (8) whose
 * check character is correct unless badOrg, then the check character. */
export function creditCode(n, { division = '650102', type = '91', badOrg = false } = {}) {
	const body = String(n).padStart(8, '0').slice(-8);
	let oc = orgCheckChar(body);
	if (badOrg) {
		const alts = '0123456789X'.split('').filter((x) => x !== oc && USCC_CHARS.includes(x));
		oc = alts[n % alts.length];
	}
	const first17 = type + division + body + oc;
	return first17 + usccCheckChar(first17);
}

/* The same code with a wrong 18th character. */
export function withBadCheck(code) {
	const good = code[17];
	const bad = USCC_CHARS[(USCC_CHARS.indexOf(good) + 1) % 31];
	return code.slice(0, 17) + bad;
}

/* A minimal valid enterprise body. */
export function enterpriseBody(n, extra = {}) {
	const division = extra.division || '650102';
	return {
		credit_code: creditCode(n, { division }),
		name: `测试装备制造有限公司${n}`,
		division,
		industry: '3411',
		...extra,
	};
}

/* Every page of a list, concatenated. */
export async function listAll(client, path) {
	const sep = path.includes('?') ? '&' : '?';
	const items = [];
	for (let page = 1; ; page++) {
		const r = await client.get(`${path}${sep}per_page=200&page=${page}`);
		assert.equal(r.status, 200, r.text);
		items.push(...r.json.items);
		if (items.length >= r.json.total || r.json.items.length === 0)
			return items;
	}
}

/* sqlite3 CLI on a database file; throws on failure. */
export function sqlite(path, sql) {
	const r = spawnSync('sqlite3', [path], { input: sql, encoding: 'utf8' });
	if (r.status !== 0)
		throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}`);
	return r.stdout;
}
