// Officer imports a GBK-encoded CSV (as Excel on Chinese Windows writes it) with
// one bad row and reads the dry-run report.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import iconv from 'iconv-lite'
import { startHarness, makeCreditCode, breakCheckChar, tableRows } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

export const HEADER = ['统一社会信用代码', '企业名称', '简称', '所属区划代码', '地址', '行业类别代码', '重点领域', '所属基地',
  '所有制', '企业规模', '规模以上', '高新技术企业证书编号', '高企认定日期', '出口企业', '法定代表人', '联系人', '联系电话',
  '成立日期', '从业人员']

function csvLine(cells) {
  return cells.map((c) => (/[",\r\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c)).join(',')
}

test('officer imports a GBK CSV with one bad row and reads the report', async () => {
  const good1 = makeCreditCode('650104')
  const good2 = makeCreditCode('650106')
  const bad = breakCheckChar(makeCreditCode('650109'))
  const rows = [
    [good1, '新疆导入测试农牧机械有限公司', '导入农机', '650104', '乌鲁木齐市新市区导入路 8 号', '3572', '农牧业机械装备', '', '民营', '小型', '否', '', '', '否', '张三', '李四', '0991-8880001', '2015-03-01', '45'],
    [bad, '新疆导入测试错误代码有限公司', '导入错码', '650109', '乌鲁木齐市米东区导入路 9 号', '3823', '输变电装备、新能源和节能环保装备', '', '国有', '中型', '是', '', '', '是', '王五', '赵六', '0991-8880002', '2010-07-15', '320'],
    [good2, '新疆导入测试矿山机械有限公司', '导入矿机', '650106', '乌鲁木齐市头屯河区导入路 10 号', '3511', '矿山和工程机械装备', '', '混合所有制', '中型', '是', '', '', '否', '钱七', '孙八', '0991-8880003', '2008-11-20', '210'],
  ]
  const text = [HEADER, ...rows].map(csvLine).join('\r\n') + '\r\n'
  const gbk = iconv.encode(text, 'gbk')
  assert.ok(!gbk.equals(Buffer.from(text, 'utf8')), 'the file really is GBK, not UTF-8')

  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.waitForURL('**/overview') // the officer lands on 总览; the registry is a menu item
    await page.locator('[data-test=menu-enterprises]').click()
    await page.waitForURL('**/enterprises')
    await page.locator('[data-test=ent-import]').click()
    await page.locator('[data-test=import-dialog]').first().waitFor()
    await page.locator('[data-test=import-file]').setInputFiles({ name: '企业导入-GBK.csv', mimeType: 'text/csv', buffer: gbk })
    const report = page.locator('[data-test=import-report]')
    await report.waitFor()
    assert.equal(await report.getAttribute('data-dry-run'), '1')
    assert.equal(await page.locator('[data-test=import-total]').innerText(), '3')
    await page.locator('[data-test=import-errors]').waitFor()
    const errs = await tableRows(page, '[data-test=import-errors]')
    assert.ok(errs.length >= 1, 'one error row at least')
    // row, column, value, message — rows are numbered as in Excel (the header is row 1),
    // so the 2nd data row is row 3
    const hit = errs.find((r) => r[2] === bad)
    assert.ok(hit, `an error names the bad code: ${JSON.stringify(errs)}`)
    assert.equal(hit[0], '3', `row number ${hit[0]} names the 2nd data row`)
    assert.match(hit[1], /统一社会信用代码|credit_code/)
    assert.match(hit[3], /校验位/)
    // no other row has errors
    assert.deepEqual([...new Set(errs.map((r) => r[0]))], [hit[0]])
    // the real run is not offered while there are errors
    assert.equal(await page.locator('[data-test=import-confirm]').isDisabled(), true)
    await h.shot(page, 'import-dry-run-report')

    // nothing was written by the dry run
    const found = await h.apiAs('officer', 'GET', '/enterprises?q=' + encodeURIComponent('导入测试'))
    assert.equal(found.body.total, 0)

    // fixed file: the two good rows only → dry run clean → import
    const fixed = iconv.encode([HEADER, rows[0], rows[2]].map(csvLine).join('\r\n') + '\r\n', 'gbk')
    await page.locator('[data-test=import-file]').setInputFiles({ name: '企业导入-修正.csv', mimeType: 'text/csv', buffer: fixed })
    await page.locator('[data-test=import-ok]').waitFor()
    assert.equal(await page.locator('[data-test=import-created]').innerText(), '2')
    await page.locator('[data-test=import-confirm]').click()
    await page.locator('[data-test=import-done]').waitFor()
    await h.shot(page, 'import-done')
    const after2 = await h.apiAs('officer', 'GET', '/enterprises?q=' + encodeURIComponent('导入测试'))
    assert.equal(after2.body.total, 2)
  } finally {
    await h.shot(page, 'import-final')
    await page.context().close()
  }
})
