// Pure rules of the meeting, inbox and robot pages: the agenda editor (move, remove, the body
// sent, where an item links), the suggestions compared with the agenda, an action's state
// against its due date, the action and robot bodies. No I/O, no Vue: tests/meeting.spec.ts.
import type { AgendaItem, Meeting, MeetingAction, MeetingActionInput, MeetingInput, RobotInput, RobotKind } from '@/api/types'

// ---- the agenda ---------------------------------------------------------------------------

/** The agenda item kinds, in the order the system draws them. */
export const AGENDA_KINDS = ['late_project', 'overdue_ticket', 'escalated_ticket', 'carried_action', 'custom'] as const
export const MEETING_KINDS = ['weekly', 'coordination', 'quarterly', 'annual'] as const

/**
 * The order the agenda's groups are read in, as the server groups them (`Meeting.groups`):
 * late projects, supervised tickets, overdue tickets, decisions carried over, the rest.
 */
export const AGENDA_GROUP_ORDER = ['late_project', 'escalated_ticket', 'overdue_ticket', 'carried_action', 'custom'] as const

const groupRank = (kind: string) => {
  const i = (AGENDA_GROUP_ORDER as readonly string[]).indexOf(kind)
  return i < 0 ? AGENDA_GROUP_ORDER.length - 1 : i
}

/** The agenda with its kinds together in group order, each kind's items in their own order. */
export function groupedOrder<T extends Pick<AgendaItem, 'kind'>>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => groupRank(a.item.kind) - groupRank(b.item.kind) || a.i - b.i)
    .map((x) => x.item)
}

export interface AgendaGroupView<T> {
  kind: string
  /** The group's items with their index in the whole agenda. */
  items: { item: T; index: number }[]
  /** The first `cap` of them. */
  shown: { item: T; index: number }[]
  /** How many are behind "及其他 N 项". */
  more: number
}

/**
 * The agenda as the meeting reads it (the server's `groups`, computed here for the agenda being
 * edited): by kind in group order, each showing the first `cap` items, the rest counted. The
 * agenda must be in grouped order (`groupedOrder`).
 */
export function agendaGroups<T extends Pick<AgendaItem, 'kind'>>(items: readonly T[], cap: number): AgendaGroupView<T>[] {
  const out: AgendaGroupView<T>[] = []
  items.forEach((item, index) => {
    const kind = (AGENDA_GROUP_ORDER as readonly string[]).includes(item.kind) ? item.kind : 'custom'
    let g = out.find((x) => x.kind === kind)
    if (!g) {
      g = { kind, items: [], shown: [], more: 0 }
      out.push(g)
    }
    g.items.push({ item, index })
  })
  for (const g of out) {
    g.shown = g.items.slice(0, cap)
    g.more = g.items.length - g.shown.length
  }
  return out.sort((a, b) => groupRank(a.kind) - groupRank(b.kind))
}

/** A copy of `list` with the item at `index` moved by `delta` places (clamped); the same order when it cannot move. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const out = [...list]
  const to = Math.min(Math.max(index + delta, 0), out.length - 1)
  if (index < 0 || index >= out.length || to === index) return out
  const [item] = out.splice(index, 1)
  out.splice(to, 0, item)
  return out
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index)
}

export type AgendaBodyItem = Pick<AgendaItem, 'kind' | 'ref_id' | 'title' | 'note'>

/** What `PUT /meetings/{id}/agenda` takes: kind, record, trimmed title and note, in order. */
export function agendaBody(items: readonly AgendaItem[]): AgendaBodyItem[] {
  return items.map((i) => ({ kind: i.kind, ref_id: i.ref_id ?? null, title: i.title.trim(), note: (i.note ?? '').trim() }))
}

/** True when the edited agenda differs from the saved one (order, titles, notes, items). */
export function agendaChanged(saved: readonly AgendaItem[], edited: readonly AgendaItem[]): boolean {
  return JSON.stringify(agendaBody(saved)) !== JSON.stringify(agendaBody(edited))
}

/** The console page of the record an item is about: a project or a ticket; null for the others. */
export function agendaLink(item: Pick<AgendaItem, 'kind' | 'ref_id'>): string | null {
  if (item.ref_id === null || item.ref_id === undefined) return null
  if (item.kind === 'late_project') return `/projects/${item.ref_id}`
  if (item.kind === 'overdue_ticket' || item.kind === 'escalated_ticket') return `/tickets/${item.ref_id}`
  return null
}

/** The permission the linked page needs (any of them). */
export function agendaLinkPerm(kind: string): string | string[] | null {
  if (kind === 'late_project') return 'project:read'
  if (kind === 'overdue_ticket' || kind === 'escalated_ticket') return ['ticket:read', 'ticket:write']
  return null
}

export function agendaTag(kind: string): 'danger' | 'warning' | 'primary' | 'info' | 'success' {
  switch (kind) {
    case 'late_project':
      return 'warning'
    case 'escalated_ticket':
      return 'danger'
    case 'overdue_ticket':
      return 'danger'
    case 'carried_action':
      return 'primary'
    default:
      return 'info'
  }
}

const sameRecord = (a: Pick<AgendaItem, 'kind' | 'ref_id'>, b: Pick<AgendaItem, 'kind' | 'ref_id'>) =>
  a.kind === b.kind && (a.ref_id ?? null) === (b.ref_id ?? null)

/** The suggestions, each marked when the agenda already has it (same kind and record), as drawing decides. */
export function markSuggestions(suggestions: readonly AgendaItem[], agenda: readonly AgendaItem[]): (AgendaItem & { onAgenda: boolean })[] {
  return suggestions.map((s) => ({ ...s, onAgenda: agenda.some((a) => sameRecord(a, s)) }))
}

/** Counts of items by kind (for the agenda's summary line). */
export function countByKind(items: readonly Pick<AgendaItem, 'kind'>[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const i of items) out[i.kind] = (out[i.kind] ?? 0) + 1
  return out
}

/** `items.3.title` (a server error) → the item and its field; null for any other field. */
export function agendaErrorAt(field: string | null | undefined): { index: number; field: string } | null {
  const m = /^items[.[](\d+)\]?\.(\w+)$/.exec(field ?? '')
  return m ? { index: Number(m[1]), field: m[2] } : null
}

/** The meeting's fields as `PUT /meetings/{id}` takes them, with some replaced. */
export function meetingInput(m: Meeting, over: Partial<MeetingInput> = {}): MeetingInput {
  return {
    kind: m.kind,
    title: m.title,
    held_on: m.held_on,
    location: m.location || null,
    chair: m.chair || null,
    status: m.status,
    minutes: m.minutes || null,
    ...over,
  }
}

// ---- actions --------------------------------------------------------------------------------

export type ActionState = 'done' | 'overdue' | 'due_soon' | 'open'

/** Days between two `YYYY-MM-DD` dates (b − a). */
export function daysBetween(a: string, b: string): number {
  const ms = Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10)) - Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10))
  return Math.round(ms / 86_400_000)
}

/**
 * Where an action stands on `today`: done, overdue (the server's flag, or open past its due
 * date), due soon (open, due within `soonDays`), or open.
 */
export function actionState(a: Pick<MeetingAction, 'status' | 'due_on' | 'overdue'>, today: string, soonDays = 3): ActionState {
  if (a.status === 'done') return 'done'
  if (a.overdue || a.due_on < today) return 'overdue'
  if (daysBetween(today, a.due_on) <= soonDays) return 'due_soon'
  return 'open'
}

export function actionTag(state: ActionState): 'success' | 'danger' | 'warning' | 'info' {
  return state === 'done' ? 'success' : state === 'overdue' ? 'danger' : state === 'due_soon' ? 'warning' : 'info'
}

/** The queue's order: open before done; among open ones the earliest due first; done ones latest first. */
export function sortActions<T extends Pick<MeetingAction, 'id' | 'status' | 'due_on' | 'done_on'>>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'open' ? -1 : 1
    if (a.status === 'open') return a.due_on.localeCompare(b.due_on) || a.id - b.id
    return (b.done_on ?? '').localeCompare(a.done_on ?? '') || b.id - a.id
  })
}

/** Who carries an action: its department, else its person. */
export function actionOwner(a: Pick<MeetingAction, 'department' | 'assignee'>): string {
  return a.department || a.assignee || '-'
}

export interface ActionForm {
  title: string
  /** a department (责任部门) or a person (责任人) */
  by: 'department' | 'person'
  department_id: number | undefined
  assignee_id: number | undefined
  due_on: string | undefined
  note: string
}

/** `POST /meetings/{id}/actions`: the chosen kind of assignee only. */
export function actionBody(f: ActionForm): MeetingActionInput {
  return {
    title: f.title.trim(),
    department_id: f.by === 'department' ? f.department_id ?? null : null,
    assignee_id: f.by === 'person' ? f.assignee_id ?? null : null,
    due_on: f.due_on ?? null,
    note: f.note.trim() || null,
  }
}

// ---- robots ---------------------------------------------------------------------------------

export interface RobotForm {
  name: string
  kind: RobotKind
  department_id: number | undefined
  park_id: number | undefined
  url: string
  secret: string
  /** on edit: remove the stored signing secret */
  clearSecret: boolean
  enabled: boolean
}

/**
 * The robot's body. The URL and secret are write-only: on edit a blank one is left out, so the
 * server keeps what it stored; `clearSecret` sends an empty secret, which removes it.
 */
export function robotBody(f: RobotForm, editing: boolean): RobotInput {
  const body: RobotInput = {
    name: f.name.trim(),
    kind: f.kind,
    department_id: f.department_id ?? null,
    park_id: f.park_id ?? null,
    enabled: f.enabled,
  }
  const url = f.url.trim()
  const secret = f.secret.trim()
  if (url || !editing) body.url = url
  if (secret) body.secret = secret
  else if (editing && f.clearSecret) body.secret = ''
  return body
}

/** Where a robot's messages come from: its department's tickets, its park's, or the whole zone's. */
export function robotReach(r: { department_id: number | null; park_id: number | null }): 'department' | 'park' | 'zone' {
  return r.department_id ? 'department' : r.park_id ? 'park' : 'zone'
}

/** An outbox message's state: sent, failing (an error, retrying), or waiting. */
export function outboxState(m: { sent_at: string | null; last_error: string | null }): 'sent' | 'failing' | 'queued' {
  return m.sent_at ? 'sent' : m.last_error ? 'failing' : 'queued'
}
