// ECharts options for the investment panels of the cockpit, built from /cockpit/invest.
// Money is drawn in 亿元.
import type { CockpitInvest } from '@/api/types'
import { toYi } from '@/utils/format'
import { DARK_PALETTE } from './palette'

type T = (key: string, values?: Record<string, unknown>) => string
type Label = (code: string, fallback: string) => string

const base = (dark: boolean) => ({
  backgroundColor: 'transparent',
  ...(dark ? { color: DARK_PALETTE } : {}),
  textStyle: { fontFamily: 'inherit' },
  tooltip: { trigger: 'axis', confine: true },
  legend: { top: 8, textStyle: { color: dark ? '#ddd' : '#555' } },
})

/** Projects signed in the period that reached each stage, as a funnel (stage order kept). */
export function funnelOption(data: CockpitInvest, t: T, label: Label, dark = false) {
  const rows = data.funnel.map((r) => ({ name: label(r.stage, r.label), value: r.count }))
  const max = Math.max(1, ...rows.map((r) => r.value))
  return {
    ...base(dark),
    tooltip: { trigger: 'item', confine: true, formatter: '{b}: {c}' },
    legend: { show: false },
    series: [
      {
        name: t('cockpit.chartFunnel'),
        type: 'funnel',
        sort: 'none',
        left: '10%',
        right: '10%',
        top: 24,
        bottom: 12,
        min: 0,
        max,
        minSize: '8%',
        gap: 2,
        // dark text on the wall screen's light fills, white on the console's deeper ones
        label: { show: true, position: 'inside', formatter: '{b} {c}', color: dark ? '#08162e' : '#fff', fontWeight: 600 },
        data: rows,
      },
    ],
  }
}

/** Parks by signed amount (bars, 亿元) with the signed count (line). */
export function parkBoardOption(data: CockpitInvest, t: T, dark = false) {
  const rows = [...data.leaderboard].sort((a, b) => a.rank - b.rank)
  return {
    ...base(dark),
    grid: { left: 56, right: 48, top: 48, bottom: 56 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { interval: 0, rotate: rows.length > 5 ? 25 : 0, fontSize: 11 },
    },
    yAxis: [
      { type: 'value', name: t('cockpit.unitYi') },
      { type: 'value', name: t('cockpit.unitProjects'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: t('cockpit.signedAmount'), type: 'bar', barMaxWidth: 22, data: rows.map((r) => toYi(r.signed_amount)) },
      { name: t('cockpit.signedCount'), type: 'line', yAxisIndex: 1, data: rows.map((r) => r.signed_count) },
    ],
  }
}

/** Signed amount per month (bars, 亿元) with the count (line). */
export function monthlySignedOption(data: CockpitInvest, t: T, dark = false) {
  return {
    ...base(dark),
    grid: { left: 56, right: 48, top: 48, bottom: 32 },
    xAxis: { type: 'category', data: data.monthly_signed.map((r) => r.month) },
    yAxis: [
      { type: 'value', name: t('cockpit.unitYi') },
      { type: 'value', name: t('cockpit.unitProjects'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: t('cockpit.signedAmount'), type: 'bar', barMaxWidth: 22, itemStyle: { color: dark ? '#ffd54f' : '#e6a23c' }, data: data.monthly_signed.map((r) => toYi(r.amount)) },
      { name: t('cockpit.signedCount'), type: 'line', yAxisIndex: 1, smooth: true, data: data.monthly_signed.map((r) => r.count) },
    ],
  }
}
