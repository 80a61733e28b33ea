import { computed, ref } from 'vue'
import { getIndicators } from '@/api/enterprise'
import { listMetrics } from '@/api/reference'
import type { IndicatorValue, Metric } from '@/api/types'

const DEFAULT_METRICS: Metric[] = [
  { code: 'sales', label: '销售收入', unit: '元', money: true, decimals: 2 },
  { code: 'output', label: '工业产值', unit: '元', money: true, decimals: 2 },
  { code: 'tax', label: '税收', unit: '元', money: true, decimals: 2 },
  { code: 'employees', label: '用工人数', unit: '人', money: false, decimals: 0 },
  { code: 'rd', label: '研发投入', unit: '元', money: true, decimals: 2 },
  { code: 'energy', label: '综合能耗', unit: '吨标准煤', money: false, decimals: 2 },
  { code: 'land_mu', label: '用地面积', unit: '亩', money: false, decimals: 2 },
  { code: 'fixed_investment', label: '固定资产投资', unit: '元', money: true, decimals: 2 },
]

let metricsCache: Promise<Metric[]> | null = null
function loadMetrics(): Promise<Metric[]> {
  if (!metricsCache)
    metricsCache = listMetrics()
      .then((r) => (r.items.length ? r.items : DEFAULT_METRICS))
      .catch(() => {
        metricsCache = null
        return DEFAULT_METRICS
      })
  return metricsCache
}

/** An enterprise's indicator values, indexed by metric and period (YYYY or YYYYMM). */
export function useIndicators(enterpriseId: number) {
  const metrics = ref<Metric[]>(DEFAULT_METRICS)
  const values = ref<IndicatorValue[]>([])
  const loading = ref(false)

  const index = computed(() => {
    const m = new Map<string, number>()
    for (const v of values.value) m.set(`${v.metric}:${v.period}`, v.value)
    return m
  })

  const years = computed(() => {
    const ys = new Set<number>()
    for (const v of values.value) ys.add(v.period > 9999 ? Math.floor(v.period / 100) : v.period)
    return [...ys].sort((a, b) => a - b)
  })

  function value(metric: string, period: number): number | undefined {
    return index.value.get(`${metric}:${period}`)
  }

  /**
   * A year's value: the stored yearly value when there is one, otherwise derived from the
   * months reported (flows such as money and energy add up; headcount is averaged; a stock
   * such as land takes the last month). `derived` tells the two apart for the reader.
   */
  function yearValue(metric: Metric, year: number): { value: number | undefined; derived: boolean } {
    const stored = value(metric.code, year)
    if (stored !== undefined) return { value: stored, derived: false }
    const months: number[] = []
    for (let m = 1; m <= 12; m++) {
      const v = value(metric.code, year * 100 + m)
      if (v !== undefined) months.push(v)
    }
    if (months.length === 0) return { value: undefined, derived: false }
    let v: number
    if (metric.money || metric.code === 'energy') v = Math.round(months.reduce((a, b) => a + b, 0) * 100) / 100
    else if (metric.code === 'employees') v = Math.round(months.reduce((a, b) => a + b, 0) / months.length)
    else v = months[months.length - 1]
    return { value: v, derived: true }
  }

  function hasData(metric: string): boolean {
    return values.value.some((v) => v.metric === metric)
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      const [ms, res] = await Promise.all([loadMetrics(), getIndicators(enterpriseId, {})])
      metrics.value = ms
      values.value = res.items
    } finally {
      loading.value = false
    }
  }

  return { metrics, values, loading, years, value, yearValue, hasData, load }
}
