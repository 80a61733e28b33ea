// ECharts options for the cockpit, built from /cockpit/charts. Money is drawn in 亿元.
import type { CockpitCharts, Goal } from '@/api/types'
import { toYi } from '@/utils/format'
import { DARK_PALETTE } from './palette'

type T = (key: string, values?: Record<string, unknown>) => string

const TIER_SERIES: { key: 'yi_plus' | 'shiyi_plus' | 'baiyi_plus'; tier: string; color: string; dark: string }[] = [
  { key: 'yi_plus', tier: 'yi', color: '#409eff', dark: '#4fc3f7' },
  { key: 'shiyi_plus', tier: 'shiyi', color: '#e6a23c', dark: '#ffd54f' },
  { key: 'baiyi_plus', tier: 'baiyi', color: '#f56c6c', dark: '#ff8a65' },
]

const base = (dark: boolean) => ({
  backgroundColor: 'transparent',
  ...(dark ? { color: DARK_PALETTE } : {}),
  textStyle: { fontFamily: 'inherit' },
  grid: { left: 48, right: 24, top: 48, bottom: 32, containLabel: false },
  tooltip: { trigger: 'axis', confine: true },
  legend: { top: 8, textStyle: { color: dark ? '#ddd' : '#555' } },
})

/** Enterprises by tier over the years, with each five-year goal drawn as a line on its tier. */
export function tierOption(data: CockpitCharts, t: T, dark = false) {
  const years = data.tiers_by_year.map((r) => String(r.year))
  const goalsByTier = new Map<string, Goal[]>()
  for (const g of data.goals ?? []) {
    const list = goalsByTier.get(g.tier) ?? []
    list.push(g)
    goalsByTier.set(g.tier, list)
  }
  const maxGoal = Math.max(0, ...(data.goals ?? []).map((g) => g.target_count))
  return {
    ...base(dark),
    grid: { left: 48, right: 110, top: 48, bottom: 32 },
    xAxis: { type: 'category', data: years },
    // the axis reaches the highest goal, so every goal line is drawn
    yAxis: {
      type: 'value',
      name: t('cockpit.unitCompanies'),
      minInterval: 1,
      max: (v: { max: number }) => Math.ceil(Math.max(v.max, maxGoal) * 1.08),
    },
    series: TIER_SERIES.map((s) => ({
      name: t(`tier.${s.tier}Plus`),
      type: 'bar',
      barMaxWidth: 22,
      itemStyle: { color: dark ? s.dark : s.color },
      data: data.tiers_by_year.map((r) => r[s.key]),
      markLine: (goalsByTier.get(s.tier) ?? []).length
        ? {
            symbol: 'none',
            lineStyle: { type: 'dashed', color: dark ? s.dark : s.color, width: 1.5 },
            label: { position: 'end', formatter: '{b}: {c}', color: dark ? s.dark : s.color, fontSize: 11 },
            data: (goalsByTier.get(s.tier) ?? []).map((g) => ({
              name: t('cockpit.goalLine', { year: g.deadline_year }),
              yAxis: g.target_count,
            })),
          }
        : undefined,
    })),
  }
}

export function chainOption(data: CockpitCharts, t: T, dark = false) {
  return {
    ...base(dark),
    grid: { left: 56, right: 16, top: 48, bottom: 56 },
    xAxis: {
      type: 'category',
      data: data.by_chain.map((r) => r.chain),
      axisLabel: { interval: 0, rotate: data.by_chain.length > 6 ? 30 : 0, fontSize: 11 },
    },
    yAxis: { type: 'value', name: t('cockpit.unitYi') },
    series: [
      { name: t('metric.sales'), type: 'bar', barMaxWidth: 18, data: data.by_chain.map((r) => toYi(r.sales)) },
      { name: t('metric.output'), type: 'bar', barMaxWidth: 18, data: data.by_chain.map((r) => toYi(r.output)) },
    ],
  }
}

function monthLabel(period: number): string {
  const s = String(period)
  return s.length === 6 ? `${s.slice(0, 4)}-${s.slice(4)}` : s
}

export function monthlyOption(data: CockpitCharts, t: T, dark = false) {
  return {
    ...base(dark),
    xAxis: { type: 'category', boundaryGap: false, data: data.monthly.map((r) => monthLabel(r.period)) },
    yAxis: { type: 'value', name: t('cockpit.unitYi') },
    series: [
      { name: t('metric.sales'), type: 'line', smooth: true, areaStyle: { opacity: 0.08 }, data: data.monthly.map((r) => toYi(r.sales)) },
      { name: t('metric.output'), type: 'line', smooth: true, areaStyle: { opacity: 0.08 }, data: data.monthly.map((r) => toYi(r.output)) },
    ],
  }
}

export function parkOption(data: CockpitCharts, t: T, dark = false) {
  return {
    ...base(dark),
    grid: { left: 56, right: 48, top: 48, bottom: 56 },
    xAxis: {
      type: 'category',
      data: data.by_park.map((r) => r.park),
      axisLabel: { interval: 0, rotate: data.by_park.length > 5 ? 25 : 0, fontSize: 11 },
    },
    yAxis: [
      { type: 'value', name: t('cockpit.unitYi') },
      { type: 'value', name: t('cockpit.unitCompanies'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: t('metric.sales'), type: 'bar', barMaxWidth: 18, data: data.by_park.map((r) => toYi(r.sales)) },
      { name: t('metric.output'), type: 'bar', barMaxWidth: 18, data: data.by_park.map((r) => toYi(r.output)) },
      { name: t('tier.yiPlus'), type: 'line', yAxisIndex: 1, data: data.by_park.map((r) => r.yi_plus) },
    ],
  }
}
