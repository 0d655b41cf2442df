// Chart options and their data tables (for 下载数据), shared by the scorecard, the overview,
// the wall screen and the briefing. t is vue-i18n's t. Money arrives in integer fen.
import { MAP_NAME, mapData } from './xjmap.js'

const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d
export const fenToYi = (fen) => (fen == null ? null : round(Number(fen) / 1e10, 6))
export const fenToWanNum = (fen) => (fen == null ? null : round(Number(fen) / 1e6, 6))
const monthNo = (month) => Number(String(month).slice(5, 7))

// A target's annual actuals, the straight path from its baseline to the target, and the
// forecast at the deadline, in 亿元 (counts as they are).
export function trajectorySeries(tg) {
  const dy = Number(tg.deadline.slice(0, 4))
  const by = tg.baseline_year || tg.annual[0].year
  const years = []
  for (let y = Math.min(by, tg.annual[0].year); y <= dy; y++) years.push(y)
  const val = (v) => (v == null ? null : tg.unit === 'fen' ? Number(v) / 1e10 : Number(v))
  const actual = years.map((y) => { const a = tg.annual.find((x) => x.year === y && x.complete); return a ? val(a.value) : null })
  const path = years.map((y) => (y < by ? null : val(tg.baseline_value + (tg.target_value - tg.baseline_value) * (y - by) / (dy - by))))
  const forecast = years.map((y) => (y === dy && tg.forecast != null ? val(tg.forecast) : null))
  return { years, actual, path, forecast }
}

export function trajectoryOption(tg, t, { big = false } = {}) {
  const s = trajectorySeries(tg)
  const names = [t('score.actualSeries'), t('score.pathSeries'), t('score.forecastSeries')]
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { data: names, bottom: 0, textStyle: big ? { fontSize: 16 } : undefined },
    grid: { left: 48, right: 12, top: 12, bottom: 40 },
    xAxis: { type: 'category', data: s.years },
    yAxis: { type: 'value' },
    series: [
      { name: names[0], type: 'line', data: s.actual, connectNulls: false, lineStyle: big ? { width: 4 } : undefined },
      { name: names[1], type: 'line', data: s.path, lineStyle: { type: 'dashed' } },
      { name: names[2], type: 'scatter', data: s.forecast, symbolSize: 12 },
    ],
  }
}

export function trajectoryTable(tg, t) {
  const s = trajectorySeries(tg)
  const r6 = (v) => (v == null ? null : round(v, 6))
  return {
    sheet: t('dash.sheetTrend'),
    columns: [t('dash.colYear'), t('dash.colActualYi'), t('dash.colPathYi'), t('dash.colForecastYi')],
    rows: s.years.map((y, i) => [y, r6(s.actual[i]), r6(s.path[i]), r6(s.forecast[i])]),
  }
}

// Bars of an aggregate's groups (亿元): January..month and the same months a year before,
// with the year-on-year growth on a second axis.
export function regionBarsOption(agg, t, { big = false } = {}) {
  const g = agg ? agg.groups : []
  const m = monthNo(agg ? agg.month : '')
  const names = [t('dash.colYtdYi', { m }), t('dash.colYtdLastYi'), t('dash.colYoy')]
  const fs = big ? 14 : 12
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { data: names, top: 0, textStyle: { fontSize: fs } },
    grid: { left: 56, right: 48, top: 36, bottom: big ? 96 : 72 },
    xAxis: { type: 'category', data: g.map((x) => x.name || x.key), axisLabel: { rotate: 35, fontSize: fs, interval: 0, width: big ? 96 : 80, overflow: 'truncate' } },
    yAxis: [{ type: 'value', name: t('dash.yi') }, { type: 'value', name: '%', splitLine: { show: false } }],
    series: [
      { name: names[0], type: 'bar', data: g.map((x) => fenToYi(x.ytd_fen)) },
      { name: names[1], type: 'bar', data: g.map((x) => fenToYi(x.ytd_last_year_fen || 0)) },
      { name: names[2], type: 'line', yAxisIndex: 1, data: g.map((x) => x.yoy_pct) },
    ],
  }
}

export function regionBarsTable(agg, t) {
  const m = monthNo(agg ? agg.month : '')
  return {
    sheet: t('dash.sheetBars'),
    columns: [t('dash.colCode'), t('dash.colRegion'), t('dash.colMonthYi'), t('dash.colYtdYi', { m }), t('dash.colYtdLastYi'),
      t('dash.colYoy'), t('dash.colReporting')],
    rows: (agg ? agg.groups : []).map((x) => [x.key, x.name || x.key, fenToYi(x.month_fen), fenToYi(x.ytd_fen),
      fenToYi(x.ytd_last_year_fen), x.yoy_pct, x.reporting]),
  }
}

// The map of Xinjiang coloured by each prefecture's year-on-year growth (red up, green down,
// as the statistics pages colour growth); highlight: a prefecture code outlined.
export function growthMapOption(groups, divisions, names, t, { highlight = '', big = false, dark = false } = {}) {
  const data = mapData(groups, divisions, names).map((d) => (highlight && d.code === highlight
    ? { ...d, itemStyle: { borderColor: '#ffd04b', borderWidth: 3 } } : d))
  const vals = data.map((d) => d.value).filter((v) => v != null)
  const span = Math.max(5, Math.ceil(Math.max(0, ...vals.map(Math.abs))))
  return {
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'item',
      formatter: (p) => `${p.data && p.data.prefecture && p.data.prefecture !== p.name ? p.data.prefecture + ' · ' : ''}${p.name}<br/>${t('dash.yoy')}：${p.data && p.data.value != null ? p.data.value.toFixed(2) + '%' : '—'}`,
    },
    visualMap: {
      type: 'continuous', min: -span, max: span, left: 8, bottom: 8, calculable: true, text: ['+' + span + '%', '-' + span + '%'],
      inRange: { color: ['#1e8e3e', dark ? '#33415c' : '#f3f3f3', '#c0392b'] }, textStyle: { color: dark ? '#d9e6ff' : '#333' },
    },
    series: [{
      type: 'map', map: MAP_NAME, roam: false, zoom: 1.15, selectedMode: false, data,
      label: { show: true, fontSize: big ? 12 : 9, color: dark ? '#fff' : '#333', // a prefecture's name on its region; the small cities under the region unlabelled (they overlap)
        formatter: (p) => (p.data && p.data.code && p.data.prefecture === p.name ? p.name : '') },
      itemStyle: { areaColor: dark ? '#16233a' : '#e9edf3', borderColor: dark ? '#4a6a9a' : '#999' },
      emphasis: { label: { show: true } },
    }],
  }
}

export function growthMapTable(groups, month, t) {
  return {
    sheet: t('dash.sheetMap'),
    columns: [t('dash.colCode'), t('dash.colRegion'), t('dash.colYtdYi', { m: monthNo(month) }), t('dash.colYtdLastYi'), t('dash.colYoy')],
    rows: groups.map((g) => [g.key, g.name || g.key, fenToYi(g.ytd_fen), fenToYi(g.ytd_last_year_fen), g.yoy_pct]),
  }
}

// Some of a table's columns (the lists on screen show fewer than the download holds).
export const pickColumns = (table, cols) => ({ ...table, columns: cols.map((i) => table.columns[i]), rows: table.rows.map((r) => cols.map((i) => r[i])) })

export function topTable(top, t, divisionName) {
  const m = monthNo(top ? top.month : '')
  return {
    sheet: t('dash.sheetTop'),
    columns: [t('dash.colRank'), t('dash.colEnterprise'), t('dash.colCredit'), t('dash.colRegion'), t('dash.colYtdWan', { m }),
      t('dash.colYtdLastWan'), t('dash.colYoy')],
    rows: (top ? top.items : []).map((x) => [x.rank, x.name, x.credit_code, divisionName(x.division), fenToWanNum(x.ytd_fen),
      fenToWanNum(x.ytd_last_year_fen), x.yoy_pct]),
  }
}

export function lagTable(items, t, divisionName) {
  return {
    sheet: t('dash.sheetLag'),
    columns: [t('dash.colProject'), t('dash.colRegion'), t('dash.colActualPct'), t('dash.colExpectedPct')],
    rows: items.map((w) => [w.project_name, divisionName(w.division), w.figures ? w.figures.actual_pct : null,
      w.figures ? w.figures.expected_pct : null]),
  }
}

export function overdueTable(items, t, departmentName) {
  return {
    sheet: t('dash.sheetOverdue'),
    columns: [t('dash.colTask'), t('dash.colMeasure'), t('dash.colLead'), t('dash.colDeadline'), t('dash.colDaysOverdue'), t('dash.colEscalated')],
    rows: items.map((x) => [x.title, x.measure_code, departmentName(x.lead_department), x.deadline, x.days_overdue,
      x.escalated ? t('dash.yes') : t('dash.no')]),
  }
}

// The scorecard's targets as a table (money in 亿元, counts as they are).
export function scorecardTable(sc, t) {
  const v = (tg, x) => (x == null ? null : tg.unit === 'fen' ? fenToYi(x) : x)
  return {
    sheet: t('dash.sheetScorecard'),
    columns: [t('dash.colTargetCode'), t('dash.colTargetName'), t('dash.colActual'), t('dash.colTargetValue'), t('dash.colForecast'),
      t('dash.colAchieved'), t('dash.colStatus')],
    rows: (sc ? sc.targets : []).map((tg) => [tg.code, tg.name + (tg.unit === 'fen' ? '（' + t('dash.yi') + '）' : ''),
      tg.actual ? v(tg, tg.actual.value) : null, v(tg, tg.target_value), v(tg, tg.forecast),
      tg.pct_achieved == null ? null : round(tg.pct_achieved, 2), t('score.statuses.' + (tg.status || 'none'))]),
  }
}
