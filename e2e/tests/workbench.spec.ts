import { expect, test, type Page } from '@playwright/test'
import { ARTIFACTS, choose, field, PASSWORD } from './helpers'

/**
 * Each role's first page is its own workbench, and nothing on it is refused: every demo account
 * signs in through the form, lands where its role works, and the landing makes no request that
 * fails and shows no error message.
 */
const LANDING: Record<string, { path: RegExp; ready: string }> = {
  admin: { path: /\/cockpit/, ready: 'cockpit' },
  leader: { path: /\/cockpit/, ready: 'cockpit' },
  park_auto: { path: /\/cockpit/, ready: 'cockpit' },
  park_pv: { path: /\/cockpit/, ready: 'cockpit' },
  service: { path: /\/tickets\/queue/, ready: 'queue-page' },
  dept_land: { path: /\/tickets\/queue/, ready: 'queue-page' },
  investor: { path: /\/leads/, ready: 'lead-page' },
  cadre: { path: /\/my\/enterprises/, ready: 'linked-page' },
  ent_ja: { path: /\/portal/, ready: 'portal-page' },
  auditor: { path: /\/system\/audit/, ready: 'audit-page' },
  secadmin: { path: /\/system\/users/, ready: 'users-page' },
}

/**
 * Signs in through the form and collects, from the moment the form is sent, every refused or
 * failed API answer and script error (the login page's own "who am I?" before it is not one).
 */
async function loginWatched(page: Page, username: string): Promise<string[]> {
  await page.goto('/login')
  await field(page, 'login-username').fill(username)
  await field(page, 'login-password').fill(PASSWORD)
  const failures: string[] = []
  page.on('response', (res) => {
    if (res.url().includes('/api/') && res.status() >= 400) failures.push(`${res.status()} ${res.request().method()} ${res.url()}`)
  })
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`))
  // Vue reports a component's render error on the console, not as an uncaught error
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console error: ${m.text()}`)
  })
  await page.getByTestId('login-submit').click()
  await expect(page).not.toHaveURL(/\/login/)
  return failures
}

test.describe('each role lands on its own workbench', () => {
  for (const [username, want] of Object.entries(LANDING)) {
    test(`${username} lands on its first page with no refused request`, async ({ page }) => {
      const failures = await loginWatched(page, username)
      await expect(page).toHaveURL(want.path)
      const main = page.getByTestId(want.ready).first()
      await expect(main).toBeVisible()
      // the page's own loads have settled
      await page.waitForLoadState('networkidle')
      await expect(page.locator('.el-message--error')).toHaveCount(0)
      expect(failures, `${username}'s landing`).toEqual([])
      await page.screenshot({ path: `${ARTIFACTS}landing-${username}.png`, fullPage: true })
    })
  }

  test('the cadre records a visit from a linked enterprise and the list moves it down', async ({ page }) => {
    await loginWatched(page, 'cadre')
    await expect(page.getByTestId('linked-page')).toHaveAttribute('data-state', 'ready')
    const first = page.locator('[data-testid^="linked-visit-"]').first()
    const id = (await first.getAttribute('data-testid'))!.replace('linked-visit-', '')
    await first.click()
    const dialog = page.getByRole('dialog')
    await expect(dialog).toBeVisible()
    await dialog.locator('textarea[data-testid="visit-field-findings"], [data-testid="visit-field-findings"] textarea').first().fill('生产经营正常，无新增诉求')
    await dialog.getByTestId('visit-submit').click()
    await expect(page.getByTestId(`linked-${id}`).getByTestId('linked-last')).toContainText('（0 天前）')
  })

  test('the enterprise files a request from its portal and lands on it to add files', async ({ page }) => {
    await loginWatched(page, 'ent_ja')
    await expect(page.getByTestId('portal-page')).toHaveAttribute('data-state', 'ready')
    await expect(page.getByTestId('portal-name')).toContainText('晶澳')
    await expect(page.getByTestId('portal-projects')).toBeVisible()
    await page.getByTestId('portal-file').click()
    const dialog = page.getByTestId('ticket-dialog')
    await expect(dialog).toBeVisible()
    await choose(page, 'ticket-field-category', /./)
    await field(page, 'ticket-field-title').fill('厂区门口道路破损，货车通行困难')
    await page.locator('textarea[data-testid="ticket-field-detail"], [data-testid="ticket-field-detail"] textarea').first().fill('东门道路坑洼约30米，雨天积水')
    await page.getByTestId('ticket-submit').click()
    await expect(page).toHaveURL(/\/tickets\/\d+/)
    await expect(page.getByTestId('ticket-detail-title')).toHaveText('厂区门口道路破损，货车通行困难')
    await expect(page.getByTestId('attachment-upload')).toBeVisible()
  })
})

test('the header search finds an enterprise by its 拼音 initials and opens it', async ({ page }) => {
  await loginWatched(page, 'leader')
  const box = page.locator('[data-testid="global-search"] input, input[data-testid="global-search"]').first()
  await box.fill('jayz')
  await expect(page.locator('[data-testid="search-section-enterprises"]')).toBeVisible()
  const hit = page.locator('[data-testid^="search-hit-enterprises-"]').filter({ hasText: '晶澳' }).first()
  await expect(hit).toBeVisible()
  await hit.click()
  await expect(page).toHaveURL(/\/enterprises\/\d+/)
  await expect(page.getByText('晶澳(扬州)太阳能科技有限公司').first()).toBeVisible()
})

test('a leader presses 催办 on an open ticket and the count shows', async ({ page }) => {
  const failures = await loginWatched(page, 'leader')
  await page.goto('/tickets?open=true')
  await page.locator('[data-testid^="ticket-row-"]').first().click()
  await expect(page.getByTestId('ticket-detail')).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('urge')).toHaveAttribute('data-count', '0')
  await page.getByTestId('urge-button').click()
  await page.locator('textarea[data-testid="urge-note"], [data-testid="urge-note"] textarea').first().fill('请本周内答复企业')
  await page.getByTestId('urge-submit').click()
  await expect(page.getByTestId('urge')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('urge-count')).toContainText('1')
  expect(failures).toEqual([])
})
