// The wall screen (大屏) and the monthly briefing (简报) on the demo data (reporting calendar
// 2020-07-15): the screen rendered with data on 1920×1080 (not blank) and refreshing itself; the
// briefing with the officer's title and date, charts as SVG, printed on A4 without its inputs.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startHarness, input } from './harness.mjs'

let h
before(async () => {
  process.env.LUOSHI_TODAY = '2020-07-15'
  h = await startHarness()
})
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of 401/.test(m))

test('the wall screen renders with data on 1920×1080 and refreshes itself', async () => {
  const page = await h.newPage({ viewport: { width: 1920, height: 1080 } })
  try {
    await h.signIn(page, 'officer')
    await page.goto('/screen?refresh=5')
    await page.locator('[data-test=side-menu]').waitFor({ state: 'detached' })
    await page.locator('[data-test=kpi-card]').first().waitFor()
    await page.locator('[data-test=chart-map] canvas').waitFor()
    await page.locator('[data-test=chart-bars] canvas').waitFor()
    await page.waitForTimeout(800) // the charts' first animation
    const first = await page.locator('[data-test=screen]').getAttribute('data-loaded')
    assert.ok(first)
    assert.match(await page.locator('[data-test=screen-updated]').innerText(), /最后更新 \d\d:\d\d:\d\d/)
    // Not blank: the map's canvas has drawn pixels over much of its area, the screenshot is large.
    const drawn = await page.locator('[data-test=chart-map] canvas').evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++
      return n / (c.width * c.height)
    })
    assert.ok(drawn > 0.1, `map drawn over ${drawn}`)
    const png = await page.screenshot()
    assert.equal(png.readUInt32BE(16), 1920)
    assert.equal(png.readUInt32BE(20), 1080)
    assert.ok(png.length > 60000, `screenshot of ${png.length} bytes`)
    await h.shot(page, 'screen-officer')
    const bg = await page.locator('[data-test=screen]').evaluate((e) => getComputedStyle(e).backgroundImage)
    assert.match(bg, /gradient/)
    // Auto-refresh (every 5 s here): the time of the last load moves on.
    await page.waitForFunction((f) => document.querySelector('[data-test=screen]').dataset.loaded !== f, first, { timeout: 9000 })
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('the briefing shows the officer\'s title and date, prints without its inputs, charts as SVG', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto('/briefing?month=2020-06')
    await page.locator('[data-test=list-scorecard] [data-test=list-row]').first().waitFor()
    assert.equal(await page.locator('[data-test=side-menu]').count(), 0)
    const title = '2020年6月机械装备产业运行简报（测试）'
    await input(page, 'brief-title-input').fill(title)
    await page.locator('[data-test=brief-date-input] input').fill('2020-07-16')
    await page.locator('[data-test=brief-date-input] input').press('Enter')
    assert.equal(await page.locator('[data-test=brief-heading]').innerText(), title)
    await page.waitForFunction(() => document.querySelector('[data-test=brief-date]').innerText === '2020-07-16')
    assert.equal(await page.locator('[data-test=list-scorecard] [data-test=list-row]').count(), 7)
    await page.locator('[data-test=chart-trend] svg').first().waitFor()
    await page.locator('[data-test=chart-map] svg path').first().waitFor()
    await page.locator('[data-test=chart-bars] svg').first().waitFor()
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('[data-test=brief-tools]').isVisible(), false)
    assert.equal(await page.locator('[data-test=chart-download]').first().isVisible(), false)
    assert.equal(await page.locator('[data-test=brief-heading]').isVisible(), true)
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF')
    // Three sections, each from a new A4 page (595×842 pt).
    assert.ok((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || []).length >= 3)
    assert.match(pdf.toString('latin1'), /\/MediaBox\s*\[\s*0 0 59[45]\.\d+ 84[12]\.\d+/)
    await page.emulateMedia({ media: 'screen' })
    await h.shot(page, 'briefing-officer')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})
