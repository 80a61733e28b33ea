// Geometry of the project timeline (甘特图): stage bars, planned against actual, placed in percent
// of a date range, with a today line and month ticks. Pure: tests/gantt.spec.ts.
import dayjs from 'dayjs'
import type { ProjectStage, StageState } from '@/api/types'

const DATE = 'YYYY-MM-DD'

export interface Range {
  from: string
  to: string
}

export interface Bar {
  stage: string
  from: string
  to: string
  /** percent of the range's width */
  left: number
  width: number
  /** done / late / due_soon / pending as the server says; `ongoing` for an actual bar still open today */
  state: StageState | 'ongoing'
}

export interface GanttRow {
  planned: Bar[]
  actual: Bar[]
}

interface Datable {
  signed_on: string
  stages: ProjectStage[]
}

function days(from: string, to: string): number {
  return dayjs(to).diff(dayjs(from), 'day')
}

function maxDate(dates: (string | null | undefined)[]): string | null {
  let best: string | null = null
  for (const d of dates) if (d && (!best || d > best)) best = d
  return best
}

function minDate(dates: (string | null | undefined)[]): string | null {
  let best: string | null = null
  for (const d of dates) if (d && (!best || d < best)) best = d
  return best
}

/**
 * Whole months covering every date of the projects and today, so bars and the today line fit.
 * An empty list gives the current month.
 */
export function ganttRange(projects: readonly Datable[], today: string): Range {
  const dates: string[] = [today]
  for (const p of projects) {
    dates.push(p.signed_on)
    for (const s of p.stages) {
      if (s.planned_on) dates.push(s.planned_on)
      if (s.actual_on) dates.push(s.actual_on)
    }
  }
  const lo = minDate(dates) ?? today
  const hi = maxDate(dates) ?? today
  return { from: dayjs(lo).startOf('month').format(DATE), to: dayjs(hi).endOf('month').format(DATE) }
}

/** Where a date falls in the range, in percent (the range's last day ends at 100). */
export function position(date: string, range: Range): number {
  const span = days(range.from, range.to) + 1
  if (span <= 0) return 0
  const x = (days(range.from, date) / span) * 100
  return Math.max(0, Math.min(100, Math.round(x * 100) / 100))
}

function bar(stage: string, from: string, to: string, state: Bar['state'], range: Range): Bar {
  const left = position(from, range)
  // a bar covers its last day too
  const right = position(dayjs(to).add(1, 'day').format(DATE), range)
  return { stage, from, to, left, width: Math.max(0, Math.round((right - left) * 100) / 100), state }
}

/**
 * One project's bars. A stage's planned bar runs from the latest planned date of the stages it
 * follows (signing for the first ones) to its own planned date; its actual bar from the latest
 * actual date of those stages to its actual date, or to today while it is open (its prerequisites
 * done, no actual date yet). The signing stage is a one-day bar on both lanes.
 */
export function ganttRow(project: Datable, range: Range, today: string): GanttRow {
  const byCode = new Map(project.stages.map((s) => [s.stage, s]))
  const planned: Bar[] = []
  const actual: Bar[] = []
  for (const s of project.stages) {
    const prereqs = s.after.map((c) => byCode.get(c)).filter((x): x is ProjectStage => Boolean(x))
    // planned
    const plannedStart = prereqs.length ? maxDate(prereqs.map((p) => p.planned_on ?? p.actual_on)) : project.signed_on
    if (s.planned_on && plannedStart) {
      const from = plannedStart <= s.planned_on ? plannedStart : s.planned_on
      planned.push(bar(s.stage, from, s.planned_on, s.state, range))
    }
    // actual
    const prereqsDone = prereqs.every((p) => p.actual_on)
    const actualStart = prereqs.length ? maxDate(prereqs.map((p) => p.actual_on)) : project.signed_on
    if (s.actual_on) {
      const from = actualStart && actualStart <= s.actual_on ? actualStart : s.actual_on
      actual.push(bar(s.stage, from, s.actual_on, 'done', range))
    } else if (prereqsDone && actualStart && actualStart <= today) {
      actual.push(bar(s.stage, actualStart, today, s.state === 'late' ? 'late' : 'ongoing', range))
    }
  }
  return { planned, actual }
}

export interface Tick {
  label: string
  left: number
}

/** Month ticks for the axis, thinned so that at most `max` are labelled. */
export function monthTicks(range: Range, max = 12): Tick[] {
  const months: string[] = []
  for (let d = dayjs(range.from).startOf('month'); !d.isAfter(dayjs(range.to), 'day'); d = d.add(1, 'month')) {
    months.push(d.format(DATE))
  }
  const step = Math.max(1, Math.ceil(months.length / max))
  return months.filter((_, i) => i % step === 0).map((m) => ({ label: m.slice(0, 7), left: position(m, range) }))
}

/** The earliest date of a project's timeline (for sorting rows). */
export function startOf(project: Datable): string {
  return minDate([project.signed_on, ...project.stages.map((s) => s.planned_on)]) ?? project.signed_on
}
