// Reference lists: divisions, industries, fields, bases, departments, ownerships, scales.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertOk, startServer } from './harness.mjs';

let srv, c;

before(async () => {
	srv = await startServer();
	c = await srv.signIn('enterprise'); // the least privileged signed-in user reads them too
});

// stop() fails the file when the server died or a sanitizer spoke.
after(() => srv?.stop());

const byCode = (items) => Object.fromEntries(items.map((x) => [x.code, x]));

test('divisions: Xinjiang province, prefectures and counties with parents', async () => {
	const items = assertOk(await c.get('/api/v1/divisions')).items;
	const d = byCode(items);
	assert.deepEqual({ ...d['650000'], parent: d['650000'].parent ?? null }, { code: '650000', name: '新疆维吾尔自治区', level: 'province', parent: null });
	assert.equal(d['650100'].name, '乌鲁木齐市');
	assert.equal(d['650100'].level, 'prefecture');
	assert.equal(d['650100'].parent, '650000');
	assert.equal(d['650102'].name, '天山区');
	assert.equal(d['650102'].level, 'county');
	assert.equal(d['650102'].parent, '650100');
	assert.equal(d['652300'].name, '昌吉回族自治州');
	assert.ok(items.filter((x) => x.level === 'prefecture').length >= 14);
	assert.ok(items.filter((x) => x.level === 'county').length >= 90);
	for (const x of items) {
		assert.match(x.code, /^65\d{4}$/);
		if (x.level !== 'province')
			assert.ok(d[x.parent], `parent of ${x.code} exists`);
	}
	assert.equal(new Set(items.map((x) => x.code)).size, items.length, 'no duplicates');
});

test('industries: GB/T 4754-2017 equipment divisions with the machinery flag', async () => {
	const items = assertOk(await c.get('/api/v1/industries')).items;
	const d = byCode(items);
	for (const div of ['C33', 'C34', 'C35', 'C36', 'C37', 'C38', 'C39', 'C40', 'C43'])
		assert.equal(d[div]?.level, 'division', div);
	assert.equal(d['382'].level, 'group');
	assert.equal(d['382'].parent, 'C38');
	assert.equal(d['3821'].level, 'class');
	assert.equal(d['3821'].parent, '382');
	assert.equal(d['3821'].name, '变压器、整流器和电感器制造');
	for (const m of ['C34', 'C35', 'C36', 'C38', 'C40'])
		assert.equal(d[m].machinery, true, `${m} counts as machinery`);
	for (const m of ['C33', 'C37', 'C39', 'C43'])
		assert.equal(d[m].machinery, false, `${m} is not machinery by default`);
	assert.equal(new Set(items.map((x) => x.code)).size, items.length, 'no duplicates');
});

test('fields: the policy key fields and growth fields', async () => {
	const items = assertOk(await c.get('/api/v1/fields')).items;
	const keyNames = items.filter((x) => x.kind === 'key').map((x) => x.name).sort();
	assert.deepEqual(keyNames, ['农牧业机械装备', '新能源和节能环保装备', '矿山和工程机械装备', '石油及石化装备', '输变电装备'].sort());
	assert.ok(items.some((x) => x.kind === 'growth'));
});

test('bases, departments, ownerships and scales', async () => {
	const bases = assertOk(await c.get('/api/v1/bases')).items;
	assert.ok(bases.length >= 4);
	assert.ok(bases.every((b) => b.code && b.name && b.kind && 'division' in b));
	const deps = assertOk(await c.get('/api/v1/departments')).items;
	assert.equal(deps.length, 7);
	assert.ok(deps.every((d) => d.code && d.name && 'short_name' in d));
	const own = assertOk(await c.get('/api/v1/ownerships')).items.map((x) => x.code);
	assert.deepEqual(own.sort(), ['collective', 'foreign', 'hmt', 'mixed', 'other', 'private', 'state']);
	const sc = assertOk(await c.get('/api/v1/scales')).items;
	assert.deepEqual(sc.map((x) => x.code).sort(), ['large', 'medium', 'micro', 'small']);
	assert.equal(byCode(sc).large.name, '大型');
});

test('reference lists need a signed-in user', async () => {
	for (const p of ['divisions', 'industries', 'fields', 'bases', 'departments', 'ownerships', 'scales'])
		assertError(await srv.anon().get(`/api/v1/${p}`), 401, 'unauthenticated');
});
