import http from './http'
import type { components } from './generated/schema'
import type { Me } from './types'

type Schemas = components['schemas']

/** What POST /auth/login answers when the password was right but a second factor is due. */
export type SecondFactorPending = Schemas['SecondFactorPending']

export function isPending(r: Me | SecondFactorPending): r is SecondFactorPending {
  return (r as SecondFactorPending).second_factor_required === true
}

export type FactorStatus = Schemas['Status']

export type Enrolment = Schemas['EnrolmentView']

export type SessionInfo = Schemas['SessionView']

/** The login's second step: a 6-digit code or a recovery code. */
export async function secondStep(code: string): Promise<Me> {
  return (await http.post<Me>('/auth/login/second-factor', { code }, { silent: true, skipAuthRedirect: true })).data
}

export async function factorStatus(): Promise<FactorStatus> {
  return (await http.get<FactorStatus>('/me/second-factor', { skipAuthRedirect: true })).data
}
export async function beginEnrolment(): Promise<Enrolment> {
  return (await http.post<Enrolment>('/me/second-factor', null, { skipAuthRedirect: true })).data
}
export async function confirmEnrolment(code: string): Promise<Schemas['Confirmed']> {
  return (await http.post<Schemas['Confirmed']>('/me/second-factor/confirm', { code }, { fieldErrors: true, skipAuthRedirect: true })).data
}

export async function mySessions(): Promise<{ items: SessionInfo[] }> {
  return (await http.get<{ items: SessionInfo[] }>('/me/sessions')).data
}
export async function endMySession(id: string): Promise<void> {
  await http.delete(`/me/sessions/${encodeURIComponent(id)}`)
}

export async function resetSecondFactor(userId: number): Promise<void> {
  await http.post(`/users/${userId}/second-factor/reset`)
}
export async function userSessions(userId: number): Promise<{ items: SessionInfo[] }> {
  return (await http.get<{ items: SessionInfo[] }>(`/users/${userId}/sessions`)).data
}
export async function endUserSession(userId: number, id: string): Promise<void> {
  await http.delete(`/users/${userId}/sessions/${encodeURIComponent(id)}`)
}
export async function endAllSessions(userId: number): Promise<void> {
  await http.delete(`/users/${userId}/sessions`)
}
