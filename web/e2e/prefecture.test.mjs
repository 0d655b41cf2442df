// Prefecture officer (650100 乌鲁木齐市) sees only its division and the counties under it.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { startHarness, input, parseCsv } from './harness.mjs'

let h
before(async () => { h = await startHarness() })
after(async () => { if (h) await h.stop() })

test('prefecture user sees only enterprises of 650100 and its counties', async () => {
  const all = await h.apiAs('officer', 'GET', '/enterprises?per_page=200')
  const outside = all.body.items.filter((e) => !e.division.startsWith('6501'))
  assert.ok(outside.length > 0, 'the demo data has enterprises outside 乌鲁木齐 to hide')

  const page = await h.newPage()
  try {
    await h.signIn(page, 'prefecture')
    await page.waitForURL('**/overview') // a prefecture user lands on its prefecture's 总览
    await page.goto('/enterprises?per_page=200')
    await page.locator('[data-test=ent-division]').first().waitFor()
    const divisions = await page.locator('[data-test=ent-division]').evaluateAll((els) => els.map((e) => e.dataset.division))
    assert.ok(divisions.length > 0, 'some enterprises are listed')
    for (const d of divisions) assert.match(d, /^6501/, `division ${d} is in 650100`)
    const total = Number(await page.locator('[data-test=ent-total]').getAttribute('data-total'))
    assert.ok(total < all.body.total, `prefecture total ${total} < officer total ${all.body.total}`)
    // the search also stays in scope: a name from outside finds nothing
    await input(page, 'ent-search').fill(outside[0].name)
    await page.locator('[data-test=ent-search-btn]').click()
    await page.waitForURL((u) => u.searchParams.get('q') === outside[0].name)
    await page.locator('[data-test=ent-total][data-total="0"]').waitFor()
    // export CSV with the current filter (a county of its own) brings only that county
    await page.goto('/enterprises?division=650104')
    await page.locator('[data-test=ent-division]').first().waitFor()
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=ent-export-csv]').click()])
    assert.match(dl.suggestedFilename(), /\.csv$/)
    const rows = parseCsv(fs.readFileSync(await dl.path(), 'utf8').replace(/^\ufeff/, ''))
    assert.equal(rows[0][0], '统一社会信用代码')
    assert.equal(rows[0][3], '所属区划代码')
    assert.ok(rows.length > 1, 'some rows exported')
    for (const r of rows.slice(1)) assert.equal(r[3], '650104')
    // can create and import (its own scope), the buttons show
    await page.locator('[data-test=ent-create]').waitFor()
    await page.locator('[data-test=ent-import]').waitFor()
    assert.equal(await page.locator('[data-test=menu-users]').count(), 0)
  } finally {
    await page.goto('/enterprises?per_page=200').catch(() => {})
    await page.locator('[data-test=ent-division]').first().waitFor().catch(() => {})
    await h.shot(page, 'prefecture-list')
    await page.context().close()
  }
})
