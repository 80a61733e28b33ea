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
    // a rate with nothing behind it reads as a dash, never 0
    for (const f of api.figures.filter((x) => x.value === null)) {
      await expect(page.getByTestId(`figure-${f.key}`).getByTestId('figure-value')).toHaveText('—')
    }

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

  test('year and park filters reload the figures; the park is named; the wall screen opens', async ({ page }) => {
    await loginUi(page, 'leader')
    await page.goto('/cockpit?year=2021')
    const zone = await getJson<{ parks: { id: number; name: string }[]; subject: { kind: string } }>(page.request, '/api/v1/cockpit?year=2021')
    expect(zone.subject.kind).toBe('zone')
    await expect(page.getByTestId('figure-indicators.sales').getByTestId('figure-label')).toHaveText('全区销售收入')
    const park = zone.parks[0]
    const scoped = await getJson<{ figures: Figure[] }>(page.request, `/api/v1/cockpit?year=2021&park=${park.id}`)
    await page.getByTestId('cockpit-park').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: park.name }).first().click()
    await expect(page).toHaveURL(new RegExp(`park=${park.id}`))
    for (const f of scoped.figures) {
      await expect(page.getByTestId(`figure-${f.key}`).getByTestId('figure-value')).toHaveAttribute('data-value', String(f.value))
    }
    await expect(page.getByTestId('cockpit-subject')).toContainText(park.name)
    await expect(page.getByTestId('figure-indicators.sales').getByTestId('figure-label')).toHaveText('园区销售收入')
    await page.getByTestId('cockpit-screen').click()
    await expect(page).toHaveURL(/\/cockpit\/screen/)
    await expect(page.getByTestId('screen')).toBeVisible()
    await expect(page.getByTestId('sidebar')).toHaveCount(0)
    await page.getByTestId('screen-exit').click()
    await expect(page.getByTestId('sidebar')).toBeVisible()
  })

  test('a park user reads its own park: its name, its labels, no other park to choose, today apart', async ({ page }) => {
    await loginUi(page, 'park_auto')
    await page.waitForLoadState('networkidle')
    const failed: string[] = []
    page.on('response', (r) => {
      if (r.url().includes('/api/') && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`)
    })
    await page.goto('/cockpit?year=2021')
    const api = await getJson<{ subject: { kind: string; name: string }; parks: unknown[] }>(page.request, '/api/v1/cockpit?year=2021')
    await expect(page.getByTestId('cockpit-subject')).toContainText(api.subject.name)
    await expect(page.getByTestId('figure-indicators.sales').getByTestId('figure-label')).toHaveText('园区销售收入')
    await expect(page.getByTestId('cockpit')).not.toContainText('全区')
    expect(api.parks).toHaveLength(1)
    await expect(page.getByTestId('cockpit-park')).toHaveCount(0)
    // the state of today stands apart, without a 同比
    const today = page.getByTestId('cockpit-today-figures')
    await expect(today.getByTestId('figure-tickets.open')).toBeVisible()
    await expect(today.getByTestId('figure-projects.late')).toBeVisible()
    await expect(today.getByTestId('figure-yoy')).toHaveCount(0)
    // every period figure carries its 同比
    await expect(page.getByTestId('figure-invest.trips').getByTestId('figure-yoy')).toBeVisible()
    await page.screenshot({ path: 'artifacts/cockpit-park.png', fullPage: true })
    expect(failed).toEqual([])
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
