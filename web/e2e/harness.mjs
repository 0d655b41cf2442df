// Shared set-up for the browser tests: a fresh demo database, a real
// `luoshi serve` on a free port, and headless Debian chromium via playwright-core.
//
//   LUOSHI_BIN=/abs/path/luoshi node --test --test-concurrency=1 e2e/
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { demoDb } from '../../tests/api/harness.mjs'

const HERE = path.dirname(fileURLToPath(import.meta.url))
export const SCREENSHOTS = path.join(HERE, 'screenshots')
export const PASSWORD = 'luoshi-demo-2026'
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

// ---- GB 32100-2015 unified social credit codes ------------------------------
export const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

export function creditCheckChar(first17) {
  let sum = 0
  let w = 1
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i])
    if (v < 0) throw new Error('bad credit code character ' + first17[i])
    sum += v * w
    w = (w * 3) % 31
  }
  return CHARSET[(31 - (sum % 31)) % 31]
}

// GB 11714 organisation code check character for 8 base characters.
export function orgCheckChar(base8) {
  const W = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const c = base8[i]
    const v = /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55
    sum += v * W[i]
  }
  const r = 11 - (sum % 11)
  return r === 10 ? 'X' : r === 11 ? '0' : String(r)
}

let serial = 0
// A valid code: registration authority 9 (工商), kind 1 (企业), the division code,
// an 8-digit organisation body made unique per call, its GB 11714 check, then C18.
export function makeCreditCode(division = '650100', seed) {
  serial++
  const n = seed ?? (Date.now() % 1e6) * 100 + (process.pid % 10) * 10 + serial
  const base8 = String(n % 1e8).padStart(8, '0')
  const first17 = '91' + division + base8 + orgCheckChar(base8)
  return first17 + creditCheckChar(first17)
}

// The same code with a wrong 18th character.
export function breakCheckChar(code) {
  const good = code[17]
  const bad = CHARSET[(CHARSET.indexOf(good) + 1) % 31]
  return code.slice(0, 17) + bad
}

// ---- the server ---------------------------------------------------------------
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function waitFor(url, proc, ms = 20000) {
  const end = Date.now() + ms
  let last
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`luoshi serve exited with ${proc.exitCode}`)
    try {
      const r = await fetch(url)
      if (r.ok) return await r.json()
      last = new Error('HTTP ' + r.status)
    } catch (e) { last = e }
    await sleep(100)
  }
  throw new Error(`server did not answer ${url}: ${last && last.message}`)
}

/**
 * Start everything; returns { base, browser, log, newPage(), signIn(), shot(), stop() }.
 * Call stop() in an after() hook.
 */
export async function startHarness() {
  const bin = process.env.LUOSHI_BIN
  if (!bin) throw new Error('LUOSHI_BIN must name the luoshi binary (absolute path)')
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'))
  // A copy of a demo database made once per build (tests/api/harness.mjs demoDb).
  const db = demoDb(tmp, 't.db', bin)
  const port = await freePort()
  const log = []
  const proc = spawn(bin, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`], {
    cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'],
  })
  proc.stdout.on('data', (d) => log.push(String(d)))
  proc.stderr.on('data', (d) => log.push(String(d)))
  const base = `http://127.0.0.1:${port}`
  let browser
  try {
    const meta = await waitFor(base + '/api/v1/meta', proc)
    // Playwright gives every launch a fresh temporary profile of its own (it
    // refuses --user-data-dir in launch()); each test then gets a new context.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage'],
    })
    fs.mkdirSync(SCREENSHOTS, { recursive: true })
    const contexts = []
    const h = {
      base, tmp, db, meta, log, browser,
      async newPage(opts = {}) {
        const ctx = await browser.newContext({ baseURL: base, viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true, ...opts })
        contexts.push(ctx)
        ctx.setDefaultTimeout(10000)
        const page = await ctx.newPage()
        page.consoleErrors = []
        page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()) })
        page.on('pageerror', (e) => page.consoleErrors.push(String(e)))
        return page
      },
      // Sign in through the UI and wait until the console (not the sign-in page) shows.
      async signIn(page, username, password = PASSWORD) {
        await page.goto('/login')
        await input(page, 'login-username').fill(username)
        await input(page, 'login-password').fill(password)
        await page.locator('[data-test=login-submit]').click()
        await page.locator('[data-test=side-menu]').waitFor()
        await page.waitForURL((u) => !u.pathname.startsWith('/login'))
      },
      async shot(page, name) {
        const file = path.join(SCREENSHOTS, name.replace(/[^\w.-]+/g, '_') + '.png')
        await page.screenshot({ path: file, fullPage: true }).catch(() => {})
        return file
      },
      // A direct API call with a signed-in session of its own (for set-up and cross-checks).
      async apiAs(username, method, p, body) {
        const s = await fetch(base + '/api/v1/session', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ username, password: PASSWORD }),
        })
        if (!s.ok) throw new Error(`sign-in as ${username}: HTTP ${s.status}`)
        const cookie = (s.headers.get('set-cookie') || '').split(';')[0]
        const { csrf_token: csrf } = await s.json()
        const r = await fetch(base + '/api/v1' + p, {
          method, body: body === undefined ? undefined : JSON.stringify(body),
          headers: { Cookie: cookie, 'X-CSRF-Token': csrf, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        })
        const text = await r.text()
        return { status: r.status, body: text ? JSON.parse(text) : null }
      },
      async stop() {
        for (const c of contexts) await c.close().catch(() => {})
        if (browser) await browser.close().catch(() => {})
        if (proc.exitCode === null) {
          proc.kill('SIGTERM')
          const t = setTimeout(() => proc.kill('SIGKILL'), 3000)
          await new Promise((r) => proc.once('exit', r))
          clearTimeout(t)
        }
        fs.rmSync(tmp, { recursive: true, force: true })
      },
    }
    return h
  } catch (e) {
    if (browser) await browser.close().catch(() => {})
    proc.kill('SIGKILL')
    fs.rmSync(tmp, { recursive: true, force: true })
    e.message += '\nserver log:\n' + log.join('')
    throw e
  }
}

// Pick an option of a filterable el-cascader by typing and clicking the suggestion.
export async function pickCascader(page, wrapper, text, suggestion = text) {
  const input = page.locator(wrapper).locator('input').first()
  await input.click()
  await input.fill(text)
  const item = page.locator('.el-cascader__suggestion-item:visible', { hasText: suggestion }).first()
  await item.waitFor()
  await item.click()
}

// The visible text of every data row of an el-table.
export async function tableRows(page, selector) {
  return page.locator(`${selector} .el-table__body-wrapper tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())))
}

// The <input> of an Element Plus input-like component: el-input puts data-test on
// the <input> itself, wrappers (el-cascader in a div) have it outside.
export function input(page, name) {
  return page.locator(`input[data-test=${name}], [data-test=${name}] input`).first()
}

// A small RFC 4180 reader for checking exported files.
export function parseCsv(text) {
  const rows = []
  let row = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(cell); cell = '' }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += c
  }
  if (cell || row.length) { row.push(cell); rows.push(row) }
  return rows
}
