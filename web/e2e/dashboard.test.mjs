// The dashboards on the demo data (reporting calendar 2020-07-15, June being reported): the
// officer's landing on 总览 with today's warning summary, the officer's overview (KPI cards, map, bars, lists) and charts' data as real .xlsx files; a
// prefecture user's overview and wall screen holding only its own prefecture's figures.
// The wall screen and the briefing for the officer: e2e/screen.test.mjs.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import zlib from 'node:zlib'
import { startHarness } from './harness.mjs'

let h
before(async () => {
  process.env.LUOSHI_TODAY = '2020-07-15'
  h = await startHarness()
})
after(async () => { if (h) await h.stop() })

const errors = (page) => page.consoleErrors.filter((m) => !/status of 401/.test(m))
const apiGet = (page, p) => page.evaluate(async (x) => (await fetch('/api/v1' + x)).json(), p)
const rowsOf = async (page, name) => Number(await page.locator(`[data-test=chart-${name}]`).getAttribute('data-rows'))

// The entries of a zip file (an .xlsx) by name, inflated: read from the central directory.
function unzip(buf) {
  const out = {}
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  let p = buf.readUInt32LE(eocd + 16)
  for (let n = buf.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20)
    const nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + size)
    out[name] = (method === 8 ? zlib.inflateRawSync(data) : data).toString('utf8')
    p += 46 + nameLen + extra + comment
  }
  return out
}

test('the officer lands on 总览 after signing in: KPI cards and today\'s warning summary', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.waitForURL('**/overview')
    await page.locator('[data-test=overview]').waitFor()
    await page.locator('[data-test=kpi-card]').first().waitFor()
    const policy = (await apiGet(page, '/policies')).items[0]
    const sc = await apiGet(page, `/scorecard?policy=${policy.id}&as_of=2020-06`)
    assert.equal(await page.locator('[data-test=kpi-card]').count(), sc.targets.length)
    assert.equal(await page.locator('[data-test=kpi-card][data-key=T1]').getAttribute('data-status'),
      sc.targets.find((x) => x.code === 'T1').status || 'none')
    // The warning summary the enterprise list used to carry, with the API's numbers.
    const s = await apiGet(page, '/warnings/summary')
    assert.ok(s.total > 0, 'the demo has warnings today')
    const card = page.locator('[data-test=warn-summary]')
    await card.waitFor()
    assert.equal(Number(await card.getAttribute('data-total')), s.total)
    assert.equal(Number(await page.locator('[data-test=warn-summary-kind-report_missing]').getAttribute('data-n')), s.counts.report_missing)
    assert.match(await page.locator('[data-test=menu-overview]').getAttribute('class'), /is-active/, '总览 is the menu item shown')
    await h.shot(page, 'overview-landing')
    // The registry is a menu item away and no longer repeats the card; / still opens 总览.
    await page.locator('[data-test=menu-enterprises]').click()
    await page.locator('[data-test=ent-link]').first().waitFor()
    assert.equal(await page.locator('[data-test=warn-summary]').count(), 0)
    await page.goto('/')
    await page.waitForURL('**/overview')
    await page.locator('[data-test=warn-summary]').waitFor()
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('the officer\'s overview: KPI cards, the map and bars with data, the lists; a chart downloads as .xlsx', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.waitForURL('**/overview') // the officer's landing page
    await page.locator('[data-test=kpi-card]').first().waitFor()
    const policy = (await apiGet(page, '/policies')).items[0]
    const sc = await apiGet(page, `/scorecard?policy=${policy.id}&as_of=2020-06`)
    assert.equal(await page.locator('[data-test=kpi-card]').count(), sc.targets.length)
    for (const tg of sc.targets)
      assert.equal(await page.locator(`[data-test=kpi-card][data-key=${tg.code}]`).getAttribute('data-status'), tg.status || 'none', tg.code)
    const agg = await apiGet(page, '/statistics/aggregate?indicator=revenue&by=division&month=2020-06')
    assert.ok(agg.groups.length >= 3)
    await page.locator('[data-test=chart-map] canvas').waitFor()
    await page.locator('[data-test=chart-bars] canvas').waitFor()
    await page.locator('[data-test=chart-trend] canvas').waitFor()
    assert.equal(await rowsOf(page, 'bars'), agg.groups.length)
    assert.equal(await rowsOf(page, 'map'), agg.groups.length)
    const top = await apiGet(page, '/statistics/top?indicator=revenue&month=2020-06&limit=10')
    assert.equal(await page.locator('[data-test=list-top] [data-test=list-row]').count(), top.items.length)
    assert.equal(await page.locator('[data-test=list-top] [data-test=list-row]').first().locator('td').nth(1).innerText(), top.items[0].name)
    assert.equal(await page.locator('[data-test=list-top] [data-test=list-link]').first().getAttribute('href'), `/enterprises/${top.items[0].enterprise_id}`)
    const lag = await apiGet(page, '/warnings?kind=investment_lag&per_page=20')
    assert.equal(await page.locator('[data-test=list-lag] [data-test=list-row]').count(), Math.min(10, lag.items.length))
    const overdue = await apiGet(page, '/tasks?status=overdue')
    assert.equal(await rowsOf(page, 'overdue'), overdue.items.length)
    await page.waitForTimeout(400)
    await h.shot(page, 'overview-officer')

    // 下载数据 on the bars: a real .xlsx (a zip: PK) with the sheet and Chinese headers with units.
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test=chart-bars] [data-test=chart-download]').click(),
    ])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    const buf = fs.readFileSync(await dl.path())
    assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK')
    const files = unzip(buf)
    assert.match(files['xl/workbook.xml'], /<sheet [^>]*name="分地区营业收入"/)
    const text = Object.entries(files).filter(([n]) => n.startsWith('xl/')).map(([, v]) => v).join('')
    assert.ok(text.includes('1–6月累计（亿元）'), 'header with its unit')
    assert.ok(text.includes(agg.groups[0].name), 'a region\'s name')
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('the scorecard and the statistics pages download their figures as .xlsx too', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto('/scorecard')
    await page.locator('[data-test=score-target]').first().waitFor()
    const grab = async (sel) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(sel).first().click()])
      const buf = fs.readFileSync(await dl.path())
      assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK')
      return unzip(buf)
    }
    let files = await grab('[data-test=score-table-download]')
    assert.match(files['xl/workbook.xml'], /name="目标完成情况"/)
    files = await grab('[data-test=score-target][data-code=T1] [data-test=score-download]')
    assert.match(files['xl/workbook.xml'], /name="营业收入走势"/)
    assert.ok(Object.values(files).join('').includes('目标路径（亿元）'))
    await page.goto('/statistics?month=2020-06&indicator=revenue&by=division')
    await page.locator('[data-test=stats-agg-name]').first().waitFor()
    files = await grab('[data-test=stats-agg-download]')
    assert.match(files['xl/workbook.xml'], /name="营业收入"/)
    assert.ok(Object.values(files).join('').includes('1–6月累计（万元）'))
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('a prefecture user\'s overview holds only its own prefecture\'s figures', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'prefecture')
    await page.waitForURL('**/overview') // a prefecture user lands on its prefecture's 总览
    await page.locator('[data-test=chart-bars] canvas').waitFor()
    const me = await apiGet(page, '/session')
    const pref = me.user.division.slice(0, 4)
    const agg = await apiGet(page, '/statistics/aggregate?indicator=revenue&by=division&month=2020-06')
    assert.ok(agg.groups.length > 0 && agg.groups.every((g) => g.key.startsWith(pref)), 'counties of its prefecture')
    assert.equal(await rowsOf(page, 'bars'), agg.groups.length)
    assert.equal(await rowsOf(page, 'map'), 1) // its own prefecture, highlighted
    assert.equal(await page.locator('[data-test=kpi-card]').count(), 4)
    assert.match(await page.locator('[data-test=kpi-card][data-key=revenue] [data-test=kpi-value]').innerText(),
      new RegExp((agg.total.ytd_fen / 1e10).toFixed(2).replace('.', '\\.')))
    const top = await apiGet(page, '/statistics/top?indicator=revenue&month=2020-06&limit=10')
    assert.ok(top.items.length > 0 && top.items.every((x) => x.division.startsWith(pref)))
    const names = await page.locator('[data-test=list-top] [data-test=list-row] td:nth-child(2)').allInnerTexts()
    assert.deepEqual(names, top.items.map((x) => x.name))
    const all = await h.apiAs('officer', 'GET', '/statistics/top?indicator=revenue&month=2020-06&limit=100')
    const others = all.body.items.filter((x) => !x.division.startsWith(pref)).map((x) => x.name)
    assert.ok(others.length > 0 && names.every((n) => !others.includes(n)), 'no other prefecture\'s enterprise')
    assert.equal(await page.locator('[data-test=chart-overdue]').count(), 0)
    await page.waitForTimeout(400)
    await h.shot(page, 'overview-prefecture')
    // Its wall screen: the same narrowed figures.
    await page.goto('/screen')
    await page.locator('[data-test=chart-bars] canvas').waitFor()
    assert.equal(await rowsOf(page, 'bars'), agg.groups.length)
    assert.equal(await rowsOf(page, 'map'), 1)
    assert.equal(await page.locator('[data-test=kpi-card]').count(), 4)
    assert.equal(await page.locator('[data-test=chart-overdue]').count(), 0)
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})

test('a prefecture\'s bar on the overview opens its enterprises on 运行监测', async () => {
  const page = await h.newPage()
  try {
    await h.signIn(page, 'officer')
    await page.goto('/overview')
    const canvas = page.locator('[data-test=chart-bars] canvas')
    await canvas.waitFor()
    const agg = await apiGet(page, '/statistics/aggregate?indicator=revenue&by=division&month=2020-06')
    await canvas.scrollIntoViewIfNeeded()
    await page.waitForTimeout(800) // the bars grow in
    // The bars' plot (regionBarsOption's grid: left 56, right 48, bottom 72): just above the axis,
    // a little left of each category's middle, where its first bar (this year) stands.
    const box = await canvas.boundingBox()
    const i = agg.groups.findIndex((g) => g.ytd_fen > 0)
    const w = (box.width - 56 - 48) / agg.groups.length
    await page.mouse.click(box.x + 56 + w * (i + 0.5) - Math.max(2, w / 8), box.y + box.height - 72 - 2)
    await page.waitForURL(/\/statistics\?/)
    assert.match(page.url(), new RegExp(`key=${agg.groups[i].key}`))
    const drawer = page.locator('[data-test=stats-drill]')
    await drawer.locator('[data-test=stats-drill-name]').first().waitFor()
    assert.match(await drawer.innerText(), new RegExp(agg.groups[i].name))
    assert.deepEqual(errors(page), [])
  } finally {
    await page.close()
  }
})
