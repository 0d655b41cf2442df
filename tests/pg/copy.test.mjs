// luoshi copy: a whole deployment from SQLite to PostgreSQL and back, proven by exports and the audit chain.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PG, dbSql, freshDb, run, tempDir } from '../api/harness.mjs';

const skip = PG ? false : 'needs LUOSHI_TEST_PG (run through tools/with-pg.sh)';
let dir;

before(() => {
	dir = tempDir('luoshi-copy');
});

after(() => {
	if (dir)
		rmSync(dir, { recursive: true, force: true });
});

const ok = (r) => {
	assert.equal(r.status, 0, r.stderr);
	return r;
};
const exportCsv = (db) => ok(run(['--db', db, 'export', 'enterprises', '--all', '--format', 'csv'])).stdout;

describe('copy between engines', { skip }, () => {
	test('demo SQLite → PostgreSQL → SQLite: the same export and the same audit chain', () => {
		const lite = `sqlite:${join(dir, 'demo.db')}`;
		ok(run(['--db', lite, 'init', '--demo']));
		// Some history beyond the demo: an import adds audit rows of its own kind.
		const pg = freshDb(dir, 'copy');
		const c = ok(run(['copy', '--from', lite, '--to', pg]));
		assert.match(c.stdout, new RegExp(`enterprises\\s+${dbSql(lite, 'SELECT count(*) FROM enterprises;').trim()} rows`));
		assert.match(c.stdout, /audit chain verified/);
		assert.equal(exportCsv(pg), exportCsv(lite), 'export from PostgreSQL equals export from SQLite');
		const head = (db) => ok(run(['--db', db, 'audit', 'verify'])).stdout.match(/head ([0-9a-f]{64})/)[1];
		assert.equal(head(pg), head(lite));

		const back = `sqlite:${join(dir, 'back.db')}`;
		ok(run(['copy', '--from', pg, '--to', back]));
		assert.equal(exportCsv(back), exportCsv(lite));
		assert.equal(head(back), head(lite));

		// New rows continue after the copied ids on PostgreSQL.
		const r = run(['--db', pg, 'user', 'add', 'after-copy', '--role', 'auditor', '--password-stdin'],
			{ input: 'a-long-password-77\n' });
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /id 8\b/);
		ok(run(['--db', pg, 'audit', 'verify']));
	});

	test('a non-empty target is refused unless --force, which replaces it', () => {
		const lite = `sqlite:${join(dir, 'f.db')}`;
		ok(run(['--db', lite, 'init', '--demo', '--demo-size', '40']));
		const pg = freshDb(dir, 'force');
		ok(run(['copy', '--from', lite, '--to', pg]));
		const again = run(['copy', '--from', lite, '--to', pg]);
		assert.equal(again.status, 1);
		assert.match(again.stderr, /already holds data/);
		assert.match(again.stderr, /--force/);
		ok(run(['copy', '--from', lite, '--to', pg, '--force']));
		assert.equal(exportCsv(pg), exportCsv(lite));
		assert.equal(dbSql(pg, 'SELECT count(*) FROM enterprises;').trim(), '40');
	});

	test('a source whose audit chain is broken is not copied', () => {
		const lite = `sqlite:${join(dir, 'broken.db')}`;
		ok(run(['--db', lite, 'init', '--demo']));
		dbSql(lite, "DROP TRIGGER audit_no_update; UPDATE audit SET changes = '{}' WHERE id = 3;");
		const pg = freshDb(dir, 'broken');
		const r = run(['copy', '--from', lite, '--to', pg]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /row 3/);
		assert.equal(dbSql(pg, "SELECT to_regclass('enterprises') IS NULL;").trim(), 't', 'nothing written');
	});

	test('backup of a PostgreSQL deployment is a SQLite file with the same data', () => {
		const pg = freshDb(dir, 'bk');
		ok(run(['--db', pg, 'init', '--demo']));
		const file = join(dir, 'pg-backup.db');
		ok(run(['--db', pg, 'backup', file]));
		assert.equal(exportCsv(`sqlite:${file}`), exportCsv(pg));
		ok(run(['--db', `sqlite:${file}`, 'audit', 'verify']));
	});
});
