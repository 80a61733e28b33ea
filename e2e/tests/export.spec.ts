import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { apiAs, getJson, loginUi } from './helpers'
import { sheetRows, xlsxPart } from './xlsx'

/**
 * 导出 Excel on a list downloads the whole list as the page shows it: its filters and sort, every
 * page, credit codes as text.
 */
test('the enterprise list exports what its filters show, every page of it', async ({ page }) => {
  const leader = await apiAs('leader')
  const parks = await getJson<{ items: { id: number; name: string }[] }>(leader, '/api/v1/parks')
  const park = parks.items[0]
  const all = await getJson<{ total: number; items: { name: string; credit_code: string }[] }>(
    leader,
    `/api/v1/enterprises?park=${park.id}&sort=name&order=asc&page_size=500`,
  )
  expect(all.total).toBeGreaterThan(0)

  await loginUi(page, 'leader')
  await page.goto(`/enterprises?park=${park.id}&sort=name&order=asc&page_size=10`)
  await expect(page.getByTestId('enterprise-total')).toHaveAttribute('data-total', String(all.total))
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('enterprise-export').click()])
  expect(download.suggestedFilename()).toMatch(/^企业名录-\d{8}-\d{4}\.xlsx$/)
  const file = readFileSync(await download.path())
  const rows = sheetRows(xlsxPart(file, 'xl/worksheets/sheet1.xml'))
  expect(rows[0][0]).toContain('企业名录')
  const header = rows[1]
  const data = rows.slice(2)
  expect(data.length).toBe(all.total)
  const name = header.indexOf('企业名称')
  const code = header.indexOf('统一社会信用代码')
  const parkCol = header.indexOf('园区')
  expect(data.map((r) => r[name])).toEqual(all.items.map((e) => e.name))
  expect(data.map((r) => r[code])).toEqual(all.items.map((e) => e.credit_code))
  expect(new Set(data.map((r) => r[parkCol]))).toEqual(new Set([park.name]))
  await expect(page.getByText(/已导出/)).toBeVisible()
})

test('projects and tickets have the same button', async ({ page }) => {
  await loginUi(page, 'leader')
  for (const [path, testid] of [['/projects', 'project'], ['/tickets', 'ticket']]) {
    await page.goto(path)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${testid}-export`).click()])
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  }
})
