// 一企一档 (GET /enterprises/{id}/dossier): one enterprise's 诉求, projects, visits, linked cadres
// and leads in one answer; a section the caller may not read is null.
import http from './http'
import type { components } from './generated/schema'

type Schemas = components['schemas']
export type Dossier = Schemas['Dossier']
export type DossierTickets = Schemas['DossierTickets']
export type DossierProjects = Schemas['DossierProjects']
export type DossierVisits = Schemas['DossierVisits']
export type DossierCadres = Schemas['DossierCadres']
export type DossierLeads = Schemas['DossierLeads']

export async function getDossier(id: number | string): Promise<Dossier> {
  return (await http.get<Dossier>(`/enterprises/${id}/dossier`, { silent: true })).data
}
