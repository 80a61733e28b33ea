import http from './http'
import type { Cockpit, CockpitCharts, Page } from './types'

export interface CockpitQuery {
  year: number
  park?: number | null
}

function params(q: CockpitQuery) {
  return q.park ? { year: q.year, park: q.park } : { year: q.year }
}

async function fetchCockpit(q: CockpitQuery): Promise<Cockpit> {
  return (await http.get<Cockpit>('/cockpit', { params: params(q) })).data
}

let prefetched: { key: string; promise: Promise<Cockpit> } | null = null
const keyOf = (q: CockpitQuery) => `${q.year}:${q.park ?? ''}`

/**
 * Starts loading the figures while the router is still resolving the page, so the first
 * figures do not wait for the page's code and first render. Used once by getCockpit.
 */
export function prefetchCockpit(q: CockpitQuery): void {
  const promise = fetchCockpit(q)
  promise.catch(() => undefined)
  prefetched = { key: keyOf(q), promise }
}

export async function getCockpit(q: CockpitQuery): Promise<Cockpit> {
  if (prefetched && prefetched.key === keyOf(q)) {
    const { promise } = prefetched
    prefetched = null
    return promise
  }
  prefetched = null
  return fetchCockpit(q)
}

export async function getCockpitCharts(q: CockpitQuery): Promise<CockpitCharts> {
  return (await http.get<CockpitCharts>('/cockpit/charts', { params: params(q) })).data
}

/** Follows a figure's drill (an API path such as `/api/v1/enterprises?year=2021&tier=yi`). */
export async function getDrill(drill: string, page = 1, pageSize = 50): Promise<Page<Record<string, unknown>>> {
  const path = drill.replace(/^\/api\/v1/, '')
  const sep = path.includes('?') ? '&' : '?'
  return (await http.get<Page<Record<string, unknown>>>(`${path}${sep}page=${page}&page_size=${pageSize}`)).data
}
