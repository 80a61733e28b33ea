import { describe, expect, it } from 'vitest'
import {
  apiValueOf,
  displayStored,
  formatStored,
  implausible,
  isBlock,
  parseCell,
  pastedColumn,
  placeBlock,
  storedOf,
} from '@/views/enterprise/grid/cells'

const money = { money: true, decimals: 2 }
const people = { money: false, decimals: 0 }
const energy = { money: false, decimals: 2 }

describe('month grid cells', () => {
  it('turns 万元 into exact 分', () => {
    expect(parseCell('1', money)).toEqual({ kind: 'value', stored: 1_000_000 })
    expect(parseCell('6543.210001', money)).toEqual({ kind: 'value', stored: 6_543_210_001 })
    // 0.1 + 0.2 style binary errors cannot happen: digits are shifted as text.
    expect(parseCell('0.3', money)).toEqual({ kind: 'value', stored: 300_000 })
    expect(parseCell('1234567.89', money)).toEqual({ kind: 'value', stored: 1_234_567_890_000 })
    expect(parseCell('0.0000001', money)).toEqual({ kind: 'error', reason: 'decimals' })
    expect(parseCell('.5', money)).toEqual({ kind: 'value', stored: 500_000 })
  })

  it('reads thousands separators, full-width digits, spaces and unit words', () => {
    expect(parseCell('1,234.5', money)).toEqual({ kind: 'value', stored: 1_234_500_000 })
    expect(parseCell('１，２３４．５', money)).toEqual({ kind: 'value', stored: 1_234_500_000 })
    expect(parseCell(' 12 345 ', people)).toEqual({ kind: 'value', stored: 1_234_500 })
    expect(parseCell('\u00a0８８\u3000', people)).toEqual({ kind: 'value', stored: 8_800 })
    expect(parseCell('88人', people)).toEqual({ kind: 'value', stored: 8_800 })
    expect(parseCell('2.5万元', money)).toEqual({ kind: 'value', stored: 2_500_000 })
    expect(parseCell('12.34', energy)).toEqual({ kind: 'value', stored: 1_234 })
  })

  it('a blank, a dash or 无 is no figure; junk, negatives and extra decimals are refused', () => {
    for (const t of ['', '   ', '-', '—', '－', '无', null, undefined]) expect(parseCell(t, money)).toEqual({ kind: 'blank' })
    expect(parseCell('abc', money)).toEqual({ kind: 'error', reason: 'number' })
    expect(parseCell('1.2.3', money)).toEqual({ kind: 'error', reason: 'number' })
    expect(parseCell('-5', money)).toEqual({ kind: 'error', reason: 'negative' })
    expect(parseCell('12.5', people)).toEqual({ kind: 'error', reason: 'decimals' })
    expect(parseCell('12.50', energy)).toEqual({ kind: 'value', stored: 1_250 })
    expect(parseCell('12.345', energy)).toEqual({ kind: 'error', reason: 'decimals' })
    expect(parseCell('99999999999999999', money)).toEqual({ kind: 'error', reason: 'large' })
    expect(parseCell('0', money)).toEqual({ kind: 'value', stored: 0 })
  })

  it('shows stored figures in 万元 and converts to and from the API', () => {
    expect(formatStored(6_543_210_001, money)).toBe('6543.210001')
    expect(formatStored(1_000_000, money)).toBe('1')
    expect(formatStored(5, money)).toBe('0.000005')
    expect(formatStored(8_800, people)).toBe('88')
    expect(formatStored(null, money)).toBe('')
    expect(displayStored(1_234_567_890_000, money)).toBe('1,234,567.89')
    expect(displayStored(4_954_823_527, money)).toBe('4,954.82')
    expect(displayStored(1_234_500, people)).toBe('12,345')
    expect(displayStored(null, money)).toBe('—')
    expect(storedOf(65_432_100.01)).toBe(6_543_210_001)
    expect(storedOf(null)).toBeNull()
    expect(apiValueOf(6_543_210_001)).toBe(65_432_100.01)
    expect(apiValueOf(null)).toBeNull()
  })

  it('a pasted block becomes a column of values going down', () => {
    const excel = '1,234.5\t甲\r\n\r\n"2,000"\t乙\r\n３００\r\n'
    expect(isBlock(excel)).toBe(true)
    expect(isBlock('123\n')).toBe(false)
    expect(isBlock('123')).toBe(false)
    const col = pastedColumn(excel)
    expect(col).toEqual(['1,234.5', '', '2,000', '３００'])
    expect(col.map((c) => parseCell(c, money))).toEqual([
      { kind: 'value', stored: 1_234_500_000 },
      { kind: 'blank' },
      { kind: 'value', stored: 2_000_000_000 },
      { kind: 'value', stored: 300_000_000 },
    ])
    expect(placeBlock(col, 8, 10)).toEqual({ at: [8, 9], dropped: 2 })
    expect(placeBlock(col, 0, 10)).toEqual({ at: [0, 1, 2, 3], dropped: 0 })
  })

  it('warns when a figure is ten times off both neighbours', () => {
    expect(implausible(1_000_000_000, [1_000_000, null])).toBe(true)
    expect(implausible(1_000, [1_000_000, 900_000])).toBe(true)
    expect(implausible(1_200_000, [1_000_000, 50_000])).toBe(false)
    expect(implausible(1_000_000, [null, null])).toBe(false)
    expect(implausible(null, [1_000_000])).toBe(false)
    expect(implausible(0, [1_000_000])).toBe(false)
  })
})
