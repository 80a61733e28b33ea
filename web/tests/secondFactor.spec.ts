import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/locales'
import { ApiError } from '@/api/http'
import type { Me } from '@/api/types'
import LoginPage from '@/views/login/index.vue'

const me: Me = {
  id: 1, username: 'admin', display_name: '系统管理员', roles: ['admin'], permissions: ['cockpit:read', 'user:admin'],
  scope: { kind: 'zone' }, zone: { id: 1, code: 'yz', name: '扬州经开区' }, warnings: [], demo: false,
}
const login = vi.fn()
const secondStep = vi.fn()

vi.mock('@/api/auth', () => ({
  login: (u: string, p: string) => login(u, p),
  logout: vi.fn(),
  getMe: vi.fn(async () => me),
  getDemoAccounts: vi.fn(async () => ({ demo: false, accounts: [] })),
}))
vi.mock('@/api/security', async (orig) => ({
  ...(await orig<typeof import('@/api/security')>()),
  secondStep: (code: string) => secondStep(code),
}))

async function mountLogin() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', component: LoginPage },
      { path: '/cockpit', component: { template: '<div />' } },
      { path: '/enrol', component: { template: '<div />' } },
      { path: '/hotline', component: { template: '<div />' } },
    ],
  })
  await router.push('/login')
  const wrapper = mount(LoginPage, { global: { plugins: [pinia, i18n, ElementPlus, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

function input(testid: string): HTMLInputElement {
  const el = document.querySelector(`[data-testid="${testid}"] input, input[data-testid="${testid}"]`)
  if (!el) throw new Error(`no input ${testid}`)
  return el as HTMLInputElement
}
async function type(testid: string, value: string) {
  const el = input(testid)
  el.value = value
  el.dispatchEvent(new Event('input', { bubbles: true }))
  await flushPromises()
}
async function signIn(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper']) {
  await type('login-username', 'admin')
  await type('login-password', 'Demo@2022')
  await wrapper.find('[data-testid="login-submit"]').trigger('click')
  await flushPromises()
}

describe('login with a second factor', () => {
  it('asks for the code after the password, shows the attempts left, then lands', async () => {
    login.mockResolvedValueOnce({ second_factor_required: true, enrolment_required: false })
    const { wrapper, router } = await mountLogin()
    await signIn(wrapper)
    expect(document.querySelector('[data-testid="login-code"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="login-password"]')).toBeNull()

    secondStep.mockRejectedValueOnce(new ApiError(401, { code: 'AUTH_SECOND_FACTOR_INVALID', message: 'x', params: { remaining: 3 } }))
    await type('login-code', '000000')
    await wrapper.find('[data-testid="login-code-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('验证码不正确，还可尝试 3 次')

    // "use a recovery code" switches what is asked for; the code goes to the same step
    await wrapper.find('[data-testid="login-use-recovery"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="login-code-hint"]').text()).toContain('恢复码')
    secondStep.mockResolvedValueOnce(me)
    await type('login-code', 'ABCD-EFGH-IJKL-MNOP')
    await wrapper.find('[data-testid="login-code-submit"]').trigger('click')
    await flushPromises()
    expect(secondStep).toHaveBeenLastCalledWith('ABCD-EFGH-IJKL-MNOP')
    expect(router.currentRoute.value.path).toBe('/cockpit')
    wrapper.unmount()
  })

  it('sends a key holder without a factor to enrolment', async () => {
    login.mockResolvedValueOnce({ second_factor_required: true, enrolment_required: true })
    const { wrapper, router } = await mountLogin()
    await signIn(wrapper)
    expect(router.currentRoute.value.path).toBe('/enrol')
    expect(router.currentRoute.value.query.required).toBe('1')
    wrapper.unmount()
  })
})
