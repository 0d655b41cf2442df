// GB 32100-2015 unified social credit code, as the server checks it:
// 18 characters from CHARSET; C18 = (31 − Σ(v_i · 3^(i−1) mod 31) mod 31) mod 31.
export const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

// Spaces, hyphens, lower case and full-width characters are normalised, not rejected.
export function normalizeCreditCode(s) {
  return String(s || '')
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0))
    .replace(/[\s\u3000\-\u2010-\u2015\uFF0D]/g, '')
    .toUpperCase()
}

export function creditCheckChar(first17) {
  let sum = 0
  let w = 1
  for (let i = 0; i < 17; i++) {
    sum += CHARSET.indexOf(first17[i]) * w
    w = (w * 3) % 31
  }
  return CHARSET[(31 - (sum % 31)) % 31]
}

// → null when valid, else { key, params } for the i18n message under credit.*
export function checkCreditCode(input) {
  const s = normalizeCreditCode(input)
  if (s.length !== 18) return { key: 'credit.length', params: { n: s.length } }
  for (const c of s) if (!CHARSET.includes(c)) return { key: 'credit.charset', params: { c } }
  const want = creditCheckChar(s)
  if (s[17] !== want) return { key: 'credit.check', params: { c: want } }
  return null
}
