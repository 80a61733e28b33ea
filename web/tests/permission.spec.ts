import { describe, expect, it } from 'vitest'
import { defineComponent, h, withDirectives } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { buildMenu, drillRoute, homePath, inScope } from '@/utils/permission'
import { layoutChildren } from '@/router/routes'
import { vPerm } from '@/directives/perm'
import { useUserStore } from '@/stores/user'
import type { Me } from '@/api/types'

function me(permissions: string[]): Me {
  return {
    id: 1, username: 'u', display_name: 'U', roles: [], permissions,
    scope: { kind: 'zone' }, zone: { id: 1, code: 'yz', name: '扬州经开区' }, warnings: [], demo: false,
  }
}

const flat = (items: ReturnType<typeof buildMenu>): string[] =>
  items.flatMap((i) => [i.path, ...(i.children ? flat(i.children) : [])])

describe('menu built from permissions', () => {
  it('shows a leader the cockpit, enterprises and goals but no administration', () => {
    const menu = flat(buildMenu(layoutChildren, ['cockpit:read', 'enterprise:read', 'goal:read']))
    expect(menu).toEqual(['/cockpit', '/enterprises', '/goals'])
  })
  it('shows the administration group with only the pages allowed', () => {
    const menu = buildMenu(layoutChildren, ['enterprise:read', 'user:admin', 'audit:read'])
    // 挂钩管理 (three-way linkages) is administered with the users
    expect(flat(menu)).toEqual(['/enterprises', '/system', '/system/users', '/system/linkages', '/system/audit'])
    expect(menu.find((m) => m.path === '/system')?.children?.length).toBe(3)
  })
  it('never shows hidden pages (detail, errors) and nothing without permissions', () => {
    const all = ['cockpit:read', 'enterprise:read', 'goal:read', 'user:admin', 'role:admin', 'park:write', 'chain:write', 'dictionary:write', 'audit:read']
    const menu = flat(buildMenu(layoutChildren, all))
    expect(menu).not.toContain('/enterprises/:id(\\d+)')
    expect(menu).not.toContain('/403')
    expect(menu).toHaveLength(11)
    expect(buildMenu(layoutChildren, [])).toEqual([])
  })
  it('shows meetings to meeting readers and the group robots to the dispatching centre', () => {
    expect(flat(buildMenu(layoutChildren, ['meeting:read']))).toEqual(['/meetings'])
    expect(flat(buildMenu(layoutChildren, ['meeting:read', 'meeting:write']))).not.toContain('/meetings/:id(\\d+)')
    const service = flat(buildMenu(layoutChildren, ['ticket:read', 'ticket:write', 'ticket:dispatch', 'meeting:read']))
    expect(service).toContain('/service/robots')
    expect(service).toContain('/meetings')
    expect(flat(buildMenu(layoutChildren, ['ticket:read', 'ticket:write']))).not.toContain('/service/robots')
  })
  it('offers 机器人消息（演示） to the dispatching centre of a demo server only', () => {
    const perms = ['ticket:read', 'ticket:write', 'ticket:dispatch']
    expect(flat(buildMenu(layoutChildren, perms))).not.toContain('/service/robot-inbox')
    expect(flat(buildMenu(layoutChildren, perms, '/', 'zone', true))).toContain('/service/robot-inbox')
    expect(flat(buildMenu(layoutChildren, ['ticket:read'], '/', 'zone', true))).not.toContain('/service/robot-inbox')
  })
  it('groups the investment pages under 招商与项目, each behind its permission', () => {
    const investor = buildMenu(layoutChildren, ['lead:read', 'lead:write', 'project:read'])
    expect(flat(investor)).toEqual(['/invest', '/leads', '/activities', '/targets', '/weekly-plans', '/leaderboard', '/projects'])
    expect(investor[0].title).toBe('menu.invest')
    expect(investor[0].icon).toBeTruthy()
    expect(investor[0].children?.every((c) => c.icon)).toBe(true)
    expect(flat(buildMenu(layoutChildren, ['project:read']))).toEqual(['/invest', '/projects'])
    expect(flat(buildMenu(layoutChildren, ['project:read', 'lead:read']))).not.toContain('/projects/:id(\\d+)')
  })
  it('lands a user on the first page they may open', () => {
    expect(homePath(['cockpit:read', 'enterprise:read'])).toBe('/cockpit')
    expect(homePath(['enterprise:read'])).toBe('/enterprises')
    expect(homePath(['lead:read', 'project:read'])).toBe('/leads')
    expect(homePath(['project:read'])).toBe('/projects')
    expect(homePath(['ticket:write', 'visit:read'])).toBe('/tickets/queue')
    expect(homePath(['visit:read'])).toBe('/visits')
    expect(homePath([])).toBe('/403')
  })
  it('lands each role on its own workbench, read from its permissions and scope', () => {
    const enterprise = { permissions: ['enterprise:read', 'ticket:read', 'ticket:write'], scope: { kind: 'enterprise' } }
    expect(homePath(enterprise)).toBe('/portal')
    const dept = { permissions: ['cockpit:read', 'enterprise:read', 'ticket:read', 'ticket:write'], scope: { kind: 'department' } }
    expect(homePath(dept)).toBe('/tickets/queue')
    const service = { permissions: ['cockpit:read', 'ticket:read', 'ticket:write', 'ticket:dispatch'], scope: { kind: 'zone' } }
    expect(homePath(service)).toBe('/tickets/queue')
    // a leader who also dispatches still starts from the cockpit
    expect(homePath({ permissions: [...service.permissions, 'goal:read'], scope: { kind: 'zone' } })).toBe('/cockpit')
    const investor = { permissions: ['cockpit:read', 'enterprise:read', 'lead:read', 'lead:write'], scope: { kind: 'own' } }
    expect(homePath(investor)).toBe('/leads')
    const cadre = { permissions: ['enterprise:read', 'visit:read', 'visit:write', 'ticket:write'], scope: { kind: 'own' } }
    expect(homePath(cadre)).toBe('/my/enterprises')
    const park = { permissions: ['cockpit:read', 'enterprise:read', 'lead:write', 'visit:write'], scope: { kind: 'parks' } }
    expect(homePath(park)).toBe('/cockpit')
  })
  it('offers a scope-bound page only to that scope', () => {
    const perms = ['enterprise:read', 'visit:read', 'visit:write']
    expect(flat(buildMenu(layoutChildren, perms, '/', 'enterprise'))).toContain('/portal')
    expect(flat(buildMenu(layoutChildren, perms, '/', 'zone'))).not.toContain('/portal')
    expect(flat(buildMenu(layoutChildren, perms, '/', 'own'))).toContain('/my/enterprises')
    expect(flat(buildMenu(layoutChildren, perms))).not.toContain('/my/enterprises')
    expect(inScope(undefined, undefined)).toBe(true)
    expect(inScope(['own'], 'parks')).toBe(false)
  })
  it('lands the audit and security administrators on their own pages (三员分立)', () => {
    expect(homePath(['audit:read'])).toBe('/system/audit')
    expect(homePath(['security:admin'])).toBe('/system/users')
    expect(flat(buildMenu(layoutChildren, ['security:admin']))).toEqual(['/system', '/system/users'])
    expect(flat(buildMenu(layoutChildren, ['audit:read']))).toEqual(['/system', '/system/audit'])
  })
  it('turns an API drill into the enterprise list route', () => {
    expect(drillRoute('/api/v1/enterprises?year=2021&tier=yi&park=3')).toEqual({
      path: '/enterprises',
      query: { year: '2021', tier: 'yi', park: '3' },
    })
    expect(drillRoute('/api/v1/meetings?year=2022')).toBeNull()
    expect(drillRoute(null)).toBeNull()
  })
  it('turns project and activity drills into their pages, keeping every parameter', () => {
    expect(drillRoute('/api/v1/projects?signed_from=2022-01-01&signed_to=2022-08-31&category=advanced_manufacturing')).toEqual({
      path: '/projects',
      query: { signed_from: '2022-01-01', signed_to: '2022-08-31', category: 'advanced_manufacturing' },
    })
    expect(drillRoute('/api/v1/projects?signed_from=2022-01-01&signed_to=2022-08-31&band=100yi&park=3')?.query).toEqual({
      signed_from: '2022-01-01', signed_to: '2022-08-31', band: '100yi', park: '3',
    })
    expect(drillRoute('/api/v1/activities?kind=trip&from=2021-09-01&to=2022-08-31')).toEqual({
      path: '/activities',
      query: { kind: 'trip', from: '2021-09-01', to: '2022-08-31' },
    })
    expect(drillRoute('/api/v1/projects?late=true')).toEqual({ path: '/projects', query: { late: 'true' } })
    expect(drillRoute('/api/v1/projects/12')).toBeNull()
  })
})

describe('v-perm directive', () => {
  const Buttons = defineComponent({
    render: () =>
      h('div', [
        withDirectives(h('button', { id: 'write' }, '新增'), [[vPerm, 'enterprise:write']]),
        withDirectives(h('button', { id: 'delete' }, '删除'), [[vPerm, ['enterprise:delete', 'user:admin']]]),
        h('button', { id: 'export' }, '导出'),
      ]),
  })

  it('removes the buttons the user may not use', () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    useUserStore().setMe(me(['enterprise:read', 'enterprise:write']))
    const w = mount(Buttons, { global: { plugins: [pinia] } })
    expect(w.find('#write').exists()).toBe(true)
    expect(w.find('#delete').exists()).toBe(false)
    expect(w.find('#export').exists()).toBe(true)
  })

  it('keeps a button when any of the listed permissions is held', () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    useUserStore().setMe(me(['user:admin']))
    const w = mount(Buttons, { global: { plugins: [pinia] } })
    expect(w.find('#write').exists()).toBe(false)
    expect(w.find('#delete').exists()).toBe(true)
  })
})
