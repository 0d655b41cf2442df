// A chart's or a list's data as a real .xlsx in the browser (write-excel-file, loaded on
// first use so the console's first page stays small). table: {sheet, columns: [header],
// rows: [[value]]}; numbers stay numbers, null is an empty cell.
export function sheetName(s) {
  return String(s || 'Sheet1').replace(/[[\]:*?/\\]/g, ' ').slice(0, 31)
}

export async function xlsxBlob(table) {
  const { default: writeExcelFile } = await import('write-excel-file/browser')
  const head = table.columns.map((h) => ({ value: String(h), fontWeight: 'bold' }))
  const rows = table.rows.map((r) => r.map((v) => (v == null || (typeof v === 'number' && !Number.isFinite(v)) ? null : v)))
  const columns = table.columns.map((h) => ({ width: Math.min(48, Math.max(10, String(h).length * 2 + 2)) }))
  return writeExcelFile([head, ...rows], { sheet: sheetName(table.sheet), columns }).toBlob()
}

export async function downloadXlsx(filename, table) {
  const blob = await xlsxBlob(table)
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = filename.endsWith('.xlsx') ? filename : filename + '.xlsx'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 30000)
}
