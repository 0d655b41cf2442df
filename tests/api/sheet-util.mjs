// Spreadsheet helpers for tests: a CSV reader and writer, and a small XLSX writer
// (stored ZIP entries, inline strings) so a test can fill a workbook as a person would.
import { crc32, inflateRawSync } from 'node:zlib';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/* RFC 4180 CSV (the server's own: UTF-8 with BOM, CRLF) into rows of cells. */
export function parseCsv(text) {
	const s = text.replace(/^\uFEFF/, '');
	const rows = [];
	let row = [], cell = '', q = false;
	for (let i = 0; i < s.length; i++) {
		const ch = s[i];
		if (q) {
			if (ch === '"' && s[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') {
				q = false;
			} else {
				cell += ch;
			}
		} else if (ch === '"') {
			q = true;
		} else if (ch === ',') {
			row.push(cell);
			cell = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && s[i + 1] === '\n')
				i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else {
			cell += ch;
		}
	}
	if (cell || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}

/* Rows of a CSV as objects keyed by header. */
export function csvObjects(text) {
	const [head, ...rows] = parseCsv(text);
	return { head, rows: rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? '']))) };
}

const cellText = (v) => (v === undefined || v === null ? '' : String(v));

export function toCsv(head, rows) {
	const q = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	return [head, ...rows.map((r) => head.map((h) => cellText(r[h])))].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}

function zip(files) {
	const locals = [], centrals = [];
	let offset = 0;
	for (const [name, text] of files) {
		const data = Buffer.from(text, 'utf8'), fn = Buffer.from(name, 'utf8'), crc = crc32(data);
		const lh = Buffer.alloc(30);
		lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(0x800, 6);
		lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(data.length, 18); lh.writeUInt32LE(data.length, 22);
		lh.writeUInt16LE(fn.length, 26);
		const ch = Buffer.alloc(46);
		ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(0x800, 8);
		ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(data.length, 20); ch.writeUInt32LE(data.length, 24);
		ch.writeUInt16LE(fn.length, 28); ch.writeUInt32LE(offset, 42);
		locals.push(lh, fn, data);
		centrals.push(ch, fn);
		offset += 30 + fn.length + data.length;
	}
	const cd = Buffer.concat(centrals), end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, cd, end]);
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/* An XLSX workbook of one sheet: head, then rows (objects keyed by head). */
export function toXlsx(head, rows) {
	const col = (i) => (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26));
	const all = [head, ...rows.map((r) => head.map((h) => cellText(r[h])))];
	const sheet = all.map((r, ri) => `<row r="${ri + 1}">` + r.map((v, ci) => (v === '' ? '' :
		`<c r="${col(ci)}${ri + 1}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`)).join('') + '</row>').join('');
	return zip([
		['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
			'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
			'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
			'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
		['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
			'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
		['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
			'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'],
		['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
			'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
		['xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
			`<sheetData>${sheet}</sheetData></worksheet>`],
	]);
}

/* An XLSX workbook of several sheets: [[name, rows of cells], ...] (the first row the header). */
export function toXlsxBook(sheets) {
	const col = (i) => (i < 26 ? '' : String.fromCharCode(64 + Math.floor(i / 26))) + String.fromCharCode(65 + (i % 26));
	const xml = (rows) => rows.map((r, ri) => `<row r="${ri + 1}">` + r.map((v, ci) => (v === '' || v == null ? '' :
		`<c r="${col(ci)}${ri + 1}" t="inlineStr"><is><t xml:space="preserve">${esc(String(v))}</t></is></c>`)).join('') + '</row>').join('');
	const n = sheets.map((_, i) => i + 1);
	return zip([
		['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
			'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
			'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
			n.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') + '</Types>'],
		['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
			'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
		['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
			'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
			sheets.map(([name], i) => `<sheet name="${esc(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') + '</sheets></workbook>'],
		['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
			n.map((i) => `<Relationship Id="rId${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`).join('') + '</Relationships>'],
		...sheets.map(([, rows], i) => [`xl/worksheets/sheet${i + 1}.xml`, '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
			`<sheetData>${xml(rows)}</sheetData></worksheet>`]),
	]);
}

/* Every sheet of an XLSX file (as luoshi and the helpers above write them): {name: rows of cells}. */
export function readXlsxBook(buf) {
	const files = {};
	let p = buf.length - 22;
	while (buf.readUInt32LE(p) !== 0x06054b50) p--;
	let at = buf.readUInt32LE(p + 16);
	for (let k = buf.readUInt16LE(p + 10); k > 0; k--) {
		const method = buf.readUInt16LE(at + 10), size = buf.readUInt32LE(at + 20), nlen = buf.readUInt16LE(at + 28);
		const xlen = buf.readUInt16LE(at + 30), clen = buf.readUInt16LE(at + 32), off = buf.readUInt32LE(at + 42);
		const name = buf.subarray(at + 46, at + 46 + nlen).toString('utf8');
		const data = buf.subarray(off + 30 + buf.readUInt16LE(off + 26) + buf.readUInt16LE(off + 28));
		files[name] = (method === 8 ? inflateRawSync(data.subarray(0, size)) : data.subarray(0, size)).toString('utf8');
		at += 46 + nlen + xlen + clen;
	}
	const unesc = (s) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
		.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
	const texts = (x) => [...x.matchAll(/<t(?: [^>]*)?>([\s\S]*?)<\/t>|<t\/>/g)].map((m) => unesc(m[1] || '')).join('');
	const sst = [...(files['xl/sharedStrings.xml'] || '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => texts(m[1]));
	const rels = Object.fromEntries([...files['xl/_rels/workbook.xml.rels'].matchAll(/<Relationship [^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
	const out = {};
	for (const m of files['xl/workbook.xml'].matchAll(/<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)) {
		const target = rels[m[2]].replace(/^\/?(xl\/)?/, 'xl/');
		const rows = [];
		for (const r of files[target].matchAll(/<row [^>]*?r="(\d+)"[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
			const cells = [];
			for (const c of (r[2] || '').matchAll(/<c [^>]*?r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
				const ci = [...c[1]].reduce((a, ch) => a * 26 + ch.charCodeAt(0) - 64, 0) - 1;
				const body = c[3] || '', v = (body.match(/<v>([\s\S]*?)<\/v>/) || [])[1];
				cells[ci] = /t="s"/.test(c[2]) ? sst[Number(v)] : /t="inlineStr"/.test(c[2]) ? texts(body) : unesc(v || '');
			}
			rows[Number(r[1]) - 1] = Array.from(cells, (x) => x ?? '');
		}
		out[unesc(m[1])] = Array.from(rows, (x) => x ?? []);
	}
	return out;
}

/* A workbook read by readXlsxBook ({sheet: rows}) with change applied to a copy of the rows of
 * the named sheets, written again (toXlsxBook). */
export function editedBook(book, sheets, change = () => {}) {
	const b = Object.fromEntries(sheets.map((s) => [s, book[s].map((row) => [...row])]));
	change(b);
	return toXlsxBook(Object.entries(b));
}
