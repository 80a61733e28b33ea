import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/locales'
import { PHOTOS_PER_VISIT, PHOTO_MAX_BYTES, fitWithin, photoProblem } from '@/utils/photo'
import type { NotificationPreference, PreferenceInput } from '@/api/preferences'
import NotificationPrefsCard from '@/views/profile/NotificationPrefsCard.vue'

const MB = 1024 * 1024

describe('visit photos before they are sent', () => {
  it('takes JPEG and PNG photos, names what it refuses', () => {
    expect(photoProblem({ name: 'IMG_0001.jpg', size: 3 * MB, type: 'image/jpeg' }, 0)).toBeNull()
    expect(photoProblem({ name: 'shot.png', size: 200_000, type: 'image/png' }, 8)).toBeNull()
    expect(photoProblem({ name: '报告.pdf', size: 10_000, type: 'application/pdf' }, 0)).toBe('type')
    expect(photoProblem({ name: 'IMG_0002.HEIC', size: 2 * MB, type: 'image/heic' }, 0)).toBe('type')
    expect(photoProblem({ name: 'big.jpg', size: PHOTO_MAX_BYTES + 1, type: 'image/jpeg' }, 0)).toBe('size')
    expect(photoProblem({ name: 'zero.jpg', size: 0, type: 'image/jpeg' }, 0)).toBe('empty')
    expect(photoProblem({ name: 'tenth.jpg', size: 1000, type: 'image/jpeg' }, PHOTOS_PER_VISIT)).toBe('count')
    // no type from the browser: the name decides here (the server still reads the bytes)
    expect(photoProblem({ name: 'a.JPEG', size: 1000, type: '' }, 0)).toBeNull()
  })

  it('a 12-megapixel photo goes as 1600 px on its longer side, a small one as it is', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 })
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 })
  })
})

const stored: NotificationPreference[] = [
  { kind: 'filed', label: '新诉求待派单', group: 'ticket', group_label: '诉求工单', inbox: true, mandatory: false, reason: null },
  { kind: 'resolve', label: '诉求已办结', group: 'ticket', group_label: '诉求工单', inbox: false, mandatory: false, reason: null },
  {
    kind: 'supervision', label: '超期督办', group: 'escalation', group_label: '超期升级', inbox: true, mandatory: true,
    reason: '超期升级通知发给承办责任人，须知悉，不能关闭',
  },
]
const put = vi.fn(async (items: PreferenceInput[]) => ({
  items: stored.map((p) => ({ ...p, inbox: p.mandatory || (items.find((i) => i.kind === p.kind)?.inbox ?? true) })),
}))
vi.mock('@/api/preferences', () => ({
  getNotificationPreferences: vi.fn(async () => ({ items: stored })),
  putNotificationPreferences: (items: PreferenceInput[]) => put(items),
}))

describe('消息设置', () => {
  it('shows each kind with its switch, locks mandatory ones with the reason, and saves a switch at once', async () => {
    i18n.global.locale.value = 'zh-CN'
    const wrapper = mount(NotificationPrefsCard, { global: { plugins: [i18n, ElementPlus] } })
    await flushPromises()
    const row = (k: string) => wrapper.get(`[data-testid="prefs-row-${k}"]`)
    expect(row('filed').attributes('data-inbox')).toBe('true')
    expect(row('resolve').attributes('data-inbox')).toBe('false')
    expect(row('supervision').find('.el-switch').classes()).toContain('is-disabled')
    expect(wrapper.get('[data-testid="prefs-reason-supervision"]').text()).toContain('不能关闭')
    expect(wrapper.text()).toContain('有新诉求等待派单时')

    await row('filed').get('.el-switch').trigger('click')
    await flushPromises()
    // every choosable kind is sent, the mandatory one never
    expect(put).toHaveBeenCalledWith([
      { kind: 'filed', inbox: false },
      { kind: 'resolve', inbox: false },
    ])
    expect(row('filed').attributes('data-inbox')).toBe('false')
  })
})
