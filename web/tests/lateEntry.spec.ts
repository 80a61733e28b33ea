import { describe, expect, it } from 'vitest'
import { LATE_ENTRY_DAYS, isLateEntry, nowMinute } from '@/utils/service'

// Monday 2025-11-17 10:00 local time.
const monday = new Date(2025, 10, 17, 10, 0)

describe('late entries ask for a reason', () => {
  it('three calendar days back needs none; four does', () => {
    expect(LATE_ENTRY_DAYS).toBe(3)
    expect(isLateEntry('2025-11-14 17:00', monday)).toBe(false)
    expect(isLateEntry('2025-11-13 23:59', monday)).toBe(true)
    expect(isLateEntry('2025-11-17 09:00', monday)).toBe(false)
  })
  it('nothing or garbage is not late', () => {
    expect(isLateEntry('', monday)).toBe(false)
    expect(isLateEntry(null, monday)).toBe(false)
    expect(isLateEntry('上周五', monday)).toBe(false)
  })
  it('the picker default is now to the minute', () => {
    expect(nowMinute(monday)).toBe('2025-11-17 10:00')
  })
})
