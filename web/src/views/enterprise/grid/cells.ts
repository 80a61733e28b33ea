// The month grids' cells: what staff type or paste (from their own spreadsheets) turned into the
// stored figure, exactly. Stored figures are integers of hundredths of the metric's unit — for
// money that is 分, while the console shows money in 万元 (1万元 = 1,000,000分). No binary
// floating point touches a typed figure: the digits are shifted as text.

/** How a column's figures are typed: money in 万元, the rest in the metric's unit. */
export interface CellUnit {
  money: boolean
  /** decimals the metric allows in its own unit (用工人数: 0, others: 2) */
  decimals: number
}

/** `blank`: no figure (the stored one is removed); `value`: stored hundredths (分 for money). */
export type Parsed =
  | { kind: 'blank' }
  | { kind: 'value'; stored: number }
  | { kind: 'error'; reason: 'number' | 'negative' | 'decimals' | 'large' }

/** Hundredths per typed unit as a power of ten: 万元 → 分 is 10^6, other units 10^2. */
function shift(unit: CellUnit): number {
  return unit.money ? 6 : 2
}

/** Decimals that may be typed: money in 万元 to the 分 (6), else the metric's own. */
export function typedDecimals(unit: CellUnit): number {
  return unit.money ? 6 : unit.decimals
}

/** Largest stored figure: 10万亿元 in 分 (as the server's limit), 10^9 in other units. */
const MAX_STORED = 1e15

const DASHES = new Set(['-', '—', '–', '－', '/', '／', '无'])

/**
 * The typed text as plain ASCII digits: full-width forms folded (０-９，．－), spaces of every kind
 * and thousands separators (`,` `，` `'` thin space) dropped, a trailing unit word dropped.
 */
export function normalise(text: string): string {
  let s = ''
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0
    s += c >= 0xff01 && c <= 0xff5e ? String.fromCodePoint(c - 0xfee0) : ch
  }
  return s
    .replace(/[\s\u00a0\u2009\u202f\u3000]/g, '')
    .replace(/[,'，]/g, '')
    .replace(/(万元|元|人|亩|吨标准煤|吨)$/, '')
    .replace(/^\+/, '')
}

/** Parses one cell as typed or pasted. */
export function parseCell(text: string | null | undefined, unit: CellUnit): Parsed {
  const raw = (text ?? '').trim()
  if (raw === '' || DASHES.has(raw)) return { kind: 'blank' }
  const s = normalise(raw)
  if (s === '' || DASHES.has(s)) return { kind: 'blank' }
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s)
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { kind: 'error', reason: 'number' }
  const [, sign, whole, frac = ''] = m
  const fraction = frac.replace(/0+$/, '')
  if (fraction.length > typedDecimals(unit)) return { kind: 'error', reason: 'decimals' }
  const places = shift(unit)
  const digits = (whole.replace(/^0+/, '') + fraction.padEnd(places, '0')).replace(/^0+/, '') || '0'
  if (digits.length > 16) return { kind: 'error', reason: 'large' }
  const stored = Number(digits)
  if (stored > MAX_STORED) return { kind: 'error', reason: 'large' }
  if (sign === '-' && stored !== 0) return { kind: 'error', reason: 'negative' }
  return { kind: 'value', stored }
}

/** A stored figure as typed in the grid (万元 for money), without trailing zeros. */
export function formatStored(stored: number | null | undefined, unit: CellUnit): string {
  if (stored === null || stored === undefined) return ''
  const places = shift(unit)
  const digits = String(Math.round(stored)).padStart(places + 1, '0')
  const whole = digits.slice(0, digits.length - places)
  const frac = digits.slice(digits.length - places).replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : whole
}

/** The API's value (the metric's unit, money in 元) as stored hundredths, and back. */
export function storedOf(apiValue: number | null | undefined): number | null {
  return apiValue === null || apiValue === undefined ? null : Math.round(apiValue * 100)
}
export function apiValueOf(stored: number | null): number | null {
  return stored === null ? null : stored / 100
}

/**
 * A stored figure for reading beside the grid (上月, 去年同月): grouped thousands, money to two
 * decimals of 万元 (the exact figure is in the cell itself).
 */
export function displayStored(stored: number | null | undefined, unit: CellUnit): string {
  if (stored === null || stored === undefined) return '—'
  const text = unit.money ? formatStored(Math.round(stored / 10_000) * 10_000, unit) : formatStored(stored, unit)
  const [whole, frac] = text.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return frac ? `${grouped}.${frac}` : grouped
}

/**
 * A block copied from a spreadsheet: one entry per line (Excel ends the block with a line
 * break, which is not a row), the first column of each line. A single value without a line
 * break is a block of one.
 */
export function pastedColumn(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  return lines.map((l) => {
    const first = l.split('\t')[0]
    // A quoted cell ("1,234") as Excel writes cells that hold separators.
    return first.replace(/^"(.*)"$/, '$1')
  })
}

/** Whether a paste is a block (several rows or columns) rather than text for one cell. */
export function isBlock(text: string): boolean {
  return /[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''))
}

/** Which rows a block pasted at `start` fills, and how many values fell past the last row. */
export function placeBlock(values: string[], start: number, rows: number): { at: number[]; dropped: number } {
  const at: number[] = []
  for (let i = 0; i < values.length && start + i < rows; i++) at.push(start + i)
  return { at, dropped: Math.max(0, values.length - at.length) }
}

/**
 * A new figure ten times larger or smaller than both neighbours that exist (上月, 去年同月): the
 * typical slip of typing 元 into a 万元 column, or a misplaced decimal point. Only a warning.
 */
export function implausible(stored: number | null, neighbours: (number | null)[]): boolean {
  const known = neighbours.filter((n): n is number => n !== null && n > 0)
  if (stored === null || stored <= 0 || known.length === 0) return false
  return known.every((n) => stored >= n * 10 || stored * 10 <= n)
}
