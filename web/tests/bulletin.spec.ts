import { describe, expect, it } from 'vitest'
import { contestReportUrl, isoWeek, lastFullMonth, lastFullWeek, ticketReceiptUrl, weeklyBulletinUrl } from '@/utils/bulletin'
import { fileNameOf as pdfNameOf } from '@/utils/download'

describe('printed documents', () => {
  it('names ISO weeks as the server parses them', () => {
    expect(isoWeek('2026-11-30')).toBe('2026-W49') // a Monday
    expect(isoWeek('2026-12-06')).toBe('2026-W49') // its Sunday
    expect(isoWeek('2025-12-29')).toBe('2026-W01') // week 1 of 2026 starts in 2025
    expect(isoWeek('2027-01-01')).toBe('2026-W53') // 2026 has 53 weeks
    expect(isoWeek('2021-01-03')).toBe('2020-W53')
    expect(isoWeek(new Date(2026, 11, 9))).toBe('2026-W50')
  })

  it('defaults to the last full week and month', () => {
    expect(lastFullWeek('2026-12-09')).toBe('2026-W49')
    expect(lastFullWeek('2026-01-05')).toBe('2026-W01')
    expect(lastFullMonth('2026-12-09')).toBe('2026-11')
    expect(lastFullMonth('2026-01-15')).toBe('2025-12')
  })

  it('builds the download routes', () => {
    expect(weeklyBulletinUrl('2026-W49')).toBe('/api/v1/bulletins/weekly?week=2026-W49')
    expect(weeklyBulletinUrl('2026-W49', 3)).toBe('/api/v1/bulletins/weekly?week=2026-W49&park=3')
    expect(contestReportUrl('2026-11')).toBe('/api/v1/bulletins/contest?month=2026-11')
    expect(ticketReceiptUrl(7)).toBe('/api/v1/tickets/7/receipt')
  })

  it('names the saved file as the server does', () => {
    expect(pdfNameOf("attachment; filename=\"bulletin-2026-W49.pdf\"; filename*=UTF-8''%E5%85%A8%E5%8C%BA%E5%91%A8%E9%80%9A%E6%8A%A5.pdf", 'x.pdf')).toBe('全区周通报.pdf')
    expect(pdfNameOf(null, 'x.pdf')).toBe('x.pdf')
    expect(pdfNameOf("attachment; filename*=UTF-8''%E5%", 'x.pdf')).toBe('x.pdf')
  })
})
