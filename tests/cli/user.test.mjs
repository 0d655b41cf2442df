// `luoshi user add NAME --role ROLE [scope] --password-stdin`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { assertOk, dbQuery, demoDb, run, startServer, tempDir } from '../api/harness.mjs';

let dir, db;

before(() => {
	dir = tempDir('luoshi-cli-user');
	db = demoDb(dir, 'u.db');
});

after(() => {
	rmSync(dir, { recursive: true, force: true });
});

const userRow = (name) => dbQuery(db, `SELECT role, division, enterprise_id, department, active FROM users WHERE username='${name}';`);

test('user add with --password-stdin creates a prefecture user with its division', () => {
	const r = run(['--db', db, 'user', 'add', 'changji', '--role', 'prefecture', '--division', '652300', '--password-stdin'],
		{ input: 'zhou-pass-word-2026\n' });
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /changji/);
	assert.equal(userRow('changji'), 'prefecture|652300|||1');
	const hash = dbQuery(db, "SELECT password_hash FROM users WHERE username='changji';");
	assert.match(hash, /^\$argon2id\$/, 'argon2id');
	assert.ok(!hash.includes('zhou-pass-word'));
	// An audit row for the new user, and the chain still verifies.
	assert.match(dbQuery(db, "SELECT action, entity, username FROM audit WHERE entity='user' ORDER BY id DESC LIMIT 1;"), /create\|user\|/);
	assert.equal(run(['--db', db, 'audit', 'verify']).status, 0);
});

test('the new user can sign in and sees only its prefecture', async () => {
	const srv = await startServer();
	try {
		// A server of its own database: add the same user there and sign in.
		const r = run(['--db', srv.db, 'user', 'add', 'changji', '--role', 'prefecture', '--division', '652300', '--password-stdin'],
			{ input: 'zhou-pass-word-2026\n' });
		assert.equal(r.status, 0, r.stderr);
		const c = await srv.signIn('changji', 'zhou-pass-word-2026');
		assert.equal(c.user.role, 'prefecture');
		assert.equal(c.user.division, '652300');
		const list = assertOk(await c.get('/api/v1/enterprises?per_page=200'));
		assert.ok(list.total > 0);
		assert.ok(list.items.every((x) => x.division.startsWith('6523')));
	} finally {
		await srv.stop();
	}
});

test('the other scopes: department, enterprise (by credit code), and roles without scope', () => {
	assert.equal(run(['--db', db, 'user', 'add', 'fgw', '--role', 'department', '--department', 'fg', '--password-stdin'],
		{ input: 'a-long-password-1\n' }).status, 0);
	assert.equal(userRow('fgw'), 'department|||fg|1');
	const code = dbQuery(db, 'SELECT credit_code FROM enterprises ORDER BY id LIMIT 1;');
	const r = run(['--db', db, 'user', 'add', 'ent2', '--role', 'enterprise', '--enterprise', code.toLowerCase(), '--password-stdin'],
		{ input: 'a-long-password-2\n' });
	assert.equal(r.status, 0, r.stderr);
	assert.equal(userRow('ent2'), 'enterprise||1||1');
	assert.equal(run(['--db', db, 'user', 'add', 'boss', '--role', 'admin', '--password-stdin'], { input: 'a-long-password-3' }).status, 0);
	assert.equal(userRow('boss'), 'admin||||1');
});

test('bad input: non-zero exit with a clear message, and no user', () => {
	const cases = [
		[['u1', '--role', 'king'], 'a-long-password-1', /role/],
		[['u2', '--role', 'officer'], 'short', /password|密码/],
		[['u3', '--role', 'officer'], 'xx-u3longname-u3-xx'.replace('u3longname', 'u3'), /user name|用户名/],
		[['wangwei', '--role', 'officer'], 'my-WangWei-2026', /user name|用户名/],
		[['u4', '--role', 'prefecture'], 'a-long-password-1', /division|区划/],
		[['u5', '--role', 'prefecture', '--division', '999999'], 'a-long-password-1', /999999/],
		[['u6', '--role', 'department'], 'a-long-password-1', /department|部门/],
		[['u7', '--role', 'enterprise'], 'a-long-password-1', /enterprise|企业/],
		[['u8', '--role', 'enterprise', '--enterprise', '91650102MA00000000'], 'a-long-password-1', /credit|信用代码/],
		[['u9', '--role', 'enterprise', '--enterprise', '916501020000999991'], 'a-long-password-1', /not found|未找到|credit/],
		[['BAD NAME', '--role', 'officer'], 'a-long-password-1', /user name|用户名/],
		[['changji', '--role', 'officer'], 'a-long-password-1', /exists|已存在/],
		[['u10', '--role', 'officer'], '', /password/],
	];
	for (const [args, pw, re] of cases) {
		const r = run(['--db', db, 'user', 'add', ...args, '--password-stdin'], { input: pw });
		assert.notEqual(r.status, 0, `${args.join(' ')} should fail: ${r.stdout}`);
		assert.match(r.stderr, re, `${args.join(' ')}: ${r.stderr}`);
		assert.match(r.stderr, /^luoshi: /m);
	}
	for (const n of ['u1', 'u2', 'u3', 'wangwei', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10'])
		assert.equal(userRow(n), '', `${n} was not created`);
	assert.equal(userRow('changji'), 'prefecture|652300|||1', 'the existing user is unchanged');
});

test('usage errors exit 2', () => {
	assert.equal(run(['--db', db, 'user', 'add', 'x']).status, 2);
	assert.equal(run(['--db', db, 'user', 'add', 'x', '--role']).status, 2);
	assert.equal(run(['--db', db, 'user', 'add', 'x', '--role', 'officer', '--bogus']).status, 2);
});
