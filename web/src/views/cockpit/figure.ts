// How a cockpit figure reads: its label in the caller's terms, its value ("—" when there is
// nothing behind it) and its 同比 (the same period of last year).
import type { Figure } from '@/api/types'
import type { Lang } from '@/locales'
import { formatFigure } from '@/utils/format'

type T = (key: string, values?: Record<string, unknown>) => string
type Te = (key: string) => boolean

/** The dash a figure with nothing behind it shows (a rate of nothing, last year without data). */
export const NONE = '—'

/** "2021年第4季度" / "Q4 2021" for a quarter's first day. */
export function quarterText(from: string | null | undefined, lang: Lang): string {
  if (!from) return ''
  const year = from.slice(0, 4)
  const quarter = Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1
  return lang === 'en' ? `Q${quarter} ${year}` : `${year}年第${quarter}季度`
}

/** The figure's name: the console's own words with the caller's scope (全区 / 园区 …), else the server's label. */
export function figureLabel(f: Figure, subject: string, t: T, te: Te, lang: Lang): string {
  const key = `cockpit.figure.${f.key}`
  if (!te(key)) return f.label
  const scopeKey = `cockpit.scope.${subject}`
  const scope = te(scopeKey) ? t(scopeKey) : t('cockpit.scope.zone')
  return t(key, { scope, quarter: quarterText(f.from, lang) })
}

export function figureText(value: number | null | undefined, unit: string, lang: Lang): string {
  if (value === null || value === undefined) return NONE
  return formatFigure(value, unit, lang)
}

export interface Yoy {
  /** what is shown: "+12.5%", "-2.0个百分点", "持平", or the no-data words */
  text: string
  /** up / down / flat, or none when there is nothing to compare */
  tone: 'up' | 'down' | 'flat' | 'none'
  /** last year's value, formatted ("—" when last year has no data) */
  last: string
}

const isRate = (unit: string) => unit === '%' || unit === '分'

/** The 同比 of a year or period figure; null for today's figures (they have none). */
export function yoyOf(f: Figure, t: T, lang: Lang): Yoy | null {
  if (f.basis === 'today') return null
  const last = figureText(f.last_year, f.unit, lang)
  if (f.last_year === null || f.last_year === undefined) return { text: t('cockpit.yoyNone'), tone: 'none', last }
  if (f.change === null || f.change === undefined) return { text: NONE, tone: 'none', last }
  const tone = f.change > 0 ? 'up' : f.change < 0 ? 'down' : 'flat'
  if (tone === 'flat') return { text: t('cockpit.yoyFlat'), tone, last }
  const sign = f.change > 0 ? '+' : '-'
  const n = Math.abs(f.change).toFixed(1)
  if (isRate(f.unit)) {
    return { text: t(f.unit === '%' ? 'cockpit.yoyPoints' : 'cockpit.yoyPointsScore', { sign, n }), tone, last }
  }
  return { text: `${sign}${n}%`, tone, last }
}
