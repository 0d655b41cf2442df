// A policy as a workbook in the console: the officer exports the seed policy from its page,
// imports the workbook back under a new document number from the policies page (a broken one
// first: the error names sheet, row and column and nothing is written; 预检 lists every error of a
// workbook, or says it is right, writing nothing), and lands on the new policy.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startHarness } from './harness.mjs'
import { readXlsxBook, toXlsxBook } from '../../tests/api/sheet-util.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of (401|422)/.test(m))
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

test('the officer exports the seed policy as a workbook and imports it back as a new policy', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto(h.base + '/policies')
    await page.locator('[data-test=policy-link]').first().click()
    await page.waitForURL(/\/policies\/\d+$/)
    await page.locator('[data-test=policy-title]').waitFor()
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=policy-export]').click()])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    const book = readXlsxBook(readFileSync(await dl.path()))
    assert.deepEqual(Object.keys(book), ['政策', '正文', '措施', '目标', '任务'])
    assert.equal(book['措施'].length, 13)

    book['政策'][1][0] = '新政办发〔2026〕30号'
    const bad = structuredClone(book)
    bad['目标'][2][bad['目标'][0].indexOf('基期值')] = '十二'
    await page.goto(h.base + '/policies')
    await page.locator('[data-test=policy-link]').first().waitFor()
    await page.locator('[data-test=policy-import-file]').setInputFiles({ name: '政策.xlsx', mimeType: XLSX, buffer: toXlsxBook(Object.entries(bad)) })
    const table = page.locator('[data-test=policy-import-errors]')
    await table.waitFor()
    assert.match(await table.innerText(), /目标 第3行 基期值：/)
    assert.match(await page.locator('[data-test=policy-error]').innerText(), /未写入任何数据/)
    assert.equal(await page.locator('[data-test=policy-link]').count(), 1, 'nothing was written')
    await h.shot(page, 'policy-import-xlsx-errors')

    // 预检: a workbook with two faults has both listed, and one that is right is said to be so;
    // neither writes anything.
    const twice = structuredClone(bad)
    twice['任务'][5][0] = 'M99'
    await page.locator('[data-test=policy-check-file]').setInputFiles({ name: '政策.xlsx', mimeType: XLSX, buffer: toXlsxBook(Object.entries(twice)) })
    await page.locator('[data-test=policy-error]', { hasText: '预检发现 2 处错误' }).waitFor()
    const rows = table.locator('tbody tr')
    assert.equal(await rows.count(), 2)
    assert.match(await rows.nth(0).innerText(), /目标 第3行 基期值：/)
    assert.match(await rows.nth(1).innerText(), /任务 第6行 所属措施：.*M99/)
    await h.shot(page, 'policy-check-errors')
    await page.locator('[data-test=policy-check-file]').setInputFiles({ name: '政策.xlsx', mimeType: XLSX, buffer: toXlsxBook(Object.entries(book)) })
    const ok = page.locator('[data-test=policy-check-ok]')
    await ok.waitFor()
    assert.match(await ok.innerText(), /新政办发〔2026〕30号 可以导入（7 个目标、12 项措施、18 项任务）/)
    assert.equal(await page.locator('[data-test=policy-import-errors]').count(), 0)
    assert.equal(await page.locator('[data-test=policy-link]').count(), 1, 'a check writes nothing')

    await page.locator('[data-test=policy-import-file]').setInputFiles({ name: '政策.xlsx', mimeType: XLSX, buffer: toXlsxBook(Object.entries(book)) })
    await page.waitForURL(/\/policies\/\d+$/)
    await page.locator('[data-test=policy-docno]', { hasText: '新政办发〔2026〕30号' }).waitFor()
    assert.equal(await page.locator('[data-test=measure]').count(), 12)
    await page.goto(h.base + '/policies')
    await page.locator('[data-test=policy-link]').first().waitFor()
    assert.equal(await page.locator('[data-test=policy-link]').count(), 2)
    await h.shot(page, 'policy-import-xlsx')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})
