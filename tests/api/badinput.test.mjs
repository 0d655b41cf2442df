// Bad input: nothing a client sends crashes, hangs, leaks or half-writes the server,
// and each gets a clear error naming the field, in zh-CN or English.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { assertError, assertOk, creditCode, enterpriseBody, startServer } from './harness.mjs';

let srv, officer, ent1;

before(async () => {
	srv = await startServer();
	officer = await srv.signIn('officer');
	ent1 = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(1)), 201);
});

// stop() fails the file when the server died or a sanitizer spoke.
after(() => srv?.stop());

async function count() {
	return assertOk(await officer.get('/api/v1/enterprises?per_page=1&archived=-1')).total;
}

/* Raw bytes over a socket, for requests fetch will not send (bad UTF-8 in the URL, ...). */
function rawHttp(port, head, body = Buffer.alloc(0)) {
	return new Promise((resolve, reject) => {
		const s = connect(port, '127.0.0.1');
		const chunks = [];
		s.setTimeout(10000, () => {
			s.destroy();
			reject(new Error('timeout'));
		});
		s.on('data', (d) => chunks.push(d));
		s.on('end', () => {
			const text = Buffer.concat(chunks).toString('latin1');
			const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]);
			const i = text.indexOf('\r\n\r\n');
			const bodyText = Buffer.from(text.slice(i + 4), 'latin1').toString('utf8');
			resolve({ status, text, body: bodyText });
		});
		s.on('error', reject);
		s.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
	});
}

describe('JSON bodies', () => {
	test('malformed JSON is 400 bad_json and writes nothing', async () => {
		const n = await count();
		for (const body of ['{', '{"name": }', '{"credit_code": "x",}', 'nul', '{"a":1}{"b":2}', '\u0000', '{"name":"\\ud800"}', '']) {
			const r = await officer.post('/api/v1/enterprises', body, { headers: { 'Content-Type': 'application/json' } });
			assertError(r, 400, 'bad_json');
		}
		for (const body of ['[]', '"text"', '42', 'null', 'true'])
			assertError(await officer.post('/api/v1/enterprises', body, { headers: { 'Content-Type': 'application/json' } }), 400,
				'bad_json');
		assertError(await officer.post('/api/v1/enterprises', '{"name":"a","name":"b"}', { headers: { 'Content-Type': 'application/json' } }),
			400, 'bad_json');
		assert.equal(await count(), n);
		srv.assertHealthy();
	});

	test('deeply nested JSON does not crash the server', async () => {
		const deep = '['.repeat(100000) + ']'.repeat(100000);
		const r = await officer.post('/api/v1/enterprises', `{"fields": ${deep}}`, { headers: { 'Content-Type': 'application/json' } });
		assert.equal(r.status, 400, r.text.slice(0, 200));
		srv.assertHealthy();
	});

	test('wrong types name the field', async () => {
		const cases = [
			['name', 123], ['name', null], ['name', ['a']], ['name', { a: 1 }], ['credit_code', 91650102],
			['fields', 'power'], ['fields', [1, 2]], ['above_size', 'yes'], ['above_size', 1], ['employees', '12'],
			['employees', 1.5], ['employees', true], ['founded', 20200101], ['division', 650102],
		];
		for (const [k, v] of cases) {
			const r = await officer.post('/api/v1/enterprises', enterpriseBody(10, { [k]: v }));
			assert.equal(r.status, 400, `${k}=${JSON.stringify(v)}: ${r.text}`);
			assert.equal(r.json.error.field, k, `${k}=${JSON.stringify(v)}: ${r.text}`);
			assert.ok(['type', 'required'].includes(r.json.error.code), r.text);
		}
		const r = await officer.patch(`/api/v1/enterprises/${ent1.id}`, { version: '1', phone: '1' });
		assertError(r, 400, 'type', 'version');
	});

	test('unknown fields are refused by name', async () => {
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(11, { colour: 'red' })), 400, 'unknown_field', 'colour');
		assertError(await officer.patch(`/api/v1/enterprises/${ent1.id}`, { version: 1, pinyin: 'x' }), 400, 'unknown_field', 'pinyin');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(11, { 'name ': 'x' })), 400, 'unknown_field');
		assertError(await srv.request('POST', '/api/v1/session', { body: { username: 'a', password: 'b', remember: true } }), 400,
			'unknown_field', 'remember');
	});

	test('missing required fields are named', async () => {
		for (const k of ['credit_code', 'name', 'division', 'industry']) {
			const b = enterpriseBody(12);
			delete b[k];
			assertError(await officer.post('/api/v1/enterprises', b), 400, 'required', k);
		}
		assertError(await officer.post('/api/v1/enterprises', {}), 400, 'required');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(12, { name: '' })), 400, 'required', 'name');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(12, { name: '   ' })), 400, undefined, 'name');
	});

	test('overlong strings are 400 too_long naming the field', async () => {
		for (const [k, max] of [['name', 100], ['short_name', 30], ['address', 200], ['legal_rep', 50], ['phone', 40]]) {
			const v = k === 'phone' ? '1'.repeat(max + 1) : '长'.repeat(max + 1);
			assertError(await officer.post('/api/v1/enterprises', enterpriseBody(13, { [k]: v })), 400, 'too_long', k);
			if (k !== 'phone') // exactly the limit, counted in characters not bytes, is fine
				assertOk(await officer.patch(`/api/v1/enterprises/${ent1.id}`, {
					version: assertOk(await officer.get(`/api/v1/enterprises/${ent1.id}`)).version, [k]: '长'.repeat(max),
				}));
		}
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(13, { name: 'x'.repeat(200000) })), 400, 'too_long', 'name');
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(13, { fields: Array(13).fill('power') })), 400, undefined,
			'fields');
		assertError(await officer.get('/api/v1/enterprises?q=' + 'a'.repeat(101)), 400, 'too_long', 'q');
	});

	test('negative and absurd numbers are out of range', async () => {
		for (const v of [-1, -9007199254740991, 10000001, 1e300, 9223372036854775807]) {
			const r = await officer.post('/api/v1/enterprises', `{"credit_code":"${creditCode(14)}","name":"数字测试","division":"650102",` +
				`"industry":"3411","employees":${typeof v === 'number' && v > 1e20 ? '1e300' : String(v)}}`,
			{ headers: { 'Content-Type': 'application/json' } });
			assert.equal(r.status, 400, `${v}: ${r.text}`);
			// Beyond 64 bits the JSON parser itself refuses the number.
			assert.ok(r.json.error.field === 'employees' || r.json.error.code === 'bad_json', r.text);
		}
		const huge = await officer.post('/api/v1/enterprises', `{"credit_code":"${creditCode(14)}","name":"数字测试","division":"650102",` +
			'"industry":"3411","employees":123456789012345678901234567890}', { headers: { 'Content-Type': 'application/json' } });
		assert.equal(huge.status, 400, huge.text);
		assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(14, { employees: 0 })), 201);
		for (const v of [0, -1, 2147483648, 1e20])
			assert.equal((await officer.patch(`/api/v1/enterprises/${ent1.id}`, `{"version":${v},"phone":"1"}`,
				{ headers: { 'Content-Type': 'application/json' } })).status, 400, `version ${v}`);
		srv.assertHealthy();
	});

	test('a JSON body over 1 MiB is 413', async () => {
		const n = await count();
		const big = JSON.stringify(enterpriseBody(15, { address: 'x'.repeat(1100 * 1024) }));
		assertError(await officer.post('/api/v1/enterprises', big), 413, 'too_large');
		// A JSON body just under the limit is read (and refused for its content, not its size).
		const under = JSON.stringify(enterpriseBody(15, { address: 'x'.repeat(1000 * 1024) }));
		assertError(await officer.post('/api/v1/enterprises', under, { headers: { 'Content-Type': 'application/json' } }), 400,
			'too_long', 'address');
		// Far more than the limit, as a stream, does not hang or kill the server.
		const r = await officer.post('/api/v1/enterprises', Buffer.alloc(8 << 20, 0x20), { headers: { 'Content-Type': 'application/json' } });
		assertError(r, 413, 'too_large');
		assert.equal(await count(), n);
		srv.assertHealthy();
	});

	test('an import over 32 MiB is 413', async () => {
		const r = await officer.post('/api/v1/enterprises/import?dry_run=1', Buffer.alloc(33 << 20, 0x41),
			{ headers: { 'Content-Type': 'text/csv' } });
		assertError(r, 413, 'too_large');
		srv.assertHealthy();
	});

	test('a wrong content type is 415', async () => {
		const body = JSON.stringify(enterpriseBody(16));
		for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx',
			'application/xml'])
			assertError(await officer.post('/api/v1/enterprises', body, { headers: { 'Content-Type': ct } }), 415, 'media_type');
		// No content type at all.
		const none = await officer.raw('POST', '/api/v1/enterprises', { body: new TextEncoder().encode(body) });
		assertError(none, 415, 'media_type');
		assertOk(await officer.post('/api/v1/enterprises', body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } }), 201);
		assertError(await officer.post('/api/v1/enterprises/import', Buffer.from('a'), { headers: { 'Content-Type': 'image/png' } }), 415,
			'media_type');
	});

	test('invalid UTF-8 inside JSON strings is refused', async () => {
		const n = await count();
		const pre = Buffer.from(`{"credit_code":"${creditCode(17)}","division":"650102","industry":"3411","name":"`);
		for (const bad of [[0xff], [0xc3, 0x28], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]]) {
			const body = Buffer.concat([pre, Buffer.from(bad), Buffer.from('公司"}')]);
			const r = await officer.post('/api/v1/enterprises', body, { headers: { 'Content-Type': 'application/json' } });
			assert.equal(r.status, 400, `${Buffer.from(bad).toString('hex')}: ${r.text}`);
		}
		assert.equal(await count(), n);
	});

	test('a body on a request that takes none is refused', async () => {
		const r = await officer.raw('DELETE', '/api/v1/session', { body: 'x', headers: { 'Content-Type': 'text/plain' } });
		assertError(r, 400);
		assertOk(await officer.get('/api/v1/session'), 200);
	});
});

describe('query strings', () => {
	test('invalid UTF-8 in a query string is 400 naming the parameter', async () => {
		for (const q of ['q=%FF', 'q=%C3%28', 'q=abc%E4%B8', 'division=%FF%FE', 'q=%ED%A0%80']) {
			const r = await officer.get(`/api/v1/enterprises?${q}`);
			assert.equal(r.status, 400, `${q}: ${r.text}`);
			assert.equal(r.json.error.field, q.split('=')[0]);
		}
		// Raw bytes, not percent-encoded.
		const r = await rawHttp(srv.port, `GET /api/v1/enterprises?q=\xff\xfe HTTP/1.1\r\nHost: x\r\nCookie: ${officer.cookie}\r\nConnection: close\r\n\r\n`);
		assert.ok(r.status === 400, r.text.slice(0, 300));
		srv.assertHealthy();
	});

	test('SQL metacharacters in q are searched for literally', async () => {
		for (const q of ["'", "' OR '1'='1", '%', '_', '\\', '"; DROP TABLE enterprises; --', "' UNION SELECT password_hash FROM users --",
			'%_%', '*', '[a-z]']) {
			const r = await officer.get(`/api/v1/enterprises?q=${encodeURIComponent(q)}`);
			assert.equal(r.status === 200 || r.status === 400, true, `${q}: ${r.text}`);
			if (r.status === 200)
				assert.equal(r.json.total, 0, `q=${JSON.stringify(q)} matched ${r.json.total}`);
		}
		assert.ok(assertOk(await officer.get('/api/v1/enterprises?per_page=1')).total > 60, 'the table is still there');
		// A NUL ends the C string: an empty search or a 400, never an error from the database.
		const nul = await officer.get('/api/v1/enterprises?q=%00');
		assert.ok(nul.status === 200 || nul.status === 400, nul.text);
	});

	test('SQL metacharacters in names are stored verbatim and found', async () => {
		const weird = ["O'Brien 装备 \"有限\" 公司", 'Robert\'); DROP TABLE enterprises;--', '100% 装备_公司 \\ 末尾'];
		let n = 20;
		for (const name of weird) {
			const r = assertOk(await officer.post('/api/v1/enterprises', enterpriseBody(++n, { name, short_name: name.slice(0, 10) })), 201);
			assert.equal(r.name, name);
			assert.equal(assertOk(await officer.get(`/api/v1/enterprises/${r.id}`)).name, name);
			const found = assertOk(await officer.get(`/api/v1/enterprises?q=${encodeURIComponent(name)}`));
			assert.deepEqual(found.items.map((x) => x.id), [r.id], `search ${name}`);
		}
		// % and _ are literal in a search, not wildcards.
		const pct = assertOk(await officer.get(`/api/v1/enterprises?q=${encodeURIComponent('100%')}`));
		assert.equal(pct.total, 1);
		const us = assertOk(await officer.get(`/api/v1/enterprises?q=${encodeURIComponent('备_公')}`));
		assert.equal(us.total, 1);
		assert.ok(assertOk(await officer.get('/api/v1/enterprises?per_page=1')).total > 60);
	});
});

describe('static paths', () => {
	const traversals = [
		'/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%2e%2e/', '/assets/../../x', '/assets/..%2f..%2fetc%2fpasswd',
		'/..%2f..%2f..%2fetc%2fpasswd', '/assets/%2e%2e/%2e%2e/etc/passwd', '/%252e%252e/etc/passwd', '/....//....//etc/passwd',
		'/assets/../../../../../../etc/passwd', '/..\\..\\etc\\passwd', '/./././etc/passwd', '//etc/passwd', '/etc/passwd',
		'/assets/%00../../etc/passwd', '/index.html/../../etc/passwd', '/api/../../etc/passwd', '/proc/self/environ',
	];

	test('no path leaks a file from disk', async () => {
		for (const p of traversals) {
			const r = await rawHttp(srv.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
			assert.ok(r.status > 0, `${p}: no reply`);
			assert.ok(!/root:.*:0:0:/.test(r.body), `${p} leaked /etc/passwd`);
			assert.ok(!r.body.includes('PATH='), `${p} leaked an environment`);
			assert.ok(r.status === 200 || r.status === 400 || r.status === 404 || r.status === 403, `${p}: ${r.status}`);
			if (r.status === 200)
				assert.match(r.text, /content-type: text\/html/i, `${p} answered 200 with something other than the console`);
		}
		for (const p of traversals) {
			const r = await srv.request('GET', p);
			assert.ok(!/root:.*:0:0:/.test(r.text), `${p} leaked /etc/passwd (fetch)`);
		}
		srv.assertHealthy();
	});

	test('the console index is served, with a CSP; writes to static paths are refused', async () => {
		const r = await srv.request('GET', '/');
		if (r.status === 200) {
			assert.match(r.headers.get('content-type'), /text\/html/);
			assert.ok(r.headers.get('content-security-policy'));
		}
		const w = await srv.request('POST', '/index.html', { body: 'x', headers: { 'Content-Type': 'text/plain' } });
		assert.equal(w.status, 405);
	});
});

describe('language', () => {
	test('error messages are zh-CN by default and English with Accept-Language: en', async () => {
		const b = enterpriseBody(30);
		delete b.name;
		const zh = assertError(await officer.post('/api/v1/enterprises', b), 400, 'required', 'name');
		assert.match(zh.message, /[\u4e00-\u9fff]/, `Chinese: ${zh.message}`);
		assert.ok(zh.message.includes('企业名称'), zh.message);
		const en = assertError(await officer.post('/api/v1/enterprises', b, { headers: { 'Accept-Language': 'en' } }), 400, 'required',
			'name');
		assert.doesNotMatch(en.message, /[\u4e00-\u9fff]/, `English: ${en.message}`);
		assert.match(en.message, /name/i);
		const enUS = assertError(await officer.post('/api/v1/enterprises', b, { headers: { 'Accept-Language': 'en-US,en;q=0.9' } }), 400);
		assert.equal(enUS.message, en.message);
		const zhCN = assertError(await officer.post('/api/v1/enterprises', b, { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' } }),
			400);
		assert.equal(zhCN.message, zh.message);
		const anon = await srv.request('GET', '/api/v1/enterprises', { headers: { 'Accept-Language': 'en' } });
		assert.match(assertError(anon, 401, 'unauthenticated').message, /sign/i);
		const code = assertError(await officer.post('/api/v1/enterprises', { ...enterpriseBody(31), credit_code: 'ABC' },
			{ headers: { 'Accept-Language': 'en' } }), 400, /^credit_(format|length)$/, 'credit_code');
		assert.match(code.message, /credit code/i);
	});

	test('odd Accept-Language values do not break anything', async () => {
		for (const al of ['', '*', 'xx', 'en'.repeat(5000), 'zh;q=abc, en;q=', '\u00ff'.normalize()]) {
			const r = await officer.get('/api/v1/enterprises/999999', { headers: { 'Accept-Language': al } });
			assertError(r, 404, 'not_found');
		}
		srv.assertHealthy();
	});
});

describe('robustness', () => {
	test('odd methods, paths and headers get answers and the server stays up', async () => {
		const reqs = [
			'GET /api/v1/enterprises/99999999999999999999999 HTTP/1.1',
			'GET /api/v1/enterprises/0 HTTP/1.1',
			'GET /api/v1/enterprises/1%00 HTTP/1.1',
			'GET /api/v1/enterprises?q=%zz HTTP/1.1',
			'GET /api/v1/enterprises?&&&=&q HTTP/1.1',
			'OPTIONS /api/v1/enterprises HTTP/1.1',
			'BREW /api/v1/meta HTTP/1.1',
			`GET /api/v1/no-such-${'x'.repeat(6000)} HTTP/1.1`,
		];
		for (const line of reqs) {
			const r = await rawHttp(srv.port, `${line}\r\nHost: x\r\nCookie: ${officer.cookie}\r\nConnection: close\r\n\r\n`);
			assert.ok(r.status >= 200 && r.status < 500 || r.status === 501, `${line.slice(0, 60)}: ${r.status}`);
		}
		// Errors quoting long or broken text still come back as JSON (the quote is cut
		// at a byte limit, maybe inside a character).
		for (const p of ['/api/v1/enterprises/' + encodeURIComponent('航'.repeat(100)), '/api/v1/no-such-' + encodeURIComponent('航'.repeat(100)),
			'/api/v1/%FF%FE', '/api/v1/enterprises/%C3']) {
			const r = await officer.get(p);
			assertError(r, 404, 'not_found');
		}
		assertError(await officer.post('/api/v1/enterprises', enterpriseBody(40, { base: 'b'.repeat(31) + '航' })), 404, 'not_found',
			'base');
		const cookies = ['luoshi_session=', 'luoshi_session=' + 'z'.repeat(64), 'luoshi_session=' + 'x'.repeat(5000), 'a=b; luoshi_session'];
		for (const c of cookies)
			assertError(await srv.request('GET', '/api/v1/session', { cookie: c }), 401, 'unauthenticated');
		srv.assertHealthy();
		assertOk(await srv.request('GET', '/api/v1/meta'));
	});

	test('a burst of concurrent requests is served', async () => {
		const rs = await Promise.all(Array.from({ length: 60 }, (_, i) =>
			officer.get(`/api/v1/enterprises?per_page=5&page=${(i % 10) + 1}`)));
		assert.ok(rs.every((r) => r.status === 200), rs.map((r) => r.status).join(','));
		srv.assertHealthy();
	});
});
