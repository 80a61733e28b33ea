import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '@/locales'
import { ApiError } from '@/api/http'
import type { InvestMeta, Lead, LeadMoveInput, PipelineColumn } from '@/api/types'
import LeadPipeline from '@/views/invest/lead/components/LeadPipeline.vue'
import MoveDialog from '@/views/invest/lead/components/MoveDialog.vue'
import { useInvestStore } from '@/stores/invest'

const moveLead = vi.fn<(id: number, data: LeadMoveInput) => Promise<Lead>>()
vi.mock('@/api/invest', () => ({
  moveLead: (id: number, data: LeadMoveInput) => moveLead(id, data),
  getInvestMeta: vi.fn(),
  listPeople: vi.fn(async () => ({ items: [] })),
}))

const META: Partial<InvestMeta> = {
  lead_stages: ['lead', 'contact', 'negotiation', 'signed', 'lost'].map((code) => ({ code, label: code })),
  lead_moves: [
    { from: 'negotiation', to: 'signed', reason_required: false },
    { from: 'negotiation', to: 'lost', reason_required: true },
  ],
  bands: [{ code: '100yi', label: '100亿元以上', min: 1e10, max: null }],
}

function lead(id: number, stage: string, extra: Partial<Lead> = {}): Lead {
  return {
    id, company: `企业${id}`, codename: null, confidential: false, masked: false, source: 'expo', kind: 'new', industry_code: null, industry_name: null,
    chain_id: null, chain: null, intended_investment: 1_250_000_000, owner_id: 7, owner: '张三', park_id: 1, park: '汽车及零部件产业园',
    stage, stage_since: '2022-06-01', lost_reason: null, contact_name: null, contact_phone: null, notes: '', enterprise_id: null,
    project_id: null, created_at: '2022-01-01T00:00:00Z', updated_at: '2022-01-01T00:00:00Z', project_owner: null, ...extra,
  }
}

function setup() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const invest = useInvestStore()
  invest.meta = { ...invest.meta, ...META } as InvestMeta
  return pinia
}

function dragEvent(type: string, data: Map<string, string>): Event {
  const e = new Event(type, { bubbles: true, cancelable: true })
  Object.defineProperty(e, 'dataTransfer', {
    value: { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? '', effectAllowed: '', dropEffect: '' },
  })
  return e
}

describe('lead pipeline', () => {
  beforeEach(() => moveLead.mockReset())

  it('shows a card per lead with amount in 亿元, a codename for a masked lead, and asks to move a dropped card', async () => {
    const pinia = setup()
    const columns: PipelineColumn[] = [
      { stage: 'negotiation', label: '洽谈', count: 2, amount: 1_250_000_000, items: [lead(1, 'negotiation'), lead(2, 'negotiation', { company: null, codename: 'A-17', masked: true })] },
      { stage: 'signed', label: '签约', count: 0, amount: 0, items: [] },
      { stage: 'lost', label: '已流失', count: 0, amount: 0, items: [] },
    ]
    const w = mount(LeadPipeline, {
      props: { columns, loading: false, canMove: true, pendingId: null },
      global: { plugins: [pinia, i18n, ElementPlus], directives: { perm: {} }, stubs: { RouterLink: true } },
    })
    const card = w.get('[data-testid="lead-card-1"]')
    expect(card.text()).toContain('企业1')
    expect(card.text()).toContain('12.50亿元')
    expect(card.attributes('draggable')).toBe('true')
    expect(w.get('[data-testid="lead-card-2"]').text()).toContain('A-17')

    const data = new Map<string, string>()
    card.element.dispatchEvent(dragEvent('dragstart', data))
    await flushPromises()
    // the columns the meta allows light up, the others are marked as refusing
    expect(w.get('[data-testid="pipeline-col-signed"]').attributes('data-drop')).toBe('yes')
    expect(w.get('[data-testid="pipeline-col-negotiation"]').attributes('data-drop')).toBe('self')
    w.get('[data-testid="pipeline-col-signed"]').element.dispatchEvent(dragEvent('drop', data))
    await flushPromises()
    const moves = w.emitted('move') as [Lead, string][]
    expect(moves).toHaveLength(1)
    expect(moves[0][0].id).toBe(1)
    expect(moves[0][1]).toBe('signed')
  })
})

describe('move dialog', () => {
  beforeEach(() => moveLead.mockReset())
  afterEach(() => {
    document.body.innerHTML = ''
  })
  /** the element of the dialog on screen (earlier tests' dialogs may linger in the body) */
  const el = (testid: string, inner = '') => {
    const all = document.querySelectorAll(`[data-testid="${testid}"]${inner ? ' ' + inner : ''}`)
    return all[all.length - 1] as HTMLElement
  }

  async function mountDialog() {
    const pinia = setup()
    const w = mount(MoveDialog, { global: { plugins: [pinia, i18n, ElementPlus] }, attachTo: document.body })
    return w as unknown as { vm: { start: InstanceType<typeof MoveDialog>['start'] }; unmount: () => void }
  }

  it('posts the move with the date and resolves with the moved lead', async () => {
    const w = await mountDialog()
    moveLead.mockResolvedValue(lead(1, 'signed'))
    const done = w.vm.start(lead(1, 'negotiation'), 'signed', { kind: 'allowed', reasonRequired: false })
    await flushPromises()
    expect(document.querySelector('[data-testid="move-dialog"]')).not.toBeNull()
    ;el('move-submit').click()
    const moved = await done
    expect(moved?.stage).toBe('signed')
    expect(moveLead).toHaveBeenCalledWith(1, { stage: 'signed', reason: null, on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })
    w.unmount()
  })

  it('wants a reason when the meta says so, and keeps a server field error at its field', async () => {
    const w = await mountDialog()
    const done = w.vm.start(lead(1, 'negotiation'), 'lost', { kind: 'allowed', reasonRequired: true })
    await flushPromises()
    ;el('move-submit').click()
    await flushPromises()
    expect(moveLead).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(document.body.textContent).toContain('请填写变更原因'))

    const reason = (el('move-reason', 'textarea') ?? el('move-reason')) as HTMLTextAreaElement
    reason.value = '对方投资计划取消'
    reason.dispatchEvent(new Event('input', { bubbles: true }))
    moveLead.mockRejectedValueOnce(new ApiError(422, { code: 'DATE_ORDER', message: '日期不能早于上次变更（2022-06-01）', field: 'on' }))
    ;el('move-submit').click()
    await flushPromises()
    await vi.waitFor(() => expect(document.body.textContent).toContain('日期不能早于上次变更（2022-06-01）'))

    moveLead.mockResolvedValueOnce(lead(1, 'lost', { lost_reason: '对方投资计划取消' }))
    ;el('move-submit').click()
    expect((await done)?.stage).toBe('lost')
    expect(moveLead).toHaveBeenLastCalledWith(1, expect.objectContaining({ stage: 'lost', reason: '对方投资计划取消' }))
    w.unmount()
  })

  it('resolves null when the server refuses the move (the card goes back)', async () => {
    const w = await mountDialog()
    moveLead.mockRejectedValueOnce(new ApiError(422, { code: 'LEAD_MOVE_NOT_ALLOWED', message: '线索不能从「线索」直接变为「签约」', params: { from: 'lead', to: 'signed' } }))
    // a move the meta does not list goes to the server at once
    const result = await w.vm.start(lead(3, 'lead'), 'signed', { kind: 'unlisted' })
    expect(result).toBeNull()
    expect(moveLead).toHaveBeenCalledTimes(1)
    w.unmount()
  })

  it('resolves null when the user cancels', async () => {
    const w = await mountDialog()
    const done = w.vm.start(lead(1, 'negotiation'), 'signed', { kind: 'allowed', reasonRequired: false })
    await flushPromises()
    ;el('move-cancel').click()
    expect(await done).toBeNull()
    expect(moveLead).not.toHaveBeenCalled()
    w.unmount()
  })
})

describe('labels', () => {
  it('come from the locale, with the server label as the fallback', () => {
    setup()
    const invest = useInvestStore()
    expect(invest.label('band', '100yi')).toBe('100亿元以上')
    expect(invest.label('leadStage', 'negotiation')).toBe('洽谈')
    expect(invest.label('leadStage', 'unknown_stage')).toBe('unknown_stage')
    expect(invest.label('category', null)).toBe('-')
    i18n.global.locale.value = 'en'
    expect(invest.label('band', '100yi')).toBe('≥ 10bn yuan')
    i18n.global.locale.value = 'zh-CN'
  })
})
