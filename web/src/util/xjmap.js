// The map of Xinjiang by prefecture: which regions of the vendored map
// (assets/maps/xinjiang.json, see its SOURCE.md) draw each prefecture. Matched by name
// against the division list ({code, name, level, parent}); pure, so node tests import it.
export const MAP_NAME = 'xinjiang'

export const regionNames = (geo) => geo.features.map((f) => f.properties.name)

// prefecture code → [region name]: the prefecture's own region, or for a group without one
// (659000, the cities under the autonomous region) the regions of its cities.
export function regionsByPrefecture(divisions, names) {
  const have = new Set(names)
  const out = {}
  for (const d of divisions) {
    if (d.level !== 'prefecture') continue
    out[d.code] = have.has(d.name) ? [d.name]
      : divisions.filter((c) => c.parent === d.code && have.has(c.name)).map((c) => c.name)
  }
  return out
}

// ECharts map data [{name, value, code, prefecture}] from by-prefecture groups {key, yoy_pct}:
// each region gets its prefecture's growth (null: no base).
export function mapData(groups, divisions, names) {
  const regions = regionsByPrefecture(divisions, names)
  const out = []
  for (const g of groups) {
    const d = divisions.find((x) => x.code === g.key)
    for (const n of regions[g.key] || []) out.push({ name: n, value: g.yoy_pct, code: g.key, prefecture: d ? d.name : g.key })
  }
  return out
}
