// Import and export: CSV (UTF-8, BOM, GBK), XLSX, dry runs and their reports,
// all-or-nothing, idempotence, round trips, scope, the template.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { assertError, assertOk, creditCode, enterpriseBody, listAll, startServer, withBadCheck } from './harness.mjs';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['统一社会信用代码', '企业名称', '简称', '所属区划代码', '地址', '行业类别代码', '重点领域', '所属基地', '所有制',
	'企业规模', '规模以上', '高新技术企业证书编号', '高企认定日期', '出口企业', '法定代表人', '联系人', '联系电话', '成立日期', '从业人员'];

let srv, admin, officer, pref;

before(async () => {
	srv = await startServer();
	admin = await srv.signIn('admin');
	officer = await srv.signIn('officer');
	pref = await srv.signIn('prefecture');
});

// stop() fails the file when the server died or a sanitizer spoke.
after(() => srv?.stop());

function csvCell(v) {
	const s = v === undefined || v === null ? '' : String(v);
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/* A CSV file from rows keyed by Chinese header. */
function csv(rows, headers = HEADERS) {
	return [headers.join(','), ...rows.map((r) => headers.map((h) => csvCell(r[h])).join(','))].join('\r\n') + '\r\n';
}

function row(n, extra = {}) {
	return {
		统一社会信用代码: creditCode(n, { division: extra.所属区划代码 || '650102' }),
		企业名称: `导入测试装备有限公司${n}`,
		所属区划代码: '650102',
		行业类别代码: '3821',
		...extra,
	};
}

function gb18030(text) {
	const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: Buffer.from(text, 'utf8') });
	assert.equal(r.status, 0, r.stderr?.toString());
	return r.stdout;
}

async function importFile(client, body, { dry = false, type = 'text/csv', mode, lang } = {}) {
	const q = [dry ? 'dry_run=1' : '', mode ? `mode=${mode}` : ''].filter(Boolean).join('&');
	const headers = { 'Content-Type': type };
	if (lang)
		headers['Accept-Language'] = lang;
	return client.post(`/api/v1/enterprises/import${q ? '?' + q : ''}`, Buffer.from(body), { headers });
}

async function state() {
	const items = await listAll(admin, '/api/v1/enterprises?archived=-1&sort=credit_code');
	const audit = assertOk(await admin.get('/api/v1/audit?per_page=1')).total;
	return { items, audit };
}

const stripBom = (s) => s.replace(/^\uFEFF/, '');

describe('template', () => {
	test('CSV template: the Chinese headers, UTF-8 with BOM, and nothing else', async () => {
		const r = await officer.get('/api/v1/enterprises/template?format=csv');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/csv/);
		assert.match(r.headers.get('content-disposition'), /attachment/);
		assert.match(decodeURIComponent(r.headers.get('content-disposition')), /模板/);
		const lines = stripBom(r.text).split(/\r?\n/).filter(Boolean);
		assert.equal(lines.length, 1);
		assert.deepEqual(lines[0].split(','), HEADERS);
	});

	test('XLSX template is a workbook that imports as zero rows', async () => {
		const r = await officer.get('/api/v1/enterprises/template?format=xlsx');
		assert.equal(r.status, 200);
		assert.equal(r.headers.get('content-type'), XLSX);
		assert.equal(r.bytes.subarray(0, 2).toString(), 'PK');
		const rep = assertOk(await importFile(officer, r.bytes, { dry: true, type: XLSX }));
		assert.equal(rep.format, 'xlsx');
		assert.equal(rep.total_rows, 0);
		assert.deepEqual(rep.errors, []);
		const def = await officer.get('/api/v1/enterprises/template');
		assert.equal(def.status, 200);
		assertError(await officer.get('/api/v1/enterprises/template?format=pdf'), 400, undefined, 'format');
	});
});

describe('CSV import', () => {
	test('UTF-8 without BOM: a dry run writes nothing, a real run creates the rows', async () => {
		const file = csv([
			row(1, { 简称: '导一', 重点领域: '输变电装备、新能源和节能环保装备', 所属基地: '乌鲁木齐装备制造基地', 所有制: '民营', 企业规模: '中型',
				规模以上: '是', 出口企业: '否', 成立日期: '2020/1/5', 从业人员: '120', 联系电话: '0991-1234567', 地址: '天山区, "一号"路' }),
			row(2, { 所属区划代码: '652301', 行业类别代码: '3571', 重点领域: '农牧业机械装备', 所属基地: '', 高企认定日期: '2023年11月20日' }),
			row(3),
		]);
		const before = await state();
		const dry = assertOk(await importFile(officer, file, { dry: true }));
		assert.deepEqual({ ...dry, warnings: undefined }, {
			dry_run: true, format: 'csv', total_rows: 3, created: 3, updated: 0, unchanged: 0, errors: [], warnings: undefined,
		});
		assert.deepEqual(await state(), before, 'a dry run writes nothing, not even audit');
		const real = assertOk(await importFile(officer, file));
		assert.equal(real.dry_run, false);
		assert.equal(real.created, 3);
		const got = assertOk(await officer.get(`/api/v1/enterprises?q=${creditCode(1)}`)).items[0];
		assert.equal(got.name, '导入测试装备有限公司1');
		assert.equal(got.short_name, '导一');
		assert.deepEqual([...got.fields].sort(), ['newenergy', 'power']);
		assert.equal(got.base, 'base_urumqi');
		assert.equal(got.ownership, 'private');
		assert.equal(got.scale, 'medium');
		assert.equal(got.above_size, true);
		assert.equal(got.exporter, false);
		assert.equal(got.founded, '2020-01-05');
		assert.equal(got.employees, 120);
		assert.equal(got.address, '天山区, "一号"路');
		const g2 = assertOk(await officer.get(`/api/v1/enterprises?q=${creditCode(2, { division: '652301' })}`)).items[0];
		assert.equal(g2.division, '652301');
		assert.equal(g2.high_tech_date, '2023-11-20');
		assert.equal(g2.base, null);
		// Re-importing the same file changes nothing.
		const again = assertOk(await importFile(officer, file));
		assert.equal(again.created, 0);
		assert.equal(again.updated, 0);
		assert.equal(again.unchanged, 3);
		const after = await state();
		assert.deepEqual(after.items, (await state()).items);
		assert.equal(after.items.find((x) => x.credit_code === creditCode(1)).version, 1, 'no new version');
	});

	test('UTF-8 with BOM, columns in any order, CRLF or LF', async () => {
		const headers = [...HEADERS].reverse();
		const body = '\uFEFF' + csv([row(10), row(11)], headers).replace(/\r\n/g, '\n');
		const rep = assertOk(await importFile(officer, body));
		assert.equal(rep.created, 2);
		assert.deepEqual(rep.errors, []);
		assert.equal(assertOk(await officer.get(`/api/v1/enterprises?q=${creditCode(10)}`)).items[0].name, '导入测试装备有限公司10');
	});

	test('GBK/GB18030 CSV, made from the server\'s own export with iconv', async () => {
		const exp = await officer.get('/api/v1/enterprises/export?format=csv&division=652300');
		assert.equal(exp.status, 200);
		const text = stripBom(exp.text);
		const nrows = text.trim().split(/\r?\n/).length - 1;
		assert.ok(nrows > 0);
		// Unchanged: every row is recognised, in GBK.
		const same = assertOk(await importFile(officer, gb18030(text), { dry: true }));
		assert.deepEqual(same.errors, []);
		assert.equal(same.unchanged, nrows);
		// Changed: every address gets Chinese text that only decodes right from GBK, plus one new row.
		const lines = text.trim().split(/\r?\n/);
		const idx = HEADERS.indexOf('地址');
		const changed = [lines[0], ...lines.slice(1).map((l) => {
			const cells = l.split(',');
			cells[idx] = '昌吉市北京南路（GBK）';
			return cells.join(',');
		})];
		changed.push(csv([row(20, { 企业名称: '新疆天山重型机械有限公司', 所属区划代码: '652302' })]).split('\r\n')[1]);
		const gbk = gb18030(changed.join('\r\n') + '\r\n');
		assert.ok(!Buffer.from(gbk).toString('utf8').includes('昌吉'), 'the file really is not UTF-8');
		const rep = assertOk(await importFile(officer, gbk));
		assert.deepEqual(rep.errors, []);
		assert.equal(rep.updated, nrows);
		assert.equal(rep.created, 1);
		const inChangji = await listAll(officer, '/api/v1/enterprises?division=652300');
		assert.ok(inChangji.every((x) => x.address === '昌吉市北京南路（GBK）' || x.credit_code === creditCode(20, { division: '652302' })));
		const created = assertOk(await officer.get(`/api/v1/enterprises?q=${creditCode(20, { division: '652302' })}`)).items[0];
		assert.equal(created.name, '新疆天山重型机械有限公司');
		// Idempotent in GBK too.
		const again = assertOk(await importFile(officer, gbk));
		assert.equal(again.unchanged, nrows + 1);
		assert.equal(again.updated + again.created, 0);
	});
});

describe('XLSX import', () => {
	test('the server\'s own XLSX export imports back unchanged, and restores changed rows', async () => {
		const exp = await officer.get('/api/v1/enterprises/export?format=xlsx&division=650100');
		assert.equal(exp.status, 200);
		assert.equal(exp.headers.get('content-type'), XLSX);
		const n = assertOk(await officer.get('/api/v1/enterprises?division=650100&per_page=1')).total;
		const same = assertOk(await importFile(officer, exp.bytes, { type: XLSX }));
		assert.equal(same.format, 'xlsx');
		assert.deepEqual(same.errors, []);
		assert.equal(same.unchanged, n);
		// Change two records, then import the old file: it puts them back.
		const two = assertOk(await officer.get('/api/v1/enterprises?division=650100&per_page=2')).items;
		for (const e of two)
			assertOk(await officer.patch(`/api/v1/enterprises/${e.id}`, { version: e.version, phone: '0000', employees: 1 }));
		const back = assertOk(await importFile(officer, exp.bytes, { type: 'application/octet-stream' }));
		assert.equal(back.updated, 2);
		assert.equal(back.unchanged, n - 2);
		for (const e of two) {
			const now = assertOk(await officer.get(`/api/v1/enterprises/${e.id}`));
			assert.equal(now.phone, e.phone);
			assert.equal(now.employees, e.employees);
		}
	});

	test('export honours the filters in both formats', async () => {
		const want = await listAll(officer, '/api/v1/enterprises?industry=C38&division=650100');
		const c = await officer.get('/api/v1/enterprises/export?format=csv&industry=C38&division=650100');
		const codes = stripBom(c.text).trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);
		assert.deepEqual(codes.sort(), want.map((x) => x.credit_code).sort());
		const x = await officer.get('/api/v1/enterprises/export?format=xlsx&industry=C38&division=650100');
		const rep = assertOk(await importFile(officer, x.bytes, { dry: true, type: XLSX }));
		assert.equal(rep.total_rows, want.length);
		assertError(await officer.get('/api/v1/enterprises/export?format=doc'), 400, undefined, 'format');
	});
});

describe('round trip', () => {
	test('the whole registry exported and imported back is unchanged (CSV and XLSX)', async () => {
		const before = await state();
		for (const format of ['csv', 'xlsx']) {
			const exp = await admin.get(`/api/v1/enterprises/export?format=${format}`);
			assert.equal(exp.status, 200);
			const rep = assertOk(await importFile(admin, exp.bytes, { type: format === 'csv' ? 'text/csv' : XLSX }));
			assert.deepEqual(rep.errors, []);
			assert.equal(rep.created, 0, format);
			assert.equal(rep.updated, 0, format);
			assert.equal(rep.unchanged, rep.total_rows, format);
		}
		const after = await state();
		assert.deepEqual(after.items, before.items, 'no record changed');
	});
});

describe('bad rows', () => {
	const bad = () => csv([
		row(30), // good
		{ ...row(31), 统一社会信用代码: withBadCheck(creditCode(31)) },
		row(32, { 所属区划代码: '659999' }),
		row(33, { 行业类别代码: '382' }),
		row(34, { 规模以上: '也许' }),
		row(35, { 从业人员: '-5' }),
		row(36, { 重点领域: '航天装备' }),
		row(37, { 企业名称: '' }),
		row(38, { 所有制: '国营' }),
		row(39, { 成立日期: '2020-13-45', 重点领域: '' }),
		row(41, { 重点领域: '航'.repeat(70) }), // its error quotes 210 bytes: cut inside a character
		row(30, { 企业名称: '同一文件重复' }), // the good one again, changed: fine as an update
	]);

	test('a dry run reports every bad row with row, column, value and message, and writes nothing', async () => {
		const before = await state();
		const rep = assertOk(await importFile(officer, bad(), { dry: true }));
		assert.equal(rep.dry_run, true);
		const byRow = Object.fromEntries(rep.errors.map((e) => [e.row, e]));
		const expect = {
			3: ['统一社会信用代码', withBadCheck(creditCode(31))],
			4: ['所属区划代码', '659999'],
			5: ['行业类别代码', '382'],
			6: ['规模以上', '也许'],
			7: ['从业人员', '-5'],
			8: ['重点领域', '航天装备'],
			9: ['企业名称', ''],
			10: ['所有制', '国营'],
			11: ['成立日期', '2020-13-45'],
			12: ['重点领域', '航'.repeat(70)],
		};
		assert.deepEqual(Object.keys(byRow).map(Number).sort((a, b) => a - b), Object.keys(expect).map(Number),
			JSON.stringify(rep.errors, null, 1));
		for (const [r, [column, value]] of Object.entries(expect)) {
			const e = byRow[r];
			assert.equal(e.column, column, `row ${r}: ${JSON.stringify(e)}`);
			assert.equal(e.value, value, `row ${r}: ${JSON.stringify(e)}`);
			assert.ok(e.code, `row ${r} has a code`);
			assert.match(e.message, /[\u4e00-\u9fff]/, `row ${r} message in Chinese: ${e.message}`);
		}
		assert.equal(byRow[3].code, 'credit_check');
		assert.equal(rep.total_rows, 12);
		assert.deepEqual(await state(), before);
		// The same report in English.
		const en = assertOk(await importFile(officer, bad(), { dry: true, lang: 'en' }));
		assert.equal(en.errors.length, rep.errors.length);
		// English text (a value quoted from the file, or a bilingual hint, may follow).
		for (const e of en.errors)
			assert.match(e.message, /^[A-Za-z][ -~]*: [ -~]{6}/, `English message: ${e.message}`);
	});

	test('a real run with a bad row is 422 with the report, and nothing is written', async () => {
		const before = await state();
		const r = await importFile(officer, bad());
		assertError(r, 422, 'import_rows', 'file');
		assert.ok(r.json.report, 'the report comes with the error');
		assert.equal(r.json.report.errors.length, 10);
		assert.equal(r.json.report.created, 0);
		assert.deepEqual(await state(), before, 'all or nothing');
		assert.equal(assertOk(await officer.get(`/api/v1/enterprises?q=${creditCode(30)}`)).total, 0);
	});

	test('mode=valid writes the good rows and reports the bad ones', async () => {
		const rep = assertOk(await importFile(officer, bad(), { mode: 'valid' }));
		assert.equal(rep.errors.length, 10);
		assert.equal(rep.created, 1);
		assert.equal(assertOk(await officer.get(`/api/v1/enterprises?q=${creditCode(30)}`)).items[0].name, '同一文件重复');
	});

	test('an organisation-code mismatch in a file is a warning, not an error', async () => {
		const code = creditCode(40, { badOrg: true });
		const rep = assertOk(await importFile(officer, csv([{ ...row(40), 统一社会信用代码: code.toLowerCase() }])));
		assert.equal(rep.created, 1);
		assert.deepEqual(rep.errors, []);
		assert.ok(rep.warnings.length >= 1, JSON.stringify(rep));
		assert.equal(assertOk(await officer.get(`/api/v1/enterprises?q=${code}`)).total, 1, 'stored normalised');
	});

	test('broken files get a clear error and the server stays up', async () => {
		assertError(await importFile(officer, Buffer.alloc(0)), 400, 'required', 'file');
		const noCol = await importFile(officer, '企业名称,地址\r\n某公司,某地\r\n');
		assertError(noCol, 422, undefined, 'file');
		assert.match(noCol.json.error.message, /统一社会信用代码/);
		for (const body of [
			Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]),
			Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'latin1'),
			Buffer.from([0xff, 0xfe, 0x00, 0x00, 0xd8, 0x00]),
			Buffer.from('"unterminated,quote\r\n'),
			Buffer.from(HEADERS.join(',') + '\r\n' + '"' + 'x'.repeat(100000)),
			Buffer.from('\uFEFF'),
		]) {
			const r = await importFile(officer, body, { dry: true });
			assert.ok(r.status === 200 || (r.status >= 400 && r.status < 500), `${r.status} ${r.text.slice(0, 200)}`);
		}
		assertError(await officer.post('/api/v1/enterprises/import?mode=some', Buffer.from('a'), { headers: { 'Content-Type': 'text/csv' } }),
			400, undefined, 'mode');
		assertError(await officer.post('/api/v1/enterprises/import?dry_run=yes', Buffer.from('a'), { headers: { 'Content-Type': 'text/csv' } }),
			400, undefined, 'dry_run');
		srv.assertHealthy();
	});
});

describe('import and scope', () => {
	test('a prefecture user importing a row of another prefecture gets a row error', async () => {
		const file = csv([
			row(50, { 所属区划代码: '650104' }),
			row(51, { 所属区划代码: '652301' }),
		]);
		const rep = assertOk(await importFile(pref, file, { dry: true }));
		assert.equal(rep.errors.length, 1);
		assert.equal(rep.errors[0].row, 3);
		assert.equal(rep.errors[0].column, '所属区划代码');
		assert.equal(rep.errors[0].value, '652301');
		assert.equal(rep.errors[0].code, 'scope');
		assertError(await importFile(pref, file), 422, 'import_rows');
		assert.equal(assertOk(await officer.get(`/api/v1/enterprises?q=${creditCode(50, { division: '650104' })}`)).total, 0);
	});

	test('a prefecture user cannot update an enterprise of another prefecture through a file', async () => {
		const outside = assertOk(await officer.get('/api/v1/enterprises?division=652300&per_page=1')).items[0];
		const file = csv([{ 统一社会信用代码: outside.credit_code, 企业名称: '被越权修改', 所属区划代码: '650102', 行业类别代码: '3821' }]);
		const rep = assertOk(await importFile(pref, file, { dry: true }));
		assert.equal(rep.errors.length, 1, JSON.stringify(rep));
		assert.equal(rep.errors[0].row, 2);
		assert.notEqual(assertOk(await officer.get(`/api/v1/enterprises/${outside.id}`)).name, '被越权修改');
	});

	test('a prefecture user can import inside its scope', async () => {
		const rep = assertOk(await importFile(pref, csv([row(52, { 所属区划代码: '650109' })])));
		assert.equal(rep.created, 1);
	});
});

describe('import and the audit log', () => {
	test('an import appends one audit row per written record and one for the import', async () => {
		const before = assertOk(await admin.get('/api/v1/audit?per_page=1')).total;
		const rep = assertOk(await importFile(officer, csv([row(60), row(61)])));
		assert.equal(rep.created, 2);
		const rows = assertOk(await admin.get('/api/v1/audit?per_page=3')).items;
		assert.equal(assertOk(await admin.get('/api/v1/audit?per_page=1')).total, before + 3);
		assert.deepEqual(rows.map((r) => r.action).sort(), ['import', 'import_create', 'import_create']);
		assert.ok(rows.every((r) => r.user === 'officer'));
		assert.equal(assertOk(await admin.get('/api/v1/audit/verify')).ok, true);
	});
});
