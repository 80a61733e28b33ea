// Shapes of the service desk (马上就办) and visits (走访、三重挂钩). docs/api.md "Service desk";
// crates/app/src/ticket.rs and visit.rs are the truth where the doc is short.

import type { components } from './generated/schema'
import type { Coded } from './investTypes'

type Schemas = components['schemas']

export type TicketState =
  | 'new'
  | 'dispatched'
  | 'accepted'
  | 'in_progress'
  | 'paused'
  | 'returned'
  | 'resolved'
  | 'closed'
  | 'closed_unresolved'

/** The escalation ladder: 催办 → 督办 → 通报 (the server sends "none" below it). */
export type Escalation = 'none' | 'reminder' | 'supervision' | 'public_notice'

/**
 * The service-level clock, computed by the server from the ticket's history. Its instants are
 * zone-local wall-clock times without an offset (`2026-11-27T17:30:00`).
 */
export interface Sla {
  started_at: string | null
  answered_at: string | null
  resolved_at: string | null
  closed_at: string | null
  paused: boolean
  /** neither resolved nor closed */
  open: boolean
  answer_due: string | null
  resolve_due: string | null
  /** working minutes the resolve clock has run */
  resolve_elapsed_minutes: number | null
  /** working minutes left; negative once the budget is used up */
  resolve_remaining_minutes: number | null
  /** working minutes of one day of the zone's office hours (null before the clock starts) */
  day_minutes?: number | null
  answer_breached: boolean
  resolve_breached: boolean
  level: Escalation | null
  remind_at: string | null
  supervise_at: string | null
  notice_at: string | null
}

/** An action the caller may take now (the buttons of the detail page). */
export interface TicketAction {
  code: string
  label: string
  reason_required: boolean
  needs_department: boolean
}

export interface Ticket {
  id: number
  no: string
  channel: string
  category: string
  priority: string
  title: string
  detail: string
  enterprise_id: number | null
  enterprise: string | null
  project_id: number | null
  project: string | null
  park_id: number | null
  requester_id: number | null
  contact_name: string
  contact_phone: string
  contact_company: string
  department_id: number | null
  department: string | null
  state: TicketState
  state_label: string
  category_label?: string
  priority_label?: string
  channel_label?: string
  created_at: string
  dispatched_at: string | null
  answered_at: string | null
  resolved_at: string | null
  closed_at: string | null
  updated_at?: string
  resolution: string
  solved: boolean | null
  satisfaction: number | null
  rating_comment?: string
  sla: Sla
  overdue: boolean
  actions: TicketAction[]
  suggested_department: number | null
  can_rate: boolean
  /** The caller may add attachments (a requester, the handling department, the dispatcher). */
  can_attach: boolean
}

export interface MetaAction extends Coded {
  from: string[]
  to: string
  by: string[]
  reason_required: boolean
  needs_department: boolean
}

export interface TicketMeta {
  channels: Coded[]
  /** What a new ticket may choose: the zone's active categories, in its order. */
  categories: Coded[]
  /** Every category of the zone, inactive ones too (list filters, labels of old tickets). */
  all_categories: TicketCategory[]
  priorities: Coded[]
  states: Coded[]
  actions: MetaAction[]
}

export interface TicketHistoryItem {
  at: string
  action: string
  label: string
  from: string | null
  to: string
  actor: string
  department: string | null
  reason: string | null
}

export interface TicketInput {
  channel?: string | null
  category: string | null
  priority: string | null
  title: string
  detail: string
  enterprise_id?: number | null
  project_id?: number | null
  contact_name?: string | null
  contact_phone?: string | null
}

export interface TicketQuery {
  q?: string
  state?: string
  open?: string
  category?: string
  priority?: string
  channel?: string
  department?: number | string
  enterprise?: number | string
  project?: number | string
  park?: number | string
  overdue?: string
  level?: string
  from?: string
  to?: string
  sort?: string
  order?: string
  page?: number
  page_size?: number
}

export type ActionInput = Schemas['TicketActionInput']

export interface RatingInput {
  solved: boolean | null
  satisfaction: number | null
  comment?: string | null
}

export type RoutingRule = Schemas['RoutingRule']

export type LimitUnit = 'working_hours' | 'working_days'

export type Limit = Schemas['Limit']

export type PolicyRow = Schemas['PolicyRow']

export interface CalendarYear {
  year: number | null
  holidays: string[]
  /** make-up working days (调休上班) */
  workdays: string[]
}

// public hotline and tracking page

export interface HotlineInput {
  company: string
  contact_name: string
  contact_phone: string
  category: string | null
  title: string
  detail: string
}

export interface HotlineReceipt {
  no: string
  code: string
}

export interface PublicTicket {
  no: string
  title: string
  /** the category's label */
  category: string
  state: TicketState
  state_label: string
  created_at: string
  history: { at: string; label: string; state_label?: string }[]
}

// visits

export interface Visit {
  id: number
  cadre_id: number
  cadre: string
  enterprise_id: number
  enterprise: string
  project_id: number | null
  visited_on: string
  people_met: string
  findings: string
  ticket_id: number | null
  created_at: string
}

export interface VisitQuery {
  enterprise?: number | string
  cadre?: number | string
  from?: string
  to?: string
  park?: number | string
  page?: number
  page_size?: number
}

export interface ProblemInput {
  category: string | null
  priority: string | null
  title: string
  detail: string | null
}

export interface VisitInput {
  enterprise_id: number | null
  project_id?: number | null
  visited_on: string | null
  people_met: string | null
  findings: string
  problem?: ProblemInput | null
}

export interface VisitCreated {
  visit: Visit
  ticket_id: number | null
  ticket_no: string | null
  others_recently: Visit[]
}

export type CoverageRow = Schemas['CoverageRow']

export type Coverage = Schemas['Coverage']

export type Linkage = Schemas['LinkageRow']

/** One of the zone's ticket categories (`/ticket-categories`). */
export type TicketCategory = Schemas['CategoryRow']

/** A file on a ticket, without its bytes (`/tickets/{id}/attachments`). */
export interface TicketAttachment {
  id: number
  ticket_id: number
  file_name: string
  content_type: string
  size: number
  sha256: string
  uploaded_by: number | null
  uploader: string
  created_at: string
}
