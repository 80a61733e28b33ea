import dayjs from 'dayjs'
import type { Lang } from '@/locales'

const YI = 100_000_000
const WAN = 10_000

function grouped(value: number, decimals: number): string {
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value)
}

/**
 * Money from the API (元) for reading: 亿元 from one 亿 up, 万元 below.
 * 10800000000 → 「108.00亿元」, 71700000 → 「7,170.00万元」. English: million / billion yuan.
 */
export function formatMoney(value: number | null | undefined, lang: Lang = 'zh-CN', decimals = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-'
  const abs = Math.abs(value)
  if (lang === 'en') {
    if (abs >= 1_000_000_000) return `${grouped(value / 1_000_000_000, decimals)} bn yuan`
    if (abs >= 1_000_000) return `${grouped(value / 1_000_000, decimals)} m yuan`
    return `${grouped(value, decimals)} yuan`
  }
  if (abs >= YI) return `${grouped(value / YI, decimals)}亿元`
  return `${grouped(value / WAN, decimals)}万元`
}

/** The unit a table column states in its header, so every row of the column reads alike. */
export type MoneyUnit = 'yi' | 'wan'

/**
 * Money from the API (元) as a bare number in the column's unit: 亿元 with two decimals
 * (investment), 万元 whole (an enterprise's sales, as statistical tables give them).
 * 10800000000 → 「108.00」 in 亿元, 「1,080,000」 in 万元. The header names the unit (`moneyUnitLabel`).
 */
export function formatMoneyIn(value: number | null | undefined, unit: MoneyUnit): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-'
  return unit === 'yi' ? grouped(value / YI, 2) : grouped(Math.round(value / WAN), 0)
}

/** Money in a fixed unit, for chart axes and tooltips: 亿元 as a plain number. */
export function toYi(value: number | null | undefined): number {
  if (!value) return 0
  return Math.round((value / YI) * 100) / 100
}

export function formatCount(value: number | null | undefined, lang: Lang = 'zh-CN', unit = '家'): string {
  if (value === null || value === undefined) return '-'
  const n = grouped(value, 0)
  if (lang === 'en') return n
  return `${n}${unit}`
}

/** A figure from the cockpit: money when its unit is 元, a count otherwise. */
export function formatFigure(value: number, unit: string, lang: Lang = 'zh-CN'): string {
  if (unit === '元') return formatMoney(value, lang)
  if (unit === '家' || unit === '') return formatCount(value, lang, '家')
  const n = grouped(value, Number.isInteger(value) ? 0 : unit === '%' ? 1 : 2)
  if (lang === 'en') return unit === '%' ? `${n}%` : n
  return `${n}${unit}`
}

/** An indicator value in its metric's unit. */
export function formatIndicator(value: number | null | undefined, money: boolean, decimals = 2, lang: Lang = 'zh-CN'): string {
  if (value === null || value === undefined) return '-'
  if (money) return formatMoney(value, lang)
  return grouped(value, decimals)
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '-'
  const d = dayjs(value)
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : value
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '-'
  const d = dayjs(value)
  return d.isValid() ? d.format('YYYY-MM-DD') : value
}

/** The last full year: the default year of the cockpit and of indicator lists. */
export function lastFullYear(now: Date = new Date()): number {
  return now.getFullYear() - 1
}

export interface CockpitFilters {
  year: number
  park: number | null
  /** a period of days (`from..=to`, YYYY-MM-DD) instead of the year, when both are set */
  from: string | null
  to: string | null
  /** project category (`advanced_manufacturing` …) for the investment figures */
  category: string | null
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * The cockpit's filters from its URL: `/cockpit?year=2021&park=3`, or a period
 * `/cockpit?from=2022-01-01&to=2022-08-31&category=advanced_manufacturing` (its year is the
 * year of `to`, for the enterprise charts that are yearly).
 */
export function cockpitQueryFrom(query: Record<string, unknown>, now: Date = new Date()): CockpitFilters {
  const park = Number(query.park)
  const from = typeof query.from === 'string' && ISO_DATE.test(query.from) ? query.from : null
  const to = typeof query.to === 'string' && ISO_DATE.test(query.to) ? query.to : null
  const ranged = from !== null && to !== null && from <= to
  const y = Number(query.year)
  const year = ranged ? Number(to.slice(0, 4)) : Number.isInteger(y) && y > 1900 ? y : lastFullYear(now)
  const category = typeof query.category === 'string' && /^[a-z_]+$/.test(query.category) ? query.category : null
  return {
    year,
    park: Number.isInteger(park) && park > 0 ? park : null,
    from: ranged ? from : null,
    to: ranged ? to : null,
    category,
  }
}

export function yearRange(from = 2020, now: Date = new Date()): number[] {
  const out: number[] = []
  for (let y = now.getFullYear(); y >= from; y--) out.push(y)
  return out
}
