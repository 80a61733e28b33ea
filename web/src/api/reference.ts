import http from './http'
import type { Chain, Department, Industry, IndustryLevel, Metric, Page, Park, TierThresholds } from './types'

export async function listParks(): Promise<Page<Park>> {
  return (await http.get<Page<Park>>('/parks')).data
}
export async function addPark(data: Pick<Park, 'code' | 'name'>): Promise<Park> {
  return (await http.post<Park>('/parks', data, { fieldErrors: true })).data
}
export async function updatePark(id: number, data: Pick<Park, 'code' | 'name'>): Promise<Park> {
  return (await http.put<Park>(`/parks/${id}`, data, { fieldErrors: true })).data
}
export async function deletePark(id: number): Promise<void> {
  await http.delete(`/parks/${id}`)
}

export type ChainInput = Pick<Chain, 'code' | 'name' | 'group' | 'sort'>
export async function listChains(): Promise<Page<Chain>> {
  return (await http.get<Page<Chain>>('/chains')).data
}
export async function addChain(data: ChainInput): Promise<Chain> {
  return (await http.post<Chain>('/chains', data, { fieldErrors: true })).data
}
export async function updateChain(id: number, data: ChainInput): Promise<Chain> {
  return (await http.put<Chain>(`/chains/${id}`, data, { fieldErrors: true })).data
}
export async function deleteChain(id: number): Promise<void> {
  await http.delete(`/chains/${id}`)
}

export async function listDepartments(): Promise<Page<Department>> {
  return (await http.get<Page<Department>>('/departments')).data
}

export async function addDepartment(data: Pick<Department, 'code' | 'name'>): Promise<Department> {
  return (await http.post<Department>('/departments', data, { fieldErrors: true })).data
}
export async function updateDepartment(id: number, data: Pick<Department, 'code' | 'name'>): Promise<Department> {
  return (await http.put<Department>(`/departments/${id}`, data, { fieldErrors: true })).data
}
export async function deleteDepartment(id: number): Promise<void> {
  await http.delete(`/departments/${id}`)
}

export async function listIndustries(params: { level?: IndustryLevel; parent?: string; q?: string }): Promise<Page<Industry>> {
  return (await http.get<Page<Industry>>('/industries', { params })).data
}

export async function listMetrics(): Promise<Page<Metric>> {
  return (await http.get<Page<Metric>>('/metrics')).data
}

export async function getTierThresholds(): Promise<TierThresholds> {
  return (await http.get<TierThresholds>('/tier-thresholds')).data
}
