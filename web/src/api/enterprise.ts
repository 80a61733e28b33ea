import http from './http'
import type {
  AuditEntry,
  Enterprise,
  EnterpriseInput,
  EnterpriseQuery,
  IndicatorValue,
  Page,
  TierEvent,
  TierYear,
  YearFigures,
} from './types'

/** Drops empty filters so the URL only names what the user chose. */
export function cleanQuery<T extends object>(query: T): Partial<T> {
  const out: Partial<T> = {}
  for (const [k, v] of Object.entries(query)) {
    if (v === '' || v === null || v === undefined) continue
    ;(out as Record<string, unknown>)[k] = v
  }
  return out
}

export async function listEnterprises(query: EnterpriseQuery, silent = false): Promise<Page<Enterprise>> {
  return (await http.get<Page<Enterprise>>('/enterprises', { params: cleanQuery(query), silent })).data
}

export async function getEnterprise(id: number | string, silent = false): Promise<Enterprise> {
  return (await http.get<Enterprise>(`/enterprises/${id}`, { silent })).data
}

export async function addEnterprise(data: EnterpriseInput): Promise<Enterprise> {
  return (await http.post<Enterprise>('/enterprises', data, { fieldErrors: true })).data
}

export async function updateEnterprise(id: number, data: EnterpriseInput): Promise<Enterprise> {
  return (await http.put<Enterprise>(`/enterprises/${id}`, data, { fieldErrors: true })).data
}

export async function deleteEnterprise(id: number): Promise<void> {
  await http.delete(`/enterprises/${id}`)
}

export async function getIndicators(
  id: number | string,
  params: { from?: number; to?: number; metric?: string },
): Promise<{ items: IndicatorValue[] }> {
  return (await http.get<{ items: IndicatorValue[] }>(`/enterprises/${id}/indicators`, { params: cleanQuery(params) })).data
}

export async function putIndicators(
  id: number | string,
  items: IndicatorValue[],
): Promise<{ items: IndicatorValue[]; updated: number }> {
  return (await http.put(`/enterprises/${id}/indicators`, { items }, { fieldErrors: true })).data
}

export async function getYears(id: number | string): Promise<{ items: YearFigures[] }> {
  return (await http.get<{ items: YearFigures[] }>(`/enterprises/${id}/years`)).data
}

export async function getTiers(id: number | string): Promise<{ items: TierYear[] }> {
  return (await http.get<{ items: TierYear[] }>(`/enterprises/${id}/tiers`)).data
}

export async function getEnterpriseAudit(id: number | string): Promise<Page<AuditEntry>> {
  return (await http.get<Page<AuditEntry>>(`/enterprises/${id}/audit`)).data
}

export async function getTierEvents(year: number): Promise<{ items: TierEvent[] }> {
  return (await http.get<{ items: TierEvent[] }>('/tier-events', { params: { year } })).data
}
