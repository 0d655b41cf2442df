// Thin fetch wrapper for /api/v1: JSON in and out, the CSRF header on writes,
// Accept-Language matching the chosen UI language, errors as ApiError.
import { currentLocale } from './i18n.js'

export const BASE = '/api/v1'

let csrfToken = ''
let onUnauthenticated = null

export function setCsrf(token) { csrfToken = token || '' }
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn }

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {}
    super(e.message || `HTTP ${status}`)
    this.status = status
    this.code = e.code || ''
    this.field = e.field || ''
    this.body = body || {}
    this.current = body && body.current      // 409 conflict: the record as it is now
    this.report = body && body.report        // 422 import_rows: the import report
  }
}

export function qs(params) {
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) { if (v.length) sp.set(k, v.join(',')) } else sp.set(k, String(v))
  }
  const s = sp.toString()
  return s ? '?' + s : ''
}

export function url(path, params) {
  return BASE + path + qs(params)
}

/**
 * request('GET', '/enterprises', { query, body, contentType, quiet401 })
 * body: a plain object is sent as JSON; a Blob/ArrayBuffer as is with contentType.
 */
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': currentLocale() === 'en' ? 'en' : 'zh-CN' }
  let body
  if (opts.body !== undefined) {
    if (opts.body instanceof Blob || opts.body instanceof ArrayBuffer) {
      body = opts.body
      headers['Content-Type'] = opts.contentType || 'application/octet-stream'
    } else {
      body = JSON.stringify(opts.body)
      headers['Content-Type'] = 'application/json'
    }
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch(url(path, opts.query), { method, headers, body, credentials: 'same-origin' })
  } catch (err) {
    throw new ApiError(0, { error: { code: 'network', message: String(err.message || err) } })
  }
  if (res.status === 204) return null
  const text = await res.text()
  let data = null
  if (text) {
    try { data = JSON.parse(text) } catch { data = { error: { code: 'bad_response', message: text.slice(0, 200) } } }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data)
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated(err)
    throw err
  }
  return data
}

export const api = {
  get: (path, query, opts) => request('GET', path, { ...opts, query }),
  post: (path, body, opts) => request('POST', path, { ...opts, body }),
  patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),
}
