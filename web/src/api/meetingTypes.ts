// Shapes of meetings (会议), notifications (通知), group robots and their delivery log.
// docs/api.md "Meetings" and "Notifications"; crates/app/src/meeting.rs and notify.rs are the
// truth where the doc is short. Re-exported by types.ts.

import type { components } from './generated/schema'

type Schemas = components['schemas']

export type MeetingKind = 'weekly' | 'coordination' | 'quarterly' | 'annual'
export type MeetingStatus = 'planned' | 'held'
export type AgendaKind = 'late_project' | 'overdue_ticket' | 'escalated_ticket' | 'carried_action' | 'custom'

export type MeetingMeta = Schemas['MeetingMeta']

/** A row of `GET /meetings` (no agenda, no actions). */
export interface MeetingRow {
  id: number
  kind: string
  title: string
  held_on: string
  location: string
  chair: string
  status: MeetingStatus
  minutes: string
  created_at: string
  updated_at: string
}

export interface AgendaItem {
  /** absent on an item the user added and has not saved yet */
  id?: number
  sort?: number
  kind: string
  /** the project, ticket or action the item is about */
  ref_id: number | null
  title: string
  note: string
}

export interface MeetingAction {
  id: number
  meeting_id: number
  meeting: string
  title: string
  assignee_id: number | null
  assignee: string | null
  department_id: number | null
  department: string | null
  due_on: string
  status: 'open' | 'done'
  done_on: string | null
  note: string
  /** open and past its due date (computed by the server) */
  overdue: boolean
}

export interface Meeting extends MeetingRow {
  kind_label: string
  items: AgendaItem[]
  actions: MeetingAction[]
}

export interface MeetingInput {
  kind: string | null
  title: string | null
  held_on: string | null
  location: string | null
  chair: string | null
  status: MeetingStatus
  minutes: string | null
}

export interface MeetingActionInput {
  title: string
  assignee_id: number | null
  department_id: number | null
  due_on: string | null
  note: string | null
}

export interface ActionsQuery {
  mine?: boolean
  open?: boolean
  meeting?: number
}

// notifications

export interface Notification {
  id: number
  /** dispatch, reroute, insist, return, resolve, reminder, supervision, public_notice … */
  kind: string
  title: string
  body: string
  ticket_id: number | null
  created_at: string
  read_at: string | null
}

export type RobotKind = 'wecom' | 'dingtalk'

/** A group robot as the server shows it: the URL and secret are never sent back, only a hint. */
export interface Robot {
  id: number
  name: string
  kind: RobotKind
  department_id: number | null
  park_id: number | null
  /** scheme and host only: `https://qyapi.weixin.qq.com/…` */
  url_hint: string
  enabled: boolean
  created_at: string
}

/** `url`/`secret` absent on update: the stored ones are kept. An empty `secret` removes it. */
export interface RobotInput {
  name: string
  kind: RobotKind
  department_id: number | null
  park_id: number | null
  url?: string
  secret?: string
  enabled: boolean
}

export interface OutboxMessage {
  id: number
  robot_id: number
  title: string
  body: string
  attempts: number
  next_at: string
  sent_at: string | null
  last_error: string | null
  created_at: string
}
