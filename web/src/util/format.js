const pad = (n) => String(n).padStart(2, '0')

// ISO-8601 UTC timestamp → local 'YYYY-MM-DD HH:mm:ss'
export function fmtTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  if (isNaN(d)) return String(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

export function fmtSize(n) {
  if (n < 1024) return n + ' B'
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB'
  return (n / 1024 / 1024).toFixed(1) + ' MB'
}

// Show a value of any type in a table cell; yes/no in the reader's words.
export function fmtValue(v, yesNo = ['是', '否']) {
  if (v === null || v === undefined || v === '') return '—'
  if (typeof v === 'boolean') return v ? yesNo[0] : yesNo[1]
  if (Array.isArray(v)) return v.join('、') || '—'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

// Trigger a same-origin download (the session cookie goes along).
export function download(href) {
  const a = document.createElement('a')
  a.href = href
  a.download = ''
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}
