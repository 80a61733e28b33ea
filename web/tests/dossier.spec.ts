import { describe, expect, it } from 'vitest'
import { moneyOrNone, percentOrNone, scoreOrNone, textOrNone } from '@/views/enterprise/dossierFormat'

describe('一企一档 figures', () => {
  it('shows "—" for a figure with nothing behind it, and a real zero as zero', () => {
    expect(moneyOrNone(null, 'zh-CN')).toBe('—')
    expect(moneyOrNone(0, 'zh-CN')).toBe('0.00万元')
    expect(moneyOrNone(4600000000, 'zh-CN')).toBe('46.00亿元')
    expect(moneyOrNone(4600000000, 'en')).toBe('4.60 bn yuan')
    expect(percentOrNone(null)).toBe('—')
    expect(percentOrNone(0)).toBe('0.0%')
    expect(percentOrNone(0.333)).toBe('33.3%')
    expect(scoreOrNone(undefined)).toBe('—')
    expect(scoreOrNone(3.666)).toBe('3.67')
    expect(textOrNone(null)).toBe('—')
    expect(textOrNone('')).toBe('—')
    expect(textOrNone('2026-08-14')).toBe('2026-08-14')
  })
})
