// Money: the API carries integer fen (分); the console shows and takes 万元.
// 1 万元 = 10,000 元 = 1,000,000 分. Everything here is integer (BigInt) or
// string arithmetic, so large amounts never pick up floating-point error.
const FEN_PER_WAN = 1000000n
const WAN_DECIMALS = 6 // 1 分 = 0.000001 万元

// number | bigint | digit string → BigInt, or null when it is not an integer.
export function toBigFen(v) {
  if (v === null || v === undefined || v === '') return null
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : null
  const s = String(v).trim()
  return /^-?\d+$/.test(s) ? BigInt(s) : null
}

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * fen → 万元 text with `decimals` places (default 2), rounded half away from zero,
 * with thousands separators unless grouping is false. '' for null/undefined.
 *   fenToWan(123456789) === '123.46'; fenToWan('900719925474099312345') === '900,719,925,474,099.31'
 */
export function fenToWan(fen, { decimals = 2, grouping = true } = {}) {
  const v = toBigFen(fen)
  if (v === null) return ''
  const neg = v < 0n
  const a = neg ? -v : v
  const d = Math.max(0, Math.min(WAN_DECIMALS, decimals))
  const unit = 10n ** BigInt(WAN_DECIMALS - d)   // fen per last shown digit
  const q = (a + unit / 2n) / unit                // rounded, in units of 10^-d 万元
  const scale = 10n ** BigInt(d)
  const int = (q / scale).toString()
  const frac = d ? '.' + (q % scale).toString().padStart(d, '0') : ''
  const sign = neg && q !== 0n ? '-' : ''
  return sign + (grouping ? group(int) : int) + frac
}

// fen → the exact 万元 amount as plain text for an input box: no grouping, no
// rounding, trailing zeros dropped (1500000 → '1.5', 100 → '0.0001').
export function fenToWanExact(fen) {
  const v = toBigFen(fen)
  if (v === null) return ''
  const neg = v < 0n
  const a = neg ? -v : v
  const int = (a / FEN_PER_WAN).toString()
  const frac = (a % FEN_PER_WAN).toString().padStart(WAN_DECIMALS, '0').replace(/0+$/, '')
  return (neg ? '-' : '') + int + (frac ? '.' + frac : '')
}

// Full-width digits and the ideographic full stop/commas typed by Chinese IMEs.
function normalize(s) {
  return String(s ?? '')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[,\uFF0C\s]/g, '')
}

/**
 * 万元 text → fen as BigInt by string math; null when empty; throws
 * Error('format'|'precision') when it is not a non-negative amount with at most
 * 6 decimals (1 分).  '1.5' → 1500000n, '0.000001' → 1n.
 */
export function parseWanToBigFen(text) {
  const s = normalize(text)
  if (s === '') return null
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s)
  if (!m || (m[1] === '' && !m[2])) throw new Error('format')
  const frac = (m[2] || '').replace(/0+$/, '')
  if (frac.length > WAN_DECIMALS) throw new Error('precision')
  return BigInt(m[1] || '0') * FEN_PER_WAN + BigInt(frac.padEnd(WAN_DECIMALS, '0') || '0')
}

// Same, as a JSON-safe integer Number (fen); throws Error('too_large') beyond 2^53−1.
export function wanToFen(text) {
  const b = parseWanToBigFen(text)
  if (b === null) return null
  if (b > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('too_large')
  return Number(b)
}

// Is the text a valid 万元 amount (or empty)? → null, or the error key.
export function checkWan(text) {
  try { wanToFen(text); return null } catch (e) { return e.message }
}

// Sum of fen values (numbers, bigints or digit strings; empty ones skipped) as BigInt.
export function sumFen(values) {
  let s = 0n
  for (const v of values) {
    const b = toBigFen(v)
    if (b !== null) s += b
  }
  return s
}

// Share of part in whole as 'xx.x%' (integer math, one decimal), '' when whole is 0.
export function pctText(part, whole, decimals = 1) {
  const p = toBigFen(part)
  const w = toBigFen(whole)
  if (p === null || !w) return ''
  const scale = 10n ** BigInt(decimals)
  const q = (p * 100n * scale * 2n + w) / (w * 2n) // rounded half up (non-negative inputs)
  const int = (q / scale).toString()
  return int + (decimals ? '.' + (q % scale).toString().padStart(decimals, '0') : '') + '%'
}
