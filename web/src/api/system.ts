import http from './http'
import { cleanQuery } from './enterprise'
import type { AuditEntry, Page, Permission, Role, User, UserInput } from './types'

export async function listUsers(params: { q?: string; role?: string; page?: number; page_size?: number }): Promise<Page<User>> {
  return (await http.get<Page<User>>('/users', { params: cleanQuery(params) })).data
}
export async function addUser(data: UserInput): Promise<User> {
  return (await http.post<User>('/users', data, { fieldErrors: true })).data
}
export async function updateUser(id: number, data: UserInput): Promise<User> {
  return (await http.put<User>(`/users/${id}`, data, { fieldErrors: true })).data
}
export async function resetPassword(id: number, password: string): Promise<void> {
  await http.post(`/users/${id}/password`, { password }, { fieldErrors: true })
}
export async function unlockUser(id: number): Promise<void> {
  await http.post(`/users/${id}/unlock`)
}

export async function listRoles(): Promise<{ items: Role[] }> {
  return (await http.get<{ items: Role[] }>('/roles')).data
}
export async function updateRole(code: string, data: { name: string; permissions: string[] }): Promise<Role> {
  return (await http.put<Role>(`/roles/${code}`, data)).data
}
export async function listPermissions(): Promise<{ items: Permission[] }> {
  return (await http.get<{ items: Permission[] }>('/permissions')).data
}

export interface AuditQuery {
  entity?: string
  entity_id?: string | number
  actor?: string
  action?: string
  from?: string
  to?: string
  page?: number
  page_size?: number
}
export async function listAudit(params: AuditQuery): Promise<Page<AuditEntry>> {
  return (await http.get<Page<AuditEntry>>('/audit', { params: cleanQuery(params) })).data
}
