import http from './http'
import type { DemoAccounts, Me } from './types'
import type { SecondFactorPending } from './security'

/** The user, or a second step to take (code, or enrolment first). */
export async function login(username: string, password: string): Promise<Me | SecondFactorPending> {
  const res = await http.post<Me | SecondFactorPending>('/auth/login', { username, password }, { silent: true, skipAuthRedirect: true })
  return res.data
}

export async function logout(): Promise<void> {
  await http.post('/auth/logout', null, { silent: true, skipAuthRedirect: true })
}

export async function getMe(): Promise<Me> {
  const res = await http.get<Me>('/me', { silent: true, skipAuthRedirect: true })
  return res.data
}

export async function getDemoAccounts(): Promise<DemoAccounts> {
  const res = await http.get<DemoAccounts>('/auth/demo-accounts', { silent: true, skipAuthRedirect: true })
  return res.data
}

/** 修改密码: the server ends the user's other sessions; this one stays. */
export async function changeOwnPassword(current: string, next: string): Promise<void> {
  await http.post('/me/password', { current_password: current, new_password: next }, { fieldErrors: true })
}
