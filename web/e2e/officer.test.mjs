// Programme officer: create, edit and find an enterprise; inline errors.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness, makeCreditCode, breakCheckChar, pickCascader, tableRows, input } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

test('officer creates, edits and finds an enterprise', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.waitForURL('**/overview') // the officer lands on 总览; the registry is a menu item
    await page.locator('[data-test=menu-enterprises]').click()
    await page.waitForURL('**/enterprises')
    await page.locator('[data-test=ent-create]').click()
    await page.waitForURL('**/enterprises/new')

    const code = makeCreditCode('650102')
    const name = '新疆天山测试输变电装备有限公司'
    // credit code typed the way people do: lower case, with spaces
    await input(page, 'f-credit_code').fill(code.toLowerCase().replace(/(.{6})/g, '$1 '))
    await input(page, 'f-name').fill(name)
    await input(page, 'f-short_name').fill('天山测试')
    await pickCascader(page, '[data-test=f-division]', '天山区')
    await input(page, 'f-address').fill('乌鲁木齐市天山区测试路 1 号')
    await pickCascader(page, '[data-test=f-industry]', '配电开关控制设备')
    await input(page, 'f-phone').fill('0991-1234567')
    await input(page, 'f-employees').fill('120')
    await page.locator('[data-test=ent-save]').click()

    await page.waitForURL(/\/enterprises\/\d+$/)
    const id = page.url().split('/').pop()
    await assert.doesNotReject(page.locator('[data-test=d-name]', { hasText: name }).waitFor())
    assert.equal(await page.locator('[data-test=d-credit_code]').innerText(), code)
    assert.match(await page.locator('[data-test=d-division]').innerText(), /天山区/)
    assert.match(await page.locator('[data-test=d-industry]').innerText(), /3823/)

    // edit: new phone and employees
    await page.locator('[data-test=ent-edit]').click()
    await page.waitForURL(`**/enterprises/${id}/edit`)
    await input(page, 'f-phone').fill('0991-7654321')
    await input(page, 'f-employees').fill('150')
    await page.locator('[data-test=ent-save]').click()
    await page.waitForURL(new RegExp(`/enterprises/${id}$`))
    await page.locator('[data-test=d-phone]', { hasText: '0991-7654321' }).waitFor()
    assert.equal(await page.locator('[data-test=d-employees]').innerText(), '150')
    assert.equal(await page.locator('[data-test=d-version]').innerText() !== '1', true)

    // find it by search: by name, then by credit code
    await page.locator('[data-test=menu-enterprises]').click()
    await page.waitForURL('**/enterprises')
    for (const q of ['天山测试输变电', code]) {
      await input(page, 'ent-search').fill(q)
      await page.locator('[data-test=ent-search-btn]').click()
      await page.waitForURL((u) => u.searchParams.get('q') === q)
      await page.locator('[data-test=ent-link]', { hasText: name }).first().waitFor()
      const rows = await tableRows(page, '[data-test=ent-table]')
      assert.ok(rows.length >= 1, 'search finds the enterprise')
      assert.ok(rows.some((r) => r.includes(code)), `row with ${code} in ${JSON.stringify(rows)}`)
    }
    await h.shot(page, 'officer-search')
    assert.deepEqual(page.consoleErrors.filter((e) => !/Failed to load resource/.test(e)), [])
  } finally {
    await h.shot(page, 'officer-create-edit-find')
    await page.context().close()
  }
})

test('officer sees inline errors: wrong check character, duplicate code from the server', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto('/enterprises/new')
    const bad = breakCheckChar(makeCreditCode('650104'))
    await input(page, 'f-credit_code').fill(bad)
    await input(page, 'f-name').fill('校验位错误测试企业')
    await page.locator('[data-test=ent-save]').click()
    const err = page.locator('[data-test=fi-credit_code] .el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /校验位/)
    // the other required fields are flagged too
    await page.locator('[data-test=fi-division] .el-form-item__error').waitFor()
    await page.locator('[data-test=fi-industry] .el-form-item__error').waitFor()
    await h.shot(page, 'officer-inline-check-error')

    // A code that exists already: the server answers 409 duplicate naming credit_code,
    // shown under the field.
    const list = await h.apiAs('officer', 'GET', '/enterprises?per_page=1')
    const existing = list.body.items[0]
    await input(page, 'f-credit_code').fill(existing.credit_code)
    await pickCascader(page, '[data-test=f-division]', '天山区')
    await pickCascader(page, '[data-test=f-industry]', '配电开关控制设备')
    await page.locator('[data-test=ent-save]').click()
    await page.locator('[data-test=fi-credit_code] .el-form-item__error').filter({ hasText: /已存在|重复/ }).waitFor()
    assert.match(page.url(), /\/enterprises\/new$/)
  } finally {
    await h.shot(page, 'officer-inline-server-error')
    await page.context().close()
  }
})

test('officer gets the conflict notice on a stale version and can reload', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    const list = await h.apiAs('officer', 'GET', '/enterprises?per_page=1&sort=name')
    const e = list.body.items[0]
    await page.goto(`/enterprises/${e.id}/edit`)
    await input(page, 'f-contact').waitFor()
    // someone else changes it meanwhile
    const other = await h.apiAs('admin', 'PATCH', `/enterprises/${e.id}`, { version: e.version, contact: '他人修改' })
    assert.equal(other.status, 200, JSON.stringify(other.body))
    await input(page, 'f-contact').fill('我的修改')
    await page.locator('[data-test=ent-save]').click()
    await page.locator('[data-test=ent-conflict]').waitFor()
    assert.match(await page.locator('[data-test=ent-conflict]').innerText(), /数据已被他人修改/)
    await h.shot(page, 'officer-conflict')
    await page.locator('[data-test=ent-conflict-reload]').click()
    assert.equal(await input(page, 'f-contact').inputValue(), '他人修改')
  } finally {
    await page.context().close()
  }
})
