// Monthly reports (月度调度), warnings and the programme counters, on the demo data whose
// reporting calendar stands at 2020-07-15: the officer reads the warnings and a project's
// reports and chart; the enterprise files June's report late (so it is locked), the officer
// unlocks it with a reason, the enterprise changes it with a reason and the revision shows;
// the department asked for help marks it resolved; the counters page shows T4 against 100.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { startHarness, input, tableRows, SCREENSHOTS } from './harness.mjs'
import { fenToWan } from '../src/util/money.js'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

async function pickSelect(page, name, text) {
  await page.locator(`[data-test=${name}]`).click()
  const opt = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
  await opt.waitFor()
  await opt.click()
  await page.waitForFunction(() => !document.querySelector('.el-select-dropdown__item:not([style*="display: none"])')?.checkVisibility()).catch(() => {})
  await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' }).catch(() => {})
}

async function snap(page, name) {
  await page.waitForFunction(() => ![...document.querySelectorAll('.el-overlay')]
    .some((e) => getComputedStyle(e).display !== 'none')).catch(() => {})
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(400)
  await h.shot(page, name)
}

// Console errors other than the sign-in page's 401 (GET /session before signing in).
// and the 409 of a change to a locked report, which the console asks for on purpose to show the server's message.
const errors = (page) => page.consoleErrors.filter((m) => !/status of (401|409)/.test(m))

// A row of the reports table by month.
const reportRow = (page, month) => page.locator(`[data-test=rpt-table] .el-table__body-wrapper tr.rpt-row-${month}`)

test('the officer sees warnings of several kinds and a project\'s reports with the chart', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.locator('[data-test=menu-warnings]').click()
    await page.waitForURL('**/warnings')
    await page.locator('[data-test=warn-today][data-today="2020-07-15"]').waitFor()
    await page.locator('[data-test=warn-table] [data-test=warn-project]').first().waitFor()
    const kinds = await page.locator('[data-test=warn-table] [data-test=warning-kind]').evaluateAll((els) => [...new Set(els.map((e) => e.dataset.kind))])
    assert.ok(kinds.length >= 3, 'several kinds on the first page: ' + kinds)
    for (const k of ['report_missing', 'investment_lag', 'milestone_overdue', 'help_open']) {
      const n = Number(await page.locator(`[data-test=warn-count-${k}]`).getAttribute('data-n'))
      assert.ok(n > 0, k + ' has warnings')
    }
    await snap(page, 'reports-warnings')

    // filter by kind: only investment lags remain, and the URL keeps the filter
    await pickSelect(page, 'warn-filter-kind', '投资滞后')
    await page.waitForURL(/kind=investment_lag/)
    await page.waitForFunction(() => {
      const ks = [...document.querySelectorAll('[data-test=warn-table] [data-test=warning-kind]')].map((e) => e.dataset.kind)
      return ks.length > 0 && ks.every((k) => k === 'investment_lag')
    })
    const link = page.locator('[data-test=warn-table] [data-test=warn-project]').first()
    const id = await link.getAttribute('data-id')
    await link.click()
    await page.waitForURL('**/projects/' + id)

    // the project's warnings at the top, its reports with the computed figures, the chart
    await page.locator('[data-test=prj-warnings] [data-test=prj-warning][data-kind=investment_lag]').first().waitFor()
    await page.locator('[data-test=rpt-table] [data-test=rpt-month]').first().waitFor()
    const api = (await h.apiAs('officer', 'GET', `/projects/${id}/reports`)).body.items
    assert.ok(api.length > 0)
    const newest = [...api].sort((a, b) => (a.month < b.month ? 1 : -1))[0]
    const row = reportRow(page, newest.month)
    assert.equal(await row.locator('[data-test=rpt-investment]').innerText(), fenToWan(newest.investment_fen))
    assert.equal(await row.locator('[data-test=rpt-ytd]').innerText(), fenToWan(newest.ytd_investment_fen))
    assert.equal(await row.locator('[data-test=rpt-todate]').innerText(), fenToWan(newest.to_date_investment_fen))
    assert.equal(await row.locator('[data-test=rpt-pct-total]').innerText(), newest.pct_of_total.toFixed(2) + '%')
    const rows = await tableRows(page, '[data-test=rpt-table]')
    assert.equal(rows.length, api.length)
    // some demo reports are late and some were revised
    assert.ok(api.some((r) => r.late) ? await page.locator('[data-test=rpt-table] [data-test=rpt-late][data-late="1"]').count() > 0 : true)
    await page.locator('[data-test=rpt-chart] canvas').first().waitFor()
    await snap(page, 'reports-project-officer')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.context().close()
  }
})

let projectId
test('set-up: a project of the enterprise, started on 2020-01-01 (API)', async () => {
  const me = (await h.apiAs('enterprise', 'GET', '/session')).body.user
  const made = await h.apiAs('enterprise', 'POST', '/projects', {
    name: '亚欧牧草机械智能化改造项目' + String(Date.now()).slice(-4), division: '650104', category: 'techreform', field: 'agri',
    target: 'T4', total_fen: 1000000000, funding: [{ source: 'own', amount_fen: 1000000000 }],
    plan: [{ year: 2020, amount_fen: 600000000 }, { year: 2021, amount_fen: 400000000 }],
    start_date: '2020-01-01', end_date: '2021-12-31',
    milestones: [{ name: '主体厂房开工', planned_date: '2020-03-01' }, { name: '生产线投产', planned_date: '2021-10-01' }],
  })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  assert.equal(made.body.enterprise_id, me.enterprise_id)
  projectId = made.body.id
  for (const [who, action] of [['enterprise', 'submit'], ['officer', 'pass'], ['officer', 'approve'], ['officer', 'start']]) {
    const r = await h.apiAs(who, 'POST', `/projects/${projectId}/transitions`, { action, comment: '同意' })
    assert.equal(r.status, 200, action + ': ' + JSON.stringify(r.body))
  }
})

test('the enterprise files June late; the officer unlocks it; the enterprise changes it with a reason', async () => {
  assert.ok(projectId)
  const ent = await h.newPage()
  const off = await h.newPage()
  const dep = await h.newPage()
  try {
    await h.signIn(ent, 'enterprise')
    await ent.goto('/projects/' + projectId)
    await ent.locator('[data-test=rpt-file]').click()
    await ent.locator('[data-test=rpt-dialog][data-mode=new]').waitFor()
    // June is offered: its window closed on July 10 in the demo calendar
    assert.equal(await ent.locator('[data-test=rpt-f-month] input').inputValue(), '2020-06')
    await input(ent, 'rpt-f-investment').fill('123.45')
    await ent.locator('textarea[data-test=rpt-f-progress]').fill('主体厂房钢结构完成 80%')
    await ent.locator('textarea[data-test=rpt-f-problems]').fill('项目用地指标尚未落实')
    await pickSelect(ent, 'rpt-f-help', '发改委')
    await ent.locator('[data-test=rpt-f-ms-add]').click()
    await pickSelect(ent, 'rpt-f-ms-0', '主体厂房开工')
    const d = ent.locator('[data-test=rpt-f-ms-date-0] input')
    await d.click()
    await d.fill('2020-03-05')
    await d.press('Enter')
    await ent.screenshot({ path: path.join(SCREENSHOTS, 'reports-file-dialog.png') })
    await ent.locator('[data-test=rpt-save]').click()
    const row = reportRow(ent, '2020-06')
    await row.waitFor()
    assert.equal(await row.locator('[data-test=rpt-investment]').innerText(), '123.45')
    assert.equal(await row.locator('[data-test=rpt-todate]').innerText(), '123.45')
    const rec = (await h.apiAs('officer', 'GET', `/projects/${projectId}/reports`)).body.items[0]
    assert.ok(Math.abs(rec.pct_of_year_plan - 20.575) <= 0.005)   // 123.45 / 600
    assert.ok(Math.abs(rec.pct_of_total - 12.345) <= 0.005)       // 123.45 / 1000
    assert.equal(await row.locator('[data-test=rpt-pct-year]').innerText(), rec.pct_of_year_plan.toFixed(2) + '%')
    assert.equal(await row.locator('[data-test=rpt-pct-total]').innerText(), rec.pct_of_total.toFixed(2) + '%')
    assert.match(await row.locator('[data-test=rpt-late]').innerText(), /逾期/)
    assert.match(await row.locator('[data-test=rpt-locked]').innerText(), /已锁定/)
    assert.equal(rec.investment_fen, 123450000) // 123.45 万元 in fen
    assert.equal(rec.help_department, 'fg')
    // the milestone reached went to the project
    await ent.locator('[data-test=prj-milestones]', { hasText: '2020-03-05' }).waitFor()

    // a locked report: 修改 shows the server's message
    await row.locator('[data-test=rpt-edit]').click()
    const box = ent.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.innerText(), /锁定/)
    await box.locator('.el-message-box__btns button').last().click()
    await box.waitFor({ state: 'hidden' })

    // the officer unlocks it with a reason
    await h.signIn(off, 'officer')
    await off.goto('/projects/' + projectId)
    const orow = reportRow(off, '2020-06')
    await orow.locator('[data-test=rpt-unlock]').click()
    await off.locator('[data-test=rpt-small-dialog][data-kind=unlock]').waitFor()
    await off.locator('[data-test=rpt-small-confirm]:visible').click()
    await off.locator('[data-test=rpt-small-error]', { hasText: '解锁原因' }).waitFor()
    await off.locator('textarea[data-test=rpt-small-text]:visible').fill('企业申请按财务决算数更正')
    await off.locator('[data-test=rpt-small-confirm]:visible').click()
    await orow.locator('[data-test=rpt-unlocked]').waitFor()

    // the enterprise changes it, with a reason
    await ent.reload()
    await row.locator('[data-test=rpt-unlocked]').waitFor()
    await row.locator('[data-test=rpt-edit]').click()
    await ent.locator('[data-test=rpt-dialog][data-mode=edit]').waitFor()
    assert.equal(await input(ent, 'rpt-f-investment').inputValue(), '123.45')
    await input(ent, 'rpt-f-investment').fill('150')
    await ent.locator('[data-test=rpt-save]').click()
    await ent.locator('.el-form-item__error', { hasText: '修改原因' }).waitFor() // the reason is required
    await ent.locator('textarea[data-test=rpt-f-reason]').fill('按财务决算数更正')
    await ent.locator('[data-test=rpt-save]').click()
    await row.locator('[data-test=rpt-locked]').waitFor() // locked again
    assert.equal(await row.locator('[data-test=rpt-investment]').innerText(), '150.00')
    assert.equal(await row.locator('[data-test=rpt-revisions]').getAttribute('data-n'), '1')
    await row.locator('[data-test=rpt-revisions]').click()
    const rev = ent.locator('[data-test=rpt-revision-list]:visible [data-test=rpt-revision]')
    await rev.waitFor()
    const text = await rev.innerText()
    assert.match(text, /123\.45 万元/)
    assert.match(text, /150\.00 万元/)
    assert.match(text, /按财务决算数更正/)
    assert.match(text, /enterprise/)
    await ent.waitForTimeout(400) // the popover's fade-in
    await ent.screenshot({ path: path.join(SCREENSHOTS, 'reports-revision.png') }) // the viewport, with the popover open
    const after = (await h.apiAs('officer', 'GET', `/projects/${projectId}/reports`)).body.items[0]
    assert.equal(after.investment_fen, 150000000)
    assert.equal(after.revisions.length, 1)
    assert.equal(after.revisions[0].reason, '按财务决算数更正')

    // the department asked for help (发改委) marks it resolved
    await h.signIn(dep, 'department')
    await dep.goto('/projects/' + projectId)
    const drow = reportRow(dep, '2020-06')
    await drow.locator('[data-test=rpt-resolve]').click()
    await dep.locator('textarea[data-test=rpt-small-text]:visible').fill('已与自治区发改委协调落实用地指标')
    await dep.locator('[data-test=rpt-small-confirm]:visible').click()
    await drow.locator('[data-test=rpt-resolved]').waitFor()
    assert.equal(await drow.locator('[data-test=rpt-resolve]').count(), 0)
    for (const p of [ent, off, dep]) assert.deepEqual(errors(p), [])
  } finally {
    for (const p of [ent, off, dep]) await p.context().close()
  }
})

test('the counters page shows the T4 card against 100 and links to the projects behind a number', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.locator('[data-test=menu-counters]').click()
    await page.waitForURL('**/counters')
    const card = page.locator('[data-test=ctr-target-T4]')
    await card.waitFor()
    assert.equal(await card.getAttribute('data-goal'), '100')
    assert.equal(await card.locator('[data-test=ctr-target-goal]').innerText(), '100')
    const c = (await h.apiAs('officer', 'GET', '/projects/counters')).body
    const t4 = c.targets.find((r) => r.key === 'T4')
    assert.equal(await card.locator('[data-test=ctr-target-in_progress]').innerText(), String(t4.in_progress))
    await page.locator('[data-test=ctr-table-by_category] [data-test=ctr-link-in_progress]').first().waitFor()
    await page.waitForTimeout(500)
    await h.shot(page, 'reports-counters')

    // a number → the project list with the same filters, showing as many projects
    const link = page.locator('[data-test=ctr-table-by_category] [data-test=ctr-link-in_progress]').first()
    const key = await link.getAttribute('data-key')
    const n = await link.innerText()
    await link.click()
    await page.waitForURL((u) => u.pathname === '/projects' && u.searchParams.get('status') === 'in_progress' && u.searchParams.get('category') === key)
    await page.locator(`[data-test=prj-total][data-total="${n}"]`).waitFor()
    assert.deepEqual(errors(page), [])
  } finally {
    await page.context().close()
  }
})
