// Today's warning summary (今日预警摘要) on the demo data (calendar 2020-07-15): the officer
// sees the card with numbers on the landing page (总览) after signing in, clicks a kind through to
// the warnings list and the project count through to the project list filtered by warning;
// the warnings page shows the card too, and the list's numbers match the API's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness, tableRows } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of 401/.test(m))
const num = async (page, sel, attr) => Number(await page.locator(sel).getAttribute(attr))

test('the officer sees the summary card after signing in and clicks through to the filtered lists', async () => {
  const api = await h.apiAs('officer', 'GET', '/warnings/summary')
  assert.equal(api.status, 200)
  const s = api.body
  assert.equal(s.today, '2020-07-15')
  assert.ok(s.total > 0 && s.projects > 0, JSON.stringify(s.counts))
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    // The landing page (总览) carries the card.
    await page.waitForURL('**/overview')
    const card = page.locator('[data-test=warn-summary]')
    await card.waitFor()
    assert.equal(await num(page, '[data-test=warn-summary]', 'data-total'), s.total)
    assert.equal(Number((await page.locator('[data-test=warn-summary-projects] .big').innerText()).trim()), s.projects)
    for (const k of ['report_missing', 'investment_lag', 'milestone_overdue', 'help_open'])
      assert.equal(await num(page, `[data-test=warn-summary-kind-${k}]`, 'data-n'), s.counts[k], k)
    assert.ok(await page.locator('[data-test=warn-summary-top-item]').count() > 0, 'top items listed')
    await h.shot(page, 'summary-landing')

    // New today: the number opens the list behind it.
    await page.locator('[data-test=warn-summary-new]').click()
    await page.locator('[data-test=warn-summary-detail]').waitFor()
    assert.equal(await page.locator('[data-test=warn-summary-new-item]').count(), Math.min(s.new.total, 20))

    // A kind's number leads to the warnings list of that kind, which counts the same.
    await page.locator('[data-test=warn-summary-kind-investment_lag]').click()
    await page.waitForURL(/\/warnings\?kind=investment_lag/)
    await page.locator(`[data-test=warn-total][data-total="${s.counts.investment_lag}"]`).waitFor()
    await page.locator('[data-test=warn-table] [data-test=warn-project]').first().waitFor()
    const kinds = await page.locator('[data-test=warn-table] [data-test=warning-kind]').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.kind))])
    assert.deepEqual(kinds, ['investment_lag'])
    // The warnings page has the card too.
    await page.locator('[data-test=warn-summary]').waitFor()
    await h.shot(page, 'summary-warnings')

    // From the list to the projects with such a warning.
    await page.locator('[data-test=warn-projects-link]').click()
    await page.waitForURL(/\/projects\?warning=investment_lag/)
    const lagProjects = new Set((await h.apiAs('officer', 'GET', '/warnings?kind=investment_lag&per_page=1000')).body.items.map((x) => x.project_name))
    await page.locator('[data-test=prj-table] .el-table__body-wrapper tbody tr').first().waitFor().catch(() => {})
    const rows = await page.locator('[data-test=prj-table] .el-table__body-wrapper tbody tr').count()
    assert.ok(rows > 0, 'projects listed')

    // Back to the landing page: the project count leads to the list filtered by any warning.
    await page.goto('/')
    await page.locator('[data-test=warn-summary-projects]').click()
    await page.waitForURL(/\/projects\?warning=any/)
    const listed = await h.apiAs('officer', 'GET', '/projects?warning=any&per_page=1')
    assert.equal(listed.body.total, s.projects)
    await page.locator('[data-test=filter-warning]').waitFor()
    assert.match(await page.locator('[data-test=filter-warning]').innerText(), /任一预警/)
    await h.shot(page, 'summary-projects')
    assert.ok(lagProjects.size > 0)
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('a prefecture user without warnings in scope sees no card on the landing page', async () => {
  // 阿勒泰地区 has no project in progress in the demo.
  const u = await h.apiAs('admin', 'POST', '/users', { username: 'altay-pref', password: 'Altay-mountains-2026',
    display_name: '阿勒泰地区工信局', role: 'prefecture', division: '654300' })
  assert.equal(u.status, 201, JSON.stringify(u.body))
  const page = await h.newPage()
  try {
    await h.signIn(page, 'altay-pref', 'Altay-mountains-2026')
    await page.waitForURL('**/overview') // its prefecture's 总览
    await page.locator('[data-test=overview]').waitFor()
    await page.waitForTimeout(800)
    assert.equal(await page.locator('[data-test=warn-summary]').count(), 0)
    // The warnings page still shows the card, with zeros.
    await page.locator('[data-test=menu-warnings]').click()
    await page.locator('[data-test=warn-summary][data-total="0"]').waitFor()
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})
