import { computed, ref } from 'vue'
import { getIndicators, getYears } from '@/api/enterprise'
import { listMetrics } from '@/api/reference'
import type { IndicatorValue, Metric, YearFigures } from '@/api/types'

// The metrics come from the server only: a copy here went stale (it lacked each metric's `max`).
let metricsCache: Promise<Metric[]> | null = null
function loadMetrics(): Promise<Metric[]> {
  if (!metricsCache)
    metricsCache = listMetrics()
      .then((r) => r.items)
      .catch((e: unknown) => {
        metricsCache = null
        throw e
      })
  return metricsCache
}

/** An enterprise's indicator values, indexed by metric and period (YYYY or YYYYMM). */
export function useIndicators(enterpriseId: number) {
  const metrics = ref<Metric[]>([])
  const values = ref<IndicatorValue[]>([])
  const yearly = ref<YearFigures[]>([])
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
   * A year's value as the server computes it (its yearly summary: a reported yearly value, or
   * the months by the metric's rule). `derived` marks values not reported as a yearly record.
   */
  function yearValue(metric: Metric, year: number): { value: number | undefined; derived: boolean } {
    const row = yearly.value.find((y) => y.year === year)
    const v = row?.figures[metric.code]
    return { value: v, derived: v !== undefined && value(metric.code, year) === undefined }
  }

  function hasData(metric: string): boolean {
    return values.value.some((v) => v.metric === metric)
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      const [ms, res, ys] = await Promise.all([loadMetrics(), getIndicators(enterpriseId, {}), getYears(enterpriseId)])
      metrics.value = ms
      values.value = res.items
      yearly.value = ys.items
    } finally {
      loading.value = false
    }
  }

  return { metrics, values, loading, years, value, yearValue, hasData, load }
}
