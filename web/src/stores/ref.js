// Reference data (divisions, industries, fields, bases, ownerships, scales),
// loaded once per sign-in and shaped for cascaders and selects.
import { defineStore } from 'pinia'
import { api } from '../api.js'

function tree(items, topLevel) {
  const byCode = new Map()
  for (const it of items) byCode.set(it.code, { value: it.code, label: it.name, level: it.level, raw: it })
  const roots = []
  for (const it of items) {
    const node = byCode.get(it.code)
    if (it.level === topLevel) { roots.push(node); continue }
    const parent = it.parent && byCode.get(it.parent)
    if (parent) (parent.children ||= []).push(node)
  }
  return roots
}

export const useRef = defineStore('ref', {
  state: () => ({
    loaded: false,
    loading: null,
    divisions: [],
    industries: [],
    fields: [],
    bases: [],
    ownerships: [],
    scales: [],
    departments: [],
    // key projects
    projectCategories: [],
    policyItems: [],
    fundingSources: [],
  }),
  getters: {
    divisionName: (s) => {
      const m = new Map(s.divisions.map((d) => [d.code, d.name]))
      return (code) => m.get(code) || code || ''
    },
    divisionParent: (s) => {
      const m = new Map(s.divisions.map((d) => [d.code, d.parent]))
      return (code) => m.get(code) || null
    },
    industryName: (s) => {
      const m = new Map(s.industries.map((d) => [d.code, d.name]))
      return (code) => m.get(code) || code || ''
    },
    industryParent: (s) => {
      const m = new Map(s.industries.map((d) => [d.code, d.parent]))
      return (code) => m.get(code) || null
    },
    fieldName: (s) => {
      const m = new Map(s.fields.map((d) => [d.code, d.name]))
      return (code) => m.get(code) || code || ''
    },
    baseName: (s) => {
      const m = new Map(s.bases.map((d) => [d.code, d.name]))
      return (code) => m.get(code) || code || ''
    },
    departmentName: (s) => {
      const m = new Map(s.departments.map((d) => [d.code, d.short_name || d.name]))
      return (code) => m.get(code) || code || ''
    },
    categoryName: (s) => {
      const m = new Map(s.projectCategories.map((d) => [d.code, d.name]))
      return (code) => m.get(code) || code || ''
    },
    policyItemName: (s) => {
      const m = new Map(s.policyItems.map((d) => [d.code, d.name]))
      return (code) => m.get(code) || code || ''
    },
    targets: (s) => s.policyItems.filter((x) => x.kind === 'target'),
    measures: (s) => s.policyItems.filter((x) => x.kind === 'measure'),
    // funding source → its name in the language asked for ('en' → name_en)
    fundingSourceName: (s) => {
      const m = new Map(s.fundingSources.map((d) => [d.code, d]))
      return (code, lang) => {
        const d = m.get(code)
        if (!d) return code || ''
        return (lang === 'en' && d.name_en) || d.name
      }
    },
    // prefecture → county, for cascaders
    divisionTree: (s) => tree(s.divisions, 'prefecture'),
    // division → group → class
    industryTree: (s) => tree(s.industries, 'division'),
  },
  actions: {
    async load() {
      if (this.loaded) return
      if (this.loading) return this.loading
      const get = (p) => api.get(p).then((r) => r.items || []).catch(() => [])
      this.loading = Promise.all([
        get('/divisions'), get('/industries'), get('/fields'), get('/bases'),
        get('/ownerships'), get('/scales'), get('/departments'),
        get('/project-categories'), get('/policy-items'), get('/funding-sources'),
      ]).then(([d, i, f, b, o, sc, dep, pc, pi, fs]) => {
        Object.assign(this, {
          divisions: d, industries: i, fields: f, bases: b, ownerships: o, scales: sc, departments: dep,
          projectCategories: pc, policyItems: pi, fundingSources: fs,
        })
        this.loaded = d.length > 0
        this.loading = null
      })
      return this.loading
    },
    // Path of codes from the top of a cascader tree down to code.
    divisionPath(code) {
      const path = []
      let c = code
      while (c) {
        const d = this.divisions.find((x) => x.code === c)
        if (!d || d.level === 'province') break
        path.unshift(c)
        c = d.parent
      }
      return path
    },
    industryPath(code) {
      const path = []
      let c = code
      while (c) {
        path.unshift(c)
        c = this.industryParent(c)
      }
      return path
    },
    reset() {
      this.loaded = false
    },
  },
})
