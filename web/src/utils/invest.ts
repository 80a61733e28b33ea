// Pure rules of the investment and project pages: lead moves from /invest/meta, amounts typed in
// 万元/亿元, weeks and month grids, completion rates. No I/O, no Vue: tests/invest.spec.ts.
import dayjs from 'dayjs'
import type { LeadMove } from '@/api/types'

// ---- lead moves ---------------------------------------------------------------------------

export type MoveCheck =
  /** dropped where it already is: nothing to do */
  | { kind: 'same' }
  /** the meta lists the move; the dialog asks for a reason when `reasonRequired` */
  | { kind: 'allowed'; reasonRequired: boolean }
  /** the meta does not list it: the server will refuse it (422 LEAD_MOVE_NOT_ALLOWED) */
  | { kind: 'unlisted' }

export function checkMove(moves: readonly LeadMove[], from: string, to: string): MoveCheck {
  if (from === to) return { kind: 'same' }
  const rule = moves.find((m) => m.from === from && m.to === to)
  return rule ? { kind: 'allowed', reasonRequired: rule.reason_required } : { kind: 'unlisted' }
}

/** The stages a lead in `from` may move to, in the order of `stages`. */
export function moveTargets(moves: readonly LeadMove[], from: string, stages: readonly string[]): string[] {
  const to = new Set<string>(moves.filter((m) => m.from === from).map((m) => m.to))
  return stages.filter((s) => to.has(s))
}

/** Moves a card between pipeline columns in place (optimistic update); returns a function that undoes it. */
export function moveCard<T extends { id: number }>(
  columns: { stage: string; count: number; amount: number; items: T[] }[],
  id: number,
  to: string,
  amountOf: (item: T) => number = () => 0,
): () => void {
  const src = columns.find((c) => c.items.some((i) => i.id === id))
  const dst = columns.find((c) => c.stage === to)
  if (!src || !dst || src === dst) return () => undefined
  const index = src.items.findIndex((i) => i.id === id)
  const [item] = src.items.splice(index, 1)
  const amount = amountOf(item)
  src.count -= 1
  src.amount -= amount
  dst.items.unshift(item)
  dst.count += 1
  dst.amount += amount
  return () => {
    const at = dst.items.findIndex((i) => i.id === id)
    if (at >= 0) dst.items.splice(at, 1)
    dst.count -= 1
    dst.amount -= amount
    src.items.splice(Math.min(index, src.items.length), 0, item)
    src.count += 1
    src.amount += amount
  }
}

// ---- amounts typed by people ----------------------------------------------------------------

export type AmountUnit = 'wan' | 'yi'

/** 分 per unit: 1万元 = 10^6 分, 1亿元 = 10^10 分. */
const FEN_PER: Record<AmountUnit, bigint> = { wan: 1_000_000n, yi: 10_000_000_000n }
const FRACTION_DIGITS: Record<AmountUnit, number> = { wan: 6, yi: 10 }

/**
 * An amount typed in 万元 or 亿元 (`"12.5"`, `"1,200"`) → 元 with at most two decimals, exactly
 * (decimal arithmetic on the text, never `12.5 * 1e8` in floating point). Empty → null. Text that
 * is not a non-negative number, or finer than a 分, → NaN.
 */
export function parseAmount(text: string | number | null | undefined, unit: AmountUnit): number | null {
  if (text === null || text === undefined) return null
  const s = String(text).replace(/[,，\s]/g, '')
  if (s === '') return null
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s)
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return NaN
  const whole = m[1] || '0'
  const frac = (m[2] ?? '').replace(/0+$/, '')
  if (frac.length > FRACTION_DIGITS[unit]) return NaN
  const fen = BigInt(whole) * FEN_PER[unit] + (frac ? BigInt(frac) * (FEN_PER[unit] / 10n ** BigInt(frac.length)) : 0n)
  return Number(fen) / 100
}

/** 元 → the text and unit to edit it in: 亿元 from one 亿 up, 万元 below. */
export function splitAmount(yuan: number | null | undefined): { text: string; unit: AmountUnit } {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return { text: '', unit: 'wan' }
  const fen = BigInt(Math.round(yuan * 100))
  const unit: AmountUnit = fen >= FEN_PER.yi ? 'yi' : 'wan'
  const per = FEN_PER[unit]
  const whole = fen / per
  const rest = fen % per
  if (rest === 0n) return { text: whole.toString(), unit }
  const digits = FRACTION_DIGITS[unit]
  const frac = rest.toString().padStart(digits, '0').replace(/0+$/, '')
  return { text: `${whole}.${frac}`, unit }
}

// ---- dates ----------------------------------------------------------------------------------

export const DATE = 'YYYY-MM-DD'

export function today(now: Date = new Date()): string {
  return dayjs(now).format(DATE)
}

/** The Monday of the week holding `date` (weekly plans are keyed by it). */
export function mondayOf(date: string | Date): string {
  const d = dayjs(date)
  return d.subtract((d.day() + 6) % 7, 'day').format(DATE)
}

export interface CalendarDay {
  date: string
  day: number
  inMonth: boolean
}

/** The weeks (Monday first) covering the month `YYYY-MM`, for a month calendar. */
export function monthGrid(month: string): CalendarDay[][] {
  const first = dayjs(`${month}-01`)
  const last = first.endOf('month')
  const weeks: CalendarDay[][] = []
  for (let d = dayjs(mondayOf(first.toDate())); !d.isAfter(last, 'day'); ) {
    const week: CalendarDay[] = []
    for (let i = 0; i < 7; i++, d = d.add(1, 'day')) {
      week.push({ date: d.format(DATE), day: d.date(), inMonth: d.month() === first.month() })
    }
    weeks.push(week)
  }
  return weeks
}

/** The first and last day of the month `YYYY-MM`. */
export function monthRange(month: string): { from: string; to: string } {
  const first = dayjs(`${month}-01`)
  return { from: first.format(DATE), to: first.endOf('month').format(DATE) }
}

/** Items grouped by a date field (`YYYY-MM-DD`), in the order given. */
export function groupByDate<T>(items: readonly T[], dateOf: (item: T) => string | null | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const d = dateOf(item)
    if (!d) continue
    const key = d.slice(0, 10)
    const list = out.get(key)
    if (list) list.push(item)
    else out.set(key, [item])
  }
  return out
}

// ---- rates ----------------------------------------------------------------------------------

/** actual ÷ target in percent, one decimal; null when there is no target to measure against. */
export function completion(actual: number | null | undefined, target: number | null | undefined): number | null {
  if (!target || target <= 0) return null
  return Math.round(((actual ?? 0) / target) * 1000) / 10
}

/** A progress bar's width: the percentage capped to 0..100. */
export function barPercent(percent: number | null): number {
  if (percent === null || !Number.isFinite(percent)) return 0
  return Math.max(0, Math.min(100, percent))
}

/** Periods a target may cover: years, half years and months of `year`. */
export function periodsOf(year: number): string[] {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
  return [String(year), `${year}-H1`, `${year}-H2`, ...months]
}

export type PeriodKind = 'year' | 'half' | 'month'

export function periodKind(period: string): PeriodKind | null {
  if (/^\d{4}$/.test(period)) return 'year'
  if (/^\d{4}-H[12]$/.test(period)) return 'half'
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return 'month'
  return null
}

// ---- leaderboard ----------------------------------------------------------------------------

export interface RankedRow {
  name: string
  signed_count: number
  signed_amount: number
}

/**
 * The first pair of neighbouring rows out of the board's order, or -1 when the rows follow it:
 * `amount` = amount desc, then count desc; `count` = count desc, then amount desc. Names are the
 * last key, in 拼音 order by the server, so they are not checked here.
 */
export function firstOutOfOrder(rows: readonly RankedRow[], by: 'amount' | 'count'): number {
  const key = (r: RankedRow): [number, number] => (by === 'amount' ? [r.signed_amount, r.signed_count] : [r.signed_count, r.signed_amount])
  for (let i = 1; i < rows.length; i++) {
    const [a1, a2] = key(rows[i - 1])
    const [b1, b2] = key(rows[i])
    if (a1 < b1 || (a1 === b1 && a2 < b2)) return i
  }
  return -1
}

/**
 * A stage edit as a PATCH body: only the dates that changed (null clears one), so a date the
 * editor did not touch is never overwritten — nor cleared by an input the browser refused.
 */
export function stageChanges(
  stored: { planned_on: string | null; actual_on: string | null },
  draft: { planned_on: string | null | undefined; actual_on: string | null | undefined },
): { planned_on?: string | null; actual_on?: string | null } {
  const out: { planned_on?: string | null; actual_on?: string | null } = {}
  for (const k of ['planned_on', 'actual_on'] as const) {
    const v = draft[k] || null
    if (v !== stored[k]) out[k] = v
  }
  return out
}

// ---- tag colours ----------------------------------------------------------------------------

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

const LEAD_STAGE_TAG: Record<string, TagType> = { lead: 'info', contact: 'primary', negotiation: 'warning', signed: 'success', lost: 'danger' }
const STAGE_STATE_TAG: Record<string, TagType> = { done: 'success', late: 'danger', due_soon: 'warning', pending: 'info', ongoing: 'primary' }

export function leadStageTag(stage: string | null | undefined): TagType {
  return (stage && LEAD_STAGE_TAG[stage]) || 'info'
}

export function stageStateTag(state: string | null | undefined): TagType {
  return (state && STAGE_STATE_TAG[state]) || 'info'
}

/**
 * Who creates a signed lead's project, in words: the people's names joined with 、, and the unit
 * (park or zone) after them unless it says nothing more (a park account named after its park).
 * An empty string when nobody may.
 */
export function handOffWho(owner: { unit: string; users: readonly { name: string }[] }, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const names = owner.users.map((u) => u.name).join(lang === 'en' ? ', ' : '、')
  if (!names) return ''
  if (names === owner.unit) return names
  return lang === 'en' ? `${names} (${owner.unit})` : `${names}（${owner.unit}）`
}
