// Language switch: zh-CN by default, English on request, remembered after reload.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness, input } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

test('switching to English changes the menu and survives a reload', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.waitForURL('**/overview') // the officer lands on 总览; the registry is a menu item
    const menu = page.locator('[data-test=menu-enterprises]')
    assert.match(await menu.innerText(), /企业名录/)
    assert.match(await page.locator('[data-test=system-name]').innerText(), /落实 · 政策落实管理平台/)
    if (h.meta.demo) assert.match(await page.locator('[data-test=demo-banner]').innerText(), /演示数据，仅供体验/)
    assert.match(await page.locator('[data-test=user-role]').innerText(), /经信厅业务处室/)
    await menu.click()
    await page.waitForURL('**/enterprises')

    await page.locator('[data-test=lang-current]').first().click()
    await page.locator('[data-test=lang-en]:visible').click()
    await page.locator('[data-test=menu-enterprises]', { hasText: 'Enterprises' }).waitFor()
    assert.match(await page.locator('[data-test=ent-create]').innerText(), /New enterprise/)

    await page.reload()
    await page.locator('[data-test=menu-enterprises]', { hasText: 'Enterprises' }).waitFor()
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
    assert.match(await page.locator('[data-test=menu-audit]').innerText(), /Audit log/)

    // server error messages follow the language: a wrong password in English
    await page.locator('[data-test=user-menu-trigger]').click()
    await page.locator('[data-test=sign-out]:visible').click()
    await page.waitForURL('**/login')
    await input(page, 'login-username').fill('officer')
    await input(page, 'login-password').fill('wrong-password-1')
    await page.locator('[data-test=login-submit]').click()
    const err = page.locator('[data-test=login-error]')
    await err.waitFor()
    assert.match(await err.innerText(), /wrong user name or password/i)
    await h.shot(page, 'i18n-login-error-en')
  } finally {
    await page.context().close()
  }

  // a fresh browser starts in Chinese
  const fresh = await h.newPage()
  try {
    await fresh.goto('/login')
    await fresh.locator('[data-test=login-submit]').waitFor()
    assert.match(await fresh.locator('[data-test=login-submit]').innerText(), /登\s*录/)
  } finally {
    await fresh.context().close()
  }
})

test('english console screenshot', async () => {
  const page = await h.newPage()
  try {
    await page.goto('/login')
    await page.evaluate(() => localStorage.setItem('luoshi.lang', 'en'))
    await h.signIn(page, 'officer')
    await page.locator('[data-test=menu-enterprises]').click()
    await page.locator('[data-test=ent-link]').first().waitFor()
    await h.shot(page, 'i18n-english-list')
  } finally {
    await page.context().close()
  }
})
