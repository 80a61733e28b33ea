import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { defineComponent } from 'vue'
import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios'
import { AxiosError } from 'axios'
import { ApiError, createHttp, installAuthRedirect, setHttpHooks } from '@/api/http'

const Empty = defineComponent({ render: () => null })

function answering(status: number, body: unknown): AxiosAdapter {
  return async (config: InternalAxiosRequestConfig) => {
    const response = { data: body, status, statusText: String(status), headers: {}, config }
    throw new AxiosError(`status ${status}`, 'ERR_BAD_RESPONSE', config, null, response)
  }
}

async function routerAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', component: Empty },
      { path: '/enterprises', component: Empty },
      { path: '/enterprises/:id', component: Empty },
    ],
  })
  await router.push(path)
  return router
}

afterEach(() => setHttpHooks(null))

describe('http interceptor', () => {
  it('on 401 clears the user and sends them to login, returning to the page afterwards', async () => {
    const router = await routerAt('/enterprises?year=2021&tier=yi')
    const clear = vi.fn()
    installAuthRedirect(router, clear)
    const http = createHttp()
    http.defaults.adapter = answering(401, { error: { code: 'AUTH_SESSION_EXPIRED', message: '会话已过期' } })

    const err = await http.get('/enterprises').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('AUTH_SESSION_EXPIRED')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/login'))
    expect(clear).toHaveBeenCalledTimes(1)
    expect(router.currentRoute.value.query).toEqual({ redirect: '/enterprises?year=2021&tier=yi', expired: '1' })
    expect(document.body.textContent).toContain('登录已过期，请重新登录')
  })

  it('does not redirect when the 401 is the answer of the login form', async () => {
    const router = await routerAt('/login')
    const clear = vi.fn()
    installAuthRedirect(router, clear)
    const http = createHttp()
    http.defaults.adapter = answering(401, { error: { code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误', params: { remaining: 3 } } })

    const err = (await http.post('/auth/login', {}, { skipAuthRedirect: true, silent: true }).catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(401)
    expect(err.params.remaining).toBe(3)
    expect(clear).not.toHaveBeenCalled()
    expect(router.currentRoute.value.fullPath).toBe('/login')
  })

  it('turns the error body into an ApiError with field and params', async () => {
    const http = createHttp()
    http.defaults.adapter = answering(422, {
      error: { code: 'ENTERPRISE_CREDIT_CODE_CHECK', message: '统一社会信用代码校验位错误', field: 'credit_code', params: { expected: 'T' } },
    })
    const err = (await http.post('/enterprises', {}, { fieldErrors: true }).catch((e: unknown) => e)) as ApiError
    expect(err).toMatchObject({ status: 422, code: 'ENTERPRISE_CREDIT_CODE_CHECK', field: 'credit_code', message: '统一社会信用代码校验位错误' })
    expect(err.params).toEqual({ expected: 'T' })
  })
})

describe('Idempotency-Key', () => {
  /** An adapter that records each request's key and answers with the next outcome. */
  function recording(outcomes: Array<'network' | number>) {
    const keys: Array<string | undefined> = []
    const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
      keys.push((config.headers.get('Idempotency-Key') as string | undefined) ?? undefined)
      const outcome = outcomes.shift() ?? 201
      if (outcome === 'network') throw new AxiosError('Network Error', 'ERR_NETWORK', config, null, undefined)
      const response = { data: { id: 1 }, status: outcome, statusText: String(outcome), headers: {}, config }
      if (outcome >= 400) throw new AxiosError(`status ${outcome}`, 'ERR_BAD_RESPONSE', config, null, response)
      return response
    }
    return { keys, adapter }
  }

  it('sends the same key again when a submission is retried after a lost answer, a new one after success', async () => {
    const http = createHttp()
    const { keys, adapter } = recording(['network', 201, 201])
    http.defaults.adapter = adapter
    const form = { name: '扬州某某科技有限公司', credit_code: '91321000MA1XXXXX0X' }
    await http.post('/enterprises', form, { silent: true }).catch(() => undefined)
    await http.post('/enterprises', { ...form }, { silent: true })
    // the record was created: filling the same form again later is a new submission
    await http.post('/enterprises', { ...form }, { silent: true })
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).toMatch(/^[0-9a-f]{32}$/)
    expect(keys[2]).not.toBe(keys[0])
  })

  it('gives another form its own key and none to sign-in or reads', async () => {
    const http = createHttp()
    const { keys, adapter } = recording([201, 201, 200, 200])
    http.defaults.adapter = adapter
    await http.post('/tickets', { title: 'a' })
    await http.post('/tickets', { title: 'b' })
    await http.post('/auth/login', { username: 'admin', password: 'x' })
    await http.get('/tickets')
    expect(keys[0]).toBeTruthy()
    expect(keys[1]).toBeTruthy()
    expect(keys[1]).not.toBe(keys[0])
    expect(keys[2]).toBeUndefined()
    expect(keys[3]).toBeUndefined()
  })
})
