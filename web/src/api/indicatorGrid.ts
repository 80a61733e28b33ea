// 月度填报: the month grids (decision 0039). Values travel in the metric's unit (money in 元), as
// the indicator API; `null` removes a figure.
import http from './http'
import { cleanQuery } from './enterprise'
import type { components } from './generated/schema'

type Schemas = components['schemas']
export type MonthGrid = Schemas['MonthGrid']
export type MonthGridRow = Schemas['MonthGridRow']
export type MonthGridSaved = Schemas['MonthGridSaved']
export type ParkGrid = Schemas['ParkGrid']
export type ParkGridRow = Schemas['ParkGridRow']
export type GridSaved = Schemas['GridSaved']

export interface ParkGridQuery {
  park?: number | null
  metric: string
  month: string
  above_size?: boolean | null
  q?: string
  page?: number
  page_size?: number
}

export async function getMonthGrid(id: number, month: string): Promise<MonthGrid> {
  return (await http.get<MonthGrid>(`/enterprises/${id}/indicator-grid`, { params: { month } })).data
}

export async function saveMonthGrid(
  id: number,
  month: string,
  items: { metric: string; value: number | null }[],
): Promise<MonthGridSaved> {
  return (await http.put<MonthGridSaved>(`/enterprises/${id}/indicator-grid`, { month, items }, { fieldErrors: true })).data
}

export async function getParkGrid(query: ParkGridQuery): Promise<ParkGrid> {
  return (await http.get<ParkGrid>('/indicator-grid', { params: cleanQuery(query) })).data
}

export async function saveParkGrid(
  metric: string,
  month: string,
  items: { enterprise_id: number; value: number | null }[],
): Promise<GridSaved> {
  return (await http.put<GridSaved>('/indicator-grid', { metric, month, items }, { fieldErrors: true })).data
}
