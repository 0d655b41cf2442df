import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.js'
import en from './locales/en.js'

export const LANG_KEY = 'luoshi.lang'
export const LANGS = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
]

function initialLocale() {
  try {
    const saved = localStorage.getItem(LANG_KEY)
    if (saved === 'zh-CN' || saved === 'en') return saved
  } catch { /* storage may be unavailable */ }
  return 'zh-CN' // Chinese first, whatever the browser says
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function currentLocale() {
  return i18n.global.locale.value
}

export function setLocale(code) {
  i18n.global.locale.value = code
  try { localStorage.setItem(LANG_KEY, code) } catch { /* ignore */ }
  document.documentElement.lang = code
  document.title = i18n.global.t('app.name')
}

export const t = (...args) => i18n.global.t(...args)
