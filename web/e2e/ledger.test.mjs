// The policy ledger in the console, on the demo data (calendar 2020-07-15): the officer reads
// the seed policy beside its text and finds a measure's paragraph; a department sees only the
// tasks that name it, reports progress on one and the report appears in its timeline; the
// escalated tasks are marked for the officer, with each department's on-time record.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of 401/.test(m))

test('the officer reads the policy beside its text; a measure points at its paragraph', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.locator('[data-test=menu-policies]').click()
    await page.waitForURL('**/policies')
    await page.locator('[data-test=policy-link]').first().click()
    await page.waitForURL(/\/policies\/\d+$/)
    await page.locator('[data-test=policy-title]').waitFor()
    assert.match(await page.locator('[data-test=policy-title]').innerText(), /机械工业/)
    // T1 is money: 1,000 亿元; T2 a count of 50.
    assert.match(await page.locator('[data-test=target-value][data-code=T1]').innerText(), /1,000\s*亿元/)
    assert.match(await page.locator('[data-test=target-value][data-code=T2]').innerText(), /^50/)
    assert.equal(await page.locator('[data-test=measure]').count(), 12)
    await page.locator('[data-test=measure][data-code=M5]').click()
    const hit = page.locator('[data-test=para-hit]')
    await hit.waitFor()
    assert.match(await hit.innerText(), /推动新能源汽车发展/)
    await h.shot(page, 'ledger-policy')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('a department sees the tasks that name it and reports progress on one', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'department') // 发改委 (fg)
    await page.locator('[data-test=menu-tasks]').click()
    await page.waitForURL('**/tasks')
    await page.locator('[data-test=task-title]').first().waitFor()
    const titles = await page.locator('[data-test=task-title]').allInnerTexts()
    assert.ok(titles.includes('推进三个国家地方联合工程实验室建设'), 'a task fg supports')
    assert.ok(!titles.includes('开展打击假冒伪劣机械产品专项行动'), 'not a task of 市场监管局 alone')
    await page.locator('[data-test=task-title]', { hasText: '推进三个国家地方联合工程实验室建设' }).click()
    const drawer = page.locator('[data-test=task-drawer]')
    await drawer.locator('[data-test=task-report-form]').waitFor()
    assert.equal(await drawer.locator('[data-test=task-complete-form]').count(), 0, 'only the lead completes')
    await drawer.locator('[data-test=task-report-body]').fill('发改委已协调落实实验室用地')
    await drawer.locator('[data-test=task-report-submit]').click()
    await drawer.locator('[data-test=task-update]', { hasText: '发改委已协调落实实验室用地' }).waitFor()
    await h.shot(page, 'ledger-task-report')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('the officer sees the escalated tasks and each department\'s on-time record', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto(h.base + '/tasks?status=escalated')
    await page.locator('[data-test=task-title]').first().waitFor()
    assert.equal(await page.locator('[data-test=task-escalated]').count(), await page.locator('[data-test=task-title]').count())
    assert.ok(await page.locator('[data-test=task-title]').count() >= 3)
    // 经信委: 4 of the 9 tasks it leads done on time (4 / 9 = 44.44 %).
    assert.equal(await page.locator('[data-test=record-pct-jx]').innerText(), '44.44%')
    await h.shot(page, 'ledger-tasks-escalated')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('the officer imports a second policy from its document, enters a target value and gives a department a task', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const path = (await import('node:path')).default
  const dir = mkdtempSync(path.join(tmpdir(), 'luoshi-policy-'))
  const doc = {
    doc_no: '测试〔2026〕9号', title: '关于推进智能制造的实施意见（测试）', period_from: 2021, period_to: 2025,
    body: '一、目标\n（一）推进智能工厂建设。\n内容。',
    targets: [{ code: 'A1', name: '建成10个智能工厂', unit: 'count', target_value: 10, deadline: '2025-12-31', source: 'manual' }],
    measures: [{ code: 'B1', kind: 'main', title: '推进智能工厂建设', anchor: '（一）推进智能工厂建设。', targets: ['A1'] }],
  }
  const bad = path.join(dir, 'bad.json')
  const good = path.join(dir, 'good.json')
  writeFileSync(bad, JSON.stringify({ ...doc, measures: [{ ...doc.measures[0], anchor: '原文中没有的句子' }] }))
  writeFileSync(good, JSON.stringify(doc))
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto(h.base + '/policies')
    await page.locator('[data-test=policy-link]').first().waitFor()
    await page.locator('[data-test=policy-import-file]').setInputFiles(bad)
    const err = page.locator('[data-test=policy-error]')
    await err.waitFor()
    assert.match(await err.innerText(), /measures\[0\]\.anchor/)
    assert.equal(await page.locator('[data-test=policy-link]').count(), 1, 'nothing was written')
    await page.locator('[data-test=policy-import-file]').setInputFiles(good)
    await page.waitForURL(/\/policies\/\d+$/)
    await page.locator('[data-test=policy-title]', { hasText: '智能制造' }).waitFor()

    // A value for a target measured by hand: 8 bases recognised by June 2020, with the evidence.
    await page.goto(h.base + '/policies')
    await page.locator('[data-test=policy-link]', { hasText: '示例' }).click()
    await page.locator('[data-test=target-enter-T3]').click()
    const asOf = page.locator('[data-test=entry-as-of] input')
    await asOf.click()
    await asOf.fill('2020-06')
    await asOf.press('Enter')
    await page.locator('[data-test=entry-value] input').fill('8')
    await page.locator('[data-test=entry-evidence]').fill('自治区经信委装备制造基地认定文件')
    await page.locator('[data-test=entry-save]').click()
    await page.locator('[data-test=target-actual-T3]').waitFor()
    assert.match(await page.locator('[data-test=target-actual-T3]').innerText(), /^8 个（2020-06）/)

    // A new task for 科技厅 under M1.
    await page.goto(h.base + '/tasks')
    await page.locator('[data-test=task-title]').first().waitFor()
    await page.locator('[data-test=task-create]').click()
    const td = page
    await td.locator('[data-test=task-form-measure]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'M1' }).first().click()
    await td.locator('[data-test=task-form-title]').fill('组织智能制造试点示范评选')
    await td.locator('[data-test=task-form-lead]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '科技厅' }).first().click()
    const dl = page.locator('[data-test=task-form-deadline] input')
    await dl.click()
    await dl.fill('2020-12-31')
    await dl.press('Enter')
    await td.locator('[data-test=task-form-save]').click()
    await page.locator('[data-test=task-title]', { hasText: '组织智能制造试点示范评选' }).waitFor()
    await h.shot(page, 'ledger-task-created')
    // The refused document answered 404 (an anchor not found) on purpose.
    assert.deepEqual(errors(page).filter((m) => !/status of 404/.test(m)), [])
  } finally {
    await page.close()
  }
})
