import { expect, test, type Page } from '@playwright/test'
import { apiAs, field, getJson, loginUi } from './helpers'

/**
 * Phones: the public hotline, its tracking page and the login at 360 and 414 px without the page
 * scrolling sideways; the daily tasks — the queue, a ticket with its actions, recording a visit —
 * usable at 390 px. Each page is checked with `scrollWidth <= innerWidth` and photographed.
 */

async function noSidewaysScroll(page: Page, what: string): Promise<void> {
  // Let the layout settle (fonts, element-plus measuring its inputs).
  await page.waitForTimeout(300)
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }))
  expect(scroll, `${what}: the page is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(inner)
}

/** The element's width in CSS pixels. */
async function widthOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox()
  expect(box, selector).not.toBeNull()
  return box!.width
}

for (const width of [360, 414]) {
  test.describe(`public pages at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })

    test('the hotline: full-width contact fields, a phone keyboard, the server naming a number without its area code', async ({ page }) => {
      await page.goto('/hotline')
      await expect(page.getByTestId('hotline-form')).toBeVisible()
      await noSidewaysScroll(page, 'hotline')
      // The contact fields take the row (they were about 45 px wide).
      const phone = await widthOf(page, '[data-testid="hotline-contact_phone"]')
      expect(phone).toBeGreaterThan(width * 0.7)
      expect(await widthOf(page, '[data-testid="hotline-contact_name"]')).toBeGreaterThan(width * 0.7)
      await expect(field(page, 'hotline-contact_phone')).toHaveAttribute('type', 'tel')
      // A 7-digit number is refused at its field, in Chinese, naming it.
      await field(page, 'hotline-company').fill('扬州某精密机械有限公司')
      await field(page, 'hotline-contact_name').fill('王经理')
      await field(page, 'hotline-contact_phone').fill('8765432')
      await page.locator('[data-testid^="hotline-category-"]').first().click()
      await field(page, 'hotline-title').fill('厂房漏雨')
      await page.locator('textarea[data-testid="hotline-detail"], [data-testid="hotline-detail"] textarea').first().fill('车间屋顶漏雨，影响生产。')
      await page.getByTestId('hotline-submit').click()
      const error = page.locator('.el-form-item.is-error', { has: page.locator('[data-testid="hotline-contact_phone"]') })
      await expect(error).toContainText('联系电话缺少区号')
      await noSidewaysScroll(page, 'hotline with an error')
      await page.screenshot({ path: `artifacts/phone-hotline-${width}.png`, fullPage: true })
      // With its area code it is filed; the receipt fits too.
      await field(page, 'hotline-contact_phone').fill('0514 8765432')
      await page.getByTestId('hotline-submit').click()
      await expect(page.getByTestId('hotline-receipt')).toBeVisible()
      await noSidewaysScroll(page, 'hotline receipt')
      await page.screenshot({ path: `artifacts/phone-hotline-receipt-${width}.png`, fullPage: true })
      // The tracking page, reached from the receipt.
      await page.getByTestId('hotline-track-link').click()
      await expect(page.getByTestId('track-result')).toBeVisible()
      await noSidewaysScroll(page, 'tracking')
      expect(await widthOf(page, '[data-testid="track-no"]')).toBeGreaterThan(width * 0.7)
      await page.screenshot({ path: `artifacts/phone-track-${width}.png`, fullPage: true })
    })

    test('the login page: the whole form on screen', async ({ page }) => {
      await page.goto('/login')
      await expect(page.getByTestId('login-submit')).toBeVisible()
      await noSidewaysScroll(page, 'login')
      const submit = await page.getByTestId('login-submit').boundingBox()
      expect(submit!.x).toBeGreaterThanOrEqual(0)
      expect(submit!.x + submit!.width).toBeLessThanOrEqual(width)
      await page.screenshot({ path: `artifacts/phone-login-${width}.png`, fullPage: true })
      await loginUi(page, 'service')
      await noSidewaysScroll(page, 'first page after login')
    })
  })
}

test.describe('daily tasks at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })

  test('the queue as cards, a ticket with its actions, and entering a call taken earlier', async ({ page }) => {
    await loginUi(page, 'service')
    await page.goto('/tickets/queue')
    await expect(page.getByTestId('queue-page')).toHaveAttribute('data-state', 'ready')
    await expect(page.getByTestId('queue-cards')).toBeVisible()
    // The sidebar is out of the way until asked for.
    await expect(page.locator('.layout__sidebar')).toBeHidden()
    await noSidewaysScroll(page, 'queue')
    await page.screenshot({ path: 'artifacts/phone-queue-390.png', fullPage: true })

    // A call taken four days ago: the form asks why it is entered late.
    await page.getByTestId('queue-add').click()
    await expect(page.getByTestId('ticket-form')).toBeVisible()
    await expect(page.getByTestId('ticket-field-late_reason')).toHaveCount(0)
    await page.locator('[data-testid="ticket-field-category"]').first().click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '用地' }).first().click()
    const when = new Date(Date.now() - 4 * 86_400_000)
    const pad = (n: number) => String(n).padStart(2, '0')
    const typed = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} 16:30`
    const picker = field(page, 'ticket-field-received_at')
    await picker.click()
    await picker.fill(typed)
    await picker.press('Enter')
    await page.getByTestId('ticket-form').click({ position: { x: 5, y: 5 } })
    await expect(page.getByTestId('ticket-field-late_reason').first()).toBeVisible()
    await noSidewaysScroll(page, 'ticket form')
    await page.screenshot({ path: 'artifacts/phone-ticket-form-390.png', fullPage: true })
    await field(page, 'ticket-field-title').fill('E2E 周五来电：厂房漏雨')
    await page.locator('[data-testid="ticket-field-detail"] textarea, textarea[data-testid="ticket-field-detail"]').first().fill('企业周五来电反映厂房漏雨。')
    await field(page, 'ticket-field-contact_phone').fill('0514-87111111')
    await field(page, 'ticket-field-late_reason').fill('接线员外出，返回后补录')
    await page.getByTestId('ticket-submit').click()
    await expect(page.getByTestId('ticket-detail')).toHaveAttribute('data-state', 'ready')
    await expect(page.getByTestId('ticket-detail-received_at')).toContainText(typed)
    await expect(page.getByTestId('ticket-detail-late_reason')).toContainText('接线员外出')
    // The actions on a phone: every button inside the screen.
    const actions = page.getByTestId('ticket-actions').locator('button')
    expect(await actions.count()).toBeGreaterThan(0)
    for (const box of await actions.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(390)
    }
    await noSidewaysScroll(page, 'ticket detail')
    await page.screenshot({ path: 'artifacts/phone-ticket-390.png', fullPage: true })
    // An action's dialog fits too.
    await actions.first().click()
    await expect(page.locator('.el-dialog:visible').first()).toBeVisible()
    await noSidewaysScroll(page, 'action dialog')
    const dialog = await page.locator('.el-dialog:visible').first().boundingBox()
    expect(dialog!.x + dialog!.width).toBeLessThanOrEqual(390)
    await page.screenshot({ path: 'artifacts/phone-ticket-action-390.png' })
  })

  test('a cadre records a visit on a phone', async ({ page }) => {
    const api = await apiAs('cadre')
    const linked = await getJson<{ items: { enterprise_id: number; enterprise: string }[] }>(api, '/api/v1/linkages')
    await api.dispose()
    expect(linked.items.length).toBeGreaterThan(0)
    await loginUi(page, 'cadre')
    await page.goto('/visits')
    await expect(page.getByTestId('visit-add')).toBeVisible()
    await noSidewaysScroll(page, 'visits')
    await page.getByTestId('visit-add').click()
    await expect(page.getByTestId('visit-form')).toBeVisible()
    await noSidewaysScroll(page, 'visit form')
    // Stacked: each field as wide as the form.
    const form = await widthOf(page, '[data-testid="visit-form"]')
    expect(await widthOf(page, '[data-testid="visit-field-visited_at"]')).toBeGreaterThan(form * 0.8)
    await page.getByTestId('visit-field-enterprise').click()
    await page.locator('.el-select-dropdown__item:visible').first().click()
    await field(page, 'visit-field-people_met').fill('总经理')
    await page.locator('[data-testid="visit-field-findings"] textarea, textarea[data-testid="visit-field-findings"]').first().fill('E2E 手机走访：订单饱满。')
    await page.screenshot({ path: 'artifacts/phone-visit-form-390.png', fullPage: true })
    await page.getByTestId('visit-submit').click()
    await expect(page.getByTestId('visit-result')).toBeVisible()
    await noSidewaysScroll(page, 'visit saved')
  })
})
