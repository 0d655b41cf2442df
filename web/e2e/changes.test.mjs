// Change requests after approval and attachments on the project page: an enterprise asks to
// change its approved project (with a reason), the officer sees the approved and requested
// values side by side and approves, and the page shows the new value; an attachment with a
// Chinese name is uploaded, downloaded byte for byte and deleted.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { startHarness, input } from './harness.mjs'

let h, project
before(async () => {
  h = await startHarness()
  const me = await h.apiAs('enterprise', 'GET', '/session')
  const body = {
    enterprise_id: me.body.user.enterprise_id, name: '浏览器变更测试项目', division: '650109', category: 'smart',
    total_fen: 10_000_000, funding: [{ source: 'own', amount_fen: 10_000_000 }],
    start_date: '2018-03-01', end_date: '2019-12-31', contact: '王工', phone: '0991-1111111',
  }
  const r = await h.apiAs('officer', 'POST', '/projects', body)
  assert.equal(r.status, 201, JSON.stringify(r.body))
  project = r.body
  for (const action of ['submit', 'pass', 'approve']) {
    const s = await h.apiAs('officer', 'POST', `/projects/${project.id}/transitions`, { action, comment: '同意' })
    assert.equal(s.status, 200, JSON.stringify(s.body))
  }
})
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of 401/.test(m))
const confirmBox = (page) => page.locator('.el-message-box__btns .el-button--primary').click()

test('the enterprise requests a change, the officer approves it side by side, the page shows it', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'enterprise')
    await page.goto(`/projects/${project.id}`)
    await page.locator('[data-test=prj-detail][data-status=approved]').waitFor()
    assert.equal(await page.locator('[data-test=prj-edit]').count(), 0, 'no direct edit after approval')
    await page.locator('[data-test=prj-request-change]').click()
    await page.waitForURL(`**/projects/${project.id}/change`)
    await page.locator('[data-test=prj-change-hint]').waitFor()
    await input(page, 'f-phone').fill('0991-2222222')
    // The reason is required.
    await page.locator('[data-test=prj-save]').click()
    await page.locator('[data-test=fi-reason] .el-form-item__error').waitFor()
    await page.locator('textarea[data-test=f-reason]').fill('联系电话变更')
    await page.locator('[data-test=prj-save]').click()
    await page.waitForURL(`**/projects/${project.id}`)
    await page.locator('[data-test=prj-pending-change]').waitFor()
    assert.equal((await page.locator('[data-test=d-phone]').innerText()).trim(), '0991-1111111', 'the approved value stays')
    assert.ok(await page.locator('[data-test=prj-request-change]').isDisabled(), 'one pending request at a time')
    await page.locator('[data-test=chg-item][data-status=pending] [data-test=chg-withdraw]').waitFor()
    assert.equal(await page.locator('[data-test=chg-approve]').count(), 0, 'the enterprise does not approve')
    await h.shot(page, 'change-requested')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.context().close()
  }

  const off = await h.newPage()
  try {
    await h.signIn(off, 'officer')
    await off.goto(`/projects/${project.id}`)
    const item = off.locator('[data-test=chg-item][data-status=pending]')
    await item.waitFor()
    const fields = await item.locator('[data-test=chg-field]').evaluateAll((els) => els.map((e) => e.dataset.field))
    assert.deepEqual(fields, ['phone'], 'only the changed field')
    assert.equal((await item.locator('[data-test=chg-old]').innerText()).trim(), '0991-1111111')
    assert.equal((await item.locator('[data-test=chg-new]').innerText()).trim(), '0991-2222222')
    assert.equal((await item.locator('[data-test=chg-reason]').innerText()).trim(), '联系电话变更')
    await h.shot(off, 'change-side-by-side')
    await item.locator('[data-test=chg-approve]').click()
    await confirmBox(off)
    await off.locator('[data-test=chg-item][data-status=approved]').waitFor()
    await off.waitForFunction(() => document.querySelector('[data-test=d-phone]')?.innerText.trim() === '0991-2222222')
    await off.locator('[data-test=prj-event][data-action=change]').first().waitFor()
    assert.equal(await off.locator('[data-test=prj-pending-change]').count(), 0)
    assert.deepEqual(errors(off), [])
  } finally {
    await off.context().close()
  }
})

test('an attachment is uploaded, downloaded byte for byte and deleted', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'enterprise')
    await page.goto(`/projects/${project.id}`)
    await page.locator('[data-test=att-card]').waitFor()
    const bytes = Buffer.from('%PDF-1.4\n项目批复文件\n' + 'x'.repeat(3000))
    const name = '项目批复文件.pdf'
    await page.locator('[data-test=att-upload] input[type=file]').setInputFiles({ name, mimeType: 'application/pdf', buffer: bytes })
    const link = page.locator('[data-test=att-download]', { hasText: name })
    await link.waitFor()
    const [dl] = await Promise.all([page.waitForEvent('download'), link.click()])
    assert.equal(dl.suggestedFilename(), name)
    const got = fs.readFileSync(await dl.path())
    assert.ok(got.equals(bytes), 'the same bytes')
    const sha = (await page.locator('[data-test=att-sha]').first().innerText()).trim()
    const { createHash } = await import('node:crypto')
    assert.ok(createHash('sha256').update(bytes).digest('hex').startsWith(sha))
    await h.shot(page, 'attachments')
    await page.locator('[data-test=att-delete]').first().click()
    await confirmBox(page)
    await link.waitFor({ state: 'detached' })
    assert.deepEqual(errors(page), [])
  } finally {
    await page.context().close()
  }
})
