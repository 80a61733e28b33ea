// The wall screen's park layout: every park of the answer as a tile, its area its sales of the
// year, its shade its count of enterprises at 亿元级 or above. Nothing about the parks is
// written here: names, sizes and colours all come from /cockpit/charts.
import type { CockpitCharts } from '@/api/types'
import { toYi } from '@/utils/format'

type T = (key: string, values?: Record<string, unknown>) => string

/** From the deep blue of a park with few large enterprises to the cyan of one with many. */
const LOW = [21, 67, 120]
const HIGH = [0, 151, 167]

export function shade(share: number): string {
  const s = Math.min(1, Math.max(0, share))
  const c = LOW.map((lo, i) => Math.round(lo + (HIGH[i] - lo) * s))
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`
}

export interface ParkTile {
  name: string
  value: number
  sales: number
  yi_plus: number
  itemStyle: { color: string }
}

/** The tiles: parks with a name (park-less enterprises are no place on the map). */
export function parkTiles(data: CockpitCharts): ParkTile[] {
  const rows = data.by_park.filter((r) => r.park)
  const anySales = rows.some((r) => r.sales > 0)
  const maxYi = Math.max(1, ...rows.map((r) => r.yi_plus))
  return rows.map((r) => ({
    name: r.park,
    // with no sales recorded anywhere yet, the parks share the map equally
    value: anySales ? Math.max(toYi(r.sales), 0.01) : 1,
    sales: r.sales,
    yi_plus: r.yi_plus,
    itemStyle: { color: shade(r.yi_plus / maxYi) },
  }))
}

export function parkMapOption(data: CockpitCharts, t: T) {
  const tiles = parkTiles(data)
  const text = (p: { data: ParkTile }) =>
    `{name|${p.data.name}}\n{sales|${t('cockpit.screenParkLabel', { sales: toYi(p.data.sales).toFixed(1) })}}\n{count|${t('cockpit.screenParkCount', { n: p.data.yi_plus })}}`
  return {
    backgroundColor: 'transparent',
    tooltip: { confine: true, formatter: (p: { data: ParkTile }) => text(p).replace(/\{\w+\|([^}]*)\}/g, '$1').replace(/\n/g, '<br/>') },
    series: [
      {
        type: 'treemap',
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        left: 0,
        right: 0,
        top: 0,
        bottom: 0,
        squareRatio: 1.2,
        itemStyle: { borderColor: '#06122a', borderWidth: 4, gapWidth: 4 },
        label: {
          show: true,
          formatter: text,
          color: '#ffffff',
          overflow: 'truncate',
          rich: {
            name: { fontSize: 22, fontWeight: 700, color: '#ffffff', lineHeight: 34 },
            sales: { fontSize: 16, color: '#e0f7fa', lineHeight: 26 },
            count: { fontSize: 15, color: '#ffe082', lineHeight: 24 },
          },
        },
        upperLabel: { show: false },
        data: tiles,
      },
    ],
  }
}
