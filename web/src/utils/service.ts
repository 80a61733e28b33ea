// Pure helpers of the service desk pages: the SLA clock in words, the queue's order, what an
// action's dialog asks for, and the working calendar's month grid. Unit-tested in
// tests/service.spec.ts.
import dayjs from 'dayjs'
import type { Lang } from '@/locales'
import type { CalendarYear, Escalation, Sla, Ticket, TicketAction } from '@/api/types'
import { monthGrid } from './invest'

/** The escalation levels, lowest first. */
export const LEVELS: Exclude<Escalation, 'none'>[] = ['reminder', 'supervision', 'public_notice']

// ---- working time in words ------------------------------------------------------------------

/**
 * Whole working days, hours and minutes of `minutes` (absolute value). `daily` is the working
 * minutes of one day of the zone's office hours, as the server's clock sends it (`day_minutes`);
 * without it the time is told in hours and minutes only.
 */
export function splitWorking(minutes: number, daily: number | null | undefined): { days: number; hours: number; minutes: number } {
  const m = Math.floor(Math.abs(minutes))
  const days = daily && daily > 0 ? Math.floor(m / daily) : 0
  const rest = m - days * (daily ?? 0)
  return { days, hours: Math.floor(rest / 60), minutes: rest % 60 }
}

/**
 * Working minutes as 工作日/小时: 5460 → 「13个工作日」, 500 → 「1个工作日1小时」, 45 → 「45分钟」,
 * 0 → 「0分钟」. Minutes show only under an hour. English: "13 wd", "1 wd 1 h", "45 min".
 */
export function formatWorking(minutes: number | null | undefined, daily: number | null | undefined, lang: Lang = 'zh-CN'): string {
  if (minutes === null || minutes === undefined || Number.isNaN(minutes)) return '-'
  const { days, hours, minutes: mins } = splitWorking(minutes, daily)
  const zh = lang !== 'en'
  const parts: string[] = []
  if (days) parts.push(zh ? `${days}个工作日` : `${days} wd`)
  if (hours) parts.push(zh ? `${hours}小时` : `${hours} h`)
  if (!days && !hours) parts.push(zh ? `${mins}分钟` : `${mins} min`)
  return parts.join(zh ? '' : ' ')
}

/** A zone-local instant of the SLA (`2026-11-27T17:30:00`) as `2026-11-27 17:30`, no time-zone shift. */
export function formatZoneTime(value: string | null | undefined): string {
  if (!value) return '-'
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(value)
  return m ? `${m[1]} ${m[2]}` : value
}

export type ClockKind = 'idle' | 'running' | 'due_soon' | 'paused' | 'overdue' | 'done' | 'done_late'

export interface ClockState {
  kind: ClockKind
  /** working minutes left (running, due soon, paused) or past the deadline (overdue) */
  minutes: number | null
}

/**
 * Where a ticket's resolve clock stands: not started (before dispatch), running, near its
 * deadline (催办 reached), paused, overdue, or stopped (in time or late).
 */
export function clockOf(sla: Sla | null | undefined): ClockState {
  if (!sla || !sla.started_at) return { kind: 'idle', minutes: null }
  const remaining = sla.resolve_remaining_minutes
  if (!sla.open) return { kind: sla.resolve_breached ? 'done_late' : 'done', minutes: null }
  if (sla.resolve_breached || (remaining !== null && remaining < 0)) {
    return { kind: 'overdue', minutes: remaining === null ? null : Math.abs(remaining) }
  }
  if (sla.paused) return { kind: 'paused', minutes: remaining }
  if (sla.level && sla.level !== 'none') return { kind: 'due_soon', minutes: remaining }
  return { kind: 'running', minutes: remaining }
}

/** The el-tag type of a clock state. */
export function clockTag(kind: ClockKind): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (kind) {
    case 'overdue':
    case 'done_late':
      return 'danger'
    case 'due_soon':
      return 'warning'
    case 'done':
      return 'success'
    case 'running':
      return 'primary'
    default:
      return 'info'
  }
}

/** The escalation level in force, or null below 催办. */
export function levelOf(sla: Sla | null | undefined): Exclude<Escalation, 'none'> | null {
  const l = sla?.level
  return l && l !== 'none' ? l : null
}

export function levelTag(level: Escalation | null | undefined): 'warning' | 'danger' | 'info' {
  if (level === 'public_notice' || level === 'supervision') return 'danger'
  if (level === 'reminder') return 'warning'
  return 'info'
}

/** The el-tag type of a ticket state. */
export function stateTag(state: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (state) {
    case 'new':
    case 'returned':
      return 'warning'
    case 'paused':
      return 'info'
    case 'resolved':
    case 'closed':
      return 'success'
    case 'closed_unresolved':
      return 'danger'
    default:
      return 'primary'
  }
}

export function priorityTag(priority: string): 'danger' | 'warning' | 'info' {
  return priority === 'urgent' ? 'danger' : priority === 'high' ? 'warning' : 'info'
}

// ---- the queue ----------------------------------------------------------------------------

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2 }

/**
 * The caller's queue, most urgent first: by priority (紧急, 较急, 一般), then by working time left
 * (overdue first, a clock not yet started last), then oldest first.
 */
export function sortQueue(items: readonly Ticket[]): Ticket[] {
  const left = (t: Ticket) => {
    const r = t.sla?.resolve_remaining_minutes
    return r === null || r === undefined || !t.sla?.started_at ? Number.POSITIVE_INFINITY : r
  }
  return [...items].sort(
    (a, b) =>
      (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) ||
      left(a) - left(b) ||
      a.created_at.localeCompare(b.created_at) ||
      a.id - b.id,
  )
}

// ---- waiting for dispatch ------------------------------------------------------------------

/**
 * How long a ticket has waited for its dispatch, in working hours and minutes (the server counts
 * working time only): 0 → 「0分钟」, 45 → 「45分钟」, 150 → 「2小时30分钟」, 240 → 「4小时」. English:
 * "2 h 30 min". `null` (dispatched) → '-'.
 */
export function formatWaiting(minutes: number | null | undefined, lang: Lang = 'zh-CN'): string {
  if (minutes === null || minutes === undefined || Number.isNaN(minutes)) return '-'
  const m = Math.max(0, Math.floor(minutes))
  const hours = Math.floor(m / 60)
  const mins = m % 60
  const zh = lang !== 'en'
  const parts: string[] = []
  if (hours) parts.push(zh ? `${hours}小时` : `${hours} h`)
  if (mins || !hours) parts.push(zh ? `${mins}分钟` : `${mins} min`)
  return parts.join(zh ? '' : ' ')
}

/** The el-tag type of a wait: red once past the dispatch limit. */
export function waitingTag(t: { dispatch_overdue?: boolean | null }): 'danger' | 'warning' {
  return t.dispatch_overdue ? 'danger' : 'warning'
}

/**
 * The 等待 column's order, ascending: tickets not waiting (dispatched) first, then the shortest
 * wait; the table's descending order therefore puts the longest wait (the oldest) first. Equal
 * waits: the one received earlier counts as having waited longer.
 */
export function compareWaiting(a: Ticket, b: Ticket): number {
  const w = (t: Ticket) => (t.waiting_minutes === null || t.waiting_minutes === undefined ? -1 : t.waiting_minutes)
  const since = (t: Ticket) => t.received_at ?? t.created_at
  return w(a) - w(b) || since(b).localeCompare(since(a)) || b.id - a.id
}

// ---- action dialogs ---------------------------------------------------------------------------

export interface ActionNeeds {
  /** a department select (dispatch, re-route) */
  department: boolean
  /** a resolution text (办结) instead of a reason */
  resolution: boolean
  /** the reason (or resolution) must be given */
  textRequired: boolean
}

/** What the dialog of an action asks for, from the action the server offers. */
export function actionNeeds(a: Pick<TicketAction, 'code' | 'reason_required' | 'needs_department'>): ActionNeeds {
  const resolution = a.code === 'resolve'
  return { department: a.needs_department, resolution, textRequired: resolution || a.reason_required }
}

export interface ActionDraft {
  reason: string
  resolution: string
  department_id: number | null | undefined
}

/** The department a dialog starts with: the routing rule's suggestion, unless it is the current one. */
export function initialDepartment(code: string, suggested: number | null | undefined, current: number | null | undefined): number | undefined {
  if (!suggested) return undefined
  if (code === 'reroute' && suggested === current) return undefined
  return suggested
}

/**
 * The fields the user still has to fill before the action goes to the server:
 * `{reason|resolution|department_id: true}`. (The server checks again and names the field.)
 */
export function missingFields(needs: ActionNeeds, draft: ActionDraft): Partial<Record<'reason' | 'resolution' | 'department_id', true>> {
  const out: Partial<Record<'reason' | 'resolution' | 'department_id', true>> = {}
  if (needs.department && !draft.department_id) out.department_id = true
  if (needs.textRequired) {
    if (needs.resolution && !draft.resolution.trim()) out.resolution = true
    if (!needs.resolution && !draft.reason.trim()) out.reason = true
  }
  return out
}

/** The request body of an action: only what it takes. */
export function actionBody(needs: ActionNeeds, draft: ActionDraft): { reason: string | null; resolution: string | null; department_id: number | null } {
  return {
    reason: needs.resolution ? null : draft.reason.trim() || null,
    resolution: needs.resolution ? draft.resolution.trim() || null : null,
    department_id: needs.department ? draft.department_id ?? null : null,
  }
}

// ---- the working calendar -------------------------------------------------------------------

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup'

export interface CalendarCell {
  date: string
  day: number
  inMonth: boolean
  weekend: boolean
  /** 休 (holiday), 班 (make-up working day), an ordinary weekend day or working day */
  kind: DayKind
  working: boolean
}

export interface CalendarState {
  holidays: Set<string>
  workdays: Set<string>
}

export function calendarState(c: Pick<CalendarYear, 'holidays' | 'workdays'>): CalendarState {
  return { holidays: new Set(c.holidays), workdays: new Set(c.workdays) }
}

const isWeekend = (date: string) => {
  const d = dayjs(date).day()
  return d === 0 || d === 6
}

export function dayKind(date: string, s: CalendarState): DayKind {
  if (s.holidays.has(date)) return 'holiday'
  if (s.workdays.has(date)) return 'makeup'
  return isWeekend(date) ? 'weekend' : 'workday'
}

/** A working day: Monday–Friday, minus holidays, plus make-up working days. */
export function isWorkingDay(date: string, s: CalendarState): boolean {
  const k = dayKind(date, s)
  return k === 'workday' || k === 'makeup'
}

/** The weeks (Monday first) of month `m` (1–12) of `year`, each day with its kind. */
export function calendarMonth(year: number, m: number, s: CalendarState): CalendarCell[][] {
  const month = `${year}-${String(m).padStart(2, '0')}`
  return monthGrid(month).map((week) =>
    week.map((d) => {
      const kind = dayKind(d.date, s)
      return { ...d, weekend: isWeekend(d.date), kind, working: kind === 'workday' || kind === 'makeup' }
    }),
  )
}

/**
 * One click on a day: a marked day (休 or 班) loses its mark; an unmarked weekday becomes a
 * holiday (休), an unmarked weekend day a make-up working day (班). Returns a new state.
 */
export function toggleDay(s: CalendarState, date: string): CalendarState {
  const holidays = new Set(s.holidays)
  const workdays = new Set(s.workdays)
  if (holidays.has(date)) holidays.delete(date)
  else if (workdays.has(date)) workdays.delete(date)
  else if (isWeekend(date)) workdays.add(date)
  else holidays.add(date)
  return { holidays, workdays }
}

/** The PUT body of a year: sorted dates. */
export function calendarBody(year: number, s: CalendarState): CalendarYear {
  return { year, holidays: [...s.holidays].sort(), workdays: [...s.workdays].sort() }
}

/** Counts within `year`: holidays on weekdays (days off), make-up days, and working days. */
export function yearSummary(year: number, s: CalendarState): { holidays: number; makeup: number; working: number } {
  let holidays = 0
  let makeup = 0
  let working = 0
  for (let d = dayjs(`${year}-01-01`); d.year() === year; d = d.add(1, 'day')) {
    const date = d.format('YYYY-MM-DD')
    const k = dayKind(date, s)
    if (k === 'holiday') holidays++
    if (k === 'makeup') makeup++
    if (k === 'workday' || k === 'makeup') working++
  }
  return { holidays, makeup, working }
}

// ---- quarters -------------------------------------------------------------------------------

export function quarterOf(date: Date = new Date()): { year: number; quarter: number } {
  return { year: date.getFullYear(), quarter: Math.floor(date.getMonth() / 3) + 1 }
}

/** Coverage rate (0–1) as a percentage with one decimal. */
export function ratePercent(rate: number | null | undefined): number {
  return Math.round((rate ?? 0) * 1000) / 10
}

// ---- attachments ----------------------------------------------------------------------------

/** The server's limits (it checks again, by the file's bytes: this only saves a wasted upload). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
export const ATTACHMENTS_PER_TICKET = 10
/** What the public hotline form may send with a ticket. */
export const HOTLINE_ATTACHMENTS = 3
export const ATTACHMENT_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'doc', 'docx', 'xls', 'xlsx'] as const
/** For the file picker's `accept`. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => '.' + e).join(',')

export type AttachmentProblem = 'type' | 'size' | 'empty' | 'count'

/** What is wrong with a file before it is sent (`existing`: files already on the ticket). */
export function attachmentProblem(file: { name: string; size: number }, existing: number): AttachmentProblem | null {
  if (existing >= ATTACHMENTS_PER_TICKET) return 'count'
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : ''
  if (!(ATTACHMENT_EXTENSIONS as readonly string[]).includes(ext)) return 'type'
  if (file.size === 0) return 'empty'
  if (file.size > ATTACHMENT_MAX_BYTES) return 'size'
  return null
}

/** 1536 → 「1.5 KB」, 2621440 → 「2.5 MB」. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`
  return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`
}

/** Calendar days after which a call or visit entered afterwards needs the reason it is late
 * (the server's `check::LATE_ENTRY_DAYS`). */
export const LATE_ENTRY_DAYS = 3

/** Now to the minute, as the date-time pickers show it (`YYYY-MM-DD HH:mm`). */
export function nowMinute(now: Date = new Date()): string {
  return dayjs(now).format('YYYY-MM-DD HH:mm')
}

/** True when `value` (`YYYY-MM-DD HH:mm` or a date) lies more than LATE_ENTRY_DAYS calendar days
 * before today: the form then asks for the reason. */
export function isLateEntry(value: string | null | undefined, now: Date = new Date()): boolean {
  if (!value) return false
  const day = dayjs(value.slice(0, 10))
  if (!day.isValid()) return false
  return dayjs(now).startOf('day').diff(day, 'day') > LATE_ENTRY_DAYS
}

/** For date pickers: days after today cannot be chosen. */
export function notInFuture(d: Date): boolean {
  return dayjs(d).isAfter(dayjs(), 'day')
}
