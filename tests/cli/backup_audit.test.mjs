// `luoshi backup FILE` while a server is serving and writing, and `luoshi audit verify`.
// On either engine the backup is a SQLite file (from PostgreSQL: the same copy as
// `luoshi copy`, from one snapshot), so its checks use the sqlite3 CLI on both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, assertOk, dbClone, dbQuery, dbSql, dropTriggerSql, enterpriseBody, run, sqlite, startServer } from '../api/harness.mjs';

let srv;

before(async () => {
	srv = await startServer();
});

// stop() fails the file when the server died or a sanitizer spoke.
after(() => srv?.stop());

function runAsync(args) {
	return new Promise((resolve) => {
		execFile(BIN, args, { env: { ...process.env, LUOSHI_DB: '' } }, (err, stdout, stderr) =>
			resolve({ status: err ? err.code : 0, stdout, stderr }));
	});
}

describe('backup', () => {
	test('a backup taken while the server writes is consistent and complete up to its moment', async () => {
		const officer = await srv.signIn('officer');
		const seeded = Number(dbQuery(srv.db, 'SELECT count(*) FROM enterprises;')); /* the demo's */
		let stop = false;
		let written = 0;
		const writer = (async () => {
			for (let n = 1; !stop; n++) {
				const r = await officer.post('/api/v1/enterprises', enterpriseBody(n));
				assert.equal(r.status, 201, r.text);
				written++;
			}
		})();
		// Let some writes land, then back up in the middle of the stream.
		while (written < 10)
			await new Promise((r) => setTimeout(r, 5));
		const file = join(srv.dir, 'backup.db');
		const b = await runAsync(['--db', srv.db, 'backup', file]);
		const atBackup = written;
		while (written < atBackup + 5)
			await new Promise((r) => setTimeout(r, 5));
		stop = true;
		await writer;
		assert.equal(b.status, 0, b.stderr);
		assert.match(b.stdout, /backup written/);
		assert.ok(existsSync(file));

		assert.equal(sqlite(file, 'PRAGMA integrity_check;').trim(), 'ok');
		assert.equal(sqlite(file, 'PRAGMA foreign_key_check;').trim(), '');
		const inBackup = Number(sqlite(file, 'SELECT count(*) FROM enterprises;'));
		assert.ok(inBackup >= seeded + 10, `the backup has the rows written before it (${inBackup})`);
		assert.ok(inBackup <= seeded + written, 'and nothing invented');
		// Consistent: every enterprise's audit row is in it, and the chain verifies.
		assert.equal(sqlite(file, `SELECT count(*) FROM enterprises e WHERE NOT EXISTS
			(SELECT 1 FROM audit a WHERE a.entity='enterprise' AND a.entity_id=CAST(e.id AS TEXT));`).trim(), '0');
		const v = run(['--db', `sqlite:${file}`, 'audit', 'verify']);
		assert.equal(v.status, 0, v.stderr);
		// The backup is a working database: the CLI reads it.
		const exp = run(['--db', `sqlite:${file}`, 'export', 'enterprises']);
		assert.equal(exp.stdout.replace(/^\uFEFF/, '').trim().split(/\r?\n/).length, inBackup + 1);
		// The server carried on.
		assert.equal(assertOk(await officer.get('/api/v1/enterprises?per_page=1')).total, seeded + written);
		srv.assertHealthy();
	});

	test('backup refuses to overwrite an existing file', async () => {
		const file = join(srv.dir, 'backup.db');
		const before = sqlite(file, 'SELECT count(*) FROM enterprises;');
		const r = run(['--db', srv.db, 'backup', file]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /exists/);
		assert.equal(sqlite(file, 'SELECT count(*) FROM enterprises;'), before);
	});

	test('backup into a directory that does not exist fails with a message', () => {
		const r = run(['--db', srv.db, 'backup', join(srv.dir, 'no', 'such', 'dir', 'b.db')]);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /luoshi: /);
	});
});

describe('audit verify', () => {
	test('ok on the live database while the server runs', () => {
		const r = run(['--db', srv.db, 'audit', 'verify']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /audit chain ok: \d+ rows/);
	});

	test('broken after a row is changed by hand: exit 1 naming the row', () => {
		const db = dbClone(srv.db, srv.dir, 'tampered.db');
		dbSql(db, dropTriggerSql(db, 'audit_no_update') + "UPDATE audit SET changes='{}' WHERE id=5;");
		const r = run(['--db', db, 'audit', 'verify']);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /row 5\b/);
		assert.equal(r.stdout, '');
	});

	test('broken after a row is removed or inserted by hand', () => {
		const del = dbClone(srv.db, srv.dir, 'deleted.db');
		dbSql(del, dropTriggerSql(del, 'audit_no_delete') + 'DELETE FROM audit WHERE id=9;');
		const d = run(['--db', del, 'audit', 'verify']);
		assert.equal(d.status, 1);
		assert.match(d.stderr, /row (9|10)\b/);
		const ins = dbClone(srv.db, srv.dir, 'inserted.db');
		const max = Number(dbQuery(ins, 'SELECT max(id) FROM audit;'));
		dbSql(ins, `INSERT INTO audit (id, at, user_id, username, client, action, entity, entity_id, changes, prev_hash, hash)
			VALUES (${max + 1}, '2026-01-01T00:00:00Z', 1, 'admin', '127.0.0.1', 'update', 'enterprise', '1', '{}',
			'${'0'.repeat(64)}', '${'0'.repeat(64)}');`);
		const i = run(['--db', ins, 'audit', 'verify']);
		assert.equal(i.status, 1);
		assert.match(i.stderr, new RegExp(`row ${max + 1}\\b`));
	});
});
