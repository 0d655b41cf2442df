// The scorecard in the console, on the demo data (calendar 2020-07-15): the officer reads each
// target's status with its forecast and rule, T1's trajectory, the measures, and opens T1 down
// to the industry totals and the enterprises behind them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of 401/.test(m))

test('the officer reads the scorecard and opens T1 down to the enterprises', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.locator('[data-test=menu-scorecard]').click()
    await page.waitForURL('**/scorecard')
    await page.locator('[data-test=score-target]').first().waitFor()
    assert.equal(await page.locator('[data-test=score-target]').count(), 7)
    const api = await page.evaluate(async () => {
      const p = (await (await fetch('/api/v1/policies')).json()).items[0]
      return (await fetch(`/api/v1/scorecard?policy=${p.id}`)).json()
    })
    for (const tg of api.targets)
      assert.equal(await page.locator(`[data-test=score-target][data-code=${tg.code}]`).getAttribute('data-status'), tg.status || 'none', tg.code)
    const t1 = page.locator('[data-test=score-target][data-code=T1]')
    assert.match(await t1.locator('[data-test=score-method-trend]').innerText(), /近三年复合增速外推/)
    assert.match(await t1.locator('[data-test=score-method-seasonal]').innerText(), /季节性累计外推/)
    assert.ok((await t1.locator('[data-test=score-rule]').innerText()).length > 4)
    assert.equal(await page.locator('[data-test=score-measures] .el-table__body tr').count(), 12)
    // T1 by prefecture, and the lead departments' record, as the API gives them.
    const pref = page.locator('[data-test=score-prefectures]')
    assert.equal(await pref.count(), 1)
    assert.equal(await pref.locator('.el-table__body tr').count(), api.targets.find((x) => x.code === 'T1').prefectures.items.length)
    assert.match(await pref.innerText(), /乌鲁木齐市/)
    assert.equal(await page.locator('[data-test=score-departments] .el-table__body tr').count(), api.departments.length)
    await page.waitForTimeout(300)
    await h.shot(page, 'scorecard')
    await t1.locator('[data-test=score-drill]').click()
    await page.waitForURL(/\/statistics\?/)
    await page.locator('[data-test=stats-agg-name]').first().waitFor()
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=stats-agg-name]')].every((e) => /^C\d\d$/.test(e.dataset.key)))
    assert.ok(await page.locator('[data-test=stats-rows] .el-table__body tr').count() > 0, 'the enterprises behind it')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})
