// Labels of a project's coded values in the reader's language. Reference names
// come from the server in Chinese; English uses the locale (categories) or the
// server's name_en (funding sources) when there is one.
import { useI18n } from 'vue-i18n'
import { useRef } from '../stores/ref.js'

export function useProjectText() {
  const { t, te, locale } = useI18n()
  const refs = useRef()
  const en = () => locale.value === 'en'
  return {
    status: (s) => (s && te('projectStatus.' + s) ? t('projectStatus.' + s) : s || ''),
    action: (a) => (a && te('projectAction.' + a) ? t('projectAction.' + a) : a || ''),
    event: (a) => (a && te('projectEvent.' + a) ? t('projectEvent.' + a) : a || ''),
    category: (c) => (!c ? '' : en() && te('projectCategory.' + c) ? t('projectCategory.' + c) : refs.categoryName(c)),
    source: (c) => refs.fundingSourceName(c, locale.value),
    field: (c) => (c ? refs.fieldName(c) : ''),
    base: (c) => (c ? refs.baseName(c) : ''),
    policyItem: (c) => (c ? `${c} ${refs.policyItemName(c)}` : ''),
    // 'prefecture / county' of a division code
    division: (code, fallback) => refs.divisionPath(code).map((c) => refs.divisionName(c)).join(' / ') || fallback || code || '',
  }
}
