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

// ---- Idempotency-Key ------------------------------------------------------------------------

/** A random key; `crypto.randomUUID` needs a secure context, an intranet console may run on plain http. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16)
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes)
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Writing POSTs carry an `Idempotency-Key`: one per submission, kept until the server has
 * answered it with a success, so sending the same form again after a lost answer (network
 * failure, timeout) is the same submission and the server answers the first result instead of
 * creating the record twice. Sign-in and uploads (form data) go without.
 */
export function idempotencyKeyFor(keys: Map<string, string>, config: Pick<AxiosRequestConfig, 'method' | 'url' | 'data'>): string | null {
  if ((config.method ?? 'get').toLowerCase() !== 'post') return null
  if ((config.url ?? '').startsWith('/auth/') || config.data instanceof FormData) return null
  const submission = `${config.url}\n${JSON.stringify(config.data ?? null)}`
  let key = keys.get(submission)
  if (!key) {
    key = newIdempotencyKey()
    keys.set(submission, key)
  }
  return key
}

/** After a success the submission is done: the same form sent again later is a new one. */
function forgetKey(keys: Map<string, string>, key: unknown): void {
  for (const [submission, k] of keys) if (k === key) keys.delete(submission)
}

export function createHttp(): AxiosInstance {
  const pendingKeys = new Map<string, string>()
  const instance = axios.create({
    baseURL: '/api/v1',
    withCredentials: true,
    timeout: 60000,
    headers: { Accept: 'application/json' },
  })
  instance.interceptors.request.use((config) => {
    config.headers.set('Accept-Language', i18n.global.locale.value)
    const key = config.headers.get('Idempotency-Key') ? null : idempotencyKeyFor(pendingKeys, config)
    if (key) config.headers.set('Idempotency-Key', key)
    return config
  })
  instance.interceptors.response.use(
    (res) => {
      forgetKey(pendingKeys, res.config?.headers?.get('Idempotency-Key'))
      return res
    },
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
