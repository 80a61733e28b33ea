import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '@/locales'
import { ApiError } from '@/api/http'
import type { AgendaKind, Meeting, MeetingAction, Notification } from '@/api/types'
import {
  actionBody,
  actionState,
  agendaBody,
  agendaChanged,
  agendaErrorAt,
  agendaGroups,
  agendaLink,
  countByKind,
  daysBetween,
  groupedOrder,
  markSuggestions,
  meetingInput,
  moveItem,
  outboxState,
  removeAt,
  robotBody,
  robotReach,
  sortActions,
  type RobotForm,
} from '@/utils/meeting'

const saveAgenda = vi.fn<(id: number, items: unknown[]) => Promise<Meeting>>()
vi.mock('@/api/meeting', () => ({
  saveAgenda: (id: number, items: unknown[]) => saveAgenda(id, items),
  drawAgenda: vi.fn(),
  agendaSuggestions: vi.fn(async () => ({ items: [] })),
}))
const listNotifications = vi.fn<(unread?: boolean, background?: boolean) => Promise<{ items: Notification[] }>>()
const markNotificationRead = vi.fn(async () => ({ marked: 1 }))
vi.mock('@/api/notify', () => ({
  listNotifications: (unread?: boolean, background?: boolean) => listNotifications(unread, background),
  markNotificationRead: () => markNotificationRead(),
  markAllNotificationsRead: vi.fn(async () => ({ marked: 2 })),
}))

const item = (kind: AgendaKind, ref_id: number | null, title: string, note = '') => ({ kind, ref_id, title, note })

function meeting(items: ReturnType<typeof item>[], extra: Partial<Meeting> = {}): Meeting {
  return {
    id: 5, kind: 'coordination', kind_label: '问题集中会办', title: '问题集中会办（2026-11-27）', held_on: '2026-11-27',
    location: '', chair: '张主任', status: 'planned', minutes: '', created_at: '', updated_at: '',
    items: items.map((i, n) => ({ ...i, id: n + 1, sort: n })), groups: [], group_cap: 5, actions: [], ...extra,
  }
}

function action(extra: Partial<MeetingAction> = {}): MeetingAction {
  return {
    id: 1, meeting_id: 5, meeting: '周例会', title: '协调用地', assignee_id: null, assignee: null, department_id: 2,
    department: '自然资源和规划局', due_on: '2026-11-30', status: 'open', done_on: null, note: '', overdue: false, ...extra,
  }
}

describe('agenda editing', () => {
  const list = ['a', 'b', 'c', 'd']
  it('moves an item up or down, clamped at the ends', () => {
    expect(moveItem(list, 2, -1)).toEqual(['a', 'c', 'b', 'd'])
    expect(moveItem(list, 0, 1)).toEqual(['b', 'a', 'c', 'd'])
    expect(moveItem(list, 0, -1)).toEqual(list)
    expect(moveItem(list, 3, 1)).toEqual(list)
    expect(moveItem(list, 9, 1)).toEqual(list)
    expect(list).toEqual(['a', 'b', 'c', 'd'])
  })
  it('removes by index', () => {
    expect(removeAt(list, 1)).toEqual(['a', 'c', 'd'])
  })
  it('sends kind, record, trimmed title and note, and sees changes of order or text', () => {
    const saved = [item('overdue_ticket', 7, '用地指标', '20261127-0001'), item('custom', null, '其他')]
    expect(agendaBody([{ ...saved[1], id: 3, sort: 0, title: '  其他  ', note: ' x ' }])).toEqual([{ kind: 'custom', ref_id: null, title: '其他', note: 'x' }])
    expect(agendaChanged(saved, [...saved])).toBe(false)
    expect(agendaChanged(saved, [saved[1], saved[0]])).toBe(true)
    expect(agendaChanged(saved, [saved[0], { ...saved[1], note: '补充' }])).toBe(true)
    expect(agendaChanged(saved, [{ ...saved[0], id: 99 }, saved[1]])).toBe(false)
  })
  it('links projects and tickets to their pages, nothing else', () => {
    expect(agendaLink(item('late_project', 3, 'x'))).toBe('/projects/3')
    expect(agendaLink(item('overdue_ticket', 8, 'x'))).toBe('/tickets/8')
    expect(agendaLink(item('escalated_ticket', 9, 'x'))).toBe('/tickets/9')
    expect(agendaLink(item('carried_action', 4, 'x'))).toBeNull()
    expect(agendaLink(item('custom', null, 'x'))).toBeNull()
  })
  it('marks the suggestions already on the agenda by kind and record', () => {
    const agenda = [item('overdue_ticket', 7, '用地'), item('custom', null, '其他')]
    const s = markSuggestions([item('overdue_ticket', 7, '用地'), item('escalated_ticket', 7, '用地'), item('late_project', 2, '项目')], agenda)
    expect(s.map((x) => x.onAgenda)).toEqual([true, false, false])
    expect(countByKind([...agenda, item('overdue_ticket', 9, 'y')])).toEqual({ overdue_ticket: 2, custom: 1 })
  })
  it('reads the item a server error names', () => {
    expect(agendaErrorAt('items.3.title')).toEqual({ index: 3, field: 'title' })
    expect(agendaErrorAt('items[0].note')).toEqual({ index: 0, field: 'note' })
    expect(agendaErrorAt('items')).toBeNull()
    expect(agendaErrorAt(null)).toBeNull()
  })
  it('keeps the meeting\'s other fields when one is saved', () => {
    const m = meeting([], { location: '三楼会议室', minutes: '旧纪要' })
    expect(meetingInput(m, { minutes: '新纪要' })).toEqual({
      kind: 'coordination', title: '问题集中会办（2026-11-27）', held_on: '2026-11-27', location: '三楼会议室', chair: '张主任', status: 'planned', minutes: '新纪要',
    })
    expect(meetingInput(meeting([])).location).toBeNull()
  })
})

describe('agenda groups', () => {
  it('puts the kinds together in the order the meeting reads them, each in its own order', () => {
    const items = [item('custom', null, 'x'), item('overdue_ticket', 1, 'a'), item('late_project', 2, 'b'), item('overdue_ticket', 3, 'c')]
    expect(groupedOrder(items).map((i) => i.title)).toEqual(['b', 'a', 'c', 'x'])
  })
  it('shows the first `cap` of a kind and counts the rest', () => {
    const items = groupedOrder([...Array.from({ length: 6 }, (_, n) => item('late_project', n, `p${n}`)), item('escalated_ticket', 9, 't')])
    const groups = agendaGroups(items, 5)
    expect(groups.map((g) => [g.kind, g.items.length, g.shown.length, g.more])).toEqual([
      ['late_project', 6, 5, 1],
      ['escalated_ticket', 1, 1, 0],
    ])
    expect(groups[1].items[0].index).toBe(6)
  })
})

describe('meeting actions', () => {
  it('is overdue past its due date while open, due soon within three days, done when done', () => {
    expect(daysBetween('2026-11-27', '2026-12-01')).toBe(4)
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2)
    expect(actionState(action({ due_on: '2026-11-26' }), '2026-11-27')).toBe('overdue')
    expect(actionState(action({ due_on: '2026-12-30', overdue: true }), '2026-11-27')).toBe('overdue')
    expect(actionState(action({ due_on: '2026-11-27' }), '2026-11-27')).toBe('due_soon')
    expect(actionState(action({ due_on: '2026-11-30' }), '2026-11-27')).toBe('due_soon')
    expect(actionState(action({ due_on: '2026-12-01' }), '2026-11-27')).toBe('open')
    expect(actionState(action({ due_on: '2026-11-01', status: 'done' }), '2026-11-27')).toBe('done')
  })
  it('lists open ones first, earliest due first; then done ones, latest first', () => {
    const rows = sortActions([
      action({ id: 1, status: 'done', done_on: '2026-11-01' }),
      action({ id: 2, due_on: '2026-12-05' }),
      action({ id: 3, status: 'done', done_on: '2026-11-20' }),
      action({ id: 4, due_on: '2026-11-20' }),
    ])
    expect(rows.map((r) => r.id)).toEqual([4, 2, 3, 1])
  })
  it('sends only the chosen kind of owner', () => {
    const f = { title: ' 协调用地 ', by: 'department' as const, department_id: 2, assignee_id: 9, due_on: '2026-11-26', note: '' }
    expect(actionBody(f)).toEqual({ title: '协调用地', department_id: 2, assignee_id: null, due_on: '2026-11-26', note: null })
    expect(actionBody({ ...f, by: 'person' })).toEqual({ title: '协调用地', department_id: null, assignee_id: 9, due_on: '2026-11-26', note: null })
  })
})

describe('robots', () => {
  const form = (extra: Partial<RobotForm> = {}): RobotForm => ({
    name: ' 土地局群 ', kind: 'wecom', department_id: 2, park_id: undefined, url: '', secret: '', clearSecret: false, enabled: true, ...extra,
  })
  it('on create sends the URL, and the secret only when given', () => {
    expect(robotBody(form({ url: ' https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K ' }), false)).toEqual({
      name: '土地局群', kind: 'wecom', department_id: 2, park_id: null, enabled: true, url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K',
    })
    expect(robotBody(form({ url: 'https://x', secret: 'SEC1' }), false).secret).toBe('SEC1')
  })
  it('on edit leaves out a blank URL and secret (the server keeps them); clearing sends an empty secret', () => {
    const b = robotBody(form(), true)
    expect('url' in b).toBe(false)
    expect('secret' in b).toBe(false)
    expect(robotBody(form({ clearSecret: true }), true).secret).toBe('')
    expect(robotBody(form({ url: 'https://new' }), true).url).toBe('https://new')
  })
  it('tells where a robot listens and how a message stands', () => {
    expect(robotReach({ department_id: 2, park_id: 3 })).toBe('department')
    expect(robotReach({ department_id: null, park_id: 3 })).toBe('park')
    expect(robotReach({ department_id: null, park_id: null })).toBe('zone')
    expect(outboxState({ sent_at: '2026-11-27T01:00:00Z', last_error: null })).toBe('sent')
    expect(outboxState({ sent_at: null, last_error: 'HTTP 500' })).toBe('failing')
    expect(outboxState({ sent_at: null, last_error: null })).toBe('queued')
  })
})

describe('agenda editor', () => {
  beforeEach(() => {
    saveAgenda.mockReset()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  async function mountEditor(m: Meeting) {
    const pinia = createPinia()
    setActivePinia(pinia)
    const AgendaEditor = (await import('@/views/meeting/components/AgendaEditor.vue')).default
    return mount(AgendaEditor, {
      props: { meeting: m, editable: true },
      global: { plugins: [pinia, i18n, ElementPlus], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
      attachTo: document.body,
    })
  }
  const q = (w: { find: (s: string) => { trigger: (e: string) => Promise<void> } }, id: string) => w.find(`[data-testid="${id}"]`)

  it('groups the agenda by kind, moves items within their kind, removes and saves in the new order', async () => {
    const m = meeting([item('overdue_ticket', 7, '用地指标'), item('late_project', 3, '晶澳三期'), item('overdue_ticket', 8, '招工'), item('custom', null, '安全生产')])
    const w = await mountEditor(m)
    // read by kind (late projects first), which is no edit
    expect(w.find('[data-testid="agenda"]').attributes('data-dirty')).toBe('false')
    expect(w.findAll('[data-testid="agenda-list"] section').map((g) => g.attributes('data-kind'))).toEqual(['late_project', 'overdue_ticket', 'custom'])
    expect(w.find('[data-testid="agenda-item-0"]').attributes('data-ref')).toBe('3')
    // the first of a kind cannot move up into another kind
    expect(w.find('[data-testid="agenda-up-1"]').attributes('disabled')).toBeDefined()
    await q(w, 'agenda-up-2').trigger('click')
    await q(w, 'agenda-remove-3').trigger('click')
    expect(w.find('[data-testid="agenda"]').attributes('data-dirty')).toBe('true')
    saveAgenda.mockImplementation(async (_id, items) => meeting(items as ReturnType<typeof item>[]))
    await q(w, 'agenda-save').trigger('click')
    await flushPromises()
    expect(saveAgenda).toHaveBeenCalledWith(5, [
      { kind: 'late_project', ref_id: 3, title: '晶澳三期', note: '' },
      { kind: 'overdue_ticket', ref_id: 8, title: '招工', note: '' },
      { kind: 'overdue_ticket', ref_id: 7, title: '用地指标', note: '' },
    ])
    w.unmount()
  })

  it('shows five of a kind and "及其他 N 项", which opens to the rest', async () => {
    const many = Array.from({ length: 7 }, (_, n) => item('overdue_ticket', 100 + n, `诉求${n + 1}`))
    const w = await mountEditor(meeting([...many, item('carried_action', 9, '上周交办')]))
    const group = () => w.find('[data-testid="agenda-group-overdue_ticket"]')
    expect(group().findAll('li')).toHaveLength(5)
    expect(group().attributes('data-more')).toBe('2')
    expect(w.find('[data-testid="agenda-more-overdue_ticket"]').text()).toBe('及其他 2 项')
    expect(w.find('[data-testid="agenda-more-carried_action"]').exists()).toBe(false)
    await q(w, 'agenda-more-overdue_ticket').trigger('click')
    expect(group().findAll('li')).toHaveLength(7)
    expect(w.find('[data-testid="agenda-more-overdue_ticket"]').text()).toBe('收起')
    w.unmount()
  })

  it('asks for the title of a new item, and shows a server error at the item it names', async () => {
    const w = await mountEditor(meeting([item('custom', null, '安全生产')]))
    await q(w, 'agenda-add').trigger('click')
    await q(w, 'agenda-save').trigger('click')
    await flushPromises()
    expect(saveAgenda).not.toHaveBeenCalled()
    expect(w.find('[data-testid="agenda-error-1"]').text()).toBe('请填写议题')
    const input = w.find('[data-testid="agenda-title-1"] input, input[data-testid="agenda-title-1"]')
    await input.setValue('x'.repeat(3))
    saveAgenda.mockRejectedValue(new ApiError(422, { code: 'TOO_LONG', message: '议题不能超过200个字符', field: 'items.1.title' }))
    await q(w, 'agenda-save').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="agenda-error-1"]').text()).toBe('议题不能超过200个字符')
    w.unmount()
  })
})

describe('inbox store', () => {
  const n = (id: number, read = false): Notification => ({
    id, kind: 'dispatch', title: `新派诉求工单 ${id}`, body: '', ticket_id: 100 + id, created_at: '2026-11-27T01:00:00Z', read_at: read ? '2026-11-27T02:00:00Z' : null,
  })
  beforeEach(() => {
    setActivePinia(createPinia())
    listNotifications.mockReset()
  })

  it('counts the unread ones and marks one or all read at once', async () => {
    const { useNotifyStore } = await import('@/stores/notify')
    const s = useNotifyStore()
    listNotifications.mockImplementation(async (unread) => ({ items: unread ? [n(3), n(2)] : [n(3), n(2), n(1, true)] }))
    await s.refresh(true)
    expect(listNotifications).toHaveBeenLastCalledWith(true, true)
    expect(s.count).toBe(2)
    await s.loadRecent()
    await s.markRead(3)
    expect(s.count).toBe(1)
    expect(s.recent.find((x) => x.id === 3)?.read_at).toBeTruthy()
    expect(await s.markAll()).toBe(2)
    expect(s.count).toBe(0)
    expect(s.recent.every((x) => x.read_at)).toBe(true)
  })

  it('asks at most once in a few seconds on page changes, and stops when the session is gone', async () => {
    const { useNotifyStore } = await import('@/stores/notify')
    const s = useNotifyStore()
    listNotifications.mockResolvedValue({ items: [n(1)] })
    await s.refresh(true)
    await s.refresh()
    expect(listNotifications).toHaveBeenCalledTimes(1)
    vi.useFakeTimers()
    try {
      listNotifications.mockRejectedValue(new ApiError(401, { code: 'AUTH_SESSION_EXPIRED', message: '' }))
      s.start()
      await vi.advanceTimersByTimeAsync(10)
      const calls = listNotifications.mock.calls.length
      await vi.advanceTimersByTimeAsync(180_000)
      expect(listNotifications.mock.calls.length).toBe(calls)
      expect(s.count).toBe(1)
    } finally {
      s.stop()
      vi.useRealTimers()
    }
  })
})
