// Attachments of key projects: upload (the file as the body, name in the query), list,
// download (the same bytes, safe headers, a Chinese name intact) and delete, by every role
// and scope; files stored once per content under the data directory.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PG, assertError, assertOk, enterpriseBody, startServer, tempDir } from './harness.mjs';

let srv, files, project, draft;
const c = {};
const enc = encodeURIComponent;

before(async () => {
	files = tempDir('luoshi-files');
	srv = await startServer({ args: ['--files', files] });
	for (const r of ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor'])
		c[r] = await srv.signIn(r);
	const ownId = assertOk(await c.enterprise.get('/api/v1/session')).user.enterprise_id;
	const other = assertOk(await c.officer.post('/api/v1/enterprises',
		enterpriseBody(8301, { name: '附件测试其他机械有限公司', division: '650102' })), 201);
	assertOk(await c.admin.post('/api/v1/users', {
		username: 'att-changji', password: 'Tianshan-north-2026', display_name: '昌吉州工信局',
		role: 'prefecture', division: '652300',
	}), 201);
	assertOk(await c.admin.post('/api/v1/users', {
		username: 'att-other', password: 'Bogda-peak-2026x', display_name: '其他企业填报员',
		role: 'enterprise', enterprise_id: other.id,
	}), 201);
	c.changji = await srv.signIn('att-changji', 'Tianshan-north-2026');
	c.other = await srv.signIn('att-other', 'Bogda-peak-2026x');
	const body = {
		enterprise_id: ownId, name: '附件测试项目', division: '650109', category: 'smart', total_fen: 100000,
		funding: [{ source: 'own', amount_fen: 100000 }], start_date: '2018-03-01', end_date: '2019-12-31',
	};
	project = assertOk(await c.enterprise.post('/api/v1/projects', body), 201);
	draft = assertOk(await c.enterprise.post('/api/v1/projects', { ...body, name: '附件测试草稿' }), 201);
});

after(async () => {
	await srv?.stop();
	rmSync(files, { recursive: true, force: true });
});

const url = (id, name) => `/api/v1/projects/${id}/attachments` + (name === undefined ? '' : `?name=${enc(name)}`);
const upload = (who, name, bytes, id = project.id) =>
	c[who].post(url(id, name), Buffer.from(bytes), { headers: { 'Content-Type': 'application/octet-stream' } });
const sha = (b) => createHash('sha256').update(b).digest('hex');

describe('uploading', () => {
	test('a writer uploads; the bytes come back identical with their hash and safe headers', async () => {
		const bytes = Buffer.from('%PDF-1.4\n可行性研究报告\n' + 'x'.repeat(5000));
		const a = assertOk(await upload('enterprise', 'feasibility.pdf', bytes), 201);
		assert.equal(a.name, 'feasibility.pdf');
		assert.equal(a.size, bytes.length);
		assert.equal(a.sha256, sha(bytes));
		assert.equal(a.content_type, 'application/pdf');
		assert.equal(a.uploaded_by, 'enterprise');
		const r = await c.auditor.get(`${url(project.id)}/${a.id}`);
		assert.equal(r.status, 200);
		assert.ok(r.bytes.equals(bytes), 'the same bytes');
		assert.equal(sha(r.bytes), a.sha256);
		assert.equal(r.headers.get('content-type'), 'application/pdf');
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
		assert.match(r.headers.get('content-disposition'), /^attachment; filename="feasibility\.pdf"; filename\*=UTF-8''feasibility\.pdf$/);
		// Stored once per content, under the directory, by its hash.
		assert.ok(existsSync(join(files, a.sha256.slice(0, 2), a.sha256)));
		const again = assertOk(await upload('officer', '副本.pdf', bytes), 201);
		assert.equal(again.sha256, a.sha256);
		assert.deepEqual(readdirSync(join(files, a.sha256.slice(0, 2))).filter((f) => !f.startsWith('.')), [a.sha256]);
		const log = assertOk(await c.auditor.get(`/api/v1/audit?entity=project_attachment&entity_id=${a.id}`));
		assert.equal(log.items[0].action, 'upload');
	});

	test('a Chinese file name round-trips (RFC 5987); an unknown type is sent as octet-stream', async () => {
		const name = '项目批复文件（2018）第3号.html';
		const bytes = Buffer.from('<script>alert(1)</script>');
		const a = assertOk(await upload('prefecture', name, bytes), 201);
		assert.equal(a.name, name);
		assert.equal(a.content_type, 'application/octet-stream');
		const r = await c.enterprise.get(`${url(project.id)}/${a.id}`);
		assert.equal(r.status, 200);
		assert.equal(r.headers.get('content-type'), 'application/octet-stream');
		const cd = r.headers.get('content-disposition');
		const m = /filename\*=UTF-8''(.+)$/.exec(cd);
		assert.ok(m, cd);
		assert.equal(decodeURIComponent(m[1]), name);
		assert.match(cd, /filename="[\x20-\x7e]+"/, 'an ASCII fallback');
		assert.ok(r.bytes.equals(bytes));
		const list = assertOk(await c.department.get(url(project.id)));
		assert.equal(list.items[0].name, name);
	});

	test('bad input names the field', async () => {
		assertError(await upload('enterprise', undefined, 'abc'), 400, 'required', 'name');
		assertError(await upload('enterprise', '', 'abc'), 400, 'required', 'name');
		assertError(await upload('enterprise', '../etc/passwd', 'abc'), 400, 'invalid', 'name');
		assertError(await upload('enterprise', 'a\\b.txt', 'abc'), 400, 'invalid', 'name');
		assertError(await upload('enterprise', 'a\nb.txt', 'abc'), 400, 'invalid', 'name');
		assertError(await upload('enterprise', '..', 'abc'), 400, 'invalid', 'name');
		assertError(await upload('enterprise', '长'.repeat(201), 'abc'), 400, 'too_long', 'name');
		const e = assertError(await upload('enterprise', 'empty.txt', ''), 400, 'invalid', 'file');
		assert.match(e.message, /文件/);
		const big = Buffer.alloc((32 << 20) + 1, 1);
		assertError(await upload('enterprise', 'big.bin', big), 413, 'too_large', 'file');
		assertError(await c.enterprise.post(url(project.id, 'a.txt'), Buffer.from('x'), { csrf: false, headers: { 'Content-Type': 'text/plain' } }),
			403, 'csrf');
		assert.equal(assertOk(await c.enterprise.get(url(project.id))).items.filter((x) => /big|empty|passwd/.test(x.name)).length, 0);
		srv.assertHealthy();
	});

	test('roles and scopes: writers within scope upload; others are refused or see nothing', async () => {
		for (const who of ['admin', 'officer', 'prefecture', 'enterprise'])
			assertOk(await upload(who, `${who}.txt`, `from ${who}`, draft.id), 201);
		for (const who of ['auditor', 'department', 'association'])
			assertError(await upload(who, 'x.txt', 'x', draft.id), 403, 'forbidden');
		assertError(await upload('other', 'x.txt', 'x', draft.id), 404, 'not_found');
		assertError(await upload('changji', 'x.txt', 'x', draft.id), 404, 'not_found');
		assertError(await srv.anon().post(url(draft.id, 'x.txt'), Buffer.from('x')), 401, 'unauthenticated');
		const names = assertOk(await c.auditor.get(url(draft.id))).items.map((x) => x.name).sort();
		assert.deepEqual(names, ['admin.txt', 'enterprise.txt', 'officer.txt', 'prefecture.txt']);
	});
});

describe('downloading and deleting', () => {
	test('a user outside the scope gets 404 for the list and the file', async () => {
		const a = assertOk(await upload('enterprise', '保密.txt', 'secret'), 201);
		for (const who of ['other', 'changji']) {
			assertError(await c[who].get(url(project.id)), 404, 'not_found');
			const r = await c[who].get(`${url(project.id)}/${a.id}`);
			assertError(r, 404, 'not_found');
			assert.ok(!r.text.includes('secret'));
		}
		assertError(await srv.anon().get(`${url(project.id)}/${a.id}`), 401, 'unauthenticated');
		// Under another project's id, the attachment is not found either.
		assertError(await c.admin.get(`${url(draft.id)}/${a.id}`), 404, 'not_found');
		assertError(await c.admin.get(`${url(project.id)}/999999`), 404, 'not_found');
	});

	test('the uploader side or an officer deletes; the file leaves the list and downloads but stays on disk', async () => {
		const ent = assertOk(await upload('enterprise', '企业上传.txt', 'by the enterprise'), 201);
		const pref = assertOk(await upload('prefecture', '地州上传.txt', 'by the prefecture'), 201);
		assertError(await c.prefecture.del(`${url(project.id)}/${ent.id}`), 403, 'forbidden');
		assertError(await c.enterprise.del(`${url(project.id)}/${pref.id}`), 403, 'forbidden');
		assertError(await c.auditor.del(`${url(project.id)}/${ent.id}`), 403, 'forbidden');
		assertError(await c.other.del(`${url(project.id)}/${ent.id}`), 404, 'not_found');
		assertError(await c.changji.del(`${url(project.id)}/${pref.id}`), 404, 'not_found');
		const d = assertOk(await c.enterprise.del(`${url(project.id)}/${ent.id}`));
		assert.equal(d.deleted, true);
		assertOk(await c.officer.del(`${url(project.id)}/${pref.id}`));
		const names = assertOk(await c.enterprise.get(url(project.id))).items.map((x) => x.name);
		assert.ok(!names.includes('企业上传.txt') && !names.includes('地州上传.txt'), names.join());
		assertError(await c.enterprise.get(`${url(project.id)}/${ent.id}`), 404, 'not_found');
		assertError(await c.officer.del(`${url(project.id)}/${ent.id}`), 404, 'not_found');
		assert.ok(existsSync(join(files, ent.sha256.slice(0, 2), ent.sha256)), 'kept for the audit trail');
		const log = assertOk(await c.auditor.get(`/api/v1/audit?entity=project_attachment&entity_id=${ent.id}`));
		assert.deepEqual(log.items.map((x) => x.action), ['delete', 'upload']);
	});
});

describe('the data directory', () => {
	test('without --files: beside a SQLite file, or a clear error on PostgreSQL', async () => {
		const s = await startServer({ demo: true });
		try {
			const ent = await s.signIn('enterprise');
			const id = assertOk(await ent.get('/api/v1/projects?per_page=1')).items[0].id;
			const r = await ent.post(`/api/v1/projects/${id}/attachments?name=a.txt`, Buffer.from('hello'));
			if (PG) {
				const e = assertError(r, 503, 'no_files_dir', 'file');
				assert.match(e.message, /--files/);
			} else {
				const a = assertOk(r, 201);
				assert.ok(existsSync(join(s.dir, 't.db.files', a.sha256.slice(0, 2), a.sha256)));
			}
		} finally {
			await s.stop();
		}
	});
});
