import { expect, test } from '@playwright/test'
import { apiAs, field, getJson, loginUi, me, PASSWORD } from './helpers'

test.describe('shell: login, menu, language, session', () => {
  test('the login page lists the demo accounts and a click fills the form', async ({ page }) => {
    const demo = await (await page.request.get('/api/v1/auth/demo-accounts')).json()
    await page.goto('/login')
    await expect(page.getByText('账号登录')).toBeVisible()
    if (!demo.demo) test.skip(true, 'the server is not in demo mode')
    const list = page.getByTestId('demo-accounts')
    for (const a of demo.accounts) await expect(list.getByTestId(`demo-account-${a.username}`)).toBeVisible()
    await expect(page.getByTestId('demo-password')).toHaveText(PASSWORD)
    await list.getByTestId('demo-account-leader').click()
    await expect(field(page, 'login-username')).toHaveValue('leader')
    await expect(field(page, 'login-password')).toHaveValue(PASSWORD)
    await page.getByTestId('login-submit').click()
    await expect(page).toHaveURL(/\/cockpit/)
  })

  test('the menu and buttons follow the permissions of each user', async ({ page }) => {
    const menus: [string, string][] = [
      ['cockpit:read', '/cockpit'],
      ['enterprise:read', '/enterprises'],
      ['goal:read', '/goals'],
      ['user:admin', '/system/users'],
      ['role:admin', '/system/roles'],
      ['park:write', '/system/parks'],
      ['chain:write', '/system/chains'],
      ['dictionary:write', '/system/dictionaries'],
      ['audit:read', '/system/audit'],
    ]
    for (const username of ['leader', 'admin', 'park_auto']) {
      const ctx = await apiAs(username)
      const perms = (await me(ctx)).permissions
      await ctx.dispose()
      await page.context().clearCookies()
      await loginUi(page, username)
      await expect(page.getByTestId('current-user')).not.toBeEmpty()
      const sidebar = page.getByTestId('sidebar')
      // open the administration group so its entries are rendered
      const system = sidebar.getByTestId('menu-/system')
      if (await system.count()) await system.locator('.el-sub-menu__title').click()
      for (const [perm, path] of menus) {
        const entry = sidebar.getByTestId(`menu-${path}`)
        if (perms.includes(perm)) await expect(entry, `${username} should see ${path}`).toHaveCount(1)
        else await expect(entry, `${username} should not see ${path}`).toHaveCount(0)
      }
      if (perms.includes('enterprise:read')) {
        await page.goto('/enterprises')
        await expect(page.getByTestId('enterprise-table')).toBeVisible()
        await expect(page.getByTestId('enterprise-add')).toHaveCount(perms.includes('enterprise:write') ? 1 : 0)
        await expect(page.getByTestId('enterprise-delete')).toHaveCount(perms.includes('enterprise:delete') ? 1 : 0)
      }
      if (!perms.includes('user:admin')) {
        await page.goto('/system/users')
        await expect(page.getByTestId('page-403')).toBeVisible()
      }
    }
  })

  test('switching to English translates the console and Element Plus', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto('/enterprises')
    await expect(page.getByTestId('sidebar')).toContainText('企业管理')
    await expect(page.locator('.el-pagination__total')).toContainText('共')
    await page.getByTestId('lang-switch').click()
    await page.getByTestId('lang-en').click()
    await expect(page.getByTestId('sidebar')).toContainText('Enterprises')
    await expect(page.getByTestId('sidebar')).toContainText('Leader cockpit')
    await expect(page.getByTestId('query-submit')).toHaveText('Search')
    await expect(page.locator('.el-pagination__total')).toContainText('Total')
    await expect(page.locator('html')).toHaveAttribute('lang', 'en')
    // the choice survives a reload
    await page.reload()
    await expect(page.getByTestId('sidebar')).toContainText('Enterprises')
    await page.screenshot({ path: 'artifacts/enterprises-en.png' })
    await page.getByTestId('lang-switch').click()
    await page.getByTestId('lang-zh').click()
    await expect(page.getByTestId('sidebar')).toContainText('企业管理')
  })

  test('an expired session goes back to login with a message and then returns to the page', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto('/enterprises?year=2021&tier=yi')
    await expect(page.getByTestId('enterprise-table')).toBeVisible()
    await page.context().clearCookies()
    await page.getByTestId('query-submit').click()
    await expect(page).toHaveURL(/\/login\?/)
    const url = new URL(page.url())
    expect(url.searchParams.get('expired')).toBe('1')
    expect(url.searchParams.get('redirect')).toContain('/enterprises')
    await expect(page.getByText('登录已过期，请重新登录').first()).toBeVisible()
    await field(page, 'login-username').fill('leader')
    await field(page, 'login-password').fill(PASSWORD)
    await page.getByTestId('login-submit').click()
    await expect(page).toHaveURL(/\/enterprises\?.*tier=yi/)
    await expect(page.getByTestId('enterprise-table')).toBeVisible()
  })

  test('logout and unknown pages', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto('/no/such/page')
    await expect(page.getByTestId('page-404')).toBeVisible()
    await page.goto('/cockpit')
    await page.getByTestId('user-menu').click()
    await page.getByTestId('logout').click()
    await expect(page).toHaveURL(/\/login/)
    const res = await page.request.get('/api/v1/me')
    expect(res.status()).toBe(401)
    const ctx = await apiAs('leader')
    expect((await getJson<{ username: string }>(ctx, '/api/v1/me')).username).toBe('leader')
    await ctx.dispose()
  })
})
