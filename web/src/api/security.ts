import http from './http'
import type { Me } from './types'

/** What POST /auth/login answers when the password was right but a second factor is due. */
export interface SecondFactorPending {
  second_factor_required: true
  /** true: the user must enrol first (the session opens only the enrolment page) */
  enrolment_required: boolean
}

export function isPending(r: Me | SecondFactorPending): r is SecondFactorPending {
  return (r as SecondFactorPending).second_factor_required === true
}

export interface FactorStatus {
  enrolled: boolean
  required: boolean
  enrolled_at: string | null
  recovery_codes_left: number
}

export interface Enrolment {
  secret: string
  otpauth_uri: string
  qr_svg: string
}

export interface SessionInfo {
  id: string
  created_at: string
  last_seen_at: string
  ip: string | null
  user_agent: string | null
  current: boolean
  pending: string | null
}

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
export async function confirmEnrolment(code: string): Promise<{ recovery_codes: string[] }> {
  return (await http.post<{ recovery_codes: string[] }>('/me/second-factor/confirm', { code }, { fieldErrors: true, skipAuthRedirect: true })).data
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
