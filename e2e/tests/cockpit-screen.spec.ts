import { expect, test } from '@playwright/test'
import { getJson, loginUi } from './helpers'

// The wall screen a leader leaves on: 1920×1080, nothing to scroll, the zone's name, a clock
// that moves, the parks laid out from the API, every request answered.
test.use({ viewport: { width: 1920, height: 1080 } })

test('the wall screen fills 1920×1080 without scrolling, names the zone, keeps time and draws the parks from data', async ({ page }) => {
  await loginUi(page, 'leader')
  // the home page (the cockpit) finishes its own loading first: leaving it mid-load would abort
  // its requests, which are not the screen's
  for (const chart of ['tiers', 'funnel']) await expect(page.getByTestId(`chart-${chart}`).locator('canvas').first()).toBeVisible()
  await page.waitForLoadState('networkidle')
  const failed: string[] = []
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`)
  })
  page.on('requestfailed', (r) => failed.push(`failed ${r.url()} ${r.failure()?.errorText ?? ''}`))
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))

  await page.goto('/cockpit/screen')
  await expect(page.getByTestId('screen')).toHaveAttribute('data-state', 'ready')
  // the screen's question: the last full year's enterprises, this year's events up to today
  const asked = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name).find((n) => new URL(n).pathname === '/api/v1/cockpit'),
  )
  expect(asked).toBeTruthy()
  const api = await getJson<{ zone: string; year: number; from: string; figures: { key: string; value: number | null }[] }>(
    page.request,
    new URL(asked!).pathname + new URL(asked!).search,
  )
  expect(api.from.slice(0, 4)).toBe(String(api.year + 1))
  const charts = await getJson<{ by_park: { park: string }[] }>(page.request, `/api/v1/cockpit/charts?year=${api.year}`)

  await expect(page.getByTestId('screen')).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('screen-zone')).toHaveText(api.zone)
  expect(api.zone.length).toBeGreaterThan(0)
  // no filter bar, no menu
  await expect(page.getByTestId('cockpit-year')).toHaveCount(0)
  await expect(page.getByTestId('sidebar')).toHaveCount(0)

  // the headline figures are the API's
  const sales = api.figures.find((f) => f.key === 'indicators.sales')
  await expect(page.getByTestId('screen-figure-indicators.sales').locator('.kpi__value')).toHaveAttribute('data-value', String(sales?.value ?? ''))
  // one row of headline cards: all on the same line, none alone below
  const tops = await page.getByTestId('screen-kpis').locator('.kpi').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)))
  expect(tops.length).toBeGreaterThanOrEqual(4)
  expect(new Set(tops).size).toBe(1)

  // the parks as a layout drawn from /cockpit/charts, and four charts
  await expect(page.getByTestId('screen-parks').locator('canvas').first()).toBeVisible()
  expect(charts.by_park.filter((p) => p.park).length).toBeGreaterThan(1)
  for (const chart of ['tiers', 'chains', 'funnel', 'monthly-signed']) {
    await expect(page.getByTestId(`screen-chart-${chart}`).locator('canvas').first()).toBeVisible()
  }

  // nothing to scroll, either way
  const size = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth,
    sh: document.documentElement.scrollHeight,
    cw: document.documentElement.clientWidth,
    ch: document.documentElement.clientHeight,
    bodyW: document.body.scrollWidth,
    bodyH: document.body.scrollHeight,
  }))
  expect(size.sw).toBeLessThanOrEqual(size.cw)
  expect(size.sh).toBeLessThanOrEqual(size.ch)
  expect(size.bodyW).toBeLessThanOrEqual(1920)
  expect(size.bodyH).toBeLessThanOrEqual(1080)
  // and nothing inside the screen is cut off below its bottom edge
  const bottom = await page.getByTestId('screen').evaluate((el) => {
    const limit = el.getBoundingClientRect().bottom
    return [...el.querySelectorAll('.kpi, .panel, .screen__foot')].every((c) => c.getBoundingClientRect().bottom <= limit + 1)
  })
  expect(bottom).toBe(true)

  // the clock moves
  const first = await page.getByTestId('screen-time').textContent()
  await expect(page.getByTestId('screen-time')).not.toHaveText(first ?? '', { timeout: 3000 })

  await page.waitForTimeout(1000) // let the chart animations finish before the picture
  await page.screenshot({ path: 'artifacts/cockpit-screen.png' })
  expect(failed).toEqual([])
  expect(errors).toEqual([])
})

test('the wall screen refreshes itself and keeps the newest answer', async ({ page }) => {
  await page.clock.install()
  await loginUi(page, 'leader')
  await page.goto('/cockpit/screen')
  await expect(page.getByTestId('screen')).toHaveAttribute('data-state', 'ready')
  const before = await page.getByTestId('screen-updated').textContent()
  let requests = 0
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/cockpit') requests++
  })
  await page.clock.runFor(61_000)
  await expect.poll(() => requests).toBeGreaterThanOrEqual(1)
  await expect(page.getByTestId('screen-updated')).not.toHaveText(before ?? '')
})
