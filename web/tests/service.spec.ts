import { describe, expect, it } from 'vitest'
import {
  attachmentProblem,
  formatBytes,
  actionBody,
  actionNeeds,
  calendarBody,
  calendarMonth,
  calendarState,
  clockOf,
  dayKind,
  formatWorking,
  formatZoneTime,
  initialDepartment,
  isWorkingDay,
  levelOf,
  missingFields,
  ratePercent,
  sortQueue,
  splitWorking,
  compareWaiting,
  formatWaiting,
  waitingTag,
  toggleDay,
  yearSummary,
} from '@/utils/service'
import { drillRoute } from '@/utils/permission'
import type { Sla, Ticket } from '@/api/types'

function sla(over: Partial<Sla> = {}): Sla {
  return {
    started_at: '2026-11-27T10:00:00', answered_at: null, resolved_at: null, closed_at: null, paused: false, open: true,
    answer_due: '2026-12-02T17:30:00', resolve_due: '2026-12-16T17:30:00', resolve_elapsed_minutes: 0, resolve_remaining_minutes: 5460,
    day_minutes: 420, answer_breached: false, resolve_breached: false, level: 'none', remind_at: null, supervise_at: null, notice_at: null,
    ...over,
  }
}

function ticket(id: number, priority: string, s: Partial<Sla> | null, created = '2026-11-20T01:00:00Z'): Ticket {
  return {
    id, no: `20261127-${String(id).padStart(4, '0')}`, channel: 'phone', category: 'land', priority, title: `T${id}`, detail: '',
    enterprise_id: null, enterprise: null, project_id: null, project: null, park_id: null, requester_id: null,
    contact_name: '', contact_phone: '', contact_company: '', department_id: null, department: null,
    state: 'dispatched', state_label: '', created_at: created, dispatched_at: null, answered_at: null, resolved_at: null,
    closed_at: null, updated_at: created, resolution: '', solved: null, satisfaction: null, rating_comment: '', received_at: null, late_reason: null,
    category_label: '', priority_label: '', channel_label: '',
    sla: s === null ? sla({ started_at: null, resolve_remaining_minutes: null, open: false }) : sla(s),
    overdue: false, actions: [], suggested_department: null, can_rate: false, can_attach: false,
    waiting_minutes: null, dispatch_due_at: null, dispatch_overdue: null,
  }
}

describe('working time in 工作日/小时 (7 working hours a day)', () => {
  it('splits minutes into working days, hours and minutes', () => {
    expect(splitWorking(5460, 420)).toEqual({ days: 13, hours: 0, minutes: 0 })
    expect(splitWorking(500, 420)).toEqual({ days: 1, hours: 1, minutes: 20 })
    expect(splitWorking(-130, 420)).toEqual({ days: 0, hours: 2, minutes: 10 })
  })
  it('reads as days and hours, minutes only under an hour', () => {
    expect(formatWorking(5460, 420)).toBe('13个工作日')
    expect(formatWorking(500, 420)).toBe('1个工作日1小时')
    expect(formatWorking(130, 420)).toBe('2小时')
    expect(formatWorking(45, 420)).toBe('45分钟')
    expect(formatWorking(0, 420)).toBe('0分钟')
    expect(formatWorking(-480, 420)).toBe('1个工作日1小时')
    expect(formatWorking(null, 420)).toBe('-')
    expect(formatWorking(500, 420, 'en')).toBe('1 wd 1 h')
    expect(formatWorking(45, 420, 'en')).toBe('45 min')
    // A zone with eight office hours a day: the same minutes are fewer days.
    expect(formatWorking(5460, 480)).toBe('11个工作日3小时')
    // No day length known: hours only, never a guessed day.
    expect(formatWorking(500, null)).toBe('8小时')
  })
  it('shows zone-local SLA instants as they are (no time-zone shift)', () => {
    expect(formatZoneTime('2026-12-16T17:30:00')).toBe('2026-12-16 17:30')
    expect(formatZoneTime(null)).toBe('-')
  })
})

describe('the SLA clock', () => {
  it('is idle before dispatch, runs, nears its deadline, pauses, and is overdue past it', () => {
    expect(clockOf(sla({ started_at: null })).kind).toBe('idle')
    expect(clockOf(sla())).toEqual({ kind: 'running', minutes: 5460 })
    expect(clockOf(sla({ level: 'reminder', resolve_remaining_minutes: 300 }))).toEqual({ kind: 'due_soon', minutes: 300 })
    expect(clockOf(sla({ paused: true, resolve_remaining_minutes: 900 }))).toEqual({ kind: 'paused', minutes: 900 })
    expect(clockOf(sla({ resolve_breached: true, resolve_remaining_minutes: -500, level: 'supervision' }))).toEqual({ kind: 'overdue', minutes: 500 })
  })
  it('stops in time or late once resolved or closed', () => {
    expect(clockOf(sla({ open: false, resolved_at: '2026-12-01T10:00:00' })).kind).toBe('done')
    expect(clockOf(sla({ open: false, resolve_breached: true })).kind).toBe('done_late')
  })
  it('names the escalation in force, none below 催办', () => {
    expect(levelOf(sla({ level: 'public_notice' }))).toBe('public_notice')
    expect(levelOf(sla({ level: 'none' }))).toBeNull()
    expect(levelOf(null)).toBeNull()
  })
})

describe('the queue', () => {
  it('puts urgent first, then the least working time left (overdue first), a clock not started last', () => {
    const items = [
      ticket(1, 'normal', { resolve_remaining_minutes: 2000 }),
      ticket(2, 'normal', { resolve_remaining_minutes: -100, resolve_breached: true }),
      ticket(3, 'urgent', { resolve_remaining_minutes: 300 }),
      ticket(4, 'high', null),
      ticket(5, 'high', { resolve_remaining_minutes: 1000 }),
      ticket(6, 'normal', null, '2026-11-01T00:00:00Z'),
      ticket(7, 'normal', null, '2026-11-02T00:00:00Z'),
    ]
    expect(sortQueue(items).map((x) => x.id)).toEqual([3, 5, 4, 2, 1, 6, 7])
    expect(items.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
})

describe('waiting for dispatch (等待)', () => {
  it('reads as working hours and minutes', () => {
    expect(formatWaiting(0)).toBe('0分钟')
    expect(formatWaiting(45)).toBe('45分钟')
    expect(formatWaiting(150)).toBe('2小时30分钟')
    expect(formatWaiting(240)).toBe('4小时')
    expect(formatWaiting(150, 'en')).toBe('2 h 30 min')
    expect(formatWaiting(null)).toBe('-')
  })
  it('is red past the dispatch limit', () => {
    expect(waitingTag({ dispatch_overdue: true })).toBe('danger')
    expect(waitingTag({ dispatch_overdue: false })).toBe('warning')
  })
  it('sorts, descending, the longest wait first and the dispatched last', () => {
    const waiting = (id: number, minutes: number | null, received: string | null = null) => ({
      ...ticket(id, 'normal', null),
      state: (minutes === null ? 'dispatched' : 'new') as Ticket['state'],
      waiting_minutes: minutes,
      received_at: received,
    })
    const items = [waiting(1, 30), waiting(2, null), waiting(3, 241), waiting(4, 30, '2026-11-19T01:00:00Z'), waiting(5, 0)]
    const desc = [...items].sort((a, b) => compareWaiting(b, a)).map((x) => x.id)
    // equal waits: the one received earlier first
    expect(desc).toEqual([3, 4, 1, 5, 2])
  })
})

describe('what an action dialog asks for', () => {
  const a = (code: string, reason_required = false, needs_department = false) => ({ code, label: code, reason_required, needs_department })
  it('派单 and 改派 need a department, 退单/暂停 a reason, 办结 a resolution, 签收 nothing', () => {
    expect(actionNeeds(a('dispatch', false, true))).toEqual({ department: true, resolution: false, textRequired: false })
    expect(actionNeeds(a('return', true))).toEqual({ department: false, resolution: false, textRequired: true })
    expect(actionNeeds(a('resolve', true))).toEqual({ department: false, resolution: true, textRequired: true })
    expect(actionNeeds(a('accept'))).toEqual({ department: false, resolution: false, textRequired: false })
  })
  it('lists what is still missing, and sends only what the action takes', () => {
    const ret = actionNeeds(a('return', true))
    expect(missingFields(ret, { reason: '  ', resolution: '', department_id: null })).toEqual({ reason: true })
    expect(missingFields(ret, { reason: '属人社局职责', resolution: '', department_id: null })).toEqual({})
    const dispatch = actionNeeds(a('dispatch', false, true))
    expect(missingFields(dispatch, { reason: '', resolution: '', department_id: undefined })).toEqual({ department_id: true })
    expect(actionBody(dispatch, { reason: ' 请尽快 ', resolution: 'x', department_id: 3 })).toEqual({ reason: '请尽快', resolution: null, department_id: 3 })
    const resolve = actionNeeds(a('resolve', true))
    expect(missingFields(resolve, { reason: 'x', resolution: '', department_id: null })).toEqual({ resolution: true })
    expect(actionBody(resolve, { reason: 'x', resolution: ' 已落实 ', department_id: 3 })).toEqual({ reason: null, resolution: '已落实', department_id: null })
  })
  it('prefills the routing rule\'s department, except for a re-route to the same one', () => {
    expect(initialDepartment('dispatch', 1, null)).toBe(1)
    expect(initialDepartment('reroute', 1, 1)).toBeUndefined()
    expect(initialDepartment('reroute', 1, 3)).toBe(1)
    expect(initialDepartment('dispatch', null, null)).toBeUndefined()
  })
})

describe('the working calendar', () => {
  // 2026: 10-01..10-07 National Day (10-03/10-04 a weekend), 10-10 (Saturday) a make-up day
  const cal = calendarState({ holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-05'], workdays: ['2026-10-10'] })
  it('tells working days from weekends, holidays (休) and make-up days (班)', () => {
    expect(dayKind('2026-10-01', cal)).toBe('holiday')
    expect(dayKind('2026-10-03', cal)).toBe('holiday')
    expect(dayKind('2026-10-04', cal)).toBe('weekend')
    expect(dayKind('2026-10-10', cal)).toBe('makeup')
    expect(dayKind('2026-10-12', cal)).toBe('workday')
    expect(isWorkingDay('2026-10-10', cal)).toBe(true)
    expect(isWorkingDay('2026-10-05', cal)).toBe(false)
  })
  it('lays a month out Monday first, with its days\' kinds', () => {
    const weeks = calendarMonth(2026, 10, cal)
    expect(weeks[0].map((d) => d.date)).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04'])
    expect(weeks[0][0].inMonth).toBe(false)
    expect(weeks[0][3]).toMatchObject({ day: 1, inMonth: true, kind: 'holiday', working: false })
    const tenth = weeks.flat().find((d) => d.date === '2026-10-10')
    expect(tenth).toMatchObject({ weekend: true, kind: 'makeup', working: true })
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31)
  })
  it('toggles: a marked day loses its mark, a weekday becomes 休, a weekend day 班', () => {
    let s = toggleDay(cal, '2026-10-01')
    expect(dayKind('2026-10-01', s)).toBe('workday')
    expect(dayKind('2026-10-01', cal)).toBe('holiday')
    s = toggleDay(s, '2026-10-01')
    expect(dayKind('2026-10-01', s)).toBe('holiday')
    s = toggleDay(s, '2026-10-11')
    expect(dayKind('2026-10-11', s)).toBe('makeup')
    s = toggleDay(s, '2026-10-11')
    expect(dayKind('2026-10-11', s)).toBe('weekend')
    s = toggleDay(s, '2026-10-10')
    expect(dayKind('2026-10-10', s)).toBe('weekend')
    expect(calendarBody(2026, s)).toEqual({ year: 2026, holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-05'], workdays: [] })
  })
  it('counts a year: holidays, make-up days and working days', () => {
    const empty = calendarState({ holidays: [], workdays: [] })
    expect(yearSummary(2026, empty)).toEqual({ holidays: 0, makeup: 0, working: 261 })
    expect(yearSummary(2026, cal)).toEqual({ holidays: 4, makeup: 1, working: 261 - 3 + 1 })
  })
})

describe('cockpit drills into the service pages', () => {
  it('maps ticket, visit and coverage drills to their pages, every parameter kept', () => {
    expect(drillRoute('/api/v1/tickets?open=true')).toEqual({ path: '/tickets', query: { open: 'true' } })
    expect(drillRoute('/api/v1/tickets?overdue=true&park=3')).toEqual({ path: '/tickets', query: { overdue: 'true', park: '3' } })
    expect(drillRoute('/api/v1/tickets?open=false')).toEqual({ path: '/tickets', query: { open: 'false' } })
    expect(drillRoute('/api/v1/visits?from=2025-01-01&to=2025-12-31')).toEqual({ path: '/visits', query: { from: '2025-01-01', to: '2025-12-31' } })
    expect(drillRoute('/api/v1/visits/coverage?year=2026&quarter=4')).toEqual({ path: '/visits/coverage', query: { year: '2026', quarter: '4' } })
  })
  it('rates as percentages', () => {
    expect(ratePercent(0.4567)).toBe(45.7)
    expect(ratePercent(null)).toBe(0)
  })
})

describe('attachments checked before upload', () => {
  it('refuses what the server would refuse', () => {
    expect(attachmentProblem({ name: '用地申请.PDF', size: 2048 }, 0)).toBeNull()
    expect(attachmentProblem({ name: '表.xlsx', size: 10 * 1024 * 1024 }, 9)).toBeNull()
    expect(attachmentProblem({ name: 'setup.exe', size: 100 }, 0)).toBe('type')
    expect(attachmentProblem({ name: 'README', size: 100 }, 0)).toBe('type')
    expect(attachmentProblem({ name: 'scan.pdf', size: 10 * 1024 * 1024 + 1 }, 0)).toBe('size')
    expect(attachmentProblem({ name: 'a.png', size: 0 }, 0)).toBe('empty')
    expect(attachmentProblem({ name: 'a.png', size: 5 }, 10)).toBe('count')
  })
  it('shows sizes people read', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(2 * 1024 * 1024)).toBe('2 MB')
  })
})
