// Read-only roles, the users page for admins, the audit log and its chain check.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness, tableRows, input } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

for (const role of ['department', 'association', 'auditor']) {
  test(`${role} reads the registry without write buttons`, async () => {
    const page = await h.newPage()
    try {
      await h.signIn(page, role)
      await page.waitForURL('**/enterprises')
      await page.locator('[data-test=ent-link]').first().waitFor()
      for (const b of ['ent-create', 'ent-import', 'ent-edit']) {
        assert.equal(await page.locator(`[data-test=${b}]`).count(), 0, `${b} hidden for ${role}`)
      }
      await page.locator('[data-test=ent-export-xlsx]').waitFor()
      await page.locator('[data-test=ent-link]').first().click()
      await page.locator('[data-test=ent-detail]').waitFor()
      assert.equal(await page.locator('[data-test=ent-edit]').count(), 0)
      assert.equal(await page.locator('[data-test=ent-archive]').count(), 0)
      assert.equal(await page.locator('[data-test=menu-users]').count(), 0)
      assert.equal(await page.locator('[data-test=menu-audit]').count(), role === 'auditor' ? 1 : 0)
    } finally {
      await h.shot(page, `readonly-${role}`)
      await page.context().close()
    }
  })
}

test('auditor browses the audit log and verifies the chain', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'auditor')
    await page.locator('[data-test=menu-audit]').click()
    await page.waitForURL('**/audit')
    await page.locator('[data-test=audit-table] .el-table__body-wrapper tbody tr').first().waitFor()
    await page.locator('[data-test=audit-verify]').click()
    const res = page.locator('[data-test=audit-verify-result]')
    await res.waitFor()
    assert.equal(await res.getAttribute('data-ok'), '1')
    assert.match(await res.innerText(), /审计链完整/)
  } finally {
    await h.shot(page, 'audit-verify')
    await page.context().close()
  }
})

test('admin lists users and creates one', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'admin')
    await page.locator('[data-test=menu-users]').click()
    await page.waitForURL('**/users')
    await page.locator('[data-test=user-username]', { hasText: 'prefecture' }).first().waitFor()
    const names = await page.locator('[data-test=user-username]').allInnerTexts()
    for (const u of ['admin', 'officer', 'prefecture', 'department', 'enterprise', 'association', 'auditor']) {
      assert.ok(names.includes(u), `${u} listed`)
    }
    await page.locator('[data-test=users-create]').click()
    await input(page, 'uf-username').fill('officer2')
    await input(page, 'uf-display_name').fill('测试处室用户')
    await input(page, 'uf-password').fill('a-long-pass-2026!')
    await page.locator('[data-test=uf-save]').click()
    await page.locator('[data-test=user-username]', { hasText: 'officer2' }).waitFor()
    const rows = await tableRows(page, '[data-test=users-table]')
    assert.ok(rows.some((r) => r[0] === 'officer2' && r[2].includes('经信厅业务处室')))
  } finally {
    await h.shot(page, 'admin-users')
    await page.context().close()
  }
})
