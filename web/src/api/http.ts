import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios'
import { ElMessage } from 'element-plus'
import type { Router } from 'vue-router'
import { i18n } from '@/locales'
import type { ApiErrorBody } from './types'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The caller shows every error itself (no ElMessage). */
    silent?: boolean
    /** The caller shows errors that name a field (422/409 with `field`) at that field. */
    fieldErrors?: boolean
    /** A 401 here is an answer (login form, the first /me), not an expired session. */
    skipAuthRedirect?: boolean
  }
}

/** An error answered by the API (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly field: string | null
  readonly params: Record<string, unknown>

  constructor(status: number, body: Partial<ApiErrorBody>) {
    super(body.message || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code || 'HTTP_' + status
    this.field = body.field ?? null
    this.params = body.params ?? {}
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

export interface HttpHooks {
  /** Called once for a 401 outside the login form: the session is gone. */
  onUnauthorized: (error: ApiError) => void
}

let hooks: HttpHooks | null = null
let unauthorizedPending = false

export function setHttpHooks(h: HttpHooks | null): void {
  hooks = h
  unauthorizedPending = false
}

/** The default reaction to an expired session: clear the user, go to login, come back later. */
export function installAuthRedirect(router: Router, clearUser: () => void): void {
  setHttpHooks({
    onUnauthorized() {
      if (unauthorizedPending) return
      unauthorizedPending = true
      clearUser()
      const current = router.currentRoute.value
      ElMessage.warning({ message: i18n.global.t('login.expired'), grouping: true })
      const query: Record<string, string> = { expired: '1' }
      if (current.path !== '/login') query.redirect = current.fullPath
      void router.replace({ path: '/login', query }).finally(() => {
        unauthorizedPending = false
      })
    },
  })
}

function toApiError(error: AxiosError): ApiError {
  const res = error.response
  if (!res) {
    return new ApiError(0, { code: 'NETWORK', message: i18n.global.t('http.network') })
  }
  const data = res.data as { error?: Partial<ApiErrorBody> } | undefined
  if (data && typeof data === 'object' && data.error) return new ApiError(res.status, data.error)
  const key = `http.status${res.status}`
  const message = i18n.global.te(key) ? i18n.global.t(key) : i18n.global.t('http.failed', { status: res.status })
  return new ApiError(res.status, { message })
}

export function createHttp(): AxiosInstance {
  const instance = axios.create({
    baseURL: '/api/v1',
    withCredentials: true,
    timeout: 60000,
    headers: { Accept: 'application/json' },
  })
  instance.interceptors.request.use((config) => {
    config.headers.set('Accept-Language', i18n.global.locale.value)
    return config
  })
  instance.interceptors.response.use(
    (res) => res,
    (error: AxiosError) => {
      if (axios.isCancel(error)) return Promise.reject(error)
      const apiError = toApiError(error)
      const config: AxiosRequestConfig = error.config ?? {}
      if (apiError.status === 401 && !config.skipAuthRedirect) {
        hooks?.onUnauthorized(apiError)
        return Promise.reject(apiError)
      }
      const handledAtField = config.fieldErrors && apiError.field && [409, 422].includes(apiError.status)
      if (!config.silent && !handledAtField) {
        ElMessage.error({ message: apiError.message, grouping: true })
      }
      return Promise.reject(apiError)
    },
  )
  return instance
}

export const http = createHttp()
export default http
