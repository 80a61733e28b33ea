import { expect, test } from '@playwright/test'
import { writeFileSync, mkdirSync } from 'node:fs'
import { countAllRows, getJson, loginUi, waitForList, type Figure } from './helpers'

test.describe('leader cockpit', () => {
  test('shows every figure of /api/v1/cockpit for 2021, equal to the API', async ({ page }) => {
    await loginUi(page, 'leader')
    await expect(page).toHaveURL(/\/cockpit/)
    await page.goto('/cockpit?year=2021')
    const api = await getJson<{ year: number; figures: Figure[] }>(page.request, '/api/v1/cockpit?year=2021')
    expect(api.figures.length).toBeGreaterThan(0)

    for (const f of api.figures) {
      const card = page.getByTestId(`figure-${f.key}`)
      await expect(card, `card for ${f.key}`).toBeVisible()
      await expect(card.getByTestId('figure-value')).toHaveAttribute('data-value', String(f.value))
    }
    await expect(page.locator('[data-testid^="figure-"][data-key]')).toHaveCount(api.figures.length)

    // the article's figures for 2021
    const byKey = new Map(api.figures.map((f) => [f.key, f]))
    expect(byKey.get('enterprises.yi_plus')?.value).toBe(72)
    await expect(page.getByTestId('figure-enterprises.yi_plus').getByTestId('figure-value')).toHaveText('72家')
    expect(byKey.get('enterprises.double_baiyi')?.value).toBe(1)

    // charts are drawn
    for (const chart of ['tiers', 'chains', 'monthly', 'parks']) {
      await expect(page.getByTestId(`chart-${chart}`).locator('canvas').first()).toBeVisible()
    }
    await page.waitForTimeout(800) // let the chart animations finish before the picture
    await page.screenshot({ path: 'artifacts/cockpit.png' })
  })

  test('a figure drills into the list behind it, with as many rows as the figure says', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto('/cockpit?year=2021')
    const api = await getJson<{ figures: Figure[] }>(page.request, '/api/v1/cockpit?year=2021')
    const yi = api.figures.find((f) => f.key === 'enterprises.yi_plus')
    expect(yi?.drill).toBeTruthy()

    await page.getByTestId('figure-enterprises.yi_plus').click()
    await expect(page).toHaveURL(/\/enterprises\?/)
    const url = new URL(page.url())
    const drill = new URL(yi!.drill!, 'http://x')
    drill.searchParams.forEach((v, k) => expect(url.searchParams.get(k), `drill parameter ${k}`).toBe(v))

    const total = await waitForList(page)
    expect(total).toBe(yi!.value)
    const rows = await countAllRows(page)
    expect(rows).toBe(yi!.value)

    // the drill API itself agrees (count figures: total == value)
    for (const f of api.figures.filter((x) => x.unit === '家' && x.drill)) {
      const list = await getJson<{ total: number }>(page.request, `${f.drill}&page_size=1`)
      expect(list.total, `drill of ${f.key}`).toBe(f.value)
    }
  })

  test('year and park filters reload the figures; full-screen mode', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto('/cockpit?year=2021')
    const parks = await getJson<{ items: { id: number; name: string }[] }>(page.request, '/api/v1/parks')
    const park = parks.items[0]
    const scoped = await getJson<{ figures: Figure[] }>(page.request, `/api/v1/cockpit?year=2021&park=${park.id}`)
    await page.getByTestId('cockpit-park').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: park.name }).first().click()
    await expect(page).toHaveURL(new RegExp(`park=${park.id}`))
    for (const f of scoped.figures) {
      await expect(page.getByTestId(`figure-${f.key}`).getByTestId('figure-value')).toHaveAttribute('data-value', String(f.value))
    }
    await page.getByTestId('cockpit-screen').click()
    await expect(page.getByTestId('sidebar')).toHaveCount(0)
    await expect(page.getByTestId('cockpit')).toHaveClass(/cockpit--screen/)
    await page.waitForTimeout(800)
    await page.screenshot({ path: 'artifacts/cockpit-fullscreen.png' })
    await page.getByTestId('cockpit-screen').click()
    await expect(page.getByTestId('sidebar')).toBeVisible()
  })

  test('first figures render quickly after navigation (measured, printed, not asserted)', async ({ page }, testInfo) => {
    await loginUi(page, 'leader')
    // 1. a full page load of /cockpit
    await page.goto('/cockpit?year=2021')
    await page.locator('[data-testid="figure-value"]').first().waitFor()
    const load = await page.evaluate(() => {
      const mark = performance.getEntriesByName('cockpit:figures').at(-1)
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
      return {
        figuresAt: mark ? Math.round(mark.startTime) : null,
        domContentLoaded: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
        loadEvent: nav ? Math.round(nav.loadEventEnd) : null,
      }
    })
    // 2. an in-app navigation from another page through the menu
    await page.goto('/enterprises')
    await page.getByTestId('enterprise-table').waitFor()
    // the moment the browser receives the click (not when Playwright starts acting)
    await page.evaluate(() => {
      document.addEventListener('click', () => ((window as unknown as { clickAt: number }).clickAt = performance.now()), { capture: true, once: true })
    })
    await page.getByTestId('menu-/cockpit').click()
    await page.locator('[data-testid="figure-value"]').first().waitFor()
    const inApp = await page.evaluate(() => {
      const mark = performance.getEntriesByName('cockpit:figures').at(-1)
      const clickAt = (window as unknown as { clickAt?: number }).clickAt
      return mark && clickAt !== undefined ? Math.round(mark.startTime - clickAt) : null
    })
    const report = { fullLoad: load, inAppNavigationMs: inApp }
    console.log(`cockpit first figures: ${load.figuresAt} ms after navigation start (full load; DOMContentLoaded ${load.domContentLoaded} ms), ${inApp} ms after a menu click`)
    testInfo.annotations.push({ type: 'performance', description: JSON.stringify(report) })
    mkdirSync('artifacts', { recursive: true })
    writeFileSync('artifacts/cockpit-timing.json', JSON.stringify(report, null, 2))
    expect(load.figuresAt).not.toBeNull()
  })
})
