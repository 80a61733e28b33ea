// 个人中心 › 消息设置: which kinds of notice reach the caller's inbox (decision 0036).
import http from './http'
import type { components, operations } from './generated/schema'

export type NotificationPreference = components['schemas']['NotificationPreference']
/** One choice as the PUT takes it (`{kind, inbox}`). */
export type PreferenceInput = operations['preferences_replace']['requestBody']['content']['application/json']['items'][number]

export async function getNotificationPreferences(): Promise<{ items: NotificationPreference[] }> {
  return (await http.get<{ items: NotificationPreference[] }>('/me/notification-preferences')).data
}

/** Replaces the caller's choices; a kind left out is on. */
export async function putNotificationPreferences(items: PreferenceInput[]): Promise<{ items: NotificationPreference[] }> {
  return (await http.put<{ items: NotificationPreference[] }>('/me/notification-preferences', { items })).data
}
