// Key projects (重点项目库): an enterprise applies and submits, the prefecture passes it,
// an officer batch-approves it from the list, the enterprise starts it; the timeline shows it all.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness, pickCascader, input } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

// Open an el-select by its data-test and click the option showing text.
async function pickSelect(page, name, text) {
  await page.locator(`[data-test=${name}]`).click()
  const opt = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
  await opt.waitFor()
  await opt.click()
}

async function fillDate(page, name, value) {
  const el = input(page, name)
  await el.click()
  await el.fill(value)
  await el.press('Enter')
}

// A full-page screenshot once dialogs have faded out, from the top of the page.
async function snap(page, name) {
  await page.waitForFunction(() => ![...document.querySelectorAll('.el-overlay')]
    .some((e) => getComputedStyle(e).display !== 'none')).catch(() => {})
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.waitForTimeout(300)
  await h.shot(page, name)
}

const NAME = '亚欧智能化牧草收获机械生产线技术改造项目' + String(Date.now()).slice(-4)
let projectId

test('enterprise creates a project with two funding rows and submits it', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'enterprise')
    await page.locator('[data-test=menu-projects]').click()
    await page.waitForURL('**/projects')
    await page.locator('[data-test=prj-create]').click()
    await page.waitForURL('**/projects/new')
    await page.locator('[data-test=prj-form]').waitFor()

    // the enterprise is its own, not changeable
    const ent = input(page, 'f-enterprise')
    assert.equal(await ent.isDisabled(), true)
    await page.locator('[data-test=f-enterprise]', { hasText: /\S/ }).waitFor().catch(() => {})
    const session = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()))
    const own = await page.evaluate((id) => fetch('/api/v1/enterprises/' + id).then((r) => r.json()), session.user.enterprise_id)
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-test=fi-enterprise_id] *')].some((e) => (e.value || e.textContent || '').includes(n)), own.name)

    await input(page, 'f-name').fill(NAME)
    await pickCascader(page, '[data-test=f-division]', '新市区')
    await pickSelect(page, 'f-base', '乌鲁木齐装备制造基地')
    await pickSelect(page, 'f-category', '技术改造')
    await pickSelect(page, 'f-field', '农牧业机械装备')
    await pickSelect(page, 'f-target', 'T4')
    await pickSelect(page, 'f-measure', 'M2')
    await page.locator('textarea[data-test=f-content]').fill('新建智能化牧草收获机械装配线一条，购置焊接机器人、数控加工中心等设备 46 台（套）。')

    // total 1,500.5 万元 = 1,500,500,000 fen; funding 1,000.5 + 500 万元
    await input(page, 'f-total').fill('1500.5')
    await input(page, 'f-funding-amount-0').fill('1000.5')
    // while the sources do not add up, saving is blocked
    await input(page, 'f-total').click()
    await page.locator('[data-test=f-funding-sum][data-ok="0"]').waitFor()
    assert.equal(await page.locator('[data-test=prj-save]').isDisabled(), true)
    await page.locator('[data-test=f-funding-add]').click()
    await input(page, 'f-funding-amount-1').fill('500')
    await page.locator('[data-test=f-funding-sum][data-ok="1"]').waitFor()
    assert.match(await page.locator('[data-test=f-funding-sum]').innerText(), /合计 1,500\.50 万元，总投资 1,500\.50 万元/)

    await fillDate(page, 'f-start_date', '2018-03-01')
    await fillDate(page, 'f-end_date', '2019-10-31')
    await page.locator('[data-test=f-plan-add]').click()
    await input(page, 'f-plan-amount-0').fill('900')
    await page.locator('[data-test=f-plan-add]').click()
    await input(page, 'f-plan-amount-1').fill('600.5')
    await page.locator('[data-test=f-plan-sum][data-ok="1"]').waitFor()

    await page.locator('[data-test=f-ms-add]').click()
    await input(page, 'f-ms-name-0').fill('主体厂房封顶')
    await fillDate(page, 'f-ms-planned-0', '2018-09-30')
    await page.locator('[data-test=f-ms-add]').click()
    await input(page, 'f-ms-name-1').fill('生产线联调试产')
    await fillDate(page, 'f-ms-planned-1', '2019-08-31')

    await input(page, 'f-expected_output').fill('12000')
    await input(page, 'f-expected_revenue').fill('10000')
    await input(page, 'f-expected_jobs').fill('120')
    await input(page, 'f-contact').fill('王建国')
    await input(page, 'f-phone').fill('0991-3688001')
    await input(page, 'f-phone').press('Tab')
    await snap(page, 'project-form')

    await page.locator('[data-test=prj-save]').click()
    await page.waitForURL(/\/projects\/\d+$/)
    projectId = Number(page.url().split('/').pop())
    await page.locator('[data-test=prj-detail][data-status=draft]').waitFor()
    assert.equal(await page.locator('[data-test=d-total]').innerText(), '1,500.50')

    // the money went to the server as exact integer fen
    const rec = (await h.apiAs('officer', 'GET', '/projects/' + projectId)).body
    assert.equal(rec.total_fen, 1500500000)
    assert.deepEqual(rec.funding.map((f) => [f.source, f.amount_fen]).sort(), [['bank', 500000000], ['own', 1000500000]])
    assert.deepEqual(rec.plan.map((p) => [p.year, p.amount_fen]), [[2018, 900000000], [2019, 600500000]])
    assert.equal(rec.expected_output_fen, 12000000000)
    assert.equal(rec.enterprise_id, session.user.enterprise_id)
    assert.equal(rec.division, '650104')
    assert.equal(rec.milestones.length, 2)

    await page.locator('[data-test=prj-action-submit]').click()
    await page.locator('[data-test=prj-action-dialog]').waitFor()
    await page.locator('textarea[data-test=dlg-comment]').fill('请审核')
    await page.locator('[data-test=dlg-confirm]').click()
    await page.locator('[data-test=prj-detail][data-status=submitted]').waitFor()
    assert.match(await page.locator('[data-test=prj-detail] [data-test=project-status]').first().innerText(), /待地州审核/)
    // no longer editable once submitted
    assert.equal(await page.locator('[data-test=prj-edit]').count(), 0)

    // and it is listed on the enterprise's own page
    await page.locator('[data-test=menu-my-enterprise]').click()
    await page.locator('[data-test=ent-project-link]', { hasText: NAME }).waitFor()
  } finally {
    await snap(page, 'project-enterprise-submitted')
    await page.context().close()
  }
})

test('prefecture user finds it in the list and passes it with a comment', async () => {
  assert.ok(projectId, 'the project was created')
  const page = await h.newPage()
  try {
    await h.signIn(page, 'prefecture')
    await page.locator('[data-test=menu-projects]').click()
    await page.waitForURL('**/projects')
    // filter by status: 待地州审核
    await pickSelect(page, 'filter-status', '待地州审核')
    await page.waitForURL((u) => u.searchParams.get('status') === 'submitted')
    const link = page.locator(`[data-test=prj-link][data-id="${projectId}"]`)
    await link.waitFor()
    const row = page.locator(`.prj-row-${projectId}`).first()
    assert.match(await row.innerText(), /待地州审核/)
    assert.match(await row.innerText(), /1,500\.50/)
    // no batch approval for prefecture users
    assert.equal(await page.locator('[data-test=prj-batch-approve]').count(), 0)
    await snap(page, 'project-list-prefecture')

    await link.click()
    await page.locator('[data-test=prj-detail][data-status=submitted]').waitFor()
    assert.equal(await page.locator('[data-test=prj-action-approve]').count(), 0)
    await page.locator('[data-test=prj-action-return]').waitFor()
    // a return needs a comment
    await page.locator('[data-test=prj-action-return]').click()
    await page.locator('[data-test=dlg-confirm]:visible').click()
    await page.locator('[data-test=prj-action-dialog] .el-form-item__error', { hasText: '请填写退回意见' }).waitFor()
    await page.locator('[data-test=dlg-cancel]:visible').click()
    await page.locator('[data-test=prj-action-dialog]').waitFor({ state: 'hidden' })

    await page.locator('[data-test=prj-action-pass]').click()
    await page.locator('textarea[data-test=dlg-comment]:visible').fill('材料齐全，同意上报自治区')
    await page.locator('[data-test=dlg-confirm]:visible').click()
    await page.locator('[data-test=prj-detail][data-status=prefecture_passed]').waitFor()
  } finally {
    await snap(page, 'project-prefecture-passed')
    await page.context().close()
  }
})

test('officer selects it in the list and batch-approves it', async () => {
  assert.ok(projectId, 'the project was created')
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.locator('[data-test=menu-projects]').click()
    await page.waitForURL('**/projects')
    const row = page.locator(`.el-table__body-wrapper .prj-row-${projectId}`)
    await row.waitFor()
    assert.equal(await page.locator('[data-test=prj-batch-approve]').isDisabled(), true)
    await row.locator('.el-checkbox').click()
    await page.locator('[data-test=prj-batch-approve]:not([disabled])').click()
    await page.locator('[data-test=prj-batch-dialog]').waitFor()
    await page.locator('textarea[data-test=prj-batch-comment]').fill('经研究，同意列入自治区重点项目')
    await page.locator('[data-test=prj-batch-confirm]').click()
    const done = page.locator('[data-test=prj-batch-done]')
    await done.waitFor()
    assert.equal(await done.getAttribute('data-n'), '1')
    assert.equal(await page.locator('[data-test=prj-batch-failed]').getAttribute('data-n'), '0')
    assert.match(await page.locator('[data-test=prj-batch-result]').innerText(), new RegExp(NAME))
    await page.waitForTimeout(400)
    await h.shot(page, 'project-batch-result')
    await page.locator('[data-test=prj-batch-close]').click()
    await row.locator('[data-test=project-status][data-status=approved]').waitFor()
    await snap(page, 'project-list-officer')
  } finally {
    await page.context().close()
  }
})

test('enterprise starts it and the timeline shows every step', async () => {
  assert.ok(projectId, 'the project was created')
  const page = await h.newPage()
  try {
    await h.signIn(page, 'enterprise')
    await page.goto('/projects/' + projectId)
    await page.locator('[data-test=prj-detail][data-status=approved]').waitFor()
    assert.equal(await page.locator('[data-test=prj-action-complete]').count(), 0)
    await page.locator('[data-test=prj-action-start]').click()
    await page.locator('[data-test=dlg-confirm]:visible').click()
    await page.locator('[data-test=prj-detail][data-status=in_progress]').waitFor()

    const actions = await page.locator('[data-test=prj-event]').evaluateAll((els) => els.map((e) => e.dataset.action))
    // newest first; the four review steps after creation
    const steps = actions.filter((a) => a !== 'create' && a !== 'update').reverse()
    assert.deepEqual(steps, ['submit', 'pass', 'approve', 'start'])
    const timeline = await page.locator('[data-test=prj-timeline]').innerText()
    for (const s of ['提交申报', '地州审核通过', '自治区批准', '开工建设', '材料齐全，同意上报自治区', '经研究，同意列入自治区重点项目']) {
      assert.ok(timeline.includes(s), `timeline shows ${s}`)
    }
    const users = await page.locator('[data-test=event-user]').allInnerTexts()
    assert.ok(users.includes('prefecture') && users.includes('officer'))
    // the funding table and both charts are drawn
    assert.match(await page.locator('[data-test=prj-funding]').innerText(), /企业自筹[\s\S]*1,000\.50/)
    await page.locator('[data-test=prj-funding-chart] canvas').waitFor()
    await page.locator('[data-test=prj-plan-chart] canvas').waitFor()
    // (the sign-in page's session check answers 401 before signing in: not an error of this page)
    assert.deepEqual(page.consoleErrors.filter((m) => !/status of 401/.test(m)), [])
  } finally {
    await snap(page, 'project-detail-in-progress')
    await page.context().close()
  }
})

test('officer completes it with an acceptance in 万元', async () => {
  assert.ok(projectId, 'the project was created')
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto('/projects/' + projectId)
    await page.locator('[data-test=prj-detail][data-status=in_progress]').waitFor()
    await page.locator('[data-test=prj-action-complete]').click()
    await fillDate(page, 'dlg-accepted_date', '2019-12-20')
    await page.locator('textarea[data-test=dlg-acceptance_result]').fill('验收合格')
    await input(page, 'dlg-final_investment').fill('1,498.123456')
    await page.waitForTimeout(400)
    await h.shot(page, 'project-complete-dialog')
    await page.locator('[data-test=dlg-confirm]:visible').click()
    await page.locator('[data-test=prj-detail][data-status=completed]').waitFor()
    const rec = (await h.apiAs('officer', 'GET', '/projects/' + projectId)).body
    assert.equal(rec.final_investment_fen, 1498123456)
    assert.equal(await page.locator('[data-test=d-final_investment]').innerText(), '1,498.12')
  } finally {
    await snap(page, 'project-detail-completed')
    await page.context().close()
  }
})

test('edit form: a stale version shows the conflict notice, a server field error shows inline', async () => {
  const ents = (await h.apiAs('officer', 'GET', '/enterprises?division=650100&per_page=5')).body.items
  const made = await h.apiAs('officer', 'POST', '/projects', {
    enterprise_id: ents[0].id, name: '冲突检查用项目', division: '650102', category: 'smart',
    total_fen: 100000000, funding: [{ source: 'own', amount_fen: 100000000 }],
    start_date: '2019-01-01', end_date: '2019-12-31',
  })
  assert.equal(made.status, 201)
  const id = made.body.id
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto(`/projects/${id}/edit`)
    await page.locator('[data-test=prj-form]').waitFor()
    assert.equal(await input(page, 'f-total').inputValue(), '100')
    // someone else saves first
    const other = await h.apiAs('officer', 'PATCH', '/projects/' + id, { version: 1, contact: '李四' })
    assert.equal(other.status, 200)
    await input(page, 'f-phone').fill('0991-1234567')
    await page.locator('[data-test=prj-save]').click()
    await page.locator('[data-test=prj-conflict]').waitFor()
    await page.locator('[data-test=prj-conflict-reload]').click()
    await page.locator('[data-test=prj-conflict]').waitFor({ state: 'detached' })
    assert.equal(await input(page, 'f-contact').inputValue(), '李四')

    // 20 亿万元 is beyond what the server takes: its error lands under 总投资
    await input(page, 'f-total').fill('2000000000')
    await input(page, 'f-funding-amount-0').fill('2000000000')
    await input(page, 'f-phone').click()
    await page.locator('[data-test=f-funding-sum][data-ok="1"]').waitFor()
    await page.locator('[data-test=prj-save]').click()
    const err = page.locator('[data-test=fi-total] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /总投资/)
    await snap(page, 'project-form-server-error')
  } finally {
    await page.context().close()
  }
})
