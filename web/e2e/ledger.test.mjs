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
