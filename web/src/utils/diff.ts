export interface FieldChange {
  field: string
  before: unknown
  after: unknown
}

const IGNORED = new Set(['updated_at', 'created_at', 'id', 'zone_id'])

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

type Snapshot = Record<string, unknown>

/**
 * An audit snapshot as a record. The contract leaves the type of `before`/`after` open: an
 * object, or the JSON text of one; anything else is shown whole under the key `''`.
 */
export function snapshot(v: unknown): Snapshot | null {
  if (v === null || v === undefined || v === '') return null
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Snapshot
    } catch {
      /* not JSON: shown as it is */
    }
    return { '': v }
  }
  if (typeof v === 'object' && !Array.isArray(v)) return v as Snapshot
  return { '': v }
}

/** Fields that differ between an audit entry's before and after. */
export function changedFields(rawBefore: unknown, rawAfter: unknown): FieldChange[] {
  const before = snapshot(rawBefore)
  const after = snapshot(rawAfter)
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  const out: FieldChange[] = []
  for (const field of keys) {
    if (IGNORED.has(field)) continue
    const b = before?.[field]
    const a = after?.[field]
    if (!same(a, b)) out.push({ field, before: b, after: a })
  }
  return out
}

export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '∅'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}
