// The luoshi command line: version, help, exit codes, --db, init and migrate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PG, dbQuery, dbSql, dbTables, demoDb, freshDb, psql, run, sqlite, tempDir } from '../api/harness.mjs';

let dir;

before(() => {
	dir = tempDir('luoshi-cli');
});

after(() => {
	rmSync(dir, { recursive: true, force: true });
});

const counts = (db) => {
	const out = dbQuery(db, `SELECT (SELECT count(*) FROM divisions), (SELECT count(*) FROM industries),
		(SELECT count(*) FROM fields), (SELECT count(*) FROM bases), (SELECT count(*) FROM departments),
		(SELECT count(*) FROM enterprises), (SELECT count(*) FROM users);`).split('|').map(Number);
	const [divisions, industries, fields, bases, departments, enterprises, users] = out;
	return { divisions, industries, fields, bases, departments, enterprises, users };
};

describe('version, help and exit codes', () => {
	test('--version prints the name and a version, exit 0', () => {
		const r = run(['--version']);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /^luoshi \S+\n$/);
	});

	test('help lists every command; help COMMAND shows its usage', () => {
		const r = run(['help']);
		assert.equal(r.status, 0);
		for (const c of ['init', 'migrate', 'serve', 'user', 'import', 'export', 'audit', 'backup', 'help'])
			assert.match(r.stdout, new RegExp(`^\\s+${c}\\s`, 'm'), `help lists ${c}`);
		assert.match(r.stdout, /--db/);
		const i = run(['help', 'import']);
		assert.equal(i.status, 0);
		assert.match(i.stdout, /usage: luoshi .*import enterprises FILE/);
		assert.match(i.stdout, /--dry-run/);
		const u = run(['help', 'user']);
		assert.match(u.stdout, /--role ROLE/);
		assert.match(u.stdout, /--password-stdin/);
		assert.equal(run(['--help']).status, 0);
	});

	test('unknown command, unknown option, no command, help for a non-command: exit 2 with a message', () => {
		const u = run(['frobnicate']);
		assert.equal(u.status, 2);
		assert.match(u.stderr, /frobnicate/);
		assert.equal(u.stdout, '');
		const o = run(['--frob', 'help']);
		assert.equal(o.status, 2);
		assert.match(o.stderr, /--frob/);
		const n = run([]);
		assert.equal(n.status, 2);
		const h = run(['help', 'frobnicate']);
		assert.equal(h.status, 2);
		assert.match(h.stderr, /frobnicate/);
	});

	test('bad arguments to a command print its usage and exit 2', () => {
		const db = freshDb(dir, 'usage.db');
		for (const args of [['init', '--nope'], ['migrate', 'extra'], ['user'], ['user', 'add', 'x'], ['user', 'del', 'x', '--role', 'admin'],
			['import'], ['import', 'users', 'f.csv'], ['export'], ['export', 'enterprises', '--format', 'pdf'], ['audit'],
			['audit', 'check'], ['backup'], ['init', '--demo-size', '5']]) {
			const r = run(['--db', db, ...args]);
			assert.equal(r.status, 2, `${args.join(' ')}: ${r.status} ${r.stderr}`);
			assert.ok(r.stderr.length > 0, `${args.join(' ')} says why`);
		}
	});
});

describe('--db, init and migrate', () => {
	test('init creates the database named by --db (not ./luoshi.db), with reference data', () => {
		const db = freshDb(dir, 'a.db');
		const r = run(['--db', db, 'init'], { cwd: dir });
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /reference data loaded/);
		assert.ok(dbTables(db).includes('enterprises'));
		assert.ok(!existsSync(join(dir, 'luoshi.db')), 'the default database was not touched');
		const c = counts(db);
		assert.ok(c.divisions > 100 && c.industries > 100 && c.fields >= 5 && c.bases >= 4);
		assert.equal(c.departments, 7);
		assert.equal(c.enterprises, 0);
		assert.equal(c.users, 0);
	});

	test('--db=URL and LUOSHI_DB work too; --db wins over LUOSHI_DB', () => {
		const inited = (db) => dbTables(db).includes('enterprises');
		const d1 = freshDb(dir, 'eq.db');
		assert.equal(run([`--db=${d1}`, 'init']).status, 0);
		assert.ok(inited(d1));
		const d2 = freshDb(dir, 'env.db');
		assert.equal(run(['init'], { env: { LUOSHI_DB: d2 } }).status, 0);
		assert.ok(inited(d2));
		const d3 = freshDb(dir, 'wins.db');
		const loses = freshDb(dir, 'loses.db');
		assert.equal(run(['--db', d3, 'init'], { env: { LUOSHI_DB: loses } }).status, 0);
		assert.ok(inited(d3));
		assert.deepEqual(dbTables(loses), [], 'LUOSHI_DB was not touched');
		if (!PG)
			assert.ok(!existsSync(join(dir, 'loses.db')));
	});

	test('init twice is harmless: reference data refreshed, no duplicates, audit intact', () => {
		const db = freshDb(dir, 'twice.db');
		assert.equal(run(['--db', db, 'init', '--demo']).status, 0);
		const first = counts(db);
		assert.equal(first.enterprises, 400, 'the default demo size');
		assert.equal(first.users, 7);
		// Someone edits a reference name; init puts it back.
		dbSql(db, "UPDATE divisions SET name='改坏了' WHERE code='650102';");
		const r = run(['--db', db, 'init']);
		assert.equal(r.status, 0, r.stderr);
		assert.deepEqual(counts(db), first);
		assert.equal(dbQuery(db, "SELECT name FROM divisions WHERE code='650102';"), '天山区');
		assert.equal(run(['--db', db, 'init']).status, 0);
		assert.deepEqual(counts(db), first);
		// A second --demo succeeds and adds nothing.
		const d = run(['--db', db, 'init', '--demo']);
		assert.equal(d.status, 0, d.stderr);
		assert.match(d.stdout, /already present/);
		assert.deepEqual(counts(db), first);
		const v = run(['--db', db, 'audit', 'verify']);
		assert.equal(v.status, 0, v.stderr);
	});

	test('init --demo-size makes that many enterprises, the first ones of the default demo, and all 160 projects', () => {
		const db = freshDb(dir, 'size.db');
		assert.equal(run(['--db', db, 'init', '--demo', '--demo-size', '45']).status, 0);
		assert.equal(counts(db).enterprises, 45);
		const codes = (url, n) => dbQuery(url, `SELECT credit_code FROM enterprises WHERE id <= ${n} ORDER BY id;`);
		assert.equal(codes(db, 45), codes(demoDb(dir, 'full.db'), 45));
		assert.equal(dbQuery(db, 'SELECT count(*) FROM projects;'), '160');
		assert.equal(dbQuery(db, 'SELECT count(*) FROM projects WHERE enterprise_id > 45;'), '0');
	});

	test('migrate on an existing database keeps every row', () => {
		const db = demoDb(dir, 'mig.db');
		const before = counts(db);
		const auditRows = dbQuery(db, 'SELECT count(*) FROM audit;');
		const r = run(['--db', db, 'migrate']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /schema at version \d+ \(0 migrations applied\)/);
		assert.deepEqual(counts(db), before);
		assert.equal(dbQuery(db, 'SELECT count(*) FROM audit;'), auditRows);
		assert.equal(run(['--db', db, 'audit', 'verify']).status, 0);
	});

	test('migrate on a new database creates the schema', () => {
		const db = freshDb(dir, 'fresh.db');
		const r = run(['--db', db, 'migrate']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /[1-9]\d* migrations? applied/);
		assert.ok(dbTables(db).includes('enterprises'), dbTables(db).join(' '));
	});

	test('commands on a database without the schema say to run init or migrate', () => {
		const db = freshDb(dir, 'none.db');
		for (const args of [['audit', 'verify'], ['export', 'enterprises'], ['import', 'enterprises', join(dir, 'x.csv')],
			['backup', join(dir, 'b.db')]]) {
			const r = run(['--db', db, ...args], { input: '' });
			assert.equal(r.status, 1, `${args[0]}: ${r.status} ${r.stderr}`);
			assert.match(r.stderr, /init|migrate|x\.csv/, r.stderr);
		}
	});

	test('a mistyped --db leaves no empty database behind', { skip: PG ? 'about SQLite files: a mistyped path must not create one (the PostgreSQL case is the next test)' : false }, () => {
		const path = join(dir, 'typo', 'missing.db');
		const r = run(['--db', `sqlite:${join(dir, 'missing.db')}`, 'audit', 'verify']);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /luoshi init/);
		assert.ok(!existsSync(join(dir, 'missing.db')), 'audit verify created a file');
		assert.ok(!existsSync(path));
	});

	test('a --db naming a PostgreSQL database that does not exist fails with a message and creates none',
		{ skip: PG ? false : 'PostgreSQL only (LUOSHI_TEST_PG is unset)' }, () => {
			const name = `t_${process.pid}_no_such_db`;
			const r = run(['--db', `${PG}/${name}`, 'audit', 'verify']);
			assert.equal(r.status, 1, r.stderr);
			assert.match(r.stderr, /^luoshi: /m);
			assert.match(r.stderr, new RegExp(name));
			assert.equal(psql(`${PG}/postgres`, `SELECT count(*) FROM pg_database WHERE datname = '${name}';`).trim(), '0');
		});

	test('every command honours --db: none touches ./luoshi.db',
		{ skip: PG ? 'about the default SQLite file ./luoshi.db and a SQLite backup file; the commands themselves run on PostgreSQL in the other tests' : false }, () => {
		const cwd = tempDir('luoshi-cli-cwd');
		try {
			const path = join(dir, 'each.db');
			const db = `sqlite:${path}`;
			const csv = join(dir, 'each.csv');
			const steps = [
				[['init', '--demo']],
				[['migrate']],
				[['user', 'add', 'eachuser', '--role', 'auditor', '--password-stdin'], 'each-pass-word-1\n'],
				[['export', 'enterprises', '-o', csv]],
				[['import', 'enterprises', csv, '--dry-run']],
				[['import', 'enterprises', csv]],
				[['audit', 'verify']],
				[['backup', join(dir, 'each-backup.db')]],
			];
			for (const [args, input] of steps) {
				const r = run(['--db', db, ...args], { cwd, input });
				assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
			}
			assert.deepEqual(readdirSync(cwd), [], 'nothing was written in the working directory');
			assert.equal(sqlite(path, "SELECT count(*) FROM users WHERE username='eachuser';").trim(), '1');
			assert.equal(sqlite(join(dir, 'each-backup.db'), 'SELECT count(*) FROM enterprises;').trim(),
				sqlite(path, 'SELECT count(*) FROM enterprises;').trim(), 'the backup has every enterprise');
		} finally {
			rmSync(cwd, { recursive: true, force: true });
		}
	});

	test('an unsupported database URL is refused with a message', () => {
		const r = run(['--db', 'mysql://localhost/x', 'audit', 'verify']);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /mysql/);
		assert.equal(readdirSync(dir).filter((f) => f.startsWith('mysql')).length, 0);
	});
});
