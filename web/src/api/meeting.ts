// Meetings (会议): the agenda drawn from the system, minutes, decisions as tracked actions.
// docs/api.md "Meetings (会议)".
import http from './http'
import { cleanQuery } from './enterprise'
import type { ActionsQuery, AgendaItem, Meeting, MeetingAction, MeetingActionInput, MeetingInput, MeetingMeta, MeetingRow } from './types'

export async function getMeetingMeta(): Promise<MeetingMeta> {
  return (await http.get<MeetingMeta>('/meetings/meta', { silent: true })).data
}

export async function listMeetings(kind?: string): Promise<{ items: MeetingRow[]; total: number }> {
  return (await http.get<{ items: MeetingRow[]; total: number }>('/meetings', { params: cleanQuery({ kind }) })).data
}

export async function getMeeting(id: number | string, silent = false): Promise<Meeting> {
  return (await http.get<Meeting>(`/meetings/${id}`, { silent })).data
}

export async function addMeeting(data: MeetingInput): Promise<Meeting> {
  return (await http.post<Meeting>('/meetings', data, { fieldErrors: true })).data
}

export async function updateMeeting(id: number, data: MeetingInput): Promise<Meeting> {
  return (await http.put<Meeting>(`/meetings/${id}`, data, { fieldErrors: true })).data
}

export async function deleteMeeting(id: number): Promise<void> {
  await http.delete(`/meetings/${id}`)
}

/** What the system would put on the agenda now (late projects, overdue tickets, open actions). */
export async function agendaSuggestions(id: number): Promise<{ items: AgendaItem[] }> {
  return (await http.get<{ items: AgendaItem[] }>(`/meetings/${id}/agenda/suggestions`)).data
}

/** Adds the suggestions not yet on the agenda. */
export async function drawAgenda(id: number): Promise<Meeting> {
  return (await http.post<Meeting>(`/meetings/${id}/agenda/draw`)).data
}

/** Replaces the agenda; errors name `items.N.title` … (the caller shows them at the item). */
export async function saveAgenda(id: number, items: Pick<AgendaItem, 'kind' | 'ref_id' | 'title' | 'note'>[]): Promise<Meeting> {
  return (await http.put<Meeting>(`/meetings/${id}/agenda`, { items }, { fieldErrors: true })).data
}

export async function addMeetingAction(id: number, data: MeetingActionInput): Promise<Meeting> {
  return (await http.post<Meeting>(`/meetings/${id}/actions`, data, { fieldErrors: true })).data
}

/** Actions; `mine` = assigned to the caller or the caller's department (their queue). */
export async function listMeetingActions(query: ActionsQuery, silent = false): Promise<{ items: MeetingAction[] }> {
  return (await http.get<{ items: MeetingAction[] }>('/meeting-actions', { params: cleanQuery(query), silent })).data
}

export async function setMeetingAction(id: number, data: { status: 'open' | 'done'; note?: string | null }): Promise<MeetingAction> {
  return (await http.put<MeetingAction>(`/meeting-actions/${id}`, data, { fieldErrors: true })).data
}

/** The agenda and minutes as a PDF (served by the server; the console only links it). */
export function meetingPdfUrl(id: number): string {
  return `/api/v1/meetings/${id}/pdf`
}
