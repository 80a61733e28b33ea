import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '@/api/notify'
import { isApiError } from '@/api/http'
import type { Notification } from '@/api/types'
import { useLatest } from '@/composables/useLatest'

/** The unread count is asked for again after this long (and on every route change). */
export const POLL_MS = 60_000
/** Route changes closer together than this do not ask again. */
const MIN_GAP_MS = 3_000

/**
 * The navbar's inbox: the unread notifications (polled), and the recent ones when the drawer
 * opens. Marking read updates the count at once.
 */
export const useNotifyStore = defineStore('notify', () => {
  const unread = ref<Notification[]>([])
  const recent = ref<Notification[]>([])
  const loadingRecent = ref(false)
  /** true once the unread list has been answered */
  const loaded = ref(false)
  let lastAsked = 0
  let timer: ReturnType<typeof setInterval> | null = null
  const latest = useLatest()

  const count = computed(() => unread.value.length)

  async function refresh(force = false): Promise<void> {
    const now = Date.now()
    if (!force && now - lastAsked < MIN_GAP_MS) return
    lastAsked = now
    await latest.run(() => listNotifications(true, true), {
      ok: (r) => {
        unread.value = r.items
        loaded.value = true
      },
      failed: (e) => {
        // the session is gone: stop asking; the next thing the user does signs them in again
        if (isApiError(e) && e.status === 401) stop()
      },
    })
  }

  async function loadRecent(): Promise<void> {
    loadingRecent.value = true
    try {
      recent.value = (await listNotifications(false, true)).items
    } catch {
      recent.value = []
    } finally {
      loadingRecent.value = false
    }
  }

  function start(): void {
    if (timer) return
    void refresh(true)
    timer = setInterval(() => void refresh(true), POLL_MS)
  }

  function stop(): void {
    if (timer) clearInterval(timer)
    timer = null
  }

  function noteRead(ids: number[] | 'all'): void {
    const at = new Date().toISOString()
    const hit = (n: Notification) => ids === 'all' || ids.includes(n.id)
    unread.value = unread.value.filter((n) => !hit(n))
    recent.value = recent.value.map((n) => (hit(n) && !n.read_at ? { ...n, read_at: at } : n))
  }

  async function markRead(id: number): Promise<void> {
    noteRead([id])
    latest.drop() // an answer already on its way would bring the old count back
    await markNotificationRead(id).catch(() => undefined)
  }

  async function markAll(): Promise<number> {
    const r = await markAllNotificationsRead()
    latest.drop()
    noteRead('all')
    return r.marked
  }

  function reset(): void {
    stop()
    unread.value = []
    recent.value = []
    loaded.value = false
    lastAsked = 0
  }

  return { unread, recent, count, loaded, loadingRecent, refresh, loadRecent, start, stop, markRead, markAll, reset }
})
