import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '@/locales'
import { ApiError } from '@/api/http'
import type { Enterprise, EnterpriseInput } from '@/api/types'
import EnterpriseForm from '@/views/enterprise/components/EnterpriseForm.vue'

const addEnterprise = vi.fn<(data: EnterpriseInput) => Promise<Enterprise>>()

vi.mock('@/api/enterprise', () => ({
  addEnterprise: (data: EnterpriseInput) => addEnterprise(data),
  updateEnterprise: vi.fn(),
  getEnterprise: vi.fn(),
  listEnterprises: vi.fn(async () => ({ items: [], total: 0 })),
}))
vi.mock('@/api/reference', () => ({
  listParks: vi.fn(async () => ({ items: [{ id: 1, code: 'auto', name: '汽车及零部件产业园' }], total: 1 })),
  listChains: vi.fn(async () => ({ items: [{ id: 3, code: 'auto', name: '汽车及零部件', group: 'leading', sort: 3 }] })),
  listDepartments: vi.fn(async () => ({ items: [] })),
  listIndustries: vi.fn(async () => ({ items: [{ code: '3670', name: '汽车零部件及配件制造', level: 'class', parent: '367' }], total: 1 })),
}))

const saved: Enterprise = {
  id: 9, credit_code: '91310110666007217X', credit_code_warning: true, name: '扬州测试零部件有限公司', park_id: 1,
  park_name: '汽车及零部件产业园', chain_id: 3, chain_name: '汽车及零部件', industry_code: '3670', industry_name: '汽车零部件及配件制造',
  above_size: false, land_mu: null, established_on: null, address: '', year: 2025, sales: null, output: null,
  tier: 'none', double_baiyi: false, updated_at: '2026-01-01T00:00:00Z',
}

async function mountForm() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const wrapper = mount(EnterpriseForm, {
    props: { modelValue: false, enterpriseId: null },
    global: { plugins: [pinia, i18n, ElementPlus], directives: { perm: {} } },
    attachTo: document.body,
  })
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
  return wrapper
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

async function fillValid(wrapper: Awaited<ReturnType<typeof mountForm>>) {
  await type('field-credit_code', '91310110666007217x')
  await type('field-name', '扬州测试零部件有限公司')
  await choose(wrapper, 'field-park_id', '汽车及零部件产业园')
  await choose(wrapper, 'field-industry_code', '汽车零部件及配件制造')
}

/** Opens an el-select and clicks the option showing `text`. */
async function choose(wrapper: Awaited<ReturnType<typeof mountForm>>, testid: string, text: string) {
  void wrapper
  const marked = document.querySelector(`[data-testid="${testid}"]`)
  const select = marked?.closest('.el-select') ?? marked?.querySelector('.el-select')
  if (!select) throw new Error(`no select ${testid}`)
  ;(select.querySelector('.el-select__wrapper') as HTMLElement).dispatchEvent(new MouseEvent('click', { bubbles: true }))
  await flushPromises()
  if (testid === 'field-industry_code') {
    input(testid).dispatchEvent(new Event('focus'))
    await flushPromises()
  }
  await vi.waitFor(() => {
    const option = [...document.querySelectorAll('.el-select-dropdown__item')].find((o) => o.textContent?.includes(text))
    if (!option) throw new Error(`no option ${text}`)
    ;(option as HTMLElement).click()
  })
  await flushPromises()
}

function submit() {
  ;(document.querySelector('[data-testid="enterprise-submit"]') as HTMLButtonElement).click()
}

describe('enterprise form', () => {
  beforeEach(() => {
    addEnterprise.mockReset()
    document.body.innerHTML = ''
  })

  it('shows the client-side rules in Chinese before asking the server', async () => {
    await mountForm()
    await type('field-credit_code', '9131')
    submit()
    await flushPromises()
    await vi.waitFor(() => {
      expect(document.body.textContent).toContain('统一社会信用代码应为18位')
      expect(document.body.textContent).toContain('请输入企业名称')
      expect(document.body.textContent).toContain('请选择所属园区')
    })
    expect(addEnterprise).not.toHaveBeenCalled()
  })

  it('shows a server field error at the field it names, and confirming the check character resends', async () => {
    addEnterprise.mockRejectedValueOnce(
      new ApiError(422, { code: 'ENTERPRISE_CREDIT_CODE_CHECK', message: '统一社会信用代码校验位错误（应为 T）', field: 'credit_code' }),
    )
    addEnterprise.mockResolvedValueOnce(saved)
    const wrapper = await mountForm()
    await fillValid(wrapper)
    expect(input('field-credit_code').value).toBe('91310110666007217X')

    submit()
    await vi.waitFor(() => expect(addEnterprise).toHaveBeenCalledTimes(1))
    await flushPromises()
    const first = addEnterprise.mock.calls[0][0]
    expect(first.credit_code).toBe('91310110666007217X')
    expect(first.confirm_check_character).toBeUndefined()

    const item = input('field-credit_code').closest('.el-form-item') as HTMLElement
    await vi.waitFor(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('统一社会信用代码校验位错误'))
    expect(item.classList.contains('is-error')).toBe(true)
    const confirm = document.querySelector('[data-testid="confirm-check"]') as HTMLElement
    expect(confirm.textContent).toContain('确认代码无误（校验位不符的历史代码）')

    ;(confirm.querySelector('input') as HTMLInputElement).click()
    await vi.waitFor(() => expect(addEnterprise).toHaveBeenCalledTimes(2))
    expect(addEnterprise.mock.calls[1][0].confirm_check_character).toBe(true)
    await flushPromises()
    expect(wrapper.emitted('saved')?.[0]).toEqual([saved])
  })

  it('shows a duplicate (409) and a nested field error where they belong', async () => {
    addEnterprise.mockRejectedValueOnce(new ApiError(409, { code: 'ENTERPRISE_DUPLICATE', message: '该统一社会信用代码已登记', field: 'credit_code' }))
    const wrapper = await mountForm()
    await fillValid(wrapper)
    submit()
    await vi.waitFor(() => expect(addEnterprise).toHaveBeenCalledTimes(1))
    const item = input('field-credit_code').closest('.el-form-item') as HTMLElement
    await vi.waitFor(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('该统一社会信用代码已登记'))
    expect(document.querySelector('[data-testid="confirm-check"]')).toBeNull()

    ;(document.querySelector('[data-testid="entrepreneur-add"]') as HTMLButtonElement).click()
    await flushPromises()
    const personName = document.querySelector('[data-testid="entrepreneur-0"] input') as HTMLInputElement
    personName.value = '张三'
    personName.dispatchEvent(new Event('input', { bubbles: true }))
    await flushPromises()
    addEnterprise.mockRejectedValueOnce(new ApiError(422, { code: 'VALIDATION', message: '手机号格式不正确', field: 'entrepreneurs[0].mobile' }))
    submit()
    await vi.waitFor(() => expect(addEnterprise).toHaveBeenCalledTimes(2))
    const mobile = input('entrepreneur-0-mobile').closest('.el-form-item') as HTMLElement
    await vi.waitFor(() => expect(mobile.querySelector('.el-form-item__error')?.textContent).toContain('手机号格式不正确'))
  })
})
