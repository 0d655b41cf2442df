// Enterprise user: lands on its own enterprise, cannot change credit code or division.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness, input } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

test('enterprise user lands on its own enterprise and edits its phone', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'enterprise')
    await page.waitForURL(/\/enterprises\/\d+$/)
    const session = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()))
    assert.equal(session.user.role, 'enterprise')
    assert.equal(page.url().split('/').pop(), String(session.user.enterprise_id))
    await page.locator('[data-test=ent-detail]').waitFor()
    assert.match(await page.locator('[data-test=d-division]').getAttribute('data-division'), /^6501/)
    // no registry list, no create/import; the menu has "my enterprise"
    assert.equal(await page.locator('[data-test=menu-enterprises]').count(), 0)
    await page.locator('[data-test=menu-my-enterprise]').waitFor()
    assert.equal(await page.locator('[data-test=ent-archive]').count(), 0)

    await page.locator('[data-test=ent-edit]').click()
    await page.waitForURL(/\/edit$/)
    assert.equal(await input(page, 'f-credit_code').isDisabled(), true)
    assert.equal(await input(page, 'f-division').isDisabled(), true)
    await h.shot(page, 'enterprise-edit-form')
    await input(page, 'f-phone').fill('0991-5550123')
    await page.locator('[data-test=ent-save]').click()
    await page.waitForURL(/\/enterprises\/\d+$/)
    await page.locator('[data-test=d-phone]', { hasText: '0991-5550123' }).waitFor()
    await h.shot(page, 'enterprise-own-detail')

    // another enterprise is out of reach
    const other = (await h.apiAs('officer', 'GET', '/enterprises?per_page=50')).body.items
      .find((e) => String(e.id) !== String(session.user.enterprise_id))
    await page.goto(`/enterprises/${other.id}`)
    await page.locator('[data-test=ent-detail-error]').waitFor()
    assert.equal(await page.locator('[data-test=ent-detail]').count(), 0)
  } finally {
    await h.shot(page, 'enterprise-other-denied')
    await page.context().close()
  }
})
