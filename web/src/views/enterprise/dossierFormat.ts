// How the dossier shows its figures: a figure with nothing behind it (null) reads "—", never 0.
import type { Lang } from '@/locales'
import { formatMoney } from '@/utils/format'

export const NONE = '—'

export function moneyOrNone(v: number | null | undefined, lang: Lang): string {
  return v === null || v === undefined ? NONE : formatMoney(v, lang)
}

/** A share (0–1) as a percentage with one decimal. */
export function percentOrNone(v: number | null | undefined): string {
  return v === null || v === undefined ? NONE : `${(v * 100).toFixed(1)}%`
}

/** Satisfaction on its 1–5 scale. */
export function scoreOrNone(v: number | null | undefined): string {
  return v === null || v === undefined ? NONE : v.toFixed(2)
}

export function textOrNone(v: string | null | undefined): string {
  return v === null || v === undefined || v === '' ? NONE : v
}

/** One figure of a section's strip. */
export interface Figure {
  key: string
  label: string
  value: string
  /** drawn in the danger colour (overdue, late) when not zero */
  alert?: boolean
}
