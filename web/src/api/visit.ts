// Visits (走访), their coverage and the cadres' linkages (三重挂钩). docs/api.md "Visits and linkages".
import http from './http'
import { cleanQuery } from './enterprise'
import type { Coverage, Linkage, Page, Visit, VisitCreated, VisitInput, VisitPhoto, VisitQuery } from './types'

export async function listVisits(query: VisitQuery): Promise<Page<Visit>> {
  return (await http.get<Page<Visit>>('/visits', { params: cleanQuery(query) })).data
}

/** Records a visit; a problem found is filed as a ticket in the same step. */
export async function addVisit(data: VisitInput): Promise<VisitCreated> {
  return (await http.post<VisitCreated>('/visits', data, { fieldErrors: true })).data
}

/** Other cadres' visits to the enterprise in the last 30 days. */
export async function visitHint(enterprise: number): Promise<{ items: Visit[] }> {
  return (await http.get<{ items: Visit[] }>('/visits/hint', { params: { enterprise }, silent: true })).data
}

/** Adds photos to the caller's own visit (multipart, field `file`); errors are the caller's to show. */
export async function uploadVisitPhotos(visit: number, files: File[]): Promise<{ items: VisitPhoto[] }> {
  const body = new FormData()
  for (const f of files) body.append('file', f, f.name)
  return (await http.post<{ items: VisitPhoto[] }>(`/visits/${visit}/photos`, body, { silent: true })).data
}

/** A photo's address, for an `<img>` (same origin: the session cookie goes with it). */
export function visitPhotoUrl(visit: number, id: number): string {
  return `/api/v1/visits/${visit}/photos/${id}`
}

export async function getCoverage(query: { year?: number; quarter?: number; park?: number | string }): Promise<Coverage> {
  return (await http.get<Coverage>('/visits/coverage', { params: cleanQuery(query) })).data
}

export async function listLinkages(user?: number): Promise<{ items: Linkage[] }> {
  return (await http.get<{ items: Linkage[] }>('/linkages', { params: cleanQuery({ user }), silent: true })).data
}

/** Links a cadre to an enterprise (三重挂钩, `user:admin`); answers that cadre's linkages. */
export async function addLinkage(data: { user_id: number | null; enterprise_id: number | null }): Promise<{ items: Linkage[] }> {
  return (await http.post<{ items: Linkage[] }>('/linkages', data, { fieldErrors: true })).data
}

export async function deleteLinkage(id: number): Promise<void> {
  await http.delete(`/linkages/${id}`)
}

/** Every linkage in the caller's reach (admin: the zone), for the administration page. */
export async function listAllLinkages(user?: number): Promise<{ items: Linkage[] }> {
  return (await http.get<{ items: Linkage[] }>('/linkages', { params: cleanQuery({ user }) })).data
}
