import { describe, expect, it } from 'vitest'
import { formatCount, formatFigure, formatMoney, formatMoneyIn, lastFullYear, toYi, yearRange } from '@/utils/format'
import { expectedCheckChar, usccProblem } from '@/utils/uscc'
import { fileNameOf, exportUrl } from '@/utils/download'

describe('money formatting (API values are 元)', () => {
  it('shows 亿元 from one 亿 up', () => {
    expect(formatMoney(10800000000)).toBe('108.00亿元')
    expect(formatMoney(100000000)).toBe('1.00亿元')
    expect(formatMoney(7170000000)).toBe('71.70亿元')
  })
  it('shows 万元 below one 亿, with thousands separators', () => {
    expect(formatMoney(71700000)).toBe('7,170.00万元')
    expect(formatMoney(99999999)).toBe('10,000.00万元')
    expect(formatMoney(12345.67)).toBe('1.23万元')
    expect(formatMoney(0)).toBe('0.00万元')
  })
  it('keeps the sign and shows a dash for no value', () => {
    expect(formatMoney(-250000000)).toBe('-2.50亿元')
    expect(formatMoney(null)).toBe('-')
    expect(formatMoney(undefined)).toBe('-')
  })
  it('speaks English units in English', () => {
    expect(formatMoney(10800000000, 'en')).toBe('10.80 bn yuan')
    expect(formatMoney(71700000, 'en')).toBe('71.70 m yuan')
  })
  it('formats cockpit figures by unit', () => {
    expect(formatFigure(72, '家')).toBe('72家')
    expect(formatFigure(72, '家', 'en')).toBe('72')
    expect(formatFigure(10800000000, '元')).toBe('108.00亿元')
    expect(formatCount(1234)).toBe('1,234家')
    expect(toYi(10800000000)).toBe(108)
  })
  it('defaults to the last full year', () => {
    expect(lastFullYear(new Date('2026-11-27T12:00:00Z'))).toBe(2025)
    expect(yearRange(2020, new Date('2026-01-05T00:00:00Z'))).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020])
  })
})

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts the valid examples', () => {
    for (const code of ['91310110666007217T', '91310115591693856A', '91110108551385082Q']) {
      expect(usccProblem(code), code).toBeNull()
    }
    expect(usccProblem(' 91310110666007217t ')).toBeNull()
  })
  it('tells a wrong check character (a warning) from a wrong length or alphabet (errors)', () => {
    expect(usccProblem('91310110666007217X')).toBe('check')
    expect(expectedCheckChar('91310110666007217')).toBe('T')
    expect(usccProblem('9131011066600721')).toBe('length')
    expect(usccProblem('91310110666007217I')).toBe('alphabet')
    expect(usccProblem('91350100M0001TGQXM')).toBe('check')
  })
})

describe('list export', () => {
  it('asks for the whole list as xlsx with the page filters, without its paging', () => {
    const url = exportUrl('/enterprises', { q: '晶澳', park: 3, page: 4, page_size: 50, sort: 'sales', order: 'desc', chain: undefined })
    expect(url.startsWith('/api/v1/enterprises?')).toBe(true)
    const q = new URLSearchParams(url.split('?')[1])
    expect(q.get('q')).toBe('晶澳')
    expect(q.get('park')).toBe('3')
    expect(q.get('sort')).toBe('sales')
    expect(q.get('format')).toBe('xlsx')
    expect(q.has('page')).toBe(false)
    expect(q.has('page_size')).toBe(false)
    expect(q.has('chain')).toBe(false)
  })
  it('names the file as the server says, in Chinese when it can', () => {
    const h = "attachment; filename=\"export-20261207-2250.xlsx\"; filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95-20261207-2250.xlsx"
    expect(fileNameOf(h, 'x.xlsx')).toBe('企业名录-20261207-2250.xlsx')
    expect(fileNameOf('attachment; filename="a.xlsx"', 'x.xlsx')).toBe('a.xlsx')
    expect(fileNameOf(null, 'x.xlsx')).toBe('x.xlsx')
  })
})

describe('formatMoneyIn', () => {
  it('gives every row of a column in the unit its header names', () => {
    expect(formatMoneyIn(10800000000, 'yi')).toBe('108.00')
    expect(formatMoneyIn(30000000, 'yi')).toBe('0.30')
    expect(formatMoneyIn(10800000000, 'wan')).toBe('1,080,000')
    expect(formatMoneyIn(71700000, 'wan')).toBe('7,170')
    expect(formatMoneyIn(null, 'yi')).toBe('-')
  })
})
