import dayjs from 'dayjs'
import type { ApiError } from '@/api/http'

/** The metrics in the server's order (`GET /metrics`); labels come from the locale's `metric.*`. */
export const METRIC_CODES = ['sales', 'output', 'tax', 'employees', 'rd', 'energy', 'land_mu', 'fixed_investment']

/** The month a grid opens on: the last finished month (this month's figures come next month). */
export function defaultMonth(now = dayjs()): string {
  return now.subtract(1, 'month').format('YYYY-MM')
}

/** Months after the current one cannot be reported (the server refuses them too). */
export function isFutureMonth(d: Date): boolean {
  return dayjs(d).isAfter(dayjs().endOf('month'))
}

/**
 * A refused batch's rows: `params.errors` lists every bad row (`index` into the items sent);
 * an answer without it names one row in `field` (`items[3].value`).
 */
export function rowErrors(e: ApiError): Map<number, string> {
  const out = new Map<number, string>()
  const list = (e.params as { errors?: { index: number; message: string }[] }).errors
  if (Array.isArray(list)) for (const r of list) out.set(r.index, r.message)
  else {
    const m = /^items\[(\d+)\]/.exec(e.field ?? '')
    if (m) out.set(Number(m[1]), e.message)
  }
  return out
}
