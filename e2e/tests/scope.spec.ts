import { expect, test } from '@playwright/test'
import { apiAs, field, getJson, loginUi, searchList, waitForList, type Figure } from './helpers'

interface Row {
  id: number
  name: string
  park_name: string
}

test.describe('data scope: park_auto never sees a 绿色光电 enterprise', () => {
  let pvPark: { id: number; name: string }
  let pvEnterprises: Row[] = []

  test.beforeAll(async () => {
    const leader = await apiAs('leader')
    const parks = await getJson<{ items: { id: number; name: string }[] }>(leader, '/api/v1/parks')
    const found = parks.items.find((p) => p.name.includes('绿色光电'))
    expect(found, 'the demo has a 绿色光电 park').toBeTruthy()
    pvPark = found!
    const list = await getJson<{ items: Row[]; total: number }>(leader, `/api/v1/enterprises?park=${pvPark.id}&page_size=500`)
    pvEnterprises = list.items
    expect(pvEnterprises.length, 'the leader sees 绿色光电 enterprises').toBeGreaterThan(0)
    await leader.dispose()
  })

  test('not in the list, not by search, not by a detail URL typed by hand', async ({ page }) => {
    await loginUi(page, 'park_auto')
    await page.goto('/enterprises?page_size=500')
    const total = await waitForList(page)
    expect(total).toBeGreaterThan(0)
    const text = (await page.getByTestId('enterprise-table').innerText()) ?? ''
    expect(text).not.toContain(pvPark.name)
    for (const e of pvEnterprises) expect(text, `list shows ${e.name}`).not.toContain(e.name)

    await page.goto(`/enterprises?park=${pvPark.id}`)
    expect(await waitForList(page)).toBe(0)

    const famous = pvEnterprises.find((e) => e.name.includes('晶澳')) ?? pvEnterprises[0]
    await page.goto('/enterprises')
    await field(page, 'query-q').fill(famous.name.slice(0, 4))
    await searchList(page)
    await expect(page.getByTestId('enterprise-table')).not.toContainText(famous.name)

    for (const e of pvEnterprises.slice(0, 3)) {
      await page.goto(`/enterprises/${e.id}`)
      await expect(page.getByTestId('not-found')).toBeVisible()
      await expect(page.locator('body')).not.toContainText(e.name)
    }
    const api = await page.request.get(`/api/v1/enterprises/${famous.id}`)
    expect(api.status()).toBe(404)
  })

  test('not in the cockpit: the figures are the park\'s own and their drills hold no 绿色光电 enterprise', async ({ page }) => {
    await loginUi(page, 'park_auto')
    await page.goto('/cockpit?year=2021')
    const mine = await getJson<{ figures: Figure[] }>(page.request, '/api/v1/cockpit?year=2021')
    for (const f of mine.figures) {
      await expect(page.getByTestId(`figure-${f.key}`).getByTestId('figure-value')).toHaveAttribute('data-value', String(f.value))
    }
    const leader = await apiAs('leader')
    const zone = await getJson<{ figures: Figure[] }>(leader, '/api/v1/cockpit?year=2021')
    await leader.dispose()
    const total = (figs: Figure[]) => figs.find((f) => f.key === 'enterprises.total')?.value ?? 0
    expect(total(mine.figures)).toBeLessThan(total(zone.figures))

    const pvIds = new Set(pvEnterprises.map((e) => e.id))
    // Enterprise drills hold no pv enterprise; project drills no pv project (ids of different
    // record kinds may coincide, so each kind is checked by its own rule).
    const autoPark = (await getJson<{ items: { id: number; code: string }[] }>(page.request, '/api/v1/parks')).items.find((p) => p.code === 'auto')?.id
    for (const f of mine.figures.filter((x) => x.drill)) {
      const list = await getJson<{ items: (Row & { park_id?: number })[] }>(page.request, `${f.drill}&page_size=500`)
      if (f.drill!.startsWith('/api/v1/enterprises')) {
        for (const row of list.items) expect(pvIds.has(row.id), `${f.key} drill holds ${row.name}`).toBe(false)
      } else if (f.drill!.startsWith('/api/v1/projects')) {
        for (const row of list.items) expect(row.park_id, `${f.key} drill holds another park's project`).toBe(autoPark)
      }
    }
    const charts = await getJson<{ by_park: { park: string; sales: number }[] }>(page.request, '/api/v1/cockpit/charts?year=2021')
    for (const p of charts.by_park) {
      expect(p.park, 'contract: /cockpit/charts by_park[].park names the park').toBeDefined()
      if (p.park.includes('绿色光电')) expect(p.sales).toBe(0)
    }

    await page.getByTestId('figure-enterprises.total').click()
    await waitForList(page)
    await expect(page.getByTestId('enterprise-table')).not.toContainText(pvPark.name)
  })
})
