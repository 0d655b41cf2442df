// The dashboards' data (总览, 大屏, 简报) for the signed-in user, each part from the API in
// the user's scope: the scorecard (roles that read it), revenue by prefecture — or, for a
// prefecture user, by county of its own prefecture —, the top enterprises, projects lagging
// on investment and overdue tasks (roles that read tasks). Also the chart options and tables.
import { ref, computed } from 'vue'
import { use, registerMap } from 'echarts/core'
import { MapChart } from 'echarts/charts'
import geo from '../assets/maps/xinjiang.json'
import { api } from '../api.js'
import { useSession } from '../stores/session.js'
import { useRef } from '../stores/ref.js'
import { canSeeScorecard, canSeeTasks } from './perm.js'
import { MAP_NAME, regionNames } from './xjmap.js'
import {
  trajectoryOption, trajectoryTable, regionBarsOption, regionBarsTable, growthMapOption, growthMapTable,
  topTable, lagTable, overdueTable, scorecardTable,
} from './charts.js'

// registerMap works once the map chart is installed (whichever module loads first).
use([MapChart])
registerMap(MAP_NAME, geo)
const NAMES = regionNames(geo)

// The month before the reporting calendar's today: the month being reported now.
export function monthBefore(today) {
  const y = Number(today.slice(0, 4)), m = Number(today.slice(5, 7))
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

// The target the revenue trend follows: revenue from the statistics (T1), else the first with annual figures.
export function trendTarget(sc) {
  if (!sc) return null
  const withAnnual = sc.targets.filter((x) => x.annual && x.annual.length)
  return withAnnual.find((x) => x.source === 'statistics' && x.indicator_key === 'revenue') || withAnnual[0] || null
}

export function useDashboard(t, { big = false, dark = false } = {}) {
  const session = useSession()
  const refs = useRef()
  const user = computed(() => session.user || {})
  const isPrefecture = computed(() => user.value.role === 'prefecture')
  const month = ref('')
  const today = ref('')
  const sc = ref(null)
  const agg = ref(null)
  const top = ref(null)
  const lag = ref([])
  const lagTotal = ref(0)
  const overdue = ref([])
  const loading = ref(false)
  const error = ref('')
  const loadedAt = ref(null)

  async function load() {
    loading.value = true
    error.value = ''
    try {
      const w = await api.get('/warnings', { kind: 'investment_lag', per_page: 20 })
      today.value = w.today || ''
      if (!month.value) month.value = monthBefore(today.value || new Date().toISOString().slice(0, 10))
      lag.value = w.items
      lagTotal.value = w.total
      const role = user.value.role
      const jobs = [
        api.get('/statistics/aggregate', { indicator: 'revenue', by: 'division', month: month.value }).then((r) => { agg.value = r }),
        api.get('/statistics/top', { indicator: 'revenue', month: month.value, limit: 10 }).then((r) => { top.value = r }),
      ]
      if (canSeeTasks(role)) jobs.push(api.get('/tasks', { status: 'overdue' }).then((r) => { overdue.value = r.items }))
      if (canSeeScorecard(role)) {
        jobs.push(api.get('/policies').then(async (p) => {
          sc.value = p.items.length ? await api.get('/scorecard', { policy: p.items[0].id, as_of: month.value }) : null
        }))
      }
      await Promise.all(jobs)
      loadedAt.value = new Date()
    } catch (e) {
      error.value = e.message
    } finally {
      loading.value = false
    }
  }

  const m = computed(() => Number(month.value.slice(5, 7)))
  // The prefecture a prefecture user belongs to (its own code, or its county's prefecture).
  const ownPrefecture = computed(() => (isPrefecture.value && user.value.division ? user.value.division.slice(0, 4) + '00' : ''))
  // Groups per prefecture for the map: the region's, or for a prefecture user its own total.
  const mapGroups = computed(() => {
    if (!agg.value) return []
    if (!isPrefecture.value) return agg.value.groups
    const tot = agg.value.total || {}
    return [{ key: ownPrefecture.value, name: refs.divisionName(ownPrefecture.value), ytd_fen: tot.ytd_fen, ytd_last_year_fen: tot.ytd_last_year_fen, yoy_pct: tot.yoy_pct }]
  })
  const trend = computed(() => trendTarget(sc.value))
  const divName = (c) => refs.divisionName(c)
  const depName = (c) => refs.departmentName(c)
  const charts = computed(() => ({
    trend: trend.value ? { option: trajectoryOption(trend.value, t, { big }), table: trajectoryTable(trend.value, t) } : null,
    bars: agg.value ? { option: regionBarsOption(agg.value, t, { big }), table: regionBarsTable(agg.value, t) } : null,
    map: agg.value ? {
      option: growthMapOption(mapGroups.value, refs.divisions, NAMES, t, { highlight: ownPrefecture.value, big, dark }),
      table: growthMapTable(mapGroups.value, month.value, t),
    } : null,
    top: topTable(top.value, t, divName),
    lag: lagTable(lag.value, t, divName),
    overdue: overdueTable(overdue.value, t, depName),
    scorecard: scorecardTable(sc.value, t),
  }))

  // The KPI cards: each target's actual against its target (roles that read the scorecard),
  // else the scope's revenue, growth, reporting enterprises and lagging projects.
  const kpis = computed(() => {
    if (sc.value) {
      return sc.value.targets.map((tg) => ({
        key: tg.code, label: tg.code + ' ' + tg.name, status: tg.status || 'none',
        value: tg.actual ? targetValue(tg, tg.actual.value) : '—', unit: tg.unit === 'fen' ? t('dash.yi') : t('ledger.unitCount'),
        target: targetValue(tg, tg.target_value), pct: tg.pct_achieved, when: tg.actual ? String(tg.actual.year || tg.actual.as_of) : '',
      }))
    }
    const tot = (agg.value && agg.value.total) || {}
    return [
      { key: 'revenue', label: t('dash.ytdRevenue', { m: m.value }), value: yiText(tot.ytd_fen), unit: t('dash.yi') },
      { key: 'yoy', label: t('dash.yoy'), value: pctText(tot.yoy_pct), unit: '', status: tot.yoy_pct == null ? 'none' : tot.yoy_pct >= 0 ? 'on_track' : 'off_track' },
      { key: 'reporting', label: t('dash.reporting'), value: String(tot.reporting ?? '—'), unit: '' },
      { key: 'lag', label: t('dash.lagCount'), value: String(lagTotal.value), unit: '', status: lagTotal.value ? 'at_risk' : 'achieved' },
    ]
  })

  return { kpis, user, isPrefecture, ownPrefecture, month, today, sc, agg, top, lag, lagTotal, overdue, loading, error, loadedAt, m, trend, charts, load }
}

// Display helpers: 亿元 with two decimals, a signed percentage.
export const yiText = (fen) => (fen == null ? '—' : (Number(fen) / 1e10).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }))
export const wanText = (fen) => (fen == null ? '—' : (Number(fen) / 1e6).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }))
export const pctText = (p) => (p == null ? '—' : (p > 0 ? '+' : '') + p.toFixed(2) + '%')
export const STATUS_TYPE = { achieved: 'success', on_track: 'primary', at_risk: 'warning', off_track: 'danger', none: 'info' }
// A target's figure: 亿元 for money, the count otherwise.
export const targetValue = (tg, v) => (v == null ? '—' : tg.unit === 'fen' ? yiText(v) : String(v))
