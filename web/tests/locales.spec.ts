import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import zhCN from '@/locales/zh-CN'
import en from '@/locales/en'

type Tree = { [k: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv)
  }
  return out
}

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sources(p))
    else if (/\.(vue|ts)$/.test(name) && !p.includes('locales')) out.push(p)
  }
  return out
}

const zh = flatten(zhCN as unknown as Tree)
const enFlat = flatten(en as unknown as Tree)

describe('locale files', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const missingInEn = [...zh.keys()].filter((k) => !enFlat.has(k))
    const missingInZh = [...enFlat.keys()].filter((k) => !zh.has(k))
    expect(missingInEn, 'keys missing in en.ts').toEqual([])
    expect(missingInZh, 'keys missing in zh-CN.ts').toEqual([])
  })

  it('no message is empty', () => {
    for (const [k, v] of [...zh, ...enFlat]) expect(v.trim(), k).not.toBe('')
  })

  it('placeholders match between the languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [k, v] of zh) expect(names(enFlat.get(k) ?? ''), k).toEqual(names(v))
  })

  it('every literal key used in the source exists', () => {
    const root = join(__dirname, '..', 'src')
    const used = new Set<string>()
    const patterns = [/\bte?\(\s*'([a-zA-Z][\w]*(?:\.[\w]+)+)'/g, /\btitle:\s*'([a-z]+\.[\w.]+)'/g]
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8')
      for (const re of patterns) for (const m of text.matchAll(re)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(100)
    const missing = [...used].filter((k) => !zh.has(k))
    expect(missing, 'keys used in src but missing in the locale files').toEqual([])
  })
})
