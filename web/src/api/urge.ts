// 催办 on tickets and projects (docs/api.md "The caller's own workbench and search").
import http from './http'
import type { components } from './generated/schema'

export type Urges = components['schemas']['Urges']
export type UrgedKind = 'tickets' | 'projects'

export async function listUrges(kind: UrgedKind, id: number): Promise<Urges> {
  return (await http.get<Urges>(`/${kind}/${id}/urges`, { silent: true })).data
}

/** Presses 催办 once more; the handler is told at once. */
export async function urge(kind: UrgedKind, id: number, note: string | null): Promise<Urges> {
  return (await http.post<Urges>(`/${kind}/${id}/urges`, { note })).data
}
