import { describe, expect, it } from 'vitest'
import { ganttRange, ganttRow, monthTicks, position } from '@/utils/gantt'
import type { ProjectStage } from '@/api/types'

type Code = ProjectStage['stage']

const TEMPLATE: [Code, Code[]][] = [
  ['signed', []],
  ['prereview', ['signed']],
  ['land', ['signed']],
  ['started', ['prereview', 'land']],
  ['completed', ['started']],
  ['handover', ['completed']],
  ['production', ['handover']],
  ['capacity', ['production']],
]

function project(dates: Record<string, [string | null, string | null]>, signed = '2022-01-10') {
  const stages: ProjectStage[] = TEMPLATE.map(([stage, after]) => {
    const [planned_on, actual_on] = dates[stage] ?? [null, null]
    return { stage, label: stage, after, limit_days: 30, planned_on, actual_on, state: actual_on ? 'done' : 'pending' }
  })
  return { signed_on: signed, stages }
}

describe('project timeline geometry', () => {
  it('covers whole months from the earliest date to the latest or today', () => {
    const p = project({ signed: ['2022-01-10', '2022-01-10'], capacity: ['2023-06-15', null] })
    expect(ganttRange([p], '2022-08-01')).toEqual({ from: '2022-01-01', to: '2023-06-30' })
    expect(ganttRange([p], '2024-02-10')).toEqual({ from: '2022-01-01', to: '2024-02-29' })
    expect(ganttRange([], '2022-08-15')).toEqual({ from: '2022-08-01', to: '2022-08-31' })
  })
  it('places dates in percent of the range, clamped', () => {
    const r = { from: '2022-01-01', to: '2022-01-10' } // 10 days
    expect(position('2022-01-01', r)).toBe(0)
    expect(position('2022-01-06', r)).toBe(50)
    expect(position('2022-01-11', r)).toBe(100)
    expect(position('2021-12-01', r)).toBe(0)
    expect(position('2023-01-01', r)).toBe(100)
  })
  it('draws planned bars from the latest prerequisite and actual bars up to today while open', () => {
    const p = project({
      signed: ['2022-01-10', '2022-01-10'],
      prereview: ['2022-02-09', '2022-02-01'],
      land: ['2022-04-10', '2022-03-20'],
      started: ['2022-05-10', null],
      completed: ['2023-05-10', null],
    })
    p.stages[3].state = 'late'
    const r = { from: '2022-01-01', to: '2023-12-31' }
    const row = ganttRow(p, r, '2022-06-01')
    const planned = Object.fromEntries(row.planned.map((b) => [b.stage, b]))
    const actual = Object.fromEntries(row.actual.map((b) => [b.stage, b]))
    // started follows prereview and land: its planned bar starts at the later of their planned dates
    expect([planned.started.from, planned.started.to]).toEqual(['2022-04-10', '2022-05-10'])
    expect([planned.land.from, planned.land.to]).toEqual(['2022-01-10', '2022-04-10'])
    // signing is a one-day bar
    expect(planned.signed.from).toBe(planned.signed.to)
    expect(planned.signed.width).toBeGreaterThan(0)
    // actual: land done, started open since the latest prerequisite and late
    expect([actual.land.from, actual.land.to, actual.land.state]).toEqual(['2022-01-10', '2022-03-20', 'done'])
    expect([actual.started.from, actual.started.to, actual.started.state]).toEqual(['2022-03-20', '2022-06-01', 'late'])
    // completed cannot have started: no actual bar
    expect(actual.completed).toBeUndefined()
    // bars stay inside the range
    for (const b of [...row.planned, ...row.actual]) {
      expect(b.left).toBeGreaterThanOrEqual(0)
      expect(b.left + b.width).toBeLessThanOrEqual(100.01)
    }
    expect(planned.land.left).toBeLessThan(planned.started.left)
  })
  it('marks an open stage that is not late as ongoing', () => {
    const p = project({ signed: ['2022-01-10', '2022-01-10'], prereview: ['2022-03-01', null] })
    const row = ganttRow(p, { from: '2022-01-01', to: '2022-12-31' }, '2022-02-01')
    expect(row.actual.find((b) => b.stage === 'prereview')?.state).toBe('ongoing')
  })
  it('labels months, thinned on long ranges', () => {
    expect(monthTicks({ from: '2022-01-01', to: '2022-03-31' }).map((t) => t.label)).toEqual(['2022-01', '2022-02', '2022-03'])
    const long = monthTicks({ from: '2020-01-01', to: '2023-12-31' }, 12)
    expect(long.length).toBeLessThanOrEqual(12)
    expect(long[0]).toEqual({ label: '2020-01', left: 0 })
  })
})
