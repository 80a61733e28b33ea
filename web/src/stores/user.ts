import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import { isApiError } from '@/api/http'
import type { Me } from '@/api/types'
import { isPending, type SecondFactorPending } from '@/api/security'

export const useUserStore = defineStore('user', () => {
  const me = ref<Me | null>(null)
  /** true once /me has been asked (answered or refused) in this page load */
  const loaded = ref(false)
  /** the server said the session had expired (not merely absent) when /me was asked */
  const sessionExpired = ref(false)

  const permissions = computed(() => new Set(me.value?.permissions ?? []))
  const displayName = computed(() => me.value?.display_name || me.value?.username || '')

  function hasPerm(perm: string | string[] | undefined | null): boolean {
    if (!perm || (Array.isArray(perm) && perm.length === 0)) return true
    const wanted = Array.isArray(perm) ? perm : [perm]
    return wanted.some((p) => permissions.value.has(p))
  }

  async function fetchMe(): Promise<Me | null> {
    try {
      me.value = await authApi.getMe()
      sessionExpired.value = false
    } catch (e) {
      me.value = null
      sessionExpired.value = isApiError(e) && e.code === 'AUTH_SESSION_EXPIRED'
    } finally {
      loaded.value = true
    }
    return me.value
  }

  /** The user, or the second step the login still needs (then nobody is signed in yet). */
  async function login(username: string, password: string): Promise<Me | SecondFactorPending> {
    const answer = await authApi.login(username, password)
    me.value = isPending(answer) ? null : answer
    loaded.value = true
    return answer
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } finally {
      clear()
    }
  }

  function clear(): void {
    me.value = null
    loaded.value = true
  }

  function setMe(user: Me | null): void {
    me.value = user
    loaded.value = true
  }

  return { me, loaded, sessionExpired, permissions, displayName, hasPerm, fetchMe, login, logout, clear, setMe }
})
