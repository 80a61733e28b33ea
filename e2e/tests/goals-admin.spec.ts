import { expect, test } from '@playwright/test'
import { choose, field, getJson, loginUi, waitForList } from './helpers'

interface Goal {
  id: number
  name: string
  current_count: number
  drill: string
}

test('goals: each goal with its progress, and a drill to the enterprises it counts', async ({ page }) => {
  await loginUi(page, 'leader')
  const goals = await getJson<{ items: Goal[] }>(page.request, '/api/v1/goals')
  test.skip(goals.items.length === 0, 'no goals in the demo')
  await page.goto('/goals')
  const rows = page.getByTestId('goals-table').locator('.el-table__body-wrapper tbody tr')
  await expect(rows).toHaveCount(goals.items.length)
  const first = goals.items[0]
  await expect(page.getByTestId('goals-table')).toContainText(first.name)
  await page.getByTestId('goal-drill').first().click()
  await expect(page).toHaveURL(/\/enterprises\?/)
  expect(await waitForList(page)).toBe(first.current_count)
})

test.describe('administration', () => {
  test('users: create one with a park scope; roles matrix; audit log filters', async ({ page }) => {
    await loginUi(page, 'admin')
    const parks = await getJson<{ items: { id: number; name: string }[] }>(page.request, '/api/v1/parks')
    await page.goto('/system/users')
    await expect(page.getByTestId('users-table')).toContainText('leader')
    const username = `e2e_${Date.now() % 1000000}`
    await page.getByTestId('user-add').click()
    await field(page, 'user-username').fill(username)
    await field(page, 'user-display-name').fill('测试园区专员')
    await field(page, 'user-password').fill('Zone@ops2026!')
    await page.getByTestId('user-roles').locator('.el-checkbox').first().click()
    await page.getByTestId('scope-kind-parks').click()
    await choose(page, 'scope-parks-select', parks.items[0].name)
    await page.keyboard.press('Escape')
    await page.getByTestId('user-submit').click()
    await expect(page.getByTestId('user-dialog')).toBeHidden()
    await expect(page.getByTestId('users-table')).toContainText(username)
    await expect(page.getByTestId('users-table').locator('tr', { hasText: username })).toContainText(parks.items[0].name)

    const roles = await getJson<{ items: { code: string; permissions: string[] }[] }>(page.request, '/api/v1/roles')
    await page.goto('/system/roles')
    const leader = roles.items.find((r) => r.code === 'leader') ?? roles.items[0]
    for (const perm of leader.permissions.slice(0, 3)) {
      await expect(page.getByTestId(`perm-${leader.code}-${perm}`)).toHaveClass(/is-checked/)
    }

    // 三员分立: the audit log is the audit administrator's, not the system administrator's
    await page.context().clearCookies()
    await loginUi(page, 'auditor')
    await expect(page).toHaveURL(/\/system\/audit/)
    await choose(page, 'audit-entity', '用户')
    await page.getByRole('button', { name: '搜索' }).click()
    await expect(page.getByTestId('audit-table')).toContainText(username)
  })
})

test('dictionaries: an admin adds a department; a park still holding enterprises cannot be deleted', async ({ page }) => {
  await loginUi(page, 'admin')
  await page.goto('/system/dictionaries')
  const table = page.getByTestId('departments-table')
  await expect(table).toContainText('自然资源')
  const name = `数据局${Date.now() % 100000}`
  await page.getByTestId('departments-table-add').click()
  await field(page, 'departments-table-code').fill(`data${Date.now() % 100000}`)
  await field(page, 'departments-table-name').fill(name)
  await page.getByTestId('departments-table-save').click()
  await expect(table).toContainText(name)
  const depts = await getJson<{ items: { name: string }[] }>(page.request, '/api/v1/departments')
  expect(depts.items.map((d) => d.name)).toContain(name)

  await page.goto('/system/parks')
  const row = page.getByTestId('parks-page').locator('tr', { hasText: '汽车及零部件' })
  await row.getByText('删除').click()
  await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
  await expect(page.locator('.el-message')).toContainText('引用')
  await expect(page.getByTestId('parks-page')).toContainText('汽车及零部件')
})
