import http from './http'
import type { Cockpit, CockpitCharts, CockpitInvest, Page } from './types'
import { lastFullYear } from '@/utils/format'

export interface CockpitQuery {
  year: number
  park?: number | null
  /** a period instead of the year (both or neither) */
  from?: string | null
  to?: string | null
  /** project category, for the investment figures */
  category?: string | null
}

function params(q: CockpitQuery): Record<string, string | number> {
  const out: Record<string, string | number> = q.from && q.to ? { from: q.from, to: q.to } : { year: q.year }
  if (q.park) out.park = q.park
  if (q.category) out.category = q.category
  return out
}

async function fetchCockpit(q: CockpitQuery): Promise<Cockpit> {
  return (await http.get<Cockpit>('/cockpit', { params: params(q) })).data
}

let prefetched: { key: string; promise: Promise<Cockpit> } | null = null
const keyOf = (q: CockpitQuery) => JSON.stringify(params(q))

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

/** The enterprise charts are yearly: only the year and park apply. */
export async function getCockpitCharts(q: CockpitQuery): Promise<CockpitCharts> {
  const p: Record<string, number> = { year: q.year }
  if (q.park) p.park = q.park
  return (await http.get<CockpitCharts>('/cockpit/charts', { params: p })).data
}

/** Funnel, park leaderboard and monthly signings of the period (the year when no period is set). */
export async function getCockpitInvest(q: CockpitQuery): Promise<CockpitInvest> {
  const p: Record<string, string | number> = {
    from: q.from && q.to ? q.from : `${q.year}-01-01`,
    to: q.from && q.to ? q.to : `${q.year}-12-31`,
  }
  if (q.park) p.park = q.park
  if (q.category) p.category = q.category
  // silent: a user without the project figures simply gets no investment charts
  return (await http.get<CockpitInvest>('/cockpit/invest', { params: p, silent: true })).data
}

/** Follows a figure's drill (an API path such as `/api/v1/enterprises?year=2021&tier=yi`). */
export async function getDrill(drill: string, page = 1, pageSize = 50): Promise<Page<Record<string, unknown>>> {
  const path = drill.replace(/^\/api\/v1/, '')
  const sep = path.includes('?') ? '&' : '?'
  return (await http.get<Page<Record<string, unknown>>>(`${path}${sep}page=${page}&page_size=${pageSize}`)).data
}

/**
 * The wall screen's figures and charts: the enterprises' figures of the last full year (as the
 * cockpit's default), the investment and service figures of this year up to today, the
 * investment charts when the caller may read projects. `silent`: a refresh that fails leaves the
 * last figures on the wall instead of a toast every minute.
 */
export async function getScreen(
  withInvest: boolean,
  now: Date = new Date(),
): Promise<{ cockpit: Cockpit; charts: CockpitCharts; invest: CockpitInvest | null }> {
  const pad = (n: number) => String(n).padStart(2, '0')
  const params = {
    year: lastFullYear(now),
    from: `${now.getFullYear()}-01-01`,
    to: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
  }
  const cockpit = (await http.get<Cockpit>('/cockpit', { params, silent: true })).data
  const [charts, invest] = await Promise.all([
    http.get<CockpitCharts>('/cockpit/charts', { params: { year: cockpit.year }, silent: true }).then((r) => r.data),
    withInvest
      ? http.get<CockpitInvest>('/cockpit/invest', { params: { from: cockpit.from, to: cockpit.to }, silent: true }).then((r) => r.data)
      : Promise.resolve(null),
  ])
  return { cockpit, charts, invest }
}
