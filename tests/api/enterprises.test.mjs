// The enterprise registry: list filters, sort and paging, data scope by role,
// create and edit with optimistic locking, credit codes, archive.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	assertError, assertOk, creditCode, enterpriseBody, listAll, startServer, withBadCheck,
} from './harness.mjs';

let srv, admin, officer, pref, ent, dep, assoc, aud;
const mine = {}; // enterprises this file created, by key

before(async () => {
	srv = await startServer();
	admin = await srv.signIn('admin');
	officer = await srv.signIn('officer');
	pref = await srv.signIn('prefecture');
	ent = await srv.signIn('enterprise');
	dep = await srv.signIn('department');
	assoc = await srv.signIn('association');
	aud = await srv.signIn('auditor');

	// A small known set for the filters, all named "滤测…" so q=滤测 isolates them.
	const defs = {
		a: { n: 101, name: '滤测阿拉山口输变电有限公司', short_name: '阿山变电', division: '650102', industry: '3821',
			fields: ['power'], base: 'base_urumqi', scale: 'large', employees: 900 },
		b: { n: 102, name: '滤测博乐农机制造有限公司', short_name: '博乐农机', division: '650104', industry: '3571',
			fields: ['agri'], base: null, scale: 'small', employees: 50 },
		c: { n: 103, name: '滤测昌吉石化装备有限公司', short_name: '昌吉石化', division: '652301', industry: '3512',
			fields: ['petro', 'newenergy'], base: 'base_changji', scale: 'medium', employees: 300 },
		d: { n: 104, name: '滤测达坂城风电设备有限公司', short_name: '达坂风电', division: '650107', industry: '3823',
			fields: ['newenergy'], base: 'base_urumqi', scale: 'micro', employees: 5 },
	};
	for (const [k, d] of Object.entries(defs)) {
		const { n, ...rest } = d;
		mine[k] = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(n, rest)), 201);
	}
});

// stop() fails the file when the server died or a sanitizer spoke.
after(() => srv?.stop());

const names = (r) => r.json.items.map((x) => x.name);
const ids = (items) => items.map((x) => x.id).sort((a, b) => a - b);

describe('list filters', () => {
	test('q matches name, short name, credit code prefix and pinyin initials', async () => {
		assert.deepEqual(names(await officer.get('/api/v1/enterprises?q=' + encodeURIComponent('石化装备'))).filter((n) => n.startsWith('滤测')),
			[mine.c.name]);
		const byShort = await officer.get('/api/v1/enterprises?q=' + encodeURIComponent('达坂风电'));
		assert.deepEqual(names(byShort), [mine.d.name]);
		const code = mine.b.credit_code;
		assert.deepEqual(names(await officer.get(`/api/v1/enterprises?q=${code}`)), [mine.b.name]);
		assert.ok(names(await officer.get(`/api/v1/enterprises?q=${code.slice(0, 12)}`)).includes(mine.b.name));
		assert.ok(names(await officer.get(`/api/v1/enterprises?q=${code.slice(0, 12).toLowerCase()}`)).includes(mine.b.name),
			'code prefix in lower case');
		// 滤测阿拉山口输变电 → lcalsksbd
		for (const q of ['lcal', 'LCALSK', 'lcalsksbd'])
			assert.ok(names(await officer.get(`/api/v1/enterprises?q=${q}`)).includes(mine.a.name), `pinyin ${q}`);
		// The short name's initials match too: 达坂风电 → dbfd.
		assert.ok(names(await officer.get('/api/v1/enterprises?q=dbfd')).includes(mine.d.name), 'short-name pinyin');
		assert.equal((await officer.get('/api/v1/enterprises?q=' + encodeURIComponent('没有这样的企业名称'))).json.total, 0);
	});

	test('division includes its children', async () => {
		const urumqi = await listAll(officer, '/api/v1/enterprises?division=650100');
		assert.ok(urumqi.length > 0);
		assert.ok(urumqi.every((x) => x.division.startsWith('6501')), 'all in Urumqi');
		for (const k of ['a', 'b', 'd'])
			assert.ok(urumqi.some((x) => x.id === mine[k].id), `${k} (${mine[k].division}) is under 650100`);
		assert.ok(!urumqi.some((x) => x.id === mine.c.id));
		const tianshan = await listAll(officer, '/api/v1/enterprises?division=650102');
		assert.ok(tianshan.every((x) => x.division === '650102'));
		assert.ok(tianshan.some((x) => x.id === mine.a.id));
		const all = await listAll(officer, '/api/v1/enterprises');
		const xj = await listAll(officer, '/api/v1/enterprises?division=650000');
		assert.deepEqual(ids(xj), ids(all), 'the province includes everything');
		const changji = await listAll(officer, '/api/v1/enterprises?division=652300');
		assert.ok(changji.every((x) => x.division.startsWith('6523')));
		assert.ok(changji.some((x) => x.id === mine.c.id));
		assert.equal(urumqi.length + changji.length <= all.length, true);
	});

	test('industry may be a division (C38), a group (382) or a class (3821)', async () => {
		for (const [q, want, not] of [['C38', ['a', 'd'], ['b', 'c']], ['382', ['a', 'd'], ['b', 'c']], ['3821', ['a'], ['b', 'c', 'd']],
			['C35', ['b', 'c'], ['a', 'd']]]) {
			const items = await listAll(officer, `/api/v1/enterprises?industry=${q}`);
			const prefix = q.replace(/^C/, '');
			assert.ok(items.every((x) => x.industry.startsWith(prefix)), `all ${q}`);
			for (const k of want)
				assert.ok(items.some((x) => x.id === mine[k].id), `${k} in ${q}`);
			for (const k of not)
				assert.ok(!items.some((x) => x.id === mine[k].id), `${k} not in ${q}`);
		}
		assertError(await officer.get('/api/v1/enterprises?industry=X1'), 400, undefined, 'industry');
	});

	test('field, base and scale', async () => {
		const ne = await listAll(officer, '/api/v1/enterprises?field=newenergy');
		assert.ok(ne.every((x) => x.fields.includes('newenergy')));
		assert.ok(ne.some((x) => x.id === mine.c.id) && ne.some((x) => x.id === mine.d.id));
		assert.ok(!ne.some((x) => x.id === mine.a.id));
		const bu = await listAll(officer, '/api/v1/enterprises?base=base_urumqi');
		assert.ok(bu.every((x) => x.base === 'base_urumqi'));
		assert.ok(bu.some((x) => x.id === mine.a.id) && !bu.some((x) => x.id === mine.b.id));
		const large = await listAll(officer, '/api/v1/enterprises?scale=large');
		assert.ok(large.every((x) => x.scale === 'large'));
		assert.ok(large.some((x) => x.id === mine.a.id));
		// Filters combine.
		const r = assertOk(await officer.get('/api/v1/enterprises?q=' + encodeURIComponent('滤测') +
			'&division=650100&field=newenergy&base=base_urumqi&scale=micro&industry=C38'));
		assert.deepEqual(r.items.map((x) => x.id), [mine.d.id]);
		assert.equal(r.total, 1);
	});

	test('sort by name, employees and credit code, both ways', async () => {
		const q = '/api/v1/enterprises?q=' + encodeURIComponent('滤测');
		// Names sort by pinyin: 阿 (a), 博 (b), 昌 (c), 达 (d).
		assert.deepEqual(names(await officer.get(q)), [mine.a.name, mine.b.name, mine.c.name, mine.d.name]);
		assert.deepEqual(names(await officer.get(q + '&sort=name')), [mine.a.name, mine.b.name, mine.c.name, mine.d.name]);
		assert.deepEqual(names(await officer.get(q + '&sort=-name')), [mine.d.name, mine.c.name, mine.b.name, mine.a.name]);
		assert.deepEqual(names(await officer.get(q + '&sort=employees')), [mine.d.name, mine.b.name, mine.c.name, mine.a.name]);
		assert.deepEqual(names(await officer.get(q + '&sort=-employees')), [mine.a.name, mine.c.name, mine.b.name, mine.d.name]);
		const codes = (await officer.get(q + '&sort=credit_code')).json.items.map((x) => x.credit_code);
		assert.deepEqual(codes, [...codes].sort());
		const desc = (await officer.get(q + '&sort=-credit_code')).json.items.map((x) => x.credit_code);
		assert.deepEqual(desc, [...codes].reverse());
		const divs = (await officer.get('/api/v1/enterprises?per_page=200&sort=division')).json.items.map((x) => x.division);
		assert.deepEqual(divs, [...divs].sort());
		assertError(await officer.get('/api/v1/enterprises?sort=password_hash'), 400, undefined, 'sort');
		assertError(await officer.get('/api/v1/enterprises?sort=' + encodeURIComponent('name; DROP TABLE enterprises')), 400,
			undefined, 'sort');
	});

	test('paging: pages tile the list; per_page limits', async () => {
		const whole = { items: await listAll(officer, '/api/v1/enterprises?sort=credit_code'),
			total: assertOk(await officer.get('/api/v1/enterprises?per_page=1')).total };
		assert.ok(whole.total > 200, 'more than one page of the largest size');
		assert.equal(whole.items.length, whole.total);
		const def = assertOk(await officer.get('/api/v1/enterprises'));
		assert.equal(def.per_page, 20);
		assert.equal(def.page, 1);
		assert.equal(def.items.length, 20);
		const got = [];
		for (let p = 1; p <= Math.ceil(whole.total / 7); p++) {
			const r = assertOk(await officer.get(`/api/v1/enterprises?per_page=7&page=${p}&sort=credit_code`));
			assert.equal(r.page, p);
			assert.equal(r.per_page, 7);
			assert.equal(r.total, whole.total);
			got.push(...r.items.map((x) => x.id));
		}
		assert.deepEqual(got, whole.items.map((x) => x.id));
		const beyond = assertOk(await officer.get('/api/v1/enterprises?per_page=7&page=1000'));
		assert.deepEqual(beyond.items, []);
		assert.equal(beyond.total, whole.total);
		assert.equal(assertOk(await officer.get('/api/v1/enterprises?per_page=1')).items.length, 1);
		for (const bad of ['per_page=0', 'per_page=201', 'per_page=-1', 'per_page=abc', 'per_page=99999999999999999999',
			'page=0', 'page=-3', 'page=1.5', 'page=1e3'])
			assertError(await officer.get(`/api/v1/enterprises?${bad}`), 400, undefined, bad.split('=')[0]);
	});

	test('bad filter values are 400 naming the parameter', async () => {
		assertError(await officer.get('/api/v1/enterprises?division=65'), 400, undefined, 'division');
		assertError(await officer.get('/api/v1/enterprises?division=abcdef'), 400, undefined, 'division');
		assertError(await officer.get('/api/v1/enterprises?division=6501000'), 400, undefined, 'division');
		assertError(await officer.get('/api/v1/enterprises?archived=2'), 400, undefined, 'archived');
	});
});

describe('data scope', () => {
	test('a prefecture user sees only its division and the counties under it', async () => {
		const items = await listAll(pref, '/api/v1/enterprises');
		assert.ok(items.length > 0);
		assert.ok(items.every((x) => x.division.startsWith('6501')), 'only 6501xx');
		const expected = await listAll(officer, '/api/v1/enterprises?division=650100');
		assert.deepEqual(ids(items), ids(expected));
		// Asking for another division through the filter gives nothing, not the other data.
		assert.equal(assertOk(await pref.get('/api/v1/enterprises?division=652300')).total, 0);
		assert.equal(assertOk(await pref.get(`/api/v1/enterprises?q=${mine.c.credit_code}`)).total, 0);
	});

	test('a prefecture user gets 404 for an enterprise outside its scope', async () => {
		assertError(await pref.get(`/api/v1/enterprises/${mine.c.id}`), 404, 'not_found');
		assertOk(await pref.get(`/api/v1/enterprises/${mine.a.id}`));
		const r = await pref.patch(`/api/v1/enterprises/${mine.c.id}`, { version: mine.c.version, phone: '1' });
		assertError(r, 404, 'not_found');
		assertError(await pref.post(`/api/v1/enterprises/${mine.c.id}/archive`, { version: mine.c.version }), 404, 'not_found');
	});

	test('a prefecture user cannot create or move an enterprise outside (403 scope naming division)', async () => {
		const err = assertError(await pref.post('/api/v1/enterprises', enterpriseBody(201, { division: '652301' })), 403, 'scope',
			'division');
		assert.ok(err.message.includes('652301'), err.message);
		assertOk(await pref.post('/api/v1/enterprises', enterpriseBody(202, { division: '650104' })), 201);
		const cur = assertOk(await pref.get(`/api/v1/enterprises/${mine.b.id}`));
		assertError(await pref.patch(`/api/v1/enterprises/${mine.b.id}`, { version: cur.version, division: '652301' }), 403, 'scope',
			'division');
		assert.equal(assertOk(await officer.get(`/api/v1/enterprises/${mine.b.id}`)).division, '650104', 'not moved');
	});

	test('a prefecture export has only its rows', async () => {
		const r = await pref.get('/api/v1/enterprises/export?format=csv');
		assert.equal(r.status, 200);
		const rows = r.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1);
		assert.equal(rows.length, (await listAll(pref, '/api/v1/enterprises')).length);
		assert.ok(!r.text.includes(mine.c.credit_code));
		assert.ok(r.text.includes(mine.a.credit_code));
	});

	test('an enterprise user sees only its own enterprise', async () => {
		const own = ent.user.enterprise_id;
		assert.ok(own > 0);
		const r = assertOk(await ent.get('/api/v1/enterprises'));
		assert.equal(r.total, 1);
		assert.deepEqual(r.items.map((x) => x.id), [own]);
		assertError(await ent.get(`/api/v1/enterprises/${mine.a.id}`), 404, 'not_found');
		assertOk(await ent.get(`/api/v1/enterprises/${own}`));
		const csv = (await ent.get('/api/v1/enterprises/export?format=csv')).text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
		assert.equal(csv.length, 2, 'header and its own row');
	});

	test('an enterprise user can change its phone but not its credit code or division', async () => {
		const own = ent.user.enterprise_id;
		let cur = assertOk(await ent.get(`/api/v1/enterprises/${own}`));
		const up = assertOk(await ent.patch(`/api/v1/enterprises/${own}`, { version: cur.version, phone: '0991-1234567' }));
		assert.equal(up.phone, '0991-1234567');
		assert.equal(up.version, cur.version + 1);
		cur = up;
		const otherCode = creditCode(301, { division: cur.division });
		assertError(await ent.patch(`/api/v1/enterprises/${own}`, { version: cur.version, credit_code: otherCode }), 403, undefined,
			'credit_code');
		const otherDiv = cur.division === '650102' ? '650104' : '650102';
		assertError(await ent.patch(`/api/v1/enterprises/${own}`, { version: cur.version, division: otherDiv }), 403, undefined,
			'division');
		// Echoing back the unchanged values is fine.
		assertOk(await ent.patch(`/api/v1/enterprises/${own}`, { version: cur.version, credit_code: cur.credit_code,
			division: cur.division, contact: '王经理' }));
		assertError(await ent.post(`/api/v1/enterprises/${own}/archive`, { version: cur.version + 1 }), 403);
		assertError(await ent.post('/api/v1/enterprises', enterpriseBody(302)), 403);
		assertError(await ent.patch(`/api/v1/enterprises/${mine.a.id}`, { version: 1, phone: '1' }), 404);
	});

	test('department, association and auditor users read but cannot write', async () => {
		for (const c of [dep, assoc, aud]) {
			const all = assertOk(await c.get('/api/v1/enterprises?per_page=1'));
			assert.ok(all.total >= 64, `${c.user.role} reads the whole registry`);
			assertOk(await c.get(`/api/v1/enterprises/${mine.c.id}`));
			assertError(await c.post('/api/v1/enterprises', enterpriseBody(400)), 403, 'forbidden');
			assertError(await c.patch(`/api/v1/enterprises/${mine.c.id}`, { version: 1, phone: '1' }), 403, 'forbidden');
			assertError(await c.post(`/api/v1/enterprises/${mine.c.id}/archive`, { version: 1 }), 403, 'forbidden');
			assertError(await c.post('/api/v1/enterprises/import?dry_run=1', Buffer.from('a,b\n'),
				{ headers: { 'Content-Type': 'text/csv' } }), 403, 'forbidden');
		}
	});
});

describe('create and edit', () => {
	test('create returns the whole record, GET returns the same', async () => {
		const body = enterpriseBody(501, {
			short_name: '测试五零一', address: '乌鲁木齐市天山区解放北路1号', fields: ['power', 'mining'], base: 'base_urumqi',
			ownership: 'state', scale: 'medium', above_size: true, high_tech_cert: 'GR202365000123', high_tech_date: '2023-11-20',
			exporter: true, legal_rep: '张三', contact: '李四', phone: '0991-2345678', founded: '2001-05-18', employees: 420,
		});
		const r = assertOk(await officer.post('/api/v1/enterprises', body), 201);
		for (const [k, v] of Object.entries(body))
			assert.deepEqual(r[k], v, k);
		assert.equal(r.version, 1);
		assert.equal(r.archived, false);
		assert.equal(r.division_name, '天山区');
		assert.equal(r.industry_name, '锅炉及辅助设备制造');
		assert.deepEqual(r.warnings, []);
		assert.match(r.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		const g = assertOk(await admin.get(`/api/v1/enterprises/${r.id}`));
		for (const k of Object.keys(body))
			assert.deepEqual(g[k], r[k], k);
	});

	test('edit with the current version; a stale version gets 409 with the current record', async () => {
		const c = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(502)), 201);
		const u1 = assertOk(await officer.patch(`/api/v1/enterprises/${c.id}`, { version: 1, name: '改过名字的装备有限公司' }));
		assert.equal(u1.version, 2);
		assert.equal(u1.name, '改过名字的装备有限公司');
		assert.equal(u1.credit_code, c.credit_code, 'other fields kept');
		const stale = await pref.patch(`/api/v1/enterprises/${c.id}`, { version: 1, name: '另一人改的名字' });
		assertError(stale, 409, 'conflict', 'version');
		assert.equal(stale.json.current.version, 2);
		assert.equal(stale.json.current.name, '改过名字的装备有限公司');
		assert.equal(stale.json.current.id, c.id);
		assert.equal(assertOk(await officer.get(`/api/v1/enterprises/${c.id}`)).name, '改过名字的装备有限公司');
		assertError(await officer.patch(`/api/v1/enterprises/${c.id}`, { name: '没有版本' }), 400, 'required', 'version');
		assertError(await officer.patch(`/api/v1/enterprises/${c.id}`, { version: 3, name: '未来版本' }), 409, 'conflict');
		// A change that changes nothing keeps the version.
		const same = assertOk(await officer.patch(`/api/v1/enterprises/${c.id}`, { version: 2, name: '改过名字的装备有限公司' }));
		assert.equal(same.version, 2);
		assertError(await officer.patch('/api/v1/enterprises/999999', { version: 1, name: 'x' }), 404, 'not_found');
		assertError(await officer.get('/api/v1/enterprises/999999'), 404, 'not_found');
		assertError(await officer.get('/api/v1/enterprises/abc'), 404, 'not_found');
		assertError(await officer.get('/api/v1/enterprises/-1'), 404, 'not_found');
	});

	test('a duplicate credit code is 409 duplicate, however it is written', async () => {
		const c = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(503)), 201);
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(503, { name: '另一家公司' })), 409, 'duplicate',
			'credit_code');
		const spaced = c.credit_code.toLowerCase().replace(/(.{4})/g, '$1 ');
		assertError(await officer.post('/api/v1/enterprises', { ...enterpriseBody(503), credit_code: spaced, name: '又一家' }), 409,
			'duplicate', 'credit_code');
		const other = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(504)), 201);
		assertError(await officer.patch(`/api/v1/enterprises/${other.id}`, { version: 1, credit_code: c.credit_code }), 409,
			'duplicate', 'credit_code');
	});

	test('credit codes are normalised: lower case, spaces, hyphens, full width', async () => {
		const fw = (s) => [...s].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
		const cases = [
			[510, (c) => c.toLowerCase()],
			[511, (c) => ` ${c.slice(0, 6)} ${c.slice(6, 12)} ${c.slice(12)} `],
			[512, (c) => `${c.slice(0, 2)}-${c.slice(2, 8)}-${c.slice(8, 17)}-${c.slice(17)}`],
			[513, (c) => fw(c)],
			[514, (c) => fw(c.toLowerCase()).slice(0, 9) + '\u3000' + c.slice(9)],
		];
		for (const [n, f] of cases) {
			const code = creditCode(n);
			const r = assertOk(await officer.post('/api/v1/enterprises', { ...enterpriseBody(n), credit_code: f(code) }), 201);
			assert.equal(r.credit_code, code, `stored normalised from ${JSON.stringify(f(code))}`);
			assert.deepEqual(r.warnings, []);
			assert.equal(assertOk(await officer.get(`/api/v1/enterprises?q=${code}`)).total, 1);
		}
	});

	test('a wrong check character is 400 credit_check on credit_code', async () => {
		const good = creditCode(520);
		const err = assertError(await officer.post('/api/v1/enterprises', { ...enterpriseBody(520), credit_code: withBadCheck(good) }),
			400, 'credit_check', 'credit_code');
		assert.ok(err.message.includes(good[17]), `the message names the expected character: ${err.message}`);
		assertError(await officer.post('/api/v1/enterprises', { ...enterpriseBody(521), credit_code: good.slice(0, 17) }), 400,
			/^credit_(format|length)$/, 'credit_code');
		assertError(await officer.post('/api/v1/enterprises', { ...enterpriseBody(522), credit_code: good + '0' }), 400,
			/^credit_(format|length)$/, 'credit_code');
		// I, O, S, V, Z are not in the alphabet.
		assertError(await officer.post('/api/v1/enterprises', { ...enterpriseBody(523), credit_code: 'I' + good.slice(1) }), 400,
			/^credit_(format|length)$/, 'credit_code');
		assertError(await officer.post('/api/v1/enterprises', { ...enterpriseBody(524), credit_code: '' }), 400, undefined,
			'credit_code');
	});

	test('an organisation-code mismatch is saved with a warning', async () => {
		const code = creditCode(530, { badOrg: true });
		const r = assertOk(await officer.post('/api/v1/enterprises', { ...enterpriseBody(530), credit_code: code }), 201);
		assert.equal(r.credit_code, code);
		assert.equal(r.warnings.length, 1);
		assert.equal(r.warnings[0].field, 'credit_code');
		assert.ok(r.warnings[0].code);
		assert.ok(r.warnings[0].message.length > 0);
		const en = await officer.patch(`/api/v1/enterprises/${r.id}`, { version: 1, phone: '0991-1' },
			{ headers: { 'Accept-Language': 'en' } });
		assertOk(en);
		assert.equal(en.json.warnings.length, 1);
		assert.match(en.json.warnings[0].message, /organisation|organization/i);
	});

	test('references are checked and named', async () => {
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(540, { division: '650100' })), 400, 'invalid', 'division');
		const r1 = await officer.post('/api/v1/enterprises', enterpriseBody(541, { division: '659999' }));
		assert.ok([400, 404, 422].includes(r1.status), r1.text);
		assert.equal(r1.json.error.field, 'division');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(542, { industry: '382' })), 400, 'invalid', 'industry');
		for (const [k, v] of [['industry', '9999'], ['fields', ['nope']], ['base', 'no_base']]) {
			const r = await officer.post('/api/v1/enterprises', enterpriseBody(543, { [k]: v }));
			assert.ok([400, 404, 422].includes(r.status), r.text);
			assert.equal(r.json.error.field, k);
		}
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(544, { scale: 'huge' })), 400, undefined, 'scale');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(545, { ownership: 'nationalised' })), 400, undefined, 'ownership');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(546, { phone: 'call me maybe' })), 400, 'invalid', 'phone');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(547, { founded: '2020-02-30' })), 400, undefined, 'founded');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(548, { high_tech_date: '20200101' })), 400, undefined,
			'high_tech_date');
		// Duplicate fields are kept once.
		const r = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(549, { fields: ['power', 'power', 'agri'] })), 201);
		assert.deepEqual([...r.fields].sort(), ['agri', 'power']);
	});

	test('output-only fields sent back by a client are ignored', async () => {
		const c = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(550)), 201);
		const echoed = { ...c, name: '回显修改有限公司' };
		delete echoed.warnings;
		const r = assertOk(await officer.patch(`/api/v1/enterprises/${c.id}`, { ...echoed, id: 1, archived: true }));
		assert.equal(r.name, '回显修改有限公司');
		assert.equal(r.id, c.id);
		assert.equal(r.archived, false);
	});
});

describe('archive', () => {
	test('archive hides from the default list, keeps the record, and needs the version', async () => {
		const c = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(600, { name: '归档测试装备有限公司' })), 201);
		assertError(await officer.post(`/api/v1/enterprises/${c.id}/archive`, { version: 5 }), 409, 'conflict');
		assertError(await officer.post(`/api/v1/enterprises/${c.id}/archive`, {}), 400, 'required', 'version');
		const a = assertOk(await officer.post(`/api/v1/enterprises/${c.id}/archive`, { version: 1 }));
		assert.equal(a.archived, true);
		assert.equal(a.version, 2);
		const q = '?q=' + encodeURIComponent('归档测试');
		assert.equal(assertOk(await officer.get('/api/v1/enterprises' + q)).total, 0);
		assert.deepEqual(assertOk(await officer.get('/api/v1/enterprises' + q + '&archived=1')).items.map((x) => x.id), [c.id]);
		assert.equal(assertOk(await officer.get(`/api/v1/enterprises/${c.id}`)).archived, true);
		// An edit of an archived record keeps it archived.
		const e = assertOk(await officer.patch(`/api/v1/enterprises/${c.id}`, { version: 2, phone: '0991-7' }));
		assert.equal(e.archived, true);
		// The credit code stays taken.
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(600)), 409, 'duplicate');
	});
});
