// The monthly workbook (月度调度表) in the console, on the demo data whose reporting calendar
// stands at 2020-07-15: an enterprise user downloads June's workbook from the project list,
// fills it (the test writes the XLSX), uploads it: the dry run shows a row error, the corrected
// file checks clean and is imported, and the report appears on the project page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { startHarness, tableRows } from './harness.mjs'
import { csvObjects, toXlsx } from '../../tests/api/sheet-util.mjs'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
let h, projectId
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

test('set-up: a project of the enterprise in progress since 2020-01-01 (API)', async () => {
  const made = await h.apiAs('enterprise', 'POST', '/projects', {
    name: '调度表浏览器测试项目', division: '650104', category: 'techreform', field: 'agri', target: 'T4',
    total_fen: 1000000000, funding: [{ source: 'own', amount_fen: 1000000000 }],
    plan: [{ year: 2020, amount_fen: 600000000 }, { year: 2021, amount_fen: 400000000 }],
    start_date: '2020-01-01', end_date: '2021-12-31',
  })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  projectId = made.body.id
  for (const [who, action] of [['enterprise', 'submit'], ['officer', 'pass'], ['officer', 'approve'], ['officer', 'start']]) {
    const r = await h.apiAs(who, 'POST', `/projects/${projectId}/transitions`, { action, comment: '同意' })
    assert.equal(r.status, 200, action + ': ' + JSON.stringify(r.body))
  }
})

test('the enterprise downloads June\'s workbook, fills it, checks it, imports it; the report shows on the project page', async () => {
  assert.ok(projectId)
  const page = await h.newPage()
  try {
    await h.signIn(page, 'enterprise')
    await page.goto('/projects')
    await page.locator('[data-test=prj-workbook]').click()
    await page.locator('[data-test=workbook-dialog]').first().waitFor()
    const month = page.locator('[data-test=workbook-month] input')
    // The month offered is the one before the reporting calendar's today (the demo's 2020-07-15).
    await page.waitForFunction(() => document.querySelector('[data-test=workbook-month] input')?.value === '2020-06')
    await month.click()
    await month.fill('2020-06')
    await month.press('Enter')
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=workbook-download]').click()])
    assert.match(dl.suggestedFilename(), /月度调度表2020-06\.xlsx$/)
    const bytes = fs.readFileSync(await dl.path())
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'the download is an XLSX workbook')

    // The same workbook as CSV gives the test its rows to fill (as a person fills the XLSX).
    const csv = await page.evaluate(async () => (await fetch('/api/v1/reports/workbook?month=2020-06&format=csv')).text())
    const { head, rows } = csvObjects(csv)
    const mine = rows.find((r) => Number(r['项目编号']) === projectId)
    assert.ok(mine, 'the new project is in the workbook')
    assert.equal(mine['项目名称'], '调度表浏览器测试项目')
    mine['本月完成投资（万元）'] = '85.1234567' // seven decimals: a row error
    mine['形象进度'] = '设备基础施工完成'
    mine['需协调部门'] = '发改委'
    const row = rows.indexOf(mine) + 2

    await page.locator('[data-test=workbook-upload]').click()
    await page.locator('[data-test=import-dialog]').first().waitFor()
    await page.locator('[data-test=import-file]').setInputFiles({ name: '月度调度表2020-06.xlsx', mimeType: XLSX, buffer: toXlsx(head, rows) })
    await page.locator('[data-test=import-report][data-dry-run="1"]').waitFor()
    await page.locator('[data-test=import-errors]').waitFor()
    const errs = await tableRows(page, '[data-test=import-errors]')
    assert.equal(errs.length, 1, JSON.stringify(errs))
    assert.deepEqual(errs[0].slice(0, 3), [String(row), '本月完成投资（万元）', '85.1234567'])
    assert.equal(await page.locator('[data-test=import-confirm]').isDisabled(), true)
    await h.shot(page, 'workbook-dry-run-error')

    mine['本月完成投资（万元）'] = '85.12'
    await page.locator('[data-test=import-file]').setInputFiles({ name: '月度调度表2020-06.xlsx', mimeType: XLSX, buffer: toXlsx(head, rows) })
    await page.locator('[data-test=import-ok]').waitFor()
    assert.equal(await page.locator('[data-test=import-created]').innerText(), '1')
    await page.locator('[data-test=import-confirm]').click()
    await page.locator('[data-test=import-done]').waitFor()
    await h.shot(page, 'workbook-imported')
    await page.locator('[data-test=import-close]').click()

    await page.goto('/projects/' + projectId)
    const rpt = page.locator('[data-test=rpt-table] .el-table__body-wrapper tr.rpt-row-2020-06')
    await rpt.waitFor()
    const text = await rpt.innerText()
    assert.match(text, /85\.12/)
    assert.match(text, /设备基础施工完成/)
    assert.deepEqual(page.consoleErrors.filter((m) => !/status of 401/.test(m)), [])
  } finally {
    await page.context().close()
  }
})

test('the export button downloads the filtered list', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto('/projects?category=smart')
    await page.locator('[data-test=prj-total]').waitFor()
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=prj-export]').click()])
    assert.match(dl.suggestedFilename(), /重点项目\.xlsx$/)
    assert.equal(fs.readFileSync(await dl.path()).subarray(0, 2).toString(), 'PK')
  } finally {
    await page.context().close()
  }
})
