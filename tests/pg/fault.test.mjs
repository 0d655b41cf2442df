// PostgreSQL restarts under a write load: every request either succeeded (and its
// row is there) or got 503 `unavailable` with Retry-After (and its row is not);
// the same luoshi process reconnects by itself and the audit chain stays valid.
// Runs only under tools/with-pg.sh, which names the cluster's directory.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PG, assertOk, dbQuery, enterpriseBody, run, startServer } from '../api/harness.mjs';

const PG_DIR = process.env.LUOSHI_TEST_PG_DIR || '';
const SKIP = PG && PG_DIR ? false
	: 'needs the throw-away PostgreSQL of tools/with-pg.sh (LUOSHI_TEST_PG / LUOSHI_TEST_PG_DIR unset)';
const CLUSTER = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', 'tools', 'pg-cluster.sh');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function restartPg() {
	return new Promise((resolve) => {
		const t0 = Date.now();
		execFile('sh', [CLUSTER, 'restart', PG_DIR], (err, stdout, stderr) =>
			resolve({ ok: !err, stderr, ms: Date.now() - t0 }));
	});
}

describe('PostgreSQL restarts during a write load', { skip: SKIP }, () => {
	let srv, officer;

	before(async () => {
		srv = await startServer({ threads: 4 });
		officer = await srv.signIn('officer');
	});

	after(() => srv?.stop());

	test('each write succeeded and is kept, or got 503 + Retry-After and left nothing; the server recovers by itself',
		{ timeout: 120000 }, async (t) => {
			const pid = srv.proc.pid;
			const auditBefore = Number(dbQuery(srv.db, 'SELECT count(*) FROM audit;'));
			const entBefore = Number(dbQuery(srv.db, 'SELECT count(*) FROM enterprises;'));
			const results = [];
			let n = 0;
			const t0 = Date.now();
			const LOAD_MS = 6000;

			// 4 clients create enterprises for 6 s, each with a unique credit code.
			const load = Promise.all([0, 1, 2, 3].map(async () => {
				while (Date.now() - t0 < LOAD_MS) {
					const body = enterpriseBody(8000000 + n++);
					const at = Date.now() - t0;
					let r;
					try {
						r = await officer.post('/api/v1/enterprises', body, { signal: AbortSignal.timeout(15000) });
					} catch (err) {
						results.push({ code: body.credit_code, at, status: 'fetch-error', text: String(err) });
						continue;
					}
					results.push({ code: body.credit_code, at, status: r.status, json: r.json, text: r.text,
						retryAfter: r.headers.get('retry-after') });
					if (r.status === 503)
						await sleep(20); // as a client honouring a short retry would; keeps the count sane
				}
			}));
			await sleep(2000);
			const restart = await restartPg();
			await load;
			assert.ok(restart.ok, `pg-cluster.sh restart failed: ${restart.stderr}`);

			// After the restart, new requests succeed without restarting luoshi.
			let recovered = null;
			const deadline = Date.now() + 10000;
			while (!recovered && Date.now() < deadline) {
				const body = enterpriseBody(8000000 + n++);
				const r = await officer.post('/api/v1/enterprises', body, { signal: AbortSignal.timeout(10000) });
				results.push({ code: body.credit_code, at: Date.now() - t0, status: r.status, json: r.json, text: r.text,
					retryAfter: r.headers.get('retry-after'), recovery: true });
				if (r.status === 201)
					recovered = r;
				else
					await sleep(200);
			}
			assert.ok(recovered, 'a create succeeded within 10 s after PostgreSQL came back');

			const ok = results.filter((r) => r.status === 201);
			const unavailable = results.filter((r) => r.status === 503);
			const fetchErrors = results.filter((r) => r.status === 'fetch-error');
			const other = results.filter((r) => r.status !== 201 && r.status !== 503 && r.status !== 'fetch-error');
			t.diagnostic(`fault: ${results.length} creates (restart took ${restart.ms} ms, at ~2 s): ${ok.length} 201, ` +
				`${unavailable.length} 503, ${fetchErrors.length} fetch errors, ${other.length} other`);

			// Only 201 or 503; never a 500, never a dropped connection.
			assert.deepEqual(other.map((r) => `${r.status} ${r.text}`), [], 'statuses other than 201 and 503');
			assert.deepEqual(fetchErrors.map((r) => r.text), [], 'requests whose connection failed');
			assert.ok(unavailable.length > 0, 'the restart was seen by at least one request (else nothing was tested)');
			assert.ok(ok.filter((r) => r.at < 1500).length > 0, 'writes succeeded before the restart');
			for (const r of unavailable) {
				assert.equal(r.json?.error?.code, 'unavailable', r.text);
				assert.match(r.retryAfter ?? '', /^[1-9]\d*$/, `Retry-After on a 503: ${r.text}`);
			}

			// Acknowledged rows are all there; refused ones left nothing.
			const inList = (rs) => rs.map((r) => `'${r.code}'`).join(',') || "''";
			assert.equal(Number(dbQuery(srv.db, `SELECT count(*) FROM enterprises WHERE credit_code IN (${inList(ok)});`)), ok.length,
				'every 201 is kept');
			const ghosts = dbQuery(srv.db, `SELECT credit_code FROM enterprises WHERE credit_code IN (${inList(unavailable)});`);
			assert.equal(ghosts, '', `rows written although the request got 503: ${ghosts}`);
			assert.equal(Number(dbQuery(srv.db, 'SELECT count(*) FROM enterprises;')), entBefore + ok.length);

			// Nothing half-written: one audit row per kept create, and the chain verifies.
			const auditAfter = Number(dbQuery(srv.db, 'SELECT count(*) FROM audit;'));
			assert.equal(auditAfter, auditBefore + ok.length);
			const v = run(['--db', srv.db, 'audit', 'verify']);
			assert.equal(v.status, 0, v.stderr);
			assert.match(v.stdout, new RegExp(`audit chain ok: ${auditAfter} rows`));

			// The same process throughout; the session made before the restart still works.
			assert.equal(srv.proc.pid, pid);
			assert.ok(srv.alive(), `the server died: ${srv.stderr}`);
			srv.assertHealthy();
			assertOk(await officer.get('/api/v1/session'));
			assertOk(await officer.get('/api/v1/enterprises?per_page=1'));
		});
});
