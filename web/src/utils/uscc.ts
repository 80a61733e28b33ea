/** 统一社会信用代码 (GB 32100-2015) checks the console can do before asking the server. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export type UsccProblem = 'length' | 'alphabet' | 'check' | null

export function normaliseUscc(raw: string): string {
  return raw.trim().toUpperCase()
}

export function expectedCheckChar(code17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(code17[i])
    if (v < 0) return null
    sum += v * WEIGHTS[i]
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]
}

/** `length` and `alphabet` are errors; `check` is a warning the user may confirm. */
export function usccProblem(raw: string): UsccProblem {
  const code = normaliseUscc(raw)
  if (code.length !== 18) return 'length'
  for (const ch of code) if (!USCC_ALPHABET.includes(ch)) return 'alphabet'
  return expectedCheckChar(code.slice(0, 17)) === code[17] ? null : 'check'
}
