import { describe, expect, it } from 'vitest'
import {
  barPercent,
  checkMove,
  completion,
  firstOutOfOrder,
  groupByDate,
  handOffWho,
  mondayOf,
  monthGrid,
  monthRange,
  moveCard,
  moveTargets,
  parseAmount,
  periodKind,
  periodsOf,
  splitAmount,
  stageChanges,
} from '@/utils/invest'
import { cockpitQueryFrom } from '@/utils/format'
import type { LeadMove } from '@/api/types'

// the moves of docs/api.md: one step forward, one step back (reason), open → lost (reason),
// lost → lead/contact/negotiation (reason)
const STAGES = ['lead', 'contact', 'negotiation', 'signed', 'lost']
const MOVES: LeadMove[] = [
  { from: 'lead', to: 'contact', reason_required: false },
  { from: 'contact', to: 'negotiation', reason_required: false },
  { from: 'negotiation', to: 'signed', reason_required: false },
  { from: 'contact', to: 'lead', reason_required: true },
  { from: 'negotiation', to: 'contact', reason_required: true },
  { from: 'signed', to: 'negotiation', reason_required: true },
  { from: 'lead', to: 'lost', reason_required: true },
  { from: 'contact', to: 'lost', reason_required: true },
  { from: 'negotiation', to: 'lost', reason_required: true },
  { from: 'lost', to: 'lead', reason_required: true },
  { from: 'lost', to: 'contact', reason_required: true },
  { from: 'lost', to: 'negotiation', reason_required: true },
]

describe('lead moves from /invest/meta', () => {
  it('asks no reason for a step forward, a reason for a step back or a loss', () => {
    expect(checkMove(MOVES, 'negotiation', 'signed')).toEqual({ kind: 'allowed', reasonRequired: false })
    expect(checkMove(MOVES, 'negotiation', 'contact')).toEqual({ kind: 'allowed', reasonRequired: true })
    expect(checkMove(MOVES, 'contact', 'lost')).toEqual({ kind: 'allowed', reasonRequired: true })
    expect(checkMove(MOVES, 'lost', 'negotiation')).toEqual({ kind: 'allowed', reasonRequired: true })
  })
  it('tells a move the meta does not list (the server will refuse it) from a drop in place', () => {
    expect(checkMove(MOVES, 'lead', 'signed')).toEqual({ kind: 'unlisted' })
    expect(checkMove(MOVES, 'lost', 'signed')).toEqual({ kind: 'unlisted' })
    expect(checkMove(MOVES, 'signed', 'signed')).toEqual({ kind: 'same' })
  })
  it('lists the destinations of a stage in column order', () => {
    expect(moveTargets(MOVES, 'contact', STAGES)).toEqual(['lead', 'negotiation', 'lost'])
    expect(moveTargets(MOVES, 'signed', STAGES)).toEqual(['negotiation'])
    expect(moveTargets([], 'lead', STAGES)).toEqual([])
  })
  it('moves a card between columns and undoes it exactly', () => {
    const columns = [
      { stage: 'negotiation', count: 5, amount: 900, items: [{ id: 1, a: 100 }, { id: 2, a: 200 }, { id: 3, a: 600 }] },
      { stage: 'signed', count: 10, amount: 5000, items: [{ id: 9, a: 5000 }] },
    ]
    const before = JSON.parse(JSON.stringify(columns))
    const undo = moveCard(columns, 2, 'signed', (x) => x.a)
    expect(columns[0].items.map((i) => i.id)).toEqual([1, 3])
    expect(columns[1].items.map((i) => i.id)).toEqual([2, 9])
    expect([columns[0].count, columns[0].amount, columns[1].count, columns[1].amount]).toEqual([4, 700, 11, 5200])
    undo()
    expect(columns).toEqual(before)
    // unknown card or column: nothing happens
    moveCard(columns, 42, 'signed')()
    moveCard(columns, 1, 'nowhere')()
    expect(columns).toEqual(before)
  })
})

describe('amounts typed in 万元/亿元 (exact, in 元)', () => {
  it('parses without floating-point error', () => {
    expect(parseAmount('12.5', 'yi')).toBe(1_250_000_000)
    expect(parseAmount('0.07', 'yi')).toBe(7_000_000)
    expect(parseAmount('1,200', 'wan')).toBe(12_000_000)
    expect(parseAmount('0.000001', 'wan')).toBe(0.01)
    expect(parseAmount('598', 'yi')).toBe(59_800_000_000)
    expect(parseAmount('10000', 'yi')).toBe(1_000_000_000_000)
    expect(parseAmount('1.1', 'wan')).toBe(11_000)
  })
  it('gives null for nothing and NaN for what is not an amount', () => {
    expect(parseAmount('', 'wan')).toBeNull()
    expect(parseAmount('  ', 'yi')).toBeNull()
    expect(parseAmount(null, 'yi')).toBeNull()
    expect(parseAmount('abc', 'wan')).toBeNaN()
    expect(parseAmount('-5', 'wan')).toBeNaN()
    expect(parseAmount('.', 'wan')).toBeNaN()
    expect(parseAmount('1e3', 'wan')).toBeNaN()
    // finer than a 分
    expect(parseAmount('0.0000001', 'wan')).toBeNaN()
    expect(parseAmount('1.00000000001', 'yi')).toBeNaN()
  })
  it('shows 元 back in 亿元 from one 亿 up, 万元 below, and round-trips', () => {
    expect(splitAmount(1_250_000_000)).toEqual({ text: '12.5', unit: 'yi' })
    expect(splitAmount(100_000_000)).toEqual({ text: '1', unit: 'yi' })
    expect(splitAmount(71_700_000)).toEqual({ text: '7170', unit: 'wan' })
    expect(splitAmount(12_345.67)).toEqual({ text: '1.234567', unit: 'wan' })
    expect(splitAmount(null)).toEqual({ text: '', unit: 'wan' })
    for (const v of [0.01, 1, 12_345.67, 99_999_999.99, 100_000_000, 123_456_789_012.34, 1_000_000_000_000]) {
      const s = splitAmount(v)
      expect(parseAmount(s.text, s.unit), String(v)).toBe(v)
    }
  })
})

describe('weeks, months and rates', () => {
  it('keys a week by its Monday', () => {
    expect(mondayOf('2022-08-31')).toBe('2022-08-29') // a Wednesday
    expect(mondayOf('2022-08-29')).toBe('2022-08-29')
    expect(mondayOf('2022-09-04')).toBe('2022-08-29') // a Sunday belongs to the week before
  })
  it('lays a month out in whole weeks, Monday first', () => {
    const weeks = monthGrid('2022-08') // 1 Aug 2022 is a Monday, 31 Aug a Wednesday
    expect(weeks).toHaveLength(5)
    expect(weeks.every((w) => w.length === 7)).toBe(true)
    expect(weeks[0][0]).toEqual({ date: '2022-08-01', day: 1, inMonth: true })
    expect(weeks[4][6]).toEqual({ date: '2022-09-04', day: 4, inMonth: false })
    const feb = monthGrid('2021-02') // starts on a Monday, 28 days: exactly 4 weeks
    expect(feb).toHaveLength(4)
    const may = monthGrid('2022-05') // 1 May 2022 is a Sunday: 6 weeks
    expect(may).toHaveLength(6)
    expect(may[0][6].date).toBe('2022-05-01')
    expect(monthRange('2022-02')).toEqual({ from: '2022-02-01', to: '2022-02-28' })
  })
  it('groups records by day', () => {
    const g = groupByDate([{ d: '2022-08-01' }, { d: '2022-08-01T10:00:00Z' }, { d: null }, { d: '2022-08-03' }], (x) => x.d)
    expect([...g.keys()]).toEqual(['2022-08-01', '2022-08-03'])
    expect(g.get('2022-08-01')).toHaveLength(2)
  })
  it('measures completion against a target', () => {
    expect(completion(51, 60)).toBe(85)
    expect(completion(2, 3)).toBe(66.7)
    expect(completion(0, 10)).toBe(0)
    expect(completion(5, 0)).toBeNull()
    expect(completion(5, null)).toBeNull()
    expect(barPercent(130)).toBe(100)
    expect(barPercent(null)).toBe(0)
  })
  it('offers the periods of a year', () => {
    const p = periodsOf(2022)
    expect(p.slice(0, 4)).toEqual(['2022', '2022-H1', '2022-H2', '2022-01'])
    expect(p).toHaveLength(15)
    expect(p.map(periodKind)).not.toContain(null)
    expect(periodKind('2022-13')).toBeNull()
  })
})

describe('leaderboard order', () => {
  const rows = [
    { name: '甲', signed_count: 3, signed_amount: 500 },
    { name: '乙', signed_count: 5, signed_amount: 500 },
    { name: '丙', signed_count: 9, signed_amount: 100 },
  ]
  it('finds the first row out of the rule', () => {
    expect(firstOutOfOrder(rows, 'amount')).toBe(1) // same amount: more projects first
    expect(firstOutOfOrder([rows[1], rows[0], rows[2]], 'amount')).toBe(-1)
    expect(firstOutOfOrder([rows[2], rows[1], rows[0]], 'count')).toBe(-1)
    expect(firstOutOfOrder([], 'count')).toBe(-1)
  })
})

describe('a stage edit sends only what changed', () => {
  const stored = { planned_on: '2026-03-01', actual_on: null }
  it('an actual date alone leaves the planned date out of the body', () => {
    expect(stageChanges(stored, { planned_on: '2026-03-01', actual_on: '2026-02-27' })).toEqual({ actual_on: '2026-02-27' })
  })
  it('a cleared date is sent as null; nothing changed sends nothing', () => {
    expect(stageChanges(stored, { planned_on: '', actual_on: null })).toEqual({ planned_on: null })
    expect(stageChanges(stored, { planned_on: '2026-03-01', actual_on: undefined })).toEqual({})
  })
})

describe('cockpit filters from the URL', () => {
  const now = new Date('2026-03-01T00:00:00Z')
  it('keeps the year view as before', () => {
    expect(cockpitQueryFrom({ year: '2021', park: '3' }, now)).toEqual({ year: 2021, park: 3, from: null, to: null, category: null })
    expect(cockpitQueryFrom({}, now).year).toBe(2025)
  })
  it('reads a period and a category (the drill of the article figure)', () => {
    expect(cockpitQueryFrom({ from: '2022-01-01', to: '2022-08-31', category: 'advanced_manufacturing' }, now)).toEqual({
      year: 2022, park: null, from: '2022-01-01', to: '2022-08-31', category: 'advanced_manufacturing',
    })
  })
  it('ignores half or backward periods and odd categories', () => {
    expect(cockpitQueryFrom({ from: '2022-01-01', year: '2021' }, now)).toMatchObject({ year: 2021, from: null, to: null })
    expect(cockpitQueryFrom({ from: '2022-09-01', to: '2022-08-31' }, now)).toMatchObject({ from: null, to: null })
    expect(cockpitQueryFrom({ category: 'x; drop' }, now).category).toBeNull()
  })
})

describe('who creates a signed lead\'s project', () => {
  it('names the people, and their park unless an account is named after it', () => {
    const users = (...names: string[]) => names.map((name, i) => ({ id: i + 1, name }))
    expect(handOffWho({ unit: '汽车及零部件产业园', users: users('张三', '李四') })).toBe('张三、李四（汽车及零部件产业园）')
    expect(handOffWho({ unit: '汽车及零部件产业园', users: users('汽车及零部件产业园') })).toBe('汽车及零部件产业园')
    expect(handOffWho({ unit: 'Auto park', users: users('Zhang', 'Li') }, 'en')).toBe('Zhang, Li (Auto park)')
    expect(handOffWho({ unit: '扬州经开区', users: [] })).toBe('')
  })
})
