// The service desk (马上就办): tickets, their actions, history and rating, the caller's queue,
// routing rules, service-level policies, the working calendar, and the public hotline and
// tracking page. docs/api.md "Service desk".
import http from './http'
import { cleanQuery } from './enterprise'
import type {
  ActionInput,
  Coded,
  CalendarYear,
  HotlineInput,
  HotlineReceipt,
  Page,
  PolicyRow,
  PublicTicket,
  RatingInput,
  RoutingRule,
  Ticket,
  TicketAttachment,
  TicketCategory,
  TicketHistoryItem,
  TicketInput,
  TicketMeta,
  TicketQuery,
} from './types'

export async function getTicketMeta(): Promise<TicketMeta> {
  return (await http.get<TicketMeta>('/tickets/meta', { silent: true })).data
}

export async function listTickets(query: TicketQuery): Promise<Page<Ticket>> {
  return (await http.get<Page<Ticket>>('/tickets', { params: cleanQuery(query) })).data
}

/** The caller's work: tickets awaiting the caller's action (not paged). */
export async function getQueue(): Promise<{ items: Ticket[] }> {
  return (await http.get<{ items: Ticket[] }>('/tickets/queue')).data
}

export async function getTicket(id: number | string, silent = false): Promise<Ticket> {
  return (await http.get<Ticket>(`/tickets/${id}`, { silent })).data
}

export async function getTicketHistory(id: number | string): Promise<{ items: TicketHistoryItem[] }> {
  return (await http.get<{ items: TicketHistoryItem[] }>(`/tickets/${id}/history`)).data
}

export async function addTicket(data: TicketInput): Promise<Ticket> {
  return (await http.post<Ticket>('/tickets', data, { fieldErrors: true })).data
}

/**
 * Takes an action. The caller shows every error itself: a field error (reason, department_id,
 * resolution) at its field, TICKET_CHANGED (409) as a hint to reload, others as a message.
 */
export async function actOnTicket(id: number, code: string, data: ActionInput): Promise<Ticket> {
  return (await http.post<Ticket>(`/tickets/${id}/actions/${code}`, data, { silent: true })).data
}

export async function rateTicket(id: number, data: RatingInput): Promise<Ticket> {
  return (await http.post<Ticket>(`/tickets/${id}/rating`, data, { silent: true })).data
}

export async function getRouting(): Promise<{ items: RoutingRule[] }> {
  return (await http.get<{ items: RoutingRule[] }>('/ticket-routing')).data
}
export async function putRouting(items: RoutingRule[]): Promise<{ items: RoutingRule[] }> {
  return (await http.put<{ items: RoutingRule[] }>('/ticket-routing', { items }, { fieldErrors: true })).data
}

// the zone's categories (editable with ticket:dispatch)

export async function listCategories(): Promise<{ items: TicketCategory[] }> {
  return (await http.get<{ items: TicketCategory[] }>('/ticket-categories')).data
}
export async function addCategory(data: { code: string; label: string }): Promise<TicketCategory> {
  return (await http.post<TicketCategory>('/ticket-categories', data, { fieldErrors: true })).data
}
/** Renames (`label`), deactivates or reactivates (`active`) one category. */
export async function changeCategory(code: string, data: { label?: string; active?: boolean }): Promise<TicketCategory> {
  return (await http.patch<TicketCategory>(`/ticket-categories/${encodeURIComponent(code)}`, data, { fieldErrors: true })).data
}
export async function reorderCategories(codes: string[]): Promise<{ items: TicketCategory[] }> {
  return (await http.put<{ items: TicketCategory[] }>('/ticket-categories/order', { codes })).data
}

// attachments

export async function listAttachments(ticket: number): Promise<{ items: TicketAttachment[] }> {
  return (await http.get<{ items: TicketAttachment[] }>(`/tickets/${ticket}/attachments`)).data
}
/** Uploads files (multipart, field `file`); errors are the caller's to show. */
export async function uploadAttachments(ticket: number, files: File[]): Promise<{ items: TicketAttachment[] }> {
  const body = new FormData()
  for (const f of files) body.append('file', f, f.name)
  return (await http.post<{ items: TicketAttachment[] }>(`/tickets/${ticket}/attachments`, body, { silent: true })).data
}
/** The download address (same origin: the session cookie goes with it). */
export function attachmentUrl(ticket: number, id: number): string {
  return `/api/v1/tickets/${ticket}/attachments/${id}`
}

export async function getPolicies(): Promise<{ items: PolicyRow[] }> {
  return (await http.get<{ items: PolicyRow[] }>('/sla-policies')).data
}
export async function putPolicies(items: PolicyRow[]): Promise<{ items: PolicyRow[] }> {
  return (await http.put<{ items: PolicyRow[] }>('/sla-policies', { items }, { fieldErrors: true })).data
}

export async function getCalendar(year: number): Promise<CalendarYear> {
  return (await http.get<CalendarYear>(`/calendar/${year}`)).data
}
export async function putCalendar(year: number, data: CalendarYear): Promise<CalendarYear> {
  return (await http.put<CalendarYear>(`/calendar/${year}`, data, { fieldErrors: true })).data
}

// public: no login

/** The 办不成事 hotline form. Errors are the page's to show (field errors, 429). */
export async function fileHotline(data: HotlineInput): Promise<HotlineReceipt> {
  return (await http.post<HotlineReceipt>('/public/hotline', data, { silent: true, skipAuthRedirect: true })).data
}

/** The hotline form's categories: the zone's active ones. */
export async function getPublicCategories(): Promise<{ items: Coded[] }> {
  return (await http.get<{ items: Coded[] }>('/public/ticket-categories', { silent: true, skipAuthRedirect: true })).data
}

/** Files for the ticket just filed on the hotline form (its tracking number and access code). */
export async function uploadHotlineAttachments(no: string, code: string, files: File[]): Promise<{ items: string[] }> {
  const body = new FormData()
  for (const f of files) body.append('file', f, f.name)
  return (
    await http.post<{ items: string[] }>(`/public/tickets/${encodeURIComponent(no)}/attachments`, body, {
      params: { code },
      silent: true,
      skipAuthRedirect: true,
    })
  ).data
}

export async function trackTicket(no: string, code: string): Promise<PublicTicket> {
  return (
    await http.get<PublicTicket>(`/public/tickets/${encodeURIComponent(no.trim())}`, {
      params: { code: code.trim() },
      silent: true,
      skipAuthRedirect: true,
    })
  ).data
}
