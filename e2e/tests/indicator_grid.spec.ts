import { expect, test, type Page } from '@playwright/test'
import { choose, loginUi } from './helpers'

/**
 * 月度填报 (decision 0039): a park's grid of one metric and month. A column pasted from a
 * spreadsheet lands down the column, Enter moves down, changed cells are marked, one save sends
 * them, and the enterprise page shows the new figures.
 */

async function pasteInto(page: Page, row: number, text: string): Promise<void> {
  await page.locator(`input[data-grid-row="${row}"]`).evaluate((el, t) => {
    const dt = new DataTransfer()
    dt.setData('text/plain', t)
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
  }, text)
}

test('edit two cells of the park grid, save, and see the figures on the enterprise page', async ({ page }) => {
  await loginUi(page, 'park_auto')
  await page.goto('/indicator-grid?metric=sales&month=2021-12')
  const grid = page.getByTestId('park-grid')
  await expect(grid).toHaveAttribute('data-state', 'ready')
  const rows = page.getByTestId('grid-table').locator('tbody tr[data-enterprise]')
  await expect(rows.first()).toBeVisible()
  const ids = [await rows.nth(0).getAttribute('data-enterprise'), await rows.nth(1).getAttribute('data-enterprise')]

  // Enter moves down the column.
  await page.locator('input[data-grid-row="0"]').focus()
  await page.keyboard.press('Enter')
  await expect(page.locator('input[data-grid-row="1"]')).toBeFocused()

  // Two values copied from Excel (thousands separator, full-width digits), pasted into the first cell.
  await pasteInto(page, 0, '1,234.56\r\n２００\r\n')
  await expect(page.locator('input[data-grid-row="0"]')).toHaveValue('1,234.56')
  await expect(page.locator('input[data-grid-row="1"]')).toHaveValue('２００')
  await expect(page.getByTestId('grid-dirty')).toContainText('2')
  await expect(rows.nth(0).locator('td.is-dirty')).toHaveCount(1)
  // 200万元 beside some 5亿元 a month: ten times off, a warning (not a refusal).
  await expect(rows.nth(1).getByTestId('grid-warn')).toBeVisible()

  // A wrong cell is marked and blocks the save until corrected.
  await page.locator('input[data-grid-row="2"]').fill('abc')
  await expect(rows.nth(2).getByTestId('grid-error')).toBeVisible()
  await page.screenshot({ path: 'artifacts/indicator-grid.png' })
  await page.keyboard.press('Escape')
  await expect(rows.nth(2).getByTestId('grid-error')).toHaveCount(0)

  const saved = page.waitForResponse((r) => r.url().includes('/api/v1/indicator-grid') && r.request().method() === 'PUT')
  await page.getByTestId('grid-save').click()
  const res = await saved
  expect(res.status()).toBe(200)
  expect(await res.json()).toMatchObject({ updated: 2, cleared: 0 })
  await expect(page.locator('.el-message--success')).toContainText('已保存')
  await expect(page.getByTestId('grid-dirty')).toHaveCount(0)
  await expect(page.locator('input[data-grid-row="0"]')).toHaveValue('1234.56')

  // The enterprise page's monthly figures (万元).
  for (const [id, shown] of [
    [ids[0], '1,234.56万元'],
    [ids[1], '200.00万元'],
  ] as const) {
    await page.goto(`/enterprises/${id}`)
    await page.getByRole('tab', { name: '经济指标' }).click()
    await page.getByTestId('indicator-view').getByText('月度指标').click()
    await choose(page, 'indicator-table-year', '2021')
    const sales = page.getByTestId('indicator-monthly').locator('tr', { hasText: '销售收入' }).first()
    await expect(sales).toContainText(shown)
  }
})

test('an enterprise account lands on its own month with every metric', async ({ page }) => {
  await loginUi(page, 'ent_ja')
  await page.goto('/indicator-grid')
  await expect(page).toHaveURL(/\/enterprises\/\d+\/indicator-grid/)
  await expect(page.getByTestId('month-grid')).toHaveAttribute('data-state', 'ready')
  await expect(page.getByTestId('grid-table').locator('tbody tr')).toHaveCount(8)
  await expect(page.getByTestId('grid-enterprise')).toContainText('晶澳')
  await page.screenshot({ path: 'artifacts/indicator-month-grid.png' })
})
