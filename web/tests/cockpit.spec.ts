import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import type { CockpitCharts, Figure } from '@/api/types'
import { figureLabel, figureText, quarterText, yoyOf, NONE } from '@/views/cockpit/figure'
import { parkTiles, shade } from '@/views/cockpit/screenOptions'

const { t, te } = i18n.global
const tt = (k: string, v?: Record<string, unknown>) => (v ? t(k, v) : t(k))

function fig(over: Partial<Figure>): Figure {
  return {
    key: 'invest.trips',
    label: '外出招商',
    value: 3,
    unit: '次',
    drill: '',
    basis: 'period',
    from: '2025-03-01',
    to: '2025-03-31',
    last_year: 2,
    change: 50,
    ...over,
  } as Figure
}

describe('cockpit figures in the caller’s terms', () => {
  it('names the sums by scope: 全区 for the zone, 园区 for a park', () => {
    const sales = fig({ key: 'indicators.sales', label: '园区销售收入', unit: '元' })
    expect(figureLabel(sales, 'zone', tt, te, 'zh-CN')).toBe('全区销售收入')
    expect(figureLabel(sales, 'park', tt, te, 'zh-CN')).toBe('园区销售收入')
    i18n.global.locale.value = 'en'
    try {
      expect(figureLabel(sales, 'park', tt, te, 'en')).toBe('Sales of the park')
    } finally {
      i18n.global.locale.value = 'zh-CN'
    }
  })

  it('names the coverage by the quarter it covers', () => {
    const cov = fig({ key: 'visits.coverage_rate', unit: '%', from: '2021-10-01', to: '2021-12-31' })
    expect(figureLabel(cov, 'zone', tt, te, 'zh-CN')).toBe('四上企业走访覆盖率（2021年第4季度）')
    expect(quarterText('2026-07-01', 'en')).toBe('Q3 2026')
  })

  it('shows a dash for a rate with nothing behind it, never 0', () => {
    expect(figureText(null, '%', 'zh-CN')).toBe(NONE)
    expect(figureText(0, '%', 'zh-CN')).toBe('0%')
  })

  it('puts the 同比 beside period figures: percent for counts, points for rates, words when last year is empty', () => {
    expect(yoyOf(fig({}), tt, 'zh-CN')).toMatchObject({ text: '+50.0%', tone: 'up' })
    expect(yoyOf(fig({ change: -12.5 }), tt, 'zh-CN')).toMatchObject({ text: '-12.5%', tone: 'down' })
    expect(yoyOf(fig({ unit: '%', value: 90, last_year: 87.5, change: 2.5 }), tt, 'zh-CN')).toMatchObject({ text: '+2.5个百分点' })
    expect(yoyOf(fig({ last_year: null, change: null }), tt, 'zh-CN')).toMatchObject({ text: '去年同期无数据', tone: 'none', last: NONE })
    expect(yoyOf(fig({ last_year: 0, change: null }), tt, 'zh-CN')).toMatchObject({ text: NONE, tone: 'none' })
    expect(yoyOf(fig({ change: 0 }), tt, 'zh-CN')).toMatchObject({ text: '持平', tone: 'flat' })
  })

  it('gives today’s figures no 同比', () => {
    expect(yoyOf(fig({ basis: 'today', last_year: null, change: null }), tt, 'zh-CN')).toBeNull()
  })
})

describe('the wall screen’s park layout', () => {
  const charts = (rows: { park: string; sales: number; yi_plus: number }[]): CockpitCharts =>
    ({ year: 2025, by_park: rows.map((r) => ({ ...r, output: 0 })), by_chain: [], monthly: [], tiers_by_year: [], goals: [] }) as unknown as CockpitCharts

  it('sizes each park by its sales and shades it by its large enterprises, from the data alone', () => {
    const tiles = parkTiles(charts([
      { park: 'A园', sales: 3e10, yi_plus: 12 },
      { park: 'B园', sales: 1e10, yi_plus: 3 },
      { park: '', sales: 5e8, yi_plus: 0 },
    ]))
    expect(tiles.map((t) => t.name)).toEqual(['A园', 'B园'])
    expect(tiles[0].value).toBe(300)
    expect(tiles[1].value).toBe(100)
    expect(tiles[0].itemStyle.color).toBe(shade(1))
    expect(tiles[0].itemStyle.color).not.toBe(tiles[1].itemStyle.color)
  })

  it('shares the map equally while no sales are recorded', () => {
    const tiles = parkTiles(charts([{ park: 'A园', sales: 0, yi_plus: 0 }, { park: 'B园', sales: 0, yi_plus: 0 }]))
    expect(tiles.map((t) => t.value)).toEqual([1, 1])
  })
})
