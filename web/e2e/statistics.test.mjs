// Industry monitoring (运行监测) in the console, on the demo data with the reporting calendar
// on 2020-07-05 (June's window open): the officer reads the month's totals by prefecture and by
// industry and who has not reported; the enterprise sees only its own rows and changes June's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness } from './harness.mjs'

let h
before(async () => {
  process.env.LUOSHI_TODAY = '2020-07-05'
  h = await startHarness()
})
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of 401/.test(m))
const apiGet = (page, path) => page.evaluate(async (p) => (await fetch('/api/v1' + p)).json(), path)

test('the officer reads June\'s totals by prefecture and by industry, and who has not reported', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.locator('[data-test=menu-statistics]').click()
    await page.waitForURL('**/statistics')
    await page.waitForFunction(() => document.querySelector('[data-test=stats-month] input')?.value === '2020-06')
    await page.locator('[data-test=stats-agg-name]').first().waitFor()
    // What the table shows is what the API computes, group by group.
    const agg = await apiGet(page, '/statistics/aggregate?indicator=revenue&by=division&month=2020-06')
    assert.ok(agg.groups.length >= 3)
    const shown = await page.locator('[data-test=stats-agg-ytd]').evaluateAll((els) => els.map((e) => [e.dataset.key, e.dataset.fen]))
    assert.deepEqual(shown, agg.groups.map((g) => [g.key, String(g.ytd_fen)]))
    const comp = await apiGet(page, '/statistics/completeness?month=2020-06')
    assert.equal(await page.locator('[data-test=stats-comp-total]').getAttribute('data-missing'), String(comp.missing))
    await h.shot(page, 'statistics-officer')

    await page.locator('[data-test=stats-by]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '按行业大类' }).click()
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=stats-agg-name]')].every((e) => /^C\d\d$/.test(e.dataset.key)))
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('the enterprise sees only its own rows and changes June\'s revenue while the window is open', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'enterprise')
    await page.goto(h.base + '/statistics')
    await page.locator('[data-test=stats-rows] .el-table__body tr').first().waitFor()
    assert.equal(await page.locator('[data-test=stats-agg]').count(), 0, 'no region totals for an enterprise')
    const months = await page.locator('[data-test=stats-rows] .el-table__body tr td:first-child').allInnerTexts()
    // This year's months it has filed (the demo leaves a few months out), June among them.
    const filed = (await apiGet(page, '/statistics?month=2020')).items.map((x) => x.month).sort()
    assert.ok(filed.length >= 5 && filed.includes('2020-06'), filed.join())
    assert.deepEqual(months.map((m) => m.trim()), filed)
    await page.locator('[data-test=stats-file]').click()
    const revenue = page.locator('[data-test=stats-f-revenue]')
    await revenue.waitFor()
    await revenue.fill('12345.67')
    await page.locator('[data-test=stats-f-save]').click()
    await page.locator('[data-test=stats-rows] .el-table__body tr', { hasText: '12,345.67' }).waitFor()
    const me = await apiGet(page, '/session')
    const row = await apiGet(page, `/statistics/${me.user.enterprise_id}/2020-06`)
    assert.equal(row.revenue_fen, 12345670000) // 12,345.67 万元 = 123,456,700 元
    assert.ok(row.revisions.length >= 1, 'the change is kept as a revision')
    await h.shot(page, 'statistics-enterprise')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})
