// The in-app inbox, the group robots (企业微信/钉钉) and their delivery log.
// docs/api.md "Notifications (通知)".
import http from './http'
import type { Notification, OutboxMessage, Robot, RobotInput } from './types'

/**
 * The caller's inbox (to them or to their department), newest first. `background`: a poll —
 * no message on failure and no redirect on an expired session (the next user action handles it).
 */
export async function listNotifications(unread = false, background = false): Promise<{ items: Notification[] }> {
  return (
    await http.get<{ items: Notification[] }>('/notifications', {
      params: unread ? { unread: true } : {},
      silent: background,
      skipAuthRedirect: background,
    })
  ).data
}

export async function markNotificationRead(id: number): Promise<{ marked: number }> {
  return (await http.post<{ marked: number }>(`/notifications/${id}/read`, undefined, { silent: true })).data
}

export async function markAllNotificationsRead(): Promise<{ marked: number }> {
  return (await http.post<{ marked: number }>('/notifications/read-all')).data
}

export async function listRobots(): Promise<{ items: Robot[] }> {
  return (await http.get<{ items: Robot[] }>('/robots')).data
}

export async function addRobot(data: RobotInput): Promise<Robot> {
  return (await http.post<Robot>('/robots', data, { fieldErrors: true })).data
}

export async function updateRobot(id: number, data: RobotInput): Promise<Robot> {
  return (await http.put<Robot>(`/robots/${id}`, data, { fieldErrors: true })).data
}

export async function deleteRobot(id: number): Promise<void> {
  await http.delete(`/robots/${id}`)
}

/** Queues a test message (202): it goes out with the next delivery round. */
export async function testRobot(id: number): Promise<void> {
  await http.post(`/robots/${id}/test`)
}

export async function listOutbox(pending = false): Promise<{ items: OutboxMessage[] }> {
  return (await http.get<{ items: OutboxMessage[] }>('/outbox', { params: pending ? { pending: true } : {} })).data
}
