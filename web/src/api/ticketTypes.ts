// Shapes of the service desk (马上就办) and visits (走访、三重挂钩), aliases of the types generated
// from the server's OpenAPI document. docs/api.md "Service desk" tells the rules.

import type { components, operations } from './generated/schema'

type Schemas = components['schemas']
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>

export type TicketState = Schemas['TicketState']

/** The escalation ladder: 催办 → 督办 → 通报 (the server sends "none" below it). */
export type Escalation = Schemas['Escalation']

/**
 * The service-level clock, computed by the server from the ticket's history. Its instants are
 * zone-local wall-clock times without an offset (`2026-11-27T17:30:00`).
 */
export type Sla = Schemas['SlaState']

/** An action the caller may take now (the buttons of the detail page). */
export type TicketAction = Schemas['ActionView']

export type Ticket = Schemas['Ticket']

export type MetaAction = Schemas['TicketActionRule']

export type TicketMeta = Schemas['TicketMeta']

export type TicketHistoryItem = Schemas['HistoryItem']

export type TicketInput = Schemas['TicketInput']

export type TicketQuery = Query<'ticket_list'>

export type ActionInput = Schemas['TicketActionInput']

export type RatingInput = Schemas['RatingInput']

export type RoutingRule = Schemas['RoutingRule']

export type LimitUnit = Schemas['LimitUnit']

export type Limit = Schemas['Limit']

export type PolicyRow = Schemas['PolicyRow']

export type CalendarYear = Schemas['CalendarYearView']

// public hotline and tracking page

/** The hotline files a ticket from the public form (`company` instead of a login). */
export type HotlineInput = Schemas['TicketInput']

export type HotlineReceipt = Schemas['Receipt']

export type PublicTicket = Schemas['PublicView']

// visits

export type Visit = Schemas['VisitRow']

export type VisitQuery = Query<'visit_list'>

export type ProblemInput = Schemas['VisitProblemInput']

export type VisitInput = Schemas['VisitInput']

export type VisitCreated = Schemas['VisitCreated']

/** A photo taken on a visit, without its bytes (`/visits/{id}/photos`). */
export type VisitPhoto = Schemas['VisitPhotoRow']

export type CoverageRow = Schemas['CoverageRow']

export type Coverage = Schemas['Coverage']

export type Linkage = Schemas['LinkageRow']

/** One of the zone's ticket categories (`/ticket-categories`). */
export type TicketCategory = Schemas['CategoryRow']

/** A file on a ticket, without its bytes (`/tickets/{id}/attachments`). */
export type TicketAttachment = Schemas['AttachmentRow']
