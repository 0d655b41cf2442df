// Every figure opens into the enterprises behind it: the officer clicks a prefecture's year-to-date
// figure in 运行监测, reads its enterprises (their figures add up to the prefecture's) and
// downloads them as XLSX, the same rows as shown.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startHarness } from './harness.mjs'
import { readXlsxBook } from '../../tests/api/sheet-util.mjs'

let h
before(async () => {
  process.env.LUOSHI_TODAY = '2020-07-05'
  h = await startHarness()
})
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of 401/.test(m))

test('the officer opens a prefecture\'s figure into its enterprises and downloads them', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto(h.base + '/statistics?month=2020-06')
    const fig = page.locator('[data-test=stats-agg-ytd][data-key="650100"]')
    await fig.waitFor()
    const groupYtd = Number(await fig.getAttribute('data-fen'))
    await fig.click()
    const drawer = page.locator('[data-test=stats-drill]')
    await drawer.locator('[data-test=stats-drill-name]').first().waitFor()
    assert.match(await drawer.innerText(), /乌鲁木齐市 · 营业收入 · 2020-06/)
    const ytds = await drawer.locator('[data-test=stats-drill-ytd]').evaluateAll((els) => els.map((e) => Number(e.dataset.fen)))
    assert.ok(ytds.length > 1)
    assert.equal(ytds.reduce((s, x) => s + x, 0), groupYtd, 'the enterprises add up to the figure clicked')
    assert.equal(await drawer.locator('[data-test=stats-drill-sum]').getAttribute('data-ytd'), String(groupYtd))
    const names = await drawer.locator('[data-test=stats-drill-name]').allInnerTexts()
    await h.shot(page, 'statistics-drill')

    const [dl] = await Promise.all([page.waitForEvent('download'), drawer.locator('[data-test=stats-drill-export]').click()])
    assert.match(dl.suggestedFilename(), /^运行监测-乌鲁木齐市-2020-06\.xlsx$/)
    const sheet = readXlsxBook(readFileSync(await dl.path()))['运行监测明细']
    assert.equal(sheet[0][1], '企业名称')
    assert.deepEqual(sheet.slice(1).map((r) => r[1]), names, 'the same enterprises in the same order')

    // A county of the prefecture from the by-industry view works the same way: a row click.
    await page.keyboard.press('Escape')
    await page.locator('[data-test=stats-by]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '按行业大类' }).click()
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=stats-agg-name]')].every((e) => /^C\d\d$/.test(e.dataset.key)))
    const first = page.locator('[data-test=stats-agg-name]').first()
    const key = await first.getAttribute('data-key')
    await first.click()
    await drawer.locator('[data-test=stats-drill-name]').first().waitFor()
    const want = Number(await page.locator(`[data-test=stats-agg-ytd][data-key="${key}"]`).getAttribute('data-fen'))
    await page.waitForFunction((w) => Number(document.querySelector('[data-test=stats-drill-sum]')?.dataset.ytd) === w, want)
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})
