import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '@/locales'
import { ApiError } from '@/api/http'
import type { ActionInput, Ticket, TicketAction } from '@/api/types'
import ActionDialog from '@/views/service/components/ActionDialog.vue'
import { useReferenceStore } from '@/stores/reference'
import { useServiceStore } from '@/stores/service'

const actOnTicket = vi.fn<(id: number, code: string, data: ActionInput) => Promise<Ticket>>()
vi.mock('@/api/ticket', () => ({
  actOnTicket: (id: number, code: string, data: ActionInput) => actOnTicket(id, code, data),
  getTicketMeta: vi.fn(async () => ({ channels: [], categories: [], priorities: [], states: [], actions: [] })),
}))
vi.mock('@/api/reference', () => ({
  listParks: vi.fn(async () => ({ items: [] })),
  listChains: vi.fn(async () => ({ items: [] })),
  listDepartments: vi.fn(async () => ({
    items: [
      { id: 1, code: 'land', name: '自然资源和规划局' },
      { id: 3, code: 'hr', name: '人力资源和社会保障局' },
    ],
  })),
}))

function ticket(extra: Partial<Ticket> = {}): Ticket {
  return {
    id: 9, no: '20261127-0009', channel: 'hotline', category: 'land', priority: 'normal', title: '用地指标', detail: '',
    enterprise_id: null, enterprise: null, project_id: null, project: null, park_id: null, requester_id: null,
    contact_name: '', contact_phone: '', contact_company: '', department_id: null, department: null,
    state: 'new', state_label: '待派单', created_at: '2026-11-27T01:00:00Z', dispatched_at: null, answered_at: null,
    resolved_at: null, closed_at: null, updated_at: '2026-11-27T01:00:00Z', resolution: '', solved: null, satisfaction: null,
    rating_comment: '', received_at: null, late_reason: null, category_label: '', priority_label: '', channel_label: '',
    sla: {
      started_at: null, answered_at: null, resolved_at: null, closed_at: null, paused: false, open: false, answer_due: null,
      resolve_due: null, resolve_elapsed_minutes: null, resolve_remaining_minutes: null, day_minutes: null, answer_breached: false,
      resolve_breached: false, level: 'none', remind_at: null, supervise_at: null, notice_at: null,
    },
    overdue: false, actions: [], suggested_department: 1, can_rate: false, can_attach: false,
    waiting_minutes: null, dispatch_due_at: null, dispatch_overdue: null, ...extra,
  }
}

const action = (code: string, reason_required = false, needs_department = false): TicketAction => ({ code, label: code, reason_required, needs_department })

/** the element of the dialog on screen (earlier tests' dialogs may linger in the body) */
const el = (testid: string, inner = '') => {
  const all = document.querySelectorAll(`[data-testid="${testid}"]${inner ? ' ' + inner : ''}`)
  return all[all.length - 1] as HTMLElement
}

async function mountDialog(t: Ticket) {
  const pinia = createPinia()
  setActivePinia(pinia)
  await useReferenceStore().loadDepartments()
  useServiceStore()
  const w = mount(ActionDialog, { props: { ticket: t }, global: { plugins: [pinia, i18n, ElementPlus] }, attachTo: document.body })
  return w as unknown as { vm: { open: (a: TicketAction) => void }; emitted: typeof w.emitted; unmount: () => void }
}

function type(testid: string, value: string) {
  const input = (el(testid, 'textarea') ?? el(testid)) as HTMLTextAreaElement
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
}

describe('ticket action dialog', () => {
  beforeEach(() => actOnTicket.mockReset())
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('dispatches to the department the routing rule suggests, prefilled', async () => {
    const w = await mountDialog(ticket())
    actOnTicket.mockResolvedValue(ticket({ state: 'dispatched', department_id: 1 }))
    w.vm.open(action('dispatch', false, true))
    await flushPromises()
    await vi.waitFor(() => expect(el('action-suggested')?.textContent).toContain('自然资源和规划局'))
    el('action-submit').click()
    await flushPromises()
    expect(actOnTicket).toHaveBeenCalledWith(9, 'dispatch', { reason: null, resolution: null, department_id: 1 })
    expect(w.emitted('done')).toHaveLength(1)
    w.unmount()
  })

  it('wants a reason for a return, and shows the server\'s field error at the field', async () => {
    const w = await mountDialog(ticket({ state: 'dispatched', department_id: 1 }))
    w.vm.open(action('return', true))
    await flushPromises()
    el('action-submit').click()
    await flushPromises()
    expect(actOnTicket).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(document.body.textContent).toContain('请填写原因'))

    actOnTicket.mockRejectedValueOnce(new ApiError(422, { code: 'REASON_REQUIRED', message: '“退单”须填写原因', field: 'reason' }))
    type('action-reason', '属人社局职责')
    el('action-submit').click()
    await flushPromises()
    expect(actOnTicket).toHaveBeenCalledWith(9, 'return', { reason: '属人社局职责', resolution: null, department_id: null })
    await vi.waitFor(() => expect(document.body.textContent).toContain('“退单”须填写原因'))
    expect(w.emitted('done')).toBeUndefined()
    w.unmount()
  })

  it('asks 办结 for its resolution', async () => {
    const w = await mountDialog(ticket({ state: 'in_progress', department_id: 3 }))
    actOnTicket.mockResolvedValue(ticket({ state: 'resolved' }))
    w.vm.open(action('resolve', true))
    await flushPromises()
    el('action-submit').click()
    await flushPromises()
    await vi.waitFor(() => expect(document.body.textContent).toContain('请填写办理结果'))
    type('action-resolution', '已协调解决')
    el('action-submit').click()
    await flushPromises()
    expect(actOnTicket).toHaveBeenCalledWith(9, 'resolve', { reason: null, resolution: '已协调解决', department_id: null })
    w.unmount()
  })

  it('offers to refresh when someone else changed the ticket first (409 TICKET_CHANGED)', async () => {
    const w = await mountDialog(ticket({ state: 'returned', department_id: 1 }))
    w.vm.open(action('reroute', false, true))
    await flushPromises()
    // the suggestion is the current department: a re-route must choose another
    el('action-submit').click()
    await flushPromises()
    await vi.waitFor(() => expect(document.body.textContent).toContain('请选择承办部门'))
    expect(actOnTicket).not.toHaveBeenCalled()
    w.unmount()

    const w2 = await mountDialog(ticket({ state: 'dispatched', department_id: 1 }))
    actOnTicket.mockRejectedValueOnce(new ApiError(409, { code: 'TICKET_CHANGED', message: '工单已被他人处理，请刷新', field: 'state' }))
    w2.vm.open(action('accept'))
    await flushPromises()
    el('action-submit').click()
    await flushPromises()
    await vi.waitFor(() => expect(el('action-failure')?.textContent).toContain('刷新'))
    el('action-refresh').click()
    await flushPromises()
    expect(w2.emitted('refresh')).toHaveLength(1)
    w2.unmount()
  })
})

describe('service labels', () => {
  it('come from the locale, then the record\'s own label, then the code', () => {
    setActivePinia(createPinia())
    const service = useServiceStore()
    expect(service.label('state', 'returned')).toBe('已退单')
    expect(service.label('level', 'supervision')).toBe('督办')
    expect(service.label('category', 'brand_new', '新类别')).toBe('新类别')
    expect(service.label('category', 'brand_new')).toBe('brand_new')
    expect(service.options('priority').map((o) => o.value)).toEqual(['urgent', 'high', 'normal'])
    i18n.global.locale.value = 'en'
    expect(service.label('action', 'reroute')).toBe('Re-route')
    i18n.global.locale.value = 'zh-CN'
  })
})
