// The vendored map of Xinjiang (src/assets/maps/xinjiang.json, echarts@4.9.0): every prefecture
// of our division list gets at least one region, and every region belongs to a prefecture.
// Pure node (no server, no browser).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { regionNames, regionsByPrefecture, mapData } from '../src/util/xjmap.js'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const geo = JSON.parse(fs.readFileSync(path.join(HERE, '../src/assets/maps/xinjiang.json'), 'utf8'))
const divisions = fs.readFileSync(path.join(HERE, '../../data/divisions.csv'), 'utf8').trim().split(/\r?\n/).slice(1)
  .map((l) => { const [code, name, level, parent] = l.split(','); return { code, name, level, parent } })

test('every prefecture of data/divisions.csv is drawn by at least one region of the map', () => {
  const names = regionNames(geo)
  assert.equal(names.length, 23)
  const prefectures = divisions.filter((d) => d.level === 'prefecture')
  assert.equal(prefectures.length, 15)
  const regions = regionsByPrefecture(divisions, names)
  for (const p of prefectures) assert.ok(regions[p.code].length > 0, `${p.code} ${p.name} has no region`)
  assert.deepEqual(regions['650500'], ['哈密市']) // by name: the map's id (652200) is out of date
  assert.equal(regions['659000'].length, 9)      // the cities under the region, each a region
  const used = Object.values(regions).flat()
  assert.deepEqual([...used].sort(), [...names].sort(), 'every region belongs to exactly one prefecture')
})

test('map data gives each region its prefecture\'s growth', () => {
  const data = mapData([{ key: '659000', yoy_pct: 3.5 }, { key: '650100', yoy_pct: null }], divisions, regionNames(geo))
  assert.equal(data.filter((d) => d.code === '659000' && d.value === 3.5).length, 9)
  assert.deepEqual(data.find((d) => d.code === '650100'), { name: '乌鲁木齐市', value: null, code: '650100', prefecture: '乌鲁木齐市' })
})
