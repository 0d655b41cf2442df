// Behind a reverse proxy: the client address comes from X-Forwarded-For only when the peer is the trusted proxy.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, assertError, assertOk, startServer } from './harness.mjs';

const servers = [];
after(async () => {
	for (const s of servers)
		await s.stop();
});

async function failedSignInClient(srv, xff) {
	const r = await srv.request('POST', '/api/v1/session', {
		body: { username: 'officer', password: 'wrong-password-1' },
		headers: { 'X-Forwarded-For': xff },
	});
	assertError(r, 401, 'bad_login');
	const admin = await srv.signIn('admin');
	const log = assertOk(await admin.get('/api/v1/audit?entity=session&per_page=50'));
	return log.items.find((x) => x.action === 'sign_in_failed').client;
}

describe('client address behind a proxy', () => {
	test('--trust-proxy: the last X-Forwarded-For entry is the client (audit, lock-out)', async () => {
		const srv = await startServer({ args: ['--trust-proxy', '127.0.0.1'] });
		servers.push(srv);
		assert.equal(await failedSignInClient(srv, '198.51.100.7, 203.0.113.9'), '203.0.113.9');
		// Garbage in the header is ignored: the peer address stays.
		assert.equal(await failedSignInClient(srv, 'not-an-address'), '127.0.0.1');
	});

	test('without --trust-proxy the header is ignored: a client cannot choose its address', async () => {
		const srv = await startServer();
		servers.push(srv);
		assert.equal(await failedSignInClient(srv, '203.0.113.9'), '127.0.0.1');
		assertOk(await srv.request('POST', '/api/v1/session', { body: { username: 'officer', password: PASSWORD } }));
	});
});
